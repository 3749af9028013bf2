//! SQL for packs as wholes: listing them, and the packs a user owns (imported from a file or written
//! in the app), which live only here and are edited and removed here.

use super::question_rows::{
    question, question_and_drill, renumber, upsert_question, write_pack, Window, QUESTION_COLUMNS,
};
use super::Db;
use crate::domain::formats::{self, preview::Known, reading::Reading, Existing};
use crate::domain::pack::{Pack, Question};
use crate::error::{Error, OrNotFound, Result};
use rusqlite::{named_params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Where a pack comes from. The UI reads it as `origin` ("bundled", "folder" or "own").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Built into the app.
    Bundled,
    /// A pack file in the user's packs folder.
    Folder,
    /// Imported from a file or written in the app: it lives only in the database, and is editable.
    Own,
}

impl Origin {
    /// The `packs.origin` and `packs.editable` columns that record it: the one place they are
    /// mapped. `origin` predates packs of the user's own and holds only where a pack file was found
    /// ('bundled' or 'user', as its CHECK requires), so an own pack is 'user' and editable.
    pub(super) fn columns(self) -> (&'static str, bool) {
        match self {
            Origin::Bundled => ("bundled", false),
            Origin::Folder => ("user", false),
            Origin::Own => ("user", true),
        }
    }

    fn from_columns(origin: &str, editable: bool) -> Origin {
        match (editable, origin) {
            (true, _) => Origin::Own,
            (false, "bundled") => Origin::Bundled,
            _ => Origin::Folder,
        }
    }
}

/// A pack as the library lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub license: String,
    pub origin: Origin,
    pub imported_from: Option<String>,
    pub format: Option<String>,
    pub questions: u32,
}

/// What the user sets on a pack of their own.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackMeta {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub license: String,
}

/// A pack of the user's own, with a window of its questions, for the editor.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnPack {
    pub info: PackInfo,
    pub questions: Vec<Question>,
}

const INFO_COLUMNS: &str = "p.id, p.title, p.description, p.source, p.license, p.origin, p.editable, \
     p.imported_from, p.format, (SELECT count(*) FROM questions q WHERE q.pack_id = p.id AND q.hidden = 0)";

fn info(r: &Row) -> rusqlite::Result<PackInfo> {
    Ok(PackInfo {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        source: r.get(3)?,
        license: r.get(4)?,
        origin: Origin::from_columns(&r.get::<_, String>(5)?, r.get(6)?),
        imported_from: r.get(7)?,
        format: r.get(8)?,
        questions: r.get(9)?,
    })
}

impl Db {
    /// Every pack still in the library: bundled ones first, then the packs folder's, then the
    /// user's own, each by title.
    pub fn packs(&self) -> Result<Vec<PackInfo>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {INFO_COLUMNS} FROM packs p WHERE p.removed_at IS NULL \
                 AND (p.editable = 1 OR EXISTS (SELECT 1 FROM questions q WHERE q.pack_id = p.id AND q.hidden = 0)) \
                 ORDER BY p.editable, p.origin, p.title COLLATE NOCASE"
            ))?;
            let rows = st.query_map([], info)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// A pack with its visible questions in order, as a pack file would hold it.
    pub fn pack(&self, id: &str) -> Result<Pack> {
        let own = self.own_pack_any(id, None)?;
        Ok(Pack {
            id: own.info.id,
            title: own.info.title,
            description: own.info.description,
            source: own.info.source,
            license: own.info.license,
            questions: own.questions,
        })
    }

    /// A pack of the user's own, with the window `w` of its visible questions in order, for the
    /// editor. `info.questions` counts them all.
    pub fn own_pack(&self, id: &str, w: &Window) -> Result<OwnPack> {
        let pack = self.own_pack_any(id, Some(w))?;
        if pack.info.origin != Origin::Own {
            return Err(Error::Invalid(format!(
                "“{}” is built in and cannot be edited; copy its questions to a pack of your own",
                pack.info.title
            )));
        }
        Ok(pack)
    }

    /// A pack with its visible questions in order: those in `w`, or all of them.
    fn own_pack_any(&self, id: &str, w: Option<&Window>) -> Result<OwnPack> {
        let (offset, limit) =
            w.map_or((0, -1), |w| (w.offset, i64::from(w.limit.min(Window::MAX))));
        self.read(|c| {
            let info = c
                .prepare_cached(&format!(
                    "SELECT {INFO_COLUMNS} FROM packs p WHERE p.id = ?1 AND p.removed_at IS NULL"
                ))?
                .query_row([id], info)
                .optional()?
                .or_not_found(format!("pack {id:?}"))?;
            let mut st = c.prepare_cached(&format!(
                "SELECT {QUESTION_COLUMNS}, q.drill FROM questions q WHERE q.pack_id = ?1 AND q.hidden = 0 \
                 ORDER BY q.position LIMIT ?2 OFFSET ?3"
            ))?;
            let questions = st
                .query_map(rusqlite::params![id, limit, offset], question_and_drill)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(OwnPack { info, questions })
        })
    }

    /// A visible question in a pack of the user's own, for the editor.
    pub fn own_question(&self, id: &str) -> Result<Question> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {QUESTION_COLUMNS}, q.drill FROM questions q JOIN packs p ON p.id = q.pack_id \
                 WHERE q.id = ?1 AND q.hidden = 0 AND p.editable = 1 AND p.removed_at IS NULL"
            ))?
            .query_row([id], question_and_drill)
            .optional()?
            .or_not_found(format!("question {id:?} in a pack of your own"))
        })
    }

    /// Who already has a pack with this id, if anyone: `Some(info)` for a live or removed pack.
    pub fn pack_owner(&self, id: &str) -> Result<Option<(PackInfo, bool)>> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {INFO_COLUMNS}, p.removed_at IS NOT NULL FROM packs p WHERE p.id = ?1"
            ))?
            .query_row([id], |r| Ok((info(r)?, r.get(10)?)))
            .optional()?)
        })
    }

    /// The questions a pack holds, visible ones first in order, so a re-import keeps their ids.
    pub fn existing_questions(&self, pack_id: &str) -> Result<Vec<Existing>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, category, prompt, hidden = 0, edited_at IS NOT NULL FROM questions \
                 WHERE pack_id = ?1 ORDER BY hidden, position",
            )?;
            let rows = st.query_map([pack_id], |r| {
                Ok(Existing {
                    id: r.get(0)?,
                    category: r.get(1)?,
                    prompt: r.get(2)?,
                    visible: r.get(3)?,
                    edited: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The user's pack last imported from `file` (removed or not), so importing it again updates it.
    pub fn pack_imported_from(&self, file: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT id FROM packs WHERE editable = 1 AND imported_from = ?1 ORDER BY loaded_at DESC LIMIT 1",
            )?
            .query_row([file], |r| r.get(0))
            .optional()?)
        })
    }

    /// `base`, or `base-2`, `base-3`... whichever no pack has (removed ones included).
    pub fn free_pack_id(&self, base: &str) -> Result<String> {
        self.read(|c| free_id(c, PACK_EXISTS, base))
    }

    /// The ids among `ids` that belong to another pack than `pack_id`, hidden questions included
    /// (taking one over would move its notes), with that pack's title.
    pub fn foreign_question_ids(
        &self,
        pack_id: &str,
        ids: &[&str],
    ) -> Result<Vec<(String, String)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT p.title FROM questions q JOIN packs p ON p.id = q.pack_id WHERE q.id = ?1 AND q.pack_id <> ?2",
            )?;
            let mut out = Vec::new();
            for id in ids {
                if let Some(title) = st.query_row([id, &pack_id], |r| r.get::<_, String>(0)).optional()? {
                    out.push((id.to_string(), title));
                }
            }
            Ok(out)
        })
    }

    /// Every visible question outside `pack_id`, to find duplicates of an import.
    pub fn bank_prompts_outside(&self, pack_id: &str) -> Result<Vec<Known>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT q.id, p.title, q.prompt FROM questions q JOIN packs p ON p.id = q.pack_id \
                 WHERE q.hidden = 0 AND q.pack_id <> ?1",
            )?;
            let rows = st.query_map([pack_id], |r| {
                Ok(Known {
                    id: r.get(0)?,
                    pack_title: r.get(1)?,
                    prompt: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Writes an imported pack as one of the user's own, replacing what an earlier import of it
    /// held: questions gone from the file are hidden (their notes kept), but questions the user
    /// wrote or changed in the app are left as they are. Bringing back a removed pack restores it as
    /// the file has it. Refused if the id belongs to a pack that is not the user's, or a question id
    /// (even a hidden one) to another pack.
    /// Writes an imported pack, and for a note the reading it was imported with (and the SHA-256
    /// of the file), in one transaction.
    pub fn import_pack(
        &self,
        pack: &Pack,
        from: &str,
        format: &str,
        reading: Option<(&Reading, &str)>,
        now: i64,
    ) -> Result<()> {
        self.write(|tx| {
            let state = pack_state(tx, &pack.id)?;
            if let Some((false, _)) = state {
                return Err(Error::Invalid(format!(
                    "pack id {:?} belongs to a built-in pack or a file in your packs folder; \
                     give the imported pack another id",
                    pack.id
                )));
            }
            for q in &pack.questions {
                if let Some((owner, _)) = question_pack(tx, &q.id)?.filter(|(o, _)| *o != pack.id) {
                    return Err(Error::Invalid(format!(
                        "question id {:?} is already used by pack {owner:?}",
                        q.id
                    )));
                }
            }
            let keep: HashSet<String> = if state == Some((true, false)) {
                let mut st = tx.prepare_cached(
                    "SELECT id FROM questions WHERE pack_id = ?1 AND hidden = 0 AND edited_at IS NOT NULL",
                )?;
                let ids = st.query_map([&pack.id], |r| r.get(0))?;
                ids.collect::<rusqlite::Result<_>>()?
            } else {
                HashSet::new()
            };
            write_pack(tx, pack, Origin::Own, from, now, &keep)?;
            tx.prepare_cached(
                "UPDATE packs SET imported_from = ?2, format = ?3, removed_at = NULL WHERE id = ?1",
            )?
            .execute(rusqlite::params![pack.id, from, format])?;
            if let Some((reading, hash)) = reading {
                remember_reading(tx, from, reading, hash, now)?;
            }
            renumber(tx)
        })
    }

    /// Makes an empty pack of the user's own and returns its id (from its title, made unique).
    pub fn create_pack(&self, meta: &PackMeta, now: i64) -> Result<String> {
        let meta = checked(meta)?;
        self.write(|tx| {
            let id = free_id(tx, PACK_EXISTS, &formats::slug(&meta.title, 40, "my-pack"))?;
            let (origin, editable) = Origin::Own.columns();
            tx.prepare_cached(
                "INSERT INTO packs (id, title, description, source, license, origin, file, loaded_at, editable) \
                 VALUES (:id, :title, :description, :source, :license, :origin, '', :now, :editable)",
            )?
            .execute(named_params! {
                ":id": id, ":title": meta.title, ":description": meta.description,
                ":source": meta.source, ":license": meta.license, ":now": now,
                ":origin": origin, ":editable": editable,
            })?;
            Ok(id)
        })
    }

    pub fn update_pack(&self, id: &str, meta: &PackMeta) -> Result<()> {
        let meta = checked(meta)?;
        self.write(|tx| {
            own(tx, id)?;
            tx.prepare_cached(
                "UPDATE packs SET title = :title, description = :description, source = :source, \
                 license = :license WHERE id = :id",
            )?
            .execute(named_params! {
                ":id": id, ":title": meta.title, ":description": meta.description,
                ":source": meta.source, ":license": meta.license,
            })?;
            Ok(())
        })
    }

    /// Removes a pack of the user's own: it leaves the library and its questions the bank, but
    /// every note and round on them stays. Importing it again brings it back.
    pub fn remove_pack(&self, id: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            own(tx, id)?;
            tx.prepare_cached("UPDATE packs SET removed_at = ?2 WHERE id = ?1")?
                .execute(rusqlite::params![id, now])?;
            tx.prepare_cached("UPDATE questions SET hidden = 1 WHERE pack_id = ?1")?
                .execute([id])?;
            renumber(tx)
        })
    }

    /// Adds (empty id) or updates a question in a pack of the user's own, and returns its id. A
    /// new question's id comes from its prompt and never changes after. Marked as the user's, so a
    /// re-import of the pack's file leaves it alone.
    pub fn save_question(&self, pack_id: &str, q: &Question, now: i64) -> Result<String> {
        self.write(|tx| {
            own(tx, pack_id)?;
            let (id, position) = if q.id.is_empty() {
                let base = format!("{pack_id}.{}", formats::slug(&q.prompt, 36, "question"));
                let id = free_id(tx, "SELECT 1 FROM questions WHERE id = ?1", &base)?;
                let next: i64 = tx
                    .prepare_cached(
                        "SELECT coalesce(max(position) + 1, 0) FROM questions WHERE pack_id = ?1",
                    )?
                    .query_row([pack_id], |r| r.get(0))?;
                (id, next)
            } else {
                match question_pack(tx, &q.id)? {
                    Some((p, pos)) if p == pack_id => (q.id.clone(), pos),
                    _ => {
                        return Err(Error::NotFound(format!(
                            "question {:?} in pack {pack_id:?}",
                            q.id
                        )))
                    }
                }
            };
            // Only a new question, or one moved to another level or category, changes bank order.
            let place: Option<(String, String)> = tx
                .prepare_cached(
                    "SELECT level, category FROM questions WHERE id = ?1 AND hidden = 0",
                )?
                .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            upsert_question(
                tx,
                pack_id,
                &Question {
                    id: id.clone(),
                    ..q.clone()
                },
                position,
            )?;
            tx.prepare_cached("UPDATE questions SET edited_at = ?2 WHERE id = ?1")?
                .execute(rusqlite::params![id, now])?;
            if place != Some((q.level.as_str().into(), q.category.clone())) {
                renumber(tx)?;
            }
            Ok(id)
        })
    }

    /// Deletes a question of the user's own softly: it leaves the bank, its notes and rounds stay.
    pub fn delete_question(&self, id: &str) -> Result<()> {
        self.write(|tx| {
            let (pack_id, _) = question_pack(tx, id)?.or_not_found(format!("question {id:?}"))?;
            own(tx, &pack_id)?;
            tx.prepare_cached("UPDATE questions SET hidden = 1 WHERE id = ?1")?
                .execute([id])?;
            renumber(tx)
        })
    }

    /// Every question in the bank, in bank order, as packs hold them.
    pub fn bank_questions(&self) -> Result<Vec<Question>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {QUESTION_COLUMNS} FROM bank_order o JOIN questions q ON q.id = o.question_id ORDER BY o.rank"
            ))?;
            let rows = st.query_map([], question)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// One question as a pack holds it (for copying it into a pack of the user's own).
    pub fn pack_question(&self, id: &str) -> Result<Question> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {QUESTION_COLUMNS}, q.drill FROM questions q WHERE q.id = ?1"
            ))?
            .query_row([id], question_and_drill)
            .optional()?
            .or_not_found(format!("question {id:?}"))
        })
    }
}

fn checked(meta: &PackMeta) -> Result<PackMeta> {
    let title = meta.title.trim();
    if title.is_empty() {
        return Err(Error::Invalid("a pack needs a title".into()));
    }
    Ok(PackMeta {
        title: title.into(),
        description: meta.description.trim().into(),
        source: match meta.source.trim() {
            "" => "Written in Onsite".into(),
            s => s.into(),
        },
        license: match meta.license.trim() {
            "" => formats::NO_LICENSE.into(),
            s => s.into(),
        },
    })
}

/// `base`, or `base-2`, `base-3`... whichever `exists` (a query taking the id) finds nothing for.
fn free_id(c: &rusqlite::Connection, exists: &str, base: &str) -> Result<String> {
    let mut st = c.prepare_cached(exists)?;
    for n in 1.. {
        let id = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        if !st.exists([&id])? {
            return Ok(id);
        }
    }
    unreachable!("some numbered id is free")
}

const PACK_EXISTS: &str = "SELECT 1 FROM packs WHERE id = ?1";

/// Whether a pack is the user's own and whether it was removed; `None` if no pack has the id.
fn pack_state(tx: &Transaction, id: &str) -> Result<Option<(bool, bool)>> {
    Ok(tx
        .prepare_cached("SELECT editable, removed_at IS NOT NULL FROM packs WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Refuses anything but a live pack of the user's own.
fn own(tx: &Transaction, id: &str) -> Result<()> {
    match pack_state(tx, id)? {
        None | Some((_, true)) => Err(Error::NotFound(format!("pack {id:?}"))),
        Some((false, _)) => Err(Error::Invalid(
            "built-in packs cannot be edited; copy the question to a pack of your own".into(),
        )),
        Some((true, false)) => Ok(()),
    }
}

/// The pack a question belongs to, and its position there.
fn question_pack(tx: &Transaction, id: &str) -> Result<Option<(String, i64)>> {
    Ok(tx
        .prepare_cached("SELECT pack_id, position FROM questions WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

impl Db {
    /// How the user last corrected the reading of the note at `path`, if they did, with the
    /// SHA-256 of the file it was made on. A reading stored by a later version that this one cannot
    /// read counts as none.
    pub fn saved_reading(&self, path: &str) -> Result<Option<(Reading, String)>> {
        let row: Option<(String, String)> = self.read(|c| {
            Ok(
                c.prepare_cached("SELECT reading, sha256 FROM import_readings WHERE path = ?1")?
                    .query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
            )
        })?;
        Ok(row.and_then(|(json, hash)| Some((serde_json::from_str(&json).ok()?, hash))))
    }
}

/// Keeps the reading the note at `path` was imported with; an uncorrected reading clears what was
/// kept.
fn remember_reading(
    tx: &Transaction,
    path: &str,
    reading: &Reading,
    hash: &str,
    now: i64,
) -> Result<()> {
    if *reading == Reading::default() {
        tx.prepare_cached("DELETE FROM import_readings WHERE path = ?1")?
            .execute([path])?;
    } else {
        tx.prepare_cached(
            "INSERT INTO import_readings (path, reading, sha256, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(path) DO UPDATE SET reading = excluded.reading, sha256 = excluded.sha256, \
             updated_at = excluded.updated_at",
        )?
        .execute(rusqlite::params![path, serde_json::to_string(reading)?, hash, now])?;
    }
    Ok(())
}
