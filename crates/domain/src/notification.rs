//! The e-mails the office sends, typed: one [`Notification`] variant per kind, each with the
//! payload its letter needs. The outbox keeps the kind as text ([`NotificationKind::as_str`]) and
//! the payload as JSON (the variant's fields, under the names below); the notifier reads them back
//! into a `Notification` and renders it. Codes inside a payload (a role, an outcome, a measure
//! kind) stay text, so a row queued before a code was renamed still renders.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// The kind of an e-mail, as the outbox stores it.
    NotificationKind {
        /// To a new member of staff.
        AccountCreated => "account_created",
        /// The acknowledgement to the applicant.
        AppealRegistered => "appeal_registered",
        /// The decision notice to the applicant.
        AppealClosed => "appeal_closed",
        /// To the officer who got the appeal.
        AppealAssigned => "appeal_assigned",
        /// To the applicant: the answer date moved.
        DeadlineExtended => "deadline_extended",
        /// A reminder to the officer in charge (no longer scheduled: the daily digest lists it;
        /// kept so that a message queued before still renders).
        DeadlineApproaching => "deadline_approaching",
        /// To the officer in charge: the answer is late (no longer scheduled, see above).
        AppealOverdue => "appeal_overdue",
        /// To the issuer: the addressee of a measure has not answered (no longer scheduled).
        ImpactMeasureOverdue => "impact_measure_overdue",
        /// To the applicant: a measure was filed about their appeal.
        ImpactMeasureIssued => "impact_measure_issued",
        /// To the monitors of a visit: a recommendation is past its due date (no longer scheduled).
        RecommendationOverdue => "recommendation_overdue",
        /// The figures of a week to a manager.
        WeeklyDigest => "weekly_digest",
        /// To a member of staff, once a day: everything of theirs that is due or late.
        StaffDailyDigest => "staff_daily_digest",
        /// To a citizen who filed an appeal online: the link (and code) that confirms it.
        DraftConfirmation => "draft_confirmation",
        /// To the applicant: the office asks them for documents or explanations.
        ApplicantRequested => "applicant_requested",
        /// To the officer in charge: the applicant answered through their page.
        ApplicantReplied => "applicant_replied",
    }
);

impl NotificationKind {
    /// The occurrence key of a message: the kind, then `parts` (ids, a due date, a version, a
    /// week), joined with `:`. The outbox queues one message per key, so every producer and every
    /// reminder query builds its keys here and nowhere else.
    pub fn occurrence_key(self, parts: &[&dyn std::fmt::Display]) -> String {
        let mut key = self.as_str().to_owned();
        for part in parts {
            key.push(':');
            key.push_str(&part.to_string());
        }
        key
    }
}

/// An e-mail with its payload. Serialized, it is the payload alone (the kind is stored beside it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Notification {
    /// `account_created`.
    AccountCreated(AccountCreated),
    /// `appeal_registered`.
    AppealRegistered(AppealRegistered),
    /// `appeal_closed`.
    AppealClosed(AppealClosed),
    /// `appeal_assigned`.
    AppealAssigned(AppealAssigned),
    /// `deadline_extended`.
    DeadlineExtended(DeadlineExtended),
    /// `deadline_approaching`.
    DeadlineApproaching(DeadlineReminder),
    /// `appeal_overdue`.
    AppealOverdue(AppealOverdue),
    /// `impact_measure_overdue`.
    ImpactMeasureOverdue(ImpactMeasureOverdue),
    /// `impact_measure_issued`.
    ImpactMeasureIssued(ImpactMeasureIssued),
    /// `recommendation_overdue`.
    RecommendationOverdue(RecommendationOverdue),
    /// `weekly_digest`.
    WeeklyDigest(WeeklyDigest),
    /// `staff_daily_digest`.
    StaffDailyDigest(StaffDailyDigest),
    /// `draft_confirmation`.
    DraftConfirmation(DraftConfirmation),
    /// `applicant_requested`.
    ApplicantRequested(ApplicantRequested),
    /// `applicant_replied`.
    ApplicantReplied(ApplicantReplied),
}

impl Notification {
    /// Its kind.
    pub fn kind(&self) -> NotificationKind {
        match self {
            Notification::AccountCreated(_) => NotificationKind::AccountCreated,
            Notification::AppealRegistered(_) => NotificationKind::AppealRegistered,
            Notification::AppealClosed(_) => NotificationKind::AppealClosed,
            Notification::AppealAssigned(_) => NotificationKind::AppealAssigned,
            Notification::DeadlineExtended(_) => NotificationKind::DeadlineExtended,
            Notification::DeadlineApproaching(_) => NotificationKind::DeadlineApproaching,
            Notification::AppealOverdue(_) => NotificationKind::AppealOverdue,
            Notification::ImpactMeasureOverdue(_) => NotificationKind::ImpactMeasureOverdue,
            Notification::ImpactMeasureIssued(_) => NotificationKind::ImpactMeasureIssued,
            Notification::RecommendationOverdue(_) => NotificationKind::RecommendationOverdue,
            Notification::WeeklyDigest(_) => NotificationKind::WeeklyDigest,
            Notification::StaffDailyDigest(_) => NotificationKind::StaffDailyDigest,
            Notification::DraftConfirmation(_) => NotificationKind::DraftConfirmation,
            Notification::ApplicantRequested(_) => NotificationKind::ApplicantRequested,
            Notification::ApplicantReplied(_) => NotificationKind::ApplicantReplied,
        }
    }
}

/// `account_created`: to a new member of staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountCreated {
    /// Their name.
    pub full_name: String,
    /// Their role's code (`case_officer`), shown in words.
    pub role: String,
    /// Their office's code.
    pub office: String,
}

/// `appeal_registered`: the acknowledgement to the applicant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealRegistered {
    /// Registration number.
    pub number: String,
    /// The code that, with the number, shows the appeal's status.
    pub access_code: String,
    /// When it was received.
    pub received_on: NaiveDate,
    /// When the answer is due.
    pub due_on: NaiveDate,
    /// Its subject.
    pub subject: String,
}

/// `appeal_closed`: the decision notice to the applicant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealClosed {
    /// Registration number.
    pub number: String,
    /// The outcome's code (`rejected`), shown in words.
    pub outcome: String,
    /// Its subject.
    pub subject: String,
    /// The reasons the officer recorded with the decision, when there are any.
    #[serde(default)]
    pub reasons: Option<String>,
}

/// `appeal_assigned`: to the officer who got the appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealAssigned {
    /// Registration number.
    pub number: String,
    /// Its subject.
    pub subject: String,
    /// When the answer is due.
    pub due_on: NaiveDate,
    /// The officer's name.
    pub full_name: String,
}

/// `deadline_extended`: to the applicant, the answer date moved by `days` to `due_on`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineExtended {
    /// Registration number.
    pub number: String,
    /// The new answer date.
    pub due_on: NaiveDate,
    /// Days added.
    pub days: u32,
    /// Why.
    pub reason: String,
}

/// `draft_confirmation`: to a citizen who filed an appeal online, the one-time link and code that
/// confirm their e-mail and register the appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftConfirmation {
    /// The subject they gave.
    pub subject: String,
    /// The confirmation page with the one-time token.
    pub link: String,
    /// The same token, short, to type on the confirmation page.
    pub code: String,
    /// Until when it works.
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// `applicant_requested`: to the applicant, the office asks them for something on their page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicantRequested {
    /// Registration number.
    pub number: String,
    /// What the office asks.
    pub text: String,
    /// The applicant's page.
    pub link: String,
}

/// `applicant_replied`: to the officer in charge, the applicant answered through their page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicantReplied {
    /// Registration number.
    pub number: String,
    /// Its subject.
    pub subject: String,
    /// Files sent with the reply.
    pub files: u32,
    /// The officer's name.
    pub full_name: String,
}

/// `deadline_approaching`: a reminder to the officer in charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineReminder {
    /// Registration number.
    pub number: String,
    /// Its subject.
    pub subject: String,
    /// When the answer is due.
    pub due_on: NaiveDate,
    /// Days from today to then (0: today).
    pub days_left: u32,
    /// The person reminded.
    pub full_name: String,
}

/// `appeal_overdue`: to the officer in charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealOverdue {
    /// Registration number.
    pub number: String,
    /// Its subject.
    pub subject: String,
    /// When the answer was due.
    pub due_on: NaiveDate,
    /// Days past it.
    pub days_overdue: u32,
    /// The person reminded.
    pub full_name: String,
}

/// `impact_measure_overdue`: to the manager who issued a measure its addressee has not answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImpactMeasureOverdue {
    /// The measure's number.
    pub reference: String,
    /// Its kind's code (`submission`), shown in words.
    pub kind: String,
    /// The body it was sent to.
    pub addressee: String,
    /// When the answer was due.
    pub response_due_on: NaiveDate,
    /// Days past it.
    pub days_overdue: u32,
    /// The person reminded.
    pub full_name: String,
}

/// `impact_measure_issued`: to the applicant, a measure was filed about their appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImpactMeasureIssued {
    /// The appeal's number.
    pub number: String,
    /// The measure's number.
    pub measure: String,
    /// Its kind's code (`demand`), shown in words.
    pub kind: String,
    /// The body it was sent to.
    pub addressee: String,
    /// When.
    pub issued_on: NaiveDate,
}

/// `recommendation_overdue`: to the monitors of a visit, a recommendation made to the facility is
/// past its due date and not yet found implemented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationOverdue {
    /// The visit's number.
    pub visit: String,
    /// The facility's name.
    pub facility: String,
    /// The recommendation.
    pub text: String,
    /// Who was to implement it.
    pub addressee: String,
    /// Its status's code (`open`, `partially_implemented`), shown in words.
    pub status: String,
    /// When it was due.
    pub due_on: NaiveDate,
    /// Days past it.
    pub days_overdue: u32,
    /// The person reminded.
    pub full_name: String,
}

/// `weekly_digest`: the figures of a week to a manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyDigest {
    /// The manager's name.
    pub full_name: String,
    /// Their office's code.
    pub office: String,
    /// Central-office digests cover every office.
    #[serde(default)]
    pub all_offices: bool,
    /// The ISO week (`2026-W48`), shown as its dates.
    pub week: String,
    /// Appeals under consideration.
    pub open: u64,
    /// Of those, past their deadline.
    pub overdue: u64,
    /// Due within the next seven days.
    pub due_soon: u64,
    /// Registered over the week.
    pub registered: u64,
    /// Closed over the week.
    pub closed: u64,
    /// The most overdue appeals.
    pub overdue_items: Vec<DigestItem>,
}

/// An overdue appeal listed in a digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestItem {
    /// Registration number.
    pub number: String,
    /// When the answer was due.
    pub due_on: NaiveDate,
    /// Days past it.
    pub days_overdue: u32,
    /// The officer in charge, if any.
    #[serde(default)]
    pub assignee: Option<String>,
}

/// How many items of each section a daily digest lists; the rest are only counted.
pub const DIGEST_SECTION_LIMIT: usize = 50;

/// `staff_daily_digest`: to one member of staff, once a day, in one letter, everything of theirs
/// that is due soon or late — instead of one e-mail per item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffDailyDigest {
    /// The person reminded.
    pub full_name: String,
    /// The (Tashkent) day it is for; days left and days late are counted from it.
    pub day: NaiveDate,
    /// Their appeals past the answer date.
    #[serde(default)]
    pub appeals_overdue: DigestSection<AppealDue>,
    /// Their appeals whose answer is due within the warning window (today included).
    #[serde(default)]
    pub appeals_due_soon: DigestSection<AppealDue>,
    /// Requests to state bodies, on their appeals, still unanswered after the due date.
    #[serde(default)]
    pub requests_overdue: DigestSection<RequestDue>,
    /// Impact measures they issued whose answer is overdue.
    #[serde(default)]
    pub measures_overdue: DigestSection<MeasureDue>,
    /// Recommendations of their visits past the due date and not yet implemented.
    #[serde(default)]
    pub recommendations_overdue: DigestSection<RecommendationDue>,
}

impl StaffDailyDigest {
    /// An empty digest for `full_name` on `day`.
    pub fn new(full_name: String, day: NaiveDate) -> Self {
        Self {
            full_name,
            day,
            appeals_overdue: DigestSection::default(),
            appeals_due_soon: DigestSection::default(),
            requests_overdue: DigestSection::default(),
            measures_overdue: DigestSection::default(),
            recommendations_overdue: DigestSection::default(),
        }
    }

    /// How many items it counts in all, listed or not.
    pub fn total(&self) -> u64 {
        self.appeals_overdue.total
            + self.appeals_due_soon.total
            + self.requests_overdue.total
            + self.measures_overdue.total
            + self.recommendations_overdue.total
    }
}

/// One section of a daily digest: a count and the first [`DIGEST_SECTION_LIMIT`] items, most
/// urgent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestSection<T> {
    /// How many there are in all.
    pub total: u64,
    /// The first of them.
    pub items: Vec<T>,
}

impl<T> Default for DigestSection<T> {
    fn default() -> Self {
        Self {
            total: 0,
            items: Vec::new(),
        }
    }
}

impl<T> DigestSection<T> {
    /// Counts `item` and lists it while the section has room.
    pub fn push(&mut self, item: T) {
        self.total += 1;
        if self.items.len() < DIGEST_SECTION_LIMIT {
            self.items.push(item);
        }
    }

    /// How many are counted but not listed.
    pub fn not_listed(&self) -> u64 {
        self.total.saturating_sub(self.items.len() as u64)
    }
}

/// An appeal in a daily digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealDue {
    /// Registration number.
    pub number: String,
    /// Its subject.
    pub subject: String,
    /// When the answer is (or was) due.
    pub due_on: NaiveDate,
}

/// A request to a state body in a daily digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDue {
    /// The appeal's registration number.
    pub appeal: String,
    /// The body asked.
    pub body: String,
    /// What it was asked.
    pub subject: String,
    /// When its answer was due.
    pub due_on: NaiveDate,
}

/// An impact measure in a daily digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureDue {
    /// The measure's number.
    pub reference: String,
    /// Its kind's code (`submission`), shown in words.
    pub kind: String,
    /// The body it was sent to.
    pub addressee: String,
    /// When the answer was due.
    pub due_on: NaiveDate,
}

/// A visit's recommendation in a daily digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendationDue {
    /// The visit's number.
    pub visit: String,
    /// The facility's name.
    pub facility: String,
    /// The recommendation.
    pub text: String,
    /// Who was to implement it.
    pub addressee: String,
    /// When it was due.
    pub due_on: NaiveDate,
}

/// A count of days that cannot be negative (a database difference of dates), as a payload holds it.
pub fn day_count(days: i32) -> u32 {
    u32::try_from(days).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_serializes_under_the_field_names_queued_rows_have() {
        let n = Notification::AppealClosed(AppealClosed {
            number: "HQ-1".into(),
            outcome: "rejected".into(),
            subject: "s".into(),
            reasons: None,
        });
        assert_eq!(n.kind().as_str(), "appeal_closed");
        assert_eq!(
            serde_json::to_value(&n).unwrap(),
            serde_json::json!({"number": "HQ-1", "outcome": "rejected", "subject": "s", "reasons": null})
        );
        let d = Notification::DeadlineExtended(DeadlineExtended {
            number: "HQ-1".into(),
            due_on: NaiveDate::from_ymd_opt(2025, 4, 21).unwrap(),
            days: 30,
            reason: "r".into(),
        });
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::json!({"number": "HQ-1", "due_on": "2025-04-21", "days": 30, "reason": "r"})
        );
    }

    #[test]
    fn keys_join_the_kind_and_the_parts() {
        let id = uuid::Uuid::nil();
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(
            NotificationKind::StaffDailyDigest.occurrence_key(&[&id, &day]),
            format!("staff_daily_digest:{id}:2025-03-01")
        );
        assert_eq!(
            NotificationKind::WeeklyDigest.occurrence_key(&[&id, &"2026-W48"]),
            format!("weekly_digest:{id}:2026-W48")
        );
        for kind in NotificationKind::ALL {
            assert_eq!(kind.as_str().parse::<NotificationKind>().unwrap(), *kind);
        }
    }

    #[test]
    fn a_digest_section_lists_the_first_items_and_counts_them_all() {
        let mut section = DigestSection::default();
        for i in 0..DIGEST_SECTION_LIMIT + 7 {
            section.push(i);
        }
        assert_eq!(section.total, DIGEST_SECTION_LIMIT as u64 + 7);
        assert_eq!(section.items.len(), DIGEST_SECTION_LIMIT);
        assert_eq!(section.items[0], 0, "the most urgent first");
        assert_eq!(section.not_listed(), 7);
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut digest = StaffDailyDigest::new("A".into(), day);
        assert_eq!(digest.total(), 0);
        digest.appeals_overdue.push(AppealDue {
            number: "HQ-1".into(),
            subject: "s".into(),
            due_on: day,
        });
        digest.measures_overdue.push(MeasureDue {
            reference: "HQ-D-1".into(),
            kind: "demand".into(),
            addressee: "b".into(),
            due_on: day,
        });
        assert_eq!(digest.total(), 2);
        // Sections a producer left out read as empty.
        let read: StaffDailyDigest =
            serde_json::from_value(serde_json::json!({"full_name": "A", "day": "2026-12-01"})).unwrap();
        assert_eq!(read, StaffDailyDigest::new("A".into(), day));
    }
}
