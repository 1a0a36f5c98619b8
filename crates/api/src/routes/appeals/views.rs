//! Response shapes of appeals and applicants.

use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_db::appeals::Appeal;
use ombudsman_db::applicants::Applicant;
use ombudsman_domain::appeal::{
    allowed_actions, Action, ApplicantKind, Category, Channel, Outcome, Status, Vulnerability,
};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::ids::{AppealId, ApplicantId, OfficeId, StateBodyId, UserId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use serde::Serialize;

use crate::auth::Principal;

/// What of the linked records the caller may be shown: whose identities, which appeals.
#[derive(Debug, Default, Clone)]
pub struct Disclosure {
    /// Whether each applicant's identity is shown.
    pub identities: ombudsman_app::identity::Identities,
    /// Linked appeals (repeats) the caller may see.
    pub visible_links: std::collections::HashSet<AppealId>,
}

impl Disclosure {
    /// Works out, for these appeals, whose identity the caller sees (logging reads of
    /// protected identities) and which of the appeals they repeat the caller may see.
    pub fn of(
        conn: &mut diesel::PgConnection,
        p: &Principal,
        appeals: &[&Appeal],
    ) -> Result<Self, crate::error::ApiError> {
        let caller = p.caller();
        let applicant_ids: Vec<ApplicantId> = appeals.iter().filter_map(|a| a.applicant_id).collect();
        let identities = ombudsman_app::identity::identities(conn, &caller, &applicant_ids)?;
        Self::with_identities(conn, p, appeals, identities)
    }

    /// The same for one appeal whose applicant's protected appeals are read already (as
    /// [`ombudsman_db::appeals::find_detailed`] reads them with it).
    pub fn of_detailed(
        conn: &mut diesel::PgConnection,
        p: &Principal,
        found: &ombudsman_db::appeals::DetailedAppeal,
    ) -> Result<Self, crate::error::ApiError> {
        let ids: Vec<ApplicantId> = found.appeal.applicant_id.into_iter().collect();
        let identities = ombudsman_app::identity::identities_given(conn, &p.caller(), ids, &found.protected)?;
        Self::with_identities(conn, p, &[&found.appeal], identities)
    }

    fn with_identities(
        conn: &mut diesel::PgConnection,
        p: &Principal,
        appeals: &[&Appeal],
        identities: ombudsman_app::identity::Identities,
    ) -> Result<Self, crate::error::ApiError> {
        let caller = p.caller();
        let links: Vec<AppealId> = appeals.iter().filter_map(|a| a.repeat_of).collect();
        let visible_links = caller.visible_appeals(conn, &links)?;
        Ok(Self {
            identities,
            visible_links,
        })
    }
}

/// An applicant.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApplicantView {
    /// Identifier; absent when the identity is withheld (a stable id would let the caller
    /// link the person's appeals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<ApplicantId>,
    /// Kind.
    pub kind: ApplicantKind,
    /// Name; absent when the identity is withheld.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Postal address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<String>,
    /// Preferred language.
    pub language: Language,
    /// Citizenship.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citizenship: Option<String>,
    /// Country of stay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_of_stay: Option<String>,
    /// Vulnerability markers.
    pub vulnerabilities: Vec<Vulnerability>,
    /// True when the identity is withheld (one of the person's appeals is confidential or at
    /// reprisal risk, and the caller is neither its assigned officer nor a manager over it).
    pub identity_withheld: bool,
}

impl ApplicantView {
    /// The full view, or the withheld one.
    pub fn new(a: Applicant, identity: bool) -> Self {
        let vulnerabilities = a.vulnerabilities.into_iter().flatten().collect();
        if identity {
            Self {
                id: Some(a.id),
                kind: a.kind,
                full_name: Some(a.full_name),
                email: a.email,
                phone: a.phone,
                postal_address: a.postal_address,
                language: a.language,
                citizenship: a.citizenship,
                country_of_stay: a.country_of_stay,
                vulnerabilities,
                identity_withheld: false,
            }
        } else {
            Self {
                id: None,
                kind: a.kind,
                full_name: None,
                email: None,
                phone: None,
                postal_address: None,
                language: a.language,
                citizenship: None,
                country_of_stay: None,
                vulnerabilities,
                identity_withheld: true,
            }
        }
    }
}

/// An appeal.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AppealView {
    /// Identifier.
    pub id: AppealId,
    /// Registration number, e.g. `TAS-2025-004217`.
    pub number: String,
    /// Registering office.
    pub office_id: OfficeId,
    /// Date received.
    pub received_on: NaiveDate,
    /// Channel.
    pub channel: Channel,
    /// The applicant (null for an anonymous appeal).
    pub applicant: Option<ApplicantView>,
    /// Anonymous appeal.
    pub anonymous: bool,
    /// Signatories of a collective appeal.
    pub signatories: Option<i32>,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, when abroad.
    pub abroad_country: Option<String>,
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// Rights categories.
    pub categories: Vec<Category>,
    /// State bodies complained about, as written (a body named by its id shows its name in
    /// Uzbek, Latin script).
    pub respondent_bodies: Vec<String>,
    /// The bodies of the directory among them, in the same order (free text that names no body
    /// has none).
    #[schema(value_type = Vec<String>)]
    pub respondent_body_ids: Vec<StateBodyId>,
    /// The same bodies with their names in the language of `Accept-Language` (on the
    /// single-appeal view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondent_state_bodies: Option<Vec<crate::routes::state_bodies::StateBodyRef>>,
    /// Confidential.
    pub confidential: bool,
    /// Reprisal risk.
    pub reprisal_risk: bool,
    /// Status.
    pub status: Status,
    /// Outcome, when closed.
    pub outcome: Option<Outcome>,
    /// Date closed.
    pub closed_on: Option<NaiveDate>,
    /// Deadline track.
    pub track: Track,
    /// Due date (see `/deadline` for how it was computed).
    pub due_on: NaiveDate,
    /// Open, running and past its due date (a paused appeal is never overdue).
    pub overdue: bool,
    /// The clock is paused while the office waits for the applicant.
    pub paused: bool,
    /// Extensions granted.
    pub extensions: i32,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// The earlier appeal of the same applicant this one repeats (only when the caller may
    /// see that appeal and the applicant's identity).
    pub repeat_of: Option<AppealId>,
    /// The monitoring visit it was received during.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub visit_id: Option<ombudsman_domain::ids::VisitId>,
    /// Moves the caller may make now.
    pub allowed_actions: Vec<Action>,
    /// Impact measures issued for it (on the single-appeal view).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub impact_measures: Option<Vec<ombudsman_db::impact::MeasureSummary>>,
    /// Compensation recovered from it per currency, in minor units, e.g. `{"UZS": 125000000}`
    /// (on the single-appeal view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compensation_total_minor: Option<std::collections::BTreeMap<String, i128>>,
    /// Version (the ETag).
    pub version: i32,
    /// Registered at.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl AppealView {
    /// Builds the view the caller may see: the applicant's identity only when `disclosure`
    /// shows it, the repeated appeal only when the caller may see it too.
    pub fn new(
        a: Appeal,
        applicant: Option<Applicant>,
        disclosure: &Disclosure,
        p: &Principal,
        today: NaiveDate,
    ) -> Self {
        let identity = a.applicant_id.is_some_and(|id| disclosure.identities.shown(id));
        let repeat_of = a.repeat_of.filter(|r| identity && disclosure.visible_links.contains(r));
        let paused = a.paused_since.is_some();
        Self {
            impact_measures: None,
            compensation_total_minor: None,
            allowed_actions: if p.caller().decide(
                ombudsman_app::access::appeal_class(&a),
                ombudsman_domain::access::Action::Move,
                &p.caller().relations(a.office_id, a.assigned_to),
            ) == ombudsman_domain::access::Decision::Deny
            {
                vec![]
            } else {
                allowed_actions(a.status, paused, p.role)
            },
            // A paused appeal's clock is stopped: it is never overdue.
            overdue: a.status != Status::Closed && a.paused_since.is_none() && a.due_on < today,
            id: a.id,
            number: a.number,
            office_id: a.office_id,
            received_on: a.received_on,
            channel: a.channel,
            applicant: applicant.map(|ap| ApplicantView::new(ap, identity)),
            anonymous: a.anonymous,
            signatories: a.signatories,
            region: a.region,
            abroad_country: a.abroad_country,
            subject: a.subject,
            description: a.description,
            categories: a.categories.into_iter().flatten().collect(),
            respondent_bodies: a.respondent_bodies.into_iter().flatten().collect(),
            respondent_body_ids: a.respondent_body_ids.into_iter().flatten().flatten().collect(),
            respondent_state_bodies: None,
            confidential: a.confidential,
            reprisal_risk: a.reprisal_risk,
            status: a.status,
            outcome: a.outcome,
            closed_on: a.closed_on,
            track: a.track,
            due_on: a.due_on,
            paused,
            extensions: a.extensions,
            assigned_to: a.assigned_to,
            repeat_of,
            visit_id: a.visit_id,
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A newly registered appeal: the appeal and the applicant's access code, shown only here.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegisteredAppealView {
    /// The appeal.
    #[serde(flatten)]
    pub appeal: AppealView,
    /// The code the applicant uses to look the status up; never shown again.
    pub access_code: String,
}
