//! The contract's life as a state machine. Only a contract signed by both parties is
//! committed work; before that it is tentative. Termination (with a date and a reason) is
//! possible at any point after the client signed; before that the user withdraws an offer
//! or records that the client declined it. A completed contract can be reopened (work
//! that turned out not to be finished).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::ContractError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContractState {
    Draft,
    Sent,
    SignedByClient,
    SignedByBoth,
    Active,
    Completed,
    Terminated,
    /// The user took the offer back before the client signed.
    Withdrawn,
    /// The client said no.
    Declined,
}

/// What the user does to a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContractAction {
    Send,
    ClientSigns,
    Countersign,
    Start,
    Complete,
    Terminate,
    Withdraw,
    Decline,
    Reopen,
}

impl ContractState {
    pub const ALL: [ContractState; 9] = [
        ContractState::Draft,
        ContractState::Sent,
        ContractState::SignedByClient,
        ContractState::SignedByBoth,
        ContractState::Active,
        ContractState::Completed,
        ContractState::Terminated,
        ContractState::Withdrawn,
        ContractState::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContractState::Draft => "draft",
            ContractState::Sent => "sent",
            ContractState::SignedByClient => "signed_by_client",
            ContractState::SignedByBoth => "signed_by_both",
            ContractState::Active => "active",
            ContractState::Completed => "completed",
            ContractState::Terminated => "terminated",
            ContractState::Withdrawn => "withdrawn",
            ContractState::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<ContractState> {
        ContractState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
    }

    /// Words for messages ("signed by the client").
    pub fn words(self) -> &'static str {
        match self {
            ContractState::Draft => "a draft",
            ContractState::Sent => "sent",
            ContractState::SignedByClient => "signed by the client",
            ContractState::SignedByBoth => "signed by both",
            ContractState::Active => "active",
            ContractState::Completed => "completed",
            ContractState::Terminated => "terminated",
            ContractState::Withdrawn => "withdrawn",
            ContractState::Declined => "declined by the client",
        }
    }

    /// Work the user has committed to: signed by both, or under way.
    pub fn committed(self) -> bool {
        matches!(self, ContractState::SignedByBoth | ContractState::Active)
    }

    /// Finished either way: no new schedule or invoices.
    pub fn closed(self) -> bool {
        matches!(
            self,
            ContractState::Completed
                | ContractState::Terminated
                | ContractState::Withdrawn
                | ContractState::Declined
        )
    }

    /// The actions allowed from here, in the order a contract usually goes.
    pub fn actions(self) -> Vec<ContractAction> {
        use ContractAction::*;
        [
            Send,
            ClientSigns,
            Countersign,
            Start,
            Complete,
            Reopen,
            Terminate,
            Decline,
            Withdraw,
        ]
        .into_iter()
        .filter(|a| self.after(*a).is_ok())
        .collect()
    }

    /// The state after `action`, or why it is not allowed.
    pub fn after(self, action: ContractAction) -> Result<ContractState, ContractError> {
        use ContractAction::*;
        use ContractState::*;
        match (self, action) {
            (Draft, Send) => Ok(Sent),
            (Sent, ClientSigns) => Ok(SignedByClient),
            (SignedByClient, Countersign) => Ok(SignedByBoth),
            (SignedByBoth, Start) => Ok(Active),
            (Active, Complete) => Ok(Completed),
            (SignedByClient | SignedByBoth | Active, Terminate) => Ok(Terminated),
            (Draft | Sent, Withdraw) => Ok(Withdrawn),
            (Sent, Decline) => Ok(Declined),
            (Completed, Reopen) => Ok(Active),
            (from, action) => Err(ContractError::IllegalTransition(
                from.words(),
                action.words(),
            )),
        }
    }
}

impl ContractAction {
    fn words(self) -> &'static str {
        match self {
            ContractAction::Send => "sent",
            ContractAction::ClientSigns => "signed by the client",
            ContractAction::Countersign => "countersigned",
            ContractAction::Start => "started",
            ContractAction::Complete => "completed",
            ContractAction::Terminate => "terminated",
            ContractAction::Withdraw => "withdrawn",
            ContractAction::Decline => "marked as declined",
            ContractAction::Reopen => "reopened",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContractAction::*;
    use ContractState::*;

    #[test]
    fn the_usual_path_goes_from_draft_to_completed() {
        let mut state = Draft;
        for action in [Send, ClientSigns, Countersign, Start, Complete] {
            state = state.after(action).unwrap();
        }
        assert_eq!(state, Completed);
    }

    #[test]
    fn every_transition_not_in_the_table_is_refused() {
        let legal = [
            (Draft, Send),
            (Sent, ClientSigns),
            (SignedByClient, Countersign),
            (SignedByBoth, Start),
            (Active, Complete),
            (SignedByClient, Terminate),
            (SignedByBoth, Terminate),
            (Active, Terminate),
            (Draft, Withdraw),
            (Sent, Withdraw),
            (Sent, Decline),
            (Completed, Reopen),
        ];
        let every = [
            Send,
            ClientSigns,
            Countersign,
            Start,
            Complete,
            Terminate,
            Withdraw,
            Decline,
            Reopen,
        ];
        for state in ContractState::ALL {
            for action in every {
                let result = state.after(action);
                assert_eq!(
                    result.is_ok(),
                    legal.contains(&(state, action)),
                    "{state:?} + {action:?}"
                );
                if let Err(e) = result {
                    assert!(matches!(e, ContractError::IllegalTransition(..)));
                }
            }
        }
        assert_eq!(
            Sent.after(Terminate).unwrap_err().to_string(),
            "A contract that is sent cannot be terminated."
        );
        assert!(Terminated.actions().is_empty());
        assert!(Withdrawn.actions().is_empty() && Declined.actions().is_empty());
        assert_eq!(Completed.actions(), [Reopen]);
        assert_eq!(Draft.actions(), [Send, Withdraw]);
        assert_eq!(Sent.actions(), [ClientSigns, Decline, Withdraw]);
    }

    #[test]
    fn only_signed_by_both_or_active_is_committed() {
        let committed: Vec<_> = ContractState::ALL
            .into_iter()
            .filter(|s| s.committed())
            .collect();
        assert_eq!(committed, [SignedByBoth, Active]);
    }

    #[test]
    fn withdrawn_and_declined_are_closed_and_read_back() {
        for s in [Withdrawn, Declined] {
            assert!(s.closed() && !s.committed());
            assert_eq!(ContractState::parse(s.as_str()), Some(s));
        }
    }
}
