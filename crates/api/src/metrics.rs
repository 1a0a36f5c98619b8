//! Prometheus metrics served at `/metrics`.

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

/// The service's metrics.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    /// Requests by method, route pattern and status.
    pub requests: IntCounterVec,
    /// Request duration by method and route pattern.
    pub duration: HistogramVec,
    /// SQL statements run per request, by method and route pattern: a route whose statements
    /// grow with its page size runs a query per row.
    pub statements: HistogramVec,
    /// Outbox messages by status, refreshed on each scrape.
    pub outbox: IntGaugeVec,
}

impl Metrics {
    /// Registers the metrics in a fresh registry.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests handled"),
            &["method", "route", "status"],
        )?;
        let duration = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request duration"),
            &["method", "route"],
        )?;
        let statements = HistogramVec::new(
            HistogramOpts::new("http_db_statements", "SQL statements run per HTTP request")
                .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0]),
            &["method", "route"],
        )?;
        let outbox = IntGaugeVec::new(
            Opts::new("outbox_messages", "Notification messages in the outbox by status"),
            &["status"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(duration.clone()))?;
        registry.register(Box::new(statements.clone()))?;
        registry.register(Box::new(outbox.clone()))?;
        Ok(Self {
            registry,
            requests,
            duration,
            statements,
            outbox,
        })
    }

    /// The text exposition format.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf)?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}
