//! `/appeal/status`: the applicant's page. `GET` asks for the number and the access code;
//! `POST` shows the appeal (through the same view and limit as
//! `GET /api/v1/public/appeals/{number}`): its status in the page's language, the dates, the
//! office's requests and the applicant's replies, never a member of staff or an internal note;
//! `POST /appeal/status/reply` (multipart, with files) answers the office.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use ombudsman_app::intake::{reply as reply_uc, CaseView};
use ombudsman_domain::language::Language;

use super::multipart;
use super::{esc, failure, input, language, page, query, t, FormErrors};
use crate::client::public_client;
use crate::error::ApiError;
use crate::routes::public::PublicStatus;
use crate::routes::public_intake::{limit_page, parse_reply};
use crate::state::AppState;

const PATH: &str = "/appeal/status";

fn lookup_form(lang: Language, number: &str, errors: &FormErrors) -> String {
    let s = |key: &str| t(lang, "status", key);
    format!(
        "<p>{intro}</p>\n<form method=\"post\" action=\"/appeal/status?lang={code}\">\n{number}\n{access}\n\
         <p><button type=\"submit\">{lookup}</button></p></form>",
        intro = esc(&s("intro")),
        code = lang.as_str(),
        number = input(
            errors,
            "number",
            &s("number"),
            number,
            " autocomplete=\"off\" maxlength=\"64\""
        ),
        access = input(
            errors,
            "access_code",
            &s("access_code"),
            "",
            " autocomplete=\"off\" maxlength=\"40\""
        ),
        lookup = esc(&s("lookup")),
    )
}

/// `GET /appeal/status`: the form for the number and code.
pub async fn show(req: HttpRequest) -> HttpResponse {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let body = lookup_form(lang, "", &FormErrors::default());
    page(StatusCode::OK, lang, PATH, &t(lang, "status", "title"), &body)
}

/// `POST /appeal/status`: the applicant's page.
pub async fn open(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let number = form.get("number").map(|n| n.trim().to_owned()).unwrap_or_default();
    let code = form.get("access_code").cloned().unwrap_or_default();
    show_case(&state, &req, lang, number, code, None).await
}

async fn show_case(
    state: &AppState,
    req: &HttpRequest,
    lang: Language,
    number: String,
    code: String,
    note: Option<(String, FormErrors)>,
) -> Result<HttpResponse, ApiError> {
    let title = t(lang, "status", "title");
    let client = public_client(req, &state.settings.trusted_proxies);
    if let Err(e) = limit_page(state, &client.address).await {
        return failure(e, lang, PATH, &title);
    }
    let (n, c) = (number.clone(), code.clone());
    match state.db(move |conn| Ok(CaseView::load(conn, &n, &c)?)).await {
        Ok(case) => {
            let (notice, errors) = note.unwrap_or_default();
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            let body = render(lang, &PublicStatus::of(&case, lang), &code, &notice, &errors);
            Ok(page(status, lang, PATH, &title, &body))
        }
        Err(e) => failure(e, lang, PATH, &title),
    }
}

fn render(lang: Language, s: &PublicStatus, code: &str, notice: &str, errors: &FormErrors) -> String {
    let l = |key: &str| esc(&t(lang, "status", key));
    let mut out = String::new();
    if !notice.is_empty() {
        out.push_str(&format!("<p role=\"status\">{}</p>\n", esc(notice)));
    }
    out.push_str(&format!(
        "<dl class=\"facts\"><dt>{}</dt><dd id=\"number\">{}</dd><dt>{}</dt><dd id=\"status\">{}</dd>",
        l("number"),
        esc(&s.number),
        l("status"),
        esc(&s.status_label)
    ));
    if let Some(outcome) = &s.outcome_label {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", l("outcome"), esc(outcome)));
    }
    out.push_str(&format!(
        "<dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>",
        l("received_on"),
        s.received_on,
        l("due_on"),
        s.due_on
    ));
    if let Some(closed) = s.closed_on {
        out.push_str(&format!("<dt>{}</dt><dd>{closed}</dd>", l("closed_on")));
    }
    out.push_str("</dl>\n");
    if s.waiting_for_applicant {
        out.push_str(&format!("<p class=\"waiting\">{}</p>\n", l("waiting")));
    }
    if !s.requests.is_empty() {
        out.push_str(&format!("<h2>{}</h2><ol id=\"requests\">", l("requests")));
        for r in &s.requests {
            let state = if r.answered { l("answered") } else { l("open") };
            out.push_str(&format!(
                "<li><p>{}</p><p class=\"hint\">{} · {state}</p></li>",
                esc(&r.text),
                r.sent_on
            ));
        }
        out.push_str("</ol>\n");
    }
    if !s.replies.is_empty() {
        out.push_str(&format!("<h2>{}</h2><ol id=\"replies\">", l("replies")));
        for r in &s.replies {
            out.push_str(&format!(
                "<li><p>{}</p><p class=\"hint\">{}</p></li>",
                esc(&r.text),
                r.created_at.format("%Y-%m-%d %H:%M UTC")
            ));
        }
        out.push_str("</ol>\n");
    }
    if s.closed_on.is_some() {
        out.push_str(&format!("<p>{}</p>", l("closed")));
        return out;
    }
    out.push_str(&format!(
        "<h2>{reply}</h2>{summary}<form method=\"post\" action=\"/appeal/status/reply?lang={lang}\" enctype=\"multipart/form-data\" novalidate>\
         <input type=\"hidden\" name=\"number\" value=\"{number}\"><input type=\"hidden\" name=\"access_code\" value=\"{code}\">\
         <div class=\"field\"><label for=\"text\">{text_label}</label>{text_error}\
         <textarea id=\"text\" name=\"text\" maxlength=\"20000\"{text_attrs}></textarea></div>\
         <div class=\"field\"><label for=\"files\">{files_label}</label>{files_error}\
         <input type=\"file\" id=\"files\" name=\"files\" multiple{files_attrs}></div>\
         <p><button type=\"submit\">{send}</button></p></form>",
        reply = l("reply"),
        summary = errors.summary(lang),
        lang = lang.as_str(),
        number = esc(&s.number),
        code = esc(code),
        text_label = l("reply_text"),
        text_error = errors.at("text"),
        text_attrs = errors.attrs("text"),
        files_label = l("reply_files"),
        files_error = errors.at("files"),
        files_attrs = errors.attrs("files"),
        send = l("send"),
    ));
    out
}

/// `POST /appeal/status/reply`: the applicant answers the office.
pub async fn reply(state: web::Data<AppState>, req: HttpRequest, payload: Multipart) -> Result<HttpResponse, ApiError> {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let title = t(lang, "status", "title");
    let client = public_client(&req, &state.settings.trusted_proxies);
    if let Err(e) = limit_page(&state, &client.address).await {
        return failure(e, lang, PATH, &title);
    }
    let form = match multipart::read(&state, payload, "files", "replies").await {
        Ok(form) => form,
        Err(e) => return failure(e, lang, PATH, &title),
    };
    let number = form.one("number").unwrap_or("").trim().to_owned();
    let code = form.one("access_code").unwrap_or("").to_owned();
    let files = form.files.clone();
    let recorded = match parse_reply(number.clone(), code.clone(), form.one("text").unwrap_or("")) {
        Ok(cmd) => {
            state
                .use_case(move |conn, ctx| reply_uc(conn, &client, &cmd, &files, ctx, Utc::now()))
                .await
        }
        Err(e) => Err(e),
    };
    match recorded {
        Ok(_) => {
            show_case(
                &state,
                &req,
                lang,
                number,
                code,
                Some((t(lang, "status", "sent"), FormErrors::default())),
            )
            .await
        }
        Err(e) => {
            multipart::remove(&state, &form.files).await;
            match FormErrors::of(&e, lang, "files") {
                Some(errors) if !errors.is_empty() => {
                    show_case(&state, &req, lang, number, code, Some((String::new(), errors))).await
                }
                _ => failure(e, lang, PATH, &title),
            }
        }
    }
}
