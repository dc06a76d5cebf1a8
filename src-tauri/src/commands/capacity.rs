//! Working capacity, tasks, and the capacity check with its held requests.

use tauri::AppHandle;

use juggle::calendar::time;
use juggle::capacity::{
    self, tasks, Booking, BookingId, Capacity, CapacityCheck, Completed, DayOff, DayOffId,
    DayOffInput, DaysOffImport, Decision, Matrix, Request, Task, TaskId, TaskInput, TaskStatus,
    TodayTasks, WorkingHours, WorkingHoursInput,
};
use juggle::clients::ClientId;

use crate::error::Result;
use crate::state::blocking;

#[tauri::command]
#[specta::specta]
pub async fn capacity_show(app: AppHandle) -> Result<Capacity> {
    blocking(app, move |state| {
        Ok(capacity::capacity(&*state.store()?, time::today())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn working_hours_set(app: AppHandle, input: WorkingHoursInput) -> Result<WorkingHours> {
    blocking(app, move |state| {
        Ok(capacity::set_working_hours(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn day_off_add(app: AppHandle, input: DayOffInput) -> Result<DayOff> {
    blocking(app, move |state| {
        Ok(capacity::add_day_off(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn day_off_remove(app: AppHandle, id: DayOffId) -> Result<i64> {
    blocking(app, move |state| {
        Ok(capacity::remove_day_off(&mut *state.store()?, id)?)
    })
    .await
}

/// Imports whole-day events of an .ics file (public holidays, vacations) as days off.
#[tauri::command]
#[specta::specta]
pub async fn days_off_import(app: AppHandle, path: String) -> Result<DaysOffImport> {
    blocking(app, move |state| {
        Ok(capacity::import_days_off_file(
            &mut *state.store()?,
            std::path::Path::new(&path),
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn tasks_list(
    app: AppHandle,
    client_id: Option<ClientId>,
    include_done: bool,
) -> Result<Vec<Task>> {
    blocking(app, move |state| {
        Ok(tasks::list(
            state.store()?.conn(),
            client_id,
            include_done,
            time::today(),
        )?)
    })
    .await
}

/// Today's tasks sized to today's working hours, the rest in `more`.
#[tauri::command]
#[specta::specta]
pub async fn tasks_today(app: AppHandle) -> Result<TodayTasks> {
    blocking(app, move |state| {
        Ok(tasks::today_sized(state.store()?.conn(), time::today())?)
    })
    .await
}

/// Ticks a task done; the answer carries its previous status for `task_undo_complete`.
#[tauri::command]
#[specta::specta]
pub async fn task_complete(app: AppHandle, id: TaskId) -> Result<Completed> {
    blocking(app, move |state| {
        Ok(tasks::complete(&mut *state.store()?, id, time::today())?)
    })
    .await
}

/// Takes back `task_complete` (refused once the task is no longer done).
#[tauri::command]
#[specta::specta]
pub async fn task_undo_complete(app: AppHandle, id: TaskId, previous: TaskStatus) -> Result<Task> {
    blocking(app, move |state| {
        Ok(tasks::undo_complete(
            &mut *state.store()?,
            id,
            previous,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn tasks_matrix(app: AppHandle) -> Result<Matrix> {
    blocking(app, move |state| {
        Ok(tasks::matrix(state.store()?.conn(), time::today())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn task_add(app: AppHandle, input: TaskInput) -> Result<Task> {
    blocking(app, move |state| {
        Ok(tasks::add(&mut *state.store()?, &input, time::today())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn task_update(app: AppHandle, id: TaskId, input: TaskInput) -> Result<Task> {
    blocking(app, move |state| {
        Ok(tasks::update(
            &mut *state.store()?,
            id,
            &input,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn task_set_status(app: AppHandle, id: TaskId, status: TaskStatus) -> Result<Task> {
    blocking(app, move |state| {
        Ok(tasks::set_status(
            &mut *state.store()?,
            id,
            status,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn task_delete(app: AppHandle, id: TaskId) -> Result<()> {
    blocking(app, move |state| {
        Ok(tasks::delete(&mut *state.store()?, id)?)
    })
    .await
}

/// Can this request be done by its deadline without making anything late?
#[tauri::command]
#[specta::specta]
pub async fn capacity_check(app: AppHandle, request: Request) -> Result<CapacityCheck> {
    blocking(app, move |state| {
        Ok(capacity::check_request(
            &*state.store()?,
            &request,
            time::today(),
            time::local_zone(),
        )?)
    })
    .await
}

/// Holds the request tentatively, accepts it (it becomes a task) or declines it.
#[tauri::command]
#[specta::specta]
pub async fn request_decide(
    app: AppHandle,
    request: Request,
    decision: Decision,
) -> Result<Booking> {
    blocking(app, move |state| {
        Ok(capacity::decide(
            &mut *state.store()?,
            &request,
            decision,
            time::today(),
        )?)
    })
    .await
}

/// The capacity check run again for a tentative booking, before confirming it.
#[tauri::command]
#[specta::specta]
pub async fn booking_recheck(app: AppHandle, id: BookingId) -> Result<CapacityCheck> {
    blocking(app, move |state| {
        Ok(capacity::recheck_booking(
            state.store()?.conn(),
            id,
            time::today(),
            time::local_zone(),
        )?)
    })
    .await
}

/// Confirms (due its deadline, or the day a recheck offered) or declines a tentative booking.
#[tauri::command]
#[specta::specta]
pub async fn booking_settle(app: AppHandle, id: BookingId, decision: Decision) -> Result<Booking> {
    blocking(app, move |state| {
        Ok(capacity::settle(
            &mut *state.store()?,
            id,
            decision,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn bookings_list(app: AppHandle, include_decided: bool) -> Result<Vec<Booking>> {
    blocking(app, move |state| {
        Ok(capacity::list_bookings(
            state.store()?.conn(),
            include_decided,
        )?)
    })
    .await
}

/// Adds hours worked on a contract; returns its total logged minutes.
#[tauri::command]
#[specta::specta]
pub async fn contract_log_hours(
    app: AppHandle,
    id: juggle::contracts::ContractId,
    hours: String,
) -> Result<u32> {
    blocking(app, move |state| {
        Ok(capacity::log_contract_hours(
            &mut *state.store()?,
            id,
            &hours,
            time::today(),
        )?)
    })
    .await
}

/// Saves an event from the event form with what the capacity check reads from it (the task
/// it is a block of, whether it counts as days off): a new one (`id` None), or the opened
/// occurrence in `scope`. One transaction.
#[tauri::command]
#[specta::specta]
pub async fn event_save(
    app: AppHandle,
    id: Option<juggle::calendar::EventId>,
    occurrence_key: i64,
    scope: juggle::calendar::Scope,
    input: juggle::calendar::EventInput,
    task: Option<TaskId>,
    away: bool,
) -> Result<juggle::calendar::Event> {
    blocking(app, move |state| {
        Ok(capacity::blocks::save(
            &mut *state.store()?,
            id.map(|id| (id, occurrence_key, scope)),
            &input,
            task,
            away,
        )?)
    })
    .await
}

/// What the capacity check reads from an event: its task, whether it counts as days off.
#[tauri::command]
#[specta::specta]
pub async fn event_links(
    app: AppHandle,
    id: juggle::calendar::EventId,
) -> Result<capacity::blocks::EventLinks> {
    blocking(app, move |state| {
        Ok(capacity::blocks::links_of(state.store()?.conn(), id)?)
    })
    .await
}

/// Gives a date working times of its own (a half day, a long day).
#[tauri::command]
#[specta::specta]
pub async fn date_hours_set(
    app: AppHandle,
    input: capacity::dates::DateHoursInput,
) -> Result<capacity::dates::DateHours> {
    blocking(app, move |state| {
        Ok(capacity::dates::set(&mut *state.store()?, &input)?)
    })
    .await
}

/// The date works its weekday's times again; returns the trash entry for Undo.
#[tauri::command]
#[specta::specta]
pub async fn date_hours_remove(app: AppHandle, day: chrono::NaiveDate) -> Result<i64> {
    blocking(app, move |state| {
        Ok(capacity::dates::remove(&mut *state.store()?, day)?)
    })
    .await
}
