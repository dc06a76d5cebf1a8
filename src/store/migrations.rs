//! The schema's history. Each step is a plain `.sql` file beside this one, applied in order
//! and recorded in SQLite's `user_version`. Never edit a step that has shipped: add one.

use rusqlite_migration::{Migrations, M};

const STEPS: &[&str] = &[
    include_str!("migrations/0001_clients_contacts.sql"),
    include_str!("migrations/0002_calendar.sql"),
    include_str!("migrations/0003_settings.sql"),
    include_str!("migrations/0004_relationship.sql"),
    include_str!("migrations/0005_contracts.sql"),
    include_str!("migrations/0006_capacity.sql"),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    STEPS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }
}
