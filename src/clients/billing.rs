//! A client's billing address: where its invoices are addressed, printed on them.

use rusqlite::OptionalExtension;

use super::{ClientError, ClientId};
use crate::store::{Reader, Writer};

pub fn billing_address(store: &impl Reader, id: ClientId) -> Result<String, ClientError> {
    store
        .conn()
        .query_row(
            "SELECT billing_address FROM clients WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(ClientError::ClientNotFound(id))
}

/// Several lines of free text, at most 500 characters.
pub fn set_billing_address(
    store: &mut impl Writer,
    id: ClientId,
    address: &str,
) -> Result<String, ClientError> {
    let address = address.trim();
    let len = address.chars().count();
    if len > 500 {
        return Err(ClientError::FieldTooLong("billing address", len));
    }
    store.write(|tx| {
        if tx.execute(
            "UPDATE clients SET billing_address = ?2 WHERE id = ?1",
            rusqlite::params![id, address],
        )? == 0
        {
            return Err(ClientError::ClientNotFound(id));
        }
        Ok(address.to_owned())
    })
}
