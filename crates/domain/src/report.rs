//! The office's report for a period (the half-year report for Parliament and the press): the
//! figures of appeals, impact measures, compensation and monitoring visits, each beside the same
//! period one year earlier. Only aggregates: no names, no subjects, no personal data.
//!
//! Counting rules (the same for both periods):
//! - an appeal counts in the period it was received (`received_on`); every appeal figure —
//!   closed, outcomes, days to close, overdue — is about the appeals received in the period;
//! - an impact measure counts when issued (`issued_on`), compensation when recovered
//!   (`recovered_on`), a monitoring visit when it started (`started_on`);
//! - dates are office-local (Tashkent) calendar dates, periods inclusive (see [`period`]).
//!
//! The report is `Serialize + Deserialize`: a published report is frozen as a snapshot.

mod breakdowns;
pub mod period;
mod tally;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use self::breakdowns::{OfficeFigures, PartnerReferrals, ReferralFigures, FIGURES_ADDED_LATER};
pub use self::period::{HalfYear, Month, Period};
pub use self::tally::{
    align_money, month_counts, month_money, nearest_rank, percent_change, tally_categories, with_codes,
};
use crate::ids::OfficeId;

/// Counts per code.
pub type Counts = BTreeMap<String, i64>;
/// Money per ISO 4217 currency, in minor units (never a float). Summed as `numeric` and held as
/// `i128`: no number of records can overflow a total.
pub type Money = BTreeMap<String, i128>;

/// The currency always shown in money totals, even when nothing was recovered.
pub const HOME_CURRENCY: &str = "UZS";
/// How many respondent bodies the report lists.
pub const TOP_RESPONDENT_BODIES: i64 = 20;

/// The report of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The period, both ends included.
    pub period: Period,
    /// The same period one year earlier.
    pub previous_period: Period,
    /// The half-year, when the report is one.
    pub half_year: Option<HalfYear>,
    /// Whose figures: one office, or every office.
    pub scope: ReportScope,
    /// The Tashkent date the figures were computed on (open and overdue appeals are as of it).
    pub as_of: NaiveDate,
    /// Appeals received.
    pub appeals: AppealFigures,
    /// Impact measures issued.
    pub impact_measures: MeasureFigures,
    /// Compensation recovered.
    pub compensation: CompensationFigures,
    /// Monitoring visits started.
    pub monitoring_visits: VisitFigures,
    /// Appeals referred to and received from partner ombudsmen.
    #[serde(default)]
    pub referrals: ReferralFigures,
    /// The main figures of each office, in a report of every office (empty in a report of one
    /// office).
    #[serde(default)]
    pub by_office: Vec<OfficeFigures>,
}

/// Whose figures a report holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportScope {
    /// The office, or none for every office.
    pub office_id: Option<OfficeId>,
    /// Its code, e.g. `SAM`.
    pub office_code: Option<String>,
}

/// One month of a count series, beside the same month a year earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCount {
    /// `YYYY-MM` (the first and last month of a period may be partial).
    pub month: String,
    /// In this month.
    pub count: i64,
    /// In the same month of the previous period.
    pub previous: i64,
}

/// One month of money, beside the same month a year earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthMoney {
    /// `YYYY-MM`.
    pub month: String,
    /// Recovered in this month, per currency.
    pub total_minor: Money,
    /// Recovered in the same month of the previous period.
    pub previous_total_minor: Money,
}

/// A state body complained about, with the number of appeals naming it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyCount {
    /// The body's name: for a body of the directory its name in Uzbek (Latin script), else the
    /// free text as first written.
    pub name: String,
    /// The body of the directory, when the appeals name one (free text that matches no body
    /// has none: such names are counted by their fold, so spellings and scripts of one name
    /// count once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_body_id: Option<crate::ids::StateBodyId>,
    /// The directory body's names in the four languages (the exports use the one of their
    /// labels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<crate::state_body::BodyNames>,
    /// Appeals received in the period that name it.
    pub count: i64,
    /// The same in the previous period.
    pub previous: i64,
}

/// The appeals received in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealFigures {
    /// Received in the period.
    pub received: i64,
    /// Received in the previous period.
    pub previous: i64,
    /// Change against the previous period in percent (one decimal); null when it had none.
    pub change_percent: Option<f64>,
    /// Per kind of applicant (anonymous appeals have none and are counted in `anonymous`).
    pub by_applicant_kind: Counts,
    /// The same, previous period.
    pub previous_by_applicant_kind: Counts,
    /// Per channel.
    pub by_channel: Counts,
    /// The same, previous period.
    pub previous_by_channel: Counts,
    /// Per region where the matter arose.
    pub by_region: Counts,
    /// The same, previous period.
    pub previous_by_region: Counts,
    /// Per rights category (an appeal counts once in each of its categories).
    pub by_category: Counts,
    /// The same, previous period.
    pub previous_by_category: Counts,
    /// Per group of rights (personal, social, economic, political, environmental; an appeal
    /// counts once in each group its categories belong to).
    pub by_rights_group: Counts,
    /// The same, previous period.
    pub previous_by_rights_group: Counts,
    /// Repeat appeals (linked to an earlier appeal of the same applicant).
    pub repeat: i64,
    /// The same, previous period.
    pub previous_repeat: i64,
    /// Anonymous appeals.
    pub anonymous: i64,
    /// The same, previous period.
    pub previous_anonymous: i64,
    /// Collective appeals (two or more signatories).
    pub collective: i64,
    /// The same, previous period.
    pub previous_collective: i64,
    /// Appeals about matters abroad (region `abroad`).
    pub from_abroad: i64,
    /// The same, previous period.
    pub previous_from_abroad: i64,
    /// Appeals about matters abroad, per country (ISO 3166 alpha-2).
    pub abroad_by_country: Counts,
    /// The same, previous period.
    pub previous_abroad_by_country: Counts,
    /// The state bodies named most often, most named first.
    pub by_respondent_body: Vec<BodyCount>,
    /// Received in the period and closed by the report date.
    pub closed: i64,
    /// The same, previous period.
    pub previous_closed: i64,
    /// Outcomes of the closed ones.
    pub by_outcome: Counts,
    /// The same, previous period.
    pub previous_by_outcome: Counts,
    /// Received in the period and still open on the report date.
    pub open: i64,
    /// The same, previous period.
    pub previous_open: i64,
    /// Received in the period, open, and past their due date on the report date.
    pub overdue_open: i64,
    /// The same, previous period.
    pub previous_overdue_open: i64,
    /// Median of the days from receipt to closing of the closed ones (the lower median: the
    /// duration of an actual appeal); null when none is closed.
    pub median_days_to_close: Option<i32>,
    /// The same, previous period.
    pub previous_median_days_to_close: Option<i32>,
    /// 90th percentile of the days to close (nearest rank); null when none is closed.
    pub p90_days_to_close: Option<i32>,
    /// The same, previous period.
    pub previous_p90_days_to_close: Option<i32>,
    /// Received in the period and closed after their due date (`closed_on > due_on`).
    #[serde(default)]
    pub closed_late: i64,
    /// The same, previous period.
    #[serde(default)]
    pub previous_closed_late: i64,
    /// Appeals whose applicant has at least one vulnerability marker.
    #[serde(default)]
    pub from_vulnerable_groups: i64,
    /// The same, previous period.
    #[serde(default)]
    pub previous_from_vulnerable_groups: i64,
    /// Per vulnerability marker of the applicant (an appeal counts once in each of its
    /// applicant's markers).
    #[serde(default)]
    pub by_vulnerability: Counts,
    /// The same, previous period.
    #[serde(default)]
    pub previous_by_vulnerability: Counts,
    /// Received per month.
    pub monthly: Vec<MonthCount>,
}

/// The impact measures issued in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureFigures {
    /// Issued in the period.
    pub total: i64,
    /// Issued in the previous period.
    pub previous: i64,
    /// Change in percent; null when the previous period had none.
    pub change_percent: Option<f64>,
    /// Per kind.
    pub by_kind: Counts,
    /// The same, previous period.
    pub previous_by_kind: Counts,
    /// Per current status.
    pub by_status: Counts,
    /// The same, previous period.
    pub previous_by_status: Counts,
    /// Issued per month.
    pub monthly: Vec<MonthCount>,
}

/// The compensation recovered in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationFigures {
    /// Per currency, in minor units.
    pub total_minor: Money,
    /// The same, previous period.
    pub previous_total_minor: Money,
    /// Number of compensation records.
    pub records: i64,
    /// The same, previous period.
    pub previous_records: i64,
    /// Per kind, per currency.
    pub by_kind: BTreeMap<String, Money>,
    /// The same, previous period.
    pub previous_by_kind: BTreeMap<String, Money>,
    /// Recovered per month, per currency.
    pub monthly: Vec<MonthMoney>,
}

/// The monitoring visits started in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitFigures {
    /// Started in the period.
    pub total: i64,
    /// Started in the previous period.
    pub previous: i64,
    /// Change in percent; null when the previous period had none.
    pub change_percent: Option<f64>,
    /// Per kind of facility.
    pub by_facility_kind: Counts,
    /// The same, previous period.
    pub previous_by_facility_kind: Counts,
    /// Per region of the facility.
    pub by_region: Counts,
    /// The same, previous period.
    pub previous_by_region: Counts,
    /// Per type of visit.
    pub by_visit_type: Counts,
    /// The same, previous period.
    pub previous_by_visit_type: Counts,
    /// Recommendations made at these visits.
    pub recommendations_made: i64,
    /// The same, previous period.
    pub previous_recommendations_made: i64,
    /// Of those, per follow-up status now.
    pub recommendations_by_status: Counts,
    /// The same, previous period.
    pub previous_recommendations_by_status: Counts,
    /// Implemented / made (0.0–1.0); null when none was made.
    pub recommendations_implementation_rate: Option<f64>,
    /// The same, previous period.
    pub previous_recommendations_implementation_rate: Option<f64>,
    /// Per who made them: office staff only, a Public Group only, or both together (joint).
    #[serde(default)]
    pub by_conducted_by: Counts,
    /// The same, previous period.
    #[serde(default)]
    pub previous_by_conducted_by: Counts,
    /// People interviewed individually during these visits.
    #[serde(default)]
    pub people_interviewed: i64,
    /// The same, previous period.
    #[serde(default)]
    pub previous_people_interviewed: i64,
    /// People interviewed in groups during these visits.
    #[serde(default)]
    pub people_interviewed_in_groups: i64,
    /// The same, previous period.
    #[serde(default)]
    pub previous_people_interviewed_in_groups: i64,
    /// Started per month.
    pub monthly: Vec<MonthCount>,
}
