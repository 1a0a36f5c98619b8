//! E-mail texts per kind and language.
//!
//! A queued message is read back into a typed [`Notification`]; each kind builds a localized
//! [`Content`] (subject, greeting, paragraphs, label/value rows, an optional list) from the texts
//! of its language's catalogue (`texts/<language>.toml`, see [`catalogue`]), filling their
//! placeholders with the payload's values, written dates and counts with their nouns. The content
//! goes through two compile-time-checked askama templates: `templates/email.html` (auto-escaped,
//! so every value taken from the payload is escaped) and `templates/email.txt` (no escaping).

use askama::Template;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{Notification, NotificationKind};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub mod catalogue;
mod daily_digest;
mod digest;
mod intake;
mod letters;
mod reminders;

use catalogue::{catalogue, Texts};

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body (a complete document).
    pub html: String,
}

/// Why a message cannot be rendered; retrying will not help.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No template for this kind.
    #[error("no template for message kind '{0}'")]
    UnknownKind(String),
    /// The payload lacks a value the template needs.
    #[error("payload of '{kind}' lacks '{field}'")]
    MissingField {
        /// Kind.
        kind: String,
        /// Field, with its path inside the payload (`overdue_items[0].number`).
        field: String,
    },
    /// A payload value has the wrong type (or the payload is not an object).
    #[error("payload of '{kind}' has an invalid '{field}': {reason}")]
    InvalidPayload {
        /// Kind.
        kind: String,
        /// Field, with its path inside the payload; `payload` for the payload as a whole.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A template failed to render.
    #[error("template of '{kind}' failed: {reason}")]
    Template {
        /// Kind.
        kind: String,
        /// Error.
        reason: String,
    },
}

/// Who sends a letter: the institution and the contact details of the office handling the
/// matter, given in the footer. Every field is optional; the institution's name defaults to the
/// catalogue's `common.institution`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// The office's official name, when it has its own.
    pub official_name: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Public e-mail address.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
}

impl Letterhead {
    /// The footer lines in `lang`: the institution, then each contact detail that is set.
    fn lines(&self, lang: Language) -> Vec<String> {
        let common = Texts::new(lang, "common");
        let set = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let mut lines = vec![set(&self.official_name).unwrap_or_else(|| common.plain("institution"))];
        lines.extend(set(&self.address));
        for (key, value) in [
            ("phone", &self.phone),
            ("email", &self.email),
            ("website", &self.website),
        ] {
            if let Some(value) = set(value) {
                lines.push(common.say(key, &[(key, &value)]));
            }
        }
        lines
    }
}

/// Renders a queued message of `kind` in `language` from its payload, with the system's footer
/// only (see [`render_letter`] for the office's letterhead).
pub fn render(kind: &str, language: Language, payload: &Value) -> Result<Rendered, RenderError> {
    render_letter(&parse_notification(kind, payload)?, language, None)
}

/// Reads a queued message back into its typed form, naming the offending field on failure.
pub fn parse_notification(kind: &str, payload: &Value) -> Result<Notification, RenderError> {
    let Ok(known) = kind.parse::<NotificationKind>() else {
        return Err(RenderError::UnknownKind(kind.to_owned()));
    };
    Ok(match known {
        NotificationKind::AccountCreated => Notification::AccountCreated(parse(kind, payload)?),
        NotificationKind::AppealRegistered => Notification::AppealRegistered(parse(kind, payload)?),
        NotificationKind::AppealClosed => Notification::AppealClosed(parse(kind, payload)?),
        NotificationKind::AppealAssigned => Notification::AppealAssigned(parse(kind, payload)?),
        NotificationKind::DeadlineExtended => Notification::DeadlineExtended(parse(kind, payload)?),
        NotificationKind::DeadlineApproaching => Notification::DeadlineApproaching(parse(kind, payload)?),
        NotificationKind::AppealOverdue => Notification::AppealOverdue(parse(kind, payload)?),
        NotificationKind::ImpactMeasureOverdue => Notification::ImpactMeasureOverdue(parse(kind, payload)?),
        NotificationKind::ImpactMeasureIssued => Notification::ImpactMeasureIssued(parse(kind, payload)?),
        NotificationKind::RecommendationOverdue => Notification::RecommendationOverdue(parse(kind, payload)?),
        NotificationKind::WeeklyDigest => Notification::WeeklyDigest(parse(kind, payload)?),
        NotificationKind::StaffDailyDigest => Notification::StaffDailyDigest(parse(kind, payload)?),
        NotificationKind::DraftConfirmation => Notification::DraftConfirmation(parse(kind, payload)?),
        NotificationKind::ApplicantRequested => Notification::ApplicantRequested(parse(kind, payload)?),
        NotificationKind::ApplicantReplied => Notification::ApplicantReplied(parse(kind, payload)?),
    })
}

/// Renders a notification in `language`; with a letterhead, the footer names the institution and
/// the office's contact details.
pub fn render_letter(
    notification: &Notification,
    language: Language,
    letterhead: Option<&Letterhead>,
) -> Result<Rendered, RenderError> {
    let lang = language;
    let mut content = match notification {
        Notification::AccountCreated(p) => letters::account_created(lang, p),
        Notification::AppealRegistered(p) => letters::appeal_registered(lang, p),
        Notification::AppealClosed(p) => letters::appeal_closed(lang, p),
        Notification::AppealAssigned(p) => letters::appeal_assigned(lang, p),
        Notification::DeadlineExtended(p) => letters::deadline_extended(lang, p),
        Notification::ImpactMeasureIssued(p) => letters::impact_measure_issued(lang, p),
        Notification::DeadlineApproaching(p) => reminders::deadline_approaching(lang, p),
        Notification::AppealOverdue(p) => reminders::appeal_overdue(lang, p),
        Notification::ImpactMeasureOverdue(p) => reminders::impact_measure_overdue(lang, p),
        Notification::RecommendationOverdue(p) => reminders::recommendation_overdue(lang, p),
        Notification::WeeklyDigest(p) => digest::weekly_digest(lang, p),
        Notification::StaffDailyDigest(p) => daily_digest::staff_daily_digest(lang, p),
        Notification::DraftConfirmation(p) => intake::draft_confirmation(lang, p),
        Notification::ApplicantRequested(p) => intake::applicant_requested(lang, p),
        Notification::ApplicantReplied(p) => intake::applicant_replied(lang, p),
    };
    if let Some(letterhead) = letterhead {
        content.letterhead = letterhead.lines(lang);
    }
    let failed = |e: askama::Error| RenderError::Template {
        kind: notification.kind().as_str().to_owned(),
        reason: e.to_string(),
    };
    let html = HtmlEmail {
        lang: language.as_str(),
        c: &content,
    }
    .render()
    .map_err(failed)?;
    let mut text = TextEmail { c: &content }.render().map_err(failed)?;
    text.push('\n');
    Ok(Rendered {
        subject: content.subject,
        text,
        html,
    })
}

/// Reads the payload of `kind` into its typed form, naming the offending field on failure.
fn parse<T: DeserializeOwned>(kind: &str, payload: &Value) -> Result<T, RenderError> {
    serde_path_to_error::deserialize(payload).map_err(|e| {
        let path = e.path().to_string();
        let reason = e.inner().to_string();
        let missing = reason
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        match missing {
            Some(name) => RenderError::MissingField {
                kind: kind.to_owned(),
                field: if path == "." {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                },
            },
            None => RenderError::InvalidPayload {
                kind: kind.to_owned(),
                field: if path == "." { "payload".to_owned() } else { path },
                reason,
            },
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The content model and its templates.

/// One label/value row of the table.
#[derive(Debug, Clone)]
struct Row {
    label: String,
    value: String,
}

/// A titled list of items, with a closing line for those left out ("… and 12 more").
#[derive(Debug, Clone)]
struct List {
    title: String,
    items: Vec<String>,
    more: Option<String>,
}

/// What a message says, independent of its format.
#[derive(Debug, Clone)]
struct Content {
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    rows: Vec<Row>,
    lists: Vec<List>,
    /// The institution and the office's contact details, when known.
    letterhead: Vec<String>,
    footer: String,
}

impl Content {
    fn new(lang: Language, subject: String, greeting: String) -> Content {
        Content {
            subject,
            greeting,
            paragraphs: Vec::new(),
            rows: Vec::new(),
            lists: Vec::new(),
            letterhead: Vec::new(),
            footer: footer(lang).to_owned(),
        }
    }

    fn para(mut self, paragraph: impl Into<String>) -> Content {
        // A Russian date ends in «г.»: a sentence ending on one takes no second full stop.
        self.paragraphs.push(paragraph.into().replace(" г..", " г."));
        self
    }

    fn row(mut self, label: impl Into<String>, value: impl Into<String>) -> Content {
        self.rows.push(Row {
            label: label.into(),
            value: value.into(),
        });
        self
    }

    /// Adds a list unless it has no items.
    fn list(mut self, title: String, items: Vec<String>, more: Option<String>) -> Content {
        if !items.is_empty() {
            self.lists.push(List { title, items, more });
        }
        self
    }
}

/// The HTML layout; every value is escaped.
#[derive(Template)]
#[template(path = "email.html")]
struct HtmlEmail<'a> {
    lang: &'a str,
    c: &'a Content,
}

/// The HTML escaper of the `.html` templates (see `askama.toml`): `& < > " '` become `&amp; &lt;
/// &gt; &quot; &#39;`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HtmlEntities;

impl askama::filters::Escaper for HtmlEntities {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        let mut plain = 0;
        for (i, byte) in string.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&string[plain..i])?;
            dest.write_str(entity)?;
            plain = i + 1;
        }
        dest.write_str(&string[plain..])
    }
}

/// The plain-text layout.
#[derive(Template)]
#[template(path = "email.txt", escape = "none")]
struct TextEmail<'a> {
    c: &'a Content,
}

/// The last line of every letter: sent automatically.
fn footer(lang: Language) -> &'static str {
    catalogue(lang).text("common", "footer")
}

/// "Hurmatli Aziz Rahimov!", "Dear Aziz Rahimov,".
fn greet(lang: Language, name: &str) -> String {
    Texts::new(lang, "common").say("greeting", &[("name", name)])
}

/// The greeting of an applicant, whose name the payload does not carry.
fn greet_applicant(lang: Language) -> String {
    Texts::new(lang, "common").plain("greeting_applicant")
}

/// Upper-cases the first letter (any script).
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The localized label of an outcome code, in lower case; an unknown code is shown as it is.
fn outcome_label(lang: Language, code: &str) -> String {
    catalogue(lang).get("outcome", code).unwrap_or(code).to_owned()
}

/// A staff role as its holder reads it in their language (an unknown code is shown as it is).
fn role_name(lang: Language, code: &str) -> String {
    catalogue(lang).get("role", code).unwrap_or(code).to_owned()
}

/// The kind of an impact measure in words (a generic word for an unknown code).
fn measure_kind_label(lang: Language, kind: &str) -> String {
    let c = catalogue(lang);
    c.get("measure_kind", kind)
        .filter(|_| kind != "other")
        .unwrap_or_else(|| c.text("measure_kind", "other"))
        .to_owned()
}

/// A date as people write it in `lang`.
fn date(lang: Language, d: chrono::NaiveDate) -> String {
    crate::dates::written(lang, d)
}

#[cfg(test)]
mod catalogue_tests;
#[cfg(test)]
mod daily_digest_tests;
#[cfg(test)]
mod tests;
