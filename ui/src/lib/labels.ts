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

/** Kept for the Today screen and the brief; the same words as `healthLabels`. */
export const healthLevelLabels = healthLabels;

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
