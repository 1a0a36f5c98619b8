//! One person, one record: a manager merges two applicant records found to be the same person
//! (their appeals, and the money recovered through them, move to one; repeat links are
//! computed again), and undoes a merge with a second record that moves exactly those appeals
//! back. Both are audited. A manager merges only applicants whose identity they may see, and
//! moves only the appeals they may see.

use diesel::PgConnection;
use ombudsman_db::access_log::AccessKind;
use ombudsman_db::applicant_merges::{self, Merge};
use ombudsman_db::{appeals, audit, DbError};
use ombudsman_domain::access::Action as Do;
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::ApplicantId;
use ombudsman_domain::office::parse_name;
use uuid::Uuid;

use crate::access::{Caller, Denied, APPEALS};
use crate::error::{to_json, AppError};
use crate::identity::find_visible_applicant;

/// The longest reason for a merge, in characters.
pub const REASON_MAX: usize = 2_000;

/// What to do with the applicant in the path.
#[derive(Debug, Clone)]
pub enum MergeCommand {
    /// Move their appeals to this applicant: the two are one person.
    Into {
        /// The applicant that stays.
        into: ApplicantId,
        /// Why they are one person.
        reason: String,
    },
    /// Undo this merge, which moved appeals into the applicant in the path.
    Reverse {
        /// The merge to undo.
        merge: Uuid,
        /// Why.
        reason: String,
    },
}

impl MergeCommand {
    /// Parses a merge of the applicant `id`: exactly one of `into` (another applicant) and
    /// `reverses`, and a reason; every wrong field named at once.
    pub fn parse(
        id: ApplicantId,
        into: Option<ApplicantId>,
        reverses: Option<Uuid>,
        reason: Option<&str>,
    ) -> Result<Self, AppError> {
        let mut errors = Errors::new();
        if into == Some(id) {
            errors.push(ombudsman_domain::FieldError::new(
                "into",
                "same_applicant",
                "an applicant cannot be merged into themselves",
            ));
        }
        let reason = errors.take(parse_name("reason", reason.unwrap_or(""), REASON_MAX));
        match (into, reverses) {
            (Some(_), Some(_)) => errors.push(ombudsman_domain::FieldError::new(
                "reverses",
                "not_allowed",
                "give either into (to merge) or reverses (to undo a merge), not both",
            )),
            (None, None) => errors.push(ombudsman_domain::FieldError::new(
                "into",
                "required",
                "name the applicant to merge into, or the merge to undo in reverses",
            )),
            _ => {}
        }
        errors.finish()?;
        let reason = reason.ok_or_else(|| AppError::Internal("validated fields missing".into()))?;
        Ok(match (into, reverses) {
            (Some(into), _) => MergeCommand::Into { into, reason },
            (None, Some(merge)) => MergeCommand::Reverse { merge, reason },
            (None, None) => return Err(AppError::Internal("validated fields missing".into())),
        })
    }
}

/// 403 unless the caller's role merges applicants (managers, who assign appeals).
pub fn may_merge(caller: &Caller) -> Result<(), AppError> {
    caller.require(&APPEALS, Do::Assign)?;
    Ok(())
}

/// Merges the applicant `id` into another, or undoes a merge into `id`; returns the record.
/// 403 unless the caller is a manager; 404 unless they may see `id`'s identity.
pub fn merge_applicant(
    conn: &mut PgConnection,
    caller: &Caller,
    id: ApplicantId,
    cmd: &MergeCommand,
) -> Result<Merge, AppError> {
    may_merge(caller)?;
    if find_visible_applicant(conn, caller, id)?.is_none() {
        return Err(Denied::Hidden(Box::new(caller.log_entry(AccessKind::Denied, "applicant", id.0))).into());
    }
    let scope = caller.appeal_scope(Do::Read)?;
    let (from, into, wanted, reverses, reason, action) = match cmd {
        MergeCommand::Into { into, reason } => {
            if find_visible_applicant(conn, caller, *into)?.is_none() {
                return Err(AppError::field("into", "unknown_applicant", "no applicant has this id"));
            }
            let wanted = applicant_merges::appeals_of(conn, id)?;
            (id, *into, wanted, None, reason, AuditAction::ApplicantMerge)
        }
        MergeCommand::Reverse { merge, reason } => {
            let unknown = || AppError::field("reverses", "unknown_merge", "no merge into this applicant has this id");
            let earlier = match applicant_merges::lock(conn, *merge) {
                Ok(m) => m,
                Err(DbError::NotFound) => return Err(unknown()),
                Err(e) => return Err(e.into()),
            };
            if earlier.into_applicant != id || earlier.reverses.is_some() {
                return Err(unknown());
            }
            if applicant_merges::is_reversed(conn, earlier.id)? {
                return Err(AppError::Conflict {
                    code: "already_reversed",
                    detail: "reverses: this merge has been undone already".into(),
                });
            }
            (
                id,
                earlier.from_applicant,
                earlier.appeal_ids.clone(),
                Some(earlier.id),
                reason,
                AuditAction::ApplicantMergeReversal,
            )
        }
    };
    applicant_merges::lock_applicants(conn, from, into)?;
    let visible = appeals::visible_ids(conn, &scope, &wanted)?;
    let moved = applicant_merges::move_appeals(conn, from, into, &visible)?;
    let record = applicant_merges::insert(
        conn,
        &Merge {
            id: Uuid::now_v7(),
            from_applicant: from,
            into_applicant: into,
            appeal_ids: moved,
            reason: reason.clone(),
            reverses,
            merged_by: caller.user_id,
            merged_at: chrono::Utc::now(),
        },
    )?;
    audit::record(conn, &caller.actor(), action, "applicant", from.0, to_json(&record)?)?;
    Ok(record)
}

/// What a person's page adds to their appeals: the flag of a possible duplicate (only when the
/// caller may see that applicant too), the contact details they gave over time and the merges
/// they took part in (naming only the moved appeals the caller may see). For a caller already
/// shown this applicant's identity.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    /// A stored applicant with the same e-mail and another name, visible to the caller.
    pub possible_duplicate_of: Option<ApplicantId>,
    /// Contact details given with later appeals, oldest first.
    pub contact_history: Vec<ombudsman_db::applicants::Contact>,
    /// Merges of this applicant's records, oldest first.
    pub merges: Vec<Merge>,
}

/// The [`PersonRecord`] of `applicant`, as the caller may see it.
pub fn person_record(
    conn: &mut PgConnection,
    caller: &Caller,
    applicant: &ombudsman_db::applicants::Applicant,
) -> Result<PersonRecord, AppError> {
    let possible_duplicate_of = match applicant.possible_duplicate_of {
        Some(other) => find_visible_applicant(conn, caller, other)?.map(|a| a.id),
        None => None,
    };
    let contact_history = ombudsman_db::applicants::contacts_of(conn, applicant.id)?;
    let mut merges = applicant_merges::of_applicant(conn, applicant.id)?;
    let cited: Vec<_> = merges.iter().flat_map(|m| m.appeal_ids.iter().copied()).collect();
    let visible = appeals::visible_ids(conn, &caller.appeal_scope(Do::Read)?, &cited)?;
    for m in &mut merges {
        m.appeal_ids.retain(|a| visible.contains(a));
    }
    Ok(PersonRecord {
        possible_duplicate_of,
        contact_history,
        merges,
    })
}
