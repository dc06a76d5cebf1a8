//! Desktop notifications for reminders while the app is open. The core decides what is
//! due (`calendar::due_reminders`); this loop only asks it twice a minute and shows them.

use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};

use juggle::calendar::{self, time};

use crate::state::AppState;

/// How often to look: every 30 s, or `JUGGLE_REMINDER_EVERY_MS` (the end-to-end test
/// sets it short so that it needs no long wait).
fn every() -> Duration {
    crate::state::every("JUGGLE_REMINDER_EVERY_MS", Duration::from_secs(30))
}

pub fn start(app: AppHandle) {
    let every = every();
    std::thread::spawn(move || {
        let mut last = Utc::now();
        loop {
            std::thread::sleep(every);
            let now = Utc::now();
            // The store's lock is held only to read the rows; series are expanded after
            // it is released, so a long series never blocks the app's commands.
            let snapshot = {
                let state = app.state::<AppState>();
                let Ok(store) = state.store() else { continue };
                calendar::reminder_snapshot(&store, last, now)
            };
            let due = snapshot.and_then(|s| calendar::due_in(s, last, now, time::local_zone()));
            last = now;
            for r in due.unwrap_or_default() {
                let o = &r.occurrence;
                let when = if r.minutes_before == 0 {
                    "now".to_owned()
                } else {
                    format!("in {} min", r.minutes_before)
                };
                let body = match &o.client {
                    Some(client) => format!("{when} · {client}"),
                    None => when,
                };
                crate::desktop::notify(&app, &o.title, &body);
            }
        }
    });
}
