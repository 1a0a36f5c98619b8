//! Errors of the data layer, typed so the API can answer each with the right status.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What a query can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No row matched.
    #[error("record not found")]
    NotFound,
    /// A unique constraint refused the write.
    #[error("unique constraint {constraint} violated")]
    Unique {
        /// The constraint's name.
        constraint: String,
    },
    /// A foreign key refused the write (the referenced record does not exist).
    #[error("foreign key {constraint} violated")]
    ForeignKey {
        /// The constraint's name.
        constraint: String,
    },
    /// A CHECK constraint refused the write.
    #[error("check constraint {constraint} violated")]
    Check {
        /// The constraint's name.
        constraint: String,
        /// The table it guards.
        table: String,
    },
    /// A NOT NULL column was given no value.
    #[error("column {column} of {table} may not be null")]
    NotNull {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A value the database cannot hold: a string too long (22001), a number or date out of
    /// range (22003, 22008), a character text cannot hold (22021, 22P05).
    #[error("value refused by the database: {message}")]
    BadValue {
        /// A stable code: `too_long`, `out_of_range` or `invalid_character`.
        code: &'static str,
        /// PostgreSQL's message.
        message: String,
    },
    /// The record changed since the caller read it (optimistic concurrency).
    #[error("the record was changed by someone else")]
    Stale,
    /// No connection could be had.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a fault, not the caller's doing.
    #[error(transparent)]
    Other(DieselError),
}

impl From<DieselError> for DbError {
    fn from(err: DieselError) -> Self {
        match err {
            DieselError::NotFound => DbError::NotFound,
            DieselError::DatabaseError(kind, info) => {
                let constraint = info.constraint_name().unwrap_or_default().to_owned();
                let table = info.table_name().unwrap_or_default().to_owned();
                match kind {
                    DatabaseErrorKind::UniqueViolation => DbError::Unique { constraint },
                    DatabaseErrorKind::ForeignKeyViolation => DbError::ForeignKey { constraint },
                    DatabaseErrorKind::CheckViolation => DbError::Check { constraint, table },
                    DatabaseErrorKind::NotNullViolation => DbError::NotNull {
                        table,
                        column: info.column_name().unwrap_or_default().to_owned(),
                    },
                    DatabaseErrorKind::ClosedConnection => DbError::Unavailable(info.message().to_owned()),
                    other => match bad_value_code(info.message()) {
                        Some(code) => DbError::BadValue {
                            code,
                            message: info.message().to_owned(),
                        },
                        None => DbError::Other(DieselError::DatabaseError(other, info)),
                    },
                }
            }
            other => DbError::Other(other),
        }
    }
}

/// Tells the data exceptions of class 22 that a caller's value causes. diesel reports no SQLSTATE
/// for them, only PostgreSQL's message, so the English messages are matched. A server with other
/// `lc_messages` leaves these as opaque 500s (logged); the API refuses such values before they
/// reach the database, so this is the last line, not the first.
fn bad_value_code(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if m.starts_with("value too long for type") {
        Some("too_long")
    } else if m.contains("out of range") || m.starts_with("numeric field overflow") {
        Some("out_of_range")
    } else if m.starts_with("invalid byte sequence")
        || m.contains("has no equivalent in encoding")
        || m.starts_with("unsupported unicode escape sequence")
        || m.contains("cannot be converted to text")
    {
        Some("invalid_character")
    } else {
        None
    }
}

/// The column a CHECK constraint guards, by PostgreSQL's naming of column constraints
/// (`impact_measures_response_due_on_check` guards `response_due_on`) or the `_window` suffix of
/// the date constraints of migration 000010; `None` for a constraint over several columns.
pub fn checked_column(table: &str, constraint: &str) -> Option<String> {
    let rest = constraint.strip_prefix(table)?.strip_prefix('_')?;
    let column = rest.strip_suffix("_check").or_else(|| rest.strip_suffix("_window"))?;
    (!column.is_empty()).then(|| column.to_owned())
}

impl DbError {
    /// Whether the connection itself failed (closed by the server, or a command that could not
    /// be sent), as opposed to a statement the database refused.
    pub fn connection_lost(&self) -> bool {
        matches!(
            self,
            DbError::Unavailable(_)
                | DbError::Other(DieselError::DatabaseError(
                    DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                    _,
                ))
        )
    }
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        DbError::Unavailable(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_constraint_names_its_column() {
        assert_eq!(
            checked_column("impact_measures", "impact_measures_response_due_on_check").as_deref(),
            Some("response_due_on")
        );
        assert_eq!(
            checked_column("visits", "visits_started_on_window").as_deref(),
            Some("started_on")
        );
        assert_eq!(checked_column("appeals", "appeals_check1"), None);
        assert_eq!(checked_column("visits", "visits_dates"), None);
        assert_eq!(checked_column("appeals", "visits_dates_check"), None);
    }

    #[test]
    fn values_the_database_cannot_hold_are_told_apart() {
        assert_eq!(
            bad_value_code("value too long for type character varying(10)"),
            Some("too_long")
        );
        assert_eq!(bad_value_code("bigint out of range"), Some("out_of_range"));
        assert_eq!(
            bad_value_code("date out of range: \"-240131-01-01\""),
            Some("out_of_range")
        );
        assert_eq!(
            bad_value_code("invalid byte sequence for encoding \"UTF8\": 0x00"),
            Some("invalid_character")
        );
        assert_eq!(bad_value_code("deadlock detected"), None);
    }
}
