//! vCard (.vcf) import, so the people already in an address book (Apple Contacts, Google
//! Contacts, Outlook, Thunderbird) become contacts of their clients without retyping.
//!
//! Parsing is done by the `vcard-rs` crate (pimalaya; its library is named `vcard`). It
//! reads 2.1, 3.0 and 4.0 forgivingly (groups such as `item1.EMAIL`, repeated and quoted
//! `TYPE` parameters, 2.1's bare `CELL`, escapes, folded lines, quoted-printable and
//! foreign charsets) and hands back each content line unfolded and unescaped but not
//! converted, so Juggle decides which birthday forms it accepts. The alternatives checked:
//! `calcard` (Stalwart) also fits, but converts values to its own date type and loses the
//! day of the `--04-12` and `1986-04-12T…` forms in 4.0 cards, and brings a mail parser
//! along; the `ical` crate's `VcardParser` leaves values escaped, fails on 2.1's bare
//! parameters and declares no licence in its manifest; `vcard4` and magiclen's `vcard` read
//! 4.0 only. No crate reports line numbers, so the file is cut into cards here, by its
//! unfolded `BEGIN:VCARD`/`END:VCARD` lines: that gives each card its line for the report
//! and lets one broken card (a BEGIN without END) cost only itself.
//!
//! The rules (also in docs/cli.md):
//! - ORG's first part is the client, found by its exact name key (any case and spacing),
//!   or created. A card without ORG is skipped: Juggle files people under their client, and
//!   guessing one (a client per person) would fill the book with one-person clients.
//! - FN is the contact's name, else N (given, additional and family names).
//! - TITLE is the role (ROLE when there is no TITLE); with both, ROLE goes to authority, as
//!   vCard's ROLE is the part a person plays ("decision maker"), which is what authority is.
//! - The preferred EMAIL (`TYPE=pref`, or the lowest `PREF`), else the first; the TEL
//!   ranked cell, work, other, home, fax/pager, preference breaking ties, then file order.
//! - BDAY becomes a yearly birthday of the contact; `--MMDD`, `--MM-DD` and Apple's
//!   `X-APPLE-OMIT-YEAR` mean the year is unknown (`dates::UNKNOWN_YEAR`). A `VALUE=text`
//!   BDAY ("circa 1980") is not a date and is left out.
//! - Re-importing updates, never duplicates: a contact is the one with the card's UID
//!   (`contacts.import_uid`), else the one with its email (any case), else the one with its
//!   name (any case and spacing) that no other card's UID claims. An update replaces the
//!   fields the card has and keeps the others (a channel or authority typed in Juggle).
//! - A card that cannot be taken whole (no name, no ORG, an email or phone the contact form
//!   would refuse, an unreadable BDAY, no END) is skipped whole with the line of its
//!   BEGIN:VCARD. The import is one transaction; each card is written in a savepoint, so a
//!   card refused halfway leaves nothing behind.

mod card;
mod values;

use super::merge::{insert_client, upsert_contact, ContactIndex, Refusal, Upserted};
use card::{read_card, split_cards, Card};

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use specta::Type;

use crate::clients::{ClientError, ClientId, ContactId, Priority};
use crate::relationship::dates::{self, DateKind, ImportantDateInput};
use crate::store::{savepoint, Store};

/// What a vCard import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct VcardReport {
    /// Clients created because a card's ORG named one not in the book.
    pub clients_added: u32,
    /// Contacts created.
    pub added: u32,
    /// Contacts found again (by UID, email or name) and updated.
    pub updated: u32,
    pub skipped: Vec<SkippedRecord>,
}

/// A card (vCard) or a row (CSV) left out of an import, and why. Named apart from the
/// calendar import's `Skipped`, which has a UID instead of a name, so that both can reach
/// the UI's generated types.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SkippedRecord {
    /// The line of the card's BEGIN:VCARD, or the CSV row's line (the header is line 1).
    pub line: u32,
    /// The contact's (or, for a CSV row without one, the client's) name, when known.
    pub name: Option<String>,
    pub reason: String,
}

/// Imports the cards of a .vcf text in one transaction.
pub fn import_vcards(store: &mut Store, text: &str) -> Result<VcardReport, ClientError> {
    let cards = split_cards(text);
    if cards.is_empty() {
        return Err(ClientError::Unreadable(
            "this is not a vCard file (no BEGIN:VCARD)".into(),
        ));
    }
    store.write(|tx| {
        let mut report = VcardReport::default();
        let mut index = ContactIndex::default();
        for raw in &cards {
            let card = match read_card(raw) {
                Ok(card) => card,
                Err(skipped) => {
                    report.skipped.push(skipped);
                    continue;
                }
            };
            match savepoint(tx, |tx| store_card(tx, &mut index, &card))? {
                Ok((client_added, outcome)) => {
                    report.clients_added += u32::from(client_added);
                    report
                        .skipped
                        .extend(card.notes.iter().map(|reason| SkippedRecord {
                            line: raw.line,
                            name: Some(card.contact.name.as_str().to_owned()),
                            reason: reason.clone(),
                        }));
                    match outcome {
                        Upserted::Added => report.added += 1,
                        Upserted::Updated => report.updated += 1,
                    }
                }
                // The savepoint rolled the card back.
                Err(Refusal::Skip(reason)) => {
                    index.forget_last();
                    report.skipped.push(SkippedRecord {
                        line: raw.line,
                        name: Some(card.contact.name.as_str().to_owned()),
                        reason,
                    })
                }
                Err(Refusal::Fail(e)) => return Err(e),
            }
        }
        Ok(report)
    })
}

/// Takes in one card (an address book's object, synced): as one card of an import, in the
/// caller's transaction. `Ok(Err(reason))`: the card was left out, and why.
pub fn import_card(
    tx: &mut Transaction<'_>,
    text: &str,
) -> Result<Result<(), String>, ClientError> {
    let Some(raw) = split_cards(text).into_iter().next() else {
        return Ok(Err("it is not a vCard (no BEGIN:VCARD)".into()));
    };
    let card = match read_card(&raw) {
        Ok(card) => card,
        Err(skipped) => return Ok(Err(skipped.reason)),
    };
    let mut index = ContactIndex::default();
    match savepoint(tx, |tx| store_card(tx, &mut index, &card))? {
        Ok(_) => Ok(Ok(())),
        Err(Refusal::Skip(reason)) => Ok(Err(reason)),
        Err(Refusal::Fail(e)) => Err(e),
    }
}

/// Reads and imports a .vcf file.
pub fn import_vcard_file(
    store: &mut Store,
    path: &std::path::Path,
) -> Result<VcardReport, ClientError> {
    import_vcards(store, &read_text(path)?)
}

/// A file's text, for the importers: unreadable and non-UTF-8 files are refused whole.
pub(super) fn read_text(path: &std::path::Path) -> Result<String, ClientError> {
    let unreadable =
        |e: std::io::Error| ClientError::Unreadable(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(ClientError::Unreadable(format!(
            "{} is larger than {} MB; split it into smaller files",
            path.display(),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    Ok(decode(&bytes).trim_start_matches('\u{feff}').to_owned())
}

/// Largest contact file imported (100,000 cards with photos is less).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A file's bytes as text: UTF-16 when a BOM says so, UTF-8, else windows-1252 (old
/// Outlook and phone exports). Values that name a CHARSET are read as already decoded
/// (see `Prop::from_line`), so nothing is converted twice.
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Writes one card: its client (found or created), its contact (found or created) and
/// its birthday. Returns whether the client was created.
fn store_card(
    tx: &mut Transaction<'_>,
    index: &mut ContactIndex,
    card: &Card,
) -> Result<(bool, Upserted), Refusal> {
    let conn: &Connection = tx;
    let (client, client_added) = match index.client(conn, &card.org)? {
        Some(client) => (client, false),
        None => {
            let client = insert_client(conn, &card.org, Priority::Normal, None, "")?;
            index.last = Some(client.id);
            index.by_name.insert(card.org.key(), client.clone());
            (client, true)
        }
    };
    let (contact, outcome) = upsert_contact(conn, index, &client, &card.contact)?;
    if let Some(day) = card.birthday {
        remember_birthday(tx, client.id, contact, day)?;
    }
    Ok((client_added, outcome))
}

/// Keeps one birthday per person: added, or moved to the card's day (its note kept).
fn remember_birthday(
    tx: &mut Transaction<'_>,
    client: ClientId,
    contact: ContactId,
    day: NaiveDate,
) -> Result<(), Refusal> {
    let input = ImportantDateInput {
        client_id: client,
        contact_id: Some(contact),
        kind: DateKind::Birthday,
        first_day: day.to_string(),
        last_day: String::new(),
        yearly: true,
        note: String::new(),
    };
    let Some(id) = dates::find_contact_date(tx, contact, DateKind::Birthday)? else {
        dates::add_date(tx, &input)?;
        return Ok(());
    };
    let (first_day, yearly, note): (String, bool, String) = tx.query_row(
        "SELECT first_day, yearly, note FROM important_dates WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if first_day != input.first_day || !yearly {
        dates::update_date(tx, id, &ImportantDateInput { note, ..input })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
