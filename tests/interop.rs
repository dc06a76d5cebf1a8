//! Address books and spreadsheets in and out: vCard import and CSV import/export on real
//! SQLite files, and the `juggle` commands over them.

use std::process::{Command, Output};

use juggle::clients::{self, Client, ClientInput, Contact, ContactChannel, ContactInput, Priority};
use juggle::exchange::SkippedRecord;
use juggle::relationship::dates::{self, DateKind};
use juggle::Store;

const CONTACTS_3: &str = include_str!("fixtures/contacts-3.vcf");
const CONTACTS_4: &str = include_str!("fixtures/contacts-4.vcf");
const CLIENTS_CSV: &str = include_str!("fixtures/clients.csv");

fn book() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

fn client(store: &Store, name: &str) -> Client {
    clients::find_by_name(store, name).unwrap()
}

fn contacts(store: &Store, client_name: &str) -> Vec<Contact> {
    clients::list_contacts(store, client(store, client_name).id, true).unwrap()
}

fn contact(store: &Store, client_name: &str, name: &str) -> Contact {
    contacts(store, client_name)
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// Every contact's birthday as stored (`first_day`, yearly), by contact name.
fn birthdays(store: &Store) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for c in clients::list(store, true).unwrap() {
        for d in dates::list_dates(store, c.id).unwrap() {
            assert_eq!(d.kind, DateKind::Birthday);
            out.push((
                d.contact.unwrap_or_default(),
                d.first_day.to_string(),
                d.yearly,
            ));
        }
    }
    out.sort();
    out
}

fn lines(skipped: &[SkippedRecord]) -> Vec<(u32, Option<&str>)> {
    skipped
        .iter()
        .map(|s| (s.line, s.name.as_deref()))
        .collect()
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_apple_and_google_3_0_export_becomes_clients_contacts_and_birthdays() {
    let (_d, mut store) = book();
    let report = juggle::exchange::import_vcards(&mut store, CONTACTS_3).unwrap();
    assert_eq!(
        (report.clients_added, report.added, report.updated),
        (2, 4, 0),
        "{report:?}"
    );
    assert_eq!(lines(&report.skipped), [(50, Some("Mum"))]);
    assert_eq!(
        report.skipped[0].reason,
        "no ORG: Juggle files people under their client; add ORG or use the contact form"
    );

    let names: Vec<String> = clients::list(&store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        names,
        ["Acme Corp", "Globex Corporation"],
        "“ACME corp” is the same client"
    );

    let ana = contact(&store, "Acme Corp", "Ana Silva");
    assert_eq!(ana.role.as_deref(), Some("CTO"));
    assert_eq!(
        ana.email.as_deref(),
        Some("ana.silva@acme.com"),
        "item1.EMAIL, the preferred one"
    );
    assert_eq!(
        ana.phone.as_deref(),
        Some("+351 91 234 5678"),
        "the mobile, not home"
    );
    let bruno = contact(&store, "Acme Corp", "Bruno Costa");
    assert_eq!(bruno.role.as_deref(), Some("Head of Procurement"));
    assert_eq!(
        bruno.authority.as_deref(),
        Some("Signs off purchase orders"),
        "ROLE beside TITLE"
    );
    let zoe = contact(&store, "Globex Corporation", "Zoë Müller-Lüdenscheidt");
    assert_eq!(
        zoe.phone.as_deref(),
        Some("+49 30 1234-567"),
        "work before fax"
    );
    assert!(
        zoe.role
            .unwrap()
            .ends_with("(interim, until the new hire starts)"),
        "folded and unescaped"
    );

    assert_eq!(
        birthdays(&store),
        [
            ("Ana Silva".into(), "1604-04-12".into(), true),
            ("Bruno Costa".into(), "1986-04-12".into(), true),
            ("Filipa Gomes".into(), "1604-11-23".into(), true),
            ("Zoë Müller-Lüdenscheidt".into(), "1990-02-28".into(), true),
        ]
    );
}

#[test]
fn re_importing_updates_never_duplicates_and_keeps_what_the_card_does_not_say() {
    let (_d, mut store) = book();
    juggle::exchange::import_vcards(&mut store, CONTACTS_3).unwrap();
    let ana = contact(&store, "Acme Corp", "Ana Silva");
    let edited = ContactInput {
        name: "Ana Silva".into(),
        role: "Chief Technology Officer".into(),
        email: "ana.silva@acme.com".into(),
        preferred_channel: Some(ContactChannel::Video),
        authority: "Signs off budgets".into(),
        ..Default::default()
    };
    clients::update_contact(&mut store, ana.id, &edited).unwrap();
    let before = (
        count(&store, "clients"),
        count(&store, "contacts"),
        count(&store, "important_dates"),
    );

    let again = juggle::exchange::import_vcards(&mut store, CONTACTS_3).unwrap();
    assert_eq!(
        (again.clients_added, again.added, again.updated),
        (0, 0, 4),
        "{again:?}"
    );
    assert_eq!(
        (
            count(&store, "clients"),
            count(&store, "contacts"),
            count(&store, "important_dates")
        ),
        before
    );
    let ana = contact(&store, "Acme Corp", "Ana Silva");
    assert_eq!(ana.role.as_deref(), Some("CTO"), "the card's TITLE wins");
    assert_eq!(
        ana.phone.as_deref(),
        Some("+351 91 234 5678"),
        "edited away in Juggle, back from the card"
    );
    assert_eq!(
        ana.preferred_channel,
        Some(ContactChannel::Video),
        "not in a vCard: kept"
    );
    assert_eq!(
        ana.authority.as_deref(),
        Some("Signs off budgets"),
        "no ROLE on the card: kept"
    );
}

#[test]
fn a_changed_card_is_found_by_uid_then_email_then_name() {
    let (_d, mut store) = book();
    let acme = clients::add(&mut store, &ClientInput::named("Acme Corp")).unwrap();
    let typed = ContactInput {
        name: "filipa  GOMES".into(),
        phone: "+351 22 000 0000".into(),
        ..Default::default()
    };
    clients::add_contact(&mut store, acme.id, &typed).unwrap();
    juggle::exchange::import_vcards(&mut store, CONTACTS_3).unwrap();
    let filipa = contact(&store, "Acme Corp", "Filipa Gomes");
    assert_eq!(
        filipa.phone.as_deref(),
        Some("+351 22 000 0000"),
        "found by name, phone kept"
    );
    assert_eq!(filipa.email.as_deref(), Some("filipa.gomes@acme.com"));

    // Ana changed her name and email in the address book; her UID is the same.
    let renamed = CONTACTS_3
        .replace("FN:Ana Silva", "FN:Ana Silva Reis")
        .replace("item1.EMAIL;type=INTERNET;type=pref:ana.silva@acme.com", "item1.EMAIL;type=INTERNET;type=pref:ana.reis@acme.com")
        // Bruno (no UID) changed his name, not his email.
        .replace("FN:Bruno Costa", "FN:Bruno M. Costa")
        .replace("bruno.costa@acme.com", "BRUNO.COSTA@acme.com");
    let report = juggle::exchange::import_vcards(&mut store, &renamed).unwrap();
    assert_eq!((report.added, report.updated), (0, 4), "{report:?}");
    let names: Vec<String> = contacts(&store, "Acme Corp")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Ana Silva Reis", "Bruno M. Costa", "Filipa Gomes"]);
}

#[test]
fn a_4_0_file_with_broken_cards_keeps_the_good_ones_and_says_where_the_bad_ones_are() {
    let (_d, mut store) = book();
    let report = juggle::exchange::import_vcards(&mut store, CONTACTS_4).unwrap();
    assert_eq!(
        (report.clients_added, report.added, report.updated),
        (2, 3, 0),
        "{report:?}"
    );
    assert_eq!(
        lines(&report.skipped),
        [
            (13, Some("Dario Rossi")),
            (19, Some("Eva Novak")),
            (35, None)
        ]
    );
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons[0],
        "it has BEGIN:VCARD but no END:VCARD (the card is cut off)"
    );
    assert!(
        reasons[1].contains("“eva@umbrella” is not an email address"),
        "{}",
        reasons[1]
    );
    assert_eq!(reasons[2], "it has no name (FN or N)");

    // The skipped cards left nothing: no Umbrella client, no Dario.
    let names: Vec<String> = clients::list(&store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Globex Corporation", "Initech"]);
    let initech: Vec<String> = contacts(&store, "Initech")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(initech, ["Carla Mendes", "Lena Park"]);

    let carla = contact(&store, "Initech", "Carla Mendes");
    assert_eq!(
        carla.email.as_deref(),
        Some("carla@initech.example"),
        "PREF=1 wins over file order"
    );
    assert_eq!(carla.phone.as_deref(), Some("+1-555-010-0199"), "tel: URI");
    let kenji = contact(&store, "Globex Corporation", "Kenji Ito");
    assert_eq!(
        (kenji.role.as_deref(), kenji.phone.as_deref()),
        (Some("Budget owner"), Some("+81-3-1234-5678 ext. 12"))
    );
    assert_eq!(
        birthdays(&store),
        [
            ("Carla Mendes".into(), "1979-11-03".into(), true),
            ("Kenji Ito".into(), "1604-02-29".into(), true)
        ],
        "Lena's BDAY is text: left out"
    );

    let uid: Option<String> = store
        .conn()
        .query_row(
            "SELECT import_uid FROM contacts WHERE id = ?1",
            [carla.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        uid.as_deref(),
        Some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    );
    let again = juggle::exchange::import_vcards(&mut store, CONTACTS_4).unwrap();
    assert_eq!((again.added, again.updated, again.skipped.len()), (0, 3, 3));
}

#[test]
fn an_archived_client_gets_no_new_contacts_and_the_card_leaves_nothing() {
    let (_d, mut store) = book();
    let globex = clients::add(&mut store, &ClientInput::named("Globex Corporation")).unwrap();
    clients::set_archived(&mut store, globex.id, true).unwrap();
    let report = juggle::exchange::import_vcards(&mut store, CONTACTS_4).unwrap();
    let kenji = report
        .skipped
        .iter()
        .find(|s| s.line == 26)
        .expect("Kenji skipped");
    assert_eq!(kenji.name.as_deref(), Some("Kenji Ito"));
    assert!(kenji.reason.contains("is archived"), "{}", kenji.reason);
    assert!(contacts(&store, "Globex Corporation").is_empty());
    assert!(dates::list_dates(&store, globex.id).unwrap().is_empty());
}

#[test]
fn text_that_is_not_a_vcard_file_is_refused_whole() {
    let (_d, mut store) = book();
    let err = juggle::exchange::import_vcards(&mut store, CLIENTS_CSV).unwrap_err();
    assert_eq!(juggle::Coded::code(&err), "import.unreadable");
    let err =
        juggle::exchange::import_vcard_file(&mut store, std::path::Path::new("/no/such/file.vcf"))
            .unwrap_err();
    assert_eq!(juggle::Coded::code(&err), "import.unreadable");
    assert_eq!(count(&store, "clients"), 0);
}

#[test]
fn a_spreadsheet_csv_keeps_the_good_rows_and_reports_the_bad_by_line() {
    let (_d, mut store) = book();
    let report = juggle::exchange::import_csv(&mut store, CLIENTS_CSV).unwrap();
    assert_eq!(
        (
            report.clients_added,
            report.clients_updated,
            report.contacts_added,
            report.contacts_updated
        ),
        (3, 0, 3, 0),
        "{report:?}"
    );
    assert_eq!(
        lines(&report.skipped),
        [
            (6, Some("Carla Mendes")),
            (7, Some("Eva Novak")),
            (8, Some("Hooli")),
            (9, Some("Tony")),
            (10, Some("Bruce Wayne")),
            (11, Some("Orphan Row")),
            (12, Some("Dana Lee")),
        ],
        "line 2–3 is one row: its notes have a line break"
    );
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(reasons[0].contains("not an email address"));
    assert!(reasons[1].contains("Unknown priority “urgent”"));
    assert!(reasons[2].contains("“#12” is not a colour"));
    assert!(reasons[3].contains("“weekly”"));
    assert!(reasons[4].contains("not a phone number"));
    assert!(reasons[5].contains("client column is empty"));
    assert!(reasons[6].contains("Unknown channel “carrier pigeon”"));

    let names: Vec<String> = clients::list(&store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Acme Corp", "Globex Corporation", "Initech"]);
    let acme = client(&store, "Acme Corp");
    assert_eq!(
        (acme.priority, acme.colour.as_str()),
        (Priority::High, "#2f80ed")
    );
    assert_eq!(
        acme.notes,
        "Key account.\r\nRenewal in March, ask about the Porto office."
    );
    let cadence: Option<i64> = store
        .conn()
        .query_row(
            "SELECT cadence_days FROM clients WHERE id = ?1",
            [acme.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cadence, Some(14));
    assert_eq!(client(&store, "Globex").priority, Priority::Low);
    assert!(contacts(&store, "Globex").is_empty());
    let ana = contact(&store, "Acme Corp", "Ana Silva");
    assert_eq!(
        (ana.preferred_channel, ana.authority.as_deref()),
        (Some(ContactChannel::Video), Some("Signs off budgets"))
    );

    let again = juggle::exchange::import_csv(&mut store, CLIENTS_CSV).unwrap();
    assert_eq!(
        (
            again.clients_added,
            again.clients_updated,
            again.contacts_added,
            again.contacts_updated
        ),
        (0, 0, 0, 3),
        "nothing new, nothing changed: {again:?}"
    );
}

/// The fields export writes, per client and contact, for comparing two books.
fn snapshot(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for c in clients::list(store, true).unwrap() {
        let cadence: Option<i64> = store
            .conn()
            .query_row(
                "SELECT cadence_days FROM clients WHERE id = ?1",
                [c.id],
                |r| r.get(0),
            )
            .unwrap();
        out.push(format!(
            "{}|{}|{}|{}|{:?}",
            c.name, c.priority, c.colour, c.notes, cadence
        ));
        for k in clients::list_contacts(store, c.id, true).unwrap() {
            out.push(format!(
                "  {}|{:?}|{:?}|{:?}|{:?}|{:?}",
                k.name, k.role, k.email, k.phone, k.preferred_channel, k.authority
            ));
        }
    }
    out
}

#[test]
fn csv_export_then_import_into_an_empty_book_reproduces_it() {
    let (dir, mut store) = book();
    juggle::exchange::import_csv(&mut store, CLIENTS_CSV).unwrap();
    juggle::exchange::import_vcards(&mut store, CONTACTS_3).unwrap();
    clients::add(
        &mut store,
        &ClientInput {
            name: "Quiet Client, Ltd.".into(),
            notes: "\"Quoted\"; semi;colons".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let path = dir.path().join("book.csv");
    let written = juggle::exchange::export_csv_file(&store, false, &path).unwrap();
    assert_eq!((written.clients, written.contacts), (4, 5));

    let (_d2, mut fresh) = book();
    let report = juggle::exchange::import_vcard_file(&mut fresh, &path);
    assert!(report.is_err(), "a CSV file is not a vCard file");
    let report = juggle::exchange::import_csv_file(&mut fresh, &path).unwrap();
    assert_eq!(
        (
            report.clients_added,
            report.contacts_added,
            report.skipped.len()
        ),
        (4, 5, 0),
        "{report:?}"
    );
    assert_eq!(snapshot(&fresh), snapshot(&store));
}

#[test]
fn archived_clients_and_contacts_are_exported_only_when_asked() {
    let (_d, mut store) = book();
    juggle::exchange::import_csv(&mut store, CLIENTS_CSV).unwrap();
    let globex = client(&store, "Globex");
    clients::set_archived(&mut store, globex.id, true).unwrap();
    let bruno = contact(&store, "Acme Corp", "Bruno Costa");
    clients::set_contact_archived(&mut store, bruno.id, true).unwrap();
    let active = juggle::exchange::export_csv(&store, false).unwrap();
    assert!(
        !active.contains("Globex") && !active.contains("Bruno"),
        "{active}"
    );
    let all = juggle::exchange::export_csv(&store, true).unwrap();
    assert!(
        all.contains("Globex Corporation,low,") && all.contains("Bruno Costa"),
        "{all}"
    );
}

#[test]
fn a_csv_without_a_client_column_is_refused_and_changes_nothing() {
    let (_d, mut store) = book();
    let err = juggle::exchange::import_csv(&mut store, "Company,Contact\nAcme,Ana\n").unwrap_err();
    assert_eq!(juggle::Coded::code(&err), "import.no_client_column");
    assert!(err.to_string().contains("no “client” column"));
    assert_eq!(count(&store, "clients"), 0);
}

fn juggle(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juggle"))
        .args(args)
        .env("JUGGLE_DATA_DIR", dir)
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn juggle_contacts_import_reports_and_exits_0_even_with_skipped_cards() {
    let dir = tempfile::tempdir().unwrap();
    let out = juggle(
        dir.path(),
        &["contacts", "import", &fixture("contacts-4.vcf")],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let printed: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        printed[0],
        "Imported 3 new and 0 updated contacts (2 new clients); skipped 3 cards."
    );
    assert_eq!(
        printed[1],
        "  line 13 (Dario Rossi): it has BEGIN:VCARD but no END:VCARD (the card is cut off)"
    );
    assert!(
        printed[2].starts_with("  line 19 (Eva Novak): "),
        "{stdout}"
    );
    assert_eq!(printed[3], "  line 35: it has no name (FN or N)");

    let out = juggle(
        dir.path(),
        &["contacts", "import", &fixture("contacts-4.vcf"), "--json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(
        (
            report["clients_added"].as_u64(),
            report["added"].as_u64(),
            report["updated"].as_u64()
        ),
        (Some(0), Some(0), Some(3))
    );
    assert_eq!(
        report["skipped"][0],
        serde_json::json!({ "line": 13, "name": "Dario Rossi", "reason": "it has BEGIN:VCARD but no END:VCARD (the card is cut off)" })
    );
    assert_eq!(report["skipped"][2]["name"], serde_json::Value::Null);

    let out = juggle(dir.path(), &["contacts", "import", "/no/such/file.vcf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[import.unreadable]"));
}

#[test]
fn juggle_clients_import_and_export_csv_through_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = juggle(dir.path(), &["clients", "import", &fixture("clients.csv")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "Imported 3 new and 0 updated clients, 3 new and 0 updated contacts; skipped 7 rows.\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  line 7 (Eva Novak): Unknown priority “urgent”"),
        "{stdout}"
    );

    let file = dir.path().join("out.csv");
    let out = juggle(
        dir.path(),
        &["clients", "export", "--out", file.to_str().unwrap()],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("Wrote 3 clients and 3 contacts to {}.\n", file.display())
    );
    let other = tempfile::tempdir().unwrap();
    let out = juggle(
        other.path(),
        &["clients", "import", file.to_str().unwrap(), "--json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(report["clients_added"], 3);
    assert_eq!(report["contacts_added"], 3);
    assert_eq!(report["skipped"], serde_json::json!([]));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,email\nAcme,ana@acme.com\n").unwrap();
    let out = juggle(dir.path(), &["clients", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[import.no_client_column]"));
}
