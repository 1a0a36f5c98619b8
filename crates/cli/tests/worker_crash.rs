//! `ombudsman worker` killed with SIGKILL in the middle of a batch loses nothing: its leases run
//! out and another worker sends the rest, with the same Message-IDs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_domain::language::Language;
use ombudsman_e2e::smtp::{free_port, SmtpSink};
use ombudsman_e2e::TestDb;

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn worker(db: &TestDb, smtp: &str) -> Kill {
    Kill(
        Command::new(env!("CARGO_BIN_EXE_ombudsman"))
            .arg("worker")
            .env("DATABASE_URL", &db.url)
            .env("SMTP_URL", smtp)
            .env("OMBUDSMAN_MAIL_LEASE_SECS", "3")
            .env("OMBUDSMAN_MAIL_RETRY_BASE_MS", "100")
            .env("OMBUDSMAN_MAIL_CONCURRENCY", "4")
            .env("OMBUDSMAN_REMINDERS", "false")
            .env("OMBUDSMAN_LOG_FORMAT", "json")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ombudsman worker"),
    )
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(db: &TestDb, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(&mut db.conn()).unwrap().n
}

#[test]
fn a_worker_killed_mid_batch_loses_nothing() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let mut ids = HashSet::new();
    for i in 0..40 {
        let msg = NewMessage {
            kind: "appeal_registered".into(),
            recipient: format!("applicant{i}@example.org"),
            language: Language::Ru,
            payload: serde_json::json!({"number": format!("HQ-2025-{i:06}"), "access_code": "ABCD234567",
                                        "received_on": "2025-03-14", "due_on": "2025-03-21", "subject": "Пенсия"}),
            dedupe_key: None,
        };
        outbox::enqueue(&mut conn, &msg, "ombudsman.test").unwrap();
        ids.insert(
            outbox::for_recipient(&mut conn, &msg.recipient).unwrap()[0]
                .message_id
                .clone(),
        );
    }
    // A slow server: every message takes 150 ms, so the worker is caught mid-batch.
    let sink = SmtpSink::start_on(free_port(), 150);
    let first = worker(&db, &sink.url());
    assert!(
        sink.wait_for(5, Duration::from_secs(30)).len() >= 5,
        "the first worker sends"
    );
    drop(first); // SIGKILL
    let sent_by_first = sink.messages().len();
    let leased = count(
        &db,
        "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND locked_until > now()",
    );
    assert!(
        leased > 0,
        "the killed worker held claimed messages ({sent_by_first} sent)"
    );

    let second = worker(&db, &sink.url());
    let start = Instant::now();
    while count(&db, "SELECT count(*) AS n FROM outbox WHERE status = 'sent'") < 40 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the second worker did not finish"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(second);
    let mail = sink.messages();
    let received: HashSet<String> = mail.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(received, ids, "every message arrived");
    // A message the server accepted just before the kill, but not yet marked sent, is sent again
    // under the same Message-ID, which lets mail clients drop the copy; at most one per
    // connection in flight.
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for m in &mail {
        *copies.entry(m.message_id.as_str()).or_default() += 1;
    }
    let resent = mail.len() - ids.len();
    assert!(resent <= 4, "{resent} copies: {copies:?}");
    assert!(mail.iter().all(|m| m.subject.contains("Ваше обращение")), "in Russian");
}
