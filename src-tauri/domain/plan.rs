//! The plan to an interview date: how many questions a day bring each category to the target
//! recall on the day, and what recall the user's current pace leads to.
//!
//! Both figures come from FSRS's own simulator ([`fsrs::simulate`]), run on the user's questions:
//! those reviewed start from their memory state and due date, the rest are new. A day's load is
//! one number, the questions practised that day, new and due together (Onsite has no learning
//! steps: a question is answered once a session). The load needed is the least that reaches the
//! target; the pace is the reviews of the last [`PACE_DAYS`] days, a day. Recall on the day is the
//! average over every question of the category, so a question never learned counts as forgotten.
//!
//! A level's row sums its categories: practising each category's share reaches each target.

use super::progress::QuestionState;
use super::review::{Rating, DAY_MS};
use fsrs::{simulate, Card, SimulatorConfig};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The pace is measured over the last two weeks.
pub const PACE_DAYS: i64 = 14;

/// The plan looks at most two years ahead.
pub const MAX_DAYS: i64 = 730;

/// How the user rates answers, as the simulator draws ratings: the first answer to a question
/// (Again, Hard, Good, Easy), and a later one that was recalled (Hard, Good, Easy).
#[derive(Debug, Clone, PartialEq)]
pub struct RatingMix {
    pub first: [f32; 4],
    pub recalled: [f32; 3],
    /// Reviews it was learnt from (0: FSRS's defaults, from Anki's users).
    pub from_reviews: u32,
}

impl Default for RatingMix {
    fn default() -> Self {
        let d = SimulatorConfig::default();
        RatingMix {
            first: d.first_rating_prob,
            recalled: d.review_rating_prob,
            from_reviews: 0,
        }
    }
}

impl RatingMix {
    /// The mix of the user's own ratings, `first` (per question, its first rating) and `later`
    /// (every other), each shrunk towards FSRS's defaults as if these were 20 more ratings, so a
    /// handful of reviews cannot swing it.
    pub fn learn(first: &[Rating], later: &[Rating]) -> RatingMix {
        const PRIOR: f32 = 20.0;
        let d = RatingMix::default();
        let mix = |prior: &[f32], ratings: &mut dyn Iterator<Item = usize>| -> Vec<f32> {
            let mut counts = vec![0.0f32; prior.len()];
            let mut n = 0.0;
            for i in ratings {
                counts[i] += 1.0;
                n += 1.0;
            }
            let sum: f32 = prior.iter().sum();
            prior
                .iter()
                .zip(counts)
                .map(|(p, c)| (c + PRIOR * p / sum) / (n + PRIOR))
                .collect()
        };
        let grade = |r: &Rating| *r as usize;
        let first_mix = mix(&d.first, &mut first.iter().map(grade));
        let recalled_mix = mix(
            &d.recalled,
            &mut later
                .iter()
                .filter(|r| **r != Rating::Again)
                .map(|r| grade(r) - 1),
        );
        RatingMix {
            first: first_mix.try_into().expect("four grades"),
            recalled: recalled_mix.try_into().expect("three grades"),
            from_reviews: (first.len() + later.len()) as u32,
        }
    }
}

/// What the plan is made from.
pub struct Inputs<'a> {
    pub questions: &'a [QuestionState],
    /// Reviews of each question (in the order of `questions`) in the last [`PACE_DAYS`] days.
    pub recent: &'a [u32],
    /// The start of the user's today, in ms since the epoch, and the days from it to the interview.
    pub day_start: i64,
    pub days_left: i64,
    /// The recall aimed for on the day, for example 0.9.
    pub target: f32,
    /// FSRS's 21 parameters: the user's own, or the defaults.
    pub parameters: &'a [f32],
    pub ratings: &'a RatingMix,
}

/// One row of the plan: a level (no category) or a level's category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    pub level: String,
    pub category: Option<String>,
    pub questions: u32,
    pub reviewed: u32,
    /// Questions a day, new and due together, that reach the target on the day; None when even
    /// every question every day falls short.
    pub needed_per_day: Option<u32>,
    /// Recall on the day at that load, or at the most there is when the target is out of reach.
    pub recall_if_planned: f64,
    /// Reviews a day over the last [`PACE_DAYS`] days.
    pub pace_per_day: f64,
    /// Recall on the day if that pace goes on.
    pub recall_at_pace: f64,
}

/// The rows of the plan: per level, then its categories, in name order.
pub fn plan(i: &Inputs) -> Result<Vec<PlanRow>, String> {
    if !(0..=MAX_DAYS).contains(&i.days_left) {
        return Err(format!(
            "the interview must be between today and {MAX_DAYS} days from now"
        ));
    }
    let w = Arc::new(fsrs::check_and_fill_parameters(i.parameters).map_err(|e| e.to_string())?);
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (n, q) in i.questions.iter().enumerate().filter(|(_, q)| !q.hidden) {
        groups.entry((&q.level, &q.category)).or_default().push(n);
    }
    let mut rows: Vec<PlanRow> = Vec::new();
    let mut level_at: Option<usize> = None;
    for ((level, category), members) in groups {
        let row = category_row(i, &w, level, category, &members)?;
        let fresh = level_at.is_none_or(|at| rows[at].level != level);
        if fresh {
            level_at = Some(rows.len());
            rows.push(PlanRow {
                level: level.to_string(),
                category: None,
                questions: 0,
                reviewed: 0,
                needed_per_day: Some(0),
                recall_if_planned: 0.0,
                pace_per_day: 0.0,
                recall_at_pace: 0.0,
            });
        }
        let total = &mut rows[level_at.expect("a level row")];
        let weight = |n: u32| f64::from(n);
        // Recalls are averages over questions: weight each category by its size.
        let mean = |a: f64, na: u32, b: f64, nb: u32| {
            (a * weight(na) + b * weight(nb)) / weight(na + nb).max(1.0)
        };
        total.recall_if_planned = mean(
            total.recall_if_planned,
            total.questions,
            row.recall_if_planned,
            row.questions,
        );
        total.recall_at_pace = mean(
            total.recall_at_pace,
            total.questions,
            row.recall_at_pace,
            row.questions,
        );
        total.questions += row.questions;
        total.reviewed += row.reviewed;
        total.pace_per_day += row.pace_per_day;
        total.needed_per_day = total
            .needed_per_day
            .zip(row.needed_per_day)
            .map(|(a, b)| a + b);
        rows.push(row);
    }
    Ok(rows)
}

fn category_row(
    i: &Inputs,
    w: &Arc<Vec<f32>>,
    level: &str,
    category: &str,
    members: &[usize],
) -> Result<PlanRow, String> {
    let cards: Vec<Card> = members
        .iter()
        .filter_map(|&n| i.questions[n].schedule.as_ref().map(|s| (n, s)))
        .map(|(n, s)| {
            // The simulator counts whole days from today (day 0); the last review was on one.
            let day = |at: i64| ((at - i.day_start).div_euclid(DAY_MS)) as f32;
            let last_date = day(s.last_at).min(0.0);
            let due = day(s.due_at).max(0.0);
            Card {
                id: n as i64 + 1,
                difficulty: s.difficulty,
                stability: s.stability,
                last_date,
                due,
                interval: due - last_date,
                lapses: s.lapses,
                desired_retention: i.target,
                parameters: w.clone(),
            }
        })
        .collect();
    let size = members.len();
    let recall = |per_day: usize| -> Result<f64, String> {
        let config = SimulatorConfig {
            deck_size: size,
            learn_span: i.days_left as usize + 1,
            max_cost_perday: f32::INFINITY,
            first_rating_prob: i.ratings.first,
            review_rating_prob: i.ratings.recalled,
            learn_limit: per_day,
            review_limit: per_day,
            new_cards_ignore_review_limit: false,
            learning_step_count: 0,
            relearning_step_count: 0,
            ..SimulatorConfig::default()
        };
        let out = simulate(&config, w, i.target, Some(42), Some(cards.clone()))
            .map_err(|e| format!("the simulator failed: {e}"))?;
        let remembered = out.memorized_cnt_per_day.last().copied().unwrap_or(0.0);
        Ok((f64::from(remembered) / size as f64).clamp(0.0, 1.0))
    };
    let target = f64::from(i.target);
    // The least load that reaches the target: none may do, or all of the category may not.
    let most = recall(size)?;
    let (needed_per_day, recall_if_planned) = if most < target {
        (None, most)
    } else {
        let (mut lo, mut hi, mut at_hi) = (0, size, most);
        let none = recall(0)?;
        if none >= target {
            (hi, at_hi) = (0, none);
        }
        while hi > 0 && lo + 1 < hi {
            let mid = (lo + hi) / 2;
            let r = recall(mid)?;
            if r >= target {
                (hi, at_hi) = (mid, r);
            } else {
                lo = mid;
            }
        }
        (Some(hi as u32), at_hi)
    };
    let recent: u32 = members.iter().map(|&n| i.recent[n]).sum();
    let pace_per_day = f64::from(recent) / PACE_DAYS as f64;
    Ok(PlanRow {
        level: level.to_string(),
        category: Some(category.to_string()),
        questions: size as u32,
        reviewed: cards.len() as u32,
        needed_per_day,
        recall_if_planned,
        pace_per_day,
        recall_at_pace: {
            // The simulator takes whole questions a day: a pace of 2.4 is 2 a day on 60% of days
            // and 3 on 40%, so the recall lies that far between the two.
            let (whole, part) = (pace_per_day.floor(), pace_per_day.fract());
            let low = recall(whole as usize)?;
            if part > 0.0 {
                low + (recall(whole as usize + 1)? - low) * part
            } else {
                low
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::Schedule;

    const DAY0: i64 = 20_000 * DAY_MS;

    fn question(n: usize, category: &str, schedule: Option<Schedule>) -> QuestionState {
        QuestionState {
            id: format!("q{n}"),
            hidden: false,
            level: "mle".into(),
            category: category.into(),
            schedule,
            last_rating: None,
            attempted: false,
        }
    }

    fn known(days_ago: i64, stability: f32) -> Schedule {
        Schedule {
            stability,
            difficulty: 5.0,
            last_at: DAY0 - days_ago * DAY_MS,
            due_at: DAY0 + DAY_MS,
            reviews: 3,
            lapses: 0,
            decay: fsrs::FSRS6_DEFAULT_DECAY,
        }
    }

    fn run(questions: &[QuestionState], recent: &[u32], days_left: i64) -> Vec<PlanRow> {
        plan(&Inputs {
            questions,
            recent,
            day_start: DAY0,
            days_left,
            target: 0.9,
            parameters: &fsrs::DEFAULT_PARAMETERS,
            ratings: &RatingMix::default(),
        })
        .unwrap()
    }

    #[test]
    fn new_questions_need_a_load_that_reaches_the_target_and_no_less() {
        let qs: Vec<_> = (0..40).map(|n| question(n, "Evaluation", None)).collect();
        let rows = run(&qs, &[0; 40], 30);
        assert_eq!(rows.len(), 2, "the level and its one category");
        let row = &rows[1];
        let needed = row.needed_per_day.expect("reachable in a month");
        assert!(needed > 0 && needed <= 40, "{row:?}");
        assert!(row.recall_if_planned >= 0.9, "{row:?}");
        // One question a day less falls short: the search found the least.
        let fewer = plan_at(&qs, 30, needed - 1);
        assert!(fewer < 0.9, "{needed} - 1 still reaches {fewer}");
        // With no practice at all, nothing new is learnt.
        assert_eq!(row.pace_per_day, 0.0);
        assert_eq!(row.recall_at_pace, 0.0);
        assert_eq!(rows[0].needed_per_day, Some(needed));
    }

    fn plan_at(qs: &[QuestionState], days_left: i64, per_day: u32) -> f64 {
        // The pace is the load the plan simulates, so a recent count sets it.
        let recent = vec![0; qs.len()];
        let mut recent = recent;
        recent[0] = per_day * PACE_DAYS as u32;
        run(qs, &recent, days_left)[1].recall_at_pace
    }

    #[test]
    fn a_fraction_of_a_question_a_day_counts() {
        let qs: Vec<_> = (0..30).map(|n| question(n, "Evaluation", None)).collect();
        let recall = |per_two_weeks: u32| {
            let mut recent = vec![0; 30];
            recent[0] = per_two_weeks;
            run(&qs, &recent, 30)[1].recall_at_pace
        };
        let (none, some, one) = (recall(0), recall(6), recall(14));
        assert!(none < some && some < one, "{none} {some} {one}");
        assert!((some - (none + (one - none) * 6.0 / 14.0)).abs() < 1e-9);
    }

    #[test]
    fn a_faster_pace_projects_a_higher_recall_on_the_day() {
        let qs: Vec<_> = (0..60)
            .map(|n| question(n, "Deep learning", None))
            .collect();
        let slow = plan_at(&qs, 20, 1);
        let fast = plan_at(&qs, 20, 6);
        assert!(slow > 0.0 && slow < fast, "{slow} then {fast}");
    }

    #[test]
    fn questions_known_well_need_nothing_for_tomorrow() {
        let mut qs: Vec<_> = (0..10)
            .map(|n| question(n, "MLOps", Some(known(1, 200.0))))
            .collect();
        // One reviewed earlier today.
        qs[0].schedule.as_mut().unwrap().last_at = DAY0 + 3_600_000;
        let rows = run(&qs, &[0; 10], 1);
        assert_eq!(rows[1].needed_per_day, Some(0), "{rows:?}");
        assert!(rows[1].recall_at_pace > 0.95, "{rows:?}");
        assert_eq!(rows[1].reviewed, 10);
    }

    #[test]
    fn an_interview_today_is_met_by_answering_most_questions_today() {
        // FSRS counts a question answered today as recalled today; the rest are unknown.
        let qs: Vec<_> = (0..40).map(|n| question(n, "Coding", None)).collect();
        let rows = run(&qs, &[0; 40], 0);
        assert_eq!(rows[1].needed_per_day, Some(36), "{rows:?}");
    }

    #[test]
    fn a_level_sums_its_categories_and_weights_recall_by_size() {
        let mut qs: Vec<_> = (0..30).map(|n| question(n, "A", None)).collect();
        qs.extend((30..40).map(|n| question(n, "B", Some(known(2, 300.0)))));
        let mut recent = vec![0; 40];
        recent[0] = 28;
        let rows = run(&qs, &recent, 45);
        let (level, a, b) = (&rows[0], &rows[1], &rows[2]);
        assert_eq!((level.questions, level.reviewed), (40, 10));
        assert_eq!(
            level.needed_per_day,
            Some(a.needed_per_day.unwrap() + b.needed_per_day.unwrap())
        );
        assert_eq!(level.pace_per_day, 2.0);
        let weighted = (a.recall_at_pace * 30.0 + b.recall_at_pace * 10.0) / 40.0;
        assert!((level.recall_at_pace - weighted).abs() < 1e-9);
    }

    #[test]
    fn a_date_in_the_past_or_too_far_is_refused() {
        let qs = [question(0, "A", None)];
        for days in [-1, MAX_DAYS + 1] {
            let err = plan(&Inputs {
                questions: &qs,
                recent: &[0],
                day_start: DAY0,
                days_left: days,
                target: 0.9,
                parameters: &fsrs::DEFAULT_PARAMETERS,
                ratings: &RatingMix::default(),
            })
            .unwrap_err();
            assert!(err.contains("between today"), "{err}");
        }
    }

    #[test]
    fn the_users_ratings_shape_the_mix_and_a_few_cannot_swing_it() {
        let d = RatingMix::default();
        let one = RatingMix::learn(&[Rating::Easy], &[]);
        assert!(one.first[3] > d.first[3] && one.first[3] < 0.3, "{one:?}");
        let many = RatingMix::learn(&[Rating::Again; 200], &[Rating::Good; 100]);
        assert!(many.first[0] > 0.9, "{many:?}");
        assert!(many.recalled[1] > 0.8, "{many:?}");
        assert!((many.first.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(many.from_reviews, 300);
    }
}
