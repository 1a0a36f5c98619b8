//! Applicants: de-duplicated by e-mail, or by name and phone, so that an applicant's appeals
//! over the years are one query.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::appeal::{ApplicantKind, Vulnerability};
use ombudsman_domain::ids::ApplicantId;
use ombudsman_domain::language::Language;

use crate::schema::applicants;
use crate::{Conn, DbError};

/// An applicant as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applicants, check_for_backend(diesel::pg::Pg))]
pub struct Applicant {
    /// Identifier.
    pub id: ApplicantId,
    /// Kind.
    pub kind: ApplicantKind,
    /// Name.
    pub full_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone as given.
    pub phone: Option<String>,
    /// Phone digits.
    pub phone_digits: Option<String>,
    /// Postal address.
    pub postal_address: Option<String>,
    /// Preferred language.
    pub language: Language,
    /// Citizenship.
    pub citizenship: Option<String>,
    /// Country of stay.
    pub country_of_stay: Option<String>,
    /// Vulnerability markers.
    pub vulnerabilities: Vec<Option<Vulnerability>>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Changed.
    pub updated_at: DateTime<Utc>,
}

/// A new applicant.
#[derive(Debug, Insertable)]
#[diesel(table_name = applicants)]
pub struct NewApplicantRow<'a> {
    /// Identifier.
    pub id: ApplicantId,
    /// Kind.
    pub kind: ApplicantKind,
    /// Name.
    pub full_name: &'a str,
    /// E-mail.
    pub email: Option<&'a str>,
    /// Phone.
    pub phone: Option<&'a str>,
    /// Digits.
    pub phone_digits: Option<&'a str>,
    /// Address.
    pub postal_address: Option<&'a str>,
    /// Language.
    pub language: Language,
    /// Citizenship.
    pub citizenship: Option<&'a str>,
    /// Country of stay.
    pub country_of_stay: Option<&'a str>,
    /// Markers.
    pub vulnerabilities: &'a [Vulnerability],
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Stored applicants with this e-mail (any case), oldest first, at most 50: candidates for
/// the same person. The caller keeps those it may see.
pub fn with_email(conn: &mut Conn, email: &str) -> Result<Vec<Applicant>, DbError> {
    Ok(applicants::table
        .filter(lower(applicants::email.assume_not_null()).eq(email.to_lowercase()))
        .order((applicants::created_at.asc(), applicants::id.asc()))
        .limit(50)
        .select(Applicant::as_select())
        .load(conn)?)
}

/// Stored applicants with this name (any case) and these phone digits, oldest first, at most 50.
pub fn with_name_and_phone(conn: &mut Conn, full_name: &str, phone_digits: &str) -> Result<Vec<Applicant>, DbError> {
    Ok(applicants::table
        .filter(lower(applicants::full_name).eq(full_name.to_lowercase()))
        .filter(applicants::phone_digits.eq(phone_digits))
        .order((applicants::created_at.asc(), applicants::id.asc()))
        .limit(50)
        .select(Applicant::as_select())
        .load(conn)?)
}

/// Holds, until the transaction ends, the keys a new applicant is matched by: the e-mail (any
/// case) and the folded name with the phone digits. A concurrent registration of the same
/// person waits here, then finds the applicant the first one stored, so that one person is
/// stored once. The keys are locked in one order, so two registrations cannot deadlock.
pub fn lock_identity(
    conn: &mut Conn,
    email: Option<&str>,
    full_name: &str,
    phone_digits: Option<&str>,
) -> Result<(), DbError> {
    let mut keys: Vec<String> = Vec::new();
    if let Some(e) = email {
        keys.push(format!("applicant-email:{}", e.to_lowercase()));
    }
    if let Some(d) = phone_digits {
        let name = ombudsman_domain::search::fold(full_name);
        keys.push(format!("applicant-name-phone:{name}:{d}"));
    }
    if keys.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "SELECT pg_advisory_xact_lock(k) FROM \
         (SELECT DISTINCT hashtextextended(key, 7243002) AS k FROM unnest($1::text[]) AS key ORDER BY k) AS keys",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(keys)
    .execute(conn)?;
    Ok(())
}

/// Inserts an applicant.
pub fn insert(conn: &mut Conn, new: &NewApplicantRow<'_>) -> Result<Applicant, DbError> {
    let search_name = ombudsman_domain::search::fold(new.full_name);
    Ok(diesel::insert_into(applicants::table)
        .values((new, applicants::search_name.eq(search_name)))
        .returning(Applicant::as_returning())
        .get_result(conn)?)
}

/// One applicant.
pub fn find(conn: &mut Conn, id: ApplicantId) -> Result<Applicant, DbError> {
    Ok(applicants::table.find(id).select(Applicant::as_select()).first(conn)?)
}

/// Several applicants by id.
pub fn find_many(conn: &mut Conn, ids: &[ApplicantId]) -> Result<Vec<Applicant>, DbError> {
    Ok(applicants::table
        .filter(applicants::id.eq_any(ids))
        .select(Applicant::as_select())
        .load(conn)?)
}

/// Fills the folded name of applicants stored before it existed, a batch at a time; returns how
/// many were filled.
pub fn fill_search_names(conn: &mut Conn) -> Result<usize, DbError> {
    let mut filled = 0;
    loop {
        let batch: Vec<(ApplicantId, String)> = applicants::table
            .filter(applicants::search_name.is_null())
            .select((applicants::id, applicants::full_name))
            .limit(1000)
            .load(conn)?;
        if batch.is_empty() {
            return Ok(filled);
        }
        for (id, name) in &batch {
            diesel::update(applicants::table.find(id))
                .set(applicants::search_name.eq(ombudsman_domain::search::fold(name)))
                .execute(conn)?;
        }
        filled += batch.len();
    }
}
