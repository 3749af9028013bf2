//! SQL for coding drills: a question's cases, the code the user keeps for it, and a round answer's
//! last run.

use super::Db;
use crate::domain::drill::{Drill, Language, RunCounts};
use crate::error::Result;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

impl Db {
    /// The question's drill, if it has one. A drill whose JSON no longer reads counts as none, so the
    /// question still shows.
    pub fn drill(&self, question_id: &str) -> Result<Option<Drill>> {
        let text: Option<Option<String>> = self.read(|c| {
            Ok(
                c.prepare_cached("SELECT drill FROM questions WHERE id = ?1")?
                    .query_row([question_id], |r| r.get(0))
                    .optional()?,
            )
        })?;
        Ok(text.flatten().and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// The language of the question's drill, if it has one, without reading its cases.
    pub fn drill_language(&self, question_id: &str) -> Result<Option<Language>> {
        let name: Option<Option<String>> = self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT coalesce(json_extract(drill, '$.language'), 'python') FROM questions \
                 WHERE id = ?1 AND drill IS NOT NULL",
            )?
            .query_row([question_id], |r| r.get(0))
            .optional()?)
        })?;
        Ok(name
            .flatten()
            .and_then(|n| serde_json::from_value(n.into()).ok()))
    }

    /// Whether the question comes with Onsite rather than from a pack of the user's, and that
    /// pack's title: code from elsewhere is the pack author's, to be read before it is run.
    pub fn drill_source(&self, question_id: &str) -> Result<(bool, String)> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT p.origin = 'bundled', p.title FROM questions q JOIN packs p ON p.id = q.pack_id \
                 WHERE q.id = ?1",
            )?
            .query_row([question_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })
    }

    /// The code the user keeps for a question, if any.
    pub fn code(&self, question_id: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT body FROM drill_code WHERE question_id = ?1")?
                    .query_row([question_id], |r| r.get(0))
                    .optional()?,
            )
        })
    }

    /// Keeps the user's code for a question; on disk when this returns.
    pub fn save_code(&self, question_id: &str, body: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO drill_code (question_id, body, updated_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT(question_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            )?
            .execute(params![question_id, body, now])?;
            Ok(())
        })
    }

    /// Keeps the counts of the run just made of a round answer's code. They describe the answer
    /// only while it is that code: if the answer was changed while the run went on, it keeps no
    /// counts (its autosave has already cleared the old ones).
    pub fn save_run(
        &self,
        round_id: i64,
        position: usize,
        question_id: &str,
        body: &str,
        run: RunCounts,
        now: i64,
    ) -> Result<()> {
        let run = serde_json::to_string(&run)?;
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO round_answers (round_id, position, question_id, body, updated_at, run) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(round_id, position) DO UPDATE SET \
                 run = CASE WHEN body = excluded.body THEN excluded.run END",
            )?
            .execute(params![round_id, position as i64, question_id, body, now, run])?;
            Ok(())
        })
    }

    /// The last run of each of a round's answers that has one, by position.
    pub fn runs(&self, round_id: i64) -> Result<HashMap<usize, RunCounts>> {
        let rows: Vec<(i64, String)> = self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT position, run FROM round_answers WHERE round_id = ?1 AND run IS NOT NULL",
            )?;
            let rows = st.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(p, run)| Some((p as usize, serde_json::from_str(&run).ok()?)))
            .collect())
    }
}
