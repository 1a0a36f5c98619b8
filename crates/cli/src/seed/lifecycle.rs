//! The life of a generated appeal: acceptance, extension, pause and closing on realistic dates,
//! with due dates from the domain's deadline engine (the office's policy and the admin's
//! calendar), and the timeline entries each move writes.

use chrono::NaiveDate;
use ombudsman_domain::appeal::{Outcome, Status};
use ombudsman_domain::deadline::{compute, Calendar, DeadlineInput, DeadlinePolicy, Pause, Track};
use ombudsman_domain::events::TimelineKind;
use rand::rngs::StdRng;
use rand::Rng;

use super::util::{plus, weighted};

/// Where an appeal stands on the day of the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Decided.
    Closed,
    /// Under consideration, the clock paused while the office waits for the applicant.
    Paused,
    /// Open and past its due date.
    Overdue,
}

/// A move of the timeline: kind, day, hour (Tashkent) and details.
#[derive(Debug)]
pub struct Move {
    /// `accepted`, `extended`, `paused` or `closed`.
    pub kind: TimelineKind,
    /// Day.
    pub on: NaiveDate,
    /// Hour of the day (Tashkent), keeping the moves of one day in order.
    pub hour: u32,
    /// Details, as the API writes them.
    pub data: serde_json::Value,
}

/// The lifecycle fields of an appeal and the moves that led there.
#[derive(Debug)]
pub struct Life {
    /// Status.
    pub status: Status,
    /// Outcome.
    pub outcome: Option<Outcome>,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// Track.
    pub track: Track,
    /// Track start.
    pub track_started_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// The due date of initial processing, as registered.
    pub initial_due: NaiveDate,
    /// Extension days.
    pub extension_days: i32,
    /// Extensions.
    pub extensions: i32,
    /// Open pause.
    pub paused_since: Option<NaiveDate>,
    /// Moves after registration, in order.
    pub moves: Vec<Move>,
}

const OUTCOMES: &[(Outcome, u32)] = &[
    (Outcome::Explained, 36),
    (Outcome::Forwarded, 19),
    (Outcome::Satisfied, 15),
    (Outcome::PartiallySatisfied, 7),
    (Outcome::Rejected, 9),
    (Outcome::LeftWithoutConsideration, 9),
    (Outcome::Withdrawn, 5),
];

/// The reason of an extension, per language (uz-Latn, uz-Cyrl, ru, en).
pub const EXTENSION_REASONS: [&str; 4] = [
    "Davlat organidan qoʻshimcha hujjatlar soʻralgan",
    "Давлат органидан қўшимча ҳужжатлар сўралган",
    "Запрошены дополнительные документы у государственного органа",
    "Additional documents requested from the state body",
];

/// The deadline engine of one office.
pub struct Deadlines<'a> {
    /// The office's policy.
    pub policy: &'a DeadlinePolicy,
    /// The working-day calendar.
    pub calendar: &'a Calendar,
}

impl Deadlines<'_> {
    fn due(
        &self,
        track: Track,
        start: NaiveDate,
        pauses: Vec<Pause>,
        extension_days: i32,
        today: NaiveDate,
    ) -> NaiveDate {
        compute(
            self.policy,
            self.calendar,
            &DeadlineInput {
                track,
                start,
                pauses,
                extension_days: extension_days.max(0) as u32,
                today,
            },
        )
        .due_on
    }

    fn working(&self, d: NaiveDate) -> NaiveDate {
        self.calendar.next_working_day_on_or_after(d)
    }
}

fn moved(kind: TimelineKind, on: NaiveDate, hour: u32, data: serde_json::Value) -> Move {
    Move { kind, on, hour, data }
}

/// Plays an appeal received on `received` forward to `plan`.
pub fn live(
    rng: &mut StdRng,
    plan: Plan,
    received: NaiveDate,
    d: &Deadlines<'_>,
    lang: usize,
    today: NaiveDate,
) -> Life {
    let initial_due = d.due(Track::Initial, received, vec![], 0, received);
    let mut life = Life {
        status: Status::Registered,
        outcome: None,
        closed_on: None,
        track: Track::Initial,
        track_started_on: received,
        due_on: initial_due,
        initial_due,
        extension_days: 0,
        extensions: 0,
        paused_since: None,
        moves: vec![],
    };
    let outcome = weighted(rng, OUTCOMES);
    let direct = Outcome::DIRECT_FROM_REGISTERED.contains(&outcome) && rng.gen_bool(0.75);
    if plan == Plan::Closed && direct {
        let closed = d.working(plus(received, rng.gen_range(1..=8)));
        return close(life, outcome, closed);
    }
    if plan == Plan::Overdue && rng.gen_bool(0.3) {
        // Never even accepted: the initial deadline passed.
        return life;
    }
    let accepted = d.working(plus(received, rng.gen_range(0..=3)));
    let track = if plan == Plan::Closed && rng.gen_bool(0.2) {
        Track::ExtendedStudy
    } else {
        Track::Standard
    };
    life.status = Status::UnderConsideration;
    life.track = track;
    life.track_started_on = accepted;
    life.due_on = d.due(track, accepted, vec![], 0, accepted);
    life.moves.push(moved(
        TimelineKind::Accepted,
        accepted,
        12,
        serde_json::json!({"from": "registered", "to": "under_consideration", "track": track, "due_on": life.due_on}),
    ));
    match plan {
        Plan::Paused => {
            let since = d.working(plus(accepted, rng.gen_range(2..=8)));
            life.paused_since = Some(since);
            life.due_on = d.due(track, accepted, vec![Pause { from: since, to: None }], 0, today);
            life.moves.push(moved(
                TimelineKind::Paused,
                since,
                14,
                serde_json::json!({"from": "under_consideration", "to": "under_consideration", "due_on": life.due_on}),
            ));
            life
        }
        Plan::Overdue => life,
        Plan::Closed => {
            if track == Track::ExtendedStudy && rng.gen_bool(0.1) {
                let days = rng.gen_range(10..=30);
                let on = d.working(plus(accepted, rng.gen_range(18..=26)));
                life.extension_days = days;
                life.extensions = 1;
                life.due_on = d.due(track, accepted, vec![], days, on);
                life.moves.push(moved(
                    TimelineKind::Extended,
                    on,
                    14,
                    serde_json::json!({
                        "from": "under_consideration", "to": "under_consideration", "days": days,
                        "reason": EXTENSION_REASONS[lang], "due_on": life.due_on,
                    }),
                ));
            }
            let limit = (life.due_on - accepted).num_days().max(3);
            let took = if rng.gen_bool(0.06) {
                limit + rng.gen_range(1..=20)
            } else {
                rng.gen_range(4..=limit)
            };
            let last_move = life.moves.last().map(|m| m.on).unwrap_or(accepted);
            let closed = d.working(plus(accepted, took)).max(last_move);
            close(life, outcome, closed)
        }
    }
}

fn close(mut life: Life, outcome: Outcome, on: NaiveDate) -> Life {
    life.moves.push(moved(
        TimelineKind::Closed,
        on,
        16,
        serde_json::json!({"from": life.status, "to": "closed", "outcome": outcome, "due_on": life.due_on}),
    ));
    life.status = Status::Closed;
    life.outcome = Some(outcome);
    life.closed_on = Some(on);
    life
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::util::stream;

    #[test]
    fn lives_end_where_planned_with_consistent_dates() {
        let policy = DeadlinePolicy::default();
        let calendar = Calendar::default();
        let d = Deadlines {
            policy: &policy,
            calendar: &calendar,
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let received = NaiveDate::from_ymd_opt(2025, 3, 14).unwrap();
        let mut rng = stream(7, 7);
        for _ in 0..500 {
            let closed = live(&mut rng, Plan::Closed, received, &d, 0, today);
            assert_eq!(closed.status, Status::Closed);
            let on = closed.closed_on.unwrap();
            assert!(on >= received && on <= today);
            assert!(closed.moves.windows(2).all(|w| w[0].on <= w[1].on));
            if closed.track == Track::Initial {
                assert!(Outcome::DIRECT_FROM_REGISTERED.contains(&closed.outcome.unwrap()));
            }
            let paused = live(&mut rng, Plan::Paused, received, &d, 0, today);
            assert_eq!(paused.status, Status::UnderConsideration);
            // A paused clock is never overdue (every reader leaves out appeals with
            // `paused_since`); the open pause holds the date until the clock runs again.
            assert!(paused.paused_since.is_some_and(|since| since <= today));
            assert_eq!(
                paused.due_on,
                d.due(paused.track, paused.track_started_on, vec![], 0, today),
                "an open pause holds the date"
            );
            let overdue = live(&mut rng, Plan::Overdue, received, &d, 0, today);
            assert_ne!(overdue.status, Status::Closed);
            assert!(overdue.due_on < today && overdue.paused_since.is_none());
        }
    }
}
