//! The SQLite database: opening it, its migrations, and the one transaction helper. The only module
//! with SQL in it.

mod anki_collection;
mod drill_rows;
mod note_rows;
mod pack_rows;
mod question_rows;
mod review_rows;
mod round_rows;
mod salvage;

pub use anki_collection::anki_notes;
pub use note_rows::{
    Note, NoteExport, NoteKey, NoteRevision, NoteSaved, NoteVersion, RecentNote, REVISION_PAUSE_MS,
};
pub use pack_rows::{Origin, OwnPack, PackInfo, PackMeta};
pub use question_rows::{
    BankTx, CategoryCount, KnownSource, QuestionDetail, QuestionFilter, QuestionSummary, Stamp,
    Window,
};
pub use review_rows::{Fold, LevelCounts, PastAnswer};
pub use round_rows::{RoundKey, StoredRound};
pub use salvage::{salvage, Salvaged};

use crate::error::{Error, Result};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::{
    path::Path,
    sync::{LazyLock, Mutex},
};

/// The schema's steps, in order. Their count is the newest data version this app reads.
const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_rounds.sql"),
    include_str!("migrations/003_guides.sql"),
    include_str!("migrations/004_own_packs.sql"),
    include_str!("migrations/005_note_history.sql"),
    include_str!("migrations/006_reviews.sql"),
    include_str!("migrations/007_fsrs_decay.sql"),
    include_str!("migrations/008_bank_order.sql"),
    include_str!("migrations/009_search_in_bulk.sql"),
    include_str!("migrations/010_notes_by_time.sql"),
    include_str!("migrations/011_drills.sql"),
    include_str!("migrations/012_import_readings.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// The migrations, for tests that validate them.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// Databases up to this size are checked page by page (`PRAGMA quick_check`) before they open, in
/// a few milliseconds. A larger one (a bank of tens of thousands of questions) would hold up every
/// start by about a second per 100 MB, so it is checked after the window opens instead, by
/// [`check_in_background`]; damage found then leaves a marker beside the database, and the next
/// start checks in full and opens the recovery window.
pub const CHECK_AT_OPEN_UP_TO: u64 = 16 << 20;

/// The marker beside the database that asks the next start for a full check.
const CHECK_MARKER: &str = "-check";

fn quick_check(conn: &Connection) -> Result<()> {
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(damage_or_db)?;
    if check != "ok" {
        return Err(Error::Damaged(Damage::Unreadable(check)));
    }
    Ok(())
}

/// Whether the database at `path` was too large to check in full as it opened.
pub fn checked_later(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > CHECK_AT_OPEN_UP_TO)
}

/// Checks the database at `path` page by page, on a connection of its own. Damage found leaves the
/// marker that makes the next start check in full (and so open the recovery window), and is
/// returned in the user's words.
pub fn check_in_background(path: &Path) -> Result<Option<String>> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    match quick_check(&conn) {
        Ok(()) => Ok(None),
        Err(Error::Damaged(d)) => {
            std::fs::write(side_file(path, CHECK_MARKER), d.to_string())?;
            Ok(Some(d.to_string()))
        }
        Err(e) => Err(e),
    }
}

/// Brings the schema up to date, and numbers the bank where it has not been numbered yet (data
/// from before bank ranks were kept).
fn up_to_date(conn: &mut Connection) -> Result<()> {
    MIGRATIONS.to_latest(conn)?;
    if question_rows::ranks_stale(conn)? {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        question_rows::renumber(&tx)?;
        tx.commit()?;
    }
    Ok(())
}

/// How many prepared statements the connection keeps. Storage has about 60 fixed statements (one
/// per `prepare_cached` call site, bar `free_id`, which takes two): with rusqlite's default of 16
/// they evict one another, and most calls parse their SQL again, the bank's long joins included.
/// 128 holds them all with room to grow, for a few kilobytes a statement. `tests/storage_rows.rs`
/// counts the call sites against it.
pub const STATEMENT_CACHE_CAPACITY: usize = 128;

/// The app's database. One connection behind a mutex: a desktop app has one writer, and SQLite
/// serialises writes anyway.
pub struct Db {
    conn: Mutex<Connection>,
    /// How many write transactions have committed, and a signal for each: the automatic backup
    /// waits on it, so nothing runs while nothing changes.
    writes: (Mutex<u64>, std::sync::Condvar),
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db> {
        let db = Self::open_unmigrated(path)?;
        db.migrate()?;
        Ok(db)
    }

    /// Opens the database file (creating it if there is none) and checks it, without touching its
    /// schema: the caller may copy it first (see [`Db::pending_migration`]). A file that SQLite
    /// refuses, that fails its quick check, that a newer Onsite made, that cannot be written, or
    /// that is missing or empty beside a write-ahead log holding data, is an
    /// [`Error::Damaged`], and is left as it was found.
    pub fn open_unmigrated(path: &Path) -> Result<Db> {
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        if size(path) == 0 && size(&side_file(path, "-wal")) > 0 {
            // SQLite would start an empty database here and drop the log with it.
            return Err(Error::Damaged(Damage::OrphanLog));
        }
        let has_log = size(&side_file(path, "-wal")) > 0;
        let conn = Connection::open(path).map_err(damage_or_db)?;
        // Closing the last connection to a database with a log copies the log into it: until the
        // file has passed its checks, a refusal must leave both as they were. (Without a log,
        // closing only removes the side files the check made.)
        let no_checkpoint = rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE;
        conn.set_db_config(no_checkpoint, has_log)?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(Error::Damaged(Damage::ReadOnly(
                "the file is read-only".into(),
            )));
        }
        let marker = side_file(path, CHECK_MARKER);
        if size(path) <= CHECK_AT_OPEN_UP_TO || marker.exists() {
            quick_check(&conn)?;
            let _ = std::fs::remove_file(&marker);
        } else {
            // Reading the schema finds a file that is not a database, or whose header is damaged;
            // the page by page check follows in the background.
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(damage_or_db)?;
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let latest = MIGRATION_SQL.len() as i64;
        if version > latest {
            return Err(Error::Damaged(Damage::Newer { version, latest }));
        }
        conn.set_db_config(no_checkpoint, false)?;
        Self::setup(conn).map_err(|e| match e {
            Error::Db(e) => damage_or_db(e),
            e => e,
        })
    }

    /// Another connection to a database already opened (and checked) with [`Db::open`], for work
    /// that runs beside the UI's, such as loading pack files: its writes never hold the UI's
    /// connection, and WAL lets the UI read while they run.
    pub fn connect(path: &Path) -> Result<Db> {
        Self::setup(Connection::open(path)?)
    }

    pub fn open_in_memory() -> Result<Db> {
        let db = Self::setup(Connection::open_in_memory()?)?;
        db.migrate()?;
        Ok(db)
    }

    fn setup(conn: Connection) -> Result<Db> {
        // WAL keeps reads from blocking the writer; FULL makes each commit durable before it is
        // acknowledged, which user notes deserve.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
        Ok(Db {
            conn: Mutex::new(conn),
            writes: Default::default(),
        })
    }

    /// The data version the file is at, when it holds data older than this app's schema: the
    /// moment to keep a copy before [`Db::migrate`] changes it.
    pub fn pending_migration(&self) -> Result<Option<i64>> {
        let version = self.schema_version()?;
        Ok((version > 0 && version < MIGRATION_SQL.len() as i64).then_some(version))
    }

    /// Brings the schema up to date.
    pub fn migrate(&self) -> Result<()> {
        up_to_date(&mut *self.lock()?)
    }

    /// How many writes have committed since the database was opened.
    pub fn writes(&self) -> u64 {
        self.writes.0.lock().map_or(0, |n| *n)
    }

    /// Blocks until a write commits after the first `seen`, and returns the count then.
    pub fn wait_for_write(&self, seen: u64) -> u64 {
        let Ok(n) = self.writes.0.lock() else {
            return seen;
        };
        self.writes
            .1
            .wait_while(n, |n| *n == seen)
            .map_or(seen, |n| *n)
    }

    /// Runs SQLite's full integrity check; `Ok(None)` when it passes, else what it found (at most
    /// ten problems).
    pub fn integrity_check(&self) -> Result<Option<String>> {
        self.read(|c| {
            let mut st = c.prepare("PRAGMA integrity_check(10)")?;
            let found: Vec<String> = st
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok((found != ["ok"]).then(|| found.join("; ")))
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>> {
        self.conn.lock().map_err(|_| {
            Error::Internal("the database is unavailable after an earlier failure".into())
        })
    }

    /// Runs `f` in an immediate transaction: committed when it returns `Ok`, rolled back on `Err`.
    fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        drop(conn);
        if let Ok(mut n) = self.writes.0.lock() {
            *n += 1;
            self.writes.1.notify_all();
        }
        Ok(out)
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&*self.lock()?)
    }

    /// Copies the whole database to `path` with SQLite's backup API (consistent even while the app
    /// writes), as a single self-contained file. The copy is made beside `path` and moved there only
    /// when complete, so a failed backup never spoils an earlier one.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        backup(&*self.lock()?, path)
    }

    /// Replaces the whole database with the backup at `path`, after checking that it is an intact
    /// Onsite database no newer than this app, and brings its schema up to date. What was there is
    /// first copied to `previous`, under the same lock, so no write can fall between the two.
    pub fn restore_from(&self, path: &Path, previous: &Path) -> Result<()> {
        check_backup(path)?;
        let mut conn = self.lock()?;
        backup(&conn, previous)?;
        conn.restore(
            rusqlite::MAIN_DB,
            path,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        up_to_date(&mut conn)
    }

    /// The schema version, as `user_version` records it.
    pub fn schema_version(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    /// A pragma's current value, for checks that the database was opened as intended.
    pub fn pragma(&self, name: &str) -> Result<String> {
        self.read(|c| {
            Ok(c.query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })?)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
    }
}

/// Why a database file was not opened. Nothing on disk was changed in finding out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The database file is missing or empty, but its write-ahead log holds changes.
    OrphanLog,
    /// SQLite cannot read it, or its check found damage; SQLite's own words.
    Unreadable(String),
    /// A newer Onsite made it.
    Newer { version: i64, latest: i64 },
    /// It, or its folder, cannot be written.
    ReadOnly(String),
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::OrphanLog => f.write_str(
                "the database file is empty or missing, but its write-ahead log (the -wal file beside it) holds recent changes",
            ),
            Damage::Unreadable(why) => write!(f, "the database is damaged ({why})"),
            Damage::Newer { version, latest } => write!(
                f,
                "the database was made by a newer Onsite (data version {version}; this one reads up to {latest})"
            ),
            Damage::ReadOnly(why) => write!(f, "the database cannot be written ({why})"),
        }
    }
}

/// SQLite's errors that mean the file, not the query, is at fault, as [`Damage`].
fn damage_or_db(e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(NotADatabase | DatabaseCorrupt) => Error::Damaged(Damage::Unreadable(e.to_string())),
        Some(ReadOnly | CannotOpen | PermissionDenied) => {
            Error::Damaged(Damage::ReadOnly(e.to_string()))
        }
        _ => Error::Db(e),
    }
}

/// `onsite.db-wal` and `onsite.db-shm` beside `onsite.db`.
pub fn side_file(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// What a backup holds, to name it by: counts of the user's own rows.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contents {
    pub notes: i64,
    pub rounds: i64,
    pub reviews: i64,
}

/// Counts what the database file at `path` holds, read-only. A table an older version lacked counts
/// as empty.
pub fn contents(path: &Path) -> Result<Contents> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let count = |table: &str| -> Result<i64> {
        let exists: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(Contents {
        notes: count("notes")?,
        rounds: count("rounds")?,
        reviews: count("reviews")?,
    })
}

/// Refuses a file that is not an intact Onsite database this version can read.
pub fn check_backup(path: &Path) -> Result<()> {
    let not_backup =
        |why: &str| Error::Invalid(format!("{} is not an Onsite backup: {why}", path.display()));
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| not_backup("it cannot be opened as a database"))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|_| not_backup("it is not a database"))?;
    if check != "ok" {
        return Err(not_backup(&format!("it is damaged ({check})")));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('questions', 'notes', 'packs')",
        [],
        |r| r.get(0),
    )?;
    if version < 1 || tables < 3 {
        return Err(not_backup("it holds no Onsite data"));
    }
    let latest = MIGRATION_SQL.len() as i64;
    if version > latest {
        return Err(Error::Invalid(format!(
            "{} was made by a newer Onsite (data version {version}; this one reads up to {latest}); update Onsite first",
            path.display()
        )));
    }
    Ok(())
}

/// Copies the database file at `db` to `to` with SQLite's backup API, from a connection of its own
/// and in one step, so the copy is one consistent moment and the app's own connection is never
/// held up (with a write-ahead log, a reader does not block the writer).
pub fn snapshot(db: &Path, to: &Path) -> Result<()> {
    let from = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    crate::services::whole_file::replace(to, |tmp| {
        let mut dst = Connection::open(tmp.path())?;
        rusqlite::backup::Backup::new(&from, &mut dst)?.step(-1)?;
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    })
}

fn backup(conn: &Connection, path: &Path) -> Result<()> {
    crate::services::whole_file::replace(path, |tmp| {
        conn.backup(rusqlite::MAIN_DB, tmp.path(), None)?;
        // The copy inherits WAL mode, which would tie it to side files; a backup is one file.
        Connection::open(tmp.path())?.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    })
}
