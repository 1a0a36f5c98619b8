//! Logging in: the password check and its bookkeeping (the throttle of failed attempts, the
//! access log of failures, the audit event of a success). Tokens are the front door's.

use diesel::PgConnection;
use ombudsman_db::access_log::{self, AccessKind, NewAccess};
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::{login_throttle, users, DbError};
use ombudsman_domain::events::AuditAction;

use crate::error::AppError;
use crate::password;

/// The throttle of failed logins: at most 5 failures a minute for one account from one
/// address, 20 from one address, 30 for one account from anywhere; then 429 until the minute is
/// over. The owner of an account is never shut out for more than a minute.
#[derive(Debug, Clone)]
pub struct Throttle {
    /// Account from this address, address, account.
    keys: Vec<String>,
}

impl Throttle {
    const WINDOW_SECS: i32 = 60;
    const LIMITS: [i32; 3] = [5, 20, 30];

    /// The counters a login with this e-mail from this address counts against.
    pub fn new(email: &str, address: Option<&str>) -> Self {
        let account: String = email.trim().to_lowercase().chars().take(320).collect();
        let address = address.unwrap_or("unknown");
        Self {
            keys: vec![
                format!("pair:{account}|{address}"),
                format!("address:{address}"),
                format!("account:{account}"),
            ],
        }
    }

    /// Seconds to wait when a limit is reached, else `None`.
    pub fn blocked(&self, conn: &mut PgConnection) -> Result<Option<i64>, AppError> {
        Ok(login_throttle::blocked(conn, &self.keys, &Self::LIMITS, Self::WINDOW_SECS)?.map(i64::from))
    }
}

/// One attempt to log in, with what the logs need to know of its request.
#[derive(Debug, Clone)]
pub struct LoginAttempt {
    /// The e-mail as typed.
    pub email: String,
    /// The password as typed.
    pub password: String,
    /// The server's id of the request.
    pub request_id: Option<String>,
    /// The client's own request id.
    pub client_request_id: Option<String>,
    /// The client's address.
    pub client_address: Option<String>,
    /// The counters it counts against.
    pub throttle: Throttle,
}

/// Checks the password (a decoy hash when the e-mail is unknown, so both failures take the
/// same time). A failure is written to the access log and counted against the throttle, and
/// gives `None`; a success clears the pair's counter, is audited (`user.login`) and gives the
/// user. Hashing is CPU work: call this on a blocking thread.
pub fn log_in(conn: &mut PgConnection, attempt: &LoginAttempt) -> Result<Option<users::User>, AppError> {
    let email = attempt.email.trim();
    let user = match users::find_by_email(conn, email) {
        Ok(user) => Some(user),
        Err(DbError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.as_str())
        .unwrap_or(password::decoy_hash());
    let matches = password::verify(&attempt.password, hash);
    let keys = &attempt.throttle.keys;
    let user = match user {
        Some(user) if matches && user.is_active => user,
        other => {
            access_log::record(
                conn,
                &[NewAccess {
                    kind: AccessKind::LoginFailed,
                    actor_id: other.as_ref().map(|u| u.id),
                    actor_label: email.to_owned(),
                    resource: Some("user"),
                    record_id: other.as_ref().map(|u| u.id.0),
                    request_id: attempt.request_id.clone(),
                    client_request_id: attempt.client_request_id.clone(),
                    client_address: attempt.client_address.clone(),
                }],
            )?;
            login_throttle::record_failure(conn, keys, Throttle::WINDOW_SECS)?;
            return Ok(None);
        }
    };
    login_throttle::clear(conn, &keys[0])?;
    let actor = Actor {
        user_id: Some(user.id),
        label: user.email.clone(),
        request_id: attempt.request_id.clone(),
        client_request_id: attempt.client_request_id.clone(),
    };
    audit::record(
        conn,
        &actor,
        AuditAction::UserLogin,
        "user",
        user.id.0,
        serde_json::json!({}),
    )?;
    Ok(Some(user))
}
