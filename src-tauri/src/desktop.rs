//! What the desktop does differently on each OS, in one place: opening a file or folder
//! with its default application, and desktop notifications. The commands and background
//! loops call these, never the plugins directly.
//!
//! What each OS does (only Linux runs here; the others are from the plugins' docs):
//!
//! | | Linux | macOS | Windows |
//! |---|---|---|---|
//! | data folder (core, `dirs`) | `~/.local/share/juggle` | `~/Library/Application Support/juggle` | `%APPDATA%\juggle` |
//! | open a file or folder | `xdg-open`, started and not waited for: it reports nothing when the file is gone | `open`, which fails for a missing file | `ShellExecuteW`, which fails for a missing file |
//! | notifications | D-Bus `org.freedesktop.Notifications`; an error without a notification daemon | Notification Center, for the signed `.app` only (unbundled builds show none) | a toast, attributed to the Start-menu shortcut the installers create |
//! | the week's first day (core) | `LC_ALL`, `LC_TIME`, `LANG` | the system's region (no POSIX variables for apps started from Finder) | the system's region |
//!
//! So a missing file is refused here, before the OS is asked, and every OS gives the same
//! answer. Paths in a book are the OS's own: a book moved from Windows to Linux keeps
//! `C:\…` paths, which are not absolute on Linux and are refused with that said.

use std::path::{Path, PathBuf};

use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandError;

fn error(code: &str, message: String) -> CommandError {
    CommandError {
        code: code.into(),
        message,
        field: None,
    }
}

/// The path as the OS's opener should get it: absolute and present.
fn openable(path: &Path) -> Result<PathBuf, CommandError> {
    if !path.is_absolute() {
        return Err(error(
            "file.not_absolute",
            format!(
                "{} is not a full path on this computer (was it linked on another system?).",
                path.display()
            ),
        ));
    }
    if !path.exists() {
        return Err(error(
            "file.missing",
            format!(
                "{} is not there any more: it was moved or deleted.",
                path.display()
            ),
        ));
    }
    Ok(path.to_owned())
}

/// Opens a file or folder with the OS's default application.
pub fn open_path(app: &AppHandle, path: &Path) -> Result<(), CommandError> {
    let path = openable(path)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            // The launcher's own words (an exit status) mean nothing to the user: they go to
            // the log, the user is told what to do.
            eprintln!("opening {} failed: {e}", path.display());
            error(
                "file.open_failed",
                format!(
                    "No application on this computer opened {}: open it from its folder, or set a default application for this kind of file.",
                    path.display()
                ),
            )
        })
}

/// Shows a desktop notification. Not being able to (no notification service, an unbundled
/// build on macOS) is logged, never fatal: notifications are a courtesy.
pub fn notify(app: &AppHandle, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        eprintln!("notification “{title}” not shown: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_present_absolute_path_is_opened_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("brief.pdf");
        std::fs::write(&file, b"%PDF").unwrap();
        assert_eq!(openable(&file).unwrap(), file);
        assert_eq!(openable(dir.path()).unwrap(), dir.path());
    }

    #[test]
    fn a_missing_file_is_refused_before_the_os_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("moved.pdf");
        let e = openable(&gone).unwrap_err();
        assert_eq!(e.code, "file.missing");
        assert!(e.message.contains("moved.pdf"), "{}", e.message);
    }

    /// A book made on Windows and opened on Linux: its paths are not paths here.
    #[cfg(unix)]
    #[test]
    fn a_windows_path_is_not_a_path_on_linux() {
        let e = openable(Path::new(r"C:\Users\ana\Documents\brief.pdf")).unwrap_err();
        assert_eq!(e.code, "file.not_absolute");
        let e = openable(Path::new("Documents/brief.pdf")).unwrap_err();
        assert_eq!(e.code, "file.not_absolute");
    }
}
