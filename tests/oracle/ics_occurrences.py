"""Independent expansion of .ics files for tests/realworld.rs.

Reads every file named on the command line with python's `icalendar` and expands it with
`recurring_ical_events` over [FROM, TO). Prints one JSON object per file:
{"file", "occurrences": [[uid, start, end, all_day], ...]} or {"file", "error"}.

Normalised the way Juggle shows occurrences, so the Rust side compares plain tuples:
- timed: start and end as UTC `YYYY-MM-DDTHH:MM:SSZ`; a floating time is read in the
  calendar's X-WR-TIMEZONE, else UTC (the test pins Juggle's own zone to UTC);
- all-day: `YYYY-MM-DD` dates, the end inclusive (DTEND of a date is exclusive).
An event without UID gets "" (the test maps Juggle's derived UIDs to "").
"""

import datetime as dt
import json
import sys
import warnings

warnings.simplefilter("ignore")  # icalendar warns about every guessed TZID

try:
    import icalendar
    import recurring_ical_events
    import zoneinfo
except ImportError as e:  # the Rust test turns this into a clear failure
    print(json.dumps({"missing": str(e)}))
    sys.exit(3)


def utc(t, floating_zone):
    if t.tzinfo is None:
        t = t.replace(tzinfo=floating_zone)
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def expand(path, start, end):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    # An event without DTSTART is no occurrence (Juggle reports it skipped); the library
    # would stop at it.
    cal.subcomponents = [
        c for c in cal.subcomponents if c.name != "VEVENT" or "DTSTART" in c
    ]
    zone_name = cal.get("X-WR-TIMEZONE")
    floating = dt.timezone.utc
    if zone_name:
        try:
            floating = zoneinfo.ZoneInfo(str(zone_name))
        except Exception:
            pass
    out = []
    try:
        events = recurring_ical_events.of(cal).between(start, end)
    except Exception:
        # One broken series (a bad RRULE, an EXDATE without value) costs only itself.
        events = recurring_ical_events.of(cal, skip_bad_series=True).between(start, end)
    for ev in events:
        uid = str(ev.get("UID", ""))
        s = ev.get("DTSTART").dt
        e = ev.get("DTEND").dt if ev.get("DTEND") is not None else None
        if e is None:
            e = s
        if isinstance(s, dt.datetime):
            if not isinstance(e, dt.datetime):
                e = dt.datetime.combine(e, dt.time(), s.tzinfo)
            out.append([uid, utc(s, floating), utc(e, floating), False])
        else:
            if isinstance(e, dt.datetime):
                e = e.date()
            last = max(s, e - dt.timedelta(days=1))
            out.append([uid, s.isoformat(), last.isoformat(), True])
    out.sort()
    return out


def forget_zones():
    """icalendar keeps the zones of every VTIMEZONE it read, process-wide, by TZID: a zone
    one file defines would then explain the same TZID in a later file that doesn't define
    it. Each file is an import of its own, so each starts without them."""
    tzp = getattr(icalendar.timezone, "tzp", None)
    cache = getattr(tzp, "_TZP__tz_cache", None)
    if isinstance(cache, dict):
        cache.clear()


def main():
    start = dt.date.fromisoformat(sys.argv[1])
    end = dt.date.fromisoformat(sys.argv[2])
    for path in sys.argv[3:]:
        forget_zones()
        try:
            result = {"file": path, "occurrences": expand(path, start, end)}
        except Exception as e:  # a file the oracle can't read is reported, not fatal
            result = {"file": path, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(result))


main()
