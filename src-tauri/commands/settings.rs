//! Commands for the user's settings.

use crate::domain::settings::Settings;
use crate::error::Result;
use crate::{settings_store, AppState};
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub fn get_settings<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<Settings> {
    settings_store::load(&app, &state.settings_path)
}

/// Validates, writes to disk, then answers with what was stored.
#[tauri::command(async)]
pub fn set_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings> {
    settings_store::save(&app, &state.settings_path, &settings)
}
