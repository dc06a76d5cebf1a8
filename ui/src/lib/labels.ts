// Display words for the core's enums (presentation only; the values come from Rust).
import type { ContactChannel, Priority } from "./bindings";

export const priorityLabels: Record<Priority, string> = {
  high: "High",
  normal: "Normal",
  low: "Low",
};

export const channelLabels: Record<ContactChannel, string> = {
  email: "Email",
  phone: "Phone",
  video: "Video call",
  in_person: "In person",
  message: "Message / chat",
};

// Relationship words (Today, the brief, the client card).
import type { BreachKind, DateKind, HealthLevel, InteractionKind } from "./bindings";

export const dateKindLabels: Record<DateKind, string> = {
  birthday: "Birthday",
  wedding: "Wedding",
  vacation: "Vacation",
  graduation: "Graduation",
  launch: "Launch",
  anniversary: "Anniversary",
  other: "Other",
};

export const interactionKindLabels: Record<InteractionKind, string> = {
  meeting: "Meeting",
  call: "Call",
  email: "Email",
  message: "Message",
  other: "Other",
};

export const breachKindLabels: Record<BreachKind, string> = {
  no_show: "No-show",
  late_payment: "Late payment",
  scope_creep: "Scope creep",
  other: "Other",
};

export const healthLabels: Record<HealthLevel, string> = {
  good: "Healthy",
  attention: "Needs attention",
  at_risk: "At risk",
};

// Calendar words.
import type { EventChannel, EventKind } from "./bindings";

export const eventKindLabels: Record<EventKind, string> = {
  meeting: "Meeting",
  deadline: "Deadline",
  time_block: "Time block",
  other: "Other",
};

export const eventChannelLabels: Record<EventChannel, string> = {
  call: "Call",
  video: "Video",
  in_person: "In person",
  email: "Email",
};

// Contract and money words.
import type { ContractAction, ContractState, InvoiceStatus, RateModel } from "./bindings";

export const contractStateLabels: Record<ContractState, string> = {
  draft: "Draft",
  sent: "Sent",
  signed_by_client: "Signed by client",
  signed_by_both: "Signed by both",
  active: "Active",
  completed: "Completed",
  terminated: "Terminated",
  withdrawn: "Withdrawn",
  declined: "Declined",
};

/** The lifecycle buttons. */
export const contractActionLabels: Record<ContractAction, string> = {
  send: "Mark as sent",
  client_signs: "Client signed",
  countersign: "Countersign",
  start: "Start work",
  complete: "Mark completed",
  terminate: "Terminate…",
  withdraw: "Withdraw…",
  decline: "Client declined…",
  reopen: "Reopen…",
};

/** Steps that end or undo rather than move the contract forward: never the main button. */
export const sideActions: ReadonlySet<ContractAction> = new Set([
  "terminate",
  "withdraw",
  "decline",
  "reopen",
]);

/** The lifecycle dialog's title and what its note means. */
export const contractActionPrompts: Record<ContractAction, { title: string; note: string; hint: string }> = {
  send: {
    title: "Send the contract",
    note: "Note",
    hint: "Optional: to whom, how (“emailed to Ana for signature”).",
  },
  client_signs: {
    title: "The client signed",
    note: "Who signed",
    hint: "Optional: who signed for the client.",
  },
  countersign: { title: "Countersign", note: "Note", hint: "Signed by both: the work becomes committed." },
  start: { title: "Start the work", note: "Note", hint: "Optional." },
  complete: { title: "Complete the contract", note: "Note", hint: "Optional: what was delivered." },
  terminate: {
    title: "Terminate the contract",
    note: "Reason",
    hint: "Required. Instalments not yet invoiced are cancelled.",
  },
  withdraw: {
    title: "Withdraw the offer",
    note: "Reason",
    hint: "Optional. The contract stays in your history as withdrawn.",
  },
  decline: {
    title: "The client declined",
    note: "Reason",
    hint: "Optional: what they said. The contract stays in your history as declined.",
  },
  reopen: {
    title: "Reopen the contract",
    note: "Why",
    hint: "Optional. It becomes active again and can take invoices and a schedule.",
  },
};

export const rateModelLabels: Record<RateModel, string> = {
  fixed: "Fixed price",
  hourly: "Hourly",
  retainer: "Retainer",
};

/** What the contract form calls the rate, per model. */
export const rateLabels: Record<RateModel, string> = {
  fixed: "Price",
  hourly: "Rate per hour",
  retainer: "Monthly fee",
};

export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
  open: "Open",
  overdue: "Overdue",
  paid: "Paid",
  overpaid: "Overpaid",
  void: "Void",
};
