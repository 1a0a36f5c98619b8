//! Completes the generated OpenAPI document so that it describes what the server really does:
//! one stable operationId per operation, every path parameter declared, the `If-Match` and
//! `Idempotency-Key` headers the handlers read, and every error answer as `application/problem+json`.
//!
//! The rules live here, once, rather than in each handler's annotation, so that a new handler gets
//! them without anyone remembering to add them.

use utoipa::openapi::header::Header;
use utoipa::openapi::path::{Operation, Parameter, ParameterIn, PathItem};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{Content, Ref, RefOr, Required, Response, Schema};
use utoipa::Modify;

pub use super::constraints::*;

/// The media type of every error answer (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Creating POSTs that run through `http::create` and so honour `Idempotency-Key`: a replay returns
/// the first response, the same key with another body is refused (422), and a replay while the
/// first request still runs is a conflict (409).
const IDEMPOTENT: &[(&str, &str)] = &[
    ("post", "/appeals"),
    ("post", "/appeals/{id}/referrals"),
    ("post", "/compensations"),
    ("post", "/facilities"),
    ("post", "/impact-measures"),
    ("post", "/offices"),
    ("post", "/partners"),
    ("post", "/recommendations/{id}/follow-ups"),
    ("post", "/reports/snapshots"),
    ("post", "/users"),
    ("post", "/visits"),
    ("post", "/visits/{id}/recommendations"),
];

/// Operations that check `If-Match` when it is sent (412 when stale) but do not require it. Every
/// `PATCH` requires it (428 without it).
const OPTIONAL_IF_MATCH: &[(&str, &str)] = &[
    ("post", "/appeals/{id}/transitions"),
    ("post", "/impact-measures/{id}/transitions"),
    ("post", "/recommendations/{id}/follow-ups"),
];

/// Operations behind a per-client rate limiter (429 with `Retry-After`).
const RATE_LIMITED: &[(&str, &str)] = &[
    ("get", "/public/appeals/{number}"),
    ("post", "/auth/login"),
    ("post", "/public/appeals"),
    ("post", "/public/drafts/files"),
    ("post", "/public/confirmations"),
    ("post", "/public/appeals/{number}/replies"),
    ("post", "/public/appeals/{number}/replies/{reply_id}/files"),
];

/// Uploads of a file as the raw request body (`routes::appeals::attachments::receive`).
const UPLOADS: &[(&str, &str)] = &[
    ("post", "/appeals/{id}/attachments"),
    ("post", "/visits/{id}/attachments"),
    ("post", "/public/drafts/files"),
    ("post", "/public/appeals/{number}/replies/{reply_id}/files"),
];

/// The file types an upload takes, each with what its first bytes must be; the server compares
/// them with the claimed `Content-Type` (400 `content_mismatch`) and refuses other types (415).
/// Text is any non-empty UTF-8; JPEG and PNG start with bytes that are not text.
const UPLOAD_TYPES: &[(&str, Option<&str>)] = &[
    ("text/plain", Some(r"^[\s\S]+$")),
    ("application/pdf", Some("^%PDF-")),
    ("image/tiff", Some(r"^(II\*\u0000|MM\u0000\*)")),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some(r"^PK\u0003\u0004"),
    ),
    ("image/jpeg", None),
    ("image/png", None),
];

/// The request body of an upload: the file's bytes, typed by `Content-Type`.
fn upload_body() -> utoipa::openapi::request_body::RequestBody {
    let mut body = utoipa::openapi::request_body::RequestBody::new();
    body.description =
        Some("The file's bytes; `Content-Type` names its type, which its first bytes must match".to_owned());
    body.required = Some(Required::True);
    for (media_type, pattern) in UPLOAD_TYPES {
        let schema = match pattern {
            Some(pattern) => ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .pattern(Some(*pattern)),
            None => ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary))),
        };
        body.content.insert(
            (*media_type).to_owned(),
            Content::new(Some(RefOr::T(Schema::Object(schema.build())))),
        );
    }
    body
}

/// The modifier that applies the rules of this module.
pub struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in operations_mut(item) {
                complete(method, path, operation);
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let Some(schema) = parameter.schema.as_mut() {
                        constrain(schema);
                    }
                }
                if let Some(body) = operation.request_body.as_mut() {
                    for content in body.content.values_mut() {
                        if let Some(schema) = content.schema.as_mut() {
                            constrain(schema);
                        }
                    }
                }
            }
        }
        let patched: Vec<String> = openapi
            .paths
            .paths
            .values()
            .filter_map(|item| item.patch.as_ref()?.request_body.as_ref())
            .flat_map(|body| body.content.values())
            .filter_map(|content| match content.schema.as_ref()? {
                RefOr::Ref(r) => r.ref_location.strip_prefix("#/components/schemas/").map(str::to_owned),
                RefOr::T(_) => None,
            })
            .collect();
        openapi
            .extensions
            .get_or_insert_with(Default::default)
            .insert("x-rules".to_owned(), super::rules::extension());
        if let Some(components) = openapi.components.as_mut() {
            for (name, schema) in components.schemas.iter_mut() {
                request_limits(name, schema);
                if let (true, RefOr::T(Schema::Object(object))) =
                    (REPORT_PERIOD_BODIES.contains(&name.as_str()), &mut *schema)
                {
                    for (field, property) in object.properties.iter_mut() {
                        if matches!(field.as_str(), "from" | "to") {
                            report_period(property);
                        }
                    }
                }
                constrain(schema);
                // Every `PATCH` refuses a change that names no field (400 `empty_update`).
                if let (true, RefOr::T(Schema::Object(object))) = (patched.contains(name), schema) {
                    object.min_properties.get_or_insert(1);
                }
            }
        }
    }
}

/// Every operation of a path item with its lower-case method.
pub fn operations_mut(item: &mut PathItem) -> Vec<(&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("options", item.options.as_mut()),
        ("head", item.head.as_mut()),
        ("patch", item.patch.as_mut()),
        ("trace", item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.map(|op| (method, op)))
    .collect()
}

/// A stable, unique operationId from the method and the path: `get /appeals/{id}/events` is
/// `get_appeals_by_id_events`. Two operations cannot share one because they cannot share a method
/// and a path, and the id changes only when the route does.
pub fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match path_parameter(segment) {
            Some(name) => {
                id.push_str("by_");
                id.push_str(name);
            }
            None => id.push_str(&segment.replace(['-', '.'], "_")),
        }
    }
    id
}

/// The name of a `{name}` path segment.
fn path_parameter(segment: &str) -> Option<&str> {
    segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
}

/// The names of the parameters in a path template, in order.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/').filter_map(path_parameter).collect()
}

fn complete(method: &str, path: &str, op: &mut Operation) {
    op.operation_id = Some(operation_id(method, path));
    if UPLOADS.contains(&(method, path)) && op.request_body.is_none() {
        op.request_body = Some(upload_body());
    }
    declare_path_parameters(path, op);
    bound_page_size(op);
    if REPORT_PERIOD_PATHS.contains(&path) {
        for parameter in op.parameters.iter_mut().flatten() {
            if matches!(parameter.name.as_str(), "from" | "to") {
                if let Some(schema) = parameter.schema.as_mut() {
                    report_period(schema);
                }
            }
        }
    }

    let key = (method, path);
    let patch = method == "patch";
    let if_match_optional = OPTIONAL_IF_MATCH.contains(&key);
    let idempotent = IDEMPOTENT.contains(&key);
    if patch {
        add_header_parameter(
            op,
            "If-Match",
            true,
            "The `ETag` of the version this change is based on",
        );
    } else if if_match_optional {
        add_header_parameter(
            op,
            "If-Match",
            false,
            "The `ETag` of the version read; checked when sent",
        );
    }
    if idempotent {
        add_header_parameter(
            op,
            "Idempotency-Key",
            false,
            "A key chosen by the client; a replay with the same key and body returns the first response",
        );
    }

    let parameters = op.parameters.as_deref().unwrap_or_default();
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    let has_input = has_body || parameters.iter().any(|p| !matches!(p.parameter_in, ParameterIn::Path));
    let has_path_parameters = !path_parameters(path).is_empty();
    let writes = matches!(method, "post" | "put" | "patch" | "delete");

    let errors: [(&str, bool, &str); 13] = [
        (
            "400",
            has_input,
            "The request is malformed or a field is invalid (`errors` names them)",
        ),
        ("401", secured, "No valid access token"),
        ("403", secured, "The caller's role may not do this"),
        (
            "404",
            has_path_parameters,
            "No such record, or one the caller may not see",
        ),
        (
            "409",
            secured && writes,
            "The record's state does not allow this, or it conflicts with another",
        ),
        (
            "412",
            patch || if_match_optional,
            "`If-Match` does not match the current version",
        ),
        ("413", has_body, "The request body is too large"),
        ("415", has_body, "The request body has the wrong media type"),
        (
            "422",
            idempotent,
            "This `Idempotency-Key` was already used for a different request",
        ),
        ("428", patch, "This change requires `If-Match` with the record's `ETag`"),
        ("429", RATE_LIMITED.contains(&key), "Too many requests; try again later"),
        ("500", true, "An unexpected fault; the cause is logged, not shown"),
        ("503", true, "The database cannot be reached"),
    ];
    for (status, applies, description) in errors {
        if applies && !op.responses.responses.contains_key(status) {
            op.responses
                .responses
                .insert(status.to_owned(), RefOr::T(Response::new(description)));
        }
    }

    for (status, response) in op.responses.responses.iter_mut() {
        if let (true, RefOr::T(response)) = (is_error(status), response) {
            as_problem(status, response);
        }
    }
}

/// A 4xx or 5xx status (or class such as `4XX`).
fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// Declares each `{name}` of the path as a required path parameter unless the operation already
/// does; ids are UUIDs, `{day}` a date, anything else a string.
fn declare_path_parameters(path: &str, op: &mut Operation) {
    let parameters = op.parameters.get_or_insert_with(Vec::new);
    for name in path_parameters(path) {
        match parameters
            .iter_mut()
            .find(|p| p.name == name && matches!(p.parameter_in, ParameterIn::Path))
        {
            Some(existing) => existing.required = Required::True,
            None => {
                let (format, description) = if name == "id" || name.ends_with("_id") {
                    (Some(KnownFormat::Uuid), "The record's id (a UUID)")
                } else if name == "day" {
                    (Some(KnownFormat::Date), "A date, `YYYY-MM-DD`")
                } else {
                    (None, "")
                };
                let mut parameter = Parameter::new(name);
                parameter.parameter_in = ParameterIn::Path;
                parameter.schema = Some(string_schema(format));
                if !description.is_empty() {
                    parameter.description = Some(description.to_owned());
                }
                parameters.push(parameter);
            }
        }
    }
}

/// `?limit=` of every list accepts 1 to 200 (`PageQuery::limit`); say so in the schema, not only
/// in prose, so that clients and generated requests stay inside it.
fn bound_page_size(op: &mut Operation) {
    let limits = op
        .parameters
        .iter_mut()
        .flatten()
        .filter(|p| p.name == "limit" && matches!(p.parameter_in, ParameterIn::Query));
    for parameter in limits {
        if let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() {
            schema.minimum.get_or_insert(utoipa::Number::Int(1));
            schema.maximum.get_or_insert(utoipa::Number::Int(200));
        }
    }
    // A cursor has one shape, and any string of it is a position (`http::CURSOR_PATTERN`).
    let cursors = op
        .parameters
        .iter_mut()
        .flatten()
        .filter(|p| p.name == "cursor" && matches!(p.parameter_in, ParameterIn::Query));
    for parameter in cursors {
        if let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() {
            schema.pattern = Some(crate::http::CURSOR_PATTERN.to_owned());
        }
    }
    let years = op
        .parameters
        .iter_mut()
        .flatten()
        .filter(|p| p.name == "year" && matches!(p.parameter_in, ParameterIn::Query));
    for parameter in years {
        if let Some(schema) = parameter.schema.as_mut() {
            bound_year(schema);
        }
    }
    for parameter in op.parameters.iter_mut().flatten() {
        let (query, name) = (
            matches!(parameter.parameter_in, ParameterIn::Query),
            parameter.name.as_str(),
        );
        let is_currency = query && name == "currency";
        let is_country = query && COUNTRY_FIELDS.contains(&name);
        if let Some(schema) = parameter.schema.as_mut() {
            if is_currency {
                list_currencies(schema);
            }
            if is_country {
                country_code(schema);
            }
        }
    }
}

fn add_header_parameter(op: &mut Operation, name: &str, required: bool, description: &str) {
    let parameters = op.parameters.get_or_insert_with(Vec::new);
    let declared = parameters
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Header) && p.name.eq_ignore_ascii_case(name));
    if declared {
        return;
    }
    let mut parameter = Parameter::new(name);
    parameter.parameter_in = ParameterIn::Header;
    parameter.required = if required { Required::True } else { Required::False };
    parameter.description = Some(description.to_owned());
    let mut schema = ObjectBuilder::new().schema_type(Type::String);
    if name == "If-Match" {
        // The ETags this API issues: a quoted version number (`"3"`), weak or not.
        schema = schema.pattern(Some(r#"^(W/)?"[0-9]+"$"#));
    } else if name == "Idempotency-Key" {
        // `http::create` takes 1 to 255 characters of visible ASCII, spaces inside (HTTP trims
        // them around a field value).
        schema = schema
            .min_length(Some(1))
            .max_length(Some(255))
            .pattern(Some("^[!-~]([ -~]*[!-~])?$"));
    }
    parameter.schema = Some(schema.into());
    parameters.push(parameter);
}

fn string_schema(format: Option<KnownFormat>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(format.map(SchemaFormat::KnownFormat))
        .into()
}

/// Documents an error answer as the problem document it is, with the headers the server adds.
fn as_problem(status: &str, response: &mut Response) {
    response.content.clear();
    response.content.insert(
        PROBLEM_JSON.to_owned(),
        Content::new(Some(Ref::from_schema_name("Problem"))),
    );
    let header = match status {
        "401" => Some(("WWW-Authenticate", "`Bearer`")),
        "429" => Some(("Retry-After", "Seconds to wait before trying again")),
        _ => None,
    };
    if let Some((name, description)) = header {
        let mut header = Header::new(string_schema(None));
        header.description = Some(description.to_owned());
        response.headers.entry(name.to_owned()).or_insert(header);
    }
}

#[cfg(test)]
#[path = "contract_tests.rs"]
mod tests;
