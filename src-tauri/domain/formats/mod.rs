//! The file formats questions come in and go out as: Onsite's own packs (TOML or JSON), Markdown
//! notes, and Anki's plain text. Reading gives one draft shape, which [`finish`] turns into a pack
//! with stable ids.

pub mod anki;
pub mod json;
pub mod markdown;
pub mod pack_toml;
pub mod preview;
pub mod reading;
pub mod text;

use super::pack::{self, Kind, Level, PackError, Question};
use serde::Serialize;
use sha2::Digest;
use std::collections::{HashMap, HashSet};

/// The formats a file can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Onsite's own pack format, TOML.
    Pack,
    /// Onsite's pack as JSON, or a plain list of questions.
    Json,
    /// A note: headings become categories, list items questions.
    Markdown,
    /// Anki's plain-text export: front, back and tags columns with `#` header lines.
    Anki,
    /// An Anki package (`.apkg`): a zip holding a collection, read in `services::anki_packages`.
    AnkiPackage,
}

impl Format {
    /// The name the database records an import's format by.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pack => "pack",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Anki => "anki",
            Format::AnkiPackage => "apkg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Pack => "Onsite pack (TOML)",
            Format::Json => "JSON",
            Format::Markdown => "Markdown note",
            Format::Anki => "Anki plain text",
            Format::AnkiPackage => "Anki package",
        }
    }
}

/// A pack as a file gives it. What the file does not say is `None` (or, for a question's id, empty),
/// and [`finish`] fills it in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: String,
    pub source: Option<String>,
    pub license: Option<String>,
    /// Questions in file order. Each has its `line`; an empty `id` means "derive one".
    pub questions: Vec<Question>,
    /// Problems that do not stop the import (a question that looks cut off, a row skipped), located
    /// like errors.
    pub warnings: Vec<PackError>,
}

impl From<pack::Pack> for Draft {
    fn from(p: pack::Pack) -> Self {
        Draft {
            id: Some(p.id),
            title: Some(p.title),
            description: p.description,
            source: Some(p.source),
            license: Some(p.license),
            questions: p.questions,
            warnings: Vec::new(),
        }
    }
}

/// Which format `file` is in: by its extension, and for `.txt` by its first line (Anki writes
/// `#separator:` or `#html:` headers; anything else is read as a note).
pub fn detect(file: &str, text: &str) -> Format {
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("toml") => Format::Pack,
        Some("json") => Format::Json,
        Some("csv" | "tsv") => Format::Anki,
        _ if anki::looks_like_anki(text) || tab_separated(text) => Format::Anki,
        _ => Format::Markdown,
    }
}

/// Whether every line (of the first 50) holds a tab and none reads as Markdown: the plain text
/// older Anki versions export, without `#` headers.
fn tab_separated(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    let markdown = |l: &str| {
        l.starts_with(char::is_whitespace)
            || l.starts_with(['#', '-', '*', '+', '>', '|', '`'])
            || l.split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    !lines.is_empty() && lines.iter().all(|l| l.contains('\t') && !markdown(l))
}

/// A file read: its format and draft, or what stops it being read.
pub type FileRead = Result<(Format, Draft), Vec<PackError>>;

/// Reads a file's bytes in whichever format it is in. Errors name the file and the line.
pub fn read(file: &str, bytes: &[u8]) -> FileRead {
    read_as(file, bytes, &reading::Reading::default()).0
}

/// Reads a file as [`read`] does; a note is read as the user's `reading` says, and comes with how it
/// was read (even when no questions were found), for the preview where the user corrects it.
pub fn read_as(
    file: &str,
    bytes: &[u8],
    reading: &reading::Reading,
) -> (FileRead, Option<reading::View>) {
    let text = match text::decode(file, bytes) {
        Ok(text) => text,
        Err(e) => return (Err(vec![e]), None),
    };
    let format = detect(file, &text);
    let mut view = None;
    let draft = match format {
        Format::Pack => pack::parse(file, &text).map(Draft::from),
        Format::Json => json::read(file, &text),
        Format::Markdown => {
            let (draft, read) = markdown::read_as(file, &text, reading);
            view = Some(read);
            Ok(draft)
        }
        Format::Anki => anki::read(file, &text),
        // Never detected from text: a package is a zip, read before text is tried.
        Format::AnkiPackage => Err(vec![PackError::at(file, 1, "an Anki package is not text")]),
    };
    let read = draft.and_then(|draft| {
        if draft.questions.is_empty() {
            let message = format!("no questions found (read as {})", format.label());
            return Err(vec![PackError::at(file, 1, message)]);
        }
        Ok((format, draft))
    });
    (read, view)
}

/// A file read, given ids and checked: the pack it becomes, and what did not stop it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    pub pack: pack::Pack,
    pub warnings: Vec<PackError>,
}

/// Reads `bytes` as `file`, gives the questions ids (keeping those of the `existing` questions of a
/// pack imported before) and checks the result by the pack rules. Every error names file and line.
pub fn import(file: &str, bytes: &[u8], existing: &[Existing]) -> Result<Imported, Vec<PackError>> {
    let (format, draft) = read(file, bytes)?;
    checked(file, format, draft, existing)
}

/// A draft read from `file` as `format`, given ids and checked by the pack rules.
pub fn checked(
    file: &str,
    format: Format,
    mut draft: Draft,
    existing: &[Existing],
) -> Result<Imported, Vec<PackError>> {
    let warnings = std::mem::take(&mut draft.warnings);
    let pack = finish(file, draft, existing);
    pack::validate(file, &pack)?;
    Ok(Imported {
        format,
        pack,
        warnings,
    })
}

/// A question of the pack being re-imported, as the database holds it.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: String,
    pub category: String,
    pub prompt: String,
    /// Still in the bank (not deleted, and still in the file when last imported).
    pub visible: bool,
    /// Written or changed in the app: a re-import never overwrites it.
    pub edited: bool,
}

/// The pack id a file that names none gets from its file name.
pub fn pack_id_for(file: &str) -> String {
    slug(&file_stem(file), 40, "pack")
}

/// The longest part of a derived question id taken from its pack's id, so `pack.prompt-words-n`
/// always fits the 80 characters an id may have.
const ID_PREFIX_MAX: usize = 40;

/// Turns a draft into a pack: the pack's id and title default to the file's name, and questions
/// without an id get one. Re-importing an edited file must update its questions rather than add new
/// ones, so a question keeps the id of the pack's `existing` question with the same prompt
/// (preferring one in the same category), or else of the visible question that stood at its place
/// in the same category and whose prompt is gone from the file (an edit in place). New ids never
/// reuse an existing one, so a deleted question's notes never move onto another.
pub fn finish(file: &str, draft: Draft, existing: &[Existing]) -> pack::Pack {
    let stem = file_stem(file);
    let id = draft.id.unwrap_or_else(|| pack_id_for(file));
    let title = draft.title.unwrap_or_else(|| stem.clone());
    let mut by_prompt: HashMap<String, Vec<&Existing>> = HashMap::new();
    for e in existing {
        by_prompt.entry(normalise(&e.prompt)).or_default().push(e);
    }
    let prompts: HashSet<String> = draft
        .questions
        .iter()
        .map(|q| normalise(&q.prompt))
        .collect();
    // Only questions the file put there stand "at a place": not deleted ones, not the user's own.
    let placed: Vec<&Existing> = existing.iter().filter(|e| e.visible && !e.edited).collect();
    let mut taken: HashSet<String> = draft
        .questions
        .iter()
        .filter(|q| !q.id.is_empty())
        .map(|q| q.id.clone())
        .chain(existing.iter().map(|e| e.id.clone()))
        .collect();
    let prefix: String = id.chars().take(ID_PREFIX_MAX).collect();
    let mut reused: HashSet<String> = HashSet::new();
    let mut next = HashMap::new();
    let mut questions = draft.questions;
    for (i, q) in questions.iter_mut().enumerate() {
        if !q.id.is_empty() {
            continue;
        }
        let free = |e: &&&Existing| !reused.contains(&e.id);
        let same_prompt = by_prompt.get(&normalise(&q.prompt)).and_then(|all| {
            all.iter()
                .filter(free)
                .find(|e| e.category == q.category)
                .or_else(|| all.iter().find(free))
                .copied()
        });
        let edited_in_place = || {
            placed.get(i).copied().filter(|e| {
                e.category == q.category
                    && !reused.contains(&e.id)
                    && !prompts.contains(&normalise(&e.prompt))
            })
        };
        q.id = match same_prompt.or_else(edited_in_place) {
            Some(e) => e.id.clone(),
            None => unique(
                format!("{prefix}.{}", slug(&q.prompt, 36, "question")),
                &taken,
                &mut next,
            ),
        };
        reused.insert(q.id.clone());
        taken.insert(q.id.clone());
    }
    pack::Pack {
        id,
        title,
        description: draft.description,
        source: draft
            .source
            .unwrap_or_else(|| format!("Imported from {stem}")),
        license: draft.license.unwrap_or_else(|| NO_LICENSE.into()),
        questions,
    }
}

/// What an imported pack records when its file states no licence.
pub const NO_LICENSE: &str = "Not stated";

/// Text compared for duplicates: lowercase letters and digits, single spaces.
pub fn normalise(prompt: &str) -> String {
    let mut out = String::with_capacity(prompt.len());
    for word in prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// An id made of `text`'s ASCII letters and digits, words joined by `-`, at most `max` bytes,
/// cut at a word. Text with no ASCII letters or digits (a Chinese file name, say) gives `fallback`
/// and a short hash of the text, so different texts still give different ids.
pub fn slug(text: &str, max: usize, fallback: &str) -> String {
    let mut out = String::new();
    let lower = text.to_lowercase();
    for word in lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = word.len() + usize::from(!out.is_empty());
        if out.len() + extra > max {
            if out.is_empty() {
                out.push_str(&word[..max]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        let digest = sha2::Sha256::digest(text.trim().as_bytes());
        let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        format!("{fallback}-{hash}")
    } else {
        out
    }
}

/// `base`, or `base-2`, `base-3`... whichever is free first. `next` remembers where each base's
/// count got to, so a file with many equal prompts stays linear.
fn unique(base: String, taken: &HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if !taken.contains(&base) {
        return base;
    }
    let n = next.entry(base.clone()).or_insert(2);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if !taken.contains(&id) {
            return id;
        }
    }
}

/// The file's name without folders or extension.
fn file_stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if stem.trim().is_empty() {
        "Imported questions".into()
    } else {
        stem.trim().into()
    }
}

/// The level named in `text`, if any: "senior" with a role word (engineer, ML, MLE) means Senior
/// ML Engineer; "ML engineer", "machine learning engineer" or "MLE" alone mean ML Engineer.
pub fn level_named(text: &str) -> Option<Level> {
    let t = normalise(text);
    let words: Vec<&str> = t.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let pair = |a: &str, b: &[&str]| words.windows(2).any(|w| w[0] == a && b.contains(&w[1]));
    let engineer = ["engineer", "engineers"];
    let role = has("mle") || pair("ml", &engineer) || pair("learning", &engineer);
    if has("senior") && (role || has("engineer") || has("ml")) {
        Some(Level::Senior)
    } else if role {
        Some(Level::Mle)
    } else {
        None
    }
}

/// The kind a question probably is, for formats that do not say: from words in its category
/// (coding, design, leadership...), else a concept question.
pub fn infer_kind(category: &str) -> Kind {
    let c = normalise(category);
    let any = |words: &[&str]| words.iter().any(|w| c.split(' ').any(|x| x.starts_with(w)));
    if any(&["coding", "code", "programming", "algorithm"]) && !any(&["concept"]) {
        Kind::Coding
    } else if any(&["design", "architecture", "scalab"]) {
        Kind::Design
    } else if any(&[
        "leadership",
        "behavio",
        "collaboration",
        "mentor",
        "communication",
    ]) {
        Kind::Behavioral
    } else {
        Kind::Concept
    }
}

/// A suggested time budget for a kind of question, in minutes, for formats that do not say.
pub fn default_minutes(kind: Kind) -> u32 {
    match kind {
        Kind::Concept => 5,
        Kind::Behavioral => 6,
        Kind::Coding => 30,
        Kind::Design => 45,
    }
}

/// An answer's key points: its non-empty lines, without list markers (`- `, `* `, `• `, `1. `).
pub(crate) fn answer_points(text: &str) -> Vec<String> {
    text.lines()
        .map(strip_bullet)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn strip_bullet(line: &str) -> &str {
    let l = line.trim();
    for marker in ["- ", "* ", "+ ", "• ", "•"] {
        if let Some(rest) = l.strip_prefix(marker) {
            return rest.trim();
        }
    }
    let digits = l.len() - l.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &l[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim();
        }
    }
    l
}

/// A kind in any case; the British spelling of behavioural too.
pub(crate) fn parse_kind(text: &str) -> Option<Kind> {
    match text.trim().to_lowercase().as_str() {
        "behavioural" => Some(Kind::Behavioral),
        k => Kind::parse(k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pack::{Difficulty, Guide};

    /// A medium concept question at line 1 (the preview's tests use it too).
    pub(super) fn q(id: &str, category: &str, prompt: &str) -> Question {
        Question {
            id: id.into(),
            level: Level::Mle,
            category: category.into(),
            kind: Kind::Concept,
            difficulty: Difficulty::Medium,
            minutes: 5,
            prompt: prompt.into(),
            seed: false,
            guide: Guide::default(),
            drill: None,
            line: 1,
        }
    }

    fn draft(questions: Vec<Question>) -> Draft {
        Draft {
            questions,
            ..Draft::default()
        }
    }

    #[test]
    fn ids_come_from_the_file_name_and_the_prompt() {
        let p = finish(
            "/home/a/My Notes.md",
            draft(vec![
                q("", "A", "What is overfitting?"),
                q("", "A", "What is overfitting??"),
            ]),
            &[],
        );
        assert_eq!(p.id, "my-notes");
        assert_eq!(p.title, "My Notes");
        assert_eq!(p.license, NO_LICENSE);
        assert_eq!(p.questions[0].id, "my-notes.what-is-overfitting");
        assert_eq!(p.questions[1].id, "my-notes.what-is-overfitting-2");
        for q in &p.questions {
            assert!(q.id.len() <= 80);
        }
    }

    fn e(id: &str, category: &str, prompt: &str) -> Existing {
        Existing {
            id: id.into(),
            category: category.into(),
            prompt: prompt.into(),
            visible: true,
            edited: false,
        }
    }

    fn ids(p: &pack::Pack) -> Vec<&str> {
        p.questions.iter().map(|q| q.id.as_str()).collect()
    }

    #[test]
    fn a_reimport_keeps_ids_by_prompt_then_by_place() {
        let existing = [
            e("n.a", "A", "First question?"),
            e("n.b", "A", "Second question?"),
            e("n.gone", "B", "Deleted one?"),
        ];
        let p = finish(
            "n.md",
            draft(vec![
                q("", "A", "first  QUESTION?"),
                q("", "A", "Second question, edited?"),
                q("", "A", "Deleted one, but in another category?"),
                q("", "C", "Brand new?"),
            ]),
            &existing,
        );
        assert_eq!(
            ids(&p),
            [
                "n.a",
                "n.b",
                "n.deleted-one-but-in-another-category",
                "n.brand-new"
            ]
        );
    }

    #[test]
    fn a_question_gone_from_the_file_never_lends_its_id_to_a_new_one() {
        // Q three left the file in an earlier import (hidden), with a note on it.
        let mut three = e("n.q-three", "A", "Q three?");
        three.visible = false;
        let existing = [
            e("n.q-one", "A", "Q one?"),
            e("n.q-two", "A", "Q two?"),
            three,
        ];
        let p = finish(
            "n.md",
            draft(vec![
                q("", "A", "Q one?"),
                q("", "A", "Q two?"),
                q("", "A", "Totally unrelated new question?"),
            ]),
            &existing,
        );
        assert_eq!(
            ids(&p),
            ["n.q-one", "n.q-two", "n.totally-unrelated-new-question"]
        );
        // ...but the same question coming back takes its id (and note) back.
        let p = finish("n.md", draft(vec![q("", "A", "Q three?")]), &existing);
        assert_eq!(ids(&p), ["n.q-three"]);
    }

    #[test]
    fn questions_written_in_the_app_are_never_taken_over_by_place() {
        let mut mine = e("n.my-own", "A", "My own written question?");
        mine.edited = true;
        let existing = [e("n.alpha", "A", "Alpha?"), mine];
        let p = finish(
            "n.md",
            draft(vec![
                q("", "A", "Alpha?"),
                q("", "A", "Gamma from the file?"),
            ]),
            &existing,
        );
        assert_eq!(ids(&p), ["n.alpha", "n.gamma-from-the-file"]);
    }

    #[test]
    fn one_prompt_under_two_headings_keeps_both_ids_on_every_import() {
        let existing = [
            e("n.auc", "Evaluation", "What is AUC?"),
            e("n.auc-2", "Metrics", "What is AUC?"),
        ];
        let p = finish(
            "n.md",
            draft(vec![
                q("", "Evaluation", "What is AUC?"),
                q("", "Metrics", "What is AUC?"),
            ]),
            &existing,
        );
        assert_eq!(ids(&p), ["n.auc", "n.auc-2"]);
        let swapped = finish(
            "n.md",
            draft(vec![
                q("", "Metrics", "What is AUC?"),
                q("", "Evaluation", "What is AUC?"),
            ]),
            &existing,
        );
        assert_eq!(ids(&swapped), ["n.auc-2", "n.auc"]);
    }

    #[test]
    fn derived_ids_fit_even_under_a_long_pack_id() {
        let d = Draft {
            id: Some("a".repeat(80)),
            ..draft(vec![
                q("", "A", &"word ".repeat(40)),
                q("", "A", &"word ".repeat(40)),
            ])
        };
        let p = finish("x.json", d, &[]);
        for q in &p.questions {
            assert!(pack::id_problem(&q.id).is_none(), "{}", q.id);
        }
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("  Ünïcode — only!! ", 40, "x"), "n-code-only");
        assert!(slug("😀", 40, "x").starts_with("x-"));
        assert_ne!(slug("вопросы", 40, "pack"), slug("面试", 40, "pack"));
        assert_eq!(slug("abcdefghij", 4, "x"), "abcd");
        assert_eq!(slug("ab cd ef", 5, "x"), "ab-cd");
    }

    #[test]
    fn levels_are_named_by_role() {
        assert_eq!(
            level_named("Senior ML Engineer questions"),
            Some(Level::Senior)
        );
        assert_eq!(
            level_named("for a **Senior Machine Learning Engineer** role"),
            Some(Level::Senior)
        );
        assert_eq!(
            level_named("Machine Learning Engineer interview"),
            Some(Level::Mle)
        );
        assert_eq!(level_named("MLE"), Some(Level::Mle));
        assert_eq!(level_named("Deep learning"), None);
        assert_eq!(level_named("A senior moment"), None);
        assert_eq!(level_named("ML Engineering practices"), None);
        assert_eq!(level_named("Senior MLE loop"), Some(Level::Senior));
    }

    #[test]
    fn the_format_is_told_by_extension_then_content() {
        assert_eq!(detect("a.toml", ""), Format::Pack);
        assert_eq!(detect("a.JSON", ""), Format::Json);
        assert_eq!(detect("a.tsv", ""), Format::Anki);
        assert_eq!(
            detect("a.txt", "#separator:tab\n#html:true\n"),
            Format::Anki
        );
        assert_eq!(detect("a.txt", "# Heading\n- q?\n"), Format::Markdown);
        assert_eq!(detect("a.md", "#separator:tab\n"), Format::Anki);
        assert_eq!(
            detect("a.txt", "What is AUC?\tRanking quality\tml\nQ2\tA2\n"),
            Format::Anki
        );
        assert_eq!(
            detect("a.txt", "- What is AUC?\n\t- Ranking quality\n"),
            Format::Markdown
        );
        assert_eq!(detect("a.txt", "1. What is AUC?\tx\n"), Format::Markdown);
    }
}
