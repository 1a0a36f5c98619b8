//! E-mail that never gets lost: the notification worker against a real SMTP server process
//! (`tests/smtp_sink.py`, aiosmtpd), through faults.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::time::Duration;

use chrono::TimeZone;
use diesel::RunQueryDsl;
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_domain::language::Language;
use ombudsman_domain::user::Role;
use ombudsman_e2e::smtp::{free_port, SmtpSink};
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::sync::watch;

const WAIT: Duration = Duration::from_secs(30);

/// Queues `n` acknowledgements straight into the outbox, each in its own transaction.
fn enqueue(app: &TestApp, n: usize, recipient: impl Fn(usize) -> String) -> HashSet<String> {
    let mut conn = app.pool.get().unwrap();
    (0..n)
        .map(|i| {
            let msg = NewMessage {
                kind: "appeal_registered".into(),
                recipient: recipient(i),
                language: Language::En,
                payload: json!({"number": format!("HQ-2025-{i:06}"), "access_code": "ABCD234567",
                                "received_on": "2025-03-14", "due_on": "2025-03-21", "subject": "Pension"}),
                dedupe_key: None,
            };
            assert!(outbox::enqueue(&mut conn, &msg, "ombudsman.test").unwrap());
            outbox::for_recipient(&mut conn, &msg.recipient)
                .unwrap()
                .pop()
                .unwrap()
                .message_id
        })
        .collect()
}

fn statuses(app: &TestApp) -> Vec<(String, i64)> {
    let mut conn = app.pool.get().unwrap();
    let mut counts = outbox::count_by_status(&mut conn).unwrap();
    counts.sort();
    counts
}

async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !check() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn a_registration_reaches_the_smtp_server_in_the_applicants_language() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let (stop, stopped) = watch::channel(false);
    // Polling is off (once in ten minutes): only LISTEN/NOTIFY can wake the worker in time.
    let worker = tokio::spawn(
        app.worker(&sink.url(), |c| c.poll_interval = Duration::from_secs(600))
            .run(stopped),
    );

    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "2025-03-14", "channel": "online_portal",
                "applicant": {"kind": "citizen", "full_name": "Дилноза <b>Каримова</b>",
                              "email": "d.karimova@example.org", "language": "uz-Cyrl"},
                "region": "tashkent_city", "subject": "Пенсия <script>alert(1)</script>",
                "description": "Пенсия уч ойдан бери тўланмаяпти.", "categories": ["social_security"],
                "respondent_bodies": ["Pension Fund"], "confidential": false
            })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let number = reply.body["number"].as_str().unwrap().to_owned();
    let code = reply.body["access_code"].as_str().unwrap().to_owned();

    // The officer's welcome e-mail comes first.
    let mail = sink.arrived(2, WAIT).await;
    let acks: Vec<_> = mail.iter().filter(|m| m.to == "d.karimova@example.org").collect();
    assert_eq!(acks.len(), 1, "exactly one acknowledgement");
    let ack = acks[0];
    assert_eq!(ack.to, "d.karimova@example.org");
    assert_eq!(ack.language, "uz-Cyrl");
    assert!(ack.subject.contains(&number), "{}", ack.subject);
    assert!(
        ack.subject.contains("Мурожаат"),
        "Uzbek Cyrillic subject: {}",
        ack.subject
    );
    for body in [&ack.text, &ack.html] {
        assert!(body.contains(&number) && body.contains(&code), "{body}");
        // Written out as people write dates in Uzbek Cyrillic.
        assert!(body.contains("2025-йил 21-март"), "the expected answer date: {body}");
    }
    assert!(!ack.html.contains("<script>"), "user text is escaped in HTML");
    // The server accepted it; the worker records that just after.
    let sent = || {
        let mut conn = app.pool.get().unwrap();
        outbox::for_recipient(&mut conn, "d.karimova@example.org")
            .unwrap()
            .remove(0)
    };
    wait_until("the acknowledgement marked sent", || sent().status == "sent").await;
    let row = sent();
    assert_eq!(row.status, "sent");
    assert_eq!(ack.message_id, row.message_id, "the stored Message-ID is the one sent");
    assert!(row.sent_at.is_some());

    stop.send_replace(true);
    worker.await.unwrap();
}

#[actix_web::test]
async fn smtp_down_for_a_while_then_up_every_message_arrives_once() {
    let app = TestApp::spawn().await;
    let port = free_port();
    let ids = enqueue(&app, 30, |i| format!("applicant{i}@example.org"));
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(
        app.worker(&format!("smtp://127.0.0.1:{port}"), |c| c.batch_size = 10)
            .run(stopped),
    );

    // Nothing listens on the port: every message fails and waits for its retry.
    wait_until("failed attempts", || {
        let mut conn = app.pool.get().unwrap();
        ids.len()
            == diesel::sql_query("SELECT id FROM outbox WHERE attempts >= 2 AND last_error IS NOT NULL")
                .execute(&mut conn)
                .unwrap()
    })
    .await;
    assert_eq!(statuses(&app), vec![("pending".to_owned(), 30)]);

    let sink = SmtpSink::start_on(port, 0);
    let mail = sink.arrived(30, WAIT).await;
    wait_until("all sent", || statuses(&app) == vec![("sent".to_owned(), 30)]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mail_after = sink.messages();
    assert_eq!(mail_after.len(), 30, "no message arrives twice");
    let received: HashSet<String> = mail.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(received, ids);

    stop.send_replace(true);
    worker.await.unwrap();
}

#[actix_web::test]
async fn two_workers_send_every_message_once() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start_on(free_port(), 5);
    let ids = enqueue(&app, 120, |i| format!("applicant{i}@example.org"));
    let (stop, stopped) = watch::channel(false);
    let first = tokio::spawn(app.worker(&sink.url(), |c| c.batch_size = 7).run(stopped.clone()));
    let second = tokio::spawn(app.worker(&sink.url(), |c| c.batch_size = 5).run(stopped));

    wait_until("all sent", || statuses(&app) == vec![("sent".to_owned(), 120)]).await;
    stop.send_replace(true);
    first.await.unwrap();
    second.await.unwrap();
    let mail = sink.messages();
    assert_eq!(mail.len(), 120, "no duplicates");
    let received: HashSet<String> = mail.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(received, ids);
    let mut conn = app.pool.get().unwrap();
    #[derive(diesel::QueryableByName)]
    struct Workers {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let workers: Workers = diesel::sql_query("SELECT count(DISTINCT locked_by) AS n FROM outbox")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(workers.n, 2, "both workers took a share");
}

#[actix_web::test]
async fn a_poison_message_goes_dead_and_an_admin_can_send_it_again() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let admin = app.token(Role::Admin, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    app.sql("DELETE FROM outbox WHERE kind = 'account_created'").unwrap();
    enqueue(&app, 1, |_| "poison@example.org".to_owned());
    enqueue(&app, 1, |_| "refused@example.org".to_owned());
    let healthy = enqueue(&app, 3, |i| format!("applicant{i}@example.org"));
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));

    wait_until("the poison message is dead", || {
        statuses(&app) == vec![("dead".to_owned(), 2), ("sent".to_owned(), 3)]
    })
    .await;
    let received: HashSet<String> = sink.messages().iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(received, healthy, "the poison did not hold up the queue");

    let dead = app.call(Method::GET, "/api/v1/outbox", Some(&admin), None).await;
    assert_eq!(dead.status, StatusCode::OK, "{}", dead.text);
    let items = dead.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // An address that is no staff account's is masked: admins see no applicant.
    assert!(
        !dead.text.contains("poison@") && !dead.text.contains("refused@"),
        "{}",
        dead.text
    );
    let poison = items.iter().find(|m| m["recipient"] == "p***@example.org").unwrap();
    assert_eq!(poison["attempts"], 8, "a transient refusal is tried max_attempts times");
    assert!(poison["last_error"].as_str().unwrap().contains("451"), "{poison}");
    assert!(
        poison.get("payload").is_none(),
        "payloads hold access codes and stay hidden"
    );
    let refused = items.iter().find(|m| m["recipient"] == "r***@example.org").unwrap();
    assert_eq!(refused["attempts"], 1, "a permanent refusal is not retried");

    // Only administrators see the queue.
    let forbidden = app.call(Method::GET, "/api/v1/outbox", Some(&manager), None).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let bad = app
        .call(Method::GET, "/api/v1/outbox?status=lost", Some(&admin), None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"][0]["field"], "status");

    // The cause is fixed (here: the server now takes the address); the admin sends it again.
    stop.send_replace(true);
    worker.await.unwrap();
    let id = refused["id"].as_str().unwrap();
    app.sql(&format!(
        "UPDATE outbox SET recipient = 'fixed@example.org' WHERE id = '{id}'"
    ))
    .unwrap();
    let retried = app
        .call(Method::POST, &format!("/api/v1/outbox/{id}/retry"), Some(&admin), None)
        .await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.text);
    assert_eq!(retried.body["status"], "pending");
    assert_eq!(retried.body["attempts"], 0);
    let again = app
        .call(Method::POST, &format!("/api/v1/outbox/{id}/retry"), Some(&admin), None)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "only dead messages are retried");
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));
    let mail = sink.arrived(4, WAIT).await;
    assert_eq!(mail.len(), 4);
    assert_eq!(
        mail[3].message_id,
        refused["message_id"].as_str().unwrap(),
        "same Message-ID"
    );
    stop.send_replace(true);
    worker.await.unwrap();
    let audit = app
        .call(
            Method::GET,
            "/api/v1/audit-events?entity_type=outbox",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.body["items"][0]["action"], "outbox.retry", "{}", audit.text);
}

#[actix_web::test]
async fn daily_and_weekly_digests_are_queued_once_per_person_and_period_with_several_workers() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let manager = app.user(Role::Manager, "HQ");
    let officer = app.user(Role::CaseOfficer, "HQ");
    let manager_token = app.login(&manager).await;
    let officer_token = app.login(&officer).await;
    app.sql("DELETE FROM outbox WHERE kind = 'account_created'").unwrap();
    let officer_id = app
        .call(Method::GET, "/api/v1/users/me", Some(&officer_token), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ids = Vec::new();
    for subject in ["Pension delayed", "Housing repairs", "Unassigned case"] {
        let r = app
            .call(
                Method::POST,
                "/api/v1/appeals",
                Some(&officer_token),
                Some(json!({
                    "received_on": "2026-11-20", "channel": "letter", "anonymous": true,
                    "region": "tashkent_city", "subject": subject, "description": "…",
                    "categories": ["social_security"], "respondent_bodies": [], "confidential": false
                })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_owned());
    }
    for id in &ids[..2] {
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/appeals/{id}/assignment"),
                Some(&manager_token),
                Some(json!({"user_id": officer_id})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    // Monday 30 November 2026, 09:00 in Tashkent: the first is due in two days, the second and
    // the unassigned third are overdue.
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 4, 0, 0).unwrap();
    app.sql(&format!(
        "UPDATE appeals SET due_on = '2026-12-02' WHERE id = '{}'; \
         UPDATE appeals SET due_on = '2026-11-27' WHERE id IN ('{}', '{}')",
        ids[0], ids[1], ids[2]
    ))
    .unwrap();

    let workers: Vec<_> = (0..3)
        .map(|_| app.worker(&sink.url(), |c| c.schedule.enabled = true))
        .collect();
    let passes = futures_util::future::join_all(workers.iter().map(|w| w.schedule(now))).await;
    let total = passes
        .into_iter()
        .map(Result::unwrap)
        .fold((0, 0), |acc, s| (acc.0 + s.daily_digests, acc.1 + s.weekly_digests));
    // A daily digest each to the officer (the first two appeals) and to the office's manager (the
    // unassigned third); the manager's weekly digest.
    assert_eq!(total, (2, 1), "each digest once across three workers");
    let again = workers[0].schedule(now + chrono::Duration::hours(1)).await.unwrap();
    assert_eq!(again, ombudsman_notifier::worker::Scheduled::default(), "nothing twice");

    // A new deadline the same day waits for the next day's digest: one e-mail a day per person.
    app.sql(&format!(
        "UPDATE appeals SET due_on = '2026-12-03' WHERE id = '{}'",
        ids[0]
    ))
    .unwrap();
    let later = workers[1].schedule(now + chrono::Duration::hours(2)).await.unwrap();
    assert_eq!(later, ombudsman_notifier::worker::Scheduled::default());
    // The next day, before the digest hour nothing goes out; from 08:00 the day's digests do.
    let tomorrow = now + chrono::Duration::days(1);
    let early = workers[1]
        .schedule(tomorrow - chrono::Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(early, ombudsman_notifier::worker::Scheduled::default());
    assert_eq!(workers[1].schedule(tomorrow).await.unwrap().daily_digests, 2);
    // Next Monday before 08:00 the weekly digest is not due yet; from 08:00 it is, once.
    let next_monday = now + chrono::Duration::days(7);
    let early = workers[2]
        .schedule(next_monday - chrono::Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(early.weekly_digests, 0);
    assert_eq!(workers[2].schedule(next_monday).await.unwrap().weekly_digests, 1);

    let (stop, stopped) = watch::channel(false);
    let runner = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));
    // The officer: two assignments and three daily digests. The manager: three daily digests
    // (the unassigned third) and two weekly digests.
    let mail = sink.arrived(10, WAIT).await;
    stop.send_replace(true);
    runner.await.unwrap();
    let to_officer: Vec<_> = mail.iter().filter(|m| m.to == officer).collect();
    let to_manager: Vec<_> = mail.iter().filter(|m| m.to == manager).collect();
    assert_eq!(
        to_officer.len(),
        5,
        "{:#?}",
        mail.iter().map(|m| (&m.to, &m.subject)).collect::<Vec<_>>()
    );
    assert_eq!(to_manager.len(), 5);
    assert_eq!(mail.len(), 10);
    let first_day = to_officer
        .iter()
        .find(|m| m.subject.contains("2026-yil 30-noyabr"))
        .unwrap_or_else(|| panic!("the officer's digest of 30 November: {to_officer:#?}"));
    assert!(
        first_day
            .text
            .contains("HQ-2026-000001 — Pension delayed — muddat 2026-yil 2-dekabr")
            && first_day
                .text
                .contains("HQ-2026-000002 — Housing repairs — muddat 2026-yil 27-noyabr, 3 kun"),
        "{}",
        first_day.text
    );
    assert!(!first_day.text.contains("HQ-2026-000003"), "{}", first_day.text);
    let digest = to_manager
        .iter()
        .find(|m| {
            let language: ombudsman_domain::language::Language = m.language.parse().unwrap();
            m.text
                .contains(&ombudsman_notifier::dates::week(language, "2026-W49").unwrap())
        })
        .unwrap_or_else(|| panic!("a digest names its week: {to_manager:#?}"));
    assert!(
        digest.text.contains("HQ-2026-000002") && digest.text.contains("HQ-2026-000003"),
        "{}",
        digest.text
    );
}

#[actix_web::test]
async fn an_officer_with_many_late_items_gets_one_digest_a_day_from_the_running_worker() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    // Staff read their office's language.
    app.sql("UPDATE offices SET default_language = 'ru' WHERE code = 'HQ'")
        .unwrap();
    let manager_token = app.token(Role::Manager, "HQ").await;
    let officer = app.user(Role::CaseOfficer, "HQ");
    let officer_token = app.login(&officer).await;
    let officer_id = app
        .call(Method::GET, "/api/v1/users/me", Some(&officer_token), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ids = Vec::new();
    for i in 1..=6 {
        let r = app
            .call(
                Method::POST,
                "/api/v1/appeals",
                Some(&officer_token),
                Some(json!({
                    "received_on": "2026-11-02", "channel": "letter", "anonymous": true,
                    "region": "tashkent_city", "subject": format!("Case {i}"), "description": "…",
                    "categories": ["social_security"], "respondent_bodies": [], "confidential": false
                })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.body["id"].as_str().unwrap().to_owned();
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/appeals/{id}/assignment"),
                Some(&manager_token),
                Some(json!({"user_id": officer_id})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        ids.push(id);
    }
    let request = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{}/requests", ids[0]),
            Some(&officer_token),
            Some(
                json!({"body_name": "Pension Fund", "subject": "Copy of the calculation",
                        "sent_on": "2026-11-03", "due_on": "2026-11-13"}),
            ),
        )
        .await;
    assert_eq!(request.status, StatusCode::CREATED, "{}", request.text);
    // Today in Tashkent: five appeals are late (by 1 to 5 days), the sixth is due in two days,
    // and the request to the Pension Fund went unanswered past its date.
    let today = (chrono::Utc::now() + chrono::Duration::hours(5)).date_naive();
    let mut updates = String::new();
    for (i, id) in ids.iter().enumerate() {
        let due_on = if i < 5 {
            today - chrono::Duration::days(i as i64 + 1)
        } else {
            today + chrono::Duration::days(2)
        };
        updates.push_str(&format!("UPDATE appeals SET due_on = '{due_on}' WHERE id = '{id}';"));
    }
    updates.push_str(&format!(
        "UPDATE body_requests SET due_on = '{}';",
        today - chrono::Duration::days(3)
    ));
    app.sql(&updates).unwrap();
    app.sql("DELETE FROM outbox").unwrap();

    // The worker as it runs in production, its first scheduling pass at start; the digest hour
    // is midnight so that the test does not depend on the time of day.
    let (stop, stopped) = watch::channel(false);
    let running = app.worker(&sink.url(), |c| {
        c.schedule.enabled = true;
        c.schedule.daily_digest_hour = 0;
    });
    let runner = tokio::spawn(running.run(stopped));
    sink.arrived(1, WAIT).await;
    wait_until("the digest marked sent", || {
        let mut conn = app.pool.get().unwrap();
        let rows = outbox::for_recipient(&mut conn, &officer).unwrap();
        !rows.is_empty() && rows.iter().all(|m| m.status == "sent")
    })
    .await;
    // A second worker started the same day, and more passes of the first: nothing more.
    let second = app.worker(&sink.url(), |c| {
        c.schedule.enabled = true;
        c.schedule.daily_digest_hour = 0;
    });
    let now = chrono::Utc::now();
    for _ in 0..2 {
        assert_eq!(
            second.schedule(now).await.unwrap().daily_digests,
            0,
            "nothing twice a day"
        );
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.send_replace(true);
    runner.await.unwrap();
    let mail: Vec<_> = sink.messages().into_iter().filter(|m| m.to == officer).collect();
    assert_eq!(mail.len(), 1, "one digest, not one mail per item: {mail:#?}");
    let digest = &mail[0];
    assert_eq!(digest.language, "ru");
    assert!(
        digest.subject.starts_with("Напоминание о сроках на"),
        "{}",
        digest.subject
    );
    let text = &digest.text;
    for line in [
        "Просроченные обращения: 5",
        "Обращения, срок ответа по которым скоро истекает: 1",
        "Запросы в государственные органы с просроченным ответом: 1",
        "HQ-2026-000001 — Case 1 — срок",
        "HQ-2026-000005 — Case 5 — срок",
        "просрочено на 5 дней",
        "HQ-2026-000006 — Case 6 — срок",
        "через 2 дня",
        "HQ-2026-000001 — Copy of the calculation — адресат: Pension Fund — срок ответа",
    ] {
        assert!(text.contains(line), "lacks {line:?}:\n{text}");
    }
    // The most overdue first.
    assert!(text.find("HQ-2026-000005 — Case 5").unwrap() < text.find("HQ-2026-000001 — Case 1").unwrap());
    let mut conn = app.pool.get().unwrap();
    let rows = outbox::for_recipient(&mut conn, &officer).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, "staff_daily_digest");
    assert_eq!(
        rows[0].dedupe_key.as_deref(),
        Some(format!("staff_daily_digest:{officer_id}:{today}").as_str())
    );
}

#[actix_web::test]
async fn reminders_queued_one_per_item_before_the_digests_are_still_sent() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    // Rows as the scheduler of earlier versions wrote them.
    let old = [
        (
            "deadline_approaching",
            json!({"number": "HQ-2026-000001", "subject": "Pension", "due_on": "2026-12-02",
                                        "days_left": 2, "full_name": "Aziz Rahimov"}),
        ),
        (
            "appeal_overdue",
            json!({"number": "HQ-2026-000002", "subject": "Housing", "due_on": "2026-11-27",
                                  "days_overdue": 3, "full_name": "Aziz Rahimov"}),
        ),
        (
            "impact_measure_overdue",
            json!({"reference": "HQ-D-2026-0001", "kind": "demand", "addressee": "Pension Fund",
                                          "response_due_on": "2026-11-01", "days_overdue": 29,
                                          "full_name": "Dilnoza Karimova"}),
        ),
        (
            "recommendation_overdue",
            json!({"visit": "HQ-V-2026-0001", "facility": "SIZO No. 1", "text": "Daily walks",
                                          "addressee": "Administration", "status": "open", "due_on": "2026-11-01",
                                          "days_overdue": 29, "full_name": "Dilnoza Karimova"}),
        ),
    ];
    {
        let mut conn = app.pool.get().unwrap();
        app.sql("DELETE FROM outbox").unwrap();
        for (i, (kind, payload)) in old.iter().enumerate() {
            let msg = NewMessage {
                kind: (*kind).into(),
                recipient: format!("staff{i}@example.org"),
                language: Language::Ru,
                payload: payload.clone(),
                dedupe_key: Some(format!("{kind}:{i}")),
            };
            assert!(outbox::enqueue(&mut conn, &msg, "ombudsman.test").unwrap());
        }
    }
    let (stop, stopped) = watch::channel(false);
    let runner = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));
    let mail = sink.arrived(4, WAIT).await;
    wait_until("all sent", || statuses(&app) == vec![("sent".to_owned(), 4)]).await;
    stop.send_replace(true);
    runner.await.unwrap();
    assert_eq!(mail.len(), 4);
    for number in ["HQ-2026-000001", "HQ-2026-000002", "HQ-D-2026-0001", "HQ-V-2026-0001"] {
        assert!(
            mail.iter().any(|m| m.subject.contains(number)),
            "{number}: {:#?}",
            mail.iter().map(|m| &m.subject).collect::<Vec<_>>()
        );
    }
}

#[actix_web::test]
async fn monitors_are_reminded_once_of_overdue_recommendations_still_awaiting_implementation() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let admin = app.token(Role::Admin, "HQ").await;
    let monitor = app.user(Role::Monitor, "HQ");
    let monitor_token = app.login(&monitor).await;
    let monitor_id = app
        .call(Method::GET, "/api/v1/users/me", Some(&monitor_token), None)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let facility = app
        .call(
            Method::POST,
            "/api/v1/facilities",
            Some(&admin),
            Some(
                json!({"name": "SIZO No. 1", "kind": "pre_trial_detention_centre", "region": "tashkent_city",
                        "operating_authority": "Ministry of Internal Affairs"}),
            ),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let visit = |started_on: &str, recommendations: serde_json::Value| {
        json!({"facility_id": facility, "started_on": started_on, "visit_type": "planned",
               "team_user_ids": [monitor_id], "recommendations": recommendations})
    };
    let first = app
        .call(
            Method::POST,
            "/api/v1/visits",
            Some(&monitor_token),
            Some(visit(
                "2026-10-01",
                json!([
                    {"text": "Daily walks", "addressee": "Administration", "due_on": "2026-11-01"},
                    {"text": "Repair the ventilation", "addressee": "Administration", "due_on": "2026-11-01"},
                    {"text": "Reduce occupancy", "addressee": "Administration", "due_on": "2026-12-31"}
                ]),
            )),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let repaired = first.body["recommendations"][1]["id"].as_str().unwrap().to_owned();
    let second = app
        .call(
            Method::POST,
            "/api/v1/visits",
            Some(&monitor_token),
            Some(visit("2026-11-15", json!([]))),
        )
        .await;
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/recommendations/{repaired}/follow-ups"),
            Some(&monitor_token),
            Some(json!({"status": "implemented", "visit_id": second.body["id"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    app.sql("DELETE FROM outbox").unwrap();

    // 30 November 2026: the walks are overdue; the ventilation is done; occupancy is not yet due.
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 4, 0, 0).unwrap();
    let workers: Vec<_> = (0..2)
        .map(|_| app.worker(&sink.url(), |c| c.schedule.enabled = true))
        .collect();
    let passes = futures_util::future::join_all(workers.iter().map(|w| w.schedule(now))).await;
    let queued: usize = passes.into_iter().map(|s| s.unwrap().daily_digests).sum();
    assert_eq!(queued, 1, "one digest across two workers");
    assert_eq!(
        workers[0].schedule(now).await.unwrap().daily_digests,
        0,
        "nothing twice"
    );

    let (stop, stopped) = watch::channel(false);
    let runner = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));
    let mail = sink.arrived(1, WAIT).await;
    stop.send_replace(true);
    runner.await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, monitor);
    let text = &mail[0].text;
    assert!(
        text.contains("HQ-V-2026-0001, SIZO No. 1: Daily walks — adresat: Administration"),
        "{text}"
    );
    assert!(
        !text.contains("Repair the ventilation") && !text.contains("Reduce occupancy"),
        "only what is overdue and not implemented: {text}"
    );
}

#[actix_web::test]
async fn letters_name_the_institution_and_the_contact_details_of_the_office_handling_the_appeal() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let admin = app.token(Role::Admin, "HQ").await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "SMQ", "name": "Samarqand viloyati vakili", "region": "samarkand"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let path = format!("/api/v1/offices/{}", created.body["id"].as_str().unwrap());
    let etag = app
        .call(Method::GET, &path, Some(&admin), None)
        .await
        .header("etag")
        .unwrap();
    let contacts = json!({
        "official_name": "Inson huquqlari boʻyicha vakilning Samarqand viloyatidagi mintaqaviy vakili",
        "address": "140100, Samarqand sh., Registon koʻchasi, 12-uy",
        "phone": "+998 66 233 45 67", "email": "Samarqand@Ombudsman.example", "website": "https://ombudsman.example"
    });

    // If-Match is required; every wrong field is named at once; a field must be named.
    let reply = app
        .call(Method::PATCH, &path, Some(&admin), Some(contacts.clone()))
        .await;
    assert_eq!(reply.status, StatusCode::PRECONDITION_REQUIRED, "{}", reply.text);
    let if_match = [("If-Match", etag.as_str())];
    let bad = json!({"address": "  ", "email": "not an address", "phone": "call the front desk"});
    let reply = app
        .call_with(Method::PATCH, &path, Some(&admin), Some(bad), &if_match)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(
        reply.text.contains("address") && reply.text.contains("email") && reply.text.contains("invalid_phone"),
        "{}",
        reply.text
    );
    let reply = app
        .call_with(Method::PATCH, &path, Some(&admin), Some(json!({})), &if_match)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    let officer = app.token(Role::CaseOfficer, "SMQ").await;
    let reply = app
        .call_with(Method::PATCH, &path, Some(&officer), Some(contacts.clone()), &if_match)
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);

    let reply = app
        .call_with(Method::PATCH, &path, Some(&admin), Some(contacts), &if_match)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["email"], "Samarqand@ombudsman.example");
    assert_eq!(reply.body["phone"], "+998 66 233 45 67");
    let reply = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({"website": null})),
            &if_match,
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PRECONDITION_FAILED,
        "a stale version: {}",
        reply.text
    );
    let etag = app
        .call(Method::GET, &path, Some(&admin), None)
        .await
        .header("etag")
        .unwrap();
    let reply = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&admin),
            Some(json!({"website": null})),
            &[("If-Match", &etag)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(reply.body["website"].is_null(), "{}", reply.text);

    let reply = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
                "received_on": "2025-03-14", "channel": "online_portal",
                "applicant": {"kind": "citizen", "full_name": "Aziz Rahimov",
                              "email": "a.rahimov@example.org", "language": "uz-Latn"},
                "region": "samarkand", "subject": "Pensiya", "description": "Pensiya toʻlanmayapti.",
                "categories": ["social_security"], "respondent_bodies": ["Pensiya jamgʻarmasi"], "confidential": false
            })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);

    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));
    let mail = sink.arrived(3, WAIT).await;
    let ack = mail
        .iter()
        .find(|m| m.to == "a.rahimov@example.org")
        .expect("the acknowledgement");
    for body in [&ack.text, &ack.html] {
        assert!(
            body.contains("Inson huquqlari boʻyicha vakilning Samarqand viloyatidagi mintaqaviy vakili"),
            "{body}"
        );
        assert!(
            body.contains("140100, Samarqand sh., Registon koʻchasi, 12-uy"),
            "{body}"
        );
        assert!(body.contains("Tel.: +998 66 233 45 67"), "{body}");
        assert!(body.contains("E-pochta: Samarqand@ombudsman.example"), "{body}");
        assert!(!body.contains("Veb-sayt"), "a cleared detail is left out: {body}");
    }
    // A letter from the central office, which has no details, names the institution.
    let hq = mail
        .iter()
        .find(|m| m.to.starts_with("admin-"))
        .expect("the admin's welcome");
    assert!(
        hq.text.contains("Oliy Majlis") || hq.text.contains("Олий Мажлис"),
        "{}",
        hq.text
    );
    stop.send_replace(true);
    worker.await.unwrap();
}

#[actix_web::test]
async fn staff_receive_their_mail_in_their_own_language_else_their_offices() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let admin = app.token(Role::Admin, "HQ").await;
    let manager = app.user(Role::Manager, "HQ");
    let manager_token = app.login(&manager).await;
    let languages = |recipient: &str| -> Vec<(String, Language)> {
        let mut conn = app.pool.get().unwrap();
        outbox::for_recipient(&mut conn, recipient)
            .unwrap()
            .into_iter()
            .map(|m| (m.kind, m.language))
            .collect()
    };

    // An officer of the Uzbek-speaking central office who reads Russian.
    let created = app
        .call(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(json!({
                "email": "r.ahmedova@example.org", "full_name": "Рано Ахмедова", "role": "case_officer",
                "office": "HQ", "password": "a long enough password", "language": "ru"
            })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["language"], "ru");
    let officer_id = created.body["id"].as_str().unwrap().to_owned();
    let wrong = app
        .call(
            Method::PATCH,
            &format!("/api/v1/users/{officer_id}"),
            Some(&admin),
            Some(json!({"language": "de"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.text);

    let r = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&manager_token),
            Some(json!({
                "received_on": "2026-11-20", "channel": "letter", "anonymous": true,
                "region": "tashkent_city", "subject": "Pension delayed", "description": "…",
                "categories": ["social_security"], "respondent_bodies": [], "confidential": false
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let appeal = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{appeal}/assignment"),
            Some(&manager_token),
            Some(json!({"user_id": officer_id})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    app.sql(&format!(
        "UPDATE appeals SET due_on = '2026-11-27' WHERE id = '{appeal}'"
    ))
    .unwrap();
    let worker = app.worker(&sink.url(), |c| c.schedule.enabled = true);
    let monday = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 4, 0, 0).unwrap();
    worker.schedule(monday).await.unwrap();

    let officer_mail = languages("r.ahmedova@example.org");
    let kinds: Vec<&str> = officer_mail.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["account_created", "appeal_assigned", "staff_daily_digest"]);
    assert!(officer_mail.iter().all(|(_, l)| *l == Language::Ru), "{officer_mail:?}");
    // The manager chose nothing: the central office's language.
    let manager_mail = languages(&manager);
    assert!(
        manager_mail.iter().any(|(k, _)| k == "weekly_digest"),
        "{manager_mail:?}"
    );
    assert!(
        manager_mail.iter().all(|(_, l)| *l == Language::UzLatn),
        "{manager_mail:?}"
    );

    // Switched to English, the next day's digest is in English.
    let etag = app
        .call(Method::GET, &format!("/api/v1/users/{officer_id}"), Some(&admin), None)
        .await
        .header("etag")
        .unwrap();
    let changed = app
        .call_with(
            Method::PATCH,
            &format!("/api/v1/users/{officer_id}"),
            Some(&admin),
            Some(json!({"language": "en"})),
            &[("If-Match", etag.as_str())],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["language"], "en");
    worker.schedule(monday + chrono::Duration::days(1)).await.unwrap();
    let last = languages("r.ahmedova@example.org").pop().unwrap();
    assert_eq!(last, ("staff_daily_digest".to_owned(), Language::En));
}
