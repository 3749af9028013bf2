//! Commands that take the user's data out (notes, Anki cards, a full backup) and bring a backup back.

use crate::error::Result;
use crate::services::backups::{self, Backup, Kind, Restore, Restored};
use crate::services::clock;
use crate::services::file_dialogs::Dialog;
use crate::services::file_exports::{self, Saved};
use crate::AppState;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotesLayout {
    /// One document, with headings by level and category.
    Document,
    /// One file per question, in a folder.
    Files,
}

/// Saves every note where the user chooses; `None` if they cancelled.
#[tauri::command(async)]
pub fn export_notes<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    layout: NotesLayout,
) -> Result<Option<Saved>> {
    let dialog = match layout {
        NotesLayout::Document => Dialog::Save {
            title: "Export notes",
            file_name: "onsite-notes.md",
            filters: &[("Markdown", &["md"])],
        },
        NotesLayout::Files => Dialog::Folder {
            title: "Export notes into a folder",
        },
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    match layout {
        NotesLayout::Document => file_exports::export_notes_document(&state.db, &path),
        NotesLayout::Files => file_exports::export_notes_files(&state.db, &path),
    }
    .map(Some)
}

/// Saves the whole review log as CSV where the user chooses; `None` if they cancelled.
#[tauri::command(async)]
pub fn export_reviews<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Saved>> {
    let dialog = Dialog::Save {
        title: "Export the review log",
        file_name: "onsite-reviews.csv",
        filters: &[("CSV", &["csv"])],
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    file_exports::export_reviews(&state.db, &path).map(Some)
}

/// Saves every question with its key points as cards Anki imports.
#[tauri::command(async)]
pub fn export_anki<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Saved>> {
    let dialog = Dialog::Save {
        title: "Export cards for Anki",
        file_name: "onsite-anki.csv",
        filters: &[("Anki text (CSV)", &["csv", "txt"])],
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    file_exports::export_anki(&state.db, &path).map(Some)
}

/// Copies the whole database (notes, their history, rounds, your packs) to a file.
#[tauri::command(async)]
pub fn backup<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<Option<Saved>> {
    let name = format!("onsite-backup-{}.sqlite", clock::today());
    let dialog = Dialog::Save {
        title: "Back up Onsite",
        file_name: &name,
        filters: &[("Onsite backup", &["sqlite"])],
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    state.db.backup_to(&path)?;
    Ok(Some(Saved::at(&path, 1)))
}

/// Replaces everything with a backup the user picks, after saving the current data aside.
#[tauri::command(async)]
pub fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Restored>> {
    // Said before the dialog too, so nobody picks a file only to be refused.
    backups::refuse_during_round(&state.rounds)?;
    let dialog = Dialog::Open {
        title: "Restore a backup",
        filters: &[("Onsite backup", &["sqlite", "db"])],
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    let to = Restore {
        db: &state.db,
        rounds: &state.rounds,
        imports: &state.imports,
        backups_dir: &state.data_dir.join("backups"),
        user_packs_dir: &state.user_packs_dir,
    };
    backups::restore(to, &path, state.clock.now()).map(Some)
}

/// The backups kept in the data folder, newest first, and the space they take.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupList {
    pub folder: String,
    pub backups: Vec<Backup>,
    pub total_bytes: u64,
}

#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<BackupList> {
    let folder = state.data_dir.join("backups");
    let backups = backups::list(&folder)?;
    Ok(BackupList {
        folder: folder.display().to_string(),
        total_bytes: backups.iter().map(|b| b.bytes).sum(),
        backups,
    })
}

/// Makes a backup now, into the same folder as the automatic ones; it is never thinned out.
#[tauri::command(async)]
pub fn back_up_now(state: State<'_, AppState>) -> Result<Backup> {
    let dir = state.data_dir.join("backups");
    let path = backups::make(
        &state.data_dir.join("onsite.db"),
        &dir,
        Kind::Manual,
        state.clock.now().wall,
    )?;
    backups::list(&dir)?
        .into_iter()
        .find(|b| std::path::Path::new(&b.path) == path)
        .ok_or_else(|| crate::error::Error::Internal("the new backup is not in the list".into()))
}

/// Restores one of the backups in the data folder's list, after saving the current data aside.
#[tauri::command(async)]
pub fn restore_listed_backup(state: State<'_, AppState>, path: String) -> Result<Restored> {
    let dir = state.data_dir.join("backups");
    // Only a file the list offered: the window names one, it does not reach the disk.
    let listed = backups::list(&dir)?
        .into_iter()
        .find(|b| b.path == path)
        .ok_or_else(|| crate::error::Error::NotFound(format!("the backup {path}")))?;
    let to = Restore {
        db: &state.db,
        rounds: &state.rounds,
        imports: &state.imports,
        backups_dir: &dir,
        user_packs_dir: &state.user_packs_dir,
    };
    backups::restore(to, std::path::Path::new(&listed.path), state.clock.now())
}

/// The result of SQLite's integrity check over the whole database.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseCheck {
    pub ok: bool,
    /// What the check found, when it is not `ok`.
    pub found: Option<String>,
}

#[tauri::command(async)]
pub fn check_database(state: State<'_, AppState>) -> Result<DatabaseCheck> {
    let found = state.db.integrity_check()?;
    Ok(DatabaseCheck {
        ok: found.is_none(),
        found,
    })
}
