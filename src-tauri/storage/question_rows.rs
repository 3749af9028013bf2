//! SQL for packs and questions: loading packs, and listing, filtering and searching questions.

use super::pack_rows::Origin;
use super::Db;
use crate::domain::pack::{Difficulty, Guide, Kind, Level, Pack, Question};
use crate::domain::template::Candidate;
use crate::error::{OrNotFound, Result};
use rusqlite::{named_params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The filters of the question list. Every field is optional; `text` is an FTS5 query already made
/// safe by `domain::search::fts_query`.
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
    pub fts: Option<String>,
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

/// The questions joined with their pack and with where their category first appears in the bank:
/// bundled packs before the user's, then by pack id and position. char(1) sorts before any id
/// character, so "ml-engineer" comes before "ml-engineer-foundations".
pub(super) const BANK_FROM: &str = "questions q JOIN packs p ON p.id = q.pack_id \
     JOIN (SELECT q2.level AS level, q2.category AS category, \
           min(p2.origin || char(1) || p2.id || char(1) || printf('%06d', q2.position)) AS first \
           FROM questions q2 JOIN packs p2 ON p2.id = q2.pack_id WHERE q2.hidden = 0 \
           GROUP BY q2.level, q2.category) cat ON cat.level = q.level AND cat.category = q.category";

/// Bank order: by level, each category once (where it first appears), then pack and position.
pub(super) const BANK_ORDER: &str = "q.level, cat.first, p.origin, p.id, q.position";

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
        line: 0,
    })
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
        note_snippet,
    }
}

impl Db {
    /// The visible questions that pass `filter`: in pack order, or by relevance when searching.
    pub fn list_questions(&self, f: &QuestionFilter) -> Result<Vec<QuestionSummary>> {
        let filters = "q.hidden = 0 AND (:level IS NULL OR q.level = :level) \
             AND (:category IS NULL OR q.category = :category) AND (:kind IS NULL OR q.kind = :kind) \
             AND (:difficulty IS NULL OR q.difficulty = :difficulty) \
             AND (:tried IS NULL OR :tried = (EXISTS (SELECT 1 FROM reviews r WHERE r.question_id = q.id) \
                  OR EXISTS (SELECT 1 FROM round_answers a WHERE a.question_id = q.id AND trim(a.body) <> '')))";
        let params = named_params! {
            ":level": f.level.map(Level::as_str),
            ":category": f.category.as_deref(),
            ":kind": f.kind.map(Kind::as_str),
            ":difficulty": f.difficulty.map(Difficulty::as_str),
            ":tried": f.tried.map(|t| t == Tried::Before),
        };
        self.read(|c| {
            let rows = if let Some(fts) = &f.fts {
                let sql = format!(
                    "SELECT {QUESTION_COLUMNS}, {HAS_NOTE}, snippet(search, 2, char(1), char(2), '…', 12) \
                     FROM search JOIN questions q ON q.rowid = search.rowid \
                     LEFT JOIN notes n ON n.question_id = q.id \
                     WHERE search MATCH :fts AND {filters} ORDER BY bm25(search, 4.0, 2.0, 1.0), q.position"
                );
                let mut params = params.to_vec();
                params.push((":fts", fts as &dyn rusqlite::ToSql));
                let mut st = c.prepare_cached(&sql)?;
                let rows = st.query_map(params.as_slice(), |r| {
                    let snip: String = r.get(QUESTION_WIDTH + 1)?;
                    let snip = snip.contains('\u{1}').then_some(snip);
                    Ok(summary(&question(r)?, r.get(QUESTION_WIDTH)?, snip))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            } else {
                let sql = format!(
                    "SELECT {QUESTION_COLUMNS}, {HAS_NOTE} FROM {BANK_FROM} LEFT JOIN notes n ON n.question_id = q.id \
                     WHERE {filters} ORDER BY {BANK_ORDER}"
                );
                let mut st = c.prepare_cached(&sql)?;
                let rows = st.query_map(params, |r| {
                    Ok(summary(&question(r)?, r.get(QUESTION_WIDTH)?, None))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            Ok(rows)
        })
    }

    /// One question, hidden or not.
    pub fn question(&self, id: &str) -> Result<QuestionDetail> {
        self.read(|c| {
            let sql = format!(
                "SELECT {QUESTION_COLUMNS}, {HAS_NOTE}, q.pack_id, p.title, q.hidden, p.editable FROM questions q \
                 JOIN packs p ON p.id = q.pack_id LEFT JOIN notes n ON n.question_id = q.id WHERE q.id = ?1"
            );
            let found = c
                .prepare_cached(&sql)?
                .query_row([id], |r| {
                    let q = question(r)?;
                    let at = |i: usize| QUESTION_WIDTH + i;
                    Ok(QuestionDetail {
                        summary: summary(&q, r.get(at(0))?, None),
                        pack_id: r.get(at(1))?,
                        pack_title: r.get(at(2))?,
                        hidden: r.get(at(3))?,
                        seed: q.seed,
                        guide: q.guide,
                        editable: r.get(at(4))?,
                    })
                })
                .optional()?;
            found.or_not_found(format!("question {id:?}"))
        })
    }

    /// Visible question counts per level and category, in bank order, for the filters.
    pub fn categories(&self) -> Result<Vec<CategoryCount>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT q.level, q.category, count(*) FROM {BANK_FROM} \
                 WHERE q.hidden = 0 GROUP BY q.level, q.category ORDER BY q.level, cat.first"
            ))?;
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
                "SELECT {QUESTION_COLUMNS} FROM {BANK_FROM} WHERE q.hidden = 0 ORDER BY {BANK_ORDER}"
            ))?;
            let rows = st.query_map([], |r| {
                let q = question(r)?;
                Ok(Candidate {
                    id: q.id,
                    level: q.level,
                    kind: q.kind,
                    category: q.category,
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

/// Pack loading, inside a transaction: what was loaded before, who owns an id, and writing a pack.
pub struct BankTx<'a> {
    tx: &'a Transaction<'a>,
}

impl BankTx<'_> {
    /// Content hash of every pack file that loaded cleanly before, by file.
    pub fn source_hashes(&self) -> Result<HashMap<String, String>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT file, content_hash FROM pack_sources")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
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

    /// Upserts a pack loaded from a pack file (`Bundled` or `Folder`) and records the file's hash, so
    /// an unchanged file is skipped next time.
    pub fn apply_pack(
        &self,
        pack: &Pack,
        origin: Origin,
        file: &str,
        hash: &str,
        now: i64,
    ) -> Result<()> {
        write_pack(self.tx, pack, origin, file, now, &HashSet::new())?;
        self.tx
            .prepare_cached(
                "INSERT INTO pack_sources (file, content_hash, pack_id) VALUES (?1, ?2, ?3) \
                 ON CONFLICT(file) DO UPDATE SET content_hash = excluded.content_hash, pack_id = excluded.pack_id",
            )?
            .execute([file, hash, &pack.id])?;
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

    /// Visible questions in the whole bank.
    pub fn visible_count(&self) -> Result<u32> {
        Ok(self
            .tx
            .prepare_cached("SELECT count(*) FROM questions WHERE hidden = 0")?
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
        "INSERT INTO questions (id, pack_id, level, category, kind, difficulty, minutes, prompt, position, hidden, seed, guide) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11) ON CONFLICT(id) DO UPDATE SET pack_id = excluded.pack_id, \
         level = excluded.level, category = excluded.category, kind = excluded.kind, difficulty = excluded.difficulty, \
         minutes = excluded.minutes, prompt = excluded.prompt, position = excluded.position, hidden = 0, \
         seed = excluded.seed, guide = excluded.guide",
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
        serde_json::to_string(&q.guide)?
    ])?;
    Ok(())
}
