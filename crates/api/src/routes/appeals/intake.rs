//! `POST /api/v1/appeals`: registering an appeal.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::appeals::{self, NewAppealRow};
use ombudsman_db::applicants::{self, NewApplicantRow};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{audit, offices, users, DbError};
use ombudsman_domain::appeal::{
    parse_categories, parse_received_on, parse_region, registration_number, ApplicantInput, ApplicantKind, Category,
    Channel, NewApplicant, Vulnerability,
};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{AppealId, ApplicantId, UserId, VisitId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::{parse_name, Region};
use ombudsman_domain::search::fold;
use serde::{Deserialize, Serialize};

use ombudsman_app::access::{class_of, APPEALS};
use ombudsman_app::identity::{find_visible_applicant, match_applicant};
use ombudsman_db::applicants::Applicant;
use ombudsman_domain::access::{Action as Do, Relation, Resource};

use super::deadline::explain;
use super::views::Disclosure;
use super::views::{AppealView, RegisteredAppealView};
use crate::auth::{tokens, Principal};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created};
use crate::state::{today, AppState};

/// The applicant, given inline.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantRequest {
    /// `citizen`, `foreign_national`, `stateless_person` or `organization`.
    pub kind: ApplicantKind,
    /// Person's or organization's name.
    pub full_name: String,
    /// E-mail (the acknowledgement and decision are sent there).
    pub email: Option<String>,
    /// Phone, e.g. `+998901234567`.
    pub phone: Option<String>,
    /// Postal address.
    pub postal_address: Option<String>,
    /// `uz-Latn` (default), `uz-Cyrl`, `ru` or `en`.
    pub language: Option<Language>,
    /// ISO 3166 alpha-2.
    pub citizenship: Option<String>,
    /// ISO 3166 alpha-2, for a migrant worker.
    pub country_of_stay: Option<String>,
    /// Vulnerability markers.
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
}

/// A new appeal. Give exactly one of `applicant`, `applicant_id` or `anonymous: true`.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterAppealRequest {
    /// Date received (Tashkent date), not in the future.
    pub received_on: NaiveDate,
    /// Channel.
    pub channel: Channel,
    /// The applicant, inline; matched by e-mail, or by name and phone, among the applicants the
    /// caller may already see (else a new applicant).
    pub applicant: Option<ApplicantRequest>,
    /// An existing applicant.
    pub applicant_id: Option<ApplicantId>,
    /// An anonymous appeal (no applicant identity).
    #[serde(default)]
    pub anonymous: bool,
    /// Signatories of a collective appeal (2 or more).
    #[schema(minimum = 2)]
    pub signatories: Option<i32>,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, when the region is `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    #[schema(min_length = 1, max_length = 500)]
    pub subject: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Rights categories (at least one).
    #[schema(min_items = 1)]
    pub categories: Vec<Category>,
    /// State bodies complained about.
    #[serde(default)]
    pub respondent_bodies: Vec<String>,
    /// Confidential: only the assigned officer and managers see it.
    #[serde(default)]
    pub confidential: bool,
    /// Reprisal risk (detainees): the applicant's identity is shown only to the assigned officer
    /// and managers.
    #[serde(default)]
    pub reprisal_risk: bool,
    /// Officer to assign (managers); a case officer registering a confidential appeal is
    /// assigned it.
    pub assigned_to: Option<UserId>,
    /// The monitoring visit it was received during (channel `monitoring_visit`; received on
    /// one of the visit's days; a visit of the registering office).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub visit_id: Option<VisitId>,
}

/// Who appeals, once parsed.
enum Who {
    Anonymous,
    Existing(ApplicantId),
    New(NewApplicant),
}

/// A validated registration.
struct NewAppeal {
    received_on: NaiveDate,
    channel: Channel,
    who: Who,
    signatories: Option<i32>,
    region: Region,
    abroad_country: Option<String>,
    subject: String,
    description: String,
    categories: Vec<Category>,
    respondent_bodies: Vec<String>,
    confidential: bool,
    reprisal_risk: bool,
    assigned_to: Option<UserId>,
}

fn parse(req: &RegisterAppealRequest, today: NaiveDate) -> Result<NewAppeal, ApiError> {
    let mut errors = Errors::new();
    let received_on = errors.take(parse_received_on(req.received_on, today));
    let abroad_country = errors.take(parse_region(req.region, req.abroad_country.as_deref()));
    let subject = errors.take(parse_name("subject", &req.subject, 500));
    if req.description.chars().count() > 100_000 {
        errors.push(FieldError::new(
            "description",
            "too_long",
            "must be at most 100000 characters",
        ));
    }
    let categories = errors.take(parse_categories(&req.categories));
    if let Some(n) = req.signatories {
        if !(2..=1_000_000).contains(&n) {
            errors.push(FieldError::new(
                "signatories",
                "out_of_range",
                "a collective appeal has 2 or more signatories",
            ));
        }
    }
    let mut respondent_bodies = Vec::new();
    for (i, body) in req.respondent_bodies.iter().enumerate() {
        if let Some(b) = errors.take(parse_name(&format!("respondent_bodies[{i}]"), body, 300)) {
            respondent_bodies.push(b);
        }
    }
    let who = match (&req.applicant, req.applicant_id, req.anonymous) {
        (None, None, true) => Some(Who::Anonymous),
        (None, Some(id), false) => Some(Who::Existing(id)),
        (Some(a), None, false) => {
            let input = ApplicantInput {
                kind: Some(a.kind),
                full_name: Some(&a.full_name),
                email: a.email.as_deref(),
                phone: a.phone.as_deref(),
                postal_address: a.postal_address.as_deref(),
                language: a.language,
                citizenship: a.citizenship.as_deref(),
                country_of_stay: a.country_of_stay.as_deref(),
                vulnerabilities: a.vulnerabilities.clone(),
            };
            match NewApplicant::parse(&input) {
                Ok(parsed) => Some(Who::New(parsed)),
                Err(ombudsman_domain::DomainError::Validation(errs)) => {
                    for e in errs {
                        errors.push(e.under("applicant"));
                    }
                    None
                }
                Err(other) => return Err(other.into()),
            }
        }
        _ => {
            errors.push(FieldError::new(
                "applicant",
                "applicant_required",
                "give exactly one of applicant, applicant_id or anonymous: true",
            ));
            None
        }
    };
    if req.anonymous && req.reprisal_risk {
        errors.push(FieldError::new(
            "reprisal_risk",
            "not_allowed",
            "an anonymous appeal has no identity to protect",
        ));
    }
    errors.finish()?;
    match (received_on, abroad_country, subject, categories, who) {
        (Some(received_on), Some(abroad_country), Some(subject), Some(categories), Some(who)) => Ok(NewAppeal {
            received_on,
            channel: req.channel,
            who,
            signatories: req.signatories,
            region: req.region,
            abroad_country,
            subject,
            description: req.description.trim().to_owned(),
            categories,
            respondent_bodies,
            confidential: req.confidential,
            reprisal_risk: req.reprisal_risk,
            assigned_to: req.assigned_to,
        }),
        _ => Err(ApiError::Internal("validated fields missing".into())),
    }
}

/// Generates an access code: 10 characters without look-alikes (about 49 bits), each drawn
/// uniformly from the alphabet (rejection sampling: no modulo bias).
fn access_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

fn register(
    conn: &mut PgConnection,
    p: &Principal,
    new: NewAppeal,
    mail_domain: &str,
    today: NaiveDate,
) -> Result<(AppealView, String), ApiError> {
    let office = offices::find(conn, p.office_id)?;
    let caller = p.caller();
    // Matching happens only among applicants the caller may see with their identity; the
    // response echoes what the caller sent, never a stored identity (docs/security.md).
    let (applicant, echo) = match new.who {
        Who::Anonymous => (None, None),
        Who::Existing(id) => match find_visible_applicant(conn, &caller, id)? {
            Some(a) => (Some(a.clone()), Some(a)),
            None => {
                return Err(ApiError::field(
                    "applicant_id",
                    "unknown_applicant",
                    "no applicant has this id",
                ))
            }
        },
        Who::New(a) => {
            let email = a.email.as_ref().map(|e| e.as_str());
            let stored = match match_applicant(conn, &caller, email, &a.full_name, a.phone_digits.as_deref())? {
                Some(existing) => existing,
                None => applicants::insert(
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
                    },
                )?,
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
            (Some(stored), Some(echo))
        }
    };
    let assigned_to = match new.assigned_to {
        Some(user) => {
            let class = class_of(new.confidential, new.channel);
            if user != p.user_id && !caller.decide(class, Do::Assign, &[Relation::SameOffice]).permits() {
                return Err(ApiError::field(
                    "assigned_to",
                    "not_allowed",
                    "only a manager assigns another officer",
                ));
            }
            let officer = users::find(conn, user).map_err(|e| match e {
                DbError::NotFound => ApiError::field("assigned_to", "unknown_user", "no user has this id"),
                other => other.into(),
            })?;
            if officer.office_id != p.office_id && !p.central_office {
                return Err(ApiError::field(
                    "assigned_to",
                    "other_office",
                    "the officer works in another office",
                ));
            }
            Some(user)
        }
        // Whoever registers a confidential appeal they could not otherwise see is assigned it.
        None if new.confidential
            && !caller
                .decide(Resource::ConfidentialAppeal, Do::Read, &[Relation::SameOffice])
                .permits() =>
        {
            Some(p.user_id)
        }
        None => None,
    };
    let year = new.received_on.year();
    let seq = appeals::next_number(conn, office.id, "appeal", year)?;
    let number = registration_number(&office.code, year, seq);
    let due = explain(conn, office.id, Track::Initial, new.received_on, 0, None, 0, today)?;
    let repeat_of = match &applicant {
        Some(a) => appeals::find_repeat_of(conn, a.id, &new.categories, new.received_on)?,
        None => None,
    };
    let code = access_code();
    let search_text = fold(&format!("{} {}", new.subject, new.description));
    let appeal = appeals::insert(
        conn,
        &NewAppealRow {
            id: AppealId::new(),
            office_id: office.id,
            number: &number,
            year,
            seq,
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
            respondent_bodies: &new.respondent_bodies,
            confidential: new.confidential,
            reprisal_risk: new.reprisal_risk,
            track: Track::Initial,
            track_started_on: new.received_on,
            due_on: due.due_on,
            assigned_to,
            repeat_of,
            access_code_hash: &tokens::digest(&code),
            search_text: &search_text,
            registered_by: Some(p.user_id),
        },
    )?;
    appeals::add_event(
        conn,
        appeal.id,
        Some(p.user_id),
        "registered",
        None,
        serde_json::json!({"number": number, "due_on": due.due_on, "repeat_of": repeat_of}),
    )?;
    audit::record(
        conn,
        &p.actor(),
        "appeal.register",
        "appeal",
        appeal.id.0,
        serde_json::json!({
            "number": number, "channel": new.channel, "region": new.region, "categories": new.categories,
            "confidential": new.confidential, "reprisal_risk": new.reprisal_risk,
        }),
    )?;
    if let Some(email) = applicant.as_ref().and_then(|a| a.email.clone()) {
        let ack = NewMessage {
            kind: "appeal_registered".into(),
            recipient: email,
            language: applicant
                .as_ref()
                .map(|a| a.language)
                .unwrap_or(office.default_language),
            payload: serde_json::json!({
                "number": number, "access_code": code, "received_on": new.received_on,
                "due_on": due.due_on, "subject": new.subject,
            }),
            dedupe_key: Some(format!("appeal_registered:{}", appeal.id)),
        };
        outbox::enqueue(conn, &ack, mail_domain)?;
    }
    let mut disclosure = Disclosure::of(conn, p, &[&appeal])?;
    if let Some(echo) = &echo {
        disclosure.identities.show_own_input(echo.id);
    }
    Ok((AppealView::new(appeal, echo, &disclosure, p, today), code))
}

/// The visit an appeal was received during must be one of the registering office's visits, and
/// the appeal received on one of its days.
fn check_visit(
    conn: &mut PgConnection,
    p: &Principal,
    visit_id: VisitId,
    received_on: NaiveDate,
) -> Result<(), ApiError> {
    // A visit of the registering office only, whoever else may read it.
    let scope = ombudsman_db::visits::VisitScope {
        all_offices: false,
        office_id: p.office_id,
    };
    let visit = match ombudsman_db::visits::find_visible(conn, &scope, visit_id) {
        Ok(v) => v,
        Err(DbError::NotFound) => {
            return Err(ApiError::field(
                "visit_id",
                "unknown_visit",
                "no visit of your office has this id",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    if received_on < visit.started_on || received_on > visit.ended_on {
        return Err(ApiError::field(
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

/// Registers an appeal: number, due date, applicant de-duplication, repeat detection, the
/// acknowledgement e-mail. The access code is shown only in this response.
#[utoipa::path(tag = "appeals", request_body = RegisterAppealRequest, security(("bearer" = [])), responses(
    (status = 201, body = RegisteredAppealView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/appeals")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<RegisterAppealRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    caller.require(&APPEALS, Do::Create)?;
    let today = today();
    let new = parse(&body.0, today)?;
    let class = class_of(new.confidential, new.channel);
    if !caller.decide(class, Do::Create, &[Relation::SameOffice]).permits() {
        return Err(ApiError::field(
            "channel",
            "not_allowed",
            "your role registers only appeals received during monitoring visits",
        ));
    }
    let visit_id = body.0.visit_id;
    if visit_id.is_some() && new.channel != Channel::MonitoringVisit {
        return Err(ApiError::field(
            "visit_id",
            "wrong_channel",
            "only an appeal with channel monitoring_visit is received during a visit",
        ));
    }
    let mail_domain = state.settings.mail_domain.clone();
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        if let Some(visit_id) = visit_id {
            check_visit(conn, &p, visit_id, new.received_on)?;
        }
        let (mut view, access_code) = register(conn, &p, new, &mail_domain, today)?;
        if let Some(visit_id) = visit_id {
            ombudsman_db::visits::link_appeal(conn, view.id, visit_id)?;
            view.visit_id = Some(visit_id);
        }
        Ok(Created {
            location: format!("/api/v1/appeals/{}", view.id),
            body: http::to_json(&RegisteredAppealView {
                appeal: view,
                access_code,
            })?,
        })
    })
    .await
}
