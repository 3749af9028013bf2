//! The recovery window's commands: what went wrong, and the ways out. Only these exist while the
//! data cannot be opened; the app's own commands come once a choice has worked.

use crate::error::{Error, Result};
use crate::services::clock;
use crate::services::folder_lock;
use crate::services::recovery::{self, Applied, Choice, RecoveryInfo};
use crate::{AppState, Recovery};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_opener::OpenerExt;

#[tauri::command(async)]
pub fn recovery_info(state: State<'_, Recovery>) -> Result<RecoveryInfo> {
    let problem = state.problem.lock().map_err(poisoned)?.clone();
    recovery::info(&problem, &state.data_dir)
}

/// Carries out the user's choice, then opens the data. If it still cannot be opened, the error says
/// why and `recovery_info` tells the new problem.
#[tauri::command(async)]
pub fn recover<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Recovery>,
    choice: Choice,
) -> Result<Applied> {
    let mut problem = state.problem.lock().map_err(poisoned)?;
    if app.try_state::<AppState>().is_some() {
        return Err(Error::Invalid("your data is already open".into()));
    }
    if app.try_state::<folder_lock::FolderLock>().is_none() {
        let lock = folder_lock::acquire(&state.data_dir).map_err(|e| {
            *problem = recovery::Problem::folder(&e, &state.data_dir);
            Error::Invalid(problem.what.clone())
        })?;
        app.manage(lock);
    }
    let applied = recovery::apply(choice, &state.data_dir, clock::now_ms())?;
    crate::open_data(&app, &state.data_dir, state.picker.clone()).inspect_err(|e| {
        *problem = recovery::Problem::of(e, &state.data_dir);
    })?;
    Ok(applied)
}

/// Shows the data folder in the system's file manager.
#[tauri::command(async)]
pub fn open_data_folder<R: Runtime>(app: AppHandle<R>, state: State<'_, Recovery>) -> Result<()> {
    let dir = state.data_dir.display().to_string();
    app.opener()
        .open_path(&dir, None::<&str>)
        .map_err(|e| Error::Invalid(format!("could not open {dir}: {e}")))
}

fn poisoned<T>(_: T) -> Error {
    Error::Internal("recovery is unavailable after an earlier failure".into())
}
