//! Invoices as documents (issue 16) on a real data file: an instalment billed with tax, an
//! invoice from before lines existed read as one line, the day it was sent, and a long
//! invoice's PDF running over pages with every line in its text.

use chrono::NaiveDate;
use juggle::clients::{self, ClientInput};
use juggle::contracts::{
    self, ContractAction, ContractId, ContractInput, InvoiceInput, ScheduleInput,
};
use juggle::invoicing::{self, DraftInput, LineInput};
use juggle::{Coded, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A signed €12,000.00 job for Acme, billed as a 30 % deposit and the balance.
fn book(dir: &std::path::Path) -> (Store, ContractId) {
    let mut store = Store::open_dir(dir).unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    clients::set_billing_address(&mut store, acme.id, "1 Main Street\nSpringfield").unwrap();
    let c = contracts::add_contract(
        &mut store,
        &ContractInput::fixed(acme.id, "Website", "12000", "EUR"),
        d("2026-09-20"),
    )
    .unwrap();
    for action in [
        ContractAction::Send,
        ContractAction::ClientSigns,
        ContractAction::Countersign,
    ] {
        contracts::transition(&mut store, c.id, action, "2026-10-01", "").unwrap();
    }
    contracts::set_schedule(
        &mut store,
        c.id,
        &ScheduleInput::DepositBalance {
            deposit_percent: "30".into(),
            deposit_due: "2026-10-01".into(),
            balance_due: "2027-01-15".into(),
        },
    )
    .unwrap();
    (store, c.id)
}

fn draft(contract: ContractId) -> DraftInput {
    DraftInput {
        contract_id: contract,
        number: String::new(),
        issue_day: "2026-10-01".into(),
        due_day: String::new(),
        instalment_id: None,
        lines: Vec::new(),
        tax_percent: String::new(),
        from_time: false,
    }
}

#[test]
fn an_instalment_billed_with_tax_owes_its_amount_plus_tax_and_is_not_over_invoiced() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, c) = book(dir.path());
    let detail = contracts::detail(&store, c, d("2026-12-01")).unwrap();
    let (deposit, balance) = (detail.instalments[0].id, detail.instalments[1].id);
    for (instalment, day) in [(deposit, "2026-10-01"), (balance, "2026-11-01")] {
        let v = invoicing::create(
            &mut store,
            &DraftInput {
                instalment_id: Some(instalment),
                tax_percent: "19".into(),
                issue_day: day.into(),
                ..draft(c)
            },
            d("2026-12-01"),
        )
        .unwrap();
        assert_eq!(v.total_minor, v.invoice.amount_minor);
        assert_eq!(v.invoice.amount_minor, v.invoice.net_minor + v.tax_minor);
    }
    let detail = contracts::detail(&store, c, d("2026-12-01")).unwrap();
    let owed: Vec<i64> = detail.invoices.iter().map(|i| i.amount_minor).collect();
    assert_eq!(owed, [428_400, 999_600], "360000 and 840000 plus 19 %");
    assert_eq!(detail.invoices[0].number, "2026-001");
    assert_eq!(detail.invoices[1].number, "2026-002");
    assert_eq!(
        detail.totals.over_invoiced_minor, 0,
        "the tax on top is not invoicing beyond the contract"
    );
    // The same instalment twice is refused, and nothing is written.
    let again = invoicing::create(
        &mut store,
        &DraftInput {
            instalment_id: Some(deposit),
            number: "2026-002".into(),
            ..draft(c)
        },
        d("2026-12-01"),
    )
    .unwrap_err();
    assert_eq!(again.code(), "invoice.duplicate_number");
    assert_eq!(
        contracts::list_invoices(&store, d("2026-12-01"))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn an_invoice_issued_for_an_amount_reads_as_one_line_and_can_be_marked_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, c) = book(dir.path());
    let v = contracts::add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c,
            instalment_id: None,
            number: "A-7".into(),
            issue_day: "2026-11-01".into(),
            due_day: String::new(),
            amount: "1500".into(),
        },
    )
    .unwrap();
    let doc = invoicing::document(&store, v.id, d("2026-12-01")).unwrap();
    assert_eq!(doc.invoice.lines.len(), 1);
    assert_eq!(doc.invoice.lines[0].description, "Website");
    assert_eq!(doc.invoice.lines[0].net_minor, 150_000);
    assert_eq!(
        (doc.invoice.tax_minor, doc.invoice.total_minor),
        (0, 150_000)
    );
    assert_eq!(doc.buyer.address, "1 Main Street\nSpringfield");

    let early = invoicing::mark_sent(&mut store, v.id, d("2026-10-31")).unwrap_err();
    assert_eq!(early.field(), Some("day"));
    let sent = invoicing::mark_sent(&mut store, v.id, d("2026-11-02")).unwrap();
    assert_eq!(sent.sent_on, Some(d("2026-11-02")));
}

#[test]
fn a_long_invoice_runs_over_pages_with_every_line_in_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, c) = book(dir.path());
    let lines: Vec<LineInput> = (1..=70)
        .map(|i| LineInput {
            description: format!("Item {i:02}: a description long enough to wrap onto a second line of the table, as real ones do"),
            quantity: "1".into(),
            unit: "pc".into(),
            unit_price: "10".into(),
            tax_percent: if i % 2 == 0 { "19".into() } else { "7".into() },
        })
        .collect();
    let v = invoicing::create(
        &mut store,
        &DraftInput { lines, ..draft(c) },
        d("2026-12-01"),
    )
    .unwrap();
    assert_eq!(v.tax_groups.len(), 2);
    let path = dir.path().join("long.pdf");
    let doc = invoicing::document(&store, v.invoice.id, d("2026-12-01")).unwrap();
    invoicing::write_pdf(&doc, &path).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .unwrap();
    let pages: usize = String::from_utf8(info.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 3, "{pages} pages");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for i in 1..=70 {
        assert!(text.contains(&format!("Item {i:02}:")), "item {i} missing");
    }
    assert!(
        text.contains("Tax 7 % on 350.00") && text.contains("24.50"),
        "{text}"
    );
    assert!(text.contains("Tax 19 % on 350.00") && text.contains("66.50"));
    assert!(text.contains("791.00"), "the total: 700 + 24.50 + 66.50");
    assert!(text.contains(&format!("Invoice 2026-001 · page {pages}")));
}

#[test]
fn an_empty_draft_previews_its_number_and_nothing_owed_but_is_not_issued() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, c) = book(dir.path());
    let preview = invoicing::preview(&store, &draft(c), d("2026-12-01")).unwrap();
    assert!(preview.lines.is_empty());
    assert_eq!(preview.totals.total_minor, 0);
    assert!(
        !preview.number.is_empty(),
        "the form shows the number to come"
    );
    let refused = invoicing::create(&mut store, &draft(c), d("2026-12-01")).unwrap_err();
    assert_eq!(refused.field(), Some("lines"));
    assert!(contracts::list_invoices(&store, d("2026-12-01"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_logo_is_kept_in_the_book_and_drawn_on_the_pdf_and_what_is_not_an_image_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, c) = book(dir.path());
    let png = std::fs::read("tests/fixtures/logo.png").unwrap();
    // Not an image, and too large, are refused; nothing is kept.
    for bad in [
        b"GIF89a not a logo".to_vec(),
        {
            let mut big = png.clone();
            big.resize(invoicing::logo::MAX_BYTES + 1, 0);
            big
        },
        b"\x89PNG\r\n\x1a\nbroken".to_vec(),
    ] {
        let e = invoicing::logo::set(&mut store, &bad).unwrap_err();
        assert_eq!(juggle::Coded::field(&e), Some("logo"), "{e}");
    }
    assert!(!invoicing::business(&store).unwrap().has_logo);

    invoicing::logo::set(&mut store, &png).unwrap();
    assert!(invoicing::business(&store).unwrap().has_logo);
    let v = invoicing::create(
        &mut store,
        &DraftInput {
            lines: vec![LineInput {
                description: "Design".into(),
                quantity: "1".into(),
                unit: String::new(),
                unit_price: "100".into(),
                tax_percent: String::new(),
            }],
            ..draft(c)
        },
        d("2026-12-01"),
    )
    .unwrap();
    let doc = invoicing::document(&store, v.invoice.id, d("2026-12-01")).unwrap();
    // The images in a PDF as poppler lists them (one line each after a two-line header).
    let images = |pdf: &[u8], name: &str| -> Vec<String> {
        let path = dir.path().join(name);
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdfimages")
            .args(["-list", path.to_str().unwrap()])
            .output()
            .expect("pdfimages (poppler-utils) is installed by the test command");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip(2)
            .map(str::to_owned)
            .collect()
    };
    let listed = images(&invoicing::render(&doc).unwrap(), "logo.pdf");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let columns: Vec<&str> = listed[0].split_whitespace().collect();
    assert_eq!(
        (columns[3], columns[4]),
        ("60", "20"),
        "the 60 × 20 logo: {listed:?}"
    );

    invoicing::logo::clear(&mut store).unwrap();
    let doc = invoicing::document(&store, v.invoice.id, d("2026-12-01")).unwrap();
    assert!(images(&invoicing::render(&doc).unwrap(), "none.pdf").is_empty());
}
