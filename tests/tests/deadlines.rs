//! Deadlines that stay true: pausing the clock keeps the due date, resuming moves it by exactly
//! the paused working days (weekends and the calendar's holidays do not count), and every place
//! that shows the date (the appeal, the list, `?overdue=true`, the report, the citizen's status
//! lookup, `/deadline`) shows the same one.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use ombudsman_domain::user::Role;
use ombudsman_e2e::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn today() -> NaiveDate {
    ombudsman_domain::office::tashkent_date(chrono::Utc::now())
}

fn back(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(days)).unwrap()
}

fn date(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

/// The special days of the calendar (holidays and working weekend days), read through the API.
struct WorkWeek {
    special: BTreeMap<NaiveDate, String>,
}

impl WorkWeek {
    async fn load(app: &TestApp, token: &str, years: &[i32]) -> Self {
        let mut special = BTreeMap::new();
        for year in years {
            let r = app
                .call(
                    Method::GET,
                    &format!("/api/v1/calendar/days?year={year}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            for d in r.body["items"].as_array().unwrap() {
                special.insert(date(&d["day"]), d["kind"].as_str().unwrap().to_owned());
            }
        }
        Self { special }
    }

    fn is_working(&self, d: NaiveDate) -> bool {
        match self.special.get(&d).map(String::as_str) {
            Some("holiday") => false,
            Some(_) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// Working days in `[from, to)`.
    fn between(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        from.iter_days()
            .take_while(|d| *d < to)
            .filter(|d| self.is_working(*d))
            .count() as u64
    }

    /// The `n`th working day after `d`.
    fn advance(&self, mut d: NaiveDate, n: u64) -> NaiveDate {
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap();
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }
}

struct Case {
    id: String,
    number: String,
    access_code: String,
}

async fn register(app: &TestApp, officer: &str, received_on: NaiveDate) -> Case {
    let r = app
        .call(
            Method::POST,
            "/api/v1/appeals",
            Some(officer),
            Some(json!({
                "received_on": received_on, "channel": "letter", "anonymous": true, "region": "navoi",
                "subject": "Pension", "categories": ["social_security"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    Case {
        id: r.body["id"].as_str().unwrap().to_owned(),
        number: r.body["number"].as_str().unwrap().to_owned(),
        access_code: r.body["access_code"].as_str().unwrap().to_owned(),
    }
}

async fn moved(app: &TestApp, officer: &str, case: &Case, action: &str) -> Value {
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/appeals/{}/transitions", case.id),
            Some(officer),
            Some(json!({"action": action})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.text);
    r.body
}

/// Moves the start of the open pause back to `from`, as if the office had paused then.
fn paused_since(app: &TestApp, case: &Case, from: NaiveDate) {
    app.sql(&format!(
        "UPDATE appeal_pauses SET paused_on = '{from}' WHERE appeal_id = '{id}' AND resumed_on IS NULL;
         UPDATE appeals SET paused_since = '{from}' WHERE id = '{id}'",
        id = case.id
    ))
    .unwrap();
}

/// The due date as every reader shows it; they must agree. Returns it with the `/deadline`
/// explanation.
async fn due_everywhere(app: &TestApp, officer: &str, manager: &str, case: &Case) -> (NaiveDate, Value) {
    let view = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{}", case.id),
            Some(officer),
            None,
        )
        .await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.text);
    let due = date(&view.body["due_on"]);

    let deadline = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{}/deadline", case.id),
            Some(officer),
            None,
        )
        .await;
    assert_eq!(deadline.status, StatusCode::OK, "{}", deadline.text);
    assert_eq!(date(&deadline.body["due_on"]), due, "/deadline: {}", deadline.text);
    assert_eq!(deadline.body["paused"], view.body["paused"], "{}", deadline.text);

    let list = app.call(Method::GET, "/api/v1/appeals", Some(officer), None).await;
    let item = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == case.id.as_str())
        .cloned()
        .expect("the appeal is listed");
    assert_eq!(date(&item["due_on"]), due, "list: {item}");

    let overdue = view.body["paused"] == false && due < today();
    assert_eq!(view.body["overdue"], overdue, "{}", view.text);
    assert_eq!(item["overdue"], overdue, "{item}");
    let filtered = app
        .call(Method::GET, "/api/v1/appeals?overdue=true", Some(officer), None)
        .await;
    let listed = filtered.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == case.id.as_str());
    assert_eq!(listed, overdue, "?overdue=true: {}", filtered.text);

    let received = date(&view.body["received_on"]);
    let half = if received.month() <= 6 { 1 } else { 2 };
    let report = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/half-year?year={}&half={half}", received.year()),
            Some(manager),
            None,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(
        report.body["appeals"]["overdue_open"],
        u64::from(overdue),
        "report: {}",
        report.body["appeals"]
    );

    let public = app
        .call(
            Method::GET,
            &format!(
                "/api/v1/public/appeals/{}?access_code={}",
                case.number, case.access_code
            ),
            None,
            None,
        )
        .await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert_eq!(date(&public.body["due_on"]), due, "status lookup: {}", public.text);
    (due, deadline.body)
}

#[actix_web::test]
async fn pausing_keeps_the_date_and_resuming_moves_it_by_the_paused_working_days() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let admin = app.token(Role::Admin, "HQ").await;
    let today = today();
    let received = back(today, 40);

    // A holiday on a weekday inside the first pause: it must not count.
    let before = WorkWeek::load(&app, &admin, &[back(today, 60).year(), today.year()]).await;
    let holiday = back(today, 21)
        .iter_days()
        .take(10)
        .find(|d| before.is_working(*d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .unwrap();
    let put = app
        .call(
            Method::PUT,
            &format!("/api/v1/calendar/days/{holiday}"),
            Some(&admin),
            Some(json!({"kind": "holiday", "name": "A day off by decree"})),
        )
        .await;
    assert!(put.status.is_success(), "{}", put.text);
    let week = WorkWeek::load(&app, &admin, &[back(today, 60).year(), today.year()]).await;
    assert!(!week.is_working(holiday));

    let case = register(&app, &officer, received).await;
    let (registered_due, _) = due_everywhere(&app, &officer, &manager, &case).await;

    // Paused: the date stays, the appeal is not overdue, every reader says so.
    moved(&app, &officer, &case, "pause").await;
    paused_since(&app, &case, back(today, 21));
    let (due, deadline) = due_everywhere(&app, &officer, &manager, &case).await;
    assert_eq!(due, registered_due);
    assert_eq!(deadline["paused"], true, "{deadline}");

    // Resumed today: moved by the working days of [today - 21, today).
    let resumed = moved(&app, &officer, &case, "resume").await;
    let first = week.between(back(today, 21), today);
    assert!(
        (10..21).contains(&first),
        "weekends and the holiday do not count: {first}"
    );
    let expected = week.advance(registered_due, first);
    assert_eq!(date(&resumed["due_on"]), expected, "{resumed}");
    let (due, deadline) = due_everywhere(&app, &officer, &manager, &case).await;
    assert_eq!(due, expected);
    assert_eq!(deadline["paused"], false);
    assert_eq!(deadline["paused_working_days"], first);
    assert_eq!(deadline["pauses"].as_array().map(Vec::len), Some(1), "{deadline}");

    // Say that pause had ended a week earlier (pausing again recomputes the date from the
    // closed pauses), and pause again a week ago: both intervals count, each by its working
    // days.
    app.sql(&format!(
        "UPDATE appeal_pauses SET resumed_on = '{}' WHERE appeal_id = '{}'",
        back(today, 14),
        case.id
    ))
    .unwrap();
    moved(&app, &officer, &case, "pause").await;
    paused_since(&app, &case, back(today, 7));
    let (due, deadline) = due_everywhere(&app, &officer, &manager, &case).await;
    let first = week.between(back(today, 21), back(today, 14));
    assert_eq!(
        due,
        week.advance(registered_due, first),
        "the open pause moves nothing yet"
    );
    assert_eq!(deadline["paused"], true);
    moved(&app, &officer, &case, "resume").await;
    let both = first + week.between(back(today, 7), today);
    let (due, deadline) = due_everywhere(&app, &officer, &manager, &case).await;
    assert_eq!(due, week.advance(registered_due, both), "{deadline}");
    assert_eq!(deadline["paused_working_days"], both);
    assert_eq!(deadline["pauses"].as_array().map(Vec::len), Some(2), "{deadline}");

    // The timeline says by how much.
    let events = app
        .call(
            Method::GET,
            &format!("/api/v1/appeals/{}/events", case.id),
            Some(&officer),
            None,
        )
        .await;
    let resumes: Vec<&Value> = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "resumed")
        .collect();
    assert_eq!(resumes.len(), 2, "{}", events.text);
}

#[actix_web::test]
async fn a_pause_on_the_first_day_counts_from_the_next_day() {
    let app = TestApp::spawn().await;
    let officer = app.token(Role::CaseOfficer, "HQ").await;
    let manager = app.token(Role::Manager, "HQ").await;
    let today = today();
    let week = WorkWeek::load(&app, &officer, &[back(today, 30).year(), today.year()]).await;

    // Paused on the day it came in, resumed the same day: nothing moves.
    let fresh = register(&app, &officer, today).await;
    let (due, _) = due_everywhere(&app, &officer, &manager, &fresh).await;
    moved(&app, &officer, &fresh, "pause").await;
    let resumed = moved(&app, &officer, &fresh, "resume").await;
    assert_eq!(date(&resumed["due_on"]), due);
    due_everywhere(&app, &officer, &manager, &fresh).await;

    // Paused on the day it came in, ten days ago: the day of receipt is not counted anyway, so
    // the date moves by the working days from the next day up to today.
    let received = back(today, 10);
    let case = register(&app, &officer, received).await;
    let (registered_due, _) = due_everywhere(&app, &officer, &manager, &case).await;
    moved(&app, &officer, &case, "pause").await;
    paused_since(&app, &case, received);
    moved(&app, &officer, &case, "resume").await;
    let paused = week.between(received.succ_opt().unwrap(), today);
    let (due, deadline) = due_everywhere(&app, &officer, &manager, &case).await;
    assert_eq!(due, week.advance(registered_due, paused), "{deadline}");
    assert_eq!(deadline["paused_working_days"], paused);
}
