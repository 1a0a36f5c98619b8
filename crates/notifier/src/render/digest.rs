//! The weekly digest to managers.

use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{DigestItem, WeeklyDigest};

use super::catalogue::Texts;
use super::{capitalize, date, greet, Content};
use crate::plural::{appeals, category, days, PluralCategory};
use ombudsman_domain::notification::NotificationKind;

/// English "is"/"are" (or "was"/"were") agreeing with `n`.
fn en_verb(n: u64, singular: &'static str, plural: &'static str) -> &'static str {
    if category(Language::En, n) == PluralCategory::One {
        singular
    } else {
        plural
    }
}

/// `weekly_digest`: the figures of a week to a manager.
pub(super) fn weekly_digest(lang: Language, p: &WeeklyDigest) -> Content {
    let t = Texts::of(lang, NotificationKind::WeeklyDigest);
    let office = [("office", p.office.as_str())];
    let (scope, of_scope) = if p.all_offices {
        (t.plain("scope_all"), t.plain("of_scope_all"))
    } else {
        (t.say("scope_office", &office), t.say("of_scope_office", &office))
    };
    let week = crate::dates::week(lang, &p.week).unwrap_or_else(|| p.week.clone());
    let n = |count: u64| appeals(lang, count);
    let (open, overdue, due_soon, registered, closed) =
        (n(p.open), n(p.overdue), n(p.due_soon), n(p.registered), n(p.closed));
    let overdue_number = p.overdue.to_string();
    let due_soon_capitalized = capitalize(&due_soon);
    let args = [
        ("scope", scope.as_str()),
        ("of_scope", &of_scope),
        ("week", &week),
        ("open", &open),
        ("overdue", &overdue),
        ("overdue_number", &overdue_number),
        ("due_soon", &due_soon),
        ("due_soon_capitalized", &due_soon_capitalized),
        ("registered", &registered),
        ("closed", &closed),
        ("open_verb", en_verb(p.open, "is", "are")),
        ("overdue_verb", en_verb(p.overdue, "is", "are")),
        ("due_soon_verb", en_verb(p.due_soon, "is", "are")),
        ("registered_verb", en_verb(p.registered, "was", "were")),
        ("closed_verb", en_verb(p.closed, "was", "were")),
    ];
    let content = Content::new(lang, t.say("subject", &args), greet(lang, &p.full_name))
        .para(t.say("intro", &args))
        .para(t.say("figures", &args))
        .para(t.say("week_past", &args))
        .row(t.plain("open"), p.open.to_string())
        .row(t.plain("overdue"), p.overdue.to_string())
        .row(t.plain("due_soon"), p.due_soon.to_string())
        .row(t.plain("registered"), p.registered.to_string())
        .row(t.plain("closed"), p.closed.to_string());
    let items = p.overdue_items.iter().map(|item| digest_item(lang, item)).collect();
    content.list(t.plain("items"), items, None)
}

/// "HQ-2025-000012 — due 1 March 2025, 3 days overdue — Aziz Rahimov".
fn digest_item(lang: Language, item: &DigestItem) -> String {
    let t = Texts::of(lang, NotificationKind::WeeklyDigest);
    let unassigned = t.plain("unassigned");
    let who = item
        .assignee
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or(&unassigned);
    let (late, due_on) = (days(lang, u64::from(item.days_overdue)), date(lang, item.due_on));
    t.say(
        "item",
        &[
            ("number", item.number.as_str()),
            ("due_on", &due_on),
            ("days", &late),
            ("assignee", who),
        ],
    )
}
