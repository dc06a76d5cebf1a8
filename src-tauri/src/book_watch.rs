//! Tells the UI when the book changed, whoever changed it (a command of this app, the CLI
//! in a terminal, later a sync), so every screen shows what is in the file without the
//! user navigating away and back. The core's `store::watch` sees the commits; this loop
//! asks it a few times a second, and at once after each of the app's own commands (a
//! nudge), and emits `book-changed` when the book really changed. So a screen shows its
//! own save immediately, and no screen needs to tell another that something changed.

use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};

use juggle::store::watch::Watch;

use crate::state::AppState;

/// The event the UI listens to (ui/src/lib/book.svelte.ts).
pub const BOOK_CHANGED: &str = "book-changed";

/// A change shows up within this; reading one pragma is far cheaper than a query.
const EVERY: Duration = Duration::from_millis(400);

/// Wakes the watch loop; managed as app state by `start`.
pub struct Nudge(SyncSender<()>);

/// After one of the app's commands: look at the book now rather than at the next tick.
/// A reading command costs one pragma read and emits nothing.
pub fn nudge(app: &AppHandle) {
    if let Some(nudge) = app.try_state::<Nudge>() {
        // A full queue means a look is already due, which is all a nudge asks for.
        let _ = nudge.0.try_send(());
    }
}

pub fn start(app: AppHandle) {
    let (tx, rx) = mpsc::sync_channel(1);
    let path = {
        let state = app.state::<AppState>();
        let Ok(store) = state.store() else { return };
        match store.path() {
            Some(p) => p.to_owned(),
            None => return,
        }
    };
    app.manage(Nudge(tx));
    std::thread::spawn(move || {
        let mut watch = match Watch::open(&path) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("changes to the book will show only on navigation: {e}");
                return;
            }
        };
        loop {
            if let Err(RecvTimeoutError::Disconnected) = rx.recv_timeout(EVERY) {
                return;
            }
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
