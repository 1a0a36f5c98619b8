//! The e-mail queue's one write by a person: putting a dead message back in the queue (admins).

use diesel::PgConnection;
use ombudsman_db::audit;
use ombudsman_db::outbox::{self, OutboxMessage};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::OutboxId;

use crate::access::Caller;
use crate::error::AppError;

/// A message queued again, and whether it is addressed to staff (whose address the admin may
/// see in full).
#[derive(Debug)]
pub struct Retried {
    /// The message, pending again with a fresh set of attempts.
    pub message: OutboxMessage,
    /// Whether the recipient is a staff account.
    pub to_staff: bool,
}

/// 403 unless the caller's role may move messages of the queue (admins).
pub fn may_retry(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::Outbox], Do::Move)?;
    Ok(())
}

/// Queues a dead message again with fresh attempts and the same `Message-ID`, with its audit
/// event; 409 `not_dead` for a message that is not dead.
pub fn retry_message(conn: &mut PgConnection, caller: &Caller, id: OutboxId) -> Result<Retried, AppError> {
    may_retry(caller)?;
    let current = outbox::find(conn, id)?;
    if current.status != "dead" {
        return Err(AppError::Conflict {
            code: "not_dead",
            detail: format!("the message is {}; only dead messages can be retried", current.status),
        });
    }
    let message = outbox::retry_dead(conn, id)?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::OutboxRetry,
        "outbox",
        id.0,
        serde_json::json!({"kind": message.kind, "last_error": current.last_error}),
    )?;
    let staff = ombudsman_db::users::staff_addresses(conn, std::slice::from_ref(&message.recipient))?;
    Ok(Retried {
        message,
        to_staff: !staff.is_empty(),
    })
}
