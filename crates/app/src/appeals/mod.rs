//! Appeals: registering them, moving them through their lifecycle and assigning them.

pub mod assign;
pub mod lifecycle;
pub mod register;

pub use assign::{assign, AssignAppeal};
pub use lifecycle::{transition, Transition};
pub use register::{register_appeal, RegisterAppeal, Registered, Who};
