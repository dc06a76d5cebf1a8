//! The `juggle` binary: same data file rules, errors on stderr with a non-zero exit,
//! and a stable `--json` interface.

#[path = "support/cli.rs"]
mod support;
use std::process::Command;
use support::Cli;

#[test]
fn clients_added_on_the_command_line_are_listed_as_json() {
    let cli = Cli::new();
    cli.ok(&[
        "clients",
        "add",
        "Acme Corp",
        "--priority",
        "high",
        "--colour",
        "#123456",
    ]);
    cli.ok(&["clients", "add", "Globex"]);
    cli.ok(&[
        "contacts",
        "add",
        "acme",
        "Ana Silva",
        "--email",
        "ana@acme.com",
        "--channel",
        "video",
    ]);

    let list = cli.json(&["clients", "list", "--json"]);
    let acme = &list[0];
    assert_eq!(acme["name"], "Acme Corp");
    assert_eq!(acme["priority"], "high");
    assert_eq!(acme["colour"], "#123456");
    assert_eq!(acme["archived"], false);
    assert_eq!(acme["contact_count"], 1);
    assert_eq!(list[1]["priority"], "normal");

    let card = cli.json(&["clients", "show", "Acme Corp", "--json"]);
    assert_eq!(card["contacts"][0]["email"], "ana@acme.com");
    assert_eq!(card["contacts"][0]["preferred_channel"], "video");
}

#[test]
fn bad_input_exits_non_zero_with_the_message_and_stores_nothing() {
    let cli = Cli::new();
    cli.ok(&["clients", "add", "Acme"]);
    for (args, message) in [
        (
            vec!["clients", "add", "  "],
            "Enter a name. [client.empty_name]",
        ),
        (
            vec!["clients", "add", "acme"],
            "A client named “Acme” already exists.",
        ),
        (
            vec!["clients", "add", "Globex", "--priority", "urgent"],
            "Unknown priority “urgent”",
        ),
        (
            vec!["contacts", "add", "Acme", "Bob", "--email", "bob@"],
            "not an email address",
        ),
        (
            vec!["contacts", "add", "Nobody", "Bob"],
            "No client named “Nobody”",
        ),
    ] {
        let out = cli.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    let list = cli.json(&["clients", "list", "--json", "--archived"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        cli.json(&["contacts", "list", "Acme", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn archived_clients_leave_the_list_until_restored() {
    let cli = Cli::new();
    cli.ok(&["clients", "add", "Acme"]);
    cli.ok(&["clients", "archive", "Acme"]);
    assert_eq!(
        cli.json(&["clients", "list", "--json"]),
        serde_json::json!([])
    );
    assert_eq!(
        cli.json(&["clients", "list", "--archived", "--json"])[0]["archived"],
        true
    );
    cli.ok(&["clients", "restore", "acme"]);
    assert_eq!(cli.json(&["clients", "list", "--json"])[0]["name"], "Acme");
}

#[test]
fn calendar_list_json_gives_offsets_for_timed_and_dates_for_all_day() {
    let cli = Cli::new();
    cli.ok(&["clients", "add", "Acme"]);
    cli.ok(&[
        "calendar",
        "add",
        "Review",
        "--start",
        "2027-03-30T09:00",
        "--end",
        "2027-03-30T10:00",
        "--tz",
        "Europe/Berlin",
        "--client",
        "acme",
    ]);
    cli.ok(&[
        "calendar",
        "add",
        "Launch",
        "--all-day",
        "--start",
        "2027-03-30",
        "--end",
        "2027-03-30",
        "--kind",
        "deadline",
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_juggle"))
        .args([
            "calendar",
            "list",
            "--from",
            "2027-03-30",
            "--to",
            "2027-03-30",
            "--json",
        ])
        .env("JUGGLE_DATA_DIR", cli.dir.path())
        .env("JUGGLE_TZ", "Europe/Berlin")
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["title"], "Launch");
    assert_eq!(
        (list[0]["all_day"].as_bool(), list[0]["start"].as_str()),
        (Some(true), Some("2027-03-30"))
    );
    assert_eq!(list[1]["start"], "2027-03-30T09:00:00+02:00");
    assert_eq!(list[1]["end"], "2027-03-30T10:00:00+02:00");
    assert_eq!(list[1]["client"], "Acme");
    assert!(list[1]["uid"].as_str().unwrap().ends_with("@juggle.app"));
}

#[test]
fn calendar_export_and_import_through_files() {
    let cli = Cli::new();
    cli.ok(&[
        "calendar",
        "add",
        "Review",
        "--start",
        "2027-03-30T09:00",
        "--end",
        "2027-03-30T10:00",
        "--tz",
        "UTC",
        "--repeat",
        "weekly",
        "--count",
        "4",
    ]);
    let file = cli.dir.path().join("out.ics");
    let said = cli.ok(&["calendar", "export", "--out", file.to_str().unwrap()]);
    assert!(said.contains("Wrote 1 events"), "{said}");
    let other = Cli::new();
    let report = other.json(&["calendar", "import", file.to_str().unwrap(), "--json"]);
    assert_eq!(
        (report["added"].as_u64(), report["updated"].as_u64()),
        (Some(1), Some(0))
    );
    let list = other.json(&[
        "calendar",
        "list",
        "--from",
        "2027-03-01",
        "--to",
        "2027-04-30",
        "--json",
    ]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let out = other.run(&["calendar", "import", "/no/such/file.ics"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("calendar.unreadable"));
}

#[test]
fn the_card_and_the_due_list_follow_dates_and_interactions_added_on_the_command_line() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    cli.ok(&["clients", "add", "Acme"]);
    cli.ok(&["clients", "add", "Globex"]);
    cli.ok(&[
        "contacts",
        "add",
        "Acme",
        "Ana Silva",
        "--role",
        "CFO",
        "--email",
        "ana@acme.com",
    ]);
    cli.ok(&["clients", "cadence", "acme", "7"]);
    cli.ok(&["clients", "cadence", "globex", "30"]);
    let logged = cli.json(&[
        "interactions",
        "add",
        "--client",
        "acme",
        "--kind",
        "call",
        "--when",
        &day(-10),
        "--with",
        "ana",
        "Budget talk",
        "--json",
    ]);
    assert_eq!(logged["contacts"][0]["name"], "Ana Silva");
    let birth = format!("1980-{}", &day(3)[5..]);
    cli.ok(&[
        "dates",
        "add",
        "--client",
        "acme",
        "--contact",
        "Ana Silva",
        "--kind",
        "birthday",
        "--date",
        &birth,
        "--yearly",
    ]);

    // Acme: last contact 10 days ago, every 7 → 3 days overdue. Globex: never contacted,
    // due since it was added today.
    let due = cli.json(&["clients", "due", "--json"]);
    let rows: Vec<(&str, i64)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["client"].as_str().unwrap(),
                s["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("Acme", 3), ("Globex", 0)], "most overdue first");
    assert_eq!(due[0]["last_contact"], day(-10));

    let card = cli.json(&["clients", "card", "acme", "--json"]);
    assert_eq!(card["contacts"][0]["name"], "Ana Silva");
    assert_eq!(card["contacts"][0]["role"], "CFO");
    assert_eq!(card["contacts"][0]["email"], "ana@acme.com");
    assert_eq!(card["important_dates"][0]["on"], day(3));
    assert!(
        card["important_dates"][0]["ask"]
            .as_str()
            .unwrap()
            .starts_with("Wish Ana Silva a happy"),
        "{}",
        card["important_dates"][0]
    );
    assert_eq!(card["interactions"][0]["summary"], "Budget talk");
    assert_eq!(card["health"]["level"], "attention");
    assert!(card["health"]["reasons"][0]["text"]
        .as_str()
        .unwrap()
        .contains("overdue by 3 days"));

    // Logging today's call clears it.
    cli.ok(&["interactions", "add", "--client", "acme", "Follow-up call"]);
    let due = cli.json(&["clients", "due", "--json"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(
        cli.json(&["clients", "card", "acme", "--json"])["health"]["level"],
        "good"
    );

    let out = cli.run(&[
        "dates",
        "add",
        "--client",
        "acme",
        "--kind",
        "holiday",
        "--date",
        &day(1),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[relationship.unknown_kind]"));
}

#[test]
fn the_sample_book_can_be_loaded_from_the_command_line_once() {
    let cli = Cli::new();
    assert!(cli.ok(&["generate", "--sample"]).contains("sample book"));
    assert_eq!(
        cli.json(&["clients", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        12
    );
    assert_eq!(
        cli.json(&["contracts", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        6
    );
    let again = cli.run(&["generate", "--sample"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("[generate.not_empty]"));
}

#[test]
fn capacity_check_answers_as_json_from_working_hours_and_tasks() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    cli.ok(&[
        "capacity",
        "set",
        "--weekday-hours",
        "8,8,8,8,8,0,0",
        "--overtime-per-week",
        "5",
    ]);
    cli.ok(&["clients", "add", "Acme", "--priority", "high"]);
    cli.ok(&[
        "tasks",
        "add",
        "Homepage",
        "--client",
        "Acme",
        "--hours",
        "6",
        "--due",
        &day(10),
    ]);
    cli.ok(&[
        "tasks",
        "add",
        "Audit",
        "--hours",
        "1.5",
        "--due",
        &day(20),
        "--start",
        &day(3),
    ]);
    let tasks = cli.json(&["tasks", "list", "--json"]);
    assert_eq!(tasks.as_array().unwrap().len(), 2);
    assert_eq!(
        (
            tasks[0]["title"].as_str(),
            tasks[0]["remaining_minutes"].as_u64()
        ),
        (Some("Homepage"), Some(360))
    );
    // Edit changes only what is given.
    let id = tasks[0]["id"].as_i64().unwrap().to_string();
    let edited = cli.json(&[
        "tasks", "edit", &id, "--done", "2", "--urgent", "true", "--json",
    ]);
    assert_eq!(
        (
            edited["remaining_minutes"].as_u64(),
            edited["urgent"].as_bool(),
            edited["due"].as_str()
        ),
        (Some(240), Some(true), Some(day(10).as_str()))
    );
    cli.ok(&["tasks", "edit", &id, "--done", "0"]);

    let fits = cli.json(&[
        "capacity",
        "check",
        "--hours",
        "8",
        "--deadline",
        &day(21),
        "--client",
        "Acme",
        "--json",
    ]);
    assert_eq!(fits["verdict"], "fits");
    assert_eq!(
        (
            fits["overtime_hours"].as_f64(),
            fits["short_hours"].as_f64()
        ),
        (Some(0.0), Some(0.0))
    );
    assert!(fits["earliest_finish"]
        .as_str()
        .is_some_and(|d| d > today.to_string().as_str() && d <= day(21).as_str()));
    assert_eq!(fits["late"].as_array().map(Vec::len), Some(0));
    assert!(fits["reply"]
        .as_str()
        .unwrap()
        .starts_with("Yes, I can take this on"));

    // Three weeks hold at most 15 working days: 500 hours can't fit.
    let no = cli.json(&[
        "capacity",
        "check",
        "--hours",
        "500",
        "--deadline",
        &day(21),
        "--json",
    ]);
    assert_eq!(no["verdict"], "does_not_fit");
    assert!(no["short_hours"].as_f64().unwrap() > 300.0);
    assert!(no["earliest_finish"]
        .as_str()
        .is_some_and(|d| d > day(21).as_str()));

    // Changing the days keeps the overtime allowance.
    cli.ok(&["capacity", "set", "--weekday-hours", "8,8,8,8,8,0,0"]);
    let shown = cli.json(&["capacity", "show", "--json"]);
    assert_eq!(
        shown["hours"]["weekday_minutes"],
        serde_json::json!([480, 480, 480, 480, 480, 0, 0])
    );
    assert_eq!(shown["hours"]["overtime_week_minutes"], 300);

    // Held tentatively, then confirmed: it becomes a task.
    let held = cli.json(&[
        "capacity",
        "check",
        "--hours",
        "4",
        "--deadline",
        &day(15),
        "--title",
        "Maybe",
        "--decide",
        "tentative",
        "--json",
    ]);
    assert_eq!(held["booking"]["status"], "tentative");
    let id = held["booking"]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        cli.json(&["capacity", "bookings", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        cli.json(&[
            "capacity",
            "check",
            "--hours",
            "1",
            "--deadline",
            &day(15),
            "--json"
        ])["with_tentative"]["tentative_count"],
        1
    );
    cli.ok(&["capacity", "confirm", &id]);
    assert_eq!(
        cli.json(&["capacity", "bookings", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert!(cli
        .json(&["tasks", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["title"] == "Maybe"));
    let again = cli.run(&["capacity", "decline", &id]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("[booking.already_decided]"));

    for (args, code) in [
        (
            vec!["capacity", "set", "--weekday-hours", "8,8,8,8,8,0"],
            "[capacity.bad_week]",
        ),
        (
            vec![
                "capacity",
                "check",
                "--hours",
                "2",
                "--deadline",
                &today.to_string(),
            ],
            "[capacity.deadline_passed]",
        ),
        (
            vec!["tasks", "add", "X", "--hours", "lots"],
            "[capacity.bad_hours]",
        ),
    ] {
        let out = cli.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        cli.json(&["tasks", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_request_accepted_as_offered_becomes_a_task_due_the_offered_day() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    cli.ok(&["capacity", "set", "--weekday-hours", "8,8,8,8,8,0,0"]);
    // 200 hours can't be done within a week: the check offers a later day.
    let args = |decide: &'static str| {
        vec![
            "capacity".to_string(),
            "check".into(),
            "--hours".into(),
            "200".into(),
            "--deadline".into(),
            day(7),
            "--title".into(),
            "Big".into(),
            "--decide".into(),
            decide.into(),
            "--json".into(),
        ]
    };
    let accepted = cli.json(
        &args("accept-offered")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(accepted["verdict"], "does_not_fit");
    let offered = accepted["offered"].as_str().unwrap().to_string();
    assert!(offered > day(7));
    assert_eq!(accepted["booking"]["deadline"], offered.as_str());
    let tasks = cli.json(&["tasks", "list", "--json"]);
    assert_eq!(tasks[0]["due"], offered.as_str());
    // `accept` keeps the requested day, late.
    let late = cli.json(
        &args("accept")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(late["booking"]["deadline"], day(7).as_str());
}

#[test]
fn a_tentative_booking_confirmed_as_offered_is_due_the_day_the_check_offers_now() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    cli.ok(&["capacity", "set", "--weekday-hours", "8,8,8,8,8,0,0"]);
    let held = cli.json(&[
        "capacity",
        "check",
        "--hours",
        "200",
        "--deadline",
        &day(7),
        "--title",
        "Big",
        "--decide",
        "tentative",
        "--json",
    ]);
    let id = held["booking"]["id"].as_i64().unwrap().to_string();
    let out = cli.ok(&["capacity", "confirm", &id, "--offered"]);
    assert!(out.starts_with("Confirmed “Big”"), "{out}");
    let tasks = cli.json(&["tasks", "list", "--json"]);
    let due = tasks[0]["due"].as_str().unwrap().to_string();
    assert!(due > day(7), "due {due}, the requested day was {}", day(7));
}

#[test]
fn tasks_for_today_are_overdue_first_then_due_soonest_up_to_todays_hours() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    // Every day a working day, so today has its 8 hours whatever weekday the test runs.
    cli.ok(&["capacity", "set", "--weekday-hours", "8,8,8,8,8,8,8"]);
    cli.ok(&["clients", "add", "Big fish", "--priority", "high"]);
    for (title, hours, due, client) in [
        ("Later, for the big client", "6", day(9), Some("Big fish")),
        ("Soon", "6", day(2), None),
        ("Overdue", "1", day(-1), None),
    ] {
        let mut args = vec!["tasks", "add", title, "--hours", hours, "--due", &due];
        if let Some(c) = client {
            args.extend(["--client", c]);
        }
        cli.ok(&args);
    }
    let titles = |args: &[&str]| -> Vec<String> {
        cli.json(args)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect()
    };
    // 1 + 6 hours fill the 8 of today's; the big client's task waits, however high.
    assert_eq!(
        titles(&["tasks", "list", "--today", "--json"]),
        ["Overdue", "Soon", "Later, for the big client"]
    );
    let out = cli.ok(&["tasks", "list", "--today"]);
    assert!(!out.contains("1 more"), "{out}");
    cli.ok(&[
        "tasks",
        "add",
        "Also soon",
        "--hours",
        "3",
        "--due",
        &day(3),
    ]);
    assert_eq!(
        titles(&["tasks", "list", "--today", "--json"]),
        ["Overdue", "Soon", "Also soon"]
    );
    let out = cli.ok(&["tasks", "list", "--today"]);
    assert!(
        out.contains("… and 1 more beyond today's working hours"),
        "{out}"
    );
    assert_eq!(
        titles(&["tasks", "list", "--today", "--all", "--json"]).len(),
        4
    );
}

#[test]
fn working_windows_are_set_on_the_command_line_and_bad_ones_refused() {
    let cli = Cli::new();
    let out = cli.ok(&[
        "capacity",
        "set",
        "--weekday-hours",
        "8,8,8,8,8,0,0",
        "--window",
        "mon-fri=09:00-12:30,13:30-18:00",
        "--window",
        "sat=10-14",
    ]);
    assert!(out.contains("Mon: 09:00-12:30, 13:30-18:00"), "{out}");
    assert!(out.contains("Sat: 10:00-14:00"), "{out}");
    assert!(out.contains("44 h a week"), "{out}");
    let bad = cli.run(&["capacity", "set", "--window", "mon=18-9"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("[capacity.bad_windows]"),
        "{bad:?}"
    );
    let bad = cli.run(&["capacity", "set", "--window", "funday=9-17"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[cli.bad_window]"));
}

#[test]
fn a_time_block_added_for_a_task_is_its_planned_work_in_the_check() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    // Every day works 8 h, so the numbers hold whatever weekday the test runs.
    cli.ok(&["capacity", "set", "--weekday-hours", "8,8,8,8,8,8,8"]);
    let task = cli.json(&[
        "tasks",
        "add",
        "Report",
        "--hours",
        "6",
        "--due",
        &day(2),
        "--json",
    ]);
    let id = task["id"].as_i64().unwrap().to_string();
    // Two days (tomorrow and the day after) hold 16 h: the report's 6 and 10 more.
    let fits = |hours: &str| {
        cli.json(&[
            "capacity",
            "check",
            "--hours",
            hours,
            "--deadline",
            &day(2),
            "--json",
        ])["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(fits("10"), "fits");
    cli.ok(&[
        "calendar",
        "add",
        "Report",
        "--kind",
        "time_block",
        "--tz",
        "UTC",
        "--start",
        &format!("{}T09:00", day(1)),
        "--end",
        &format!("{}T13:00", day(1)),
        "--task",
        &id,
    ]);
    // Its own block, not busy time on top of it: still 10 h for the request, not 6.
    assert_eq!(fits("10"), "fits");
    assert_eq!(fits("10.5"), "does_not_fit");
    let bad = cli.run(&[
        "calendar",
        "add",
        "X",
        "--start",
        &format!("{}T09:00", day(1)),
        "--end",
        &format!("{}T10:00", day(1)),
        "--task",
        "999",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("No task with id 999"),
        "{bad:?}"
    );
}

#[test]
fn calendar_list_notes_a_series_cut_short_and_keeps_json_clean() {
    let cli = Cli::new();
    let file = cli.dir.path().join("ticker.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:t\r\nSUMMARY:Ticker\r\n\
         DTSTART:20270301T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    cli.ok(&["calendar", "import", file.to_str().unwrap()]);
    // Fourteen days of a series every minute: 20,160 occurrences, 20,000 shown.
    let args = [
        "calendar",
        "list",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-14",
        "--json",
    ];
    let out = cli.run(&args);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 20_000);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "note: Showing the first 20,000 occurrences of “Ticker” in this window."
    );
    // A window it fits in says nothing.
    let out = cli.run(&[
        "calendar",
        "list",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-01",
    ]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_ics_imported_into_a_personal_calendar_costs_no_working_time_until_marked_work() {
    let cli = Cli::new();
    let today = chrono::Utc::now().date_naive();
    let day = |n: i64| (today + chrono::Duration::days(n)).to_string();
    cli.ok(&["capacity", "set", "--weekday-hours", "8,8,8,8,8,8,8"]);
    let compact = |n: i64| day(n).replace('-', "");
    let file = cli.dir.path().join("Family.ics");
    std::fs::write(
        &file,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:play@family\r\n\
             DTSTAMP:20260101T000000Z\r\nDTSTART:{0}T090000Z\r\nDTEND:{0}T130000Z\r\n\
             SUMMARY:School play\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            compact(1)
        ),
    )
    .unwrap();
    let report = cli.json(&[
        "calendar",
        "import",
        file.to_str().unwrap(),
        "--calendar",
        "Family",
        "--json",
    ]);
    assert_eq!(report["added"].as_u64(), Some(1));
    let calendars = cli.json(&["calendars", "list", "--json"]);
    assert_eq!(calendars[0]["name"], "Family");
    assert_eq!(calendars[0]["personal"], true);
    assert_eq!(calendars[0]["events"], 1);
    let fits = |hours: &str| {
        cli.json(&[
            "capacity",
            "check",
            "--hours",
            hours,
            "--deadline",
            &day(1),
            "--json",
        ])["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Tomorrow's 8 hours are whole: the play is life, not work.
    assert_eq!(fits("8"), "fits");
    cli.ok(&["calendars", "edit", "Family", "--work"]);
    assert_eq!(fits("8"), "does_not_fit");
    assert_eq!(fits("4"), "fits");
    // Deleting the calendar takes its event with it.
    let said = cli.ok(&["calendars", "delete", "family"]);
    assert!(said.contains("Its event was deleted with it."), "{said}");
    let list = cli.json(&[
        "calendar",
        "list",
        "--from",
        &day(1),
        "--to",
        &day(1),
        "--json",
    ]);
    assert_eq!(list.as_array().unwrap().len(), 0);
}
