//! The OpenAPI document, generated from the handlers and DTOs.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The API description served at `/api/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Ombudsman case management API", description = "Appeals, impact measures, compensation, monitoring visits and reports of an ombudsman office."),
    servers((url = "/api/v1", description = "This server")),
    paths(
        routes::auth::login,
        routes::auth::refresh,
        routes::offices::create,
        routes::offices::list,
        routes::offices::get,
        routes::users::create,
        routes::users::me,
        routes::users::list,
        routes::users::get,
        routes::users::update,
        routes::audit::list,
    ),
    components(schemas(crate::error::Problem, crate::error::ProblemField)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Login and token refresh"),
        (name = "offices", description = "The central office and regional representatives"),
        (name = "users", description = "Staff accounts"),
        (name = "audit", description = "The append-only audit trail"),
    )
)]
pub struct ApiDoc;
