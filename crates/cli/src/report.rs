//! `ombudsman report`: the half-year report (or the report of any period) from the command line,
//! as JSON, CSV or XLSX, with the same figures and layout as `GET /api/v1/reports/...`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::NaiveDate;
use diesel::{Connection, PgConnection};
use ombudsman_api::export;
use ombudsman_db::{offices, reports};
use ombudsman_domain::language::Language;
use ombudsman_domain::report::{HalfYear, Period};

use crate::config::Settings;

/// The output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    /// The JSON of the API.
    Json,
    /// One table, UTF-8.
    Csv,
    /// A workbook: one sheet per section, with charts.
    Xlsx,
}

/// What to report on.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Recompute the report roll-ups of the months changed since they were last computed (what
    /// the worker does every few seconds), print how many, and stop.
    #[arg(long, conflicts_with_all = ["year", "from", "office", "out", "from_appeals"])]
    refresh_rollups: bool,
    /// Count every appeal of the period afresh instead of summing the monthly roll-ups (the same
    /// figures, slower; for checking them).
    #[arg(long)]
    from_appeals: bool,
    /// Year of the half-year.
    #[arg(long, requires = "half", conflicts_with_all = ["from", "to"])]
    year: Option<i64>,
    /// 1 (January–June) or 2 (July–December).
    #[arg(long, requires = "year")]
    half: Option<i64>,
    /// First day of a period (instead of --year and --half).
    #[arg(long, requires = "to")]
    from: Option<NaiveDate>,
    /// Last day of the period.
    #[arg(long, requires = "from")]
    to: Option<NaiveDate>,
    /// Only this office (its code, e.g. SAM); default: every office.
    #[arg(long)]
    office: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
    format: ReportFormat,
    /// Language of the labels: uz-Latn, uz-Cyrl, ru or en.
    #[arg(long, default_value = "uz-Latn")]
    lang: String,
    /// Where to write it (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Computes the report and writes it.
pub fn run(settings: &Settings, args: ReportArgs) -> anyhow::Result<()> {
    let lang: Language = args
        .lang
        .parse()
        .map_err(|_| anyhow::anyhow!("--lang must be one of uz-Latn, uz-Cyrl, ru, en"))?;
    let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
    if args.refresh_rollups {
        let started = std::time::Instant::now();
        let months = reports::rollup::refresh(&mut conn)?;
        eprintln!(
            "report roll-ups: {months} office-months recomputed in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let source = if args.from_appeals {
        reports::Source::Appeals
    } else {
        reports::Source::Rollup
    };
    let office = match &args.office {
        Some(code) => Some(
            offices::find_by_code(&mut conn, code)
                .with_context(|| format!("no office has the code {code}"))?
                .id,
        ),
        None => None,
    };
    let as_of = ombudsman_api::state::today();
    let report = match (args.year, args.half, args.from, args.to) {
        (Some(year), Some(half), _, _) => {
            let half = HalfYear::new(year, half).map_err(|e| anyhow::anyhow!("{e}"))?;
            reports::report_from(&mut conn, office, half.period(), Some(half), as_of, source)?
        }
        (_, _, Some(from), Some(to)) => {
            let period = Period::new(from, to).map_err(|e| anyhow::anyhow!("{e}"))?;
            reports::report_from(&mut conn, office, period, None, as_of, source)?
        }
        _ => anyhow::bail!("give --year and --half, or --from and --to"),
    };
    let bytes = match args.format {
        ReportFormat::Json => serde_json::to_vec_pretty(&report)?,
        ReportFormat::Csv => export::csv(&report, lang)?,
        ReportFormat::Xlsx => export::xlsx(&report, lang)?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {} ({} bytes): {} appeals, {} impact measures, {} monitoring visits from {} to {}",
                path.display(),
                bytes.len(),
                report.appeals.received,
                report.impact_measures.total,
                report.monitoring_visits.total,
                report.period.from(),
                report.period.to()
            );
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(())
}
