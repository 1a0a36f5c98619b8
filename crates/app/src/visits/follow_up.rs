//! Following up a recommendation: what the facility did, as seen on a later visit to it (or
//! learnt otherwise); the recommendation moves to the status found and the history keeps the
//! change, with its audit event, in the caller's transaction.

use chrono::{NaiveDate, Utc};
use diesel::PgConnection;
use ombudsman_db::audit;
use ombudsman_db::visits::{self, FollowUp, Recommendation, Visit};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{FollowUpId, RecommendationId, VisitId};
use ombudsman_domain::visit::{check_follow_up_visit, RecommendationStatus, NOTE_MAX};

use crate::access::Caller;
use crate::error::{expect_version_if, AppError};

/// A validated follow-up.
#[derive(Debug, Clone)]
pub struct FollowUpRecommendation {
    /// The recommendation.
    pub recommendation: RecommendationId,
    /// The version the caller saw (`If-Match`), when they sent one.
    pub expected_version: Option<i32>,
    /// The status found.
    pub status: RecommendationStatus,
    /// The later visit to the same facility that checked it.
    pub visit_id: Option<VisitId>,
    /// What was seen (trimmed).
    note: String,
}

impl FollowUpRecommendation {
    /// Checks the note (at most [`NOTE_MAX`] characters once trimmed).
    pub fn parse(
        recommendation: RecommendationId,
        expected_version: Option<i32>,
        status: RecommendationStatus,
        visit_id: Option<VisitId>,
        note: &str,
    ) -> Result<Self, AppError> {
        let note = note.trim().to_owned();
        if note.chars().count() > NOTE_MAX {
            return Err(AppError::field(
                "note",
                "too_long",
                format!("must be at most {NOTE_MAX} characters"),
            ));
        }
        Ok(Self {
            recommendation,
            expected_version,
            status,
            visit_id,
            note,
        })
    }
}

/// A recorded follow-up: the recommendation after it and the visit that made it.
#[derive(Debug)]
pub struct FollowedUp {
    /// The recommendation, in its new status.
    pub recommendation: Recommendation,
    /// The visit that made it.
    pub made_at: Visit,
}

/// 403 unless the caller's role follows recommendations up; asked before the command is parsed.
pub fn may_follow_up(caller: &Caller) -> Result<(), AppError> {
    caller.visit_scope(Do::Change)?;
    Ok(())
}

/// The checking visit must be one the caller may work on, another visit to the same facility
/// that did not start before the recommending one.
fn check_visit(conn: &mut PgConnection, caller: &Caller, made_at: &Visit, visit_id: VisitId) -> Result<(), AppError> {
    let scope = caller.visit_scope(Do::Change)?;
    let checking = super::cited(conn, &scope, visit_id, "no visit you may work on has this id")?;
    if checking.id == made_at.id {
        return Err(AppError::field(
            "visit_id",
            "same_visit",
            "a follow-up is checked on a later visit, not on the visit that made the recommendation",
        ));
    }
    let started: NaiveDate = checking.started_on;
    check_follow_up_visit(checking.facility_id == made_at.facility_id, made_at.started_on, started)?;
    Ok(())
}

/// Records a follow-up: 404 when the caller may not work on the recommendation's visit, 412
/// when it changed since `expected_version`.
pub fn follow_up(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &FollowUpRecommendation,
) -> Result<FollowedUp, AppError> {
    let scope = caller.visit_scope(Do::Change)?;
    let id = cmd.recommendation;
    let (before, made_at) = visits::lock_recommendation(conn, &scope, id)?;
    expect_version_if(before.version, cmd.expected_version)?;
    if let Some(visit_id) = cmd.visit_id {
        check_visit(conn, caller, &made_at, visit_id)?;
    }
    let f = FollowUp {
        id: FollowUpId::new(),
        recommendation_id: id,
        visit_id: cmd.visit_id,
        from_status: before.status,
        status: cmd.status,
        note: cmd.note.clone(),
        recorded_by: Some(caller.user_id),
        recorded_at: Utc::now(),
    };
    let after = visits::follow_up(conn, &f)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::RecommendationFollowUp,
        "recommendation",
        id.0,
        serde_json::json!({"from": before.status, "to": cmd.status, "visit_id": cmd.visit_id, "note": cmd.note}),
    )?;
    Ok(FollowedUp {
        recommendation: after,
        made_at,
    })
}
