//! Impact measures and compensation of the seed profile: exactly the planned submissions, demands
//! and lawsuits per period, each filed for decided appeals (or after a monitoring visit), and the
//! money recovered for the applicants of decided appeals, adding up to exactly the planned total.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use diesel::PgConnection;
use ombudsman_db::bulk::{self, AppealEventCopy, MeasureAppealCopy, MeasureCopy};
use ombudsman_domain::events::TimelineKind;
use ombudsman_domain::ids::{AppealEventId, AppealId, ImpactMeasureId};
use ombudsman_domain::impact::{measure_number, MeasureKind, MeasureStatus};
use ombudsman_domain::office::Region;
use rand::rngs::StdRng;
use rand::Rng;

use super::appeals::{AppealsLoaded, Decided};
use super::bodies::SeedBodies;
use super::staff::Staff;
use super::texts::{lang_index, region_name, APPEALS, COURTS, MEASURE_PREFIXES, MEASURE_RESPONSES, VISIT_REMEDIES};
use super::util::{pick, plus, stream, tashkent, uuid_at, weekend, weighted, DaySampler};
use super::visits::{FacilityInfo, VisitInfo};
use super::Period;

/// What the casework step loaded, per period.
#[derive(Debug, Default)]
pub struct CaseworkLoaded {
    /// Measures issued per period: submissions, demands, lawsuits.
    pub measures: Vec<[usize; 3]>,
    /// Links of measures to appeals.
    pub links: usize,
    /// Compensation per period: currency → (records, total in minor units).
    pub compensation: Vec<BTreeMap<&'static str, (usize, i64)>>,
    /// Timeline entries written.
    pub events: usize,
}

const KINDS: [MeasureKind; 3] = [MeasureKind::Submission, MeasureKind::Demand, MeasureKind::Lawsuit];

/// An issued measure, as the compensation step sees it.
pub(super) struct Issued {
    pub(super) id: ImpactMeasureId,
    pub(super) issued: NaiveDate,
    pub(super) status: MeasureStatus,
    /// Indices into the decided appeals it was filed for.
    pub(super) appeals: Vec<usize>,
}

/// The decided appeals received between two days (they are in the order received).
pub(super) fn window(decided: &[Decided], from: NaiveDate, to: NaiveDate) -> std::ops::Range<usize> {
    decided.partition_point(|d| d.received < from)..decided.partition_point(|d| d.received <= to)
}

fn fate(
    rng: &mut StdRng,
    kind: MeasureKind,
    older: bool,
    issued: NaiveDate,
    lang: usize,
) -> (
    MeasureStatus,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<String>,
    Option<NaiveDate>,
) {
    use MeasureStatus::*;
    if kind == MeasureKind::Lawsuit {
        let weights: &[(MeasureStatus, u32)] = if older {
            &[(InCourt, 15), (Won, 70), (Lost, 15)]
        } else {
            &[(Issued, 5), (InCourt, 30), (Won, 55), (Lost, 10)]
        };
        let status = weighted(rng, weights);
        let decided = matches!(status, Won | Lost).then(|| plus(issued, rng.gen_range(30..=150)));
        return (status, None, None, None, decided);
    }
    let due_days = if kind == MeasureKind::Demand { 15 } else { 30 };
    let weights: &[(MeasureStatus, u32)] = if older {
        &[
            (Issued, 2),
            (ResponseReceived, 5),
            (Implemented, 55),
            (PartiallyImplemented, 24),
            (Rejected, 14),
        ]
    } else {
        &[
            (Issued, 6),
            (ResponseReceived, 14),
            (Implemented, 45),
            (PartiallyImplemented, 22),
            (Rejected, 13),
        ]
    };
    let status = weighted(rng, weights);
    let due = Some(plus(issued, due_days));
    if status == Issued {
        return (status, due, None, None, None);
    }
    let received = plus(issued, rng.gen_range(5..=due_days + 10));
    let answer = match status {
        Implemented => 1,
        PartiallyImplemented => 2,
        Rejected => 3,
        _ => 0,
    };
    let decided = status.is_final().then(|| plus(received, rng.gen_range(5..=60)));
    (
        status,
        due,
        Some(received),
        Some(MEASURE_RESPONSES[lang][answer].to_owned()),
        decided,
    )
}

/// Generates and copies the impact measures and compensation of every period.
#[allow(clippy::too_many_arguments)]
pub fn load(
    conn: &mut PgConnection,
    seed: u64,
    periods: &[Period],
    staff: &Staff,
    facilities: &[FacilityInfo],
    visits: &[VisitInfo],
    appeals: &AppealsLoaded,
    bodies: &SeedBodies,
) -> anyhow::Result<CaseworkLoaded> {
    let decided = &appeals.decided;
    anyhow::ensure!(!decided.is_empty(), "no decided appeals to hang impact measures on");
    let mut rng = stream(seed, 3);
    let hq = &staff.offices[0];
    let mut out = CaseworkLoaded::default();
    let mut measures = Vec::new();
    let mut links = Vec::new();
    let mut events = Vec::new();
    let mut issued_all: Vec<Issued> = Vec::new();
    let mut seqs: HashMap<(MeasureKind, i32), i32> = HashMap::new();
    for (p, period) in periods.iter().enumerate() {
        let days = DaySampler::new(plus(period.from, 20), period.to, |d| u32::from(!weekend(d)));
        let mut plan: Vec<(NaiveDate, MeasureKind)> = Vec::new();
        for (kind, count) in KINDS.iter().zip(period.measures) {
            for _ in 0..count {
                plan.push((days.draw(&mut rng), *kind));
            }
        }
        plan.sort_by_key(|(d, k)| (*d, *k));
        let mut counts = [0usize; 3];
        for (issued, kind) in plan {
            counts[KINDS.iter().position(|k| *k == kind).unwrap_or(0)] += 1;
            let year = issued.year();
            let series = format!("measure_{}", kind.letter().to_ascii_lowercase());
            let seq = match seqs.get(&(kind, year)) {
                Some(n) => *n,
                None => bulk::counter_value(conn, hq.id, &series, year)? + 1,
            };
            seqs.insert((kind, year), seq + 1);
            let number = measure_number(&hq.code, kind, year, seq);

            let recent_visits: Vec<usize> = (0..visits.len())
                .filter(|v| visits[*v].ended <= plus(issued, -3) && visits[*v].started >= plus(issued, -120))
                .collect();
            let visit = (kind != MeasureKind::Lawsuit && !recent_visits.is_empty() && rng.gen_bool(0.2))
                .then(|| *pick(&mut rng, &recent_visits));
            let mut linked: Vec<usize> = Vec::new();
            // The body of the directory a measure about an appeal is addressed to (a lawsuit
            // goes to a court, and a measure after a visit to the facility's authority: not
            // linked).
            let mut addressee_body_id = None;
            let (lang, addressee, remedy, visit_id, linked_ids): (usize, String, String, _, Vec<AppealId>) = match visit
            {
                Some(v) => {
                    let f = &facilities[visits[v].facility];
                    let lang = lang_index(visits[v].language);
                    let ids = appeals.visit_appeals[v].iter().take(3).copied().collect();
                    (
                        lang,
                        f.authority.clone(),
                        format!("{} ({})", VISIT_REMEDIES[lang], f.name),
                        Some(visits[v].id),
                        ids,
                    )
                }
                None => {
                    let range = window(decided, plus(issued, -60), plus(issued, -5));
                    let range = if range.is_empty() {
                        window(decided, NaiveDate::MIN, plus(issued, -5))
                    } else {
                        range
                    };
                    anyhow::ensure!(
                        !range.is_empty(),
                        "no decided appeal before {issued} for an impact measure"
                    );
                    let mut primary = rng.gen_range(range.clone());
                    for _ in 0..40 {
                        if decided[primary].closed >= issued {
                            break;
                        }
                        primary = rng.gen_range(range.clone());
                    }
                    linked.push(primary);
                    let cats = APPEALS[decided[primary].text].categories;
                    if rng.gen_bool(0.25) {
                        let extra = rng.gen_range(1..=2);
                        for _ in 0..60 {
                            if linked.len() > extra {
                                break;
                            }
                            let other = rng.gen_range(range.clone());
                            let shares = APPEALS[decided[other].text].categories.iter().any(|c| cats.contains(c));
                            if shares && !linked.contains(&other) {
                                linked.push(other);
                            }
                        }
                    }
                    let d = &decided[primary];
                    let t = &APPEALS[d.text];
                    let lang = lang_index(t.language);
                    let place = if d.region == Region::Abroad {
                        Region::TashkentCity
                    } else {
                        d.region
                    };
                    if kind != MeasureKind::Lawsuit {
                        addressee_body_id = bodies.link(t.body, d.region);
                    }
                    let addressee = if kind == MeasureKind::Lawsuit {
                        COURTS[lang].replace("{region}", region_name(place, t.language))
                    } else if d.region == Region::Abroad {
                        t.body.to_owned()
                    } else {
                        format!("{}, {}", t.body, region_name(d.region, t.language))
                    };
                    let ids = linked.iter().map(|i| decided[*i].id).collect();
                    (lang, addressee, t.remedy.to_owned(), None, ids)
                }
            };
            let k = KINDS.iter().position(|x| *x == kind).unwrap_or(0);
            let (status, due, received, answer, decided_on) = fate(&mut rng, kind, p + 1 < periods.len(), issued, lang);
            let at = tashkent(issued, 11, rng.gen_range(0..60));
            let changed = decided_on.or(received).map(|d| tashkent(d, 15, 0)).unwrap_or(at);
            let id = ImpactMeasureId(uuid_at(&mut rng, at));
            let data =
                serde_json::json!({"impact_measure_id": id, "number": number, "kind": kind, "addressee": addressee});
            for appeal in &linked_ids {
                links.push(MeasureAppealCopy {
                    impact_measure_id: id,
                    appeal_id: *appeal,
                });
                events.push(AppealEventCopy {
                    id: AppealEventId(uuid_at(&mut rng, at)),
                    appeal_id: *appeal,
                    occurred_at: at,
                    actor_id: Some(staff.manager),
                    kind: TimelineKind::ImpactMeasureIssued,
                    data: data.clone(),
                });
            }
            measures.push(MeasureCopy {
                id,
                office_id: hq.id,
                number,
                year,
                seq,
                kind,
                addressee,
                issued_on: issued,
                summary: format!("{}: {remedy}", MEASURE_PREFIXES[lang][k]),
                response_due_on: due,
                status,
                response_received_on: received,
                response_summary: answer,
                decided_on,
                visit_id,
                issued_by: Some(staff.manager),
                created_at: at,
                updated_at: changed,
                addressee_body_id,
            });
            issued_all.push(Issued {
                id,
                issued,
                status,
                appeals: linked,
            });
        }
        out.measures.push(counts);
    }
    bulk::copy_measures(conn, &measures)?;
    out.links = bulk::copy_measure_appeals(conn, &links)?;
    for ((kind, year), after_last) in seqs {
        let series = format!("measure_{}", kind.letter().to_ascii_lowercase());
        bulk::raise_counter(conn, hq.id, &series, year, after_last - 1)?;
    }

    let mut records = Vec::new();
    for period in periods {
        let totals =
            super::money::compensation(&mut rng, period, staff, decided, &issued_all, &mut records, &mut events)?;
        out.compensation.push(totals);
    }
    bulk::copy_compensations(conn, &records)?;
    out.events = bulk::copy_appeal_events(conn, &events)?;
    Ok(out)
}
