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
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    let store = state.store()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_file: store.path().map(|p| p.display().to_string()).unwrap_or_default(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn clients_list(state: State<'_, AppState>, include_archived: bool) -> Result<Vec<Client>> {
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
pub async fn client_update(state: State<'_, AppState>, id: ClientId, input: ClientInput) -> Result<Client> {
    Ok(clients::update(&mut *state.store()?, id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn client_set_archived(state: State<'_, AppState>, id: ClientId, archived: bool) -> Result<Client> {
    Ok(clients::set_archived(&mut *state.store()?, id, archived)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contacts_list(
    state: State<'_, AppState>,
    client_id: ClientId,
    include_archived: bool,
) -> Result<Vec<Contact>> {
    Ok(clients::list_contacts(&*state.store()?, client_id, include_archived)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_add(state: State<'_, AppState>, client_id: ClientId, input: ContactInput) -> Result<Contact> {
    Ok(clients::add_contact(&mut *state.store()?, client_id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_update(state: State<'_, AppState>, id: ContactId, input: ContactInput) -> Result<Contact> {
    Ok(clients::update_contact(&mut *state.store()?, id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contact_set_archived(state: State<'_, AppState>, id: ContactId, archived: bool) -> Result<Contact> {
    Ok(clients::set_contact_archived(&mut *state.store()?, id, archived)?)
}
