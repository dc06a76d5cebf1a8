//! `juggle calendars`: the user's calendars (work or personal) beside the book's own.

use clap::Subcommand;

use juggle::calendar::{self, Calendar, CalendarInput};
use juggle::Store;

use crate::calendar::client_id;
use crate::output::{self, Failure};

#[derive(Subcommand)]
pub enum CalendarsCommand {
    /// List your calendars (the book's own, "Juggle", is not listed: it always exists)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a calendar. It is personal (its events cost no work time in the capacity
    /// check) unless it is a client's (--client) or you say --work
    Add {
        name: String,
        /// Its events are work: they take working time
        #[arg(long, conflicts_with = "personal")]
        work: bool,
        /// Its events are life, not work (the default without --client)
        #[arg(long)]
        personal: bool,
        /// The client this calendar is about
        #[arg(long)]
        client: Option<String>,
        /// #rrggbb; default: the next palette colour
        #[arg(long, default_value = "")]
        colour: String,
        #[arg(long)]
        json: bool,
    },
    /// Rename, recolour, or mark a calendar personal or work
    Edit {
        /// The calendar's current name
        calendar: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, conflicts_with = "personal")]
        work: bool,
        #[arg(long)]
        personal: bool,
        /// Link to this client
        #[arg(long, conflicts_with = "no_client")]
        client: Option<String>,
        /// Unlink the client
        #[arg(long)]
        no_client: bool,
        /// Hide it from the app's calendar screen (it still counts and reminds)
        #[arg(long, conflicts_with = "show")]
        hide: bool,
        /// Show it on the calendar screen again
        #[arg(long)]
        show: bool,
        #[arg(long, default_value = "")]
        colour: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a calendar and every event in it
    Delete { calendar: String },
}

pub fn run(store: &mut Store, cmd: CalendarsCommand) -> output::Result {
    match cmd {
        CalendarsCommand::List { json } => {
            let list = calendar::list_calendars(store.conn())?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                crate::outln!(
                    "No calendars besides the book's own. Add one with `juggle calendars add NAME`."
                );
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        kind(c).into(),
                        c.events.to_string(),
                        c.colour.clone(),
                    ]
                })
                .collect();
            output::table(&["CALENDAR", "KIND", "EVENTS", "COLOUR"], &rows);
        }
        CalendarsCommand::Add {
            name,
            work,
            personal,
            client,
            colour,
            json,
        } => {
            let input = CalendarInput {
                name,
                colour,
                personal: flag(work, personal),
                client_id: client_id(store, client.as_deref())?,
                shown: None,
            };
            let added = calendar::add_calendar(store, &input)?;
            if json {
                return output::json(&added);
            }
            crate::outln!("Added the {} calendar “{}”.", kind(&added), added.name);
        }
        CalendarsCommand::Edit {
            calendar: current,
            name,
            work,
            personal,
            client,
            no_client,
            hide,
            show,
            colour,
            json,
        } => {
            let found = named(store, &current)?;
            let client_id = match (client, no_client) {
                (_, true) => None,
                (Some(c), _) => client_id(store, Some(&c))?,
                (None, false) => found.client_id,
            };
            let input = CalendarInput {
                name: name.unwrap_or(found.name),
                colour,
                personal: flag(work, personal),
                client_id,
                shown: (hide || show).then_some(show),
            };
            let edited = calendar::update_calendar(store, found.id, &input)?;
            if json {
                return output::json(&edited);
            }
            crate::outln!("Saved the {} calendar “{}”.", kind(&edited), edited.name);
        }
        CalendarsCommand::Delete { calendar: name } => {
            let found = named(store, &name)?;
            let removed = calendar::delete_calendar(store, found.id)?;
            crate::outln!("Deleted {}.", removed.label);
            if let Some(note) = removed.note {
                crate::outln!("{note}");
            }
        }
    }
    Ok(())
}

/// `--work` / `--personal` as the input's choice; neither leaves it to the default.
fn flag(work: bool, personal: bool) -> Option<bool> {
    match (work, personal) {
        (true, _) => Some(false),
        (_, true) => Some(true),
        _ => None,
    }
}

pub fn kind(c: &Calendar) -> &'static str {
    if c.personal {
        "personal"
    } else {
        "work"
    }
}

/// The calendar called `name`, or a failure that says there is none.
pub fn named(store: &Store, name: &str) -> Result<Calendar, Failure> {
    calendar::find_calendar(store.conn(), name)?.ok_or_else(|| Failure {
        code: "calendar.not_found",
        message: format!("No calendar named “{name}”: `juggle calendars list` shows them."),
    })
}
