//! Impact measures and the compensation recovered through the office's work.

pub mod compensation;
pub mod correction;
pub mod measures;

pub use compensation::{record_compensation, RecordCompensation};
pub use correction::{correct_compensation, CorrectCompensation};
pub use measures::{correct_measure, issue_measure, move_measure, CorrectMeasure, IssueMeasure, MoveMeasure};
