//! CalDAV passwords in the system keychain (issue 15): a real Secret Service
//! (gnome-keyring, installed by the test command's set-up) on a private session bus. The
//! password typed once at `accounts add` is what later syncs use, and it is in neither
//! the data file, nor the book's JSON export, nor a backup; removing the account removes it.

#[path = "support/radicale.rs"]
mod radicale;

use std::process::Command;

use radicale::{Radicale, PASSWORD, USER};

#[test]
fn the_password_is_kept_in_the_keychain_and_nowhere_in_the_book() {
    let server = Radicale::start();
    server.make("/ann/work/", "Work", "#1E88E5FF", &["VEVENT"]);
    server.put(
        "/ann/work/a.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//P//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\n\
         DTSTAMP:20261201T000000Z\r\nDTSTART:20261207T090000Z\r\nDTEND:20261207T100000Z\r\n\
         SUMMARY:Kick-off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let data = tempfile::tempdir().unwrap();
    // The keyring's own files live in the home folder, apart from the book.
    let home = tempfile::tempdir().unwrap();
    let juggle = env!("CARGO_BIN_EXE_juggle");
    // One session bus with an unlocked keyring for every step, as a desktop session has.
    let script = format!(
        r#"set -e
        printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        printf '%s\n' "$PASSWORD" | "$JUGGLE" accounts add "$SERVER" --user {USER}
        "$JUGGLE" accounts sync "$SERVER/ann/work/"
        echo '--- sync'
        "$JUGGLE" sync now
        "$JUGGLE" export --out "$JUGGLE_DATA_DIR/book.json"
        "$JUGGLE" backup create >/dev/null
        echo '--- stored'
        secret-tool search --all service 'Juggle CalDAV' 2>/dev/null | grep -c '^secret = ' || true
        "$JUGGLE" accounts remove "$SERVER/"
        echo '--- after removal'
        secret-tool search --all service 'Juggle CalDAV' 2>/dev/null | grep -c '^secret = ' || true
        "#
    );
    let out = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", &script])
        .env("JUGGLE", juggle)
        .env("SERVER", server.base())
        .env("PASSWORD", PASSWORD)
        .env("JUGGLE_DATA_DIR", data.path())
        .env("JUGGLE_TZ", "UTC")
        .env_remove("JUGGLE_DAV_PASSWORD")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("HOME", home.path())
        .output()
        .expect("dbus-run-session (the dbus package) runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !said.contains("could not be kept"),
        "kept in the keychain: {said}"
    );
    let sync = said.split("--- sync").nth(1).unwrap();
    assert!(
        sync.contains("Work: 1 in"),
        "synced with the kept password: {said}"
    );
    let stored = said.split("--- stored").nth(1).unwrap();
    assert!(
        stored.trim_start().starts_with('1'),
        "one password kept: {said}"
    );
    let after = said.split("--- after removal").nth(1).unwrap();
    assert!(
        after.trim_start().starts_with('0'),
        "removed with the account: {said}"
    );

    // Nowhere in the book: the data file (and its WAL), the JSON export, the backups.
    let mut files = vec![];
    let mut dirs = vec![data.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let looked: Vec<String> = files
        .iter()
        .filter(|p| {
            let name = p.to_string_lossy();
            name.contains("juggle") || name.ends_with(".json") || name.contains("backup")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        looked.iter().any(|p| p.ends_with("book.json")),
        "{looked:?}"
    );
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let found = bytes
            .windows(PASSWORD.len())
            .any(|w| w == PASSWORD.as_bytes());
        assert!(!found, "the password is in {}", path.display());
    }
}
