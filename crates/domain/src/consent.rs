//! The consent to the processing of personal data that a citizen gives when filing an appeal
//! online. The text shown and its version are stored with the draft and then with the appeal,
//! so that what each person agreed to stays known when the text changes: a new wording is a
//! new version.

use crate::language::Language;

/// The version of the texts below; change it with any change of their wording.
pub const CONSENT_VERSION: &str = "2026-12-01";

/// The consent text in `lang`.
pub fn consent_text(lang: Language) -> &'static str {
    match lang {
        Language::UzLatn => {
            "Men Oliy Majlisning Inson huquqlari boʻyicha vakili (Ombudsman) mening murojaatimni koʻrib chiqish \
             maqsadida unda keltirilgan shaxsga doir maʼlumotlarimni (ism, aloqa maʼlumotlari, murojaat matni va \
             ilovalar) qonunda belgilangan tartibda qayta ishlashiga rozilik beraman."
        }
        Language::UzCyrl => {
            "Мен Олий Мажлиснинг Инсон ҳуқуқлари бўйича вакили (Омбудсман) менинг мурожаатимни кўриб чиқиш \
             мақсадида унда келтирилган шахсга доир маълумотларимни (исм, алоқа маълумотлари, мурожаат матни ва \
             иловалар) қонунда белгиланган тартибда қайта ишлашига розилик бераман."
        }
        Language::Ru => {
            "Я даю согласие Уполномоченному Олий Мажлиса по правам человека (Омбудсману) на обработку моих \
             персональных данных, указанных в обращении (имя, контактные данные, текст обращения и приложения), \
             в порядке, установленном законом, в целях рассмотрения моего обращения."
        }
        Language::En => {
            "I consent to the Authorized Person of the Oliy Majlis for Human Rights (Ombudsman) processing the \
             personal data in my appeal (name, contact details, the text of the appeal and its attachments), in \
             the manner the law provides, in order to consider my appeal."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_consent_text() {
        for lang in Language::ALL {
            assert!(consent_text(*lang).len() > 100, "{lang:?}");
        }
    }
}
