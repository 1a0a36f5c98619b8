//! The audit trail, migrations, and the operational endpoints.

use diesel::{Connection, PgConnection, RunQueryDsl};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{TestApp, TestDb};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// One audited write in detail (request ids, actor, diff) and the trail's immutability; that
/// every write of the document is audited is checked route by route in `policy.rs`.
#[actix_web::test]
async fn every_write_is_audited_and_the_trail_cannot_be_changed() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let office = app
        .call_with(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "NAM", "name": "Namangan regional office", "region": "namangan"})),
            &[("x-request-id", "req-audit-1")],
        )
        .await;
    assert_eq!(office.status, StatusCode::CREATED);
    // The server makes the request id; the client's own is kept in a field of its own.
    let request_id = office.header("x-request-id").unwrap();
    assert_ne!(request_id, "req-audit-1");
    assert!(uuid::Uuid::parse_str(&request_id).is_ok(), "{request_id}");
    let id = office.body["id"].as_str().unwrap();

    let trail = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?entity_type=office&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.text);
    let event = &trail.body["items"][0];
    assert_eq!(event["action"], "office.create");
    assert_eq!(event["request_id"], request_id.as_str());
    assert_eq!(event["client_request_id"], "req-audit-1");
    assert_eq!(event["diff"]["code"], "NAM");
    assert!(event["actor_id"].is_string() && event["occurred_at"].is_string());

    // An auditor reads the trail; a case officer may not.
    let auditor = app.token(Role::Auditor, "HQ").await;
    let all = app
        .call(Method::GET, "/api/v1/audit-events?limit=2", Some(&auditor), None)
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let next = all.body["next_cursor"].as_str().unwrap();
    let page2 = app
        .call(
            Method::GET,
            &format!("/api/v1/audit-events?limit=2&cursor={next}"),
            Some(&auditor),
            None,
        )
        .await;
    assert_ne!(page2.body["items"][0]["id"], all.body["items"][0]["id"]);
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    assert_eq!(
        app.call(Method::GET, "/api/v1/audit-events", Some(&officer), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The database itself refuses to change or remove audit rows.
    for sql in [
        "UPDATE audit_events SET action = 'forged'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ] {
        let err = app.sql(sql).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[actix_web::test]
async fn creating_a_user_queues_a_welcome_email_in_the_same_transaction() {
    let app = TestApp::spawn().await;
    let email = app.user(Role::CaseOfficer, "HQ");
    let mut conn = app.pool.get().unwrap();
    let queued = ombudsman_db::outbox::for_recipient(&mut conn, &email).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, "account_created");
    assert_eq!(queued[0].status, "pending");
    assert!(queued[0].message_id.ends_with("@ombudsman.test>"));
}

#[actix_web::test]
async fn operational_endpoints_answer() {
    let app = TestApp::spawn().await;
    let health = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["pending_migrations"], 0);
    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics
            .text
            .contains("http_requests_total{method=\"GET\",route=\"/readyz\",status=\"200\"} 1"),
        "{}",
        metrics.text
    );
    assert!(metrics.text.contains("outbox_messages{status=\"pending\"}"));
    let spec = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(spec.status, StatusCode::OK);
    for path in [
        "/auth/login",
        "/auth/refresh",
        "/offices",
        "/users",
        "/users/me",
        "/users/{id}",
        "/audit-events",
    ] {
        assert!(
            spec.body["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    let docs = app.call(Method::GET, "/docs/swagger-initializer.js", None, None).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(
        docs.text.contains("/api/openapi.json"),
        "docs page does not load the spec"
    );
}

#[actix_web::test]
async fn readiness_fails_when_the_database_is_gone() {
    let db = TestDb::new();
    let pool = ombudsman_db::pool("postgres://postgres@127.0.0.1:1/nowhere", 2);
    drop(db);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    actix_web::rt::spawn(ombudsman_api::server(listener, ombudsman_e2e::state(pool), 1).unwrap());
    let client = reqwest::Client::new();
    let ready = client.get(format!("{address}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        client.get(format!("{address}/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let login = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"email": "a@example.org", "password": "whatever-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = login.json().await.unwrap();
    assert!(
        !body.to_string().contains("127.0.0.1:1"),
        "the problem leaks connection details: {body}"
    );
}

#[test]
fn migrations_go_up_down_and_up_again() {
    let db = TestDb::new();
    let mut conn = PgConnection::establish(&db.url).unwrap();
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let tables = |conn: &mut PgConnection| {
        diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'")
            .get_result::<N>(conn)
            .unwrap()
            .n
    };
    let up = tables(&mut conn);
    assert!(up >= 6);
    assert!(ombudsman_db::revert_all(&mut conn).unwrap() >= 1);
    assert_eq!(tables(&mut conn), 0);
    assert!(ombudsman_db::pending_migrations(&mut conn).unwrap() >= 1);
    ombudsman_db::migrate(&mut conn).unwrap();
    assert_eq!(tables(&mut conn), up);
    assert_eq!(ombudsman_db::pending_migrations(&mut conn).unwrap(), 0);
    let hq = ombudsman_db::offices::find_by_code(&mut conn, "HQ").unwrap();
    assert!(hq.is_central);
}

/// Ends every other connection to the test database, as a restart of PostgreSQL does, and waits
/// until they are gone; returns how many there were.
fn terminate_connections(db: &TestDb) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.conn();
    let others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    let ended = diesel::sql_query(format!("SELECT count(pg_terminate_backend(pid)) AS n {others}"))
        .get_result::<N>(&mut conn)
        .unwrap()
        .n;
    for _ in 0..100 {
        let left = diesel::sql_query(format!("SELECT count(*) AS n {others}"))
            .get_result::<N>(&mut conn)
            .unwrap()
            .n;
        if left == 0 {
            return ended;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the terminated connections did not go away");
}

/// The API tests no pooled connection with a `SELECT 1` before using it: a connection that died
/// in the pool is found by the failure of the request's first statement, replaced, and the
/// statement run again. So a restart of the database (every pooled connection ended at once)
/// costs no failed request: neither for callers with a token (authenticated reads and writes,
/// several at once, so that several dead connections are checked out together) nor for the
/// routes without one.
#[actix_web::test]
async fn a_database_restart_costs_no_failed_request() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let email = app.user(Role::CaseOfficer, "HQ");
    let body = |n: usize| {
        json!({
            "received_on": "2025-03-14", "channel": "letter", "region": "tashkent_city",
            "applicant": {"kind": "citizen", "full_name": format!("Restart Person {n}"),
                          "email": format!("restart.{n}@example.org"), "language": "uz-Latn"},
            "subject": "Pensiya", "categories": ["social_security"]
        })
    };
    let first = app
        .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(body(0)))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let path = format!("/api/v1/appeals/{}", first.body["id"].as_str().unwrap());
    let number = first.body["number"].as_str().unwrap().to_owned();
    let code = first.body["access_code"].as_str().unwrap().to_owned();

    for round in 1..=2 {
        // Fill the pool with several connections, then end them all.
        let reads = (0..8).map(|_| app.call(Method::GET, &path, Some(&officer), None));
        for r in futures_util::future::join_all(reads).await {
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        }
        let ended = terminate_connections(&app.db);
        assert!(ended >= 2, "round {round}: only {ended} pooled connections to end");

        // Every pooled connection is now dead: reads and writes at once, each on one of them.
        let reads = (0..6).map(|_| app.call(Method::GET, &path, Some(&officer), None));
        let writes = (0..2).map(|n| {
            app.call(
                Method::POST,
                "/api/v1/appeals",
                Some(&officer),
                Some(body(round * 10 + n)),
            )
        });
        let (reads, writes) = futures_util::future::join(
            futures_util::future::join_all(reads),
            futures_util::future::join_all(writes),
        )
        .await;
        for r in reads {
            assert_eq!(r.status, StatusCode::OK, "round {round}, read: {}", r.text);
        }
        for w in writes {
            assert_eq!(w.status, StatusCode::CREATED, "round {round}, write: {}", w.text);
        }

        // And the routes without a token.
        terminate_connections(&app.db);
        let ready = app.call(Method::GET, "/readyz", None, None).await;
        assert_eq!(ready.status, StatusCode::OK, "round {round}, readyz: {}", ready.text);
        terminate_connections(&app.db);
        let lookup = app
            .call(
                Method::GET,
                &format!("/api/v1/public/appeals/{number}?access_code={code}"),
                None,
                None,
            )
            .await;
        assert_eq!(lookup.status, StatusCode::OK, "round {round}, lookup: {}", lookup.text);
        terminate_connections(&app.db);
        let login = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"email": email, "password": ombudsman_e2e::PASSWORD})),
            )
            .await;
        assert_eq!(login.status, StatusCode::OK, "round {round}, login: {}", login.text);
    }
}
