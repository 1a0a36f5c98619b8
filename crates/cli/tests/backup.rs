//! `ombudsman backup` and `ombudsman restore`: a populated system backed up, restored into a new
//! database and a new attachment store, and found whole — every appeal, attachment (byte for
//! byte), audit row and published snapshot; a damaged backup restores nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{database_url, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

struct DropDatabase(String);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&database_url("postgres")) {
            if let Err(e) = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.0)) {
                eprintln!("could not drop {}: {e}", self.0);
            }
        }
    }
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every row of the tables that must come back, as text, in a stable order.
fn contents(url: &str) -> Vec<Line> {
    let mut conn = PgConnection::establish(url).unwrap();
    diesel::sql_query(
        "SELECT 'appeal ' || a::text AS line FROM appeals a \
         UNION ALL SELECT 'attachment ' || t::text FROM attachments t \
         UNION ALL SELECT 'audit ' || e::text FROM audit_events e \
         UNION ALL SELECT 'snapshot ' || s::text FROM report_snapshots s \
         UNION ALL SELECT 'outbox ' || o.id::text || o.status FROM outbox o \
         ORDER BY 1",
    )
    .load(&mut conn)
    .unwrap()
}

fn ombudsman(args: &[&str], url: &str, attachments: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ombudsman"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("OMBUDSMAN_ATTACHMENTS_DIR", attachments)
        .output()
        .expect("run ombudsman")
}

#[actix_web::test]
async fn a_backup_restores_into_a_new_database_and_store_with_every_record_and_file() {
    let scratch = std::env::temp_dir().join(format!("omb-backup-{}", uuid::Uuid::now_v7().simple()));
    let files_a = scratch.join("store-a");
    let files_b = scratch.join("store-b");
    let dir = files_a.clone();
    let app = TestApp::spawn_with(move |state| {
        state.attachments = ombudsman_api::AttachmentStore::local(&dir, 64 * 1024).unwrap();
    })
    .await;

    // A populated system: appeals, files, the audit trail and a published snapshot.
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let mut ids = Vec::new();
    for subject in ["Pension recalculation", "Detention conditions", "Housing"] {
        let created = app
            .call(
                Method::POST,
                "/api/v1/appeals",
                Some(&officer),
                Some(json!({
                    "received_on": "2025-03-14", "channel": "letter", "anonymous": true,
                    "region": "navoi", "subject": subject, "categories": ["fair_trial"]})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        ids.push(created.body["id"].as_str().unwrap().to_owned());
    }
    let mut uploaded = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let bytes: Vec<u8> = [b"%PDF-1.7\n".as_slice(), &vec![b'a' + i as u8; 5_000 + i * 777]].concat();
        let res = app
            .client
            .post(format!(
                "{}/api/v1/appeals/{id}/attachments?filename=scan-{i}.pdf",
                app.address
            ))
            .bearer_auth(&officer)
            .header("content-type", "application/pdf")
            .body(bytes.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: serde_json::Value = res.json().await.unwrap();
        uploaded.push((body["id"].as_str().unwrap().to_owned(), bytes));
    }
    let snapshot = app
        .call(
            Method::POST,
            "/api/v1/reports/snapshots",
            Some(&manager),
            Some(json!({"year": 2025, "half": 1})),
        )
        .await;
    assert_eq!(snapshot.status, StatusCode::CREATED, "{}", snapshot.text);

    let backup = scratch.join("backup");
    let out = ombudsman(&["backup", "--out", backup.to_str().unwrap()], &app.db.url, &files_a);
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(backup.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"].as_array().unwrap().len(), 3);
    assert_eq!(manifest["database"]["sha256"].as_str().unwrap().len(), 64);
    // A second backup into the same directory is refused.
    let again = ombudsman(&["backup", "--out", backup.to_str().unwrap()], &app.db.url, &files_a);
    assert!(!again.status.success());

    // A damaged backup restores nothing.
    let damaged = scratch.join("damaged");
    copy_dir(&backup, &damaged);
    let file = manifest["files"][1]["path"].as_str().unwrap();
    std::fs::write(damaged.join(file), b"%PDF-1.7\ntampered").unwrap();
    let name_c = format!("omb_restore_{}", uuid::Uuid::now_v7().simple());
    let _drop_c = DropDatabase(name_c.clone());
    let refused = ombudsman(
        &["restore", "--from", damaged.to_str().unwrap()],
        &database_url(&name_c),
        &scratch.join("store-c"),
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("does not match the manifest"), "{said}");
    let mut admin = PgConnection::establish(&database_url("postgres")).unwrap();
    let exists: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM pg_database WHERE datname = '{name_c}'"
    ))
    .get_result(&mut admin)
    .unwrap();
    assert_eq!(exists.n, 0, "a damaged backup created a database");

    // Restored into a new database and a new store: everything is there.
    let name_b = format!("omb_restore_{}", uuid::Uuid::now_v7().simple());
    let _drop_b = DropDatabase(name_b.clone());
    let url_b = database_url(&name_b);
    let restored = ombudsman(&["restore", "--from", backup.to_str().unwrap()], &url_b, &files_b);
    assert!(
        restored.status.success(),
        "restore: {}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let before = contents(&app.db.url);
    assert!(before.len() > 10, "{before:?}");
    assert_eq!(contents(&url_b), before);
    let mut conn = PgConnection::establish(&url_b).unwrap();
    for (id, bytes) in &uploaded {
        #[derive(QueryableByName)]
        struct Key {
            #[diesel(sql_type = Text)]
            storage_key: String,
        }
        let key: Key = diesel::sql_query(format!("SELECT storage_key FROM attachments WHERE id = '{id}'"))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(&std::fs::read(files_b.join(&key.storage_key)).unwrap(), bytes);
    }
    // Restoring over a database that holds data is refused.
    let twice = ombudsman(&["restore", "--from", backup.to_str().unwrap()], &url_b, &files_b);
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already holds tables"));
    std::fs::remove_dir_all(&scratch).ok();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
