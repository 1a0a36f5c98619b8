//! `/api/v1/state-bodies`: the directory of state bodies that appeals complain about and that
//! measures, requests and recommendations are addressed to, with names in Uzbek (both
//! scripts), Russian and English. Admins keep it; every user may read it and ask it for
//! suggestions (`q`), so a client can offer a body of the directory where free text is typed.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use ombudsman_app::state_bodies::{self as bodies_uc, add_state_body, edit_state_body, EditStateBody};
use ombudsman_db::state_bodies::{self, Position, StateBody, StateBodyFilter, WORST_RANK};
use ombudsman_domain::ids::StateBodyId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use ombudsman_domain::state_body::{BodyNames, NewStateBody, StateBodyInput, StateBodyKind};
use serde::{Deserialize, Serialize};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::http::{self, Created, CursorKey, Page};
use crate::state::AppState;

/// A new state body.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStateBodyRequest {
    /// Name in Uzbek (Latin script), e.g. `Ichki ishlar vazirligi`.
    #[schema(min_length = 1, max_length = 300)]
    pub name_uz_latn: String,
    /// Name in Uzbek (Cyrillic script), e.g. `Ички ишлар вазирлиги`.
    #[schema(max_length = 300)]
    pub name_uz_cyrl: Option<String>,
    /// Name in Russian, e.g. `Министерство внутренних дел`.
    #[schema(max_length = 300)]
    pub name_ru: Option<String>,
    /// Name in English, e.g. `Ministry of Internal Affairs`.
    #[schema(max_length = 300)]
    pub name_en: Option<String>,
    /// Kind.
    pub kind: StateBodyKind,
    /// The region it serves (not `abroad`); omit for a national body.
    pub region: Option<Region>,
    /// The body it belongs to (e.g. a district khokimiyat under its regional khokimiyat).
    pub parent_id: Option<StateBodyId>,
}

/// Changes to a state body; send the ETag in `If-Match`. An omitted field stays as it is;
/// `null` clears an optional name, the region or the parent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStateBodyRequest {
    /// New name in Uzbek (Latin script).
    #[schema(min_length = 1, max_length = 300)]
    pub name_uz_latn: Option<String>,
    /// New name in Uzbek (Cyrillic script), or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, max_length = 300)]
    pub name_uz_cyrl: Option<Option<String>>,
    /// New name in Russian, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, max_length = 300)]
    pub name_ru: Option<Option<String>>,
    /// New name in English, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, max_length = 300)]
    pub name_en: Option<Option<String>>,
    /// New kind.
    pub kind: Option<StateBodyKind>,
    /// New region, or `null` for a national body.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<Region>)]
    pub region: Option<Option<Region>>,
    /// New parent, or `null` for none (not the body itself nor a body under it).
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub parent_id: Option<Option<StateBodyId>>,
    /// `false` deactivates the body: it is no longer suggested unless asked for (records that
    /// name it keep it).
    pub is_active: Option<bool>,
}

impl http::Patch for UpdateStateBodyRequest {
    fn names_nothing(&self) -> bool {
        self.name_uz_latn.is_none()
            && self.name_uz_cyrl.is_none()
            && self.name_ru.is_none()
            && self.name_en.is_none()
            && self.kind.is_none()
            && self.region.is_none()
            && self.parent_id.is_none()
            && self.is_active.is_none()
    }
}

/// A state body of the directory.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StateBodyView {
    /// Identifier.
    pub id: StateBodyId,
    /// The name in the language asked for with `Accept-Language` (`uz-Latn` by default).
    pub name: String,
    /// The names in the four languages.
    pub names: BodyNames,
    /// Kind.
    pub kind: StateBodyKind,
    /// The region it serves; null for a national body.
    pub region: Option<Region>,
    /// The body it belongs to.
    pub parent_id: Option<StateBodyId>,
    /// Suggested and linked by name.
    pub is_active: bool,
    /// Version (the ETag).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl StateBodyView {
    fn new(b: StateBody, lang: Language) -> Self {
        let names = b.names();
        Self {
            id: b.id,
            name: names.in_language(lang).to_owned(),
            names,
            kind: b.kind,
            region: b.region,
            parent_id: b.parent_id,
            is_active: b.is_active,
            version: b.version,
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    }
}

/// A body of the directory as a record that names it shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateBodyRef {
    /// Identifier.
    pub id: StateBodyId,
    /// The name in the language asked for with `Accept-Language` (`uz-Latn` by default).
    pub name: String,
    /// Kind.
    pub kind: StateBodyKind,
}

impl StateBodyRef {
    /// The reference to `b` in `lang`.
    pub fn new(b: &StateBody, lang: Language) -> Self {
        Self {
            id: b.id,
            name: b.names().in_language(lang).to_owned(),
            kind: b.kind,
        }
    }
}

/// The language of names: the best of `Accept-Language`, else Uzbek (Latin script).
pub fn language(req: &HttpRequest) -> Language {
    crate::export::language(req)
}

/// Adds a state body to the directory (admin).
#[utoipa::path(tag = "state bodies", request_body = CreateStateBodyRequest, security(("bearer" = [])), responses(
    (status = 201, body = StateBodyView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
#[post("/state-bodies")]
pub async fn create(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    body: JsonBody<CreateStateBodyRequest>,
) -> Result<HttpResponse, ApiError> {
    bodies_uc::may_change(&principal)?;
    let b = &body.0;
    let parsed = NewStateBody::parse(&StateBodyInput {
        name_uz_latn: &b.name_uz_latn,
        name_uz_cyrl: b.name_uz_cyrl.as_deref(),
        name_ru: b.name_ru.as_deref(),
        name_en: b.name_en.as_deref(),
        kind: b.kind,
        region: b.region,
    })?;
    let parent = b.parent_id;
    let lang = language(&req);
    let p = principal.clone();
    http::create(&state, &principal, &req, &body.0, move |conn| {
        let row = add_state_body(conn, &p, &parsed, parent)?;
        Ok(Created {
            location: format!("/api/v1/state-bodies/{}", row.id),
            body: http::to_json(&StateBodyView::new(row, lang))?,
        })
    })
    .await
}

/// Filters of the directory.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StateBodyListQuery {
    /// Suggestions for typed text, in either Uzbek script, Russian or English: bodies one of
    /// whose names equals it once folded come first, then those with a name that begins with
    /// it, then a word of a name, then those with a name that contains each of its words. Text
    /// without a letter or digit matches nothing.
    #[param(max_length = 300)]
    pub q: Option<String>,
    /// Only bodies of this kind.
    pub kind: Option<StateBodyKind>,
    /// Only bodies of this region.
    pub region: Option<Region>,
    /// Only the bodies directly under this one.
    #[param(value_type = Option<String>, format = Uuid)]
    pub parent_id: Option<StateBodyId>,
    /// Only active (`true`) or inactive (`false`) bodies.
    pub active: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The position of a body in the directory's order, as a cursor: its match rank and its id.
#[derive(Debug, Clone, Copy)]
struct Cursor(Position);

impl CursorKey for Cursor {
    fn to_parts(&self) -> (i64, uuid::Uuid) {
        (i64::from(self.0.rank), self.0.id.0)
    }
    /// A rank outside 0..=3 is held to the nearest.
    fn from_parts(sort: i64, id: uuid::Uuid) -> Self {
        let rank = i32::try_from(sort.clamp(0, i64::from(WORST_RANK))).unwrap_or(WORST_RANK);
        Cursor(Position {
            rank,
            id: StateBodyId(id),
        })
    }
}

/// Lists the directory (any user): with `q`, the bodies it suggests, best match first; else
/// every body in the directory's order. Names in the language of `Accept-Language`.
#[utoipa::path(tag = "state bodies", params(StateBodyListQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<StateBodyView>), (status = 400, body = crate::error::Problem)))]
#[get("/state-bodies")]
pub async fn list(
    state: web::Data<AppState>,
    _principal: Principal,
    req: HttpRequest,
    query: crate::extract::Query<StateBodyListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 300) {
        return Err(ApiError::field("q", "too_long", "must be at most 300 characters"));
    }
    let (limit, after) = http::page::<Cursor>(query.limit, query.cursor)?;
    let filter = StateBodyFilter {
        q: query.q,
        kind: query.kind,
        region: query.region,
        parent_id: query.parent_id,
        active: query.active,
    };
    let lang = language(&req);
    let rows = state
        .db(move |conn| Ok(state_bodies::list(conn, &filter, after.map(|c| c.0), limit + 1)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |(_, position)| Cursor(*position),
        |(b, _)| StateBodyView::new(b, lang),
    )))
}

/// One state body (any user).
#[utoipa::path(tag = "state bodies", security(("bearer" = [])), responses(
    (status = 200, body = StateBodyView), (status = 404, body = crate::error::Problem)))]
#[get("/state-bodies/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    _principal: Principal,
    req: HttpRequest,
    id: web::Path<StateBodyId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let body = state.db(move |conn| Ok(state_bodies::find(conn, id)?)).await?;
    Ok(http::with_etag(
        StatusCode::OK,
        body.version,
        &StateBodyView::new(body, language(&req)),
    ))
}

/// Changes a state body (admin), e.g. renames it, puts it under another body or deactivates
/// it; requires `If-Match`. The whole resulting record is validated again.
#[utoipa::path(tag = "state bodies", request_body = UpdateStateBodyRequest, security(("bearer" = [])), responses(
    (status = 200, body = StateBodyView), (status = 400, body = crate::error::Problem),
    (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
    (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
#[patch("/state-bodies/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<StateBodyId>,
    body: JsonBody<UpdateStateBodyRequest>,
) -> Result<HttpResponse, ApiError> {
    bodies_uc::may_change(&principal)?;
    let id = id.into_inner();
    let expected_version = http::if_match(&req)?;
    let b = body.0;
    http::require_change(&b)?;
    let cmd = EditStateBody {
        expected_version,
        name_uz_latn: b.name_uz_latn,
        name_uz_cyrl: b.name_uz_cyrl,
        name_ru: b.name_ru,
        name_en: b.name_en,
        kind: b.kind,
        region: b.region,
        parent_id: b.parent_id,
        is_active: b.is_active,
    };
    let lang = language(&req);
    let body = state
        .use_case(move |conn, _| edit_state_body(conn, &principal, id, &cmd))
        .await?;
    Ok(http::with_etag(
        StatusCode::OK,
        body.version,
        &StateBodyView::new(body, lang),
    ))
}
