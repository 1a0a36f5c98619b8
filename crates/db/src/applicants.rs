//! Applicants: de-duplicated by e-mail, or by name and phone, so that an applicant's appeals
//! over the years are one query.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::appeal::{ApplicantKind, Vulnerability};
use ombudsman_domain::ids::{AppealId, ApplicantId, UserId};
use ombudsman_domain::language::Language;

use crate::schema::{applicant_contacts, applicants};
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
    /// A stored applicant with the same e-mail and another name, who may be the same person.
    pub possible_duplicate_of: Option<ApplicantId>,
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
    /// A stored applicant with the same e-mail and another name.
    pub possible_duplicate_of: Option<ApplicantId>,
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

/// Stored applicants with this name and these phone digits, oldest first, at most 50. Names
/// are compared folded: case, script (Latin or Cyrillic) and apostrophes do not matter, so
/// "Дилноза Каримова" is "Dilnoza Karimova".
pub fn with_name_and_phone(conn: &mut Conn, full_name: &str, phone_digits: &str) -> Result<Vec<Applicant>, DbError> {
    Ok(applicants::table
        .filter(applicants::search_name.eq(ombudsman_domain::search::fold(full_name)))
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
    crate::prepared::Prepared(
        diesel::sql_query(
            "SELECT pg_advisory_xact_lock(k) FROM \
             (SELECT DISTINCT hashtextextended(key, 7243002) AS k FROM unnest($1::text[]) AS key ORDER BY k) AS keys",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(keys),
    )
    .run(conn)?;
    Ok(())
}

/// Inserts an applicant.
pub fn insert(conn: &mut Conn, new: &NewApplicantRow<'_>) -> Result<Applicant, DbError> {
    let search_name = ombudsman_domain::search::fold(new.full_name);
    // Prepared (diesel caches no insert of its own accord): one text per set of absent values.
    Ok(crate::prepared::Prepared(
        diesel::insert_into(applicants::table)
            .values((new, applicants::search_name.eq(search_name)))
            .returning(Applicant::as_returning()),
    )
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
        // One statement a batch: the folding is done here, the writing in one UPDATE … FROM.
        let ids: Vec<uuid::Uuid> = batch.iter().map(|(id, _)| id.0).collect();
        let names: Vec<String> = batch
            .iter()
            .map(|(_, name)| ombudsman_domain::search::fold(name))
            .collect();
        diesel::sql_query(
            "UPDATE applicants a SET search_name = f.name FROM unnest($1::uuid[], $2::text[]) AS f(id, name) \
             WHERE a.id = f.id",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(&ids)
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(&names)
        .execute(conn)?;
        filled += batch.len();
    }
}

/// Contact details an applicant gave with a later appeal.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = applicant_contacts, check_for_backend(diesel::pg::Pg))]
pub struct Contact {
    /// Identifier.
    pub id: uuid::Uuid,
    /// The applicant.
    pub applicant_id: ApplicantId,
    /// The appeal they were given with.
    pub appeal_id: Option<AppealId>,
    /// The name as given.
    pub full_name: String,
    /// E-mail as given.
    pub email: Option<String>,
    /// Phone as given.
    pub phone: Option<String>,
    /// Postal address as given.
    pub postal_address: Option<String>,
    /// Who recorded them.
    pub recorded_by: Option<UserId>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// The newest phone, e-mail and address of an applicant (`None` keeps the stored one).
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = applicants)]
pub struct ContactUpdate<'a> {
    /// E-mail.
    pub email: Option<&'a str>,
    /// Phone as given.
    pub phone: Option<&'a str>,
    /// Phone digits.
    pub phone_digits: Option<&'a str>,
    /// Postal address.
    pub postal_address: Option<&'a str>,
}

/// Keeps contact details given with a later appeal in the applicant's history, and makes the
/// newest phone, e-mail and address the ones on record.
pub fn record_contacts(conn: &mut Conn, contact: &Contact, update: &ContactUpdate<'_>) -> Result<(), DbError> {
    diesel::insert_into(applicant_contacts::table)
        .values(contact)
        .execute(conn)?;
    if update.email.is_some() || update.phone.is_some() || update.postal_address.is_some() {
        diesel::update(applicants::table.find(contact.applicant_id))
            .set((
                update,
                applicants::version.eq(applicants::version + 1),
                applicants::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The contact details an applicant gave over time, oldest first.
pub fn contacts_of(conn: &mut Conn, applicant: ApplicantId) -> Result<Vec<Contact>, DbError> {
    Ok(applicant_contacts::table
        .filter(applicant_contacts::applicant_id.eq(applicant))
        .order((applicant_contacts::recorded_at.asc(), applicant_contacts::id.asc()))
        .limit(500)
        .select(Contact::as_select())
        .load(conn)?)
}
