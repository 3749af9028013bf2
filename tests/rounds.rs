//! Rounds through the service the commands use, on a real database: templates, honest times, the
//! event log, restart after a kill, sleep, and drift under the real tokio timer.

mod common;

use common::temp_db;
use onsite::domain::report::RoundView;
use onsite::domain::round::{Outcome, Status};
use onsite::domain::settings::Budgets;
use onsite::domain::template::{CustomRound, Order};
use onsite::services::clock::{Clock, Now};
use onsite::services::round_runner::{self as rounds, Action, RoundChoice, Rounds};
use onsite::storage::Db;
use tempfile::TempDir;

const S: u64 = 1000;

/// A new database holding the bundled bank.
fn setup() -> (TempDir, Db) {
    let (dir, db) = temp_db();
    onsite::services::pack_loader::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    (dir, db)
}

fn at(mono: u64) -> Now {
    Now {
        mono,
        wall: 1_700_000_000_000 + mono as i64,
    }
}

fn custom(count: u32, seconds: u32) -> RoundChoice {
    RoundChoice {
        custom: Some(CustomRound {
            level: Some(onsite::domain::pack::Level::Mle),
            categories: vec![],
            kinds: vec![],
            count,
            minutes: None,
            seconds: Some(seconds),
            total_minutes: None,
            hard_limit: false,
            order: Order::Fixed,
            seed: None,
        }),
        ..Default::default()
    }
}

fn start(r: &Rounds, db: &Db, choice: &RoundChoice, now: Now) -> i64 {
    r.start_chosen(db, &[], choice, &Budgets::default(), now)
        .unwrap()
}

/// The round's event log, as JSON lines.
fn events(db: &Db, id: i64) -> Vec<String> {
    db.round_events(id)
        .unwrap()
        .into_iter()
        .map(|(_, e)| e)
        .collect()
}

fn view(r: &Rounds, db: &Db, id: i64, now: Now) -> RoundView {
    r.view(db, id, now).unwrap()
}

#[test]
fn bundled_templates_load_and_each_plans_a_round_from_the_bank() {
    let (dir, db) = setup();
    let (templates, errors) = rounds::load_templates(&dir.path().join("rounds"));
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<_> = templates.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "mle-phone-screen",
            "mle-coding",
            "mle-system-design",
            "mle-behavioral",
            "mle-deep-dive",
            "mle-full-loop",
            "senior-phone-screen",
            "senior-coding",
            "senior-system-design",
            "senior-behavioral",
            "senior-deep-dive",
            "senior-full-loop",
        ]
    );
    for t in &templates {
        let r = Rounds::default();
        let choice = RoundChoice {
            template_id: Some(t.id.clone()),
            seed: Some(7),
            ..Default::default()
        };
        let id = r
            .start_chosen(&db, &templates, &choice, &Budgets::default(), at(0))
            .unwrap();
        let v = view(&r, &db, id, at(0));
        assert!(v.questions >= 1, "{}", t.id);
        r.act(&db, id, Action::Abandon, at(1)).unwrap();
    }
    let design = RoundChoice {
        template_id: Some("mle-system-design".into()),
        seed: Some(1),
        ..Default::default()
    };
    let r = Rounds::default();
    let id = r
        .start_chosen(&db, &templates, &design, &Budgets::default(), at(0))
        .unwrap();
    let v = view(&r, &db, id, at(6 * 60 * S));
    assert_eq!(v.items[0].kind, "design");
    assert_eq!(v.items[0].phases.len(), 7);
    assert_eq!(
        v.phase,
        Some(1),
        "six minutes in, past 'Clarify requirements'"
    );
}

#[test]
fn a_short_round_is_paused_resumed_overrun_finished_and_reviewed_with_honest_times() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    let id = start(&r, &db, &custom(3, 5), at(0));

    r.save_answer(&db, id, 0, "bias vs variance", at(S))
        .unwrap();
    r.act(&db, id, Action::Pause, at(2 * S)).unwrap();
    assert!(
        r.tick(&db, at(60 * S)).unwrap().unwrap().1.is_empty(),
        "nothing happens while paused"
    );
    r.act(&db, id, Action::Resume, at(62 * S)).unwrap();
    let signals = r.tick(&db, at(65 * S)).unwrap().unwrap().1;
    assert_eq!(signals.len(), 1, "the soft budget: {signals:?}");
    r.act(&db, id, Action::Next, at(70 * S)).unwrap(); // 2 s before the pause + 8 s after = 10 s, 5 s over
    assert!(
        r.save_answer(&db, id, 2, "ahead", at(70 * S)).is_err(),
        "questions not reached are not open"
    );
    r.act(&db, id, Action::Skip, at(71 * S)).unwrap();
    r.act(&db, id, Action::Finish, at(73 * S)).unwrap();

    // A save still in flight when the round ended is kept, for a while.
    r.save_answer(&db, id, 2, "late but kept", at(74 * S))
        .unwrap();
    let v = view(&r, &db, id, at(500 * S));
    assert_eq!(v.status, Status::Finished);
    assert_eq!(v.items[2].answer, "late but kept");
    let times: Vec<_> = v
        .items
        .iter()
        .map(|i| (i.used_ms, i.overtime_ms, i.outcome, i.answered))
        .collect();
    assert_eq!(
        times,
        [
            (10 * S, 5 * S, Outcome::Completed, true),
            (S, 0, Outcome::Skipped, false),
            (2 * S, 0, Outcome::Completed, true)
        ]
    );
    assert_eq!(v.total_used_ms, 13 * S, "the minute paused is not counted");
    assert!(v.ended_at.is_some());

    let log = events(&db, id);
    assert!(
        log.iter()
            .any(|e| e.contains("\"paused\"") && e.contains("\"user\"")),
        "pauses are logged: {log:?}"
    );
    assert!(log.last().unwrap().contains("roundOver"));
    assert_eq!(r.active_id().unwrap(), None);
    assert_eq!(
        r.list(&db, Some("finished"), None, None, at(0))
            .unwrap()
            .len(),
        1
    );
    assert!(
        r.save_answer(&db, id, 2, "much later", at(200 * S))
            .is_err(),
        "a round ended long ago is closed"
    );
}

#[test]
fn rounds_left_running_by_two_starts_are_never_stranded() {
    let (dir, _) = setup();
    let path = dir.path().join("onsite.db");
    // Two processes on one folder (before the folder lock), each leaving a round running.
    let (older, newer) = {
        let db = Db::open(&path).unwrap();
        let first = start(&Rounds::default(), &db, &custom(2, 60), at(0));
        let second = start(&Rounds::default(), &db, &custom(2, 60), at(0));
        (first, second)
    };
    let db = Db::open(&path).unwrap();
    let r = Rounds::default();
    assert_eq!(r.restore(&db, at(5)).unwrap(), (Some(newer), 1));
    assert_eq!(view(&r, &db, newer, at(10)).status, Status::Paused);
    assert_eq!(view(&r, &db, older, at(10)).status, Status::Abandoned);
    assert!(db
        .unfinished_rounds()
        .unwrap()
        .iter()
        .all(|s| s.id == newer));
}

#[test]
fn a_killed_round_resumes_paused_at_the_same_question_with_the_same_time_left() {
    let (dir, _) = setup();
    let path = dir.path().join("onsite.db");
    let id = {
        let db = Db::open(&path).unwrap();
        let r = Rounds::default();
        let id = start(&r, &db, &custom(3, 60), at(0));
        r.act(&db, id, Action::Next, at(20 * S)).unwrap();
        for t in (21..=33).map(|s| s * S) {
            r.tick(&db, at(t)).unwrap(); // heartbeats, as the driver writes them
        }
        id // the process dies here, 13 s into question 2
    };
    let db = Db::open(&path).unwrap();
    let r = Rounds::default();
    // A new process: its monotonic clock starts from zero.
    assert_eq!(r.restore(&db, at(5)).unwrap(), (Some(id), 0));
    let v = view(&r, &db, id, at(10 * S));
    assert_eq!((v.status, v.current), (Status::Paused, 1));
    assert_eq!(
        v.used_ms,
        13 * S,
        "time while the app was closed counts as paused"
    );
    assert_eq!(v.items[1].budget_ms - v.used_ms, 47 * S);
    r.act(&db, id, Action::Resume, at(10 * S)).unwrap();
    assert_eq!(view(&r, &db, id, at(12 * S)).used_ms, 15 * S);
    let log = events(&db, id);
    assert!(log.iter().any(|e| e.contains("appClosed")), "{log:?}");
}

#[test]
fn only_one_round_runs_at_a_time() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    start(&r, &db, &custom(2, 5), at(0));
    assert_eq!(
        r.list(&db, Some("unfinished"), None, None, at(1))
            .unwrap()
            .len(),
        1
    );
    let err = r
        .start_chosen(&db, &[], &custom(2, 5), &Budgets::default(), at(1))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn a_sleep_pauses_the_round_as_of_the_last_tick() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    let id = start(&r, &db, &custom(2, 600), at(0));
    r.tick(&db, at(3 * S)).unwrap();
    // The machine sleeps for an hour: the wall clock jumps, the monotonic one barely moves.
    let woke = Now {
        mono: 3 * S + 250,
        wall: at(3 * S).wall + 3_600_000,
    };
    let signals = r.tick(&db, woke).unwrap().unwrap().1;
    assert_eq!(format!("{signals:?}"), "[Paused { reason: Sleep }]");
    let v = view(
        &r,
        &db,
        id,
        Now {
            mono: woke.mono + 30 * S,
            wall: woke.wall,
        },
    );
    assert_eq!((v.status, v.used_ms), (Status::Paused, 3 * S));
}

/// Runs for 10 s on tokio's real timer, ticking as the app's driver does, and checks that the time the
/// round records matches the monotonic clock within 50 ms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_recorded_under_the_real_timer_does_not_drift() {
    let (_dir, db) = setup();
    let db = std::sync::Arc::new(db);
    let rounds = std::sync::Arc::new(Rounds::default());
    let clock = std::sync::Arc::new(Clock::default());
    let id = start(&rounds, &db, &custom(1, 3600), clock.now());
    let began = std::time::Instant::now();

    let (r, d, c) = (rounds.clone(), db.clone(), clock.clone());
    let driver = tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_millis(250));
        loop {
            interval.tick().await;
            r.tick(&d, c.now()).unwrap();
        }
    });
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    rounds.act(&db, id, Action::Pause, clock.now()).unwrap();
    let real = began.elapsed().as_millis() as i64;
    driver.abort();

    let recorded = db.round(id).unwrap().round.items[0].used_ms as i64;
    assert!(real >= 10_000);
    assert!(
        (recorded - real).abs() <= 50,
        "recorded {recorded} ms, monotonic clock {real} ms"
    );
}

// ---- self-review and the schedule ----

use onsite::domain::review::{FromSchedule, Pick, Rating};
use onsite::domain::settings::{Retention, Settings};

fn fsrs_defaults() -> Vec<f32> {
    Settings::default().parameters().to_vec()
}
use onsite::services::reviews::{self, ReviewInput};

const DAY: u64 = 86_400_000;

/// What the user ticked for step `index` of round `round_id`.
fn ticked(v: &RoundView, index: usize, covered: &[usize], flags: &[usize]) -> ReviewInput {
    ReviewInput {
        question_id: v.items[index].question_id.clone().unwrap(),
        round_id: Some(v.id),
        index: Some(index),
        covered: covered.to_vec(),
        flags_hit: flags.to_vec(),
        rating: None,
        cram: false,
        replaces: None,
    }
}

fn all_points(v: &RoundView, index: usize) -> Vec<usize> {
    (0..v.items[index].guide.key_points.len()).collect()
}

fn from_schedule(pick: Pick, count: u32) -> RoundChoice {
    RoundChoice {
        from_schedule: Some(FromSchedule {
            pick,
            level: Some(onsite::domain::pack::Level::Mle),
            count,
            utc_offset_minutes: 0,
        }),
        ..Default::default()
    }
}

/// The questions of the round the schedule gives at `now`, or its error.
fn scheduled_round(
    r: &Rounds,
    db: &Db,
    choice: &RoundChoice,
    now: Now,
) -> Result<Vec<String>, String> {
    let id = r
        .start_chosen(db, &[], choice, &Budgets::default(), now)
        .map_err(|e| e.to_string())?;
    let v = view(r, db, id, now);
    r.act(db, id, Action::Abandon, now).unwrap();
    Ok(v.items.into_iter().filter_map(|i| i.question_id).collect())
}

#[test]
fn a_reviewed_round_brings_weak_and_slow_answers_back_first() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    let retention = &Settings::default();
    let id = start(&r, &db, &custom(4, 60), at(0));
    // Four answers: quick and complete, complete but over three times the budget, half-known, unknown.
    let mut t = 0;
    for (i, secs) in [(0, 40), (1, 200), (2, 60), (3, 30)] {
        r.save_answer(&db, id, i, "an answer", at(t)).unwrap();
        t += secs * S;
        r.act(&db, id, Action::Next, at(t)).unwrap();
    }
    let v = view(&r, &db, id, at(0));
    assert_eq!(v.status, Status::Finished);
    let q: Vec<String> = v
        .items
        .iter()
        .map(|i| i.question_id.clone().unwrap())
        .collect();

    let suggested = |input: &ReviewInput| reviews::suggest(&db, input).unwrap().rating;
    let quick = ticked(&v, 0, &all_points(&v, 0), &[]);
    let slow = ticked(&v, 1, &all_points(&v, 1), &[]);
    let half = ticked(
        &v,
        2,
        &all_points(&v, 2)[..all_points(&v, 2).len() / 2 + 1],
        &[0],
    );
    let unknown = ticked(&v, 3, &[], &[]);
    assert_eq!(
        suggested(&quick),
        Rating::Easy,
        "all points in 2/3 of the budget"
    );
    assert_eq!(
        suggested(&slow),
        Rating::Hard,
        "all points, over twice the budget"
    );
    assert_eq!(suggested(&half), Rating::Hard, "a red flag");
    assert_eq!(suggested(&unknown), Rating::Again);

    let now = v.ended_at.unwrap();
    for input in [&quick, &slow, &half, &unknown] {
        reviews::record(&db, input, now, retention).unwrap();
    }
    // The user overrides one suggestion: the log keeps both, and the view shows it.
    let slow_good = ReviewInput {
        rating: Some(Rating::Good),
        ..slow.clone()
    };
    let saved = reviews::record(&db, &slow_good, now + 5, retention).unwrap();
    assert_eq!(
        (saved.review.suggested, saved.review.rating),
        (Rating::Hard, Rating::Good)
    );
    assert_eq!(
        saved.review.at, now,
        "reviewing a step again replaces its review, keeping its time"
    );
    assert_eq!(saved.review.check.used_ms, 200_000);
    assert_eq!(saved.review.check.budget_ms, 60_000);
    let v = view(&r, &db, id, at(0));
    let ratings: Vec<_> = v
        .items
        .iter()
        .map(|i| i.review.as_ref().map(|r| r.rating))
        .collect();
    assert_eq!(
        ratings,
        [
            Some(Rating::Easy),
            Some(Rating::Good),
            Some(Rating::Hard),
            Some(Rating::Again)
        ]
    );
    assert_eq!(db.question_reviews(&q[1], 10).unwrap().len(), 1);

    // Rated Good but three times over budget: back sooner than the same answer on time would be.
    let due = |i: usize| db.schedule(&q[i]).unwrap().unwrap().due_at;
    let on_time_good = onsite::domain::review::schedule(
        &[onsite::domain::review::Step {
            at: now,
            rating: Rating::Good,
            pace: 1.0,
            cram: false,
        }],
        0.9,
        &fsrs_defaults(),
    )
    .unwrap()
    .unwrap();
    assert!(
        due(1) < on_time_good.due_at,
        "the slow answer comes back sooner"
    );
    assert!(
        due(3) < due(2) && due(2) < due(0),
        "unknown, then half-known, before the quick one"
    );

    // The next morning the unknown answer is due; days later, the weak and slow ones first.
    let day = |d: u64| at(d * DAY);
    let first = scheduled_round(&r, &db, &from_schedule(Pick::Due, 10), day(1)).unwrap();
    assert_eq!(first[0], q[3], "{first:?}");
    assert!(
        !first.contains(&q[0]),
        "the quick answer is not due yet: {first:?}"
    );
    let later = scheduled_round(&r, &db, &from_schedule(Pick::Due, 3), day(6)).unwrap();
    assert_eq!(later.len(), 3);
    assert_eq!(later[0], q[3], "the most overdue first: {later:?}");
    let weak = scheduled_round(&r, &db, &from_schedule(Pick::Weak, 1), day(6)).unwrap();
    assert_eq!(weak, [q[3].clone()]);
    // Nothing at the senior level was reviewed.
    let senior = RoundChoice {
        from_schedule: Some(FromSchedule {
            level: Some(onsite::domain::pack::Level::Senior),
            ..from_schedule(Pick::Due, 5).from_schedule.unwrap()
        }),
        ..Default::default()
    };
    assert!(scheduled_round(&r, &db, &senior, day(6))
        .unwrap_err()
        .contains("nothing is due"));

    // The dashboard counts the four reviews of the four questions, two of them weak (Hard, Again),
    // all timed, one of them three times over budget.
    let d = reviews::dashboard(&db, now + DAY as i64, 0).unwrap();
    let mle = d
        .groups
        .iter()
        .find(|g| g.level.as_deref() == Some("mle") && g.category.is_none())
        .unwrap();
    assert_eq!((mle.reviewed, mle.reviews, mle.weak), (4, 4, 2));
    let pace = (40.0 + 200.0 + 60.0 + 30.0) / 60.0 / 4.0;
    assert!((mle.pace.unwrap() - pace).abs() < 1e-9, "{:?}", mle.pace);
    assert_eq!(d.days.len(), 1);
    assert_eq!(d.streak, 1, "yesterday counts until today is over");
    assert!(mle.never_attempted > 0 && mle.questions > mle.reviewed);

    // A higher desired retention brings every question back sooner.
    let before = due(0);
    assert_eq!(
        reviews::rebuild(
            &db,
            &Settings {
                desired_retention: Retention(0.97),
                ..Settings::default()
            }
        )
        .unwrap(),
        4
    );
    assert!(due(0) < before);
}

#[test]
fn practice_only_rounds_log_reviews_without_touching_the_schedule() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    let first = start(&r, &db, &custom(1, 60), at(0));
    r.act(&db, first, Action::Finish, at(30 * S)).unwrap();
    let v = view(&r, &db, first, at(0));
    reviews::record(
        &db,
        &ticked(&v, 0, &all_points(&v, 0), &[]),
        1,
        &Settings::default(),
    )
    .unwrap();
    let qid = v.items[0].question_id.clone().unwrap();
    let scheduled = db.schedule(&qid).unwrap().unwrap();

    let cram = RoundChoice {
        cram: true,
        ..custom(1, 60)
    };
    let second = start(&r, &db, &cram, at(100 * S));
    r.act(&db, second, Action::Finish, at(110 * S)).unwrap();
    let v = view(&r, &db, second, at(0));
    assert!(v.cram);
    assert_eq!(v.items[0].question_id.as_deref(), Some(qid.as_str()));
    let saved = reviews::record(
        &db,
        &ticked(&v, 0, &[], &[]),
        2 * DAY as i64,
        &Settings::default(),
    )
    .unwrap();
    assert!(saved.review.cram, "a practice round's reviews are practice");
    assert_eq!(saved.review.rating, Rating::Again);
    assert_eq!(db.schedule(&qid).unwrap().unwrap(), scheduled);
    assert_eq!(
        db.question_reviews(&qid, 10).unwrap().len(),
        2,
        "both are logged"
    );
}

#[test]
fn reviews_refuse_what_does_not_fit_the_round_or_the_guide() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    let id = start(&r, &db, &custom(2, 60), at(0));
    let v = view(&r, &db, id, at(0));
    let err = |input: &ReviewInput| reviews::suggest(&db, input).unwrap_err().to_string();
    assert!(err(&ticked(&v, 0, &[], &[])).contains("once the round is over"));
    r.act(&db, id, Action::Finish, at(S)).unwrap();
    assert!(err(&ticked(&v, 1, &[], &[])).contains("not reached"));
    let points = v.items[0].guide.key_points.len();
    assert!(err(&ticked(&v, 0, &[points], &[])).contains(&format!("no number {}", points + 1)));
    let wrong = ReviewInput {
        question_id: v.items[1].question_id.clone().unwrap(),
        ..ticked(&v, 0, &[], &[])
    };
    assert!(err(&wrong).contains("is not the question"));
    let half = ReviewInput {
        index: None,
        ..ticked(&v, 0, &[], &[])
    };
    assert!(err(&half).contains("both its round and its step"));
    // On the question's own page an answer is untimed.
    let page = ReviewInput {
        round_id: None,
        index: None,
        ..ticked(&v, 0, &all_points(&v, 0), &[])
    };
    let s = reviews::suggest(&db, &page).unwrap();
    assert_eq!((s.rating, s.pace), (Rating::Easy, None));
    // A page review corrected at once (a key pressed twice, a changed tick) replaces itself.
    let first = reviews::record(&db, &page, 5, &Settings::default())
        .unwrap()
        .review;
    let fixed = ReviewInput {
        replaces: Some(first.id),
        rating: Some(Rating::Good),
        ..page.clone()
    };
    let second = reviews::record(&db, &fixed, 6, &Settings::default())
        .unwrap()
        .review;
    let qid = page.question_id.clone();
    let log = db.question_reviews(&qid, 10).unwrap();
    assert_eq!(log.len(), 1, "one review, corrected");
    assert_eq!((log[0].id, log[0].rating), (second.id, Rating::Good));
    // A round's review cannot be replaced this way.
    let round_review = reviews::record(&db, &ticked(&v, 0, &[], &[]), 7, &Settings::default())
        .unwrap()
        .review;
    let sneaky = ReviewInput {
        replaces: Some(round_review.id),
        ..page
    };
    assert!(reviews::record(&db, &sneaky, 8, &Settings::default()).is_err());
}

#[test]
fn a_new_attempt_is_set_beside_the_last_answer_with_a_word_diff() {
    let (_dir, db) = setup();
    let r = Rounds::default();
    let first = start(&r, &db, &custom(1, 60), at(0));
    r.save_answer(&db, first, 0, "Use dropout and early stopping.", at(S))
        .unwrap();
    r.act(&db, first, Action::Finish, at(2 * S)).unwrap();
    let v1 = view(&r, &db, first, at(0));
    assert!(
        reviews::compare(&db, first, 0).unwrap().is_none(),
        "nothing earlier"
    );
    reviews::record(&db, &ticked(&v1, 0, &[0], &[]), 1, &Settings::default()).unwrap();

    let second = start(&r, &db, &custom(1, 60), at(10 * S));
    r.save_answer(
        &db,
        second,
        0,
        "Use weight decay, dropout and early stopping.",
        at(11 * S),
    )
    .unwrap();
    r.act(&db, second, Action::Finish, at(12 * S)).unwrap();
    let c = reviews::compare(&db, second, 0)
        .unwrap()
        .expect("the first answer");
    assert_eq!(c.previous.round_id, first);
    assert_eq!(c.previous.body, "Use dropout and early stopping.");
    assert_eq!(c.previous_review.unwrap().check.covered, [0]);
    assert!(c.review.is_none(), "the new answer is not reviewed yet");
    let added: String = c
        .runs
        .iter()
        .filter(|r| r.change == onsite::domain::compare::Change::Added)
        .map(|r| r.text.as_str())
        .collect();
    assert!(added.contains("weight decay"), "{:?}", c.runs);
    // The first round's answer has nothing before it, even now a later one exists.
    assert!(reviews::compare(&db, first, 0).unwrap().is_none());
}

#[test]
fn parameters_fitted_to_the_log_are_offered_kept_and_reverted_with_every_schedule() {
    let (dir, db) = setup();
    let ids = common::seed_forgetful_log(&dir.path().join("onsite.db"), "mle", 100, 0);
    let defaults = Settings::default();
    reviews::rebuild(&db, &defaults).unwrap();
    let due_by_default = db.schedule(&ids[0]).unwrap().unwrap().due_at;

    let optimiser = reviews::Optimiser::default();
    let reported = std::sync::Mutex::new(Vec::new());
    let fit = reviews::optimise(&db, &defaults, &optimiser, |p| {
        reported.lock().unwrap().push(p)
    })
    .unwrap();
    assert_eq!(fit.current, fsrs_defaults());
    assert_eq!(fit.reviews, 600);
    assert!(fit.fitted_loss < fit.current_loss, "{fit:?}");
    assert!(reported.lock().unwrap().iter().all(|p| p.done <= p.total));
    assert!(!optimiser.cancel(), "nothing runs once it answered");

    // Kept, the fit reschedules every question with its own curve; reverted, the defaults return.
    let own = Settings {
        fsrs_parameters: Some(onsite::domain::settings::Parameters(fit.fitted.clone())),
        ..Settings::default()
    };
    assert_eq!(reviews::rebuild(&db, &own).unwrap(), 100);
    let kept = db.schedule(&ids[0]).unwrap().unwrap();
    assert_eq!(kept.decay, fit.fitted[20]);
    assert_ne!(kept.due_at, due_by_default);
    reviews::rebuild(&db, &defaults).unwrap();
    assert_eq!(
        db.schedule(&ids[0]).unwrap().unwrap().due_at,
        due_by_default
    );
}
