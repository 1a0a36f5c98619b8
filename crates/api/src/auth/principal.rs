//! The authenticated caller, read from `Authorization: Bearer` and checked against the database
//! on every request, so that deactivating a user takes effect at once.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use ombudsman_app::Caller;
use ombudsman_db::audit::Actor;

use crate::error::ApiError;
use crate::middleware::{ClientRequestId, RequestId};
use crate::state::AppState;

/// Who is calling: the caller as the use cases and the access policy know them, read from the
/// request. Its fields (`role`, `office_id`, …) are the caller's.
#[derive(Debug, Clone)]
pub struct Principal(pub Caller);

impl std::ops::Deref for Principal {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.0
    }
}

impl Principal {
    /// The actor recorded in the audit trail.
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }

    /// The caller, for the use cases and the access policy.
    pub fn caller(&self) -> Caller {
        self.0.clone()
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        let client_request_id = req.extensions().get::<ClientRequestId>().map(|r| r.0.clone());
        let client_address = state
            .as_ref()
            .map(|state| crate::client::address(req, &state.settings.trusted_proxies).to_string());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let token = token.ok_or(ApiError::Unauthorized("a bearer access token is required"))?;
            let claims = state
                .jwt
                .verify(&token)
                .map_err(|_| ApiError::Unauthorized("the access token is invalid or expired"))?;
            let found = state.account(claims.sub).await;
            let found = match found {
                Err(ApiError::NotFound) => return Err(ApiError::Unauthorized("the user no longer exists")),
                other => other?,
            };
            if !found.user.is_active {
                return Err(ApiError::Unauthorized("the user is deactivated"));
            }
            Ok(Principal(Caller {
                user_id: found.user.id,
                email: found.user.email,
                role: found.user.role,
                office_id: found.user.office_id,
                central_office: found.office_is_central,
                request_id,
                client_request_id,
                client_address,
            }))
        })
    }
}
