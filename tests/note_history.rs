//! Note history: one version per writing session, every save durable, a history list of times and
//! sizes whose texts load one at a time, and the migration that collapses histories kept before.

use onsite::services::pack_loader as bank;
use onsite::storage::{Db, REVISION_PAUSE_MS};
use onsite::Config;
use serde_json::{json, Value};
use tempfile::TempDir;

const Q: &str = "mle-fund-overfitting-prevent";
const OTHER: &str = "mle-fund-difference-supervised-unsupervised-reinforcement";
const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
/// Some moment in 2026, in milliseconds since the epoch.
const T0: i64 = 1_780_000_000_000;

fn open() -> (TempDir, Db) {
    let dir = TempDir::new().unwrap();
    let db = Db::open(&dir.path().join("onsite.db")).unwrap();
    bank::sync(&db, &bank::bundled_sources(), 1).unwrap();
    (dir, db)
}

/// The first `n` words of an answer, as it reads while being typed.
fn words(n: usize) -> String {
    const PROSE: &str = "Overfitting shows as a gap between training and validation loss; \
        regularise with weight decay, dropout, early stopping and more data.";
    let words: Vec<&str> = PROSE.split_whitespace().collect();
    (0..n)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The texts of a note's versions, newest first, each loaded as the UI loads it.
fn bodies(db: &Db, question: &str) -> Vec<String> {
    db.note_history(question, None, Some(200))
        .unwrap()
        .iter()
        .map(|v| db.note_revision(question, v.id).unwrap().body)
        .collect()
}

/// Saves `text` at `now` and checks what the save acknowledged is what reading the note gives.
fn save(db: &Db, text: &str, now: i64) {
    let saved = db.save_note(Q, text, now).unwrap();
    let note = db.note(Q).unwrap().unwrap();
    assert_eq!(
        (note.body.as_str(), note.updated_at),
        (text, saved.updated_at)
    );
}

#[test]
fn half_an_hour_of_typing_without_a_break_is_one_version() {
    let (_dir, db) = open();
    // An autosave every 3 s for 30 minutes, one more word each time.
    for i in 0..600 {
        save(&db, &words(i + 1), T0 + i as i64 * 3 * SECOND);
    }
    let history = db.note_history(Q, None, None).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].saved_at, T0 + 599 * 3 * SECOND);
    assert_eq!(history[0].chars, words(600).chars().count() as i64);
    assert_eq!(bodies(&db, Q), [words(600)]);
    assert_eq!(db.recent_notes(None, 10).unwrap()[0].revisions, 1);
}

#[test]
fn a_pause_of_five_minutes_starts_a_new_version_and_a_shorter_one_does_not() {
    let (_dir, db) = open();
    save(&db, &words(3), T0);
    save(&db, &words(4), T0 + REVISION_PAUSE_MS - 1);
    assert_eq!(bodies(&db, Q), [words(4)], "a shorter pause goes on");
    let resumed = T0 + 2 * REVISION_PAUSE_MS - 1;
    save(&db, &words(5), resumed);
    save(&db, &words(6), resumed + 3 * SECOND);
    assert_eq!(bodies(&db, Q), [words(6), words(4)]);
    let history = db.note_history(Q, None, None).unwrap();
    assert_eq!(
        history.iter().map(|v| v.saved_at).collect::<Vec<_>>(),
        [resumed + 3 * SECOND, T0 + REVISION_PAUSE_MS - 1],
        "each version carries the time of its last save"
    );
}

#[test]
fn leaving_the_note_starts_a_new_version() {
    let (_dir, db) = open();
    db.seal_note(Q).unwrap(); // nothing written yet: nothing to close
    db.seal_note("no-such-question").unwrap();
    save(&db, &words(2), T0);
    save(&db, &words(3), T0 + 2 * SECOND);
    db.seal_note(Q).unwrap();
    db.seal_note(Q).unwrap();
    assert_eq!(
        db.note(Q).unwrap().unwrap().body,
        words(3),
        "sealing keeps the text"
    );
    save(&db, &words(4), T0 + 4 * SECOND);
    save(&db, &words(5), T0 + 6 * SECOND);
    assert_eq!(bodies(&db, Q), [words(5), words(3)]);
    // Leaving one note closes only that one.
    db.save_note(OTHER, "other", T0).unwrap();
    db.seal_note(Q).unwrap();
    db.save_note(OTHER, "other note", T0 + SECOND).unwrap();
    assert_eq!(bodies(&db, OTHER), ["other note"]);
}

#[test]
fn replacing_the_text_or_cutting_a_third_of_it_keeps_the_text_before() {
    let (_dir, db) = open();
    save(&db, &words(20), T0);
    save(&db, &words(18), T0 + 3 * SECOND); // deleting two words is still typing
    assert_eq!(bodies(&db, Q), [words(18)]);
    save(&db, "x", T0 + 6 * SECOND); // everything selected and typed over
    save(&db, "xy", T0 + 9 * SECOND);
    assert_eq!(bodies(&db, Q), ["xy".to_string(), words(18)]);
}

#[test]
fn the_history_lists_times_and_sizes_pages_by_key_and_loads_a_text_when_opened() {
    let (_dir, db) = open();
    let texts = ["é", "éé", "ééé", "éééé", "ééééé"];
    for (i, text) in texts.iter().enumerate() {
        save(&db, text, T0 + i as i64 * SECOND);
        db.seal_note(Q).unwrap();
    }
    let first = db.note_history(Q, None, Some(2)).unwrap();
    assert_eq!(
        first
            .iter()
            .map(|v| (v.saved_at, v.chars))
            .collect::<Vec<_>>(),
        [(T0 + 4 * SECOND, 5), (T0 + 3 * SECOND, 4)],
        "newest first; sizes in characters, not bytes"
    );
    let next = db.note_history(Q, Some(first[1].id), Some(2)).unwrap();
    let last = db.note_history(Q, Some(next[1].id), Some(2)).unwrap();
    let after = db.note_history(Q, Some(last[0].id), Some(2)).unwrap();
    assert_eq!((next.len(), last.len(), after.len()), (2, 1, 0));
    assert_eq!(db.note_history(Q, None, None).unwrap().len(), 5);
    assert_eq!(
        db.note_history(Q, None, Some(0)).unwrap().len(),
        1,
        "a page holds one at least"
    );

    let listed = serde_json::to_value(&first[0]).unwrap();
    let mut keys: Vec<_> = listed.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["chars", "id", "savedAt"],
        "no text in the list: {listed}"
    );

    let opened = db.note_revision(Q, last[0].id).unwrap();
    assert_eq!((opened.body.as_str(), opened.saved_at), ("é", T0));
    assert_eq!(
        db.note_revision(OTHER, last[0].id).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(
        db.note_revision(Q, 999_999).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn a_restore_is_a_new_version_and_the_version_it_replaces_is_kept() {
    let (_dir, db) = open();
    save(&db, &words(4), T0);
    db.seal_note(Q).unwrap();
    save(&db, &words(9), T0 + 10 * SECOND); // still being written: its version is open
    let first = db.note_history(Q, None, None).unwrap()[1].id;
    let (body, saved) = db.restore_note(Q, first, T0 + 12 * SECOND).unwrap();
    assert_eq!((body.as_str(), saved.changed), (words(4).as_str(), true));
    assert_eq!(db.note(Q).unwrap().unwrap().body, words(4));
    assert_eq!(bodies(&db, Q), [words(4), words(9), words(4)]);
    // Writing on from the restored text goes into the restore's version.
    save(&db, &words(5), T0 + 14 * SECOND);
    assert_eq!(bodies(&db, Q), [words(5), words(9), words(4)]);
    let (_, again) = db.restore_note(Q, first, T0 + 16 * SECOND).unwrap();
    assert!(again.changed);
    let (_, same) = db.restore_note(Q, first, T0 + 18 * SECOND).unwrap();
    assert!(!same.changed, "already the text");
    assert_eq!(bodies(&db, Q), [words(4), words(5), words(9), words(4)]);
}

#[test]
fn the_latest_save_survives_a_reopen_at_every_step() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    bank::sync(&Db::open(&path).unwrap(), &bank::bundled_sources(), 1).unwrap();
    for i in 1..=5 {
        let db = Db::open(&path).unwrap();
        db.save_note(Q, &words(i), T0 + i as i64 * SECOND).unwrap();
        drop(db);
        let db = Db::open(&path).unwrap();
        assert_eq!(db.note(Q).unwrap().unwrap().body, words(i));
        assert_eq!(
            bodies(&db, Q)[0],
            words(i),
            "the newest version is the note"
        );
    }
}

/// A database at schema version 4 (before note history was collapsed), holding `revisions` of
/// question `q1`: (text, saved at).
fn version_4_database(path: &std::path::Path, revisions: &[(String, i64)]) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    onsite::storage::migrations()
        .to_version(&mut conn, 4)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO packs (id, title, description, source, license, origin, file, loaded_at) \
         VALUES ('a', 'A', '', 'test', 'CC0-1.0', 'user', 'a.toml', 1); \
         INSERT INTO questions (id, pack_id, level, category, kind, difficulty, minutes, prompt, position) \
         VALUES ('q1', 'a', 'mle', 'Cat', 'concept', 'easy', 3, 'One?', 0), \
                ('q2', 'a', 'mle', 'Cat', 'concept', 'easy', 3, 'Two?', 1); \
         INSERT INTO notes VALUES ('q2', 'only once', 5); \
         INSERT INTO note_revisions (question_id, body, saved_at) VALUES ('q2', 'only once', 5);",
    )
    .unwrap();
    for (body, at) in revisions {
        conn.execute(
            "INSERT INTO note_revisions (question_id, body, saved_at) VALUES ('q1', ?1, ?2)",
            rusqlite::params![body, at],
        )
        .unwrap();
    }
    let (body, at) = revisions.last().unwrap();
    conn.execute(
        "INSERT INTO notes VALUES ('q1', ?1, ?2)",
        rusqlite::params![body, at],
    )
    .unwrap();
}

#[test]
fn the_migration_keeps_each_version_a_user_may_want_back_and_drops_keystroke_copies() {
    // One full copy per autosave, 3 s apart, as Onsite kept them before.
    let mut history = Vec::new();
    let mut at = T0;
    let mut keep = Vec::new();
    let mut type_words = |from: usize, to: usize, at: &mut i64| {
        for n in from..=to {
            *at += 3 * SECOND;
            history.push((words(n), *at));
        }
    };
    type_words(1, 10, &mut at); // the first copy, then eight mid-typing, then the last before a pause
    keep.extend([words(10), words(1)]);
    at += REVISION_PAUSE_MS;
    type_words(11, 15, &mut at);
    at += 2 * MINUTE; // too short a pause to keep what came before it
    type_words(16, 20, &mut at);
    keep.insert(0, words(20)); // the version the restore below replaced
    at += 3 * SECOND;
    history.push((words(10), at)); // a restore: the text of an earlier version
    keep.insert(0, words(10));
    let restored = words(10);
    for extra in ["more", "more words", "more words here"] {
        at += 3 * SECOND;
        history.push((format!("{restored} {extra}"), at));
    }
    keep.insert(0, format!("{restored} more words here")); // the last before a cut
    for text in ["short", "short x", "short x y"] {
        at += 3 * SECOND;
        history.push((text.to_string(), at));
    }
    keep.insert(0, "short x y".to_string()); // the newest
    let copies = history.len();

    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    version_4_database(&path, &history);
    let db = Db::open(&path).unwrap();
    assert!(db.schema_version().unwrap() >= 5);
    assert_eq!(bodies(&db, "q1"), keep, "out of {copies} copies");
    assert_eq!(bodies(&db, "q2"), ["only once"]);
    let note = db.note("q1").unwrap().unwrap();
    assert_eq!((note.body.as_str(), note.updated_at), ("short x y", at));
    assert_eq!(
        db.note_history("q1", None, None).unwrap()[0].saved_at,
        at,
        "kept versions keep their times"
    );

    // What was kept is history: writing on after the upgrade starts a new version.
    db.save_note("q1", "short x y z", at + SECOND).unwrap();
    assert_eq!(bodies(&db, "q1").len(), keep.len() + 1);
}

// The commands, through Tauri's IPC on the mock runtime, in the shapes the note editor reads.

struct TestApp {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _dir: TempDir,
}

impl TestApp {
    fn start() -> TestApp {
        use tauri::test::{mock_builder, mock_context, noop_assets};
        let dir = TempDir::new().unwrap();
        let app = onsite::app(mock_builder())
            .build(mock_context(noop_assets()))
            .unwrap();
        let config = Config {
            data_dir: Some(dir.path().to_path_buf()),
            ..Config::default()
        };
        onsite::init(&app, &config, |_| {}).unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        TestApp {
            _app: app,
            window,
            _dir: dir,
        }
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request)
            .map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

#[test]
fn the_note_editor_lists_versions_opens_one_and_seals_through_ipc() {
    let t = TestApp::start();
    t.ok("save_note", json!({"questionId": Q, "body": "first"}));
    t.ok("save_note", json!({"questionId": Q, "body": "first draft"}));
    assert_eq!(t.ok("seal_note", json!({"questionId": Q})), Value::Null);
    t.ok(
        "save_note",
        json!({"questionId": Q, "body": "first draft, revised"}),
    );

    let history = t.ok("note_history", json!({"questionId": Q}));
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0]["chars"], 20);
    assert!(history[0]["savedAt"].as_i64().is_some() && history[0].get("body").is_none());

    let older = t.ok(
        "note_history",
        json!({"questionId": Q, "before": history[0]["id"], "limit": 10}),
    );
    assert_eq!(older.as_array().unwrap().len(), 1);
    let opened = t.ok(
        "note_revision",
        json!({"questionId": Q, "revisionId": older[0]["id"]}),
    );
    assert_eq!(opened["body"], "first draft");
    assert_eq!(opened["savedAt"], older[0]["savedAt"]);
    let missing = t
        .invoke(
            "note_revision",
            json!({"questionId": Q, "revisionId": 424242}),
        )
        .unwrap_err();
    assert_eq!(missing["code"], "not_found", "{missing}");
}
