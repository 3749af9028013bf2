//! SQL for rounds: their state, answers and event log.

use super::Db;
use crate::domain::report::DamagedRound;
use crate::domain::round::{Round, Signal, Status};
use crate::error::{Error, OrNotFound, Result};
use rusqlite::{named_params, params, OptionalExtension, Row};
use serde::Deserialize;
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
    /// Practice only: its reviews leave the schedule alone.
    pub cram: bool,
}

/// Where a page of rounds starts: after this round, in the list's order (newest first). The last
/// round of one page is the key of the next, so a round started meanwhile never shifts a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoundKey {
    pub started_at: i64,
    pub id: i64,
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

const COLUMNS: &str = "id, template_id, title, state, started_at, ended_at, cram";

/// A row of `rounds` read with [`COLUMNS`], its state not yet decoded.
struct RoundRow {
    id: i64,
    template_id: String,
    title: String,
    state: String,
    started_at: i64,
    ended_at: Option<i64>,
    cram: bool,
}

fn round_row(r: &Row) -> rusqlite::Result<RoundRow> {
    Ok(RoundRow {
        id: r.get(0)?,
        template_id: r.get(1)?,
        title: r.get(2)?,
        state: r.get(3)?,
        started_at: r.get(4)?,
        ended_at: r.get(5)?,
        cram: r.get(6)?,
    })
}

impl RoundRow {
    /// The round, or, when its state does not decode, what the row still says of it: each row
    /// decodes on its own, so one damaged row never hides the others.
    fn decode(self) -> std::result::Result<StoredRound, DamagedRound> {
        match serde_json::from_str(&self.state) {
            Ok(round) => Ok(StoredRound {
                id: self.id,
                template_id: self.template_id,
                title: self.title,
                round,
                started_at: self.started_at,
                ended_at: self.ended_at,
                cram: self.cram,
            }),
            Err(_) => Err(DamagedRound::new(self.id, self.title, self.started_at)),
        }
    }
}

impl Db {
    /// Stores a new round with the signals its creation produced; returns its id.
    pub fn insert_round(
        &self,
        template_id: &str,
        title: &str,
        round: &Round,
        cram: bool,
        signals: &[Signal],
        now: i64,
    ) -> Result<i64> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO rounds (template_id, title, state, status, started_at, updated_at, cram) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
            )?
            .execute(params![template_id, title, serde_json::to_string(round)?, status_str(round.status), now, cram])?;
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
                .execute(params![id, serde_json::to_string(round)?, status_str(round.status), now, ended])?;
            if n == 0 {
                return Err(Error::NotFound(format!("round {id}")));
            }
            log(tx, id, signals, now)
        })
    }

    /// One round. A round whose stored state does not decode is an error that says so.
    pub fn round(&self, id: i64) -> Result<StoredRound> {
        let row = self.read(|c| {
            let sql = format!("SELECT {COLUMNS} FROM rounds WHERE id = ?1");
            Ok(c.prepare_cached(&sql)?
                .query_row([id], round_row)
                .optional()?)
        })?;
        row.or_not_found(format!("round {id}"))?
            .decode()
            .map_err(|_| {
                Error::Internal(format!(
                    "round {id}'s record is damaged and cannot be shown"
                ))
            })
    }

    /// The newest round left running, paused or ready when the app last stopped, if any. A damaged
    /// one is passed over (History lists it as damaged): it must not keep the app from starting.
    /// Every round not yet over, newest first. One whose stored record no longer reads is left out.
    pub fn unfinished_rounds(&self) -> Result<Vec<StoredRound>> {
        self.read(|c| {
            let sql = format!(
                "SELECT {COLUMNS} FROM rounds WHERE status IN ('running', 'paused', 'ready') ORDER BY id DESC"
            );
            let mut st = c.prepare_cached(&sql)?;
            let mut out = Vec::new();
            for row in st.query_map([], round_row)? {
                if let Ok(stored) = row?.decode() {
                    out.push(stored);
                }
            }
            Ok(out)
        })
    }

    /// A page of rounds, newest first: at most `limit`, after `before` when given, only those with
    /// `status` when given ("unfinished" for running, paused or ready). Each round, or what its row
    /// says of it when its state does not decode.
    pub fn rounds(
        &self,
        status: Option<&str>,
        before: Option<RoundKey>,
        limit: u32,
    ) -> Result<Vec<std::result::Result<StoredRound, DamagedRound>>> {
        let rows = self.read(|c| {
            let sql = format!(
                "SELECT {COLUMNS} FROM rounds WHERE (:status IS NULL OR status = :status \
                 OR (:status = 'unfinished' AND status IN ('running', 'paused', 'ready'))) \
                 AND (:started IS NULL OR (started_at, id) < (:started, :id)) \
                 ORDER BY started_at DESC, id DESC LIMIT :limit"
            );
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map(
                named_params! {
                    ":status": status,
                    ":started": before.map(|k| k.started_at),
                    ":id": before.map(|k| k.id),
                    ":limit": limit,
                },
                round_row,
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        Ok(rows.into_iter().map(RoundRow::decode).collect())
    }

    /// Saves the answer to step `position` of a round, the question `question_id`.
    pub fn save_answer(
        &self,
        round_id: i64,
        position: usize,
        question_id: &str,
        body: &str,
        now: i64,
    ) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO round_answers (round_id, position, question_id, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT(round_id, position) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, \
                 run = CASE WHEN body = excluded.body THEN run END",
            )?
            .execute(params![round_id, position as i64, question_id, body, now])?;
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
        st.execute(params![round_id, now, serde_json::to_string(s)?])?;
    }
    Ok(())
}
