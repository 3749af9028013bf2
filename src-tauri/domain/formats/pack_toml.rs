//! Writing a pack as Onsite's own TOML pack format, laid out as the bundled packs are, so that
//! [`crate::domain::pack::parse`] reads back exactly what was written.

use crate::domain::drill::{Case, Compare, Drill, Language, DEFAULT_TOLERANCE};
use crate::domain::pack::{CodingSpec, Pack, Question};
use std::fmt::Write as _;
use toml_writer::{TomlStringBuilder, TomlWrite};

/// The pack as a pack file: `[pack]`, then one `[[question]]` per question with its guide. Every
/// question states its level, so the file needs no pack-wide default.
pub fn write(pack: &Pack) -> String {
    let mut out = String::with_capacity(256 + pack.questions.len() * 1024);
    out.push_str(
        "# Onsite question pack: one [pack] table, then one [[question]] table per question.\n\
         # The format is described in Onsite's questions/README.md.\n\n[pack]\n",
    );
    field(&mut out, "id", &pack.id);
    field(&mut out, "title", &pack.title);
    if !pack.description.is_empty() {
        field(&mut out, "description", &pack.description);
    }
    field(&mut out, "source", &pack.source);
    field(&mut out, "license", &pack.license);
    for q in &pack.questions {
        question(&mut out, q);
    }
    out
}

fn question(out: &mut String, q: &Question) {
    out.push_str("\n[[question]]\n");
    field(out, "id", &q.id);
    field(out, "level", q.level.as_str());
    if q.seed {
        out.push_str("seed = true\n");
    }
    field(out, "category", &q.category);
    field(out, "kind", q.kind.as_str());
    field(out, "difficulty", q.difficulty.as_str());
    let _ = writeln!(out, "minutes = {}", q.minutes);
    field(out, "prompt", &q.prompt);
    let g = &q.guide;
    for (key, items) in [
        ("key_points", &g.key_points),
        ("follow_ups", &g.follow_ups),
        ("red_flags", &g.red_flags),
    ] {
        if !items.is_empty() {
            list(out, key, items);
        }
    }
    if !g.reference_answer.is_empty() {
        field(out, "reference_answer", &g.reference_answer);
    }
    if !g.source.is_empty() {
        field(out, "source", &g.source);
    }
    if !g.tags.is_empty() {
        list(out, "tags", &g.tags);
    }
    for p in &g.phases {
        out.push_str("\n[[question.phase]]\n");
        field(out, "name", &p.name);
        let _ = writeln!(out, "minutes = {}", p.minutes);
        field(out, "covers", &p.covers);
    }
    // A drill's keys live in `[question.coding]`, which the format requires to state the problem:
    // a drill without one is written with an empty problem.
    let empty = CodingSpec {
        statement: String::new(),
        examples: Vec::new(),
        constraints: Vec::new(),
        complexity: String::new(),
    };
    if let Some(c) = g.coding.as_ref().or(q.drill.as_ref().map(|_| &empty)) {
        out.push_str("\n[question.coding]\n");
        field(out, "statement", &c.statement);
        list(out, "examples", &c.examples);
        list(out, "constraints", &c.constraints);
        field(out, "complexity", &c.complexity);
        if let Some(d) = &q.drill {
            drill(out, d);
        }
    }
    if let Some(b) = &g.behavioral {
        out.push_str("\n[question.behavioral]\n");
        field(out, "competency", &b.competency);
        list(out, "strong_answer", &b.strong_answer);
    }
}

/// The drill's keys, which follow the problem in `[question.coding]`, then one
/// `[[question.coding.case]]` per case. Defaults are left out, as the bundled packs leave them.
fn drill(out: &mut String, d: &Drill) {
    if d.language != Language::Python {
        let language = match d.language {
            Language::Python => "python",
            Language::Sql => "sql",
        };
        field(out, "language", language);
    }
    if let Some(entry) = &d.entry {
        field(out, "entry", entry);
    }
    field(out, "signature", &d.signature);
    if d.numpy {
        out.push_str("numpy = true\n");
    }
    out.push_str("starter = ");
    let starter = TomlStringBuilder::new(&d.starter);
    let _ = out.value(
        starter
            .as_ml_literal()
            .unwrap_or_else(|| starter.as_ml_basic()),
    );
    out.push('\n');
    for c in &d.cases {
        case(out, c);
    }
}

fn case(out: &mut String, c: &Case) {
    out.push_str("\n[[question.coding.case]]\n");
    json_field(out, "args", &serde_json::Value::Array(c.args.clone()));
    if let Some(calls) = &c.calls {
        json_field(out, "calls", &serde_json::Value::Array(calls.clone()));
    }
    json_field(out, "expected", &c.expected);
    if c.compare != Compare::Exact {
        let compare = match c.compare {
            Compare::Exact => "exact",
            Compare::Float => "float",
            Compare::Unordered => "unordered",
            Compare::Array => "array",
        };
        field(out, "compare", compare);
    }
    if c.tolerance != DEFAULT_TOLERANCE {
        out.push_str("tolerance = ");
        let _ = out.value(c.tolerance);
        out.push('\n');
    }
    if c.hidden {
        out.push_str("hidden = true\n");
    }
}

/// A JSON value as the pack format holds it: compact JSON text in a TOML string, a literal one
/// (written as is) unless the text holds a `'` or a character only an escape can write.
fn json_field(out: &mut String, key: &str, value: &serde_json::Value) {
    let text = value.to_string();
    let string = TomlStringBuilder::new(&text);
    out.push_str(key);
    out.push_str(" = ");
    let _ = out.value(string.as_literal().unwrap_or_else(|| string.as_basic()));
    out.push('\n');
}

fn field(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    string(out, value);
    out.push('\n');
}

/// One item a line, as the bundled packs write them; an empty list stays on one line.
fn list(out: &mut String, key: &str, items: &[String]) {
    out.push_str(key);
    if items.is_empty() {
        out.push_str(" = []\n");
        return;
    }
    out.push_str(" = [\n");
    for item in items {
        out.push_str("  ");
        string(out, item);
        out.push_str(",\n");
    }
    out.push_str("]\n");
}

/// `s` as a TOML basic string, escaped as the TOML spec requires.
fn string(out: &mut String, s: &str) {
    let _ = out.value(TomlStringBuilder::new(s).as_basic());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pack::{self, Difficulty, Guide, Kind, Level};
    use serde_json::json;

    #[test]
    fn strings_are_escaped_so_they_read_back() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\nd\te\u{1}\u{7f}é😀");
        assert_eq!(s, r#""a\"b\\c\nd\te\u0001\u007Fé😀""#);
    }

    #[test]
    fn a_written_pack_parses_back() {
        let p = Pack {
            id: "p".into(),
            title: "T".into(),
            description: String::new(),
            source: "s".into(),
            license: "CC0-1.0".into(),
            questions: vec![Question {
                id: "p.q".into(),
                level: Level::Senior,
                category: "C".into(),
                kind: Kind::Coding,
                difficulty: Difficulty::Hard,
                minutes: 20,
                prompt: "Write \"it\".".into(),
                seed: false,
                guide: Guide {
                    coding: Some(CodingSpec {
                        statement: "s".into(),
                        examples: vec![],
                        constraints: vec!["c".into()],
                        complexity: "O(n)".into(),
                    }),
                    ..Guide::default()
                },
                drill: None,
                line: 0,
            }],
        };
        let text = write(&p);
        assert!(text.contains("examples = []\n"), "{text}");
        let mut back = pack::parse("p.toml", &text).unwrap();
        assert_eq!(back.questions[0].line, 11, "{text}");
        back.questions[0].line = 0;
        assert_eq!(back, p);
    }

    fn drill_pack(drill: Drill, coding: Option<CodingSpec>) -> Pack {
        Pack {
            id: "p".into(),
            title: "T".into(),
            description: String::new(),
            source: "s".into(),
            license: "CC0-1.0".into(),
            questions: vec![Question {
                id: "p.q".into(),
                level: Level::Mle,
                category: "C".into(),
                kind: Kind::Coding,
                difficulty: Difficulty::Easy,
                minutes: 10,
                prompt: "p".into(),
                seed: false,
                guide: Guide {
                    coding,
                    ..Guide::default()
                },
                drill: Some(drill),
                line: 0,
            }],
        }
    }

    fn case(args: serde_json::Value, expected: serde_json::Value) -> Case {
        Case {
            args: args.as_array().unwrap().clone(),
            calls: None,
            expected,
            compare: Compare::Exact,
            tolerance: DEFAULT_TOLERANCE,
            hidden: false,
        }
    }

    fn round_trip(p: &Pack) -> String {
        let text = write(p);
        let mut back = pack::parse("p.toml", &text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        back.questions[0].line = 0;
        assert_eq!(&back, p, "{text}");
        text
    }

    #[test]
    fn a_drill_is_written_as_the_bundled_packs_write_it_and_reads_back() {
        let mut hidden = case(json!([[1.5, 2], "it's"]), json!({"a": [0.1, null]}));
        hidden.compare = Compare::Float;
        hidden.tolerance = 1e-9;
        hidden.hidden = true;
        let drill = Drill {
            language: Language::Python,
            entry: Some("f".into()),
            signature: "f(x: list) -> float".into(),
            starter: "def f(x):\n    \"\"\"Say 'hi'.\"\"\"\n    ...\n".into(),
            numpy: false,
            cases: vec![case(json!([[1, 2]]), json!(3)), hidden],
        };
        let spec = CodingSpec {
            statement: "s".into(),
            examples: vec!["e".into()],
            constraints: vec!["c".into()],
            complexity: "O(n)".into(),
        };
        let text = round_trip(&drill_pack(drill, Some(spec)));
        let at = text.find("complexity = ").unwrap();
        assert_eq!(
            &text[at..],
            r#"complexity = "O(n)"
entry = "f"
signature = "f(x: list) -> float"
starter = '''
def f(x):
    """Say 'hi'."""
    ...
'''

[[question.coding.case]]
args = '[[1,2]]'
expected = '3'

[[question.coding.case]]
args = "[[1.5,2],\"it's\"]"
expected = '{"a":[0.1,null]}'
compare = "float"
tolerance = 0.000000001
hidden = true
"#
        );
    }

    #[test]
    fn any_drill_text_reads_back() {
        let mut calls = case(json!([{"t": "a\u{7f}b\n'''\"\"\"\\"}]), json!([null, "x"]));
        calls.calls = Some(vec![json!(["get", "\u{0}"]), json!(["put"])]);
        calls.tolerance = 0.0;
        for starter in [
            "''starts and ends with quotes''",
            "\nleading newline\n\n",
            "'''\n\"\"\"\r\n\\ \u{1}\ttab\"\"",
            "no newline",
            "''",
        ] {
            let drill = Drill {
                language: Language::Python,
                entry: Some("C".into()),
                signature: "C()".into(),
                starter: starter.into(),
                numpy: true,
                cases: vec![calls.clone()],
            };
            // A drill without a problem statement gets an empty one: the format needs one.
            let p = drill_pack(drill, None);
            let text = write(&p);
            let back = pack::parse("p.toml", &text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
            assert_eq!(back.questions[0].drill, p.questions[0].drill, "{text}");
            assert!(text.contains("numpy = true\n"), "{text}");
        }
        let sql = Drill {
            language: Language::Sql,
            entry: None,
            signature: "t(a) -> a".into(),
            starter: "SELECT a FROM t\n".into(),
            numpy: false,
            cases: vec![case(
                json!([{"t": {"columns": ["a"], "rows": [[1], [2]]}}]),
                json!([[1], [2]]),
            )],
        };
        let spec = CodingSpec {
            statement: "s".into(),
            examples: vec![],
            constraints: vec![],
            complexity: String::new(),
        };
        let text = round_trip(&drill_pack(sql, Some(spec)));
        assert!(text.contains("language = \"sql\"\n"), "{text}");
    }
}
