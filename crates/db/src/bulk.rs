//! Bulk loading with PostgreSQL `COPY … FROM STDIN` (binary format), for generated data sets
//! such as `ombudsman demo-data --profile seed-2025h1`. Every row type carries the columns a
//! loader sets; the others take their defaults. Rows are sent as given: the table's CHECK and
//! foreign-key constraints still apply, so a wrong row fails the whole `COPY`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::ExecuteCopyFromDsl;
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Outcome, Status, Vulnerability};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::ids::{
    AppealEventId, AppealId, ApplicantId, CompensationId, FacilityId, ImpactMeasureId, OfficeId, PartnerId, ReferralId,
    StateBodyId, UserId,
};
use ombudsman_domain::impact::{CompensationKind, MeasureKind, MeasureStatus};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use ombudsman_domain::partner::ReferralDirection;
use uuid::Uuid;

use crate::schema::{
    appeal_events, appeals, applicants, compensations, impact_measure_appeals, impact_measures,
    recommendation_follow_ups, recommendations, referrals, registration_counters, visit_team, visits,
};
use crate::{Conn, DbError};

/// An applicant to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = applicants, treat_none_as_default_value = false)]
pub struct ApplicantCopy {
    /// Identifier.
    pub id: ApplicantId,
    /// Kind.
    pub kind: ApplicantKind,
    /// Name.
    pub full_name: String,
    /// The name folded for search (`ombudsman_domain::search::fold`).
    pub search_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone as written.
    pub phone: Option<String>,
    /// Digits of the phone.
    pub phone_digits: Option<String>,
    /// Postal address.
    pub postal_address: Option<String>,
    /// Preferred language.
    pub language: Language,
    /// Citizenship.
    pub citizenship: Option<&'static str>,
    /// Country of stay.
    pub country_of_stay: Option<&'static str>,
    /// Vulnerability markers.
    pub vulnerabilities: Vec<Vulnerability>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// An appeal to copy, with its lifecycle already applied.
#[derive(Debug, Insertable)]
#[diesel(table_name = appeals, treat_none_as_default_value = false)]
pub struct AppealCopy {
    /// Identifier.
    pub id: AppealId,
    /// Registering office.
    pub office_id: OfficeId,
    /// Registration number.
    pub number: String,
    /// Year of the number.
    pub year: i32,
    /// Sequence within office and year.
    pub seq: i32,
    /// Received.
    pub received_on: NaiveDate,
    /// Channel.
    pub channel: Channel,
    /// Applicant.
    pub applicant_id: Option<ApplicantId>,
    /// Anonymous.
    pub anonymous: bool,
    /// Signatories of a collective appeal.
    pub signatories: Option<i32>,
    /// Region.
    pub region: Region,
    /// Country, for region `abroad`.
    pub abroad_country: Option<&'static str>,
    /// Subject.
    pub subject: &'static str,
    /// Description.
    pub description: String,
    /// Categories.
    pub categories: Vec<Category>,
    /// Respondent bodies.
    pub respondent_bodies: Vec<&'static str>,
    /// Their bodies in the directory, one per name; none when none is linked.
    pub respondent_body_ids: Option<Vec<Option<StateBodyId>>>,
    /// Confidential.
    pub confidential: bool,
    /// Reprisal risk.
    pub reprisal_risk: bool,
    /// Status.
    pub status: Status,
    /// Outcome.
    pub outcome: Option<Outcome>,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// Deadline track.
    pub track: Track,
    /// Track start.
    pub track_started_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// Extension days.
    pub extension_days: i32,
    /// Extensions granted.
    pub extensions: i32,
    /// Open pause.
    pub paused_since: Option<NaiveDate>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// Earlier appeal repeated.
    pub repeat_of: Option<AppealId>,
    /// SHA-256 of the access code.
    pub access_code_hash: Vec<u8>,
    /// Folded subject and description.
    pub search_text: String,
    /// Registered by.
    pub registered_by: Option<UserId>,
    /// Version (1 + the lifecycle moves applied).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// The monitoring visit it was received during.
    pub visit_id: Option<Uuid>,
}

/// An entry of an appeal's timeline to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = appeal_events, treat_none_as_default_value = false)]
pub struct AppealEventCopy {
    /// Identifier.
    pub id: AppealEventId,
    /// Appeal.
    pub appeal_id: AppealId,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who.
    pub actor_id: Option<UserId>,
    /// Kind, e.g. `registered`.
    pub kind: ombudsman_domain::events::TimelineKind,
    /// Details.
    pub data: serde_json::Value,
}

/// An impact measure to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = impact_measures, treat_none_as_default_value = false)]
pub struct MeasureCopy {
    /// Identifier.
    pub id: ImpactMeasureId,
    /// Issuing office.
    pub office_id: OfficeId,
    /// Number, e.g. `HQ-D-2025-0001`.
    pub number: String,
    /// Year.
    pub year: i32,
    /// Sequence within office, kind and year.
    pub seq: i32,
    /// Kind.
    pub kind: MeasureKind,
    /// Addressee.
    pub addressee: String,
    /// Issued.
    pub issued_on: NaiveDate,
    /// Summary.
    pub summary: String,
    /// Response due.
    pub response_due_on: Option<NaiveDate>,
    /// Status.
    pub status: MeasureStatus,
    /// Response received.
    pub response_received_on: Option<NaiveDate>,
    /// Response.
    pub response_summary: Option<String>,
    /// Decided.
    pub decided_on: Option<NaiveDate>,
    /// The visit it follows.
    pub visit_id: Option<Uuid>,
    /// Issued by.
    pub issued_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// The addressee's body in the directory.
    pub addressee_body_id: Option<StateBodyId>,
}

/// A link between a measure and an appeal to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = impact_measure_appeals, treat_none_as_default_value = false)]
pub struct MeasureAppealCopy {
    /// Measure.
    pub impact_measure_id: ImpactMeasureId,
    /// Appeal.
    pub appeal_id: AppealId,
}

/// A compensation record to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = compensations, treat_none_as_default_value = false)]
pub struct CompensationCopy {
    /// Identifier.
    pub id: CompensationId,
    /// Office.
    pub office_id: OfficeId,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: &'static str,
    /// Kind.
    pub kind: CompensationKind,
    /// Who paid.
    pub paid_by: String,
    /// Recovered.
    pub recovered_on: NaiveDate,
    /// Beneficiary.
    pub applicant_id: Option<ApplicantId>,
    /// Appeal.
    pub appeal_id: Option<AppealId>,
    /// Measure.
    pub impact_measure_id: Option<ImpactMeasureId>,
    /// Note.
    pub note: Option<String>,
    /// Recorded by.
    pub recorded_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A monitoring visit to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = visits, treat_none_as_default_value = false)]
pub struct VisitCopy {
    /// Identifier.
    pub id: Uuid,
    /// Number, e.g. `HQ-V-2025-0001`.
    pub number: String,
    /// Office.
    pub office_id: OfficeId,
    /// Facility.
    pub facility_id: FacilityId,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// `planned`, `unannounced`, `follow_up` or `reactive`.
    pub visit_type: &'static str,
    /// Public Group members by name.
    pub public_group_members: Vec<&'static str>,
    /// People interviewed individually.
    pub people_interviewed: i32,
    /// People interviewed in groups.
    pub people_interviewed_in_groups: i32,
    /// Findings.
    pub findings: String,
    /// Created by.
    pub created_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A member of a visit's team to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = visit_team, treat_none_as_default_value = false)]
pub struct VisitTeamCopy {
    /// Visit.
    pub visit_id: Uuid,
    /// Staff member.
    pub user_id: UserId,
}

/// A recommendation to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = recommendations, treat_none_as_default_value = false)]
pub struct RecommendationCopy {
    /// Identifier.
    pub id: Uuid,
    /// Visit.
    pub visit_id: Uuid,
    /// Order within the visit.
    pub position: i32,
    /// Text.
    pub text: &'static str,
    /// Addressee.
    pub addressee: String,
    /// Due.
    pub due_on: Option<NaiveDate>,
    /// Follow-up status.
    pub status: &'static str,
    /// Version (1 + follow-ups).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A change of a recommendation's follow-up status to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = recommendation_follow_ups, treat_none_as_default_value = false)]
pub struct FollowUpCopy {
    /// Identifier.
    pub id: Uuid,
    /// Recommendation.
    pub recommendation_id: Uuid,
    /// The visit that checked it.
    pub visit_id: Option<Uuid>,
    /// Status before.
    pub from_status: &'static str,
    /// Status after.
    pub status: &'static str,
    /// Note.
    pub note: &'static str,
    /// Recorded by.
    pub recorded_by: Option<UserId>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A referral to or from a partner ombudsman to copy.
#[derive(Debug, Insertable)]
#[diesel(table_name = referrals, treat_none_as_default_value = false)]
pub struct ReferralCopy {
    /// Identifier.
    pub id: ReferralId,
    /// The appeal.
    pub appeal_id: AppealId,
    /// The partner.
    pub partner_id: PartnerId,
    /// To the partner or from it.
    pub direction: ReferralDirection,
    /// Date referred.
    pub referred_on: NaiveDate,
    /// The partner's reference.
    pub partner_reference: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Date of the answer.
    pub answered_on: Option<NaiveDate>,
    /// What the answer said.
    pub answer_summary: Option<String>,
    /// Recorded by.
    pub created_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

macro_rules! copy_fn {
    ($(#[$meta:meta])* $name:ident, $row:ty, $table:path) => {
        $(#[$meta])*
        pub fn $name(conn: &mut Conn, rows: &[$row]) -> Result<usize, DbError> {
            if rows.is_empty() {
                return Ok(0);
            }
            Ok(diesel::copy_from($table).from_insertable(rows).execute(conn)?)
        }
    };
}

copy_fn!(
    /// Copies applicants; returns the number of rows.
    copy_applicants, ApplicantCopy, applicants::table
);
copy_fn!(
    /// Copies appeals; returns the number of rows.
    copy_appeals, AppealCopy, appeals::table
);
copy_fn!(
    /// Copies timeline entries; returns the number of rows.
    copy_appeal_events, AppealEventCopy, appeal_events::table
);
copy_fn!(
    /// Copies impact measures; returns the number of rows.
    copy_measures, MeasureCopy, impact_measures::table
);
copy_fn!(
    /// Copies links of measures to appeals; returns the number of rows.
    copy_measure_appeals, MeasureAppealCopy, impact_measure_appeals::table
);
copy_fn!(
    /// Copies compensation records; returns the number of rows.
    copy_compensations, CompensationCopy, compensations::table
);
copy_fn!(
    /// Copies monitoring visits; returns the number of rows.
    copy_visits, VisitCopy, visits::table
);
copy_fn!(
    /// Copies visit team members; returns the number of rows.
    copy_visit_team, VisitTeamCopy, visit_team::table
);
copy_fn!(
    /// Copies recommendations; returns the number of rows.
    copy_recommendations, RecommendationCopy, recommendations::table
);
copy_fn!(
    /// Copies referrals; returns the number of rows.
    copy_referrals, ReferralCopy, referrals::table
);
copy_fn!(
    /// Copies follow-up history; returns the number of rows.
    copy_follow_ups, FollowUpCopy, recommendation_follow_ups::table
);

/// The last number handed out in a series (`appeal`, `measure_d`, `visit`, …) of an office and
/// year; 0 when none was.
pub fn counter_value(conn: &mut Conn, office: OfficeId, series: &str, year: i32) -> Result<i32, DbError> {
    Ok(registration_counters::table
        .filter(registration_counters::office_id.eq(office))
        .filter(registration_counters::series.eq(series))
        .filter(registration_counters::year.eq(year))
        .select(registration_counters::last_value)
        .for_update()
        .first::<i32>(conn)
        .optional()?
        .unwrap_or(0))
}

/// Raises a series' counter to `last_value` (never lowers it), so that the next number handed
/// out by [`crate::appeals::next_number`] follows the numbers a bulk load used.
pub fn raise_counter(
    conn: &mut Conn,
    office: OfficeId,
    series: &str,
    year: i32,
    last_value: i32,
) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO registration_counters (office_id, series, year, last_value) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (office_id, series, year) \
         DO UPDATE SET last_value = GREATEST(registration_counters.last_value, EXCLUDED.last_value)",
    )
    .bind::<diesel::sql_types::Uuid, _>(office.0)
    .bind::<diesel::sql_types::Text, _>(series)
    .bind::<diesel::sql_types::Integer, _>(year)
    .bind::<diesel::sql_types::Integer, _>(last_value)
    .execute(conn)?;
    Ok(())
}

/// The facility of a region with this name, if the registry has one.
pub fn find_facility(
    conn: &mut Conn,
    name: &str,
    region: Region,
) -> Result<Option<crate::facilities::Facility>, DbError> {
    use crate::schema::facilities;
    Ok(facilities::table
        .filter(facilities::name.eq(name))
        .filter(facilities::region.eq(region))
        .select(crate::facilities::Facility::as_select())
        .first(conn)
        .optional()?)
}

/// The audit event of `action` whose `diff` names `profile` (`{"profile": …}`), if any: the
/// marker a bulk load leaves in its own transaction.
pub fn find_marker(
    conn: &mut Conn,
    action: ombudsman_domain::events::AuditAction,
    profile: &str,
) -> Result<Option<crate::audit::AuditEvent>, DbError> {
    use crate::schema::audit_events;
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Text};
    Ok(audit_events::table
        .filter(audit_events::action.eq(action.as_str()))
        .filter(sql::<Bool>("diff->>'profile' = ").bind::<Text, _>(profile))
        .order(audit_events::occurred_at.desc())
        .select(crate::audit::AuditEvent::as_select())
        .first(conn)
        .optional()?)
}

/// How many records a period already holds: appeals received, impact measures issued,
/// compensation recovered and monitoring visits started between two days (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct PeriodRecords {
    /// Appeals received.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub appeals: i64,
    /// Impact measures issued.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub measures: i64,
    /// Compensation records.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub compensations: i64,
    /// Visits started.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub visits: i64,
}

/// The records of a period (see [`PeriodRecords`]).
pub fn period_records(conn: &mut Conn, from: NaiveDate, to: NaiveDate) -> Result<PeriodRecords, DbError> {
    Ok(diesel::sql_query(
        "SELECT (SELECT count(*) FROM appeals WHERE received_on BETWEEN $1 AND $2) AS appeals, \
                (SELECT count(*) FROM impact_measures WHERE issued_on BETWEEN $1 AND $2) AS measures, \
                (SELECT count(*) FROM compensations WHERE recovered_on BETWEEN $1 AND $2) AS compensations, \
                (SELECT count(*) FROM visits WHERE started_on BETWEEN $1 AND $2) AS visits",
    )
    .bind::<diesel::sql_types::Date, _>(from)
    .bind::<diesel::sql_types::Date, _>(to)
    .get_result(conn)?)
}
