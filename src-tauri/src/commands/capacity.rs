//! Working capacity, tasks, and the capacity check with its held requests.

use tauri::State;

use juggle::calendar::time;
use juggle::capacity::{
    self, tasks, Booking, BookingId, Capacity, CapacityCheck, DayOff, DayOffId, DayOffInput,
    DaysOffImport, Decision, Matrix, Request, Task, TaskId, TaskInput, TaskStatus, WorkingHours,
    WorkingHoursInput,
};
use juggle::clients::ClientId;

use crate::error::Result;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn capacity_show(state: State<'_, AppState>) -> Result<Capacity> {
    Ok(capacity::capacity(&*state.store()?, time::today())?)
}

#[tauri::command]
#[specta::specta]
pub async fn working_hours_set(
    state: State<'_, AppState>,
    input: WorkingHoursInput,
) -> Result<WorkingHours> {
    Ok(capacity::set_working_hours(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn day_off_add(state: State<'_, AppState>, input: DayOffInput) -> Result<DayOff> {
    Ok(capacity::add_day_off(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn day_off_remove(state: State<'_, AppState>, id: DayOffId) -> Result<()> {
    Ok(capacity::remove_day_off(&mut *state.store()?, id)?)
}

/// Imports whole-day events of an .ics file (public holidays, vacations) as days off.
#[tauri::command]
#[specta::specta]
pub async fn days_off_import(state: State<'_, AppState>, path: String) -> Result<DaysOffImport> {
    Ok(capacity::import_days_off_file(
        &mut *state.store()?,
        std::path::Path::new(&path),
        time::today(),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn tasks_list(
    state: State<'_, AppState>,
    client_id: Option<ClientId>,
    include_done: bool,
) -> Result<Vec<Task>> {
    Ok(tasks::list(
        state.store()?.conn(),
        client_id,
        include_done,
        time::today(),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn tasks_today(state: State<'_, AppState>) -> Result<Vec<Task>> {
    Ok(tasks::today_list(state.store()?.conn(), time::today())?)
}

#[tauri::command]
#[specta::specta]
pub async fn tasks_matrix(state: State<'_, AppState>) -> Result<Matrix> {
    Ok(tasks::matrix(state.store()?.conn(), time::today())?)
}

#[tauri::command]
#[specta::specta]
pub async fn task_add(state: State<'_, AppState>, input: TaskInput) -> Result<Task> {
    Ok(tasks::add(&mut *state.store()?, &input, time::today())?)
}

#[tauri::command]
#[specta::specta]
pub async fn task_update(state: State<'_, AppState>, id: TaskId, input: TaskInput) -> Result<Task> {
    Ok(tasks::update(
        &mut *state.store()?,
        id,
        &input,
        time::today(),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn task_set_status(
    state: State<'_, AppState>,
    id: TaskId,
    status: TaskStatus,
) -> Result<Task> {
    Ok(tasks::set_status(
        &mut *state.store()?,
        id,
        status,
        time::today(),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn task_delete(state: State<'_, AppState>, id: TaskId) -> Result<()> {
    Ok(tasks::delete(&mut *state.store()?, id)?)
}

/// Can this request be done by its deadline without making anything late?
#[tauri::command]
#[specta::specta]
pub async fn capacity_check(state: State<'_, AppState>, request: Request) -> Result<CapacityCheck> {
    Ok(capacity::check_request(
        &*state.store()?,
        &request,
        time::today(),
        time::local_zone(),
    )?)
}

/// Holds the request tentatively, accepts it (it becomes a task) or declines it.
#[tauri::command]
#[specta::specta]
pub async fn request_decide(
    state: State<'_, AppState>,
    request: Request,
    decision: Decision,
) -> Result<Booking> {
    Ok(capacity::decide(
        &mut *state.store()?,
        &request,
        decision,
        time::today(),
    )?)
}

/// Confirms (`accept`) or declines a tentative booking.
#[tauri::command]
#[specta::specta]
pub async fn booking_settle(
    state: State<'_, AppState>,
    id: BookingId,
    accept: bool,
) -> Result<Booking> {
    Ok(capacity::settle(&mut *state.store()?, id, accept)?)
}

#[tauri::command]
#[specta::specta]
pub async fn bookings_list(
    state: State<'_, AppState>,
    include_decided: bool,
) -> Result<Vec<Booking>> {
    Ok(capacity::list_bookings(
        state.store()?.conn(),
        include_decided,
    )?)
}

/// Adds hours worked on a contract; returns its total logged minutes.
#[tauri::command]
#[specta::specta]
pub async fn contract_log_hours(state: State<'_, AppState>, id: i64, hours: String) -> Result<u32> {
    Ok(capacity::log_contract_hours(
        &mut *state.store()?,
        id,
        &hours,
    )?)
}
