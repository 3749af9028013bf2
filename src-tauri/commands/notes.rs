//! Commands for a question's note: read, autosave, history (listed without texts, opened one at a
//! time) and restore. Notes reach the UI already rendered and sanitised.

use crate::domain::note_html;
use crate::error::Result;
use crate::services::clock;
use crate::storage::{NoteKey, NoteRevision, NoteSaved, NoteVersion, RecentNote};
use crate::AppState;
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderedNote {
    pub body: String,
    pub html: String,
    /// Milliseconds since the Unix epoch; absent for a note never written.
    pub updated_at: Option<i64>,
    /// False when the save found the text already saved.
    pub changed: bool,
}

impl RenderedNote {
    fn new(body: String, updated_at: Option<i64>, changed: bool) -> Self {
        Self {
            html: note_html::render(&body),
            body,
            updated_at,
            changed,
        }
    }

    /// The note as a save (or a restore) left it on disk.
    fn saved(body: String, saved: NoteSaved) -> Self {
        Self::new(body, Some(saved.updated_at), saved.changed)
    }
}

#[tauri::command(async)]
pub fn get_note(state: State<'_, AppState>, question_id: String) -> Result<RenderedNote> {
    let note = state.db.note(&question_id)?;
    Ok(match note {
        Some(n) => RenderedNote::new(n.body, Some(n.updated_at), false),
        None => RenderedNote::new(String::new(), None, false),
    })
}

/// Answers only after the note is committed to disk.
#[tauri::command(async)]
pub fn save_note(
    state: State<'_, AppState>,
    question_id: String,
    body: String,
) -> Result<RenderedNote> {
    let saved = state.db.save_note(&question_id, &body, clock::now_ms())?;
    Ok(RenderedNote::saved(body, saved))
}

/// The user left the note (another question, another view, out of Write): the next save starts a
/// new version.
#[tauri::command(async)]
pub fn seal_note(state: State<'_, AppState>, question_id: String) -> Result<()> {
    state.db.seal_note(&question_id)
}

/// A page of the note's versions, newest first, with times and sizes but no texts.
#[tauri::command(async)]
pub fn note_history(
    state: State<'_, AppState>,
    question_id: String,
    before: Option<i64>,
    limit: Option<u32>,
) -> Result<Vec<NoteVersion>> {
    state.db.note_history(&question_id, before, limit)
}

/// One version's text, when the user opens it in the history.
#[tauri::command(async)]
pub fn note_revision(
    state: State<'_, AppState>,
    question_id: String,
    revision_id: i64,
) -> Result<NoteRevision> {
    state.db.note_revision(&question_id, revision_id)
}

#[tauri::command(async)]
pub fn restore_note(
    state: State<'_, AppState>,
    question_id: String,
    revision_id: i64,
) -> Result<RenderedNote> {
    let (body, saved) = state
        .db
        .restore_note(&question_id, revision_id, clock::now_ms())?;
    Ok(RenderedNote::saved(body, saved))
}

/// A page of notes, most recently edited first. `before` (`{updatedAt, questionId}`) is the last
/// note of the page before; a page holds `limit` notes, 50 when not given.
#[tauri::command(async)]
pub fn recent_notes(
    state: State<'_, AppState>,
    before: Option<NoteKey>,
    limit: Option<u32>,
) -> Result<Vec<RecentNote>> {
    state
        .db
        .recent_notes(before.as_ref(), limit.unwrap_or(NOTES_PAGE))
}

/// Notes in a page of History when the UI does not say.
const NOTES_PAGE: u32 = 50;
