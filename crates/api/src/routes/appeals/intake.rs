//! `POST /api/v1/appeals`: registering an appeal.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use ombudsman_app::appeals::register::may_register;
use ombudsman_app::appeals::{register_appeal, RegisterAppeal, Registered, Who};
use ombudsman_app::Context;
use ombudsman_domain::appeal::{
    parse_categories, parse_received_on, parse_region, ApplicantInput, ApplicantKind, Category, Channel, NewApplicant,
    Vulnerability,
};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::{ApplicantId, StateBodyId, UserId, VisitId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::{parse_name, Region};
use serde::{Deserialize, Serialize};

use super::views::Disclosure;
use super::views::{AppealView, RegisteredAppealView};
use crate::auth::Principal;
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
    #[schema(min_length = 1, max_length = 300)]
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
    /// Signatories of a collective appeal (2 to 1,000,000).
    #[schema(minimum = 2, maximum = 1_000_000)]
    pub signatories: Option<i32>,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, when the region is `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    #[schema(min_length = 1, max_length = 500)]
    pub subject: String,
    /// Description (at most 100,000 characters).
    #[serde(default)]
    #[schema(max_length = 100_000)]
    pub description: String,
    /// Rights categories (at least one).
    #[schema(min_items = 1)]
    pub categories: Vec<Category>,
    /// State bodies complained about, as free text (each at most 300 characters): a text
    /// whose folded form (either Uzbek script, Russian or English) is a name of one body of the
    /// directory is linked to it; other text stays free text.
    #[serde(default)]
    pub respondent_bodies: Vec<String>,
    /// State bodies complained about, by their id in the directory (`/state-bodies`).
    #[serde(default)]
    pub respondent_body_ids: Vec<StateBodyId>,
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

/// Parses a registration, naming every wrong field.
fn parse(req: &RegisterAppealRequest, today: NaiveDate) -> Result<RegisterAppeal, ApiError> {
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
                "a collective appeal has 2 to 1,000,000 signatories",
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
        (Some(received_on), Some(abroad_country), Some(subject), Some(categories), Some(who)) => Ok(RegisterAppeal {
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
            respondent_body_ids: req.respondent_body_ids.clone(),
            confidential: req.confidential,
            reprisal_risk: req.reprisal_risk,
            assigned_to: req.assigned_to,
            visit_id: req.visit_id,
        }),
        _ => Err(ApiError::Internal("validated fields missing".into())),
    }
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
    may_register(&principal)?;
    let today = today();
    let new = parse(&body.0, today)?;
    let mail_domain = state.settings.mail_domain.clone();
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let ctx = Context {
            today,
            mail_domain: &mail_domain,
        };
        let registered = register_appeal(conn, &p, new, ctx)?;
        let view = registered_view(conn, &p, registered, today)?;
        Ok(Created {
            location: format!("/api/v1/appeals/{}", view.appeal.id),
            body: http::to_json(&view)?,
        })
    })
    .await
}

/// The 201 of a registration: the appeal as the caller sees it (with the applicant they
/// typed) and the access code.
fn registered_view(
    conn: &mut diesel::PgConnection,
    p: &Principal,
    registered: Registered,
    today: NaiveDate,
) -> Result<RegisteredAppealView, ApiError> {
    let Registered {
        appeal,
        echo,
        access_code,
        protected,
        repeat_visible,
    } = registered;
    // From what the use case read before it took the number: nothing more is read while the
    // office's other registrations wait (a read of a protected identity is still logged).
    let applicants: Vec<_> = appeal.applicant_id.into_iter().collect();
    let identities = ombudsman_app::identity::identities_given(conn, &p.caller(), applicants, &protected)?;
    let mut disclosure = Disclosure {
        identities,
        visible_links: appeal.repeat_of.filter(|_| repeat_visible).into_iter().collect(),
    };
    if let Some(echo) = &echo {
        disclosure.identities.show_own_input(echo.id);
    }
    Ok(RegisteredAppealView {
        appeal: AppealView::new(appeal, echo, &disclosure, p, today),
        access_code,
    })
}
