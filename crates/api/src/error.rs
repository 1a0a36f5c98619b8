//! RFC 9457 problem+json errors with stable machine-readable codes.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use ombudsman_db::DbError;
use ombudsman_domain::{DomainError, FieldError};
use serde::Serialize;

/// Everything a handler can answer with instead of success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: fields of the input are wrong.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 400: the request is malformed (not JSON, bad query, …).
    #[error("{0}")]
    BadRequest(String),
    /// 401: no valid credentials.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 403: the caller's role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// 404: no such record, or one the caller may not see.
    #[error("not found")]
    NotFound,
    /// 404 to the client, exactly like [`ApiError::NotFound`]: the record exists but the
    /// policy hides it. `AppState::db` writes the entry to the access log.
    #[error("not found")]
    Hidden(Box<ombudsman_db::access_log::NewAccess>),
    /// 405: the path exists but not with this method; the methods it has.
    #[error("this path does not support this method; see Allow")]
    MethodNotAllowed(Vec<&'static str>),
    /// 409: the state does not allow the move.
    #[error("{detail}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Sentence.
        detail: String,
        /// Allowed moves, if any.
        allowed: Vec<String>,
    },
    /// 412: `If-Match` does not match the current version.
    #[error("the record was changed since you read it")]
    PreconditionFailed,
    /// 428: `If-Match` is required.
    #[error("this update requires an If-Match header with the record's ETag")]
    PreconditionRequired,
    /// 413: the body is too large.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// 415: the body's media type is not one this operation takes (JSON, or a file type).
    #[error("the request body has a media type this operation does not accept")]
    UnsupportedMediaType,
    /// 422: the same Idempotency-Key was used for a different request.
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    /// 429: too many requests; try again after this many seconds.
    #[error("too many requests; try again later")]
    TooManyRequests(u64),
    /// 503: the database cannot be reached.
    #[error("the service is temporarily unavailable")]
    Unavailable(String),
    /// 507: the attachment store has no room left; nothing was kept.
    #[error("the attachment store is full; the file was not kept")]
    InsufficientStorage(String),
    /// 503: the attachment store cannot be written or read.
    #[error("the attachment store is unavailable; try again later")]
    StoreUnavailable(String),
    /// 500: a fault; the cause goes to the log, not to the client.
    #[error("internal error")]
    Internal(String),
}

/// The problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Explanation for a person.
    pub detail: String,
    /// Stable machine-readable code.
    pub code: String,
    /// The wrong fields, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// Allowed moves, for state conflicts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// One wrong field.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// Path of the field.
    pub field: String,
    /// Stable code.
    pub code: String,
    /// Sentence.
    pub message: String,
}

impl ApiError {
    /// A validation error about one field.
    pub fn field(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound | ApiError::Hidden(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Conflict { code, .. } => code,
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::PreconditionRequired => "precondition_required",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::TooManyRequests(_) => "too_many_requests",
            ApiError::Unavailable(_) => "service_unavailable",
            ApiError::InsufficientStorage(_) => "insufficient_storage",
            ApiError::StoreUnavailable(_) => "attachment_store_unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let code = self.code();
        let detail = match self {
            ApiError::Validation(errs) if errs.len() == 1 => {
                format!("{}: {}", errs[0].field, errs[0].message)
            }
            ApiError::Validation(errs) => format!("{} fields are invalid", errs.len()),
            other => other.to_string(),
        };
        Problem {
            kind: format!("https://ombudsman.example/problems/{}", code.replace('_', "-")),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
            errors: match self {
                ApiError::Validation(errs) => Some(
                    errs.iter()
                        .map(|e| ProblemField {
                            field: e.field.clone(),
                            code: e.code.to_owned(),
                            message: e.message.clone(),
                        })
                        .collect(),
                ),
                _ => None,
            },
            allowed: match self {
                ApiError::Conflict { allowed, .. } => Some(allowed.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::Hidden(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::InsufficientStorage(_) => StatusCode::INSUFFICIENT_STORAGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(error = %cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
            ApiError::InsufficientStorage(cause) => tracing::error!(error = %cause, "attachment store full"),
            ApiError::StoreUnavailable(cause) => tracing::error!(error = %cause, "attachment store unavailable"),
            _ => {}
        }
        let mut builder = HttpResponse::build(self.status_code());
        builder.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let ApiError::Unauthorized(_) = self {
            builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let ApiError::MethodNotAllowed(methods) = self {
            builder.insert_header((header::ALLOW, methods.join(", ")));
        }
        if let ApiError::TooManyRequests(secs) = self {
            builder.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let ApiError::Unavailable(_) = self {
            builder.insert_header((header::RETRY_AFTER, "5"));
        }
        if let ApiError::StoreUnavailable(_) = self {
            builder.insert_header((header::RETRY_AFTER, "30"));
        }
        builder.json(self.problem())
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound => ApiError::NotFound,
            DbError::Stale => ApiError::PreconditionFailed,
            DbError::Unavailable(cause) => ApiError::Unavailable(cause),
            DbError::Unique { constraint } => ApiError::Conflict {
                code: "already_exists",
                detail: format!("a record with the same unique value already exists ({constraint})"),
                allowed: vec![],
            },
            DbError::ForeignKey { constraint } => ApiError::Conflict {
                code: "reference_not_found",
                detail: format!("a referenced record does not exist ({constraint})"),
                allowed: vec![],
            },
            // A rule of the stored data refused the value: the field it guards when one column is
            // named by the constraint, otherwise a conflict with the record as stored.
            DbError::Check { constraint, table } => match ombudsman_db::error::checked_column(&table, &constraint) {
                Some(column) => ApiError::field(&column, "invalid", format!("is not allowed here ({constraint})")),
                None => ApiError::Conflict {
                    code: "constraint_violated",
                    detail: format!("the change would break a rule of the stored record ({constraint})"),
                    allowed: vec![],
                },
            },
            DbError::NotNull { column, .. } => ApiError::field(&column, "required", "is required"),
            DbError::BadValue { code, message } => ApiError::field("", code, message),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<ombudsman_app::Denied> for ApiError {
    fn from(err: ombudsman_app::Denied) -> Self {
        use ombudsman_app::Denied;
        match err {
            Denied::Forbidden => ApiError::Forbidden,
            Denied::NotFound => ApiError::NotFound,
            Denied::Hidden(entry) => ApiError::Hidden(entry),
            Denied::Db(e) => e.into(),
        }
    }
}

impl From<ombudsman_app::AppError> for ApiError {
    fn from(err: ombudsman_app::AppError) -> Self {
        use ombudsman_app::AppError;
        match err {
            AppError::Validation(errs) => ApiError::Validation(errs),
            AppError::Denied(d) => d.into(),
            AppError::Db(e) => e.into(),
            AppError::Domain(e) => e.into(),
            AppError::Conflict { code, detail } => ApiError::Conflict {
                code,
                detail,
                allowed: vec![],
            },
            AppError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        DbError::from(err).into()
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        match err {
            DomainError::Validation(errs) => ApiError::Validation(errs),
            DomainError::Conflict { action, state, allowed } => ApiError::Conflict {
                code: "transition_not_allowed",
                detail: format!("'{action}' is not allowed while the record is {state}"),
                allowed,
            },
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_tells_the_client_when_to_come_back() {
        let res = ApiError::Unavailable("pool timed out".into()).error_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            res.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()),
            Some("5")
        );
    }
}
