//! Restoring a backup: refused during a round, and what it replaces is kept aside first.

use super::clock::Now;
use super::imports::ImportSession;
use super::pack_loader;
use super::round_runner::Rounds;
use crate::error::{Error, Result};
use crate::storage::Db;
use serde::Serialize;
use std::path::Path;

/// A restore would pull the data from under a running round, so it waits for the round to end.
pub fn refuse_during_round(rounds: &Rounds) -> Result<()> {
    match rounds.active_id()? {
        Some(_) => Err(Error::Invalid(
            "a round is in progress; finish or abandon it before restoring a backup".into(),
        )),
        None => Ok(()),
    }
}

/// Where a restore's replaced data went.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub from: String,
    /// Where the data replaced by the restore was saved first.
    pub previous: String,
}

/// What a restore replaces and reloads.
pub struct Restore<'a> {
    pub db: &'a Db,
    pub rounds: &'a Rounds,
    pub imports: &'a ImportSession,
    /// Where the replaced data is kept: `<data>/backups`.
    pub backups_dir: &'a Path,
    pub user_packs_dir: &'a Path,
}

/// Replaces the database with the backup at `path`, keeping what was there in `backups_dir`.
/// Refused while a round is in progress. The bank is loaded again afterwards (the backup may
/// predate this version's bundled packs) and an unfinished round in it is offered again.
pub fn restore(to: Restore<'_>, path: &Path, now: Now) -> Result<Restored> {
    refuse_during_round(to.rounds)?;
    std::fs::create_dir_all(to.backups_dir)?;
    let previous = to
        .backups_dir
        .join(format!("before-restore-{}.sqlite", now.wall));
    to.db.restore_from(path, &previous)?;
    // An import previewed against the data that was replaced must not be applied to the restored one.
    to.imports.forget()?;
    pack_loader::load_bank(to.db, to.user_packs_dir, now.wall)?;
    to.rounds.restore(to.db, now)?;
    Ok(Restored {
        from: path.display().to_string(),
        previous: previous.display().to_string(),
    })
}
