//! Recommendations of a visit: adding one after the visit, and correcting its wording or due
//! date (its status changes only through a follow-up).

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::audit;
use ombudsman_db::visits::{self, NewRecommendationRow, Recommendation, Visit};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{RecommendationId, StateBodyId, VisitId};
use ombudsman_domain::visit::validate_recommendation;

use super::edit::may_change;
use crate::access::Caller;
use crate::error::{expect_version, to_json, AppError};
use crate::state_bodies::resolve_body;

/// A new recommendation, as given (checked against the visit's first day).
#[derive(Debug, Clone)]
pub struct AddRecommendation {
    /// The visit that makes it.
    pub visit: VisitId,
    /// What the facility should do.
    pub text: String,
    /// To whom, as written.
    pub addressee: String,
    /// The addressee's body in the directory, when given by id.
    pub addressee_body_id: Option<StateBodyId>,
    /// When it should be done (not before the visit).
    pub due_on: Option<NaiveDate>,
}

/// Adds a recommendation to a visit (monitors, managers of its office), last in order, with
/// its audit event: 404 when the caller may not see the visit.
pub fn add_recommendation(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &AddRecommendation,
) -> Result<Recommendation, AppError> {
    may_change(caller)?;
    let visit = caller.lock_visit(conn, Do::Change, cmd.visit)?;
    let r = validate_recommendation("", &cmd.text, &cmd.addressee, cmd.due_on, visit.started_on)?;
    let position = visits::next_position(conn, visit.id)?;
    let addressee_body_id = resolve_body(conn, &r.addressee, cmd.addressee_body_id, "addressee_body_id")?;
    let row = NewRecommendationRow {
        id: RecommendationId::new(),
        visit_id: visit.id,
        position,
        text: &r.text,
        addressee: &r.addressee,
        due_on: r.due_on,
        addressee_body_id,
    };
    let saved = visits::insert_recommendations(conn, std::slice::from_ref(&row))?
        .pop()
        .ok_or_else(|| AppError::Internal("the recommendation was not stored".into()))?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::RecommendationCreate,
        "recommendation",
        saved.id.0,
        to_json(&row)?,
    )?;
    Ok(saved)
}

/// A correction of a recommendation, as given; an omitted field stays as it is.
#[derive(Debug, Clone)]
pub struct CorrectRecommendation {
    /// The recommendation.
    pub recommendation: RecommendationId,
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// New text.
    pub text: Option<String>,
    /// New addressee.
    pub addressee: Option<String>,
    /// The addressee's body in the directory; with only a new `addressee`, the new name is
    /// matched by its fold.
    pub addressee_body_id: Option<StateBodyId>,
    /// New due date.
    pub due_on: Option<NaiveDate>,
}

/// Corrects a recommendation, with its audit event: 404 when the caller may not work on its
/// visit, 412 when it changed since `expected_version`. Returns it with the visit that made it.
pub fn correct_recommendation(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &CorrectRecommendation,
) -> Result<(Recommendation, Visit), AppError> {
    let scope = caller.visit_scope(Do::Change)?;
    let id = cmd.recommendation;
    let (before, visit) = visits::lock_recommendation(conn, &scope, id)?;
    expect_version(before.version, cmd.expected_version)?;
    let r = validate_recommendation(
        "",
        cmd.text.as_deref().unwrap_or(&before.text),
        cmd.addressee.as_deref().unwrap_or(&before.addressee),
        cmd.due_on.or(before.due_on),
        visit.started_on,
    )?;
    let addressee_body_id = if cmd.addressee.is_none() && cmd.addressee_body_id.is_none() {
        before.addressee_body_id
    } else {
        resolve_body(conn, &r.addressee, cmd.addressee_body_id, "addressee_body_id")?
    };
    let after = visits::edit_recommendation(conn, id, &r.text, &r.addressee, addressee_body_id, r.due_on)?;
    let diff = audit::diff(&to_json(&before)?, &to_json(&after)?);
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::RecommendationUpdate,
        "recommendation",
        id.0,
        diff,
    )?;
    Ok((after, visit))
}
