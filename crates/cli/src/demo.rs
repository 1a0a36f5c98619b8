//! `ombudsman demo-data`: a realistic, reproducible set of offices, staff and appeals in the
//! four languages, so that a newcomer sees a populated system.

use anyhow::Context as _;
use chrono::{Datelike, Days, NaiveDate};
use diesel::{Connection, PgConnection};
use ombudsman_app::accounts::{create_account, NewAccount};
use ombudsman_app::appeals::{register_appeal, transition, RegisterAppeal, Transition, Who};
use ombudsman_app::{Caller, Context};
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::{offices, users, DbError};
use ombudsman_domain::appeal::{Action, ApplicantInput, ApplicantKind, Category, Channel, NewApplicant, Outcome};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{AppealId, OfficeId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use ombudsman_domain::user::Role;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

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
    ("FER", "Fargʻona viloyati vakili", Region::Fergana),
    ("BUX", "Buxoro viloyati vakili", Region::Bukhara),
];

/// The demo offices' official names and contact details, given in the footer of their letters:
/// (code, official name, address, phone, e-mail, website). Invented for the demo.
const CONTACTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "HQ",
        "Oʻzbekiston Respublikasi Oliy Majlisining Inson huquqlari boʻyicha vakili (ombudsman)",
        "100027, Toshkent sh., Shayxontohur tumani, Navoiy koʻchasi, 30-uy",
        "+998 71 239 81 11",
        "murojaat@ombudsman.example",
        "https://ombudsman.example",
    ),
    (
        "SAM",
        "Inson huquqlari boʻyicha vakilning Samarqand viloyatidagi mintaqaviy vakili",
        "140100, Samarqand sh., Registon koʻchasi, 12-uy",
        "+998 66 233 45 67",
        "samarqand@ombudsman.example",
        "https://ombudsman.example/samarqand",
    ),
    (
        "FER",
        "Inson huquqlari boʻyicha vakilning Fargʻona viloyatidagi mintaqaviy vakili",
        "150100, Fargʻona sh., Mustaqillik koʻchasi, 23-uy",
        "+998 73 244 12 34",
        "fargona@ombudsman.example",
        "https://ombudsman.example/fargona",
    ),
    (
        "BUX",
        "Inson huquqlari boʻyicha vakilning Buxoro viloyatidagi mintaqaviy vakili",
        "200100, Buxoro sh., Piridastgir koʻchasi, 7-uy",
        "+998 65 221 56 78",
        "buxoro@ombudsman.example",
        "https://ombudsman.example/buxoro",
    ),
];

/// Gives an office its demo contact details when it has none yet.
fn ensure_contacts(conn: &mut PgConnection, actor: &Actor, office: OfficeId, code: &str) -> anyhow::Result<()> {
    let Some((_, name, address, phone, email, website)) = CONTACTS.iter().find(|c| c.0 == code) else {
        return Ok(());
    };
    let current = offices::find(conn, office)?;
    if current.official_name.is_some() || current.address.is_some() {
        return Ok(());
    }
    let change = offices::ContactChange {
        official_name: Some(Some((*name).to_owned())),
        address: Some(Some((*address).to_owned())),
        phone: Some(Some((*phone).to_owned())),
        email: Some(Some((*email).to_owned())),
        website: Some(Some((*website).to_owned())),
    };
    offices::set_contacts(conn, office, &change)?;
    audit::record(
        conn,
        actor,
        AuditAction::OfficeUpdate,
        "office",
        office.0,
        serde_json::to_value(&change)?,
    )?;
    Ok(())
}

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

/// The state body each of [`TEXTS`] complains about, written as an officer would type it in the
/// text's language: registration links it to the directory by its folded name.
const RESPONDENT_BODIES: [&str; TEXTS.len()] = [
    "Pensiya jamg'armasi",
    "Jazoni ijro etish departamenti",
    "Davlat mehnat inspeksiyasi",
    "Пенсия жамғармаси",
    "Чилонзор тумани ҳокимлиги",
    "Ижтимоий ҳимоя миллий агентлиги",
    "Пенсионный фонд",
    "Министерство внутренних дел",
    "Агентство внешней трудовой миграции",
    "State Labour Inspectorate",
    "Prosecutor General's Office",
    "Ministry of Preschool and School Education",
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
    let account =
        NewAccount::parse(email, name, role, office, DEMO_PASSWORD, None).map_err(|e| anyhow::anyhow!("{e}"))?;
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
                    AuditAction::OfficeCreate,
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
    for (id, code) in &office_ids {
        ensure_contacts(conn, &actor, *id, code)?;
    }
    account(
        conn,
        "demo.admin@example.org",
        "Jasur Tursunov",
        Role::Admin,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.manager@example.org",
        "Malika Nazarova",
        Role::Manager,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.officer@example.org",
        "Dilshod Xolmatov",
        Role::CaseOfficer,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.monitor@example.org",
        "Gulnora Ergasheva",
        Role::Monitor,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.auditor@example.org",
        "Bekzod Aliyev",
        Role::Auditor,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.sam.officer@example.org",
        "Shahlo Yoʻldosheva",
        Role::CaseOfficer,
        "SAM",
        domain,
    )?;
    Ok(office_ids)
}

/// The demo applicant `i`, as an officer would type them in.
fn demo_applicant(i: usize, name: &str) -> anyhow::Result<NewApplicant> {
    let kind = match i {
        11 => ApplicantKind::Organization,
        8 => ApplicantKind::ForeignNational,
        _ => ApplicantKind::Citizen,
    };
    let email = format!("applicant{i}@example.org");
    let input = ApplicantInput {
        kind: Some(kind),
        full_name: Some(name),
        email: Some(&email),
        phone: None,
        postal_address: None,
        language: Some(TEXTS[i % TEXTS.len()].0),
        citizenship: Some(if i == 8 { "KZ" } else { "UZ" }),
        country_of_stay: None,
        vulnerabilities: vec![],
    };
    Ok(NewApplicant::parse(&input)?)
}

/// A lifecycle move of the demo story.
fn demo_move(appeal: AppealId, action: Action, outcome: Option<Outcome>) -> Transition {
    Transition {
        appeal,
        expected_version: None,
        action,
        outcome,
        track: None,
        days: None,
        reason: None,
        note: None,
    }
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
        account(
            conn,
            "demo.fer.officer@example.org",
            "Sardor Gʻofurov",
            Role::CaseOfficer,
            "FER",
            &domain,
        )?;
        account(
            conn,
            "demo.bux.officer@example.org",
            "Nilufar Rashidova",
            Role::CaseOfficer,
            "BUX",
            &domain,
        )?;
        // Each office's appeals are registered and worked on by an officer of that office.
        let mut officers = Vec::with_capacity(office_ids.len());
        for (_, code) in &office_ids {
            let email = match code.as_str() {
                "HQ" => "demo.officer@example.org".to_owned(),
                other => format!("demo.{}.officer@example.org", other.to_lowercase()),
            };
            let user = users::find_by_email(conn, &email)?;
            officers.push(Caller::offline(conn, user.id)?);
        }
        let applicants: Vec<NewApplicant> = NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| demo_applicant(i, name))
            .collect::<anyhow::Result<_>>()?;

        let mut rng = StdRng::seed_from_u64(seed);
        let start = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
        let span = (today - start).num_days().max(1) as u64;
        for _ in 0..appeals_count {
            let text = rng.gen_range(0..TEXTS.len());
            let (_, subject, description, category) = TEXTS[text];
            let office = rng.gen_range(0..office_ids.len());
            let (caller, hq) = (&officers[office], office_ids[office].1 == "HQ");
            let received_on = start
                .checked_add_days(Days::new(rng.gen_range(0..span)))
                .unwrap_or(start);
            let who = if rng.gen_ratio(1, 25) {
                Who::Anonymous
            } else {
                Who::New(applicants[rng.gen_range(0..applicants.len())].clone())
            };
            let new = RegisterAppeal {
                received_on,
                channel: CHANNELS[rng.gen_range(0..CHANNELS.len())],
                who,
                signatories: rng.gen_ratio(1, 30).then_some(rng.gen_range(2..40)),
                region: Region::ALL[rng.gen_range(0..14)],
                abroad_country: None,
                subject: subject.to_owned(),
                description: description.to_owned(),
                categories: vec![category],
                respondent_bodies: vec![RESPONDENT_BODIES[text].to_owned()],
                respondent_body_ids: vec![],
                confidential: rng.gen_ratio(1, 20),
                reprisal_risk: false,
                assigned_to: hq.then_some(caller.user_id),
                visit_id: None,
            };
            let ctx = |today| Context {
                today,
                mail_domain: &domain,
            };
            let appeal = register_appeal(conn, caller, new, ctx(today))?.appeal;
            // Older appeals are mostly decided; recent ones still open.
            let age = (today - received_on).num_days();
            let decided = age > 45 || rng.gen_ratio(1, 3);
            if decided || rng.gen_ratio(1, 2) {
                let accepted_on = received_on
                    .checked_add_days(Days::new(1))
                    .unwrap_or(received_on)
                    .min(today);
                transition(
                    conn,
                    caller,
                    &demo_move(appeal.id, Action::Accept, None),
                    ctx(accepted_on),
                )?;
            }
            if decided {
                let outcome = Outcome::ALL[rng.gen_range(0..Outcome::ALL.len())];
                let closed_on = received_on
                    .checked_add_days(Days::new(rng.gen_range(3..40)))
                    .unwrap_or(received_on)
                    .min(today);
                transition(
                    conn,
                    caller,
                    &demo_move(appeal.id, Action::Close, Some(outcome)),
                    ctx(closed_on),
                )?;
            }
        }
        audit::record(
            conn,
            &actor,
            AuditAction::DemoLoad,
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
