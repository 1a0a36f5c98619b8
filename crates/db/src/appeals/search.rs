//! Finding appeals by what an officer knows, and ranking what was found by how well it matched.
//!
//! Every criterion is one predicate built here, once; the filter and the rank are both made of
//! them, so the rank can never weigh a match the filter would not make. In particular, whatever
//! names the applicant (name, phone, e-mail) applies [`UNPROTECTED_APPLICANT`] in both: a person
//! whose identity an appeal protects is neither found nor ranked by who they are.

use diesel::dsl::{case_when, sql};
use diesel::expression::AsExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text};

use crate::schema::{appeals, applicants};

/// A condition on the appeals table.
pub(super) type Pred = Box<dyn BoxableExpression<appeals::table, diesel::pg::Pg, SqlType = Bool>>;

/// An integer expression over the appeals table (the rank).
pub(super) type RankExpr = Box<dyn BoxableExpression<appeals::table, diesel::pg::Pg, SqlType = Integer>>;

/// The applicant of the appeal is one whose identity no appeal protects: only those are found
/// by name, phone or e-mail (a protected person is found by number or subject, never by who
/// they are).
const UNPROTECTED_APPLICANT: &str = " AND NOT EXISTS (SELECT 1 FROM appeals x WHERE x.applicant_id = p.id \
     AND (x.confidential OR x.reprisal_risk))";

/// How many applicants a name search must find for its appeals to be read in a window of the
/// list ([`Search::windowed`]) rather than through the index of their applicant.
const MANY_APPLICANTS: i64 = 1_000;

/// A phone number typed with this many digits or more names the whole national number: it is
/// an exact match when the stored number ends with it (`901234567` is `+998 90 123-45-67`).
const NATIONAL_NUMBER_DIGITS: usize = 9;

/// How well an appeal matched a search, best first. The list orders by it (descending) when a
/// search is given and no other order is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// Subject or description (or the terms spread over the text and the name).
    Text = 1,
    /// Part of the registration number or of the applicant's phone.
    Part = 2,
    /// Every term in the applicant's name.
    Name = 3,
    /// The applicant's whole phone number or e-mail.
    Contact = 4,
    /// The beginning of the registration number.
    NumberPrefix = 5,
    /// The whole registration number.
    Number = 6,
}

impl Rank {
    /// The highest rank.
    pub const BEST: i32 = Rank::Number as i32;
}

/// How a tier of a search is read ([`Search::windowed`]).
pub(super) enum TierPlan {
    /// It holds no appeal.
    Empty,
    /// Through its index condition ([`Search::tier`]).
    Indexed,
    /// A window of the list read in order with the first condition (row by row), then the rest
    /// through the second (indexed).
    Windowed(Pred, Pred),
}

/// A search as the list applies it.
#[derive(Debug)]
pub(super) struct Search {
    terms: Vec<String>,
    /// The query as typed, trimmed, in capitals (numbers are stored in capitals).
    number: Option<String>,
    /// The digits of a query that is a phone number (five or more digits).
    digits: Option<String>,
    /// A query with `@`, in lower case.
    email: Option<String>,
    /// Found by [`Search::windowed`]: no applicant's name holds every term, so the name
    /// conditions are left out of the statements built after it (for one term, also from the
    /// filter's "in the text or in the name"), which spares PostgreSQL planning and running
    /// their sub-plans.
    no_such_name: std::cell::Cell<bool>,
}

impl Search {
    /// The search of `terms` (folded words) and `raw` (the query as typed); `None` when there is
    /// nothing to search for.
    pub(super) fn new(terms: &[String], raw: Option<&str>) -> Option<Self> {
        let raw = raw.map(str::trim).filter(|r| r.chars().count() >= 2);
        if terms.is_empty() && raw.is_none() {
            return None;
        }
        let digits: Option<String> = raw.and_then(|raw| {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let only_phone = raw.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
            (digits.len() >= 5 && only_phone).then_some(digits)
        });
        Some(Search {
            terms: terms.to_vec(),
            // A query that cannot be part of any registration number is not looked for there.
            number: raw
                .map(str::to_uppercase)
                .filter(|n| ombudsman_domain::appeal::could_be_in_number(n)),
            digits,
            email: raw.filter(|r| r.contains('@')).map(str::to_lowercase),
            no_such_name: std::cell::Cell::new(false),
        })
    }

    /// The appeals matching the search: every term in the text or the applicant's folded name,
    /// or the whole query in the number, the phone digits or the e-mail.
    pub(super) fn filter(&self) -> Pred {
        self.filter_by(Lookup::Indexed)
    }

    fn filter_by(&self, lookup: Lookup) -> Pred {
        let all_terms = self
            .terms
            .iter()
            .map(|term| -> Pred {
                if self.no_such_name.get() && self.terms.len() == 1 {
                    text_has(term, lookup)
                } else {
                    Box::new(text_has(term, lookup).or(name_has(term, lookup)))
                }
            })
            .reduce(|a, b| Box::new(a.and(b)));
        let number_part = match lookup {
            Lookup::Indexed => self.number_part(),
            Lookup::Scan => self.number.as_deref().map(|n| contains("appeals.number", n)),
        };
        let any = [number_part, self.phone_part(lookup), self.email_is(lookup)]
            .into_iter()
            .flatten()
            .reduce(|a, b| Box::new(a.or(b)));
        match (all_terms, any) {
            (Some(terms), Some(any)) => Box::new(terms.or(any)),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => Box::new(sql::<Bool>("FALSE")),
        }
    }

    /// The [`Rank`] of a matching appeal, from the same predicates as [`Search::filter`].
    pub(super) fn rank(&self) -> RankExpr {
        let never = || -> Pred { Box::new(sql::<Bool>("FALSE")) };
        let contact = [self.phone_is(Lookup::Scan), self.email_is(Lookup::Scan)]
            .into_iter()
            .flatten()
            .reduce(|a, b| Box::new(a.or(b)))
            .unwrap_or_else(never);
        let whole_name = match self.no_such_name.get() {
            true => never(),
            false => self.names_have(Lookup::Scan).unwrap_or_else(never),
        };
        let part = [self.number_part(), self.phone_part(Lookup::Scan)]
            .into_iter()
            .flatten()
            .reduce(|a, b| Box::new(a.or(b)))
            .unwrap_or_else(never);
        let number: Pred = match &self.number {
            Some(n) => Box::new(appeals::number.eq(n.clone())),
            None => never(),
        };
        let prefix: Pred = match &self.number {
            Some(n) => Box::new(appeals::number.like(prefix_pattern(n))),
            None => never(),
        };
        Box::new(
            case_when(number, AsExpression::<Integer>::as_expression(Rank::Number as i32))
                .when(prefix, Rank::NumberPrefix as i32)
                .when(contact, Rank::Contact as i32)
                .when(whole_name, Rank::Name as i32)
                .when(part, Rank::Part as i32)
                .otherwise(Rank::Text as i32),
        )
    }

    /// The condition that finds the appeals of one [`Rank`] by an index, `None` when no appeal
    /// can have it in this search; the rank itself (`rank() = tier`) is checked beside it, so a
    /// row is listed in its best tier only. [`Rank::Text`] has none of its own: the filter.
    pub(super) fn tier(&self, tier: i32) -> Option<Pred> {
        let any = |preds: [Option<Pred>; 2]| preds.into_iter().flatten().reduce(|a, b| Box::new(a.or(b)));
        match tier {
            t if t == Rank::Number as i32 => self.number.clone().map(|n| -> Pred { Box::new(appeals::number.eq(n)) }),
            t if t == Rank::NumberPrefix as i32 => self
                .number
                .as_deref()
                .map(|n| -> Pred { Box::new(appeals::number.like(prefix_pattern(n))) }),
            t if t == Rank::Contact as i32 => any([self.phone_is(Lookup::Indexed), self.email_is(Lookup::Indexed)]),
            t if t == Rank::Name as i32 => self.names_have(Lookup::Indexed),
            t if t == Rank::Part as i32 => any([self.number_part(), self.phone_part(Lookup::Indexed)]),
            t if t == Rank::Text as i32 => Some(Box::new(sql::<Bool>("TRUE"))),
            _ => None,
        }
    }

    /// How to read a tier: the tiers whose matches can be many ([`Rank::Name`] and
    /// [`Rank::Text`]: a common word or name part) with their condition twice, to check row by
    /// row on a window of the list read in order and to find the rest through indexes; the
    /// others through their index condition.
    ///
    /// The name tier is read so only when its terms are in the names of at least
    /// [`MANY_APPLICANTS`] applicants (one look-up of the applicants, here): the appeals of fewer
    /// are found faster through the index of their applicant than by reading a window.
    pub(super) fn windowed(&self, conn: &mut crate::Conn, tier: i32) -> QueryResult<TierPlan> {
        Ok(match tier {
            t if t == Rank::Name as i32 && !self.terms.is_empty() => {
                let mut q = applicants::table
                    .select(applicants::id)
                    .limit(MANY_APPLICANTS)
                    .into_boxed();
                for term in &self.terms {
                    q = q.filter(applicants::search_name.like(ombudsman_domain::search::like_pattern(term)));
                }
                let found: Vec<ombudsman_domain::ids::ApplicantId> = q.load(conn)?;
                match (
                    found.len() as i64,
                    self.names_have(Lookup::Scan),
                    self.names_have(Lookup::Indexed),
                ) {
                    // No applicant has these names (protected or not): the tier is empty, and
                    // the later tiers need not look at names.
                    (0, _, _) => {
                        self.no_such_name.set(true);
                        TierPlan::Empty
                    }
                    (MANY_APPLICANTS, Some(scan), Some(indexed)) => TierPlan::Windowed(scan, indexed),
                    _ => TierPlan::Indexed,
                }
            }
            t if t == Rank::Text as i32 => {
                TierPlan::Windowed(self.filter_by(Lookup::Scan), self.filter_by(Lookup::Indexed))
            }
            _ => TierPlan::Indexed,
        })
    }

    /// Every term in the applicant's folded name (one look-up of the applicants for all terms,
    /// so that several common name parts are intersected among the applicants, not among
    /// their appeals).
    fn names_have(&self, lookup: Lookup) -> Option<Pred> {
        if self.terms.is_empty() {
            return None;
        }
        Some(applicant_where(
            lookup,
            self.terms
                .iter()
                .map(|term| ("p.search_name LIKE ", ombudsman_domain::search::like_pattern(term)))
                .collect(),
        ))
    }

    fn number_part(&self) -> Option<Pred> {
        let n = self.number.as_deref()?;
        Some(Box::new(
            appeals::number.like(ombudsman_domain::search::like_pattern(n)),
        ))
    }

    fn phone_part(&self, lookup: Lookup) -> Option<Pred> {
        let digits = self.digits.as_deref()?;
        Some(applicant_where(
            lookup,
            vec![("p.phone_digits LIKE ", ombudsman_domain::search::like_pattern(digits))],
        ))
    }

    fn phone_is(&self, lookup: Lookup) -> Option<Pred> {
        let digits = self.digits.as_deref()?;
        if digits.len() >= NATIONAL_NUMBER_DIGITS {
            let ending = ombudsman_domain::search::like_pattern(digits);
            let ending = ending.strip_suffix('%').unwrap_or(&ending).to_owned();
            Some(applicant_where(lookup, vec![("p.phone_digits LIKE ", ending)]))
        } else {
            Some(applicant_where(lookup, vec![("p.phone_digits = ", digits.to_owned())]))
        }
    }

    fn email_is(&self, lookup: Lookup) -> Option<Pred> {
        let email = self.email.as_deref()?;
        Some(applicant_where(lookup, vec![("lower(p.email) = ", email.to_owned())]))
    }
}

/// How a predicate is written: for PostgreSQL to find its rows through indexes, or to check it
/// row by row on rows found otherwise (text by `strpos`, which no index serves, and the
/// applicants found once and hashed).
#[derive(Debug, Clone, Copy)]
enum Lookup {
    Indexed,
    Scan,
}

/// A term in the folded subject and description.
fn text_has(term: &str, lookup: Lookup) -> Pred {
    match lookup {
        Lookup::Indexed => Box::new(appeals::search_text.like(ombudsman_domain::search::like_pattern(term))),
        Lookup::Scan => contains("appeals.search_text", term),
    }
}

/// `column` (of `appeals`) contains `part`, by `strpos`: the same rows as `LIKE '%part%'`
/// (wildcards taken literally), never through an index.
fn contains(column: &'static str, part: &str) -> Pred {
    Box::new(
        sql::<Bool>("strpos(")
            .sql(column)
            .sql(", ")
            .bind::<Text, _>(part.to_owned())
            .sql(") > 0"),
    )
}

/// A term in the applicant's folded name, for an applicant no appeal protects.
fn name_has(term: &str, lookup: Lookup) -> Pred {
    applicant_where(
        lookup,
        vec![("p.search_name LIKE ", ombudsman_domain::search::like_pattern(term))],
    )
}

/// The appeal's applicant meets every condition (a comparison of a column of `p`, the
/// applicant, with a value) and no appeal protects their identity.
///
/// [`Lookup::Indexed`] writes it as `= ANY(ARRAY(subquery))`, not `IN (subquery)`: the
/// applicants are found once (an init plan, on their own indexes), and the comparison with the
/// array is an index condition on `appeals (applicant_id)`, so PostgreSQL can OR it with the
/// trigram indexes of the text and the number in one bitmap scan. With `IN`, an OR of it and the
/// text could only be a filter over every appeal (a sequential scan, whatever the size of the
/// table).
///
/// [`Lookup::Scan`] writes it as `IN (subquery)`, for a predicate checked row by row (the rank,
/// a window read in list order): PostgreSQL hashes the applicants found once and looks each row
/// up. An array is never hashed: checking a row against it compares it with every applicant
/// found (38,847 for `aziz` at 1.7 million applicants, which took that search 9.4 s).
fn applicant_where(lookup: Lookup, conditions: Vec<(&'static str, String)>) -> Pred {
    Box::new(ApplicantWhere { lookup, conditions })
}

/// The SQL of [`applicant_where`]: one bind per condition.
#[derive(Debug, Clone)]
struct ApplicantWhere {
    lookup: Lookup,
    conditions: Vec<(&'static str, String)>,
}

impl<GB> diesel::expression::ValidGrouping<GB> for ApplicantWhere {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl diesel::Expression for ApplicantWhere {
    type SqlType = Bool;
}

impl diesel::AppearsOnTable<appeals::table> for ApplicantWhere {}
impl diesel::SelectableExpression<appeals::table> for ApplicantWhere {}

impl diesel::query_builder::QueryId for ApplicantWhere {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for ApplicantWhere {
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        let (start, end) = match self.lookup {
            Lookup::Indexed => (
                "appeals.applicant_id = ANY(ARRAY(SELECT p.id FROM applicants p WHERE ",
                "))",
            ),
            Lookup::Scan => ("appeals.applicant_id IN (SELECT p.id FROM applicants p WHERE ", ")"),
        };
        out.push_sql(start);
        for (i, (condition, value)) in self.conditions.iter().enumerate() {
            if i > 0 {
                out.push_sql(" AND ");
            }
            out.push_sql(condition);
            out.push_bind_param::<Text, _>(value)?;
        }
        out.push_sql(UNPROTECTED_APPLICANT);
        out.push_sql(end);
        Ok(())
    }
}

/// The `LIKE` pattern of a value's beginning, its wildcards escaped.
fn prefix_pattern(value: &str) -> String {
    let anywhere = ombudsman_domain::search::like_pattern(value);
    anywhere.strip_prefix('%').unwrap_or(&anywhere).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_number_is_read_from_digits_and_phone_punctuation_only() {
        let s = Search::new(&[], Some(" (91) 765-43-21 ")).expect("a search");
        assert_eq!(s.digits.as_deref(), Some("917654321"));
        assert_eq!(s.number, None, "no registration number has brackets or spaces");
        let s = Search::new(&[], Some("91-765")).expect("a search");
        assert_eq!(s.number.as_deref(), Some("91-765"));
        let s = Search::new(&["hq".into()], Some("HQ-2025-000001")).expect("a search");
        assert_eq!(s.digits, None, "a number with letters is no phone");
        assert_eq!(s.number.as_deref(), Some("HQ-2025-000001"));
        let s = Search::new(&["pensiya".into()], Some("pensiya")).expect("a search");
        assert_eq!(s.number, None, "too many letters for an office code");
        assert_eq!(Search::new(&[], Some("1234")).and_then(|s| s.digits), None);
        assert!(Search::new(&[], Some(" x ")).is_none());
    }

    #[test]
    fn only_a_query_with_an_at_sign_is_an_email() {
        let s = Search::new(&["aziz".into()], Some("AZIZ@example.org")).expect("a search");
        assert_eq!(s.email.as_deref(), Some("aziz@example.org"));
        let s = Search::new(&["aziz".into()], Some("Aziz")).expect("a search");
        assert_eq!(s.email, None);
    }

    #[test]
    fn prefixes_escape_wildcards() {
        assert_eq!(prefix_pattern("HQ-2025"), "HQ-2025%");
        assert_eq!(prefix_pattern("A_%"), "A\\_\\%%");
    }

    #[test]
    fn ranks_are_ordered_best_last() {
        assert!(Rank::Text < Rank::Part && Rank::Part < Rank::Name && Rank::Name < Rank::Contact);
        assert!(Rank::Contact < Rank::NumberPrefix && Rank::NumberPrefix < Rank::Number);
        assert_eq!(Rank::BEST, 6);
    }
}
