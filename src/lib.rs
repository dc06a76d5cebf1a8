//! Juggle's core: everything the app knows and decides, with no Tauri in sight.
//!
//! The desktop shell (`src-tauri/`) and the `juggle` CLI are thin front ends over these
//! modules. Each area owns its types, its rules, its SQL and its error enum.

pub mod book;
pub mod calendar;
pub mod capacity;
pub mod clients;
pub mod contracts;
pub mod error;
pub mod exchange;
pub mod export;
pub mod fields;
pub mod generate;
pub mod invoicing;
pub mod prose;
pub mod relationship;
pub mod settings;
pub mod store;
pub mod sync;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod tracking;
pub mod views;

pub use error::Coded;
pub use store::Store;
pub use views::Error;
