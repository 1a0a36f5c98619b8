//! The appeals of the seed profile: exactly the planned number per period, spread over the
//! days, channels, regions, rights categories, applicant kinds and outcomes, numbered per office
//! and year in the order received, and copied in chunks with their applicants and timelines.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::bulk::{self, AppealCopy, AppealEventCopy, ApplicantCopy};
use ombudsman_domain::appeal::{registration_number, ApplicantKind, Channel, Outcome, Vulnerability};
use ombudsman_domain::deadline::{Calendar, DeadlinePolicy};
use ombudsman_domain::events::TimelineKind;
use ombudsman_domain::facility::FacilityKind;
use ombudsman_domain::ids::{AppealEventId, AppealId, ApplicantId, UserId};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use ombudsman_domain::search::fold;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::arrivals::{category_mask, languages, skeleton, REGIONS};
use super::bodies::SeedBodies;
use super::lifecycle::{live, Deadlines, Plan};
use super::people::{People, Profile};
use super::staff::Staff;
use super::texts::{lang_index, region_name, Topic, APPEALS, COUNTRIES_ABROAD};
use super::util::{pick, scale, stream, tashkent, uuid_at, weighted};
use super::visits::{FacilityInfo, VisitInfo};
use super::Period;

/// Appeals copied per round trip.
const CHUNK: usize = 10_000;

/// What the generator works from.
pub struct Inputs<'a> {
    /// Random seed.
    pub seed: u64,
    /// The day of the load (ends the clock of paused appeals).
    pub today: NaiveDate,
    /// The periods.
    pub periods: &'a [Period],
    /// Offices and staff.
    pub staff: &'a Staff,
    /// The registry.
    pub facilities: &'a [FacilityInfo],
    /// The visits.
    pub visits: &'a [VisitInfo],
    /// Deadline policy per office.
    pub policies: &'a [DeadlinePolicy],
    /// The working-day calendar.
    pub calendar: &'a Calendar,
    /// The directory of state bodies.
    pub bodies: &'a SeedBodies,
}

/// A decided appeal that impact measures and compensation can refer to.
#[derive(Debug, Clone)]
pub struct Decided {
    /// Appeal.
    pub id: AppealId,
    /// Its applicant.
    pub applicant: ApplicantId,
    /// Index of its office.
    pub office: usize,
    /// Received.
    pub received: NaiveDate,
    /// Closed.
    pub closed: NaiveDate,
    /// Index of its text in [`APPEALS`].
    pub text: usize,
    /// Region.
    pub region: Region,
    /// Country, for region `abroad`.
    pub country: Option<&'static str>,
    /// The officer it is assigned to.
    pub officer: UserId,
}

/// Figures of one period.
#[derive(Debug, Default, Clone)]
pub struct PeriodCounts {
    /// Appeals received.
    pub received: usize,
    /// Closed.
    pub closed: usize,
    /// Open with the clock paused.
    pub paused: usize,
    /// Open and overdue.
    pub overdue: usize,
}

/// What the appeal step loaded.
#[derive(Debug, Default)]
pub struct AppealsLoaded {
    /// Appeals closed as satisfied or partially satisfied, in the order received.
    pub decided: Vec<Decided>,
    /// Some appeals received during each visit.
    pub visit_appeals: Vec<Vec<AppealId>>,
    /// Figures per period.
    pub per_period: Vec<PeriodCounts>,
    /// Applicants created.
    pub applicants: usize,
    /// Appeals linked to an earlier one of the same applicant.
    pub repeats: usize,
    /// Timeline entries.
    pub events: usize,
    /// One appeal's number and access code, for trying the public lookup.
    pub sample: Option<(String, String)>,
}

/// Rows of some thousand appeals, copied together (applicants first, for the foreign keys).
struct Chunk {
    applicants: Vec<ApplicantCopy>,
    appeals: Vec<AppealCopy>,
    events: Vec<AppealEventCopy>,
    appeals_copied: usize,
}

impl Chunk {
    fn new() -> Self {
        Self {
            applicants: Vec::with_capacity(CHUNK),
            appeals: Vec::with_capacity(CHUNK),
            events: Vec::with_capacity(CHUNK * 3),
            appeals_copied: 0,
        }
    }

    /// Copies the rows; returns the number of timeline entries.
    fn flush(&mut self, conn: &mut PgConnection) -> anyhow::Result<usize> {
        bulk::copy_applicants(conn, &self.applicants)?;
        self.appeals_copied = bulk::copy_appeals(conn, &self.appeals)?;
        Ok(bulk::copy_appeal_events(conn, &self.events)?)
    }
}

/// Generates and copies the appeals of every period, oldest first. A second thread generates
/// the next chunk while this one copies the last, so that the database and the generator work at
/// the same time.
pub fn load(conn: &mut PgConnection, inp: &Inputs<'_>) -> anyhow::Result<AppealsLoaded> {
    // The generator has no connection: it starts from the counters as they stand.
    let mut seqs: HashMap<(usize, i32), i32> = HashMap::new();
    for (office, staff) in inp.staff.offices.iter().enumerate() {
        for period in inp.periods {
            let year = period.from.year();
            seqs.insert((office, year), bulk::counter_value(conn, staff.id, "appeal", year)? + 1);
        }
    }
    let (chunks, received) = std::sync::mpsc::sync_channel::<Chunk>(2);
    let (generated, events) = std::thread::scope(|scope| -> anyhow::Result<_> {
        let generator = scope.spawn(move || generate(inp, seqs, chunks));
        let mut events = 0;
        let mut copied = 0;
        for mut chunk in received {
            events += chunk.flush(conn)?;
            let before = copied;
            copied += chunk.appeals_copied;
            if copied / 100_000 > before / 100_000 {
                tracing::info!(appeals = copied, "copied");
            }
        }
        let generated = generator
            .join()
            .map_err(|_| anyhow::anyhow!("the appeal generator panicked"))??;
        Ok((generated, events))
    })?;
    let (mut out, seqs) = generated;
    for ((office, year), after_last) in seqs {
        bulk::raise_counter(conn, inp.staff.offices[office].id, "appeal", year, after_last - 1)?;
    }
    out.events = events;
    Ok(out)
}

type Generated = (AppealsLoaded, HashMap<(usize, i32), i32>);

/// Generates the appeals in chunks, sent to `chunks`; returns what later steps need and the next
/// sequence number per office and year.
fn generate(
    inp: &Inputs<'_>,
    mut seqs: HashMap<(usize, i32), i32>,
    chunks: std::sync::mpsc::SyncSender<Chunk>,
) -> anyhow::Result<Generated> {
    let mut rng = stream(inp.seed, 2);
    let mut by_topic: HashMap<(Language, Topic), Vec<usize>> = HashMap::new();
    for (i, t) in APPEALS.iter().enumerate() {
        by_topic.entry((t.language, t.topic)).or_default().push(i);
    }
    let masks: Vec<u32> = APPEALS.iter().map(|t| category_mask(t.categories)).collect();
    let detention_regions: Vec<Region> = inp
        .facilities
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FacilityKind::PenalInstitution | FacilityKind::PreTrialDetentionCentre
            )
        })
        .map(|f| f.region)
        .collect();
    let mut texts: HashMap<(usize, usize), (String, String)> = HashMap::new();
    let mut people = People::default();
    let mut out = AppealsLoaded {
        visit_appeals: vec![vec![]; inp.visits.len()],
        ..Default::default()
    };
    let mut chunk = Chunk::new();
    for (p, period) in inp.periods.iter().enumerate() {
        let mut counts = PeriodCounts::default();
        for slot in skeleton(&mut rng, period, p, inp.visits) {
            let language = weighted(&mut rng, languages(slot.kind));
            let lang = lang_index(language);
            let topic = if matches!(slot.channel, Channel::ComplaintBox | Channel::MonitoringVisit) {
                Topic::Detention
            } else {
                match (slot.kind, rng.gen_range(0..1000)) {
                    (ApplicantKind::Citizen, 0..=24) => Topic::Migrant,
                    (ApplicantKind::Citizen, 25..=39) => Topic::Military,
                    (ApplicantKind::Citizen, 40..=89) | (ApplicantKind::ForeignNational, 0..=119) => Topic::Detention,
                    _ => Topic::General,
                }
            };
            let who = Profile {
                kind: slot.kind,
                language,
                topic,
            };
            let (organization, returning) = if slot.kind == ApplicantKind::Organization {
                let (org, existing) = people.organization(&mut rng, language);
                (Some(org), existing)
            } else {
                (None, people.returning(&mut rng, who))
            };
            let last = returning.and_then(|i| people.get(i).last);
            let text = match last {
                Some((_, _, t)) if APPEALS[t].topic == topic && rng.gen_bool(0.6) => t,
                _ => *pick(&mut rng, &by_topic[&(language, topic)]),
            };
            let t = &APPEALS[text];

            let (region, country) = if topic == Topic::Migrant {
                let known = returning.and_then(|i| people.get(i).country);
                let code = known.unwrap_or_else(|| {
                    let weights: Vec<(&str, u32)> = COUNTRIES_ABROAD.iter().map(|(c, w, _)| (*c, *w)).collect();
                    weighted(&mut rng, &weights)
                });
                (Region::Abroad, Some(code))
            } else if let Some(v) = slot.visit {
                (inp.facilities[inp.visits[v].facility].region, None)
            } else if slot.channel == Channel::ComplaintBox {
                (*pick(&mut rng, &detention_regions), None)
            } else if slot.kind == ApplicantKind::ForeignNational && rng.gen_bool(0.4) {
                (Region::TashkentCity, None)
            } else {
                (weighted(&mut rng, REGIONS), None)
            };
            let place_index = match country {
                Some(c) => 14 + COUNTRIES_ABROAD.iter().position(|(x, _, _)| *x == c).unwrap_or(0),
                None => Region::ALL.iter().position(|r| *r == region).unwrap_or(13),
            };
            let place = match country {
                Some(_) => COUNTRIES_ABROAD[place_index - 14].2[lang],
                None => region_name(region, language),
            };
            let office = match slot.visit {
                Some(v) => inp.visits[v].office,
                None if matches!(region, Region::Abroad | Region::TashkentCity) => 0,
                None if rng.gen_bool(0.75) => inp.staff.regional_office(region),
                None => 0,
            };
            let officer = *pick(&mut rng, &inp.staff.offices[office].officers);
            let registered_at = tashkent(slot.day, rng.gen_range(9..12), rng.gen_range(0..60));

            let applicant_index = match returning {
                Some(i) => i,
                None => {
                    let detained = matches!(slot.channel, Channel::ComplaintBox | Channel::MonitoringVisit);
                    let vulnerability = t.vulnerability.filter(|v| *v != Vulnerability::Detainee || detained);
                    let (i, row) = people.create(
                        &mut rng,
                        who,
                        organization,
                        country,
                        vulnerability,
                        place,
                        registered_at,
                    );
                    chunk.applicants.push(row);
                    i
                }
            };
            let applicant = people.get(applicant_index).id;
            let repeat_of = last.and_then(|(id, on, previous)| {
                ((slot.day - on).num_days() <= 365 && masks[previous] & masks[text] != 0).then_some(id)
            });
            if repeat_of.is_some() {
                out.repeats += 1;
            }

            let year = slot.day.year();
            let next = seqs.entry((office, year)).or_insert(1);
            let seq = *next;
            *next += 1;
            let number = registration_number(&inp.staff.offices[office].code, year, seq);
            let deadlines = Deadlines {
                policy: &inp.policies[office],
                calendar: inp.calendar,
            };
            let life = live(&mut rng, slot.plan, slot.day, &deadlines, lang, inp.today);
            let id = AppealId(uuid_at(&mut rng, registered_at));
            let code: String = (0..10)
                .map(|_| *pick(&mut rng, b"ABCDEFGHJKMNPQRSTUVWXYZ23456789") as char)
                .collect();
            if p + 1 == inp.periods.len() && out.sample.is_none() {
                out.sample = Some((number.clone(), code.clone()));
            }
            let (description, search_text) = texts
                .entry((text, place_index))
                .or_insert_with(|| {
                    let description = format!("{place}. {}", t.description);
                    let search = fold(&format!("{} {description}", t.subject));
                    (description, search)
                })
                .clone();
            let detention = topic == Topic::Detention;
            chunk.events.push(AppealEventCopy {
                id: AppealEventId(uuid_at(&mut rng, registered_at)),
                appeal_id: id,
                occurred_at: registered_at,
                actor_id: Some(officer),
                kind: TimelineKind::Registered,
                data: serde_json::json!({"number": number, "due_on": life.initial_due, "repeat_of": repeat_of}),
            });
            let mut updated_at = registered_at;
            for m in &life.moves {
                let at = tashkent(m.on, m.hour, rng.gen_range(0..60));
                updated_at = at;
                chunk.events.push(AppealEventCopy {
                    id: AppealEventId(uuid_at(&mut rng, at)),
                    appeal_id: id,
                    occurred_at: at,
                    actor_id: Some(officer),
                    kind: m.kind,
                    data: m.data.clone(),
                });
            }
            match slot.plan {
                Plan::Closed => counts.closed += 1,
                Plan::Paused => counts.paused += 1,
                Plan::Overdue => counts.overdue += 1,
            }
            counts.received += 1;
            if let (Some(Outcome::Satisfied | Outcome::PartiallySatisfied), Some(closed)) =
                (life.outcome, life.closed_on)
            {
                out.decided.push(Decided {
                    id,
                    applicant,
                    office,
                    received: slot.day,
                    closed,
                    text,
                    region,
                    country,
                    officer,
                });
            }
            if let Some(v) = slot.visit {
                if out.visit_appeals[v].len() < 10 {
                    out.visit_appeals[v].push(id);
                }
            }
            people.filed(applicant_index, id, slot.day, text);
            chunk.appeals.push(AppealCopy {
                id,
                office_id: inp.staff.offices[office].id,
                number,
                year,
                seq,
                received_on: slot.day,
                channel: slot.channel,
                applicant_id: Some(applicant),
                anonymous: false,
                signatories: (topic == Topic::General
                    && slot.kind != ApplicantKind::Organization
                    && rng.gen_bool(0.02))
                .then(|| rng.gen_range(2..=120)),
                region,
                abroad_country: country,
                subject: t.subject,
                description,
                categories: t.categories.to_vec(),
                respondent_bodies: vec![t.body],
                respondent_body_ids: inp.bodies.link(t.body, region).map(|id| vec![Some(id)]),
                confidential: rng.gen_bool(if detention { 0.2 } else { 0.03 }),
                reprisal_risk: slot.visit.is_some() && rng.gen_bool(0.3)
                    || slot.channel == Channel::ComplaintBox && rng.gen_bool(0.3),
                status: life.status,
                outcome: life.outcome,
                closed_on: life.closed_on,
                track: life.track,
                track_started_on: life.track_started_on,
                due_on: life.due_on,
                extension_days: life.extension_days,
                extensions: life.extensions,
                paused_since: life.paused_since,
                assigned_to: Some(officer),
                repeat_of,
                access_code_hash: Sha256::digest(code.as_bytes()).to_vec(),
                search_text,
                registered_by: Some(officer),
                version: 1 + life.moves.len() as i32,
                created_at: registered_at,
                updated_at,
                visit_id: slot.visit.map(|v| inp.visits[v].id),
            });
            if chunk.appeals.len() == CHUNK {
                // The copying side hung up: it failed and reports why.
                if chunks.send(std::mem::replace(&mut chunk, Chunk::new())).is_err() {
                    return Ok((out, seqs));
                }
            }
        }
        out.per_period.push(counts);
    }
    if chunks.send(chunk).is_err() {
        return Ok((out, seqs));
    }
    out.applicants = people.created();
    Ok((out, seqs))
}

/// The number of appeals of the first half of 2024 for `appeals_2025` in the first half of 2025
/// (api.md's example: 9,100 against 9,800).
pub fn previous_year_appeals(appeals_2025: usize) -> usize {
    scale(appeals_2025, 9100, 9800)
}
