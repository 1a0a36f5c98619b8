//! Two applicant records found to be one person, merged by a manager, and merges undone: each
//! is a record listing the appeals it moved, so that undoing one moves exactly those back.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Uuid as SqlUuid};
use ombudsman_domain::ids::{AppealId, ApplicantId, UserId};
use uuid::Uuid;

use crate::schema::{appeals, applicant_merges, applicants, compensations};
use crate::{Conn, DbError};

/// A merge, or the undoing of one (`reverses`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = applicant_merges, check_for_backend(diesel::pg::Pg))]
pub struct Merge {
    /// Identifier.
    pub id: Uuid,
    /// The applicant whose appeals were moved.
    pub from_applicant: ApplicantId,
    /// The applicant they were moved to.
    pub into_applicant: ApplicantId,
    /// The appeals moved.
    pub appeal_ids: Vec<AppealId>,
    /// Why.
    pub reason: String,
    /// The merge this one undoes.
    pub reverses: Option<Uuid>,
    /// Who merged.
    pub merged_by: UserId,
    /// When.
    pub merged_at: DateTime<Utc>,
}

/// Records a merge.
pub fn insert(conn: &mut Conn, merge: &Merge) -> Result<Merge, DbError> {
    Ok(diesel::insert_into(applicant_merges::table)
        .values(merge)
        .returning(Merge::as_returning())
        .get_result(conn)?)
}

/// One merge, locked until the transaction ends (so that it is undone once).
pub fn lock(conn: &mut Conn, id: Uuid) -> Result<Merge, DbError> {
    Ok(applicant_merges::table
        .find(id)
        .select(Merge::as_select())
        .for_update()
        .first(conn)?)
}

/// Whether a merge has been undone.
pub fn is_reversed(conn: &mut Conn, id: Uuid) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        applicant_merges::table.filter(applicant_merges::reverses.eq(id)),
    ))
    .get_result(conn)?)
}

/// The merges an applicant took part in, oldest first.
pub fn of_applicant(conn: &mut Conn, applicant: ApplicantId) -> Result<Vec<Merge>, DbError> {
    Ok(applicant_merges::table
        .filter(
            applicant_merges::from_applicant
                .eq(applicant)
                .or(applicant_merges::into_applicant.eq(applicant)),
        )
        .order((applicant_merges::merged_at.asc(), applicant_merges::id.asc()))
        .limit(200)
        .select(Merge::as_select())
        .load(conn)?)
}

/// Locks two applicants, in id order, for a merge.
pub fn lock_applicants(conn: &mut Conn, a: ApplicantId, b: ApplicantId) -> Result<(), DbError> {
    let mut ids = vec![a, b];
    ids.sort();
    let locked: Vec<ApplicantId> = applicants::table
        .filter(applicants::id.eq_any(&ids))
        .order(applicants::id.asc())
        .select(applicants::id)
        .for_update()
        .load(conn)?;
    if locked.len() == 2 {
        Ok(())
    } else {
        Err(DbError::NotFound)
    }
}

/// The appeals of an applicant.
pub fn appeals_of(conn: &mut Conn, applicant: ApplicantId) -> Result<Vec<AppealId>, DbError> {
    Ok(appeals::table
        .filter(appeals::applicant_id.eq(applicant))
        .select(appeals::id)
        .load(conn)?)
}

/// Moves these appeals of `from` (and the compensation recovered through them) to `into`;
/// returns the appeals moved. The repeat links of both applicants' appeals are then computed
/// again: an appeal is a repeat of the applicant's latest earlier appeal on an overlapping
/// matter within twelve months.
pub fn move_appeals(
    conn: &mut Conn,
    from: ApplicantId,
    into: ApplicantId,
    ids: &[AppealId],
) -> Result<Vec<AppealId>, DbError> {
    let moved: Vec<AppealId> = diesel::update(
        appeals::table
            .filter(appeals::applicant_id.eq(from))
            .filter(appeals::id.eq_any(ids)),
    )
    .set((
        appeals::applicant_id.eq(into),
        appeals::version.eq(appeals::version + 1),
        appeals::updated_at.eq(diesel::dsl::now),
    ))
    .returning(appeals::id)
    .get_results(conn)?;
    diesel::update(
        compensations::table
            .filter(compensations::applicant_id.eq(from))
            .filter(compensations::appeal_id.eq_any(&moved)),
    )
    .set(compensations::applicant_id.eq(into))
    .execute(conn)?;
    // The two are told apart no more: a flag between them is settled by the merge.
    diesel::update(
        applicants::table
            .filter(applicants::id.eq_any([from, into]))
            .filter(applicants::possible_duplicate_of.eq_any([from, into])),
    )
    .set(applicants::possible_duplicate_of.eq(None::<ApplicantId>))
    .execute(conn)?;
    diesel::sql_query(
        "UPDATE appeals a SET repeat_of = r.prev, version = a.version + 1, updated_at = now() \
         FROM (SELECT x.id, (SELECT b.id FROM appeals b \
                 WHERE b.applicant_id = x.applicant_id AND b.id <> x.id \
                   AND b.categories && x.categories \
                   AND b.received_on BETWEEN (x.received_on - interval '12 months')::date AND x.received_on \
                   AND (b.received_on, b.created_at, b.id) < (x.received_on, x.created_at, x.id) \
                 ORDER BY b.received_on DESC, b.created_at DESC, b.id DESC LIMIT 1) AS prev \
               FROM appeals x WHERE x.applicant_id = ANY($1)) r \
         WHERE a.id = r.id AND a.repeat_of IS DISTINCT FROM r.prev",
    )
    .bind::<Array<SqlUuid>, _>(vec![from.0, into.0])
    .execute(conn)?;
    Ok(moved)
}
