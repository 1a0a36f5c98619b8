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
        other => Err(RenderError::UnknownKind(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
