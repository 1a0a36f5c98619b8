//! Set-based reads: the SQL statements a list or a detail page runs do not grow with its rows.
//! Each request's statements are counted on its pooled connections and exported as the
//! histogram `http_db_statements` on `/metrics`; these tests read its sum before and after one
//! request, and compare a page of few rows with a page of many. A query per row makes the
//! second count larger and fails them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The statements counted so far for a route (`method`, route pattern), and the requests.
async fn counted(app: &TestApp, method: &str, route: &str) -> (u64, u64) {
    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    let labels = [format!("method=\"{method}\""), format!("route=\"{route}\"")];
    let value = |series: &str| -> u64 {
        metrics
            .text
            .lines()
            .find(|l| l.starts_with(&format!("{series}{{")) && labels.iter().all(|x| l.contains(x.as_str())))
            .and_then(|l| l.rsplit(' ').next())
            .map(|v| v.parse::<f64>().expect("a number") as u64)
            .unwrap_or(0)
    };
    (value("http_db_statements_sum"), value("http_db_statements_count"))
}

/// GETs `path` (matched by the route pattern `route`) and returns the reply with the number
/// of SQL statements it ran.
async fn statements_of(app: &TestApp, token: &str, path: &str, route: &str) -> (Reply, u64) {
    let (sum_before, count_before) = counted(app, "GET", route).await;
    let reply = app.call(Method::GET, path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.text);
    let (sum_after, count_after) = counted(app, "GET", route).await;
    assert_eq!(count_after, count_before + 1, "GET {path} is counted under {route}");
    let statements = sum_after - sum_before;
    assert!(statements > 0, "GET {path} ran no statement: nothing was counted");
    eprintln!("GET {path}: {statements} statements");
    (reply, statements)
}

fn items(r: &Reply) -> usize {
    r.body["items"].as_array().map_or(0, Vec::len)
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}")).to_owned()
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let r = app.call(Method::POST, path, Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "POST {path}: {}", r.text);
    r.body
}

fn appeal(name: &str, email: &str, subject: &str) -> Value {
    json!({
        "received_on": "2025-03-14", "channel": "online_portal",
        "applicant": {"kind": "citizen", "full_name": name, "email": email, "language": "ru"},
        "region": "tashkent_city", "subject": subject, "description": "Three months.",
        "categories": ["social_security"], "respondent_bodies": ["Pension Fund"], "confidential": false
    })
}

fn measure(appeal_ids: &[&str], n: usize) -> Value {
    json!({"kind": "demand", "addressee": format!("Pension Fund, district {n}"), "issued_on": "2025-04-01",
           "appeal_ids": appeal_ids, "visit_id": null, "summary": "Restore pension payments",
           "response_due_on": "2025-05-01"})
}

#[actix_web::test]
async fn measures_compensation_applicants_and_timelines_read_in_a_fixed_number_of_statements() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;

    // Twelve appeals of one person, two of another.
    let mut many = Vec::new();
    for i in 0..12 {
        let a = created(
            &app,
            &officer,
            "/api/v1/appeals",
            appeal(
                "Dilnoza Karimova",
                "d.karimova@example.org",
                &format!("Pension not paid, month {i}"),
            ),
        )
        .await;
        many.push(a);
    }
    let mut few = Vec::new();
    for i in 0..2 {
        let a = created(
            &app,
            &officer,
            "/api/v1/appeals",
            appeal(
                "Aziz Rahimov",
                "a.rahimov@example.org",
                &format!("Wages not paid, month {i}"),
            ),
        )
        .await;
        few.push(a);
    }
    let many_ids: Vec<String> = many.iter().map(|a| s(&a["id"])).collect();
    let few_ids: Vec<String> = few.iter().map(|a| s(&a["id"])).collect();
    let (busy_person, quiet_person) = (s(&many[0]["applicant"]["id"]), s(&few[0]["applicant"]["id"]));
    assert!(many.iter().all(|a| s(&a["applicant"]["id"]) == busy_person));

    // Twenty measures, each for the last appeal and one other; money recovered through twelve.
    for i in 0..20 {
        let (last, other) = (many_ids[11].as_str(), many_ids[i % 12].as_str());
        let cited: Vec<&str> = if last == other { vec![last] } else { vec![last, other] };
        let m = created(&app, &manager, "/api/v1/impact-measures", measure(&cited, i)).await;
        if i < 12 {
            created(
                &app,
                &officer,
                "/api/v1/compensations",
                json!({"amount_minor": 1000 + i, "currency": "UZS", "kind": "pension", "paid_by": "Pension Fund",
                       "recovered_on": "2025-05-20", "impact_measure_id": m["id"], "applicant_id": busy_person}),
            )
            .await;
        }
    }
    for (i, id) in few_ids.iter().enumerate() {
        let m = created(&app, &manager, "/api/v1/impact-measures", measure(&[id], 100 + i)).await;
        created(
            &app,
            &officer,
            "/api/v1/compensations",
            json!({"amount_minor": 500, "currency": "UZS", "kind": "pension", "paid_by": "Pension Fund",
                   "recovered_on": "2025-05-20", "impact_measure_id": m["id"], "applicant_id": quiet_person}),
        )
        .await;
    }

    // The measure list: a page of 2 and a page of 20, each measure with its appeals and money.
    let route = "/api/v1/impact-measures";
    let (two, at_two) = statements_of(&app, &manager, "/api/v1/impact-measures?limit=2", route).await;
    let (twenty, at_twenty) = statements_of(&app, &manager, "/api/v1/impact-measures?limit=20", route).await;
    assert_eq!((items(&two), items(&twenty)), (2, 20));
    assert!(twenty.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| !m["appeals"].as_array().unwrap().is_empty()));
    assert_eq!(at_two, at_twenty, "the measure list runs a query per measure");

    // One measure reads in as many statements as a page of them, less nothing per row.
    let one_measure = s(&twenty.body["items"][0]["id"]);
    let (_, at_one) = statements_of(
        &app,
        &manager,
        &format!("/api/v1/impact-measures/{one_measure}"),
        "/api/v1/impact-measures/{id}",
    )
    .await;
    assert!(at_one <= at_twenty, "{at_one} statements for one measure");

    // The compensation list.
    let route = "/api/v1/compensations";
    let (two, at_two) = statements_of(&app, &manager, "/api/v1/compensations?limit=2", route).await;
    let (twelve, at_twelve) = statements_of(&app, &manager, "/api/v1/compensations?limit=12", route).await;
    assert_eq!((items(&two), items(&twelve)), (2, 12));
    assert_eq!(at_two, at_twelve, "the compensation list runs a query per record");

    // A person's history: two appeals with two measures, twelve appeals with twenty measures.
    let route = "/api/v1/applicants/{id}";
    let (quiet, at_quiet) = statements_of(&app, &manager, &format!("/api/v1/applicants/{quiet_person}"), route).await;
    let (busy, at_busy) = statements_of(&app, &manager, &format!("/api/v1/applicants/{busy_person}"), route).await;
    assert_eq!(quiet.body["appeals"].as_array().unwrap().len(), 2);
    assert_eq!(quiet.body["impact_measures"].as_array().unwrap().len(), 2);
    assert_eq!(busy.body["appeals"].as_array().unwrap().len(), 12);
    assert_eq!(busy.body["impact_measures"].as_array().unwrap().len(), 20);
    assert_eq!(at_quiet, at_busy, "the applicant's history runs a query per appeal");

    // A timeline: one appeal cited by two measures, one cited by all twenty (both repeat the
    // person's first appeal).
    let route = "/api/v1/appeals/{id}/events";
    let (_, at_two_measures) = statements_of(
        &app,
        &manager,
        &format!("/api/v1/appeals/{}/events", many_ids[1]),
        route,
    )
    .await;
    let (cited, at_twenty_measures) = statements_of(
        &app,
        &manager,
        &format!("/api/v1/appeals/{}/events", many_ids[11]),
        route,
    )
    .await;
    let measure_entries = cited.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["impact_measure_id"].is_string())
        .count();
    // Issuing each measure, and recording money through twelve of them.
    assert_eq!(measure_entries, 32);
    assert_eq!(
        at_two_measures, at_twenty_measures,
        "the timeline runs a query per measure entry"
    );

    // The appeal list and one appeal.
    let route = "/api/v1/appeals";
    let (_, at_two) = statements_of(&app, &manager, "/api/v1/appeals?limit=2", route).await;
    let (fourteen, at_fourteen) = statements_of(&app, &manager, "/api/v1/appeals?limit=14", route).await;
    assert_eq!(items(&fourteen), 14);
    assert_eq!(at_two, at_fourteen, "the appeal list runs a query per appeal");
}

fn visit(facility: &str, team: &[&str], day: &str, recommendations: usize) -> Value {
    let recommendations: Vec<Value> = (0..recommendations)
        .map(|i| json!({"text": format!("Recommendation {i}"), "addressee": "Administration", "due_on": "2025-12-01"}))
        .collect();
    json!({
        "facility_id": facility, "started_on": day, "ended_on": day, "visit_type": "unannounced",
        "team_user_ids": team, "public_group_members": [], "people_interviewed": 3,
        "findings": "Cells clean.", "recommendations": recommendations
    })
}

fn visit_appeal(visit: &str, day: &str, n: usize) -> Value {
    json!({
        "received_on": day, "channel": "monitoring_visit", "visit_id": visit,
        "applicant": {"kind": "citizen", "full_name": format!("Detainee {n}"), "language": "ru"},
        "region": "tashkent_city", "subject": format!("No walks, cell {n}"), "categories": ["prohibition_of_torture"]
    })
}

#[actix_web::test]
async fn visits_facilities_and_recommendations_read_in_a_fixed_number_of_statements() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let monitor = app.token(Role::Monitor, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let me = app.call(Method::GET, "/api/v1/users/me", Some(&monitor), None).await;
    let monitor_id = s(&me.body["id"]);
    let facility = created(
        &app,
        &admin,
        "/api/v1/facilities",
        json!({"name": "Pre-trial detention centre No. 1", "kind": "pre_trial_detention_centre",
               "region": "tashkent_city", "operating_authority": "Ministry of Internal Affairs", "capacity": 900}),
    )
    .await;
    let facility = s(&facility["id"]);

    // A visit with twelve recommendations; two later visits check two and ten of them, and take
    // two and ten appeals.
    let first = created(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(&facility, &[&monitor_id], "2025-02-10", 12),
    )
    .await;
    let recommendations: Vec<String> = first["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| s(&r["id"]))
        .collect();
    let light = created(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(&facility, &[&monitor_id], "2025-03-10", 0),
    )
    .await;
    let heavy = created(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(&facility, &[&monitor_id], "2025-04-10", 0),
    )
    .await;
    let (light, heavy) = (s(&light["id"]), s(&heavy["id"]));
    for (i, r) in recommendations.iter().enumerate() {
        let checking = if i < 2 { &light } else { &heavy };
        created(
            &app,
            &monitor,
            &format!("/api/v1/recommendations/{r}/follow-ups"),
            json!({"status": "implemented", "visit_id": checking, "note": "Seen done"}),
        )
        .await;
    }
    for i in 0..12 {
        let (v, day) = if i < 2 {
            (&light, "2025-03-10")
        } else {
            (&heavy, "2025-04-10")
        };
        created(&app, &monitor, "/api/v1/appeals", visit_appeal(v, day, i)).await;
    }

    let route = "/api/v1/visits/{id}";
    let (light_view, at_light) = statements_of(&app, &manager, &format!("/api/v1/visits/{light}"), route).await;
    let (heavy_view, at_heavy) = statements_of(&app, &manager, &format!("/api/v1/visits/{heavy}"), route).await;
    assert_eq!(light_view.body["checked_recommendations"].as_array().unwrap().len(), 2);
    assert_eq!(heavy_view.body["checked_recommendations"].as_array().unwrap().len(), 10);
    assert_eq!(light_view.body["appeals"].as_array().unwrap().len(), 2);
    assert_eq!(heavy_view.body["appeals"].as_array().unwrap().len(), 10);
    assert_eq!(
        at_light, at_heavy,
        "the visit page runs a query per follow-up or appeal"
    );

    // More visits for the list and the facility's page.
    for day in ["2025-05-10", "2025-06-10", "2025-07-10"] {
        created(
            &app,
            &monitor,
            "/api/v1/visits",
            visit(&facility, &[&monitor_id], day, 1),
        )
        .await;
    }
    let route = "/api/v1/visits";
    let (one, at_one) = statements_of(&app, &manager, "/api/v1/visits?limit=1", route).await;
    let (six, at_six) = statements_of(&app, &manager, "/api/v1/visits?limit=6", route).await;
    assert_eq!((items(&one), items(&six)), (1, 6));
    assert_eq!(at_one, at_six, "the visit list runs a query per visit");

    let route = "/api/v1/recommendations";
    let (two, at_two) = statements_of(&app, &manager, "/api/v1/recommendations?limit=2", route).await;
    let (fifteen, at_fifteen) = statements_of(&app, &manager, "/api/v1/recommendations?limit=15", route).await;
    assert_eq!((items(&two), items(&fifteen)), (2, 15));
    assert_eq!(
        at_two, at_fifteen,
        "the recommendation list runs a query per recommendation"
    );

    // A facility's page: one visit there, six visits here.
    let other = created(
        &app,
        &admin,
        "/api/v1/facilities",
        json!({"name": "Colony No. 7", "kind": "penal_institution", "region": "tashkent_city",
               "operating_authority": "Ministry of Internal Affairs", "capacity": 500}),
    )
    .await;
    let other = s(&other["id"]);
    created(
        &app,
        &monitor,
        "/api/v1/visits",
        visit(&other, &[&monitor_id], "2025-05-12", 1),
    )
    .await;
    let route = "/api/v1/facilities/{id}";
    let (quiet, at_quiet) = statements_of(&app, &manager, &format!("/api/v1/facilities/{other}"), route).await;
    let (busy, at_busy) = statements_of(&app, &manager, &format!("/api/v1/facilities/{facility}"), route).await;
    assert_eq!(quiet.body["visits"].as_array().unwrap().len(), 1);
    assert_eq!(busy.body["visits"].as_array().unwrap().len(), 6);
    assert_eq!(at_quiet, at_busy, "the facility's page runs a query per visit");
}

/// Raw SQL run through `Prepared::run` stays prepared on its connection, parsed once. (The same
/// wrapper through diesel's `execute` would not: diesel asks a reference to the query whether it
/// may be cached, and the reference answers for the `sql_query` inside.)
#[test]
fn raw_statements_run_through_prepared_are_kept_prepared() {
    use diesel::sql_types::BigInt;
    use diesel::RunQueryDsl;
    use ombudsman_db::prepared::Prepared;

    let db = ombudsman_e2e::TestDb::new();
    let mut conn = db.conn();
    for _ in 0..3 {
        Prepared(diesel::sql_query("SELECT pg_advisory_xact_lock($1)").bind::<BigInt, _>(7))
            .run(&mut conn)
            .unwrap();
    }
    let kept: i64 = diesel::select(diesel::dsl::sql::<BigInt>(
        "(SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT pg_advisory_xact_lock($1)')",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(kept, 1, "one prepared statement, run three times");
}
