//! The texts of the seed profile in the office's four languages: what applicants write, what the
//! office asks state bodies for, what monitors find and recommend, and the names of people.

use ombudsman_domain::appeal::{Category, Vulnerability};
use ombudsman_domain::impact::CompensationKind;
use ombudsman_domain::language::Language;
use ombudsman_domain::office::Region;

/// What an appeal is about, which decides who sends it and through which channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Social, economic and civil matters of people at liberty.
    General,
    /// Detainees and prisoners (complaint boxes, monitoring visits).
    Detention,
    /// Migrant workers abroad.
    Migrant,
    /// Conscripts and servicemembers.
    Military,
}

/// One kind of appeal, written in one language.
#[derive(Debug)]
pub struct AppealText {
    /// The language it is written in.
    pub language: Language,
    /// What it is about.
    pub topic: Topic,
    /// Subject.
    pub subject: &'static str,
    /// Description (the region or country is put in front of it).
    pub description: &'static str,
    /// Rights categories.
    pub categories: &'static [Category],
    /// The state body complained about.
    pub body: &'static str,
    /// What the office asks the body for in an impact measure.
    pub remedy: &'static str,
    /// The money such a case recovers, and who pays it.
    pub money: Option<(CompensationKind, &'static str)>,
    /// The marker of the applicant who writes it.
    pub vulnerability: Option<Vulnerability>,
}

use Category as C;
use CompensationKind as K;
use Language::{En, Ru, UzCyrl, UzLatn};
use Topic::{Detention, General, Migrant, Military};

macro_rules! text {
    ($lang:expr, $topic:expr, $subject:literal, $description:literal, [$($cat:expr),+], $body:literal,
     $remedy:literal, $money:expr, $vuln:expr) => {
        AppealText {
            language: $lang,
            topic: $topic,
            subject: $subject,
            description: $description,
            categories: &[$($cat),+],
            body: $body,
            remedy: $remedy,
            money: $money,
            vulnerability: $vuln,
        }
    };
}

const DET: Option<Vulnerability> = Some(Vulnerability::Detainee);
const MIG: Option<Vulnerability> = Some(Vulnerability::MigrantWorker);
const DIS: Option<Vulnerability> = Some(Vulnerability::Disability);

/// Every appeal text; each topic exists in each language.
pub const APPEALS: &[AppealText] = &[
    // Uzbek, Latin script.
    text!(UzLatn, General, "Pensiya to'lanmayapti",
        "Uch oydan beri pensiya to'lanmayapti, pensiya jamg'armasining tuman bo'limi murojaatlarimga javob bermayapti.",
        [C::SocialSecurity], "Pensiya jamg'armasi", "Pensiya to'lovlarini tiklash va qarzdorlikni to'lash",
        Some((K::Pension, "Pensiya jamg'armasi")), None),
    text!(UzLatn, General, "Ish haqi to'lanmagan",
        "Korxona ikki oylik ish haqini to'lamayapti, rahbariyat ishdan bo'shatish bilan qo'rqitmoqda.",
        [C::Labour], "Davlat mehnat inspeksiyasi", "Ish haqi bo'yicha qarzdorlikni undirish",
        Some((K::WageArrears, "\"Qurilish-Servis\" MChJ")), None),
    text!(UzLatn, General, "Uyimiz noqonuniy buzilmoqda",
        "Hokim qarori bilan uyimiz buzilmoqda, kompensatsiya va muqobil uy-joy berilmagan.",
        [C::Housing, C::Property], "Tuman hokimligi", "Buzish ishlarini to'xtatish va kompensatsiya to'lash",
        Some((K::Damages, "Tuman hokimligi")), None),
    text!(UzLatn, General, "Nogironlik nafaqasi tayinlanmayapti",
        "Tibbiy-mehnat ekspert komissiyasi xulosasiga qaramay, nogironlik nafaqasi tayinlanmayapti.",
        [C::DisabilityRights, C::SocialSecurity], "Ijtimoiy himoya milliy agentligi", "Nogironlik nafaqasini tayinlash",
        Some((K::Benefit, "Ijtimoiy himoya milliy agentligi")), DIS),
    text!(UzLatn, General, "Farzandimni maktabga qabul qilishmayapti",
        "Tuman maktabi nogironligi bor qizimni o'qishga qabul qilishdan bosh tortmoqda.",
        [C::ChildrensRights, C::DisabilityRights], "Maktabgacha va maktab ta'limi vazirligi",
        "Bolani inklyuziv ta'limga qabul qilish", None, None),
    text!(UzLatn, General, "Sud qarori ijro etilmayapti",
        "Foydamga chiqarilgan sud qarori bir yildan beri ijro etilmayapti, ijrochi javob bermayapti.",
        [C::FairTrial, C::Property], "Majburiy ijro byurosi", "Sud qarorini ijro etish",
        Some((K::Other, "Majburiy ijro byurosi")), None),
    text!(UzLatn, General, "Shifoxonada tibbiy yordam ko'rsatilmadi",
        "Tuman tibbiyot birlashmasida onamga bepul tibbiy yordam ko'rsatishdan bosh tortishdi, dori pulini o'zimiz to'ladik.",
        [C::Health], "Sog'liqni saqlash vazirligi", "Bepul tibbiy yordamni ta'minlash va to'langan mablag'ni qaytarish",
        Some((K::Refund, "Tuman tibbiyot birlashmasi")), None),
    text!(UzLatn, General, "Yer uchastkasi olib qo'yildi",
        "Fermer xo'jaligimizning yer uchastkasi sud qarorisiz olib qo'yildi.",
        [C::Property], "Kadastr agentligi", "Yer uchastkasiga bo'lgan huquqni tiklash",
        Some((K::Damages, "Tuman hokimligi")), None),
    text!(UzLatn, General, "Zavod havoni ifloslantirmoqda",
        "Mahallamiz yonidagi sement zavodi kechasi havoga chang chiqaradi, bolalar kasal bo'lmoqda.",
        [C::Environment, C::Health], "Ekologiya vazirligi", "Zavod faoliyatini tekshirish va ifloslanishni to'xtatish",
        None, None),
    text!(UzLatn, General, "Blogerga bosim o'tkazilmoqda",
        "Ijtimoiy tarmoqdagi tanqidiy postim uchun hokimlik xodimlari menga tahdid qilishmoqda.",
        [C::FreedomOfExpression], "Tuman hokimligi", "So'z erkinligiga to'sqinlik holatini tekshirish", None, None),
    text!(UzLatn, General, "Diniy kiyim sababli ishga olinmadi",
        "Ro'mol o'raganim uchun davlat muassasasi meni ishga olishdan bosh tortdi.",
        [C::Religion, C::Labour], "Din ishlari bo'yicha qo'mita", "Kamsitish holatini bartaraf etish", None, None),
    text!(UzLatn, General, "Elektr energiyasi uzib qo'yildi",
        "Qarzimiz bo'lmasa ham uyimizga elektr energiyasi bir oydan beri uzib qo'yilgan, ortiqcha to'lov undirilgan.",
        [C::Other], "Hududiy elektr tarmoqlari korxonasi", "Elektr ta'minotini tiklash va ortiqcha to'lovni qaytarish",
        Some((K::Refund, "Hududiy elektr tarmoqlari korxonasi")), None),
    text!(UzLatn, Detention, "Qamoqxonada qiynoq",
        "Akam jazoni ijro etish koloniyasida kaltaklangan, tibbiy yordam ko'rsatilmagan.",
        [C::ProhibitionOfTorture, C::PrisonersRights], "Jazoni ijro etish departamenti",
        "Qiynoq holatini tekshirish va aybdorlarni javobgarlikka tortish", None, DET),
    text!(UzLatn, Detention, "Tergov hibsxonasida sharoit yomon",
        "Tergov hibsxonasida kameralar gavjum, ichimlik suvi va yetarli ovqat yo'q.",
        [C::PrisonersRights, C::Health], "Ichki ishlar vazirligi", "Saqlash sharoitlarini yaxshilash", None, DET),
    text!(UzLatn, Detention, "Advokat bilan uchrashishga ruxsat berilmadi",
        "O'g'lim ikki kun davomida advokatsiz ushlab turildi, qarindoshlariga xabar berilmadi.",
        [C::LibertyAndSecurity, C::FairTrial], "Bosh prokuratura", "Ushlab turish qonuniyligini tekshirish", None, DET),
    text!(UzLatn, Migrant, "Rossiyada ish haqi to'lanmadi",
        "Moskvadagi ish beruvchi uch oylik ish haqini to'lamay, pasportimni olib qo'ydi.",
        [C::MigrantsRights, C::Labour], "Tashqi mehnat migratsiyasi agentligi", "Ish haqini undirish va hujjatlarni qaytarish",
        Some((K::WageArrears, "OOO \"StroyMontaj\"")), MIG),
    text!(UzLatn, Migrant, "Chet elda hibsga olindi",
        "Ukam chet elda hibsga olingan, konsullik yordami ko'rsatilmayapti.",
        [C::MigrantsRights, C::LibertyAndSecurity], "Tashqi ishlar vazirligi", "Konsullik yordamini ta'minlash", None, MIG),
    text!(UzLatn, Military, "Harbiy qismda kaltaklash",
        "O'g'lim muddatli harbiy xizmatda kaltaklangan va kamsitilgan, komandirlar choralar ko'rmayapti.",
        [C::ProhibitionOfTorture, C::LibertyAndSecurity], "Mudofaa vazirligi", "Harbiy qismdagi holatni tekshirish",
        None, None),
    // Uzbek, Cyrillic script.
    text!(UzCyrl, General, "Пенсия тўланмаяпти",
        "Пенсия жамғармаси уч ойдан бери пенсия тўламаяпти, туман бўлими жавоб бермаяпти.",
        [C::SocialSecurity], "Пенсия жамғармаси", "Пенсия тўловларини тиклаш ва қарздорликни тўлаш",
        Some((K::Pension, "Пенсия жамғармаси")), None),
    text!(UzCyrl, General, "Иш ҳақи тўланмаган",
        "Корхона икки ойлик иш ҳақини тўламаяпти, раҳбарият ишдан бўшатиш билан қўрқитмоқда.",
        [C::Labour], "Давлат меҳнат инспекцияси", "Иш ҳақи бўйича қарздорликни ундириш",
        Some((K::WageArrears, "\"Бунёдкор\" МЧЖ")), None),
    text!(UzCyrl, General, "Уй-жойдан ноқонуний кўчириш",
        "Ҳоким қарори билан уйимиз бузилмоқда, компенсация берилмаган.",
        [C::Housing, C::Property], "Туман ҳокимлиги", "Бузиш ишларини тўхтатиш ва компенсация тўлаш",
        Some((K::Damages, "Туман ҳокимлиги")), None),
    text!(UzCyrl, General, "Ногиронлик нафақаси",
        "Ногиронлик нафақаси тайинланмаяпти, ҳужжатлар уч марта топширилган.",
        [C::DisabilityRights, C::SocialSecurity], "Ижтимоий ҳимоя миллий агентлиги", "Ногиронлик нафақасини тайинлаш",
        Some((K::Benefit, "Ижтимоий ҳимоя миллий агентлиги")), DIS),
    text!(UzCyrl, General, "Болани боғчага қабул қилишмаяпти",
        "Давлат боғчаси ногиронлиги бор ўғлимни қабул қилишдан бош тортмоқда.",
        [C::ChildrensRights, C::DisabilityRights], "Мактабгача ва мактаб таълими вазирлиги",
        "Болани инклюзив таълимга қабул қилиш", None, None),
    text!(UzCyrl, General, "Суд қарори ижро этилмаяпти",
        "Фойдамга чиқарилган суд қарори бир йилдан бери ижро этилмаяпти.",
        [C::FairTrial, C::Property], "Мажбурий ижро бюроси", "Суд қарорини ижро этиш",
        Some((K::Other, "Мажбурий ижро бюроси")), None),
    text!(UzCyrl, General, "Тиббий ёрдам кўрсатилмади",
        "Шифохонада отамга бепул тиббий ёрдам кўрсатишдан бош тортишди, дори пулини ўзимиз тўладик.",
        [C::Health], "Соғлиқни сақлаш вазирлиги", "Бепул тиббий ёрдамни таъминлаш ва тўланган маблағни қайтариш",
        Some((K::Refund, "Туман тиббиёт бирлашмаси")), None),
    text!(UzCyrl, General, "Ер участкаси олиб қўйилди",
        "Деҳқон хўжалигимизнинг ер участкаси суд қарорисиз олиб қўйилди.",
        [C::Property], "Кадастр агентлиги", "Ер участкасига бўлган ҳуқуқни тиклаш",
        Some((K::Damages, "Туман ҳокимлиги")), None),
    text!(UzCyrl, General, "Завод ҳавони ифлослантирмоқда",
        "Маҳалламиз ёнидаги цемент заводи кечаси ҳавога чанг чиқаради, болалар касал бўлмоқда.",
        [C::Environment, C::Health], "Экология вазирлиги", "Завод фаолиятини текшириш ва ифлосланишни тўхтатиш",
        None, None),
    text!(UzCyrl, General, "Блогерга босим",
        "Ижтимоий тармоқдаги танқидий постим учун ҳокимлик ходимлари менга таҳдид қилмоқда.",
        [C::FreedomOfExpression], "Туман ҳокимлиги", "Сўз эркинлигига тўсқинлик ҳолатини текшириш", None, None),
    text!(UzCyrl, General, "Диний кийим сабабли ишга олинмади",
        "Рўмол ўраганим учун давлат муассасаси мени ишга олишдан бош тортди.",
        [C::Religion, C::Labour], "Дин ишлари бўйича қўмита", "Камситиш ҳолатини бартараф этиш", None, None),
    text!(UzCyrl, General, "Электр энергияси узиб қўйилди",
        "Қарзимиз бўлмаса ҳам уйимизга электр энергияси бир ойдан бери узиб қўйилган, ортиқча тўлов ундирилган.",
        [C::Other], "Ҳудудий электр тармоқлари корхонаси", "Электр таъминотини тиклаш ва ортиқча тўловни қайтариш",
        Some((K::Refund, "Ҳудудий электр тармоқлари корхонаси")), None),
    text!(UzCyrl, Detention, "Колонияда қийноқ",
        "Укам жазони ижро этиш колониясида калтакланган, тиббий ёрдам кўрсатилмаган.",
        [C::ProhibitionOfTorture, C::PrisonersRights], "Жазони ижро этиш департаменти",
        "Қийноқ ҳолатини текшириш ва айбдорларни жавобгарликка тортиш", None, DET),
    text!(UzCyrl, Detention, "Тергов ҳибсхонасидаги шароит",
        "Тергов ҳибсхонасида камералар гавжум, ичимлик суви етарли эмас.",
        [C::PrisonersRights, C::Health], "Ички ишлар вазирлиги", "Сақлаш шароитларини яхшилаш", None, DET),
    text!(UzCyrl, Detention, "Адвокатсиз ушлаб турилди",
        "Ўғлим икки кун давомида адвокатсиз ушлаб турилди, қариндошларига хабар берилмади.",
        [C::LibertyAndSecurity, C::FairTrial], "Бош прокуратура", "Ушлаб туриш қонунийлигини текшириш", None, DET),
    text!(UzCyrl, Migrant, "Россияда иш ҳақи тўланмади",
        "Москвадаги иш берувчи уч ойлик иш ҳақини тўламай, паспортимни олиб қўйди.",
        [C::MigrantsRights, C::Labour], "Ташқи меҳнат миграцияси агентлиги", "Иш ҳақини ундириш ва ҳужжатларни қайтариш",
        Some((K::WageArrears, "ООО «СтройМонтаж»")), MIG),
    text!(UzCyrl, Migrant, "Чет элда ҳибсга олинди",
        "Акам чет элда ҳибсга олинган, консуллик ёрдами кўрсатилмаяпти.",
        [C::MigrantsRights, C::LibertyAndSecurity], "Ташқи ишлар вазирлиги", "Консуллик ёрдамини таъминлаш", None, MIG),
    text!(UzCyrl, Military, "Ҳарбий қисмда калтаклаш",
        "Ўғлим муддатли ҳарбий хизматда калтакланган, командирлар чора кўрмаяпти.",
        [C::ProhibitionOfTorture, C::LibertyAndSecurity], "Мудофаа вазирлиги", "Ҳарбий қисмдаги ҳолатни текшириш",
        None, None),
    // Russian.
    text!(Ru, General, "Задержка выплаты пенсии",
        "Пенсионный фонд три месяца не выплачивает пенсию, районное отделение не отвечает на обращения.",
        [C::SocialSecurity], "Пенсионный фонд", "Восстановить выплату пенсии и погасить задолженность",
        Some((K::Pension, "Пенсионный фонд")), None),
    text!(Ru, General, "Невыплата заработной платы",
        "Предприятие два месяца не выплачивает зарплату, руководство угрожает увольнением.",
        [C::Labour], "Государственная инспекция труда", "Взыскать задолженность по заработной плате",
        Some((K::WageArrears, "ООО «Восток Трейд»")), None),
    text!(Ru, General, "Снос жилья без компенсации",
        "По решению хокима сносят наш дом, компенсация и другое жильё не предоставлены.",
        [C::Housing, C::Property], "Хокимият района", "Приостановить снос и выплатить компенсацию",
        Some((K::Damages, "Хокимият района")), None),
    text!(Ru, General, "Не назначают пособие по инвалидности",
        "Несмотря на заключение врачебно-трудовой экспертной комиссии, пособие по инвалидности не назначают.",
        [C::DisabilityRights, C::SocialSecurity], "Национальное агентство социальной защиты",
        "Назначить пособие по инвалидности", Some((K::Benefit, "Национальное агентство социальной защиты")), DIS),
    text!(Ru, General, "Ребёнка не принимают в школу",
        "Районная школа отказывается принять мою дочь с инвалидностью.",
        [C::ChildrensRights, C::DisabilityRights], "Министерство дошкольного и школьного образования",
        "Обеспечить инклюзивное обучение ребёнка", None, None),
    text!(Ru, General, "Не исполняется решение суда",
        "Решение суда в мою пользу больше года не исполняется, исполнитель не отвечает.",
        [C::FairTrial, C::Property], "Бюро принудительного исполнения", "Исполнить решение суда",
        Some((K::Other, "Бюро принудительного исполнения")), None),
    text!(Ru, General, "Отказ в бесплатной медицинской помощи",
        "В районном медицинском объединении матери отказали в бесплатной помощи, лекарства пришлось покупать самим.",
        [C::Health], "Министерство здравоохранения", "Обеспечить бесплатную помощь и вернуть уплаченные средства",
        Some((K::Refund, "Районное медицинское объединение")), None),
    text!(Ru, General, "Изъятие земельного участка",
        "Земельный участок фермерского хозяйства изъят без решения суда.",
        [C::Property], "Кадастровое агентство", "Восстановить право на земельный участок",
        Some((K::Damages, "Хокимият района")), None),
    text!(Ru, General, "Загрязнение воздуха заводом",
        "Цементный завод рядом с махаллей по ночам выбрасывает пыль, дети болеют.",
        [C::Environment, C::Health], "Министерство экологии", "Проверить завод и прекратить загрязнение", None, None),
    text!(Ru, General, "Давление на блогера",
        "Сотрудники хокимията угрожают мне за критический пост в социальной сети.",
        [C::FreedomOfExpression], "Хокимият района", "Проверить факты воспрепятствования свободе слова", None, None),
    text!(Ru, General, "Отказ в приёме на работу из-за религиозной одежды",
        "Государственное учреждение отказалось принять меня на работу из-за платка.",
        [C::Religion, C::Labour], "Комитет по делам религий", "Устранить дискриминацию", None, None),
    text!(Ru, General, "Отключение электроэнергии",
        "Электроэнергию отключили месяц назад, хотя задолженности нет, и взыскали лишнюю оплату.",
        [C::Other], "Территориальное предприятие электрических сетей",
        "Восстановить электроснабжение и вернуть переплату",
        Some((K::Refund, "Территориальное предприятие электрических сетей")), None),
    text!(Ru, Detention, "Пытки в колонии",
        "Брата избили в исправительной колонии, медицинская помощь не оказана.",
        [C::ProhibitionOfTorture, C::PrisonersRights], "Департамент исполнения наказаний",
        "Провести проверку и привлечь виновных к ответственности", None, DET),
    text!(Ru, Detention, "Условия содержания в СИЗО",
        "В следственном изоляторе переполнены камеры, нет медицинской помощи.",
        [C::PrisonersRights, C::Health], "Министерство внутренних дел", "Улучшить условия содержания", None, DET),
    text!(Ru, Detention, "Задержание без адвоката",
        "Сына двое суток держали без адвоката, родственникам не сообщили.",
        [C::LibertyAndSecurity, C::FairTrial], "Генеральная прокуратура", "Проверить законность задержания", None, DET),
    text!(Ru, Migrant, "Невыплата зарплаты мигранту",
        "Работодатель в Москве не выплачивает заработную плату и удерживает паспорт.",
        [C::MigrantsRights, C::Labour], "Агентство внешней трудовой миграции",
        "Взыскать заработную плату и вернуть документы", Some((K::WageArrears, "ООО «СтройМонтаж»")), MIG),
    text!(Ru, Migrant, "Задержание за рубежом",
        "Брата задержали за рубежом, консульская помощь не оказывается.",
        [C::MigrantsRights, C::LibertyAndSecurity], "Министерство иностранных дел", "Обеспечить консульскую помощь",
        None, MIG),
    text!(Ru, Military, "Неуставные отношения в воинской части",
        "Сына избили во время срочной службы, командование не принимает мер.",
        [C::ProhibitionOfTorture, C::LibertyAndSecurity], "Министерство обороны", "Проверить обстановку в воинской части",
        None, None),
    // English.
    text!(En, General, "Pension not paid",
        "My pension has not been paid for three months and the district branch of the Pension Fund does not answer.",
        [C::SocialSecurity], "Pension Fund", "Restore pension payments and pay the arrears",
        Some((K::Pension, "Pension Fund")), None),
    text!(En, General, "Unfair dismissal",
        "I was dismissed without notice after reporting safety violations, and my last salary was withheld.",
        [C::Labour], "State Labour Inspectorate", "Reinstate the employee and pay the withheld salary",
        Some((K::WageArrears, "Textile Invest LLC")), None),
    text!(En, General, "House demolished without compensation",
        "Our house is being demolished by a decision of the khokim, with no compensation or other housing offered.",
        [C::Housing, C::Property], "District khokimiyat", "Stop the demolition and pay compensation",
        Some((K::Damages, "District khokimiyat")), None),
    text!(En, General, "Disability benefit refused",
        "The disability benefit is refused although the medical commission confirmed my disability.",
        [C::DisabilityRights, C::SocialSecurity], "National Agency for Social Protection", "Grant the disability benefit",
        Some((K::Benefit, "National Agency for Social Protection")), DIS),
    text!(En, General, "School refuses a child with a disability",
        "The district school refuses to enrol my daughter because of her disability.",
        [C::ChildrensRights, C::DisabilityRights], "Ministry of Preschool and School Education",
        "Enrol the child in inclusive education", None, None),
    text!(En, General, "Court judgment not enforced",
        "A judgment in my favour has not been enforced for over a year.",
        [C::FairTrial, C::Property], "Bureau of Compulsory Enforcement", "Enforce the judgment",
        Some((K::Other, "Bureau of Compulsory Enforcement")), None),
    text!(En, General, "Free medical care refused",
        "The district hospital refused my mother free treatment and we had to buy the medicines ourselves.",
        [C::Health], "Ministry of Health", "Provide free treatment and refund the money paid",
        Some((K::Refund, "District medical association")), None),
    text!(En, General, "Land plot seized",
        "The land plot of our farm was taken away without a court decision.",
        [C::Property], "Cadastre Agency", "Restore the right to the land plot",
        Some((K::Damages, "District khokimiyat")), None),
    text!(En, General, "Air pollution from a factory",
        "The cement factory next to our mahalla releases dust at night and children are falling ill.",
        [C::Environment, C::Health], "Ministry of Ecology", "Inspect the factory and stop the pollution", None, None),
    text!(En, General, "Pressure on a blogger",
        "Officials of the khokimiyat threaten me over a critical post on social media.",
        [C::FreedomOfExpression], "District khokimiyat", "Look into the interference with freedom of expression",
        None, None),
    text!(En, General, "Refused a job over religious dress",
        "A state institution refused to hire me because I wear a headscarf.",
        [C::Religion, C::Labour], "Committee on Religious Affairs", "End the discrimination", None, None),
    text!(En, General, "Electricity cut off",
        "Our electricity has been cut off for a month although we owe nothing, and we were overcharged.",
        [C::Other], "Regional electricity network company", "Restore the supply and refund the overcharge",
        Some((K::Refund, "Regional electricity network company")), None),
    text!(En, Detention, "Ill-treatment in a penal colony",
        "My brother was beaten in a penal colony and received no medical care.",
        [C::ProhibitionOfTorture, C::PrisonersRights], "Department for the Execution of Punishments",
        "Investigate the ill-treatment and bring those responsible to account", None, DET),
    text!(En, Detention, "Overcrowded cells in pre-trial detention",
        "The cells of the pre-trial detention centre are overcrowded and there is no doctor.",
        [C::PrisonersRights, C::Health], "Ministry of Internal Affairs", "Improve the conditions of detention", None, DET),
    text!(En, Detention, "Access to a lawyer refused",
        "My son was held for two days without access to a lawyer and his family was not told.",
        [C::LibertyAndSecurity, C::FairTrial], "Prosecutor General's Office", "Check the lawfulness of the detention",
        None, DET),
    text!(En, Migrant, "Wages withheld abroad",
        "My employer abroad has not paid me for three months and keeps my passport.",
        [C::MigrantsRights, C::Labour], "Agency for External Labour Migration",
        "Recover the wages and return the documents", Some((K::WageArrears, "StroyMontazh LLC")), MIG),
    text!(En, Migrant, "Detained abroad without consular help",
        "My brother was detained abroad and gets no consular assistance.",
        [C::MigrantsRights, C::LibertyAndSecurity], "Ministry of Foreign Affairs", "Provide consular assistance",
        None, MIG),
    text!(En, Military, "Hazing in a military unit",
        "My son was beaten during his military service and the commanders do nothing.",
        [C::ProhibitionOfTorture, C::LibertyAndSecurity], "Ministry of Defence", "Inspect the situation in the military unit",
        None, None),
];

/// The name of a region in a language.
pub fn region_name(region: Region, language: Language) -> &'static str {
    let i = Region::ALL.iter().position(|r| *r == region).unwrap_or(0).min(13);
    REGION_NAMES[i][lang_index(language)]
}

/// Index of a language in the per-language tables: uz-Latn, uz-Cyrl, ru, en.
pub fn lang_index(language: Language) -> usize {
    match language {
        UzLatn => 0,
        UzCyrl => 1,
        Ru => 2,
        En => 3,
    }
}

const REGION_NAMES: [[&str; 4]; 14] = [
    [
        "Qoraqalpog'iston Respublikasi",
        "Қорақалпоғистон Республикаси",
        "Республика Каракалпакстан",
        "Republic of Karakalpakstan",
    ],
    [
        "Andijon viloyati",
        "Андижон вилояти",
        "Андижанская область",
        "Andijan region",
    ],
    [
        "Buxoro viloyati",
        "Бухоро вилояти",
        "Бухарская область",
        "Bukhara region",
    ],
    [
        "Farg'ona viloyati",
        "Фарғона вилояти",
        "Ферганская область",
        "Fergana region",
    ],
    [
        "Jizzax viloyati",
        "Жиззах вилояти",
        "Джизакская область",
        "Jizzakh region",
    ],
    [
        "Qashqadaryo viloyati",
        "Қашқадарё вилояти",
        "Кашкадарьинская область",
        "Kashkadarya region",
    ],
    [
        "Xorazm viloyati",
        "Хоразм вилояти",
        "Хорезмская область",
        "Khorezm region",
    ],
    [
        "Namangan viloyati",
        "Наманган вилояти",
        "Наманганская область",
        "Namangan region",
    ],
    [
        "Navoiy viloyati",
        "Навоий вилояти",
        "Навоийская область",
        "Navoi region",
    ],
    [
        "Samarqand viloyati",
        "Самарқанд вилояти",
        "Самаркандская область",
        "Samarkand region",
    ],
    [
        "Surxondaryo viloyati",
        "Сурхондарё вилояти",
        "Сурхандарьинская область",
        "Surkhandarya region",
    ],
    [
        "Sirdaryo viloyati",
        "Сирдарё вилояти",
        "Сырдарьинская область",
        "Syrdarya region",
    ],
    [
        "Toshkent viloyati",
        "Тошкент вилояти",
        "Ташкентская область",
        "Tashkent region",
    ],
    ["Toshkent shahri", "Тошкент шаҳри", "город Ташкент", "Tashkent city"],
];

/// Countries where migrant workers appeal from: code, weight, and name in the four languages.
pub const COUNTRIES_ABROAD: &[(&str, u32, [&str; 4])] = &[
    ("RU", 60, ["Rossiya", "Россия", "Россия", "Russia"]),
    ("KZ", 15, ["Qozog'iston", "Қозоғистон", "Казахстан", "Kazakhstan"]),
    ("TR", 8, ["Turkiya", "Туркия", "Турция", "Turkey"]),
    (
        "KR",
        7,
        [
            "Koreya Respublikasi",
            "Корея Республикаси",
            "Республика Корея",
            "Republic of Korea",
        ],
    ),
    ("AE", 4, ["BAA", "БАА", "ОАЭ", "United Arab Emirates"]),
    ("PL", 3, ["Polsha", "Польша", "Польша", "Poland"]),
    ("DE", 3, ["Germaniya", "Германия", "Германия", "Germany"]),
];

/// Citizenships of foreign nationals appealing in Uzbekistan, with weights.
pub const FOREIGN_CITIZENSHIPS: &[(&str, u32)] = &[
    ("KZ", 20),
    ("TJ", 20),
    ("KG", 15),
    ("RU", 15),
    ("AF", 10),
    ("TM", 8),
    ("TR", 5),
    ("CN", 3),
    ("KR", 2),
    ("IN", 2),
];

/// Given names (male, female) and family names (male form) per language.
pub struct NameParts {
    /// Men's given names.
    pub male: &'static [&'static str],
    /// Women's given names.
    pub female: &'static [&'static str],
    /// Family names in the male form.
    pub family: &'static [&'static str],
    /// Whether the female family name adds `a` in the script of the names (Karimov → Karimova).
    pub inflects: bool,
}

/// Names per language: uz-Latn, uz-Cyrl, ru (en: [`ENGLISH_NAMES`]).
pub const NAMES: [NameParts; 4] = [
    NameParts {
        male: &[
            "Aziz", "Bobur", "Javlon", "Sherzod", "Timur", "Otabek", "Jasur", "Sardor", "Rustam", "Dilshod",
            "Ulug'bek", "Farrux", "Akmal", "Bekzod", "Shuhrat", "Alisher", "Sanjar", "Ravshan",
        ],
        female: &[
            "Dilnoza", "Malika", "Nodira", "Gulnora", "Feruza", "Mohira", "Zarina", "Shahnoza", "Kamola", "Nilufar",
            "Madina", "Sevara", "Dildora", "Yulduz", "Munisa", "Barno",
        ],
        family: &[
            "Karimov",
            "Rahimov",
            "Toshmatov",
            "Aliyev",
            "Yusupov",
            "Ergashev",
            "Sobirov",
            "Nasriddinov",
            "Abdullayev",
            "Xolmatov",
            "Qodirov",
            "Usmonov",
            "Mirzayev",
            "Rasulov",
            "Jo'rayev",
            "Saidov",
            "Hasanov",
            "Tursunov",
            "Norqulov",
            "Ismoilov",
        ],
        inflects: true,
    },
    NameParts {
        male: &[
            "Азиз",
            "Бобур",
            "Жавлон",
            "Шерзод",
            "Тимур",
            "Отабек",
            "Жасур",
            "Сардор",
            "Рустам",
            "Дилшод",
            "Улуғбек",
            "Фаррух",
            "Акмал",
            "Бекзод",
        ],
        female: &[
            "Дилноза",
            "Малика",
            "Нодира",
            "Гулнора",
            "Феруза",
            "Моҳира",
            "Зарина",
            "Шаҳноза",
            "Камола",
            "Нилуфар",
            "Мадина",
            "Севара",
        ],
        family: &[
            "Каримов",
            "Раҳимов",
            "Тошматов",
            "Алиев",
            "Юсупов",
            "Эргашев",
            "Собиров",
            "Насриддинов",
            "Абдуллаев",
            "Холматов",
            "Қодиров",
            "Усмонов",
            "Мирзаев",
            "Расулов",
            "Жўраев",
            "Саидов",
            "Ҳасанов",
            "Турсунов",
        ],
        inflects: true,
    },
    NameParts {
        male: &[
            "Олег",
            "Сергей",
            "Дмитрий",
            "Андрей",
            "Алексей",
            "Рустам",
            "Тимур",
            "Игорь",
            "Владимир",
            "Руслан",
            "Артур",
        ],
        female: &[
            "Ирина",
            "Ольга",
            "Наталья",
            "Елена",
            "Светлана",
            "Татьяна",
            "Марина",
            "Гульнара",
            "Лола",
            "Диана",
        ],
        family: &[
            "Петров",
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Каримов",
            "Ахмедов",
            "Юсупов",
            "Садыков",
            "Хасанов",
            "Ибрагимов",
            "Мухамедов",
            "Николаев",
        ],
        inflects: true,
    },
    NameParts {
        male: &[],
        female: &[],
        family: &[],
        inflects: false,
    },
];

/// Whole names of people who write in English (foreign nationals, and Uzbeks abroad).
pub const ENGLISH_NAMES: &[&str] = &[
    "John Miller",
    "Aisha Khan",
    "Mehmet Yilmaz",
    "Anna Schmidt",
    "Wei Zhang",
    "Park Ji-hoon",
    "Ahmad Rahimi",
    "Emily Clark",
    "Daniel Novak",
    "Farida Haidari",
    "Kamila Yusupova",
    "Timur Karimov",
    "Dilnoza Karimova",
    "Sara Johansson",
    "Omar Haddad",
    "Maria Rossi",
    "David Cohen",
    "Leyla Aliyeva",
    "Aziz Nazarov",
    "Priya Sharma",
];

/// Family names of the Korean community that do not take a female form.
pub const KOREAN_FAMILY_NAMES: &[&str] = &["Ким", "Пак", "Цой", "Ли", "Тен"];

/// Organizations that appeal, per language.
pub const ORGANIZATIONS: [&[&str]; 4] = [
    &[
        "\"Mehr-shafqat\" nodavlat notijorat tashkiloti",
        "\"Yashil vodiy\" fermer xo'jaligi",
        "\"Nur Textile\" MChJ",
        "\"Huquq va burch\" jamoat birlashmasi",
        "\"Oila\" ilmiy-amaliy markazi",
        "\"Sharq Agro\" fermer xo'jaligi",
        "\"Imkoniyat\" nogironlar jamiyati",
        "\"Ko'prik\" MChJ",
    ],
    &[
        "«Меҳр-шафқат» нодавлат нотижорат ташкилоти",
        "«Бунёдкор» МЧЖ",
        "«Саховат» хайрия жамғармаси",
        "«Зарафшон Агро» фермер хўжалиги",
        "«Ҳаёт» жамоат бирлашмаси",
    ],
    &[
        "ООО «Восток Трейд»",
        "Ассоциация предпринимателей «Ишонч»",
        "Общественное объединение «Право и закон»",
        "Фермерское хозяйство «Бахор»",
        "ООО «СтройИнвест Ташкент»",
        "Общество слепых Узбекистана, отделение",
    ],
    &[
        "Legal Aid Society of Tashkent",
        "Association of Persons with Disabilities \"Inclusion\"",
        "Silk Road Logistics LLC",
        "Green Valley Farmers Cooperative",
    ],
];

/// Members of the Public Groups under the office who take part in visits.
pub const PUBLIC_GROUP_MEMBERS: &[&str] = &[
    "Nodira Yusupova",
    "Abdulla Qosimov",
    "Gulchehra Rahmonova",
    "Bahodir Ergashev",
    "Lola Tojiyeva",
    "Shavkat Mirzayev",
    "Зульфия Ахмедова",
    "Ирина Ким",
    "Ravshan Haydarov",
    "Muxlisa Sodiqova",
    "Olim Normatov",
    "Dilfuza Karimova",
    "Алексей Пак",
    "Zuhra Xudoyberdiyeva",
    "Komil Yo'ldoshev",
    "Hulkar Nazarova",
    "Мадина Салихова",
    "Jahongir Olimov",
    "Sayyora Qurbonova",
    "Farhod Usmonov",
];

/// What monitors found, per language; `{n}` is the number of people interviewed.
pub const FINDINGS: [&[&str]; 4] = [
    &[
        "Monitoring guruhi {n} nafar shaxs bilan yakkama-yakka suhbat o'tkazdi. Kameralar gavjumligi va kelib tushganda tibbiy ko'rik jurnali yuritilmagani aniqlandi. \"A.\" tahallusli shaxs ushlab turilgan paytda kaltaklanganini ma'lum qildi.",
        "{n} nafar shaxs bilan suhbat o'tkazildi. Ovqatlanish va ichimlik suvi ta'minoti qoniqarli, biroq sayr maydonchasi talablarga javob bermaydi.",
        "Tashrif davomida {n} nafar shaxs tinglandi. Shikoyat qutisi kuzatuv kamerasi ostida joylashgan; \"B.\" tahallusli shaxs shikoyat yozishdan qo'rqishini aytdi.",
    ],
    &[
        "Мониторинг гуруҳи {n} нафар шахс билан якка тартибда суҳбат ўтказди. Камералар гавжумлиги ва тиббий кўрик журнали юритилмагани аниқланди.",
        "{n} нафар шахс тингланди. Овқатланиш қониқарли, бироқ сайр майдончаси талабларга жавоб бермайди; \"В.\" тахаллусли шахс оила билан учрашувлар чекланганини айтди.",
    ],
    &[
        "Группа мониторинга провела индивидуальные беседы (опрошено лиц: {n}). Выявлены переполненность камер и отсутствие журнала медицинских осмотров при поступлении. Лицо под псевдонимом «А.» сообщило о применении силы при задержании.",
        "Число опрошенных лиц: {n}. Питание удовлетворительное, однако прогулочный двор не соответствует нормам; лицо под псевдонимом «Г.» жалуется на отсутствие врача.",
        "В ходе посещения выслушаны лица, содержащиеся в учреждении (всего: {n}). Ящик для жалоб находится под камерой видеонаблюдения; лица боятся писать жалобы.",
    ],
    &[
        "The team held private interviews (people interviewed: {n}). Cells were overcrowded and no register of medical examinations on admission was kept. A detainee (pseudonym \"A.\") reported being beaten on arrest.",
        "People interviewed: {n}. Food and water were adequate, but the exercise yard does not meet the standards; a detainee (pseudonym \"D.\") had not seen a doctor for a month.",
    ],
];

/// Recommendations after a visit, per language.
pub const RECOMMENDATIONS: [&[&str]; 4] = [
    &[
        "Kameralarni tabiiy yoritish va shamollatish bilan ta'minlash",
        "Kelib tushganda tibbiy ko'rik jurnalini yuritish",
        "Ushlab turilganlarga birinchi soatdan advokat bilan uchrashish imkonini berish",
        "Shikoyat qutilarini kuzatuv kameralari ko'rinishidan tashqariga ko'chirish",
        "Ichimlik suvi ta'minotini yaxshilash",
        "Xodimlarni qiynoqlarning oldini olish bo'yicha o'qitish",
        "Saqlanayotganlar sonini loyiha quvvatiga keltirish",
        "Qonunda nazarda tutilgan uchrashuvlar va telefon qo'ng'iroqlarini ta'minlash",
    ],
    &[
        "Камераларни табиий ёритиш ва шамоллатиш билан таъминлаш",
        "Келиб тушганда тиббий кўрик журналини юритиш",
        "Ушлаб турилганларга биринчи соатдан адвокат билан учрашиш имконини бериш",
        "Шикоят қутиларини кузатув камералари кўринишидан ташқарига кўчириш",
        "Ичимлик суви таъминотини яхшилаш",
        "Ходимларни қийноқларнинг олдини олиш бўйича ўқитиш",
    ],
    &[
        "Обеспечить камеры естественным освещением и вентиляцией",
        "Вести журнал медицинских осмотров при поступлении",
        "Обеспечить доступ к адвокату с первого часа задержания",
        "Перенести ящики для жалоб из зоны видеонаблюдения",
        "Обеспечить бесперебойное снабжение питьевой водой",
        "Провести обучение персонала по предупреждению пыток",
        "Снизить наполняемость до проектной вместимости",
        "Обеспечить свидания и телефонные звонки, предусмотренные законом",
    ],
    &[
        "Provide natural light and ventilation in the cells",
        "Keep a register of medical examinations on admission",
        "Give detainees access to a lawyer from the first hour",
        "Move the complaint boxes out of sight of the surveillance cameras",
        "Ensure a steady supply of drinking water",
        "Train staff in the prevention of torture",
        "Reduce occupancy to the design capacity",
        "Allow the family visits and telephone calls the law provides",
    ],
];

/// Notes of follow-ups per language: implemented, partially implemented, not implemented.
pub const FOLLOW_UP_NOTES: [[&str; 3]; 4] = [
    [
        "Qayta tashrifda bajarilgani tasdiqlandi",
        "Qisman bajarilgan: ishlar davom etmoqda",
        "Bajarilmagan: mablag' ajratilmagan",
    ],
    [
        "Қайта ташрифда бажарилгани тасдиқланди",
        "Қисман бажарилган: ишлар давом этмоқда",
        "Бажарилмаган: маблағ ажратилмаган",
    ],
    [
        "Исполнение подтверждено при повторном посещении",
        "Исполнено частично: работы продолжаются",
        "Не исполнено: средства не выделены",
    ],
    [
        "Confirmed implemented on the follow-up visit",
        "Partly implemented: works continue",
        "Not implemented: no funds allocated",
    ],
];

/// How an impact measure begins, per language: submission, demand, lawsuit.
pub const MEASURE_PREFIXES: [[&str; 3]; 4] = [
    ["Taqdimnoma", "Talabnoma", "Da'vo arizasi"],
    ["Тақдимнома", "Талабнома", "Даъво аризаси"],
    ["Представление", "Требование", "Исковое заявление"],
    ["Submission", "Demand", "Lawsuit"],
];

/// A state body's answer to a measure, per language: received, implemented, partially, rejected.
pub const MEASURE_RESPONSES: [[&str; 4]; 4] = [
    [
        "Javob olindi: masala o'rganilmoqda",
        "Choralar ko'rildi, huquq tiklandi",
        "Qisman bajarildi",
        "Rad etildi: asos topilmadi",
    ],
    [
        "Жавоб олинди: масала ўрганилмоқда",
        "Чоралар кўрилди, ҳуқуқ тикланди",
        "Қисман бажарилди",
        "Рад этилди: асос топилмади",
    ],
    [
        "Ответ получен: вопрос изучается",
        "Меры приняты, право восстановлено",
        "Исполнено частично",
        "Отклонено: оснований не найдено",
    ],
    [
        "Answer received: the matter is being studied",
        "Measures taken, the right restored",
        "Partly implemented",
        "Rejected: no grounds found",
    ],
];

/// What measures after a visit ask for, per language.
pub const VISIT_REMEDIES: [&str; 4] = [
    "Monitoring tashrifi natijasida aniqlangan kamchiliklarni bartaraf etish",
    "Мониторинг ташрифи натижасида аниқланган камчиликларни бартараф этиш",
    "Устранить нарушения, выявленные в ходе мониторингового посещения",
    "Remedy the violations found during the monitoring visit",
];

/// Postal address patterns per language; `{region}` and `{n}` are filled in.
pub const ADDRESSES: [&str; 4] = [
    "{region}, Mustaqillik ko'chasi, {n}-uy",
    "{region}, Навоий кўчаси, {n}-уй",
    "{region}, ул. Навои, д. {n}",
    "{region}, Amir Temur street {n}",
];

/// The court a lawsuit is filed with, per language; `{region}` is filled in.
pub const COURTS: [&str; 4] = [
    "{region} fuqarolik ishlari bo'yicha sudi",
    "{region} фуқаролик ишлари бўйича суди",
    "Суд по гражданским делам ({region})",
    "Civil court of {region}",
];
