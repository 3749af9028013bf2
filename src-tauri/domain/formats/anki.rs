//! Anki's plain-text notes (and any CSV or TSV of questions) and the notes of Anki packages: reading
//! them as questions, and writing questions so Anki imports them as Basic notes.
//!
//! Reading follows Anki's importer (2.1.55 and later). `#key:value` lines at the top set the
//! separator, whether fields are HTML, tags for every row, column names, and which columns hold
//! the guid, note type, deck and tags. Every other line is a row; a line starting with `#` is a
//! comment. The first field is the question and the second the answer, whose list items or lines
//! become key points. Tags such as `level::senior`, `category::Deep_Learning`, `kind::design`,
//! `difficulty::hard` and `minutes::8` set those fields.

use super::{answer_points, default_minutes, infer_kind, parse_kind, Draft};
use crate::domain::pack::{Difficulty, Guide, Kind, Level, LineIndex, PackError, Question};
use std::collections::HashSet;

/// Whether `text` starts with the header lines Anki writes (`#separator:`, `#html:`, ...): its
/// first non-empty line is `#` followed straight away by a header Anki knows and a colon. A
/// Markdown heading (`# Deck`) has a space after the `#`, so it is not taken for one.
pub fn looks_like_anki(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    first
        .strip_prefix('#')
        .and_then(header)
        .is_some_and(|(key, _)| KEYS.contains(&key.as_str()))
}

const KEYS: &[&str] = &[
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "guid column",
    "tags column",
];

/// `key:value` of a header line without its `#`: the key lowercased, trimmed at its end only (a
/// space straight after `#` makes a Markdown heading, not a header).
fn header(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    if key.starts_with(char::is_whitespace) {
        return None;
    }
    Some((key.trim_end().to_lowercase(), value))
}

/// What the header lines say.
#[derive(Default)]
struct Headers {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    columns: Option<String>,
    deck: Option<String>,
    guid_column: Option<usize>,
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
}

/// Reads rows as questions. An empty first field skips the row with a warning; each question's
/// line is the line its row starts on.
pub fn read(file: &str, text: &str) -> Result<Draft, Vec<PackError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let warn = |line: usize, field: &str, message: String| {
        PackError::at(file, line, message).in_field(field)
    };
    let (h, body, mut warnings) = Headers::read(text, warn);
    let lines = LineIndex::new(text);
    let separator = h.separator.unwrap_or_else(|| sniff(file, &text[body..]));
    let rows = rows(text, body, separator, &lines)
        .map_err(|(line, message)| vec![PackError::at(file, line, message)])?;

    let cols = Columns::new(
        &h,
        separator,
        rows.iter().map(|r| r.fields.len()).max().unwrap_or(0),
    );
    let html = h.html.unwrap_or_else(|| {
        rows.iter().any(|r| {
            [cols.front, cols.back]
                .iter()
                .flatten()
                .any(|&c| r.fields.get(c).is_some_and(|s| looks_like_html(s)))
        })
    });

    let mut questions = Vec::with_capacity(rows.len());
    for Row { line, fields } in &rows {
        let field = |c: Option<usize>| c.and_then(|c| fields.get(c)).map_or("", String::as_str);
        let (prompt, points) = if html {
            let front = Plain::from_html(field(cols.front));
            let back = Plain::from_html(field(cols.back));
            let points = if back.items.is_empty() {
                answer_points(&back.text)
            } else {
                back.items
            };
            (tidy(&front.text), points)
        } else {
            (tidy(field(cols.front)), answer_points(field(cols.back)))
        };
        if prompt.is_empty() {
            let message = "row skipped: its first field (the question) is empty";
            warnings.push(warn(*line, "front", message.into()));
            continue;
        }
        let tags: Vec<&str> = field(cols.tags)
            .split_whitespace()
            .chain(h.tags.iter().map(String::as_str))
            .collect();
        let deck = Some(field(cols.deck))
            .filter(|d| !d.trim().is_empty())
            .or(h.deck.as_deref());
        let t = Tagged::read(&tags, |m| warnings.push(warn(*line, "tags", m)));
        questions.push(t.question(prompt, points, deck, *line));
    }
    Ok(Draft {
        questions,
        warnings,
        ..Draft::default()
    })
}

/// A note of an Anki package (`.apkg`), as its collection holds it: the note's fields (HTML), its
/// tags, and the deck of its first card, as `Parent::Child`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageNote {
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    pub deck: String,
}

/// Reads the notes of an Anki package as questions: the deck is the category, the first field
/// the question and the second its reference answer (and its key points, when it is a few short
/// bullets or lines), and tags set the rest, as in [`read`]. Cloze
/// deletions read as `[…]` (or `[hint]`). Images and sounds are left out, counted in a warning.
/// A note's "line" is its place in the package, from 1.
pub fn read_package(file: &str, notes: &[PackageNote]) -> Result<Draft, Vec<PackError>> {
    let mut warnings = Vec::new();
    let mut media = 0;
    let mut questions = Vec::with_capacity(notes.len());
    for (i, note) in notes.iter().enumerate() {
        let line = i + 1;
        let warn = |message: String| PackError::at(file, line, message).in_field("note");
        let field = |n: usize| note.fields.get(n).map_or("", String::as_str);
        media += note
            .fields
            .iter()
            .map(|f| media_references(f))
            .sum::<usize>();
        let first = without_sounds(field(0));
        let cloze = Cloze::read(&first);
        let front = Plain::from_html(cloze.as_ref().map_or(first.as_str(), |c| &c.question));
        // Every field after the first is the answer: the back, or a cloze's extra and the rest.
        let backs: Vec<String> = note
            .fields
            .iter()
            .skip(1)
            .map(|f| without_sounds(f))
            .collect();
        let back = Plain::from_html(&backs.join("<br>"));
        let back_text = tidy(&back.text);
        let (answer, points) = match &cloze {
            // A cloze's answers are its key points, and the text with them shown its reference.
            Some(c) => {
                let revealed = tidy(&Plain::from_html(&c.revealed).text);
                let answer = [revealed, back_text]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                (answer, c.answers.clone())
            }
            None => {
                // Short bullets (list items, or a few short lines) are the key points, to tick in
                // a review; a back that is more than those is also the reference answer.
                let points = if !back.items.is_empty() {
                    back.items
                } else {
                    let lines = answer_points(&back.text);
                    let short = lines.len() <= 7 && lines.iter().all(|l| l.chars().count() <= 120);
                    if short {
                        lines
                    } else {
                        Vec::new()
                    }
                };
                let only_points = back_text == points.join("\n");
                (
                    if only_points {
                        String::new()
                    } else {
                        back_text
                    },
                    points,
                )
            }
        };
        let prompt = tidy(&front.text);
        if prompt.is_empty() {
            warnings.push(warn(
                "note skipped: its first field (the question) is empty".into(),
            ));
            continue;
        }
        let tags: Vec<&str> = note.tags.iter().map(String::as_str).collect();
        let t = Tagged::read(&tags, |m| warnings.push(warn(m)));
        let deck = Some(note.deck.as_str()).filter(|d| !d.trim().is_empty());
        let mut q = t.question(prompt, points, deck, line);
        q.guide.reference_answer = answer;
        questions.push(q);
    }
    if media > 0 {
        let message = format!(
            "{media} image or sound reference{} left out: Onsite keeps text only",
            if media == 1 { "" } else { "s" }
        );
        warnings.push(PackError::at(file, 1, message).in_field("media"));
    }
    Ok(Draft {
        questions,
        warnings,
        ..Draft::default()
    })
}

/// How many images (`<img`) and sounds (`[sound:…]`) a field refers to.
fn media_references(field: &str) -> usize {
    field.to_ascii_lowercase().matches("<img").count() + field.matches("[sound:").count()
}

/// A field without its `[sound:file]` references (images go with the rest of the HTML).
fn without_sounds(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(at) = rest.find("[sound:") {
        out.push_str(&rest[..at]);
        match rest[at..].find(']') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A field's cloze deletions (`{{c1::answer::hint}}`), read three ways: the question, where each
/// shows as `[hint]` or `[…]`; the text with every answer shown; and the answers. Deletions nest,
/// and are matched by depth. None when the field has none.
struct Cloze {
    question: String,
    revealed: String,
    answers: Vec<String>,
}

impl Cloze {
    fn read(field: &str) -> Option<Cloze> {
        let mut c = Cloze {
            question: String::new(),
            revealed: String::new(),
            answers: Vec::new(),
        };
        let mut rest = field;
        let mut found = false;
        while let Some(at) = rest.find("{{c") {
            let head = &rest[at + 3..];
            let digits = head.len()
                - head
                    .trim_start_matches(|ch: char| ch.is_ascii_digit())
                    .len();
            let Some(body_at) =
                (digits > 0 && head[digits..].starts_with("::")).then(|| at + 3 + digits + 2)
            else {
                c.push_plain(&rest[..at + 3]);
                rest = &rest[at + 3..];
                continue;
            };
            let Some((len, hint_at)) = body_end(&rest[body_at..]) else {
                break;
            };
            found = true;
            c.push_plain(&rest[..at]);
            let inner = &rest[body_at..body_at + len];
            let (answer, hint) = match hint_at {
                Some(h) => (&inner[..h], Some(&inner[h + 2..])),
                None => (inner, None),
            };
            let shown = Cloze::read(answer).map_or_else(|| answer.to_string(), |n| n.revealed);
            c.question.push_str(&format!(
                "[{}]",
                hint.filter(|h| !h.trim().is_empty()).unwrap_or("…")
            ));
            c.revealed.push_str(&shown);
            let answer = tidy(&Plain::from_html(&shown).text);
            if !answer.is_empty() && !c.answers.contains(&answer) {
                c.answers.push(answer);
            }
            rest = &rest[body_at + len + 2..];
        }
        c.push_plain(rest);
        found.then_some(c)
    }

    fn push_plain(&mut self, text: &str) {
        self.question.push_str(text);
        self.revealed.push_str(text);
    }
}

/// Where a deletion's body ends (the `}}` that closes it, past nested `{{…}}`), and where its last
/// `::` outside nested deletions is, which starts its hint. None when nothing closes it.
fn body_end(body: &str) -> Option<(usize, Option<usize>)> {
    let bytes = body.as_bytes();
    let (mut depth, mut hint) = (0usize, None);
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (&bytes[i..i + 2], depth) {
            (b"}}", 0) => return Some((i, hint)),
            (b"{{", _) => depth += 1,
            (b"}}", _) => depth -= 1,
            (b"::", 0) => hint = Some(i),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    None
}

/// One row of the file: the line it starts on, and its fields.
struct Row {
    line: usize,
    fields: Vec<String>,
}

/// The rows after the header, or the line and text of the first problem.
fn rows(
    text: &str,
    body: usize,
    separator: u8,
    lines: &LineIndex,
) -> Result<Vec<Row>, (usize, String)> {
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(separator)
        .from_reader(&text.as_bytes()[body..]);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(rows),
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                return Err((lines.line(body + at), format!("not readable as rows: {e}")));
            }
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.line(row_start(text, body + start));
        let fields = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        rows.push(Row { line, fields });
    }
}

impl Headers {
    /// The header lines at the top of `text`: a run of `#` and blank lines, and (for historic files)
    /// a first `tags:` line. Returns what they say, where the rows start, and warnings about values that
    /// cannot be read.
    fn read(
        text: &str,
        warn: impl Fn(usize, &str, String) -> PackError,
    ) -> (Headers, usize, Vec<PackError>) {
        let mut h = Headers::default();
        let mut warnings = Vec::new();
        let mut body = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let content = line.trim_end_matches('\n');
            if let Some(tags) = content.strip_prefix("tags:").filter(|_| i == 0) {
                h.tags.extend(tags.split_whitespace().map(str::to_string));
            } else if content.trim().is_empty() {
                // Blank lines before or between headers are allowed, as `looks_like_anki` allows.
            } else if let Some(rest) = content.strip_prefix('#') {
                if let Some((key, value)) = rest.split_once(':') {
                    let key = key.trim().to_lowercase();
                    if let Some(problem) = h.set(&key, value) {
                        warnings.push(warn(i + 1, &key, problem));
                    }
                }
            } else {
                break;
            }
            body += line.len();
        }
        (h, body, warnings)
    }

    /// Takes one header; returns a problem to warn about, if any. Unknown keys are comments.
    fn set(&mut self, key: &str, value: &str) -> Option<String> {
        let column = |v: &str| v.trim().parse::<usize>().ok().filter(|&n| n >= 1);
        let bad_column = || Some(format!("{value:?} is not a column number (1, 2, ...)"));
        match key {
            "separator" => {
                self.separator = separator_named(value);
                if self.separator.is_none() {
                    return Some(format!(
                        "unknown separator {value:?} (use Comma, Semicolon, Tab, Space, Pipe, \
                         Colon or a single character); guessed from the first row instead"
                    ));
                }
            }
            "html" => match value.trim().to_lowercase().as_str() {
                "true" => self.html = Some(true),
                "false" => self.html = Some(false),
                _ => return Some(format!("{value:?} is not true or false")),
            },
            "tags" => self.tags = value.split_whitespace().map(str::to_string).collect(),
            "columns" => self.columns = Some(value.to_string()),
            "deck" => self.deck = Some(value.trim().to_string()).filter(|d| !d.is_empty()),
            "guid column" | "notetype column" | "deck column" | "tags column" => {
                let n = column(value);
                if n.is_none() {
                    return bad_column();
                }
                match key {
                    "guid column" => self.guid_column = n,
                    "notetype column" => self.notetype_column = n,
                    "deck column" => self.deck_column = n,
                    _ => self.tags_column = n,
                }
            }
            _ => {}
        }
        None
    }
}

/// A separator as a header names it: Anki's names in any case, or the character itself.
fn separator_named(value: &str) -> Option<u8> {
    let named = match value.trim().to_lowercase().as_str() {
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "tab" => Some(b'\t'),
        "space" => Some(b' '),
        "pipe" => Some(b'|'),
        "colon" => Some(b':'),
        _ => None,
    };
    named.or_else(|| match value.as_bytes() {
        [c] if c.is_ascii() && !c.is_ascii_alphanumeric() && !b"\"#\n\r".contains(c) => Some(*c),
        _ => None,
    })
}

/// The separator of a file without a `#separator` header: tab for `.tsv` files or when the first
/// row holds a tab, else whichever of `;` and `,` that row holds more of (a comma on a tie).
fn sniff(file: &str, body: &str) -> u8 {
    if file.to_ascii_lowercase().ends_with(".tsv") {
        return b'\t';
    }
    let first = body
        .lines()
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let count = |c: char| first.matches(c).count();
    if count('\t') > 0 {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Where the row the CSV reader says starts at `at` really starts: the reader counts from the end
/// of the previous row, before the empty and `#` comment lines it skips.
fn row_start(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let rest = &text[at..];
        if !(rest.starts_with('\n') || rest.starts_with('#')) {
            break;
        }
        at += rest.find('\n').map_or(rest.len(), |i| i + 1);
    }
    at
}

/// Which column (0-based) holds what.
struct Columns {
    front: Option<usize>,
    back: Option<usize>,
    tags: Option<usize>,
    deck: Option<usize>,
}

impl Columns {
    /// Guid, note type and deck columns are never fields. With `#columns`, the question is the one
    /// named Front or Question and the answer the one named Back, Answer or Text; otherwise (or when
    /// no name matches) they are the first two remaining columns. Tags come from `#tags column`, or
    /// a column named Tags.
    fn new(h: &Headers, separator: u8, widest: usize) -> Self {
        let names: Vec<String> = h
            .columns
            .as_deref()
            .and_then(|c| {
                csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(separator)
                    .from_reader(c.as_bytes())
                    .records()
                    .next()
                    .and_then(Result::ok)
            })
            .map(|r| r.iter().map(|s| s.trim().to_lowercase()).collect())
            .unwrap_or_default();
        let named = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let zero = |c: Option<usize>| c.map(|c| c - 1);
        let tags = zero(h.tags_column).or_else(|| named(&["tags"]));
        let meta: HashSet<usize> = [h.guid_column, h.notetype_column, h.deck_column]
            .into_iter()
            .flatten()
            .map(|c| c - 1)
            .chain(tags)
            .collect();
        let width = widest.max(names.len());
        let mut free = (0..width).filter(|c| !meta.contains(c));
        let front = named(&["front", "question"])
            .filter(|c| !meta.contains(c))
            .or_else(|| free.next());
        let back = named(&["back", "answer", "text"])
            .filter(|c| !meta.contains(c) && Some(*c) != front)
            .or_else(|| (0..width).find(|c| !meta.contains(c) && Some(*c) != front));
        Columns {
            front,
            back,
            tags,
            deck: zero(h.deck_column),
        }
    }
}

/// What a row's tags say about its question.
#[derive(Default)]
struct Tagged {
    level: Option<Level>,
    category: Option<String>,
    kind: Option<Kind>,
    difficulty: Option<Difficulty>,
    minutes: Option<u32>,
    /// The tags that say none of these, kept with the question; the first names its category
    /// when nothing better does.
    others: Vec<String>,
}

impl Tagged {
    /// The first tag of each sort wins. A value that cannot be read is reported to `warn` and
    /// left to its default.
    fn read(tags: &[&str], mut warn: impl FnMut(String)) -> Self {
        let mut t = Tagged::default();
        for tag in tags {
            let lower = tag.to_lowercase();
            let value = |prefix: &str| {
                tag.get(..prefix.len())
                    .filter(|p| p.eq_ignore_ascii_case(prefix))
                    .map(|_| tag[prefix.len()..].to_string())
            };
            let mut bad = |what: &str, v: &str| warn(format!("tag {tag:?}: unknown {what} {v:?}"));
            if lower == "mle" || lower == "senior" {
                t.level = t.level.or(Level::parse(&lower));
            } else if let Some(v) = value("level::") {
                match Level::parse(&v.to_lowercase()) {
                    Some(l) => t.level = t.level.or(Some(l)),
                    None => bad("level", &v),
                }
            } else if let Some(v) = value("category::") {
                let c = v.replace('_', " ").trim().to_string();
                if t.category.is_none() && !c.is_empty() {
                    t.category = Some(c);
                }
            } else if let Some(v) = value("kind::") {
                match parse_kind(&v) {
                    Some(k) => t.kind = t.kind.or(Some(k)),
                    None => bad("kind", &v),
                }
            } else if let Some(v) = value("difficulty::") {
                match Difficulty::parse(&v.to_lowercase()) {
                    Some(d) => t.difficulty = t.difficulty.or(Some(d)),
                    None => bad("difficulty", &v),
                }
            } else if let Some(v) = value("minutes::") {
                match v.parse() {
                    Ok(m) => t.minutes = t.minutes.or(Some(m)),
                    Err(_) => bad("number of minutes", &v),
                }
            } else if !["onsite", "marked", "leech"].contains(&lower.as_str()) {
                t.others.push(tag.to_string());
            }
        }
        t
    }

    /// The question a row makes. The category is the one a tag names, else the deck's last part,
    /// else the first other tag, else "General".
    fn question(
        self,
        prompt: String,
        points: Vec<String>,
        deck: Option<&str>,
        line: usize,
    ) -> Question {
        let category = self
            .category
            .or_else(|| deck.and_then(last_segment))
            .or_else(|| self.others.first().and_then(|t| last_segment(t)))
            .unwrap_or_else(|| "General".into());
        let kind = self.kind.unwrap_or_else(|| infer_kind(&category));
        Question {
            id: String::new(),
            level: self.level.unwrap_or(Level::Mle),
            category,
            kind,
            difficulty: self.difficulty.unwrap_or(Difficulty::Medium),
            minutes: self.minutes.unwrap_or_else(|| default_minutes(kind)),
            prompt,
            seed: false,
            guide: Guide {
                key_points: points,
                tags: self.others,
                ..Guide::default()
            },
            drill: None,
            line,
        }
    }
}

/// The last `::` part of a deck or tag name, underscores made spaces: `ML::Model_Evaluation` is
/// "Model Evaluation".
fn last_segment(name: &str) -> Option<String> {
    let last = name.rsplit("::").find(|s| !s.trim().is_empty())?;
    Some(last.replace('_', " ").trim().to_string()).filter(|s| !s.is_empty())
}

/// Text with every line trimmed, no blank lines at either end, and blank runs made one.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// Whether a field that did not say is HTML: it holds a tag of the kind Anki's editor writes, or
/// an entity. A bare `<` in a sentence (`a<b and b>c`) is not taken for one unless it names a tag.
fn looks_like_html(s: &str) -> bool {
    const TAGS: &str = "a b i u s p br hr div span ul ol li img sub sup font strong em code pre \
                        table tr td th h1 h2 h3 h4 h5 h6 blockquote script style";
    let tag = s.match_indices('<').any(|(i, _)| {
        let rest = &s[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
                .len();
        let name = rest[..name_len].to_ascii_lowercase();
        TAGS.split_whitespace().any(|t| t == name)
            && rest[name_len..].starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace())
    });
    tag || s.match_indices('&').any(|(i, _)| entity(&s[i..]).is_some())
}

/// A field's HTML as plain text: line breaks and blocks become newlines, list items are also
/// collected on their own, every other tag goes (script and style with their content), and
/// entities are decoded. What comes out is text, never markup.
struct Plain {
    text: String,
    items: Vec<String>,
}

impl Plain {
    fn from_html(html: &str) -> Plain {
        let lower = html.to_ascii_lowercase();
        let mut p = Plain {
            text: String::with_capacity(html.len()),
            items: Vec::new(),
        };
        let mut item: Option<String> = None;
        // Past the last `>` nothing is a tag; knowing it keeps a field full of `<a` linear.
        let last_gt = html.rfind('>');
        let mut i = 0;
        while i < html.len() {
            let rest = &html[i..];
            if rest.starts_with("<!--") {
                i += rest.find("-->").map_or(rest.len(), |e| e + 3);
                continue;
            }
            if let Some(tag) = last_gt.filter(|&g| g > i).and_then(|_| tag_at(rest)) {
                let after = i + tag.len;
                i = after;
                match (tag.name.as_str(), tag.closing) {
                    ("script" | "style" | "head" | "title", false) => {
                        let end = format!("</{}", tag.name);
                        i = match lower[after..].find(&end) {
                            Some(e) => {
                                let close = after + e;
                                close
                                    + html[close..]
                                        .find('>')
                                        .map_or(html.len() - close, |g| g + 1)
                            }
                            None => html.len(),
                        };
                    }
                    ("br", _) => p.push('\n', &mut item),
                    ("li", false) => {
                        p.close(&mut item);
                        p.soft_break();
                        item = Some(String::new());
                    }
                    ("li" | "ul" | "ol", _) => {
                        p.close(&mut item);
                        p.soft_break();
                    }
                    (
                        "div" | "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "hr"
                        | "blockquote" | "pre" | "table" | "dt" | "dd",
                        _,
                    ) => p.soft_break(),
                    _ => {}
                }
                continue;
            }
            if rest.starts_with('&') {
                if let Some((chars, len)) = entity(rest) {
                    for c in chars {
                        p.push(c, &mut item);
                    }
                    i += len;
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            p.push(c, &mut item);
            i += c.len_utf8();
        }
        p.close(&mut item);
        p
    }

    fn push(&mut self, c: char, item: &mut Option<String>) {
        self.text.push(c);
        if let Some(item) = item {
            item.push(if c == '\n' { ' ' } else { c });
        }
    }

    /// A block boundary: a newline unless the text is at a line's start already.
    fn soft_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn close(&mut self, item: &mut Option<String>) {
        if let Some(done) = item.take() {
            let done = done.split_whitespace().collect::<Vec<_>>().join(" ");
            if !done.is_empty() {
                self.items.push(done);
            }
        }
    }
}

struct Tag {
    name: String,
    closing: bool,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

/// The tag `s` starts with: `<` then a letter (or `/` and a letter, or `!`), up to the next `>`.
fn tag_at(s: &str) -> Option<Tag> {
    let rest = s.strip_prefix('<')?;
    let closing = rest.starts_with('/');
    let body = if closing { &rest[1..] } else { rest };
    let first = body.chars().next()?;
    if !(first.is_ascii_alphabetic() || (first == '!' && !closing)) {
        return None;
    }
    let len = s.find('>')? + 1;
    let name = body
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(Tag { name, closing, len })
}

/// The characters an entity at the start of `s` stands for (one, or two for a few such as
/// `&NotEqualTilde;`), and the entity's length. Every HTML5 named entity is known, from the table
/// of the HTML parser ammonia uses; a non-breaking space reads as a space.
fn entity(s: &str) -> Option<(Vec<char>, usize)> {
    // The longest named entity, `&CounterClockwiseContourIntegral;`, is 33 bytes.
    let end = s.bytes().take(40).position(|b| b == b';')?;
    let name = &s[1..end];
    let chars = match name.strip_prefix('#') {
        Some(n) => {
            let (digits, radix) = match n.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (n, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let code = u32::from_str_radix(digits, radix).ok()?;
            // As browsers read them: 128-159 are Windows-1252's characters (`&#150;` is –).
            let code = match code {
                0x80..=0x9f => markup5ever::data::C1_REPLACEMENTS[(code - 0x80) as usize]
                    .map_or(code, u32::from),
                _ => code,
            };
            vec![char::from_u32(code)?]
        }
        None => {
            let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(&s[1..=end])?;
            [first, second]
                .into_iter()
                .filter(|&c| c != 0)
                .map(char::from_u32)
                .collect::<Option<Vec<char>>>()?
        }
    };
    let chars = chars
        .into_iter()
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect::<Vec<_>>();
    if chars
        .iter()
        .any(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        return None;
    }
    Some((chars, end + 1))
}

/// The questions as a comma-separated file Anki imports as Basic notes, one a row: the prompt as
/// the front, the key points as a list on the back, and tags that carry the level, category,
/// kind, difficulty and minutes (`onsite level::mle category::Deep_Learning kind::concept
/// difficulty::easy minutes::4`). [`read`] gives those fields back; follow-ups, red flags, phases
/// and coding and behavioural specs are not carried, and underscores in a category come back as
/// spaces.
pub fn write(questions: &[Question]) -> String {
    let mut out = String::from("#separator:Comma\n#html:true\n#notetype:Basic\n#tags column:3\n");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b',')
        .comment(Some(b'#'))
        .from_writer(Vec::new());
    for q in questions {
        let front = escape(&q.prompt).replace('\n', "<br>");
        let back = if q.guide.key_points.is_empty() {
            String::new()
        } else {
            let items: String = q
                .guide
                .key_points
                .iter()
                .map(|p| format!("<li>{}</li>", escape(p).replace('\n', "<br>")))
                .collect();
            format!("<ul>{items}</ul>")
        };
        let mut tags = format!(
            "onsite level::{} category::{} kind::{} difficulty::{} minutes::{}",
            q.level.as_str(),
            tag_text(&q.category),
            q.kind.as_str(),
            q.difficulty.as_str(),
            q.minutes,
        );
        for tag in &q.guide.tags {
            tags.push(' ');
            tags.push_str(&tag_text(tag));
        }
        // Writing to a Vec cannot fail.
        let _ = w.write_record([front.as_str(), back.as_str(), tags.as_str()]);
    }
    let rows = w.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&rows));
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Text as part of an Anki tag: no spaces (they separate tags), so `_`; no quotes or control
/// characters, which Anki drops.
fn tag_text(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| *c != '"' && !c.is_control())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_told_from_markdown_headings() {
        assert!(looks_like_anki("\n#separator:tab\nfront\tback\n"));
        assert!(looks_like_anki("#HTML:true\n"));
        assert!(looks_like_anki("#deck column:3\n"));
        assert!(!looks_like_anki("# Deck: intro\n- q?\n"));
        assert!(!looks_like_anki("#hashtag: not a header\n"));
        assert!(!looks_like_anki(""));
    }

    #[test]
    fn html_becomes_text_and_list_items() {
        let p = Plain::from_html(
            "Intro<br>line&nbsp;two<div>block</div><ul><li>a &amp; b</li><li>c<b>d</b></li></ul>\
             <script>alert(1)</script>&#65;&#x42;&bogus; &lt;i&gt;",
        );
        assert_eq!(p.items, ["a & b", "cd"]);
        assert_eq!(
            tidy(&p.text),
            "Intro\nline two\nblock\na & b\ncd\nAB&bogus; <i>"
        );
    }

    #[test]
    fn package_notes_read_as_questions_with_media_counted() {
        let note = |fields: &[&str], tags: &[&str], deck: &str| PackageNote {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            deck: deck.into(),
        };
        let d = read_package(
            "d.apkg",
            &[
                note(
                    &[
                        "What is AUC?[sound:q.mp3]",
                        "<ul><li>a</li><li>b</li></ul><img src=\"x.png\">",
                    ],
                    &["level::senior"],
                    "ML::Eval",
                ),
                note(
                    &[
                        "The {{c1::bias::b...}} term and {{c2::variance {{c3::too}}}}.",
                        "Both add up.",
                    ],
                    &[],
                    "Default",
                ),
                note(&["", "orphan back"], &[], "ML"),
            ],
        )
        .unwrap();
        assert_eq!(d.questions.len(), 2);
        assert_eq!(d.questions[0].prompt, "What is AUC?");
        assert_eq!(d.questions[0].guide.key_points, ["a", "b"]);
        assert_eq!(d.questions[1].prompt, "The [b...] term and […].");
        assert_eq!(d.questions[1].guide.key_points, ["bias", "variance too"]);
        assert_eq!(
            d.questions[1].guide.reference_answer,
            "The bias term and variance too.\n\nBoth add up."
        );
        assert!(
            d.questions[0].guide.reference_answer.is_empty(),
            "the list is all the back says"
        );
        let messages: Vec<_> = d.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("note skipped")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("2 image or sound references left out")),
            "{messages:?}"
        );
    }

    #[test]
    fn every_html5_named_entity_is_decoded() {
        let p = Plain::from_html(
            "caf&eacute; &ndash; x&sup2; &NotEqualTilde; &hellip;&rarr;&copy; &unknownthing; &#0; &#150; &#+65;",
        );
        assert_eq!(
            tidy(&p.text),
            "café – x² \u{2242}\u{338} …→© &unknownthing; &#0; – &#+65;"
        );
    }

    #[test]
    fn bullets_are_stripped_from_answer_lines() {
        assert_eq!(
            answer_points("- one\n\n* two\n• three\n12. four\n3) five\n-notbullet"),
            ["one", "two", "three", "four", "five", "-notbullet"]
        );
    }

    #[test]
    fn rows_start_after_comments_and_blank_lines() {
        let t = "#a\n\n#b\nrow\n";
        assert_eq!(row_start(t, 0), 7);
    }

    #[test]
    fn tags_set_fields_and_the_first_of_each_wins() {
        let mut warned = Vec::new();
        let t = Tagged::read(
            &[
                "onsite",
                "Level::Senior",
                "mle",
                "category::Deep_Learning",
                "kind::essay",
                "ML::x",
            ],
            |m| warned.push(m),
        );
        assert_eq!(t.level, Some(Level::Senior));
        assert_eq!(t.category.as_deref(), Some("Deep Learning"));
        assert_eq!(t.kind, None);
        assert_eq!(t.others, ["ML::x"]);
        assert_eq!(warned.len(), 1, "{warned:?}");
    }
}
