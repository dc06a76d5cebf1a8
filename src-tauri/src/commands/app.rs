//! The app itself: what it shows at start and the first-run choice.

use tauri::AppHandle;

use crate::error::Result;
use crate::state::blocking;

#[derive(serde::Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    /// Full path of the SQLite file holding the book.
    pub data_file: String,
    /// The IANA zone new events default to (the system's).
    pub zone: String,
    /// Never answered the welcome and the book is empty: offer the sample book.
    pub first_run: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(app: AppHandle) -> Result<AppInfo> {
    blocking(app, move |state| {
        let store = state.store()?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_file: store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            zone: juggle::calendar::time::local_zone().name().to_owned(),
            first_run: juggle::settings::is_first_run(&store)?,
        })
    })
    .await
}

/// First start, "Start empty": don't ask again.
#[tauri::command]
#[specta::specta]
pub async fn first_run_done(app: AppHandle) -> Result<()> {
    blocking(app, move |state| {
        Ok(juggle::settings::finish_first_run(&mut *state.store()?)?)
    })
    .await
}

/// First start, "Load sample data": a dozen clients and a fortnight around today.
#[tauri::command]
#[specta::specta]
pub async fn sample_load(app: AppHandle) -> Result<()> {
    blocking(app, move |state| {
        let mut store = state.store()?;
        let zone = juggle::calendar::time::local_zone();
        let today = chrono::Utc::now().with_timezone(&zone).date_naive();
        juggle::generate::sample_book(&mut store, today, zone.name())?;
        Ok(juggle::settings::finish_first_run(&mut store)?)
    })
    .await
}

/// Undo of a delete the core kept in its trash (a breach, a day off); says what came back.
#[tauri::command]
#[specta::specta]
pub async fn undo_delete(app: AppHandle, entry: i64) -> Result<String> {
    blocking(app, move |state| {
        Ok(juggle::store::trash::undo(&mut *state.store()?, entry)?)
    })
    .await
}
