//! Reading a Markdown note (an Obsidian note, a saved chat) as questions: headings give categories,
//! top-level list items give questions, and the items nested under one give its key points.

use super::{default_minutes, infer_kind, level_named, Draft};
use crate::domain::pack::{Difficulty, Guide, Level, PackError, Question};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The category of questions above every heading, when the front matter names none.
const DEFAULT_CATEGORY: &str = "General";

/// Reads a note. Never fails: what cannot be read is skipped with a warning, and a note without
/// list items gives no questions (the caller reports that).
pub fn read(file: &str, text: &str) -> Result<Draft, Vec<PackError>> {
    let (repaired, count) = super::text::repair_mojibake(text);
    let lines = Lines::new(&repaired);
    let mut warnings = Vec::new();
    if count > 0 {
        // The texts are the same up to the first repair, and repairs never touch line breaks, so
        // lines are those of the original.
        let at = text
            .bytes()
            .zip(repaired.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        warnings.push(PackError {
            file: file.into(),
            line: lines.line(at),
            field: None,
            message: format!(
                "repaired {count} garbled character{} (text once read in the wrong encoding)",
                if count == 1 { "" } else { "s" }
            ),
        });
    }
    let text = repaired.as_str();
    let front = FrontMatter::read(file, text, &mut warnings);
    let mut note = Note {
        file,
        lines: &lines,
        category: front
            .category
            .clone()
            .unwrap_or_else(|| DEFAULT_CATEGORY.into()),
        level: front.level.unwrap_or(Level::Mle),
        title: None,
        quote_depth: 0,
        ignored_items: 0,
        block: None,
        entries: Vec::new(),
        open: Vec::new(),
        questions: Vec::new(),
        last_item_end: 0,
        warnings,
    };
    let body = text.get(front.body..).unwrap_or("");
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        note.event(event, (range.start + front.body)..(range.end + front.body));
    }
    note.cut_off_check(text);
    Ok(Draft {
        id: front.id,
        title: front.title.or(note.title),
        description: front.description.unwrap_or_default(),
        source: front.source,
        license: front.license,
        questions: note.questions,
        warnings: note.warnings,
    })
}

/// The Markdown a note may use. Front matter is read here rather than by pulldown-cmark, which
/// takes any `---` line followed by text and a later `---` as metadata, anywhere in the note, and
/// would swallow the questions between two rules.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
}

/// The simple `key: value` lines of a YAML block at the very top of the note.
#[derive(Debug, Default)]
struct FrontMatter {
    title: Option<String>,
    id: Option<String>,
    description: Option<String>,
    level: Option<Level>,
    source: Option<String>,
    license: Option<String>,
    category: Option<String>,
    /// Where the Markdown after the block starts.
    body: usize,
}

impl FrontMatter {
    fn read(file: &str, text: &str, warnings: &mut Vec<PackError>) -> Self {
        let mut front = FrontMatter::default();
        let mut lines = text.split_inclusive('\n');
        if lines.next().map(str::trim_end) != Some("---") {
            return front;
        }
        let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
        let mut block: Vec<&str> = Vec::new();
        let mut closed = false;
        for line in lines {
            offset += line.len();
            if matches!(line.trim_end(), "---" | "...") {
                closed = true;
                break;
            }
            block.push(line.trim_end());
        }
        if !closed {
            return front;
        }
        front.body = offset;
        let mut i = 0;
        while i < block.len() {
            let line_no = i + 2;
            let line = block[i];
            i += 1;
            if line.starts_with(char::is_whitespace) || line.starts_with(['#', '-']) {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = unquote(key.trim()).to_ascii_lowercase();
            let value = value.trim();
            let block_scalar = value.starts_with(['|', '>'])
                && value[1..]
                    .chars()
                    .all(|c| matches!(c, '-' | '+' | '0'..='9'));
            let value = if block_scalar {
                // The indented lines below, joined by line breaks (`|`) or spaces (`>`).
                let start = i;
                while i < block.len()
                    && (block[i].is_empty() || block[i].starts_with(char::is_whitespace))
                {
                    i += 1;
                }
                let parts = block[start..i].iter().map(|l| l.trim());
                let sep = if value.starts_with('|') { "\n" } else { " " };
                parts.collect::<Vec<_>>().join(sep).trim().to_string()
            } else {
                unquote(value)
            };
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "title" => front.title = Some(value),
                "id" => front.id = Some(value),
                "description" => front.description = Some(value),
                "source" => front.source = Some(value),
                "license" | "licence" => front.license = Some(value),
                "category" => front.category = Some(value),
                "level" => {
                    let level =
                        Level::parse(&value.to_ascii_lowercase()).or_else(|| level_named(&value));
                    if level.is_none() {
                        warnings.push(PackError {
                            file: file.into(),
                            line: line_no,
                            field: Some("level".into()),
                            message: format!(
                                "level {value:?} is neither \"mle\" nor \"senior\"; questions start at mle"
                            ),
                        });
                    }
                    front.level = level;
                }
                _ => {}
            }
        }
        front
    }
}

/// A YAML scalar's text: quotes removed, or for a plain value, a trailing ` # comment` removed.
fn unquote(value: &str) -> String {
    let quoted = |q: char| {
        value
            .strip_prefix(q)
            .and_then(|v| v.strip_suffix(q))
            .filter(|_| value.len() >= 2)
    };
    if let Some(inner) = quoted('"') {
        inner.replace("\\\"", "\"")
    } else if let Some(inner) = quoted('\'') {
        inner.replace("''", "'")
    } else {
        value.split(" #").next().unwrap_or("").trim().to_string()
    }
}

/// Maps byte offsets to 1-based line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// The walk through the note's Markdown events.
struct Note<'a> {
    file: &'a str,
    lines: &'a Lines,
    category: String,
    level: Level,
    /// The first level-1 heading's text.
    title: Option<String>,
    /// Block quotes open outside any list item: lists inside them are not questions.
    quote_depth: usize,
    /// List items open inside such a block quote.
    ignored_items: usize,
    /// A heading or paragraph outside lists, being read.
    block: Option<(Option<HeadingLevel>, Prose)>,
    /// The top-level list item being read and every item nested in it, in order.
    entries: Vec<Entry>,
    /// Indices into `entries` of the items open, innermost last.
    open: Vec<usize>,
    questions: Vec<Question>,
    /// Where the top-level item that gave the last question ends.
    last_item_end: usize,
    warnings: Vec<PackError>,
}

/// One list item: its own text, without its sub-lists.
struct Entry {
    depth: usize,
    line: usize,
    prose: Prose,
    /// Open `**` spans, and whether any text was seen inside and outside them.
    strong: usize,
    bold_text: bool,
    plain_text: bool,
}

impl Note<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some(&at) = self.open.last() {
            self.item_event(at, event, range);
            return;
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1)
            }
            Event::Start(Tag::Item) if self.quote_depth > 0 => self.ignored_items += 1,
            Event::End(TagEnd::Item) => self.ignored_items = self.ignored_items.saturating_sub(1),
            Event::Start(Tag::Item) => {
                self.entries.clear();
                self.entries
                    .push(Entry::new(0, self.lines.line(range.start)));
                self.open.push(0);
            }
            _ if self.ignored_items > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                self.block = Some((Some(level), Prose::default()))
            }
            Event::Start(Tag::Paragraph) => self.block = Some((None, Prose::default())),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => self.end_block(),
            event => {
                if let Some((_, prose)) = &mut self.block {
                    prose.inline(&event);
                }
            }
        }
    }

    /// A heading sets the category, and a heading or paragraph that names a level sets the level.
    fn end_block(&mut self) {
        let Some((heading, prose)) = self.block.take() else {
            return;
        };
        let text = prose.finish();
        if let Some(level) = level_named(&text) {
            self.level = level;
        }
        let Some(heading) = heading else {
            return;
        };
        let label = clean_label(&text);
        if !label.is_empty() {
            self.category = label;
        }
        if heading == HeadingLevel::H1 && self.title.is_none() && !text.is_empty() {
            self.title = Some(text);
        }
    }

    fn item_event(&mut self, at: usize, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Item) => {
                let line = self.lines.line(range.start);
                self.entries.push(Entry::new(self.open.len(), line));
                self.open.push(self.entries.len() - 1);
            }
            Event::End(TagEnd::Item) => {
                self.open.pop();
                if self.open.is_empty() {
                    self.end_top_item(range.end);
                }
            }
            event => {
                let Some(entry) = self.entries.get_mut(at) else {
                    return;
                };
                match &event {
                    Event::Start(Tag::Strong) => entry.strong += 1,
                    Event::End(TagEnd::Strong) => entry.strong = entry.strong.saturating_sub(1),
                    Event::Text(t) | Event::Code(t)
                        if entry.prose.reads_words() && !t.trim().is_empty() =>
                    {
                        if entry.strong > 0 {
                            entry.bold_text = true;
                        } else {
                            entry.plain_text = true;
                        }
                    }
                    _ => {}
                }
                entry.prose.inline(&event);
            }
        }
    }

    /// Turns the finished top-level item into questions: itself, or its children when it is a
    /// sub-heading.
    fn end_top_item(&mut self, end: usize) {
        let entries = std::mem::take(&mut self.entries);
        let mut entries = entries.into_iter().map(|e| {
            let heading_like = e.bold_text && !e.plain_text;
            (e.depth, e.line, e.prose.finish(), heading_like)
        });
        let Some((_, line, text, all_bold)) = entries.next() else {
            return;
        };
        let rest: Vec<(usize, usize, String)> = entries.map(|(d, l, t, _)| (d, l, t)).collect();
        let before = self.questions.len();
        let sub_heading = !rest.is_empty()
            && !text.is_empty()
            && !text.contains(['?', '？'])
            && (text.ends_with([':', '：']) || all_bold);
        if sub_heading {
            let label = clean_label(&text);
            let category = if label.is_empty() {
                self.category.clone()
            } else {
                label
            };
            let mut start = 0;
            while start < rest.len() {
                let stop = rest[start + 1..]
                    .iter()
                    .position(|(depth, ..)| *depth <= 1)
                    .map_or(rest.len(), |p| start + 1 + p);
                let (_, line, text) = &rest[start];
                self.add_question(&category, *line, text, &rest[start + 1..stop]);
                start = stop;
            }
        } else {
            let category = self.category.clone();
            self.add_question(&category, line, &text, &rest);
        }
        if self.questions.len() > before {
            self.last_item_end = end;
        }
    }

    fn add_question(
        &mut self,
        category: &str,
        line: usize,
        prompt: &str,
        below: &[(usize, usize, String)],
    ) {
        if prompt.is_empty() {
            let message = match below.len() {
                0 => "empty list item skipped".to_string(),
                1 => "empty list item skipped, with the item nested under it".to_string(),
                n => format!("empty list item skipped, with the {n} items nested under it"),
            };
            self.warn(line, &message);
            return;
        }
        let mut key_points = Vec::new();
        for (_, line, text) in below {
            if text.is_empty() {
                self.warn(*line, "empty list item skipped");
            } else {
                key_points.push(text.clone());
            }
        }
        let kind = infer_kind(category);
        self.questions.push(Question {
            id: String::new(),
            level: self.level,
            category: category.into(),
            kind,
            difficulty: Difficulty::Medium,
            minutes: default_minutes(kind),
            prompt: prompt.into(),
            seed: false,
            guide: Guide {
                key_points,
                ..Guide::default()
            },
            line,
        });
    }

    /// A note that stops mid-sentence inside its last question was probably saved or copied
    /// before it was complete.
    fn cut_off_check(&mut self, text: &str) {
        if text.ends_with('\n') || self.last_item_end < text.trim_end().len() {
            return;
        }
        let Some(q) = self.questions.last() else {
            return;
        };
        let last = q.guide.key_points.last().unwrap_or(&q.prompt);
        let complete = last.ends_with([
            '.', '?', '!', ')', '"', '\'', '`', '’', '”', '…', '。', '？', '！',
        ]);
        if !complete {
            let line = q.line;
            self.warn(
                line,
                "the last question looks cut off (the file may be incomplete)",
            );
        }
    }

    fn warn(&mut self, line: usize, message: &str) {
        self.warnings.push(PackError {
            file: self.file.into(),
            line,
            field: None,
            message: message.into(),
        });
    }
}

impl Entry {
    fn new(depth: usize, line: usize) -> Self {
        Entry {
            depth,
            line,
            prose: Prose::default(),
            strong: 0,
            bold_text: false,
            plain_text: false,
        }
    }
}

/// The text of a heading, paragraph or list item as plain text: formatting removed, code spans kept
/// in backticks, code blocks kept fenced, Obsidian `#tags` and images dropped.
#[derive(Default)]
struct Prose {
    /// Finished parts: prose with its whitespace collapsed, and code blocks.
    done: String,
    /// Prose since the last code block, whitespace not yet collapsed.
    words: String,
    /// A code block being read: its language and its text.
    code: Option<(String, String)>,
    /// Open images, whose alt text is not kept.
    images: usize,
}

impl Prose {
    /// Whether text now goes into the prose (not a code block, not an image).
    fn reads_words(&self) -> bool {
        self.code.is_none() && self.images == 0
    }

    fn inline(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) => {
                if let Some((_, body)) = &mut self.code {
                    body.push_str(t);
                } else if self.images == 0 {
                    push_without_tags(&mut self.words, t);
                }
            }
            Event::Code(t) if self.images == 0 => {
                // As Markdown writes it: more backticks around than in a row inside.
                let ticks = "`".repeat(longest_backtick_run(t) + 1);
                let pad = if t.contains('`') { " " } else { "" };
                for part in [&ticks, pad, t, pad, &ticks] {
                    self.words.push_str(part);
                }
            }
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                self.code = Some((lang.replace('`', ""), String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, body)) = self.code.take() {
                    self.push_code_block(&lang, &body);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::List(_),
            ) => self.words.push(' '),
            _ => {}
        }
    }

    fn push_code_block(&mut self, lang: &str, body: &str) {
        let body = body.trim_end();
        if body.trim().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
        if !self.done.is_empty() {
            self.done.push_str("\n\n");
        }
        for part in [&fence, lang, "\n", body, "\n", &fence] {
            self.done.push_str(part);
        }
    }

    fn flush(&mut self) {
        let words = collapse(&self.words);
        self.words.clear();
        if !words.is_empty() {
            if !self.done.is_empty() {
                self.done.push_str("\n\n");
            }
            self.done.push_str(&words);
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.done
    }
}

/// Appends `text`, leaving out Obsidian tags: `#` at the start of a word, followed by letters,
/// digits, `_`, `-` or `/`, not all digits (so `#1` and `C#` stay).
fn push_without_tags(out: &mut String, text: &str) {
    let mut word_start = out.chars().next_back().is_none_or(char::is_whitespace);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == '#' && word_start {
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || "_-/".contains(c)))
                .unwrap_or(rest.len());
            let tag = &rest[..len];
            let is_tag = tag.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                && tag.chars().any(|c| !c.is_ascii_digit());
            if is_tag {
                rest = &rest[len..];
                word_start = false;
                continue;
            }
        }
        out.push(c);
        word_start = c.is_whitespace();
    }
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading's or sub-heading item's text as a category: emoji and other symbols, a leading
/// enumeration ("1.", "IV)", "Q1:", "Part 3 -") and a trailing ':' removed.
fn clean_label(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut kept = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        // A keycap emoji such as 1️⃣ is a digit, an optional U+FE0F and U+20E3.
        let keycap = match chars.get(i + 1) {
            Some('\u{20E3}') => true,
            Some('\u{FE0F}') => chars.get(i + 2) == Some(&'\u{20E3}'),
            _ => false,
        };
        if !(keycap || is_symbol(c) || c == '`') {
            kept.push(c);
        }
    }
    let kept = collapse(&kept);
    let label = strip_enumeration(&kept).trim_end();
    let label = label.strip_suffix([':', '：']).unwrap_or(label);
    collapse(label)
}

/// Emoji, pictographs, arrows, dingbats and the joiners and selectors between them.
fn is_symbol(c: char) -> bool {
    matches!(
        u32::from(c),
        0x200D
            | 0x20E3
            | 0x2190..=0x21FF
            | 0x2300..=0x23FF
            | 0x2460..=0x27BF
            | 0x2900..=0x297F
            | 0x2B00..=0x2BFF
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
            | 0xFE00..=0xFE0F
            | 0x1F000..=0x1FBFF
            | 0xE0000..=0xE007F
    )
}

/// `text` without a leading enumeration: a number (`1`, `1.2`, or roman `IV`), optionally after
/// "Part", "Section", "Chapter", "Step", "Round", "Question" or "Q", followed by `.`, `)`, `:` or
/// a dash and a space. Left as it is when nothing would remain.
fn strip_enumeration(text: &str) -> &str {
    const WORDS: [&str; 7] = [
        "part", "section", "chapter", "step", "round", "question", "q",
    ];
    let prefixed = WORDS.iter().find_map(|w| {
        let head = text.get(..w.len())?;
        head.eq_ignore_ascii_case(w)
            .then(|| after_number(text[w.len()..].trim_start()))
            .flatten()
    });
    match prefixed.or_else(|| after_number(text)) {
        Some(rest) if !rest.trim().is_empty() => rest.trim_start(),
        _ => text,
    }
}

/// What follows a number and its separator at the start of `text`, if it starts so.
fn after_number(text: &str) -> Option<&str> {
    let digits_len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, rest) = if text.starts_with(|c: char| c.is_ascii_digit()) {
        let number = text[..digits_len].trim_end_matches('.');
        (number, &text[number.len()..])
    } else {
        let len = text
            .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | 'i' | 'v' | 'x'))
            .unwrap_or(text.len());
        let roman = &text[..len];
        let one_case = roman.chars().all(|c| c.is_ascii_uppercase())
            || roman.chars().all(|c| c.is_ascii_lowercase());
        if len == 0 || !one_case {
            return None;
        }
        (roman, &text[len..])
    };
    let dotted = number.contains('.');
    let spaced = rest.trim_start();
    let after_sep = spaced
        .strip_prefix(['.', ')', ':', '-', '–', '—'])
        .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace));
    match after_sep {
        Some(r) => Some(r),
        None if dotted && rest.starts_with(char::is_whitespace) => Some(rest),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(text: &str) -> Vec<(Level, String, String)> {
        read("n.md", text)
            .unwrap()
            .questions
            .into_iter()
            .map(|q| (q.level, q.category, q.prompt))
            .collect()
    }

    #[test]
    fn labels_lose_enumerations_symbols_and_colons() {
        for (heading, label) in [
            (
                "1. Machine Learning Fundamentals",
                "Machine Learning Fundamentals",
            ),
            ("🧠 2) Deep   learning:", "Deep learning"),
            ("1️⃣ Basics", "Basics"),
            ("IV. Systems", "Systems"),
            ("iv - Systems", "Systems"),
            ("Q1: Warm-up", "Warm-up"),
            ("Part 3: Coding ✅", "Coding"),
            ("1.2 Metrics", "Metrics"),
            ("2 - Data", "Data"),
            ("V-Net models", "V-Net models"),
            ("ML: basics", "ML: basics"),
            ("3D vision", "3D vision"),
            ("2024", "2024"),
            (
                "Algorithms & Model Evaluation",
                "Algorithms & Model Evaluation",
            ),
            ("`torch` tips", "torch tips"),
            ("🌱", ""),
        ] {
            assert_eq!(clean_label(heading), label, "{heading}");
        }
    }

    #[test]
    fn tags_are_dropped_but_not_sharps() {
        let mut out = String::new();
        push_without_tags(
            &mut out,
            "#ml What is C#? Item #1, #deep-learning/nlp done #",
        );
        assert_eq!(out, " What is C#? Item #1,  done #");
    }

    #[test]
    fn front_matter_is_read_and_only_at_the_top() {
        let text = "---\ntitle: \"My: notes\"\nlicence: CC-BY-4.0 # ok\nlevel: senior\ntags:\n  - x\ndescription: >\n  two\n  lines\n---\n- Q1?\n\n---\n### Section\n- Q2?\n---\n";
        let d = read("n.md", text).unwrap();
        assert_eq!(d.title.as_deref(), Some("My: notes"));
        assert_eq!(d.license.as_deref(), Some("CC-BY-4.0"));
        assert_eq!(d.description, "two lines");
        let got: Vec<_> = d
            .questions
            .iter()
            .map(|q| (q.level, q.category.as_str(), q.line))
            .collect();
        assert_eq!(
            got,
            [
                (Level::Senior, "General", 11),
                (Level::Senior, "Section", 15)
            ]
        );
    }

    #[test]
    fn an_unknown_front_matter_level_is_a_warning() {
        let d = read("n.md", "---\nlevel: junior\n---\n- Q?\n").unwrap();
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(
            (d.warnings[0].line, d.warnings[0].field.as_deref()),
            (2, Some("level"))
        );
        assert_eq!(d.questions[0].level, Level::Mle);
    }

    #[test]
    fn an_unclosed_front_matter_is_markdown() {
        assert_eq!(
            questions("---\n- Q?\n"),
            [(Level::Mle, "General".into(), "Q?".into())]
        );
    }

    #[test]
    fn lists_in_block_quotes_are_not_questions() {
        assert_eq!(
            questions("> - quoted?\n>   - nested\n\n> for a Senior ML Engineer\n\n- Q?\n"),
            [(Level::Senior, "General".into(), "Q?".into())]
        );
    }

    #[test]
    fn code_spans_and_blocks_are_kept() {
        let q =
            questions("- What does `a`` b` do?\n\n  ````py\n  x = '```'\n  ````\n\n  And then?\n");
        assert_eq!(
            q[0].2,
            "What does ``` a`` b ``` do?\n\n````py\nx = '```'\n````\n\nAnd then?"
        );
    }

    #[test]
    fn only_a_note_that_stops_inside_its_last_question_is_cut_off() {
        let warned = |text: &str| {
            let d = read("n.md", text).unwrap();
            d.warnings.iter().map(|w| w.line).collect::<Vec<_>>()
        };
        assert_eq!(warned("- First?\n- Implement an LRU ca"), [2]);
        assert_eq!(warned("- First?\n  - a key point that sto"), [1]);
        assert_eq!(warned("- Implement an LRU cache\n"), [] as [usize; 0]);
        assert_eq!(warned("- Implement an LRU cache.  "), [] as [usize; 0]);
        assert_eq!(
            warned("- Implement an LRU cache\n\nSome closing pro"),
            [] as [usize; 0]
        );
        assert_eq!(warned("- What’s “it”"), [] as [usize; 0]);
    }

    #[test]
    fn sub_headings_need_children_and_no_question_mark() {
        let q = questions(
            "- **Alone**\n- **Is this a group?**\n  - no, a key point\n- *Emphasis*\n  - a key point\n- Topics:\n  - First?\n    - its key point\n  -\n  - Second?\n",
        );
        let g = "General".to_string();
        assert_eq!(
            q,
            [
                (Level::Mle, g.clone(), "Alone".to_string()),
                (Level::Mle, g.clone(), "Is this a group?".into()),
                (Level::Mle, g, "Emphasis".into()),
                (Level::Mle, "Topics".into(), "First?".into()),
                (Level::Mle, "Topics".into(), "Second?".into()),
            ]
        );
        let d = read(
            "n.md",
            "- Topics:\n  - First?\n    - its key point\n  -\n  - Second?\n",
        )
        .unwrap();
        assert_eq!(d.questions[0].guide.key_points, ["its key point"]);
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, 4);
        let d = read("n.md", "- Q?\n- [ ]\n  - lost\n").unwrap();
        assert_eq!(d.questions.len(), 1);
        let w: Vec<_> = d
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            w,
            [(2, "empty list item skipped, with the item nested under it")]
        );
    }

    #[test]
    fn paragraphs_and_headings_set_the_level_from_there_on() {
        let q = questions("- A?\n\nNow for a Senior ML Engineer role.\n\n- B?\n  - an ML engineer would say\n\n## MLE round\n- C?\n");
        let levels: Vec<Level> = q.iter().map(|q| q.0).collect();
        assert_eq!(levels, [Level::Mle, Level::Senior, Level::Mle]);
        assert_eq!(q[2].1, "MLE round");
    }
}
