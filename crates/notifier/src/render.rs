//! E-mail texts per kind and language.
//!
//! Each kind reads its payload into a typed struct, builds a localized [`Content`] (subject,
//! greeting, paragraphs, label/value rows, an optional list) in Rust, and renders it through two
//! compile-time-checked askama templates: `templates/email.html` (auto-escaped, so every value
//! taken from the payload is escaped) and `templates/email.txt` (no escaping).

use askama::Template;
use ombudsman_domain::appeal::Outcome;
use ombudsman_domain::language::Language;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::plural::{appeals, category, days, PluralCategory};

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body (a complete document).
    pub html: String,
}

/// Why a message cannot be rendered; retrying will not help.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No template for this kind.
    #[error("no template for message kind '{0}'")]
    UnknownKind(String),
    /// The payload lacks a value the template needs.
    #[error("payload of '{kind}' lacks '{field}'")]
    MissingField {
        /// Kind.
        kind: String,
        /// Field, with its path inside the payload (`overdue_items[0].number`).
        field: String,
    },
    /// A payload value has the wrong type (or the payload is not an object).
    #[error("payload of '{kind}' has an invalid '{field}': {reason}")]
    InvalidPayload {
        /// Kind.
        kind: String,
        /// Field, with its path inside the payload; `payload` for the payload as a whole.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A template failed to render.
    #[error("template of '{kind}' failed: {reason}")]
    Template {
        /// Kind.
        kind: String,
        /// Error.
        reason: String,
    },
}

/// Renders a message of `kind` in `language` from its payload.
pub fn render(kind: &str, language: Language, payload: &Value) -> Result<Rendered, RenderError> {
    // Dates as people write them in each language ("2025-yil 14-mart", «14 марта 2025 г.»),
    // wherever the payload carries one.
    let payload = &crate::dates::humanize(language, payload);
    let content = match kind {
        "account_created" => account_created(language, parse(kind, payload)?),
        "appeal_registered" => appeal_registered(language, parse(kind, payload)?),
        "appeal_closed" => appeal_closed(language, parse(kind, payload)?),
        "appeal_assigned" => appeal_assigned(language, parse(kind, payload)?),
        "deadline_extended" => deadline_extended(language, parse(kind, payload)?),
        "deadline_approaching" => deadline_approaching(language, parse(kind, payload)?),
        "appeal_overdue" => appeal_overdue(language, parse(kind, payload)?),
        "impact_measure_overdue" => impact_measure_overdue(language, parse(kind, payload)?),
        "impact_measure_issued" => impact_measure_issued(language, parse(kind, payload)?),
        "recommendation_overdue" => recommendation_overdue(language, parse(kind, payload)?),
        "weekly_digest" => weekly_digest(language, parse(kind, payload)?),
        other => return Err(RenderError::UnknownKind(other.to_owned())),
    };
    let failed = |e: askama::Error| RenderError::Template {
        kind: kind.to_owned(),
        reason: e.to_string(),
    };
    let html = HtmlEmail {
        lang: language.as_str(),
        c: &content,
    }
    .render()
    .map_err(failed)?;
    let mut text = TextEmail { c: &content }.render().map_err(failed)?;
    text.push('\n');
    Ok(Rendered {
        subject: content.subject,
        text,
        html,
    })
}

/// Reads the payload of `kind` into its typed form, naming the offending field on failure.
fn parse<T: DeserializeOwned>(kind: &str, payload: &Value) -> Result<T, RenderError> {
    serde_path_to_error::deserialize(payload).map_err(|e| {
        let path = e.path().to_string();
        let reason = e.inner().to_string();
        let missing = reason
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        match missing {
            Some(name) => RenderError::MissingField {
                kind: kind.to_owned(),
                field: if path == "." {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                },
            },
            None => RenderError::InvalidPayload {
                kind: kind.to_owned(),
                field: if path == "." { "payload".to_owned() } else { path },
                reason,
            },
        }
    })
}

// ---------------------------------------------------------------------------------------------
// The content model and its templates.

/// One label/value row of the table.
#[derive(Debug, Clone)]
struct Row {
    label: String,
    value: String,
}

/// What a message says, independent of its format.
#[derive(Debug, Clone)]
struct Content {
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    rows: Vec<Row>,
    items_title: Option<String>,
    items: Vec<String>,
    footer: String,
}

impl Content {
    fn new(lang: Language, subject: String, greeting: String) -> Content {
        Content {
            subject,
            greeting,
            paragraphs: Vec::new(),
            rows: Vec::new(),
            items_title: None,
            items: Vec::new(),
            footer: footer(lang).to_owned(),
        }
    }

    fn para(mut self, paragraph: impl Into<String>) -> Content {
        // A Russian date ends in «г.»: a sentence ending on one takes no second full stop.
        self.paragraphs.push(paragraph.into().replace(" г..", " г."));
        self
    }

    fn row(mut self, label: &str, value: impl Into<String>) -> Content {
        self.rows.push(Row {
            label: label.to_owned(),
            value: value.into(),
        });
        self
    }
}

/// The HTML layout; every value is escaped.
#[derive(Template)]
#[template(path = "email.html")]
struct HtmlEmail<'a> {
    lang: &'a str,
    c: &'a Content,
}

/// The HTML escaper of the `.html` templates (see `askama.toml`): `& < > " '` become `&amp; &lt;
/// &gt; &quot; &#39;`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HtmlEntities;

impl askama::filters::Escaper for HtmlEntities {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, string: &str) -> std::fmt::Result {
        let mut plain = 0;
        for (i, byte) in string.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&string[plain..i])?;
            dest.write_str(entity)?;
            plain = i + 1;
        }
        dest.write_str(&string[plain..])
    }
}

/// The plain-text layout.
#[derive(Template)]
#[template(path = "email.txt", escape = "none")]
struct TextEmail<'a> {
    c: &'a Content,
}

fn footer(lang: Language) -> &'static str {
    match lang {
        Language::UzLatn => "Ushbu xabar Ombudsman murojaatlar tizimi tomonidan avtomatik ravishda yuborildi.",
        Language::UzCyrl => "Ушбу хабар Омбудсман мурожаатлар тизими томонидан автоматик равишда юборилди.",
        Language::Ru => "Это сообщение отправлено автоматически системой учёта обращений Омбудсмана.",
        Language::En => "This message was sent automatically by the Ombudsman case system.",
    }
}

/// "Hurmatli Aziz Rahimov!", "Dear Aziz Rahimov,".
fn greet(lang: Language, name: &str) -> String {
    match lang {
        Language::UzLatn => format!("Hurmatli {name}!"),
        Language::UzCyrl => format!("Ҳурматли {name}!"),
        Language::Ru => format!("Здравствуйте, {name}!"),
        Language::En => format!("Dear {name},"),
    }
}

/// The greeting of an applicant, whose name the payload does not carry.
fn greet_applicant(lang: Language) -> String {
    match lang {
        Language::UzLatn => "Hurmatli murojaatchi!",
        Language::UzCyrl => "Ҳурматли мурожаатчи!",
        Language::Ru => "Уважаемый заявитель!",
        Language::En => "Dear applicant,",
    }
    .to_owned()
}

/// Upper-cases the first letter (any script).
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The localized label of an outcome code, in lower case; an unknown code is shown as it is.
fn outcome_label(lang: Language, code: &str) -> String {
    let Ok(outcome) = code.parse::<Outcome>() else {
        return code.to_owned();
    };
    let [uz, cy, ru, en] = match outcome {
        Outcome::Satisfied => ["qanoatlantirildi", "қаноатлантирилди", "удовлетворено", "satisfied"],
        Outcome::PartiallySatisfied => [
            "qisman qanoatlantirildi",
            "қисман қаноатлантирилди",
            "удовлетворено частично",
            "partially satisfied",
        ],
        Outcome::Explained => [
            "tushuntirish berildi",
            "тушунтириш берилди",
            "даны разъяснения",
            "explanation given",
        ],
        Outcome::Rejected => ["rad etildi", "рад этилди", "отказано в удовлетворении", "rejected"],
        Outcome::Forwarded => [
            "vakolatli organga yuborildi",
            "ваколатли органга юборилди",
            "направлено по компетенции",
            "forwarded to the competent body",
        ],
        Outcome::Withdrawn => [
            "murojaatchi tomonidan qaytarib olindi",
            "мурожаатчи томонидан қайтариб олинди",
            "отозвано заявителем",
            "withdrawn by the applicant",
        ],
        Outcome::LeftWithoutConsideration => [
            "koʻrib chiqilmasdan qoldirildi",
            "кўриб чиқилмасдан қолдирилди",
            "оставлено без рассмотрения",
            "left without consideration",
        ],
    };
    match lang {
        Language::UzLatn => uz,
        Language::UzCyrl => cy,
        Language::Ru => ru,
        Language::En => en,
    }
    .to_owned()
}

/// English "is"/"are" (or "was"/"were") agreeing with `n`.
fn en_verb(n: u64, singular: &'static str, plural: &'static str) -> &'static str {
    if category(Language::En, n) == PluralCategory::One {
        singular
    } else {
        plural
    }
}

// ---------------------------------------------------------------------------------------------
// Kinds.

/// `account_created`: to a new member of staff.
#[derive(Debug, Deserialize)]
struct AccountCreated {
    full_name: String,
    role: String,
    office: String,
}

/// A staff role as its holder reads it in their language (an unknown code is shown as it is).
fn role_name(lang: Language, code: &str) -> String {
    let names: [&str; 4] = match code {
        "admin" => [
            "tizim maʼmuri",
            "тизим маъмури",
            "администратор системы",
            "system administrator",
        ],
        "manager" => ["rahbar", "раҳбар", "руководитель", "manager"],
        "case_officer" => [
            "murojaatlar boʻyicha mutaxassis",
            "мурожаатлар бўйича мутахассис",
            "специалист по обращениям",
            "case officer",
        ],
        "monitor" => [
            "monitoring boʻyicha mutaxassis",
            "мониторинг бўйича мутахассис",
            "специалист по мониторингу",
            "monitor",
        ],
        "auditor" => ["auditor", "аудитор", "аудитор", "auditor"],
        other => return other.to_owned(),
    };
    let i = match lang {
        Language::UzLatn => 0,
        Language::UzCyrl => 1,
        Language::Ru => 2,
        Language::En => 3,
    };
    names[i].to_owned()
}

fn account_created(lang: Language, p: AccountCreated) -> Content {
    let AccountCreated {
        full_name,
        role,
        office,
    } = p;
    let role = role_name(lang, &role);
    let greeting = greet(lang, &full_name);
    match lang {
        Language::UzLatn => Content::new(lang, "Ombudsman tizimida hisobingiz yaratildi".to_owned(), greeting)
            .para(format!(
                "Siz uchun {office} idorasida \"{role}\" roli bilan hisob yaratildi."
            ))
            .para("Agar siz bu xabarni kutmagan boʻlsangiz, tizim maʼmuriga murojaat qiling."),
        Language::UzCyrl => Content::new(lang, "Омбудсман тизимида ҳисобингиз яратилди".to_owned(), greeting)
            .para(format!(
                "Сиз учун {office} идорасида \"{role}\" роли билан ҳисоб яратилди."
            ))
            .para("Агар сиз бу хабарни кутмаган бўлсангиз, тизим маъмурига мурожаат қилинг."),
        Language::Ru => Content::new(
            lang,
            "Для Вас создана учётная запись в системе Омбудсмана".to_owned(),
            greeting,
        )
        .para(format!(
            "Для Вас создана учётная запись с ролью «{role}» в офисе {office}."
        ))
        .para("Если Вы не ожидали этого сообщения, обратитесь к администратору системы."),
        Language::En => Content::new(lang, "Your account in the Ombudsman case system".to_owned(), greeting)
            .para(format!(
                "An account with the role \"{role}\" was created for you in office {office}."
            ))
            .para("If you did not expect this message, please contact the system administrator."),
    }
}

/// `appeal_registered`: the acknowledgement to the applicant.
#[derive(Debug, Deserialize)]
struct AppealRegistered {
    number: String,
    access_code: String,
    received_on: String,
    due_on: String,
    subject: String,
}

fn appeal_registered(lang: Language, p: AppealRegistered) -> Content {
    let AppealRegistered {
        number,
        access_code,
        received_on,
        due_on,
        subject,
    } = p;
    let greeting = greet_applicant(lang);
    match lang {
        Language::UzLatn => Content::new(
            lang,
            format!("Murojaatingiz {number} raqami bilan roʻyxatga olindi"),
            greeting,
        )
        .para(format!(
            "Murojaatingiz {received_on} kuni qabul qilindi va {number} raqami bilan roʻyxatga olindi. \
             Javob sizga {due_on}dan kechiktirmay yuboriladi."
        ))
        .para(
            "Murojaatingiz holatini uning raqami va kirish kodi orqali tekshirishingiz mumkin. \
             Kirish kodini boshqalarga bermang.",
        )
        .row("Murojaat raqami", number)
        .row("Mavzu", subject)
        .row("Qabul qilingan sana", received_on)
        .row("Holatini tekshirish uchun kirish kodi", access_code)
        .row("Javob muddati", due_on),
        Language::UzCyrl => Content::new(
            lang,
            format!("Мурожаатингиз {number} рақами билан рўйхатга олинди"),
            greeting,
        )
        .para(format!(
            "Мурожаатингиз {received_on} куни қабул қилинди ва {number} рақами билан рўйхатга олинди. \
             Жавоб сизга {due_on}дан кечиктирмай юборилади."
        ))
        .para(
            "Мурожаатингиз ҳолатини унинг рақами ва кириш коди орқали текширишингиз мумкин. \
             Кириш кодини бошқаларга берманг.",
        )
        .row("Мурожаат рақами", number)
        .row("Мавзу", subject)
        .row("Қабул қилинган сана", received_on)
        .row("Ҳолатини текшириш учун кириш коди", access_code)
        .row("Жавоб муддати", due_on),
        Language::Ru => Content::new(
            lang,
            format!("Ваше обращение зарегистрировано под номером {number}"),
            greeting,
        )
        .para(format!(
            "Ваше обращение получено {received_on} и зарегистрировано под номером {number}. \
             Ответ будет направлен Вам не позднее {due_on}."
        ))
        .para(
            "Проверить статус обращения можно по его номеру и коду доступа. \
             Не сообщайте код доступа посторонним.",
        )
        .row("Номер обращения", number)
        .row("Тема", subject)
        .row("Дата получения", received_on)
        .row("Код доступа для проверки статуса", access_code)
        .row("Срок ответа", due_on),
        Language::En => Content::new(lang, format!("Your appeal is registered as {number}"), greeting)
            .para(format!(
                "Your appeal received on {received_on} is registered as {number}. \
                 You will receive an answer by {due_on}."
            ))
            .para(
                "You can check the status of your appeal with its number and access code. \
                 Please do not share the access code with anyone.",
            )
            .row("Appeal number", number)
            .row("Subject", subject)
            .row("Received on", received_on)
            .row("Access code to check its status", access_code)
            .row("Answer due by", due_on),
    }
}

/// `appeal_closed`: the decision notice to the applicant.
#[derive(Debug, Deserialize)]
struct AppealClosed {
    number: String,
    outcome: String,
    subject: String,
    /// The reasons the officer recorded with the decision, when there are any.
    #[serde(default)]
    reasons: Option<String>,
}

fn appeal_closed(lang: Language, p: AppealClosed) -> Content {
    let AppealClosed {
        number,
        outcome,
        subject,
        reasons,
    } = p;
    let label = outcome_label(lang, &outcome);
    let greeting = greet_applicant(lang);
    let reasons = reasons.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    let mut content = match lang {
        Language::UzLatn => Content::new(lang, format!("{number} raqamli murojaat boʻyicha qaror"), greeting)
            .para(format!(
                "{number} raqamli murojaatingiz boʻyicha ish yakunlandi. Natija: {label}."
            ))
            .row("Murojaat raqami", number)
            .row("Mavzu", subject)
            .row("Natija", capitalize(&label)),
        Language::UzCyrl => Content::new(lang, format!("{number} рақамли мурожаат бўйича қарор"), greeting)
            .para(format!(
                "{number} рақамли мурожаатингиз бўйича иш якунланди. Натижа: {label}."
            ))
            .row("Мурожаат рақами", number)
            .row("Мавзу", subject)
            .row("Натижа", capitalize(&label)),
        Language::Ru => Content::new(lang, format!("Решение по обращению {number}"), greeting)
            .para(format!(
                "Работа по Вашему обращению {number} завершена. Результат: {label}."
            ))
            .row("Номер обращения", number)
            .row("Тема", subject)
            .row("Результат", capitalize(&label)),
        Language::En => Content::new(lang, format!("Decision on appeal {number}"), greeting)
            .para(format!(
                "The work on your appeal {number} is finished. Outcome: {label}."
            ))
            .row("Appeal number", number)
            .row("Subject", subject)
            .row("Outcome", capitalize(&label)),
    };
    if let Some(reasons) = reasons {
        let lead = match lang {
            Language::UzLatn => "Qaror asoslari",
            Language::UzCyrl => "Қарор асослари",
            Language::Ru => "Основания решения",
            Language::En => "Reasons for the decision",
        };
        content = content.para(format!("{lead}: {reasons}"));
    }
    if let Some(notice) = crate::legal::challenge_notice(lang, &outcome) {
        content = content.para(notice);
    }
    content.para(match lang {
        Language::UzLatn => "Ombudsmanga murojaat qilganingiz uchun tashakkur.",
        Language::UzCyrl => "Омбудсманга мурожаат қилганингиз учун ташаккур.",
        Language::Ru => "Благодарим Вас за обращение к Омбудсману.",
        Language::En => "Thank you for contacting the Ombudsman.",
    })
}

/// `appeal_assigned`: to the officer who got the appeal.
#[derive(Debug, Deserialize)]
struct AppealAssigned {
    number: String,
    subject: String,
    due_on: String,
    full_name: String,
}

fn appeal_assigned(lang: Language, p: AppealAssigned) -> Content {
    let AppealAssigned {
        number,
        subject,
        due_on,
        full_name,
    } = p;
    let greeting = greet(lang, &full_name);
    match lang {
        Language::UzLatn => Content::new(lang, format!("Sizga {number} murojaati biriktirildi"), greeting)
            .para(format!(
                "Sizga {number} murojaati biriktirildi. \
                 Iltimos, uni koʻrib chiqib, javobni {due_on}dan kechiktirmay tayyorlang."
            ))
            .row("Murojaat raqami", number)
            .row("Mavzu", subject)
            .row("Muddat", due_on),
        Language::UzCyrl => Content::new(lang, format!("Сизга {number} мурожаати бириктирилди"), greeting)
            .para(format!(
                "Сизга {number} мурожаати бириктирилди. \
                 Илтимос, уни кўриб чиқиб, жавобни {due_on}дан кечиктирмай тайёрланг."
            ))
            .row("Мурожаат рақами", number)
            .row("Мавзу", subject)
            .row("Муддат", due_on),
        Language::Ru => Content::new(lang, format!("Вам назначено обращение {number}"), greeting)
            .para(format!(
                "Вам назначено обращение {number}. Просим рассмотреть его и подготовить ответ не позднее {due_on}."
            ))
            .row("Номер обращения", number)
            .row("Тема", subject)
            .row("Срок", due_on),
        Language::En => Content::new(lang, format!("Appeal {number} is assigned to you"), greeting)
            .para(format!(
                "Appeal {number} is assigned to you. Please consider it and prepare the answer by {due_on}."
            ))
            .row("Appeal number", number)
            .row("Subject", subject)
            .row("Due by", due_on),
    }
}

/// `impact_measure_issued`: to the applicant, a measure was filed about their appeal.
#[derive(Debug, Deserialize)]
struct MeasureIssued {
    number: String,
    measure: String,
    kind: String,
    addressee: String,
    issued_on: String,
}

/// To the applicant: the office has filed a measure with a state body about their appeal.
fn impact_measure_issued(lang: Language, p: MeasureIssued) -> Content {
    let MeasureIssued {
        number,
        measure,
        kind,
        addressee,
        issued_on,
    } = p;
    let greeting = greet_applicant(lang);
    let kind = measure_kind_label(lang, &kind);
    match lang {
        Language::UzLatn => Content::new(lang, format!("{number} raqamli murojaatingiz boʻyicha choralar koʻrildi"), greeting)
            .para(format!(
                "{number} raqamli murojaatingiz boʻyicha Vakil {issued_on} kuni {kind} ({measure}) yubordi. Adresat: {addressee}."
            ))
            .row("Murojaat raqami", number)
            .row("Taʼsir chorasi", measure),
        Language::UzCyrl => Content::new(lang, format!("{number} рақамли мурожаатингиз бўйича чоралар кўрилди"), greeting)
            .para(format!(
                "{number} рақамли мурожаатингиз бўйича Вакил {issued_on} куни {kind} ({measure}) юборди. Адресат: {addressee}."
            ))
            .row("Мурожаат рақами", number)
            .row("Таъсир чораси", measure),
        Language::Ru => Content::new(lang, format!("По Вашему обращению {number} приняты меры"), greeting)
            .para(format!(
                "По Вашему обращению {number} Уполномоченный {issued_on} направил {kind} ({measure}) в адрес: {addressee}."
            ))
            .row("Номер обращения", number)
            .row("Мера реагирования", measure),
        Language::En => Content::new(lang, format!("Action taken on your appeal {number}"), greeting)
            .para(format!(
                "On {issued_on} the Ombudsman filed a {kind} ({measure}) with {addressee} about your appeal {number}."
            ))
            .row("Appeal number", number)
            .row("Impact measure", measure),
    }
}

fn measure_kind_label(lang: Language, kind: &str) -> String {
    let label = match (lang, kind) {
        (Language::UzLatn, "submission") => "taqdimnoma",
        (Language::UzLatn, "demand") => "talabnoma",
        (Language::UzLatn, "lawsuit") => "daʼvo arizasi",
        (Language::UzLatn, "conclusion") => "xulosa",
        (Language::UzLatn, "recommendation") => "tavsiya",
        (Language::UzCyrl, "submission") => "тақдимнома",
        (Language::UzCyrl, "demand") => "талабнома",
        (Language::UzCyrl, "lawsuit") => "даъво аризаси",
        (Language::UzCyrl, "conclusion") => "хулоса",
        (Language::UzCyrl, "recommendation") => "тавсия",
        (Language::Ru, "submission") => "представление",
        (Language::Ru, "demand") => "требование",
        (Language::Ru, "lawsuit") => "исковое заявление",
        (Language::Ru, "conclusion") => "заключение",
        (Language::Ru, "recommendation") => "рекомендацию",
        (Language::En, "submission") => "submission",
        (Language::En, "demand") => "demand",
        (Language::En, "lawsuit") => "lawsuit",
        (Language::En, "conclusion") => "conclusion",
        (Language::En, "recommendation") => "recommendation",
        (Language::UzLatn, _) => "taʼsir chorasi",
        (Language::UzCyrl, _) => "таъсир чораси",
        (Language::Ru, _) => "меру реагирования",
        (Language::En, _) => "measure",
    };
    label.to_owned()
}

/// `deadline_extended`: to the applicant, the answer date moved by `days` to `due_on`.
#[derive(Debug, Deserialize)]
struct DeadlineExtended {
    number: String,
    due_on: String,
    days: u64,
    reason: String,
}

fn deadline_extended(lang: Language, p: DeadlineExtended) -> Content {
    let DeadlineExtended {
        number,
        due_on,
        days: n,
        reason,
    } = p;
    let by = days(lang, n);
    let greeting = greet_applicant(lang);
    match lang {
        Language::UzLatn => Content::new(
            lang,
            format!("{number} raqamli murojaatni koʻrib chiqish muddati uzaytirildi"),
            greeting,
        )
        .para(format!(
            "{number} raqamli murojaatingizni koʻrib chiqish muddati {by}ga uzaytirildi. \
             Javob sizga {due_on}dan kechiktirmay yuboriladi."
        ))
        .para(format!("Uzaytirish sababi: {reason}"))
        .row("Murojaat raqami", number)
        .row("Yangi javob muddati", due_on),
        Language::UzCyrl => Content::new(
            lang,
            format!("{number} рақамли мурожаатни кўриб чиқиш муддати узайтирилди"),
            greeting,
        )
        .para(format!(
            "{number} рақамли мурожаатингизни кўриб чиқиш муддати {by}га узайтирилди. \
             Жавоб сизга {due_on}дан кечиктирмай юборилади."
        ))
        .para(format!("Узайтириш сабаби: {reason}"))
        .row("Мурожаат рақами", number)
        .row("Янги жавоб муддати", due_on),
        Language::Ru => Content::new(lang, format!("Продлён срок рассмотрения обращения {number}"), greeting)
            .para(format!(
                "Срок рассмотрения Вашего обращения {number} продлён на {by}. \
                 Ответ будет направлен Вам не позднее {due_on}."
            ))
            .para(format!("Причина продления: {reason}"))
            .row("Номер обращения", number)
            .row("Новый срок ответа", due_on),
        Language::En => Content::new(
            lang,
            format!("The time limit for appeal {number} has been extended"),
            greeting,
        )
        .para(format!(
            "The time limit for considering your appeal {number} has been extended by {by}. \
             You will receive an answer by {due_on}."
        ))
        .para(format!("Reason for the extension: {reason}"))
        .row("Appeal number", number)
        .row("New answer date", due_on),
    }
}

/// `deadline_approaching`: a reminder to the assigned officer.
#[derive(Debug, Deserialize)]
struct DeadlineApproaching {
    number: String,
    subject: String,
    due_on: String,
    days_left: u64,
    full_name: String,
}

fn deadline_approaching(lang: Language, p: DeadlineApproaching) -> Content {
    let DeadlineApproaching {
        number,
        subject,
        due_on,
        days_left,
        full_name,
    } = p;
    let left = days(lang, days_left);
    let today = days_left == 0;
    let greeting = greet(lang, &full_name);
    match lang {
        Language::UzLatn => {
            let when = if today {
                "bugun".to_owned()
            } else {
                format!("{left}dan keyin")
            };
            Content::new(
                lang,
                format!("{number} raqamli murojaat boʻyicha javob muddati {when} tugaydi"),
                greeting,
            )
            .para(format!(
                "Eslatib oʻtamiz: {number} raqamli murojaat boʻyicha javob muddati {when}, {due_on} kuni tugaydi."
            ))
            .para("Iltimos, javobni oʻz vaqtida tayyorlang.")
            .row("Murojaat raqami", number)
            .row("Mavzu", subject)
            .row("Javob muddati", due_on)
        }
        Language::UzCyrl => {
            let when = if today {
                "бугун".to_owned()
            } else {
                format!("{left}дан кейин")
            };
            Content::new(
                lang,
                format!("{number} рақамли мурожаат бўйича жавоб муддати {when} тугайди"),
                greeting,
            )
            .para(format!(
                "Эслатиб ўтамиз: {number} рақамли мурожаат бўйича жавоб муддати {when}, {due_on} куни тугайди."
            ))
            .para("Илтимос, жавобни ўз вақтида тайёрланг.")
            .row("Мурожаат рақами", number)
            .row("Мавзу", subject)
            .row("Жавоб муддати", due_on)
        }
        Language::Ru => {
            let when = if today {
                "сегодня".to_owned()
            } else {
                format!("через {left}")
            };
            Content::new(
                lang,
                format!("Срок ответа по обращению {number} истекает {when}"),
                greeting,
            )
            .para(format!(
                "Напоминаем, что срок ответа по обращению {number} истекает {when}, {due_on}."
            ))
            .para("Просим подготовить ответ своевременно.")
            .row("Номер обращения", number)
            .row("Тема", subject)
            .row("Срок ответа", due_on)
        }
        Language::En => {
            let (when, on) = if today {
                ("today".to_owned(), "")
            } else {
                (format!("in {left}"), "on ")
            };
            Content::new(lang, format!("Appeal {number} is due {when}"), greeting)
                .para(format!(
                    "This is a reminder that the answer to appeal {number} is due {when}, {on}{due_on}."
                ))
                .para("Please make sure the answer is prepared on time.")
                .row("Appeal number", number)
                .row("Subject", subject)
                .row("Answer due by", due_on)
        }
    }
}

/// `appeal_overdue`: to the assigned officer.
#[derive(Debug, Deserialize)]
struct AppealOverdue {
    number: String,
    subject: String,
    due_on: String,
    days_overdue: u64,
    full_name: String,
}

fn appeal_overdue(lang: Language, p: AppealOverdue) -> Content {
    let AppealOverdue {
        number,
        subject,
        due_on,
        days_overdue,
        full_name,
    } = p;
    let late = days(lang, days_overdue);
    let greeting = greet(lang, &full_name);
    match lang {
        Language::UzLatn => Content::new(
            lang,
            format!("{number} raqamli murojaat boʻyicha javob muddati oʻtdi"),
            greeting,
        )
        .para(format!(
            "{number} raqamli murojaat boʻyicha javob muddati {due_on} kuni tugagan; muddatdan {late} oʻtdi."
        ))
        .para("Iltimos, javobni zudlik bilan tayyorlang yoki muddatni uzaytirishni rahbaringiz bilan kelishib oling.")
        .row("Murojaat raqami", number)
        .row("Mavzu", subject)
        .row("Javob muddati", due_on)
        .row("Kechikish", late),
        Language::UzCyrl => Content::new(
            lang,
            format!("{number} рақамли мурожаат бўйича жавоб муддати ўтди"),
            greeting,
        )
        .para(format!(
            "{number} рақамли мурожаат бўйича жавоб муддати {due_on} куни тугаган; муддатдан {late} ўтди."
        ))
        .para("Илтимос, жавобни зудлик билан тайёрланг ёки муддатни узайтиришни раҳбарингиз билан келишиб олинг.")
        .row("Мурожаат рақами", number)
        .row("Мавзу", subject)
        .row("Жавоб муддати", due_on)
        .row("Кечикиш", late),
        Language::Ru => Content::new(lang, format!("Просрочен ответ по обращению {number}"), greeting)
            .para(format!(
                "Срок ответа по обращению {number} истёк {due_on}; просрочка составляет {late}."
            ))
            .para("Просим незамедлительно подготовить ответ или согласовать продление срока с руководителем.")
            .row("Номер обращения", number)
            .row("Тема", subject)
            .row("Срок ответа", due_on)
            .row("Просрочка", late),
        Language::En => Content::new(lang, format!("Appeal {number} is overdue"), greeting)
            .para(format!(
                "The answer to appeal {number} was due on {due_on} and is now {late} overdue."
            ))
            .para("Please prepare the answer without delay or agree an extension with your manager.")
            .row("Appeal number", number)
            .row("Subject", subject)
            .row("Answer was due on", due_on)
            .row("Overdue by", late),
    }
}

/// `impact_measure_overdue`: to the manager who issued the measure the addressee has not answered.
#[derive(Debug, Deserialize)]
struct ImpactMeasureOverdue {
    reference: String,
    /// A code such as `submission` or `demand`, shown in words.
    kind: String,
    addressee: String,
    response_due_on: String,
    days_overdue: u64,
    full_name: String,
}

fn impact_measure_overdue(lang: Language, p: ImpactMeasureOverdue) -> Content {
    let ImpactMeasureOverdue {
        reference,
        kind,
        addressee,
        response_due_on: due_on,
        days_overdue,
        full_name,
    } = p;
    let late = days(lang, days_overdue);
    let greeting = greet(lang, &full_name);
    let kind = measure_kind_label(lang, &kind);
    match lang {
        Language::UzLatn => Content::new(
            lang,
            format!("{reference} taʼsir chorasiga javob muddati oʻtdi"),
            greeting,
        )
        .para(format!(
            "{reference} ({kind}) taʼsir chorasiga adresatdan javob kelib tushmadi. \
                 Javob muddati {due_on} kuni tugagan; muddatdan {late} oʻtdi."
        ))
        .para("Iltimos, keyingi choralarni koʻrish masalasini koʻrib chiqing.")
        .row("Taʼsir chorasi", reference)
        .row("Turi", kind)
        .row("Adresat", addressee)
        .row("Javob muddati", due_on)
        .row("Kechikish", late),
        Language::UzCyrl => Content::new(
            lang,
            format!("{reference} таъсир чорасига жавоб муддати ўтди"),
            greeting,
        )
        .para(format!(
            "{reference} ({kind}) таъсир чорасига адресатдан жавоб келиб тушмади. \
                 Жавоб муддати {due_on} куни тугаган; муддатдан {late} ўтди."
        ))
        .para("Илтимос, кейинги чораларни кўриш масаласини кўриб чиқинг.")
        .row("Таъсир чораси", reference)
        .row("Тури", kind)
        .row("Адресат", addressee)
        .row("Жавоб муддати", due_on)
        .row("Кечикиш", late),
        Language::Ru => Content::new(
            lang,
            format!("Просрочен ответ на меру реагирования {reference}"),
            greeting,
        )
        .para(format!(
            "Ответ от адресата «{addressee}» на меру реагирования {reference} ({kind}) не поступил. \
             Срок ответа истёк {due_on}; просрочка составляет {late}."
        ))
        .para("Просим рассмотреть вопрос о дальнейших мерах.")
        .row("Мера реагирования", reference)
        .row("Вид", kind)
        .row("Адресат", addressee)
        .row("Срок ответа", due_on)
        .row("Просрочка", late),
        Language::En => Content::new(lang, format!("No response to impact measure {reference}"), greeting)
            .para(format!(
                "{addressee} has not responded to impact measure {reference} ({kind}). \
                 The response was due on {due_on} and is now {late} overdue."
            ))
            .para("Please consider what further steps to take.")
            .row("Impact measure", reference)
            .row("Kind", kind)
            .row("Addressee", addressee)
            .row("Response due on", due_on)
            .row("Overdue by", late),
    }
}

/// `recommendation_overdue`: to the monitors of a visit, a recommendation made to the facility is
/// past its due date and not yet found implemented: time for a follow-up.
#[derive(Debug, Deserialize)]
struct RecommendationOverdue {
    visit: String,
    facility: String,
    text: String,
    addressee: String,
    /// `open` or `partially_implemented`.
    status: String,
    due_on: String,
    days_overdue: u64,
    full_name: String,
}

fn recommendation_overdue(lang: Language, p: RecommendationOverdue) -> Content {
    let RecommendationOverdue {
        visit,
        facility,
        text,
        addressee,
        status,
        due_on,
        days_overdue,
        full_name,
    } = p;
    let late = days(lang, days_overdue);
    let greeting = greet(lang, &full_name);
    let status = ombudsman_domain::labels::label_or_code(
        lang,
        ombudsman_domain::labels::CodeKind::RecommendationStatus,
        &status,
    );
    match lang {
        Language::UzLatn => Content::new(
            lang,
            format!("{visit} tashrifi tavsiyasining ijro muddati oʻtdi"),
            greeting,
        )
        .para(format!(
            "{facility} muassasasiga {visit} tashrifidan soʻng berilgan tavsiyaning ijro muddati \
                 {due_on} kuni tugagan ({late} oldin), ijrosi hali tasdiqlanmagan."
        ))
        .para("Iltimos, takroriy tashrif yoki soʻrov orqali ijrosini tekshiring.")
        .row("Tavsiya", text)
        .row("Adresat", addressee)
        .row("Holati", status)
        .row("Ijro muddati", due_on),
        Language::UzCyrl => Content::new(
            lang,
            format!("{visit} ташрифи тавсиясининг ижро муддати ўтди"),
            greeting,
        )
        .para(format!(
            "{facility} муассасасига {visit} ташрифидан сўнг берилган тавсиянинг ижро муддати \
                 {due_on} куни тугаган ({late} олдин), ижроси ҳали тасдиқланмаган."
        ))
        .para("Илтимос, такрорий ташриф ёки сўров орқали ижросини текширинг.")
        .row("Тавсия", text)
        .row("Адресат", addressee)
        .row("Ҳолати", status)
        .row("Ижро муддати", due_on),
        Language::Ru => Content::new(
            lang,
            format!("Истёк срок исполнения рекомендации по визиту {visit}"),
            greeting,
        )
        .para(format!(
            "Срок исполнения рекомендации, данной учреждению «{facility}» по итогам визита {visit}, \
                 истёк {due_on} (просрочка {late}); её исполнение ещё не подтверждено."
        ))
        .para("Просим проверить исполнение повторным визитом или запросом.")
        .row("Рекомендация", text)
        .row("Адресат", addressee)
        .row("Состояние", status)
        .row("Срок исполнения", due_on),
        Language::En => Content::new(lang, format!("Recommendation of visit {visit} is overdue"), greeting)
            .para(format!(
                "The recommendation made to {facility} after visit {visit} was due on {due_on} \
                 ({late} ago) and its implementation has not been confirmed."
            ))
            .para("Please check it with a follow-up visit or a request.")
            .row("Recommendation", text)
            .row("Addressee", addressee)
            .row("Status", status)
            .row("Due on", due_on),
    }
}

/// `weekly_digest`: the figures of a week to a manager.
#[derive(Debug, Deserialize)]
struct WeeklyDigest {
    full_name: String,
    office: String,
    /// Central-office digests cover every office.
    #[serde(default)]
    all_offices: bool,
    week: String,
    open: u64,
    overdue: u64,
    due_soon: u64,
    registered: u64,
    closed: u64,
    overdue_items: Vec<DigestItem>,
}

/// An overdue appeal listed in a digest.
#[derive(Debug, Deserialize)]
struct DigestItem {
    number: String,
    due_on: String,
    days_overdue: u64,
    #[serde(default)]
    assignee: Option<String>,
}

fn weekly_digest(lang: Language, p: WeeklyDigest) -> Content {
    let WeeklyDigest {
        full_name,
        office,
        all_offices,
        week,
        open,
        overdue,
        due_soon,
        registered,
        closed,
        overdue_items,
    } = p;
    let greeting = greet(lang, &full_name);
    let n = |count: u64| appeals(lang, count);
    let mut content = match lang {
        Language::UzLatn => {
            let scope = if all_offices {
                "barcha idoralar".to_owned()
            } else {
                format!("{office} idorasi")
            };
            Content::new(lang, format!("Haftalik hisobot: {scope}, {week}"), greeting)
                .para(format!(
                    "Quyida {scope} boʻyicha {week} haftasi uchun murojaatlar hisoboti keltirilgan."
                ))
                .para(format!(
                    "Hozirda {} koʻrib chiqilmoqda. Ulardan {}ning javob muddati oʻtgan, \
                     {}ning muddati yaqin yetti kun ichida tugaydi.",
                    n(open),
                    n(overdue),
                    n(due_soon)
                ))
                .para(format!(
                    "Oʻtgan hafta davomida {} roʻyxatga olindi va {} yopildi.",
                    n(registered),
                    n(closed)
                ))
                .row("Koʻrib chiqilayotgan murojaatlar", open.to_string())
                .row("Muddati oʻtgan", overdue.to_string())
                .row("Muddati 7 kun ichida tugaydigan", due_soon.to_string())
                .row("Hafta davomida roʻyxatga olingan", registered.to_string())
                .row("Hafta davomida yopilgan", closed.to_string())
        }
        Language::UzCyrl => {
            let scope = if all_offices {
                "барча идоралар".to_owned()
            } else {
                format!("{office} идораси")
            };
            Content::new(lang, format!("Ҳафталик ҳисобот: {scope}, {week}"), greeting)
                .para(format!(
                    "Қуйида {scope} бўйича {week} ҳафтаси учун мурожаатлар ҳисоботи келтирилган."
                ))
                .para(format!(
                    "Ҳозирда {} кўриб чиқилмоқда. Улардан {}нинг жавоб муддати ўтган, \
                     {}нинг муддати яқин етти кун ичида тугайди.",
                    n(open),
                    n(overdue),
                    n(due_soon)
                ))
                .para(format!(
                    "Ўтган ҳафта давомида {} рўйхатга олинди ва {} ёпилди.",
                    n(registered),
                    n(closed)
                ))
                .row("Кўриб чиқилаётган мурожаатлар", open.to_string())
                .row("Муддати ўтган", overdue.to_string())
                .row("Муддати 7 кун ичида тугайдиган", due_soon.to_string())
                .row("Ҳафта давомида рўйхатга олинган", registered.to_string())
                .row("Ҳафта давомида ёпилган", closed.to_string())
        }
        Language::Ru => {
            let (scope, of_scope) = if all_offices {
                ("все офисы".to_owned(), "всех офисов".to_owned())
            } else {
                (format!("офис {office}"), format!("офиса {office}"))
            };
            Content::new(lang, format!("Еженедельная сводка: {scope}, {week}"), greeting)
                .para(format!(
                    "Ниже приведена сводка по обращениям {of_scope} за неделю {week}."
                ))
                .para(format!(
                    "На рассмотрении {}, из них просрочено {}. Срок ответа истекает в ближайшие семь дней: {}.",
                    n(open),
                    n(overdue),
                    n(due_soon)
                ))
                .para(format!(
                    "За прошедшую неделю зарегистрировано {}, закрыто {}.",
                    n(registered),
                    n(closed)
                ))
                .row("На рассмотрении", open.to_string())
                .row("Просроченные", overdue.to_string())
                .row("Срок истекает в ближайшие 7 дней", due_soon.to_string())
                .row("Зарегистрировано за неделю", registered.to_string())
                .row("Закрыто за неделю", closed.to_string())
        }
        Language::En => {
            let scope = if all_offices {
                "all offices".to_owned()
            } else {
                format!("office {office}")
            };
            Content::new(lang, format!("Weekly summary: {scope}, {week}"), greeting)
                .para(format!(
                    "Here is the summary of appeals in {scope} for the week {week}."
                ))
                .para(format!(
                    "{} {} open, of which {} {} overdue. {} {} due within the next seven days.",
                    n(open),
                    en_verb(open, "is", "are"),
                    overdue,
                    en_verb(overdue, "is", "are"),
                    capitalize(&n(due_soon)),
                    en_verb(due_soon, "is", "are"),
                ))
                .para(format!(
                    "Over the past week {} {} registered and {} {} closed.",
                    n(registered),
                    en_verb(registered, "was", "were"),
                    n(closed),
                    en_verb(closed, "was", "were"),
                ))
                .row("Open appeals", open.to_string())
                .row("Overdue", overdue.to_string())
                .row("Due within 7 days", due_soon.to_string())
                .row("Registered in the past week", registered.to_string())
                .row("Closed in the past week", closed.to_string())
        }
    };
    if !overdue_items.is_empty() {
        content.items_title = Some(
            match lang {
                Language::UzLatn => "Muddati oʻtgan murojaatlar",
                Language::UzCyrl => "Муддати ўтган мурожаатлар",
                Language::Ru => "Просроченные обращения",
                Language::En => "Overdue appeals",
            }
            .to_owned(),
        );
        content.items = overdue_items.iter().map(|item| digest_item(lang, item)).collect();
    }
    content
}

/// "HQ-2025-000012 — due 2025-03-01, 3 days overdue — Aziz Rahimov".
fn digest_item(lang: Language, item: &DigestItem) -> String {
    let DigestItem {
        number,
        due_on,
        days_overdue,
        assignee,
    } = item;
    let late = days(lang, *days_overdue);
    let (line, unassigned) = match lang {
        Language::UzLatn => (
            format!("{number} — muddat {due_on}, {late} kechikmoqda"),
            "ijrochi tayinlanmagan",
        ),
        Language::UzCyrl => (
            format!("{number} — муддат {due_on}, {late} кечикмоқда"),
            "ижрочи тайинланмаган",
        ),
        Language::Ru => (
            format!("{number} — срок {due_on}, просрочено на {late}"),
            "исполнитель не назначен",
        ),
        Language::En => (format!("{number} — due {due_on}, {late} overdue"), "unassigned"),
    };
    let who = assignee
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or(unassigned);
    format!("{line} — {who}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_welcome_mail_names_the_role_in_words_not_its_code() {
        let payload = json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"});
        for (lang, words) in [
            (Language::UzLatn, "murojaatlar boʻyicha mutaxassis"),
            (Language::UzCyrl, "мурожаатлар бўйича мутахассис"),
            (Language::Ru, "специалист по обращениям"),
            (Language::En, "case officer"),
        ] {
            let mail = render("account_created", lang, &payload).unwrap();
            assert!(mail.text.contains(words), "{lang:?}: {}", mail.text);
            assert!(!mail.text.contains("case_officer"), "{lang:?}: {}", mail.text);
        }
    }

    /// A sample payload of every kind and the values each rendering must show.
    fn samples() -> Vec<(&'static str, Value, Vec<&'static str>)> {
        vec![
            (
                "account_created",
                json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"}),
                vec!["Aziz Rahimov", "TAS"],
            ),
            (
                "appeal_registered",
                json!({"number": "HQ-2025-000001", "access_code": "ABCD234567", "received_on": "2025-03-14",
                       "due_on": "2025-03-21", "subject": "Pension recalculation"}),
                vec![
                    "HQ-2025-000001",
                    "ABCD234567",
                    "2025-03-14",
                    "2025-03-21",
                    "Pension recalculation",
                ],
            ),
            (
                "appeal_closed",
                json!({"number": "HQ-2025-000001", "outcome": "satisfied", "subject": "Pension recalculation"}),
                vec!["HQ-2025-000001", "Pension recalculation"],
            ),
            (
                "appeal_assigned",
                json!({"number": "HQ-2025-000001", "subject": "Pension recalculation", "due_on": "2025-03-21",
                       "full_name": "Aziz Rahimov"}),
                vec!["HQ-2025-000001", "Pension recalculation", "2025-03-21", "Aziz Rahimov"],
            ),
            (
                "deadline_extended",
                json!({"number": "HQ-2025-000001", "due_on": "2025-04-21", "days": 30,
                       "reason": "An inquiry to the ministry is pending"}),
                vec![
                    "HQ-2025-000001",
                    "2025-04-21",
                    "30",
                    "An inquiry to the ministry is pending",
                ],
            ),
            (
                "deadline_approaching",
                json!({"number": "HQ-2025-000001", "subject": "Pension recalculation", "due_on": "2025-03-21",
                       "days_left": 3, "full_name": "Aziz Rahimov"}),
                vec![
                    "HQ-2025-000001",
                    "Pension recalculation",
                    "2025-03-21",
                    "3",
                    "Aziz Rahimov",
                ],
            ),
            (
                "appeal_overdue",
                json!({"number": "HQ-2025-000001", "subject": "Pension recalculation", "due_on": "2025-03-21",
                       "days_overdue": 4, "full_name": "Aziz Rahimov"}),
                vec![
                    "HQ-2025-000001",
                    "Pension recalculation",
                    "2025-03-21",
                    "4",
                    "Aziz Rahimov",
                ],
            ),
            (
                "impact_measure_overdue",
                json!({"reference": "IM-2025-0007", "kind": "submission", "addressee": "Ministry of Health",
                       "response_due_on": "2025-05-02", "days_overdue": 12, "full_name": "Dilnoza Karimova"}),
                vec![
                    "IM-2025-0007",
                    "Ministry of Health",
                    "2025-05-02",
                    "12",
                    "Dilnoza Karimova",
                ],
            ),
            (
                "recommendation_overdue",
                json!({"visit": "HQ-V-2025-0001", "facility": "SIZO No. 1", "text": "Daily one-hour walks",
                       "addressee": "SIZO administration", "status": "open", "due_on": "2025-04-01",
                       "days_overdue": 9, "full_name": "Dilnoza Karimova"}),
                vec![
                    "HQ-V-2025-0001",
                    "SIZO No. 1",
                    "Daily one-hour walks",
                    "SIZO administration",
                    "2025-04-01",
                    "9",
                    "Dilnoza Karimova",
                ],
            ),
            (
                "impact_measure_issued",
                json!({"number": "HQ-2025-000001", "measure": "HQ-D-2025-0001", "kind": "demand",
                       "addressee": "Pension Fund", "issued_on": "2025-04-01"}),
                vec!["HQ-2025-000001", "HQ-D-2025-0001", "Pension Fund", "2025-04-01"],
            ),
            (
                "weekly_digest",
                json!({"full_name": "Dilnoza Karimova", "office": "TAS", "all_offices": false, "week": "2026-W48",
                "open": 12, "overdue": 3, "due_soon": 5, "registered": 7, "closed": 4,
                "overdue_items": [
                    {"number": "HQ-2025-000012", "due_on": "2025-03-01", "days_overdue": 3,
                     "assignee": "Aziz Rahimov"},
                    {"number": "HQ-2025-000013", "due_on": "2025-03-02", "days_overdue": 2, "assignee": null}
                ]}),
                vec![
                    "Dilnoza Karimova",
                    "TAS",
                    "2026-W48",
                    "12",
                    "HQ-2025-000012",
                    "HQ-2025-000013",
                    "Aziz Rahimov",
                ],
            ),
        ]
    }

    #[test]
    fn every_kind_renders_in_every_language() {
        for (kind, payload, values) in samples() {
            for lang in Language::ALL {
                let r = render(kind, *lang, &payload).unwrap_or_else(|e| panic!("{kind} {lang}: {e}"));
                assert!(!r.subject.trim().is_empty(), "{kind} {lang}");
                assert!(!r.text.trim().is_empty(), "{kind} {lang}");
                assert!(r.html.starts_with("<!DOCTYPE html>"), "{kind} {lang}");
                assert!(r.html.contains(&format!("<html lang=\"{lang}\"")), "{kind} {lang}");
                assert!(
                    r.html.contains("<title>") && !r.html.contains("<title></title>"),
                    "{kind} {lang}"
                );
                assert!(r.text.contains(footer(*lang)), "{kind} {lang}: {}", r.text);
                for value in &values {
                    // Dates are shown written out in the letter's language.
                    let shown = crate::dates::humanize(*lang, &json!(value));
                    let value = shown.as_str().unwrap();
                    assert!(r.text.contains(value), "{kind} {lang}: text lacks {value}:\n{}", r.text);
                    assert!(r.html.contains(value), "{kind} {lang}: html lacks {value}:\n{}", r.html);
                }
            }
        }
    }

    #[test]
    fn the_acknowledgement_carries_the_number_and_access_code_in_each_language() {
        let payload = json!({"number": "HQ-2025-000001", "access_code": "ABCD234567",
                             "received_on": "2025-03-14", "due_on": "2025-03-21", "subject": "Pension"});
        for lang in Language::ALL {
            let r = render("appeal_registered", *lang, &payload).unwrap();
            assert!(r.subject.contains("HQ-2025-000001"), "{lang}");
            let due = crate::dates::written(*lang, chrono::NaiveDate::from_ymd_opt(2025, 3, 21).unwrap());
            for body in [&r.text, &r.html] {
                assert!(
                    body.contains("HQ-2025-000001") && body.contains("ABCD234567") && body.contains(&due),
                    "{lang}: {body}"
                );
                assert!(!body.contains("2025-03-21"), "{lang}: an ISO date in a letter: {body}");
            }
        }
        let ru = render("appeal_registered", Language::Ru, &payload).unwrap();
        assert!(ru.subject.starts_with("Ваше обращение"));
        assert!(ru.text.starts_with("Уважаемый заявитель!"), "{}", ru.text);
    }

    #[test]
    fn account_created_is_rendered_in_each_language() {
        let payload = json!({"full_name": "Aziz Rahimov", "role": "case_officer", "office": "TAS"});
        for lang in Language::ALL {
            let r = render("account_created", *lang, &payload).unwrap();
            assert!(
                r.text.contains("Aziz Rahimov") && r.text.contains("TAS"),
                "{lang}: {}",
                r.text
            );
        }
        let uz = render("account_created", Language::UzLatn, &payload).unwrap();
        assert!(uz.text.starts_with("Hurmatli Aziz Rahimov!"), "{}", uz.text);
        let ru = render("account_created", Language::Ru, &payload).unwrap();
        assert!(ru.text.starts_with("Здравствуйте, Aziz Rahimov!"), "{}", ru.text);
        assert!(render("account_created", Language::En, &json!({})).is_err());
        assert!(render("no_such_kind", Language::En, &payload).is_err());
    }

    #[test]
    fn a_missing_field_is_named() {
        let err = render("account_created", Language::En, &json!({"full_name": "A", "role": "r"})).unwrap_err();
        assert!(
            matches!(&err, RenderError::MissingField { kind, field } if kind == "account_created" && field == "office"),
            "{err:?}"
        );
        assert!(err.to_string().contains("office"), "{err}");

        let p = json!({"number": "N", "due_on": "2025-01-01", "reason": "r"});
        let err = render("deadline_extended", Language::Ru, &p).unwrap_err();
        assert!(
            matches!(&err, RenderError::MissingField { field, .. } if field == "days"),
            "{err:?}"
        );

        let p = json!({"number": "N", "due_on": "2025-01-01", "days": "three", "reason": "r"});
        let err = render("deadline_extended", Language::Ru, &p).unwrap_err();
        assert!(
            matches!(&err, RenderError::InvalidPayload { field, .. } if field == "days"),
            "{err:?}"
        );

        let p = json!({"full_name": "M", "office": "TAS", "week": "2026-W48", "open": 1, "overdue": 1,
                       "due_soon": 0, "registered": 0, "closed": 0,
                       "overdue_items": [{"due_on": "2025-03-01", "days_overdue": 3}]});
        let err = render("weekly_digest", Language::En, &p).unwrap_err();
        assert!(
            matches!(&err, RenderError::MissingField { field, .. } if field == "overdue_items[0].number"),
            "{err:?}"
        );

        let err = render("appeal_closed", Language::En, &json!(null)).unwrap_err();
        assert!(
            matches!(&err, RenderError::InvalidPayload { field, .. } if field == "payload"),
            "{err:?}"
        );
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        let err = render("no_such_kind", Language::En, &json!({})).unwrap_err();
        assert!(
            matches!(&err, RenderError::UnknownKind(k) if k == "no_such_kind"),
            "{err:?}"
        );
    }

    #[test]
    fn user_text_is_escaped_in_html_only() {
        let payload = json!({"number": "HQ-2025-000001", "subject": "<script>alert(1)</script> & co",
                             "due_on": "2025-03-21", "full_name": "<script>x</script>"});
        for lang in Language::ALL {
            let r = render("appeal_assigned", *lang, &payload).unwrap();
            assert!(!r.html.contains("<script>"), "{lang}: {}", r.html);
            assert!(
                r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
                "{lang}: {}",
                r.html
            );
            assert!(r.html.contains("&lt;script&gt;x&lt;/script&gt;"), "{lang}: {}", r.html);
            assert!(r.text.contains("<script>alert(1)</script> & co"), "{lang}: {}", r.text);
            assert!(r.text.contains("<script>x</script>"), "{lang}: {}", r.text);
        }
        let r = render("appeal_assigned", Language::UzLatn, &payload).unwrap();
        // The official ʻ is a letter, not a quote: nothing to escape.
        assert!(r.html.contains("koʻrib chiqib"), "{}", r.html);
        let quoted = json!({"full_name": "\"Q\" 'q'", "role": "r", "office": "o"});
        let r = render("account_created", Language::En, &quoted).unwrap();
        assert!(r.html.contains("Dear &quot;Q&quot; &#39;q&#39;,"), "{}", r.html);
        // A subject line made of user text is escaped in the HTML title too.
        let payload = json!({"number": "<b>1</b>", "outcome": "rejected", "subject": "s"});
        let r = render("appeal_closed", Language::En, &payload).unwrap();
        assert_eq!(r.subject, "Decision on appeal <b>1</b>");
        assert!(
            r.html
                .contains("<title>Decision on appeal &lt;b&gt;1&lt;/b&gt;</title>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn outcomes_are_labelled_in_each_language() {
        let labels = [
            (Language::UzLatn, "qisman qanoatlantirildi"),
            (Language::UzCyrl, "қисман қаноатлантирилди"),
            (Language::Ru, "удовлетворено частично"),
            (Language::En, "partially satisfied"),
        ];
        let payload = json!({"number": "HQ-1", "outcome": "partially_satisfied", "subject": "s"});
        for (lang, label) in labels {
            let r = render("appeal_closed", lang, &payload).unwrap();
            assert!(r.text.contains(label), "{lang}: {}", r.text);
            assert!(!r.text.contains("partially_satisfied"), "{lang}: {}", r.text);
        }
        for code in Outcome::ALL {
            for lang in Language::ALL {
                let label = outcome_label(*lang, code.as_str());
                assert!(!label.is_empty() && !label.contains('_'), "{lang} {code}: {label}");
                if *lang != Language::En {
                    assert_ne!(label, code.as_str(), "{lang} {code}");
                }
            }
        }
        let payload = json!({"number": "HQ-1", "outcome": "mediated", "subject": "s"});
        let r = render("appeal_closed", Language::Ru, &payload).unwrap();
        assert!(r.text.contains("Результат: mediated."), "{}", r.text);
    }

    #[test]
    fn the_reminder_uses_russian_plurals() {
        for (n, phrase) in [
            (1, "через 1 день"),
            (2, "через 2 дня"),
            (5, "через 5 дней"),
            (21, "через 21 день"),
        ] {
            let payload = json!({"number": "HQ-1", "subject": "s", "due_on": "2025-03-21", "days_left": n,
                                 "full_name": "Aziz Rahimov"});
            let r = render("deadline_approaching", Language::Ru, &payload).unwrap();
            assert!(r.subject.contains(phrase), "{n}: {}", r.subject);
            assert!(r.text.contains(phrase), "{n}: {}", r.text);
            assert!(r.html.contains(phrase), "{n}: {}", r.html);
        }
        let payload = json!({"number": "HQ-1", "subject": "s", "due_on": "2025-03-21", "days_left": 0,
                             "full_name": "Aziz Rahimov"});
        let today = [
            (Language::UzLatn, "bugun"),
            (Language::UzCyrl, "бугун"),
            (Language::Ru, "сегодня"),
            (Language::En, "today"),
        ];
        for (lang, word) in today {
            let r = render("deadline_approaching", lang, &payload).unwrap();
            assert!(r.subject.contains(word) && r.text.contains(word), "{lang}: {}", r.text);
            assert!(!r.text.contains(" 0 "), "{lang}: {}", r.text);
        }
        let en = render(
            "deadline_approaching",
            Language::En,
            &json!({"number": "HQ-1", "subject": "s",
            "due_on": "2025-03-21", "days_left": 1, "full_name": "A"}),
        )
        .unwrap();
        assert_eq!(en.subject, "Appeal HQ-1 is due in 1 day");
    }

    #[test]
    fn the_extension_counts_days() {
        let payload = json!({"number": "HQ-1", "due_on": "2025-04-21", "days": 2, "reason": "r"});
        let expected = [
            (Language::UzLatn, "2 kunga uzaytirildi"),
            (Language::UzCyrl, "2 кунга узайтирилди"),
            (Language::Ru, "продлён на 2 дня"),
            (Language::En, "extended by 2 days"),
        ];
        for (lang, phrase) in expected {
            let r = render("deadline_extended", lang, &payload).unwrap();
            assert!(r.text.contains(phrase), "{lang}: {}", r.text);
        }
    }

    #[test]
    fn the_digest_lists_overdue_items_only_when_there_are_some() {
        let base = json!({"full_name": "Dilnoza Karimova", "office": "TAS", "week": "2026-W48",
        "open": 12, "overdue": 1, "due_soon": 21, "registered": 2, "closed": 0,
        "overdue_items": [
            {"number": "HQ-2025-000012", "due_on": "2025-03-01", "days_overdue": 3,
             "assignee": "Aziz Rahimov"},
            {"number": "HQ-2025-000013", "due_on": "2025-03-02", "days_overdue": 1, "assignee": null}
        ]});
        let en = render("weekly_digest", Language::En, &base).unwrap();
        assert!(
            en.text.contains("12 appeals are open, of which 1 is overdue."),
            "{}",
            en.text
        );
        assert!(en.text.contains("21 appeals are due"), "{}", en.text);
        assert!(
            en.text.contains("2 appeals were registered and 0 appeals were closed"),
            "{}",
            en.text
        );
        assert!(
            en.text
                .contains("- HQ-2025-000012 — due 1 March 2025, 3 days overdue — Aziz Rahimov"),
            "{}",
            en.text
        );
        assert!(
            en.text
                .contains("- HQ-2025-000013 — due 2 March 2025, 1 day overdue — unassigned"),
            "{}",
            en.text
        );
        assert!(en.html.contains("<ul") && en.html.contains("<li"), "{}", en.html);

        let ru = render("weekly_digest", Language::Ru, &base).unwrap();
        assert!(
            ru.text
                .contains("На рассмотрении 12 обращений, из них просрочено 1 обращение."),
            "{}",
            ru.text
        );
        assert!(ru.text.contains("семь дней: 21 обращение."), "{}", ru.text);
        assert!(
            ru.text.contains("зарегистрировано 2 обращения, закрыто 0 обращений"),
            "{}",
            ru.text
        );
        assert!(ru.text.contains("просрочено на 3 дня — Aziz Rahimov"), "{}", ru.text);
        assert!(ru.text.contains("исполнитель не назначен"), "{}", ru.text);

        let uz = render("weekly_digest", Language::UzLatn, &base).unwrap();
        assert!(
            uz.text.contains("Hozirda 12 murojaat koʻrib chiqilmoqda."),
            "{}",
            uz.text
        );

        let mut empty = base.clone();
        empty["overdue"] = json!(0);
        empty["overdue_items"] = json!([]);
        for lang in Language::ALL {
            let r = render("weekly_digest", *lang, &empty).unwrap();
            assert!(!r.html.contains("<ul") && !r.html.contains("<li"), "{lang}: {}", r.html);
            assert!(!r.html.contains("<h2"), "{lang}: {}", r.html);
            assert!(!r.text.contains("\n- "), "{lang}: {}", r.text);
        }

        let mut central = base;
        central["all_offices"] = json!(true);
        let r = render("weekly_digest", Language::En, &central).unwrap();
        assert_eq!(
            r.subject,
            "Weekly summary: all offices, 23 November 2026 – 29 November 2026"
        );
    }

    #[test]
    fn the_text_layout_is_tidy() {
        let payload = json!({"number": "HQ-2025-000001", "subject": "Pension", "due_on": "2025-03-21",
                             "full_name": "Aziz Rahimov"});
        let r = render("appeal_assigned", Language::En, &payload).unwrap();
        let expected = "Dear Aziz Rahimov,\n\n\
            Appeal HQ-2025-000001 is assigned to you. Please consider it and prepare the answer by 21 March 2025.\n\n\
            Appeal number: HQ-2025-000001\n\
            Subject: Pension\n\
            Due by: 21 March 2025\n\n\
            -- \n\
            This message was sent automatically by the Ombudsman case system.";
        assert_eq!(r.text, format!("{expected}\n"));
    }
}
