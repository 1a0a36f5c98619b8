//! Facilities and monitoring visits of the seed profile: the registry, then the visits of each
//! period with their teams, Public Group members, findings, recommendations and follow-ups.

use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::bulk::{self, FollowUpCopy, RecommendationCopy, VisitCopy, VisitTeamCopy};
use ombudsman_db::facilities::{self, NewFacilityRow};
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::ids::FacilityId;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use rand::seq::SliceRandom;
use rand::Rng;
use uuid::Uuid;

use super::staff::Staff;
use super::texts::{lang_index, FINDINGS, FOLLOW_UP_NOTES, PUBLIC_GROUP_MEMBERS, RECOMMENDATIONS};
use super::util::{office_hours, pick, plus, quotas, stream, tashkent, uuid_at, weekend, weighted, DaySampler};
use super::{registry, Period};

/// The counter series of visit numbers (`HQ-V-2025-0001`).
pub const VISIT_SERIES: &str = "visit";

/// A facility of the registry as the generator sees it.
#[derive(Debug, Clone)]
pub struct FacilityInfo {
    /// Identifier.
    pub id: FacilityId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: FacilityKind,
    /// Region.
    pub region: Region,
    /// Index of the covering office.
    pub office: usize,
    /// Operating authority.
    pub authority: String,
    /// Whether it is in use.
    pub active: bool,
}

/// A generated visit, as later parts of the data set refer to it.
#[derive(Debug, Clone)]
pub struct VisitInfo {
    /// Identifier.
    pub id: Uuid,
    /// Index into the facilities.
    pub facility: usize,
    /// Index of the office.
    pub office: usize,
    /// First day.
    pub started: NaiveDate,
    /// Last day.
    pub ended: NaiveDate,
    /// Language of its findings and recommendations.
    pub language: Language,
    /// Index of its period.
    pub period: usize,
}

/// What the facility step did.
#[derive(Debug, Default)]
pub struct RegistrySummary {
    /// Facilities added.
    pub inserted: usize,
    /// Facilities of the same name and region already registered, reused.
    pub reused: usize,
}

/// What the visit step loaded.
#[derive(Debug, Default)]
pub struct VisitSummary {
    /// Visit team members.
    pub team: usize,
    /// Recommendations.
    pub recommendations: usize,
    /// Follow-up records.
    pub follow_ups: usize,
}

/// Adds the registry's facilities that are missing; returns every planned facility.
pub fn ensure_facilities(
    conn: &mut PgConnection,
    staff: &Staff,
) -> anyhow::Result<(Vec<FacilityInfo>, RegistrySummary)> {
    let mut out = Vec::new();
    let mut summary = RegistrySummary::default();
    // Identifiers do not depend on the data set's seed: the registry is the same every time.
    let mut ids = stream(0, 99);
    let registered = NaiveDate::from_ymd_opt(2023, 12, 1).unwrap_or(NaiveDate::MIN);
    for plan in registry::plan() {
        let office = staff.regional_office(plan.region);
        let id = FacilityId(uuid_at(&mut ids, tashkent(registered, 9, 0)));
        let found = match bulk::find_facility(conn, &plan.name, plan.region)? {
            Some(f) => {
                summary.reused += 1;
                f
            }
            None => {
                summary.inserted += 1;
                facilities::insert(
                    conn,
                    &NewFacilityRow {
                        id,
                        name: &plan.name,
                        kind: plan.kind,
                        region: plan.region,
                        operating_authority: plan.authority,
                        capacity: plan.capacity,
                        is_active: plan.active,
                        office_id: Some(staff.offices[office].id),
                    },
                )?
            }
        };
        let office = found
            .office_id
            .and_then(|id| staff.offices.iter().position(|o| o.id == id))
            .unwrap_or(office);
        out.push(FacilityInfo {
            id: found.id,
            name: found.name,
            kind: found.kind,
            region: found.region,
            office,
            authority: found.operating_authority,
            active: found.is_active,
        });
    }
    Ok((out, summary))
}

const VISIT_TYPES: &[(&str, u32)] = &[("planned", 45), ("unannounced", 33), ("follow_up", 14), ("reactive", 8)];
const LANGUAGES: &[(Language, u32)] = &[
    (Language::UzLatn, 45),
    (Language::Ru, 30),
    (Language::UzCyrl, 15),
    (Language::En, 10),
];
/// Shares of the facility kinds among visits, in the order of `FacilityKind::ALL`.
const KIND_SHARES: [u64; 6] = [12, 28, 14, 12, 24, 10];

/// A visit's format of number: `HQ-V-2025-0001`, per office and year of its first day.
fn visit_number(office_code: &str, year: i32, seq: i32) -> String {
    format!("{office_code}-V-{year}-{seq:04}")
}

/// Generates and copies the visits of both periods; returns them in order of their start.
pub fn load(
    conn: &mut PgConnection,
    seed: u64,
    periods: &[Period],
    facilities: &[FacilityInfo],
    staff: &Staff,
) -> anyhow::Result<(Vec<VisitInfo>, VisitSummary)> {
    let mut rng = stream(seed, 1);
    let mut visits: Vec<VisitInfo> = Vec::new();
    let mut kinds_of: Vec<(usize, &'static str)> = Vec::new();
    for (p, period) in periods.iter().enumerate() {
        let days = DaySampler::new(period.from, period.to, |d| if weekend(d) { 1 } else { 8 });
        let mut slots: Vec<(NaiveDate, FacilityKind)> = Vec::new();
        for (kind, count) in FacilityKind::ALL.iter().zip(quotas(period.visits, &KIND_SHARES)) {
            for _ in 0..count {
                slots.push((days.draw(&mut rng), *kind));
            }
        }
        slots.sort_by_key(|(d, k)| (*d, *k));
        for (started, kind) in slots {
            let candidates: Vec<usize> = (0..facilities.len())
                .filter(|i| facilities[*i].kind == kind && facilities[*i].active)
                .collect();
            let mut visit_type = weighted(&mut rng, VISIT_TYPES);
            let earlier: Vec<usize> = visits
                .iter()
                .filter(|v| facilities[v.facility].kind == kind)
                .map(|v| v.facility)
                .collect();
            let facility = if visit_type == "follow_up" && !earlier.is_empty() {
                *pick(&mut rng, &earlier)
            } else {
                if visit_type == "follow_up" {
                    visit_type = "planned";
                }
                match candidates.as_slice() {
                    [] => anyhow::bail!("the registry has no active facility of kind {kind}"),
                    c => *pick(&mut rng, c),
                }
            };
            let length = weighted(&mut rng, &[(0, 70), (1, 20), (2, 7), (4, 3)]);
            visits.push(VisitInfo {
                id: Uuid::nil(),
                facility,
                office: facilities[facility].office,
                started,
                ended: plus(started, length),
                language: weighted(&mut rng, LANGUAGES),
                period: p,
            });
            kinds_of.push((facility, visit_type));
        }
    }

    // Numbers per office and year, in the order of the first day.
    let mut next: std::collections::HashMap<(usize, i32), i32> = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(visits.len());
    let mut team = Vec::new();
    for (i, v) in visits.iter_mut().enumerate() {
        let year = v.started.year();
        let office = &staff.offices[v.office];
        let seq = match next.get(&(v.office, year)) {
            Some(n) => *n,
            None => bulk::counter_value(conn, office.id, VISIT_SERIES, year)? + 1,
        };
        next.insert((v.office, year), seq + 1);
        v.id = uuid_at(&mut rng, tashkent(v.started, 9, 0));
        let f = &facilities[v.facility];
        let mut members: Vec<_> = office.monitors.clone();
        members.shuffle(&mut rng);
        members.truncate(rng.gen_range(1..=2));
        if v.office != 0 && rng.gen_bool(0.3) {
            members.push(*pick(&mut rng, &staff.offices[0].monitors));
        }
        for m in &members {
            team.push(VisitTeamCopy {
                visit_id: v.id,
                user_id: *m,
            });
        }
        let mut group: Vec<&'static str> = Vec::new();
        if rng.gen_bool(0.6) {
            let n = rng.gen_range(1..=3);
            group = PUBLIC_GROUP_MEMBERS.choose_multiple(&mut rng, n).copied().collect();
        }
        let (low, high) = match f.kind {
            FacilityKind::PenalInstitution => (10, 45),
            FacilityKind::PreTrialDetentionCentre => (8, 35),
            FacilityKind::TemporaryDetentionFacility => (1, 10),
            FacilityKind::SpecialReceptionCentre => (2, 15),
            FacilityKind::MilitaryUnit => (5, 30),
            _ => (4, 20),
        };
        let interviewed = rng.gen_range(low..=high);
        let findings = pick(&mut rng, FINDINGS[lang_index(v.language)]).replace("{n}", &interviewed.to_string());
        rows.push(VisitCopy {
            id: v.id,
            number: visit_number(&office.code, year, seq),
            office_id: office.id,
            facility_id: f.id,
            started_on: v.started,
            ended_on: v.ended,
            visit_type: kinds_of[i].1,
            public_group_members: group,
            people_interviewed: interviewed,
            people_interviewed_in_groups: if rng.gen_bool(0.5) { 0 } else { rng.gen_range(5..=40) },
            findings,
            created_by: members.first().copied(),
            created_at: tashkent(v.ended, 18, 0),
            updated_at: tashkent(v.ended, 18, 0),
        });
    }
    bulk::copy_visits(conn, &rows)?;
    bulk::copy_visit_team(conn, &team)?;
    for ((office, year), after_last) in next {
        bulk::raise_counter(conn, staff.offices[office].id, VISIT_SERIES, year, after_last - 1)?;
    }

    let (recommendations, follow_ups) = recommendations(&mut rng, &visits, facilities, staff);
    bulk::copy_recommendations(conn, &recommendations)?;
    bulk::copy_follow_ups(conn, &follow_ups)?;
    let summary = VisitSummary {
        team: team.len(),
        recommendations: recommendations.len(),
        follow_ups: follow_ups.len(),
    };
    Ok((visits, summary))
}

/// Recommendations after each visit, with their follow-up: checked on the next visit to the same
/// facility when there is one, otherwise on the facility's report after the due date.
fn recommendations(
    rng: &mut rand::rngs::StdRng,
    visits: &[VisitInfo],
    facilities: &[FacilityInfo],
    staff: &Staff,
) -> (Vec<RecommendationCopy>, Vec<FollowUpCopy>) {
    let mut recs = Vec::new();
    let mut follow_ups = Vec::new();
    for (i, v) in visits.iter().enumerate() {
        let lang = lang_index(v.language);
        let count = weighted(rng, &[(0, 15), (1, 20), (2, 25), (3, 20), (4, 12), (5, 8)]);
        let texts: Vec<&'static str> = RECOMMENDATIONS[lang].choose_multiple(rng, count).copied().collect();
        let next_visit = visits[i + 1..]
            .iter()
            .find(|n| n.facility == v.facility && n.started > v.ended);
        let f = &facilities[v.facility];
        let monitor = *pick(rng, &staff.offices[v.office].monitors);
        for (position, text) in texts.into_iter().enumerate() {
            let id = uuid_at(rng, tashkent(v.ended, 18, 0));
            let due_on = plus(v.ended, *pick(rng, &[30, 60, 90]));
            // Older visits had more time to be followed up.
            let weights: &[(&str, u32)] = if v.period == 0 {
                &[
                    ("implemented", 55),
                    ("partially_implemented", 20),
                    ("not_implemented", 10),
                    ("open", 15),
                ]
            } else {
                &[
                    ("implemented", 40),
                    ("partially_implemented", 20),
                    ("not_implemented", 10),
                    ("open", 30),
                ]
            };
            let status = weighted(rng, weights);
            let mut version = 1;
            let mut updated_at = tashkent(v.ended, 18, 0);
            if status != "open" {
                let (checked_by, day) = match next_visit {
                    Some(n) => (Some(n.id), n.ended),
                    None => (None, plus(due_on, rng.gen_range(0..30))),
                };
                let day = day.max(v.ended);
                let mut from = "open";
                let span = (day - v.ended).num_days();
                if status == "implemented" && span > 1 && rng.gen_bool(0.3) {
                    let earlier = plus(v.ended, rng.gen_range(1..span));
                    follow_ups.push(FollowUpCopy {
                        id: uuid_at(rng, tashkent(earlier, 12, 0)),
                        recommendation_id: id,
                        visit_id: None,
                        from_status: "open",
                        status: "partially_implemented",
                        note: FOLLOW_UP_NOTES[lang][1],
                        recorded_by: Some(monitor),
                        recorded_at: office_hours(rng, earlier),
                    });
                    from = "partially_implemented";
                    version += 1;
                }
                let note = match status {
                    "implemented" => FOLLOW_UP_NOTES[lang][0],
                    "partially_implemented" => FOLLOW_UP_NOTES[lang][1],
                    _ => FOLLOW_UP_NOTES[lang][2],
                };
                let at = office_hours(rng, day);
                follow_ups.push(FollowUpCopy {
                    id: uuid_at(rng, at),
                    recommendation_id: id,
                    visit_id: checked_by,
                    from_status: from,
                    status,
                    note,
                    recorded_by: Some(monitor),
                    recorded_at: at,
                });
                version += 1;
                updated_at = at;
            }
            recs.push(RecommendationCopy {
                id,
                visit_id: v.id,
                position: position as i32 + 1,
                text,
                addressee: if rng.gen_bool(0.5) {
                    f.authority.clone()
                } else {
                    format!("Administration of {}", f.name)
                },
                due_on: Some(due_on),
                status,
                version,
                created_at: tashkent(v.ended, 18, 0),
                updated_at,
            });
        }
    }
    (recs, follow_ups)
}
