//! Counting the SQL statements a connection runs, so that a request's count can be logged,
//! exported as a metric and held constant by tests (a per-row query shows up as a count that
//! grows with the page).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::Connection;

/// A count of statements shared by everything one request runs, on whichever pooled connection.
#[derive(Debug, Clone, Default)]
pub struct StatementCount(Arc<AtomicU64>);

impl StatementCount {
    /// A count at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// The statements counted so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Instrumentation for StatementCount {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Counts every statement the connection runs from now on into `count`; `None` counts nothing.
/// A pooled connection keeps what it was given, so set it on every check-out.
pub fn count_into(conn: &mut crate::Conn, count: Option<StatementCount>) {
    conn.set_instrumentation(count);
}
