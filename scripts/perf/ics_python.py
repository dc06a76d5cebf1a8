#!/usr/bin/env python3
"""Python icalendar parsing an .ics file, the yardstick of Juggle's import (issue 14):
prints the best of three wall-clock times for parsing the file and reading each event's
start, end, summary and UID.  scripts/perf/ics_python.py FILE.ics"""
import sys, time
import icalendar

data = open(sys.argv[1], "rb").read()
best = None
for _ in range(3):
    t0 = time.perf_counter()
    cal = icalendar.Calendar.from_ical(data)
    n = 0
    for ev in cal.walk("VEVENT"):
        ev.decoded("DTSTART"), ev.get("DTEND") and ev.decoded("DTEND"), str(ev.get("SUMMARY")), str(ev.get("UID"))
        n += 1
    took = time.perf_counter() - t0
    best = took if best is None else min(best, took)
print(f"python icalendar {icalendar.__version__}: {n} events in {best:.2f} s (best of 3)")
