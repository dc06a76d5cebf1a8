//! Crash safety: a child process adds clients (one transaction each, printing each one
//! once committed) and is killed with SIGKILL at a random moment, 200 times over. After
//! every kill the file must open, pass integrity_check, and hold everything the child
//! reported committed. Then the same inside backups and restores: a child adds, backs up
//! and restores over and over and is killed just after it announces a backup or a restore,
//! 100 times; the book must be whole with everything committed, and every file that looks
//! like a backup must be a whole one.

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

#[test]
fn the_data_file_and_its_backups_survive_being_killed_mid_backup_and_mid_restore_100_times() {
    use juggle::store::backup;

    let dir = tempfile::tempdir().unwrap();
    let mut committed: Vec<String> = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut in_backup, mut in_restore) = (0, 0);
    for round in 0..100 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Even rounds die in a backup, odd ones in a restore, after 0–3 whole cycles.
        let target = if round % 2 == 0 {
            "backing-up"
        } else {
            "restoring"
        };
        let mut skip = (seed % 4) as usize;
        let mut child = Command::new(env!("CARGO_BIN_EXE_juggle"))
            .args(["stress-restores", "--from", &(round * 1000).to_string()])
            .env("JUGGLE_DATA_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for line in lines.by_ref() {
            let Ok(line) = line else { break };
            if let Some(name) = line.strip_prefix("committed ") {
                committed.push(name.to_owned());
            }
            if line == target {
                if skip == 0 {
                    if target == "backing-up" {
                        in_backup += 1;
                    } else {
                        in_restore += 1;
                    }
                    break;
                }
                skip -= 1;
            }
        }
        child.kill().unwrap();
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
        for b in backup::list(&store).unwrap() {
            backup::check(b.path.as_ref())
                .unwrap_or_else(|e| panic!("round {round}: a backup is not whole: {e}"));
        }
    }
    assert_eq!((in_backup, in_restore), (50, 50));
}
