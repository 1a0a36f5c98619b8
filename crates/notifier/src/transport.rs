//! Where e-mail goes: an SMTP server (from `SMTP_URL`), or `.eml` files in a directory.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::smtp::{SmtpPool, SmtpTarget};

/// How long one SMTP exchange (connecting, or sending one message) may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// How to deliver mail.
#[derive(Debug, Clone)]
pub enum TransportConfig {
    /// `smtp://host:port` (plain or `?tls=required` for STARTTLS), `smtps://` for implicit TLS,
    /// with optional `user:password@`.
    Smtp(String),
    /// Write each message as an `.eml` file into this directory (the development default).
    Files(PathBuf),
}

/// Why a send failed, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The server or the network failed; retry later.
    #[error("transient: {0}")]
    Transient(String),
    /// The message was refused for good (e.g. 5xx for the recipient).
    #[error("permanent: {0}")]
    Permanent(String),
}

/// A ready transport.
#[derive(Clone)]
pub enum Mailer {
    /// SMTP (plain or STARTTLS) over our own connections, with `TCP_NODELAY` (see `smtp`).
    Direct(Arc<SmtpPool>),
    /// SMTP with implicit TLS, through lettre's pooled transport.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Files.
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    /// Builds the transport with up to four pooled SMTP connections; a file directory is created
    /// if missing. Call inside a Tokio runtime (the SMTP pool starts a task).
    pub fn new(config: &TransportConfig) -> Result<Self, String> {
        Self::with_pool(config, 4)
    }

    /// Builds the transport with up to `connections` pooled SMTP connections (one per concurrent
    /// send of the worker).
    pub fn with_pool(config: &TransportConfig, connections: u32) -> Result<Self, String> {
        match config {
            TransportConfig::Smtp(url) => {
                if let Some(target) = SmtpTarget::parse(url)? {
                    let pool = SmtpPool::new(target, connections.max(1) as usize, SMTP_TIMEOUT);
                    return Ok(Mailer::Direct(Arc::new(pool)));
                }
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("invalid SMTP_URL: {e}"))?
                    .pool_config(PoolConfig::new().max_size(connections.max(1)))
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            TransportConfig::Files(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create mail directory {}: {e}", dir.display()))?;
                Ok(Mailer::Files(AsyncFileTransport::<Tokio1Executor>::new(dir)))
            }
        }
    }

    /// Sends one message.
    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Mailer::Direct(pool) => {
                let envelope = message.envelope().clone();
                pool.send(&envelope, &message.formatted()).await
            }
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(crate::smtp::classify),
            Mailer::Files(t) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Transient(e.to_string())),
        }
    }
}
