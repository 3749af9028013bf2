//! The database on real files in a temporary directory: schema, notes and revisions, loading packs,
//! and search.

mod common;

use common::{bundled, damage_a_middle_page, large_database, pack_text, temp_db};
use onsite::domain::search::fts_query;
use onsite::services::pack_loader::{self as bank, Origin, PackSource};
use onsite::storage::{Db, NoteKey, QuestionFilter, Window};
use tempfile::TempDir;

fn src(file: &str, text: String) -> PackSource {
    PackSource {
        origin: Origin::Folder,
        file: file.into(),
        text: text.into(),
        stamp: None,
        hash: None,
    }
}

fn prompts(db: &Db) -> Vec<String> {
    db.list_questions(&QuestionFilter::default(), &Window::at(0, Window::MAX))
        .unwrap()
        .into_iter()
        .map(|q| q.prompt)
        .collect()
}

#[test]
fn migrations_validate_and_pragmas_are_set() {
    onsite::storage::migrations().validate().unwrap();
    let (_dir, db) = temp_db();
    let migrations = std::fs::read_dir("src-tauri/storage/migrations")
        .unwrap()
        .count() as i64;
    assert_eq!(
        db.schema_version().unwrap(),
        migrations,
        "every migration ran"
    );
    assert_eq!(db.pragma("journal_mode").unwrap(), "wal");
    assert_eq!(db.pragma("foreign_keys").unwrap(), "1");
    assert_eq!(db.pragma("synchronous").unwrap(), "2", "FULL");
}

#[test]
fn notes_round_trip_across_reopen_and_keep_every_revision() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    {
        let db = Db::open(&path).unwrap();
        bank::sync(
            &db,
            &[src(
                "a.toml",
                pack_text("a", &[("q1", "What is overfitting?")]),
            )],
            1,
        )
        .unwrap();
        assert!(db.save_note("q1", "first", 10).unwrap().changed);
        assert!(db.save_note("q1", "second", 20).unwrap().changed);
        assert!(
            !db.save_note("q1", "second", 30).unwrap().changed,
            "the same text is not a new revision"
        );
    }
    let db = Db::open(&path).unwrap();
    let note = db.note("q1").unwrap().unwrap();
    assert_eq!((note.body.as_str(), note.updated_at), ("second", 20));
    let revs = db.note_revisions("q1").unwrap();
    assert_eq!(
        revs.iter().map(|r| r.body.as_str()).collect::<Vec<_>>(),
        ["second", "first"]
    );

    assert_eq!(db.restore_note("q1", revs[1].id, 40).unwrap().0, "first");
    assert_eq!(db.note("q1").unwrap().unwrap().body, "first");
    assert_eq!(
        db.note_revisions("q1").unwrap().len(),
        3,
        "a restore is itself a revision"
    );
    assert_eq!(db.recent_notes(None, 10).unwrap()[0].revisions, 3);
}

#[test]
fn notes_on_unknown_questions_or_revisions_are_not_found() {
    let (_dir, db) = temp_db();
    assert_eq!(
        db.save_note("nope", "x", 1).unwrap_err().code(),
        "not_found"
    );
    bank::sync(&db, &[src("a.toml", pack_text("a", &[("q1", "Q?")]))], 1).unwrap();
    assert_eq!(
        db.restore_note("q1", 999, 2).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn loading_is_idempotent_and_skips_unchanged_files() {
    let (_dir, db) = temp_db();
    let sources = [src(
        "a.toml",
        pack_text("a", &[("q1", "One?"), ("q2", "Two?")]),
    )];
    let first = bank::sync(&db, &sources, 1).unwrap();
    assert_eq!(
        (first.loaded.len(), first.unchanged, first.questions),
        (1, 0, 2)
    );
    let second = bank::sync(&db, &sources, 2).unwrap();
    assert_eq!(
        (second.loaded.len(), second.unchanged, second.questions),
        (0, 1, 2)
    );
    assert_eq!(prompts(&db), ["One?", "Two?"]);
}

#[test]
fn edits_update_and_removed_questions_are_hidden_with_their_notes_kept() {
    let (_dir, db) = temp_db();
    let both = [src(
        "a.toml",
        pack_text("a", &[("q1", "One?"), ("q2", "Two?")]),
    )];
    bank::sync(&db, &both, 1).unwrap();
    db.save_note("q2", "my answer", 5).unwrap();

    let report = bank::sync(
        &db,
        &[src("a.toml", pack_text("a", &[("q1", "One, edited?")]))],
        2,
    )
    .unwrap();
    assert_eq!(report.loaded, ["a"]);
    assert_eq!(prompts(&db), ["One, edited?"]);
    let q2 = db.question("q2").unwrap();
    assert!(q2.hidden);
    assert_eq!(db.note("q2").unwrap().unwrap().body, "my answer");

    // It comes back, note and all, when it returns to the pack.
    bank::sync(&db, &both, 3).unwrap();
    assert!(!db.question("q2").unwrap().hidden);
    assert!(db.question("q2").unwrap().summary.has_note);
}

#[test]
fn a_deleted_pack_file_hides_its_questions() {
    let (_dir, db) = temp_db();
    let a = src("a.toml", pack_text("a", &[("q1", "One?")]));
    let b = src("b.toml", pack_text("b", &[("q2", "Two?")]));
    bank::sync(&db, &[a.clone(), b], 1).unwrap();
    bank::sync(&db, &[a], 2).unwrap();
    assert_eq!(prompts(&db), ["One?"]);
}

#[test]
fn a_broken_pack_is_reported_and_the_others_still_load() {
    let (_dir, db) = temp_db();
    let broken =
        pack_text("b", &[("q2", "Two?")]).replace("kind = \"concept\"", "kind = \"essay\"");
    let report = bank::sync(
        &db,
        &[
            src("a.toml", pack_text("a", &[("q1", "One?")])),
            src("b.toml", broken),
        ],
        1,
    )
    .unwrap();
    assert_eq!(report.loaded, ["a"]);
    assert_eq!(report.errors.len(), 1);
    let e = &report.errors[0];
    assert_eq!(
        (e.file.as_str(), e.line, e.field.as_deref()),
        ("b.toml", 11, Some("kind"))
    );
    assert_eq!(prompts(&db), ["One?"]);
    // A broken file is not remembered as loaded: it is checked again next time.
    assert_eq!(
        bank::sync(&db, &[src("b.toml", pack_text("b", &[("q2", "Two?")]))], 2)
            .unwrap()
            .loaded,
        ["b"]
    );
}

#[test]
fn ids_clashing_with_another_pack_are_refused() {
    let (_dir, db) = temp_db();
    let a = src("a.toml", pack_text("a", &[("q1", "One?")]));
    let dup_question = src(
        "b.toml",
        pack_text("b", &[("q9", "Nine?"), ("q1", "Also one?")]),
    );
    let dup_pack = src("c.toml", pack_text("a", &[("q5", "Five?")]));
    let report = bank::sync(&db, &[a, dup_question, dup_pack], 1).unwrap();
    assert_eq!(report.loaded, ["a"]);
    let msgs: Vec<_> = report.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        msgs[0].starts_with("b.toml:17: id: question id \"q1\""),
        "{msgs:?}"
    );
    assert!(
        msgs[1].starts_with("c.toml:1: id: pack id \"a\""),
        "{msgs:?}"
    );
    assert_eq!(prompts(&db), ["One?"]);
}

#[test]
fn an_oversized_pack_file_is_reported_unread_and_the_others_load() {
    use onsite::services::file_reads::MAX_FILE_BYTES;
    let (dir, db) = temp_db();
    let packs = dir.path().join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    std::fs::write(packs.join("a.toml"), pack_text("a", &[("a-1", "One?")])).unwrap();
    let big = packs.join("big.toml");
    std::fs::write(&big, pack_text("b", &[("b-1", "Two?")])).unwrap();
    bank::load_bank(&db, &packs, 0).unwrap();
    assert!(prompts(&db).contains(&"Two?".to_string()));
    // Grown sparse to three times the limit on paper, with no space taken on disk.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(3 * MAX_FILE_BYTES)
        .unwrap();
    std::fs::write(
        packs.join("a.toml"),
        pack_text("a", &[("a-1", "One, again?")]),
    )
    .unwrap();
    let report = bank::load_bank(&db, &packs, 1).unwrap();
    let mb = MAX_FILE_BYTES / 1_000_000;
    let msgs: Vec<_> = report.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        msgs,
        [format!(
            "{}:1: big.toml is {} MB; Onsite reads files up to {mb} MB",
            big.display(),
            3 * mb
        )]
    );
    assert_eq!(report.loaded, ["a"], "the other pack loads");
    let prompts = prompts(&db);
    assert!(prompts.contains(&"One, again?".to_string()), "{prompts:?}");
    assert!(
        !prompts.contains(&"Two?".to_string()),
        "an unread file's questions leave the bank, as a removed file's do: {prompts:?}"
    );
}

#[test]
fn the_bundled_bank_loads_into_the_database() {
    let (dir, db) = temp_db();
    let report = bank::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let questions = bundled();
    assert_eq!(report.questions as usize, questions.len());
    let cats = db.categories().unwrap();
    let distinct: std::collections::HashSet<_> = questions
        .iter()
        .map(|q| (q.level.as_str(), q.category.as_str()))
        .collect();
    assert_eq!(cats.len(), distinct.len());
    assert_eq!(
        cats.iter().map(|c| c.count as usize).sum::<usize>(),
        questions.len()
    );
    let seed = db.question("mle-fund-overfitting-prevent").unwrap();
    assert!(
        seed.seed && !seed.guide.key_points.is_empty(),
        "guides reach the database"
    );
}

#[test]
fn search_finds_prompts_and_notes_as_you_type_and_respects_filters() {
    let (dir, db) = temp_db();
    bank::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    let search = |text: &str, filter: QuestionFilter| {
        db.list_questions(
            &QuestionFilter {
                fts: fts_query(text),
                ..filter
            },
            &Window::at(0, Window::MAX),
        )
        .unwrap()
    };
    let hits = search("overfi", QuestionFilter::default());
    assert!(
        hits.iter().any(|q| q.id == "mle-fund-overfitting-prevent"),
        "prefix matches while typing"
    );

    db.save_note(
        "mle-fund-bias-variance-tradeoff",
        "Think of a dartboard: zanzibar spread",
        1,
    )
    .unwrap();
    let hits = search("zanzib", QuestionFilter::default());
    assert_eq!(hits.len(), 1);
    assert!(hits[0]
        .note_snippet
        .as_deref()
        .unwrap()
        .contains("\u{1}zanzibar\u{2}"));

    let senior = QuestionFilter {
        level: Some(onsite::domain::pack::Level::Senior),
        ..Default::default()
    };
    let hits = search("recommendation", senior);
    assert!(hits
        .iter()
        .any(|q| q.id == "smle-design-large-scale-recommendation"));
    assert!(hits.iter().all(|q| q.level == "senior"));
    assert_eq!(
        search("\" * (", QuestionFilter::default()).len(),
        bundled().len(),
        "punctuation alone searches nothing"
    );
}

#[test]
fn a_pack_indexed_in_bulk_searches_like_one_indexed_question_by_question() {
    let (dir, db) = temp_db();
    let find = |text: &str| -> Vec<String> {
        let f = QuestionFilter {
            fts: fts_query(text),
            ..Default::default()
        };
        let mut ids: Vec<String> = db
            .list_questions(&f, &Window::at(0, Window::MAX))
            .unwrap()
            .into_iter()
            .map(|q| q.id)
            .collect();
        ids.sort();
        ids
    };
    let pack = |qs: &[(&str, &str)]| [src("a.toml", pack_text("a", qs))];
    bank::sync(
        &db,
        &pack(&[("q1", "Quokka one?"), ("q2", "Quokka two?")]),
        1,
    )
    .unwrap();
    db.save_note("q2", "a wombat note", 2).unwrap();
    assert_eq!(find("quokka"), ["q1", "q2"]);

    // Edited, dropped and added in one load: the index follows, and keeps the note.
    bank::sync(
        &db,
        &pack(&[("q2", "Numbat two?"), ("q3", "Quokka three?")]),
        3,
    )
    .unwrap();
    assert_eq!(find("quokka"), ["q3"]);
    assert_eq!(find("numbat"), ["q2"]);
    assert_eq!(find("wombat"), ["q2"]);
    assert!(
        find("one").is_empty(),
        "a dropped question leaves the index"
    );

    // Questions written one at a time (a note, a pack retired) still go through the triggers.
    db.save_note("q3", "a bilby note", 4).unwrap();
    assert_eq!(find("bilby"), ["q3"]);
    bank::sync(&db, &[], 5).unwrap();
    assert!(find("quokka").is_empty() && find("wombat").is_empty());

    // The index holds the visible questions, each once, and the flag is never left behind.
    let raw = rusqlite::Connection::open(dir.path().join("onsite.db")).unwrap();
    let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM search"),
        count("SELECT count(*) FROM questions WHERE hidden = 0")
    );
    assert_eq!(count("SELECT count(*) FROM search_deferred"), 0);
}

#[test]
fn recent_notes_come_in_pages_that_neither_skip_nor_repeat() {
    let (dir, db) = temp_db();
    bank::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    // Three notes saved in the same millisecond: the question id orders them.
    for (q, at) in bundled().iter().zip([5, 5, 5, 3, 9, 1, 7]) {
        db.save_note(&q.id, "a note", at).unwrap();
    }
    let whole = db.recent_notes(None, 100).unwrap();
    let times: Vec<i64> = whole.iter().map(|n| n.updated_at).collect();
    assert_eq!(times, [9, 7, 5, 5, 5, 3, 1]);
    let (mut paged, mut before) = (Vec::new(), None);
    loop {
        let page = db.recent_notes(before.as_ref(), 2).unwrap();
        let Some(last) = page.last() else { break };
        before = Some(NoteKey {
            updated_at: last.updated_at,
            question_id: last.question_id.clone(),
        });
        paged.extend(page);
    }
    assert_eq!(paged, whole);
}

#[test]
fn filters_narrow_the_list() {
    let (dir, db) = temp_db();
    bank::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    use onsite::domain::pack::{Difficulty, Kind, Level};
    let coding = db
        .list_questions(
            &QuestionFilter {
                kind: Some(Kind::Coding),
                ..Default::default()
            },
            &Window::at(0, Window::MAX),
        )
        .unwrap();
    assert_eq!(
        coding.len(),
        bundled().iter().filter(|q| q.kind == Kind::Coding).count()
    );
    assert!(coding.iter().all(|q| q.kind == "coding"));
    let f = QuestionFilter {
        level: Some(Level::Mle),
        category: Some("Neural Networks & Deep Learning".into()),
        difficulty: Some(Difficulty::Hard),
        ..Default::default()
    };
    let hits = db.list_questions(&f, &Window::at(0, Window::MAX)).unwrap();
    assert!(
        !hits.is_empty()
            && hits
                .iter()
                .all(|q| q.difficulty == "hard" && q.category == "Neural Networks & Deep Learning")
    );
}

#[test]
fn the_list_shows_each_category_once_in_bank_order() {
    let (dir, db) = temp_db();
    bank::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    let list = db
        .list_questions(&QuestionFilter::default(), &Window::at(0, Window::MAX))
        .unwrap();
    let mut groups: Vec<(String, String)> = Vec::new();
    for q in &list {
        let g = (q.level.clone(), q.category.clone());
        if groups.last() != Some(&g) {
            assert!(!groups.contains(&g), "{g:?} appears in two places");
            groups.push(g);
        }
    }
    assert_eq!(
        groups[0].1, "Machine Learning Fundamentals",
        "the seed's order comes first"
    );
    assert_eq!(
        list[0].id,
        "mle-fund-difference-supervised-unsupervised-reinforcement"
    );
    let cats: Vec<_> = db
        .categories()
        .unwrap()
        .into_iter()
        .map(|c| (c.level, c.name))
        .collect();
    assert_eq!(
        cats, groups,
        "the filter lists categories in the same order"
    );
}

#[test]
fn a_backup_is_one_self_contained_file_and_restores_older_but_not_newer_data() {
    let (dir, db) = temp_db();
    bank::sync(&db, &bank::bundled_sources(), 1).unwrap();
    db.save_note("mle-fund-overfitting-prevent", "from the backup", 2)
        .unwrap();
    let backup = dir.path().join("b.sqlite");
    db.backup_to(&backup).unwrap();
    // Bytes 18 and 19 of the header are 2 in WAL mode, which needs side files; 1 is rollback mode.
    let header = std::fs::read(&backup).unwrap();
    assert_eq!((header[18], header[19]), (1, 1), "the backup is one file");

    // A backup from an older schema is migrated as it is restored, and what it replaces is kept.
    let old = rusqlite::Connection::open(&backup).unwrap();
    old.execute_batch(
        "DROP TABLE bank_order; \
         DROP TABLE bank_categories; ALTER TABLE pack_sources DROP COLUMN size; ALTER TABLE pack_sources DROP COLUMN modified_ns; \
         DROP TRIGGER questions_hidden; DROP TRIGGER questions_shown; DROP TABLE search_terms; \
         DROP TABLE reviews; DROP TABLE schedules; DROP INDEX round_answers_by_question; \
         ALTER TABLE round_answers DROP COLUMN question_id; ALTER TABLE rounds DROP COLUMN cram; \
         ALTER TABLE note_revisions DROP COLUMN sealed; ALTER TABLE questions DROP COLUMN edited_at; ALTER TABLE packs DROP COLUMN removed_at; \
         ALTER TABLE packs DROP COLUMN format; ALTER TABLE packs DROP COLUMN imported_from; \
         ALTER TABLE questions DROP COLUMN drill; DROP TABLE drill_code; ALTER TABLE round_answers DROP COLUMN run; \
         DROP TABLE import_readings; \
         ALTER TABLE packs DROP COLUMN editable; DROP TABLE search_deferred; DROP INDEX notes_by_time; \
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(old);
    let (dir2, fresh) = temp_db();
    bank::sync(&fresh, &bank::bundled_sources(), 1).unwrap();
    fresh
        .save_note("mle-fund-overfitting-prevent", "written here", 3)
        .unwrap();
    let previous = dir2.path().join("previous.sqlite");
    fresh.restore_from(&backup, &previous).unwrap();
    let note = |db: &Db| {
        db.note("mle-fund-overfitting-prevent")
            .unwrap()
            .unwrap()
            .body
    };
    assert_eq!(note(&fresh), "from the backup");
    assert_eq!(fresh.schema_version().unwrap(), 12);
    assert_eq!(fresh.pragma("journal_mode").unwrap(), "wal");
    assert_eq!(
        note(&Db::open(&previous).unwrap()),
        "written here",
        "the replaced data is kept"
    );

    // One from a newer Onsite is refused, and nothing changes.
    fresh
        .save_note("mle-fund-overfitting-prevent", "newest", 4)
        .unwrap();
    rusqlite::Connection::open(&backup)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = fresh
        .restore_from(&backup, &dir2.path().join("p2.sqlite"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("newer Onsite"), "{err}");
    assert_eq!(note(&fresh), "newest");
    assert_eq!(fresh.schema_version().unwrap(), 12);
}

#[test]
fn answers_written_before_reviews_learn_their_question_and_a_damaged_round_does_not_stop_the_upgrade(
) {
    use onsite::domain::round::{Round, Slot};
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    onsite::storage::migrations()
        .to_version(&mut conn, 5)
        .unwrap();
    let slot = |id: &str| Slot::Question {
        question_id: id.into(),
        budget_ms: 60_000,
        hard_limit_ms: None,
        phases: vec![],
    };
    let round = Round::new(vec![slot("q-a"), slot("q-b")], None);
    conn.execute(
        "INSERT INTO rounds (id, template_id, title, state, status, started_at, updated_at) \
         VALUES (1, 'custom', 'Old', ?1, 'finished', 1, 2), (2, 'custom', 'Damaged', 'null', 'finished', 3, 4)",
        [serde_json::to_string(&round).unwrap()],
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO round_answers (round_id, position, body, updated_at) VALUES \
         (1, 0, 'first answer', 2), (1, 1, 'second answer', 2), (2, 0, 'kept anyway', 4);",
    )
    .unwrap();
    drop(conn);

    let db = Db::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), 12);
    let previous = db.previous_answer("q-b", 10).unwrap().unwrap();
    assert_eq!((previous.round_id, previous.index), (1, 1));
    assert_eq!(previous.body, "second answer");
    let raw = rusqlite::Connection::open(&path).unwrap();
    let damaged: (Option<String>, String) = raw
        .query_row(
            "SELECT question_id, body FROM round_answers WHERE round_id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(damaged, (None, "kept anyway".into()));
    let cram: bool = raw
        .query_row("SELECT cram FROM rounds WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert!(!cram, "rounds from before are scheduled as usual");
}

// ---- Damaged databases: found before anything is changed, and read back where they can be ----

use onsite::error::Error;
use onsite::services::backups::{self as backup_files, Kind};
use onsite::services::recovery::{self, Choice};
use onsite::storage::Damage;

/// A database in `dir` holding notes on two questions, closed cleanly.
fn database_with_notes(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("onsite.db");
    let db = Db::open(&path).unwrap();
    bank::sync(
        &db,
        &[src(
            "a.toml",
            pack_text("a", &[("q1", "What is bias?"), ("q2", "What is variance?")]),
        )],
        1,
    )
    .unwrap();
    db.save_note("q1", "bias note", 10).unwrap();
    db.save_note("q2", "variance note", 20).unwrap();
    path
}

/// Every file in `dir` (recursively) with its bytes, to show nothing was changed or lost.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            for (k, v) in files(&p) {
                out.insert(
                    format!("{}/{k}", p.file_name().unwrap().to_string_lossy()),
                    v,
                );
            }
        } else {
            out.insert(
                p.file_name().unwrap().to_string_lossy().into(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    out
}

fn damage(path: &std::path::Path) -> Damage {
    match Db::open(path) {
        Err(Error::Damaged(d)) => d,
        Err(e) => panic!("expected damage, got {e}"),
        Ok(_) => panic!("a damaged database opened"),
    }
}

#[test]
fn truncated_overwritten_and_foreign_files_are_damage_and_are_left_as_found() {
    type Spoil = fn(&mut Vec<u8>);
    let cases: [(&str, Spoil); 4] = [
        ("truncated", |b| b.truncate(b.len() / 2 + 100)),
        ("garbage over the header", |b| b[..100].fill(0xA5)),
        ("a text file", |b| *b = b"just some notes\n".repeat(50)),
        ("random bytes over one page", |b| {
            let page = 4096 * 2;
            for (i, x) in b[page..page + 4096].iter_mut().enumerate() {
                *x = (i * 7919 % 251) as u8;
            }
        }),
    ];
    for (what, spoil) in cases {
        let dir = TempDir::new().unwrap();
        let path = database_with_notes(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        spoil(&mut bytes);
        std::fs::write(&path, &bytes).unwrap();
        let before = files(dir.path());
        assert!(
            matches!(damage(&path), Damage::Unreadable(_)),
            "{what}: {:?}",
            damage(&path)
        );
        assert_eq!(files(dir.path()), before, "{what}: nothing changed on disk");
    }
}

#[test]
fn an_empty_or_missing_database_beside_a_log_is_damage_and_the_log_is_kept() {
    for empty in [true, false] {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("onsite.db");
        std::fs::write(onsite::storage::side_file(&path, "-wal"), vec![7u8; 5000]).unwrap();
        if empty {
            std::fs::write(&path, b"").unwrap();
        }
        let before = files(dir.path());
        assert_eq!(damage(&path), Damage::OrphanLog);
        assert_eq!(files(dir.path()), before, "the log is kept as it was");
    }
}

#[test]
fn a_database_from_a_newer_onsite_is_not_opened() {
    let dir = TempDir::new().unwrap();
    let path = database_with_notes(dir.path());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(damage(&path), Damage::Newer { version: 99, .. }));
}

/// The files of a database mid-session, as a crash would leave them: every change still in the
/// log, none yet copied into the database file.
fn crashed_copy(into: &std::path::Path) -> std::path::PathBuf {
    let live = TempDir::new().unwrap();
    let path = live.path().join("onsite.db");
    let db = Db::open(&path).unwrap();
    bank::sync(
        &db,
        &[src("a.toml", pack_text("a", &[("q1", "What is bias?")]))],
        1,
    )
    .unwrap();
    db.save_note("q1", "written just before the crash", 10)
        .unwrap();
    let copy = into.join("onsite.db");
    std::fs::copy(&path, &copy).unwrap();
    let wal = onsite::storage::side_file(&path, "-wal");
    std::fs::copy(&wal, onsite::storage::side_file(&copy, "-wal")).unwrap();
    drop(db);
    copy
}

#[test]
fn notes_in_a_log_beside_an_emptied_database_are_recovered() {
    let dir = TempDir::new().unwrap();
    let path = crashed_copy(dir.path());
    std::fs::write(&path, b"").unwrap();
    assert_eq!(damage(&path), Damage::OrphanLog);
    let before = files(dir.path());

    let applied = recovery::apply(Choice::Salvage, dir.path(), 1_000).unwrap();
    assert!(
        applied.message.contains("Recovered 1 note,"),
        "{}",
        applied.message
    );
    let db = Db::open(&path).unwrap();
    assert_eq!(
        db.note("q1").unwrap().unwrap().body,
        "written just before the crash"
    );
    // The damaged files are all kept, byte for byte, in the folder named in the message.
    let aside = applied.set_aside.unwrap();
    assert!(applied.message.contains(&aside));
    let kept = files(std::path::Path::new(&aside));
    for (name, bytes) in before {
        assert_eq!(kept.get(&name), Some(&bytes), "{name} kept as it was");
    }
}

#[test]
fn rows_past_a_damaged_page_are_recovered_and_the_original_is_kept() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    {
        let db = Db::open(&path).unwrap();
        bank::sync(&db, &bank::bundled_sources(), 1).unwrap();
        let ids: Vec<String> = db
            .list_questions(&QuestionFilter::default(), &Window::at(0, Window::MAX))
            .unwrap()
            .into_iter()
            .map(|q| q.id)
            .collect();
        for (i, id) in ids.iter().enumerate() {
            db.save_note(id, &format!("note {i} {}", "words ".repeat(40)), 10)
                .unwrap();
        }
    }
    let notes_before = onsite::storage::contents(&path).unwrap().notes;
    // Spoil one b-tree page from the middle of the file on (one SQLite reads at every check, where
    // an overflow or free page would pass unnoticed).
    let mut bytes = std::fs::read(&path).unwrap();
    let page = (bytes.len() / 4096 / 2..bytes.len() / 4096)
        .map(|n| n * 4096)
        .find(|&at| matches!(bytes[at], 0x02 | 0x05 | 0x0A | 0x0D))
        .expect("a b-tree page in the second half");
    bytes[page + 8..page + 4096].fill(0xEE);
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(damage(&path), Damage::Unreadable(_)));

    let applied = recovery::apply(Choice::Salvage, dir.path(), 2_000).unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(
        db.integrity_check().unwrap(),
        None,
        "the new database is sound"
    );
    let notes_after = onsite::storage::contents(&path).unwrap().notes;
    assert!(
        notes_after * 10 >= notes_before * 8,
        "most notes recovered: {notes_after} of {notes_before} ({})",
        applied.message
    );
    let kept = std::path::Path::new(applied.set_aside.as_deref().unwrap()).join("onsite.db");
    assert_eq!(
        std::fs::read(kept).unwrap(),
        bytes,
        "the damaged file kept as it was"
    );
}

#[test]
fn restoring_the_latest_backup_sets_the_damaged_files_aside_first() {
    let dir = TempDir::new().unwrap();
    let path = database_with_notes(dir.path());
    let backups = dir.path().join("backups");
    backup_files::make(&path, &backups, Kind::Auto, 5_000).unwrap();
    std::fs::write(&path, b"not a database").unwrap();
    let (latest, contents) = backup_files::latest_good(&backups).unwrap().unwrap();
    assert_eq!((latest.made_at, contents.notes), (5_000, 2));

    let applied = recovery::apply(Choice::RestoreLatest, dir.path(), 6_000).unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(db.note("q2").unwrap().unwrap().body, "variance note");
    let kept = std::path::Path::new(applied.set_aside.as_deref().unwrap()).join("onsite.db");
    assert_eq!(std::fs::read(kept).unwrap(), b"not a database");
}

#[test]
fn automatic_backups_are_thinned_out_and_no_other_file_is_touched() {
    let dir = TempDir::new().unwrap();
    let path = database_with_notes(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(backups.join("my-own-copy.sqlite"), b"mine").unwrap();
    backup_files::make(&path, &backups, Kind::BeforeMigration, 1).unwrap();
    // Every 30 minutes for two days.
    let start = 1_796_212_800_000_i64;
    for i in 0..96 {
        backup_files::make(&path, &backups, Kind::Auto, start + i * 1_800_000).unwrap();
    }
    let list = backup_files::list(&backups).unwrap();
    let auto: Vec<i64> = list
        .iter()
        .filter(|b| b.kind == Kind::Auto)
        .map(|b| b.made_at)
        .collect();
    // Noon on day one to noon on day three: the newest three, and the newest of each earlier day.
    let hour = 3_600_000;
    assert_eq!(
        auto,
        vec![
            start + 95 * 1_800_000,
            start + 94 * 1_800_000,
            start + 93 * 1_800_000,
            start + 35 * hour + hour / 2,
            start + 11 * hour + hour / 2,
        ]
    );
    assert!(list.iter().any(|b| b.kind == Kind::BeforeMigration));
    assert_eq!(
        std::fs::read(backups.join("my-own-copy.sqlite")).unwrap(),
        b"mine"
    );
    // Each is a whole database on its own, with no side files.
    let one = std::path::Path::new(&list[0].path);
    onsite::storage::check_backup(one).unwrap();
    assert!(!onsite::storage::side_file(one, "-wal").exists());
}

#[test]
fn a_way_out_that_cannot_be_taken_leaves_the_folder_as_it_was() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    std::fs::write(&path, b"not a database, and no backup beside it").unwrap();
    std::fs::write(onsite::storage::side_file(&path, "-wal"), b"").unwrap();
    let before = files(dir.path());
    let no_backup = recovery::apply(Choice::RestoreLatest, dir.path(), 1).unwrap_err();
    assert!(no_backup.to_string().contains("no backup"), "{no_backup}");
    let nothing = recovery::apply(Choice::Salvage, dir.path(), 2).unwrap_err();
    assert!(nothing.to_string().contains("left as it is"), "{nothing}");
    assert_eq!(
        files(dir.path()),
        before,
        "nothing moved, nothing left behind"
    );
}

#[test]
fn a_recovered_database_loads_every_pack_again_so_lost_questions_come_back() {
    let dir = TempDir::new().unwrap();
    let path = crashed_copy(dir.path());
    std::fs::write(&path, b"").unwrap();
    recovery::apply(Choice::Salvage, dir.path(), 1_000).unwrap();
    let db = Db::open(&path).unwrap();
    // The record of loaded pack files is not carried over: the next start reads them all again.
    bank::sync(
        &db,
        &[src(
            "a.toml",
            pack_text("a", &[("q1", "What is bias?"), ("q9", "Lost?")]),
        )],
        2,
    )
    .unwrap();
    assert!(prompts(&db).contains(&"Lost?".to_string()));
}

/// A pack of `n` questions with the word "zorblax" in every prompt and "quuxly" in one in a hundred.
fn large_pack(n: usize) -> String {
    let qs: Vec<(String, String)> = (0..n)
        .map(|i| {
            let extra = if i % 100 == 0 { "quuxly" } else { "plain" };
            (
                format!("big-{i:05}"),
                format!("Zorblax question {i} {extra}?"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = qs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    pack_text("big", &refs)
}

#[test]
fn lists_come_in_windows_that_seek_and_counts_come_apart() {
    let (dir, db) = temp_db();
    let packs = dir.path().join("packs");
    std::fs::create_dir_all(&packs).unwrap();
    std::fs::write(packs.join("big.toml"), large_pack(2_000)).unwrap();
    bank::load_bank(&db, &packs, 0).unwrap();
    let whole = QuestionFilter::default();
    let n = db.count_questions(&whole).unwrap() as usize;
    assert_eq!(n, bundled().len() + 2_000);

    // No window is larger than the most one may hold, whatever is asked.
    let asked = Window::at(0, 100_000);
    assert_eq!(
        db.list_questions(&whole, &asked).unwrap().len(),
        Window::MAX as usize
    );
    let big = QuestionFilter {
        fts: fts_query("zorblax"),
        ..Default::default()
    };
    assert_eq!(
        db.list_questions(&big, &asked).unwrap().len(),
        Window::MAX as usize
    );
    assert_eq!(db.count_questions(&big).unwrap(), 2_000);

    // Windows tile the list: by offset, or by seeking past the last row seen, the same rows.
    let mut by_offset = Vec::new();
    let mut by_seek = Vec::new();
    let mut after = None;
    for page in 0..(n / 300 + 1) {
        let w = Window::at((page * 300) as u32, 300);
        by_offset.extend(db.list_questions(&whole, &w).unwrap());
        let seek = Window { after, ..w };
        let rows = db.list_questions(&whole, &seek).unwrap();
        after = rows.last().map(|r| r.rank);
        by_seek.extend(rows);
    }
    let ids = |rows: &[onsite::storage::QuestionSummary]| -> Vec<String> {
        rows.iter().map(|r| r.id.clone()).collect()
    };
    assert_eq!(by_offset.len(), n);
    assert_eq!(ids(&by_offset), ids(&by_seek));
    let ranks: Vec<i64> = by_offset.iter().map(|r| r.rank).collect();
    assert_eq!(
        ranks,
        (1..=n as i64).collect::<Vec<_>>(),
        "ranks are dense, in bank order"
    );

    // With a filter, windows still tile, and the count is of the filtered list.
    let big_only = QuestionFilter {
        category: Some("Cat".into()),
        ..Default::default()
    };
    assert_eq!(db.count_questions(&big_only).unwrap(), 2_000);
    let deep = db
        .list_questions(&big_only, &Window::at(1_990, 50))
        .unwrap();
    assert_eq!(deep.len(), 10);
    assert_eq!(deep[9].id, "big-01999");

    // A search with few matches is ranked; with many, it still returns a window at once.
    let rare = QuestionFilter {
        fts: fts_query("quuxly"),
        ..Default::default()
    };
    assert_eq!(db.count_questions(&rare).unwrap(), 20);
    assert_eq!(
        db.list_questions(&rare, &Window::first(50)).unwrap().len(),
        20
    );
    let deep = db.list_questions(&big, &Window::at(1_950, 100)).unwrap();
    assert_eq!(deep.len(), 50, "the last window of a broad search");

    // A hidden question leaves the list, the counts and the search index together.
    std::fs::write(packs.join("big.toml"), large_pack(1_000)).unwrap();
    bank::load_bank(&db, &packs, 1).unwrap();
    assert_eq!(
        db.count_questions(&whole).unwrap() as usize,
        bundled().len() + 1_000
    );
    assert_eq!(db.count_questions(&big).unwrap(), 1_000);
    assert_eq!(db.count_questions(&rare).unwrap(), 10);
    let all = db.list_questions(&whole, &Window::at(0, 500)).unwrap();
    assert_eq!(all.last().unwrap().rank, 500);
}

#[test]
fn a_large_database_opens_at_once_and_damage_found_later_makes_the_next_start_check_in_full() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    large_database(&path);
    assert!(onsite::storage::checked_later(&path));

    // An intact large database: opens, and passes the check made later.
    drop(Db::open(&path).unwrap());
    assert_eq!(onsite::storage::check_in_background(&path).unwrap(), None);

    // Damage in the middle of the filler's rows: the start does not read it...
    damage_a_middle_page(&path);
    drop(Db::open(&path).unwrap());
    // ...the check after it does, and says so in words,
    let found = onsite::storage::check_in_background(&path).unwrap();
    assert!(
        found.as_deref().is_some_and(|w| w.contains("damaged")),
        "{found:?}"
    );
    // and the next start checks in full, so it opens the recovery window instead of the app.
    assert!(matches!(
        Db::open_unmigrated(&path),
        Err(onsite::error::Error::Damaged(Damage::Unreadable(_)))
    ));
}
