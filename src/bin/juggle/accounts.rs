//! `juggle accounts …` and the accounts' part of `juggle sync now|status`: the user's own
//! CalDAV servers, synced both ways.

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal};

use chrono::Utc;
use clap::Subcommand;
use serde::Serialize;

use juggle::sync::dav::{self, credentials, AccountReport, Found, SyncChoice};
use juggle::Store;

use crate::calendar::client_id;
use crate::output::{self, Failure};

#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Add a CalDAV/CardDAV account: the server's address (or just its domain) and your
    /// user name; the password is asked for (or read from standard input), never an argument
    Add {
        url: String,
        #[arg(long)]
        user: String,
        /// Trust the server's own certificate with this SHA-256 fingerprint (a self-signed
        /// one: Juggle shows it when it refuses the certificate)
        #[arg(long)]
        trust: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Your accounts and their calendars, task lists and address books
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account (its synced calendars leave Juggle; the server keeps everything)
    Remove { url: String },
    /// Sync one of an account's calendars (for a client, or none), task lists (with a
    /// client's tasks, or those of no client) or address books, or stop with --off
    Sync {
        collection_url: String,
        /// Its events are about this client (work)
        #[arg(long, conflicts_with = "off")]
        client: Option<String>,
        /// Its events are work (default: personal, unless --client)
        #[arg(long, conflicts_with = "off")]
        work: bool,
        /// Stop syncing it: the calendar leaves Juggle, the server keeps it
        #[arg(long)]
        off: bool,
    },
}

pub fn run(store: &mut Store, cmd: AccountsCommand) -> output::Result {
    match cmd {
        AccountsCommand::Add {
            url,
            user,
            trust,
            json,
        } => add(store, &url, &user, trust.as_deref(), json),
        AccountsCommand::List { json } => list(store, json),
        AccountsCommand::Remove { url } => {
            let account = dav::find_account(store.conn(), &url)?;
            dav::remove_account(store, account.id)?;
            credentials::forget(&account.url, &account.user);
            crate::outln!("Removed the account {} at {}.", account.user, account.url);
            Ok(())
        }
        AccountsCommand::Sync {
            collection_url,
            client,
            work,
            off,
        } => {
            let c = dav::find_collection(store.conn(), &collection_url)?;
            if off {
                let removed = dav::stop_syncing(store, c.id)?;
                crate::outln!("{} no longer syncs.", c.name);
                if let Some(removed) = removed {
                    crate::outln!(
                        "Removed {} from Juggle; the server keeps it.",
                        removed.label
                    );
                }
                return Ok(());
            }
            let choice = SyncChoice {
                client_id: client_id(store, client.as_deref())?,
                personal: work.then_some(false),
            };
            let c = dav::start_syncing(store, c.id, &choice)?;
            if c.kind == dav::CollectionKind::Addressbook {
                crate::outln!(
                    "{} syncs: its cards become contacts of the clients their ORG names.",
                    c.name
                );
            } else if c.kind == dav::CollectionKind::Tasks {
                crate::outln!(
                    "{} syncs with {}: `juggle sync now`, or by itself while the app runs.",
                    c.name,
                    if c.client_id.is_some() {
                        "that client's tasks"
                    } else {
                        "your tasks of no client"
                    }
                );
            } else {
                crate::outln!(
                    "{} syncs into the calendar of that name: `juggle sync now`, or by itself while the app runs.",
                    c.name
                );
            }
            Ok(())
        }
    }
}

/// The password for a new account: `JUGGLE_DAV_PASSWORD`, else a prompt, else a line of
/// standard input.
fn read_password(user: &str) -> Result<(String, bool), Failure> {
    if let Some(p) = std::env::var(credentials::PASSWORD_VARIABLE)
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok((p, true));
    }
    let typed = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password (an app password) for {user}: "))
            .unwrap_or_default()
    } else {
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if typed.is_empty() {
        return Err(Failure {
            code: "sync.no_password",
            message: "No password given: type it at the prompt, or pipe it to standard input."
                .into(),
        });
    }
    Ok((typed, false))
}

#[derive(Serialize)]
struct Added<'a> {
    url: &'a str,
    user: &'a str,
    collections: Vec<Listed<'a>>,
    /// Why the keychain could not keep the password, if it could not.
    keychain: Option<String>,
}

#[derive(Serialize)]
struct Listed<'a> {
    url: &'a str,
    name: &'a str,
    kind: dav::CollectionKind,
}

fn add(
    store: &mut Store,
    raw: &str,
    user: &str,
    trust: Option<&str>,
    json: bool,
) -> output::Result {
    let start = dav::account_address(raw)?;
    let trusted = trust
        .map(|t| {
            juggle::sync::tls::normalise(t).ok_or_else(|| Failure {
                code: "sync.bad_fingerprint",
                message: format!("“{t}” is not a SHA-256 fingerprint (64 hexadecimal digits, in pairs with colons)."),
            })
        })
        .transpose()?;
    let (password, from_env) = read_password(user)?;
    let client = dav::Dav::new(user, &password, trusted.as_deref())?;
    let found = dav::discover(&client, &start)?;
    let account = dav::add_account(store, start.as_str(), user, trusted.as_deref(), &found)?;
    // A password given for one run stays out of the keychain.
    let keychain = if from_env {
        None
    } else {
        credentials::remember(&account.url, user, &password).err()
    };
    if json {
        return output::json(&Added {
            url: &account.url,
            user,
            collections: found.collections.iter().map(listed).collect(),
            keychain,
        });
    }
    crate::outln!("Added {user} at {}. Found:", account.url);
    print_collections(&found.collections);
    if let Some(why) = keychain {
        crate::outln!(
            "The password could not be kept ({why}): give it in {} when you sync.",
            credentials::PASSWORD_VARIABLE
        );
    }
    crate::outln!("Choose what syncs: `juggle accounts sync ADDRESS [--client NAME]`.");
    Ok(())
}

fn listed(f: &Found) -> Listed<'_> {
    Listed {
        url: f.url.as_str(),
        name: &f.name,
        kind: f.kind,
    }
}

fn print_collections(found: &[Found]) {
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|f| vec![kind_word(f.kind).into(), f.name.clone(), f.url.to_string()])
        .collect();
    output::table(&["KIND", "NAME", "ADDRESS"], &rows);
}

fn kind_word(kind: dav::CollectionKind) -> &'static str {
    match kind {
        dav::CollectionKind::Calendar => "calendar",
        dav::CollectionKind::Tasks => "task list",
        dav::CollectionKind::Addressbook => "address book",
    }
}

fn list(store: &Store, json: bool) -> output::Result {
    let accounts = dav::list_accounts(store.conn())?;
    if json {
        return output::json(&accounts);
    }
    if accounts.is_empty() {
        crate::outln!("No accounts. Add one with `juggle accounts add URL --user NAME`.");
        return Ok(());
    }
    for a in &accounts {
        crate::outln!(
            "{} at {} — last sync: {}{}",
            a.user,
            a.url,
            a.synced_at.as_deref().unwrap_or("never"),
            a.last_error
                .as_deref()
                .map(|e| format!(" — {e}"))
                .unwrap_or_default()
        );
        let rows: Vec<Vec<String>> = a
            .collections
            .iter()
            .map(|c| {
                vec![
                    kind_word(c.kind).into(),
                    c.name.clone(),
                    if c.synced { "yes" } else { "no" }.into(),
                    c.url.clone(),
                ]
            })
            .collect();
        output::table(&["KIND", "NAME", "SYNCED", "ADDRESS"], &rows);
    }
    Ok(())
}

/// Every account, now: for `juggle sync now`.
pub fn sync_now(store: &mut Store) -> Result<Vec<AccountReport>, Failure> {
    let book = RefCell::new(store);
    let password = |a: &dav::Account| credentials::password(&a.url, &a.user);
    Ok(dav::sync_accounts(&book, &password, true, Utc::now())?)
}

pub fn said(r: &AccountReport) -> Vec<String> {
    if let Some(e) = &r.error {
        return vec![format!("{} at {}: {e}", r.user, r.url)];
    }
    r.collections
        .iter()
        .map(|c| {
            let mut line = format!(
                "{}: {} in, {} removed here, {} out, {} removed there",
                c.name, c.pulled, c.removed_here, c.pushed, c.removed_there
            );
            if c.conflicts > 0 {
                line.push_str(&format!(
                    ", {} changed on both sides (kept both: see `juggle sync status`)",
                    c.conflicts
                ));
            }
            line.push('.');
            for f in &c.failed {
                line.push_str(&format!("\n  not synced: {f}"));
            }
            line
        })
        .collect()
}

pub fn status(store: &Store, json: bool) -> output::Result {
    #[derive(Serialize)]
    struct Status {
        accounts: Vec<dav::AccountStatus>,
        subscriptions: Vec<juggle::sync::Subscription>,
    }
    let status = Status {
        accounts: dav::status(store.conn())?,
        subscriptions: juggle::sync::list(store.conn())?,
    };
    if json {
        return output::json(&status);
    }
    if status.accounts.is_empty() && status.subscriptions.is_empty() {
        crate::outln!("Nothing syncs yet: `juggle accounts add` or `juggle subscribe`.");
    }
    for a in &status.accounts {
        crate::outln!(
            "{} at {}: last sync {}, {} change{} waiting to go out{}",
            a.user,
            a.url,
            a.synced_at.as_deref().unwrap_or("never"),
            a.pending,
            if a.pending == 1 { "" } else { "s" },
            a.last_error
                .as_deref()
                .map(|e| format!(" — {e}"))
                .unwrap_or_default()
        );
        for c in &a.conflicts {
            crate::outln!(
                "  changed on both sides: “{}” in {} — the server's version is in place, yours is “{} (conflict copy)”: delete the one you do not want.",
                c.title,
                c.calendar,
                c.title
            );
        }
    }
    for s in &status.subscriptions {
        crate::outln!(
            "{} (subscription): checked {}{}",
            s.name,
            s.checked_at.as_deref().unwrap_or("never"),
            s.last_error
                .as_deref()
                .map(|e| format!(" — {e}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}
