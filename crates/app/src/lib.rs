//! The use cases of the ombudsman service, between the front doors (HTTP API, command line,
//! HTML pages) and the database. Every use case asks the one access policy
//! ([`ombudsman_domain::access`]) through [`access`] before it touches a record.

pub mod access;
pub mod accounts;
pub mod appeals;
pub mod applicants;
pub mod attachments;
pub mod calendar;
pub mod context;
pub mod deadline;
pub mod error;
pub mod facilities;
pub mod identity;
pub mod impact;
pub mod intake;
pub mod offices;
pub mod outbox;
pub mod partners;
pub mod password;
pub mod reports;
pub mod sessions;
pub mod state_bodies;
pub mod visits;

pub use access::{Caller, Denied};
pub use context::Context;
pub use error::AppError;
