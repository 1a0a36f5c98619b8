//! Lifecycle moves, assignment and edits of an appeal. Every change writes the timeline and the
//! audit trail (and any e-mail) in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, DetailsChange, LifecycleChange};
use ombudsman_db::applicants;
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{audit, users, DbError};
use ombudsman_domain::appeal::{parse_categories, transition, Action, Category, MoveError, Outcome};
use ombudsman_domain::deadline::{check_extension, Track};
use ombudsman_domain::error::Errors;
use ombudsman_domain::ids::{AppealId, UserId};
use ombudsman_domain::office::{parse_name, Region};
use ombudsman_domain::search::fold;
use ombudsman_domain::user::Role;
use serde::{Deserialize, Serialize};

use ombudsman_app::access::APPEALS;
use ombudsman_domain::access::Action as Do;

use super::deadline::{explain, policy};
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

fn to_api(err: MoveError) -> ApiError {
    match err {
        MoveError::Forbidden => ApiError::Forbidden,
        MoveError::Domain(d) => d.into(),
    }
}

fn recompute(
    conn: &mut PgConnection,
    a: &Appeal,
    change: &mut LifecycleChange,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let due = explain(
        conn,
        a.office_id,
        change.track,
        change.track_started_on,
        change.paused_days,
        change.paused_since,
        change.extension_days,
        today,
    )?;
    change.due_on = due.due_on;
    Ok(())
}

fn decision_notice(conn: &mut PgConnection, a: &Appeal, outcome: Outcome, mail_domain: &str) -> Result<(), ApiError> {
    let Some(applicant) = a.applicant_id.map(|id| applicants::find(conn, id)).transpose()? else {
        return Ok(());
    };
    let Some(email) = applicant.email else { return Ok(()) };
    let message = NewMessage {
        kind: "appeal_closed".into(),
        recipient: email,
        language: applicant.language,
        payload: serde_json::json!({"number": a.number, "outcome": outcome, "subject": a.subject}),
        dedupe_key: Some(format!("appeal_closed:{}:{}", a.id, a.version + 1)),
    };
    outbox::enqueue(conn, &message, mail_domain)?;
    Ok(())
}

/// Tells the applicant that the answer will come later, and why.
fn extension_notice(
    conn: &mut PgConnection,
    a: &Appeal,
    days: u32,
    reason: &str,
    due_on: NaiveDate,
    mail_domain: &str,
) -> Result<(), ApiError> {
    let Some(applicant) = a.applicant_id.map(|id| applicants::find(conn, id)).transpose()? else {
        return Ok(());
    };
    let Some(email) = applicant.email else { return Ok(()) };
    let message = NewMessage {
        kind: "deadline_extended".into(),
        recipient: email,
        language: applicant.language,
        payload: serde_json::json!({"number": a.number, "due_on": due_on, "days": days, "reason": reason}),
        dedupe_key: Some(format!("deadline_extended:{}:{}", a.id, a.version + 1)),
    };
    outbox::enqueue(conn, &message, mail_domain)?;
    Ok(())
}

fn apply(
    conn: &mut PgConnection,
    p: &Principal,
    id: AppealId,
    expected: Option<i32>,
    req: &TransitionRequest,
    mail_domain: &str,
    today: NaiveDate,
) -> Result<Appeal, ApiError> {
    let a = p.caller().lock_appeal(conn, Do::Move, id)?;
    if expected.is_some_and(|v| v != a.version) {
        return Err(ApiError::PreconditionFailed);
    }
    let mv = transition(
        a.status,
        a.outcome,
        a.paused_since.is_some(),
        req.action,
        req.outcome,
        p.role,
    )
    .map_err(to_api)?;
    let mut change = LifecycleChange::from(&a);
    change.status = mv.to;
    change.outcome = mv.outcome;
    let mut data = serde_json::json!({"from": a.status, "to": mv.to});
    let kind = match req.action {
        Action::Accept => {
            let track = req.track.unwrap_or(Track::Standard);
            if track == Track::Initial {
                return Err(ApiError::field(
                    "track",
                    "invalid",
                    "accept moves to standard or extended_study",
                ));
            }
            change.track = track;
            change.track_started_on = today;
            recompute(conn, &a, &mut change, today)?;
            data["track"] = serde_json::json!(track);
            "accepted"
        }
        Action::Close => {
            change.closed_on = Some(today);
            change.paused_since = None;
            data["outcome"] = serde_json::json!(mv.outcome);
            if let Some(outcome) = mv.outcome {
                decision_notice(conn, &a, outcome, mail_domain)?;
            }
            "closed"
        }
        Action::Reopen => {
            change.closed_on = None;
            change.track = Track::Standard;
            change.track_started_on = today;
            change.extension_days = 0;
            change.paused_days = 0;
            recompute(conn, &a, &mut change, today)?;
            "reopened"
        }
        Action::Extend => {
            let days = req.days.unwrap_or(0);
            let reason = req.reason.as_deref().unwrap_or("");
            let pol = policy(conn, a.office_id)?;
            check_extension(&pol, a.extensions.max(0) as u32, days, reason)?;
            change.extension_days = a.extension_days + days as i32;
            change.extensions = a.extensions + 1;
            recompute(conn, &a, &mut change, today)?;
            data["days"] = serde_json::json!(days);
            data["reason"] = serde_json::json!(reason.trim());
            extension_notice(conn, &a, days, reason.trim(), change.due_on, mail_domain)?;
            "extended"
        }
        Action::Pause => {
            change.paused_since = Some(today);
            "paused"
        }
        Action::Resume => {
            let since = a.paused_since.unwrap_or(today);
            change.paused_days = a.paused_days + (today - since).num_days().max(0) as i32;
            change.paused_since = None;
            recompute(conn, &a, &mut change, today)?;
            "resumed"
        }
    };
    data["due_on"] = serde_json::json!(change.due_on);
    let updated = appeals::apply_lifecycle(conn, id, &change)?;
    let note = req.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    appeals::add_event(conn, id, Some(p.user_id), kind, note, data.clone())?;
    audit::record(
        conn,
        &p.actor(),
        &format!("appeal.{}", req.action),
        "appeal",
        id.0,
        data,
    )?;
    Ok(updated)
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
    let id = id.into_inner();
    let expected = match req.headers().get(actix_web::http::header::IF_MATCH) {
        Some(_) => Some(http::if_match(&req)?),
        None => None,
    };
    let mail_domain = state.settings.mail_domain.clone();
    let p = principal.clone();
    let today = today();
    let body = body.0;
    let appeal = state
        .tx(move |conn| apply(conn, &p, id, expected, &body, &mail_domain, today))
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
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Assign)?;
    let id = id.into_inner();
    let officer_id = body.0.user_id;
    let p = principal.clone();
    let mail_domain = state.settings.mail_domain.clone();
    let appeal = state
        .tx(move |conn| {
            let a = caller.lock_appeal(conn, Do::Assign, id)?;
            let officer = users::find(conn, officer_id).map_err(|e| match e {
                DbError::NotFound => ApiError::field("user_id", "unknown_user", "no user has this id"),
                other => other.into(),
            })?;
            if officer.office_id != a.office_id
                || !officer.is_active
                || !matches!(officer.role, Role::CaseOfficer | Role::Manager)
            {
                return Err(ApiError::field(
                    "user_id",
                    "not_assignable",
                    "assign an active case officer or manager of the appeal's office",
                ));
            }
            let mut change = LifecycleChange::from(&a);
            change.assigned_to = Some(officer.id);
            let updated = appeals::apply_lifecycle(conn, id, &change)?;
            let data = serde_json::json!({"from": a.assigned_to, "to": officer.id});
            appeals::add_event(conn, id, Some(p.user_id), "assigned", None, data.clone())?;
            audit::record(conn, &p.actor(), "appeal.assign", "appeal", id.0, data)?;
            let language = ombudsman_db::offices::find(conn, a.office_id)?.default_language;
            outbox::enqueue(
                conn,
                &NewMessage {
                    kind: "appeal_assigned".into(),
                    recipient: officer.email.clone(),
                    language,
                    payload: serde_json::json!({
                        "number": a.number, "subject": a.subject, "due_on": a.due_on, "full_name": officer.full_name,
                    }),
                    dedupe_key: Some(format!("appeal_assigned:{}:{}", a.id, updated.version)),
                },
                &mail_domain,
            )?;
            Ok(updated)
        })
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
            appeals::add_event(conn, id, Some(p.user_id), "updated", None, diff.clone())?;
            let action = if lifts {
                "appeal.lift_protection"
            } else {
                "appeal.update"
            };
            audit::record(conn, &p.actor(), action, "appeal", id.0, diff)?;
            Ok(after)
        })
        .await?;
    respond(&state, &principal, appeal).await
}
