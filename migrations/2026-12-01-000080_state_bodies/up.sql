-- The directory of state bodies (issue 14): the bodies appeals complain about and that impact
-- measures, requests and recommendations are addressed to, with names in the four languages.
-- The free-text columns stay (free text is still accepted); each gains a link to the directory,
-- set when the text names a body (its fold equals the fold of exactly one body's name).

CREATE TABLE state_bodies (
    id uuid PRIMARY KEY,
    name_uz_latn text NOT NULL CHECK (length(btrim(name_uz_latn)) BETWEEN 1 AND 300),
    name_uz_cyrl text CHECK (length(btrim(name_uz_cyrl)) BETWEEN 1 AND 300),
    name_ru text CHECK (length(btrim(name_ru)) BETWEEN 1 AND 300),
    name_en text CHECK (length(btrim(name_en)) BETWEEN 1 AND 300),
    kind text NOT NULL CHECK (kind IN ('ministry', 'agency', 'committee', 'khokimiyat', 'court',
        'prosecutor', 'police', 'penitentiary', 'health', 'education', 'social_protection',
        'state_enterprise', 'other')),
    -- The region a body serves; NULL for a national body.
    region text CHECK (region IN (
        'karakalpakstan', 'andijan', 'bukhara', 'fergana', 'jizzakh', 'kashkadarya', 'khorezm',
        'namangan', 'navoi', 'samarkand', 'surkhandarya', 'syrdarya', 'tashkent_region',
        'tashkent_city')),
    parent_id uuid REFERENCES state_bodies (id),
    -- The distinct folds of the four names (`ombudsman_domain::search::fold`), written by the
    -- application: the keys free text is matched by. Empty only for the rows seeded below until
    -- `ombudsman migrate` has folded them (and linked the stored free text, see db::state_bodies).
    folded_names text[] NOT NULL DEFAULT '{}',
    is_active boolean NOT NULL DEFAULT true,
    version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT state_bodies_parent_id_check CHECK (parent_id <> id)
);
CREATE INDEX state_bodies_folded_names ON state_bodies USING gin (folded_names);
CREATE INDEX state_bodies_parent ON state_bodies (parent_id);

-- Respondent bodies: one link per name of `respondent_bodies`, in the same order, NULL where
-- the name is free text; the column is NULL while none of the names is linked.
ALTER TABLE appeals ADD COLUMN respondent_body_ids uuid[],
    ADD CONSTRAINT appeals_respondent_body_ids_check CHECK (respondent_body_ids IS NULL
        OR cardinality(respondent_body_ids) = cardinality(respondent_bodies));
ALTER TABLE impact_measures ADD COLUMN addressee_body_id uuid REFERENCES state_bodies (id);
ALTER TABLE body_requests ADD COLUMN body_id uuid REFERENCES state_bodies (id);
ALTER TABLE recommendations ADD COLUMN addressee_body_id uuid REFERENCES state_bodies (id);

-- A starter directory: the national bodies casework meets most, the executive of every region
-- (the Council of Ministers of Karakalpakstan, the regional khokimiyats, the city of Tashkent)
-- and one district khokimiyat in each. Administrators add the rest through the API.
INSERT INTO state_bodies (id, name_uz_latn, name_uz_cyrl, name_ru, name_en, kind, region, parent_id) VALUES
    ('01a22ee6-b000-7000-8000-000000000001', 'Ichki ishlar vazirligi', 'Ички ишлар вазирлиги', 'Министерство внутренних дел', 'Ministry of Internal Affairs', 'police', NULL, NULL),
    ('01a22ee6-b001-7000-8000-000000000002', 'Jazoni ijro etish departamenti', 'Жазони ижро этиш департаменти', 'Департамент исполнения наказаний', 'Department for the Execution of Punishments', 'penitentiary', NULL, '01a22ee6-b000-7000-8000-000000000001'),
    ('01a22ee6-b002-7000-8000-000000000003', 'Bosh prokuratura', 'Бош прокуратура', 'Генеральная прокуратура', 'Prosecutor General''s Office', 'prosecutor', NULL, NULL),
    ('01a22ee6-b003-7000-8000-000000000004', 'Majburiy ijro byurosi', 'Мажбурий ижро бюроси', 'Бюро принудительного исполнения', 'Bureau of Compulsory Enforcement', 'agency', NULL, '01a22ee6-b002-7000-8000-000000000003'),
    ('01a22ee6-b004-7000-8000-000000000005', 'Oliy sud', 'Олий суд', 'Верховный суд', 'Supreme Court', 'court', NULL, NULL),
    ('01a22ee6-b005-7000-8000-000000000006', 'Konstitutsiyaviy sud', 'Конституциявий суд', 'Конституционный суд', 'Constitutional Court', 'court', NULL, NULL),
    ('01a22ee6-b006-7000-8000-000000000007', 'Adliya vazirligi', 'Адлия вазирлиги', 'Министерство юстиции', 'Ministry of Justice', 'ministry', NULL, NULL),
    ('01a22ee6-b007-7000-8000-000000000008', 'Sog''liqni saqlash vazirligi', 'Соғлиқни сақлаш вазирлиги', 'Министерство здравоохранения', 'Ministry of Health', 'health', NULL, NULL),
    ('01a22ee6-b008-7000-8000-000000000009', 'Maktabgacha va maktab ta''limi vazirligi', 'Мактабгача ва мактаб таълими вазирлиги', 'Министерство дошкольного и школьного образования', 'Ministry of Preschool and School Education', 'education', NULL, NULL),
    ('01a22ee6-b009-7000-8000-00000000000a', 'Oliy ta''lim, fan va innovatsiyalar vazirligi', 'Олий таълим, фан ва инновациялар вазирлиги', 'Министерство высшего образования, науки и инноваций', 'Ministry of Higher Education, Science and Innovation', 'education', NULL, NULL),
    ('01a22ee6-b00a-7000-8000-00000000000b', 'Mudofaa vazirligi', 'Мудофаа вазирлиги', 'Министерство обороны', 'Ministry of Defence', 'ministry', NULL, NULL),
    ('01a22ee6-b00b-7000-8000-00000000000c', 'Tashqi ishlar vazirligi', 'Ташқи ишлар вазирлиги', 'Министерство иностранных дел', 'Ministry of Foreign Affairs', 'ministry', NULL, NULL),
    ('01a22ee6-b00c-7000-8000-00000000000d', 'Ekologiya vazirligi', 'Экология вазирлиги', 'Министерство экологии', 'Ministry of Ecology', 'ministry', NULL, NULL),
    ('01a22ee6-b00d-7000-8000-00000000000e', 'Iqtisodiyot va moliya vazirligi', 'Иқтисодиёт ва молия вазирлиги', 'Министерство экономики и финансов', 'Ministry of Economy and Finance', 'ministry', NULL, NULL),
    ('01a22ee6-b00e-7000-8000-00000000000f', 'Kambag''allikni qisqartirish va bandlik vazirligi', 'Камбағалликни қисқартириш ва бандлик вазирлиги', 'Министерство занятости и сокращения бедности', 'Ministry of Employment and Poverty Reduction', 'ministry', NULL, NULL),
    ('01a22ee6-b00f-7000-8000-000000000010', 'Davlat mehnat inspeksiyasi', 'Давлат меҳнат инспекцияси', 'Государственная инспекция труда', 'State Labour Inspectorate', 'agency', NULL, '01a22ee6-b00e-7000-8000-00000000000f'),
    ('01a22ee6-b010-7000-8000-000000000011', 'Tashqi mehnat migratsiyasi agentligi', 'Ташқи меҳнат миграцияси агентлиги', 'Агентство внешней трудовой миграции', 'Agency for External Labour Migration', 'agency', NULL, '01a22ee6-b00e-7000-8000-00000000000f'),
    ('01a22ee6-b011-7000-8000-000000000012', 'Pensiya jamg''armasi', 'Пенсия жамғармаси', 'Пенсионный фонд', 'Pension Fund', 'social_protection', NULL, '01a22ee6-b00d-7000-8000-00000000000e'),
    ('01a22ee6-b012-7000-8000-000000000013', 'Ijtimoiy himoya milliy agentligi', 'Ижтимоий ҳимоя миллий агентлиги', 'Национальное агентство социальной защиты', 'National Agency for Social Protection', 'social_protection', NULL, NULL),
    ('01a22ee6-b013-7000-8000-000000000014', 'Kadastr agentligi', 'Кадастр агентлиги', 'Кадастровое агентство', 'Cadastre Agency', 'agency', NULL, NULL),
    ('01a22ee6-b014-7000-8000-000000000015', 'Din ishlari bo''yicha qo''mita', 'Дин ишлари бўйича қўмита', 'Комитет по делам религий', 'Committee on Religious Affairs', 'committee', NULL, NULL),
    ('01a22ee6-b015-7000-8000-000000000016', 'Hududiy elektr tarmoqlari korxonasi', 'Ҳудудий электр тармоқлари корхонаси', 'Территориальное предприятие электрических сетей', 'Regional electricity network company', 'state_enterprise', NULL, NULL),
    ('01a22ee6-b016-7000-8000-000000000017', 'Davlat xavfsizlik xizmati', 'Давлат хавфсизлик хизмати', 'Служба государственной безопасности', 'State Security Service', 'other', NULL, NULL),
    ('01a22ee6-b017-7000-8000-000000000018', 'Bojxona qo''mitasi', 'Божхона қўмитаси', 'Таможенный комитет', 'Customs Committee', 'committee', NULL, NULL),
    ('01a22ee6-b018-7000-8000-000000000019', 'Soliq qo''mitasi', 'Солиқ қўмитаси', 'Налоговый комитет', 'Tax Committee', 'committee', NULL, NULL),
    ('01a22ee6-b019-7000-8000-00000000001a', 'Favqulodda vaziyatlar vazirligi', 'Фавқулодда вазиятлар вазирлиги', 'Министерство по чрезвычайным ситуациям', 'Ministry of Emergency Situations', 'ministry', NULL, NULL),
    ('01a22ee6-b01a-7000-8000-00000000001b', 'Qurilish va uy-joy kommunal xo''jaligi vazirligi', 'Қурилиш ва уй-жой коммунал хўжалиги вазирлиги', 'Министерство строительства и жилищно-коммунального хозяйства', 'Ministry of Construction and Housing and Communal Services', 'ministry', NULL, NULL),
    ('01a22ee6-b01b-7000-8000-00000000001c', 'Qishloq xo''jaligi vazirligi', 'Қишлоқ хўжалиги вазирлиги', 'Министерство сельского хозяйства', 'Ministry of Agriculture', 'ministry', NULL, NULL),
    ('01a22ee6-b01c-7000-8000-00000000001d', 'Qoraqalpog''iston Respublikasi Vazirlar Kengashi', 'Қорақалпоғистон Республикаси Вазирлар Кенгаши', 'Совет Министров Республики Каракалпакстан', 'Council of Ministers of the Republic of Karakalpakstan', 'khokimiyat', 'karakalpakstan', NULL),
    ('01a22ee6-b01d-7000-8000-00000000001e', 'Andijon viloyati hokimligi', 'Андижон вилояти ҳокимлиги', 'Хокимият Андижанской области', 'Andijan Regional Khokimiyat', 'khokimiyat', 'andijan', NULL),
    ('01a22ee6-b01e-7000-8000-00000000001f', 'Buxoro viloyati hokimligi', 'Бухоро вилояти ҳокимлиги', 'Хокимият Бухарской области', 'Bukhara Regional Khokimiyat', 'khokimiyat', 'bukhara', NULL),
    ('01a22ee6-b01f-7000-8000-000000000020', 'Farg''ona viloyati hokimligi', 'Фарғона вилояти ҳокимлиги', 'Хокимият Ферганской области', 'Fergana Regional Khokimiyat', 'khokimiyat', 'fergana', NULL),
    ('01a22ee6-b020-7000-8000-000000000021', 'Jizzax viloyati hokimligi', 'Жиззах вилояти ҳокимлиги', 'Хокимият Джизакской области', 'Jizzakh Regional Khokimiyat', 'khokimiyat', 'jizzakh', NULL),
    ('01a22ee6-b021-7000-8000-000000000022', 'Qashqadaryo viloyati hokimligi', 'Қашқадарё вилояти ҳокимлиги', 'Хокимият Кашкадарьинской области', 'Kashkadarya Regional Khokimiyat', 'khokimiyat', 'kashkadarya', NULL),
    ('01a22ee6-b022-7000-8000-000000000023', 'Xorazm viloyati hokimligi', 'Хоразм вилояти ҳокимлиги', 'Хокимият Хорезмской области', 'Khorezm Regional Khokimiyat', 'khokimiyat', 'khorezm', NULL),
    ('01a22ee6-b023-7000-8000-000000000024', 'Namangan viloyati hokimligi', 'Наманган вилояти ҳокимлиги', 'Хокимият Наманганской области', 'Namangan Regional Khokimiyat', 'khokimiyat', 'namangan', NULL),
    ('01a22ee6-b024-7000-8000-000000000025', 'Navoiy viloyati hokimligi', 'Навоий вилояти ҳокимлиги', 'Хокимият Навоийской области', 'Navoi Regional Khokimiyat', 'khokimiyat', 'navoi', NULL),
    ('01a22ee6-b025-7000-8000-000000000026', 'Samarqand viloyati hokimligi', 'Самарқанд вилояти ҳокимлиги', 'Хокимият Самаркандской области', 'Samarkand Regional Khokimiyat', 'khokimiyat', 'samarkand', NULL),
    ('01a22ee6-b026-7000-8000-000000000027', 'Surxondaryo viloyati hokimligi', 'Сурхондарё вилояти ҳокимлиги', 'Хокимият Сурхандарьинской области', 'Surkhandarya Regional Khokimiyat', 'khokimiyat', 'surkhandarya', NULL),
    ('01a22ee6-b027-7000-8000-000000000028', 'Sirdaryo viloyati hokimligi', 'Сирдарё вилояти ҳокимлиги', 'Хокимият Сырдарьинской области', 'Syrdarya Regional Khokimiyat', 'khokimiyat', 'syrdarya', NULL),
    ('01a22ee6-b028-7000-8000-000000000029', 'Toshkent viloyati hokimligi', 'Тошкент вилояти ҳокимлиги', 'Хокимият Ташкентской области', 'Tashkent Regional Khokimiyat', 'khokimiyat', 'tashkent_region', NULL),
    ('01a22ee6-b029-7000-8000-00000000002a', 'Toshkent shahar hokimligi', 'Тошкент шаҳар ҳокимлиги', 'Хокимият города Ташкента', 'Tashkent City Khokimiyat', 'khokimiyat', 'tashkent_city', NULL),
    ('01a22ee6-b02a-7000-8000-00000000002b', 'Amudaryo tumani hokimligi', 'Амударё тумани ҳокимлиги', 'Хокимият Амударьинского района', 'Amudarya District Khokimiyat', 'khokimiyat', 'karakalpakstan', '01a22ee6-b01c-7000-8000-00000000001d'),
    ('01a22ee6-b02b-7000-8000-00000000002c', 'Asaka tumani hokimligi', 'Асака тумани ҳокимлиги', 'Хокимият Асакинского района', 'Asaka District Khokimiyat', 'khokimiyat', 'andijan', '01a22ee6-b01d-7000-8000-00000000001e'),
    ('01a22ee6-b02c-7000-8000-00000000002d', 'G''ijduvon tumani hokimligi', 'Ғиждувон тумани ҳокимлиги', 'Хокимият Гиждуванского района', 'Gijduvan District Khokimiyat', 'khokimiyat', 'bukhara', '01a22ee6-b01e-7000-8000-00000000001f'),
    ('01a22ee6-b02d-7000-8000-00000000002e', 'Quva tumani hokimligi', 'Қува тумани ҳокимлиги', 'Хокимият Кувинского района', 'Kuva District Khokimiyat', 'khokimiyat', 'fergana', '01a22ee6-b01f-7000-8000-000000000020'),
    ('01a22ee6-b02e-7000-8000-00000000002f', 'Zomin tumani hokimligi', 'Зомин тумани ҳокимлиги', 'Хокимият Заминского района', 'Zaamin District Khokimiyat', 'khokimiyat', 'jizzakh', '01a22ee6-b020-7000-8000-000000000021'),
    ('01a22ee6-b02f-7000-8000-000000000030', 'Shahrisabz tumani hokimligi', 'Шаҳрисабз тумани ҳокимлиги', 'Хокимият Шахрисабзского района', 'Shakhrisabz District Khokimiyat', 'khokimiyat', 'kashkadarya', '01a22ee6-b021-7000-8000-000000000022'),
    ('01a22ee6-b030-7000-8000-000000000031', 'Xiva tumani hokimligi', 'Хива тумани ҳокимлиги', 'Хокимият Хивинского района', 'Khiva District Khokimiyat', 'khokimiyat', 'khorezm', '01a22ee6-b022-7000-8000-000000000023'),
    ('01a22ee6-b031-7000-8000-000000000032', 'Chust tumani hokimligi', 'Чуст тумани ҳокимлиги', 'Хокимият Чустского района', 'Chust District Khokimiyat', 'khokimiyat', 'namangan', '01a22ee6-b023-7000-8000-000000000024'),
    ('01a22ee6-b032-7000-8000-000000000033', 'Karmana tumani hokimligi', 'Кармана тумани ҳокимлиги', 'Хокимият Карманинского района', 'Karmana District Khokimiyat', 'khokimiyat', 'navoi', '01a22ee6-b024-7000-8000-000000000025'),
    ('01a22ee6-b033-7000-8000-000000000034', 'Urgut tumani hokimligi', 'Ургут тумани ҳокимлиги', 'Хокимият Ургутского района', 'Urgut District Khokimiyat', 'khokimiyat', 'samarkand', '01a22ee6-b025-7000-8000-000000000026'),
    ('01a22ee6-b034-7000-8000-000000000035', 'Denov tumani hokimligi', 'Денов тумани ҳокимлиги', 'Хокимият Денауского района', 'Denau District Khokimiyat', 'khokimiyat', 'surkhandarya', '01a22ee6-b026-7000-8000-000000000027'),
    ('01a22ee6-b035-7000-8000-000000000036', 'Guliston tumani hokimligi', 'Гулистон тумани ҳокимлиги', 'Хокимият Гулистанского района', 'Gulistan District Khokimiyat', 'khokimiyat', 'syrdarya', '01a22ee6-b027-7000-8000-000000000028'),
    ('01a22ee6-b036-7000-8000-000000000037', 'Zangiota tumani hokimligi', 'Зангиота тумани ҳокимлиги', 'Хокимият Зангиатинского района', 'Zangiata District Khokimiyat', 'khokimiyat', 'tashkent_region', '01a22ee6-b028-7000-8000-000000000029'),
    ('01a22ee6-b037-7000-8000-000000000038', 'Chilonzor tumani hokimligi', 'Чилонзор тумани ҳокимлиги', 'Хокимият Чиланзарского района', 'Chilanzar District Khokimiyat', 'khokimiyat', 'tashkent_city', '01a22ee6-b029-7000-8000-00000000002a');
