//! Errors of the domain: what a caller did wrong, in terms a user understands.

use serde::Serialize;

/// A value that is not one of the codes of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {kind}")]
pub struct UnknownCode {
    /// The name of the set.
    pub kind: &'static str,
    /// The rejected value.
    pub value: String,
}

/// One wrong field of an input, with a stable machine-readable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The path of the field, e.g. `applicant.email`.
    pub field: String,
    /// A stable code, e.g. `invalid_email`.
    pub code: &'static str,
    /// A sentence for a person.
    pub message: String,
}

impl FieldError {
    /// A field error with the given path, code and message.
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }

    /// The same error under a parent path (`email` under `applicant` is `applicant.email`).
    pub fn under(mut self, parent: &str) -> Self {
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

/// What the domain refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The input has one or more wrong fields.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Validation(Vec<FieldError>),
    /// A move that the current state does not allow.
    #[error("'{action}' is not allowed while the record is {state}")]
    Conflict {
        /// What was attempted.
        action: String,
        /// The current state.
        state: String,
        /// What is allowed instead.
        allowed: Vec<String>,
    },
}

impl DomainError {
    /// A validation error about one field.
    pub fn field(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }
}

/// Collects field errors while parsing a whole input, so that every wrong field is named at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value of a parse, or records its errors and yields `None`.
    pub fn take<T>(&mut self, result: Result<T, DomainError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(DomainError::Validation(errs)) => {
                self.0.extend(errs);
                None
            }
            Err(other) => {
                self.0.push(FieldError::new("", "invalid", other.to_string()));
                None
            }
        }
    }

    /// Records one error.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Ok when nothing was recorded.
    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Validation(self.0))
        }
    }
}
