//! End-to-end: importing, writing packs of one's own, exporting and backing up, in the real window.
//! File dialogs are answered through the harness (`Harness::pick`); everything after the pick is
//! what a user gets.

use super::*;
use std::path::Path;

fn seed_note() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-note.md")
}

/// Waits for a toast whose text starts with `prefix`, and returns its text.
async fn toast(app: &App, prefix: &str) -> String {
    let script = format!(
        "const t = document.getElementById('toast'); return !t.hidden && t.textContent.startsWith({prefix:?}) && t.textContent"
    );
    app.until(&format!("a toast saying {prefix:?}"), &script)
        .await
        .as_str()
        .unwrap()
        .to_string()
}

async fn import(h: &Harness, app: &App, file: &Path) {
    h.pick(file);
    app.open_view("library").await;
    app.click(&testid("import")).await;
    app.wait_for(&testid("import-preview")).await;
}

/// Types into a field as a user would, scrolling it into view first (WebKitWebDriver refuses a
/// field half hidden in a scrolled dialog). A newline is the Enter key.
async fn type_into(app: &App, css: &str, text: &str) {
    let input = app.wait_for(css).await;
    app.client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' })",
            vec![serde_json::to_value(&input).unwrap()],
        )
        .await
        .unwrap();
    input.clear().await.unwrap();
    input
        .send_keys(&text.replace('\n', &char::from(Key::Enter).to_string()))
        .await
        .unwrap();
}

/// Exports the open pack as an Onsite pack, through its Export dialog.
async fn export_toml(app: &App) {
    app.click(&format!(
        "{} {}",
        testid("view-library"),
        testid("export-pack")
    ))
    .await;
    app.click(&testid("export-format-toml")).await;
    app.click(&testid("export-confirm")).await;
}

/// The questions of the open pack, as the editor lists them.
async fn own_questions(app: &App) -> Vec<String> {
    // Read in one go: the list may be drawn again (after a save) between two WebDriver calls.
    serde_json::from_value(
        app.js("return [...document.querySelectorAll('[data-testid=own-question]')].map((e) => e.innerText)")
            .await,
    )
    .unwrap()
}

#[tokio::test]
async fn the_seed_note_imports_through_the_app_into_its_levels_and_categories() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let note = dir.path().join("ML interview questions.txt");
    std::fs::copy(seed_note(), &note).unwrap();
    let app = h.launch(&dir.path().join("data")).await;
    app.list_count(total()).await;

    import(&h, &app, &note).await;
    assert_eq!(text(&app, "import-summary").await, "83 in 15 categories");
    // Counts per level and category, as the seed's bundled questions have them.
    let shown: Vec<(String, String, String)> = serde_json::from_value(app.js(
        "return [...document.querySelectorAll('[data-testid=import-categories] section')].flatMap((s) =>\
           [...s.querySelectorAll('tr')].map((tr) => [s.querySelector('h3').textContent, tr.cells[0].textContent, tr.cells[1].textContent]))",
    ).await).unwrap();
    let mut expected: Vec<(String, String, String)> = Vec::new();
    for q in bundled().into_iter().filter(|q| q.seed) {
        let key = (q.level.label().to_string(), q.category.clone());
        match expected
            .iter_mut()
            .find(|(l, c, _)| (l, c) == (&key.0, &key.1))
        {
            Some(e) => e.2 = (e.2.parse::<u32>().unwrap() + 1).to_string(),
            None => expected.push((key.0, key.1, "1".into())),
        }
    }
    assert_eq!(shown, expected);
    let warnings = text(&app, "import-warnings").await;
    assert!(warnings.contains("cut off"), "{warnings}");
    app.click(&testid("import-confirm")).await;
    toast(&app, "Imported 83 questions").await;
    app.count(&testid("own-pack"), 1).await;

    // In the bank: 83 more questions, each under its level and category.
    app.click(&testid("nav-questions")).await;
    app.list_count(total() + 83).await;
    let imported: Vec<(String, String, String)> = app
        .list_rows()
        .await
        .into_iter()
        .filter(|[id, _, _]| id.starts_with("ml-interview-questions."))
        .map(|[_, group, prompt]| {
            let (level, category) = group.split_once(" · ").unwrap();
            (level.to_string(), category.to_string(), prompt)
        })
        .collect();
    let seed: Vec<_> = bundled().into_iter().filter(|q| q.seed).collect();
    assert_eq!(imported.len(), 83);
    for q in &seed {
        let label = q.level.label();
        assert!(
            imported.iter().any(|(l, c, p)| l == label
                && *c == q.category
                && q.prompt.starts_with(p.as_str())),
            "{label} · {} · {} is not in the bank after the import",
            q.category,
            q.prompt
        );
    }
    app.quit().await;
}

const PREP_NOTE: &str = "# Prep notes\n\n## Basics\n\n### What is bias?\n\nError from wrong assumptions.\n\n\
- underfits\n\n### Explain dropout.\n\nIt drops units at random.\n\n## Rapid fire\n\n- What is a p-value?\n\
- What is AUC?\n- Study the ROC chapter\n\n## Resources\n\n- [A course](https://example.com/course)\n";

/// The summary line of the import preview, once it starts with `expected` (a correction redraws
/// it).
async fn summary_reads(app: &App, expected: &str) {
    app.until(
        &format!("the import summary to read {expected:?}"),
        &format!(
            "const s = document.querySelector('[data-testid=import-summary]'); \
             return !!s && s.textContent.startsWith({expected:?}) && !document.querySelector('.preview[aria-busy]')"
        ),
    )
    .await;
}

#[tokio::test]
async fn a_notes_reading_is_corrected_from_the_keyboard_and_read_the_same_way_next_time() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let note = dir.path().join("prep.md");
    std::fs::write(&note, PREP_NOTE).unwrap();
    let app = h.launch(&dir.path().join("data")).await;
    import(&h, &app, &note).await;
    // Two heading questions with their answers, and the two list items that ask; not the to-do
    // item, nor the course under Resources.
    summary_reads(&app, "4 in 2 categories").await;
    let sections: Vec<String> = serde_json::from_value(
        app.js("return [...document.querySelectorAll('[data-testid=reading-section] .reading-title')].map((t) => t.textContent)")
            .await,
    )
    .unwrap();
    assert_eq!(sections, ["Basics", "Rapid fire", "Resources"]);

    // Open "Rapid fire" and leave "What is AUC?" out, from the keyboard alone.
    app.js("document.querySelector('[data-testid=reading-section][data-line=\"15\"] summary').focus(); return true")
        .await;
    press(&app, &[char::from(Key::Enter)]).await;
    app.wait_for("[data-testid=reading-candidate][data-line=\"18\"]")
        .await;
    app.js("document.querySelector('[data-testid=reading-candidate][data-line=\"18\"]').focus(); return true")
        .await;
    press(&app, &[' ']).await;
    summary_reads(&app, "3 in 2 categories").await;
    // The redraw keeps the section open and the focus where it was, so Space takes it back.
    let refocused = "return document.activeElement.dataset.line === '18'";
    app.until("the focus back on the candidate", refocused)
        .await;
    press(&app, &[' ']).await;
    summary_reads(&app, "4 in 2 categories").await;
    app.until("the focus back on the candidate", refocused)
        .await;
    press(&app, &[' ']).await;
    summary_reads(&app, "3 in 2 categories").await;

    // The whole file as Senior ML Engineer questions; the counts follow.
    app.find(&testid("reading-level"))
        .await
        .select_by_value("senior")
        .await
        .unwrap();
    app.until(
        "the categories to be under Senior ML Engineer",
        "return [...document.querySelectorAll('[data-testid=import-categories] h3')].map((h) => h.textContent).join() === 'Senior ML Engineer'",
    )
    .await;
    app.click(&testid("import-confirm")).await;
    toast(&app, "Imported 3 questions").await;

    // Imported again, the file is read with the same corrections, and says so.
    import(&h, &app, &note).await;
    app.wait_for(&testid("reading-remembered")).await;
    summary_reads(&app, "3 in 2 categories").await;
    assert_eq!(
        app.find(&testid("reading-level"))
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("senior")
    );
    // Undoing every correction goes back to the note as judged.
    app.click(&testid("reading-reset")).await;
    summary_reads(&app, "4 in 2 categories").await;
    app.quit().await;
}

#[tokio::test]
async fn an_anki_package_imports_with_its_decks_and_its_backs_as_reference_answers() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let package = dir.path().join("ML deck.apkg");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anki/interview.apkg"),
        &package,
    )
    .unwrap();
    let app = h.launch(&dir.path().join("data")).await;
    app.list_count(total()).await;
    import(&h, &app, &package).await;
    assert_eq!(text(&app, "import-summary").await, "6 in 5 categories");
    let warnings = text(&app, "import-warnings").await;
    assert!(
        warnings.contains("2 image or sound references left out"),
        "{warnings}"
    );
    app.click(&testid("import-confirm")).await;
    toast(&app, "Imported 6 questions").await;

    app.click(&testid("nav-questions")).await;
    app.list_count(total() + 6).await;
    let id = app
        .list_rows()
        .await
        .into_iter()
        .find(|[_, _, prompt]| prompt.starts_with("Why can offline gains fail"))
        .map(|[id, group, _]| {
            assert_eq!(
                group, "Senior ML Engineer · Evaluation",
                "the deck's last level, the level tag"
            );
            id
        })
        .expect("the note's front is a question in the bank");
    app.open_question(&id).await;
    app.click(&testid("guide-reveal")).await;
    let answer = text(&app, "guide-reference").await;
    assert!(
        answer.contains("so an online A/B test with guardrails decides."),
        "{answer}"
    );
    app.screenshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-anki-package.png"))
        .await;
    app.quit().await;
}

#[tokio::test]
async fn a_pack_written_in_the_app_exports_is_removed_and_imports_back_unchanged() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let app = h.launch(&dir.path().join("data")).await;

    app.open_view("library").await;
    app.wait_for(&testid("no-own-packs")).await;
    app.click(&testid("new-pack")).await;
    type_into(&app, &testid("new-pack-title"), "System design drills").await;
    app.click(&testid("create-pack")).await;
    app.wait_for(&testid("pack-empty")).await;

    app.click(&testid("add-question")).await;
    type_into(
        &app,
        &testid("qf-prompt"),
        "Design a \"people you may know\" service for 500M users.",
    )
    .await;
    type_into(&app, &testid("qf-category"), "Social graphs").await;
    app.find(&testid("qf-level"))
        .await
        .select_by_value("senior")
        .await
        .unwrap();
    app.find(&testid("qf-kind"))
        .await
        .select_by_value("design")
        .await
        .unwrap();
    type_into(&app, &testid("qf-minutes"), "45").await;
    type_into(
        &app,
        &testid("qf-keyPoints"),
        "Candidate generation from friends of friends\nRanking by mutual connections",
    )
    .await;
    app.until(
        "the design fields",
        "return !document.querySelector('[data-testid=qf-phases]').closest('fieldset').hidden",
    )
    .await;
    type_into(
        &app,
        &testid("qf-phases"),
        "Clarify | 5 | Goals, scale, freshness",
    )
    .await;
    app.click(&testid("qf-save")).await;
    toast(&app, "Question added").await;
    app.count(&testid("own-question"), 1).await;

    // A form left incomplete says what to fix, and saves nothing.
    app.click(&testid("add-question")).await;
    app.click(&testid("qf-save")).await;
    app.until("the form's error", "return document.querySelector('[data-testid=qf-error]').textContent === 'Write the question.'").await;
    app.click(&testid("qf-cancel")).await;

    // A built-in question, copied into the pack and edited there.
    app.click(&testid("nav-questions")).await;
    app.open_question(OVERFITTING).await;
    app.click(&testid("copy-question")).await;
    app.click(&testid("copy-confirm")).await;
    app.wait_for(&testid("qf-prompt")).await;
    assert!(
        app.find("[data-testid=view-library]")
            .await
            .is_displayed()
            .await
            .unwrap(),
        "the copy opens in the Library"
    );
    let edited = "What is overfitting? How can you prevent it? Answer for a tabular model.";
    // As a user would, type once the dialog has put the caret in the question.
    app.until(
        "the question field to have the focus",
        "return document.activeElement?.dataset.testid === 'qf-prompt'",
    )
    .await;
    type_into(&app, &testid("qf-prompt"), edited).await;
    // The form holds the edit before it is saved (typing into a dialog that has just opened
    // can be lost on a loaded machine; this makes such a loss show here, not as a stale list).
    app.until(
        "the edited prompt in the form",
        &format!("return document.querySelector('[data-testid=qf-prompt]').value === {edited:?}"),
    )
    .await;
    app.click(&testid("qf-save")).await;
    // "Saved" is said only once the pack's list shows the save, so the list is read straight away.
    toast(&app, "Question saved").await;
    app.count(&testid("own-question"), 2).await;
    // The keyboard carries on from the question just saved.
    app.until(
        "the saved question's Edit button to have the focus",
        "const a = document.activeElement; \
         return a?.dataset.testid === 'edit-question' && a.closest('li') === document.querySelectorAll('[data-testid=own-question]')[1]",
    )
    .await;
    let before = own_questions(&app).await;
    assert!(
        before[1].starts_with(
            "What is overfitting? How can you prevent it? Answer for a tabular model."
        ),
        "{before:?}"
    );

    let out = TempDir::new().unwrap();
    let file = out.path().join("drills.toml");
    h.pick(&file);
    export_toml(&app).await;
    toast(&app, "Saved 2 questions").await;
    let exported = std::fs::read_to_string(&file).unwrap();

    app.click(&testid("back-to-packs")).await;
    app.click(&testid("remove-pack")).await;
    app.click(&testid("confirm-remove-ok")).await;
    app.wait_for(&testid("no-own-packs")).await;
    app.click(&testid("nav-questions")).await;
    app.list_count(total()).await;

    import(&h, &app, &file).await;
    assert_eq!(text(&app, "import-summary").await, "2 in 2 categories");
    assert_eq!(
        text(&app, "import-pack").await,
        "Brings back your removed pack “System design drills”"
    );
    app.click(&testid("import-confirm")).await;
    toast(&app, "Imported 2 questions").await;
    app.click(&testid("open-pack")).await;
    app.count(&testid("own-question"), 2).await;
    assert_eq!(own_questions(&app).await, before);
    let again = out.path().join("again.toml");
    h.pick(&again);
    export_toml(&app).await;
    toast(&app, "Saved 2 questions").await;
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        exported,
        "the pack came back unchanged"
    );
    app.quit().await;
}

#[tokio::test]
async fn a_backup_restores_into_a_fresh_data_folder_with_every_note_and_round() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let backup = dir.path().join("onsite-backup.sqlite");
    let app = h.launch(&dir.path().join("first")).await;
    app.open_question(OVERFITTING).await;
    show_tab(&app, "write").await;
    type_note(&app, "Regularise; more data; early stopping.").await;
    start_custom_round(&app, 1, 60).await;
    app.find(&testid("answer-input"))
        .await
        .send_keys("Bias is error from wrong assumptions.")
        .await
        .unwrap();
    wait_answer_saved(&app).await;
    app.click(&testid("round-next")).await;
    app.wait_for(&testid("round-summary")).await;
    app.open_view("settings").await;
    h.pick(&backup);
    app.click(&testid("backup")).await;
    toast(&app, "Backed up to").await;
    app.quit().await;

    let app = h.launch(&dir.path().join("fresh")).await;
    app.open_view("history").await;
    app.wait_for(&testid("no-rounds")).await;
    app.open_view("settings").await;
    h.pick(&backup);
    app.click(&testid("restore")).await;
    app.click(&testid("confirm-restore-ok")).await;
    toast(&app, "Restored from").await;
    app.open_question(OVERFITTING).await;
    app.until("the restored note", "return document.querySelector('[data-testid=note-rendered]')?.textContent.includes('early stopping')").await;
    app.open_view("history").await;
    app.click(&testid("round-item")).await;
    app.until("the restored answer", "return document.querySelector('[data-testid=round-summary]')?.textContent.includes('Bias is error from wrong assumptions.')").await;
    app.quit().await;
}

/// The Library's screens for docs/screenshots (run by `screenshots` in main.rs).
pub async fn screenshots(h: &Harness, app: &App, out: &Path) {
    let dir = TempDir::new().unwrap();
    let note = dir.path().join("ML interview prep.md");
    std::fs::copy(seed_note(), &note).unwrap();
    import(h, app, &note).await;
    app.js("document.querySelector('.modal-body').scrollTop = 0; return true")
        .await;
    app.screenshot(&out.join("import-preview.png")).await;
    app.click(&testid("import-confirm")).await;
    toast(app, "Imported").await;

    // A note in another shape, its reading corrected: one question left out, one section Senior.
    let book = dir.path().join("Math for ML.md");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/05-math-book-nested.md"),
        &book,
    )
    .unwrap();
    import(h, app, &book).await;
    app.js("const s = [...document.querySelectorAll('[data-testid=reading-section]')].find((d) => d.textContent.includes('Probability'));             s.open = true; return true")
        .await;
    app.wait_for("[data-testid=reading-section][open] [data-testid=reading-candidate]")
        .await;
    app.js("const s = document.querySelector('[data-testid=reading-section][open]');             s.querySelectorAll('[data-testid=reading-candidate]:checked')[1].click(); return true")
        .await;
    app.until("the preview redrawn", "return !document.querySelector('.preview[aria-busy]') && !!document.querySelector('[data-testid=reading-reset]')").await;
    app.find("[data-testid=reading-section][open] [data-testid=reading-section-level]")
        .await
        .select_by_value("senior")
        .await
        .unwrap();
    app.until("the preview redrawn", "return !document.querySelector('.preview[aria-busy]') && [...document.querySelectorAll('[data-testid=import-categories] h3')].length === 2").await;
    app.js("document.querySelector('[data-testid=import-summary]').scrollIntoView({ block: 'start' }); \
            const s = document.querySelector('[data-testid=reading-section][open]'); \
            s.parentElement.scrollTop = s.offsetTop - s.parentElement.offsetTop - 40; return true")
        .await;
    app.screenshot(&out.join("import-corrected.png")).await;
    app.click(&testid("import-cancel")).await;
    app.click(&testid("new-pack")).await;
    type_into(
        app,
        &testid("new-pack-title"),
        "Ranking and recommendation drills",
    )
    .await;
    app.click(&testid("create-pack")).await;
    app.click(&testid("add-question")).await;
    type_into(
        app,
        &testid("qf-prompt"),
        "Design the ranking stage of a marketplace search engine.",
    )
    .await;
    type_into(app, &testid("qf-category"), "Search & ranking").await;
    app.find(&testid("qf-level"))
        .await
        .select_by_value("senior")
        .await
        .unwrap();
    app.find(&testid("qf-kind"))
        .await
        .select_by_value("design")
        .await
        .unwrap();
    type_into(app, &testid("qf-minutes"), "45").await;
    type_into(app, &testid("qf-keyPoints"), "Two stages: cheap candidate retrieval, then a learned ranker\nLabels from clicks and purchases, corrected for position bias\nOnline A/B test on revenue per search, guarded by latency").await;
    type_into(
        app,
        &testid("qf-followUps"),
        "How do you handle a brand-new seller?",
    )
    .await;
    type_into(
        app,
        &testid("qf-redFlags"),
        "Optimising offline NDCG with no online test",
    )
    .await;
    type_into(app, &testid("qf-phases"), "Clarify | 5 | Goal, scale, latency budget\nData | 8 | Logs, labels, position bias\nModel | 15 | Retrieval, ranker, features\nEvaluate | 10 | Offline metrics, A/B design").await;
    app.client
        .execute(
            "document.querySelector('[data-testid=qf-prompt]').scrollIntoView({ block: 'start' })",
            vec![],
        )
        .await
        .unwrap();
    app.screenshot(&out.join("question-form.png")).await;
    app.click(&testid("qf-save")).await;
    toast(app, "Question added").await;
    app.click(&testid("back-to-packs")).await;
    app.wait_for(&testid("own-pack")).await;
    app.js("document.getElementById('toast').hidden = true; return true")
        .await;
    app.screenshot(&out.join("library.png")).await;
}

#[tokio::test]
async fn imported_markup_stays_text_in_the_preview_the_library_and_the_bank() {
    let Some(h) = Harness::start() else { return };
    let dir = TempDir::new().unwrap();
    let cards = dir.path().join("hostile.txt");
    std::fs::write(
        &cards,
        format!(
            "#separator:tab\n#html:false\n#tags column:3\nZebrafish {PAYLOAD}\t{PAYLOAD}\tcategory::Zebra_<b>bold</b>\nZebrafish {PAYLOAD}\tagain\t\n"
        ),
    )
    .unwrap();
    let app = h.launch(&dir.path().join("data")).await;
    import(&h, &app, &cards).await;
    // The row repeated is listed as a duplicate, with its text shown as text.
    let dups = app
        .find(&testid("import-duplicates"))
        .await
        .html(false)
        .await
        .unwrap();
    assert!(dups.contains("&lt;script&gt;"), "{dups}");
    app.click(&testid("import-confirm")).await;
    toast(&app, "Imported 2 questions").await;
    app.click(&testid("open-pack")).await;
    app.count(&testid("own-question"), 2).await;
    app.click(&testid("nav-questions")).await;
    app.find(&testid("search"))
        .await
        .send_keys("zebrafish")
        .await
        .unwrap();
    app.list_count(2).await;
    app.click(&testid("question-item")).await;
    let shown = format!("Zebrafish {PAYLOAD}");
    app.until(
        "the prompt, as plain text",
        &format!("return document.querySelector('[data-testid=question-prompt]')?.textContent === {shown:?}"),
    )
    .await;
    // Whichever of the two is first, both sets of key points show as text.
    let mut points = String::new();
    for n in [1, 2] {
        let item = format!("[data-testid=question-item]:nth-of-type({n})");
        app.click(&item).await;
        let id = app
            .find(&item)
            .await
            .attr("data-id")
            .await
            .unwrap()
            .unwrap();
        app.until("the question to open", &format!(
            "return document.querySelector('[data-testid=question-item][aria-selected=true]')?.dataset.id === {id:?} \
             && !!document.querySelector('[data-testid=guide-reveal]')"
        )).await;
        app.click(&testid("guide-reveal")).await;
        points += &app
            .wait_for(&testid("guide-key-points"))
            .await
            .text()
            .await
            .unwrap();
    }
    assert!(
        points.contains("<img src=x onerror=") && points.contains("again"),
        "{points}"
    );
    assert_eq!(
        app.js("return typeof window.__probe").await,
        json!("undefined"),
        "no payload ran"
    );
    app.quit().await;
}
