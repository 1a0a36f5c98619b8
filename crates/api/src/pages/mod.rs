//! The public pages served by the binary, for citizens with only a browser: the appeal form
//! (`/appeal`), the confirmation (`/appeal/confirm`) and the applicant's page (`/appeal/status`),
//! in uz-Latn, uz-Cyrl, ru and en (`?lang=`, else `Accept-Language`). No JavaScript: plain forms
//! posting to the same pages, labels on every field and each error next to its field. Every
//! text that comes from a citizen or the database is escaped ([`esc`]); the texts of the pages
//! live in `crates/api/pages/<language>.toml`. The handlers parse the forms into the requests
//! of the public API and call the same use cases, under the same limits.

pub mod confirm;
pub mod form;
mod multipart;
pub mod status;

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use ombudsman_domain::error::FieldError;
use ombudsman_domain::language::Language;

use crate::error::ApiError;

type Tables = BTreeMap<String, BTreeMap<String, String>>;

/// The text files, as compiled in.
const SOURCES: [(Language, &str); 4] = [
    (Language::UzLatn, include_str!("../../pages/uz-Latn.toml")),
    (Language::UzCyrl, include_str!("../../pages/uz-Cyrl.toml")),
    (Language::Ru, include_str!("../../pages/ru.toml")),
    (Language::En, include_str!("../../pages/en.toml")),
];

static TEXTS: LazyLock<Vec<(Language, Tables)>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(lang, source)| {
            let tables = toml::from_str::<Tables>(source).unwrap_or_else(|e| {
                tracing::error!(error = %e, lang = lang.as_str(), "the texts of the public pages do not parse");
                Tables::new()
            });
            (*lang, tables)
        })
        .collect()
});

/// The text `table.key` in `lang` (the key itself when missing, which the tests refuse).
pub fn t(lang: Language, table: &str, key: &str) -> String {
    TEXTS
        .iter()
        .find(|(l, _)| *l == lang)
        .and_then(|(_, tables)| tables.get(table)?.get(key))
        .cloned()
        .unwrap_or_else(|| format!("{table}.{key}"))
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The language of a page: `?lang=` (or a form's `lang`), else `Accept-Language`, else uz-Latn.
pub fn language(req: &HttpRequest, asked: Option<&str>) -> Language {
    asked
        .and_then(|l| l.parse::<Language>().ok())
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::negotiate)
        })
        .unwrap_or(Language::UzLatn)
}

/// The query string of a page, read leniently (a page never refuses a stray parameter).
pub fn query(req: &HttpRequest) -> HashMap<String, String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

/// What the pages allow: their own stylesheet and forms posting to themselves; no script, no
/// framing, nothing from elsewhere.
const POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A whole page in `lang`, with links to the same page in the other languages.
pub fn page(status: actix_web::http::StatusCode, lang: Language, path: &str, title: &str, main: &str) -> HttpResponse {
    let switch: String = Language::ALL
        .iter()
        .map(|l| {
            let name = match l {
                Language::UzLatn => "Oʻzbekcha",
                Language::UzCyrl => "Ўзбекча",
                Language::Ru => "Русский",
                Language::En => "English",
            };
            if *l == lang {
                format!("<li><strong lang=\"{code}\">{name}</strong></li>", code = l.as_str())
            } else {
                format!(
                    "<li><a href=\"{path}?lang={code}\" lang=\"{code}\" hreflang=\"{code}\">{name}</a></li>",
                    path = esc(path),
                    code = l.as_str()
                )
            }
        })
        .collect();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — {institution}</title>\n<link rel=\"stylesheet\" href=\"/appeal/style.css\">\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">{skip}</a>\n<header><p>{institution}</p>\n\
         <nav aria-label=\"{languages}\"><ul>{switch}</ul></nav></header>\n\
         <main id=\"main\">\n<h1>{title}</h1>\n{main}\n</main>\n</body>\n</html>\n",
        lang = lang.as_str(),
        title = esc(title),
        institution = esc(&t(lang, "page", "institution")),
        skip = esc(&t(lang, "page", "skip")),
        languages = esc(&t(lang, "page", "languages")),
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("content-security-policy", POLICY))
        .insert_header(("cache-control", "no-store"))
        .body(html)
}

/// The errors of a form, by field.
#[derive(Debug, Default)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    /// The errors of a refused request, in words of `lang`; `None` for a failure that is not about
    /// the form's fields.
    pub fn of(err: &ApiError, lang: Language, files_field: &str) -> Option<FormErrors> {
        let say = |code: &str| t(lang, "error", code);
        let one = |field: &str, code: &str| Some(FormErrors(vec![(field.to_owned(), say(code))]));
        match err {
            ApiError::Validation(errors) => Some(FormErrors(
                errors
                    .iter()
                    .map(|FieldError { field, code, .. }| {
                        let field = match field.as_str() {
                            "filename" | "content_type" => files_field,
                            other => other,
                        };
                        let known = TEXTS
                            .iter()
                            .any(|(_, tables)| tables.get("error").is_some_and(|e| e.contains_key(*code)));
                        (field.to_owned(), say(if known { code } else { "invalid" }))
                    })
                    .collect(),
            )),
            ApiError::UnsupportedMediaType => one(files_field, "unsupported"),
            ApiError::PayloadTooLarge => one(files_field, "too_large"),
            ApiError::Conflict {
                code: "too_many_files", ..
            } => one(files_field, "too_many_files"),
            _ => None,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message of a field, as an element next to it (empty when the field is fine).
    pub fn at(&self, field: &str) -> String {
        self.0
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| format!("<p class=\"error\" id=\"{field}-error\">{}</p>", esc(m)))
            .collect()
    }

    /// The attributes of a field's input: marked invalid and described by its message.
    pub fn attrs(&self, field: &str) -> String {
        if self.0.iter().any(|(f, _)| f == field) {
            format!(" aria-invalid=\"true\" aria-describedby=\"{field}-error\"")
        } else {
            String::new()
        }
    }

    /// The summary at the top of the form, linking to each field.
    pub fn summary(&self, lang: Language) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let items: String = self
            .0
            .iter()
            .map(|(f, m)| format!("<li><a href=\"#{f}\">{}</a></li>", esc(m)))
            .collect();
        format!(
            "<div class=\"errors\" role=\"alert\"><h2>{}</h2><ul>{items}</ul></div>",
            esc(&t(lang, "page", "errors_title"))
        )
    }
}

/// The page of a failure that is not about a field: 404 for a wrong number, code or link, 429
/// for too many attempts; other failures stay what they are.
pub fn failure(err: ApiError, lang: Language, path: &str, title: &str) -> Result<HttpResponse, ApiError> {
    use actix_web::http::StatusCode;
    let back = format!(
        "<p><a href=\"{}?lang={}\">{}</a></p>",
        esc(path),
        lang.as_str(),
        esc(&t(lang, "page", "back"))
    );
    match err {
        ApiError::NotFound | ApiError::Hidden(_) => Ok(page(
            StatusCode::NOT_FOUND,
            lang,
            path,
            title,
            &format!("<p role=\"alert\">{}</p>{back}", esc(&t(lang, "page", "not_found"))),
        )),
        ApiError::TooManyRequests(secs) => {
            let minutes = secs.div_ceil(60).max(1).to_string();
            let mut res = page(
                StatusCode::TOO_MANY_REQUESTS,
                lang,
                path,
                title,
                &format!(
                    "<p role=\"alert\">{}</p>",
                    esc(&t(lang, "page", "too_many").replace("{minutes}", &minutes))
                ),
            );
            if let Ok(v) = header::HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(res)
        }
        other => Err(other),
    }
}

/// A text input with its label and error.
pub fn input(errors: &FormErrors, name: &str, label: &str, value: &str, extra: &str) -> String {
    format!(
        "<div class=\"field\"><label for=\"{name}\">{label}</label>{error}\
         <input id=\"{name}\" name=\"{name}\" value=\"{value}\"{attrs}{extra}></div>",
        label = esc(label),
        error = errors.at(name),
        value = esc(value),
        attrs = errors.attrs(name),
    )
}

/// The stylesheet of the pages.
pub async fn style() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("cache-control", "public, max-age=3600"))
        .body(include_str!("../../pages/style.css"))
}

/// Registers the pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/appeal/style.css", web::get().to(style))
        .route("/appeal", web::get().to(form::show))
        .route("/appeal", web::post().to(form::submit))
        .route("/appeal/confirm", web::get().to(confirm::show))
        .route("/appeal/confirm", web::post().to(confirm::submit))
        .route("/appeal/status", web::get().to(status::show))
        .route("/appeal/status", web::post().to(status::open))
        .route("/appeal/status/reply", web::post().to(status::reply));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_text() {
        let keys = |tables: &Tables| -> Vec<String> {
            tables
                .iter()
                .flat_map(|(t, kv)| kv.keys().map(move |k| format!("{t}.{k}")))
                .collect()
        };
        let english = keys(&TEXTS.iter().find(|(l, _)| *l == Language::En).unwrap().1);
        assert!(english.len() > 50);
        for (lang, tables) in TEXTS.iter() {
            assert_eq!(keys(tables), english, "{lang:?}");
        }
    }

    #[test]
    fn everything_is_escaped() {
        assert_eq!(esc("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
    }
}
