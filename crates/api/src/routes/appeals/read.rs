//! Finding appeals: the filtered list with full-text search, one appeal, its deadline, and an
//! applicant's history.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::PgConnection;
use ombudsman_db::appeals::{self, Appeal, Cursor, DueWindow, Filter, Order};
use ombudsman_db::applicants::{self, Applicant};
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel, Status};
use ombudsman_domain::deadline::Explanation;
use ombudsman_domain::ids::{AppealId, ApplicantId, UserId};
use ombudsman_domain::office::Region;
use ombudsman_domain::search::query_terms;
use serde::{Deserialize, Serialize};

use ombudsman_domain::access::Action;

use super::deadline::explain_appeal;
use super::views::{AppealView, ApplicantView, Disclosure};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::{self, Page};
use crate::state::{today, AppState};

/// Filters of the appeal list; all combine.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AppealQuery {
    /// Status.
    pub status: Option<Status>,
    /// Region.
    pub region: Option<Region>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Rights category.
    pub category: Option<Category>,
    /// Applicant kind.
    pub applicant_kind: Option<ApplicantKind>,
    /// Assigned officer.
    pub assigned_to: Option<UserId>,
    /// `true`: open appeals past their due date.
    pub overdue: Option<bool>,
    /// Open appeals due within this many calendar days from today (0: due today), the overdue
    /// ones included; a paused appeal is never overdue, so one past its due date is left out.
    #[param(minimum = 0, maximum = 366)]
    pub due_within: Option<i64>,
    /// Received on or after (YYYY-MM-DD).
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
    /// What to find: words of the subject, the description or the applicant's name, in either
    /// script (Latin or Cyrillic); or part of the registration number, the applicant's phone (five
    /// or more digits, any formatting) or their e-mail. A person whose identity an appeal
    /// protects (confidential, reprisal risk) is found by number or subject only.
    /// With `q` and no `sort`, the best matches come first: the whole number, the beginning of
    /// the number, the applicant's whole phone or e-mail, their name, part of the number or
    /// phone, then the subject and description; each group newest received first.
    pub q: Option<String>,
    /// `received_on` (newest received first; the default without `q`) or `due_on` (earliest
    /// due first, the worklist). A `cursor` continues the order it was issued for.
    #[param(inline)]
    pub sort: Option<AppealSort>,
    /// Page size (1-200, default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The orders of the appeal list a client may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppealSort {
    /// Newest received first.
    ReceivedOn,
    /// Earliest due first, then by id.
    DueOn,
}

/// The longest `due_within`, in days.
const MAX_DUE_WITHIN: i64 = 366;

/// The order of the list: the one asked for; else by match quality when searching; else
/// newest received first.
fn order(sort: Option<AppealSort>, searching: bool) -> Order {
    match (sort, searching) {
        (Some(AppealSort::ReceivedOn), _) => Order::Received,
        (Some(AppealSort::DueOn), _) => Order::Due,
        (None, true) => Order::Relevance,
        (None, false) => Order::Received,
    }
}

/// The window of `?due_within=`: from today to `days` calendar days later.
fn due_window(days: Option<i64>, today: NaiveDate) -> Result<Option<DueWindow>, ApiError> {
    let Some(days) = days else { return Ok(None) };
    let last = u64::try_from(days)
        .ok()
        .filter(|d| *d <= MAX_DUE_WITHIN as u64)
        .and_then(|d| today.checked_add_days(chrono::Days::new(d)))
        .ok_or_else(|| ApiError::field("due_within", "out_of_range", "must be between 0 and 366"))?;
    Ok(Some(DueWindow { today, last }))
}

/// Attaches applicants to appeals with one query.
pub fn with_applicants(
    conn: &mut PgConnection,
    rows: Vec<Appeal>,
) -> Result<Vec<(Appeal, Option<Applicant>)>, ApiError> {
    let ids: Vec<ApplicantId> = rows.iter().filter_map(|a| a.applicant_id).collect();
    let found = applicants::find_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let applicant = a.applicant_id.and_then(|id| found.iter().find(|x| x.id == id).cloned());
            (a, applicant)
        })
        .collect())
}

/// Lists the appeals the caller may see: newest received first, earliest due first
/// (`sort=due_on`), or best match first when searching.
#[utoipa::path(tag = "appeals", params(AppealQuery), security(("bearer" = [])), responses(
    (status = 200, body = Page<AppealView>), (status = 400, body = crate::error::Problem)))]
#[get("/appeals")]
pub async fn list(
    state: web::Data<AppState>,
    principal: Principal,
    query: crate::extract::Query<AppealQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = principal.caller().appeal_scope(Action::Read)?;
    let q = query.into_inner();
    let (limit, after) = crate::http::page::<Cursor>(q.limit, q.cursor.clone())?;
    if let (Some(from), Some(to)) = (q.received_from, q.received_to) {
        if from > to {
            return Err(ApiError::field(
                "received_from",
                "invalid_range",
                "must not be after received_to",
            ));
        }
    }
    let today = today();
    let due_within = due_window(q.due_within, today)?;
    let terms = q.q.as_deref().map(query_terms).unwrap_or_default();
    if q.q.as_deref().is_some_and(|s| !s.trim().is_empty()) && terms.is_empty() {
        return Err(ApiError::field(
            "q",
            "too_short",
            "search words need at least 2 letters",
        ));
    }
    let filter = Filter {
        status: q.status,
        region: q.region,
        channel: q.channel,
        category: q.category,
        applicant_kind: q.applicant_kind,
        applicant_id: None,
        assigned_to: q.assigned_to,
        overdue_as_of: q.overdue.filter(|o| *o).map(|_| today),
        received_from: q.received_from,
        received_to: q.received_to,
        terms,
        raw_query: q.q.clone(),
        due_within,
    };
    let order = order(q.sort, !filter.terms.is_empty());
    let p = principal.clone();
    let (rows, disclosure) = state
        .db(move |conn| {
            let (rows, cursors): (Vec<Appeal>, Vec<Cursor>) =
                appeals::page(conn, &scope, &filter, order, after, limit + 1)?
                    .into_iter()
                    .unzip();
            let shown: Vec<&Appeal> = rows.iter().take(limit as usize).collect();
            let disclosure = Disclosure::of(conn, &p, &shown)?;
            let rows = with_applicants(conn, rows)?;
            Ok((rows.into_iter().zip(cursors).collect::<Vec<_>>(), disclosure))
        })
        .await?;
    let page = Page::from_rows(
        rows,
        limit,
        |(_, cursor)| *cursor,
        |((a, ap), _)| AppealView::new(a, ap, &disclosure, &principal, today),
    );
    Ok(HttpResponse::Ok().json(page))
}

/// The measures issued for these appeals that the caller may see (others are left out, as if
/// they did not exist), in one query: appeal by appeal in the order given, each measure once
/// (where it first appears).
fn measures_of(
    conn: &mut PgConnection,
    p: &Principal,
    appeals_: &[AppealId],
) -> Result<Vec<ombudsman_db::impact::MeasureSummary>, ApiError> {
    let scope = match p
        .caller()
        .measure_scope(ombudsman_domain::access::Resource::ImpactMeasure, Action::Read)
    {
        Ok(scope) => scope,
        Err(_) => return Ok(vec![]),
    };
    let mut by_appeal = ombudsman_db::impact::for_appeals_in(conn, appeals_, &scope)?;
    let mut seen = std::collections::HashSet::new();
    Ok(appeals_
        .iter()
        .flat_map(|a| by_appeal.remove(a).unwrap_or_default())
        .filter(|m| seen.insert(m.id))
        .collect())
}

/// One appeal.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, body = AppealView), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let p = principal.clone();
    let (appeal, applicant, disclosure, detail) = state
        .db(move |conn| {
            let found = p.caller().appeal_detailed(conn, id)?;
            let disclosure = Disclosure::of_detailed(conn, &p, &found)?;
            Ok((found.appeal, found.applicant, disclosure, found.detail))
        })
        .await?;
    let mut seen = std::collections::HashSet::new();
    let measures: Vec<_> = detail.measures.into_iter().filter(|m| seen.insert(m.id)).collect();
    let (totals, bodies) = (detail.totals, detail.bodies);
    let version = appeal.version;
    let mut view = AppealView::new(appeal, applicant, &disclosure, &principal, today());
    view.impact_measures = Some(measures);
    view.compensation_total_minor = Some(totals);
    let lang = crate::routes::state_bodies::language(&req);
    view.respondent_state_bodies = Some(
        view.respondent_body_ids
            .iter()
            .filter_map(|id| bodies.iter().find(|b| b.id == *id))
            .map(|b| crate::routes::state_bodies::StateBodyRef::new(b, lang))
            .collect(),
    );
    Ok(http::with_etag(StatusCode::OK, version, &view))
}

/// How the due date of an appeal was computed: the rule, the start, the days skipped.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, description = "The deadline explanation"), (status = 404, body = crate::error::Problem)))]
#[get("/appeals/{id}/deadline")]
pub async fn deadline(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<AppealId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    let id = id.into_inner();
    let explanation: Explanation = state
        .db(move |conn| {
            let appeal = caller.appeal(conn, Action::Read, id)?;
            Ok(explain_appeal(conn, &appeal, today())?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(explanation))
}

/// An applicant and the appeals of theirs the caller may see.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApplicantHistory {
    /// The applicant.
    pub applicant: ApplicantView,
    /// Their appeals, newest first.
    pub appeals: Vec<AppealView>,
    /// Impact measures issued for their appeals.
    #[schema(value_type = Vec<Object>)]
    pub impact_measures: Vec<ombudsman_db::impact::MeasureSummary>,
    /// Compensation recovered for them per currency, in minor units.
    pub compensation_total_minor: std::collections::BTreeMap<String, i128>,
    /// A stored applicant with the same e-mail and another name, who may be the same person
    /// (given only when the caller may see that applicant too).
    pub possible_duplicate_of: Option<ApplicantId>,
    /// The contact details they gave with later appeals, when those differed from the record,
    /// oldest first.
    #[schema(value_type = Vec<Object>)]
    pub contact_history: Vec<ombudsman_db::applicants::Contact>,
    /// The merges of applicant records this one took part in (`POST
    /// /applicants/{id}/merges`), oldest first.
    #[schema(value_type = Vec<Object>)]
    pub merges: Vec<ombudsman_db::applicant_merges::Merge>,
}

/// An applicant's history: the appeals of theirs the caller may see, the measures issued for
/// those and the compensation recovered through them. 404 unless the caller may see at least
/// one of their appeals and their identity.
#[utoipa::path(tag = "appeals", security(("bearer" = [])), responses(
    (status = 200, body = ApplicantHistory), (status = 404, body = crate::error::Problem)))]
#[get("/applicants/{id}")]
pub async fn applicant_history(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<ApplicantId>,
) -> Result<HttpResponse, ApiError> {
    let caller = principal.caller();
    let scope = caller.appeal_scope(Action::Read)?;
    let id = id.into_inner();
    let p = principal.clone();
    let (applicant, rows, disclosure, measures, totals) = state
        .db(move |conn| {
            let applicant = applicants::find(conn, id)?;
            let filter = Filter {
                applicant_id: Some(id),
                ..Filter::default()
            };
            let rows = appeals::list(conn, &scope, &filter, 200)?;
            let refs: Vec<&Appeal> = rows.iter().collect();
            let disclosure = Disclosure::of(conn, &p, &refs)?;
            if rows.is_empty() || !disclosure.identities.shown(id) {
                return Err(ApiError::Hidden(Box::new(caller.log_entry(
                    ombudsman_db::access_log::AccessKind::Denied,
                    "applicant",
                    id.0,
                ))));
            }
            // Only the measures and money of appeals the caller may see.
            let ids: Vec<AppealId> = rows.iter().map(|a| a.id).collect();
            let measures = measures_of(conn, &p, &ids)?;
            let totals = ombudsman_db::impact::totals_for_applicant_in(conn, id, &ids)?;
            let person = ombudsman_app::applicants::person_record(conn, &p, &applicant)?;
            Ok((applicant, rows, disclosure, measures, (totals, person)))
        })
        .await?;
    let (totals, person) = totals;
    let today = today();
    let appeals = rows
        .into_iter()
        .map(|a| AppealView::new(a, None, &disclosure, &principal, today))
        .collect();
    Ok(HttpResponse::Ok().json(ApplicantHistory {
        applicant: ApplicantView::new(applicant, true),
        appeals,
        impact_measures: measures,
        compensation_total_minor: totals,
        possible_duplicate_of: person.possible_duplicate_of,
        contact_history: person.contact_history,
        merges: person.merges,
    }))
}
