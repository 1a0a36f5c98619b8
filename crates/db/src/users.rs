//! Staff users.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::{OfficeId, UserId};
use ombudsman_domain::language::Language;
use ombudsman_domain::user::Role;
use serde::Serialize;

use crate::schema::{offices, users};
use crate::{Conn, DbError};

/// A user as stored (the password hash never leaves the data and auth layers).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct User {
    /// Identifier.
    pub id: UserId,
    /// The office the user works in.
    pub office_id: OfficeId,
    /// Login e-mail.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Inactive users cannot log in or use a token.
    pub is_active: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The language of the e-mails they receive; `None`: their office's.
    pub language: Option<Language>,
}

/// A user together with the code of their office and whether it is the central one.
#[derive(Debug, Clone)]
pub struct UserWithOffice {
    /// The user.
    pub user: User,
    /// The office's code.
    pub office_code: String,
    /// Whether the office is the central office.
    pub office_is_central: bool,
}

/// A new user.
#[derive(Debug, Insertable, Serialize)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Identifier.
    pub id: UserId,
    /// Office.
    pub office_id: OfficeId,
    /// Validated e-mail.
    pub email: &'a str,
    /// Validated name.
    pub full_name: &'a str,
    /// Role.
    pub role: Role,
    /// Argon2id PHC string.
    #[serde(skip)]
    pub password_hash: &'a str,
    /// Their own language for e-mails; `None`: their office's.
    pub language: Option<Language>,
}

/// What an update may change.
#[derive(Debug, Default, AsChangeset, Serialize)]
#[diesel(table_name = users)]
pub struct UserChanges {
    /// New full name.
    pub full_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Activate or deactivate.
    pub is_active: Option<bool>,
    /// New password hash.
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// New language for their e-mails.
    pub language: Option<Language>,
}

/// Inserts a user.
pub fn insert(conn: &mut Conn, new: &NewUser<'_>) -> Result<User, DbError> {
    Ok(diesel::insert_into(users::table)
        .values(new)
        .returning(User::as_returning())
        .get_result(conn)?)
}

/// One user by id.
pub fn find(conn: &mut Conn, id: UserId) -> Result<User, DbError> {
    Ok(users::table.find(id).select(User::as_select()).first(conn)?)
}

/// The active managers of an office, by id.
pub fn active_managers(conn: &mut Conn, office: OfficeId) -> Result<Vec<User>, DbError> {
    Ok(users::table
        .filter(users::office_id.eq(office))
        .filter(users::role.eq(Role::Manager))
        .filter(users::is_active)
        .order(users::id)
        .select(User::as_select())
        .load(conn)?)
}

/// One user with their office.
pub fn find_with_office(conn: &mut Conn, id: UserId) -> Result<UserWithOffice, DbError> {
    let (user, office_code, office_is_central) = users::table
        .inner_join(offices::table)
        .filter(users::id.eq(id))
        .select((User::as_select(), offices::code, offices::is_central))
        .first(conn)?;
    Ok(UserWithOffice {
        user,
        office_code,
        office_is_central,
    })
}

/// One user by e-mail, case-insensitively.
pub fn find_by_email(conn: &mut Conn, email: &str) -> Result<User, DbError> {
    diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);
    Ok(users::table
        .filter(lower(users::email).eq(email.to_lowercase()))
        .select(User::as_select())
        .first(conn)?)
}

/// Which of these addresses belong to staff accounts (lower-cased).
pub fn staff_addresses(conn: &mut Conn, emails: &[String]) -> Result<Vec<String>, DbError> {
    diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);
    let wanted: Vec<String> = emails.iter().map(|e| e.to_lowercase()).collect();
    Ok(users::table
        .filter(lower(users::email).eq_any(wanted))
        .select(lower(users::email))
        .load(conn)?)
}

/// Users, optionally of one office, ordered by id, after a keyset cursor.
pub fn list(
    conn: &mut Conn,
    office: Option<OfficeId>,
    after: Option<UserId>,
    limit: i64,
) -> Result<Vec<User>, DbError> {
    let mut query = users::table
        .select(User::as_select())
        .order(users::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(office) = office {
        query = query.filter(users::office_id.eq(office));
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after));
    }
    Ok(query.load(conn)?)
}

/// Applies changes if the stored version is still `expected_version`; bumps the version.
pub fn update(conn: &mut Conn, id: UserId, expected_version: i32, changes: &UserChanges) -> Result<User, DbError> {
    let updated = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::version.eq(expected_version)),
    )
    .set((
        changes,
        users::version.eq(users::version + 1),
        users::updated_at.eq(diesel::dsl::now),
    ))
    .returning(User::as_returning())
    .get_result(conn)
    .optional()?;
    match updated {
        Some(user) => Ok(user),
        None => {
            find(conn, id)?;
            Err(DbError::Stale)
        }
    }
}
