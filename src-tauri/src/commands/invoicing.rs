//! Invoices as documents: the form's preview and issue, the PDF (saved, opened, or saved
//! where the user chose), the day sent, and the business details printed on them.

use std::path::PathBuf;

use tauri::AppHandle;

use juggle::calendar::time;
use juggle::clients::{self, ClientId};
use juggle::contracts::{ContractError, Invoice};
use juggle::invoicing::{self, Business, DraftInput, InvoiceWithLines, Preview};

use crate::desktop;
use crate::error::Result;
use crate::state::blocking;

/// The number a new invoice takes when none is typed (the form's default).
#[tauri::command]
#[specta::specta]
pub async fn invoice_next_number(app: AppHandle) -> Result<String> {
    blocking(app, move |state| {
        use chrono::Datelike;
        Ok(invoicing::numbering::suggest(
            state.store()?.conn(),
            time::today().year(),
        )?)
    })
    .await
}

/// What the draft comes to (lines, tax per rate, total, number), nothing written.
#[tauri::command]
#[specta::specta]
pub async fn invoice_preview(app: AppHandle, input: DraftInput) -> Result<Preview> {
    blocking(app, move |state| {
        Ok(invoicing::preview(&*state.store()?, &input, time::today())?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_create(app: AppHandle, input: DraftInput) -> Result<InvoiceWithLines> {
    blocking(app, move |state| {
        Ok(invoicing::create(
            &mut *state.store()?,
            &input,
            time::today(),
        )?)
    })
    .await
}

/// Where an invoice's PDF was written, and why it could not be opened when that failed
/// (the file is there all the same: the user is told both).
#[derive(serde::Serialize, specta::Type)]
pub struct PdfWritten {
    pub path: String,
    pub open_error: Option<String>,
}

/// Writes the invoice's PDF to `path`, or (none given) to the data folder's `invoices`
/// folder, and opens it when asked.
#[tauri::command]
#[specta::specta]
pub async fn invoice_pdf(
    app: AppHandle,
    id: i64,
    path: Option<String>,
    open: bool,
) -> Result<PdfWritten> {
    let handle = app.clone();
    let written = blocking(app, move |state| {
        let doc = invoicing::document(&*state.store()?, id, time::today())?;
        let path = match path {
            Some(p) => PathBuf::from(p),
            None => {
                let folder = juggle::store::data_dir()?.join("invoices");
                std::fs::create_dir_all(&folder).map_err(|e| {
                    ContractError::Unwritable(folder.display().to_string(), e.to_string())
                })?;
                folder.join(invoicing::pdf_file_name(&doc.invoice.invoice.number))
            }
        };
        invoicing::write_pdf(&doc, &path)?;
        Ok(path)
    })
    .await?;
    let open_error = if open {
        desktop::open_path(&handle, &written)
            .err()
            .map(|e| e.message)
    } else {
        None
    };
    Ok(PdfWritten {
        path: written.display().to_string(),
        open_error,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_mark_sent(app: AppHandle, id: i64, day: String) -> Result<Invoice> {
    blocking(app, move |state| {
        let day = juggle::fields::day("day", &day).map_err(ContractError::from)?;
        Ok(invoicing::mark_sent(&mut *state.store()?, id, day)?)
    })
    .await
}

/// The business details and numbering pattern, as Settings → Invoices shows them.
#[derive(serde::Serialize, serde::Deserialize, specta::Type)]
pub struct InvoiceSettings {
    pub business: Business,
    pub pattern: String,
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_settings_get(app: AppHandle) -> Result<InvoiceSettings> {
    blocking(app, move |state| {
        let store = state.store()?;
        Ok(InvoiceSettings {
            business: invoicing::business(&*store)?,
            pattern: juggle::settings::get(&*store, invoicing::numbering::PATTERN)?
                .unwrap_or_else(|| invoicing::numbering::DEFAULT_PATTERN.to_owned()),
        })
    })
    .await
}

/// Keeps the image at `path` (chosen in an open dialog) as the invoices' logo; `None`
/// prints no logo any more.
#[tauri::command]
#[specta::specta]
pub async fn invoice_logo_set(app: AppHandle, path: Option<String>) -> Result<()> {
    blocking(app, move |state| {
        let mut store = state.store()?;
        match path {
            Some(p) => invoicing::logo::set_from_file(&mut *store, std::path::Path::new(&p))?,
            None => invoicing::logo::clear(&mut *store)?,
        }
        Ok(())
    })
    .await
}

/// Saves the details and the pattern together: a refused pattern saves nothing.
#[tauri::command]
#[specta::specta]
pub async fn invoice_settings_set(
    app: AppHandle,
    settings: InvoiceSettings,
) -> Result<InvoiceSettings> {
    blocking(app, move |state| {
        let mut store = state.store()?;
        let saved = invoicing::save_settings(&mut *store, &settings.business, &settings.pattern)?;
        Ok(InvoiceSettings {
            business: saved,
            pattern: settings.pattern.trim().to_owned(),
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_billing_address(app: AppHandle, id: ClientId) -> Result<String> {
    blocking(app, move |state| {
        Ok(clients::billing_address(&*state.store()?, id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn client_billing_address_set(
    app: AppHandle,
    id: ClientId,
    address: String,
) -> Result<String> {
    blocking(app, move |state| {
        Ok(clients::set_billing_address(
            &mut *state.store()?,
            id,
            &address,
        )?)
    })
    .await
}
