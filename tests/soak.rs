//! Soak: the real `juggle` binary in four processes on one data file, as when a script
//! uses the CLI beside the app. Two write (a client and its contact, one transaction
//! each), a third backs up over and over, a fourth reads over and over. Nothing may fail,
//! nothing may be lost, and every backup must finish and be whole.
//!
//! Bounded by work, not time: the writers stop after a fixed number of writes; the
//! backup and the reader run until both writers have exited.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use juggle::store::backup;
use juggle::{clients, Store};

/// Writes per writer process (each is two transactions: the client, then its contact).
const WRITES: usize = 150;

fn juggle(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_juggle"));
    cmd.args(args).env("JUGGLE_DATA_DIR", dir);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    juggle(dir, args).output().unwrap()
}

#[test]
fn two_writers_a_backup_and_a_reader_at_once_lose_nothing_and_fail_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // The book exists before the processes race to open it.
    drop(Store::open_dir(dir).unwrap());
    let started = Instant::now();

    let writers_done = AtomicBool::new(false);
    let (lines, backups, reads) = std::thread::scope(|s| {
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let from = (w * 100_000).to_string();
                let count = WRITES.to_string();
                let mut child = juggle(dir, &["stress-writes", "--from", &from, "--count", &count])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::inherit())
                    .spawn()
                    .unwrap();
                let out = child.stdout.take().unwrap();
                s.spawn(move || {
                    let lines: Vec<String> =
                        BufReader::new(out).lines().map(Result::unwrap).collect();
                    assert!(child.wait().unwrap().success());
                    lines
                })
            })
            .collect();
        let backing_up = s.spawn(|| {
            let mut made = 0;
            // At least one backup, and more for as long as anyone writes.
            loop {
                let out = run(dir, &["backup", "create"]);
                assert!(
                    out.status.success(),
                    "a backup failed while others wrote: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                made += 1;
                if writers_done.load(Ordering::SeqCst) {
                    return made;
                }
            }
        });
        let reading = s.spawn(|| {
            let mut reads = 0;
            loop {
                let out = run(dir, &["clients", "list", "--json"]);
                assert!(
                    out.status.success(),
                    "a read failed while others wrote: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let _: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                reads += 1;
                if writers_done.load(Ordering::SeqCst) {
                    return reads;
                }
            }
        });
        let lines: Vec<String> = writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        writers_done.store(true, Ordering::SeqCst);
        (lines, backing_up.join().unwrap(), reading.join().unwrap())
    });
    let elapsed = started.elapsed();

    let failed: Vec<&String> = lines
        .iter()
        .filter(|l| !l.starts_with("committed "))
        .collect();
    let committed = lines.len() - failed.len();
    println!(
        "soak: {committed} writes committed ({} transactions), {} failed, {backups} backups, \
         {reads} reads, {:.1} s",
        committed * 2,
        failed.len(),
        elapsed.as_secs_f64()
    );
    assert!(failed.is_empty(), "refused writes: {failed:?}");
    assert_eq!(committed, 2 * WRITES);

    let store = Store::open_dir(dir).unwrap();
    let present: std::collections::HashSet<String> = clients::list(&store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    for line in &lines {
        let name = line.trim_start_matches("committed ");
        assert!(
            present.contains(name),
            "{name} was committed but is missing"
        );
    }
    let contacts: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(contacts, 2 * WRITES as i64);

    // Every backup that was kept finished and is a whole book.
    let kept = backup::list(&store).unwrap();
    assert!(!kept.is_empty());
    for b in &kept {
        backup::check(b.path.as_ref()).unwrap();
    }
}
