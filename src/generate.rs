//! Generated books: realistic enough to look at, large enough to measure. The benchmarks
//! use `large_book` (1,000 clients, 200,000 events); the sample data for newcomers will
//! use the same generator at a small scale.

mod large;
mod sample;

pub use large::{large_book, large_tasks};
pub use sample::sample_book;

use chrono::NaiveDate;

use crate::store::{Store, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct BookSize {
    pub clients: usize,
    /// Single events, spread over `days` from `first_day`.
    pub events: usize,
    /// Weekly series (one per client, up to this many).
    pub series: usize,
    pub first_day: NaiveDate,
    pub days: i64,
}

const WORDS: [&str; 12] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
];
const KINDS: [&str; 6] = ["Studio", "Labs", "Foods", "Logistics", "Dental", "Partners"];
const TITLES: [&str; 6] = [
    "Call",
    "Review",
    "Workshop",
    "Check-in",
    "Planning",
    "Deep work",
];

/// A small deterministic generator (xorshift), so every run builds the same book.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Fills `store` all or nothing: `fill` writes a private scratch book (in memory, with the
/// book's settings and page size), which then replaces the book's content in one write
/// transaction. If `fill` fails at any point the book is untouched. The generators below
/// use the user-facing functions, each committing on its own, so this is what makes a
/// generated book one user action.
pub fn all_or_nothing<E: From<StoreError>>(
    store: &mut Store,
    fill: impl FnOnce(&mut Store) -> Result<(), E>,
) -> Result<(), E> {
    let page_size: i64 = store
        .conn()
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .map_err(StoreError::from)?;
    let mut scratch = Store::scratch(page_size)?;
    {
        let settings: Vec<(String, String)> = store
            .conn()
            .prepare("SELECT key, value FROM settings")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()
            })
            .map_err(StoreError::from)?;
        for (key, value) in settings {
            scratch
                .conn()
                .execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                    rusqlite::params![key, value],
                )
                .map_err(StoreError::from)?;
        }
    }
    fill(&mut scratch)?;
    store.replace_with(&scratch)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{self, ClientInput};

    #[test]
    fn a_generation_that_fails_half_way_leaves_the_book_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        crate::settings::set(&mut store, "kept", "yes").unwrap();
        let failed: Result<(), StoreError> = all_or_nothing(&mut store, |scratch| {
            clients::add(
                scratch,
                &ClientInput {
                    name: "Half".into(),
                    ..Default::default()
                },
            )
            .map_err(|_| StoreError::Backup("unexpected".into()))?;
            Err(StoreError::Backup("stopped half-way".into()))
        });
        assert!(failed.is_err());
        assert!(clients::list(&store, true).unwrap().is_empty());

        sample_book(&mut store, "2027-03-01".parse().unwrap(), "UTC").unwrap();
        assert_eq!(clients::list(&store, true).unwrap().len(), 12);
        assert_eq!(
            crate::settings::get(&store, "kept").unwrap().as_deref(),
            Some("yes"),
            "the book's settings are kept"
        );
        drop(store);
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(clients::list(&store, true).unwrap().len(), 12);
    }
}
