//! The user's calendars elsewhere: subscriptions (list, subscribe with the server asked
//! with the book free, refresh now, unsubscribe) and CalDAV accounts (add with discovery,
//! choose what syncs, sync now, remove).

use tauri::AppHandle;

use juggle::calendar::{time, Removed};
use juggle::sync::dav::{
    self, credentials, AccountId, AccountReport, AccountStatus, CollectionId, SyncChoice,
};
use juggle::sync::{self, Refreshed, Subscription, SubscriptionId, SubscriptionInput, SyncError};

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
    blocking(app, move |state| crate::syncing::refresh(state, true)).await
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

/// Every CalDAV account with its collections, what waits to go out, and its conflicts.
#[tauri::command]
#[specta::specta]
pub async fn accounts_list(app: AppHandle) -> Result<Vec<AccountStatus>> {
    blocking(app, move |state| Ok(dav::status(state.store()?.conn())?)).await
}

/// What adding an account found, and whether the keychain could keep the password.
#[derive(serde::Serialize, specta::Type)]
pub struct AccountAdded {
    pub account: AccountStatus,
    /// Why the system keychain could not keep the password (it is then kept until Juggle
    /// closes, and asked for again after).
    pub keychain: Option<String>,
}

/// Adds an account: discovery asks the server (with the book free), then the account and
/// its collections are kept and the password goes to the keychain. `trust`: the
/// fingerprint of the server's own certificate, once the user has checked it.
#[tauri::command]
#[specta::specta]
pub async fn account_add(
    app: AppHandle,
    url: String,
    user: String,
    password: String,
    trust: Option<String>,
) -> Result<AccountAdded> {
    blocking(app, move |state| {
        let start = dav::account_address(&url)?;
        let trusted = trust.as_deref().and_then(sync::tls::normalise);
        let client = dav::Dav::new(user.trim(), &password, trusted.as_deref())?;
        let found = dav::discover(&client, &start)?;
        let made = dav::add_account(
            &mut *state.store()?,
            start.as_str(),
            user.trim(),
            trusted.as_deref(),
            &found,
        )?;
        let keychain = credentials::remember(&made.url, &made.user, &password).err();
        let account = dav::status(state.store()?.conn())?
            .into_iter()
            .find(|a| a.id == made.id)
            .ok_or_else(|| SyncError::NoAccount(made.url.clone()))?;
        Ok(AccountAdded { account, keychain })
    })
    .await
}

/// Gives an account's password again (no keychain, or it changed); Juggle syncs with it.
#[tauri::command]
#[specta::specta]
pub async fn account_password(
    app: AppHandle,
    id: AccountId,
    password: String,
) -> Result<Option<String>> {
    blocking(app, move |state| {
        let account = dav::get_account(state.store()?.conn(), id)?;
        Ok(credentials::remember(&account.url, &account.user, &password).err())
    })
    .await
}

/// Removes an account: its synced calendars leave Juggle; the server keeps everything.
#[tauri::command]
#[specta::specta]
pub async fn account_remove(app: AppHandle, id: AccountId) -> Result<()> {
    blocking(app, move |state| {
        let account = dav::get_account(state.store()?.conn(), id)?;
        dav::remove_account(&mut *state.store()?, id)?;
        credentials::forget(&account.url, &account.user);
        Ok(())
    })
    .await
}

/// Starts syncing a collection (`choice`: for which client, personal or work), or stops
/// (`None`: its calendar leaves Juggle, with Undo).
#[tauri::command]
#[specta::specta]
pub async fn collection_sync(
    app: AppHandle,
    id: CollectionId,
    choice: Option<SyncChoice>,
) -> Result<Option<Removed>> {
    blocking(app, move |state| {
        let mut store = state.store()?;
        match choice {
            Some(choice) => {
                dav::start_syncing(&mut *store, id, &choice)?;
                Ok(None)
            }
            None => Ok(dav::stop_syncing(&mut *store, id)?),
        }
    })
    .await
}

/// Syncs every account now (back-off or not).
#[tauri::command]
#[specta::specta]
pub async fn accounts_sync_now(app: AppHandle) -> Result<Vec<AccountReport>> {
    blocking(app, move |state| crate::syncing::sync_accounts(state, true)).await
}
