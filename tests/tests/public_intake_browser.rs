//! A citizen with only a browser (headless Chromium driven over WebDriver): files an appeal in
//! Uzbek Cyrillic with a PDF on `/appeal`, confirms it through the link in the e-mail caught by
//! the SMTP test server, sees its number, and later answers the office's request on
//! `/appeal/status`; the officer of the region finds it in their worklist.

use std::time::Duration;

use ombudsman_domain::user::Role;
use ombudsman_e2e::smtp::SmtpSink;
use ombudsman_e2e::webdriver::Browser;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::sync::watch;

const PDF: &[u8] = ombudsman_e2e::SMALL_PDF;

/// The first link to `path` in a text.
fn link_to(text: &str, path: &str) -> String {
    let start = text
        .find(path)
        .unwrap_or_else(|| panic!("no link to {path} in: {text}"));
    let from = text[..start].rfind("http").expect("a link");
    text[from..].split_whitespace().next().unwrap().to_owned()
}

#[actix_web::test]
async fn a_citizen_files_confirms_and_answers_an_appeal_in_uzbek_cyrillic_with_only_a_browser() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(app.worker(&sink.url(), |_| {}).run(stopped));

    // The Samarkand office takes its region's online appeals.
    let admin = app.token(Role::Admin, "HQ").await;
    app.routed_office(&admin, "SAM", "Samarqand viloyati vakili", "samarkand")
        .await;
    let officer = app.token(Role::CaseOfficer, "SAM").await;

    let pdf = std::env::temp_dir().join(format!("ariza-{}.pdf", uuid::Uuid::now_v7().simple()));
    std::fs::write(&pdf, PDF).unwrap();
    let browser = Browser::start().await;

    // The form, in Uzbek Cyrillic.
    browser.goto(&format!("{}/appeal?lang=uz-Cyrl", app.address)).await;
    assert!(browser.source().await.contains("Омбудсманга мурожаат"));
    browser.type_into("#full_name", "Дилноза Каримова").await;
    browser.type_into("#email", "d.karimova@example.org").await;
    browser.type_into("#phone", "+998 90 123 45 67").await;
    browser.click("#region option[value=samarkand]").await;
    browser.type_into("#subject", "Пенсия уч ойдан бери тўланмаяпти").await;
    browser
        .type_into("#description", "Самарқанд шаҳрида пенсиям тўхтатилди.")
        .await;
    browser.click("#category-social_security").await;
    browser.type_into("#files", pdf.to_str().unwrap()).await;
    browser.click("#consent").await;
    browser.click("button[type=submit]").await;
    let sent = browser.text("main p[role=status]").await;
    assert!(sent.contains("тасдиқлаш ҳаволасини"), "{sent}");
    assert!(browser.source().await.contains("Электрон почтангизни текширинг"));

    // The confirmation e-mail, in Uzbek Cyrillic, with the link.
    // (The accounts made above get their own e-mails.)
    let mut mail = None;
    for _ in 0..200 {
        mail = sink
            .messages()
            .into_iter()
            .find(|m| m.to.contains("d.karimova@example.org"));
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mail = mail.expect("the confirmation e-mail");
    assert_eq!(mail.language, "uz-Cyrl");
    assert!(mail.subject.contains("тасдиқланг"), "{}", mail.subject);
    let link = link_to(&mail.text, "/appeal/confirm?");
    // The harness names the public address http://ombudsman.test: the link is opened on the
    // server this test started.
    let path = link.strip_prefix("http://ombudsman.test").expect("the public address");
    browser.goto(&format!("{}{path}", app.address)).await;
    browser.click("button[type=submit]").await;
    let number = browser.text("dd#number").await;
    let code = browser.text("#access-code").await;
    assert!(number.starts_with("SAM-"), "{number}");
    assert_eq!(code.len(), 10);

    // The officer of the region sees it in the worklist, with the PDF; the office asks for a
    // document and waits.
    let list = app
        .call(Method::GET, "/api/v1/appeals?sort=due_on", Some(&officer), None)
        .await;
    let appeal = &list.body["items"][0];
    assert_eq!(appeal["number"], number.as_str(), "{}", list.text);
    let id = appeal["id"].as_str().unwrap().to_owned();
    let files = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/attachments"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(
        files.body["items"][0]["content_type"], "application/pdf",
        "{}",
        files.text
    );
    let asked = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/applicant-requests"),
            Some(&officer),
            Some(json!({"text": "Пенсия гувоҳномасининг нусхасини юборинг."})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.text);
    let paused = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{id}/transitions"),
            Some(&officer),
            Some(json!({"action": "pause"})),
        )
        .await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text);

    // The citizen opens their page and answers with a document.
    browser
        .goto(&format!("{}/appeal/status?lang=uz-Cyrl", app.address))
        .await;
    browser.type_into("#number", &number).await;
    browser.type_into("#access_code", &code).await;
    browser.click("button[type=submit]").await;
    assert_eq!(browser.text("dd#number").await, number);
    let page = browser.source().await;
    assert!(page.contains("Пенсия гувоҳномасининг нусхасини юборинг."), "{page}");
    assert!(page.contains("жавобингиз кутилмоқда"), "{page}");
    browser.type_into("#text", "Гувоҳнома нусхасини илова қиляпман.").await;
    browser.type_into("#files", pdf.to_str().unwrap()).await;
    browser.click("button[type=submit]").await;
    assert_eq!(browser.text("main p[role=status]").await, "Жавобингиз юборилди.");
    let page = browser.source().await;
    assert!(page.contains("Гувоҳнома нусхасини илова қиляпман."), "{page}");
    browser.quit().await;

    // The clock runs again; the reply and its file are in the case file.
    let after = app
        .call(Method::GET, &format!("/api/v1/appeals/{id}"), Some(&officer), None)
        .await;
    assert_eq!(after.body["paused"], false, "{}", after.text);
    let files = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/attachments"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(files.body["items"].as_array().unwrap().len(), 2, "{}", files.text);

    stop.send_replace(true);
    worker.await.unwrap();
    drop(std::fs::remove_file(pdf));
}
