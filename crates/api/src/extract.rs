//! Request extractors that answer with problem+json naming the wrong field.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// For `#[serde(default, deserialize_with = "crate::extract::present")]` on an
/// `Option<Option<T>>` field of a change request: `Some(value)` when the field is present, even as
/// `null`, so that "clear" (`null`) is told from "leave as is" (omitted).
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// A JSON body parsed into `T`; unknown fields, missing fields and wrong types are named.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let bytes = bytes.await.map_err(|e| {
                if e.as_response_error().status_code().as_u16() == 413 {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::BadRequest(format!("cannot read the request body: {e}"))
                }
            })?;
            parse_json(&bytes).map(JsonBody)
        })
    }
}

/// Parses JSON, turning serde's complaints into field errors.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::BadRequest(format!("the body is not valid JSON: {inner}"));
        }
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        let join = |name: &str| {
            if path == "." || path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            }
        };
        let quoted = |m: &str| m.split('`').nth(1).map(str::to_owned).unwrap_or_default();
        if message.starts_with("unknown field") {
            // The path already ends with the unknown key.
            let field = if path == "." { quoted(&message) } else { path };
            ApiError::field(&field, "unknown_field", message)
        } else if message.starts_with("missing field") {
            ApiError::field(&join(&quoted(&message)), "required", "is required")
        } else {
            let field = if path == "." { String::new() } else { path };
            ApiError::field(&field, "invalid", message)
        }
    })?;
    de.end()
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    Ok(value)
}

/// Query parameters parsed into `T`; a wrong or unknown parameter is named.
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The parsed parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

/// Parses a query string, naming the parameter that is wrong.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(url_pairs(query));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let field = if message.starts_with("unknown field") || path == "." || path.is_empty() {
            message.split('`').nth(1).unwrap_or("query").to_owned()
        } else {
            path
        };
        ApiError::field(&field, "invalid_parameter", message)
    })
}

fn url_pairs(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// Error handler for `web::Path`: an id that is not a UUID names no record.
pub fn path_error(_err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        email: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Inner,
        count: u32,
    }

    fn field_of(body: &str) -> (String, String) {
        match parse_json::<Outer>(body.as_bytes()) {
            Err(ApiError::Validation(errs)) => (errs[0].field.clone(), errs[0].code.to_owned()),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Params {
        status: Option<ombudsman_domain::appeal::Status>,
        limit: Option<i64>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let field = |q: &str| match parse_query::<Params>(q) {
            Err(ApiError::Validation(errs)) => errs[0].field.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(field("status=pending"), "status");
        assert_eq!(field("limit=ten"), "limit");
        assert_eq!(field("colour=red"), "colour");
        assert!(parse_query::<Params>("status=closed&limit=5").is_ok());
    }

    #[test]
    fn errors_name_the_wrong_field() {
        assert_eq!(
            field_of(r#"{"name":"a","inner":{"email":"x","extra":1},"count":1}"#),
            ("inner.extra".into(), "unknown_field".into())
        );
        assert_eq!(
            field_of(r#"{"name":"a","inner":{"email":"x"}}"#),
            ("count".into(), "required".into())
        );
        assert_eq!(
            field_of(r#"{"name":"a","inner":{"email":"x"},"count":"many"}"#),
            ("count".into(), "invalid".into())
        );
        assert!(matches!(
            parse_json::<Outer>(b"{not json"),
            Err(ApiError::BadRequest(_))
        ));
    }
}
