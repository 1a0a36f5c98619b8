//! Staff accounts: the one use case that creates them, shared by `POST /users`, `ombudsman users
//! create` and the demo data.

use diesel::PgConnection;
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::outbox::{self, NewMessage};
use ombudsman_db::{offices, users, DbError};
use ombudsman_domain::error::Errors;
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::UserId;
use ombudsman_domain::notification::{AccountCreated, Notification};
use ombudsman_domain::office::parse_name;
use ombudsman_domain::user::{Email, Password, Role};

use crate::error::AppError;
use crate::password;

/// A validated new account.
pub struct NewAccount {
    email: Email,
    full_name: String,
    role: Role,
    office_code: String,
    password: Password,
}

impl NewAccount {
    /// Parses a new account, naming every wrong field.
    pub fn parse(
        email: &str,
        full_name: &str,
        role: Role,
        office_code: &str,
        password: &str,
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
        office.default_language,
        Some(office.id),
        None,
    );
    outbox::enqueue(conn, &welcome, mail_domain)?;
    Ok(user)
}
