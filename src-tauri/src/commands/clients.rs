//! Clients and contacts, and their vCard/CSV import and export.

use tauri::State;

use crate::error::Result;
use crate::state::AppState;

use juggle::clients::{self, Client, ClientId, ClientInput, Contact, ContactId, ContactInput};

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
) -> Result<juggle::exchange::VcardReport> {
    Ok(juggle::exchange::import_vcard_file(
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
) -> Result<juggle::exchange::CsvReport> {
    Ok(juggle::exchange::import_csv_file(
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
) -> Result<juggle::exchange::CsvExported> {
    Ok(juggle::exchange::export_csv_file(
        &*state.store()?,
        include_archived,
        std::path::Path::new(&path),
    )?)
}
