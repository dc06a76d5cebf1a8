//! The user's calendars elsewhere (issue 15): their own CalDAV accounts, synced both ways
//! (`dav`), and subscriptions: a calendar published
//! at an `https://` or `webcal://` address (Google's secret iCal address, Outlook's
//! published calendars, public holidays), fetched with conditional GET into a read-only
//! calendar of its own, or into days off. The network is asked without the book held:
//! `due` reads what to ask, `fetch` asks, `apply` writes what came back.

pub mod dav;
mod error;
pub mod http;
mod subscriptions;
pub mod tls;

pub use error::SyncError;
pub use http::{address, fetch, Fetched};
pub use subscriptions::{
    apply, due, get, list, refresh_all, subscribe, subscribe_now, unsubscribe, Check, Refreshed,
    Subscription, SubscriptionId, SubscriptionInput, REFRESH_EVERY,
};
