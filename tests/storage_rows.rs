//! Rows as the database holds them: rows damaged or written by an earlier version still list and
//! read, rounds page by key, packs say where they come from, and the statement cache fits.

mod common;

use common::{pack_text, temp_db};
use onsite::domain::report::RoundListing;
use onsite::domain::round::{Outcome, Slot, Status};
use onsite::services::clock::Now;
use onsite::services::pack_loader::{self, Origin, PackSource};
use onsite::services::round_runner::{Action, Planned, Rounds};
use onsite::storage::{Db, PackMeta, RoundKey, Window, STATEMENT_CACHE_CAPACITY};
use rusqlite::Connection;
use serde_json::json;
use tempfile::TempDir;

/// The database [`temp_db`] made, opened directly, to write what the app's API never would.
fn raw(dir: &TempDir) -> Connection {
    Connection::open(dir.path().join("onsite.db")).unwrap()
}

fn at(wall: i64) -> Now {
    Now {
        mono: wall as u64,
        wall,
    }
}

fn one_question(id: &str) -> Vec<Slot> {
    vec![Slot::Question {
        question_id: id.into(),
        budget_ms: 60_000,
        hard_limit_ms: None,
        phases: vec![],
    }]
}

/// A custom round of one question titled `title`.
fn plan(title: &str) -> Planned {
    Planned {
        template_id: "custom".into(),
        title: title.into(),
        slots: one_question("q1"),
        total: None,
        cram: false,
    }
}

/// Starts and finishes a one-question round titled `title` at `wall`; returns its id.
fn finished_round(r: &Rounds, db: &Db, title: &str, wall: i64) -> i64 {
    let id = r.start(db, plan(title), at(wall)).unwrap();
    r.act(db, id, Action::Finish, at(wall + 1000)).unwrap();
    id
}

fn pack_source(origin: Origin, file: &str, id: &str, question: &str) -> PackSource {
    PackSource {
        origin,
        file: file.into(),
        text: pack_text(id, &[(question, &format!("Tell me about {question}."))]).into(),
        stamp: None,
        hash: None,
    }
}

fn ids(list: &[RoundListing]) -> Vec<i64> {
    list.iter()
        .map(|l| match l {
            RoundListing::Round(v) => v.id,
            RoundListing::Damaged(d) => d.id,
        })
        .collect()
}

#[test]
fn one_damaged_round_is_listed_as_damaged_and_every_other_round_shows() {
    let (dir, db) = temp_db();
    let r = Rounds::default();
    let first = finished_round(&r, &db, "First", 10_000);
    let second = finished_round(&r, &db, "Second", 20_000);
    let third = finished_round(&r, &db, "Third", 30_000);
    raw(&dir)
        .execute(
            "UPDATE rounds SET state = '{\"items\": [tru' WHERE id = ?1",
            [second],
        )
        .unwrap();

    let list = r.list(&db, None, None, None, at(40_000)).unwrap();
    assert_eq!(
        ids(&list),
        [third, second, first],
        "all three, newest first"
    );
    let shown = serde_json::to_value(&list).unwrap();
    assert_eq!(
        shown[1],
        json!({"id": second, "title": "Second", "startedAt": 20_000, "damaged": true}),
        "a damaged round carries only what its row still says"
    );
    for i in [0, 2] {
        assert_eq!(shown[i]["status"], "finished");
        assert_eq!(shown[i]["questions"], 1);
        assert!(shown[i].get("damaged").is_none(), "{}", shown[i]);
    }
    let finished = r.list(&db, Some("finished"), None, None, at(40_000));
    assert_eq!(ids(&finished.unwrap()), [third, second, first]);

    let err = r.view(&db, second, at(40_000)).unwrap_err();
    assert_eq!(err.code(), "internal");
    assert!(
        err.to_string()
            .contains("record is damaged and cannot be shown"),
        "{err}"
    );
    assert_eq!(r.view(&db, third, at(40_000)).unwrap().title, "Third");
}

#[test]
fn a_damaged_unfinished_round_does_not_keep_the_app_from_starting() {
    let (dir, db) = temp_db();
    let id = Rounds::default()
        .start(&db, plan("Left running"), at(1_000))
        .unwrap();
    raw(&dir)
        .execute("UPDATE rounds SET state = 'null' WHERE id = ?1", [id])
        .unwrap();

    let after_restart = Rounds::default();
    assert_eq!(after_restart.restore(&db, at(5_000)).unwrap(), (None, 0));
    let list = after_restart
        .list(&db, Some("unfinished"), None, None, at(5_000))
        .unwrap();
    assert!(matches!(&list[..], [RoundListing::Damaged(d)] if d.id == id));
    // Nothing is left holding the one-round-at-a-time slot: a new round can start.
    after_restart.start(&db, plan("Next"), at(6_000)).unwrap();
}

#[test]
fn rounds_page_by_key_newest_first() {
    let (_dir, db) = temp_db();
    let r = Rounds::default();
    // Two rounds share a start time, so the key needs the id as well.
    let a = finished_round(&r, &db, "A", 10_000);
    let b = finished_round(&r, &db, "B", 20_000);
    let c = finished_round(&r, &db, "C", 20_000);
    let d = finished_round(&r, &db, "D", 30_000);
    let key = |id: i64, started_at: i64| Some(RoundKey { started_at, id });

    let page = r.list(&db, None, None, Some(2), at(40_000)).unwrap();
    assert_eq!(ids(&page), [d, c]);
    let page = r.list(&db, None, key(c, 20_000), Some(2), at(40_000));
    assert_eq!(ids(&page.unwrap()), [b, a]);
    let page = r.list(&db, None, key(a, 10_000), Some(2), at(40_000));
    assert!(page.unwrap().is_empty());

    let whole = r.list(&db, None, None, None, at(40_000)).unwrap();
    assert_eq!(ids(&whole), [d, c, b, a], "a page is 50 unless asked");
}

#[test]
fn a_page_is_never_the_whole_table() {
    let (_dir, db) = temp_db();
    let r = Rounds::default();
    for i in 0..205 {
        finished_round(&r, &db, "Round", 10_000 + i * 10_000);
    }
    assert_eq!(r.list(&db, None, None, None, at(0)).unwrap().len(), 50);
    assert_eq!(
        r.list(&db, None, None, Some(1_000), at(0)).unwrap().len(),
        200
    );
}

#[test]
fn stored_json_written_by_an_earlier_version_still_reads() {
    let (dir, db) = temp_db();
    let src = pack_source(Origin::Folder, "p.toml", "p", "q1");
    pack_loader::sync(&db, &[src], 0).unwrap();
    let conn = raw(&dir);

    // A guide as 0.2 stored it: its STAR answer under the pack file's key, `strong_answer`.
    conn.execute(
        "UPDATE questions SET guide = ?1 WHERE id = 'q1'",
        [r#"{"keyPoints":["Own the outcome"],"followUps":["What would you change?"],"redFlags":["Blames others"],
            "phases":[],"coding":null,"behavioral":{"competency":"Ownership","strong_answer":["Situation","Result"]}}"#],
    )
    .unwrap();
    // A round as 0.2 stored it, with an answer.
    let state = r#"{"items":[{"slot":{"type":"question","questionId":"q1","budgetMs":60000,"hardLimitMs":null,
        "phases":[{"name":"Clarify","budgetMs":30000}]},"outcome":"completed","usedMs":75000,"softSignalled":true,
        "phasesSignalled":1},{"slot":{"type":"break","budgetMs":30000},"outcome":"notReached","usedMs":0,
        "softSignalled":false,"phasesSignalled":0}],"current":0,"status":"finished","totalBudgetMs":null,
        "totalSignalled":false}"#;
    conn.execute(
        "INSERT INTO rounds (id, template_id, title, state, status, started_at, updated_at, ended_at) \
         VALUES (7, 'custom', 'Custom round', ?1, 'finished', 1000, 2000, 2000)",
        [state],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO round_answers (round_id, position, body, updated_at) VALUES (7, 0, 'I led the fix.', 1500)",
        [],
    )
    .unwrap();

    let guide = db.question("q1").unwrap().guide;
    assert_eq!(guide.key_points, ["Own the outcome"]);
    let behavioral = guide.behavioral.expect("the STAR answer reads");
    assert_eq!(behavioral.strong_answer, ["Situation", "Result"]);
    assert_eq!(
        db.pack_question("q1").unwrap().guide.behavioral,
        Some(behavioral)
    );

    let r = Rounds::default();
    let view = r.view(&db, 7, at(3000)).unwrap();
    assert_eq!(view.status, Status::Finished);
    assert_eq!(view.items[0].outcome, Outcome::Completed);
    assert_eq!(view.items[0].overtime_ms, 15_000);
    assert_eq!(view.items[0].answer, "I led the fix.");
    assert_eq!(view.items[0].prompt, "Tell me about q1.");
    assert!(view.items[0].guide.behavioral.is_some());
    assert_eq!(view.items[1].outcome, Outcome::NotReached);
    assert_eq!(ids(&r.list(&db, None, None, None, at(3000)).unwrap()), [7]);
}

#[test]
fn every_query_reads_a_question_the_same_way() {
    let (dir, db) = temp_db();
    let src = pack_source(Origin::Folder, "p.toml", "p", "q1");
    pack_loader::sync(&db, &[src], 0).unwrap();
    raw(&dir)
        .execute(
            "UPDATE questions SET guide = '{\"keyPoints\":[\"A\"],\"followUps\":[],\"redFlags\":[],\"phases\":[]}' WHERE id = 'q1'",
            [],
        )
        .unwrap();

    let q = db.pack_question("q1").unwrap();
    assert_eq!(q.guide.key_points, ["A"]);
    assert_eq!(db.bank_questions().unwrap(), std::slice::from_ref(&q));
    assert_eq!(db.pack("p").unwrap().questions, std::slice::from_ref(&q));
    let detail = db.question("q1").unwrap();
    assert_eq!(detail.guide, q.guide);
    let listed = &db
        .list_questions(&Default::default(), &Window::at(0, Window::MAX))
        .unwrap()[0];
    for summary in [listed, &detail.summary] {
        assert_eq!(
            (
                summary.id.as_str(),
                summary.prompt.as_str(),
                summary.level.as_str()
            ),
            (q.id.as_str(), q.prompt.as_str(), q.level.as_str())
        );
        assert_eq!((summary.kind.as_str(), summary.minutes), ("concept", 3));
    }
    let candidates = db.round_candidates().unwrap();
    assert_eq!(
        (candidates[0].id.as_str(), candidates[0].kind),
        ("q1", q.kind)
    );

    // A guide no version wrote shows as empty; its question still reads everywhere.
    raw(&dir)
        .execute(
            "UPDATE questions SET guide = 'not json' WHERE id = 'q1'",
            [],
        )
        .unwrap();
    assert_eq!(db.question("q1").unwrap().guide, Default::default());
    assert_eq!(
        db.list_questions(&Default::default(), &Window::at(0, Window::MAX))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_pack_says_where_it_comes_from_in_the_words_the_ui_reads() {
    let (_dir, db) = temp_db();
    let sources = [
        pack_source(Origin::Bundled, "questions/b.toml", "b", "qb"),
        pack_source(Origin::Folder, "/packs/f.toml", "f", "qf"),
    ];
    let report = pack_loader::sync(&db, &sources, 0).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let meta = PackMeta {
        title: "Mine".into(),
        description: String::new(),
        source: String::new(),
        license: String::new(),
    };
    let own = db.create_pack(&meta, 0).unwrap();

    let origins: Vec<_> = db
        .packs()
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.origin))
        .collect();
    assert_eq!(
        origins,
        [
            ("b".into(), Origin::Bundled),
            ("f".into(), Origin::Folder),
            (own.clone(), Origin::Own)
        ]
    );
    let shown = serde_json::to_value(db.packs().unwrap()).unwrap();
    let words: Vec<_> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["origin"].clone())
        .collect();
    assert_eq!(words, [json!("bundled"), json!("folder"), json!("own")]);
    assert!(db.own_pack(&own, &Window::first(50)).is_ok());
    assert!(
        db.own_pack("f", &Window::first(50)).is_err(),
        "a folder pack is not the user's to edit"
    );
}

/// Each `prepare_cached` call site prepares one fixed statement (`free_id` takes two, which the
/// sites that share a statement make up for), so the sites bound what the cache must hold.
#[test]
fn the_statement_cache_holds_every_cached_statement() {
    let mut sites = 0;
    for entry in std::fs::read_dir("src-tauri/storage").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            sites += std::fs::read_to_string(&path)
                .unwrap()
                .matches(".prepare_cached(")
                .count();
        }
    }
    assert!(
        sites > 20,
        "found only {sites} call sites: is the path right?"
    );
    assert!(
        STATEMENT_CACHE_CAPACITY >= sites,
        "{sites} cached statements do not fit a cache of {STATEMENT_CACHE_CAPACITY}"
    );
}

#[test]
fn a_runs_counts_stay_only_with_the_code_they_were_made_of() {
    use onsite::domain::drill::RunCounts;
    let (_dir, db) = temp_db();
    let rounds = Rounds::default();
    let id = rounds.start(&db, plan("Coding"), at(1_000)).unwrap();
    let counts = RunCounts {
        all: true,
        passed: 3,
        total: 5,
    };
    db.save_answer(id, 0, "q1", "def f(): return 1", 2_000)
        .unwrap();
    db.save_run(id, 0, "q1", "def f(): return 1", counts, 3_000)
        .unwrap();
    assert_eq!(db.runs(id).unwrap().get(&0), Some(&counts));
    // The same text saved again keeps the counts; an edit clears them.
    db.save_answer(id, 0, "q1", "def f(): return 1", 4_000)
        .unwrap();
    assert_eq!(db.runs(id).unwrap().get(&0), Some(&counts));
    db.save_answer(id, 0, "q1", "def f(): return 2", 5_000)
        .unwrap();
    assert!(db.runs(id).unwrap().is_empty());
    // A run of older code that ends after the edit keeps nothing, and never undoes the edit.
    db.save_run(id, 0, "q1", "def f(): return 1", counts, 6_000)
        .unwrap();
    assert!(db.runs(id).unwrap().is_empty());
    assert_eq!(db.answers(id).unwrap()[&0], "def f(): return 2");
}
