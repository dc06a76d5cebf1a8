//! The accountant's CSV (`export.rs`): invoices and payments in their currency, cells
//! made safe for spreadsheets.

use super::*;

#[test]
fn the_csv_lists_invoices_and_their_payments_in_their_currency() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let inv = add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: None,
            number: "7".into(),
            issue_day: "2027-01-04".into(),
            due_day: "2027-01-31".into(),
            amount: "1,500".into(),
        },
    )
    .unwrap();
    add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: inv.id,
            day: "2027-01-20".into(),
            amount: "500".into(),
            method: "card".into(),
            note: "first part".into(),
        },
        chrono::NaiveDate::MAX,
    )
    .unwrap();
    let csv = export_csv(&store, d("2027-02-01")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "record,date,client,contract,invoice,amount,currency,due_date,balance,status,method,note"
    );
    assert_eq!(
        lines[1],
        "invoice,2027-01-04,Acme,Website redesign,7,1500.00,EUR,2027-01-31,1000.00,overdue,,"
    );
    assert_eq!(
        lines[2],
        "payment,2027-01-20,Acme,Website redesign,7,500.00,EUR,,,,card,first part"
    );
}

#[test]
fn the_accountants_csv_neutralises_formulas_and_keeps_amounts_numbers() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let inv = add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: None,
            number: "=1+2".into(),
            issue_day: "2027-01-04".into(),
            due_day: "2027-01-31".into(),
            amount: "100".into(),
        },
    )
    .unwrap();
    add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: inv.id,
            day: "2027-01-20".into(),
            amount: "150".into(),
            method: "@card".into(),
            note: "=HYPERLINK(\"http://evil\")".into(),
        },
        chrono::NaiveDate::MAX,
    )
    .unwrap();
    let csv = export_csv(&store, d("2027-02-01")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    // The amounts stay plain numbers (negative ones too: src/export.rs).
    assert!(
        lines[1].contains(",'=1+2,100.00,EUR,2027-01-31,0.00,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with(",'@card,\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{}",
        lines[2]
    );
}
