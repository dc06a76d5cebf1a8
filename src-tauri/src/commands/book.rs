//! Your book: the data folder, backups and the doctor, preferences, the whole book as JSON.

use tauri::AppHandle;

use crate::error::Result;
use crate::state::blocking;

use juggle::book::json::{self as book_json, BookSummary};
use juggle::settings::Preferences;
use juggle::store::{backup, doctor};

#[derive(serde::Serialize, specta::Type)]
pub struct Backups {
    /// The folder the backups are in.
    pub folder: String,
    /// How many are kept.
    pub keep: u32,
    /// Newest first.
    pub list: Vec<backup::Backup>,
}

#[tauri::command]
#[specta::specta]
pub async fn backups(app: AppHandle) -> Result<Backups> {
    blocking(app, move |state| {
        let store = state.store()?;
        Ok(Backups {
            folder: backup::folder(&store)?.display().to_string(),
            keep: backup::keep(&store)? as u32,
            list: backup::list(&store)?,
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn backup_create(app: AppHandle) -> Result<backup::Backup> {
    blocking(app, move |state| {
        Ok(backup::create(&*state.store()?, "manual")?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn backup_restore(app: AppHandle, path: String) -> Result<backup::Restored> {
    blocking(app, move |state| {
        Ok(backup::restore(
            &mut *state.store()?,
            std::path::Path::new(&path),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn backups_keep(app: AppHandle, count: String) -> Result<()> {
    blocking(app, move |state| {
        Ok(backup::set_keep_typed(&mut *state.store()?, &count)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn doctor(app: AppHandle) -> Result<doctor::Health> {
    blocking(app, move |state| Ok(doctor::examine(&*state.store()?)?)).await
}

/// What Settings → Your book shows.
#[derive(serde::Serialize, specta::Type)]
pub struct BookStatus {
    /// The folder holding the data file and its backups.
    pub data_folder: String,
    /// Nothing in it but settings: a book file may be imported.
    pub empty: bool,
}

/// The folder of the data file (`None` for a book that is not in a file).
fn data_folder(store: &juggle::Store) -> Option<std::path::PathBuf> {
    store
        .path()
        .and_then(std::path::Path::parent)
        .map(std::path::Path::to_path_buf)
}

#[tauri::command]
#[specta::specta]
pub async fn book_status(app: AppHandle) -> Result<BookStatus> {
    blocking(app, move |state| {
        let store = state.store()?;
        Ok(BookStatus {
            data_folder: data_folder(&store)
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            empty: book_json::is_empty(&store)?,
        })
    })
    .await
}

/// Writes the whole book to the JSON file chosen in the native save dialog.
#[tauri::command]
#[specta::specta]
pub async fn book_export(app: AppHandle, path: String) -> Result<BookSummary> {
    blocking(app, move |state| {
        Ok(book_json::export_file(
            &*state.store()?,
            std::path::Path::new(&path),
        )?)
    })
    .await
}

/// Loads a book file chosen in the native open dialog into the empty book.
#[tauri::command]
#[specta::specta]
pub async fn book_import(app: AppHandle, path: String) -> Result<BookSummary> {
    blocking(app, move |state| {
        Ok(book_json::import_file(
            &mut *state.store()?,
            std::path::Path::new(&path),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn preferences_get(app: AppHandle) -> Result<Preferences> {
    blocking(app, move |state| {
        Ok(juggle::settings::preferences(&*state.store()?)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn preferences_set(app: AppHandle, preferences: Preferences) -> Result<Preferences> {
    blocking(app, move |state| {
        Ok(juggle::settings::set_preferences(
            &mut *state.store()?,
            &preferences,
        )?)
    })
    .await
}

/// Opens the data folder in the OS's file manager.
#[tauri::command]
#[specta::specta]
pub async fn data_folder_open(app: tauri::AppHandle) -> Result<()> {
    blocking(app.clone(), move |state| {
        let folder = data_folder(&*state.store()?).ok_or_else(|| crate::error::CommandError {
            code: "data_folder.none".into(),
            message: "This book is not stored in a folder.".into(),
            field: None,
        })?;
        crate::desktop::open_path(&app, &folder)
    })
    .await
}
