//! What a use case can fail with, in terms every front door can answer: the API maps it to
//! problem+json, the command line to a message naming the fields.

use ombudsman_db::DbError;
use ombudsman_domain::{DomainError, FieldError};

use crate::access::Denied;

/// The failure of a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Fields of the command are wrong.
    #[error("{}", describe(.0))]
    Validation(Vec<FieldError>),
    /// The access policy refused.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// The database refused or failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The state of a record refuses the change (an answer to a request that is not open, …).
    #[error("{detail}")]
    Conflict {
        /// Machine-readable code.
        code: &'static str,
        /// What is wrong, for people.
        detail: String,
    },
    /// A rule of the domain refused (a move the state does not allow, …).
    #[error(transparent)]
    Domain(DomainError),
    /// A fault: the cause is for the log.
    #[error("{0}")]
    Internal(String),
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl AppError {
    /// A validation error about one field.
    pub fn field(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, message)])
    }
}

impl From<DomainError> for AppError {
    fn from(err: DomainError) -> Self {
        match err {
            DomainError::Validation(errs) => AppError::Validation(errs),
            other => AppError::Domain(other),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        AppError::Db(err.into())
    }
}

impl From<ombudsman_domain::appeal::MoveError> for AppError {
    fn from(err: ombudsman_domain::appeal::MoveError) -> Self {
        use ombudsman_domain::appeal::MoveError;
        match err {
            MoveError::Forbidden => AppError::Denied(Denied::Forbidden),
            MoveError::Domain(d) => d.into(),
        }
    }
}

/// A value as JSON for an audit diff; failing to serialise is a fault.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// 412 (`DbError::Stale`) unless the stored version is the one the caller saw (`If-Match`).
pub(crate) fn expect_version(stored: i32, expected: i32) -> Result<(), AppError> {
    if stored == expected {
        Ok(())
    } else {
        Err(DbError::Stale.into())
    }
}

/// [`expect_version`] when the caller named a version; moves take `If-Match` as an option.
pub(crate) fn expect_version_if(stored: i32, expected: Option<i32>) -> Result<(), AppError> {
    expected.map_or(Ok(()), |v| expect_version(stored, v))
}
