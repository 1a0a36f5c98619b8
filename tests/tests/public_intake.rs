//! Citizens' public intake through the API: a named appeal waits as a draft until its e-mail is
//! confirmed, then is registered in the office of its region; anonymous appeals are registered
//! at once; the robots' field, the limits per client address and per e-mail, and the expiry of
//! drafts with their files; the applicant's page, the office's requests and the replies.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    text: String,
}

fn count(app: &TestApp, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(&mut app.db.conn())
        .expect("count")
        .n
}

fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<Row>(&mut app.db.conn())
        .expect("rows")
        .into_iter()
        .map(|r| r.text)
        .collect()
}

/// A named appeal in Uzbek Cyrillic from Samarkand.
fn named(email: &str) -> Value {
    json!({
        "full_name": "Дилноза Каримова", "email": email, "phone": "+998 90 123 45 67",
        "language": "uz-Cyrl", "region": "samarkand", "subject": "Пенсия тўланмаяпти",
        "description": "Уч ойдан бери пенсия тўланмаяпти.", "categories": ["social_security"],
        "consent": true
    })
}

/// The Samarkand office, routed to take its region's online appeals.
async fn samarkand(app: &TestApp, admin: &str) {
    app.routed_office(admin, "SAM", "Samarqand viloyati vakili", "samarkand")
        .await;
}

async fn submit(app: &TestApp, body: Value, forwarded_for: Option<&str>) -> Reply {
    let headers: Vec<(&str, &str)> = forwarded_for.map(|f| ("x-forwarded-for", f)).into_iter().collect();
    app.call_with(Method::POST, "/api/v1/public/appeals", None, Some(body), &headers)
        .await
}

/// The confirmation e-mail queued for `email`: (language, link, code).
fn confirmation(app: &TestApp, email: &str) -> (String, String, String) {
    let rows = texts(
        app,
        &format!(
            "SELECT language || ' ' || (payload->>'link') || ' ' || (payload->>'code') AS text FROM outbox \
             WHERE kind = 'draft_confirmation' AND recipient = '{email}' ORDER BY created_at DESC"
        ),
    );
    let row = rows.first().expect("a confirmation e-mail");
    let parts: Vec<&str> = row.split(' ').collect();
    (parts[0].to_owned(), parts[1].to_owned(), parts[2].to_owned())
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).expect("a token in the link").to_owned()
}

async fn upload(app: &TestApp, path: &str, content_type: &str, bytes: &'static [u8]) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .expect("upload")
}

const PDF: &[u8] = ombudsman_e2e::SMALL_PDF;

async fn confirm(app: &TestApp, token: &str) -> Reply {
    app.call(
        Method::POST,
        "/api/v1/public/confirmations",
        None,
        Some(json!({"token": token})),
    )
    .await
}

#[actix_web::test]
async fn an_appeal_filed_online_is_registered_in_its_regions_office_only_once_its_email_is_confirmed() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    samarkand(&app, &admin).await;
    let officer = app.token(Role::CaseOfficer, "SAM").await;

    let filed = submit(&app, named("d.karimova@example.org"), None).await;
    assert_eq!(filed.status, StatusCode::ACCEPTED, "{}", filed.text);
    assert_eq!(filed.body["status"], "confirmation_sent");
    assert!(filed.body.get("number").is_none(), "no number before the confirmation");
    // Nothing is registered yet.
    assert_eq!(count(&app, "SELECT count(*) AS n FROM appeals"), 0);
    let (language, link, code) = confirmation(&app, "d.karimova@example.org");
    assert_eq!(language, "uz-Cyrl");
    assert!(
        link.starts_with("http://ombudsman.test/appeal/confirm?lang=uz-Cyrl&token="),
        "{link}"
    );
    assert_eq!(code.len(), 10);

    // A file added to the draft with its upload token; a file that is not what it claims is refused.
    let token = filed.body["upload_token"].as_str().unwrap();
    let added = upload(
        &app,
        &format!("/api/v1/public/drafts/files?upload_token={token}&filename=ariza.pdf"),
        "application/pdf",
        PDF,
    )
    .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let fake = upload(
        &app,
        &format!("/api/v1/public/drafts/files?upload_token={token}&filename=x.pdf"),
        "application/pdf",
        b"MZ\x90\0",
    )
    .await;
    assert_eq!(fake.status(), StatusCode::BAD_REQUEST);
    let exe = upload(
        &app,
        &format!("/api/v1/public/drafts/files?upload_token={token}&filename=x.exe"),
        "application/x-msdownload",
        b"MZ\x90\0",
    )
    .await;
    assert_eq!(exe.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let stranger = upload(
        &app,
        "/api/v1/public/drafts/files?upload_token=nope&filename=a.pdf",
        "application/pdf",
        PDF,
    )
    .await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);

    let registered = confirm(&app, &token_of(&link)).await;
    assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.text);
    let number = registered.body["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("SAM-"), "{number}");
    assert_eq!(registered.body["access_code"].as_str().unwrap().len(), 10);
    // The link works once; the code of the same draft is spent with it.
    assert_eq!(confirm(&app, &token_of(&link)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(confirm(&app, &code).await.status, StatusCode::NOT_FOUND);

    // The officers of the region's office see it, unassigned, online, with its file.
    let list = app
        .call(Method::GET, "/api/v1/appeals?sort=due_on", Some(&officer), None)
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", list.text);
    let appeal = &items[0];
    assert_eq!(appeal["number"], number.as_str());
    assert_eq!(appeal["channel"], "online_portal");
    assert!(appeal["assigned_to"].is_null());
    let id = appeal["id"].as_str().unwrap();
    let files = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/attachments"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(files.body["items"][0]["filename"], "ariza.pdf", "{}", files.text);
    // The consent given is kept with the appeal; the acknowledgement is queued in Uzbek Cyrillic.
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM appeal_consents WHERE appeal_id = '{id}' AND consent_version = '2026-12-01'"
            )
        ),
        1
    );
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM outbox WHERE kind = 'appeal_registered' AND language = 'uz-Cyrl' AND recipient = 'd.karimova@example.org'"),
        1
    );
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 0);

    // The short code from the e-mail confirms a second draft, typed in lower case.
    let again = submit(&app, named("d.karimova@example.org"), None).await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    let (_, _, code) = confirmation(&app, "d.karimova@example.org");
    let second = confirm(&app, &format!(" {} ", code.to_lowercase())).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    // Same person, same confirmed e-mail and name: one applicant.
    assert_eq!(count(&app, "SELECT count(*) AS n FROM applicants"), 1);
}

#[actix_web::test]
async fn anonymous_appeals_are_registered_at_once_counted_as_anonymous_and_go_to_the_central_office_without_a_route() {
    let app = TestApp::spawn().await;
    let body = json!({"anonymous": true, "language": "ru", "region": "navoi", "subject": "Пытки в ИВС",
                      "description": "Без подписи.", "consent": true});
    let r = submit(&app, body, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.body["number"].as_str().unwrap().starts_with("HQ-"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM appeals WHERE anonymous AND applicant_id IS NULL AND channel = 'online_portal'"
        ),
        1
    );
    // A name or a reply channel is not anonymous; consent is required.
    let named_anonymous = json!({"anonymous": true, "email": "a@example.org", "language": "ru", "region": "navoi",
                                 "subject": "s", "consent": false});
    let refused = submit(&app, named_anonymous, None).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"email") && fields.contains(&"consent"), "{fields:?}");
}

#[actix_web::test]
async fn a_filled_hidden_field_looks_accepted_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let mut body = named("robot@example.org");
    body["website"] = json!("http://spam.example");
    let r = submit(&app, body, None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.body["status"], "confirmation_sent");
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 0);
    assert_eq!(count(&app, "SELECT count(*) AS n FROM outbox"), 0);
}

#[actix_web::test]
async fn a_burst_from_one_address_registers_nothing_beyond_the_limit_and_each_email_has_its_own() {
    let app = TestApp::spawn_with(|state| {
        state.settings.trusted_proxies = ombudsman_api::client::TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await;
    // The harness allows 5 submissions an hour per address and 3 a day per e-mail. A burst of
    // 1,000 from one address, 20 at a time:
    use futures_util::StreamExt;
    let replies: Vec<Reply> = futures_util::stream::iter(0..1000)
        .map(|i| submit(&app, named(&format!("burst{i}@example.org")), Some("198.51.100.7")))
        .buffer_unordered(20)
        .collect()
        .await;
    let accepted = replies.iter().filter(|r| r.status == StatusCode::ACCEPTED).count();
    let refused: Vec<&Reply> = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(accepted, 5);
    assert_eq!(refused.len(), 995, "every other answer is a 429");
    let wait: u64 = refused[0].header("retry-after").unwrap().parse().unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 5);
    // Even confirmed, nothing beyond the limit exists to register.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM outbox WHERE kind = 'draft_confirmation'"
        ),
        5
    );
    // Another address is not held up by the first.
    let other = submit(&app, named("other@example.org"), Some("198.51.100.8")).await;
    assert_eq!(other.status, StatusCode::ACCEPTED);
    // One e-mail from many addresses: 3 a day.
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(
            submit(&app, named("same@example.org"), Some(&format!("203.0.113.{i}")))
                .await
                .status,
        );
    }
    assert_eq!(
        statuses,
        vec![
            StatusCode::ACCEPTED,
            StatusCode::ACCEPTED,
            StatusCode::ACCEPTED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[actix_web::test]
async fn unconfirmed_drafts_expire_after_a_day_with_their_files() {
    let store_dir = std::env::temp_dir().join(format!("omb-drafts-{}", uuid::Uuid::now_v7().simple()));
    let dir = store_dir.clone();
    let app = TestApp::spawn_with(move |state| {
        state.attachments = ombudsman_api::AttachmentStore::local(&dir, 64 * 1024).unwrap();
    })
    .await;
    let filed = submit(&app, named("late@example.org"), None).await;
    let token = filed.body["upload_token"].as_str().unwrap();
    let added = upload(
        &app,
        &format!("/api/v1/public/drafts/files?upload_token={token}&filename=a.pdf"),
        "application/pdf",
        PDF,
    )
    .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let files = || walk(&store_dir.join("drafts"));
    assert_eq!(files(), 1);
    let store = ombudsman_api::AttachmentStore::local(&store_dir, 64 * 1024).unwrap();
    // 23 hours on, the draft is still there.
    let swept = ombudsman_api::drafts::sweep_expired(&app.pool, &store, Utc::now() + Duration::hours(23))
        .await
        .unwrap();
    assert_eq!(swept, 0);
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 1);
    // 25 hours on, it is gone with its file, and its link opens nothing.
    let swept = ombudsman_api::drafts::sweep_expired(&app.pool, &store, Utc::now() + Duration::hours(25))
        .await
        .unwrap();
    assert_eq!(swept, 1);
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 0);
    assert_eq!(count(&app, "SELECT count(*) AS n FROM draft_attachments"), 0);
    assert_eq!(files(), 0);
    let (_, link, _) = confirmation(&app, "late@example.org");
    assert_eq!(confirm(&app, &token_of(&link)).await.status, StatusCode::NOT_FOUND);
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path)
            } else {
                1
            }
        })
        .sum()
}

#[actix_web::test]
async fn the_applicant_answers_the_offices_request_on_their_page_which_runs_the_clock_and_tells_the_officer() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    samarkand(&app, &admin).await;
    let manager = app.token(Role::Manager, "SAM").await;
    let officer_email = app.user(Role::CaseOfficer, "SAM");
    let officer = app.login(&officer_email).await;
    submit(&app, named("page@example.org"), None).await;
    let (_, link, _) = confirmation(&app, "page@example.org");
    let registered = confirm(&app, &token_of(&link)).await.body;
    let (number, code) = (
        registered["number"].as_str().unwrap(),
        registered["access_code"].as_str().unwrap(),
    );
    let list = app.call(Method::GET, "/api/v1/appeals", Some(&officer), None).await;
    let id = list.body["items"][0]["id"].as_str().unwrap().to_owned();
    let me = app.call(Method::GET, "/api/v1/users/me", Some(&officer), None).await;
    let assigned = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/assignment"),
            Some(&manager),
            Some(json!({"user_id": me.body["id"]})),
        )
        .await;
    assert!(assigned.status.is_success(), "{}", assigned.text);

    // The office asks for a document and stops the clock while it waits.
    let asked = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/applicant-requests"),
            Some(&officer),
            Some(json!({"text": "Пенсия гувоҳномасининг нусхасини юборинг."})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM outbox WHERE kind = 'applicant_requested' AND recipient = 'page@example.org'"
        ),
        1
    );
    let paused = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/transitions"),
            Some(&officer),
            Some(json!({"action": "pause", "note": "internal: waiting"})),
        )
        .await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text);

    // The page: status in the language asked for, the request, and no staff or internal notes.
    let page = app
        .call(
            Method::GET,
            &format!("/api/v1/public/appeals/{number}?access_code={code}&lang=uz-Cyrl"),
            None,
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.body["waiting_for_applicant"], true);
    assert_eq!(
        page.body["requests"][0]["text"],
        "Пенсия гувоҳномасининг нусхасини юборинг."
    );
    assert_eq!(page.body["requests"][0]["answered"], false);
    assert!(
        page.body["status_label"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('а'..='я').contains(&c)),
        "{}",
        page.text
    );
    assert!(
        !page.text.contains(&officer_email)
            && !page.text.contains("Test case_officer")
            && !page.text.contains("internal"),
        "{}",
        page.text
    );

    // A wrong number and a wrong code get the same 404.
    let wrong_code = app
        .call(
            Method::GET,
            &format!("/api/v1/public/appeals/{number}?access_code=AAAAAAAAAA"),
            None,
            None,
        )
        .await;
    let wrong_number = app
        .call(
            Method::GET,
            &format!("/api/v1/public/appeals/SAM-2020-000009?access_code={code}"),
            None,
            None,
        )
        .await;
    assert_eq!(wrong_code.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong_code.body, wrong_number.body);
    let reply_path = |n: &str| format!("/api/v1/public/appeals/{n}/replies");
    let bad_code = app
        .call(
            Method::POST,
            &reply_path(number),
            None,
            Some(json!({"access_code": "AAAAAAAAAA", "text": "x"})),
        )
        .await;
    let bad_number = app
        .call(
            Method::POST,
            &reply_path("SAM-2020-000009"),
            None,
            Some(json!({"access_code": code, "text": "x"})),
        )
        .await;
    assert_eq!(bad_code.status, StatusCode::NOT_FOUND);
    assert_eq!(bad_code.body, bad_number.body);

    // The reply answers the request, runs the clock again and tells the officer.
    let replied = app
        .call(
            Method::POST,
            &reply_path(number),
            None,
            Some(json!({"access_code": code, "text": "Нусхасини илова қиляпман."})),
        )
        .await;
    assert_eq!(replied.status, StatusCode::CREATED, "{}", replied.text);
    let reply_id = replied.body["id"].as_str().unwrap();
    let file = upload(
        &app,
        &format!("/api/v1/public/appeals/{number}/replies/{reply_id}/files?access_code={code}&filename=guvohnoma.pdf"),
        "application/pdf",
        PDF,
    )
    .await;
    assert_eq!(file.status(), StatusCode::CREATED);
    let after = app
        .call(
            Method::GET,
            &format!("/api/v1/public/appeals/{number}?access_code={code}"),
            None,
            None,
        )
        .await;
    assert_eq!(after.body["waiting_for_applicant"], false);
    assert_eq!(after.body["requests"][0]["answered"], true);
    assert_eq!(after.body["replies"][0]["text"], "Нусхасини илова қиляпман.");
    let appeal = app
        .call(Method::GET, &format!("/api/v1/appeals/{id}"), Some(&officer), None)
        .await;
    assert_eq!(appeal.body["paused"], false, "{}", appeal.text);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM outbox WHERE kind = 'applicant_replied' AND recipient = '{officer_email}'"
            )
        ),
        1
    );
    let files = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/attachments"),
            Some(&officer),
            None,
        )
        .await;
    assert!(files.text.contains("guvohnoma.pdf"), "{}", files.text);
}

/// A `multipart/form-data` body of text fields and one file, as a browser sends it.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----omb-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((filename, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{filename}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[actix_web::test]
async fn the_html_form_is_localized_accessible_escaped_and_files_an_appeal_with_a_pdf() {
    let app = TestApp::spawn().await;
    let get = |path: &'static str, accept: &'static str| {
        let client = app.client.clone();
        let base = app.address.clone();
        async move {
            client
                .get(format!("{base}{path}"))
                .header("accept-language", accept)
                .send()
                .await
                .unwrap()
        }
    };
    let form = get("/appeal?lang=uz-Cyrl", "en").await;
    assert_eq!(form.status(), StatusCode::OK);
    let csp = form.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        csp.contains("form-action 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    let html = form.text().await.unwrap();
    assert!(html.contains("<html lang=\"uz-Cyrl\">"), "{html}");
    assert!(
        html.contains("<label for=\"full_name\">Тўлиқ исмингиз *</label>"),
        "{html}"
    );
    assert!(!html.contains("<script"), "no JavaScript");
    let russian = get("/appeal", "ru-RU,ru;q=0.9").await.text().await.unwrap();
    assert!(russian.contains("<html lang=\"ru\">"));

    let post = |fields: Vec<(&'static str, &'static str)>,
                file: Option<(&'static str, &'static str, &'static [u8])>| {
        let client = app.client.clone();
        let base = app.address.clone();
        async move {
            let (content_type, body) = multipart(&fields, file);
            client
                .post(format!("{base}/appeal?lang=en"))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    // Errors next to their fields, and what was typed shown again, escaped.
    let refused = post(
        vec![("subject", "<script>alert(1)</script>"), ("region", "samarkand")],
        None,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"consent-error\"") && html.contains("id=\"full_name-error\""),
        "{html}"
    );
    assert!(
        html.contains("aria-invalid=\"true\" aria-describedby=\"email-error\""),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"),
        "{html}"
    );
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 0);

    let filed = post(
        vec![
            ("full_name", "Dilnoza Karimova"),
            ("email", "form@example.org"),
            ("region", "samarkand"),
            ("subject", "Pensiya"),
            ("description", "Uch oydan beri.\r\nIkkinchi qator."),
            ("categories", "social_security"),
            ("categories", "health"),
            ("consent", "1"),
            ("website", ""),
        ],
        Some(("ariza.pdf", "application/pdf", PDF)),
    )
    .await;
    assert_eq!(filed.status(), StatusCode::OK);
    assert!(filed.text().await.unwrap().contains("Check your e-mail"));
    assert_eq!(count(&app, "SELECT count(*) AS n FROM draft_attachments"), 1);
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM public_drafts WHERE description = E'Uch oydan beri.\\nIkkinchi qator.' AND cardinality(categories) = 2"),
        1
    );
    // A file that is not what it claims is an error of the files field; nothing is kept.
    let fake = post(
        vec![
            ("full_name", "A B"),
            ("email", "fake@example.org"),
            ("region", "navoi"),
            ("subject", "s"),
            ("consent", "1"),
        ],
        Some(("x.pdf", "application/pdf", b"MZ\x90\0")),
    )
    .await;
    assert_eq!(fake.status(), StatusCode::BAD_REQUEST);
    assert!(fake.text().await.unwrap().contains("id=\"files-error\""));
    assert_eq!(count(&app, "SELECT count(*) AS n FROM public_drafts"), 1);
}

#[actix_web::test]
async fn a_reply_on_an_appeal_nobody_is_assigned_goes_to_the_offices_managers_in_their_language() {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    samarkand(&app, &admin).await;
    let manager = app.user(Role::Manager, "SAM");
    app.sql(&format!("UPDATE users SET language = 'ru' WHERE email = '{manager}'"))
        .unwrap();
    let officer = app.user(Role::CaseOfficer, "SAM");
    submit(&app, named("unassigned@example.org"), None).await;
    let (_, link, _) = confirmation(&app, "unassigned@example.org");
    let registered = confirm(&app, &token_of(&link)).await.body;
    let (number, code) = (
        registered["number"].as_str().unwrap(),
        registered["access_code"].as_str().unwrap(),
    );
    let replied = app
        .call(
            Method::POST,
            &format!("/api/v1/public/appeals/{number}/replies"),
            None,
            Some(json!({"access_code": code, "text": "Qo'shimcha ma'lumot."})),
        )
        .await;
    assert_eq!(replied.status, StatusCode::CREATED, "{}", replied.text);
    let to = |who: &str| {
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM outbox WHERE kind = 'applicant_replied' AND recipient = '{who}' \
                 AND language = 'ru'"
            ),
        )
    };
    assert_eq!(to(&manager), 1, "the manager learns of the reply, in Russian");
    assert_eq!(to(&officer), 0, "an officer not assigned is not told");
}
