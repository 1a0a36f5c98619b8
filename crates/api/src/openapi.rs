//! The OpenAPI document, generated from the handlers and DTOs.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

mod constraints;
mod contract;
pub mod rules;

use contract::Contract;

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
        routes::offices::update,
        routes::offices::get_policy,
        routes::offices::put_policy,
        routes::users::create,
        routes::users::me,
        routes::users::list,
        routes::users::get,
        routes::users::update,
        routes::audit::list,
        routes::audit::access_log,
        routes::outbox::list,
        routes::impact::create_measure,
        routes::impact::list_measures,
        routes::impact::get_measure,
        routes::impact::update_measure,
        routes::impact::move_measure,
        routes::impact::create_compensation,
        routes::impact::list_compensations,
        routes::impact::get_compensation,
        routes::impact::correct,
        routes::impact::history,
        routes::outbox::retry,
        routes::appeals::intake::create,
        routes::appeals::read::list,
        routes::appeals::read::get,
        routes::appeals::read::deadline,
        routes::appeals::read::applicant_history,
        routes::applicants::merge,
        routes::appeals::lifecycle::transitions,
        routes::appeals::lifecycle::assign,
        routes::appeals::lifecycle::update,
        routes::appeals::timeline::events,
        routes::appeals::timeline::note,
        routes::appeals::timeline::request,
        routes::appeals::timeline::answer,
        routes::appeals::attachments::upload,
        routes::appeals::attachments::list,
        routes::appeals::attachments::download,
        routes::partners::create,
        routes::partners::list,
        routes::partners::get,
        routes::partners::update,
        routes::partners::create_referral,
        routes::partners::list_referrals,
        routes::partners::get_referral,
        routes::partners::answer_referral,
        routes::state_bodies::create,
        routes::state_bodies::list,
        routes::state_bodies::get,
        routes::state_bodies::update,
        routes::facilities::create,
        routes::facilities::list,
        routes::facilities::get,
        routes::facilities::update,
        routes::visits::record::create,
        routes::visits::record::list,
        routes::visits::record::get,
        routes::visits::record::update,
        routes::visits::record::add_recommendation,
        routes::visits::attachments::upload_attachment,
        routes::visits::attachments::list_attachments,
        routes::visits::recommendations::list_recommendations,
        routes::visits::recommendations::get_recommendation,
        routes::visits::recommendations::update_recommendation,
        routes::visits::recommendations::follow_up,
        routes::calendar::list,
        routes::calendar::put_day,
        routes::calendar::delete_day,
        routes::public::lookup,
        routes::public_intake::submit,
        routes::public_intake::draft_file,
        routes::public_intake::confirm,
        routes::public_intake::create_reply,
        routes::public_intake::reply_file,
        routes::region_routes::list,
        routes::region_routes::put,
        routes::appeals::applicant_requests::create,
        routes::snapshots::publish,
        routes::snapshots::list,
        routes::snapshots::get,
        routes::snapshots::compare,
        routes::reports::half_year,
        routes::reports::period,
    ),
    components(schemas(
        crate::error::Problem,
        crate::error::ProblemField,
        ombudsman_domain::ids::BodyRequestId,
        ombudsman_domain::ids::ReplyId,
    )),
    modifiers(&BearerAuth, &Contract),
    tags(
        (name = "auth", description = "Login and token refresh"),
        (name = "offices", description = "The central office and regional representatives"),
        (name = "users", description = "Staff accounts"),
        (name = "audit", description = "The append-only audit trail"),
        (name = "impact measures", description = "Submissions, demands, lawsuits … filed with state bodies, and their answers"),
        (name = "compensation", description = "Money recovered for applicants, in minor units"),
        (name = "outbox", description = "The e-mail queue: pending, sent and dead messages; retrying dead ones"),
        (name = "appeals", description = "Citizens' appeals from intake to decision"),
        (name = "partners", description = "Partner institutions (foreign and international ombudsmen) and referrals of appeals to and from them"),
        (name = "state bodies", description = "The directory of state bodies appeals complain about and measures, requests and recommendations are addressed to"),
        (name = "facilities", description = "The registry of places of detention the monitors visit"),
        (name = "visits", description = "Monitoring visits, their recommendations and follow-up"),
        (name = "calendar", description = "The working-day calendar of deadlines"),
        (name = "public", description = "Citizens without a login: filing an appeal online, confirming it from the e-mail, the applicant's page and replies (limited per client address, 429 with Retry-After)"),
        (name = "reports", description = "The half-year report and reports of any period, beside the same period a year earlier"),
    )
)]
pub struct ApiDoc;
