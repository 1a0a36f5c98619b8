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
                match kind {
                    DatabaseErrorKind::UniqueViolation => DbError::Unique { constraint },
                    DatabaseErrorKind::ForeignKeyViolation => DbError::ForeignKey { constraint },
                    DatabaseErrorKind::CheckViolation => DbError::Check { constraint },
                    DatabaseErrorKind::ClosedConnection => DbError::Unavailable(info.message().to_owned()),
                    other => DbError::Other(DieselError::DatabaseError(other, info)),
                }
            }
            other => DbError::Other(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        DbError::Unavailable(err.to_string())
    }
}
