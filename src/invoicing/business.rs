//! Who the invoices are from: the user's business details and how the documents are laid
//! out, kept in the book's settings (so a backup and the book JSON carry them).

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::contracts::ContractError;
use crate::fields;
use crate::store::{keys, Reader, Writer};

/// Paper the invoice PDF is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PDF points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

/// The business details printed on every invoice. Each is free text (several lines where
/// it makes sense); all may be blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Business {
    pub name: String,
    pub address: String,
    pub email: String,
    /// VAT number or other tax id.
    pub tax_id: String,
    /// IBAN, BIC, account holder…
    pub bank: String,
    /// "Please pay within 14 days to the account above, quoting the invoice number."
    pub payment_instructions: String,
    pub paper: Paper,
    /// A logo is kept (set and cleared on its own: `invoicing::logo`); ignored by `set`.
    #[serde(default)]
    pub has_logo: bool,
}

/// (field, max characters, where it is) of each text field; stored under `business.FIELD`.
type Field = (&'static str, usize, fn(&mut Business) -> &mut String);
const FIELDS: [Field; 6] = [
    ("name", 200, |b| &mut b.name),
    ("address", 500, |b| &mut b.address),
    ("email", 200, |b| &mut b.email),
    ("tax_id", 100, |b| &mut b.tax_id),
    ("bank", 500, |b| &mut b.bank),
    ("payment_instructions", 1000, |b| {
        &mut b.payment_instructions
    }),
];
const PAPER: &str = "invoice.paper";

fn key(field: &str) -> String {
    format!("business.{field}")
}

pub fn get(store: &impl Reader) -> Result<Business, ContractError> {
    let mut b = Business::default();
    for (name, _, field) in FIELDS {
        *field(&mut b) = keys::get(store, &key(name))?.unwrap_or_default();
    }
    b.paper = match keys::get(store, PAPER)?.as_deref() {
        Some("letter") => Paper::Letter,
        _ => Paper::A4,
    };
    b.has_logo = super::logo::get(store.conn())?.is_some();
    Ok(b)
}

/// Saves every field at once, each checked first: a refused field saves nothing.
pub fn set(store: &mut impl Writer, input: &Business) -> Result<Business, ContractError> {
    let mut checked = input.clone();
    for (name, max, field) in FIELDS {
        let value = fields::text(name, field(&mut checked), max)?;
        *field(&mut checked) = value;
    }
    store.write(|tx| {
        for (name, _, field) in FIELDS {
            keys::set(tx, &key(name), field(&mut checked.clone()))?;
        }
        keys::set(tx, PAPER, checked.paper.as_str())?;
        Ok::<_, ContractError>(())
    })?;
    checked.has_logo = super::logo::get(store.conn())?.is_some();
    Ok(checked)
}
