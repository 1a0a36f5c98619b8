//! `/appeal/confirm`: the page the e-mail links to. `GET` shows a button (so that a mail
//! scanner that follows links confirms nothing) or, without a token, a field for the code from
//! the e-mail; `POST` confirms the draft through the same use case and limit as
//! `POST /api/v1/public/confirmations` and shows the number and the access code.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use ombudsman_domain::language::Language;

use super::{esc, failure, input, language, page, query, t, FormErrors};
use crate::error::ApiError;
use crate::routes::public_intake::{confirm_with, RegisteredPublicly};
use crate::state::AppState;

const PATH: &str = "/appeal/confirm";

/// `GET /appeal/confirm?token=…`: the button that confirms.
pub async fn show(req: HttpRequest) -> HttpResponse {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let c = |key: &str| t(lang, "confirm", key);
    let secret = match q.get("token").filter(|t| !t.is_empty()) {
        Some(token) => format!("<input type=\"hidden\" name=\"token\" value=\"{}\">", esc(token)),
        None => input(
            &FormErrors::default(),
            "token",
            &c("code"),
            "",
            " autocomplete=\"one-time-code\" maxlength=\"100\"",
        ),
    };
    let body = format!(
        "<p>{body}</p>\n<form method=\"post\" action=\"/appeal/confirm?lang={code}\">{secret}\
         <p><button type=\"submit\">{button}</button></p></form>",
        body = esc(&c("body")),
        code = lang.as_str(),
        button = esc(&c("button")),
    );
    page(StatusCode::OK, lang, PATH, &c("title"), &body)
}

/// `POST /appeal/confirm`: confirms and shows the number.
pub async fn submit(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let q = query(&req);
    let lang = language(&req, q.get("lang").map(String::as_str));
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let token = form.get("token").cloned().unwrap_or_default();
    match confirm_with(&state, &req, token).await {
        Ok(registered) => Ok(self::registered(lang, &registered)),
        Err(e) => failure(e, lang, PATH, &t(lang, "confirm", "title")),
    }
}

/// The page of a registered appeal: its number, access code and due date.
pub fn registered(lang: Language, r: &RegisteredPublicly) -> HttpResponse {
    let g = |key: &str| esc(&t(lang, "registered", key));
    let body = format!(
        "<p role=\"status\">{body}</p>\n<dl class=\"facts\">\
         <dt>{number_label}</dt><dd id=\"number\">{number}</dd>\
         <dt>{code_label}</dt><dd id=\"access-code\">{code}</dd>\
         <dt>{due_label}</dt><dd>{due}</dd></dl>\n\
         <p><a href=\"/appeal/status?lang={lang}\">{status_link}</a></p>",
        body = g("body"),
        number_label = g("number"),
        number = esc(&r.number),
        code_label = g("access_code"),
        code = esc(&r.access_code),
        due_label = g("due_on"),
        due = r.due_on,
        lang = lang.as_str(),
        status_link = g("status_link"),
    );
    page(StatusCode::OK, lang, PATH, &t(lang, "registered", "title"), &body)
}
