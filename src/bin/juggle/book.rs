//! The whole book as one JSON file (`juggle export` / `juggle import`), and the
//! preferences the app applies (`juggle preferences`).

use std::path::Path;

use juggle::book::json as book_json;
use juggle::settings;
use juggle::Store;

use crate::output;

pub fn export(store: &Store, out: &Path, json: bool) -> output::Result {
    let summary = book_json::export_file(store, out)?;
    if json {
        return output::json(&summary);
    }
    crate::outln!(
        "Exported {} (schema {}) to {}.",
        summary.describe(),
        summary.schema_version,
        out.display()
    );
    Ok(())
}

pub fn import(store: &mut Store, file: &Path, json: bool) -> output::Result {
    let summary = book_json::import_file(store, file)?;
    if json {
        return output::json(&summary);
    }
    let upgraded = if summary.schema_version < juggle::store::latest_version() {
        format!(
            " (schema {}, upgraded to {})",
            summary.schema_version,
            juggle::store::latest_version()
        )
    } else {
        String::new()
    };
    crate::outln!(
        "Imported {} from {}{upgraded}.",
        summary.describe(),
        file.display()
    );
    Ok(())
}

/// Shows the preferences, after changing those given.
pub fn preferences(
    store: &mut Store,
    week_start: Option<String>,
    theme: Option<String>,
    json: bool,
) -> output::Result {
    let prefs = if week_start.is_some() || theme.is_some() {
        settings::update_preferences(store, week_start.as_deref(), theme.as_deref())?
    } else {
        settings::preferences(store)?
    };
    if json {
        return output::json(&prefs);
    }
    crate::outln!("Week starts on: {}", prefs.week_start.as_str());
    crate::outln!("Theme:          {}", prefs.theme.as_str());
    Ok(())
}
