//! Invoices as documents in the real app (issue 16): your details in Settings, the client's
//! billing address on the card, an invoice of 10.5 h at 80.00 EUR with 19 % VAT written
//! line by line with the total the core computes shown before issuing, its PDF saved (its
//! text read back with pdftotext) and the invoice marked sent.

use juggle::clients::{self, ClientInput};
use juggle::contracts::{self, ContractAction, ContractInput};
use juggle::Store;
use juggle_e2e::{text_of, Harness};

#[tokio::test(flavor = "multi_thread")]
async fn an_invoice_written_line_by_line_becomes_a_pdf_with_the_totals_shown() {
    let harness = Harness::start();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        juggle::settings::finish_first_run(&mut store).unwrap();
        let c = clients::add(&mut store, &ClientInput::named("Łódź Studio")).unwrap();
        let k = contracts::add_contract(
            &mut store,
            &ContractInput::fixed(c.id, "Brand book", "5000", "EUR"),
            chrono::Utc::now().date_naive(),
        )
        .unwrap();
        for a in [
            ContractAction::Send,
            ContractAction::ClientSigns,
            ContractAction::Countersign,
        ] {
            let today = chrono::Utc::now().date_naive().to_string();
            contracts::transition(&mut store, k.id, a, &today, "").unwrap();
        }
    }
    let app = harness.launch().await;

    // Settings → Invoices: who the invoices are from, and a pattern that is refused.
    app.click("[data-testid=nav-settings]").await;
    app.fill("[data-testid=business-name]", "Anna Nowak Design")
        .await;
    app.fill(
        "[data-testid=business-address]",
        "Hauptstraße 1\n10115 Berlin",
    )
    .await;
    app.fill("[data-testid=business-tax-id]", "DE123456789")
        .await;
    app.fill("[data-testid=invoice-pattern]", "INV-{year}")
        .await;
    app.click("[data-testid=invoice-settings-save]").await;
    let refused = text_of(&app.wait("[data-testid=invoice-pattern-error]").await).await;
    assert!(refused.contains("{seq}"), "{refused}");
    app.fill("[data-testid=invoice-pattern]", "INV-{year}-{seq:3}")
        .await;
    app.click("[data-testid=invoice-settings-save]").await;
    app.wait("[data-testid=invoice-settings-saved]").await;
    app.screenshot("settings-invoices").await;

    // The client's billing address, on its card.
    app.click("[data-testid=nav-clients]").await;
    app.click("[data-testid=client-item]").await;
    app.click("[data-testid=billing-edit]").await;
    app.fill(
        "[data-testid=billing-address]",
        "ul. Piotrkowska 1\n90-001 Łódź",
    )
    .await;
    app.click("[data-testid=billing-save]").await;
    app.wait("[data-testid=billing-text]").await;

    // The invoice: one line, VAT, the total shown by the core before issuing.
    app.click("[data-testid=nav-contracts]").await;
    app.click("[data-testid=contract-item]").await;
    app.click("[data-testid=invoice-new]").await;
    let year = chrono::Utc::now().date_naive().format("%Y").to_string();
    let number = format!("INV-{year}-001");
    app.wait(&format!("#invoice-number[placeholder='{number}']"))
        .await;
    app.fill("[data-testid=line-description]", "Design work")
        .await;
    app.fill("[data-testid=line-quantity]", "10.5").await;
    app.fill("[data-testid=line-price]", "80").await;
    app.fill("[data-testid=invoice-tax]", "19").await;
    app.find_by_text("[data-testid=invoice-preview-total]", "999.60")
        .await;
    app.screenshot("invoice-form").await;
    app.click("[data-testid=invoice-save]").await;
    app.wait_absent("dialog").await;
    app.wait(&format!(
        "[data-testid=invoice-row][data-number='{number}'][data-balance='99960']"
    ))
    .await;

    // Its PDF, saved into the data folder: the text says what the core computed.
    app.click("[data-testid=invoice-pdf]").await;
    app.wait("[data-testid=invoice-pdf-written]").await;
    let pdf = harness
        .data_dir()
        .join("invoices")
        .join(format!("Invoice {number}.pdf"));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed by the test command");
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "Anna Nowak Design",
        "DE123456789",
        "Łódź Studio",
        "ul. Piotrkowska 1",
        number.as_str(),
        "Design work",
        "Tax 19 % on 840.00",
        "999.60",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // Marked sent: the row says so, and the button is gone.
    app.click("[data-testid=invoice-mark-sent]").await;
    app.wait_absent("[data-testid=invoice-mark-sent]").await;
    app.screenshot("invoice-sent").await;
    app.quit().await;
}
