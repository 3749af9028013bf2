//! A bank of 100,000 questions: how long it takes to load, to start again unchanged, and to list and
//! search, through the same calls the app's commands make.
//!
//! - `cargo bench --bench bank_scale` prints the figures; `-- --markdown` prints them as a Markdown
//!   table (`scripts/bench` includes it); `-- --questions N` sets the bank's size.
//! - `cargo bench --bench bank_scale -- --write-packs DIR N` writes the generated bank as pack files
//!   into DIR (for the app to load) and prints the query words as JSON; it measures nothing.
//! - Without `--bench` (as `cargo test --all-targets` runs it) it checks a bank of 2,000 and exits.
//!
//! The bank is made up but shaped like a real one: prompts of 9–19 words drawn from a vocabulary of
//! 4,000 made-up words with Zipf's law, as word frequencies in text follow it. The query words are
//! picked from the bank itself, to match the shapes users type: a rare word (about 10 questions),
//! two words (about 40), a common word (about 40% of the bank) and a one-letter prefix.

use onsite::domain::search::fts_query;
use onsite::services::pack_loader;
use onsite::storage::{Db, QuestionFilter, Window};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

/// Questions per pack file: 10,000 of them is about 3 MB, well under the 16 MB file limit.
const PER_FILE: usize = 10_000;
const NOW: i64 = 1_796_115_600_000;
/// The window the question list asks for first.
const FIRST: u32 = 60;

struct Bank {
    files: Vec<(String, String)>,
    words: Words,
}

#[derive(Debug)]
struct Words {
    rare: String,
    two: String,
    common: String,
    prefix: String,
}

fn vocabulary(n: usize, rng: &mut fastrand::Rng) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "cl",
        "dr", "gr", "pl", "st", "tr",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "io"];
    let mut seen = std::collections::HashSet::new();
    let mut words = Vec::with_capacity(n);
    while words.len() < n {
        let syllables = 2 + rng.usize(0..3);
        let w: String = (0..syllables)
            .map(|_| {
                format!(
                    "{}{}",
                    ONSETS[rng.usize(0..ONSETS.len())],
                    VOWELS[rng.usize(0..VOWELS.len())]
                )
            })
            .collect();
        if seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// Draws word indices with probability proportional to 1 / (rank + 1).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / (i as f64 + 1.0);
                total
            })
            .collect();
        Zipf { cumulative }
    }
    fn draw(&self, rng: &mut fastrand::Rng) -> usize {
        let x = rng.f64() * self.cumulative.last().unwrap();
        self.cumulative.partition_point(|c| *c < x)
    }
}

fn generate(n: usize) -> Bank {
    let mut rng = fastrand::Rng::with_seed(2026);
    let vocab = vocabulary(4000, &mut rng);
    let zipf = Zipf::new(vocab.len());
    const OPENERS: &[&str] = &[
        "Explain",
        "How would you",
        "Why does",
        "Compare",
        "Describe",
        "Design",
        "Implement",
        "What is",
    ];
    const KINDS: &[&str] = &["concept", "design", "coding", "behavioral"];
    const DIFFICULTIES: &[&str] = &["easy", "medium", "hard"];
    let mut prompts = Vec::with_capacity(n);
    let mut files = Vec::new();
    let mut text = String::new();
    for i in 0..n {
        let file_no = i / PER_FILE;
        if i % PER_FILE == 0 {
            text = format!(
                "[pack]\nid = \"scale-{file_no:02}\"\ntitle = \"Generated bank, part {}\"\n\
                 source = \"generated\"\nlicense = \"CC0-1.0\"\n",
                file_no + 1
            );
        }
        let words: Vec<&str> = (0..8 + rng.usize(0..11))
            .map(|_| vocab[zipf.draw(&mut rng)].as_str())
            .collect();
        let prompt = format!(
            "{} {}?",
            OPENERS[rng.usize(0..OPENERS.len())],
            words.join(" ")
        );
        let point = |rng: &mut fastrand::Rng| {
            let w: Vec<&str> = (0..6).map(|_| vocab[zipf.draw(rng)].as_str()).collect();
            format!("\"{}\"", w.join(" "))
        };
        let points: Vec<String> = (0..3).map(|_| point(&mut rng)).collect();
        text += &format!(
            "\n[[question]]\nid = \"scale-{i:06}\"\nlevel = \"{}\"\ncategory = \"Topic {:02}\"\nkind = \"{}\"\n\
             difficulty = \"{}\"\nminutes = {}\nprompt = \"{prompt}\"\nkey_points = [{}]\n",
            if rng.bool() { "mle" } else { "senior" },
            rng.usize(0..40),
            KINDS[rng.usize(0..KINDS.len())],
            DIFFICULTIES[rng.usize(0..DIFFICULTIES.len())],
            3 + rng.u32(0..28),
            points.join(", "),
        );
        prompts.push(words);
        if i % PER_FILE == PER_FILE - 1 || i == n - 1 {
            files.push((
                format!("scale-{file_no:02}.toml"),
                std::mem::take(&mut text),
            ));
        }
    }
    let words = pick_words(&prompts, n);
    Bank { files, words }
}

/// The query words for each shape, from the questions each word is in.
fn pick_words(prompts: &[Vec<&str>], n: usize) -> Words {
    let mut docs: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, words) in prompts.iter().enumerate() {
        for w in words {
            let d = docs.entry(w).or_default();
            if d.last() != Some(&(i as u32)) {
                d.push(i as u32);
            }
        }
    }
    let nearest = |target: usize| -> &str {
        docs.iter()
            .min_by_key(|(w, d)| (d.len().abs_diff(target), **w))
            .map(|(w, _)| *w)
            .unwrap()
    };
    let common = nearest(n * 41 / 100).to_string();
    let rare = nearest(10.max(n / 10_000)).to_string();
    // Two words found together in about 43 questions per 100,000.
    let target = (43 * n / 100_000).max(2);
    let mut mid: Vec<(&str, &Vec<u32>)> = docs
        .iter()
        .filter(|(_, d)| d.len() > target * 4 && d.len() < n / 10)
        .map(|(w, d)| (*w, d))
        .collect();
    mid.sort();
    mid.truncate(120);
    let mut best = (usize::MAX, String::new());
    for (i, (a, da)) in mid.iter().enumerate() {
        for (b, db) in &mid[i + 1..] {
            let both = da.iter().filter(|x| db.binary_search(x).is_ok()).count();
            let score = both.abs_diff(target);
            if score < best.0 {
                best = (score, format!("{a} {b}"));
            }
        }
    }
    let mut first_letters: BTreeMap<char, usize> = BTreeMap::new();
    for (w, d) in &docs {
        *first_letters.entry(w.chars().next().unwrap()).or_default() += d.len();
    }
    let prefix = first_letters
        .iter()
        .max_by_key(|(c, k)| (**k, std::cmp::Reverse(**c)))
        .unwrap()
        .0
        .to_string();
    Words {
        rare,
        two: best.1,
        common,
        prefix,
    }
}

fn write_packs(dir: &Path, bank: &Bank) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in &bank.files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Row {
    what: String,
    matched: u32,
    p50: Duration,
    p95: Duration,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| args.iter().position(|a| a == name);
    if let Some(i) = flag("--write-packs") {
        let dir = Path::new(&args[i + 1]);
        let n = args
            .get(i + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(100_000);
        let bank = generate(n);
        write_packs(dir, &bank);
        let w = &bank.words;
        println!(
            "{}",
            serde_json::json!({"questions": n, "rare": w.rare, "two": w.two, "common": w.common, "prefix": w.prefix})
        );
        return;
    }
    let full = flag("--bench").is_some();
    let markdown = flag("--markdown").is_some();
    let n: usize = flag("--questions")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(if full { 100_000 } else { 2_000 });
    let runs = if full { 41 } else { 3 };

    let bank = generate(n);
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    write_packs(&packs, &bank);
    let db = Db::open(&dir.path().join("onsite.db")).unwrap();

    let t = Instant::now();
    let report = pack_loader::load_bank(&db, &packs, NOW).unwrap();
    let load = t.elapsed();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.questions as usize >= n, "{report:?}");
    let t = Instant::now();
    let again = pack_loader::load_bank(&db, &packs, NOW).unwrap();
    let unchanged = t.elapsed();
    assert!(again.loaded.is_empty(), "an unchanged bank loads nothing");
    // The same second start on a database holding the bundled packs alone.
    let small = tempfile::tempdir().unwrap();
    let small_db = Db::open(&small.path().join("onsite.db")).unwrap();
    let no_packs = small.path().join("packs");
    pack_loader::load_bank(&small_db, &no_packs, NOW).unwrap();
    let t = Instant::now();
    pack_loader::load_bank(&small_db, &no_packs, NOW).unwrap();
    let bundled_only = t.elapsed();

    let w = &bank.words;
    let shapes = [
        (format!("a rare word ({})", w.rare), Some(w.rare.clone())),
        (format!("two words ({})", w.two), Some(w.two.clone())),
        (
            format!("a common word ({})", w.common),
            Some(w.common.clone()),
        ),
        (
            format!("a one-letter prefix ({})", w.prefix),
            Some(w.prefix.clone()),
        ),
        ("the whole bank, unfiltered".into(), None),
    ];
    let mut rows = Vec::new();
    for (what, text) in shapes {
        let filter = QuestionFilter {
            fts: text.as_deref().and_then(fts_query),
            ..Default::default()
        };
        let mut times = Vec::with_capacity(runs);
        let mut count_times = Vec::with_capacity(runs);
        let mut matched = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let page = db.list_questions(&filter, &Window::first(FIRST)).unwrap();
            times.push(t.elapsed());
            assert!(page.len() <= FIRST as usize);
            let t = Instant::now();
            matched = db.count_questions(&filter).unwrap();
            count_times.push(t.elapsed());
            assert!(matched as usize >= page.len());
        }
        times.sort();
        count_times.sort();
        rows.push(Row {
            what: format!("{what}: first {FIRST} rows"),
            matched,
            p50: percentile(&times, 0.5),
            p95: percentile(&times, 0.95),
        });
        rows.push(Row {
            what: format!("{what}: count"),
            matched,
            p50: percentile(&count_times, 0.5),
            p95: percentile(&count_times, 0.95),
        });
    }
    // A window deep in the list, as after dragging the scroll bar to the middle.
    let mut times = Vec::with_capacity(runs);
    let whole = QuestionFilter::default();
    for i in 0..runs {
        let offset = (n as u32 / 2) + i as u32 * 97;
        let t = Instant::now();
        let page = db
            .list_questions(&whole, &Window::at(offset, FIRST))
            .unwrap();
        times.push(t.elapsed());
        assert_eq!(page.len(), FIRST as usize);
    }
    times.sort();
    rows.push(Row {
        what: format!("the whole bank: {FIRST} rows from the middle"),
        matched: n as u32,
        p50: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
    });

    if markdown {
        println!("Backend, {n} generated questions, {runs} runs each (`cargo bench --bench bank_scale`):\n");
        println!("| step | time |\n|---|---|");
        println!("| load the bank into a new database | {} |", ms(load));
        println!("| start again, bank unchanged | {} |", ms(unchanged));
        println!(
            "| start with the bundled packs alone | {} |",
            ms(bundled_only)
        );
        println!("\n| query | rows matched | p50 | p95 |\n|---|---|---|---|");
        for r in &rows {
            println!(
                "| {} | {} | {} | {} |",
                r.what,
                r.matched,
                ms(r.p50),
                ms(r.p95)
            );
        }
    } else {
        println!(
            "{n} questions: load {}, unchanged start {}, bundled only {}",
            ms(load),
            ms(unchanged),
            ms(bundled_only)
        );
        for r in &rows {
            println!(
                "{:<60} {:>7} rows  p50 {:>9}  p95 {:>9}",
                r.what,
                r.matched,
                ms(r.p50),
                ms(r.p95)
            );
        }
    }
}
