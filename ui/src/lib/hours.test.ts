import { describe, expect, it } from "vitest";
import { hoursInput, hoursNumber, hoursText, verdictText } from "./hours";

describe("hours", () => {
  it("shows hours without trailing zeros", () => {
    expect(hoursNumber(1.5)).toBe("1.5");
    expect(hoursNumber(8)).toBe("8");
    expect(hoursNumber(null)).toBe("–");
    expect(hoursText(90)).toBe("1.5 h");
  });

  it("leaves an input blank for no minutes and writes 0 for zero", () => {
    expect(hoursInput(null)).toBe("");
    expect(hoursInput(0)).toBe("0");
    expect(hoursInput(450)).toBe("7.5");
  });

  it("words each verdict with exactly one of its key words", () => {
    expect(verdictText("fits", null, null)).toBe("Fits");
    expect(verdictText("fits_with_overtime", 4, null)).toBe("Needs 4 h overtime");
    expect(verdictText("does_not_fit", null, 12.04)).toBe("Does not fit — short by 12 h");
  });
});
