//! SQL for notes and their revisions.

use super::Db;
use crate::error::{Error, OrNotFound, Result};
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub question_id: String,
    pub body: String,
    /// Milliseconds since the Unix epoch.
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteSaved {
    pub updated_at: i64,
    /// False when the text was already saved as it is: no new revision was made.
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteRevision {
    pub id: i64,
    pub saved_at: i64,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentNote {
    pub question_id: String,
    pub prompt: String,
    pub category: String,
    pub level: String,
    pub updated_at: i64,
    pub revisions: u32,
    pub hidden: bool,
}

/// A note with the question it answers, for exports.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteExport {
    pub question_id: String,
    pub level: String,
    pub category: String,
    pub prompt: String,
    pub body: String,
}

impl Db {
    /// Every note with text, hidden questions' too, in bank order.
    pub fn notes_for_export(&self) -> Result<Vec<NoteExport>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT q.level, q.category, q.prompt, n.body, q.id FROM notes n JOIN questions q ON q.id = n.question_id \
                 JOIN packs p ON p.id = q.pack_id WHERE n.body <> '' ORDER BY q.level, p.origin, p.id, q.position",
            )?;
            let rows = st.query_map([], |r| {
                Ok(NoteExport { level: r.get(0)?, category: r.get(1)?, prompt: r.get(2)?, body: r.get(3)?, question_id: r.get(4)? })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn note(&self, question_id: &str) -> Result<Option<Note>> {
        self.read(|c| {
            let mut st =
                c.prepare_cached("SELECT body, updated_at FROM notes WHERE question_id = ?1")?;
            let note = st
                .query_row([question_id], |r| {
                    Ok(Note {
                        question_id: question_id.into(),
                        body: r.get(0)?,
                        updated_at: r.get(1)?,
                    })
                })
                .optional()?;
            Ok(note)
        })
    }

    /// Saves a note durably and keeps the saved text as a new revision. Saving the text already
    /// saved changes nothing.
    pub fn save_note(&self, question_id: &str, body: &str, now: i64) -> Result<NoteSaved> {
        self.write(|tx| save(tx, question_id, body, now))
    }

    /// Makes an earlier revision the current text, and returns it. The restore is itself a new
    /// revision, so it can be undone the same way.
    pub fn restore_note(
        &self,
        question_id: &str,
        revision_id: i64,
        now: i64,
    ) -> Result<(String, NoteSaved)> {
        self.write(|tx| {
            let body: String = tx
                .prepare_cached(
                    "SELECT body FROM note_revisions WHERE id = ?1 AND question_id = ?2",
                )?
                .query_row(rusqlite::params![revision_id, question_id], |r| r.get(0))
                .optional()?
                .or_not_found(format!(
                    "revision {revision_id} of the note on {question_id:?}"
                ))?;
            let saved = save(tx, question_id, &body, now)?;
            Ok((body, saved))
        })
    }

    /// Every saved version of a note, newest first.
    pub fn note_revisions(&self, question_id: &str) -> Result<Vec<NoteRevision>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, saved_at, body FROM note_revisions WHERE question_id = ?1 ORDER BY id DESC",
            )?;
            let rows = st.query_map([question_id], |r| Ok(NoteRevision { id: r.get(0)?, saved_at: r.get(1)?, body: r.get(2)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Notes with text, most recently edited first.
    pub fn recent_notes(&self, limit: u32) -> Result<Vec<RecentNote>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT n.question_id, q.prompt, q.category, q.level, n.updated_at, \
                 (SELECT count(*) FROM note_revisions r WHERE r.question_id = n.question_id), q.hidden \
                 FROM notes n JOIN questions q ON q.id = n.question_id WHERE n.body <> '' \
                 ORDER BY n.updated_at DESC LIMIT ?1",
            )?;
            let rows = st.query_map([limit], |r| {
                Ok(RecentNote {
                    question_id: r.get(0)?,
                    prompt: r.get(1)?,
                    category: r.get(2)?,
                    level: r.get(3)?,
                    updated_at: r.get(4)?,
                    revisions: r.get(5)?,
                    hidden: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

fn save(tx: &Transaction, question_id: &str, body: &str, now: i64) -> Result<NoteSaved> {
    let exists: bool = tx
        .prepare_cached("SELECT count(*) FROM questions WHERE id = ?1")?
        .query_row([question_id], |r| r.get(0))?;
    if !exists {
        return Err(Error::NotFound(format!("question {question_id:?}")));
    }
    let current: Option<(String, i64)> = tx
        .prepare_cached("SELECT body, updated_at FROM notes WHERE question_id = ?1")?
        .query_row([question_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match current {
        Some((text, at)) if text == body => {
            return Ok(NoteSaved {
                updated_at: at,
                changed: false,
            })
        }
        None if body.is_empty() => {
            return Ok(NoteSaved {
                updated_at: now,
                changed: false,
            })
        }
        _ => {}
    }
    tx.prepare_cached(
        "INSERT INTO notes (question_id, body, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT(question_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )?
    .execute(rusqlite::params![question_id, body, now])?;
    tx.prepare_cached(
        "INSERT INTO note_revisions (question_id, body, saved_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(rusqlite::params![question_id, body, now])?;
    Ok(NoteSaved {
        updated_at: now,
        changed: true,
    })
}
