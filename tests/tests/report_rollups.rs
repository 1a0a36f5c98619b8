//! The report's monthly roll-ups (issue 16) agree with the appeals themselves after every kind of
//! change: registration, closing (late and on time), reopening, a correction, an anonymous and a
//! collective appeal, an applicant's kind and markers changing, a merge of two applicants, a move
//! to another office, an appeal deleted with what hangs on it. After each change the report is
//! computed three ways and must be the same: from every appeal afresh, from the roll-up with the
//! changed months still marked (read from the appeals), and from the roll-up after the worker's
//! refresh. The half-year and a period that cuts months in two are both checked, for every office
//! and for each office alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "reports/fixture.rs"]
mod fixture;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use ombudsman_db::reports::{self, rollup, Source};
use ombudsman_domain::ids::OfficeId;
use ombudsman_domain::report::{HalfYear, Period};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const HQ_ID: &str = "01930000-0000-7000-8000-000000000001";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Every report checked: the half-year and a period cutting months, for each scope.
fn scopes(offices: &[Option<OfficeId>]) -> Vec<(Option<OfficeId>, Period, Option<HalfYear>)> {
    let half = HalfYear::new(2025, 1).unwrap();
    let cut = Period::new(day("2025-01-15"), day("2025-07-14")).unwrap();
    let mut all = Vec::new();
    for office in offices {
        all.push((*office, half.period(), Some(half)));
        all.push((*office, cut, None));
    }
    all
}

/// The three ways agree for every scope; `what` names the change in a failure.
fn agree(app: &TestApp, offices: &[Option<OfficeId>], what: &str) {
    let mut conn = app.db.conn();
    let as_of = day("2025-07-01");
    let live: Vec<Value> = scopes(offices)
        .into_iter()
        .map(|(office, period, half)| {
            let r = reports::report_from(&mut conn, office, period, half, as_of, Source::Appeals).unwrap();
            serde_json::to_value(r).unwrap()
        })
        .collect();
    let check = |conn: &mut PgConnection, stage: &str| {
        for ((office, period, half), expected) in scopes(offices).into_iter().zip(&live) {
            let r = reports::report_from(conn, office, period, half, as_of, Source::Rollup).unwrap();
            let got = serde_json::to_value(r).unwrap();
            let mut diff = Vec::new();
            differences(&got, expected, "", &mut diff);
            assert!(
                diff.is_empty(),
                "{what}, {stage}: the report of {office:?} for {period:?} differs from the appeals' at\n{}",
                diff.join("\n")
            );
        }
    };
    check(&mut conn, "before the refresh");
    rollup::refresh(&mut conn).unwrap();
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM appeal_rollup_dirty"), 0);
    check(&mut conn, "after the refresh");
}

/// Where two JSON documents differ: one line per path, with both values.
fn differences(got: &Value, expected: &Value, path: &str, out: &mut Vec<String>) {
    match (got, expected) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let (x, y) = (a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null));
                differences(x, y, &format!("{path}.{key}"), out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{path}[{i}]"), out);
            }
        }
        _ if got != expected => out.push(format!("{path}: roll-up {got}, appeals {expected}")),
        _ => {}
    }
}

async fn call(app: &TestApp, token: &str, method: Method, path: &str, body: Value) -> Reply {
    let reply = app.call(method, path, Some(token), Some(body)).await;
    assert!(reply.status.is_success(), "{path}: {} {}", reply.status, reply.text);
    reply
}

fn appeal(received_on: &str, email: &str) -> Value {
    json!({
        "received_on": received_on,
        "channel": "letter",
        "applicant": {"kind": "citizen", "full_name": "Dilnoza Karimova", "email": email,
                      "language": "uz-Latn", "vulnerabilities": ["disability"]},
        "region": "tashkent_city",
        "subject": "Pensiya toʻlanmayapti",
        "description": "Pensiya uch oydan beri toʻlanmayapti.",
        "categories": ["social_security", "labour"],
        "respondent_bodies": ["Pension Fund", "Pension fund"]
    })
}

#[actix_web::test]
async fn the_roll_up_and_the_appeals_agree_after_every_kind_of_change() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let created = call(
        &app,
        &admin,
        Method::POST,
        "/api/v1/offices",
        json!({"code": "SAM", "name": "Samarkand regional office", "region": "samarkand"}),
    )
    .await;
    let sam = created.body["id"].as_str().unwrap().to_owned();
    let hq = OfficeId(HQ_ID.parse().unwrap());
    let sam_id = OfficeId(sam.parse().unwrap());
    let offices = [None, Some(hq), Some(sam_id)];
    let data = fixture::generate(
        BTreeMap::from([("HQ".to_owned(), HQ_ID.to_owned()), ("SAM".to_owned(), sam.clone())]),
        20_251_201,
    );
    fixture::insert(&app, &data);
    // The generated rows take numbers of 2025 the counters do not know of.
    app.sql(
        "INSERT INTO registration_counters (office_id, series, year, last_value) \
         SELECT office_id, 'appeal', year, max(seq) FROM appeals GROUP BY office_id, year \
         ON CONFLICT (office_id, series, year) DO UPDATE SET last_value = EXCLUDED.last_value",
    )
    .unwrap();
    let mut conn = app.db.conn();
    assert!(count(&mut conn, "SELECT count(*) AS n FROM appeal_rollup_dirty") > 0);
    agree(&app, &offices, "the generated rows");
    assert!(count(&mut conn, "SELECT count(*) AS n FROM appeal_rollup") > 100);

    // Registered; accepted; closed late (its date is long past); reopened.
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let first = call(
        &app,
        &officer,
        Method::POST,
        "/api/v1/appeals",
        appeal("2025-03-14", "a@example.org"),
    )
    .await;
    let id = first.body["id"].as_str().unwrap().to_owned();
    agree(&app, &offices, "a registration");
    let transitions = format!("/api/v1/appeals/{id}/transitions");
    call(&app, &officer, Method::POST, &transitions, json!({"action": "accept"})).await;
    agree(&app, &offices, "an acceptance (nothing counted changes)");
    call(
        &app,
        &officer,
        Method::POST,
        &transitions,
        json!({"action": "close", "outcome": "satisfied"}),
    )
    .await;
    agree(&app, &offices, "a closing");
    call(
        &app,
        &manager,
        Method::POST,
        &transitions,
        json!({"action": "reopen", "note": "New documents"}),
    )
    .await;
    agree(&app, &offices, "a reopening");

    // A correction of what is counted: categories, bodies and region.
    let path = format!("/api/v1/appeals/{id}");
    let current = app.call(Method::GET, &path, Some(&officer), None).await;
    let etag = current.header("etag").unwrap();
    let corrected = app
        .call_with(
            Method::PATCH,
            &path,
            Some(&officer),
            Some(
                json!({"categories": ["housing"], "respondent_bodies": ["Tashkent city khokimiyat"],
                        "region": "samarkand"}),
            ),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.text);
    agree(&app, &offices, "a correction");

    // Anonymous and collective appeals, in the office of Samarkand, one in a cut month.
    let sam_officer = app.token(Role::CaseOfficer, "SAM").await;
    let mut anonymous = appeal("2025-01-20", "unused@example.org");
    anonymous.as_object_mut().unwrap().remove("applicant");
    anonymous["anonymous"] = json!(true);
    call(&app, &sam_officer, Method::POST, "/api/v1/appeals", anonymous).await;
    let mut collective = appeal("2025-06-30", "group@example.org");
    collective["signatories"] = json!(40);
    call(&app, &sam_officer, Method::POST, "/api/v1/appeals", collective).await;
    agree(&app, &offices, "an anonymous and a collective appeal");

    // The applicant's kind and markers change: every appeal of theirs moves with them.
    let second = call(
        &app,
        &officer,
        Method::POST,
        "/api/v1/appeals",
        appeal("2025-05-02", "b@example.org"),
    )
    .await;
    let applicant = second.body["applicant"]["id"].as_str().unwrap().to_owned();
    app.sql(&format!(
        "UPDATE applicants SET kind = 'organization', vulnerabilities = '{{child,disability}}' WHERE id = '{applicant}'"
    ))
    .unwrap();
    agree(&app, &offices, "an applicant's kind and markers");

    // Two records of one person merged: the appeals of the one merged away change applicant.
    let gone = first.body["applicant"]["id"].as_str().unwrap().to_owned();
    let merged = app
        .call(
            Method::POST,
            &format!("/api/v1/applicants/{gone}/merges"),
            Some(&manager),
            Some(json!({"into": applicant, "reason": "The same passport in both files"})),
        )
        .await;
    if merged.status.is_success() {
        agree(&app, &offices, "a merge of two applicants");
    } else {
        // The merge's own rules (tested in people.rs) may refuse these two; the roll-up then
        // sees the same change made directly.
        app.sql(&format!(
            "UPDATE appeals SET applicant_id = '{applicant}' WHERE applicant_id = '{gone}'"
        ))
        .unwrap();
        agree(&app, &offices, "appeals moved to another applicant");
    }

    // Moved to the other office, and received on another day (a data fix); a referral of the
    // appeal to a partner moves with it (the report counts referrals by the office on the referral).
    app.sql(&format!(
        "INSERT INTO partners (id, name, country, agreement, agreement_from) \
         VALUES ('00000000-0000-7000-8000-00000000b001', 'Partner ombudsman', 'KZ', 'Memorandum', '2020-01-01'); \
         INSERT INTO referrals (id, appeal_id, partner_id, direction, referred_on) \
         VALUES ('00000000-0000-7000-8000-00000000b002', '{id}', '00000000-0000-7000-8000-00000000b001', \
                 'outgoing', '2025-04-02')"
    ))
    .unwrap();
    let referral_office = |conn: &mut PgConnection| {
        count(
            conn,
            &format!(
                "SELECT count(*) AS n FROM referrals WHERE appeal_id = '{id}' AND office_id = \
                 (SELECT office_id FROM appeals WHERE id = '{id}')"
            ),
        )
    };
    assert_eq!(
        referral_office(&mut conn),
        1,
        "a new referral takes its appeal's office"
    );
    app.sql(&format!(
        "UPDATE appeals SET office_id = '{sam}', received_on = '2025-02-27' WHERE id = '{id}'"
    ))
    .unwrap();
    assert_eq!(referral_office(&mut conn), 1, "the referral moved with its appeal");
    agree(&app, &offices, "a move to another office and month");

    // Deleted with everything that hangs on it (a cascade over its events and pauses).
    let victim = second.body["id"].as_str().unwrap().to_owned();
    let mut conn = app.db.conn();
    conn.transaction(|c| {
        for table in [
            "appeal_events",
            "attachments",
            "body_requests",
            "impact_measure_appeals",
            "referrals",
            "applicant_requests",
            "appeal_consents",
        ] {
            diesel::sql_query(format!("DELETE FROM {table} WHERE appeal_id = '{victim}'")).execute(c)?;
        }
        diesel::sql_query(format!("DELETE FROM appeals WHERE id = '{victim}'")).execute(c)
    })
    .unwrap();
    agree(&app, &offices, "a deletion");

    // And a generated appeal of 2024 (the previous period) closed by SQL.
    app.sql(
        "UPDATE appeals SET status = 'closed', outcome = 'rejected', closed_on = received_on + 3 \
         WHERE id = (SELECT id FROM appeals WHERE received_on BETWEEN '2024-02-01' AND '2024-02-28' \
                     AND status <> 'closed' ORDER BY id LIMIT 1)",
    )
    .unwrap();
    agree(&app, &offices, "a closing a year earlier");
}

#[actix_web::test]
async fn a_refresh_keeps_the_marks_of_changes_it_has_not_seen() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    call(
        &app,
        &officer,
        Method::POST,
        "/api/v1/appeals",
        appeal("2025-03-14", "a@example.org"),
    )
    .await;
    let mut conn = app.db.conn();
    // A registration that has not committed when the refresh runs: its mark stays.
    let mut open = app.db.conn();
    open.batch_execute("BEGIN").unwrap();
    open.batch_execute(&format!(
        "INSERT INTO appeal_rollup_dirty (office_id, month) VALUES ('{HQ_ID}', '2025-04-01')"
    ))
    .unwrap();
    assert_eq!(rollup::refresh(&mut conn).unwrap(), 1);
    open.batch_execute("COMMIT").unwrap();
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM appeal_rollup_dirty"), 1);
    assert_eq!(rollup::refresh(&mut conn).unwrap(), 1);
    assert_eq!(rollup::refresh(&mut conn).unwrap(), 0);
    // The registration is in the roll-up.
    assert_eq!(
        count(
            &mut conn,
            "SELECT sum(n)::int8 AS n FROM appeal_rollup WHERE month = '2025-03-01' AND dim = 'received'"
        ),
        1
    );
}
