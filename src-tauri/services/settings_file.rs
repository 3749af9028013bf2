//! The settings file: kept with tauri-plugin-store behind the typed `Settings` of the domain, and
//! checked before the plugin reads it.

use crate::domain::settings::Settings;
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::{StoreBuilder, StoreExt};

/// Opens the settings file, first moving a damaged one aside (the plugin would silently overwrite
/// it). Returns the path the damaged file was moved to, if any.
pub fn open<R: Runtime>(app: &AppHandle<R>, path: &Path, now_secs: u64) -> Result<Option<PathBuf>> {
    let aside = set_aside_if_damaged(path, now_secs)?;
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

/// Checks the settings file before the store plugin reads it. The plugin treats a file it cannot parse
/// as empty and overwrites it on the next save, so a damaged file is first moved aside, next to the
/// original, and the new name returned. `now` (seconds since the epoch) makes the name unique.
pub fn set_aside_if_damaged(path: &Path, now: u64) -> std::io::Result<Option<PathBuf>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        // A folder (or anything else that is not a file) where the file should be.
        Err(_) if !path.is_file() && path.exists() => None,
        Err(e) => return Err(e),
    };
    if bytes.is_some_and(|b| matches!(serde_json::from_slice::<Value>(&b), Ok(Value::Object(_)))) {
        return Ok(None);
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("settings");
    let aside = path.with_file_name(format!("{stem}.damaged-{now}.json"));
    std::fs::rename(path, &aside)?;
    Ok(Some(aside))
}

fn store_error(e: tauri_plugin_store::Error) -> Error {
    Error::Settings(e.to_string())
}
