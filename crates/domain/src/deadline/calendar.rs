//! The working-day calendar and Uzbekistan's fixed public holidays.

use super::*;

/// A working-day calendar: weekly days off, public holidays, and weekend days that were made
/// working days by a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Weekly days off, indexed by days from Monday.
    weekend: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar with Saturday and Sunday off, the given public holidays, and the given weekend
    /// days that are working days.
    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        working_weekends: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let mut weekend = [false; 7];
        weekend[Weekday::Sat.num_days_from_monday() as usize] = true;
        weekend[Weekday::Sun.num_days_from_monday() as usize] = true;
        Self {
            weekend,
            holidays: holidays.into_iter().collect(),
            working_weekends: working_weekends.into_iter().collect(),
        }
    }

    /// The same calendar with other weekly days off; refuses a week without a working day.
    pub fn with_weekend(mut self, days: impl IntoIterator<Item = Weekday>) -> Result<Self, DomainError> {
        let mut weekend = [false; 7];
        for day in days {
            weekend[day.num_days_from_monday() as usize] = true;
        }
        if weekend.iter().all(|off| *off) {
            return Err(DomainError::field(
                "weekend",
                "out_of_range",
                "at least one day of the week must be a working day",
            ));
        }
        self.weekend = weekend;
        Ok(self)
    }

    /// The weekly days off, from Monday.
    pub fn weekend(&self) -> Vec<Weekday> {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .filter(|day| self.is_weekend_weekday(*day))
        .collect()
    }

    /// The public holidays, in order.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// The weekend days made working days, in order.
    pub fn working_weekends(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.working_weekends.iter().copied()
    }

    /// Why a day is not a working day, or `None` when it is one. A public holiday is a day off
    /// even when it is also listed as a working weekend day.
    pub fn skip_reason(&self, d: NaiveDate) -> Option<SkipReason> {
        if self.holidays.contains(&d) {
            Some(SkipReason::Holiday)
        } else if self.is_weekend_weekday(d.weekday()) && !self.working_weekends.contains(&d) {
            Some(SkipReason::Weekend)
        } else {
            None
        }
    }

    /// Whether the office works on a day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.skip_reason(d).is_none()
    }

    /// The day itself when it is a working day, otherwise the next working day.
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        self.move_to_working_day(d, &mut Vec::new())
    }

    /// Moves a day forward to a working day, recording every day passed over.
    pub(super) fn move_to_working_day(&self, mut d: NaiveDate, skipped: &mut Vec<SkippedDay>) -> NaiveDate {
        // Terminates: at least one weekday is working and the holidays are finite.
        while let Some(reason) = self.skip_reason(d) {
            skipped.push(SkippedDay { date: d, reason });
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        d
    }

    fn is_weekend_weekday(&self, day: Weekday) -> bool {
        self.weekend[day.num_days_from_monday() as usize]
    }
}

impl Default for Calendar {
    /// Saturday and Sunday off, no holidays.
    fn default() -> Self {
        Self::new([], [])
    }
}

/// The fixed-date public holidays of Uzbekistan in a year. The movable religious holidays
/// (Ramazon Hayit, Qurbon Hayit) and transferred days off are entered by an administrator.
pub fn uzbek_fixed_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    [
        (1, 1, "New Year"),
        (3, 8, "Women's Day"),
        (3, 21, "Navruz"),
        (5, 9, "Remembrance Day"),
        (9, 1, "Independence Day"),
        (10, 1, "Teachers' Day"),
        (12, 8, "Constitution Day"),
    ]
    .into_iter()
    .filter_map(|(month, day, name)| NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, name)))
    .collect()
}
