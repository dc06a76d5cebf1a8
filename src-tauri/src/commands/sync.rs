//! Calendar subscriptions: list, subscribe (the server asked with the book free), refresh
//! now, unsubscribe.

use tauri::AppHandle;

use juggle::calendar::{time, Removed};
use juggle::sync::{self, Refreshed, Subscription, SubscriptionId, SubscriptionInput};

use crate::error::Result;
use crate::state::blocking;

#[tauri::command]
#[specta::specta]
pub async fn subscriptions_list(app: AppHandle) -> Result<Vec<Subscription>> {
    blocking(app, move |state| Ok(sync::list(state.store()?.conn())?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn subscription_add(app: AppHandle, input: SubscriptionInput) -> Result<Subscription> {
    blocking(app, move |state| {
        let url = sync::address(&input.url)?;
        let fetched = sync::fetch(&url, None, None)?;
        let (made, _) = sync::subscribe(&mut *state.store()?, &input, &fetched, time::today())?;
        Ok(made)
    })
    .await
}

/// Refreshes every subscription now.
#[tauri::command]
#[specta::specta]
pub async fn subscriptions_refresh(app: AppHandle) -> Result<Vec<Refreshed>> {
    blocking(app, move |state| crate::subscriptions::refresh(state, true)).await
}

/// Ends a subscription; `event_undo` takes it back.
#[tauri::command]
#[specta::specta]
pub async fn subscription_remove(app: AppHandle, id: SubscriptionId) -> Result<Removed> {
    blocking(app, move |state| {
        Ok(sync::unsubscribe(&mut *state.store()?, id)?)
    })
    .await
}
