//! The pure model of an ombudsman office: typed IDs, value objects, roles and errors.
//! No database, no HTTP, no I/O.

#[macro_use]
mod macros;
pub mod access;
pub mod appeal;
pub mod consent;
pub mod date;
pub mod deadline;
pub mod error;
pub mod events;
pub mod facility;
pub mod ids;
pub mod impact;
pub mod labels;
pub mod language;
pub mod notification;
pub mod office;
pub mod partner;
pub mod report;
pub mod search;
pub mod state_body;
pub mod user;
pub mod visit;

pub use error::{DomainError, FieldError};
