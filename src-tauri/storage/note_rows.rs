//! SQL for notes and their revisions: one revision per writing session, not one per autosave.

use super::question_rows::Window;
use super::Db;
use crate::error::{Error, OrNotFound, Result};
use rusqlite::{named_params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

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
    /// False when the text was already saved as it is: nothing was written.
    pub changed: bool,
}

/// A gap this long between two saves of a note ends its revision: the next save starts a new one.
/// Autosave writes at most ~3 s apart while the user types, so only a real break from writing (or
/// leaving the note, see [`Db::seal_note`]) makes a new version. Migration 005 collapses older
/// histories with the same gap (written there as 300000): keep the two equal.
pub const REVISION_PAUSE_MS: i64 = 5 * 60 * 1000;

/// The most versions one page of a note's history holds.
const HISTORY_PAGE_MAX: u32 = 200;

/// One version in a note's history list: when and how long, without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteVersion {
    pub id: i64,
    /// When this version was last saved (milliseconds since the Unix epoch).
    pub saved_at: i64,
    /// Its length in characters (Unicode code points).
    pub chars: i64,
}

/// One version of a note, with its text.
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

/// Where a page of recent notes starts: after this note, in the list's order (most recently edited
/// first). The last note of one page is the key of the next.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoteKey {
    pub updated_at: i64,
    pub question_id: String,
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

    /// Saves a note durably, in the same transaction as its history: the save is on disk before
    /// this returns. The text goes into the newest revision while the user keeps writing, and into
    /// a new one after a pause of [`REVISION_PAUSE_MS`], after [`Db::seal_note`], or when the save
    /// takes away a third or more of the text (the text before it is then kept). Saving the text
    /// already saved changes nothing.
    pub fn save_note(&self, question_id: &str, body: &str, now: i64) -> Result<NoteSaved> {
        self.write(|tx| save(tx, question_id, body, now, Revision::Continue))
    }

    /// Closes the note's newest revision, so the next save starts a new one: the user has left
    /// the note. Nothing to close (no history, an unknown question) is not an error.
    pub fn seal_note(&self, question_id: &str) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "UPDATE note_revisions SET sealed = 1 WHERE sealed = 0 AND id = \
                 (SELECT max(id) FROM note_revisions WHERE question_id = ?1)",
            )?
            .execute([question_id])?;
            Ok(())
        })
    }

    /// Makes an earlier revision the current text, and returns it. The restore is always a new
    /// revision, so the version it replaces is kept and the restore can be undone the same way.
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
            let saved = save(tx, question_id, &body, now, Revision::New)?;
            Ok((body, saved))
        })
    }

    /// A page of a note's history, newest first, without the texts: at most `limit` versions
    /// (default 50, at most 200) older than version `before` (from the newest when `None`).
    pub fn note_history(
        &self,
        question_id: &str,
        before: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<NoteVersion>> {
        let limit = limit.unwrap_or(50).clamp(1, HISTORY_PAGE_MAX);
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, saved_at, length(body) FROM note_revisions \
                 WHERE question_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
            )?;
            let rows = st.query_map(
                rusqlite::params![question_id, before.unwrap_or(i64::MAX), limit],
                |r| {
                    Ok(NoteVersion {
                        id: r.get(0)?,
                        saved_at: r.get(1)?,
                        chars: r.get(2)?,
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// One version of a note, with its text, for when the user opens it in the history.
    pub fn note_revision(&self, question_id: &str, revision_id: i64) -> Result<NoteRevision> {
        self.read(|c| {
            let revision = c
                .prepare_cached(
                    "SELECT id, saved_at, body FROM note_revisions WHERE id = ?1 AND question_id = ?2",
                )?
                .query_row(rusqlite::params![revision_id, question_id], |r| {
                    Ok(NoteRevision { id: r.get(0)?, saved_at: r.get(1)?, body: r.get(2)? })
                })
                .optional()?;
            revision.or_not_found(format!("revision {revision_id} of the note on {question_id:?}"))
        })
    }

    /// Every saved version of a note with its text, newest first. Unbounded: for tests and
    /// measurements only; the UI pages through [`Db::note_history`].
    pub fn note_revisions(&self, question_id: &str) -> Result<Vec<NoteRevision>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, saved_at, body FROM note_revisions WHERE question_id = ?1 ORDER BY id DESC",
            )?;
            let rows = st.query_map([question_id], |r| Ok(NoteRevision { id: r.get(0)?, saved_at: r.get(1)?, body: r.get(2)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// A page of the notes with text, most recently edited first: `limit` notes (never more than
    /// [`Window::MAX`]) after `before`.
    pub fn recent_notes(&self, before: Option<&NoteKey>, limit: u32) -> Result<Vec<RecentNote>> {
        let limit = limit.min(Window::MAX);
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT n.question_id, q.prompt, q.category, q.level, n.updated_at, \
                 (SELECT count(*) FROM note_revisions r WHERE r.question_id = n.question_id), q.hidden \
                 FROM notes n JOIN questions q ON q.id = n.question_id \
                 WHERE n.body <> '' AND (:at IS NULL OR (n.updated_at, n.question_id) < (:at, :id)) \
                 ORDER BY n.updated_at DESC, n.question_id DESC LIMIT :limit",
            )?;
            let rows = st.query_map(
                named_params! {
                    ":at": before.map(|k| k.updated_at),
                    ":id": before.map(|k| k.question_id.as_str()),
                    ":limit": limit,
                },
                |r| {
                    Ok(RecentNote {
                        question_id: r.get(0)?,
                        prompt: r.get(1)?,
                        category: r.get(2)?,
                        level: r.get(3)?,
                        updated_at: r.get(4)?,
                        revisions: r.get(5)?,
                        hidden: r.get(6)?,
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// Whether a save may go on writing into the newest revision, or must start a new one.
#[derive(Clone, Copy, PartialEq)]
enum Revision {
    Continue,
    New,
}

fn save(
    tx: &Transaction,
    question_id: &str,
    body: &str,
    now: i64,
    revision: Revision,
) -> Result<NoteSaved> {
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
    let newest: Option<(i64, i64, bool, String)> = tx
        .prepare_cached(
            "SELECT id, saved_at, sealed, body FROM note_revisions WHERE question_id = ?1 \
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([question_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    match newest {
        Some((id, saved_at, false, text))
            if revision == Revision::Continue
                && now - saved_at < REVISION_PAUSE_MS
                && !removes_a_third(&text, body) =>
        {
            tx.prepare_cached("UPDATE note_revisions SET body = ?2, saved_at = ?3 WHERE id = ?1")?
                .execute(rusqlite::params![id, body, now])?;
        }
        _ => {
            tx.prepare_cached(
                "INSERT INTO note_revisions (question_id, body, saved_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(rusqlite::params![question_id, body, now])?;
        }
    }
    Ok(NoteSaved {
        updated_at: now,
        changed: true,
    })
}

/// Whether going from `old` to `new` takes away a third or more of `old` (in bytes): the span
/// between the text they share at the start and at the end. Typing removes nothing or a few
/// characters between two saves; clearing the note, replacing it or cutting a large part of it
/// makes a version the user may want back, so the revision holding `old` is kept as it is.
fn removes_a_third(old: &str, new: &str) -> bool {
    let (old, new) = (old.as_bytes(), new.as_bytes());
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = old.len() - prefix - suffix;
    removed > 0 && removed * 3 >= old.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_small_edits_remove_little_but_replacing_the_text_removes_a_third() {
        assert!(!removes_a_third("The bias", "The bias-variance trade-off"));
        assert!(!removes_a_third("", "anything"));
        assert!(!removes_a_third(
            "Regularise the model well",
            "Regularise the modl well"
        ));
        assert!(
            !removes_a_third("abc abc", "abc abc abc"),
            "repeated text is still an insertion"
        );
        assert!(removes_a_third("first answer", "second answer"));
        assert!(removes_a_third("a long answer", ""));
        assert!(removes_a_third("keep this. drop that part.", "keep this."));
    }

    #[test]
    fn the_migration_collapses_with_the_same_pause() {
        let sql = include_str!("migrations/005_note_history.sql");
        assert!(
            sql.contains(&format!("< {REVISION_PAUSE_MS}")),
            "005 must use REVISION_PAUSE_MS"
        );
    }
}
