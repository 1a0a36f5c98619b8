//! The recommendations of visits and their follow-ups.

use super::*;

/// A recommendation as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = recommendations, check_for_backend(diesel::pg::Pg))]
pub struct Recommendation {
    /// Identifier.
    pub id: RecommendationId,
    /// The visit that made it.
    pub visit_id: VisitId,
    /// Order within the visit.
    pub position: i32,
    /// What the facility should do.
    pub text: String,
    /// To whom it is addressed.
    pub addressee: String,
    /// When it should be done.
    pub due_on: Option<NaiveDate>,
    /// Follow-up status.
    pub status: RecommendationStatus,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When made.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The addressee's body in the directory of state bodies (its name matched by fold).
    pub addressee_body_id: Option<StateBodyId>,
}

/// A new recommendation.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = recommendations)]
pub struct NewRecommendationRow<'a> {
    /// Identifier.
    pub id: RecommendationId,
    /// Visit.
    pub visit_id: VisitId,
    /// Order within the visit.
    pub position: i32,
    /// Text.
    pub text: &'a str,
    /// Addressee.
    pub addressee: &'a str,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// The addressee's body in the directory.
    pub addressee_body_id: Option<StateBodyId>,
}

/// The next free position among a visit's recommendations.
pub fn next_position(conn: &mut Conn, visit: VisitId) -> Result<i32, DbError> {
    let max: Option<i32> = recommendations::table
        .filter(recommendations::visit_id.eq(visit))
        .select(diesel::dsl::max(recommendations::position))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// Inserts recommendations.
pub fn insert_recommendations(
    conn: &mut Conn,
    rows: &[NewRecommendationRow<'_>],
) -> Result<Vec<Recommendation>, DbError> {
    Ok(diesel::insert_into(recommendations::table)
        .values(rows)
        .returning(Recommendation::as_returning())
        .get_results(conn)?)
}

/// The recommendations of a visit, in order.
pub fn recommendations_of(conn: &mut Conn, visit: VisitId) -> Result<Vec<Recommendation>, DbError> {
    Ok(recommendations::table
        .filter(recommendations::visit_id.eq(visit))
        .order(recommendations::position.asc())
        .select(Recommendation::as_select())
        .load(conn)?)
}

/// One recommendation whose visit the caller may see, with that visit.
pub fn find_recommendation(
    conn: &mut Conn,
    scope: &VisitScope,
    id: RecommendationId,
) -> Result<(Recommendation, Visit), DbError> {
    let rec: Recommendation = recommendations::table
        .find(id)
        .select(Recommendation::as_select())
        .first(conn)?;
    let visit = find_visible(conn, scope, rec.visit_id)?;
    Ok((rec, visit))
}

/// One recommendation locked for a change, if the caller may see its visit.
pub fn lock_recommendation(
    conn: &mut Conn,
    scope: &VisitScope,
    id: RecommendationId,
) -> Result<(Recommendation, Visit), DbError> {
    let rec: Recommendation = recommendations::table
        .find(id)
        .select(Recommendation::as_select())
        .for_update()
        .first(conn)?;
    let visit = find_visible(conn, scope, rec.visit_id)?;
    Ok((rec, visit))
}

/// Changes a recommendation's text, addressee and due date.
pub fn edit_recommendation(
    conn: &mut Conn,
    id: RecommendationId,
    text: &str,
    addressee: &str,
    addressee_body_id: Option<StateBodyId>,
    due_on: Option<NaiveDate>,
) -> Result<Recommendation, DbError> {
    Ok(diesel::update(recommendations::table.find(id))
        .set((
            recommendations::text.eq(text),
            recommendations::addressee.eq(addressee),
            recommendations::addressee_body_id.eq(addressee_body_id),
            recommendations::due_on.eq(due_on),
            recommendations::version.eq(recommendations::version + 1),
            recommendations::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Recommendation::as_returning())
        .get_result(conn)?)
}

/// A change of a recommendation's follow-up status.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = recommendation_follow_ups, check_for_backend(diesel::pg::Pg))]
pub struct FollowUp {
    /// Identifier.
    pub id: FollowUpId,
    /// The recommendation.
    pub recommendation_id: RecommendationId,
    /// The visit that checked it (none for a check by letter or a report from the facility).
    pub visit_id: Option<VisitId>,
    /// Status before.
    pub from_status: RecommendationStatus,
    /// Status after.
    pub status: RecommendationStatus,
    /// What was seen.
    pub note: String,
    /// Who recorded it.
    pub recorded_by: Option<UserId>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// Records a follow-up and moves the recommendation to its status.
pub fn follow_up(conn: &mut Conn, f: &FollowUp) -> Result<Recommendation, DbError> {
    diesel::insert_into(recommendation_follow_ups::table)
        .values(f)
        .execute(conn)?;
    Ok(diesel::update(recommendations::table.find(f.recommendation_id))
        .set((
            recommendations::status.eq(f.status),
            recommendations::version.eq(recommendations::version + 1),
            recommendations::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Recommendation::as_returning())
        .get_result(conn)?)
}

/// The follow-up history of a recommendation, oldest first.
pub fn follow_ups_of(conn: &mut Conn, rec: RecommendationId) -> Result<Vec<FollowUp>, DbError> {
    Ok(recommendation_follow_ups::table
        .filter(recommendation_follow_ups::recommendation_id.eq(rec))
        .order((
            recommendation_follow_ups::recorded_at.asc(),
            recommendation_follow_ups::id.asc(),
        ))
        .select(FollowUp::as_select())
        .load(conn)?)
}

/// The follow-ups recorded during a visit (the recommendations it checked), oldest first, each
/// with the recommendation as it stands and the number of the visit that made it; only those of
/// recommending visits the caller may see (a central-office manager may check another office's
/// recommendation on a visit). One query, whatever the number of follow-ups.
pub fn checked_during(
    conn: &mut Conn,
    scope: &VisitScope,
    visit: VisitId,
) -> Result<Vec<(FollowUp, Recommendation, String)>, DbError> {
    let mut q = recommendation_follow_ups::table
        .inner_join(recommendations::table.inner_join(visits::table))
        .filter(recommendation_follow_ups::visit_id.eq(visit))
        .into_boxed();
    if !scope.all_offices {
        q = q.filter(visits::office_id.eq(scope.office_id));
    }
    Ok(q.order((
        recommendation_follow_ups::recorded_at.asc(),
        recommendation_follow_ups::id.asc(),
    ))
    .select((FollowUp::as_select(), Recommendation::as_select(), visits::number))
    .load(conn)?)
}

/// Filters of the recommendation list.
#[derive(Debug, Clone, Default)]
pub struct RecommendationFilter {
    /// Only this status.
    pub status: Option<RecommendationStatus>,
    /// Overdue as of this date: due before it and not implemented.
    pub overdue_as_of: Option<NaiveDate>,
    /// Only recommendations made at visits to this facility.
    pub facility_id: Option<FacilityId>,
    /// Only recommendations of this visit.
    pub visit_id: Option<VisitId>,
}

/// Recommendations whose visits the caller may see, newest first (by id), after a cursor.
pub fn list_recommendations(
    conn: &mut Conn,
    scope: &VisitScope,
    filter: &RecommendationFilter,
    before: Option<RecommendationId>,
    limit: i64,
) -> Result<Vec<Recommendation>, DbError> {
    let mut q = recommendations::table
        .inner_join(visits::table)
        .select(Recommendation::as_select())
        .order(recommendations::id.desc())
        .limit(limit)
        .into_boxed();
    if !scope.all_offices {
        q = q.filter(visits::office_id.eq(scope.office_id));
    }
    if let Some(s) = filter.status {
        q = q.filter(recommendations::status.eq(s));
    }
    if let Some(d) = filter.overdue_as_of {
        q = q.filter(
            recommendations::due_on
                .lt(d)
                .and(recommendations::status.ne(RecommendationStatus::Implemented)),
        );
    }
    if let Some(f) = filter.facility_id {
        q = q.filter(visits::facility_id.eq(f));
    }
    if let Some(v) = filter.visit_id {
        q = q.filter(recommendations::visit_id.eq(v));
    }
    if let Some(b) = before {
        q = q.filter(recommendations::id.lt(b));
    }
    Ok(q.load(conn)?)
}

/// How many of a facility's recommendations (from every visit, every office) are in each status.
pub fn facility_recommendation_counts(
    conn: &mut Conn,
    facility: FacilityId,
) -> Result<Vec<(RecommendationStatus, i64)>, DbError> {
    Ok(recommendations::table
        .inner_join(visits::table)
        .filter(visits::facility_id.eq(facility))
        .group_by(recommendations::status)
        .select((recommendations::status, count_star()))
        .load(conn)?)
}

/// The number of recommendations per visit, for the given visits.
pub fn recommendation_counts(conn: &mut Conn, visits_: &[VisitId]) -> Result<Vec<(VisitId, i64)>, DbError> {
    Ok(recommendations::table
        .filter(recommendations::visit_id.eq_any(visits_))
        .group_by(recommendations::visit_id)
        .select((recommendations::visit_id, count_star()))
        .load(conn)?)
}
