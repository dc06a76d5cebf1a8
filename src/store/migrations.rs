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

    #[test]
    fn a_schema_5_book_with_a_signed_contract_gains_capacity_with_defaults() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO clients (id, name, name_key, priority, colour, notes, created_at, updated_at)
             VALUES (1, 'Acme', 'acme', 'high', '#2f80ed', '', '', '');
             INSERT INTO contracts (client_id, title, rate_model, currency, rate_minor, estimated_hours, start_day, end_day, state, created_at, updated_at)
             VALUES (1, 'Retainer', 'fixed', 'EUR', 100, 40, '2027-01-04', '2027-01-29', 'active', '', '');",
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let logged: i64 = conn
            .query_row("SELECT logged_minutes FROM contracts", [], |r| r.get(0))
            .unwrap();
        let week: String = conn
            .query_row("SELECT weekday_minutes FROM working_hours", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!((logged, week.as_str()), (0, "480,480,480,480,480,0,0"));
    }
}
