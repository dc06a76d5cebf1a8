//! The user's settings: the typed preferences (week start, theme) the app applies and the
//! first-run state, over the key-value `settings` table of `crate::store::keys`.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use crate::store::keys::{get, set};
use crate::store::{Reader, Store, StoreError, Writer};
use crate::Coded;

const FIRST_RUN_DONE: &str = "first_run.done";

/// A first start: the welcome (start empty, or load the sample book) was never answered
/// and the book is empty (a book made with the CLI needs no welcome).
pub fn is_first_run(store: &Store) -> Result<bool, StoreError> {
    let has_clients: bool =
        store
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM clients)", [], |r| r.get(0))?;
    Ok(!has_clients && get(store, FIRST_RUN_DONE)?.is_none())
}

pub fn finish_first_run(store: &mut Store) -> Result<(), StoreError> {
    set(store, FIRST_RUN_DONE, "1")
}

// ---- Updates: whether the app looks for a new version when it starts ----

/// "0" when the user turned the check at start off; anything else (or nothing) is on.
pub const UPDATES_AT_START: &str = "updates.check_at_start";

/// Whether the app should look for a new version when it starts: yes until turned off.
pub fn check_updates_at_start(store: &Store) -> Result<bool, StoreError> {
    Ok(get(store, UPDATES_AT_START)?.as_deref() != Some("0"))
}

pub fn set_check_updates_at_start(store: &mut Store, on: bool) -> Result<(), StoreError> {
    set(store, UPDATES_AT_START, if on { "1" } else { "0" })
}

// ---- Preferences: how the app looks and counts weeks ----

/// The first day of the calendar's weeks.
pub const WEEK_START: &str = "calendar.week_start";
/// Light, dark, or as the OS says.
pub const THEME: &str = "appearance.theme";

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("Unknown {field} “{value}”: use {allowed}.", field = .0.replace('_', " "), value = .1, allowed = .2.join(", "))]
    Unknown(&'static str, String, &'static [&'static str]),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Coded for SettingsError {
    fn code(&self) -> &'static str {
        match self {
            SettingsError::Unknown(..) => "settings.invalid",
            SettingsError::Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            SettingsError::Unknown(field, ..) => Some(field),
            SettingsError::Store(_) => None,
        }
    }
}

/// The day the calendar's weeks start on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WeekStart {
    Monday,
    Sunday,
    Saturday,
}

/// Regions whose weeks start on Sunday, and on Saturday, as CLDR's week data lists them;
/// everywhere else starts on Monday (ISO 8601).
const SUNDAY_FIRST: &[&str] = &[
    "AG", "AS", "BD", "BR", "BS", "BT", "BW", "BZ", "CA", "CN", "CO", "DM", "DO", "ET", "GT", "GU",
    "HK", "HN", "ID", "IL", "IN", "JM", "JP", "KE", "KH", "KR", "LA", "MH", "MM", "MO", "MT", "MX",
    "MZ", "NI", "NP", "PA", "PE", "PH", "PK", "PR", "PT", "PY", "SA", "SG", "SV", "TH", "TT", "TW",
    "UM", "US", "VE", "VI", "WS", "YE", "ZA", "ZW",
];
const SATURDAY_FIRST: &[&str] = &[
    "AE", "AF", "BH", "DJ", "DZ", "EG", "IQ", "IR", "JO", "KW", "LY", "OM", "QA", "SD", "SY",
];

impl WeekStart {
    pub const ALL: &'static [&'static str] = &["monday", "sunday", "saturday"];

    pub fn as_str(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
            WeekStart::Saturday => "saturday",
        }
    }

    /// The usual first day where a POSIX or BCP 47 locale (`en_US.UTF-8`, `pt-BR`) says
    /// the user lives; Monday when it names no region (`C`, `de`).
    pub fn for_locale(locale: &str) -> WeekStart {
        let base = locale.split(['.', '@']).next().unwrap_or("");
        let region = base
            .split(['_', '-'])
            .nth(1)
            .unwrap_or("")
            .to_ascii_uppercase();
        if SUNDAY_FIRST.contains(&region.as_str()) {
            WeekStart::Sunday
        } else if SATURDAY_FIRST.contains(&region.as_str()) {
            WeekStart::Saturday
        } else {
            WeekStart::Monday
        }
    }

    /// The default until the user picks one: from the locale the app runs in (`LC_ALL`,
    /// then `LC_TIME`, then `LANG`, as POSIX orders them). Apps started from macOS's
    /// Finder or on Windows have none of these, so there the system's own region setting
    /// answers (`sys-locale`). Not stored, so it follows a change of locale until the user
    /// chooses.
    pub fn from_environment() -> WeekStart {
        let posix = ["LC_ALL", "LC_TIME", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        WeekStart::for_locale(&posix_or_system(posix, sys_locale::get_locale))
    }
}

/// The POSIX locale when the environment names one, else the system's (BCP 47, `en-US`).
fn posix_or_system(posix: Option<String>, system: impl FnOnce() -> Option<String>) -> String {
    posix.or_else(system).unwrap_or_default()
}

impl FromStr for WeekStart {
    type Err = SettingsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monday" => Ok(WeekStart::Monday),
            "sunday" => Ok(WeekStart::Sunday),
            "saturday" => Ok(WeekStart::Saturday),
            _ => Err(SettingsError::Unknown(
                "week_start",
                s.to_owned(),
                WeekStart::ALL,
            )),
        }
    }
}

/// Light or dark colours, or whichever the OS is set to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

impl Theme {
    pub const ALL: &'static [&'static str] = &["light", "dark", "system"];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }
}

impl FromStr for Theme {
    type Err = SettingsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            "system" => Ok(Theme::System),
            _ => Err(SettingsError::Unknown("theme", s.to_owned(), Theme::ALL)),
        }
    }
}

/// The user's preferences, as the app applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Preferences {
    pub week_start: WeekStart,
    pub theme: Theme,
}

/// The preferences, with the defaults for what was never chosen. A stored value this
/// build does not know (a hand-edited or imported book) reads as the default rather than
/// breaking the app.
pub fn preferences(store: &impl Reader) -> Result<Preferences, StoreError> {
    preferences_or(store, WeekStart::from_environment())
}

fn preferences_or(
    store: &impl Reader,
    default_week_start: WeekStart,
) -> Result<Preferences, StoreError> {
    let stored = |key| -> Result<Option<String>, StoreError> { get(store, key) };
    Ok(Preferences {
        week_start: stored(WEEK_START)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default_week_start),
        theme: stored(THEME)?
            .and_then(|v| v.parse().ok())
            .unwrap_or_default(),
    })
}

/// Stores both preferences in one transaction and returns them as now read.
pub fn set_preferences(
    store: &mut impl Writer,
    preferences: &Preferences,
) -> Result<Preferences, StoreError> {
    store.write(|tx| {
        for (key, value) in [
            (WEEK_START, preferences.week_start.as_str()),
            (THEME, preferences.theme.as_str()),
        ] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
        }
        self::preferences(tx)
    })
}

/// Changes the preferences the user names, given as text (the command line), after
/// checking each; the others stay as they are.
pub fn update_preferences(
    store: &mut Store,
    week_start: Option<&str>,
    theme: Option<&str>,
) -> Result<Preferences, SettingsError> {
    let current = preferences(store)?;
    let wanted = Preferences {
        week_start: week_start
            .map(str::parse)
            .transpose()?
            .unwrap_or(current.week_start),
        theme: theme.map(str::parse).transpose()?.unwrap_or(current.theme),
    };
    Ok(set_preferences(store, &wanted)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_default_to_the_locale_and_the_os_until_chosen() {
        let mut store = Store::open_in_memory().unwrap();
        let prefs = preferences_or(&store, WeekStart::Sunday).unwrap();
        assert_eq!(
            prefs,
            Preferences {
                week_start: WeekStart::Sunday,
                theme: Theme::System
            }
        );
        let chosen = Preferences {
            week_start: WeekStart::Saturday,
            theme: Theme::Dark,
        };
        assert_eq!(set_preferences(&mut store, &chosen).unwrap(), chosen);
        assert_eq!(preferences_or(&store, WeekStart::Sunday).unwrap(), chosen);
        assert_eq!(get(&store, THEME).unwrap().as_deref(), Some("dark"));
    }

    #[test]
    fn unknown_values_are_refused_with_the_field_and_change_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let err = update_preferences(&mut store, Some("sunday"), Some("purple")).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("settings.invalid", Some("theme"))
        );
        assert_eq!(
            err.to_string(),
            "Unknown theme “purple”: use light, dark, system."
        );
        let err = update_preferences(&mut store, Some("tuesday"), None).unwrap_err();
        assert_eq!(err.field(), Some("week_start"));
        assert_eq!(get(&store, WEEK_START).unwrap(), None);

        let prefs = update_preferences(&mut store, None, Some(" Light ")).unwrap();
        assert_eq!(prefs.theme, Theme::Light);
        assert_eq!(
            update_preferences(&mut store, Some("SUNDAY"), None).unwrap(),
            Preferences {
                week_start: WeekStart::Sunday,
                theme: Theme::Light
            }
        );
    }

    #[test]
    fn a_stored_value_this_build_does_not_know_reads_as_the_default() {
        let mut store = Store::open_in_memory().unwrap();
        set(&mut store, THEME, "sepia").unwrap();
        set(&mut store, WEEK_START, "").unwrap();
        assert_eq!(
            preferences_or(&store, WeekStart::Monday).unwrap(),
            Preferences {
                week_start: WeekStart::Monday,
                theme: Theme::System
            }
        );
    }

    #[test]
    fn the_update_check_at_start_is_on_until_turned_off() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(check_updates_at_start(&store).unwrap());
        set_check_updates_at_start(&mut store, false).unwrap();
        assert!(!check_updates_at_start(&store).unwrap());
        set_check_updates_at_start(&mut store, true).unwrap();
        assert!(check_updates_at_start(&store).unwrap());
    }

    /// macOS and Windows apps get no POSIX locale variables: the system's region decides.
    #[test]
    fn without_posix_variables_the_system_locale_decides() {
        let system = || Some("en-US".to_owned());
        assert_eq!(
            WeekStart::for_locale(&posix_or_system(None, system)),
            WeekStart::Sunday
        );
        assert_eq!(
            WeekStart::for_locale(&posix_or_system(Some("de_DE.UTF-8".into()), system)),
            WeekStart::Monday
        );
        assert_eq!(posix_or_system(None, || None), "");
    }

    #[test]
    fn the_week_starts_where_the_locale_says() {
        for (locale, day) in [
            ("en_US.UTF-8", WeekStart::Sunday),
            ("pt-BR", WeekStart::Sunday),
            ("ja_JP.eucJP", WeekStart::Sunday),
            ("de_DE.UTF-8@euro", WeekStart::Monday),
            ("en_GB", WeekStart::Monday),
            ("ar_EG.UTF-8", WeekStart::Saturday),
            ("fa_IR", WeekStart::Saturday),
            ("de", WeekStart::Monday),
            ("C.UTF-8", WeekStart::Monday),
            ("POSIX", WeekStart::Monday),
            ("", WeekStart::Monday),
        ] {
            assert_eq!(WeekStart::for_locale(locale), day, "{locale}");
        }
    }
}
