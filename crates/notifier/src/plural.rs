//! Plural forms of nouns after numerals, following the CLDR cardinal rules for integers.
//!
//! English and Uzbek (both scripts) distinguish `one` (n = 1) from `other`; Uzbek nouns stay in
//! the singular after a numeral anyway ("3 kun"), so both categories share a form. Russian picks
//! `one` (1, 21, 31, … but not 11), `few` (2–4, 22–24, … but not 12–14) and `many` (the rest,
//! 0 included); `other` is only used for fractions, which messages never count.

use ombudsman_domain::language::Language;

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PluralCategory {
    /// One (English "1 day", Russian "1 день", "21 день").
    One,
    /// Few (Russian "2 дня", "24 дня").
    Few,
    /// Many (Russian "5 дней", "11 дней", "0 дней").
    Many,
    /// Other (English "0 days", "2 days"; Uzbek everything but one).
    Other,
}

/// The cardinal plural category of the integer `n` in `lang`.
pub fn category(lang: Language, n: u64) -> PluralCategory {
    match lang {
        Language::En | Language::UzLatn | Language::UzCyrl => {
            if n == 1 {
                PluralCategory::One
            } else {
                PluralCategory::Other
            }
        }
        Language::Ru => {
            let (units, tens) = (n % 10, n % 100);
            if units == 1 && tens != 11 {
                PluralCategory::One
            } else if (2..=4).contains(&units) && !(12..=14).contains(&tens) {
                PluralCategory::Few
            } else {
                PluralCategory::Many
            }
        }
    }
}

/// The forms of a word, one per plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forms {
    /// Form for [`PluralCategory::One`].
    pub one: &'static str,
    /// Form for [`PluralCategory::Few`].
    pub few: &'static str,
    /// Form for [`PluralCategory::Many`].
    pub many: &'static str,
    /// Form for [`PluralCategory::Other`].
    pub other: &'static str,
}

impl Forms {
    /// A word with a singular and a plural (English).
    pub const fn two(one: &'static str, other: &'static str) -> Forms {
        Forms {
            one,
            few: other,
            many: other,
            other,
        }
    }

    /// A word with a single form after numerals (Uzbek).
    pub const fn invariable(form: &'static str) -> Forms {
        Forms::two(form, form)
    }

    /// A Russian noun: nominative singular (1, 21), genitive singular (2–4), genitive plural (5–20, 0).
    pub const fn russian(one: &'static str, few: &'static str, many: &'static str) -> Forms {
        Forms {
            one,
            few,
            many,
            other: few,
        }
    }

    /// The form for a category.
    pub const fn get(&self, category: PluralCategory) -> &'static str {
        match category {
            PluralCategory::One => self.one,
            PluralCategory::Few => self.few,
            PluralCategory::Many => self.many,
            PluralCategory::Other => self.other,
        }
    }
}

/// The counted nouns that messages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// "day".
    Day,
    /// "appeal".
    Appeal,
}

impl Noun {
    /// The forms of this noun in `lang`.
    pub const fn forms(self, lang: Language) -> Forms {
        match (self, lang) {
            (Noun::Day, Language::UzLatn) => Forms::invariable("kun"),
            (Noun::Day, Language::UzCyrl) => Forms::invariable("кун"),
            (Noun::Day, Language::Ru) => Forms::russian("день", "дня", "дней"),
            (Noun::Day, Language::En) => Forms::two("day", "days"),
            (Noun::Appeal, Language::UzLatn) => Forms::invariable("murojaat"),
            (Noun::Appeal, Language::UzCyrl) => Forms::invariable("мурожаат"),
            (Noun::Appeal, Language::Ru) => Forms::russian("обращение", "обращения", "обращений"),
            (Noun::Appeal, Language::En) => Forms::two("appeal", "appeals"),
        }
    }

    /// The word alone, in the form that goes with `n`: "days", "дня".
    pub fn word(self, lang: Language, n: u64) -> &'static str {
        self.forms(lang).get(category(lang, n))
    }

    /// The number and the word: "3 days", "2 дня", "3 kun".
    pub fn count(self, lang: Language, n: u64) -> String {
        format!("{n} {}", self.word(lang, n))
    }
}

/// "1 day", "3 days"; "3 kun"; "3 кун"; "1 день", "2 дня", "5 дней".
pub fn days(lang: Language, n: u64) -> String {
    Noun::Day.count(lang, n)
}

/// "1 appeal", "3 appeals"; "3 murojaat"; "3 мурожаат"; "1 обращение", "2 обращения", "5 обращений".
pub fn appeals(lang: Language, n: u64) -> String {
    Noun::Appeal.count(lang, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PluralCategory::{Few, Many, One, Other};

    const NUMBERS: [u64; 13] = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111];

    #[test]
    fn russian_categories_follow_cldr() {
        let expected = [Many, One, Few, Few, Many, Many, Many, Many, One, Few, Many, One, Many];
        for (n, want) in NUMBERS.iter().zip(expected) {
            assert_eq!(category(Language::Ru, *n), want, "ru {n}");
        }
        assert_eq!(category(Language::Ru, 1_000_001), One);
        assert_eq!(category(Language::Ru, 112), Many);
        assert_eq!(category(Language::Ru, 1_003), Few);
    }

    #[test]
    fn english_and_uzbek_have_one_and_other() {
        for lang in [Language::En, Language::UzLatn, Language::UzCyrl] {
            for n in NUMBERS {
                let want = if n == 1 { One } else { Other };
                assert_eq!(category(lang, n), want, "{lang} {n}");
            }
        }
    }

    #[test]
    fn day_forms() {
        let table: [(u64, &str, &str, &str, &str); 13] = [
            (0, "0 kun", "0 кун", "0 дней", "0 days"),
            (1, "1 kun", "1 кун", "1 день", "1 day"),
            (2, "2 kun", "2 кун", "2 дня", "2 days"),
            (4, "4 kun", "4 кун", "4 дня", "4 days"),
            (5, "5 kun", "5 кун", "5 дней", "5 days"),
            (11, "11 kun", "11 кун", "11 дней", "11 days"),
            (12, "12 kun", "12 кун", "12 дней", "12 days"),
            (14, "14 kun", "14 кун", "14 дней", "14 days"),
            (21, "21 kun", "21 кун", "21 день", "21 days"),
            (22, "22 kun", "22 кун", "22 дня", "22 days"),
            (25, "25 kun", "25 кун", "25 дней", "25 days"),
            (101, "101 kun", "101 кун", "101 день", "101 days"),
            (111, "111 kun", "111 кун", "111 дней", "111 days"),
        ];
        for (n, uz, cy, ru, en) in table {
            assert_eq!(days(Language::UzLatn, n), uz);
            assert_eq!(days(Language::UzCyrl, n), cy);
            assert_eq!(days(Language::Ru, n), ru);
            assert_eq!(days(Language::En, n), en);
        }
    }

    #[test]
    fn appeal_forms() {
        let table: [(u64, &str, &str, &str, &str); 13] = [
            (0, "0 murojaat", "0 мурожаат", "0 обращений", "0 appeals"),
            (1, "1 murojaat", "1 мурожаат", "1 обращение", "1 appeal"),
            (2, "2 murojaat", "2 мурожаат", "2 обращения", "2 appeals"),
            (4, "4 murojaat", "4 мурожаат", "4 обращения", "4 appeals"),
            (5, "5 murojaat", "5 мурожаат", "5 обращений", "5 appeals"),
            (11, "11 murojaat", "11 мурожаат", "11 обращений", "11 appeals"),
            (12, "12 murojaat", "12 мурожаат", "12 обращений", "12 appeals"),
            (14, "14 murojaat", "14 мурожаат", "14 обращений", "14 appeals"),
            (21, "21 murojaat", "21 мурожаат", "21 обращение", "21 appeals"),
            (22, "22 murojaat", "22 мурожаат", "22 обращения", "22 appeals"),
            (25, "25 murojaat", "25 мурожаат", "25 обращений", "25 appeals"),
            (101, "101 murojaat", "101 мурожаат", "101 обращение", "101 appeals"),
            (111, "111 murojaat", "111 мурожаат", "111 обращений", "111 appeals"),
        ];
        for (n, uz, cy, ru, en) in table {
            assert_eq!(appeals(Language::UzLatn, n), uz);
            assert_eq!(appeals(Language::UzCyrl, n), cy);
            assert_eq!(appeals(Language::Ru, n), ru);
            assert_eq!(appeals(Language::En, n), en);
        }
    }

    #[test]
    fn the_bare_word_can_be_picked() {
        assert_eq!(Noun::Day.word(Language::Ru, 3), "дня");
        assert_eq!(Noun::Appeal.word(Language::En, 1), "appeal");
        assert_eq!(Forms::russian("день", "дня", "дней").get(Other), "дня");
    }
}
