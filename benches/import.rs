//! The `.ics` import of 20,000 events (issue 14): the file Juggle exports from a generated
//! book of 100 clients and 20,000 single events, imported into a new book on disk, as
//! `juggle calendar import` does. The file is also written to `target/ics-20k.ics`, for
//! `scripts/perf/ics_python.py` to time python icalendar on the same file.
//!
//! Run: `cargo bench --bench import`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use juggle::calendar::ics;
use juggle::generate::{large_book, BookSize};
use juggle::Store;

fn exported() -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let size = BookSize {
        clients: 100,
        events: 20_000,
        series: 0,
        first_day: "2026-01-01".parse().unwrap(),
        days: 730,
    };
    large_book(&mut store, size).unwrap();
    ics::export(&store, None).unwrap()
}

fn benches(c: &mut Criterion) {
    let text = exported();
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ics-20k.ics");
    std::fs::write(&target, &text).unwrap();
    let mut group = c.benchmark_group("ics");
    group.sample_size(10);
    group.bench_function("import 20,000 events into a new book", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open_dir(dir.path()).unwrap();
                (dir, store)
            },
            |(_dir, mut store)| {
                let report = ics::import(&mut store, &text, None).unwrap();
                assert_eq!(report.added, 20_000);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(import, benches);
criterion_main!(import);
