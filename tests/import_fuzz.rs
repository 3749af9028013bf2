//! Property tests of the importers (JSON, Anki text / CSV / TSV, Onsite's TOML pack): whatever a
//! file holds, importing never panics, and either gives questions the bank can use or errors that
//! point inside the file. Inputs are arbitrary bytes and text, and valid documents with damage done
//! to them, which reach much deeper into each reader.

mod common;

use common::check_import;
use onsite::domain::formats::{self, anki, json, pack_toml};
use onsite::domain::pack::{
    BehavioralSpec, CodingSpec, Difficulty, Guide, Kind, Level, Pack, PhaseGuide, Question,
};
use proptest::prelude::*;
use std::time::{Duration, Instant};

// ---- Damage done to valid documents ----

#[derive(Debug, Clone)]
enum Damage {
    Delete(usize),
    Duplicate(usize),
    Insert(usize, char),
    /// Replaces one word (such as an enum value) with another.
    Word(usize, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    let special = prop::sample::select(vec![
        '"', '\'', '\\', ',', ';', '\t', '\n', '\r', ':', '{', '}', '[', ']', '#', '=', '<', '>',
        '&', ' ', '|', 'x', '0', '-', '\u{0}', '\u{feff}', 'é', '😀',
    ]);
    let word = prop::sample::select(vec![
        "essay",
        "MLE",
        "Senior",
        "medium",
        "HARD",
        "-1",
        "0",
        "99999999999",
        "null",
        "true",
        "\"\"",
        "[]",
        "{}",
        "behavioural",
        "level::",
        "kind::coding",
        "#separator:tab",
        "#html:true",
        "\"pack\": {}",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        any::<usize>().prop_map(Damage::Delete),
        any::<usize>().prop_map(Damage::Duplicate),
        (any::<usize>(), special).prop_map(|(i, c)| Damage::Insert(i, c)),
        (any::<usize>(), word).prop_map(|(i, w)| Damage::Word(i, w)),
    ]
}

/// `text` with each damage done, at positions taken modulo its length.
fn damaged(text: &str, damages: &[Damage]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for d in damages {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
        match d {
            Damage::Delete(i) if !chars.is_empty() => {
                let i = at(*i, chars.len());
                chars.remove(i);
            }
            Damage::Duplicate(i) if !chars.is_empty() => {
                let i = at(*i, chars.len());
                chars.insert(i, chars[i]);
            }
            Damage::Insert(i, c) => {
                let i = at(*i, chars.len() + 1);
                chars.insert(i, *c);
            }
            Damage::Word(i, w) => {
                // Replace the run of letters around the position, or insert there.
                let i = at(*i, chars.len() + 1);
                let alpha = |c: &char| c.is_alphanumeric();
                let start = chars[..i]
                    .iter()
                    .rposition(|c| !alpha(c))
                    .map_or(0, |s| s + 1);
                let end = chars[i..]
                    .iter()
                    .position(|c| !alpha(c))
                    .map_or(chars.len(), |e| i + e);
                chars.splice(start..end.max(start), w.chars());
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

// ---- Valid documents ----

/// Text of 1-40 characters, trimmed (as every reader trims), with the characters formats escape.
fn words() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ?,.;:'\"()<>&#/\\\\é中😀-]{1,40}".prop_map(|w| match w.trim() {
        "" => "w".to_string(),
        t => t.to_string(),
    })
}

fn question() -> impl Strategy<Value = Question> {
    let kind = prop::sample::select(vec![
        Kind::Concept,
        Kind::Design,
        Kind::Coding,
        Kind::Behavioral,
    ]);
    let level = prop::sample::select(vec![Level::Mle, Level::Senior]);
    let difficulty =
        prop::sample::select(vec![Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]);
    (
        (
            "[a-z0-9][a-z0-9._-]{0,20}",
            level,
            words(),
            kind,
            difficulty,
            1u32..=240,
        ),
        (
            words(),
            any::<bool>(),
            prop::collection::vec(words(), 0..4),
            prop::collection::vec(words(), 0..2),
        ),
    )
        .prop_map(
            |((id, level, category, kind, difficulty, minutes), (prompt, seed, points, more))| {
                let guide = Guide {
                    key_points: points,
                    follow_ups: more.clone(),
                    red_flags: more.clone(),
                    reference_answer: more.join("\n\n"),
                    source: more.join(" "),
                    tags: more.clone(),
                    phases: if kind == Kind::Design {
                        more.iter()
                            .map(|m| PhaseGuide {
                                name: m.clone(),
                                minutes: 5,
                                covers: m.clone(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    coding: (kind == Kind::Coding).then(|| CodingSpec {
                        statement: prompt.clone(),
                        examples: more.clone(),
                        constraints: more.clone(),
                        complexity: "O(n)".into(),
                    }),
                    behavioral: (kind == Kind::Behavioral).then(|| BehavioralSpec {
                        competency: category.clone(),
                        strong_answer: more.clone(),
                    }),
                };
                Question {
                    id,
                    level,
                    category,
                    kind,
                    difficulty,
                    minutes,
                    prompt,
                    seed,
                    guide,
                    drill: None,
                    line: 0,
                }
            },
        )
}

fn a_pack() -> impl Strategy<Value = Pack> {
    (prop::collection::vec(question(), 1..5), words()).prop_map(|(mut questions, title)| {
        for (i, q) in questions.iter_mut().enumerate() {
            q.id = format!("{}-{i}", q.id);
        }
        Pack {
            id: "fuzz".into(),
            title,
            description: String::new(),
            source: "generated".into(),
            license: "CC0-1.0".into(),
            questions,
        }
    })
}

/// A JSON question object as other tools might write it, by hand.
fn loose_json() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "prompt",
        "question",
        "front",
        "q",
        "category",
        "topic",
        "level",
        "kind",
        "difficulty",
        "minutes",
        "answer",
        "key_points",
        "id",
        "tags",
        "extra",
    ]);
    let value = prop_oneof![
        words().prop_map(|w| serde_json::to_string(&w).unwrap()),
        Just("5".to_string()),
        Just("-3".to_string()),
        Just("null".to_string()),
        Just("[\"a\", \"- b\\n* c\"]".to_string()),
        Just("{\"x\": 1}".to_string()),
        Just("\"senior\"".to_string()),
        Just("\"design\"".to_string()),
    ];
    // Most objects have a prompt first, so that many reach the checks after it.
    let prompt = prop::option::weighted(0.8, words());
    let object =
        (prompt, prop::collection::vec((key, value), 0..5)).prop_map(|(prompt, fields)| {
            let prompt = prompt.map(|p| format!("\"q\": {}", serde_json::to_string(&p).unwrap()));
            let body: Vec<String> = prompt
                .into_iter()
                .chain(fields.iter().map(|(k, v)| format!("\"{k}\": {v}")))
                .collect();
            format!("{{{}}}", body.join(",\n  "))
        });
    (prop::collection::vec(object, 0..5), any::<bool>()).prop_map(|(objects, wrapped)| {
        let list = format!("[\n  {}\n]", objects.join(",\n  "));
        if wrapped {
            format!("{{\"title\": \"t\", \"level\": \"mle\",\n \"questions\": {list}}}")
        } else {
            list
        }
    })
}

/// An Anki-style text file: some header lines, then rows whose fields may hold separators, quotes,
/// line breaks, HTML and tags.
fn anki_text() -> impl Strategy<Value = String> {
    let separator = prop::sample::select(vec![",", ";", "\t", "|", " ", ":"]);
    let header = prop::sample::select(vec![
        "#separator:Comma",
        "#separator:tab",
        "#separator:Semicolon",
        "#separator:|",
        "#separator:weird",
        "#html:true",
        "#html:false",
        "#html:maybe",
        "#tags:ml level::senior",
        "#columns:Front,Back,Tags",
        "#columns:Tags;Question;Answer",
        "#tags column:3",
        "#tags column:0",
        "#tags column:9",
        "#deck column:1",
        "#guid column:2",
        "#notetype column:4",
        "#deck:ML::Deep_Learning",
        "tags:legacy",
        "# a comment",
        "",
    ]);
    let field = prop_oneof![
        words(),
        Just(String::new()),
        Just("<ul><li>a</li><li>b &amp; c</li></ul>".to_string()),
        Just("line one<br>line two<div>three</div>".to_string()),
        Just("level::senior category::Deep_Learning kind::design minutes::12".to_string()),
        Just("kind::essay minutes::x difficulty::HARD".to_string()),
        Just("<script>x()</script>&#0;&#x110000;&#65;".to_string()),
        Just("\"quoted, with \"\"quotes\"\"\nand a line\"".to_string()),
        Just("\"unterminated".to_string()),
    ];
    (
        prop::collection::vec(header, 0..5),
        separator,
        prop::collection::vec(prop::collection::vec(field, 1..6), 0..6),
    )
        .prop_map(|(headers, sep, rows)| {
            let mut out: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
            out.extend(rows.iter().map(|r| r.join(sep)));
            out.join("\n")
        })
}

/// 256 cases a property, so the file runs in seconds; set `PROPTEST_CASES` for a deeper run.
fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        default
    } else {
        ProptestConfig {
            cases: 256,
            ..default
        }
    }
}

const FILES: &[&str] = &["f.json", "f.csv", "f.tsv", "f.toml"];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), f in 0..FILES.len()) {
        check_import(FILES[f], &bytes)?;
    }

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>(), f in 0..FILES.len()) {
        check_import(FILES[f], s.as_bytes())?;
        // As a .txt file, text is read as Anki's only when it starts with an Anki header.
        let anki = format!("#separator:tab\n{s}");
        check_import("f.txt", anki.as_bytes())?;
    }

    #[test]
    fn damaged_onsite_json_packs(p in a_pack(), d in prop::collection::vec(damage(), 0..4)) {
        let text = json::write(&p);
        let imported = formats::import("p.json", text.as_bytes(), &[]);
        prop_assert!(imported.is_ok(), "{:?}", imported.err());
        check_import("p.json", damaged(&text, &d).as_bytes())?;
    }

    #[test]
    fn damaged_loose_json(text in loose_json(), d in prop::collection::vec(damage(), 0..3)) {
        check_import("l.json", text.as_bytes())?;
        check_import("l.json", damaged(&text, &d).as_bytes())?;
    }

    #[test]
    fn damaged_toml_packs(p in a_pack(), d in prop::collection::vec(damage(), 0..4)) {
        let text = pack_toml::write(&p);
        let imported = formats::import("p.toml", text.as_bytes(), &[]);
        prop_assert!(imported.is_ok(), "{:?}", imported.err());
        check_import("p.toml", damaged(&text, &d).as_bytes())?;
    }

    #[test]
    fn damaged_anki_text(text in anki_text(), d in prop::collection::vec(damage(), 0..3)) {
        for file in ["a.csv", "a.tsv"] {
            check_import(file, text.as_bytes())?;
            check_import(file, damaged(&text, &d).as_bytes())?;
        }
        let txt = format!("#html:true\n{}", damaged(&text, &d));
        check_import("a.txt", txt.as_bytes())?;
    }

    #[test]
    fn damaged_anki_exports(p in a_pack(), d in prop::collection::vec(damage(), 0..4)) {
        let text = anki::write(&p.questions);
        let imported = formats::import("a.txt", text.as_bytes(), &[]);
        prop_assert!(imported.is_ok(), "{:?}", imported.err());
        check_import("a.txt", damaged(&text, &d).as_bytes())?;
    }
}

// ---- Size ----

fn within(limit: Duration, what: &str, f: impl FnOnce()) {
    let start = Instant::now();
    f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}");
}

#[test]
fn a_megabyte_of_csv_or_json_imports_in_seconds() {
    let n = 8_000;
    let mut csv = String::from("#separator:Comma\n#html:true\n#tags column:3\n");
    let mut list = Vec::with_capacity(n);
    for i in 0..n {
        let prompt = format!(
            "Question {i}: how would you evaluate model number {i} in production, and why?"
        );
        let answer = format!("<ul><li>Point one for {i}</li><li>Point two, with a comma</li><li>Point three</li></ul>");
        csv.push_str(&format!(
            "\"{prompt}\",\"{answer}\",level::mle category::Topic_{}\n",
            i % 17
        ));
        list.push(serde_json::json!({"prompt": prompt, "category": format!("Topic {}", i % 17), "answer": "- one\n- two\n- three"}));
    }
    assert!(csv.len() > 1_000_000, "{}", csv.len());
    let json = serde_json::to_string_pretty(&list).unwrap();
    assert!(json.len() > 1_000_000, "{}", json.len());
    let limit = Duration::from_secs(5);
    within(limit, "a 1 MB CSV", || {
        let imported = formats::import("big.csv", csv.as_bytes(), &[]).unwrap();
        assert_eq!(imported.pack.questions.len(), n);
    });
    within(limit, "a 1 MB JSON list", || {
        let imported = formats::import("big.json", json.as_bytes(), &[]).unwrap();
        assert_eq!(imported.pack.questions.len(), n);
    });
    // One huge field of would-be tags with no `>` is read in one pass too.
    let field = format!("q?,\"{}\"\n", "<a".repeat(500_000));
    within(limit, "a 1 MB field of '<a'", || {
        let draft = anki::read("x.csv", &format!("#html:true\n{field}")).unwrap();
        assert_eq!(draft.questions.len(), 1);
    });
}
