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
