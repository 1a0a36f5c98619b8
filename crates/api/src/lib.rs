//! The HTTP API of the ombudsman service: routes, request and response DTOs, authentication,
//! problem+json errors and the OpenAPI document.

pub(crate) mod allowed;
pub mod auth;
pub mod client;
pub mod drafts;
pub mod error;
pub mod export;
pub mod extract;
pub mod http;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod pages;
pub mod routes;
pub mod state;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{web, App, HttpResponse, HttpServer};
use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

pub use error::ApiError;
pub use state::{ApiSettings, AppState, AttachmentStore};

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(openapi::ApiDoc::openapi())
}

/// What no route answered: 405 with `Allow` on a known path (the method is wrong), else 404.
async fn no_route(req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    match allowed::methods_for(req.path()) {
        Some(methods) if !methods.is_empty() => Err(ApiError::MethodNotAllowed(methods)),
        _ => Err(ApiError::NotFound),
    }
}

/// Anything but `/metrics` on the metrics listener: nothing here.
async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

/// The documentation's page lives under `/docs/` (its assets are relative to it).
async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// Registers every route under its path.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(routes::health::healthz)
        .service(routes::health::readyz)
        .service(routes::health::metrics)
        .route("/api/openapi.json", web::get().to(openapi_json))
        // Swagger UI from files inside the binary: the page works on an offline network.
        .route("/docs", web::get().to(docs_redirect))
        .service(SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/api/openapi.json"])))
        .configure(pages::configure)
        .service(
            web::scope("/api/v1")
                .service(routes::auth::login)
                .service(routes::auth::refresh)
                .service(routes::offices::create)
                .service(routes::offices::list)
                .service(routes::offices::get)
                .service(routes::offices::update)
                .service(routes::offices::get_policy)
                .service(routes::offices::put_policy)
                .service(routes::users::create)
                .service(routes::users::me)
                .service(routes::users::list)
                .service(routes::users::get)
                .service(routes::users::update)
                .service(routes::audit::list)
                .service(routes::audit::access_log)
                .service(routes::outbox::list)
                .service(routes::impact::create_measure)
                .service(routes::impact::list_measures)
                .service(routes::impact::get_measure)
                .service(routes::impact::update_measure)
                .service(routes::impact::move_measure)
                .service(routes::impact::create_compensation)
                .service(routes::impact::list_compensations)
                .service(routes::impact::get_compensation)
                .service(routes::impact::correct)
                .service(routes::impact::history)
                .service(routes::outbox::retry)
                .service(routes::appeals::intake::create)
                .service(routes::appeals::read::list)
                .service(routes::appeals::read::get)
                .service(routes::appeals::read::deadline)
                .service(routes::appeals::read::applicant_history)
                .service(routes::applicants::merge)
                .service(routes::appeals::lifecycle::transitions)
                .service(routes::appeals::lifecycle::assign)
                .service(routes::appeals::lifecycle::update)
                .service(routes::appeals::timeline::events)
                .service(routes::appeals::timeline::note)
                .service(routes::appeals::timeline::request)
                .service(routes::appeals::timeline::answer)
                .service(routes::appeals::attachments::upload)
                .service(routes::appeals::attachments::list)
                .service(routes::appeals::attachments::download)
                .service(routes::partners::create)
                .service(routes::partners::list)
                .service(routes::partners::get)
                .service(routes::partners::update)
                .service(routes::partners::create_referral)
                .service(routes::partners::list_referrals)
                .service(routes::partners::get_referral)
                .service(routes::partners::answer_referral)
                .service(routes::state_bodies::create)
                .service(routes::state_bodies::list)
                .service(routes::state_bodies::get)
                .service(routes::state_bodies::update)
                .service(routes::facilities::create)
                .service(routes::facilities::list)
                .service(routes::facilities::get)
                .service(routes::facilities::update)
                .service(routes::visits::record::create)
                .service(routes::visits::record::list)
                .service(routes::visits::record::get)
                .service(routes::visits::record::update)
                .service(routes::visits::record::add_recommendation)
                .service(routes::visits::attachments::upload_attachment)
                .service(routes::visits::attachments::list_attachments)
                .service(routes::visits::recommendations::list_recommendations)
                .service(routes::visits::recommendations::get_recommendation)
                .service(routes::visits::recommendations::update_recommendation)
                .service(routes::visits::recommendations::follow_up)
                .service(routes::calendar::list)
                .service(routes::calendar::put_day)
                .service(routes::calendar::delete_day)
                .service(routes::public::lookup)
                .service(routes::public_intake::submit)
                .service(routes::public_intake::draft_file)
                .service(routes::public_intake::confirm)
                .service(routes::public_intake::create_reply)
                .service(routes::public_intake::reply_file)
                .service(routes::region_routes::list)
                .service(routes::region_routes::put)
                .service(routes::appeals::applicant_requests::create)
                .service(routes::reports::half_year)
                .service(routes::snapshots::publish)
                .service(routes::snapshots::list)
                .service(routes::snapshots::get)
                .service(routes::snapshots::compare)
                .service(routes::reports::period),
        );
}

/// Builds the server of `/metrics` alone, for a separate (internal) address.
pub fn metrics_server(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(routes::health::MetricsListener)
            .service(routes::health::metrics)
            .default_service(web::to(not_found))
    })
    .workers(1)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Builds the HTTP server on a bound listener (port 0 in tests).
pub fn server(listener: TcpListener, state: AppState, workers: usize) -> std::io::Result<Server> {
    let json_limit = state.settings.json_limit;
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::PayloadConfig::new(json_limit))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .wrap(actix_web::middleware::from_fn(middleware::observe))
            .configure(configure)
            .default_service(web::to(no_route))
    })
    .workers(workers.max(1))
    .listen(listener)?
    .run();
    Ok(server)
}
