//! Time tracking: the timer in the header, the timesheet, entries typed by hand.

use chrono::{NaiveDate, Utc};
use tauri::AppHandle;

use juggle::calendar::time;
use juggle::tracking::{self, EntryInput, Started, Target, TimeEntry, TimeEntryId, Timesheet};

use crate::error::Result;
use crate::state::blocking;

#[tauri::command]
#[specta::specta]
pub async fn timer_running(app: AppHandle) -> Result<Option<TimeEntry>> {
    blocking(app, move |state| {
        Ok(tracking::running(state.store()?.conn(), Utc::now())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn timer_start(app: AppHandle, target: Target, note: String) -> Result<Started> {
    blocking(app, move |state| {
        Ok(tracking::start(
            &mut *state.store()?,
            target,
            &note,
            Utc::now(),
            time::local_zone(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn timer_stop(app: AppHandle) -> Result<TimeEntry> {
    blocking(app, move |state| {
        Ok(tracking::stop(&mut *state.store()?, Utc::now())?)
    })
    .await
}

/// The seven days from `first_day` (the UI's week start).
#[tauri::command]
#[specta::specta]
pub async fn timesheet(app: AppHandle, first_day: NaiveDate) -> Result<Timesheet> {
    blocking(app, move |state| {
        Ok(tracking::timesheet(
            state.store()?.conn(),
            first_day,
            Utc::now(),
            time::local_zone(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn time_add(app: AppHandle, input: EntryInput) -> Result<TimeEntry> {
    blocking(app, move |state| {
        Ok(tracking::add(
            &mut *state.store()?,
            &input,
            Utc::now(),
            time::local_zone(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn time_update(app: AppHandle, id: TimeEntryId, input: EntryInput) -> Result<TimeEntry> {
    blocking(app, move |state| {
        Ok(tracking::update(
            &mut *state.store()?,
            id,
            &input,
            Utc::now(),
            time::local_zone(),
        )?)
    })
    .await
}

/// Deletes an entry; returns the trash entry for Undo (`undo_delete`).
#[tauri::command]
#[specta::specta]
pub async fn time_delete(app: AppHandle, id: TimeEntryId) -> Result<i64> {
    blocking(app, move |state| {
        Ok(tracking::delete(&mut *state.store()?, id, Utc::now())?)
    })
    .await
}

/// Is each client worth it, over `from`..=`to` (issue 16).
#[tauri::command]
#[specta::specta]
pub async fn clients_report(
    app: AppHandle,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<juggle::views::ClientsReport> {
    blocking(app, move |state| {
        Ok(juggle::views::clients_report(
            state.store()?.conn(),
            from,
            to,
            time::today(),
        )?)
    })
    .await
}

/// The same report written as CSV to `path` (chosen in a save dialog).
#[tauri::command]
#[specta::specta]
pub async fn clients_report_csv(
    app: AppHandle,
    from: NaiveDate,
    to: NaiveDate,
    path: String,
) -> Result<()> {
    blocking(app, move |state| {
        let report = juggle::views::clients_report(state.store()?.conn(), from, to, time::today())?;
        let text = juggle::views::clients_report::to_csv(&report);
        juggle::export::write_whole(std::path::Path::new(&path), text.as_bytes()).map_err(|e| {
            juggle::contracts::ContractError::Unwritable(path.clone(), e.to_string())
        })?;
        Ok(())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn exit_plan(
    app: AppHandle,
    client: juggle::clients::ClientId,
) -> Result<juggle::views::ExitPlan> {
    blocking(app, move |state| {
        Ok(juggle::views::exit_plan(
            state.store()?.conn(),
            client,
            time::today(),
            Utc::now(),
        )?)
    })
    .await
}
