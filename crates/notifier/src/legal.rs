//! The legal wording of letters to applicants, in one place for the office's lawyer to review
//! (see docs/translations.md). Nothing else in the notifier states a legal right.

use ombudsman_domain::language::Language;

/// For a decision that does not grant what was asked — a refusal, or an appeal left without
/// consideration — the applicant's right to challenge it and where; `None` for other outcomes.
///
/// TO BE APPROVED by the office's legal editor before production: the wording follows the Law
/// "On the Authorized Person of the Oliy Majlis of the Republic of Uzbekistan for Human Rights
/// (Ombudsman)" and the Law "On appeals of natural and legal persons" as generally understood,
/// and names no article.
pub fn challenge_notice(lang: Language, outcome: &str) -> Option<&'static str> {
    if !matches!(outcome, "rejected" | "left_without_consideration") {
        return None;
    }
    Some(match lang {
        Language::UzLatn => {
            "Agar ushbu qarorga rozi boʻlmasangiz, yangi holatlar yoki hujjatlar bilan Vakilga qayta \
             murojaat qilishingiz yoki qonunda belgilangan tartibda sudga murojaat qilishingiz mumkin. \
             Qarordan norozilik Vakil nomiga yozma ravishda yoki murojaatingiz raqamini koʻrsatgan \
             holda onlayn qabulxona orqali yuboriladi."
        }
        Language::UzCyrl => {
            "Агар ушбу қарорга рози бўлмасангиз, янги ҳолатлар ёки ҳужжатлар билан Вакилга қайта \
             мурожаат қилишингиз ёки қонунда белгиланган тартибда судга мурожаат қилишингиз мумкин. \
             Қарордан норозилик Вакил номига ёзма равишда ёки мурожаатингиз рақамини кўрсатган \
             ҳолда онлайн қабулхона орқали юборилади."
        }
        Language::Ru => {
            "Если Вы не согласны с решением, Вы вправе повторно обратиться к Уполномоченному, \
             представив новые обстоятельства или документы, либо обратиться в суд в порядке, \
             установленном законом. Несогласие с решением направляется на имя Уполномоченного в \
             письменной форме или через онлайн-приёмную с указанием номера Вашего обращения."
        }
        Language::En => {
            "If you disagree with this decision, you may apply to the Ombudsman again with new facts \
             or documents, or go to court in the manner the law provides. Address your objection to \
             the Ombudsman in writing, or through the online reception quoting the number of your \
             appeal."
        }
    })
}
