//! The use cases of the ombudsman service, between the front doors (HTTP API, command line,
//! HTML pages) and the database. Every use case asks the one access policy
//! ([`ombudsman_domain::access`]) through [`access`] before it touches a record.

pub mod access;
pub mod identity;

pub use access::{Caller, Denied};
