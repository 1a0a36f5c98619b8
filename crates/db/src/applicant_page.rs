//! What the applicant's own page shows and takes: the office's requests to the applicant, the
//! applicant's replies and the files sent with them; and the office that takes the online
//! appeals of each region.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{AppealId, ApplicantRequestId, AttachmentId, OfficeId, ReplyId, UserId};
use ombudsman_domain::office::Region;
use serde::Serialize;

use crate::schema::{appeal_replies, appeal_reply_files, applicant_requests, offices, region_routes};
use crate::{Conn, DbError};

/// A request of the office to the applicant.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = applicant_requests, check_for_backend(diesel::pg::Pg))]
pub struct ApplicantRequest {
    /// Identifier.
    pub id: ApplicantRequestId,
    /// The appeal.
    pub appeal_id: AppealId,
    /// What is asked.
    pub text: String,
    /// When it was sent.
    pub sent_on: NaiveDate,
    /// Who sent it (never shown to the applicant).
    #[serde(skip)]
    pub sent_by: Option<UserId>,
    /// The reply that answered it.
    pub answered_by: Option<ReplyId>,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// A reply of the applicant.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = appeal_replies, check_for_backend(diesel::pg::Pg))]
pub struct Reply {
    /// Identifier.
    pub id: ReplyId,
    /// The appeal.
    pub appeal_id: AppealId,
    /// What the applicant wrote.
    pub text: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Records a request to the applicant.
pub fn add_request(conn: &mut Conn, r: &ApplicantRequest) -> Result<ApplicantRequest, DbError> {
    Ok(diesel::insert_into(applicant_requests::table)
        .values(r)
        .returning(ApplicantRequest::as_returning())
        .get_result(conn)?)
}

/// The requests of an appeal, oldest first.
pub fn requests_of(conn: &mut Conn, appeal: AppealId) -> Result<Vec<ApplicantRequest>, DbError> {
    Ok(applicant_requests::table
        .filter(applicant_requests::appeal_id.eq(appeal))
        .order((applicant_requests::created_at, applicant_requests::id))
        .select(ApplicantRequest::as_select())
        .load(conn)?)
}

/// Records a reply and marks the open requests of the appeal as answered by it; returns how
/// many it answered.
pub fn add_reply(conn: &mut Conn, r: &Reply) -> Result<usize, DbError> {
    diesel::insert_into(appeal_replies::table).values(r).execute(conn)?;
    Ok(diesel::update(
        applicant_requests::table
            .filter(applicant_requests::appeal_id.eq(r.appeal_id))
            .filter(applicant_requests::answered_by.is_null()),
    )
    .set(applicant_requests::answered_by.eq(r.id))
    .execute(conn)?)
}

/// The replies of an appeal, oldest first.
pub fn replies_of(conn: &mut Conn, appeal: AppealId) -> Result<Vec<Reply>, DbError> {
    Ok(appeal_replies::table
        .filter(appeal_replies::appeal_id.eq(appeal))
        .order((appeal_replies::created_at, appeal_replies::id))
        .select(Reply::as_select())
        .load(conn)?)
}

/// The reply of an appeal with this id, locked while a file is added to it.
pub fn lock_reply(conn: &mut Conn, appeal: AppealId, reply: ReplyId) -> Result<Reply, DbError> {
    Ok(appeal_replies::table
        .filter(appeal_replies::id.eq(reply))
        .filter(appeal_replies::appeal_id.eq(appeal))
        .select(Reply::as_select())
        .for_update()
        .first(conn)?)
}

/// Links an attachment of the appeal to the reply it came with.
pub fn link_file(conn: &mut Conn, reply: ReplyId, attachment: AttachmentId) -> Result<(), DbError> {
    diesel::insert_into(appeal_reply_files::table)
        .values((
            appeal_reply_files::reply_id.eq(reply),
            appeal_reply_files::attachment_id.eq(attachment),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many files a reply has.
pub fn files_of_reply(conn: &mut Conn, reply: ReplyId) -> Result<i64, DbError> {
    Ok(appeal_reply_files::table
        .filter(appeal_reply_files::reply_id.eq(reply))
        .count()
        .get_result(conn)?)
}

/// The office that takes the online appeals of a region, when an admin named one.
pub fn routed_office(conn: &mut Conn, region: Region) -> Result<Option<OfficeId>, DbError> {
    Ok(region_routes::table
        .find(region)
        .select(region_routes::office_id)
        .first(conn)
        .optional()?)
}

/// Names (or renames) the office of a region.
pub fn set_route(conn: &mut Conn, region: Region, office: OfficeId) -> Result<(), DbError> {
    diesel::insert_into(region_routes::table)
        .values((region_routes::region.eq(region), region_routes::office_id.eq(office)))
        .on_conflict(region_routes::region)
        .do_update()
        .set((
            region_routes::office_id.eq(office),
            region_routes::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every route, by region, with the office's code.
pub fn routes(conn: &mut Conn) -> Result<Vec<(Region, OfficeId, String)>, DbError> {
    Ok(region_routes::table
        .inner_join(offices::table)
        .order(region_routes::region)
        .select((region_routes::region, region_routes::office_id, offices::code))
        .load(conn)?)
}

/// The central office.
pub fn central_office(conn: &mut Conn) -> Result<OfficeId, DbError> {
    Ok(offices::table
        .filter(offices::is_central.eq(true))
        .select(offices::id)
        .first(conn)?)
}
