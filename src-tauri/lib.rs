//! Onsite: the app's wiring (state, plugins, commands, the main window) and its two faces, the
//! desktop window and the `check-pack` command line.

pub mod cli;
pub mod commands;
pub mod domain;
pub mod error;
pub mod services;
pub mod storage;

use services::clock::{self, Clock};
use services::folder_lock::{self, LockError};
use services::imports::ImportSession;
use services::outbox::Outbox;
use services::pack_loader::{self, BankReport, BankState};
use services::{backups, file_dialogs, recovery, round_runner, settings_file};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use storage::Db;
use tauri::{Builder, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};

/// Everything the commands share, built once at start-up.
pub struct AppState {
    pub db: Db,
    pub data_dir: PathBuf,
    pub user_packs_dir: PathBuf,
    pub settings_path: PathBuf,
    /// The outcome of loading the packs, errors included, for the UI to show; the packs folder
    /// loads in the background after the window opens.
    pub bank: BankState,
    pub notices: Vec<String>,
    pub clock: Clock,
    pub rounds: round_runner::Rounds,
    pub templates: Vec<domain::template::Template>,
    pub template_errors: Vec<domain::pack::PackError>,
    pub picker: file_dialogs::Picker,
    /// The import the user is looking at, until they confirm or pick another file.
    pub imports: ImportSession,
    /// A fit of FSRS's parameters to the user's reviews, while one runs.
    pub optimiser: services::reviews::Optimiser,
    /// Damage the check after start found in the database, in the user's words.
    pub damage: std::sync::Mutex<Option<String>>,
    /// A database too large to check as it opened, until the page is drawn and the check starts
    /// (see [`commands::app::page_drawn`]).
    pub check_later: std::sync::Mutex<Option<PathBuf>>,
    /// Runs of coding drills: one at a time.
    pub runner: services::drill_runner::Runner,
}

/// Start-up options. The data directory defaults to the platform's app data dir.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub data_dir: Option<PathBuf>,
    pub picker: file_dialogs::Picker,
}

impl Config {
    /// `--data-dir DIR`, or else `ONSITE_DATA_DIR`, points the app at another data directory; every
    /// test uses one.
    pub fn from_args_and_env(args: &[String]) -> Self {
        let from_args = args
            .iter()
            .position(|a| a == "--data-dir")
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from);
        let from_env = || {
            std::env::var_os("ONSITE_DATA_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Config {
            data_dir: from_args.or_else(from_env),
            picker: file_dialogs::Picker::from_env(),
        }
    }
}

/// How long the window waits for the UI to answer a close (after saving what is pending) before
/// it closes anyway. Longer than the database's busy timeout, so a slow save is not cut off.
const CLOSE_GRACE: Duration = Duration::from_secs(10);

/// Whether the UI answered the last close request (by closing, or by keeping the window open).
#[derive(Default)]
pub struct CloseGuard {
    pub answered: AtomicBool,
}

/// The app's wiring, generic over the runtime so tests can run it under `tauri::test`. Build it, then
/// call [`init`] before any window opens.
pub fn app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        // Rust opens the dialogs itself; the webview is granted none of the plugin's commands.
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust alone, to show the data folder; the webview is granted none of it.
        .plugin(tauri_plugin_opener::init())
        .manage(CloseGuard::default())
        .manage(Outbox::default())
        .on_window_event(|window, event| {
            // The UI saves what is pending first, then closes the window itself (or, if a save
            // failed, keeps it open once and says so).
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                window
                    .state::<CloseGuard>()
                    .answered
                    .store(false, Ordering::SeqCst);
                window.state::<Outbox>().send("close-requested", ());
                let window = window.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(CLOSE_GRACE);
                    // Only a UI that never answered (hung, or not loaded) is overruled.
                    if !window.state::<CloseGuard>().answered.load(Ordering::SeqCst) {
                        let _ = window.destroy();
                    }
                });
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::close_window,
            commands::app::cancel_close,
            commands::app::restart_app,
            commands::app::page_drawn,
            commands::app::next_events,
            commands::questions::bank_overview,
            commands::questions::list_questions,
            commands::questions::count_questions,
            commands::questions::get_question,
            commands::notes::get_note,
            commands::notes::save_note,
            commands::notes::note_history,
            commands::notes::note_revision,
            commands::notes::seal_note,
            commands::notes::restore_note,
            commands::notes::recent_notes,
            commands::app::get_settings,
            commands::app::set_settings,
            commands::rounds::round_templates,
            commands::rounds::start_round,
            commands::rounds::round_action,
            commands::rounds::get_round,
            commands::rounds::list_rounds,
            commands::rounds::save_answer,
            commands::rounds::export_round,
            commands::drills::get_drill,
            commands::drills::save_code,
            commands::drills::run_code,
            commands::drills::cancel_run,
            commands::drills::python_info,
            commands::reviews::suggest_rating,
            commands::reviews::review_answer,
            commands::reviews::question_reviews,
            commands::reviews::compare_answer,
            commands::reviews::interview_plan,
            commands::reviews::optimise_parameters,
            commands::reviews::cancel_optimise,
            commands::reviews::schedule_counts,
            commands::reviews::progress,
            commands::library::list_packs,
            commands::library::get_own_pack,
            commands::library::get_own_question,
            commands::library::create_pack,
            commands::library::update_pack,
            commands::library::remove_pack,
            commands::library::save_question,
            commands::library::delete_question,
            commands::library::copy_question,
            commands::library::preview_import,
            commands::library::reread_import,
            commands::library::reading_candidates,
            commands::library::apply_import,
            commands::library::export_pack,
            commands::data::export_notes,
            commands::data::export_anki,
            commands::data::export_reviews,
            commands::data::backup,
            commands::data::restore_backup,
            commands::data::list_backups,
            commands::data::back_up_now,
            commands::data::restore_listed_backup,
            commands::data::check_database,
            commands::recovery::recovery_info,
            commands::recovery::recover,
            commands::recovery::open_data_folder,
        ])
}

/// How long a start waits for the data folder held by another Onsite, which may be one just closed
/// and still shutting down, before it says the folder is in use.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// How start-up went.
#[derive(Debug)]
pub enum Started {
    /// The data opened: show the app.
    Ready,
    /// The data could not be opened: show the recovery window, which holds [`Recovery`].
    Recovery,
    /// Another Onsite holds the data folder; the message says which.
    Elsewhere(String),
}

/// The state of the recovery window: what went wrong, and where.
pub struct Recovery {
    pub data_dir: PathBuf,
    pub picker: file_dialogs::Picker,
    /// The problem as last found; held while a choice is carried out, so two never run at once.
    pub problem: std::sync::Mutex<recovery::Problem>,
}

/// Takes the data folder, opens the database, loads the bank, checks the settings file, and hands
/// the commands their state. Data that cannot be opened is not an error here: the recovery window
/// is managed instead, and [`Started::Recovery`] returned. Done before the event loop starts (not
/// in a `setup` hook), so it runs the same under the mock runtime, and no command is served before
/// it ends.
///
/// `folder_taken` runs once the folder is held, just before its data opens: `main` opens the window
/// there, so that WebKit starts its processes while the database opens and, on a new folder, the
/// bundled bank loads (about 35 ms here). The page itself loads only once the event loop runs.
pub fn init<R: Runtime>(
    app: &tauri::App<R>,
    config: &Config,
    folder_taken: impl FnOnce(&Path),
) -> error::Result<Started> {
    let data_dir = match &config.data_dir {
        Some(d) => d.clone(),
        None => app
            .path()
            .app_data_dir()
            .map_err(|e| error::Error::Settings(e.to_string()))?,
    };
    let recover = |problem| {
        app.manage(Recovery {
            data_dir: data_dir.clone(),
            picker: config.picker.clone(),
            problem: std::sync::Mutex::new(problem),
        });
        Ok(Started::Recovery)
    };
    if let Err(e) = std::fs::create_dir_all(&data_dir) {
        return recover(recovery::Problem::of(&e.into(), &data_dir));
    }
    match folder_lock::acquire_within(&data_dir, LOCK_WAIT) {
        Ok(lock) => app.manage(lock),
        Err(LockError::Held(pid)) => {
            let who = LockError::Held(pid);
            return Ok(Started::Elsewhere(format!(
                "Onsite did not start: its data folder {} is in use: {who}.",
                data_dir.display()
            )));
        }
        Err(e) => return recover(recovery::Problem::folder(&e, &data_dir)),
    };
    folder_taken(&data_dir);
    match open_data(app.handle(), &data_dir, config.picker.clone()) {
        Ok(()) => Ok(Started::Ready),
        Err(e) => recover(recovery::Problem::of(&e, &data_dir)),
    }
}

/// Opens the data in `data_dir` and starts what runs beside the window: the round clock and the
/// automatic backups. Called once, at start or when the recovery window has done its work.
pub fn open_data<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &Path,
    picker: file_dialogs::Picker,
) -> error::Result<()> {
    let state = start(app, data_dir.to_path_buf(), picker)?;
    app.manage(state);
    spawn_folder_load(app.clone());
    spawn_round_driver(app.clone());
    spawn_auto_backups(app.clone());
    Ok(())
}

/// Damage found in the database after the window opened, as the UI receives it on the
/// `database-damaged` event.
#[derive(Clone, serde::Serialize)]
struct DamageFound {
    what: String,
}

/// Starts the check of a database too large to check as it opened, if it has not started yet.
/// Called once the page is drawn ([`commands::app::page_drawn`]).
pub(crate) fn check_when_drawn<R: Runtime>(app: &tauri::AppHandle<R>) {
    let pending = app
        .state::<AppState>()
        .check_later
        .lock()
        .ok()
        .and_then(|mut p| p.take());
    if let Some(db) = pending {
        spawn_background_check(app.clone(), db);
    }
}

/// Checks, page by page, a database too large to check as it opened (see
/// [`storage::CHECK_AT_OPEN_UP_TO`]), and tells the UI if it is damaged: the next start then opens
/// the recovery window.
fn spawn_background_check<R: Runtime>(app: tauri::AppHandle<R>, db: PathBuf) {
    std::thread::spawn(move || match storage::check_in_background(&db) {
        Ok(None) => {}
        Ok(Some(what)) => {
            eprintln!("onsite: {what}");
            // Kept for a UI still loading (it asks `app_info`), and sent to one already listening.
            if let Ok(mut d) = app.state::<AppState>().damage.lock() {
                *d = Some(what.clone());
            }
            app.state::<Outbox>()
                .send("database-damaged", DamageFound { what });
        }
        Err(e) => eprintln!("onsite: the database could not be checked: {e}"),
    });
}

/// Loads the user's packs folder beside the window, on a connection of its own, telling the UI how
/// far it has got (`bank-progress`) and when it is done (`bank-loaded`). The bundled bank is
/// ready before the page loads; a folder of 100,000 questions never holds it up.
fn spawn_folder_load<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let dir = &state.user_packs_dir;
        let report = Db::connect(&state.data_dir.join("onsite.db"))
            .and_then(|db| {
                pack_loader::load_folder(&db, dir, clock::now_ms(), |p| {
                    state.bank.progress(p);
                    app.state::<Outbox>().send("bank-progress", p);
                })
            })
            .unwrap_or_else(|e| BankReport {
                errors: vec![domain::pack::PackError::at(
                    &dir.display().to_string(),
                    1,
                    format!("the packs folder could not be loaded: {e}"),
                )],
                ..Default::default()
            });
        for e in &report.errors {
            eprintln!("onsite: pack error: {e}");
        }
        state.bank.finish(report);
        app.state::<Outbox>().send("bank-loaded", ());
    });
}

/// After the first write since the last backup, waits [`backups::EVERY`], then backs up the
/// database. A thread that blocks in between: nothing runs while nothing changes.
fn spawn_auto_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let mut seen = state.db.writes();
        loop {
            state.db.wait_for_write(seen);
            std::thread::sleep(backups::EVERY);
            let now = state.db.writes();
            let dir = state.data_dir.join("backups");
            let db = state.data_dir.join("onsite.db");
            match backups::make(&db, &dir, backups::Kind::Auto, clock::now_ms()) {
                Ok(_) => seen = now,
                Err(e) => eprintln!("onsite: automatic backup: {e}"),
            }
        }
    });
}

/// How often the round driver looks at the clock while a round is active. The UI's countdown does
/// not depend on it: it is drawn from the time used, sent with each view.
const TICK: Duration = Duration::from_millis(250);

/// A round's signals, as the UI receives them on the `round-event` event.
#[derive(Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RoundEvent {
    id: i64,
    signals: Vec<domain::round::Signal>,
}

/// Ticks the active round on tokio's timer, and tells the UI what the clock brought about (after it
/// is written). With no round active it waits for one, so an idle app runs no timer at all.
fn spawn_round_driver<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let state = app.state::<AppState>();
            if state.rounds.active_id().ok().flatten().is_none() {
                state.rounds.wait_for_round().await;
                interval.reset();
            }
            interval.tick().await;
            match state.rounds.tick(&state.db, state.clock.now()) {
                Ok(Some((id, signals))) if !signals.is_empty() => {
                    app.state::<Outbox>()
                        .send("round-event", RoundEvent { id, signals });
                }
                Ok(_) => {}
                Err(e) => eprintln!("onsite: round clock: {e}"),
            }
        }
    });
}

fn start<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: PathBuf,
    picker: file_dialogs::Picker,
) -> error::Result<AppState> {
    let user_packs_dir = data_dir.join("packs");
    std::fs::create_dir_all(&user_packs_dir)?;
    let db_path = data_dir.join("onsite.db");
    let db = Db::open_unmigrated(&db_path)?;
    if db.pending_migration()?.is_some() {
        // A new version is about to change the data's shape: keep it as it was first.
        let dir = data_dir.join("backups");
        backups::make(
            &db_path,
            &dir,
            backups::Kind::BeforeMigration,
            clock::now_ms(),
        )?;
    }
    db.migrate()?;
    let bank = pack_loader::load_bundled(&db, clock::now_ms())?;
    for e in &bank.errors {
        eprintln!("onsite: pack error: {e}");
    }
    let bank = BankState::new(bank);
    let settings_path = data_dir.join("settings.json");
    let mut notices = Vec::new();
    let now_secs = (clock::now_ms() / 1000) as u64;
    if let Some(aside) = settings_file::open(app, &settings_path, now_secs)? {
        notices.push(format!(
            "Your settings file could not be read, so Onsite started with default settings. \
             The damaged file was kept as {}.",
            aside.display()
        ));
    }
    let round_clock = Clock::default();
    let rounds = round_runner::Rounds::default();
    let (_, closed) = rounds.restore(&db, round_clock.now())?;
    if closed > 0 {
        notices.push(format!(
            "{closed} older round{} left unfinished by an earlier crash {} closed as abandoned. \
             Their answers are kept in History.",
            if closed == 1 { "" } else { "s" },
            if closed == 1 { "was" } else { "were" },
        ));
    }
    let (templates, template_errors) = round_runner::load_templates(&data_dir.join("rounds"));
    for e in &template_errors {
        eprintln!("onsite: round template error: {e}");
    }
    Ok(AppState {
        db,
        data_dir,
        user_packs_dir,
        settings_path,
        bank,
        notices,
        clock: round_clock,
        rounds,
        templates,
        template_errors,
        picker,
        imports: ImportSession::default(),
        optimiser: Default::default(),
        damage: Default::default(),
        // Started once the page is drawn (see `check_when_drawn`): on two cores, reading 100 MB
        // beside WebKit's start slowed the first painted list by a few hundred milliseconds.
        check_later: std::sync::Mutex::new(storage::checked_later(&db_path).then_some(db_path)),
        runner: Default::default(),
    })
}

/// Stops a drill run still under way, so no solution outlives the app.
pub fn stop_runs<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(state) = app.try_state::<AppState>() {
        state.runner.stop(Duration::from_secs(2));
    }
}

/// The page the main window shows.
pub enum Page<'a> {
    /// The app, on the data folder given.
    App(&'a Path),
    Recovery,
}

/// Opens the main window. Navigation away from the app's own pages is refused, so a link in a
/// note can never replace the app.
///
/// The webview keeps its own files (caches, storage) in the data folder too, so a data folder given
/// with `--data-dir` holds everything the app writes.
pub fn open_main_window<R: Runtime, M: Manager<R>>(manager: &M, page: Page) -> tauri::Result<()> {
    let (url, webview_dir) = match page {
        Page::App(data_dir) => ("index.html", Some(data_dir.join("webview"))),
        // The folder may be the thing at fault; where it is not, the app the recovery window
        // becomes keeps its webview files there as always.
        Page::Recovery => {
            let recovery = manager.state::<Recovery>();
            let problem = recovery.problem.lock().map(|p| p.kind).unwrap_or("folder");
            let usable = !matches!(problem, "folder" | "other");
            (
                "recovery.html",
                usable.then(|| recovery.data_dir.join("webview")),
            )
        }
    };
    let mut builder = WebviewWindowBuilder::new(manager, "main", WebviewUrl::App(url.into()));
    if let Some(dir) = webview_dir {
        builder = builder.data_directory(dir);
    }
    builder
        .title("Onsite")
        .inner_size(1240.0, 820.0)
        .min_inner_size(880.0, 580.0)
        .on_navigation(|url| {
            matches!(url.scheme(), "tauri") || url.host_str() == Some("tauri.localhost")
        })
        .build()?;
    Ok(())
}

/// Turns the main window, opened on the app's page before its data failed to open, to the recovery
/// page. Its page has not loaded yet: that waits for the event loop. The webview keeps its files
/// in the data folder, which the app could create and lock.
fn show_recovery<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let window = app
        .get_webview_window("main")
        .ok_or(tauri::Error::WindowNotFound)?;
    let url = window
        .url()?
        .join("recovery.html")
        .map_err(tauri::Error::InvalidUrl)?;
    window.navigate(url)
}

/// The binary's entry point: `onsite check-pack ...` runs the command line, anything else the app.
pub fn main_entry() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(code) = cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr()) {
        return code;
    }
    let config = Config::from_args_and_env(&args);
    let mut builder = Builder::default();
    if config.data_dir.is_none() {
        // A second launch on the default folder brings this window forward, then exits. (A folder
        // given with --data-dir is covered by the folder's lock instead, so tests and people
        // with two folders can run one Onsite on each.)
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _, _| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }));
    }
    let app = match app(builder).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("onsite: could not start: {e}");
            return 1;
        }
    };
    let mut opened = None;
    let started = init(&app, &config, |data_dir| {
        opened = Some(open_main_window(&app, Page::App(data_dir)));
    });
    let shown = match (started, opened) {
        (Ok(_), Some(Err(e))) => Err(e),
        (Ok(Started::Ready), _) => Ok(()),
        // The data did not open after all: the window already opened turns to recovery.
        (Ok(Started::Recovery), Some(Ok(()))) => show_recovery(&app),
        (Ok(Started::Recovery), None) => open_main_window(&app, Page::Recovery),
        (Ok(Started::Elsewhere(why)), _) => {
            eprintln!("onsite: {why}");
            return 0;
        }
        (Err(e), _) => {
            eprintln!("onsite: could not open its data: {e}");
            return 1;
        }
    };
    if let Err(e) = shown {
        eprintln!("onsite: could not open its window: {e}");
        return 1;
    }
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            stop_runs(app);
        }
    });
    0
}
