//! Every command through Tauri's IPC layer on the mock runtime: the happy path, and the error shape
//! the UI relies on (`{code, message}`), with a temporary data directory per test.

mod common;

use common::{bundled, damage_a_middle_page, large_database, pack_text};
use onsite::Config;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: TempDir,
}

/// Builds the app under the mock runtime and starts it on `data_dir`, as `main` would.
fn init_on(
    data_dir: &std::path::Path,
    picks: &std::path::Path,
) -> (App<MockRuntime>, onsite::Started) {
    let app = onsite::app(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let started = onsite::init(
        &app,
        &Config {
            data_dir: Some(data_dir.to_path_buf()),
            picker: onsite::services::file_dialogs::Picker::scripted(picks),
        },
        |_| {},
    )
    .expect("app starts");
    (app, started)
}

/// The app's window over an app already started.
fn with_window(app: App<MockRuntime>, dir: TempDir) -> TestApp {
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    TestApp {
        _app: app,
        window,
        dir,
    }
}

/// The app started on `dir`, once its packs folder has loaded in the background (as the UI waits
/// for `bank-loaded` before it shows the folder's packs).
fn start_in(dir: TempDir) -> TestApp {
    let (app, started) = init_on(dir.path(), &dir.path().join("picks"));
    let t = with_window(app, dir);
    if !matches!(started, onsite::Started::Ready) {
        return t;
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !t.ok("bank_overview", json!({}))["loading"].is_null() {
        assert!(
            std::time::Instant::now() < deadline,
            "the packs folder never finished loading"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t
}

fn start() -> TestApp {
    start_in(TempDir::new().unwrap())
}

/// The app started again on a copy of `t`'s data folder. (In this process the first app's data
/// folder stays locked: its clock and backup threads hold it until the process exits, as a
/// running app would.)
fn restarted(t: TestApp) -> TestApp {
    let copy = TempDir::new().unwrap();
    for e in std::fs::read_dir(t.dir.path()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_file() && name != "onsite.lock" && !name.ends_with("-shm") {
            std::fs::copy(&p, copy.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    start_in(copy)
}

impl TestApp {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    /// Answers the next file dialog with `path` (empty: the user cancels).
    fn pick(&self, path: &std::path::Path) {
        std::fs::write(self.dir.path().join("picks"), path.display().to_string()).unwrap();
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

/// A data folder whose database is damaged, with one automatic backup (of a database holding one
/// note) beside it: the app starts in its recovery window.
fn damaged_with_backup() -> TestApp {
    let dir = TempDir::new().unwrap();
    {
        let t = start();
        let q = bundled()[0].id.clone();
        t.ok(
            "save_note",
            json!({"questionId": q, "body": "kept in the backup"}),
        );
        let backups = dir.path().join("backups");
        std::fs::create_dir_all(&backups).unwrap();
        onsite::storage::snapshot(
            &t.dir.path().join("onsite.db"),
            &backups.join("auto-1796212800000.sqlite"),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("onsite.db"), "this is not a database").unwrap();
    start_in(dir)
}

#[test]
fn a_damaged_database_opens_recovery_and_restoring_the_latest_backup_opens_the_app() {
    let t = damaged_with_backup();
    // Until the data opens, the app's own commands have nothing to work on.
    assert!(t.invoke("bank_overview", json!({})).is_err());
    let info = t.ok("recovery_info", json!({}));
    assert_eq!(info["problem"]["kind"], "database");
    assert_eq!(
        info["problem"]["path"],
        t.dir.path().join("onsite.db").display().to_string()
    );
    assert!(
        info["problem"]["what"]
            .as_str()
            .unwrap()
            .contains("damaged"),
        "{info}"
    );
    assert_eq!(info["latestBackup"]["notes"], 1, "{info}");

    let out = t.ok("recover", json!({"choice": "restoreLatest"}));
    let aside = std::path::PathBuf::from(out["setAside"].as_str().unwrap());
    assert_eq!(
        std::fs::read(aside.join("onsite.db")).unwrap(),
        b"this is not a database",
        "the damaged file is kept as it was"
    );
    let q = bundled()[0].id.clone();
    let note = t.ok("get_note", json!({"questionId": q}));
    assert_eq!(note["body"], "kept in the backup");
    assert_code(
        t.invoke("recover", json!({"choice": "startFresh"}))
            .unwrap_err(),
        "invalid_input",
    );
}

#[test]
fn a_data_folder_that_cannot_be_created_opens_recovery_naming_it() {
    // A file where a folder on the path should be: refused to root too, unlike a permission bit.
    let parent = TempDir::new().unwrap();
    std::fs::write(parent.path().join("blocked"), "a file").unwrap();
    let data_dir = parent.path().join("blocked/onsite");
    let (app, started) = init_on(&data_dir, &parent.path().join("picks"));
    assert!(matches!(started, onsite::Started::Recovery), "{started:?}");
    let t = with_window(app, parent);
    let info = t.ok("recovery_info", json!({}));
    assert_eq!(info["problem"]["kind"], "folder");
    assert_eq!(info["problem"]["path"], data_dir.display().to_string());
    assert!(
        info["problem"]["what"]
            .as_str()
            .unwrap()
            .contains("cannot create or write"),
        "{info}"
    );
    // Trying again as things are says the same, and changes nothing.
    assert!(t.invoke("recover", json!({"choice": "tryAgain"})).is_err());
    assert_eq!(
        std::fs::read(t.dir.path().join("blocked")).unwrap(),
        b"a file"
    );
}

/// `main` opens the window from `init`'s hook, so WebKit starts while the data opens: the hook runs
/// once the folder is held, before the database is opened, and never for a folder that is unusable.
#[test]
fn the_window_can_open_once_the_folder_is_held_and_before_the_data_opens() {
    let dir = TempDir::new().unwrap();
    let build = || {
        onsite::app(mock_builder())
            .build(mock_context(noop_assets()))
            .expect("app builds")
    };
    let config = |data_dir: &std::path::Path| Config {
        data_dir: Some(data_dir.to_path_buf()),
        ..Config::default()
    };
    let mut seen = Vec::new();
    let app = build();
    let started = onsite::init(&app, &config(dir.path()), |d| {
        seen.push((d.to_path_buf(), d.join("onsite.db").exists()));
    })
    .unwrap();
    assert!(matches!(started, onsite::Started::Ready), "{started:?}");
    assert_eq!(seen, [(dir.path().to_path_buf(), false)]);
    assert!(dir.path().join("onsite.db").exists());

    std::fs::write(dir.path().join("blocked"), "a file").unwrap();
    let mut called = false;
    let started = onsite::init(
        &build(),
        &config(&dir.path().join("blocked/onsite")),
        |_| {
            called = true;
        },
    )
    .unwrap();
    assert!(matches!(started, onsite::Started::Recovery), "{started:?}");
    assert!(
        !called,
        "an unusable folder opens the recovery window instead"
    );
}

#[test]
fn a_database_from_an_older_version_is_backed_up_before_it_is_migrated() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("onsite.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    onsite::storage::migrations()
        .to_version(&mut conn, 6)
        .unwrap();
    drop(conn);
    let t = start_in(dir);
    t.ok("bank_overview", json!({}));
    let listed = t.ok("list_backups", json!({}));
    assert_eq!(listed["backups"][0]["kind"], "beforeMigration", "{listed}");
    let kept = listed["backups"][0]["path"].as_str().unwrap();
    let version: i64 = rusqlite::Connection::open(kept)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6, "the copy is the data as it was before");
}

fn assert_code(err: Value, code: &str) {
    assert_eq!(err["code"], code, "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{err}"
    );
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "only code and message cross IPC: {err}"
    );
}

#[test]
fn app_info_names_the_data_dir() {
    let t = start();
    let info = t.ok("app_info", json!({}));
    assert_eq!(info["dataDir"], t.dir.path().display().to_string());
    assert_eq!(info["notices"], json!([]));
    assert!(t.dir.path().join("onsite.db").exists());
}

#[test]
fn bank_overview_counts_every_question_and_category() {
    let t = start();
    let o = t.ok("bank_overview", json!({}));
    let questions = bundled();
    assert_eq!(o["total"], questions.len());
    let distinct: std::collections::HashSet<_> = questions
        .iter()
        .map(|q| (q.level, q.category.as_str()))
        .collect();
    assert_eq!(o["categories"].as_array().unwrap().len(), distinct.len());
    assert_eq!(o["errors"], json!([]));
}

#[test]
fn list_questions_filters_and_searches() {
    let t = start();
    let all = t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 500}, "filter": {}, "text": null}),
    );
    assert_eq!(all.as_array().unwrap().len(), bundled().len());
    let senior = t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 500}, "filter": {"level": "senior", "kind": "behavioral"}}),
    );
    let want = bundled()
        .iter()
        .filter(|q| q.level.as_str() == "senior" && q.kind.as_str() == "behavioral")
        .count();
    assert_eq!(senior.as_array().unwrap().len(), want);
    let hits = t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 500}, "filter": {}, "text": "vanishing"}),
    );
    assert_eq!(hits[0]["id"], "mle-dl-vanishing-exploding-gradients-they");
}

#[test]
fn list_questions_rejects_an_unknown_filter_value() {
    let t = start();
    let err = t
        .invoke(
            "list_questions",
            json!({"window": {"offset": 0, "limit": 500}, "filter": {"level": "principal"}}),
        )
        .unwrap_err();
    assert!(
        err.as_str().is_some_and(|m| m.contains("principal")),
        "{err}"
    );
}

#[test]
fn get_question_returns_detail_or_not_found() {
    let t = start();
    let q = t.ok(
        "get_question",
        json!({"id": "smle-code-lru-least-recently-used"}),
    );
    assert_eq!(q["packTitle"], "Senior ML Engineer");
    assert_eq!(q["kind"], "coding");
    assert_eq!(q["seed"], true);
    assert!(
        q["guide"]["coding"]["statement"]
            .as_str()
            .is_some_and(|s| !s.is_empty()),
        "{q}"
    );
    assert_code(
        t.invoke("get_question", json!({"id": "nope"})).unwrap_err(),
        "not_found",
    );
}

#[test]
fn notes_save_render_sanitised_keep_history_and_restore() {
    let t = start();
    let id = "mle-fund-overfitting-prevent";
    assert_eq!(t.ok("get_note", json!({"questionId": id}))["body"], "");

    let saved = t.ok(
        "save_note",
        json!({"questionId": id, "body": "**Regularise.** <script>window.probe=1</script>"}),
    );
    assert_eq!(saved["changed"], true);
    let html = saved["html"].as_str().unwrap();
    assert!(
        html.contains("<strong>Regularise.</strong>") && !html.contains("<script"),
        "{html}"
    );

    t.ok("save_note", json!({"questionId": id, "body": "second"}));
    let history = t.ok("note_history", json!({"questionId": id}));
    assert_eq!(history.as_array().unwrap().len(), 2);
    let first = history[1]["id"].clone();
    let restored = t.ok(
        "restore_note",
        json!({"questionId": id, "revisionId": first}),
    );
    assert!(restored["body"]
        .as_str()
        .unwrap()
        .starts_with("**Regularise.**"));
    assert_eq!(t.ok("recent_notes", json!({}))[0]["questionId"], id);
    // History pages through notes by the last one shown: each once, then nothing.
    let other = "mle-fund-bias-variance-tradeoff";
    t.ok("save_note", json!({"questionId": other, "body": "another"}));
    let key = |n: &Value| json!({"updatedAt": n["updatedAt"], "questionId": n["questionId"]});
    let page = t.ok("recent_notes", json!({"limit": 1}));
    assert_eq!(page.as_array().unwrap().len(), 1);
    let next = t.ok("recent_notes", json!({"before": key(&page[0]), "limit": 1}));
    let mut seen = [page[0]["questionId"].clone(), next[0]["questionId"].clone()];
    seen.sort_by_key(|v| v.to_string());
    assert_eq!(seen, [json!(other), json!(id)]);
    let rest = t.ok("recent_notes", json!({"before": key(&next[0])}));
    assert!(rest.as_array().unwrap().is_empty(), "{rest}");

    assert_code(
        t.invoke("save_note", json!({"questionId": "nope", "body": "x"}))
            .unwrap_err(),
        "not_found",
    );
    assert_code(
        t.invoke(
            "restore_note",
            json!({"questionId": id, "revisionId": 12345}),
        )
        .unwrap_err(),
        "not_found",
    );
}

#[test]
fn missing_arguments_and_unknown_commands_are_errors_not_panics() {
    let t = start();
    let err = t
        .invoke("save_note", json!({"questionId": "x"}))
        .unwrap_err();
    assert!(err.as_str().is_some_and(|m| m.contains("body")), "{err}");
    let err = t.invoke("drop_database", json!({})).unwrap_err();
    assert!(
        err.as_str().is_some_and(|m| m.contains("drop_database")),
        "{err}"
    );
}

#[test]
fn without_python_a_drill_says_so_and_everything_else_works() {
    let t = start();
    let mut s = t.ok("get_settings", json!({}));
    s["python"] = json!("/nowhere/python3");
    t.ok("set_settings", json!({"settings": s}));
    let info = t.ok("python_info", json!({}));
    assert!(info["version"].is_null());
    assert!(
        info["problem"].as_str().unwrap().contains("not found"),
        "{info}"
    );
    let drill = "mle-code-roc-auc-scratch";
    // The page still opens with its starter, and the code is kept.
    let page = t.ok("get_drill", json!({"questionId": drill}));
    assert!(page["code"].as_str().unwrap().contains("def roc_auc"));
    let err = t
        .invoke(
            "run_code",
            json!({"questionId": drill, "code": "x = 1", "all": false}),
        )
        .unwrap_err();
    assert_code(err.clone(), "invalid_input");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("Install Python 3"),
        "{err}"
    );
    assert_eq!(
        t.ok("get_drill", json!({"questionId": drill}))["code"],
        "x = 1"
    );
    t.ok("get_question", json!({"id": drill}));
}

#[test]
fn settings_default_save_validate_and_persist() {
    let t = start();
    let s = t.ok("get_settings", json!({}));
    assert_eq!(
        s,
        json!({"theme": "system", "budgets": {"concept": 4, "design": 45, "coding": 30, "behavioral": 5}, "soundCues": false, "desiredRetention": 0.9, "fsrsParameters": null, "interviewDate": null, "python": null, "runTimeout": 10})
    );

    let mut new = s.clone();
    new["theme"] = json!("dark");
    new["budgets"]["coding"] = json!(40);
    assert_eq!(t.ok("set_settings", json!({"settings": new})), new);
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(t.dir.path().join("settings.json")).unwrap())
            .unwrap();
    assert_eq!(
        on_disk["theme"], "dark",
        "written before it is acknowledged"
    );

    for (key, value) in [
        (
            "budgets",
            json!({"concept": 4, "design": 0, "coding": 30, "behavioral": 5}),
        ),
        ("desiredRetention", json!(1.5)),
        ("runTimeout", json!(0)),
        ("python", json!("  ")),
    ] {
        let mut bad = new.clone();
        bad[key] = value;
        assert_code(
            t.invoke("set_settings", json!({"settings": bad}))
                .unwrap_err(),
            "invalid_input",
        );
    }
    assert_eq!(
        t.ok("get_settings", json!({})),
        new,
        "a refused change leaves settings as they were"
    );

    // A new start reads them back.
    let t = restarted(t);
    assert_eq!(t.ok("get_settings", json!({}))["theme"], "dark");
}

#[test]
fn a_damaged_settings_file_is_kept_aside_and_the_app_starts_with_defaults() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        "{\"theme\": \"dark\", oops",
    )
    .unwrap();
    let t = start_in(dir);
    let info = t.ok("app_info", json!({}));
    let notice = info["notices"][0].as_str().unwrap();
    assert!(notice.contains("could not be read"), "{notice}");
    assert_eq!(t.ok("get_settings", json!({}))["theme"], "system");
    let kept: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("settings.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(t.dir.path().join(&kept[0])).unwrap(),
        "{\"theme\": \"dark\", oops"
    );
    assert!(notice.contains(&kept[0]), "the notice names the kept file");
}

#[test]
fn a_folder_where_the_settings_file_should_be_is_kept_aside_with_its_contents() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("settings.json/inside")).unwrap();
    std::fs::write(dir.path().join("settings.json/inside/keep.txt"), "mine").unwrap();
    let t = start_in(dir);
    let notice = t.ok("app_info", json!({}))["notices"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(notice.contains("could not be read"), "{notice}");
    let kept = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("settings.damaged-"))
        .expect("the folder kept aside");
    assert_eq!(
        std::fs::read_to_string(kept.join("inside/keep.txt")).unwrap(),
        "mine"
    );
    // And settings save to a new file in its place.
    let mut settings = t.ok("get_settings", json!({}));
    settings["theme"] = json!("dark");
    t.ok("set_settings", json!({"settings": settings}));
    assert!(t.dir.path().join("settings.json").is_file());
}

#[test]
fn a_second_start_on_a_data_folder_in_use_is_refused_and_names_the_process() {
    let t = start();
    let (_app, started) = init_on(t.dir.path(), &t.dir.path().join("picks"));
    match started {
        onsite::Started::Elsewhere(why) => {
            assert!(why.contains(&std::process::id().to_string()), "{why}");
            assert!(why.contains(&t.dir.path().display().to_string()), "{why}");
        }
        other => panic!("a second start on the folder went ahead: {other:?}"),
    }
}

#[test]
fn a_broken_user_pack_is_reported_while_the_bank_loads() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/mine.toml"),
        "[pack]\nid = \"mine\"\ntitle = \"Mine\"\nlevel = \"mle\n",
    )
    .unwrap();
    let t = start_in(dir);
    let o = t.ok("bank_overview", json!({}));
    assert_eq!(o["total"], bundled().len());
    let e = &o["errors"][0];
    assert!(e["file"].as_str().unwrap().ends_with("mine.toml"), "{e}");
    assert_eq!(e["line"], 4);
}

#[test]
fn rounds_start_act_answer_list_and_export() {
    let t = start();
    let templates = t.ok("round_templates", json!({}));
    assert_eq!(templates["templates"].as_array().unwrap().len(), 12);
    assert_eq!(templates["unfinished"], Value::Null);

    let choice = json!({"custom": {"level": "mle", "count": 2, "minutes": 1, "order": "fixed", "totalMinutes": null, "seed": null}});
    let r = t.ok("start_round", json!({"choice": choice}));
    let id = r["id"].clone();
    assert_eq!(
        (r["status"].as_str(), r["questions"].as_u64()),
        (Some("running"), Some(2))
    );
    assert_eq!(r["items"][0]["budgetMs"], 60_000);
    assert_eq!(t.ok("round_templates", json!({}))["unfinished"], id);

    t.ok(
        "save_answer",
        json!({"id": id, "index": 0, "body": "an answer"}),
    );
    assert_eq!(
        t.ok("round_action", json!({"id": id, "action": "pause"}))["status"],
        "paused"
    );
    assert_eq!(
        t.ok("round_action", json!({"id": id, "action": "next"}))["current"],
        1
    );
    let done = t.ok("round_action", json!({"id": id, "action": "finish"}));
    assert_eq!(
        (done["status"].as_str(), done["answered"].as_u64()),
        (Some("finished"), Some(1))
    );
    assert_eq!(
        t.ok("get_round", json!({"id": id}))["items"][0]["answer"],
        "an answer"
    );
    assert_eq!(
        t.ok("list_rounds", json!({"status": "finished"}))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let exported = t.ok("export_round", json!({"id": id, "started": "25 Nov 2026"}));
    let path = exported["path"].as_str().unwrap();
    assert!(
        path.starts_with(&t.dir.path().display().to_string()),
        "exports stay in the data folder"
    );
    assert!(std::fs::read_to_string(path).unwrap().contains("an answer"));
}

#[test]
fn round_commands_refuse_bad_input_with_the_error_shape() {
    let t = start();
    assert_code(
        t.invoke("start_round", json!({"choice": {}})).unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke("start_round", json!({"choice": {"templateId": "nope"}}))
            .unwrap_err(),
        "not_found",
    );
    let bad = json!({"custom": {"count": 0, "minutes": null, "totalMinutes": null, "seed": null, "level": null}});
    assert_code(
        t.invoke("start_round", json!({"choice": bad})).unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke("round_action", json!({"id": 99, "action": "pause"}))
            .unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke("get_round", json!({"id": 99})).unwrap_err(),
        "not_found",
    );
    let err = t
        .invoke("round_action", json!({"id": 1, "action": "explode"}))
        .unwrap_err();
    assert!(err.as_str().is_some_and(|m| m.contains("explode")), "{err}");
    t.ok(
        "start_round",
        json!({"choice": {"templateId": "mle-phone-screen"}}),
    );
    assert_code(
        t.invoke(
            "start_round",
            json!({"choice": {"templateId": "mle-coding"}}),
        )
        .unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke("save_answer", json!({"id": 1, "index": 3, "body": "x"}))
            .unwrap_err(),
        "invalid_input",
    );
    // Reviews: of a round still running, with a rating that does not exist, of a question that does
    // not exist; and a round from a schedule that holds nothing yet.
    let running = json!({"questionId": r_question(&t, &json!(1)), "roundId": 1, "index": 0});
    assert_code(
        t.invoke("review_answer", json!({"review": running}))
            .unwrap_err(),
        "invalid_input",
    );
    let mut bad_rating = running.clone();
    bad_rating["rating"] = json!("perfect");
    assert!(t
        .invoke("review_answer", json!({"review": bad_rating}))
        .is_err());
    assert_code(
        t.invoke(
            "suggest_rating",
            json!({"review": {"questionId": "no-such"}}),
        )
        .unwrap_err(),
        "not_found",
    );
    t.ok("round_action", json!({"id": 1, "action": "abandon"}));
    assert_code(
        t.invoke(
            "start_round",
            json!({"choice": {"fromSchedule": {"pick": "due", "level": null, "count": 5}}}),
        )
        .unwrap_err(),
        "invalid_input",
    );
}

#[test]
fn notes_export_as_one_markdown_document() {
    let t = start();
    t.ok(
        "save_note",
        json!({"questionId": "mle-fund-overfitting-prevent", "body": "Regularise."}),
    );
    t.ok(
        "save_note",
        json!({"questionId": "smle-code-lru-least-recently-used", "body": "Hash map + list."}),
    );
    let out_dir = TempDir::new().unwrap();
    let target = out_dir.path().join("my notes.md");
    t.pick(&target);
    let out = t.ok("export_notes", json!({"layout": "document"}));
    assert_eq!(out["path"], target.display().to_string());
    assert_eq!(out["count"], 2);
    let md = std::fs::read_to_string(&target).unwrap();
    let (mle, senior) = (
        md.find("## ML Engineer").unwrap(),
        md.find("## Senior ML Engineer").unwrap(),
    );
    assert!(mle < senior);
    assert!(md.contains("### Machine Learning Fundamentals\n\n#### What is overfitting? How can you prevent it?\n\nRegularise.\n"), "{md}");
    assert!(md.contains("Hash map + list."));
}

#[test]
fn notes_export_as_one_file_per_question_and_a_cancelled_dialog_writes_nothing() {
    let t = start();
    t.ok(
        "save_note",
        json!({"questionId": "mle-fund-overfitting-prevent", "body": "Regularise."}),
    );
    t.pick(std::path::Path::new(""));
    assert_eq!(
        t.ok("export_notes", json!({"layout": "files"})),
        Value::Null
    );
    let out_dir = TempDir::new().unwrap();
    t.pick(out_dir.path());
    let out = t.ok("export_notes", json!({"layout": "files"}));
    assert_eq!(out["count"], 1);
    let text =
        std::fs::read_to_string(out_dir.path().join("mle-fund-overfitting-prevent.md")).unwrap();
    assert!(
        text.starts_with("---\nid: mle-fund-overfitting-prevent\nlevel: \"ML Engineer\"\n"),
        "{text}"
    );
    assert!(
        text.ends_with("# What is overfitting? How can you prevent it?\n\nRegularise.\n"),
        "{text}"
    );
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);
}

#[test]
fn the_seed_note_imports_after_a_preview_and_again_without_duplicates() {
    let t = start();
    let note = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-note.md");
    let copy = t.dir.path().join("Interview prep.txt");
    std::fs::copy(&note, &copy).unwrap();
    t.pick(&copy);
    let preview = t.ok("preview_import", json!({}));
    assert_eq!(preview["errors"], json!([]), "{preview}");
    assert_eq!(preview["questions"], 83);
    assert_eq!(preview["formatLabel"], "Markdown note");
    assert_eq!(preview["packId"], "interview-prep");
    assert_eq!(
        preview["title"], "ML Engineer Interview Prep",
        "the first heading"
    );
    assert_eq!(preview["updates"], Value::Null);
    let plan = &preview["plan"];
    assert_eq!(plan["changes"]["new"], 83);
    // Every question of the seed is in the bundled packs already.
    assert_eq!(
        plan["duplicates"].as_array().unwrap().len(),
        82,
        "the cut-off one differs"
    );
    let cats = plan["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 15);
    assert_eq!(
        cats[0],
        json!({"level": "mle", "name": "Machine Learning Fundamentals", "count": 6})
    );
    assert_eq!(
        t.ok(
            "list_questions",
            json!({"window": {"offset": 0, "limit": 500}, "filter": {}})
        )
        .as_array()
        .unwrap()
        .len(),
        bundled().len(),
        "a preview writes nothing"
    );

    let leadership = json!({"window": {"offset": 0, "limit": 500}, "filter": {"level": "senior", "category": "Leadership & Collaboration"}});
    let bundled_leadership = t
        .ok("list_questions", leadership.clone())
        .as_array()
        .unwrap()
        .len();
    let done = t.ok(
        "apply_import",
        json!({"choice": {"license": "Personal notes"}}),
    );
    assert_eq!(done["questions"], 83);
    let packs = t.ok("list_packs", json!({}));
    let mine = packs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "interview-prep")
        .unwrap();
    assert_eq!(mine["origin"], "own");
    assert_eq!(mine["license"], "Personal notes");
    assert_eq!(mine["importedFrom"], copy.display().to_string());
    assert_eq!(mine["format"], "markdown");
    let all = t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 500}, "filter": {}}),
    );
    assert_eq!(all.as_array().unwrap().len(), bundled().len() + 83);
    let senior = t.ok("list_questions", leadership);
    assert_eq!(
        senior.as_array().unwrap().len(),
        bundled_leadership + 5,
        "bundled and imported"
    );

    // The same file again: an update of the same pack, with nothing new.
    t.pick(&copy);
    let again = t.ok("preview_import", json!({}));
    assert_eq!(again["updates"], "ML Engineer Interview Prep");
    assert_eq!(
        again["plan"]["changes"],
        json!({"new": 0, "updated": 0, "unchanged": 83, "removed": 0, "kept": 0})
    );
    t.ok("apply_import", json!({"choice": {}}));
    let all = t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 500}, "filter": {}}),
    );
    assert_eq!(all.as_array().unwrap().len(), bundled().len() + 83);
    assert_code(
        t.invoke("apply_import", json!({"choice": {}})).unwrap_err(),
        "invalid_input",
    );
}

#[test]
fn a_notes_reading_is_corrected_in_the_preview_and_applied_again_on_reimport() {
    let t = start();
    let file = t.dir.path().join("prep.md");
    std::fs::write(
        &file,
        "# Prep\n\n## Basics\n\n### What is bias?\n\nAn answer.\n\n- a point\n\n\
         ### Explain dropout.\n\nIt drops units.\n\n## Resources\n\n- [A course](https://example.com)\n",
    )
    .unwrap();
    t.pick(&file);
    let p = t.ok("preview_import", json!({}));
    assert_eq!(
        (p["questions"].as_u64(), p["remembered"].as_bool()),
        (Some(2), Some(false))
    );
    let view = &p["reading"];
    assert_eq!(view["judgedQuestionHeadings"], 3);
    assert_eq!(view["judgedCategoryHeadings"], 2);
    let titles: Vec<&str> = view["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Basics", "Resources"], "sections with candidates");
    assert_eq!(view["sections"][1]["skipped"], true);
    assert_eq!(
        (
            view["sections"][0]["taken"].as_u64(),
            view["sections"][0]["total"].as_u64()
        ),
        (Some(2), Some(2))
    );
    // Candidates come a window at a time, not with the preview.
    assert!(view["sections"][0].get("candidates").is_none());
    let basics = t.ok(
        "reading_candidates",
        json!({"section": 3, "window": {"offset": 0, "limit": 5}}),
    );
    assert_eq!(
        basics,
        json!([
            {"line": 5, "kind": "heading", "text": "What is bias?", "chosen": true},
            {"line": 11, "kind": "heading", "text": "Explain dropout.", "chosen": true},
        ])
    );

    // Each correction reads the file again at once, before anything is written.
    let excluded = t.ok("reread_import", json!({"reading": {"excluded": [11]}}));
    assert_eq!(excluded["questions"], 1);
    // Picks are applied to the reading sent: a candidate, or a whole section.
    let picked = t.ok(
        "reread_import",
        json!({"reading": {}, "pick": {"line": 11, "take": false}}),
    );
    assert_eq!(picked["reading"]["reading"]["excluded"], json!([11]));
    let none = t.ok(
        "reread_import",
        json!({"reading": {}, "pick": {"section": 3, "take": false}}),
    );
    assert_eq!(none["questions"], 0);
    assert!(none["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("no questions found"));
    assert_eq!(none["reading"]["reading"]["excluded"], json!([5, 11]));
    let back = t.ok(
        "reread_import",
        json!({"reading": none["reading"]["reading"], "pick": {"section": 3, "take": true}}),
    );
    assert_eq!(
        (
            back["questions"].as_u64(),
            &back["reading"]["reading"]["excluded"]
        ),
        (Some(2), &json!([]))
    );
    let items = t.ok(
        "reread_import",
        json!({"reading": {"questionHeadings": 0, "items": "questions"}}),
    );
    assert_eq!(items["questions"], 1, "the answer's item, not the resource");
    assert_eq!(items["plan"]["categories"][0]["name"], "What is bias?");
    let senior = t.ok(
        "reread_import",
        json!({"reading": {"sectionLevels": [{"line": 3, "level": "senior"}], "excluded": [11]}}),
    );
    assert_eq!(senior["plan"]["categories"][0]["level"], "senior");
    // A misspelt choice is refused by name, not taken as no choice.
    let refused = t
        .invoke("reread_import", json!({"reading": {"exclude": [11]}}))
        .unwrap_err();
    assert!(
        refused.to_string().contains("unknown field `exclude`"),
        "{refused}"
    );
    // The last reading read is the one imported, and it is remembered for the file.
    t.ok("reread_import", json!({"reading": {"excluded": [11]}}));
    assert_eq!(t.ok("apply_import", json!({"choice": {}}))["questions"], 1);
    t.pick(&file);
    let again = t.ok("preview_import", json!({}));
    assert_eq!(
        (again["questions"].as_u64(), again["remembered"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(again["reading"]["reading"]["excluded"], json!([11]));
}

#[test]
fn an_edited_file_updates_its_questions_and_keeps_their_notes() {
    let t = start();
    let file = t.dir.path().join("mine.md");
    std::fs::write(
        &file,
        "# Evaluation\n\n- What is AUC?\n- What is log loss?\n",
    )
    .unwrap();
    t.pick(&file);
    t.ok("preview_import", json!({}));
    t.ok("apply_import", json!({"choice": {}}));
    let id = "mine.what-is-auc";
    t.ok(
        "save_note",
        json!({"questionId": id, "body": "Ranking quality."}),
    );

    std::fs::write(&file, "# Evaluation\n\n- What is ROC AUC, and when does it mislead?\n- What is log loss?\n- What is calibration?\n").unwrap();
    t.pick(&file);
    let p = t.ok("preview_import", json!({}));
    assert_eq!(
        p["plan"]["changes"],
        json!({"new": 1, "updated": 1, "unchanged": 1, "removed": 0, "kept": 0})
    );
    t.ok("apply_import", json!({"choice": {}}));
    let q = t.ok("get_question", json!({"id": id}));
    assert_eq!(q["prompt"], "What is ROC AUC, and when does it mislead?");
    assert_eq!(
        t.ok("get_note", json!({"questionId": id}))["body"],
        "Ranking quality."
    );
}

#[test]
fn a_bad_file_previews_its_errors_with_lines_and_cannot_be_applied() {
    let t = start();
    let file = t.dir.path().join("broken.toml");
    let broken = pack_text("x", &[("x-1", "Q?")]).replace("kind = \"concept\"", "kind = \"essay\"");
    std::fs::write(&file, broken).unwrap();
    t.pick(&file);
    let p = t.ok("preview_import", json!({}));
    let e = &p["errors"][0];
    assert_eq!(e["file"], file.display().to_string());
    assert_eq!(
        (e["line"].as_u64(), e["field"].as_str()),
        (Some(11), Some("kind"))
    );
    assert_code(
        t.invoke("apply_import", json!({"choice": {}})).unwrap_err(),
        "invalid_input",
    );

    // A pack that takes a built-in pack's id is refused before anything is written.
    let clash = t.dir.path().join("clash.toml");
    std::fs::write(&clash, pack_text("ml-engineer", &[("x-1", "Q?")])).unwrap();
    t.pick(&clash);
    let p = t.ok("preview_import", json!({}));
    assert_eq!(p["errors"][0]["field"], "id", "{p}");
    assert_code(
        t.invoke("apply_import", json!({"choice": {}})).unwrap_err(),
        "invalid_input",
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    use onsite::services::file_reads::MAX_FILE_BYTES;
    let t = start();
    // Sparse: one byte over the limit on paper, no space on disk.
    let file = t.dir.path().join("notes.md");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    t.pick(&file);
    let err = t.invoke("preview_import", json!({})).unwrap_err();
    let mb = MAX_FILE_BYTES / 1_000_000;
    assert_eq!(
        err["message"],
        format!("notes.md is {mb}.1 MB; Onsite reads files up to {mb} MB")
    );
    assert_code(err, "invalid_input");
}

#[test]
fn a_file_changed_after_its_preview_is_not_imported_blind() {
    let t = start();
    let file = t.dir.path().join("n.md");
    std::fs::write(&file, "- What is a feature store?\n").unwrap();
    t.pick(&file);
    t.ok("preview_import", json!({}));
    std::fs::write(
        &file,
        "- What is a feature store?\n- And a model registry?\n",
    )
    .unwrap();
    let err = t.invoke("apply_import", json!({"choice": {}})).unwrap_err();
    assert_code(err.clone(), "invalid_input");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("changed since the preview"),
        "{err}"
    );
}

fn own_question(prompt: &str) -> Value {
    json!({
        "id": "", "level": "senior", "category": "Ranking", "kind": "design", "difficulty": "hard",
        "minutes": 45, "prompt": prompt,
        "guide": {"keyPoints": ["Candidate generation", "Ranking model"], "followUps": ["Cold start?"],
                  "redFlags": [], "phases": [{"name": "Clarify", "minutes": 5, "covers": "Goals"}],
                  "coding": null, "behavioral": null}
    })
}

#[test]
fn a_pack_written_in_the_app_exports_is_removed_and_imports_back_unchanged() {
    let t = start();
    let pack = t.ok(
        "create_pack",
        json!({"meta": {"title": "My design drills", "license": "CC0-1.0"}}),
    );
    assert_eq!(pack, "my-design-drills");
    let q1 = t.ok(
        "save_question",
        json!({"packId": pack, "question": own_question("Design a feed ranker.")}),
    );
    t.ok(
        "save_question",
        json!({"packId": pack, "question": own_question("Design \"search\" ranking\nfor a shop.")}),
    );
    assert_eq!(q1, "my-design-drills.design-a-feed-ranker");
    // Edit the first: its id stays.
    let mut edited = own_question("Design a feed ranker for 100M users.");
    edited["id"] = q1.clone();
    assert_eq!(
        t.ok("save_question", json!({"packId": pack, "question": edited})),
        q1
    );
    // A copy of a bundled question, then edited in the copy.
    let copy = t.ok(
        "copy_question",
        json!({"id": "mle-fund-overfitting-prevent", "packId": pack}),
    );
    t.ok("save_note", json!({"questionId": q1, "body": "Two-stage."}));
    let before = t.ok("get_own_pack", json!({"id": pack}));
    assert_eq!(before["questions"].as_array().unwrap().len(), 3);
    assert_eq!(before["questions"][2]["id"], copy);
    // The Library asks for a pack's questions a window at a time, and for one to edit by its id.
    let window = |offset: u32, limit: u32| {
        t.ok(
            "get_own_pack",
            json!({"id": pack, "window": {"offset": offset, "limit": limit}}),
        )
    };
    let (first, rest) = (window(0, 2), window(2, 2));
    assert_eq!(
        first["info"]["questions"], 3,
        "the count covers every question"
    );
    let ids: Vec<&Value> = first["questions"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["questions"].as_array().unwrap())
        .map(|q| &q["id"])
        .collect();
    let whole: Vec<&Value> = before["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["id"])
        .collect();
    assert_eq!(ids, whole);
    assert_eq!(
        t.ok("get_own_question", json!({"id": copy})),
        before["questions"][2]
    );
    assert_code(
        t.invoke(
            "get_own_question",
            json!({"id": "mle-fund-overfitting-prevent"}),
        )
        .unwrap_err(),
        "not_found",
    );
    assert!(
        before["questions"][2]["guide"]["keyPoints"]
            .as_array()
            .unwrap()
            .len()
            >= 3,
        "the copy keeps the guide"
    );

    for format in ["toml", "json"] {
        let out_dir = TempDir::new().unwrap();
        let file = out_dir.path().join(format!("drills.{format}"));
        t.pick(&file);
        let saved = t.ok("export_pack", json!({"id": pack, "format": format}));
        assert_eq!(saved["count"], 3);
        t.ok("remove_pack", json!({"id": pack}));
        assert!(t
            .ok("list_packs", json!({}))
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["id"] != pack));
        assert_eq!(
            t.ok("get_note", json!({"questionId": q1}))["body"],
            "Two-stage.",
            "notes stay"
        );
        t.pick(&file);
        let p = t.ok("preview_import", json!({}));
        assert_eq!(p["errors"], json!([]), "{p}");
        assert_eq!(p["packId"], pack);
        assert_eq!(
            (&p["updates"], &p["restores"]),
            (&Value::Null, &json!("My design drills"))
        );
        t.ok("apply_import", json!({"choice": {}}));
        let after = t.ok("get_own_pack", json!({"id": pack}));
        assert_eq!(after["questions"], before["questions"], "{format}");
        for field in ["title", "description", "source", "license"] {
            assert_eq!(
                after["info"][field], before["info"][field],
                "{format} {field}"
            );
        }
    }
}

#[test]
fn built_in_packs_are_read_only_and_deleting_is_soft() {
    let t = start();
    assert_code(
        t.invoke(
            "save_question",
            json!({"packId": "ml-engineer", "question": own_question("X?")}),
        )
        .unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke(
            "delete_question",
            json!({"id": "mle-fund-overfitting-prevent"}),
        )
        .unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke("remove_pack", json!({"id": "ml-engineer"}))
            .unwrap_err(),
        "invalid_input",
    );
    let pack = t.ok("create_pack", json!({"meta": {"title": "Mine"}}));
    let mut bad = own_question("  ");
    bad["minutes"] = json!(0);
    let err = t
        .invoke("save_question", json!({"packId": pack, "question": bad}))
        .unwrap_err();
    assert_code(err.clone(), "invalid_input");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("prompt: must not be empty"),
        "{err}"
    );
    let id = t.ok(
        "save_question",
        json!({"packId": pack, "question": own_question("Design a cache?")}),
    );
    t.ok("save_note", json!({"questionId": id, "body": "LRU."}));
    t.ok("delete_question", json!({"id": id}));
    assert_eq!(
        t.ok("get_own_pack", json!({"id": pack}))["questions"],
        json!([])
    );
    let q = t.ok("get_question", json!({"id": id}));
    assert_eq!(q["hidden"], true);
    assert_eq!(t.ok("get_note", json!({"questionId": id}))["body"], "LRU.");
}

#[test]
fn a_backup_restores_into_a_fresh_data_folder_with_every_note_and_round() {
    let t = start();
    t.ok(
        "save_note",
        json!({"questionId": "mle-fund-overfitting-prevent", "body": "v1"}),
    );
    t.ok(
        "save_note",
        json!({"questionId": "mle-fund-overfitting-prevent", "body": "v2"}),
    );
    let pack = t.ok("create_pack", json!({"meta": {"title": "Mine"}}));
    let own = t.ok(
        "save_question",
        json!({"packId": pack, "question": own_question("Design a cache?")}),
    );
    t.ok("save_note", json!({"questionId": own, "body": "LRU."}));
    let round = t.ok(
        "start_round",
        json!({"choice": {"templateId": "mle-phone-screen", "seed": 7}}),
    );
    let id = round["id"].as_i64().unwrap();
    t.ok(
        "save_answer",
        json!({"id": id, "index": 0, "body": "My answer"}),
    );
    t.ok("round_action", json!({"id": id, "action": "abandon"}));
    let qid = r_question(&t, &json!(id));
    let review = json!({"questionId": qid, "roundId": id, "index": 0, "covered": [0]});
    t.ok("review_answer", json!({"review": review}));
    let backups = TempDir::new().unwrap();
    let file = backups.path().join("b.sqlite");
    t.pick(&file);
    t.ok("backup", json!({}));

    let fresh = start();
    assert_eq!(fresh.ok("list_rounds", json!({})), json!([]));
    fresh.pick(&file);
    let restored = fresh.ok("restore_backup", json!({}));
    assert!(std::path::Path::new(restored["previous"].as_str().unwrap()).exists());
    assert_eq!(
        fresh.ok(
            "get_note",
            json!({"questionId": "mle-fund-overfitting-prevent"})
        )["body"],
        "v2"
    );
    assert_eq!(
        fresh
            .ok(
                "note_history",
                json!({"questionId": "mle-fund-overfitting-prevent"})
            )
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        fresh.ok("get_note", json!({"questionId": own}))["body"],
        "LRU."
    );
    let rounds = fresh.ok("list_rounds", json!({}));
    assert_eq!(rounds.as_array().unwrap().len(), 1);
    assert_eq!(rounds[0], t.ok("list_rounds", json!({}))[0]);
    // The review and the schedule come back with the round they were of.
    assert!(rounds[0]["items"][0]["review"].is_object());
    let (here, there) = (
        fresh.ok("question_reviews", json!({"questionId": qid})),
        t.ok("question_reviews", json!({"questionId": qid})),
    );
    assert_eq!(here["reviews"], there["reviews"]);
    assert_eq!(here["schedule"]["dueAt"], there["schedule"]["dueAt"]);
    assert_eq!(
        fresh.ok("get_own_pack", json!({"id": pack}))["questions"][0]["id"],
        own
    );

    // Anything that is not an Onsite backup is refused, and nothing changes.
    let junk = backups.path().join("junk.sqlite");
    std::fs::write(&junk, "not a database").unwrap();
    fresh.pick(&junk);
    let err = fresh.invoke("restore_backup", json!({})).unwrap_err();
    assert_code(err.clone(), "invalid_input");
    assert!(
        err["message"].as_str().unwrap().contains("junk.sqlite"),
        "{err}"
    );
    assert_eq!(
        fresh.ok("get_note", json!({"questionId": own}))["body"],
        "LRU."
    );
}

#[test]
fn a_reimport_never_overwrites_or_hides_what_the_user_wrote_in_the_app() {
    let t = start();
    let file = t.dir.path().join("notes.md");
    std::fs::write(&file, "# A\n\n- Alpha?\n- Beta?\n").unwrap();
    t.pick(&file);
    t.ok("preview_import", json!({}));
    t.ok("apply_import", json!({"choice": {}}));
    // In the app: a question added to the imported pack, and an imported one's key points edited.
    let mut mine = own_question("My own written question?");
    mine["category"] = json!("A");
    let mine = t.ok(
        "save_question",
        json!({"packId": "notes", "question": mine}),
    );
    t.ok("save_note", json!({"questionId": mine, "body": "mine"}));
    let mut alpha = t.ok("get_own_pack", json!({"id": "notes"}))["questions"][0].clone();
    alpha["guide"]["keyPoints"] = json!(["Added in the app"]);
    t.ok(
        "save_question",
        json!({"packId": "notes", "question": alpha}),
    );

    std::fs::write(&file, "# A\n\n- Alpha?\n- Gamma from the file?\n").unwrap();
    t.pick(&file);
    let p = t.ok("preview_import", json!({}));
    assert_eq!(
        p["plan"]["changes"],
        json!({"new": 1, "updated": 0, "unchanged": 0, "removed": 1, "kept": 2}),
        "{p}"
    );
    t.ok("apply_import", json!({"choice": {}}));
    let qs = t.ok("get_own_pack", json!({"id": "notes"}))["questions"].clone();
    let prompts: Vec<&str> = qs
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["prompt"].as_str().unwrap())
        .collect();
    assert_eq!(
        prompts,
        ["Alpha?", "Gamma from the file?", "My own written question?"]
    );
    assert_eq!(qs[0]["guide"]["keyPoints"], json!(["Added in the app"]));
    assert_eq!(
        t.ok("get_question", json!({"id": mine}))["prompt"],
        "My own written question?"
    );
    assert_eq!(
        t.ok("get_note", json!({"questionId": mine}))["body"],
        "mine"
    );
}

#[test]
fn a_file_that_only_shares_a_name_with_a_pack_becomes_a_pack_of_its_own() {
    let t = start();
    let written = t.ok("create_pack", json!({"meta": {"title": "Interview prep"}}));
    assert_eq!(written, "interview-prep");
    let own = t.ok(
        "save_question",
        json!({"packId": written, "question": own_question("Design a cache?")}),
    );
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let mut packs = Vec::new();
    for (dir, prompt) in [(&a, "What is dropout?"), (&b, "What is a transformer?")] {
        let file = dir.path().join("Interview prep.md");
        std::fs::write(&file, format!("- {prompt}\n")).unwrap();
        t.pick(&file);
        let p = t.ok("preview_import", json!({}));
        assert_eq!(p["updates"], Value::Null, "{p}");
        packs.push(t.ok("apply_import", json!({"choice": {}}))["packId"].clone());
    }
    assert_eq!(
        packs,
        [json!("interview-prep-2"), json!("interview-prep-3")]
    );
    assert_eq!(t.ok("get_question", json!({"id": own}))["hidden"], false);
    // Files named in other scripts are told apart too.
    let names: Vec<Value> = ["вопросы.md", "面试.md"]
        .iter()
        .map(|name| {
            let file = a.path().join(name);
            std::fs::write(&file, "- Q?\n").unwrap();
            t.pick(&file);
            t.ok("preview_import", json!({}));
            t.ok("apply_import", json!({"choice": {}}))["packId"].clone()
        })
        .collect();
    assert_ne!(names[0], names[1]);
}

#[test]
fn an_import_cannot_take_over_a_hidden_question_of_another_pack() {
    let t = start();
    let dir = TempDir::new().unwrap();
    let deck = |name: &str, prompt: &str| {
        let file = dir.path().join(name);
        std::fs::write(
            &file,
            format!("[{{\"id\": \"q1\", \"prompt\": \"{prompt}\"}}]"),
        )
        .unwrap();
        file
    };
    t.pick(&deck("deck1.json", "What is bias?"));
    t.ok("preview_import", json!({}));
    t.ok("apply_import", json!({"choice": {}}));
    t.ok(
        "save_note",
        json!({"questionId": "q1", "body": "bias note"}),
    );
    t.ok("remove_pack", json!({"id": "deck1"}));
    t.pick(&deck("deck2.json", "What is a GPU?"));
    let p = t.ok("preview_import", json!({}));
    assert_eq!(p["errors"][0]["field"], "id", "{p}");
    assert_code(
        t.invoke("apply_import", json!({"choice": {}})).unwrap_err(),
        "invalid_input",
    );
    assert_eq!(
        t.ok("get_question", json!({"id": "q1"}))["prompt"],
        "What is bias?"
    );
}

#[test]
fn a_backup_is_not_restored_over_a_round_in_progress() {
    let t = start();
    t.ok(
        "start_round",
        json!({"choice": {"templateId": "mle-phone-screen", "seed": 1}}),
    );
    let backups = TempDir::new().unwrap();
    let file = backups.path().join("b.sqlite");
    t.pick(&file);
    t.ok("backup", json!({}));
    let err = t.invoke("restore_backup", json!({})).unwrap_err();
    assert_code(err.clone(), "invalid_input");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("round is in progress"),
        "{err}"
    );
}

/// Every field name anywhere in `v`.
/// The question at the first step of round `id`.
fn r_question(t: &TestApp, id: &Value) -> String {
    t.ok("get_round", json!({"id": id}))["items"][0]["questionId"]
        .as_str()
        .unwrap()
        .to_string()
}

fn field_names(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                field_names(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| field_names(v, out)),
        _ => {}
    }
}

/// Every property the UI reads, with the first file that reads it: `x.name`, `x?.name`, and names
/// taken apart in `const { a, b: c } = ...` or `({ a, b }) =>`.
fn ui_reads() -> std::collections::BTreeMap<String, String> {
    let dotted = regex::Regex::new(r"\??\.([A-Za-z_$][\w$]*)").unwrap();
    let destructured = regex::Regex::new(
        r"(?:(?:const|let)\s*\{([^}]*)\}\s*=|\(\s*\{([^}]*)\}\s*(?:=[^)]*)?\)\s*=>|function\s*\w*\s*\(\s*\{([^}]*)\})",
    )
    .unwrap();
    let strings = regex::Regex::new(r#"'[^'\n]*'|"[^"\n]*""#).unwrap();
    let own = regex::Regex::new(r"\b(?:this|dataset)\.[A-Za-z_$][\w$]*").unwrap();
    let mut out = std::collections::BTreeMap::new();
    let mut files = vec![std::path::PathBuf::from("ui")];
    while let Some(path) = files.pop() {
        // Vendored libraries read their own objects, never IPC payloads.
        if path.ends_with("ui/vendor") {
            continue;
        }
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Comments name things in prose ("the UI's state.js"), and strings hold CSS selectors and
        // file names: neither reads a property.
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with('*'))
            .collect::<Vec<_>>()
            .join("\n");
        let code = strings.replace_all(&code, "''");
        // A component's own fields (`this.x`) and data attributes (`el.dataset.x`) are not IPC.
        let code = own.replace_all(&code, "").replace("...", " ");
        let mut names: Vec<String> = dotted.captures_iter(&code).map(|c| c[1].into()).collect();
        for c in destructured.captures_iter(&code) {
            let list = c.get(1).or(c.get(2)).or(c.get(3)).unwrap().as_str();
            for part in list.split(',') {
                let name = part.split([':', '=']).next().unwrap().trim();
                if !name.is_empty() && !name.starts_with("...") {
                    names.push(name.into());
                }
            }
        }
        for name in names {
            out.entry(name)
                .or_insert_with(|| path.display().to_string());
        }
    }
    out
}

/// Names the UI reads that are not fields of any payload: the DOM's, JavaScript's, and the UI's
/// own objects' (its state, components, and the events it makes). A name a command sends never
/// belongs here, and neither does a misspelt one: adding to this list says "this is not IPC".
const NOT_IPC: &[&str] = &[
    // JavaScript
    "abs",
    "pop",
    "shift",
    "add",
    "stringify",
    "ceil",
    "clear",
    "clientHeight",
    "css",
    "height",
    "observe",
    "q",
    "scrollTop",
    "transform",
    "flat",
    "getTimezoneOffset",
    "localeCompare",
    "sort",
    "toLocaleDateString",
    "UTC",
    "getDate",
    "getFullYear",
    "getMonth",
    "toFixed",
    "all",
    "allSettled",
    "assign",
    "at",
    "catch",
    "delete",
    "entries",
    "every",
    "filter",
    "finally",
    "find",
    "findIndex",
    "floor",
    "forEach",
    "from",
    "fromEntries",
    "get",
    "has",
    "includes",
    "isArray",
    "isInteger",
    "join",
    "keys",
    "length",
    "map",
    "max",
    "min",
    "now",
    "padStart",
    "push",
    "random",
    "reduce",
    "repeat",
    "replace",
    "resolve",
    "round",
    "set",
    "size",
    "slice",
    "some",
    "split",
    "test",
    "then",
    "toLocaleString",
    "toLocaleTimeString",
    "toLowerCase",
    "toString",
    "toUpperCase",
    "trim",
    "values",
    // The DOM and the web platform
    "click",
    "createElementNS",
    "activeElement",
    "addEventListener",
    "altKey",
    "append",
    "body",
    "checkValidity",
    "checked",
    "children",
    "firstElementChild",
    "insertBefore",
    "nextElementSibling",
    "className",
    "clipboard",
    "close",
    "closest",
    "code",
    "connect",
    "contains",
    "createDocumentFragment",
    "createElement",
    "createGain",
    "createOscillator",
    "createTextNode",
    "ctrlKey",
    "currentTime",
    "dataset",
    "defaultPrevented",
    "define",
    "destination",
    "detail",
    "disabled",
    "documentElement",
    "elements",
    "exponentialRampToValueAtTime",
    "firstChild",
    "focus",
    "frequency",
    "gain",
    "getAll",
    "getAttribute",
    "getElementById",
    "getItem",
    "hash",
    "hidden",
    "innerHTML",
    "isConnected",
    "isContentEditable",
    "key",
    "matchMedia",
    "matches",
    "metaKey",
    "onclick",
    "prepend",
    "preventDefault",
    "querySelector",
    "querySelectorAll",
    "reload",
    "remove",
    "removeAttribute",
    "removeItem",
    "repeat",
    "replaceChildren",
    "scrollIntoView",
    "select",
    "setAttribute",
    "setItem",
    "setValueAtTime",
    "showModal",
    "open",
    "signal",
    "start",
    "stop",
    "style",
    "tagName",
    "target",
    "textContent",
    "toggle",
    "value",
    "visibilityState",
    "width",
    "writeText",
    // Tauri's bridge, read only in ui/lib/ipc.js
    "__TAURI_INTERNALS__",
    "invoke",
];

/// The UI's own names: its state, modules, components, and the options and events they pass.
const UI_OWN: &[&str] = &[
    // The detail of <note-reading>'s `reading-change` event.
    "pick",
    // CodeMirror's API, as components/code-drill.js uses it, and that component's own methods.
    "Compartment",
    "EditorState",
    "EditorView",
    "SQLite",
    "bracketMatching",
    "closeBrackets",
    "closeBracketsKeymap",
    "contentAttributes",
    "create",
    "defaultHighlightStyle",
    "defaultKeymap",
    "destroy",
    "disconnect",
    "dispatch",
    "doc",
    "docChanged",
    "drawSelection",
    "focusEditor",
    "highlightActiveLine",
    "highlightActiveLineGutter",
    "history",
    "historyKeymap",
    "indentOnInput",
    "indentUnit",
    "indentWithTab",
    "keymap",
    "lineNumbers",
    "lines",
    "of",
    "oneDark",
    "platform",
    "reconfigure",
    "searchKeymap",
    "sql",
    "state",
    "syntaxHighlighting",
    "to",
    "updateListener",
    // History's lists that grow by pages (views/history.js, pagedList).
    "empty",
    "fetch",
    "first",
    "list",
    "more",
    "next",
    // The virtual list (components/virtual-list.js) and what the question list does with it.
    "before",
    "drawn",
    "ensure",
    "keepPlace",
    "li",
    "loaded",
    "ready",
    "redraw",
    "reset",
    "row",
    "rowAt",
    "scrollTo",
    "scrollToIndex",
    "setTotal",
    "top",
    "visibleRows",
    "actions",
    "focusFirst",
    "retention",
    "saved",
    "untimed",
    "bar",
    "busy",
    "dirty",
    "draw",
    "refresh",
    "edit",
    "editId",
    "filters",
    "flush",
    "input",
    "label",
    "library",
    "load",
    "mods",
    "mount",
    "node",
    "show",
    "overview",
    "question",
    "questionLabel",
    "roundAt",
    "run",
    "schedule",
    "selectedId",
    "settings",
    "started",
    "testid",
    "text",
    "view",
    "wide",
];

#[test]
fn the_ui_reads_only_fields_that_rust_sends_and_every_field_is_camel_case() {
    let t = start();
    let mut sent = Vec::new();
    let mut keep = |v: Value| sent.push(v);
    keep(t.ok("app_info", json!({})));
    // The app's events: the folder's load sent `bank-progress` and `bank-loaded` as it started.
    let events = t.ok("next_events", json!({"after": 0}));
    assert!(!events["events"].as_array().unwrap().is_empty(), "{events}");
    keep(events);
    keep(t.ok("bank_overview", json!({})));
    keep(t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 500}, "filter": {}, "text": "model"}),
    ));
    // One question of each kind, so every part of a guide is sent.
    for kind in ["concept", "design", "coding", "behavioral"] {
        let q = bundled()
            .into_iter()
            .find(|q| q.kind.as_str() == kind)
            .unwrap();
        keep(t.ok("get_question", json!({"id": q.id})));
    }
    let id = "mle-fund-overfitting-prevent";
    keep(t.ok("save_note", json!({"questionId": id, "body": "first"})));
    keep(t.ok("seal_note", json!({"questionId": id})));
    keep(t.ok("save_note", json!({"questionId": id, "body": "second"})));
    keep(t.ok("get_note", json!({"questionId": id})));
    let history = t.ok("note_history", json!({"questionId": id}));
    let revision = history[0]["id"].clone();
    keep(history);
    keep(t.ok(
        "note_revision",
        json!({"questionId": id, "revisionId": revision}),
    ));
    keep(t.ok(
        "restore_note",
        json!({"questionId": id, "revisionId": revision}),
    ));
    keep(t.ok("recent_notes", json!({})));
    keep(t.ok("get_settings", json!({})));
    keep(t.ok("round_templates", json!({})));
    // A design round: phases, budgets, an answer, a pause, and the summary.
    let r = t.ok(
        "start_round",
        json!({"choice": {"templateId": "mle-system-design"}}),
    );
    let round = r["id"].clone();
    keep(r);
    t.ok(
        "save_answer",
        json!({"id": round, "index": 0, "body": "an answer"}),
    );
    keep(t.ok("round_action", json!({"id": round, "action": "pause"})));
    keep(t.ok("round_action", json!({"id": round, "action": "resume"})));
    keep(t.ok("round_action", json!({"id": round, "action": "finish"})));
    keep(t.ok("get_round", json!({"id": round})));
    // Its review, and a second round on the same question set beside the first.
    let qid = r_question(&t, &round);
    let review =
        json!({"questionId": qid, "roundId": round, "index": 0, "covered": [0], "flagsHit": [0]});
    keep(t.ok("suggest_rating", json!({"review": review})));
    keep(t.ok("review_answer", json!({"review": review})));
    keep(t.ok("question_reviews", json!({"questionId": qid})));
    keep(t.ok("schedule_counts", json!({"utcOffsetMinutes": 60})));
    keep(t.ok("progress", json!({"utcOffsetMinutes": 60})));
    let tried = |which: &str| -> Vec<String> {
        t.ok(
            "list_questions",
            json!({"window": {"offset": 0, "limit": 500}, "filter": {"tried": which}}),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
    };
    let (never, before) = (tried("never"), tried("before"));
    assert!(before.contains(&qid) && !never.contains(&qid));
    assert_eq!(never.len() + before.len(), bundled().len());
    assert_eq!(
        t.ok("interview_plan", json!({"utcOffsetMinutes": 60})),
        Value::Null,
        "no plan without a date"
    );
    let mut with_date = t.ok("get_settings", json!({}));
    with_date["interviewDate"] = json!("2099-01-01");
    let err = t
        .invoke("set_settings", json!({"settings": with_date}))
        .and_then(|_| t.invoke("interview_plan", json!({"utcOffsetMinutes": 60})))
        .unwrap_err();
    assert_code(err, "invalid_input");
    with_date["interviewDate"] = json!("1999-01-01");
    let err = t
        .invoke("set_settings", json!({"settings": with_date}))
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("past"), "{err}");
    with_date["interviewDate"] = json!("2099-02-30");
    assert_code(
        t.invoke("set_settings", json!({"settings": with_date}))
            .unwrap_err(),
        "invalid_input",
    );
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    // One review is too few to fit FSRS's parameters to; the fit and its progress, as sent.
    assert_code(
        t.invoke("optimise_parameters", json!({})).unwrap_err(),
        "invalid_input",
    );
    assert_eq!(t.ok("cancel_optimise", json!({})), false);
    keep(json!(onsite::domain::optimise::Fit {
        current: vec![0.5; 21],
        fitted: vec![0.6; 21],
        reviews: 64,
        current_loss: 0.4,
        fitted_loss: 0.3,
    }));
    keep(json!(onsite::services::reviews::FitProgress {
        done: 1,
        total: 2
    }));
    let soon = onsite::domain::settings::InterviewDate::from_day(today + 30);
    with_date["interviewDate"] = json!(soon.0);
    keep(t.ok("set_settings", json!({"settings": with_date})));
    let plan = t.ok("interview_plan", json!({"utcOffsetMinutes": 60}));
    assert!(
        plan["rows"].as_array().is_some_and(|r| r.len() > 4),
        "{plan}"
    );
    keep(plan);
    keep(t.ok("get_round", json!({"id": round})));
    let again = t.ok(
        "start_round",
        json!({"choice": {"fromSchedule": {"pick": "weak", "level": "mle", "count": 1}}}),
    )["id"]
        .clone();
    t.ok(
        "save_answer",
        json!({"id": again, "index": 0, "body": "a better answer"}),
    );
    t.ok("round_action", json!({"id": again, "action": "finish"}));
    keep(t.ok("compare_answer", json!({"roundId": again, "index": 0})));
    // A round whose stored record no longer reads is listed as damaged.
    let damaged = t.ok(
        "start_round",
        json!({"choice": {"templateId": "mle-coding"}}),
    )["id"]
        .clone();
    t.ok("round_action", json!({"id": damaged, "action": "abandon"}));
    rusqlite::Connection::open(t.dir.path().join("onsite.db"))
        .unwrap()
        .execute(
            "UPDATE rounds SET state = 'null' WHERE id = ?1",
            [damaged.as_i64()],
        )
        .unwrap();
    keep(t.ok("list_rounds", json!({})));
    // Coding drills: the page, runs that pass, fail, raise and do not load, one in a round, and
    // the Python they run on.
    let drill = "mle-code-roc-auc-scratch";
    keep(t.ok("get_drill", json!({"questionId": drill})));
    let code = "def roc_auc(s, l):\n    print('hi')\n    return [0.5, 1.0][len(s) % 3]\n";
    keep(t.ok(
        "run_code",
        json!({"questionId": drill, "code": code, "all": true}),
    ));
    keep(t.ok(
        "run_code",
        json!({"questionId": drill, "code": "def roc_auc(s, l)\n", "all": false}),
    ));
    keep(t.ok("python_info", json!({})));
    let coding = t.ok(
        "start_round",
        json!({"choice": {"templateId": "mle-coding"}}),
    );
    let step = coding["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| !i["drill"].is_null())
        .expect("the coding round draws runnable questions");
    t.ok(
        "run_code",
        json!({"questionId": step["questionId"], "code": "x = 1\n", "all": false, "round": {"id": coding["id"], "index": step["index"]}}),
    );
    keep(t.ok("get_round", json!({"id": coding["id"]})));
    t.ok(
        "round_action",
        json!({"id": coding["id"], "action": "abandon"}),
    );
    keep(t.ok(
        "export_round",
        json!({"id": round, "started": "1 Dec 2026"}),
    ));
    // The signals a round sends on its `round-event`, each kind of them.
    use onsite::domain::round::{PauseReason, Signal};
    keep(json!({"id": 1, "signals": [
        Signal::QuestionDue { index: 0 }, Signal::BreakDue { index: 0 },
        Signal::SoftBudgetReached { index: 0 }, Signal::PhaseDue { index: 0, phase: 1 },
        Signal::HardLimitReached { index: 0 }, Signal::TotalBudgetReached,
        Signal::Paused { reason: PauseReason::Sleep }, Signal::Resumed, Signal::RoundOver,
    ]}));
    // What `bank-progress` carries while the packs folder loads (and `bank_overview` as `loading`).
    keep(serde_json::to_value(onsite::services::pack_loader::LoadProgress::default()).unwrap());
    // The library: a pack of one's own, an import with its preview, and every export.
    let pack = t.ok(
        "create_pack",
        json!({"meta": {"title": "Mine", "license": "CC0-1.0"}}),
    );
    t.ok(
        "copy_question",
        json!({"id": bundled().iter().find(|q| q.kind.as_str() == "behavioral").unwrap().id, "packId": pack}),
    );
    keep(t.ok("get_own_pack", json!({"id": pack})));
    keep(t.ok("list_packs", json!({})));
    t.pick(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-note.md"));
    keep(t.ok("preview_import", json!({})));
    keep(t.ok(
        "reread_import",
        json!({"reading": {"sectionLevels": [{"line": 15, "level": "senior"}], "excluded": [17]}}),
    ));
    keep(t.ok(
        "reading_candidates",
        json!({"section": 15, "window": {"offset": 0, "limit": 3}}),
    ));
    keep(t.ok("apply_import", json!({"choice": {}})));
    let out = TempDir::new().unwrap();
    t.pick(&out.path().join("mine.toml"));
    keep(t.ok("export_pack", json!({"id": pack, "format": "toml"})));
    t.pick(&out.path().join("notes.md"));
    keep(t.ok("export_notes", json!({"layout": "document"})));
    t.pick(&out.path().join("reviews.csv"));
    let saved = t.ok("export_reviews", json!({}));
    assert_eq!(saved["count"], 1, "the one review made above");
    let csv = std::fs::read_to_string(out.path().join("reviews.csv")).unwrap();
    assert!(
        csv.lines().nth(1).is_some_and(|l| l.contains(&qid)),
        "{csv}"
    );
    keep(saved);
    let backup = out.path().join("backup.sqlite");
    t.pick(&backup);
    keep(t.ok("backup", json!({})));
    t.pick(&backup);
    keep(t.ok("restore_backup", json!({})));
    keep(t.ok("back_up_now", json!({})));
    let listed = t.ok("list_backups", json!({}));
    let made = listed["backups"][0]["path"].clone();
    keep(listed);
    keep(t.ok("check_database", json!({})));
    keep(t.ok("restore_listed_backup", json!({"path": made})));
    // The recovery window's, over a damaged database with a backup beside it.
    let r = damaged_with_backup();
    keep(r.ok("recovery_info", json!({})));
    keep(r.ok("recover", json!({"choice": "restoreLatest"})));

    let mut fields = std::collections::BTreeSet::new();
    sent.iter().for_each(|v| field_names(v, &mut fields));
    let snake = regex::Regex::new(r"^[a-z0-9]+(_[a-z0-9]+)+$").unwrap();
    let not_camel: Vec<_> = fields.iter().filter(|f| snake.is_match(f)).collect();
    assert!(
        not_camel.is_empty(),
        "every IPC field is camelCase: {not_camel:?}"
    );

    let reads = ui_reads();
    let stale: Vec<_> = NOT_IPC
        .iter()
        .chain(UI_OWN)
        .filter(|n| !reads.contains_key(**n))
        .collect();
    assert!(
        stale.is_empty(),
        "listed as read by the UI, but no longer read: {stale:?}"
    );
    let unknown: Vec<String> = reads
        .into_iter()
        .filter(|(name, _)| {
            !fields.contains(name)
                && !NOT_IPC.contains(&name.as_str())
                && !UI_OWN.contains(&name.as_str())
        })
        .map(|(name, file)| format!("{name} ({file})"))
        .collect();
    assert!(
        unknown.is_empty(),
        "the UI reads fields no command sends (if one is not IPC at all, list it in NOT_IPC \
         or UI_OWN): {unknown:#?}"
    );
}

/// Tauri is reached from one module, through the bridge every page has, and the global holding
/// Tauri's whole API stays off, so no other script in the page finds it ready to hand.
#[test]
fn only_ipc_js_touches_tauri_and_the_global_api_is_off() {
    let mut touching = Vec::new();
    let mut files = vec![std::path::PathBuf::from("ui")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path
            .extension()
            .is_some_and(|e| ["js", "mjs", "html"].iter().any(|x| e == *x))
            && std::fs::read_to_string(&path).unwrap().contains("__TAURI")
        {
            touching.push(path.display().to_string());
        }
    }
    assert_eq!(
        touching,
        ["ui/lib/ipc.js"],
        "only ui/lib/ipc.js touches Tauri"
    );
    let ipc = std::fs::read_to_string("ui/lib/ipc.js").unwrap();
    assert!(
        ipc.contains("window.__TAURI_INTERNALS__") && !ipc.contains("__TAURI__"),
        "ipc.js uses the bridge, not the global API"
    );
    let conf: Value =
        serde_json::from_str(&std::fs::read_to_string("tauri.conf.json").unwrap()).unwrap();
    assert_eq!(
        conf["app"]["withGlobalTauri"],
        json!(false),
        "tauri.conf.json keeps withGlobalTauri off"
    );
}

#[test]
fn start_up_does_not_wait_on_a_large_pack_in_the_folder() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    let qs: Vec<(String, String)> = (0..20_000)
        .map(|i| (format!("big-{i:05}"), format!("Zorblaxed question {i}?")))
        .collect();
    let refs: Vec<(&str, &str)> = qs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    std::fs::write(dir.path().join("packs/big.toml"), pack_text("big", &refs)).unwrap();
    let (app, started) = init_on(dir.path(), &dir.path().join("picks"));
    assert!(matches!(started, onsite::Started::Ready));
    let t = with_window(app, dir);
    // The window has the bundled bank while the folder loads beside it.
    let first = t.ok("bank_overview", json!({}));
    assert!(
        !first["loading"].is_null(),
        "the folder loads after start: {first}"
    );
    assert_eq!(first["total"], bundled().len());
    let listed = t.ok(
        "list_questions",
        json!({"window": {"offset": 0, "limit": 50}, "filter": {}, "text": null}),
    );
    assert_eq!(listed.as_array().unwrap().len(), 50);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let done = loop {
        let o = t.ok("bank_overview", json!({}));
        if o["loading"].is_null() {
            break o;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the folder never loaded"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(done["total"], bundled().len() + 20_000);
    assert_eq!(
        t.ok(
            "count_questions",
            json!({"filter": {}, "text": "zorblaxed"})
        ),
        20_000
    );
}

#[test]
fn a_large_database_is_checked_once_the_page_is_drawn_and_damage_reaches_the_ui() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("onsite.db");
    large_database(&db);
    damage_a_middle_page(&db);
    let (app, started) = init_on(dir.path(), &dir.path().join("picks"));
    assert!(
        matches!(started, onsite::Started::Ready),
        "a large database opens without the full check"
    );
    let t = with_window(app, dir);
    // Nothing reads the whole file while the page is still drawing.
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(t.ok("app_info", json!({}))["damage"].is_null());
    assert!(!db.with_file_name("onsite.db-check").exists());

    t.ok("page_drawn", json!({}));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let damage = loop {
        let d = t.ok("app_info", json!({}))["damage"].clone();
        if !d.is_null() {
            break d;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the check never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(damage.as_str().unwrap().contains("damaged"), "{damage}");
    assert!(
        db.with_file_name("onsite.db-check").exists(),
        "the next start checks in full"
    );
    // Drawn again (after the recovery window, say), the page starts no second check.
    t.ok("page_drawn", json!({}));
}
