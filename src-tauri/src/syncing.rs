//! Subscriptions and CalDAV accounts kept up to date while the app runs. The core says
//! what is due and writes what came back; this loop asks the servers in between, with the
//! book free (a slow server never blocks the app's commands).

use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};

use juggle::calendar::time;
use juggle::sync::dav::{self, credentials, AccountReport};
use juggle::sync::{self, Refreshed, SyncError};
use juggle::Store;

use crate::error::Result;
use crate::state::AppState;

/// How often to sync: every 5 minutes (accounts each time unless backing off after a
/// failure; a subscription at most hourly, `sync::REFRESH_EVERY`), or
/// `JUGGLE_SUBSCRIPTIONS_EVERY_MS`.
fn every() -> Duration {
    crate::state::every("JUGGLE_SUBSCRIPTIONS_EVERY_MS", Duration::from_secs(300))
}

pub fn start(app: AppHandle) {
    let every = every();
    // A first look soon after start (the app may have been closed for days), then steadily.
    let mut wait = every.min(Duration::from_secs(10));
    std::thread::spawn(move || loop {
        std::thread::sleep(wait);
        wait = every;
        let state = app.state::<AppState>();
        if let Ok(done) = refresh(&state, false) {
            if done.iter().any(|r| !r.unchanged && r.error.is_none()) {
                crate::book_watch::nudge(&app);
            }
        }
        if let Ok(done) = sync_accounts(&state, false) {
            let moved = done
                .iter()
                .flat_map(|a| &a.collections)
                .any(|c| c.pulled + c.removed_here + c.conflicts > 0);
            if moved || done.iter().any(|a| a.error.is_some()) {
                crate::book_watch::nudge(&app);
            }
        }
    });
}

/// The engine borrows the book between requests, never across one.
impl dav::Book for AppState {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Store) -> std::result::Result<R, SyncError>,
    ) -> std::result::Result<R, SyncError> {
        let mut store = self.store().map_err(|e| SyncError::BookClosed(e.message))?;
        f(&mut store)
    }
}

/// Syncs the accounts due (or all), passwords from the keychain or this session.
pub fn sync_accounts(state: &AppState, all: bool) -> Result<Vec<AccountReport>> {
    let password = |a: &dav::Account| credentials::password(&a.url, &a.user);
    Ok(dav::sync_accounts(
        state,
        &password,
        all,
        chrono::Utc::now(),
    )?)
}

/// Refreshes the subscriptions due (or all): reads what to ask with the book held, asks
/// each server with it free, writes each answer with it held again.
pub fn refresh(state: &AppState, all: bool) -> Result<Vec<Refreshed>> {
    let checks = sync::due(state.store()?.conn(), Utc::now(), all)?;
    let mut done = Vec::with_capacity(checks.len());
    for check in checks {
        let fetched = check.fetch();
        done.push(sync::apply(
            &mut *state.store()?,
            &check,
            fetched,
            time::today(),
        )?);
    }
    Ok(done)
}
