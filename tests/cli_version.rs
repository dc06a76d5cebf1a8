//! The version lives in one place, the Cargo workspace: `juggle --version` says it, as the
//! app's Settings and the packages do (scripts/check-packages.sh checks those).

use std::process::Command;

#[test]
fn juggle_version_prints_the_workspace_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_juggle"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("juggle {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// tauri.conf.json must not carry a version of its own: without one, Tauri takes the app
/// crate's, which is the workspace's.
#[test]
fn the_tauri_config_has_no_version_of_its_own() {
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        config.get("version"),
        None,
        "remove \"version\" from tauri.conf.json"
    );
}
