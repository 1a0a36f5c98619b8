//! The applicants of the seed profile: people (citizens, foreign nationals) and organizations with
//! names in their language, contacts, and the appeals they filed before (for repeat appeals).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use ombudsman_db::bulk::ApplicantCopy;
use ombudsman_domain::appeal::{ApplicantKind, Vulnerability};
use ombudsman_domain::ids::{AppealId, ApplicantId};
use ombudsman_domain::language::Language;
use ombudsman_domain::search::fold;
use rand::rngs::StdRng;
use rand::Rng;

use super::texts::{
    lang_index, Topic, ADDRESSES, ENGLISH_NAMES, FOREIGN_CITIZENSHIPS, KOREAN_FAMILY_NAMES, NAMES, ORGANIZATIONS,
};
use super::util::{pick, uuid_at, weighted};

/// An applicant the generator may come back to.
#[derive(Debug, Clone)]
pub struct Known {
    /// Identifier.
    pub id: ApplicantId,
    /// Their last appeal: id, date and index of its text.
    pub last: Option<(AppealId, NaiveDate, usize)>,
    /// Country of stay (migrant workers).
    pub country: Option<&'static str>,
}

/// Who the next appeal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Profile {
    /// Kind.
    pub kind: ApplicantKind,
    /// Language.
    pub language: Language,
    /// What they write about.
    pub topic: Topic,
}

/// The applicants created so far, grouped so that a repeat comes from a comparable person.
#[derive(Default)]
pub struct People {
    known: Vec<Known>,
    pools: HashMap<(ApplicantKind, Language, u8), Vec<u32>>,
    organizations: HashMap<(Language, usize), u32>,
    created: usize,
}

fn topic_code(t: Topic) -> u8 {
    match t {
        Topic::General => 0,
        Topic::Detention => 1,
        Topic::Migrant => 2,
        Topic::Military => 3,
    }
}

impl People {
    /// Applicants created so far.
    pub fn created(&self) -> usize {
        self.created
    }

    /// One known applicant.
    pub fn get(&self, index: u32) -> &Known {
        &self.known[index as usize]
    }

    /// Records the appeal an applicant just filed.
    pub fn filed(&mut self, index: u32, appeal: AppealId, on: NaiveDate, text: usize) {
        self.known[index as usize].last = Some((appeal, on, text));
    }

    /// An organization writing in `language`: the index of its name, and the applicant it already
    /// is when it appealed before (organizations come back by name).
    pub fn organization(&self, rng: &mut StdRng, language: Language) -> (usize, Option<u32>) {
        let names = ORGANIZATIONS[lang_index(language)];
        let org = rng.gen_range(0..names.len());
        (org, self.organizations.get(&(language, org)).copied())
    }

    /// An earlier person comparable to `who` (about one appeal in nine), if one is picked.
    pub fn returning(&self, rng: &mut StdRng, who: Profile) -> Option<u32> {
        let pool = self.pools.get(&(who.kind, who.language, topic_code(who.topic)))?;
        if pool.is_empty() || !rng.gen_bool(0.11) {
            return None;
        }
        // Recent applicants come back more often than old ones.
        let window = pool.len().min(4000);
        Some(pool[pool.len() - 1 - rng.gen_range(0..window)])
    }

    /// A new applicant like `who`, first heard from at `at`; returns its index and row.
    #[allow(clippy::too_many_arguments)]
    pub fn create(
        &mut self,
        rng: &mut StdRng,
        who: Profile,
        organization: Option<usize>,
        country: Option<&'static str>,
        vulnerability: Option<Vulnerability>,
        place: &str,
        at: DateTime<Utc>,
    ) -> (u32, ApplicantCopy) {
        let lang = lang_index(who.language);
        let org = who.kind == ApplicantKind::Organization;
        let full_name = if org {
            let names = ORGANIZATIONS[lang];
            names[organization.unwrap_or_else(|| rng.gen_range(0..names.len())) % names.len()].to_owned()
        } else {
            person_name(rng, who.language)
        };
        self.created += 1;
        let email = rng.gen_bool(if org { 0.8 } else { 0.5 }).then(|| {
            let words: Vec<String> = fold(&full_name).split(' ').take(3).map(str::to_owned).collect();
            format!("{}.{}@applicants.example.org", words.join("."), self.created)
        });
        let phone = rng.gen_bool(0.7).then(|| phone(rng, who.kind, country));
        let postal_address = rng.gen_bool(if org { 0.6 } else { 0.25 }).then(|| {
            ADDRESSES[lang]
                .replace("{region}", place)
                .replace("{n}", &rng.gen_range(1..=120).to_string())
        });
        let citizenship = match who.kind {
            ApplicantKind::Citizen => Some("UZ"),
            ApplicantKind::ForeignNational => Some(weighted(rng, FOREIGN_CITIZENSHIPS)),
            _ => None,
        };
        let row = ApplicantCopy {
            id: ApplicantId(uuid_at(rng, at)),
            kind: who.kind,
            search_name: ombudsman_domain::search::fold(&full_name),
            full_name,
            email,
            phone_digits: phone.as_ref().map(|p| p.chars().filter(char::is_ascii_digit).collect()),
            phone,
            postal_address,
            language: who.language,
            citizenship,
            country_of_stay: country,
            vulnerabilities: vulnerability.into_iter().collect(),
            created_at: at,
            updated_at: at,
        };
        let index = self.known.len() as u32;
        self.known.push(Known {
            id: row.id,
            last: None,
            country,
        });
        match organization {
            Some(o) if org => {
                self.organizations.insert((who.language, o), index);
            }
            _ => self
                .pools
                .entry((who.kind, who.language, topic_code(who.topic)))
                .or_default()
                .push(index),
        }
        (index, row)
    }
}

/// A person's name in a language: given name and family name (in the female form for women).
fn person_name(rng: &mut StdRng, language: Language) -> String {
    if language == Language::En {
        return (*pick(rng, ENGLISH_NAMES)).to_owned();
    }
    let parts = &NAMES[lang_index(language)];
    let female = rng.gen_bool(0.5);
    let given = if female {
        pick(rng, parts.female)
    } else {
        pick(rng, parts.male)
    };
    if language == Language::Ru && rng.gen_bool(0.12) {
        return format!("{given} {}", pick(rng, KOREAN_FAMILY_NAMES));
    }
    let family = pick(rng, parts.family);
    if female && parts.inflects {
        let suffix = if language == Language::UzLatn { "a" } else { "а" };
        format!("{given} {family}{suffix}")
    } else {
        format!("{given} {family}")
    }
}

/// A mobile number: Uzbek for people in Uzbekistan, Russian or Kazakh (+7) for those abroad and
/// for most foreign nationals.
fn phone(rng: &mut StdRng, kind: ApplicantKind, country: Option<&str>) -> String {
    let (a, b, c) = (rng.gen_range(100..1000), rng.gen_range(10..100), rng.gen_range(10..100));
    if matches!(country, Some("RU" | "KZ")) || (kind == ApplicantKind::ForeignNational && rng.gen_bool(0.5)) {
        format!("+7 9{:02} {a}-{b}-{c}", rng.gen_range(0..100))
    } else {
        let operator = pick(rng, &[90, 91, 93, 94, 95, 97, 99, 88, 33]);
        format!("+998 {operator} {a}-{b}-{c}")
    }
}
