//! Coding drills on a real Python: every bundled drill against its reference solution, and the
//! runner against solutions that are wrong, raise, never end, eat memory, print without end or
//! read standard input.
//!
//! The Python is `ONSITE_TEST_PYTHON`, or else the first of `python3` and `/usr/bin/python3` that
//! has NumPy (the setup script installs Debian's `python3-numpy`).

mod common;

use common::bundled;
use onsite::domain::drill::{CaseStatus, Drill, Ending, RunReport};
use onsite::services::drill_runner::{python_info, Runner};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

fn python() -> &'static str {
    static PYTHON: OnceLock<String> = OnceLock::new();
    PYTHON.get_or_init(|| {
        if let Ok(p) = std::env::var("ONSITE_TEST_PYTHON") {
            return p;
        }
        ["python3", "/usr/bin/python3"]
            .into_iter()
            .find(|p| python_info(p).numpy.is_some())
            .expect("no python3 with NumPy: run scripts/setup.sh, or set ONSITE_TEST_PYTHON")
            .to_string()
    })
}

fn drill(id: &str) -> Drill {
    bundled()
        .into_iter()
        .find(|q| q.id == id)
        .and_then(|q| q.drill)
        .unwrap_or_else(|| panic!("{id} has no drill"))
}

fn run(d: &Drill, code: &str, all: bool, limit: Duration) -> RunReport {
    Runner::default()
        .run(python(), d, code, all, limit)
        .unwrap()
}

const TEN_S: Duration = Duration::from_secs(10);

#[test]
fn every_bundled_drill_passes_its_reference_solution_and_fails_its_starter() {
    let drills: Vec<_> = bundled()
        .into_iter()
        .filter_map(|q| Some((q.id, q.drill?)))
        .collect();
    assert!(drills.len() >= 36, "{} runnable questions", drills.len());
    let runner = Runner::default();
    let mut failures = Vec::new();
    for (id, d) in &drills {
        let ext = if d.language == onsite::domain::drill::Language::Sql {
            "sql"
        } else {
            "py"
        };
        let path = Path::new("tests/drills").join(format!("{id}.{ext}"));
        let code =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A busy machine may be slow, but no reference needs more than a few seconds.
        let r = runner
            .run(python(), d, &code, true, Duration::from_secs(60))
            .unwrap();
        if r.passed != r.total || r.ending != Ending::Finished {
            failures.push(format!(
                "{id}: {} of {} ({:?}) {:?} {:?}",
                r.passed,
                r.total,
                r.ending,
                r.load_error,
                r.cases.iter().find(|c| c.status != CaseStatus::Pass)
            ));
        }
        let starter = runner
            .run(python(), d, &d.starter, true, Duration::from_secs(60))
            .unwrap();
        if starter.passed == starter.total {
            failures.push(format!("{id}: the starter code passes every case"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_correct_solution_passes_and_a_submission_adds_the_hidden_cases_with_status_only() {
    let d = drill("mle-code-roc-auc-scratch");
    let code = std::fs::read_to_string("tests/drills/mle-code-roc-auc-scratch.py").unwrap();
    let visible = d.cases.iter().filter(|c| !c.hidden).count();
    let r = run(&d, &code, false, TEN_S);
    assert_eq!((r.passed, r.total), (visible, visible));
    assert!(r
        .cases
        .iter()
        .all(|c| c.call.is_some() && c.actual.is_some()));
    let r = run(&d, &code, true, TEN_S);
    assert_eq!((r.passed, r.total), (d.cases.len(), d.cases.len()));
    let hidden: Vec<_> = r.cases.iter().filter(|c| c.hidden).collect();
    assert!(!hidden.is_empty());
    assert!(hidden
        .iter()
        .all(|c| c.call.is_none() && c.expected.is_none() && c.actual.is_none()));
}

#[test]
fn a_wrong_solution_fails_with_expected_and_actual_values() {
    let d = drill("mle-code-roc-auc-scratch");
    let r = run(
        &d,
        "def roc_auc(scores, labels):\n    print('trying')\n    return 0.25\n",
        false,
        TEN_S,
    );
    assert_eq!(r.ending, Ending::Finished);
    let failed = r
        .cases
        .iter()
        .find(|c| c.status == CaseStatus::Fail)
        .expect("a failing case");
    assert_eq!(failed.actual.as_deref(), Some("0.25"));
    assert!(failed.expected.is_some() && failed.why.is_some());
    assert_eq!(failed.stdout, "trying\n");
}

#[test]
fn an_exception_names_the_line_in_the_users_code() {
    let d = drill("mle-code-roc-auc-scratch");
    let code = "def helper(x):\n    return x[99]\n\ndef roc_auc(scores, labels):\n    return helper(scores)\n";
    let r = run(&d, code, false, TEN_S);
    let e = r.cases[0].error.as_ref().expect("an error");
    assert_eq!((e.kind.as_str(), e.line), ("IndexError", Some(2)));
    assert!(
        e.trace.contains("solution.py") && !e.trace.contains("harness"),
        "{}",
        e.trace
    );

    let r = run(
        &d,
        "def roc_auc(scores, labels)\n    return 1\n",
        false,
        TEN_S,
    );
    let e = r.load_error.expect("a syntax error");
    assert_eq!((e.kind.as_str(), e.line), ("SyntaxError", Some(1)));
    assert!(r.cases.iter().all(|c| c.status == CaseStatus::NotRun));
}

#[test]
fn a_solution_that_never_ends_is_stopped_at_the_limit_with_its_children() {
    let d = drill("mle-code-roc-auc-scratch");
    // The solution also starts a child of its own that would outlive it.
    let code = "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n\
                def roc_auc(scores, labels):\n    while True:\n        pass\n";
    let started = Instant::now();
    let r = run(&d, code, false, Duration::from_secs(2));
    assert_eq!(r.ending, Ending::TimedOut);
    assert!(r.ms >= 2000, "stopped after {} ms", r.ms);
    // The contract is that it stops, not how fast: a busy machine may be slow to reap.
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(r.cases[0].status, CaseStatus::Stopped);
    let sleepers = std::process::Command::new("pgrep")
        .args(["-f", "time.sleep\\(600\\)"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    assert!(sleepers.is_empty(), "a child outlived the run: {sleepers}");
}

#[test]
fn a_run_can_be_cancelled() {
    let d = drill("mle-code-roc-auc-scratch");
    let runner = Arc::new(Runner::default());
    let r2 = runner.clone();
    let d2 = d.clone();
    let run = std::thread::spawn(move || {
        r2.run(
            python(),
            &d2,
            "import time\ndef roc_auc(s, l):\n    time.sleep(600)\n",
            false,
            Duration::from_secs(120),
        )
        .unwrap()
    });
    // Cancel until the run has started and taken the cancel.
    let started = Instant::now();
    while !run.is_finished() {
        std::thread::sleep(Duration::from_millis(200));
        runner.cancel().unwrap();
    }
    let r = run.join().unwrap();
    assert_eq!(r.ending, Ending::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn memory_without_end_output_without_end_and_stdin_are_contained() {
    let d = drill("mle-code-roc-auc-scratch");
    let r = run(
        &d,
        "def roc_auc(s, l):\n    x = []\n    while True:\n        x.append(' ' * 10_000_000)\n",
        false,
        Duration::from_secs(30),
    );
    if cfg!(unix) {
        assert_ne!(
            r.ending,
            Ending::TimedOut,
            "the memory limit stops it first"
        );
        let e = r.cases[0].error.as_ref().expect("a MemoryError");
        assert_eq!(e.kind, "MemoryError");
    }

    let r = run(&d, "import sys, os\ndef roc_auc(s, l):\n    for _ in range(200_000):\n        print('x' * 100)\n        os.write(1, b'y' * 100)\n    return 0.5\n", false, Duration::from_secs(60));
    let c = &r.cases[0];
    assert!(
        c.stdout.len() < 20_000 && c.stdout.contains("more characters not shown"),
        "{}",
        c.stdout.len()
    );
    assert!(
        r.stdout.len() < 70_000 && r.stdout.contains("more bytes not shown"),
        "{}",
        r.stdout.len()
    );
    assert_eq!(r.ending, Ending::Finished);

    let r = run(
        &d,
        "import sys\ndef roc_auc(s, l):\n    a = sys.stdin.read()\n    return input()\n",
        false,
        TEN_S,
    );
    let e = r.cases[0].error.as_ref().expect("no input to read");
    assert_eq!(e.kind, "EOFError");
}

#[test]
fn numpy_is_refused_where_a_drill_does_not_allow_it() {
    let d = drill("mle-code-roc-auc-scratch");
    assert!(!d.numpy);
    let r = run(
        &d,
        "import numpy\ndef roc_auc(s, l):\n    return 1.0\n",
        false,
        TEN_S,
    );
    assert_eq!(
        r.load_error.map(|e| e.kind).as_deref(),
        Some("ModuleNotFoundError")
    );
}

#[test]
fn a_missing_python_is_a_plain_error_and_python_info_says_why() {
    let d = drill("mle-code-roc-auc-scratch");
    let e = Runner::default()
        .run("/nonexistent/python3", &d, "", false, TEN_S)
        .unwrap_err();
    assert!(e.to_string().contains("was not found"), "{e}");
    let info = python_info("/nonexistent/python3");
    assert!(info.version.is_none() && info.problem.unwrap().contains("not found"));
    let info = python_info(python());
    assert!(info.version.unwrap().starts_with("Python 3"));
}

/// A drill made here, for what the bundled ones do not show.
fn made(entry: &str, cases: serde_json::Value) -> Drill {
    serde_json::from_value(serde_json::json!({
        "entry": entry, "signature": "", "starter": "", "cases": cases,
    }))
    .unwrap()
}

#[test]
fn each_method_call_is_recorded_as_it_returned_then() {
    let d = made(
        "Box",
        serde_json::json!([{ "args": [], "calls": [["put", 1], ["items"], ["put", 2], ["items"]],
                             "expected": [null, [1], null, [1, 2]] }]),
    );
    let code = "class Box:\n    def __init__(self):\n        self.xs = []\n    def put(self, x):\n        self.xs.append(x)\n    def items(self):\n        return self.xs\n";
    let r = run(&d, code, true, TEN_S);
    assert_eq!((r.passed, r.total), (1, 1), "{:?}", r.cases[0]);
}

#[test]
fn a_thread_left_running_does_not_hold_a_finished_run() {
    let d = made("f", serde_json::json!([{ "args": [], "expected": 1 }]));
    let code = "import threading, time\ndef f():\n    threading.Thread(target=time.sleep, args=(60,)).start()\n    return 1\n";
    let started = Instant::now();
    let r = run(&d, code, true, Duration::from_secs(30));
    assert_eq!((r.ending, r.passed), (Ending::Finished, 1));
    assert!(started.elapsed() < Duration::from_secs(25));
}

#[test]
fn a_value_too_large_or_not_json_is_an_error_of_that_case_alone() {
    let d = made(
        "f",
        serde_json::json!([{ "args": [0], "expected": 1 }, { "args": [1], "expected": 1 }, { "args": [2], "expected": 1 }]),
    );
    let code = "def f(n):\n    return [list(range(400_000)), object(), 1][n]\n";
    let r = run(&d, code, true, TEN_S);
    let kinds: Vec<_> = r.cases.iter().map(|c| c.status).collect();
    assert_eq!(
        kinds,
        [CaseStatus::Error, CaseStatus::Error, CaseStatus::Pass]
    );
    assert!(r.cases[0]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("larger than 1 MB"));
    assert!(r.cases[1]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("object"));

    let sql: Drill = serde_json::from_value(serde_json::json!({
        "language": "sql", "signature": "", "starter": "",
        "cases": [{ "args": [{ "t": { "columns": ["a"], "rows": [[1]] } }], "expected": [[1]] }],
    }))
    .unwrap();
    let r = run(&sql, "SELECT x'00' FROM t", true, TEN_S);
    assert_eq!(r.ending, Ending::Finished);
    assert_eq!(r.cases[0].status, CaseStatus::Error);
}

#[test]
fn a_drill_survives_import_export_editing_and_copying() {
    let (_dir, db) = common::temp_db();
    let q = bundled()
        .into_iter()
        .find(|q| q.id == "smle-code-lru-least-recently-used")
        .unwrap();
    let pack = onsite::domain::pack::Pack {
        id: "mine".into(),
        title: "Mine".into(),
        description: String::new(),
        source: "tests".into(),
        license: "CC0-1.0".into(),
        questions: vec![onsite::domain::pack::Question {
            id: "mine-lru".into(),
            ..q.clone()
        }],
    };
    db.import_pack(&pack, "mine.toml", "toml", None, 1).unwrap();
    let exported = db.pack("mine").unwrap();
    assert_eq!(
        exported.questions[0].drill, q.drill,
        "export keeps the cases"
    );
    // The editor sends the question back without a drill: the edit keeps it.
    let edited = onsite::domain::pack::Question {
        prompt: "Implement an LRU cache, again.".into(),
        drill: None,
        ..exported.questions[0].clone()
    };
    onsite::services::authoring::save_question(&db, "mine", &edited, 2).unwrap();
    assert_eq!(db.drill("mine-lru").unwrap(), q.drill);
    let copy = onsite::services::authoring::copy_question(&db, "mine-lru", "mine", 3).unwrap();
    assert_eq!(db.drill(&copy).unwrap(), q.drill, "a copy keeps the cases");
}
