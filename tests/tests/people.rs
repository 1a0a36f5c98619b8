//! People matched as people are: the same name in Latin and Cyrillic with the same phone is one
//! applicant; a shared e-mail under another name is a new applicant flagged as a possible
//! duplicate, never merged silently; new contact details are kept in the applicant's history.
//! Matching happens only among applicants the caller may see.

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn register(app: &TestApp, token: &str, applicant: Value, subject: &str) -> Value {
    let reply = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(token),
            Some(json!({
                "received_on": "2025-03-14", "channel": "letter", "region": "samarkand",
                "applicant": applicant, "subject": subject, "categories": ["housing"]})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body
}

async fn history(app: &TestApp, token: &str, applicant: &str) -> Value {
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/applicants/{applicant}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body
}

async fn offices(app: &TestApp) {
    let admin = app.token(Role::Admin, "HQ").await;
    for (code, region) in [("SAM", "samarkand"), ("FER", "fergana")] {
        let reply = app
            .call(
                Method::POST,
                "/api/v1/offices",
                Some(&admin),
                Some(json!({"code": code, "name": format!("{code} office"), "region": region})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
}

fn applicant_of(appeal: &Value) -> String {
    appeal["applicant"]["id"]
        .as_str()
        .expect("the applicant is shown")
        .to_owned()
}

#[actix_web::test]
async fn one_person_in_two_scripts_is_one_applicant_and_new_contacts_are_kept() {
    let app = TestApp::spawn().await;
    offices(&app).await;
    let officer = app.token(Role::CaseOfficer, "SAM").await;

    let latin = register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Dilnoza Karimova", "phone": "+998 90 123 45 67",
               "language": "uz-Latn"}),
        "Uy-joy masalasi",
    )
    .await;
    let cyrillic = register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Дилноза Каримова", "phone": "998 (90) 123-45-67",
               "email": "dilnoza@example.org", "language": "uz-Cyrl"}),
        "Уй-жой масаласи",
    )
    .await;
    let person = applicant_of(&latin);
    assert_eq!(applicant_of(&cyrillic), person, "the same person in either script");
    assert_eq!(
        cyrillic["repeat_of"], latin["id"],
        "the second appeal on the same matter is a repeat of the first"
    );

    // The name on record stays; the new e-mail becomes the one on record; what was given is kept.
    let seen = history(&app, &officer, &person).await;
    assert_eq!(seen["applicant"]["full_name"], "Dilnoza Karimova", "{seen}");
    assert_eq!(seen["applicant"]["email"], "dilnoza@example.org", "{seen}");
    let contacts = seen["contact_history"].as_array().expect("a contact history");
    assert_eq!(contacts.len(), 1, "{seen}");
    assert_eq!(contacts[0]["full_name"], "Дилноза Каримова");
    assert_eq!(contacts[0]["appeal_id"], cyrillic["id"]);
    assert_eq!(seen["appeals"].as_array().map(Vec::len), Some(2), "{seen}");

    // The same details again add nothing to the history.
    register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Dilnoza Karimova", "phone": "+998901234567",
               "email": "DILNOZA@example.org", "language": "uz-Latn"}),
        "Yana uy-joy",
    )
    .await;
    let seen = history(&app, &officer, &person).await;
    assert_eq!(seen["contact_history"].as_array().map(Vec::len), Some(1), "{seen}");
}

#[actix_web::test]
async fn a_shared_email_under_another_name_is_flagged_not_merged() {
    let app = TestApp::spawn().await;
    offices(&app).await;
    let officer = app.token(Role::CaseOfficer, "SAM").await;

    let mother = register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Malika Yusupova", "email": "family@example.org",
               "phone": "+998 91 111 22 33", "language": "uz-Latn"}),
        "Pensiya",
    )
    .await;
    let son = register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Jasur Yusupov", "email": "Family@example.org",
               "phone": "+998 93 444 55 66", "language": "uz-Latn"}),
        "Ish haqi",
    )
    .await;
    let (mother_id, son_id) = (applicant_of(&mother), applicant_of(&son));
    assert_ne!(mother_id, son_id, "two people sharing an address stay two applicants");
    assert_eq!(son["applicant"]["full_name"], "Jasur Yusupov");

    let seen = history(&app, &officer, &son_id).await;
    assert_eq!(seen["possible_duplicate_of"], mother_id.as_str(), "{seen}");
    assert_eq!(
        seen["applicant"]["phone"], "+998 93 444 55 66",
        "his own phone, not hers"
    );
    let seen = history(&app, &officer, &mother_id).await;
    assert_eq!(seen["possible_duplicate_of"], Value::Null);
    assert_eq!(seen["contact_history"].as_array().map(Vec::len), Some(0), "{seen}");
}

#[actix_web::test]
async fn another_office_matches_nobody_it_cannot_see_and_is_told_nothing() {
    let app = TestApp::spawn().await;
    offices(&app).await;
    let samarkand = app.token(Role::CaseOfficer, "SAM").await;
    let fergana = app.token(Role::CaseOfficer, "FER").await;

    let first = register(
        &app,
        &samarkand,
        json!({"kind": "citizen", "full_name": "Aziz Rahimov", "email": "aziz@example.org",
               "phone": "+998 90 765 43 21", "language": "uz-Latn"}),
        "Soliq",
    )
    .await;
    // The same e-mail under another name, the same name and phone in Cyrillic: in another
    // office, which sees neither, both are new people with no flag.
    let other_name = register(
        &app,
        &fergana,
        json!({"kind": "citizen", "full_name": "Bobur Rahimov", "email": "aziz@example.org",
               "language": "uz-Latn"}),
        "Soliq",
    )
    .await;
    let same_person = register(
        &app,
        &fergana,
        json!({"kind": "citizen", "full_name": "Азиз Раҳимов", "phone": "+998 90 765 43 21",
               "language": "uz-Cyrl"}),
        "Солиқ",
    )
    .await;
    let stored = applicant_of(&first);
    assert_ne!(applicant_of(&other_name), stored);
    assert_ne!(applicant_of(&same_person), stored);
    let seen = history(&app, &fergana, &applicant_of(&other_name)).await;
    assert_eq!(seen["possible_duplicate_of"], Value::Null, "{seen}");
    // Samarkand's record kept its own details: nothing Fergana typed reached it.
    let seen = history(&app, &samarkand, &stored).await;
    assert_eq!(seen["contact_history"].as_array().map(Vec::len), Some(0), "{seen}");
    assert_eq!(seen["applicant"]["full_name"], "Aziz Rahimov");
}

#[actix_web::test]
async fn a_manager_merges_two_records_of_one_person_and_can_undo_it() {
    let app = TestApp::spawn().await;
    offices(&app).await;
    let manager = app.token(Role::Manager, "SAM").await;
    let officer = app.token(Role::CaseOfficer, "SAM").await;
    let other_manager = app.token(Role::Manager, "FER").await;

    let first = register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Shahnoza Ergasheva", "email": "shahnoza@example.org",
               "language": "uz-Latn"}),
        "Uy-joy",
    )
    .await;
    let second = register(
        &app,
        &officer,
        json!({"kind": "citizen", "full_name": "Shaxnoza Ergashova", "phone": "+998 97 222 33 44",
               "language": "uz-Latn"}),
        "Uy-joy yana",
    )
    .await;
    let (keep, gone) = (applicant_of(&first), applicant_of(&second));
    assert_ne!(keep, gone, "no key in common: two records");
    assert_eq!(second["repeat_of"], Value::Null);
    let path = format!("/api/v1/applicants/{gone}/merges");
    let merge = json!({"into": keep, "reason": "The same passport in both files"});

    // Only a manager who sees both merges; every wrong field is named.
    let reply = app.call(Method::POST, &path, Some(&officer), Some(merge.clone())).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    let reply = app
        .call(Method::POST, &path, Some(&other_manager), Some(merge.clone()))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text);
    assert!(!reply.text.contains("Shaxnoza"), "{}", reply.text);
    let reply = app
        .call(
            Method::POST,
            &path,
            Some(&manager),
            Some(json!({"into": gone, "reason": " "})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    assert!(
        reply.text.contains("same_applicant") && reply.text.contains("reason"),
        "{}",
        reply.text
    );
    let reply = app
        .call(
            Method::POST,
            &path,
            Some(&manager),
            Some(json!({"into": keep, "reverses": uuid::Uuid::now_v7(), "reason": "Both"})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);

    // The merge moves the appeal and makes it the repeat it is.
    let merged = app.call(Method::POST, &path, Some(&manager), Some(merge)).await;
    assert_eq!(merged.status, StatusCode::CREATED, "{}", merged.text);
    assert_eq!(merged.body["appeal_ids"], json!([second["id"]]));
    let seen = history(&app, &manager, &keep).await;
    assert_eq!(seen["appeals"].as_array().map(Vec::len), Some(2), "{seen}");
    assert_eq!(seen["merges"].as_array().map(Vec::len), Some(1), "{seen}");
    let moved = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{}", second["id"].as_str().unwrap()),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(moved.body["repeat_of"], first["id"], "{}", moved.text);
    assert_eq!(moved.body["applicant"]["id"], keep.as_str());
    let reply = app
        .call(Method::GET, &format!("/api/v1/applicants/{gone}"), Some(&manager), None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "the merged record holds nothing");

    // Undone by a second record: exactly that appeal goes back, once.
    let undo = json!({"reverses": merged.body["id"], "reason": "Two sisters, not one person"});
    let back_path = format!("/api/v1/applicants/{keep}/merges");
    let reply = app
        .call(Method::POST, &back_path, Some(&manager), Some(undo.clone()))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.body["reverses"], merged.body["id"]);
    assert_eq!(reply.body["into_applicant"], gone.as_str());
    let seen = history(&app, &manager, &gone).await;
    assert_eq!(seen["appeals"].as_array().map(Vec::len), Some(1), "{seen}");
    assert_eq!(seen["appeals"][0]["repeat_of"], Value::Null, "{seen}");
    let seen = history(&app, &manager, &keep).await;
    assert_eq!(seen["appeals"].as_array().map(Vec::len), Some(1), "{seen}");
    assert_eq!(seen["merges"].as_array().map(Vec::len), Some(2), "{seen}");
    let reply = app.call(Method::POST, &back_path, Some(&manager), Some(undo)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text);
}
