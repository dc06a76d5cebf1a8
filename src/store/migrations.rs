//! The schema's history. Each step is a plain `.sql` file beside this one, applied in order
//! and recorded in SQLite's `user_version`. Never edit a step that has shipped: add one.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

const STEPS: &[&str] = &[
    include_str!("migrations/0001_clients_contacts.sql"),
    include_str!("migrations/0002_calendar.sql"),
    include_str!("migrations/0003_settings.sql"),
    include_str!("migrations/0004_relationship.sql"),
    include_str!("migrations/0005_contracts.sql"),
    include_str!("migrations/0006_capacity.sql"),
    include_str!("migrations/0007_corrections.sql"),
    include_str!("migrations/0008_working_windows.sql"),
    include_str!("migrations/0009_task_blocks.sql"),
    include_str!("migrations/0010_working_days.sql"),
    include_str!("migrations/0011_away_events.sql"),
    include_str!("migrations/0016_invoice_documents.sql"),
    include_str!("migrations/0017_time_entries.sql"),
    include_str!("migrations/0018_calendars.sql"),
    include_str!("migrations/0019_subscriptions.sql"),
    include_str!("migrations/0020_dav.sql"),
];

pub fn migrations() -> Migrations<'static> {
    // Each step checks the foreign keys before it commits: `run` turns their enforcement
    // off while a step rebuilds a table.
    Migrations::new(
        STEPS
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
}

/// Brings a book's schema up to date. Foreign keys are off while the steps run (a table
/// rebuild must not cascade-delete what points at the old table; SQLite ignores the pragma
/// inside a transaction, so it is set around them) and back on after, whatever happened.
pub fn run(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let done = migrations().to_latest(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    done
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

    #[test]
    fn a_schema_12_books_typed_hours_become_time_entries_and_nothing_is_lost() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 12).unwrap();
        conn.execute_batch(
            "INSERT INTO clients (id, name, name_key, priority, colour, notes, created_at, updated_at)
             VALUES (1, 'Acme', 'acme', 'high', '#2f80ed', '', '', '');
             INSERT INTO tasks (id, client_id, title, estimate_minutes, done_minutes, created_at, updated_at)
             VALUES (1, 1, 'Report', 600, 150, '2026-10-01T09:00:00Z', '2026-10-05T09:00:00Z'),
                    (2, NULL, 'Taxes', 60, 30, '', ''),
                    (3, 1, 'Idea', 60, 0, '', '');
             INSERT INTO contracts (id, client_id, title, rate_model, currency, rate_minor, estimated_hours, state, logged_minutes, created_at, updated_at)
             VALUES (1, 1, 'Retainer', 'hourly', 'EUR', 8000, 40, 'active', 480, '', '');",
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();
        type Entry = (
            Option<i64>,
            Option<i64>,
            Option<i64>,
            String,
            i64,
            bool,
            bool,
        );
        let rows: Vec<Entry> = conn
            .prepare(
                "SELECT client_id, task_id, contract_id, day, minutes, billable, from_total
                 FROM time_entries ORDER BY id",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let today = chrono::Utc::now().date_naive().to_string();
        assert_eq!(
            rows,
            vec![
                (
                    Some(1),
                    Some(1),
                    None,
                    "2026-10-05".into(),
                    150,
                    false,
                    true
                ),
                // A blank (hand-written) update time counts for the day of the migration.
                (None, Some(2), None, today.clone(), 30, false, true),
                (Some(1), None, Some(1), today, 480, false, true),
            ]
        );
        let old: (i64, i64) = conn
            .query_row(
                "SELECT (SELECT sum(done_minutes) FROM tasks), (SELECT sum(logged_minutes) FROM contracts)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(old, (0, 0), "the old columns are no longer read, and zero");
    }

    #[test]
    fn a_schema_6_book_keeps_its_contracts_and_invoices_through_the_contracts_rebuild() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrations().to_version(&mut conn, 6).unwrap();
        conn.execute_batch(
            "INSERT INTO clients (id, name, name_key, priority, colour, notes, created_at, updated_at)
             VALUES (1, 'Acme', 'acme', 'high', '#2f80ed', '', '', '');
             INSERT INTO contracts (id, client_id, title, rate_model, currency, rate_minor, state, created_at, updated_at)
             VALUES (7, 1, 'Website', 'fixed', 'EUR', 100000, 'active', '', '');
             INSERT INTO contract_history (contract_id, state, day, recorded_at) VALUES (7, 'active', '2026-10-01', '');
             INSERT INTO deliverables (contract_id, position, title) VALUES (7, 0, 'Home page');
             INSERT INTO instalments (id, contract_id, position, label, due_day, amount_minor) VALUES (3, 7, 0, 'All', '2026-11-01', 100000);
             INSERT INTO invoices (id, contract_id, instalment_id, number, issue_day, due_day, amount_minor, created_at)
             VALUES (5, 7, 3, 'A-1', '2026-11-01', '2026-11-15', 100000, '');
             INSERT INTO payments (invoice_id, day, amount_minor, created_at) VALUES (5, '2026-11-10', 40000, '');",
        )
        .unwrap();
        run(&mut conn).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        // Nothing that pointed at the old contracts table went with it.
        assert_eq!(
            count("SELECT count(*) FROM contracts WHERE id = 7 AND title = 'Website'"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM contract_history WHERE contract_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM deliverables WHERE contract_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM instalments WHERE contract_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM invoices WHERE contract_id = 7 AND instalment_id = 3"),
            1
        );
        assert_eq!(
            count("SELECT paid_minor + credited_minor FROM invoices WHERE id = 5"),
            40_000
        );
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        assert_eq!(
            count("PRAGMA foreign_keys"),
            1,
            "back on after the migrations"
        );
        // The wider state check takes the new states, and still refuses nonsense.
        conn.execute("UPDATE contracts SET state = 'withdrawn' WHERE id = 7", [])
            .unwrap();
        assert!(conn
            .execute("UPDATE contracts SET state = 'lost' WHERE id = 7", [])
            .is_err());
        // Deleting a contract still cascades (the keys point at the new table).
        conn.execute("DELETE FROM contracts WHERE id = 7", [])
            .unwrap();
        assert_eq!(count("SELECT count(*) FROM invoices"), 0);
    }
}
