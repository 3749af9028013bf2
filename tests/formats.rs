//! Import and export formats: every bundled pack survives a round trip through TOML, JSON and (for
//! the fields Anki can carry) Anki's text format; files other tools write import with exact results;
//! errors point at the line and field at fault.

mod common;

use common::{bundled_packs, fixture, import, import_errors};
use onsite::domain::drill::{Case, Compare, Drill, Language};
use onsite::domain::formats::{self, anki, json, pack_toml, Format, NO_LICENSE};
use onsite::domain::pack::{
    self, BehavioralSpec, CodingSpec, Difficulty, Guide, Kind, Level, Pack, PackError, PhaseGuide,
    Question,
};

fn packs() -> Vec<Pack> {
    let packs = bundled_packs();
    assert_eq!(packs.iter().map(|p| p.questions.len()).sum::<usize>(), 315);
    packs
}

fn without_lines(mut p: Pack) -> Pack {
    for q in &mut p.questions {
        q.line = 0;
    }
    p
}

/// The same pack, lines aside; a difference is shown question by question.
fn assert_same(got: Pack, want: &Pack) {
    let (got, want) = (without_lines(got), without_lines(want.clone()));
    assert_eq!(got.questions.len(), want.questions.len(), "{}", want.id);
    for (g, w) in got.questions.iter().zip(&want.questions) {
        assert_eq!(g, w);
    }
    assert_eq!(got, want);
}

/// `(line, field)` of each error.
fn located(errors: &[PackError]) -> Vec<(usize, Option<&str>)> {
    errors
        .iter()
        .map(|e| (e.line, e.field.as_deref()))
        .collect()
}

/// A question's fields that Anki's text format carries.
fn anki_view(q: &Question) -> (Level, &str, Kind, Difficulty, u32, &str, &[String]) {
    (
        q.level,
        &q.category,
        q.kind,
        q.difficulty,
        q.minutes,
        &q.prompt,
        &q.guide.key_points,
    )
}

/// Strings a careless writer would break: quotes of every kind, escapes, control characters, TOML
/// and JSON syntax, HTML, and unicode beyond the basic plane.
fn hostile_pack() -> Pack {
    let nasty = "He said \"hi\" \\ 'there' \"\"\" ''' \\n \\u0041 \t tab\nnew line\r\nCRLF \u{0}\u{1}\u{1b}\u{7f} \
                 [[question]] id = \"x\" # not a comment {\"json\": [1, 2]} <script>alert(1)</script> &amp; \
                 é ß 中文 עברית 😀 \u{200b}\u{2028}\u{feff} end";
    let q = |id: &str, kind: Kind, guide: Guide| Question {
        id: id.into(),
        level: Level::Senior,
        category: format!("Cat {nasty}"),
        kind,
        difficulty: Difficulty::Hard,
        minutes: 240,
        prompt: format!("Prompt: {nasty}?"),
        seed: true,
        guide,
        drill: None,
        line: 0,
    };
    let lists = Guide {
        key_points: vec![nasty.into(), " spaced ".into(), "\"".into()],
        follow_ups: vec!["\\".into()],
        red_flags: vec!["'''".into()],
        ..Guide::default()
    };
    // A class drill whose code and values hold the same text, in both string encodings.
    let value = serde_json::json!({"s": nasty, "quote": "it's", "n": [1, -0.5, 1e300, null, true]});
    let plain = serde_json::json!(["no quote", {"k": "\\ \" \u{2028}"}]);
    let drill = Drill {
        language: Language::Python,
        entry: Some("Échelle_2".into()),
        signature: format!("Échelle_2(x) # {nasty}"),
        starter: format!("''class Échelle_2:\n    \"\"\"{nasty}\"\"\"\n''"),
        numpy: true,
        cases: vec![
            Case {
                args: vec![value.clone(), plain.clone()],
                calls: Some(vec![
                    serde_json::json!(["get", value]),
                    serde_json::json!(["put"]),
                ]),
                expected: serde_json::json!([plain, null]),
                compare: Compare::Float,
                tolerance: 1e-9,
                hidden: true,
            },
            Case {
                args: vec![],
                calls: Some(vec![]),
                expected: serde_json::json!([]),
                compare: Compare::Exact,
                tolerance: 0.0,
                hidden: false,
            },
        ],
    };
    let mut pack = Pack {
        id: "hostile.pack_1".into(),
        title: format!("Title {nasty}"),
        description: format!("Description {nasty}"),
        source: "\"quoted\" source".into(),
        license: "CC0-1.0".into(),
        questions: vec![
            q("h.concept", Kind::Concept, lists.clone()),
            q(
                "h.design",
                Kind::Design,
                Guide {
                    phases: vec![PhaseGuide {
                        name: nasty.into(),
                        minutes: 1,
                        covers: nasty.into(),
                    }],
                    ..lists.clone()
                },
            ),
            q(
                "h.coding",
                Kind::Coding,
                Guide {
                    coding: Some(CodingSpec {
                        statement: nasty.into(),
                        examples: vec![],
                        constraints: vec![nasty.into()],
                        complexity: "O(n²)".into(),
                    }),
                    ..Guide::default()
                },
            ),
            q(
                "h.behavioral",
                Kind::Behavioral,
                Guide {
                    behavioral: Some(BehavioralSpec {
                        competency: nasty.into(),
                        strong_answer: vec![nasty.into(), "b".into()],
                    }),
                    ..Guide::default()
                },
            ),
        ],
    };
    pack.questions[2].drill = Some(drill);
    pack
}

// ---- Onsite's TOML pack ----

#[test]
fn every_bundled_pack_round_trips_through_toml() {
    for p in packs() {
        let text = pack_toml::write(&p);
        let back = pack::parse("x.toml", &text)
            .unwrap_or_else(|e| panic!("{} does not read back: {e:?}", p.id));
        assert_same(back, &p);
    }
}

#[test]
fn hostile_strings_round_trip_through_toml() {
    let p = hostile_pack();
    let text = pack_toml::write(&p);
    let back = pack::parse("x.toml", &text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_same(back, &p);
}

#[test]
fn a_written_pack_looks_like_the_bundled_ones() {
    let p = packs().into_iter().find(|p| p.id == "ml-engineer").unwrap();
    let text = pack_toml::write(&p);
    let q = p.questions.iter().find(|q| q.seed).unwrap();
    let start = text.find(&format!("id = \"{}\"", q.id)).unwrap();
    let expected = format!(
        "id = \"{}\"\nlevel = \"mle\"\nseed = true\ncategory = \"{}\"\nkind = \"{}\"\n",
        q.id,
        q.category,
        q.kind.as_str()
    );
    assert!(
        text[start..].starts_with(&expected),
        "{}",
        &text[start..start + 300]
    );
    assert!(text.contains("[pack]\nid = \"ml-engineer\"\ntitle = "));
    assert!(text.contains("key_points = [\n  \""));
    let imported = import("copy.toml", text.as_bytes());
    assert_eq!(imported.format, Format::Pack);
    assert_same(imported.pack, &p);
}

// ---- JSON ----

#[test]
fn every_bundled_pack_round_trips_through_json() {
    for p in packs() {
        let text = json::write(&p);
        let draft = json::read("x.json", &text).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
        assert!(draft.warnings.is_empty());
        let back = formats::finish("x.json", draft, &[]);
        assert_same(back, &p);
    }
    let p = hostile_pack();
    let back = formats::finish(
        "x.json",
        json::read("x.json", &json::write(&p)).unwrap(),
        &[],
    );
    assert_same(back, &p);
}

#[test]
fn onsite_json_mirrors_the_toml_pack() {
    let p = packs()
        .into_iter()
        .find(|p| p.id == "senior-ml-engineer-systems")
        .unwrap();
    let text = json::write(&p);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["pack"]["id"], "senior-ml-engineer-systems");
    assert!(v["pack"].get("level").is_none());
    let design = v["question"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "design")
        .unwrap();
    assert_eq!(design["level"], "senior");
    assert!(design["phase"][0]["covers"].is_string());
    assert!(design.get("seed").is_none() && design.get("coding").is_none());

    // Through the importer: detected by extension, ids kept, each question at its object's line.
    let imported = import("pack.json", text.as_bytes());
    assert_eq!(imported.format, Format::Json);
    let first_line = text.lines().position(|l| l == "    {").unwrap() + 1;
    assert_eq!(imported.pack.questions[0].line, first_line);
    assert_same(imported.pack, &p);

    // "questions" is accepted for "question".
    let renamed = text.replacen("\"question\": [", "\"questions\": [", 1);
    assert_same(import("pack.json", renamed.as_bytes()).pack, &p);
}

const LOOSE_LIST: &str = r#"[
  {"question": "What is overfitting?", "answer": "- Fits noise\n- Low train error, high test error\n\n* Fix: more data", "topic": "Fundamentals"},
  {"prompt": "Design a feed ranker.", "category": "System Design", "level": "Senior ML Engineer", "difficulty": "Hard", "extra": {"ignored": true}},
  "What is a p-value?",
  {"front": "Reverse a linked list.", "section": "Coding", "minutes": "20", "id": "my-pack.reverse", "kind": "coding", "tags": ["x"]}
]
"#;

#[test]
fn a_plain_list_of_questions_imports_with_defaults() {
    let imported = import("Interview questions.json", LOOSE_LIST.as_bytes());
    let p = imported.pack;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(
        (
            p.id.as_str(),
            p.title.as_str(),
            p.source.as_str(),
            p.license.as_str()
        ),
        (
            "interview-questions",
            "Interview questions",
            "Imported from Interview questions",
            NO_LICENSE
        )
    );
    let got: Vec<_> = p
        .questions
        .iter()
        .map(|q| {
            (
                q.line,
                q.id.as_str(),
                q.level,
                q.category.as_str(),
                q.kind,
                q.difficulty,
                q.minutes,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                "interview-questions.what-is-overfitting",
                Level::Mle,
                "Fundamentals",
                Kind::Concept,
                Difficulty::Medium,
                5
            ),
            (
                3,
                "interview-questions.design-a-feed-ranker",
                Level::Senior,
                "System Design",
                Kind::Design,
                Difficulty::Hard,
                45
            ),
            (
                4,
                "interview-questions.what-is-a-p-value",
                Level::Mle,
                "General",
                Kind::Concept,
                Difficulty::Medium,
                5
            ),
            (
                5,
                "my-pack.reverse",
                Level::Mle,
                "Coding",
                Kind::Coding,
                Difficulty::Medium,
                20
            ),
        ]
    );
    assert_eq!(
        p.questions[0].guide.key_points,
        [
            "Fits noise",
            "Low train error, high test error",
            "Fix: more data"
        ]
    );
    assert_eq!(p.questions[0].prompt, "What is overfitting?");
    assert_eq!(p.questions[3].prompt, "Reverse a linked list.");
    assert!(p.questions[1].guide.key_points.is_empty());
}

#[test]
fn an_object_with_pack_fields_and_a_questions_list_imports() {
    let text = r#"{
  "title": "My ML questions",
  "id": "my-ml",
  "description": "Collected while preparing.",
  "source": "My notes",
  "licence": "CC-BY-4.0",
  "level": "senior",
  "app": "SomeFlashcards 3.1",
  "questions": [
    {"q": "How would you shard an embedding table?", "key_points": ["By row", "  ", " By column "]},
    {"q": "Tell me about a conflict.", "category": "Leadership", "level": "mle", "id": "Card 7"}
  ]
}"#;
    let imported = import("mine.json", text.as_bytes());
    let p = &imported.pack;
    assert_eq!(
        (
            p.id.as_str(),
            p.title.as_str(),
            p.description.as_str(),
            p.source.as_str(),
            p.license.as_str()
        ),
        (
            "my-ml",
            "My ML questions",
            "Collected while preparing.",
            "My notes",
            "CC-BY-4.0"
        )
    );
    let [a, b] = &p.questions[..] else {
        panic!("{:?}", p.questions)
    };
    assert_eq!(
        (a.line, a.level, a.category.as_str()),
        (10, Level::Senior, "General")
    );
    assert_eq!(a.id, "my-ml.how-would-you-shard-an-embedding");
    assert_eq!(a.guide.key_points, ["By row", "By column"]);
    assert_eq!(
        (b.line, b.level, b.kind, b.minutes),
        (11, Level::Mle, Kind::Behavioral, 6)
    );
    assert_eq!(b.id, "my-ml.tell-me-about-a-conflict");
    // An id Onsite cannot use is replaced, and the user is told where.
    assert_eq!(located(&imported.warnings), [(11, Some("id"))]);
}

#[test]
fn json_errors_name_their_line_and_field() {
    // A syntax error: the missing comma is noticed where the next key starts.
    let errors = import_errors(
        "a.json",
        "[\n  {\"prompt\": \"a?\"}\n  {\"prompt\": \"b?\"}\n]",
    );
    assert_eq!(located(&errors), [(3, None)]);

    // Onsite's shape: a bad kind on line 13, an unknown field on line 22, a missing prompt in the
    // question that starts on line 24; all reported at once.
    let p = packs().into_iter().find(|p| p.id == "ml-engineer").unwrap();
    let small = Pack {
        questions: p.questions[..3].to_vec(),
        ..p
    };
    let text = json::write(&small);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == "    {").collect();
    assert_eq!(starts.len(), 3);
    let find = |lines: &[String], from: usize, key: &str| {
        from + lines[from..].iter().position(|l| l.contains(key)).unwrap()
    };
    let kind_at = find(&lines, starts[0], "\"kind\": \"concept\"");
    lines[kind_at] = lines[kind_at].replace("concept", "essay");
    let minutes_at = find(&lines, starts[1], "\"minutes\"");
    lines[minutes_at] = lines[minutes_at].replace("\"minutes\"", "\"minute\"");
    let third = starts[2];
    let prompt_at = find(&lines, third, "\"prompt\"");
    lines.remove(prompt_at);
    let errors = import_errors("p.json", &lines.join("\n"));
    assert_eq!(
        located(&errors),
        [
            (kind_at + 1, Some("kind")),
            (minutes_at + 1, Some("minute")),
            (third + 1, Some("prompt")),
        ],
        "{errors:?}"
    );
    assert!(errors[0].message.contains("essay"), "{}", errors[0].message);
    assert!(errors.iter().all(|e| e.file == "p.json"));

    // The loose shape: a missing prompt at element 3 is reported at that element's line, a bad
    // kind at its own line.
    let text = "[\n  {\"q\": \"a?\"},\n  {\"q\": \"b?\",\n   \"kind\": \"essay\"},\n  {\"answer\": \"x\"}\n]";
    let errors = import_errors("l.json", text);
    assert_eq!(
        located(&errors),
        [(4, Some("kind")), (5, Some("prompt"))],
        "{errors:?}"
    );

    // Pack rules still apply after reading: minutes out of range, at the question's line.
    let errors = import_errors("m.json", "[\n\n  {\"q\": \"a?\", \"minutes\": 0}\n]");
    assert_eq!(located(&errors), [(3, Some("minutes"))]);
    let errors = import_errors("n.json", "{\"title\": \"x\"}");
    assert_eq!(located(&errors), [(1, Some("questions"))]);
}

// ---- Anki ----

#[test]
fn an_anki_notes_export_imports_with_exact_fields() {
    let imported = import("ML deck.txt", &fixture("formats/anki-notes-export.txt"));
    assert_eq!(imported.format, Format::Anki);
    let qs = &imported.pack.questions;
    let got: Vec<_> = qs
        .iter()
        .map(|q| {
            (
                q.line,
                q.level,
                q.category.as_str(),
                q.kind,
                q.difficulty,
                q.minutes,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                7,
                Level::Mle,
                "Evaluation",
                Kind::Concept,
                Difficulty::Easy,
                4
            ),
            (
                8,
                Level::Senior,
                "Model Evaluation",
                Kind::Concept,
                Difficulty::Hard,
                5
            ),
            (
                9,
                Level::Mle,
                "Deep Learning",
                Kind::Concept,
                Difficulty::Medium,
                5
            ),
            (
                11,
                Level::Senior,
                "Design",
                Kind::Design,
                Difficulty::Medium,
                45
            ),
        ]
    );
    let prompts: Vec<_> = qs.iter().map(|q| q.prompt.as_str()).collect();
    assert_eq!(
        prompts,
        [
            "What is the difference between precision and recall?",
            "How would you evaluate a ranking model offline?\nName two metrics.",
            "Why do residual connections help very deep networks train?",
            "Design a feature store for online and offline use.",
        ]
    );
    assert_eq!(
        qs[0].guide.key_points,
        [
            "Precision = TP / (TP + FP): how many flagged items are right",
            "Recall = TP / (TP + FN): how many positives are found",
            "Raising the threshold usually trades recall for precision",
        ]
    );
    assert_eq!(
        qs[1].guide.key_points,
        [
            "NDCG@k rewards relevant items near the top",
            "MAP averages precision at each relevant item",
            "Use a time-based split & watch for position bias",
        ]
    );
    assert_eq!(
        qs[2].guide.key_points,
        [
            "Gradients flow through the identity path",
            "Each block learns a small correction",
            "Easier optimisation, not more capacity",
        ]
    );
    assert!(qs[3].guide.key_points.is_empty());
    assert_eq!(qs[0].id, "ml-deck.what-is-the-difference-between");
    // The card whose front is only a line break is skipped, and the user told which.
    assert_eq!(located(&imported.warnings), [(10, Some("front"))]);
}

#[test]
fn a_semicolon_csv_with_global_tags_and_a_multi_line_field_imports() {
    let imported = import("questions.csv", &fixture("formats/questions-semicolon.csv"));
    assert_eq!(imported.format, Format::Anki);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let qs = &imported.pack.questions;
    let got: Vec<_> = qs
        .iter()
        .map(|q| {
            (
                q.line,
                q.prompt.as_str(),
                q.category.as_str(),
                q.level,
                q.kind,
                q.minutes,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                4,
                "What is overfitting?",
                "Fundamentals",
                Level::Mle,
                Kind::Concept,
                5
            ),
            (
                7,
                "Explain the bias-variance trade-off; when is a high-bias model the better choice?",
                "deep learning",
                Level::Mle,
                Kind::Concept,
                5
            ),
            (
                11,
                "How do you pick k in k-means?",
                "ml",
                Level::Mle,
                Kind::Concept,
                5
            ),
        ]
    );
    assert_eq!(
        qs[0].guide.key_points,
        [
            "The model fits noise in the training data.",
            "It does well on training data but poorly on new data.",
            "Fix it with more data, regularisation or early stopping.",
        ]
    );
    assert_eq!(
        qs[1].guide.key_points,
        [
            "Bias: error from overly simple assumptions",
            "Variance: sensitivity to the training sample"
        ]
    );
    assert_eq!(qs[2].guide.key_points, ["Elbow method"]);
}

#[test]
fn a_headerless_tsv_imports_front_and_back() {
    let imported = import("plain.tsv", &fixture("formats/plain.tsv"));
    assert_eq!(imported.format, Format::Anki);
    let got: Vec<_> = imported
        .pack
        .questions
        .iter()
        .map(|q| {
            (
                q.line,
                q.prompt.as_str(),
                q.category.as_str(),
                q.guide.key_points.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                1,
                "What is a confusion matrix?",
                "General",
                vec!["A table of predicted against actual classes".to_string()]
            ),
            (
                2,
                "What does dropout do?",
                "General",
                vec!["Randomly zeroes activations during training".to_string()]
            ),
            (4, "Define recall.", "General", vec![]),
        ]
    );
}

#[test]
fn anki_rows_are_located_after_headers_comments_and_blank_lines() {
    let text = "\n#separator:Comma\n#html:false\n#tags:x\nq1,a\n# note\n\n\"q2\nstill q2\",a\nq3\n";
    let draft = anki::read("x.csv", text).unwrap();
    let got: Vec<_> = draft
        .questions
        .iter()
        .map(|q| (q.line, q.prompt.as_str()))
        .collect();
    assert_eq!(got, [(5, "q1"), (8, "q2\nstill q2"), (10, "q3")]);
    // Without `#html`, a field is taken as text unless the file holds HTML.
    let draft = anki::read("x.csv", "#separator:Pipe\nIs a<y and y>c, or 1 < 2?|yes\n").unwrap();
    assert_eq!(draft.questions[0].prompt, "Is a<y and y>c, or 1 < 2?");
    let draft = anki::read("x.csv", "#html:false\n<b>bold</b> &amp;,x\n").unwrap();
    assert_eq!(
        draft.questions[0].prompt, "<b>bold</b> &amp;",
        "html:false means plain text"
    );
    let draft = anki::read("x.csv", "<b>bold</b> &amp; <script>x()</script>,x\n").unwrap();
    assert_eq!(draft.questions[0].prompt, "bold &");
}

#[test]
fn anki_tags_and_columns_are_read_as_anki_defines_them() {
    let text = "#separator:tab\n#columns:Tags\tAnswer\tQuestion\n\
                level::senior kind::essay minutes::x\tan answer\tthe question?\n";
    let imported = import("cards.txt", text.as_bytes());
    let q = &imported.pack.questions[0];
    assert_eq!(
        (
            q.prompt.as_str(),
            q.guide.key_points.clone(),
            q.level,
            q.kind,
            q.minutes
        ),
        (
            "the question?",
            vec!["an answer".to_string()],
            Level::Senior,
            Kind::Concept,
            5
        )
    );
    assert_eq!(
        located(&imported.warnings),
        [(3, Some("tags")), (3, Some("tags"))]
    );
    // A `#separator` Anki does not know is reported, and the separator guessed.
    let imported = import("cards.txt", b"#separator:Slash\na;b\n");
    assert_eq!(located(&imported.warnings), [(1, Some("separator"))]);
    assert_eq!(imported.pack.questions[0].guide.key_points, ["b"]);
}

#[test]
fn every_bundled_question_round_trips_through_anki_for_the_fields_it_carries() {
    let questions: Vec<Question> = packs().into_iter().flat_map(|p| p.questions).collect();
    let text = anki::write(&questions);
    assert!(
        text.starts_with("#separator:Comma\n#html:true\n#notetype:Basic\n#tags column:3\n"),
        "{}",
        &text[..200]
    );
    let q = questions
        .iter()
        .find(|q| q.id == "mle-fund-overfitting-prevent")
        .unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("What is overfitting?"))
        .unwrap();
    assert!(
        row.contains(",\"<ul><li>Overfitting: the model fits noise"),
        "{row}"
    );
    assert!(row.ends_with(&format!(
        "</li></ul>\",onsite level::mle category::Machine_Learning_Fundamentals kind::concept difficulty::easy minutes::{}",
        q.minutes
    )), "{row}");

    let imported = import("onsite.csv", text.as_bytes());
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.pack.questions.len(), questions.len());
    for (a, b) in questions.iter().zip(&imported.pack.questions) {
        assert_eq!(anki_view(a), anki_view(b));
    }
}

#[test]
fn anki_export_escapes_markup_and_survives_hostile_text() {
    let mut qs = hostile_pack().questions;
    for q in &mut qs {
        // Anki tags cannot hold spaces: they come back as single spaces either way.
        q.category = "Cat \"x\" & <y>".into();
        q.prompt = "Is <b>1 < 2</b> && \"x\"?\nSecond line, with, commas; and a\ttab".into();
        q.guide.key_points = vec!["a <li> b".into(), "&amp; stays text".into()];
    }
    let text = anki::write(&qs);
    assert!(!text.contains("<b>1"), "the prompt's markup is escaped");
    let draft = anki::read("x.csv", &text).unwrap();
    for (a, b) in qs.iter().zip(&draft.questions) {
        assert_eq!(b.prompt, a.prompt);
        assert_eq!(b.guide.key_points, a.guide.key_points);
        assert_eq!(b.category, "Cat x & <y>");
    }
}

// ---- Detection and large files ----

#[test]
fn each_format_is_detected_through_import() {
    let p = packs().remove(0);
    let cases: [(&str, String, Format); 5] = [
        ("a.toml", pack_toml::write(&p), Format::Pack),
        ("a.JSON", json::write(&p), Format::Json),
        ("a.txt", anki::write(&p.questions), Format::Anki),
        ("a.csv", "q?,a\n".into(), Format::Anki),
        ("a.tsv", "q?\ta\n".into(), Format::Anki),
    ];
    for (file, text, format) in cases {
        assert_eq!(import(file, text.as_bytes()).format, format, "{file}");
    }
    // A UTF-8 byte-order mark and Windows line endings change nothing.
    let text = format!("\u{feff}{}", json::write(&p).replace('\n', "\r\n"));
    assert_same(import("b.json", text.as_bytes()).pack, &p);
}

/// Packages made by Anki's own library (`tests/fixtures/anki/make_packages.py`), in the current
/// format (a zstd-compressed collection) and the legacy one.
#[test]
fn anki_packages_import_with_their_decks_fronts_backs_and_tags() {
    let read = |name: &str| {
        let path = format!("tests/fixtures/anki/{name}");
        let bytes = std::fs::read(&path).unwrap();
        onsite::services::imports::check_file(&path, &bytes).unwrap()
    };
    let current = read("interview.apkg");
    let legacy = read("interview-legacy.apkg");
    assert_eq!(current.format.as_str(), "apkg");
    let shown = |i: &onsite::domain::formats::Imported| {
        i.pack
            .questions
            .iter()
            .map(|q| {
                (
                    q.level.as_str(),
                    q.category.clone(),
                    q.kind.as_str(),
                    q.prompt.clone(),
                    q.guide.key_points.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&current), shown(&legacy), "both formats read alike");
    let references = |i: &onsite::domain::formats::Imported| {
        let all = i
            .pack
            .questions
            .iter()
            .map(|q| q.guide.reference_answer.clone());
        all.collect::<Vec<_>>()
    };
    assert_eq!(references(&current), references(&legacy));
    let qs = shown(&current);
    assert_eq!(qs.len(), 6, "one question per note, not per card");
    assert_eq!(
        qs[0],
        (
            "mle",
            "Evaluation".to_string(),
            "concept",
            "What is ROC AUC, and when does it mislead?".to_string(),
            vec![
                "Area under the ROC curve: P(score of a positive > score of a negative)"
                    .to_string(),
                "Threshold-free".into(),
                "Misleads when positives are rare: use PR–AUC".into(),
            ]
        )
    );
    assert_eq!(
        qs[1].4,
        ["Precision = TP / (TP + FP)", "Recall = TP / (TP + FN)"]
    );
    // Tags that set no field are kept with the question, as Anki wrote them.
    let tags: Vec<Vec<String>> = current
        .pack
        .questions
        .iter()
        .map(|q| q.guide.tags.clone())
        .collect();
    assert_eq!(
        tags,
        [
            vec!["evaluation".to_string()],
            vec!["evaluation".into()],
            vec!["deep-learning".into()],
            vec![],
            vec!["evaluation".into()],
            vec!["deep-learning".into()],
        ]
    );
    assert_eq!(qs[2].0, "senior", "the level::senior tag");
    assert_eq!(qs[2].1, "Deep Learning", "the deck's last level");
    assert_eq!(
        qs[2].3,
        "Why does layer normalisation help training? Café x²"
    );
    assert_eq!(
        qs[2].4,
        [
            "It keeps activations at a steady scale.",
            "It does not depend on the batch."
        ]
    );
    assert_eq!(
        (qs[3].0, qs[3].1.as_str(), qs[3].2),
        ("senior", "General", "design"),
        "Anki's Default deck is no category"
    );
    let refs = references(&current);
    assert!(
        refs[..4].iter().all(String::is_empty),
        "backs that are only their key points: {refs:?}"
    );
    assert!(
        refs[4].starts_with("Offline metrics are computed on logged data"),
        "a long back is the reference answer"
    );
    assert!(qs[4].4.is_empty());
    // A cloze: the deletions hidden in the question, its answers as key points, the whole text
    // with them shown (and the extra field) as the reference answer.
    assert_eq!(qs[5].3, "Dropout is turned [on or off?] at inference, and activations are scaled by […] during training.");
    assert_eq!(qs[5].4, ["off", "1 / (1 - p)"]);
    assert_eq!(
        refs[5],
        "Dropout is turned off at inference, and activations are scaled by 1 / (1 - p) during training.\n\nInverted dropout keeps expected activations equal."
    );
    let warnings: Vec<_> = current.warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(
        warnings,
        ["2 image or sound references left out: Onsite keeps text only"]
    );
}

/// A collection whose `notes` is a view (which could run for ever) is refused, and reading a
/// package leaves no file behind.
#[test]
fn a_crafted_collection_is_refused_and_nothing_is_left_behind() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("c.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "CREATE TABLE col (decks TEXT); INSERT INTO col VALUES ('{}'); \
         CREATE TABLE cards (nid, did, odid, ord); \
         CREATE VIEW notes AS WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n) \
         SELECT id, 'q' || char(31) || 'a' AS flds, '' AS tags FROM n;",
    )
    .unwrap();
    drop(c);
    let path = dir.path().join("crafted.apkg");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file("collection.anki2", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &std::fs::read(&db).unwrap()).unwrap();
    zip.finish().unwrap();
    let before = std::fs::read_dir(std::env::temp_dir()).unwrap().count();
    let errors =
        onsite::services::imports::check_file("crafted.apkg", &std::fs::read(&path).unwrap())
            .unwrap_err();
    assert!(errors[0].message.contains("no notes table"), "{errors:?}");
    let good = std::fs::read("tests/fixtures/anki/interview.apkg").unwrap();
    onsite::services::imports::check_file("interview.apkg", &good).unwrap();
    let after = std::fs::read_dir(std::env::temp_dir()).unwrap().count();
    assert!(
        after <= before,
        "files left in the temporary folder: {before} before, {after} after"
    );
}

#[test]
fn a_zip_that_is_not_an_anki_package_is_refused_by_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("notes.apkg");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    zip.finish().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = path.display().to_string();
    let errors = onsite::services::imports::check_file(&file, &bytes).unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .starts_with(&format!("{file}:1: no Anki collection")),
        "{errors:?}"
    );
}

/// Onsite's Anki export, imported by Anki's own library into a real collection, then read back by
/// Onsite: every prompt and key point survives. Needs a Python with the `anki` package
/// (`ONSITE_ANKI_PYTHON`, or `python3`); without one the test says so and checks nothing.
#[test]
fn the_anki_export_survives_a_real_anki_import() {
    let python = std::env::var("ONSITE_ANKI_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_anki = std::process::Command::new(&python)
        .args(["-c", "import anki"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_anki {
        eprintln!(
            "skipped: no `anki` package for {python} (pip install anki, or set ONSITE_ANKI_PYTHON)"
        );
        return;
    }
    let bank = common::bundled();
    let dir = tempfile::TempDir::new().unwrap();
    let csv = dir.path().join("onsite.csv");
    std::fs::write(&csv, onsite::domain::formats::anki::write(&bank)).unwrap();
    let out = std::process::Command::new(&python)
        .arg("tests/fixtures/anki/import_into_anki.py")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let notes: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(notes.len(), bank.len(), "one Anki note per question");
    let notes: Vec<_> = notes
        .iter()
        .map(|n| onsite::domain::formats::anki::PackageNote {
            fields: serde_json::from_value(n["fields"].clone()).unwrap(),
            tags: serde_json::from_value(n["tags"].clone()).unwrap(),
            deck: n["deck"].as_str().unwrap().into(),
        })
        .collect();
    let back = onsite::domain::formats::anki::read_package("anki", &notes).unwrap();
    assert_eq!(back.questions.len(), bank.len());
    for (q, b) in bank.iter().zip(&back.questions) {
        assert_eq!(q.prompt, b.prompt);
        assert_eq!(q.guide.key_points, b.guide.key_points, "{}", q.id);
        assert_eq!(
            (q.level, q.kind, &q.category),
            (b.level, b.kind, &b.category),
            "{}",
            q.id
        );
    }
}
