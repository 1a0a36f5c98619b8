//! `ombudsman facilities import FILE`: loads the facility registry from a CSV file with the
//! header `name,kind,region,operating_authority,capacity,active`.
//!
//! Every row is checked first; if any is wrong, a report naming each wrong line (the header is
//! line 1) goes to standard error and nothing is imported. Otherwise all rows are written in one
//! transaction: a row whose name and region match a stored facility updates it, so importing the
//! same file again is safe.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use diesel::{Connection, PgConnection};
use ombudsman_db::audit::Actor;
use ombudsman_db::facilities::{ImportOutcome, ImportRow};
use ombudsman_domain::facility::{self, ImportedFacility};
use ombudsman_domain::office::Region;
use ombudsman_domain::DomainError;

use crate::config::Settings;

#[derive(Subcommand)]
pub enum FacilitiesCommand {
    /// Import facilities from a CSV file (header: name,kind,region,operating_authority,capacity,active);
    /// all or nothing, and safe to repeat.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

const REQUIRED: [&str; 4] = ["name", "kind", "region", "operating_authority"];
const OPTIONAL: [&str; 2] = ["capacity", "active"];

/// Where each known column is in the header.
struct Columns(HashMap<&'static str, usize>);

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Result<Self, Vec<String>> {
        let mut found = HashMap::new();
        let mut problems = Vec::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}');
            match REQUIRED.iter().chain(OPTIONAL.iter()).find(|c| **c == name) {
                Some(column) if found.contains_key(column) => {
                    problems.push(format!("line 1: column '{name}' appears twice"));
                }
                Some(column) => {
                    found.insert(*column, i);
                }
                None => problems.push(format!(
                    "line 1: unknown column '{name}' (expected name,kind,region,operating_authority,capacity,active)"
                )),
            }
        }
        for column in REQUIRED {
            if !found.contains_key(column) {
                problems.push(format!("line 1: missing column '{column}'"));
            }
        }
        if problems.is_empty() {
            Ok(Self(found))
        } else {
            Err(problems)
        }
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.0.get(column).and_then(|&i| record.get(i)).unwrap_or("")
    }
}

fn describe(line: u64, err: DomainError) -> Vec<String> {
    match err {
        DomainError::Validation(errors) => errors
            .into_iter()
            .map(|e| format!("line {line}: {}: {}", e.field, e.message))
            .collect(),
        other => vec![format!("line {line}: {other}")],
    }
}

/// Reads and checks the whole file: the valid rows, or every problem found.
fn read(path: &Path) -> anyhow::Result<Result<Vec<ImportRow>, Vec<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("cannot read the header of {}", path.display()))?
        .clone();
    let columns = match Columns::from_header(&header) {
        Ok(columns) => columns,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    // (name, region) -> the line that has it first.
    let mut seen: HashMap<(String, Region), u64> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(index as u64 + 2, |p| p.line());
                problems.push(format!("line {line}: {}", error_text(&e)));
                continue;
            }
        };
        let line = record.position().map_or(index as u64 + 2, |p| p.line());
        if record.len() != header.len() {
            problems.push(format!(
                "line {line}: has {} fields, the header has {}",
                record.len(),
                header.len()
            ));
            continue;
        }
        let parsed = ImportedFacility::parse(&facility::ImportRow {
            name: columns.get(&record, "name"),
            kind: columns.get(&record, "kind"),
            region: columns.get(&record, "region"),
            operating_authority: columns.get(&record, "operating_authority"),
            capacity: columns.get(&record, "capacity"),
            active: columns.get(&record, "active"),
        });
        match parsed {
            Ok(ImportedFacility { facility, is_active }) => {
                let key = (facility.name.clone(), facility.region);
                if let Some(first) = seen.get(&key) {
                    problems.push(format!(
                        "line {line}: name: '{}' in {} is already on line {first}",
                        facility.name, facility.region
                    ));
                    continue;
                }
                seen.insert(key, line);
                rows.push(ImportRow {
                    name: facility.name,
                    kind: facility.kind,
                    region: facility.region,
                    operating_authority: facility.operating_authority,
                    capacity: facility.capacity,
                    is_active,
                });
            }
            Err(err) => problems.extend(describe(line, err)),
        }
    }
    Ok(if problems.is_empty() { Ok(rows) } else { Err(problems) })
}

fn error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_owned(),
        _ => e.to_string(),
    }
}

pub fn run(settings: &Settings, command: FacilitiesCommand) -> anyhow::Result<()> {
    match command {
        FacilitiesCommand::Import { file } => {
            let rows = match read(&file)? {
                Ok(rows) => rows,
                Err(problems) => {
                    for problem in &problems {
                        eprintln!("{problem}");
                    }
                    anyhow::bail!(
                        "{} has {} problem(s); nothing was imported",
                        file.display(),
                        problems.len()
                    );
                }
            };
            crate::serve::migrate(settings)?;
            let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
            let file_name = file.display().to_string();
            let outcome: ImportOutcome =
                ombudsman_app::facilities::import_facilities(&mut conn, &Actor::system("cli"), &file_name, &rows)
                    .context("the import failed; nothing was imported")?;
            println!(
                "imported {} facilities ({} new, {} updated)",
                rows.len(),
                outcome.inserted,
                outcome.updated
            );
            Ok(())
        }
    }
}
