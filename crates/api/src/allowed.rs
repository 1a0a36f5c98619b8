//! The methods each known path answers, so that a request with another method on a known path is
//! told 405 Method Not Allowed with an `Allow` header (RFC 9110, 15.5.6) rather than 404.
//!
//! The API's paths and methods are read from the OpenAPI document, which is generated from the same
//! handlers that are routed, so a new handler is covered without anyone listing it here.

use std::sync::OnceLock;

use actix_web::dev::ResourceDef;
use utoipa::OpenApi;

use crate::openapi::ApiDoc;

/// The prefix of every path of the document.
const API_BASE: &str = "/api/v1";

/// Paths served outside the document, each answering `GET` only.
const FIXED_GET: &[&str] = &["/healthz", "/readyz", "/metrics", "/api/openapi.json", "/docs"];

/// A path template with the methods routed on it, upper-case.
struct KnownPath {
    template: ResourceDef,
    methods: Vec<&'static str>,
}

fn known_paths() -> &'static [KnownPath] {
    static PATHS: OnceLock<Vec<KnownPath>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let doc = ApiDoc::openapi();
        let mut paths: Vec<KnownPath> = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let routed = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                KnownPath {
                    template: ResourceDef::new(format!("{API_BASE}{path}")),
                    methods: routed.into_iter().filter(|(_, on)| *on).map(|(m, _)| m).collect(),
                }
            })
            .collect();
        paths.extend(FIXED_GET.iter().map(|path| KnownPath {
            template: ResourceDef::new(*path),
            methods: vec!["GET"],
        }));
        paths
    })
}

/// The methods routed on `path`, or `None` when no route has that path. A path the document has
/// literally (`/users/me`) has its own methods only, though a template (`/users/{id}`) matches it
/// too; otherwise the methods of every matching template are merged.
pub fn methods_for(path: &str) -> Option<Vec<&'static str>> {
    if let Some(methods) = methods_of_literal(path) {
        return Some(methods);
    }
    let mut methods: Vec<&'static str> = Vec::new();
    let mut known = false;
    for candidate in known_paths().iter().filter(|p| p.template.is_match(path)) {
        known = true;
        for method in &candidate.methods {
            if !methods.contains(method) {
                methods.push(method);
            }
        }
    }
    known.then_some(methods)
}

/// The methods of a path that is literally one of the document's (no `{parameter}` in it), such
/// as `/api/v1/users/me`: a route with a parameter in the same place (`/users/{id}`) catches the
/// other methods, and then the parameter cannot be parsed; the answer is 405 all the same.
pub fn methods_of_literal(path: &str) -> Option<Vec<&'static str>> {
    known_paths()
        .iter()
        .find(|p| !p.template.is_prefix() && p.template.pattern() == Some(path))
        .map(|p| p.methods.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_path_lists_its_methods() {
        assert_eq!(methods_for("/api/v1/appeals"), Some(vec!["GET", "POST"]));
        assert_eq!(
            methods_for("/api/v1/appeals/0190f8a6-0000-7000-8000-000000000000"),
            Some(vec!["GET", "PATCH"])
        );
        assert_eq!(methods_for("/healthz"), Some(vec!["GET"]));
    }

    #[test]
    fn a_literal_path_is_told_from_a_template() {
        assert_eq!(methods_of_literal("/api/v1/users/me"), Some(vec!["GET"]));
        assert_eq!(methods_for("/api/v1/users/me"), Some(vec!["GET"]));
        assert_eq!(methods_of_literal("/api/v1/users/x"), None);
    }

    #[test]
    fn an_unknown_path_is_not_known() {
        assert_eq!(methods_for("/api/v1/nothing-here"), None);
        assert_eq!(methods_for("/api/v2/appeals"), None);
    }
}
