//! Editing an appeal's description and flags; clearing `confidential` or `reprisal_risk` lifts
//! the protection of the applicant's identity and is only for a manager over the appeal or its
//! assigned officer, with a reason (docs/security.md, rule 5).

use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, DetailsChange};
use ombudsman_db::audit;
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::appeal::Category;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, StateBodyId};
use ombudsman_domain::office::Region;
use ombudsman_domain::search::fold;
use serde::Serialize;

use crate::access::{Caller, APPEALS};
use crate::error::{expect_version, to_json, AppError};
use crate::state_bodies::resolve_bodies;

/// A validated edit.
#[derive(Debug, Clone)]
pub struct EditAppeal {
    /// The appeal.
    pub appeal: AppealId,
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// The fields to change (at least one).
    pub change: DetailsChange,
    /// The respondent bodies by their id in the directory. With `change.respondent_bodies`
    /// they make the new list; when only one of the two is given the other counts as empty.
    pub respondent_body_ids: Option<Vec<StateBodyId>>,
    /// Why (trimmed; required to lift protection).
    pub reason: Option<String>,
}

#[derive(Serialize)]
struct Snapshot<'a> {
    subject: &'a str,
    description: &'a str,
    categories: Vec<Category>,
    respondent_bodies: Vec<String>,
    respondent_body_ids: Vec<Option<StateBodyId>>,
    region: Region,
    confidential: bool,
    reprisal_risk: bool,
}

fn snapshot(a: &Appeal) -> Result<serde_json::Value, AppError> {
    to_json(&Snapshot {
        subject: &a.subject,
        description: &a.description,
        categories: a.categories.iter().flatten().copied().collect(),
        respondent_bodies: a.respondent_bodies.iter().flatten().cloned().collect(),
        respondent_body_ids: a.respondent_body_ids.clone().unwrap_or_default(),
        region: a.region,
        confidential: a.confidential,
        reprisal_risk: a.reprisal_risk,
    })
}

/// 403 unless the caller's role edits appeals; asked before the command is parsed.
pub fn may_edit(caller: &Caller) -> Result<(), AppError> {
    caller.require(&APPEALS, Do::Change)?;
    Ok(())
}

/// Edits an appeal, with its timeline entry and audit event (`appeal.lift_protection` when the
/// edit lifts protection), in the caller's transaction: 404 when the caller may not see it,
/// 403 when they may not lift its protection, 412 when it changed since `expected_version`.
pub fn edit_appeal(conn: &mut PgConnection, caller: &Caller, cmd: EditAppeal) -> Result<Appeal, AppError> {
    may_edit(caller)?;
    let EditAppeal {
        appeal: id,
        expected_version: expected,
        mut change,
        respondent_body_ids,
        reason,
    } = cmd;
    let before = caller.lock_appeal(conn, Do::Change, id)?;
    let lifts = (before.confidential && change.confidential == Some(false))
        || (before.reprisal_risk && change.reprisal_risk == Some(false));
    if lifts {
        caller.check_appeal(&before, Do::LiftProtection)?;
        if reason.is_none() {
            return Err(AppError::field(
                "reason",
                "required",
                "say why the protection is lifted",
            ));
        }
    }
    expect_version(before.version, expected)?;
    if change.subject.is_some() || change.description.is_some() {
        let subject = change.subject.as_deref().unwrap_or(&before.subject);
        let description = change.description.as_deref().unwrap_or(&before.description);
        change.search_text = Some(fold(&format!("{subject} {description}")));
    }
    if change.respondent_bodies.is_some() || respondent_body_ids.is_some() {
        let names = change.respondent_bodies.take().unwrap_or_default();
        let ids = respondent_body_ids.unwrap_or_default();
        let bodies = resolve_bodies(conn, &names, &ids, "respondent_body_ids")?;
        let (names, links) = bodies.into_iter().map(|b| (b.name, b.body)).unzip();
        change.respondent_bodies = Some(names);
        change.respondent_body_ids = Some(links);
    }
    let after = appeals::update_details(conn, id, expected, &change)?;
    let mut diff = audit::diff(&snapshot(&before)?, &snapshot(&after)?);
    if let (Some(reason), Some(map)) = (&reason, diff.as_object_mut()) {
        map.insert("reason".into(), serde_json::json!(reason));
    }
    appeals::add_event(
        conn,
        id,
        Some(caller.user_id),
        TimelineKind::Updated,
        None,
        diff.clone(),
    )?;
    let action = if lifts {
        AuditAction::AppealLiftProtection
    } else {
        AuditAction::AppealUpdate
    };
    audit::record(conn, &caller.actor(), action, "appeal", id.0, diff)?;
    Ok(after)
}
