//! Localized labels for reports: the names of the codes (channels, categories, regions, facility
//! kinds, …), of the report's sections and figures, and of the months, in the four languages of
//! the office (`uz-Latn`, `uz-Cyrl`, `ru`, `en`).
//!
//! The wording follows the office of the Oliy Majlis Human Rights Commissioner (Ombudsman):
//! appeal = murojaat / мурожаат / обращение, impact measure = taʼsir chorasi / таъсир чораси /
//! мера реагирования, and the outcome and measure terms of the notifier's e-mails. Labels are in
//! sentence case, as a table cell or heading of an exported report wants them; month names are
//! in running-text case ("yanvar", "январь", "January"). Uzbek Latin uses the official letters
//! ʻ (U+02BB, in `oʻ` and `gʻ`) and ʼ (U+02BC, the tutuq: `taʼsir`), never an ASCII apostrophe.
//!
//! Every label is an array `[uz-Latn, uz-Cyrl, ru, en]`; the code sets are matched exhaustively,
//! so a new code does not compile until it is labelled.

use crate::appeal::{ApplicantKind, Category, Channel, Outcome, RightsGroup, Status, Vulnerability};
use crate::facility::FacilityKind;
use crate::impact::{CompensationKind, MeasureKind, MeasureStatus};
use crate::language::Language;
use crate::office::Region;
use crate::visit::{ConductedBy, RecommendationStatus, VisitType};

mod figures;

/// One label in each language: `[uz-Latn, uz-Cyrl, ru, en]`.
type Labels = [&'static str; 4];

code_enum!(
    /// A set of codes whose values have labels.
    CodeKind {
        Channel => "channel",
        ApplicantKind => "applicant_kind",
        Vulnerability => "vulnerability",
        RightsGroup => "rights_group",
        Category => "category",
        Status => "status",
        Outcome => "outcome",
        Region => "region",
        FacilityKind => "facility_kind",
        MeasureKind => "measure_kind",
        MeasureStatus => "measure_status",
        CompensationKind => "compensation_kind",
        VisitType => "visit_type",
        RecommendationStatus => "recommendation_status",
        ConductedBy => "conducted_by",
    }
);

impl CodeKind {
    /// Every code of the set, in declaration order.
    pub fn codes(self) -> Vec<&'static str> {
        fn all<T>(values: &'static [T], as_str: fn(&T) -> &'static str) -> Vec<&'static str> {
            values.iter().map(as_str).collect()
        }
        match self {
            CodeKind::Channel => all(Channel::ALL, Channel::as_str),
            CodeKind::ApplicantKind => all(ApplicantKind::ALL, ApplicantKind::as_str),
            CodeKind::Vulnerability => all(Vulnerability::ALL, Vulnerability::as_str),
            CodeKind::RightsGroup => all(RightsGroup::ALL, RightsGroup::as_str),
            CodeKind::Category => all(Category::ALL, Category::as_str),
            CodeKind::Status => all(Status::ALL, Status::as_str),
            CodeKind::Outcome => all(Outcome::ALL, Outcome::as_str),
            CodeKind::Region => all(Region::ALL, Region::as_str),
            CodeKind::FacilityKind => all(FacilityKind::ALL, FacilityKind::as_str),
            CodeKind::MeasureKind => all(MeasureKind::ALL, MeasureKind::as_str),
            CodeKind::MeasureStatus => all(MeasureStatus::ALL, MeasureStatus::as_str),
            CodeKind::CompensationKind => all(CompensationKind::ALL, CompensationKind::as_str),
            CodeKind::VisitType => all(VisitType::ALL, VisitType::as_str),
            CodeKind::RecommendationStatus => all(RecommendationStatus::ALL, RecommendationStatus::as_str),
            CodeKind::ConductedBy => all(ConductedBy::ALL, ConductedBy::as_str),
        }
    }
}

/// The label of `code` of the set `code_kind` in `lang`; `None` for a code the set lacks.
pub fn code_label(lang: Language, code_kind: CodeKind, code: &str) -> Option<&'static str> {
    let labels = match code_kind {
        CodeKind::Channel => table::channel(code.parse().ok()?),
        CodeKind::ApplicantKind => table::applicant_kind(code.parse().ok()?),
        CodeKind::Vulnerability => table::vulnerability(code.parse().ok()?),
        CodeKind::RightsGroup => table::rights_group(code.parse().ok()?),
        CodeKind::Category => table::category(code.parse().ok()?),
        CodeKind::Status => table::status(code.parse().ok()?),
        CodeKind::Outcome => table::outcome(code.parse().ok()?),
        CodeKind::Region => table::region(code.parse().ok()?),
        CodeKind::FacilityKind => table::facility_kind(code.parse().ok()?),
        CodeKind::MeasureKind => table::measure_kind(code.parse().ok()?),
        CodeKind::MeasureStatus => table::measure_status(code.parse().ok()?),
        CodeKind::CompensationKind => table::compensation_kind(code.parse().ok()?),
        CodeKind::VisitType => table::visit_type(code.parse().ok()?),
        CodeKind::RecommendationStatus => table::recommendation_status(code.parse().ok()?),
        CodeKind::ConductedBy => table::conducted_by(code.parse().ok()?),
    };
    Some(pick(lang, labels))
}

/// The label of `code`, or the code itself when the set lacks it (a report never loses a row).
pub fn label_or_code(lang: Language, code_kind: CodeKind, code: &str) -> String {
    code_label(lang, code_kind, code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// The label of a report section, figure, breakdown, column header or title (`appeals`,
/// `received`, `by_channel`, `change_percent`, `half_year_report`, …); `None` for an unknown key.
pub fn figure_label(lang: Language, key: &str) -> Option<&'static str> {
    figures::FIGURES
        .iter()
        .find(|(known, _)| *known == key)
        .map(|(_, labels)| pick(lang, *labels))
}

/// The nominative name of `month` (1 = January); the empty string outside 1..=12.
pub fn month_name(lang: Language, month: u32) -> &'static str {
    let index = usize::try_from(month).ok().and_then(|m| m.checked_sub(1));
    index
        .and_then(|i| table::MONTHS.get(i))
        .map_or("", |labels| pick(lang, *labels))
}

fn pick(lang: Language, [uz_latn, uz_cyrl, ru, en]: Labels) -> &'static str {
    match lang {
        Language::UzLatn => uz_latn,
        Language::UzCyrl => uz_cyrl,
        Language::Ru => ru,
        Language::En => en,
    }
}

/// The labels themselves, one code (or key) a line: rustfmt would put each of the four strings of
/// an array on a line of its own.
#[rustfmt::skip]
mod table {
    use super::*;

    pub(super) const MONTHS: [Labels; 12] = [
        ["yanvar", "январь", "январь", "January"],
        ["fevral", "февраль", "февраль", "February"],
        ["mart", "март", "март", "March"],
        ["aprel", "апрель", "апрель", "April"],
        ["may", "май", "май", "May"],
        ["iyun", "июнь", "июнь", "June"],
        ["iyul", "июль", "июль", "July"],
        ["avgust", "август", "август", "August"],
        ["sentabr", "сентябрь", "сентябрь", "September"],
        ["oktabr", "октябрь", "октябрь", "October"],
        ["noyabr", "ноябрь", "ноябрь", "November"],
        ["dekabr", "декабрь", "декабрь", "December"],
    ];


    pub(super) fn channel(code: Channel) -> Labels {
        match code {
            Channel::Letter => ["Xat (pochta orqali)", "Хат (почта орқали)", "Письмо (по почте)", "Letter (post)"],
            Channel::Email => ["Elektron pochta", "Электрон почта", "Электронная почта", "E-mail"],
            Channel::OnlinePortal => ["Onlayn portal", "Онлайн портал", "Онлайн-портал", "Online portal"],
            Channel::InPerson => ["Shaxsiy qabul", "Шахсий қабул", "Личный приём", "In-person reception"],
            Channel::Hotline => ["Ishonch telefoni", "Ишонч телефони", "Телефон доверия", "Hotline"],
            Channel::MobileReception => ["Sayyor qabul", "Сайёр қабул", "Выездной приём", "Mobile reception"],
            Channel::PresidentialVirtualReception => [
                "Prezidentning Virtual qabulxonasi", "Президентнинг Виртуал қабулхонаси",
                "Виртуальная приёмная Президента", "Presidential Virtual Reception",
            ],
            Channel::ComplaintBox => ["Murojaatlar qutisi", "Мурожаатлар қутиси",
                "Ящик для обращений", "Complaint box"],
            Channel::MonitoringVisit => ["Monitoring tashrifi davomida", "Мониторинг ташрифи давомида",
                "В ходе мониторингового визита", "During a monitoring visit"],
            Channel::Referral => [
                "Boshqa organ va tashkilotlardan yoʻnaltirilgan", "Бошқа орган ва ташкилотлардан йўналтирилган",
                "Направлено другими органами и организациями", "Referred by another body",
            ],
        }
    }

    pub(super) fn applicant_kind(code: ApplicantKind) -> Labels {
        match code {
            ApplicantKind::Citizen => ["Fuqaro", "Фуқаро", "Гражданин", "Citizen"],
            ApplicantKind::ForeignNational => ["Chet el fuqarosi", "Чет эл фуқароси",
                "Иностранный гражданин", "Foreign national"],
            ApplicantKind::StatelessPerson => ["Fuqaroligi boʻlmagan shaxs", "Фуқаролиги бўлмаган шахс",
                "Лицо без гражданства", "Stateless person"],
            ApplicantKind::Organization => ["Tashkilot", "Ташкилот", "Организация", "Organization"],
        }
    }

    pub(super) fn vulnerability(code: Vulnerability) -> Labels {
        match code {
            Vulnerability::Disability => ["Nogironligi boʻlgan shaxs", "Ногиронлиги бўлган шахс",
                "Лицо с инвалидностью", "Person with disability"],
            Vulnerability::Child => ["Bola", "Бола", "Ребёнок", "Child"],
            Vulnerability::MigrantWorker => ["Mehnat muhojiri", "Меҳнат муҳожири",
                "Трудовой мигрант", "Migrant worker"],
            Vulnerability::Detainee => ["Ozodlikdan mahrum etilgan shaxs", "Озодликдан маҳрум этилган шахс",
                "Лицо, лишённое свободы", "Detainee or prisoner"],
            Vulnerability::Servicemember => ["Harbiy xizmatchi", "Ҳарбий хизматчи", "Военнослужащий", "Servicemember"],
        }
    }

    pub(super) fn rights_group(code: RightsGroup) -> Labels {
        match code {
            RightsGroup::Personal => ["Shaxsiy huquqlar", "Шахсий ҳуқуқлар", "Личные права", "Personal rights"],
            RightsGroup::Social => ["Ijtimoiy huquqlar", "Ижтимоий ҳуқуқлар", "Социальные права", "Social rights"],
            RightsGroup::Economic => ["Iqtisodiy huquqlar", "Иқтисодий ҳуқуқлар",
                "Экономические права", "Economic rights"],
            RightsGroup::Political => ["Siyosiy huquqlar", "Сиёсий ҳуқуқлар", "Политические права", "Political rights"],
            RightsGroup::Environmental => ["Ekologik huquqlar", "Экологик ҳуқуқлар",
                "Экологические права", "Environmental rights"],
        }
    }

    pub(super) fn category(code: Category) -> Labels {
        match code {
            Category::PrisonersRights => ["Mahbuslarning huquqlari", "Маҳбусларнинг ҳуқуқлари",
                "Права заключённых", "Prisoners' rights"],
            Category::ProhibitionOfTorture => ["Qiynoqlarni taqiqlash", "Қийноқларни тақиқлаш",
                "Запрещение пыток", "Prohibition of torture"],
            Category::LibertyAndSecurity => [
                "Erkinlik va shaxsiy daxlsizlik huquqi", "Эркинлик ва шахсий дахлсизлик ҳуқуқи",
                "Право на свободу и личную неприкосновенность", "Liberty and security of person",
            ],
            Category::FairTrial => ["Odil sudlovga boʻlgan huquq", "Одил судловга бўлган ҳуқуқ",
                "Право на справедливое судебное разбирательство", "Right to a fair trial"],
            Category::MigrantsRights => ["Muhojirlarning huquqlari", "Муҳожирларнинг ҳуқуқлари",
                "Права мигрантов", "Migrants' rights"],
            Category::DisabilityRights => [
                "Nogironligi boʻlgan shaxslarning huquqlari", "Ногиронлиги бўлган шахсларнинг ҳуқуқлари",
                "Права лиц с инвалидностью", "Rights of persons with disabilities",
            ],
            Category::ChildrensRights => ["Bola huquqlari", "Бола ҳуқуқлари", "Права ребёнка", "Children's rights"],
            Category::Labour => ["Mehnat huquqlari", "Меҳнат ҳуқуқлари", "Трудовые права", "Labour rights"],
            Category::SocialSecurity => ["Ijtimoiy taʼminot", "Ижтимоий таъминот",
                "Социальное обеспечение", "Social security"],
            Category::Health => ["Sogʻliqni saqlash huquqi", "Соғлиқни сақлаш ҳуқуқи",
                "Право на охрану здоровья", "Right to health"],
            Category::Housing => ["Uy-joy huquqi", "Уй-жой ҳуқуқи", "Право на жилище", "Right to housing"],
            Category::Property => ["Mulk huquqi", "Мулк ҳуқуқи", "Право собственности", "Right to property"],
            Category::FreedomOfExpression => ["Fikr va soʻz erkinligi", "Фикр ва сўз эркинлиги",
                "Свобода мысли и слова", "Freedom of expression"],
            Category::Religion => ["Vijdon erkinligi", "Виждон эркинлиги",
                "Свобода совести и вероисповедания", "Freedom of religion or belief"],
            Category::Environment => ["Qulay atrof-muhitga boʻlgan huquq", "Қулай атроф-муҳитга бўлган ҳуқуқ",
                "Право на благоприятную окружающую среду", "Right to a healthy environment"],
            Category::Other => ["Boshqa masalalar", "Бошқа масалалар", "Иные вопросы", "Other"],
        }
    }

    pub(super) fn status(code: Status) -> Labels {
        match code {
            Status::Registered => ["Roʻyxatga olingan", "Рўйхатга олинган", "Зарегистрировано", "Registered"],
            Status::UnderConsideration => ["Koʻrib chiqilmoqda", "Кўриб чиқилмоқда",
                "На рассмотрении", "Under consideration"],
            Status::Closed => ["Koʻrib chiqish yakunlangan", "Кўриб чиқиш якунланган",
                "Рассмотрение завершено", "Closed"],
        }
    }

    /// The wording of the notifier's decision notices, in sentence case.
    pub(super) fn outcome(code: Outcome) -> Labels {
        match code {
            Outcome::Satisfied => ["Qanoatlantirildi", "Қаноатлантирилди", "Удовлетворено", "Satisfied"],
            Outcome::PartiallySatisfied => ["Qisman qanoatlantirildi", "Қисман қаноатлантирилди",
                "Удовлетворено частично", "Partially satisfied"],
            Outcome::Explained => ["Tushuntirish berildi", "Тушунтириш берилди",
                "Даны разъяснения", "Explanation given"],
            Outcome::Rejected => ["Rad etildi", "Рад этилди", "Отказано в удовлетворении", "Rejected"],
            Outcome::Forwarded => ["Vakolatli organga yuborildi", "Ваколатли органга юборилди",
                "Направлено по компетенции", "Forwarded to the competent body"],
            Outcome::Withdrawn => ["Murojaatchi tomonidan qaytarib olindi", "Мурожаатчи томонидан қайтариб олинди",
                "Отозвано заявителем", "Withdrawn by the applicant"],
            Outcome::LeftWithoutConsideration => ["Koʻrib chiqilmasdan qoldirildi", "Кўриб чиқилмасдан қолдирилди",
                "Оставлено без рассмотрения", "Left without consideration"],
        }
    }

    pub(super) fn region(code: Region) -> Labels {
        match code {
            Region::Karakalpakstan => ["Qoraqalpogʻiston Respublikasi", "Қорақалпоғистон Республикаси",
                "Республика Каракалпакстан", "Republic of Karakalpakstan"],
            Region::Andijan => ["Andijon viloyati", "Андижон вилояти", "Андижанская область", "Andijan region"],
            Region::Bukhara => ["Buxoro viloyati", "Бухоро вилояти", "Бухарская область", "Bukhara region"],
            Region::Fergana => ["Fargʻona viloyati", "Фарғона вилояти", "Ферганская область", "Fergana region"],
            Region::Jizzakh => ["Jizzax viloyati", "Жиззах вилояти", "Джизакская область", "Jizzakh region"],
            Region::Kashkadarya => ["Qashqadaryo viloyati", "Қашқадарё вилояти",
                "Кашкадарьинская область", "Kashkadarya region"],
            Region::Khorezm => ["Xorazm viloyati", "Хоразм вилояти", "Хорезмская область", "Khorezm region"],
            Region::Namangan => ["Namangan viloyati", "Наманган вилояти", "Наманганская область", "Namangan region"],
            Region::Navoi => ["Navoiy viloyati", "Навоий вилояти", "Навоийская область", "Navoi region"],
            Region::Samarkand => ["Samarqand viloyati", "Самарқанд вилояти",
                "Самаркандская область", "Samarkand region"],
            Region::Surkhandarya => ["Surxondaryo viloyati", "Сурхондарё вилояти",
                "Сурхандарьинская область", "Surkhandarya region"],
            Region::Syrdarya => ["Sirdaryo viloyati", "Сирдарё вилояти", "Сырдарьинская область", "Syrdarya region"],
            Region::TashkentRegion => ["Toshkent viloyati", "Тошкент вилояти",
                "Ташкентская область", "Tashkent region"],
            Region::TashkentCity => ["Toshkent shahri", "Тошкент шаҳри", "Город Ташкент", "Tashkent city"],
            Region::Abroad => ["Xorijda", "Хорижда", "За рубежом", "Abroad"],
        }
    }

    pub(super) fn facility_kind(code: FacilityKind) -> Labels {
        match code {
            FacilityKind::SpecialReceptionCentre => ["Maxsus qabulxona", "Махсус қабулхона",
                "Специальный приёмник", "Special reception centre"],
            FacilityKind::TemporaryDetentionFacility => ["Vaqtincha saqlash hibsxonasi", "Вақтинча сақлаш ҳибсхонаси",
                "Изолятор временного содержания", "Temporary detention facility"],
            FacilityKind::PreTrialDetentionCentre => ["Tergov hibsxonasi", "Тергов ҳибсхонаси",
                "Следственный изолятор", "Pre-trial detention centre"],
            FacilityKind::MilitaryUnit => ["Harbiy qism", "Ҳарбий қисм", "Воинская часть", "Military unit"],
            FacilityKind::PenalInstitution => ["Jazoni ijro etish muassasasi", "Жазони ижро этиш муассасаси",
                "Учреждение по исполнению наказаний", "Penal institution"],
            FacilityKind::CompulsoryTreatmentFacility => ["Majburiy davolash muassasasi", "Мажбурий даволаш муассасаси",
                "Учреждение принудительного лечения", "Compulsory treatment facility"],
            FacilityKind::Other => ["Boshqa muassasa", "Бошқа муассаса", "Иное учреждение", "Other facility"],
        }
    }

    /// The notifier's terms, in the nominative and sentence case.
    pub(super) fn measure_kind(code: MeasureKind) -> Labels {
        match code {
            MeasureKind::Submission => ["Taqdimnoma", "Тақдимнома", "Представление", "Submission"],
            MeasureKind::Demand => ["Talabnoma", "Талабнома", "Требование", "Demand"],
            MeasureKind::Lawsuit => ["Daʼvo arizasi", "Даъво аризаси", "Исковое заявление", "Lawsuit"],
            MeasureKind::Conclusion => ["Xulosa", "Хулоса", "Заключение", "Conclusion"],
            MeasureKind::Recommendation => ["Tavsiya", "Тавсия", "Рекомендация", "Recommendation"],
            MeasureKind::Other => ["Boshqa taʼsir chorasi", "Бошқа таъсир чораси",
                "Иная мера реагирования", "Other measure"],
        }
    }

    pub(super) fn measure_status(code: MeasureStatus) -> Labels {
        match code {
            MeasureStatus::Issued => ["Yuborilgan", "Юборилган", "Направлено", "Issued"],
            MeasureStatus::ResponseReceived => ["Javob olingan", "Жавоб олинган", "Получен ответ", "Response received"],
            MeasureStatus::Implemented => ["Bajarilgan", "Бажарилган", "Исполнено", "Implemented"],
            MeasureStatus::PartiallyImplemented => ["Qisman bajarilgan", "Қисман бажарилган",
                "Исполнено частично", "Partially implemented"],
            MeasureStatus::Rejected => ["Rad etilgan", "Рад этилган", "Отклонено", "Rejected"],
            MeasureStatus::InCourt => ["Sudda koʻrib chiqilmoqda", "Судда кўриб чиқилмоқда",
                "На рассмотрении в суде", "In court"],
            MeasureStatus::Won => ["Daʼvo qanoatlantirilgan", "Даъво қаноатлантирилган", "Иск удовлетворён", "Claim granted"],
            MeasureStatus::Lost => ["Daʼvo rad etilgan", "Даъво рад этилган", "В иске отказано", "Claim dismissed"],
        }
    }

    pub(super) fn compensation_kind(code: CompensationKind) -> Labels {
        match code {
            CompensationKind::WageArrears => ["Ish haqi boʻyicha qarzdorlik", "Иш ҳақи бўйича қарздорлик",
                "Задолженность по заработной плате", "Wage arrears"],
            CompensationKind::Pension => ["Pensiya", "Пенсия", "Пенсия", "Pension"],
            CompensationKind::Benefit => ["Nafaqa", "Нафақа", "Пособие", "Benefit"],
            CompensationKind::Damages => ["Zararni qoplash", "Зарарни қоплаш", "Возмещение ущерба", "Damages"],
            CompensationKind::Refund => ["Pul mablagʻlarini qaytarish", "Пул маблағларини қайтариш",
                "Возврат денежных средств", "Refund"],
            CompensationKind::Other => ["Boshqa toʻlovlar", "Бошқа тўловлар", "Иные выплаты", "Other"],
        }
    }

    pub(super) fn visit_type(code: VisitType) -> Labels {
        match code {
            VisitType::Planned => ["Rejali tashrif", "Режали ташриф", "Плановый визит", "Planned visit"],
            VisitType::Unannounced => ["Oldindan ogohlantirilmagan tashrif", "Олдиндан огоҳлантирилмаган ташриф",
                "Необъявленный визит", "Unannounced visit"],
            VisitType::FollowUp => ["Takroriy (nazorat) tashrifi", "Такрорий (назорат) ташрифи",
                "Повторный (контрольный) визит", "Follow-up visit"],
            VisitType::Reactive => ["Murojaat boʻyicha tashrif", "Мурожаат бўйича ташриф",
                "Визит по обращению", "Reactive visit (on a complaint)"],
        }
    }

    pub(super) fn recommendation_status(code: RecommendationStatus) -> Labels {
        match code {
            RecommendationStatus::Open => ["Ijro jarayonida", "Ижро жараёнида", "На исполнении", "Open"],
            RecommendationStatus::Implemented => ["Bajarilgan", "Бажарилган", "Выполнена", "Implemented"],
            RecommendationStatus::PartiallyImplemented => ["Qisman bajarilgan", "Қисман бажарилган",
                "Выполнена частично", "Partially implemented"],
            RecommendationStatus::NotImplemented => ["Bajarilmagan", "Бажарилмаган", "Не выполнена", "Not implemented"],
        }
    }

    pub(super) fn conducted_by(code: ConductedBy) -> Labels {
        match code {
            ConductedBy::OfficeStaff => ["Vakil idorasi xodimlari", "Вакил идораси ходимлари",
                "Сотрудники аппарата Омбудсмана", "Office staff"],
            ConductedBy::PublicGroup => ["Jamoatchilik guruhlari", "Жамоатчилик гуруҳлари",
                "Общественные группы", "Public Groups"],
            ConductedBy::Joint => ["Xodimlar va jamoatchilik guruhlari birgalikda",
                "Ходимлар ва жамоатчилик гуруҳлари биргаликда",
                "Сотрудники и общественные группы совместно", "Staff and Public Groups jointly"],
        }
    }
}

#[cfg(test)]
mod tests;
