//! `GET /api/v1/public/appeals/{number}?access_code=…`: the applicant's status lookup. No login,
//! no personal data, the same 404 for a wrong number and a wrong code, rate-limited per client
//! address (behind the trusted proxies) across every instance.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_app::intake::CaseView;
use ombudsman_domain::appeal::{Outcome, Status};
use ombudsman_domain::ids::{ApplicantRequestId, ReplyId};
use ombudsman_domain::labels::{label_or_code, CodeKind};
use ombudsman_domain::language::Language;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::state::AppState;

/// The access code given at registration.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// The access code from the acknowledgement.
    pub access_code: String,
    /// The language of the labels (else `Accept-Language`, else `uz-Latn`).
    pub lang: Option<Language>,
}

/// A request of the office to the applicant, as the applicant sees it (no staff name).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicRequest {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: ApplicantRequestId,
    /// What the office asks.
    pub text: String,
    /// When it was sent.
    pub sent_on: NaiveDate,
    /// Whether a reply answered it.
    pub answered: bool,
}

/// A reply of the applicant.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicReply {
    /// Identifier.
    #[schema(value_type = String, format = Uuid)]
    pub id: ReplyId,
    /// What they wrote.
    pub text: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// What an applicant may see: status and dates, the office's requests to them and their
/// replies; no staff names, no internal notes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    /// Registration number.
    pub number: String,
    /// Status.
    pub status: Status,
    /// The status in the language asked for.
    pub status_label: String,
    /// Outcome, when closed.
    pub outcome: Option<Outcome>,
    /// The outcome in the language asked for.
    pub outcome_label: Option<String>,
    /// Date received.
    pub received_on: NaiveDate,
    /// Date the answer is due.
    pub due_on: NaiveDate,
    /// Date closed.
    pub closed_on: Option<NaiveDate>,
    /// The office waits for the applicant (the clock is paused until they reply).
    pub waiting_for_applicant: bool,
    /// The office's requests to the applicant, oldest first.
    pub requests: Vec<PublicRequest>,
    /// The applicant's replies, oldest first.
    pub replies: Vec<PublicReply>,
}

impl PublicStatus {
    /// The applicant's view of their case, labelled in `lang`.
    pub fn of(case: &CaseView, lang: Language) -> PublicStatus {
        let a = &case.appeal;
        PublicStatus {
            number: a.number.clone(),
            status: a.status,
            status_label: label_or_code(lang, CodeKind::Status, a.status.as_str()),
            outcome: a.outcome,
            outcome_label: a.outcome.map(|o| label_or_code(lang, CodeKind::Outcome, o.as_str())),
            received_on: a.received_on,
            due_on: a.due_on,
            closed_on: a.closed_on,
            waiting_for_applicant: a.paused_since.is_some(),
            requests: case
                .requests
                .iter()
                .map(|r| PublicRequest {
                    id: r.id,
                    text: r.text.clone(),
                    sent_on: r.sent_on,
                    answered: r.answered_by.is_some(),
                })
                .collect(),
            replies: case
                .replies
                .iter()
                .map(|r| PublicReply {
                    id: r.id,
                    text: r.text.clone(),
                    created_at: r.created_at,
                })
                .collect(),
        }
    }
}

/// Looks up the status of an appeal by its number and access code.
#[utoipa::path(tag = "public", params(LookupQuery), responses(
    (status = 200, body = PublicStatus), (status = 404, body = crate::error::Problem),
    (status = 429, body = crate::error::Problem)))]
#[get("/public/appeals/{number}")]
pub async fn lookup(
    state: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
    query: crate::extract::Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    // Counted in PostgreSQL, so every instance shares one limit per client.
    let client = crate::client::address(&req, &state.settings.trusted_proxies);
    let per_minute = state.settings.lookup_limit_per_minute;
    crate::client::limit(&state, format!("lookup:{client}"), per_minute, 60).await?;
    let number = number.into_inner();
    let query = query.into_inner();
    let lang = query.lang;
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Language::negotiate);
    let case = state
        .db(move |conn| Ok(CaseView::load(conn, &number, &query.access_code)?))
        .await?;
    let lang = lang.or(accept).unwrap_or(Language::UzLatn);
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(PublicStatus::of(&case, lang)))
}
