//! Reading a Markdown note (an Obsidian note, a saved chat, a README) as questions: its front
//! matter and its outline, which [`super::reading`] judges.

use super::reading::{self, Reading, View};
use super::{level_named, Draft};
use crate::domain::pack::{Level, LineIndex, PackError, Question};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The category of questions above every heading, when the front matter names none.
const DEFAULT_CATEGORY: &str = "General";

/// Reads a note as judged from its text. Never fails: what cannot be read is skipped with a
/// warning, and a note that holds no questions gives none (the caller reports that). The note is
/// first outlined here (headings, list items with their nesting, table rows, paragraphs, each with
/// its line and its Markdown); [`reading`] then judges which blocks are questions and what answers
/// them. questions/README.md describes the rules as a user meets them.
pub fn read(file: &str, text: &str) -> Result<Draft, Vec<PackError>> {
    Ok(read_as(file, text, &Reading::default()).0)
}

/// Reads a note as the user's `reading` says (each choice it leaves unset judged from the note),
/// and tells how it was read, for the preview where the user corrects it.
pub fn read_as(file: &str, text: &str, reading: &Reading) -> (Draft, View) {
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
    let outline = outline(text, front.body, &lines);
    let note = reading::Note {
        file,
        text,
        category: front
            .category
            .clone()
            .unwrap_or_else(|| DEFAULT_CATEGORY.into()),
        level: front.level.unwrap_or(Level::Mle),
    };
    let found = reading::detect(&note, &outline, reading);
    warnings.extend(found.warnings);
    if let Some(line) = cut_off(text, found.last_end, &found.questions) {
        warnings.push(PackError::at(
            file,
            line,
            "the last question looks cut off (the file may be incomplete)",
        ));
    }
    let draft = Draft {
        id: front.id,
        title: front.title.or(found.title),
        description: front.description.unwrap_or_default(),
        source: front.source,
        license: front.license,
        questions: found.questions,
        warnings,
    };
    (draft, found.view)
}

/// A note that stops mid-sentence inside its last question was probably saved or copied before it
/// was complete: the line of that question.
fn cut_off(text: &str, last_end: usize, questions: &[Question]) -> Option<usize> {
    if text.ends_with('\n') || last_end < text.trim_end().len() {
        return None;
    }
    let q = questions.last()?;
    let last = q.guide.key_points.last().unwrap_or(&q.prompt);
    let last = if q.guide.key_points.is_empty() && !q.guide.reference_answer.is_empty() {
        &q.guide.reference_answer
    } else {
        last
    };
    let complete = last.ends_with([
        '.', '?', '!', ')', '"', '\'', '`', '’', '”', '…', '。', '？', '！',
    ]);
    (!complete).then_some(q.line)
}

/// The Markdown a note may use. Front matter is read here rather than by pulldown-cmark, which
/// takes any `---` line followed by text and a later `---` as metadata, anywhere in the note, and
/// would swallow the questions between two rules.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
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

/// One block of a note, in document order: what the detector judges. The outline is the same
/// whatever the reading, so a preview can be read again with other choices at once.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub kind: NodeKind,
    pub line: usize,
    /// Where its Markdown is: a heading's or paragraph's own text, an item with everything nested
    /// in it, a table row's line.
    pub range: Range<usize>,
    /// List items: 1 for a top-level item, 2 for one nested in it, and so on; 0 otherwise.
    pub depth: usize,
    /// List items: the list they are in (each list, nested or not, has its own number).
    pub list: usize,
    /// Its text block by block: one part for a heading, paragraph or code block; a list item's own
    /// paragraphs and code blocks, without the items nested in it; a row's cells.
    pub parts: Vec<Part>,
    /// Table rows: which table (an index into [`Outline::tables`]).
    pub table: usize,
    /// Inside a block quote.
    pub quoted: bool,
    /// Inside an HTML `<details>` block: an answer folded away.
    pub folded: bool,
    /// A task list item (`- [ ] …`).
    pub task: bool,
    /// The text of an HTML `<summary>`.
    pub summary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeKind {
    Heading(u8),
    Item,
    Row,
    Paragraph,
    Code,
}

/// A paragraph (or table, or heading) or a code block, as plain text.
#[derive(Debug, Clone, Default)]
pub(super) struct Part {
    pub code: bool,
    pub text: String,
    /// All its words are bold.
    pub bold: bool,
    /// Web addresses it links to: the question's source when it asks.
    pub sources: Vec<String>,
    /// All its words are link text.
    pub link_only: bool,
    /// A link goes to a heading of the note (`#…`), as a table of contents' do.
    pub anchors: bool,
    /// Its lines, when it has more than one (empty otherwise).
    pub lines: Vec<String>,
}

impl Part {
    /// Its text up to its first line break, when it has more lines.
    pub fn first_line(&self) -> Option<&str> {
        self.lines.first().map(String::as_str)
    }
}

impl Node {
    /// The first paragraph's text (a heading's, a row's first cell), or "".
    pub fn text(&self) -> &str {
        self.parts
            .iter()
            .find(|p| !p.code)
            .map_or("", |p| p.text.as_str())
    }

    pub fn first(&self) -> Option<&Part> {
        self.parts.iter().find(|p| !p.code)
    }

    /// As a question: its first paragraph, with the code blocks before and right after it, is
    /// the prompt; each later paragraph or code block is a key point.
    pub fn question(&self) -> (String, Vec<String>) {
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
    pub fn key_point(&self) -> String {
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
    pub fn all_bold(&self) -> bool {
        self.first().is_some_and(|p| p.bold)
    }

    /// Web addresses its text links to, in order.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .flat_map(|p| p.sources.iter().map(String::as_str))
    }
}

/// A note as blocks, with the header of each table.
#[derive(Debug, Default)]
pub(super) struct Outline {
    pub nodes: Vec<Node>,
    pub tables: Vec<Vec<String>>,
}

/// Builds the outline from the note's Markdown events.
struct Builder<'a> {
    lines: &'a LineIndex,
    out: Outline,
    /// List items open, innermost last.
    items: Vec<Entry>,
    /// Lists open, innermost last, and the next list's number.
    lists: Vec<usize>,
    next_list: usize,
    quote_depth: usize,
    /// List items open inside a block quote: quoted lists are never questions.
    quoted_items: usize,
    /// `<details>` blocks open.
    folded: usize,
    /// Footnote definitions open: their text is nobody's question.
    footnotes: usize,
    /// A heading, paragraph or code block outside lists, with where it starts.
    block: Option<(NodeKind, usize, Block)>,
    /// A table row being read: where it starts and its cells so far; and the cell being read.
    row: Option<(usize, Vec<String>)>,
    cell: Option<Prose>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => self.footnotes += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                self.footnotes = self.footnotes.saturating_sub(1);
                return;
            }
            Event::Start(Tag::List(_)) => {
                self.lists.push(self.next_list);
                self.next_list += 1;
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Html(html) | Event::InlineHtml(html) => self.fold(html, range.clone()),
            _ => {}
        }
        if self.footnotes > 0 {
            return;
        }
        if self.quoted_items > 0 {
            match event {
                Event::Start(Tag::Item) => self.quoted_items += 1,
                Event::End(TagEnd::Item) => self.quoted_items -= 1,
                _ => {}
            }
            return;
        }
        if let Some(entry) = self.items.last_mut() {
            match event {
                Event::Start(Tag::Item) => self.start_item(range),
                Event::End(TagEnd::Item) => self.end_item(range.end),
                event => entry.read(&event),
            }
            return;
        }
        match event {
            Event::Start(Tag::BlockQuote(_)) => self.quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                self.quote_depth = self.quote_depth.saturating_sub(1)
            }
            Event::Start(Tag::Item) if self.quote_depth > 0 => self.quoted_items = 1,
            Event::Start(Tag::Item) => self.start_item(range),
            Event::Start(Tag::Heading { level, .. }) => {
                self.start_block(NodeKind::Heading(level as u8), range.start)
            }
            Event::Start(Tag::Paragraph) => self.start_block(NodeKind::Paragraph, range.start),
            Event::Start(Tag::CodeBlock(_)) => {
                self.start_block(NodeKind::Code, range.start);
                self.inline(&event);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock) => {
                self.inline(&event);
                self.end_block(range.end);
            }
            Event::Start(Tag::Table(_)) => self.out.tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                self.row = Some((range.start, Vec::new()))
            }
            Event::Start(Tag::TableCell) => self.cell = Some(Prose::default()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(cell), Some((_, cells))) = (self.cell.take(), &mut self.row) {
                    cells.push(cell.finish().text);
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some((_, cells)), Some(header)) =
                    (self.row.take(), self.out.tables.last_mut())
                {
                    *header = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((start, cells)) = self.row.take() {
                    let parts = cells
                        .into_iter()
                        .map(|text| Part {
                            text,
                            ..Part::default()
                        })
                        .collect();
                    self.push(NodeKind::Row, start..range.end, 0, parts);
                }
            }
            event => {
                if let Some(cell) = &mut self.cell {
                    cell.inline(&event);
                } else {
                    self.inline(&event);
                }
            }
        }
    }

    /// Follows `<details>` blocks, whose contents answer the question before them.
    fn fold(&mut self, html: &str, range: Range<usize>) {
        let lower = html.to_ascii_lowercase();
        // `<details><summary>What is X?</summary>…`: the summary may ask; what is folded under
        // it answers.
        let open = lower.find("<summary");
        let close = open.and_then(|o| lower[o..].find("</summary>").map(|c| o + c));
        if let (Some(open), Some(close)) = (open, close) {
            let inner = html
                .get(open..close)
                .and_then(|t| t.split_once('>'))
                .map_or("", |(_, t)| t);
            let text = collapse(&strip_tags(inner).replace("**", "").replace("__", ""));
            if !text.is_empty() && self.items.is_empty() {
                let folded = self.folded;
                self.folded = 0;
                let part = Part {
                    text,
                    ..Part::default()
                };
                self.push(NodeKind::Paragraph, range.clone(), 0, vec![part]);
                if let Some(node) = self.out.nodes.last_mut() {
                    node.summary = true;
                }
                self.folded = folded;
            }
        }
        self.folded += lower.matches("<details").count();
        self.folded = self
            .folded
            .saturating_sub(lower.matches("</details").count());
    }

    fn start_item(&mut self, range: Range<usize>) {
        let list = self.lists.last().copied().unwrap_or(0);
        self.items
            .push(Entry::new(self.items.len() + 1, range.start, list));
    }

    fn end_item(&mut self, end: usize) {
        if let Some(entry) = self.items.pop() {
            let (depth, start, list, task) = (entry.depth, entry.start, entry.list, entry.task);
            let at = self.out.nodes.len();
            self.push(NodeKind::Item, start..end, depth, entry.finish());
            self.out.nodes[at].list = list;
            self.out.nodes[at].task = task;
        }
    }

    fn start_block(&mut self, kind: NodeKind, start: usize) {
        self.block = Some((kind, start, Block::new(kind == NodeKind::Code)));
    }

    fn inline(&mut self, event: &Event<'_>) {
        if let Some((_, _, block)) = &mut self.block {
            block.read(event);
        }
    }

    fn end_block(&mut self, end: usize) {
        if let Some((kind, start, block)) = self.block.take() {
            let parts = block.finish().into_iter().collect();
            self.push(kind, start..end, 0, parts);
        }
    }

    fn push(&mut self, kind: NodeKind, range: Range<usize>, depth: usize, parts: Vec<Part>) {
        self.out.nodes.push(Node {
            kind,
            line: self.lines.line(range.start),
            range,
            depth,
            list: 0,
            parts,
            table: self.out.tables.len().saturating_sub(1),
            quoted: self.quote_depth > 0,
            folded: self.folded > 0,
            task: false,
            summary: false,
        });
    }

    /// The outline in document order: an item ends after the items nested in it.
    fn finish(mut self) -> Outline {
        self.out.nodes.sort_by_key(|n| n.range.start);
        self.out
    }
}

/// One list item being read: its own text block by block, without its sub-lists.
struct Entry {
    depth: usize,
    start: usize,
    list: usize,
    blocks: Vec<Block>,
    /// Whether the last block still takes text. Text after a block has closed (in a tight item,
    /// a paragraph has no tags of its own) starts a new one.
    open: bool,
    /// Index of the first text block with words: the item's first paragraph.
    first: Option<usize>,
    task: bool,
}

/// A paragraph (or table, or heading) or a code block being read.
struct Block {
    code: bool,
    prose: Prose,
    /// Open `**` spans, and whether any text was seen inside and outside them.
    strong: usize,
    bold_text: bool,
    plain_text: bool,
}

impl Block {
    fn new(code: bool) -> Self {
        Block {
            code,
            prose: Prose::default(),
            strong: 0,
            bold_text: false,
            plain_text: false,
        }
    }

    /// Reads an event, and tells whether it was text with words (not code, not an image).
    fn read(&mut self, event: &Event<'_>) -> bool {
        let mut words = false;
        match event {
            Event::Start(Tag::Strong) => self.strong += 1,
            Event::End(TagEnd::Strong) => self.strong = self.strong.saturating_sub(1),
            Event::Text(t) | Event::Code(t)
                if !self.code && self.prose.reads_words() && !t.trim().is_empty() =>
            {
                if self.strong > 0 {
                    self.bold_text = true;
                } else {
                    self.plain_text = true;
                }
                words = true;
            }
            _ => {}
        }
        self.prose.inline(event);
        words
    }

    /// Only bold text so far, and no bold span open.
    fn ends_bold_line(&self) -> bool {
        self.strong == 0 && self.bold_text && !self.plain_text
    }

    fn finish(self) -> Option<Part> {
        let bold = self.bold_text && !self.plain_text;
        let written = self.prose.finish();
        (!written.text.is_empty()).then_some(Part {
            code: self.code,
            text: written.text,
            bold,
            sources: written.sources,
            link_only: written.link_only,
            anchors: written.anchors,
            lines: written.lines,
        })
    }
}

impl Entry {
    fn new(depth: usize, start: usize, list: usize) -> Self {
        Entry {
            depth,
            start,
            list,
            blocks: Vec::new(),
            open: false,
            first: None,
            task: false,
        }
    }

    fn start(&mut self, code: bool) {
        self.blocks.push(Block::new(code));
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
            Event::TaskListMarker(_) => {
                self.task = true;
                return;
            }
            // `**What is bias?**` alone on the item's first line: the lines after it answer it.
            Event::SoftBreak | Event::HardBreak
                if self.first.is_some()
                    && self.first == self.blocks.len().checked_sub(1)
                    && self.blocks.last().is_some_and(Block::ends_bold_line) =>
            {
                self.open = false;
                return;
            }
            _ if !self.open => self.start(false),
            _ => {}
        }
        let Some(at) = self.blocks.len().checked_sub(1) else {
            return;
        };
        if self.blocks[at].read(event) {
            self.first.get_or_insert(at);
        }
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

    fn finish(self) -> Vec<Part> {
        self.blocks.into_iter().filter_map(Block::finish).collect()
    }
}

/// The outline of a note's body (`body` is where it starts in `text`).
pub(super) fn outline(text: &str, body: usize, lines: &LineIndex) -> Outline {
    let mut builder = Builder {
        lines,
        out: Outline::default(),
        items: Vec::new(),
        lists: Vec::new(),
        next_list: 1,
        quote_depth: 0,
        quoted_items: 0,
        folded: 0,
        footnotes: 0,
        block: None,
        row: None,
        cell: None,
    };
    let rest = text.get(body..).unwrap_or("");
    for (event, range) in Parser::new_ext(rest, options()).into_offset_iter() {
        builder.event(event, (range.start + body)..(range.end + body));
    }
    builder.finish()
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
    /// Links open: where each one's text starts in `words`, and where it goes.
    links: Vec<(usize, String)>,
    /// Web addresses linked to, in order.
    sources: Vec<String>,
    /// Characters of text inside links and outside them, and links to the note's own headings.
    linked: usize,
    plain: usize,
    anchors: usize,
    /// The lines of the first paragraph read so far, and where the line being read starts in
    /// `words`.
    lines: Vec<String>,
    line_start: usize,
}

/// Prose finished: its text, and what it links to.
struct Written {
    text: String,
    lines: Vec<String>,
    sources: Vec<String>,
    link_only: bool,
    anchors: bool,
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
                    let chars = t.chars().filter(|c| !c.is_whitespace()).count();
                    if self.links.is_empty() {
                        self.plain += chars;
                    } else {
                        self.linked += chars;
                    }
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
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.links.push((self.words.len(), dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, dest)) = self.links.pop() {
                    self.end_link(start, dest);
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
            Event::SoftBreak | Event::HardBreak => {
                if self.done.is_empty() && self.code.is_none() {
                    let line = collapse(self.words.get(self.line_start..).unwrap_or(""));
                    self.lines.push(line);
                    self.line_start = self.words.len() + 1;
                }
                self.words.push(' ');
            }
            Event::Rule
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

    /// A link to the web is kept as a source. Its text stays in the prose, unless it only names
    /// the source (`[src]`, `[1]`, `[paper]`) or trails a finished sentence: then it goes.
    fn end_link(&mut self, start: usize, dest: String) {
        if dest.starts_with('#') {
            self.anchors += 1;
        }
        let web = ["http://", "https://", "www."].iter().any(|p| {
            dest.get(..p.len())
                .is_some_and(|d| d.eq_ignore_ascii_case(p))
        });
        if !web || start > self.words.len() || !self.words.is_char_boundary(start) {
            return;
        }
        let label = self.words[start..].trim();
        let before =
            self.words[..start].trim_end_matches(['(', '[', ' ', '\t', '\n', '-', '–', '—']);
        // "… ? (source: [paper](…))": the word that introduces the link goes with it.
        let introduced = before
            .strip_suffix(':')
            .map(|b| b.rsplit([' ', '(', '[']).next().unwrap_or(""))
            .filter(|w| {
                source_label(w) || matches!(w.to_lowercase().as_str(), "via" | "from" | "see")
            })
            .map(str::len);
        let trailing = !before.trim().is_empty()
            && (before.ends_with(['?', '.', '？']) || introduced.is_some());
        if source_label(label) || trailing {
            let keep = match introduced {
                Some(word) => before.len() - 1 - word,
                None => start,
            };
            let kept = self.words[..keep].trim_end_matches(['(', '[', ' ']).len();
            self.words
                .truncate(if introduced.is_some() { kept } else { start });
            self.line_start = self.line_start.min(self.words.len());
        }
        if !self.sources.contains(&dest) {
            self.sources.push(dest);
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

    fn finish(mut self) -> Written {
        let mut lines = std::mem::take(&mut self.lines);
        if !lines.is_empty() && self.done.is_empty() {
            lines.push(collapse(self.words.get(self.line_start..).unwrap_or("")));
        }
        self.flush();
        // Empty lines (one holding only a tag or an image) stay, so a line's index is its offset
        // from the paragraph's first line.
        if lines.iter().filter(|l| !l.is_empty()).count() < 2 {
            lines.clear();
        }
        Written {
            lines,
            text: self.done,
            link_only: self.linked > 0 && self.plain == 0,
            anchors: self.anchors > 0,
            sources: self.sources,
        }
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

/// `html` without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whitespace collapsed, and brackets a dropped link left empty (`[]`, `()`) removed.
fn collapse(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !matches!(*w, "[]" | "()" | "[]." | "()." | "[]," | "()," | ")" | "]"))
        // `[[1]](https://…)` in a note that also writes wiki links reads as `1(https://…)`.
        .filter(|w| {
            !w.split_once("(http")
                .is_some_and(|(label, _)| w.ends_with(')') && source_label(label))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Link text that only names where something comes from: `src`, `source`, `[1]`, `paper`, `here`.
fn source_label(label: &str) -> bool {
    let l = label
        .trim_matches(|c: char| c.is_whitespace() || "[]()".contains(c))
        .to_lowercase();
    const WORDS: &[&str] = &[
        "src",
        "source",
        "sources",
        "link",
        "ref",
        "reference",
        "paper",
        "video",
        "blog",
        "here",
        "answer",
        "solution",
        "article",
        "post",
        "pdf",
        "slides",
        "arxiv",
        "wiki",
        "wikipedia",
        "docs",
        "code",
        "github",
        "notebook",
        "lecture",
        "read more",
        "more",
        "explanation",
    ];
    l.is_empty() || WORDS.contains(&l.as_str()) || l.chars().all(|c| c.is_ascii_digit())
}

/// A heading's or sub-heading item's text as a category: emoji and other symbols, a leading
/// enumeration ("1.", "IV)", "Q1:", "Part 3 -") and a trailing ':' removed.
pub(super) fn clean_label(text: &str) -> String {
    let kept = without_symbols(text);
    let label = strip_enumeration(&kept).trim_end();
    let label = label.strip_suffix([':', '：']).unwrap_or(label);
    collapse(label)
}

/// The question a heading asks, if it asks one: when its text as a label ends with `?`, or it is
/// numbered as a question ("Q1:", "Q 2.", "Question 3 -") and does not end with `:` (so "Q2:
/// Metrics:" stays a category). The question is the heading's text without the symbols before it
/// and without a leading enumeration.
pub(super) fn heading_question(text: &str) -> Option<String> {
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
pub(super) fn without_leading_symbols(text: &str) -> &str {
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
pub(super) fn strip_enumeration(text: &str) -> &str {
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
                let g = &q.guide;
                let points = g.key_points.iter().map(String::as_str).collect::<Vec<_>>();
                (
                    q.category.as_str(),
                    q.line,
                    q.prompt.as_str(),
                    points,
                    g.reference_answer.as_str(),
                )
            })
            .collect();
        // The Markdown under a question heading is its reference answer, as written; its short
        // list items are also key points.
        let why =
            "Because.\n\n> quoted answer\n>\n> - quoted list\n\n#### Details\n| a | b |\n|---|---|";
        assert_eq!(
            got,
            [
                (
                    "General",
                    1,
                    "Is this the title?",
                    vec!["a point"],
                    "## Part one\n\nSome answer.\n- a point"
                ),
                ("General", 8, "Next?", vec![], ""),
                ("General", 9, "Why?", vec![], why),
                ("Systems", 21, "Asked as an item?", vec![], ""),
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
        // A single word that does not ask is no question, even in a list of questions.
        let g = "General".to_string();
        assert_eq!(
            q,
            [
                (Level::Mle, g, "Is this a group?".to_string()),
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
