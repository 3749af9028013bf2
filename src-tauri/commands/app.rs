//! Commands about the app itself: what it is, where its data lives, its settings, and closing its
//! window.

use crate::domain::settings::Settings;
use crate::error::{Error, Result};
use crate::services::outbox::{Batch, Outbox};
use crate::services::{reviews, settings_file};
use crate::{AppState, CloseGuard};
use serde::Serialize;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Runtime, State, WebviewWindow};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    pub data_dir: String,
    /// Things the user should know about this start, such as a settings file that was set aside.
    pub notices: Vec<String>,
    /// Damage found in the database by the check after start, if it has found any yet.
    pub damage: Option<String>,
    /// A round left running or paused when the app last stopped, to offer again.
    pub unfinished_round: Option<i64>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.display().to_string(),
        notices: state.notices.clone(),
        damage: state.damage.lock().ok().and_then(|d| d.clone()),
        // Practice, which offers it, asks again and reports an error itself.
        unfinished_round: state.rounds.active_id().ok().flatten(),
    }
}

/// Called by the UI once it has saved what was pending, in answer to the `close-requested` event.
#[tauri::command]
pub fn close_window<R: Runtime>(
    window: WebviewWindow<R>,
    guard: State<'_, CloseGuard>,
) -> Result<()> {
    guard.answered.store(true, Ordering::SeqCst);
    window.destroy().map_err(|e| Error::Window(e.to_string()))
}

/// Called by the UI instead when a save failed: the window stays open, and the UI has told the user.
#[tauri::command]
pub fn cancel_close(guard: State<'_, CloseGuard>) {
    guard.answered.store(true, Ordering::SeqCst);
}

/// The app's events after the ones the UI had (`after`, the `seq` of its last batch), waiting until
/// there is one; with no `after`, at once, where they stand (see [`Outbox`]). The UI keeps one
/// of these calls waiting for as long as its page is open.
#[tauri::command]
pub async fn next_events(outbox: State<'_, Outbox>, after: Option<u64>) -> Result<Batch> {
    Ok(outbox.after(after).await)
}

/// Called by the UI once its first list is drawn. What would only slow the first paint starts
/// now: the check of a database too large to check as it opened.
#[tauri::command]
pub fn page_drawn<R: Runtime>(app: AppHandle<R>) {
    crate::check_when_drawn(&app);
}

/// Starts Onsite again: after damage was found in the database, the new start checks it in full
/// and opens the recovery window. The UI saves what is pending first.
#[tauri::command]
pub fn restart_app<R: Runtime>(app: AppHandle<R>) {
    crate::stop_runs(&app);
    app.restart()
}

#[tauri::command(async)]
pub fn get_settings<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<Settings> {
    settings_file::load(&app, &state.settings_path)
}

/// Validates, writes to disk, then answers with what was stored. A new desired retention
/// reschedules every reviewed question before the answer.
#[tauri::command(async)]
pub fn set_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings> {
    reviews::save_settings(
        &app,
        &state.settings_path,
        &state.db,
        &settings,
        state.clock.now().wall,
    )
}
