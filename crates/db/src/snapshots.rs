//! Published reports: frozen snapshots of the report's figures. The database refuses to change
//! or delete one (trigger `report_snapshots_frozen`).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{OfficeId, ReportSnapshotId, UserId};
use serde::Serialize;

use crate::schema::report_snapshots;
use crate::{Conn, DbError};

/// A published report as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = report_snapshots, check_for_backend(diesel::pg::Pg))]
pub struct Snapshot {
    /// Identifier.
    pub id: ReportSnapshotId,
    /// The office whose figures these are; none: every office.
    pub office_id: Option<OfficeId>,
    /// `half_year` or `period`.
    pub kind: String,
    /// First day of the period.
    pub period_from: NaiveDate,
    /// Last day of the period.
    pub period_to: NaiveDate,
    /// Title, e.g. `Half-year report, H1 2025`.
    pub title: String,
    /// Note of the publisher.
    pub note: String,
    /// The figures as computed at publication.
    pub figures: serde_json::Value,
    /// SHA-256 of the figures' canonical JSON at publication.
    #[serde(serialize_with = "crate::attachments::hex_bytes")]
    pub figures_sha256: Vec<u8>,
    /// Who published it.
    pub published_by: UserId,
    /// When.
    pub published_at: DateTime<Utc>,
}

/// Stores a publication.
pub fn insert(conn: &mut Conn, s: &Snapshot) -> Result<Snapshot, DbError> {
    Ok(diesel::insert_into(report_snapshots::table)
        .values(s)
        .returning(Snapshot::as_returning())
        .get_result(conn)?)
}

/// Which publications the caller may see: every office's, or those of one office.
#[derive(Debug, Clone, Copy)]
pub struct SnapshotScope {
    /// Every publication (central office, auditors).
    pub all_offices: bool,
    /// The caller's office.
    pub office_id: OfficeId,
}

type Boxed<'a> = report_snapshots::BoxedQuery<'a, diesel::pg::Pg>;

fn scoped<'a>(scope: &SnapshotScope) -> Boxed<'a> {
    let mut q = report_snapshots::table.into_boxed();
    if !scope.all_offices {
        q = q.filter(report_snapshots::office_id.eq(scope.office_id));
    }
    q
}

/// One publication the caller may see.
pub fn find_visible(conn: &mut Conn, scope: &SnapshotScope, id: ReportSnapshotId) -> Result<Snapshot, DbError> {
    Ok(scoped(scope)
        .filter(report_snapshots::id.eq(id))
        .select(Snapshot::as_select())
        .first(conn)?)
}

/// A publication in a list (without its figures).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = report_snapshots, check_for_backend(diesel::pg::Pg))]
pub struct SnapshotSummary {
    /// Identifier.
    pub id: ReportSnapshotId,
    /// Office; none: every office.
    pub office_id: Option<OfficeId>,
    /// Kind.
    pub kind: String,
    /// First day.
    pub period_from: NaiveDate,
    /// Last day.
    pub period_to: NaiveDate,
    /// Title.
    pub title: String,
    /// Note.
    pub note: String,
    /// Publisher.
    pub published_by: UserId,
    /// When.
    pub published_at: DateTime<Utc>,
}

/// Publications the caller may see, newest first, optionally only those covering a period
/// starting in `year`.
pub fn list(
    conn: &mut Conn,
    scope: &SnapshotScope,
    year: Option<i32>,
    before: Option<ReportSnapshotId>,
    limit: i64,
) -> Result<Vec<SnapshotSummary>, DbError> {
    let mut q = scoped(scope)
        .select(SnapshotSummary::as_select())
        .order(report_snapshots::id.desc())
        .limit(limit);
    if let Some(y) = year {
        let from = NaiveDate::from_ymd_opt(y, 1, 1).ok_or(DbError::NotFound)?;
        let to = NaiveDate::from_ymd_opt(y, 12, 31).ok_or(DbError::NotFound)?;
        q = q.filter(report_snapshots::period_from.between(from, to));
    }
    if let Some(b) = before {
        q = q.filter(report_snapshots::id.lt(b));
    }
    Ok(q.load(conn)?)
}
