// The one way the UI writes days, times and counts. Every screen formats through here, so a
// day reads the same everywhere ("Oct 22, 2026" in en-US, "22 Oct 2026" in en-GB), the year
// shows whenever it is not this one, and times follow the locale's clock (12 or 24 h).
// The core hands days as `YYYY-MM-DD` and instants as RFC 3339; it never formats for display:
// inside its sentences a day is a marker (`{date:2026-10-22}`, `{weekday:2027-01-11}`) that
// `prose` renders here, in the same style as every other day on screen.

import { LOCALE } from "./locale";

let locale: string = LOCALE;
let now = () => new Date();

/** For tests: a fixed locale and today (the app uses the system's). */
export function setFormatting(options: { locale?: string; today?: Date }): void {
  locale = options.locale ?? LOCALE;
  const fixed = options.today;
  now = fixed ? () => fixed : () => new Date();
  cache.clear();
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** `YYYY-MM-DD` (or the day of an RFC 3339 instant) as that local calendar day. */
export function asDate(day: string): Date {
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  return new Date(y, m - 1, d);
}

const thisYear = (d: Date) => d.getFullYear() === now().getFullYear();

/** "Oct 22, 2026": a day in a sentence or a table, always with its year. */
export function formatDay(day: string): string {
  return fmt({ day: "numeric", month: "short", year: "numeric" }).format(asDate(day));
}

/** "Oct 22", or "Oct 22, 2027" when not this year: days in lists and charts. */
export function formatDayShort(day: string): string {
  const d = asDate(day);
  return fmt(
    thisYear(d) ? { day: "numeric", month: "short" } : { day: "numeric", month: "short", year: "numeric" },
  ).format(d);
}

/** "Oct 22" without a year, for chart axes where the full day is in the tooltip. */
export function formatAxisDay(day: string): string {
  return fmt({ day: "numeric", month: "short" }).format(asDate(day));
}

/** "Wed": a column of a week. */
export function formatWeekdayOnly(day: string): string {
  return fmt({ weekday: "short" }).format(asDate(day));
}

/** "Wed, Oct 22" (the year added when not this one): a day someone plans by. */
export function formatWeekday(day: string): string {
  const d = asDate(day);
  return fmt(
    thisYear(d)
      ? { weekday: "short", day: "numeric", month: "short" }
      : { weekday: "short", day: "numeric", month: "short", year: "numeric" },
  ).format(d);
}

/** "Wednesday, October 22" (the year added when not this one): a heading. */
export function formatWeekdayLong(day: string): string {
  const d = asDate(day);
  return fmt(
    thisYear(d)
      ? { weekday: "long", day: "numeric", month: "long" }
      : { weekday: "long", day: "numeric", month: "long", year: "numeric" },
  ).format(d);
}

/** A 24-hour clock writes "09:05", a 12-hour one "9:05 AM". */
const hour = (): "numeric" | "2-digit" =>
  fmt({ hour: "numeric" }).resolvedOptions().hour12 ? "numeric" : "2-digit";

/** "9:00 AM" or "09:00" by the locale's clock: the local time of an instant. */
export function formatTime(instant: string | Date): string {
  return fmt({ hour: hour(), minute: "2-digit" }).format(new Date(instant));
}

/** "Oct 22, 2026, 9:00 AM": an instant on record (a backup, a saved version). */
export function formatDateTime(instant: string | Date): string {
  return fmt({ day: "numeric", month: "short", year: "numeric", hour: hour(), minute: "2-digit" }).format(
    new Date(instant),
  );
}

/** "Wed, Oct 22, 9:00 AM", or the day alone for an all-day item. */
export function formatWhen(start: string, allDay: boolean): string {
  const day = formatWeekday(start);
  return allDay ? day : `${day}, ${formatTime(start)}`;
}

/** "1 day", "3 days"; `many` for irregular plurals. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "today", "tomorrow", "in 3 days", "2 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${count(days, "day")}` : `${count(-days, "day")} ago`;
}

const MARKER = /\{(date|weekday):(\d{4}-\d{2}-\d{2})\}/g;

/** A sentence the core wrote, its day markers rendered: "last contact {date:2026-10-22}"
 *  reads "last contact Oct 22, 2026"; `{weekday:…}` (a day to deliver by) reads
 *  "Monday, January 11". Anything else in braces is left as typed. */
export function prose(text: string): string {
  return text.replace(MARKER, (whole, style: string, day: string) => {
    const d = asDate(day);
    // "2027-13-01" would roll over into another day: left as the core wrote it.
    if (d.getMonth() + 1 !== Number(day.slice(5, 7)) || d.getDate() !== Number(day.slice(8))) return whole;
    return style === "weekday" ? formatWeekdayLong(day) : formatDay(day);
  });
}
