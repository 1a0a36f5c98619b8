#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Half-year report benchmark: `ombudsman_db::reports::half_year_report` for H1 2025 (beside H1
//! 2024), every office and one office, against the same figures computed by a plain set of
//! hand-written SQL aggregates (one `GROUP BY` query per breakdown, default planner settings), on
//! databases of several sizes, each cold and warm.
//!
//! For each size (`BENCH_REPORT_SIZES`, appeals, default `1000000,10000000`): a fresh database
//! (`CREATE DATABASE`, the embedded migrations), `scripts/report-bench-data.sql` with
//! `-v appeals=N` (it ends with VACUUM ANALYZE), a CHECKPOINT; then for each of the four cases
//! (report / hand-written SQL × every office / one office): one cold run right after
//! `BENCH_REPORT_COLD_CMD` (a shell command that makes the caches cold; `scripts/bench reports`
//! restarts the benchmark's own server and evicts its files from the OS page cache), on a new
//! connection, then `BENCH_REPORT_RUNS` (default 5) warm runs on that connection. The database is
//! dropped before the next size. Without `BENCH_REPORT_COLD_CMD` the first run is merely the
//! first on a new connection, and the table says so.
//!
//! The hand-written figures are compared with the report's (every count, sum and percentile, and
//! the list of respondent bodies); a difference is printed and fails the run.
//!
//! Beside each figure: the 1-minute load average, and the CPU that every other process on the
//! machine used meanwhile (from `/proc`: the machine's busy time less this process's and the
//! server's, whose postmaster is found as the parent of the connection's backend).
//!
//! The server is `BENCH_REPORT_SERVER` (or `TEST_DATABASE_SERVER`, or postgres@127.0.0.1:5432).
//! `BENCH_REPORT_DATA_VARS` passes more psql variables to the data script, e.g.
//! `description_repeats=1`. Prints Markdown tables on standard output; progress goes to standard
//! error. Run with `scripts/bench reports`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{Bool, Date, Int4, Int8, Nullable, Text, Uuid as SqlUuid};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::report::{Counts, HalfYear, Money, Report};

/// The report date: every appeal of the data is at least a year old by then.
const AS_OF: (i32, u32, u32) = (2026, 11, 26);

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn server() -> String {
    std::env::var("BENCH_REPORT_SERVER")
        .or_else(|_| std::env::var("TEST_DATABASE_SERVER"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

fn url(db: &str) -> String {
    format!("{}/{db}?sslmode=disable", server())
}

fn connect(db: &str) -> PgConnection {
    let url = url(db);
    // Right after a restart the server may still be starting.
    for _ in 0..100 {
        if let Ok(c) = PgConnection::establish(&url) {
            return c;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    PgConnection::establish(&url).expect("connect to the benchmark database")
}

/// The 1-minute load average.
fn load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// (busy, total) ticks of the whole machine.
fn machine() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let values: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3).copied().unwrap_or(0) + values.get(4).copied().unwrap_or(0);
    (total.saturating_sub(idle), total)
}

/// Linux reports CPU times in USER_HZ, which is 100 on every architecture it supports.
const TICKS_PER_SEC: f64 = 100.0;

/// The fields of `/proc/PID/stat` after the command name (the first is field 3, the state).
fn stat_fields(pid: &str) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let close = stat.rfind(')')?;
    Some(stat.get(close + 2..)?.split_whitespace().map(str::to_owned).collect())
}

/// utime + stime of a process (fields 14 and 15), with `children` also cutime + cstime (16, 17):
/// the time of the children it has waited for.
fn ticks(pid: &str, children: bool) -> u64 {
    let Some(f) = stat_fields(pid) else { return 0 };
    let field = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    field(11) + field(12) + if children { field(13) + field(14) } else { 0 }
}

fn pids() -> Vec<String> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
                .collect()
        })
        .unwrap_or_default()
}

/// The postmaster of the server `conn` is connected to (the parent of its backend), when that
/// server runs on this machine.
fn postmaster(conn: &mut PgConnection) -> Option<String> {
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = Int4)]
        pid: i32,
    }
    let backend = diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(conn)
        .ok()?;
    stat_fields(&backend.pid.to_string())?.get(1).cloned()
}

/// CPU ticks: (the whole machine busy, this process, the benchmark's server, the whole machine).
/// The server's are its postmaster's with the children it reaped (parallel workers end after
/// each query) plus those of its live children.
fn cpu(server: Option<&str>) -> [u64; 4] {
    let (busy, total) = machine();
    let own = ticks("self", true);
    let server = server.map_or(0, |pm| {
        ticks(pm, true)
            + pids()
                .iter()
                .filter(|p| stat_fields(p).and_then(|f| f.get(1).cloned()).as_deref() == Some(pm))
                .map(|p| ticks(p, false))
                .sum::<u64>()
    });
    [busy, own, server, total]
}

/// Between two samples: how busy the machine was (% of all cores), and the CPU used by every
/// process but this benchmark and its server (in cores).
fn cpu_between(a: [u64; 4], b: [u64; 4]) -> (f64, f64) {
    let [busy, own, server, total] = [0, 1, 2, 3].map(|i| b[i].saturating_sub(a[i]));
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get()) as f64;
    let secs = total as f64 / cores / TICKS_PER_SEC;
    let others = busy.saturating_sub(own + server) as f64 / TICKS_PER_SEC / secs.max(1e-9);
    (busy as f64 / total.max(1) as f64 * 100.0, others)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------------------------------------
// The database of one size.

/// A benchmark database, dropped with it.
struct BenchDb {
    name: String,
}

impl BenchDb {
    fn create(name: &str) -> Self {
        let mut admin = connect("postgres");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop a leftover benchmark database");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the benchmark database");
        let db = Self { name: name.to_owned() };
        ombudsman_db::migrate(&mut connect(name)).expect("migrate");
        db
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&url("postgres")) {
            if let Err(e) = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)) {
                eprintln!("could not drop {}: {e}", self.name);
            }
        }
    }
}

fn load_data(db: &BenchDb, appeals: u64) -> Duration {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/report-bench-data.sql");
    let mut cmd = Command::new("psql");
    cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-v"])
        .arg(format!("appeals={appeals}"));
    for var in env_or("BENCH_REPORT_DATA_VARS", "").split_whitespace() {
        cmd.args(["-v", var]);
    }
    cmd.args(["-f", script]).arg(url(&db.name));
    // psql's own output is progress: keep standard output for the tables.
    cmd.stdout(Stdio::from(std::io::stderr()));
    let start = Instant::now();
    let status = cmd.status().expect("run psql (is it installed?)");
    assert!(status.success(), "scripts/report-bench-data.sql failed: {status}");
    start.elapsed()
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = Int8)]
    n: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = SqlUuid)]
    id: uuid::Uuid,
}

fn scalar(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<One>(conn).expect(sql).n
}

/// Makes the caches cold with `BENCH_REPORT_COLD_CMD`; returns what it printed last (how much
/// is still cached), or `None` without the command.
fn make_cold() -> Option<String> {
    let cmd = std::env::var("BENCH_REPORT_COLD_CMD").ok()?;
    let out = Command::new("sh")
        .args(["-c", &cmd])
        .stderr(Stdio::inherit())
        .output()
        .expect("run BENCH_REPORT_COLD_CMD");
    assert!(out.status.success(), "BENCH_REPORT_COLD_CMD failed: {}", out.status);
    let said = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .to_owned();
    eprintln!("  cold: {said}");
    Some(said)
}

// ---------------------------------------------------------------------------------------------
// The figures, by name, to compare the two implementations.

/// Every figure as "[previous ]name/key" → value; zeros are left out (the report lists every
/// code of a closed set, the queries only those that occur).
#[derive(Default, PartialEq, Debug)]
struct Figures {
    values: BTreeMap<String, i128>,
    bodies: Vec<(String, i64, i64)>,
}

impl Figures {
    fn put(&mut self, cur: bool, name: &str, key: &str, n: impl Into<i128>) {
        let n: i128 = n.into();
        if n != 0 {
            let side = if cur { "" } else { "previous " };
            *self.values.entry(format!("{side}{name}/{key}")).or_insert(0) += n;
        }
    }

    fn counts(&mut self, cur: bool, name: &str, counts: &Counts) {
        for (k, n) in counts {
            self.put(cur, name, k, *n);
        }
    }

    fn money(&mut self, cur: bool, name: &str, money: &Money) {
        for (k, n) in money {
            self.put(cur, name, k, *n);
        }
    }

    /// The differences, at most `limit`.
    fn differences(&self, other: &Figures, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        let keys: std::collections::BTreeSet<&String> = self.values.keys().chain(other.values.keys()).collect();
        for k in keys {
            let (a, b) = (self.values.get(k), other.values.get(k));
            if a != b {
                out.push(format!("{k}: report {a:?}, SQL {b:?}"));
            }
        }
        if self.bodies != other.bodies {
            out.push(format!(
                "respondent bodies: report {:?}, SQL {:?}",
                &self.bodies[..self.bodies.len().min(3)],
                &other.bodies[..other.bodies.len().min(3)]
            ));
        }
        out.truncate(limit);
        out
    }

    fn len(&self) -> usize {
        self.values.len() + self.bodies.len()
    }
}

/// "2025-03" → "2024-03": the month of the previous period a monthly entry stands beside.
fn year_before(month: &str) -> String {
    let (y, m) = month.split_once('-').expect("YYYY-MM");
    format!("{}-{m}", y.parse::<i32>().expect("year") - 1)
}

fn report_figures(r: &Report) -> Figures {
    let mut f = Figures::default();
    let a = &r.appeals;
    for (cur, name, n) in [
        (true, "received", a.received),
        (false, "received", a.previous),
        (true, "closed", a.closed),
        (false, "closed", a.previous_closed),
        (true, "overdue", a.overdue_open),
        (false, "overdue", a.previous_overdue_open),
        (true, "repeat", a.repeat),
        (false, "repeat", a.previous_repeat),
        (true, "anonymous", a.anonymous),
        (false, "anonymous", a.previous_anonymous),
        (true, "collective", a.collective),
        (false, "collective", a.previous_collective),
        (true, "median days", a.median_days_to_close.map_or(-1, i64::from)),
        (
            false,
            "median days",
            a.previous_median_days_to_close.map_or(-1, i64::from),
        ),
        (true, "p90 days", a.p90_days_to_close.map_or(-1, i64::from)),
        (false, "p90 days", a.previous_p90_days_to_close.map_or(-1, i64::from)),
    ] {
        f.put(cur, name, "", n);
    }
    for (name, now, before) in [
        ("channel", &a.by_channel, &a.previous_by_channel),
        ("region", &a.by_region, &a.previous_by_region),
        ("outcome", &a.by_outcome, &a.previous_by_outcome),
        ("applicant kind", &a.by_applicant_kind, &a.previous_by_applicant_kind),
        ("category", &a.by_category, &a.previous_by_category),
        ("rights group", &a.by_rights_group, &a.previous_by_rights_group),
        ("country", &a.abroad_by_country, &a.previous_abroad_by_country),
    ] {
        f.counts(true, name, now);
        f.counts(false, name, before);
    }
    for m in &a.monthly {
        f.put(true, "appeals month", &m.month, m.count);
        f.put(false, "appeals month", &year_before(&m.month), m.previous);
    }
    f.bodies = a
        .by_respondent_body
        .iter()
        .map(|b| (b.name.clone(), b.count, b.previous))
        .collect();

    let m = &r.impact_measures;
    f.put(true, "measures", "", m.total);
    f.put(false, "measures", "", m.previous);
    f.counts(true, "measure kind", &m.by_kind);
    f.counts(false, "measure kind", &m.previous_by_kind);
    f.counts(true, "measure status", &m.by_status);
    f.counts(false, "measure status", &m.previous_by_status);
    for x in &m.monthly {
        f.put(true, "measures month", &x.month, x.count);
        f.put(false, "measures month", &year_before(&x.month), x.previous);
    }

    let c = &r.compensation;
    f.money(true, "compensation", &c.total_minor);
    f.money(false, "compensation", &c.previous_total_minor);
    f.put(true, "compensation records", "", c.records);
    f.put(false, "compensation records", "", c.previous_records);
    for (cur, by_kind) in [(true, &c.by_kind), (false, &c.previous_by_kind)] {
        for (kind, money) in by_kind {
            f.money(cur, &format!("compensation {kind}"), money);
        }
    }
    for x in &c.monthly {
        f.money(true, &format!("compensation {}", x.month), &x.total_minor);
        f.money(
            false,
            &format!("compensation {}", year_before(&x.month)),
            &x.previous_total_minor,
        );
    }

    let v = &r.monitoring_visits;
    f.put(true, "visits", "", v.total);
    f.put(false, "visits", "", v.previous);
    for (name, now, before) in [
        ("facility kind", &v.by_facility_kind, &v.previous_by_facility_kind),
        ("facility region", &v.by_region, &v.previous_by_region),
        ("visit type", &v.by_visit_type, &v.previous_by_visit_type),
        (
            "recommendation status",
            &v.recommendations_by_status,
            &v.previous_recommendations_by_status,
        ),
    ] {
        f.counts(true, name, now);
        f.counts(false, name, before);
    }
    for x in &v.monthly {
        f.put(true, "visits month", &x.month, x.count);
        f.put(false, "visits month", &year_before(&x.month), x.previous);
    }
    f
}

// ---------------------------------------------------------------------------------------------
// The same figures in plain SQL: one straightforward aggregate query per breakdown, each over
// both periods (`cur` tells which), with the server's default settings. $1–$4 are the two
// periods, $5 the office or NULL, $6 the report date.

const APPEALS: &str =
    "(a.received_on BETWEEN $1 AND $2 OR a.received_on BETWEEN $3 AND $4) AND ($5::uuid IS NULL OR a.office_id = $5)";
const MEASURES: &str =
    "(m.issued_on BETWEEN $1 AND $2 OR m.issued_on BETWEEN $3 AND $4) AND ($5::uuid IS NULL OR m.office_id = $5)";
const COMPENSATION: &str = "(c.recovered_on BETWEEN $1 AND $2 OR c.recovered_on BETWEEN $3 AND $4) \
                            AND ($5::uuid IS NULL OR c.office_id = $5)";
const VISITS: &str =
    "(v.started_on BETWEEN $1 AND $2 OR v.started_on BETWEEN $3 AND $4) AND ($5::uuid IS NULL OR v.office_id = $5)";

/// (figure, query returning `cur`, `key`, `n`)
const COUNT_QUERIES: &[(&str, &str)] = &[
    (
        "channel",
        "SELECT a.received_on >= $1 AS cur, a.channel AS key, count(*) AS n FROM appeals a WHERE {A} GROUP BY 1, 2",
    ),
    (
        "region",
        "SELECT a.received_on >= $1 AS cur, a.region AS key, count(*) AS n FROM appeals a WHERE {A} GROUP BY 1, 2",
    ),
    (
        "outcome",
        "SELECT a.received_on >= $1 AS cur, a.outcome AS key, count(*) AS n FROM appeals a \
         WHERE {A} AND a.outcome IS NOT NULL GROUP BY 1, 2",
    ),
    (
        "applicant kind",
        "SELECT a.received_on >= $1 AS cur, p.kind AS key, count(*) AS n \
         FROM appeals a JOIN applicants p ON p.id = a.applicant_id WHERE {A} GROUP BY 1, 2",
    ),
    (
        "category",
        "SELECT a.received_on >= $1 AS cur, c AS key, count(*) AS n \
         FROM appeals a CROSS JOIN LATERAL unnest(a.categories) AS c WHERE {A} GROUP BY 1, 2",
    ),
    (
        "rights group",
        "SELECT a.received_on >= $1 AS cur, g AS key, count(*) AS n FROM appeals a CROSS JOIN LATERAL \
         (SELECT DISTINCT CASE WHEN c = 'freedom_of_expression' THEN 'political' \
                 WHEN c IN ('migrants_rights', 'rights_of_persons_with_disabilities', 'childrens_rights', \
                            'social_security', 'health', 'housing') THEN 'social' \
                 WHEN c IN ('labour', 'property') THEN 'economic' \
                 WHEN c = 'environment' THEN 'environmental' ELSE 'personal' END AS g \
          FROM unnest(a.categories) AS c) x \
         WHERE {A} GROUP BY 1, 2",
    ),
    (
        "country",
        "SELECT a.received_on >= $1 AS cur, a.abroad_country AS key, count(*) AS n FROM appeals a \
         WHERE {A} AND a.abroad_country IS NOT NULL GROUP BY 1, 2",
    ),
    (
        "appeals month",
        "SELECT a.received_on >= $1 AS cur, to_char(a.received_on, 'YYYY-MM') AS key, count(*) AS n \
         FROM appeals a WHERE {A} GROUP BY 1, 2",
    ),
    (
        "measure kind",
        "SELECT m.issued_on >= $1 AS cur, m.kind AS key, count(*) AS n FROM impact_measures m WHERE {M} GROUP BY 1, 2",
    ),
    (
        "measure status",
        "SELECT m.issued_on >= $1 AS cur, m.status AS key, count(*) AS n FROM impact_measures m WHERE {M} GROUP BY 1, 2",
    ),
    (
        "measures month",
        "SELECT m.issued_on >= $1 AS cur, to_char(m.issued_on, 'YYYY-MM') AS key, count(*) AS n \
         FROM impact_measures m WHERE {M} GROUP BY 1, 2",
    ),
    (
        "facility kind",
        "SELECT v.started_on >= $1 AS cur, f.kind AS key, count(*) AS n \
         FROM visits v JOIN facilities f ON f.id = v.facility_id WHERE {V} GROUP BY 1, 2",
    ),
    (
        "facility region",
        "SELECT v.started_on >= $1 AS cur, f.region AS key, count(*) AS n \
         FROM visits v JOIN facilities f ON f.id = v.facility_id WHERE {V} GROUP BY 1, 2",
    ),
    (
        "visit type",
        "SELECT v.started_on >= $1 AS cur, v.visit_type AS key, count(*) AS n FROM visits v WHERE {V} GROUP BY 1, 2",
    ),
    (
        "visits month",
        "SELECT v.started_on >= $1 AS cur, to_char(v.started_on, 'YYYY-MM') AS key, count(*) AS n \
         FROM visits v WHERE {V} GROUP BY 1, 2",
    ),
    (
        "recommendation status",
        "SELECT v.started_on >= $1 AS cur, r.status AS key, count(*) AS n \
         FROM visits v JOIN recommendations r ON r.visit_id = v.id WHERE {V} GROUP BY 1, 2",
    ),
];

const SUMMARY_QUERY: &str = "SELECT a.received_on >= $1 AS cur, count(*) AS received, \
        count(*) FILTER (WHERE a.status = 'closed') AS closed, \
        count(*) FILTER (WHERE a.status <> 'closed' AND a.due_on < $6) AS overdue, \
        count(*) FILTER (WHERE a.repeat_of IS NOT NULL) AS repeat, \
        count(*) FILTER (WHERE a.anonymous) AS anonymous, \
        count(*) FILTER (WHERE a.signatories IS NOT NULL) AS collective, \
        percentile_disc(0.5) WITHIN GROUP (ORDER BY a.closed_on - a.received_on) AS median, \
        percentile_disc(0.9) WITHIN GROUP (ORDER BY a.closed_on - a.received_on) AS p90 \
    FROM appeals a WHERE {A} GROUP BY 1";

const BODIES_QUERY: &str = "SELECT b AS name, count(*) FILTER (WHERE a.received_on >= $1) AS count, \
        count(*) FILTER (WHERE a.received_on < $1) AS previous \
    FROM appeals a CROSS JOIN LATERAL (SELECT DISTINCT unnest(a.respondent_bodies) AS b) u \
    WHERE {A} GROUP BY b HAVING count(*) FILTER (WHERE a.received_on >= $1) > 0 \
    ORDER BY 2 DESC, 1 LIMIT 20";

/// (figure prefix, query returning `cur`, `key`, `currency`, `total`, `n`)
const MONEY_QUERIES: &[(&str, &str)] = &[
    (
        "total",
        "SELECT c.recovered_on >= $1 AS cur, NULL::text AS key, c.currency, sum(c.amount_minor)::int8 AS total, \
         count(*) AS n FROM compensations c WHERE {C} GROUP BY 1, 3",
    ),
    (
        "kind",
        "SELECT c.recovered_on >= $1 AS cur, c.kind AS key, c.currency, sum(c.amount_minor)::int8 AS total, \
         count(*) AS n FROM compensations c WHERE {C} GROUP BY 1, 2, 3",
    ),
    (
        "month",
        "SELECT c.recovered_on >= $1 AS cur, to_char(c.recovered_on, 'YYYY-MM') AS key, c.currency, \
         sum(c.amount_minor)::int8 AS total, count(*) AS n FROM compensations c WHERE {C} GROUP BY 1, 2, 3",
    ),
];

fn expand(sql: &str) -> String {
    sql.replace("{A}", APPEALS)
        .replace("{M}", MEASURES)
        .replace("{C}", COMPENSATION)
        .replace("{V}", VISITS)
}

#[derive(QueryableByName)]
struct KeyCount {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Int8)]
    n: i64,
}

#[derive(QueryableByName)]
struct Summary {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Int8)]
    received: i64,
    #[diesel(sql_type = Int8)]
    closed: i64,
    #[diesel(sql_type = Int8)]
    overdue: i64,
    #[diesel(sql_type = Int8)]
    repeat: i64,
    #[diesel(sql_type = Int8)]
    anonymous: i64,
    #[diesel(sql_type = Int8)]
    collective: i64,
    #[diesel(sql_type = Nullable<Int4>)]
    median: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    p90: Option<i32>,
}

#[derive(QueryableByName)]
struct Body {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Int8)]
    count: i64,
    #[diesel(sql_type = Int8)]
    previous: i64,
}

#[derive(QueryableByName)]
struct MoneyRow {
    #[diesel(sql_type = Bool)]
    cur: bool,
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Int8)]
    total: i64,
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// A query with the two periods and the office bound as `$1`–`$5` (the summary binds the report
/// date, `$6`, itself).
macro_rules! bound {
    ($sql:expr, $half:expr, $office:expr) => {{
        let (now, before) = ($half.period(), $half.period().previous_year());
        diesel::sql_query($sql)
            .into_boxed::<diesel::pg::Pg>()
            .bind::<Date, _>(now.from())
            .bind::<Date, _>(now.to())
            .bind::<Date, _>(before.from())
            .bind::<Date, _>(before.to())
            .bind::<Nullable<SqlUuid>, _>($office.map(|o: OfficeId| o.0))
    }};
}

fn hand_written(conn: &mut PgConnection, office: Option<OfficeId>, half: HalfYear, as_of: NaiveDate) -> Figures {
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(|c| {
            let mut f = Figures::default();
            let summary: Vec<Summary> = bound!(expand(SUMMARY_QUERY), half, office)
                .bind::<Date, _>(as_of)
                .load(c)?;
            for s in summary {
                for (name, n) in [
                    ("received", s.received),
                    ("closed", s.closed),
                    ("overdue", s.overdue),
                    ("repeat", s.repeat),
                    ("anonymous", s.anonymous),
                    ("collective", s.collective),
                    ("median days", s.median.map_or(-1, i64::from)),
                    ("p90 days", s.p90.map_or(-1, i64::from)),
                ] {
                    f.put(s.cur, name, "", n);
                }
            }
            for (name, sql) in COUNT_QUERIES {
                let rows: Vec<KeyCount> = bound!(expand(sql), half, office).load(c)?;
                for r in rows {
                    let key = r.key.unwrap_or_default();
                    f.put(r.cur, name, &key, r.n);
                    // The totals the report shows beside the breakdowns.
                    match *name {
                        "measure kind" => f.put(r.cur, "measures", "", r.n),
                        "visit type" => f.put(r.cur, "visits", "", r.n),
                        _ => {}
                    }
                }
            }
            f.bodies = bound!(expand(BODIES_QUERY), half, office)
                .load::<Body>(c)?
                .into_iter()
                .map(|b| (b.name, b.count, b.previous))
                .collect();
            for (what, sql) in MONEY_QUERIES {
                let rows: Vec<MoneyRow> = bound!(expand(sql), half, office).load(c)?;
                for r in rows {
                    match *what {
                        "total" => {
                            f.put(r.cur, "compensation", &r.currency, r.total);
                            f.put(r.cur, "compensation records", "", r.n);
                        }
                        _ => f.put(
                            r.cur,
                            &format!("compensation {}", r.key.unwrap_or_default()),
                            &r.currency,
                            r.total,
                        ),
                    }
                }
            }
            Ok::<_, diesel::result::Error>(f)
        })
        .expect("hand-written SQL")
}

// ---------------------------------------------------------------------------------------------
// Measuring.

#[derive(Clone, Copy, PartialEq)]
enum Implementation {
    Report,
    HandWritten,
}

impl Implementation {
    fn label(self) -> &'static str {
        match self {
            Implementation::Report => "`half_year_report`",
            Implementation::HandWritten => "hand-written SQL (21 queries)",
        }
    }
}

struct Case {
    appeals: u64,
    scope: String,
    read: i64,
    implementation: Implementation,
    cold_ms: f64,
    cold_load: f64,
    cold_others: f64,
    cold_cache: Option<String>,
    warm_ms: Vec<f64>,
    warm_load: f64,
    warm_busy: f64,
    warm_others: f64,
}

fn median(sorted: &[f64]) -> f64 {
    // The lower median, like the report's own.
    sorted[(sorted.len() - 1) / 2]
}

fn run_once(
    conn: &mut PgConnection,
    implementation: Implementation,
    office: Option<OfficeId>,
    half: HalfYear,
    as_of: NaiveDate,
) -> (Duration, Figures) {
    let start = Instant::now();
    match implementation {
        Implementation::Report => {
            let report = ombudsman_db::reports::half_year_report(conn, office, half, as_of).expect("half_year_report");
            let took = start.elapsed();
            (took, report_figures(&report))
        }
        Implementation::HandWritten => {
            let figures = hand_written(conn, office, half, as_of);
            (start.elapsed(), figures)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn measure(
    db: &str,
    appeals: u64,
    scope: &str,
    read: i64,
    implementation: Implementation,
    office: Option<OfficeId>,
    runs: usize,
    reference: &mut Option<Figures>,
) -> Case {
    let half = HalfYear::new(2025, 1).expect("H1 2025");
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("date");
    eprintln!("{appeals} appeals, {scope}, {}", implementation.label());
    let cold_cache = make_cold();
    let mut conn = connect(db);
    let server = postmaster(&mut conn);
    let cold_load = load();
    let before = cpu(server.as_deref());
    let (cold, figures) = run_once(&mut conn, implementation, office, half, as_of);
    let (_, cold_others) = cpu_between(before, cpu(server.as_deref()));
    eprintln!(
        "  cold {:.0} ms (load {cold_load:.2}, other processes {cold_others:.2} cores)",
        ms(cold)
    );
    // The report's figures are the reference; the hand-written ones must be the same.
    match reference {
        None => *reference = Some(figures),
        Some(expected) => {
            let diff = expected.differences(&figures, 20);
            if !diff.is_empty() {
                eprintln!("the hand-written SQL and the report disagree:");
                for d in &diff {
                    eprintln!("  {d}");
                }
                panic!("the hand-written SQL and the report disagree ({scope}, {appeals} appeals)");
            }
            eprintln!("  same {} figures as the report", expected.len());
        }
    }
    let warm_load = load();
    let before = cpu(server.as_deref());
    let mut warm_ms = Vec::new();
    for _ in 0..runs {
        let (took, _) = run_once(&mut conn, implementation, office, half, as_of);
        warm_ms.push(ms(took));
    }
    let (warm_busy, warm_others) = cpu_between(before, cpu(server.as_deref()));
    warm_ms.sort_by(f64::total_cmp);
    eprintln!(
        "  warm median {:.0} ms, max {:.0} ms (load {warm_load:.2}, other processes {warm_others:.2} cores)",
        median(&warm_ms),
        warm_ms.last().copied().unwrap_or(f64::NAN)
    );
    Case {
        appeals,
        scope: scope.to_owned(),
        read,
        implementation,
        cold_ms: ms(cold),
        cold_load,
        cold_others,
        cold_cache,
        warm_ms,
        warm_load,
        warm_busy,
        warm_others,
    }
}

struct SizeInfo {
    appeals: u64,
    load_secs: f64,
    load_avg: f64,
    database: String,
    table: String,
    report_index: String,
}

fn main() {
    let sizes: Vec<u64> = env_or("BENCH_REPORT_SIZES", "1000000,10000000")
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("BENCH_REPORT_SIZES: appeal counts separated by commas")
        })
        .collect();
    let runs: usize = env_or("BENCH_REPORT_RUNS", "5")
        .parse()
        .expect("BENCH_REPORT_RUNS: a positive number");
    assert!(runs > 0, "BENCH_REPORT_RUNS must be positive");
    let started = Instant::now();
    let cold_cmd = std::env::var("BENCH_REPORT_COLD_CMD").ok();
    eprintln!(
        "report benchmark: {} cores ({}), sizes {sizes:?}, {runs} warm runs, server {}, cold: {}",
        std::thread::available_parallelism().map_or(0, |c| c.get()),
        cpu_model(),
        server(),
        cold_cmd
            .as_deref()
            .unwrap_or("(no command: first run on a new connection)")
    );

    let mut cases = Vec::new();
    let mut infos = Vec::new();
    for &appeals in &sizes {
        let name = format!("omb_bench_reports_{appeals}");
        eprintln!("== {appeals} appeals: loading into {name}");
        let db = BenchDb::create(&name);
        let load_avg = load();
        let took = load_data(&db, appeals);
        let mut conn = connect(&name);
        conn.batch_execute("CHECKPOINT").expect("checkpoint");
        #[derive(QueryableByName)]
        struct Sizes {
            #[diesel(sql_type = Text)]
            database: String,
            #[diesel(sql_type = Text)]
            table: String,
            #[diesel(sql_type = Text)]
            report_index: String,
        }
        let s: Sizes = diesel::sql_query(
            "SELECT pg_size_pretty(pg_database_size(current_database())) AS database, \
                    pg_size_pretty(pg_relation_size('appeals')) AS table, \
                    pg_size_pretty(pg_relation_size('appeals_report')) AS report_index",
        )
        .get_result(&mut conn)
        .expect("sizes");
        infos.push(SizeInfo {
            appeals,
            load_secs: took.as_secs_f64(),
            load_avg,
            database: s.database,
            table: s.table,
            report_index: s.report_index,
        });
        eprintln!(
            "  loaded in {:.0} s; database {}",
            took.as_secs_f64(),
            infos.last().map_or("", |i| &i.database)
        );
        let office: Id = diesel::sql_query("SELECT id FROM offices WHERE code = 'RAA'")
            .get_result(&mut conn)
            .expect("office RAA");
        let office = OfficeId(office.id);
        let in_periods =
            "(received_on BETWEEN '2025-01-01' AND '2025-06-30' OR received_on BETWEEN '2024-01-01' AND '2024-06-30')";
        let all_read = scalar(
            &mut conn,
            &format!("SELECT count(*) AS n FROM appeals WHERE {in_periods}"),
        );
        let office_read = scalar(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM appeals WHERE {in_periods} AND office_id = '{}'",
                office.0
            ),
        );
        drop(conn);
        for (scope, office, read) in [
            ("every office".to_owned(), None, all_read),
            ("one office (RAA)".to_owned(), Some(office), office_read),
        ] {
            let mut reference = None;
            for implementation in [Implementation::Report, Implementation::HandWritten] {
                cases.push(measure(
                    &name,
                    appeals,
                    &scope,
                    read,
                    implementation,
                    office,
                    runs,
                    &mut reference,
                ));
            }
        }
        drop(db);
        eprintln!(
            "  dropped {name}; {:.1} min so far",
            started.elapsed().as_secs_f64() / 60.0
        );
    }

    let mut out = std::io::stdout().lock();
    writeln!(out, "### Data\n").unwrap();
    writeln!(out, "| Appeals | Load (script incl. VACUUM ANALYZE) | Load average at start | Database | `appeals` | `appeals_report` |").unwrap();
    writeln!(out, "|--:|--:|--:|--:|--:|--:|").unwrap();
    for i in &infos {
        writeln!(
            out,
            "| {} | {:.0} s | {:.2} | {} | {} | {} |",
            i.appeals, i.load_secs, i.load_avg, i.database, i.table, i.report_index
        )
        .unwrap();
    }
    writeln!(out, "\n### H1 2025 beside H1 2024\n").unwrap();
    writeln!(
        out,
        "| Appeals | Scope | Appeals in both periods | Implementation | Cold (ms) | Warm median (ms) | Warm max (ms) | Load avg (cold / warm) | Other processes' CPU, cores (cold / warm) | Machine busy (warm) |"
    )
    .unwrap();
    writeln!(out, "|--:|---|--:|---|--:|--:|--:|--:|--:|--:|").unwrap();
    for c in &cases {
        writeln!(
            out,
            "| {} | {} | {} | {} | {:.0} | {:.0} | {:.0} | {:.2} / {:.2} | {:.2} / {:.2} | {:.0}% |",
            c.appeals,
            c.scope,
            c.read,
            c.implementation.label(),
            c.cold_ms,
            median(&c.warm_ms),
            c.warm_ms.last().copied().unwrap_or(f64::NAN),
            c.cold_load,
            c.warm_load,
            c.cold_others,
            c.warm_others,
            c.warm_busy,
        )
        .unwrap();
    }
    writeln!(out).unwrap();
    match &cold_cmd {
        Some(cmd) => {
            writeln!(
                out,
                "Cold: after `{cmd}`, on a new connection. What it reported before each cold run:\n"
            )
            .unwrap();
            for c in &cases {
                writeln!(
                    out,
                    "- {} appeals, {}, {}: {}",
                    c.appeals,
                    c.scope,
                    c.implementation.label(),
                    c.cold_cache.as_deref().unwrap_or("")
                )
                .unwrap();
            }
        }
        None => writeln!(
            out,
            "Cold: not measured (no BENCH_REPORT_COLD_CMD): the \"cold\" column is the first run on a new connection."
        )
        .unwrap(),
    }
    writeln!(
        out,
        "\nWarm: {runs} runs on the same connection right after the cold one. \"Other processes' CPU\" is \
         the machine's busy time less this benchmark's and its server's (backends, parallel workers), \
         in cores of the {} the machine has. Whole run: {:.1} min.",
        std::thread::available_parallelism().map_or(0, |c| c.get()),
        started.elapsed().as_secs_f64() / 60.0
    )
    .unwrap();
}
