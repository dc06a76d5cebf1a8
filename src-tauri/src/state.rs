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
            store: Store::open_default().map(Mutex::new).map_err(|e: StoreError| e.into()),
        }
    }

    pub fn store(&self) -> Result<MutexGuard<'_, Store>> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic while holding the lock cannot leave SQLite half-written (the transaction
        // rolls back), so a poisoned lock is safe to keep using.
        Ok(store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}
