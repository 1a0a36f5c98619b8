//! Appeals: registering them, moving them through their lifecycle and assigning them.

pub mod assign;
pub mod edit;
pub mod lifecycle;
pub mod register;

pub use assign::{assign, AssignAppeal};
pub use edit::{edit_appeal, EditAppeal};
pub use lifecycle::{transition, Transition};
pub use register::{register_appeal, RegisterAppeal, Registered, Who};
