//! The optional logo printed at the top of invoices (issue 16): a PNG or JPEG the user
//! picks, kept in the book itself (so backups and the book file carry it), checked to be
//! an image krilla can embed before it is kept.

use rusqlite::Connection;

use crate::contracts::ContractError;
use crate::store::{keys, Writer};

/// Stored as `png:` or `jpeg:` and the bytes in hex, under one settings key.
const KEY: &str = "invoice.logo";
/// Larger than this is a photo, not a logo; it would bloat every PDF and the book.
pub const MAX_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
}

/// A logo as kept: its format and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

impl Logo {
    /// The image krilla draws, or why the bytes are not one.
    pub fn image(&self) -> Result<krilla::image::Image, String> {
        let data = krilla::Data::from(self.bytes.clone());
        match self.kind {
            Kind::Png => krilla::image::Image::from_png(data, true),
            Kind::Jpeg => krilla::image::Image::from_jpeg(data, true),
        }
    }
}

fn refused(why: &str) -> ContractError {
    ContractError::OutOfRange("logo", why.to_owned())
}

fn too_large() -> ContractError {
    refused("That image is over 512 KB: use a smaller logo (a few hundred pixels wide is plenty).")
}

/// Keeps `bytes` as the logo: a PNG or JPEG of at most 512 KB that decodes.
pub fn set(store: &mut impl Writer, bytes: &[u8]) -> Result<(), ContractError> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    let kind = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Kind::Png
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Kind::Jpeg
    } else {
        return Err(refused("Choose a PNG or JPEG image for the logo."));
    };
    let logo = Logo {
        kind,
        bytes: bytes.to_vec(),
    };
    let image = logo.image().map_err(|_| {
        refused("That file could not be read as an image: choose another PNG or JPEG.")
    })?;
    let (w, h) = image.size();
    if w == 0 || h == 0 {
        return Err(refused("That image is empty: choose another PNG or JPEG."));
    }
    let tag = match kind {
        Kind::Png => "png",
        Kind::Jpeg => "jpeg",
    };
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(keys::set(store, KEY, &format!("{tag}:{hex}"))?)
}

/// Prints no logo any more.
pub fn clear(store: &mut impl Writer) -> Result<(), ContractError> {
    store.write(|tx| {
        tx.execute("DELETE FROM settings WHERE key = ?1", [KEY])?;
        Ok(())
    })
}

/// The logo, if one is kept (and reads back).
pub fn get(conn: &Connection) -> Result<Option<Logo>, ContractError> {
    let Some(text) = keys::get(conn, KEY)? else {
        return Ok(None);
    };
    let Some((tag, hex)) = text.split_once(':') else {
        return Ok(None);
    };
    let kind = match tag {
        "png" => Kind::Png,
        "jpeg" => Kind::Jpeg,
        _ => return Ok(None),
    };
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect();
    Ok(bytes.map(|bytes| Logo { kind, bytes }))
}

/// Keeps the image at `path` as the logo.
pub fn set_from_file(store: &mut impl Writer, path: &std::path::Path) -> Result<(), ContractError> {
    let meta = std::fs::metadata(path)
        .map_err(|_| refused("That file could not be opened: choose a PNG or JPEG image."))?;
    if meta.len() > MAX_BYTES as u64 {
        return Err(too_large());
    }
    let bytes = std::fs::read(path)
        .map_err(|_| refused("That file could not be opened: choose a PNG or JPEG image."))?;
    set(store, &bytes)
}
