//! A small SMTP sink in this process, for benchmarks that measure the sender, not the sink: one
//! thread per connection, nothing written to disk, `TCP_NODELAY` on, and for every accepted
//! message the time of acceptance (taken before the `250` is written) and its Message-ID. The
//! aiosmtpd sink (`smtp::SmtpSink`) spends 3–4 ms of CPU a message and tops out near 300 a
//! second on one core; this one spends a few microseconds.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

type Log = Arc<Mutex<Vec<(i64, String)>>>;

/// A running sink on 127.0.0.1; stopped when dropped.
pub struct FastSink {
    /// Its port on 127.0.0.1.
    pub port: u16,
    accepted: Log,
    stop: Arc<AtomicBool>,
}

impl FastSink {
    /// Starts a sink on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fast sink");
        let port = listener.local_addr().expect("address").port();
        let accepted: Log = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (log, stopping) = (accepted.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let log = log.clone();
                    std::thread::spawn(move || {
                        let _ = serve(stream, &log);
                    });
                }
            }
        });
        Self { port, accepted, stop }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// (Unix time in ns, Message-ID) of every accepted message, in order of acceptance.
    pub fn accepted(&self) -> Vec<(i64, String)> {
        self.accepted.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

impl Drop for FastSink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn unix_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or_default()
}

fn serve(stream: TcpStream, log: &Log) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    out.write_all(b"220 fast-sink ESMTP\r\n")?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).map(<[u8]>::to_ascii_uppercase).unwrap_or_default();
        match verb.as_slice() {
            b"EHLO" => out.write_all(b"250-fast-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING\r\n")?,
            b"DATA" => {
                out.write_all(b"354 end with <CRLF>.<CRLF>\r\n")?;
                let id = read_message(&mut reader)?;
                if let Ok(mut log) = log.lock() {
                    log.push((unix_ns(), id));
                }
                out.write_all(b"250 accepted\r\n")?;
            }
            b"QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => out.write_all(b"250 OK\r\n")?,
        }
    }
}

/// Reads a message up to its final `.` line; returns its Message-ID (empty when it has none).
fn read_message(reader: &mut impl BufRead) -> std::io::Result<String> {
    let mut id = String::new();
    let mut in_headers = true;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(id);
        }
        if in_headers {
            if line == b"\r\n" || line == b"\n" {
                in_headers = false;
            } else if line.len() > 11 && line[..11].eq_ignore_ascii_case(b"message-id:") {
                id = String::from_utf8_lossy(&line[11..]).trim().to_owned();
            }
        }
    }
}
