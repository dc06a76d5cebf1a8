//! Every validation rule of clients and contacts, seen from outside: a clear code, the
//! field it concerns, and nothing stored.

use juggle::clients::ClientId;
use juggle::clients::{self, ClientInput, ContactInput};
use juggle::{Coded, Store};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn client_rules() {
    let (_dir, mut store) = store();
    clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let cases: &[(ClientInput, &str, &str)] = &[
        (ClientInput::named("   "), "client.empty_name", "name"),
        (
            ClientInput {
                name: "x".repeat(201),
                ..Default::default()
            },
            "client.name_too_long",
            "name",
        ),
        (ClientInput::named("ACME"), "client.duplicate_name", "name"),
        (
            ClientInput {
                name: "New".into(),
                colour: Some("teal".into()),
                ..Default::default()
            },
            "client.invalid_colour",
            "colour",
        ),
        (
            ClientInput {
                name: "New".into(),
                notes: "n".repeat(20_001),
                ..Default::default()
            },
            "client.notes_too_long",
            "notes",
        ),
    ];
    for (input, code, field) in cases {
        let err = clients::add(&mut store, input).unwrap_err();
        assert_eq!((err.code(), err.field()), (*code, Some(*field)), "{err}");
    }
    assert_eq!(clients::list(&store, true).unwrap().len(), 1);
}

#[test]
fn contact_rules() {
    let (_dir, mut store) = store();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let ok = ContactInput::named("Ana");
    let cases: &[(ContactInput, &str, &str)] = &[
        (
            ContactInput {
                name: "".into(),
                ..ok.clone()
            },
            "client.empty_name",
            "name",
        ),
        (
            ContactInput {
                email: "ana.acme.com".into(),
                ..ok.clone()
            },
            "contact.invalid_email",
            "email",
        ),
        (
            ContactInput {
                phone: "12".into(),
                ..ok.clone()
            },
            "contact.invalid_phone",
            "phone",
        ),
        (
            ContactInput {
                role: "r".repeat(501),
                ..ok.clone()
            },
            "contact.field_too_long",
            "role",
        ),
        (
            ContactInput {
                authority: "a".repeat(501),
                ..ok.clone()
            },
            "contact.field_too_long",
            "authority",
        ),
    ];
    for (input, code, field) in cases {
        let err = clients::add_contact(&mut store, acme.id, input).unwrap_err();
        assert_eq!((err.code(), err.field()), (*code, Some(*field)), "{err}");
    }
    assert!(clients::list_contacts(&store, acme.id, true)
        .unwrap()
        .is_empty());
    assert_eq!(
        clients::add_contact(&mut store, ClientId(999), &ok)
            .unwrap_err()
            .code(),
        "client.not_found"
    );
}
