//! The client card, the brief, today, and the records they are made of.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use tauri::AppHandle;

use juggle::calendar::{time, EventId};
use juggle::clients::ClientId;
use juggle::relationship::{
    self as rel, dates, files, interactions, plan, policies, satisfaction, ImportantDate,
    ImportantDateInput, Interaction, InteractionInput, Policy, PolicyStatus,
};
use juggle::views::{self, Brief, ClientCard, ClientRow, Today, TodayPanel};

use crate::error::Result;
use crate::state::blocking;

/// The moment the views are computed for, in the system's zone.
fn clock() -> (NaiveDate, DateTime<Utc>, Tz) {
    let zone = time::local_zone();
    let now = Utc::now();
    (now.with_timezone(&zone).date_naive(), now, zone)
}

/// The client list with health and contact status.
#[tauri::command]
#[specta::specta]
pub async fn clients_overview(app: AppHandle, include_archived: bool) -> Result<Vec<ClientRow>> {
    blocking(app, move |state| {
        let (today, now, zone) = clock();
        Ok(views::overview(
            &*state.store()?,
            include_archived,
            today,
            now,
            zone,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_card(app: AppHandle, id: ClientId) -> Result<ClientCard> {
    blocking(app, move |state| {
        let (today, now, zone) = clock();
        Ok(views::card(&*state.store()?, id, today, now, zone)?)
    })
    .await
}

/// Today, each panel cut to its top rows except those in `complete` ("Show all").
#[tauri::command]
#[specta::specta]
pub async fn today_view(app: AppHandle, complete: Vec<TodayPanel>) -> Result<Today> {
    blocking(app, move |state| {
        let (today, now, zone) = clock();
        Ok(views::today_top(
            &*state.store()?,
            today,
            now,
            zone,
            &complete,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_brief(
    app: AppHandle,
    event_id: EventId,
    occurrence_key: i64,
) -> Result<Brief> {
    blocking(app, move |state| {
        let (_, now, zone) = clock();
        Ok(views::brief(
            &*state.store()?,
            event_id,
            occurrence_key,
            now,
            zone,
        )?)
    })
    .await
}

/// Every N days as typed; blank for no cadence. The core parses it and names the field.
#[tauri::command]
#[specta::specta]
pub async fn client_set_cadence(app: AppHandle, id: ClientId, days: String) -> Result<()> {
    blocking(app, move |state| {
        let days = rel::parse_cadence(&days)?;
        Ok(rel::set_cadence(&mut *state.store()?, id, days)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn date_add(app: AppHandle, input: ImportantDateInput) -> Result<ImportantDate> {
    blocking(app, move |state| {
        Ok(dates::add_date(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn date_update(
    app: AppHandle,
    id: dates::DateId,
    input: ImportantDateInput,
) -> Result<ImportantDate> {
    blocking(app, move |state| {
        Ok(dates::update_date(&mut *state.store()?, id, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn date_delete(app: AppHandle, id: dates::DateId) -> Result<i64> {
    blocking(app, move |state| {
        Ok(dates::delete_date(&mut *state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_add(app: AppHandle, input: InteractionInput) -> Result<Interaction> {
    blocking(app, move |state| {
        Ok(interactions::add_interaction(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_update(
    app: AppHandle,
    id: interactions::InteractionId,
    input: InteractionInput,
) -> Result<Interaction> {
    blocking(app, move |state| {
        Ok(interactions::update_interaction(
            &mut *state.store()?,
            id,
            &input,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn interaction_delete(app: AppHandle, id: interactions::InteractionId) -> Result<i64> {
    blocking(app, move |state| {
        Ok(interactions::delete_interaction(&mut *state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn follow_up_done(
    app: AppHandle,
    id: interactions::InteractionId,
    done: bool,
) -> Result<Interaction> {
    blocking(app, move |state| {
        Ok(interactions::set_follow_up_done(
            &mut *state.store()?,
            id,
            done,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn score_add(
    app: AppHandle,
    input: satisfaction::ScoreInput,
) -> Result<satisfaction::Score> {
    blocking(app, move |state| {
        Ok(satisfaction::record_score(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn score_delete(app: AppHandle, id: i64) -> Result<()> {
    blocking(app, move |state| {
        Ok(satisfaction::delete_score(&mut *state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn policy_get(app: AppHandle) -> Result<Option<Policy>> {
    blocking(app, move |state| {
        Ok(policies::current_policy(state.store()?.conn())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn policy_save(app: AppHandle, text: String) -> Result<Policy> {
    blocking(app, move |state| {
        Ok(policies::save_policy(&mut *state.store()?, &text)?)
    })
    .await
}

/// The client acknowledged the current policies on `day`.
#[tauri::command]
#[specta::specta]
pub async fn policy_acknowledge(
    app: AppHandle,
    client_id: ClientId,
    day: String,
) -> Result<PolicyStatus> {
    blocking(app, move |state| {
        Ok(policies::acknowledge(
            &mut *state.store()?,
            client_id,
            None,
            &day,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn breach_add(app: AppHandle, input: policies::BreachInput) -> Result<policies::Breach> {
    blocking(app, move |state| {
        Ok(policies::add_breach(&mut *state.store()?, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn breach_delete(app: AppHandle, id: i64) -> Result<i64> {
    blocking(app, move |state| {
        Ok(policies::delete_breach(&mut *state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn plan_save(
    app: AppHandle,
    client_id: ClientId,
    input: plan::PlanInput,
) -> Result<Option<plan::AccountPlan>> {
    blocking(app, move |state| {
        Ok(plan::save_plan(&mut *state.store()?, client_id, &input)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn file_link(
    app: AppHandle,
    client_id: ClientId,
    path: String,
    label: String,
) -> Result<files::LinkedFile> {
    blocking(app, move |state| {
        Ok(files::link_file(
            &mut *state.store()?,
            client_id,
            &path,
            &label,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn file_unlink(app: AppHandle, id: i64) -> Result<()> {
    blocking(app, move |state| {
        Ok(files::unlink_file(&mut *state.store()?, id)?)
    })
    .await
}

/// Opens a linked file or folder with the OS's default application, if the core allows:
/// a program or a network path answers `file.needs_confirmation` with a message naming
/// it, and the UI asks, then calls again with `confirmed`.
#[tauri::command]
#[specta::specta]
pub async fn file_open(app: AppHandle, id: i64, confirmed: bool) -> Result<()> {
    blocking(app.clone(), move |state| {
        let path = files::path_to_open(state.store()?.conn(), id, confirmed)?;
        crate::desktop::open_path(&app, &path)
    })
    .await
}
