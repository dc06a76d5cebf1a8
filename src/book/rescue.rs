//! Rescue: what Juggle offers when the book cannot be opened. A damaged file must not
//! block its own recovery, so nothing here opens the book as a book (no migration, no
//! write): it says in plain words what happened, lists the backups with the last good
//! one first in line, restores one, or saves what can still be read.

use std::path::Path;

use serde::Serialize;
use specta::Type;

use super::json::{self as book_json, BookError, Salvaged};
use crate::store::backup::{self, Backup, BackupError, Restored};
use crate::store::StoreError;

/// What the rescue screen shows. The words are decided here, not in the UI.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Rescue {
    /// One sentence: what happened.
    pub headline: String,
    /// What the user can do about it, in plain words.
    pub advice: String,
    /// The technical reason, for a support request.
    pub detail: String,
    pub data_file: String,
    /// Newest first.
    pub backups: Vec<Backup>,
    /// The backup to offer first: the newest one not marked damaged.
    pub last_good: Option<Backup>,
    /// Whether restoring a backup is the way out (not for a book from a newer Juggle:
    /// that book is fine, this Juggle is too old).
    pub can_restore: bool,
}

/// Describes why the book at `data_file` could not be opened, and what can be done.
pub fn situation(data_file: &Path, error: &StoreError) -> Rescue {
    let backups = backup::list_in(&backup::folder_of(data_file)).unwrap_or_default();
    let last_good = backup::last_good(&backups).cloned();
    let (headline, can_restore) = match error {
        StoreError::TooNew { .. } => (
            "This book was saved by a newer version of Juggle.".to_owned(),
            false,
        ),
        StoreError::Migration(_) => (
            "Juggle could not bring your book up to date for this version.".to_owned(),
            true,
        ),
        StoreError::NoDataDir | StoreError::CreateDir { .. } => (
            "Juggle could not open the folder that holds your book.".to_owned(),
            false,
        ),
        _ => (
            "Juggle could not read your book: the data file is damaged. This can happen \
             after a disk error or when the computer lost power."
                .to_owned(),
            true,
        ),
    };
    let advice = if !can_restore {
        match error {
            StoreError::TooNew { .. } => {
                "Update Juggle to open it. Nothing was changed.".to_owned()
            }
            _ => "Check that the folder exists and that you may write to it, then start \
                  Juggle again."
                .to_owned(),
        }
    } else {
        match &last_good {
            Some(b) => format!(
                "Your backups are safe. Restore the last good backup (made {}) to carry on \
                 from there; the damaged file is kept in the backups folder, nothing is \
                 deleted. Or first save what can still be read as a book file.",
                readable_time(b.created_at)
            ),
            None => "There is no good backup to restore. Save what can still be read as a \
                     book file, and keep the data file for a specialist."
                .to_owned(),
        }
    };
    Rescue {
        headline,
        advice,
        detail: error.to_string(),
        data_file: data_file.display().to_string(),
        backups,
        last_good,
        can_restore,
    }
}

/// `2026-12-01T01:35:38.391Z` → `2026-12-01 01:35 UTC`, for people.
fn readable_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Restores the backup at `backup_file` over the damaged book (see
/// `backup::restore_damaged`); afterwards the book opens normally.
pub fn restore(data_file: &Path, backup_file: &Path) -> Result<Restored, BackupError> {
    backup::restore_damaged(data_file, backup_file)
}

/// Saves what can still be read of the damaged book as a book file at `out`.
pub fn salvage(data_file: &Path, out: &Path) -> Result<Salvaged, BookError> {
    book_json::salvage_file(data_file, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, DATA_FILE};

    fn damage(file: &Path) {
        let mut bytes = std::fs::read(file).unwrap();
        for b in &mut bytes[100..112] {
            *b ^= 0xa5;
        }
        std::fs::write(file, bytes).unwrap();
    }

    #[test]
    fn a_damaged_book_is_explained_and_restored_from_its_last_good_backup() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DATA_FILE);
        {
            let mut store = Store::open_file(&file).unwrap();
            crate::store::keys::set(&mut store, "t", "kept").unwrap();
            backup::create(&store, "manual").unwrap();
        }
        damage(&file);
        let error = Store::open_file(&file).err().unwrap();
        let rescue = situation(&file, &error);
        assert!(rescue.can_restore);
        assert!(rescue.headline.contains("damaged"), "{}", rescue.headline);
        let good = rescue.last_good.clone().unwrap();
        assert!(
            rescue.advice.contains(&readable_time(good.created_at)),
            "{}",
            rescue.advice
        );

        let restored = restore(&file, good.path.as_ref()).unwrap();
        assert!(restored.previous.damaged);
        let store = Store::open_file(&file).unwrap();
        assert_eq!(
            crate::store::keys::get(&store, "t").unwrap().as_deref(),
            Some("kept")
        );
    }

    #[test]
    fn a_book_from_a_newer_juggle_is_not_offered_a_restore() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DATA_FILE);
        let rescue = situation(
            &file,
            &StoreError::TooNew {
                found: 99,
                known: 6,
            },
        );
        assert!(!rescue.can_restore);
        assert!(rescue.advice.contains("Update Juggle"));
    }

    #[test]
    fn what_can_be_read_is_saved_and_what_cannot_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DATA_FILE);
        {
            let mut store = Store::open_file(&file).unwrap();
            crate::store::keys::set(&mut store, "t", "kept").unwrap();
        }
        let out = dir.path().join("salvaged.json");
        let saved = salvage(&file, &out).unwrap();
        assert!(saved.unreadable.is_empty());
        assert!(std::fs::read_to_string(&out).unwrap().contains("kept"));

        damage(&file);
        let err = salvage(&file, &out).unwrap_err();
        assert!(
            err.to_string().contains("nothing in it can be read"),
            "{err}"
        );
    }
}
