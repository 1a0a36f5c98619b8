//! `/api/v1/appeals`: intake, finding cases, the lifecycle and the timeline.

pub mod access;
pub mod attachments;
pub mod deadline;
pub mod intake;
pub mod lifecycle;
pub mod read;
pub mod timeline;
pub mod views;
