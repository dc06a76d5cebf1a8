//! Desktop notifications for reminders while the app is open. The core decides what is
//! due (`calendar::due_reminders`); this loop only asks it twice a minute and shows them.

use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use juggle::calendar::{self, time};

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(30);

pub fn start(app: AppHandle) {
    std::thread::spawn(move || {
        let mut last = Utc::now();
        loop {
            std::thread::sleep(EVERY);
            let now = Utc::now();
            let due = {
                let state = app.state::<AppState>();
                let Ok(store) = state.store() else { continue };
                calendar::due_reminders(&store, last, now, time::local_zone())
            };
            last = now;
            for r in due.unwrap_or_default() {
                let o = &r.occurrence;
                let when = if r.minutes_before == 0 { "now".to_owned() } else { format!("in {} min", r.minutes_before) };
                let body = match &o.client {
                    Some(client) => format!("{when} · {client}"),
                    None => when,
                };
                // No notification service (e.g. a bare X session) is not worth a crash.
                if let Err(e) = app.notification().builder().title(&o.title).body(body).show() {
                    eprintln!("reminder for “{}” not shown: {e}", o.title);
                }
            }
        }
    });
}
