//! Request IDs, structured request logs and request metrics, with the SQL statements each
//! request ran.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};

use ombudsman_db::statements::StatementCount;

use crate::state::AppState;

tokio::task_local! {
    /// The statements of the request being served: every database call of its handler (and of
    /// its extractors) counts into it, on whichever pooled connection it runs.
    static STATEMENTS: StatementCount;
}

tokio::task_local! {
    /// The pooled connection of the request being served, once it has one: taken by the
    /// authentication of the caller (whose lookup of the account proves it alive) and used by
    /// every database call of the handler after it, so a request checks out one connection.
    /// It goes back to the pool when the request has been answered.
    static CONNECTION: crate::state::RequestConnection;
}

/// The statement count of the request being served; `None` outside a request.
pub fn request_statements() -> Option<StatementCount> {
    STATEMENTS.try_with(Clone::clone).ok()
}

/// The connection slot of the request being served; `None` outside a request.
pub fn request_connection() -> Option<crate::state::RequestConnection> {
    CONNECTION.try_with(Clone::clone).ok()
}

/// The id of the current request, made by the server (a UUID v7).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The client's own `X-Request-Id`, kept apart and only when well formed.
#[derive(Debug, Clone)]
pub struct ClientRequestId(pub String);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Sent with every response: no type sniffing (a download is what its type says), no referrer
/// leaking case URLs, and no framing of any page by another site.
const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("content-security-policy", "frame-ancestors 'none'"),
];

fn sane(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// Tags the request with an id, logs it as one JSON line, and counts it.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = uuid::Uuid::now_v7().to_string();
    let client_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| sane(v))
        .map(str::to_owned);
    req.extensions_mut().insert(RequestId(id.clone()));
    if let Some(client_id) = &client_id {
        req.extensions_mut().insert(ClientRequestId(client_id.clone()));
    }
    // Metrics and logs name only the methods HTTP defines: an invented method would add a
    // series per request to /metrics.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "TRACE" | "CONNECT") => m.to_owned(),
        _ => "OTHER".to_owned(),
    };
    let path = req.path().to_owned();
    let state = req.app_data::<web::Data<AppState>>().cloned();

    let statements = StatementCount::new();
    let connection = crate::state::RequestConnection::default();
    let served = CONNECTION
        .scope(connection.clone(), STATEMENTS.scope(statements.clone(), next.call(req)))
        .await;
    // Back to the pool before the response is written: the request does not read any more.
    connection.release();
    let mut res = served?;
    let statements = statements.get();

    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        // A page that states its own policy (the public forms) keeps it; it forbids framing too.
        if !headers.contains_key(name) {
            headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
    }
    if let Some(max_age) = state.as_ref().and_then(|s| s.settings.hsts_max_age_secs) {
        if let Ok(value) = HeaderValue::from_str(&format!("max-age={max_age}; includeSubDomains")) {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
        }
    }
    if let Some(state) = state {
        state
            .metrics
            .requests
            .with_label_values(&[method.as_str(), route.as_str(), &status.to_string()])
            .inc();
        state
            .metrics
            .duration
            .with_label_values(&[method.as_str(), route.as_str()])
            .observe(elapsed.as_secs_f64());
        state
            .metrics
            .statements
            .with_label_values(&[method.as_str(), route.as_str()])
            .observe(statements as f64);
    }
    tracing::info!(
        request_id = %id,
        client_request_id = client_id.as_deref().unwrap_or(""),
        method = %method,
        path = %path,
        route = %route,
        status,
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        db_statements = statements,
        "request"
    );
    Ok(res)
}
