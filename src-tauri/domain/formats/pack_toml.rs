//! Writing a pack as Onsite's own TOML pack format, laid out as the bundled packs are, so that
//! [`crate::domain::pack::parse`] reads back exactly what was written.

use crate::domain::pack::{Pack, Question};
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
    for p in &g.phases {
        out.push_str("\n[[question.phase]]\n");
        field(out, "name", &p.name);
        let _ = writeln!(out, "minutes = {}", p.minutes);
        field(out, "covers", &p.covers);
    }
    if let Some(c) = &g.coding {
        out.push_str("\n[question.coding]\n");
        field(out, "statement", &c.statement);
        list(out, "examples", &c.examples);
        list(out, "constraints", &c.constraints);
        field(out, "complexity", &c.complexity);
    }
    if let Some(b) = &g.behavioral {
        out.push_str("\n[question.behavioral]\n");
        field(out, "competency", &b.competency);
        list(out, "strong_answer", &b.strong_answer);
    }
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
    use crate::domain::pack::{self, CodingSpec, Difficulty, Guide, Kind, Level};

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
}
