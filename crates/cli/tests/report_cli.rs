#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real `ombudsman report`: the half-year report written as an XLSX workbook (sheets and
//! charts), as CSV on standard output, and clear refusals of wrong arguments.

use std::io::Read;
use std::process::{Command, Output};

use diesel::connection::SimpleConnection;
use ombudsman_e2e::TestDb;

fn report(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ombudsman"))
        .arg("report")
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run ombudsman report")
}

#[test]
fn the_half_year_report_is_written_as_xlsx_and_csv() {
    let db = TestDb::new();
    let mut conn = db.conn();
    conn.batch_execute(
        "INSERT INTO facilities (id, name, kind, region, operating_authority)
             VALUES ('01900000-0000-7000-8000-000000000001', 'SIZO No. 1', 'pre_trial_detention_centre',
                     'tashkent_city', 'Ministry of Internal Affairs');
         INSERT INTO visits (id, number, office_id, facility_id, started_on, ended_on, visit_type)
             SELECT gen_random_uuid(), 'HQ-V-2025-000' || n, o.id, '01900000-0000-7000-8000-000000000001',
                    DATE '2025-02-01' + n, DATE '2025-02-01' + n, 'planned'
             FROM offices o, generate_series(1, 3) n WHERE o.code = 'HQ';",
    )
    .unwrap();

    let out = std::env::temp_dir().join(format!("report-{}.xlsx", uuid::Uuid::now_v7().simple()));
    let o = report(
        &db,
        &[
            "--year",
            "2025",
            "--half",
            "1",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("3 monitoring visits"));
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    for sheet in [
        "Half-year report",
        "Appeals",
        "Impact measures",
        "Compensation recovered",
        "Monitoring visits",
    ] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{workbook}");
    }
    assert!(zip.by_name("xl/charts/chart1.xml").is_ok());
    assert!(zip.by_name("xl/charts/chart2.xml").is_ok());

    let o = report(
        &db,
        &["--year", "2025", "--half", "1", "--format", "csv", "--lang", "ru"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.contains("\nМониторинговые визиты,Всего,,,3,0,\n"), "{csv}");

    let o = report(&db, &["--year", "2025", "--half", "3"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("half"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = report(&db, &["--year", "2025", "--half", "1", "--lang", "de"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--lang must be one of"));
    let o = report(&db, &["--year", "2025", "--half", "1", "--office", "XYZ"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no office has the code XYZ"));
}
