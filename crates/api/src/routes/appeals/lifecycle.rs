//! Lifecycle moves, assignment and edits of an appeal. Every change writes the timeline and the
//! audit trail (and any e-mail) in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{patch, post, web, HttpRequest, HttpResponse};
use ombudsman_app::appeals::{self as appeals_uc, transition, AssignAppeal, Transition};
use ombudsman_db::appeals::{self, Appeal, DetailsChange};
use ombudsman_db::{applicants, audit};
use ombudsman_domain::appeal::{parse_categories, Action, Category, Outcome};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, UserId};
use ombudsman_domain::office::{parse_name, Region};
use ombudsman_domain::search::fold;
use serde::{Deserialize, Serialize};

use ombudsman_app::access::APPEALS;
use ombudsman_domain::access::Action as Do;

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
    /// For `extend`: why (required).
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
    pub subject: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Rights categories.
    pub categories: Option<Vec<Category>>,
    /// State bodies complained about.
    pub respondent_bodies: Option<Vec<String>>,
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

#[derive(Serialize)]
struct Snapshot<'a> {
    subject: &'a str,
    description: &'a str,
    categories: Vec<Category>,
    respondent_bodies: Vec<String>,
    region: Region,
    confidential: bool,
    reprisal_risk: bool,
}

fn snapshot(a: &Appeal) -> Snapshot<'_> {
    Snapshot {
        subject: &a.subject,
        description: &a.description,
        categories: a.categories.iter().flatten().copied().collect(),
        respondent_bodies: a.respondent_bodies.iter().flatten().cloned().collect(),
        region: a.region,
        confidential: a.confidential,
        reprisal_risk: a.reprisal_risk,
    }
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
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Change)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let b = body.0;
    let reason = b
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    if reason.as_ref().is_some_and(|r| r.chars().count() > 2000) {
        return Err(ApiError::field("reason", "too_long", "must be at most 2000 characters"));
    }
    let mut errors = Errors::new();
    let subject = b
        .subject
        .as_deref()
        .and_then(|s| errors.take(parse_name("subject", s, 500)));
    let categories = b.categories.as_deref().and_then(|c| errors.take(parse_categories(c)));
    let mut bodies = None;
    if let Some(list) = &b.respondent_bodies {
        let mut out = Vec::new();
        for (i, body) in list.iter().enumerate() {
            if let Some(v) = errors.take(parse_name(&format!("respondent_bodies[{i}]"), body, 300)) {
                out.push(v);
            }
        }
        bodies = Some(out);
    }
    if b.region == Some(Region::Abroad) {
        errors.push(ombudsman_domain::FieldError::new(
            "region",
            "not_allowed",
            "abroad needs a country: register anew",
        ));
    }
    errors.finish()?;
    let mut change = DetailsChange {
        subject,
        description: b.description.map(|d| d.trim().to_owned()),
        categories,
        respondent_bodies: bodies,
        region: b.region,
        confidential: b.confidential,
        reprisal_risk: b.reprisal_risk,
        search_text: None,
    };
    if http::to_json(&change)?
        .as_object()
        .is_some_and(|o| o.values().all(|v| v.is_null()))
    {
        return Err(ApiError::field("", "empty_update", "name at least one field to change"));
    }
    let p = principal.clone();
    let appeal = state
        .tx(move |conn| {
            let before = caller.lock_appeal(conn, Do::Change, id)?;
            // Lifting protection: only a manager over the appeal or its assigned officer, with
            // a reason.
            let lifts = (before.confidential && change.confidential == Some(false))
                || (before.reprisal_risk && change.reprisal_risk == Some(false));
            if lifts {
                caller.check_appeal(&before, Do::LiftProtection)?;
                if reason.is_none() {
                    return Err(ApiError::field(
                        "reason",
                        "required",
                        "say why the protection is lifted",
                    ));
                }
            }
            if before.version != expected {
                return Err(ApiError::PreconditionFailed);
            }
            if change.subject.is_some() || change.description.is_some() {
                let subject = change.subject.as_deref().unwrap_or(&before.subject);
                let description = change.description.as_deref().unwrap_or(&before.description);
                change.search_text = Some(fold(&format!("{subject} {description}")));
            }
            let after = appeals::update_details(conn, id, expected, &change)?;
            let mut diff = audit::diff(&http::to_json(&snapshot(&before))?, &http::to_json(&snapshot(&after))?);
            if let (Some(reason), Some(map)) = (&reason, diff.as_object_mut()) {
                map.insert("reason".into(), serde_json::json!(reason));
            }
            appeals::add_event(conn, id, Some(p.user_id), TimelineKind::Updated, None, diff.clone())?;
            let action = if lifts {
                AuditAction::AppealLiftProtection
            } else {
                AuditAction::AppealUpdate
            };
            audit::record(conn, &p.actor(), action, "appeal", id.0, diff)?;
            Ok(after)
        })
        .await?;
    respond(&state, &principal, appeal).await
}
