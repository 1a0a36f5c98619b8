//! The monitoring picture of a facility for its page: visits and the implementation rate.

use std::collections::BTreeMap;

use ombudsman_db::visits::{self};
use ombudsman_db::Conn;
use ombudsman_domain::ids::FacilityId;
use ombudsman_domain::visit::{implementation_rate, RecommendationStatus};
use serde::Serialize;

use super::views::{summaries, VisitSummary};
use crate::auth::Principal;
use crate::error::ApiError;
use ombudsman_domain::access::Action as Do;

/// The monitoring picture of a facility, for its page.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FacilityMonitoring {
    /// The latest visits the caller may see (at most 100), latest first.
    pub visits: Vec<VisitSummary>,
    /// Implemented recommendations over all recommendations made there (every office's
    /// visits); null when none were made.
    pub recommendations_implementation_rate: Option<f64>,
    /// The number of recommendations made there in each follow-up status.
    pub recommendations_by_status: BTreeMap<String, i64>,
}

/// The visits to a facility and the implementation of its recommendations; visits are listed as
/// the caller may see them (none for an administrator), the rate counts every visit.
pub fn facility_monitoring(
    conn: &mut Conn,
    p: &Principal,
    facility: FacilityId,
) -> Result<FacilityMonitoring, ApiError> {
    let visits = match p.caller().visit_scope(Do::Read) {
        Ok(scope) => {
            let rows = visits::of_facility(conn, &scope, facility, 100)?;
            summaries(conn, rows)?
        }
        Err(_) => Vec::new(),
    };
    let mut by_status: BTreeMap<String, i64> = RecommendationStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    for (status, n) in visits::facility_recommendation_counts(conn, facility)? {
        by_status.insert(status.as_str().to_owned(), n);
    }
    Ok(FacilityMonitoring {
        visits,
        recommendations_implementation_rate: implementation_rate(&by_status),
        recommendations_by_status: by_status,
    })
}
