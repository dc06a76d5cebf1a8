//! Signed updates through `tauri-plugin-updater`: "Check for updates" in Settings and a
//! quiet check when the app starts. The core only keeps the user's choice (check at start
//! or not); finding, verifying and installing a release is the shell's business.
//!
//! An update is announced only once its package is downloaded and its minisign signature
//! checked against the public key in tauri.conf.json: the user is never offered a release
//! that would be refused at install time, and "Install and restart" installs those very
//! bytes (checked again by the plugin).
//!
//! Development builds (`debug_assertions`) never contact the real update server on their
//! own, and read two variables the end-to-end test sets: `JUGGLE_UPDATE_ENDPOINT` (a
//! manifest on 127.0.0.1) and `JUGGLE_UPDATE_PUBKEY` (a throwaway key made by the test).
//! Release builds ignore both, so nothing in a user's environment can swap the key.

use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_updater::{Update, Updater, UpdaterExt};

use crate::error::{CommandError, Result};
use crate::state::AppState;

/// Development builds only: the manifest URL to check instead of the configured one.
pub const ENDPOINT_ENV: &str = "JUGGLE_UPDATE_ENDPOINT";
/// Development builds only: the public key (as in tauri.conf.json) to verify against.
#[cfg_attr(not(debug_assertions), allow(dead_code))]
pub const PUBKEY_ENV: &str = "JUGGLE_UPDATE_PUBKEY";

/// A newer Juggle, downloaded and verified, ready to install.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AvailableUpdate {
    pub version: String,
    /// The release notes from the manifest, as written.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the manifest says.
    pub date: Option<String>,
}

/// What Settings → Updates shows without asking the network.
#[derive(Debug, Clone, Serialize, Type)]
pub struct UpdatesStatus {
    pub current_version: String,
    pub check_at_start: bool,
    /// Found by the check at start (or an earlier check), not installed yet.
    pub available: Option<AvailableUpdate>,
}

/// The verified update waiting for "Install and restart".
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<(Update, Vec<u8>)>>);

impl PendingUpdate {
    fn keep(&self, found: Option<(Update, Vec<u8>)>) -> Option<AvailableUpdate> {
        let shown = found.as_ref().map(|(update, _)| described(update));
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = found;
        shown
    }

    fn shown(&self) -> Option<AvailableUpdate> {
        let pending = self.0.lock().unwrap_or_else(|p| p.into_inner());
        pending.as_ref().map(|(update, _)| described(update))
    }

    fn take(&self) -> Option<(Update, Vec<u8>)> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

fn described(update: &Update) -> AvailableUpdate {
    AvailableUpdate {
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
        date: update.raw_json["pub_date"].as_str().map(str::to_owned),
    }
}

fn error(code: &str, message: impl Into<String>) -> CommandError {
    CommandError {
        code: code.into(),
        message: message.into(),
        field: None,
    }
}

/// The plugin's errors as the user reads them, with stable codes for the UI.
fn mapped(e: tauri_plugin_updater::Error) -> CommandError {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::MissingSignedVersion
        | E::SignedVersionMismatch { .. } => error(
            "update.bad_signature",
            "The update was refused: it is not signed with Juggle's key. Nothing was installed.",
        ),
        E::Reqwest(_) | E::Network(_) => error(
            "update.unreachable",
            format!("Could not reach the update server ({e}). Check your connection and try again later."),
        ),
        E::ReleaseNotFound
        | E::Serialization(_)
        | E::Semver(_)
        | E::TargetNotFound(_)
        | E::TargetsNotFound(_) => error(
            "update.bad_manifest",
            format!("The update server's answer is not a Juggle release for this computer: {e}"),
        ),
        other => error("update.failed", format!("The update failed: {other}")),
    }
}

fn updater(app: &AppHandle) -> Result<Updater> {
    #[allow(unused_mut)]
    let mut builder = app.updater_builder().timeout(Duration::from_secs(20));
    #[cfg(debug_assertions)]
    {
        if let Ok(url) = std::env::var(ENDPOINT_ENV) {
            let url = tauri::Url::parse(&url)
                .map_err(|e| error("update.config", format!("{ENDPOINT_ENV}: {e}")))?;
            // A test's server on 127.0.0.1 is never behind the machine's proxy.
            builder = builder.endpoints(vec![url]).map_err(mapped)?.no_proxy();
        }
        if let Ok(key) = std::env::var(PUBKEY_ENV) {
            builder = builder.pubkey(key);
        }
    }
    builder.build().map_err(mapped)
}

/// Asks the server; a newer release is downloaded and its signature checked before it is
/// announced.
async fn find(app: &AppHandle) -> Result<Option<(Update, Vec<u8>)>> {
    let Some(update) = updater(app)?.check().await.map_err(mapped)? else {
        return Ok(None);
    };
    let bytes = update.download(|_, _| {}, || {}).await.map_err(mapped)?;
    Ok(Some((update, bytes)))
}

#[tauri::command]
#[specta::specta]
pub async fn updates_status(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<UpdatesStatus> {
    Ok(UpdatesStatus {
        current_version: app.package_info().version.to_string(),
        check_at_start: juggle::settings::check_updates_at_start(&*state.store()?)?,
        available: pending.shown(),
    })
}

/// "Check for updates": the newer release, verified, or `None` when this is the latest.
#[tauri::command]
#[specta::specta]
pub async fn update_check(
    app: AppHandle,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<AvailableUpdate>> {
    Ok(pending.keep(find(&app).await?))
}

/// Installs the update found by the last check, then restarts Juggle.
#[tauri::command]
#[specta::specta]
pub async fn update_install(app: AppHandle, pending: State<'_, PendingUpdate>) -> Result<()> {
    let (update, bytes) = pending.take().ok_or_else(|| {
        error(
            "update.none",
            "There is no update to install: check for updates first.",
        )
    })?;
    update.install(&bytes).map_err(mapped)?;
    app.restart()
}

#[tauri::command]
#[specta::specta]
pub async fn updates_check_at_start_set(state: State<'_, AppState>, on: bool) -> Result<bool> {
    let mut store = state.store()?;
    juggle::settings::set_check_updates_at_start(&mut store, on)?;
    Ok(juggle::settings::check_updates_at_start(&store)?)
}

/// The quiet check at start: once, in the background, unless turned off in Settings. A
/// newer release shows a desktop notification and waits in Settings; a failure (offline,
/// a metered connection that blocks it, the server down) is only logged, never retried
/// until the next start.
pub fn check_at_start(app: AppHandle) {
    if cfg!(debug_assertions) && std::env::var_os(ENDPOINT_ENV).is_none() {
        return;
    }
    let on = {
        let state = app.state::<AppState>();
        let Ok(store) = state.store() else { return };
        juggle::settings::check_updates_at_start(&store).unwrap_or(false)
    };
    if !on {
        return;
    }
    tauri::async_runtime::spawn(async move {
        match find(&app).await {
            Ok(Some(found)) => {
                let Some(shown) = app.state::<PendingUpdate>().keep(Some(found)) else {
                    return;
                };
                crate::desktop::notify(
                    &app,
                    &format!("Juggle {} is available", shown.version),
                    "Settings → Updates to see what is new and install it.",
                );
            }
            Ok(None) => {}
            Err(e) => eprintln!("update check at start: {} [{}]", e.message, e.code),
        }
    });
}
