//! SQL for reading the collection inside an Anki package (`.apkg`): its notes, with the deck of
//! each note's first card. The file is opened read-only and never changed.

use crate::domain::formats::anki::PackageNote;
use crate::error::Result;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;

/// The notes of the collection at `path`, in the order they were added.
pub fn anki_notes(path: &Path) -> Result<Vec<PackageNote>> {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let decks = deck_names(&c)?;
    let mut st = c.prepare(
        "SELECT n.flds, n.tags, (SELECT c.did FROM cards c WHERE c.nid = n.id ORDER BY c.ord LIMIT 1) \
         FROM notes n ORDER BY n.id",
    )?;
    let notes = st
        .query_map([], |r| {
            let fields: String = r.get(0)?;
            let tags: String = r.get(1)?;
            let deck: Option<i64> = r.get(2)?;
            Ok(PackageNote {
                fields: fields.split('\u{1f}').map(Into::into).collect(),
                tags: tags.split_whitespace().map(Into::into).collect(),
                deck: deck
                    .and_then(|d| decks.get(&d).cloned())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(notes)
}

/// Deck names by id, as `Parent::Child`: from the `decks` table of current collections (which
/// separate levels with U+001F), or the JSON in `col.decks` of legacy ones.
fn deck_names(c: &Connection) -> Result<HashMap<i64, String>> {
    let has_table: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decks')",
        [],
        |r| r.get(0),
    )?;
    if has_table {
        let mut st = c.prepare("SELECT id, name FROM decks")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?.replace('\u{1f}', "::"),
            ))
        })?;
        return Ok(rows.collect::<rusqlite::Result<_>>()?);
    }
    let json: String = c.query_row("SELECT decks FROM col", [], |r| r.get(0))?;
    let decks: HashMap<String, serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    Ok(decks
        .into_iter()
        .filter_map(|(id, d)| Some((id.parse().ok()?, d.get("name")?.as_str()?.to_string())))
        .collect())
}
