#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real `ombudsman demo-data --profile seed-2025h1`: the half-year figures of seed document 001
//! read exactly (counted here with independent SQL), a second run changes nothing, numbering
//! continues where the load stopped, the same seed gives the same data, and a database that already
//! has data in the half-years is refused untouched.

use std::process::{Command, Output};

use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Integer, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use ombudsman_e2e::TestDb;

fn demo_data(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ombudsman"))
        .arg("demo-data")
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run ombudsman demo-data")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

#[derive(QueryableByName)]
struct Digest {
    #[diesel(sql_type = Text)]
    d: String,
}

fn digest(conn: &mut PgConnection, sql: &str) -> String {
    diesel::sql_query(sql).get_result::<Digest>(conn).unwrap().d
}

/// Every figure the half-year report shows for both periods, counted straight from the tables.
fn figures(conn: &mut PgConnection) -> Vec<(String, i64)> {
    let mut out = vec![];
    for (label, from, to) in [
        ("2025", "2025-01-01", "2025-06-30"),
        ("2024", "2024-01-01", "2024-06-30"),
    ] {
        let queries = [
            ("appeals", format!("SELECT count(*) AS n FROM appeals WHERE received_on BETWEEN '{from}' AND '{to}'")),
            ("measures", format!("SELECT count(*) AS n FROM impact_measures WHERE issued_on BETWEEN '{from}' AND '{to}'")),
            (
                "submissions",
                format!("SELECT count(*) AS n FROM impact_measures WHERE kind = 'submission' AND issued_on BETWEEN '{from}' AND '{to}'"),
            ),
            (
                "demands",
                format!("SELECT count(*) AS n FROM impact_measures WHERE kind = 'demand' AND issued_on BETWEEN '{from}' AND '{to}'"),
            ),
            (
                "lawsuits",
                format!("SELECT count(*) AS n FROM impact_measures WHERE kind = 'lawsuit' AND issued_on BETWEEN '{from}' AND '{to}'"),
            ),
            (
                "uzs_minor",
                format!(
                    "SELECT coalesce(sum(amount_minor), 0)::int8 AS n FROM compensations \
                     WHERE currency = 'UZS' AND recovered_on BETWEEN '{from}' AND '{to}'"
                ),
            ),
            ("visits", format!("SELECT count(*) AS n FROM visits WHERE started_on BETWEEN '{from}' AND '{to}'")),
        ];
        for (name, sql) in queries {
            out.push((format!("{name} {label}"), count(conn, &sql)));
        }
    }
    out
}

fn figure(all: &[(String, i64)], name: &str) -> i64 {
    all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name}"))
        .1
}

#[test]
fn the_seed_figures_read_exactly_and_a_second_run_changes_nothing() {
    let db = TestDb::new();
    let out = demo_data(&db, &["--profile", "seed-2025h1"]);
    assert!(out.status.success(), "load failed: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("demo.manager@example.org"), "{text}");
    assert!(
        text.contains("GET /api/v1/reports/half-year?year=2025&half=1"),
        "{text}"
    );

    let mut conn = db.conn();
    // The load leaves the tables with exactly the indexes of a freshly migrated database.
    let indexes = "SELECT string_agg(indexdef, E'\\n' ORDER BY indexdef) AS d FROM pg_indexes \
                   WHERE tablename IN ('appeals', 'applicants', 'appeal_events')";
    assert_eq!(digest(&mut conn, indexes), digest(&mut TestDb::new().conn(), indexes));
    let first = figures(&mut conn);
    let expected = [
        ("appeals 2025", 9_800),
        ("measures 2025", 104),
        ("submissions 2025", 61),
        ("demands 2025", 30),
        ("lawsuits 2025", 13),
        ("uzs_minor 2025", 380_000_000_000),
        ("visits 2025", 491),
        ("appeals 2024", 9_100),
        ("measures 2024", 97),
        ("visits 2024", 452),
    ];
    for (name, value) in expected {
        assert_eq!(figure(&first, name), value, "{name}");
    }

    // Every applicant is found by name at once: the folded name is written by the load itself.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM applicants WHERE search_name IS NULL"
        ),
        0
    );

    // Applicant kinds as in api.md's example; every appeal has its applicant.
    for (kind, n) in [("citizen", 9512), ("foreign_national", 201), ("organization", 87)] {
        let sql = format!(
            "SELECT count(*) AS n FROM appeals a JOIN applicants p ON p.id = a.applicant_id \
             WHERE p.kind = '{kind}' AND a.received_on BETWEEN '2025-01-01' AND '2025-06-30'"
        );
        assert_eq!(count(&mut conn, &sql), n, "{kind}");
    }
    // All six facility kinds are in the registry and were visited in the first half of 2025.
    let kinds = count(
        &mut conn,
        "SELECT count(DISTINCT f.kind) AS n FROM visits v JOIN facilities f ON f.id = v.facility_id \
         WHERE v.started_on BETWEEN '2025-01-01' AND '2025-06-30' AND f.kind IN ('special_reception_centre', \
         'temporary_detention_facility', 'pre_trial_detention_centre', 'military_unit', 'penal_institution', \
         'compulsory_treatment_facility')",
    );
    assert_eq!(kinds, 6);
    assert!(count(&mut conn, "SELECT count(*) AS n FROM facilities") >= 200);
    // Several compensation records of differing amounts and kinds, each for the applicant of its appeal.
    assert!(
        count(
            &mut conn,
            "SELECT count(DISTINCT amount_minor) AS n FROM compensations \
             WHERE currency = 'UZS' AND recovered_on BETWEEN '2025-01-01' AND '2025-06-30'"
        ) > 50
    );
    assert!(count(&mut conn, "SELECT count(DISTINCT kind) AS n FROM compensations") >= 4);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM compensations c LEFT JOIN appeals a ON a.id = c.appeal_id \
             WHERE a.id IS NULL OR c.applicant_id IS DISTINCT FROM a.applicant_id"
        ),
        0
    );
    // Spread over the 14 regions and abroad, the channels, the outcomes; some open, a few overdue.
    let regions = count(&mut conn, "SELECT count(DISTINCT region) AS n FROM appeals");
    assert_eq!(regions, 15);
    assert!(count(&mut conn, "SELECT count(DISTINCT channel) AS n FROM appeals") >= 9);
    assert_eq!(count(&mut conn, "SELECT count(DISTINCT outcome) AS n FROM appeals"), 7);
    let overdue = count(
        &mut conn,
        "SELECT count(*) AS n FROM appeals WHERE status <> 'closed' AND paused_since IS NULL \
         AND due_on < current_date AND received_on BETWEEN '2025-01-01' AND '2025-06-30'",
    );
    assert_eq!(overdue, 12);
    assert!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM appeals WHERE paused_since IS NOT NULL"
        ) > 100
    );
    // Texts in the four languages and scripts.
    for language in ["uz-Latn", "uz-Cyrl", "ru", "en"] {
        let sql = format!("SELECT count(*) AS n FROM applicants WHERE language = '{language}'");
        assert!(count(&mut conn, &sql) > 0, "{language}");
    }
    assert!(count(&mut conn, "SELECT count(*) AS n FROM appeals WHERE subject ~ '[ўқғҳ]'") > 0);
    // Visits have teams of monitors, Public Group members and recommendations being followed up.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM visits v WHERE NOT EXISTS (SELECT 1 FROM visit_team t WHERE t.visit_id = v.id)"
        ),
        0
    );
    assert!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM visits WHERE cardinality(public_group_members) > 0"
        ) > 100
    );
    assert!(count(&mut conn, "SELECT count(DISTINCT status) AS n FROM recommendations") == 4);
    assert!(count(&mut conn, "SELECT count(*) AS n FROM recommendation_follow_ups") > 100);

    // Numbers are gapless per office and year, and the counters stand at the last one.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM (SELECT office_id, year FROM appeals GROUP BY 1, 2 \
             HAVING min(seq) <> 1 OR max(seq) <> count(*)) gaps"
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM (SELECT office_id, year, max(seq) AS m FROM appeals GROUP BY 1, 2) a \
             LEFT JOIN registration_counters c ON c.office_id = a.office_id AND c.series = 'appeal' AND c.year = a.year \
             WHERE c.last_value IS DISTINCT FROM a.m"
        ),
        0
    );
    // The next appeal registered in 2025 gets the number after the last loaded one.
    #[derive(QueryableByName)]
    struct Office {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        id: uuid::Uuid,
        #[diesel(sql_type = Integer)]
        last: i32,
    }
    let hq: Office = diesel::sql_query(
        "SELECT office_id AS id, max(seq) AS last FROM appeals a JOIN offices o ON o.id = a.office_id \
         WHERE o.code = 'HQ' AND a.year = 2025 GROUP BY office_id",
    )
    .get_result(&mut conn)
    .unwrap();
    conn.begin_test_transaction().unwrap();
    let next =
        ombudsman_db::appeals::next_number(&mut conn, ombudsman_domain::ids::OfficeId(hq.id), "appeal", 2025).unwrap();
    assert_eq!(next, hq.last + 1);
    drop(conn);

    let again = demo_data(&db, &["--profile", "seed-2025h1"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("already loaded"), "{}", stdout(&again));
    let mut conn = db.conn();
    assert_eq!(figures(&mut conn), first, "a second run changed the figures");
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM appeals"), 18_900);

    // The half-year report itself reads the seed's figures, as JSON and in the workbook.
    let report = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ombudsman"))
            .args(["report", "--year", "2025", "--half", "1"])
            .args(args)
            .env("DATABASE_URL", &db.url)
            .env("RUST_LOG", "error")
            .output()
            .expect("run ombudsman report")
    };
    let json = report(&["--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let r: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (r["appeals"]["received"].clone(), r["appeals"]["previous"].clone()),
        (9_800.into(), 9_100.into())
    );
    assert_eq!(r["impact_measures"]["total"], 104);
    assert_eq!(
        r["impact_measures"]["by_kind"],
        serde_json::json!({"submission": 61, "demand": 30, "lawsuit": 13, "conclusion": 0, "recommendation": 0, "other": 0})
    );
    assert_eq!(r["compensation"]["total_minor"]["UZS"], 380_000_000_000_i64);
    assert_eq!(
        (
            r["monitoring_visits"]["total"].clone(),
            r["monitoring_visits"]["previous"].clone()
        ),
        (491.into(), 452.into())
    );
    // Each state body is one line, a body of the directory, however the appeals spell it (the
    // texts name one district khokimiyat in three spellings and two scripts).
    let bodies = r["appeals"]["by_respondent_body"].as_array().unwrap();
    assert_eq!(bodies.len(), 20, "{bodies:?}");
    let mut ids: Vec<&str> = bodies
        .iter()
        .map(|b| b["state_body_id"].as_str().unwrap_or_else(|| panic!("free text: {b}")))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 20, "{bodies:?}");
    assert!(
        bodies.iter().any(|b| b["name"] == "Chilonzor tumani hokimligi"),
        "{bodies:?}"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM appeals WHERE respondent_body_ids IS NULL"
        ),
        0,
        "every appeal names a body of the directory"
    );
    let kinds = r["monitoring_visits"]["by_facility_kind"].as_object().unwrap();
    assert_eq!(
        kinds.values().filter(|n| n.as_i64().unwrap() > 0).count(),
        6,
        "{kinds:?}"
    );
    // The figures the seed documents report beside the main ones: referrals to partner ombudsmen
    // (the roadmap with the Russian ombudsman among them), visits by who made them, people
    // interviewed, appeals from vulnerable groups; each with last year's beside it.
    let referrals = &r["referrals"];
    assert!(referrals["outgoing"].as_i64().unwrap() > 0, "{referrals}");
    assert!(referrals["previous_outgoing"].as_i64().unwrap() > 0, "{referrals}");
    assert!(referrals["incoming"].as_i64().unwrap() > 0, "{referrals}");
    let partners: Vec<&str> = referrals["by_partner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        partners.contains(&"High Commissioner for Human Rights in the Russian Federation"),
        "{partners:?}"
    );
    assert_eq!(
        referrals["by_partner"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["outgoing"].as_i64().unwrap())
            .sum::<i64>(),
        referrals["outgoing"].as_i64().unwrap()
    );
    let visits = &r["monitoring_visits"];
    assert!(visits["people_interviewed"].as_i64().unwrap() > 0, "{visits}");
    assert!(
        visits["by_conducted_by"]
            .as_object()
            .unwrap()
            .values()
            .filter(|n| n.as_i64().unwrap() > 0)
            .count()
            >= 2,
        "{visits}"
    );
    assert!(
        r["appeals"]["by_vulnerability"]
            .as_object()
            .unwrap()
            .values()
            .any(|n| n.as_i64().unwrap() > 0),
        "{}",
        r["appeals"]
    );

    // The clock moves on: months after the load, the appeals paused for the applicant have their
    // clock stopped and are still not overdue, whatever their stored date; the report's
    // overdue_open counts exactly the running open appeals past their date, at every date.
    let h1 = ombudsman_domain::report::HalfYear::new(2025, 1).unwrap();
    let today = ombudsman_domain::office::tashkent_date(chrono::Utc::now());
    for days in [0, 30, 120] {
        let as_of = today + chrono::Duration::days(days);
        let report = ombudsman_db::reports::half_year_report(&mut conn, None, h1, as_of).unwrap();
        let running_late = count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM appeals WHERE received_on BETWEEN '2025-01-01' AND '2025-06-30' \
                 AND status <> 'closed' AND paused_since IS NULL AND due_on < '{as_of}'"
            ),
        );
        assert_eq!(report.appeals.overdue_open, running_late, "as of {as_of}");
        let paused_past_date = count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM appeals WHERE received_on BETWEEN '2025-01-01' AND '2025-06-30' \
                 AND status <> 'closed' AND paused_since IS NOT NULL AND due_on < '{as_of}'"
            ),
        );
        if days == 120 {
            assert!(
                paused_past_date > 0,
                "the profile has paused appeals whose stored date passes"
            );
        }
    }

    // The load leaves the report roll-ups computed (nothing marked), and they give exactly what
    // every appeal counted afresh gives, for every office and for each office alone.
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM appeal_rollup_dirty"), 0);
    let offices: Vec<Option<ombudsman_domain::ids::OfficeId>> = std::iter::once(None)
        .chain(
            ombudsman_db::offices::list(&mut conn)
                .unwrap()
                .into_iter()
                .map(|o| Some(o.id)),
        )
        .collect();
    for office in offices {
        let mut figures = |source| {
            let r = ombudsman_db::reports::report_from(&mut conn, office, h1.period(), Some(h1), today, source);
            serde_json::to_value(r.unwrap()).unwrap()
        };
        let rolled = figures(ombudsman_db::reports::Source::Rollup);
        assert_eq!(rolled, figures(ombudsman_db::reports::Source::Appeals), "{office:?}");
    }

    let path = std::env::temp_dir().join(format!("seed-h1-{}.xlsx", uuid::Uuid::now_v7().simple()));
    let xlsx = report(&["--format", "xlsx", "--lang", "en", "--out", path.to_str().unwrap()]);
    assert!(xlsx.status.success(), "{}", stderr(&xlsx));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    // C2 of each section sheet: appeals received, measures, UZS recovered (major units), visits.
    for (file, value) in [
        ("xl/worksheets/sheet2.xml", "9800"),
        ("xl/worksheets/sheet3.xml", "104"),
        ("xl/worksheets/sheet4.xml", "3800000000"),
        ("xl/worksheets/sheet5.xml", "491"),
    ] {
        let xml = sheet(file);
        let at = xml.find("r=\"C2\"").unwrap_or_else(|| panic!("no C2 in {file}"));
        let cell = &xml[at..at + xml[at..].find("</c>").unwrap()];
        assert!(cell.contains(&format!("<v>{value}</v>")), "{file}: {cell}");
    }
}

fn snapshot(seed: &str) -> (Vec<(String, i64)>, String) {
    let db = TestDb::new();
    let out = demo_data(&db, &["--profile", "seed-2025h1", "--appeals", "20000", "--seed", seed]);
    assert!(out.status.success(), "load failed: {}", stderr(&out));
    let mut conn = db.conn();
    let figures = figures(&mut conn);
    // Everything but the due dates of paused appeals (computed up to the day of the load).
    let d = digest(
        &mut conn,
        "SELECT md5(string_agg(concat_ws('|', a.id, a.number, a.received_on, a.channel, a.region, a.subject, \
         a.status, a.outcome, a.closed_on, p.full_name, p.email), ',' ORDER BY a.number)) AS d \
         FROM appeals a JOIN applicants p ON p.id = a.applicant_id",
    ) + &digest(
        &mut conn,
        "SELECT md5(string_agg(concat_ws('|', number, kind, issued_on, status, summary), ',' ORDER BY number)) AS d \
         FROM impact_measures",
    ) + &digest(
        &mut conn,
        "SELECT md5(string_agg(concat_ws('|', amount_minor, currency, recovered_on, appeal_id), ',' \
         ORDER BY recovered_on, amount_minor)) AS d FROM compensations",
    ) + &digest(
        &mut conn,
        "SELECT md5(string_agg(concat_ws('|', number, started_on, facility_id, findings), ',' ORDER BY number)) AS d \
         FROM visits",
    );
    (figures, d)
}

#[test]
fn the_appeal_volume_scales_and_the_same_seed_gives_the_same_data() {
    let (a, digest_a) = snapshot("7");
    assert_eq!(figure(&a, "appeals 2025"), 20_000);
    assert_eq!(figure(&a, "appeals 2024"), 18_571);
    assert_eq!(figure(&a, "measures 2025"), 104);
    assert_eq!(figure(&a, "uzs_minor 2025"), 380_000_000_000);
    assert_eq!(figure(&a, "visits 2025"), 491);
    let (b, digest_b) = snapshot("7");
    assert_eq!(a, b);
    assert_eq!(digest_a, digest_b, "the same seed must give the same data");
}

#[test]
fn a_database_with_data_in_the_half_years_is_refused_untouched() {
    let db = TestDb::new();
    let mut conn = db.conn();
    conn.batch_execute(
        "INSERT INTO appeals (id, office_id, number, year, seq, received_on, channel, anonymous, region, subject, \
         description, categories, track_started_on, due_on, access_code_hash, search_text) \
         VALUES (gen_random_uuid(), '01930000-0000-7000-8000-000000000001', 'HQ-2025-000001', 2025, 1, '2025-03-14', \
         'letter', true, 'andijan', 'x', 'x', '{other}', '2025-03-14', '2025-03-21', sha256('x'), 'x')",
    )
    .unwrap();
    let out = demo_data(&db, &["--profile", "seed-2025h1"]);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(stderr(&out).contains("would not read exactly"), "{}", stderr(&out));
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM appeals"), 1);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM visits"), 0);
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM users"),
        0,
        "nothing is created"
    );

    let few = demo_data(&db, &["--profile", "seed-2025h1", "--appeals", "10"]);
    assert!(!few.status.success());
    assert!(stderr(&few).contains("at least 1000"), "{}", stderr(&few));
}
