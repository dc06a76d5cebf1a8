use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use juggle::clients::{self, Client, Contact, ContactInput, Priority};
use juggle::exchange::SkippedRecord;
use juggle::Store;

use crate::output::{self, Failure};

#[derive(Subcommand)]
pub enum ClientsCommand {
    /// List clients by name
    List {
        /// Include archived clients
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add a client
    Add {
        name: String,
        #[command(flatten)]
        fields: ClientFields,
        #[arg(long)]
        json: bool,
    },
    /// Show a client with its contacts
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a client's fields (those given)
    Edit {
        name: String,
        /// New name
        #[arg(long = "name")]
        new_name: Option<String>,
        #[command(flatten)]
        fields: ClientFields,
    },
    /// The client card: people, near dates, interactions, cadence, satisfaction, health
    Card {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Set how often to touch base with a client: a number of days, or "off"
    Cadence { name: String, days: String },
    /// Is each client worth it? Hours, money, effective rate, pain, over a period
    Report {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Write it as CSV to this file too
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// What ending the work with a client takes: notice, unbilled time, tasks, a goodbye
    ExitPlan {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Clients due for contact by their cadence, most overdue first
    Due {
        #[arg(long)]
        json: bool,
    },
    /// Archive a client: hidden from lists, nothing deleted
    Archive { name: String },
    /// Bring an archived client back
    Restore { name: String },
    /// Import clients and contacts from a CSV file (one row per contact, with a header row)
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write clients and contacts to a CSV file
    Export {
        #[arg(long)]
        out: PathBuf,
        /// Include archived clients and contacts
        #[arg(long)]
        archived: bool,
    },
}

#[derive(Args)]
pub struct ClientFields {
    /// high, normal or low
    #[arg(long)]
    priority: Option<String>,
    /// #rrggbb
    #[arg(long)]
    colour: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Subcommand)]
pub enum ContactsCommand {
    /// List a client's contacts
    List {
        client: String,
        /// Include archived contacts
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add a contact to a client
    Add {
        client: String,
        name: String,
        #[arg(long, default_value = "")]
        role: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
        /// email, phone, video, in_person or message
        #[arg(long)]
        channel: Option<String>,
        /// What this person decides or answers for
        #[arg(long, default_value = "")]
        authority: String,
        #[arg(long)]
        json: bool,
    },
    /// Import contacts from a vCard file (.vcf, versions 3.0 and 4.0); ORG names the client
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// `clients show --json`: the client's fields plus its contacts.
#[derive(Serialize)]
struct ClientWithContacts {
    #[serde(flatten)]
    client: Client,
    contacts: Vec<Contact>,
}

pub fn run_clients(store: &mut Store, cmd: ClientsCommand) -> output::Result {
    match cmd {
        ClientsCommand::Card { name, json } => {
            return crate::relationship::card(store, &name, json)
        }
        ClientsCommand::Due { json } => return crate::relationship::due(store, json),
        ClientsCommand::Report {
            from,
            to,
            csv,
            json,
        } => return crate::reports::clients_report(store, &from, &to, csv, json),
        ClientsCommand::ExitPlan { name, json } => {
            return crate::reports::exit_plan(store, &name, json)
        }
        ClientsCommand::Cadence { name, days } => {
            return crate::relationship::set_cadence(store, &name, &days)
        }
        ClientsCommand::List { archived, json } => {
            let list = clients::list(store, archived)?;
            if json {
                return output::json(&list);
            }
            print_clients(&list);
        }
        ClientsCommand::Add { name, fields, json } => {
            let input = clients::ClientInput {
                name,
                priority: parse_priority(fields.priority.as_deref())?.unwrap_or_default(),
                colour: fields.colour,
                notes: fields.notes.unwrap_or_default(),
            };
            let client = clients::add(store, &input)?;
            if json {
                return output::json(&client);
            }
            crate::outln!(
                "Added {} ({} priority, {}).",
                client.name,
                client.priority,
                client.colour
            );
        }
        ClientsCommand::Show { name, json } => {
            let client = clients::find_by_name(store, &name)?;
            let contacts = clients::list_contacts(store, client.id, false)?;
            if json {
                return output::json(&ClientWithContacts { client, contacts });
            }
            crate::outln!(
                "{}{}",
                client.name,
                if client.archived { " (archived)" } else { "" }
            );
            crate::outln!("Priority: {}   Colour: {}", client.priority, client.colour);
            if !client.notes.is_empty() {
                crate::outln!("Notes: {}", client.notes);
            }
            crate::outln!();
            print_contacts(&contacts);
        }
        ClientsCommand::Edit {
            name,
            new_name,
            fields,
        } => {
            let current = clients::find_by_name(store, &name)?;
            let input = clients::ClientInput {
                name: new_name.unwrap_or(current.name),
                priority: parse_priority(fields.priority.as_deref())?.unwrap_or(current.priority),
                colour: fields.colour,
                notes: fields.notes.unwrap_or(current.notes),
            };
            let client = clients::update(store, current.id, &input)?;
            crate::outln!("Updated {}.", client.name);
        }
        ClientsCommand::Archive { name } => {
            let client = clients::find_by_name(store, &name)?;
            clients::set_archived(store, client.id, true)?;
            crate::outln!("Archived {}.", client.name);
        }
        ClientsCommand::Restore { name } => {
            let client = clients::find_by_name(store, &name)?;
            clients::set_archived(store, client.id, false)?;
            crate::outln!("Restored {}.", client.name);
        }
        ClientsCommand::Import { file, json } => {
            let report = juggle::exchange::import_csv_file(store, &file)?;
            if json {
                return output::json(&report);
            }
            crate::outln!(
                "Imported {} new and {} updated clients, {} new and {} updated contacts; skipped {} rows.",
                report.clients_added,
                report.clients_updated,
                report.contacts_added,
                report.contacts_updated,
                report.skipped.len()
            );
            print_skipped(&report.skipped);
        }
        ClientsCommand::Export { out, archived } => {
            let written = juggle::exchange::export_csv_file(store, archived, &out)?;
            crate::outln!(
                "Wrote {} clients and {} contacts to {}.",
                written.clients,
                written.contacts,
                out.display()
            );
        }
    }
    Ok(())
}

pub fn run_contacts(store: &mut Store, cmd: ContactsCommand) -> output::Result {
    match cmd {
        ContactsCommand::List {
            client,
            archived,
            json,
        } => {
            let client = clients::find_by_name(store, &client)?;
            let contacts = clients::list_contacts(store, client.id, archived)?;
            if json {
                return output::json(&contacts);
            }
            print_contacts(&contacts);
        }
        ContactsCommand::Add {
            client,
            name,
            role,
            email,
            phone,
            channel,
            authority,
            json,
        } => {
            let client = clients::find_by_name(store, &client)?;
            let input = ContactInput {
                name,
                role,
                email,
                phone,
                preferred_channel: channel.as_deref().map(str::parse).transpose()?,
                authority,
            };
            let contact = clients::add_contact(store, client.id, &input)?;
            if json {
                return output::json(&contact);
            }
            crate::outln!("Added {} to {}.", contact.name, client.name);
        }
        ContactsCommand::Import { file, json } => {
            let report = juggle::exchange::import_vcard_file(store, &file)?;
            if json {
                return output::json(&report);
            }
            crate::outln!(
                "Imported {} new and {} updated contacts ({} new clients); skipped {} cards.",
                report.added,
                report.updated,
                report.clients_added,
                report.skipped.len()
            );
            print_skipped(&report.skipped);
        }
    }
    Ok(())
}

/// One line per card or row an import left out; exit status stays 0 (it is a report).
fn print_skipped(skipped: &[SkippedRecord]) {
    for s in skipped {
        match &s.name {
            Some(name) => crate::outln!("  line {} ({name}): {}", s.line, s.reason),
            None => crate::outln!("  line {}: {}", s.line, s.reason),
        }
    }
}

fn parse_priority(raw: Option<&str>) -> Result<Option<Priority>, Failure> {
    Ok(raw.map(str::parse).transpose()?)
}

fn print_clients(list: &[Client]) {
    if list.is_empty() {
        crate::outln!("No clients yet. Add one with: juggle clients add NAME");
        return;
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.priority.to_string(),
                c.contact_count.to_string(),
                c.colour.clone(),
                if c.archived {
                    "archived".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    output::table(&["NAME", "PRIORITY", "CONTACTS", "COLOUR", ""], &rows);
}

fn print_contacts(contacts: &[Contact]) {
    if contacts.is_empty() {
        crate::outln!("No contacts.");
        return;
    }
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = contacts
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                opt(&c.role),
                opt(&c.email),
                opt(&c.phone),
                c.preferred_channel
                    .map(|ch| ch.as_str().to_owned())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    output::table(&["NAME", "ROLE", "EMAIL", "PHONE", "CHANNEL"], &rows);
}
