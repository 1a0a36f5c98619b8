//! Finding a case by what an officer knows: part of the number, the applicant's name in either
//! script, the phone in any formatting, the e-mail — and never a protected person by who they are.

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn appeal(name: &str, email: &str, phone: &str, subject: &str, protected: bool) -> Value {
    json!({
        "received_on": "2025-03-14",
        "channel": "letter",
        "applicant": {"kind": "citizen", "full_name": name, "email": email, "phone": phone,
                      "language": "uz-Latn", "citizenship": "UZ"},
        "region": "tashkent_city",
        "subject": subject,
        "description": "Ariza matni.",
        "categories": ["social_security"],
        "reprisal_risk": protected
    })
}

async fn numbers(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let path = format!("/api/v1/appeals?q={}", url_escape(q));
    let reply = app.call(Method::GET, &path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.text);
    let mut found: Vec<String> = reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["number"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    found
}

fn url_escape(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn an_officer_finds_a_case_by_number_name_phone_or_email_but_never_a_protected_person_by_who_they_are() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let mut registered = Vec::new();
    for body in [
        appeal(
            "Дилноза Каримова",
            "d.karimova@example.org",
            "+998 90 123-45-67",
            "Pensiya",
            false,
        ),
        appeal("Aziz Rahimov", "aziz@example.org", "+998 91 765 43 21", "Uy-joy", false),
        appeal(
            "Nodira Yusupova",
            "nodira@example.org",
            "+998 93 555 11 22",
            "Tergov hibsxonasi",
            true,
        ),
    ] {
        let r = app
            .call(Method::POST, "/api/v1/appeals", Some(&officer), Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        registered.push(r.body["number"].as_str().unwrap().to_owned());
    }
    let [karimova, rahimov, yusupova] = [&registered[0], &registered[1], &registered[2]];

    // The number, whole or in part.
    assert_eq!(numbers(&app, &officer, karimova).await, vec![karimova.clone()]);
    let tail = &rahimov[rahimov.len() - 6..];
    assert_eq!(numbers(&app, &officer, tail).await, vec![rahimov.clone()]);
    // The name, written in the other script.
    assert_eq!(
        numbers(&app, &officer, "Dilnoza Karimova").await,
        vec![karimova.clone()]
    );
    assert_eq!(numbers(&app, &officer, "Раҳимов").await, vec![rahimov.clone()]);
    // The phone in another formatting, and the e-mail.
    assert_eq!(numbers(&app, &officer, "901234567").await, vec![karimova.clone()]);
    assert_eq!(numbers(&app, &officer, "(91) 765-43-21").await, vec![rahimov.clone()]);
    assert_eq!(numbers(&app, &officer, "AZIZ@example.org").await, vec![rahimov.clone()]);
    // Subject words still work.
    assert_eq!(numbers(&app, &officer, "pensiya").await, vec![karimova.clone()]);

    // A person at reprisal risk is found by number and subject, never by name, phone or e-mail —
    // not even by the officer who registered the appeal (the list does not say why a row matched).
    assert_eq!(numbers(&app, &officer, yusupova).await, vec![yusupova.clone()]);
    assert_eq!(numbers(&app, &officer, "hibsxonasi").await, vec![yusupova.clone()]);
    for who in ["Nodira Yusupova", "Юсупова", "935551122", "nodira@example.org"] {
        assert!(
            numbers(&app, &officer, who).await.is_empty(),
            "{who} finds a protected person"
        );
    }
    // A later, unprotected appeal under the same name is its own record (registration does not
    // match a person whose identity is withheld): it is found by name, the protected one still
    // is not.
    let again = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(appeal(
                "Nodira Yusupova",
                "nodira@example.org",
                "+998 93 555 11 22",
                "Pensiya",
                false,
            )),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    let later = again.body["number"].as_str().unwrap().to_owned();
    assert_eq!(numbers(&app, &officer, "Yusupova").await, vec![later]);
}

/// An appeal of a named applicant, received on `received_on`.
fn received(name: &str, email: &str, phone: &str, subject: &str, on: &str, protected: bool) -> Value {
    let mut body = appeal(name, email, phone, subject, protected);
    body["received_on"] = json!(on);
    body
}

/// Registers an appeal; returns its id and number.
async fn register(app: &TestApp, token: &str, body: Value) -> (String, String) {
    let r = app.call(Method::POST, "/api/v1/appeals", Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    (
        r.body["id"].as_str().unwrap().to_owned(),
        r.body["number"].as_str().unwrap().to_owned(),
    )
}

/// The numbers of one page in the order listed, and the next cursor.
async fn page(app: &TestApp, token: &str, query: &str) -> (Vec<String>, Option<String>) {
    let r = app
        .call(Method::GET, &format!("/api/v1/appeals?{query}"), Some(token), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
    let items = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["number"].as_str().unwrap().to_owned())
        .collect();
    (items, r.body["next_cursor"].as_str().map(str::to_owned))
}

/// Every page of a list of `limit` rows, in order.
async fn every_page(app: &TestApp, token: &str, query: &str, limit: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let mut path = format!("{query}&limit={limit}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (items, next) = page(app, token, &path).await;
        assert!(items.len() <= limit, "{path}: {items:?}");
        if next.is_some() {
            assert_eq!(items.len(), limit, "a page before the last is full: {path}");
        }
        all.extend(items);
        match next {
            None => return all,
            Some(next) => cursor = Some(next),
        }
    }
    panic!("{query}: the pages never end");
}

/// The list in one page and in pages of every small size: the same rows in the same order,
/// none twice, none left out.
async fn same_in_pages(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let (whole, next) = page(app, token, &format!("{query}&limit=200")).await;
    assert_eq!(next, None);
    for limit in 1..=3 {
        assert_eq!(
            every_page(app, token, query, limit).await,
            whole,
            "{query} in pages of {limit}"
        );
    }
    whole
}

fn field_errors(reply: &ombudsman_e2e::Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .map(|e| e.iter().map(|e| e["field"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_search_lists_the_best_matches_first_and_never_ranks_a_protected_person_by_who_they_are() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    // Two appeals of one person found by name, received the same day (their order: id).
    let (_, karimova) = register(
        &app,
        &officer,
        received(
            "Dilnoza Karimova",
            "d.karimova@example.org",
            "+998 90 123-45-67",
            "Pensiya",
            "2025-03-01",
            false,
        ),
    )
    .await;
    let (_, karimova_again) = register(
        &app,
        &officer,
        received(
            "Dilnoza Karimova",
            "d.karimova@example.org",
            "+998 90 123-45-67",
            "Nafaqa",
            "2025-03-01",
            false,
        ),
    )
    .await;
    // Someone else's appeal that mentions her in its subject: a text match.
    let (_, mentions) = register(
        &app,
        &officer,
        received(
            "Aziz Rahimov",
            "aziz@example.org",
            "+998 91 765 43 21",
            "Karimova haqida",
            "2025-03-10",
            false,
        ),
    )
    .await;
    // A person at reprisal risk with the same name, received later than all of them, whose
    // subject also names her: found by the subject, ranked by the subject alone.
    let (_, protected_mention) = register(
        &app,
        &officer,
        received(
            "Dilnoza Karimova",
            "dk@example.org",
            "+998 97 000 11 22",
            "Karimova ishi",
            "2025-03-20",
            true,
        ),
    )
    .await;
    // A person at reprisal risk whose name alone would match: neither found nor ranked.
    let (_, protected) = register(
        &app,
        &officer,
        received(
            "Nodira Karimova",
            "nk@example.org",
            "+998 93 555 11 22",
            "Tergov",
            "2025-03-25",
            true,
        ),
    )
    .await;
    // An appeal whose subject cites the first one's number, received after it.
    let (_, cites) = register(
        &app,
        &officer,
        received(
            "Aziz Rahimov",
            "aziz@example.org",
            "+998 91 765 43 21",
            &format!("{karimova} bo'yicha"),
            "2025-03-28",
            false,
        ),
    )
    .await;

    let by_name = same_in_pages(&app, &officer, "q=Karimova").await;
    assert_eq!(
        by_name,
        vec![
            karimova_again.clone(),
            karimova.clone(),
            protected_mention.clone(),
            mentions.clone()
        ],
        "the name first (ties: the later id first), then the text, newest first"
    );
    assert!(
        !by_name.contains(&protected),
        "a protected person is found by their name"
    );
    // In Cyrillic, the same order.
    assert_eq!(
        page(&app, &officer, "q=%D0%9A%D0%B0%D1%80%D0%B8%D0%BC%D0%BE%D0%B2%D0%B0")
            .await
            .0,
        by_name
    );
    // Her whole name and the other person's name in the text: only she matches.
    assert_eq!(
        page(&app, &officer, "q=Nodira%20Karimova").await.0,
        Vec::<String>::new(),
        "the protected person's whole name finds nothing"
    );
    for who in ["nk%40example.org", "935551122", "%2B998%2093%20555%2011%2022"] {
        assert!(page(&app, &officer, &format!("q={who}")).await.0.is_empty(), "{who}");
    }
    // Asked for, the order of receipt replaces the ranking.
    assert_eq!(
        same_in_pages(&app, &officer, "q=Karimova&sort=received_on").await,
        vec![
            protected_mention.clone(),
            mentions.clone(),
            karimova_again.clone(),
            karimova.clone()
        ]
    );

    // The whole number before the text that cites it, although that was received later.
    assert_eq!(
        same_in_pages(&app, &officer, &format!("q={karimova}")).await,
        vec![karimova.clone(), cites.clone()]
    );
    // The whole phone number before part of another one.
    let (_, longer_phone) = register(
        &app,
        &officer,
        received(
            "Bobur Toshev",
            "bobur@example.org",
            "+998 90 123 45 678",
            "Ish haqi",
            "2025-04-01",
            false,
        ),
    )
    .await;
    assert_eq!(
        same_in_pages(&app, &officer, "q=90%20123%2045%2067").await,
        vec![karimova_again.clone(), karimova.clone(), longer_phone]
    );
    // The e-mail.
    assert_eq!(
        page(&app, &officer, "q=D.Karimova%40example.org").await.0,
        vec![karimova_again, karimova]
    );
}

#[actix_web::test]
async fn the_worklist_lists_the_earliest_due_first_across_pages_and_filters_what_falls_due() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let today = ombudsman_domain::office::tashkent_date(chrono::Utc::now());
    let day = |offset: i64| today + chrono::Duration::days(offset);
    let mut cases: Vec<(String, String)> = Vec::new();
    // Due dates relative to today: overdue, today, soon, later; twice the same day.
    for (i, offset) in [-3i64, 0, 5, 5, 6, 10, 2, -1, 1].into_iter().enumerate() {
        let (id, number) = register(
            &app,
            &officer,
            received(
                &format!(
                    "Applicant {}",
                    ["Alpha", "Beta", "Gamma", "Delta", "Eps", "Zeta", "Eta", "Theta", "Iota"][i]
                ),
                &format!("a{i}@example.org"),
                &format!("+998 90 000 00 0{i}"),
                "Ish haqi",
                &day(-40).to_string(),
                false,
            ),
        )
        .await;
        app.sql(&format!(
            "UPDATE appeals SET due_on = '{}' WHERE id = '{id}'",
            day(offset)
        ))
        .unwrap();
        cases.push((id, number));
    }
    let number = |i: usize| cases[i].1.clone();
    // Paused: one past its due date (never overdue), one due in two days; and one closed.
    for (i, body) in [
        (7, json!({"action": "pause"})),
        (6, json!({"action": "pause"})),
        (8, json!({"action": "close", "outcome": "withdrawn"})),
    ] {
        let path = format!("/api/v1/appeals/{}/transitions", cases[i].0);
        let r = app.call(Method::POST, &path, Some(&officer), Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    // Pausing and closing keep the stored due date.
    for i in [6, 7, 8] {
        let offset = [2, -1, 1][i - 6];
        app.sql(&format!(
            "UPDATE appeals SET due_on = '{}' WHERE id = '{}'",
            day(offset),
            cases[i].0
        ))
        .unwrap();
    }

    // Earliest due first; the two due the same day by id (registration order here).
    let worklist = same_in_pages(&app, &officer, "sort=due_on").await;
    let mut expected: Vec<(i64, String, usize)> = [-3i64, 0, 5, 5, 6, 10, 2, -1, 1]
        .into_iter()
        .enumerate()
        .map(|(i, offset)| (offset, cases[i].0.clone(), i))
        .collect();
    expected.sort();
    assert_eq!(
        worklist,
        expected.iter().map(|(_, _, i)| number(*i)).collect::<Vec<_>>()
    );
    assert_eq!(&worklist[..2], &[number(0), number(7)]);
    // The same order with a search (a sort asked for wins over the ranking).
    assert_eq!(
        same_in_pages(&app, &officer, "q=ish%20haqi&sort=due_on").await,
        worklist
    );

    let due = |n: i64| {
        let app = &app;
        let officer = officer.clone();
        async move {
            let mut found = same_in_pages(app, &officer, &format!("due_within={n}&sort=due_on")).await;
            found.sort();
            found
        }
    };
    let numbers_of = |idx: &[usize]| {
        let mut v: Vec<String> = idx.iter().map(|i| number(*i)).collect();
        v.sort();
        v
    };
    // Overdue (0) and due today (1) at any N; the paused one past its date (7) and the closed
    // one (8) never.
    assert_eq!(due(0).await, numbers_of(&[0, 1]));
    assert_eq!(due(1).await, numbers_of(&[0, 1]));
    assert_eq!(
        due(2).await,
        numbers_of(&[0, 1, 6]),
        "a paused appeal keeps its due date"
    );
    assert_eq!(due(4).await, numbers_of(&[0, 1, 6]));
    assert_eq!(due(5).await, numbers_of(&[0, 1, 6, 2, 3]), "the last day is included");
    assert_eq!(due(366).await, numbers_of(&[0, 1, 6, 2, 3, 4, 5]));
    // With the other filters.
    assert_eq!(
        same_in_pages(&app, &officer, "due_within=366&overdue=true").await,
        vec![number(0)]
    );
}

#[actix_web::test]
async fn wrong_orders_windows_and_cursors_are_named_and_others_appeals_stay_out_of_sight() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let office = app
        .call(
            Method::POST,
            "/api/v1/offices",
            Some(&admin),
            Some(json!({"code": "SAM", "name": "SAM office", "region": "samarkand"})),
        )
        .await;
    assert_eq!(office.status, StatusCode::CREATED, "{}", office.text);
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let today = ombudsman_domain::office::tashkent_date(chrono::Utc::now()).to_string();
    let (_, open) = register(
        &app,
        &officer,
        received(
            "Dilnoza Karimova",
            "d.karimova@example.org",
            "+998 90 123-45-67",
            "Pensiya",
            &today,
            false,
        ),
    )
    .await;
    let mut confidential = received(
        "Aziz Rahimov",
        "aziz@example.org",
        "+998 91 765 43 21",
        "Pensiya",
        &today,
        false,
    );
    confidential["confidential"] = json!(true);
    let (_, secret) = register(&app, &officer, confidential).await;

    for (query, field) in [
        ("sort=due", "sort"),
        ("sort=DUE_ON", "sort"),
        ("sort=", "sort"),
        ("sort=relevance&q=pensiya", "sort"),
        ("due_within=367", "due_within"),
        ("due_within=-1", "due_within"),
        ("due_within=1.5", "due_within"),
        ("due_within=soon", "due_within"),
        ("due_within=99999999999999999999", "due_within"),
        ("sort=due_on&cursor=nonsense", "cursor"),
        ("q=pensiya&cursor=AAAA", "cursor"),
        ("q=pensiya&cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B", "cursor"),
    ] {
        let r = app
            .call(Method::GET, &format!("/api/v1/appeals?{query}"), Some(&officer), None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.text);
        assert_eq!(field_errors(&r), vec![field.to_owned()], "{query}: {}", r.text);
    }
    // A cursor of the right shape is a position, whatever it says: never an error.
    for cursor in [
        "_".repeat(32),
        "A".repeat(32),
        format!("f{}", "A".repeat(31)),
        format!("AAAAAAAAB{}", "A".repeat(23)),
    ] {
        for query in ["sort=due_on", "q=pensiya", "q=pensiya&sort=received_on", "due_within=3"] {
            let path = format!("/api/v1/appeals?{query}&cursor={cursor}");
            let r = app.call(Method::GET, &path, Some(&officer), None).await;
            assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
        }
    }

    // The registering officer sees both (whoever registers a confidential appeal is assigned it).
    let mut both = vec![open.clone(), secret.clone()];
    both.sort();
    for query in ["q=pensiya", "sort=due_on", "due_within=366"] {
        let mut found = page(&app, &officer, query).await.0;
        found.sort();
        assert_eq!(found, both, "{query}");
    }
    // Another officer of the office: not the confidential one, by any of these.
    let colleague = app.token(Role::CaseOfficer, "HQ").await;
    // Another office, a monitor with nothing assigned: nothing.
    let elsewhere = app.token(Role::CaseOfficer, "SAM").await;
    let manager_elsewhere = app.token(Role::Manager, "SAM").await;
    let monitor = app.token(Role::Monitor, "HQ").await;
    for query in [
        "q=pensiya",
        "q=Karimova",
        "q=Rahimov",
        &format!("q={secret}"),
        "sort=due_on",
        "due_within=366",
        "due_within=0&sort=due_on&q=pensiya",
    ] {
        let seen = page(&app, &colleague, query).await.0;
        assert!(!seen.contains(&secret), "{query}: {seen:?}");
        for token in [&elsewhere, &manager_elsewhere, &monitor] {
            assert!(page(&app, token, query).await.0.is_empty(), "{query}");
        }
    }
    // Administrators see no appeal, whatever they ask.
    for query in ["sort=due_on", "due_within=3", "q=pensiya"] {
        let r = app
            .call(Method::GET, &format!("/api/v1/appeals?{query}"), Some(&admin), None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{query}: {}", r.text);
    }
}

#[actix_web::test]
async fn names_stored_before_folding_existed_are_folded_at_start_and_found() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CaseOfficer, "HQ").await;
    let (_, first) = register(
        &app,
        &token,
        appeal(
            "Дилноза Каримова",
            "dk@example.org",
            "+998 90 111-22-33",
            "Pension",
            false,
        ),
    )
    .await;
    let (_, second) = register(
        &app,
        &token,
        appeal(
            "Rustam Nazarov",
            "rn@example.org",
            "+998 90 444-55-66",
            "Housing",
            false,
        ),
    )
    .await;
    // As a database from before the folded name: nothing is found by name.
    app.sql("UPDATE applicants SET search_name = NULL").unwrap();
    assert!(numbers(&app, &token, "karimova").await.is_empty());
    let filled = {
        let mut conn = app.pool.get().unwrap();
        ombudsman_db::applicants::fill_search_names(&mut conn).unwrap()
    };
    assert_eq!(filled, 2);
    assert_eq!(numbers(&app, &token, "karimova").await, std::slice::from_ref(&first));
    assert_eq!(numbers(&app, &token, "Каримова").await, [first]);
    assert_eq!(numbers(&app, &token, "nazarov").await, [second]);
}

/// The numbers `query` (over `appeals a`, ordered or not) lists, newest received first, by SQL.
fn by_sql(app: &TestApp, from_where: &str) -> Vec<String> {
    use diesel::RunQueryDsl;
    let mut conn = app.pool.get().unwrap();
    let all: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(&format!(
        "(SELECT coalesce(string_agg(a.number, ',' ORDER BY a.received_on DESC, a.id DESC), '') {from_where})"
    )))
    .get_result(&mut conn)
    .unwrap();
    all.split(',').filter(|n| !n.is_empty()).map(str::to_owned).collect()
}

#[actix_web::test]
async fn common_and_rare_words_and_names_list_the_same_rows_in_the_same_order_past_the_window() {
    let app = TestApp::spawn().await;
    let token = app.token(Role::CaseOfficer, "HQ").await;
    // Three old appeals about pensions, by a woman whose name holds "aziz"; a protected appeal
    // by a man named Aziz, about housing: never to be found by his name.
    for (i, day) in ["2025-01-10", "2025-01-11", "2025-01-12"].iter().enumerate() {
        register(
            &app,
            &token,
            received(
                "Zarina Azizova",
                &format!("za{i}@example.org"),
                &format!("+998 90 100-00-0{i}"),
                "Pensiya to'lanmadi",
                day,
                false,
            ),
        )
        .await;
    }
    let (_, protected) = register(
        &app,
        &token,
        received(
            "Aziz Himoyalangan",
            "ah@example.org",
            "+998 90 200-00-00",
            "Uy-joy",
            "2025-01-13",
            true,
        ),
    )
    .await;
    let (template, _) = register(
        &app,
        &token,
        received(
            "Template Person",
            "tp@example.org",
            "+998 90 300-00-00",
            "Umumiy",
            "2025-01-14",
            false,
        ),
    )
    .await;
    // 6,000 newer appeals (more than the window a search reads in list order): every one
    // about "umumiy", six (received late, in the window) also about "pensiya"; the first 1,100 by applicants
    // whose names hold "aziz" (more than a name search reads through its applicants' index).
    app.sql(&format!(
        "CREATE TEMP TABLE many_applicants AS SELECT p.* FROM applicants p, generate_series(1, 1100) g \
           WHERE p.id = (SELECT applicant_id FROM appeals WHERE id = '{template}');
         UPDATE many_applicants SET id = gen_random_uuid(), email = NULL, phone = NULL, phone_digits = NULL;
         UPDATE many_applicants m SET full_name = 'Aziz Test ' || n.rn, search_name = 'aziz test ' || n.rn
           FROM (SELECT id, row_number() OVER () AS rn FROM many_applicants) n WHERE m.id = n.id;
         INSERT INTO applicants SELECT * FROM many_applicants;
         CREATE TEMP TABLE many AS SELECT a.* FROM appeals a, generate_series(1, 6000) g WHERE a.id = '{template}';
         UPDATE many SET id = gen_random_uuid();
         UPDATE many m SET seq = 100000 + n.rn, number = 'HQ-2025-' || (100000 + n.rn),
             received_on = date '2025-03-01' + (n.rn % 100)::int,
             access_code_hash = sha256(m.id::text::bytea),
             search_text = CASE WHEN n.rn % 997 = 0 THEN 'umumiy pensiya' ELSE 'umumiy' END
           FROM (SELECT id, row_number() OVER () AS rn FROM many) n WHERE m.id = n.id;
         UPDATE many m SET applicant_id = p.id
           FROM (SELECT id, row_number() OVER () AS rn FROM many) n,
                (SELECT id, row_number() OVER () AS rn FROM many_applicants) p
          WHERE m.id = n.id AND n.rn = p.rn;
         INSERT INTO appeals SELECT * FROM many;
         ANALYZE appeals; ANALYZE applicants;"
    ))
    .unwrap();

    // A rare word: six in the window, three older than it.
    let pensiya = by_sql(&app, "FROM appeals a WHERE a.search_text LIKE '%pensiya%'");
    assert_eq!(pensiya.len(), 9, "{pensiya:?}");
    assert_eq!(every_page(&app, &token, "q=pensiya", 2).await, pensiya);
    assert_eq!(every_page(&app, &token, "q=pensiya", 50).await, pensiya);
    // A word in every row: the newest first, page after page.
    let umumiy = by_sql(&app, "FROM appeals a WHERE a.search_text LIKE '%umumiy%'");
    let (first, next) = page(&app, &token, "q=umumiy&limit=50").await;
    assert_eq!(first, umumiy[..50]);
    let (second, _) = page(&app, &token, &format!("q=umumiy&limit=50&cursor={}", next.unwrap())).await;
    assert_eq!(second, umumiy[50..100]);
    // A common name part: the appeals of every applicant so named, newest first, except the
    // protected one, whose appeal is not about "aziz" at all.
    let aziz = by_sql(
        &app,
        "FROM appeals a JOIN applicants p ON p.id = a.applicant_id WHERE p.search_name LIKE '%aziz%' \
         AND NOT EXISTS (SELECT 1 FROM appeals x WHERE x.applicant_id = p.id AND (x.confidential OR x.reprisal_risk))",
    );
    assert_eq!(aziz.len(), 1103, "1,100 named Aziz Test, 3 by Zarina Azizova");
    let listed = every_page(&app, &token, "q=aziz", 50).await;
    assert!(!listed.contains(&protected));
    assert_eq!(listed, aziz);
    // Three name parts: intersected among the applicants.
    let aziz_test_77 = by_sql(
        &app,
        "FROM appeals a JOIN applicants p ON p.id = a.applicant_id WHERE p.search_name LIKE '%aziz%' \
         AND p.search_name LIKE '%test%' AND p.search_name LIKE '%77%'",
    );
    assert_eq!(aziz_test_77.len(), 20, "Test 77, 177, …, 977, 770–779 and 1077");
    assert_eq!(every_page(&app, &token, "q=aziz+test+77", 50).await, aziz_test_77);
}
