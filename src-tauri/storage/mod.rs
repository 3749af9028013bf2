//! The SQLite database: opening it, its migrations, and the one transaction helper. The only module
//! with SQL in it.

mod note_rows;
mod pack_rows;
mod question_rows;
mod review_rows;
mod round_rows;

pub use note_rows::{
    Note, NoteExport, NoteRevision, NoteSaved, NoteVersion, RecentNote, REVISION_PAUSE_MS,
};
pub use pack_rows::{Origin, OwnPack, PackInfo, PackMeta};
pub use question_rows::{BankTx, CategoryCount, QuestionDetail, QuestionFilter, QuestionSummary};
pub use review_rows::{Fold, LevelCounts, PastAnswer};
pub use round_rows::{RoundKey, StoredRound};

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
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// The migrations, for tests that validate them.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
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
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db> {
        Self::setup(Connection::open(path)?)
    }

    pub fn open_in_memory() -> Result<Db> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Db> {
        // WAL keeps reads from blocking the writer; FULL makes each commit durable before it is
        // acknowledged, which user notes deserve.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Db {
            conn: Mutex::new(conn),
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
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(())
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

/// Refuses a file that is not an intact Onsite database this version can read.
fn check_backup(path: &Path) -> Result<()> {
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

fn backup(conn: &Connection, path: &Path) -> Result<()> {
    crate::services::whole_file::replace(path, |tmp| {
        conn.backup(rusqlite::MAIN_DB, tmp.path(), None)?;
        // The copy inherits WAL mode, which would tie it to side files; a backup is one file.
        Connection::open(tmp.path())?.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    })
}
