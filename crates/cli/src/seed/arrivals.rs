//! How appeals arrive: on which days, through which channels, from which kinds of applicant
//! in which language, where the matter arose, and how each one will end.

use chrono::NaiveDate;
use ombudsman_domain::appeal::{ApplicantKind, Category, Channel};
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

use super::lifecycle::Plan;
use super::util::{pick, plus, quotas, weekend, weighted, DaySampler};
use super::visits::VisitInfo;
use super::Period;

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::OnlinePortal, 30),
    (Channel::Letter, 14),
    (Channel::Email, 8),
    (Channel::InPerson, 12),
    (Channel::Hotline, 10),
    (Channel::MobileReception, 8),
    (Channel::PresidentialVirtualReception, 9),
    (Channel::ComplaintBox, 3),
    (Channel::MonitoringVisit, 3),
    (Channel::Referral, 3),
];

/// Where matters arise, roughly by population (Tashkent city also by its closeness to the office).
pub(super) const REGIONS: &[(Region, u32)] = &[
    (Region::Karakalpakstan, 55),
    (Region::Andijan, 85),
    (Region::Bukhara, 55),
    (Region::Fergana, 100),
    (Region::Jizzakh, 40),
    (Region::Kashkadarya, 90),
    (Region::Khorezm, 55),
    (Region::Namangan, 80),
    (Region::Navoi, 30),
    (Region::Samarkand, 110),
    (Region::Surkhandarya, 75),
    (Region::Syrdarya, 25),
    (Region::TashkentRegion, 90),
    (Region::TashkentCity, 140),
];

/// Shares of citizens, foreign nationals and organizations (api.md's example: 9512/201/87).
const KIND_SHARES: [u64; 3] = [9512, 201, 87];
const KINDS: [ApplicantKind; 3] = [
    ApplicantKind::Citizen,
    ApplicantKind::ForeignNational,
    ApplicantKind::Organization,
];

pub(super) fn languages(kind: ApplicantKind) -> &'static [(Language, u32)] {
    match kind {
        ApplicantKind::ForeignNational => &[(Language::Ru, 60), (Language::En, 35), (Language::UzLatn, 5)],
        ApplicantKind::Organization => &[
            (Language::UzLatn, 55),
            (Language::Ru, 30),
            (Language::UzCyrl, 10),
            (Language::En, 5),
        ],
        _ => &[
            (Language::UzLatn, 52),
            (Language::UzCyrl, 18),
            (Language::Ru, 26),
            (Language::En, 4),
        ],
    }
}

pub(super) fn category_mask(categories: &[Category]) -> u32 {
    categories
        .iter()
        .map(|c| 1u32 << Category::ALL.iter().position(|x| x == c).unwrap_or(0))
        .fold(0, |a, b| a | b)
}

pub(super) struct Slot {
    pub(super) day: NaiveDate,
    pub(super) channel: Channel,
    pub(super) visit: Option<usize>,
    pub(super) kind: ApplicantKind,
    pub(super) plan: Plan,
}

/// Draws the skeleton of a period: day, channel (and visit), applicant kind and fate of each
/// appeal, in the order received.
pub(super) fn skeleton(rng: &mut StdRng, period: &Period, p: usize, visits: &[VisitInfo]) -> Vec<Slot> {
    let n = period.appeals;
    let days = DaySampler::new(period.from, period.to, |d| if weekend(d) { 3 } else { 10 });
    let mut kinds: Vec<ApplicantKind> = Vec::with_capacity(n);
    for (kind, count) in KINDS.iter().zip(quotas(n, &KIND_SHARES)) {
        kinds.extend(std::iter::repeat_n(*kind, count));
    }
    kinds.shuffle(rng);
    let mut plans = vec![Plan::Closed; n];
    for slot in plans.iter_mut().take(period.paused) {
        *slot = Plan::Paused;
    }
    for slot in plans.iter_mut().skip(period.paused).take(period.overdue) {
        *slot = Plan::Overdue;
    }
    plans.shuffle(rng);
    let own_visits: Vec<usize> = (0..visits.len()).filter(|i| visits[*i].period == p).collect();
    let mut slots: Vec<Slot> = kinds
        .into_iter()
        .zip(plans)
        .map(|(kind, plan)| {
            let mut channel = weighted(rng, CHANNELS);
            let detention = matches!(channel, Channel::ComplaintBox | Channel::MonitoringVisit);
            if (detention && kind == ApplicantKind::Organization)
                || (channel == Channel::MonitoringVisit && own_visits.is_empty())
            {
                channel = Channel::Letter;
            }
            let (day, visit) = if channel == Channel::MonitoringVisit {
                let v = *pick(rng, &own_visits);
                let length = (visits[v].ended - visits[v].started).num_days();
                // A visit may run past the end of the half-year; its appeals are counted in it.
                (
                    plus(visits[v].started, rng.gen_range(0..=length)).min(period.to),
                    Some(v),
                )
            } else {
                (days.draw(rng), None)
            };
            Slot {
                day,
                channel,
                visit,
                kind,
                plan,
            }
        })
        .collect();
    slots.sort_by_key(|s| s.day);
    slots
}
