//! End-to-end tests: the real `onsite` binary in its real WebKitGTK window under Xvfb, driven over
//! WebDriver as a user would drive it. Each test has its own data directory.

#[path = "../common/mod.rs"]
mod common;
mod harness;
mod library;

use common::bundled;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use harness::{testid, App, Harness};
use serde_json::json;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const OVERFITTING: &str = "mle-fund-overfitting-prevent";

fn total() -> usize {
    bundled().len()
}

/// How many bundled questions a one-word search for `prefix` finds (prompt or category words).
fn matching(prefix: &str) -> usize {
    let words = |q: &onsite::domain::pack::Question| {
        format!("{} {}", q.prompt, q.category)
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(prefix))
    };
    bundled().iter().filter(|q| words(q)).count()
}

/// Presses keys on whatever has focus, as a keyboard would (no element is targeted).
async fn press(app: &App, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for &k in keys {
        actions = actions
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k });
    }
    app.client.perform_actions(actions).await.unwrap();
}

async fn type_note(app: &App, text: &str) {
    let input = app.wait_for(&testid("note-input")).await;
    input.clear().await.unwrap();
    // WebDriver types a newline as the Enter key.
    input
        .send_keys(&text.replace('\n', &char::from(Key::Enter).to_string()))
        .await
        .unwrap();
    wait_saved(app).await;
}

async fn wait_saved(app: &App) {
    app.until(
        "the note to be saved",
        "return document.querySelector('[data-testid=note-status]').dataset.state === 'saved'",
    )
    .await;
}

async fn show_tab(app: &App, tab: &str) {
    app.click(&testid(&format!("note-tab-{tab}"))).await;
    app.until(&format!("the {tab} tab"), &format!(
        "return document.querySelector('[data-testid=note-tab-{tab}]').getAttribute('aria-selected') === 'true'"
    )).await;
}

#[tokio::test]
async fn first_launch_lists_every_seed_category_and_question() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.list_count(total()).await;
    // Every question is in the list, read by scrolling it to the end, with its level and category.
    let rows = app.list_rows().await;
    assert_eq!(rows.len(), total());
    let groups: std::collections::HashSet<String> =
        rows.iter().map(|[_, g, _]| g.to_uppercase()).collect();
    let distinct: std::collections::HashSet<_> = bundled()
        .iter()
        .map(|q| (q.level, q.category.clone()))
        .collect();
    assert_eq!(groups.len(), distinct.len(), "{groups:?}");
    for want in [
        "ML ENGINEER · MACHINE LEARNING FUNDAMENTALS",
        "SENIOR ML ENGINEER · LEADERSHIP & COLLABORATION",
    ] {
        assert!(groups.contains(want), "{want} missing from {groups:?}");
    }
    // The DOM holds the rows in view and a few more, never the whole list.
    let in_dom = app
        .js("return document.querySelectorAll('[data-testid=question-list] > li').length")
        .await;
    assert!(in_dom.as_u64().unwrap() <= 30, "{in_dom} rows in the DOM");
    let count = text(&app, "question-count").await;
    assert_eq!(count, format!("{} questions", total()));
    let prompts: Vec<String> = rows.into_iter().map(|[_, _, p]| p).collect();
    assert!(prompts
        .iter()
        .any(|p| p == "What’s the difference between AUC-ROC and Precision-Recall curves?"));
    assert!(prompts
        .iter()
        .any(|p| p.ends_with("using an unsupervised learning approach.")));
    app.quit().await;
}

/// The id of the selected row, once the list shows `id` selected.
async fn selected(app: &App, id: &str) {
    app.until(&format!("{id} to be selected"), &format!(
        "return document.querySelector('[data-testid=question-item][aria-selected=true]')?.dataset.id === {id:?}"
    )).await;
}

#[tokio::test]
async fn the_keyboard_moves_through_the_whole_list_by_row_page_and_end() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.list_count(total()).await;
    let ids = app.list_ids().await;
    app.js("const s = document.querySelector('.list-scroll'); s.scrollTop = 0; return true")
        .await;
    app.open_question(&ids[0]).await;
    // Clicking a row gives the list the keyboard.
    app.until(
        "the list to have focus",
        "return document.activeElement?.dataset.testid === 'question-list'",
    )
    .await;
    press(&app, &[char::from(Key::End)]).await;
    selected(&app, ids.last().unwrap()).await;
    press(&app, &[char::from(Key::Up)]).await;
    selected(&app, &ids[ids.len() - 2]).await;
    press(&app, &[char::from(Key::Home)]).await;
    selected(&app, &ids[0]).await;
    press(&app, &[char::from(Key::Down), char::from(Key::Down)]).await;
    selected(&app, &ids[2]).await;
    // A page is as many rows as the list shows: whatever the window's size, it moves past them.
    let rows_in_view = app
        .js("const s = document.querySelector('.list-scroll'); return Math.max(1, Math.floor(s.clientHeight / 92))")
        .await
        .as_u64()
        .unwrap() as usize;
    press(&app, &[char::from(Key::PageDown)]).await;
    selected(&app, &ids[2 + rows_in_view]).await;
    press(&app, &[char::from(Key::PageUp)]).await;
    selected(&app, &ids[2]).await;
    // The row selected from the keyboard is the question shown.
    let prompt = text(&app, "question-prompt").await;
    let want = bundled()
        .into_iter()
        .find(|q| q.id == ids[2])
        .unwrap()
        .prompt;
    assert_eq!(prompt, want);
    app.quit().await;
}

#[tokio::test]
async fn filters_and_search_find_a_question_by_a_word_in_its_text() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.list_count(total()).await;

    app.find(&testid("search"))
        .await
        .send_keys("vanish")
        .await
        .unwrap();
    app.list_count(matching("vanish")).await;
    let prompts = app.row_prompts().await;
    assert!(prompts
        .iter()
        .any(|p| p == "Explain vanishing and exploding gradients. How can they be mitigated?"));
    assert!(
        prompts.iter().all(|p| p.to_lowercase().contains("vanish")),
        "{prompts:?}"
    );

    app.click(&testid("clear-filters")).await;
    app.list_count(total()).await;
    app.find(&testid("filter-level"))
        .await
        .select_by_value("senior")
        .await
        .unwrap();
    app.find(&testid("filter-kind"))
        .await
        .select_by_value("coding")
        .await
        .unwrap();
    let senior_coding = bundled()
        .iter()
        .filter(|q| q.level.as_str() == "senior" && q.kind.as_str() == "coding")
        .count();
    app.list_count(senior_coding).await;
    app.find(&testid("search"))
        .await
        .send_keys("LRU")
        .await
        .unwrap();
    app.until("the LRU question", "return [...document.querySelectorAll('[data-testid=question-item] .q-prompt')].some(p => p.textContent.includes('LRU'))").await;
    let prompts = app.row_prompts().await;
    assert!(
        !prompts.is_empty() && prompts.len() < senior_coding,
        "search narrowed the filtered list: {prompts:?}"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_note_survives_a_restart_and_is_shown_rendered() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_question(OVERFITTING).await;
    show_tab(&app, "write").await;
    type_note(&app, "**Regularise**: L2, dropout and *early stopping*.").await;
    app.quit().await;

    let app = h.launch(dir.path()).await;
    app.open_question(OVERFITTING).await;
    app.until("the note's rendered text", "return document.querySelector('[data-testid=note-rendered] strong')?.textContent === 'Regularise'").await;
    let rendered = app
        .find(&testid("note-rendered"))
        .await
        .html(true)
        .await
        .unwrap();
    assert!(rendered.contains("<em>early stopping</em>"), "{rendered}");
    let has_note = app
        .find(&format!("[data-id={OVERFITTING:?}] [data-testid=has-note]"))
        .await;
    assert!(
        has_note.is_displayed().await.unwrap(),
        "the list marks questions with notes"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_note_typed_just_before_the_window_closes_is_saved() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_question(OVERFITTING).await;
    show_tab(&app, "write").await;
    app.find(&testid("note-input"))
        .await
        .send_keys("closing thoughts")
        .await
        .unwrap();
    // The close should come before the autosave timer (0.6 s after the last key), so that the save
    // on closing is what keeps the text. A machine too busy to get there in time has saved it by
    // the timer instead; the text must survive either way, and the run says which path it took.
    let state = app
        .js("return document.querySelector('[data-testid=note-status]').dataset.state")
        .await;
    if state != json!("dirty") {
        eprintln!("the autosave ran before the close ({state}): this run checks that path instead");
    }
    app.close_window().await;

    let app = h.launch(dir.path()).await;
    app.open_question(OVERFITTING).await;
    app.until("the note saved on close", "return document.querySelector('[data-testid=note-rendered]').textContent.trim() === 'closing thoughts'").await;
    app.quit().await;
}

#[tokio::test]
async fn a_damaged_settings_file_is_reported_and_defaults_apply() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("settings.json"), "{\"theme\": \"dark\",,,").unwrap();
    let app = h.launch(dir.path()).await;
    let notice = app.wait_for(&testid("notice")).await.text().await.unwrap();
    assert!(
        notice.contains("could not be read") && notice.contains("settings.damaged-"),
        "{notice}"
    );
    assert_eq!(
        app.js("return document.documentElement.dataset.theme")
            .await,
        json!("light")
    );
    app.quit().await;
}

/// A data folder whose database holds one note and has an automatic backup, then is damaged.
fn damaged_folder_with_a_backup() -> TempDir {
    let dir = TempDir::new().unwrap();
    let db_path = dir.path().join("onsite.db");
    {
        let db = onsite::storage::Db::open(&db_path).unwrap();
        onsite::services::pack_loader::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
        db.save_note(OVERFITTING, "**kept** in the backup", 1)
            .unwrap();
    }
    let now = onsite::services::clock::now_ms() - 2 * 3_600_000;
    onsite::services::backups::make(
        &db_path,
        &dir.path().join("backups"),
        onsite::services::backups::Kind::Auto,
        now,
    )
    .unwrap();
    // Garbage over the header, as a failing disk or a stray program might leave it.
    let mut bytes = std::fs::read(&db_path).unwrap();
    bytes[..100].fill(0x5A);
    std::fs::write(&db_path, bytes).unwrap();
    dir
}

#[tokio::test]
async fn a_damaged_database_opens_the_recovery_window_and_the_latest_backup_is_restored_from_it() {
    let Some(h) = Harness::start() else { return };
    let dir = damaged_folder_with_a_backup();
    let damaged = std::fs::read(dir.path().join("onsite.db")).unwrap();
    let app = h.launch(dir.path()).await;
    let what = app
        .wait_for(&testid("recovery-what"))
        .await
        .text()
        .await
        .unwrap();
    assert!(what.contains("damaged"), "{what}");
    let path = app
        .find(&testid("recovery-path"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(path, dir.path().join("onsite.db").display().to_string());
    let restore = app.find(&testid("recover-restoreLatest")).await;
    let hint = app
        .js("return document.querySelector('[data-testid=recover-restoreLatest]').nextElementSibling.textContent")
        .await;
    assert!(
        hint.as_str().unwrap().contains("2 hours ago")
            && hint.as_str().unwrap().contains("1 note,"),
        "the backup is named by its age and contents: {hint}"
    );
    assert_eq!(
        app.js("return document.activeElement.dataset.testid").await,
        json!("recover-restoreLatest"),
        "the first way out has the keyboard"
    );
    restore.click().await.unwrap();
    // The app itself opens, with the backup's note, and says what was done.
    app.wait_for("[data-testid=question-item]").await;
    let toast = app
        .wait_for("#toast:not([hidden])")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        toast.contains("Restored the backup") && toast.contains("damaged-"),
        "{toast}"
    );
    app.open_question(OVERFITTING).await;
    app.until("the restored note", "return document.querySelector('[data-testid=note-rendered] strong')?.textContent === 'kept'").await;
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("damaged-")
        })
        .expect("a folder of damaged files");
    assert_eq!(
        std::fs::read(aside.join("onsite.db")).unwrap(),
        damaged,
        "kept byte for byte"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_second_launch_on_the_same_data_folder_exits_and_names_the_one_running() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    let bin =
        std::env::var("ONSITE_E2E_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_onsite").into());
    let second = std::process::Command::new(bin)
        .args(["--data-dir", &dir.path().display().to_string()])
        .env("DISPLAY", app.display())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(
        second.status.success(),
        "exits cleanly: {:?} {said}",
        second.status
    );
    assert!(
        said.contains("is in use") && said.contains("process"),
        "{said}"
    );
    // The first is untouched and still answers.
    app.open_question(OVERFITTING).await;
    app.quit().await;
}

#[tokio::test]
async fn key_points_stay_hidden_until_revealed() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_question(OVERFITTING).await;
    let body = app.wait_for(&testid("guide-body")).await;
    assert!(
        !body.is_displayed().await.unwrap(),
        "the user answers first"
    );
    app.click(&testid("guide-reveal")).await;
    app.until(
        "the key points",
        "return !document.querySelector('[data-testid=guide-body]').hidden",
    )
    .await;
    let points = app.texts("[data-testid=guide-key-points] label").await;
    assert!((3..=7).contains(&points.len()), "{points:?}");
    assert!(!app
        .texts("[data-testid=guide-follow-ups] li")
        .await
        .is_empty());
    assert!(!app
        .texts("[data-testid=guide-red-flags] label")
        .await
        .is_empty());

    // Reviewed on its own page: every key point ticked, untimed, so Easy is suggested and saved.
    let boxes = app
        .find_all("[data-testid=question-detail] [data-testid=guide-key-points] input")
        .await;
    for b in &boxes {
        b.click().await.unwrap();
    }
    app.until(
        "the suggestion for every point",
        "return document.querySelector('[data-testid=question-detail] [data-testid=review-suggestion]').textContent.startsWith('Suggested: Easy')",
    )
    .await;
    app.click("[data-testid=question-detail] [data-testid=review-save]")
        .await;
    app.until(
        "the question's schedule",
        "return document.querySelector('[data-testid=schedule-line]').textContent.startsWith('Reviewed once, last rated Easy · back in')",
    )
    .await;
    // Pressing 3 corrects the rating: still one review, now Good.
    app.find("[data-testid=question-detail] [data-testid=guide-key-points] input")
        .await
        .click()
        .await
        .unwrap();
    press(&app, &['3']).await;
    app.until(
        "the corrected review",
        "return document.querySelector('[data-testid=schedule-line]').textContent.startsWith('Reviewed once, last rated Good')",
    )
    .await;
    // With a box in focus the view's keys still work: r hides the guide again.
    press(&app, &['r']).await;
    app.until(
        "the guide hidden",
        "return document.querySelector('[data-testid=question-detail] [data-testid=guide-body]').hidden",
    )
    .await;

    // A coding question states the problem up front.
    app.open_question("smle-code-lru-least-recently-used").await;
    app.wait_for(&testid("coding-statement")).await;
    app.quit().await;
}

/// The STAR lines of every question shown by `selector`'s guides, in order.
const STAR_LINES: &str = "return [...document.querySelectorAll(arguments[0])].map((s) => \
     [...s.querySelectorAll('li')].map((li) => li.textContent))";

#[tokio::test]
async fn every_behavioural_question_shows_its_star_answer_in_questions_and_the_summary() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    let behavioural: Vec<_> = bundled()
        .into_iter()
        .filter(|q| q.kind == onsite::domain::pack::Kind::Behavioral)
        .collect();
    assert!(
        behavioural.len() >= 58,
        "{} behavioural questions",
        behavioural.len()
    );
    for q in &behavioural {
        app.open_question(&q.id).await;
        app.click(&testid("guide-reveal")).await;
        app.until(
            "the guide",
            "return !document.querySelector('[data-testid=guide-body]').hidden",
        )
        .await;
        let star = app.find(&testid("guide-star")).await;
        assert!(star.is_displayed().await.unwrap(), "{}", q.id);
        let want = &q
            .guide
            .behavioral
            .as_ref()
            .expect("a STAR guide")
            .strong_answer;
        let shown = app
            .client
            .execute(STAR_LINES, vec![json!("[data-testid=guide-star]")])
            .await
            .unwrap();
        assert_eq!(shown, json!([want]), "{}", q.id);
    }

    // A round of two leadership questions, ended at once: the summary shows both STAR guides.
    app.open_view("practice").await;
    app.find(&testid("custom-level"))
        .await
        .select_by_value("senior")
        .await
        .unwrap();
    app.click("[data-testid=custom-form] input[name=category][value='Leadership & Collaboration']")
        .await;
    let n = app.find(&testid("custom-count")).await;
    n.clear().await.unwrap();
    n.send_keys("2").await.unwrap();
    app.click(&testid("start-custom")).await;
    app.wait_for(&testid("round-prompt")).await;
    chord(&app, Key::Alt, 'f').await;
    app.wait_for(&testid("round-summary")).await;
    let shown = app
        .client
        .execute(
            STAR_LINES,
            vec![json!(
                "[data-testid=round-summary] [data-testid=guide-star]"
            )],
        )
        .await
        .unwrap();
    let shown = shown.as_array().unwrap();
    assert_eq!(shown.len(), 2, "a STAR guide per question: {shown:?}");
    for lines in shown {
        assert!(
            behavioural
                .iter()
                .any(|q| json!(q.guide.behavioral.as_ref().unwrap().strong_answer) == *lines),
            "{lines}"
        );
    }
    app.quit().await;
}

#[tokio::test]
async fn an_earlier_note_version_is_restored_from_history() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_question(OVERFITTING).await;
    show_tab(&app, "write").await;
    type_note(&app, "first answer").await;
    type_note(&app, "second answer").await;
    show_tab(&app, "history").await;
    app.count(&testid("note-revision"), 2).await;
    app.click(&testid("note-restore")).await;
    app.until("the restored text", "return document.querySelector('[data-testid=note-rendered]').textContent.trim() === 'first answer'").await;
    show_tab(&app, "history").await;
    app.count(&testid("note-revision"), 3).await;
    app.quit().await;
}

#[tokio::test]
async fn the_theme_survives_a_restart_and_dark_is_applied() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_view("settings").await;
    app.click(&testid("theme-dark")).await;
    app.until(
        "settings to save",
        "return document.querySelector('[data-testid=settings-status]').dataset.state === 'saved'",
    )
    .await;
    let bg = app
        .js("return getComputedStyle(document.body).backgroundColor")
        .await;
    assert_eq!(bg, json!("rgb(18, 21, 29)"));
    app.quit().await;

    let app = h.launch(dir.path()).await;
    assert_eq!(
        app.js("return document.documentElement.dataset.theme")
            .await,
        json!("dark")
    );
    assert_eq!(
        app.js("return getComputedStyle(document.body).backgroundColor")
            .await,
        json!("rgb(18, 21, 29)")
    );
    app.open_view("settings").await;
    assert!(
        app.find(&testid("theme-dark"))
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref()
            == Some("true")
    );
    app.quit().await;
}

const PAYLOAD: &str = r#"<script>window.__probe=1</script> <img src=x onerror="window.__probe=1"> [click me](javascript:window.__probe=1) <a href="javascript:window.__probe=1">raw link</a>"#;

#[tokio::test]
async fn imported_and_typed_markup_stays_inert() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/hostile.toml"),
        format!(
            "[pack]\nid = \"hostile\"\ntitle = \"Hostile\"\nlevel = \"mle\"\nsource = \"test\"\nlicense = \"CC0-1.0\"\n\n\
             [[question]]\nid = \"hostile-1\"\ncategory = \"Zebra <b>bold</b>\"\nkind = \"concept\"\ndifficulty = \"easy\"\n\
             minutes = 3\nprompt = '''Zebrafish {PAYLOAD}'''\n"
        ),
    )
    .unwrap();
    let app = h.launch(dir.path()).await;
    app.find(&testid("search"))
        .await
        .send_keys("zebrafish")
        .await
        .unwrap();
    app.list_count(1).await;
    app.open_question("hostile-1").await;
    let prompt = text(&app, "question-prompt").await;
    assert_eq!(
        prompt,
        format!("Zebrafish {PAYLOAD}"),
        "the prompt shows as plain text"
    );

    show_tab(&app, "write").await;
    type_note(
        &app,
        &format!("Note {PAYLOAD}\n\n[a web link](https://example.org/)"),
    )
    .await;
    show_tab(&app, "preview").await;
    let html = app
        .find(&testid("note-rendered"))
        .await
        .html(true)
        .await
        .unwrap();
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!html.contains(bad), "{bad} reached the page: {html}");
    }
    let before = app.js("return location.href").await;
    app.click("[data-testid=note-rendered] a[href^='https:']")
        .await;
    assert_eq!(
        app.js("return location.href").await,
        before,
        "a link never navigates the app away"
    );
    assert_eq!(
        app.js("return typeof window.__probe").await,
        json!("undefined"),
        "no payload ran"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_damaged_pack_shows_its_error_and_the_rest_of_the_bank_works() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/broken.toml"),
        "[pack]\nid = \"broken\"\ntitle = \"Broken\"\nlevel = \"mle\"\nsource = \"s\"\nlicense = \"CC0-1.0\"\n\n\
         [[question]]\nid = \"b-1\"\ncategory = \"C\"\nkind = \"riddle\"\ndifficulty = \"easy\"\nminutes = 3\nprompt = \"P?\"\n",
    )
    .unwrap();
    let app = h.launch(dir.path()).await;
    let banner = app.wait_for(&testid("pack-errors")).await;
    banner.click().await.unwrap(); // expands the details
    let text = banner.text().await.unwrap();
    assert!(text.contains("broken.toml:11"), "{text}");
    assert!(text.contains("kind") && text.contains("riddle"), "{text}");
    app.list_count(total()).await;
    app.open_question(OVERFITTING).await;
    app.quit().await;
}

#[tokio::test]
async fn browsing_and_writing_a_note_work_from_the_keyboard_alone() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.list_count(total()).await;
    press(&app, &['/']).await;
    app.until(
        "search to have focus",
        "return document.activeElement?.dataset.testid === 'search'",
    )
    .await;
    press(&app, &"overfitting".chars().collect::<Vec<_>>()).await;
    app.list_count(matching("overfitting")).await;
    press(&app, &[char::from(Key::Enter)]).await;
    app.until(
        "the list to have focus",
        "return document.activeElement?.dataset.testid === 'question-list'",
    )
    .await;
    press(&app, &['e']).await;
    app.until(
        "the editor to have focus",
        "return document.activeElement?.dataset.testid === 'note-input'",
    )
    .await;
    press(&app, &"typed *by keyboard*".chars().collect::<Vec<_>>()).await;
    wait_saved(&app).await;
    press(&app, &[char::from(Key::Escape)]).await;
    app.until("the rendered note", "return document.querySelector('[data-testid=note-rendered] em')?.textContent === 'by keyboard'").await;
    let ctrl = char::from(Key::Control);
    let chord = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: ctrl })
        .then(KeyAction::Down { value: '6' })
        .then(KeyAction::Up { value: '6' })
        .then(KeyAction::Up { value: ctrl });
    app.client.perform_actions(chord).await.unwrap();
    app.until(
        "settings to show",
        "return !document.querySelector('[data-testid=view-settings]').hidden",
    )
    .await;
    app.quit().await;
}

/// Presses `key` with `modifier` held, as one chord.
async fn chord(app: &App, modifier: Key, key: char) {
    let m = char::from(modifier);
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: m })
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key })
        .then(KeyAction::Up { value: m });
    app.client.perform_actions(actions).await.unwrap();
}

async fn text(app: &App, id: &str) -> String {
    app.wait_for(&testid(id)).await.text().await.unwrap()
}

/// Starts a custom round of `count` bank-order questions with `seconds` each.
async fn start_custom_round(app: &App, count: u32, seconds: u32) {
    app.open_view("practice").await;
    let n = app.wait_for(&testid("custom-count")).await;
    n.clear().await.unwrap();
    n.send_keys(&count.to_string()).await.unwrap();
    app.find(&testid("custom-budget"))
        .await
        .send_keys(&seconds.to_string())
        .await
        .unwrap();
    app.find(&testid("custom-unit"))
        .await
        .select_by_value("seconds")
        .await
        .unwrap();
    app.find(&testid("custom-order"))
        .await
        .select_by_value("fixed")
        .await
        .unwrap();
    app.click(&testid("start-custom")).await;
    app.wait_for(&testid("round-prompt")).await;
}

/// Seconds in a `m:ss` or `h:mm:ss` clock as the UI writes it.
fn clock_secs(text: &str) -> f64 {
    text.trim().split(':').fold(0.0, |acc, part| {
        acc * 60.0 + part.parse::<f64>().expect("a clock")
    })
}

/// A whole number of seconds written as the UI's clock writes it (`m:ss`).
fn clock_text(secs: f64) -> String {
    let s = secs as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

async fn wait_answer_saved(app: &App) {
    app.until(
        "the answer to be saved",
        "return document.querySelector('[data-testid=answer-status]').dataset.state === 'saved'",
    )
    .await;
}

#[tokio::test]
async fn a_custom_round_runs_to_the_end_with_overtime_and_pausing_stops_the_clock() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    // Every bound below comes from moments the test saw, so a slow machine widens the window the
    // clock must fall in but never fails it: the app started the round after `asked` and before
    // `shown`, paused before `paused` was seen and resumed after `resume_clicked`, and so on.
    let asked = Instant::now();
    start_custom_round(&app, 3, 3).await;
    let shown = Instant::now();
    assert_eq!(text(&app, "round-progress").await, "Question 1 of 3");
    app.find(&testid("answer-input"))
        .await
        .send_keys("Regularise, and get more data.")
        .await
        .unwrap();
    wait_answer_saved(&app).await;

    let pause_clicked = Instant::now();
    app.click(&testid("round-pause")).await;
    app.wait_for(&testid("paused-banner")).await;
    let paused = Instant::now();
    let frozen = text(&app, "question-timer").await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        text(&app, "question-timer").await,
        frozen,
        "a paused round's clock stands still"
    );
    let resume_clicked = Instant::now();
    app.click(&testid("round-resume")).await;
    app.until(
        "the round to run again",
        "return document.querySelector('[data-testid=round-card]').dataset.status === 'running'",
    )
    .await;
    let resumed = Instant::now();
    app.until(
        "overtime to show",
        "return document.querySelector('[data-testid=question-timer]').textContent.startsWith('+')",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let next_clicked = Instant::now();
    app.click(&testid("round-next")).await;
    app.until("question 2", "return document.querySelector('[data-testid=round-progress]')?.textContent === 'Question 2 of 3'").await;
    let moved_on = Instant::now();
    app.click(&testid("round-skip")).await;
    app.until("question 3", "return document.querySelector('[data-testid=round-progress]')?.textContent === 'Question 3 of 3'").await;
    app.click(&testid("round-next")).await; // the last question's button finishes

    app.wait_for(&testid("round-summary")).await;
    assert_eq!(text(&app, "summary-answered").await, "1 of 3");
    assert_eq!(text(&app, "summary-skipped").await, "1");
    let outcomes = app.texts("[data-testid=summary-outcome]").await;
    assert_eq!(outcomes, ["Answered", "Skipped", "Unanswered"]);
    let guides = app
        .find_all("[data-testid=round-summary] [data-testid=guide-key-points]")
        .await;
    assert_eq!(
        guides.len(),
        3,
        "the summary shows key points next to each answer"
    );

    // What the clock promises for the first question: the pause (at least the 2.5 s the test
    // waited) is left out, the time spent running is all counted, and overtime is never capped.
    let secs = |from: Instant, to: Instant| (to - from).as_secs_f64();
    let at_most = secs(asked, moved_on) - secs(paused, resume_clicked);
    let at_least = secs(shown, next_clicked) - secs(pause_clicked, resumed);
    let used = app.texts("[data-testid=summary-used]").await;
    let (used_secs, budget_secs) = used[0].split_once(" / ").expect("used / budget");
    let (used_secs, budget_secs) = (clock_secs(used_secs), clock_secs(budget_secs));
    assert_eq!(budget_secs, 3.0);
    assert!(
        used_secs >= at_least.floor() && used_secs <= at_most,
        "{used_secs} s recorded; the round ran between {at_least:.1} s and {at_most:.1} s"
    );
    let overtime = app.texts("[data-testid=summary-item-overtime]").await;
    assert_eq!(
        overtime[0],
        format!("+{}", clock_text(used_secs - budget_secs)),
        "overtime is the time used past the budget, uncapped"
    );
    assert!(
        used_secs - budget_secs >= 1.0,
        "the test spent over a second past the budget: {overtime:?}"
    );

    // History lists it and opens it read-only.
    app.open_view("history").await;
    app.click(&testid("round-item")).await;
    app.wait_for(&format!(
        "{} {}",
        testid("round-summary"),
        testid("summary-answered")
    ))
    .await;
    assert!(app.find_all(&testid("answer-input")).await.is_empty());
    app.quit().await;
}

#[tokio::test]
async fn a_round_killed_midway_is_offered_for_resume_after_relaunch() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    start_custom_round(&app, 3, 60).await;
    let next_clicked = Instant::now();
    app.click(&testid("round-next")).await;
    app.until("question 2", "return document.querySelector('[data-testid=round-progress]')?.textContent === 'Question 2 of 3'").await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    // Kill the app outright: no chance to save anything on the way out.
    let pattern = format!("onsite --data-dir {}", dir.path().display());
    let killed = std::process::Command::new("pkill")
        .args(["-KILL", "-f", &pattern])
        .status()
        .unwrap();
    assert!(killed.success(), "the app process was found and killed");
    let killed_at = Instant::now();
    let _ = app.client.close().await;

    let app = h.launch(dir.path()).await;
    app.wait_for(&testid("paused-banner")).await;
    assert_eq!(text(&app, "round-progress").await, "Question 2 of 3");
    // The running time is written about every second, so a kill loses little of the 3.5 s the
    // question ran; the time the app was down counts as paused, so no more than the time from
    // the click to the kill was used.
    let left = text(&app, "question-timer").await;
    let used = 60.0 - clock_secs(&left);
    let at_most = (killed_at - next_clicked).as_secs_f64() + 1.0;
    assert!(
        (1.0..=at_most).contains(&used),
        "{left} left of 1:00: the question ran 3.5 s, and at most {at_most:.1} s in all"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        text(&app, "question-timer").await,
        left,
        "it comes back paused"
    );
    app.click(&testid("round-resume")).await;
    app.until(
        "the clock to run again",
        &format!(
        "return document.querySelector('[data-testid=question-timer]').textContent !== {left:?}"
    ),
    )
    .await;
    app.quit().await;
}

#[tokio::test]
async fn drawing_a_question_opens_one_in_the_question_view() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_view("practice").await;
    app.click(&testid("practice-draw")).await;
    app.until(
        "the question view",
        "return !document.querySelector('[data-testid=view-questions]').hidden",
    )
    .await;
    app.until(
        "a question to open",
        "return document.querySelector('[data-testid=question-prompt]')?.textContent.length > 0",
    )
    .await;
    app.quit().await;
}

#[tokio::test]
async fn a_round_runs_from_the_keyboard_alone() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.list_count(total()).await;
    chord(&app, Key::Control, '2').await;
    app.until(
        "a template's Start to have focus",
        "return document.activeElement?.dataset.start === 'mle-phone-screen'",
    )
    .await;
    press(&app, &[char::from(Key::Enter)]).await;
    // The phone screen opens with a runnable coding question: its answer is code, in the editor.
    app.until(
        "the code editor to have focus",
        "return document.activeElement?.dataset.testid === 'code-input'",
    )
    .await;
    press(&app, &"# typed".chars().collect::<Vec<_>>()).await;
    app.until(
        "the code to be saved",
        "return document.querySelector('[data-testid=code-status]').dataset.state === 'saved' \
         && document.querySelector('code-drill .cm-content').textContent.includes('# typed')",
    )
    .await;
    // Tab indents in the editor; Esc then Tab leaves it.
    press(&app, &[char::from(Key::Tab)]).await;
    app.until(
        "Tab to stay in the editor",
        "return document.activeElement?.dataset.testid === 'code-input'",
    )
    .await;
    press(&app, &[char::from(Key::Escape), char::from(Key::Tab)]).await;
    app.until(
        "Esc then Tab to leave the editor",
        "return document.activeElement && document.activeElement.dataset.testid !== 'code-input' \
         && document.activeElement !== document.body",
    )
    .await;
    chord(&app, Key::Alt, 'p').await;
    app.wait_for(&testid("paused-banner")).await;
    chord(&app, Key::Alt, 'p').await;
    app.until(
        "resumed",
        "return document.querySelector('[data-testid=round-card]').dataset.status === 'running'",
    )
    .await;
    chord(&app, Key::Alt, 'n').await;
    app.until("question 2", "return document.querySelector('[data-testid=round-progress]')?.textContent === 'Question 2 of 6'").await;
    chord(&app, Key::Alt, 's').await;
    app.until("question 3", "return document.querySelector('[data-testid=round-progress]')?.textContent === 'Question 3 of 6'").await;
    chord(&app, Key::Alt, 'f').await;
    app.wait_for(&testid("round-summary")).await;
    assert_eq!(text(&app, "summary-answered").await, "1 of 6");
    assert_eq!(
        app.texts("[data-testid=summary-outcome]").await[..3],
        ["Answered", "Skipped", "Unanswered"]
    );
    app.quit().await;
}

/// Focus is on a box to tick in the review of the summary's `n`th answer (1-based).
async fn review_focus_on(app: &App, n: usize) {
    app.until(
        &format!("a box of answer {n}'s review to have focus"),
        &format!(
            "const item = document.querySelectorAll('[data-testid=summary-item]')[{}]; \
             return document.activeElement?.type === 'checkbox' && item.contains(document.activeElement)",
            n - 1
        ),
    )
    .await;
}

#[tokio::test]
async fn a_round_is_reviewed_from_the_keyboard_and_the_weak_answer_comes_back_to_be_tried_blind() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    start_custom_round(&app, 2, 60).await;
    let first_prompt = text(&app, "round-prompt").await;
    let answer = app.wait_for(&testid("answer-input")).await;
    answer.send_keys("Accuracy alone misleads.").await.unwrap();
    wait_answer_saved(&app).await;
    chord(&app, Key::Alt, 'n').await;
    app.until("question 2", "return document.querySelector('[data-testid=round-progress]')?.textContent === 'Question 2 of 2'").await;
    app.find(&testid("answer-input"))
        .await
        .send_keys("A second answer.")
        .await
        .unwrap();
    wait_answer_saved(&app).await;
    chord(&app, Key::Alt, 'f').await;
    app.wait_for(&testid("round-summary")).await;
    assert_eq!(text(&app, "summary-reviewed").await, "0 of 2");

    // The whole review from the keyboard: Enter starts it; Space ticks the first key point and Enter
    // keeps the suggestion (Again: one point of several); 3 rates the second answer Good.
    app.until(
        "Review answers to have focus",
        "return document.activeElement?.dataset.testid === 'review-start'",
    )
    .await;
    press(&app, &[char::from(Key::Enter)]).await;
    review_focus_on(&app, 1).await;
    press(&app, &[' ']).await;
    app.until(
        "the suggestion for one key point",
        "return document.querySelector('[data-testid=review-suggestion]').textContent.startsWith('Suggested: Again')",
    )
    .await;
    press(&app, &[char::from(Key::Enter)]).await;
    review_focus_on(&app, 2).await;
    press(&app, &['3']).await;
    app.until(
        "both answers reviewed",
        "return document.querySelector('[data-testid=summary-reviewed]').textContent === '2 of 2'",
    )
    .await;
    let statuses = app
        .texts("[data-testid=round-summary] [data-testid=review-status]")
        .await;
    assert!(
        statuses[0].starts_with("Rated Again · back"),
        "{statuses:?}"
    );
    assert!(statuses[1].starts_with("Rated Good · back"), "{statuses:?}");
    app.quit().await;

    // A day later the answer rated Again (back within hours) is due, and the one rated Good (back in
    // over two days) is not yet, whatever the time of day the test runs at.
    h.days_later(1.0);
    let app = h.launch(dir.path()).await;
    app.open_view("practice").await;
    app.until(
        "the counts of the schedule",
        "return document.querySelector('[data-testid=schedule-counts]').textContent.startsWith('1 question due today, of 2 reviewed')",
    )
    .await;
    assert_eq!(text(&app, "start-due").await, "Due today (1)");
    app.click(&testid("start-due")).await;
    app.wait_for(&testid("round-prompt")).await;
    assert_eq!(text(&app, "round-prompt").await, first_prompt);
    // Blind: nothing of the earlier answer is on the screen while the new one is written.
    let page: String = app
        .js("return document.body.innerText")
        .await
        .as_str()
        .unwrap()
        .into();
    assert!(
        !page.contains("Accuracy alone misleads"),
        "the earlier answer is hidden"
    );
    app.find(&testid("answer-input"))
        .await
        .send_keys("Accuracy alone misleads on imbalanced data: use precision and recall.")
        .await
        .unwrap();
    wait_answer_saved(&app).await;
    chord(&app, Key::Alt, 'f').await;
    app.wait_for(&testid("round-summary")).await;
    assert!(text(&app, "summary-title").await.starts_with("Due today"));
    app.click(&testid("attempt")).await;
    assert_eq!(
        text(&app, "attempt-previous").await,
        "Accuracy alone misleads."
    );
    let added = app
        .js("return [...document.querySelectorAll('[data-testid=attempt-diff] ins')].map((e) => e.textContent).join('')")
        .await;
    assert!(
        added.as_str().unwrap().contains("precision and recall"),
        "{added}"
    );

    // The dashboard counts both reviews: one question still due (its new answer is not reviewed
    // yet) and weak, and a streak of one day, as the reviews were made yesterday.
    chord(&app, Key::Control, '4').await;
    app.until(
        "the dashboard",
        "return document.querySelector('[data-testid=progress-reviewed]')?.textContent.startsWith('2 of ')",
    )
    .await;
    assert_eq!(text(&app, "progress-due").await, "1");
    assert_eq!(text(&app, "progress-weak").await, "1");
    assert_eq!(text(&app, "progress-streak").await, "1 day");
    assert_eq!(
        text(&app, "progress-calendar-text").await,
        "Practised on 1 day of the last 182; current streak 1 day."
    );
    assert!(!app.find_all("[data-testid=progress-row]").await.is_empty());

    // The interview, set from the keyboard a month on (the app's today is tomorrow): the plan
    // says how many questions a day reach the target, and where the current pace leads.
    let day = onsite::domain::settings::InterviewDate::from_day(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            / 86_400
            + 31,
    );
    let date = app.find(&testid("interview-date")).await;
    date.send_keys(&day.0).await.unwrap();
    date.send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.until(
        "the plan",
        "return document.querySelector('[data-testid=plan-needed-mle]')?.textContent",
    )
    .await;
    assert!(
        text(&app, "interview-plan").await.contains("in 30 days"),
        "{}",
        text(&app, "interview-plan").await
    );
    let needed = text(&app, "plan-needed-mle").await;
    assert!(needed.ends_with("questions a day"), "{needed}");
    assert!(!app.find_all("[data-testid=plan-row]").await.is_empty());

    // The questions never tried open in the Questions view, as many as the dashboard counts.
    let never: usize = text(&app, "progress-never").await.parse().unwrap();
    app.click(&testid("show-never-tried")).await;
    app.until(
        "the questions never tried",
        &format!("return document.querySelector('[data-testid=question-count]')?.textContent.startsWith('{never} of ')"),
    )
    .await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=filter-tried]').value")
            .await,
        "never"
    );
    app.quit().await;
}

#[tokio::test]
async fn parameters_fitted_to_the_users_reviews_are_kept_and_reverted_from_the_keyboard() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let db_path = dir.path().join("onsite.db");
    let db = onsite::storage::Db::open(&db_path).unwrap();
    onsite::services::pack_loader::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    drop(db);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    common::seed_forgetful_log(&db_path, "mle", 100, now - 130 * 86_400_000);
    let app = h.launch(dir.path()).await;
    chord(&app, Key::Control, '6').await;
    assert!(text(&app, "parameters-in-use").await.contains("default"));
    app.find(&testid("optimise"))
        .await
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    // The fit is offered beside the parameters in use, and the focus waits on keeping it.
    app.wait_for(&testid("keep-fit")).await;
    assert_eq!(
        app.js("return document.activeElement.dataset.testid").await,
        "keep-fit"
    );
    assert_eq!(
        app.find_all("[data-testid=fit-table] tbody tr").await.len(),
        21
    );
    press(&app, &[char::from(Key::Enter)]).await;
    app.until(
        "the fit to be kept",
        "return document.querySelector('[data-testid=optimise-status]')?.textContent.startsWith('Now scheduling')",
    )
    .await;
    assert!(text(&app, "parameters-in-use").await.contains("your own"));
    let kept = app
        .js("return document.querySelector('[data-testid=revert-fit]') !== null")
        .await;
    assert_eq!(kept, true);
    app.click(&testid("revert-fit")).await;
    app.until(
        "the defaults to return",
        "return document.querySelector('[data-testid=parameters-in-use]')?.textContent.includes('default')",
    )
    .await;
    app.quit().await;
}

/// Ten weeks of reviews, most days, over the ML Engineer questions, getting better with time: the
/// log a user would have after practising, for the dashboard's screenshot.
fn seed_ten_weeks(db_path: &std::path::Path) {
    const DAY: i64 = 86_400_000;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let questions: Vec<_> = bundled()
        .into_iter()
        .filter(|q| q.level.as_str() == "mle" && !q.guide.key_points.is_empty())
        .take(90)
        .collect();
    let mut rng = fastrand::Rng::with_seed(3);
    let conn = rusqlite::Connection::open(db_path).unwrap();
    for day in (0..70).rev() {
        if rng.u8(0..10) < 3 && day > 4 {
            continue; // a day off
        }
        for _ in 0..rng.usize(2..8) {
            let q = &questions[rng.usize(0..questions.len())];
            let points = q.guide.key_points.len();
            let skill = 0.35 + 0.5 * (70 - day) as f64 / 70.0;
            let covered =
                ((points as f64 * (skill + rng.f64() * 0.3 - 0.15)).round() as usize).min(points);
            let share = covered as f64 / points as f64;
            let rating = if share < 0.5 {
                "again"
            } else if share < 0.75 {
                "hard"
            } else if share < 1.0 {
                "good"
            } else {
                "easy"
            };
            let ticked: Vec<usize> = (0..covered).collect();
            conn.execute(
                "INSERT INTO reviews (question_id, at, suggested, rating, key_points, covered, red_flags, flags_hit, used_ms, budget_ms) \
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5, 0, '[]', ?6, 240000)",
                rusqlite::params![
                    q.id,
                    now - day * DAY - rng.i64(0..8 * 3_600_000),
                    rating,
                    points as i64,
                    serde_json::to_string(&ticked).unwrap(),
                    rng.i64(150_000..420_000),
                ],
            )
            .unwrap();
        }
    }
    drop(conn);
    let db = onsite::storage::Db::open(db_path).unwrap();
    onsite::services::reviews::rebuild(&db, &onsite::domain::settings::Settings::default())
        .unwrap();
}

/// Start-up time of two builds side by side, for the release profile's figures: `ONSITE_BENCH_A`
/// and `ONSITE_BENCH_B` name the binaries. Each run starts the app on a new data folder and times
/// it from the WebDriver session request to the UI's first data loaded. Run by hand (see README).
#[tokio::test]
#[ignore]
async fn startup_time_side_by_side() {
    let bins = ["ONSITE_BENCH_A", "ONSITE_BENCH_B"]
        .map(|v| std::env::var(v).unwrap_or_else(|_| panic!("set {v}")));
    let h = Harness::start().expect("a display");
    let mut times: [Vec<u128>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..7 {
        for (i, bin) in bins.iter().enumerate() {
            let dir = TempDir::new().unwrap();
            let began = Instant::now();
            let app = h.launch_bin(bin, dir.path()).await;
            times[i].push(began.elapsed().as_millis());
            app.quit().await;
        }
    }
    let median = |v: &mut Vec<u128>| {
        v.sort();
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut times[0]), median(&mut times[1]));
    println!(
        "start-up to UI ready, median of 7: A {a} ms, B {b} ms, B/A {:.2}",
        b as f64 / a as f64
    );
}

/// One half of the upgrade test (scripts/upgrade-test): with ONSITE_UPGRADE_STAGE=before, the
/// installed (older) app writes a note into ONSITE_UPGRADE_DIR; with `after`, the newer app, installed
/// over it, must still show it, with its database migrated.
#[tokio::test]
#[ignore]
async fn upgrade_keeps_notes() {
    let stage = std::env::var("ONSITE_UPGRADE_STAGE").expect("set ONSITE_UPGRADE_STAGE");
    let dir = std::path::PathBuf::from(
        std::env::var("ONSITE_UPGRADE_DIR").expect("set ONSITE_UPGRADE_DIR"),
    );
    let h = Harness::start().expect("a display");
    let app = h.launch(&dir).await;
    app.open_question(OVERFITTING).await;
    if stage == "before" {
        show_tab(&app, "write").await;
        type_note(&app, "Written before the upgrade.").await;
    } else {
        app.until("the note from before the upgrade", "return document.querySelector('[data-testid=note-rendered]').textContent.trim() === 'Written before the upgrade.'").await;
        let db = rusqlite::Connection::open(dir.join("onsite.db")).unwrap();
        let version: i64 = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        let migrations = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src-tauri/storage/migrations"
        ))
        .unwrap()
        .count() as i64;
        assert_eq!(
            version, migrations,
            "the newer app migrated the older database"
        );
    }
    app.quit().await;
}

/// Regenerates docs/screenshots/. Run by scripts/screenshots; not part of the test suite.
#[tokio::test]
#[ignore]
async fn screenshots() {
    let h = Harness::start().expect("screenshots need a display");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.list_count(total()).await;
    // The first question's page fills in after the list: wait for it, as a user would see it.
    app.wait_for("[data-testid=question-detail] note-editor")
        .await;
    app.screenshot(&out.join("questions.png")).await;

    app.open_question("mle-eval-evaluate-classification-model-imbalanced")
        .await;
    show_tab(&app, "write").await;
    type_note(&app, "## Start from the cost of errors\n\n- Accuracy misleads: 99% by predicting the majority.\n\
        - Use **precision/recall**, F1, and the **PR curve** (AUC-PR) over ROC when positives are rare.\n\
        - Pick a threshold from the business cost of FP vs FN.\n\n| metric | when |\n|---|---|\n| recall | missing a positive is costly |\n\
        | precision | false alarms are costly |\n\n> Follow-up: how would you resample? `class_weight`, SMOTE, focal loss.").await;
    show_tab(&app, "preview").await;
    app.screenshot(&out.join("question-note.png")).await;
    show_tab(&app, "write").await;
    type_note(
        &app,
        "## Start from the cost of errors\n\nPR curve over ROC when positives are rare.",
    )
    .await;
    show_tab(&app, "history").await;
    app.count(&testid("note-revision"), 2).await;
    app.click(&testid("note-revision-open")).await;
    app.wait_for(&testid("note-revision-body")).await;
    app.screenshot(&out.join("note-history.png")).await;

    app.open_question("smle-lead-pm-metric-disagreement").await;
    app.click(&testid("guide-reveal")).await;
    app.wait_for(&testid("guide-star")).await;
    app.screenshot(&out.join("question-star.png")).await;

    app.open_question("smle-design-large-scale-recommendation")
        .await;
    app.click(&testid("guide-reveal")).await;
    app.wait_for(&testid("guide-phases")).await;
    app.screenshot(&out.join("question-guide.png")).await;

    // A coding drill run: one visible case passes, the one with a tie does not.
    app.open_question("mle-code-roc-auc-scratch").await;
    app.wait_for("code-drill .cm-content").await;
    write_code(&app, ROC_AUC_NO_TIES, "# ties count as losses here").await;
    press_button(&app, "drill-run").await;
    app.wait_for(&testid("run-summary")).await;
    app.js("document.querySelector('code-drill .code-editor').scrollIntoView({ block: 'start' }); return true")
        .await;
    app.screenshot(&out.join("drill.png")).await;

    app.open_view("practice").await;
    app.wait_for(&testid("start-mle-system-design")).await;
    app.click(&testid("start-mle-system-design")).await;
    let answer = app.wait_for(&testid("answer-input")).await;
    answer
        .send_keys(
            "Clarify first: who uses it, at what scale, which latency, and what success means.",
        )
        .await
        .unwrap();
    wait_answer_saved(&app).await;
    app.screenshot(&out.join("round.png")).await;
    app.click(&testid("round-next")).await;
    app.wait_for(&testid("round-summary")).await;
    app.screenshot(&out.join("summary.png")).await;

    // The review step, on a concept question: two key points ticked, the suggestion shown, saved.
    app.click(&testid("new-round")).await;
    start_custom_round(&app, 1, 240).await;
    app.find(&testid("answer-input"))
        .await
        .send_keys(
            "Supervised learning fits labelled pairs (x, y), as in spam classification. \
            Unsupervised learning finds structure without labels: clusters, embeddings.",
        )
        .await
        .unwrap();
    wait_answer_saved(&app).await;
    app.click(&testid("round-next")).await;
    app.wait_for(&testid("round-summary")).await;
    app.click(&testid("review-start")).await;
    for n in [1, 2] {
        app.click(&format!(
            "[data-testid=round-summary] [data-testid=guide-key-points] label:nth-of-type({n}) input"
        ))
        .await;
    }
    app.until(
        "the suggestion",
        "return document.querySelector('[data-testid=round-summary] [data-testid=review-suggestion]').textContent.includes('2 of')",
    )
    .await;
    app.js("document.querySelector('[data-testid=summary-item]').scrollIntoView({ block: 'start' }); return true")
        .await;
    app.screenshot(&out.join("review.png")).await;
    app.click("[data-testid=round-summary] [data-testid=review-save]")
        .await;
    app.until(
        "the review to be saved",
        "return document.querySelector('[data-testid=summary-reviewed]').textContent === '1 of 1'",
    )
    .await;

    // Weak spots brings the reviewed question back; the new answer is set beside the last one.
    app.click(&testid("new-round")).await;
    app.wait_for(&testid("start-weak")).await;
    app.until(
        "the counts of the schedule",
        "return document.querySelector('[data-testid=schedule-counts]').textContent.includes('of 1 reviewed')",
    )
    .await;
    app.screenshot(&out.join("practice.png")).await;
    app.click(&testid("start-weak")).await;
    let answer = app.wait_for(&testid("answer-input")).await;
    answer
        .send_keys(
            "Supervised learning fits labelled pairs (x, y) to predict y, as in spam classification. \
             Unsupervised learning finds structure without labels: clusters, embeddings, anomalies. \
             Reinforcement learning learns a policy from rewards by acting in an environment.",
        )
        .await
        .unwrap();
    wait_answer_saved(&app).await;
    app.click(&testid("round-next")).await;
    app.wait_for(&testid("round-summary")).await;
    app.click(&testid("attempt")).await;
    app.wait_for(&testid("attempt-diff")).await;
    app.js("document.querySelector('[data-testid=attempt]').scrollIntoView({ block: 'start' }); return true")
        .await;
    app.screenshot(&out.join("attempt.png")).await;

    app.open_view("history").await;
    app.wait_for(&testid("history-item")).await;
    app.screenshot(&out.join("history.png")).await;

    library::screenshots(&h, &app, &out).await;

    // Progress after ten weeks of practice, seeded straight into the log while the app is closed.
    app.quit().await;
    seed_ten_weeks(&dir.path().join("onsite.db"));
    let app = h.launch(dir.path()).await;
    app.open_view("progress").await;
    app.wait_for(&testid("progress-table")).await;
    // The charts are drawn after the data arrives: give the window a moment to paint them.
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.js("document.querySelector('[data-testid=progress]').scrollIntoView(); return true")
        .await;
    app.screenshot(&out.join("progress.png")).await;

    // The interview plan, six weeks out, for the ML Engineer level.
    let in_six_weeks = onsite::domain::settings::InterviewDate::from_day(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            / 86_400
            + 42,
    );
    let date = app.find(&testid("interview-date")).await;
    date.send_keys(&in_six_weeks.0).await.unwrap();
    date.send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.wait_for(&testid("plan-needed-mle")).await;
    app.js(
        "const s = document.querySelector('[data-testid=progress-level]'); s.value = 'mle'; \
            s.dispatchEvent(new Event('change')); s.closest('header').scrollIntoView(); return true",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.screenshot(&out.join("plan.png")).await;

    app.open_view("settings").await;
    app.wait_for(&testid("theme-dark")).await;
    app.js("document.getElementById('toast').hidden = true; return true")
        .await;
    app.until(
        "the Python drills run on",
        "return document.querySelector('[data-testid=python-info]').textContent.startsWith('Python 3')",
    )
    .await;
    app.screenshot(&out.join("settings.png")).await;

    app.click(&testid("theme-dark")).await;
    app.until(
        "settings to save",
        "return document.querySelector('[data-testid=settings-status]').dataset.state === 'saved'",
    )
    .await;
    app.click(&testid("nav-questions")).await;
    app.screenshot(&out.join("dark.png")).await;
    app.open_view("progress").await;
    app.wait_for(&testid("progress-table")).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.screenshot(&out.join("progress-dark.png")).await;
    app.click(&testid("nav-questions")).await;
    app.open_question("mle-code-roc-auc-scratch").await;
    app.wait_for("code-drill .cm-content").await;
    press_button(&app, "drill-submit").await;
    app.wait_for(&testid("run-summary")).await;
    app.js("document.querySelector('code-drill .code-editor').scrollIntoView({ block: 'start' }); return true")
        .await;
    app.screenshot(&out.join("drill-dark.png")).await;

    // FSRS's parameters fitted to four months of senior-level reviews, beside the defaults.
    app.quit().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    common::seed_forgetful_log(
        &dir.path().join("onsite.db"),
        "senior",
        100,
        now - 130 * 86_400_000,
    );
    let app = h.launch(dir.path()).await;
    app.open_view("settings").await;
    app.click(&testid("optimise")).await;
    app.wait_for(&testid("keep-fit")).await;
    app.js("document.querySelector('[data-testid=fit]').closest('fieldset').scrollIntoView(); return true")
        .await;
    app.screenshot(&out.join("optimise.png")).await;
    app.quit().await;
}

/// The recovery window and Settings' backups, for docs/screenshots/. Run by scripts/screenshots.
#[tokio::test]
#[ignore]
async fn screenshots_of_data_safety() {
    let h = Harness::start().expect("screenshots need a display");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    let dir = damaged_folder_with_a_backup();
    let app = h.launch(dir.path()).await;
    app.wait_for(&testid("recover-restoreLatest")).await;
    app.screenshot(&out.join("recovery.png")).await;
    app.quit().await;

    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_view("settings").await;
    app.click(&testid("back-up-now")).await;
    app.wait_for(&testid("backup-row")).await;
    app.click(&testid("check-database")).await;
    app.until(
        "the check",
        "return document.querySelector('[data-testid=check-status]').dataset.state === 'saved'",
    )
    .await;
    app.js("const v = document.getElementById('view-settings'); v.scrollTop = v.scrollHeight; return true")
        .await;
    app.screenshot(&out.join("backups.png")).await;
    app.quit().await;
}

/// The kill -9 soak: `scripts/soak N` runs N trials (ONSITE_SOAK_TRIALS). Each launches the app,
/// checks that every line acknowledged as saved before the last kill is in the note, types a new
/// line and waits for "Saved", types more without waiting, then kills the app with SIGKILL at a
/// varying moment. It prints how many trials kept every acknowledged line. Not part of the suite.
#[tokio::test]
#[ignore]
async fn kill_soak() {
    let trials: usize = std::env::var("ONSITE_SOAK_TRIALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let h = Harness::start().expect("the soak needs a display");
    let dir = TempDir::new().unwrap();
    let mut acknowledged: Vec<String> = Vec::new();
    let (mut kept, mut checked) = (0, 0);
    for trial in 0..=trials {
        let app = h.launch(dir.path()).await;
        app.open_question(OVERFITTING).await;
        show_tab(&app, "write").await;
        let body = app
            .js("return document.querySelector('[data-testid=note-input]').value")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        if trial > 0 {
            checked += 1;
            let missing: Vec<_> = acknowledged
                .iter()
                .filter(|l| !body.lines().any(|b| b == l.as_str()))
                .collect();
            if missing.is_empty() {
                kept += 1;
            } else {
                eprintln!("trial {trial}: lost {missing:?}");
            }
        }
        if trial == trials {
            app.quit().await;
            break;
        }
        let line = format!("ack {trial}");
        app.js("const i = document.querySelector('[data-testid=note-input]'); i.focus(); i.setSelectionRange(i.value.length, i.value.length); return true").await;
        let input = app.find(&testid("note-input")).await;
        let enter = char::from(Key::Enter);
        input.send_keys(&format!("{enter}{line}")).await.unwrap();
        wait_saved(&app).await;
        acknowledged.push(line);
        // More typing, in flight when the kill comes: it may or may not be kept.
        input.send_keys(&format!("{enter}u{trial}")).await.unwrap();
        tokio::time::sleep(Duration::from_millis((trial as u64 * 37) % 700)).await;
        let pattern = format!("onsite.*--data-dir {}", dir.path().display());
        let killed = std::process::Command::new("pkill")
            .args(["-KILL", "-f", &pattern])
            .status()
            .unwrap();
        assert!(killed.success(), "the app was running and was killed");
        let _ = app.client.close().await;
    }
    println!("kill -9 soak: {kept} of {checked} trials kept every acknowledged note");
    assert_eq!(kept, checked);
}

/// An ROC AUC that counts ties as losses: right on most cases, wrong where scores tie.
const ROC_AUC_NO_TIES: &str = "def roc_auc(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    if not pos or not neg:
        return None
    wins = sum(p > n for p in pos for n in neg)
    return wins / (len(pos) * len(neg))";

/// Clicks the button with test id `id`, scrolled first to the middle of the window, clear of the
/// round's action bar.
async fn press_button(app: &App, id: &str) {
    app.js(&format!(
        "document.querySelector('[data-testid={id}]').scrollIntoView({{ block: 'center' }}); return true"
    ))
    .await;
    app.click(&testid(id)).await;
}

/// Puts `code` in the code editor through CodeMirror's own update path (what a paste does), then
/// types `comment` on a new last line key by key, and waits for the editor to show both.
async fn write_code(app: &App, code: &str, comment: &str) {
    let script = format!(
        "import('./vendor/codemirror.js').then(({{ EditorView }}) => {{
           const v = EditorView.findFromDOM(document.querySelector('code-drill .cm-editor'));
           v.dispatch({{ changes: {{ from: 0, to: v.state.doc.length, insert: {} }} }});
         }}); return true;",
        serde_json::to_string(&code).unwrap()
    );
    app.js(&script).await;
    app.until(
        "the code in the editor",
        &format!(
            "return document.querySelector('code-drill .cm-content').textContent.includes({})",
            serde_json::to_string(code.lines().next().unwrap_or_default()).unwrap()
        ),
    )
    .await;
    app.js("document.querySelector('code-drill .cm-line').scrollIntoView({ block: 'center' }); return true")
        .await;
    app.click("code-drill .cm-line").await;
    chord(app, Key::Control, char::from(Key::End)).await;
    let typed: Vec<char> = std::iter::once(char::from(Key::Enter))
        .chain(comment.chars())
        .collect();
    press(app, &typed).await;
    app.until(
        "the typed line",
        &format!(
            "return document.querySelector('code-drill .cm-content').textContent.includes({})",
            serde_json::to_string(comment).unwrap()
        ),
    )
    .await;
}

#[tokio::test]
async fn a_coding_round_runs_code_against_the_cases_and_the_summary_keeps_code_counts_and_time() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    // Some reference solutions use NumPy: point Onsite at a Python that has it, as a user would.
    let python = ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|p| {
            onsite::services::drill_runner::python_info(p)
                .numpy
                .is_some()
        })
        .expect("a python3 with NumPy: run scripts/setup.sh");
    app.open_view("settings").await;
    let field = app.wait_for(&testid("python-path")).await;
    field.send_keys(&format!("{python}\t")).await.unwrap();
    app.until(
        "the Python path to be saved and checked",
        "return document.querySelector('[data-testid=settings-status]').dataset.state === 'saved' \
         && /NumPy \\d/.test(document.querySelector('[data-testid=python-info]').textContent)",
    )
    .await;
    app.open_view("practice").await;
    app.click(&testid("start-mle-coding")).await;
    app.wait_for(&testid("round-prompt")).await;

    // Question 1: the reference solution, submitted against every case.
    let first = app
        .until(
            "the drill",
            "return document.querySelector('code-drill')?.dataset.questionId",
        )
        .await;
    let first = first.as_str().unwrap().to_string();
    let sql = bundled()
        .into_iter()
        .find(|q| q.id == first)
        .and_then(|q| q.drill)
        .is_some_and(|d| d.language == onsite::domain::drill::Language::Sql);
    let (ext, comment) = if sql {
        ("sql", "-- checked")
    } else {
        ("py", "# checked")
    };
    let code = std::fs::read_to_string(format!("tests/drills/{first}.{ext}")).unwrap();
    app.wait_for("code-drill .cm-content").await;
    write_code(&app, &code, comment).await;
    press_button(&app, "drill-submit").await;
    let summary = app.wait_for(&testid("run-summary")).await;
    let passed = summary.attr("data-passed").await.unwrap().unwrap();
    let total = summary.attr("data-total").await.unwrap().unwrap();
    assert_eq!(passed, total, "{}", summary.text().await.unwrap());
    assert!(total.parse::<u32>().unwrap() >= 5);
    let hidden = app
        .js("return [...document.querySelectorAll('[data-testid=case-result]')].filter((c) => c.textContent.includes('Hidden case')).length")
        .await
        .as_u64()
        .unwrap();
    assert!(hidden > 0, "a submission tries the hidden cases too");

    // Question 2: the starter code, run against the visible cases.
    press_button(&app, "round-next").await;
    app.until(
        "question 2's drill",
        &format!(
            "const d = document.querySelector('code-drill'); return d && d.dataset.questionId !== {} && d.querySelector('.cm-content')",
            serde_json::to_string(&first).unwrap()
        ),
    )
    .await;
    press_button(&app, "drill-run").await;
    let run = app.wait_for(&testid("run-summary")).await;
    assert!(run.text().await.unwrap().contains("visible cases pass"));
    press_button(&app, "round-next").await; // the last question's button finishes

    app.wait_for(&testid("round-summary")).await;
    let runs = app.texts("[data-testid=summary-run]").await;
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert!(
        runs[0].contains(&format!("{total} of {total} cases passed")),
        "{runs:?}"
    );
    assert!(runs[1].contains("visible cases passed"), "{runs:?}");
    let kept = app.texts("[data-testid=summary-code]").await;
    assert!(
        kept[0].contains(comment) && kept[0].contains(code.lines().next().unwrap()),
        "{kept:?}"
    );
    let times = app.texts("[data-testid=summary-used]").await;
    assert!(
        times.iter().all(|t| t.ends_with("/ 25:00")),
        "time against the 25-minute budget: {times:?}"
    );
    app.screenshot(&std::path::PathBuf::from("target/e2e-coding-round.png"))
        .await;
    app.quit().await;
}

#[tokio::test]
async fn a_runaway_solution_is_cancelled_from_the_page_and_the_page_stays_usable() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(dir.path()).await;
    app.open_question("mle-code-roc-auc-scratch").await;
    app.wait_for("code-drill .cm-content").await;
    write_code(
        &app,
        "def roc_auc(scores, labels):\n    while True:\n        pass\n",
        "# never ends",
    )
    .await;
    press_button(&app, "drill-run").await;
    app.wait_for(&testid("run-progress")).await;
    // While it runs, the rest of the app answers: the note of the same question opens.
    app.click(&testid("note-tab-write")).await;
    app.wait_for(&testid("note-input")).await;
    press_button(&app, "drill-cancel").await;
    let ending = app.wait_for(&testid("run-ending")).await;
    assert_eq!(ending.text().await.unwrap(), "Cancelled.");
    // The buttons work again, and a good solution now runs.
    write_code(
        &app,
        "def roc_auc(scores, labels):\n    return 0.5\n",
        "# a guess",
    )
    .await;
    press_button(&app, "drill-run").await;
    app.until(
        "the next run's results",
        "return document.querySelector('[data-testid=run-summary]')?.textContent.includes('visible cases pass')",
    )
    .await;
    app.quit().await;
}
