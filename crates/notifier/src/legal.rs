//! When a letter to an applicant states a legal right. The wording itself is the `[legal]` table
//! of each catalogue (`texts/<language>.toml`), in one place for the office's lawyer to review
//! (see docs/translations.md). Nothing else in the notifier states a legal right.

use ombudsman_domain::language::Language;

/// For a decision that does not grant what was asked — a refusal, or an appeal left without
/// consideration — the applicant's right to challenge it and where; `None` for other outcomes.
///
/// The wording is TO BE APPROVED by the office's legal editor before production: the wording follows the Law
/// "On the Authorized Person of the Oliy Majlis of the Republic of Uzbekistan for Human Rights
/// (Ombudsman)" and the Law "On appeals of natural and legal persons" as generally understood,
/// and names no article.
pub fn challenge_notice(lang: Language, outcome: &str) -> Option<&'static str> {
    if !matches!(outcome, "rejected" | "left_without_consideration") {
        return None;
    }
    Some(crate::render::catalogue::catalogue(lang).text("legal", "challenge"))
}
