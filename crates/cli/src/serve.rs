//! `serve`, `worker` and `migrate`.

use std::net::TcpListener;
use std::time::Duration;

use anyhow::Context;
use diesel::{Connection, PgConnection};
use ombudsman_api::auth::jwt::JwtKeys;
use ombudsman_api::metrics::Metrics;
use ombudsman_api::{ApiSettings, AppState};
use ombudsman_notifier::worker::ScheduleConfig;
use ombudsman_notifier::{Mailer, TransportConfig, Worker, WorkerConfig};
use tokio::sync::watch;

use crate::config::Settings;

/// Creates the database when missing and applies pending migrations.
pub fn migrate(settings: &Settings) -> anyhow::Result<Vec<String>> {
    if ombudsman_db::create_database_if_missing(&settings.database_url)? {
        tracing::info!("created the database named in DATABASE_URL");
    }
    let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
    let applied = ombudsman_db::migrate(&mut conn)?;
    for version in &applied {
        tracing::info!(version = %version, "applied migration");
    }
    let named = ombudsman_db::applicants::fill_search_names(&mut conn)?;
    if named > 0 {
        tracing::info!(applicants = named, "made the names of earlier applicants searchable");
    }
    let added = standard_calendar(&mut conn)?;
    if added > 0 {
        tracing::info!(
            days = added,
            "loaded Uzbekistan's fixed public holidays 2020-2040 into the empty calendar"
        );
    }
    Ok(applied)
}

/// A fresh install's working-day calendar: Uzbekistan's fixed-date public holidays from 2020 to
/// 2040, so that deadlines skip them from the first appeal. Only an empty calendar is filled: once
/// an administrator has entered any day, the calendar is theirs. The movable holidays (Ramazon
/// Hayit, Qurbon Hayit) and transferred days off are entered each year through
/// `PUT /api/v1/calendar/days/{day}`.
fn standard_calendar(conn: &mut PgConnection) -> anyhow::Result<usize> {
    if !ombudsman_db::calendar::is_empty(conn)? {
        return Ok(0);
    }
    let days: Vec<ombudsman_db::calendar::CalendarDay> = (2020..=2040)
        .flat_map(ombudsman_domain::deadline::uzbek_fixed_holidays)
        .map(|(day, name)| ombudsman_db::calendar::CalendarDay {
            day,
            kind: "holiday".into(),
            name: name.into(),
        })
        .collect();
    Ok(ombudsman_db::calendar::add_missing(conn, &days)?)
}

pub fn mail_domain(settings: &Settings) -> String {
    settings
        .mail_from
        .rsplit('@')
        .next()
        .map(|d| d.trim_end_matches('>').trim().to_owned())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "ombudsman.localhost".to_owned())
}

fn notifier(settings: &Settings, pool: ombudsman_db::Pool) -> anyhow::Result<Worker> {
    let transport = match &settings.smtp_url {
        Some(url) => TransportConfig::Smtp(url.clone()),
        None => TransportConfig::Files(settings.mail_dir.clone()),
    };
    let mailer = Mailer::with_pool(&transport, settings.mail_concurrency as u32).map_err(anyhow::Error::msg)?;
    let config = WorkerConfig {
        from: settings.mail_from.clone(),
        mail_domain: mail_domain(settings),
        concurrency: settings.mail_concurrency,
        lease_secs: settings.mail_lease_secs,
        poll_interval: Duration::from_millis(settings.mail_poll_ms),
        listen_url: Some(settings.database_url.clone()),
        base_backoff: Duration::from_millis(settings.mail_retry_base_ms),
        max_backoff: Duration::from_secs(settings.mail_retry_max_secs),
        schedule: ScheduleConfig {
            enabled: settings.reminders,
            approaching_days: settings.reminder_days_before,
            daily_digest_hour: settings.daily_digest_hour,
            digest_weekday: settings
                .digest_weekday
                .parse()
                .map_err(|_| anyhow::anyhow!("invalid digest_weekday"))?,
            digest_hour: settings.digest_hour,
            ..ScheduleConfig::default()
        },
        ..WorkerConfig::default()
    };
    Ok(Worker::new(pool, mailer, config))
}

/// Runs the API (and, unless disabled, the notification worker) until SIGINT or SIGTERM.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    if settings.migrate_on_start {
        let s = settings.clone();
        tokio::task::spawn_blocking(move || migrate(&s)).await??;
    }
    // The API's connections are proven alive by each request's first statement (the caller's
    // account) instead of a `SELECT 1` per check-out; the worker's keep the check-out test.
    let pool = ombudsman_db::request_pool(
        &settings.database_url,
        settings.db_pool_size,
        Duration::from_millis(settings.db_pool_timeout_ms),
    );
    let state = AppState {
        pool,
        database_url: settings.database_url.clone(),
        jwt: JwtKeys::new(
            &settings.jwt_secret,
            &settings.jwt_issuer,
            &settings.jwt_audience,
            settings.access_token_ttl_secs,
        ),
        settings: ApiSettings {
            refresh_ttl_secs: settings.refresh_token_ttl_secs,
            mail_domain: mail_domain(&settings),
            json_limit: settings.json_limit,
            trusted_proxies: ombudsman_api::client::TrustedProxies::parse(&settings.trusted_proxies)
                .map_err(anyhow::Error::msg)?,
            hsts_max_age_secs: settings.hsts_max_age_secs,
            metrics_token: settings.metrics_token.clone(),
            metrics_elsewhere: settings.metrics_bind.is_some(),
            lookup_limit_per_minute: settings.lookup_limit_per_minute,
            intake_limit_per_hour: settings.intake_limit_per_hour,
            intake_limit_per_email_per_day: settings.intake_limit_per_email_per_day,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
        },
        metrics: Metrics::new()?,
        attachments: settings.attachment_store().map_err(anyhow::Error::msg)?,
        hashing: ombudsman_api::state::hashing_slots(),
    };
    let listener = TcpListener::bind(&settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    let workers = if settings.http_workers == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
    } else {
        settings.http_workers
    };
    let metrics = match &settings.metrics_bind {
        Some(bind) => {
            let listener = TcpListener::bind(bind).with_context(|| format!("cannot listen for metrics on {bind}"))?;
            let addr = listener.local_addr()?;
            Some((addr, ombudsman_api::metrics_server(listener, state.clone())?))
        }
        None => None,
    };
    let store = state.attachments.clone();
    let server = ombudsman_api::server(listener, state, workers)?;

    let (stop, stopped) = watch::channel(false);
    let worker = if settings.embedded_worker {
        // The worker's jobs: the e-mail queue, the drafts nobody confirmed, the report roll-ups.
        let worker_pool = worker_pool(&settings);
        let sweeper = tokio::spawn(ombudsman_api::drafts::run_sweeper(
            worker_pool.clone(),
            store,
            std::time::Duration::from_secs(60),
            stopped.clone(),
        ));
        let rollups = tokio::spawn(refresh_rollups(worker_pool.clone(), ROLLUP_INTERVAL, stopped.clone()));
        let worker = notifier(&settings, worker_pool)?;
        Some((tokio::spawn(worker.run(stopped)), sweeper, rollups))
    } else {
        None
    };
    let mail = match &settings.smtp_url {
        Some(url) => format!("e-mail goes to {}", redact(url)),
        None => format!("e-mail is written to {}/", settings.mail_dir.display()),
    };
    let metrics_url = match &metrics {
        Some((metrics_addr, _)) => format!("http://{metrics_addr}/metrics"),
        None => format!("http://{addr}/metrics"),
    };
    // What to type next, complete: the database (its password masked) and this binary's path.
    let database = mask_password(&settings.database_url);
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "ombudsman".to_owned());
    let banner = format!(
        "Ombudsman API listening on http://{addr}\n\
         \x20 API docs:    http://{addr}/docs/   (OpenAPI: http://{addr}/api/openapi.json)\n\
         \x20 health:      http://{addr}/healthz  http://{addr}/readyz  {metrics_url}\n\
         \x20 first admin: printf '%s\\n' 'a long password' | DATABASE_URL='{database}' {exe} users create --email you@example.org --full-name 'Your Name' --role admin --office HQ\n\
         \x20 demo data:   DATABASE_URL='{database}' {exe} demo-data\n\
         \x20 {mail}\n"
    );
    // A closed stdout (a supervisor that stopped reading) must not take the server down.
    if let Err(e) = std::io::Write::write_all(&mut std::io::stdout(), banner.as_bytes()) {
        tracing::warn!(error = %e, "cannot print the start-up banner");
    }
    tracing::info!(address = %addr, "listening");

    let result = match metrics {
        Some((_, metrics)) => {
            let metrics_handle = metrics.handle();
            let metrics = tokio::spawn(metrics);
            let result = server.await;
            metrics_handle.stop(true).await;
            if let Err(e) = metrics.await {
                tracing::warn!(error = %e, "the metrics server failed");
            }
            result
        }
        None => server.await,
    };
    stop.send_replace(true);
    if let Some((worker, sweeper, rollups)) = worker {
        worker.await?;
        sweeper.await?;
        rollups.await?;
    }
    result.context("the HTTP server failed")
}

/// The worker's own connections: one per concurrent send, one for its claims, one for the sweep of
/// expired drafts and one for the report roll-ups' refresh (which holds its connection for the
/// seconds a busy month takes to recount).
fn worker_pool(settings: &Settings) -> ombudsman_db::Pool {
    ombudsman_db::pool(&settings.database_url, 3 + settings.mail_concurrency as u32)
}

/// How often the worker folds changed appeals into the report roll-ups.
const ROLLUP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

/// Recomputes the report roll-ups of changed months every `every` until `stop` turns true
/// (`ombudsman_db::reports::rollup`). Until it does, reports count those months from the appeals
/// themselves, so a late or failed refresh costs time, never a wrong figure.
async fn refresh_rollups(pool: ombudsman_db::Pool, every: std::time::Duration, mut stop: watch::Receiver<bool>) {
    loop {
        let p = pool.clone();
        let done = tokio::task::spawn_blocking(move || -> Result<usize, ombudsman_db::DbError> {
            let mut conn = p.get()?;
            ombudsman_db::reports::rollup::refresh(&mut conn)
        })
        .await;
        match done {
            Ok(Ok(0)) => {}
            Ok(Ok(months)) => tracing::debug!(months, "report roll-ups recomputed"),
            Ok(Err(e)) => tracing::warn!(error = %e, "could not recompute the report roll-ups"),
            Err(e) => tracing::warn!(error = %e, "the roll-up task failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
    }
}

/// The URL with its password (not its user) masked: still a command one can complete.
fn mask_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_owned(),
    }
}

/// Runs the notification worker alone until SIGINT or SIGTERM.
pub async fn worker(settings: Settings) -> anyhow::Result<()> {
    let pool = worker_pool(&settings);
    let worker = notifier(&settings, pool.clone())?;
    let (stop, stopped) = watch::channel(false);
    // Drafts of appeals filed online that nobody confirmed go with their files.
    let store = settings.attachment_store().map_err(anyhow::Error::msg)?;
    let sweeper = tokio::spawn(ombudsman_api::drafts::run_sweeper(
        pool.clone(),
        store,
        std::time::Duration::from_secs(60),
        stopped.clone(),
    ));
    let rollups = tokio::spawn(refresh_rollups(pool, ROLLUP_INTERVAL, stopped.clone()));
    let handle = tokio::spawn(worker.run(stopped));
    let banner = format!(
        "Ombudsman notification worker running; {}\n",
        match &settings.smtp_url {
            Some(url) => format!("e-mail goes to {}", redact(url)),
            None => format!("e-mail is written to {}/", settings.mail_dir.display()),
        }
    );
    if let Err(e) = std::io::Write::write_all(&mut std::io::stdout(), banner.as_bytes()) {
        tracing::warn!(error = %e, "cannot print the start-up banner");
    }
    shutdown_signal().await?;
    stop.send_replace(true);
    handle.await?;
    sweeper.await?;
    rollups.await?;
    Ok(())
}

/// Waits for SIGINT or (on Unix) SIGTERM.
async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_masks_the_database_password_only() {
        assert_eq!(
            mask_password("postgres://omb:s3cret@db:5432/ombudsman"),
            "postgres://omb:***@db:5432/ombudsman"
        );
        assert_eq!(
            mask_password("postgres://postgres@127.0.0.1:5432/ombudsman"),
            "postgres://postgres@127.0.0.1:5432/ombudsman"
        );
        assert_eq!(
            mask_password("postgres://localhost/ombudsman"),
            "postgres://localhost/ombudsman"
        );
    }
}
