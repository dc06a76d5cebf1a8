//! Parsing what the user typed, shared by every record of this area.

use chrono::NaiveDate;

use super::RelationshipError;

/// `YYYY-MM-DD`.
pub fn day(field: &'static str, raw: &str) -> Result<NaiveDate, RelationshipError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| RelationshipError::BadDate(field, raw.trim().to_owned()))
}

/// A day, or none when left blank.
pub fn optional_day(
    field: &'static str,
    raw: &str,
) -> Result<Option<NaiveDate>, RelationshipError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        day(field, raw).map(Some)
    }
}

/// A stored `YYYY-MM-DD` as people read it in a sentence ("16 Oct 2026").
pub fn human(day: &str) -> String {
    day.parse::<NaiveDate>()
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| day.to_owned())
}

/// Trimmed free text of at most `max` characters.
pub fn text(field: &'static str, raw: &str, max: usize) -> Result<String, RelationshipError> {
    let t = raw.trim();
    let n = t.chars().count();
    if n > max {
        return Err(RelationshipError::TooLong(field, n, max));
    }
    Ok(t.to_owned())
}

/// A closed list of kinds, stored and exchanged as snake_case text.
macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, specta::Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::relationship::RelationshipError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::relationship::RelationshipError::UnknownKind(s.trim().to_owned(), Self::NAMES)),
                }
            }
        }
    };
}
pub(crate) use kinds;
