//! Script-independent folding of text for full-text search of appeals.
//!
//! Appeals arrive in Uzbek Latin, Uzbek Cyrillic and Russian, and people search in whichever
//! script their keyboard has. [`fold`] maps all three to one canonical lower-case ASCII Latin form,
//! chosen so that the same word written in either Uzbek script folds to the same string
//! (`пенсия` and `pensiya` both fold to `pensiya`).
//!
//! The database stores `fold(subject + " " + description)` in a column with a `pg_trgm` GIN index;
//! a query is split into terms with [`query_terms`], and each term is matched as a substring with
//! `LIKE` [`like_pattern`]. Substring matching is what lets `qamoqxona` find `qamoqxonada`: Uzbek
//! is agglutinative, so the folding deliberately does no stemming.
//!
//! Every rule of the folding looks only at the characters *before* the current one (the single
//! exception, `ь` before `о`, only ever adds a letter at the end), so the fold of the beginning of
//! a word is the beginning of the fold of the word, and prefix searches keep working.

use std::iter::Peekable;

/// At most this many terms are taken from one search query.
pub const MAX_QUERY_TERMS: usize = 8;

/// Query words shorter than this (in characters, after folding) are ignored.
pub const MIN_TERM_CHARS: usize = 2;

/// Folds `text` into the canonical search form: lower-case ASCII Latin words separated by single
/// spaces.
///
/// - Cyrillic (Uzbek, Russian, and the other common Cyrillic alphabets of the region) is
///   transliterated by the official Uzbek Latin correspondences: `ш` → `sh`, `ч` → `ch`,
///   `ж` → `j`, `х` → `x`, `ҳ` → `h`, `қ` → `q`, `ғ` → `g`, `ў` → `o`, `ё` → `yo`, `ю` → `yu`,
///   `я` → `ya`, `й` → `y`; `е` is `ye` at the start of a word and after a vowel, `ъ` or `ь`,
///   otherwise `e`; `ц` is `ts` after a vowel and `s` elsewhere (`лицей` = `litsey`,
///   `цирк` = `sirk`, `концерт` = `konsert`); Russian `ы` → `i`, `э` → `e`, `щ` → `sh`;
///   `ъ` and `ь` are dropped (`ь` before `о` is `y`: `батальон` = `batalyon`).
/// - Every apostrophe variant (`'` `‘` `’` `ʻ` `ʼ` `` ` `` …) is dropped, which unifies the
///   spellings of `oʻ`/`gʻ` (→ `o`/`g`) and removes the tutuq belgisi (`ta'lim` = `таълим` = `talim`).
/// - Accented Latin is folded to ASCII (`é` → `e`), with the letters of older Uzbek and Turkic
///   Latin alphabets mapped to their Uzbek values (`ş` → `sh`, `ç` → `ch`, `ğ` → `g`, `ö` → `o`).
/// - Combining marks, soft hyphens and zero-width joiners are dropped (decomposed `й`, `ё` and `ў`
///   are recomposed first); any other character that is not alphanumeric becomes a space.
/// - Runs of spaces are collapsed to one, and the result is trimmed.
///
/// Letters of other scripts (Greek, Arabic, …) are kept, lower-cased.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The previous letter of the source text (lower-case), or `None` after a word boundary.
    let mut prev: Option<char> = None;
    let mut chars = text.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        let c = compose(c, &mut chars);
        if is_transparent(c) {
            continue;
        }
        if let Some(latin) = cyrillic(c, prev, chars.peek().copied()) {
            out.push_str(latin);
            prev = Some(c);
        } else if let Some(ascii) = accented_latin(c) {
            out.push_str(ascii);
            prev = Some(c);
        } else if c.is_alphanumeric() {
            out.push(c);
            prev = Some(c);
        } else {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            prev = None;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Splits a search query into folded terms: words of at least [`MIN_TERM_CHARS`] characters,
/// without duplicates, in the order of the query, at most [`MAX_QUERY_TERMS`] of them.
///
/// An appeal matches the query when its folded text contains every term as a substring.
pub fn query_terms(q: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in fold(q).split(' ') {
        if terms.len() == MAX_QUERY_TERMS {
            break;
        }
        if word.chars().count() >= MIN_TERM_CHARS && !terms.iter().any(|t| t == word) {
            terms.push(word.to_owned());
        }
    }
    terms
}

/// The SQL `LIKE` pattern `%term%` that matches `term` anywhere, with `%`, `_` and `\` in `term`
/// escaped by a backslash (the default `LIKE` escape character), so they match literally.
pub fn like_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Recomposes a Cyrillic letter written as a base letter followed by a combining breve or
/// diaeresis (as text pasted from some systems is), consuming the combining mark.
fn compose<I: Iterator<Item = char>>(c: char, rest: &mut Peekable<I>) -> char {
    let composed = match (c, rest.peek()) {
        ('и', Some('\u{0306}')) => 'й',
        ('у', Some('\u{0306}')) => 'ў',
        ('е', Some('\u{0308}')) => 'ё',
        ('і', Some('\u{0308}')) => 'ї',
        _ => return c,
    };
    rest.next();
    composed
}

/// Characters that are dropped without breaking a word: apostrophes (the Uzbek `ʻ` of `oʻ`/`gʻ`
/// and the tutuq belgisi), combining marks, the soft hyphen and zero-width joiners.
fn is_transparent(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{00B4}' // ´ acute accent
            | '\u{02B9}'..='\u{02BF}' // ʹ ʺ ʻ ʼ ʽ ʾ ʿ
            | '\u{02C8}' // ˈ
            | '\u{2018}'..='\u{201B}' // ‘ ’ ‚ ‛
            | '\u{2032}' // ′ prime
            | '\u{FF07}' // ＇ fullwidth apostrophe
            | '\u{0300}'..='\u{036F}' // combining diacritical marks
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{00AD}' // soft hyphen
            | '\u{200C}' // zero-width non-joiner
            | '\u{200D}' // zero-width joiner
            | '\u{2060}' // word joiner
            | '\u{FEFF}' // zero-width no-break space
    )
}

/// Whether `c` (lower-case) is a vowel letter of the Cyrillic or Latin alphabet.
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'ў'
            | 'і'
            | 'ї'
            | 'є'
            | 'ә'
            | 'ө'
            | 'ү'
            | 'ұ'
            | 'ӣ'
            | 'ӯ'
            | 'a'
            | 'e'
            | 'i'
            | 'o'
            | 'u'
    )
}

/// The Latin transliteration of a lower-case Cyrillic letter `c`, given the previous letter of the
/// word (`None` at a word start) and the next character; `None` when `c` is not Cyrillic.
/// A Cyrillic letter without a mapping folds to nothing, so no Cyrillic ever reaches the output.
fn cyrillic(c: char, prev: Option<char>, next: Option<char>) -> Option<&'static str> {
    let latin = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => match prev {
            None => "ye",
            Some(p) if is_vowel(p) || p == 'ъ' || p == 'ь' || !p.is_alphabetic() => "ye",
            Some(_) => "e",
        },
        'ё' => "yo",
        'ж' => "j",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "x",
        'ц' => match prev {
            Some(p) if is_vowel(p) => "ts",
            _ => "s",
        },
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "sh",
        'ъ' => "",
        'ы' => "i",
        'ь' => match next {
            Some('о') => "y",
            _ => "",
        },
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Uzbek.
        'ў' => "o",
        'қ' => "q",
        'ғ' => "g",
        'ҳ' => "h",
        // Karakalpak, Kazakh, Kyrgyz, Tajik, Tatar, Bashkir.
        'ә' => "a",
        'ө' => "o",
        'ү' => "u",
        'ұ' => "u",
        'ң' => "ng",
        'һ' => "h",
        'ҷ' => "j",
        'ӣ' => "i",
        'ӯ' => "u",
        'ҡ' => "q",
        'ҙ' => "z",
        'ҫ' => "s",
        'җ' => "j",
        'ӏ' => "",
        // Ukrainian, Belarusian.
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        // South Slavic and historical letters.
        'ђ' => "dj",
        'ј' => "y",
        'љ' => "l",
        'њ' => "n",
        'ћ' => "ch",
        'џ' => "j",
        'ѓ' => "g",
        'ќ' => "k",
        'ѕ' => "dz",
        'ѣ' => "e",
        'ѳ' => "f",
        'ѵ' => "i",
        '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}' => "",
        _ => return None,
    };
    Some(latin)
}

/// The ASCII form of a lower-case accented or special Latin letter, `None` for other characters.
fn accented_latin(c: char) -> Option<&'static str> {
    let ascii = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ĉ' => "ch",
        'ć' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ǵ' | 'ǧ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' | 'ḥ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĵ' => "j",
        'ķ' | 'ḳ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ŋ' => "ng",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ş' | 'š' | 'ș' | 'ŝ' => "sh",
        'ś' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ț' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ž' => "j",
        'ź' | 'ż' => "z",
        _ => return None,
    };
    Some(ascii)
}

#[cfg(test)]
mod tests {
    use super::{fold, like_pattern, query_terms, MAX_QUERY_TERMS};

    #[track_caller]
    fn same(a: &str, b: &str) {
        assert_eq!(fold(a), fold(b), "{a:?} and {b:?} fold differently");
    }

    #[test]
    fn uzbek_cyrillic_and_latin_pairs_fold_equal() {
        same("пенсия", "pensiya");
        same("Пенсия", "PENSIYA");
        same("қамоқхона", "qamoqxona");
        same("ўғил", "oʻgʻil");
        same("ўғил", "o'g'il");
        same("ўғил", "o‘g‘il");
        same("ўғил", "oʼgʼil");
        same("ўғил", "o’g’il");
        same("шикоят", "shikoyat");
        same("ҳуқуқ", "huquq");
        same("таълим", "ta'lim");
        same("таълим", "taʼlim");
        same("ер", "yer");
        same("Ўзбекистон", "Oʻzbekiston");
        same("жазони ижро этиш", "jazoni ijro etish");
        same("меҳнат", "mehnat");
        same("чегара", "chegara");
        same("ёшлар", "yoshlar");
        same("юрист", "yurist");
        same("яшаш", "yashash");
    }

    #[test]
    fn more_official_pairs_fold_equal() {
        same("поезд", "poyezd");
        same("Европа", "Yevropa");
        same("объект", "obyekt");
        same("лицей", "litsey");
        same("милиция", "militsiya");
        same("цирк", "sirk");
        same("концерт", "konsert");
        same("батальон", "batalyon");
        same("маъно", "ma'no");
        same("Исҳоқ", "Is'hoq");
        same("ижтимоий", "ijtimoiy");
        same("мурожаат", "murojaat");
        same("ғазна", "gʻazna");
    }

    #[test]
    fn folds_to_the_expected_canonical_form() {
        assert_eq!(fold("пенсия"), "pensiya");
        assert_eq!(fold("Ўзбекистон"), "ozbekiston");
        assert_eq!(fold("O‘zbekiston Respublikasi"), "ozbekiston respublikasi");
        assert_eq!(fold("қамоқхона"), "qamoqxona");
        assert_eq!(fold("таълим"), "talim");
        assert_eq!(fold("ер"), "yer");
        assert_eq!(fold("жазони ижро этиш"), "jazoni ijro etish");
    }

    #[test]
    fn russian_folds_to_latin() {
        assert_eq!(fold("пенсия"), fold("pensiya"));
        assert_eq!(fold("Ташкент"), "tashkent");
        assert_eq!(fold("ЩЁТКА"), "shyotka");
        assert_eq!(fold("Вы"), "vi");
        assert_eq!(fold("эхо"), "exo");
        assert_eq!(fold("подъезд"), "podyezd");
        assert_eq!(fold("Ильич"), "ilich");
        let statement = fold("заявление");
        assert_eq!(statement, "zayavleniye");
        assert_eq!(fold("Заявление"), statement);
        assert!(statement.is_ascii());
        assert!(!statement.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)));
    }

    #[test]
    fn no_cyrillic_ever_survives() {
        let all: String = ('\u{0400}'..='\u{04FF}').collect();
        let folded = fold(&all);
        assert!(folded.is_ascii(), "{folded}");
    }

    #[test]
    fn decomposed_letters_are_recomposed() {
        assert_eq!(fold("и\u{0306}ил"), fold("йил"));
        assert_eq!(fold("е\u{0308}шлар"), fold("ёшлар"));
        assert_eq!(fold("у\u{0306}ғил"), fold("ўғил"));
        assert_eq!(fold("Е\u{0308}ШЛАР"), "yoshlar");
        assert_eq!(fold("cafe\u{0301}"), "cafe");
    }

    #[test]
    fn accented_latin_folds_to_ascii() {
        assert_eq!(fold("Café Résumé"), "cafe resume");
        assert_eq!(fold("Özbekistan"), "ozbekistan");
        assert_eq!(fold("şikoyat"), fold("shikoyat"));
        assert_eq!(fold("çegara"), fold("chegara"));
        assert_eq!(fold("ğazna"), fold("g'azna"));
        assert_eq!(fold("STRAẞE"), "strasse");
    }

    #[test]
    fn punctuation_and_whitespace_are_normalised() {
        assert_eq!(fold("  Hello,\tworld!\n\n--  "), "hello world");
        assert_eq!(fold("ijtimoiy-iqtisodiy"), "ijtimoiy iqtisodiy");
        assert_eq!(fold("№ 12/3, 2024-yil"), "12 3 2024 yil");
        assert_eq!(fold("«шикоят»"), "shikoyat");
        assert_eq!(fold("пен\u{00AD}сия"), "pensiya");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" ... "), "");
        assert_eq!(fold("‘Adolat’"), "adolat");
    }

    #[test]
    fn other_scripts_are_kept_lower_cased() {
        assert_eq!(fold("ΑΒΓ"), "αβγ");
    }

    #[test]
    fn ye_depends_on_the_position_in_the_word() {
        assert_eq!(fold("ер"), "yer");
        assert_eq!(fold("(ер)"), "yer");
        assert_eq!(fold("шер"), "sher");
        assert_eq!(fold("поезд"), "poyezd");
        assert_eq!(fold("ерлар ва ер"), "yerlar va yer");
    }

    #[test]
    fn substrings_survive_folding() {
        assert!(fold("qamoqxonada").contains(&fold("qamoqxona")));
        assert!(fold("қамоқхонада").contains(&fold("qamoqxona")));
        assert!(fold("в пенсионный фонд").contains(&fold("пенсион")));
        assert!(fold("в пенсионный фонд").contains(&fold("pension")));
        assert!(fold("лицейда").contains(&fold("цей")));
    }

    #[test]
    fn fold_of_a_prefix_is_a_prefix_of_the_fold() {
        let words = [
            "қамоқхонада",
            "Ўзбекистонда",
            "таълимдан",
            "батальонга",
            "лицейлар",
            "поездда",
            "заявление",
            "oʻgʻillari",
            "ta'limga",
            "pensiyalar",
        ];
        for word in words {
            let full = fold(word);
            let chars: Vec<char> = word.chars().collect();
            for end in 1..=chars.len() {
                let prefix: String = chars[..end].iter().collect();
                let folded = fold(&prefix);
                assert!(
                    full.starts_with(&folded),
                    "{prefix:?} → {folded:?} is not a prefix of {full:?}"
                );
            }
        }
    }

    #[test]
    fn query_terms_fold_split_and_filter() {
        assert_eq!(query_terms("Пенсия  тўлови"), vec!["pensiya", "tolovi"]);
        assert_eq!(query_terms("o‘g‘il va qiz"), vec!["ogil", "va", "qiz"]);
        assert_eq!(query_terms("a b c"), Vec::<String>::new());
        assert_eq!(query_terms("в пенсионный фонд"), vec!["pensionniy", "fond"]);
        assert_eq!(query_terms(""), Vec::<String>::new());
        assert_eq!(query_terms("  ,.;  "), Vec::<String>::new());
    }

    #[test]
    fn query_terms_deduplicate_across_scripts() {
        assert_eq!(query_terms("пенсия pensiya PENSIYA Пенсия"), vec!["pensiya"]);
        assert_eq!(query_terms("ўғил o'g'il oʻgʻil"), vec!["ogil"]);
    }

    #[test]
    fn query_terms_keep_at_most_eight() {
        let terms = query_terms("aa bb cc dd ee ff gg hh ii jj kk");
        assert_eq!(terms.len(), MAX_QUERY_TERMS);
        assert_eq!(terms, vec!["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"]);
        let with_duplicates = query_terms("aa aa bb bb cc dd ee ff gg hh ii");
        assert_eq!(with_duplicates, vec!["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"]);
    }

    #[test]
    fn like_pattern_wraps_and_escapes() {
        assert_eq!(like_pattern("pensiya"), "%pensiya%");
        assert_eq!(like_pattern(""), "%%");
        assert_eq!(like_pattern("100%"), "%100\\%%");
        assert_eq!(like_pattern("a_b"), "%a\\_b%");
        assert_eq!(like_pattern("c:\\dir"), "%c:\\\\dir%");
        assert_eq!(like_pattern("%_\\"), "%\\%\\_\\\\%");
    }
}
