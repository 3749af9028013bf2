//! Running rounds: the one active round and its clock, every transition written to the database
//! before it is reported, the templates, and the driver that ticks the clock and tells the UI.

use super::clock::Now;
use super::file_exports::{self, Exported};
use super::pack_loader::read_toml_dir;
use crate::domain::drill::RunCounts;
use crate::domain::pack::PackError;
use crate::domain::report::{self, QuestionInfo, RoundListing, RoundMeta, RoundView};
use crate::domain::review::{FromSchedule, Pick};
use crate::domain::round::{self, Ms, Outcome, PauseReason, Round, Signal, Slot};
use crate::domain::settings::Budgets;
use crate::domain::template::{self, CustomRound, Template};
use crate::error::{Error, OrNotFound, Result};
use crate::storage::{Db, RoundKey, StoredRound};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// The templates compiled into the binary: `(file name, text)` for every `questions/rounds/*.toml`.
const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled_templates.rs"));

/// The bundled templates, then the user's own from `dir`; files with errors are reported and skipped.
pub fn load_templates(dir: &Path) -> (Vec<Template>, Vec<PackError>) {
    let bundled = BUNDLED
        .iter()
        .map(|(n, t)| (format!("questions/rounds/{n}"), (*t).to_string()));
    let (user, mut errors) = read_toml_dir(dir);
    let mut templates: Vec<Template> = Vec::new();
    for (file, text) in bundled.chain(user) {
        match template::parse_templates(&file, &text) {
            Ok(ts) => {
                for t in ts {
                    // A user's template with a bundled one's id replaces it.
                    templates.retain(|old| old.id != t.id);
                    templates.push(t);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    (templates, errors)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Pause,
    Resume,
    Next,
    Skip,
    Finish,
    Abandon,
}

/// What the user chose to start: a template by id, a custom round, or a round from the schedule.
/// `seed` fixes a random order; `cram` makes it practice only, leaving the schedule alone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoundChoice {
    pub template_id: Option<String>,
    pub custom: Option<CustomRound>,
    pub from_schedule: Option<FromSchedule>,
    pub seed: Option<u64>,
    #[serde(default)]
    pub cram: bool,
}

/// A round ready to start: where it came from, its steps, and its total budget if any.
#[derive(Debug, Clone)]
pub struct Planned {
    pub template_id: String,
    pub title: String,
    pub slots: Vec<Slot>,
    pub total: Option<Ms>,
    /// Practice only: its reviews leave the schedule alone.
    pub cram: bool,
}

struct Active {
    stored: StoredRound,
    last_tick: Now,
    last_saved: Ms,
}

/// How long after a round ends an answer save still in flight is accepted, in wall milliseconds.
const LATE_ANSWER_MS: i64 = 60_000;

/// How often a running round's time used is written, so a killed app loses at most this much.
const HEARTBEAT_MS: Ms = 1_000;

/// Rounds in a page of History when the UI does not say, and the most it may ask for: each round
/// listed reads its answers and questions, so History never loads the whole table at once.
pub const ROUNDS_PAGE: u32 = 50;
const MAX_ROUNDS_PAGE: u32 = 200;

/// The round in progress, if any. One at a time, as in a real loop.
#[derive(Default)]
pub struct Rounds {
    active: Mutex<Option<Active>>,
    /// Signalled when a round becomes active, so the clock's driver sleeps while there is none.
    started: tokio::sync::Notify,
}

impl Rounds {
    fn lock(&self) -> Result<MutexGuard<'_, Option<Active>>> {
        self.active.lock().map_err(|_| {
            Error::Internal("the round is unavailable after an earlier failure".into())
        })
    }

    /// At start-up: a round left running when the app stopped comes back paused, where it was.
    /// Older rounds left unfinished (by a crash before the newest one started) are closed as
    /// abandoned, their answers kept, so none stays "running" in History for ever; the second
    /// value counts them.
    pub fn restore(&self, db: &Db, now: Now) -> Result<(Option<i64>, usize)> {
        let mut unfinished = db.unfinished_rounds()?.into_iter();
        let Some(mut stored) = unfinished.next() else {
            return Ok((None, 0));
        };
        let mut closed = 0;
        for older in unfinished {
            let (mut round, mut signals) = older.round.restored();
            signals.extend(round.abandon(now.mono).map_err(|e| Error::Invalid(e.0))?);
            db.update_round(older.id, &round, &signals, now.wall)?;
            closed += 1;
        }
        let (round, signals) = stored.round.restored();
        db.update_round(stored.id, &round, &signals, now.wall)?;
        stored.round = round;
        let id = stored.id;
        self.started.notify_one();
        *self.lock()? = Some(Active {
            stored,
            last_tick: now,
            last_saved: now.mono,
        });
        Ok((Some(id), closed))
    }

    pub fn active_id(&self) -> Result<Option<i64>> {
        Ok(self.lock()?.as_ref().map(|a| a.stored.id))
    }

    /// Starts a planned round. Refused while another round is unfinished.
    pub fn start(&self, db: &Db, plan: Planned, now: Now) -> Result<i64> {
        let Planned {
            template_id,
            title,
            slots,
            total,
            cram,
        } = plan;
        let mut active = self.lock()?;
        if active.is_some() {
            return Err(Error::Invalid(
                "another round is unfinished: resume it or abandon it first".into(),
            ));
        }
        let mut round = Round::new(slots, total);
        let signals = round.start(now.mono).map_err(|e| Error::Invalid(e.0))?;
        round.checkpoint(now.mono);
        let id = db.insert_round(&template_id, &title, &round, cram, &signals, now.wall)?;
        let stored = StoredRound {
            id,
            template_id,
            title,
            round,
            started_at: now.wall,
            ended_at: None,
            cram,
        };
        self.started.notify_one();
        *active = Some(Active {
            stored,
            last_tick: now,
            last_saved: now.mono,
        });
        Ok(id)
    }

    /// Plans the chosen round from the bank (or the schedule) and starts it.
    pub fn start_chosen(
        &self,
        db: &Db,
        templates: &[Template],
        choice: &RoundChoice,
        budgets: &Budgets,
        now: Now,
    ) -> Result<i64> {
        let seed = choice
            .seed
            .or(choice.custom.as_ref().and_then(|c| c.seed))
            .unwrap_or(now.wall as u64);
        let (id, title, slots, total): (&str, String, _, _) =
            match (&choice.template_id, &choice.custom, &choice.from_schedule) {
                (None, Some(c), None) => (
                    "custom",
                    "Custom round".into(),
                    c.plan(&db.round_candidates()?, budgets, seed),
                    c.total_minutes,
                ),
                (Some(id), None, None) => {
                    let t = templates
                        .iter()
                        .find(|t| &t.id == id)
                        .or_not_found(format!("round template {id:?}"))?;
                    (
                        t.id.as_str(),
                        t.title.clone(),
                        template::plan(t, &db.round_candidates()?, budgets, seed),
                        t.total_minutes,
                    )
                }
                (None, None, Some(s)) => {
                    let id = match s.pick {
                        Pick::Due => "due-today",
                        Pick::Weak => "weak-spots",
                    };
                    let (title, slots) = s
                        .plan(&db.scheduled_questions()?, budgets, now.wall)
                        .map_err(Error::Invalid)?;
                    (id, title, Ok(slots), None)
                }
                _ => {
                    return Err(Error::Invalid(
                        "choose one of a template, a custom round, or a round from the schedule"
                            .into(),
                    ))
                }
            };
        let plan = Planned {
            template_id: id.into(),
            title,
            slots: slots.map_err(Error::Invalid)?,
            total: total.map(|m| Ms::from(m) * 60_000),
            cram: choice.cram,
        };
        self.start(db, plan, now)
    }

    /// Applies a user's action to the active round, writes it, and only then returns its signals.
    pub fn act(&self, db: &Db, id: i64, action: Action, now: Now) -> Result<Vec<Signal>> {
        let mut guard = self.lock()?;
        let active = guard
            .as_mut()
            .filter(|a| a.stored.id == id)
            .ok_or_else(|| not_active(id))?;
        let mut next = active.stored.round.clone();
        let signals = match action {
            Action::Pause => next.pause(now.mono),
            Action::Resume => next.resume(now.mono),
            Action::Next => next.next(now.mono),
            Action::Skip => next.skip(now.mono),
            Action::Finish => next.finish(now.mono),
            Action::Abandon => next.abandon(now.mono),
        }
        .map_err(|e| Error::Invalid(e.0))?;
        next.checkpoint(now.mono);
        db.update_round(id, &next, &signals, now.wall)?;
        active.stored.round = next;
        active.last_tick = now;
        active.last_saved = now.mono;
        if active.stored.round.is_over() {
            *guard = None;
        }
        Ok(signals)
    }

    /// One tick of the driver: notices a sleep, lets the clock act, writes what changed (and, while
    /// running, a heartbeat), and returns the round's id with its signals.
    /// Waits until a round is active (at once if one is). A round that starts while this waits,
    /// or just before, wakes it: the signal is kept until taken.
    pub async fn wait_for_round(&self) {
        while self.active_id().ok().flatten().is_none() {
            self.started.notified().await;
        }
    }

    pub fn tick(&self, db: &Db, now: Now) -> Result<Option<(i64, Vec<Signal>)>> {
        let mut guard = self.lock()?;
        let Some(active) = guard.as_mut() else {
            return Ok(None);
        };
        let mut next = active.stored.round.clone();
        let last = active.last_tick;
        let signals = if next.status == round::Status::Running
            && round::slept_between((last.mono, last.wall), (now.mono, now.wall))
        {
            next.pause_at(last.mono, now.mono, PauseReason::Sleep)
                .unwrap_or_default()
        } else {
            next.tick(now.mono)
        };
        active.last_tick = now;
        let heartbeat =
            next.status == round::Status::Running && now.mono >= active.last_saved + HEARTBEAT_MS;
        if !signals.is_empty() || heartbeat {
            next.checkpoint(now.mono);
            db.update_round(active.stored.id, &next, &signals, now.wall)?;
            active.last_saved = now.mono;
        }
        active.stored.round = next;
        let id = active.stored.id;
        if active.stored.round.is_over() {
            *guard = None;
        }
        Ok(Some((id, signals)))
    }

    /// Saves an answer: to the current question, or to one the round has already left (a save
    /// still in flight when a time limit moved the round on, or ended it, must not be lost).
    /// Questions not yet reached are refused, and a round ended more than a minute ago is closed.
    pub fn save_answer(&self, db: &Db, id: i64, index: usize, body: &str, now: Now) -> Result<()> {
        let question_id = self.open_question(db, id, index, now)?;
        db.save_answer(id, index, &question_id, body, now.wall)
    }

    /// Saves a coding answer with the counts of the run just made of it, by the rules of
    /// [`Rounds::save_answer`].
    pub fn save_run(
        &self,
        db: &Db,
        id: i64,
        index: usize,
        body: &str,
        run: RunCounts,
        now: Now,
    ) -> Result<()> {
        let question_id = self.open_question(db, id, index, now)?;
        db.save_run(id, index, &question_id, body, run, now.wall)
    }

    /// The question at step `index` of round `id`, if an answer to it may be saved now.
    pub fn open_question(&self, db: &Db, id: i64, index: usize, now: Now) -> Result<String> {
        let live = self
            .lock()?
            .as_ref()
            .filter(|a| a.stored.id == id)
            .map(|a| a.stored.round.clone());
        let round = match live {
            Some(r) => r,
            None => {
                let stored = db.round(id)?;
                let recently = stored
                    .ended_at
                    .is_some_and(|t| now.wall - t <= LATE_ANSWER_MS);
                if !recently {
                    return Err(not_active(id));
                }
                stored.round
            }
        };
        let open = round.items.get(index).and_then(|i| match &i.slot {
            Slot::Question { question_id, .. }
                if !matches!(i.outcome, Outcome::Pending | Outcome::NotReached) =>
            {
                Some(question_id)
            }
            _ => None,
        });
        let Some(question_id) = open else {
            return Err(Error::Invalid(format!(
                "question {} of this round is not open",
                index + 1
            )));
        };
        Ok(question_id.clone())
    }

    /// Writes the round as Markdown into `dir`.
    pub fn export(
        &self,
        db: &Db,
        id: i64,
        started: &str,
        dir: &Path,
        now: Now,
    ) -> Result<Exported> {
        let markdown = report::markdown(&self.view(db, id, now)?, started);
        file_exports::write_report(dir, &format!("round-{id}.md"), markdown)
    }

    /// The round as the user sees it now: the live one from memory, any other from the database.
    pub fn view(&self, db: &Db, id: i64, now: Now) -> Result<RoundView> {
        let live = self
            .lock()?
            .as_ref()
            .filter(|a| a.stored.id == id)
            .map(|a| a.stored.clone());
        let stored = match live {
            Some(s) => s,
            None => db.round(id)?,
        };
        view_of(db, &stored, now.mono)
    }

    /// A page of past and present rounds, newest first: up to `limit` ([`ROUNDS_PAGE`] if not
    /// given) after `before`, optionally only those with `status`. A round whose stored record no
    /// longer reads is listed as damaged, and the others as usual.
    pub fn list(
        &self,
        db: &Db,
        status: Option<&str>,
        before: Option<RoundKey>,
        limit: Option<u32>,
        now: Now,
    ) -> Result<Vec<RoundListing>> {
        let live = self.lock()?.as_ref().map(|a| a.stored.clone());
        let limit = limit.unwrap_or(ROUNDS_PAGE).min(MAX_ROUNDS_PAGE);
        db.rounds(status, before, limit)?
            .into_iter()
            .map(|row| {
                let id = row.as_ref().map_or_else(|d| d.id, |s| s.id);
                // The live round is newer in memory than in its row.
                let view = match (live.as_ref().filter(|l| l.id == id), row) {
                    (Some(l), _) => view_of(db, l, now.mono)?,
                    (None, Ok(s)) => view_of(db, &s, now.mono)?,
                    (None, Err(damaged)) => return Ok(RoundListing::Damaged(damaged)),
                };
                Ok(RoundListing::Round(Box::new(view)))
            })
            .collect()
    }
}

fn not_active(id: i64) -> Error {
    Error::Invalid(format!("round {id} is not in progress"))
}

fn view_of(db: &Db, s: &StoredRound, now: Ms) -> Result<RoundView> {
    let answers = db.answers(s.id)?;
    let runs = db.runs(s.id)?;
    let info = |qid: &str| {
        let drill = db.drill_language(qid).ok().flatten();
        db.question(qid)
            .map(|q| QuestionInfo {
                prompt: q.summary.prompt,
                kind: q.summary.kind,
                level: q.summary.level,
                category: q.summary.category,
                guide: q.guide,
                drill,
            })
            .unwrap_or_else(|_| QuestionInfo {
                prompt: format!("(question {qid} is no longer in the bank)"),
                ..Default::default()
            })
    };
    let meta = RoundMeta {
        id: s.id,
        template_id: &s.template_id,
        title: &s.title,
        started_at: s.started_at,
        ended_at: s.ended_at,
        cram: s.cram,
    };
    let reviews = db.round_reviews(s.id)?;
    Ok(report::build(
        meta, &s.round, now, info, &answers, &runs, &reviews,
    ))
}
