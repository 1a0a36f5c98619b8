//! The four languages and scripts the office works in.

code_enum!(
    /// A language (and script) of the applicant or the office.
    Language {
        UzLatn => "uz-Latn",
        UzCyrl => "uz-Cyrl",
        Ru => "ru",
        En => "en",
    }
);

impl Language {
    /// Picks the best supported language of an `Accept-Language` header, if any.
    pub fn negotiate(header: &str) -> Option<Language> {
        let mut best: Option<(f32, Language)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok()))
                .unwrap_or(1.0);
            let lang = match tag.to_ascii_lowercase().as_str() {
                "uz-latn" | "uz" | "uz-latn-uz" => Some(Language::UzLatn),
                "uz-cyrl" | "uz-cyrl-uz" => Some(Language::UzCyrl),
                t if t == "ru" || t.starts_with("ru-") => Some(Language::Ru),
                t if t == "en" || t.starts_with("en-") => Some(Language::En),
                _ => None,
            };
            if let Some(lang) = lang {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn accept_language_picks_the_highest_supported_quality() {
        assert_eq!(Language::negotiate("ru-RU,ru;q=0.9,en;q=0.8"), Some(Language::Ru));
        assert_eq!(
            Language::negotiate("de, uz-Cyrl;q=0.5, en;q=0.4"),
            Some(Language::UzCyrl)
        );
        assert_eq!(Language::negotiate("uz"), Some(Language::UzLatn));
        assert_eq!(Language::negotiate("fr"), None);
    }
}
