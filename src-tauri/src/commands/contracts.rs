//! Contracts, their schedules, invoices and payments, and what is overdue.

use tauri::AppHandle;

use juggle::calendar::time;
use juggle::clients::ClientId;
use juggle::contracts::{
    self, Contract, ContractAction, ContractDetail, ContractId, ContractInput, CreditInput,
    Instalment, Invoice, InvoiceEdit, OverdueReport, PaymentInput, ScheduleInput,
};

use crate::error::Result;
use crate::state::blocking;

#[tauri::command]
#[specta::specta]
pub async fn contracts_list(app: AppHandle, client_id: Option<ClientId>) -> Result<Vec<Contract>> {
    blocking(app, move |state| {
        Ok(contracts::list_contracts(&*state.store()?, client_id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contract_detail(app: AppHandle, id: ContractId) -> Result<ContractDetail> {
    blocking(app, move |state| {
        Ok(contracts::detail(&*state.store()?, id, time::today())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contract_add(app: AppHandle, input: ContractInput) -> Result<Contract> {
    blocking(app, move |state| {
        Ok(contracts::add_contract(
            &mut *state.store()?,
            &input,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contract_update(
    app: AppHandle,
    id: ContractId,
    input: ContractInput,
) -> Result<Contract> {
    blocking(app, move |state| {
        Ok(contracts::update_contract(
            &mut *state.store()?,
            id,
            &input,
        )?)
    })
    .await
}

/// Moves the contract along its lifecycle on `day` (a reason is needed to terminate).
#[tauri::command]
#[specta::specta]
pub async fn contract_transition(
    app: AppHandle,
    id: ContractId,
    action: ContractAction,
    day: String,
    note: String,
) -> Result<Contract> {
    blocking(app, move |state| {
        Ok(contracts::transition(
            &mut *state.store()?,
            id,
            action,
            &day,
            &note,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn contract_schedule(
    app: AppHandle,
    id: ContractId,
    schedule: ScheduleInput,
) -> Result<Vec<Instalment>> {
    blocking(app, move |state| {
        Ok(contracts::set_schedule(
            &mut *state.store()?,
            id,
            &schedule,
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn payment_add(app: AppHandle, input: PaymentInput) -> Result<Invoice> {
    blocking(app, move |state| {
        Ok(contracts::add_payment(
            &mut *state.store()?,
            &input,
            juggle::calendar::time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn payment_delete(app: AppHandle, id: i64) -> Result<()> {
    blocking(app, move |state| {
        Ok(contracts::delete_payment(&mut *state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn payments_overdue(app: AppHandle) -> Result<OverdueReport> {
    blocking(app, move |state| {
        Ok(contracts::overdue(&*state.store()?, time::today())?)
    })
    .await
}

/// Writes invoices and payments as CSV to a path chosen in the save dialog; returns the rows.
#[tauri::command]
#[specta::specta]
pub async fn payments_export(app: AppHandle, path: String) -> Result<u32> {
    blocking(app, move |state| {
        Ok(contracts::export_csv_file(
            &*state.store()?,
            std::path::Path::new(&path),
            time::today(),
        )?)
    })
    .await
}

/// Every invoiceable currency with its minor-unit exponent, for pickers and formatting.
#[tauri::command]
#[specta::specta]
pub async fn currencies() -> Result<Vec<contracts::money::CurrencyInfo>> {
    Ok(contracts::money::currencies())
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_edit(app: AppHandle, id: i64, edit: InvoiceEdit) -> Result<Invoice> {
    blocking(app, move |state| {
        Ok(contracts::edit_invoice(
            &mut *state.store()?,
            id,
            &edit,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_void(app: AppHandle, id: i64, day: String, reason: String) -> Result<Invoice> {
    blocking(app, move |state| {
        Ok(contracts::void_invoice(
            &mut *state.store()?,
            id,
            &day,
            &reason,
            time::today(),
        )?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_credit(app: AppHandle, input: CreditInput) -> Result<Invoice> {
    blocking(app, move |state| {
        Ok(contracts::credit_invoice(
            &mut *state.store()?,
            &input,
            time::today(),
        )?)
    })
    .await
}
