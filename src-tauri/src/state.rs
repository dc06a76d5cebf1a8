use std::sync::{Mutex, MutexGuard};

use juggle::store::{Store, StoreError};

use crate::error::{CommandError, Result};

/// The open book, shared by all commands. If it could not be opened (a data file from a
/// newer Juggle, an unwritable folder) every command reports why, and the UI shows it,
/// rather than the app vanishing at start-up.
pub struct AppState {
    store: std::result::Result<Mutex<Store>, CommandError>,
}

impl AppState {
    pub fn open() -> AppState {
        AppState {
            store: Store::open_default()
                .map(Mutex::new)
                .map_err(|e: StoreError| e.into()),
        }
    }

    pub fn store(&self) -> Result<MutexGuard<'_, Store>> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic while holding the lock cannot leave SQLite half-written (the transaction
        // rolls back), so a poisoned lock is safe to keep using.
        Ok(store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
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
    });
}
