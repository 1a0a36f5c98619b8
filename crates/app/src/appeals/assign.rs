//! Assigning an appeal to an officer, who is told by e-mail.

use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, LifecycleChange};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{audit, offices, users, DbError};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, UserId};
use ombudsman_domain::notification::{self, Notification};
use ombudsman_domain::user::Role;

use crate::access::{Caller, APPEALS};
use crate::context::Context;
use crate::error::AppError;

/// An assignment.
#[derive(Debug, Clone, Copy)]
pub struct AssignAppeal {
    /// The appeal.
    pub appeal: AppealId,
    /// The officer: an active case officer or manager of the appeal's office.
    pub officer: UserId,
}

/// Assigns an appeal (managers), with its timeline entry, audit event and the officer's
/// e-mail, in the caller's transaction.
pub fn assign(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: AssignAppeal,
    ctx: Context<'_>,
) -> Result<Appeal, AppError> {
    caller.require(&APPEALS, Do::Assign)?;
    let id = cmd.appeal;
    let a = caller.lock_appeal(conn, Do::Assign, id)?;
    let officer = users::find(conn, cmd.officer).map_err(|e| match e {
        DbError::NotFound => AppError::field("user_id", "unknown_user", "no user has this id"),
        other => other.into(),
    })?;
    if officer.office_id != a.office_id
        || !officer.is_active
        || !matches!(officer.role, Role::CaseOfficer | Role::Manager)
    {
        return Err(AppError::field(
            "user_id",
            "not_assignable",
            "assign an active case officer or manager of the appeal's office",
        ));
    }
    let mut change = LifecycleChange::from(&a);
    change.assigned_to = Some(officer.id);
    let updated = appeals::apply_lifecycle(conn, id, &change)?;
    let data = serde_json::json!({"from": a.assigned_to, "to": officer.id});
    appeals::add_event(
        conn,
        id,
        Some(caller.user_id),
        TimelineKind::Assigned,
        None,
        data.clone(),
    )?;
    audit::record(conn, &caller.actor(), AuditAction::AppealAssign, "appeal", id.0, data)?;
    // The officer's own language, else their office's.
    let language = match officer.language {
        Some(own) => own,
        None => offices::find(conn, officer.office_id)?.default_language,
    };
    let notification = Notification::AppealAssigned(notification::AppealAssigned {
        number: a.number.clone(),
        subject: a.subject.clone(),
        due_on: a.due_on,
        full_name: officer.full_name.clone(),
    });
    let message = NewMessage::notification(
        &notification,
        officer.email.clone(),
        language,
        Some(a.office_id),
        Some(notification.kind().occurrence_key(&[&a.id, &updated.version])),
    );
    outbox::enqueue(conn, &message, ctx.mail_domain)?;
    Ok(updated)
}
