//! Failed logins counted per key in a fixed window, shared by every instance through
//! PostgreSQL. The policy (keys and limits) belongs to the caller.

use diesel::prelude::*;
use diesel::sql_types::{Array, Integer, Text};

use crate::{Conn, DbError};

#[derive(QueryableByName)]
struct Over {
    #[diesel(sql_type = Integer)]
    retry_after_secs: i32,
}

/// Seconds until the first of `keys` that has reached its limit leaves its window, if any.
/// `keys` and `limits` go together; the window is `window_secs` long.
pub fn blocked(conn: &mut Conn, keys: &[String], limits: &[i32], window_secs: i32) -> Result<Option<i32>, DbError> {
    let rows: Vec<Over> = diesel::sql_query(
        "SELECT GREATEST(1, CEIL(EXTRACT(EPOCH FROM (t.window_started_at + make_interval(secs => $3) - now()))))::int \
         AS retry_after_secs \
         FROM login_throttle t JOIN unnest($1::text[], $2::int[]) AS l(key, max_failures) ON l.key = t.key \
         WHERE t.window_started_at > now() - make_interval(secs => $3) AND t.failures >= l.max_failures \
         ORDER BY 1 DESC LIMIT 1",
    )
    .bind::<Array<Text>, _>(keys)
    .bind::<Array<Integer>, _>(limits)
    .bind::<Integer, _>(window_secs)
    .load(conn)?;
    Ok(rows.into_iter().next().map(|r| r.retry_after_secs))
}

/// Counts one failure against each key (a new window when the last one is over).
pub fn record_failure(conn: &mut Conn, keys: &[String], window_secs: i32) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO login_throttle (key, failures, window_started_at) SELECT k, 1, now() FROM unnest($1::text[]) AS k \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_started_at <= now() - make_interval(secs => $2) \
                      THEN 1 ELSE login_throttle.failures + 1 END, \
           window_started_at = CASE WHEN login_throttle.window_started_at <= now() - make_interval(secs => $2) \
                      THEN now() ELSE login_throttle.window_started_at END",
    )
    .bind::<Array<Text>, _>(keys)
    .bind::<Integer, _>(window_secs)
    .execute(conn)?;
    Ok(())
}

/// Forgets the failures of a key (after a successful login).
pub fn clear(conn: &mut Conn, key: &str) -> Result<(), DbError> {
    diesel::sql_query("DELETE FROM login_throttle WHERE key = $1")
        .bind::<Text, _>(key)
        .execute(conn)?;
    Ok(())
}
