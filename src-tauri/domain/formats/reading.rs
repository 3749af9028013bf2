//! Which blocks of a note are its questions. The outline of a note (headings, list items, table
//! rows, paragraphs) is judged by its text as well as its shape: each candidate is scored on how it
//! opens (what, how, explain, design…), its question mark, its length and its links, and each list
//! or heading level is judged by how its members score together. Sections that hold resources or
//! boilerplate are left out. The user's corrections (a [`Reading`]) override any judgement.

use super::markdown::{clean_label, heading_question, strip_enumeration, without_leading_symbols};
use super::markdown::{Node, NodeKind, Outline, Part};
use super::{default_minutes, infer_kind, level_named};
use crate::domain::pack::{Difficulty, Guide, Level, PackError, Question};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How the user corrected the reading of a note. Each choice left unset is judged from the note.
/// Kept with the file's path, so importing the file again reads it the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Reading {
    /// The heading level (1–6) whose headings are questions, or 0 for none.
    pub question_headings: Option<u8>,
    /// The heading level (1–6) whose headings name categories, or 0 for none.
    pub category_headings: Option<u8>,
    pub items: Items,
    /// The level of every question, unless its section has one of its own.
    pub level: Option<Level>,
    pub section_levels: Vec<SectionLevel>,
    /// Lines of candidates left out, and of candidates taken although the reader left them out.
    pub excluded: Vec<usize>,
    pub included: Vec<usize>,
}

/// Whether list items are questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Items {
    /// Judged list by list.
    #[default]
    Auto,
    Questions,
    Answers,
}

/// Candidates to take or leave out at once: one, by its line, or every one of a section, by the
/// section's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pick {
    #[serde(default)]
    pub section: Option<usize>,
    #[serde(default)]
    pub line: Option<usize>,
    pub take: bool,
}

impl Reading {
    /// Takes or leaves out what `pick` names among the candidates of `view` (the view of the reading
    /// last read). A choice that matches what the reader judged is no correction, so it leaves
    /// nothing behind.
    pub fn pick(&mut self, view: &View, pick: Pick) {
        if pick.section.is_none() && pick.line.is_none() {
            return;
        }
        let chosen = view
            .sections
            .iter()
            .filter(|s| pick.section.is_none_or(|l| s.line == l))
            .flat_map(|s| &s.candidates)
            .filter(|c| pick.line.is_none_or(|l| c.line == l));
        // What the reader judged, before the corrections the view was made with.
        let made_with = &view.reading;
        for c in chosen {
            let judged = if made_with.included.contains(&c.line) {
                false
            } else if made_with.excluded.contains(&c.line) {
                true
            } else {
                c.chosen
            };
            self.included.retain(|&l| l != c.line);
            self.excluded.retain(|&l| l != c.line);
            if pick.take != judged {
                if pick.take {
                    self.included.push(c.line);
                } else {
                    self.excluded.push(c.line);
                }
            }
        }
    }

    /// Without the corrections made by line, for a file whose lines may have moved.
    pub fn without_lines(self) -> Reading {
        Reading {
            section_levels: Vec::new(),
            excluded: Vec::new(),
            included: Vec::new(),
            ..self
        }
    }
}

impl View {
    /// The same view without its candidates, as it crosses IPC anyway.
    pub fn without_candidates(&self) -> View {
        let sections = self.sections.iter().map(|s| Section {
            title: s.title.clone(),
            candidates: Vec::new(),
            ..*s
        });
        View {
            reading: self.reading.clone(),
            heading_levels: self.heading_levels.clone(),
            sections: sections.collect(),
            ..*self
        }
    }

    /// A window of a section's candidates.
    pub fn candidates(&self, section: usize, offset: usize, limit: usize) -> &[Candidate] {
        let all = self
            .sections
            .iter()
            .find(|s| s.line == section)
            .map_or(&[][..], |s| s.candidates.as_slice());
        let start = offset.min(all.len());
        &all[start..(start + limit).min(all.len())]
    }
}

/// The level of the questions under a heading (and the headings below it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SectionLevel {
    pub line: usize,
    pub level: Level,
}

/// How a note was read: what the reader judged, the choices that applied, and every candidate by
/// section, for the preview the user corrects.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub reading: Reading,
    /// The heading level most of the headings the reader took as questions have (0: none).
    pub judged_question_headings: u8,
    /// The heading level most of the headings that name the questions' categories have (0: none).
    pub judged_category_headings: u8,
    /// Heading levels the note uses, with how many headings each has.
    pub heading_levels: Vec<HeadingCount>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct HeadingCount {
    pub level: u8,
    pub headings: usize,
}

/// A heading of the note and the candidates under it (up to the next heading of any level).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// The heading's line, or 0 for what comes before the first heading.
    pub line: usize,
    pub title: String,
    /// The heading's level (1–6), or 0.
    pub heading: u8,
    /// The level its questions get.
    pub level: Level,
    /// Recognised as resources or boilerplate (links, books, sponsors, contents…).
    pub skipped: bool,
    /// How many of its candidates are taken.
    pub taken: usize,
    /// How many candidates it has.
    pub total: usize,
    /// Its candidates, which the preview fetches a window at a time.
    #[serde(skip)]
    pub candidates: Vec<Candidate>,
}

/// A block that is, or could be, a question.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub line: usize,
    pub kind: CandidateKind,
    pub text: String,
    pub chosen: bool,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CandidateKind {
    Heading,
    Item,
    Row,
    Paragraph,
}

/// The questions found, with what the preview shows of how.
pub(super) struct Found {
    pub questions: Vec<Question>,
    pub warnings: Vec<PackError>,
    pub view: View,
    /// The first level-1 heading that does not ask.
    pub title: Option<String>,
    /// Where the Markdown of the last question ends, for the check for a cut-off note.
    pub last_end: usize,
}

/// Where a question is read from in the note.
pub(super) struct Note<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub category: String,
    pub level: Level,
}

/// How a list item reads, judged before its list is.
#[derive(Debug, Clone, Copy)]
struct Shape {
    score: i32,
    asks: bool,
    topic: Option<Topic>,
}

/// What a list item with questions nested in it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    /// A bold or colon-ended item (`- **Transformers**`, `- Retrieval:`): their category.
    Heading,
    /// A short phrase ("k-means clustering."): a nested question that leans on it ("Compare the
    /// two.") keeps its words.
    Named,
    /// A sentence setting a scene: every nested question keeps its words.
    Scenario,
}

/// What the reader makes of each block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    /// A question: a heading or paragraph whose section answers it, an item, a row.
    Question,
    /// A list item naming a topic for the questions nested in it; `true` when it is also their
    /// category (a bold or colon-ended item).
    Topic(bool),
    /// A paragraph written as a topic line (`**Statistics**`): a category.
    TopicLine,
    /// A paragraph of questions one to a line, perhaps under a topic on its first line.
    Lines,
    /// A question the user left out: still no category, and still offered.
    LeftOut,
}

/// How likely `text` is to ask something, from its opening words, its question mark, its length
/// and its links. 2 or more asks.
pub(super) fn score(node: &Node, text: &str) -> i32 {
    let part = node.first();
    let t = prompt_text(text).1;
    let lower = t.to_lowercase();
    let words = lower.split_whitespace().count();
    let mut s = 0;
    let end = t.trim_end_matches(|c: char| c.is_whitespace() || "*_)]\"'”’".contains(c));
    if end.ends_with(['?', '？']) {
        s += 3;
    } else if t.contains(['?', '？']) {
        s += 2;
    }
    if opens_a_question(&lower) {
        s += 2;
    }
    if opens_a_task(&lower) {
        s -= 3;
    }
    if words < 2 && !t.contains(['?', '？']) {
        s -= 2;
    }
    if words > 80 {
        s -= 1;
    }
    if end.ends_with([':', '：']) {
        s -= 2;
    }
    if part.is_some_and(|p| p.link_only) && !t.contains('?') {
        s -= 2;
    }
    if part.is_some_and(|p| p.anchors) {
        s -= 4;
    }
    s
}

const OPENERS: &[&str] = &[
    "what",
    "what's",
    "whats",
    "how",
    "how's",
    "why",
    "why's",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "explain",
    "describe",
    "compare",
    "contrast",
    "design",
    "implement",
    "write",
    "code",
    "build",
    "define",
    "discuss",
    "derive",
    "list",
    "name",
    "give",
    "tell",
    "walk",
    "can",
    "could",
    "would",
    "should",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "will",
    "have",
    "has",
    "if",
    "suppose",
    "imagine",
    "given",
    "estimate",
    "calculate",
    "compute",
    "prove",
    "show",
    "outline",
    "summarize",
    "summarise",
    "state",
    "differentiate",
    "distinguish",
    "identify",
    "propose",
    "sketch",
    "analyse",
    "analyze",
    "choose",
    "debug",
    "optimize",
    "optimise",
    "evaluate",
    "interpret",
    "illustrate",
    "elaborate",
    "justify",
    "say",
    "assume",
    "let's",
    "in",
    "for",
    "you",
    "your",
    "create",
    "develop",
    "architect",
    "train",
    "detect",
    "find",
    "reverse",
    "merge",
    "sort",
    "solve",
    "plan",
    "handle",
    "deploy",
    "scale",
    "predict",
    "recommend",
    "rank",
    "classify",
    "cluster",
    "measure",
    "improve",
    "reduce",
    "select",
];

/// Words that open a to-do rather than a question ("Read chapter 3", "Watch lecture 4").
const TASKS: &[&str] = &[
    "read",
    "watch",
    "finish",
    "review",
    "revise",
    "practice",
    "practise",
    "study",
    "complete",
    "buy",
    "install",
    "sign",
    "book",
    "attend",
    "join",
    "follow",
    "subscribe",
    "star",
    "fork",
    "skim",
    "listen",
    "redo",
    "re-read",
    "rewatch",
    "update",
    "email",
    "apply",
];

fn first_word(lower: &str) -> &str {
    lower
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
}

fn opens_a_question(lower: &str) -> bool {
    let word = first_word(lower).replace('’', "'");
    // "In what…", "For which…", "You are given…": only with a question word or a task after.
    match word.as_str() {
        "in" | "for" | "you" | "your" => lower
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| matches!(w, "what" | "which" | "how" | "a" | "are" | "have" | "need")),
        w => OPENERS.contains(&w),
    }
}

fn opens_a_task(lower: &str) -> bool {
    TASKS.contains(&first_word(lower))
}

/// A prompt without what marks it in a list: a difficulty marker (`[E]`, `(Hard)`, 🟢), a
/// question number (`Q3:`, `Question 4 -`) and emoji before it. Returns the difficulty named.
fn prompt_text(text: &str) -> (Option<Difficulty>, String) {
    let mut rest = text.trim();
    let mut difficulty = None;
    for _ in 0..3 {
        let before = rest;
        if let Some((d, after)) = difficulty_marker(rest) {
            difficulty = Some(d);
            rest = after.trim_start();
        }
        rest = without_leading_symbols(rest);
        rest = strip_question_number(rest);
        if rest == before {
            break;
        }
    }
    // A marker at the end: "What is bias? (Easy)", "… 🔴".
    let mut owned = rest.to_string();
    for (marker, d) in END_MARKERS {
        if let Some(stripped) = owned.strip_suffix(marker) {
            difficulty.get_or_insert(*d);
            owned = stripped.trim_end().to_string();
        }
    }
    (difficulty, owned)
}

const END_MARKERS: &[(&str, Difficulty)] = &[
    ("(Easy)", Difficulty::Easy),
    ("(Medium)", Difficulty::Medium),
    ("(Hard)", Difficulty::Hard),
    ("[Easy]", Difficulty::Easy),
    ("[Medium]", Difficulty::Medium),
    ("[Hard]", Difficulty::Hard),
    ("🟢", Difficulty::Easy),
    ("🟡", Difficulty::Medium),
    ("🟠", Difficulty::Medium),
    ("🔴", Difficulty::Hard),
];

/// `[E]`, `[M]`, `[H]`, `(Easy)`, `[Hard]`, `Easy:` or a coloured circle at the start of `text`.
fn difficulty_marker(text: &str) -> Option<(Difficulty, &str)> {
    for (emoji, d) in [
        ("🟢", Difficulty::Easy),
        ("🟩", Difficulty::Easy),
        ("🟡", Difficulty::Medium),
        ("🟨", Difficulty::Medium),
        ("🟠", Difficulty::Medium),
        ("🔴", Difficulty::Hard),
        ("🟥", Difficulty::Hard),
    ] {
        if let Some(rest) = text.strip_prefix(emoji) {
            return Some((d, rest));
        }
    }
    let open = text.chars().next()?;
    let close = match open {
        '[' => ']',
        '(' => ')',
        _ => {
            let (word, rest) = text.split_once([':', '-', '–'])?;
            return difficulty_named(word.trim()).map(|d| (d, rest));
        }
    };
    let end = text.find(close)?;
    let d = difficulty_named(&text[1..end])?;
    Some((d, &text[end + 1..]))
}

fn difficulty_named(word: &str) -> Option<Difficulty> {
    match word.trim().to_ascii_lowercase().as_str() {
        "e" | "easy" | "beginner" | "basic" => Some(Difficulty::Easy),
        "m" | "medium" | "intermediate" | "mid" => Some(Difficulty::Medium),
        "h" | "hard" | "advanced" | "difficult" => Some(Difficulty::Hard),
        _ => None,
    }
}

/// `text` without `Q3:`, `Q 3.`, `Question 3 -`, `Q:` or `Question:` before it.
fn strip_question_number(text: &str) -> &str {
    for word in ["question", "q"] {
        let Some(head) = text.get(..word.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(word) {
            continue;
        }
        let rest = text[word.len()..].trim_start();
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        if let Some(after) = rest.strip_prefix([':', '.', ')', '-', '–']) {
            if after.starts_with(char::is_whitespace) && !after.trim().is_empty() {
                return after.trim_start();
            }
        }
    }
    text
}

/// A heading or topic line of resources or boilerplate: nobody's questions are in it.
fn is_resource(label: &str) -> bool {
    const TITLES: &[&str] = &[
        "resources",
        "resource",
        "references",
        "reference",
        "further reading",
        "reading list",
        "readings",
        "books",
        "book",
        "courses",
        "course",
        "sponsors",
        "sponsor",
        "sponsored by",
        "contributing",
        "contribute",
        "contributors",
        "contribution",
        "license",
        "licence",
        "table of contents",
        "contents",
        "toc",
        "acknowledgements",
        "acknowledgments",
        "credits",
        "links",
        "useful links",
        "related",
        "related lists",
        "see also",
        "about",
        "about me",
        "support",
        "star history",
        "stargazers",
        "donate",
        "citation",
        "cite",
        "changelog",
        "installation",
        "how to use",
        "usage",
        "other lists",
        "more resources",
        "videos",
        "blogs",
        "papers",
        "tools",
        "community",
        "newsletter",
        "podcasts",
        "tutorials",
        "cheat sheets",
        "cheatsheets",
        "quizzes",
        "online courses",
        "roadmap",
        "index",
        "disclaimer",
        "authors",
        "author",
        "contact",
        "feedback",
        "thanks",
        "backers",
    ];
    /// Sections of questions that are not for practice: those to ask the interviewer, and a
    /// rubric for the interviewer.
    const PHRASES: &[&str] = &[
        "questions i ask",
        "questions to ask",
        "ask the interviewer",
        "ask at the end",
        "reverse interview",
        "for the interviewer",
        "rubric",
    ];
    let lower = label.to_lowercase();
    if PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    // A remark in brackets ("Books (free ones)") does not change what a section is.
    let l = lower
        .split(['(', '['])
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    TITLES.iter().any(|t| {
        l == *t
            || l.strip_prefix(t).is_some_and(|rest| {
                [" &", " and ", ",", ":", " -", " –", " —", " /"]
                    .iter()
                    .any(|sep| rest.starts_with(sep))
                    && l.split_whitespace().count() <= 5
            })
            || (l.split_whitespace().count() <= 4 && l.ends_with(&format!(" {t}")))
    })
}

/// Whether a heading asks: it is written as a question (see [`heading_question`]) or opens as one.
fn heading_asks(node: &Node) -> bool {
    let text = node.text();
    if heading_question(text).is_some() {
        return true;
    }
    let label = clean_label(text);
    score(node, strip_enumeration(&label)) >= 2 && !text.trim_end().ends_with(':')
}

/// The prompt a heading asks: without symbols, enumeration and a difficulty marker.
fn heading_prompt(text: &str) -> (Option<Difficulty>, String) {
    let plain = strip_enumeration(without_leading_symbols(text)).trim();
    prompt_text(plain)
}

/// Splits "What is selection bias? It is the bias introduced by…" into the question and the
/// answer written after it in the same paragraph. A second question is not an answer.
fn split_answer(prompt: &str) -> (String, String) {
    if prompt.contains("```") {
        return (prompt.into(), String::new());
    }
    let Some(at) = prompt.find(['?', '？']).or_else(|| prompt.find(". ")) else {
        return (prompt.into(), String::new());
    };
    // "What is X? Give an example. A: …": a marked answer may follow more than one sentence.
    for (i, c) in prompt.char_indices().skip_while(|&(i, _)| i <= at) {
        if !c.is_whitespace() {
            continue;
        }
        let after = &prompt[i..].trim_start();
        if let Some(answer) = answer_marker(after).filter(|a| !a.trim().is_empty()) {
            let question = prompt[..i]
                .trim_end()
                .trim_end_matches(['—', '–', '-', '→', ' ']);
            if question.ends_with(['?', '？', '.', ')']) {
                return (question.trim().into(), answer.trim().into());
            }
        }
    }
    if !prompt[at..].starts_with(['?', '？']) {
        return (prompt.into(), String::new());
    }
    let mark = prompt[at..].chars().next().map_or(1, char::len_utf8);
    let (question, rest) = prompt.split_at(at + mark);
    let rest = rest.trim_start_matches([')', '*', '_']).trim();
    // "— A: …", "→ …", "A1. …", "Answer: …" mark an answer whatever it says.
    let dashed = rest.trim_start_matches(['—', '–', '-', '→', '>', '=', ':', ' ']);
    let marked = answer_marker(dashed);
    if let Some(answer) = marked.filter(|a| !a.trim().is_empty()) {
        return (question.trim().into(), answer.trim().into());
    }
    if dashed.len() < rest.len() && !dashed.trim().is_empty() && !dashed.contains(['?', '？']) {
        return (question.trim().into(), dashed.trim().into());
    }
    let words = rest.split_whitespace().count();
    let lower = rest.to_lowercase();
    // A second question ("… ? How would you fix it?") or a task ("… ? Explain with an example.")
    // goes on asking; an answer may ask a rhetorical question of its own further on.
    let asks_again = opens_a_task_for_the_reader(&lower)
        || (rest.trim_end().ends_with(['?', '？']) && opens_a_question(&lower))
        || matches!(
            first_word(&lower),
            "and" | "or" | "but" | "if" | "e.g" | "i.e" | "eg" | "ie"
        );
    if words < 4 || asks_again {
        return (prompt.into(), String::new());
    }
    (question.trim().into(), rest.into())
}

/// The answer after `A:`, `A.`, `A1.`, `Ans:` or `Answer:` at the start of `text`.
fn answer_marker(text: &str) -> Option<&str> {
    for word in ["Answer", "Ans", "A"] {
        let Some(rest) = text.strip_prefix(word) else {
            continue;
        };
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(after) = rest.strip_prefix([':', '.', ')']) {
            if after.starts_with(char::is_whitespace) {
                return Some(after);
            }
        }
    }
    None
}

/// Words that go on asking after a question ("… ? Explain with an example."), where an answer
/// would not start.
fn opens_a_task_for_the_reader(lower: &str) -> bool {
    matches!(
        first_word(lower),
        "explain"
            | "describe"
            | "give"
            | "compare"
            | "discuss"
            | "list"
            | "name"
            | "show"
            | "walk"
            | "tell"
            | "derive"
            | "write"
            | "implement"
            | "design"
            | "provide"
            | "include"
            | "sketch"
            | "justify"
            | "illustrate"
            | "estimate"
    )
}

/// Whether `text` sets a scene for the questions after it ("You are building…", "Consider a
/// network…", "Suppose…"), rather than asking one: it opens so and asks nothing itself.
fn sets_a_scene(text: &str) -> bool {
    let lower = prompt_text(text).1.to_lowercase();
    !lower.contains(['?', '？'])
        && matches!(
            first_word(&lower),
            "you"
                | "your"
                | "consider"
                | "suppose"
                | "imagine"
                | "given"
                | "assume"
                | "let's"
                | "we"
                | "our"
                | "a"
                | "an"
                | "the"
        )
}

/// Whether a to-do list item still asks: a question mark, or a question word first.
fn asks_outright(node: &Node, text: &str) -> bool {
    let t = prompt_text(text).1;
    let lower = t.to_lowercase();
    t.trim_end().ends_with(['?', '？'])
        || matches!(
            first_word(&lower),
            "what"
                | "what's"
                | "how"
                | "why"
                | "when"
                | "where"
                | "which"
                | "who"
                | "explain"
                | "describe"
                | "compare"
                | "contrast"
                | "define"
                | "discuss"
                | "differentiate"
                | "distinguish"
        ) && !node.first().is_some_and(|p| p.link_only)
}

/// A question and its answer written on the lines after it in the same paragraph: "What is X?"
/// (or "Explain X.") alone on the first line, and a new sentence after it that does not ask again.
fn split_at_line(first_line: Option<&str>, text: &str) -> Option<(String, String)> {
    let line = first_line?.trim();
    let rest = text.strip_prefix(line)?.trim();
    let lower = prompt_text(line).1.to_lowercase();
    let ends = line.ends_with(['?', '？'])
        || (line.ends_with('.')
            && (opens_a_question(&lower) || opens_a_task_for_the_reader(&lower)));
    let rest_lower = rest.to_lowercase();
    let asks_again = opens_a_question(&rest_lower) && rest.trim_end().ends_with(['?', '？']);
    (ends && !rest.is_empty() && !asks_again).then(|| (line.to_string(), rest.to_string()))
}

/// Whether a nested question leans on its parent for its subject ("Compare the two.").
fn leans_on_parent(child: &str) -> bool {
    let lower = child.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |p: &str| lower.contains(p);
    phrase("the two")
        || phrase("these two")
        || (phrase("the difference") && !phrase("between"))
        || phrase("each of")
        || phrase("one over the other")
        || phrase("both of")
        || has("former")
        || has("latter")
        || has("above")
        || (words.len() <= 8
            && [
                "it", "its", "this", "these", "they", "them", "those", "both",
            ]
            .iter()
            .any(|w| has(w)))
}

/// Finds the questions of a note's outline, read as `reading` says.
pub(super) fn detect(note: &Note<'_>, outline: &Outline, reading: &Reading) -> Found {
    Detector::new(note, outline, reading).run()
}

struct Detector<'a> {
    note: &'a Note<'a>,
    nodes: &'a [Node],
    tables: &'a [Vec<String>],
    reading: &'a Reading,
    /// Per node, from here to `parents`.
    roles: Vec<Role>,
    /// The question heading (or Q paragraph) whose answer the node is in.
    answering: Vec<Option<usize>>,
    /// In a section of resources or boilerplate.
    skipped: Vec<bool>,
    /// Nested in a topic: the topic's words, for a question that leans on them.
    prefix: Vec<Option<String>>,
    /// Nested in a sub-heading item: the category it gives.
    topic_category: Vec<Option<String>>,
    /// The item a list item is nested in.
    parents: Vec<Option<usize>>,
    /// Per table: the column that holds questions.
    columns: Vec<Option<usize>>,
    /// The reading's lines left out.
    excluded: HashSet<usize>,
    /// The reading's lines taken.
    included: HashSet<usize>,
    warnings: Vec<PackError>,
}

impl<'a> Detector<'a> {
    fn new(note: &'a Note<'a>, outline: &'a Outline, reading: &'a Reading) -> Self {
        let n = outline.nodes.len();
        Detector {
            note,
            nodes: &outline.nodes,
            tables: &outline.tables,
            reading,
            roles: vec![Role::Other; n],
            answering: vec![None; n],
            skipped: vec![false; n],
            prefix: vec![None; n],
            topic_category: vec![None; n],
            parents: parents(&outline.nodes),
            columns: Vec::new(),
            excluded: HashSet::new(),
            included: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    fn heading_level(&self, i: usize) -> Option<u8> {
        match self.nodes[i].kind {
            NodeKind::Heading(h) if !self.nodes[i].quoted => Some(h),
            _ => None,
        }
    }

    fn run(mut self) -> Found {
        self.excluded = self.reading.excluded.iter().copied().collect();
        self.included = self.reading.included.iter().copied().collect();
        let judged = self.judge_headings();
        self.judge_sections(&judged);
        self.judge_lists();
        self.judge_tables();
        self.judge_paragraphs();
        self.judge_lines();
        self.apply_corrections();
        self.write(judged)
    }

    /// Which headings ask (as judged, before the user's choice), from their own text and, for a
    /// level where most headings ask, from their numbering.
    fn judge_headings(&self) -> Vec<bool> {
        let mut asks: Vec<bool> = (0..self.nodes.len())
            .map(|i| self.heading_level(i).is_some() && heading_asks(&self.nodes[i]))
            .collect();
        for level in 1..=6u8 {
            let at: Vec<usize> = (0..self.nodes.len())
                .filter(|&i| self.heading_level(i) == Some(level))
                .filter(|&i| !is_resource(&clean_label(self.nodes[i].text())))
                .collect();
            let asking = at.iter().filter(|&&i| asks[i]).count();
            if asking >= 3 && asking * 3 >= at.len() * 2 {
                for &i in &at {
                    let text = without_leading_symbols(self.nodes[i].text());
                    if strip_enumeration(text) != text {
                        asks[i] = true;
                    }
                }
            }
        }
        asks
    }

    /// Whether heading `i` is a question, as the user chose or else as judged.
    fn asks(&self, i: usize, judged: &[bool]) -> bool {
        let Some(level) = self.heading_level(i) else {
            return false;
        };
        let line = self.nodes[i].line;
        if self.included.contains(&line) {
            return true;
        }
        match self.reading.question_headings {
            None => judged[i],
            Some(q) => q == level && !is_resource(&clean_label(self.nodes[i].text())),
        }
    }

    /// Sections: which heading each block is under, which question it answers, and which
    /// sections hold resources.
    fn judge_sections(&mut self, judged: &[bool]) {
        // Open headings that are not questions, innermost last, with their levels; skipped ones
        // too. And the question being answered, with its heading level (7 for a Q paragraph).
        let mut stack: Vec<(u8, usize, bool)> = Vec::new();
        let mut asked: Option<(u8, usize)> = None;
        for i in 0..self.nodes.len() {
            if let Some(level) = self.heading_level(i) {
                let question = self.asks(i, judged);
                if asked.is_some_and(|(h, _)| question || level <= h) {
                    asked = None;
                }
                if asked.is_none() {
                    while stack.last().is_some_and(|&(h, _, _)| h >= level) {
                        stack.pop();
                    }
                }
                if question {
                    self.roles[i] = Role::Question;
                    self.skipped[i] = stack.iter().any(|s| s.2);
                    asked = Some((level, i));
                    continue;
                }
                if asked.is_none() {
                    let resource = is_resource(&clean_label(self.nodes[i].text()));
                    stack.push((level, i, resource));
                }
            } else if self.nodes[i].summary {
                if asked.is_none() && score(&self.nodes[i], self.nodes[i].text()) >= 2 {
                    self.roles[i] = Role::Question;
                }
            } else if self.nodes[i].kind == NodeKind::Paragraph
                && self.q_paragraph(i).is_some()
                && asked.is_none_or(|(h, _)| h == 7)
            {
                // A Q paragraph asks; the next one ends the answer to it.
                self.roles[i] = Role::Question;
                self.skipped[i] = stack.iter().any(|s| s.2);
                asked = Some((7, i));
                continue;
            }
            self.skipped[i] = stack.iter().any(|s| s.2);
            self.answering[i] = asked.map(|a| a.1);
        }
    }

    /// A paragraph written as a question (`Q: …`, `**Q1.** …`, a `[!question]` callout): its
    /// prompt.
    fn q_paragraph(&self, i: usize) -> Option<String> {
        if self.nodes[i].summary {
            return None;
        }
        let quoted = self.nodes[i].quoted;
        let text = self.nodes[i].text();
        self.q_paragraph_of(text)
            .filter(|_| quoted || !text.trim_start().starts_with("[!"))
            .filter(|_| !quoted || text.trim_start().starts_with("[!"))
    }

    /// The question after a callout marker or a `Q:` in `text`.
    fn q_paragraph_of(&self, text: &str) -> Option<String> {
        let text = text.trim();
        // Obsidian's question callouts, under each of their names, folded (`-`) or not.
        for callout in ["[!question]", "[!faq]", "[!help]"] {
            if let Some(rest) = strip_prefix_ci(text, callout) {
                let rest = rest.trim_start_matches(['-', '+']).trim();
                let rest = strip_question_number(rest);
                return (!rest.is_empty()).then(|| rest.to_string());
            }
        }
        let rest = strip_question_number(text);
        (rest != text && !rest.is_empty()).then(|| rest.to_string())
    }

    /// Lists: a list holds questions when at least half its items ask or name a topic whose
    /// nested items ask. Lists under a question, in skipped sections, or in `<details>` answer.
    fn judge_lists(&mut self) {
        let mut i = 0;
        while i < self.nodes.len() {
            let node = &self.nodes[i];
            if node.kind != NodeKind::Item || node.depth != 1 {
                i += 1;
                continue;
            }
            let end = self.list_end(i, node.list);
            let mut tops = Vec::new();
            let mut j = i;
            while j < self.nodes.len() && self.nodes[j].range.start < end {
                if self.nodes[j].kind == NodeKind::Item && self.nodes[j].depth == 1 {
                    tops.push(j);
                }
                j += 1;
            }
            self.judge_list(&tops);
            i = j.max(i + 1);
        }
    }

    /// Where the list holding top-level item `i` ends.
    fn list_end(&self, i: usize, list: usize) -> usize {
        let mut end = self.nodes[i].range.end;
        for n in &self.nodes[i..] {
            if n.kind == NodeKind::Item && n.depth == 1 {
                if n.list != list {
                    break;
                }
                end = n.range.end;
            } else if n.depth == 0 {
                break;
            }
        }
        end
    }

    /// The items nested right under item `i`.
    fn children(&self, i: usize) -> Vec<usize> {
        let node = &self.nodes[i];
        (i + 1..self.nodes.len())
            .take_while(|&j| self.nodes[j].range.start < node.range.end)
            .filter(|&j| {
                self.nodes[j].kind == NodeKind::Item && self.nodes[j].depth == node.depth + 1
            })
            .collect()
    }

    fn judge_list(&mut self, tops: &[usize]) {
        let Some(&first) = tops.first() else {
            return;
        };
        if self.answering[first].is_some() || self.skipped[first] || self.nodes[first].folded {
            return;
        }
        // A to-do list (checkboxes, or items that read "Read…", "Watch…") holds questions only
        // where an item asks outright: "Implement X" there is a task, not a question.
        let todo = tops.iter().any(|&t| self.nodes[t].task)
            || tops
                .iter()
                .filter(|&&t| {
                    opens_a_task(&prompt_text(&self.nodes[t].question().0).1.to_lowercase())
                })
                .count()
                >= 2;
        let judged: Vec<(usize, Shape)> = tops.iter().map(|&t| (t, self.shape(t, todo))).collect();
        let asking = judged
            .iter()
            .filter(|(_, s)| s.asks || s.topic.is_some())
            .count();
        let questions = match self.reading.items {
            Items::Auto if todo => asking > 0,
            Items::Auto => asking * 2 >= tops.len() && asking > 0,
            Items::Questions => true,
            Items::Answers => false,
        };
        if !questions {
            return;
        }
        let forced = self.reading.items == Items::Questions;
        for (t, shape) in judged {
            self.take(t, shape, todo, forced, None);
        }
    }

    /// How an item reads: whether it asks, and whether it names a topic for the items nested in
    /// it (a sub-heading, a topic, or a scenario that its nested questions are about).
    fn shape(&self, i: usize, todo: bool) -> Shape {
        let node = &self.nodes[i];
        let (prompt, answer) = node.question();
        let children = self.children(i);
        let s = score(node, &prompt);
        let asks = if todo {
            asks_outright(node, &prompt)
        } else {
            s >= 2
        };
        let child_asks = children
            .iter()
            .filter(|&&c| score(&self.nodes[c], &self.nodes[c].question().0) >= 2)
            .count();
        let words = prompt.split_whitespace().count();
        let topic = if children.is_empty() || !answer.is_empty() || prompt.is_empty() {
            None
        } else if !prompt.contains(['?', '？'])
            && (prompt.trim_end().ends_with([':', '：']) || node.all_bold())
        {
            Some(Topic::Heading)
        } else if (s < 2 || sets_a_scene(&prompt))
            && child_asks * 2 >= children.len()
            && child_asks > 0
        {
            // A short phrase names a topic; a sentence sets a scenario every child leans on.
            Some(if words <= 5 {
                Topic::Named
            } else {
                Topic::Scenario
            })
        } else {
            None
        };
        Shape {
            score: s,
            asks,
            topic,
        }
    }

    /// Takes item `i` of a list of questions: as a question, or as a topic whose nested items are
    /// taken in turn. `parent` is the topic it is nested in, if any.
    fn take(
        &mut self,
        i: usize,
        shape: Shape,
        todo: bool,
        forced: bool,
        parent: Option<(Topic, usize)>,
    ) {
        match shape.topic {
            Some(topic) => {
                self.roles[i] = Role::Topic(topic == Topic::Heading);
                for c in self.children(i) {
                    let child = self.shape(c, todo);
                    self.take(c, child, todo, forced, Some((topic, i)));
                }
            }
            // An empty item is taken so that it is reported, not silently lost.
            None if shape.asks
                || (!todo && shape.score > -2)
                || forced
                || self.nodes[i].question().0.trim().is_empty() =>
            {
                self.roles[i] = Role::Question;
                if let Some((topic, p)) = parent {
                    let words = prompt_text(&self.nodes[p].question().0).1;
                    let prompt = prompt_text(&self.nodes[i].question().0).1;
                    match topic {
                        Topic::Heading => self.topic_category[i] = Some(clean_label(&words)),
                        Topic::Scenario => self.prefix[i] = Some(words),
                        Topic::Named if leans_on_parent(&prompt) => self.prefix[i] = Some(words),
                        Topic::Named => {}
                    }
                }
            }
            None => {}
        }
    }

    /// Tables: a column headed "Question" (or "Q", "Prompt"), or a first column whose cells
    /// mostly ask, holds questions, one per row.
    fn judge_tables(&mut self) {
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); self.tables.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind == NodeKind::Row {
                if let Some(r) = rows.get_mut(n.table) {
                    r.push(i);
                }
            }
        }
        self.columns = (0..self.tables.len())
            .map(|t| self.question_column(t, &rows[t]))
            .collect();
        for (table, rows) in rows.into_iter().enumerate() {
            let Some(&first) = rows.first() else {
                continue;
            };
            if self.answering[first].is_some() || self.skipped[first] || self.nodes[first].quoted {
                continue;
            }
            let Some(col) = self.columns[table] else {
                continue;
            };
            for r in rows {
                let cell = self.cell(r, col);
                if !cell.is_empty() && score(&self.nodes[r], cell) > -2 {
                    self.roles[r] = Role::Question;
                }
            }
        }
    }

    fn question_column(&self, table: usize, rows: &[usize]) -> Option<usize> {
        let header = &self.tables[table];
        let named = header.iter().position(|h| {
            let h = h.to_lowercase();
            h.contains("question") || matches!(h.trim(), "q" | "prompt" | "prompts")
        });
        named.or_else(|| {
            let asking = rows
                .iter()
                .filter(|&&r| score(&self.nodes[r], self.cell(r, 0)) >= 2)
                .count();
            (asking * 2 > rows.len()).then_some(0)
        })
    }

    fn cell(&self, row: usize, col: usize) -> &str {
        self.nodes[row]
            .parts
            .get(col)
            .map_or("", |p| p.text.as_str())
    }

    /// The column of `table` whose header contains one of `words`.
    fn column(&self, table: usize, words: &[&str]) -> Option<usize> {
        self.tables[table].iter().position(|h| {
            let h = h.to_lowercase();
            words.iter().any(|w| h.contains(w))
        })
    }

    /// Bold lines outside lists (`**Statistics**`) name topics, as headings do.
    fn judge_paragraphs(&mut self) {
        if self.reading.category_headings.is_some() {
            return;
        }
        for i in 0..self.nodes.len() {
            let node = &self.nodes[i];
            let text = node.text();
            let topic_line = node.kind == NodeKind::Paragraph
                && !node.quoted
                && !node.folded
                && node.all_bold()
                && self.roles[i] == Role::Other
                && self.answering[i].is_none()
                && text.split_whitespace().count() <= 8
                && !text.contains(['?', '？'])
                && !text.trim_end().ends_with('.');
            if topic_line {
                self.roles[i] = Role::TopicLine;
            }
        }
    }

    /// Paragraphs of questions written one to a line, without list markers.
    fn judge_lines(&mut self) {
        for i in 0..self.nodes.len() {
            let node = &self.nodes[i];
            let Some(part) = node.first() else {
                continue;
            };
            if node.kind != NodeKind::Paragraph
                || node.quoted
                || node.folded
                || node.summary
                || self.roles[i] != Role::Other
                || self.answering[i].is_some()
                || self.skipped[i]
                || part.lines.len() < 2
            {
                continue;
            }
            // Prose wrapped over several lines is no list of questions: each line must start a
            // sentence of its own.
            let topic = usize::from(topic_on_first_line(&part.lines));
            let sentences = part.lines[topic..]
                .iter()
                .filter(|l| !l.is_empty())
                .all(|l| l.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
            let asking = self.asking_lines(i).len();
            let others = part.lines.iter().filter(|l| !l.is_empty()).count() - topic;
            if sentences && asking >= 2 && asking * 3 >= others * 2 {
                self.roles[i] = Role::Lines;
            }
        }
    }

    /// The lines of paragraph `i` that ask, with their line numbers.
    fn asking_lines(&self, i: usize) -> Vec<(usize, &str)> {
        let node = &self.nodes[i];
        node.first()
            .map(|p| p.lines.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|(_, l)| score(node, l) >= 2)
            .map(|(k, l)| (node.line + k, l.as_str()))
            .collect()
    }

    /// The user's include and exclude choices, by line.
    /// A line both taken and left out is left out.
    fn apply_corrections(&mut self) {
        for i in 0..self.nodes.len() {
            let line = self.nodes[i].line;
            if self.excluded.contains(&line) {
                if self.roles[i] == Role::Question {
                    self.roles[i] = Role::LeftOut;
                }
            } else if self.included.contains(&line)
                && self.roles[i] != Role::Question
                && !self.nodes[i].text().is_empty()
                && self.nodes[i].kind != NodeKind::Code
            {
                self.roles[i] = Role::Question;
            }
        }
    }

    /// The questions, in note order, and the view of the reading.
    fn write(mut self, judged: Vec<bool>) -> Found {
        let mut questions = Vec::new();
        let mut category = self.note.category.clone();
        let mut level = self.note.level;
        let mut title = None;
        let mut last_end = 0;
        let mut sections: Vec<Section> = vec![Section {
            line: 0,
            title: String::new(),
            heading: 0,
            level,
            skipped: false,
            taken: 0,
            total: 0,
            candidates: Vec::new(),
        }];
        // Section levels the user set, innermost last: (heading level, level).
        let mut set_levels: Vec<(u8, Level)> = Vec::new();
        let mut section_of: Vec<usize> = Vec::with_capacity(self.nodes.len());
        let mut last_question: Option<usize> = None;
        // The section of the last question, and where the folded answer last taken ends.
        let mut last_question_section: Option<usize> = None;
        let mut folded_until = 0;
        for (i, node) in self.nodes.iter().enumerate() {
            let answering = self.answering[i].is_some();
            // Headings that are not questions open sections.
            let asks = matches!(self.roles[i], Role::Question | Role::LeftOut);
            if let (Some(h), false) = (self.heading_level(i), asks) {
                if !answering {
                    while set_levels.last().is_some_and(|&(l, _)| l >= h) {
                        set_levels.pop();
                    }
                    let line = node.line;
                    if let Some(s) = self.reading.section_levels.iter().find(|s| s.line == line) {
                        set_levels.push((h, s.level));
                    }
                    let text = node.text();
                    if let Some(named) = level_named(text) {
                        level = named;
                    }
                    let label = clean_label(text);
                    match self.reading.category_headings {
                        None if !label.is_empty() && !self.skipped[i] => category = label.clone(),
                        Some(c) if c == h && !label.is_empty() && !self.skipped[i] => {
                            category = label.clone()
                        }
                        // A heading above the level categories come from starts afresh.
                        Some(c) if h < c => category = self.note.category.clone(),
                        _ => {}
                    }
                    if h == 1 && title.is_none() && !text.is_empty() {
                        title = Some(text.to_string());
                    }
                    sections.push(Section {
                        line,
                        title: label,
                        heading: h,
                        level: self.level_here(&set_levels, level),
                        skipped: self.skipped[i],
                        taken: 0,
                        total: 0,
                        candidates: Vec::new(),
                    });
                }
            }
            section_of.push(sections.len() - 1);
            match self.roles[i] {
                Role::TopicLine => {
                    category = clean_label(node.text());
                }
                Role::Lines => {
                    let lines = &node.parts[0].lines;
                    let cat = if topic_on_first_line(lines)
                        && self.reading.category_headings != Some(0)
                    {
                        clean_label(&lines[0])
                    } else {
                        category.clone()
                    };
                    let lvl = self.level_here(&set_levels, level);
                    for (line, text) in self.asking_lines(i) {
                        if self.excluded.contains(&line) {
                            continue;
                        }
                        let (difficulty, prompt) = prompt_text(text);
                        let (prompt, answer) = split_answer(&prompt);
                        let guide = Guide {
                            reference_answer: answer,
                            ..Guide::default()
                        };
                        questions.push(new_question(&cat, lvl, line, prompt, difficulty, guide));
                        last_question = Some(questions.len() - 1);
                        last_question_section = Some(sections.len() - 1);
                        last_end = node.range.end;
                    }
                }
                Role::Topic(_) | Role::LeftOut => {}
                Role::Question => {
                    let cat = self.topic_category[i]
                        .clone()
                        .filter(|c| !c.is_empty() && self.reading.category_headings != Some(0))
                        .unwrap_or_else(|| category.clone());
                    let lvl = self.level_here(&set_levels, level);
                    if let Some((q, end)) = self.question(i, cat, lvl) {
                        last_end = end;
                        last_question = Some(questions.len());
                        last_question_section = Some(sections.len() - 1);
                        questions.push(q);
                    }
                }
                Role::Other => {
                    // An answer folded away in `<details>` after a question, in its section,
                    // belongs to it: the Markdown of the whole folded run, once.
                    if node.folded && self.answering[i].is_none() {
                        let same_section = last_question_section == Some(sections.len() - 1);
                        if node.range.start >= folded_until && same_section {
                            let end = self.nodes[i..]
                                .iter()
                                .take_while(|n| n.folded && !matches!(n.kind, NodeKind::Heading(_)))
                                .map(|n| n.range.end)
                                .max()
                                .unwrap_or(node.range.end);
                            if let Some(q) = last_question.and_then(|q| questions.get_mut(q)) {
                                let text = self.source(node.range.start..end);
                                push_paragraph(&mut q.guide.reference_answer, text.trim());
                            }
                            folded_until = end;
                        }
                    } else if !answering && matches!(node.kind, NodeKind::Paragraph) {
                        if let Some(named) = level_named(node.text()) {
                            level = named;
                        }
                    }
                }
            }
        }
        self.candidates(&mut sections, &section_of);
        for s in &mut sections {
            s.total = s.candidates.len();
            s.taken = s.candidates.iter().filter(|c| c.chosen).count();
        }
        let mut counts: Vec<HeadingCount> = Vec::new();
        for i in 0..self.nodes.len() {
            if let Some(h) = self.heading_level(i) {
                match counts.iter_mut().find(|c| c.level == h) {
                    Some(c) => c.headings += 1,
                    None => counts.push(HeadingCount {
                        level: h,
                        headings: 1,
                    }),
                }
            }
        }
        counts.sort_by_key(|c| c.level);
        let judged_question_headings = self.most_common(|i| judged[i]);
        let mut under = vec![false; self.nodes.len()];
        let mut heading = None;
        for (i, &asks) in judged.iter().enumerate() {
            if self.heading_level(i).is_some() && !asks {
                heading = Some(i);
            } else if self.roles[i] == Role::Question {
                if let Some(h) = heading {
                    under[h] = true;
                }
            }
        }
        let judged_category_headings =
            self.most_common(|i| !judged[i] && !self.skipped[i] && under[i]);
        sections.retain(|s| !s.candidates.is_empty());
        Found {
            questions,
            warnings: std::mem::take(&mut self.warnings),
            view: View {
                reading: self.reading.clone(),
                judged_question_headings,
                judged_category_headings,
                heading_levels: counts,
                sections,
            },
            title,
            last_end,
        }
    }

    fn level_here(&self, set: &[(u8, Level)], named: Level) -> Level {
        set.last()
            .map(|s| s.1)
            .or(self.reading.level)
            .unwrap_or(named)
    }

    /// The heading level most of the headings `pick` chooses have, or 0.
    fn most_common(&self, pick: impl Fn(usize) -> bool) -> u8 {
        let mut count = [0usize; 7];
        for i in 0..self.nodes.len() {
            if let Some(h) = self.heading_level(i) {
                if pick(i) {
                    count[h as usize] += 1;
                }
            }
        }
        (1..7u8)
            .max_by_key(|&h| (count[h as usize], std::cmp::Reverse(h)))
            .filter(|&h| count[h as usize] > 0)
            .unwrap_or(0)
    }

    /// Each block the user could take or leave, in its section.
    fn candidates(&self, sections: &mut [Section], section_of: &[usize]) {
        for (i, node) in self.nodes.iter().enumerate() {
            let chosen = self.roles[i] == Role::Question;
            let kind = match node.kind {
                // A heading that names a category is no candidate: "Questions are" makes a whole
                // level of headings questions.
                NodeKind::Heading(_) if chosen || self.roles[i] == Role::LeftOut => {
                    CandidateKind::Heading
                }
                NodeKind::Item
                    if chosen
                        || (self.answering[i].is_none()
                            && !node.folded
                            && (node.depth == 1 || self.parent_is_topic(i))) =>
                {
                    CandidateKind::Item
                }
                NodeKind::Row if chosen || self.answering[i].is_none() => CandidateKind::Row,
                NodeKind::Paragraph if chosen || self.roles[i] == Role::LeftOut => {
                    CandidateKind::Paragraph
                }
                NodeKind::Paragraph if self.roles[i] == Role::Lines => {
                    for (line, text) in self.asking_lines(i) {
                        sections[section_of[i]].candidates.push(Candidate {
                            line,
                            kind: CandidateKind::Paragraph,
                            text: prompt_text(&split_answer(text).0).1,
                            chosen: !self.excluded.contains(&line),
                        });
                    }
                    continue;
                }
                _ => continue,
            };
            let text = self.display_text(i);
            if text.is_empty() {
                continue;
            }
            sections[section_of[i]].candidates.push(Candidate {
                line: node.line,
                kind,
                text,
                chosen,
            });
        }
    }

    fn parent_is_topic(&self, i: usize) -> bool {
        self.parents[i].is_some_and(|p| matches!(self.roles[p], Role::Topic(_)))
    }

    /// A candidate as the preview shows it: its prompt, cut at 200 characters.
    fn display_text(&self, i: usize) -> String {
        let node = &self.nodes[i];
        let text = match node.kind {
            NodeKind::Heading(_) => heading_prompt(node.text()).1,
            NodeKind::Row => prompt_text(self.question_cell(i)).1,
            NodeKind::Paragraph => self.q_paragraph(i).unwrap_or_else(|| node.text().into()),
            _ => with_topic(self.prefix[i].as_deref(), prompt_text(&node.question().0).1),
        };
        let text = text.replace('\n', " ");
        match text.char_indices().nth(200) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text,
        }
    }

    /// The column of the row's table that holds questions (the first, when none does).
    fn question_cell(&self, row: usize) -> &str {
        let col = self
            .columns
            .get(self.nodes[row].table)
            .copied()
            .flatten()
            .unwrap_or(0);
        self.cell(row, col)
    }

    fn source(&self, range: std::ops::Range<usize>) -> &str {
        self.note.text.get(range).unwrap_or("")
    }

    /// Where the answer to the question at node `i` (a heading or Q paragraph) ends: at the next
    /// block that answers no question or another question's start.
    fn answer_end(&self, i: usize) -> (usize, Vec<usize>) {
        let mut under = Vec::new();
        // Up to the next block that does not answer it: what lies between (a table with no
        // rows, a rule, raw HTML) is part of the answer too.
        let mut end = self.note.text.len();
        for (k, n) in self.nodes.iter().enumerate().skip(i + 1) {
            if self.answering[k] != Some(i) {
                end = n.range.start;
                break;
            }
            under.push(k);
        }
        (end.max(self.nodes[i].range.end), under)
    }

    /// The question node `i` asks, with where its Markdown ends.
    fn question(&mut self, i: usize, category: String, level: Level) -> Option<(Question, usize)> {
        let node = &self.nodes[i];
        let mut guide = Guide::default();
        let mut difficulty;
        let mut sources: Vec<String> = node.sources().map(str::to_string).collect();
        let (prompt, end) = match node.kind {
            NodeKind::Heading(_) | NodeKind::Paragraph => {
                let (d, prompt) = if matches!(node.kind, NodeKind::Heading(_)) {
                    heading_prompt(node.text())
                } else {
                    prompt_text(&self.q_paragraph(i).unwrap_or_else(|| node.text().into()))
                };
                let (prompt, inline_answer) = match self.callout_line(i) {
                    Some((q, a)) => (q, a),
                    None => split_answer(&prompt),
                };
                difficulty = d;
                let (end, under) = if node.summary {
                    (node.range.end, Vec::new())
                } else {
                    self.answer_end(i)
                };
                let mut prompt = prompt;
                // Code right under the question is part of it, as in a list item.
                let mut answer_start = node.range.end;
                for &k in &under {
                    if self.nodes[k].kind != NodeKind::Code || !points_at_code(&prompt) {
                        break;
                    }
                    let code = self.nodes[k].parts.first().map_or("", |p| p.text.as_str());
                    push_paragraph(&mut prompt, code);
                    answer_start = self.nodes[k].range.end;
                }
                let answer = self.source(answer_start..end).trim();
                guide.reference_answer = inline_answer;
                push_paragraph(&mut guide.reference_answer, answer);
                let points: Vec<usize> = under
                    .iter()
                    .copied()
                    .filter(|&k| {
                        self.nodes[k].kind == NodeKind::Item && self.roles[k] != Role::Question
                    })
                    .collect();
                let short = points
                    .iter()
                    .all(|&k| self.nodes[k].key_point().split_whitespace().count() <= 40);
                if short {
                    for k in points {
                        let point = self.nodes[k].key_point();
                        if point.is_empty() {
                            self.warn(self.nodes[k].line, "empty list item skipped");
                        } else {
                            guide.key_points.push(point);
                        }
                    }
                }
                (prompt, end)
            }
            NodeKind::Row => {
                let table = node.table;
                let (d, prompt) = prompt_text(self.question_cell(i));
                difficulty = d;
                if let Some(c) = self.column(table, &["answer", "solution", "explanation"]) {
                    guide.reference_answer = self.cell(i, c).to_string();
                }
                if let Some(c) = self.column(table, &["difficulty", "level", "diff"]) {
                    let cell = self.cell(i, c);
                    difficulty = difficulty_named(cell)
                        .or_else(|| prompt_text(cell).0)
                        .or(difficulty);
                }
                (prompt, node.range.end)
            }
            NodeKind::Item => {
                let (first, mut points) = node.question();
                let line = node.first().and_then(Part::first_line);
                let (first, line_answer) =
                    split_at_line(line, &first).unwrap_or((first, String::new()));
                let (d, prompt) = prompt_text(&first);
                difficulty = d;
                let (prompt, mut answer) = split_answer(&prompt);
                push_paragraph(&mut answer, &line_answer);
                guide.reference_answer = answer;
                if prompt.is_empty() {
                    let below = self.below(i).len();
                    let message = match below {
                        0 => "empty list item skipped".to_string(),
                        1 => "empty list item skipped, with the item nested under it".to_string(),
                        n => format!("empty list item skipped, with the {n} items nested under it"),
                    };
                    self.warn(node.line, &message);
                    return None;
                }
                for k in self.below(i) {
                    let point = self.nodes[k].key_point();
                    if point.is_empty() {
                        self.warn(self.nodes[k].line, "empty list item skipped");
                    } else {
                        points.push(point);
                    }
                }
                guide.key_points = points;
                let prompt = with_topic(self.prefix[i].as_deref(), prompt);
                (prompt, node.range.end)
            }
            NodeKind::Code => return None,
        };
        let prompt = prompt.trim().to_string();
        if prompt.is_empty() {
            return None;
        }
        if !sources.is_empty() {
            guide.source = std::mem::take(&mut sources).join(" ");
        }
        let mut category = category;
        if let (NodeKind::Row, false) = (node.kind, self.reading.category_headings == Some(0)) {
            if let Some(c) = self.column(node.table, &["topic", "category", "area", "subject"]) {
                let cell = clean_label(self.cell(i, c));
                if !cell.is_empty() {
                    category = cell;
                }
            }
        }
        let q = new_question(&category, level, node.line, prompt, difficulty, guide);
        Some((q, end))
    }

    /// A callout's question on its first line and the answer on the lines after it.
    fn callout_line(&self, i: usize) -> Option<(String, String)> {
        let node = &self.nodes[i];
        if !node.quoted {
            return None;
        }
        let part = node.first()?;
        let first = part.first_line()?;
        let line = prompt_text(&self.q_paragraph_of(first)?).1;
        let rest = part.text.strip_prefix(first)?.trim();
        // "[!question] Q5" names the question; it is asked on the next line.
        let named_only = line.split_whitespace().count() < 2 && !line.contains('?');
        (!named_only && !rest.is_empty()).then(|| (line, rest.to_string()))
    }

    /// The items nested (at any depth) under item `i` that are not questions of their own, nor
    /// nested under one.
    fn below(&self, i: usize) -> Vec<usize> {
        let end = self.nodes[i].range.end;
        let mut out = Vec::new();
        let mut inside_question: Option<usize> = None;
        for k in i + 1..self.nodes.len() {
            let n = &self.nodes[k];
            if n.range.start >= end {
                break;
            }
            if n.kind != NodeKind::Item {
                continue;
            }
            if inside_question.is_some_and(|e| n.range.start < e) {
                continue;
            }
            if self.roles[k] == Role::Question {
                inside_question = Some(n.range.end);
                continue;
            }
            out.push(k);
        }
        out
    }

    fn warn(&mut self, line: usize, message: &str) {
        self.warnings
            .push(PackError::at(self.note.file, line, message));
    }
}

/// The item each list item is nested in.
fn parents(nodes: &[Node]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            while open
                .last()
                .is_some_and(|&p| nodes[p].range.end <= n.range.start)
            {
                open.pop();
            }
            if n.kind != NodeKind::Item {
                return None;
            }
            let parent = open
                .iter()
                .rev()
                .find(|&&p| nodes[p].depth + 1 == n.depth)
                .copied();
            open.push(i);
            parent
        })
        .collect()
}

/// A nested question with the words of the topic it leans on before it: "k-means: Compare the
/// two."
fn with_topic(topic: Option<&str>, prompt: String) -> String {
    match topic {
        Some(t) => format!("{}: {prompt}", t.trim_end_matches(['.', ':', '：']).trim()),
        None => prompt,
    }
}

fn new_question(
    category: &str,
    level: Level,
    line: usize,
    prompt: String,
    difficulty: Option<Difficulty>,
    guide: Guide,
) -> Question {
    let kind = infer_kind(category);
    Question {
        id: String::new(),
        level,
        category: category.into(),
        kind,
        difficulty: difficulty.unwrap_or(Difficulty::Medium),
        minutes: default_minutes(kind),
        prompt,
        seed: false,
        guide,
        drill: None,
        line,
    }
}

/// Whether the first of a paragraph's lines names a topic for the questions on the others
/// ("**LoRA**", "Fine-tuning:").
fn topic_on_first_line(lines: &[String]) -> bool {
    lines.first().is_some_and(|l| {
        !l.is_empty()
            && !l.contains(['?', '？'])
            && l.split_whitespace().count() <= 6
            && !opens_a_question(&l.to_lowercase())
    })
}

/// Whether a question refers to code shown with it ("What does this print?").
fn points_at_code(prompt: &str) -> bool {
    let lower = prompt.to_lowercase();
    [
        "this",
        "following",
        "below",
        "code",
        "snippet",
        "output",
        "print",
        "bug",
        "program",
        "these lines",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn push_paragraph(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(text);
}

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_numbers_and_symbols_leave_the_prompt() {
        for (text, difficulty, prompt) in [
            (
                "[E] What is a vector?",
                Some(Difficulty::Easy),
                "What is a vector?",
            ),
            ("[H] Prove it.", Some(Difficulty::Hard), "Prove it."),
            (
                "(Medium) Explain PCA.",
                Some(Difficulty::Medium),
                "Explain PCA.",
            ),
            (
                "🔴 Design a feed.",
                Some(Difficulty::Hard),
                "Design a feed.",
            ),
            ("Q3: What is bias?", None, "What is bias?"),
            ("Question 4 - Explain dropout.", None, "Explain dropout."),
            (
                "What is bias? (Easy)",
                Some(Difficulty::Easy),
                "What is bias?",
            ),
            ("[Link] is not a marker", None, "[Link] is not a marker"),
            ("Quick: a label", None, "Quick: a label"),
        ] {
            assert_eq!(
                prompt_text(text),
                (difficulty, prompt.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn an_answer_after_the_question_in_its_paragraph_is_split_off() {
        for (text, question, answer) in [
            (
                "What is selection bias? It is the bias introduced when samples are not random.",
                "What is selection bias?",
                "It is the bias introduced when samples are not random.",
            ),
            (
                "What is X? How do you fix it?",
                "What is X? How do you fix it?",
                "",
            ),
            (
                "What is X? Explain with an example.",
                "What is X? Explain with an example.",
                "",
            ),
            ("Why? Because.", "Why? Because.", ""),
            ("Explain PCA.", "Explain PCA.", ""),
        ] {
            assert_eq!(
                split_answer(text),
                (question.to_string(), answer.to_string()),
                "{text}"
            );
        }
    }

    #[test]
    fn resource_and_boilerplate_titles_are_recognised() {
        for yes in [
            "Resources",
            "Further reading",
            "Books & courses",
            "Table of Contents",
            "Sponsors",
            "Contributing",
            "License",
            "Useful links",
            "📚 Resources",
            "Other resources",
        ] {
            assert!(is_resource(yes), "{yes}");
        }
        for no in [
            "Machine learning",
            "Recommendation systems",
            "Deep learning",
            "Linear regression",
            "Book recommendation system design",
            "Data resources planning at scale for training",
        ] {
            assert!(!is_resource(no), "{no}");
        }
    }

    fn read(text: &str, reading: &Reading) -> (Vec<(usize, String, String)>, View) {
        let (draft, view) = super::super::markdown::read_as("n.md", text, reading);
        let qs = draft.questions.into_iter();
        (qs.map(|q| (q.line, q.category, q.prompt)).collect(), view)
    }

    #[test]
    fn odd_html_and_links_across_lines_do_not_panic() {
        for text in [
            "</summary><summary>Why?\n",
            "What is X?\nsee: [wiki](https://w.org)’s take\nmore\n",
            "- What is X?\n  see: [wiki](https://w.org)🌱 x\n  🌱\n",
        ] {
            read(text, &Reading::default());
        }
    }

    #[test]
    fn a_question_left_out_stays_offered_and_names_no_category() {
        let text = "## What is X?\nA.\n## What is Y?\nB.\n\n# Other\n\nQ: What is Z?\n";
        let left = Reading {
            excluded: vec![1, 8],
            ..Reading::default()
        };
        let (qs, view) = read(text, &left);
        assert_eq!(qs, [(3, "General".to_string(), "What is Y?".to_string())]);
        let offered: Vec<Vec<(usize, bool)>> = view
            .sections
            .iter()
            .map(|s| s.candidates.iter().map(|c| (c.line, c.chosen)).collect())
            .collect();
        assert_eq!(offered, [vec![(1, false), (3, true)], vec![(8, false)]]);
    }

    #[test]
    fn questions_one_to_a_line_keep_their_own_lines() {
        let text = "**LoRA**\nWhat does LoRA train?\n#ml\nHow do you choose the rank?\n";
        let (qs, _) = read(text, &Reading::default());
        let lines: Vec<(usize, &str)> = qs.iter().map(|q| (q.0, q.1.as_str())).collect();
        assert_eq!(lines, [(2, "LoRA"), (4, "LoRA")]);
    }

    #[test]
    fn one_category_for_the_file_overrides_topics_too() {
        let text = "# Part\n- **Transformers**\n  - What is attention?\n";
        let one = Reading {
            category_headings: Some(0),
            ..Reading::default()
        };
        assert_eq!(read(text, &one).0[0].1, "General");
        assert_eq!(read(text, &Reading::default()).0[0].1, "Transformers");
    }

    #[test]
    fn children_lean_on_their_parent_only_when_they_name_no_subject() {
        assert!(leans_on_parent("Compare the two."));
        assert!(leans_on_parent("Why is it useful?"));
        assert!(leans_on_parent(
            "When would you use the former over the latter?"
        ));
        assert!(!leans_on_parent(
            "What's the geometric interpretation of the dot product of two vectors?"
        ));
        assert!(!leans_on_parent(
            "How do you choose k in k-means clustering?"
        ));
        assert!(leans_on_parent("Explain the difference."));
        assert!(!leans_on_parent(
            "What is the difference between a PDF and a PMF?"
        ));
    }
}
