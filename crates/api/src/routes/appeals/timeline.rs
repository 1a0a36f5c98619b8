//! The case timeline: notes, requests to state bodies and their answers.

use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use ombudsman_db::appeals::{self, AppealEvent, BodyRequest};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{AppealId, BodyRequestId, ImpactMeasureId, StateBodyId};
use ombudsman_domain::office::parse_name;
use serde::{Deserialize, Serialize};

use ombudsman_app::appeals::edit::may_edit;
use ombudsman_app::appeals::{add_note, record_answer, send_request, RecordAnswer, SendRequest};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::{today, AppState};
use ombudsman_app::access::APPEALS;
use ombudsman_domain::access::Action as Do;

/// The timeline of an appeal.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Timeline {
    /// Entries, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<AppealEvent>,
    /// Requests to state bodies with their due dates and answers.
    #[schema(value_type = Vec<Object>)]
    pub requests: Vec<BodyRequest>,
    /// Always null: the whole timeline is one page.
    pub next_cursor: Option<String>,
}

/// The timeline: every move, note, request and answer, oldest first.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, body = Timeline), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}/events")]
pub async fn events(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let timeline = state
        .db(move |conn| {
            let appeal = caller.appeal(conn, Do::Read, id)?;
            let mut items = appeals::events(conn, id)?;
            redact_links(conn, &p, &appeal, &mut items)?;
            Ok(Timeline {
                items,
                requests: appeals::body_requests(conn, id)?,
                next_cursor: None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(timeline))
}

/// Leaves out of the entries' details the links the caller may not follow: the appeal this one
/// repeats (unless they may see it and the applicant's identity) and any applicant id (unless
/// they see the identity).
fn redact_links(
    conn: &mut diesel::PgConnection,
    p: &Principal,
    appeal: &ombudsman_db::appeals::Appeal,
    items: &mut [AppealEvent],
) -> Result<(), ApiError> {
    let disclosure = super::views::Disclosure::of(conn, p, &[appeal])?;
    let identity = appeal.applicant_id.is_some_and(|a| disclosure.identities.shown(a));
    let repeat_visible = identity && appeal.repeat_of.is_some_and(|r| disclosure.visible_links.contains(&r));
    let measure_of = |item: &AppealEvent| -> Option<ImpactMeasureId> {
        item.data
            .get("impact_measure_id")
            .and_then(|v| v.as_str())
            .and_then(|v| v.parse().ok())
    };
    let cited: Vec<ImpactMeasureId> = items.iter().filter_map(measure_of).collect();
    let visible_measures = p.caller().visible_measures(conn, &cited)?;
    for item in items {
        let measure = measure_of(item);
        if let Some(data) = item.data.as_object_mut() {
            // A measure of an office the caller does not reach is left out too.
            if measure.is_some_and(|m| !visible_measures.contains(&m)) {
                data.insert("impact_measure_id".into(), serde_json::Value::Null);
                data.remove("number");
            }
            if !repeat_visible && data.get("repeat_of").is_some_and(|v| !v.is_null()) {
                data.insert("repeat_of".into(), serde_json::Value::Null);
            }
            if !identity {
                data.remove("applicant_id");
            }
        }
    }
    Ok(())
}

/// A note on the case.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// The note.
    #[schema(min_length = 1, max_length = 20000)]
    pub text: String,
}

/// Adds a note to the timeline.
#[utoipa::path(tag = "appeals", request_body = NoteRequest, security(("bearer" = [])), responses(
    (status = 201, description = "The timeline entry"), (status = 404, body = crate::error::Problem)))]
#[post("/appeals/{id}/notes")]
pub async fn note(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
    body: JsonBody<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    may_edit(&principal)?;
    let (id, text) = (id.into_inner(), parse_name("text", &body.0.text, 20_000)?);
    let caller = principal.caller();
    let event = state
        .use_case(move |conn, _| add_note(conn, &caller, id, &text))
        .await?;
    Ok(HttpResponse::Created().json(event))
}

/// A request for explanations sent to a state body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyRequestRequest {
    /// The state body, as written; when it is a name of one body of the directory (in either
    /// Uzbek script, Russian or English), the request links to that body.
    #[schema(min_length = 1, max_length = 300)]
    pub body_name: String,
    /// The body in the directory (`/state-bodies`), when known: the link, whatever `body_name`
    /// says.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub body_id: Option<StateBodyId>,
    /// What is asked.
    #[schema(min_length = 1, max_length = 2000)]
    pub subject: String,
    /// Date sent (default today).
    pub sent_on: Option<NaiveDate>,
    /// Date the answer is due.
    pub due_on: NaiveDate,
}

/// Records a request sent to a state body, with its own due date.
#[utoipa::path(tag = "appeals", request_body = BodyRequestRequest, security(("bearer" = [])), responses(
    (status = 201, description = "The request"), (status = 400, body = crate::error::Problem)))]
#[post("/appeals/{id}/requests")]
pub async fn request(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
    body: JsonBody<BodyRequestRequest>,
) -> Result<HttpResponse, ApiError> {
    may_edit(&principal)?;
    let cmd = body.0.command(id.into_inner(), today())?;
    let caller = principal.caller();
    let created = state.use_case(move |conn, _| send_request(conn, &caller, &cmd)).await?;
    Ok(HttpResponse::Created().json(created))
}

impl BodyRequestRequest {
    /// The request, naming every wrong field.
    fn command(self, appeal: AppealId, today: NaiveDate) -> Result<SendRequest, ApiError> {
        let b = self;
        let sent_on = b.sent_on.unwrap_or(today);
        let mut errors = Errors::new();
        let body_name = errors.take(parse_name("body_name", &b.body_name, 300));
        let subject = errors.take(parse_name("subject", &b.subject, 2000));
        if sent_on > today {
            errors.push(FieldError::new("sent_on", "in_future", "must not be in the future"));
        }
        if b.due_on < sent_on {
            errors.push(FieldError::new(
                "due_on",
                "before_sent_on",
                "must not be before sent_on",
            ));
        }
        errors.finish()?;
        let (Some(body_name), Some(subject)) = (body_name, subject) else {
            return Err(ApiError::Internal("validated fields missing".into()));
        };
        Ok(SendRequest {
            appeal,
            body_name,
            body_id: b.body_id,
            subject,
            sent_on,
            due_on: b.due_on,
        })
    }
}

/// The answer of a state body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// Date the answer arrived (default today).
    pub answered_on: Option<NaiveDate>,
    /// What the body answered.
    #[schema(min_length = 1, max_length = 20000)]
    pub summary: String,
}

/// Records the answer to a request.
#[utoipa::path(tag = "appeals", request_body = AnswerRequest, security(("bearer" = [])), responses(
    (status = 200, description = "The answered request"), (status = 404, body = crate::error::Problem)))]
#[post("/appeals/{id}/requests/{request_id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    principal: Principal,
    path: web::Path<(AppealId, BodyRequestId)>,
    body: JsonBody<AnswerRequest>,
) -> Result<HttpResponse, ApiError> {
    may_edit(&principal)?;
    let (appeal, request_id) = path.into_inner();
    let cmd = body.0.command(appeal, request_id, today())?;
    let caller = principal.caller();
    let answered = state
        .use_case(move |conn, _| record_answer(conn, &caller, &cmd))
        .await?;
    Ok(HttpResponse::Ok().json(answered))
}

impl AnswerRequest {
    /// The answer, naming every wrong field.
    fn command(self, appeal: AppealId, request_id: BodyRequestId, today: NaiveDate) -> Result<RecordAnswer, ApiError> {
        let answered_on = self.answered_on.unwrap_or(today);
        let mut errors = Errors::new();
        if answered_on > today {
            errors.push(FieldError::new("answered_on", "in_future", "must not be in the future"));
        }
        let summary = errors.take(parse_name("summary", &self.summary, 20_000));
        errors.finish()?;
        Ok(RecordAnswer {
            appeal,
            request: request_id,
            answered_on,
            summary: summary.unwrap_or_default(),
        })
    }
}
