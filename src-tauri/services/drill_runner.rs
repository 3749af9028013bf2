//! Runs a user's solution to a coding drill on their own Python, as a separate process that is
//! always stopped: a time limit, a memory limit on Linux, no standard input, capped output, and
//! the whole process group (on Windows, the job) killed when the run ends. A process that leaves
//! its group on purpose (a new session) is not followed.

use crate::domain::drill::{self, Drill, Ending, Language, Process, RunReport};
use crate::error::{Error, Result};
use process_wrap::std::*;
use serde::Serialize;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const HARNESS: &str = include_str!("drill_harness.py");
/// The address space a run may use, where the OS can limit it.
pub const MEMORY_MB: u32 = 1024;
/// Output read from the process's own streams, beyond what the harness captures per case.
const OUTPUT_CAP: usize = 64 * 1024;
/// The most of the harness's results file that is read.
const RESULTS_CAP: u64 = 64 << 20;
/// How often a running process is looked at for its end, a cancel or its time limit. Only while a
/// run is on; nothing polls between runs.
const WATCH: Duration = Duration::from_millis(15);

/// The run in progress, by number, and how to stop it.
type Current = Option<(u64, Sender<()>)>;

/// The runs in progress: one at a time, so a new run or a cancel stops the one before.
#[derive(Default)]
pub struct Runner {
    current: Mutex<Current>,
    runs: AtomicU64,
}

/// The Python Onsite would run drills with, as Settings shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PythonInfo {
    pub program: String,
    /// `Python 3.11.2`, or None when it could not be run.
    pub version: Option<String>,
    pub numpy: Option<String>,
    /// Why it could not be run.
    pub problem: Option<String>,
}

/// How long the probe of the Python may take (a cold start that imports NumPy takes a second or two).
const PROBE_LIMIT: Duration = Duration::from_secs(15);

/// Asks `program` for its version and whether NumPy imports, within [`PROBE_LIMIT`].
pub fn python_info(program: &str) -> PythonInfo {
    let probe = "import sys\ntry:\n import numpy\n n = numpy.__version__\nexcept Exception:\n n = ''\nprint(sys.version.split()[0]); print(n)";
    let mut info = PythonInfo {
        program: program.into(),
        version: None,
        numpy: None,
        problem: None,
    };
    let child = Command::new(program)
        .args(["-c", probe])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            info.problem = Some(with_install(start_problem(program, &e)));
            return info;
        }
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < PROBE_LIMIT => {
                std::thread::sleep(Duration::from_millis(20))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(s) = child.stdout.as_mut() {
        let _ = s.read_to_string(&mut out);
    }
    if let Some(s) = child.stderr.as_mut() {
        let _ = s.take(4096).read_to_string(&mut err);
    }
    match status {
        None => {
            info.problem = Some(format!(
                "{program} did not answer within {} s",
                PROBE_LIMIT.as_secs()
            ))
        }
        Some(s) if !s.success() => {
            info.problem = Some(format!("{program} did not run: {}", err.trim()))
        }
        Some(_) => {
            let mut lines = out.lines();
            let version = lines.next().unwrap_or_default().trim();
            if version.starts_with('3') {
                info.version = Some(format!("Python {version}"));
                info.numpy = lines
                    .next()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(Into::into);
            } else {
                info.problem = Some(format!("{program} is not Python 3 (it says {version:?})"));
            }
        }
    }
    info.problem = info.problem.map(with_install);
    info
}

impl Runner {
    /// Runs `code` against the drill's visible cases, or all of them when `all`, and reports what
    /// each returned. Blocks until the run ends: call it off the UI thread. A run already under
    /// way is cancelled first.
    pub fn run(
        &self,
        python: &str,
        drill: &Drill,
        code: &str,
        all: bool,
        limit: Duration,
    ) -> Result<RunReport> {
        // Registered before anything else, so a cancel sent while the files are written still counts.
        let (cancel, cancelled) = mpsc::channel();
        let number = self.runs.fetch_add(1, Ordering::Relaxed);
        if let Some((_, before)) = self.lock()?.replace((number, cancel)) {
            let _ = before.send(());
        }
        let report = self.run_registered(python, drill, code, all, limit, &cancelled);
        let mut current = self.lock()?;
        if current.as_ref().is_some_and(|(n, _)| *n == number) {
            *current = None;
        }
        report
    }

    fn run_registered(
        &self,
        python: &str,
        drill: &Drill,
        code: &str,
        all: bool,
        limit: Duration,
        cancelled: &mpsc::Receiver<()>,
    ) -> Result<RunReport> {
        let selected = drill.selected(all);
        let dir = tempfile::Builder::new().prefix("onsite-run-").tempdir()?;
        let solution = match drill.language {
            Language::Python => "solution.py",
            Language::Sql => "solution.sql",
        };
        std::fs::write(dir.path().join(solution), code)?;
        std::fs::write(dir.path().join("harness.py"), HARNESS)?;
        let input = drill::harness_input(drill, &selected, MEMORY_MB, limit.as_secs());
        std::fs::write(dir.path().join("cases.json"), serde_json::to_vec(&input)?)?;
        let report = |ending, results: &str, stdout, stderr, ms| {
            drill::report(
                drill,
                &selected,
                all,
                Process {
                    ending,
                    results,
                    stdout,
                    stderr,
                    ms,
                    limit_ms: limit.as_millis() as u64,
                },
            )
        };
        if cancelled.try_recv().is_ok() {
            return Ok(report(
                Ending::Cancelled,
                "",
                String::new(),
                String::new(),
                0,
            ));
        }

        let mut command = CommandWrap::with_new(python, |c| {
            c.arg("-u")
                .arg("harness.py")
                .current_dir(dir.path())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .env("PYTHONIOENCODING", "utf-8")
                // NumPy's BLAS would start a thread per core, each reserving memory up front.
                .env("OPENBLAS_NUM_THREADS", "1")
                .env("OMP_NUM_THREADS", "1")
                .env("MKL_NUM_THREADS", "1");
        });
        #[cfg(unix)]
        command.wrap(ProcessGroup::leader());
        #[cfg(windows)]
        command.wrap(JobObject);

        let started = Instant::now();
        let mut child = command.spawn().map_err(|e| not_started(python, e))?;
        let stdout = capped_reader(child.stdout().take());
        let stderr = capped_reader(child.stderr().take());

        let ending = loop {
            match child.try_wait() {
                Ok(Some(_)) => break None,
                Ok(None) => {}
                // The process cannot be watched: stop it rather than leave it running.
                Err(_) => break Some(Ending::Crashed),
            }
            if started.elapsed() >= limit {
                break Some(Ending::TimedOut);
            }
            match cancelled.recv_timeout(WATCH) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => break Some(Ending::Cancelled),
                Err(RecvTimeoutError::Timeout) => {}
            }
        };
        // Stops whatever is left: the solution itself, or anything it started in its group.
        let _ = child.start_kill();
        let _ = child.wait();
        let ms = started.elapsed().as_millis() as u64;

        let mut results = String::new();
        if let Ok(file) = std::fs::File::open(dir.path().join("results.jsonl")) {
            // The harness caps each line at 1 MB; this caps what a solution writing there itself
            // could make the app read.
            let _ = file.take(RESULTS_CAP).read_to_string(&mut results);
        }
        // The harness's last line says it got through every case.
        let finished = results.lines().any(|l| l.starts_with("{\"done\""));
        let ending = match ending {
            Some(Ending::TimedOut | Ending::Crashed) | None if finished => Ending::Finished,
            Some(e) => e,
            None => Ending::Crashed,
        };
        Ok(report(
            ending,
            &results,
            stdout.join().unwrap_or_default(),
            stderr.join().unwrap_or_default(),
            ms,
        ))
    }

    /// Stops the run in progress, if any.
    pub fn cancel(&self) -> Result<()> {
        if let Some((_, run)) = self.lock()?.take() {
            let _ = run.send(());
        }
        Ok(())
    }

    /// Cancels the run in progress and waits, up to `wait`, for its process to be stopped: for
    /// the app's exit, so no solution outlives it.
    pub fn stop(&self, wait: Duration) {
        let Ok(mut current) = self.current.lock() else {
            return;
        };
        let Some((number, run)) = current.take() else {
            return;
        };
        // Put back, so the run's own end clears it and shows it has stopped.
        let _ = run.send(());
        *current = Some((number, run));
        drop(current);
        let until = Instant::now() + wait;
        while Instant::now() < until {
            match self.current.lock() {
                Ok(c) if c.as_ref().is_some_and(|(n, _)| *n == number) => {}
                _ => return,
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Current>> {
        self.current
            .lock()
            .map_err(|_| Error::Internal("the drill runner's lock was poisoned".into()))
    }
}

/// Why `program` did not start, in the user's words.
fn start_problem(program: &str, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{program} was not found"),
        _ => format!("{program} could not be started: {e}"),
    }
}

/// A problem with the Python, and what to do about it: the one place that says how.
fn with_install(problem: String) -> String {
    format!(
        "{problem}. Install Python 3 (from python.org, or your system's packages, such as \
         sudo apt install python3) or set its path in Settings, under Coding drills."
    )
}

fn not_started(python: &str, e: std::io::Error) -> Error {
    Error::Invalid(with_install(start_problem(python, &e)))
}

/// Reads a stream to its end on a thread, keeping the first [`OUTPUT_CAP`] bytes and draining the
/// rest, so a solution that prints without end never blocks on a full pipe.
fn capped_reader(stream: Option<impl Read + Send + 'static>) -> Reader {
    let (tx, rx) = mpsc::channel();
    if let Some(mut stream) = stream {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut dropped = 0usize;
            let mut buf = [0u8; 8192];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let room = OUTPUT_CAP.saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(&buf[..room]);
                dropped += n - room;
            }
            let mut text = String::from_utf8_lossy(&kept).into_owned();
            if dropped > 0 {
                text.push_str(&format!("\n[... {dropped} more bytes not shown]"));
            }
            let _ = tx.send(text);
        });
    } else {
        let _ = tx.send(String::new());
    }
    Reader(rx)
}

struct Reader(mpsc::Receiver<String>);

impl Reader {
    /// The output, once the stream has closed. A process the solution left behind that still holds
    /// the stream open is not waited for.
    fn join(self) -> Option<String> {
        self.0.recv_timeout(Duration::from_secs(2)).ok()
    }
}
