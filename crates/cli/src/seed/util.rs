//! Small helpers of the generator: weighted choices, exact quotas, deterministic identifiers and
//! Tashkent office hours.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use ombudsman_domain::office::TASHKENT_UTC_OFFSET_SECS;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// An independent random stream for one part of the data set, so that changing one part does
/// not reshuffle the others.
pub fn stream(seed: u64, part: u64) -> StdRng {
    StdRng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ part.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// One of `items`, each with its weight.
pub fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total.max(1));
    for (item, w) in items {
        if roll < *w {
            return *item;
        }
        roll -= w;
    }
    items[items.len() - 1].0
}

/// One element of a non-empty slice.
pub fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// Splits `total` into parts proportional to `shares` that add up to exactly `total` (largest
/// remainder).
pub fn quotas(total: usize, shares: &[u64]) -> Vec<usize> {
    let sum: u64 = shares.iter().sum::<u64>().max(1);
    let total_u = total as u64;
    let mut parts: Vec<usize> = shares.iter().map(|s| (total_u * s / sum) as usize).collect();
    let mut rest: Vec<(u64, usize)> = shares
        .iter()
        .enumerate()
        .map(|(i, s)| ((total_u * s) % sum, i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = total - parts.iter().sum::<usize>();
    for (_, i) in rest.into_iter().take(missing) {
        parts[i] += 1;
    }
    parts
}

/// `value × numerator / denominator`, rounded to the nearest whole number.
pub fn scale(value: usize, numerator: usize, denominator: usize) -> usize {
    ((value as u128 * numerator as u128 * 2 + denominator as u128) / (2 * denominator as u128)) as usize
}

/// A time-ordered (v7) identifier for an instant, with random bits from `rng`: the same seed
/// gives the same identifiers, in the order of the records' own dates.
pub fn uuid_at(rng: &mut StdRng, at: DateTime<Utc>) -> Uuid {
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis().max(0) as u64, &random).into_uuid()
}

/// The instant of a Tashkent wall-clock time on a day.
pub fn tashkent(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or(NaiveTime::MIN);
    day.and_time(time).and_utc() - chrono::Duration::seconds(i64::from(TASHKENT_UTC_OFFSET_SECS))
}

/// A random moment of office hours (9:00–17:59, Tashkent) on a day.
pub fn office_hours(rng: &mut StdRng, day: NaiveDate) -> DateTime<Utc> {
    tashkent(day, rng.gen_range(9..18), rng.gen_range(0..60))
}

/// A day plus some days.
pub fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days as u64)).unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs())).unwrap_or(day)
    }
}

/// Whether a day is Saturday or Sunday.
pub fn weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The days of a period with their weights, for drawing dates.
pub struct DaySampler {
    days: Vec<NaiveDate>,
    cumulative: Vec<u32>,
}

impl DaySampler {
    /// Every day from `from` to `to`, weighted by `weight`.
    pub fn new(from: NaiveDate, to: NaiveDate, weight: impl Fn(NaiveDate) -> u32) -> Self {
        let mut days = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0;
        let mut d = from;
        while d <= to {
            total += weight(d);
            days.push(d);
            cumulative.push(total);
            d = plus(d, 1);
        }
        Self { days, cumulative }
    }

    /// A day, drawn by weight.
    pub fn draw(&self, rng: &mut StdRng) -> NaiveDate {
        let total = self.cumulative.last().copied().unwrap_or(0).max(1);
        let roll = rng.gen_range(0..total);
        let i = self.cumulative.partition_point(|c| *c <= roll);
        self.days[i.min(self.days.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_add_up_exactly() {
        assert_eq!(quotas(9800, &[9512, 201, 87]), vec![9512, 201, 87]);
        let q = quotas(20_000, &[9512, 201, 87]);
        assert_eq!(q.iter().sum::<usize>(), 20_000);
        assert_eq!(quotas(7, &[1, 1, 1]).iter().sum::<usize>(), 7);
        assert_eq!(scale(9800, 9100, 9800), 9100);
        assert_eq!(scale(1_000_000, 9100, 9800), 928_571);
    }

    #[test]
    fn identifiers_are_reproducible_and_time_ordered() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 14).unwrap();
        let a = uuid_at(&mut stream(1, 1), tashkent(day, 10, 0));
        let b = uuid_at(&mut stream(1, 1), tashkent(day, 10, 0));
        assert_eq!(a, b);
        assert_eq!(a.get_version_num(), 7);
        let later = uuid_at(&mut stream(1, 1), tashkent(plus(day, 1), 10, 0));
        assert!(later > a);
        assert_eq!(tashkent(day, 10, 0).to_rfc3339(), "2025-03-14T05:00:00+00:00");
    }
}
