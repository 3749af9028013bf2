//! Commands for coding drills: the runnable part of a question, the code kept for it, runs and
//! cancelling them, and the Python they run on.

use crate::domain::drill::{DrillView, RunReport};
use crate::error::{Error, OrNotFound, Result};
use crate::services::drill_runner::{self, PythonInfo};
use crate::services::drills::{self, RoundStep};
use crate::services::settings_file;
use crate::AppState;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DrillPage {
    pub drill: DrillView,
    /// The code the user kept for this question, or the starter code.
    pub code: String,
    /// The question comes with Onsite. Otherwise its starter code is a pack author's, and the page
    /// asks the user to read it before running it.
    pub bundled: bool,
    pub pack_title: String,
}

#[tauri::command(async)]
pub fn get_drill(state: State<'_, AppState>, question_id: String) -> Result<DrillPage> {
    let drill = state.db.drill(&question_id)?.or_not_found(&question_id)?;
    let (bundled, pack_title) = state.db.drill_source(&question_id)?;
    Ok(DrillPage {
        bundled,
        pack_title,
        code: state
            .db
            .code(&question_id)?
            .unwrap_or_else(|| drill.starter.clone()),
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

/// Runs `code` against the visible cases, or every case when `all`; in a round, as the answer to
/// `round`'s step. On a thread of its own: a run may take as long as its time limit.
#[tauri::command]
pub async fn run_code<R: Runtime>(
    app: AppHandle<R>,
    question_id: String,
    code: String,
    all: bool,
    round: Option<RoundStep>,
) -> Result<RunReport> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let settings = settings_file::load(&app, &state.settings_path)?;
        drills::run(
            &state.db,
            &state.runner,
            &state.rounds,
            &state.clock,
            &settings,
            &question_id,
            &code,
            all,
            round,
        )
    })
    .await
    .map_err(|e| Error::Internal(format!("the run stopped: {e}")))?
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
