//! Unit tests of `contract.rs`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use utoipa::OpenApi;

use super::*;

fn document() -> Value {
    serde_json::to_value(crate::openapi::ApiDoc::openapi()).expect("serialize the document")
}

/// Every (method, path, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if op.get("responses").is_some() {
                found.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    found
}

#[test]
fn operation_ids_follow_the_method_and_path() {
    assert_eq!(operation_id("get", "/appeals"), "get_appeals");
    assert_eq!(
        operation_id("post", "/appeals/{id}/requests/{request_id}/answer"),
        "post_appeals_by_id_requests_by_request_id_answer"
    );
    assert_eq!(
        operation_id("put", "/offices/{id}/deadline-policy"),
        "put_offices_by_id_deadline_policy"
    );
}

#[test]
fn path_parameters_are_read_from_the_template() {
    assert_eq!(
        path_parameters("/appeals/{id}/requests/{request_id}/answer"),
        ["id", "request_id"]
    );
    assert!(path_parameters("/appeals").is_empty());
}

#[test]
fn every_operation_has_its_own_operation_id() {
    let doc = document();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_default().to_owned();
        assert!(!id.is_empty(), "{method} {path} has no operationId");
        if let Some(other) = seen.insert(id.clone(), format!("{method} {path}")) {
            panic!("operationId {id} is used by {other} and {method} {path}");
        }
    }
}

#[test]
fn every_path_parameter_is_declared_as_required() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let declared: BTreeSet<&str> = op["parameters"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|p| p["in"] == "path")
            .inspect(|p| assert_eq!(p["required"], true, "{method} {path}: {} is not required", p["name"]))
            .filter_map(|p| p["name"].as_str())
            .collect();
        let expected: BTreeSet<&str> = path_parameters(&path).into_iter().collect();
        assert_eq!(
            declared, expected,
            "{method} {path} declares other path parameters than its template"
        );
    }
}

#[test]
fn every_error_answer_is_a_problem_document() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().expect("responses") {
            if !is_error(status) {
                continue;
            }
            let content = response["content"].as_object().expect("error content");
            let types: Vec<&String> = content.keys().collect();
            assert_eq!(types, [PROBLEM_JSON], "{method} {path} {status}");
            assert_eq!(
                content[PROBLEM_JSON]["schema"]["$ref"], "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
    }
}

#[test]
fn the_errors_each_operation_can_answer_are_documented() {
    let doc = document();
    for (method, path, op) in operations(&doc) {
        let has = |status: &str| op["responses"].get(status).is_some();
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        assert!(has("503") && has("500"), "{method} {path}: 500 and 503");
        if secured {
            assert!(has("401") && has("403"), "{method} {path}: 401 and 403");
        }
        if path.contains('{') {
            assert!(has("404"), "{method} {path}: 404");
        }
        if op.get("requestBody").is_some() {
            assert!(
                has("400") && has("413") && has("415"),
                "{method} {path}: 400, 413 and 415"
            );
        }
        if method == "patch" {
            assert!(has("412") && has("428"), "{method} {path}: 412 and 428");
        }
    }
}

#[test]
fn page_sizes_are_bounded_in_the_schema() {
    let doc = document();
    let mut lists = 0;
    for (method, path, op) in operations(&doc) {
        for p in op["parameters"].as_array().map(Vec::as_slice).unwrap_or_default() {
            if p["name"] == "limit" && p["in"] == "query" {
                assert_eq!(
                    (&p["schema"]["minimum"], &p["schema"]["maximum"]),
                    (&1.into(), &200.into()),
                    "{method} {path}"
                );
                lists += 1;
            }
        }
    }
    assert!(lists > 10, "only {lists} lists with ?limit=");
}

#[test]
fn the_appeal_list_states_its_orders_and_its_window_of_days() {
    let doc = document();
    let params = doc["paths"]["/appeals"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    let param = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name && p["in"] == "query")
            .unwrap_or_else(|| panic!("no ?{name}="))
            .clone()
    };
    let sort = param("sort");
    // Optional, like every enum of a query: `oneOf` null and the enum.
    let orders: Vec<&str> = std::iter::once(&sort["schema"])
        .chain(sort["schema"]["oneOf"].as_array().into_iter().flatten())
        .find_map(|s| s["enum"].as_array())
        .unwrap_or_else(|| panic!("sort has no enum: {sort}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(orders, ["received_on", "due_on"], "{sort}");
    let days = param("due_within");
    assert_eq!(
        (&days["schema"]["minimum"], &days["schema"]["maximum"]),
        (&0.into(), &366.into()),
        "{days}"
    );
}

#[test]
fn every_schema_reference_resolves() {
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    found.push(r);
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let doc = document();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    for r in found {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected $ref {r}"));
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{r} is referenced but not defined"
        );
    }
}

#[test]
fn the_operations_named_here_exist() {
    let doc = document();
    for (method, path) in IDEMPOTENT
        .iter()
        .chain(OPTIONAL_IF_MATCH)
        .chain(RATE_LIMITED)
        .chain(UPLOADS)
    {
        assert!(doc["paths"][path].get(method).is_some(), "no operation {method} {path}");
    }
}
