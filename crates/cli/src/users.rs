//! `ombudsman users create`: adds a staff account; the password is read from standard input.

use std::io::BufRead;

use anyhow::Context;
use clap::Subcommand;
use diesel::{Connection, PgConnection};
use ombudsman_app::accounts::{create_account, NewAccount};
use ombudsman_app::AppError;
use ombudsman_db::audit::Actor;
use ombudsman_domain::language::Language;
use ombudsman_domain::user::Role;

use crate::config::Settings;

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Create an account; reads the password (one line) from standard input.
    Create {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        full_name: String,
        /// admin, manager, case_officer, monitor or auditor.
        #[arg(long)]
        role: String,
        /// Office code, e.g. HQ.
        #[arg(long, default_value = "HQ")]
        office: String,
        /// The language of their e-mails (uz-Latn, uz-Cyrl, ru, en); omitted: their office's.
        #[arg(long)]
        language: Option<String>,
    },
}

fn explain(err: AppError) -> anyhow::Error {
    anyhow::anyhow!(err.to_string())
}

pub fn run(settings: &Settings, command: UsersCommand) -> anyhow::Result<()> {
    match command {
        UsersCommand::Create {
            email,
            full_name,
            role,
            office,
            language,
        } => {
            let role: Role = role.parse().map_err(|e| anyhow::anyhow!("--role: {e}"))?;
            let language = language
                .map(|l| l.parse::<Language>())
                .transpose()
                .map_err(|e| anyhow::anyhow!("--language: {e}"))?;
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']).to_owned();
            let account = NewAccount::parse(&email, &full_name, role, &office, &password, language).map_err(explain)?;
            crate::serve::migrate(settings)?;
            let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
            let domain = crate::serve::mail_domain(settings);
            let user = conn
                .transaction(|conn| create_account(conn, &Actor::system("cli"), &account, &domain))
                .map_err(explain)?;
            println!("created {} ({}) with id {}", user.email, user.role, user.id);
            Ok(())
        }
    }
}
