// Hours as the user reads and types them. Presentation only: the core counts in minutes
// and parses what is typed ("6", "1.5", "7:30").
import type { TaskStatus, Verdict } from "./bindings";

/** A number of hours without trailing zeros: 1.5, 8, 0.25. */
export function hoursNumber(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return "–";
  return String(Math.round(hours * 100) / 100);
}

/** Hours to one decimal, for big words (36.53 → "36.5"). */
export function roundHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return "–";
  return String(Math.round(hours * 10) / 10);
}

/** Minutes as "1.5 h". */
export function hoursText(minutes: number): string {
  return `${hoursNumber(minutes / 60)} h`;
}

/** Minutes as an input's text ("1.5"), blank for none. */
export function hoursInput(minutes: number | null | undefined): string {
  return minutes ? hoursNumber(minutes / 60) : minutes === 0 ? "0" : "";
}

export const taskStatusLabels: Record<TaskStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  waiting: "Waiting",
  done: "Done",
};

/** The verdict in words, with its hours: "Fits", "Needs 4 h overtime", "Does not fit — short by 12 h".
 *  Each says exactly one of "Fits", "overtime", "Does not fit" (tests and screen readers tell them apart). */
export function verdictText(verdict: Verdict, overtime: number | null, short: number | null): string {
  if (verdict === "fits") return "Fits";
  if (verdict === "fits_with_overtime") return `Needs ${roundHours(overtime)} h overtime`;
  return `Does not fit — short by ${roundHours(short)} h`;
}
