//! The bodies of the directory the seed's appeals name: each text's body is looked up by the
//! fold of its name; the generic district khokimiyat of the texts is the district khokimiyat
//! of the appeal's region in the directory, so that the report counts each body once.

use std::collections::HashMap;

use anyhow::Context as _;
use diesel::PgConnection;
use ombudsman_db::state_bodies::{self, StateBodyFilter};
use ombudsman_domain::ids::StateBodyId;
use ombudsman_domain::office::Region;
use ombudsman_domain::state_body::{name_key, StateBodyKind};

use super::texts::APPEALS;

/// How the texts name a district khokimiyat, in each language.
const DISTRICT_KHOKIMIYAT: [&str; 4] = [
    "Tuman hokimligi",
    "Туман ҳокимлиги",
    "Хокимият района",
    "District khokimiyat",
];

/// The directory as the seed uses it.
pub struct SeedBodies {
    by_fold: HashMap<String, StateBodyId>,
    districts: HashMap<Region, StateBodyId>,
}

impl SeedBodies {
    /// Reads the directory: every body the texts name must be in it (the migration's starter
    /// directory has them), and one district khokimiyat per region.
    pub fn load(conn: &mut PgConnection) -> anyhow::Result<Self> {
        let names: Vec<String> = APPEALS
            .iter()
            .filter(|t| !DISTRICT_KHOKIMIYAT.contains(&t.body))
            .map(|t| name_key(t.body))
            .collect();
        let by_fold = state_bodies::match_folds(conn, &names)?;
        if let Some(missing) = names.iter().find(|n| !by_fold.contains_key(*n)) {
            anyhow::bail!("the directory of state bodies has no body named {missing}");
        }
        let filter = StateBodyFilter {
            kind: Some(StateBodyKind::Khokimiyat),
            ..StateBodyFilter::default()
        };
        let mut districts = HashMap::new();
        for (body, _) in state_bodies::list(conn, &filter, None, 1000).context("read the directory")? {
            // A district khokimiyat sits under its region's khokimiyat.
            if let (Some(region), Some(_)) = (body.region, body.parent_id) {
                districts.entry(region).or_insert(body.id);
            }
        }
        Ok(Self { by_fold, districts })
    }

    /// The body a text names, for an appeal about `region`; none for a district khokimiyat
    /// abroad.
    pub fn link(&self, body: &str, region: Region) -> Option<StateBodyId> {
        if DISTRICT_KHOKIMIYAT.contains(&body) {
            self.districts.get(&region).copied()
        } else {
            self.by_fold.get(&name_key(body)).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoted strings of the migration that seeds the starter directory, folded.
    fn starter_directory() -> Vec<String> {
        let sql = include_str!("../../../../migrations/2026-12-01-000080_state_bodies/up.sql");
        let values = &sql[sql.find("VALUES").unwrap_or(0)..];
        values
            .replace("''", "\u{2019}")
            .split('\'')
            .skip(1)
            .step_by(2)
            .map(name_key)
            .collect()
    }

    #[test]
    fn every_body_the_texts_name_is_in_the_starter_directory() {
        let directory = starter_directory();
        assert!(directory.len() > 200, "{}", directory.len());
        for t in APPEALS {
            if !DISTRICT_KHOKIMIYAT.contains(&t.body) {
                assert!(
                    directory.contains(&name_key(t.body)),
                    "{} is not in the directory",
                    t.body
                );
            }
        }
        // Each region has a district khokimiyat, in its four names.
        for district in [
            "Chilonzor tumani hokimligi",
            "Хокимият Чиланзарского района",
            "Urgut District Khokimiyat",
        ] {
            assert!(directory.contains(&name_key(district)), "{district}");
        }
    }
}
