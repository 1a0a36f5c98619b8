//! Registering an appeal: number, due date, applicant matching, repeat detection, the
//! timeline, the audit trail and the acknowledgement e-mail, in the caller's transaction.

use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, NewAppealRow};
use ombudsman_db::applicants::{self, Applicant, NewApplicantRow};
use ombudsman_db::audit::Actor;
use ombudsman_db::outbox::NewMessage;
use ombudsman_db::{offices, users, visits, DbError};
use ombudsman_domain::access::{Action as Do, Relation, Resource};
use ombudsman_domain::appeal::{Category, Channel, NewApplicant};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::ids::{AppealId, ApplicantId, OfficeId, StateBodyId, UserId, VisitId};
use ombudsman_domain::notification::{self, Notification};
use ombudsman_domain::office::Region;
use ombudsman_domain::search::fold;
use sha2::{Digest, Sha256};

use crate::access::{class_of, Caller, APPEALS};
use crate::context::Context;
use crate::deadline::explain;
use crate::error::AppError;
use crate::identity::{find_visible_applicant, match_applicant, match_confirmed_email, Match};
use crate::state_bodies::resolve_bodies;

/// Who appeals, once parsed.
#[derive(Debug, Clone)]
pub enum Who {
    /// Nobody named.
    Anonymous,
    /// An applicant already stored (and visible to the caller).
    Existing(ApplicantId),
    /// An applicant given inline: matched among those the caller may see, else stored anew.
    New(NewApplicant),
}

/// A validated registration.
#[derive(Debug, Clone)]
pub struct RegisterAppeal {
    /// Date received (Tashkent date), not in the future.
    pub received_on: NaiveDate,
    /// Channel.
    pub channel: Channel,
    /// Who appeals.
    pub who: Who,
    /// Signatories of a collective appeal.
    pub signatories: Option<i32>,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, for region `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// Rights categories (at least one, deduplicated).
    pub categories: Vec<Category>,
    /// State bodies complained about, as free text (validated): linked to the directory
    /// where the text names a body.
    pub respondent_bodies: Vec<String>,
    /// State bodies complained about, by their id in the directory.
    pub respondent_body_ids: Vec<StateBodyId>,
    /// Confidential.
    pub confidential: bool,
    /// Reprisal risk.
    pub reprisal_risk: bool,
    /// Officer to assign.
    pub assigned_to: Option<UserId>,
    /// The monitoring visit it was received during.
    pub visit_id: Option<VisitId>,
}

/// A registered appeal.
#[derive(Debug)]
pub struct Registered {
    /// The stored appeal (with its visit, when received during one).
    pub appeal: Appeal,
    /// What the caller typed about the applicant (or the visible stored applicant they
    /// named), never another stored identity (docs/security.md, rule 7).
    pub echo: Option<Applicant>,
    /// The access code for the public lookup, shown only once.
    pub access_code: String,
    /// The applicant's protected appeals (applicant, office, assigned officer), this one
    /// included: what decides whose identity the registering member of staff is shown (read
    /// before the number was taken; empty for the public intake).
    pub protected: Vec<ProtectedAppeal>,
    /// Whether the registering member of staff may see the earlier appeal this one repeats.
    pub repeat_visible: bool,
}

/// A protected appeal of an applicant: applicant, office, assigned officer (as
/// [`appeals::protected_of`] reads them).
pub type ProtectedAppeal = (ApplicantId, OfficeId, Option<UserId>);

/// Who registers an appeal: a member of staff in their office, or the public intake in the
/// office of the appeal's region once the citizen confirmed their e-mail.
pub(crate) enum Registrar<'a> {
    /// A member of staff, under the policy.
    Staff(&'a Caller),
    /// The public intake: no user, the applicant matched only by their confirmed e-mail.
    Public {
        /// The office the region's appeals go to.
        office: OfficeId,
        /// The actor of the audit trail.
        actor: Actor,
    },
}

impl Registrar<'_> {
    fn office(&self) -> OfficeId {
        match self {
            Registrar::Staff(caller) => caller.office_id,
            Registrar::Public { office, .. } => *office,
        }
    }

    fn user(&self) -> Option<UserId> {
        match self {
            Registrar::Staff(caller) => Some(caller.user_id),
            Registrar::Public { .. } => None,
        }
    }

    fn actor(&self) -> Actor {
        match self {
            Registrar::Staff(caller) => caller.actor(),
            Registrar::Public { actor, .. } => actor.clone(),
        }
    }
}

/// 403 unless the caller's role registers appeals at all; asked before the command is parsed.
pub fn may_register(caller: &Caller) -> Result<(), AppError> {
    caller.require(&APPEALS, Do::Create)?;
    Ok(())
}

/// Registers an appeal in the caller's office, with its timeline entry, audit event and
/// acknowledgement e-mail, in the caller's transaction.
pub fn register_appeal(
    conn: &mut PgConnection,
    caller: &Caller,
    new: RegisterAppeal,
    ctx: Context<'_>,
) -> Result<Registered, AppError> {
    may_register(caller)?;
    let class = class_of(new.confidential, new.channel);
    if !caller.decide(class, Do::Create, &[Relation::SameOffice]).permits() {
        return Err(AppError::field(
            "channel",
            "not_allowed",
            "your role registers only appeals received during monitoring visits",
        ));
    }
    if new.visit_id.is_some() && new.channel != Channel::MonitoringVisit {
        return Err(AppError::field(
            "visit_id",
            "wrong_channel",
            "only an appeal with channel monitoring_visit is received during a visit",
        ));
    }
    if let Some(visit_id) = new.visit_id {
        check_visit(conn, caller, visit_id, new.received_on)?;
    }
    let visit_id = new.visit_id;
    let assigned_to = assignee(conn, caller, &new)?;
    let mut registered = register(conn, &Registrar::Staff(caller), new, assigned_to, ctx)?;
    if let Some(visit_id) = visit_id {
        visits::link_appeal(conn, registered.appeal.id, visit_id)?;
        registered.appeal.visit_id = Some(visit_id);
    }
    Ok(registered)
}

/// Generates an access code: 10 characters without look-alikes (about 49 bits), each drawn
/// uniformly from the alphabet (rejection sampling: no modulo bias).
pub(crate) fn access_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The applicant stored with the appeal, the one echoed to the caller, and whether the stored
/// one was made by this registration (so has no appeal yet).
fn applicant(
    conn: &mut PgConnection,
    registrar: &Registrar<'_>,
    who: Who,
    appeal: AppealId,
) -> Result<(Option<Applicant>, Option<Applicant>, bool), AppError> {
    // Matching happens only among applicants the caller may see with their identity; the
    // response echoes what the caller sent, never a stored identity (docs/security.md).
    match who {
        Who::Anonymous => Ok((None, None, false)),
        Who::Existing(id) => match match registrar {
            Registrar::Staff(caller) => find_visible_applicant(conn, caller, id)?,
            Registrar::Public { .. } => None,
        } {
            Some(a) => Ok((Some(a.clone()), Some(a), false)),
            None => Err(AppError::field(
                "applicant_id",
                "unknown_applicant",
                "no applicant has this id",
            )),
        },
        Who::New(a) => {
            let email = a.email.as_ref().map(|e| e.as_str());
            // Concurrent registrations of the same new person: the second waits for the first
            // and then matches the applicant it stored.
            applicants::lock_identity(conn, email, &a.full_name, a.phone_digits.as_deref())?;
            let found = match registrar {
                Registrar::Staff(caller) => {
                    match_applicant(conn, caller, email, &a.full_name, a.phone_digits.as_deref())?
                }
                Registrar::Public { .. } => match_confirmed_email(conn, email, &a.full_name)?,
            };
            let (stored, made) = match found {
                Match::Same(existing) => {
                    keep_new_contacts(conn, registrar.user(), &existing, &a, appeal)?;
                    (*existing, false)
                }
                Match::New { possible_duplicate_of } => (
                    applicants::insert(
                        conn,
                        &NewApplicantRow {
                            id: ApplicantId::new(),
                            kind: a.kind,
                            full_name: &a.full_name,
                            email,
                            phone: a.phone.as_deref(),
                            phone_digits: a.phone_digits.as_deref(),
                            postal_address: a.postal_address.as_deref(),
                            language: a.language,
                            citizenship: a.citizenship.as_deref(),
                            country_of_stay: a.country_of_stay.as_deref(),
                            vulnerabilities: &a.vulnerabilities,
                            possible_duplicate_of,
                        },
                    )?,
                    true,
                ),
            };
            let echo = Applicant {
                kind: a.kind,
                full_name: a.full_name.clone(),
                email: email.map(str::to_owned),
                phone: a.phone.clone(),
                phone_digits: a.phone_digits.clone(),
                postal_address: a.postal_address.clone(),
                language: a.language,
                citizenship: a.citizenship.clone(),
                country_of_stay: a.country_of_stay.clone(),
                vulnerabilities: a.vulnerabilities.iter().copied().map(Some).collect(),
                ..stored.clone()
            };
            Ok((Some(stored), Some(echo), made))
        }
    }
}

/// When a matched applicant gives contact details other than those on record, keeps what they
/// gave in their contact history and makes the newest phone, e-mail and address the ones on
/// record (the name on record stays: it is what the person is found by).
fn keep_new_contacts(
    conn: &mut PgConnection,
    recorded_by: Option<UserId>,
    stored: &Applicant,
    given: &NewApplicant,
    appeal: AppealId,
) -> Result<(), AppError> {
    let email = given.email.as_ref().map(|e| e.as_str());
    let new_email = email.filter(|e| stored.email.as_deref().map(str::to_lowercase) != Some(e.to_lowercase()));
    let new_phone = given
        .phone_digits
        .as_deref()
        .filter(|d| stored.phone_digits.as_deref() != Some(*d));
    let new_address = given
        .postal_address
        .as_deref()
        .filter(|p| stored.postal_address.as_deref() != Some(*p));
    let renamed = given.full_name != stored.full_name;
    if new_email.is_none() && new_phone.is_none() && new_address.is_none() && !renamed {
        return Ok(());
    }
    let contact = applicants::Contact {
        id: uuid::Uuid::now_v7(),
        applicant_id: stored.id,
        appeal_id: Some(appeal),
        full_name: given.full_name.clone(),
        email: email.map(str::to_owned),
        phone: given.phone.clone(),
        postal_address: given.postal_address.clone(),
        recorded_by,
        recorded_at: chrono::Utc::now(),
    };
    let update = applicants::ContactUpdate {
        email: new_email,
        phone: new_phone.and(given.phone.as_deref()),
        phone_digits: new_phone,
        postal_address: new_address,
    };
    applicants::record_contacts(conn, &contact, &update)?;
    Ok(())
}

/// The officer the new appeal is assigned to.
fn assignee(conn: &mut PgConnection, caller: &Caller, new: &RegisterAppeal) -> Result<Option<UserId>, AppError> {
    match new.assigned_to {
        Some(user) => {
            let class = class_of(new.confidential, new.channel);
            if user != caller.user_id && !caller.decide(class, Do::Assign, &[Relation::SameOffice]).permits() {
                return Err(AppError::field(
                    "assigned_to",
                    "not_allowed",
                    "only a manager assigns another officer",
                ));
            }
            let officer = users::find(conn, user).map_err(|e| match e {
                DbError::NotFound => AppError::field("assigned_to", "unknown_user", "no user has this id"),
                other => other.into(),
            })?;
            if officer.office_id != caller.office_id && !caller.central_office {
                return Err(AppError::field(
                    "assigned_to",
                    "other_office",
                    "the officer works in another office",
                ));
            }
            Ok(Some(user))
        }
        // Whoever registers a confidential appeal they could not otherwise see is assigned it.
        None if new.confidential
            && !caller
                .decide(Resource::ConfidentialAppeal, Do::Read, &[Relation::SameOffice])
                .permits() =>
        {
            Ok(Some(caller.user_id))
        }
        None => Ok(None),
    }
}

/// Registers an appeal filed online and confirmed by the citizen, in the office of its region,
/// unassigned: the same numbering, due date, applicant record, timeline, audit event and
/// acknowledgement as any other registration. The applicant is matched only by the e-mail they
/// have just confirmed (and the same name).
pub(crate) fn register_confirmed(
    conn: &mut PgConnection,
    office: OfficeId,
    actor: Actor,
    new: RegisterAppeal,
    ctx: Context<'_>,
) -> Result<Registered, AppError> {
    register(conn, &Registrar::Public { office, actor }, new, None, ctx)
}

fn register(
    conn: &mut PgConnection,
    registrar: &Registrar<'_>,
    new: RegisterAppeal,
    assigned_to: Option<UserId>,
    ctx: Context<'_>,
) -> Result<Registered, AppError> {
    let office = offices::find(conn, registrar.office())?;
    let bodies = resolve_bodies(
        conn,
        &new.respondent_bodies,
        &new.respondent_body_ids,
        "respondent_body_ids",
    )?;
    let (respondent_bodies, respondent_body_ids): (Vec<String>, Vec<Option<StateBodyId>>) =
        bodies.into_iter().map(|b| (b.name, b.body)).unzip();
    let id = AppealId::new();
    let (applicant, echo, made) = applicant(conn, registrar, new.who.clone(), id)?;
    let year = new.received_on.year();
    let due = explain(
        conn,
        office.id,
        Track::Initial,
        new.received_on,
        Vec::new(),
        0,
        ctx.today,
    )?;
    // An applicant stored just now has no earlier appeal to repeat.
    let repeat_of = match &applicant {
        Some(a) if !made => appeals::find_repeat_of(conn, a.id, &new.categories, new.received_on)?,
        _ => None,
    };
    // What the member of staff will be shown of the new appeal, decided before the number is
    // taken (from then on every other registration in the office waits for this one).
    let (protected, repeat_visible) = match registrar {
        Registrar::Staff(caller) => shown_to(
            conn,
            caller,
            applicant.as_ref(),
            made,
            &new,
            office.id,
            assigned_to,
            repeat_of,
        )?,
        Registrar::Public { .. } => (Vec::new(), false),
    };
    let code = access_code();
    let search_text = fold(&format!("{} {}", new.subject, new.description));
    let acknowledgement = match applicant.as_ref().and_then(|a| a.email.clone()) {
        Some(email) => {
            let notification = Notification::AppealRegistered(notification::AppealRegistered {
                // Set by the statement that takes the number.
                number: String::new(),
                access_code: code.clone(),
                received_on: new.received_on,
                due_on: due.due_on,
                subject: new.subject.clone(),
            });
            Some(NewMessage::notification(
                &notification,
                email,
                applicant
                    .as_ref()
                    .map(|a| a.language)
                    .unwrap_or(office.default_language),
                Some(office.id),
                Some(notification.kind().occurrence_key(&[&id])),
            ))
        }
        None => None,
    };
    // The office's counter row stays locked until the transaction ends, so every other
    // registration in the office waits from here: the number is taken by the one statement that
    // writes the appeal, its timeline entry, audit event and acknowledgement (each given the
    // number there), once everything that does not need it has been read and computed.
    let actor = registrar.actor();
    let appeal = appeals::register_numbered(
        conn,
        &NewAppealRow {
            id,
            office_id: office.id,
            office_code: &office.code,
            year,
            received_on: new.received_on,
            channel: new.channel,
            applicant_id: applicant.as_ref().map(|a| a.id),
            anonymous: applicant.is_none(),
            signatories: new.signatories,
            region: new.region,
            abroad_country: new.abroad_country.as_deref(),
            subject: &new.subject,
            description: &new.description,
            categories: &new.categories,
            respondent_bodies: &respondent_bodies,
            respondent_body_ids: &respondent_body_ids,
            confidential: new.confidential,
            reprisal_risk: new.reprisal_risk,
            track: Track::Initial,
            track_started_on: new.received_on,
            due_on: due.due_on,
            assigned_to,
            repeat_of,
            access_code_hash: &Sha256::digest(code.as_bytes()),
            search_text: &search_text,
            registered_by: registrar.user(),
        },
        &appeals::RegistrationRecords {
            timeline_data: serde_json::json!({"due_on": due.due_on, "repeat_of": repeat_of}),
            actor: &actor,
            audit_diff: serde_json::json!({
                "channel": new.channel, "region": new.region, "categories": new.categories,
                "confidential": new.confidential, "reprisal_risk": new.reprisal_risk,
            }),
            acknowledgement: acknowledgement.as_ref().map(|ack| (ack, ctx.mail_domain)),
        },
    )?;
    Ok(Registered {
        appeal,
        echo,
        access_code: code,
        protected,
        repeat_visible,
    })
}

/// What decides what the member of staff registering an appeal is shown of it: the applicant's
/// protected appeals as they stand plus the new one (an applicant stored just now has no other),
/// and whether they may see the appeal it repeats; read before the number is taken.
#[allow(clippy::too_many_arguments)]
fn shown_to(
    conn: &mut PgConnection,
    caller: &Caller,
    applicant: Option<&Applicant>,
    made: bool,
    new: &RegisterAppeal,
    office: OfficeId,
    assigned_to: Option<UserId>,
    repeat_of: Option<AppealId>,
) -> Result<(Vec<ProtectedAppeal>, bool), AppError> {
    let mut protected = match applicant {
        Some(a) if !made => appeals::protected_of(conn, &[a.id])?,
        _ => Vec::new(),
    };
    if let Some(a) = applicant {
        if new.confidential || new.reprisal_risk {
            protected.push((a.id, office, assigned_to));
        }
    }
    let repeat_visible = match repeat_of {
        Some(r) => caller.visible_appeals(conn, &[r])?.contains(&r),
        None => false,
    };
    Ok((protected, repeat_visible))
}

/// The visit an appeal was received during must be one of the registering office's visits, and
/// the appeal received on one of its days.
fn check_visit(
    conn: &mut PgConnection,
    caller: &Caller,
    visit_id: VisitId,
    received_on: NaiveDate,
) -> Result<(), AppError> {
    // A visit of the registering office only, whoever else may read it.
    let scope = visits::VisitScope {
        all_offices: false,
        office_id: caller.office_id,
    };
    let visit = crate::visits::cited(conn, &scope, visit_id, "no visit of your office has this id")?;
    if received_on < visit.started_on || received_on > visit.ended_on {
        return Err(AppError::field(
            "received_on",
            "outside_visit",
            format!(
                "an appeal received during visit {} is received from {} to {}",
                visit.number, visit.started_on, visit.ended_on
            ),
        ));
    }
    Ok(())
}
