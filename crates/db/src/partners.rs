//! Partner institutions (foreign and international ombudsmen) and the referrals of appeals to
//! and from them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{AppealId, PartnerId, ReferralId, UserId};
use ombudsman_domain::partner::{PartnerKind, ReferralDirection};
use serde::Serialize;

use crate::schema::{partners, referrals};
use crate::{Conn, DbError};

/// A partner as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = partners, check_for_backend(diesel::pg::Pg))]
pub struct Partner {
    /// Identifier.
    pub id: PartnerId,
    /// Name (unique).
    pub name: String,
    /// ISO 3166 alpha-2 country; none for an international organization.
    pub country: Option<String>,
    /// Kind.
    pub kind: PartnerKind,
    /// The agreement cooperation rests on.
    pub agreement: String,
    /// First day of the agreement.
    pub agreement_from: NaiveDate,
    /// Last day of the agreement; none while open-ended.
    pub agreement_to: Option<NaiveDate>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Inactive partners take no new referrals.
    pub is_active: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new partner.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = partners)]
pub struct NewPartnerRow<'a> {
    /// Identifier.
    pub id: PartnerId,
    /// Validated name.
    pub name: &'a str,
    /// Validated country.
    pub country: Option<&'a str>,
    /// Kind.
    pub kind: PartnerKind,
    /// Validated agreement.
    pub agreement: &'a str,
    /// First day.
    pub agreement_from: NaiveDate,
    /// Last day.
    pub agreement_to: Option<NaiveDate>,
    /// Validated e-mail.
    pub email: Option<&'a str>,
}

/// The whole changeable state of a partner, written at once (a `None` stores NULL).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = partners, treat_none_as_null = true)]
pub struct PartnerChanges<'a> {
    /// Name.
    pub name: &'a str,
    /// Country.
    pub country: Option<&'a str>,
    /// Kind.
    pub kind: PartnerKind,
    /// Agreement.
    pub agreement: &'a str,
    /// First day.
    pub agreement_from: NaiveDate,
    /// Last day.
    pub agreement_to: Option<NaiveDate>,
    /// E-mail.
    pub email: Option<&'a str>,
    /// Active.
    pub is_active: bool,
}

/// Inserts a partner.
pub fn insert(conn: &mut Conn, new: &NewPartnerRow<'_>) -> Result<Partner, DbError> {
    Ok(diesel::insert_into(partners::table)
        .values(new)
        .returning(Partner::as_returning())
        .get_result(conn)?)
}

/// The partner of this name, added when there is none (a data set loaded twice, or beside
/// partners an administrator entered, keeps one row per name).
pub fn ensure(conn: &mut Conn, new: &NewPartnerRow<'_>) -> Result<Partner, DbError> {
    diesel::insert_into(partners::table)
        .values(new)
        .on_conflict(partners::name)
        .do_nothing()
        .execute(conn)?;
    Ok(partners::table
        .filter(partners::name.eq(new.name))
        .select(Partner::as_select())
        .first(conn)?)
}

/// One partner by id.
pub fn find(conn: &mut Conn, id: PartnerId) -> Result<Partner, DbError> {
    Ok(partners::table.find(id).select(Partner::as_select()).first(conn)?)
}

/// One partner by id, locked for a change or for a referral to it.
pub fn lock(conn: &mut Conn, id: PartnerId) -> Result<Partner, DbError> {
    Ok(partners::table
        .find(id)
        .select(Partner::as_select())
        .for_update()
        .first(conn)?)
}

/// Filters of the partner list.
#[derive(Debug, Clone, Default)]
pub struct PartnerFilter {
    /// Only active (`true`) or inactive (`false`) partners.
    pub active: Option<bool>,
    /// Only partners of this country.
    pub country: Option<String>,
}

/// Partners, newest first (by id, descending), after a keyset cursor.
pub fn list(
    conn: &mut Conn,
    filter: &PartnerFilter,
    before: Option<PartnerId>,
    limit: i64,
) -> Result<Vec<Partner>, DbError> {
    let mut query = partners::table
        .select(Partner::as_select())
        .order(partners::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(active) = filter.active {
        query = query.filter(partners::is_active.eq(active));
    }
    if let Some(country) = &filter.country {
        query = query.filter(partners::country.eq(country.clone()));
    }
    if let Some(before) = before {
        query = query.filter(partners::id.lt(before));
    }
    Ok(query.load(conn)?)
}

/// Writes the partner's state if the stored version is still `expected_version`; bumps the
/// version. `Stale` when it changed, `NotFound` when there is no such partner.
pub fn update(
    conn: &mut Conn,
    id: PartnerId,
    expected_version: i32,
    changes: &PartnerChanges<'_>,
) -> Result<Partner, DbError> {
    let updated = diesel::update(
        partners::table
            .filter(partners::id.eq(id))
            .filter(partners::version.eq(expected_version)),
    )
    .set((
        changes,
        partners::version.eq(partners::version + 1),
        partners::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Partner::as_returning())
    .get_result(conn)
    .optional()?;
    match updated {
        Some(partner) => Ok(partner),
        None => {
            find(conn, id)?;
            Err(DbError::Stale)
        }
    }
}

/// A referral as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = referrals, check_for_backend(diesel::pg::Pg))]
pub struct Referral {
    /// Identifier.
    pub id: ReferralId,
    /// The appeal referred.
    pub appeal_id: AppealId,
    /// The partner.
    pub partner_id: PartnerId,
    /// To the partner, or from it.
    pub direction: ReferralDirection,
    /// Date referred.
    pub referred_on: NaiveDate,
    /// The partner's reference.
    pub partner_reference: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// Date of the answer.
    pub answered_on: Option<NaiveDate>,
    /// What the answer said.
    pub answer_summary: Option<String>,
    /// Who recorded the referral.
    pub created_by: Option<UserId>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new referral.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = referrals)]
pub struct NewReferralRow<'a> {
    /// Identifier.
    pub id: ReferralId,
    /// Appeal.
    pub appeal_id: AppealId,
    /// Partner.
    pub partner_id: PartnerId,
    /// Direction.
    pub direction: ReferralDirection,
    /// Date referred.
    pub referred_on: NaiveDate,
    /// Validated reference.
    pub partner_reference: Option<&'a str>,
    /// Validated note.
    pub note: Option<&'a str>,
    /// Who recorded it.
    pub created_by: Option<UserId>,
}

/// Inserts a referral.
pub fn insert_referral(conn: &mut Conn, new: &NewReferralRow<'_>) -> Result<Referral, DbError> {
    Ok(diesel::insert_into(referrals::table)
        .values(new)
        .returning(Referral::as_returning())
        .get_result(conn)?)
}

/// One referral with its partner's name.
pub fn find_referral(conn: &mut Conn, id: ReferralId) -> Result<(Referral, String), DbError> {
    Ok(referrals::table
        .inner_join(partners::table)
        .filter(referrals::id.eq(id))
        .select((Referral::as_select(), partners::name))
        .first(conn)?)
}

/// The referrals of an appeal with their partners' names, oldest first.
pub fn referrals_of_appeal(conn: &mut Conn, appeal: AppealId) -> Result<Vec<(Referral, String)>, DbError> {
    Ok(referrals::table
        .inner_join(partners::table)
        .filter(referrals::appeal_id.eq(appeal))
        .order((referrals::referred_on.asc(), referrals::id.asc()))
        .select((Referral::as_select(), partners::name))
        .load(conn)?)
}

/// Records the partner's answer if the stored version is still `expected_version`; bumps the
/// version. `Stale` when it changed, `NotFound` when there is no such referral.
pub fn answer_referral(
    conn: &mut Conn,
    id: ReferralId,
    expected_version: i32,
    answered_on: NaiveDate,
    summary: &str,
) -> Result<Referral, DbError> {
    let updated = diesel::update(
        referrals::table
            .filter(referrals::id.eq(id))
            .filter(referrals::version.eq(expected_version)),
    )
    .set((
        referrals::answered_on.eq(answered_on),
        referrals::answer_summary.eq(summary),
        referrals::version.eq(referrals::version + 1),
        referrals::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Referral::as_returning())
    .get_result(conn)
    .optional()?;
    match updated {
        Some(referral) => Ok(referral),
        None => {
            find_referral(conn, id)?;
            Err(DbError::Stale)
        }
    }
}
