//! The HTTP routes, one file per resource.

pub mod appeals;
pub mod applicants;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod facilities;
pub mod health;
pub mod impact;
pub mod offices;
pub mod outbox;
pub mod partners;
pub mod public;
pub mod public_intake;
pub mod region_routes;
pub mod reports;
pub mod snapshots;
pub mod state_bodies;
pub mod users;
pub mod visits;
