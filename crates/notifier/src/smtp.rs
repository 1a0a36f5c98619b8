//! SMTP connections of our own, over lettre's protocol client, with `TCP_NODELAY` set.
//!
//! lettre 0.11's pooled transport writes a message's body and its final `.` as two writes on a
//! socket where Nagle's algorithm is on, so the `.` waits for the server to acknowledge the
//! body, and Linux delays that acknowledgement by up to 40 ms: about 45 ms of every message is
//! spent waiting (docs/benchmarks.md). The transport cannot be given a socket of ours, but its
//! connection can (`AsyncSmtpConnection::connect_with_transport`). This module connects the
//! socket itself, turns Nagle off, speaks STARTTLS and AUTH through lettre's connection, and keeps
//! idle connections for reuse. Implicit TLS (`smtps://`) stays with lettre's own transport.

use std::borrow::Cow;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::Error as SmtpError;

use crate::transport::SendError;

/// A connection idle longer than this is checked with `NOOP` before it is reused (servers close
/// idle connections; a busy worker never waits this long between messages).
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(5);
/// A connection idle longer than this is closed rather than reused.
const MAX_IDLE: Duration = Duration::from_secs(60);

/// STARTTLS, as `?tls=` asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartTls {
    /// Plain text (`smtp://host`).
    Never,
    /// Upgrade when the server offers it (`?tls=opportunistic`).
    Opportunistic,
    /// Refuse to send unless upgraded (`?tls=required`).
    Required,
}

/// Where and how to connect, read from an `smtp://` URL the way lettre reads it.
#[derive(Clone)]
pub struct SmtpTarget {
    host: String,
    port: u16,
    starttls: StartTls,
    hello: ClientId,
    credentials: Option<Credentials>,
}

impl std::fmt::Debug for SmtpTarget {
    // Never the credentials.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTarget")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("starttls", &self.starttls)
            .field("authenticated", &self.credentials.is_some())
            .finish()
    }
}

impl SmtpTarget {
    /// Reads `smtp://[user:password@]host[:port][/hello-name][?tls=required|opportunistic]`.
    /// `Ok(None)` for `smtps://` (implicit TLS), which lettre's transport handles.
    pub fn parse(url: &str) -> Result<Option<Self>, String> {
        let url = url::Url::parse(url).map_err(|e| format!("invalid SMTP_URL: {e}"))?;
        if url.scheme() == "smtps" {
            return Ok(None);
        }
        if url.scheme() != "smtp" {
            return Err(format!("invalid SMTP_URL: unknown scheme {:?}", url.scheme()));
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("invalid SMTP_URL: no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let tls = url.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.into_owned());
        let (starttls, default_port) = match tls.as_deref() {
            None => (StartTls::Never, 25),
            Some("required") => (StartTls::Required, 587),
            Some("opportunistic") => (StartTls::Opportunistic, 587),
            Some(other) => return Err(format!("invalid SMTP_URL: unknown tls={other:?}")),
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(Cow::into_owned)
                .map_err(|e| format!("invalid SMTP_URL credentials: {e}"))
        };
        let credentials = match url.password() {
            Some(password) => Some(Credentials::new(decode(url.username())?, decode(password)?)),
            None => None,
        };
        Ok(Some(Self {
            host,
            port: url.port().unwrap_or(default_port),
            starttls,
            hello,
            credentials,
        }))
    }
}

/// Connections to one SMTP server, opened on demand, kept while idle for reuse.
pub struct SmtpPool {
    target: SmtpTarget,
    timeout: Duration,
    max_idle: usize,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

impl SmtpPool {
    /// A pool keeping up to `max_idle` idle connections; every exchange (connecting, or sending
    /// one message) must finish within `timeout`.
    pub fn new(target: SmtpTarget, max_idle: usize, timeout: Duration) -> Self {
        Self {
            target,
            timeout,
            max_idle: max_idle.max(1),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Sends one message. A connection that fails is closed, never reused.
    pub async fn send(&self, envelope: &Envelope, email: &[u8]) -> Result<(), SendError> {
        let mut conn = match tokio::time::timeout(self.timeout, self.checkout()).await {
            Ok(conn) => conn?,
            Err(_) => return Err(SendError::Transient("SMTP connection timed out".into())),
        };
        match tokio::time::timeout(self.timeout, conn.send(envelope, email)).await {
            Ok(Ok(_)) if !conn.has_broken() => {
                self.checkin(conn);
                Ok(())
            }
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => {
                conn.abort().await;
                Err(classify(e))
            }
            Err(_) => Err(SendError::Transient("SMTP server did not answer in time".into())),
        }
    }

    async fn checkout(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let next = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
            let Some((mut conn, since)) = next else { break };
            let idle_for = since.elapsed();
            if idle_for > MAX_IDLE || conn.has_broken() {
                conn.abort().await;
                continue;
            }
            if idle_for > CHECK_AFTER_IDLE && !conn.test_connected().await {
                conn.abort().await;
                continue;
            }
            return Ok(conn);
        }
        self.connect().await
    }

    fn checkin(&self, conn: AsyncSmtpConnection) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.max_idle {
                idle.push((conn, Instant::now()));
            }
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let t = &self.target;
        let network = |e: std::io::Error| SendError::Transient(format!("cannot connect to the SMTP server: {e}"));
        let stream = tokio::net::TcpStream::connect((t.host.as_str(), t.port))
            .await
            .map_err(network)?;
        // The point of this module: every write goes out at once.
        stream.set_nodelay(true).map_err(network)?;
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &t.hello)
            .await
            .map_err(classify)?;
        let upgrade = match t.starttls {
            StartTls::Never => false,
            StartTls::Opportunistic => conn.can_starttls(),
            StartTls::Required => true,
        };
        let ready = async {
            if upgrade {
                conn.starttls(TlsParameters::new(t.host.clone())?, &t.hello).await?;
            }
            if let Some(credentials) = &t.credentials {
                conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await?;
            }
            Ok::<_, SmtpError>(())
        };
        match ready.await {
            Ok(()) => Ok(conn),
            Err(e) => {
                conn.abort().await;
                Err(classify(e))
            }
        }
    }
}

/// A refusal for good (5xx) is permanent; anything else may pass on a later try.
pub(crate) fn classify(e: SmtpError) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Transient(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{SmtpTarget, StartTls};

    #[test]
    fn urls_are_read_the_way_lettre_reads_them() {
        let plain = SmtpTarget::parse("smtp://127.0.0.1:2525").unwrap().unwrap();
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.starttls),
            ("127.0.0.1", 2525, StartTls::Never)
        );
        assert!(plain.credentials.is_none());

        let submission = SmtpTarget::parse("smtp://mailer:p%40ss@mail.example.uz/ombudsman.uz?tls=required")
            .unwrap()
            .unwrap();
        assert_eq!(submission.port, 587);
        assert_eq!(submission.starttls, StartTls::Required);
        assert!(submission.credentials.is_some());
        assert!(
            matches!(&submission.hello, lettre::transport::smtp::extension::ClientId::Domain(d) if d == "ombudsman.uz")
        );
        let shown = format!("{submission:?}");
        assert!(!shown.contains("p@ss") && !shown.contains("mailer"), "{shown}");

        let opportunistic = SmtpTarget::parse("smtp://mail.example.uz?tls=opportunistic")
            .unwrap()
            .unwrap();
        assert_eq!(opportunistic.starttls, StartTls::Opportunistic);
        let v6 = SmtpTarget::parse("smtp://[::1]:25").unwrap().unwrap();
        assert_eq!(v6.host, "::1");
    }

    #[test]
    fn implicit_tls_is_left_to_lettre_and_nonsense_is_refused() {
        assert!(SmtpTarget::parse("smtps://mail.example.uz").unwrap().is_none());
        assert!(SmtpTarget::parse("smtp://mail.example.uz?tls=sometimes").is_err());
        assert!(SmtpTarget::parse("http://mail.example.uz").is_err());
        assert!(SmtpTarget::parse("not a url").is_err());
    }
}
