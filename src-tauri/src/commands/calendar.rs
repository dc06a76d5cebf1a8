//! The calendar: occurrences in a window, events, conflicts, .ics import and export.

use tauri::State;

use crate::error::Result;
use crate::state::AppState;

use juggle::calendar::{self, ics, time, Event, EventId, EventInput, Filter, Occurrence, Scope};
use juggle::clients::ClientId;

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
    Ok(juggle::views::occurrences(
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
