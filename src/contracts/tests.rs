use super::*;
use crate::clients::{self, ClientInput};
use crate::Store;

pub(crate) fn input(client: ClientId) -> ContractInput {
    ContractInput {
        client_id: client,
        title: "Website redesign".into(),
        scope: "Five pages".into(),
        rate_model: RateModel::Fixed,
        currency: "EUR".into(),
        rate: "4500.00".into(),
        estimated_hours: "60".into(),
        start_day: "2027-01-04".into(),
        end_day: "2027-02-26".into(),
        payment_terms_days: "14".into(),
        ip_terms: String::new(),
        notice_days: "14".into(),
        termination_text: String::new(),
        contingency: String::new(),
        deliverables: vec![DeliverableInput {
            title: "Wireframes".into(),
            due: "2027-01-15".into(),
            done: false,
        }],
    }
}

#[test]
fn a_contract_goes_through_its_lifecycle_with_history() {
    let mut store = Store::open_in_memory().unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let today: NaiveDate = "2026-12-01".parse().unwrap();
    let c = add_contract(&mut store, &input(acme.id), today).unwrap();
    assert_eq!(
        (c.state, c.committed, c.total_minor),
        (ContractState::Draft, false, Some(450_000))
    );
    assert_eq!(c.actions, [ContractAction::Send, ContractAction::Withdraw]);
    transition(&mut store, c.id, ContractAction::Send, "2026-12-02", "").unwrap();
    transition(
        &mut store,
        c.id,
        ContractAction::ClientSigns,
        "2026-12-05",
        "",
    )
    .unwrap();
    let signed = transition(
        &mut store,
        c.id,
        ContractAction::Countersign,
        "2026-12-06",
        "",
    )
    .unwrap();
    assert!(signed.committed);
    let err = transition(&mut store, c.id, ContractAction::Send, "2026-12-07", "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "A contract that is signed by both cannot be sent."
    );
    assert!(matches!(
        transition(
            &mut store,
            c.id,
            ContractAction::Terminate,
            "2026-12-07",
            " "
        ),
        Err(ContractError::NoTerminationReason)
    ));
    let ended = transition(
        &mut store,
        c.id,
        ContractAction::Terminate,
        "2026-12-07",
        "Budget cut",
    )
    .unwrap();
    assert_eq!(
        (
            ended.state,
            ended.terminated_on.as_deref(),
            ended.termination_reason.as_deref()
        ),
        (
            ContractState::Terminated,
            Some("2026-12-07"),
            Some("Budget cut")
        )
    );
    let history = detail(&store, c.id, today).unwrap().history;
    let states: Vec<_> = history
        .iter()
        .map(|h| (h.state, h.day.to_string()))
        .collect();
    assert_eq!(
        states,
        [
            (ContractState::Draft, "2026-12-01".to_string()),
            (ContractState::Sent, "2026-12-02".to_string()),
            (ContractState::SignedByClient, "2026-12-05".to_string()),
            (ContractState::SignedByBoth, "2026-12-06".to_string()),
            (ContractState::Terminated, "2026-12-07".to_string()),
        ]
    );
    assert!(matches!(
        update_contract(&mut store, c.id, &input(acme.id)),
        Err(ContractError::Closed(_))
    ));
}

#[test]
fn numbers_typed_in_the_form_are_refused_on_their_field() {
    use crate::Coded;
    let mut store = Store::open_in_memory().unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let today: NaiveDate = "2026-12-01".parse().unwrap();
    // How to type the value, the value, the field refused and its code.
    type Case = (
        fn(&mut ContractInput, &str),
        &'static str,
        &'static str,
        &'static str,
    );
    let cases: [Case; 7] = [
        (
            |i, v| i.estimated_hours = v.into(),
            "1.5",
            "estimated_hours",
            "contract.not_whole",
        ),
        (
            |i, v| i.estimated_hours = v.into(),
            "abc",
            "estimated_hours",
            "contract.not_whole",
        ),
        (
            |i, v| i.payment_terms_days = v.into(),
            "-14",
            "payment_terms_days",
            "contract.not_whole",
        ),
        (
            |i, v| i.payment_terms_days = v.into(),
            " ",
            "payment_terms_days",
            "contract.missing",
        ),
        (
            |i, v| i.payment_terms_days = v.into(),
            "366",
            "payment_terms_days",
            "contract.out_of_range",
        ),
        (
            |i, v| i.notice_days = v.into(),
            "30 days",
            "notice_days",
            "contract.not_whole",
        ),
        (
            |i, v| i.notice_days = v.into(),
            "2.0",
            "notice_days",
            "contract.not_whole",
        ),
    ];
    for (set, value, field, code) in cases {
        let mut typed = input(acme.id);
        set(&mut typed, value);
        let e = add_contract(&mut store, &typed, today).unwrap_err();
        assert_eq!((e.field(), e.code()), (Some(field), code), "{value}");
    }
    assert!(
        list_contracts(&store, None).unwrap().is_empty(),
        "nothing written"
    );
    // Blank optional numbers are none; the terms' default is 30 days when not sent.
    let mut blank = input(acme.id);
    (blank.estimated_hours, blank.notice_days) = (" ".into(), String::new());
    let c = add_contract(&mut store, &blank, today).unwrap();
    assert_eq!((c.estimated_hours, c.notice_days), (None, None));
    let sent: ContractInput = serde_json::from_value(serde_json::json!({
        "client_id": acme.id, "title": "T", "rate_model": "fixed", "currency": "EUR",
        "rate": "10", "estimated_hours": " 12 "
    }))
    .unwrap();
    let c = add_contract(&mut store, &sent, today).unwrap();
    assert_eq!((c.estimated_hours, c.payment_terms_days), (Some(12), 30));
}

#[test]
fn totals_follow_the_rate_model() {
    assert_eq!(
        total_of(RateModel::Hourly, 9_000, Some(10), None, None),
        Some(90_000)
    );
    assert_eq!(total_of(RateModel::Hourly, 9_000, None, None, None), None);
    assert_eq!(
        total_of(
            RateModel::Retainer,
            200_000,
            None,
            "2027-01-15".parse().ok(),
            "2027-06-14".parse().ok()
        ),
        Some(1_200_000)
    );
    assert_eq!(
        total_of(RateModel::Fixed, i64::MAX, None, None, None),
        Some(i64::MAX)
    );
    assert_eq!(
        total_of(RateModel::Hourly, i64::MAX, Some(2), None, None),
        None,
        "overflow gives no total"
    );
    assert_eq!(
        retainer_months("2026-11-30".parse().unwrap(), "2027-02-01".parse().unwrap()),
        [(2026, 11), (2026, 12), (2027, 1), (2027, 2)]
    );
}
