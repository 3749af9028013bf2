//! What the Progress dashboard costs on a large review log: 100,000 reviews of 10,000 questions
//! over six months (2 levels, 10 categories each). Times the whole aggregation the `progress`
//! command runs (the queries and the fold into groups, weeks and days) and prints the size of the
//! JSON it sends. Targets: under 100 ms, under 50 KB.
//!
//! It also times the interview plan over the same bank, 30 and 180 days out: FSRS's simulator run
//! per category, searched for the load that reaches the target.
//!
//! `cargo bench --bench dashboard` runs it in full. Without `--bench` (as `cargo test
//! --all-targets` runs it) it runs on 200 questions, checks the payload and exits.

use onsite::domain::settings::{InterviewDate, Settings};
use onsite::services::{pack_loader, reviews};
use onsite::storage::Db;
use std::time::Instant;

const DAY: i64 = 86_400_000;
/// 2026-12-01 09:00 UTC.
const NOW: i64 = 1_796_115_600_000;
const RUNS: usize = 21;

/// A pack of `n` concept questions of `level`, spread over 10 categories.
fn pack(level: &str, n: usize) -> String {
    let mut s = format!(
        "[pack]\nid = \"bench-{level}\"\ntitle = \"Bench {level}\"\nlevel = \"{level}\"\nsource = \"bench\"\nlicense = \"CC0-1.0\"\n"
    );
    for i in 0..n {
        s += &format!(
            "\n[[question]]\nid = \"{level}-{i}\"\ncategory = \"Category {}\"\nkind = \"concept\"\ndifficulty = \"medium\"\nminutes = 4\n\
             prompt = \"Question {i} of level {level}?\"\nkey_points = [\"one\", \"two\", \"three\", \"four\"]\nred_flags = [\"flag\"]\n",
            i % 10
        );
    }
    s
}

/// `per_question` reviews of every question, over the 180 days before NOW, with ratings, coverage
/// and times drawn from a fixed seed; then every schedule folded from them.
fn seed(dir: &std::path::Path, db: &Db, questions: usize, per_question: usize) {
    let packs = dir.join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    for level in ["mle", "senior"] {
        std::fs::write(
            packs.join(format!("{level}.toml")),
            pack(level, questions / 2),
        )
        .unwrap();
    }
    let report = pack_loader::load_bank(db, &packs, NOW).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut raw = rusqlite::Connection::open(dir.join("onsite.db")).unwrap();
    let tx = raw.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO reviews (question_id, at, suggested, rating, key_points, covered, red_flags, flags_hit, used_ms, budget_ms) \
                 VALUES (?1, ?2, ?3, ?3, 4, ?4, 1, '[]', ?5, 240000)",
            )
            .unwrap();
        let mut rng = fastrand::Rng::with_seed(7);
        for level in ["mle", "senior"] {
            for i in 0..questions / 2 {
                for k in 0..per_question {
                    let at = NOW - 180 * DAY + (k as i64) * 18 * DAY + rng.i64(0..DAY);
                    let covered = rng.usize(0..=4);
                    let rating =
                        ["again", "hard", "good", "easy"][covered.saturating_sub(1).min(3)];
                    let ticked: Vec<usize> = (0..covered).collect();
                    insert
                        .execute(rusqlite::params![
                            format!("{level}-{i}"),
                            at,
                            rating,
                            serde_json::to_string(&ticked).unwrap(),
                            rng.i64(60_000..600_000),
                        ])
                        .unwrap();
                }
            }
        }
    }
    tx.commit().unwrap();
    let scheduled = reviews::rebuild(db, &Settings::default()).unwrap();
    assert_eq!(scheduled, questions);
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (questions, per_question) = if full { (10_000, 10) } else { (200, 10) };
    let dir = tempfile::TempDir::new().unwrap();
    let db = Db::open(&dir.path().join("onsite.db")).unwrap();
    let started = Instant::now();
    seed(dir.path(), &db, questions, per_question);
    let seeding = started.elapsed();

    let mut times = Vec::new();
    let mut payload = 0;
    for _ in 0..if full { RUNS } else { 3 } {
        let t = Instant::now();
        let d = reviews::dashboard(&db, NOW, 60).unwrap();
        let json = serde_json::to_vec(&d).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        payload = json.len();
        let bank = d
            .groups
            .iter()
            .find(|g| g.level.is_none())
            .expect("a row for the bank");
        assert_eq!(bank.reviews as usize, questions * per_question);
        assert_eq!(bank.reviewed as usize, questions);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "dashboard over {} reviews of {questions} questions (seeded in {:.1} s):",
        questions * per_question,
        seeding.as_secs_f64()
    );
    println!(
        "  aggregation, median of {}: {median:.1} ms (min {:.1}, max {:.1})",
        times.len(),
        times[0],
        times[times.len() - 1]
    );
    println!("  payload: {payload} bytes of JSON");
    assert!(payload < 50_000, "the payload stays small: {payload} bytes");

    for days in [30, 180] {
        let settings = Settings {
            interview_date: Some(InterviewDate::from_day(NOW / DAY + days)),
            ..Settings::default()
        };
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..if full { 5 } else { 1 } {
            let t = Instant::now();
            let plan = reviews::interview_plan(&db, &settings, NOW, 0)
                .unwrap()
                .expect("a plan");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            rows = plan.rows.len();
            assert!(plan.rows.iter().all(|r| r.needed_per_day.is_some()));
        }
        times.sort_by(f64::total_cmp);
        println!(
            "  interview plan {days} days out, {rows} rows, median of {}: {:.0} ms (min {:.0}, max {:.0})",
            times.len(),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
}
