//! Juggle's desktop shell: a window, the embedded UI, and the typed commands it calls.

mod book_watch;
mod commands;
mod desktop;
mod error;
mod reminders;
mod state;
mod syncing;
mod updates;

use tauri_specta::{collect_commands, Builder};

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// Every command the UI may call, with the types to export for it.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::app::app_info,
            commands::app::first_run_done,
            commands::app::sample_load,
            commands::clients::clients_list,
            commands::clients::client_get,
            commands::clients::client_add,
            commands::clients::client_update,
            commands::clients::client_set_archived,
            commands::clients::contacts_list,
            commands::clients::contact_add,
            commands::clients::contact_update,
            commands::clients::contact_set_archived,
            commands::clients::contacts_import_vcard,
            commands::clients::clients_import_csv,
            commands::clients::clients_export_csv,
            commands::calendar::calendar_occurrences,
            commands::calendar::event_get,
            commands::calendar::event_add,
            commands::calendar::event_update,
            commands::calendar::event_move,
            commands::calendar::event_delete,
            commands::calendar::event_undo,
            commands::app::undo_delete,
            commands::calendar::event_skipped,
            commands::calendar::event_conflicts,
            commands::calendar::calendar_import,
            commands::calendar::calendars_list,
            commands::calendar::calendars_add,
            commands::calendar::calendars_update,
            commands::calendar::calendars_delete,
            commands::sync::subscriptions_list,
            commands::sync::subscription_add,
            commands::sync::subscriptions_refresh,
            commands::sync::subscription_remove,
            commands::sync::accounts_list,
            commands::sync::account_add,
            commands::sync::account_password,
            commands::sync::account_remove,
            commands::sync::collection_sync,
            commands::sync::accounts_sync_now,
            commands::calendar::calendar_export,
            commands::book::backups,
            commands::book::backup_create,
            commands::book::backup_restore,
            commands::book::backups_keep,
            commands::book::doctor,
            commands::rescue::rescue_status,
            commands::rescue::rescue_restore,
            commands::rescue::rescue_salvage,
            commands::relationship::clients_overview,
            commands::relationship::client_card,
            commands::relationship::today_view,
            commands::relationship::meeting_brief,
            commands::relationship::client_set_cadence,
            commands::relationship::date_add,
            commands::relationship::date_update,
            commands::relationship::date_delete,
            commands::relationship::interaction_add,
            commands::relationship::interaction_update,
            commands::relationship::interaction_delete,
            commands::relationship::follow_up_done,
            commands::relationship::score_add,
            commands::relationship::score_delete,
            commands::relationship::policy_get,
            commands::relationship::policy_save,
            commands::relationship::policy_acknowledge,
            commands::relationship::breach_add,
            commands::relationship::breach_delete,
            commands::relationship::plan_save,
            commands::relationship::file_link,
            commands::relationship::file_unlink,
            commands::relationship::file_open,
            commands::contracts::contracts_list,
            commands::contracts::contract_detail,
            commands::contracts::contract_add,
            commands::contracts::contract_update,
            commands::contracts::contract_transition,
            commands::contracts::contract_schedule,
            commands::contracts::invoice_edit,
            commands::contracts::invoice_void,
            commands::contracts::invoice_credit,
            commands::invoicing::invoice_next_number,
            commands::invoicing::invoice_preview,
            commands::invoicing::invoice_create,
            commands::invoicing::invoice_pdf,
            commands::invoicing::invoice_mark_sent,
            commands::invoicing::invoice_settings_get,
            commands::invoicing::invoice_settings_set,
            commands::invoicing::client_billing_address,
            commands::invoicing::client_billing_address_set,
            commands::contracts::payment_add,
            commands::contracts::payment_delete,
            commands::contracts::payments_overdue,
            commands::contracts::payments_export,
            commands::contracts::currencies,
            commands::capacity::capacity_show,
            commands::capacity::working_hours_set,
            commands::capacity::day_off_add,
            commands::capacity::day_off_remove,
            commands::capacity::days_off_import,
            commands::capacity::tasks_list,
            commands::capacity::tasks_today,
            commands::capacity::tasks_matrix,
            commands::capacity::task_add,
            commands::capacity::task_update,
            commands::capacity::task_set_status,
            commands::capacity::task_complete,
            commands::capacity::task_undo_complete,
            commands::capacity::task_delete,
            commands::capacity::capacity_check,
            commands::capacity::request_decide,
            commands::capacity::booking_recheck,
            commands::capacity::event_save,
            commands::capacity::date_hours_set,
            commands::capacity::date_hours_remove,
            commands::capacity::event_links,
            commands::capacity::booking_settle,
            commands::capacity::bookings_list,
            commands::capacity::contract_log_hours,
            commands::tracking::timer_running,
            commands::tracking::timer_start,
            commands::tracking::timer_stop,
            commands::tracking::timesheet,
            commands::tracking::time_add,
            commands::tracking::time_update,
            commands::tracking::time_delete,
            commands::tracking::clients_report,
            commands::tracking::clients_report_csv,
            commands::tracking::exit_plan,
            commands::invoicing::invoice_logo_set,
            commands::book::book_status,
            commands::book::book_export,
            commands::book::book_import,
            commands::book::preferences_get,
            commands::book::preferences_set,
            commands::book::data_folder_open,
            updates::updates_status,
            updates::update_check,
            updates::update_install,
            updates::updates_check_at_start_set,
        ])
        // Row ids are i64 but never near 2^53 in a desktop book, so `number` is exact.
        .dangerously_cast_bigints_to_number()
        // One TS type per Rust type: the UI reads what it wrote, no _Serialize/_Deserialize pairs.
        .disable_serde_phases()
}

/// Writes the TypeScript bindings for the UI to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust commands by `cargo run -p juggle-desktop --example export-bindings`. Do not edit.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

pub fn run() {
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        // Used from Rust only (updates.rs): the window gets none of its permissions.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(state::AppState::open())
        .manage(updates::PendingUpdate::default())
        .invoke_handler(builder.invoke_handler())
        .setup(|app| {
            state::back_up_daily(app.handle().clone());
            reminders::start(app.handle().clone());
            syncing::start(app.handle().clone());
            book_watch::start(app.handle().clone());
            updates::check_at_start(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(e) = result {
        eprintln!("Juggle could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// The UI's bindings are generated, never edited: fail when they are stale, and say how
    /// to regenerate them.
    #[test]
    fn ui_bindings_are_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        super::export_bindings(&fresh).unwrap();
        let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(super::BINDINGS_PATH);
        let committed = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            committed == std::fs::read_to_string(&fresh).unwrap(),
            "ui/src/lib/bindings.ts is stale: run `cargo run -p juggle-desktop --example export-bindings`"
        );
    }
}
