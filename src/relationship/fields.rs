//! Parsing what the user typed, shared by every record of this area.

use chrono::NaiveDate;

use super::RelationshipError;

/// `YYYY-MM-DD`.
pub fn day(field: &'static str, raw: &str) -> Result<NaiveDate, RelationshipError> {
    Ok(crate::fields::day(field, raw)?)
}

/// A day, or none when left blank.
pub fn optional_day(
    field: &'static str,
    raw: &str,
) -> Result<Option<NaiveDate>, RelationshipError> {
    Ok(crate::fields::optional_day(field, raw)?)
}

/// A stored `YYYY-MM-DD` in a sentence: a day marker the front ends render (see `prose`).
pub fn human(day: &str) -> String {
    day.parse::<NaiveDate>()
        .map(crate::prose::day)
        .unwrap_or_else(|_| day.to_owned())
}

/// Trimmed free text of at most `max` characters.
pub fn text(field: &'static str, raw: &str, max: usize) -> Result<String, RelationshipError> {
    Ok(crate::fields::text(field, raw, max)?)
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
