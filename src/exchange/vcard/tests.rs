use super::card::{contact_name, parse_props, text_of, understand, Prop, RawCard, NO_ORG};
use super::values::{birthday, card_birthday};
use super::*;

fn props(card: &str) -> Vec<Prop> {
    parse_props(card).unwrap()
}

fn card(lines: &[&str]) -> String {
    let mut text = String::from("BEGIN:VCARD\r\n");
    for l in lines {
        text.push_str(l);
        text.push_str("\r\n");
    }
    text + "END:VCARD\r\n"
}

fn understood(lines: &[&str]) -> Result<Card, String> {
    let props = props(&card(lines));
    understand(&props, contact_name(&props)?)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_birthday_form_address_books_write() {
    assert_eq!(birthday("19860412"), Some(day("1986-04-12")));
    assert_eq!(birthday("1986-04-12"), Some(day("1986-04-12")));
    assert_eq!(birthday("--0412"), Some(day("1604-04-12")));
    assert_eq!(birthday("--04-12"), Some(day("1604-04-12")));
    assert_eq!(
        birthday("--0229"),
        Some(day("1604-02-29")),
        "a leap year keeps 29 February"
    );
    assert_eq!(
        birthday("1986-04-12T10:30:00Z"),
        Some(day("1986-04-12")),
        "the time is ignored"
    );
    assert_eq!(birthday("19860412T103000"), Some(day("1986-04-12")));
    for bad in [
        "1986",
        "--04",
        "1986-13-01",
        "1986-04-31",
        "12/04/1986",
        "circa 1980",
        "198604-12x",
        "",
    ] {
        assert_eq!(birthday(bad), None, "{bad} accepted");
    }
}

#[test]
fn bday_parameters_value_date_value_text_and_apple_omitted_year() {
    let b = |line: &str| card_birthday(&props(&card(&["VERSION:4.0", "FN:A", line])));
    assert_eq!(
        b("BDAY;VALUE=date:--0412").unwrap(),
        Some(day("1604-04-12"))
    );
    assert_eq!(b("BDAY;VALUE=text:circa 1980").unwrap(), None);
    assert_eq!(
        b("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12").unwrap(),
        Some(day("1604-04-12"))
    );
    assert_eq!(
        b("BDAY;X-APPLE-OMIT-YEAR=1900:1900-04-12").unwrap(),
        Some(day("1604-04-12"))
    );
    assert!(b("BDAY:someday")
        .unwrap_err()
        .contains("“someday” is not a date"));
}

#[test]
fn folded_lines_are_joined_and_begin_lines_numbered() {
    let text = "junk before\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n  Silva\r\nNOTE:END:VCARD is\r\n END:VCARD\r\nEND:VCARD\r\n\r\nbegin:vcard\nFN:Bob\nend:vcard\n";
    let cards = split_cards(text);
    assert_eq!(
        cards.iter().map(|c| (c.line, c.closed)).collect::<Vec<_>>(),
        [(2, true), (10, true)]
    );
    let first = props(&cards[0].text);
    assert_eq!(
        text_of(&first, "FN"),
        Some("Ana Silva"),
        "RFC folding drops the one leading space"
    );
    assert_eq!(text_of(&props(&cards[1].text), "FN"), Some("Bob"));
}

#[test]
fn a_begin_without_end_is_cut_off_at_the_next_begin() {
    let text =
        "BEGIN:VCARD\nFN:Cut\nBEGIN:VCARD\nFN:Whole\nORG:Acme\nEND:VCARD\nBEGIN:VCARD\nFN:Tail\n";
    let cards = split_cards(text);
    assert_eq!(
        cards.iter().map(|c| (c.line, c.closed)).collect::<Vec<_>>(),
        [(1, false), (3, true), (7, false)]
    );
    let skipped = read_card(&cards[0]).err().unwrap();
    assert_eq!((skipped.line, skipped.name.as_deref()), (1, Some("Cut")));
    assert!(
        skipped.reason.contains("no END:VCARD"),
        "{}",
        skipped.reason
    );
    assert!(read_card(&cards[1]).is_ok());
}

#[test]
fn a_3_0_card_as_apple_and_google_write_it() {
    let c = understood(&[
        "VERSION:3.0",
        "N:Silva;Ana;Maria;Dr.;",
        "FN:Ana Silva",
        "ORG:Acme Corp;Engineering",
        "TITLE:CTO",
        "item1.EMAIL;type=INTERNET;type=pref:ana@acme.com",
        "item1.X-ABLabel:_$!<Other>!$_",
        "TEL;type=HOME;type=VOICE:+1 555 0100",
        "TEL;type=CELL;type=VOICE;type=pref:+1 555 0199",
        "UID:abc-123",
    ])
    .unwrap();
    assert_eq!(c.org.as_str(), "Acme Corp");
    assert_eq!(c.contact.name.as_str(), "Ana Silva");
    assert_eq!(c.contact.role.as_deref(), Some("CTO"));
    assert_eq!(c.contact.email.as_deref(), Some("ana@acme.com"));
    assert_eq!(c.contact.phone.as_deref(), Some("+1 555 0199"));
    assert_eq!(c.contact.uid.as_deref(), Some("abc-123"));
    assert_eq!(c.birthday, None);
}

#[test]
fn a_4_0_card_with_quoted_types_pref_and_a_tel_uri() {
    let c = understood(&[
        "VERSION:4.0",
        "FN:Bob Stone",
        "ORG:Globex\\, Inc.",
        "ROLE:Decision maker",
        "TITLE:Head of IT",
        "EMAIL;TYPE=home:bob@home.example",
        "EMAIL;TYPE=work;PREF=1:bob@globex.com",
        "TEL;TYPE=home:+1 555 0100",
        "TEL;VALUE=uri;TYPE=\"voice,work\":tel:+1-555-555-5555;ext=55",
        "BDAY:19860412",
    ])
    .unwrap();
    assert_eq!(c.org.as_str(), "Globex, Inc.");
    assert_eq!(
        (c.contact.role.as_deref(), c.contact.authority.as_deref()),
        (Some("Head of IT"), Some("Decision maker"))
    );
    assert_eq!(c.contact.email.as_deref(), Some("bob@globex.com"));
    assert_eq!(c.contact.phone.as_deref(), Some("+1-555-555-5555 ext. 55"));
    assert_eq!(c.birthday, Some(day("1986-04-12")));
}

#[test]
fn phones_rank_cell_then_work_then_other_then_home_with_fax_last() {
    let pick = |lines: &[&str]| {
        let mut all = vec!["FN:A", "ORG:Acme"];
        all.extend_from_slice(lines);
        understood(&all).unwrap().contact.phone.unwrap()
    };
    assert_eq!(
        pick(&[
            "TEL;TYPE=fax:111 111",
            "TEL;TYPE=home:222 222",
            "TEL:333 333"
        ]),
        "333 333"
    );
    assert_eq!(
        pick(&[
            "TEL;TYPE=home:222 222",
            "TEL;TYPE=work:444 444",
            "TEL;TYPE=cell:555 555"
        ]),
        "555 555"
    );
    assert_eq!(
        pick(&["TEL;CELL:666 666", "TEL;TYPE=work:444 444"]),
        "666 666",
        "2.1's bare type"
    );
    assert_eq!(
        pick(&["TEL;TYPE=work:444 444", "TEL;TYPE=work;TYPE=pref:777 777"]),
        "777 777"
    );
}

#[test]
fn role_alone_is_the_role_and_n_names_a_card_without_fn() {
    let c = understood(&["N:Doe;John;Q.;;", "ORG:Acme", "ROLE:Sponsor"]).unwrap();
    assert_eq!(c.contact.name.as_str(), "John Q. Doe");
    assert_eq!(
        (c.contact.role.as_deref(), c.contact.authority),
        (Some("Sponsor"), None)
    );
}

#[test]
fn cards_that_cannot_be_taken_whole_say_why() {
    let reason = |lines: &[&str]| {
        let raw = RawCard {
            line: 1,
            text: card(lines),
            closed: true,
        };
        read_card(&raw).err().unwrap().reason
    };
    assert_eq!(
        reason(&["VERSION:3.0", "ORG:Acme"]),
        "it has no name (FN or N)"
    );
    assert_eq!(reason(&["FN:A", "ORG:;Sales"]), NO_ORG);
    assert_eq!(reason(&["FN:A"]), NO_ORG);
    assert!(reason(&["FN:A", "ORG:Acme", "EMAIL:ana@acme"]).contains("not an email address"));
    // A phone the form refuses is left out and reported; the contact is kept.
    let kept = understood(&["FN:A", "ORG:Acme", "TEL:call me"]).unwrap();
    assert_eq!(kept.contact.phone, None);
    assert!(
        kept.notes[0].contains("not a phone number"),
        "{:?}",
        kept.notes
    );
    let ext = understood(&[
        "FN:A",
        "ORG:Acme",
        "TEL;TYPE=work:x12",
        "TEL;TYPE=home:030 1234",
    ])
    .unwrap();
    assert_eq!(ext.contact.phone.as_deref(), Some("030 1234"));
    assert!(ext.notes.is_empty());
    assert!(reason(&["FN:A", "ORG:Acme", "this line has no colon"])
        .starts_with("the card is malformed"));
}

#[test]
fn windows_1252_and_utf16_files_decode_and_a_leftover_charset_does_not_garble() {
    let cp1252 = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;CHARSET=Windows-1252:B\xe4ckerei M\xfcller\r\nORG:Acme\r\nEND:VCARD\r\n";
    let text = decode(cp1252);
    assert!(text.contains("Bäckerei Müller"));
    let props = parse_props(&text).unwrap();
    assert_eq!(contact_name(&props).unwrap().as_str(), "Bäckerei Müller");
    let mut utf16 = vec![0xff, 0xfe];
    for u in "FN:Zoë".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    assert_eq!(decode(&utf16), "FN:Zoë");
}

#[test]
fn an_unfolded_base64_photo_does_not_break_the_card() {
    let c = understood(&[
        "FN:A",
        "ORG:Acme",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
        "AAAQABAAD/2wBDAAgGBgcGBQgHBwcJ",
        "CQgKDBQNDAsLDBkSEw8U",
        "EMAIL:a@acme.com",
    ])
    .unwrap();
    assert_eq!(c.contact.email.as_deref(), Some("a@acme.com"));
}

#[test]
fn quoted_printable_2_1_names_are_decoded() {
    let c = understood(&[
        "VERSION:2.1",
        "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Zo=C3=AB M=C3=BCller",
        "ORG:Acme",
    ])
    .unwrap();
    assert_eq!(c.contact.name.as_str(), "Zoë Müller");
}
