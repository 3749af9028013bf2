//! Helpers the integration tests share: the bundled bank, a database in a temporary folder, pack
//! text, fixtures, and importing a file.

// Each test file is its own crate and uses only some of these; the rest would warn as dead code.
#![allow(dead_code)]

use onsite::domain::formats::{self, text, Imported};
use onsite::domain::pack::{self, Pack, PackError, Question};
use onsite::storage::Db;
use proptest::prelude::*;
use std::path::Path;
use tempfile::TempDir;

/// Makes `path` a database too large to check as it opens: the bundled bank and filler rows.
pub fn large_database(path: &Path) {
    {
        let db = Db::open(path).unwrap();
        onsite::services::pack_loader::sync(
            &db,
            &onsite::services::pack_loader::bundled_sources(),
            0,
        )
        .unwrap();
    }
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute_batch(
        "CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24000)
         INSERT INTO filler (body) SELECT printf('%.900c', 'x') || i FROM n;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    drop(raw);
    let size = std::fs::metadata(path).unwrap().len();
    assert!(size > onsite::storage::CHECK_AT_OPEN_UP_TO, "{size} bytes");
}

/// Puts garbage over a page in the middle of a [`large_database`]'s filler rows: a start does not
/// read it, only the full check does.
pub fn damage_a_middle_page(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096 * (bytes.len() / 4096 / 2);
    let mut rng = fastrand::Rng::with_seed(3);
    for b in &mut bytes[page..page + 4096] {
        *b = rng.u8(..);
    }
    std::fs::write(path, &bytes).unwrap();
}

/// The bundled packs, parsed (in file order).
pub fn bundled_packs() -> Vec<Pack> {
    onsite::services::pack_loader::bundled_packs()
        .unwrap_or_else(|e| panic!("bundled packs do not parse: {e:?}"))
}

/// Every bundled question, in pack order.
pub fn bundled() -> Vec<Question> {
    onsite::services::pack_loader::bundled_questions()
}

/// A new database in its own temporary folder, which lives as long as the `TempDir`.
pub fn temp_db() -> (TempDir, Db) {
    let dir = TempDir::new().unwrap();
    let db = Db::open(&dir.path().join("onsite.db")).unwrap();
    (dir, db)
}

/// A pack file holding `questions` as `(id, prompt)`: easy 3-minute concept questions at level
/// mle in category "Cat", one key a line.
pub fn pack_text(id: &str, questions: &[(&str, &str)]) -> String {
    let mut s = format!("[pack]\nid = \"{id}\"\ntitle = \"{id}\"\nlevel = \"mle\"\nsource = \"test\"\nlicense = \"CC0-1.0\"\n");
    for (qid, prompt) in questions {
        s += &format!(
            "\n[[question]]\nid = \"{qid}\"\ncategory = \"Cat\"\nkind = \"concept\"\ndifficulty = \"easy\"\nminutes = 3\nprompt = \"{prompt}\"\n"
        );
    }
    s
}

/// The bytes of `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Imports a file that must import.
pub fn import(file: &str, bytes: &[u8]) -> Imported {
    formats::import(file, bytes, &[]).unwrap_or_else(|e| panic!("{file} does not import: {e:#?}"))
}

/// Imports a file that must not import, for its errors.
pub fn import_errors(file: &str, text: &str) -> Vec<PackError> {
    match formats::import(file, text.as_bytes(), &[]) {
        Ok(i) => panic!("{file} imported, but should not have: {:?}", i.pack),
        Err(errors) => errors,
    }
}

/// What every import keeps, whatever the file holds: it does not panic, and it gives either
/// questions the bank can use or errors, and every line it names is inside the file.
pub fn check_import(file: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let lines = match text::decode(file, bytes) {
        Ok(t) => t.split('\n').count(),
        Err(_) => bytes.iter().filter(|&&b| b == b'\n').count() + 1,
    };
    let in_file = |line: usize| (1..=lines + 1).contains(&line);
    let located = |errors: &[PackError]| -> Result<(), TestCaseError> {
        for e in errors {
            prop_assert_eq!(&e.file, file);
            prop_assert!(
                in_file(e.line),
                "line {} of {} lines: {:?}",
                e.line,
                lines,
                e
            );
        }
        Ok(())
    };
    match formats::import(file, bytes, &[]) {
        Ok(imported) => {
            prop_assert!(!imported.pack.questions.is_empty());
            prop_assert!(pack::id_problem(&imported.pack.id).is_none());
            for q in &imported.pack.questions {
                prop_assert!(pack::id_problem(&q.id).is_none(), "{:?}", q.id);
                prop_assert!(!q.prompt.trim().is_empty());
                prop_assert!(in_file(q.line), "line {} of {} lines", q.line, lines);
            }
            located(&imported.warnings)?;
        }
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            located(&errors)?;
        }
    }
    Ok(())
}

/// Seven answers to each of the first `questions` questions of `level` (by id), written to the log
/// as the app writes them, from `start_ms` on: the gap doubles after each one recalled and falls
/// back to a day after each one forgotten, and recall fades faster than for FSRS's average user.
/// Returns the questions' ids.
pub fn seed_forgetful_log(
    db_path: &Path,
    level: &str,
    questions: usize,
    start_ms: i64,
) -> Vec<String> {
    const DAY: i64 = 86_400_000;
    let conn = rusqlite::Connection::open(db_path).unwrap();
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM questions WHERE level = ?1 ORDER BY id LIMIT ?2")
        .unwrap()
        .query_map(rusqlite::params![level, questions], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rng = fastrand::Rng::with_seed(11);
    for id in &ids {
        let (mut at, mut gap) = (start_ms, 1);
        let mut rating = "good";
        for _ in 0..7 {
            conn.execute(
                "INSERT INTO reviews (question_id, at, suggested, rating, key_points, covered, \
                 red_flags, flags_hit, used_ms, budget_ms) VALUES (?1, ?2, ?3, ?3, 4, '[0]', 0, '[]', 0, 0)",
                rusqlite::params![id, at, rating],
            )
            .unwrap();
            at += gap * DAY;
            let recalled = rng.f32() < 0.95f32.powi(gap as i32);
            (rating, gap) = if recalled {
                ("good", gap * 2)
            } else {
                ("again", 1)
            };
        }
    }
    ids
}
