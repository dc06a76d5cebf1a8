//! Cutting a file into cards and understanding one: its lines (by `vcard-rs`), its name,
//! client (ORG), role, channels and birthday, validated by the contact form's rules.

use ::vcard::tree::cst::VcardCst;
use ::vcard::tree::line::VcardLine;
use ::vcard::tree::value::cursor::VcardValueCursor;
use chrono::NaiveDate;

use super::values::{best, card_birthday, phone_rank, phone_text, strip_prefix_ignore_case};
use super::SkippedRecord;
use crate::clients::fields::{self, Name};
use crate::exchange::merge::IncomingContact;

/// One card's text as written (folds kept, for the parser) and the line of its BEGIN.
pub(super) struct RawCard {
    pub(super) line: u32,
    pub(super) text: String,
    /// Whether its END:VCARD came before the next BEGIN:VCARD or the end of the file.
    pub(super) closed: bool,
}

/// Cuts a file into cards by its BEGIN:VCARD and END:VCARD lines. Continuation lines
/// (folded, starting with a space or tab) are never taken for either; lines outside any
/// card are ignored.
pub(super) fn split_cards(text: &str) -> Vec<RawCard> {
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
pub(super) struct Prop {
    pub(super) name: String,
    pub(super) params: Vec<(String, Vec<String>)>,
    pub(super) text: String,
    pub(super) components: Vec<String>,
}

impl Prop {
    pub(super) fn from_line(line: &mut VcardLine) -> Prop {
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

    pub(super) fn param(&self, name: &str) -> Option<&[String]> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The TYPE values, lower-case: `TYPE=work,cell`, `TYPE="voice,cell"`, 3.0's repeated
    /// `type=`, and 2.1's bare `CELL`.
    pub(super) fn types(&self) -> Vec<String> {
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
    pub(super) fn preference(&self) -> u32 {
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

    pub(super) fn first_component(&self) -> &str {
        self.components
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// One card, understood and validated: everything needed to write it.
pub(super) struct Card {
    pub(super) org: Name,
    pub(super) contact: IncomingContact,
    pub(super) birthday: Option<NaiveDate>,
    /// Values left out of a card that was kept, for the report.
    pub(super) notes: Vec<String>,
}

pub(super) fn read_card(raw: &RawCard) -> Result<Card, SkippedRecord> {
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
pub(super) fn refold_base64(text: &str) -> std::borrow::Cow<'_, str> {
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

pub(super) fn parse_props(text: &str) -> Result<Vec<Prop>, String> {
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

pub(super) fn find<'a>(props: &'a [Prop], name: &str) -> Option<&'a Prop> {
    props.iter().find(|p| p.name == name)
}

/// A non-blank property's text.
pub(super) fn text_of<'a>(props: &'a [Prop], name: &str) -> Option<&'a str> {
    find(props, name)
        .map(|p| p.text.trim())
        .filter(|t| !t.is_empty())
}

/// FN, else N's given, additional and family names.
pub(super) fn contact_name(props: &[Prop]) -> Result<Name, String> {
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

pub(super) fn understand(props: &[Prop], name: Name) -> Result<Card, String> {
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

pub(super) const NO_ORG: &str =
    "no ORG: Juggle files people under their client; add ORG or use the contact form";
