//! The daily digest to a member of staff: everything of theirs due soon or late, in one letter.

use chrono::NaiveDate;
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{DigestSection, NotificationKind, StaffDailyDigest};

use super::catalogue::Texts;
use super::{date, greet, measure_kind_label, Content};
use crate::plural::days;

/// `staff_daily_digest`: a count per section, then each section's items, most urgent first, with
/// a closing line for the items a section counts but does not list.
pub(super) fn staff_daily_digest(lang: Language, p: &StaffDailyDigest) -> Content {
    let t = Texts::of(lang, NotificationKind::StaffDailyDigest);
    let day = date(lang, p.day);
    let args = [("day", day.as_str())];
    let mut content = Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("intro", &args))
        .para(t.plain("request"));
    for (key, total) in [
        ("appeals_overdue", p.appeals_overdue.total),
        ("appeals_due_soon", p.appeals_due_soon.total),
        ("requests_overdue", p.requests_overdue.total),
        ("measures_overdue", p.measures_overdue.total),
        ("recommendations_overdue", p.recommendations_overdue.total),
    ] {
        if total > 0 {
            content = content.row(t.plain(key), total.to_string());
        }
    }
    let late = |due_on: NaiveDate| days(lang, days_between(due_on, p.day));
    let section = |content: Content, key: &str, items: Vec<String>, not_listed: u64| {
        let more = (not_listed > 0).then(|| t.say("more", &[("count", &not_listed.to_string())]));
        content.list(t.plain(key), items, more)
    };
    let appeals_overdue = items(&p.appeals_overdue, |a| {
        let (due_on, late) = (date(lang, a.due_on), late(a.due_on));
        t.say(
            "appeal_overdue",
            &[
                ("number", a.number.as_str()),
                ("subject", &a.subject),
                ("due_on", &due_on),
                ("days", &late),
            ],
        )
    });
    content = section(
        content,
        "appeals_overdue",
        appeals_overdue,
        p.appeals_overdue.not_listed(),
    );
    let appeals_due_soon = items(&p.appeals_due_soon, |a| {
        let left = days_between(p.day, a.due_on);
        let due_on = date(lang, a.due_on);
        let left_words = days(lang, left);
        let key = if left == 0 { "appeal_due_today" } else { "appeal_due" };
        t.say(
            key,
            &[
                ("number", a.number.as_str()),
                ("subject", &a.subject),
                ("due_on", &due_on),
                ("days", &left_words),
            ],
        )
    });
    content = section(
        content,
        "appeals_due_soon",
        appeals_due_soon,
        p.appeals_due_soon.not_listed(),
    );
    let requests = items(&p.requests_overdue, |r| {
        let (due_on, late) = (date(lang, r.due_on), late(r.due_on));
        t.say(
            "request_overdue",
            &[
                ("appeal", r.appeal.as_str()),
                ("subject", &r.subject),
                ("body", &r.body),
                ("due_on", &due_on),
                ("days", &late),
            ],
        )
    });
    content = section(content, "requests_overdue", requests, p.requests_overdue.not_listed());
    let measures = items(&p.measures_overdue, |m| {
        let (due_on, late) = (date(lang, m.due_on), late(m.due_on));
        let kind = measure_kind_label(lang, &m.kind);
        t.say(
            "measure_overdue",
            &[
                ("reference", m.reference.as_str()),
                ("kind", &kind),
                ("addressee", &m.addressee),
                ("due_on", &due_on),
                ("days", &late),
            ],
        )
    });
    content = section(content, "measures_overdue", measures, p.measures_overdue.not_listed());
    let recommendations = items(&p.recommendations_overdue, |r| {
        let (due_on, late) = (date(lang, r.due_on), late(r.due_on));
        t.say(
            "recommendation_overdue",
            &[
                ("visit", r.visit.as_str()),
                ("facility", &r.facility),
                ("text", &r.text),
                ("addressee", &r.addressee),
                ("due_on", &due_on),
                ("days", &late),
            ],
        )
    });
    section(
        content,
        "recommendations_overdue",
        recommendations,
        p.recommendations_overdue.not_listed(),
    )
}

/// The listed items of a section, each as a line.
fn items<T>(section: &DigestSection<T>, line: impl Fn(&T) -> String) -> Vec<String> {
    section.items.iter().map(line).collect()
}

/// Whole days from `from` to `to`, never negative.
fn days_between(from: NaiveDate, to: NaiveDate) -> u64 {
    u64::try_from((to - from).num_days()).unwrap_or(0)
}
