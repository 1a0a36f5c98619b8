//! The deadline engine: statutory time limits for answering citizens' appeals.
//!
//! A deadline is counted from the day after an appeal is received (or moved to another track),
//! in working or calendar days, pushed back by the days the office waited for the applicant and
//! by an extension, and finally moved off a weekend or public holiday. Every step is recorded in
//! an [`Explanation`] so that an officer or an applicant can see why a date was chosen.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, Errors, FieldError};

mod calendar;

pub use calendar::*;

code_enum!(
    /// How the days of a time limit are counted.
    DayUnit {
        /// Only working days count: weekends and public holidays are skipped.
        Working => "working_days",
        /// Every calendar day counts; only the due date itself is moved off a non-working day.
        Calendar => "calendar_days",
    }
);

code_enum!(
    /// Which time limit applies to an appeal.
    Track {
        /// Initial processing, or forwarding an appeal that belongs to another body.
        Initial => "initial",
        /// A standard reply.
        Standard => "standard",
        /// A reply that needs additional study.
        ExtendedStudy => "extended_study",
    }
);

code_enum!(
    /// Why a day did not count, or why a due date was moved past it.
    SkipReason {
        /// A weekly day off.
        Weekend => "weekend",
        /// A public holiday.
        Holiday => "holiday",
    }
);

/// One time limit: a number of days in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// How many days, 1 to 366.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 366))]
    pub days: u32,
    /// Whether they are working or calendar days.
    pub unit: DayUnit,
}

impl Rule {
    /// A limit of `days` working days.
    pub const fn working(days: u32) -> Self {
        Self {
            days,
            unit: DayUnit::Working,
        }
    }

    /// A limit of `days` calendar days.
    pub const fn calendar(days: u32) -> Self {
        Self {
            days,
            unit: DayUnit::Calendar,
        }
    }
}

/// The time limits of an office, configurable and stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeadlinePolicy {
    /// Initial processing or forwarding.
    pub initial: Rule,
    /// A standard reply.
    pub standard: Rule,
    /// A reply that needs additional study.
    pub extended_study: Rule,
    /// The longest single extension, in calendar days, 1 to 366.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 366))]
    pub max_extension_days: u32,
    /// How many times one deadline may be extended, 0 to 10.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub max_extensions: u32,
}

impl DeadlinePolicy {
    /// The longest time limit or extension a policy may set, in days.
    pub const MAX_DAYS: u32 = 366;

    /// The most extensions a policy may allow for one deadline.
    pub const MAX_EXTENSIONS: u32 = 10;

    /// The rule of a track.
    pub fn rule(&self, track: Track) -> Rule {
        match track {
            Track::Initial => self.initial,
            Track::Standard => self.standard,
            Track::ExtendedStudy => self.extended_study,
        }
    }

    /// Checks a configured policy: every rule is 1 to [`Self::MAX_DAYS`] days, and so is the
    /// longest extension (whether or not extensions are allowed, so that the rule is one a schema
    /// can state).
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut errors = Errors::new();
        let range = 1..=Self::MAX_DAYS;
        for track in Track::ALL {
            if !range.contains(&self.rule(*track).days) {
                errors.push(FieldError::new(
                    format!("{track}.days"),
                    "out_of_range",
                    format!("must be between 1 and {}", Self::MAX_DAYS),
                ));
            }
        }
        if !range.contains(&self.max_extension_days) {
            errors.push(FieldError::new(
                "max_extension_days",
                "out_of_range",
                format!("must be between 1 and {}", Self::MAX_DAYS),
            ));
        }
        if self.max_extensions > Self::MAX_EXTENSIONS {
            errors.push(FieldError::new(
                "max_extensions",
                "out_of_range",
                format!("must be between 0 and {}", Self::MAX_EXTENSIONS),
            ));
        }
        errors.finish()
    }
}

impl Default for DeadlinePolicy {
    /// 5 working days to process or forward, 15 calendar days for a reply, 30 calendar days when
    /// additional study is needed, and one extension of at most 30 calendar days.
    fn default() -> Self {
        Self {
            initial: Rule::working(5),
            standard: Rule::calendar(15),
            extended_study: Rule::calendar(30),
            max_extension_days: 30,
            max_extensions: 1,
        }
    }
}

/// A time when the clock stopped while the office waited for the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    /// The first paused day.
    pub from: NaiveDate,
    /// The day the clock ran again (not paused itself); `None` while still paused.
    pub to: Option<NaiveDate>,
}

/// What a deadline is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineInput {
    /// Which time limit applies.
    pub track: Track,
    /// The day the appeal was received, or the day it moved to this track.
    pub start: NaiveDate,
    /// The pauses of the clock; overlapping pauses count each day once.
    pub pauses: Vec<Pause>,
    /// Calendar days granted by extensions.
    pub extension_days: u32,
    /// The current day: a pause open on or before it means the clock is paused now.
    pub today: NaiveDate,
}

/// A day that did not count, or that the due date was moved past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SkippedDay {
    /// The day.
    pub date: NaiveDate,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// A computed due date with every step that led to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The last day to answer.
    pub due_on: NaiveDate,
    /// The track whose rule applied.
    pub track: Track,
    /// The rule that applied.
    pub rule: Rule,
    /// The day the count is based on.
    pub start: NaiveDate,
    /// The first counted day: the day after `start`.
    pub counted_from: NaiveDate,
    /// The pauses of the clock, in order (`to` is `None` for the open one).
    pub pauses: Vec<Pause>,
    /// Working days of the closed pauses from `counted_from` on; the due date moved by as many
    /// working days.
    pub paused_working_days: u32,
    /// Calendar days added by extensions.
    pub extension_days: u32,
    /// Non-working days skipped while counting or passed over when moving the due date.
    pub skipped: Vec<SkippedDay>,
    /// Whether the clock is paused now. The due date stays as it is until the clock runs
    /// again; resuming moves it by the paused working days.
    pub paused: bool,
    /// One English sentence, e.g. "15 calendar days from 2025-03-14; 2025-03-29 falls on a
    /// weekend, moved to 2025-03-31; plus 2 paused working days, due 2025-04-02".
    pub summary: String,
}

/// Computes the due date of an appeal.
///
/// The count starts the day after `start`. A working-day rule counts only working days; a
/// calendar-day rule counts every day. Extension days are added as calendar days and a due date
/// that is not a working day moves to the next working day. Then the due date moves forward by
/// the working days of the closed pauses (the days of each pause from `counted_from` on, up to
/// the day the clock ran again, each day once): a paused weekend or holiday does not count.
/// An open pause moves nothing until it is closed: while the clock is paused, the date stays.
pub fn compute(policy: &DeadlinePolicy, calendar: &Calendar, input: &DeadlineInput) -> Explanation {
    let rule = policy.rule(input.track);
    let counted_from = add_days(input.start, 1);
    let mut skipped = Vec::new();

    let base = match rule.unit {
        DayUnit::Calendar => add_days(input.start, u64::from(rule.days)),
        DayUnit::Working => {
            let mut d = input.start;
            let mut counted = 0;
            while counted < rule.days {
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => break,
                }
                match calendar.skip_reason(d) {
                    None => counted += 1,
                    Some(reason) => skipped.push(SkippedDay { date: d, reason }),
                }
            }
            d
        }
    };
    let counting_skips = skipped.len();

    let shifted = add_days(base, u64::from(input.extension_days));
    let unpaused = calendar.move_to_working_day(shifted, &mut skipped);
    let moving_skips = skipped.len();

    let paused_working_days = paused_working_days(calendar, &input.pauses, counted_from);
    let mut due_on = unpaused;
    let mut left = paused_working_days;
    while left > 0 {
        match due_on.succ_opt() {
            Some(next) => due_on = next,
            None => break,
        }
        match calendar.skip_reason(due_on) {
            None => left -= 1,
            Some(reason) => skipped.push(SkippedDay { date: due_on, reason }),
        }
    }
    let paused = input.pauses.iter().any(|p| p.to.is_none() && p.from <= input.today);
    let mut pauses = input.pauses.clone();
    pauses.sort_by_key(|p| (p.from, p.to.is_none(), p.to));

    let mut explanation = Explanation {
        due_on,
        track: input.track,
        rule,
        start: input.start,
        counted_from,
        pauses,
        paused_working_days,
        extension_days: input.extension_days,
        skipped,
        paused,
        summary: String::new(),
    };
    explanation.summary = summary(&explanation, counting_skips, moving_skips, unpaused);
    explanation
}

/// Checks a request to extend a deadline by `days` calendar days when it was already extended
/// `already_extended` times.
pub fn check_extension(
    policy: &DeadlinePolicy,
    already_extended: u32,
    days: u32,
    reason: &str,
) -> Result<(), DomainError> {
    if already_extended >= policy.max_extensions {
        return Err(DomainError::Conflict {
            action: "extend".to_owned(),
            state: "already extended".to_owned(),
            allowed: vec![],
        });
    }
    let mut errors = Errors::new();
    if days == 0 || days > policy.max_extension_days {
        errors.push(FieldError::new(
            "days",
            "out_of_range",
            format!("must be between 1 and {} days", policy.max_extension_days),
        ));
    }
    if reason.trim().is_empty() {
        errors.push(FieldError::new("reason", "required", "must not be empty"));
    }
    errors.finish()
}

/// Whether a deadline has passed: the due day itself is still in time.
pub fn is_overdue(due_on: NaiveDate, today: NaiveDate) -> bool {
    today > due_on
}

/// A day plus some days, stopping at the last representable day.
fn add_days(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// The longest pause counted, in days: a longer one is held to it (a decade of waiting).
const MAX_PAUSE_DAYS: u64 = 3660;

/// The number of distinct working days on or after `counted_from` covered by the closed pauses
/// (each from its first day up to, not including, the day the clock ran again).
fn paused_working_days(calendar: &Calendar, pauses: &[Pause], counted_from: NaiveDate) -> u32 {
    let mut days = BTreeSet::new();
    for pause in pauses {
        let Some(to) = pause.to else { continue };
        let to = to.min(add_days(pause.from, MAX_PAUSE_DAYS));
        let mut d = pause.from.max(counted_from);
        while d < to {
            if calendar.is_working_day(d) {
                days.insert(d);
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    u32::try_from(days.len()).unwrap_or(u32::MAX)
}

/// "1 calendar day" or "15 calendar days".
fn count(n: u32, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The one-sentence account of a computed deadline: the skipped days up to `counting_skips`
/// were passed over while counting, those up to `moving_skips` when the date was moved off a
/// day off (to `unpaused`), the rest while moving it by the paused working days.
fn summary(e: &Explanation, counting_skips: usize, moving_skips: usize, unpaused: NaiveDate) -> String {
    let unit = match e.rule.unit {
        DayUnit::Working => "working day",
        DayUnit::Calendar => "calendar day",
    };
    let mut text = format!("{} from {}", count(e.rule.days, unit), e.start);

    let counting_skips = counting_skips.min(e.skipped.len());
    let moving_skips = moving_skips.clamp(counting_skips, e.skipped.len());
    let counted = &e.skipped[..counting_skips];
    let moved = &e.skipped[counting_skips..moving_skips];
    if !counted.is_empty() {
        let weekends = counted.iter().filter(|s| s.reason == SkipReason::Weekend).count();
        let holidays = counted.len() - weekends;
        let mut parts = Vec::new();
        if weekends > 0 {
            parts.push(count(u32::try_from(weekends).unwrap_or(u32::MAX), "weekend day"));
        }
        if holidays > 0 {
            parts.push(count(u32::try_from(holidays).unwrap_or(u32::MAX), "holiday"));
        }
        text.push_str(&format!(", skipping {}", parts.join(" and ")));
    }
    if e.extension_days > 0 {
        text.push_str(&format!(", plus {}", count(e.extension_days, "extension day")));
    }
    let moved_to = if e.paused_working_days > 0 { unpaused } else { e.due_on };
    match moved.first() {
        Some(first) => {
            let why = match first.reason {
                SkipReason::Weekend => "a weekend",
                SkipReason::Holiday => "a holiday",
            };
            text.push_str(&format!("; {} falls on {why}, moved to {moved_to}", first.date));
        }
        None if e.paused_working_days == 0 => text.push_str(&format!("; due {}", e.due_on)),
        None => {}
    }
    if e.paused_working_days > 0 {
        text.push_str(&format!(
            "; plus {}, due {}",
            count(e.paused_working_days, "paused working day"),
            e.due_on
        ));
    }
    if e.paused {
        text.push_str("; the clock is paused: resuming moves the date by the paused working days");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn input(track: Track, start: &str) -> DeadlineInput {
        DeadlineInput {
            track,
            start: day(start),
            pauses: vec![],
            extension_days: 0,
            today: day(start),
        }
    }

    fn uzbek_2025() -> Calendar {
        Calendar::new(uzbek_fixed_holidays(2025).into_iter().map(|(d, _)| d), [])
    }

    fn skipped(e: &Explanation) -> Vec<(NaiveDate, SkipReason)> {
        e.skipped.iter().map(|s| (s.date, s.reason)).collect()
    }

    #[test]
    fn five_working_days_skip_a_weekend() {
        // Thursday 2025-03-13 -> Friday 14 (1), Sat 15 and Sun 16 skipped, 17-20 (2-5): Thursday 20.
        let e = compute(
            &DeadlinePolicy::default(),
            &Calendar::default(),
            &input(Track::Initial, "2025-03-13"),
        );
        assert_eq!(e.due_on, day("2025-03-20"));
        assert_eq!(e.counted_from, day("2025-03-14"));
        assert_eq!(e.rule, Rule::working(5));
        assert_eq!(
            skipped(&e),
            vec![
                (day("2025-03-15"), SkipReason::Weekend),
                (day("2025-03-16"), SkipReason::Weekend)
            ]
        );
        assert_eq!(
            e.summary,
            "5 working days from 2025-03-13, skipping 2 weekend days; due 2025-03-20"
        );
    }

    #[test]
    fn working_days_skip_navruz() {
        // Tuesday 2025-03-18 -> Wed 19 (1), Thu 20 (2), Navruz Fri 21, Sat 22, Sun 23 skipped,
        // Mon 24 (3), Tue 25 (4), Wed 26 (5).
        let e = compute(
            &DeadlinePolicy::default(),
            &uzbek_2025(),
            &input(Track::Initial, "2025-03-18"),
        );
        assert_eq!(e.due_on, day("2025-03-26"));
        assert_eq!(
            skipped(&e),
            vec![
                (day("2025-03-21"), SkipReason::Holiday),
                (day("2025-03-22"), SkipReason::Weekend),
                (day("2025-03-23"), SkipReason::Weekend)
            ]
        );
        assert!(
            e.summary.contains("skipping 2 weekend days and 1 holiday"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn calendar_days_landing_on_a_weekend_move_to_monday() {
        // Saturday 2025-03-15 + 15 = Sunday 2025-03-30 -> Monday 2025-03-31.
        let e = compute(
            &DeadlinePolicy::default(),
            &Calendar::default(),
            &input(Track::Standard, "2025-03-15"),
        );
        assert_eq!(e.due_on, day("2025-03-31"));
        assert_eq!(skipped(&e), vec![(day("2025-03-30"), SkipReason::Weekend)]);

        // Friday 2025-03-14 + 15 = Saturday 2025-03-29 -> Monday 2025-03-31.
        let e = compute(
            &DeadlinePolicy::default(),
            &Calendar::default(),
            &input(Track::Standard, "2025-03-14"),
        );
        assert_eq!(e.due_on, day("2025-03-31"));
        assert_eq!(
            skipped(&e),
            vec![
                (day("2025-03-29"), SkipReason::Weekend),
                (day("2025-03-30"), SkipReason::Weekend)
            ]
        );
        assert_eq!(
            e.summary,
            "15 calendar days from 2025-03-14; 2025-03-29 falls on a weekend, moved to 2025-03-31"
        );
    }

    #[test]
    fn a_holiday_on_the_due_date_moves_it() {
        // Thursday 2025-04-24 + 15 = Friday 2025-05-09 (Remembrance Day), then Sat 10, Sun 11:
        // Monday 2025-05-12.
        let e = compute(
            &DeadlinePolicy::default(),
            &uzbek_2025(),
            &input(Track::Standard, "2025-04-24"),
        );
        assert_eq!(e.due_on, day("2025-05-12"));
        assert_eq!(
            skipped(&e),
            vec![
                (day("2025-05-09"), SkipReason::Holiday),
                (day("2025-05-10"), SkipReason::Weekend),
                (day("2025-05-11"), SkipReason::Weekend)
            ]
        );
        assert!(
            e.summary
                .ends_with("2025-05-09 falls on a holiday, moved to 2025-05-12"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn a_working_weekend_day_counts() {
        // Saturday 2025-03-15 is a working day: Thursday 13 -> Fri 14 (1), Sat 15 (2), Sun 16
        // skipped, Mon 17 (3), Tue 18 (4), Wed 19 (5).
        let calendar = Calendar::new([], [day("2025-03-15")]);
        assert!(calendar.is_working_day(day("2025-03-15")));
        assert!(!calendar.is_working_day(day("2025-03-16")));
        let e = compute(
            &DeadlinePolicy::default(),
            &calendar,
            &input(Track::Initial, "2025-03-13"),
        );
        assert_eq!(e.due_on, day("2025-03-19"));
        assert_eq!(skipped(&e), vec![(day("2025-03-16"), SkipReason::Weekend)]);
    }

    #[test]
    fn next_working_day_on_or_after() {
        let calendar = uzbek_2025();
        // Thursday stays, Navruz Friday 2025-03-21 moves to Monday 2025-03-24.
        assert_eq!(
            calendar.next_working_day_on_or_after(day("2025-03-20")),
            day("2025-03-20")
        );
        assert_eq!(
            calendar.next_working_day_on_or_after(day("2025-03-21")),
            day("2025-03-24")
        );
    }

    #[test]
    fn a_closed_pause_moves_the_date_by_its_working_days() {
        // Friday 2025-03-14 + 15 = Sat 29, moved to Monday 31; paused Thu 20, Fri 21, Sat 22 (to
        // Sunday 23, exclusive): 2 working days -> Wednesday 2025-04-02.
        let mut i = input(Track::Standard, "2025-03-14");
        i.pauses = vec![Pause {
            from: day("2025-03-20"),
            to: Some(day("2025-03-23")),
        }];
        i.today = day("2025-03-25");
        let e = compute(&DeadlinePolicy::default(), &Calendar::default(), &i);
        assert_eq!(e.paused_working_days, 2);
        assert!(!e.paused);
        assert_eq!(e.due_on, day("2025-04-02"));
        assert_eq!(
            skipped(&e),
            vec![
                (day("2025-03-29"), SkipReason::Weekend),
                (day("2025-03-30"), SkipReason::Weekend)
            ]
        );
        assert_eq!(
            e.summary,
            "15 calendar days from 2025-03-14; 2025-03-29 falls on a weekend, moved to 2025-03-31; \
             plus 2 paused working days, due 2025-04-02"
        );
    }

    #[test]
    fn an_open_pause_holds_the_date_until_the_clock_runs_again() {
        // Monday 2025-03-03 + 15 = Tuesday 18; paused since Monday 10, today Wednesday 12: the
        // date stays, the clock is paused.
        let mut i = input(Track::Standard, "2025-03-03");
        i.pauses = vec![Pause {
            from: day("2025-03-10"),
            to: None,
        }];
        i.today = day("2025-03-12");
        let e = compute(&DeadlinePolicy::default(), &Calendar::default(), &i);
        assert_eq!(e.paused_working_days, 0);
        assert!(e.paused);
        assert_eq!(e.due_on, day("2025-03-18"));
        assert!(e.summary.contains("the clock is paused"), "{}", e.summary);

        // Resumed on Friday 14: Mon 10 to Thu 13 are 4 working days -> Monday 2025-03-24.
        i.pauses[0].to = Some(day("2025-03-14"));
        i.today = day("2025-03-14");
        let e = compute(&DeadlinePolicy::default(), &Calendar::default(), &i);
        assert!(!e.paused);
        assert_eq!(e.paused_working_days, 4);
        assert_eq!(e.due_on, day("2025-03-24"));

        // With Navruz on Friday 21 the fourth working day after Tuesday 18 is Tuesday 25.
        let e = compute(&DeadlinePolicy::default(), &uzbek_2025(), &i);
        assert_eq!(e.due_on, day("2025-03-25"));
        assert_eq!(
            skipped(&e),
            vec![
                (day("2025-03-21"), SkipReason::Holiday),
                (day("2025-03-22"), SkipReason::Weekend),
                (day("2025-03-23"), SkipReason::Weekend)
            ]
        );
    }

    #[test]
    fn paused_weekends_and_holidays_do_not_count() {
        // Monday 2025-03-03 + 15 = Tuesday 18. Paused Thu 20 to Tue 25 (exclusive) over Navruz:
        // Thu 20 and Mon 24 are working days -> Thursday 2025-03-20.
        let mut i = input(Track::Standard, "2025-03-03");
        i.pauses = vec![Pause {
            from: day("2025-03-20"),
            to: Some(day("2025-03-25")),
        }];
        i.today = day("2025-03-25");
        let e = compute(&DeadlinePolicy::default(), &uzbek_2025(), &i);
        assert_eq!(e.paused_working_days, 2);
        assert_eq!(e.due_on, day("2025-03-20"));
    }

    #[test]
    fn a_pause_from_the_day_of_receipt_counts_from_the_next_day() {
        // Received and paused Monday 2025-03-03, resumed Monday 10: Tue 4 to Fri 7 count, 4
        // working days. Initial track: 5 working days -> Monday 10, + 4 -> Friday 2025-03-14.
        let mut i = input(Track::Initial, "2025-03-03");
        i.pauses = vec![Pause {
            from: day("2025-03-03"),
            to: Some(day("2025-03-10")),
        }];
        i.today = day("2025-03-10");
        let e = compute(&DeadlinePolicy::default(), &Calendar::default(), &i);
        assert_eq!(e.paused_working_days, 4);
        assert_eq!(e.due_on, day("2025-03-14"));
    }

    #[test]
    fn overlapping_pauses_and_pauses_before_the_count_are_not_double_counted() {
        // Monday 2025-03-03: pause Sun 2 .. Wed 5 counts only Tue 4; pause Tue 4 .. Fri 7 adds
        // Wed 5, Thu 6: 3 working days. Tuesday 18 + 3 = Friday 2025-03-21.
        let mut i = input(Track::Standard, "2025-03-03");
        i.pauses = vec![
            Pause {
                from: day("2025-03-04"),
                to: Some(day("2025-03-07")),
            },
            Pause {
                from: day("2025-03-02"),
                to: Some(day("2025-03-05")),
            },
        ];
        i.today = day("2025-03-10");
        let e = compute(&DeadlinePolicy::default(), &Calendar::default(), &i);
        assert_eq!(e.paused_working_days, 3);
        assert_eq!(e.due_on, day("2025-03-21"));
    }

    #[test]
    fn an_extension_adds_calendar_days() {
        // Monday 2025-03-03 + 15 = Tuesday 18, + 30 = Thursday 2025-04-17.
        let mut i = input(Track::Standard, "2025-03-03");
        i.extension_days = 30;
        let e = compute(&DeadlinePolicy::default(), &Calendar::default(), &i);
        assert_eq!(e.due_on, day("2025-04-17"));
        assert_eq!(e.extension_days, 30);
        assert!(e.summary.contains("plus 30 extension days"), "{}", e.summary);
    }

    #[test]
    fn extended_study_is_thirty_calendar_days() {
        // Monday 2025-03-03 + 30 = Wednesday 2025-04-02.
        let e = compute(
            &DeadlinePolicy::default(),
            &Calendar::default(),
            &input(Track::ExtendedStudy, "2025-03-03"),
        );
        assert_eq!(e.due_on, day("2025-04-02"));
    }

    #[test]
    fn check_extension_enforces_the_policy() {
        let policy = DeadlinePolicy::default();
        assert_eq!(check_extension(&policy, 0, 30, "expert opinion requested"), Ok(()));
        assert_eq!(check_extension(&policy, 0, 1, "x"), Ok(()));
        assert_eq!(
            check_extension(&policy, 1, 10, "again"),
            Err(DomainError::Conflict {
                action: "extend".to_owned(),
                state: "already extended".to_owned(),
                allowed: vec![],
            })
        );
        for days in [0, 31] {
            match check_extension(&policy, 0, days, "reason") {
                Err(DomainError::Validation(errs)) => {
                    assert_eq!(errs.len(), 1);
                    assert_eq!((errs[0].field.as_str(), errs[0].code), ("days", "out_of_range"));
                }
                other => panic!("{days} days: {other:?}"),
            }
        }
        match check_extension(&policy, 0, 10, "  \n") {
            Err(DomainError::Validation(errs)) => {
                assert_eq!(errs.len(), 1);
                assert_eq!((errs[0].field.as_str(), errs[0].code), ("reason", "required"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn overdue_only_after_the_due_day() {
        assert!(!is_overdue(day("2025-03-20"), day("2025-03-19")));
        assert!(!is_overdue(day("2025-03-20"), day("2025-03-20")));
        assert!(is_overdue(day("2025-03-20"), day("2025-03-21")));
    }

    #[test]
    fn the_default_policy_and_its_json() {
        let policy = DeadlinePolicy::default();
        assert_eq!(policy.rule(Track::Initial), Rule::working(5));
        assert_eq!(policy.rule(Track::Standard), Rule::calendar(15));
        assert_eq!(policy.rule(Track::ExtendedStudy), Rule::calendar(30));
        assert_eq!((policy.max_extension_days, policy.max_extensions), (30, 1));
        assert_eq!(policy.validate(), Ok(()));

        let json = serde_json::to_value(&policy).expect("serialize");
        assert_eq!(json["initial"], serde_json::json!({"days": 5, "unit": "working_days"}));
        let back: DeadlinePolicy = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, policy);

        let bad = DeadlinePolicy {
            standard: Rule::calendar(0),
            ..DeadlinePolicy::default()
        };
        match bad.validate() {
            Err(DomainError::Validation(errs)) => assert_eq!(errs[0].field, "standard.days"),
            other => panic!("{other:?}"),
        }
        // A count of extensions beyond any sane policy (it once overflowed the document's int32).
        let endless = DeadlinePolicy {
            max_extensions: 2_147_483_648,
            ..DeadlinePolicy::default()
        };
        match endless.validate() {
            Err(DomainError::Validation(errs)) => {
                assert_eq!(
                    (errs[0].field.as_str(), errs[0].code),
                    ("max_extensions", "out_of_range")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn uzbek_fixed_holidays_and_weekends() {
        let holidays = uzbek_fixed_holidays(2025);
        assert_eq!(holidays.len(), 7);
        assert!(holidays.contains(&(day("2025-03-21"), "Navruz")));
        assert!(holidays.contains(&(day("2025-12-08"), "Constitution Day")));

        // A six-day week: only Sunday off. Saturday 2025-03-15 works, Sunday 16 does not.
        let six_day = Calendar::default().with_weekend([Weekday::Sun]).expect("valid weekend");
        assert!(six_day.is_working_day(day("2025-03-15")));
        assert!(!six_day.is_working_day(day("2025-03-16")));
        assert_eq!(six_day.weekend(), vec![Weekday::Sun]);
        let all = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        assert!(Calendar::default().with_weekend(all).is_err());
    }

    #[test]
    fn explanations_serialize_with_codes() {
        let e = compute(
            &DeadlinePolicy::default(),
            &Calendar::default(),
            &input(Track::Initial, "2025-03-13"),
        );
        let json = serde_json::to_value(&e).expect("serialize");
        assert_eq!(json["due_on"], "2025-03-20");
        assert_eq!(json["track"], "initial");
        assert_eq!(
            json["skipped"][0],
            serde_json::json!({"date": "2025-03-15", "reason": "weekend"})
        );
    }
}
