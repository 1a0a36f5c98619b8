//! The offices and staff of the seed profile: the demo offices and accounts of `demo-data`, plus a
//! regional representative's office in every region with a case officer and a monitor each.

use anyhow::Context;
use diesel::PgConnection;
use ombudsman_db::audit::{self, Actor};
use ombudsman_db::{offices, users, DbError};
use ombudsman_domain::events::AuditAction;
use ombudsman_domain::ids::{OfficeId, UserId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use ombudsman_domain::user::Role;

use crate::demo::{account, ensure_offices_and_staff};

/// The regional offices: code, name, region, the case officer's and the monitor's names.
const REGIONAL: &[(&str, &str, Region, &str, &str)] = &[
    (
        "QQR",
        "Qoraqalpogʻiston Respublikasi vakili",
        Region::Karakalpakstan,
        "Aysulu Esemuratova",
        "Baxtiyar Tleumuratov",
    ),
    (
        "AND",
        "Andijon viloyati vakili",
        Region::Andijan,
        "Mahliyo Qoʻchqorova",
        "Anvar Jalilov",
    ),
    (
        "BUX",
        "Buxoro viloyati vakili",
        Region::Bukhara,
        "Sitora Nematova",
        "Jamshid Rajabov",
    ),
    (
        "FER",
        "Fargʻona viloyati vakili",
        Region::Fergana,
        "Oybek Mamadaliyev",
        "Gavhar Yoʻldosheva",
    ),
    (
        "JIZ",
        "Jizzax viloyati vakili",
        Region::Jizzakh,
        "Nargiza Eshonqulova",
        "Sherali Togʻayev",
    ),
    (
        "QAS",
        "Qashqadaryo viloyati vakili",
        Region::Kashkadarya,
        "Zilola Bozorova",
        "Umid Xoliqov",
    ),
    (
        "XOR",
        "Xorazm viloyati vakili",
        Region::Khorezm,
        "Raʼno Matyoqubova",
        "Quvondiq Otajonov",
    ),
    (
        "NAM",
        "Namangan viloyati vakili",
        Region::Namangan,
        "Dilorom Mirzaahmedova",
        "Ilhom Toʻxtasinov",
    ),
    (
        "NAV",
        "Navoiy viloyati vakili",
        Region::Navoi,
        "Shoira Ashurova",
        "Elyor Hamroyev",
    ),
    (
        "SAM",
        "Samarqand viloyati vakili",
        Region::Samarkand,
        "Zarina Nazarova",
        "Kamoliddin Roʻziyev",
    ),
    (
        "SUR",
        "Surxondaryo viloyati vakili",
        Region::Surkhandarya,
        "Mavluda Shodiyeva",
        "Bahrom Turdiyev",
    ),
    (
        "SIR",
        "Sirdaryo viloyati vakili",
        Region::Syrdarya,
        "Gulbahor Abdurahmonova",
        "Nodirbek Sattorov",
    ),
    (
        "TOV",
        "Toshkent viloyati vakili",
        Region::TashkentRegion,
        "Lobar Azimova",
        "Sanjarbek Qahhorov",
    ),
];

/// One office with the staff the generator works with.
#[derive(Debug, Clone)]
pub struct OfficeStaff {
    /// Office.
    pub id: OfficeId,
    /// Its code (prefixes numbers).
    pub code: String,
    /// The region it serves; `None` for the central office.
    pub region: Option<Region>,
    /// Case officers, who register and decide appeals.
    pub officers: Vec<UserId>,
    /// Monitors, who visit facilities.
    pub monitors: Vec<UserId>,
}

/// The offices (the central office first) and the manager who issues impact measures.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Offices; index 0 is the central office.
    pub offices: Vec<OfficeStaff>,
    /// The manager (central office).
    pub manager: UserId,
}

impl Staff {
    /// The office of a region's representative, or the central office (Tashkent city, abroad).
    pub fn regional_office(&self, region: Region) -> usize {
        self.offices.iter().position(|o| o.region == Some(region)).unwrap_or(0)
    }

    /// The number of staff accounts the profile works with.
    pub fn accounts(&self) -> usize {
        1 + self
            .offices
            .iter()
            .map(|o| o.officers.len() + o.monitors.len())
            .sum::<usize>()
    }
}

fn user(conn: &mut PgConnection, email: &str) -> anyhow::Result<UserId> {
    Ok(users::find_by_email(conn, email)
        .with_context(|| format!("demo account {email}"))?
        .id)
}

/// Creates what is missing of the demo offices and accounts and of the profile's regional
/// offices and staff (every account has the demo password).
pub fn ensure(conn: &mut PgConnection, domain: &str) -> anyhow::Result<Staff> {
    ensure_offices_and_staff(conn, domain)?;
    let actor = Actor::system("demo-data");
    let hq = offices::find_by_code(conn, "HQ")?;
    account(
        conn,
        "demo.officer2@example.org",
        "Kamola Ismoilova",
        Role::CaseOfficer,
        "HQ",
        domain,
    )?;
    account(
        conn,
        "demo.monitor2@example.org",
        "Rustam Sharipov",
        Role::Monitor,
        "HQ",
        domain,
    )?;
    let mut out = vec![OfficeStaff {
        id: hq.id,
        code: hq.code,
        region: None,
        officers: vec![
            user(conn, "demo.officer@example.org")?,
            user(conn, "demo.officer2@example.org")?,
        ],
        monitors: vec![
            user(conn, "demo.monitor@example.org")?,
            user(conn, "demo.monitor2@example.org")?,
        ],
    }];
    for (code, name, region, officer, monitor) in REGIONAL {
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
        let lower = code.to_ascii_lowercase();
        let officer_email = format!("demo.{lower}.officer@example.org");
        let monitor_email = format!("demo.{lower}.monitor@example.org");
        account(conn, &officer_email, officer, Role::CaseOfficer, code, domain)?;
        account(conn, &monitor_email, monitor, Role::Monitor, code, domain)?;
        out.push(OfficeStaff {
            id: office.id,
            code: office.code,
            region: Some(office.region),
            officers: vec![user(conn, &officer_email)?],
            monitors: vec![user(conn, &monitor_email)?],
        });
    }
    Ok(Staff {
        offices: out,
        manager: user(conn, "demo.manager@example.org")?,
    })
}
