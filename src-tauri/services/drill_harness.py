"""Onsite's drill harness: runs a user's solution against a drill's cases and reports what it returned.

Onsite writes this file, the user's code (solution.py, or solution.sql) and the cases (cases.json)
to a fresh folder and runs `python3 harness.py` there, with no stdin. The cases are data read with
json, never run. Each case's result is one JSON line appended to results.jsonl and flushed, so a
case that never ends still leaves the earlier results behind; a last `done` line says every case
was tried. Onsite compares the returned values with the expected ones; this file only calls and
reports.
"""

import builtins
import contextlib
import importlib.abc
import importlib.util
import io
import json
import math
import os
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SOLUTION = os.path.join(HERE, "solution.py")
QUERY = os.path.join(HERE, "solution.sql")
# Print output kept per case; the rest is dropped with a note.
OUTPUT_CAP = 16 * 1024
# The longest result line written: a returned value larger than this is reported as too large.
RECORD_CAP = 1024 * 1024


class CappedText(io.TextIOBase):
    """A text stream that keeps the first OUTPUT_CAP characters written to it."""

    def __init__(self):
        self.parts = []
        self.size = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, s):
        room = OUTPUT_CAP - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def text(self):
        out = "".join(self.parts)
        if self.dropped:
            out += "\n[... %d more characters not shown]" % self.dropped
        return out


def limit_memory(megabytes):
    """Caps the address space where the OS allows it (not on Windows)."""
    try:
        import resource
    except ImportError:
        return
    limit = megabytes * 1024 * 1024
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def as_json(value, depth=0):
    """The value as plain JSON data: tuples and sets become lists, NumPy arrays and scalars their
    Python equivalents, and non-finite floats the strings "NaN", "Infinity" and "-Infinity"."""
    if depth > 100:
        raise TypeError("the value is nested more than 100 levels deep")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if hasattr(value, "tolist") and callable(value.tolist):
        return as_json(value.tolist(), depth + 1)
    if hasattr(value, "item") and callable(value.item) and type(value).__module__ == "numpy":
        return as_json(value.item(), depth + 1)
    if isinstance(value, (list, tuple)):
        return [as_json(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [as_json(v, depth + 1) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if str(k) in out:
                raise TypeError("returned a dict with keys %r and %r, which are one key in JSON" % (k, str(k)))
            out[str(k)] = as_json(v, depth + 1)
        return out
    raise TypeError("returned a %s, which is not a number, string, list or dict" % type(value).__name__)


def describe(exc, tb):
    """An exception as the user needs it: its type, message, and the line in their code, with the
    trace cut to the frames in their code."""
    mine = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) == SOLUTION]
    line = mine[-1].lineno if mine else None
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == SOLUTION:
        line = exc.lineno
    trace = "".join(traceback.format_list(mine))
    trace += "".join(traceback.format_exception_only(type(exc), exc))
    message = str(exc)
    if isinstance(exc, MemoryError):
        message = message or "the solution ran out of the memory a run may use"
    return {"type": type(exc).__name__, "message": message, "line": line,
            "trace": trace.replace(SOLUTION, "solution.py")}


def run_query(spec, report):
    """SQL drills: the user's query runs in SQLite against each case's tables, given as
    {"table": {"columns": [...], "rows": [[...], ...]}}, and returns its rows."""
    import sqlite3

    with open(QUERY, encoding="utf-8") as f:
        query = f.read().strip().rstrip(";")
    for i, case in enumerate(spec["cases"]):
        record = {"case": i, "stdout": "", "stderr": ""}
        start = time.perf_counter()
        db = sqlite3.connect(":memory:")
        try:
            for name, table in case["args"][0].items():
                cols = ", ".join('"%s"' % c for c in table["columns"])
                db.execute('CREATE TABLE "%s" (%s)' % (name, cols))
                marks = ", ".join("?" for _ in table["columns"])
                db.executemany('INSERT INTO "%s" VALUES (%s)' % (name, marks), table["rows"])
            record["actual"] = as_json([list(row) for row in db.execute(query).fetchall()])
        except Exception as exc:  # noqa: BLE001 - a query's failure, or a value JSON cannot hold
            record["error"] = {"type": type(exc).__name__, "message": str(exc), "line": None, "trace": ""}
        finally:
            db.close()
        record["ms"] = round((time.perf_counter() - start) * 1000, 3)
        report(record)


def main():
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        spec = json.load(f)
    results = open(os.path.join(HERE, "results.jsonl"), "w", encoding="utf-8")

    def report(record):
        line = json.dumps(record, allow_nan=False)
        if len(line) > RECORD_CAP:
            record.pop("actual", None)
            record["error"] = {"type": "ValueError", "message": "the returned value is larger than 1 MB as JSON",
                               "line": None, "trace": ""}
            line = json.dumps(record, allow_nan=False)
        results.write(line + "\n")
        results.flush()

    limit_memory(spec.get("memory_mb", 1024))
    stop_after(spec.get("seconds"))
    if spec.get("language") == "sql":
        run_query(spec, report)
    else:
        run_solution(spec, report)
    report({"done": True})
    results.close()
    # Threads the solution started must not keep the run going once every case is done.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def stop_after(seconds):
    """Ends the process a little after Onsite's own time limit, should Onsite no longer be there to
    end it (the app closed mid-run): a CPU-time limit where the OS has one, and a timer thread."""
    if not seconds:
        return
    try:
        import resource

        limit = int(seconds) + 2
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass
    timer = threading.Timer(seconds + 2, lambda: os._exit(3))
    timer.daemon = True
    timer.start()


class NoNumpy(importlib.abc.MetaPathFinder):
    """Refuses NumPy in a drill that does not allow it, saying so."""

    def find_spec(self, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ModuleNotFoundError("NumPy is not available in this drill: write it in plain Python", name=name)
        return None


def run_solution(spec, report):
    if not spec.get("numpy", False):
        sys.meta_path.insert(0, NoNumpy())

    def no_input(*_args, **_kwargs):
        raise EOFError("a drill has no standard input: pass data through the function's arguments")

    builtins.input = no_input

    out, err = CappedText(), CappedText()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            loader = importlib.util.spec_from_file_location("solution", SOLUTION)
            solution = importlib.util.module_from_spec(loader)
            loader.loader.exec_module(solution)
    except BaseException as exc:  # noqa: BLE001 - any failure of the user's code is reported
        report({"load": describe(exc, exc.__traceback__), "stdout": out.text(), "stderr": err.text()})
        return
    if out.size or err.size:
        report({"load": None, "stdout": out.text(), "stderr": err.text()})

    entry = getattr(solution, spec["entry"], None)
    if entry is None:
        report({"load": {"type": "NameError", "message": "solution.py defines no %s" % spec["entry"],
                         "line": None, "trace": ""}})
        return

    for i, case in enumerate(spec["cases"]):
        out, err = CappedText(), CappedText()
        record = {"case": i}
        start = time.perf_counter()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                if case.get("calls") is None:
                    value = entry(*case["args"])
                else:
                    obj = entry(*case["args"])
                    # Each call's value as it was then: a method may return state the next call changes.
                    value = [as_json(getattr(obj, call[0])(*call[1:])) for call in case["calls"]]
            record["actual"] = as_json(value)
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt):
                raise
            record["error"] = describe(exc, exc.__traceback__)
        record["ms"] = round((time.perf_counter() - start) * 1000, 3)
        record["stdout"] = out.text()
        record["stderr"] = err.text()
        report(record)


if __name__ == "__main__":
    main()
