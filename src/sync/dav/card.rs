//! Contacts as vCards, for an address book synced with Juggle (CardDAV, RFC 6352). Cards
//! come in by the vCard import's rules (ORG → client, TITLE/ROLE → role, BDAY → birthday,
//! no duplicates); a contact's fields edited in Juggle go back into the server's card, the
//! rest of it (PHOTO, X- properties, addresses) untouched. Contacts made in Juggle stay in
//! Juggle: they are a client's people, not necessarily the user's address book.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::sync::SyncError;

const SELECT: &str = "
    SELECT p.import_uid, p.name, c.name, p.role, p.authority, p.email, p.phone
    FROM contacts p JOIN clients c ON c.id = p.client_id
    WHERE p.import_uid IS NOT NULL AND p.archived_at IS NULL";

/// The contacts that came from the address book (`synced` says which UIDs are on it), as
/// vCards, by UID.
pub fn renders(
    conn: &Connection,
    synced: &dyn Fn(&str) -> bool,
) -> Result<HashMap<String, String>, SyncError> {
    let mut stmt = conn.prepare_cached(SELECT)?;
    let rows = stmt.query_map([], row)?;
    let mut out = HashMap::new();
    for r in rows {
        let (uid, text) = r?;
        if synced(&uid) {
            out.insert(uid, text);
        }
    }
    Ok(out)
}

/// One contact's vCard, or `None` when no contact came from that card.
pub fn render(conn: &Connection, uid: &str) -> Result<Option<String>, SyncError> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} AND p.import_uid = ?1"))?
        .query_row([uid], row)
        .optional()?
        .map(|(_, text)| text))
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<(String, String)> {
    let uid: String = r.get(0)?;
    let mut lines = vec![
        "BEGIN:VCARD".to_owned(),
        "VERSION:3.0".to_owned(),
        format!("UID:{uid}"),
        format!("FN:{}", escape(&r.get::<_, String>(1)?)),
        // ORG's parts are split by `;`: the client's name is the first.
        format!("ORG:{}", escape(&r.get::<_, String>(2)?)),
    ];
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            lines.push(format!("{name}:{}", escape(&v)));
        }
    };
    add("TITLE", r.get(3)?);
    add("ROLE", r.get(4)?);
    add("EMAIL", r.get(5)?);
    add("TEL", r.get(6)?);
    lines.push("END:VCARD".to_owned());
    Ok((uid, lines.join("\r\n") + "\r\n"))
}

/// vCard's text escaping (RFC 6350 §3.4).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

/// A card from the server into the book, by the vCard import's rules.
pub fn import(tx: &mut Transaction, text: &str) -> Result<(), SyncError> {
    crate::exchange::import_card(tx, text)
        .map_err(|e| SyncError::Calendar(crate::calendar::CalendarError::from(e)))?
        .map_err(|reason| SyncError::BadAnswer(format!("a card left out: {reason}")))
}

/// A card deleted on the server: its contact is archived here, with its history.
pub fn remove(tx: &mut Transaction, uid: &str) -> Result<u32, SyncError> {
    let n = tx.execute(
        "UPDATE contacts SET archived_at = ?2, import_uid = NULL
         WHERE import_uid = ?1 AND archived_at IS NULL",
        params![uid, crate::store::now_utc()],
    )?;
    Ok(n.min(1) as u32)
}

/// Juggle's version of a contact both sides changed, kept as a contact of its own (not on
/// the address book) beside the server's.
pub fn keep_copy(tx: &mut Transaction, uid: &str, mark: &str) -> Result<String, SyncError> {
    tx.execute(
        "INSERT INTO contacts (client_id, name, role, email, phone, preferred_channel,
                               authority, created_at, updated_at)
         SELECT client_id, substr(name || ?2, 1, 200), role, email, phone, preferred_channel,
                authority, ?3, ?3
         FROM contacts WHERE import_uid = ?1",
        params![uid, mark, crate::store::now_utc()],
    )?;
    Ok(format!("contact-{}", tx.last_insert_rowid()))
}

/// The contact's name, for the conflict notice.
pub fn title(conn: &Connection, uid: &str) -> Result<String, SyncError> {
    Ok(conn
        .query_row(
            "SELECT name FROM contacts WHERE import_uid = ?1",
            [uid],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}
