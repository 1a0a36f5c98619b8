//! The access policy, walked route by route: for every route of the OpenAPI document, every
//! role and every relation of the caller to the record (assigned, same office, from the central
//! office, from another office), the answer must be the one `ombudsman_domain::access::decide`
//! gives: 403 when the role may not act, 404 when the caller may not see the record, success
//! (anything but 401/403/404/5xx) otherwise; lists hold the record exactly when it is visible,
//! and an applicant's identity is shown exactly when the table says "allow".
//! A route missing from the catalogue below fails the test. The same catalogue serves the check
//! that every write leaves an audit row of its request.

use std::collections::BTreeSet;

use ombudsman_domain::access::{decide, role_may, Action, Decision, Relation, Resource};
use ombudsman_domain::user::Role;
use ombudsman_e2e::{Reply, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const STALE: &str = "\"999\"";
const APPEALS: [Resource; 3] = [Resource::Appeal, Resource::VisitAppeal, Resource::ConfidentialAppeal];

/// The record a route is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Each class of appeal in turn (the route is about the appeal or a record of it).
    Appeal,
    Measure,
    Compensation,
    Visit,
    Recommendation,
    Facility,
    Snapshot,
    /// Records without an office (offices, users, partners, the calendar, the queue, the
    /// trails) and the caller's own office's reports.
    Global(Resource),
}

/// What a route does.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Acts on the record in its path: the actions are checked in order.
    Record(&'static [Action]),
    /// Lists records: the target record is in the first page exactly when visible.
    List,
    /// Creates a record citing the target appeal in its body (`Create` on the resource, then
    /// `Change` on the cited appeal, refused as an unknown field when not allowed).
    CreateCiting(Resource),
    /// Creates a record in the caller's own office (or for the target office).
    Create(Resource),
}

struct Route {
    method: Method,
    path: &'static str,
    target: Target,
    kind: Kind,
}

fn route(method: Method, path: &'static str, target: Target, kind: Kind) -> Route {
    Route {
        method,
        path,
        target,
        kind,
    }
}

const READ: &[Action] = &[Action::Read];
const CHANGE: &[Action] = &[Action::Change];
const MOVE: &[Action] = &[Action::Move];

fn catalogue() -> Vec<Route> {
    use Kind::*;
    use Method as M;
    use Target::*;
    let g = Global;
    vec![
        route(M::POST, "/appeals", Appeal, Create(Resource::Appeal)),
        route(M::GET, "/appeals", Appeal, List),
        route(M::GET, "/appeals/{id}", Appeal, Record(READ)),
        route(M::PATCH, "/appeals/{id}", Appeal, Record(CHANGE)),
        route(M::GET, "/appeals/{id}/deadline", Appeal, Record(READ)),
        route(M::GET, "/appeals/{id}/events", Appeal, Record(READ)),
        route(M::POST, "/appeals/{id}/notes", Appeal, Record(CHANGE)),
        route(M::POST, "/appeals/{id}/requests", Appeal, Record(CHANGE)),
        route(M::POST, "/appeals/{id}/applicant-requests", Appeal, Record(CHANGE)),
        route(
            M::POST,
            "/appeals/{id}/requests/{request_id}/answer",
            Appeal,
            Record(CHANGE),
        ),
        route(M::POST, "/appeals/{id}/attachments", Appeal, Record(CHANGE)),
        route(M::GET, "/appeals/{id}/attachments", Appeal, Record(READ)),
        route(M::GET, "/attachments/{id}/content", Appeal, Record(READ)),
        route(M::POST, "/appeals/{id}/transitions", Appeal, Record(MOVE)),
        route(M::POST, "/appeals/{id}/assignment", Appeal, Record(&[Action::Assign])),
        route(M::POST, "/appeals/{id}/referrals", Appeal, Record(CHANGE)),
        route(M::GET, "/appeals/{id}/referrals", Appeal, Record(READ)),
        route(M::GET, "/referrals/{id}", Appeal, Record(READ)),
        route(M::PATCH, "/referrals/{id}", Appeal, Record(CHANGE)),
        route(M::GET, "/applicants/{id}", Appeal, Record(READ)),
        route(M::POST, "/applicants/{id}/merges", Appeal, Record(&[Action::Assign])),
        route(
            M::POST,
            "/impact-measures",
            Appeal,
            CreateCiting(Resource::ImpactMeasure),
        ),
        route(M::GET, "/impact-measures", Measure, List),
        route(M::GET, "/impact-measures/{id}", Measure, Record(READ)),
        route(M::PATCH, "/impact-measures/{id}", Measure, Record(CHANGE)),
        route(M::POST, "/impact-measures/{id}/transitions", Measure, Record(MOVE)),
        route(M::POST, "/compensations", Appeal, CreateCiting(Resource::Compensation)),
        route(M::GET, "/compensations", Compensation, List),
        route(M::GET, "/compensations/{id}", Compensation, Record(READ)),
        route(M::POST, "/compensations/{id}/corrections", Compensation, Record(CHANGE)),
        route(M::GET, "/compensations/{id}/corrections", Compensation, Record(READ)),
        route(M::POST, "/visits", Visit, Create(Resource::Visit)),
        route(M::GET, "/visits", Visit, List),
        route(M::GET, "/visits/{id}", Visit, Record(READ)),
        route(M::PATCH, "/visits/{id}", Visit, Record(CHANGE)),
        route(M::POST, "/visits/{id}/recommendations", Visit, Record(CHANGE)),
        route(M::POST, "/visits/{id}/attachments", Visit, Record(CHANGE)),
        route(M::GET, "/visits/{id}/attachments", Visit, Record(READ)),
        route(M::GET, "/recommendations", Recommendation, List),
        route(M::GET, "/recommendations/{id}", Recommendation, Record(READ)),
        route(M::PATCH, "/recommendations/{id}", Recommendation, Record(CHANGE)),
        route(
            M::POST,
            "/recommendations/{id}/follow-ups",
            Recommendation,
            Record(MOVE),
        ),
        route(M::POST, "/facilities", Facility, Create(Resource::Facility)),
        route(M::GET, "/facilities", Facility, List),
        route(M::GET, "/facilities/{id}", Facility, Record(READ)),
        route(M::PATCH, "/facilities/{id}", Facility, Record(CHANGE)),
        route(M::GET, "/reports/half-year", g(Resource::Report), Record(READ)),
        route(M::GET, "/reports/period", g(Resource::Report), Record(READ)),
        route(M::POST, "/reports/snapshots", Snapshot, Create(Resource::Snapshot)),
        route(M::GET, "/reports/snapshots", Snapshot, List),
        route(M::GET, "/reports/snapshots/{id}", Snapshot, Record(READ)),
        route(M::GET, "/reports/snapshots/{id}/comparison", Snapshot, Record(READ)),
        route(M::POST, "/offices", g(Resource::Office), Create(Resource::Office)),
        route(M::GET, "/offices", g(Resource::Office), Record(READ)),
        route(M::GET, "/offices/{id}", g(Resource::Office), Record(READ)),
        route(M::GET, "/region-routes", g(Resource::Office), Record(READ)),
        route(M::PUT, "/region-routes/{region}", g(Resource::Office), Record(CHANGE)),
        route(M::PATCH, "/offices/{id}", g(Resource::Office), Record(CHANGE)),
        route(
            M::GET,
            "/offices/{id}/deadline-policy",
            g(Resource::Office),
            Record(READ),
        ),
        route(
            M::PUT,
            "/offices/{id}/deadline-policy",
            g(Resource::Office),
            Record(CHANGE),
        ),
        route(M::POST, "/users", g(Resource::User), Create(Resource::User)),
        route(M::GET, "/users", g(Resource::User), Record(READ)),
        route(M::GET, "/users/{id}", g(Resource::User), Record(READ)),
        route(M::PATCH, "/users/{id}", g(Resource::User), Record(CHANGE)),
        route(M::GET, "/calendar/days", g(Resource::Calendar), Record(READ)),
        route(M::PUT, "/calendar/days/{day}", g(Resource::Calendar), Record(CHANGE)),
        route(M::DELETE, "/calendar/days/{day}", g(Resource::Calendar), Record(CHANGE)),
        route(M::GET, "/outbox", g(Resource::Outbox), Record(READ)),
        route(M::POST, "/outbox/{id}/retry", g(Resource::Outbox), Record(MOVE)),
        route(M::GET, "/audit-events", g(Resource::AuditTrail), Record(READ)),
        route(M::GET, "/access-log", g(Resource::AccessLog), Record(READ)),
        route(M::POST, "/partners", g(Resource::Partner), Create(Resource::Partner)),
        route(M::GET, "/partners", g(Resource::Partner), Record(READ)),
        route(M::GET, "/partners/{id}", g(Resource::Partner), Record(READ)),
        route(M::PATCH, "/partners/{id}", g(Resource::Partner), Record(CHANGE)),
        route(
            M::POST,
            "/state-bodies",
            g(Resource::StateBody),
            Create(Resource::StateBody),
        ),
        route(M::GET, "/state-bodies", g(Resource::StateBody), Record(READ)),
        route(M::GET, "/state-bodies/{id}", g(Resource::StateBody), Record(READ)),
        route(M::PATCH, "/state-bodies/{id}", g(Resource::StateBody), Record(CHANGE)),
    ]
}

/// Routes outside the policy, and why.
const OUTSIDE: &[(&str, &str)] = &[
    ("POST /auth/login", "no caller yet; throttled and logged instead"),
    ("POST /auth/refresh", "the refresh token is the credential"),
    ("GET /users/me", "the caller's own account"),
    (
        "GET /public/appeals/{number}",
        "the applicant's lookup by number and access code",
    ),
    (
        "POST /public/appeals",
        "a citizen without an account files an appeal; limited per address and e-mail",
    ),
    (
        "POST /public/drafts/files",
        "the draft's upload token is the credential",
    ),
    (
        "POST /public/confirmations",
        "the token from the e-mail is the credential",
    ),
    (
        "POST /public/appeals/{number}/replies",
        "the applicant's number and access code are the credential",
    ),
    (
        "POST /public/appeals/{number}/replies/{reply_id}/files",
        "the applicant's number and access code are the credential",
    ),
];

/// An appeal of each class, plus one whose applicant is at reprisal risk.
struct Appeals {
    ordinary: String,
    from_visit: String,
    confidential: String,
    at_risk: String,
}

struct World {
    app: TestApp,
    admin: String,
    /// (role, office code) → (token, user id).
    callers: Vec<(Role, &'static str, String, String)>,
    offices: Vec<(&'static str, String)>,
    appeals: Appeals,
    /// Per appeal: a body request, an attachment, a referral.
    requests: Vec<(String, String)>,
    attachments: Vec<(String, String)>,
    referrals: Vec<(String, String)>,
    applicants: Vec<(String, String)>,
    neutral_officer: String,
    partner: String,
    measure: String,
    compensation: String,
    facility: String,
    visit: String,
    recommendation: String,
    snapshot: String,
    outbox_id: String,
}

const OFFICES: [&str; 3] = ["SAM", "HQ", "TAS"];

impl World {
    fn office(&self, code: &str) -> &str {
        &self.offices.iter().find(|(c, _)| *c == code).unwrap().1
    }

    fn caller(&self, role: Role, office: &str) -> (&str, &str) {
        let c = self
            .callers
            .iter()
            .find(|(r, o, _, _)| *r == role && *o == office)
            .unwrap();
        (&c.2, &c.3)
    }

    fn of<'a>(list: &'a [(String, String)], appeal: &str) -> &'a str {
        &list.iter().find(|(a, _)| a == appeal).unwrap().1
    }
}

async fn ok(r: Reply, what: &str) -> Value {
    assert!(r.status.is_success(), "{what}: {} {}", r.status, r.text);
    r.body
}

async fn raw(app: &TestApp, method: Method, path: &str, token: &str, bytes: Vec<u8>, content_type: &str) -> Reply {
    let res = app
        .client
        .request(method, format!("{}{}", app.address, path))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap_or_default();
    Reply {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

fn appeal_body(subject: &str, email: &str, channel: &str, confidential: bool, reprisal_risk: bool) -> Value {
    json!({
        "received_on": "2025-03-14", "channel": channel,
        "applicant": {"kind": "citizen", "full_name": format!("Person {subject}"), "email": email},
        "region": "samarkand", "subject": subject, "categories": ["prisoners_rights"],
        "confidential": confidential, "reprisal_risk": reprisal_risk
    })
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.token(Role::Admin, "HQ").await;
    let mut offices = Vec::new();
    let all = ok(
        app.call(Method::GET, "/api/v1/offices", Some(&admin), None).await,
        "offices",
    )
    .await;
    offices.push(("HQ", all["items"][0]["id"].as_str().unwrap().to_owned()));
    for (code, region) in [("SAM", "samarkand"), ("TAS", "tashkent_region")] {
        let o = app
            .call(
                Method::POST,
                "/api/v1/offices",
                Some(&admin),
                Some(json!({"code": code, "name": format!("{code} office"), "region": region})),
            )
            .await;
        offices.push((code, ok(o, "office").await["id"].as_str().unwrap().to_owned()));
    }
    let mut callers = Vec::new();
    for role in Role::ALL {
        for office in OFFICES {
            let token = app.token(*role, office).await;
            let me = ok(
                app.call(Method::GET, "/api/v1/users/me", Some(&token), None).await,
                "me",
            )
            .await;
            callers.push((*role, office, token, me["id"].as_str().unwrap().to_owned()));
        }
    }
    let sam_manager = callers
        .iter()
        .find(|c| c.0 == Role::Manager && c.1 == "SAM")
        .unwrap()
        .2
        .clone();
    let neutral = app.token(Role::CaseOfficer, "SAM").await;
    let neutral_officer = ok(
        app.call(Method::GET, "/api/v1/users/me", Some(&neutral), None).await,
        "me",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let register = |body: Value| {
        let app = &app;
        let token = sam_manager.clone();
        async move {
            ok(
                app.call(Method::POST, "/api/v1/appeals", Some(&token), Some(body))
                    .await,
                "appeal",
            )
            .await
        }
    };
    let ordinary = register(appeal_body("ordinary", "p1@example.org", "letter", false, false)).await;
    let from_visit = register(appeal_body("visit", "p2@example.org", "monitoring_visit", false, false)).await;
    let mut conf = appeal_body("confidential", "p3@example.org", "letter", true, false);
    conf["assigned_to"] = json!(neutral_officer);
    let confidential = register(conf).await;
    let at_risk = register(appeal_body("at risk", "p4@example.org", "complaint_box", false, true)).await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    let appeals = Appeals {
        ordinary: id(&ordinary),
        from_visit: id(&from_visit),
        confidential: id(&confidential),
        at_risk: id(&at_risk),
    };
    let partner = ok(
        app.call(
            Method::POST,
            "/api/v1/partners",
            Some(&admin),
            Some(
                json!({"name": "Ombudsman of Russia", "country": "RU", "agreement": "Roadmap 2025-2026",
                        "agreement_from": "2025-01-01"}),
            ),
        )
        .await,
        "partner",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (mut requests, mut attachments, mut referrals, mut applicants) = (vec![], vec![], vec![], vec![]);
    for (a, body) in [&ordinary, &from_visit, &confidential, &at_risk]
        .into_iter()
        .map(|b| (id(b), b))
    {
        applicants.push((a.clone(), body["applicant"]["id"].as_str().unwrap().to_owned()));
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/appeals/{a}/requests"),
                Some(&sam_manager),
                Some(json!({"body_name": "Prison administration", "subject": "Explain", "sent_on": "2025-03-20", "due_on": "2025-04-14"})),
            )
            .await;
        requests.push((a.clone(), ok(r, "request").await["id"].as_str().unwrap().to_owned()));
        let up = raw(
            &app,
            Method::POST,
            &format!("/api/v1/appeals/{a}/attachments?filename=letter.txt"),
            &sam_manager,
            b"scanned letter".to_vec(),
            "text/plain",
        )
        .await;
        attachments.push((a.clone(), ok(up, "attachment").await["id"].as_str().unwrap().to_owned()));
        let rf = app
            .call(
                Method::POST,
                &format!("/api/v1/appeals/{a}/referrals"),
                Some(&sam_manager),
                Some(json!({"partner_id": partner, "direction": "outgoing", "referred_on": "2025-03-20"})),
            )
            .await;
        referrals.push((a.clone(), ok(rf, "referral").await["id"].as_str().unwrap().to_owned()));
    }
    let sam = offices.iter().find(|o| o.0 == "SAM").unwrap().1.clone();
    let measure = ok(
        app.call(
            Method::POST,
            "/api/v1/impact-measures",
            Some(&sam_manager),
            Some(
                json!({"kind": "demand", "addressee": "Prison administration", "issued_on": "2025-04-01",
                        "appeal_ids": [appeals.ordinary], "summary": "Stop it", "response_due_on": "2025-05-01"}),
            ),
        )
        .await,
        "measure",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let compensation = ok(
        app.call(
            Method::POST,
            "/api/v1/compensations",
            Some(&sam_manager),
            Some(
                json!({"amount_minor": 100000, "currency": "UZS", "kind": "damages", "paid_by": "Ministry",
                        "recovered_on": "2025-05-20", "appeal_id": appeals.ordinary}),
            ),
        )
        .await,
        "compensation",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let facility = ok(
        app.call(
            Method::POST,
            "/api/v1/facilities",
            Some(&admin),
            Some(
                json!({"name": "SIZO No.1", "kind": "pre_trial_detention_centre", "region": "samarkand",
                        "operating_authority": "Ministry of Internal Affairs", "capacity": 900, "office_id": sam}),
            ),
        )
        .await,
        "facility",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let visit = ok(
        app.call(
            Method::POST,
            "/api/v1/visits",
            Some(&sam_manager),
            Some(visit_body(&facility)),
        )
        .await,
        "visit",
    )
    .await;
    let recommendation = visit["recommendations"][0]["id"].as_str().unwrap().to_owned();
    let snapshot = ok(
        app.call(
            Method::POST,
            "/api/v1/reports/snapshots",
            Some(&sam_manager),
            Some(json!({"year": 2025, "half": 1, "note": "For Parliament"})),
        )
        .await,
        "snapshot",
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let outbox_id: String = {
        use diesel::prelude::*;
        let mut conn = app.db.conn();
        diesel::sql_query("SELECT id::text AS id FROM outbox LIMIT 1")
            .load::<IdRow>(&mut conn)
            .expect("outbox")
            .remove(0)
            .id
    };
    World {
        app,
        admin,
        callers,
        offices,
        appeals,
        requests,
        attachments,
        referrals,
        applicants,
        neutral_officer,
        partner,
        measure,
        compensation,
        facility,
        visit: visit["id"].as_str().unwrap().to_owned(),
        recommendation,
        snapshot,
        outbox_id,
    }
}

#[derive(diesel::QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

fn visit_body(facility: &str) -> Value {
    json!({"facility_id": facility, "started_on": "2025-02-10", "ended_on": "2025-02-10",
           "visit_type": "unannounced", "team_user_ids": [], "public_group_members": ["Nodira Yusupova"],
           "people_interviewed": 3, "people_interviewed_in_groups": 0, "findings": "Overcrowding",
           "recommendations": [{"text": "Reduce occupancy", "addressee": "Prison administration",
                                "due_on": "2025-06-01"}]})
}

/// What the table expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Forbidden,
    NotFound,
    /// A cited record the caller may not work on: 400 naming the field.
    UnknownField,
    Allowed,
}

fn best(role: Role, resource: Resource, action: Action, relations: &[Relation]) -> Decision {
    let ds: Vec<Decision> = relations.iter().map(|r| decide(role, resource, action, *r)).collect();
    if ds.contains(&Decision::Allow) {
        Decision::Allow
    } else if ds.contains(&Decision::Withheld) {
        Decision::Withheld
    } else {
        Decision::Deny
    }
}

/// The table's answer for one record route: 403 when the role never may (over the group of
/// resources the route serves), the hidden status when the caller may not read the record, 403
/// when they may read but not act.
fn expect_record(
    role: Role,
    group: &[Resource],
    resource: Resource,
    actions: &[Action],
    relations: &[Relation],
    hidden: Expect,
) -> Expect {
    if !group.iter().any(|r| role_may(role, *r, actions[0])) {
        return Expect::Forbidden;
    }
    if !best(role, resource, Action::Read, relations).permits() {
        return hidden;
    }
    if actions.iter().any(|a| !best(role, resource, *a, relations).permits()) {
        return Expect::Forbidden;
    }
    Expect::Allowed
}

fn check(expect: Expect, r: &Reply, what: &str) {
    let fine = match expect {
        Expect::Forbidden => r.status == StatusCode::FORBIDDEN,
        Expect::NotFound => r.status == StatusCode::NOT_FOUND && r.body["code"] == "not_found",
        Expect::UnknownField => r.status == StatusCode::BAD_REQUEST,
        Expect::Allowed => {
            !matches!(
                r.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            ) && !r.status.is_server_error()
        }
    };
    assert!(fine, "{what}: expected {expect:?}, got {} {}", r.status, r.text);
}

/// The relations each caller has to a record of the SAM office (appeals: also assigned).
fn relation_cases(assignable: bool) -> Vec<(&'static str, bool, Vec<Relation>)> {
    let mut out = vec![
        ("SAM", false, vec![Relation::SameOffice]),
        ("HQ", false, vec![Relation::FromCentralOffice]),
        ("TAS", false, vec![Relation::OtherOffice]),
    ];
    if assignable {
        out.insert(0, ("SAM", true, vec![Relation::Assigned, Relation::SameOffice]));
    }
    out
}

fn class_of(w: &World, appeal: &str) -> Resource {
    if appeal == w.appeals.confidential {
        Resource::ConfidentialAppeal
    } else if appeal == w.appeals.from_visit {
        Resource::VisitAppeal
    } else {
        Resource::Appeal
    }
}

fn fill(w: &World, path: &str, appeal: &str) -> String {
    let id = match path {
        p if p.starts_with("/attachments/") => World::of(&w.attachments, appeal).to_owned(),
        p if p.starts_with("/referrals/") => World::of(&w.referrals, appeal).to_owned(),
        p if p.starts_with("/applicants/") => World::of(&w.applicants, appeal).to_owned(),
        p if p.starts_with("/appeals/") => appeal.to_owned(),
        p if p.starts_with("/impact-measures/") => w.measure.clone(),
        p if p.starts_with("/compensations/") => w.compensation.clone(),
        p if p.starts_with("/visits/") => w.visit.clone(),
        p if p.starts_with("/recommendations/") => w.recommendation.clone(),
        p if p.starts_with("/facilities/") => w.facility.clone(),
        p if p.starts_with("/reports/snapshots/") => w.snapshot.clone(),
        p if p.starts_with("/offices/") => w.office("SAM").to_owned(),
        p if p.starts_with("/users/") => w.neutral_officer.clone(),
        p if p.starts_with("/partners/") => w.partner.clone(),
        // The Ministry of Internal Affairs, of the migration's starter directory.
        p if p.starts_with("/state-bodies/") => "01a22ee6-b000-7000-8000-000000000001".to_owned(),
        p if p.starts_with("/outbox/") => w.outbox_id.clone(),
        _ => String::new(),
    };
    let path = path
        .replace("{id}", &id)
        .replace("{request_id}", World::of(&w.requests, appeal))
        .replace("{day}", "2025-12-31")
        .replace("{region}", "samarkand");
    let query = match path.as_str() {
        "/reports/half-year" => "?year=2025&half=1",
        "/reports/period" => "?from=2025-01-01&to=2025-06-30",
        "/appeals" | "/impact-measures" | "/compensations" | "/visits" | "/recommendations" | "/facilities"
        | "/reports/snapshots" => "?limit=200",
        _ => "",
    };
    format!("/api/v1{path}{query}")
}

fn body_for(w: &World, r: &Route, appeal: &str, n: usize) -> Option<Value> {
    let unique = format!("{}-{n}", uuid::Uuid::now_v7().simple());
    Some(match (r.method.as_str(), r.path) {
        ("POST", "/appeals") => appeal_body(
            "new",
            &format!("{unique}@example.org"),
            "monitoring_visit",
            false,
            false,
        ),
        ("PATCH", "/appeals/{id}") => json!({"subject": "Changed"}),
        ("POST", "/appeals/{id}/notes") => json!({"text": "A note"}),
        ("POST", "/appeals/{id}/applicant-requests") => json!({"text": "Send a copy of the decision"}),
        ("PUT", "/region-routes/{region}") => json!({"office_id": w.office("SAM")}),
        ("POST", "/appeals/{id}/requests") => {
            json!({"body_name": "Prison administration", "subject": "Explain", "sent_on": "2025-03-20", "due_on": "2025-04-14"})
        }
        ("POST", "/appeals/{id}/requests/{request_id}/answer") => json!({"summary": "Answered"}),
        ("POST", "/appeals/{id}/transitions") => json!({"action": "accept"}),
        ("POST", "/appeals/{id}/assignment") => json!({"user_id": w.neutral_officer}),
        // An applicant nobody may see: the walk merges nothing (400 for whoever may merge).
        ("POST", "/applicants/{id}/merges") => json!({"into": uuid::Uuid::now_v7(), "reason": "One person"}),
        ("POST", "/appeals/{id}/referrals") => {
            json!({"partner_id": w.partner, "direction": "outgoing", "referred_on": "2025-03-20"})
        }
        ("PATCH", "/referrals/{id}") => json!({"answer_summary": "Answered"}),
        ("POST", "/impact-measures") => json!({"kind": "submission", "addressee": "Prison administration",
            "issued_on": "2025-04-01", "appeal_ids": [appeal], "summary": "Stop it"}),
        ("PATCH", "/impact-measures/{id}") => json!({"summary": "Changed"}),
        ("POST", "/impact-measures/{id}/transitions") => {
            json!({"status": "response_received", "response_summary": "They answered"})
        }
        ("POST", "/compensations") => json!({"amount_minor": 100, "currency": "UZS", "kind": "damages",
            "paid_by": "Ministry", "recovered_on": "2025-05-20", "appeal_id": appeal}),
        ("POST", "/compensations/{id}/corrections") => {
            json!({"action": "correct", "amount_minor": 1000 + n, "reason": "Mistyped"})
        }
        ("POST", "/visits") => visit_body(&w.facility),
        ("PATCH", "/visits/{id}") => json!({"findings": "Changed"}),
        ("POST", "/visits/{id}/recommendations") => json!({"text": "More light", "addressee": "Administration"}),
        ("PATCH", "/recommendations/{id}") => json!({"text": "Changed"}),
        ("POST", "/recommendations/{id}/follow-ups") => json!({"status": "partially_implemented", "note": "Seen"}),
        ("POST", "/facilities") => json!({"name": format!("Facility {unique}"), "kind": "penal_institution",
            "region": "samarkand", "operating_authority": "Penitentiary service", "office_id": w.office("SAM")}),
        ("PATCH", "/facilities/{id}") => json!({"capacity": 901}),
        ("POST", "/reports/snapshots") => json!({"year": 2025, "half": 1, "note": "Again"}),
        ("POST", "/offices") => {
            let code: String = unique.chars().filter(|c| c.is_ascii_alphabetic()).take(4).collect();
            json!({"code": format!("X{}", code.to_uppercase()), "name": format!("Office {unique}"), "region": "navoi"})
        }
        ("PUT", "/offices/{id}/deadline-policy") => return None,
        ("POST", "/users") => json!({"email": format!("{unique}@example.org"), "full_name": "New User",
            "role": "case_officer", "office": "SAM", "password": "a long enough password"}),
        ("PATCH", "/users/{id}") => json!({"full_name": "Renamed Officer"}),
        ("PATCH", "/offices/{id}") => json!({"phone": "+998 71 000 00 00"}),
        ("PUT", "/calendar/days/{day}") => json!({"kind": "holiday", "name": "New Year's Eve"}),
        ("POST", "/partners") => json!({"name": format!("Partner {unique}"), "agreement": "MoU",
            "agreement_from": "2025-01-01"}),
        ("PATCH", "/partners/{id}") => json!({"agreement": "Changed"}),
        ("POST", "/state-bodies") => json!({"name_uz_latn": format!("Idora {unique}"), "kind": "agency"}),
        ("PATCH", "/state-bodies/{id}") => json!({"name_en": format!("Ministry of Internal Affairs {n}")}),
        _ => return None,
    })
}

async fn send(w: &World, r: &Route, appeal: &str, token: &str, n: usize, policy: &Value) -> Reply {
    let path = fill(w, r.path, appeal);
    let app = &w.app;
    if r.method == Method::POST && r.path.ends_with("/attachments") {
        let (name, bytes, ct): (&str, &[u8], &str) = if r.path.starts_with("/visits") {
            ("photo.png", PNG, "image/png")
        } else {
            ("letter.txt", b"scanned letter", "text/plain")
        };
        return raw(
            app,
            Method::POST,
            &format!("{path}?filename={name}"),
            token,
            bytes.to_vec(),
            ct,
        )
        .await;
    }
    if r.method == Method::DELETE && r.path == "/calendar/days/{day}" {
        // Something to delete, whoever tries.
        let put = app
            .call(
                Method::PUT,
                &path,
                Some(&w.admin),
                Some(json!({"kind": "holiday", "name": "New Year's Eve"})),
            )
            .await;
        assert!(put.status.is_success(), "{}", put.text);
    }
    let body = if r.path == "/offices/{id}/deadline-policy" && r.method == Method::PUT {
        Some(policy.clone())
    } else {
        body_for(w, r, appeal, n)
    };
    let stale = [("if-match", STALE)];
    let headers: &[(&str, &str)] = if matches!(r.method, Method::PATCH)
        || r.path.ends_with("/transitions")
        || (r.method == Method::PUT && r.path.contains("deadline-policy"))
    {
        &stale
    } else {
        &[]
    };
    app.call_with(r.method.clone(), &path, Some(token), body, headers).await
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn listed(r: &Reply, id: &str) -> bool {
    r.body["items"]
        .as_array()
        .is_some_and(|items| items.iter().any(|i| i["id"] == json!(id)))
}

/// Puts the appeals under test in the hands of `who` (or of the neutral officer).
fn assign_all(w: &World, who: Option<&str>) {
    let user = who.unwrap_or(&w.neutral_officer);
    w.app
        .sql(&format!(
            "UPDATE appeals SET assigned_to = '{user}' WHERE id IN ('{}', '{}', '{}', '{}'); \
             UPDATE body_requests SET answered_on = NULL, answer_summary = NULL",
            w.appeals.ordinary, w.appeals.from_visit, w.appeals.confidential, w.appeals.at_risk
        ))
        .expect("assign");
}

/// The SAM office's deadline policy (a valid body for its `PUT`) and the operations of the
/// OpenAPI document with one of `methods`, as `METHOD /path`.
async fn policy_and_operations(w: &World, methods: &[&str]) -> (Value, BTreeSet<String>) {
    let policy = ok(
        w.app
            .call(
                Method::GET,
                &format!("/api/v1/offices/{}/deadline-policy", w.office("SAM")),
                Some(&w.admin),
                None,
            )
            .await,
        "policy",
    )
    .await;
    let doc = ok(
        w.app.call(Method::GET, "/api/openapi.json", None, None).await,
        "openapi",
    )
    .await;
    let mut operations = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            if methods.contains(&method.as_str()) {
                operations.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    (policy, operations)
}

#[actix_web::test]
async fn every_route_answers_as_the_policy_table_says_for_every_role_and_relation() {
    let w = world().await;
    let (policy, documented) = policy_and_operations(&w, &["get", "post", "put", "patch", "delete"]).await;

    // Every route of the document is in the catalogue or named as outside the policy.
    let catalogue = catalogue();
    let known: BTreeSet<String> = catalogue
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .chain(OUTSIDE.iter().map(|(r, _)| (*r).to_owned()))
        .collect();
    let missing: Vec<&String> = documented.difference(&known).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the policy catalogue: {missing:?}"
    );

    let appeal_ids = [
        w.appeals.ordinary.clone(),
        w.appeals.from_visit.clone(),
        w.appeals.confidential.clone(),
        w.appeals.at_risk.clone(),
    ];
    let mut n = 0;
    let mut checked = 0;
    for r in &catalogue {
        for role in Role::ALL {
            let role = *role;
            let assignable = r.target == Target::Appeal;
            for (office, assigned, relations) in relation_cases(assignable) {
                let (token, user) = w.caller(role, office);
                let targets: Vec<String> = if r.target == Target::Appeal {
                    appeal_ids.to_vec()
                } else {
                    vec![w.appeals.ordinary.clone()]
                };
                for appeal in &targets {
                    n += 1;
                    assign_all(&w, assigned.then_some(user));
                    let what = format!("{} {} as {role} ({relations:?}) on {appeal}", r.method, r.path);
                    let reply = send(&w, r, appeal, token, n, &policy).await;
                    let class = class_of(&w, appeal);
                    match (r.target, r.kind) {
                        (Target::Appeal, Kind::Record(actions)) => {
                            let e = expect_record(role, &APPEALS, class, actions, &relations, Expect::NotFound);
                            if r.path != "/applicants/{id}" || e != Expect::Allowed {
                                check(e, &reply, &what);
                            }
                            if e == Expect::Allowed && r.path == "/appeals/{id}" && r.method == Method::GET {
                                check_identity(&w, role, appeal, &relations, &reply.body, &what);
                            }
                            if r.path == "/applicants/{id}" && e == Expect::Allowed {
                                // A person's page is shown only with their identity; otherwise it
                                // is hidden like a record the caller may not see.
                                if identity_shown(&w, role, appeal, &relations) {
                                    assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.text);
                                } else {
                                    check(Expect::NotFound, &reply, &what);
                                }
                            }
                        }
                        (Target::Appeal, Kind::List) => {
                            if !APPEALS.iter().any(|c| role_may(role, *c, Action::Read)) {
                                check(Expect::Forbidden, &reply, &what);
                            } else {
                                assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.text);
                                let visible = best(role, class, Action::Read, &relations).permits();
                                assert_eq!(listed(&reply, appeal), visible, "{what}");
                                if visible {
                                    let item = reply.body["items"]
                                        .as_array()
                                        .unwrap()
                                        .iter()
                                        .find(|i| i["id"] == json!(appeal))
                                        .unwrap();
                                    check_identity(&w, role, appeal, &relations, item, &what);
                                }
                            }
                        }
                        (Target::Appeal, Kind::CreateCiting(resource)) => {
                            let e = if !role_may(role, resource, Action::Create) {
                                Expect::Forbidden
                            } else if !best(role, class, Action::Change, &relations).permits() {
                                Expect::UnknownField
                            } else {
                                Expect::Allowed
                            };
                            check(e, &reply, &what);
                            if e == Expect::UnknownField {
                                assert!(
                                    reply.body["errors"][0]["code"]
                                        .as_str()
                                        .is_some_and(|c| c.starts_with("unknown_")),
                                    "{what}: {}",
                                    reply.text
                                );
                            }
                        }
                        (Target::Appeal, Kind::Create(_)) => {
                            // Registers in the caller's own office: a visit appeal.
                            let e = if !APPEALS.iter().any(|c| role_may(role, *c, Action::Create)) {
                                Expect::Forbidden
                            } else if !best(role, Resource::VisitAppeal, Action::Create, &[Relation::SameOffice])
                                .permits()
                            {
                                Expect::UnknownField
                            } else {
                                Expect::Allowed
                            };
                            check(e, &reply, &what);
                        }
                        (target, kind) => {
                            let (resource, own_office) = resource_of(target);
                            let rel = if own_office {
                                relations.clone()
                            } else {
                                vec![Relation::SameOffice]
                            };
                            match kind {
                                Kind::Record(actions) => {
                                    let hidden = if matches!(target, Target::Facility | Target::Global(_)) {
                                        Expect::Forbidden
                                    } else {
                                        Expect::NotFound
                                    };
                                    let e = expect_record(role, &[resource], resource, actions, &rel, hidden);
                                    check(e, &reply, &what);
                                }
                                Kind::List => {
                                    if !role_may(role, resource, Action::Read) {
                                        check(Expect::Forbidden, &reply, &what);
                                    } else {
                                        assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.text);
                                        let id = match target {
                                            Target::Measure => &w.measure,
                                            Target::Compensation => &w.compensation,
                                            Target::Visit => &w.visit,
                                            Target::Recommendation => &w.recommendation,
                                            Target::Facility => &w.facility,
                                            _ => &w.snapshot,
                                        };
                                        let visible = best(role, resource, Action::Read, &rel).permits();
                                        assert_eq!(listed(&reply, id), visible, "{what}: {}", reply.text);
                                    }
                                }
                                Kind::Create(res) => {
                                    let create_rel = if target == Target::Facility {
                                        rel.clone()
                                    } else {
                                        vec![Relation::SameOffice]
                                    };
                                    let e = if !role_may(role, res, Action::Create)
                                        || !best(role, res, Action::Create, &create_rel).permits()
                                    {
                                        Expect::Forbidden
                                    } else {
                                        Expect::Allowed
                                    };
                                    check(e, &reply, &what);
                                }
                                Kind::CreateCiting(_) => unreachable!("only appeals are cited"),
                            }
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} requests checked");
}

/// Which resource a target is, and whether the caller's office relation matters.
fn resource_of(target: Target) -> (Resource, bool) {
    match target {
        Target::Measure => (Resource::ImpactMeasure, true),
        Target::Compensation => (Resource::Compensation, true),
        Target::Visit | Target::Recommendation => (Resource::Visit, true),
        Target::Facility => (Resource::Facility, true),
        Target::Snapshot => (Resource::Snapshot, true),
        Target::Global(r) => (r, false),
        Target::Appeal => (Resource::Appeal, true),
    }
}

/// Whether the table shows the caller the identity of the applicant of this appeal.
fn identity_shown(w: &World, role: Role, appeal: &str, relations: &[Relation]) -> bool {
    let protected = appeal == w.appeals.at_risk || appeal == w.appeals.confidential;
    let resource = if protected {
        Resource::ProtectedIdentity
    } else {
        Resource::Identity
    };
    best(role, resource, Action::Read, relations) == Decision::Allow
}

/// The applicant's identity is shown exactly when the table allows it.
fn check_identity(w: &World, role: Role, appeal: &str, relations: &[Relation], view: &Value, what: &str) {
    let shown = identity_shown(w, role, appeal, relations);
    let applicant = &view["applicant"];
    assert_eq!(applicant["identity_withheld"], json!(!shown), "{what}: {view}");
    assert_eq!(applicant.get("full_name").is_some(), shown, "{what}: {view}");
    assert_eq!(applicant.get("id").is_some(), shown, "{what}: {view}");
}

/// Writes that leave no audit row, and why. Everything else that writes must.
const UNAUDITED: &[(&str, &str)] = &[(
    "POST /auth/refresh",
    "exchanges a refresh token for a new pair: no record changes, and a reused token revokes its family",
)];

/// Writes whose example request has no JSON body.
const WITHOUT_BODY: &[&str] = &[
    "POST /appeals/{id}/attachments",
    "POST /visits/{id}/attachments",
    "DELETE /calendar/days/{day}",
    "POST /outbox/{id}/retry",
    "PUT /offices/{id}/deadline-policy",
];

/// Whether the policy lets `role` make this write at all (the relation is then the best one:
/// the caller's own office, assigned to the appeal).
fn role_may_write(role: Role, r: &Route) -> bool {
    let group: Vec<Resource> = match r.target {
        Target::Appeal => APPEALS.to_vec(),
        other => vec![resource_of(other).0],
    };
    match r.kind {
        Kind::Record(actions) => group.iter().any(|g| role_may(role, *g, actions[0])),
        Kind::Create(res) => role_may(role, res, Action::Create),
        Kind::CreateCiting(res) => {
            role_may(role, res, Action::Create) && APPEALS.iter().any(|a| role_may(role, *a, Action::Change))
        }
        Kind::List => false,
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The audit rows a request left.
fn audit_rows_of(w: &World, request_id: &str) -> i64 {
    use diesel::prelude::*;
    let mut conn = w.app.db.conn();
    diesel::sql_query("SELECT count(*) AS n FROM audit_events WHERE request_id = $1")
        .bind::<diesel::sql_types::Text, _>(request_id)
        .get_result::<Count>(&mut conn)
        .expect("audit count")
        .n
}

#[actix_web::test]
async fn every_write_of_the_document_leaves_an_audit_row_of_its_request() {
    let w = world().await;
    let (policy, writes) = policy_and_operations(&w, &["post", "put", "patch", "delete"]).await;
    let catalogue = catalogue();
    assert!(writes.len() > 30, "only {} writes documented", writes.len());
    let mut audited = 0;
    let public = public_writes(&w).await;
    for write in &writes {
        if UNAUDITED.iter().any(|(r, _)| r == write) {
            continue;
        }
        let reply = if let Some((_, reply)) = public.iter().find(|(w, _)| w == write) {
            assert!(reply.status.is_success(), "{write}: {} {}", reply.status, reply.text);
            let request_id = reply.header("x-request-id").expect("request id");
            assert!(
                audit_rows_of(&w, &request_id) >= 1,
                "{write} wrote no audit row for its request"
            );
            audited += 1;
            continue;
        } else if write == "POST /auth/login" {
            let email = w.app.user(Role::CaseOfficer, "SAM");
            w.app
                .call(
                    Method::POST,
                    "/api/v1/auth/login",
                    None,
                    Some(json!({"email": email, "password": ombudsman_e2e::PASSWORD})),
                )
                .await
        } else {
            let r = catalogue
                .iter()
                .find(|r| &format!("{} {}", r.method, r.path) == write)
                .unwrap_or_else(|| panic!("{write}: no example request in the catalogue"));
            let role = *Role::ALL
                .iter()
                .find(|role| role_may_write(**role, r))
                .unwrap_or_else(|| panic!("{write}: no role may make it"));
            let office = if role == Role::Admin { "HQ" } else { "SAM" };
            let (token, user) = w.caller(role, office);
            let appeal = w.appeals.ordinary.clone();
            assign_all(&w, Some(user));
            if !WITHOUT_BODY.contains(&write.as_str()) {
                assert!(
                    body_for(&w, r, &appeal, 0).is_some(),
                    "{write}: no example body in the catalogue"
                );
            }
            audited_request(&w, r, &appeal, token, &policy).await
        };
        assert!(reply.status.is_success(), "{write}: {} {}", reply.status, reply.text);
        let request_id = reply.header("x-request-id").expect("request id");
        assert!(
            audit_rows_of(&w, &request_id) >= 1,
            "{write} wrote no audit row for its request"
        );
        audited += 1;
    }
    assert!(audited > 30, "only {audited} writes checked");
}

/// The writes of a citizen without an account, made in turn as the public intake does them:
/// file an appeal, add a file to the draft, confirm it from the e-mail, answer the office and add
/// a file to the answer.
async fn public_writes(w: &World) -> Vec<(String, Reply)> {
    let app = &w.app;
    let body = json!({"full_name": "Dilnoza Karimova", "email": "public.writes@example.org", "language": "uz-Latn",
                      "region": "samarkand", "subject": "Pensiya", "consent": true});
    let filed = app.call(Method::POST, "/api/v1/public/appeals", None, Some(body)).await;
    let token = filed.body["upload_token"].as_str().unwrap_or_default().to_owned();
    let file = raw(
        app,
        Method::POST,
        &format!("/api/v1/public/drafts/files?upload_token={token}&filename=a.png"),
        "",
        PNG.to_vec(),
        "image/png",
    )
    .await;
    #[derive(diesel::QueryableByName)]
    struct Link {
        #[diesel(sql_type = diesel::sql_types::Text)]
        link: String,
    }
    let link: Link = {
        use diesel::prelude::*;
        diesel::sql_query(
            "SELECT payload->>'link' AS link FROM outbox WHERE kind = 'draft_confirmation' \
             AND recipient = 'public.writes@example.org'",
        )
        .get_result(&mut app.db.conn())
        .expect("the confirmation e-mail")
    };
    let secret = link.link.split("token=").nth(1).unwrap_or_default().to_owned();
    let confirmed = app
        .call(
            Method::POST,
            "/api/v1/public/confirmations",
            None,
            Some(json!({"token": secret})),
        )
        .await;
    let number = confirmed.body["number"].as_str().unwrap_or_default().to_owned();
    let code = confirmed.body["access_code"].as_str().unwrap_or_default().to_owned();
    let replied = app
        .call(
            Method::POST,
            &format!("/api/v1/public/appeals/{number}/replies"),
            None,
            Some(json!({"access_code": code, "text": "Here it is"})),
        )
        .await;
    let reply_id = replied.body["id"].as_str().unwrap_or_default().to_owned();
    let reply_file = raw(
        app,
        Method::POST,
        &format!("/api/v1/public/appeals/{number}/replies/{reply_id}/files?access_code={code}&filename=b.png"),
        "",
        PNG.to_vec(),
        "image/png",
    )
    .await;
    vec![
        ("POST /public/appeals".to_owned(), filed),
        ("POST /public/drafts/files".to_owned(), file),
        ("POST /public/confirmations".to_owned(), confirmed),
        ("POST /public/appeals/{number}/replies".to_owned(), replied),
        (
            "POST /public/appeals/{number}/replies/{reply_id}/files".to_owned(),
            reply_file,
        ),
    ]
}

/// A valid request for a write: the current version in `If-Match`, something to remove or
/// retry where the route needs it.
async fn audited_request(w: &World, r: &Route, appeal: &str, token: &str, policy: &Value) -> Reply {
    let path = fill(w, r.path, appeal);
    if r.path == "/outbox/{id}/retry" {
        w.app
            .sql(&format!(
                "UPDATE outbox SET status = 'dead' WHERE id = '{}'",
                w.outbox_id
            ))
            .expect("a dead message");
    }
    if r.method == Method::PATCH {
        let current = w.app.call(Method::GET, &path, Some(token), None).await;
        assert!(current.status.is_success(), "{path}: {}", current.text);
        let etag = current.header("etag").expect("etag");
        return w
            .app
            .call_with(
                Method::PATCH,
                &path,
                Some(token),
                body_for(w, r, appeal, 0),
                &[("if-match", &etag)],
            )
            .await;
    }
    if r.path == "/applicants/{id}/merges" {
        // A second record of the appeal's applicant, registered by the caller, merged into it.
        let second = w
            .app
            .call(
                Method::POST,
                "/api/v1/appeals",
                Some(token),
                Some(appeal_body(
                    "merge",
                    "second.record@example.org",
                    "letter",
                    false,
                    false,
                )),
            )
            .await;
        assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
        let from = second.body["applicant"]["id"].as_str().expect("an applicant");
        return w
            .app
            .call(
                Method::POST,
                &format!("/api/v1/applicants/{from}/merges"),
                Some(token),
                Some(json!({"into": World::of(&w.applicants, appeal), "reason": "One person, two records"})),
            )
            .await;
    }
    if r.method == Method::PUT && r.path == "/offices/{id}/deadline-policy" {
        return w.app.call(Method::PUT, &path, Some(token), Some(policy.clone())).await;
    }
    if r.path.ends_with("/transitions") {
        // `If-Match` is optional on moves; `send` gives a stale one.
        return w
            .app
            .call(r.method.clone(), &path, Some(token), body_for(w, r, appeal, 0))
            .await;
    }
    send(w, r, appeal, token, 0, policy).await
}
