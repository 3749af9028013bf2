//! Backups: the automatic ones kept in `<data>/backups`, and restoring any backup (refused during a
//! round; what it replaces is kept aside first).

use super::clock::Now;
use super::imports::ImportSession;
use super::pack_loader;
use super::round_runner::Rounds;
use crate::domain::retention;
use crate::error::{Error, Result};
use crate::storage::{self, Contents, Db};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often, while the app runs and its data changes, an automatic backup is made.
pub const EVERY: Duration = Duration::from_secs(30 * 60);

/// Why a backup in `<data>/backups` was made; its file name starts with the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// Every 30 minutes of use in which something changed. Thinned out by `domain::retention`.
    Auto,
    /// Made with "Back up now" in Settings. Kept until the user deletes it.
    Manual,
    /// Just before a new version changed the data's schema. Kept until the user deletes it.
    BeforeMigration,
    /// What a restore replaced. Kept until the user deletes it.
    BeforeRestore,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::Auto,
        Kind::Manual,
        Kind::BeforeMigration,
        Kind::BeforeRestore,
    ];

    fn prefix(self) -> &'static str {
        match self {
            Kind::Auto => "auto",
            Kind::Manual => "manual",
            Kind::BeforeMigration => "before-migration",
            Kind::BeforeRestore => "before-restore",
        }
    }
}

/// One backup in `<data>/backups`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub path: String,
    pub kind: Kind,
    /// When it was made, in ms since the epoch (from its name).
    pub made_at: i64,
    pub bytes: u64,
}

/// `<data>/backups/<kind>-<ms>.sqlite`.
pub fn path_for(dir: &Path, kind: Kind, wall: i64) -> PathBuf {
    dir.join(format!("{}-{wall}.sqlite", kind.prefix()))
}

/// Reads a backup's kind and time from its name; `None` for any other file.
fn parse(name: &str) -> Option<(Kind, i64)> {
    let stem = name.strip_suffix(".sqlite")?;
    Kind::ALL.into_iter().find_map(|k| {
        let ms = stem.strip_prefix(k.prefix())?.strip_prefix('-')?;
        ms.parse().ok().map(|ms| (k, ms))
    })
}

/// Every backup in `dir`, newest first. A missing folder has none.
pub fn list(dir: &Path) -> Result<Vec<Backup>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some((kind, made_at)) = entry.file_name().to_str().and_then(parse) else {
            continue;
        };
        out.push(Backup {
            path: entry.path().display().to_string(),
            kind,
            made_at,
            bytes: entry.metadata()?.len(),
        });
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.made_at));
    Ok(out)
}

/// Copies the database at `db_path` into `dir` as a backup of `kind`, then thins out the automatic
/// ones. Safe to run beside the app's own writes (see `storage::snapshot`).
pub fn make(db_path: &Path, dir: &Path, kind: Kind, wall: i64) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = path_for(dir, kind, wall);
    storage::snapshot(db_path, &path)?;
    // The backup is made; a failure to thin out older ones must not undo that.
    if let Err(e) = prune(dir) {
        eprintln!("onsite: thinning out old backups: {e}");
    }
    Ok(path)
}

/// Deletes the automatic backups the retention rule no longer keeps. Only files Onsite named as its
/// own automatic backups are ever deleted.
pub fn prune(dir: &Path) -> Result<()> {
    let auto: Vec<Backup> = list(dir)?
        .into_iter()
        .filter(|b| b.kind == Kind::Auto)
        .collect();
    let made: Vec<i64> = auto.iter().map(|b| b.made_at).collect();
    for (b, keep) in auto.iter().zip(retention::keep(&made)) {
        if !keep {
            match std::fs::remove_file(&b.path) {
                // Another prune got there first.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                other => other?,
            }
        }
    }
    Ok(())
}

/// The newest backup that is an intact Onsite database this version can read, with what it holds.
pub fn latest_good(dir: &Path) -> Result<Option<(Backup, Contents)>> {
    for b in list(dir)? {
        let path = Path::new(&b.path);
        if storage::check_backup(path).is_ok() {
            if let Ok(contents) = storage::contents(path) {
                return Ok(Some((b, contents)));
            }
        }
    }
    Ok(None)
}

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
    let previous = path_for(to.backups_dir, Kind::BeforeRestore, now.wall);
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
