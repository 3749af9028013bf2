//! Commands for the library: the packs, writing questions of one's own, importing a file after a
//! preview, and saving a pack to a file.

use crate::domain::formats::reading::{Candidate, Pick, Reading};
use crate::domain::pack::Question;
use crate::error::Result;
use crate::services::file_dialogs::Dialog;
use crate::services::file_exports::{self, PackFormat, Saved};
use crate::services::imports::{ImportChoice, ImportDone, Preview};
use crate::services::{authoring, clock};
use crate::storage::{OwnPack, PackInfo, PackMeta, Window};
use crate::AppState;
use tauri::{AppHandle, Runtime, State};

/// Every format the importer reads, for the open dialog.
const IMPORTABLE: &[(&str, &[&str])] = &[
    (
        "Question files",
        &[
            "md", "markdown", "txt", "toml", "json", "csv", "tsv", "apkg",
        ],
    ),
    ("All files", &["*"]),
];

#[tauri::command(async)]
pub fn list_packs(state: State<'_, AppState>) -> Result<Vec<PackInfo>> {
    state.db.packs()
}

/// A pack of the user's own with a window of its questions: the first 50 when not given.
#[tauri::command(async)]
pub fn get_own_pack(
    state: State<'_, AppState>,
    id: String,
    window: Option<Window>,
) -> Result<OwnPack> {
    state
        .db
        .own_pack(&id, &window.unwrap_or(Window::first(OWN_PAGE)))
}

/// Questions of a pack of one's own in the Library when the UI does not say.
const OWN_PAGE: u32 = 50;

/// One question of a pack of the user's own, to edit wherever it is in the pack.
#[tauri::command(async)]
pub fn get_own_question(state: State<'_, AppState>, id: String) -> Result<Question> {
    state.db.own_question(&id)
}

#[tauri::command(async)]
pub fn create_pack(state: State<'_, AppState>, meta: PackMeta) -> Result<String> {
    state.db.create_pack(&meta, clock::now_ms())
}

#[tauri::command(async)]
pub fn update_pack(state: State<'_, AppState>, id: String, meta: PackMeta) -> Result<()> {
    state.db.update_pack(&id, &meta)
}

/// Soft: the pack and its questions leave the library; notes and rounds on them stay.
#[tauri::command(async)]
pub fn remove_pack(state: State<'_, AppState>, id: String) -> Result<()> {
    state.db.remove_pack(&id, clock::now_ms())
}

/// Adds (no id) or updates a question in a pack of the user's own, checked by the pack rules.
#[tauri::command(async)]
pub fn save_question(
    state: State<'_, AppState>,
    pack_id: String,
    question: Question,
) -> Result<String> {
    authoring::save_question(&state.db, &pack_id, &question, clock::now_ms())
}

#[tauri::command(async)]
pub fn delete_question(state: State<'_, AppState>, id: String) -> Result<()> {
    state.db.delete_question(&id)
}

/// Copies any question (a built-in one, say) into a pack of the user's own, and returns the copy's id.
#[tauri::command(async)]
pub fn copy_question(state: State<'_, AppState>, id: String, pack_id: String) -> Result<String> {
    authoring::copy_question(&state.db, &id, &pack_id, clock::now_ms())
}

/// Asks for a file and shows what importing it would do; `None` if the user cancelled.
#[tauri::command(async)]
pub fn preview_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<Preview>> {
    let dialog = Dialog::Open {
        title: "Import questions",
        filters: IMPORTABLE,
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    state.imports.preview(&state.db, &path).map(Some)
}

/// Reads the file last previewed again, its reading corrected as the user chose in the preview,
/// with the candidates `pick` names taken or left out.
#[tauri::command(async)]
pub fn reread_import(
    state: State<'_, AppState>,
    reading: Reading,
    pick: Option<Pick>,
) -> Result<Preview> {
    state.imports.reread(&state.db, &reading, pick)
}

/// A window of the candidates of one section of the note last previewed, by its heading's line
/// (0 for what comes before the first heading).
#[tauri::command(async)]
pub fn reading_candidates(
    state: State<'_, AppState>,
    section: usize,
    window: Window,
) -> Result<Vec<Candidate>> {
    let limit = window.limit.min(Window::MAX);
    state
        .imports
        .candidates(section, window.offset as usize, limit as usize)
}

/// Imports the file last previewed, as the user confirmed it.
#[tauri::command(async)]
pub fn apply_import(state: State<'_, AppState>, choice: ImportChoice) -> Result<ImportDone> {
    state.imports.confirm(&state.db, &choice, clock::now_ms())
}

/// Saves a pack as a file where the user chooses; `None` if they cancelled.
#[tauri::command(async)]
pub fn export_pack<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    format: PackFormat,
) -> Result<Option<Saved>> {
    let ext = format.extension();
    let name = format!("{id}.{ext}");
    let dialog = Dialog::Save {
        title: "Export pack",
        file_name: &name,
        filters: &[("Pack", &[ext])],
    };
    let Some(path) = state.picker.pick(&app, dialog)? else {
        return Ok(None);
    };
    file_exports::export_pack(&state.db, &id, format, &path).map(Some)
}
