//! The UI's whole vocabulary, one file per area. Each command takes the book, calls one
//! core function and maps its error; nothing else belongs here.

pub mod app;
pub mod book;
pub mod calendar;
pub mod capacity;
pub mod clients;
pub mod contracts;
pub mod invoicing;
pub mod relationship;
pub mod rescue;
pub mod sync;
pub mod tracking;
