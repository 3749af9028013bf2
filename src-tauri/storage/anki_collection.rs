//! SQL for reading the collection inside an Anki package (`.apkg`): its notes, with the home deck
//! of each note's first card. The file is a stranger's: it is opened read-only, only real tables are
//! read, and a read that runs too long is stopped.

use crate::domain::formats::anki::PackageNote;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Anki's own first deck, named "Default" in the user's language: notes there have no deck.
const DEFAULT_DECK: i64 = 1;
/// The most notes read from one package.
pub const MAX_NOTES: usize = 100_000;
/// How long reading a collection may take before it is stopped (a crafted file can hold views
/// that never end).
const READ_LIMIT: Duration = Duration::from_secs(20);

/// The notes of the collection at `path`, in the order they were added.
pub fn anki_notes(path: &Path) -> Result<Vec<PackageNote>> {
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    c.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON;")?;
    for table in ["notes", "cards", "col"] {
        if !is_table(&c, table)? {
            return Err(Error::Invalid(format!("it has no {table} table")));
        }
    }
    // Stops the read at the limit; ends early when the read does.
    let interrupt = c.get_interrupt_handle();
    let (done, finished) = mpsc::channel::<()>();
    let watch = std::thread::spawn(move || {
        if finished.recv_timeout(READ_LIMIT).is_err() {
            interrupt.interrupt();
        }
    });
    let notes = read_notes(&c);
    let _ = done.send(());
    let _ = watch.join();
    notes.map_err(|e| match e {
        Error::Db(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            Error::Invalid(format!(
                "reading its notes took more than {} s",
                READ_LIMIT.as_secs()
            ))
        }
        e => e,
    })
}

fn read_notes(c: &Connection) -> Result<Vec<PackageNote>> {
    let decks = deck_names(c)?;
    // A card in a filtered deck keeps its home deck in `odid`.
    let mut st = c.prepare(
        "SELECT n.flds, n.tags, (SELECT CASE WHEN c.odid <> 0 THEN c.odid ELSE c.did END FROM cards c \
         WHERE c.nid = n.id ORDER BY c.ord LIMIT 1) FROM notes n ORDER BY n.id LIMIT ?1",
    )?;
    let notes = st
        .query_map([MAX_NOTES as i64 + 1], |r| {
            let fields: String = r.get(0)?;
            let tags: String = r.get(1)?;
            let deck: Option<i64> = r.get(2)?;
            Ok(PackageNote {
                fields: fields.split('\u{1f}').map(Into::into).collect(),
                tags: tags.split_whitespace().map(Into::into).collect(),
                deck: deck
                    .filter(|&d| d != DEFAULT_DECK)
                    .and_then(|d| decks.get(&d).cloned())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if notes.len() > MAX_NOTES {
        return Err(Error::Invalid(format!(
            "it holds more than {MAX_NOTES} notes"
        )));
    }
    Ok(notes)
}

fn is_table(c: &Connection, name: &str) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

/// Deck names by id, as `Parent::Child`: from the `decks` table of current collections (which
/// separate levels with U+001F), or the JSON in `col.decks` of legacy ones.
fn deck_names(c: &Connection) -> Result<HashMap<i64, String>> {
    if is_table(c, "decks")? {
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
    let decks: HashMap<String, serde_json::Value> = serde_json::from_str(&json)
        .map_err(|e| Error::Invalid(format!("its deck list (col.decks) does not read: {e}")))?;
    Ok(decks
        .into_iter()
        .filter_map(|(id, d)| Some((id.parse().ok()?, d.get("name")?.as_str()?.to_string())))
        .collect())
}
