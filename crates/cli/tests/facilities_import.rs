#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real `ombudsman facilities import FILE`: a good file imports in one go, a file with wrong
//! lines is reported line by line and imports nothing, and importing again updates in place.

use std::path::PathBuf;
use std::process::{Command, Output};

use ombudsman_db::facilities::{self, Facility, FacilityFilter};
use ombudsman_e2e::TestDb;

const HEADER: &str = "name,kind,region,operating_authority,capacity,active\n";

const GOOD: &str = "\
Pre-trial detention centre No. 1,pre_trial_detention_centre,tashkent_city,Ministry of Internal Affairs,900,
\"Penal colony No. 4, Samarkand\",penal_institution,samarkand,Department for the Execution of Punishments,1500,true
Military unit 12345,military_unit,samarkand,Ministry of Defence,,yes
Special reception centre of Fergana,special_reception_centre,fergana,Ministry of Internal Affairs,60,false
";

struct TempFile(PathBuf);

impl TempFile {
    fn new(content: &str) -> Self {
        let path = std::env::temp_dir().join(format!("facilities-{}.csv", uuid::Uuid::now_v7().simple()));
        std::fs::write(&path, content).unwrap();
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn import(db: &TestDb, content: &str) -> Output {
    let file = TempFile::new(content);
    Command::new(env!("CARGO_BIN_EXE_ombudsman"))
        .args(["facilities", "import"])
        .arg(&file.0)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run ombudsman facilities import")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stored(db: &TestDb) -> Vec<Facility> {
    let mut conn = db.conn();
    let mut all = facilities::list(&mut conn, &FacilityFilter::default(), None, 1000).unwrap();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

fn imports_audited(db: &TestDb) -> Vec<serde_json::Value> {
    let mut conn = db.conn();
    ombudsman_db::audit::list(&mut conn, Some("facility"), None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "facility.import")
        .map(|e| {
            assert_eq!(e.actor_label, "cli");
            e.diff
        })
        .collect()
}

#[test]
fn a_good_file_imports_every_row() {
    let db = TestDb::new();
    let out = import(&db, &format!("{HEADER}{GOOD}"));
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "imported 4 facilities (4 new, 0 updated)");

    let all = stored(&db);
    assert_eq!(all.len(), 4);
    let colony = &all[1];
    assert_eq!(colony.name, "Penal colony No. 4, Samarkand");
    assert_eq!(colony.kind.as_str(), "penal_institution");
    assert_eq!(colony.region.as_str(), "samarkand");
    assert_eq!(
        colony.operating_authority,
        "Department for the Execution of Punishments"
    );
    assert_eq!(colony.capacity, Some(1500));
    assert!(colony.is_active);
    assert_eq!(colony.office_id, None);
    let unit = &all[0];
    assert_eq!(unit.name, "Military unit 12345");
    assert_eq!(unit.capacity, None, "a blank capacity is unknown");
    let sizo = &all[2];
    assert!(sizo.is_active, "a blank active means active");
    let reception = &all[3];
    assert!(!reception.is_active);

    let audited = imports_audited(&db);
    assert_eq!(audited.len(), 1, "one audit event per run");
    assert_eq!(audited[0]["rows"], 4);
    assert_eq!(audited[0]["inserted"], 4);
    assert_eq!(audited[0]["updated"], 0);
}

#[test]
fn a_file_with_wrong_lines_is_reported_and_nothing_is_imported() {
    let db = TestDb::new();
    let bad = format!(
        "{HEADER}\
Pre-trial detention centre No. 1,pre_trial_detention_centre,tashkent_city,Ministry of Internal Affairs,900,
Colony No. 7,prison,navoi,Department for the Execution of Punishments,800,
Military unit 12345,military_unit,samarkand,Ministry of Defence,,
Temporary detention facility,temporary_detention_facility,tashkent,Ministry of Internal Affairs,-5,sometimes
Special reception centre of Fergana,special_reception_centre,fergana,Ministry of Internal Affairs,60,false
"
    );
    let out = import(&db, &bad);
    assert!(!out.status.success(), "a bad file was accepted: {}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("line 3: kind: 'prison' is not a valid facility kind"),
        "{err}"
    );
    assert!(
        err.contains("line 5: region: 'tashkent' is not a valid region"),
        "{err}"
    );
    assert!(
        err.contains("line 5: capacity: must be a positive number of places"),
        "{err}"
    );
    assert!(err.contains("line 5: active: "), "{err}");
    assert!(
        !err.contains("line 2:") && !err.contains("line 4:") && !err.contains("line 6:"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(stored(&db).is_empty(), "a rejected file imported rows");
    assert!(imports_audited(&db).is_empty());

    // A wrong header and a line repeated within the file are reported the same way.
    let out = import(&db, "name,kind,region,capacity\nA,other,andijan,1\n");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("line 1: missing column 'operating_authority'"),
        "{}",
        stderr(&out)
    );
    let twice = format!(
        "{HEADER}Colony No. 7,penal_institution,navoi,Ministry of Justice,,\nColony No. 7,other,navoi,Ministry of Justice,,\n"
    );
    let out = import(&db, &twice);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("line 3: name: 'Colony No. 7' in navoi is already on line 2"),
        "{}",
        stderr(&out)
    );
    let short = format!("{HEADER}Colony No. 7,penal_institution,navoi\n");
    let out = import(&db, &short);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("line 2: has 3 fields, the header has 6"),
        "{}",
        stderr(&out)
    );
    assert!(stored(&db).is_empty());
}

#[test]
fn importing_again_updates_in_place() {
    let db = TestDb::new();
    let first = import(&db, &format!("{HEADER}{GOOD}"));
    assert!(first.status.success(), "{}", stderr(&first));
    let before = stored(&db);

    // The colony grew, the reception centre reopened, a new facility is added; the columns may
    // come in another order.
    let again = "\
region,name,kind,operating_authority,active,capacity
tashkent_city,Pre-trial detention centre No. 1,pre_trial_detention_centre,Ministry of Internal Affairs,,900
samarkand,\"Penal colony No. 4, Samarkand\",penal_institution,Department for the Execution of Punishments,true,1700
samarkand,Military unit 12345,military_unit,Ministry of Defence,yes,
fergana,Special reception centre of Fergana,special_reception_centre,Ministry of Internal Affairs,true,60
karakalpakstan,Psychiatric hospital of Nukus,compulsory_treatment_facility,Ministry of Health,,250
";
    let out = import(&db, again);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "imported 5 facilities (1 new, 4 updated)");

    let after = stored(&db);
    assert_eq!(after.len(), 5);
    let find = |all: &[Facility], name: &str| all.iter().find(|f| f.name == name).unwrap().clone();
    let colony = find(&after, "Penal colony No. 4, Samarkand");
    assert_eq!(colony.capacity, Some(1700));
    assert_eq!(colony.version, 2);
    assert_eq!(colony.id, find(&before, "Penal colony No. 4, Samarkand").id);
    assert!(find(&after, "Special reception centre of Fergana").is_active);
    let unchanged = find(&after, "Pre-trial detention centre No. 1");
    assert_eq!(unchanged.version, 1, "an identical row leaves the record as it was");
    assert_eq!(find(&after, "Psychiatric hospital of Nukus").capacity, Some(250));

    let audited = imports_audited(&db);
    assert_eq!(audited.len(), 2);
}
