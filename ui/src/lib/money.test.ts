// The exact-decimal money code: minor units in, text out, never through a float.
import { describe, expect, it } from "vitest";
import { exponentOf, formatMoney, toDecimalText } from "./money";

describe("toDecimalText", () => {
  it("places the point by the currency's minor unit", () => {
    expect(toDecimalText(123450, "EUR")).toBe("1234.50");
    expect(toDecimalText(1500, "JPY")).toBe("1500");
    expect(toDecimalText(1234, "KWD")).toBe("1.234");
  });

  it("pads amounts smaller than one unit and keeps the sign", () => {
    expect(toDecimalText(5, "EUR")).toBe("0.05");
    expect(toDecimalText(-5, "EUR")).toBe("-0.05");
    expect(toDecimalText(0, "EUR")).toBe("0.00");
  });

  it("writes every digit of an integer beyond 2^53, where String() would use an exponent", () => {
    // 2^70 minor units: String(2 ** 70) is "1.1805916207174113e+21".
    expect(toDecimalText(2 ** 70, "EUR")).toBe("11805916207174113034.24");
    expect(toDecimalText(-(2 ** 70), "EUR")).toBe("-11805916207174113034.24");
  });
});

describe("formatMoney", () => {
  it("groups thousands and shows the currency", () => {
    const text = formatMoney(450000, "EUR");
    expect(text).toContain("4");
    expect(text).toMatch(/4.?500.00|4.?500,00/);
    expect(text).toMatch(/€|EUR/);
  });

  it("falls back to the code for a currency Intl does not know", () => {
    expect(formatMoney(100, "XZZ")).toMatch(/1\.00 XZZ|XZZ/);
  });
});

describe("exponentOf", () => {
  it("knows common currencies without the core's table", () => {
    expect(exponentOf("eur")).toBe(2);
    expect(exponentOf("JPY")).toBe(0);
  });
});
