//! An appeal's timeline and its requests to state bodies.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::events::TimelineKind;
use ombudsman_domain::ids::{AppealEventId, AppealId, BodyRequestId, StateBodyId, UserId};
use serde::Serialize;

use crate::schema::{appeal_events, body_requests};
use crate::{Conn, DbError};

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
    /// The body asked, in the directory of state bodies.
    pub body_id: Option<StateBodyId>,
}

/// Records a request sent to a state body.
#[allow(clippy::too_many_arguments)]
pub fn add_body_request(
    conn: &mut Conn,
    appeal: AppealId,
    body_name: &str,
    body_id: Option<StateBodyId>,
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
            body_requests::body_id.eq(body_id),
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
