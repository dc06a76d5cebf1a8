//! Rescue: a book that could not be opened. The UI asks `rescue_status` first and shows
//! the rescue screen instead of the app; these work without an open book.

use tauri::State;

use juggle::book::json::Salvaged;
use juggle::book::rescue::{self, Rescue};
use juggle::store::backup;

use crate::error::Result;
use crate::state::AppState;

/// What went wrong opening the book and what can be done, or `null` when it is open.
/// The UI calls this first and shows the rescue screen instead of the app.
#[tauri::command]
#[specta::specta]
pub fn rescue_status(state: State<'_, AppState>) -> Option<Rescue> {
    state.rescue()
}

/// Restores a backup over the damaged book (kept aside, marked damaged) and opens it.
#[tauri::command]
#[specta::specta]
pub fn rescue_restore(state: State<'_, AppState>, path: String) -> Result<backup::Restored> {
    let data_file = state.failed_data_file()?;
    let restored = rescue::restore(&data_file, std::path::Path::new(&path))?;
    state.reopen()?;
    Ok(restored)
}

/// Saves what can still be read of the damaged book as a book file chosen in the native
/// save dialog.
#[tauri::command]
#[specta::specta]
pub fn rescue_salvage(state: State<'_, AppState>, path: String) -> Result<Salvaged> {
    let data_file = state.failed_data_file()?;
    Ok(rescue::salvage(&data_file, std::path::Path::new(&path))?)
}
