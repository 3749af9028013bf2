//! SQL for packs and questions: loading packs, and listing, filtering and searching questions.

use super::pack_rows::Origin;
use super::Db;
use crate::domain::pack::{Difficulty, Guide, Kind, Level, Pack, Question};
use crate::domain::search::Words;
use crate::domain::template::Candidate;
use crate::error::{OrNotFound, Result};
use rusqlite::{named_params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The filters of the question list. Every field is optional; `text` is an FTS5 query already made
/// words from `domain::search::fts_query`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionFilter {
    pub level: Option<Level>,
    pub category: Option<String>,
    pub kind: Option<Kind>,
    pub difficulty: Option<Difficulty>,
    /// Answered in a round or reviewed before, or never.
    pub tried: Option<Tried>,
    #[serde(skip)]
    pub fts: Option<Words>,
}

impl QuestionFilter {
    /// True when no filter is set and nothing is searched for: the whole visible bank.
    pub fn is_empty(&self) -> bool {
        self.level.is_none()
            && self.category.is_none()
            && self.kind.is_none()
            && self.difficulty.is_none()
            && self.tried.is_none()
            && self.fts.is_none()
    }
}

/// A window of a list: `limit` rows from `offset`. `after`, when the UI knows it, is the bank rank
/// of the row just before the window, so the window is found by seeking to it rather than by
/// counting `offset` rows. Search results, ranked by relevance, are windowed by `offset` alone.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Window {
    pub offset: u32,
    pub limit: u32,
    #[serde(default)]
    pub after: Option<i64>,
}

impl Window {
    /// The most rows one window holds, whatever is asked.
    pub const MAX: u32 = 500;

    pub fn first(limit: u32) -> Window {
        Window::at(0, limit)
    }

    pub fn at(offset: u32, limit: u32) -> Window {
        Window {
            offset,
            limit,
            after: None,
        }
    }
}

/// Whether a question was ever tried: answered in a round (with some text) or reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tried {
    Never,
    Before,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionSummary {
    pub id: String,
    pub level: String,
    pub category: String,
    pub kind: String,
    pub difficulty: String,
    pub minutes: u32,
    pub prompt: String,
    pub has_note: bool,
    /// Where the question stands in bank order (1 is first), the key the list pages by.
    pub rank: i64,
    /// Where a search matched the user's note: an excerpt with the match between U+0001 and U+0002.
    pub note_snippet: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionDetail {
    #[serde(flatten)]
    pub summary: QuestionSummary,
    pub pack_id: String,
    pub pack_title: String,
    /// True when the question has left its pack: it stays readable for its notes, but is not listed.
    pub hidden: bool,
    pub seed: bool,
    pub guide: Guide,
    /// True for a question in a pack of the user's own, which they may edit.
    pub editable: bool,
    /// A coding question with test cases: its page has a code editor that runs them.
    pub runnable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryCount {
    pub level: String,
    pub name: String,
    pub count: u32,
}

/// A question's columns, from `questions q`, in the order [`question`] reads them. A query that needs
/// more puts its own columns after these, from index [`QUESTION_WIDTH`].
pub(super) const QUESTION_COLUMNS: &str =
    "q.id, q.level, q.category, q.kind, q.difficulty, q.minutes, q.prompt, q.seed, q.guide";
pub(super) const QUESTION_WIDTH: usize = 9;

/// Whether the question has a note with text in it, from `LEFT JOIN notes n`.
const HAS_NOTE: &str = "coalesce(length(n.body), 0) > 0";

/// Numbers the visible questions in bank order (`bank_order`), and counts each category
/// (`bank_categories`). Run in every transaction that adds, hides, or moves a question, so a
/// window of the list is a seek to a rank, not a sort of the bank.
///
/// Bank order: by level; within it, each category once, where it first appears (bundled packs
/// before the user's, then by pack id and position); then by pack and position. The order is
/// worked out here rather than in SQL, whose sorter took seconds over 100,000 questions, and only
/// the ranks that changed are written.
pub(super) fn renumber(tx: &Transaction) -> Result<()> {
    struct Row {
        id: String,
        level: String,
        category: String,
        place: (String, String, i64),
    }
    let mut rows: Vec<Row> = tx
        .prepare_cached(
            "SELECT q.id, q.level, q.category, p.origin, q.pack_id, q.position \
             FROM questions q JOIN packs p ON p.id = q.pack_id WHERE q.hidden = 0",
        )?
        .query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                level: r.get(1)?,
                category: r.get(2)?,
                place: (r.get(3)?, r.get(4)?, r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by(|a, b| a.place.cmp(&b.place));
    let mut first: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        first.entry((&r.level, &r.category)).or_insert(i);
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| {
        (
            &rows[i].level,
            first[&(rows[i].level.as_str(), rows[i].category.as_str())],
            i,
        )
    });

    let old: Vec<String> = tx
        .prepare_cached("SELECT question_id FROM bank_order ORDER BY rank")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut put = tx.prepare_cached(
        "INSERT INTO bank_order (rank, question_id, level, category) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT(rank) DO UPDATE SET question_id = excluded.question_id, level = excluded.level, \
         category = excluded.category",
    )?;
    for (at, &i) in order.iter().enumerate() {
        let r = &rows[i];
        if old.get(at) != Some(&r.id) {
            put.execute(rusqlite::params![at as i64 + 1, r.id, r.level, r.category])?;
        }
    }
    tx.prepare_cached("DELETE FROM bank_order WHERE rank > ?1")?
        .execute([order.len() as i64])?;
    tx.execute_batch(
        "DELETE FROM bank_categories;
         INSERT INTO bank_categories (level, name, count, first_rank) \
             SELECT level, category, count(*), min(rank) FROM bank_order GROUP BY level, category;",
    )?;
    Ok(())
}

/// Whether the bank has not been numbered yet: data from before ranks were kept, or salvaged.
pub(super) fn ranks_stale(c: &rusqlite::Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM bank_categories) \
         AND EXISTS (SELECT 1 FROM questions WHERE hidden = 0)",
        [],
        |r| r.get(0),
    )?)
}

/// The one mapper from a question row (read with [`QUESTION_COLUMNS`]) to a question.
pub(super) fn question(r: &Row) -> rusqlite::Result<Question> {
    let text = |i: usize| r.get::<_, String>(i);
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, what.into())
    };
    Ok(Question {
        id: text(0)?,
        level: Level::parse(&text(1)?).ok_or_else(|| bad(1, "level"))?,
        category: text(2)?,
        kind: Kind::parse(&text(3)?).ok_or_else(|| bad(3, "kind"))?,
        difficulty: Difficulty::parse(&text(4)?).ok_or_else(|| bad(4, "difficulty"))?,
        minutes: r.get(5)?,
        prompt: text(6)?,
        seed: r.get(7)?,
        // A guide that does not read (the column's '{}' default, or a shape no version wrote)
        // shows as empty: one bad guide must not hide its question, or the list it is in.
        guide: serde_json::from_str::<Guide>(&text(8)?).unwrap_or_default(),
        // Read on its own by `Db::drill`: lists never need it.
        drill: None,
        line: 0,
    })
}

/// A question with its drill, from a row read with [`QUESTION_COLUMNS`] then `q.drill`: for the
/// reads that write a question back out (exports, the editor, copies), which must keep its cases.
pub(super) fn question_and_drill(r: &Row) -> rusqlite::Result<Question> {
    let mut q = question(r)?;
    q.drill = r
        .get::<_, Option<String>>(QUESTION_WIDTH)?
        .and_then(|t| serde_json::from_str(&t).ok());
    Ok(q)
}

/// The filters' SQL, on `questions q`, with [`FilterParams`]: visible questions only.
const FILTERS: &str = "q.hidden = 0 AND (:level IS NULL OR q.level = :level) \
     AND (:category IS NULL OR q.category = :category) AND (:kind IS NULL OR q.kind = :kind) \
     AND (:difficulty IS NULL OR q.difficulty = :difficulty) \
     AND (:tried IS NULL OR :tried = (EXISTS (SELECT 1 FROM reviews r WHERE r.question_id = q.id) \
          OR EXISTS (SELECT 1 FROM round_answers a WHERE a.question_id = q.id AND trim(a.body) <> '')))";

/// Search results are ranked by relevance when there are at most this many; beyond, they come in
/// the order the questions were added. Ranking reads every match, so its cost grows with their
/// number (about 80 ms for 96,000 matches of a one-letter prefix), while an unranked window reads
/// only its own rows. A few more letters typed bring a broad search under the limit.
const RANKED_AT_MOST: u32 = 500;

/// The longest word read through FTS5's prefix indexes (`prefix = '1 2 3'` in migration 008).
const PREFIX_INDEXED: usize = 3;
/// A longer word becomes the indexed terms it starts, when there are at most this many.
const MAX_TERMS: usize = 16;

/// The MATCH expression for `words`: a word of up to three letters reads its prefix index; a longer
/// one the few indexed terms it starts, from `search_terms` (FTS5 reads a prefix outside its
/// prefix indexes whole, about 10 ms for a word in 40% of 100,000 questions, where a union of
/// terms is read only as far as the window needs).
fn match_expr(c: &rusqlite::Connection, words: &Words) -> Result<String> {
    let mut st =
        c.prepare_cached("SELECT term FROM search_terms WHERE term >= ?1 AND term < ?2 LIMIT ?3")?;
    let mut failed = None;
    let expr = words.to_fts(|w| {
        if w.chars().count() <= PREFIX_INDEXED {
            return None;
        }
        let end = format!("{w}\u{10FFFF}");
        let terms = st
            .query_map(rusqlite::params![w, end, MAX_TERMS + 1], |r| {
                r.get::<_, String>(0)
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
        match terms {
            Ok(ts) if ts.len() <= MAX_TERMS => Some(ts),
            Ok(_) => None,
            Err(e) => {
                failed = Some(e);
                None
            }
        }
    });
    match failed {
        Some(e) => Err(e.into()),
        None => Ok(expr),
    }
}

/// Whether `f` holds a search and nothing else.
fn only_text(f: &QuestionFilter) -> bool {
    f.fts.is_some()
        && QuestionFilter {
            fts: None,
            ..f.clone()
        }
        .is_empty()
}

/// The values [`FILTERS`] binds, held so they can be lent to a statement.
struct FilterParams<'a> {
    level: Option<&'static str>,
    category: Option<&'a str>,
    kind: Option<&'static str>,
    difficulty: Option<&'static str>,
    tried: Option<bool>,
}

impl<'a> FilterParams<'a> {
    fn of(f: &'a QuestionFilter) -> Self {
        FilterParams {
            level: f.level.map(Level::as_str),
            category: f.category.as_deref(),
            kind: f.kind.map(Kind::as_str),
            difficulty: f.difficulty.map(Difficulty::as_str),
            tried: f.tried.map(|t| t == Tried::Before),
        }
    }

    fn bind(&self) -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
        vec![
            (":level", &self.level),
            (":category", &self.category),
            (":kind", &self.kind),
            (":difficulty", &self.difficulty),
            (":tried", &self.tried),
        ]
    }
}

/// A list row: a question (read with [`QUESTION_COLUMNS`]), then whether it has a note, then its rank.
fn summary_row(r: &Row, note_snippet: Option<String>) -> rusqlite::Result<QuestionSummary> {
    let mut s = summary(&question(r)?, r.get(QUESTION_WIDTH)?, note_snippet);
    s.rank = r.get::<_, Option<i64>>(QUESTION_WIDTH + 1)?.unwrap_or(0);
    Ok(s)
}

fn summary(q: &Question, has_note: bool, note_snippet: Option<String>) -> QuestionSummary {
    QuestionSummary {
        id: q.id.clone(),
        level: q.level.as_str().into(),
        category: q.category.clone(),
        kind: q.kind.as_str().into(),
        difficulty: q.difficulty.as_str().into(),
        minutes: q.minutes,
        prompt: q.prompt.clone(),
        has_note,
        rank: 0,
        note_snippet,
    }
}

impl Db {
    /// A window of the visible questions that pass `filter`: in bank order, or by relevance when
    /// searching. Never more than [`Window::MAX`] rows.
    pub fn list_questions(&self, f: &QuestionFilter, w: &Window) -> Result<Vec<QuestionSummary>> {
        let limit = w.limit.min(Window::MAX);
        self.read(|c| {
            let rows = if let Some(words) = &f.fts {
                let fts = &match_expr(c, words)?;
                let values = FilterParams::of(f);
                let mut params = values.bind();
                params.push((":fts", fts as &dyn rusqlite::ToSql));
                let many: bool = if only_text(f) {
                    c.prepare_cached(&format!(
                        "SELECT EXISTS (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT 1 OFFSET {RANKED_AT_MOST})"
                    ))?
                    .query_row([fts], |r| r.get(0))?
                } else {
                    c.prepare_cached(&format!(
                        "SELECT EXISTS (SELECT 1 FROM search JOIN questions q ON q.rowid = search.rowid \
                         WHERE search MATCH :fts AND {FILTERS} LIMIT 1 OFFSET {RANKED_AT_MOST})"
                    ))?
                    .query_row(params.as_slice(), |r| r.get(0))?
                };
                let order = if many { "search.rowid" } else { "search.rank" };
                let sql = format!(
                    "SELECT {QUESTION_COLUMNS}, {HAS_NOTE}, o.rank, snippet(search, 2, char(1), char(2), '…', 12) \
                     FROM search JOIN questions q ON q.rowid = search.rowid \
                     LEFT JOIN notes n ON n.question_id = q.id LEFT JOIN bank_order o ON o.question_id = q.id \
                     WHERE search MATCH :fts AND {FILTERS} ORDER BY {order} LIMIT :limit OFFSET :offset"
                );
                params.extend([(":limit", &limit as &dyn rusqlite::ToSql), (":offset", &w.offset)]);
                let mut st = c.prepare_cached(&sql)?;
                let rows = st.query_map(params.as_slice(), |r| {
                    let snip: String = r.get(QUESTION_WIDTH + 2)?;
                    let snip = snip.contains('\u{1}').then_some(snip);
                    summary_row(r, snip)
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            } else {
                // Ranks are dense over the visible bank, so without filters the window starts at
                // rank `offset + 1`; with them, at the row after `after` when the UI knows it. A
                // category is read through its index on the ranks.
                let (after, skip) = match w.after {
                    Some(after) => (after, 0),
                    None if f.is_empty() => (i64::from(w.offset), 0),
                    None => (0, w.offset),
                };
                let category = if f.category.is_some() { "AND o.category = :category" } else { "" };
                let sql = format!(
                    "SELECT {QUESTION_COLUMNS}, {HAS_NOTE}, o.rank FROM bank_order o \
                     JOIN questions q ON q.id = o.question_id LEFT JOIN notes n ON n.question_id = q.id \
                     WHERE o.rank > :after {category} AND {FILTERS} ORDER BY o.rank LIMIT :limit OFFSET :offset"
                );
                let values = FilterParams::of(f);
                let mut params = values.bind();
                params.extend([
                    (":after", &after as &dyn rusqlite::ToSql),
                    (":limit", &limit),
                    (":offset", &skip),
                ]);
                let mut st = c.prepare_cached(&sql)?;
                let rows = st.query_map(params.as_slice(), |r| summary_row(r, None))?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            Ok(rows)
        })
    }

    /// How many visible questions pass `filter`: from the category counts kept with the ranks when
    /// only a level or category is chosen, else counted.
    pub fn count_questions(&self, f: &QuestionFilter) -> Result<u32> {
        self.read(|c| {
            let count = if f.fts.is_none() && f.kind.is_none() && f.difficulty.is_none() && f.tried.is_none() {
                c.prepare_cached(
                    "SELECT coalesce(sum(count), 0) FROM bank_categories \
                     WHERE (:level IS NULL OR level = :level) AND (:category IS NULL OR name = :category)",
                )?
                .query_row(
                    named_params! {":level": f.level.map(Level::as_str), ":category": f.category.as_deref()},
                    |r| r.get(0),
                )?
            } else if let Some(words) = f.fts.as_ref().filter(|_| only_text(f)) {
                // The index holds the visible questions alone: its matches are the count.
                c.prepare_cached("SELECT count(*) FROM search WHERE search MATCH ?1")?
                    .query_row([match_expr(c, words)?], |r| r.get(0))?
            } else if let Some(words) = &f.fts {
                let fts = &match_expr(c, words)?;
                let values = FilterParams::of(f);
                let mut params = values.bind();
                params.push((":fts", fts as &dyn rusqlite::ToSql));
                c.prepare_cached(&format!(
                    "SELECT count(*) FROM search JOIN questions q ON q.rowid = search.rowid \
                     WHERE search MATCH :fts AND {FILTERS}"
                ))?
                .query_row(params.as_slice(), |r| r.get(0))?
            } else {
                c.prepare_cached(&format!(
                    "SELECT count(*) FROM questions q WHERE {FILTERS}"
                ))?
                .query_row(FilterParams::of(f).bind().as_slice(), |r| r.get(0))?
            };
            Ok(count)
        })
    }

    /// One question, hidden or not.
    pub fn question(&self, id: &str) -> Result<QuestionDetail> {
        self.read(|c| {
            let sql = format!(
                "SELECT {QUESTION_COLUMNS}, {HAS_NOTE}, q.pack_id, p.title, q.hidden, p.editable, o.rank, q.drill IS NOT NULL FROM questions q \
                 JOIN packs p ON p.id = q.pack_id LEFT JOIN notes n ON n.question_id = q.id \
                 LEFT JOIN bank_order o ON o.question_id = q.id WHERE q.id = ?1"
            );
            let found = c
                .prepare_cached(&sql)?
                .query_row([id], |r| {
                    let q = question(r)?;
                    let at = |i: usize| QUESTION_WIDTH + i;
                    let mut summary = summary(&q, r.get(at(0))?, None);
                    summary.rank = r.get::<_, Option<i64>>(at(5))?.unwrap_or(0);
                    Ok(QuestionDetail {
                        summary,
                        pack_id: r.get(at(1))?,
                        pack_title: r.get(at(2))?,
                        hidden: r.get(at(3))?,
                        seed: q.seed,
                        guide: q.guide,
                        editable: r.get(at(4))?,
                        runnable: r.get(at(6))?,
                    })
                })
                .optional()?;
            found.or_not_found(format!("question {id:?}"))
        })
    }

    /// Visible question counts per level and category, in bank order, for the filters.
    pub fn categories(&self) -> Result<Vec<CategoryCount>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT level, name, count FROM bank_categories ORDER BY level, first_rank",
            )?;
            let rows = st.query_map([], |r| {
                Ok(CategoryCount {
                    level: r.get(0)?,
                    name: r.get(1)?,
                    count: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every visible question a round may draw, in bank order.
    pub fn round_candidates(&self) -> Result<Vec<Candidate>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {QUESTION_COLUMNS}, q.drill IS NOT NULL FROM bank_order o JOIN questions q ON q.id = o.question_id ORDER BY o.rank"
            ))?;
            let rows = st.query_map([], |r| {
                let q = question(r)?;
                Ok(Candidate {
                    id: q.id,
                    level: q.level,
                    kind: q.kind,
                    category: q.category,
                    runnable: r.get(QUESTION_WIDTH)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Runs `f` with the pack-loading statements, inside one immediate transaction.
    pub fn load_packs<T>(&self, f: impl FnOnce(&BankTx) -> Result<T>) -> Result<T> {
        self.write(|tx| f(&BankTx { tx }))
    }
}

/// A pack file's size and modification time: when both are as recorded, the file is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: i64,
    pub modified_ns: i64,
}

/// What was last loaded from a pack file.
#[derive(Debug, Clone)]
pub struct KnownSource {
    pub hash: String,
    pub stamp: Option<Stamp>,
    pub bundled: bool,
}

/// Pack loading, inside a transaction: what was loaded before, who owns an id, and writing a pack.
pub struct BankTx<'a> {
    tx: &'a Transaction<'a>,
}

impl BankTx<'_> {
    /// Every pack file that loaded cleanly before, by file: what was loaded, and from where.
    pub fn sources(&self) -> Result<HashMap<String, KnownSource>> {
        let mut st = self.tx.prepare_cached(
            "SELECT s.file, s.content_hash, s.size, s.modified_ns, p.origin = 'bundled' \
             FROM pack_sources s LEFT JOIN packs p ON p.id = s.pack_id",
        )?;
        let rows = st.query_map([], |r| {
            let stamp = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?) {
                (Some(size), Some(ns)) => Some(Stamp {
                    size,
                    modified_ns: ns,
                }),
                _ => None,
            };
            Ok((
                r.get(0)?,
                KnownSource {
                    hash: r.get(1)?,
                    stamp,
                    bundled: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The file a pack id was last loaded from.
    pub fn pack_file(&self, pack_id: &str) -> Result<Option<String>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT file FROM packs WHERE id = ?1")?;
        Ok(st.query_row([pack_id], |r| r.get(0)).optional()?)
    }

    /// The pack that holds a question with this id, if taking it over would be wrong: a visible
    /// one, or any in a pack of the user's own (its notes must never move to a pack file's question).
    pub fn visible_owner(&self, question_id: &str) -> Result<Option<String>> {
        let mut st = self.tx.prepare_cached(
            "SELECT q.pack_id FROM questions q JOIN packs p ON p.id = q.pack_id \
             WHERE q.id = ?1 AND (q.hidden = 0 OR p.editable = 1)",
        )?;
        Ok(st.query_row([question_id], |r| r.get(0)).optional()?)
    }

    /// Upserts a pack loaded from a pack file (`Bundled` or `Folder`) and records the file's hash
    /// (and, for a file on disk, its size and time), so an unchanged file is skipped next time.
    pub fn apply_pack(
        &self,
        pack: &Pack,
        origin: Origin,
        file: &str,
        hash: &str,
        stamp: Option<Stamp>,
        now: i64,
    ) -> Result<()> {
        write_pack(self.tx, pack, origin, file, now, &HashSet::new())?;
        self.tx
            .prepare_cached(
                "INSERT INTO pack_sources (file, content_hash, pack_id, size, modified_ns) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT(file) DO UPDATE SET content_hash = excluded.content_hash, pack_id = excluded.pack_id, \
                 size = excluded.size, modified_ns = excluded.modified_ns",
            )?
            .execute(rusqlite::params![
                file,
                hash,
                pack.id,
                stamp.map(|s| s.size),
                stamp.map(|s| s.modified_ns)
            ])?;
        Ok(())
    }

    /// Records a pack file's new size and time when its content is unchanged.
    pub fn restamp(&self, file: &str, stamp: Option<Stamp>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE pack_sources SET size = ?2, modified_ns = ?3 WHERE file = ?1")?
            .execute(rusqlite::params![
                file,
                stamp.map(|s| s.size),
                stamp.map(|s| s.modified_ns)
            ])?;
        Ok(())
    }

    /// Whether a pack with this id lives in the database rather than in a file (the user's own).
    pub fn is_own_pack(&self, pack_id: &str) -> Result<bool> {
        let mut st = self
            .tx
            .prepare_cached("SELECT editable FROM packs WHERE id = ?1")?;
        Ok(st
            .query_row([pack_id], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }

    /// A pack file that is gone: its questions are hidden (never deleted) and its hash forgotten.
    pub fn retire_source(&self, file: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE questions SET hidden = 1 WHERE pack_id IN \
                 (SELECT pack_id FROM pack_sources WHERE file = ?1) AND pack_id NOT IN \
                 (SELECT pack_id FROM pack_sources WHERE file <> ?1)",
            )?
            .execute([file])?;
        self.tx
            .prepare_cached("DELETE FROM pack_sources WHERE file = ?1")?
            .execute([file])?;
        Ok(())
    }

    /// Numbers the bank again after packs changed: see [`renumber`].
    pub fn renumber(&self) -> Result<()> {
        renumber(self.tx)
    }

    /// Visible questions in the whole bank, as last numbered (see [`renumber`]).
    pub fn visible_count(&self) -> Result<u32> {
        Ok(self
            .tx
            .prepare_cached("SELECT coalesce(sum(count), 0) FROM bank_categories")?
            .query_row([], |r| r.get(0))?)
    }
}

/// Upserts a pack and its questions by id, and hides the pack's questions that are gone from it.
/// Questions in `keep` are left exactly as they are, whether the pack has them or not.
pub(super) fn write_pack(
    tx: &Transaction,
    pack: &Pack,
    origin: Origin,
    file: &str,
    now: i64,
    keep: &HashSet<String>,
) -> Result<()> {
    let (origin, editable) = origin.columns();
    tx.prepare_cached(
        "INSERT INTO packs (id, title, description, source, license, origin, editable, file, loaded_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET title = excluded.title, \
         description = excluded.description, source = excluded.source, license = excluded.license, \
         origin = excluded.origin, editable = excluded.editable, file = excluded.file, loaded_at = excluded.loaded_at",
    )?
    .execute(rusqlite::params![pack.id, pack.title, pack.description, pack.source, pack.license, origin, editable, file, now])?;
    // The pack's questions are indexed for search together at the end (migration 009).
    tx.prepare_cached("INSERT INTO search_deferred (only) VALUES (1)")?
        .execute([])?;
    let mut hide =
        tx.prepare_cached("UPDATE questions SET hidden = 1 WHERE pack_id = ?1 AND id = ?2")?;
    let mut ids = tx.prepare_cached("SELECT id FROM questions WHERE pack_id = ?1")?;
    let current: Vec<String> = ids
        .query_map([&pack.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in current.iter().filter(|id| !keep.contains(*id)) {
        hide.execute([&pack.id, id])?;
    }
    for (i, q) in pack.questions.iter().enumerate() {
        if !keep.contains(&q.id) {
            upsert_question(tx, &pack.id, q, i as i64)?;
        }
    }
    tx.prepare_cached(
        "DELETE FROM search WHERE rowid IN (SELECT rowid FROM questions WHERE pack_id = ?1)",
    )?
    .execute([&pack.id])?;
    tx.prepare_cached(
        "INSERT INTO search (rowid, prompt, category, note) \
         SELECT q.rowid, q.prompt, q.category, coalesce(n.body, '') FROM questions q \
         LEFT JOIN notes n ON n.question_id = q.id WHERE q.pack_id = ?1 AND q.hidden = 0",
    )?
    .execute([&pack.id])?;
    tx.prepare_cached("DELETE FROM search_deferred")?
        .execute([])?;
    Ok(())
}

/// Writes one question (visible) at `position` in its pack.
pub(super) fn upsert_question(
    tx: &Transaction,
    pack_id: &str,
    q: &Question,
    position: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO questions (id, pack_id, level, category, kind, difficulty, minutes, prompt, position, hidden, seed, guide, drill) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11, ?12) ON CONFLICT(id) DO UPDATE SET pack_id = excluded.pack_id, \
         level = excluded.level, category = excluded.category, kind = excluded.kind, difficulty = excluded.difficulty, \
         minutes = excluded.minutes, prompt = excluded.prompt, position = excluded.position, hidden = 0, \
         seed = excluded.seed, guide = excluded.guide, drill = excluded.drill",
    )?
    .execute(rusqlite::params![
        q.id,
        pack_id,
        q.level.as_str(),
        q.category,
        q.kind.as_str(),
        q.difficulty.as_str(),
        q.minutes,
        q.prompt,
        position,
        q.seed,
        serde_json::to_string(&q.guide)?,
        q.drill.as_ref().map(serde_json::to_string).transpose()?
    ])?;
    Ok(())
}
