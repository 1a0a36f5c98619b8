//! Message texts per kind and language.

use ombudsman_domain::language::Language;
use serde_json::Value;

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
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
        /// Field.
        field: &'static str,
    },
}

fn field<'a>(kind: &str, payload: &'a Value, name: &'static str) -> Result<&'a str, RenderError> {
    payload
        .get(name)
        .and_then(Value::as_str)
        .ok_or(RenderError::MissingField {
            kind: kind.to_owned(),
            field: name,
        })
}

/// Renders a message of `kind` in `language` from its payload.
pub fn render(kind: &str, language: Language, payload: &Value) -> Result<Rendered, RenderError> {
    match kind {
        "account_created" => {
            let name = field(kind, payload, "full_name")?;
            let role = field(kind, payload, "role")?;
            let office = field(kind, payload, "office")?;
            let (subject, text) = match language {
                Language::UzLatn => (
                    "Ombudsman tizimida hisobingiz yaratildi".to_owned(),
                    format!(
                        "Hurmatli {name}!\n\nSiz uchun {office} idorasida \"{role}\" roli bilan hisob yaratildi.\n"
                    ),
                ),
                Language::UzCyrl => (
                    "Омбудсман тизимида ҳисобингиз яратилди".to_owned(),
                    format!("Ҳурматли {name}!\n\nСиз учун {office} идорасида \"{role}\" роли билан ҳисоб яратилди.\n"),
                ),
                Language::Ru => (
                    "Для вас создана учётная запись в системе Омбудсмана".to_owned(),
                    format!(
                        "Уважаемый(ая) {name}!\n\nДля вас создана учётная запись с ролью «{role}» в офисе {office}.\n"
                    ),
                ),
                Language::En => (
                    "Your account in the Ombudsman case system".to_owned(),
                    format!(
                        "Dear {name},\n\nAn account with the role \"{role}\" was created for you in office {office}.\n"
                    ),
                ),
            };
            Ok(Rendered { subject, text })
        }
        "appeal_registered" => {
            let number = field(kind, payload, "number")?;
            let code = field(kind, payload, "access_code")?;
            let received = field(kind, payload, "received_on")?;
            let due = field(kind, payload, "due_on")?;
            let (subject, text) = match language {
                Language::UzLatn => (
                    format!("Murojaatingiz {number} raqami bilan ro'yxatga olindi"),
                    format!("Murojaatingiz {received} sanasida qabul qilindi va {number} raqami bilan ro'yxatga olindi.\nHolatini tekshirish uchun kirish kodi: {code}\nJavob muddati: {due}.\n"),
                ),
                Language::UzCyrl => (
                    format!("Мурожаатингиз {number} рақами билан рўйхатга олинди"),
                    format!("Мурожаатингиз {received} санасида қабул қилинди ва {number} рақами билан рўйхатга олинди.\nҲолатини текшириш учун кириш коди: {code}\nЖавоб муддати: {due}.\n"),
                ),
                Language::Ru => (
                    format!("Ваше обращение зарегистрировано под номером {number}"),
                    format!("Ваше обращение получено {received} и зарегистрировано под номером {number}.\nКод доступа для проверки статуса: {code}\nСрок ответа: {due}.\n"),
                ),
                Language::En => (
                    format!("Your appeal is registered as {number}"),
                    format!("Your appeal received on {received} is registered as {number}.\nAccess code to check its status: {code}\nAnswer due by: {due}.\n"),
                ),
            };
            Ok(Rendered { subject, text })
        }
        "appeal_closed" => {
            let number = field(kind, payload, "number")?;
            let outcome = field(kind, payload, "outcome")?;
            let (subject, text) = match language {
                Language::UzLatn => (
                    format!("{number} raqamli murojaat bo'yicha qaror"),
                    format!("{number} raqamli murojaatingiz ko'rib chiqildi. Natija: {outcome}.\n"),
                ),
                Language::UzCyrl => (
                    format!("{number} рақамли мурожаат бўйича қарор"),
                    format!("{number} рақамли мурожаатингиз кўриб чиқилди. Натижа: {outcome}.\n"),
                ),
                Language::Ru => (
                    format!("Решение по обращению {number}"),
                    format!("Ваше обращение {number} рассмотрено. Результат: {outcome}.\n"),
                ),
                Language::En => (
                    format!("Decision on appeal {number}"),
                    format!("Your appeal {number} has been considered. Outcome: {outcome}.\n"),
                ),
            };
            Ok(Rendered { subject, text })
        }
        "appeal_assigned" => {
            let number = field(kind, payload, "number")?;
            let due = field(kind, payload, "due_on")?;
            let (subject, text) = match language {
                Language::UzLatn => (
                    format!("Sizga {number} murojaati biriktirildi"),
                    format!("Sizga {number} murojaati biriktirildi. Muddat: {due}.\n"),
                ),
                Language::UzCyrl => (
                    format!("Сизга {number} мурожаати бириктирилди"),
                    format!("Сизга {number} мурожаати бириктирилди. Муддат: {due}.\n"),
                ),
                Language::Ru => (
                    format!("Вам назначено обращение {number}"),
                    format!("Вам назначено обращение {number}. Срок: {due}.\n"),
                ),
                Language::En => (
                    format!("Appeal {number} is assigned to you"),
                    format!("Appeal {number} is assigned to you. Due by {due}.\n"),
                ),
            };
            Ok(Rendered { subject, text })
        }
        other => Err(RenderError::UnknownKind(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_acknowledgement_carries_the_number_and_access_code_in_each_language() {
        let payload = json!({"number": "HQ-2025-000001", "access_code": "ABCD234567",
                             "received_on": "2025-03-14", "due_on": "2025-03-21"});
        for lang in Language::ALL {
            let r = render("appeal_registered", *lang, &payload).unwrap();
            assert!(r.subject.contains("HQ-2025-000001"), "{lang}");
            assert!(
                r.text.contains("ABCD234567") && r.text.contains("2025-03-21"),
                "{lang}: {}",
                r.text
            );
        }
        let ru = render("appeal_registered", Language::Ru, &payload).unwrap();
        assert!(ru.subject.starts_with("Ваше обращение"));
        for kind in ["appeal_closed", "appeal_assigned"] {
            let p = json!({"number": "HQ-2025-000001", "outcome": "satisfied", "due_on": "2025-03-21"});
            assert!(render(kind, Language::UzCyrl, &p).is_ok(), "{kind}");
        }
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
        assert!(render("account_created", Language::En, &json!({})).is_err());
        assert!(render("no_such_kind", Language::En, &payload).is_err());
    }
}
