//! Crash safety: a child process adds clients (one transaction each, printing each one
//! once committed) and is killed with SIGKILL at a random moment, 200 times over. After
//! every kill the file must open, pass integrity_check, and hold everything the child
//! reported committed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use juggle::clients;
use juggle::Store;

#[test]
fn the_data_file_survives_being_killed_mid_write_200_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut committed: Vec<String> = Vec::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..200 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Kill after 0–7 reported commits: the child is then somewhere inside the next one.
        let wait_for = (seed % 8) as usize;
        let mut child = Command::new(env!("CARGO_BIN_EXE_juggle"))
            .args(["stress-writes", "--from", &(round * 1000).to_string()])
            .env("JUGGLE_DATA_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..wait_for {
            match lines.next() {
                Some(Ok(line)) => committed.push(line.trim_start_matches("committed ").to_owned()),
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let store = Store::open_dir(dir.path())
            .unwrap_or_else(|e| panic!("round {round}: the file does not open: {e}"));
        let verdict: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(verdict, "ok", "round {round}");
        let present: std::collections::HashSet<String> = clients::list(&store, true)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        for name in &committed {
            assert!(
                present.contains(name),
                "round {round}: {name} was reported committed but is missing"
            );
        }
        // A client and its contact are one user action each; no client lost its contact.
        let orphans: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(orphans, 0);
    }
    assert!(
        committed.len() > 300,
        "the child should have committed work before most kills ({})",
        committed.len()
    );
}
