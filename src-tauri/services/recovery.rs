//! When the data cannot be opened: what to tell the user, and the ways out. Whatever the user
//! chooses, the files that could not be opened are moved aside into `<data>/damaged-<time>/`
//! first, never overwritten or deleted.

use super::backups::{self, Backup};
use super::folder_lock::LockError;
use crate::error::{Error, Result};
use crate::storage::{self, Contents, Damage, Salvaged};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What stopped the app from opening the data, in the user's words.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// "database": the database file is damaged or unreadable; "newer": a newer Onsite made it;
    /// "folder": the data folder cannot be created or written; "other": anything else.
    pub kind: &'static str,
    /// What is wrong, in plain words.
    pub what: String,
    /// The file or folder at fault.
    pub path: String,
}

impl Problem {
    /// The problem an error at start-up stands for, in the user's words.
    pub fn of(e: &Error, data_dir: &Path) -> Problem {
        let db = data_dir.join("onsite.db");
        let (kind, what, path) = match e {
            Error::Damaged(Damage::ReadOnly(why)) => (
                "folder",
                format!(
                    "Onsite cannot write its database, so nothing you do could be saved ({why})."
                ),
                db,
            ),
            Error::Damaged(d @ Damage::Newer { .. }) => ("newer", database_words(d), db),
            Error::Damaged(d) => ("database", database_words(d), db),
            Error::Io(io) => (
                "folder",
                format!("Onsite cannot create or write its data folder ({io})."),
                data_dir.to_path_buf(),
            ),
            // Anything else (a disk that is full, a lock SQLite cannot take): say so, and let the
            // user try again once it is sorted out.
            e => (
                "other",
                format!("Onsite could not open your data: {e}."),
                data_dir.to_path_buf(),
            ),
        };
        Problem {
            kind,
            what,
            path: path.display().to_string(),
        }
    }

    /// A data folder whose lock file cannot be written.
    pub fn folder(e: &LockError, data_dir: &Path) -> Problem {
        Problem {
            kind: "folder",
            what: format!("Onsite cannot use its data folder: {e}."),
            path: data_dir.display().to_string(),
        }
    }
}

fn database_words(d: &Damage) -> String {
    match d {
        Damage::OrphanLog => "Your database file is empty or missing, but the log beside it \
             (onsite.db-wal) still holds your recent changes. Onsite has not opened it, so \
             nothing in the log has been lost."
            .into(),
        Damage::Unreadable(why) => {
            format!("Your database is damaged and cannot be opened safely. SQLite says: {why}.")
        }
        Damage::Newer { version, latest } => format!(
            "Your database was made by a newer version of Onsite (data version {version}; this \
             one reads up to {latest}). Install the newer Onsite to open it, or use a backup."
        ),
        Damage::ReadOnly(why) => format!("Your database cannot be written ({why})."),
    }
}

/// The newest backup this version can restore, and what it holds, to name the choice by.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LatestBackup {
    #[serde(flatten)]
    pub backup: Backup,
    #[serde(flatten)]
    pub contents: Contents,
}

/// What the recovery window shows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryInfo {
    pub problem: Problem,
    pub data_dir: String,
    pub latest_backup: Option<LatestBackup>,
}

pub fn info(problem: &Problem, data_dir: &Path) -> Result<RecoveryInfo> {
    // A folder that cannot be read has no backups to offer, which is no reason to hide the rest.
    let latest_backup = backups::latest_good(&data_dir.join("backups"))
        .ok()
        .flatten()
        .map(|(backup, contents)| LatestBackup { backup, contents });
    Ok(RecoveryInfo {
        problem: problem.clone(),
        data_dir: data_dir.display().to_string(),
        latest_backup,
    })
}

/// The user's way out.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Choice {
    /// Put the newest good backup in place.
    RestoreLatest,
    /// Read what can be read into a new database.
    Salvage,
    /// Start with no data.
    StartFresh,
    /// Try again as things are (after the user fixed the folder, say).
    TryAgain,
}

/// What a choice did, for the message the app shows once it opens.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    /// The folder the damaged files were moved into, if any were.
    pub set_aside: Option<String>,
    pub message: String,
}

/// Carries out `choice` on the data folder, leaving a database the app can open (or, for
/// `TryAgain`, the folder as it was). The new database is made first, beside the damaged one,
/// which is only read; only then are the damaged files moved aside and the new one put in place.
/// A failure before that leaves the folder as it was, and one while moving puts back what moved.
pub fn apply(choice: Choice, data_dir: &Path, wall: i64) -> Result<Applied> {
    let db = data_dir.join("onsite.db");
    let scratch = match choice {
        Choice::TryAgain => return Ok(Applied::default()),
        _ => tempfile::TempDir::new_in(data_dir)?,
    };
    let prepared = scratch.path().join("new.db");
    let message = match choice {
        Choice::RestoreLatest => {
            let (b, c) = backups::latest_good(&data_dir.join("backups"))?
                .ok_or_else(|| Error::Invalid("there is no backup to restore".into()))?;
            std::fs::copy(&b.path, &prepared)?;
            format!(
                "Restored the backup {} ({}, {}, {}).",
                b.path,
                count(c.notes, "note"),
                count(c.rounds, "round"),
                count(c.reviews, "review")
            )
        }
        Choice::Salvage => salvage(&db, scratch.path(), &prepared)?,
        Choice::StartFresh => "Started with no data.".into(),
        Choice::TryAgain => unreachable!(),
    };
    let aside = set_aside(&db, data_dir, wall)?;
    if prepared.exists() {
        if let Err(e) = std::fs::rename(&prepared, &db) {
            if let Some(folder) = &aside {
                put_back(folder, data_dir);
            }
            return Err(e.into());
        }
    }
    let kept = aside.as_ref().map(|a| a.display().to_string());
    Ok(Applied {
        message: match &kept {
            Some(k) => format!("{message} The damaged files were kept in {k}."),
            None => message,
        },
        set_aside: kept,
    })
}

/// Moves the database and its side files into `<data>/damaged-<wall>/`, keeping their names.
/// Returns the folder, or `None` when there was nothing to move. If one cannot be moved, those
/// already moved are put back, so the three are never split between two folders.
pub fn set_aside(db: &Path, data_dir: &Path, wall: i64) -> Result<Option<PathBuf>> {
    let files: Vec<PathBuf> = [
        db.to_path_buf(),
        storage::side_file(db, "-wal"),
        storage::side_file(db, "-shm"),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect();
    if files.is_empty() {
        return Ok(None);
    }
    let folder = data_dir.join(format!("damaged-{wall}"));
    std::fs::create_dir_all(&folder)?;
    for f in files {
        let name = f.file_name().expect("a file name");
        if let Err(e) = std::fs::rename(&f, folder.join(name)) {
            put_back(&folder, data_dir);
            return Err(e.into());
        }
    }
    Ok(Some(folder))
}

/// Moves what `set_aside` moved back where it was, as far as it can.
fn put_back(folder: &Path, data_dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(folder) {
        for e in entries.flatten() {
            let _ = std::fs::rename(e.path(), data_dir.join(e.file_name()));
        }
    }
    let _ = std::fs::remove_dir(folder);
}

/// Salvages the database at `db` (only read) into `into`. Refused when nothing of the user's could
/// be read: an empty database must not take the place of theirs.
fn salvage(db: &Path, scratch: &Path, into: &Path) -> Result<String> {
    let tables = storage::salvage(db, scratch, into)?;
    let users: u64 = tables
        .iter()
        .filter(|t| USERS_TABLES.contains(&t.table.as_str()))
        .map(|t| t.rows)
        .sum();
    if users == 0 {
        return Err(Error::Invalid(
            "nothing of yours could be read from the damaged database, so it was left as it is; \
             restore a backup, or keep the file for a later version to try"
                .into(),
        ));
    }
    Ok(salvage_words(&tables))
}

/// The tables that hold what the user made, as opposed to the bank, which packs load again.
const USERS_TABLES: &[&str] = &["notes", "note_revisions", "rounds", "reviews"];

/// "Recovered 12 notes, 40 note versions, 3 rounds and 18 reviews." and what could not be read.
fn salvage_words(tables: &[Salvaged]) -> String {
    let rows = |t: &str| {
        tables
            .iter()
            .find(|s| s.table == t)
            .map_or(0, |s| s.rows as i64)
    };
    let mut out = format!(
        "Recovered {}, {}, {} and {}.",
        count(rows("notes"), "note"),
        count(rows("note_revisions"), "note version"),
        count(rows("rounds"), "round"),
        count(rows("reviews"), "review")
    );
    let partial: Vec<&str> = tables
        .iter()
        .filter(|t| !t.complete)
        .map(|t| t.table.as_str())
        .collect();
    if !partial.is_empty() {
        out.push_str(&format!(
            " Part of {} could not be read.",
            partial.join(", ")
        ));
    }
    out
}

/// "1 note", "2 notes".
fn count(n: i64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
