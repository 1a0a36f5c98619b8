//! Letters of the public intake: the confirmation of an appeal filed online, the office's request
//! to the applicant, and the applicant's reply to the officer in charge.

use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{ApplicantReplied, ApplicantRequested, DraftConfirmation, NotificationKind};

use super::catalogue::Texts;
use ombudsman_domain::office::tashkent_date;

use super::{date, greet, greet_applicant, Content};

/// `draft_confirmation`: the one-time link and code that register an appeal filed online.
pub(super) fn draft_confirmation(lang: Language, p: &DraftConfirmation) -> Content {
    let t = Texts::of(lang, NotificationKind::DraftConfirmation);
    Content::new(lang, t.plain("subject"), greet_applicant(lang))
        .para(t.say("body", &[("subject", &p.subject)]))
        .para(t.say("link", &[("link", &p.link)]))
        .row(t.plain("code"), p.code.clone())
        .row(t.plain("expires_at"), until(lang, p.expires_at))
        .para(t.plain("unexpected"))
}

/// An instant as the citizen reads it: the written date and the time of day in Tashkent.
fn until(lang: Language, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at + chrono::Duration::hours(5);
    format!("{}, {}", date(lang, tashkent_date(at)), local.format("%H:%M"))
}

/// `applicant_requested`: the office asks the applicant for documents or explanations.
pub(super) fn applicant_requested(lang: Language, p: &ApplicantRequested) -> Content {
    let t = Texts::of(lang, NotificationKind::ApplicantRequested);
    let args = [("number", p.number.as_str()), ("link", &p.link)];
    Content::new(lang, t.say("subject", &args), greet_applicant(lang))
        .para(t.say("body", &args))
        .para(p.text.clone())
        .para(t.say("answer", &args))
        .row(t.plain("number"), p.number.clone())
}

/// `applicant_replied`: to the officer in charge, the applicant answered through their page.
pub(super) fn applicant_replied(lang: Language, p: &ApplicantReplied) -> Content {
    let t = Texts::of(lang, NotificationKind::ApplicantReplied);
    let files = p.files.to_string();
    let args = [("number", p.number.as_str()), ("files", &files)];
    Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("body", &args))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("subject_row"), p.subject.clone())
        .row(t.plain("files"), files.clone())
}
