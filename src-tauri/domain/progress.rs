//! Progress: what the review log says, summed up for the dashboard per level and category, with a
//! weekly trend, the days practised and the current streak. Storage hands over per-question states
//! and per-group sums; this turns them into a payload of a few kilobytes, whatever the log's size.

use super::review::{Rating, Schedule, DAY_MS};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Where one question stands. Its latest rating comes from the review log (see [`Tally`]).
#[derive(Debug, Clone)]
pub struct QuestionState {
    pub id: String,
    /// No longer in its pack: its reviews still count, the question does not.
    pub hidden: bool,
    pub level: String,
    pub category: String,
    pub schedule: Option<Schedule>,
    pub last_rating: Option<Rating>,
    /// Answered in a round or reviewed, ever.
    pub attempted: bool,
}

/// Sums over the reviews of one group (a level and category, or a level and week).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewSums {
    pub reviews: u32,
    /// Sum and count of the share of key points covered, over reviews whose guide lists some.
    pub coverage_sum: f64,
    pub coverage_n: u32,
    /// Sum and count of time used ÷ budget, over timed reviews.
    pub pace_sum: f64,
    pub pace_n: u32,
}

impl ReviewSums {
    fn add(&mut self, o: &ReviewSums) {
        self.reviews += o.reviews;
        self.coverage_sum += o.coverage_sum;
        self.coverage_n += o.coverage_n;
        self.pace_sum += o.pace_sum;
        self.pace_n += o.pace_n;
    }

    fn coverage(&self) -> Option<f64> {
        (self.coverage_n > 0).then(|| self.coverage_sum / f64::from(self.coverage_n))
    }

    fn pace(&self) -> Option<f64> {
        (self.pace_n > 0).then(|| self.pace_sum / f64::from(self.pace_n))
    }
}

/// One row of the dashboard: the whole bank (no level), a level (no category), or a category.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub level: Option<String>,
    pub category: Option<String>,
    pub questions: u32,
    pub reviewed: u32,
    pub due: u32,
    /// Last rated Again or Hard.
    pub weak: u32,
    pub never_attempted: u32,
    pub reviews: u32,
    /// The average share of key points covered, over every review.
    pub coverage: Option<f64>,
    /// The average time used over budget, over every timed review (1 = on budget).
    pub pace: Option<f64>,
    /// The estimated chance of recalling a reviewed question now, on average.
    pub retention: Option<f64>,
}

/// A week of reviews, for the trend: of one level, or of all (no level).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Week {
    pub level: Option<String>,
    /// The week's first day, in days since 1970-01-01 (the user's local days; weeks start on Monday).
    pub start_day: i64,
    pub reviews: u32,
    pub coverage: Option<f64>,
    pub pace: Option<f64>,
}

/// Reviews made on one day (days since 1970-01-01, local).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Day {
    pub day: i64,
    pub reviews: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Today, in days since 1970-01-01 (local).
    pub today: i64,
    pub groups: Vec<Group>,
    pub weeks: Vec<Week>,
    /// The days with reviews in the last [`CALENDAR_DAYS`], oldest first.
    pub days: Vec<Day>,
    /// Days in a row with a review, up to today (or yesterday, when today has none yet).
    pub streak: u32,
}

/// The calendar covers 26 weeks; the trend, 12.
pub const CALENDAR_DAYS: i64 = 26 * 7;
pub const TREND_WEEKS: i64 = 12;

/// The local day of `at` for a user `utc_offset_minutes` east of UTC.
pub fn local_day(at: i64, utc_offset_minutes: i32) -> i64 {
    (at + i64::from(utc_offset_minutes) * 60_000).div_euclid(DAY_MS)
}

/// The Monday on or before `day` (1970-01-01 was a Thursday).
pub fn week_start(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// Days in a row with a review, ending today, or yesterday when today has none yet. `days` is
/// sorted by day.
pub fn streak(days: &[Day], today: i64) -> u32 {
    let mut expect = match days.last() {
        Some(d) if d.day == today || d.day == today - 1 => d.day,
        _ => return 0,
    };
    let mut n = 0;
    for d in days.iter().rev() {
        if d.day != expect {
            break;
        }
        n += 1;
        expect -= 1;
    }
    n
}

/// One review, as the dashboard counts it.
#[derive(Debug, Clone, Copy)]
pub struct Fact<'a> {
    pub question_id: &'a str,
    pub at: i64,
    pub rating: Rating,
    pub key_points: u32,
    pub covered: u32,
    pub used_ms: i64,
    pub budget_ms: i64,
}

/// Sums the review log in one pass: per level and category, per level and week (from
/// `first_week` on), and per day. Reviews of questions it does not know are left out.
pub struct Tally<'q> {
    /// Each question's place in `questions` and its group.
    question: HashMap<&'q str, (usize, usize)>,
    /// Each question's latest review: when, and its rating.
    last: Vec<Option<(i64, Rating)>>,
    groups: Vec<(&'q str, &'q str, ReviewSums)>,
    weeks: BTreeMap<(&'q str, i64), ReviewSums>,
    days: BTreeMap<i64, u32>,
    utc_offset_minutes: i32,
    first_week: i64,
}

impl<'q> Tally<'q> {
    pub fn new(questions: &'q [QuestionState], utc_offset_minutes: i32, first_week: i64) -> Self {
        let mut index: HashMap<(&str, &str), usize> = HashMap::new();
        let mut groups = Vec::new();
        let mut question = HashMap::with_capacity(questions.len());
        for (i, q) in questions.iter().enumerate() {
            let key = (q.level.as_str(), q.category.as_str());
            let g = *index.entry(key).or_insert_with(|| {
                groups.push((key.0, key.1, ReviewSums::default()));
                groups.len() - 1
            });
            question.insert(q.id.as_str(), (i, g));
        }
        Tally {
            question,
            last: vec![None; questions.len()],
            groups,
            weeks: BTreeMap::new(),
            days: BTreeMap::new(),
            utc_offset_minutes,
            first_week,
        }
    }

    pub fn add(&mut self, f: Fact) {
        let Some(&(q, g)) = self.question.get(f.question_id) else {
            return;
        };
        if self.last[q].is_none_or(|(at, _)| f.at >= at) {
            self.last[q] = Some((f.at, f.rating));
        }
        let one = ReviewSums {
            reviews: 1,
            coverage_sum: if f.key_points > 0 {
                f64::from(f.covered.min(f.key_points)) / f64::from(f.key_points)
            } else {
                0.0
            },
            coverage_n: u32::from(f.key_points > 0),
            pace_sum: super::review::pace(f.used_ms, f.budget_ms)
                * f64::from(u8::from(f.budget_ms > 0)),
            pace_n: u32::from(f.budget_ms > 0),
        };
        let (level, _, sums) = &mut self.groups[g];
        sums.add(&one);
        let day = local_day(f.at, self.utc_offset_minutes);
        *self.days.entry(day).or_default() += 1;
        let week = week_start(day);
        if week >= self.first_week {
            self.weeks.entry((*level, week)).or_default().add(&one);
        }
    }

    /// The sums per (level, category), per (level, week), and the days, as [`Inputs`] takes them;
    /// and, in the order of the questions given, each one's latest rating.
    #[allow(clippy::type_complexity)]
    pub fn finish(
        self,
    ) -> (
        Vec<(String, String, ReviewSums)>,
        Vec<(String, i64, ReviewSums)>,
        Vec<Day>,
        Vec<Option<Rating>>,
    ) {
        (
            self.groups
                .into_iter()
                .filter(|g| g.2.reviews > 0)
                .map(|(l, c, s)| (l.to_string(), c.to_string(), s))
                .collect(),
            self.weeks
                .into_iter()
                .map(|((l, w), s)| (l.to_string(), w, s))
                .collect(),
            self.days
                .into_iter()
                .map(|(day, reviews)| Day { day, reviews })
                .collect(),
            self.last.into_iter().map(|l| l.map(|(_, r)| r)).collect(),
        )
    }
}

/// What the dashboard shows: one row for the bank, one per level, one per level and category.
pub struct Inputs<'a> {
    pub questions: &'a [QuestionState],
    /// Per (level, category).
    pub sums: &'a [(String, String, ReviewSums)],
    /// Per (level, week start day), from the last [`TREND_WEEKS`] weeks.
    pub weeks: &'a [(String, i64, ReviewSums)],
    /// Every day with a review, sorted.
    pub days: &'a [Day],
    pub now: i64,
    pub day_end: i64,
    pub today: i64,
}

pub fn dashboard(i: Inputs) -> Dashboard {
    // Keys borrow the inputs' text, so a bank of any size costs no allocation per question.
    type Key<'a> = (Option<&'a str>, Option<&'a str>);
    fn keys<'a>(level: &'a str, category: &'a str) -> [Key<'a>; 3] {
        [
            (None, None),
            (Some(level), None),
            (Some(level), Some(category)),
        ]
    }
    let mut groups: BTreeMap<Key, (Group, f64, ReviewSums)> = BTreeMap::new();
    let blank = |(level, category): Key| {
        (
            Group {
                level: level.map(str::to_string),
                category: category.map(str::to_string),
                questions: 0,
                reviewed: 0,
                due: 0,
                weak: 0,
                never_attempted: 0,
                reviews: 0,
                coverage: None,
                pace: None,
                retention: None,
            },
            0.0,
            ReviewSums::default(),
        )
    };
    for q in i.questions.iter().filter(|q| !q.hidden) {
        let recall = q
            .schedule
            .as_ref()
            .map(|s| f64::from(s.retrievability(i.now)));
        for key in keys(&q.level, &q.category) {
            let (g, recall_sum, _) = groups.entry(key).or_insert_with(|| blank(key));
            g.questions += 1;
            g.never_attempted += u32::from(!q.attempted);
            g.weak += u32::from(matches!(q.last_rating, Some(Rating::Again | Rating::Hard)));
            if let (Some(s), Some(r)) = (&q.schedule, recall) {
                g.reviewed += 1;
                g.due += u32::from(s.due_at < i.day_end);
                *recall_sum += r;
            }
        }
    }
    for (level, category, sums) in i.sums {
        for key in keys(level, category) {
            // Reviews of questions no longer in the bank still count, under their group.
            groups.entry(key).or_insert_with(|| blank(key)).2.add(sums);
        }
    }
    let groups = groups
        .into_values()
        .map(|(mut g, recall_sum, sums)| {
            g.reviews = sums.reviews;
            g.coverage = sums.coverage();
            g.pace = sums.pace();
            g.retention = (g.reviewed > 0).then(|| recall_sum / f64::from(g.reviewed));
            g
        })
        .collect();

    let mut weeks: BTreeMap<(Option<String>, i64), ReviewSums> = BTreeMap::new();
    for (level, start, sums) in i.weeks {
        for level in [None, Some(level.clone())] {
            weeks.entry((level, *start)).or_default().add(sums);
        }
    }
    let weeks = weeks
        .into_iter()
        .map(|((level, start_day), s)| Week {
            level,
            start_day,
            reviews: s.reviews,
            coverage: s.coverage(),
            pace: s.pace(),
        })
        .collect();

    let first = i.today - CALENDAR_DAYS + 1;
    Dashboard {
        today: i.today,
        groups,
        weeks,
        days: i.days.iter().copied().filter(|d| d.day >= first).collect(),
        streak: streak(i.days, i.today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: i64) -> Day {
        Day { day, reviews: 1 }
    }

    #[test]
    fn the_streak_counts_back_from_today_or_yesterday() {
        assert_eq!(streak(&[], 100), 0);
        assert_eq!(streak(&[day(97), day(98), day(99), day(100)], 100), 4);
        assert_eq!(
            streak(&[day(97), day(98), day(99)], 100),
            3,
            "today not yet"
        );
        assert_eq!(streak(&[day(90), day(98)], 100), 0, "two days ago");
        assert_eq!(streak(&[day(90), day(99), day(100)], 100), 2);
    }

    #[test]
    fn weeks_start_on_monday_and_days_are_local() {
        // 2026-11-30 was a Monday: day 20_787.
        assert_eq!(week_start(20_787), 20_787);
        assert_eq!(week_start(20_793), 20_787);
        assert_eq!(week_start(20_786), 20_780);
        // 23:30 UTC on the Monday is already Tuesday at UTC+1, still Monday at UTC-5.
        let at = 20_787 * DAY_MS + 23 * 3_600_000 + 1_800_000;
        assert_eq!(local_day(at, 60), 20_788);
        assert_eq!(local_day(at, -300), 20_787);
    }

    fn question(
        level: &str,
        category: &str,
        rating: Option<Rating>,
        due_in_days: i64,
    ) -> QuestionState {
        QuestionState {
            id: format!("{level}-{category}-{due_in_days}-{rating:?}"),
            hidden: false,
            level: level.into(),
            category: category.into(),
            schedule: rating.map(|_| Schedule {
                stability: 5.0,
                difficulty: 5.0,
                last_at: 0,
                due_at: due_in_days * DAY_MS,
                reviews: 1,
                lapses: 0,
                decay: fsrs::FSRS6_DEFAULT_DECAY,
            }),
            last_rating: rating,
            attempted: rating.is_some(),
        }
    }

    #[test]
    fn groups_sum_up_to_levels_and_the_bank() {
        let questions = [
            question("mle", "Eval", Some(Rating::Again), 1),
            question("mle", "Eval", Some(Rating::Good), 5),
            question("mle", "Eval", None, 0),
            question("senior", "Design", Some(Rating::Hard), 0),
        ];
        let sums = [
            (
                "mle".to_string(),
                "Eval".to_string(),
                ReviewSums {
                    reviews: 3,
                    coverage_sum: 1.5,
                    coverage_n: 3,
                    pace_sum: 3.0,
                    pace_n: 2,
                },
            ),
            (
                "senior".to_string(),
                "Design".to_string(),
                ReviewSums {
                    reviews: 1,
                    coverage_sum: 1.0,
                    coverage_n: 1,
                    pace_sum: 0.0,
                    pace_n: 0,
                },
            ),
        ];
        let d = dashboard(Inputs {
            questions: &questions,
            sums: &sums,
            weeks: &[
                ("mle".into(), 7, sums[0].2.clone()),
                ("senior".into(), 7, sums[1].2.clone()),
            ],
            days: &[day(1), day(2)],
            now: 0,
            day_end: 2 * DAY_MS,
            today: 2,
        });
        let find = |level: Option<&str>, category: Option<&str>| {
            d.groups
                .iter()
                .find(|g| g.level.as_deref() == level && g.category.as_deref() == category)
                .unwrap()
        };
        let bank = find(None, None);
        assert_eq!(
            (
                bank.questions,
                bank.reviewed,
                bank.due,
                bank.weak,
                bank.never_attempted,
                bank.reviews
            ),
            (4, 3, 2, 2, 1, 4)
        );
        assert_eq!(bank.coverage, Some(2.5 / 4.0));
        assert_eq!(bank.pace, Some(1.5));
        let eval = find(Some("mle"), Some("Eval"));
        assert_eq!(
            (eval.questions, eval.reviewed, eval.due, eval.weak),
            (3, 2, 1, 1)
        );
        assert_eq!(eval.retention, Some(1.0), "just reviewed");
        assert_eq!(find(Some("senior"), None).pace, None, "no timed review");
        assert_eq!(d.groups.len(), 5);
        let all_weeks: Vec<_> = d.weeks.iter().filter(|w| w.level.is_none()).collect();
        assert_eq!((all_weeks.len(), all_weeks[0].reviews), (1, 4));
        assert_eq!(d.streak, 2);
    }

    #[test]
    fn the_tally_sums_reviews_per_group_week_and_day_and_skips_unknown_questions() {
        let questions = [
            question("mle", "Eval", None, 0),
            question("senior", "Design", None, 0),
        ];
        let monday = 20_787;
        let mut t = Tally::new(&questions, 0, monday);
        let fact = |q: usize, day: i64, covered: u32, used_ms: i64| Fact {
            question_id: &questions[q].id,
            at: day * DAY_MS + 3_600_000,
            rating: if covered >= 3 {
                Rating::Good
            } else {
                Rating::Hard
            },
            key_points: 4,
            covered,
            used_ms,
            budget_ms: if used_ms > 0 { 60_000 } else { 0 },
        };
        t.add(fact(0, monday, 4, 30_000));
        t.add(fact(0, monday + 1, 2, 90_000));
        t.add(fact(1, monday - 1, 1, 0));
        t.add(Fact {
            question_id: "gone",
            ..fact(0, monday, 0, 0)
        });
        let (sums, weeks, days, last) = t.finish();
        assert_eq!(
            last,
            [Some(Rating::Hard), Some(Rating::Hard)],
            "the latest of each"
        );
        assert_eq!(sums.len(), 2);
        let eval = &sums.iter().find(|s| s.1 == "Eval").unwrap().2;
        assert_eq!(
            (eval.reviews, eval.coverage_sum, eval.coverage_n),
            (2, 1.5, 2)
        );
        assert_eq!((eval.pace_sum, eval.pace_n), (2.0, 2));
        let design = &sums.iter().find(|s| s.1 == "Design").unwrap().2;
        assert_eq!((design.reviews, design.pace_n), (1, 0), "untimed");
        assert_eq!(
            weeks.len(),
            1,
            "the week before the first is left out: {weeks:?}"
        );
        assert_eq!((weeks[0].1, weeks[0].2.reviews), (monday, 2));
        assert_eq!(
            days,
            [
                Day {
                    day: monday - 1,
                    reviews: 1
                },
                Day {
                    day: monday,
                    reviews: 1
                },
                Day {
                    day: monday + 1,
                    reviews: 1
                }
            ]
        );
    }
}
