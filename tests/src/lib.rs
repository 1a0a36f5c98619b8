//! Test harness: a fresh PostgreSQL database per test, cloned from a migrated template, and the
//! real application listening on port 0.

pub mod fast_smtp;
pub mod smtp;
pub mod webdriver;

use std::net::TcpListener;
use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use ombudsman_api::auth::jwt::JwtKeys;
use ombudsman_api::metrics::Metrics;
use ombudsman_api::routes::users::CreateUserRequest;
use ombudsman_api::{ApiSettings, AppState};
use ombudsman_app::accounts::{create_account, NewAccount};
use ombudsman_db::audit::Actor;
use ombudsman_domain::user::Role;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The secret that signs tokens in tests.
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0001";
/// Issuer and audience used in tests.
pub const JWT_ISSUER: &str = "ombudsman";
/// Audience used in tests.
pub const JWT_AUDIENCE: &str = "ombudsman-api";
/// A password that meets the policy.
pub const PASSWORD: &str = "correct horse battery staple";
/// A small valid PDF, for uploads.
pub const SMALL_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The PostgreSQL server, without a database name (`TEST_DATABASE_SERVER`).
pub fn server_url() -> String {
    std::env::var("TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// The URL of one database on the test server. TLS is off: the server is on loopback, and libpq's
/// OpenSSL clean-up at process exit can crash while pooled connections still live in other threads.
pub fn database_url(name: &str) -> String {
    format!("{}/{name}?sslmode=disable", server_url())
}

fn migrations_hash() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("migrations directory")
        .flat_map(|e| {
            let path = e.expect("entry").path();
            std::fs::read_dir(path)
                .expect("migration dir")
                .map(|f| f.expect("file").path())
        })
        .collect();
    files.sort();
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update(f.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&f).expect("read migration"));
    }
    hex::encode(&hasher.finalize()[..8])
}

/// Makes sure the migrated template exists (once per set of migrations, across processes) and
/// returns its name.
fn template() -> String {
    let name = format!("omb_tpl_{}", migrations_hash());
    let mut admin = PgConnection::establish(&database_url("postgres")).expect("connect to PostgreSQL");
    admin.batch_execute("SELECT pg_advisory_lock(7243001)").expect("lock");
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let found: Found = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM pg_database WHERE datname = '{name}'"
    ))
    .get_result(&mut admin)
    .expect("look up template");
    if found.n == 0 {
        let building = format!("{name}_building");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .expect("drop half-built template");
        admin
            .batch_execute(&format!("CREATE DATABASE {building}"))
            .expect("create template");
        {
            let mut conn = PgConnection::establish(&database_url(&building)).expect("connect to template");
            ombudsman_db::migrate(&mut conn).expect("migrate template");
        }
        admin
            .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .expect("publish template");
    }
    admin
        .batch_execute("SELECT pg_advisory_unlock(7243001)")
        .expect("unlock");
    name
}

/// A fresh database for one test; dropped with it.
pub struct TestDb {
    /// Its name.
    pub name: String,
    /// Its URL.
    pub url: String,
}

impl TestDb {
    /// Clones the migrated template into a new database.
    pub fn new() -> Self {
        let template = template();
        let name = format!("omb_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = PgConnection::establish(&database_url("postgres")).expect("connect");
        let mut tries = 0;
        loop {
            match admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")) {
                Ok(()) => break,
                Err(_) if tries < 50 => {
                    // Another process may be connected to the template for a moment.
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => panic!("cannot create test database: {e}"),
            }
        }
        let url = database_url(&name);
        Self { name, url }
    }

    /// A direct connection.
    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("connect to test database")
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&database_url("postgres")) {
            if let Err(e) = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)) {
                eprintln!("could not drop {}: {e}", self.name);
            }
        }
    }
}

/// A response read whole.
#[derive(Debug)]
pub struct Reply {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as JSON (Null when empty or not JSON).
    pub body: Value,
    /// Body as text.
    pub text: String,
}

impl Reply {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }
}

/// The application running on port 0 over a fresh database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The database.
    pub db: TestDb,
    /// The pool the app uses.
    pub pool: ombudsman_db::Pool,
    /// An HTTP client.
    pub client: reqwest::Client,
    server: actix_web::dev::ServerHandle,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Tell the server's worker threads to stop, so that they release their pooled connections
        // before the test process exits.
        drop(self.server.stop(false));
    }
}

/// Builds the shared state the way `ombudsman serve` does.
pub fn state(pool: ombudsman_db::Pool) -> AppState {
    AppState {
        pool,
        database_url: String::new(),
        jwt: JwtKeys::new(&SecretString::from(JWT_SECRET), JWT_ISSUER, JWT_AUDIENCE, 900),
        settings: ApiSettings {
            refresh_ttl_secs: 3600,
            mail_domain: "ombudsman.test".into(),
            json_limit: 64 * 1024,
            trusted_proxies: ombudsman_api::client::TrustedProxies::default(),
            hsts_max_age_secs: None,
            metrics_token: None,
            metrics_elsewhere: false,
            lookup_limit_per_minute: 10,
            intake_limit_per_hour: 5,
            intake_limit_per_email_per_day: 3,
            public_url: "http://ombudsman.test".into(),
        },
        metrics: Metrics::new().expect("metrics"),
        attachments: ombudsman_api::AttachmentStore::local(
            &std::env::temp_dir().join(format!("omb-attachments-{}", uuid::Uuid::now_v7().simple())),
            64 * 1024,
        )
        .expect("attachment store"),
        hashing: ombudsman_api::state::hashing_slots(),
    }
}

impl TestApp {
    /// Starts the application over a fresh database.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the application over a fresh database with its state adjusted by `configure`.
    pub async fn spawn_with(configure: impl FnOnce(&mut AppState)) -> Self {
        let db = TestDb::new();
        // The harness waits longer for a connection than the service's default: its tests check
        // behaviour under races on a loaded 2-core machine, not latency.
        let pool = ombudsman_db::request_pool(&db.url, 8, std::time::Duration::from_secs(5));
        let mut state = state(pool.clone());
        state.database_url = db.url.clone();
        configure(&mut state);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let server = ombudsman_api::server(listener, state, 2).expect("server");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self {
            address,
            db,
            pool,
            client: reqwest::Client::new(),
            server: handle,
        }
    }

    /// Starts a second instance of the application over this app's database (as a second
    /// replica would run) and returns its address.
    pub fn another_instance(&self, configure: impl FnOnce(&mut AppState)) -> String {
        let mut state = state(self.pool.clone());
        state.database_url = self.db.url.clone();
        configure(&mut state);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        actix_web::rt::spawn(ombudsman_api::server(listener, state, 1).expect("server"));
        address
    }

    /// Creates a user directly (as `ombudsman users create` does) and returns their e-mail.
    pub fn user(&self, role: Role, office: &str) -> String {
        let email = format!(
            "{}-{}@example.org",
            role.as_str().replace('_', "-"),
            uuid::Uuid::now_v7().simple()
        );
        let request = CreateUserRequest {
            email: email.clone(),
            full_name: format!("Test {}", role.as_str()),
            role,
            office: office.to_owned(),
            password: PASSWORD.to_owned(),
            language: None,
        };
        let account = NewAccount::try_from(&request).expect("valid account");
        let mut conn = self.pool.get().expect("connection");
        conn.transaction(|c| create_account(c, &Actor::system("test"), &account, "ombudsman.test"))
            .expect("create user");
        email
    }

    /// Logs in and returns the access token.
    pub async fn login(&self, email: &str) -> String {
        let reply = self
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(serde_json::json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "login failed: {}", reply.text);
        reply.body["access_token"].as_str().expect("token").to_owned()
    }

    /// A user with a role, logged in: returns the token.
    pub async fn token(&self, role: Role, office: &str) -> String {
        let email = self.user(role, office);
        self.login(&email).await
    }

    /// Sends a request with optional bearer token and JSON body.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        self.call_with(method, path, token, body, &[]).await
    }

    /// Sends a request with extra headers.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{}", self.address, path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    /// A notification worker over this app's database that delivers to `smtp_url`, with fast
    /// retries and LISTEN on; `configure` adjusts it further.
    pub fn worker(
        &self,
        smtp_url: &str,
        configure: impl FnOnce(&mut ombudsman_notifier::WorkerConfig),
    ) -> ombudsman_notifier::Worker {
        let mailer = ombudsman_notifier::Mailer::new(&ombudsman_notifier::TransportConfig::Smtp(smtp_url.to_owned()))
            .expect("SMTP transport");
        let mut config = ombudsman_notifier::WorkerConfig {
            from: "Ombudsman <no-reply@ombudsman.test>".into(),
            mail_domain: "ombudsman.test".into(),
            listen_url: Some(self.db.url.clone()),
            poll_interval: std::time::Duration::from_millis(500),
            base_backoff: std::time::Duration::from_millis(100),
            max_backoff: std::time::Duration::from_millis(400),
            ..Default::default()
        };
        config.schedule.enabled = false;
        configure(&mut config);
        ombudsman_notifier::Worker::new(self.pool.clone(), mailer, config)
    }

    /// Adds a regional office as the admin `admin_token` and makes it take the online appeals of
    /// its region; returns the office's id.
    pub async fn routed_office(&self, admin_token: &str, code: &str, name: &str, region: &str) -> String {
        let office = self
            .call(
                Method::POST,
                "/api/v1/offices",
                Some(admin_token),
                Some(serde_json::json!({"code": code, "name": name, "region": region})),
            )
            .await;
        assert_eq!(office.status, StatusCode::CREATED, "{}", office.text);
        let id = office.body["id"].as_str().expect("office id").to_owned();
        let route = self
            .call(
                Method::PUT,
                &format!("/api/v1/region-routes/{region}"),
                Some(admin_token),
                Some(serde_json::json!({"office_id": id})),
            )
            .await;
        assert_eq!(route.status, StatusCode::OK, "{}", route.text);
        assert_eq!(route.body["office_code"], code);
        id
    }

    /// Runs SQL on the test database.
    pub fn sql(&self, sql: &str) -> Result<(), diesel::result::Error> {
        let mut conn = self.db.conn();
        conn.batch_execute(sql)
    }
}
