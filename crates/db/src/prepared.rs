//! Raw SQL kept as a prepared statement of the connection, as the query builder's statements
//! are: diesel never caches a `sql_query` (its text could change from call to call), so
//! PostgreSQL would parse and plan it on every execution, which for a statement with a few
//! subqueries costs more than the round trips it saves.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// A `diesel::sql_query` (with its binds), a query built with raw SQL parts
/// (`diesel::dsl::sql`), or an insert (which diesel never caches of its own accord), whose text
/// depends only on its shape, never on a value: cached by its
/// text and bind types in the connection's statement cache, so it is parsed once per
/// connection and planned as PostgreSQL plans prepared statements. Never wrap SQL built from
/// values: one statement would be cached per value.
#[derive(Debug, Clone)]
pub struct Prepared<Q>(pub Q);

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Prepared<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q> QueryId for Prepared<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Prepared<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Prepared<Q> {}

/// No columns: what [`Prepared::run`] reads of each row.
#[derive(diesel::QueryableByName)]
struct NoColumns {}

impl<Q> Prepared<Q>
where
    Q: QueryFragment<Pg> + Query<SqlType = diesel::sql_types::Untyped>,
{
    /// Runs a `diesel::sql_query` whose rows, if it returns any, are not needed, as a cached
    /// prepared statement. `execute` would not cache it: diesel asks a reference to the query
    /// whether it may be cached, and the reference answers for the `sql_query` inside (no), not
    /// for this wrapper.
    pub fn run(self, conn: &mut diesel::PgConnection) -> QueryResult<()> {
        self.load::<NoColumns>(conn).map(drop)
    }
}
