// Money as the core sends it: integer minor units plus an ISO 4217 code. Presentation only,
// and no floating point anywhere: the decimal text is built from the integer's digits with
// string operations, and Intl formats that text exactly (it accepts a numeric string).
import { call, commands } from "./api";
import type { CurrencyInfo, Money } from "./bindings";
import { LOCALE } from "./locale";

/**
 * Minor-unit exponents from the core's ISO 4217 table (`currencies` command), loaded once at
 * start by `loadCurrencies`. CLDR's display digits, which Intl uses, differ for some codes
 * (HUF, IDR…): trusting Intl would show 10.00 HUF, stored as 1000 minor units, as "HUF 1,000".
 */
const isoExponent = new Map<string, number>();

/** Fetches the core's currency table; call before showing money. */
export async function loadCurrencies(): Promise<CurrencyInfo[]> {
  const all = await call(commands.currencies());
  for (const c of all) isoExponent.set(c.code, c.exponent);
  formatters.clear();
  return all;
}

// Intl's typings (ES2022 lib) take numbers only; the engine takes numeric strings exactly.
type StringFormatter = { format(value: string): string };

const formatters = new Map<string, StringFormatter | null>();

function code(currency: string): string {
  return currency.trim().toUpperCase();
}

/** The currency's formatter, or null for a code Intl does not know. */
function formatter(currency: string): StringFormatter | null {
  const c = code(currency);
  if (!formatters.has(c)) {
    let f: StringFormatter | null;
    try {
      const digits = exponentOf(c);
      f = new Intl.NumberFormat(LOCALE, {
        style: "currency",
        currency: c,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }) as unknown as StringFormatter;
    } catch {
      f = null;
    }
    formatters.set(c, f);
  }
  return formatters.get(c) ?? null;
}

/** Decimal places of the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function exponentOf(currency: string): number {
  const c = code(currency);
  const iso = isoExponent.get(c);
  if (iso !== undefined) return iso;
  try {
    return (
      new Intl.NumberFormat(LOCALE, { style: "currency", currency: c }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** The integer's digits without sign, exact for any integer the core can send. */
function digitsOf(minor: number): string {
  const s = Number.isSafeInteger(minor) ? String(minor) : BigInt(minor).toString();
  return s.startsWith("-") ? s.slice(1) : s;
}

/** Minor units as plain decimal text ("1234.50", "-0.05", "1500" for JPY), for inputs. */
export function toDecimalText(minor: number, currency: string): string {
  const exp = exponentOf(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = digitsOf(minor);
  if (exp === 0) return sign + digits;
  const padded = digits.padStart(exp + 1, "0");
  return `${sign}${padded.slice(0, -exp)}.${padded.slice(-exp)}`;
}

/** Minor units in the user's locale ("1.234,50 €", "$1,234.50", "¥1,500"). */
export function formatMoney(minor: number, currency: string): string {
  const text = toDecimalText(minor, currency);
  const f = formatter(currency);
  return f ? f.format(text) : `${text} ${code(currency)}`;
}

/** Several currencies' amounts, never added together: "1.200,00 € · $300.00". */
export function formatMonies(list: Money[]): string {
  return list.map((m) => formatMoney(m.minor, m.currency)).join(" · ");
}

/** "€4,500.00 per hour": a contract's rate as its model reads. */
export function rateText(c: { rate_minor: number; currency: string; rate_model: string }): string {
  const rate = formatMoney(c.rate_minor, c.currency);
  if (c.rate_model === "hourly") return `${rate} per hour`;
  if (c.rate_model === "retainer") return `${rate} per month`;
  return rate;
}
