//! Appeals: registration with gapless numbers, visibility scopes, filters with keyset
//! pagination, and the case timeline.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Outcome, Status};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::ids::{AppealId, ApplicantId, OfficeId, StateBodyId, UserId, VisitId};
use ombudsman_domain::office::Region;
use serde::Serialize;

use crate::schema::{appeals, applicants, registration_counters};
use crate::{Conn, DbError};

mod detail;
mod list;
mod registered;
mod search;
mod timeline;

pub use detail::*;
pub use list::*;
pub use registered::*;
pub use timeline::*;

pub use search::Rank;

/// An appeal as stored.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = appeals, check_for_backend(diesel::pg::Pg))]
pub struct Appeal {
    /// Identifier.
    pub id: AppealId,
    /// Registering office.
    pub office_id: OfficeId,
    /// Registration number, e.g. `TAS-2025-004217`.
    pub number: String,
    /// Year of the number.
    pub year: i32,
    /// Sequence within office and year.
    pub seq: i32,
    /// Date received.
    pub received_on: NaiveDate,
    /// Channel.
    pub channel: Channel,
    /// Applicant (none when anonymous).
    pub applicant_id: Option<ApplicantId>,
    /// Anonymous appeal.
    pub anonymous: bool,
    /// Signatories of a collective appeal.
    pub signatories: Option<i32>,
    /// Region where the matter arose.
    pub region: Region,
    /// Country, for region `abroad`.
    pub abroad_country: Option<String>,
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: String,
    /// Rights categories.
    pub categories: Vec<Option<Category>>,
    /// State bodies complained about, as written (or, for a body given by id, its name).
    pub respondent_bodies: Vec<Option<String>>,
    /// The directory's body of each of `respondent_bodies`, in the same order (NULL for free
    /// text that names no body); NULL when none is linked.
    pub respondent_body_ids: Option<Vec<Option<StateBodyId>>>,
    /// Confidential: only the assigned officer and managers see it.
    pub confidential: bool,
    /// Reprisal risk: the applicant's identity is narrowed further.
    pub reprisal_risk: bool,
    /// Status.
    pub status: Status,
    /// Outcome, when closed.
    pub outcome: Option<Outcome>,
    /// Date closed.
    pub closed_on: Option<NaiveDate>,
    /// Deadline track.
    pub track: Track,
    /// When the current track began.
    pub track_started_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// Days added by the extension.
    pub extension_days: i32,
    /// Extensions granted.
    pub extensions: i32,
    /// Start of the open pause, if the clock is paused.
    pub paused_since: Option<NaiveDate>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// The earlier appeal this one repeats.
    pub repeat_of: Option<AppealId>,
    /// SHA-256 of the applicant's access code.
    pub access_code_hash: Vec<u8>,
    /// Folded subject and description, for search.
    pub search_text: String,
    /// Who registered it.
    pub registered_by: Option<UserId>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
    /// The monitoring visit it was received during.
    pub visit_id: Option<VisitId>,
}

/// A new appeal, without its number: [`register_numbered`] takes the next one of its office and
/// year.
#[derive(Debug)]
pub struct NewAppealRow<'a> {
    /// Identifier.
    pub id: AppealId,
    /// Office.
    pub office_id: OfficeId,
    /// The office's code, which begins the number.
    pub office_code: &'a str,
    /// Year of the number.
    pub year: i32,
    /// Received.
    pub received_on: NaiveDate,
    /// Channel.
    pub channel: Channel,
    /// Applicant.
    pub applicant_id: Option<ApplicantId>,
    /// Anonymous.
    pub anonymous: bool,
    /// Signatories.
    pub signatories: Option<i32>,
    /// Region.
    pub region: Region,
    /// Country abroad.
    pub abroad_country: Option<&'a str>,
    /// Subject.
    pub subject: &'a str,
    /// Description.
    pub description: &'a str,
    /// Categories.
    pub categories: &'a [Category],
    /// Respondent bodies.
    pub respondent_bodies: &'a [String],
    /// Their links to the directory, one per name.
    pub respondent_body_ids: &'a [Option<StateBodyId>],
    /// Confidential.
    pub confidential: bool,
    /// Reprisal risk.
    pub reprisal_risk: bool,
    /// Track.
    pub track: Track,
    /// Track start.
    pub track_started_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// Repeat of.
    pub repeat_of: Option<AppealId>,
    /// Access code hash.
    pub access_code_hash: &'a [u8],
    /// Search text.
    pub search_text: &'a str,
    /// Registered by.
    pub registered_by: Option<UserId>,
}

/// Lifecycle and deadline fields a move changes.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = appeals, treat_none_as_null = true)]
pub struct LifecycleChange {
    /// Status.
    pub status: Status,
    /// Outcome.
    pub outcome: Option<Outcome>,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// Track.
    pub track: Track,
    /// Track start.
    pub track_started_on: NaiveDate,
    /// Due date.
    pub due_on: NaiveDate,
    /// Extension days.
    pub extension_days: i32,
    /// Extensions.
    pub extensions: i32,
    /// Open pause.
    pub paused_since: Option<NaiveDate>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
}

impl From<&Appeal> for LifecycleChange {
    fn from(a: &Appeal) -> Self {
        Self {
            status: a.status,
            outcome: a.outcome,
            closed_on: a.closed_on,
            track: a.track,
            track_started_on: a.track_started_on,
            due_on: a.due_on,
            extension_days: a.extension_days,
            extensions: a.extensions,
            paused_since: a.paused_since,
            assigned_to: a.assigned_to,
        }
    }
}

/// Descriptive fields a `PATCH` may change (`None`: unchanged).
#[derive(Debug, Clone, Default, AsChangeset, Serialize)]
#[diesel(table_name = appeals)]
pub struct DetailsChange {
    /// Subject.
    pub subject: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Categories.
    pub categories: Option<Vec<Category>>,
    /// Respondent bodies.
    pub respondent_bodies: Option<Vec<String>>,
    /// Their links to the directory (set with `respondent_bodies`).
    pub respondent_body_ids: Option<Vec<Option<StateBodyId>>>,
    /// Region.
    pub region: Option<Region>,
    /// Confidential.
    pub confidential: Option<bool>,
    /// Reprisal risk.
    pub reprisal_risk: Option<bool>,
    /// Search text (recomputed when subject or description change).
    #[serde(skip)]
    pub search_text: Option<String>,
}

/// Whose appeals of one class the caller reaches: those assigned to them, those of their
/// office, those of the other offices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// Appeals assigned to the caller.
    pub assigned: bool,
    /// Appeals of the caller's office.
    pub same_office: bool,
    /// Appeals of every other office.
    pub other_offices: bool,
}

/// What the caller may see, per class of appeal (the access policy, as SQL; built by
/// `ombudsman_app::access`).
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// The caller's office.
    pub office_id: OfficeId,
    /// The caller.
    pub user_id: UserId,
    /// Appeals neither confidential nor received during a monitoring visit.
    pub ordinary: Reach,
    /// Appeals received during a monitoring visit (not confidential).
    pub from_visit: Reach,
    /// Confidential appeals.
    pub confidential: Reach,
}

type Predicate = Box<dyn BoxableExpression<appeals::table, diesel::pg::Pg, SqlType = diesel::sql_types::Bool>>;

fn always(value: bool) -> Predicate {
    Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>(if value {
        "TRUE"
    } else {
        "FALSE"
    }))
}

fn reach(r: Reach, scope: &Scope) -> Predicate {
    let mut parts: Vec<Predicate> = Vec::new();
    match (r.same_office, r.other_offices) {
        (true, true) => return always(true),
        (true, false) => parts.push(Box::new(appeals::office_id.eq(scope.office_id))),
        (false, true) => parts.push(Box::new(appeals::office_id.ne(scope.office_id))),
        (false, false) => {}
    }
    if r.assigned {
        parts.push(Box::new(appeals::assigned_to.is_not_distinct_from(scope.user_id)));
    }
    parts
        .into_iter()
        .reduce(|a, b| Box::new(a.or(b)))
        .unwrap_or_else(|| always(false))
}

/// The policy's predicate over the appeals table.
fn visible(scope: &Scope) -> Predicate {
    let uniform = scope.ordinary == scope.from_visit && scope.ordinary == scope.confidential;
    if uniform {
        return reach(scope.ordinary, scope);
    }
    let visit = appeals::channel.eq(Channel::MonitoringVisit);
    let confidential: Predicate = Box::new(appeals::confidential.and(reach(scope.confidential, scope)));
    if scope.ordinary == scope.from_visit {
        return Box::new(
            appeals::confidential
                .eq(false)
                .and(reach(scope.ordinary, scope))
                .or(confidential),
        );
    }
    Box::new(
        appeals::confidential
            .eq(false)
            .and(visit.and(reach(scope.from_visit, scope)))
            .or(appeals::confidential
                .eq(false)
                .and(appeals::channel.ne(Channel::MonitoringVisit))
                .and(reach(scope.ordinary, scope)))
            .or(confidential),
    )
}

type BoxedAppeals<'a> = appeals::BoxedQuery<'a, diesel::pg::Pg>;

fn scoped<'a>(scope: &Scope) -> BoxedAppeals<'a> {
    appeals::table.into_boxed().filter(visible(scope))
}

/// One appeal by id, whoever may see it (the caller checks the policy).
pub fn find(conn: &mut Conn, id: AppealId) -> Result<Appeal, DbError> {
    Ok(appeals::table.find(id).select(Appeal::as_select()).first(conn)?)
}

/// One appeal by id, locked for a change (the caller checks the policy).
pub fn lock(conn: &mut Conn, id: AppealId) -> Result<Appeal, DbError> {
    Ok(appeals::table
        .find(id)
        .select(Appeal::as_select())
        .for_update()
        .first(conn)?)
}

/// Which of `ids` the caller may see.
pub fn visible_ids(conn: &mut Conn, scope: &Scope, ids: &[AppealId]) -> Result<Vec<AppealId>, DbError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(scoped(scope)
        .filter(appeals::id.eq_any(ids.to_vec()))
        .select(appeals::id)
        .load(conn)?)
}

/// The protected appeals (confidential or at reprisal risk) of these applicants: applicant,
/// office and assigned officer of each.
pub fn protected_of(
    conn: &mut Conn,
    applicant_ids: &[ApplicantId],
) -> Result<Vec<(ApplicantId, OfficeId, Option<UserId>)>, DbError> {
    if applicant_ids.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<(Option<ApplicantId>, OfficeId, Option<UserId>)> = appeals::table
        .filter(appeals::applicant_id.eq_any(applicant_ids.to_vec()))
        .filter(appeals::confidential.or(appeals::reprisal_risk))
        .select((appeals::applicant_id, appeals::office_id, appeals::assigned_to))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(a, o, u)| a.map(|a| (a, o, u))).collect())
}

/// One appeal the caller may see; `NotFound` otherwise.
pub fn find_visible(conn: &mut Conn, scope: &Scope, id: AppealId) -> Result<Appeal, DbError> {
    Ok(scoped(scope)
        .filter(appeals::id.eq(id))
        .select(Appeal::as_select())
        .first(conn)?)
}

/// One appeal by number (no scope: for the applicant's public lookup).
pub fn find_by_number(conn: &mut Conn, number: &str) -> Result<Appeal, DbError> {
    Ok(appeals::table
        .filter(appeals::number.eq(number))
        .select(Appeal::as_select())
        .first(conn)?)
}

/// The next number of a series (`appeal`, …) for an office and year. The counter row stays
/// locked until the caller's transaction ends, which keeps numbers gapless and in commit order.
pub fn next_number(conn: &mut Conn, office: OfficeId, series: &str, year: i32) -> Result<i32, DbError> {
    // Prepared: taken under the office's numbering lock (measures, visits), so every
    // microsecond counts there.
    Ok(crate::prepared::Prepared(
        diesel::insert_into(registration_counters::table)
            .values((
                registration_counters::office_id.eq(office),
                registration_counters::series.eq(series),
                registration_counters::year.eq(year),
                registration_counters::last_value.eq(1),
            ))
            .on_conflict((
                registration_counters::office_id,
                registration_counters::series,
                registration_counters::year,
            ))
            .do_update()
            .set(registration_counters::last_value.eq(registration_counters::last_value + 1))
            .returning(registration_counters::last_value),
    )
    .get_result(conn)?)
}

/// The applicant's latest earlier appeal sharing a category, received within 12 months.
pub fn find_repeat_of(
    conn: &mut Conn,
    applicant: ApplicantId,
    categories: &[Category],
    received_on: NaiveDate,
) -> Result<Option<AppealId>, DbError> {
    let since = received_on - chrono::Months::new(12);
    Ok(appeals::table
        .filter(appeals::applicant_id.eq(applicant))
        .filter(appeals::categories.overlaps_with(categories.to_vec()))
        .filter(appeals::received_on.between(since, received_on))
        .order((appeals::received_on.desc(), appeals::id.desc()))
        .select(appeals::id)
        .first(conn)
        .optional()?)
}

/// Applies a lifecycle change and bumps the version.
pub fn apply_lifecycle(conn: &mut Conn, id: AppealId, change: &LifecycleChange) -> Result<Appeal, DbError> {
    Ok(diesel::update(appeals::table.find(id))
        .set((
            change,
            appeals::version.eq(appeals::version + 1),
            appeals::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Appeal::as_returning())
        .get_result(conn)?)
}

/// Applies descriptive changes if the version still matches.
pub fn update_details(
    conn: &mut Conn,
    id: AppealId,
    expected_version: i32,
    change: &DetailsChange,
) -> Result<Appeal, DbError> {
    let updated = diesel::update(appeals::table.find(id).filter(appeals::version.eq(expected_version)))
        .set((
            change,
            appeals::version.eq(appeals::version + 1),
            appeals::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Appeal::as_returning())
        .get_result(conn)
        .optional()?;
    updated.ok_or(DbError::Stale)
}
