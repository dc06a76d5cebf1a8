//! Account passwords: in the system keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows), never in the book, its JSON, backups or logs. Where no
//! keychain answers (a bare Linux session), the app keeps the password for the session
//! only and the command line reads `JUGGLE_DAV_PASSWORD`.

use std::collections::HashMap;
use std::sync::Mutex;

/// The environment variable the command line reads a password from, for that run.
pub const PASSWORD_VARIABLE: &str = "JUGGLE_DAV_PASSWORD";

const SERVICE: &str = "Juggle CalDAV";

/// Passwords given during this session where the keychain could not keep them.
static SESSION: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

fn key(url: &str, user: &str) -> String {
    format!("{user} at {url}")
}

/// The account's password: `JUGGLE_DAV_PASSWORD`, else this session's, else the keychain's.
pub fn password(url: &str, user: &str) -> Option<String> {
    if let Some(p) = std::env::var(PASSWORD_VARIABLE)
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Some(p);
    }
    let session = SESSION
        .lock()
        .ok()
        .and_then(|s| s.as_ref().and_then(|m| m.get(&key(url, user)).cloned()));
    session.or_else(|| keychain::get(&key(url, user)))
}

/// Keeps a password: in the keychain, else for this session only. `Err` says why the
/// keychain could not keep it (the caller tells the user it will be asked again).
pub fn remember(url: &str, user: &str, password: &str) -> Result<(), String> {
    if let Ok(mut s) = SESSION.lock() {
        s.get_or_insert_with(HashMap::new)
            .insert(key(url, user), password.to_owned());
    }
    keychain::set(&key(url, user), password)
}

/// Forgets a password everywhere it was kept.
pub fn forget(url: &str, user: &str) {
    if let Ok(mut s) = SESSION.lock() {
        if let Some(m) = s.as_mut() {
            m.remove(&key(url, user));
        }
    }
    keychain::delete(&key(url, user));
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod keychain {
    use super::SERVICE;

    fn entry(key: &str) -> Option<keyring::Entry> {
        keyring::Entry::new(SERVICE, key).ok()
    }

    pub fn get(key: &str) -> Option<String> {
        entry(key)?.get_password().ok()
    }

    pub fn set(key: &str, password: &str) -> Result<(), String> {
        let entry = entry(key).ok_or("the system keychain is not available")?;
        entry.set_password(password).map_err(|e| match e {
            keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
                "the system keychain is not available".to_owned()
            }
            other => other.to_string(),
        })
    }

    pub fn delete(key: &str) {
        if let Some(entry) = entry(key) {
            let _ = entry.delete_credential();
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod keychain {
    pub fn get(_: &str) -> Option<String> {
        None
    }
    pub fn set(_: &str, _: &str) -> Result<(), String> {
        Err("this system has no keychain Juggle can use".into())
    }
    pub fn delete(_: &str) {}
}
