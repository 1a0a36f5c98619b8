//! `ombudsman`: the API server with its embedded notification worker, the worker alone,
//! migrations, account administration, the facility registry, demo data and reports.

mod backup;
mod config;
mod demo;
mod facilities;
mod healthcheck;
mod report;
mod seed;
mod serve;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{LogFormat, Settings};

#[derive(Parser)]
#[command(name = "ombudsman", version, about = "Case management for an ombudsman office")]
struct Cli {
    /// A TOML configuration file (default: ./ombudsman.toml when present).
    #[arg(long, global = true, env = "OMBUDSMAN_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API and the embedded notification worker; creates the database and applies
    /// migrations first.
    Serve {
        /// Address to listen on (default 127.0.0.1:8080; port 0 picks a free one).
        #[arg(long)]
        bind: Option<String>,
        /// Do not apply migrations on start (multi-replica deployments run `migrate` once).
        #[arg(long)]
        no_migrate: bool,
        /// Do not run the notification worker in this process.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run the notification worker alone.
    Worker,
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// Load a realistic, reproducible demo set (offices, staff, appeals in four languages).
    DemoData {
        /// A named data set: `seed-2025h1` loads the half-year figures of seed document 001.
        #[arg(long, value_enum)]
        profile: Option<demo::Profile>,
        /// How many appeals (default 500; with `--profile seed-2025h1`, 9,800 received in the
        /// first half of 2025, and the first half of 2024 in proportion).
        #[arg(long)]
        appeals: Option<u32>,
        /// Random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
    },
    /// Manage staff accounts.
    Users {
        #[command(subcommand)]
        command: users::UsersCommand,
    },
    /// Keep the facility registry (places of detention).
    Facilities {
        #[command(subcommand)]
        command: facilities::FacilitiesCommand,
    },
    /// Print every kind of e-mail in every language, rendered from realistic payloads, for a
    /// reader to review (no database needed).
    MailGallery,
    /// Back up the database (pg_dump) and every attachment's file into a new directory, with a
    /// manifest of SHA-256 sums.
    Backup {
        /// A new or empty directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into the configured new (or empty) database and attachment store,
    /// checking every sum first.
    Restore {
        /// The directory `backup` wrote.
        #[arg(long)]
        from: PathBuf,
    },
    /// Exit 0 when the service is healthy: `GET /readyz` on the configured address (or
    /// `--url`), or with `--database` the database answers (for the worker). For container
    /// health checks: the runtime image has no curl.
    Healthcheck {
        /// The URL to ask (default: `http://<bind>/readyz`).
        #[arg(long)]
        url: Option<String>,
        /// Check that the database answers instead of an HTTP endpoint.
        #[arg(long, conflicts_with = "url")]
        database: bool,
    },
    /// The half-year report (or any period's) as JSON, CSV or XLSX, e.g.
    /// `ombudsman report --year 2025 --half 1 --format xlsx --out h1-2025.xlsx`.
    Report(report::ReportArgs),
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        // Colour codes only on a terminal: in a file they are noise.
        LogFormat::Pretty => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
    }
}

/// Applicants loaded in bulk (`COPY`) get their folded names for search afterwards.
fn searchable_names(settings: &Settings) -> anyhow::Result<()> {
    use diesel::Connection;
    let mut conn = diesel::PgConnection::establish(&settings.database_url)?;
    ombudsman_db::applicants::fill_search_names(&mut conn)?;
    Ok(())
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ombudsman: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(settings.log_format);
    // A long-running service reports its failure in its log; a one-shot command on the
    // terminal, once, in plain words.
    let is_service = matches!(cli.command, Command::Serve { .. } | Command::Worker);
    let result = match cli.command {
        Command::Serve {
            bind,
            no_migrate,
            no_worker,
        } => {
            if let Some(bind) = bind {
                settings.bind = bind;
            }
            if no_migrate {
                settings.migrate_on_start = false;
            }
            if no_worker {
                settings.embedded_worker = false;
            }
            serve::serve(settings).await
        }
        Command::Worker => serve::worker(settings).await,
        Command::Migrate => serve::migrate(&settings).map(|_| ()),
        Command::Users { command } => users::run(&settings, command),
        Command::Facilities { command } => facilities::run(&settings, command),
        Command::Report(args) => report::run(&settings, args),
        Command::MailGallery => {
            print!("{}", ombudsman_notifier::gallery::text());
            Ok(())
        }
        Command::Backup { out } => backup::backup(&settings, &out).await,
        Command::Restore { from } => backup::restore(&settings, &from).await,
        Command::Healthcheck { url, database } => healthcheck::run(&settings, url, database),
        Command::DemoData { profile, appeals, seed } => match profile {
            Some(demo::Profile::Seed2025h1) => seed::run(&settings, appeals, seed),
            None => demo::run(&settings, appeals.unwrap_or(500), seed),
        }
        .and_then(|()| searchable_names(&settings)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_service => {
            tracing::error!(error = %format!("{e:#}"), "ombudsman failed");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("ombudsman: {e:#}");
            ExitCode::FAILURE
        }
    }
}
