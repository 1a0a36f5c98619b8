//! `/appeal`: the appeal form. `GET` shows it; `POST` (multipart, with files) files the appeal
//! through the same parsing, limits and use case as `POST /api/v1/public/appeals`, and answers
//! with the page that says to check the e-mail (or, for an anonymous appeal, its number and
//! code), or with the form again, each error next to its field.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use ombudsman_app::intake::{submit_appeal, SubmitAppeal, Submitted};
use ombudsman_domain::appeal::Category;
use ombudsman_domain::consent::consent_text;
use ombudsman_domain::labels::{label_or_code, CodeKind};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;

use super::multipart::{self, Form};
use super::{esc, failure, input, language, page, query, t, FormErrors};
use crate::client::public_client;
use crate::error::ApiError;
use crate::routes::public_intake::{
    confirm_link, limit_submission, limit_submission_email, parse_submission, RegisteredPublicly, SubmitAppealRequest,
};
use crate::state::AppState;

const PATH: &str = "/appeal";

/// What the citizen typed, to show the form again.
#[derive(Debug, Default)]
struct Filled {
    anonymous: bool,
    full_name: String,
    email: String,
    phone: String,
    region: String,
    abroad_country: String,
    subject: String,
    description: String,
    categories: Vec<String>,
    consent: bool,
}

impl Filled {
    fn of(form: &Form) -> Filled {
        let text = |name: &str| form.one(name).unwrap_or("").to_owned();
        Filled {
            anonymous: form.one("anonymous").is_some(),
            full_name: text("full_name"),
            email: text("email"),
            phone: text("phone"),
            region: text("region"),
            abroad_country: text("abroad_country"),
            subject: text("subject"),
            description: text("description"),
            categories: form.all("categories").to_vec(),
            consent: form.one("consent").is_some(),
        }
    }

    /// The request of the API this form amounts to; a region or category that is not one of
    /// the list is an error of its field.
    fn request(&self, lang: Language, website: Option<String>) -> Result<SubmitAppealRequest, ApiError> {
        let region = self
            .region
            .parse::<Region>()
            .map_err(|_| ApiError::field("region", "required", "choose a region"))?;
        let categories = self
            .categories
            .iter()
            .map(|c| c.parse::<Category>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ApiError::field("categories", "invalid", "not a category"))?;
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
        Ok(SubmitAppealRequest {
            anonymous: self.anonymous,
            full_name: some(&self.full_name),
            email: some(&self.email),
            phone: some(&self.phone),
            language: lang,
            region,
            abroad_country: some(&self.abroad_country).map(|c| c.trim().to_ascii_uppercase()),
            subject: self.subject.clone(),
            description: self.description.clone(),
            categories,
            consent: self.consent,
            website,
        })
    }
}

fn checked(on: bool) -> &'static str {
    if on {
        " checked"
    } else {
        ""
    }
}

fn render(lang: Language, filled: &Filled, errors: &FormErrors) -> String {
    let f = |key: &str| t(lang, "form", key);
    let regions: String = Region::ALL
        .iter()
        .map(|r| {
            let selected = if filled.region == r.as_str() { " selected" } else { "" };
            format!(
                "<option value=\"{code}\"{selected}>{label}</option>",
                code = r.as_str(),
                label = esc(&label_or_code(lang, CodeKind::Region, r.as_str()))
            )
        })
        .collect();
    let categories: String = Category::ALL
        .iter()
        .map(|c| {
            let code = c.as_str();
            format!(
                "<div><input type=\"checkbox\" id=\"category-{code}\" name=\"categories\" value=\"{code}\"{on}>\
                 <label for=\"category-{code}\">{label}</label></div>",
                on = checked(filled.categories.iter().any(|x| x == code)),
                label = esc(&label_or_code(lang, CodeKind::Category, code))
            )
        })
        .collect();
    format!(
        "<p>{intro}</p>\n{summary}\n\
         <form method=\"post\" action=\"/appeal?lang={code}\" enctype=\"multipart/form-data\" novalidate>\n\
         <div class=\"field\"><input type=\"checkbox\" id=\"anonymous\" name=\"anonymous\" value=\"1\"{anonymous}>\
         <label for=\"anonymous\">{anonymous_label}</label></div>\n\
         {full_name}\n{email}<p class=\"hint\" id=\"email-hint\">{email_hint}</p>\n{phone}\n\
         <div class=\"field\"><label for=\"region\">{region_label}</label>{region_error}\
         <select id=\"region\" name=\"region\"{region_attrs}><option value=\"\"></option>{regions}</select></div>\n\
         {abroad}\n{subject}\n\
         <div class=\"field\"><label for=\"description\">{description_label}</label>{description_error}\
         <textarea id=\"description\" name=\"description\" maxlength=\"20000\"{description_attrs}>{description}</textarea></div>\n\
         <fieldset id=\"categories\"><legend>{categories_label}</legend>{categories_error}{categories}</fieldset>\n\
         <div class=\"field\"><label for=\"files\">{files_label}</label>{files_error}\
         <input type=\"file\" id=\"files\" name=\"files\" multiple \
         accept=\".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.txt,application/pdf,image/jpeg,image/png,image/tiff,text/plain\"{files_attrs}></div>\n\
         <div class=\"trap\" aria-hidden=\"true\"><label for=\"website\">{honeypot}</label>\
         <input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>\n\
         <fieldset><legend>{consent_title}</legend><p id=\"consent-text\">{consent_text}</p>{consent_error}\
         <input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"1\" aria-describedby=\"consent-text\"{consent}>\
         <label for=\"consent\">{consent_label}</label></fieldset>\n\
         <p><button type=\"submit\">{submit}</button></p>\n</form>",
        intro = esc(&f("intro")),
        summary = errors.summary(lang),
        code = lang.as_str(),
        anonymous = checked(filled.anonymous),
        anonymous_label = esc(&f("anonymous")),
        full_name = input(errors, "full_name", &f("full_name"), &filled.full_name, " autocomplete=\"name\" maxlength=\"300\""),
        email = input(
            errors,
            "email",
            &f("email"),
            &filled.email,
            " type=\"email\" autocomplete=\"email\" maxlength=\"254\""
        ),
        email_hint = esc(&f("email_hint")),
        phone = input(errors, "phone", &f("phone"), &filled.phone, " type=\"tel\" autocomplete=\"tel\" maxlength=\"50\""),
        region_label = esc(&f("region")),
        region_error = errors.at("region"),
        region_attrs = errors.attrs("region"),
        abroad = input(errors, "abroad_country", &f("abroad_country"), &filled.abroad_country, " maxlength=\"2\""),
        subject = input(errors, "subject", &f("subject"), &filled.subject, " maxlength=\"500\""),
        description_label = esc(&f("description")),
        description_error = errors.at("description"),
        description_attrs = errors.attrs("description"),
        description = esc(&filled.description),
        categories_label = esc(&f("categories")),
        categories_error = errors.at("categories"),
        files_label = esc(&f("files")),
        files_error = errors.at("files"),
        files_attrs = errors.attrs("files"),
        honeypot = esc(&f("honeypot")),
        consent_title = esc(&f("consent_title")),
        consent_text = esc(consent_text(lang)),
        consent_error = errors.at("consent"),
        consent = checked(filled.consent),
        consent_label = esc(&f("consent")),
        submit = esc(&f("submit")),
    )
}

/// `GET /appeal`: the empty form.
pub async fn show(req: HttpRequest) -> HttpResponse {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let body = render(lang, &Filled::default(), &FormErrors::default());
    page(StatusCode::OK, lang, PATH, &t(lang, "form", "title"), &body)
}

/// The page that tells the citizen to check their e-mail.
fn sent(lang: Language) -> HttpResponse {
    page(
        StatusCode::OK,
        lang,
        PATH,
        &t(lang, "sent", "title"),
        &format!("<p role=\"status\">{}</p>", esc(&t(lang, "sent", "body"))),
    )
}

/// `POST /appeal`: files the appeal.
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let title = t(lang, "form", "title");
    let client = public_client(&req, &state.settings.trusted_proxies);
    if let Err(e) = limit_submission(&state, &client.address).await {
        return failure(e, lang, PATH, &title);
    }
    let form = match multipart::read(&state, payload, "files", "drafts").await {
        Ok(form) => form,
        Err(e) => return again(e, lang, &Filled::default(), &title),
    };
    let filled = Filled::of(&form);
    let outcome = file(&state, &client, lang, &filled, &form).await;
    if !matches!(outcome, Ok(Some(_))) {
        // Not recorded: the files go.
        multipart::remove(&state, &form.files).await;
    }
    match outcome {
        Ok(Some(Submitted::Registered(r))) => {
            Ok(super::confirm::registered(lang, &RegisteredPublicly::from(r.as_ref())))
        }
        Ok(Some(Submitted::Draft { .. })) | Ok(None) => Ok(sent(lang)),
        Err(e) => again(e, lang, &filled, &title),
    }
}

/// Files what the form holds; `None` for a robot (nothing is stored).
async fn file(
    state: &AppState,
    client: &ombudsman_app::intake::PublicClient,
    lang: Language,
    filled: &Filled,
    form: &Form,
) -> Result<Option<Submitted>, ApiError> {
    let request = filled.request(lang, form.one("website").map(str::to_owned))?;
    let cmd = parse_submission(&request, &confirm_link(state, lang))?;
    if request.is_robot() {
        return Ok(None);
    }
    if let SubmitAppeal::Named(d) = &cmd {
        limit_submission_email(state, d.email.as_str()).await?;
    }
    let (client, files) = (client.clone(), form.files.clone());
    let submitted = state
        .use_case(move |conn, ctx| submit_appeal(conn, &client, &cmd, &files, ctx, Utc::now()))
        .await?;
    Ok(Some(submitted))
}

/// The form again with its errors (400), or the page of another failure.
fn again(err: ApiError, lang: Language, filled: &Filled, title: &str) -> Result<HttpResponse, ApiError> {
    match FormErrors::of(&err, lang, "files") {
        Some(errors) if !errors.is_empty() => Ok(page(
            StatusCode::BAD_REQUEST,
            lang,
            PATH,
            title,
            &render(lang, filled, &errors),
        )),
        _ => failure(err, lang, PATH, title),
    }
}
