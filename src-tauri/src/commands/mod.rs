//! The UI's whole vocabulary. Each command takes the book, calls one core function and
//! maps its error; nothing else belongs here.

use tauri::State;

use juggle::clients::{self, Client, ClientId, ClientInput, Contact, ContactId, ContactInput};

use crate::error::Result;
use crate::state::AppState;

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
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
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
}

/// First start, "Start empty": don't ask again.
#[tauri::command]
#[specta::specta]
pub async fn first_run_done(state: State<'_, AppState>) -> Result<()> {
    Ok(juggle::settings::finish_first_run(&mut *state.store()?)?)
}

/// First start, "Load sample data": a dozen clients and a fortnight around today.
#[tauri::command]
#[specta::specta]
pub async fn sample_load(state: State<'_, AppState>) -> Result<()> {
    let mut store = state.store()?;
    let zone = juggle::calendar::time::local_zone();
    let today = chrono::Utc::now().with_timezone(&zone).date_naive();
    juggle::generate::sample_book(&mut store, today, zone.name())?;
    Ok(juggle::settings::finish_first_run(&mut store)?)
}

#[tauri::command]
#[specta::specta]
pub async fn clients_list(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<Client>> {
    Ok(clients::list(&*state.store()?, include_archived)?)
}

#[tauri::command]
#[specta::specta]
pub async fn client_get(state: State<'_, AppState>, id: ClientId) -> Result<Client> {
    Ok(clients::get(&*state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn client_add(state: State<'_, AppState>, input: ClientInput) -> Result<Client> {
    Ok(clients::add(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn client_update(
    state: State<'_, AppState>,
    id: ClientId,
    input: ClientInput,
) -> Result<Client> {
    Ok(clients::update(&mut *state.store()?, id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn client_set_archived(
    state: State<'_, AppState>,
    id: ClientId,
    archived: bool,
) -> Result<Client> {
    Ok(clients::set_archived(&mut *state.store()?, id, archived)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contacts_list(
    state: State<'_, AppState>,
    client_id: ClientId,
    include_archived: bool,
) -> Result<Vec<Contact>> {
    Ok(clients::list_contacts(
        &*state.store()?,
        client_id,
        include_archived,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_add(
    state: State<'_, AppState>,
    client_id: ClientId,
    input: ContactInput,
) -> Result<Contact> {
    Ok(clients::add_contact(
        &mut *state.store()?,
        client_id,
        &input,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_update(
    state: State<'_, AppState>,
    id: ContactId,
    input: ContactInput,
) -> Result<Contact> {
    Ok(clients::update_contact(&mut *state.store()?, id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_set_archived(
    state: State<'_, AppState>,
    id: ContactId,
    archived: bool,
) -> Result<Contact> {
    Ok(clients::set_contact_archived(
        &mut *state.store()?,
        id,
        archived,
    )?)
}

/// Imports a vCard file chosen in the native file dialog.
#[tauri::command]
#[specta::specta]
pub async fn contacts_import_vcard(
    state: State<'_, AppState>,
    path: String,
) -> Result<clients::VcardReport> {
    Ok(clients::import_vcard_file(
        &mut *state.store()?,
        std::path::Path::new(&path),
    )?)
}

/// Imports clients and contacts from a CSV file with a header row.
#[tauri::command]
#[specta::specta]
pub async fn clients_import_csv(
    state: State<'_, AppState>,
    path: String,
) -> Result<clients::CsvReport> {
    Ok(clients::import_csv_file(
        &mut *state.store()?,
        std::path::Path::new(&path),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn clients_export_csv(
    state: State<'_, AppState>,
    path: String,
    include_archived: bool,
) -> Result<clients::CsvExported> {
    Ok(clients::export_csv_file(
        &*state.store()?,
        include_archived,
        std::path::Path::new(&path),
    )?)
}

// ---- Calendar ----

use juggle::calendar::{self, ics, time, Event, EventId, EventInput, Filter, Occurrence, Scope};

/// Everything on the calendar from `from` to `to` (inclusive dates) in the system's zone.
#[tauri::command]
#[specta::specta]
pub async fn calendar_occurrences(
    state: State<'_, AppState>,
    from: String,
    to: String,
    client_id: Option<ClientId>,
) -> Result<Vec<Occurrence>> {
    let (from, to) = (time::parse_date(&from)?, time::parse_date(&to)?);
    Ok(calendar::occurrences(
        &*state.store()?,
        from,
        to,
        time::local_zone(),
        &Filter { client_id },
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn event_get(state: State<'_, AppState>, id: EventId) -> Result<Event> {
    Ok(calendar::get_event(&*state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn event_add(state: State<'_, AppState>, input: EventInput) -> Result<Event> {
    Ok(calendar::add_event(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn event_update(
    state: State<'_, AppState>,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
    input: EventInput,
) -> Result<Event> {
    Ok(calendar::update_event(
        &mut *state.store()?,
        id,
        occurrence_key,
        scope,
        &input,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn event_move(
    state: State<'_, AppState>,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
    start: String,
    end: String,
) -> Result<Event> {
    Ok(calendar::move_occurrence(
        &mut *state.store()?,
        id,
        occurrence_key,
        scope,
        &start,
        &end,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn event_delete(
    state: State<'_, AppState>,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
) -> Result<()> {
    Ok(calendar::delete_event(
        &mut *state.store()?,
        id,
        occurrence_key,
        scope,
    )?)
}

/// What the event in the form would overlap (a warning, not a refusal).
#[tauri::command]
#[specta::specta]
pub async fn event_conflicts(
    state: State<'_, AppState>,
    input: EventInput,
    editing: Option<EventId>,
) -> Result<Vec<Occurrence>> {
    Ok(calendar::conflicts_for(&*state.store()?, &input, editing)?)
}

/// Imports an .ics file chosen in the native file dialog.
#[tauri::command]
#[specta::specta]
pub async fn calendar_import(
    state: State<'_, AppState>,
    path: String,
    client_id: Option<ClientId>,
) -> Result<ics::ImportReport> {
    Ok(ics::import_file(
        &mut *state.store()?,
        std::path::Path::new(&path),
        client_id,
    )?)
}

/// Exports to an .ics file chosen in the native save dialog; returns the number of events.
#[tauri::command]
#[specta::specta]
pub async fn calendar_export(
    state: State<'_, AppState>,
    path: String,
    client_id: Option<ClientId>,
) -> Result<u32> {
    Ok(ics::export_file(&*state.store()?, std::path::Path::new(&path), client_id)? as u32)
}

// ---- Backups and the data file ----

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
pub async fn backups(state: State<'_, AppState>) -> Result<Backups> {
    let store = state.store()?;
    Ok(Backups {
        folder: backup::folder(&store)?.display().to_string(),
        keep: backup::keep(&store)? as u32,
        list: backup::list(&store)?,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn backup_create(state: State<'_, AppState>) -> Result<backup::Backup> {
    Ok(backup::create(&*state.store()?, "manual")?)
}

#[tauri::command]
#[specta::specta]
pub async fn backup_restore(state: State<'_, AppState>, path: String) -> Result<backup::Restored> {
    Ok(backup::restore(
        &mut *state.store()?,
        std::path::Path::new(&path),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn backups_keep(state: State<'_, AppState>, count: u32) -> Result<()> {
    Ok(backup::set_keep(&mut *state.store()?, count as usize)?)
}

#[tauri::command]
#[specta::specta]
pub async fn doctor(state: State<'_, AppState>) -> Result<doctor::Health> {
    Ok(doctor::examine(&*state.store()?)?)
}
pub mod capacity;
pub mod contracts;
pub mod relationship;

// ---- Your book: the data folder, preferences, the whole book as JSON ----

use juggle::settings::Preferences;
use juggle::store::book_json::{self, BookSummary};

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
pub async fn book_status(state: State<'_, AppState>) -> Result<BookStatus> {
    let store = state.store()?;
    Ok(BookStatus {
        data_folder: data_folder(&store)
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        empty: book_json::is_empty(&store)?,
    })
}

/// Writes the whole book to the JSON file chosen in the native save dialog.
#[tauri::command]
#[specta::specta]
pub async fn book_export(state: State<'_, AppState>, path: String) -> Result<BookSummary> {
    Ok(book_json::export_file(
        &*state.store()?,
        std::path::Path::new(&path),
    )?)
}

/// Loads a book file chosen in the native open dialog into the empty book.
#[tauri::command]
#[specta::specta]
pub async fn book_import(state: State<'_, AppState>, path: String) -> Result<BookSummary> {
    Ok(book_json::import_file(
        &mut *state.store()?,
        std::path::Path::new(&path),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn preferences_get(state: State<'_, AppState>) -> Result<Preferences> {
    Ok(juggle::settings::preferences(&*state.store()?)?)
}

#[tauri::command]
#[specta::specta]
pub async fn preferences_set(
    state: State<'_, AppState>,
    preferences: Preferences,
) -> Result<Preferences> {
    Ok(juggle::settings::set_preferences(
        &mut *state.store()?,
        &preferences,
    )?)
}

/// Opens the data folder in the OS's file manager.
#[tauri::command]
#[specta::specta]
pub async fn data_folder_open(app: tauri::AppHandle, state: State<'_, AppState>) -> Result<()> {
    let folder = data_folder(&*state.store()?).ok_or_else(|| crate::error::CommandError {
        code: "data_folder.none".into(),
        message: "This book is not stored in a folder.".into(),
        field: None,
    })?;
    crate::desktop::open_path(&app, &folder)
}
