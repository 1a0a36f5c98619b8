//! The service configuration: defaults, then an optional TOML file, then the environment,
//! parsed once into [`Settings`] and passed down.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The JWT secret used when none is configured: fine on a developer machine, refused in
/// production.
pub const DEVELOPMENT_JWT_SECRET: &str = "development-only-secret-change-me-0123456789";

/// Where the service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Developer machine: defaults allowed.
    Development,
    /// Production: no default secret, no file mail transport.
    Production,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line (default).
    Json,
    /// Human-readable.
    Pretty,
}

/// Everything the service is configured with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `development` or `production`.
    #[serde(default = "defaults::environment")]
    pub environment: Environment,
    /// PostgreSQL URL (`DATABASE_URL`).
    #[serde(default = "defaults::database_url")]
    pub database_url: String,
    /// Address the API listens on.
    #[serde(default = "defaults::bind")]
    pub bind: String,
    /// Mail server (`SMTP_URL`); unset: e-mails are written as files into `mail_dir`.
    #[serde(default)]
    pub smtp_url: Option<String>,
    /// Directory of the file mail transport.
    #[serde(default = "defaults::mail_dir")]
    pub mail_dir: PathBuf,
    /// `From` of outgoing e-mail.
    #[serde(default = "defaults::mail_from")]
    pub mail_from: String,
    /// Secret that signs access tokens (HS256); at least 32 bytes.
    #[serde(default = "defaults::jwt_secret")]
    pub jwt_secret: SecretString,
    /// `iss` of access tokens.
    #[serde(default = "defaults::jwt_issuer")]
    pub jwt_issuer: String,
    /// `aud` of access tokens.
    #[serde(default = "defaults::jwt_audience")]
    pub jwt_audience: String,
    /// Lifetime of an access token.
    #[serde(default = "defaults::access_token_ttl_secs")]
    pub access_token_ttl_secs: i64,
    /// Lifetime of a refresh token.
    #[serde(default = "defaults::refresh_token_ttl_secs")]
    pub refresh_token_ttl_secs: i64,
    /// Database connections in the pool.
    #[serde(default = "defaults::db_pool_size")]
    pub db_pool_size: u32,
    /// How long a request waits for a database connection before it is answered 503, in
    /// milliseconds (also how long a client waits for that answer while the database is down).
    #[serde(default = "defaults::db_pool_timeout_ms")]
    pub db_pool_timeout_ms: u64,
    /// Reverse proxies whose `X-Forwarded-For` names the client, comma-separated addresses or
    /// networks (`10.0.0.0/8, 192.168.1.5`); empty: the connecting address is the client.
    #[serde(default)]
    pub trusted_proxies: String,
    /// Send `Strict-Transport-Security` with this max-age (set it only when the service is
    /// reached over HTTPS alone).
    #[serde(default)]
    pub hsts_max_age_secs: Option<u64>,
    /// When set, `/metrics` answers only `Authorization: Bearer <this token>`.
    #[serde(default)]
    pub metrics_token: Option<SecretString>,
    /// When set, `/metrics` is served on this address only (e.g. `127.0.0.1:9090`), not on `bind`.
    #[serde(default)]
    pub metrics_bind: Option<String>,
    /// Public status lookups one client address may make per minute (shared by all instances).
    #[serde(default = "defaults::lookup_limit_per_minute")]
    pub lookup_limit_per_minute: i32,
    /// Appeals one client address may file online per hour (shared by all instances).
    #[serde(default = "defaults::intake_limit_per_hour")]
    pub intake_limit_per_hour: i32,
    /// Appeals filed online for one e-mail address per day (shared by all instances).
    #[serde(default = "defaults::intake_limit_per_email_per_day")]
    pub intake_limit_per_email_per_day: i32,
    /// The address citizens reach the service at, for the links in their e-mails.
    #[serde(default = "defaults::public_url")]
    pub public_url: String,
    /// HTTP worker threads (0: one per core).
    #[serde(default)]
    pub http_workers: usize,
    /// Largest JSON body accepted, in bytes.
    #[serde(default = "defaults::json_limit")]
    pub json_limit: usize,
    /// Apply migrations when `serve` starts (turn off for multi-replica deployments).
    #[serde(default = "defaults::yes")]
    pub migrate_on_start: bool,
    /// Run the notification worker inside `serve`.
    #[serde(default = "defaults::yes")]
    pub embedded_worker: bool,
    /// Directory of the attachment store.
    #[serde(default = "defaults::attachments_dir")]
    pub attachments_dir: PathBuf,
    /// The attachment store as a URL, instead of `attachments_dir`: `s3://bucket/prefix` (an
    /// S3-compatible store such as MinIO, with the `AWS_*` variables; binaries built with
    /// `--features s3`) or `file:///dir`.
    #[serde(default)]
    pub attachments_url: Option<String>,
    /// Largest attachment accepted, in bytes.
    #[serde(default = "defaults::attachment_max_bytes")]
    pub attachment_max_bytes: u64,
    /// `json` or `pretty`.
    #[serde(default = "defaults::log_format")]
    pub log_format: LogFormat,
    /// Messages the notification worker sends at the same time.
    #[serde(default = "defaults::mail_concurrency")]
    pub mail_concurrency: usize,
    /// First delay before a failed e-mail is tried again, in milliseconds; it doubles each time.
    #[serde(default = "defaults::mail_retry_base_ms")]
    pub mail_retry_base_ms: u64,
    /// Longest delay between two tries, in seconds.
    #[serde(default = "defaults::mail_retry_max_secs")]
    pub mail_retry_max_secs: u64,
    /// How long a worker holds a claimed message before another worker may send it, in seconds.
    #[serde(default = "defaults::mail_lease_secs")]
    pub mail_lease_secs: i64,
    /// How often the worker looks for mail when no LISTEN notification arrives, in milliseconds.
    #[serde(default = "defaults::mail_poll_ms")]
    pub mail_poll_ms: u64,
    /// Look for due reminders and digests in this process.
    #[serde(default = "defaults::yes")]
    pub reminders: bool,
    /// List an appeal in its officer's daily digest from this many days before its deadline.
    #[serde(default = "defaults::reminder_days_before")]
    pub reminder_days_before: i32,
    /// Hour from which each member of staff's daily digest goes out (Tashkent time).
    #[serde(default = "defaults::daily_digest_hour")]
    pub daily_digest_hour: u32,
    /// Day of the managers' weekly digest: `mon` … `sun` (Tashkent time).
    #[serde(default = "defaults::digest_weekday")]
    pub digest_weekday: String,
    /// Hour of that day from which the digest goes out (Tashkent time).
    #[serde(default = "defaults::digest_hour")]
    pub digest_hour: u32,
}

mod defaults {
    use super::*;
    pub fn environment() -> Environment {
        Environment::Development
    }
    pub fn database_url() -> String {
        "postgres://localhost/ombudsman".into()
    }
    pub fn bind() -> String {
        "127.0.0.1:8080".into()
    }
    pub fn mail_dir() -> PathBuf {
        PathBuf::from("var/mail")
    }
    pub fn mail_from() -> String {
        "Ombudsman <no-reply@ombudsman.localhost>".into()
    }
    pub fn jwt_secret() -> SecretString {
        SecretString::from(DEVELOPMENT_JWT_SECRET)
    }
    pub fn jwt_issuer() -> String {
        "ombudsman".into()
    }
    pub fn jwt_audience() -> String {
        "ombudsman-api".into()
    }
    pub fn access_token_ttl_secs() -> i64 {
        900
    }
    pub fn refresh_token_ttl_secs() -> i64 {
        30 * 24 * 3600
    }
    pub fn db_pool_size() -> u32 {
        16
    }
    pub fn db_pool_timeout_ms() -> u64 {
        1000
    }
    pub fn lookup_limit_per_minute() -> i32 {
        30
    }
    pub fn intake_limit_per_hour() -> i32 {
        5
    }
    pub fn intake_limit_per_email_per_day() -> i32 {
        3
    }
    pub fn public_url() -> String {
        "http://127.0.0.1:8080".into()
    }
    pub fn json_limit() -> usize {
        1024 * 1024
    }
    pub fn attachments_dir() -> PathBuf {
        PathBuf::from("var/attachments")
    }
    pub fn attachment_max_bytes() -> u64 {
        25 * 1024 * 1024
    }
    pub fn yes() -> bool {
        true
    }
    pub fn mail_concurrency() -> usize {
        4
    }
    pub fn mail_retry_base_ms() -> u64 {
        10_000
    }
    pub fn mail_retry_max_secs() -> u64 {
        3600
    }
    pub fn mail_lease_secs() -> i64 {
        120
    }
    pub fn mail_poll_ms() -> u64 {
        1000
    }
    pub fn reminder_days_before() -> i32 {
        3
    }
    pub fn digest_weekday() -> String {
        "mon".into()
    }
    pub fn digest_hour() -> u32 {
        8
    }
    pub fn daily_digest_hour() -> u32 {
        8
    }
    pub fn log_format() -> LogFormat {
        LogFormat::Json
    }
}

/// Variables read without the `OMBUDSMAN_` prefix, as every tool names them.
const PLAIN_VARIABLES: &[&str] = &["DATABASE_URL", "SMTP_URL"];

impl Settings {
    /// The attachment store the settings name (`attachments_url`, else `attachments_dir`).
    pub fn attachment_store(&self) -> Result<ombudsman_api::AttachmentStore, String> {
        match &self.attachments_url {
            Some(url) => ombudsman_api::AttachmentStore::from_url(url, self.attachment_max_bytes),
            None => ombudsman_api::AttachmentStore::local(&self.attachments_dir, self.attachment_max_bytes),
        }
    }

    /// Reads defaults, then `file` (if given, or `ombudsman.toml` if present), then the
    /// environment (`DATABASE_URL`, `SMTP_URL`, and `OMBUDSMAN_<FIELD>` for every field).
    pub fn load(file: Option<&Path>) -> Result<Self, String> {
        let mut figment = Figment::new();
        match file {
            Some(path) => {
                if !path.exists() {
                    return Err(format!("configuration file {} does not exist", path.display()));
                }
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("ombudsman.toml")),
        }
        let settings: Settings = figment
            .merge(Env::raw().only(PLAIN_VARIABLES))
            .merge(Env::prefixed("OMBUDSMAN_").ignore(&["config"]))
            .extract()
            .map_err(|e| format!("invalid configuration: {e}"))?;
        settings.check()?;
        Ok(settings)
    }

    /// Refuses settings that are unsafe or inconsistent.
    pub fn check(&self) -> Result<(), String> {
        let secret = self.jwt_secret.expose_secret();
        if secret.len() < 32 {
            return Err("jwt_secret must be at least 32 bytes".into());
        }
        if self.environment == Environment::Production {
            if secret == DEVELOPMENT_JWT_SECRET {
                return Err("production refuses the development JWT secret: set OMBUDSMAN_JWT_SECRET".into());
            }
            let lower = secret.to_lowercase();
            if ["change-me", "changeme", "placeholder", "example", "secret-here"]
                .iter()
                .any(|p| lower.contains(p))
            {
                return Err("production refuses a placeholder JWT secret: set OMBUDSMAN_JWT_SECRET".into());
            }
            if entropy_bits(secret) < 128.0 {
                return Err(
                    "production refuses a low-entropy JWT secret (under 128 bits): generate one with \
                     `openssl rand -base64 48`"
                        .into(),
                );
            }
            if self.smtp_url.is_none() {
                return Err("production refuses the file mail transport: set SMTP_URL".into());
            }
        }
        if let Some(url) = &self.attachments_url {
            if !(url.starts_with("s3://") || url.starts_with("file://")) {
                return Err(format!("attachments_url must start with s3:// or file://, not '{url}'"));
            }
        }
        ombudsman_api::client::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| format!("trusted_proxies: {e}"))?;
        if self
            .metrics_token
            .as_ref()
            .is_some_and(|t| t.expose_secret().len() < 16)
        {
            return Err("metrics_token must be at least 16 characters".into());
        }
        if self.intake_limit_per_hour < 1 || self.intake_limit_per_email_per_day < 1 {
            return Err("intake_limit_per_hour and intake_limit_per_email_per_day must be at least 1".into());
        }
        if !(self.public_url.starts_with("https://") || self.public_url.starts_with("http://")) {
            return Err("public_url must start with https:// (or http://)".into());
        }
        if self.lookup_limit_per_minute < 1 {
            return Err("lookup_limit_per_minute must be at least 1".into());
        }
        if !(100..=30_000).contains(&self.db_pool_timeout_ms) {
            return Err("db_pool_timeout_ms must be between 100 and 30000".into());
        }
        if self.digest_weekday.parse::<chrono::Weekday>().is_err() {
            return Err(format!(
                "digest_weekday must be mon … sun, not '{}'",
                self.digest_weekday
            ));
        }
        if self.digest_hour > 23 || self.daily_digest_hour > 23 || !(0..=60).contains(&self.reminder_days_before) {
            return Err("digest_hour and daily_digest_hour are 0 to 23, reminder_days_before 0 to 60".into());
        }
        if self.mail_concurrency == 0
            || self.mail_retry_base_ms == 0
            || self.mail_poll_ms == 0
            || self.mail_lease_secs < 1
        {
            return Err(
                "mail_concurrency, mail_retry_base_ms, mail_poll_ms and mail_lease_secs must be positive".into(),
            );
        }
        if self.access_token_ttl_secs < 30 || self.refresh_token_ttl_secs < self.access_token_ttl_secs {
            return Err("token lifetimes: access at least 30 s, refresh at least as long as access".into());
        }
        Ok(())
    }
}

/// The Shannon entropy of a secret's characters times its length: a rough upper bound of its
/// strength, enough to refuse `aaaa…` or a repeated phrase.
fn entropy_bits(secret: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in secret.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = secret.chars().count() as f64;
    let per_char: f64 = counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum();
    per_char * n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_weak_and_shipped_secrets() {
        let mut s = dev();
        s.environment = Environment::Production;
        s.smtp_url = Some("smtp://127.0.0.1:25".into());
        for weak in [
            "a".repeat(43),
            "change-me-change-me-change-me-change-me".to_owned(),
            "abababababababababababababababababababab".to_owned(),
        ] {
            s.jwt_secret = SecretString::from(weak.clone());
            assert!(s.check().is_err(), "{weak} accepted");
        }
        s.jwt_secret = SecretString::from("k3P9vQ2xLm7RtY8wZc4NbF6hJd1GsA5eUoXiVq0TnWy");
        assert!(s.check().is_ok());
    }

    fn dev() -> Settings {
        figment::Figment::new().extract().unwrap()
    }

    #[test]
    fn defaults_work_on_a_developer_machine() {
        let s = dev();
        assert_eq!(s.database_url, "postgres://localhost/ombudsman");
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert!(s.check().is_ok());
    }

    #[test]
    fn production_refuses_the_default_secret_and_file_mail() {
        let mut s = dev();
        s.environment = Environment::Production;
        s.smtp_url = Some("smtp://127.0.0.1:25".into());
        assert!(s.check().unwrap_err().contains("JWT secret"));
        s.jwt_secret = SecretString::from("a-real-secret-of-more-than-32-bytes-xyz");
        assert!(s.check().is_ok());
        s.smtp_url = None;
        assert!(s.check().unwrap_err().contains("file mail"));
    }

    #[test]
    fn secrets_do_not_print() {
        let printed = format!("{:?}", dev());
        assert!(!printed.contains(DEVELOPMENT_JWT_SECRET));
    }
}
