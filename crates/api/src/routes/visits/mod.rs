//! `/api/v1/visits` and `/api/v1/recommendations`: monitoring visits to places of detention, the
//! recommendations made after them and their follow-up.
//!
//! Access: monitors and managers record and change the visits of their office (a central-office
//! manager: every office); case officers read them; auditors read every office; admins do no
//! casework (403). A visit the caller may not see answers 404.

pub mod attachments;
pub mod facility;
pub mod recommendations;
pub mod record;
pub mod views;
