import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  count,
  formatAxisDay,
  formatDateTime,
  formatDay,
  formatDayShort,
  formatTime,
  formatWeekday,
  formatWeekdayLong,
  formatWhen,
  prose,
  relativeDays,
  setFormatting,
} from "./format";
import { settle } from "./locale";

describe("one date style", () => {
  beforeEach(() => setFormatting({ locale: "en-US", today: new Date(2026, 11, 1) }));
  afterEach(() => setFormatting({}));

  it("writes a day with its year, whatever the year", () => {
    expect(formatDay("2026-10-22")).toBe("Oct 22, 2026");
    expect(formatDay("2027-01-04")).toBe("Jan 4, 2027");
  });

  it("drops the year only when it is this one", () => {
    expect(formatDayShort("2026-10-01")).toBe("Oct 1");
    expect(formatDayShort("2027-10-01")).toBe("Oct 1, 2027");
    expect(formatWeekday("2026-12-02")).toBe("Wed, Dec 2");
    expect(formatWeekday("2027-01-06")).toBe("Wed, Jan 6, 2027");
    expect(formatWeekdayLong("2026-12-02")).toBe("Wednesday, December 2");
    expect(formatAxisDay("2027-01-04")).toBe("Jan 4");
  });

  it("renders the days inside the core's sentences in the same style", () => {
    expect(prose("last contact {date:2026-10-22}; every 14 days")).toBe(
      "last contact Oct 22, 2026; every 14 days",
    );
    expect(prose("I can deliver by {weekday:2026-12-02}.")).toBe("I can deliver by Wednesday, December 2.");
    expect(prose("by {weekday:2027-01-11}")).toBe("by Monday, January 11, 2027");
    expect(prose("{not a day} {date:2027-13-01} {date:2027-1-1}")).toBe(
      "{not a day} {date:2027-13-01} {date:2027-1-1}",
    );
  });

  it("reads the day of an instant as the day written, not shifted by the zone", () => {
    expect(formatDay("2026-10-22T23:30:00+02:00")).toBe("Oct 22, 2026");
  });

  it("writes one time style, by the locale's clock", () => {
    const nine = new Date(2026, 11, 1, 9, 5);
    expect(formatTime(nine)).toBe("9:05 AM");
    expect(formatDateTime(nine)).toBe("Dec 1, 2026, 9:05 AM");
    setFormatting({ locale: "en-GB", today: new Date(2026, 11, 1) });
    expect(formatTime(nine)).toBe("09:05");
    expect(formatDay("2026-10-22")).toBe("22 Oct 2026");
  });

  it("says when, with or without a time", () => {
    expect(formatWhen("2026-12-02", true)).toBe("Wed, Dec 2");
    expect(formatWhen(new Date(2026, 11, 2, 14, 0).toISOString(), false)).toBe("Wed, Dec 2, 2:00 PM");
  });

  it("counts in words", () => {
    expect(count(1, "day")).toBe("1 day");
    expect(count(0, "day")).toBe("0 days");
    expect(count(2, "follow-up")).toBe("2 follow-ups");
    expect(count(2, "person", "people")).toBe("2 people");
    expect(relativeDays(0)).toBe("today");
    expect(relativeDays(1)).toBe("tomorrow");
    expect(relativeDays(-1)).toBe("yesterday");
    expect(relativeDays(3)).toBe("in 3 days");
    expect(relativeDays(-2)).toBe("2 days ago");
  });
});

describe("the display locale", () => {
  it("reads LANG=C's POSIX variant as plain en-US", () => {
    expect(settle("en-US-u-va-posix")).toBe("en-US");
    expect(settle("de-DE")).toBe("de-DE");
  });
});
