//! Identity is a protected resource of its own: once any appeal of an applicant is
//! confidential or at reprisal risk, their identity is withheld on every appeal of theirs from
//! all but the assigned officers of those appeals and the managers who reach them. Every read
//! of a protected identity is written to the access log.

use std::collections::HashMap;

use diesel::PgConnection;
use ombudsman_db::access_log::{self, AccessKind};
use ombudsman_db::applicants::{self, Applicant};
use ombudsman_db::{appeals, DbError};
use ombudsman_domain::access::{Action, Decision, Relation, Resource};
use ombudsman_domain::ids::{ApplicantId, OfficeId, UserId};

use crate::access::Caller;

/// Whether the caller is shown each applicant's identity.
#[derive(Debug, Default, Clone)]
pub struct Identities {
    shown: HashMap<ApplicantId, bool>,
}

impl Identities {
    /// Whether the identity of this applicant is shown (false for one not asked about).
    pub fn shown(&self, id: ApplicantId) -> bool {
        self.shown.get(&id).copied().unwrap_or(false)
    }

    /// Shows an identity the caller has just given themselves (the echo of a registration).
    pub fn show_own_input(&mut self, id: ApplicantId) {
        self.shown.insert(id, true);
    }
}

/// Decides, for each applicant, whether the caller sees their identity, and logs every read
/// of a protected one. Call it when building the views that will show them.
pub fn identities(conn: &mut PgConnection, caller: &Caller, ids: &[ApplicantId]) -> Result<Identities, DbError> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let protected = appeals::protected_of(conn, &ids)?;
    identities_given(conn, caller, ids, &protected)
}

/// [`identities`] when the protected appeals of the applicants are known already: applicant,
/// office and assigned officer of each (as [`appeals::protected_of`] reads them).
pub fn identities_given(
    conn: &mut PgConnection,
    caller: &Caller,
    mut ids: Vec<ApplicantId>,
    protected: &[(ApplicantId, OfficeId, Option<UserId>)],
) -> Result<Identities, DbError> {
    ids.sort();
    ids.dedup();
    let mut shown = HashMap::with_capacity(ids.len());
    let mut reads = Vec::new();
    for id in ids {
        let mine: Vec<_> = protected.iter().filter(|(a, _, _)| *a == id).collect();
        let decision = if mine.is_empty() {
            caller.decide(Resource::Identity, Action::Read, &[Relation::SameOffice])
        } else {
            let relations: Vec<Relation> = mine
                .iter()
                .flat_map(|(_, office, assigned)| caller.relations(*office, *assigned))
                .collect();
            let d = caller.decide(Resource::ProtectedIdentity, Action::Read, &relations);
            if d == Decision::Allow {
                reads.push(caller.log_entry(AccessKind::IdentityRead, "applicant", id.0));
            }
            d
        };
        shown.insert(id, decision == Decision::Allow);
    }
    access_log::record(conn, &reads)?;
    Ok(Identities { shown })
}

/// Whether the caller may see this applicant's identity, for matching on registration: only
/// an applicant of an appeal the caller may read, with the identity shown to them, may be
/// matched (a match elsewhere would tell the caller who the stored person is).
pub fn visible_applicant(conn: &mut PgConnection, caller: &Caller, applicant: &Applicant) -> Result<bool, DbError> {
    let scope = match caller.appeal_scope(Action::Read) {
        Ok(s) => s,
        Err(_) => return Ok(false),
    };
    let filter = appeals::Filter {
        applicant_id: Some(applicant.id),
        ..appeals::Filter::default()
    };
    if appeals::list(conn, &scope, &filter, 1)?.is_empty() {
        return Ok(false);
    }
    Ok(identities(conn, caller, &[applicant.id])?.shown(applicant.id))
}

/// The stored applicant with this id, if the caller may see them (see [`visible_applicant`]).
pub fn find_visible_applicant(
    conn: &mut PgConnection,
    caller: &Caller,
    id: ApplicantId,
) -> Result<Option<Applicant>, DbError> {
    match applicants::find(conn, id) {
        Ok(a) => Ok(visible_applicant(conn, caller, &a)?.then_some(a)),
        Err(DbError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Who a new registration's applicant is, among the stored applicants the caller may see.
#[derive(Debug, Clone)]
pub enum Match {
    /// A stored applicant: the same e-mail (any case) and the same name, or the same name and
    /// phone. Names are compared folded (case, script and apostrophes aside).
    Same(Box<Applicant>),
    /// Nobody the caller may see; when a stored applicant shares the e-mail under another name
    /// (families and lawyers share addresses), the new one is flagged as a possible duplicate
    /// of them, for a manager to merge or leave.
    New {
        /// The stored applicant with the same e-mail and another name.
        possible_duplicate_of: Option<ApplicantId>,
    },
}

/// The stored applicant a new registration is the same person as, among those the caller may
/// see (see [`Match`]). When the caller may see none of the candidates, even if the database
/// holds the person, a new applicant is made and the caller learns nothing about who else is
/// stored.
pub fn match_applicant(
    conn: &mut PgConnection,
    caller: &Caller,
    email: Option<&str>,
    full_name: &str,
    phone_digits: Option<&str>,
) -> Result<Match, DbError> {
    let name = ombudsman_domain::search::fold(full_name);
    let by_email = match email {
        Some(e) => applicants::with_email(conn, e)?,
        None => vec![],
    };
    let mut possible_duplicate_of = None;
    for candidate in by_email {
        if !visible_applicant(conn, caller, &candidate)? {
            continue;
        }
        if ombudsman_domain::search::fold(&candidate.full_name) == name {
            return Ok(Match::Same(Box::new(candidate)));
        }
        possible_duplicate_of.get_or_insert(candidate.id);
    }
    if let Some(digits) = phone_digits {
        for candidate in applicants::with_name_and_phone(conn, full_name, digits)? {
            if visible_applicant(conn, caller, &candidate)? {
                return Ok(Match::Same(Box::new(candidate)));
            }
        }
    }
    Ok(Match::New { possible_duplicate_of })
}

/// Who a confirmed online registration's applicant is: a stored applicant with the e-mail the
/// citizen has just proved they hold and the same name (folded); otherwise a new applicant,
/// flagged as a possible duplicate of one who shares the e-mail. Nothing of the match is shown
/// to the citizen, and an unconfirmed phone never matches.
pub fn match_confirmed_email(conn: &mut PgConnection, email: Option<&str>, full_name: &str) -> Result<Match, DbError> {
    let Some(email) = email else {
        return Ok(Match::New {
            possible_duplicate_of: None,
        });
    };
    let name = ombudsman_domain::search::fold(full_name);
    let mut possible_duplicate_of = None;
    for candidate in applicants::with_email(conn, email)? {
        if ombudsman_domain::search::fold(&candidate.full_name) == name {
            return Ok(Match::Same(Box::new(candidate)));
        }
        possible_duplicate_of.get_or_insert(candidate.id);
    }
    Ok(Match::New { possible_duplicate_of })
}
