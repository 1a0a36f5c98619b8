//! The compensation recovered for the applicants of decided appeals: the planned number of UZS
//! records adding up to exactly the planned total, and a few in roubles and tenge.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ombudsman_db::bulk::{AppealEventCopy, CompensationCopy};
use ombudsman_domain::events::TimelineKind;
use ombudsman_domain::ids::{AppealEventId, CompensationId};
use ombudsman_domain::impact::{CompensationKind, MeasureStatus};
use ombudsman_domain::office::Region;
use rand::rngs::StdRng;
use rand::Rng;

use super::appeals::Decided;
use super::casework::{window, Issued};
use super::staff::Staff;
use super::texts::APPEALS;
use super::util::{pick, plus, tashkent, uuid_at, weekend, DaySampler};
use super::Period;

/// The range of a typical recovery, in major units of UZS.
fn typical(kind: CompensationKind) -> (f64, f64) {
    match kind {
        CompensationKind::WageArrears => (2e6, 40e6),
        CompensationKind::Pension => (1.5e6, 25e6),
        CompensationKind::Benefit => (1e6, 12e6),
        CompensationKind::Damages => (10e6, 150e6),
        CompensationKind::Refund => (0.5e6, 20e6),
        CompensationKind::Other => (2e6, 60e6),
    }
}

/// Splits `total_minor` in proportion to `weights`, in whole multiples of `unit`, every part at
/// least one unit; the parts add up to exactly `total_minor` (a multiple of `unit`).
pub fn split_exactly(total_minor: i64, weights: &[f64], unit: i64) -> Vec<i64> {
    let units = total_minor / unit;
    let sum: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mut parts: Vec<i64> = weights
        .iter()
        .map(|w| ((w / sum) * units as f64).floor().max(1.0) as i64)
        .collect();
    let mut diff = units - parts.iter().sum::<i64>();
    // The rounding goes to (or comes from) the largest parts.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].cmp(&parts[*a]).then(a.cmp(b)));
    let mut i = 0;
    while diff != 0 && !order.is_empty() {
        let j = order[i % order.len()];
        if diff > 0 {
            parts[j] += diff;
            diff = 0;
        } else if parts[j] > 1 {
            let take = (-diff).min(parts[j] - 1);
            parts[j] -= take;
            diff += take;
        }
        i += 1;
    }
    parts.into_iter().map(|p| p * unit).collect()
}

pub(super) type Totals = BTreeMap<&'static str, (usize, i64)>;

/// The compensation records of a period: the planned number in UZS adding up to the planned
/// total, and a few in roubles and tenge for migrant workers.
pub(super) fn compensation(
    rng: &mut StdRng,
    period: &Period,
    staff: &Staff,
    decided: &[Decided],
    measures: &[Issued],
    rows: &mut Vec<CompensationCopy>,
    events: &mut Vec<AppealEventCopy>,
) -> anyhow::Result<Totals> {
    let days = DaySampler::new(plus(period.from, 45), period.to, |d| u32::from(!weekend(d)));
    let with_money = |d: &Decided| APPEALS[d.text].money.is_some();
    let funded: Vec<(usize, usize)> = measures
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            matches!(
                m.status,
                MeasureStatus::Implemented | MeasureStatus::PartiallyImplemented | MeasureStatus::Won
            )
        })
        .flat_map(|(i, m)| m.appeals.iter().map(move |a| (i, *a)))
        .filter(|(_, a)| with_money(&decided[*a]) && decided[*a].region != Region::Abroad)
        .collect();
    let mut used: Vec<usize> = Vec::new();
    let mut picked: Vec<(usize, Option<usize>, NaiveDate, &'static str)> = Vec::new();
    let plan = [
        ("UZS", period.compensation_records),
        ("RUB", period.rub_records),
        ("KZT", period.kzt_records),
    ];
    for (currency, count) in plan {
        for _ in 0..count {
            let recovered = days.draw(rng);
            let from_measure = (currency == "UZS" && rng.gen_bool(0.4))
                .then(|| {
                    let fits: Vec<&(usize, usize)> = funded
                        .iter()
                        .filter(|(m, a)| {
                            measures[*m].issued <= plus(recovered, -5) && decided[*a].received <= recovered
                        })
                        .collect();
                    (!fits.is_empty()).then(|| **pick(rng, &fits))
                })
                .flatten();
            let choice = match from_measure {
                Some((m, a)) => Some((a, Some(m))),
                None => {
                    let wanted = match currency {
                        "RUB" => Some("RU"),
                        "KZT" => Some("KZ"),
                        _ => None,
                    };
                    let fits = |range: std::ops::Range<usize>, fresh: bool| -> Vec<usize> {
                        range
                            .filter(|i| {
                                let d = &decided[*i];
                                with_money(d) && d.country == wanted && !(fresh && used.contains(i))
                            })
                            .collect()
                    };
                    // A recent appeal not paid yet; else a recent one paid again (a second
                    // instalment); else any earlier one.
                    let recent = window(decided, plus(recovered, -240), plus(recovered, -10));
                    let mut found = fits(recent.clone(), true);
                    if found.is_empty() {
                        found = fits(recent, false);
                    }
                    if found.is_empty() {
                        found = fits(window(decided, NaiveDate::MIN, plus(recovered, -1)), false);
                    }
                    (!found.is_empty()).then(|| (*pick(rng, &found), None))
                }
            };
            match choice {
                Some((a, m)) => {
                    used.push(a);
                    picked.push((a, m, recovered, currency));
                }
                // Too few appeals of migrant workers in this window: no record in that currency.
                None if currency != "UZS" => {}
                None => anyhow::bail!("no decided appeal with money at stake before {recovered}"),
            }
        }
    }
    let weights: Vec<f64> = picked
        .iter()
        .filter(|p| p.3 == "UZS")
        .map(|(a, ..)| {
            let kind = APPEALS[decided[*a].text]
                .money
                .map(|m| m.0)
                .unwrap_or(CompensationKind::Other);
            let (lo, hi) = typical(kind);
            lo * (hi / lo).powf(rng.gen::<f64>())
        })
        .collect();
    let mut uzs = split_exactly(period.compensation_uzs_minor, &weights, 100_000).into_iter();
    let mut totals = Totals::new();
    for (a, m, recovered, currency) in picked {
        let d = &decided[a];
        let (kind, payer) = APPEALS[d.text].money.unwrap_or((CompensationKind::Other, "—"));
        let amount_minor = match currency {
            "UZS" => uzs.next().unwrap_or(100_000),
            "RUB" => rng.gen_range(200..1800) * 10_000,
            _ => rng.gen_range(100..900) * 100_000,
        };
        let at = tashkent(recovered, 15, rng.gen_range(0..60));
        let entry = totals.entry(currency).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += amount_minor;
        let id = CompensationId(uuid_at(rng, at));
        let impact_measure_id = m.map(|m| measures[m].id);
        events.push(AppealEventCopy {
            id: AppealEventId(uuid_at(rng, at)),
            appeal_id: d.id,
            occurred_at: at,
            actor_id: Some(d.officer),
            kind: TimelineKind::CompensationRecorded,
            data: serde_json::json!({
                "compensation_id": id, "amount_minor": amount_minor, "currency": currency, "kind": kind,
                "paid_by": payer, "recovered_on": recovered, "impact_measure_id": impact_measure_id,
                "applicant_id": d.applicant,
            }),
        });
        rows.push(CompensationCopy {
            id,
            office_id: staff.offices[d.office].id,
            amount_minor,
            currency,
            kind,
            paid_by: payer.to_owned(),
            recovered_on: recovered,
            applicant_id: Some(d.applicant),
            appeal_id: Some(d.id),
            impact_measure_id,
            note: None,
            recorded_by: Some(d.officer),
            created_at: at,
            updated_at: at,
        });
    }
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::split_exactly;

    #[test]
    fn amounts_add_up_exactly_in_whole_thousands() {
        let weights = [3.0, 1.0, 0.000_001, 7.5, 2.25];
        let parts = split_exactly(380_000_000_000, &weights, 100_000);
        assert_eq!(parts.iter().sum::<i64>(), 380_000_000_000);
        assert!(parts.iter().all(|p| *p >= 100_000 && p % 100_000 == 0));
        let mut distinct = parts.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), parts.len());
    }
}
