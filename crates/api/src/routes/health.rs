//! `/healthz`, `/readyz` and `/metrics`.

use actix_web::{get, web, HttpResponse};
use serde_json::json;

use crate::state::AppState;

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is up")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The database is reachable and every migration is applied.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "Database unreachable or migrations pending")))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pending = state
        .db(|conn| ombudsman_db::pending_migrations(conn).map_err(Into::into))
        .await;
    match pending {
        Ok(0) => HttpResponse::Ok().json(json!({"status": "ready", "database": "ok", "pending_migrations": 0})),
        Ok(n) => HttpResponse::ServiceUnavailable()
            .json(json!({"status": "not_ready", "database": "ok", "pending_migrations": n})),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable().json(json!({"status": "not_ready", "database": "unreachable"}))
        }
    }
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Prometheus text", content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
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
    match state.metrics.render() {
        Ok(text) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(text),
        Err(e) => {
            tracing::error!(error = %e, "cannot render metrics");
            HttpResponse::InternalServerError().finish()
        }
    }
}
