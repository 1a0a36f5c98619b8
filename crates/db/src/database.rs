//! Connections, creating the database, and the embedded migrations.

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, PooledConnection};
use diesel::{Connection, PgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

use crate::DbError;

/// The migrations of `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// A pool of PostgreSQL connections.
pub type Pool = diesel::r2d2::Pool<ConnectionManager<PgConnection>>;
/// One connection taken from the pool.
pub type PooledConn = PooledConnection<ConnectionManager<PgConnection>>;

/// An advisory-lock key that serialises migration runs of several replicas.
const MIGRATION_LOCK: i64 = 0x0b75_d5a4_0001;

/// Builds a pool; connections are opened lazily so that a service can start before its database.
pub fn pool(url: &str, max_size: u32) -> Pool {
    pool_with_timeout(url, max_size, POOL_TIMEOUT)
}

/// How long a request waits for a pooled connection before it is answered 503: when the
/// database is gone, this is how long the client waits for that answer.
pub const POOL_TIMEOUT: Duration = Duration::from_secs(1);

/// A pool whose callers wait at most `timeout` for a connection.
pub fn pool_with_timeout(url: &str, max_size: u32, timeout: Duration) -> Pool {
    diesel::r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        .test_on_check_out(true)
        .build_unchecked(ConnectionManager::new(url))
}

/// A pool for request handlers, whose connections are *not* tested with a `SELECT 1` on every
/// check-out (a round trip per check-out): take its connections only through [`checkout`] or
/// [`checkout_with`], which find a connection that died while it sat in the pool (the database
/// restarted, or an administrator ended it) by the failure of the first statement, and then
/// reconnect in its place and run that statement again.
///
/// Its connections run without parallel workers ([`REQUEST_SESSION`]).
pub fn request_pool(url: &str, max_size: u32, timeout: Duration) -> Pool {
    diesel::r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        .test_on_check_out(false)
        .connection_customizer(Box::new(RequestSession))
        .build_unchecked(ConnectionManager::new(url))
}

/// The session of a request connection: no parallel workers. A request reads a page, one
/// appeal or a few figures; starting workers costs it milliseconds, and under a full load of
/// requests the workers only take the cores the other requests were using (at 1.93 million
/// appeals and 8 clients, a search ran 129 requests/s with p99 111 ms without them, 75 with
/// p99 173 ms with them). A statement that does gain from them asks for them in its own
/// transaction (`SET LOCAL max_parallel_workers_per_gather TO DEFAULT`, as the reports do).
pub const REQUEST_SESSION: &str = "SET max_parallel_workers_per_gather = 0";

#[derive(Debug)]
struct RequestSession;

impl diesel::r2d2::CustomizeConnection<PgConnection, diesel::r2d2::Error> for RequestSession {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(REQUEST_SESSION)
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// A connection of `pool` known to be alive: pinged (one round trip), and replaced by a new
/// connection to `url` when the ping fails. For work that cannot be run twice; prefer
/// [`checkout_with`] when the first statement can.
pub fn checkout(pool: &Pool, url: &str) -> Result<PooledConn, DbError> {
    checkout_with(pool, url, |conn| Ok(conn.batch_execute("SELECT 1")?)).map(|(conn, ())| conn)
}

/// Checks a connection out of `pool` and runs `first` on it. When `first` fails because the
/// connection is gone (it died in the pool: the database restarted since it was last used),
/// the dead connection is replaced in place by a new one to `url` (the pool's own) and `first`
/// runs once more, so a restart costs no failed request. `first` must be safe to run twice: a
/// read, or a write that failed before it reached the database. Returns the connection (alive
/// as of `first`) with `first`'s result (`first` sets up each connection it is given, e.g. its
/// instrumentation).
pub fn checkout_with<T>(
    pool: &Pool,
    url: &str,
    mut first: impl FnMut(&mut PgConnection) -> Result<T, DbError>,
) -> Result<(PooledConn, T), DbError> {
    let mut conn = pool.get()?;
    match first(&mut conn) {
        // The server's last words on a connection it ended ("terminating connection due to
        // administrator command") can arrive before the client has seen the socket close, as an
        // ordinary error: a failure that is not a missing row is checked with a ping.
        Err(e) if e.connection_lost() || (!matches!(e, DbError::NotFound) && !alive(&mut conn)) => {
            let mut fresh =
                PgConnection::establish(url).map_err(|e| DbError::Unavailable(format!("cannot reconnect: {e}")))?;
            // Set up as the request pool sets up its own (harmless for another pool's).
            fresh.batch_execute(REQUEST_SESSION)?;
            // The pool keeps counting this slot as one connection: only what it holds changes.
            *conn = fresh;
            let value = first(&mut conn)?;
            Ok((conn, value))
        }
        Err(e) => Err(e),
        Ok(value) => Ok((conn, value)),
    }
}

/// Whether the connection still answers (a round trip; only after a failure).
fn alive(conn: &mut PgConnection) -> bool {
    conn.batch_execute("SELECT 1").is_ok()
}

/// Applies every pending migration under an advisory lock, then the data steps that need the
/// application's code (the links of stored free text to the directory of state bodies, whose
/// matching folds names in Rust: `state_bodies::link_stored_free_text`, which does nothing once
/// done); returns the versions applied.
pub fn migrate(conn: &mut PgConnection) -> Result<Vec<String>, DbError> {
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let result = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(|v| v.to_string()).collect::<Vec<_>>())
        .map_err(|e| DbError::Unavailable(format!("migration failed: {e}")))
        .and_then(|versions| crate::state_bodies::link_stored_free_text(conn).map(|_| versions));
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
    result
}

/// Reverts every applied migration, newest first (used by the up-down-up test and `migrate --revert-all`).
pub fn revert_all(conn: &mut PgConnection) -> Result<usize, DbError> {
    conn.revert_all_migrations(MIGRATIONS)
        .map(|v| v.len())
        .map_err(|e| DbError::Unavailable(format!("revert failed: {e}")))
}

/// The migrations not yet applied to this database.
pub fn pending_migrations(conn: &mut PgConnection) -> Result<usize, DbError> {
    conn.pending_migrations(MIGRATIONS)
        .map(|v| v.len())
        .map_err(|e| DbError::Unavailable(format!("cannot read migrations: {e}")))
}

/// The versions of the migrations applied to this database, oldest first.
pub fn applied_migrations(conn: &mut PgConnection) -> Result<Vec<String>, DbError> {
    let mut versions: Vec<String> = MigrationHarness::applied_migrations(conn)
        .map_err(|e| DbError::Unavailable(format!("cannot read migrations: {e}")))?
        .iter()
        .map(ToString::to_string)
        .collect();
    versions.sort();
    Ok(versions)
}

/// Whether the database holds no table of its own (new or empty: a restore may go there).
pub fn has_no_tables(conn: &mut PgConnection) -> Result<bool, DbError> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let tables: Count =
        diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'").get_result(conn)?;
    Ok(tables.n == 0)
}

/// The database name and a URL of the same server's `postgres` database.
pub fn split_database_url(url: &str) -> Option<(String, String)> {
    let scheme_end = url.find("://")? + 3;
    let (before_query, query) = match url.find('?') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let slash = scheme_end + before_query[scheme_end..].find('/')?;
    let name = &before_query[slash + 1..];
    if name.is_empty() {
        return None;
    }
    let maintenance = format!("{}/postgres{}", &before_query[..slash], query);
    Some((name.to_owned(), maintenance))
}

#[derive(diesel::QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    exists: bool,
}

/// Creates the database named in `url` when it does not exist yet; returns whether it did.
pub fn create_database_if_missing(url: &str) -> Result<bool, DbError> {
    if PgConnection::establish(url).is_ok() {
        return Ok(false);
    }
    let (name, maintenance_url) = split_database_url(url)
        .ok_or_else(|| DbError::Unavailable(format!("DATABASE_URL names no database: {url}")))?;
    let mut conn = PgConnection::establish(&maintenance_url)
        .map_err(|e| DbError::Unavailable(format!("cannot reach the PostgreSQL server: {e}")))?;
    let found = diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
        .bind::<diesel::sql_types::Text, _>(&name)
        .get_result::<Exists>(&mut conn)?;
    if found.exists {
        return Ok(false);
    }
    let quoted = name.replace('"', "\"\"");
    match conn.batch_execute(&format!("CREATE DATABASE \"{quoted}\"")) {
        Ok(()) => Ok(true),
        // Another process created it between our check and our CREATE.
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::Unknown, info))
            if info.message().contains("already exists") =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::split_database_url;

    #[test]
    fn database_urls_are_split_into_name_and_maintenance_url() {
        assert_eq!(
            split_database_url("postgres://localhost/ombudsman"),
            Some(("ombudsman".into(), "postgres://localhost/postgres".into()))
        );
        assert_eq!(
            split_database_url("postgres://u:p@127.0.0.1:5432/omb_test?sslmode=disable"),
            Some((
                "omb_test".into(),
                "postgres://u:p@127.0.0.1:5432/postgres?sslmode=disable".into()
            ))
        );
        assert_eq!(split_database_url("postgres://localhost"), None);
        assert_eq!(split_database_url("postgres://localhost/"), None);
    }
}
