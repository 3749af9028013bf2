//! Reading a Markdown note (an Obsidian note, a saved chat) as questions: list items and headings
//! that ask give questions, the text under them key points, and other headings categories.

use super::{default_minutes, infer_kind, level_named, Draft};
use crate::domain::pack::{Difficulty, Guide, Level, LineIndex, PackError, Question};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The category of questions above every heading, when the front matter names none.
const DEFAULT_CATEGORY: &str = "General";

/// Reads a note. Never fails: what cannot be read is skipped with a warning, and a note without
/// list items or question headings gives no questions (the caller reports that).
///
/// - A top-level list item is a question. Its first paragraph is the prompt, and so are the code
///   blocks before the item's second paragraph (coding questions show their code). Each later
///   paragraph or code block of the item is a key point, in order, before the key points of the
///   items nested under it (each nested item is one key point, its paragraphs run together). A
///   table counts as a paragraph, and so does each paragraph of a block quote. A first line that
///   is all bold (`1. **What is bias?**`) ends the first paragraph even without a blank line.
/// - A top-level item with nested items, no `?` and no paragraph after its first, which ends with
///   `:` or is all bold, is a sub-heading: a category for the items under it, which are questions
///   read the same way.
/// - A heading whose text, cleaned as a category, ends with `?`, or that is numbered as a question
///   (`Q1:`, `Q 2.`, `Question 3 -`) and does not end with `:`, is a question, on the heading's
///   line, without the emoji and enumeration before it. What is under it, up to a heading of the
///   same or a higher level or another question heading, answers it: each paragraph (a block
///   quote's too), lower heading, code block and list item (nested or not) is a key point, except
///   that code blocks before all of them are part of the prompt. Lists in block quotes and tables
///   stay ignored. Its category is the current one, which question headings never change.
/// - Any other heading sets the category (when outside a question's section), and every heading
///   or paragraph outside lists that names a level sets the level from there on.
pub fn read(file: &str, text: &str) -> Result<Draft, Vec<PackError>> {
    let (repaired, count) = super::text::repair_mojibake(text);
    let lines = LineIndex::new(&repaired);
    let mut warnings = Vec::new();
    if count > 0 {
        // The texts are the same up to the first repair, and repairs never touch line breaks, so
        // lines are those of the original.
        let at = text
            .bytes()
            .zip(repaired.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let message = format!(
            "repaired {count} garbled character{} (text once read in the wrong encoding)",
            if count == 1 { "" } else { "s" }
        );
        warnings.push(PackError::at(file, lines.line(at), message));
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
        asked: None,
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
    note.finish_asked();
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
                        let message = format!(
                            "level {value:?} is neither \"mle\" nor \"senior\"; questions start at mle"
                        );
                        warnings.push(PackError::at(file, line_no, message).in_field("level"));
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

/// The walk through the note's Markdown events.
struct Note<'a> {
    file: &'a str,
    lines: &'a LineIndex,
    category: String,
    level: Level,
    /// The first level-1 heading's text, unless that heading asks a question.
    title: Option<String>,
    /// Block quotes open outside any list item: lists inside them are not questions.
    quote_depth: usize,
    /// List items open inside such a block quote.
    ignored_items: usize,
    /// A heading or paragraph outside lists being read, or a code block under a question heading,
    /// with the line it starts on.
    block: Option<(Outside, usize, Prose)>,
    /// The question a heading asks, while the section under it is read.
    asked: Option<Asked>,
    /// The top-level list item being read and every item nested in it, in order.
    entries: Vec<Entry>,
    /// Indices into `entries` of the items open, innermost last.
    open: Vec<usize>,
    questions: Vec<Question>,
    /// Where the list item or heading section that gave the last question ends.
    last_item_end: usize,
    warnings: Vec<PackError>,
}

/// What a block outside lists is.
#[derive(Clone, Copy)]
enum Outside {
    Heading(HeadingLevel),
    Paragraph,
    Code,
}

/// A heading that asks a question, and its answer as read so far.
struct Asked {
    heading: HeadingLevel,
    line: usize,
    level: Level,
    category: String,
    prompt: String,
    key_points: Vec<String>,
    /// Where the last part of the section read ends.
    end: usize,
}

/// One list item being read: its own text block by block, without its sub-lists.
struct Entry {
    depth: usize,
    line: usize,
    blocks: Vec<Block>,
    /// Whether the last block still takes text. Text after a block has closed (in a tight item,
    /// a paragraph has no tags of its own) starts a new one.
    open: bool,
    /// Index of the first text block with words: the item's first paragraph.
    first: Option<usize>,
}

/// A paragraph (or table, or heading) or a code block of a list item.
struct Block {
    code: bool,
    prose: Prose,
    /// Open `**` spans, and whether any text was seen inside and outside them.
    strong: usize,
    bold_text: bool,
    plain_text: bool,
}

/// A finished list item: its blocks' text, empty ones left out.
struct Item {
    depth: usize,
    line: usize,
    parts: Vec<Part>,
}

struct Part {
    code: bool,
    text: String,
    /// A paragraph whose text is all bold.
    bold: bool,
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
                self.start_block(Outside::Heading(level), range)
            }
            Event::Start(Tag::Paragraph) => self.start_block(Outside::Paragraph, range),
            Event::Start(Tag::CodeBlock(_)) if self.asked.is_some() => {
                self.start_block(Outside::Code, range);
                self.inline(&event);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock) => {
                self.inline(&event);
                self.end_block(range.end);
            }
            event => self.inline(&event),
        }
    }

    fn start_block(&mut self, kind: Outside, range: Range<usize>) {
        let line = self.lines.line(range.start);
        self.block = Some((kind, line, Prose::default()));
    }

    fn inline(&mut self, event: &Event<'_>) {
        if let Some((_, _, prose)) = &mut self.block {
            prose.inline(event);
        }
    }

    /// A heading that asks a question opens a section whose paragraphs, code blocks and list
    /// items answer it; any other heading sets the category, unless it is inside such a section.
    /// A heading or paragraph that names a level sets the level.
    fn end_block(&mut self, end: usize) {
        let Some((kind, line, prose)) = self.block.take() else {
            return;
        };
        let text = prose.finish();
        // An answer that mentions a role ("as a senior ML engineer, I...") is not a new section
        // of the note: only prose outside a question's answer, and headings that are not part of
        // one, switch the level.
        let answering = match kind {
            Outside::Code => true,
            Outside::Paragraph => self.asked.is_some(),
            Outside::Heading(h) => self
                .asked
                .as_ref()
                .is_some_and(|a| h > a.heading && heading_question(&text).is_none()),
        };
        if !answering {
            if let Some(level) = level_named(&text) {
                self.level = level;
            }
        }
        let heading = match kind {
            Outside::Heading(heading) => heading,
            Outside::Code | Outside::Paragraph => {
                if let Some(asked) = &mut self.asked {
                    asked.answer(matches!(kind, Outside::Code), text, end);
                }
                return;
            }
        };
        let prompt = heading_question(&text);
        if self
            .asked
            .as_ref()
            .is_some_and(|a| prompt.is_some() || heading <= a.heading)
        {
            self.finish_asked();
        }
        if let Some(prompt) = prompt {
            self.asked = Some(Asked {
                heading,
                line,
                level: self.level,
                category: self.category.clone(),
                prompt,
                key_points: Vec::new(),
                end,
            });
            return;
        }
        if let Some(asked) = &mut self.asked {
            // A lower heading inside the section ("### Answer") is part of the answer.
            asked.answer(false, text, end);
            return;
        }
        let label = clean_label(&text);
        if !label.is_empty() {
            self.category = label;
        }
        if heading == HeadingLevel::H1 && self.title.is_none() && !text.is_empty() {
            self.title = Some(text);
        }
    }

    fn finish_asked(&mut self) {
        let Some(a) = self.asked.take() else {
            return;
        };
        self.push_question(&a.category, a.level, a.line, a.prompt, a.key_points);
        self.last_item_end = a.end;
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
                if let Some(entry) = self.entries.get_mut(at) {
                    entry.read(&event);
                }
            }
        }
    }

    /// Turns the finished top-level item into questions: itself, or its children when it is a
    /// sub-heading; or, under a question heading, into key points of that question.
    fn end_top_item(&mut self, end: usize) {
        let mut items = std::mem::take(&mut self.entries)
            .into_iter()
            .map(Entry::finish);
        let Some(top) = items.next() else {
            return;
        };
        let rest: Vec<Item> = items.collect();
        if self.asked.is_some() {
            let points = self.key_points(std::iter::once(&top).chain(&rest));
            if let Some(asked) = &mut self.asked {
                asked.key_points.extend(points);
                asked.end = end;
            }
            return;
        }
        let before = self.questions.len();
        let (prompt, answer) = top.question();
        let sub_heading = !rest.is_empty()
            && answer.is_empty()
            && !prompt.is_empty()
            && !prompt.contains(['?', '？'])
            && (prompt.ends_with([':', '：']) || top.all_bold());
        if sub_heading {
            let label = clean_label(&prompt);
            let category = if label.is_empty() {
                self.category.clone()
            } else {
                label
            };
            let mut start = 0;
            while start < rest.len() {
                let stop = rest[start + 1..]
                    .iter()
                    .position(|item| item.depth <= 1)
                    .map_or(rest.len(), |p| start + 1 + p);
                let item = &rest[start];
                let (prompt, answer) = item.question();
                self.add_question(&category, item.line, prompt, answer, &rest[start + 1..stop]);
                start = stop;
            }
        } else {
            let category = self.category.clone();
            self.add_question(&category, top.line, prompt, answer, &rest);
        }
        if self.questions.len() > before {
            self.last_item_end = end;
        }
    }

    fn add_question(
        &mut self,
        category: &str,
        line: usize,
        prompt: String,
        answer: Vec<String>,
        below: &[Item],
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
        let mut key_points = answer;
        key_points.extend(self.key_points(below));
        self.push_question(category, self.level, line, prompt, key_points);
    }

    /// The items' text as key points, each empty one skipped with a warning.
    fn key_points<'i>(&mut self, items: impl IntoIterator<Item = &'i Item>) -> Vec<String> {
        let mut key_points = Vec::new();
        for item in items {
            let text = item.key_point();
            if text.is_empty() {
                self.warn(item.line, "empty list item skipped");
            } else {
                key_points.push(text);
            }
        }
        key_points
    }

    fn push_question(
        &mut self,
        category: &str,
        level: Level,
        line: usize,
        prompt: String,
        key_points: Vec<String>,
    ) {
        let kind = infer_kind(category);
        self.questions.push(Question {
            id: String::new(),
            level,
            category: category.into(),
            kind,
            difficulty: Difficulty::Medium,
            minutes: default_minutes(kind),
            prompt,
            seed: false,
            guide: Guide {
                key_points,
                ..Guide::default()
            },
            drill: None,
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
        self.warnings.push(PackError::at(self.file, line, message));
    }
}

impl Asked {
    /// A paragraph, lower heading or code block of the section. Code before any answer is part of
    /// the question, as in a list item.
    fn answer(&mut self, code: bool, text: String, end: usize) {
        if text.is_empty() {
            return;
        }
        if code && self.key_points.is_empty() {
            self.prompt.push_str("\n\n");
            self.prompt.push_str(&text);
        } else {
            self.key_points.push(text);
        }
        self.end = end;
    }
}

impl Entry {
    fn new(depth: usize, line: usize) -> Self {
        Entry {
            depth,
            line,
            blocks: Vec::new(),
            open: false,
            first: None,
        }
    }

    fn start(&mut self, code: bool) {
        self.blocks.push(Block {
            code,
            prose: Prose::default(),
            strong: 0,
            bold_text: false,
            plain_text: false,
        });
        self.open = true;
    }

    fn read(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_) | Tag::HtmlBlock) => {
                self.start(false)
            }
            Event::Start(Tag::CodeBlock(_)) => self.start(true),
            Event::Start(Tag::BlockQuote(_) | Tag::List(_))
            | Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_))
            | Event::Rule => {
                self.open = false;
                return;
            }
            Event::TaskListMarker(_) => return,
            _ if !self.open => self.start(false),
            _ => {}
        }
        let Some(at) = self.blocks.len().checked_sub(1) else {
            return;
        };
        let block = &mut self.blocks[at];
        match event {
            Event::Start(Tag::Strong) => block.strong += 1,
            Event::End(TagEnd::Strong) => block.strong = block.strong.saturating_sub(1),
            Event::Text(t) | Event::Code(t)
                if !block.code && block.prose.reads_words() && !t.trim().is_empty() =>
            {
                if block.strong > 0 {
                    block.bold_text = true;
                } else {
                    block.plain_text = true;
                }
                self.first.get_or_insert(at);
            }
            // `**What is bias?**` alone on the item's first line: the lines after it answer it.
            Event::SoftBreak | Event::HardBreak
                if self.first == Some(at)
                    && block.strong == 0
                    && block.bold_text
                    && !block.plain_text =>
            {
                self.open = false;
                return;
            }
            _ => {}
        }
        block.prose.inline(event);
        if matches!(
            event,
            Event::End(
                TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Table
                    | TagEnd::HtmlBlock
                    | TagEnd::CodeBlock
            )
        ) {
            self.open = false;
        }
    }

    fn finish(self) -> Item {
        let parts = self
            .blocks
            .into_iter()
            .filter_map(|b| {
                let bold = b.bold_text && !b.plain_text;
                let text = b.prose.finish();
                (!text.is_empty()).then_some(Part {
                    code: b.code,
                    text,
                    bold,
                })
            })
            .collect();
        Item {
            depth: self.depth,
            line: self.line,
            parts,
        }
    }
}

impl Item {
    /// As a question: its first paragraph, with the code blocks before and right after it, is
    /// the prompt; each later paragraph or code block is a key point.
    fn question(&self) -> (String, Vec<String>) {
        let len = match self.parts.iter().position(|p| !p.code) {
            Some(i) => i + 1 + self.parts[i + 1..].iter().take_while(|p| p.code).count(),
            None => self.parts.len(),
        };
        let (prompt, answer) = self.parts.split_at(len);
        let prompt: Vec<&str> = prompt.iter().map(|p| p.text.as_str()).collect();
        let answer = answer.iter().map(|p| p.text.clone()).collect();
        (prompt.join("\n\n"), answer)
    }

    /// As a key point: its paragraphs run together, code blocks set apart.
    fn key_point(&self) -> String {
        let mut out = String::new();
        let mut after_code = false;
        for part in &self.parts {
            if !out.is_empty() {
                out.push_str(if part.code || after_code { "\n\n" } else { " " });
            }
            out.push_str(&part.text);
            after_code = part.code;
        }
        out
    }

    /// Whether its first paragraph is all bold, as a sub-heading such as `- **Leadership**` is.
    fn all_bold(&self) -> bool {
        self.parts.iter().find(|p| !p.code).is_some_and(|p| p.bold)
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
    let kept = without_symbols(text);
    let label = strip_enumeration(&kept).trim_end();
    let label = label.strip_suffix([':', '：']).unwrap_or(label);
    collapse(label)
}

/// The question a heading asks, if it asks one: when its text as a label ends with `?`, or it is
/// numbered as a question ("Q1:", "Q 2.", "Question 3 -") and does not end with `:` (so "Q2:
/// Metrics:" stays a category). The question is the heading's text without the symbols before it
/// and without a leading enumeration.
fn heading_question(text: &str) -> Option<String> {
    let plain = without_symbols(text);
    let numbered = ["question", "q"].iter().any(|word| {
        plain
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && Some(plain[word.len()..].trim_start())
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                .and_then(after_number)
                .is_some_and(|rest| !rest.trim().is_empty())
    });
    let asks = clean_label(text).ends_with(['?', '？']);
    if !(asks || numbered && !plain.ends_with([':', '：'])) {
        return None;
    }
    let prompt = strip_enumeration(without_leading_symbols(text)).trim();
    (!prompt.is_empty()).then(|| prompt.to_string())
}

/// `text` without emoji and other symbols, keycaps (1️⃣) or backticks, its whitespace collapsed.
fn without_symbols(text: &str) -> String {
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
    collapse(&kept)
}

/// `text` from its first character that is not whitespace, a symbol or a keycap.
fn without_leading_symbols(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            return rest;
        };
        let after = chars.as_str();
        let keycap = after
            .strip_prefix('\u{FE0F}')
            .unwrap_or(after)
            .strip_prefix('\u{20E3}');
        rest = match keycap {
            Some(after_keycap) => after_keycap,
            None if is_symbol(c) => after,
            None => return rest,
        }
        .trim_start();
    }
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

    /// `(line, message)` of each warning.
    fn warnings(d: &Draft) -> Vec<(usize, &str)> {
        d.warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
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

    /// (prompt, key points) of every question.
    fn answered(text: &str) -> Vec<(String, Vec<String>)> {
        read("n.md", text)
            .unwrap()
            .questions
            .into_iter()
            .map(|q| (q.prompt, q.guide.key_points))
            .collect()
    }

    fn qa(prompt: &str, key_points: &[&str]) -> (String, Vec<String>) {
        let key_points = key_points.iter().map(|k| k.to_string()).collect();
        (prompt.to_string(), key_points)
    }

    #[test]
    fn code_spans_and_blocks_are_kept() {
        // The paragraph after the code block answers the question.
        assert_eq!(
            answered("- What does `a`` b` do?\n\n  ````py\n  x = '```'\n  ````\n\n  And then?\n"),
            [qa(
                "What does ``` a`` b ``` do?\n\n````py\nx = '```'\n````",
                &["And then?"]
            )]
        );
    }

    #[test]
    fn an_items_first_paragraph_asks_and_the_rest_answers() {
        assert_eq!(
            answered(
                "- Q1?\n  ```\n  before\n  ```\n  A tight answer.\n  - nested\n\n  After the list.\n\n\
                 - ```sh\n  ls\n  ```\n\n  What does it list?\n\n  | a | b |\n  |---|---|\n  | c | d |\n\n  ---\n  Last.\n"
            ),
            [
                qa(
                    "Q1?\n\n```\nbefore\n```",
                    &["A tight answer.", "After the list.", "nested"]
                ),
                qa(
                    "```sh\nls\n```\n\nWhat does it list?",
                    &["a b c d", "Last."]
                ),
            ]
        );
    }

    #[test]
    fn only_an_all_bold_first_line_is_answered_on_the_next_line() {
        assert_eq!(
            answered(
                "- **Explain dropout.**  \n  It zeroes activations,\n  at random.\n\
                 - **Note**: a question\n  wrapped?\n- What is\n  **bias**?\n  - a point\n\
                 - **Topics:**\n  - **First?**\n    Its answer.\n    - its point\n"
            ),
            [
                qa("Explain dropout.", &["It zeroes activations, at random."]),
                qa("Note: a question wrapped?", &[]),
                qa("What is bias?", &["a point"]),
                qa("First?", &["Its answer.", "its point"]),
            ]
        );
        // Nested items stay one key point each, their paragraphs run together.
        assert_eq!(
            answered("- Q?\n  - **Bold**\n    then text\n\n    and more.\n"),
            [qa("Q?", &["Bold then text and more."])]
        );
    }

    #[test]
    fn a_bold_item_with_an_answer_is_a_question_not_a_sub_heading() {
        let q = questions("- **Explain dropout.**\n\n  It zeroes activations.\n\n  - a point\n");
        assert_eq!(
            q,
            [(Level::Mle, "General".into(), "Explain dropout.".into())]
        );
    }

    #[test]
    fn headings_ask_when_they_end_with_a_question_mark_or_are_numbered_as_questions() {
        for (heading, question) in [
            ("Q1: What is overfitting?", Some("What is overfitting?")),
            ("Q 2. Explain dropout.", Some("Explain dropout.")),
            ("question 3 - Explain dropout", Some("Explain dropout")),
            ("Q4) Name a loss", Some("Name a loss")),
            ("🧠 1. What does `x` do?", Some("What does `x` do?")),
            ("1️⃣ Why Rust? 🦀", Some("Why Rust? 🦀")),
            ("What is bias?:", Some("What is bias?:")),
            ("Q2: Evaluation metrics:", None),
            ("Q1:", None),
            ("Q1 What is it", None),
            ("Quick tips", None),
            ("Q&A", None),
            ("Qi: roman is not a number", None),
            ("1. Machine Learning Fundamentals", None),
            ("ChatGPT said:", None),
        ] {
            assert_eq!(heading_question(heading).as_deref(), question, "{heading}");
        }
    }

    #[test]
    fn a_question_headings_section_answers_it_up_to_a_heading_as_high() {
        let text = "# Q1: Is this the title?\n\n## Part one\n\nSome answer.\n\
                    - a point\n\n## Q2: Next?\n### Why?\nBecause.\n\n> quoted answer\n>\n> - quoted list\n\n\
                    #### Details\n| a | b |\n|---|---|\n\n## Systems\n- Asked as an item?\n";
        let d = read("n.md", text).unwrap();
        let got: Vec<_> = d
            .questions
            .iter()
            .map(|q| {
                (
                    q.category.as_str(),
                    q.line,
                    q.prompt.as_str(),
                    q.guide.key_points.clone(),
                )
            })
            .collect();
        let kp = |k: &[&str]| k.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            [
                (
                    "General",
                    1,
                    "Is this the title?",
                    kp(&["Part one", "Some answer.", "a point"])
                ),
                ("General", 8, "Next?", kp(&[])),
                (
                    "General",
                    9,
                    "Why?",
                    kp(&["Because.", "quoted answer", "Details"])
                ),
                ("Systems", 21, "Asked as an item?", kp(&[])),
            ]
        );
        assert_eq!(d.title, None, "a heading that asks is not the title");
    }

    #[test]
    fn a_question_heading_keeps_the_level_it_was_asked_at() {
        // A role named in an answer does not move the questions after it; a heading does.
        let q = questions(
            "## Q1: Tell me about yourself.\nI am a Senior ML Engineer.\n## Q2: Why us?\n\
             # Senior ML Engineer\n## Q3: Design a feed?\n",
        );
        let levels: Vec<Level> = q.iter().map(|q| q.0).collect();
        assert_eq!(levels, [Level::Mle, Level::Mle, Level::Senior]);
    }

    #[test]
    fn a_question_heading_warns_of_empty_items_and_of_being_cut_off() {
        let d = read("n.md", "## Q1: What is X?\n- \n- Something that sto").unwrap();
        assert_eq!(d.questions[0].guide.key_points, ["Something that sto"]);
        assert_eq!(
            warnings(&d),
            [
                (2, "empty list item skipped"),
                (
                    1,
                    "the last question looks cut off (the file may be incomplete)"
                )
            ]
        );
        let d = read("n.md", "## Q1: What is X?\n\nIt is done.").unwrap();
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
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
        assert_eq!(
            warnings(&d),
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
