//! What an invoice document shows: who it is from and to, its lines, the tax per rate, the
//! total, what is paid and still owed, and how to pay. The PDF draws this and nothing else.

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use super::business::{self, Business};
use super::create::{with_lines, InvoiceWithLines};
use crate::contracts::{self, ContractError};
use crate::store::Reader;

/// Who the invoice is addressed to.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Party {
    pub name: String,
    /// Several lines; blank when none was entered.
    pub address: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Document {
    pub seller: Business,
    pub buyer: Party,
    pub currency: String,
    pub contract_title: String,
    pub invoice: InvoiceWithLines,
    /// The seller's logo, drawn top left when there is one.
    #[serde(skip)]
    #[specta(skip)]
    pub logo: Option<super::logo::Logo>,
}

/// The document of invoice `id` as of `today` (what is paid so far).
pub fn document(store: &impl Reader, id: i64, today: NaiveDate) -> Result<Document, ContractError> {
    let conn = store.conn();
    let invoice = contracts::invoice(conn, id, today)?;
    let contract = contracts::get_contract(conn, invoice.contract_id)?;
    Ok(Document {
        seller: business::get(conn)?,
        logo: super::logo::get(conn)?,
        buyer: Party {
            name: contract.client.clone(),
            address: crate::clients::billing_address(conn, contract.client_id)?,
        },
        currency: contract.currency.clone(),
        contract_title: contract.title.clone(),
        invoice: with_lines(conn, invoice)?,
    })
}
