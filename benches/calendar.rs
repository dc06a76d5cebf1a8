//! Core queries on a large generated book: 1,000 clients, 200,000 single events and
//! 500 endless weekly series over two years, with each client's dates, interactions and
//! scores. The book is built once into a temp file.
//!
//! Run: `cargo bench --bench calendar`.

use chrono::NaiveDate;
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, Criterion};

use juggle::calendar::{self, EventInput, Filter};
use juggle::generate::{large_book, BookSize};
use juggle::{clients, relationship, Store};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn book() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let size = BookSize {
        clients: 1_000,
        events: 200_000,
        series: 500,
        first_day: day("2026-01-01"),
        days: 730,
    };
    large_book(&mut store, size).unwrap();
    (dir, store)
}

fn benches(c: &mut Criterion) {
    let (_dir, store) = book();
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    let all = Filter::default();
    let one_client = Filter {
        client_id: Some(clients::list(&store, false).unwrap()[500].id),
        ..Filter::default()
    };

    c.bench_function("month view, all clients (~8,700 occurrences)", |b| {
        b.iter(|| {
            juggle::views::occurrences(&store, day("2027-03-01"), day("2027-04-05"), berlin, &all)
                .unwrap()
        })
    });
    c.bench_function("week view, all clients (~2,000 occurrences)", |b| {
        b.iter(|| {
            juggle::views::occurrences(&store, day("2027-03-08"), day("2027-03-14"), berlin, &all)
                .unwrap()
        })
    });
    c.bench_function("month view, one client", |b| {
        b.iter(|| {
            juggle::views::occurrences(
                &store,
                day("2027-03-01"),
                day("2027-04-05"),
                berlin,
                &one_client,
            )
            .unwrap()
        })
    });
    let candidate =
        EventInput::meeting("New", "2027-03-10T10:00", "2027-03-10T11:00").in_zone("Europe/Berlin");
    c.bench_function("conflicts for a new one-hour event", |b| {
        b.iter(|| calendar::conflicts_for(&store, &candidate, None).unwrap())
    });
    c.bench_function("client list (1,000 clients)", |b| {
        b.iter(|| clients::list(&store, false).unwrap())
    });

    // The relationship views: 2,000 important dates, 10,000 interactions, 4,000 scores.
    let now = chrono::NaiveDateTime::parse_from_str("2027-03-10 08:00", "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc();
    let today = day("2027-03-10");
    c.bench_function("client list with health and cadence (1,000 clients)", |b| {
        b.iter(|| juggle::views::overview(&store, false, today, now, berlin).unwrap())
    });
    c.bench_function("due-for-contact list", |b| {
        b.iter(|| relationship::due_list(&store, today, now, berlin).unwrap())
    });
    let client = one_client.client_id.unwrap();
    c.bench_function("client card", |b| {
        b.iter(|| juggle::views::card(&store, client, today, now, berlin).unwrap())
    });
    c.bench_function("today screen", |b| {
        b.iter(|| juggle::views::today(&store, today, now, berlin).unwrap())
    });

    // Money: 2,000 contracts, 20,000 invoices, ~18,000 payments.
    c.bench_function("overdue report with aging (20,000 invoices)", |b| {
        b.iter(|| juggle::contracts::overdue(&store, today).unwrap())
    });
    let contract = juggle::contracts::list_contracts(&store, Some(client)).unwrap()[0].id;
    c.bench_function("contract detail", |b| {
        b.iter(|| juggle::contracts::detail(&store, contract, today).unwrap())
    });
}

criterion_group! {
    name = calendar_benches;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(calendar_benches);
