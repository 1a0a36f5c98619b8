//! The HTTP routes, one file per resource.

pub mod audit;
pub mod auth;
pub mod health;
pub mod offices;
pub mod users;
