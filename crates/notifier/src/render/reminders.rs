//! Reminders to staff, one per item: a deadline near or past, a measure or a recommendation
//! unanswered. No longer queued (the daily digest lists them all); kept so that a message queued
//! before an upgrade still renders and is sent.

use ombudsman_domain::labels::{label_or_code, CodeKind};
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{AppealOverdue, DeadlineReminder, ImpactMeasureOverdue, RecommendationOverdue};

use super::catalogue::Texts;
use super::{date, greet, measure_kind_label, Content};
use crate::plural::days;
use ombudsman_domain::notification::NotificationKind;

/// `deadline_approaching`: a reminder to the officer in charge.
pub(super) fn deadline_approaching(lang: Language, p: &DeadlineReminder) -> Content {
    let t = Texts::of(lang, NotificationKind::DeadlineApproaching);
    let (left, due_on) = (days(lang, u64::from(p.days_left)), date(lang, p.due_on));
    let args = [("number", p.number.as_str()), ("days", &left), ("due_on", &due_on)];
    let (subject, body) = if p.days_left == 0 {
        ("subject_today", "body_today")
    } else {
        ("subject", "body")
    };
    Content::new(lang, t.say(subject, &args), greet(lang, &p.full_name))
        .para(t.say(body, &args))
        .para(t.plain("request"))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("subject_row"), p.subject.clone())
        .row(t.plain("due_on"), due_on.clone())
}

/// `appeal_overdue`: to the officer in charge.
pub(super) fn appeal_overdue(lang: Language, p: &AppealOverdue) -> Content {
    let t = Texts::of(lang, NotificationKind::AppealOverdue);
    let (late, due_on) = (days(lang, u64::from(p.days_overdue)), date(lang, p.due_on));
    let args = [("number", p.number.as_str()), ("days", &late), ("due_on", &due_on)];
    Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("body", &args))
        .para(t.plain("request"))
        .row(t.plain("number"), p.number.clone())
        .row(t.plain("subject_row"), p.subject.clone())
        .row(t.plain("due_on"), due_on.clone())
        .row(t.plain("late"), late.clone())
}

/// `impact_measure_overdue`: to the manager who issued the measure the addressee has not answered.
pub(super) fn impact_measure_overdue(lang: Language, p: &ImpactMeasureOverdue) -> Content {
    let t = Texts::of(lang, NotificationKind::ImpactMeasureOverdue);
    let late = days(lang, u64::from(p.days_overdue));
    let due_on = date(lang, p.response_due_on);
    let kind = measure_kind_label(lang, &p.kind);
    let args = [
        ("reference", p.reference.as_str()),
        ("kind", &kind),
        ("addressee", &p.addressee),
        ("days", &late),
        ("due_on", &due_on),
    ];
    Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("body", &args))
        .para(t.plain("request"))
        .row(t.plain("measure"), p.reference.clone())
        .row(t.plain("kind"), kind.clone())
        .row(t.plain("addressee"), p.addressee.clone())
        .row(t.plain("due_on"), due_on.clone())
        .row(t.plain("late"), late.clone())
}

/// `recommendation_overdue`: to the monitors of a visit, a recommendation made to the facility is
/// past its due date and not yet found implemented: time for a follow-up.
pub(super) fn recommendation_overdue(lang: Language, p: &RecommendationOverdue) -> Content {
    let t = Texts::of(lang, NotificationKind::RecommendationOverdue);
    let (late, due_on) = (days(lang, u64::from(p.days_overdue)), date(lang, p.due_on));
    let status = label_or_code(lang, CodeKind::RecommendationStatus, &p.status);
    let args = [
        ("visit", p.visit.as_str()),
        ("facility", &p.facility),
        ("days", &late),
        ("due_on", &due_on),
    ];
    Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("body", &args))
        .para(t.plain("request"))
        .row(t.plain("text"), p.text.clone())
        .row(t.plain("addressee"), p.addressee.clone())
        .row(t.plain("status"), status)
        .row(t.plain("due_on"), due_on.clone())
}
