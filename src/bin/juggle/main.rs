//! `juggle`: the command line over the same core and data file as the app.
//!
//! Errors go to stderr as `error: <message> [<code>]` with exit status 1 (2 for usage
//! errors, from clap). `--json` prints exactly one JSON document on stdout; its field
//! names are a documented, stable interface (docs/cli.md).

mod accounts;
mod backup;
mod book;
mod calendar;
mod calendars;
mod capacity;
mod clients;
mod contracts;
mod invoices;
mod output;
mod relationship;
mod reports;
mod subscriptions;
mod tasks;
mod tracking;

use clap::{Parser, Subcommand};

use juggle::Store;

#[derive(Parser)]
#[command(
    name = "juggle",
    version,
    about = "Juggle: clients, calendar, contracts and capacity from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clients: list, add, show, edit, archive, restore, card, due, import/export CSV
    #[command(subcommand)]
    Clients(clients::ClientsCommand),
    /// Contacts of a client: list, add, import a vCard file
    #[command(subcommand)]
    Contacts(clients::ContactsCommand),
    /// Interactions with clients: add, list
    #[command(subcommand)]
    Interactions(relationship::InteractionsCommand),
    /// Important dates of clients and their people: add, list
    #[command(subcommand)]
    Dates(relationship::DatesCommand),
    /// Contracts: list, log hours, withdraw, decline, reopen
    #[command(subcommand)]
    Contracts(contracts::ContractsCommand),
    /// Invoices: create (lines, tax), PDF, list, send, edit, void, credit, your details
    #[command(subcommand)]
    Invoices(invoices::InvoicesCommand),
    /// Payments: what is overdue, and the accountant's CSV
    #[command(subcommand)]
    Payments(contracts::PaymentsCommand),
    /// The calendar: list, add, import and export .ics
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Your calendars beside the book's own: list, add, edit (personal or work), delete
    #[command(subcommand)]
    Calendars(calendars::CalendarsCommand),
    /// Subscribe to a calendar published at an address (https:// or webcal://): into a
    /// read-only calendar of its own, or into days off
    Subscribe(subscriptions::Subscribe),
    /// Your subscriptions: where from, when last checked, the last error
    Subscriptions {
        #[arg(long)]
        json: bool,
    },
    /// End a subscription (its calendar and events go with it)
    Unsubscribe { url: String },
    /// Your CalDAV accounts: add (discovers what is on the server), list, remove, and
    /// choose which calendars sync
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Sync accounts and subscriptions now, or see how syncing stands
    #[command(subcommand)]
    Sync(subscriptions::SyncCommand),
    /// Tasks per client: add, list (also today's list), mark done
    #[command(subcommand)]
    Tasks(tasks::TasksCommand),
    /// Time tracking: start and stop the timer, log time by hand, list, report
    #[command(subcommand)]
    Time(tracking::TimeCommand),
    /// Capacity: working hours, days off, and the check "can I take this on?"
    #[command(subcommand)]
    Capacity(capacity::CapacityCommand),
    /// Backups of the data file: list, create, restore, keep
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Write the whole book (every table, every row) as one JSON file (docs/book-json.md)
    Export {
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Load a whole-book JSON file into an empty data folder (an older Juggle's file is upgraded)
    Import {
        file: std::path::PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the preferences: the first day of the week, the colour theme
    Preferences {
        /// monday, sunday or saturday
        #[arg(long)]
        week_start: Option<String>,
        /// light, dark or system
        #[arg(long)]
        theme: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the data file and its backups, and print a verdict
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// (For the crash-safety test) write until killed
    #[command(hide = true)]
    StressWrites {
        #[arg(long, default_value_t = 0)]
        from: usize,
        /// Stop after this many (default: never)
        #[arg(long)]
        count: Option<usize>,
    },
    /// (For the crash-safety test) write, back up and restore until killed
    #[command(hide = true)]
    StressRestores {
        #[arg(long, default_value_t = 0)]
        from: usize,
    },
    /// Fill an empty data folder with a generated book (for benchmarks and trying things out)
    Generate {
        /// The small sample book the app offers on first start, instead of a large one
        #[arg(long)]
        sample: bool,
        #[arg(long, default_value_t = 1000)]
        clients: usize,
        #[arg(long, default_value_t = 200_000)]
        events: usize,
        /// Weekly series, one per client
        #[arg(long, default_value_t = 500)]
        series: usize,
    },
}

fn generate(
    store: &mut Store,
    sample: bool,
    clients: usize,
    events: usize,
    series: usize,
) -> output::Result {
    if !juggle::clients::list(store, true)?.is_empty() {
        return Err(output::Failure {
            code: "generate.not_empty",
            message: "The book is not empty; generate into a new data folder (JUGGLE_DATA_DIR)."
                .into(),
        });
    }
    if sample {
        let zone = juggle::calendar::time::local_zone();
        let today = chrono::Utc::now().with_timezone(&zone).date_naive();
        juggle::generate::sample_book(store, today, zone.name())?;
        juggle::settings::finish_first_run(store)?;
        outln!("Loaded the sample book.");
        return Ok(());
    }
    let first_day = chrono::Utc::now().date_naive() - chrono::Duration::days(365);
    let size = juggle::generate::BookSize {
        clients,
        events,
        series,
        first_day,
        days: 730,
    };
    juggle::generate::large_book(store, size)?;
    outln!(
        "Generated {clients} clients, {events} events and {} weekly series.",
        series.min(clients)
    );
    Ok(())
}

fn main() {
    let cli = Cli::parse();
    // Recovery must not need a healthy book: these commands open it themselves, if at all.
    let cli = match cli.command {
        Command::Doctor { json } => return finish(backup::doctor(json)),
        Command::Backup(cmd) => return finish(backup::run(cmd)),
        command => Cli { command },
    };
    let result = Store::open_default()
        .map_err(output::Failure::from)
        .and_then(|mut store| match cli.command {
            Command::Clients(cmd) => clients::run_clients(&mut store, cmd),
            Command::Contacts(cmd) => clients::run_contacts(&mut store, cmd),
            Command::Interactions(cmd) => relationship::run_interactions(&mut store, cmd),
            Command::Dates(cmd) => relationship::run_dates(&mut store, cmd),
            Command::Contracts(cmd) => contracts::run_contracts(&mut store, cmd),
            Command::Payments(cmd) => contracts::run_payments(&mut store, cmd),
            Command::Invoices(cmd) => invoices::run_invoices(&mut store, cmd),
            Command::Calendar(cmd) => calendar::run(&mut store, cmd),
            Command::Calendars(cmd) => calendars::run(&mut store, cmd),
            Command::Subscribe(s) => subscriptions::subscribe(&mut store, s),
            Command::Subscriptions { json } => subscriptions::list(&store, json),
            Command::Unsubscribe { url } => subscriptions::unsubscribe(&mut store, &url),
            Command::Sync(cmd) => subscriptions::run(&mut store, cmd),
            Command::Accounts(cmd) => accounts::run(&mut store, cmd),
            Command::Tasks(cmd) => tasks::run_tasks(&mut store, cmd),
            Command::Capacity(cmd) => capacity::run_capacity(&mut store, cmd),
            Command::Time(cmd) => tracking::run(&mut store, cmd),
            Command::Export { out, json } => book::export(&store, &out, json),
            Command::Import { file, json } => book::import(&mut store, &file, json),
            Command::Preferences {
                week_start,
                theme,
                json,
            } => book::preferences(&mut store, week_start, theme, json),
            Command::StressRestores { from } => backup::stress_restores(&mut store, from),
            Command::StressWrites { from, count } => backup::stress_writes(&mut store, from, count),
            Command::Generate {
                sample,
                clients,
                events,
                series,
            } => generate(&mut store, sample, clients, events, series),
            Command::Doctor { .. } | Command::Backup(_) => Ok(()),
        });
    finish(result)
}

fn finish(result: output::Result) {
    if let Err(failure) = result {
        eprintln!(
            "error: {} [{}]",
            output::prose(&failure.message),
            failure.code
        );
        std::process::exit(1);
    }
}
