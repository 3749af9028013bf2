//! A run of a coding drill, from the question page or a round: what is kept before it, the run on
//! the user's Python, and the counts kept after it.

use super::clock::Clock;
use super::drill_runner::Runner;
use super::round_runner::Rounds;
use crate::domain::drill::{Ending, RunCounts, RunReport};
use crate::domain::settings::Settings;
use crate::error::{OrNotFound, Result};
use crate::storage::Db;
use serde::Deserialize;
use std::time::Duration;

/// Where a run's code is an answer in a round: step `index` of round `id`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundStep {
    pub id: i64,
    pub index: usize,
}

/// Runs `code` for `question_id`: its visible cases, or every case when `all`.
///
/// On the question page the code is kept first, as the code kept for the question. In a round the
/// step must be open, and the answer is already kept by its autosave; the run's counts are kept
/// with it only if the answer is still this code when the run ends, and a cancelled run keeps none.
#[allow(clippy::too_many_arguments)]
pub fn run(
    db: &Db,
    runner: &Runner,
    rounds: &Rounds,
    clock: &Clock,
    settings: &Settings,
    question_id: &str,
    code: &str,
    all: bool,
    round: Option<RoundStep>,
) -> Result<RunReport> {
    let drill = db.drill(question_id)?.or_not_found(question_id)?;
    match round {
        Some(step) => {
            rounds.open_question(db, step.id, step.index, clock.now())?;
        }
        None => db.save_code(question_id, code, clock.now().wall)?,
    }
    let limit = Duration::from_secs(settings.run_timeout.0.into());
    let report = runner.run(settings.python_program(), &drill, code, all, limit)?;
    if let Some(step) = round.filter(|_| report.ending != Ending::Cancelled) {
        // A round that ended long before the run did no longer takes answers; the run's result
        // still reaches the user.
        let _ = rounds.save_run(
            db,
            step.id,
            step.index,
            code,
            RunCounts::from(&report),
            clock.now(),
        );
    }
    Ok(report)
}
