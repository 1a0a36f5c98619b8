//! `POST /api/v1/auth/login` and `POST /api/v1/auth/refresh`.

use actix_web::{post, web, HttpResponse};
use chrono::{Duration, Utc};
use ombudsman_app::sessions::{log_in, LoginAttempt, Throttle};
use ombudsman_db::{refresh_tokens, users, DbError};
use ombudsman_domain::ids::UserId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::tokens;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::state::AppState;

/// Credentials.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Login e-mail.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A refresh token to exchange.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token of the last pair; it works once.
    pub refresh_token: String,
}

/// A token pair.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
    /// One-time token for `/auth/refresh`.
    pub refresh_token: String,
}

const BAD_CREDENTIALS: ApiError = ApiError::Unauthorized("the e-mail or password is wrong");
const BAD_REFRESH: ApiError = ApiError::Unauthorized("the refresh token is invalid, used or expired");

fn issue_pair(
    state: &AppState,
    conn: &mut diesel::PgConnection,
    user: UserId,
    family_id: Uuid,
) -> Result<TokenResponse, ApiError> {
    let refresh_token = tokens::generate();
    refresh_tokens::insert(
        conn,
        &refresh_tokens::NewRefreshToken {
            id: Uuid::now_v7(),
            user_id: user,
            family_id,
            token_hash: &tokens::digest(&refresh_token),
            expires_at: Utc::now() + Duration::seconds(state.settings.refresh_ttl_secs),
        },
    )?;
    let access = state.jwt.issue(user).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(TokenResponse {
        access_token: access,
        token_type: "Bearer",
        expires_in: state.jwt.ttl_secs,
        refresh_token,
    })
}

/// Logs in; the same 401 for an unknown e-mail and a wrong password.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = TokenResponse),
    (status = 401, body = crate::error::Problem)))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.0;
    let (request_id, client_request_id) = {
        use actix_web::HttpMessage;
        let ext = req.extensions();
        (
            ext.get::<crate::middleware::RequestId>().map(|r| r.0.clone()),
            ext.get::<crate::middleware::ClientRequestId>().map(|r| r.0.clone()),
        )
    };
    let client_address = Some(crate::client::address(&req, &state.settings.trusted_proxies).to_string());
    let throttle = Throttle::new(&email, client_address.as_deref());
    let check = throttle.clone();
    if let Some(wait) = state.db(move |conn| Ok(check.blocked(conn)?)).await? {
        return Err(ApiError::TooManyRequests(wait.max(1) as u64));
    }
    // Hashing is bounded: a flood of logins waits here, not in every other request's way.
    let _permit =
        match tokio::time::timeout(std::time::Duration::from_secs(1), state.hashing.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => return Err(ApiError::Unavailable("every password-hashing slot is busy".into())),
        };
    let attempt = LoginAttempt {
        email,
        password,
        request_id,
        client_request_id,
        client_address,
        throttle,
    };
    let st = state.clone();
    let pair = state
        .tx(move |conn| match log_in(conn, &attempt)? {
            // The failure is committed to the access log; the 401 follows below.
            None => Ok(None),
            Some(user) => Ok(Some(issue_pair(&st, conn, user.id, Uuid::now_v7())?)),
        })
        .await?
        .ok_or(BAD_CREDENTIALS)?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(pair))
}

/// Exchanges a refresh token for a new pair. A token works once; presenting a spent token
/// again revokes every token of that login.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, body = TokenResponse),
    (status = 401, body = crate::error::Problem)))]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: JsonBody<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let digest = tokens::digest(&body.0.refresh_token);
    let st = state.clone();
    // Reuse detection must survive the 401, so it runs in its own committed transaction.
    let outcome = state
        .tx(move |conn| {
            let token = match refresh_tokens::find_for_use(conn, &digest) {
                Ok(t) => t,
                Err(DbError::NotFound) => return Ok(Err(BAD_REFRESH)),
                Err(e) => return Err(e.into()),
            };
            if token.used_at.is_some() || token.revoked_at.is_some() {
                refresh_tokens::revoke_family(conn, token.family_id)?;
                return Ok(Err(BAD_REFRESH));
            }
            if token.expires_at <= Utc::now() {
                return Ok(Err(BAD_REFRESH));
            }
            let user = users::find(conn, token.user_id)?;
            if !user.is_active {
                return Ok(Err(BAD_REFRESH));
            }
            refresh_tokens::mark_used(conn, token.id)?;
            Ok(Ok(issue_pair(&st, conn, user.id, token.family_id)?))
        })
        .await?;
    let pair = outcome?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(pair))
}
