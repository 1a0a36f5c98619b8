//! Referrals of an appeal to a partner organisation (or from one) and the partner's answer,
//! on the appeal's timeline and in the audit trail in the caller's transaction.

use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::partners::{self, Partner, Referral};
use ombudsman_db::{appeals, audit, DbError};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::events::{AuditAction, TimelineKind};
use ombudsman_domain::ids::{AppealId, PartnerId, ReferralId};
use ombudsman_domain::partner::{parse_answer, NewReferral, ReferralDirection, ReferralInput};

use super::edit::may_edit;
use crate::access::Caller;
use crate::error::{expect_version, AppError};

/// A referral, as given (checked against the appeal's receipt date and the partner).
#[derive(Debug, Clone)]
pub struct Refer {
    /// The appeal.
    pub appeal: AppealId,
    /// The partner.
    pub partner: PartnerId,
    /// `outgoing` (to the partner) or `incoming` (from it).
    pub direction: ReferralDirection,
    /// When.
    pub referred_on: NaiveDate,
    /// The partner's own reference.
    pub partner_reference: Option<String>,
    /// A note.
    pub note: Option<String>,
}

/// The partner, when it exists and takes referrals; a field error otherwise.
fn active_partner(conn: &mut PgConnection, id: PartnerId, errors: &mut Errors) -> Result<Option<Partner>, AppError> {
    match partners::find(conn, id) {
        Ok(partner) if partner.is_active => Ok(Some(partner)),
        Ok(_) => {
            errors.push(FieldError::new(
                "partner_id",
                "inactive_partner",
                "the partner is inactive and takes no new referrals",
            ));
            Ok(None)
        }
        Err(DbError::NotFound) => {
            errors.push(FieldError::new(
                "partner_id",
                "unknown_partner",
                "no partner has this id",
            ));
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

/// Records a referral: 404 when the caller may not see the appeal, then every wrong field.
/// Returns it with the partner's name.
pub fn refer(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &Refer,
    today: NaiveDate,
) -> Result<(Referral, String), AppError> {
    may_edit(caller)?;
    let appeal = caller.lock_appeal(conn, Do::Change, cmd.appeal)?;
    let mut errors = Errors::new();
    let partner = active_partner(conn, cmd.partner, &mut errors)?;
    let input = ReferralInput {
        direction: cmd.direction,
        referred_on: cmd.referred_on,
        partner_reference: cmd.partner_reference.as_deref(),
        note: cmd.note.as_deref(),
    };
    let referral = errors.take(NewReferral::parse(&input, appeal.received_on, today));
    errors.finish()?;
    let (Some(partner), Some(referral)) = (partner, referral) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let row = partners::insert_referral(
        conn,
        &partners::NewReferralRow {
            id: ReferralId::new(),
            appeal_id: appeal.id,
            partner_id: partner.id,
            direction: referral.direction,
            referred_on: referral.referred_on,
            partner_reference: referral.partner_reference.as_deref(),
            note: referral.note.as_deref(),
            created_by: Some(caller.user_id),
        },
    )?;
    let data = serde_json::json!({
        "referral_id": row.id, "partner_id": partner.id, "partner_name": partner.name,
        "partner_reference": row.partner_reference, "direction": row.direction, "referred_on": row.referred_on,
    });
    appeals::add_event(
        conn,
        appeal.id,
        Some(caller.user_id),
        row.direction.timeline_kind(),
        row.note.as_deref(),
        data.clone(),
    )?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::AppealReferral,
        "appeal",
        appeal.id.0,
        data,
    )?;
    Ok((row, partner.name))
}

/// The partner's answer, as given; an omitted field keeps its recorded value.
#[derive(Debug, Clone)]
pub struct AnswerReferral {
    /// The referral.
    pub referral: ReferralId,
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    /// Date of the answer (on the first answer: today by default).
    pub answered_on: Option<NaiveDate>,
    /// What the partner answered (required on the first answer).
    pub answer_summary: Option<String>,
}

/// Records (or corrects) the partner's answer: 404 when the caller may not change the
/// referral's appeal, 412 when it changed since `expected_version`. Returns it with the
/// partner's name.
pub fn answer_referral(
    conn: &mut PgConnection,
    caller: &Caller,
    cmd: &AnswerReferral,
    today: NaiveDate,
) -> Result<(Referral, String), AppError> {
    may_edit(caller)?;
    let id = cmd.referral;
    let (before, partner_name) = partners::find_referral(conn, id)?;
    caller.lock_appeal(conn, Do::Change, before.appeal_id)?;
    expect_version(before.version, cmd.expected_version)?;
    let answered_on = cmd.answered_on.or(before.answered_on).unwrap_or(today);
    let summary = cmd
        .answer_summary
        .as_deref()
        .or(before.answer_summary.as_deref())
        .unwrap_or("");
    let summary = parse_answer(answered_on, summary, before.referred_on, today)?;
    let after = partners::answer_referral(conn, id, cmd.expected_version, answered_on, &summary)?;
    let data = serde_json::json!({
        "referral_id": after.id, "partner_id": after.partner_id, "partner_name": partner_name,
        "partner_reference": after.partner_reference, "direction": after.direction,
        "answered_on": answered_on, "corrected": before.answered_on.is_some(),
    });
    appeals::add_event(
        conn,
        after.appeal_id,
        Some(caller.user_id),
        TimelineKind::PartnerAnswered,
        Some(&summary),
        data.clone(),
    )?;
    audit::record(
        conn,
        &caller.actor(),
        AuditAction::AppealReferralAnswer,
        "appeal",
        after.appeal_id.0,
        data,
    )?;
    Ok((after, partner_name))
}
