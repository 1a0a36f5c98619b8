//! Reports: publishing one, frozen.

pub mod publish;

pub use publish::{publish_report, PublishReport, Which};
