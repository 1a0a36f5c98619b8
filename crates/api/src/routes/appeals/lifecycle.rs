//! Lifecycle moves, assignment and edits of an appeal. Every change writes the timeline and the
//! audit trail (and any e-mail) in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{patch, post, web, HttpRequest, HttpResponse};
use ombudsman_app::appeals::{self as appeals_uc, edit_appeal, transition, AssignAppeal, EditAppeal, Transition};
use ombudsman_db::appeals::{Appeal, DetailsChange};
use ombudsman_db::applicants;
use ombudsman_domain::appeal::{parse_categories, Action, Category, Outcome};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{AppealId, StateBodyId, UserId};
use ombudsman_domain::office::{parse_name, Region};
use serde::Deserialize;

use super::views::AppealView;
use super::views::Disclosure;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http;
use crate::state::{today, AppState};

/// A lifecycle move.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// `accept`, `close`, `reopen` (manager), `extend` (manager), `pause`, `resume`.
    pub action: Action,
    /// For `close`: the outcome.
    pub outcome: Option<Outcome>,
    /// For `accept`: `standard` (default) or `extended_study` when additional study is needed.
    pub track: Option<Track>,
    /// For `extend`: calendar days to add (once, at most the policy's maximum).
    pub days: Option<u32>,
    /// For `extend`: why (required). For `close`: the reasons for the decision (at most 10,000
    /// characters), kept on the timeline and sent to the applicant in their language with the
    /// decision.
    pub reason: Option<String>,
    /// A note for the timeline.
    pub note: Option<String>,
}

impl TransitionRequest {
    /// The command for the appeal, given the version the caller saw.
    fn command(self, appeal: AppealId, expected_version: Option<i32>) -> Transition {
        Transition {
            appeal,
            expected_version,
            action: self.action,
            outcome: self.outcome,
            track: self.track,
            days: self.days,
            reason: self.reason,
            note: self.note,
        }
    }
}

/// Moves an appeal through its lifecycle; 409 with the allowed moves when the state forbids it.
#[utoipa::path(tag = "appeals", request_body = TransitionRequest, security(("bearer" = [])), responses(
    (status = 200, body = AppealView), (status = 403, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
#[post("/appeals/{id}/transitions")]
pub async fn transitions(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<AppealId>,
    body: JsonBody<TransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = http::if_match_sent(&req)?;
    let (cmd, caller) = (body.0.command(id.into_inner(), expected), principal.caller());
    let appeal = state
        .use_case(move |conn, ctx| transition(conn, &caller, &cmd, ctx))
        .await?;
    respond(&state, &principal, appeal).await
}

async fn respond(state: &AppState, principal: &Principal, appeal: Appeal) -> Result<HttpResponse, ApiError> {
    let p = principal.clone();
    let (appeal, applicant, disclosure) = state
        .db(move |conn| {
            let applicant = appeal.applicant_id.map(|id| applicants::find(conn, id)).transpose()?;
            let disclosure = Disclosure::of(conn, &p, &[&appeal])?;
            Ok((appeal, applicant, disclosure))
        })
        .await?;
    let version = appeal.version;
    Ok(http::with_etag(
        StatusCode::OK,
        version,
        &AppealView::new(appeal, applicant, &disclosure, principal, today()),
    ))
}

/// Assignment of an appeal to an officer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The officer (a case officer or manager of the appeal's office).
    pub user_id: UserId,
}

/// Assigns an appeal to an officer (managers); the officer is told by e-mail.
#[utoipa::path(tag = "appeals", request_body = AssignRequest, security(("bearer" = [])), responses(
    (status = 200, body = AppealView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/appeals/{id}/assignment")]
pub async fn assign(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
    body: JsonBody<AssignRequest>,
) -> Result<HttpResponse, ApiError> {
    let cmd = AssignAppeal {
        appeal: id.into_inner(),
        officer: body.0.user_id,
    };
    let caller = principal.caller();
    let appeal = state
        .use_case(move |conn, ctx| appeals_uc::assign(conn, &caller, cmd, ctx))
        .await?;
    respond(&state, &principal, appeal).await
}

/// Changes to an appeal's description; send the ETag in `If-Match`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAppealRequest {
    /// Subject.
    #[schema(min_length = 1, max_length = 500)]
    pub subject: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Rights categories.
    #[schema(min_items = 1)]
    pub categories: Option<Vec<Category>>,
    /// State bodies complained about, as free text (each at most 300 characters): a text
    /// whose folded form is a name of one body of the directory is linked to it. With
    /// `respondent_body_ids` it replaces the list; when only one of the two is sent the other
    /// counts as empty.
    pub respondent_bodies: Option<Vec<String>>,
    /// State bodies complained about, by their id in the directory (`/state-bodies`).
    pub respondent_body_ids: Option<Vec<StateBodyId>>,
    /// Region (not `abroad`, which needs a country at registration).
    pub region: Option<Region>,
    /// Confidential.
    pub confidential: Option<bool>,
    /// Reprisal risk.
    pub reprisal_risk: Option<bool>,
    /// Why: required to clear `confidential` or `reprisal_risk` (managers and the assigned
    /// officer only; recorded on the timeline and in the audit trail).
    pub reason: Option<String>,
}

/// Edits an appeal; 428 without `If-Match`, 412 when stale.
#[utoipa::path(tag = "appeals", request_body = UpdateAppealRequest, security(("bearer" = [])), responses(
    (status = 200, body = AppealView), (status = 412, body = crate::error::Problem),
    (status = 428, body = crate::error::Problem)))]
#[patch("/appeals/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<AppealId>,
    body: JsonBody<UpdateAppealRequest>,
) -> Result<HttpResponse, ApiError> {
    appeals_uc::edit::may_edit(&principal)?;
    let expected = http::if_match(&req)?;
    let cmd = body.0.command(id.into_inner(), expected)?;
    let caller = principal.caller();
    let appeal = state.use_case(move |conn, _| edit_appeal(conn, &caller, cmd)).await?;
    respond(&state, &principal, appeal).await
}

impl UpdateAppealRequest {
    /// The edit, naming every wrong field; 400 `empty_update` when it changes nothing.
    fn command(self, appeal: AppealId, expected_version: i32) -> Result<EditAppeal, ApiError> {
        let b = self;
        let reason = b
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let mut errors = Errors::new();
        if reason.as_ref().is_some_and(|r| r.chars().count() > 2000) {
            errors.push(FieldError::new("reason", "too_long", "must be at most 2000 characters"));
        }
        let subject = b
            .subject
            .as_deref()
            .and_then(|s| errors.take(parse_name("subject", s, 500)));
        let categories = b.categories.as_deref().and_then(|c| errors.take(parse_categories(c)));
        let respondent_bodies = b.respondent_bodies.as_ref().map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, body)| errors.take(parse_name(&format!("respondent_bodies[{i}]"), body, 300)))
                .collect()
        });
        if b.region == Some(Region::Abroad) {
            errors.push(FieldError::new(
                "region",
                "not_allowed",
                "abroad needs a country: register anew",
            ));
        }
        errors.finish()?;
        let change = DetailsChange {
            subject,
            description: b.description.map(|d| d.trim().to_owned()),
            categories,
            respondent_bodies,
            respondent_body_ids: None,
            region: b.region,
            confidential: b.confidential,
            reprisal_risk: b.reprisal_risk,
            search_text: None,
        };
        if b.respondent_body_ids.is_none()
            && http::to_json(&change)?
                .as_object()
                .is_some_and(|o| o.values().all(|v| v.is_null()))
        {
            return Err(http::no_change());
        }
        Ok(EditAppeal {
            appeal,
            expected_version,
            change,
            respondent_body_ids: b.respondent_body_ids,
            reason,
        })
    }
}
