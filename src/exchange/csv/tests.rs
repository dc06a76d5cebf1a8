use super::*;
use crate::clients::{self, ClientInput, ContactInput};

fn import(store: &mut Store, text: &str) -> CsvReport {
    import_csv(store, text).unwrap()
}

#[test]
fn columns_in_any_order_and_case_and_unknown_ones_ignored() {
    let mut store = Store::open_in_memory().unwrap();
    let report = import(
        &mut store,
        "Email,Shoe Size,CONTACT,Client,Color\nana@acme.com,38,Ana Silva,Acme,#123456\n",
    );
    assert_eq!(
        (
            report.clients_added,
            report.contacts_added,
            report.skipped.len()
        ),
        (1, 1, 0),
        "{report:?}"
    );
    let acme = clients::find_by_name(&store, "Acme").unwrap();
    assert_eq!(acme.colour, "#123456");
    let contacts = clients::list_contacts(&store, acme.id, false).unwrap();
    assert_eq!(
        (contacts[0].name.as_str(), contacts[0].email.as_deref()),
        ("Ana Silva", Some("ana@acme.com"))
    );
}

#[test]
fn rows_are_numbered_by_the_line_they_start_on_whatever_the_line_ends() {
    for text in [
            "client,contact,email\n\nAcme,Ana,bad\n\n\nAcme,\"Bob\nBuilder\",bad\nAcme,Cy,bad\n",
            "client,contact,email\r\n\r\nAcme,Ana,bad\r\n\r\n\r\nAcme,\"Bob\r\nBuilder\",bad\r\nAcme,Cy,bad\r\n",
        ] {
            let mut store = Store::open_in_memory().unwrap();
            let lines: Vec<u32> = import(&mut store, text).skipped.iter().map(|s| s.line).collect();
            assert_eq!(lines, [3, 6, 8], "{text:?}");
        }
}

#[test]
fn a_file_without_a_client_column_is_refused_whole() {
    let mut store = Store::open_in_memory().unwrap();
    let err = import_csv(&mut store, "name,email\nAcme,ana@acme.com\n").unwrap_err();
    assert_eq!(crate::Coded::code(&err), "import.no_client_column");
    assert!(clients::list(&store, true).unwrap().is_empty());
}

#[test]
fn bad_rows_are_skipped_with_their_line_and_reason_and_leave_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "client,priority,cadence_days,contact,email\n\
                    Acme,high,14,Ana,ana@acme.com\n\
                    Globex,urgent,,Bob,bob@globex.com\n\
                    Initech,,fortnightly,,\n\
                    Umbrella,,,Carol,carol@umbrella\n\
                    ,,,,\n\
                    ,low,,Dan,\n\
                    Hooli,,,,dan@hooli.com\n";
    let report = import(&mut store, text);
    let skipped: Vec<(u32, Option<&str>)> = report
        .skipped
        .iter()
        .map(|s| (s.line, s.name.as_deref()))
        .collect();
    assert_eq!(
        skipped,
        [
            (3, Some("Bob")),
            (4, Some("Initech")),
            (5, Some("Carol")),
            (7, Some("Dan")),
            (8, Some("Hooli"))
        ]
    );
    assert!(report.skipped[0]
        .reason
        .contains("Unknown priority “urgent”"));
    assert!(report.skipped[1].reason.contains("“fortnightly”"));
    assert!(report.skipped[2].reason.contains("not an email address"));
    let names: Vec<String> = clients::list(&store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Acme"]);
}

#[test]
fn rows_update_the_fields_they_fill_and_keep_the_rest() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = clients::add(
        &mut store,
        &ClientInput {
            name: "Acme Corp".into(),
            notes: "Keep me".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let ana = ContactInput {
        name: "Ana Silva".into(),
        role: "CTO".into(),
        email: "Ana@Acme.com".into(),
        ..Default::default()
    };
    clients::add_contact(&mut store, acme.id, &ana).unwrap();
    let report = import(&mut store, "client,priority,contact,email,phone\nacme  CORP,low,Ana S.,ana@acme.com,+49 30 1234\nAcme Corp,,Ana S.,,\n");
    assert_eq!(
        (
            report.clients_added,
            report.clients_updated,
            report.contacts_added,
            report.contacts_updated
        ),
        (0, 1, 0, 2),
        "{report:?}"
    );
    let acme = clients::get(&store, acme.id).unwrap();
    assert_eq!(
        (acme.name.as_str(), acme.priority, acme.notes.as_str()),
        ("Acme Corp", Priority::Low, "Keep me")
    );
    let contacts = clients::list_contacts(&store, acme.id, true).unwrap();
    assert_eq!(
        contacts.len(),
        1,
        "matched by email in another case, then by name"
    );
    assert_eq!(
        (
            contacts[0].name.as_str(),
            contacts[0].role.as_deref(),
            contacts[0].phone.as_deref()
        ),
        ("Ana S.", Some("CTO"), Some("+49 30 1234"))
    );
}

#[test]
fn a_cadence_cell_sets_off_clears_and_empty_keeps() {
    let mut store = Store::open_in_memory().unwrap();
    let cadence = |store: &Store| -> Option<i64> {
        store
            .conn()
            .query_row("SELECT cadence_days FROM clients", [], |r| r.get(0))
            .unwrap()
    };
    import(
        &mut store,
        "client,cadence_days
Acme, 14 
",
    );
    assert_eq!(cadence(&store), Some(14));
    let report = import(
        &mut store,
        "client,cadence_days
Acme,
",
    );
    assert_eq!((report.clients_updated, cadence(&store)), (0, Some(14)));
    let report = import(
        &mut store,
        "client,cadence_days
Acme,OFF
",
    );
    assert_eq!((report.clients_updated, cadence(&store)), (1, None));
    import(
        &mut store,
        "client,cadence_days
Acme,30
",
    );
    let report = import(
        &mut store,
        "client,cadence_days
Acme,none
Globex,off
",
    );
    assert_eq!(
        (
            report.clients_updated,
            report.clients_added,
            report.skipped.len()
        ),
        (1, 1, 0)
    );
    let days: Vec<Option<i64>> = store
        .conn()
        .prepare("SELECT cadence_days FROM clients ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(days, [None, None]);
    let report = import(
        &mut store,
        "client,cadence_days
Acme,0
Acme,3661
",
    );
    assert_eq!(report.skipped.len(), 2, "{report:?}");
}

#[test]
fn export_writes_one_row_per_contact_and_one_per_client_without() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, "client,client_notes,cadence_days,contact,preferred_channel\n\"Acme, Inc.\",\"two\nlines\",30,Ana,video\n\"Acme, Inc.\",,,Bob,\nGlobex,,,,\n");
    let text = export_csv(&store, false).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(COLUMNS.join(",").as_str()));
    assert!(
        text.contains("\"Acme, Inc.\",normal,#2f80ed,\"two\nlines\",30,Ana,,,,video,\n"),
        "{text}"
    );
    assert!(text.ends_with("Globex,normal,#eb5757,,,,,,,,\n"), "{text}");
}

#[test]
fn a_client_named_like_a_formula_is_exported_as_text() {
    let mut store = Store::open_in_memory().unwrap();
    import(
        &mut store,
        "client,contact,phone\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",@Ana,+33 6 12\n",
    );
    let text = export_csv(&store, false).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        "{text}"
    );
    assert!(text.contains(",'@Ana,"), "{text}");
    assert!(text.contains(",'+33 6 12,"), "{text}");
}

#[test]
fn an_unclosed_quote_is_reported_not_swallowing_the_rest() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "client,contact\nAcme,Ana\nGlobex,\"Bob\nInitech,Carol\nHooli,Dan\n";
    let report = import(&mut store, text);
    assert_eq!(report.clients_added, 1);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].line, 3);
    assert!(
        report.skipped[0].reason.contains("never closed"),
        "{:?}",
        report.skipped
    );
    // A quote closed as written is fine, doubled quotes inside included.
    assert_eq!(unclosed_quote("a,\"b \"\"c\"\" d\"\ne,f\n"), None);
    assert_eq!(unclosed_quote("a,b\"c\n"), None);
    assert_eq!(unclosed_quote("a, \"b\n"), Some(3));
}
