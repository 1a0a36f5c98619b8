#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Notification delivery benchmark: the real worker (`ombudsman_notifier::Worker`) against a fresh
//! PostgreSQL database and the aiosmtpd sink (`tests/smtp_sink.py`).
//!
//! * Throughput: N messages (`BENCH_MESSAGES`, default 2000) are queued first, then the worker(s)
//!   start; the clock runs until every row is `sent`.
//! * Latency: with an idle worker running, messages are committed one per transaction at a steady
//!   rate (`BENCH_LATENCY_MESSAGES`, default 500, at `BENCH_RATE` per second, default 50; then
//!   `BENCH_SLOW_MESSAGES`, default 100, at `BENCH_SLOW_RATE`, default 5, which leaves the worker
//!   idle between messages); the delay of each is the sink's acceptance time (`accepted.log`)
//!   minus the wall-clock time right after its commit returned. Each rate once with
//!   LISTEN/NOTIFY, once polling only (every second).
//! * The SMTP exchange alone: a plain client on one connection, writing the way lettre does, with
//!   and without TCP_NODELAY.
//!
//! Besides wall time, every run samples CPU time (from `/proc`) of the sink, of this process
//! (worker, pools, the progress poller), of all `postgres` processes and of the whole machine,
//! to show where the time goes.
//!
//! Run with `scripts/bench`, or `cargo bench -p ombudsman-e2e --bench notifier [-- FILTER...]`,
//! where a FILTER is part of a scenario name (`throughput`, `latency`, `1x4`, `poll`, ...).
//! Prints Markdown tables on standard output.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_domain::language::Language;
use ombudsman_e2e::fast_smtp::FastSink;
use ombudsman_e2e::smtp::{free_port, SmtpSink};
use ombudsman_e2e::TestDb;
use ombudsman_notifier::{Mailer, TransportConfig, Worker, WorkerConfig};
use serde_json::json;
use tokio::runtime::Runtime;
use tokio::sync::watch;

const MAIL_DOMAIN: &str = "bench.test";
/// Longest a run may take before the benchmark gives up.
const TIMEOUT: Duration = Duration::from_secs(600);
/// Linux reports CPU times in USER_HZ, which is 100 on every architecture it supports.
const TICKS_PER_SEC: f64 = 100.0;

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a positive integer, not {v:?}")),
        Err(_) => default,
    }
}

fn unix_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos() as i64
}

/// One `appeal_registered` acknowledgement to a recipient of its own, in one of the four languages.
fn message(prefix: &str, i: usize) -> NewMessage {
    const LANGUAGES: [Language; 4] = [Language::Ru, Language::UzLatn, Language::UzCyrl, Language::En];
    NewMessage {
        kind: "appeal_registered".into(),
        recipient: format!("{prefix}{i}@example.org"),
        language: LANGUAGES[i % LANGUAGES.len()],
        payload: json!({
            "number": format!("HQ-2025-{i:06}"),
            "access_code": "ABCD234567",
            "received_on": "2025-03-14",
            "due_on": "2025-04-14",
            "subject": "Пенсия уч ойдан бери тўланмаяпти",
        }),
        dedupe_key: None,
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).expect("count").n
}

fn sent(conn: &mut PgConnection) -> i64 {
    count(conn, "SELECT count(*) AS n FROM outbox WHERE status = 'sent'")
}

/// Blocks until `n` rows are sent; panics on a dead message or after [`TIMEOUT`].
fn wait_all_sent(conn: &mut PgConnection, n: usize, every: Duration) {
    let start = Instant::now();
    loop {
        if sent(conn) == n as i64 {
            return;
        }
        let dead = count(conn, "SELECT count(*) AS n FROM outbox WHERE status = 'dead'");
        assert_eq!(dead, 0, "messages died during the benchmark");
        assert!(
            start.elapsed() < TIMEOUT,
            "not all {n} messages were sent in {TIMEOUT:?}"
        );
        std::thread::sleep(every);
    }
}

/// What the mail goes to.
enum Target<'a> {
    Sink(&'a SmtpSink),
    Fast(&'a FastSink),
    Files(PathBuf),
}

/// Which SMTP server receives: the aiosmtpd sink of the tests (a Python process, files on disk)
/// or the small sink in this process (`FastSink`), whose CPU counts in the benchmark's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Smtp {
    Python,
    Fast,
}

/// A running SMTP server of either kind.
enum Server {
    Python(SmtpSink),
    Fast(FastSink),
}

impl Server {
    fn start(kind: Smtp) -> Self {
        match kind {
            Smtp::Python => Server::Python(SmtpSink::start_on(free_port(), 0)),
            Smtp::Fast => Server::Fast(FastSink::start()),
        }
    }

    fn target(&self) -> Target<'_> {
        match self {
            Server::Python(s) => Target::Sink(s),
            Server::Fast(s) => Target::Fast(s),
        }
    }

    /// The Python sink's process (the fast sink runs in this one).
    fn pid(&self) -> Option<String> {
        match self {
            Server::Python(s) => Some(sink_pid(&s.dir).expect("cannot find the SMTP sink's process")),
            Server::Fast(_) => None,
        }
    }

    fn accepted(&self) -> Vec<(i64, String)> {
        match self {
            Server::Python(s) => accepted(&s.dir),
            Server::Fast(s) => s.accepted(),
        }
    }

    fn stop(self) {
        if let Server::Python(s) = self {
            let _ = std::fs::remove_dir_all(s.stop());
        }
    }
}

/// Builds a worker the way `ombudsman worker` does (its own pool of `2 + concurrency`).
fn worker(db: &TestDb, target: &Target<'_>, concurrency: usize, listen: bool) -> Worker {
    let transport = match target {
        Target::Sink(sink) => TransportConfig::Smtp(sink.url()),
        Target::Fast(sink) => TransportConfig::Smtp(sink.url()),
        Target::Files(dir) => TransportConfig::Files(dir.clone()),
    };
    let mailer = Mailer::with_pool(&transport, concurrency as u32).expect("transport");
    let mut config = WorkerConfig {
        from: "Ombudsman <no-reply@bench.test>".into(),
        mail_domain: MAIL_DOMAIN.into(),
        listen_url: listen.then(|| db.url.clone()),
        concurrency,
        batch_size: 50,
        ..Default::default()
    };
    config.schedule.enabled = false;
    let pool = ombudsman_db::pool(&db.url, 2 + concurrency as u32);
    Worker::new(pool, mailer, config)
}

/// Running workers; stopped (and awaited) by [`Running::stop`].
struct Running {
    stop: watch::Sender<bool>,
    handles: Vec<tokio::task::JoinHandle<()>>,
}

impl Running {
    fn start(rt: &Runtime, workers: Vec<Worker>) -> Self {
        // The sender lives as long as the workers: dropping it would make `shutdown.changed()`
        // return at once on every idle turn of the loop.
        let (stop, stopped) = watch::channel(false);
        let handles = workers.into_iter().map(|w| rt.spawn(w.run(stopped.clone()))).collect();
        Self { stop, handles }
    }

    fn stop(self, rt: &Runtime) {
        self.stop.send_replace(true);
        for h in self.handles {
            rt.block_on(h).expect("worker task");
        }
    }
}

/// Waits until `n` LISTEN connections are open on the database.
fn wait_listening(conn: &mut PgConnection, n: i64) {
    let start = Instant::now();
    while count(
        conn,
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN outbox'",
    ) < n
    {
        assert!(start.elapsed() < Duration::from_secs(30), "the worker does not LISTEN");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc.

/// utime + stime of a process, in ticks, and its command name.
fn proc_stat(pid: &str) -> Option<(String, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat[open + 1..close].to_owned();
    let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
    // Fields 14 and 15 of stat(5); the slice starts at field 3.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((comm, utime + stime))
}

fn pids() -> Vec<String> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
                .collect()
        })
        .unwrap_or_default()
}

/// The process of the SMTP sink storing into `dir`.
fn sink_pid(dir: &std::path::Path) -> Option<String> {
    let needle = dir.to_string_lossy().into_owned();
    pids().into_iter().find(|pid| {
        std::fs::read(format!("/proc/{pid}/cmdline"))
            .map(|c| {
                let c = String::from_utf8_lossy(&c);
                c.contains("smtp_sink.py") && c.contains(&needle)
            })
            .unwrap_or(false)
    })
}

/// (busy, total) ticks of the whole machine.
fn machine() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let values: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest times are already in user)
    let total: u64 = values.iter().take(8).sum();
    let idle = values.get(3).copied().unwrap_or(0) + values.get(4).copied().unwrap_or(0);
    (total.saturating_sub(idle), total)
}

#[derive(Clone)]
struct CpuSample {
    at: Instant,
    own: u64,
    sink: u64,
    postgres: HashMap<String, u64>,
    busy: u64,
    total: u64,
}

fn sample(sink: Option<&str>) -> CpuSample {
    let mut postgres = HashMap::new();
    for pid in pids() {
        if let Some((comm, ticks)) = proc_stat(&pid) {
            if comm == "postgres" {
                postgres.insert(pid, ticks);
            }
        }
    }
    let (busy, total) = machine();
    CpuSample {
        at: Instant::now(),
        own: proc_stat("self").map_or(0, |s| s.1),
        sink: sink.and_then(proc_stat).map_or(0, |s| s.1),
        postgres,
        busy,
        total,
    }
}

/// CPU used between two samples: percentages of one core, and of the whole machine.
#[derive(Clone, Copy)]
struct CpuUse {
    sink: f64,
    own: f64,
    postgres: f64,
    machine: f64,
}

fn cpu_between(a: &CpuSample, b: &CpuSample) -> CpuUse {
    let secs = (b.at - a.at).as_secs_f64();
    let pct = |ticks: u64| ticks as f64 / TICKS_PER_SEC / secs * 100.0;
    // Backends that started during the run count from zero; those that ended are lost.
    let postgres: u64 = b
        .postgres
        .iter()
        .map(|(pid, t)| t.saturating_sub(a.postgres.get(pid).copied().unwrap_or(0)))
        .sum();
    CpuUse {
        sink: pct(b.sink.saturating_sub(a.sink)),
        own: pct(b.own.saturating_sub(a.own)),
        postgres: pct(postgres),
        machine: (b.busy - a.busy) as f64 / (b.total - a.total).max(1) as f64 * 100.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Throughput.

struct Throughput {
    name: String,
    transport: &'static str,
    workers: usize,
    concurrency: usize,
    messages: usize,
    secs: f64,
    cpu: CpuUse,
    received: Option<(usize, usize)>,
}

fn throughput(
    rt: &Runtime,
    name: &str,
    n: usize,
    workers: usize,
    concurrency: usize,
    smtp: Option<Smtp>,
) -> Throughput {
    let db = TestDb::new();
    let mut conn = db.conn();
    conn.transaction(|c| {
        for i in 0..n {
            outbox::enqueue(c, &message("tp", i), MAIL_DOMAIN)?;
        }
        Ok::<_, ombudsman_db::DbError>(())
    })
    .expect("queue messages");
    // Settle the freshly written table so that the first claims do not pay for it.
    conn.batch_execute("VACUUM ANALYZE outbox").expect("vacuum");

    let sink = smtp.map(Server::start);
    let files = std::env::temp_dir().join(format!("omb-bench-files-{}", uuid::Uuid::now_v7().simple()));
    let target = match &sink {
        Some(s) => s.target(),
        None => Target::Files(files.clone()),
    };
    let sink_pid = sink.as_ref().and_then(Server::pid);
    let built: Vec<Worker> = (0..workers).map(|_| worker(&db, &target, concurrency, true)).collect();

    let before = sample(sink_pid.as_deref());
    let running = Running::start(rt, built);
    wait_all_sent(&mut conn, n, Duration::from_millis(20));
    let after = sample(sink_pid.as_deref());
    running.stop(rt);

    let received = sink.as_ref().map(|s| {
        let log = s.accepted();
        let distinct: std::collections::HashSet<&String> = log.iter().map(|(_, id)| id).collect();
        (log.len(), distinct.len())
    });
    if let Some(sink) = sink {
        sink.stop();
    }
    let _ = std::fs::remove_dir_all(&files);
    Throughput {
        name: name.to_owned(),
        transport: match smtp {
            Some(Smtp::Python) => "SMTP (aiosmtpd)",
            Some(Smtp::Fast) => "SMTP (sink in the benchmark)",
            None => "files (control)",
        },
        workers,
        concurrency,
        messages: n,
        secs: (after.at - before.at).as_secs_f64(),
        cpu: cpu_between(&before, &after),
        received,
    }
}

// ---------------------------------------------------------------------------------------------
// Latency.

/// `accepted.log`: (Unix ns, Message-ID) per accepted message.
fn accepted(dir: &std::path::Path) -> Vec<(i64, String)> {
    std::fs::read_to_string(dir.join("accepted.log"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (ns, id) = line.split_once(' ')?;
            Some((ns.parse().ok()?, id.trim().to_owned()))
        })
        .collect()
}

struct Latency {
    name: String,
    listen: bool,
    messages: usize,
    target_rate: usize,
    achieved_rate: f64,
    /// Delays in milliseconds, sorted.
    delays: Vec<f64>,
    duplicates: usize,
    cpu: CpuUse,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn latency(rt: &Runtime, name: &str, n: usize, rate: usize, listen: bool, smtp: Smtp) -> Latency {
    let db = TestDb::new();
    let sink = Server::start(smtp);
    let sink_pid = sink.pid();
    let running = Running::start(rt, vec![worker(&db, &sink.target(), 4, listen)]);
    let mut conn = db.conn();
    if listen {
        wait_listening(&mut conn, 1);
    }
    // Let the worker finish its first (empty) claim and go idle.
    std::thread::sleep(Duration::from_millis(1500));

    let period = Duration::from_secs_f64(1.0 / rate as f64);
    let mut committed: Vec<(String, i64)> = Vec::with_capacity(n);
    let before = sample(sink_pid.as_deref());
    let start = Instant::now();
    for i in 0..n {
        let due = start + period * i as u32;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let msg = message("lat", i);
        let message_id = conn
            .transaction(|c| {
                outbox::enqueue(c, &msg, MAIL_DOMAIN)?;
                let row = outbox::for_recipient(c, &msg.recipient)?.pop().expect("the queued row");
                Ok::<_, ombudsman_db::DbError>(row.message_id)
            })
            .expect("queue a message");
        committed.push((message_id, unix_ns()));
    }
    let produced = start.elapsed().as_secs_f64();
    wait_all_sent(&mut conn, n, Duration::from_millis(50));
    let after = sample(sink_pid.as_deref());
    running.stop(rt);

    let log = sink.accepted();
    let mut first: HashMap<String, i64> = HashMap::new();
    for (ns, id) in &log {
        first.entry(id.clone()).or_insert(*ns);
    }
    let mut delays: Vec<f64> = committed
        .iter()
        .map(|(id, at)| {
            let got = first
                .get(id)
                .unwrap_or_else(|| panic!("{id} is sent but not in accepted.log"));
            (got - at) as f64 / 1e6
        })
        .collect();
    delays.sort_by(f64::total_cmp);
    let duplicates = log.len() - first.len();
    sink.stop();
    Latency {
        name: name.to_owned(),
        listen,
        messages: n,
        target_rate: rate,
        achieved_rate: n as f64 / produced,
        delays,
        duplicates,
        cpu: cpu_between(&before, &after),
    }
}

// ---------------------------------------------------------------------------------------------
// The bare SMTP exchange, without the worker: a plain client on one connection that writes the
// way lettre 0.11 does (every command flushed on its own, the body and the final `.` as two
// writes, a NOOP before reusing a pooled connection), with Nagle's algorithm on (lettre's
// default) and off.

struct Probe {
    nodelay: bool,
    one_write: bool,
    messages: usize,
    per_message_ms: f64,
}

fn reply(reader: &mut impl std::io::BufRead) -> String {
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line).expect("read a reply");
        assert!(read > 0, "the SMTP sink closed the connection");
        // "250-..." continues a multi-line reply; "250 ..." ends it.
        if line.as_bytes().get(3) != Some(&b'-') {
            return line;
        }
    }
}

fn smtp_probe(sink: &SmtpSink, nodelay: bool, one_write: bool, n: usize) -> Probe {
    use std::io::Write;
    let stream = std::net::TcpStream::connect(("127.0.0.1", sink.port)).expect("connect to the sink");
    stream.set_nodelay(nodelay).expect("TCP_NODELAY");
    let mut reader = std::io::BufReader::new(stream.try_clone().expect("clone the socket"));
    let mut w = stream;
    fn command(w: &mut std::net::TcpStream, reader: &mut std::io::BufReader<std::net::TcpStream>, c: &str) {
        w.write_all(c.as_bytes()).expect("write");
        w.flush().expect("flush");
        let r = reply(reader);
        assert!(r.starts_with('2') || r.starts_with('3'), "{c:?} refused: {r:?}");
    }
    reply(&mut reader);
    command(&mut w, &mut reader, "EHLO bench.test\r\n");
    // About the size of a rendered acknowledgement (text and HTML parts).
    let filler = "Ваше обращение зарегистрировано, ответ будет дан в срок.\r\n".repeat(40);
    let start = Instant::now();
    for i in 0..n {
        command(&mut w, &mut reader, "NOOP\r\n");
        command(&mut w, &mut reader, "MAIL FROM:<no-reply@bench.test> BODY=8BITMIME\r\n");
        command(&mut w, &mut reader, &format!("RCPT TO:<probe{i}@example.org>\r\n"));
        command(&mut w, &mut reader, "DATA\r\n");
        let body = format!(
            "From: no-reply@bench.test\r\nTo: probe{i}@example.org\r\nMessage-ID: <probe-{i}-{nodelay}-{one_write}@bench.test>\r\n\
             Subject: probe\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{filler}"
        );
        if one_write {
            w.write_all(format!("{body}\r\n.\r\n").as_bytes()).expect("write");
        } else {
            w.write_all(body.as_bytes()).expect("write");
            w.flush().expect("flush");
            w.write_all(b"\r\n.\r\n").expect("write");
        }
        w.flush().expect("flush");
        let r = reply(&mut reader);
        assert!(r.starts_with("250"), "message refused: {r:?}");
    }
    let per_message_ms = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
    command(&mut w, &mut reader, "QUIT\r\n");
    Probe {
        nodelay,
        one_write,
        messages: n,
        per_message_ms,
    }
}

// ---------------------------------------------------------------------------------------------

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    let n = env_usize("BENCH_MESSAGES", 2000);
    let latency_n = env_usize("BENCH_LATENCY_MESSAGES", 500);
    let rate = env_usize("BENCH_RATE", 50);
    let slow_n = env_usize("BENCH_SLOW_MESSAGES", 100);
    let slow_rate = env_usize("BENCH_SLOW_RATE", 5);
    assert!(
        n > 0 && latency_n > 0 && rate > 0 && slow_n > 0 && slow_rate > 0,
        "counts and rates must be positive"
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    // lettre's connection pool spawns its clean-up task when the transport is built.
    let _runtime = rt.enter();
    let cores = std::thread::available_parallelism().map_or(0, |c| c.get());
    eprintln!("notifier benchmark: {cores} cores ({}), {n} messages", cpu_model());

    // (name, workers, concurrency, to which SMTP server, or files)
    let (py, fast) = (Some(Smtp::Python), Some(Smtp::Fast));
    let plans: [(&str, usize, usize, Option<Smtp>); 9] = [
        ("throughput/1x1", 1, 1, py),
        ("throughput/1x4", 1, 4, py),
        ("throughput/1x8", 1, 8, py),
        ("throughput/2x4", 2, 4, py),
        ("throughput/1x4-files", 1, 4, None),
        ("throughput/fast-1x1", 1, 1, fast),
        ("throughput/fast-1x4", 1, 4, fast),
        ("throughput/fast-1x8", 1, 8, fast),
        ("throughput/fast-2x8", 2, 8, fast),
    ];
    let mut throughputs = Vec::new();
    for (name, workers, concurrency, smtp) in plans {
        if wanted(name) {
            eprintln!("running {name}");
            let t = throughput(&rt, name, n, workers, concurrency, smtp);
            eprintln!("  {:.0} msg/s", t.messages as f64 / t.secs);
            throughputs.push(t);
        }
    }
    let mut latencies = Vec::new();
    // At the steady rate the worker is rarely idle; at the slow one it sleeps between messages.
    for (listen, messages, per_sec, smtp) in [
        (true, latency_n, rate, Smtp::Python),
        (false, latency_n, rate, Smtp::Python),
        (true, slow_n, slow_rate, Smtp::Python),
        (false, slow_n, slow_rate, Smtp::Python),
        (true, latency_n, rate, Smtp::Fast),
        (true, slow_n, slow_rate, Smtp::Fast),
    ] {
        let sink = if smtp == Smtp::Fast { "fast-" } else { "" };
        let name = format!("latency/{sink}{}-{per_sec}", if listen { "listen" } else { "poll" });
        if wanted(&name) {
            eprintln!("running {name}");
            let l = latency(&rt, &name, messages, per_sec, listen, smtp);
            eprintln!("  median {:.1} ms", percentile(&l.delays, 50.0));
            latencies.push(l);
        }
    }

    let mut probes = Vec::new();
    if wanted("smtp-probe") {
        eprintln!("running smtp-probe");
        let sink = SmtpSink::start_on(free_port(), 0);
        for (nodelay, one_write) in [(false, false), (true, false), (false, true)] {
            probes.push(smtp_probe(&sink, nodelay, one_write, 200));
        }
        let _ = std::fs::remove_dir_all(sink.stop());
    }

    println!("Machine: {cores} cores, {}.", cpu_model());
    println!();
    if !throughputs.is_empty() {
        println!("### Throughput ({n} messages queued before the workers start, batch 50, LISTEN on)");
        println!();
        println!(
            "CPU columns: share of one core used during the run by the SMTP sink (Python), by the \
             benchmark process (worker(s), progress poller and, in the `fast-` runs, the sink) and \
             by all `postgres` processes; \
             \"machine\" is the share of all {cores} cores busy, whoever used them."
        );
        println!();
        println!(
            "| Scenario | Transport | Workers × concurrency | Wall time (s) | Messages/s | Sink CPU | Bench CPU \
             | PostgreSQL CPU | Machine busy | Accepted (distinct) |"
        );
        println!("|---|---|---|--:|--:|--:|--:|--:|--:|--:|");
        for t in &throughputs {
            let received = t
                .received
                .map_or_else(|| "–".to_owned(), |(all, distinct)| format!("{all} ({distinct})"));
            println!(
                "| {} | {} | {} × {} | {:.2} | {:.0} | {:.0}% | {:.0}% | {:.0}% | {:.0}% | {} |",
                t.name,
                t.transport,
                t.workers,
                t.concurrency,
                t.secs,
                t.messages as f64 / t.secs,
                t.cpu.sink,
                t.cpu.own,
                t.cpu.postgres,
                t.cpu.machine,
                received,
            );
        }
        println!();
    }
    if !latencies.is_empty() {
        println!(
            "### Latency from commit to SMTP acceptance (one message per transaction, one worker, \
             concurrency 4, batch 50)"
        );
        println!();
        println!(
            "| Scenario | Wake-up | Messages | Rate (target / achieved, /s) | Median (ms) | p90 (ms) | p99 (ms) \
             | Max (ms) | Min (ms) | Duplicates | Sink CPU | Bench CPU | PostgreSQL CPU | Machine busy |"
        );
        println!("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for l in &latencies {
            println!(
                "| {} | {} | {} | {} / {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {:.0}% | {:.0}% | {:.0}% \
                 | {:.0}% |",
                l.name,
                if l.listen { "LISTEN/NOTIFY" } else { "polling every 1 s" },
                l.messages,
                l.target_rate,
                l.achieved_rate,
                percentile(&l.delays, 50.0),
                percentile(&l.delays, 90.0),
                percentile(&l.delays, 99.0),
                l.delays.last().copied().unwrap_or(f64::NAN),
                l.delays.first().copied().unwrap_or(f64::NAN),
                l.duplicates,
                l.cpu.sink,
                l.cpu.own,
                l.cpu.postgres,
                l.cpu.machine,
            );
        }
        println!();
    }
    if !probes.is_empty() {
        println!("### The SMTP exchange alone (plain client, one connection, no worker, no database)");
        println!();
        println!("| Client writes | TCP_NODELAY | Messages | Time per message (ms) | Messages/s |");
        println!("|---|---|--:|--:|--:|");
        for p in &probes {
            println!(
                "| {} | {} | {} | {:.1} | {:.0} |",
                if p.one_write {
                    "body and final `.` in one write"
                } else {
                    "as lettre 0.11: body, then final `.`"
                },
                if p.nodelay { "on" } else { "off (lettre's default)" },
                p.messages,
                p.per_message_ms,
                1000.0 / p.per_message_ms,
            );
        }
        println!();
    }
}
