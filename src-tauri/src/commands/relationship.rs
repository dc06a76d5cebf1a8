//! The client card, the brief, today, and the records they are made of.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use tauri::{AppHandle, State};

use juggle::calendar::{time, EventId};
use juggle::clients::ClientId;
use juggle::relationship::{
    self as rel, dates, files, interactions, plan, policies, satisfaction, ImportantDate,
    ImportantDateInput, Interaction, InteractionInput, Policy, PolicyStatus,
};
use juggle::views::{self, Brief, ClientCard, ClientRow, Today};

use crate::error::Result;
use crate::state::AppState;

/// The moment the views are computed for, in the system's zone.
fn clock() -> (NaiveDate, DateTime<Utc>, Tz) {
    let zone = time::local_zone();
    let now = Utc::now();
    (now.with_timezone(&zone).date_naive(), now, zone)
}

/// The client list with health and contact status.
#[tauri::command]
#[specta::specta]
pub async fn clients_overview(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<ClientRow>> {
    let (today, now, zone) = clock();
    Ok(views::overview(
        &*state.store()?,
        include_archived,
        today,
        now,
        zone,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn client_card(state: State<'_, AppState>, id: ClientId) -> Result<ClientCard> {
    let (today, now, zone) = clock();
    Ok(views::card(&*state.store()?, id, today, now, zone)?)
}

#[tauri::command]
#[specta::specta]
pub async fn today_view(state: State<'_, AppState>) -> Result<Today> {
    let (today, now, zone) = clock();
    Ok(views::today(&*state.store()?, today, now, zone)?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_brief(
    state: State<'_, AppState>,
    event_id: EventId,
    occurrence_key: i64,
) -> Result<Brief> {
    let (_, now, zone) = clock();
    Ok(views::brief(
        &*state.store()?,
        event_id,
        occurrence_key,
        now,
        zone,
    )?)
}

/// Every N days as typed; blank for no cadence. The core parses it and names the field.
#[tauri::command]
#[specta::specta]
pub async fn client_set_cadence(
    state: State<'_, AppState>,
    id: ClientId,
    days: String,
) -> Result<()> {
    let days = rel::parse_cadence(&days)?;
    Ok(rel::set_cadence(&mut *state.store()?, id, days)?)
}

#[tauri::command]
#[specta::specta]
pub async fn date_add(
    state: State<'_, AppState>,
    input: ImportantDateInput,
) -> Result<ImportantDate> {
    Ok(dates::add_date(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn date_update(
    state: State<'_, AppState>,
    id: dates::DateId,
    input: ImportantDateInput,
) -> Result<ImportantDate> {
    Ok(dates::update_date(&mut *state.store()?, id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn date_delete(state: State<'_, AppState>, id: dates::DateId) -> Result<()> {
    Ok(dates::delete_date(&mut *state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_add(
    state: State<'_, AppState>,
    input: InteractionInput,
) -> Result<Interaction> {
    Ok(interactions::add_interaction(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_update(
    state: State<'_, AppState>,
    id: interactions::InteractionId,
    input: InteractionInput,
) -> Result<Interaction> {
    Ok(interactions::update_interaction(
        &mut *state.store()?,
        id,
        &input,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_delete(
    state: State<'_, AppState>,
    id: interactions::InteractionId,
) -> Result<()> {
    Ok(interactions::delete_interaction(&mut *state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn follow_up_done(
    state: State<'_, AppState>,
    id: interactions::InteractionId,
    done: bool,
) -> Result<Interaction> {
    Ok(interactions::set_follow_up_done(
        &mut *state.store()?,
        id,
        done,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn score_add(
    state: State<'_, AppState>,
    input: satisfaction::ScoreInput,
) -> Result<satisfaction::Score> {
    Ok(satisfaction::record_score(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn score_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    Ok(satisfaction::delete_score(&mut *state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn policy_get(state: State<'_, AppState>) -> Result<Option<Policy>> {
    Ok(policies::current_policy(state.store()?.conn())?)
}

#[tauri::command]
#[specta::specta]
pub async fn policy_save(state: State<'_, AppState>, text: String) -> Result<Policy> {
    Ok(policies::save_policy(&mut *state.store()?, &text)?)
}

/// The client acknowledged the current policies on `day`.
#[tauri::command]
#[specta::specta]
pub async fn policy_acknowledge(
    state: State<'_, AppState>,
    client_id: ClientId,
    day: String,
) -> Result<PolicyStatus> {
    Ok(policies::acknowledge(
        &mut *state.store()?,
        client_id,
        None,
        &day,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn breach_add(
    state: State<'_, AppState>,
    input: policies::BreachInput,
) -> Result<policies::Breach> {
    Ok(policies::add_breach(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn breach_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    Ok(policies::delete_breach(&mut *state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn plan_save(
    state: State<'_, AppState>,
    client_id: ClientId,
    input: plan::PlanInput,
) -> Result<Option<plan::AccountPlan>> {
    Ok(plan::save_plan(&mut *state.store()?, client_id, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn file_link(
    state: State<'_, AppState>,
    client_id: ClientId,
    path: String,
    label: String,
) -> Result<files::LinkedFile> {
    Ok(files::link_file(
        &mut *state.store()?,
        client_id,
        &path,
        &label,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn file_unlink(state: State<'_, AppState>, id: i64) -> Result<()> {
    Ok(files::unlink_file(&mut *state.store()?, id)?)
}

/// Opens a linked file or folder with the OS's default application, if the core allows:
/// a program or a network path answers `file.needs_confirmation` with a message naming
/// it, and the UI asks, then calls again with `confirmed`.
#[tauri::command]
#[specta::specta]
pub async fn file_open(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    confirmed: bool,
) -> Result<()> {
    let path = files::path_to_open(state.store()?.conn(), id, confirmed)?;
    crate::desktop::open_path(&app, &path)
}
