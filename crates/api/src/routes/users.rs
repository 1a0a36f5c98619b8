//! `/api/v1/users`: staff accounts.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_db::users;
use ombudsman_domain::access::{Action as Do, Resource};
use ombudsman_domain::ids::{OfficeId, UserId};
use ombudsman_domain::language::Language;
use ombudsman_domain::user::Role;
use serde::{Deserialize, Serialize};

pub use ombudsman_app::accounts::create_account;
use ombudsman_app::accounts::{self, edit_account, EditAccount, NewAccount};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, Page};
use crate::state::AppState;

/// A new staff account.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// Login e-mail.
    pub email: String,
    /// Full name.
    #[schema(min_length = 1, max_length = 200)]
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Code of the user's office, e.g. `HQ`.
    pub office: String,
    /// Initial password (12 to 128 characters).
    // Never serialized (the idempotency record keeps the request), yet part of the schema: a plain
    // `skip_serializing` would drop it from the document too.
    #[serde(skip_serializing_if = "never_shown")]
    #[schema(required = true, min_length = 12, max_length = 128, format = Password)]
    pub password: String,
    /// The language of the e-mails they receive (digests, assignments, this welcome); omitted:
    /// their office's.
    pub language: Option<Language>,
}

/// A password is never written out.
fn never_shown(_: &String) -> bool {
    true
}

/// Changes to an account; send the ETag in `If-Match`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// New full name.
    #[schema(min_length = 1, max_length = 200)]
    pub full_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// `false` deactivates the account at once: its tokens stop working.
    pub is_active: Option<bool>,
    /// New password (12 to 128 characters).
    #[schema(min_length = 12, max_length = 128, format = Password)]
    pub password: Option<String>,
    /// New language for their e-mails.
    pub language: Option<Language>,
}

/// A staff account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    /// Identifier.
    pub id: UserId,
    /// E-mail.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office.
    pub office_id: OfficeId,
    /// Active or deactivated.
    pub is_active: bool,
    /// The language of their e-mails; `null`: their office's.
    pub language: Option<Language>,
    /// Version (the ETag).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<users::User> for UserView {
    fn from(u: users::User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            full_name: u.full_name,
            role: u.role,
            office_id: u.office_id,
            is_active: u.is_active,
            language: u.language,
            version: u.version,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

impl TryFrom<&CreateUserRequest> for NewAccount {
    type Error = ApiError;

    fn try_from(req: &CreateUserRequest) -> Result<Self, ApiError> {
        Ok(NewAccount::parse(
            &req.email,
            &req.full_name,
            req.role,
            &req.office,
            &req.password,
            req.language,
        )?)
    }
}

/// Adds a staff account (admin).
#[utoipa::path(tag = "users", request_body = CreateUserRequest, security(("bearer" = [])), responses(
    (status = 201, body = UserView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem)))]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::may_change(&principal)?;
    let account = NewAccount::try_from(&body.0)?;
    let actor = principal.actor();
    let mail_domain = state.settings.mail_domain.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let user = create_account(conn, &actor, &account, &mail_domain)?;
        Ok(Created {
            location: format!("/api/v1/users/{}", user.id),
            body: http::to_json(&UserView::from(user))?,
        })
    })
    .await
}

/// The caller's own account.
#[utoipa::path(tag = "users", security(("bearer" = [])), responses(
    (status = 200, body = UserView), (status = 401, body = crate::error::Problem)))]
#[get("/users/me")]
pub async fn me(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    let id = principal.user_id;
    let user = state.db(move |conn| Ok(users::find(conn, id)?)).await?;
    Ok(http::with_etag(StatusCode::OK, user.version, &UserView::from(user)))
}

/// Filters of the user list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserListQuery {
    /// Only users of this office.
    pub office_id: Option<OfficeId>,
    /// Page size.
    pub limit: Option<i64>,
    /// Cursor.
    pub cursor: Option<String>,
}

/// Lists accounts (admin, auditor).
#[utoipa::path(tag = "users", params(UserListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<UserView>)))]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<UserListQuery>,
) -> Result<HttpResponse, ApiError> {
    principal.caller().require(&[Resource::User], Do::Read)?;
    let query = query.into_inner();
    let (limit, after) = crate::http::page::<UserId>(query.limit, query.cursor)?;
    let office = query.office_id;
    let rows = state
        .db(move |conn| Ok(users::list(conn, office, after, limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |u| u.id, UserView::from)))
}

/// One account (admin, auditor, or the user themself).
#[utoipa::path(tag = "users", security(("bearer" = [])), responses(
    (status = 200, body = UserView), (status = 404, body = crate::error::Problem)))]
#[get("/users/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if id != principal.user_id {
        principal.caller().require(&[Resource::User], Do::Read)?;
    }
    let user = state.db(move |conn| Ok(users::find(conn, id)?)).await?;
    Ok(http::with_etag(StatusCode::OK, user.version, &UserView::from(user)))
}

/// Changes an account (admin); requires `If-Match`. Deactivation revokes its refresh tokens
/// and its access tokens stop working at the next request.
#[utoipa::path(tag = "users", request_body = UpdateUserRequest, security(("bearer" = [])), responses(
    (status = 200, body = UserView), (status = 412, body = crate::error::Problem),
    (status = 428, body = crate::error::Problem)))]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<UserId>,
    body: JsonBody<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    accounts::may_change(&principal)?;
    let id = id.into_inner();
    let expected = http::if_match(&req)?;
    let b = body.0;
    let cmd = EditAccount::parse(
        expected,
        b.full_name.as_deref(),
        b.role,
        b.is_active,
        b.password.as_deref(),
        b.language,
    )?;
    http::require_change(&b)?;
    let user = state
        .use_case(move |conn, _| edit_account(conn, &principal, id, &cmd))
        .await?;
    Ok(http::with_etag(StatusCode::OK, user.version, &UserView::from(user)))
}

impl http::Patch for UpdateUserRequest {
    fn names_nothing(&self) -> bool {
        self.full_name.is_none()
            && self.role.is_none()
            && self.is_active.is_none()
            && self.password.is_none()
            && self.language.is_none()
    }
}
