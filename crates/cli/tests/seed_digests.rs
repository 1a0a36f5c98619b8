#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Starting `ombudsman worker` on the seed profile, whose history lies in the past and is full of
//! overdue appeals, measures and recommendations, sends each member of staff at most one reminder
//! e-mail: their digest of the day (and a manager the weekly digest), not one e-mail per item.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use ombudsman_e2e::smtp::SmtpSink;
use ombudsman_e2e::TestDb;

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(db: &TestDb, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(&mut db.conn())
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

#[derive(QueryableByName)]
struct Kind {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient: String,
}

#[test]
fn starting_the_worker_on_the_seed_profile_sends_each_member_of_staff_at_most_one_reminder() {
    let db = TestDb::new();
    // The smallest seed profile: its visits, measures and staff are those of the full one.
    let load = Command::new(env!("CARGO_BIN_EXE_ombudsman"))
        .args(["demo-data", "--profile", "seed-2025h1", "--appeals", "1000"])
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run ombudsman demo-data");
    assert!(
        load.status.success(),
        "load failed: {}",
        String::from_utf8_lossy(&load.stderr)
    );
    // The load queues only the staff's welcome e-mails.
    let welcomes = count(&db, "SELECT count(*) AS n FROM outbox WHERE kind = 'account_created'");
    assert_eq!(count(&db, "SELECT count(*) AS n FROM outbox"), welcomes);
    // What used to be one e-mail each: late recommendations alone are hundreds.
    let overdue_recommendations = count(
        &db,
        "SELECT count(*) AS n FROM recommendations WHERE status IN ('open', 'partially_implemented') \
         AND due_on < current_date",
    );
    assert!(overdue_recommendations > 100, "{overdue_recommendations}");

    let sink = SmtpSink::start();
    let _worker = Kill(
        Command::new(env!("CARGO_BIN_EXE_ombudsman"))
            .arg("worker")
            .env("DATABASE_URL", &db.url)
            .env("SMTP_URL", sink.url())
            // The day's digest at any hour, so that the test does not depend on the time of day.
            .env("OMBUDSMAN_DAILY_DIGEST_HOUR", "0")
            .env("OMBUDSMAN_MAIL_CONCURRENCY", "4")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ombudsman worker"),
    );
    let start = Instant::now();
    loop {
        let queued = count(&db, "SELECT count(*) AS n FROM outbox");
        let pending = count(&db, "SELECT count(*) AS n FROM outbox WHERE status <> 'sent'");
        if queued > welcomes && pending == 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{queued} queued, {pending} not sent yet"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // A few more seconds: nothing else is queued by later passes or by the worker's own loop.
    std::thread::sleep(Duration::from_secs(2));
    let rows: Vec<Kind> = diesel::sql_query(
        "SELECT kind, recipient FROM outbox WHERE kind <> 'account_created' ORDER BY recipient, kind",
    )
    .load(&mut db.conn())
    .unwrap();
    let mut per_person: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in &rows {
        per_person.entry(&r.recipient).or_default().push(&r.kind);
    }
    let staff = count(&db, "SELECT count(*) AS n FROM users WHERE is_active");
    assert!(
        rows.iter()
            .all(|r| r.kind == "staff_daily_digest" || r.kind == "weekly_digest"),
        "digests only: {per_person:#?}"
    );
    for (person, kinds) in &per_person {
        let daily = kinds.iter().filter(|k| **k == "staff_daily_digest").count();
        let weekly = kinds.iter().filter(|k| **k == "weekly_digest").count();
        assert!(daily <= 1 && weekly <= 1, "{person}: {kinds:?}");
    }
    let daily = rows.iter().filter(|r| r.kind == "staff_daily_digest").count();
    assert!(daily > 0 && daily as i64 <= staff, "{daily} digests for {staff} people");
    let mail = sink.messages();
    assert_eq!(
        mail.len(),
        rows.len() + welcomes as usize,
        "every message was delivered once"
    );
    // The monitor with the most late recommendations reads them in one letter, with a count.
    let most = count(
        &db,
        "SELECT coalesce(max((payload->'recommendations_overdue'->>'total')::int8), 0) AS n FROM outbox \
         WHERE kind = 'staff_daily_digest'",
    );
    assert!(most > 50, "{most}");
    eprintln!(
        "seed profile (1,000 appeals): {} reminder e-mails to {} people on start ({daily} daily digests, \
         {welcomes} welcome e-mails beside); the largest digest counts {most} late recommendations",
        rows.len(),
        per_person.len()
    );
}
