// Between the form's inputs and the core's strings (display formatting is lib/format.ts).
// Presentation only: every rule about times, zones and recurrence lives in the Rust core.

/** A Date as the local calendar day `YYYY-MM-DD`. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A Date as local `HH:MM`. */
export function localTime(d: Date): string {
  return d.toTimeString().slice(0, 5);
}

/** The day after `YYYY-MM-DD` (the widget wants all-day ends exclusive). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return localDay(new Date(y, m - 1, d + 1));
}

/** The day before a Date (its exclusive end → the last day shown). */
export function dayBefore(d: Date): string {
  return localDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1));
}

/** `2027-03-30T09:00:00+02:00` → `["2027-03-30", "09:00"]`: the wall time as stored. */
export function wallParts(rfc3339: string): [string, string] {
  return [rfc3339.slice(0, 10), rfc3339.slice(11, 16)];
}
