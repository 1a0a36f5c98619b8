//! Citizens' public intake, without a login: filing an appeal (`POST /public/appeals`), adding
//! files to the draft, confirming it from the e-mail, and answering the office on the
//! applicant's page. Every route is limited per client address in PostgreSQL (429 with
//! `Retry-After`), and filing also per e-mail address. The HTML pages (`crate::pages`) parse
//! their forms into the same requests and call the same use cases.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_app::intake::drafts::AppealText;
use ombudsman_app::intake::{
    attach_to_draft, attach_to_reply, confirm_draft, reply, submit_appeal, AnonymousAppeal, DraftAppeal, ReplyToOffice,
    SubmitAppeal, Submitted, MAX_FILES,
};
use ombudsman_domain::appeal::{parse_categories, parse_phone, parse_region, Category};
use ombudsman_domain::error::{Errors, FieldError};
use ombudsman_domain::ids::ReplyId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::{parse_name, Region};
use ombudsman_domain::user::Email;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::appeals::attachments::{keep_or_remove, receive};
use crate::client::{limit, public_client};
use crate::error::ApiError;
use crate::extract::{JsonBody, Query};
use crate::state::AppState;

/// The longest description, in characters.
pub const MAX_DESCRIPTION: usize = 20_000;
/// The longest reply, in characters.
pub const MAX_REPLY: usize = 20_000;

/// An appeal filed online. A named appeal needs `full_name` and `email` (the confirmation goes
/// there); an anonymous one (`anonymous: true`) gives neither and is registered at once.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitAppealRequest {
    /// No name and no reply channel: registered at once, counted as anonymous.
    #[serde(default)]
    pub anonymous: bool,
    /// Your name (named appeals).
    #[schema(min_length = 1, max_length = 300)]
    pub full_name: Option<String>,
    /// Your e-mail: the confirmation link is sent there (named appeals).
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Your phone, e.g. `+998901234567`.
    pub phone: Option<String>,
    /// Your language: the e-mails and labels are in it.
    pub language: Language,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, when the region is `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    #[schema(min_length = 1, max_length = 500)]
    pub subject: String,
    /// What happened (plain text, at most 20,000 characters).
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub description: String,
    /// Rights categories (`other` when none is given).
    #[serde(default)]
    #[schema(max_items = 16)]
    pub categories: Vec<Category>,
    /// Consent to the processing of personal data (its text: `docs/public-intake.md`); must be
    /// `true`.
    pub consent: bool,
    /// Leave empty: a field people do not see. A valid request that fills it is answered as if
    /// accepted, and nothing is stored.
    pub website: Option<String>,
}

impl SubmitAppealRequest {
    /// Whether a robot filled the field that people do not see.
    pub fn is_robot(&self) -> bool {
        self.website.as_deref().is_some_and(|w| !w.trim().is_empty())
    }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses a submission, naming every wrong field; `confirm_link` is the confirmation page the
/// token is appended to.
pub fn parse_submission(req: &SubmitAppealRequest, confirm_link: &str) -> Result<SubmitAppeal, ApiError> {
    let mut errors = Errors::new();
    if !req.consent {
        errors.push(FieldError::new(
            "consent",
            "consent_required",
            "an appeal is accepted only with consent to the processing of its personal data",
        ));
    }
    let subject = errors.take(parse_name("subject", &req.subject, 500));
    let description = req.description.trim().to_owned();
    if description.chars().count() > MAX_DESCRIPTION {
        errors.push(FieldError::new(
            "description",
            "too_long",
            format!("must be at most {MAX_DESCRIPTION} characters"),
        ));
    }
    let abroad_country = errors.take(parse_region(req.region, req.abroad_country.as_deref()));
    let categories = if req.categories.is_empty() {
        Some(vec![Category::Other])
    } else {
        errors.take(parse_categories(&req.categories))
    };
    let named = if req.anonymous {
        for (field, value) in [
            ("full_name", &req.full_name),
            ("email", &req.email),
            ("phone", &req.phone),
        ] {
            if given(value).is_some() {
                errors.push(FieldError::new(
                    field,
                    "not_allowed",
                    "an anonymous appeal names nobody",
                ));
            }
        }
        None
    } else {
        let full_name = match given(&req.full_name) {
            Some(n) => errors.take(parse_name("full_name", n, 300)),
            None => {
                errors.push(FieldError::new(
                    "full_name",
                    "required",
                    "give your name, or file anonymously",
                ));
                None
            }
        };
        let email = match given(&req.email) {
            Some(e) => errors.take(Email::parse(e)),
            None => {
                errors.push(FieldError::new(
                    "email",
                    "required",
                    "give your e-mail: the appeal is registered once you confirm it",
                ));
                None
            }
        };
        let phone = match given(&req.phone) {
            Some(p) => errors.take(parse_phone(p)).map(Some),
            None => Some(None),
        };
        Some((full_name, email, phone))
    };
    errors.finish()?;
    let (Some(subject), Some(abroad_country), Some(categories)) = (subject, abroad_country, categories) else {
        return Err(ApiError::Internal("validated fields missing".into()));
    };
    let text = AppealText {
        language: req.language,
        region: req.region,
        abroad_country,
        subject,
        description,
        categories,
    };
    match named {
        None => Ok(SubmitAppeal::Anonymous(AnonymousAppeal { text })),
        Some((Some(full_name), Some(email), Some(phone))) => Ok(SubmitAppeal::Named(DraftAppeal {
            full_name,
            email,
            phone,
            text,
            confirm_link: confirm_link.to_owned(),
        })),
        Some(_) => Err(ApiError::Internal("validated fields missing".into())),
    }
}

/// The 202 of a named appeal: a draft waits for the confirmation sent to the e-mail.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DraftAccepted {
    /// Always `confirmation_sent`.
    pub status: &'static str,
    /// Adds files to the draft (`POST /public/drafts/files`) until it is confirmed.
    pub upload_token: String,
    /// When the draft (and its link) expires.
    pub expires_at: DateTime<Utc>,
}

/// The 201 of a registered appeal (anonymous, or a confirmed draft).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegisteredPublicly {
    /// Registration number.
    pub number: String,
    /// The code that, with the number, opens the applicant's page (shown only here).
    pub access_code: String,
    /// Date received.
    pub received_on: NaiveDate,
    /// Date the answer is due.
    pub due_on: NaiveDate,
}

impl From<&ombudsman_app::appeals::Registered> for RegisteredPublicly {
    fn from(r: &ombudsman_app::appeals::Registered) -> Self {
        RegisteredPublicly {
            number: r.appeal.number.clone(),
            access_code: r.access_code.clone(),
            received_on: r.appeal.received_on,
            due_on: r.appeal.due_on,
        }
    }
}

/// The key of the per-e-mail limit: a hash, so that the table of limits holds no address.
fn email_key(email: &str) -> String {
    format!(
        "intake-email:{}",
        hex::encode(Sha256::digest(email.trim().to_lowercase().as_bytes()))
    )
}

/// Counts a submission against the limit of its client address: 429 past it. Counted before
/// the body is looked at, so that refused and robots' submissions count too.
pub async fn limit_submission(state: &AppState, address: &str) -> Result<(), ApiError> {
    let per_hour = state.settings.intake_limit_per_hour;
    limit(state, format!("intake:{address}"), per_hour, 3600).await
}

/// The confirmation page the token in the e-mail is appended to.
pub fn confirm_link(state: &AppState, lang: Language) -> String {
    format!(
        "{}/appeal/confirm?lang={}&token=",
        state.settings.public_url,
        lang.as_str()
    )
}

/// What a robot that filled the hidden field is told: the look of an accepted draft.
pub fn decoy() -> DraftAccepted {
    DraftAccepted {
        status: "confirmation_sent",
        upload_token: ombudsman_app::intake::drafts::decoy_token(),
        expires_at: Utc::now() + chrono::Duration::hours(ombudsman_app::intake::DRAFT_LIFETIME_HOURS),
    }
}

/// Files an appeal online. A named appeal is held as a draft (202) and an e-mail in its
/// language carries the confirmation link and code, valid for 24 hours; only then is it
/// registered. An anonymous appeal is registered at once (201). Limited per client address and
/// per e-mail.
#[utoipa::path(tag = "public", request_body = SubmitAppealRequest, responses(
    (status = 202, body = DraftAccepted, description = "A draft waits for its confirmation"),
    (status = 201, body = RegisteredPublicly, description = "An anonymous appeal, registered"),
    (status = 400, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
#[post("/public/appeals")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<SubmitAppealRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = public_client(&req, &state.settings.trusted_proxies);
    let body = body.0;
    limit_submission(&state, &client.address).await?;
    let cmd = parse_submission(&body, &confirm_link(&state, body.language))?;
    // Checked once the rest is valid, so that what a robot is told is what a person would be.
    if body.is_robot() {
        return Ok(HttpResponse::Accepted().json(decoy()));
    }
    if let SubmitAppeal::Named(d) = &cmd {
        limit_submission_email(&state, d.email.as_str()).await?;
    }
    let submitted = state
        .use_case(move |conn, ctx| submit_appeal(conn, &client, &cmd, &[], ctx, Utc::now()))
        .await?;
    Ok(submitted_response(&submitted))
}

/// Counts a named submission against the limit of its e-mail address: 429 past it.
pub async fn limit_submission_email(state: &AppState, email: &str) -> Result<(), ApiError> {
    let per_day = state.settings.intake_limit_per_email_per_day;
    limit(state, email_key(email), per_day, 86_400).await
}

fn submitted_response(submitted: &Submitted) -> HttpResponse {
    match submitted {
        Submitted::Draft {
            upload_token,
            expires_at,
            ..
        } => HttpResponse::Accepted().json(DraftAccepted {
            status: "confirmation_sent",
            upload_token: upload_token.clone(),
            expires_at: *expires_at,
        }),
        Submitted::Registered(r) => HttpResponse::Created()
            .insert_header(("cache-control", "no-store"))
            .json(RegisteredPublicly::from(r.as_ref())),
    }
}

/// The draft a file goes to, and its name.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DraftFileQuery {
    /// The upload token of the 202.
    pub upload_token: String,
    /// File name, e.g. `ariza.pdf`.
    pub filename: String,
}

/// A file received.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FileReceived {
    /// File name.
    pub filename: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the bytes, in hex.
    pub sha256: String,
}

/// Adds a file (raw body with its `Content-Type`: PDF, JPEG, PNG, TIFF, DOCX or plain text,
/// checked against its first bytes) to a draft, at most 5 per draft. 404 for an unknown or
/// expired upload token.
#[utoipa::path(tag = "public", params(DraftFileQuery), responses(
    (status = 201, body = FileReceived), (status = 404, body = crate::error::Problem),
    (status = 409, body = crate::error::Problem), (status = 413, body = crate::error::Problem),
    (status = 415, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
#[post("/public/drafts/files")]
pub async fn draft_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: Query<DraftFileQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let client = public_client(&req, &state.settings.trusted_proxies);
    let per_hour = state.settings.intake_limit_per_hour * MAX_FILES as i32;
    limit(&state, format!("intake-files:{}", client.address), per_hour, 3600).await?;
    let query = query.into_inner();
    let file = receive(&state, &req, &query.filename, "drafts", payload).await?;
    record_file(&state, file, move |conn, file| {
        attach_to_draft(conn, &client, &query.upload_token, file, Utc::now())
    })
    .await
}

/// Records a received file through `use_case` and answers 201 with its facts, or removes its
/// bytes when it could not be recorded.
async fn record_file<F>(
    state: &AppState,
    file: ombudsman_app::attachments::StoredFile,
    use_case: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(
            &mut diesel::PgConnection,
            &ombudsman_app::attachments::StoredFile,
        ) -> Result<(), ombudsman_app::AppError>
        + Send
        + 'static,
{
    let (key, received) = (file.storage_key.clone(), received(&file));
    let stored = state.use_case(move |conn, _| use_case(conn, &file)).await;
    keep_or_remove(state, &key, stored).await?;
    Ok(HttpResponse::Created().json(received))
}

fn received(file: &ombudsman_app::attachments::StoredFile) -> FileReceived {
    FileReceived {
        filename: file.filename.clone(),
        size_bytes: file.size_bytes,
        sha256: hex::encode(&file.sha256),
    }
}

/// The secret from the e-mail.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The token of the link, or the code typed from the e-mail.
    #[schema(min_length = 1, max_length = 100)]
    pub token: String,
}

/// Confirms a draft with the token of its link (or its code) and registers it: number, access
/// code, due date and the acknowledgement e-mail. The same 404 for a wrong, used or expired
/// token; limited per client address.
#[utoipa::path(tag = "public", request_body = ConfirmRequest, responses(
    (status = 201, body = RegisteredPublicly), (status = 404, body = crate::error::Problem),
    (status = 429, body = crate::error::Problem)))]
#[post("/public/confirmations")]
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<ConfirmRequest>,
) -> Result<HttpResponse, ApiError> {
    let registered = confirm_with(&state, &req, body.0.token).await?;
    Ok(HttpResponse::Created()
        .insert_header(("cache-control", "no-store"))
        .json(registered))
}

/// Confirms the draft `token` opens, limited per client address.
pub async fn confirm_with(state: &AppState, req: &HttpRequest, token: String) -> Result<RegisteredPublicly, ApiError> {
    let client = public_client(req, &state.settings.trusted_proxies);
    let per_minute = state.settings.lookup_limit_per_minute;
    limit(state, format!("confirm:{}", client.address), per_minute, 60).await?;
    if token.len() > 100 || token.chars().any(char::is_control) {
        return Err(ApiError::NotFound);
    }
    state
        .use_case(move |conn, ctx| {
            confirm_draft(conn, &client, &token, ctx, Utc::now()).map(|r| RegisteredPublicly::from(&r))
        })
        .await
}

/// The applicant's answer to the office.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    /// The access code of the appeal.
    #[schema(min_length = 1, max_length = 40)]
    pub access_code: String,
    /// The answer (plain text, at most 20,000 characters).
    #[schema(min_length = 1, max_length = 20000)]
    pub text: String,
}

/// A reply recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReplyRecorded {
    /// Identifier (files are added under it).
    #[schema(value_type = String, format = Uuid)]
    pub id: ReplyId,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Parses a reply, naming the wrong field.
pub fn parse_reply(number: String, access_code: String, text: &str) -> Result<ReplyToOffice, ApiError> {
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(ApiError::field("text", "required", "write your answer"));
    }
    if text.chars().count() > MAX_REPLY {
        return Err(ApiError::field(
            "text",
            "too_long",
            format!("must be at most {MAX_REPLY} characters"),
        ));
    }
    Ok(ReplyToOffice {
        number,
        access_code,
        text,
    })
}

/// Counts a request of the applicant's page against the limit of its client address.
pub async fn limit_page(state: &AppState, address: &str) -> Result<(), ApiError> {
    let per_minute = state.settings.lookup_limit_per_minute;
    limit(state, format!("reply:{address}"), per_minute, 60).await
}

/// Answers the office on the applicant's page (number and access code): the open requests are
/// answered, a clock paused for the applicant runs again, and the officer in charge is told.
/// The same 404 for a wrong number and a wrong code; 409 on a closed appeal; limited per
/// client address.
#[utoipa::path(tag = "public", request_body = ReplyRequest, responses(
    (status = 201, body = ReplyRecorded), (status = 400, body = crate::error::Problem),
    (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
    (status = 429, body = crate::error::Problem)))]
#[post("/public/appeals/{number}/replies")]
pub async fn create_reply(
    state: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
    body: JsonBody<ReplyRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = public_client(&req, &state.settings.trusted_proxies);
    limit_page(&state, &client.address).await?;
    let body = body.0;
    let cmd = parse_reply(number.into_inner(), body.access_code, &body.text)?;
    let saved = state
        .use_case(move |conn, ctx| reply(conn, &client, &cmd, &[], ctx, Utc::now()))
        .await?;
    Ok(HttpResponse::Created().json(ReplyRecorded {
        id: saved.id,
        created_at: saved.created_at,
    }))
}

/// The access code and the file's name.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReplyFileQuery {
    /// The access code of the appeal.
    pub access_code: String,
    /// File name, e.g. `guvohnoma.pdf`.
    pub filename: String,
}

/// Adds a file (raw body with its `Content-Type`) to a reply of the applicant, at most 5 per
/// reply. The same 404 for a wrong number, code or reply.
#[utoipa::path(tag = "public", params(ReplyFileQuery), responses(
    (status = 201, body = FileReceived), (status = 404, body = crate::error::Problem),
    (status = 409, body = crate::error::Problem), (status = 413, body = crate::error::Problem),
    (status = 415, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
#[post("/public/appeals/{number}/replies/{reply_id}/files")]
pub async fn reply_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, ReplyId)>,
    query: Query<ReplyFileQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let client = public_client(&req, &state.settings.trusted_proxies);
    limit_page(&state, &client.address).await?;
    let (number, reply_id) = path.into_inner();
    let query = query.into_inner();
    let file = receive(&state, &req, &query.filename, "replies", payload).await?;
    record_file(&state, file, move |conn, file| {
        attach_to_reply(conn, &client, &number, &query.access_code, reply_id, file)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named() -> SubmitAppealRequest {
        SubmitAppealRequest {
            anonymous: false,
            full_name: Some("Дилноза Каримова".into()),
            email: Some("d.karimova@example.org".into()),
            phone: None,
            language: Language::UzCyrl,
            region: Region::Samarkand,
            abroad_country: None,
            subject: "Пенсия".into(),
            description: String::new(),
            categories: Vec::new(),
            consent: true,
            website: None,
        }
    }

    fn codes(r: Result<SubmitAppeal, ApiError>) -> Vec<(String, String)> {
        match r {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.code.to_string())).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_named_appeal_needs_a_name_an_email_and_consent() {
        assert!(matches!(parse_submission(&named(), "x"), Ok(SubmitAppeal::Named(_))));
        let bare = SubmitAppealRequest {
            full_name: None,
            email: Some(" ".into()),
            consent: false,
            ..named()
        };
        let got = codes(parse_submission(&bare, "x"));
        for (field, code) in [
            ("consent", "consent_required"),
            ("full_name", "required"),
            ("email", "required"),
        ] {
            assert!(got.contains(&(field.into(), code.into())), "{got:?}");
        }
    }

    #[test]
    fn an_anonymous_appeal_names_nobody_and_gets_a_category() {
        let anonymous = SubmitAppealRequest {
            anonymous: true,
            full_name: None,
            email: None,
            ..named()
        };
        match parse_submission(&anonymous, "x") {
            Ok(SubmitAppeal::Anonymous(a)) => assert_eq!(a.text.categories, vec![Category::Other]),
            other => panic!("{other:?}"),
        }
        let named_anonymous = SubmitAppealRequest {
            anonymous: true,
            ..named()
        };
        let got = codes(parse_submission(&named_anonymous, "x"));
        assert!(got.contains(&("email".into(), "not_allowed".into())), "{got:?}");
    }

    #[test]
    fn the_hidden_field_tells_a_robot() {
        assert!(!named().is_robot());
        let robot = SubmitAppealRequest {
            website: Some("http://spam.example".into()),
            ..named()
        };
        assert!(robot.is_robot());
    }
}
