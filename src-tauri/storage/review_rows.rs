//! SQL for the learning loop: the review log, the schedule folded from it, and earlier answers.

use super::Db;
use crate::domain::pack::{Kind, Level};
use crate::domain::progress::{Fact, QuestionState};
use crate::domain::review::{
    pace, Check, LoggedReview, NewReview, Rating, Review, Schedule, Scheduled, Step,
};
use crate::domain::template::Candidate;
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;
use std::collections::HashMap;

/// An answer written in a round, with where and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PastAnswer {
    pub round_id: i64,
    pub index: usize,
    pub at: i64,
    pub body: String,
}

/// How many questions of a level have been reviewed, and how many of those are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelCounts {
    pub level: String,
    pub reviewed: u32,
    pub due: u32,
}

/// The fold of a question's reviews into its schedule (`domain::review::schedule` at the user's
/// desired retention); None when no review counts.
pub type Fold<'a> = &'a dyn Fn(&[Step]) -> std::result::Result<Option<Schedule>, String>;

const REVIEW_COLUMNS: &str = "id, question_id, round_id, position, at, suggested, rating, \
     key_points, covered, red_flags, flags_hit, used_ms, budget_ms, cram";

fn rating(r: &Row, i: usize) -> rusqlite::Result<Rating> {
    let s: String = r.get(i)?;
    Rating::parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown rating {s:?}").into(),
        )
    })
}

fn indexes(r: &Row, i: usize) -> rusqlite::Result<Vec<usize>> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

fn review(r: &Row) -> rusqlite::Result<Review> {
    Ok(Review {
        id: r.get(0)?,
        question_id: r.get(1)?,
        round_id: r.get(2)?,
        index: r.get::<_, Option<i64>>(3)?.map(|p| p as usize),
        at: r.get(4)?,
        suggested: rating(r, 5)?,
        rating: rating(r, 6)?,
        check: Check {
            key_points: r.get::<_, i64>(7)? as usize,
            covered: indexes(r, 8)?,
            red_flags: r.get::<_, i64>(9)? as usize,
            flags_hit: indexes(r, 10)?,
            used_ms: r.get(11)?,
            budget_ms: r.get(12)?,
        },
        cram: r.get(13)?,
    })
}

fn schedule_row(r: &Row, at: usize) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        stability: r.get::<_, f64>(at)? as f32,
        difficulty: r.get::<_, f64>(at + 1)? as f32,
        last_at: r.get(at + 2)?,
        due_at: r.get(at + 3)?,
        reviews: r.get(at + 4)?,
        lapses: r.get(at + 5)?,
        decay: r.get::<_, f64>(at + 6)? as f32,
    })
}

/// How many indexes a stored JSON array of them holds ("[]", "[0,2,3]"): the log writes them
/// itself, without spaces, so counting commas is enough, and much cheaper than parsing.
fn count_indexes(json: &str) -> u32 {
    if json.len() <= 2 {
        0
    } else {
        json.bytes().filter(|&b| b == b',').count() as u32 + 1
    }
}

const SCHEDULE_COLUMNS: &str =
    "s.stability, s.difficulty, s.last_at, s.due_at, s.reviews, s.lapses, s.decay";

impl Db {
    /// Logs a review and folds the question's log into its schedule, in one transaction. A round's
    /// step reviewed again replaces its earlier review (keeping its time). Returns the review as
    /// stored and the question's schedule.
    pub fn save_review(&self, new: &NewReview, fold: Fold) -> Result<(Review, Option<Schedule>)> {
        self.write(|tx| {
            let c = &new.check;
            if let Some(old) = new.replaces {
                // Only a page review of the same question can be corrected this way.
                let n = tx
                    .prepare_cached(
                        "DELETE FROM reviews WHERE id = ?1 AND question_id = ?2 AND round_id IS NULL",
                    )?
                    .execute(params![old, new.question_id])?;
                if n == 0 {
                    return Err(Error::Invalid(format!(
                        "review {old} is not a review of this question's page"
                    )));
                }
            }
            let id: i64 = tx
                .prepare_cached(
                    "INSERT INTO reviews (question_id, round_id, position, at, suggested, rating, \
                     key_points, covered, red_flags, flags_hit, used_ms, budget_ms, cram) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
                     ON CONFLICT(round_id, position) WHERE round_id IS NOT NULL DO UPDATE SET \
                     suggested = excluded.suggested, rating = excluded.rating, \
                     key_points = excluded.key_points, covered = excluded.covered, \
                     red_flags = excluded.red_flags, flags_hit = excluded.flags_hit, \
                     used_ms = excluded.used_ms, budget_ms = excluded.budget_ms, cram = excluded.cram \
                     RETURNING id",
                )?
                .query_row(
                    params![
                        new.question_id,
                        new.round_id,
                        new.index.map(|i| i as i64),
                        new.at,
                        new.suggested.as_str(),
                        new.rating.as_str(),
                        c.key_points as i64,
                        serde_json::to_string(&c.covered)?,
                        c.red_flags as i64,
                        serde_json::to_string(&c.flags_hit)?,
                        c.used_ms,
                        c.budget_ms,
                        new.cram,
                    ],
                    |r| r.get(0),
                )?;
            let stored = tx
                .prepare_cached(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = ?1"))?
                .query_row([id], review)?;
            let schedule = refold(tx, &new.question_id, fold)?;
            Ok((stored, schedule))
        })
    }

    /// Folds every reviewed question's log again (after the desired retention changed); returns
    /// how many questions have a schedule.
    pub fn rebuild_schedules(&self, fold: Fold) -> Result<usize> {
        self.write(|tx| {
            tx.execute("DELETE FROM schedules", [])?;
            let ids: Vec<String> = tx
                .prepare("SELECT DISTINCT question_id FROM reviews")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut n = 0;
            for id in &ids {
                n += usize::from(refold(tx, id, fold)?.is_some());
            }
            Ok(n)
        })
    }

    /// A question's reviews, newest first, at most `limit`.
    pub fn question_reviews(&self, question_id: &str, limit: u32) -> Result<Vec<Review>> {
        self.read(|c| {
            let sql = format!(
                "SELECT {REVIEW_COLUMNS} FROM reviews WHERE question_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2"
            );
            let rows = c
                .prepare_cached(&sql)?
                .query_map(params![question_id, limit], review)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// The reviews of a round's steps, by step.
    pub fn round_reviews(&self, round_id: i64) -> Result<HashMap<usize, Review>> {
        self.read(|c| {
            let sql = format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE round_id = ?1");
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map([round_id], review)?;
            let mut out = HashMap::new();
            for r in rows {
                let r = r?;
                if let Some(i) = r.index {
                    out.insert(i, r);
                }
            }
            Ok(out)
        })
    }

    /// The review of one round step, if it has one.
    pub fn step_review(&self, round_id: i64, index: usize) -> Result<Option<Review>> {
        self.read(|c| {
            let sql = format!(
                "SELECT {REVIEW_COLUMNS} FROM reviews WHERE round_id = ?1 AND position = ?2"
            );
            Ok(c.prepare_cached(&sql)?
                .query_row(params![round_id, index as i64], review)
                .optional()?)
        })
    }

    /// The whole review log, oldest first, each review with its question's prompt, level and
    /// category where the question is still in the database. For exporting it to a file.
    pub fn review_log(&self) -> Result<Vec<LoggedReview>> {
        self.read(|c| {
            let columns: Vec<String> = REVIEW_COLUMNS
                .split(", ")
                .map(|c| format!("r.{c}"))
                .collect();
            let sql = format!(
                "SELECT {}, q.prompt, q.level, q.category FROM reviews r \
                 LEFT JOIN questions q ON q.id = r.question_id ORDER BY r.at, r.id",
                columns.join(", ")
            );
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map([], |r| {
                Ok(LoggedReview {
                    review: review(r)?,
                    prompt: r.get(14)?,
                    level: r.get(15)?,
                    category: r.get(16)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// A question's schedule, if any review of it counts.
    pub fn schedule(&self, question_id: &str) -> Result<Option<Schedule>> {
        self.read(|c| {
            let sql = format!("SELECT {SCHEDULE_COLUMNS} FROM schedules s WHERE question_id = ?1");
            Ok(c.prepare_cached(&sql)?
                .query_row([question_id], |r| schedule_row(r, 0))
                .optional()?)
        })
    }

    /// Every question in the bank that has a schedule, for choosing what to bring back.
    pub fn scheduled_questions(&self) -> Result<Vec<Scheduled>> {
        self.read(|c| {
            let sql = format!(
                "SELECT q.id, q.level, q.kind, q.category, {SCHEDULE_COLUMNS} \
                 FROM schedules s JOIN questions q ON q.id = s.question_id WHERE q.hidden = 0"
            );
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map([], |r| {
                let level: String = r.get(1)?;
                let kind: String = r.get(2)?;
                Ok((level, kind, r.get(0)?, r.get(3)?, schedule_row(r, 4)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (level, kind, id, category, schedule): (String, String, String, String, _) =
                    row?;
                // A question of a level or kind this version does not know is not offered.
                let (Some(level), Some(kind)) = (Level::parse(&level), Kind::parse(&kind)) else {
                    continue;
                };
                out.push(Scheduled {
                    candidate: Candidate {
                        id,
                        level,
                        kind,
                        category,
                        runnable: false,
                    },
                    schedule,
                });
            }
            Ok(out)
        })
    }

    /// Per level: how many questions in the bank have a schedule, and how many of them are due
    /// before `day_end`.
    pub fn schedule_counts(&self, day_end: i64) -> Result<Vec<LevelCounts>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT q.level, count(*), coalesce(sum(s.due_at < ?1), 0) FROM schedules s \
                 JOIN questions q ON q.id = s.question_id WHERE q.hidden = 0 \
                 GROUP BY q.level ORDER BY q.level",
            )?;
            let rows = st.query_map([day_end], |r| {
                Ok(LevelCounts {
                    level: r.get(0)?,
                    reviewed: r.get(1)?,
                    due: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Where each question stands, for the dashboard: its schedule, and whether it was ever
    /// answered in a round. Questions no longer in their pack are included, marked hidden.
    pub fn question_states(&self) -> Result<Vec<QuestionState>> {
        self.read(|c| {
            let sql = format!(
                "SELECT q.level, q.category, s.question_id IS NOT NULL, {SCHEDULE_COLUMNS}, \
                 EXISTS (SELECT 1 FROM round_answers a WHERE a.question_id = q.id AND trim(a.body) <> ''), \
                 q.id, q.hidden \
                 FROM questions q LEFT JOIN schedules s ON s.question_id = q.id"
            );
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map([], |r| {
                let scheduled: bool = r.get(2)?;
                Ok(QuestionState {
                    id: r.get(11)?,
                    hidden: r.get(12)?,
                    level: r.get(0)?,
                    category: r.get(1)?,
                    schedule: if scheduled { Some(schedule_row(r, 3)?) } else { None },
                    attempted: r.get(10)?,
                    last_rating: None,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Hands every review to `f`, in no particular order, as the dashboard counts it; with
    /// `scheduled_only`, practice-only reviews are left out.
    pub fn for_each_review(&self, scheduled_only: bool, mut f: impl FnMut(Fact)) -> Result<()> {
        self.read(|c| {
            let mut st = c.prepare_cached(if scheduled_only {
                "SELECT question_id, at, key_points, covered, used_ms, budget_ms, rating FROM reviews WHERE cram = 0"
            } else {
                "SELECT question_id, at, key_points, covered, used_ms, budget_ms, rating FROM reviews"
            })?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let text = |i| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
                f(Fact {
                    question_id: text(0)?,
                    at: r.get(1)?,
                    key_points: r.get(2)?,
                    covered: count_indexes(text(3)?),
                    used_ms: r.get(4)?,
                    budget_ms: r.get(5)?,
                    rating: rating(r, 6)?,
                });
            }
            Ok(())
        })
    }

    /// The newest answer to `question_id` with text in it written in a round before `round_id`.
    pub fn previous_answer(&self, question_id: &str, round_id: i64) -> Result<Option<PastAnswer>> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT round_id, position, updated_at, body FROM round_answers \
                 WHERE question_id = ?1 AND round_id < ?2 AND trim(body) <> '' \
                 ORDER BY round_id DESC, position DESC LIMIT 1",
            )?
            .query_row(params![question_id, round_id], |r| {
                Ok(PastAnswer {
                    round_id: r.get(0)?,
                    index: r.get::<_, i64>(1)? as usize,
                    at: r.get(2)?,
                    body: r.get(3)?,
                })
            })
            .optional()?)
        })
    }
}

/// Folds one question's log into its schedule row (removed when no review counts).
fn refold(tx: &Transaction, question_id: &str, fold: Fold) -> Result<Option<Schedule>> {
    let steps: Vec<Step> = tx
        .prepare_cached(
            "SELECT at, rating, used_ms, budget_ms, cram FROM reviews WHERE question_id = ?1",
        )?
        .query_map([question_id], |r| {
            Ok(Step {
                at: r.get(0)?,
                rating: rating(r, 1)?,
                pace: pace(r.get(2)?, r.get(3)?),
                cram: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let schedule = fold(&steps).map_err(Error::Internal)?;
    match &schedule {
        Some(s) => {
            tx.prepare_cached(
                "INSERT INTO schedules (question_id, stability, difficulty, last_at, due_at, reviews, lapses, decay) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(question_id) DO UPDATE SET \
                 stability = excluded.stability, difficulty = excluded.difficulty, last_at = excluded.last_at, \
                 due_at = excluded.due_at, reviews = excluded.reviews, lapses = excluded.lapses, \
                 decay = excluded.decay",
            )?
            .execute(params![
                question_id,
                f64::from(s.stability),
                f64::from(s.difficulty),
                s.last_at,
                s.due_at,
                s.reviews,
                s.lapses,
                f64::from(s.decay)
            ])?;
        }
        None => {
            tx.prepare_cached("DELETE FROM schedules WHERE question_id = ?1")?
                .execute([question_id])?;
        }
    }
    Ok(schedule)
}
