//! Appeals: registration with gapless numbers, visibility scopes, filters with keyset
//! pagination, and the case timeline.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Outcome, Status};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::events::TimelineKind;
use ombudsman_domain::ids::{AppealEventId, AppealId, ApplicantId, BodyRequestId, OfficeId, UserId, VisitId};
use ombudsman_domain::office::Region;
use serde::Serialize;

use crate::schema::{appeal_events, appeals, applicants, body_requests, registration_counters};
use crate::{Conn, DbError};

mod search;

pub use search::Rank;

/// An appeal as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
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
    /// State bodies complained about.
    pub respondent_bodies: Vec<Option<String>>,
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

/// A new appeal.
#[derive(Debug, Insertable)]
#[diesel(table_name = appeals)]
pub struct NewAppealRow<'a> {
    /// Identifier.
    pub id: AppealId,
    /// Office.
    pub office_id: OfficeId,
    /// Number.
    pub number: &'a str,
    /// Year.
    pub year: i32,
    /// Sequence.
    pub seq: i32,
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

/// Filters of the appeal list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Status.
    pub status: Option<Status>,
    /// Region.
    pub region: Option<Region>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Category.
    pub category: Option<Category>,
    /// Applicant kind.
    pub applicant_kind: Option<ApplicantKind>,
    /// Applicant.
    pub applicant_id: Option<ApplicantId>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// Open, running (not paused) and due before this date (overdue as of the day after).
    pub overdue_as_of: Option<NaiveDate>,
    /// Received on or after.
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// Folded search terms; every one must occur in the appeal's subject and description or in
    /// its applicant's name.
    pub terms: Vec<String>,
    /// The search as typed: also matched against the registration number (whole or part), the
    /// applicant's phone digits (five or more digits in any formatting) and e-mail.
    pub raw_query: Option<String>,
    /// Open appeals due within a window of days.
    pub due_within: Option<DueWindow>,
}

/// Open appeals due on or before `last`: those due from `today` on, and those already past
/// their due date that are overdue (running: a paused appeal is never overdue).
#[derive(Debug, Clone, Copy)]
pub struct DueWindow {
    /// Today.
    pub today: NaiveDate,
    /// The last due date of the window.
    pub last: NaiveDate,
}

/// The order of the appeal list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Newest received first, then id descending.
    #[default]
    Received,
    /// Earliest due first, then id ascending (the worklist).
    Due,
    /// Best match of the search first ([`Rank`], descending), then newest received, then id
    /// descending. Without a search every row has the same rank.
    Relevance,
}

/// Position in the list: the sort key of the last row of the previous page. `day` is the
/// received date (or, in [`Order::Due`], the due date); `rank` is the [`Rank`] of the row in
/// [`Order::Relevance`] and 0 otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The match rank (0 unless ranked).
    pub rank: i32,
    /// The date the list is ordered by.
    pub day: NaiveDate,
    /// Id.
    pub id: AppealId,
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

/// The first `limit` appeals the caller may see, newest received first.
pub fn list(conn: &mut Conn, scope: &Scope, filter: &Filter, limit: i64) -> Result<Vec<Appeal>, DbError> {
    Ok(page(conn, scope, filter, Order::Received, None, limit)?
        .into_iter()
        .map(|(appeal, _)| appeal)
        .collect())
}

/// A page of the appeals the caller may see in `order`, after the position `after`; each with
/// its own position (the cursor of the next page when it is the last row).
pub fn page(
    conn: &mut Conn,
    scope: &Scope,
    filter: &Filter,
    order: Order,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Vec<(Appeal, Cursor)>, DbError> {
    let mut q = scoped(scope);
    if let Some(s) = filter.status {
        q = q.filter(appeals::status.eq(s));
    }
    if let Some(r) = filter.region {
        q = q.filter(appeals::region.eq(r));
    }
    if let Some(c) = filter.channel {
        q = q.filter(appeals::channel.eq(c));
    }
    if let Some(c) = filter.category {
        q = q.filter(appeals::categories.contains(vec![c]));
    }
    if let Some(k) = filter.applicant_kind {
        q = q.filter(
            appeals::applicant_id.eq_any(
                applicants::table
                    .filter(applicants::kind.eq(k))
                    .select(applicants::id.nullable()),
            ),
        );
    }
    if let Some(a) = filter.applicant_id {
        q = q.filter(appeals::applicant_id.eq(a));
    }
    if let Some(u) = filter.assigned_to {
        q = q.filter(appeals::assigned_to.eq(u));
    }
    if let Some(today) = filter.overdue_as_of {
        q = q
            .filter(appeals::status.ne(Status::Closed))
            .filter(appeals::due_on.lt(today))
            // The clock of a paused appeal is stopped: it cannot run late.
            .filter(appeals::paused_since.is_null());
    }
    if let Some(d) = filter.received_from {
        q = q.filter(appeals::received_on.ge(d));
    }
    if let Some(d) = filter.received_to {
        q = q.filter(appeals::received_on.le(d));
    }
    if let Some(window) = filter.due_within {
        q = q
            .filter(appeals::status.ne(Status::Closed))
            .filter(appeals::due_on.le(window.last))
            // Past its due date only when overdue: the clock of a paused appeal is stopped.
            .filter(appeals::due_on.ge(window.today).or(appeals::paused_since.is_null()));
    }
    let found = search::Search::new(&filter.terms, filter.raw_query.as_deref());
    if let Some(found) = &found {
        q = q.filter(found.filter());
    }
    // The rank is computed only when the list is ordered by it; it is built from the same
    // predicates as the filter above.
    let rank = || -> search::RankExpr {
        match (&found, order) {
            (Some(found), Order::Relevance) => found.rank(),
            _ => Box::new(0.into_sql::<diesel::sql_types::Integer>()),
        }
    };
    q = match (order, after) {
        (_, None) => q,
        (Order::Received, Some(c)) => q.filter(
            appeals::received_on
                .lt(c.day)
                .or(appeals::received_on.eq(c.day).and(appeals::id.lt(c.id))),
        ),
        (Order::Due, Some(c)) => q.filter(
            appeals::due_on
                .gt(c.day)
                .or(appeals::due_on.eq(c.day).and(appeals::id.gt(c.id))),
        ),
        (Order::Relevance, Some(c)) => q.filter(
            rank().lt(c.rank).or(rank().eq(c.rank).and(
                appeals::received_on
                    .lt(c.day)
                    .or(appeals::received_on.eq(c.day).and(appeals::id.lt(c.id))),
            )),
        ),
    };
    q = match order {
        Order::Received => q.order((appeals::received_on.desc(), appeals::id.desc())),
        // Every appeal has a due date (`due_on` is NOT NULL), so none sorts after the dated ones.
        Order::Due => q.order((appeals::due_on.asc(), appeals::id.asc())),
        Order::Relevance => q.order((rank().desc(), appeals::received_on.desc(), appeals::id.desc())),
    };
    let rows: Vec<(Appeal, i32)> = q.limit(limit).select((Appeal::as_select(), rank())).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(appeal, rank)| {
            let day = match order {
                Order::Due => appeal.due_on,
                Order::Received | Order::Relevance => appeal.received_on,
            };
            let cursor = Cursor {
                rank,
                day,
                id: appeal.id,
            };
            (appeal, cursor)
        })
        .collect())
}

/// The next number of a series (`appeal`, …) for an office and year. The counter row stays
/// locked until the caller's transaction ends, which keeps numbers gapless and in commit order.
pub fn next_number(conn: &mut Conn, office: OfficeId, series: &str, year: i32) -> Result<i32, DbError> {
    Ok(diesel::insert_into(registration_counters::table)
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
        .returning(registration_counters::last_value)
        .get_result(conn)?)
}

/// Inserts an appeal.
pub fn insert(conn: &mut Conn, new: &NewAppealRow<'_>) -> Result<Appeal, DbError> {
    Ok(diesel::insert_into(appeals::table)
        .values(new)
        .returning(Appeal::as_returning())
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

/// An entry of the timeline.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = appeal_events, check_for_backend(diesel::pg::Pg))]
pub struct AppealEvent {
    /// Identifier.
    pub id: AppealEventId,
    /// Appeal.
    pub appeal_id: AppealId,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who.
    pub actor_id: Option<UserId>,
    /// What kind of entry.
    pub kind: String,
    /// Free text.
    pub note: Option<String>,
    /// Details.
    pub data: serde_json::Value,
}

/// Adds an entry to the timeline.
pub fn add_event(
    conn: &mut Conn,
    appeal: AppealId,
    actor: Option<UserId>,
    kind: TimelineKind,
    note: Option<&str>,
    data: serde_json::Value,
) -> Result<AppealEvent, DbError> {
    Ok(diesel::insert_into(appeal_events::table)
        .values((
            appeal_events::id.eq(AppealEventId::new()),
            appeal_events::appeal_id.eq(appeal),
            appeal_events::actor_id.eq(actor),
            appeal_events::kind.eq(kind.as_str()),
            appeal_events::note.eq(note),
            appeal_events::data.eq(data),
        ))
        .returning(AppealEvent::as_returning())
        .get_result(conn)?)
}

/// The timeline of an appeal, oldest first.
pub fn events(conn: &mut Conn, appeal: AppealId) -> Result<Vec<AppealEvent>, DbError> {
    Ok(appeal_events::table
        .filter(appeal_events::appeal_id.eq(appeal))
        .order((appeal_events::occurred_at.asc(), appeal_events::id.asc()))
        .select(AppealEvent::as_select())
        .load(conn)?)
}

/// A request to a state body.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = body_requests, check_for_backend(diesel::pg::Pg))]
pub struct BodyRequest {
    /// Identifier.
    pub id: BodyRequestId,
    /// Appeal.
    pub appeal_id: AppealId,
    /// The state body asked.
    pub body_name: String,
    /// What was asked.
    pub subject: String,
    /// Sent.
    pub sent_on: NaiveDate,
    /// Answer due.
    pub due_on: NaiveDate,
    /// Answered.
    pub answered_on: Option<NaiveDate>,
    /// The answer.
    pub answer_summary: Option<String>,
    /// Who sent it.
    pub created_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// Records a request sent to a state body.
#[allow(clippy::too_many_arguments)]
pub fn add_body_request(
    conn: &mut Conn,
    appeal: AppealId,
    body_name: &str,
    subject: &str,
    sent_on: NaiveDate,
    due_on: NaiveDate,
    actor: UserId,
) -> Result<BodyRequest, DbError> {
    Ok(diesel::insert_into(body_requests::table)
        .values((
            body_requests::id.eq(BodyRequestId::new()),
            body_requests::appeal_id.eq(appeal),
            body_requests::body_name.eq(body_name),
            body_requests::subject.eq(subject),
            body_requests::sent_on.eq(sent_on),
            body_requests::due_on.eq(due_on),
            body_requests::created_by.eq(actor),
        ))
        .returning(BodyRequest::as_returning())
        .get_result(conn)?)
}

/// Records the answer to a request; `NotFound` when it is not open on this appeal.
pub fn answer_body_request(
    conn: &mut Conn,
    appeal: AppealId,
    request: BodyRequestId,
    answered_on: NaiveDate,
    summary: &str,
) -> Result<BodyRequest, DbError> {
    Ok(diesel::update(
        body_requests::table
            .filter(body_requests::id.eq(request))
            .filter(body_requests::appeal_id.eq(appeal))
            .filter(body_requests::answered_on.is_null()),
    )
    .set((
        body_requests::answered_on.eq(answered_on),
        body_requests::answer_summary.eq(summary),
    ))
    .returning(BodyRequest::as_returning())
    .get_result(conn)?)
}

/// The requests of an appeal.
pub fn body_requests(conn: &mut Conn, appeal: AppealId) -> Result<Vec<BodyRequest>, DbError> {
    Ok(body_requests::table
        .filter(body_requests::appeal_id.eq(appeal))
        .order(body_requests::sent_on.asc())
        .select(BodyRequest::as_select())
        .load(conn)?)
}
