//! The question bank: finding pack files (bundled ones and the user's own) and loading them into the
//! database at start-up, skipping any file whose content has not changed.

use super::file_reads;
use crate::domain::pack::{self, PackError};
use crate::error::Result;
use crate::storage::Db;
pub use crate::storage::Origin;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::Path;

/// Loads the bundled packs, then the user's own from `user_packs_dir`.
pub fn load_bank(db: &Db, user_packs_dir: &Path, now: i64) -> Result<BankReport> {
    let mut sources = bundled_sources();
    let (user, read_errors) = user_sources(user_packs_dir);
    sources.extend(user);
    let mut report = sync(db, &sources, now)?;
    report.errors.splice(0..0, read_errors);
    Ok(report)
}

/// Bumped when loading rules change, so every pack is loaded again once under the new rules.
const LOADER_VERSION: &str = "onsite-pack-loader-2";

/// The packs compiled into the binary: `(file name, text)` for every `questions/*.toml`.
const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled_packs.rs"));

/// One pack file's text, and where it came from.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// `Bundled` or `Folder`: a pack of the user's own has no file.
    pub origin: Origin,
    /// How errors name the file: `questions/x.toml` for bundled packs, the full path for the user's.
    pub file: String,
    pub text: String,
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
        .map(|(name, text)| PackSource {
            origin: Origin::Bundled,
            file: format!("questions/{name}"),
            text: (*text).into(),
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

/// Every `*.toml` file in `dir` (a missing folder holds none), in name order.
pub fn user_sources(dir: &Path) -> (Vec<PackSource>, Vec<PackError>) {
    let (files, errors) = read_toml_dir(dir);
    let sources = files
        .into_iter()
        .map(|(file, text)| PackSource {
            origin: Origin::Folder,
            file,
            text,
        })
        .collect();
    (sources, errors)
}

/// `(path, text)` of every `*.toml` file in `dir`, in name order. A file that cannot be read, or is
/// too large to, is reported as an error rather than skipped in silence.
pub fn read_toml_dir(dir: &Path) -> (Vec<(String, String)>, Vec<PackError>) {
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for path in paths {
        let file = path.display().to_string();
        let error = |message: String| PackError::at(&file, 1, message);
        match file_reads::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => files.push((file, text)),
            Ok(Err(e)) => errors.push(error(format!(
                "not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ))),
            Err(e) => errors.push(error(e.to_string())),
        }
    }
    (files, errors)
}

fn content_hash(text: &str) -> String {
    let digest = Sha256::new()
        .chain_update(LOADER_VERSION)
        .chain_update(text)
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Loads every source into the database in one transaction. A file that fails validation, or clashes
/// with another pack, is reported and left as it was last loaded; the others load as usual.
pub fn sync(db: &Db, sources: &[PackSource], now: i64) -> Result<BankReport> {
    let mut report = BankReport::default();
    db.load_packs(|tx| {
        let known = tx.source_hashes()?;
        let present: HashSet<&str> = sources.iter().map(|s| s.file.as_str()).collect();
        for gone in known.keys().filter(|f| !present.contains(f.as_str())) {
            tx.retire_source(gone)?;
        }
        for src in sources {
            let hash = content_hash(&src.text);
            if known.get(&src.file) == Some(&hash) {
                report.unchanged += 1;
                continue;
            }
            let pack = match pack::parse(&src.file, &src.text) {
                Ok(p) => p,
                Err(errs) => {
                    report.errors.extend(errs);
                    continue;
                }
            };
            let mut clashes = Vec::new();
            if tx.is_own_pack(&pack.id)? {
                let message = format!(
                    "pack id {:?} is already used by a pack you imported or wrote in Onsite",
                    pack.id
                );
                clashes.push(PackError::at(&src.file, 1, message).in_field("id"));
            } else if let Some(other) = tx
                .pack_file(&pack.id)?
                .filter(|f| *f != src.file && present.contains(f.as_str()))
            {
                let message = format!("pack id {:?} is already used by {other}", pack.id);
                clashes.push(PackError::at(&src.file, 1, message).in_field("id"));
            }
            for q in &pack.questions {
                if let Some(owner) = tx.visible_owner(&q.id)?.filter(|o| *o != pack.id) {
                    let message =
                        format!("question id {:?} is already used by pack {owner:?}", q.id);
                    clashes.push(PackError::at(&src.file, q.line, message).in_field("id"));
                }
            }
            if !clashes.is_empty() {
                report.errors.extend(clashes);
                continue;
            }
            tx.apply_pack(&pack, src.origin, &src.file, &hash, now)?;
            report.loaded.push(pack.id);
        }
        report.questions = tx.visible_count()?;
        Ok(())
    })?;
    Ok(report)
}
