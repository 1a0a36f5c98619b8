//! One-time refresh tokens, stored as SHA-256 hashes and grouped in families per login.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use ombudsman_domain::ids::UserId;
use uuid::Uuid;

use crate::schema::refresh_tokens;
use crate::{Conn, DbError};

/// A stored refresh token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
pub struct RefreshToken {
    /// Identifier.
    pub id: Uuid,
    /// Owner.
    pub user_id: UserId,
    /// The login it descends from.
    pub family_id: Uuid,
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// When it was exchanged for a new pair.
    pub used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When issued.
    pub created_at: DateTime<Utc>,
}

/// A token to store.
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    /// Identifier.
    pub id: Uuid,
    /// Owner.
    pub user_id: UserId,
    /// Family.
    pub family_id: Uuid,
    /// SHA-256 of the token.
    pub token_hash: &'a [u8],
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// Stores a new token.
pub fn insert(conn: &mut Conn, new: &NewRefreshToken<'_>) -> Result<(), DbError> {
    diesel::insert_into(refresh_tokens::table).values(new).execute(conn)?;
    Ok(())
}

/// Finds a token by its hash and locks it, so that two concurrent refreshes cannot both use it.
pub fn find_for_use(conn: &mut Conn, hash: &[u8]) -> Result<RefreshToken, DbError> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshToken::as_select())
        .for_update()
        .first(conn)?)
}

/// Marks a token used.
pub fn mark_used(conn: &mut Conn, id: Uuid) -> Result<(), DbError> {
    diesel::update(refresh_tokens::table.find(id))
        .set(refresh_tokens::used_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(())
}

/// Revokes every live token of a family (a spent token was presented again: it leaked).
pub fn revoke_family(conn: &mut Conn, family_id: Uuid) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(diesel::dsl::now))
    .execute(conn)?)
}

/// Revokes every live token of a user (deactivation, password change).
pub fn revoke_user(conn: &mut Conn, user_id: UserId) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(diesel::dsl::now))
    .execute(conn)?)
}
