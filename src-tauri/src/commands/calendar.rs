//! The calendar: occurrences in a window, events, conflicts, .ics import and export.

use tauri::AppHandle;

use crate::error::Result;
use crate::state::blocking;

use juggle::calendar::{
    self, ics, time, Calendar, CalendarId, CalendarInput, Event, EventId, EventInput, Filter,
    Occurrence, Removed, Scope, SkippedOccurrence, Undo,
};
use juggle::clients::ClientId;
use juggle::views::{Fit, FittedView};

/// Everything on the calendar from `from` to `to` (inclusive dates) in the system's zone,
/// cut to what the view can show (`fit`), with what was left out per slot and the series
/// cut short there.
#[tauri::command]
#[specta::specta]
pub async fn calendar_occurrences(
    app: AppHandle,
    from: String,
    to: String,
    client_id: Option<ClientId>,
    fit: Fit,
) -> Result<FittedView> {
    blocking(app, move |state| {
        let (from, to) = (time::parse_date(&from)?, time::parse_date(&to)?);
        Ok(juggle::views::calendar_fitted(
            &*state.store()?,
            from,
            to,
            time::local_zone(),
            &Filter {
                client_id,
                shown_only: true,
            },
            fit,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn event_get(app: AppHandle, id: EventId) -> Result<Event> {
    blocking(app, move |state| {
        Ok(calendar::get_event(&*state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn event_add(app: AppHandle, input: EventInput) -> Result<Event> {
    blocking(app, move |state| {
        Ok(calendar::add_event(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn event_update(
    app: AppHandle,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
    input: EventInput,
) -> Result<Event> {
    blocking(app, move |state| {
        Ok(calendar::update_event(
            &mut *state.store()?,
            id,
            occurrence_key,
            scope,
            &input,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn event_move(
    app: AppHandle,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
    start: String,
    end: String,
) -> Result<Event> {
    blocking(app, move |state| {
        Ok(calendar::move_occurrence(
            &mut *state.store()?,
            id,
            occurrence_key,
            scope,
            &start,
            &end,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn event_delete(
    app: AppHandle,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
) -> Result<Removed> {
    blocking(app, move |state| {
        Ok(calendar::delete_event(
            &mut *state.store()?,
            id,
            occurrence_key,
            scope,
        )?)
    })
    .await
}

/// What the event in the form would overlap (a warning, not a refusal).
#[tauri::command]
#[specta::specta]
pub async fn event_conflicts(
    app: AppHandle,
    input: EventInput,
    editing: Option<EventId>,
) -> Result<Vec<Occurrence>> {
    blocking(app, move |state| {
        Ok(calendar::conflicts_for(&*state.store()?, &input, editing)?)
    })
    .await
}

/// Imports an .ics file chosen in the native file dialog into the book's own calendar, one
/// of the user's (`calendar_id`), or a new one made with it (`new_calendar`).
#[tauri::command]
#[specta::specta]
pub async fn calendar_import(
    app: AppHandle,
    path: String,
    client_id: Option<ClientId>,
    calendar_id: Option<CalendarId>,
    new_calendar: Option<CalendarInput>,
) -> Result<ics::ImportReport> {
    blocking(app, move |state| {
        let (store, path) = (&mut *state.store()?, std::path::Path::new(&path));
        Ok(match new_calendar {
            Some(new) => ics::import_file_into_new(store, path, client_id, &new)?.0,
            None => ics::import_file(store, path, client_id, calendar_id)?,
        })
    })
    .await
}

/// Exports to an .ics file chosen in the native save dialog; returns the number of events.
#[tauri::command]
#[specta::specta]
pub async fn calendar_export(
    app: AppHandle,
    path: String,
    client_id: Option<ClientId>,
) -> Result<u32> {
    blocking(app, move |state| {
        Ok(ics::export_file(&*state.store()?, std::path::Path::new(&path), client_id)? as u32)
    })
    .await
}

/// Takes a delete back (the toast's Undo); says what came back.
#[tauri::command]
#[specta::specta]
pub async fn event_undo(app: AppHandle, undo: Undo) -> Result<String> {
    blocking(app, move |state| {
        Ok(calendar::undo(&mut *state.store()?, &undo)?)
    })
    .await
}

/// The occurrences skipped from a series, to bring one back.
#[tauri::command]
#[specta::specta]
pub async fn event_skipped(app: AppHandle, series: EventId) -> Result<Vec<SkippedOccurrence>> {
    blocking(app, move |state| {
        Ok(calendar::skipped(state.store()?.conn(), series)?)
    })
    .await
}

/// The user's calendars besides the book's own.
#[tauri::command]
#[specta::specta]
pub async fn calendars_list(app: AppHandle) -> Result<Vec<Calendar>> {
    blocking(app, move |state| {
        Ok(calendar::list_calendars(state.store()?.conn())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn calendars_add(app: AppHandle, input: CalendarInput) -> Result<Calendar> {
    blocking(app, move |state| {
        Ok(calendar::add_calendar(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn calendars_update(
    app: AppHandle,
    id: CalendarId,
    input: CalendarInput,
) -> Result<Calendar> {
    blocking(app, move |state| {
        Ok(calendar::update_calendar(&mut *state.store()?, id, &input)?)
    })
    .await
}

/// Deletes a calendar with its events; `event_undo` takes it back.
#[tauri::command]
#[specta::specta]
pub async fn calendars_delete(app: AppHandle, id: CalendarId) -> Result<Removed> {
    blocking(app, move |state| {
        Ok(calendar::delete_calendar(&mut *state.store()?, id)?)
    })
    .await
}
