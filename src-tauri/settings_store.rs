//! Settings kept with tauri-plugin-store, behind the typed `Settings` of the domain.

use crate::domain::settings::{self, Settings};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::{StoreBuilder, StoreExt};

/// Opens the settings file, first moving a damaged one aside (the plugin would silently overwrite
/// it). Returns the path the damaged file was moved to, if any.
pub fn open<R: Runtime>(app: &AppHandle<R>, path: &Path, now_secs: u64) -> Result<Option<PathBuf>> {
    let aside = settings::set_aside_if_damaged(path, now_secs)?;
    // Saved explicitly after each change, so a change is on disk before it is acknowledged.
    StoreBuilder::new(app, path)
        .disable_auto_save()
        .build()
        .map_err(store_error)?;
    Ok(aside)
}

pub fn load<R: Runtime>(app: &AppHandle<R>, path: &Path) -> Result<Settings> {
    let store = app.store(path).map_err(store_error)?;
    Ok(Settings::from_values(|k| store.get(k)))
}

pub fn save<R: Runtime>(app: &AppHandle<R>, path: &Path, new: &Settings) -> Result<Settings> {
    new.validate().map_err(Error::Invalid)?;
    let store = app.store(path).map_err(store_error)?;
    for (key, value) in new.to_values() {
        store.set(key, value);
    }
    if let Err(e) = store.save() {
        // Not on disk, so not in effect either: go back to what the file holds.
        let _ = store.reload();
        return Err(store_error(e));
    }
    Ok(new.clone())
}

fn store_error(e: tauri_plugin_store::Error) -> Error {
    Error::Settings(e.to_string())
}
