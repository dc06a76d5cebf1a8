//! Contracts, their schedules, invoices and payments, and what is overdue.

use tauri::State;

use juggle::calendar::time;
use juggle::clients::ClientId;
use juggle::contracts::{
    self, Contract, ContractAction, ContractDetail, ContractId, ContractInput, Instalment, Invoice,
    InvoiceInput, OverdueReport, PaymentInput, ScheduleInput,
};

use crate::error::Result;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn contracts_list(
    state: State<'_, AppState>,
    client_id: Option<ClientId>,
) -> Result<Vec<Contract>> {
    Ok(contracts::list_contracts(&*state.store()?, client_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn contract_detail(state: State<'_, AppState>, id: ContractId) -> Result<ContractDetail> {
    Ok(contracts::detail(&*state.store()?, id, time::today())?)
}

#[tauri::command]
#[specta::specta]
pub async fn contract_add(state: State<'_, AppState>, input: ContractInput) -> Result<Contract> {
    Ok(contracts::add_contract(
        &mut *state.store()?,
        &input,
        time::today(),
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn contract_update(
    state: State<'_, AppState>,
    id: ContractId,
    input: ContractInput,
) -> Result<Contract> {
    Ok(contracts::update_contract(
        &mut *state.store()?,
        id,
        &input,
    )?)
}

/// Moves the contract along its lifecycle on `day` (a reason is needed to terminate).
#[tauri::command]
#[specta::specta]
pub async fn contract_transition(
    state: State<'_, AppState>,
    id: ContractId,
    action: ContractAction,
    day: String,
    note: String,
) -> Result<Contract> {
    Ok(contracts::transition(
        &mut *state.store()?,
        id,
        action,
        &day,
        &note,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn contract_schedule(
    state: State<'_, AppState>,
    id: ContractId,
    schedule: ScheduleInput,
) -> Result<Vec<Instalment>> {
    Ok(contracts::set_schedule(
        &mut *state.store()?,
        id,
        &schedule,
    )?)
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_add(state: State<'_, AppState>, input: InvoiceInput) -> Result<Invoice> {
    Ok(contracts::add_invoice(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn payment_add(state: State<'_, AppState>, input: PaymentInput) -> Result<Invoice> {
    Ok(contracts::add_payment(&mut *state.store()?, &input)?)
}

#[tauri::command]
#[specta::specta]
pub async fn payment_delete(state: State<'_, AppState>, id: i64) -> Result<()> {
    Ok(contracts::delete_payment(&mut *state.store()?, id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn payments_overdue(state: State<'_, AppState>) -> Result<OverdueReport> {
    Ok(contracts::overdue(&*state.store()?, time::today())?)
}

/// Writes invoices and payments as CSV to a path chosen in the save dialog; returns the rows.
#[tauri::command]
#[specta::specta]
pub async fn payments_export(state: State<'_, AppState>, path: String) -> Result<u32> {
    Ok(contracts::export_csv_file(
        &*state.store()?,
        std::path::Path::new(&path),
        time::today(),
    )?)
}

/// Every invoiceable currency with its minor-unit exponent, for pickers and formatting.
#[tauri::command]
#[specta::specta]
pub async fn currencies() -> Result<Vec<contracts::money::CurrencyInfo>> {
    Ok(contracts::money::currencies())
}
