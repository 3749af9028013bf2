//! SQL for coding drills: a question's cases, the code the user keeps for it, and a round answer's
//! last run.

use super::Db;
use crate::domain::drill::{Drill, RunCounts};
use crate::error::Result;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// The code the user keeps for a question, with when it was last saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub body: String,
    pub updated_at: i64,
}

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

    /// Which of `question_ids` have a drill.
    pub fn runnable(&self, question_ids: &[&str]) -> Result<Vec<bool>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM questions WHERE id = ?1 AND drill IS NOT NULL)",
            )?;
            question_ids
                .iter()
                .map(|id| Ok(st.query_row([id], |r| r.get(0))?))
                .collect()
        })
    }

    pub fn code(&self, question_id: &str) -> Result<Option<Code>> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT body, updated_at FROM drill_code WHERE question_id = ?1")?
                    .query_row([question_id], |r| {
                        Ok(Code {
                            body: r.get(0)?,
                            updated_at: r.get(1)?,
                        })
                    })
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

    /// Keeps a round answer's code with the counts of the run just made of it.
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
                 body = excluded.body, updated_at = excluded.updated_at, run = excluded.run",
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
