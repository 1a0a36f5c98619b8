//! Serving a report: the format and language a request asks for, the file name, the response.

use ombudsman_domain::language::Language;
use ombudsman_domain::report::Report;

use super::{csv_without, xlsx_without};

/// The representation a report is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json` (the default).
    Json,
    /// `text/csv`.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// The format of a report request: `?format=json|csv|xlsx` wins, else `Accept: text/csv` gives
/// CSV and the XLSX media type gives XLSX, else JSON.
pub fn negotiate(req: &actix_web::HttpRequest, format: Option<&str>) -> Result<Format, crate::error::ApiError> {
    match format.map(str::trim) {
        Some("json") => return Ok(Format::Json),
        Some("csv") => return Ok(Format::Csv),
        Some("xlsx") => return Ok(Format::Xlsx),
        Some(other) => {
            return Err(crate::error::ApiError::field(
                "format",
                "invalid_format",
                format!("'{other}' is not one of json, csv, xlsx"),
            ))
        }
        None => {}
    }
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    Ok(if accept.contains(XLSX_TYPE) {
        Format::Xlsx
    } else if accept.contains("text/csv") {
        Format::Csv
    } else {
        Format::Json
    })
}

/// The XLSX media type.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The language of the labels: the best of `Accept-Language` (`uz-Latn`, `uz-Cyrl`, `ru`, `en`),
/// else Uzbek (Latin script), the state language.
pub fn language(req: &actix_web::HttpRequest) -> Language {
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Language::negotiate)
        .unwrap_or(Language::UzLatn)
}

/// A file name for the report, e.g. `report-2025-H1-SAM`.
pub fn file_stem(report: &Report) -> String {
    let period = match &report.half_year {
        Some(h) => format!("{}-H{}", h.year(), h.half()),
        None => format!("{}_{}", report.period.from(), report.period.to()),
    };
    match &report.scope.office_code {
        Some(code) => format!("report-{period}-{code}"),
        None => format!("report-{period}"),
    }
}

/// The report in the asked format, as an HTTP response (never cached: figures change); the
/// exports leave out the figures named in `absent` (those a published report predates).
pub fn respond(
    report: &Report,
    absent: &[&str],
    format: Format,
    lang: Language,
    stem: &str,
) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    use actix_web::http::header;
    let internal = |e: String| crate::error::ApiError::Internal(e);
    let (body, content_type, ext) = match format {
        Format::Json => {
            return Ok(actix_web::HttpResponse::Ok()
                .insert_header((header::CACHE_CONTROL, "private, no-store"))
                .json(report))
        }
        Format::Csv => (
            csv_without(report, absent, lang).map_err(|e| internal(e.to_string()))?,
            "text/csv; charset=utf-8",
            "csv",
        ),
        Format::Xlsx => (
            xlsx_without(report, absent, lang).map_err(|e| internal(e.to_string()))?,
            XLSX_TYPE,
            "xlsx",
        ),
    };
    Ok(actix_web::HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_LANGUAGE, lang.as_str()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.{ext}\""),
        ))
        .content_type(content_type)
        .body(body))
}
