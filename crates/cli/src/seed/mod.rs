//! `ombudsman demo-data --profile seed-2025h1`: a reproducible data set whose half-year figures
//! are those of seed document 001 (first half of 2025), with the first half of 2024 beside them.
//!
//! | figure | H1 2025 | H1 2024 |
//! | --- | --- | --- |
//! | appeals received (`--appeals N`) | N (default 9,800) | N × 9,100 / 9,800 |
//! | by applicant kind (citizen / foreign national / organization) | N × 9512 / 201 / 87 ÷ 9,800 | same shares |
//! | impact measures issued (submissions, demands, lawsuits) | 104 (61, 30, 13) | 97 (57, 28, 12) |
//! | compensation recovered, UZS | 3,800,000,000.00 (230 records) | 2,950,000,000.00 (190 records) |
//! | monitoring visits started | 491 | 452 |
//!
//! Of the H1 2024 column only the 452 visits are in the seed document; the other 2024 figures
//! (9,100 appeals, 97 measures, 2.95 billion soums) are illustrative, chosen to give the report's
//! year-on-year columns plausible values, and must not be quoted as the office's.
//!
//! Only the appeal volume scales with `--appeals`: the measures, the money and the visits are
//! the office's own half-year figures, which do not grow with the number of appeals (at
//! `--appeals 1000000` the measures are linked to a sample of the appeals). A few compensation
//! records in roubles and tenge (migrant workers) come on top of the UZS totals. The two first
//! halves are the profile; the second half of 2024 stays empty.
//!
//! Every appeal, measure, visit and money record is generated from `--seed` alone (identifiers
//! included), except the due date of appeals whose clock is paused, which the deadline engine
//! computes up to the day of the load. Appeals are decided as of the load day: most are closed,
//! about 1.5% wait for the applicant with the clock paused, and a few (12 per 9,800) are overdue.
//!
//! The whole load is one transaction, with the rows copied by `COPY … FROM STDIN`: a killed load
//! leaves nothing. It ends by writing an audit event `demo.seed_profile` (`{"profile":
//! "seed-2025h1", …}`); a second run finds it, says so and changes nothing. A database that
//! already holds appeals, measures, compensation or visits in either half-year is refused, since
//! the figures would no longer read exactly.

mod appeals;
mod arrivals;
mod bodies;
mod casework;
mod lifecycle;
mod money;
mod people;
mod referrals;
mod registry;
mod staff;
mod texts;
mod util;
mod visits;

use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::calendar::{self, CalendarDay};
use ombudsman_db::reports::rollup;
use ombudsman_db::{bulk, deadline_policies};
use ombudsman_domain::deadline::{uzbek_fixed_holidays, Calendar, DeadlinePolicy};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::office::tashkent_date;

use crate::config::Settings;
use crate::demo::DEMO_PASSWORD;

/// Appeals received in the first half of 2025 unless `--appeals` says otherwise.
pub const DEFAULT_APPEALS: u32 = 9_800;
/// Fewer appeals leave too few decided ones to hang the measures and the money on.
const MIN_APPEALS: u32 = 1_000;
/// The profile's name, as given to `--profile` and written into the marker.
const PROFILE: &str = "seed-2025h1";
/// The audit action of the marker.
const MARKER: AuditAction = AuditAction::SeedProfileLoad;
/// Serialises concurrent loads.
const LOAD_LOCK: i64 = 0x0b75_d5a4_5eed;

/// One half-year of the profile and its planned figures.
#[derive(Debug, Clone)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Appeals received.
    pub appeals: usize,
    /// Of them, open with the clock paused on the day of the load.
    pub paused: usize,
    /// Of them, open and overdue.
    pub overdue: usize,
    /// Monitoring visits started.
    pub visits: usize,
    /// Impact measures issued: submissions, demands, lawsuits.
    pub measures: [usize; 3],
    /// Compensation recovered in UZS, in tiyin.
    pub compensation_uzs_minor: i64,
    /// UZS compensation records.
    pub compensation_records: usize,
    /// Records in roubles (at most; migrant workers in Russia).
    pub rub_records: usize,
    /// Records in tenge (at most; migrant workers in Kazakhstan).
    pub kzt_records: usize,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The two half-years for `appeals_2025` appeals in the first half of 2025.
pub fn periods(appeals_2025: usize) -> Vec<Period> {
    let appeals_2024 = appeals::previous_year_appeals(appeals_2025);
    vec![
        Period {
            from: day(2024, 1, 1),
            to: day(2024, 6, 30),
            appeals: appeals_2024,
            paused: util::scale(appeals_2024, 20, 9100),
            overdue: util::scale(appeals_2024, 3, 9100),
            visits: 452,
            measures: [57, 28, 12],
            compensation_uzs_minor: 295_000_000_000,
            compensation_records: 190,
            rub_records: 5,
            kzt_records: 2,
        },
        Period {
            from: day(2025, 1, 1),
            to: day(2025, 6, 30),
            appeals: appeals_2025,
            paused: util::scale(appeals_2025, 150, 9800),
            overdue: util::scale(appeals_2025, 12, 9800).max(1),
            visits: 491,
            measures: [61, 30, 13],
            compensation_uzs_minor: 380_000_000_000,
            compensation_records: 230,
            rub_records: 6,
            kzt_records: 3,
        },
    ]
}

struct Loaded {
    offices: usize,
    accounts: usize,
    registry: visits::RegistrySummary,
    facilities: usize,
    visits: visits::VisitSummary,
    appeals: appeals::AppealsLoaded,
    casework: casework::CaseworkLoaded,
    referrals: referrals::ReferralsLoaded,
}

enum Outcome {
    Loaded(Box<Loaded>),
    AlreadyLoaded(serde_json::Value, chrono::DateTime<chrono::Utc>),
}

/// Loads the profile in one transaction; a second run reports the first and changes nothing.
pub fn run(settings: &Settings, appeals: Option<u32>, seed: u64) -> anyhow::Result<()> {
    let appeals = appeals.unwrap_or(DEFAULT_APPEALS);
    anyhow::ensure!(
        appeals >= MIN_APPEALS,
        "--appeals {appeals}: the {PROFILE} profile needs at least {MIN_APPEALS} appeals"
    );
    let today = tashkent_date(chrono::Utc::now());
    anyhow::ensure!(
        today >= day(2026, 1, 1),
        "the {PROFILE} profile describes 2024 and 2025 as past years; this machine's date is {today}"
    );
    crate::serve::migrate(settings)?;
    let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
    let domain = crate::serve::mail_domain(settings);
    let periods = periods(appeals as usize);
    let started = Instant::now();
    let outcome = conn.transaction(|conn| load(conn, &domain, &periods, seed, today))?;
    let loaded = match outcome {
        Outcome::AlreadyLoaded(diff, at) => {
            println!(
                "profile {PROFILE} is already loaded (seed {}, {} appeals in the first half of 2025, loaded {}); nothing was changed",
                diff["seed"],
                diff["appeals_2025"],
                at.format("%Y-%m-%d %H:%M UTC")
            );
            return Ok(());
        }
        Outcome::Loaded(l) => l,
    };
    let load_secs = started.elapsed().as_secs_f64();
    // Fresh statistics, so that the report's queries plan well on the new rows.
    conn.batch_execute(
        "ANALYZE applicants, appeals, appeal_events, impact_measures, impact_measure_appeals, compensations, \
         facilities, visits, visit_team, recommendations, recommendation_follow_ups",
    )?;
    let rolled = Instant::now();
    let months = rollup::refresh(&mut conn)?;
    tracing::info!(
        months,
        seconds = rolled.elapsed().as_secs_f64(),
        "report roll-ups computed"
    );
    print_summary(&loaded, &periods, seed, load_secs, started.elapsed().as_secs_f64());
    Ok(())
}

fn load(
    conn: &mut PgConnection,
    domain: &str,
    periods: &[Period],
    seed: u64,
    today: NaiveDate,
) -> anyhow::Result<Outcome> {
    conn.batch_execute(&format!("SELECT pg_advisory_xact_lock({LOAD_LOCK})"))?;
    // The report roll-ups: the rows below mark nothing one by one; the months of the profile are
    // marked once, at the end, and recomputed after the commit.
    conn.batch_execute("SET LOCAL ombudsman.rollup_bulk = 'on'")?;
    if let Some(marker) = bulk::find_marker(conn, MARKER, PROFILE)? {
        return Ok(Outcome::AlreadyLoaded(marker.diff, marker.occurred_at));
    }
    for p in periods {
        let found = bulk::period_records(conn, p.from, p.to)?;
        anyhow::ensure!(
            found
                == bulk::PeriodRecords {
                    appeals: 0,
                    measures: 0,
                    compensations: 0,
                    visits: 0
                },
            "the database already holds {} appeals, {} impact measures, {} compensation records and {} visits \
             between {} and {}; the {PROFILE} figures would not read exactly there. Load the profile into a \
             database without them (e.g. a new DATABASE_URL); nothing was changed",
            found.appeals,
            found.measures,
            found.compensations,
            found.visits,
            p.from,
            p.to
        );
    }
    let staff = staff::ensure(conn, domain)?;
    add_fixed_holidays(conn)?;
    let calendar = working_calendar(conn, today)?;
    let mut policies = Vec::new();
    for office in &staff.offices {
        policies.push(match deadline_policies::find(conn, office.id)? {
            Some(json) => serde_json::from_value(json).context("stored deadline policy")?,
            None => DeadlinePolicy::default(),
        });
    }
    let (facilities, registry) = visits::ensure_facilities(conn, &staff)?;
    let (visit_list, visit_summary) = visits::load(conn, seed, periods, &facilities, &staff)?;
    tracing::info!(visits = visit_list.len(), "staff, facilities and visits loaded");
    let bodies = bodies::SeedBodies::load(conn)?;
    let appeals = appeals::load(
        conn,
        &appeals::Inputs {
            seed,
            today,
            periods,
            staff: &staff,
            facilities: &facilities,
            visits: &visit_list,
            policies: &policies,
            calendar: &calendar,
            bodies: &bodies,
        },
    )?;
    tracing::info!(
        appeals = periods.iter().map(|p| p.appeals).sum::<usize>(),
        "appeals loaded"
    );
    let casework = casework::load(conn, seed, periods, &staff, &facilities, &visit_list, &appeals, &bodies)?;
    let referrals = referrals::load(conn, seed, &appeals.decided, today)?;
    let office_ids: Vec<_> = staff.offices.iter().map(|o| o.id).collect();
    for p in periods {
        rollup::mark_months(conn, &office_ids, p.from, p.to)?;
    }
    audit::record(
        conn,
        &Actor::system("demo-data"),
        MARKER,
        "office",
        staff.offices[0].id.0,
        serde_json::json!({
            "profile": PROFILE, "seed": seed,
            "appeals_2024": periods[0].appeals, "appeals_2025": periods[1].appeals,
            "visits": visit_list.len(), "facilities_added": registry.inserted,
        }),
    )?;
    Ok(Outcome::Loaded(Box::new(Loaded {
        offices: staff.offices.len(),
        accounts: staff.accounts(),
        registry,
        facilities: facilities.len(),
        visits: visit_summary,
        appeals,
        casework,
        referrals,
    })))
}

/// Adds Uzbekistan's fixed-date public holidays of 2024–2026 to the working-day calendar where
/// an administrator has not entered those days already.
fn add_fixed_holidays(conn: &mut PgConnection) -> anyhow::Result<()> {
    let known: Vec<NaiveDate> = calendar::between(conn, day(2024, 1, 1), day(2026, 12, 31))?
        .into_iter()
        .map(|d| d.day)
        .collect();
    for year in 2024..=2026 {
        for (date, name) in uzbek_fixed_holidays(year) {
            if !known.contains(&date) {
                calendar::upsert(
                    conn,
                    &CalendarDay {
                        day: date,
                        kind: "holiday".into(),
                        name: name.into(),
                    },
                )?;
            }
        }
    }
    Ok(())
}

/// The working-day calendar from the start of the profile to well past the day of the load.
fn working_calendar(conn: &mut PgConnection, today: NaiveDate) -> anyhow::Result<Calendar> {
    let days = calendar::between(conn, day(2024, 1, 1), util::plus(today, 800))?;
    Ok(ombudsman_app::deadline::calendar_of(&days))
}

/// `1234567` as `1,234,567`.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let first = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let mut out = digits[..first].to_owned();
    for group in digits.as_bytes()[first..].chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).unwrap_or_default());
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// An amount of minor units with two decimals and separators: `3,800,000,000.00`.
fn money(minor: i64) -> String {
    format!("{}.{:02}", thousands(minor / 100), (minor % 100).abs())
}

fn print_summary(l: &Loaded, periods: &[Period], seed: u64, load_secs: f64, total_secs: f64) {
    let n = |x: usize| thousands(x as i64);
    println!("loaded profile {PROFILE} (seed {seed}) in {load_secs:.1} s (with ANALYZE and the report roll-ups {total_secs:.1} s)");
    println!(
        "  offices: {} (HQ and the regional representatives); staff accounts used: {}",
        l.offices, l.accounts
    );
    println!(
        "  facility registry: {} facilities of 6 kinds in 14 regions ({} added, {} already registered)",
        l.facilities, l.registry.inserted, l.registry.reused
    );
    for (i, p) in periods.iter().enumerate() {
        let label = format!("first half of {}", p.from.format("%Y"));
        let c = &l.appeals.per_period[i];
        println!(
            "  {label}: {} appeals received ({} closed, {} paused waiting for the applicant, {} overdue)",
            n(c.received),
            n(c.closed),
            n(c.paused),
            n(c.overdue)
        );
        let m = l.casework.measures[i];
        println!(
            "  {label}: {} impact measures ({} submissions, {} demands, {} lawsuits); {} monitoring visits",
            m.iter().sum::<usize>(),
            m[0],
            m[1],
            m[2],
            p.visits
        );
        let money_line: Vec<String> = l.casework.compensation[i]
            .iter()
            .map(|(currency, (records, total))| format!("{} {currency} ({records} records)", money(*total)))
            .collect();
        println!("  {label}: compensation recovered {}", money_line.join(", "));
    }
    println!(
        "  {} applicants ({} repeat appeals), {} timeline entries, {} measure-appeal links",
        n(l.appeals.applicants),
        n(l.appeals.repeats),
        n(l.appeals.events + l.casework.events),
        n(l.casework.links)
    );
    println!(
        "  visits: {} team members, {} recommendations, {} follow-ups",
        n(l.visits.team),
        n(l.visits.recommendations),
        n(l.visits.follow_ups)
    );
    println!(
        "  referrals: {} to and {} from {} partner ombudsmen",
        n(l.referrals.outgoing),
        n(l.referrals.incoming),
        l.referrals.partners
    );
    println!("log in as demo.manager@example.org with the password \"{DEMO_PASSWORD}\" and pull");
    println!("  GET /api/v1/reports/half-year?year=2025&half=1");
    if let Some((number, code)) = &l.appeals.sample {
        println!("the applicant's lookup: GET /api/v1/public/appeals/{number}?access_code={code}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_periods_are_the_seed_figures() {
        let p = periods(DEFAULT_APPEALS as usize);
        assert_eq!((p[0].appeals, p[1].appeals), (9100, 9800));
        assert_eq!((p[0].visits, p[1].visits), (452, 491));
        assert_eq!(p[1].measures, [61, 30, 13]);
        assert_eq!(p[0].measures.iter().sum::<usize>(), 97);
        assert_eq!(p[1].compensation_uzs_minor, 380_000_000_000);
        assert_eq!(p[1].overdue, 12);
        assert_eq!(money(380_000_000_000), "3,800,000,000.00");
        assert_eq!(thousands(9800), "9,800");
        assert_eq!(thousands(980), "980");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
