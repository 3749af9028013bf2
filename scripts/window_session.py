"""The real app under a private display, for scripts/bench and scripts/bench-round-cpu.

A private Xvfb with tauri-driver in front of WebKitWebDriver (as tests/e2e/harness.rs starts them:
same environment, software rendering), a WebDriver client over plain HTTP, the practice-round states
bench-round-cpu measures, and the app's process tree read from /proc: its CPU time and its memory
(PSS and USS).

Standard library only.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
WAIT = 30.0  # seconds to wait for anything the UI is asked to do


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- /proc


def read_stat(pid):
    """(ppid, utime+stime ticks, starttime) of `pid`, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22.
    return int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[19])


def all_stats():
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = read_stat(int(d))
            if st:
                out[int(d)] = st
    return out


def descendants(root, stats):
    """`root` and every process below it."""
    children = {}
    for pid, (ppid, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = [], [root]
    while todo:
        p = todo.pop()
        if p in stats:
            tree.append(p)
            todo.extend(children.get(p, []))
    return tree


def name_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode(errors="replace")
        return os.path.basename(argv0) or "?"
    except OSError:
        return "?"


def machine_ticks():
    """(busy, total) jiffies of all cores, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v[:8]) - idle, sum(v[:8])


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def memory_kb(pid):
    """(PSS, USS) of `pid` in KiB from /proc/PID/smaps_rollup, or (0, 0) if it is gone. PSS divides
    each shared page among the processes that map it; USS counts only the pages no other maps."""
    pss = uss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key == "Pss":
                    pss = int(rest.split()[0])
                elif key in ("Private_Clean", "Private_Dirty"):
                    uss += int(rest.split()[0])
    except OSError:
        return 0, 0
    return pss, uss


def tree_memory(root):
    """{process name: (PSS, USS) in KiB} over `root` and every process below it."""
    out = {}
    for pid in descendants(root, all_stats()):
        name = name_of(pid)
        pss, uss = memory_kb(pid)
        before = out.get(name, (0, 0))
        out[name] = (before[0] + pss, before[1] + uss)
    return out


def thread_times(root, app_name):
    """{(pid, tid, thread start): (process name, ns on a CPU)} for every thread of `root`'s tree, from
    /proc/PID/task/TID/schedstat: the scheduler's exact run time, where /proc/PID/stat counts whole
    clock ticks (10 ms, 0.017% of a core over a minute, per process: as much as an idle app uses)."""
    out = {}
    for pid in descendants(root, all_stats()):
        name = app_name if pid == root else name_of(pid)
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    ns = int(f.read().split()[0])
                st = read_stat(f"{pid}/task/{tid}")
            except (OSError, ValueError, IndexError):
                continue
            if st:
                out[(pid, tid, st[2])] = (name, ns)
    return out


def cpu_over(root, seconds, app_name="onsite", every=0.5):
    """{tree: % of one core, per_process: {name: %}} of `root`'s tree over the next `seconds`, from
    every thread's exact run time. Threads are read every `every` s, so one that ends within the
    window counts up to its last reading and one that starts counts whole. Only this script wakes
    to read /proc; nothing is asked of the app."""
    first = thread_times(root, app_name)
    last = dict(first)
    t0 = time.monotonic()
    while (left := t0 + seconds - time.monotonic()) > 0:
        time.sleep(min(every, left))
        last.update(thread_times(root, app_name))
    wall = time.monotonic() - t0
    per = {}
    for key, (name, ns) in last.items():
        per[name] = per.get(name, 0) + ns - first.get(key, (name, 0))[1]
    pct = {k: v / 1e9 / wall * 100 for k, v in sorted(per.items())}
    return {"tree": round(sum(pct.values()), 3), "per_process": {k: round(v, 3) for k, v in pct.items()}}


def snapshot(app_pid, xvfb_pid, app_name="onsite"):
    stats = all_stats()
    tree = {p: (stats[p][1], stats[p][2], app_name if p == app_pid else name_of(p))
            for p in descendants(app_pid, stats)}
    x = stats.get(xvfb_pid, (0, 0, 0))[1]
    return time.monotonic(), tree, x, machine_ticks(), loadavg()


def cpu_between(a, b):
    """% of one core per process name, for the tree, Xvfb and the machine, between snapshots a and b."""
    t0, tree0, x0, (busy0, tot0), load0 = a
    t1, tree1, x1, (busy1, tot1), load1 = b
    wall = t1 - t0
    per = {}
    changed = sorted(set(tree0) ^ set(tree1))
    for pid, (ticks, start, name) in tree1.items():
        before = tree0.get(pid)
        # A process that came during the window counts whole; one that went is lost (noted below).
        base = before[0] if before and before[1] == start else 0
        per[name] = per.get(name, 0.0) + (ticks - base) / CLK_TCK / wall * 100
    ncpu = os.cpu_count() or 1
    return {
        "wall_s": round(wall, 2),
        "tree": round(sum(per.values()), 2),
        "per_process": {k: round(v, 2) for k, v in sorted(per.items())},
        "xvfb": round((x1 - x0) / CLK_TCK / wall * 100, 2),
        "machine_busy_pct_of_all_cores": round(100 * (busy1 - busy0) / max(1, tot1 - tot0), 1),
        "cores": ncpu,
        "loadavg_start": load0,
        "loadavg_end": load1,
        "tree_changed_pids": changed,
    }


# ---------------------------------------------------------------- WebDriver over plain HTTP


class Dropped(Exception):
    """tauri-driver closed the connection without an answer: the command may or may not have run."""


class WebDriver:
    """A WebDriver client on one kept-alive HTTP connection (as fantoccini keeps one).

    tauri-driver 2.1 closes a connection without answering when it cannot pass a request on to
    WebKitWebDriver (retries off). Before WebKitWebDriver listens that is certain (Display waits
    for both ports), but it was also seen mid-session, now and then, on any command. So commands that
    can safely run twice (finding, scripts that only read) are sent again, clicks check whether they
    took, and a caller that cannot make a session starts it again from scratch."""

    def __init__(self, port):
        self.port = port
        self.conn = None
        self.sid = None

    def call(self, method, path, body=None, timeout=WAIT + 30, again=False):
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(4 if again else 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            self.conn.timeout = timeout
            if self.conn.sock is not None:
                self.conn.sock.settimeout(timeout)
            try:
                self.conn.request(method, path, body=data,
                                  headers={"Content-Type": "application/json; charset=utf-8"})
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, ConnectionError) as e:
                self.conn.close()
                self.conn = None
                err = e
                time.sleep(0.2)
        else:
            raise Dropped(f"{method} {path}: {err!r}")
        value = json.loads(raw or b"null")
        value = value.get("value") if isinstance(value, dict) else value
        if r.status >= 400:
            raise RuntimeError(f"{method} {path}: {r.status} {str(value)[:400]}")
        return value

    def new_session(self, binary, data_dir, timeout=120):
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": binary, "args": ["--data-dir", data_dir]}}}}
        v = self.call("POST", "/session", caps, timeout=timeout)
        self.sid = v["sessionId"]

    def quit(self, timeout=20, again=True):
        if self.sid:
            sid, self.sid = self.sid, None
            self.call("DELETE", f"/session/{sid}", timeout=timeout, again=again)
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def s(self, path):
        return f"/session/{self.sid}{path}"

    def js(self, script, *args, timeout=WAIT + 30):
        """Runs `script`, which must only read (it may be sent twice)."""
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)},
                         timeout=timeout, again=True)

    def js_async(self, script, *args, timeout=WAIT, again=False):
        """Runs `script`, which ends by calling its last argument with the result. Sent once unless
        `again` (for scripts that only read and wait)."""
        self.call("POST", self.s("/timeouts"), {"script": int(timeout * 1000)}, again=True)
        return self.call("POST", self.s("/execute/async"), {"script": script, "args": list(args)},
                         timeout=timeout + 10, again=again)

    def until(self, what, script, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            try:
                v = self.js(script)
            except RuntimeError:
                v = None
            if v not in (None, False, "", 0):
                return v
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.1)

    def find(self, css, within=None, timeout=WAIT):
        path = self.s(f"/element/{within}/element" if within else "/element")
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.call("POST", path, {"using": "css selector", "value": css}, again=True)[ELEMENT]
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{css} did not appear") from None
                time.sleep(0.1)

    def click(self, css, within=None):
        """Clicks what `css` finds, again if the view drew it anew in between. If a click was dropped
        unanswered and the element has gone since, it took: the caller's next wait checks that."""
        deadline = time.monotonic() + WAIT
        dropped = False
        while True:
            try:
                el = self.find(css, within, timeout=2 if dropped else max(0.0, deadline - time.monotonic()))
            except RuntimeError:
                if dropped:
                    return
                raise
            try:
                return self.call("POST", self.s(f"/element/{el}/click"), {})
            except Dropped:
                dropped = True
            except RuntimeError:  # stale: drawn anew between finding and clicking
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.1)

    def fill(self, css, text):
        """Types `text` into the field `css` finds, replacing what it held, until it holds just that."""
        for _ in range(4):
            el = self.find(css)
            try:
                self.call("POST", self.s(f"/element/{el}/clear"), {})
                self.call("POST", self.s(f"/element/{el}/value"), {"text": text})
            except (Dropped, RuntimeError):
                pass
            if self.js("return arguments[0].value", {ELEMENT: el}) == text:
                return
        raise RuntimeError(f"could not type {text!r} into {css}")

    def select(self, css, value):
        for _ in range(4):
            try:
                self.click(f'option[value="{value}"]', within=self.find(css))
            except RuntimeError:
                pass
            if self.js(f"return document.querySelector({json.dumps(css)}).value") == value:
                return
        raise RuntimeError(f"could not choose {value!r} in {css}")


def tid(name):
    return f"[data-testid={name}]"


# ---------------------------------------------------------------- practice-round states


def show_idle(wd):
    wd.click(tid("nav-questions"))
    wd.until("the Questions view", "return !!document.querySelector('[data-testid=question-item]') && "
             "document.querySelector('[data-testid=question-item]').offsetParent !== null")


def show_running(wd):
    # As tests/e2e/main.rs's start_custom_round, with a budget that outlasts the window.
    wd.click(tid("nav-practice"))
    wd.fill(tid("custom-count"), "3")
    wd.fill(tid("custom-budget"), "30")
    wd.select(tid("custom-unit"), "minutes")
    wd.select(tid("custom-order"), "fixed")
    wd.click(tid("start-custom"))
    wd.find(tid("round-prompt"))
    wd.until("the round to run", "return document.querySelector('[data-testid=round-card]')"
             "?.dataset.status === 'running'")
    # The second question is measured: its round total carries the first one's part of a second, so
    # a clock that redrew on each of its two counters' seconds would show here.
    time.sleep(1.4)
    wd.click(tid("round-next"))
    wd.until("the second question", "return /Question 2 of/.test(document.querySelector("
             "'[data-testid=round-progress]')?.textContent ?? '')")


def show_paused(wd):
    wd.click(tid("round-pause"))
    wd.find(tid("paused-banner"))


SHOW = {"idle": show_idle, "running": show_running, "paused": show_paused}

CHECK = """
  const q = (id) => document.querySelector(`[data-testid=${id}]`);
  const a = document.activeElement;
  return {
    view: [...document.querySelectorAll('[data-testid^=nav-][aria-current=page], [data-testid^=nav-].active')]
      .map((e) => e.dataset.testid).join(',') || null,
    round: q('round-card')?.dataset.status ?? null,
    clock: q('question-timer')?.textContent ?? null,
    visibility: document.visibilityState,
    focus: a ? a.tagName.toLowerCase() + (a.dataset?.testid ? '[' + a.dataset.testid + ']' : '') : null,
  };
"""


def check_failed(state, c0, c1):
    """What is wrong with the state a window measured, as the page told before and after it, or ''."""
    wrong = []
    if c1.get("visibility") != "visible":
        wrong.append(f"page {c1.get('visibility')}")
    if state == "idle" and (c1.get("view") != "nav-questions" or c1.get("round")):
        wrong.append(f"view {c1.get('view')}, round {c1.get('round')}")
    if state == "running" and (c1.get("round") != "running" or c0.get("clock") == c1.get("clock")):
        wrong.append(f"round {c1.get('round')}, clock {c0.get('clock')!r} -> {c1.get('clock')!r}")
    if state == "paused" and (c1.get("round") != "paused" or c0.get("clock") != c1.get("clock")):
        wrong.append(f"round {c1.get('round')}, clock {c0.get('clock')!r} -> {c1.get('clock')!r}")
    return "; ".join(wrong)


# ---------------------------------------------------------------- processes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_xvfb():
    p = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1240x820x24", "-nolisten", "tcp"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    number = p.stdout.readline().decode().strip()
    if not number:
        p.kill()
        p.wait()
        raise RuntimeError("Xvfb did not report a display")
    return p, f":{number}"


def stop(proc, grace=5.0):
    """SIGTERM to `proc` (tauri-driver then SIGKILLs WebKitWebDriver), then SIGKILL to its process
    group (its own: it was started in a new session) for anything left in it."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def kill_pids(pids):
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def find_tool(name, fallback):
    return shutil.which(name) or (fallback if os.access(fallback, os.X_OK) else None)


def find_tools():
    """{name: path} of Xvfb, tauri-driver and WebKitWebDriver; exits naming whatever is missing."""
    tools = {
        "Xvfb": find_tool("Xvfb", "/usr/bin/Xvfb"),
        "tauri-driver": find_tool("tauri-driver", os.path.expanduser("~/.cargo/bin/tauri-driver")),
        "WebKitWebDriver": find_tool("WebKitWebDriver", "/usr/bin/WebKitWebDriver"),
    }
    missing = [k for k, v in tools.items() if not v]
    if missing:
        sys.exit(f"missing: {', '.join(missing)} (scripts/test installs them)")
    return tools


def app_pid_under(root, binary, timeout=WAIT):
    """The process below `root` (tauri-driver) that runs `binary`."""
    want = os.path.realpath(binary)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in descendants(root, all_stats()):
            try:
                if os.path.realpath(f"/proc/{pid}/exe") == want:
                    return pid
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"no process running {binary} below tauri-driver")


def app_env(display, extra=None):
    """The environment the app runs in, as tests/e2e/harness.rs gives it: the private display and
    software rendering (no GPU here, and compositing only costs memory under Xvfb)."""
    env = dict(os.environ)
    env.pop("WAYLAND_DISPLAY", None)
    env.update({"DISPLAY": display, "WEBKIT_DISABLE_COMPOSITING_MODE": "1", "LIBGL_ALWAYS_SOFTWARE": "1"})
    env.update(extra or {})
    return env


class Display:
    """A private Xvfb with tauri-driver on it, for WebDriver sessions that launch the app, one at a
    time. A context manager: leaving it stops everything it started, the apps it launched included,
    and, when it is left by an error, prints the end of tauri-driver's log."""

    def __init__(self, tools, extra_env=None):
        self.tools = tools
        self.extra_env = extra_env
        self.xvfb = self.driver = self.wd = None
        self.app = None
        self.log = tempfile.NamedTemporaryFile(prefix="tauri-driver-", suffix=".log")

    def __enter__(self):
        try:
            self.xvfb, self.display = start_xvfb()
            self.port, native_port = free_port(), free_port()
            env = app_env(self.display, self.extra_env)
            env["PATH"] = os.pathsep.join([os.path.dirname(self.tools["WebKitWebDriver"]), env.get("PATH", "")])
            self.driver = subprocess.Popen(
                [self.tools["tauri-driver"], "--port", str(self.port), "--native-port", str(native_port)],
                env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
            # Both tauri-driver and the WebKitWebDriver it starts must listen: tauri-driver drops a
            # request it cannot pass on, and it listens before WebKitWebDriver does.
            deadline = time.monotonic() + WAIT
            for p, who in ((self.port, "tauri-driver"), (native_port, "WebKitWebDriver")):
                while True:
                    try:
                        socket.create_connection(("127.0.0.1", p), timeout=1).close()
                        break
                    except OSError:
                        if time.monotonic() > deadline or self.driver.poll() is not None:
                            raise RuntimeError(f"{who} did not listen on {p}")
                        time.sleep(0.05)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def launch(self, binary, data_dir, timeout=120):
        """Opens a WebDriver session that launches `binary` on `data_dir`; returns the client. The
        app's process is `self.app` until `close_app`."""
        self.close_app()
        self.wd = WebDriver(self.port)
        self.wd.new_session(os.path.abspath(binary), data_dir, timeout=timeout)
        self.app = app_pid_under(self.driver.pid, binary)
        return self.wd

    def close_app(self, grace=5.0):
        """Ends the session, waits up to `grace` seconds for the app's process tree to go, then
        kills what is left of it (a data folder is locked while its app runs)."""
        if self.wd is None:
            return
        stats = all_stats()
        left = {p: stats[p][2] for p in descendants(self.app, stats)} if self.app else {}
        try:
            self.wd.quit(timeout=10, again=False)  # an app that does not answer is killed below
        except Exception:
            pass
        self.wd = None
        self.app = None
        deadline = time.monotonic() + grace
        alive = lambda: [p for p, start in left.items() if (read_stat(p) or (0, 0, None))[2] == start]
        while alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        kill_pids(alive())

    def __exit__(self, kind, value, tb):
        if kind is not None and self.driver is not None:
            self.log.flush()
            with open(self.log.name, "rb") as f:
                tail = f.read()[-3000:].decode(errors="replace").strip()
            if tail:
                log(f"tauri-driver's log, last lines:\n{tail}")
        # Everything below tauri-driver, noted before it goes: on SIGTERM it SIGKILLs WebKitWebDriver,
        # which leaves the app (and its web processes) behind if the session was not closed.
        stats = all_stats()
        left = {p: stats[p][2] for p in descendants(self.driver.pid, stats)} if self.driver else {}
        try:
            self.close_app(grace=2.0)
        except Exception:
            pass
        stop(self.driver)
        time.sleep(0.5)
        kill_pids(p for p, start in left.items() if (read_stat(p) or (0, 0, None))[2] == start)
        stop(self.xvfb)
        self.log.close()
        return False
