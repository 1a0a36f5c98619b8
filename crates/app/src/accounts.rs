//! Staff accounts: the one use case that creates them, shared by `POST /users`, `ombudsman users
//! create` and the demo data, and the one that changes them (rename, role, deactivation,
//! password reset).

use diesel::PgConnection;
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{offices, refresh_tokens, users, DbError};
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{OfficeId, UserId};
use ombudsman_domain::language::Language;
use ombudsman_domain::notification::{AccountCreated, Notification};
use ombudsman_domain::office::parse_name;
use ombudsman_domain::user::{Email, Password, Role};

use crate::access::Caller;
use crate::error::{to_json, AppError};
use crate::password;

/// A validated new account.
pub struct NewAccount {
    email: Email,
    full_name: String,
    role: Role,
    office_code: String,
    password: Password,
    language: Option<Language>,
}

impl NewAccount {
    /// Parses a new account, naming every wrong field.
    pub fn parse(
        email: &str,
        full_name: &str,
        role: Role,
        office_code: &str,
        password: &str,
        language: Option<Language>,
    ) -> Result<Self, AppError> {
        let mut errors = Errors::new();
        let email = errors.take(Email::parse(email));
        let full_name = errors.take(parse_name("full_name", full_name, 200));
        let password = errors.take(Password::parse(password));
        errors.finish()?;
        match (email, full_name, password) {
            (Some(email), Some(full_name), Some(password)) => Ok(Self {
                email,
                full_name,
                role,
                office_code: office_code.trim().to_owned(),
                password,
                language,
            }),
            _ => Err(AppError::Internal("validated fields missing".into())),
        }
    }
}

/// Creates an account, its audit event and the welcome e-mail in the caller's transaction.
pub fn create_account(
    conn: &mut PgConnection,
    actor: &Actor,
    account: &NewAccount,
    mail_domain: &str,
) -> Result<users::User, AppError> {
    let office = offices::find_by_code(conn, &account.office_code).map_err(|e| match e {
        DbError::NotFound => AppError::field("office", "unknown_office", "no office has this code"),
        other => other.into(),
    })?;
    let hash = password::hash(&account.password).map_err(|e| AppError::Internal(e.to_string()))?;
    let new = users::NewUser {
        id: UserId::new(),
        office_id: office.id,
        email: account.email.as_str(),
        full_name: &account.full_name,
        role: account.role,
        password_hash: &hash,
        language: account.language,
    };
    let user = users::insert(conn, &new).map_err(|e| match e {
        DbError::Unique { .. } => AppError::field("email", "already_exists", "a user with this e-mail already exists"),
        other => other.into(),
    })?;
    let created = serde_json::to_value(&new).map_err(|e| AppError::Internal(e.to_string()))?;
    audit::record(conn, actor, AuditAction::UserCreate, "user", user.id.0, created)?;
    let welcome = Notification::AccountCreated(AccountCreated {
        full_name: user.full_name.clone(),
        role: user.role.as_str().to_owned(),
        office: office.code.clone(),
    });
    let welcome = NewMessage::notification(
        &welcome,
        user.email.clone(),
        user.language.unwrap_or(office.default_language),
        Some(office.id),
        None,
    );
    outbox::enqueue(conn, &welcome, mail_domain)?;
    Ok(user)
}

/// 403 unless the caller's role manages accounts (admins).
pub fn may_change(caller: &Caller) -> Result<(), AppError> {
    caller.require(&[Resource::User], Do::Change)?;
    Ok(())
}

/// A change to an account, parsed; an omitted field stays as it is.
#[derive(Debug, Default)]
pub struct EditAccount {
    /// The version the caller saw (`If-Match`).
    pub expected_version: i32,
    full_name: Option<String>,
    role: Option<Role>,
    is_active: Option<bool>,
    password: Option<Password>,
    language: Option<Language>,
}

impl EditAccount {
    /// Parses a change, naming every wrong field.
    pub fn parse(
        expected_version: i32,
        full_name: Option<&str>,
        role: Option<Role>,
        is_active: Option<bool>,
        password: Option<&str>,
        language: Option<Language>,
    ) -> Result<Self, AppError> {
        let mut errors = Errors::new();
        let full_name = full_name.and_then(|n| errors.take(parse_name("full_name", n, 200)));
        let password = password.and_then(|p| errors.take(Password::parse(p)));
        errors.finish()?;
        Ok(Self {
            expected_version,
            full_name,
            role,
            is_active,
            password,
            language,
        })
    }
}

/// What the audit trail shows of an account (never its password hash).
#[derive(serde::Serialize)]
struct AccountSnapshot<'a> {
    id: UserId,
    email: &'a str,
    full_name: &'a str,
    role: Role,
    office_id: OfficeId,
    is_active: bool,
    language: Option<Language>,
    version: i32,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

fn snapshot(u: &users::User) -> Result<serde_json::Value, AppError> {
    to_json(&AccountSnapshot {
        id: u.id,
        email: &u.email,
        full_name: &u.full_name,
        role: u.role,
        office_id: u.office_id,
        is_active: u.is_active,
        language: u.language,
        version: u.version,
        created_at: u.created_at,
        updated_at: u.updated_at,
    })
}

/// Changes an account with its audit event: 412 when it changed since the version the caller
/// saw. Deactivation and a new password revoke its refresh tokens; its access tokens stop
/// working at the next request, which reads the account again. Hashing a password is CPU
/// work: call this on a blocking thread.
pub fn edit_account(
    conn: &mut PgConnection,
    caller: &Caller,
    id: UserId,
    cmd: &EditAccount,
) -> Result<users::User, AppError> {
    may_change(caller)?;
    let password_hash = cmd
        .password
        .as_ref()
        .map(password::hash)
        .transpose()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let changes = users::UserChanges {
        full_name: cmd.full_name.clone(),
        role: cmd.role,
        is_active: cmd.is_active,
        password_hash,
        language: cmd.language,
    };
    let before = users::find(conn, id)?;
    let after = users::update(conn, id, cmd.expected_version, &changes)?;
    if changes.is_active == Some(false) || changes.password_hash.is_some() {
        refresh_tokens::revoke_user(conn, id)?;
    }
    let mut diff = audit::diff(&snapshot(&before)?, &snapshot(&after)?);
    if changes.password_hash.is_some() {
        diff["password"] = serde_json::json!("changed");
    }
    audit::record(conn, &caller.actor(), AuditAction::UserUpdate, "user", id.0, diff)?;
    Ok(after)
}
