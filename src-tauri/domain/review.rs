//! Self-review of an answer and the schedule it feeds.
//!
//! A review records which key points an answer covered, which red flags it hit, and how long it
//! took against its budget. From that Onsite suggests a rating (Again, Hard, Good, Easy); the user
//! keeps it or picks another. The log of reviews is the source of truth: a question's schedule is
//! always a fold of its reviews through FSRS (the `fsrs` crate, the scheduler Anki uses), so it can
//! be rebuilt at any time, after a change of desired retention or of the rules below.
//!
//! **Speed counts.** Interviews are timed, so an answer that covers the points but runs far over its
//! budget is not yet ready. The rating sets the memory state as FSRS defines it; the time sets how
//! soon the question comes back: up to a quarter over budget the interval is FSRS's own; beyond that
//! it is scaled by 1.25 × budget ÷ time used (so it shrinks smoothly from there), never below a
//! quarter. An answer that took twice its budget comes back in 62.5% of the time the same answer on
//! time would, one that took three times its budget in 42%.

use super::pack::Level;
use super::round::{Ms, Slot};
use super::settings::Budgets;
use super::template::{kind_budget, Candidate};
use fsrs::{MemoryState, FSRS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const DAY_MS: i64 = 86_400_000;

/// How well an answer went, in FSRS's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// FSRS's number for the grade (1-4).
    fn grade(self) -> usize {
        self as usize + 1
    }

    /// The name stored and sent: "again", "hard", "good" or "easy".
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What the user found when they compared their answer with the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Key points in the guide, and which of them (by index) the answer covered.
    pub key_points: usize,
    pub covered: Vec<usize>,
    /// Red flags in the guide, and which of them the answer hit.
    pub red_flags: usize,
    pub flags_hit: Vec<usize>,
    /// Time used and budget; a budget of 0 marks an untimed answer (one reviewed on its page).
    pub used_ms: i64,
    pub budget_ms: i64,
}

impl Check {
    pub fn timed(&self) -> bool {
        self.budget_ms > 0
    }

    /// The share of key points covered (1 when the guide lists none).
    pub fn coverage(&self) -> f64 {
        if self.key_points == 0 {
            1.0
        } else {
            self.covered.len().min(self.key_points) as f64 / self.key_points as f64
        }
    }

    /// Time used over budget (1 = exactly the budget; 1 when untimed).
    pub fn pace(&self) -> f64 {
        pace(self.used_ms, self.budget_ms)
    }

    /// The rating Onsite suggests:
    /// - Again: under half the key points, or two red flags or more;
    /// - Hard: under three quarters of the points, or one red flag;
    /// - Easy: every point, no flag, and within three quarters of the budget (or untimed);
    /// - Good: otherwise.
    ///
    /// Then one grade lower (never below Again) for an answer that took more than twice its budget.
    pub fn suggest(&self) -> Rating {
        let c = self.coverage();
        let flags = self.flags_hit.len();
        let by_content = if c < 0.5 || flags >= 2 {
            Rating::Again
        } else if c < 0.75 || flags == 1 {
            Rating::Hard
        } else if c >= 1.0 && (!self.timed() || self.pace() <= 0.75) {
            Rating::Easy
        } else {
            Rating::Good
        };
        if self.pace() > 2.0 {
            match by_content {
                Rating::Easy => Rating::Good,
                Rating::Good => Rating::Hard,
                _ => Rating::Again,
            }
        } else {
            by_content
        }
    }
}

/// Time used over budget (1 = exactly the budget; 1 when untimed, a budget of 0).
pub fn pace(used_ms: i64, budget_ms: i64) -> f64 {
    if budget_ms <= 0 {
        1.0
    } else {
        used_ms.max(0) as f64 / budget_ms as f64
    }
}

/// How much sooner an answer comes back for the time it took: 1 up to 25% over budget, then
/// 1.25 ÷ pace (continuous at 1.25), never below 0.25.
pub fn speed_factor(pace: f64) -> f64 {
    (1.25 / pace).clamp(0.25, 1.0)
}

/// One review as the schedule needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// When it was made, in ms since the epoch.
    pub at: i64,
    pub rating: Rating,
    pub pace: f64,
    /// Practice that leaves the schedule alone ("cram").
    pub cram: bool,
}

/// Where a question stands in the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub stability: f32,
    pub difficulty: f32,
    pub last_at: i64,
    pub due_at: i64,
    pub reviews: u32,
    pub lapses: u32,
    /// How fast memory fades, from the parameters the schedule was folded with.
    #[serde(skip)]
    pub decay: f32,
}

impl Schedule {
    /// The estimated chance of recalling the answer at `now`.
    pub fn retrievability(&self, now: i64) -> f32 {
        let days = (now - self.last_at).max(0) as f32 / DAY_MS as f32;
        fsrs::current_retrievability(
            MemoryState {
                stability: self.stability,
                difficulty: self.difficulty,
            },
            days,
            self.decay,
        )
    }
}

/// The schedule that `steps` (in any order) lead to, at `desired_retention` (for example 0.9) with
/// FSRS's 21 `parameters`, or None when no step counts (none yet, or only cram).
pub fn schedule(
    steps: &[Step],
    desired_retention: f32,
    parameters: &[f32],
) -> Result<Option<Schedule>, String> {
    let fsrs =
        FSRS::new(parameters).map_err(|e| format!("the FSRS parameters are unusable: {e}"))?;
    let decay = parameters
        .get(20)
        .copied()
        .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
    let mut steps: Vec<&Step> = steps.iter().filter(|s| !s.cram).collect();
    steps.sort_by_key(|s| s.at);
    let mut out: Option<Schedule> = None;
    for s in steps {
        let (memory, days) = match &out {
            Some(p) => (
                Some(MemoryState {
                    stability: p.stability,
                    difficulty: p.difficulty,
                }),
                ((s.at - p.last_at).max(0) / DAY_MS) as u32,
            ),
            None => (None, 0),
        };
        let next = fsrs
            .next_states(memory, desired_retention, days)
            .map_err(|e| format!("the scheduler refused a review: {e}"))?;
        let state = [next.again, next.hard, next.good, next.easy]
            .into_iter()
            .nth(s.rating.grade() - 1)
            .expect("four grades");
        let interval_ms = f64::from(state.interval) * DAY_MS as f64 * speed_factor(s.pace);
        let prior = out.as_ref();
        out = Some(Schedule {
            stability: state.memory.stability,
            difficulty: state.memory.difficulty,
            last_at: s.at,
            due_at: s.at + interval_ms.round() as i64,
            reviews: prior.map_or(0, |p| p.reviews) + 1,
            // A lapse is forgetting what was known: a first answer rated Again is not one.
            lapses: prior.map_or(0, |p| p.lapses + u32::from(s.rating == Rating::Again)),
            decay,
        });
    }
    Ok(out)
}

/// A reviewed question and where it stands in the schedule.
#[derive(Debug, Clone)]
pub struct Scheduled {
    pub candidate: Candidate,
    pub schedule: Schedule,
}

/// The end of the day that holds `now`, for a user `utc_offset_minutes` east of UTC: what "due
/// today" counts up to.
pub fn day_end(now: i64, utc_offset_minutes: i32) -> i64 {
    let offset = i64::from(utc_offset_minutes) * 60_000;
    ((now + offset).div_euclid(DAY_MS) + 1) * DAY_MS - offset
}

fn at_level(s: &Scheduled, level: Option<Level>) -> bool {
    level.is_none_or(|l| l == s.candidate.level)
}

/// "Due today": the questions due before `day_end`, of `level` when given, the most overdue first;
/// at most `count`.
pub fn due(
    items: &[Scheduled],
    level: Option<Level>,
    day_end: i64,
    count: usize,
) -> Vec<&Candidate> {
    let mut due: Vec<&Scheduled> = items
        .iter()
        .filter(|s| at_level(s, level) && s.schedule.due_at < day_end)
        .collect();
    due.sort_by(|a, b| {
        (a.schedule.due_at, &a.candidate.id).cmp(&(b.schedule.due_at, &b.candidate.id))
    });
    due.into_iter().take(count).map(|s| &s.candidate).collect()
}

/// "Weak spots": the questions least likely to be recalled at `now`, spread over categories: the
/// weakest question of every category first (the weakest category leading), then the second
/// weakest of each, and so on; of `level` when given, at most `count`.
pub fn weakest(
    items: &[Scheduled],
    level: Option<Level>,
    now: i64,
    count: usize,
) -> Vec<&Candidate> {
    let mut by_category: BTreeMap<&str, Vec<(f32, &Candidate)>> = BTreeMap::new();
    for s in items.iter().filter(|s| at_level(s, level)) {
        by_category
            .entry(&s.candidate.category)
            .or_default()
            .push((s.schedule.retrievability(now), &s.candidate));
    }
    let mut columns: Vec<Vec<(f32, &Candidate)>> = by_category.into_values().collect();
    for c in &mut columns {
        c.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    }
    columns.sort_by(|a, b| a[0].0.total_cmp(&b[0].0));
    let depth = columns.iter().map(Vec::len).max().unwrap_or(0);
    (0..depth)
        .flat_map(|row| columns.iter().filter_map(move |c| c.get(row)))
        .map(|(_, c)| *c)
        .take(count)
        .collect()
}

/// One self-review, as logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub id: i64,
    pub question_id: String,
    /// The round and step reviewed; both absent for a review made on the question's page.
    pub round_id: Option<i64>,
    pub index: Option<usize>,
    pub at: i64,
    pub suggested: Rating,
    pub rating: Rating,
    pub check: Check,
    pub cram: bool,
}

/// A review about to be logged (its id and, for a round's step reviewed again, its time are the
/// log's to give).
#[derive(Debug, Clone)]
pub struct NewReview {
    /// A review of the question's page made moments ago and now corrected, which this replaces.
    pub replaces: Option<i64>,
    pub question_id: String,
    pub round_id: Option<i64>,
    pub index: Option<usize>,
    pub at: i64,
    pub suggested: Rating,
    pub rating: Rating,
    pub check: Check,
    pub cram: bool,
}

/// A logged review with the question it was of, as the log's export writes it. The question's
/// facts are absent when it is no longer in the database.
#[derive(Debug, Clone)]
pub struct LoggedReview {
    pub review: Review,
    pub prompt: Option<String>,
    pub level: Option<String>,
    pub category: Option<String>,
}

/// The review log as CSV, one review a row, oldest first, for a spreadsheet or another tool. Times
/// are UTC (RFC 3339), durations in seconds, and ticked points as 1-based numbers ("1 3 4").
pub fn log_csv(rows: &[LoggedReview], date_time: impl Fn(i64) -> String) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "reviewed_at",
        "question_id",
        "level",
        "category",
        "prompt",
        "round_id",
        "step",
        "suggested",
        "rating",
        "key_points",
        "covered",
        "red_flags",
        "flags_hit",
        "used_seconds",
        "budget_seconds",
        "practice_only",
    ];
    // A cell a spreadsheet would read as a formula is kept as text.
    let text = |t: Option<&String>| match t {
        Some(t) if t.starts_with(['=', '+', '-', '@']) => format!("'{t}"),
        Some(t) => t.clone(),
        None => String::new(),
    };
    let numbers = |v: &[usize]| {
        v.iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = w.write_record(header);
    for row in rows {
        if out.is_err() {
            break;
        }
        let r = &row.review;
        let c = &r.check;
        let seconds = |ms: i64| {
            if c.timed() {
                format!("{:.1}", ms as f64 / 1000.0)
            } else {
                String::new()
            }
        };
        out = w.write_record([
            date_time(r.at),
            text(Some(&r.question_id)),
            text(row.level.as_ref()),
            text(row.category.as_ref()),
            text(row.prompt.as_ref()),
            r.round_id.map(|id| id.to_string()).unwrap_or_default(),
            r.index.map(|i| (i + 1).to_string()).unwrap_or_default(),
            r.suggested.as_str().to_string(),
            r.rating.as_str().to_string(),
            c.key_points.to_string(),
            numbers(&c.covered),
            c.red_flags.to_string(),
            numbers(&c.flags_hit),
            seconds(c.used_ms),
            seconds(c.budget_ms),
            r.cram.to_string(),
        ]);
    }
    // Writing to memory cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Which questions a round from the schedule brings back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Pick {
    /// "Due today": [`due`].
    Due,
    /// "Weak spots": [`weakest`].
    Weak,
}

/// A round the user asks of the schedule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FromSchedule {
    pub pick: Pick,
    pub level: Option<Level>,
    pub count: u32,
    /// The user's offset from UTC, east positive, which says when their day ends.
    #[serde(default)]
    pub utc_offset_minutes: i32,
}

impl FromSchedule {
    /// The round's title and steps: each question picked, with its kind's budget from Settings.
    pub fn plan(
        &self,
        items: &[Scheduled],
        budgets: &Budgets,
        now: i64,
    ) -> Result<(String, Vec<Slot>), String> {
        if !(1..=50).contains(&self.count) {
            return Err(format!("a round has 1 to 50 questions, not {}", self.count));
        }
        if self.utc_offset_minutes.abs() > 18 * 60 {
            return Err(format!(
                "{} minutes is not an offset from UTC",
                self.utc_offset_minutes
            ));
        }
        let count = self.count as usize;
        let (name, picked) = match self.pick {
            Pick::Due => (
                "Due today",
                due(
                    items,
                    self.level,
                    day_end(now, self.utc_offset_minutes),
                    count,
                ),
            ),
            Pick::Weak => ("Weak spots", weakest(items, self.level, now, count)),
        };
        if picked.is_empty() {
            return Err(match self.pick {
                Pick::Due => {
                    "nothing is due today: every question you reviewed is scheduled for later"
                        .into()
                }
                Pick::Weak => "no reviewed questions yet: review a round's answers first".into(),
            });
        }
        let title = match self.level {
            Some(l) => format!("{name} · {}", l.label()),
            None => name.to_string(),
        };
        let slots = picked
            .into_iter()
            .map(|c| Slot::Question {
                question_id: c.id.clone(),
                budget_ms: Ms::from(kind_budget(budgets, c.kind)) * 60_000,
                hard_limit_ms: None,
                phases: Vec::new(),
            })
            .collect();
        Ok((title, slots))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &[f32] = &fsrs::DEFAULT_PARAMETERS;

    /// 2026-12-01 09:00 UTC.
    const T0: i64 = 1_796_115_600_000;

    fn check(covered: usize, of: usize, flags: usize, used_min: i64, budget_min: i64) -> Check {
        Check {
            key_points: of,
            covered: (0..covered).collect(),
            red_flags: 3,
            flags_hit: (0..flags).collect(),
            used_ms: used_min * 60_000,
            budget_ms: budget_min * 60_000,
        }
    }

    fn step(day: i64, rating: Rating, pace: f64) -> Step {
        Step {
            at: T0 + day * DAY_MS,
            rating,
            pace,
            cram: false,
        }
    }

    fn days(ms: i64) -> f64 {
        ms as f64 / DAY_MS as f64
    }

    #[test]
    fn the_suggestion_follows_coverage_flags_and_time() {
        // (covered of 6, red flags hit, minutes used of 5, expected, why)
        let cases = [
            (2, 0, 5, Rating::Again, "a third covered"),
            (6, 2, 5, Rating::Again, "two red flags"),
            (4, 0, 5, Rating::Hard, "two thirds covered"),
            (6, 1, 5, Rating::Hard, "one red flag"),
            (5, 0, 5, Rating::Good, "five of six"),
            (6, 0, 5, Rating::Good, "all covered, on budget"),
            (6, 0, 3, Rating::Easy, "all covered, quickly"),
            (6, 0, 11, Rating::Hard, "all covered, over twice the time"),
            (4, 0, 11, Rating::Again, "two thirds, over twice the time"),
        ];
        for (covered, flags, used, want, why) in cases {
            assert_eq!(check(covered, 6, flags, used, 5).suggest(), want, "{why}");
        }
        assert_eq!(
            check(0, 0, 0, 5, 5).suggest(),
            Rating::Good,
            "a guide without key points"
        );
    }

    #[test]
    fn an_untimed_answer_is_never_slow() {
        let untimed = |covered| Check {
            used_ms: 0,
            budget_ms: 0,
            ..check(covered, 6, 0, 0, 0)
        };
        assert_eq!(untimed(6).suggest(), Rating::Easy);
        assert_eq!(untimed(5).suggest(), Rating::Good);
        assert_eq!(untimed(6).pace(), 1.0);
    }

    #[test]
    fn ratings_have_stable_names() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        assert_eq!(Rating::parse("Good"), None);
    }

    #[test]
    fn the_log_exports_as_csv_with_one_row_a_review() {
        let review = Review {
            id: 1,
            question_id: "q-1".into(),
            round_id: Some(7),
            index: Some(0),
            at: T0,
            suggested: Rating::Hard,
            rating: Rating::Good,
            check: check(4, 6, 1, 5, 4),
            cram: false,
        };
        let rows = [
            LoggedReview {
                review: review.clone(),
                prompt: Some("Why, \"exactly\"?".into()),
                level: Some("mle".into()),
                category: Some("Evaluation".into()),
            },
            LoggedReview {
                review: Review {
                    round_id: None,
                    index: None,
                    check: Check {
                        used_ms: 0,
                        budget_ms: 0,
                        ..review.check.clone()
                    },
                    cram: true,
                    ..review
                },
                prompt: None,
                level: None,
                category: None,
            },
        ];
        let csv = log_csv(&rows, |ms| format!("t{ms}"));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("reviewed_at,question_id,level,category,prompt,"));
        assert_eq!(
            lines[1],
            format!("t{T0},q-1,mle,Evaluation,\"Why, \"\"exactly\"\"?\",7,1,hard,good,6,1 2 3 4,3,1,300.0,240.0,false")
        );
        assert_eq!(
            lines[2],
            format!("t{T0},q-1,,,,,,hard,good,6,1 2 3 4,3,1,,,true")
        );
    }

    #[test]
    fn the_speed_factor_is_one_within_a_quarter_over_then_falls_smoothly() {
        assert_eq!(speed_factor(0.5), 1.0);
        assert_eq!(speed_factor(1.25), 1.0);
        assert!(
            (speed_factor(1.2501) - 1.0).abs() < 1e-3,
            "no jump past 125%"
        );
        assert_eq!(speed_factor(2.0), 0.625);
        assert_eq!(speed_factor(2.5), 0.5);
        assert_eq!(speed_factor(10.0), 0.25);
        assert_eq!(speed_factor(0.0), 1.0, "an instant answer");
    }

    #[test]
    fn a_good_answer_far_over_budget_comes_back_sooner_than_the_same_answer_on_time() {
        let on_time = schedule(&[step(0, Rating::Good, 1.0)], 0.9, W)
            .unwrap()
            .unwrap();
        let slow = schedule(&[step(0, Rating::Good, 2.0)], 0.9, W)
            .unwrap()
            .unwrap();
        assert_eq!(on_time.stability, slow.stability, "the same memory");
        let (a, b) = (days(on_time.due_at - T0), days(slow.due_at - T0));
        assert!((b - a * 0.625).abs() < 1e-6, "{a} days on time, {b} slow");
        assert!(slow.due_at < on_time.due_at);

        // Over a second review the gap holds: slow answers keep coming back sooner.
        let on_time = schedule(
            &[step(0, Rating::Good, 1.0), step(3, Rating::Good, 1.0)],
            0.9,
            W,
        )
        .unwrap()
        .unwrap();
        let slow = schedule(
            &[step(0, Rating::Good, 1.0), step(3, Rating::Good, 3.0)],
            0.9,
            W,
        )
        .unwrap()
        .unwrap();
        assert!(days(slow.due_at - slow.last_at) < days(on_time.due_at - on_time.last_at) / 2.3);
    }

    #[test]
    fn ratings_order_the_intervals_and_again_counts_a_lapse() {
        let due = |r| {
            schedule(&[step(0, Rating::Good, 1.0), step(2, r, 1.0)], 0.9, W)
                .unwrap()
                .unwrap()
        };
        let (again, hard, good, easy) = (
            due(Rating::Again),
            due(Rating::Hard),
            due(Rating::Good),
            due(Rating::Easy),
        );
        assert!(
            again.due_at < hard.due_at && hard.due_at < good.due_at && good.due_at < easy.due_at
        );
        assert_eq!((again.reviews, again.lapses), (2, 1));
        assert_eq!((good.reviews, good.lapses), (2, 0));
        let first = schedule(&[step(0, Rating::Again, 1.0)], 0.9, W)
            .unwrap()
            .unwrap();
        assert_eq!(first.lapses, 0, "nothing was known yet, so nothing lapsed");
        // A first Good comes back in a few days, not the same day and not in weeks.
        let first = schedule(&[step(0, Rating::Good, 1.0)], 0.9, W)
            .unwrap()
            .unwrap();
        assert!((1.0..7.0).contains(&days(first.due_at - T0)));
    }

    #[test]
    fn cram_leaves_the_schedule_alone_and_order_of_the_log_does_not_matter() {
        let plain = vec![step(0, Rating::Good, 1.0), step(4, Rating::Hard, 1.0)];
        let mut with_cram = plain.clone();
        with_cram.insert(
            1,
            Step {
                cram: true,
                ..step(1, Rating::Again, 4.0)
            },
        );
        with_cram.reverse();
        assert_eq!(
            schedule(&plain, 0.9, W).unwrap(),
            schedule(&with_cram, 0.9, W).unwrap()
        );
        assert_eq!(
            schedule(
                &[Step {
                    cram: true,
                    ..step(0, Rating::Easy, 1.0)
                }],
                0.9,
                W
            )
            .unwrap(),
            None
        );
    }

    #[test]
    fn higher_desired_retention_brings_questions_back_sooner() {
        let log = [step(0, Rating::Good, 1.0), step(3, Rating::Good, 1.0)];
        let r90 = schedule(&log, 0.90, W).unwrap().unwrap();
        let r95 = schedule(&log, 0.95, W).unwrap().unwrap();
        assert!(r95.due_at < r90.due_at);
    }

    fn scheduled(
        id: &str,
        level: Level,
        category: &str,
        due_day: i64,
        stability: f32,
    ) -> Scheduled {
        Scheduled {
            candidate: Candidate {
                id: id.into(),
                level,
                kind: crate::domain::pack::Kind::Concept,
                category: category.into(),
                runnable: false,
            },
            schedule: Schedule {
                stability,
                difficulty: 5.0,
                last_at: T0 - 10 * DAY_MS,
                due_at: T0 + due_day * DAY_MS,
                reviews: 1,
                decay: fsrs::FSRS6_DEFAULT_DECAY,
                lapses: 0,
            },
        }
    }

    fn ids(picked: Vec<&Candidate>) -> Vec<&str> {
        picked.into_iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn due_today_takes_the_most_overdue_first_at_the_chosen_level() {
        let items = [
            scheduled("a", Level::Mle, "Eval", -1, 3.0),
            scheduled("b", Level::Mle, "Eval", -5, 3.0),
            scheduled("c", Level::Senior, "Eval", -9, 3.0),
            scheduled("d", Level::Mle, "Deep", 0, 3.0),
            scheduled("e", Level::Mle, "Deep", 2, 3.0),
        ];
        let end = day_end(T0, 0);
        assert_eq!(ids(due(&items, Some(Level::Mle), end, 10)), ["b", "a", "d"]);
        assert_eq!(ids(due(&items, None, end, 2)), ["c", "b"]);
        assert!(due(&items, Some(Level::Senior), T0 - 20 * DAY_MS, 10).is_empty());
    }

    #[test]
    fn the_day_ends_at_local_midnight() {
        // T0 is 09:00 UTC: the day ends at midnight UTC, 15:00 UTC for a user at UTC+9, and
        // 04:00 UTC the next day for a user at UTC-4.
        let midnight = T0 - 9 * 3_600_000 + DAY_MS;
        assert_eq!(day_end(T0, 0), midnight);
        assert_eq!(day_end(T0, 9 * 60), midnight - 9 * 3_600_000);
        assert_eq!(day_end(T0, -4 * 60), midnight + 4 * 3_600_000);
    }

    #[test]
    fn weak_spots_spread_over_categories_weakest_first() {
        // Lower stability, reviewed at the same time: lower retrievability now.
        let items = [
            scheduled("eval-1", Level::Mle, "Eval", 0, 2.0),
            scheduled("eval-2", Level::Mle, "Eval", 0, 1.0),
            scheduled("eval-3", Level::Mle, "Eval", 0, 30.0),
            scheduled("deep-1", Level::Mle, "Deep", 0, 5.0),
            scheduled("sys-1", Level::Senior, "Systems", 0, 0.5),
        ];
        assert_eq!(
            ids(weakest(&items, Some(Level::Mle), T0, 10)),
            ["eval-2", "deep-1", "eval-1", "eval-3"]
        );
        assert_eq!(ids(weakest(&items, None, T0, 2)), ["sys-1", "eval-2"]);
    }

    #[test]
    fn retrievability_falls_from_certain_to_the_desired_retention_at_the_due_date() {
        let s = schedule(&[step(0, Rating::Good, 1.0)], 0.9, W)
            .unwrap()
            .unwrap();
        assert!(s.retrievability(s.last_at) > 0.999);
        assert!(
            (s.retrievability(s.due_at) - 0.9).abs() < 0.01,
            "{}",
            s.retrievability(s.due_at)
        );
        assert!(s.retrievability(s.due_at + 30 * DAY_MS) < 0.8);
    }
}
