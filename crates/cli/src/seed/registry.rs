//! The facility registry of the seed profile: a few hundred places of detention over the 14
//! regions, of the six kinds the office visits. It does not depend on the random seed: the same
//! registry is loaded every time, and facilities already registered under the same name and
//! region are reused.

use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::office::Region;

/// A facility of the registry.
#[derive(Debug, Clone)]
pub struct FacilityPlan {
    /// Name, unique within the region.
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// The body that runs it.
    pub authority: &'static str,
    /// Places.
    pub capacity: Option<i32>,
    /// Whether it is in use.
    pub active: bool,
}

const MIA: &str = "Ministry of Internal Affairs";
const DEP: &str = "Department for the Execution of Punishments, Ministry of Internal Affairs";
const HEALTH: &str = "Ministry of Health";

/// A region, its name, its districts (a temporary detention facility in each) and how many penal
/// institutions, pre-trial detention centres and military units it has.
type RegionRow = (Region, &'static str, &'static [&'static str], u32, u32, u32);

/// The regions of the registry.
const REGIONS: &[RegionRow] = &[
    (
        Region::Karakalpakstan,
        "Republic of Karakalpakstan",
        &[
            "Nukus",
            "Amudarya",
            "Beruniy",
            "Chimbay",
            "Ellikqala",
            "Kegeyli",
            "Kungrad",
            "Muynak",
            "Shumanay",
            "Turtkul",
            "Khojeyli",
            "Takhiatash",
        ],
        3,
        1,
        4,
    ),
    (
        Region::Andijan,
        "Andijan region",
        &[
            "Andijan city",
            "Asaka",
            "Baliqchi",
            "Bo'ston",
            "Buloqboshi",
            "Izboskan",
            "Jalaquduq",
            "Xo'jaobod",
            "Qo'rg'ontepa",
            "Marhamat",
            "Oltinko'l",
            "Paxtaobod",
            "Shahrixon",
            "Ulug'nor",
        ],
        3,
        1,
        3,
    ),
    (
        Region::Bukhara,
        "Bukhara region",
        &[
            "Bukhara city",
            "Kogon",
            "G'ijduvon",
            "Jondor",
            "Olot",
            "Peshku",
            "Qorako'l",
            "Qorovulbozor",
            "Romitan",
            "Shofirkon",
            "Vobkent",
        ],
        3,
        1,
        4,
    ),
    (
        Region::Fergana,
        "Fergana region",
        &[
            "Fergana city",
            "Margilan",
            "Kokand",
            "Quvasoy",
            "Beshariq",
            "Bog'dod",
            "Buvayda",
            "Dang'ara",
            "Furqat",
            "Oltiariq",
            "Quva",
            "Rishton",
            "So'x",
            "Toshloq",
            "Uchko'prik",
            "Yozyovon",
        ],
        4,
        1,
        3,
    ),
    (
        Region::Jizzakh,
        "Jizzakh region",
        &[
            "Jizzakh city",
            "Arnasoy",
            "Baxmal",
            "Do'stlik",
            "Forish",
            "G'allaorol",
            "Mirzacho'l",
            "Paxtakor",
            "Yangiobod",
            "Zafarobod",
            "Zarbdor",
            "Zomin",
        ],
        2,
        1,
        4,
    ),
    (
        Region::Kashkadarya,
        "Kashkadarya region",
        &[
            "Karshi city",
            "Shahrisabz",
            "Chiroqchi",
            "Dehqonobod",
            "G'uzor",
            "Kasbi",
            "Kitob",
            "Koson",
            "Mirishkor",
            "Muborak",
            "Nishon",
            "Qamashi",
            "Yakkabog'",
        ],
        4,
        1,
        5,
    ),
    (
        Region::Khorezm,
        "Khorezm region",
        &[
            "Urgench city",
            "Khiva",
            "Bog'ot",
            "Gurlan",
            "Xonqa",
            "Hazorasp",
            "Qo'shko'pir",
            "Shovot",
            "Yangiariq",
            "Yangibozor",
        ],
        2,
        1,
        3,
    ),
    (
        Region::Namangan,
        "Namangan region",
        &[
            "Namangan city",
            "Chortoq",
            "Chust",
            "Kosonsoy",
            "Mingbuloq",
            "Norin",
            "Pop",
            "To'raqo'rg'on",
            "Uchqo'rg'on",
            "Uychi",
            "Yangiqo'rg'on",
        ],
        3,
        1,
        3,
    ),
    (
        Region::Navoi,
        "Navoi region",
        &[
            "Navoi city",
            "Zarafshan",
            "Karmana",
            "Konimex",
            "Navbahor",
            "Nurota",
            "Qiziltepa",
            "Tomdi",
            "Uchquduq",
            "Xatirchi",
        ],
        4,
        1,
        3,
    ),
    (
        Region::Samarkand,
        "Samarkand region",
        &[
            "Samarkand city",
            "Kattaqo'rg'on",
            "Bulung'ur",
            "Ishtixon",
            "Jomboy",
            "Narpay",
            "Nurobod",
            "Oqdaryo",
            "Past Darg'om",
            "Paxtachi",
            "Payariq",
            "Qo'shrabot",
            "Toyloq",
            "Urgut",
        ],
        4,
        1,
        4,
    ),
    (
        Region::Surkhandarya,
        "Surkhandarya region",
        &[
            "Termez city",
            "Angor",
            "Boysun",
            "Denov",
            "Jarqo'rg'on",
            "Qiziriq",
            "Qumqo'rg'on",
            "Muzrabot",
            "Oltinsoy",
            "Sariosiyo",
            "Sherobod",
            "Sho'rchi",
            "Uzun",
        ],
        2,
        1,
        6,
    ),
    (
        Region::Syrdarya,
        "Syrdarya region",
        &[
            "Gulistan city",
            "Yangiyer",
            "Shirin",
            "Boyovut",
            "Mirzaobod",
            "Oqoltin",
            "Sardoba",
            "Sayxunobod",
            "Sirdaryo",
        ],
        2,
        1,
        2,
    ),
    (
        Region::TashkentRegion,
        "Tashkent region",
        &[
            "Nurafshon",
            "Angren",
            "Almalyk",
            "Chirchiq",
            "Bekobod",
            "Bo'stonliq",
            "Bo'ka",
            "Ohangaron",
            "Oqqo'rg'on",
            "Parkent",
            "Piskent",
            "Qibray",
            "Yangiyo'l",
            "Zangiota",
            "Yuqorichirchiq",
        ],
        6,
        1,
        6,
    ),
    (
        Region::TashkentCity,
        "Tashkent city",
        &[
            "Bektemir",
            "Chilonzor",
            "Mirobod",
            "Mirzo Ulug'bek",
            "Olmazor",
            "Sergeli",
            "Shayxontohur",
            "Uchtepa",
            "Yakkasaroy",
            "Yashnobod",
            "Yunusobod",
            "Yangihayot",
        ],
        3,
        2,
        5,
    ),
];

/// A small deterministic mixer, so that capacities and unit numbers look irregular without
/// depending on the data set's random seed.
fn mix(a: usize, b: usize) -> u32 {
    let mut x = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 29;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 32;
    (x % 1_000_000) as u32
}

/// The whole registry, in a fixed order.
pub fn plan() -> Vec<FacilityPlan> {
    let mut out = Vec::new();
    let mut colony_no = 1;
    let mut sizo_no = 1;
    for (r, (region, name, districts, colonies, sizos, units)) in REGIONS.iter().enumerate() {
        let region = *region;
        let mut push = |name: String, kind, authority, capacity: Option<i32>, active| {
            out.push(FacilityPlan {
                name,
                kind,
                region,
                authority,
                capacity,
                active,
            })
        };
        let receptions = if region == Region::TashkentCity { 2 } else { 1 };
        for k in 1..=receptions {
            let label = if receptions > 1 {
                format!(" No. {k}")
            } else {
                String::new()
            };
            push(
                format!("Special reception centre{label} of the internal affairs department, {name}"),
                FacilityKind::SpecialReceptionCentre,
                MIA,
                Some(40 + (mix(r, k) % 80) as i32),
                true,
            );
        }
        for (d, district) in districts.iter().enumerate() {
            push(
                format!("Temporary detention facility of the {district} internal affairs department"),
                FacilityKind::TemporaryDetentionFacility,
                MIA,
                Some(12 + (mix(r, 100 + d) % 30) as i32),
                // One facility in twenty-odd was closed and stays in the registry for its history.
                mix(r, 200 + d) % 23 != 7,
            );
        }
        for _ in 0..*sizos {
            push(
                format!("Pre-trial detention centre No. {sizo_no} ({name})"),
                FacilityKind::PreTrialDetentionCentre,
                DEP,
                Some(400 + (mix(r, 300 + sizo_no) % 900) as i32),
                true,
            );
            sizo_no += 1;
        }
        for c in 0..*colonies {
            let kind_name = match (colony_no + c as usize) % 5 {
                0 => "Colony-settlement",
                1 | 3 => "General-regime penal colony",
                2 => "Strict-regime penal colony",
                _ => "Penal colony",
            };
            push(
                format!("{kind_name} No. {colony_no} ({name})"),
                FacilityKind::PenalInstitution,
                DEP,
                Some(500 + (mix(r, 400 + colony_no) % 2000) as i32),
                true,
            );
            colony_no += 1;
        }
        for u in 0..*units {
            let number = 10_000 + mix(r, 500 + u as usize) % 89_999;
            let authority = match u % 3 {
                0 | 1 => "Ministry of Defence",
                _ => "National Guard",
            };
            push(
                format!("Military unit No. {number}"),
                FacilityKind::MilitaryUnit,
                authority,
                None,
                true,
            );
        }
        push(
            format!("Psychiatric hospital ({name})"),
            FacilityKind::CompulsoryTreatmentFacility,
            HEALTH,
            Some(150 + (mix(r, 600) % 400) as i32),
            true,
        );
        push(
            format!("Narcological dispensary, compulsory treatment unit ({name})"),
            FacilityKind::CompulsoryTreatmentFacility,
            HEALTH,
            Some(30 + (mix(r, 601) % 90) as i32),
            true,
        );
    }
    out.push(FacilityPlan {
        name: "Republican psychiatric hospital".into(),
        kind: FacilityKind::CompulsoryTreatmentFacility,
        region: Region::TashkentCity,
        authority: HEALTH,
        capacity: Some(1200),
        active: true,
    });
    out.push(FacilityPlan {
        name: "Women's penal colony".into(),
        kind: FacilityKind::PenalInstitution,
        region: Region::TashkentRegion,
        authority: DEP,
        capacity: Some(1100),
        active: true,
    });
    out.push(FacilityPlan {
        name: "Juvenile penal colony".into(),
        kind: FacilityKind::PenalInstitution,
        region: Region::TashkentRegion,
        authority: DEP,
        capacity: Some(400),
        active: true,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_covers_every_region_and_kind_with_unique_names() {
        let all = plan();
        assert!((250..=400).contains(&all.len()), "{}", all.len());
        for region in &Region::ALL[..14] {
            assert!(all.iter().any(|f| f.region == *region), "{region}");
        }
        for kind in &FacilityKind::ALL[..6] {
            assert!(all.iter().any(|f| f.kind == *kind), "{kind}");
        }
        let mut names: Vec<_> = all.iter().map(|f| (f.region, f.name.clone())).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len(), "a name repeats within a region");
    }
}
