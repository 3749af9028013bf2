//! The question bank: finding pack files (bundled ones and the user's own) and loading them into the
//! database at start-up, skipping any file whose content has not changed.

use super::file_reads;
use super::pack_hash::content_hash;
use crate::domain::pack::{self, PackError};
use crate::error::Result;
use crate::storage::Db;
pub use crate::storage::Origin;
use crate::storage::{BankTx, KnownSource, Stamp};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Loads the bundled packs, then the user's own from `user_packs_dir`, in one go: for tests, tools,
/// and restoring a backup. The app loads the two apart (see [`load_bundled`], [`load_folder`]).
pub fn load_bank(db: &Db, user_packs_dir: &Path, now: i64) -> Result<BankReport> {
    let mut report = load_bundled(db, now)?;
    let folder = load_folder(db, user_packs_dir, now, |_| {})?;
    report.loaded.extend(folder.loaded);
    report.unchanged += folder.unchanged;
    report.questions = folder.questions;
    report.errors.extend(folder.errors);
    Ok(report)
}

/// Loads the packs built into the app: at start, while the window opens and before its page loads.
/// Unchanged since the last start (the usual case), this is one query: the bundled packs' hashes
/// come from the build, and their text is not read.
pub fn load_bundled(db: &Db, now: i64) -> Result<BankReport> {
    sync_scope(db, Scope::Bundled, &bundled_sources(), &[], now)
}

/// The bank as the app has loaded it: the report of the last load (its errors are shown), and the
/// progress of a load of the packs folder while one runs in the background.
#[derive(Default)]
pub struct BankState {
    report: std::sync::Mutex<BankReport>,
    loading: std::sync::Mutex<Option<LoadProgress>>,
}

impl BankState {
    /// After the bundled packs loaded: the folder's load is still to come.
    pub fn new(bundled: BankReport) -> BankState {
        BankState {
            report: std::sync::Mutex::new(bundled),
            loading: std::sync::Mutex::new(Some(LoadProgress::default())),
        }
    }

    pub fn report(&self) -> BankReport {
        self.report.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Where the folder's load has got, or `None` once it is over.
    pub fn loading(&self) -> Option<LoadProgress> {
        self.loading.lock().ok().and_then(|l| *l)
    }

    pub fn progress(&self, p: LoadProgress) {
        if let Ok(mut l) = self.loading.lock() {
            *l = Some(p);
        }
    }

    /// The folder's load is over: its report joins the bundled packs'.
    pub fn finish(&self, folder: BankReport) {
        if let Ok(mut r) = self.report.lock() {
            r.loaded.extend(folder.loaded);
            r.unchanged += folder.unchanged;
            r.questions = folder.questions;
            r.errors.extend(folder.errors);
        }
        if let Ok(mut l) = self.loading.lock() {
            *l = None;
        }
    }
}

/// How far a load of the packs folder has got, for the UI's progress.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadProgress {
    /// Pack files read and written so far, of `files` to read (unchanged ones are not counted).
    pub done: usize,
    pub files: usize,
    /// Questions written so far.
    pub questions: usize,
}

/// Loads the user's pack files from `dir`: each changed file in its own transaction, so the UI's
/// reads and writes go on between them, with `progress` told after each. A file whose size and
/// modification time are as last loaded is not read at all, so an unchanged folder costs one
/// `stat` a file.
pub fn load_folder(
    db: &Db,
    dir: &Path,
    now: i64,
    mut progress: impl FnMut(LoadProgress),
) -> Result<BankReport> {
    let known = db.load_packs(|tx| tx.sources())?;
    let (mut changed, mut kept) = (Vec::new(), Vec::new());
    for (path, stamp) in list_toml_dir(dir) {
        let file = path.display().to_string();
        match known.get(&file) {
            Some(k) if k.stamp.is_some() && k.stamp == stamp => kept.push(file),
            _ => changed.push((path, stamp)),
        }
    }
    let mut state = LoadProgress {
        files: changed.len(),
        ..Default::default()
    };
    progress(state);
    let (sources, errors) = read_sources(changed);
    let mut report = sync_batched(db, &known, &sources, &kept, now, |loaded| {
        state.done += 1;
        state.questions += loaded;
        progress(state);
    })?;
    report.errors.splice(0..0, errors);
    Ok(report)
}

/// The packs compiled into the binary: `(file name, text, content hash)` for every
/// `questions/*.toml`, the hash worked out by the build script with [`content_hash`]. The texts sit
/// in a section of their own (see `embed` in build.rs), so a start that only compares hashes never
/// maps them into memory.
static BUNDLED: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled_packs.rs"));

/// One pack file's text, and where it came from.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// `Bundled` or `Folder`: a pack of the user's own has no file.
    pub origin: Origin,
    /// How errors name the file: `questions/x.toml` for bundled packs, the full path for the user's.
    pub file: String,
    /// Borrowed for a bundled pack, which is never copied.
    pub text: Cow<'static, str>,
    /// The file's size and modification time, for a file on disk.
    pub stamp: Option<Stamp>,
    /// The text's [`content_hash`] where it is known already: a bundled pack's, from the build.
    pub hash: Option<&'static str>,
}

/// What a load did, for the UI and the log.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BankReport {
    /// Pack ids written to the database in this load.
    pub loaded: Vec<String>,
    /// Pack files skipped because their content was unchanged since the last load.
    pub unchanged: usize,
    /// Visible questions in the bank after the load.
    pub questions: u32,
    pub errors: Vec<PackError>,
}

pub fn bundled_sources() -> Vec<PackSource> {
    BUNDLED
        .iter()
        .map(|&(name, text, hash)| PackSource {
            origin: Origin::Bundled,
            file: format!("questions/{name}"),
            text: Cow::Borrowed(text),
            stamp: None,
            hash: Some(hash),
        })
        .collect()
}

/// The bundled packs, parsed (without touching a database).
pub fn bundled_packs() -> Result<Vec<pack::Pack>, Vec<PackError>> {
    bundled_sources()
        .iter()
        .map(|s| pack::parse(&s.file, &s.text))
        .collect()
}

/// Every bundled question, in pack order. Panics if a bundled pack does not parse, which the bank
/// tests rule out: for tests and tools, not for the app.
pub fn bundled_questions() -> Vec<pack::Question> {
    let packs = bundled_packs().unwrap_or_else(|e| panic!("a bundled pack does not parse: {e:?}"));
    packs.into_iter().flat_map(|p| p.questions).collect()
}

/// Every `*.toml` file in `dir` (a missing folder holds none), in name order, read.
pub fn user_sources(dir: &Path) -> (Vec<PackSource>, Vec<PackError>) {
    read_sources(list_toml_dir(dir))
}

/// Reads pack files of the user's, each with its size and time; one that cannot be read is an
/// error naming it.
fn read_sources(
    files: Vec<(std::path::PathBuf, Option<Stamp>)>,
) -> (Vec<PackSource>, Vec<PackError>) {
    let (mut sources, mut errors) = (Vec::new(), Vec::new());
    for (path, stamp) in files {
        let file = path.display().to_string();
        match read_text(&path) {
            Ok(text) => sources.push(PackSource {
                origin: Origin::Folder,
                file,
                text: text.into(),
                stamp,
                hash: None,
            }),
            Err(message) => errors.push(PackError::at(&file, 1, message)),
        }
    }
    (sources, errors)
}

/// `(path, text)` of every `*.toml` file in `dir`, in name order. A file that cannot be read, or is
/// too large to, is reported as an error rather than skipped in silence.
pub fn read_toml_dir(dir: &Path) -> (Vec<(String, String)>, Vec<PackError>) {
    let (sources, errors) = user_sources(dir);
    (
        sources
            .into_iter()
            .map(|s| (s.file, s.text.into_owned()))
            .collect(),
        errors,
    )
}

/// Every `*.toml` file in `dir` with its size and modification time, in name order.
fn list_toml_dir(dir: &Path) -> Vec<(std::path::PathBuf, Option<Stamp>)> {
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let stamp = std::fs::metadata(&p).ok().and_then(|m| {
                let modified = m
                    .modified()
                    .ok()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?;
                Some(Stamp {
                    size: m.len() as i64,
                    modified_ns: modified.as_nanos() as i64,
                })
            });
            (p, stamp)
        })
        .collect()
}

/// A pack file's text, or why it cannot be had: unreadable, too large, or not UTF-8.
fn read_text(path: &Path) -> std::result::Result<String, String> {
    match file_reads::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(format!(
            "not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Which known pack files a load answers for: one it is not given (or told is unchanged) is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Bundled,
    Folder,
    All,
}

impl Scope {
    fn covers(self, source: &KnownSource) -> bool {
        match self {
            Scope::Bundled => source.bundled,
            Scope::Folder => !source.bundled,
            Scope::All => true,
        }
    }
}

/// Loads every source into the database in one transaction, and retires any known file not among
/// them. A file that fails validation, or clashes with another pack, is reported and left as it
/// was last loaded; the others load as usual.
pub fn sync(db: &Db, sources: &[PackSource], now: i64) -> Result<BankReport> {
    sync_scope(db, Scope::All, sources, &[], now)
}

fn sync_scope(
    db: &Db,
    scope: Scope,
    sources: &[PackSource],
    kept: &[String],
    now: i64,
) -> Result<BankReport> {
    let mut report = BankReport::default();
    db.load_packs(|tx| {
        let known = tx.sources()?;
        let mut changed = retire_gone(tx, scope, &known, sources, kept)?;
        let load = Load {
            known: &known,
            sources,
            kept,
            now,
        };
        for src in sources {
            let ready = prepare(&known, src);
            changed |= apply_source(tx, &load, src, ready, &mut report)?.is_some();
        }
        if changed {
            tx.renumber()?;
        }
        report.questions = tx.visible_count()?;
        Ok(())
    })?;
    Ok(report)
}

/// Like [`sync_scope`] for the packs folder (whose `known` sources the caller has read), with each
/// source in a transaction of its own and `after_each` told how many questions it wrote; the bank
/// is numbered once, at the end. Each file is parsed on a thread of its own while the one before
/// it is written, so on two cores parsing costs the load almost nothing.
fn sync_batched(
    db: &Db,
    known: &HashMap<String, KnownSource>,
    sources: &[PackSource],
    kept: &[String],
    now: i64,
    mut after_each: impl FnMut(usize),
) -> Result<BankReport> {
    let mut report = BankReport::default();
    report.unchanged += kept.len();
    let mut changed = db.load_packs(|tx| retire_gone(tx, Scope::Folder, known, sources, kept))?;
    std::thread::scope(|scope| -> Result<()> {
        // One file parsed ahead at most, so a large folder is never all in memory at once.
        let (ahead, parsed) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for src in sources {
                if ahead.send(prepare(known, src)).is_err() {
                    break; // the load stopped on an error
                }
            }
        });
        let load = Load {
            known,
            sources,
            kept,
            now,
        };
        for (src, ready) in sources.iter().zip(parsed) {
            let written = db.load_packs(|tx| apply_source(tx, &load, src, ready, &mut report))?;
            changed |= written.is_some();
            after_each(written.unwrap_or(0));
        }
        Ok(())
    })?;
    report.questions = db.load_packs(|tx| {
        if changed {
            tx.renumber()?;
        }
        tx.visible_count()
    })?;
    Ok(report)
}

/// Retires the known files in `scope` that are neither given nor kept; true if any was.
fn retire_gone(
    tx: &BankTx,
    scope: Scope,
    known: &HashMap<String, KnownSource>,
    sources: &[PackSource],
    kept: &[String],
) -> Result<bool> {
    let present: HashSet<&str> = sources
        .iter()
        .map(|s| s.file.as_str())
        .chain(kept.iter().map(String::as_str))
        .collect();
    let mut retired = false;
    for (gone, _) in known
        .iter()
        .filter(|(f, k)| scope.covers(k) && !present.contains(f.as_str()))
    {
        tx.retire_source(gone)?;
        retired = true;
    }
    Ok(retired)
}

/// A source's hash and what parsing it gave: the part of loading it that needs no database.
struct Prepared {
    hash: String,
    parsed: Parsed,
}

enum Parsed {
    /// As last loaded: not parsed at all.
    Unchanged,
    Pack(pack::Pack),
    Invalid(Vec<PackError>),
}

fn prepare(known: &HashMap<String, KnownSource>, src: &PackSource) -> Prepared {
    let hash = src
        .hash
        .map_or_else(|| content_hash(&src.text), str::to_owned);
    let parsed = if known.get(&src.file).map(|k| &k.hash) == Some(&hash) {
        Parsed::Unchanged
    } else {
        match pack::parse(&src.file, &src.text) {
            Ok(p) => Parsed::Pack(p),
            Err(errs) => Parsed::Invalid(errs),
        }
    };
    Prepared { hash, parsed }
}

/// What one load goes by: the files loaded before, the files it is given, the files it keeps as
/// they are, and its time.
struct Load<'a> {
    known: &'a HashMap<String, KnownSource>,
    sources: &'a [PackSource],
    kept: &'a [String],
    now: i64,
}

/// Loads one source, as [`prepare`] read it, unless it is unchanged, invalid, or clashes; how many
/// questions it wrote, if it was written.
fn apply_source(
    tx: &BankTx,
    load: &Load,
    src: &PackSource,
    ready: Prepared,
    report: &mut BankReport,
) -> Result<Option<usize>> {
    let Load {
        known,
        sources,
        kept,
        now,
    } = *load;
    let Prepared { hash, parsed } = ready;
    let pack = match parsed {
        Parsed::Unchanged => {
            report.unchanged += 1;
            if src.stamp.is_some() && known.get(&src.file).and_then(|k| k.stamp) != src.stamp {
                // Touched but not changed: record the new time, so it is not read again.
                tx.restamp(&src.file, src.stamp)?;
            }
            return Ok(None);
        }
        Parsed::Invalid(errs) => {
            report.errors.extend(errs);
            return Ok(None);
        }
        Parsed::Pack(p) => p,
    };
    let present = |f: &str| sources.iter().any(|s| s.file == f) || kept.iter().any(|k| k == f);
    let mut clashes = Vec::new();
    if tx.is_own_pack(&pack.id)? {
        let message = format!(
            "pack id {:?} is already used by a pack you imported or wrote in Onsite",
            pack.id
        );
        clashes.push(PackError::at(&src.file, 1, message).in_field("id"));
    } else if let Some(other) = tx
        .pack_file(&pack.id)?
        .filter(|f| *f != src.file && present(f))
    {
        let message = format!("pack id {:?} is already used by {other}", pack.id);
        clashes.push(PackError::at(&src.file, 1, message).in_field("id"));
    }
    for q in &pack.questions {
        if let Some(owner) = tx.visible_owner(&q.id)?.filter(|o| *o != pack.id) {
            let message = format!("question id {:?} is already used by pack {owner:?}", q.id);
            clashes.push(PackError::at(&src.file, q.line, message).in_field("id"));
        }
    }
    if !clashes.is_empty() {
        report.errors.extend(clashes);
        return Ok(None);
    }
    tx.apply_pack(&pack, src.origin, &src.file, &hash, src.stamp, now)?;
    report.loaded.push(pack.id);
    Ok(Some(pack.questions.len()))
}
