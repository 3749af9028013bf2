//! Commands that take the user's data out (notes, Anki cards, a full backup) and bring a backup back.

use crate::error::{Error, Result};
use crate::files::Dialog;
use crate::library::{self, Saved};
use crate::{clock, load_bank, AppState};
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
        NotesLayout::Document => library::export_notes_document(&state.db, &path),
        NotesLayout::Files => library::export_notes_files(&state.db, &path),
    }
    .map(Some)
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
    library::export_anki(&state.db, &path).map(Some)
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
    Ok(Some(Saved {
        path: path.display().to_string(),
        count: 1,
    }))
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub from: String,
    /// Where the data replaced by the restore was saved first.
    pub previous: String,
}

/// Replaces everything with a backup the user picks, after saving the current data aside.
#[tauri::command(async)]
pub fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Restored>> {
    if state.rounds.active_id()?.is_some() {
        return Err(Error::Invalid(
            "a round is in progress; finish or abandon it before restoring a backup".into(),
        ));
    }
    let dialog = Dialog::Open {
        title: "Restore a backup",
        filters: &[("Onsite backup", &["sqlite", "db"])],
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    let dir = state.data_dir.join("backups");
    std::fs::create_dir_all(&dir)?;
    let previous = dir.join(format!("before-restore-{}.sqlite", clock::now_ms()));
    state.db.restore_from(&path, &previous)?;
    // An import previewed against the data that was replaced must not be applied to the restored one.
    if let Ok(mut pending) = state.pending_import.lock() {
        *pending = None;
    }
    // The backup may predate the bundled packs of this version, and may hold an unfinished round.
    load_bank(&state.db, &state.user_packs_dir)?;
    state.rounds.restore(&state.db, state.clock.now())?;
    Ok(Some(Restored {
        from: path.display().to_string(),
        previous: previous.display().to_string(),
    }))
}
