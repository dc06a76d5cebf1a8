//! Rescue: a data file too damaged to open does not block its own recovery. `doctor`,
//! `backup list` and `backup restore` work on it (nothing opens and migrates it first),
//! and the damaged file is kept aside, marked, rather than lost.

use std::path::Path;
use std::process::{Command, Output};

use juggle::store::DATA_FILE;

fn juggle(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juggle"))
        .args(args)
        .env("JUGGLE_DATA_DIR", dir)
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = juggle(dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Scrambles the header of the schema page (page 1, after the 100-byte file header): the
/// file still says SQLite, but no statement can read its schema.
pub fn damage(data_file: &Path) {
    let mut bytes = std::fs::read(data_file).unwrap();
    for b in &mut bytes[100..112] {
        *b ^= 0xa5;
    }
    std::fs::write(data_file, bytes).unwrap();
}

#[test]
fn a_book_that_cannot_open_is_diagnosed_listed_and_restored_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    ok(dir, &["clients", "add", "Acme"]);
    ok(dir, &["backup", "create"]);
    ok(dir, &["clients", "add", "Globex"]);
    damage(&dir.join(DATA_FILE));

    let broken = juggle(dir, &["clients", "list"]);
    assert!(!broken.status.success());

    let doctor = juggle(dir, &["doctor"]);
    assert!(!doctor.status.success());
    let report = String::from_utf8_lossy(&doctor.stdout);
    assert!(report.contains("FAIL"), "{report}");
    assert!(report.contains("backup restore"), "{report}");

    let list: serde_json::Value =
        serde_json::from_str(&ok(dir, &["backup", "list", "--json"])).unwrap();
    let good = list[0]["path"].as_str().unwrap().to_owned();
    assert_eq!(list[0]["damaged"], false);

    let said = ok(dir, &["backup", "restore", &good]);
    assert!(said.contains("could not be opened"), "{said}");
    let names = ok(dir, &["clients", "list", "--json"]);
    assert!(names.contains("Acme"), "{names}");
    ok(dir, &["doctor"]);

    // The damaged book was kept, marked, not thrown away.
    let list: serde_json::Value =
        serde_json::from_str(&ok(dir, &["backup", "list", "--json"])).unwrap();
    let kept = list
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["damaged"] == true)
        .expect("the damaged book is kept");
    assert_eq!(kept["reason"], "before-restore");
}
