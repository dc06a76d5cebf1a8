//! Tells the UI when the book changed, whoever changed it (a command of this app, the CLI
//! in a terminal, later a sync), so every screen shows what is in the file without the
//! user navigating away and back. The core's `store::watch` sees the commits; this loop
//! only asks it a few times a second and emits `book-changed`.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};

use juggle::store::watch::Watch;

use crate::state::AppState;

/// The event the UI listens to (ui/src/lib/book.svelte.ts).
pub const BOOK_CHANGED: &str = "book-changed";

/// A change shows up within this; reading one pragma is far cheaper than a query.
const EVERY: Duration = Duration::from_millis(400);

pub fn start(app: AppHandle) {
    let path = {
        let state = app.state::<AppState>();
        let Ok(store) = state.store() else { return };
        match store.path() {
            Some(p) => p.to_owned(),
            None => return,
        }
    };
    std::thread::spawn(move || {
        let mut watch = match Watch::open(&path) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("changes to the book will show only on navigation: {e}");
                return;
            }
        };
        loop {
            std::thread::sleep(EVERY);
            match watch.changed() {
                Ok(true) => {
                    let _ = app.emit(BOOK_CHANGED, ());
                }
                Ok(false) => {}
                // A busy or briefly unreadable file: look again next time.
                Err(_) => {}
            }
        }
    });
}
