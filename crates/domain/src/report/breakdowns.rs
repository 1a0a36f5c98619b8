//! The figures added to the report after its first publications: referrals to and from partner
//! ombudsmen, and the main figures per office. A report published before they existed is read
//! back with them empty (`#[serde(default)]`), and [`FIGURES_ADDED_LATER`] tells a comparison
//! or an export which figures such a publication simply did not have.

use serde::{Deserialize, Serialize};

use super::Money;
use crate::ids::OfficeId;

/// The paths (as in a report comparison: `section.figure`) of the figures that reports published
/// before them lack. A publication without one of them did not state it: it is neither a
/// difference from the live report nor a zero to export.
pub const FIGURES_ADDED_LATER: &[&str] = &[
    "appeals.closed_late",
    "appeals.previous_closed_late",
    "appeals.from_vulnerable_groups",
    "appeals.previous_from_vulnerable_groups",
    "appeals.by_vulnerability",
    "appeals.previous_by_vulnerability",
    "monitoring_visits.by_conducted_by",
    "monitoring_visits.previous_by_conducted_by",
    "monitoring_visits.people_interviewed",
    "monitoring_visits.previous_people_interviewed",
    "monitoring_visits.people_interviewed_in_groups",
    "monitoring_visits.previous_people_interviewed_in_groups",
    "referrals",
    "by_office",
];

/// Referrals of appeals to partner ombudsmen (outgoing) and from them (incoming), counted when
/// referred (`referred_on`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralFigures {
    /// Referred to partners in the period.
    pub outgoing: i64,
    /// The same, previous period.
    pub previous_outgoing: i64,
    /// Received from partners in the period.
    pub incoming: i64,
    /// The same, previous period.
    pub previous_incoming: i64,
    /// Per partner with a referral in either period, most referrals in the period first (then
    /// by name).
    pub by_partner: Vec<PartnerReferrals>,
}

/// The referrals exchanged with one partner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerReferrals {
    /// The partner's name as registered.
    pub name: String,
    /// Referred to it in the period.
    pub outgoing: i64,
    /// The same, previous period.
    pub previous_outgoing: i64,
    /// Received from it in the period.
    pub incoming: i64,
    /// The same, previous period.
    pub previous_incoming: i64,
}

/// The main figures of one office, by the same rules as the report's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeFigures {
    /// The office.
    pub office_id: OfficeId,
    /// Its code, e.g. `SAM`.
    pub office_code: String,
    /// Appeals received in the period.
    pub received: i64,
    /// The same, previous period.
    pub previous_received: i64,
    /// Of those, closed by the report date.
    pub closed: i64,
    /// The same, previous period.
    pub previous_closed: i64,
    /// Of those, still open.
    pub open: i64,
    /// The same, previous period.
    pub previous_open: i64,
    /// Of those, open and past their due date.
    pub overdue_open: i64,
    /// The same, previous period.
    pub previous_overdue_open: i64,
    /// Impact measures issued in the period.
    pub impact_measures: i64,
    /// The same, previous period.
    pub previous_impact_measures: i64,
    /// Compensation recovered, per currency, in minor units.
    pub compensation_minor: Money,
    /// The same, previous period.
    pub previous_compensation_minor: Money,
    /// Monitoring visits started in the period.
    pub monitoring_visits: i64,
    /// The same, previous period.
    pub previous_monitoring_visits: i64,
}
