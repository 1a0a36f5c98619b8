//! The rules a request can break although it matches its schema: a field that depends on another
//! one, a date relative to today, a record that must exist and be visible to the caller, a value
//! that must be unique. JSON Schema cannot state them, so the document lists them in its `x-rules`
//! extension: each error `code` the server may answer for such a rule (400, in `errors`), the
//! fields it applies to (none: any field) and the rule in words.
//!
//! A client can show these codes to its users; `scripts/fuzz` holds the server to the list: a
//! request that matches its schema may be refused only for one of these rules, on one of its
//! fields (`scripts/fuzz_hooks.py`).

use serde_json::{json, Value};

/// One rule: its error code, the fields it applies to (empty: any field that names a record or
/// a date, as the code says) and the rule in words.
pub struct Rule {
    pub code: &'static str,
    pub fields: &'static [&'static str],
    pub rule: &'static str,
}

const fn rule(code: &'static str, fields: &'static [&'static str], rule: &'static str) -> Rule {
    Rule { code, fields, rule }
}

/// Every rule beyond the schemas, by code.
pub const RULES: &[Rule] = &[
    // Records that must exist and that the caller may see (an id the caller may not see is
    // answered exactly like one that exists nowhere).
    rule("unknown_appeal", &[], "No appeal the caller may work on has this id."),
    rule("unknown_applicant", &[], "No applicant the caller may see has this id."),
    rule("unknown_facility", &[], "No facility has this id."),
    rule(
        "unknown_measure",
        &[],
        "No impact measure the caller may see has this id.",
    ),
    rule("unknown_office", &[], "No office has this id."),
    rule("unknown_partner", &[], "No partner ombudsman institution has this id."),
    rule("unknown_state_body", &[], "No state body of the directory has this id."),
    rule(
        "parent_cycle",
        &["parent_id"],
        "A state body cannot be put under itself or under a body below it.",
    ),
    rule(
        "abroad_region",
        &["region"],
        "A state body of the directory serves a region of Uzbekistan, not abroad.",
    ),
    rule(
        "unknown_merge",
        &["reverses"],
        "No merge into this applicant has this id (or it undoes another merge).",
    ),
    rule(
        "same_applicant",
        &["into"],
        "An applicant cannot be merged into themselves.",
    ),
    rule("unknown_user", &[], "No user the caller may name has this id."),
    rule("unknown_visit", &[], "No visit the caller may see has this id."),
    rule(
        "inactive_partner",
        &["partner_id"],
        "The partner is deactivated: it takes no new referrals.",
    ),
    rule("inactive_user", &[], "The user is deactivated."),
    rule(
        "not_assignable",
        &["user_id"],
        "Only an active case officer or manager of the appeal's office can be assigned.",
    ),
    rule("not_casework", &[], "Administrators and auditors make no visits."),
    rule("other_office", &[], "The officer works in another office."),
    rule(
        "other_facility",
        &[],
        "A follow-up visit must be to the facility the recommendation was made to.",
    ),
    rule("not_linked", &[], "The measure was not issued for this appeal."),
    rule(
        "not_an_applicant",
        &[],
        "The beneficiary must be the applicant of the appeal (or of an appeal of the measure).",
    ),
    rule(
        "same_visit",
        &[],
        "A follow-up is checked on a later visit, not on the visit that made the recommendation.",
    ),
    rule(
        "outside_visit",
        &[],
        "An appeal received during a visit is received within the visit's days.",
    ),
    rule(
        "outside_linked_appeals",
        &[],
        "The visit's days must still cover the appeals received during it.",
    ),
    rule(
        "wrong_channel",
        &[],
        "Only an appeal with channel monitoring_visit is received during a visit.",
    ),
    rule(
        "already_exists",
        &[],
        "Another record already has this value (an e-mail, a name in a region).",
    ),
    // Fields that depend on each other.
    rule(
        "applicant_required",
        &["applicant"],
        "Give exactly one of applicant, applicant_id or anonymous: true.",
    ),
    rule(
        "required",
        &[
            "outcome",
            "team_user_ids",
            "from",
            "to",
            "year",
            "half",
            "reason",
            "into",
            "amount_minor",
            "track",
            "response_summary",
            "abroad_country",
            "applicant.country_of_stay",
            "days",
            "appeal_id",
            "appeal_ids",
            "applicant_id",
            "full_name",
            "email",
            "text",
        ],
        "Required by another field's value: an outcome to close, someone who made the visit, a \
         period given either as year and half or as from and to, a reason to lift protection, a \
         track to accept, the body's answer to record a response, the country of an applicant \
         abroad or of a migrant worker's stay, the days of an extension, the appeal or measure \
         money came from, an appeal or visit a measure follows, the beneficiary when a measure \
         concerns several applicants, something to change in a correction of a compensation \
         record (amount, currency or date), the applicant to merge into, the name and e-mail of \
         an appeal filed online that is not anonymous, the text of a reply.",
    ),
    rule(
        "not_allowed",
        &[],
        "The caller's role may not set this field (e.g. only a manager assigns another officer); \
         an anonymous appeal filed online names nobody (no full_name, email or phone).",
    ),
    rule(
        "consent_required",
        &["consent"],
        "An appeal filed online is accepted only with consent to the processing of its personal data.",
    ),
    rule("empty_update", &[""], "A change must give at least one field a value."),
    rule(
        "invalid_range",
        &[],
        "The first bound of a range must not be after the second.",
    ),
    rule("before_from", &[], "The end of a range must not be before its start."),
    rule("before_start", &[], "The last day must not be before the first."),
    rule(
        "before_appeal",
        &[],
        "A request, measure, compensation or referral cannot be dated before an appeal it cites was received.",
    ),
    rule(
        "before_agreement_from",
        &[],
        "An agreement cannot end before it starts.",
    ),
    rule("before_issue", &[], "Cannot be before the measure was issued."),
    rule(
        "after_issue",
        &[],
        "The appeal was received after the measure was issued.",
    ),
    rule("before_received_on", &[], "Cannot be before the appeal was received."),
    rule(
        "before_recommendation",
        &[],
        "Cannot be before the recommendation was made.",
    ),
    rule("before_referred_on", &[], "Cannot be before the referral."),
    rule("before_sent_on", &[], "Cannot be before the request was sent."),
    rule("before_visit", &[], "Cannot be before the visit."),
    rule(
        "after_recommendation_due",
        &[],
        "A visit that made recommendations cannot end after their due dates.",
    ),
    rule("duplicate", &[], "A list names the same item twice."),
    rule(
        "too_long",
        &["ended_on", "to"],
        "A visit lasts at most 366 days; a report's period at most a year.",
    ),
    // Dates relative to today.
    rule(
        "in_future",
        &[],
        "A date of something that happened cannot be in the future.",
    ),
    rule(
        "too_old",
        &[],
        "Too far in the past for this record (a visit, a measure or a report starts in 2000 or later).",
    ),
    // Values whose form a schema pattern cannot state portably.
    rule(
        "too_short",
        &["q"],
        "Search words need at least 2 letters or digits (a Unicode class a schema pattern cannot name).",
    ),
    rule(
        "no_letters",
        &["name_uz_latn", "name_uz_cyrl", "name_ru", "name_en"],
        "A state body's name needs a letter or a digit (a Unicode class a schema pattern cannot name).",
    ),
    rule(
        "invalid_filename",
        &["filename"],
        "The name after the last / or \\ must be 1 to 255 characters without invisible or \
         direction-changing characters.",
    ),
    rule(
        "content_mismatch",
        &["content_type"],
        "The file's first bytes must be of the type the Content-Type claims.",
    ),
];

/// The `x-rules` extension of the document.
pub fn extension() -> Value {
    Value::Array(
        RULES
            .iter()
            .map(|r| json!({"code": r.code, "fields": r.fields, "rule": r.rule}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_listed_once() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a code is listed twice");
    }
}
