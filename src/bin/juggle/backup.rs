use std::path::PathBuf;

use clap::Subcommand;

use juggle::store::{backup, data_dir, doctor, DATA_FILE};
use juggle::Store;

use crate::output;

#[derive(Subcommand)]
pub enum BackupCommand {
    /// List backups, newest first
    List {
        #[arg(long)]
        json: bool,
    },
    /// Back up the book now
    Create,
    /// Replace the book with a backup (the current book is backed up first)
    Restore { file: PathBuf },
    /// How many backups to keep
    Keep { count: usize },
}

/// Runs a backup command. Listing and restoring never need the book to open (a damaged
/// file must not block its own recovery); creating a backup and the keep setting do.
pub fn run(cmd: BackupCommand) -> output::Result {
    let dir = data_dir()?;
    let data_file = dir.join(DATA_FILE);
    match cmd {
        BackupCommand::List { json } => {
            let folder = backup::folder_of(&data_file);
            let list = backup::list_in(&folder)?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                crate::outln!("No backups yet in {}.", folder.display());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|b| {
                    vec![
                        backup::stamp(b.created_at),
                        if b.damaged {
                            format!("{} (DAMAGED)", b.reason)
                        } else {
                            b.reason.clone()
                        },
                        format!("{} KiB", b.size_bytes / 1024),
                        b.path.clone(),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                output::table(&["CREATED", "REASON", "SIZE", "FILE"], &rows);
            }
        }
        BackupCommand::Create => {
            let store = Store::open_dir(&dir)?;
            let b = backup::create(&store, "manual")?;
            if b.damaged {
                crate::outln!(
                    "Backed up to {}, but the book failed its check: this backup is marked damaged (run juggle doctor).",
                    b.path
                );
            } else {
                crate::outln!("Backed up to {}.", b.path);
            }
        }
        BackupCommand::Restore { file } => match Store::open_dir(&dir) {
            Ok(mut store) => {
                let r = backup::restore(&mut store, &file)?;
                crate::outln!(
                    "Restored {}. The book as it was is kept in {}.",
                    file.display(),
                    r.previous.path
                );
            }
            Err(why) => {
                let r = backup::restore_damaged(&data_file, &file)?;
                crate::outln!(
                    "The book could not be opened ({why}). Restored {}; the damaged file is kept in {}.",
                    file.display(),
                    r.previous.path
                );
            }
        },
        BackupCommand::Keep { count } => {
            let mut store = Store::open_dir(&dir)?;
            backup::set_keep(&mut store, count)?;
            crate::outln!("Keeping the newest {count} backups.");
        }
    }
    Ok(())
}

/// Examines the data file without opening it as a book, so a damaged one is diagnosed.
pub fn doctor(json: bool) -> output::Result {
    let health = doctor::examine_file(&data_dir()?.join(DATA_FILE));
    if json {
        output::json(&health)?;
    } else {
        crate::outln!("Data file: {}", health.data_file);
        for c in &health.checks {
            let mark = match c.status {
                doctor::Status::Ok => "ok  ",
                doctor::Status::Warning => "warn",
                doctor::Status::Problem => "FAIL",
            };
            crate::outln!("  {mark} {:<11} {}", c.name, c.detail);
        }
        crate::outln!(
            "{}",
            if health.ok {
                "Verdict: healthy."
            } else {
                "Verdict: needs attention (see FAIL above). `juggle backup list` shows the backups; `juggle backup restore <file>` restores one."
            }
        );
    }
    if health.ok {
        Ok(())
    } else {
        Err(output::Failure {
            code: "doctor.unhealthy",
            message: "the data file needs attention".into(),
        })
    }
}

/// For the crash-safety and soak tests: adds clients (each with a contact, one
/// transaction each) and prints each committed name, until killed or `count` are done.
/// A refused write is printed as `failed <name>: <error>` and the next one tried, so the
/// soak test can count failures.
pub fn stress_writes(store: &mut Store, from: usize, count: Option<usize>) -> output::Result {
    let end = count.map_or(usize::MAX, |n| from.saturating_add(n));
    for i in from..end {
        let name = format!("stress-{i}");
        match stress_write(store, i, &name) {
            Ok(()) => crate::outln!("committed {name}"),
            Err(e) => crate::outln!("failed {name}: {e}"),
        }
    }
    Ok(())
}

fn stress_write(
    store: &mut Store,
    i: usize,
    name: &str,
) -> Result<(), juggle::clients::ClientError> {
    let input = juggle::clients::ClientInput {
        name: name.to_owned(),
        notes: "x".repeat(i % 500),
        ..Default::default()
    };
    let client = juggle::clients::add(store, &input)?;
    let contact = juggle::clients::ContactInput {
        name: format!("contact-{i}"),
        ..Default::default()
    };
    juggle::clients::add_contact(store, client.id, &contact)?;
    Ok(())
}

/// For the crash-safety test: over and over, adds a client (printing it once committed),
/// backs up, and restores that backup, announcing each step before it starts so the
/// test can kill it inside a backup or a restore.
pub fn stress_restores(store: &mut Store, from: usize) -> output::Result {
    for i in from.. {
        let name = format!("restore-{i}");
        let input = juggle::clients::ClientInput {
            name: name.clone(),
            ..Default::default()
        };
        juggle::clients::add(store, &input)?;
        crate::outln!("committed {name}");
        crate::outln!("backing-up");
        let saved = backup::create(store, "manual")?;
        crate::outln!("restoring");
        backup::restore(store, std::path::Path::new(&saved.path))?;
        crate::outln!("restored");
    }
    Ok(())
}
