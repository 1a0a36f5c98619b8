//! Appeals: registering them, moving them through their lifecycle and assigning them.

pub mod applicant_requests;
pub mod assign;
pub mod casework;
pub mod edit;
pub mod lifecycle;
pub mod referrals;
pub mod register;

pub use applicant_requests::{ask_applicant, AskApplicant};
pub use assign::{assign, AssignAppeal};
pub use casework::{add_note, record_answer, send_request, RecordAnswer, SendRequest};
pub use edit::{edit_appeal, EditAppeal};
pub use lifecycle::{transition, Transition};
pub use referrals::{answer_referral, refer, AnswerReferral, Refer};
pub use register::{register_appeal, RegisterAppeal, Registered, Who};
