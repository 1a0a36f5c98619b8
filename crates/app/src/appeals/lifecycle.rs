//! Lifecycle moves of an appeal (accept, close, reopen, extend, pause, resume): the state
//! machine's decision, the new due date, the timeline, the audit trail and the applicant's
//! e-mail, in the caller's transaction.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, LifecycleChange};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{applicants, audit, pauses};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::appeal::{self as rule, Action, Outcome};
use ombudsman_domain::deadline::{check_extension, Track};
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::AppealId;
use ombudsman_domain::notification::{self, Notification};

use crate::access::Caller;
use crate::context::Context;
use crate::deadline::{explain, policy};
use crate::error::{expect_version_if, AppError};

/// A lifecycle move.
#[derive(Debug, Clone)]
pub struct Transition {
    /// The appeal.
    pub appeal: AppealId,
    /// The version the caller saw (`If-Match`), when they sent one.
    pub expected_version: Option<i32>,
    /// The move.
    pub action: Action,
    /// For `close`: the outcome.
    pub outcome: Option<Outcome>,
    /// For `accept`: the track (standard by default).
    pub track: Option<Track>,
    /// For `extend`: calendar days to add.
    pub days: Option<u32>,
    /// For `extend`: why. For `close`: the reasons for the decision, sent to the applicant with
    /// it.
    pub reason: Option<String>,
    /// A note for the timeline.
    pub note: Option<String>,
}

/// The longest reasons for a decision, in characters.
const MAX_REASONS: usize = 10_000;

/// Recomputes the due date of the changed appeal from its pause intervals (as they stand in
/// this transaction) and returns the working days they moved it by.
fn recompute(
    conn: &mut PgConnection,
    a: &Appeal,
    change: &mut LifecycleChange,
    today: NaiveDate,
) -> Result<u32, AppError> {
    let pauses = pauses::of_appeal(conn, a.id, change.paused_since)?;
    let due = explain(
        conn,
        a.office_id,
        change.track,
        change.track_started_on,
        pauses,
        change.extension_days,
        today,
    )?;
    change.due_on = due.due_on;
    Ok(due.paused_working_days)
}

/// Runs the paused clock of an appeal again from `today`: closes the open pause and moves the
/// due date by the working days it covered (written into `change` and `data`).
pub(crate) fn resume_clock(
    conn: &mut PgConnection,
    a: &Appeal,
    change: &mut LifecycleChange,
    data: &mut serde_json::Value,
    today: NaiveDate,
    by: Option<ombudsman_domain::ids::UserId>,
) -> Result<(), AppError> {
    let since = a.paused_since.unwrap_or(today);
    pauses::close(conn, a.id, since, today, by)?;
    change.paused_since = None;
    let paused = recompute(conn, a, change, today)?;
    data["paused_from"] = serde_json::json!(since);
    data["paused_working_days"] = serde_json::json!(paused);
    Ok(())
}

/// Queues an e-mail to the appeal's applicant, when they have an address.
fn tell_applicant(
    conn: &mut PgConnection,
    a: &Appeal,
    notification: Notification,
    mail_domain: &str,
) -> Result<(), AppError> {
    let key = notification.kind().occurrence_key(&[&a.id, &(a.version + 1)]);
    tell_applicant_once(conn, a, notification, key, mail_domain)
}

/// Queues an e-mail to the appeal's applicant under its occurrence key, when they have an
/// address.
pub(crate) fn tell_applicant_once(
    conn: &mut PgConnection,
    a: &Appeal,
    notification: Notification,
    key: String,
    mail_domain: &str,
) -> Result<(), AppError> {
    let Some(applicant) = a.applicant_id.map(|id| applicants::find(conn, id)).transpose()? else {
        return Ok(());
    };
    let Some(email) = applicant.email else { return Ok(()) };
    let message = NewMessage::notification(&notification, email, applicant.language, Some(a.office_id), Some(key));
    outbox::enqueue(conn, &message, mail_domain)?;
    Ok(())
}

/// Moves an appeal through its lifecycle: 404 when the caller may not see it, 412 when it
/// changed since `expected_version`, 409 with the allowed moves when the state forbids the move.
pub fn transition(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &Transition,
    ctx: Context<'_>,
) -> Result<Appeal, AppError> {
    let today = ctx.today;
    let id = cmd.appeal;
    let a = caller.lock_appeal(conn, Do::Move, id)?;
    expect_version_if(a.version, cmd.expected_version)?;
    let mv = rule::transition(
        a.status,
        a.outcome,
        a.paused_since.is_some(),
        cmd.action,
        cmd.outcome,
        caller.role,
    )?;
    let mut change = LifecycleChange::from(&a);
    change.status = mv.to;
    change.outcome = mv.outcome;
    let mut data = serde_json::json!({"from": a.status, "to": mv.to});
    let kind = match cmd.action {
        Action::Accept => {
            let track = cmd.track.unwrap_or(Track::Standard);
            if track == Track::Initial {
                return Err(AppError::field(
                    "track",
                    "invalid",
                    "accept moves to standard or extended_study",
                ));
            }
            change.track = track;
            change.track_started_on = today;
            recompute(conn, &a, &mut change, today)?;
            data["track"] = serde_json::json!(track);
            TimelineKind::Accepted
        }
        Action::Close => {
            change.closed_on = Some(today);
            if let Some(since) = a.paused_since {
                pauses::close(conn, id, since, today, Some(caller.user_id))?;
            }
            change.paused_since = None;
            data["outcome"] = serde_json::json!(mv.outcome);
            let reasons = cmd.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
            if reasons.is_some_and(|r| r.chars().count() > MAX_REASONS) {
                return Err(AppError::field(
                    "reason",
                    "too_long",
                    format!("at most {MAX_REASONS} characters"),
                ));
            }
            if let Some(reasons) = reasons {
                data["reasons"] = serde_json::json!(reasons);
            }
            if let Some(outcome) = mv.outcome {
                let closed = Notification::AppealClosed(notification::AppealClosed {
                    number: a.number.clone(),
                    outcome: outcome.as_str().to_owned(),
                    subject: a.subject.clone(),
                    reasons: reasons.map(str::to_owned),
                });
                tell_applicant(conn, &a, closed, ctx.mail_domain)?;
            }
            TimelineKind::Closed
        }
        Action::Reopen => {
            change.closed_on = None;
            change.track = Track::Standard;
            change.track_started_on = today;
            change.extension_days = 0;
            recompute(conn, &a, &mut change, today)?;
            TimelineKind::Reopened
        }
        Action::Extend => {
            let days = cmd.days.unwrap_or(0);
            let reason = cmd.reason.as_deref().unwrap_or("").trim();
            let pol = policy(conn, a.office_id)?;
            check_extension(
                &pol,
                a.extensions.max(0) as u32,
                days,
                cmd.reason.as_deref().unwrap_or(""),
            )?;
            change.extension_days = a.extension_days + days as i32;
            change.extensions = a.extensions + 1;
            recompute(conn, &a, &mut change, today)?;
            data["days"] = serde_json::json!(days);
            data["reason"] = serde_json::json!(reason);
            let extended = Notification::DeadlineExtended(notification::DeadlineExtended {
                number: a.number.clone(),
                due_on: change.due_on,
                days,
                reason: reason.to_owned(),
            });
            tell_applicant(conn, &a, extended, ctx.mail_domain)?;
            TimelineKind::Extended
        }
        Action::Pause => {
            // The date stays while the clock is stopped (recomputed from the closed pauses
            // only); resuming moves it.
            pauses::open(conn, id, today, caller.user_id)?;
            change.paused_since = Some(today);
            recompute(conn, &a, &mut change, today)?;
            TimelineKind::Paused
        }
        Action::Resume => {
            resume_clock(conn, &a, &mut change, &mut data, today, Some(caller.user_id))?;
            TimelineKind::Resumed
        }
    };
    data["due_on"] = serde_json::json!(change.due_on);
    let updated = appeals::apply_lifecycle(conn, id, &change)?;
    let note = cmd.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    appeals::add_event(conn, id, Some(caller.user_id), kind, note, data.clone())?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::appeal_move(cmd.action),
        "appeal",
        id.0,
        data,
    )?;
    Ok(updated)
}
