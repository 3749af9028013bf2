//! Commands for timed rounds: templates, starting, acting on and reading rounds, answers, export.

use crate::domain::pack::PackError;
use crate::domain::report::{RoundListing, RoundView};
use crate::domain::template::Template;
use crate::error::Result;
use crate::services::file_exports::Exported;
use crate::services::round_runner::{Action, RoundChoice};
use crate::services::settings_file;
use crate::storage::RoundKey;
use crate::AppState;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Templates {
    pub templates: Vec<Template>,
    pub errors: Vec<PackError>,
    /// The round to offer for resuming, if one was left unfinished.
    pub unfinished: Option<i64>,
}

#[tauri::command(async)]
pub fn round_templates(state: State<'_, AppState>) -> Result<Templates> {
    Ok(Templates {
        templates: state.templates.clone(),
        errors: state.template_errors.clone(),
        unfinished: state.rounds.active_id()?,
    })
}

/// Starts a round from a template or a custom choice, and returns it as stored.
#[tauri::command(async)]
pub fn start_round<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    choice: RoundChoice,
) -> Result<RoundView> {
    let budgets = settings_file::load(&app, &state.settings_path)?.budgets;
    let now = state.clock.now();
    let id = state
        .rounds
        .start_chosen(&state.db, &state.templates, &choice, &budgets, now)?;
    state.rounds.view(&state.db, id, now)
}

#[tauri::command(async)]
pub fn round_action(state: State<'_, AppState>, id: i64, action: Action) -> Result<RoundView> {
    let now = state.clock.now();
    state.rounds.act(&state.db, id, action, now)?;
    state.rounds.view(&state.db, id, now)
}

#[tauri::command(async)]
pub fn get_round(state: State<'_, AppState>, id: i64) -> Result<RoundView> {
    state.rounds.view(&state.db, id, state.clock.now())
}

/// A page of rounds, newest first. `before` (`{startedAt, id}`) is the last round of the page before;
/// a page holds `limit` rounds, 50 when not given.
#[tauri::command(async)]
pub fn list_rounds(
    state: State<'_, AppState>,
    status: Option<String>,
    before: Option<RoundKey>,
    limit: Option<u32>,
) -> Result<Vec<RoundListing>> {
    let now = state.clock.now();
    state
        .rounds
        .list(&state.db, status.as_deref(), before, limit, now)
}

/// Answers only after the answer is on disk.
#[tauri::command(async)]
pub fn save_answer(state: State<'_, AppState>, id: i64, index: usize, body: String) -> Result<()> {
    state
        .rounds
        .save_answer(&state.db, id, index, &body, state.clock.now())
}

/// Writes the round as Markdown into the data folder's `exports/` and returns where, and the text.
/// `started` is the start time as the user's locale writes it.
#[tauri::command(async)]
pub fn export_round(state: State<'_, AppState>, id: i64, started: String) -> Result<Exported> {
    let dir = state.data_dir.join("exports");
    state
        .rounds
        .export(&state.db, id, &started, &dir, state.clock.now())
}
