//! Questions as JSON: Onsite's pack written as JSON (read and written, field for field as the TOML
//! pack), and the looser lists of questions other tools export (read only).
//!
//! A file is read as Onsite's pack when its top level is an object with a `pack` object. That shape
//! has the TOML pack's rules exactly, unknown fields included, so a typo is caught. Anything else
//! (a list of questions, or an object with a `questions` list and the pack's fields beside it) is
//! the loose shape: only the prompt is required, a few other names are understood, and unknown
//! fields are ignored, since other tools' exports carry extras.

use super::{answer_points, default_minutes, infer_kind, level_named, parse_kind, Draft};
use crate::domain::drill::{Case, Compare, Drill, Language, DEFAULT_TOLERANCE};
use crate::domain::pack::{
    BehavioralEntry, CodingSpec, Difficulty, Guide, Kind, Level, LineIndex, Pack, PackError,
    PhaseGuide, Question,
};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;

/// The pack as Onsite's JSON: `{"pack": {...}, "question": [...]}`, pretty-printed, each question
/// with its level and every guide field it has.
pub fn write(pack: &Pack) -> String {
    let file = PackFile {
        pack: PackJson {
            id: pack.id.clone(),
            title: pack.title.clone(),
            description: pack.description.clone(),
            level: None,
            source: pack.source.clone(),
            license: pack.license.clone(),
        },
        question: pack.questions.iter().map(QuestionJson::from).collect(),
    };
    // Plain structs with string keys: serialising them cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// Reads either shape (see the module's comment). Every error names its line and, where known, its
/// field; problems in several questions are all reported.
pub fn read(file: &str, text: &str) -> Result<Draft, Vec<PackError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Doc::new(file, text);
    let top: &RawValue = serde_json::from_str(text).map_err(|e| vec![doc.syntax_error(&e)])?;
    match top.get().as_bytes().first() {
        Some(b'[') => {
            let list = doc.parse::<Vec<&RawValue>>(top).map_err(|e| vec![e])?;
            loose(&doc, LooseTop::default(), top, &list)
        }
        Some(b'{') => {
            let has_pack = doc.keys(top).iter().any(|(k, _)| *k == "pack");
            if has_pack {
                strict(&doc, top)
            } else {
                let head = doc.parse::<LooseTop>(top).map_err(|e| vec![e])?;
                let Some(list) = head.questions.clone() else {
                    return Err(vec![doc.error(
                        doc.line_of(top),
                        Some("questions"),
                        "no questions: expected a list of question objects, an object with a \
                         \"questions\" list, or Onsite's {\"pack\": ..., \"question\": [...]}"
                            .into(),
                    )]);
                };
                loose(&doc, head, top, &list)
            }
        }
        _ => Err(vec![doc.error(
            doc.line_of(top),
            None,
            "expected a list of questions or an object, not a single value".into(),
        )]),
    }
}

#[derive(Serialize)]
struct PackFile {
    pack: PackJson,
    question: Vec<QuestionJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackJson {
    id: String,
    title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<Level>,
    source: String,
    license: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrictTop<'a> {
    #[serde(borrow)]
    pack: &'a RawValue,
    #[serde(default, borrow, alias = "questions")]
    question: Vec<&'a RawValue>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionJson {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<Level>,
    category: String,
    kind: Kind,
    difficulty: Difficulty,
    minutes: u32,
    prompt: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    seed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    key_points: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    follow_ups: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    red_flags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    reference_answer: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    phase: Vec<PhaseGuide>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    coding: Option<CodingJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    behavioral: Option<BehavioralEntry>,
}

/// `coding` as the TOML pack's `[question.coding]`: the problem, then what makes it runnable (the
/// drill's keys and its `case` list), each case's values as JSON values rather than JSON text.
/// Files written before drills have only the problem, and still read.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodingJson {
    statement: String,
    examples: Vec<String>,
    constraints: Vec<String>,
    complexity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<Language>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signature: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    starter: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    numpy: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty", alias = "cases")]
    case: Vec<CaseJson>,
}

/// One `case` of a drill; what is left out takes the TOML pack's defaults.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseJson {
    args: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    calls: Option<Vec<serde_json::Value>>,
    expected: serde_json::Value,
    #[serde(default, skip_serializing_if = "is_exact")]
    compare: Compare,
    #[serde(
        default = "default_tolerance",
        skip_serializing_if = "is_default_tolerance"
    )]
    tolerance: f64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    hidden: bool,
}

fn is_exact(c: &Compare) -> bool {
    *c == Compare::Exact
}

fn default_tolerance() -> f64 {
    DEFAULT_TOLERANCE
}

fn is_default_tolerance(t: &f64) -> bool {
    *t == DEFAULT_TOLERANCE
}

impl CodingJson {
    /// The problem and the drill the pack file's `coding` holds (a drill with a problem the file
    /// did not state keeps the empty one the writer gave it).
    fn from_question(spec: Option<CodingSpec>, drill: Option<&Drill>) -> Option<Self> {
        if spec.is_none() && drill.is_none() {
            return None;
        }
        let spec = spec.unwrap_or(CodingSpec {
            statement: String::new(),
            examples: Vec::new(),
            constraints: Vec::new(),
            complexity: String::new(),
        });
        let mut coding = CodingJson {
            statement: spec.statement,
            examples: spec.examples,
            constraints: spec.constraints,
            complexity: spec.complexity,
            language: None,
            entry: None,
            signature: None,
            starter: None,
            numpy: false,
            case: Vec::new(),
        };
        if let Some(d) = drill {
            coding.language = (d.language != Language::default()).then_some(d.language);
            coding.entry = d.entry.clone();
            coding.signature = Some(d.signature.clone());
            coding.starter = Some(d.starter.clone());
            coding.numpy = d.numpy;
            coding.case = d
                .cases
                .iter()
                .map(|c| CaseJson {
                    args: c.args.clone(),
                    calls: c.calls.clone(),
                    expected: c.expected.clone(),
                    compare: c.compare,
                    tolerance: c.tolerance,
                    hidden: c.hidden,
                })
                .collect();
        }
        Some(coding)
    }

    /// The problem, and the drill if any runnable key is given (as the TOML pack reads it; the pack
    /// rules then check the drill).
    fn into_parts(self) -> (CodingSpec, Option<Drill>) {
        let runnable = self.language.is_some()
            || self.entry.is_some()
            || self.signature.is_some()
            || self.starter.is_some()
            || !self.case.is_empty();
        let drill = runnable.then(|| Drill {
            language: self.language.unwrap_or_default(),
            entry: self.entry,
            signature: self.signature.unwrap_or_default(),
            starter: self.starter.unwrap_or_default(),
            numpy: self.numpy,
            cases: self
                .case
                .into_iter()
                .map(|c| Case {
                    args: c.args,
                    calls: c.calls,
                    expected: c.expected,
                    compare: c.compare,
                    tolerance: c.tolerance,
                    hidden: c.hidden,
                })
                .collect(),
        });
        let spec = CodingSpec {
            statement: self.statement,
            examples: self.examples,
            constraints: self.constraints,
            complexity: self.complexity,
        };
        (spec, drill)
    }
}

/// A question's problem and drill from its `coding`, if it has one.
fn coding_parts(coding: Option<CodingJson>) -> (Option<CodingSpec>, Option<Drill>) {
    match coding.map(CodingJson::into_parts) {
        Some((spec, drill)) => (Some(spec), drill),
        None => (None, None),
    }
}

impl From<&Question> for QuestionJson {
    fn from(q: &Question) -> Self {
        let g = q.guide.clone();
        QuestionJson {
            id: q.id.clone(),
            level: Some(q.level),
            category: q.category.clone(),
            kind: q.kind,
            difficulty: q.difficulty,
            minutes: q.minutes,
            prompt: q.prompt.clone(),
            seed: q.seed,
            key_points: g.key_points,
            follow_ups: g.follow_ups,
            red_flags: g.red_flags,
            reference_answer: g.reference_answer,
            source: g.source,
            tags: g.tags,
            phase: g.phases,
            coding: CodingJson::from_question(g.coding, q.drill.as_ref()),
            behavioral: g.behavioral.map(Into::into),
        }
    }
}

/// Onsite's pack as JSON, by the TOML pack's rules.
fn strict<'a>(doc: &Doc<'a>, top: &'a RawValue) -> Result<Draft, Vec<PackError>> {
    let head = doc.parse::<StrictTop>(top).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let pack = doc
        .parse::<PackJson>(head.pack)
        .map_err(|e| errors.push(e))
        .ok();
    let mut questions = Vec::with_capacity(head.question.len());
    for raw in &head.question {
        let q = match doc.parse::<QuestionJson>(raw) {
            Ok(q) => q,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let line = doc.line_of(raw);
        let Some(level) = q.level.or(pack.as_ref().and_then(|p| p.level)) else {
            errors.push(doc.error(
                line,
                Some("level"),
                "no level here and no default level in \"pack\"".into(),
            ));
            continue;
        };
        let (coding, drill) = coding_parts(q.coding);
        questions.push(Question {
            id: q.id,
            level,
            category: q.category.trim().into(),
            kind: q.kind,
            difficulty: q.difficulty,
            minutes: q.minutes,
            prompt: q.prompt.trim().into(),
            seed: q.seed,
            guide: Guide {
                key_points: q.key_points,
                follow_ups: q.follow_ups,
                red_flags: q.red_flags,
                reference_answer: q.reference_answer.trim().into(),
                source: q.source.trim().into(),
                tags: q.tags,
                phases: q.phase,
                coding,
                behavioral: q.behavioral.map(Into::into),
            },
            drill,
            line,
        });
    }
    let Some(p) = pack.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(Draft {
        id: Some(p.id),
        title: Some(p.title.trim().into()),
        description: p.description.trim().into(),
        source: Some(p.source.trim().into()),
        license: Some(p.license.trim().into()),
        questions,
        warnings: Vec::new(),
    })
}

/// The pack's fields beside a loose `questions` list; all optional.
#[derive(Deserialize, Default)]
struct LooseTop<'a> {
    id: Option<String>,
    title: Option<String>,
    description: Option<String>,
    source: Option<String>,
    #[serde(alias = "licence")]
    license: Option<String>,
    level: Option<String>,
    #[serde(default, borrow, alias = "question")]
    questions: Option<Vec<&'a RawValue>>,
}

/// A question as other tools write it. Unknown fields are ignored.
#[derive(Deserialize)]
struct LooseQuestion {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default, alias = "question", alias = "front", alias = "q")]
    prompt: Option<String>,
    #[serde(default, alias = "topic", alias = "section")]
    category: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    difficulty: Option<String>,
    #[serde(default)]
    minutes: Option<Minutes>,
    #[serde(default)]
    seed: Option<bool>,
    #[serde(default, alias = "answer", alias = "back")]
    key_points: Option<Texts>,
    #[serde(default)]
    reference_answer: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    tags: Option<Texts>,
    #[serde(default)]
    follow_ups: Option<Texts>,
    #[serde(default)]
    red_flags: Option<Texts>,
    #[serde(default)]
    phase: Option<Vec<PhaseGuide>>,
    #[serde(default)]
    coding: Option<CodingJson>,
    #[serde(default)]
    behavioral: Option<BehavioralEntry>,
}

fn loose<'a>(
    doc: &Doc<'a>,
    head: LooseTop<'a>,
    top: &'a RawValue,
    list: &[&'a RawValue],
) -> Result<Draft, Vec<PackError>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let default_level = match given(&head.level).map(parse_level) {
        None => None,
        Some(Some(level)) => Some(level),
        Some(None) => {
            errors.push(level_error(
                doc,
                doc.key_line(top, "level").max(doc.line_of(top)),
            ));
            None
        }
    };
    let mut questions = Vec::with_capacity(list.len());
    for raw in list {
        let line = doc.line_of(raw);
        if raw.get().starts_with('"') {
            // A bare string is a question with nothing but its prompt.
            match serde_json::from_str::<String>(raw.get()) {
                Ok(prompt) if !prompt.trim().is_empty() => {
                    let category = "General".to_string();
                    let kind = infer_kind(&category);
                    questions.push(Question {
                        id: String::new(),
                        level: default_level.unwrap_or(Level::Mle),
                        category,
                        kind,
                        difficulty: Difficulty::Medium,
                        minutes: default_minutes(kind),
                        prompt: prompt.trim().into(),
                        seed: false,
                        guide: Guide::default(),
                        drill: None,
                        line,
                    });
                }
                _ => errors.push(doc.error(line, Some("prompt"), "must not be empty".into())),
            }
            continue;
        }
        if !raw.get().starts_with('{') {
            errors.push(doc.error(
                line,
                None,
                "expected a question object (or a prompt as a string)".into(),
            ));
            continue;
        }
        let q = match doc.parse::<LooseQuestion>(raw) {
            Ok(q) => q,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match loose_question(doc, raw, q, default_level, &mut warnings) {
            Ok(q) => questions.push(q),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Draft {
        id: text(head.id),
        title: text(head.title),
        description: text(head.description).unwrap_or_default(),
        source: text(head.source),
        license: text(head.license),
        questions,
        warnings,
    })
}

fn loose_question(
    doc: &Doc,
    raw: &RawValue,
    q: LooseQuestion,
    default_level: Option<Level>,
    warnings: &mut Vec<PackError>,
) -> Result<Question, Vec<PackError>> {
    let line = doc.line_of(raw);
    let at = |key: &str| doc.key_line(raw, key).max(line);
    let mut errors = Vec::new();
    let prompt = q.prompt.as_deref().map(str::trim).unwrap_or_default();
    if prompt.is_empty() {
        let message = if q.prompt.is_some() {
            "must not be empty"
        } else {
            "missing prompt"
        };
        errors.push(doc.error(line, Some("prompt"), message.into()));
    }
    let category = q
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or("General")
        .to_string();
    let level = match given(&q.level).map(parse_level) {
        None => default_level.unwrap_or(Level::Mle),
        Some(Some(level)) => level,
        Some(None) => {
            errors.push(level_error(doc, at("level")));
            Level::Mle
        }
    };
    let kind = match given(&q.kind).map(parse_kind) {
        None => infer_kind(&category),
        Some(Some(kind)) => kind,
        Some(None) => {
            let message = format!(
                "unknown kind {:?} (use concept, design, coding or behavioral)",
                q.kind.unwrap_or_default()
            );
            errors.push(doc.error(at("kind"), Some("kind"), message));
            Kind::Concept
        }
    };
    let difficulty = match given(&q.difficulty) {
        None => Difficulty::Medium,
        Some(d) => Difficulty::parse(&d.trim().to_lowercase()).unwrap_or_else(|| {
            let message = format!("unknown difficulty {d:?} (use easy, medium or hard)");
            errors.push(doc.error(at("difficulty"), Some("difficulty"), message));
            Difficulty::Medium
        }),
    };
    let id = match q.id {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(id)) if id.trim().is_empty() => String::new(),
        Some(serde_json::Value::String(id))
            if crate::domain::pack::id_problem(id.trim()).is_none() =>
        {
            id.trim().to_string()
        }
        Some(other) => {
            warnings.push(doc.error(
                at("id"),
                Some("id"),
                format!("{other} is not an Onsite id (a-z, 0-9, '-', '_', '.'), so one is made from the prompt"),
            ));
            String::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let texts = |t: Option<Texts>| t.map(|t| t.0).unwrap_or_default();
    let (coding, drill) = coding_parts(q.coding);
    Ok(Question {
        id,
        level,
        category,
        kind,
        difficulty,
        minutes: q.minutes.map_or_else(|| default_minutes(kind), |m| m.0),
        prompt: prompt.into(),
        seed: q.seed.unwrap_or(false),
        guide: Guide {
            key_points: texts(q.key_points),
            follow_ups: texts(q.follow_ups),
            red_flags: texts(q.red_flags),
            reference_answer: given(&q.reference_answer).unwrap_or_default().trim().into(),
            source: given(&q.source).unwrap_or_default().trim().into(),
            tags: texts(q.tags),
            phases: q.phase.unwrap_or_default(),
            coding,
            behavioral: q.behavioral.map(Into::into),
        },
        drill,
        line,
    })
}

/// A text field's value, unless it is absent or blank (other tools write `""` for "not set").
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

/// `mle` or `senior` in any case, or a role named in words ("Senior ML Engineer").
fn parse_level(text: &str) -> Option<Level> {
    Level::parse(&text.trim().to_lowercase()).or_else(|| level_named(text))
}

fn level_error(doc: &Doc, line: usize) -> PackError {
    doc.error(
        line,
        Some("level"),
        "unknown level (use mle or senior, or name the role, such as \"Senior ML Engineer\")"
            .into(),
    )
}

/// A whole number of minutes, written as a number or as a string of digits.
struct Minutes(u32);

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Minutes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of minutes")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Minutes, E> {
                u32::try_from(v)
                    .map(Minutes)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Minutes, E> {
                u32::try_from(v)
                    .map(Minutes)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Minutes, E> {
                v.trim()
                    .parse()
                    .map(Minutes)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// Guide entries: a list of strings, or one string of lines (bullets such as `- ` are dropped).
/// Empty entries are left out.
struct Texts(Vec<String>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Texts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of strings, or a string of lines")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Texts, E> {
                Ok(Texts(answer_points(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Texts, E> {
                Ok(Texts(Vec::new()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Texts, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    let s = s.trim();
                    if !s.is_empty() {
                        out.push(s.to_string());
                    }
                }
                Ok(Texts(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The text being read, and how to turn byte offsets into lines.
struct Doc<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Doc<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        let lines = LineIndex::new(text);
        Doc { file, text, lines }
    }

    fn error(&self, line: usize, field: Option<&str>, message: String) -> PackError {
        let error = PackError::at(self.file, line, message);
        match field {
            Some(field) => error.in_field(field),
            None => error,
        }
    }

    /// Where `raw`, which serde_json borrowed from the text, starts in it.
    fn offset(&self, raw: &RawValue) -> usize {
        (raw.get().as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|&o| o <= self.text.len())
            .unwrap_or(0)
    }

    fn line_of(&self, raw: &RawValue) -> usize {
        self.lines.line(self.offset(raw))
    }

    /// The keys of `raw`'s own object (not of objects inside it), with their offsets in the text.
    fn keys(&self, raw: &'a RawValue) -> Vec<(&'a str, usize)> {
        let base = self.offset(raw);
        object_keys(raw.get())
            .into_iter()
            .map(|(k, o)| (k, base + o))
            .collect()
    }

    /// The line of `key` in `raw`'s object, or 0 when it is not there.
    fn key_line(&self, raw: &'a RawValue, key: &str) -> usize {
        self.keys(raw)
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(0, |&(_, o)| self.lines.line(o))
    }

    fn syntax_error(&self, e: &serde_json::Error) -> PackError {
        self.error(e.line().max(1), None, message(e))
    }

    /// Deserialises `raw` on its own, with any error located in the whole text: its line, and its
    /// field (the one the message names, else the key whose value the error is in). A missing field
    /// is reported at the line where its object starts.
    fn parse<T: Deserialize<'a>>(&self, raw: &'a RawValue) -> Result<T, PackError> {
        serde_json::from_str(raw.get()).map_err(|e| {
            let base = self.offset(raw);
            let first = self.lines.line(base);
            let line = first + e.line().max(1) - 1;
            let line_start = if e.line() <= 1 {
                base
            } else {
                self.lines.start(line).unwrap_or(base)
            };
            let at = (line_start + e.column()).min(base + raw.get().len());
            let message = message(&e);
            let named = ["missing field `", "unknown field `", "duplicate field `"]
                .iter()
                .find_map(|p| message.strip_prefix(p))
                .and_then(|rest| rest.split('`').next());
            let keyed = || {
                self.keys(raw)
                    .into_iter()
                    .take_while(|&(_, o)| o <= at)
                    .last()
                    .map(|(k, _)| k)
            };
            let field = named.or_else(keyed).map(str::to_string);
            let own_missing =
                message.starts_with("missing field") && at + 1 >= base + raw.get().len();
            self.error(
                if own_missing { first } else { line },
                field.as_deref(),
                message,
            )
        })
    }
}

/// serde_json's message without the " at line L column C" it appends.
fn message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m,
    }
}

/// The keys of the outermost object in `json` (valid JSON), with their byte offsets. Keys are as
/// written, escapes and all.
fn object_keys(json: &str) -> Vec<(&str, usize)> {
    let b = json.as_bytes();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(b.len());
                if depth == 1 {
                    let next = b[end.saturating_add(1).min(b.len())..]
                        .iter()
                        .find(|c| !c.is_ascii_whitespace());
                    if next == Some(&b':') {
                        keys.push((&json[start + 1..end], start));
                    }
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_at_the_top_level_only() {
        let keys = object_keys(r#"{"a": {"b": 1}, "c\"d": [{"e": 2}], "f":3}"#);
        let names: Vec<_> = keys.iter().map(|k| k.0).collect();
        assert_eq!(names, ["a", "c\\\"d", "f"]);
        assert_eq!(keys[0].1, 1);
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        let text = "[\n {\"prompt\": \"a\"},\n {\"prompt\": \"b\",\n  \"minutes\": \"x\"}\n]";
        let errs = read("q.json", text).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            (errs[0].line, errs[0].field.as_deref()),
            (4, Some("minutes"))
        );
    }

    #[test]
    fn minutes_may_be_a_string_and_kind_british() {
        let d = read(
            "q.json",
            r#"[{"q": "a?", "minutes": " 7 ", "kind": "Behavioural"}]"#,
        )
        .unwrap();
        assert_eq!(d.questions[0].minutes, 7);
        assert_eq!(d.questions[0].kind, Kind::Behavioral);
    }

    #[test]
    fn a_drill_is_carried_in_coding_with_json_values() {
        let text = r#"{"pack": {"id": "p", "title": "T", "level": "mle", "source": "s", "license": "CC0-1.0"},
 "question": [
  {"id": "p.old", "category": "C", "kind": "coding", "difficulty": "easy", "minutes": 5,
   "prompt": "Written before drills.",
   "coding": {"statement": "s", "examples": [], "constraints": [], "complexity": "O(1)"}},
  {"id": "p.new", "category": "C", "kind": "coding", "difficulty": "easy", "minutes": 5,
   "prompt": "Runnable.",
   "coding": {"statement": "s", "examples": ["e"], "constraints": ["c"], "complexity": "O(n)",
     "entry": "f", "signature": "f(x)", "starter": "def f(x):\n    ...\n", "numpy": true,
     "cases": [{"args": [[1, 2.5], {"k": null}], "expected": [3, "it's"]},
               {"args": [], "expected": 1.0, "compare": "float", "tolerance": 0.001, "hidden": true}]}}
 ]}"#;
        let d = read("p.json", text).unwrap();
        assert_eq!(d.questions[0].drill, None);
        let drill = d.questions[1].drill.clone().unwrap();
        assert_eq!(
            (drill.entry.as_deref(), drill.numpy, drill.language),
            (Some("f"), true, Language::Python)
        );
        assert_eq!(drill.cases[0].args[1], serde_json::json!({"k": null}));
        assert_eq!(drill.cases[0].expected, serde_json::json!([3, "it's"]));
        assert_eq!(
            (
                drill.cases[0].compare,
                drill.cases[0].tolerance,
                drill.cases[0].hidden
            ),
            (Compare::Exact, DEFAULT_TOLERANCE, false)
        );
        assert_eq!(
            (
                drill.cases[1].compare,
                drill.cases[1].tolerance,
                drill.cases[1].hidden
            ),
            (Compare::Float, 0.001, true)
        );

        // Written back, with defaults left out and `case` as the TOML pack names it.
        let pack = Pack {
            id: "p".into(),
            title: "T".into(),
            description: String::new(),
            source: "s".into(),
            license: "CC0-1.0".into(),
            questions: d.questions,
        };
        let written = write(&pack);
        let v: serde_json::Value = serde_json::from_str(&written).unwrap();
        let coding = &v["question"][1]["coding"];
        assert_eq!(coding["case"][0]["args"][0], serde_json::json!([1, 2.5]));
        assert!(coding.get("language").is_none() && coding["case"][0].get("compare").is_none());
        assert!(v["question"][0]["coding"].get("case").is_none());
        let back = read("p.json", &written).unwrap();
        let lines = |qs: Vec<Question>| -> Vec<Question> {
            qs.into_iter().map(|q| Question { line: 0, ..q }).collect()
        };
        assert_eq!(lines(back.questions), lines(pack.questions));
    }

    #[test]
    fn a_bad_case_is_located() {
        let text = "{\"pack\": {\"id\": \"p\", \"title\": \"T\", \"level\": \"mle\", \"source\": \"s\", \"license\": \"l\"},\n\
                    \"question\": [{\"id\": \"q\", \"category\": \"C\", \"kind\": \"coding\",\n\
                    \"difficulty\": \"easy\", \"minutes\": 5, \"prompt\": \"p\",\n\
                    \"coding\": {\"statement\": \"s\", \"examples\": [], \"constraints\": [], \"complexity\": \"c\",\n\
                    \"entry\": \"f\", \"signature\": \"f()\", \"starter\": \"s\",\n\
                    \"case\": [{\"args\": 3, \"expected\": 1}]}}]}";
        let errs = read("p.json", text).unwrap_err();
        assert_eq!(
            errs.iter()
                .map(|e| (e.line, e.field.as_deref()))
                .collect::<Vec<_>>(),
            [(6, Some("coding"))],
            "{errs:?}"
        );
        let errs = read("p.json", &text.replace("3, \"expected\"", "[], \"expect\"")).unwrap_err();
        assert_eq!(errs[0].field.as_deref(), Some("expect"), "{errs:?}");
        let errs = read("p.json", &text.replace("3, \"expected\": 1", "[]")).unwrap_err();
        assert_eq!(errs[0].field.as_deref(), Some("expected"), "{errs:?}");
    }
}
