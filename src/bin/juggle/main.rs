//! `juggle`: the command line over the same core and data file as the app.
//!
//! Errors go to stderr as `error: <message> [<code>]` with exit status 1 (2 for usage
//! errors, from clap). `--json` prints exactly one JSON document on stdout; its field
//! names are a documented, stable interface (docs/cli.md).

mod calendar;
mod clients;
mod output;

use clap::{Parser, Subcommand};

use juggle::Store;

#[derive(Parser)]
#[command(name = "juggle", version, about = "Juggle: clients, calendar, contracts and capacity from the command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clients: list, add, show, edit, archive, restore
    #[command(subcommand)]
    Clients(clients::ClientsCommand),
    /// Contacts of a client: list, add
    #[command(subcommand)]
    Contacts(clients::ContactsCommand),
    /// The calendar: list, add, import and export .ics
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
}

fn main() {
    let cli = Cli::parse();
    let result = Store::open_default()
        .map_err(output::Failure::from)
        .and_then(|mut store| match cli.command {
            Command::Clients(cmd) => clients::run_clients(&mut store, cmd),
            Command::Contacts(cmd) => clients::run_contacts(&mut store, cmd),
            Command::Calendar(cmd) => calendar::run(&mut store, cmd),
        });
    if let Err(failure) = result {
        eprintln!("error: {} [{}]", failure.message, failure.code);
        std::process::exit(1);
    }
}
