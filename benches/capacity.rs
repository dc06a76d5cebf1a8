//! The capacity check on large generated books: 5,000 tasks due over two years (about
//! three quarters of an 8-hour, 5-day week still to do), then the same tasks on the
//! calendar benchmark's book (1,000 clients, 200,000 events, 500 endless weekly series),
//! whose meetings are subtracted from every day's hours. Each book is built once into a
//! temp file.
//!
//! Run: `cargo bench --bench capacity`.

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};

use juggle::capacity::{self, Request, WorkingHoursInput};
use juggle::generate::{large_book, large_tasks, BookSize};
use juggle::Store;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn request(today: NaiveDate, hours: &str, deadline_in: i64) -> Request {
    Request {
        client_id: None,
        title: "New request".into(),
        hours: hours.into(),
        start: String::new(),
        deadline: (today + Duration::days(deadline_in)).to_string(),
        priority: None,
        slots: false,
    }
}

fn bench_book(c: &mut Criterion, name: &str, store: &Store, today: NaiveDate) {
    let zone = chrono_tz::Europe::Berlin;
    let cases = [
        ("a 16-hour request due in 3 weeks", request(today, "16", 21)),
        (
            "a 400-hour request due in 30 days",
            request(today, "400", 30),
        ),
    ];
    for (label, req) in &cases {
        let answer = capacity::check_request(store, req, today, zone).unwrap();
        eprintln!(
            "{name}, {label}: {:?} (overtime {} h, short {} h), earliest finish {:?}, {} commitments, {} late",
            answer.verdict,
            answer.overtime_hours,
            answer.short_hours,
            answer.earliest_finish,
            answer.commitments_counted,
            answer.late.len()
        );
        c.bench_function(&format!("capacity check, {name}: {label}"), |b| {
            b.iter(|| capacity::check_request(store, req, today, zone).unwrap())
        });
    }
}

fn benches(c: &mut Criterion) {
    // Tasks only: tomorrow is the first of the two years.
    let first = day("2027-01-04");
    let today = first - Duration::days(1);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let hours = WorkingHoursInput {
        weekday_hours: ["8", "8", "8", "8", "8", "0", "0"]
            .map(String::from)
            .to_vec(),
        overtime_hours: "5".into(),
        weekday_windows: None,
    };
    capacity::set_working_hours(&mut store, &hours).unwrap();
    let started = std::time::Instant::now();
    large_tasks(&mut store, 5_000, first, 730).unwrap();
    eprintln!("5,000 tasks built in {:?}", started.elapsed());
    bench_book(c, "5,000 tasks", &store, today);
}

/// The calendar benchmark's book plus the same tasks. Its meetings (about 270 a day over
/// 1,000 clients) leave no regular hours on any day, only the overtime allowance, so every
/// request fails: the worst case
/// for the check, where most commitments slip and the slip search runs item by item.
fn large_book_benches(c: &mut Criterion) {
    let hours = WorkingHoursInput {
        weekday_hours: ["8", "8", "8", "8", "8", "0", "0"]
            .map(String::from)
            .to_vec(),
        overtime_hours: "5".into(),
        weekday_windows: None,
    };
    let first = day("2026-01-01");
    let today = first - Duration::days(1);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    capacity::set_working_hours(&mut store, &hours).unwrap();
    let started = std::time::Instant::now();
    let size = BookSize {
        clients: 1_000,
        events: 200_000,
        series: 500,
        first_day: first,
        days: 730,
    };
    large_book(&mut store, size).unwrap();
    large_tasks(&mut store, 5_000, first, 730).unwrap();
    eprintln!(
        "large book with 5,000 tasks built in {:?}",
        started.elapsed()
    );
    bench_book(c, "large book + 5,000 tasks", &store, today);
}

criterion_group! {
    name = capacity_benches;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_group! {
    name = large_book_capacity_benches;
    config = Criterion::default().sample_size(10);
    targets = large_book_benches
}
criterion_main!(capacity_benches, large_book_capacity_benches);
