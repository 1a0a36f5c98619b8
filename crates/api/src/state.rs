//! What every handler shares: the pool, the token keys, the metrics.

use diesel::PgConnection;
use ombudsman_app::Context;

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

/// The shared state of the application.
#[derive(Clone)]
pub struct AppState {
    /// Database pool.
    pub pool: ombudsman_db::Pool,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// API settings.
    pub settings: ApiSettings,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Where attachments are stored.
    pub attachments: AttachmentStore,
    /// Limits the public status lookup per client.
    pub lookup_limiter: crate::ratelimit::RateLimiter,
    /// Slots for password hashing (argon2id: 19 MiB and tens of milliseconds each).
    pub hashing: std::sync::Arc<tokio::sync::Semaphore>,
}

/// As many hashing slots as the machine has cores, less one for everything else (at least one).
pub fn hashing_slots() -> std::sync::Arc<tokio::sync::Semaphore> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    std::sync::Arc::new(tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1)))
}

impl AppState {
    /// Runs blocking database work on the blocking pool with a pooled connection.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(|e| ApiError::Unavailable(e.to_string()))?;
            let result = work(&mut conn);
            // A denial is logged after its (rolled back) transaction, on the same connection.
            if let Err(ApiError::Hidden(entry)) = &result {
                if let Err(e) = ombudsman_db::access_log::record(&mut conn, std::slice::from_ref(entry)) {
                    tracing::error!(error = %e, "could not write a denial to the access log");
                }
            }
            result
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

/// Today in Tashkent: the office's dates are Tashkent dates.
pub fn today() -> chrono::NaiveDate {
    ombudsman_domain::office::tashkent_date(chrono::Utc::now())
}
