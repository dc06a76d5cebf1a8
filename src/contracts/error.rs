use crate::clients::ClientError;
use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("Enter a title.")]
    EmptyTitle,
    #[error("“{0}” is not an ISO 4217 currency code (EUR, USD, JPY…).")]
    UnknownCurrency(String),
    #[error("“{0}” is not an amount in {1}: type a number above zero with at most {2} decimals, like 1250.")]
    BadAmount(String, String, u16),
    #[error("That amount is too large.")]
    Overflow,
    #[error(transparent)]
    Field(#[from] crate::fields::FieldError),
    #[error("The end is before the start.")]
    EndBeforeStart,
    /// A value outside what the field takes; the message says what to type.
    #[error("{1}")]
    OutOfRange(&'static str, String),
    #[error("The due day is before the issue day.")]
    DueBeforeIssue,
    #[error("That is before the contract's last step ({0}): its history goes forward in time.")]
    BeforeLastStep(String),
    #[error("Invoice {0} is void: nothing about it can change.")]
    InvoiceVoided(String),
    #[error("Invoice {0} has payments: delete them first, or credit the invoice instead.")]
    VoidWithPayments(String),
    #[error("The credit can be at most what is still owed on the invoice, {0}.")]
    CreditTooLarge(String),
    #[error("The amount can't go below what was paid and credited, {0}.")]
    AmountBelowPaid(String),
    #[error("A payment can't be dated after today ({0}).")]
    PaymentInFuture(String),
    #[error("The schedule's days must follow each other: each instalment due on or after the one before.")]
    OutOfOrder(&'static str),
    #[error("No invoice is numbered “{0}”.")]
    NoSuchInvoice(String),
    #[error("Give a reason: it stays in the invoice's history.")]
    NoReason,
    #[error("A contract that is {0} cannot be {1}.")]
    IllegalTransition(&'static str, &'static str),
    #[error("Give a reason for terminating the contract.")]
    NoTerminationReason,
    #[error(
        "The schedule's shares must be positive and add up to something; check the percentages."
    )]
    BadShares,
    #[error(
        "This contract has no total to schedule: set its price, rate and hours, or fee and dates."
    )]
    NoTotal,
    #[error("The schedule can't change once invoices were issued against it.")]
    ScheduleInvoiced,
    #[error("A contract that is {0} takes no new schedule or invoices.")]
    Closed(&'static str),
    #[error("Invoice number “{0}” is already used.")]
    DuplicateInvoiceNumber(String),
    #[error("That instalment belongs to another contract or is cancelled.")]
    BadInstalment,
    #[error("No {0} with id {1}.")]
    NotFound(&'static str, i64),
    #[error("Could not write {0}: {1}")]
    Unwritable(String, String),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ContractError {
    fn from(e: rusqlite::Error) -> Self {
        ContractError::Store(e.into())
    }
}

impl Coded for ContractError {
    fn code(&self) -> &'static str {
        use ContractError::*;
        match self {
            EmptyTitle => "contract.empty_title",
            UnknownCurrency(_) => "money.unknown_currency",
            BadAmount(..) => "money.bad_amount",
            Overflow => "money.overflow",
            Field(e) => e.code(crate::fields::Area::Contract),
            EndBeforeStart => "contract.end_before_start",
            OutOfRange(..) => "contract.out_of_range",
            DueBeforeIssue => "invoice.due_before_issue",
            BeforeLastStep(_) => "contract.out_of_order",
            InvoiceVoided(_) => "invoice.voided",
            VoidWithPayments(_) => "invoice.has_payments",
            CreditTooLarge(_) => "invoice.credit_too_large",
            AmountBelowPaid(_) => "invoice.below_paid",
            PaymentInFuture(_) => "payment.in_future",
            NoSuchInvoice(_) => "invoice.not_found",
            OutOfOrder(_) => "schedule.out_of_order",
            NoReason => "invoice.no_reason",
            IllegalTransition(..) => "contract.illegal_transition",
            NoTerminationReason => "contract.no_termination_reason",
            BadShares => "schedule.bad_shares",
            NoTotal => "schedule.no_total",
            ScheduleInvoiced => "schedule.invoiced",
            Closed(_) => "contract.closed",
            DuplicateInvoiceNumber(_) => "invoice.duplicate_number",
            BadInstalment => "invoice.bad_instalment",
            NotFound(..) => "contract.not_found",
            Unwritable(..) => "export.unwritable",
            Client(e) => e.code(),
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use ContractError::*;
        match self {
            EmptyTitle => Some("title"),
            UnknownCurrency(_) => Some("currency"),
            BadAmount(..) | Overflow => Some("amount"),
            Field(e) => Some(e.field),
            EndBeforeStart => Some("end_day"),
            OutOfRange(field, _) => Some(field),
            DueBeforeIssue => Some("due_day"),
            BeforeLastStep(_) | PaymentInFuture(_) => Some("day"),
            CreditTooLarge(_) | AmountBelowPaid(_) => Some("amount"),
            NoSuchInvoice(_) => Some("number"),
            OutOfOrder(field) => Some(field),
            NoReason => Some("reason"),
            NoTerminationReason => Some("reason"),
            BadShares => Some("shares"),
            DuplicateInvoiceNumber(_) => Some("number"),
            BadInstalment => Some("instalment_id"),
            Client(e) => e.field(),
            _ => None,
        }
    }
}
