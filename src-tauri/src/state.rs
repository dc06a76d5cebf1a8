use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use juggle::book::rescue::{self, Rescue};
use juggle::store::{Store, StoreError, DATA_FILE};
use juggle::Coded;

use crate::error::{CommandError, Result};

/// The open book, shared by all commands. If it could not be opened (a damaged file, a
/// file from a newer Juggle, an unwritable folder) every book command reports why, and
/// the UI starts into the rescue screen instead of the app vanishing at start-up. A
/// rescue restore then opens the restored book in place.
pub struct AppState {
    store: Mutex<Option<Store>>,
    /// Why the book could not be opened, while it cannot.
    failure: Mutex<Option<Failed>>,
}

struct Failed {
    error: StoreError,
    /// `None` when not even the data folder is known.
    data_file: Option<PathBuf>,
}

/// The book, locked for one command.
pub struct BookGuard<'a>(MutexGuard<'a, Option<Store>>);

impl std::ops::Deref for BookGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        // `AppState::store` hands out a guard only while the book is open.
        match self.0.as_ref() {
            Some(store) => store,
            None => unreachable!("a BookGuard is only made for an open book"),
        }
    }
}

impl std::ops::DerefMut for BookGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match self.0.as_mut() {
            Some(store) => store,
            None => unreachable!("a BookGuard is only made for an open book"),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave SQLite half-written (the transaction
    // rolls back), so a poisoned lock is safe to keep using.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    pub fn open() -> AppState {
        let data_file = juggle::store::data_dir().ok().map(|d| d.join(DATA_FILE));
        match Store::open_default() {
            Ok(store) => AppState {
                store: Mutex::new(Some(store)),
                failure: Mutex::new(None),
            },
            Err(error) => AppState {
                store: Mutex::new(None),
                failure: Mutex::new(Some(Failed { error, data_file })),
            },
        }
    }

    pub fn store(&self) -> Result<BookGuard<'_>> {
        let guard = lock(&self.store);
        if guard.is_some() {
            return Ok(BookGuard(guard));
        }
        Err(match lock(&self.failure).as_ref() {
            Some(failed) => CommandError {
                code: failed.error.code().to_owned(),
                message: failed.error.to_string(),
                field: None,
            },
            None => CommandError {
                code: "store.closed".into(),
                message: "The book is not open.".into(),
                field: None,
            },
        })
    }

    /// What the rescue screen shows, or `None` when the book is open.
    pub fn rescue(&self) -> Option<Rescue> {
        let failure = lock(&self.failure);
        let failed = failure.as_ref()?;
        let file = failed
            .data_file
            .clone()
            .unwrap_or_else(|| PathBuf::from(DATA_FILE));
        Some(rescue::situation(&file, &failed.error))
    }

    /// The data file of a book that could not be opened.
    pub fn failed_data_file(&self) -> Result<PathBuf> {
        lock(&self.failure)
            .as_ref()
            .and_then(|f| f.data_file.clone())
            .ok_or_else(|| CommandError {
                code: "rescue.not_needed".into(),
                message: "The book is open; restore a backup from Settings → Backups.".into(),
                field: None,
            })
    }

    /// After a rescue restore: opens the restored book and leaves the rescue.
    pub fn reopen(&self) -> Result<()> {
        let store = Store::open_default()?;
        *lock(&self.store) = Some(store);
        *lock(&self.failure) = None;
        Ok(())
    }
}

/// The day's automatic backup, off the UI's way: at most once a day, at start-up.
pub fn back_up_daily(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let Ok(store) = state.store() else { return };
        if let Err(e) = juggle::store::backup::daily(&store) {
            eprintln!("the daily backup failed: {e}");
        }
        // Undo is for the moment after a delete: what was deleted a day ago goes for good.
        if let Err(e) = juggle::store::trash::expire(store.conn(), 1) {
            eprintln!("old undo entries could not be cleared: {e}");
        }
    });
}

/// Runs a command's work with the book on tokio's blocking pool, so SQLite never holds up
/// the async runtime's few worker threads (where the other commands and the app's own
/// tasks run) and the window's event loop stays free. Every command that touches the book
/// goes through here.
pub async fn blocking<T, F>(app: tauri::AppHandle, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T> + Send + 'static,
{
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || {
        let done = work(&app.state::<AppState>());
        // Whatever the command wrote shows on every screen now (book-changed).
        crate::book_watch::nudge(&app);
        done
    })
    .await
    .map_err(|e| CommandError {
        code: "app.interrupted".into(),
        message: format!(
            "Juggle stopped that action before it finished ({e}); nothing was half-saved."
        ),
        field: None,
    })?
}

/// A background loop's period: `default`, or the milliseconds in the environment variable
/// `var` (tests set it short so that they need no long wait).
pub fn every(var: &str, default: std::time::Duration) -> std::time::Duration {
    std::env::var(var)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(std::time::Duration::from_millis)
        .unwrap_or(default)
}
