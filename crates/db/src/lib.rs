//! The one relational schema of the ombudsman service: row structs, queries per aggregate,
//! the connection pool and the embedded migrations. Queries are plain functions that take a
//! connection and return a [`DbError`], so that they compose inside one transaction.

pub mod access_log;
pub mod appeals;
pub mod applicant_merges;
pub mod applicant_page;
pub mod applicants;
pub mod attachments;
pub mod audit;
pub mod bulk;
pub mod calendar;
pub mod compensation_corrections;
pub mod daily_digest;
pub mod database;
pub mod deadline_policies;
pub mod error;
pub mod facilities;
pub mod idempotency;
pub mod impact;
pub mod login_throttle;
pub mod offices;
pub mod outbox;
pub mod partners;
pub mod pauses;
pub mod prepared;
pub mod public_drafts;
pub mod refresh_tokens;
pub mod reminders;
pub mod reports;
pub mod request_limits;
#[rustfmt::skip]
pub mod schema;
pub mod snapshots;
pub mod state_bodies;
pub mod statements;
pub mod users;
pub mod visits;

pub use database::{
    applied_migrations, checkout, checkout_with, create_database_if_missing, has_no_tables, migrate,
    pending_migrations, pool, pool_with_timeout, request_pool, revert_all, Pool, PooledConn,
};
pub use error::DbError;

/// The connection type of every query.
pub type Conn = diesel::PgConnection;
