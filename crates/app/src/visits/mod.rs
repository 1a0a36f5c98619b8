//! Monitoring visits: recording and changing them, their recommendations and follow-ups.

pub mod edit;
pub mod follow_up;
pub mod recommendations;
pub mod record;

pub use edit::{edit_visit, EditVisit};
pub use follow_up::{follow_up, FollowUpRecommendation, FollowedUp};
pub use recommendations::{add_recommendation, correct_recommendation, AddRecommendation, CorrectRecommendation};
pub use record::{record_visit, RecordVisit};

use diesel::PgConnection;
use ombudsman_db::visits::{find_visible, Visit, VisitScope};
use ombudsman_db::DbError;
use ombudsman_domain::ids::VisitId;

use crate::error::AppError;

/// The visit a command cites in `visit_id`, among those of `scope`; one outside it is
/// `unknown_visit`, said with `message`, as if it did not exist.
pub fn cited(conn: &mut PgConnection, scope: &VisitScope, id: VisitId, message: &str) -> Result<Visit, AppError> {
    find_visible(conn, scope, id).map_err(|e| match e {
        DbError::NotFound => AppError::field("visit_id", "unknown_visit", message),
        other => other.into(),
    })
}
