//! Importing Markdown notes: the seed note the bank started from, notes written in other styles,
//! the errors a user sees, and inputs that must never crash the importer.

mod common;

use common::{bundled_packs, check_import, fixture, import, import_errors};
use onsite::domain::formats::reading::{Items, Reading, SectionLevel};
use onsite::domain::formats::{self, markdown, Format, Imported};
use onsite::domain::pack::{Kind, Level, Question};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn note(name: &str) -> Imported {
    let imported = import(name, &fixture(&format!("notes/{name}")));
    assert_eq!(imported.format, Format::Markdown);
    imported
}

/// (level, category, prompt) of every question, in order.
fn questions(imported: &Imported) -> Vec<(Level, &str, &str)> {
    imported
        .pack
        .questions
        .iter()
        .map(|q| (q.level, q.category.as_str(), q.prompt.as_str()))
        .collect()
}

fn key_points(imported: &Imported) -> Vec<Vec<&str>> {
    imported
        .pack
        .questions
        .iter()
        .map(|q| q.guide.key_points.iter().map(String::as_str).collect())
        .collect()
}

fn warnings(imported: &Imported) -> Vec<(usize, &str)> {
    imported
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect()
}

/// The seed questions of the bundled packs, in the note's order: the ML Engineer pack, then the
/// Senior one, each in file order.
fn bundled_seed() -> Vec<Question> {
    let packs = bundled_packs();
    ["ml-engineer", "senior-ml-engineer"]
        .iter()
        .flat_map(|id| {
            let p = packs.iter().find(|p| p.id == *id).expect("bundled pack");
            p.questions.iter().filter(|q| q.seed).cloned()
        })
        .collect()
}

#[test]
fn the_seed_note_gives_the_bundled_seed_questions() {
    let seed = fixture("seed-note.md");
    let imported = import("000_2d475d50aa4bba8d.txt", &seed);
    assert_eq!(imported.format, Format::Markdown);
    let got = &imported.pack.questions;
    let want = bundled_seed();
    assert_eq!(want.len(), 83);
    let every_seed: usize = onsite::services::pack_loader::bundled_questions()
        .iter()
        .filter(|q| q.seed)
        .count();
    assert_eq!(every_seed, 83, "no other pack holds seed questions");
    assert_eq!(got.len(), want.len());

    let (last_got, got_rest) = got.split_last().expect("questions");
    let (last_want, want_rest) = want.split_last().expect("questions");
    for (i, (g, w)) in got_rest.iter().zip(want_rest).enumerate() {
        assert_eq!(
            (g.level, g.category.as_str(), g.prompt.as_str()),
            (w.level, w.category.as_str(), w.prompt.as_str()),
            "question {} (line {})",
            i + 1,
            g.line
        );
    }
    assert_eq!(
        (last_got.level, last_got.category.as_str()),
        (last_want.level, last_want.category.as_str())
    );
    assert!(last_got.prompt.ends_with("unsupervised learning approa"));
    assert!(
        last_want.prompt.starts_with(&last_got.prompt),
        "{:?} completes {:?}",
        last_want.prompt,
        last_got.prompt
    );

    for q in got {
        assert!(
            !q.prompt.contains("â€") && !q.prompt.contains('Ã'),
            "{}",
            q.prompt
        );
        assert!(!q.seed && q.guide.key_points.is_empty());
    }
    assert_eq!(got[0].line, 17, "lines are those of the file");
    assert_eq!(last_got.line, 163);
    assert_eq!(imported.pack.title, "ML Engineer Interview Prep");
    assert_eq!(imported.pack.id, "000-2d475d50aa4bba8d");

    assert_eq!(
        warnings(&imported),
        [
            (
                4,
                "repaired 3 garbled characters (text once read in the wrong encoding)"
            ),
            (
                163,
                "the last question looks cut off (the file may be incomplete)"
            ),
        ]
    );

    let agree = got
        .iter()
        .zip(&want)
        .filter(|(g, w)| g.kind == w.kind)
        .count();
    println!(
        "inferred kinds agree with the bundled ones for {agree} of {} questions",
        want.len()
    );
    let kinds = |qs: &[Question], k: Kind| qs.iter().filter(|q| q.kind == k).count();
    for k in [Kind::Concept, Kind::Design, Kind::Coding, Kind::Behavioral] {
        println!(
            "  {k:?}: imported {}, bundled {}",
            kinds(got, k),
            kinds(&want, k)
        );
    }
    assert!(agree >= 60, "only {agree} kinds agree");
}

#[test]
fn numbered_lists_and_every_bullet_are_questions() {
    let n = note("numbered.md");
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, "Interview questions", "What is a p-value?"),
            (
                Level::Mle,
                "Interview questions",
                "Explain the central limit theorem."
            ),
            (Level::Mle, "Probability", "What is Bayes' theorem?"),
            (
                Level::Mle,
                "Probability",
                "How is a conditional probability computed?"
            ),
            (
                Level::Mle,
                "Probability",
                "What is the expected value of a fair die roll?"
            ),
            (
                Level::Mle,
                "Probability",
                "When would you use a Poisson distribution?"
            ),
            (
                Level::Mle,
                "Probability",
                "What is maximum likelihood estimation?"
            ),
        ]
    );
    let lines: Vec<usize> = n.pack.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines, [5, 6, 10, 11, 13, 15, 16]);
    assert_eq!(n.pack.title, "Interview questions");
    assert_eq!(n.pack.id, "numbered");
    assert_eq!(n.pack.license, formats::NO_LICENSE);
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
    assert!(n
        .pack
        .questions
        .iter()
        .all(|q| q.kind == Kind::Concept && q.minutes == 5));
}

#[test]
fn a_bom_and_crlf_or_cr_line_endings_change_nothing() {
    let lf = fixture("notes/numbered.md");
    let text = String::from_utf8(lf.clone()).expect("utf-8");
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n")).into_bytes();
    let cr = text.replace('\n', "\r").into_bytes();
    let want = import("numbered.md", &lf).pack;
    for bytes in [crlf, cr] {
        assert_eq!(import("numbered.md", &bytes).pack, want);
    }
    let lines: Vec<usize> = want.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines[0], 5);
}

#[test]
fn nested_items_are_key_points() {
    let n = note("nested-answers.md");
    let dl = "Deep learning";
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, dl, "What is dropout?"),
            (Level::Mle, dl, "Why use batch normalization?"),
            (Level::Mle, dl, "What is a residual connection?"),
        ]
    );
    assert_eq!(
        key_points(&n),
        [
            vec![
                "Randomly zeroes activations during training",
                "Acts like an ensemble of thinned networks",
                "Each step trains a different sub-network",
                "Activations are scaled at inference (or at training, for inverted dropout)",
            ],
            vec![
                "Stabilises the distribution of activations",
                "Allows higher learning rates"
            ],
            vec![],
        ]
    );
    assert_eq!(warnings(&n), [(12, "empty list item skipped")]);
}

#[test]
fn headings_lose_emoji_bold_enumerations_and_colons() {
    let n = note("headings-emoji.md");
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, "Core ML", "What is regularization?"),
            (
                Level::Mle,
                "Evaluation metrics",
                "When is accuracy misleading?"
            ),
            (
                Level::Mle,
                "Systems",
                "How would you serve a model at 10k requests per second?"
            ),
            (
                Level::Mle,
                "Coding",
                "Write a function that merges overlapping intervals."
            ),
        ]
    );
    assert_eq!(n.pack.title, "🚀 ML Interview Bank");
    let kinds: Vec<Kind> = n.pack.questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [Kind::Concept, Kind::Concept, Kind::Concept, Kind::Coding]
    );
    assert_eq!(n.pack.questions[3].minutes, 30);
}

#[test]
fn front_matter_sets_the_pack_and_the_starting_level_and_category() {
    let n = note("front-matter.md");
    assert_eq!(
        questions(&n),
        [
            (
                Level::Senior,
                "Warm-up",
                "How do you scope an ambiguous ML project?"
            ),
            (
                Level::Senior,
                "Design",
                "Design a real-time fraud detection system."
            ),
        ]
    );
    let p = &n.pack;
    assert_eq!(
        (
            p.id.as_str(),
            p.title.as_str(),
            p.license.as_str(),
            p.source.as_str()
        ),
        (
            "staff-prep",
            "Staff prep: systems",
            "CC-BY-4.0",
            "My own notes"
        )
    );
    assert_eq!(p.description, "Questions I collected before my onsite.");
    assert_eq!(
        p.questions[0].id,
        "staff-prep.how-do-you-scope-an-ambiguous-ml"
    );
    assert_eq!(
        (
            p.questions[1].kind,
            p.questions[1].minutes,
            p.questions[1].line
        ),
        (Kind::Design, 45, 19)
    );
}

#[test]
fn code_outside_lists_is_never_a_question_and_code_inside_is_kept() {
    let n = note("code-blocks.md");
    assert_eq!(
        questions(&n),
        [
            (
                Level::Mle,
                "Coding",
                "Implement `top_k(xs, k)` without sorting the whole list."
            ),
            (
                Level::Mle,
                "Coding",
                "What does this print?\n\n```python\nprint(sum(range(4)))\n```"
            ),
            (
                Level::Mle,
                "Coding",
                "Why is this query slow?\n\n```\nSELECT * FROM events WHERE day = '2024-01-01'\n```"
            ),
        ]
    );
    assert!(n.pack.questions.iter().all(|q| q.kind == Kind::Coding));
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn bold_or_colon_items_with_children_are_sub_headings() {
    let n = note("sub-headings.md");
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, "Transformers", "What is self-attention?"),
            (Level::Mle, "Transformers", "Why scale by sqrt(d_k)?"),
            (
                Level::Mle,
                "Retrieval",
                "How does BM25 compare with dense retrieval?"
            ),
            (Level::Mle, "Retrieval", "What is RRF?"),
            (
                Level::Mle,
                "General",
                "Explain beam search vs greedy decoding."
            ),
            (Level::Mle, "General", "Why does label smoothing help?"),
        ]
    );
    assert_eq!(
        key_points(&n),
        [
            vec!["A weighted sum of values, weighted by query-key similarity"],
            vec![],
            vec![],
            vec![],
            vec![],
            vec!["It penalises over-confident logits"],
        ]
    );
    assert_eq!(n.pack.title, "sub-headings", "no H1: the file's name");
}

#[test]
fn headings_that_name_a_level_switch_levels() {
    let n = note("both-levels.md");
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, "Fundamentals", "What is a confusion matrix?"),
            (
                Level::Senior,
                "System design",
                "Design a feature store for a large-scale ML system."
            ),
            (
                Level::Senior,
                "Leadership",
                "How do you mentor a junior engineer?"
            ),
            (
                Level::Mle,
                "Machine Learning Engineer (again)",
                "What is early stopping?"
            ),
        ]
    );
    let kinds: Vec<Kind> = n.pack.questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [Kind::Concept, Kind::Design, Kind::Behavioral, Kind::Concept]
    );
}

#[test]
fn answers_written_under_a_question_in_its_item_are_key_points() {
    let n = note("answers-in-items.md");
    let st = "Statistics";
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, st, "What is bias?"),
            (Level::Mle, st, "What is variance?"),
            (
                Level::Mle,
                st,
                "What does this print?\n\n```python\nprint(sum(range(4)))\n```"
            ),
            (Level::Mle, st, "Why is a model overconfident?"),
            (Level::Mle, st, "Explain the bias-variance tradeoff."),
            (Level::Mle, st, "Explain early stopping."),
        ]
    );
    assert_eq!(
        key_points(&n),
        [
            vec![
                "Bias is error from wrong assumptions.",
                "It makes a model underfit.",
                "High bias: underfitting",
            ],
            vec!["Variance is error from sensitivity to the training set."],
            vec![
                "It prints 6: the sum of 0, 1, 2 and 3.",
                "```python\nassert sum(range(4)) == 6\n```",
            ],
            vec!["It was trained without label smoothing."],
            vec![
                "Pick the model with the lowest total error.",
                "Lower bias usually costs variance",
            ],
            vec![],
        ]
    );
    let lines: Vec<usize> = n.pack.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines, [5, 11, 13, 24, 27, 31]);
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn headings_that_ask_are_questions_and_the_text_under_them_answers() {
    let n = note("heading-questions.md");
    let (prep, dl) = ("Interview prep", "Deep learning");
    assert_eq!(
        questions(&n),
        [
            (Level::Mle, prep, "What is overfitting?"),
            (Level::Mle, prep, "Explain dropout."),
            (Level::Mle, dl, "How does batch normalization help?"),
            (
                Level::Mle,
                dl,
                "What does this print?\n\n```python\nprint(len(\"abc\"))\n```"
            ),
            (Level::Mle, "Metrics", "What is AUC?"),
        ]
    );
    // Short list items under a question heading are its key points; everything under it is its
    // reference answer, as Markdown.
    assert_eq!(
        key_points(&n),
        [
            vec!["use regularisation", "get more data", "or augment it"],
            vec![],
            vec![
                "It keeps activations in a stable range.",
                "It allows higher learning rates.",
            ],
            vec![],
            vec![],
        ]
    );
    let answers: Vec<&str> = n
        .pack
        .questions
        .iter()
        .map(|q| q.guide.reference_answer.as_str())
        .collect();
    assert_eq!(
        answers,
        [
            "Overfitting is when a model learns the **noise** in its training data.\n\n\
             - use regularisation\n- get more data\n  - or augment it",
            "Dropout zeroes random activations during training.",
            "- It keeps activations in a stable range.\n- It allows higher learning rates.",
            "It prints 3.\n\n#### Follow-up\n\nStrings are sequences of characters.",
            "",
        ]
    );
    let lines: Vec<usize> = n.pack.questions.iter().map(|q| q.line).collect();
    assert_eq!(lines, [8, 14, 20, 25, 39]);
    assert_eq!(n.pack.title, "Heading questions");
    assert!(n.warnings.is_empty(), "{:?}", n.warnings);
}

#[test]
fn a_note_without_list_items_is_an_error_at_line_1() {
    let errors = import_errors("prose.md", "# Notes\n\nNothing to ask here.\n");
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!((e.file.as_str(), e.line), ("prose.md", 1));
    assert!(e.message.contains("no questions"), "{}", e.message);
    assert!(e.to_string().starts_with("prose.md:1: "), "{e}");
}

#[test]
fn a_too_long_prompt_is_an_error_at_its_line() {
    let text = format!(
        "# Notes\n\n- Fine?\n- {}?\n- Also fine?\n",
        "word ".repeat(600)
    );
    let errors = import_errors("long.md", &text);
    let located: Vec<(&str, usize, Option<&str>)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.line, e.field.as_deref()))
        .collect();
    assert_eq!(located, [("long.md", 4, Some("prompt"))]);
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("###### ".to_string()),
        Just("### **1. ".to_string()),
        Just("## Q1: ".to_string()),
        Just("**".to_string()),
        Just("- ".to_string()),
        Just("* ".to_string()),
        Just("+ ".to_string()),
        Just("1) ".to_string()),
        Just("2. ".to_string()),
        Just("- [ ] ".to_string()),
        Just("    ".to_string()),
        Just("  - ".to_string()),
        Just("```python\n".to_string()),
        Just("```".to_string()),
        Just("`".to_string()),
        Just("---\n".to_string()),
        Just("> ".to_string()),
        Just("|a|b|\n|-|-|\n".to_string()),
        Just(":".to_string()),
        Just("?".to_string()),
        Just("🌱".to_string()),
        Just("1️⃣".to_string()),
        Just("ðŸŒ±".to_string()),
        Just("â€™".to_string()),
        Just("â€\u{FFFD}".to_string()),
        Just("Ã".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("[[link|label]]".to_string()),
        Just("#tag ".to_string()),
        Just("<div>".to_string()),
        Just("Senior ML Engineer".to_string()),
        Just("title: x\nlevel: senior\n".to_string()),
        Just("What is overfitting?".to_string()),
        Just("Explain TF-IDF. ".to_string()),
        Just("[E] ".to_string()),
        Just("(Hard) ".to_string()),
        Just("🔴 ".to_string()),
        Just("**Q:** ".to_string()),
        Just("A: ".to_string()),
        Just(" — ".to_string()),
        Just("> [!question] ".to_string()),
        Just("> [!faq]- Q5\n> ".to_string()),
        Just("<details><summary>Why?</summary>\n\n".to_string()),
        Just("</details>\n".to_string()),
        Just("| Question | Level | Answer |\n|---|---|---|\n| What? | Hard | x |\n".to_string()),
        Just("[src](https://example.com)".to_string()),
        Just("[[1]](https://example.com)".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        Just("[Intro](#intro)".to_string()),
        Just("## Resources\n".to_string()),
        Just("You are building a system.\n".to_string()),
        Just("Compare the two.".to_string()),
        "[a-zA-Z0-9 .?!()]{0,12}",
        (1usize..40).prop_map(|n| "  ".repeat(n) + "- "),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_import("note.md", text.as_bytes())?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check_import("note.md", &bytes)?;
    }

    #[test]
    fn markdown_like_text_never_panics(parts in prop::collection::vec(fragment(), 0..80)) {
        check_import("note.md", parts.concat().as_bytes())?;
    }

    /// Any correction the preview can send reads any note without panicking, and what it
    /// excludes stays out.
    #[test]
    fn any_reading_of_any_note_never_panics(
        parts in prop::collection::vec(fragment(), 0..60),
        reading in reading(),
    ) {
        let text = parts.concat();
        let (draft, view) = markdown::read_as("note.md", &text, &reading);
        for q in &draft.questions {
            prop_assert!(!reading.excluded.contains(&q.line) || q.line == 0);
        }
        for section in &view.sections {
            prop_assert!(!section.candidates.is_empty());
        }
    }
}

fn reading() -> impl Strategy<Value = Reading> {
    let level = prop_oneof![
        Just(None),
        Just(Some(Level::Mle)),
        Just(Some(Level::Senior))
    ];
    let items = prop_oneof![
        Just(Items::Auto),
        Just(Items::Questions),
        Just(Items::Answers)
    ];
    (
        prop::option::of(0u8..8),
        prop::option::of(0u8..8),
        items,
        level,
        prop::collection::vec(0usize..40, 0..6),
        prop::collection::vec(0usize..40, 0..6),
    )
        .prop_map(
            |(question_headings, category_headings, items, level, excluded, included)| Reading {
                question_headings,
                category_headings,
                items,
                level,
                section_levels: included
                    .iter()
                    .map(|&line| SectionLevel {
                        line,
                        level: Level::Senior,
                    })
                    .collect(),
                excluded,
                included,
            },
        )
}

#[test]
fn pathological_notes_import_without_panicking() {
    for text in [
        "- ".repeat(20_000) + "deep?",
        "> ".repeat(20_000) + "- quoted?",
        "  ".repeat(20_000) + "- far?",
        (0..2_000)
            .map(|i| format!("{}- q{i}?\n", "  ".repeat(i)))
            .collect(),
        "**".repeat(20_000) + "\n- q?",
        "[".repeat(20_000) + "\n- q?",
        "`".repeat(20_000) + "\n- q?",
        "---\n".to_string() + &"a: b\n".repeat(20_000),
        "ðŸŒ".repeat(20_000) + "\n- q?",
        "| Question | Level |\n|---|---|\n".to_string() + &"| What is x? | Hard |\n".repeat(20_000),
        "### What is x?\n\nAn answer.\n\n".repeat(10_000),
        "<details><summary>Why?</summary>\n\nBecause.\n\n</details>\n\n".repeat(5_000),
        "1. Topic\n".to_string() + &"    1. [E] Why is it so?\n".repeat(10_000),
        "**Topic**\n".to_string() + &"What is x? — A: y.\n".repeat(10_000),
    ] {
        let start = Instant::now();
        check_import("note.md", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let took = start.elapsed();
        println!(
            "{} bytes starting {:?}: {took:?}",
            text.len(),
            text.chars().take(8).collect::<String>()
        );
        assert!(took < Duration::from_secs(5), "took {took:?}");
    }
}

#[test]
fn a_200_kb_note_imports_quickly() {
    let mut text = String::from("---\ntitle: Big\n---\n# Big note\n");
    let mut n = 0;
    while text.len() < 200_000 {
        n += 1;
        text.push_str(&format!(
            "\n## **{n}. Section {n}** 🌱\n\nSome prose for a Senior ML Engineer, withâ€™ mojibake.\n\n\
             - What is question {n}a?\n  - point one\n    - point two\n- **Group {n}**\n  - What is {n}b?\n\
             - Explain `code` {n}c:\n\n  ```python\n  x = {n}\n  ```\n\n```\n- not {n}\n```\n"
        ));
    }
    let start = Instant::now();
    let imported = import("big.md", text.as_bytes());
    let took = start.elapsed();
    println!(
        "imported {} questions from {} bytes in {took:?}",
        imported.pack.questions.len(),
        text.len()
    );
    assert_eq!(imported.pack.questions.len(), 3 * n);
    assert!(took < Duration::from_secs(5), "took {took:?}");
}
