//! Every command through Tauri's IPC layer on the mock runtime: the happy path, and the error shape
//! the UI relies on (`{code, message}`), with a temporary data directory per test.

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

fn start_in(dir: TempDir) -> TestApp {
    let app = onsite::app(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("app builds");
    onsite::init(
        &app,
        &Config {
            data_dir: Some(dir.path().to_path_buf()),
        },
    )
    .expect("app starts");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    TestApp {
        _app: app,
        window,
        dir,
    }
}

fn start() -> TestApp {
    start_in(TempDir::new().unwrap())
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

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn bundled() -> Vec<onsite::domain::pack::Question> {
    onsite::bank::bundled_questions()
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
    let all = t.ok("list_questions", json!({"filter": {}, "text": null}));
    assert_eq!(all.as_array().unwrap().len(), bundled().len());
    let senior = t.ok(
        "list_questions",
        json!({"filter": {"level": "senior", "kind": "behavioral"}}),
    );
    let want = bundled()
        .iter()
        .filter(|q| q.level.as_str() == "senior" && q.kind.as_str() == "behavioral")
        .count();
    assert_eq!(senior.as_array().unwrap().len(), want);
    let hits = t.ok("list_questions", json!({"filter": {}, "text": "vanishing"}));
    assert_eq!(hits[0]["id"], "mle-dl-vanishing-exploding-gradients-they");
}

#[test]
fn list_questions_rejects_an_unknown_filter_value() {
    let t = start();
    let err = t
        .invoke("list_questions", json!({"filter": {"level": "principal"}}))
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
fn settings_default_save_validate_and_persist() {
    let t = start();
    let s = t.ok("get_settings", json!({}));
    assert_eq!(
        s,
        json!({"theme": "system", "budgets": {"concept": 4, "design": 45, "coding": 30, "behavioral": 5}, "soundCues": false})
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

    let mut bad = new.clone();
    bad["budgets"]["design"] = json!(0);
    assert_code(
        t.invoke("set_settings", json!({"settings": bad}))
            .unwrap_err(),
        "invalid_input",
    );
    assert_eq!(
        t.ok("get_settings", json!({})),
        new,
        "a refused change leaves settings as they were"
    );

    // A new start reads them back.
    let dir = t.dir;
    drop(t._app);
    let t = start_in(dir);
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
    assert_eq!(templates["templates"].as_array().unwrap().len(), 5);
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
        json!({"choice": {"templateId": "ml-breadth-screen"}}),
    );
    assert_code(
        t.invoke(
            "start_round",
            json!({"choice": {"templateId": "ml-coding"}}),
        )
        .unwrap_err(),
        "invalid_input",
    );
    assert_code(
        t.invoke("save_answer", json!({"id": 1, "index": 3, "body": "x"}))
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
    let out = t.ok("export_notes", json!({}));
    let path = out["path"].as_str().unwrap();
    assert!(
        path.starts_with(&t.dir.path().display().to_string()),
        "exports stay in the data folder"
    );
    let md = std::fs::read_to_string(path).unwrap();
    assert_eq!(md, out["markdown"].as_str().unwrap());
    let (mle, senior) = (
        md.find("## ML Engineer").unwrap(),
        md.find("## Senior ML Engineer").unwrap(),
    );
    assert!(mle < senior);
    assert!(md.contains("### Machine Learning Fundamentals\n\n#### What is overfitting? How can you prevent it?\n\nRegularise.\n"), "{md}");
    assert!(md.contains("Hash map + list."));
}
