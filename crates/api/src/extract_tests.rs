//! Unit tests of `extract.rs`.

use super::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Inner {
    email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Outer {
    name: String,
    inner: Inner,
    count: u32,
}

fn field_of(body: &str) -> (String, String) {
    match parse_json::<Outer>(body.as_bytes()) {
        Err(ApiError::Validation(errs)) => (errs[0].field.clone(), errs[0].code.to_owned()),
        other => panic!("unexpected {other:?}"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Params {
    status: Option<ombudsman_domain::appeal::Status>,
    limit: Option<i64>,
}

#[test]
fn query_errors_name_the_parameter() {
    let field = |q: &str| match parse_query::<Params>(q) {
        Err(ApiError::Validation(errs)) => errs[0].field.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(field("status=pending"), "status");
    assert_eq!(field("limit=ten"), "limit");
    assert_eq!(field("colour=red"), "colour");
    assert!(parse_query::<Params>("status=closed&limit=5").is_ok());
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Free {
    applicant: serde_json::Value,
    appeal_ids: Vec<String>,
    note: String,
}

fn fields_of<T: DeserializeOwned + std::fmt::Debug>(result: Result<T, ApiError>) -> Vec<(String, &'static str)> {
    match result {
        Err(ApiError::Validation(errs)) => errs.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn control_characters_are_named_wherever_they_are() {
    let body = r#"{"applicant":{"full_name":"A\u0000B","email":"a@b.uz"},
                   "appeal_ids":["x","y","z\u0007"],"note":"line\nbreak\ttab\r"}"#;
    assert_eq!(
        fields_of(parse_json::<Free>(body.as_bytes())),
        vec![
            ("appeal_ids[2]".to_owned(), "control_character"),
            ("applicant.full_name".to_owned(), "control_character"),
        ]
    );
    let ok = r#"{"applicant":{},"appeal_ids":[],"note":"line\nbreak\ttab\r"}"#;
    assert!(parse_json::<Free>(ok.as_bytes()).is_ok());
    let key = r#"{"applicant":{"a\u0000":1},"appeal_ids":[],"note":""}"#;
    assert_eq!(
        fields_of(parse_json::<Free>(key.as_bytes())),
        vec![("applicant.a\\0".to_owned(), "control_character")]
    );
    assert_eq!(
        fields_of(parse_query::<Params>("limit=5&status=%00&colour=%1b")),
        vec![
            ("status".to_owned(), "control_character"),
            ("colour".to_owned(), "control_character")
        ]
    );
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Dates {
    received_on: chrono::NaiveDate,
    note: Option<String>,
}

#[test]
fn dates_outside_the_window_are_refused_in_bodies_and_queries() {
    for date in [
        "-240131-01-01",
        "0001-01-01",
        "1899-12-31",
        "2101-01-01",
        "+200000-01-01",
    ] {
        let body = format!(r#"{{"received_on":"{date}"}}"#);
        assert_eq!(
            fields_of(parse_json::<Dates>(body.as_bytes())),
            vec![("received_on".to_owned(), "date_out_of_range")],
            "{date}"
        );
    }
    assert!(parse_json::<Dates>(br#"{"received_on":"2025-01-31","note":"HQ-2025-0001"}"#).is_ok());
    assert!(parse_json::<Dates>(br#"{"received_on":"1900-01-01"}"#).is_ok());
    assert_eq!(
        fields_of(parse_query::<Dates>("received_on=-240131-01-01")),
        vec![("received_on".to_owned(), "date_out_of_range")]
    );
}

#[test]
fn errors_name_the_wrong_field() {
    assert_eq!(
        field_of(r#"{"name":"a","inner":{"email":"x","extra":1},"count":1}"#),
        ("inner.extra".into(), "unknown_field".into())
    );
    assert_eq!(
        field_of(r#"{"name":"a","inner":{"email":"x"}}"#),
        ("count".into(), "required".into())
    );
    assert_eq!(
        field_of(r#"{"name":"a","inner":{"email":"x"},"count":"many"}"#),
        ("count".into(), "invalid".into())
    );
    assert!(matches!(
        parse_json::<Outer>(b"{not json"),
        Err(ApiError::BadRequest(_))
    ));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Appeal {
    channel: ombudsman_domain::appeal::Channel,
    region: ombudsman_domain::office::Region,
    applicant: Inner,
    count: u32,
    tags: Vec<u32>,
    note: Option<String>,
}

#[test]
fn every_wrong_field_is_named_at_once() {
    let body = r#"{"channel":"pigeon","region":"atlantis","applicant":{"email":7,"age":3},
                   "count":"many","tags":[1,"two",3],"colour":"red","note":5}"#;
    let mut got = fields_of(parse_json::<Appeal>(body.as_bytes()));
    got.sort();
    assert_eq!(
        got,
        vec![
            ("applicant.age".to_owned(), "unknown_field"),
            ("applicant.email".to_owned(), "invalid"),
            ("channel".to_owned(), "invalid"),
            ("colour".to_owned(), "unknown_field"),
            ("count".to_owned(), "invalid"),
            ("note".to_owned(), "invalid"),
            ("region".to_owned(), "invalid"),
            ("tags[1]".to_owned(), "invalid"),
        ]
    );
    // Missing fields are named beside wrong ones, inside and outside a nested object, and a
    // field that is present but wrong is not also called missing.
    let mut got = fields_of(parse_json::<Appeal>(
        br#"{"channel":"pigeon","applicant":{},"tags":[]}"#,
    ));
    got.sort();
    assert_eq!(
        got,
        vec![
            ("applicant.email".to_owned(), "required"),
            ("channel".to_owned(), "invalid"),
            ("count".to_owned(), "required"),
            ("region".to_owned(), "required"),
        ]
    );
    assert_eq!(
        fields_of(parse_json::<Appeal>(br#""just text""#)),
        vec![(String::new(), "invalid")]
    );
    let mut got = fields_of(parse_query::<Params>("status=pending&limit=ten&colour=red"));
    got.sort();
    assert_eq!(
        got,
        vec![
            ("colour".to_owned(), "invalid_parameter"),
            ("limit".to_owned(), "invalid_parameter"),
            ("status".to_owned(), "invalid_parameter"),
        ]
    );
}

#[test]
fn whole_numbers_are_integers_however_written() {
    let parsed = parse_json::<Outer>(br#"{"name":"a","inner":{"email":"x"},"count":3.0}"#);
    assert_eq!(parsed.map(|o| o.count).ok(), Some(3));
    let parsed = parse_json::<Outer>(br#"{"name":"a","inner":{"email":"x"},"count":1e2}"#);
    assert_eq!(parsed.map(|o| o.count).ok(), Some(100));
    assert_eq!(
        field_of(r#"{"name":"a","inner":{"email":"x"},"count":2.5}"#),
        ("count".into(), "invalid".into())
    );
    assert_eq!(
        field_of(r#"{"name":"a","inner":{"email":"x"},"count":-1.0}"#),
        ("count".into(), "invalid".into())
    );
}
