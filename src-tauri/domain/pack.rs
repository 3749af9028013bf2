//! The question-pack file format (TOML, one file per pack): parsing and validation, with errors that
//! name the file, the line and the field.

use super::drill::{Case, Compare, Drill, Language, DEFAULT_TOLERANCE};
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, fmt};
use toml::Spanned;

/// Longest prompt a pack may hold, in characters: a prompt is a question, not an essay.
const MAX_PROMPT_CHARS: usize = 2_000;
/// The longest suggested time budget, in minutes (a full system-design round is 45–60).
const MAX_MINUTES: u32 = 240;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Mle,
    Senior,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Concept,
    Design,
    Coding,
    Behavioral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

macro_rules! str_names {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$v),)* _ => None }
            }
        }
    };
}
str_names!(Level { Mle => "mle", Senior => "senior" });

impl Level {
    /// The level as the product names it.
    pub fn label(self) -> &'static str {
        match self {
            Level::Mle => "ML Engineer",
            Level::Senior => "Senior ML Engineer",
        }
    }
}
str_names!(Kind { Concept => "concept", Design => "design", Coding => "coding", Behavioral => "behavioral" });
str_names!(Difficulty { Easy => "easy", Medium => "medium", Hard => "hard" });

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub license: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub level: Level,
    pub category: String,
    pub kind: Kind,
    pub difficulty: Difficulty,
    pub minutes: u32,
    pub prompt: String,
    /// Word for word from the seed note the bank started from.
    #[serde(default)]
    pub seed: bool,
    /// What to check an answer against.
    #[serde(default)]
    pub guide: Guide,
    /// Coding questions: the cases a solution runs against, if the question is runnable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drill: Option<Drill>,
    /// The 1-based line of the question's `id`, so later checks (such as ids clashing across packs)
    /// can point at it too.
    #[serde(skip)]
    pub line: usize,
}

/// What a strong answer covers, and what an interviewer does next. Shown only when the user asks, so
/// they answer first.
/// Stored as JSON with each question; a part missing from an older or damaged record reads as
/// empty, and the rest still shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Guide {
    pub key_points: Vec<String>,
    pub follow_ups: Vec<String>,
    pub red_flags: Vec<String>,
    /// A worked answer, as plain text (an Anki card's back, written in a pack or the question
    /// form), shown with the key points: only when asked.
    pub reference_answer: String,
    /// Where the question comes from: web addresses its note linked it to, space-separated.
    pub source: String,
    /// Labels its source gave it (an Anki note's tags), kept as they were.
    pub tags: Vec<String>,
    /// Design questions: the phases of a good answer, in order.
    pub phases: Vec<PhaseGuide>,
    pub coding: Option<CodingSpec>,
    pub behavioral: Option<BehavioralSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseGuide {
    pub name: String,
    pub minutes: u32,
    /// What a good answer covers in this phase.
    pub covers: String,
}

/// Coding questions: the precise problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodingSpec {
    pub statement: String,
    pub examples: Vec<String>,
    pub constraints: Vec<String>,
    /// The time and space a good solution reaches.
    pub complexity: String,
}

/// Behavioural and leadership questions: what is assessed, and what a strong STAR answer holds.
/// Crosses IPC and is stored in camelCase; versions up to 0.2 stored `strong_answer`, which still
/// reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BehavioralSpec {
    pub competency: String,
    #[serde(alias = "strong_answer")]
    pub strong_answer: Vec<String>,
}

/// [`BehavioralSpec`] as pack files (TOML and JSON) write it: snake_case, like every pack-file key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehavioralEntry {
    pub competency: String,
    pub strong_answer: Vec<String>,
}

impl From<BehavioralEntry> for BehavioralSpec {
    fn from(b: BehavioralEntry) -> Self {
        BehavioralSpec {
            competency: b.competency,
            strong_answer: b.strong_answer,
        }
    }
}

impl From<BehavioralSpec> for BehavioralEntry {
    fn from(b: BehavioralSpec) -> Self {
        BehavioralEntry {
            competency: b.competency,
            strong_answer: b.strong_answer,
        }
    }
}

impl Question {
    /// Whether the guide has everything a question of this kind needs (bundled packs must; a user's
    /// own pack need not).
    pub fn guide_gaps(&self) -> Vec<String> {
        let g = &self.guide;
        let mut gaps = Vec::new();
        let mut want = |ok: bool, what: &str| {
            if !ok {
                gaps.push(what.to_string());
            }
        };
        want((3..=7).contains(&g.key_points.len()), "3-7 key_points");
        want((1..=3).contains(&g.follow_ups.len()), "1-3 follow_ups");
        want((1..=3).contains(&g.red_flags.len()), "1-3 red_flags");
        match self.kind {
            Kind::Design => want(g.phases.len() >= 4, "at least 4 [[question.phase]] entries"),
            Kind::Coding => {
                want(
                    g.coding
                        .as_ref()
                        .is_some_and(|c| !c.examples.is_empty() && !c.constraints.is_empty()),
                    "[question.coding] with examples and constraints",
                );
                match &self.drill {
                    None => gaps.push("a runnable drill (entry, starter and cases)".into()),
                    Some(d) => gaps.extend(d.bundled_gap()),
                }
            }
            Kind::Behavioral => want(
                g.behavioral
                    .as_ref()
                    .is_some_and(|b| b.strong_answer.len() >= 2),
                "[question.behavioral] with a strong_answer",
            ),
            Kind::Concept => {}
        }
        gaps
    }
}

/// One problem in one pack file, located to a line and, where known, a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackError {
    pub file: String,
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl PackError {
    /// A problem at `line` of `file`, not in any one field.
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Self {
        PackError {
            file: file.into(),
            line,
            field: None,
            message: message.into(),
        }
    }

    /// The same problem, placed in `field`.
    pub fn in_field(self, field: &str) -> Self {
        PackError {
            field: Some(field.into()),
            ..self
        }
    }
}

/// Maps byte offsets in a file to the 1-based lines a [`PackError`] names. It reads bytes, so a file
/// that is not valid text can be located too.
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: impl AsRef<[u8]>) -> Self {
        let newlines = text
            .as_ref()
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n');
        let starts = std::iter::once(0)
            .chain(newlines.map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The line holding byte `offset`; an offset past the end is on the last line.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Where `line` starts, if the file has that line.
    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    pack: Spanned<RawPack>,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    id: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    description: String,
    level: Option<Level>,
    source: Spanned<String>,
    license: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    level: Option<Level>,
    category: Spanned<String>,
    kind: Kind,
    difficulty: Difficulty,
    minutes: Spanned<u32>,
    prompt: Spanned<String>,
    #[serde(default)]
    seed: bool,
    #[serde(default)]
    key_points: Vec<String>,
    #[serde(default)]
    follow_ups: Vec<String>,
    #[serde(default)]
    red_flags: Vec<String>,
    #[serde(default)]
    reference_answer: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    phase: Vec<PhaseGuide>,
    coding: Option<RawCoding>,
    behavioral: Option<BehavioralEntry>,
}

/// `[question.coding]`: the problem, and optionally what makes it runnable.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoding {
    statement: String,
    examples: Vec<String>,
    constraints: Vec<String>,
    complexity: String,
    language: Option<Language>,
    entry: Option<String>,
    signature: Option<String>,
    starter: Option<String>,
    #[serde(default)]
    numpy: bool,
    #[serde(default)]
    case: Vec<RawCase>,
}

/// `[[question.coding.case]]`: arguments and expected value as JSON text, read with a JSON parser.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    args: Spanned<String>,
    expected: Spanned<String>,
    calls: Option<Spanned<String>>,
    compare: Option<Compare>,
    tolerance: Option<f64>,
    #[serde(default)]
    hidden: bool,
}

impl RawCoding {
    fn spec(&self) -> CodingSpec {
        CodingSpec {
            statement: self.statement.clone(),
            examples: self.examples.clone(),
            constraints: self.constraints.clone(),
            complexity: self.complexity.clone(),
        }
    }

    /// The runnable drill, if any runnable key is given. Problems are reported through `err` with
    /// the span they are found at (`None`: the question's).
    fn drill(
        &self,
        err: &mut impl FnMut(Option<std::ops::Range<usize>>, &str, String),
    ) -> Option<Drill> {
        let runnable = self.language.is_some()
            || self.entry.is_some()
            || self.starter.is_some()
            || self.signature.is_some()
            || !self.case.is_empty();
        if !runnable {
            return None;
        }
        let language = self.language.unwrap_or_default();
        let mut cases = Vec::with_capacity(self.case.len());
        for raw in &self.case {
            let mut json = |field: &str, text: &Spanned<String>| {
                serde_json::from_str::<serde_json::Value>(text.get_ref())
                    .map_err(|e| {
                        // A JSON error's line counts from the string's first line.
                        let at = text.span().start + line_offset(text.get_ref(), e.line());
                        err(Some(at..at), field, format!("is not valid JSON: {e}"));
                    })
                    .ok()
            };
            let args = json("args", &raw.args);
            let expected = json("expected", &raw.expected);
            let calls = raw.calls.as_ref().map(|c| json("calls", c));
            let Some(args) = args else { continue };
            let Some(expected) = expected else { continue };
            let calls = match calls {
                None => None,
                Some(None) => continue,
                Some(Some(serde_json::Value::Array(calls))) => Some(calls),
                Some(Some(_)) => {
                    err(
                        raw.calls.as_ref().map(Spanned::span),
                        "calls",
                        "must be a JSON list of calls".into(),
                    );
                    continue;
                }
            };
            let serde_json::Value::Array(args) = args else {
                err(
                    Some(raw.args.span()),
                    "args",
                    "must be a JSON list of arguments".into(),
                );
                continue;
            };
            let case = Case {
                args,
                calls,
                expected,
                compare: raw.compare.unwrap_or_default(),
                tolerance: raw.tolerance.unwrap_or(DEFAULT_TOLERANCE),
                hidden: raw.hidden,
            };
            for (field, message) in case.problems(language) {
                let at = match (field, &raw.calls) {
                    ("expected", _) => raw.expected.span(),
                    ("calls", Some(calls)) => calls.span(),
                    _ => raw.args.span(),
                };
                err(Some(at), field, message);
            }
            cases.push(case);
        }
        let drill = Drill {
            language,
            entry: self.entry.clone(),
            signature: self.signature.clone().unwrap_or_default(),
            starter: self.starter.clone().unwrap_or_default(),
            numpy: self.numpy,
            cases,
        };
        for (field, message) in drill.problems() {
            // A case that did not read is reported where it is, not again as a missing case.
            if field == "case" && !self.case.is_empty() {
                continue;
            }
            err(None, field, message);
        }
        Some(drill)
    }
}

/// The byte offset where the `line`th line (1-based) of `text` starts.
fn line_offset(text: &str, line: usize) -> usize {
    text.match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1)
}

/// Problems with a guide that make it wrong whatever the pack (a missing guide is not one; bundled
/// packs' fuller needs are [`Question::guide_gaps`]).
fn guide_problems(kind: Kind, g: &Guide) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    let texts = g.key_points.iter().chain(&g.follow_ups).chain(&g.red_flags);
    if texts.clone().any(|t| t.trim().is_empty()) {
        errors.push(("key_points", "guide entries must not be empty".to_string()));
    }
    if !g.phases.is_empty() && kind != Kind::Design {
        errors.push(("phase", "phases are for design questions".into()));
    }
    if g.phases
        .iter()
        .any(|p| !(1..=120).contains(&p.minutes) || p.name.trim().is_empty())
    {
        errors.push(("phase", "each phase needs a name and 1-120 minutes".into()));
    }
    if g.coding.is_some() && kind != Kind::Coding {
        errors.push(("coding", "[question.coding] is for coding questions".into()));
    }
    if g.behavioral.is_some() && kind != Kind::Behavioral {
        errors.push((
            "behavioral",
            "[question.behavioral] is for behavioral questions".into(),
        ));
    }
    errors
}

/// Checks a pack that did not come from a pack file (an import in another format, or one written
/// in the app) by the same rules as [`parse`], each problem located at its question's line.
pub fn validate(file: &str, pack: &Pack) -> Result<(), Vec<PackError>> {
    let mut errors = Vec::new();
    let mut err = |line: usize, field: &str, message: String| {
        errors.push(PackError::at(file, line, message).in_field(field));
    };
    if let Some(m) = id_problem(&pack.id) {
        err(1, "id", m);
    }
    for (field, value) in [("title", &pack.title), ("license", &pack.license)] {
        if value.trim().is_empty() {
            err(1, field, "must not be empty".into());
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for q in &pack.questions {
        if let Some(first) = seen.insert(&q.id, q.line) {
            err(
                q.line,
                "id",
                format!("duplicate id {:?}, first used on line {first}", q.id),
            );
        }
        for (field, message) in question_problems(q) {
            err(q.line, field, message);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// What is wrong with one question by the pack rules, as `(field, message)` pairs.
pub fn question_problems(q: &Question) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if let Some(m) = id_problem(&q.id) {
        problems.push(("id", m));
    }
    if q.category.trim().is_empty() {
        problems.push(("category", "must not be empty".into()));
    }
    if let Some(m) = prompt_problem(&q.prompt) {
        problems.push(("prompt", m));
    }
    if let Some(m) = minutes_problem(q.minutes) {
        problems.push(("minutes", m));
    }
    problems.extend(guide_problems(q.kind, &q.guide));
    if let Some(d) = &q.drill {
        if q.kind != Kind::Coding {
            problems.push(("coding", "test cases are for coding questions".into()));
        }
        problems.extend(d.problems());
        problems.extend(d.cases.iter().flat_map(|c| c.problems(d.language)));
    }
    problems
}

fn prompt_problem(prompt: &str) -> Option<String> {
    let prompt = prompt.trim();
    if prompt.is_empty() {
        Some("must not be empty".into())
    } else if prompt.chars().count() > MAX_PROMPT_CHARS {
        Some(format!("is longer than {MAX_PROMPT_CHARS} characters"))
    } else {
        None
    }
}

fn minutes_problem(minutes: u32) -> Option<String> {
    (!(1..=MAX_MINUTES).contains(&minutes))
        .then(|| format!("must be between 1 and {MAX_MINUTES}, not {minutes}"))
}

/// Parses and validates one pack. On failure, returns every problem found (a syntax error stops the
/// reading at the first one).
pub fn parse(file: &str, text: &str) -> Result<Pack, Vec<PackError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let raw: RawFile =
        toml::from_str(text).map_err(|e| vec![toml_error(file, text, &lines, &e)])?;
    let mut errors = Vec::new();
    let mut err = |span: std::ops::Range<usize>, field: &str, message: String| {
        errors.push(PackError::at(file, lines.line(span.start), message).in_field(field));
    };

    let p = raw.pack.get_ref();
    check_id(&p.id, &mut err);
    for (field, value) in [
        ("title", &p.title),
        ("source", &p.source),
        ("license", &p.license),
    ] {
        if value.get_ref().trim().is_empty() {
            err(value.span(), field, "must not be empty".into());
        }
    }
    if raw.question.is_empty() {
        err(
            raw.pack.span(),
            "question",
            "the pack has no [[question]] entries".into(),
        );
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut questions = Vec::with_capacity(raw.question.len());
    for q in &raw.question {
        let q_span = q.span();
        let q = q.get_ref();
        check_id(&q.id, &mut err);
        let id_line = lines.line(q.id.span().start);
        if let Some(first) = seen.insert(q.id.get_ref(), id_line) {
            err(
                q.id.span(),
                "id",
                format!(
                    "duplicate id {:?}, first used on line {first}",
                    q.id.get_ref()
                ),
            );
        }
        if q.category.get_ref().trim().is_empty() {
            err(q.category.span(), "category", "must not be empty".into());
        }
        let prompt = q.prompt.get_ref().trim();
        if let Some(m) = prompt_problem(prompt) {
            err(q.prompt.span(), "prompt", m);
        }
        let minutes = *q.minutes.get_ref();
        if let Some(m) = minutes_problem(minutes) {
            err(q.minutes.span(), "minutes", m);
        }
        let guide = Guide {
            key_points: q.key_points.clone(),
            follow_ups: q.follow_ups.clone(),
            red_flags: q.red_flags.clone(),
            reference_answer: q.reference_answer.trim().into(),
            source: q.source.trim().into(),
            tags: q.tags.clone(),
            phases: q.phase.clone(),
            coding: q.coding.as_ref().map(RawCoding::spec),
            behavioral: q.behavioral.clone().map(Into::into),
        };
        for (field, message) in guide_problems(q.kind, &guide) {
            err(q_span.clone(), field, message);
        }
        let drill = q.coding.as_ref().and_then(|c| {
            c.drill(
                &mut |span: Option<std::ops::Range<usize>>, field: &str, message: String| {
                    err(span.unwrap_or_else(|| q_span.clone()), field, message)
                },
            )
        });
        let Some(level) = q.level.or(p.level) else {
            err(
                q_span,
                "level",
                "no level here and no default level in [pack]".into(),
            );
            continue;
        };
        questions.push(Question {
            id: q.id.get_ref().clone(),
            level,
            category: q.category.get_ref().trim().into(),
            kind: q.kind,
            difficulty: q.difficulty,
            minutes,
            prompt: prompt.into(),
            seed: q.seed,
            guide,
            drill,
            line: id_line,
        });
    }

    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    let p = raw.pack.into_inner();
    Ok(Pack {
        id: p.id.into_inner(),
        title: p.title.into_inner().trim().into(),
        description: p.description.trim().into(),
        source: p.source.into_inner().trim().into(),
        license: p.license.into_inner().trim().into(),
        questions,
    })
}

fn check_id(id: &Spanned<String>, err: &mut impl FnMut(std::ops::Range<usize>, &str, String)) {
    if let Some(m) = id_problem(id.get_ref()) {
        err(id.span(), "id", m);
    }
}

/// Ids are what notes and history hang on, so they are kept plain: lowercase ASCII, digits, `-`, `_`, `.`.
pub fn id_problem(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && s.len() <= 80
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    (!ok).then(|| format!("{s:?} is not a valid id (use 1-80 of a-z, 0-9, '-', '_', '.')"))
}

/// A TOML error located to its line. The field is the key written on that line or, for a missing
/// field, the one the message names.
fn toml_error(file: &str, text: &str, lines: &LineIndex, e: &toml::de::Error) -> PackError {
    let line = e.span().map_or(1, |s| lines.line(s.start));
    let message = e.message().trim().to_string();
    let named = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field"));
    let on_line = text.lines().nth(line - 1).and_then(|l| {
        let key = l.split_once('=')?.0.trim();
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then_some(key)
    });
    let error = PackError::at(file, line, &message);
    match named.or(on_line) {
        Some(field) => error.in_field(field),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[pack]
id = "demo"
title = "Demo"
level = "mle"
source = "written for tests"
license = "CC0-1.0"

[[question]]
id = "demo-1"
category = "Basics"
kind = "concept"
difficulty = "easy"
minutes = 4
prompt = "What is overfitting?"

[[question]]
id = "demo-2"
level = "senior"
category = "Design"
kind = "design"
difficulty = "hard"
minutes = 45
prompt = "Design a feed ranker."
"#;

    fn one_error(text: &str) -> PackError {
        let errs = parse("p.toml", text).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        errs.into_iter().next().unwrap()
    }

    #[test]
    fn parses_a_good_pack_with_level_default_and_override() {
        let p = parse("p.toml", GOOD).unwrap();
        assert_eq!(p.id, "demo");
        assert_eq!(p.questions.len(), 2);
        assert_eq!(p.questions[0].level, Level::Mle);
        assert_eq!(p.questions[1].level, Level::Senior);
        assert_eq!(p.questions[1].kind, Kind::Design);
        assert_eq!(p.questions[0].line, 10);
    }

    #[test]
    fn a_bad_enum_value_names_line_and_field() {
        let e = one_error(&GOOD.replace("kind = \"design\"", "kind = \"essay\""));
        assert_eq!((e.line, e.field.as_deref()), (21, Some("kind")));
        assert!(e.message.contains("essay"), "{}", e.message);
        assert_eq!(
            e.to_string().split(':').take(2).collect::<Vec<_>>(),
            ["p.toml", "21"]
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let e = one_error(&GOOD.replace("prompt = \"Design a feed ranker.\"\n", ""));
        assert_eq!(e.field.as_deref(), Some("prompt"));
        assert!(e.line >= 17, "{e}");
    }

    #[test]
    fn syntax_errors_and_unknown_fields_are_located() {
        let e = one_error(&GOOD.replace("minutes = 45", "minutes = 45 45"));
        assert_eq!(e.line, 23);
        let e = one_error(&GOOD.replace("minutes = 45", "minute = 45"));
        assert_eq!((e.line, e.field.as_deref()), (23, Some("minute")));
    }

    #[test]
    fn validation_collects_every_problem() {
        let text = GOOD
            .replace("\"demo-2\"", "\"demo-1\"")
            .replace("minutes = 4\n", "minutes = 0\n")
            .replace("prompt = \"What is overfitting?\"", "prompt = \"  \"");
        let errs = parse("p.toml", &text).unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.line, e.field.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                (14, "minutes".into()),
                (15, "prompt".into()),
                (18, "id".into())
            ]
        );
        assert!(errs[2].message.contains("first used on line 10"));
    }

    #[test]
    fn guides_parse_and_their_gaps_are_named_per_kind() {
        let text = GOOD.replace(
            "prompt = \"Design a feed ranker.\"\n",
            "prompt = \"Design a feed ranker.\"\nkey_points = [\"a\", \"b\", \"c\"]\nfollow_ups = [\"f\"]\nred_flags = [\"r\"]\n\
             [[question.phase]]\nname = \"Clarify\"\nminutes = 5\ncovers = \"goals\"\n",
        );
        let p = parse("p.toml", &text).unwrap();
        let design = &p.questions[1];
        assert_eq!(design.guide.phases[0].covers, "goals");
        assert_eq!(
            design.guide_gaps(),
            ["at least 4 [[question.phase]] entries"]
        );
        assert_eq!(p.questions[0].guide_gaps().len(), 3, "no guide at all");

        let misplaced = GOOD.replace("prompt = \"What is overfitting?\"", "prompt = \"What is overfitting?\"\ncoding = { statement = \"s\", examples = [], constraints = [], complexity = \"O(1)\" }");
        let e = one_error(&misplaced);
        assert_eq!(e.field.as_deref(), Some("coding"));
    }

    #[test]
    fn a_question_without_any_level_is_an_error() {
        let e = one_error(&GOOD.replace("level = \"mle\"\n", ""));
        assert_eq!(e.field.as_deref(), Some("level"));
    }

    #[test]
    fn ids_are_checked() {
        let e = one_error(&GOOD.replace("\"demo-1\"", "\"Demo 1\""));
        assert_eq!((e.line, e.field.as_deref()), (10, Some("id")));
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        assert_eq!(
            parse("p.toml", &text).unwrap(),
            parse("p.toml", GOOD).unwrap()
        );
    }
}
