//! Two-way sync with the user's own CalDAV accounts (issue 15): accounts and discovery,
//! and the sync engine, for calendars (events) and task lists (VTODO). A thin client on the HTTP stack subscriptions use; the objects it
//! carries go through the same iCalendar importer as a file.

mod accounts;
mod card;
mod client;
pub mod credentials;
mod discover;
mod engine;
mod patch;
mod target;
mod todo;
mod xml;

pub use accounts::{
    add_account, calendar_for_client, find_account, find_collection, get_account, get_collection,
    keep_collections, list_accounts, remove_account, start_syncing, stop_syncing, Account,
    AccountId, Collection, CollectionId, CollectionKind, SyncChoice,
};
pub use client::Dav;
pub use discover::{account_address, discover, Discovered, Found};
pub use engine::{
    backoff, pending, status, sync_account, sync_accounts, AccountReport, AccountStatus, Book,
    CollectionReport, Conflict,
};
