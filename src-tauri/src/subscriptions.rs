//! Calendar subscriptions kept up to date while the app runs. The core says which are due
//! and writes what came back; this loop asks the servers in between, with the book free
//! (a slow server never blocks the app's commands).

use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};

use juggle::calendar::time;
use juggle::sync::{self, Refreshed};

use crate::error::Result;
use crate::state::AppState;

/// How often to look for subscriptions due: every 5 minutes (each is fetched at most
/// hourly, `sync::REFRESH_EVERY`), or `JUGGLE_SUBSCRIPTIONS_EVERY_MS`.
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
    });
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
