use super::*;
use crate::clients::ClientInput;
use crate::Store;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn client(store: &mut Store, name: &str, priority: Priority) -> ClientId {
    clients::add(
        store,
        &ClientInput {
            name: name.into(),
            priority,
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn task(client_id: Option<ClientId>, title: &str, urgent: bool, important: bool) -> TaskInput {
    TaskInput {
        client_id,
        title: title.into(),
        estimate_hours: "2".into(),
        urgent,
        important,
        ..Default::default()
    }
}

fn due(title: &str, hours: &str, due: &str) -> TaskInput {
    TaskInput::due(title, hours, due)
}

fn tasks_done(s: &mut Store, title: &str) {
    let today = day("2027-01-04");
    let t = list(s.conn(), None, false, today)
        .unwrap()
        .into_iter()
        .find(|t| t.title == title)
        .unwrap();
    complete(s, t.id, today).unwrap();
}

fn titles(tasks: &[Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.title.as_str()).collect()
}

/// Issue 19: "Tasks today" was every open task (77 h) with the overdue one last.
#[test]
fn today_is_sized_to_the_working_day_overdue_first_then_due_soonest() {
    let mut s = Store::open_in_memory().unwrap();
    let big = client(&mut s, "Big", Priority::High);
    let earlier = day("2026-12-01");
    add(
        &mut s,
        &TaskInput {
            client_id: Some(big),
            ..due("Later", "4", "2027-01-20")
        },
        earlier,
    )
    .unwrap();
    add(&mut s, &task(None, "Whenever", true, true), earlier).unwrap();
    add(&mut s, &due("Next", "3", "2027-01-06"), earlier).unwrap();
    add(&mut s, &due("Soon", "3", "2027-01-05"), earlier).unwrap();
    add(&mut s, &due("Late", "2", "2027-01-01"), earlier).unwrap();
    // Monday, eight working hours: 2 + 3 + 3 fill it.
    let monday = today_sized(s.conn(), day("2027-01-04")).unwrap();
    assert_eq!(titles(&monday.tasks), ["Late", "Soon", "Next"]);
    assert_eq!(titles(&monday.more), ["Later", "Whenever"]);
    assert_eq!((monday.working_minutes, monday.planned_minutes), (480, 480));
    // The old order (client priority first) would have put the overdue one last.
    assert_eq!(
        titles(&today_list(s.conn(), day("2027-01-04")).unwrap())[0],
        "Later"
    );
    // On Saturday the 9th nothing is planned but what is already late.
    let saturday = today_sized(s.conn(), day("2027-01-09")).unwrap();
    assert_eq!(saturday.working_minutes, 0);
    assert_eq!(titles(&saturday.tasks), ["Late", "Soon", "Next"]);
    assert_eq!(titles(&saturday.more), ["Later", "Whenever"]);
    // With nothing late, the most pressing task still shows on a day off.
    tasks_done(&mut s, "Late");
    let sunday = today_sized(s.conn(), day("2027-01-03")).unwrap();
    assert_eq!(sunday.working_minutes, 0);
    assert_eq!(titles(&sunday.tasks), ["Soon"]);
    assert_eq!(titles(&sunday.more), ["Next", "Later", "Whenever"]);
}

#[test]
fn a_long_task_still_shows_when_it_is_the_first_of_the_day() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-04");
    add(&mut s, &due("Huge", "30", "2027-01-08"), today).unwrap();
    add(&mut s, &due("Small", "1", "2027-01-09"), today).unwrap();
    let sized = today_sized(s.conn(), today).unwrap();
    assert_eq!(titles(&sized.tasks), ["Huge"]);
    assert_eq!(titles(&sized.more), ["Small"]);
}

#[test]
fn ticking_done_can_be_taken_back_to_the_status_it_had() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-04");
    let t = add(
        &mut s,
        &TaskInput {
            status: TaskStatus::InProgress,
            ..task(None, "Draft", false, false)
        },
        today,
    )
    .unwrap();
    let done = complete(&mut s, t.id, today).unwrap();
    assert_eq!(
        (done.task.status, done.previous),
        (TaskStatus::Done, TaskStatus::InProgress)
    );
    assert!(today_sized(s.conn(), today).unwrap().tasks.is_empty());
    let back = undo_complete(&mut s, t.id, done.previous, today).unwrap();
    assert_eq!(back.status, TaskStatus::InProgress);
    assert_eq!(
        titles(&today_sized(s.conn(), today).unwrap().tasks),
        ["Draft"]
    );
    // Once reopened, a second undo has nothing to take back and changes nothing.
    assert!(matches!(
        undo_complete(&mut s, t.id, TaskStatus::Open, today),
        Err(CapacityError::NotDone)
    ));
    assert_eq!(
        get(s.conn(), t.id, today).unwrap().status,
        TaskStatus::InProgress
    );
    assert!(matches!(
        complete(&mut s, TaskId(99), today),
        Err(CapacityError::NotFound("task", 99))
    ));
}

/// Typed days serialise as the text they always were (the CLI's --json, the UI).
#[test]
fn a_task_booking_and_day_off_serialise_their_days_as_iso_text() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-04");
    let t = add(
        &mut s,
        &TaskInput {
            earliest_start: "2027-01-05".into(),
            delegated_to: "Sam".into(),
            follow_up: "2027-01-07".into(),
            ..TaskInput::due("Report", "2", "2027-01-08")
        },
        today,
    )
    .unwrap();
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(
        (&json["earliest_start"], &json["due"], &json["follow_up"]),
        (
            &serde_json::json!("2027-01-05"),
            &serde_json::json!("2027-01-08"),
            &serde_json::json!("2027-01-07")
        )
    );
    let open = add(&mut s, &TaskInput::due("Open", "1", ""), today).unwrap();
    let json = serde_json::to_value(&open).unwrap();
    assert!(json["due"].is_null() && json["earliest_start"].is_null());

    let request = crate::capacity::Request {
        title: "Audit".into(),
        hours: "3".into(),
        start: "2027-01-05".into(),
        deadline: "2027-01-20".into(),
        ..Default::default()
    };
    let b = crate::capacity::decide(
        &mut s,
        &request,
        crate::capacity::Decision::Tentative,
        today,
    )
    .unwrap();
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(
        (&json["earliest_start"], &json["deadline"]),
        (
            &serde_json::json!("2027-01-05"),
            &serde_json::json!("2027-01-20")
        )
    );
    let off = crate::capacity::add_day_off(
        &mut s,
        &crate::capacity::DayOffInput {
            first_day: "2027-02-01".into(),
            last_day: "".into(),
            label: "Off".into(),
        },
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&off).unwrap(),
        format!(
            r#"{{"id":{},"first_day":"2027-02-01","last_day":"2027-02-01","label":"Off"}}"#,
            off.id
        )
    );
}

#[test]
fn today_puts_the_highest_profile_client_first_then_urgency() {
    let mut s = Store::open_in_memory().unwrap();
    let big = client(&mut s, "Big", Priority::High);
    let small = client(&mut s, "Small", Priority::Low);
    let today = day("2027-01-04");
    add(&mut s, &task(Some(small), "Small fire", true, true), today).unwrap();
    add(&mut s, &task(Some(big), "Big chore", false, false), today).unwrap();
    add(&mut s, &task(Some(big), "Big urgent", true, false), today).unwrap();
    add(
        &mut s,
        &TaskInput {
            earliest_start: "2027-01-05".into(),
            ..task(Some(big), "Not yet", true, true)
        },
        today,
    )
    .unwrap();
    add(
        &mut s,
        &TaskInput {
            delegated_to: "Sam".into(),
            follow_up: "2027-01-04".into(),
            ..task(Some(small), "Chase Sam", false, false)
        },
        today,
    )
    .unwrap();
    add(
        &mut s,
        &TaskInput {
            delegated_to: "Sam".into(),
            follow_up: "2027-01-09".into(),
            ..task(Some(small), "Sam has it", false, false)
        },
        today,
    )
    .unwrap();
    let titles: Vec<String> = today_list(s.conn(), today)
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(
        titles,
        ["Big urgent", "Big chore", "Small fire", "Chase Sam"]
    );
}

#[test]
fn the_matrix_sorts_open_tasks_into_quadrants_and_leaves_done_ones_out() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-04");
    add(&mut s, &task(None, "A", true, true), today).unwrap();
    add(&mut s, &task(None, "B", false, true), today).unwrap();
    add(&mut s, &task(None, "C", true, false), today).unwrap();
    let d = add(&mut s, &task(None, "D", false, false), today).unwrap();
    add(
        &mut s,
        &TaskInput {
            status: TaskStatus::Done,
            ..task(None, "E", true, true)
        },
        today,
    )
    .unwrap();
    let m = matrix(s.conn(), today).unwrap();
    let t = |v: &[Task]| v.iter().map(|t| t.title.clone()).collect::<Vec<_>>();
    assert_eq!(
        (
            t(&m.urgent_important),
            t(&m.important),
            t(&m.urgent),
            t(&m.neither)
        ),
        (
            vec!["A".to_string()],
            vec!["B".into()],
            vec!["C".into()],
            vec!["D".into()]
        )
    );
    set_status(&mut s, d.id, TaskStatus::Done, today).unwrap();
    assert!(matrix(s.conn(), today).unwrap().neither.is_empty());
}

#[test]
fn remaining_hours_overdue_and_bad_input() {
    let mut s = Store::open_in_memory().unwrap();
    let today = day("2027-01-04");
    let t = add(
        &mut s,
        &TaskInput {
            done_hours: "1.5".into(),
            due: "2027-01-03".into(),
            ..task(None, "Late", false, false)
        },
        today,
    )
    .unwrap();
    assert_eq!((t.remaining_minutes, t.overdue), (30, true));
    let bad = TaskInput {
        earliest_start: "2027-01-10".into(),
        due: "2027-01-05".into(),
        ..task(None, "X", false, false)
    };
    assert!(matches!(
        add(&mut s, &bad, today),
        Err(CapacityError::DueBeforeStart)
    ));
    assert!(matches!(
        add(&mut s, &task(None, "  ", false, false), today),
        Err(CapacityError::EmptyTitle)
    ));
    assert_eq!(list(s.conn(), None, true, today).unwrap().len(), 1);
}
