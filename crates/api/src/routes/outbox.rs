//! `/api/v1/outbox`: the e-mail queue as an administrator sees it: what is waiting, what was sent
//! and what is dead, and a way to send a dead message again once its cause is fixed. Payloads
//! (which hold case details and access codes) are not shown.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_app::outbox::{retry_message, Retried};
use ombudsman_db::outbox::{self, OutboxMessage};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::ids::OutboxId;
use ombudsman_domain::language::Language;
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::Page;
use crate::state::AppState;

/// A queued e-mail, without its payload.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OutboxView {
    /// Identifier.
    #[schema(value_type = uuid::Uuid)]
    pub id: OutboxId,
    /// Template, e.g. `appeal_registered`.
    pub kind: String,
    /// Recipient address; an applicant's is masked (`d***@example.org`).
    pub recipient: String,
    /// Language of the message.
    #[schema(value_type = String, example = "uz-Latn")]
    pub language: Language,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Attempts before the message is dead.
    pub max_attempts: i32,
    /// Not sent before this time (the next retry of a pending message).
    pub available_at: DateTime<Utc>,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// The Message-ID header, the same on every attempt.
    pub message_id: String,
    /// When queued.
    pub created_at: DateTime<Utc>,
    /// When the mail server accepted it.
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<OutboxMessage> for OutboxView {
    fn from(m: OutboxMessage) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            language: m.language,
            status: m.status,
            attempts: m.attempts,
            max_attempts: m.max_attempts,
            available_at: m.available_at,
            last_error: m.last_error,
            message_id: m.message_id,
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

/// Filters of the queue.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// `dead` (default), `pending` or `sent`.
    #[param(pattern = "^(dead|pending|sent)$")]
    pub status: Option<String>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// Queued e-mails with one status, newest first (admin).
#[utoipa::path(tag = "outbox", params(OutboxQuery), security(("bearer" = [])), responses(
    (status = 200, description = "A page of messages"), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[get("/outbox")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::Outbox], Do::Read)?;
    let query = query.into_inner();
    let status = query.status.unwrap_or_else(|| "dead".to_owned());
    if !["dead", "pending", "sent"].contains(&status.as_str()) {
        return Err(ApiError::field(
            "status",
            "invalid_choice",
            "is one of dead, pending, sent",
        ));
    }
    let (limit, before) = crate::http::page::<OutboxId>(query.limit, query.cursor)?;
    let (rows, staff) = state
        .db(move |conn| {
            let rows = outbox::list(conn, &status, before, limit + 1)?;
            let recipients: Vec<String> = rows.iter().map(|m| m.recipient.clone()).collect();
            Ok((rows, ombudsman_db::users::staff_addresses(conn, &recipients)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |m| m.id,
        |m| {
            let mut view = OutboxView::from(m);
            if !staff.contains(&view.recipient.to_lowercase()) {
                view.recipient = mask(&view.recipient);
            }
            view
        },
    )))
}

/// An applicant's address as the admin sees it in the queue: the first character and the
/// domain (enough to diagnose delivery; admins do no casework and see no applicant).
fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// Puts a dead message back in the queue with a fresh set of attempts (admin). Its Message-ID
/// stays the same.
#[utoipa::path(tag = "outbox", security(("bearer" = [])), params(("id" = uuid::Uuid, Path, description = "Message")),
    responses((status = 200, body = OutboxView), (status = 404, body = crate::error::Problem),
    (status = 409, description = "The message is not dead", body = crate::error::Problem)))]
#[post("/outbox/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<OutboxId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let Retried { message, to_staff } = state
        .use_case(move |conn, _| retry_message(conn, &principal, id))
        .await?;
    let mut view = OutboxView::from(message);
    if !to_staff {
        view.recipient = mask(&view.recipient);
    }
    Ok(HttpResponse::Ok().json(view))
}
