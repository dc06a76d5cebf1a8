//! CalDAV/CardDAV accounts in the book: the account (address and user name, never the
//! password), the collections discovery found, and which of them sync into which calendar.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::discover::{Discovered, Found};
use crate::calendar::{self, CalendarId, CalendarInput, Removed};
use crate::clients::ClientId;
use crate::store::{now_utc, Writer};
use crate::sync::SyncError;

crate::store::id!(AccountId);
crate::store::id!(CollectionId);

/// What a collection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum CollectionKind {
    Calendar,
    Tasks,
    Addressbook,
}

impl CollectionKind {
    fn as_str(self) -> &'static str {
        match self {
            CollectionKind::Calendar => "calendar",
            CollectionKind::Tasks => "tasks",
            CollectionKind::Addressbook => "addressbook",
        }
    }

    fn from_str(s: &str) -> Self {
        match s {
            "tasks" => CollectionKind::Tasks,
            "addressbook" => CollectionKind::Addressbook,
            _ => CollectionKind::Calendar,
        }
    }
}

/// A calendar, task list or address book of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Collection {
    pub id: CollectionId,
    pub account_id: AccountId,
    pub url: String,
    pub kind: CollectionKind,
    pub name: String,
    /// `#rrggbb`, as the server gives it.
    pub colour: Option<String>,
    /// The calendar its events live in while it syncs; `None`: not synced.
    pub calendar_id: Option<CalendarId>,
    /// The client its calendar or its tasks belong to, if any.
    pub client_id: Option<ClientId>,
    /// It syncs: a calendar into `calendar_id`, a task list with the tasks of `client_id`.
    pub synced: bool,
}

/// An account as Settings and `juggle accounts list` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Account {
    pub id: AccountId,
    pub url: String,
    pub user: String,
    /// When a sync last succeeded (RFC 3339).
    pub synced_at: Option<String>,
    /// The last sync's failure in plain words; `None` once one succeeds.
    pub last_error: Option<String>,
    /// No automatic retry before then, after failures (RFC 3339).
    pub retry_at: Option<String>,
    /// The fingerprint of a certificate trusted beside the system's, if any.
    pub trusted_certificate: Option<String>,
    pub collections: Vec<Collection>,
}

/// How a collection is to sync: for a client (or none), personal or work.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct SyncChoice {
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// As for a new calendar: `None` is personal unless it is a client's.
    #[serde(default)]
    pub personal: Option<bool>,
}

const SELECT_COLLECTION: &str = "
    SELECT d.id, d.account_id, d.url, d.kind, d.name, d.colour, d.calendar_id,
           CASE WHEN d.kind = 'tasks' THEN d.client_id ELSE c.client_id END,
           d.calendar_id IS NOT NULL OR d.synced = 1
    FROM dav_collections d LEFT JOIN calendars c ON c.id = d.calendar_id";

fn collection_from_row(r: &Row) -> rusqlite::Result<Collection> {
    Ok(Collection {
        id: r.get(0)?,
        account_id: r.get(1)?,
        url: r.get(2)?,
        kind: CollectionKind::from_str(&r.get::<_, String>(3)?),
        name: r.get(4)?,
        colour: r.get(5)?,
        calendar_id: r.get(6)?,
        client_id: r.get(7)?,
        synced: r.get(8)?,
    })
}

pub fn list_accounts(conn: &Connection) -> Result<Vec<Account>, SyncError> {
    let ids: Vec<AccountId> = conn
        .prepare("SELECT id FROM dav_accounts ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| get_account(conn, id)).collect()
}

pub fn get_account(conn: &Connection, id: AccountId) -> Result<Account, SyncError> {
    let mut account = conn
        .query_row(
            "SELECT id, url, user_name, synced_at, last_error, retry_at, trusted_certificate
             FROM dav_accounts WHERE id = ?1",
            [id],
            |r| {
                Ok(Account {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    user: r.get(2)?,
                    synced_at: r.get(3)?,
                    last_error: r.get(4)?,
                    retry_at: r.get(5)?,
                    trusted_certificate: r.get(6)?,
                    collections: vec![],
                })
            },
        )
        .optional()?
        .ok_or_else(|| SyncError::NoAccount(id.0.to_string()))?;
    account.collections = conn
        .prepare(&format!(
            "{SELECT_COLLECTION} WHERE d.account_id = ?1 ORDER BY d.kind, d.name, d.id"
        ))?
        .query_map([id], collection_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(account)
}

/// The account at `url` (as added, or as discovery settled it).
pub fn find_account(conn: &Connection, url: &str) -> Result<Account, SyncError> {
    let url = url.trim();
    let id: Option<AccountId> = conn
        .query_row(
            "SELECT id FROM dav_accounts WHERE url = ?1 OR principal_url = ?1
                OR rtrim(url, '/') = rtrim(?1, '/')",
            [url],
            |r| r.get(0),
        )
        .optional()?;
    get_account(
        conn,
        id.ok_or_else(|| SyncError::NoAccount(url.to_owned()))?,
    )
}

pub fn find_collection(conn: &Connection, url: &str) -> Result<Collection, SyncError> {
    conn.query_row(
        &format!("{SELECT_COLLECTION} WHERE d.url = ?1 OR rtrim(d.url, '/') = rtrim(?1, '/')"),
        [url.trim()],
        collection_from_row,
    )
    .optional()?
    .ok_or_else(|| SyncError::NoCollection(url.trim().to_owned()))
}

pub fn get_collection(conn: &Connection, id: CollectionId) -> Result<Collection, SyncError> {
    conn.query_row(
        &format!("{SELECT_COLLECTION} WHERE d.id = ?1"),
        [id],
        collection_from_row,
    )
    .optional()?
    .ok_or_else(|| SyncError::NoCollection(id.0.to_string()))
}

/// The synced calendar that belongs to `client`, if one does: where a new event for that
/// client goes when no calendar is named.
pub fn calendar_for_client(
    conn: &Connection,
    client: ClientId,
) -> Result<Option<CalendarId>, SyncError> {
    Ok(conn
        .query_row(
            "SELECT d.calendar_id FROM dav_collections d JOIN calendars c ON c.id = d.calendar_id
             WHERE c.client_id = ?1 AND d.kind = 'calendar' ORDER BY d.id LIMIT 1",
            [client],
            |r| r.get(0),
        )
        .optional()?)
}

/// Keeps an account and what discovery found on it; nothing syncs until chosen.
pub fn add_account(
    store: &mut impl Writer,
    url: &str,
    user: &str,
    trusted: Option<&str>,
    found: &Discovered,
) -> Result<Account, SyncError> {
    store.write(|tx| {
        let taken: Option<i64> = tx
            .query_row(
                "SELECT id FROM dav_accounts WHERE url = ?1 OR (principal_url = ?2 AND user_name = ?3)",
                params![url, found.principal.as_str(), user],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(SyncError::AccountExists);
        }
        tx.execute(
            "INSERT INTO dav_accounts (url, user_name, principal_url, trusted_certificate, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![url, user, found.principal.as_str(), trusted, now_utc()],
        )?;
        let id = AccountId(tx.last_insert_rowid());
        keep_collections(tx, id, &found.collections)?;
        get_account(tx, id)
    })
}

/// Records the collections a discovery found: new ones added, names and colours updated.
/// A collection gone from the server stays while it syncs (its failures will say so).
pub fn keep_collections(
    conn: &Connection,
    account: AccountId,
    found: &[Found],
) -> Result<(), SyncError> {
    for f in found {
        conn.execute(
            "INSERT INTO dav_collections (account_id, url, kind, name, colour)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (url) DO UPDATE SET name = excluded.name, colour = excluded.colour",
            params![account, f.url.as_str(), f.kind.as_str(), f.name, f.colour],
        )?;
    }
    Ok(())
}

/// Starts syncing a collection into a new calendar named after it (its server colour, the
/// client chosen). Syncing it again changes nothing.
pub fn start_syncing(
    store: &mut impl Writer,
    collection: CollectionId,
    choice: &SyncChoice,
) -> Result<Collection, SyncError> {
    store.write(|tx| {
        let c = get_collection(tx, collection)?;
        match c.kind {
            CollectionKind::Calendar => {}
            CollectionKind::Tasks => {
                if let Some(client) = choice.client_id {
                    crate::clients::get(tx, client)
                        .map_err(crate::calendar::CalendarError::from)?;
                }
                // Another list of the same client's tasks would send each task twice.
                let taken: Option<String> = tx
                    .query_row(
                        "SELECT name FROM dav_collections WHERE synced = 1 AND kind = 'tasks'
                           AND client_id IS ?1 AND id <> ?2",
                        params![choice.client_id, collection],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(name) = taken {
                    return Err(SyncError::TasksTaken(name));
                }
                let again = c.synced && c.client_id == choice.client_id;
                tx.execute(
                    "UPDATE dav_collections SET synced = 1, client_id = ?2 WHERE id = ?1",
                    params![collection, choice.client_id],
                )?;
                if !again {
                    start_afresh(tx, collection)?;
                }
                return get_collection(tx, collection);
            }
            CollectionKind::Addressbook => {
                if !c.synced {
                    tx.execute(
                        "UPDATE dav_collections SET synced = 1 WHERE id = ?1",
                        [collection],
                    )?;
                    start_afresh(tx, collection)?;
                }
                return get_collection(tx, collection);
            }
        }
        if let Some(id) = c.calendar_id {
            let mut input = CalendarInput {
                name: calendar::get_calendar(tx, id)?.name,
                client_id: choice.client_id,
                personal: choice.personal,
                ..CalendarInput::default()
            };
            if input.personal.is_none() {
                input.personal = Some(choice.client_id.is_none());
            }
            calendar::update_calendar(tx, id, &input)?;
            return get_collection(tx, collection);
        }
        let made = calendar::add_calendar(
            tx,
            &CalendarInput {
                name: super::super::subscriptions::free_name(tx, &c.name)?,
                colour: c.colour.clone().unwrap_or_default(),
                personal: choice.personal,
                client_id: choice.client_id,
                shown: None,
            },
        )?;
        tx.execute(
            "UPDATE dav_collections SET calendar_id = ?2 WHERE id = ?1",
            params![collection, made.id],
        )?;
        start_afresh(tx, collection)?;
        get_collection(tx, collection)
    })
}

/// Forgets what a collection's last sync knew (its token, objects and conflicts): the
/// next sync lists the server afresh.
fn start_afresh(conn: &Connection, collection: CollectionId) -> Result<(), SyncError> {
    conn.execute(
        "UPDATE dav_collections SET sync_token = NULL WHERE id = ?1",
        [collection],
    )?;
    conn.execute(
        "DELETE FROM dav_objects WHERE collection_id = ?1",
        [collection],
    )?;
    conn.execute(
        "DELETE FROM dav_conflicts WHERE collection_id = ?1",
        [collection],
    )?;
    Ok(())
}

/// Stops syncing a collection: a calendar and its events leave Juggle (Undo brings them
/// back, unsynced); a task list's tasks stay (they are the user's work); the server keeps
/// everything.
pub fn stop_syncing(
    store: &mut impl Writer,
    collection: CollectionId,
) -> Result<Option<Removed>, SyncError> {
    store.write(|tx| {
        let c = get_collection(tx, collection)?;
        tx.execute(
            "UPDATE dav_collections SET calendar_id = NULL, synced = 0 WHERE id = ?1",
            [collection],
        )?;
        start_afresh(tx, collection)?;
        match c.calendar_id {
            Some(id) => Ok(Some(calendar::delete_calendar(tx, id)?)),
            None => Ok(None),
        }
    })
}

/// Removes an account: its synced calendars leave Juggle with it; the server keeps all.
pub fn remove_account(store: &mut impl Writer, id: AccountId) -> Result<(), SyncError> {
    store.write(|tx| {
        let account = get_account(tx, id)?;
        for c in &account.collections {
            if c.synced {
                stop_syncing(tx, c.id)?;
            }
        }
        tx.execute("DELETE FROM dav_accounts WHERE id = ?1", [id])?;
        Ok(())
    })
}
