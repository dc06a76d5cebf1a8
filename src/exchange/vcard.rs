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

use ::vcard::tree::cst::VcardCst;
use ::vcard::tree::line::VcardLine;
use ::vcard::tree::value::cursor::VcardValueCursor;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use specta::Type;

use crate::clients::fields::{self, Colour, Name};
use crate::clients::{self, Client, ClientError, ClientId, ContactChannel, ContactId, Priority};
use crate::relationship::dates::{self, DateKind, ImportantDateInput, UNKNOWN_YEAR};
use crate::relationship::RelationshipError;
use crate::store::{now_utc, savepoint, Store};

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

/// One card's text as written (folds kept, for the parser) and the line of its BEGIN.
struct RawCard {
    line: u32,
    text: String,
    /// Whether its END:VCARD came before the next BEGIN:VCARD or the end of the file.
    closed: bool,
}

/// Cuts a file into cards by its BEGIN:VCARD and END:VCARD lines. Continuation lines
/// (folded, starting with a space or tab) are never taken for either; lines outside any
/// card are ignored.
fn split_cards(text: &str) -> Vec<RawCard> {
    let mut cards = Vec::new();
    let mut open: Option<RawCard> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        let folded = content.starts_with([' ', '\t']);
        let word = content.trim().trim_start_matches('\u{feff}');
        if !folded && word.eq_ignore_ascii_case("BEGIN:VCARD") {
            cards.extend(open.take());
            open = Some(RawCard {
                line: i as u32 + 1,
                text: String::new(),
                closed: false,
            });
        }
        if let Some(card) = open.as_mut() {
            card.text.push_str(if folded {
                content
            } else {
                content.trim_start_matches('\u{feff}')
            });
            card.text.push_str("\r\n");
            if !folded && word.eq_ignore_ascii_case("END:VCARD") {
                card.closed = true;
                cards.extend(open.take());
            }
        }
    }
    cards.extend(open);
    cards
}

/// A content line, decoded: the name without its group, upper-case parameter names with
/// their values, and the value as text and as its `;`-separated components.
struct Prop {
    name: String,
    params: Vec<(String, Vec<String>)>,
    text: String,
    components: Vec<String>,
}

impl Prop {
    fn from_line(line: &mut VcardLine) -> Prop {
        let name = line.bare_name().to_ascii_uppercase();
        let params: Vec<(String, Vec<String>)> = line
            .params
            .iter()
            .map(|p| {
                let values = p
                    .values
                    .iter()
                    .map(|v| v.get().trim_matches('"').to_owned())
                    .collect();
                (p.name.get().to_ascii_uppercase(), values)
            })
            .collect();
        // 2.1's quoted-printable and charsets (Android still writes them for accents).
        // A CHARSET on a plain value is left over from the file's own encoding, which
        // `decode` already undid: only quoted-printable bytes still need it.
        let encoded = params.iter().any(|(n, v)| {
            n == "QUOTED-PRINTABLE"
                || (n == "ENCODING" && v.iter().any(|x| x.eq_ignore_ascii_case("QUOTED-PRINTABLE")))
        });
        let (text, components) = if encoded {
            let text = VcardValueCursor { line }.charset();
            let components = text.split(';').map(str::to_owned).collect();
            (text, components)
        } else {
            let value = &line.value;
            let components = (0..value.component_count())
                .map(|i| value.decode_component(i).into_owned())
                .collect();
            (value.decode().into_owned(), components)
        };
        Prop {
            name,
            params,
            text,
            components,
        }
    }

    fn param(&self, name: &str) -> Option<&[String]> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The TYPE values, lower-case: `TYPE=work,cell`, `TYPE="voice,cell"`, 3.0's repeated
    /// `type=`, and 2.1's bare `CELL`.
    fn types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, values) in &self.params {
            if name == "TYPE" {
                out.extend(
                    values
                        .iter()
                        .flat_map(|v| v.split(','))
                        .map(|t| t.trim().to_ascii_lowercase()),
                );
            } else if values.is_empty() {
                out.push(name.to_ascii_lowercase());
            }
        }
        out
    }

    /// How strongly the card prefers this line: 4.0's `PREF=1` (best) to `100`, 3.0's
    /// `TYPE=pref` as 1, none as 101.
    fn preference(&self) -> u32 {
        let pref = self
            .param("PREF")
            .and_then(|v| v.first())
            .and_then(|v| v.trim().parse().ok());
        match pref {
            Some(n) => n,
            None if self.types().iter().any(|t| t == "pref") => 1,
            None => 101,
        }
    }

    fn first_component(&self) -> &str {
        self.components
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// One card, understood and validated: everything needed to write it.
struct Card {
    org: Name,
    contact: IncomingContact,
    birthday: Option<NaiveDate>,
    /// Values left out of a card that was kept, for the report.
    notes: Vec<String>,
}

fn read_card(raw: &RawCard) -> Result<Card, SkippedRecord> {
    let skip = |name: Option<&Name>, reason: String| SkippedRecord {
        line: raw.line,
        name: name.map(|n| n.as_str().to_owned()),
        reason,
    };
    if !raw.closed {
        // Parsed once more with an END, only to name the card in the report.
        let name = parse_props(&format!("{}END:VCARD\r\n", raw.text))
            .ok()
            .and_then(|p| contact_name(&p).ok());
        return Err(skip(
            name.as_ref(),
            "it has BEGIN:VCARD but no END:VCARD (the card is cut off)".into(),
        ));
    }
    let props = parse_props(&raw.text).map_err(|reason| skip(None, reason))?;
    let name = contact_name(&props).map_err(|reason| skip(None, reason))?;
    understand(&props, name.clone()).map_err(|reason| skip(Some(&name), reason))
}

/// Folds the continuation lines some writers leave unfolded after a base64 value (a
/// PHOTO whose lines do not start with a space): a line without a colon after such a
/// value belongs to it.
fn refold_base64(text: &str) -> std::borrow::Cow<'_, str> {
    let is_b64 = |l: &str| {
        let head = l.split(':').next().unwrap_or_default().to_ascii_uppercase();
        head.contains("ENCODING=B") || head.contains("BASE64")
    };
    if !text.lines().any(is_b64) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_b64 = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        let continued = bare.starts_with([' ', '\t']);
        if in_b64 && !continued && !bare.is_empty() && !bare.contains(':') {
            out.push(' ');
        } else if !continued {
            in_b64 = is_b64(bare);
        }
        out.push_str(line);
    }
    out.into()
}

fn parse_props(text: &str) -> Result<Vec<Prop>, String> {
    let text = refold_base64(text);
    let mut card = VcardCst::parse(text.as_ref()).map_err(|e| {
        let detail = e.to_string();
        format!(
            "the card is malformed: {}",
            detail.lines().next().unwrap_or_default()
        )
    })?;
    Ok(card.props.iter_mut().map(Prop::from_line).collect())
}

fn find<'a>(props: &'a [Prop], name: &str) -> Option<&'a Prop> {
    props.iter().find(|p| p.name == name)
}

/// A non-blank property's text.
fn text_of<'a>(props: &'a [Prop], name: &str) -> Option<&'a str> {
    find(props, name)
        .map(|p| p.text.trim())
        .filter(|t| !t.is_empty())
}

/// FN, else N's given, additional and family names.
fn contact_name(props: &[Prop]) -> Result<Name, String> {
    let from_n = || {
        let n = find(props, "N")?;
        let part = |i: usize| {
            n.components
                .get(i)
                .map(|c| c.replace(',', " "))
                .unwrap_or_default()
        };
        let joined = [part(1), part(2), part(0)].join(" ");
        (!joined.trim().is_empty()).then_some(joined)
    };
    let raw = text_of(props, "FN")
        .map(str::to_owned)
        .or_else(from_n)
        .ok_or("it has no name (FN or N)")?;
    Name::parse(&raw).map_err(|e| e.to_string())
}

fn understand(props: &[Prop], name: Name) -> Result<Card, String> {
    let org = find(props, "ORG")
        .map(|p| p.first_component().trim())
        .filter(|o| !o.is_empty())
        .ok_or(NO_ORG)?;
    let org = Name::parse(org).map_err(|e| format!("its ORG: {e}"))?;
    let (title, role) = (text_of(props, "TITLE"), text_of(props, "ROLE"));
    let (role, authority) = match (title, role) {
        (Some(title), role) => (Some(title), role),
        (None, role) => (role, None),
    };
    let email = best(props, "EMAIL", |_| 0)
        .map(|p| p.text.trim())
        .unwrap_or_default();
    let email = strip_prefix_ignore_case(email, "mailto:").unwrap_or(email);
    // The best phone the contact form accepts; one it refuses (an extension "x12", a
    // placeholder) is reported and the contact kept.
    let mut phones: Vec<(usize, &Prop)> = props
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == "TEL")
        .collect();
    phones.sort_by_key(|(i, p)| (phone_rank(p), p.preference(), *i));
    let phones = phones.into_iter().map(|(_, p)| p);
    let mut notes = vec![];
    let mut phone = String::new();
    for p in phones {
        let text = phone_text(&p.text);
        if text.is_empty() {
            continue;
        }
        match fields::phone(&text) {
            Ok(_) => {
                phone = text;
                break;
            }
            Err(e) if phone.is_empty() && notes.is_empty() => {
                notes.push(format!("its phone “{}” was left out: {e}", p.text.trim()))
            }
            Err(_) => {}
        }
    }
    if !phone.is_empty() {
        notes.clear();
    }
    let uid = text_of(props, "UID").map(str::to_owned);
    let contact = IncomingContact {
        name,
        role: fields::short_text("role", role.unwrap_or_default()).map_err(|e| e.to_string())?,
        email: fields::email(email).map_err(|e| e.to_string())?,
        phone: fields::phone(&phone).map_err(|e| e.to_string())?,
        preferred_channel: None,
        authority: fields::short_text("authority", authority.unwrap_or_default())
            .map_err(|e| e.to_string())?,
        uid,
    };
    Ok(Card {
        org,
        contact,
        birthday: card_birthday(props)?,
        notes,
    })
}

const NO_ORG: &str =
    "no ORG: Juggle files people under their client; add ORG or use the contact form";

/// The property of that name the card prefers: lowest `rank`, then preference, then first.
fn best<'a>(props: &'a [Prop], name: &str, rank: fn(&Prop) -> u8) -> Option<&'a Prop> {
    props
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == name && !p.text.trim().is_empty())
        .min_by_key(|(i, p)| (rank(p), p.preference(), *i))
        .map(|(_, p)| p)
}

/// Which number to call a client's contact on: a mobile, then a work line, then anything
/// else, then home, and a fax or pager last.
fn phone_rank(p: &Prop) -> u8 {
    let types = p.types();
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("fax") || has("pager") {
        4
    } else if has("cell") {
        0
    } else if has("work") {
        1
    } else if has("home") {
        3
    } else {
        2
    }
}

/// A TEL value as people write it; 4.0's `tel:+1-555-0100;ext=12` URIs become
/// `+1-555-0100 ext. 12`.
fn phone_text(value: &str) -> String {
    let value = value.trim();
    let Some(uri) = strip_prefix_ignore_case(value, "tel:") else {
        return value.to_owned();
    };
    let mut parts = uri.split(';');
    let number = parts.next().unwrap_or_default().trim().to_owned();
    let ext = parts.find_map(|p| strip_prefix_ignore_case(p.trim(), "ext="));
    match ext {
        Some(ext) if !ext.is_empty() => format!("{number} ext. {ext}"),
        _ => number,
    }
}

/// `text` without `prefix` (ASCII, any case), when it starts with it.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn card_birthday(props: &[Prop]) -> Result<Option<NaiveDate>, String> {
    let Some(bday) = find(props, "BDAY").filter(|p| !p.text.trim().is_empty()) else {
        return Ok(None);
    };
    let value_type = bday
        .param("VALUE")
        .and_then(|v| v.first())
        .map(|v| v.to_ascii_lowercase());
    if value_type.as_deref() == Some("text") {
        return Ok(None); // "circa 1980": a vCard may say it, a calendar can't use it
    }
    let day = birthday(&bday.text).ok_or_else(|| {
        format!(
            "its birthday “{}” is not a date (use 1986-04-12, 19860412, --04-12 or --0412)",
            bday.text.trim()
        )
    })?;
    // Apple writes a birthday without a year as 1604-04-12 with X-APPLE-OMIT-YEAR=1604.
    let omitted = bday
        .param("X-APPLE-OMIT-YEAR")
        .and_then(|v| v.first())
        .and_then(|y| y.trim().parse::<i32>().ok());
    Ok(Some(match omitted {
        Some(year) if year == chrono::Datelike::year(&day) => with_unknown_year(day).unwrap_or(day),
        _ => day,
    }))
}

fn with_unknown_year(day: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::from_ymd_opt(UNKNOWN_YEAR, day.month(), day.day())
}

/// A birthday in the forms address books write: `19860412`, `1986-04-12`, `--0412` and
/// `--04-12` (year unknown: `dates::UNKNOWN_YEAR`), any of them followed by a time
/// (`T103000Z`), which is ignored.
fn birthday(raw: &str) -> Option<NaiveDate> {
    let date = raw.trim().split(['T', 't']).next().unwrap_or_default();
    let (year, month_day) = match date.strip_prefix("--") {
        Some(rest) => (UNKNOWN_YEAR, rest),
        None => {
            let year = date
                .get(..4)
                .filter(|y| y.chars().all(|c| c.is_ascii_digit()))?;
            let rest = &date[4..];
            (year.parse().ok()?, rest.strip_prefix('-').unwrap_or(rest))
        }
    };
    let (month, day) = match month_day.len() {
        4 => (month_day.get(..2)?, month_day.get(2..)?),
        5 => month_day.split_once('-')?,
        _ => return None,
    };
    if ![month, day]
        .iter()
        .all(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
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

// ---- Shared with the CSV import (`super::csv`) ----

/// Why one card or row was not written: skipped with a reason for the report, or a real
/// failure (the database) that ends the whole import.
pub(super) enum Refusal {
    Skip(String),
    Fail(ClientError),
}

impl From<ClientError> for Refusal {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Store(_) => Refusal::Fail(e),
            other => Refusal::Skip(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        Refusal::Fail(e.into())
    }
}

impl From<RelationshipError> for Refusal {
    fn from(e: RelationshipError) -> Self {
        match e {
            RelationshipError::Store(s) => Refusal::Fail(ClientError::Store(s)),
            RelationshipError::Client(c) => c.into(),
            other => Refusal::Skip(other.to_string()),
        }
    }
}

/// A contact as an import brings it, validated with the contact form's rules. `None`
/// means "the file does not say": an update keeps what the book has.
pub(super) struct IncomingContact {
    pub name: Name,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
    pub authority: Option<String>,
    /// The vCard UID it comes from.
    pub uid: Option<String>,
}

pub(super) enum Upserted {
    Added,
    Updated,
}

/// The client with exactly this name (any case and spacing), archived or not. Unlike
/// `find_by_name`, never a partial match: "Acme" in a file is not "Acme Labs".
pub(super) fn client_by_name(
    conn: &Connection,
    name: &Name,
) -> Result<Option<Client>, ClientError> {
    let id: Option<ClientId> = conn
        .query_row(
            "SELECT id FROM clients WHERE name_key = ?1",
            [name.key()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| clients::get(conn, id)).transpose()
}

/// Creates a client as `clients::add` does (the next palette colour unless one is given),
/// inside the import's transaction.
pub(super) fn insert_client(
    conn: &Connection,
    name: &Name,
    priority: Priority,
    colour: Option<&Colour>,
    notes: &str,
) -> Result<Client, ClientError> {
    let colour = match colour {
        Some(c) => c.as_str().to_owned(),
        None => {
            let count: i64 = conn.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))?;
            Colour::nth_from_palette(count as usize).as_str().to_owned()
        }
    };
    conn.execute(
        "INSERT INTO clients (name, name_key, priority, colour, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            name.as_str(),
            name.key(),
            priority.as_str(),
            colour,
            notes,
            now_utc()
        ],
    )?;
    clients::get(conn, ClientId(conn.last_insert_rowid()))
}

/// Adds the contact to the client, or updates the one it already is (see `find_contact`).
/// A new contact on an archived client is refused, as in the contact form.
pub(super) fn upsert_contact(
    conn: &Connection,
    index: &mut ContactIndex,
    client: &Client,
    c: &IncomingContact,
) -> Result<(ContactId, Upserted), Refusal> {
    let channel = c.preferred_channel.map(ContactChannel::as_str);
    let now = now_utc();
    if let Some(id) = find_contact(conn, index, client.id, c)? {
        conn.execute(
            "UPDATE contacts SET name = ?2, role = coalesce(?3, role), email = coalesce(?4, email),
                    phone = coalesce(?5, phone), preferred_channel = coalesce(?6, preferred_channel),
                    authority = coalesce(?7, authority), import_uid = coalesce(?8, import_uid),
                    updated_at = ?9
             WHERE id = ?1",
            params![id, c.name.as_str(), c.role, c.email, c.phone, channel, c.authority, c.uid, now],
        )?;
        index.known(conn, client.id)?.add(
            id,
            c.name.as_str(),
            c.email.as_deref(),
            c.uid.as_deref(),
        );
        return Ok((id, Upserted::Updated));
    }
    if client.archived {
        return Err(ClientError::ClientArchived(client.name.clone()).into());
    }
    conn.execute(
        "INSERT INTO contacts (client_id, name, role, email, phone, preferred_channel, authority,
                               import_uid, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            client.id,
            c.name.as_str(),
            c.role,
            c.email,
            c.phone,
            channel,
            c.authority,
            c.uid,
            now
        ],
    )?;
    let id = ContactId(conn.last_insert_rowid());
    index
        .known(conn, client.id)?
        .add(id, c.name.as_str(), c.email.as_deref(), c.uid.as_deref());
    Ok((id, Upserted::Added))
}

/// The contacts of the clients an import touched, by UID, email and name key, so that
/// finding the contact a card or row is costs a lookup instead of a scan of the client's
/// contacts (10,000 cards of one company were quadratic). Loaded once per client; an
/// import forgets the client of a record it rolled back (`forget_last`), which reloads it.
#[derive(Default)]
pub(super) struct ContactIndex {
    clients: std::collections::HashMap<ClientId, Known>,
    /// Clients found by name key (reading one counts its contacts: not once per card).
    by_name: std::collections::HashMap<String, Client>,
    last: Option<ClientId>,
}

#[derive(Default)]
struct Known {
    by_uid: std::collections::HashMap<String, ContactId>,
    by_email: std::collections::HashMap<String, ContactId>,
    /// Name key → contacts in the order a scan would meet them, and whether each has a UID.
    by_name: std::collections::HashMap<String, Vec<(ContactId, bool)>>,
}

impl Known {
    fn add(&mut self, id: ContactId, name: &str, email: Option<&str>, uid: Option<&str>) {
        if let Some(uid) = uid {
            self.by_uid.entry(uid.to_owned()).or_insert(id);
        }
        if let Some(email) = email {
            self.by_email.entry(email.to_lowercase()).or_insert(id);
        }
        if let Ok(n) = Name::parse(name) {
            let list = self.by_name.entry(n.key()).or_default();
            match list.iter_mut().find(|(x, _)| *x == id) {
                Some(entry) => entry.1 |= uid.is_some(),
                None => list.push((id, uid.is_some())),
            }
        }
    }
}

impl ContactIndex {
    /// Drops what is known of the client of the last record, after a rollback.
    pub(super) fn forget_last(&mut self) {
        if let Some(id) = self.last.take() {
            self.clients.remove(&id);
            self.by_name.retain(|_, c| c.id != id);
        }
    }

    /// Forgets a client whose row changed.
    pub(super) fn forget_client(&mut self, id: ClientId) {
        self.by_name.retain(|_, c| c.id != id);
    }

    /// The client of that name, as `client_by_name`, remembered for the import.
    pub(super) fn client(
        &mut self,
        conn: &Connection,
        name: &Name,
    ) -> Result<Option<Client>, ClientError> {
        if let Some(c) = self.by_name.get(&name.key()) {
            self.last = Some(c.id);
            return Ok(Some(c.clone()));
        }
        let found = client_by_name(conn, name)?;
        if let Some(c) = &found {
            self.last = Some(c.id);
            self.by_name.insert(name.key(), c.clone());
        }
        Ok(found)
    }

    fn known(&mut self, conn: &Connection, client: ClientId) -> rusqlite::Result<&mut Known> {
        self.last = Some(client);
        if let std::collections::hash_map::Entry::Vacant(slot) = self.clients.entry(client) {
            let mut known = Known::default();
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, email, import_uid FROM contacts WHERE client_id = ?1
                 ORDER BY archived_at IS NOT NULL, id",
            )?;
            let rows = stmt.query_map([client], |r| {
                Ok((
                    r.get::<_, ContactId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (id, name, email, uid) = row?;
                known.add(id, &name, email.as_deref(), uid.as_deref());
            }
            slot.insert(known);
        }
        Ok(self.clients.entry(client).or_default())
    }
}

/// The contact of this client that an incoming one is: the same UID, else the same email
/// (any case), else the same name key. A name alone never claims a contact imported from
/// another card (two people may share a name; their UIDs tell them apart).
fn find_contact(
    conn: &Connection,
    index: &mut ContactIndex,
    client: ClientId,
    c: &IncomingContact,
) -> rusqlite::Result<Option<ContactId>> {
    let known = index.known(conn, client)?;
    let by_uid = c.uid.as_deref().and_then(|u| known.by_uid.get(u).copied());
    let by_email = || {
        c.email
            .as_deref()
            .and_then(|e| known.by_email.get(&e.to_lowercase()).copied())
    };
    let by_name = || {
        known.by_name.get(&c.name.key()).and_then(|list| {
            list.iter()
                .find(|(_, has_uid)| !has_uid || c.uid.is_none())
                .map(|(id, _)| *id)
        })
    };
    Ok(by_uid.or_else(by_email).or_else(by_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(card: &str) -> Vec<Prop> {
        parse_props(card).unwrap()
    }

    fn card(lines: &[&str]) -> String {
        let mut text = String::from("BEGIN:VCARD\r\n");
        for l in lines {
            text.push_str(l);
            text.push_str("\r\n");
        }
        text + "END:VCARD\r\n"
    }

    fn understood(lines: &[&str]) -> Result<Card, String> {
        let props = props(&card(lines));
        understand(&props, contact_name(&props)?)
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_birthday_form_address_books_write() {
        assert_eq!(birthday("19860412"), Some(day("1986-04-12")));
        assert_eq!(birthday("1986-04-12"), Some(day("1986-04-12")));
        assert_eq!(birthday("--0412"), Some(day("1604-04-12")));
        assert_eq!(birthday("--04-12"), Some(day("1604-04-12")));
        assert_eq!(
            birthday("--0229"),
            Some(day("1604-02-29")),
            "a leap year keeps 29 February"
        );
        assert_eq!(
            birthday("1986-04-12T10:30:00Z"),
            Some(day("1986-04-12")),
            "the time is ignored"
        );
        assert_eq!(birthday("19860412T103000"), Some(day("1986-04-12")));
        for bad in [
            "1986",
            "--04",
            "1986-13-01",
            "1986-04-31",
            "12/04/1986",
            "circa 1980",
            "198604-12x",
            "",
        ] {
            assert_eq!(birthday(bad), None, "{bad} accepted");
        }
    }

    #[test]
    fn bday_parameters_value_date_value_text_and_apple_omitted_year() {
        let b = |line: &str| card_birthday(&props(&card(&["VERSION:4.0", "FN:A", line])));
        assert_eq!(
            b("BDAY;VALUE=date:--0412").unwrap(),
            Some(day("1604-04-12"))
        );
        assert_eq!(b("BDAY;VALUE=text:circa 1980").unwrap(), None);
        assert_eq!(
            b("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12").unwrap(),
            Some(day("1604-04-12"))
        );
        assert_eq!(
            b("BDAY;X-APPLE-OMIT-YEAR=1900:1900-04-12").unwrap(),
            Some(day("1604-04-12"))
        );
        assert!(b("BDAY:someday")
            .unwrap_err()
            .contains("“someday” is not a date"));
    }

    #[test]
    fn folded_lines_are_joined_and_begin_lines_numbered() {
        let text = "junk before\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n  Silva\r\nNOTE:END:VCARD is\r\n END:VCARD\r\nEND:VCARD\r\n\r\nbegin:vcard\nFN:Bob\nend:vcard\n";
        let cards = split_cards(text);
        assert_eq!(
            cards.iter().map(|c| (c.line, c.closed)).collect::<Vec<_>>(),
            [(2, true), (10, true)]
        );
        let first = props(&cards[0].text);
        assert_eq!(
            text_of(&first, "FN"),
            Some("Ana Silva"),
            "RFC folding drops the one leading space"
        );
        assert_eq!(text_of(&props(&cards[1].text), "FN"), Some("Bob"));
    }

    #[test]
    fn a_begin_without_end_is_cut_off_at_the_next_begin() {
        let text = "BEGIN:VCARD\nFN:Cut\nBEGIN:VCARD\nFN:Whole\nORG:Acme\nEND:VCARD\nBEGIN:VCARD\nFN:Tail\n";
        let cards = split_cards(text);
        assert_eq!(
            cards.iter().map(|c| (c.line, c.closed)).collect::<Vec<_>>(),
            [(1, false), (3, true), (7, false)]
        );
        let skipped = read_card(&cards[0]).err().unwrap();
        assert_eq!((skipped.line, skipped.name.as_deref()), (1, Some("Cut")));
        assert!(
            skipped.reason.contains("no END:VCARD"),
            "{}",
            skipped.reason
        );
        assert!(read_card(&cards[1]).is_ok());
    }

    #[test]
    fn a_3_0_card_as_apple_and_google_write_it() {
        let c = understood(&[
            "VERSION:3.0",
            "N:Silva;Ana;Maria;Dr.;",
            "FN:Ana Silva",
            "ORG:Acme Corp;Engineering",
            "TITLE:CTO",
            "item1.EMAIL;type=INTERNET;type=pref:ana@acme.com",
            "item1.X-ABLabel:_$!<Other>!$_",
            "TEL;type=HOME;type=VOICE:+1 555 0100",
            "TEL;type=CELL;type=VOICE;type=pref:+1 555 0199",
            "UID:abc-123",
        ])
        .unwrap();
        assert_eq!(c.org.as_str(), "Acme Corp");
        assert_eq!(c.contact.name.as_str(), "Ana Silva");
        assert_eq!(c.contact.role.as_deref(), Some("CTO"));
        assert_eq!(c.contact.email.as_deref(), Some("ana@acme.com"));
        assert_eq!(c.contact.phone.as_deref(), Some("+1 555 0199"));
        assert_eq!(c.contact.uid.as_deref(), Some("abc-123"));
        assert_eq!(c.birthday, None);
    }

    #[test]
    fn a_4_0_card_with_quoted_types_pref_and_a_tel_uri() {
        let c = understood(&[
            "VERSION:4.0",
            "FN:Bob Stone",
            "ORG:Globex\\, Inc.",
            "ROLE:Decision maker",
            "TITLE:Head of IT",
            "EMAIL;TYPE=home:bob@home.example",
            "EMAIL;TYPE=work;PREF=1:bob@globex.com",
            "TEL;TYPE=home:+1 555 0100",
            "TEL;VALUE=uri;TYPE=\"voice,work\":tel:+1-555-555-5555;ext=55",
            "BDAY:19860412",
        ])
        .unwrap();
        assert_eq!(c.org.as_str(), "Globex, Inc.");
        assert_eq!(
            (c.contact.role.as_deref(), c.contact.authority.as_deref()),
            (Some("Head of IT"), Some("Decision maker"))
        );
        assert_eq!(c.contact.email.as_deref(), Some("bob@globex.com"));
        assert_eq!(c.contact.phone.as_deref(), Some("+1-555-555-5555 ext. 55"));
        assert_eq!(c.birthday, Some(day("1986-04-12")));
    }

    #[test]
    fn phones_rank_cell_then_work_then_other_then_home_with_fax_last() {
        let pick = |lines: &[&str]| {
            let mut all = vec!["FN:A", "ORG:Acme"];
            all.extend_from_slice(lines);
            understood(&all).unwrap().contact.phone.unwrap()
        };
        assert_eq!(
            pick(&[
                "TEL;TYPE=fax:111 111",
                "TEL;TYPE=home:222 222",
                "TEL:333 333"
            ]),
            "333 333"
        );
        assert_eq!(
            pick(&[
                "TEL;TYPE=home:222 222",
                "TEL;TYPE=work:444 444",
                "TEL;TYPE=cell:555 555"
            ]),
            "555 555"
        );
        assert_eq!(
            pick(&["TEL;CELL:666 666", "TEL;TYPE=work:444 444"]),
            "666 666",
            "2.1's bare type"
        );
        assert_eq!(
            pick(&["TEL;TYPE=work:444 444", "TEL;TYPE=work;TYPE=pref:777 777"]),
            "777 777"
        );
    }

    #[test]
    fn role_alone_is_the_role_and_n_names_a_card_without_fn() {
        let c = understood(&["N:Doe;John;Q.;;", "ORG:Acme", "ROLE:Sponsor"]).unwrap();
        assert_eq!(c.contact.name.as_str(), "John Q. Doe");
        assert_eq!(
            (c.contact.role.as_deref(), c.contact.authority),
            (Some("Sponsor"), None)
        );
    }

    #[test]
    fn cards_that_cannot_be_taken_whole_say_why() {
        let reason = |lines: &[&str]| {
            let raw = RawCard {
                line: 1,
                text: card(lines),
                closed: true,
            };
            read_card(&raw).err().unwrap().reason
        };
        assert_eq!(
            reason(&["VERSION:3.0", "ORG:Acme"]),
            "it has no name (FN or N)"
        );
        assert_eq!(reason(&["FN:A", "ORG:;Sales"]), NO_ORG);
        assert_eq!(reason(&["FN:A"]), NO_ORG);
        assert!(reason(&["FN:A", "ORG:Acme", "EMAIL:ana@acme"]).contains("not an email address"));
        // A phone the form refuses is left out and reported; the contact is kept.
        let kept = understood(&["FN:A", "ORG:Acme", "TEL:call me"]).unwrap();
        assert_eq!(kept.contact.phone, None);
        assert!(
            kept.notes[0].contains("not a phone number"),
            "{:?}",
            kept.notes
        );
        let ext = understood(&[
            "FN:A",
            "ORG:Acme",
            "TEL;TYPE=work:x12",
            "TEL;TYPE=home:030 1234",
        ])
        .unwrap();
        assert_eq!(ext.contact.phone.as_deref(), Some("030 1234"));
        assert!(ext.notes.is_empty());
        assert!(reason(&["FN:A", "ORG:Acme", "this line has no colon"])
            .starts_with("the card is malformed"));
    }

    #[test]
    fn windows_1252_and_utf16_files_decode_and_a_leftover_charset_does_not_garble() {
        let cp1252 = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;CHARSET=Windows-1252:B\xe4ckerei M\xfcller\r\nORG:Acme\r\nEND:VCARD\r\n";
        let text = decode(cp1252);
        assert!(text.contains("Bäckerei Müller"));
        let props = parse_props(&text).unwrap();
        assert_eq!(contact_name(&props).unwrap().as_str(), "Bäckerei Müller");
        let mut utf16 = vec![0xff, 0xfe];
        for u in "FN:Zoë".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), "FN:Zoë");
    }

    #[test]
    fn an_unfolded_base64_photo_does_not_break_the_card() {
        let c = understood(&[
            "FN:A",
            "ORG:Acme",
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
            "AAAQABAAD/2wBDAAgGBgcGBQgHBwcJ",
            "CQgKDBQNDAsLDBkSEw8U",
            "EMAIL:a@acme.com",
        ])
        .unwrap();
        assert_eq!(c.contact.email.as_deref(), Some("a@acme.com"));
    }

    #[test]
    fn quoted_printable_2_1_names_are_decoded() {
        let c = understood(&[
            "VERSION:2.1",
            "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Zo=C3=AB M=C3=BCller",
            "ORG:Acme",
        ])
        .unwrap();
        assert_eq!(c.contact.name.as_str(), "Zoë Müller");
    }
}
