//! Reading what can still be read from a damaged database into a new one.
//!
//! SQLite's own recovery extension is not part of the bundled build, so rows are copied table by
//! table, in the order the schema creates them (parents before children), keeping the columns both
//! sides know. A table that stops reading part way is resumed past the damage where SQLite lets it.
//! The search index is not copied: the new database's triggers fill it as questions and notes
//! arrive.

use super::{side_file, Db};
use crate::error::Result;
use rusqlite::{types::Value, Connection, OpenFlags};
use serde::Serialize;
use std::path::Path;

/// How far past a damaged stretch of rows reading tries again, in rowids, before giving up on the
/// rest of a table: each try jumps ten times further.
const RESUME_TRIES: u32 = 7;

/// What was read from one table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Salvaged {
    pub table: String,
    pub rows: u64,
    /// False when some of the table could not be read.
    pub complete: bool,
}

/// Copies what can be read from the database at `damaged` (with its `-wal`, if there is one) into
/// a new database at `into`, which must not exist yet. `damaged` and its side files are only read:
/// the work happens on a copy in `scratch`.
pub fn salvage(damaged: &Path, scratch: &Path, into: &Path) -> Result<Vec<Salvaged>> {
    let copy = scratch.join("damaged.db");
    std::fs::copy(damaged, &copy).or_else(|e| match e.kind() {
        std::io::ErrorKind::NotFound => std::fs::write(&copy, b"").map(|_| 0),
        _ => Err(e),
    })?;
    let wal = side_file(damaged, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        std::fs::copy(&wal, side_file(&copy, "-wal"))?;
        if std::fs::metadata(&copy)?.len() == 0 {
            write_wal_stub(&copy, &side_file(&copy, "-wal"))?;
        }
    }
    let from = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let target = Db::open(into)?;
    // Rows whose parents were lost are kept rather than refused: they are the user's.
    target.read(|c| Ok(c.pragma_update(None, "foreign_keys", "OFF")?))?;
    let mut out = Vec::new();
    target.write(|to| {
        for table in tables(to)? {
            let Some(cols) = common_columns(&from, to, &table)? else {
                continue;
            };
            out.push(copy_table(&from, to, &table, &cols)?);
        }
        Ok(())
    })?;
    Ok(out)
}

/// A database file whose main file is empty cannot be opened over its log: SQLite takes the empty
/// file for a new database and resets the log. Writing one blank page with a header that says "this
/// database uses a write-ahead log", at the log's page size, lets SQLite read every committed page
/// from the log, the schema's first page included.
fn write_wal_stub(db: &Path, wal: &Path) -> Result<()> {
    let header = std::fs::read(wal)?;
    let page_size = header
        .get(8..12)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .filter(|p| p.is_power_of_two() && (512..=65536).contains(p))
        .unwrap_or(4096) as usize;
    let mut page = vec![0u8; page_size];
    page[..16].copy_from_slice(b"SQLite format 3\0");
    let encoded = if page_size == 65536 {
        1
    } else {
        page_size as u16
    };
    page[16..18].copy_from_slice(&encoded.to_be_bytes());
    page[18] = 2; // written with a write-ahead log
    page[19] = 2; // read with one
    page[21] = 64; // the fixed payload fractions
    page[22] = 32;
    page[23] = 32;
    page[28..32].copy_from_slice(&1u32.to_be_bytes()); // one page
    page[44..48].copy_from_slice(&4u32.to_be_bytes()); // schema format
    page[56..60].copy_from_slice(&1u32.to_be_bytes()); // UTF-8
    page[100] = 0x0D; // an empty table leaf: an empty schema, where the log has no newer one
    let content_start = (page_size % 65536) as u16; // its cells would start at the page's end
    page[105..107].copy_from_slice(&content_start.to_be_bytes());
    std::fs::write(db, page)?;
    Ok(())
}

/// The new database's own tables, in the order its schema made them, without the search index, the
/// bank's order (both made again from the questions), and the record of which pack files were
/// loaded: so the next start loads every pack again, and questions lost with the damage come back.
fn tables(to: &Connection) -> Result<Vec<String>> {
    let mut st = to.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE 'search%' AND name NOT LIKE 'bank_%' AND name != 'pack_sources' AND sql NOT LIKE 'CREATE VIRTUAL%' \
         ORDER BY rowid",
    )?;
    let names = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

fn column_names(c: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = c.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = st.query_map([table], |r| r.get(0))?.collect();
    names
}

/// The columns `table` has on both sides, or `None` where the damaged one has no such table (an
/// older version) or its schema cannot be read.
fn common_columns(from: &Connection, to: &Connection, table: &str) -> Result<Option<Vec<String>>> {
    let Ok(theirs) = column_names(from, table) else {
        return Ok(None);
    };
    let cols: Vec<String> = column_names(to, table)?
        .into_iter()
        .filter(|c| theirs.contains(c))
        .collect();
    Ok((!cols.is_empty()).then_some(cols))
}

fn copy_table(
    from: &Connection,
    to: &Connection,
    table: &str,
    cols: &[String],
) -> Result<Salvaged> {
    let list = cols
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; cols.len()].join(", ");
    let mut insert = to.prepare(&format!(
        "INSERT OR IGNORE INTO \"{table}\" ({list}) VALUES ({marks})"
    ))?;
    let read = format!("SELECT rowid, {list} FROM \"{table}\" WHERE rowid > ?1 ORDER BY rowid");
    let mut rows = 0;
    let mut each = |row: Vec<Value>| -> rusqlite::Result<()> {
        rows += insert.execute(rusqlite::params_from_iter(row))? as u64;
        Ok(())
    };
    let (mut after, mut tries) = (i64::MIN, 0);
    while let Err(last) = read_from(from, &read, after, cols.len(), &mut each) {
        // Past the last row read, or else further past where the last try began.
        let from_row = last.unwrap_or(after).max(0);
        if last.is_some_and(|l| l > after) {
            tries = 0;
        }
        if tries == RESUME_TRIES {
            break;
        }
        after = from_row.saturating_add(10_i64.pow(tries));
        tries += 1;
    }
    Ok(Salvaged {
        table: table.to_string(),
        rows,
        // Read start to end without a failure.
        complete: after == i64::MIN,
    })
}

/// Reads rows after `after` until the table ends, or fails with the last rowid it read, if any. A row
/// the new schema refuses is skipped.
fn read_from(
    from: &Connection,
    sql: &str,
    after: i64,
    width: usize,
    each: &mut dyn FnMut(Vec<Value>) -> rusqlite::Result<()>,
) -> std::result::Result<(), Option<i64>> {
    let mut last = None;
    let mut st = from.prepare(sql).map_err(|_| None)?;
    let mut rows = st.query([after]).map_err(|_| None)?;
    loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => return Ok(()),
            Err(_) => return Err(last),
        };
        // The rowid first, so a row whose other columns do not read is skipped by exactly one.
        let rowid: i64 = row.get(0).map_err(|_| last)?;
        last = Some(rowid);
        let Ok(values) = (1..=width)
            .map(|i| row.get::<_, Value>(i))
            .collect::<rusqlite::Result<Vec<_>>>()
        else {
            continue;
        };
        let _ = each(values);
    }
}
