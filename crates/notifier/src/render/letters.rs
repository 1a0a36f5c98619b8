//! Letters about one appeal or account: to the applicant (acknowledgement, decision, extension,
//! measure taken) and to staff (new account, assignment).

use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{
    AccountCreated, AppealAssigned, AppealClosed, AppealRegistered, DeadlineExtended, ImpactMeasureIssued,
};

use super::catalogue::Texts;
use super::{capitalize, date, greet, greet_applicant, measure_kind_label, outcome_label, role_name, Content};
use crate::plural::days;
use ombudsman_domain::notification::NotificationKind;

/// `account_created`: to a new member of staff.
pub(super) fn account_created(lang: Language, p: &AccountCreated) -> Content {
    let t = Texts::of(lang, NotificationKind::AccountCreated);
    let role = role_name(lang, &p.role);
    Content::new(lang, t.plain("subject"), greet(lang, &p.full_name))
        .para(t.say("body", &[("office", &p.office), ("role", &role)]))
        .para(t.plain("unexpected"))
}

/// `appeal_registered`: the acknowledgement to the applicant.
pub(super) fn appeal_registered(lang: Language, p: &AppealRegistered) -> Content {
    let t = Texts::of(lang, NotificationKind::AppealRegistered);
    let (received_on, due_on) = (date(lang, p.received_on), date(lang, p.due_on));
    let args = [
        ("number", p.number.as_str()),
        ("received_on", &received_on),
        ("due_on", &due_on),
    ];
    Content::new(lang, t.say("subject", &args), greet_applicant(lang))
        .para(t.say("body", &args))
        .para(t.plain("status"))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("subject_row"), p.subject.clone())
        .row(t.plain("received_on"), received_on.clone())
        .row(t.plain("access_code"), p.access_code.clone())
        .row(t.plain("due_on"), due_on.clone())
}

/// `appeal_closed`: the decision notice to the applicant, with the officer's reasons and, for a
/// refusal, how to challenge it.
pub(super) fn appeal_closed(lang: Language, p: &AppealClosed) -> Content {
    let t = Texts::of(lang, NotificationKind::AppealClosed);
    let label = outcome_label(lang, &p.outcome);
    let args = [("number", p.number.as_str()), ("outcome", &label)];
    let mut content = Content::new(lang, t.say("subject", &args), greet_applicant(lang))
        .para(t.say("body", &args))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("subject_row"), p.subject.clone())
        .row(t.plain("outcome"), capitalize(&label));
    let reasons = p.reasons.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if let Some(reasons) = reasons {
        content = content.para(t.say("reasons", &[("reasons", reasons)]));
    }
    if let Some(notice) = crate::legal::challenge_notice(lang, &p.outcome) {
        content = content.para(notice);
    }
    content.para(t.plain("thanks"))
}

/// `appeal_assigned`: to the officer who got the appeal.
pub(super) fn appeal_assigned(lang: Language, p: &AppealAssigned) -> Content {
    let t = Texts::of(lang, NotificationKind::AppealAssigned);
    let due_on = date(lang, p.due_on);
    let args = [("number", p.number.as_str()), ("due_on", &due_on)];
    Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("body", &args))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("subject_row"), p.subject.clone())
        .row(t.plain("due_on"), due_on.clone())
}

/// `impact_measure_issued`: to the applicant, the office has filed a measure with a state body
/// about their appeal.
pub(super) fn impact_measure_issued(lang: Language, p: &ImpactMeasureIssued) -> Content {
    let t = Texts::of(lang, NotificationKind::ImpactMeasureIssued);
    let (kind, issued_on) = (measure_kind_label(lang, &p.kind), date(lang, p.issued_on));
    let args = [
        ("number", p.number.as_str()),
        ("measure", &p.measure),
        ("kind", &kind),
        ("addressee", &p.addressee),
        ("issued_on", &issued_on),
    ];
    Content::new(lang, t.say("subject", &args), greet_applicant(lang))
        .para(t.say("body", &args))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("measure"), p.measure.clone())
}

/// `deadline_extended`: to the applicant, the answer date moved by `days` to `due_on`.
pub(super) fn deadline_extended(lang: Language, p: &DeadlineExtended) -> Content {
    let t = Texts::of(lang, NotificationKind::DeadlineExtended);
    let (by, due_on) = (days(lang, u64::from(p.days)), date(lang, p.due_on));
    let args = [("number", p.number.as_str()), ("days", &by), ("due_on", &due_on)];
    Content::new(lang, t.say("subject", &args), greet_applicant(lang))
        .para(t.say("body", &args))
        .para(t.say("reason", &[("reason", &p.reason)]))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("due_on"), due_on.clone())
}
