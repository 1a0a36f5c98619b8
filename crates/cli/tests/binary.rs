//! The real `ombudsman` binary: `serve` creates its database and migrates, `users create` reads
//! the password from standard input, and the new user can log in over HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use ombudsman_e2e::database_url;

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

struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        if let Err(e) = self.0.kill() {
            eprintln!("could not stop the server: {e}");
        }
        if let Err(e) = self.0.wait() {
            eprintln!("could not reap the server: {e}");
        }
    }
}

#[tokio::test]
async fn serve_creates_the_database_and_a_cli_user_can_log_in() {
    let name = format!("omb_bin_{}", uuid::Uuid::now_v7().simple());
    let _cleanup = DropDatabase(name.clone());
    let url = database_url(&name);
    let mail_dir = std::env::temp_dir().join(&name);
    let bin = env!("CARGO_BIN_EXE_ombudsman");

    let mut server = Command::new(bin)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .env("OMBUDSMAN_MAIL_DIR", &mail_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ombudsman serve");
    let stdout = server.stdout.take().expect("stdout");
    let server = Kill(server);
    let mut first_line = String::new();
    BufReader::new(stdout)
        .read_line(&mut first_line)
        .expect("read the banner");
    let address = first_line
        .trim()
        .strip_prefix("Ombudsman API listening on ")
        .unwrap_or_else(|| panic!("unexpected banner: {first_line}"))
        .to_owned();

    let mut create = Command::new(bin)
        .args([
            "users",
            "create",
            "--email",
            "first.admin@example.org",
            "--full-name",
            "First Admin",
            "--role",
            "admin",
            "--office",
            "HQ",
        ])
        .env("DATABASE_URL", &url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start users create");
    create
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"a long admin password\n")
        .expect("password");
    let created = create.wait_with_output().expect("users create");
    assert!(
        created.status.success(),
        "users create failed: {}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stdout).contains("created first.admin@example.org"));

    let client = reqwest::Client::new();
    let login: serde_json::Value = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "first.admin@example.org", "password": "a long admin password"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login body");
    let token = login["access_token"].as_str().expect("access token");
    let me: serde_json::Value = client
        .get(format!("{address}/api/v1/users/me"))
        .bearer_auth(token)
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("me body");
    assert_eq!(me["role"], "admin");

    // A fresh install's calendar carries Uzbekistan's fixed public holidays.
    {
        #[derive(diesel::QueryableByName)]
        struct Day {
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        let mut conn = PgConnection::establish(&url).expect("connect");
        let navruz: Vec<Day> = diesel::RunQueryDsl::load(
            diesel::sql_query("SELECT name FROM calendar_days WHERE day = '2031-03-21' AND kind = 'holiday'"),
            &mut conn,
        )
        .expect("calendar");
        assert_eq!(navruz.len(), 1, "Navruz 2031 is not in a fresh calendar");
        assert_eq!(navruz[0].name, "Navruz");
    }

    // The embedded worker keeps the report roll-ups current: a month marked as changed is
    // recomputed (and its mark removed) within seconds.
    {
        #[derive(diesel::QueryableByName)]
        struct Marks {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = PgConnection::establish(&url).expect("connect");
        conn.batch_execute(
            "INSERT INTO appeal_rollup_dirty (office_id, month) SELECT id, '2025-03-01' FROM offices WHERE code = 'HQ'",
        )
        .expect("mark");
        let marks = |conn: &mut PgConnection| {
            diesel::RunQueryDsl::get_result::<Marks>(
                diesel::sql_query("SELECT count(*) AS n FROM appeal_rollup_dirty"),
                conn,
            )
            .expect("marks")
            .n
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while marks(&mut conn) > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the worker left the roll-up marked for 30 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }

    // The containers' health checks, run the way their image runs them: under `sh`.
    let sh = |command: String, env: &[(&str, &str)]| {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &command]).env("DATABASE_URL", &url);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run sh")
    };
    let bind = address.trim_start_matches("http://").to_owned();
    for (command, env) in [
        (format!("{bin} healthcheck"), vec![("OMBUDSMAN_BIND", bind.as_str())]),
        (format!("{bin} healthcheck --url {address}/readyz"), vec![]),
        (format!("{bin} healthcheck --database"), vec![]),
    ] {
        let out = sh(command.clone(), &env);
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let down = sh(format!("{bin} healthcheck --url http://127.0.0.1:1/readyz"), &[]);
    assert!(!down.status.success());
    let said = String::from_utf8_lossy(&down.stderr);
    assert_eq!(said.trim().lines().count(), 1, "one line per error: {said}");
    assert!(said.contains("nothing answers on 127.0.0.1:1"), "{said}");

    // The embedded worker delivers the welcome e-mail to the file transport.
    let mut delivered = false;
    for _ in 0..50 {
        if std::fs::read_dir(&mail_dir).map(|d| d.count() > 0).unwrap_or(false) {
            delivered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(delivered, "no e-mail was written to {}", mail_dir.display());
    drop(server);
    std::fs::remove_dir_all(&mail_dir).ok();
}

#[test]
fn users_create_refuses_a_short_password_and_names_the_field() {
    let out = Command::new(env!("CARGO_BIN_EXE_ombudsman"))
        .args([
            "users",
            "create",
            "--email",
            "x@example.org",
            "--full-name",
            "X",
            "--role",
            "admin",
        ])
        .env("DATABASE_URL", database_url("postgres"))
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().expect("stdin").write_all(b"short\n")?;
            child.wait_with_output()
        })
        .expect("run users create");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("password: must be at least 12 characters"));
}

fn demo_snapshot(seed: &str) -> Vec<(String, String, String)> {
    use diesel::RunQueryDsl;
    let db = ombudsman_e2e::TestDb::new();
    let run = |db: &ombudsman_e2e::TestDb| {
        Command::new(env!("CARGO_BIN_EXE_ombudsman"))
            .args(["demo-data", "--appeals", "60", "--seed", seed])
            .env("DATABASE_URL", &db.url)
            .output()
            .expect("run demo-data")
    };
    let first = run(&db);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let second = run(&db);
    assert!(String::from_utf8_lossy(&second.stdout).contains("already loaded"));
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        number: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        subject: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
    }
    let mut conn = db.conn();
    diesel::sql_query("SELECT number, subject, status FROM appeals ORDER BY number")
        .load::<Row>(&mut conn)
        .expect("appeals")
        .into_iter()
        .map(|r| (r.number, r.subject, r.status))
        .collect()
}

#[test]
fn demo_data_is_realistic_reproducible_and_loaded_once() {
    let a = demo_snapshot("7");
    let b = demo_snapshot("7");
    assert_eq!(a.len(), 60);
    assert_eq!(a, b, "the same seed must give the same appeals");
    let scripts = |pred: fn(char) -> bool| a.iter().filter(|(_, s, _)| s.chars().any(pred)).count();
    assert!(
        scripts(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) > 0,
        "no Cyrillic subjects"
    );
    assert!(scripts(|c| c.is_ascii_alphabetic()) > 0, "no Latin subjects");
    let offices: std::collections::HashSet<_> = a
        .iter()
        .map(|(n, _, _)| n.split('-').next().unwrap().to_owned())
        .collect();
    assert!(offices.len() >= 3, "{offices:?}");
}
