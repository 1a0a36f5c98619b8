//! `ombudsman demo-data`: a realistic, reproducible set of offices, staff and appeals in the
//! four languages, so that a newcomer sees a populated system.

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use diesel::{Connection, PgConnection};
use ombudsman_app::accounts::{create_account, NewAccount};
use ombudsman_app::deadline::explain;
use ombudsman_db::appeals::{self, LifecycleChange, NewAppealRow};
use ombudsman_db::applicants::{self, NewApplicantRow};
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::{offices, users, DbError};
use ombudsman_domain::appeal::{registration_number, ApplicantKind, Category, Channel, Outcome, Status};
use ombudsman_domain::deadline::Track;
use ombudsman_domain::ids::{AppealId, ApplicantId, OfficeId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use ombudsman_domain::search::fold;
use ombudsman_domain::user::Role;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

use crate::config::Settings;

/// A named data set of `demo-data` other than the default small demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// The half-year figures of seed document 001: 9,800 appeals, 104 impact measures,
    /// 3.8 billion soums recovered and 491 monitoring visits in the first half of 2025, with the
    /// first half of 2024 beside them (see `seed`).
    #[value(name = "seed-2025h1")]
    Seed2025h1,
}

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo password 2025";

const OFFICES: &[(&str, &str, Region)] = &[
    ("SAM", "Samarqand viloyati vakili", Region::Samarkand),
    ("FER", "Farg'ona viloyati vakili", Region::Fergana),
    ("BUX", "Buxoro viloyati vakili", Region::Bukhara),
];

/// (language, subject, description, category)
const TEXTS: &[(Language, &str, &str, Category)] = &[
    (
        Language::UzLatn,
        "Pensiya to'lanmayapti",
        "Uch oydan beri pensiya to'lanmayapti, pensiya jamg'armasi javob bermayapti.",
        Category::SocialSecurity,
    ),
    (
        Language::UzLatn,
        "Qamoqxonada qiynoq",
        "Akam qamoqxonada kaltaklangan, tibbiy yordam ko'rsatilmagan.",
        Category::ProhibitionOfTorture,
    ),
    (
        Language::UzLatn,
        "Ish haqi to'lanmagan",
        "Zavod ikki oylik ish haqini to'lamayapti.",
        Category::Labour,
    ),
    (
        Language::UzCyrl,
        "Пенсия тўланмаяпти",
        "Пенсия жамғармаси уч ойдан бери пенсия тўламаяпти.",
        Category::SocialSecurity,
    ),
    (
        Language::UzCyrl,
        "Уй-жойдан ноқонуний кўчириш",
        "Ҳоким қарори билан уйимиз бузилмоқда, компенсация берилмаган.",
        Category::Housing,
    ),
    (
        Language::UzCyrl,
        "Ногиронлик нафақаси",
        "Ногиронлик нафақаси тайинланмаяпти.",
        Category::DisabilityRights,
    ),
    (
        Language::Ru,
        "Задержка выплаты пенсии",
        "Пенсионный фонд три месяца не выплачивает пенсию.",
        Category::SocialSecurity,
    ),
    (
        Language::Ru,
        "Условия содержания в СИЗО",
        "В следственном изоляторе переполнены камеры, нет медицинской помощи.",
        Category::PrisonersRights,
    ),
    (
        Language::Ru,
        "Невыплата зарплаты мигранту",
        "Работодатель в Москве не выплачивает заработную плату.",
        Category::MigrantsRights,
    ),
    (
        Language::En,
        "Unfair dismissal",
        "I was dismissed without notice after reporting safety violations.",
        Category::Labour,
    ),
    (
        Language::En,
        "Access to a lawyer refused",
        "My son was held for two days without access to a lawyer.",
        Category::FairTrial,
    ),
    (
        Language::En,
        "School refuses a child with a disability",
        "The district school refuses to enrol my daughter.",
        Category::ChildrensRights,
    ),
];

const NAMES: &[&str] = &[
    "Dilnoza Karimova",
    "Aziz Rahimov",
    "Гулнора Тошматова",
    "Шерзод Алиев",
    "Ирина Ким",
    "Bobur Yusupov",
    "Malika Ergasheva",
    "Олег Петров",
    "Nodira Yusupova",
    "Javlon Sobirov",
    "Феруза Насриддинова",
    "Timur Abdullaev",
];

const CHANNELS: &[Channel] = &[
    Channel::OnlinePortal,
    Channel::OnlinePortal,
    Channel::Letter,
    Channel::Email,
    Channel::InPerson,
    Channel::Hotline,
    Channel::MobileReception,
    Channel::PresidentialVirtualReception,
    Channel::ComplaintBox,
    Channel::Referral,
];

/// Creates a demo account with [`DEMO_PASSWORD`] unless one with this e-mail exists.
pub fn account(
    conn: &mut PgConnection,
    email: &str,
    name: &str,
    role: Role,
    office: &str,
    domain: &str,
) -> anyhow::Result<()> {
    if users::find_by_email(conn, email).is_ok() {
        return Ok(());
    }
    let account = NewAccount::parse(email, name, role, office, DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    create_account(conn, &Actor::system("demo-data"), &account, domain).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Makes sure the demo offices (HQ, SAM, FER, BUX) and the demo accounts exist, creating only
/// what is missing; returns the offices with their codes, HQ first.
pub fn ensure_offices_and_staff(conn: &mut PgConnection, domain: &str) -> anyhow::Result<Vec<(OfficeId, String)>> {
    let actor = Actor::system("demo-data");
    let mut office_ids: Vec<(OfficeId, String)> = vec![];
    let hq = offices::find_by_code(conn, "HQ")?;
    office_ids.push((hq.id, hq.code.clone()));
    for (code, name, region) in OFFICES {
        let office = match offices::find_by_code(conn, code) {
            Ok(o) => o,
            Err(DbError::NotFound) => {
                let o = offices::insert(
                    conn,
                    &offices::NewOffice {
                        id: OfficeId::new(),
                        code,
                        name,
                        region: *region,
                        default_language: Language::UzLatn,
                    },
                )?;
                audit::record(
                    conn,
                    &actor,
                    "office.create",
                    "office",
                    o.id.0,
                    serde_json::json!({"code": code}),
                )?;
                o
            }
            Err(e) => return Err(e.into()),
        };
        office_ids.push((office.id, office.code));
    }
    account(conn, "demo.admin@example.org", "Demo Admin", Role::Admin, "HQ", domain)?;
    account(
        conn,
        "demo.manager@example.org",
        "Demo Manager",
        Role::Manager,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.officer@example.org",
        "Demo Officer",
        Role::CaseOfficer,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.monitor@example.org",
        "Demo Monitor",
        Role::Monitor,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.auditor@example.org",
        "Demo Auditor",
        Role::Auditor,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.sam.officer@example.org",
        "Samarqand Officer",
        Role::CaseOfficer,
        "SAM",
        domain,
    )?;
    Ok(office_ids)
}

/// Loads the demo set; refuses to load it twice.
pub fn run(settings: &Settings, appeals_count: u32, seed: u64) -> anyhow::Result<()> {
    crate::serve::migrate(settings)?;
    let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
    if users::find_by_email(&mut conn, "demo.admin@example.org").is_ok() {
        println!("demo data is already loaded (demo.admin@example.org exists)");
        return Ok(());
    }
    let domain = crate::serve::mail_domain(settings);
    let today = ombudsman_domain::office::tashkent_date(chrono::Utc::now());
    conn.transaction(|conn| -> anyhow::Result<()> {
        let actor = Actor::system("demo-data");
        let hq = offices::find_by_code(conn, "HQ")?;
        let office_ids = ensure_offices_and_staff(conn, &domain)?;
        let officer = users::find_by_email(conn, "demo.officer@example.org")?;

        let mut rng = StdRng::seed_from_u64(seed);
        let mut applicant_ids: Vec<ApplicantId> = vec![];
        for (i, name) in NAMES.iter().enumerate() {
            let language = TEXTS[i % TEXTS.len()].0;
            let a = applicants::insert(
                conn,
                &NewApplicantRow {
                    id: ApplicantId::new(),
                    kind: if i == 11 {
                        ApplicantKind::Organization
                    } else if i == 8 {
                        ApplicantKind::ForeignNational
                    } else {
                        ApplicantKind::Citizen
                    },
                    full_name: name,
                    email: Some(&format!("applicant{i}@example.org")),
                    phone: None,
                    phone_digits: None,
                    postal_address: None,
                    language,
                    citizenship: Some(if i == 8 { "KZ" } else { "UZ" }),
                    country_of_stay: None,
                    vulnerabilities: &[],
                },
            )?;
            applicant_ids.push(a.id);
        }
        let start = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
        let span = (today - start).num_days().max(1) as u64;
        for n in 0..appeals_count {
            let (_, subject, description, category) = TEXTS[rng.gen_range(0..TEXTS.len())];
            let (office_id, office_code) = office_ids[rng.gen_range(0..office_ids.len())].clone();
            let received_on = start
                .checked_add_days(Days::new(rng.gen_range(0..span)))
                .unwrap_or(start);
            let region = Region::ALL[rng.gen_range(0..14)];
            let anonymous = rng.gen_ratio(1, 25);
            let applicant = if anonymous {
                None
            } else {
                Some(applicant_ids[rng.gen_range(0..applicant_ids.len())])
            };
            let year = received_on.year();
            let seq = appeals::next_number(conn, office_id, "appeal", year)?;
            let number = registration_number(&office_code, year, seq);
            let due = explain(conn, office_id, Track::Initial, received_on, 0, None, 0, today)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let code_hash = Sha256::digest(format!("demo-{n}").as_bytes()).to_vec();
            let appeal = appeals::insert(
                conn,
                &NewAppealRow {
                    id: AppealId::new(),
                    office_id,
                    number: &number,
                    year,
                    seq,
                    received_on,
                    channel: CHANNELS[rng.gen_range(0..CHANNELS.len())],
                    applicant_id: applicant,
                    anonymous,
                    signatories: rng.gen_ratio(1, 30).then_some(rng.gen_range(2..40)),
                    region,
                    abroad_country: None,
                    subject,
                    description,
                    categories: &[category],
                    respondent_bodies: &[],
                    confidential: rng.gen_ratio(1, 20),
                    reprisal_risk: false,
                    track: Track::Initial,
                    track_started_on: received_on,
                    due_on: due.due_on,
                    assigned_to: (office_code == "HQ").then_some(officer.id),
                    repeat_of: None,
                    access_code_hash: &code_hash,
                    search_text: &fold(&format!("{subject} {description}")),
                    registered_by: Some(officer.id),
                },
            )?;
            appeals::add_event(
                conn,
                appeal.id,
                Some(officer.id),
                "registered",
                None,
                serde_json::json!({"number": number}),
            )?;
            // Older appeals are mostly decided; recent ones still open.
            let age = (today - received_on).num_days();
            if age > 45 || rng.gen_ratio(1, 3) {
                let outcome = Outcome::ALL[rng.gen_range(0..Outcome::ALL.len())];
                let closed_on = received_on
                    .checked_add_days(Days::new(rng.gen_range(3..40)))
                    .unwrap_or(received_on)
                    .min(today);
                let mut change = LifecycleChange::from(&appeal);
                change.status = Status::Closed;
                change.outcome = Some(outcome);
                change.closed_on = Some(closed_on);
                appeals::apply_lifecycle(conn, appeal.id, &change)?;
                appeals::add_event(
                    conn,
                    appeal.id,
                    Some(officer.id),
                    "closed",
                    None,
                    serde_json::json!({"outcome": outcome}),
                )?;
            } else if rng.gen_ratio(1, 2) {
                let mut change = LifecycleChange::from(&appeal);
                change.status = Status::UnderConsideration;
                change.track = Track::Standard;
                appeals::apply_lifecycle(conn, appeal.id, &change)?;
                appeals::add_event(
                    conn,
                    appeal.id,
                    Some(officer.id),
                    "accepted",
                    None,
                    serde_json::json!({}),
                )?;
            }
        }
        audit::record(
            conn,
            &actor,
            "demo.load",
            "office",
            hq.id.0,
            serde_json::json!({"appeals": appeals_count, "seed": seed}),
        )?;
        Ok(())
    })?;
    println!("loaded {appeals_count} demo appeals in 4 offices (HQ, SAM, FER, BUX)");
    println!("log in as demo.admin@ / demo.manager@ / demo.officer@ / demo.monitor@ / demo.auditor@example.org");
    println!("password for all demo accounts: {DEMO_PASSWORD}");
    Ok(())
}
