//! Self-reviews: checking an answer against its guide, logging the review, keeping each question's
//! schedule, and setting a new attempt beside the last one.

use crate::domain::compare::{word_diff, Run};
use crate::domain::optimise::{self, Fit, History};
use crate::domain::plan::{self, PlanRow, RatingMix, PACE_DAYS};
use crate::domain::progress::{self, Dashboard};
use crate::domain::review::{self, Check, NewReview, Rating, Review, Schedule, Step, DAY_MS};
use crate::domain::round::{Outcome, Slot};
use crate::domain::settings::Settings;
use crate::error::{Error, Result};
use crate::services::settings_file;
use crate::storage::{Db, LevelCounts, PastAnswer};
use fsrs::CombinedProgressState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Runtime};

/// What the user found, comparing an answer with its guide.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewInput {
    pub question_id: String,
    /// The round and step answered; both absent for an answer reviewed on the question's page.
    pub round_id: Option<i64>,
    pub index: Option<usize>,
    /// Indexes of the guide's key points the answer covered, and of the red flags it hit.
    #[serde(default)]
    pub covered: Vec<usize>,
    #[serde(default)]
    pub flags_hit: Vec<usize>,
    /// The user's rating; absent to keep the suggestion.
    pub rating: Option<Rating>,
    /// Practice only, leaving the schedule alone. A round started for practice is so whatever
    /// this says.
    #[serde(default)]
    pub cram: bool,
    /// On a question's page, the review just saved there that this one corrects (a changed tick or
    /// rating), so a correction is not logged as a second review.
    #[serde(default)]
    pub replaces: Option<i64>,
}

/// The rating Onsite suggests for what was ticked so far.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub rating: Rating,
    pub coverage: f64,
    /// Time used over budget, when the answer was timed.
    pub pace: Option<f64>,
}

/// Where a question stands in the schedule, as the user sees it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleView {
    pub due_at: i64,
    pub last_at: i64,
    pub reviews: u32,
    pub lapses: u32,
    /// Days from now until it is due; below 0 when overdue.
    pub due_in_days: f64,
    /// The estimated chance of recalling the answer now.
    pub retrievability: f32,
}

impl ScheduleView {
    fn of(s: &Schedule, now: i64) -> ScheduleView {
        ScheduleView {
            due_at: s.due_at,
            last_at: s.last_at,
            reviews: s.reviews,
            lapses: s.lapses,
            due_in_days: (s.due_at - now) as f64 / review::DAY_MS as f64,
            retrievability: s.retrievability(now),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reviewed {
    pub review: Review,
    pub schedule: Option<ScheduleView>,
}

/// A question's recent reviews, newest first, and its place in the schedule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionReviews {
    pub reviews: Vec<Review>,
    pub schedule: Option<ScheduleView>,
}

/// A new answer beside the last one written for the same question in an earlier round.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub previous: PastAnswer,
    /// The reviews of the earlier answer and of the new one, where made: coverage then and now.
    pub previous_review: Option<Review>,
    pub review: Option<Review>,
    pub runs: Vec<Run>,
}

/// How many of a question's reviews its page shows.
const RECENT_REVIEWS: u32 = 10;

/// Folds a question's reviews into its schedule, with the user's desired retention and parameters.
fn fold(
    settings: &Settings,
) -> impl Fn(&[Step]) -> std::result::Result<Option<Schedule>, String> + '_ {
    move |steps| {
        review::schedule(
            steps,
            settings.desired_retention.0 as f32,
            settings.parameters(),
        )
    }
}

/// The check the input describes, with the question's guide for counts and the round for time.
/// Returns it with whether the round it belongs to is practice only.
fn check_of(db: &Db, input: &ReviewInput) -> Result<(Check, bool)> {
    let q = db.question(&input.question_id)?;
    let indexes = |picked: &[usize], of: usize, what: &str| -> Result<Vec<usize>> {
        let mut v = picked.to_vec();
        v.sort_unstable();
        v.dedup();
        match v.last() {
            Some(&last) if last >= of => Err(Error::Invalid(format!(
                "this question's guide has {of} {what}; there is no number {}",
                last + 1
            ))),
            _ => Ok(v),
        }
    };
    let key_points = q.guide.key_points.len();
    let red_flags = q.guide.red_flags.len();
    let covered = indexes(&input.covered, key_points, "key points")?;
    let flags_hit = indexes(&input.flags_hit, red_flags, "red flags")?;
    let (used_ms, budget_ms, cram) = match (input.round_id, input.index) {
        (None, None) => (0, 0, false),
        (Some(round_id), Some(index)) => {
            let stored = db.round(round_id)?;
            if !stored.round.is_over() {
                return Err(Error::Invalid(
                    "a round's answers are reviewed once the round is over".into(),
                ));
            }
            let item = stored.round.items.get(index).filter(|i| {
                matches!(&i.slot, Slot::Question { question_id, .. } if *question_id == input.question_id)
            });
            let Some(item) = item else {
                return Err(Error::Invalid(format!(
                    "step {} of round {round_id} is not the question {:?}",
                    index + 1,
                    input.question_id
                )));
            };
            if matches!(item.outcome, Outcome::Pending | Outcome::NotReached) {
                return Err(Error::Invalid(format!(
                    "question {} was not reached in this round, so there is no answer to review",
                    index + 1
                )));
            }
            (
                item.used_ms as i64,
                item.slot.budget_ms() as i64,
                stored.cram,
            )
        }
        _ => {
            return Err(Error::Invalid(
                "a round's answer is named by both its round and its step".into(),
            ))
        }
    };
    Ok((
        Check {
            key_points,
            covered,
            red_flags,
            flags_hit,
            used_ms,
            budget_ms,
        },
        cram,
    ))
}

/// The rating Onsite would suggest for `input`, without logging anything.
pub fn suggest(db: &Db, input: &ReviewInput) -> Result<Suggestion> {
    let (check, _) = check_of(db, input)?;
    Ok(Suggestion {
        rating: check.suggest(),
        coverage: check.coverage(),
        pace: check.timed().then(|| check.pace()),
    })
}

/// Logs the review and reschedules its question, durably, before answering.
pub fn record(db: &Db, input: &ReviewInput, now: i64, settings: &Settings) -> Result<Reviewed> {
    let (check, round_cram) = check_of(db, input)?;
    let suggested = check.suggest();
    let new = NewReview {
        replaces: input.replaces,
        question_id: input.question_id.clone(),
        round_id: input.round_id,
        index: input.index,
        at: now,
        suggested,
        rating: input.rating.unwrap_or(suggested),
        check,
        cram: input.cram || round_cram,
    };
    let (review, schedule) = db.save_review(&new, &fold(settings))?;
    Ok(Reviewed {
        review,
        schedule: schedule.map(|s| ScheduleView::of(&s, now)),
    })
}

/// Folds every question's reviews again, after the desired retention or the parameters changed.
pub fn rebuild(db: &Db, settings: &Settings) -> Result<usize> {
    db.rebuild_schedules(&fold(settings))
}

/// Saves the user's settings (written before it answers); a new desired retention or new FSRS
/// parameters reschedule every reviewed question first.
pub fn save_settings<R: Runtime>(
    app: &AppHandle<R>,
    path: &Path,
    db: &Db,
    new: &Settings,
    now: i64,
) -> Result<Settings> {
    // One save at a time: each reads what the one before wrote, and reschedules to match it.
    static SAVING: Mutex<()> = Mutex::new(());
    let _one = SAVING.lock().unwrap_or_else(|e| e.into_inner());
    let before = settings_file::load(app, path)?;
    if new.interview_date != before.interview_date {
        // A day either way of UTC's today covers every time zone.
        let today = progress::local_day(now, 0);
        if let Some(day) = new.interview_date.as_ref().and_then(|d| d.day()) {
            if day > today + 1 + plan::MAX_DAYS {
                return Err(Error::Invalid(
                    "the interview date must be within two years from today".into(),
                ));
            }
            if day < today - 1 {
                return Err(Error::Invalid(
                    "the interview date is in the past: set the date of the next one".into(),
                ));
            }
        }
    }
    let saved = settings_file::save(app, path, new)?;
    if (&saved.desired_retention, &saved.fsrs_parameters)
        != (&before.desired_retention, &before.fsrs_parameters)
    {
        rebuild(db, &saved)?;
    }
    Ok(saved)
}

pub fn of_question(db: &Db, question_id: &str, now: i64) -> Result<QuestionReviews> {
    Ok(QuestionReviews {
        reviews: db.question_reviews(question_id, RECENT_REVIEWS)?,
        schedule: db.schedule(question_id)?.map(|s| ScheduleView::of(&s, now)),
    })
}

/// The user's offset from UTC as the UI sent it, kept within the offsets time zones have.
fn offset(utc_offset_minutes: i32) -> i32 {
    utc_offset_minutes.clamp(-18 * 60, 18 * 60)
}

/// Per level, the questions reviewed and those due by the end of the user's day.
pub fn counts(db: &Db, now: i64, utc_offset_minutes: i32) -> Result<Vec<LevelCounts>> {
    db.schedule_counts(review::day_end(now, offset(utc_offset_minutes)))
}

/// The dashboard at `now`, for a user `utc_offset_minutes` east of UTC.
pub fn dashboard(db: &Db, now: i64, utc_offset_minutes: i32) -> Result<Dashboard> {
    let offset = offset(utc_offset_minutes);
    let today = progress::local_day(now, offset);
    let first_week = progress::week_start(today) - (progress::TREND_WEEKS - 1) * 7;
    let mut questions = db.question_states()?;
    let mut tally = progress::Tally::new(&questions, offset, first_week);
    db.for_each_review(false, |f| tally.add(f))?;
    let (sums, weeks, days, last) = tally.finish();
    for (q, rating) in questions.iter_mut().zip(last) {
        q.attempted |= rating.is_some();
        q.last_rating = rating;
    }
    Ok(progress::dashboard(progress::Inputs {
        questions: &questions,
        sums: &sums,
        weeks: &weeks,
        days: &days,
        now,
        day_end: review::day_end(now, offset),
        today,
    }))
}

/// The plan to the interview date, at `now` for a user `utc_offset_minutes` east of UTC.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterviewPlan {
    pub interview_date: String,
    /// Days from today to the interview; below 0 once it has passed (and then no rows).
    pub days_left: i64,
    /// The recall aimed for on the day: the desired retention.
    pub target: f64,
    /// Reviews the simulated ratings were learnt from (0: FSRS's defaults).
    pub own_ratings: u32,
    pub pace_days: i64,
    pub rows: Vec<PlanRow>,
}

/// The plan to the interview date in `settings`, or None when none is set.
pub fn interview_plan(
    db: &Db,
    settings: &Settings,
    now: i64,
    utc_offset_minutes: i32,
) -> Result<Option<InterviewPlan>> {
    let Some(date) = &settings.interview_date else {
        return Ok(None);
    };
    let day = date
        .day()
        .ok_or_else(|| Error::Invalid(format!("the interview date {:?} is not a date", date.0)))?;
    let offset = offset(utc_offset_minutes);
    let today = progress::local_day(now, offset);
    let day_start = review::day_end(now, offset) - DAY_MS;
    let mut out = InterviewPlan {
        interview_date: date.0.clone(),
        days_left: day - today,
        target: settings.desired_retention.0,
        own_ratings: 0,
        pace_days: PACE_DAYS,
        rows: Vec::new(),
    };
    if out.days_left < 0 {
        return Ok(Some(out));
    }
    let questions = db.question_states()?;
    let index: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    // One pass over the log: each question's recent reviews, its first rating and the rest.
    let since = day_start - (PACE_DAYS - 1) * DAY_MS;
    let mut recent = vec![0u32; questions.len()];
    let mut first: Vec<Option<(i64, Rating)>> = vec![None; questions.len()];
    let mut later = Vec::new();
    db.for_each_review(true, |f| {
        let Some(&q) = index.get(f.question_id) else {
            return;
        };
        recent[q] += u32::from(f.at >= since);
        match first[q] {
            Some((at, _)) if at <= f.at => later.push(f.rating),
            Some((_, r)) => {
                later.push(r);
                first[q] = Some((f.at, f.rating));
            }
            None => first[q] = Some((f.at, f.rating)),
        }
    })?;
    let firsts: Vec<Rating> = first.iter().flatten().map(|(_, r)| *r).collect();
    let ratings = RatingMix::learn(&firsts, &later);
    out.own_ratings = ratings.from_reviews;
    out.rows = plan::plan(&plan::Inputs {
        questions: &questions,
        recent: &recent,
        day_start,
        days_left: out.days_left,
        target: out.target as f32,
        parameters: settings.parameters(),
        ratings: &ratings,
    })
    .map_err(Error::Invalid)?;
    Ok(Some(out))
}

/// How far a fit of FSRS's parameters has gone, as the UI receives it on `optimise-progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitProgress {
    pub done: usize,
    pub total: usize,
}

/// The optimiser's run: one at a time, and the user can cancel it.
#[derive(Default)]
pub struct Optimiser {
    running: Mutex<Option<Arc<Mutex<CombinedProgressState>>>>,
}

impl Optimiser {
    /// Asks the run under way to stop; false when none is.
    pub fn cancel(&self) -> bool {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = running.as_ref() {
            p.lock().unwrap_or_else(|e| e.into_inner()).want_abort = true;
        }
        running.is_some()
    }
}

/// How often a running fit's progress is passed on. Only while it runs: nothing polls otherwise.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Fits FSRS's parameters to the user's reviews (practice-only ones left out), reporting progress
/// to `on_progress`; blocks until done, so it runs off the UI's threads. Nothing is saved: the
/// user keeps the fit or not (through the settings).
pub fn optimise(
    db: &Db,
    settings: &Settings,
    optimiser: &Optimiser,
    on_progress: impl Fn(FitProgress) + Sync,
) -> Result<Fit> {
    let progress = CombinedProgressState::new_shared();
    {
        let mut running = optimiser.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.is_some() {
            return Err(Error::Invalid(
                "the parameters are already being optimised".into(),
            ));
        }
        *running = Some(progress.clone());
    }
    let result = (|| {
        let mut histories: HashMap<String, History> = HashMap::new();
        db.for_each_review(true, |f| {
            histories
                .entry(f.question_id.to_string())
                .or_default()
                .push((f.at, f.rating));
        })?;
        let items = optimise::training_items(histories.into_values());
        let done = AtomicBool::new(false);
        // Set however the fit ends, so the watcher always stops and the scope always closes.
        struct Done<'a>(&'a AtomicBool);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Release);
            }
        }
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut last = None;
                while !done.load(Ordering::Acquire) {
                    std::thread::sleep(PROGRESS_EVERY);
                    let now = {
                        let p = progress.lock().unwrap_or_else(|e| e.into_inner());
                        FitProgress {
                            done: p.current(),
                            total: p.total(),
                        }
                    };
                    if last != Some(now) && now.total > 0 {
                        on_progress(now);
                        last = Some(now);
                    }
                }
            });
            let _done = Done(&done);
            optimise::fit(items, settings.parameters(), Some(progress.clone()))
                .map_err(Error::Invalid)
        })
    })();
    *optimiser.running.lock().unwrap_or_else(|e| e.into_inner()) = None;
    result
}

/// The answer at step `index` of round `round_id` beside the last answer to the same question
/// written in an earlier round, or None when there is none.
pub fn compare(db: &Db, round_id: i64, index: usize) -> Result<Option<Comparison>> {
    let stored = db.round(round_id)?;
    let Some(Slot::Question { question_id, .. }) = stored.round.items.get(index).map(|i| &i.slot)
    else {
        return Err(Error::Invalid(format!(
            "step {} of round {round_id} is not a question",
            index + 1
        )));
    };
    let Some(previous) = db.previous_answer(question_id, round_id)? else {
        return Ok(None);
    };
    let answer = db.answers(round_id)?.remove(&index).unwrap_or_default();
    Ok(Some(Comparison {
        previous_review: db.step_review(previous.round_id, previous.index)?,
        review: db.step_review(round_id, index)?,
        runs: word_diff(&previous.body, &answer),
        previous,
    }))
}
