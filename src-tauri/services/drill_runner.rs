//! Runs a user's solution to a coding drill on their own Python, as a separate process that is
//! always stopped: a time limit, a memory limit where the OS has one, no standard input, capped
//! output, and the whole process group (on Windows, the job) killed when the run ends.

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

/// Asks `program` for its version and whether NumPy imports.
pub fn python_info(program: &str) -> PythonInfo {
    let probe = "import sys\ntry:\n import numpy\n n = numpy.__version__\nexcept Exception:\n n = ''\nprint(sys.version.split()[0]); print(n)";
    let out = Command::new(program)
        .args(["-c", probe])
        .stdin(Stdio::null())
        .output();
    let mut info = PythonInfo {
        program: program.into(),
        version: None,
        numpy: None,
        problem: None,
    };
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            let mut lines = text.lines();
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
        Ok(o) => {
            info.problem = Some(format!(
                "{program} did not run: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            info.problem = Some(format!("{program} was not found"))
        }
        Err(e) => info.problem = Some(format!("{program} could not be started: {e}")),
    }
    info
}

impl Runner {
    /// Runs `code` against the drill's visible cases, or all of them when `all`, and reports what
    /// each returned. Blocks until the run ends: call it off the UI thread.
    pub fn run(
        &self,
        python: &str,
        drill: &Drill,
        code: &str,
        all: bool,
        limit: Duration,
    ) -> Result<RunReport> {
        let selected = drill.selected(all);
        let dir = tempfile::Builder::new().prefix("onsite-run-").tempdir()?;
        let solution = match drill.language {
            Language::Python => "solution.py",
            Language::Sql => "solution.sql",
        };
        std::fs::write(dir.path().join(solution), code)?;
        std::fs::write(dir.path().join("harness.py"), HARNESS)?;
        let input = drill::harness_input(drill, &selected, MEMORY_MB);
        std::fs::write(dir.path().join("cases.json"), serde_json::to_vec(&input)?)?;

        let (cancel, cancelled) = mpsc::channel();
        let number = self.runs.fetch_add(1, Ordering::Relaxed);
        if let Some((_, before)) = self.lock()?.replace((number, cancel)) {
            let _ = before.send(());
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
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Invalid(format!(
                "{python} was not found. Install Python 3 (python.org, or your system's package manager) or set its path in Settings."
            )),
            _ => Error::Io(e),
        })?;
        let stdout = capped_reader(child.stdout().take());
        let stderr = capped_reader(child.stderr().take());

        let ending = loop {
            if child.try_wait()?.is_some() {
                break None;
            }
            if started.elapsed() >= limit {
                break Some(Ending::TimedOut);
            }
            match cancelled.recv_timeout(WATCH) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => break Some(Ending::Cancelled),
                Err(RecvTimeoutError::Timeout) => {}
            }
        };
        // Stops whatever is left: the solution itself, or anything it started.
        let _ = child.start_kill();
        let _ = child.wait();
        let ms = started.elapsed().as_millis() as u64;
        {
            let mut current = self.lock()?;
            if current.as_ref().is_some_and(|(n, _)| *n == number) {
                *current = None;
            }
        }

        let results = std::fs::read_to_string(dir.path().join("results.jsonl")).unwrap_or_default();
        // The harness's last line says it got to the end.
        let finished = results.lines().any(|l| l.starts_with("{\"done\""));
        let ending = ending.unwrap_or(if finished {
            Ending::Finished
        } else {
            Ending::Crashed
        });
        Ok(drill::report(
            drill,
            &selected,
            all,
            Process {
                ending,
                results: &results,
                stdout: stdout.join().unwrap_or_default(),
                stderr: stderr.join().unwrap_or_default(),
                ms,
                limit_ms: limit.as_millis() as u64,
            },
        ))
    }

    /// Stops the run in progress, if any.
    pub fn cancel(&self) -> Result<()> {
        if let Some((_, run)) = self.lock()?.take() {
            let _ = run.send(());
        }
        Ok(())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Current>> {
        self.current
            .lock()
            .map_err(|_| Error::Internal("the drill runner's lock was poisoned".into()))
    }
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
