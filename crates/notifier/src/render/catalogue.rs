//! The texts of the e-mails, one catalogue per language: `crates/notifier/texts/<language>.toml`,
//! compiled into the binary. A catalogue is a table per kind of e-mail (plus `common`, `role`,
//! `outcome`, `measure_kind` and `legal`) of texts with `{placeholder}`s the renderer fills in.
//! A translator edits those files; no Rust changes. A text missing from a catalogue renders as
//! `{missing:table.key}`, which the catalogue test rejects.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use ombudsman_domain::language::Language;
use ombudsman_domain::notification::NotificationKind;

/// The catalogue files, as compiled in.
pub const SOURCES: [(Language, &str); 4] = [
    (Language::UzLatn, include_str!("../../texts/uz-Latn.toml")),
    (Language::UzCyrl, include_str!("../../texts/uz-Cyrl.toml")),
    (Language::Ru, include_str!("../../texts/ru.toml")),
    (Language::En, include_str!("../../texts/en.toml")),
];

/// Table → key → text.
pub type Tables = BTreeMap<String, BTreeMap<String, String>>;

/// The texts of one language.
#[derive(Debug)]
pub struct Catalogue {
    /// Its tables; empty when the file does not parse (see [`Catalogue::error`]).
    pub tables: Tables,
    /// Why the file does not parse, if it does not.
    pub error: Option<String>,
}

static CATALOGUES: LazyLock<Vec<(Language, Catalogue)>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(lang, source)| {
            let catalogue = match toml::from_str::<Tables>(source) {
                Ok(tables) => Catalogue { tables, error: None },
                Err(e) => Catalogue {
                    tables: Tables::new(),
                    error: Some(e.to_string()),
                },
            };
            (*lang, catalogue)
        })
        .collect()
});

static EMPTY: Catalogue = Catalogue {
    tables: Tables::new(),
    error: None,
};

/// The catalogue of `lang`.
pub fn catalogue(lang: Language) -> &'static Catalogue {
    CATALOGUES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, c)| c)
        .unwrap_or(&EMPTY)
}

impl Catalogue {
    /// The text of `table.key`, if the catalogue has it.
    pub fn get(&self, table: &str, key: &str) -> Option<&str> {
        self.tables.get(table)?.get(key).map(String::as_str)
    }

    /// The text of `table.key`, or a visible `{missing:table.key}` marker.
    pub fn text(&self, table: &str, key: &str) -> &str {
        match self.get(table, key) {
            Some(text) => text,
            None => {
                tracing::error!(table, key, "a text is missing from a catalogue");
                "{missing}"
            }
        }
    }
}

/// Fills the `{name}` placeholders of `template` from `args` in one pass (a value is never read
/// as a template); a placeholder without a value is left as it is, for the tests to catch.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The texts of one table (a kind of e-mail) in one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Texts {
    catalogue: &'static Catalogue,
    table: &'static str,
}

impl Texts {
    /// The table `table` of `lang`'s catalogue.
    pub(crate) fn new(lang: Language, table: &'static str) -> Texts {
        Texts {
            catalogue: catalogue(lang),
            table,
        }
    }

    /// The table of a kind of e-mail (named as the kind) of `lang`'s catalogue.
    pub(crate) fn of(lang: Language, kind: NotificationKind) -> Texts {
        Texts::new(lang, kind.as_str())
    }

    /// A text with its placeholders filled.
    pub(crate) fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.catalogue.text(self.table, key), args)
    }

    /// A text without placeholders.
    pub(crate) fn plain(&self, key: &str) -> String {
        self.say(key, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        assert_eq!(fill("{a} and {b}", &[("a", "{b}"), ("b", "2")]), "{b} and 2");
        assert_eq!(fill("{x} {", &[]), "{x} {");
        assert_eq!(fill("no placeholder", &[("a", "1")]), "no placeholder");
    }
}
