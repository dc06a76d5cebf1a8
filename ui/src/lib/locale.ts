// The locale every formatter uses (days, times, money). The system's, except that a
// machine running with LANG=C gets ICU's POSIX variant ("en-US-u-va-posix"), which writes
// "€ 4500.00" without grouping and is nobody's choice: that one reads as plain en-US.

/** A locale as Intl resolves it, the POSIX variant dropped. */
export function settle(resolved: string): string {
  return resolved.replace(/-u-va-posix$/i, "");
}

/** The locale for display: the system's, settled. */
export const LOCALE: string = settle(new Intl.NumberFormat().resolvedOptions().locale);
