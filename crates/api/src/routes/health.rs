//! `/healthz`, `/readyz` and `/metrics`.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use secrecy::ExposeSecret;
use serde_json::json;

use crate::error::ApiError;
use crate::state::AppState;

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is up")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The database is reachable, every migration is applied and the attachment store takes a file.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "Database unreachable, migrations pending, or the attachment store full or unwritable")))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pending = state
        .db(|conn| ombudsman_db::pending_migrations(conn).map_err(Into::into))
        .await;
    let attachments = match state.attachments.probe().await {
        Ok(()) => "ok",
        Err(ApiError::InsufficientStorage(cause)) => {
            tracing::warn!(error = %cause, "readiness: the attachment store is full");
            "full"
        }
        Err(e) => {
            tracing::warn!(error = ?e, "readiness: the attachment store cannot be written");
            "unwritable"
        }
    };
    let (database, pending) = match pending {
        Ok(n) => ("ok", Some(n)),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            ("unreachable", None)
        }
    };
    let ready = pending == Some(0) && attachments == "ok";
    let body = json!({
        "status": if ready { "ready" } else { "not_ready" },
        "database": database,
        "pending_migrations": pending,
        "attachments": attachments,
    });
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header((header::RETRY_AFTER, "5"))
            .json(body)
    }
}

/// Marks the app of the separate metrics listener (`metrics_bind`).
#[derive(Clone, Copy)]
pub struct MetricsListener;

/// Prometheus metrics in the text exposition format. When a metrics token is configured, only
/// `Authorization: Bearer <token>` is answered; when metrics have their own listener, the API's
/// listener does not serve them.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Prometheus text", content_type = "text/plain"),
    (status = 401, description = "A metrics token is configured and was not given", body = crate::error::Problem),
    (status = 404, description = "Metrics are served on another address", body = crate::error::Problem)))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if state.settings.metrics_elsewhere && req.app_data::<MetricsListener>().is_none() {
        return Err(ApiError::NotFound);
    }
    if let Some(expected) = &state.settings.metrics_token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().as_bytes().to_vec())
            .unwrap_or_default();
        let expected = expected.expose_secret().as_bytes();
        if !crate::auth::tokens::constant_time_eq(&given, expected) {
            return Err(ApiError::Unauthorized("the metrics token is missing or wrong"));
        }
    }
    let counts = state
        .db(|conn| ombudsman_db::outbox::count_by_status(conn).map_err(Into::into))
        .await;
    match counts {
        Ok(counts) => {
            for status in ["pending", "sent", "dead"] {
                let n = counts.iter().find(|(s, _)| s == status).map(|(_, n)| *n).unwrap_or(0);
                state.metrics.outbox.with_label_values(&[status]).set(n);
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot count the outbox for /metrics"),
    }
    let text = state
        .metrics
        .render()
        .map_err(|e| ApiError::Internal(format!("cannot render metrics: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
