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
    assert_eq!(r.restore(&db, at(5)).unwrap(), Some(id));
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
