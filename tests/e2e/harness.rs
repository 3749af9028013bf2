//! Runs the real app for a test: a display (the current one, or a private Xvfb), tauri-driver in
//! front of WebKitWebDriver, and a WebDriver session that launches `onsite` on a data directory.

use fantoccini::error::CmdError;
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One app window at a time: each is a WebKit process tree, and the machine may have two cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const WAIT: Duration = Duration::from_secs(20);

/// How long a launch may take before it is a failure: generous, for a machine with both cores busy.
const LAUNCH_WAIT: Duration = Duration::from_secs(180);

/// The display and driver for one test. Dropping it stops both.
pub struct Harness {
    _lock: MutexGuard<'static, ()>,
    /// The file that answers the app's file dialogs (see `pick`).
    picks: tempfile::NamedTempFile,
    /// How many days later than today the app's clock reads (see `days_later`).
    days_later: tempfile::NamedTempFile,
    xvfb: Option<Child>,
    driver: Child,
    port: u16,
    display: String,
}

impl Drop for Harness {
    fn drop(&mut self) {
        // tauri-driver stops WebKitWebDriver (and the app) on SIGTERM.
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.driver.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(x) = &mut self.xvfb {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn on_path(bin: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {bin}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts a private Xvfb and returns it with its display name (Xvfb picks a free number itself).
fn start_xvfb() -> Result<(Child, String), String> {
    use std::io::Read;
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1240x820x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Xvfb: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut number = String::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).map_err(|e| e.to_string())? == 1 && byte[0] != b'\n' {
        number.push(byte[0] as char);
    }
    if number.trim().is_empty() {
        let _ = child.kill();
        return Err("Xvfb did not report a display".into());
    }
    Ok((child, format!(":{}", number.trim())))
}

impl Harness {
    /// Starts the display and driver. Returns `None` (and says why) only where no display server can
    /// be started at all; under CI that is a failure, not a skip.
    pub fn start() -> Option<Harness> {
        let lock = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let missing: Vec<_> = ["Xvfb", "tauri-driver", "WebKitWebDriver"]
            .into_iter()
            .filter(|b| !on_path(b))
            .collect();
        if !missing.is_empty() {
            let why = format!(
                "end-to-end tests need {} (scripts/test installs them)",
                missing.join(", ")
            );
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("SKIPPED: {why}");
            return None;
        }
        let (xvfb, display) = match start_xvfb() {
            Ok((child, display)) => (Some(child), display),
            Err(why) => {
                assert!(std::env::var_os("CI").is_none(), "{why}");
                eprintln!("SKIPPED: no display server could be started: {why}");
                return None;
            }
        };
        let (port, native_port) = (free_port(), free_port());
        let picks = tempfile::NamedTempFile::new().expect("a picks file");
        let days_later = tempfile::NamedTempFile::new().expect("a clock file");
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            // Software rendering: no GPU here, and compositing only costs memory under Xvfb.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            // WebDriver cannot reach a native file dialog: the app answers each from this file.
            .env("ONSITE_TEST_PICKS", picks.path())
            // And reads its clock as many days later as this file says when it starts.
            .env("ONSITE_TEST_DAYS_LATER", days_later.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        // tauri-driver listens before the WebKitWebDriver it starts does, and closes a request it
        // cannot pass on without an answer: on a busy machine the first session would fail. So
        // both must listen before a session is asked for.
        let deadline = Instant::now() + WAIT;
        for (p, who) in [(port, "tauri-driver"), (native_port, "WebKitWebDriver")] {
            while std::net::TcpStream::connect(("127.0.0.1", p)).is_err() {
                assert!(Instant::now() < deadline, "{who} did not listen on {p}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Some(Harness {
            _lock: lock,
            picks,
            days_later,
            xvfb,
            driver,
            port,
            display,
        })
    }

    /// Answers the app's next file dialogs with `path`, as if the user had picked it.
    pub fn pick(&self, path: &Path) {
        std::fs::write(self.picks.path(), path.display().to_string()).expect("picks file written");
    }

    /// Makes the next launch of the app see a date `days` later than today.
    pub fn days_later(&self, days: f64) {
        std::fs::write(self.days_later.path(), days.to_string()).expect("clock file written");
    }

    /// Launches the app on `data_dir` and waits until its UI has loaded. The binary is the one this
    /// build made, or `ONSITE_E2E_BIN` (an installed one, say).
    pub async fn launch(&self, data_dir: &Path) -> App {
        let bin =
            std::env::var("ONSITE_E2E_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_onsite").into());
        self.launch_bin(&bin, data_dir).await
    }

    pub async fn launch_bin(&self, bin: &str, data_dir: &Path) -> App {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({"application": bin, "args": ["--data-dir", data_dir]}),
        );
        // WebKitWebDriver waits for ever for a browser that never connects (an app that exited at
        // start, say): a launch that takes this long is a failure to report, not to wait out.
        let mut builder = ClientBuilder::native();
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{}", self.port);
        let client = tokio::time::timeout(LAUNCH_WAIT, builder.connect(&url))
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "{bin} on {} did not open a window within {LAUNCH_WAIT:?}",
                    data_dir.display()
                )
            })
            .expect("a WebDriver session with the app");
        let app = App {
            client,
            display: self.display.clone(),
        };
        app.wait_for("body[data-ready=true]").await;
        app
    }
}

/// The running app, as WebDriver sees it.
pub struct App {
    pub client: Client,
    display: String,
}

pub fn testid(id: &str) -> String {
    format!("[data-testid={id}]")
}

impl App {
    /// The X display the window is on, for a second process that must reach it.
    pub fn display(&self) -> &str {
        &self.display
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            match self
                .client
                .wait()
                .at_most(WAIT)
                .for_element(Locator::Css(css))
                .await
            {
                Ok(e) => return e,
                // The list redraws its rows as it scrolls: an element found as it was replaced
                // is looked for again.
                Err(e) if e.to_string().contains("Stale") && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("{css} did not appear: {e}"),
            }
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} not found: {e}"))
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap()
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.find_all(css).await {
            out.push(e.text().await.unwrap());
        }
        out
    }

    /// The prompts of the list's rows on screen, as the page holds them (one read, so a redraw
    /// between rows cannot leave one stale; and whole, where a long prompt is cut to two lines).
    pub async fn row_prompts(&self) -> Vec<String> {
        serde_json::from_value(
            self.js("return [...document.querySelectorAll('[data-testid=question-item] .q-prompt')].map((p) => p.textContent)")
                .await,
        )
        .unwrap()
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Polls `script` (which must `return` a value) until it returns something truthy.
    pub async fn until(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.js(script).await;
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} (last value {v})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Shows `view` from the navigation and waits until it is drawn: views other than Questions
    /// load when first shown, so their content comes a moment after the click.
    pub async fn open_view(&self, view: &str) {
        self.click(&testid(&format!("nav-{view}"))).await;
        self.wait_for(&format!("#view-{view}:not([hidden]) > *"))
            .await;
    }

    /// Clicks the element `css` finds. A view may draw itself again between finding and clicking
    /// (after a save or a restore, say, a busy machine drawing a long list): a click WebDriver
    /// refuses (stale, not yet interactable, covered) did not happen, so it is made again on the
    /// element as drawn now, until WAIT has passed.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.wait_for(css).await.click().await {
                Ok(()) => return,
                Err(CmdError::Standard(e)) if Instant::now() < deadline => {
                    eprintln!(
                        "click on {css} refused ({:?}: {}); again",
                        e.error, e.message
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot click {css}: {e:?}"),
            }
        }
    }

    /// Waits until a CSS selector matches exactly `n` elements.
    pub async fn count(&self, css: &str, n: usize) {
        let script = format!("return document.querySelectorAll({css:?}).length === {n}");
        self.until(&format!("{n} × {css}"), &script).await;
    }

    /// Opens a question by clicking it in the list.
    /// Opens a question from the list, scrolling the list (a screen at a time, as a user would)
    /// until its row is drawn: the list holds only the rows in view.
    pub async fn open_question(&self, id: &str) {
        // Each screen scrolled is progress: the wait fails only after WAIT with none, however
        // long the list, and however slow a busy machine draws it.
        let step = format!(
            "const row = document.querySelector('[data-testid=question-item][data-id={id:?}]'); \
             if (row) {{ row.scrollIntoView({{block: 'nearest'}}); return 'found'; }} \
             const l = document.querySelector('[data-testid=question-list]'); \
             if (l.getAttribute('aria-busy') === 'true') return 'busy'; \
             const s = document.querySelector('.list-scroll'); \
             if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) {{ s.scrollTop = 0; return 'wrapped'; }} \
             s.scrollTop += s.clientHeight; return 'scrolled';"
        );
        let mut deadline = Instant::now() + WAIT;
        let mut wraps = 0;
        loop {
            match self.js(&step).await.as_str() {
                Some("found") => break,
                Some("scrolled") => deadline = Instant::now() + WAIT,
                Some("wrapped") => {
                    // From wherever it was to the end, then the whole list once more.
                    wraps += 1;
                    assert!(wraps < 2, "question {id} is not in the list");
                    deadline = Instant::now() + WAIT;
                }
                _ => assert!(
                    Instant::now() < deadline,
                    "the list stayed busy looking for question {id}"
                ),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.click(&format!("[data-testid=question-item][data-id={id:?}]"))
            .await;
        self.until("the question to open", &format!(
            "return document.querySelector('[data-testid=question-item][aria-selected=true]')?.dataset.id === {id:?} \
             && document.querySelector('note-editor')?.dataset.loaded === {id:?}"
        )).await;
    }

    /// Waits until the question list holds `n` questions in all: its count, not the rows in the
    /// DOM, which are only those in view.
    pub async fn list_count(&self, n: usize) {
        self.until(
            &format!("the list to hold {n} questions"),
            &format!(
                "const l = document.querySelector('[data-testid=question-list]'); \
             return l?.dataset.total === '{n}' && l.getAttribute('aria-busy') === 'false'"
            ),
        )
        .await;
    }

    /// Every question id in the list, in order, read by scrolling it from the top to the end a
    /// screen at a time.
    pub async fn list_ids(&self) -> Vec<String> {
        self.list_rows()
            .await
            .into_iter()
            .map(|[id, _, _]| id)
            .collect()
    }

    /// Every row of the list as `[id, "Level · Category", prompt]`, in order, read by scrolling.
    pub async fn list_rows(&self) -> Vec<[String; 3]> {
        self.js("document.querySelector('.list-scroll').scrollTop = 0; return true")
            .await;
        let mut rows: Vec<[String; 3]> = Vec::new();
        loop {
            self.until("the list's rows", "return document.querySelector('[data-testid=question-list]').getAttribute('aria-busy') === 'false' \
                && !document.querySelector('.placeholder-row')").await;
            let seen: Vec<[String; 3]> = serde_json::from_value(self.js(
                "return [...document.querySelectorAll('[data-testid=question-item]')].map((li) => \
                 [li.dataset.id, li.querySelector('.q-group').textContent, li.querySelector('.q-prompt').textContent])",
            ).await).unwrap();
            for row in seen {
                if !rows.iter().any(|r| r[0] == row[0]) {
                    rows.push(row);
                }
            }
            let more = self
                .js("const s = document.querySelector('.list-scroll'); \
                 if (s.scrollTop + s.clientHeight >= s.scrollHeight - 1) return false; \
                 s.scrollTop += s.clientHeight; return true")
                .await;
            if more != json!(true) {
                return rows;
            }
        }
    }

    /// Captures the virtual screen, which the window fills. (WebKitWebDriver's own screenshot
    /// command hangs under Xvfb here, so the X server is asked instead.)
    pub async fn screenshot(&self, path: &Path) {
        // Let the last paint land.
        tokio::time::sleep(Duration::from_millis(300)).await;
        // `target/` holds the screenshots even when the build goes to another folder
        // (CARGO_TARGET_DIR), where a fresh clone has no `target/` of its own.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).expect("the screenshot's folder");
        }
        let cmd = format!(
            "xwd -root -silent -display {} | /usr/bin/convert xwd:- png:{}",
            self.display,
            path.display()
        );
        let ok = Command::new("sh")
            .arg("-c")
            .arg(&cmd)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "screenshot failed: {cmd}");
    }

    /// Closes the window the way a window manager's close button does, and waits for the app to
    /// exit (the WebDriver session ends with it).
    pub async fn close_window(self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/close_window.py");
        let ok = Command::new("/usr/bin/python3")
            .args([script, &self.display, "Onsite"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "could not ask the window to close");
        // Closing saves what is pending, then tears down the window and its WebKit processes; on
        // a machine with both cores busy that has taken over WAIT. The app must exit, not be quick.
        let deadline = Instant::now() + 3 * WAIT;
        while self.client.title().await.is_ok() {
            if Instant::now() >= deadline {
                // Still open: say what the page shows, such as a save that failed and kept it open.
                let shown = self
                    .client
                    .execute(
                        "const t = document.getElementById('toast'); \
                         return `toast: ${t && !t.hidden ? t.textContent : '(none)'}; \
                         note: ${document.querySelector('[data-testid=note-status]')?.dataset.state ?? '(none)'}`",
                        vec![],
                    )
                    .await
                    .map_or_else(|e| format!("(page unreachable: {e})"), |v| v.to_string());
                panic!("the app did not exit after its window was closed; the page shows {shown}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = self.client.close().await;
    }

    /// Ends the session, which closes the app.
    pub async fn quit(self) {
        self.client.close().await.unwrap();
    }
}
