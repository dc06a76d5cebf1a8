//! Clients and contacts, and their vCard/CSV import and export.

use tauri::AppHandle;

use crate::error::Result;
use crate::state::blocking;

use juggle::clients::{self, Client, ClientId, ClientInput, Contact, ContactId, ContactInput};

#[tauri::command]
#[specta::specta]
pub async fn clients_list(app: AppHandle, include_archived: bool) -> Result<Vec<Client>> {
    blocking(app, move |state| {
        Ok(clients::list(&*state.store()?, include_archived)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_get(app: AppHandle, id: ClientId) -> Result<Client> {
    blocking(app, move |state| Ok(clients::get(&*state.store()?, id)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn client_add(app: AppHandle, input: ClientInput) -> Result<Client> {
    blocking(app, move |state| {
        Ok(clients::add(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_update(app: AppHandle, id: ClientId, input: ClientInput) -> Result<Client> {
    blocking(app, move |state| {
        Ok(clients::update(&mut *state.store()?, id, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_set_archived(app: AppHandle, id: ClientId, archived: bool) -> Result<Client> {
    blocking(app, move |state| {
        Ok(clients::set_archived(&mut *state.store()?, id, archived)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contacts_list(
    app: AppHandle,
    client_id: ClientId,
    include_archived: bool,
) -> Result<Vec<Contact>> {
    blocking(app, move |state| {
        Ok(clients::list_contacts(
            &*state.store()?,
            client_id,
            include_archived,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contact_add(
    app: AppHandle,
    client_id: ClientId,
    input: ContactInput,
) -> Result<Contact> {
    blocking(app, move |state| {
        Ok(clients::add_contact(
            &mut *state.store()?,
            client_id,
            &input,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contact_update(app: AppHandle, id: ContactId, input: ContactInput) -> Result<Contact> {
    blocking(app, move |state| {
        Ok(clients::update_contact(&mut *state.store()?, id, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contact_set_archived(
    app: AppHandle,
    id: ContactId,
    archived: bool,
) -> Result<Contact> {
    blocking(app, move |state| {
        Ok(clients::set_contact_archived(
            &mut *state.store()?,
            id,
            archived,
        )?)
    })
    .await
}

/// Imports a vCard file chosen in the native file dialog.
#[tauri::command]
#[specta::specta]
pub async fn contacts_import_vcard(
    app: AppHandle,
    path: String,
) -> Result<juggle::exchange::VcardReport> {
    blocking(app, move |state| {
        Ok(juggle::exchange::import_vcard_file(
            &mut *state.store()?,
            std::path::Path::new(&path),
        )?)
    })
    .await
}

/// Imports clients and contacts from a CSV file with a header row.
#[tauri::command]
#[specta::specta]
pub async fn clients_import_csv(
    app: AppHandle,
    path: String,
) -> Result<juggle::exchange::CsvReport> {
    blocking(app, move |state| {
        Ok(juggle::exchange::import_csv_file(
            &mut *state.store()?,
            std::path::Path::new(&path),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn clients_export_csv(
    app: AppHandle,
    path: String,
    include_archived: bool,
) -> Result<juggle::exchange::CsvExported> {
    blocking(app, move |state| {
        Ok(juggle::exchange::export_csv_file(
            &*state.store()?,
            include_archived,
            std::path::Path::new(&path),
        )?)
    })
    .await
}
