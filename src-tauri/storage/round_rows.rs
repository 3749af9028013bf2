//! SQL for rounds: their state, answers and event log.

use super::Db;
use crate::domain::round::{Round, Signal, Status};
use crate::error::{Error, OrNotFound, Result};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// A round as stored.
#[derive(Debug, Clone)]
pub struct StoredRound {
    pub id: i64,
    pub template_id: String,
    pub title: String,
    pub round: Round,
    pub started_at: i64,
    pub ended_at: Option<i64>,
}

fn status_str(s: Status) -> &'static str {
    match s {
        Status::Ready => "ready",
        Status::Running => "running",
        Status::Paused => "paused",
        Status::Finished => "finished",
        Status::Abandoned => "abandoned",
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Invalid(format!("cannot store round: {e}")))
}

fn from_row(
    r: &rusqlite::Row,
) -> rusqlite::Result<(i64, String, String, String, i64, Option<i64>)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn stored(row: (i64, String, String, String, i64, Option<i64>)) -> Result<StoredRound> {
    let (id, template_id, title, state, started_at, ended_at) = row;
    let round = serde_json::from_str(&state)
        .map_err(|e| Error::Invalid(format!("round {id} is damaged: {e}")))?;
    Ok(StoredRound {
        id,
        template_id,
        title,
        round,
        started_at,
        ended_at,
    })
}

const COLUMNS: &str = "id, template_id, title, state, started_at, ended_at";

impl Db {
    /// Stores a new round with the signals its creation produced; returns its id.
    pub fn insert_round(
        &self,
        template_id: &str,
        title: &str,
        round: &Round,
        signals: &[Signal],
        now: i64,
    ) -> Result<i64> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO rounds (template_id, title, state, status, started_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![template_id, title, to_json(round)?, status_str(round.status), now])?;
            let id = tx.last_insert_rowid();
            log(tx, id, signals, now)?;
            Ok(id)
        })
    }

    /// Writes a round's state and the signals that led to it, durably, in one transaction.
    pub fn update_round(&self, id: i64, round: &Round, signals: &[Signal], now: i64) -> Result<()> {
        self.write(|tx| {
            let ended = round.is_over().then_some(now);
            let n = tx
                .prepare_cached(
                    "UPDATE rounds SET state = ?2, status = ?3, updated_at = ?4, ended_at = coalesce(ended_at, ?5) WHERE id = ?1",
                )?
                .execute(params![id, to_json(round)?, status_str(round.status), now, ended])?;
            if n == 0 {
                return Err(Error::NotFound(format!("round {id}")));
            }
            log(tx, id, signals, now)
        })
    }

    pub fn round(&self, id: i64) -> Result<StoredRound> {
        let row = self.read(|c| {
            let sql = format!("SELECT {COLUMNS} FROM rounds WHERE id = ?1");
            Ok(c.prepare_cached(&sql)?
                .query_row([id], from_row)
                .optional()?)
        })?;
        stored(row.or_not_found(format!("round {id}"))?)
    }

    /// The round left running or paused when the app last stopped, if any.
    pub fn unfinished_round(&self) -> Result<Option<StoredRound>> {
        let row = self.read(|c| {
            let sql = format!(
                "SELECT {COLUMNS} FROM rounds WHERE status IN ('running', 'paused', 'ready') ORDER BY id DESC LIMIT 1"
            );
            Ok(c.prepare_cached(&sql)?.query_row([], from_row).optional()?)
        })?;
        row.map(stored).transpose()
    }

    /// Rounds, newest first, optionally only those with `status` ("unfinished" for running, paused
    /// or ready).
    pub fn rounds(&self, status: Option<&str>) -> Result<Vec<StoredRound>> {
        let rows = self.read(|c| {
            let sql = format!("SELECT {COLUMNS} FROM rounds WHERE (?1 IS NULL OR status = ?1 \
                 OR (?1 = 'unfinished' AND status IN ('running', 'paused', 'ready'))) ORDER BY started_at DESC, id DESC");
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map([status], from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        rows.into_iter().map(stored).collect()
    }

    pub fn save_answer(&self, round_id: i64, position: usize, body: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO round_answers (round_id, position, body, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT(round_id, position) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            )?
            .execute(params![round_id, position as i64, body, now])?;
            Ok(())
        })
    }

    /// A round's answers by position.
    pub fn answers(&self, round_id: i64) -> Result<HashMap<usize, String>> {
        self.read(|c| {
            let mut st =
                c.prepare_cached("SELECT position, body FROM round_answers WHERE round_id = ?1")?;
            let rows = st.query_map([round_id], |r| {
                Ok((r.get::<_, i64>(0)? as usize, r.get(1)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// A round's event log, oldest first, as `(wall time, event JSON)`.
    pub fn round_events(&self, round_id: i64) -> Result<Vec<(i64, String)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT at, event FROM round_events WHERE round_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([round_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

fn log(tx: &rusqlite::Transaction, round_id: i64, signals: &[Signal], now: i64) -> Result<()> {
    let mut st =
        tx.prepare_cached("INSERT INTO round_events (round_id, at, event) VALUES (?1, ?2, ?3)")?;
    for s in signals {
        st.execute(params![round_id, now, to_json(s)?])?;
    }
    Ok(())
}
