//! Runnable coding drills: test cases kept as data, their checks, the comparison rules, and the
//! report of a run built from what the harness returned.
//!
//! Nothing here runs code. A pack's cases are JSON values read with a JSON parser; the harness that
//! calls the user's code is Onsite's own (`services/drill_harness.py`), and the values it returns
//! are compared here.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The default tolerance of the float, unordered and array comparisons.
pub const DEFAULT_TOLERANCE: f64 = 1e-6;
/// Bundled coding questions carry at least this many cases.
pub const MIN_BUNDLED_CASES: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Python,
    /// One SQLite query, run against each case's tables.
    Sql,
}

/// How a case's returned value is held against the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compare {
    /// Equal as JSON, numbers by value (1 equals 1.0).
    #[default]
    Exact,
    /// Equal, with every number within the tolerance.
    Float,
    /// The returned list holds the expected elements in any order (each by the float rule).
    Unordered,
    /// The same shape of nested lists, and every value within the tolerance.
    Array,
}

/// A coding question's runnable part. Stored as JSON with the question; crosses IPC only as a
/// [`DrillView`], which leaves the hidden cases out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Drill {
    #[serde(default)]
    pub language: Language,
    /// The function the cases call, or the class they construct (Python only).
    #[serde(default)]
    pub entry: Option<String>,
    pub signature: String,
    pub starter: String,
    /// Whether a solution may import NumPy.
    #[serde(default)]
    pub numpy: bool,
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    /// The positional arguments (for a class drill, the constructor's).
    pub args: Vec<Value>,
    /// A class drill's method calls, each `[name, arg...]`; `expected` is then the list of what
    /// each returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Vec<Value>>,
    pub expected: Value,
    #[serde(default)]
    pub compare: Compare,
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    #[serde(default)]
    pub hidden: bool,
}

fn default_tolerance() -> f64 {
    DEFAULT_TOLERANCE
}

/// A drill as the question page sees it: the visible cases in full, the hidden ones only counted.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DrillView {
    pub language: Language,
    pub signature: String,
    pub starter: String,
    pub numpy: bool,
    pub examples: Vec<CaseView>,
    pub hidden_cases: usize,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseView {
    pub call: String,
    pub expected: String,
}

impl Drill {
    pub fn view(&self) -> DrillView {
        DrillView {
            language: self.language,
            signature: self.signature.clone(),
            starter: self.starter.clone(),
            numpy: self.numpy,
            examples: self
                .cases
                .iter()
                .filter(|c| !c.hidden)
                .map(|c| CaseView {
                    call: self.call_text(c),
                    expected: self.show(&c.expected),
                })
                .collect(),
            hidden_cases: self.cases.iter().filter(|c| c.hidden).count(),
        }
    }

    /// How a case is called, as the user would write it: `auc([0.9, 0.1], [1, 0])`.
    fn call_text(&self, case: &Case) -> String {
        let args = case.args.iter().map(|a| self.show(a)).collect::<Vec<_>>();
        match (self.language, &case.calls) {
            // The tables the query runs on: `orders(id, amount) = [[1, 9.5], [2, 3.0]]`.
            (Language::Sql, _) => {
                let tables = case.args.first().and_then(Value::as_object);
                let shown = tables.into_iter().flatten().map(|(name, t)| {
                    let columns = t["columns"].as_array().into_iter().flatten();
                    let columns: Vec<_> = columns.filter_map(Value::as_str).collect();
                    format!(
                        "{name}({}) = {}",
                        columns.join(", "),
                        short_json(&t["rows"])
                    )
                });
                cut(shown.collect::<Vec<_>>().join("; "))
            }
            (Language::Python, None) => {
                format!(
                    "{}({})",
                    self.entry.as_deref().unwrap_or("?"),
                    args.join(", ")
                )
            }
            (Language::Python, Some(calls)) => {
                let calls = calls.iter().map(|c| {
                    let parts = c.as_array().map(Vec::as_slice).unwrap_or_default();
                    let name = parts.first().and_then(Value::as_str).unwrap_or("?");
                    let rest = parts
                        .iter()
                        .skip(1)
                        .map(|a| self.show(a))
                        .collect::<Vec<_>>();
                    format!(".{name}({})", rest.join(", "))
                });
                let entry = self.entry.as_deref().unwrap_or("?");
                format!("{entry}({}){}", args.join(", "), calls.collect::<String>())
            }
        }
    }

    /// A value as the drill's language writes it: Python literals, or JSON for SQL rows.
    fn show(&self, v: &Value) -> String {
        self.shower()(v)
    }

    fn shower(&self) -> Show {
        match self.language {
            Language::Python => short_python,
            Language::Sql => short_json,
        }
    }

    /// The indices of the cases a run tries: the visible ones, or all for a submission.
    pub fn selected(&self, all: bool) -> Vec<usize> {
        (0..self.cases.len())
            .filter(|&i| all || !self.cases[i].hidden)
            .collect()
    }

    /// What is wrong with the drill, as `(field, message)` pairs.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        match (self.language, &self.entry) {
            (Language::Python, None) => {
                out.push(("entry", "a Python drill names its entry".into()))
            }
            (Language::Python, Some(e)) if !is_identifier(e) => {
                out.push(("entry", format!("{e:?} is not a Python name")))
            }
            (Language::Sql, Some(_)) => out.push(("entry", "an SQL drill has no entry".into())),
            _ => {}
        }
        if self.starter.trim().is_empty() {
            out.push(("starter", "must not be empty".into()));
        }
        if self.signature.trim().is_empty() {
            out.push(("signature", "must not be empty".into()));
        }
        if self.cases.is_empty() {
            out.push(("case", "a runnable drill needs at least one case".into()));
        }
        let with_calls = self.cases.iter().filter(|c| c.calls.is_some()).count();
        if with_calls != 0 && with_calls != self.cases.len() {
            out.push((
                "calls",
                "either every case of a drill has calls, or none".into(),
            ));
        }
        out
    }

    /// Whether a bundled question's drill is complete: enough cases, some shown and some hidden.
    pub fn bundled_gap(&self) -> Option<String> {
        let hidden = self.cases.iter().filter(|c| c.hidden).count();
        (self.cases.len() < MIN_BUNDLED_CASES || hidden == 0 || hidden == self.cases.len()).then(
            || format!("at least {MIN_BUNDLED_CASES} [[question.coding.case]], some hidden and some visible"),
        )
    }
}

impl Case {
    /// What is wrong with one case as data, as `(field, message)` pairs.
    pub fn problems(&self, language: Language) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if language == Language::Sql {
            if let Err(m) = tables_problem(&self.args) {
                out.push(("args", m));
            }
        }
        if let Some(calls) = &self.calls {
            let bad = calls.iter().any(|c| {
                !c.as_array()
                    .and_then(|a| a.first())
                    .and_then(Value::as_str)
                    .is_some_and(is_identifier)
            });
            if bad {
                out.push((
                    "calls",
                    "each call is a list that starts with a method name: [\"get\", 1]".into(),
                ));
            }
            if self.expected.as_array().map(Vec::len) != Some(calls.len()) {
                out.push((
                    "expected",
                    "a class drill expects one value per call, as a list".into(),
                ));
            }
        }
        if !(self.tolerance.is_finite() && (0.0..1.0).contains(&self.tolerance)) {
            out.push(("tolerance", "must be at least 0 and below 1".into()));
        }
        if self.compare == Compare::Array && shape(&self.expected).is_none() {
            out.push((
                "expected",
                "an array comparison expects a rectangular list of numbers".into(),
            ));
        }
        if self.compare == Compare::Unordered && !self.expected.is_array() {
            out.push(("expected", "an unordered comparison expects a list".into()));
        }
        out
    }

    /// Whether `actual` matches this case's expected value, and if not, why, in a few words.
    pub fn check(&self, actual: &Value) -> Result<(), String> {
        self.check_as(actual, short_json)
    }

    /// [`Case::check`], with values in the reason written by `show` (as the drill's language
    /// writes them: `None` for Python, `null` for JSON).
    pub fn check_as(&self, actual: &Value, show: Show) -> Result<(), String> {
        let tol = self.tolerance;
        match self.compare {
            Compare::Exact => difference(actual, &self.expected, None, "", show),
            Compare::Float => difference(actual, &self.expected, Some(tol), "", show),
            Compare::Unordered => unordered(actual, &self.expected, tol, show),
            Compare::Array => {
                let (want, got) = (shape(&self.expected), shape(actual));
                if want != got {
                    return Err(match got {
                        Some(got) => format!(
                            "shape {} but expected {}",
                            dims(&got),
                            dims(&want.unwrap_or_default())
                        ),
                        None => match first_non_number(actual) {
                            Some(v) => format!("holds {}, not only numbers", show(v)),
                            None => "its rows differ in length".into(),
                        },
                    });
                }
                difference(actual, &self.expected, Some(tol), "", show)
            }
        }
    }
}

/// The first place where `actual` differs from `expected`, in a few words ("at [2]: 0.7 but
/// expected 0.75"), or Ok when they match: numbers by value, within `tol · max(1, |expected|)`
/// when a tolerance is given.
/// How a value is written in a message.
pub type Show = fn(&Value) -> String;

fn difference(
    actual: &Value,
    expected: &Value,
    tol: Option<f64>,
    at: &str,
    show: Show,
) -> Result<(), String> {
    let place = if at.is_empty() {
        String::new()
    } else {
        format!("at {at}: ")
    };
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let equal = match (tol, a.as_i64().zip(e.as_i64()), a.as_u64().zip(e.as_u64())) {
                // Whole numbers compare exactly, beyond what a float holds.
                (None, Some((a, e)), _) => a == e,
                (None, _, Some((a, e))) => a == e,
                (None, ..) => a.as_f64() == e.as_f64(),
                (Some(tol), ..) => {
                    let (a, e) = (
                        a.as_f64().unwrap_or(f64::NAN),
                        e.as_f64().unwrap_or(f64::NAN),
                    );
                    (a - e).abs() <= tol * e.abs().max(1.0)
                }
            };
            if equal {
                Ok(())
            } else {
                let within = tol.map(|t| format!(" (tolerance {t})")).unwrap_or_default();
                Err(format!("{place}{a} but expected {e}{within}"))
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                return Err(format!("{place}{} items but expected {}", a.len(), e.len()));
            }
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                difference(a, e, tol, &format!("{at}[{i}]"), show)?;
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(e)) => {
            if let Some(k) = e.keys().find(|k| !a.contains_key(*k)) {
                return Err(format!("{place}no key {k:?}"));
            }
            if let Some(k) = a.keys().find(|k| !e.contains_key(*k)) {
                return Err(format!("{place}an extra key {k:?}"));
            }
            for (k, e) in e {
                difference(&a[k], e, tol, &format!("{at}[{k:?}]"), show)?;
            }
            Ok(())
        }
        _ if actual == expected => Ok(()),
        _ => Err(format!(
            "{place}{} but expected {}",
            describe(actual, show),
            describe(expected, show)
        )),
    }
}

/// A value named by what it is, with the value itself when short.
fn describe(v: &Value, show: Show) -> String {
    let kind = match v {
        Value::Null | Value::Bool(_) | Value::Number(_) => return show(v),
        Value::String(s) if s.chars().count() <= 40 => return show(v),
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    kind.into()
}

fn first_non_number(v: &Value) -> Option<&Value> {
    match v {
        Value::Number(_) => None,
        Value::Array(items) => items.iter().find_map(first_non_number),
        other => Some(other),
    }
}

fn same(actual: &Value, expected: &Value, tol: Option<f64>) -> bool {
    difference(actual, expected, tol, "", short_json).is_ok()
}

/// A Python name a drill may call: not a dunder (`__class__`), which reaches Python's internals.
fn is_identifier(s: &str) -> bool {
    !s.starts_with("__")
        && s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// An SQL drill's one argument: `{"table": {"columns": [...], "rows": [[...], ...]}}`.
fn tables_problem(args: &[Value]) -> Result<(), String> {
    let [Value::Object(tables)] = args else {
        return Err("an SQL case has one argument: an object of tables".into());
    };
    for (name, table) in tables {
        if !is_identifier(name) {
            return Err(format!("{name:?} is not a table name"));
        }
        let columns = table.get("columns").and_then(Value::as_array);
        let rows = table.get("rows").and_then(Value::as_array);
        let (Some(columns), Some(rows)) = (columns, rows) else {
            return Err(format!("table {name} needs \"columns\" and \"rows\" lists"));
        };
        if !columns
            .iter()
            .all(|c| c.as_str().is_some_and(is_identifier))
        {
            return Err(format!("table {name}: each column is a name"));
        }
        if let Some(i) = rows
            .iter()
            .position(|r| r.as_array().map(Vec::len) != Some(columns.len()))
        {
            return Err(format!(
                "table {name}: row {} does not have {} values",
                i + 1,
                columns.len()
            ));
        }
    }
    Ok(())
}

fn unordered(actual: &Value, expected: &Value, tol: f64, show: Show) -> Result<(), String> {
    let (Some(actual), Some(expected)) = (actual.as_array(), expected.as_array()) else {
        return Err("not a list".into());
    };
    if actual.len() != expected.len() {
        return Err(format!(
            "{} items but expected {}",
            actual.len(),
            expected.len()
        ));
    }
    // Lists of numbers: sorted, side by side, so a close pair is never taken by a wrong partner.
    let numbers = |l: &[Value]| l.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>();
    if let (Some(mut a), Some(mut e)) = (numbers(actual), numbers(expected)) {
        a.sort_by(f64::total_cmp);
        e.sort_by(f64::total_cmp);
        return match a
            .iter()
            .zip(&e)
            .find(|(a, e)| (*a - *e).abs() > tol * e.abs().max(1.0))
        {
            Some((_, e)) => Err(format!("{e} is missing")),
            None => Ok(()),
        };
    }
    let mut left: Vec<&Value> = actual.iter().collect();
    for e in expected {
        match left.iter().position(|a| same(a, e, Some(tol))) {
            Some(i) => {
                left.swap_remove(i);
            }
            None => return Err(format!("{} is missing", show(e))),
        }
    }
    Ok(())
}

/// The dimensions of a rectangular nested list of numbers (`[]` for a number), or None.
fn shape(v: &Value) -> Option<Vec<usize>> {
    match v {
        Value::Number(_) => Some(Vec::new()),
        Value::Array(items) => {
            let mut inner = items.iter().map(shape);
            let first = match inner.next() {
                None => return Some(vec![0]),
                Some(s) => s?,
            };
            for s in inner {
                if s.as_ref() != Some(&first) {
                    return None;
                }
            }
            Some(std::iter::once(items.len()).chain(first).collect())
        }
        _ => None,
    }
}

fn dims(shape: &[usize]) -> String {
    match shape {
        [] => "()".into(),
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A value as compact JSON, cut to a readable length.
pub fn short_json(v: &Value) -> String {
    cut(v.to_string())
}

/// A value as a Python literal (`None`, `True`, `[1, 2.5]`, `{'k': 'v'}`), cut to a readable
/// length: what a Python user would write or print.
pub fn short_python(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        // Far past what is shown: the rest would be cut anyway.
        if out.len() > 4 * MAX_SHOWN {
            return;
        }
        match v {
            Value::Null => out.push_str("None"),
            Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) => out.push_str(&format!("{s:?}")),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&format!("{k:?}: "));
                    write(item, out);
                }
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    cut(out)
}

/// Characters of a value shown before it is cut.
const MAX_SHOWN: usize = 400;

fn cut(text: String) -> String {
    match text.char_indices().nth(MAX_SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// The cases of one run, as the harness reads them (`cases.json`).
pub fn harness_input(drill: &Drill, selected: &[usize], memory_mb: u32, seconds: u64) -> Value {
    let cases: Vec<Value> = selected
        .iter()
        .map(|&i| {
            let c = &drill.cases[i];
            serde_json::json!({ "args": c.args, "calls": c.calls })
        })
        .collect();
    serde_json::json!({
        "language": drill.language,
        "entry": drill.entry,
        "numpy": drill.numpy,
        "memory_mb": memory_mb,
        "seconds": seconds,
        "cases": cases,
    })
}

/// An error raised by the user's code, located to its line in their code where the trace shows one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeError {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    pub line: Option<u32>,
    #[serde(default)]
    pub trace: String,
}

/// One line of the harness's `results.jsonl`.
#[derive(Debug, Deserialize)]
struct HarnessLine {
    case: Option<usize>,
    #[serde(default)]
    load: Option<CodeError>,
    /// Present, even as `null`, when the call returned.
    #[serde(default, deserialize_with = "present")]
    actual: Option<Value>,
    error: Option<CodeError>,
    #[serde(default)]
    ms: f64,
    #[serde(default)]
    stdout: String,
    #[serde(default)]
    stderr: String,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// How a run ended, as the runner saw the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Ending {
    /// The harness went through every case.
    Finished,
    /// The run passed its time limit and was stopped.
    TimedOut,
    /// The user cancelled it.
    Cancelled,
    /// The process ended before the harness did (killed by the OS, out of memory, or the
    /// solution exited).
    Crashed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CaseStatus {
    Pass,
    Fail,
    Error,
    /// The run stopped while this case was being tried.
    Stopped,
    NotRun,
}

/// One case's result. A hidden case shows its status alone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseResult {
    pub index: usize,
    pub hidden: bool,
    pub status: CaseStatus,
    pub call: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Why a returned value does not match.
    pub why: Option<String>,
    pub error: Option<CodeError>,
    pub stdout: String,
    pub stderr: String,
    pub ms: f64,
}

/// A run's result, as the question page and the round show it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// A submission: every case, hidden ones included.
    pub all: bool,
    pub ending: Ending,
    pub passed: usize,
    pub total: usize,
    pub cases: Vec<CaseResult>,
    /// An error before any case ran: a syntax error, or a failure at import.
    pub load_error: Option<CodeError>,
    /// Output outside any case (at import, or written straight to the process's streams).
    pub stdout: String,
    pub stderr: String,
    /// Wall-clock time of the whole run, process start included.
    pub ms: u64,
    /// How long the run could take before it was stopped.
    pub limit_ms: u64,
}

/// What the runner saw of the process.
pub struct Process<'a> {
    pub ending: Ending,
    pub results: &'a str,
    pub stdout: String,
    pub stderr: String,
    pub ms: u64,
    pub limit_ms: u64,
}

/// Builds the report of a run of `selected` cases from the harness's result lines.
pub fn report(drill: &Drill, selected: &[usize], all: bool, p: Process) -> RunReport {
    let mut lines: Vec<HarnessLine> = p
        .results
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut load_error = None;
    let (mut stdout, mut stderr) = (String::new(), String::new());
    for l in lines.iter_mut().filter(|l| l.case.is_none()) {
        load_error = load_error.or(l.load.take());
        stdout.push_str(&l.stdout);
        stderr.push_str(&l.stderr);
    }
    stdout.push_str(&p.stdout);
    stderr.push_str(&p.stderr);

    let mut cases = Vec::with_capacity(selected.len());
    let mut seen_end = false;
    for (n, &i) in selected.iter().enumerate() {
        let case = &drill.cases[i];
        let line = lines.iter().find(|l| l.case == Some(n));
        let mut r = CaseResult {
            index: i,
            hidden: case.hidden,
            status: CaseStatus::NotRun,
            call: Some(drill.call_text(case)),
            expected: Some(drill.show(&case.expected)),
            actual: None,
            why: None,
            error: None,
            stdout: String::new(),
            stderr: String::new(),
            ms: 0.0,
        };
        match line {
            Some(l) => {
                r.ms = l.ms;
                r.stdout = l.stdout.clone();
                r.stderr = l.stderr.clone();
                if let Some(e) = &l.error {
                    r.status = CaseStatus::Error;
                    r.error = Some(e.clone());
                } else if let Some(actual) = &l.actual {
                    r.actual = Some(drill.show(actual));
                    match case.check_as(actual, drill.shower()) {
                        Ok(()) => r.status = CaseStatus::Pass,
                        Err(why) => {
                            r.status = CaseStatus::Fail;
                            r.why = Some(why);
                        }
                    }
                }
            }
            // The first case without a result is the one the run stopped in.
            None if !seen_end && load_error.is_none() && p.ending != Ending::Finished => {
                seen_end = true;
                r.status = CaseStatus::Stopped;
            }
            None => {}
        }
        if case.hidden {
            r = CaseResult {
                call: None,
                expected: None,
                actual: None,
                why: None,
                error: None,
                stdout: String::new(),
                stderr: String::new(),
                ..r
            };
        }
        cases.push(r);
    }
    RunReport {
        all,
        ending: p.ending,
        passed: cases
            .iter()
            .filter(|c| c.status == CaseStatus::Pass)
            .count(),
        total: cases.len(),
        cases,
        load_error,
        stdout,
        stderr,
        ms: p.ms,
        limit_ms: p.limit_ms,
    }
}

/// What a round keeps of a coding answer's last run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunCounts {
    pub all: bool,
    pub passed: usize,
    pub total: usize,
}

impl From<&RunReport> for RunCounts {
    fn from(r: &RunReport) -> Self {
        RunCounts {
            all: r.all,
            passed: r.passed,
            total: r.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case(expected: Value, compare: Compare) -> Case {
        Case {
            args: vec![],
            calls: None,
            expected,
            compare,
            tolerance: 1e-6,
            hidden: false,
        }
    }

    fn drill(cases: Vec<Case>) -> Drill {
        Drill {
            language: Language::Python,
            entry: Some("f".into()),
            signature: "f(x)".into(),
            starter: "def f(x):\n    pass\n".into(),
            numpy: false,
            cases,
        }
    }

    #[test]
    fn exact_compares_numbers_by_value_and_nothing_else_loosely() {
        let c = case(json!([1, "a", {"k": 2}]), Compare::Exact);
        assert!(c.check(&json!([1.0, "a", {"k": 2}])).is_ok());
        assert!(c.check(&json!([1.0000001, "a", {"k": 2}])).is_err());
        assert!(
            c.check(&json!([true, "a", {"k": 2}])).is_err(),
            "a bool is not 1"
        );
        assert!(c.check(&json!([1, "a", {"k": 2, "x": 0}])).is_err());
        assert!(case(json!(null), Compare::Exact)
            .check(&json!(null))
            .is_ok());
    }

    #[test]
    fn float_allows_the_tolerance_relative_to_large_values() {
        let mut c = case(json!([0.5, 1000.0]), Compare::Float);
        c.tolerance = 1e-3;
        assert!(c.check(&json!([0.5009, 1000.9])).is_ok());
        assert!(c.check(&json!([0.502, 1000.0])).is_err());
        assert!(c.check(&json!([0.5, 1002.0])).is_err());
        assert!(c.check(&json!([0.5])).is_err(), "length counts");
        assert!(c.check(&json!("NaN")).is_err());
    }

    #[test]
    fn a_failure_says_where_the_values_differ() {
        let c = case(json!({"w": [0.5, 1.0], "b": 0.0}), Compare::Float);
        assert_eq!(
            c.check(&json!({"w": [0.5, 1.1], "b": 0.0})).unwrap_err(),
            "at [\"w\"][1]: 1.1 but expected 1.0 (tolerance 0.000001)"
        );
        assert_eq!(
            c.check(&json!({"w": [0.5], "b": 0.0})).unwrap_err(),
            "at [\"w\"]: 1 items but expected 2"
        );
        assert_eq!(
            c.check(&json!({"w": [0.5, 1.0]})).unwrap_err(),
            "no key \"b\""
        );
        assert_eq!(
            case(json!([1, 2]), Compare::Exact)
                .check(&json!([1, "2"]))
                .unwrap_err(),
            "at [1]: \"2\" but expected 2"
        );
        // Whole numbers beyond a float's 53 bits still compare exactly.
        let big = case(json!(9_007_199_254_740_993_i64), Compare::Exact);
        assert!(big.check(&json!(9_007_199_254_740_992_i64)).is_err());
        assert!(big.check(&json!(9_007_199_254_740_993_i64)).is_ok());
    }

    #[test]
    fn a_reason_writes_values_as_the_drill_does() {
        let c = case(json!([0.75, true]), Compare::Float);
        assert_eq!(
            c.check_as(&json!([null, true]), short_python).unwrap_err(),
            "at [0]: None but expected 0.75"
        );
        assert_eq!(
            c.check(&json!([0.75, false])).unwrap_err(),
            "at [1]: false but expected true"
        );
    }

    #[test]
    fn unordered_numbers_pair_up_by_order_not_by_first_match() {
        let c = case(json!([0.0, 1.5e-6]), Compare::Unordered);
        assert!(c.check(&json!([1e-6, -0.5e-6])).is_ok());
    }

    #[test]
    fn unordered_matches_each_element_once() {
        let c = case(json!([[1, 2], [3, 4], [1, 2]]), Compare::Unordered);
        assert!(c.check(&json!([[3, 4], [1, 2], [1, 2]])).is_ok());
        let e = c.check(&json!([[3, 4], [1, 2], [3, 4]])).unwrap_err();
        assert!(e.contains("[1,2] is missing"), "{e}");
        assert!(c
            .check(&json!([[1, 2], [3, 4]]))
            .unwrap_err()
            .contains("2 items"));
        assert!(c.check(&json!(3)).is_err());
    }

    #[test]
    fn array_checks_the_shape_before_the_values() {
        let c = case(json!([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), Compare::Array);
        assert!(c.check(&json!([[1, 2, 3], [4, 5, 6.0000001]])).is_ok());
        let e = c.check(&json!([[1, 2], [3, 4], [5, 6]])).unwrap_err();
        assert_eq!(e, "shape (3, 2) but expected (2, 3)");
        assert_eq!(
            c.check(&json!([[1, 2, 3], [4, 5]])).unwrap_err(),
            "its rows differ in length"
        );
        assert_eq!(
            c.check(&json!([[1, 2, "NaN"], [4, 5, 6]])).unwrap_err(),
            "holds \"NaN\", not only numbers"
        );
        assert!(c.check(&json!([[1, 2, 3], [4, 5, 7]])).is_err());
        assert_eq!(shape(&json!([])), Some(vec![0]));
    }

    #[test]
    fn a_report_reads_results_hides_hidden_cases_and_finds_where_a_run_stopped() {
        let mut cases = vec![
            case(json!(1), Compare::Exact),
            case(json!(2), Compare::Exact),
            case(json!(3), Compare::Exact),
            case(json!(4), Compare::Exact),
        ];
        cases[0].args = vec![json!(1)];
        cases[1].hidden = true;
        let d = drill(cases);
        let results = "{\"case\":0,\"actual\":1,\"ms\":0.5,\"stdout\":\"hi\\n\",\"stderr\":\"\"}\n\
                       {\"case\":1,\"actual\":5,\"ms\":0.1,\"stdout\":\"secret\",\"stderr\":\"\"}\n\
                       {\"case\":2,\"error\":{\"type\":\"ValueError\",\"message\":\"bad\",\"line\":3,\"trace\":\"\"},\"ms\":0.1}\n";
        let r = report(
            &d,
            &d.selected(true),
            true,
            Process {
                ending: Ending::TimedOut,
                results,
                stdout: String::new(),
                stderr: String::new(),
                ms: 10_000,
                limit_ms: 10_000,
            },
        );
        let status: Vec<_> = r.cases.iter().map(|c| c.status).collect();
        assert_eq!(
            status,
            [
                CaseStatus::Pass,
                CaseStatus::Fail,
                CaseStatus::Error,
                CaseStatus::Stopped
            ]
        );
        assert_eq!((r.passed, r.total), (1, 4));
        assert_eq!(r.cases[0].call.as_deref(), Some("f(1)"));
        assert_eq!(r.cases[0].stdout, "hi\n");
        let hidden = &r.cases[1];
        assert!(hidden.actual.is_none() && hidden.expected.is_none() && hidden.stdout.is_empty());
        assert_eq!(r.cases[2].error.as_ref().unwrap().line, Some(3));

        assert_eq!(d.selected(false), [0, 2, 3]);
        assert_eq!(d.view().hidden_cases, 1);
        assert_eq!(d.view().examples.len(), 3);
    }

    #[test]
    fn a_load_error_is_reported_once_and_no_case_counts_as_stopped() {
        let d = drill(vec![case(json!(1), Compare::Exact)]);
        let results = "{\"load\":{\"type\":\"SyntaxError\",\"message\":\"invalid syntax\",\"line\":2,\"trace\":\"\"},\"stdout\":\"\",\"stderr\":\"\"}\n";
        let r = report(
            &d,
            &[0],
            false,
            Process {
                ending: Ending::Finished,
                results,
                stdout: String::new(),
                stderr: String::new(),
                ms: 40,
                limit_ms: 10_000,
            },
        );
        assert_eq!(r.load_error.unwrap().line, Some(2));
        assert_eq!(r.cases[0].status, CaseStatus::NotRun);
    }

    #[test]
    fn an_sql_case_shows_its_tables() {
        let mut c = case(json!([[1]]), Compare::Unordered);
        c.args = vec![json!({"t": {"columns": ["a", "b"], "rows": [[1, "x"]]}})];
        let d = Drill {
            language: Language::Sql,
            entry: None,
            ..drill(vec![c])
        };
        assert_eq!(d.view().examples[0].call, r#"t(a, b) = [[1,"x"]]"#);
    }

    #[test]
    fn values_show_as_python_writes_them() {
        let v = json!([null, true, 2.5, "a", {"k": [1]}]);
        assert_eq!(short_python(&v), r#"[None, True, 2.5, "a", {"k": [1]}]"#);
        let long = json!(vec![1; 10_000]);
        assert!(short_python(&long).chars().count() <= MAX_SHOWN + 1);
    }

    #[test]
    fn bad_cases_and_drills_are_named() {
        let mut c = case(json!([1]), Compare::Exact);
        c.calls = Some(vec![json!(["get", 1]), json!([2])]);
        c.tolerance = 2.0;
        let fields: Vec<_> = c
            .problems(Language::Python)
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(fields, ["calls", "expected", "tolerance"]);
        let mut sql = case(json!([]), Compare::Unordered);
        sql.args = vec![json!({"t": {"columns": ["a", "b"], "rows": [[1, 2], [3]]}})];
        assert!(sql.problems(Language::Sql)[0].1.contains("row 2"));

        let mut dunder = case(json!([1]), Compare::Exact);
        dunder.calls = Some(vec![json!(["__class__"])]);
        assert_eq!(dunder.problems(Language::Python)[0].0, "calls");

        let mut d = drill(vec![]);
        d.entry = Some("not a name".into());
        let fields: Vec<_> = d.problems().into_iter().map(|p| p.0).collect();
        assert_eq!(fields, ["entry", "case"]);
        assert!(d.bundled_gap().is_some());
    }
}
