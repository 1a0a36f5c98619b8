//! What every handler shares: the pool, the token keys, the metrics.

use diesel::PgConnection;
use ombudsman_app::Context;
use ombudsman_db::users::{self, UserWithOffice};
use ombudsman_db::DbError;
use ombudsman_domain::ids::UserId;

use crate::auth::jwt::JwtKeys;
use crate::error::ApiError;
use crate::metrics::Metrics;

/// Settings of the API that come from the service configuration.
#[derive(Clone)]
pub struct ApiSettings {
    /// Lifetime of a refresh token in seconds.
    pub refresh_ttl_secs: i64,
    /// The domain used in Message-IDs of queued e-mail.
    pub mail_domain: String,
    /// Largest accepted JSON body in bytes.
    pub json_limit: usize,
    /// Proxies whose `X-Forwarded-For` names the client (empty: the peer is the client).
    pub trusted_proxies: crate::client::TrustedProxies,
    /// `Strict-Transport-Security: max-age=…` on every answer, when the service is reached over
    /// HTTPS only.
    pub hsts_max_age_secs: Option<u64>,
    /// When set, `/metrics` answers only `Authorization: Bearer <token>`.
    pub metrics_token: Option<secrecy::SecretString>,
    /// When true, `/metrics` is served on its own listener, not on the API's.
    pub metrics_elsewhere: bool,
    /// Public status lookups a client address may make per minute, across all instances (and
    /// as many confirmations and replies).
    pub lookup_limit_per_minute: i32,
    /// Appeals a client address may file online per hour, across all instances.
    pub intake_limit_per_hour: i32,
    /// Appeals filed online for one e-mail address per day, across all instances.
    pub intake_limit_per_email_per_day: i32,
    /// The address citizens reach the service at (`https://ombudsman.example`), for the links in
    /// their e-mails.
    pub public_url: String,
}

/// The object store of attachments and the largest accepted file.
#[derive(Clone)]
pub struct AttachmentStore {
    /// Local directory by default; any `object_store` backend in production.
    pub store: std::sync::Arc<dyn object_store::ObjectStore>,
    /// Largest accepted file in bytes.
    pub max_bytes: u64,
}

impl AttachmentStore {
    /// The store a URL names: `s3://bucket[/prefix]` (an S3-compatible store such as MinIO,
    /// configured by the usual `AWS_*` variables: `AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP`; needs the `s3` build feature), or
    /// `file:///dir` / a plain path (a local directory).
    pub fn from_url(url: &str, max_bytes: u64) -> Result<Self, String> {
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(format!("{url} names no bucket"));
            }
            return Self::s3(bucket, prefix.trim_matches('/'), max_bytes);
        }
        let dir = url.strip_prefix("file://").unwrap_or(url);
        if dir.contains("://") {
            return Err(format!(
                "{url}: the attachment store is s3://bucket/prefix or a directory"
            ));
        }
        Self::local(std::path::Path::new(dir), max_bytes)
    }

    #[cfg(feature = "s3")]
    fn s3(bucket: &str, prefix: &str, max_bytes: u64) -> Result<Self, String> {
        let s3 = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| format!("cannot configure the S3 store: {e}"))?;
        let store: std::sync::Arc<dyn object_store::ObjectStore> = if prefix.is_empty() {
            std::sync::Arc::new(s3)
        } else {
            std::sync::Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
        };
        Ok(Self { store, max_bytes })
    }

    #[cfg(not(feature = "s3"))]
    fn s3(_bucket: &str, _prefix: &str, _max_bytes: u64) -> Result<Self, String> {
        Err("this binary was built without S3 support: build it with `--features s3`".into())
    }

    /// A store in a local directory (created if missing).
    pub fn local(dir: &std::path::Path, max_bytes: u64) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| format!("cannot open {}: {e}", dir.display()))?;
        Ok(Self {
            store: std::sync::Arc::new(store),
            max_bytes,
        })
    }
}

impl AttachmentStore {
    /// What a failure of the store means to the client: 507 when the disk (or quota) is full,
    /// 503 when the store cannot be written or reached, 500 when a recorded file's bytes are
    /// gone.
    pub fn error(err: object_store::Error) -> ApiError {
        if let object_store::Error::NotFound { .. } = err {
            return ApiError::Internal(format!("a recorded file is missing from the store: {err}"));
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&err);
        while let Some(e) = source {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                // ENOSPC and EDQUOT.
                if io.kind() == std::io::ErrorKind::StorageFull || matches!(io.raw_os_error(), Some(28 | 122)) {
                    return ApiError::InsufficientStorage(err.to_string());
                }
            }
            source = e.source();
        }
        ApiError::StoreUnavailable(err.to_string())
    }

    /// Writes and removes a small object: whether uploads can be kept right now.
    pub async fn probe(&self) -> Result<(), ApiError> {
        use object_store::ObjectStoreExt;
        let path = object_store::path::Path::from(format!("readyz/{}", uuid::Uuid::now_v7().simple()));
        self.store
            .put(&path, object_store::PutPayload::from_static(b"ready"))
            .await
            .map_err(Self::error)?;
        self.store.delete(&path).await.map_err(Self::error)
    }
}

/// The shared state of the application.
#[derive(Clone)]
pub struct AppState {
    /// Database pool (made by [`ombudsman_db::request_pool`]: its connections are not tested on
    /// check-out).
    pub pool: ombudsman_db::Pool,
    /// The pool's database: a connection found dead is replaced by a new one to it (empty: a
    /// dead connection is answered 503, as when the database is down).
    pub database_url: String,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// API settings.
    pub settings: ApiSettings,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Where attachments are stored.
    pub attachments: AttachmentStore,
    /// Slots for password hashing (argon2id: 19 MiB and tens of milliseconds each).
    pub hashing: std::sync::Arc<tokio::sync::Semaphore>,
}

/// As many hashing slots as the machine has cores, less one for everything else (at least one).
pub fn hashing_slots() -> std::sync::Arc<tokio::sync::Semaphore> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    std::sync::Arc::new(tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1)))
}

impl AppState {
    /// Runs blocking database work on the blocking pool, on the request's connection when it
    /// has one (the caller's authentication took it, and it stays the request's until the
    /// request has been answered), else on a connection of the pool known to be alive
    /// ([`ombudsman_db::checkout`]), given back afterwards.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let (pool, url) = (self.pool.clone(), self.database_url.clone());
        let statements = crate::middleware::request_statements();
        let slot = crate::middleware::request_connection();
        actix_web::web::block(move || {
            // Only an authenticated request holds a connection between its calls: others (a
            // login waiting for a hashing slot, the public routes) give it back after each.
            let (mut conn, slot) = match slot.as_ref().and_then(RequestConnection::take) {
                Some(conn) => (conn, slot),
                None => (ombudsman_db::checkout(&pool, &url)?, None),
            };
            ombudsman_db::statements::count_into(&mut conn, statements);
            let result = work(&mut conn);
            // A denial is logged after its (rolled back) transaction, on the same connection.
            if let Err(ApiError::Hidden(entry)) = &result {
                if let Err(e) = ombudsman_db::access_log::record(&mut conn, std::slice::from_ref(entry)) {
                    tracing::error!(error = %e, "could not write a denial to the access log");
                }
            }
            // What runs on it later counts into the request that runs it.
            ombudsman_db::statements::count_into(&mut conn, None);
            if let Some(slot) = slot {
                slot.keep(conn);
            }
            result
        })
        .await?
    }

    /// The account behind an access token, with its office, read on the request's connection:
    /// the first statement of the request. When the pooled connection turns out dead (the
    /// database restarted while it sat in the pool), a new one replaces it and the lookup runs
    /// again ([`ombudsman_db::checkout_with`]), so the restart costs no failed request; the
    /// connection then serves the rest of the request.
    pub async fn account(&self, user: UserId) -> Result<UserWithOffice, ApiError> {
        let (pool, url) = (self.pool.clone(), self.database_url.clone());
        let statements = crate::middleware::request_statements();
        let slot = crate::middleware::request_connection();
        actix_web::web::block(move || {
            let lookup = |conn: &mut PgConnection| {
                ombudsman_db::statements::count_into(conn, statements.clone());
                users::find_with_office(conn, user)
            };
            let (mut conn, found) = match slot.as_ref().and_then(RequestConnection::take) {
                Some(mut conn) => {
                    let found = lookup(&mut conn);
                    (conn, found)
                }
                None => match ombudsman_db::checkout_with(&pool, &url, lookup) {
                    Ok((conn, found)) => (conn, Ok(found)),
                    Err(DbError::NotFound) => return Err(ApiError::NotFound),
                    Err(e) => return Err(e.into()),
                },
            };
            ombudsman_db::statements::count_into(&mut conn, None);
            if let Some(slot) = slot {
                slot.keep(conn);
            }
            Ok(found?)
        })
        .await?
    }

    /// Runs database work in one transaction: the change, its audit event and its outbox rows
    /// commit together or not at all.
    pub async fn tx<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
    {
        self.db(move |conn| {
            use diesel::Connection;
            conn.transaction(work)
        })
        .await
    }

    /// Runs a use case in one transaction with today's date and the mail settings.
    pub async fn use_case<T, E, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        ApiError: From<E>,
        F: FnOnce(&mut PgConnection, Context<'_>) -> Result<T, E> + Send + 'static,
    {
        let (today, mail_domain) = (today(), self.settings.mail_domain.clone());
        self.tx(move |conn| {
            let ctx = Context {
                today,
                mail_domain: &mail_domain,
            };
            Ok(work(conn, ctx)?)
        })
        .await
    }
}

/// The pooled connection a request holds between its database calls (empty until its first
/// call, and again once the request has been answered).
#[derive(Clone, Default)]
pub struct RequestConnection(std::sync::Arc<std::sync::Mutex<Option<ombudsman_db::PooledConn>>>);

impl RequestConnection {
    fn take(&self) -> Option<ombudsman_db::PooledConn> {
        self.0.lock().ok()?.take()
    }

    fn keep(&self, conn: ombudsman_db::PooledConn) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(conn);
        }
    }

    /// Gives the connection back to the pool: for a request that waits on something else
    /// (a file being uploaded) before its next database call, and when the request is answered.
    pub fn release(&self) {
        drop(self.take());
    }
}

/// Today in Tashkent: the office's dates are Tashkent dates.
pub fn today() -> chrono::NaiveDate {
    ombudsman_domain::office::tashkent_date(chrono::Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a real S3-compatible store when one is configured, e.g. the compose file's MinIO:
    /// `OMBUDSMAN_TEST_S3_URL=s3://ombudsman-attachments/test AWS_ENDPOINT=http://127.0.0.1:9000
    /// AWS_ALLOW_HTTP=true AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… cargo test -p ombudsman-api
    /// --features s3 s3_store`. Without the variable it has nothing to talk to and says so.
    #[cfg(feature = "s3")]
    #[tokio::test]
    async fn s3_store_keeps_and_returns_a_file() {
        use object_store::ObjectStoreExt;
        let Ok(url) = std::env::var("OMBUDSMAN_TEST_S3_URL") else {
            eprintln!("OMBUDSMAN_TEST_S3_URL is not set: no S3 store to test against");
            return;
        };
        let store = AttachmentStore::from_url(&url, 1024).unwrap();
        store.probe().await.unwrap();
        let path = object_store::path::Path::from(format!("test/{}", uuid::Uuid::now_v7().simple()));
        store
            .store
            .put(&path, object_store::PutPayload::from_static(b"%PDF-1.7 scan"))
            .await
            .unwrap();
        let got = store.store.get(&path).await.unwrap().bytes().await.unwrap();
        assert_eq!(got.as_ref(), b"%PDF-1.7 scan");
        store.store.delete(&path).await.unwrap();
    }

    #[test]
    fn a_store_url_names_a_directory_or_a_bucket() {
        let dir = std::env::temp_dir().join(format!("omb-store-url-{}", uuid::Uuid::now_v7().simple()));
        let url = format!("file://{}", dir.display());
        assert!(AttachmentStore::from_url(&url, 10).is_ok());
        assert!(dir.is_dir());
        assert!(AttachmentStore::from_url(dir.to_str().unwrap(), 10).is_ok());
        std::fs::remove_dir_all(&dir).ok();
        assert!(AttachmentStore::from_url("ftp://host/x", 10).is_err());
        assert!(AttachmentStore::from_url("s3:///prefix", 10).is_err());
        #[cfg(not(feature = "s3"))]
        assert!(AttachmentStore::from_url("s3://bucket/prefix", 10)
            .err()
            .is_some_and(|e| e.contains("--features s3")));
    }
}
