//! A real SMTP server process for the tests: `tests/smtp_sink.py` (aiosmtpd), which stores every
//! accepted message as a file.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A message as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// `Message-ID`.
    pub message_id: String,
    /// `To`.
    pub to: String,
    /// `Subject`, decoded.
    pub subject: String,
    /// `Content-Language`.
    pub language: String,
    /// The text/plain part, decoded.
    pub text: String,
    /// The text/html part, decoded.
    pub html: String,
}

/// The running server; killed when dropped.
pub struct SmtpSink {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Where it stores messages.
    pub dir: PathBuf,
    child: Child,
}

/// A free port on 127.0.0.1 (nothing listens on it once this returns).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("address").port()
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

impl SmtpSink {
    /// Starts a server on a free port.
    pub fn start() -> Self {
        Self::start_on(free_port(), 0)
    }

    /// Starts a server on `port`, slowing every message by `delay_ms`.
    pub fn start_on(port: u16, delay_ms: u64) -> Self {
        let dir = std::env::temp_dir().join(format!("omb-smtp-{}", uuid::Uuid::now_v7().simple()));
        Self::start_in(port, delay_ms, &dir)
    }

    /// Starts a server on `port` storing into `dir` (which may hold messages of an earlier run).
    pub fn start_in(port: u16, delay_ms: u64, dir: &Path) -> Self {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("smtp_sink.py");
        let mut child = Command::new(python())
            .arg(&script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .args(["--delay-ms", &delay_ms.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tests/smtp_sink.py (needs python3 with aiosmtpd: pip install aiosmtpd)");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read from the SMTP sink");
        assert!(
            line.starts_with("ready"),
            "the SMTP sink did not start (is aiosmtpd installed?): {line:?}"
        );
        Self {
            port,
            dir: dir.to_owned(),
            child,
        }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order of acceptance.
    pub fn messages(&self) -> Vec<Mail> {
        read_dir(&self.dir)
    }

    /// Waits (without blocking the async runtime) until at least `n` messages arrived, or
    /// `timeout` passed, and returns them all.
    pub async fn arrived(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n || start.elapsed() > timeout {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Blocks until at least `n` messages arrived (or `timeout` passed) and returns them all.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n || start.elapsed() > timeout {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server (the port is then closed).
    pub fn stop(mut self) -> PathBuf {
        self.kill();
        self.dir.clone()
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Reads the messages stored in a sink's directory.
pub fn read_dir(dir: &Path) -> Vec<Mail> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect(),
        Err(_) => return Vec::new(),
    };
    files.sort();
    files
        .iter()
        .map(|f| parse(&std::fs::read(f).expect("read message")))
        .collect()
}

/// Parses one message.
pub fn parse(raw: &[u8]) -> Mail {
    use mailparse::MailHeaderMap;
    let parsed = mailparse::parse_mail(raw).expect("a well-formed message");
    let header = |name: &str| parsed.headers.get_first_value(name).unwrap_or_default();
    let mut text = String::new();
    let mut html = String::new();
    let mut parts = vec![&parsed];
    while let Some(part) = parts.pop() {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = part.get_body().expect("text body"),
            "text/html" => html = part.get_body().expect("html body"),
            _ => parts.extend(part.subparts.iter()),
        }
    }
    Mail {
        message_id: header("Message-ID"),
        to: header("To"),
        subject: header("Subject"),
        language: header("Content-Language"),
        text,
        html,
    }
}
