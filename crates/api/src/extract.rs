//! Request extractors that answer with problem+json naming the wrong field.
//!
//! Before a body or a query string is parsed into its type, every string in it (keys included)
//! is screened once, here, so that no handler has to remember to:
//!
//! - a control character other than line feed, carriage return and tab is refused
//!   (`control_character`): PostgreSQL cannot store NUL in text, and the others have no place in
//!   a name, a note or a filter;
//! - a string that is, as a whole, an ISO date (`YYYY-MM-DD`, or chrono's signed wider years) is
//!   refused when it lies outside 1900-01-01..=2100-12-31 (`date_out_of_range`, see
//!   `ombudsman_domain::date`). The screen sees strings, not types, so it also covers every date
//!   field and filter added later; the price is that a free-text field whose whole value is such
//!   a far-off date is refused too, which no real name, note or number is.
//!
//! Every offending field is named at once, by its path (`applicant.full_name`, `appeal_ids[2]`).

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use ombudsman_domain::FieldError;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// Whether `c` is a control character the API refuses (all but `\n`, `\r` and `\t`).
fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The error, if any, of one string found at `field`.
fn screen_str(field: &str, text: &str) -> Option<FieldError> {
    if text.chars().any(is_refused_control) {
        return Some(FieldError::new(
            field,
            "control_character",
            "must not contain control characters (only line breaks and tabs are allowed)",
        ));
    }
    ombudsman_domain::date::is_date_outside_window(text).then(|| {
        FieldError::new(
            field,
            ombudsman_domain::date::OUT_OF_RANGE,
            ombudsman_domain::date::out_of_range_message(),
        )
    })
}

/// Screens every string of a JSON value, keys included, collecting one error per offending path.
fn screen_json(value: &Value, path: &str, errors: &mut Vec<FieldError>) {
    match value {
        Value::String(text) => errors.extend(screen_str(path, text)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                screen_json(item, &format!("{path}[{i}]"), errors);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let shown: String = key.chars().flat_map(char::escape_debug).collect();
                let child = if path.is_empty() {
                    shown
                } else {
                    format!("{path}.{shown}")
                };
                if key.chars().any(is_refused_control) {
                    errors.extend(screen_str(&child, key));
                } else {
                    screen_json(item, &child, errors);
                }
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Whether a JSON value holds no refused control character and no date outside the window.
pub fn is_clean(value: &Value) -> bool {
    let mut errors = Vec::new();
    screen_json(value, "", &mut errors);
    errors.is_empty()
}

/// Screens the parameters of a query string: each wrong parameter is named once.
fn screen_query(query: &str) -> Result<(), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    for (key, value) in url_pairs(query) {
        let field: String = key.chars().flat_map(char::escape_debug).collect();
        if errors.iter().any(|e| e.field == field) {
            continue;
        }
        errors.extend(screen_str(&field, &key).or_else(|| screen_str(&field, &value)));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

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

/// Parses JSON, turning serde's complaints into field errors; screens every string first.
///
/// Every wrong field is named at once. serde stops at the first error, so the field it names is
/// taken out of the tree (a wrong or unknown one) or given a stand-in value (a missing one) and
/// the rest is parsed again, until it parses or nothing more can be learnt; one request with
/// five wrong fields gets five errors.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut tree: Value =
        serde_json::from_slice(bytes).map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let mut errors = Vec::new();
    screen_json(&tree, "", &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // JSON has one number type: 3.0 is the integer 3.
    whole_numbers_as_integers(&mut tree);
    // Fields taken out of the tree or stood in for: what serde later says about them (or what
    // is inside them) is not a new error.
    let mut settled: Vec<String> = Vec::new();
    let mut rounds = 0;
    while rounds < MAX_ROUNDS {
        rounds += 1;
        let failure = match attempt::<T>(&tree) {
            Ok(value) if errors.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(failure) => failure,
        };
        let field = failure.field();
        let known = settled.iter().any(|t| is_within(&field, t));
        if failure.is_missing() {
            if !known {
                errors.push(FieldError::new(&field, "required", "is required"));
            }
            settled.push(field.clone());
            if stand_in::<T>(&mut tree, &failure, &mut rounds) {
                continue;
            }
        } else if !known {
            let code = if failure.is_unknown() {
                "unknown_field"
            } else {
                "invalid"
            };
            errors.push(FieldError::new(&field, code, failure.message.clone()));
        }
        // Take out the wrong field, or the object that misses a field no stand-in fits.
        match take_out(&mut tree, &failure.segments) {
            Some(removed) => settled.push(removed),
            None => break,
        }
    }
    if errors.is_empty() {
        errors.push(FieldError::new(
            "",
            "invalid",
            "the body does not match the expected shape",
        ));
    }
    Err(ApiError::Validation(errors))
}

/// One complaint of serde about a tree.
struct Failure {
    segments: Vec<serde_path_to_error::Segment>,
    path: String,
    message: String,
}

impl Failure {
    fn is_missing(&self) -> bool {
        self.message.starts_with("missing field")
    }

    fn is_unknown(&self) -> bool {
        self.message.starts_with("unknown field")
    }

    /// The first name quoted in the message (`missing field `x``).
    fn quoted(&self) -> String {
        self.message.split('`').nth(1).map(str::to_owned).unwrap_or_default()
    }

    /// The path of the field the complaint is about.
    fn field(&self) -> String {
        let root = self.path == "." || self.path.is_empty();
        if self.is_missing() {
            if root {
                self.quoted()
            } else {
                format!("{}.{}", self.path, self.quoted())
            }
        } else if root && self.is_unknown() {
            self.quoted()
        } else if root {
            String::new()
        } else {
            self.path.clone()
        }
    }
}

fn attempt<T: DeserializeOwned>(tree: &Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize::<_, T>(tree).map_err(|err| Failure {
        segments: err.path().iter().cloned().collect(),
        path: err.path().to_string(),
        message: err.into_inner().to_string(),
    })
}

/// Puts a stand-in value for the missing field of `failure` into its object, so that the next
/// round gets past it: the first of null, "", 0, false, [] and {} that serde takes there (or,
/// for a set of codes, the first code serde names). False, and the tree unchanged, when none
/// fits or the object cannot be reached.
fn stand_in<T: DeserializeOwned>(tree: &mut Value, failure: &Failure, rounds: &mut usize) -> bool {
    let name = failure.quoted();
    let field = failure.field();
    if object_at(tree, &failure.segments).is_none() {
        return false;
    }
    let candidates = [
        Value::Null,
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(vec![]),
        Value::Object(serde_json::Map::new()),
    ];
    let mut queue: Vec<Value> = candidates.into();
    while let Some(candidate) = (!queue.is_empty()).then(|| queue.remove(0)) {
        if *rounds >= MAX_ROUNDS {
            break;
        }
        *rounds += 1;
        if let Some(object) = object_at(tree, &failure.segments) {
            object.insert(name.clone(), candidate);
        }
        match attempt::<T>(tree) {
            Ok(_) => return true,
            Err(next) if !is_within(&next.field(), &field) => return true,
            Err(next) => {
                // "unknown variant ``, expected one of `a`, `b`": a code serde takes.
                if next.message.starts_with("unknown variant") {
                    if let Some(code) = next.message.split('`').nth(3) {
                        queue.insert(0, Value::String(code.to_owned()));
                    }
                }
            }
        }
    }
    if let Some(object) = object_at(tree, &failure.segments) {
        object.remove(&name);
    }
    false
}

/// The object reached from the root through `segments` (object members and array elements).
fn object_at<'a>(
    tree: &'a mut Value,
    segments: &[serde_path_to_error::Segment],
) -> Option<&'a mut serde_json::Map<String, Value>> {
    use serde_path_to_error::Segment;
    let mut node = tree;
    for segment in segments {
        node = match segment {
            Segment::Map { key } => node.get_mut(key.as_str())?,
            Segment::Seq { index } => node.get_mut(*index)?,
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    node.as_object_mut()
}

/// At most this many rounds of [`parse_json`] and [`parse_query`] per request.
const MAX_ROUNDS: usize = 32;

/// Whether the field path `inner` is `outer` or lies inside it (`a.b[2]` lies inside `a.b`).
fn is_within(inner: &str, outer: &str) -> bool {
    !outer.is_empty()
        && inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// Takes the member of an object named by `segments` out of `tree` (an array element takes its
/// whole array: the other elements' positions would shift). Returns the path taken, or `None`
/// when there is nothing below the root to take.
fn take_out(tree: &mut Value, segments: &[serde_path_to_error::Segment]) -> Option<String> {
    use serde_path_to_error::Segment;
    // The path up to the last object member that is reached through objects and arrays only.
    let mut keep = 0;
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Map { .. } => keep = i + 1,
            Segment::Seq { .. } => {}
            Segment::Enum { .. } | Segment::Unknown => break,
        }
    }
    let (last, parents) = segments[..keep].split_last()?;
    let Segment::Map { key } = last else { return None };
    let mut node = tree;
    let mut shown = String::new();
    for segment in parents {
        node = match segment {
            Segment::Map { key } => {
                shown = if shown.is_empty() {
                    key.clone()
                } else {
                    format!("{shown}.{key}")
                };
                node.get_mut(key.as_str())?
            }
            Segment::Seq { index } => {
                shown = format!("{shown}[{index}]");
                node.get_mut(*index)?
            }
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    node.as_object_mut()?.remove(key.as_str())?;
    Some(if shown.is_empty() {
        key.clone()
    } else {
        format!("{shown}.{key}")
    })
}

/// JSON has one number type: `3.0` is the integer 3 (JSON Schema's `integer` says so too), but
/// serde refuses it for an integer field. Every whole number written with a fraction or an
/// exponent becomes the integer it is, when it fits one.
fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) {
                // 2^63 is exact as a float; everything below it in size converts without loss.
                const LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if (-LIMIT..LIMIT).contains(&f) {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
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

/// Parses a query string, naming every parameter that is wrong; screens every parameter first.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    screen_query(query)?;
    let mut pairs: Vec<(String, String)> = url_pairs(query)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut errors: Vec<FieldError> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let de = serde_urlencoded::Deserializer::new(url_pairs(&encoded));
        let err = match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(value) if errors.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(err) => err,
        };
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let field = if message.starts_with("unknown field")
            || message.starts_with("missing field")
            || path == "."
            || path.is_empty()
        {
            message.split('`').nth(1).unwrap_or("query").to_owned()
        } else {
            path
        };
        let known = errors.iter().any(|e| e.field == field);
        if !known {
            errors.push(FieldError::new(&field, "invalid_parameter", message));
        }
        let before = pairs.len();
        pairs.retain(|(key, _)| *key != field);
        if known || pairs.len() == before {
            break;
        }
    }
    Err(ApiError::Validation(errors))
}

fn url_pairs(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// Error handler for `web::Path`: an id that is not a UUID names no record, unless the path is
/// one the document has literally (`/users/me` caught by `PATCH /users/{id}`): that path does
/// not have this method (405).
pub fn path_error(_err: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    match crate::allowed::methods_of_literal(req.path()) {
        Some(methods) if !methods.contains(&req.method().as_str()) => ApiError::MethodNotAllowed(methods).into(),
        _ => ApiError::NotFound.into(),
    }
}

#[cfg(test)]
#[path = "extract_tests.rs"]
mod tests;
