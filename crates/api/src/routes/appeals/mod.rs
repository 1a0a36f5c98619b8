//! `/api/v1/appeals`: intake, finding cases, the lifecycle and the timeline.

pub mod applicant_requests;
pub mod attachments;
pub use ombudsman_app::deadline;
pub mod intake;
pub mod lifecycle;
pub mod read;
pub mod timeline;
pub mod views;

use ombudsman_domain::ids::AppealId;

use crate::auth::Principal;
use crate::error::ApiError;

/// Keeps the linked items (appeals cited by a measure, received during a visit, …) whose
/// appeals the caller may see; the others are left out as if they did not exist.
pub fn visible_links<T>(
    conn: &mut diesel::PgConnection,
    p: &Principal,
    items: Vec<T>,
    appeal_of: impl Fn(&T) -> AppealId,
) -> Result<Vec<T>, ApiError> {
    let ids: Vec<AppealId> = items.iter().map(&appeal_of).collect();
    let visible = p.caller().visible_appeals(conn, &ids)?;
    Ok(items.into_iter().filter(|i| visible.contains(&appeal_of(i))).collect())
}
