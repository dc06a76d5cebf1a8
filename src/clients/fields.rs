//! Validated field types. Input is parsed into these at the edge, so the rest of the
//! code never checks a name, an email or a colour again.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::ClientError;

const MAX_NAME: usize = 200;
const MAX_NOTES: usize = 20_000;
const MAX_SHORT_TEXT: usize = 500;

/// A person's or organisation's name: trimmed, inner whitespace collapsed, 1–200 chars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Name, ClientError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = name.chars().count();
        if chars == 0 {
            return Err(ClientError::EmptyName);
        }
        if chars > MAX_NAME {
            return Err(ClientError::NameTooLong(chars));
        }
        Ok(Name(name))
    }

    /// The form two names are compared in: "ACME  corp" and "Acme Corp" are the same client.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How much a client matters when the user decides what to do first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    #[default]
    Normal,
    Low,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    /// Sort key: high first.
    pub fn rank(self) -> u8 {
        match self {
            Priority::High => 0,
            Priority::Normal => 1,
            Priority::Low => 2,
        }
    }
}

impl FromStr for Priority {
    type Err = ClientError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "high" => Ok(Priority::High),
            "normal" => Ok(Priority::Normal),
            "low" => Ok(Priority::Low),
            _ => Err(ClientError::UnknownPriority(s.to_owned())),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A client's colour on the calendar and in lists, stored as lowercase `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour(String);

/// Distinct, readable-on-white colours handed out to new clients in turn.
pub const PALETTE: [&str; 10] = [
    "#2f80ed", "#eb5757", "#27ae60", "#f2994a", "#9b51e0", "#00a3a3", "#d6336c", "#7a8a00",
    "#5c6ac4", "#b7791f",
];

impl Colour {
    pub fn parse(raw: &str) -> Result<Colour, ClientError> {
        let s = raw.trim().to_ascii_lowercase();
        let hex = s.strip_prefix('#').unwrap_or(&s);
        let expanded = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_owned(),
            _ => return Err(ClientError::InvalidColour(raw.to_owned())),
        };
        if !expanded.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ClientError::InvalidColour(raw.to_owned()));
        }
        Ok(Colour(format!("#{expanded}")))
    }

    /// The palette colour for the n-th client, so neighbours in the list differ.
    pub fn nth_from_palette(n: usize) -> Colour {
        Colour(PALETTE[n % PALETTE.len()].to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text notes, at most 20,000 characters.
pub fn notes(raw: &str) -> Result<String, ClientError> {
    let notes = raw.trim().to_owned();
    let chars = notes.chars().count();
    if chars > MAX_NOTES {
        return Err(ClientError::NotesTooLong(chars));
    }
    Ok(notes)
}

/// An optional one-line text field (role, authority): blank means absent.
pub fn short_text(field: &'static str, raw: &str) -> Result<Option<String>, ClientError> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars > MAX_SHORT_TEXT {
        return Err(ClientError::FieldTooLong(field, chars));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// An optional email address. Deliberately simple: one `@`, a non-empty local part, and a
/// domain of dot-separated labels with a top level of two letters or more. It catches the
/// typos users make (missing `@`, spaces, `name@company`) without rejecting real addresses.
pub fn email(raw: &str) -> Result<Option<String>, ClientError> {
    let email = raw.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let invalid = || ClientError::InvalidEmail(email.to_owned());
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic));
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c == '@' || c.is_control());
    if !local_ok || labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(invalid());
    }
    Ok(Some(email.to_owned()))
}

/// An optional phone number as the user writes it (`+49 30 1234-567`, `(555) 010 0199`),
/// with at least five digits and nothing that could not be dialled.
pub fn phone(raw: &str) -> Result<Option<String>, ClientError> {
    let phone = raw.trim();
    if phone.is_empty() {
        return Ok(None);
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-()./".contains(c);
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let extension_ok = match phone.to_ascii_lowercase().split_once("ext") {
        Some((_, ext)) => ext
            .trim_start_matches('.')
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit()),
        None => true,
    };
    let body = phone.to_ascii_lowercase();
    let body = body.split("ext").next().unwrap_or_default();
    if !(5..=20).contains(&digits) || !body.chars().all(allowed) || !extension_ok {
        return Err(ClientError::InvalidPhone(phone.to_owned()));
    }
    Ok(Some(phone.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_collapsed_and_compared_without_case() {
        let name = Name::parse("  Acme \t Corp ").unwrap();
        assert_eq!(name.as_str(), "Acme Corp");
        assert_eq!(name.key(), Name::parse("ACME CORP").unwrap().key());
    }

    #[test]
    fn blank_and_overlong_names_are_refused() {
        assert!(matches!(Name::parse("  "), Err(ClientError::EmptyName)));
        assert!(matches!(
            Name::parse(&"x".repeat(201)),
            Err(ClientError::NameTooLong(201))
        ));
        assert!(Name::parse(&"é".repeat(200)).is_ok());
    }

    #[test]
    fn colours_accept_short_and_long_hex_and_normalise() {
        assert_eq!(Colour::parse("#ABC").unwrap().as_str(), "#aabbcc");
        assert_eq!(Colour::parse("2F80ED").unwrap().as_str(), "#2f80ed");
        assert!(Colour::parse("#12345").is_err());
        assert!(Colour::parse("red").is_err());
        assert!(Colour::parse("#gg0000").is_err());
    }

    #[test]
    fn emails_catch_common_typos() {
        assert_eq!(
            email(" ana@acme.co ").unwrap().as_deref(),
            Some("ana@acme.co")
        );
        assert_eq!(email("").unwrap(), None);
        assert!(email("zoë.müller@bücher.de").unwrap().is_some());
        for bad in [
            "ana",
            "ana@",
            "@acme.com",
            "ana@acme",
            "ana acme@x.com",
            "a@b@c.com",
            "ana@acme..com",
            "ana@acme.c0m",
            "ana@-acme.com",
        ] {
            assert!(
                matches!(email(bad), Err(ClientError::InvalidEmail(_))),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn phones_allow_usual_punctuation_and_extensions() {
        for ok in ["+49 30 1234-567", "(555) 010.0199", "020 7946 0958 ext. 12"] {
            assert!(phone(ok).unwrap().is_some(), "{ok} refused");
        }
        for bad in ["call me", "123", "+44 20 ABCD 1234", "555-0199 ext twelve"] {
            assert!(
                matches!(phone(bad), Err(ClientError::InvalidPhone(_))),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn priority_parses_case_insensitively_and_names_the_bad_value() {
        assert_eq!("HIGH".parse::<Priority>().unwrap(), Priority::High);
        let err = "urgent".parse::<Priority>().unwrap_err();
        assert!(err.to_string().contains("urgent"));
    }
}
