//! `juggle subscribe`, `juggle subscriptions`, `juggle unsubscribe`, `juggle sync now`:
//! calendars published at an address, kept up to date.

use clap::{Args, Subcommand};

use juggle::calendar::time;
use juggle::sync::{self, Refreshed, SubscriptionInput};
use juggle::Store;

use crate::calendar::client_id;
use crate::output::{self, Failure};

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Sync every account and refresh every subscription now (the app does both by itself
    /// while it runs)
    Now {
        #[arg(long)]
        json: bool,
    },
    /// Accounts (last sync, changes waiting to go out, the last error, conflicts) and
    /// subscriptions
    Status {
        #[arg(long)]
        json: bool,
    },
}

/// `juggle subscribe URL`.
#[derive(Args)]
pub struct Subscribe {
    url: String,
    /// The calendar's name; default: the name it gives itself
    #[arg(long)]
    name: Option<String>,
    /// Its events are about this client (work)
    #[arg(long, conflicts_with = "days_off")]
    client: Option<String>,
    /// Its whole-day events become days off (a public-holiday calendar)
    #[arg(long)]
    days_off: bool,
    /// Its events are work (default: personal, unless --client)
    #[arg(long, conflicts_with = "days_off")]
    work: bool,
    #[arg(long)]
    json: bool,
}

pub fn subscribe(store: &mut Store, s: Subscribe) -> output::Result {
    let input = SubscriptionInput {
        url: s.url,
        name: s.name.unwrap_or_default(),
        client_id: client_id(store, s.client.as_deref())?,
        days_off: s.days_off,
        personal: s.work.then_some(false),
    };
    let (made, first) = sync::subscribe_now(store, &input, time::today())?;
    if s.json {
        return output::json(&made);
    }
    if made.days_off {
        crate::outln!(
            "Subscribed: {} new days off ({} updated). They refresh by themselves while the app runs.",
            first.added,
            first.updated
        );
    } else {
        crate::outln!(
            "Subscribed: the calendar “{}” with {} events. It refreshes by itself while the app runs, or with `juggle sync now`.",
            made.name,
            first.added
        );
    }
    Ok(())
}

pub fn list(store: &Store, json: bool) -> output::Result {
    let list = sync::list(store.conn())?;
    if json {
        return output::json(&list);
    }
    if list.is_empty() {
        crate::outln!("No subscriptions. Add one with `juggle subscribe URL`.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.url.clone(),
                s.checked_at.clone().unwrap_or_else(|| "never".into()),
                s.last_error.clone().unwrap_or_else(|| "ok".into()),
            ]
        })
        .collect();
    output::table(&["INTO", "ADDRESS", "CHECKED", "STATUS"], &rows);
    Ok(())
}

pub fn unsubscribe(store: &mut Store, url: &str) -> output::Result {
    let wanted = sync::address(url)?;
    let found = sync::list(store.conn())?
        .into_iter()
        .find(|s| s.url == wanted.as_str())
        .ok_or_else(|| Failure {
            code: "sync.not_found",
            message: format!("No subscription to {url}: `juggle subscriptions` lists them."),
        })?;
    let removed = sync::unsubscribe(store, found.id)?;
    crate::outln!("Removed {}.", removed.label);
    if let Some(note) = removed.note {
        crate::outln!("{note}");
    }
    Ok(())
}

pub fn run(store: &mut Store, cmd: SyncCommand) -> output::Result {
    match cmd {
        SyncCommand::Status { json } => crate::accounts::status(store, json),
        SyncCommand::Now { json } => {
            let subscriptions = sync::refresh_all(store, true, time::today())?;
            let accounts = crate::accounts::sync_now(store)?;
            let failed = subscriptions.iter().any(|r| r.error.is_some())
                || accounts.iter().any(|a| {
                    a.error.is_some() || a.collections.iter().any(|c| !c.failed.is_empty())
                });
            if json {
                // One array, as before accounts existed: each item says what it is, the
                // subscriptions' items first with their fields unchanged.
                #[derive(serde::Serialize)]
                #[serde(tag = "kind", rename_all = "lowercase")]
                enum Synced {
                    Subscription(Refreshed),
                    Account(sync::dav::AccountReport),
                }
                let all: Vec<Synced> = subscriptions
                    .into_iter()
                    .map(Synced::Subscription)
                    .chain(accounts.into_iter().map(Synced::Account))
                    .collect();
                output::json(&all)?;
            } else {
                if subscriptions.is_empty() && accounts.is_empty() {
                    crate::outln!("Nothing to sync: no accounts or subscriptions yet.");
                }
                for r in &accounts {
                    for line in crate::accounts::said(r) {
                        crate::outln!("{line}");
                    }
                }
                for r in &subscriptions {
                    crate::outln!("{}", said(r));
                }
            }
            if failed {
                return Err(Failure {
                    code: "sync.failed",
                    message: "Some of it could not be synced (above).".into(),
                });
            }
            Ok(())
        }
    }
}

fn said(r: &Refreshed) -> String {
    match (&r.error, r.unchanged) {
        (Some(e), _) => format!("{}: {e}", r.name),
        (None, true) => format!("{}: unchanged.", r.name),
        (None, false) => format!(
            "{}: {} new, {} updated, {} removed.",
            r.name, r.added, r.updated, r.removed
        ),
    }
}
