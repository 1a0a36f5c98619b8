//! Attachments: streamed to the object store with a size limit, checked content type and SHA-256.

use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

#[actix_web::test]
async fn files_are_stored_fingerprinted_checked_and_scoped() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let created = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(&officer),
            Some(json!({
            "received_on": "2025-03-14", "channel": "letter", "anonymous": true, "region": "navoi",
            "subject": "Scan of the court decision", "categories": ["fair_trial"]})),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let upload = |bytes: Vec<u8>, content_type: &'static str, token: String| {
        let (client, url) = (
            app.client.clone(),
            format!("{}/api/v1/appeals/{id}/attachments?filename=decision.pdf", app.address),
        );
        async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", content_type)
                .body(bytes)
                .send()
                .await
                .unwrap();
            let status = res.status();
            (status, res.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let pdf: Vec<u8> = [b"%PDF-1.7\n".as_slice(), &vec![b'x'; 40_000]].concat();
    let (status, body) = upload(pdf.clone(), "application/pdf", officer.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["size_bytes"], 40_009);
    assert_eq!(body["sha256"], hex::encode(Sha256::digest(&pdf)));

    let download = app
        .client
        .get(format!(
            "{}/api/v1/attachments/{}/content",
            app.address,
            body["id"].as_str().unwrap()
        ))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf);

    let (status, body) = upload(b"MZ\x90\0 pretending".to_vec(), "application/pdf", officer.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["code"], "content_mismatch");
    let (status, _) = upload(b"MZ".to_vec(), "application/x-msdownload", officer.clone()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The harness allows 64 KiB.
    let big: Vec<u8> = [b"%PDF-1.7\n".as_slice(), &vec![b'x'; 70_000]].concat();
    let (status, _) = upload(big, "application/pdf", officer.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let list = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/attachments"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "failed uploads leave no record"
    );
    let timeline = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{id}/events"),
            Some(&officer),
            None,
        )
        .await;
    assert_eq!(timeline.body["items"][1]["kind"], "document");

    let admin = app.token(Role::Admin, "HQ").await;
    app.call(
        Method::POST,
        "/api/v1/offices",
        Some(&admin),
        Some(json!({"code": "SAM", "name": "Samarkand", "region": "samarkand"})),
    )
    .await;
    let outsider = app.token(Role::CaseOfficer, "SAM").await;
    let (status, _) = upload(pdf, "application/pdf", outsider.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let att = list.body["items"][0]["id"].as_str().unwrap();
    let theirs = app
        .call(
            Method::GET,
            &format!("/api/v1/attachments/{att}/content"),
            Some(&outsider),
            None,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}
