#!/usr/bin/env python3
"""Memory and time to content per screen of the real app on a given book (issue 14).

Starts a private X display, a session bus and tauri-driver (like tests/e2e/src/lib.rs),
opens the app on DATA_DIR, visits Today, the calendar's week and month views, Clients and
Contracts, and prints for each: the time from the click to the screen's content, the PSS of
the app's processes (the app, WebKit's web and network processes; shared libraries counted
once) a few seconds after, and the size of the JSON the screen's commands send over IPC.
A benchmark, not a test: nothing here asserts a time.

    scripts/perf/screens.py APP_BINARY DATA_DIR [--shots PREFIX] [--no-calendar]

(--no-calendar: the screens past the calendar, for an app whose month view never comes;
 --ipc-only: Today, then only the commands' JSON; --mappings: the web process's memory
 by mapping after each screen.)
"""
import base64, json, os, subprocess, sys, tempfile, time, urllib.request, socket

BUS = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>"""

SETTLE = 4.0  # seconds after content before reading memory: WebKit allocates lazily


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def req(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                               headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(r, timeout=300) as resp:
        return json.loads(resp.read() or b"{}")


def children(pid):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if ppid == pid:
            out.append(int(p))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def app_processes(driver_pid, app_name):
    """The app and everything under it (WebKit's processes)."""
    todo, found, app = [driver_pid], [], None
    while todo:
        p = todo.pop()
        for c in children(p):
            todo.append(c)
            try:
                exe = os.path.basename(os.readlink(f"/proc/{c}/exe"))
            except OSError:
                exe = ""
            if exe == app_name:
                app = c
    if app is None:
        return []
    todo = [app]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children(p))
    return found


def main():
    # A timeout's SIGTERM unwinds through the finally below, which ends what was started.
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    app, data = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shots = sys.argv[sys.argv.index("--shots") + 1] if "--shots" in sys.argv else None
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    display = ":" + xvfb.stdout.readline().decode().strip()
    conf = tempfile.NamedTemporaryFile("w", delete=False)
    conf.write(BUS)
    conf.close()
    bus = subprocess.Popen(["dbus-daemon", f"--config-file={conf.name}", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    address = bus.stdout.readline().decode().strip()
    port = free_port()
    env = dict(os.environ, DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, NO_AT_BRIDGE="1",
               JUGGLE_DATA_DIR=data, TZ="UTC", JUGGLE_TZ="UTC")
    driver = subprocess.Popen([os.path.expanduser("~/.cargo/bin/tauri-driver"), "--port", str(port),
                               "--native-port", str(free_port())], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}}
        for attempt in range(5):
            try:
                sid = req(port, "POST", "/session", caps)["value"]["sessionId"]
                break
            except Exception:
                time.sleep(1)
        s = f"/session/{sid}"

        def find(css):
            r = req(port, "POST", f"{s}/elements", {"using": "css selector", "value": css})["value"]
            return r[0][next(iter(r[0]))] if r else None

        def wait(css, timeout=120):
            t0 = time.monotonic()
            while time.monotonic() - t0 < timeout:
                el = find(css)
                if el:
                    return time.monotonic() - t0
                time.sleep(0.02)
            raise SystemExit(f"timed out waiting for {css}")

        def click(css):
            el = find(css)
            req(port, "POST", f"{s}/element/{el}/click", {})

        def ipc(cmd, args):
            script = ("const [cmd, args, done] = arguments; const t0 = performance.now();"
                      "window.__TAURI_INTERNALS__.invoke(cmd, args).then("
                      "r => done([JSON.stringify(r).length, performance.now() - t0]),"
                      "e => done([-1, JSON.stringify(e)]));")
            return req(port, "POST", f"{s}/execute/async", {"script": script, "args": [cmd, args]})["value"]

        def memory():
            procs = app_processes(driver.pid, os.path.basename(app))
            parts = []
            for p in procs:
                with open(f"/proc/{p}/comm") as f:
                    parts.append(f"{f.read().strip()} {pss_kib(p) / 1024:.0f}")
            return sum(pss_kib(p) for p in procs) / 1024, ", ".join(parts)

        def mappings():
            """The web process's PSS by mapping: what its memory is (heap, GPU buffers…)."""
            for p in app_processes(driver.pid, os.path.basename(app)):
                with open(f"/proc/{p}/comm") as f:
                    if not f.read().startswith("WebKitWebProces"):
                        continue
                by = {}
                name = None
                with open(f"/proc/{p}/smaps") as f:
                    for line in f:
                        parts = line.split()
                        if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
                            name = parts[5] if len(parts) > 5 else "[anonymous]"
                        elif parts[0] == "Pss:":
                            by[name] = by.get(name, 0) + int(parts[1])
                top = sorted(by.items(), key=lambda kv: -kv[1])[:8]
                print("    web process: " + ", ".join(f"{n} {k / 1024:.0f}" for n, k in top), flush=True)

        def shot(name):
            if shots:
                png = req(port, "GET", f"{s}/screenshot")["value"]
                with open(f"{shots}-{name}.png", "wb") as f:
                    f.write(base64.b64decode(png))

        def visit(name, css, action=None):
            t0 = time.monotonic()
            try:
                if action:
                    click(action)
                wait(css, timeout=240)
                took = f"{time.monotonic() - t0:.2f}"
            except (SystemExit, OSError) as e:
                took = f"> {time.monotonic() - t0:.0f} (gave up: {type(e).__name__})"
            time.sleep(SETTLE)
            mib, n = memory()
            print(f"| {name} | {took} | {mib:.0f} | {n} |", flush=True)
            if "--mappings" in sys.argv:
                mappings()
            shot(name.lower().replace(", ", "-").replace(" ", "-"))

        print("| screen | to content (s) | PSS of the app (MiB) | per process (MiB) |")
        print("|---|---|---|---|", flush=True)
        visit("Today", "[data-testid=today-screen] [data-testid=today-due]")
        if "--ipc-only" in sys.argv:
            pass
        elif "--no-calendar" not in sys.argv:
            visit("Calendar, week", ".ec-time-grid .ec-event", "[data-testid=nav-calendar]")
            visit("Calendar, month", ".ec-day-grid .ec-event", "button.ec-dayGridMonth")
        if "--ipc-only" not in sys.argv:
            visit("Clients", "[data-testid=client-item]", "[data-testid=nav-clients]")
            visit("Contracts", "[data-testid=contract-item]", "[data-testid=nav-contracts]")

        # The JSON each screen's commands send, and how long the round trip takes.
        import datetime
        d = datetime.date.today()
        monday = d - datetime.timedelta(days=d.weekday())
        first = d.replace(day=1) - datetime.timedelta(days=(d.replace(day=1).weekday()))
        calls = [
            ("Today", "today_view", {"complete": []}),
            ("Today", "tasks_today", {}),
            ("Today", "bookings_list", {"includeDecided": False}),
            ("Today (before: colours)", "clients_list", {"includeArchived": False}),
            ("Calendar, week", "calendar_occurrences",
             {"from": str(monday), "to": str(monday + datetime.timedelta(days=6)), "clientId": None,
              "fit": {"per": "hour", "max": 2}}),
            ("Calendar, month", "calendar_occurrences",
             {"from": str(first), "to": str(first + datetime.timedelta(days=41)), "clientId": None,
              "fit": {"per": "day", "max": 3}}),
            ("Clients", "clients_overview", {"includeArchived": False}),
            ("Contracts", "contracts_list", {"clientId": None}),
            ("Contracts", "payments_overdue", {}),
        ]
        print()
        print("| screen | command | JSON (KiB) | round trip (ms) |")
        print("|---|---|---|---|")
        for screen, cmd, args in calls:
            size, ms = ipc(cmd, args)
            if size < 0:
                print(f"| {screen} | {cmd} | error {ms} | |")
            else:
                print(f"| {screen} | {cmd} | {size / 1024:.0f} | {ms:.0f} |")
        req(port, "DELETE", s)
    finally:
        os.killpg(driver.pid, 15)
        bus.terminate()
        xvfb.terminate()
        os.unlink(conf.name)


if __name__ == "__main__":
    main()
