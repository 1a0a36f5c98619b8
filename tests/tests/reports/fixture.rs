//! The rows the report tests insert: generated appeals (some from applicants with vulnerability
//! markers), impact measures, compensation records, facilities, visits (with staff, Public Group
//! members and people interviewed), recommendations, partners and referrals, written with SQL.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ombudsman_e2e::TestApp;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A small deterministic generator, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn day(&mut self, from: &str, days: usize) -> NaiveDate {
        d(from) + chrono::Duration::days(self.below(days) as i64)
    }
}

#[derive(Clone)]
pub struct Appeal {
    pub office: String,
    pub received_on: NaiveDate,
    pub channel: &'static str,
    pub kind: Option<&'static str>,
    pub region: &'static str,
    pub abroad: Option<&'static str>,
    pub categories: Vec<&'static str>,
    pub bodies: Vec<&'static str>,
    pub closed: Option<(NaiveDate, &'static str)>,
    pub due_on: NaiveDate,
    pub repeat: bool,
    pub signatories: Option<i32>,
    /// The vulnerability markers of the applicant.
    pub markers: &'static [&'static str],
}

pub struct Measure {
    pub office: String,
    pub issued_on: NaiveDate,
    pub kind: &'static str,
    pub status: &'static str,
}

pub struct Money {
    pub office: String,
    pub recovered_on: NaiveDate,
    pub amount: i64,
    pub currency: &'static str,
    pub kind: &'static str,
}

pub struct Visit {
    pub office: String,
    pub started_on: NaiveDate,
    pub facility: usize,
    pub visit_type: &'static str,
    pub recommendations: Vec<&'static str>,
    /// Office staff in the team (users).
    pub staff: usize,
    /// Public Group members (names).
    pub members: usize,
    pub interviewed: i64,
    pub in_groups: i64,
}

pub struct Referral {
    /// Index into `Data::appeals`: the referral is the office's of that appeal.
    pub appeal: usize,
    /// Index into `PARTNERS`.
    pub partner: usize,
    pub direction: &'static str,
    pub referred_on: NaiveDate,
}

pub const PARTNERS: &[&str] = &[
    "Commissioner for Human Rights in the Russian Federation",
    "Ombudsman of Kazakhstan",
    "Ombudsman of the Kyrgyz Republic",
];

/// The applicants' vulnerability markers, by applicant (the first three have none).
const VULNERABLE: &[(&str, &str, &[&str])] = &[
    (
        "00000000-0000-7000-8000-00000000a004",
        "citizen",
        &["child", "disability"],
    ),
    ("00000000-0000-7000-8000-00000000a005", "citizen", &["detainee"]),
    (
        "00000000-0000-7000-8000-00000000a006",
        "foreign_national",
        &["migrant_worker"],
    ),
];

pub const FACILITIES: &[(&str, &str)] = &[
    ("pre_trial_detention_centre", "tashkent_city"),
    ("penal_institution", "samarkand"),
    ("temporary_detention_facility", "samarkand"),
    ("military_unit", "fergana"),
];

/// Everything inserted, keyed by office code (`HQ`, `SAM`).
#[derive(Default)]
pub struct Data {
    pub offices: BTreeMap<String, String>,
    pub appeals: Vec<Appeal>,
    pub measures: Vec<Measure>,
    pub money: Vec<Money>,
    pub visits: Vec<Visit>,
    pub referrals: Vec<Referral>,
}

pub fn generate(offices: BTreeMap<String, String>, seed: u64) -> Data {
    let mut r = Rng(seed);
    let codes: Vec<String> = offices.keys().cloned().collect();
    let mut data = Data {
        offices,
        ..Data::default()
    };
    let bodies = [
        "Pension Fund",
        "Ministry of Internal Affairs",
        "Tax Committee",
        "Khokimiyat of Samarkand",
    ];
    let kinds = [
        Some("citizen"),
        Some("citizen"),
        Some("foreign_national"),
        Some("organization"),
        None,
    ];
    for _ in 0..320 {
        let received_on = r.day("2024-01-01", 731);
        let region = r.pick(&["tashkent_city", "samarkand", "fergana", "abroad", "andijan"]);
        let closed = match r.below(3) {
            0 => None,
            _ => Some((
                received_on + chrono::Duration::days(r.below(60) as i64),
                r.pick(&["satisfied", "explained", "rejected", "forwarded"]),
            )),
        };
        let mut categories = vec![r.pick(&["prisoners_rights", "labour", "social_security", "environment"])];
        if r.below(3) == 0 {
            categories.push(r.pick(&["prohibition_of_torture", "health", "freedom_of_expression", "property"]));
        }
        categories.sort();
        categories.dedup();
        let mut named = vec![];
        for _ in 0..r.below(3) {
            named.push(r.pick(&bodies));
        }
        let kind = r.pick(&kinds);
        let markers: &'static [&'static str] = match kind {
            Some("citizen") => r.pick(&[&[][..], &[], &["child", "disability"], &["detainee"]]),
            Some("foreign_national") => r.pick(&[&[][..], &["migrant_worker"]]),
            _ => &[],
        };
        data.appeals.push(Appeal {
            office: codes[r.below(codes.len())].clone(),
            received_on,
            channel: r.pick(&["letter", "email", "online_portal", "hotline", "complaint_box"]),
            kind,
            region,
            abroad: (region == "abroad").then(|| r.pick(&["RU", "KZ"])),
            categories,
            bodies: named,
            closed,
            // Half the open ones are overdue; the others are due long after today.
            due_on: if r.below(2) == 0 {
                received_on + chrono::Duration::days(15)
            } else {
                d("2099-01-01")
            },
            repeat: kind.is_some() && r.below(5) == 0,
            signatories: (r.below(8) == 0).then_some(3),
            markers,
        });
    }
    for _ in 0..90 {
        let kind = r.pick(&["submission", "demand", "lawsuit", "conclusion"]);
        let status = if kind == "lawsuit" {
            r.pick(&["issued", "in_court", "won"])
        } else {
            r.pick(&["issued", "response_received", "implemented", "rejected"])
        };
        data.measures.push(Measure {
            office: codes[r.below(codes.len())].clone(),
            issued_on: r.day("2024-01-01", 731),
            kind,
            status,
        });
    }
    for _ in 0..70 {
        let currency = r.pick(&["UZS", "UZS", "RUB"]);
        data.money.push(Money {
            office: codes[r.below(codes.len())].clone(),
            recovered_on: r.day("2024-01-01", 731),
            amount: 1 + r.below(5_000_000) as i64 * 100,
            currency,
            kind: r.pick(&["wage_arrears", "pension", "damages"]),
        });
    }
    for _ in 0..60 {
        let mut recommendations = vec![];
        for _ in 0..r.below(4) {
            recommendations.push(r.pick(&["open", "implemented", "partially_implemented", "not_implemented"]));
        }
        data.visits.push(Visit {
            office: codes[r.below(codes.len())].clone(),
            started_on: r.day("2024-01-01", 731),
            facility: r.below(FACILITIES.len()),
            visit_type: r.pick(&["planned", "unannounced", "follow_up"]),
            recommendations,
            staff: r.below(3),
            members: r.below(3),
            interviewed: r.below(40) as i64,
            in_groups: r.below(90) as i64,
        });
    }
    for _ in 0..50 {
        data.referrals.push(Referral {
            appeal: r.below(data.appeals.len()),
            partner: r.below(PARTNERS.len()),
            direction: r.pick(&["outgoing", "outgoing", "incoming"]),
            referred_on: r.day("2024-01-01", 731),
        });
    }
    data
}

fn text_array(xs: &[&str]) -> String {
    let quoted: Vec<String> = xs.iter().map(|x| format!("'{x}'")).collect();
    format!("ARRAY[{}]::text[]", quoted.join(","))
}

fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or("NULL".to_owned(), |v| format!("'{v}'"))
}

/// Inserts the rows with SQL (visits have no HTTP API yet): one applicant per kind, an old
/// appeal that the repeat appeals repeat and that carries the compensation records.
pub fn insert(app: &TestApp, data: &Data) {
    let mut sql = String::from(
        "INSERT INTO applicants (id, kind, full_name) VALUES \
         ('00000000-0000-7000-8000-00000000a001', 'citizen', 'Citizen'), \
         ('00000000-0000-7000-8000-00000000a002', 'foreign_national', 'Foreign national'), \
         ('00000000-0000-7000-8000-00000000a003', 'organization', 'Organization');\n",
    );
    for (id, kind, markers) in VULNERABLE {
        sql.push_str(&format!(
            "INSERT INTO applicants (id, kind, full_name, country_of_stay, vulnerabilities) VALUES \
             ('{id}', '{kind}', 'Vulnerable', {stay}, {markers});\n",
            stay = if markers.contains(&"migrant_worker") {
                "'RU'"
            } else {
                "NULL"
            },
            markers = text_array(markers),
        ));
    }
    let applicant = |a: &Appeal| match (a.kind, a.markers) {
        (Some(kind), markers) if !markers.is_empty() => {
            let (id, _, _) = VULNERABLE.iter().find(|(_, k, m)| *k == kind && *m == markers).unwrap();
            format!("'{id}'")
        }
        (Some("citizen"), _) => "'00000000-0000-7000-8000-00000000a001'".into(),
        (Some("foreign_national"), _) => "'00000000-0000-7000-8000-00000000a002'".into(),
        (Some(_), _) => "'00000000-0000-7000-8000-00000000a003'".into(),
        (None, _) => "NULL".into(),
    };
    let appeal_sql =
        |id: &str, seq: usize, a: &Appeal, repeat_of: &str| {
            format!(
            "INSERT INTO appeals (id, office_id, number, year, seq, received_on, channel, applicant_id, anonymous, \
             signatories, region, abroad_country, subject, description, categories, respondent_bodies, status, \
             outcome, closed_on, track_started_on, due_on, repeat_of, access_code_hash, search_text) VALUES \
             ('{id}', '{office}', 'T-{seq}', 2025, {seq}, '{received}', '{channel}', {applicant}, {anonymous}, \
             {signatories}, '{region}', {abroad}, 'Subject', 'Description', {categories}, {bodies}, '{status}', \
             {outcome}, {closed_on}, '{received}', '{due}', {repeat_of}, decode(repeat('00', 32), 'hex'), '');\n",
            office = data.offices[&a.office],
            received = a.received_on,
            channel = a.channel,
            applicant = applicant(a),
            anonymous = a.kind.is_none(),
            signatories = a.signatories.map_or("NULL".into(), |s| s.to_string()),
            region = a.region,
            abroad = opt(a.abroad),
            categories = text_array(&a.categories),
            bodies = text_array(&a.bodies),
            status = if a.closed.is_some() { "closed" } else { "under_consideration" },
            outcome = opt(a.closed.map(|c| c.1)),
            closed_on = opt(a.closed.map(|c| c.0)),
            due = a.due_on,
        )
        };
    let base = "00000000-0000-7000-8000-0000000b0000";
    let old = Appeal {
        office: "HQ".into(),
        received_on: d("2020-03-01"),
        channel: "letter",
        kind: Some("citizen"),
        region: "tashkent_city",
        abroad: None,
        categories: vec!["labour"],
        bodies: vec![],
        closed: None,
        due_on: d("2099-01-01"),
        repeat: false,
        signatories: None,
        markers: &[],
    };
    sql.push_str(&appeal_sql(base, 100_000, &old, "NULL"));
    for (i, a) in data.appeals.iter().enumerate() {
        let id = format!("00000000-0000-7000-8000-{:012x}", i + 1);
        let repeat_of = if a.repeat { format!("'{base}'") } else { "NULL".into() };
        sql.push_str(&appeal_sql(&id, i + 1, a, &repeat_of));
    }
    for (i, m) in data.measures.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO impact_measures (id, office_id, number, year, seq, kind, addressee, issued_on, summary, status) \
             VALUES (gen_random_uuid(), '{}', 'M-{i}', 2025, {}, '{}', 'Body', '{}', 'Summary', '{}');\n",
            data.offices[&m.office],
            i + 1,
            m.kind,
            m.issued_on,
            m.status
        ));
    }
    for m in &data.money {
        sql.push_str(&format!(
            "INSERT INTO compensations (id, office_id, amount_minor, currency, kind, paid_by, recovered_on, appeal_id) \
             VALUES (gen_random_uuid(), '{}', {}, '{}', '{}', 'Payer', '{}', '{base}');\n",
            data.offices[&m.office], m.amount, m.currency, m.kind, m.recovered_on
        ));
    }
    for (i, (kind, region)) in FACILITIES.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO facilities (id, name, kind, region, operating_authority) VALUES \
             ('00000000-0000-7000-8000-0000000f{i:04}', 'Facility {i}', '{kind}', '{region}', 'Ministry');\n"
        ));
    }
    for (i, v) in data.visits.iter().enumerate() {
        let id = format!("00000000-0000-7000-8000-0000000c{i:04}");
        sql.push_str(&format!(
            "INSERT INTO visits (id, number, office_id, facility_id, started_on, ended_on, visit_type, \
             public_group_members, people_interviewed, people_interviewed_in_groups) VALUES \
             ('{id}', 'V-{i}', '{}', '00000000-0000-7000-8000-0000000f{:04}', '{}', '{}', '{}', {}, {}, {});\n\
             INSERT INTO visit_team (visit_id, user_id) SELECT '{id}', id FROM users ORDER BY id LIMIT {};\n",
            data.offices[&v.office],
            v.facility,
            v.started_on,
            v.started_on + chrono::Duration::days(1),
            v.visit_type,
            text_array(&["Member A", "Member B"][..v.members]),
            v.interviewed,
            v.in_groups,
            v.staff,
        ));
        for (p, status) in v.recommendations.iter().enumerate() {
            sql.push_str(&format!(
                "INSERT INTO recommendations (id, visit_id, position, text, addressee, status) VALUES \
                 (gen_random_uuid(), '{id}', {}, 'Text', 'Addressee', '{status}');\n",
                p + 1
            ));
        }
    }
    for (i, name) in PARTNERS.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO partners (id, name, agreement, agreement_from) VALUES \
             ('00000000-0000-7000-8000-0000000d{i:04}', '{name}', 'Roadmap 2025-2026', '2024-01-01');\n"
        ));
    }
    for r in &data.referrals {
        sql.push_str(&format!(
            "INSERT INTO referrals (id, appeal_id, partner_id, direction, referred_on) VALUES \
             (gen_random_uuid(), '00000000-0000-7000-8000-{:012x}', '00000000-0000-7000-8000-0000000d{:04}', '{}', '{}');\n",
            r.appeal + 1,
            r.partner,
            r.direction,
            r.referred_on
        ));
    }
    app.sql(&sql).expect("insert the report's rows");
}
