//! Requests counted per key in a fixed window, shared by every instance through PostgreSQL.
//! The policy (keys and limits) belongs to the caller.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use crate::{Conn, DbError};

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = Integer)]
    hits: i32,
    #[diesel(sql_type = Integer)]
    retry_after_secs: i32,
}

/// Counts one request against `key` and answers `Some(seconds until the window ends)` when it
/// is over `limit` in the current window of `window_secs`. Windows ended an hour ago or more
/// are swept out a hundred at a time.
pub fn hit(conn: &mut Conn, key: &str, limit: i32, window_secs: i32) -> Result<Option<i32>, DbError> {
    let row: Hit = diesel::sql_query(
        "INSERT INTO request_limits AS r (key, hits, window_started_at) VALUES ($1, 1, now()) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE r.hits + 1 END, \
           window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => $2) \
                               THEN now() ELSE r.window_started_at END \
         RETURNING hits, GREATEST(1, CEIL(EXTRACT(EPOCH FROM \
           (window_started_at + make_interval(secs => $2) - now()))))::int AS retry_after_secs",
    )
    .bind::<Text, _>(key)
    .bind::<Integer, _>(window_secs)
    .get_result(conn)?;
    diesel::sql_query(
        "DELETE FROM request_limits WHERE key IN (SELECT key FROM request_limits \
         WHERE window_started_at < now() - interval '1 hour' LIMIT 100)",
    )
    .execute(conn)?;
    Ok((row.hits > limit).then_some(row.retry_after_secs))
}
