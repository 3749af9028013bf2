//! Commands for coding drills: the runnable part of a question, the code kept for it, runs and
//! cancelling them, and the Python they run on.

use crate::domain::drill::{DrillView, RunCounts, RunReport};
use crate::error::{OrNotFound, Result};
use crate::services::drill_runner::{self, PythonInfo};
use crate::services::settings_file;
use crate::AppState;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tauri::{AppHandle, Runtime, State};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DrillPage {
    pub drill: DrillView,
    /// The code the user kept for this question, or the starter code.
    pub code: String,
    /// When the kept code was saved; absent while it is the starter.
    pub saved_at: Option<i64>,
}

/// Where a run's code is an answer in a round: step `index` of round `id`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundStep {
    pub id: i64,
    pub index: usize,
}

#[tauri::command(async)]
pub fn get_drill(state: State<'_, AppState>, question_id: String) -> Result<DrillPage> {
    let drill = state.db.drill(&question_id)?.or_not_found(&question_id)?;
    let kept = state.db.code(&question_id)?;
    Ok(DrillPage {
        code: kept
            .as_ref()
            .map_or_else(|| drill.starter.clone(), |k| k.body.clone()),
        saved_at: kept.map(|k| k.updated_at),
        drill: drill.view(),
    })
}

/// Keeps the code for a question; answers only once it is on disk.
#[tauri::command(async)]
pub fn save_code(state: State<'_, AppState>, question_id: String, body: String) -> Result<()> {
    state
        .db
        .save_code(&question_id, &body, state.clock.now().wall)
}

/// Runs `code` against the visible cases, or every case when `all`. The code is kept first; in a
/// round it is the answer to `round`'s step, kept with the run's counts.
#[tauri::command(async)]
pub fn run_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    question_id: String,
    code: String,
    all: bool,
    round: Option<RoundStep>,
) -> Result<RunReport> {
    let drill = state.db.drill(&question_id)?.or_not_found(&question_id)?;
    let settings = settings_file::load(&app, &state.settings_path)?;
    if round.is_none() {
        state
            .db
            .save_code(&question_id, &code, state.clock.now().wall)?;
    }
    let limit = Duration::from_secs(settings.run_timeout.0.into());
    let report = state
        .runner
        .run(settings.python_program(), &drill, &code, all, limit)?;
    if let Some(step) = round {
        let counts = RunCounts::from(&report);
        let now = state.clock.now();
        state
            .rounds
            .save_run(&state.db, step.id, step.index, &code, counts, now)?;
    }
    Ok(report)
}

#[tauri::command(async)]
pub fn cancel_run(state: State<'_, AppState>) -> Result<()> {
    state.runner.cancel()
}

/// The Python drills run on, with its version and whether NumPy is there.
#[tauri::command(async)]
pub fn python_info<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<PythonInfo> {
    let settings = settings_file::load(&app, &state.settings_path)?;
    Ok(drill_runner::python_info(settings.python_program()))
}
