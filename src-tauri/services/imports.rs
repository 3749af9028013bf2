//! Importing a file: a preview of what it would do, kept until the user confirms it, then applied
//! only if the file is still as it was previewed. Paths come only from the user's picks.

use super::{anki_packages, file_reads};
use crate::domain::formats::reading::{Candidate, Pick, Reading, View};
use crate::domain::formats::{self, preview, FileRead, Format, Imported};
use crate::domain::pack::{self, Pack, PackError};
use crate::error::{Error, Result};
use crate::storage::{Db, Origin};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// What importing a file would do, shown before anything is written.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub file: String,
    pub format: Option<Format>,
    pub format_label: Option<&'static str>,
    pub pack_id: String,
    pub title: String,
    pub source: String,
    pub license: String,
    pub questions: usize,
    /// The title of the user's pack this import updates, when the file was imported before.
    pub updates: Option<String>,
    /// The title of the user's removed pack this import brings back.
    pub restores: Option<String>,
    pub plan: Option<preview::Plan>,
    pub warnings: Vec<PackError>,
    /// When there are any, nothing can be imported until the file is fixed (or, for a note, its
    /// reading corrected).
    pub errors: Vec<PackError>,
    /// How a note was read, for the user to correct; `None` for other formats.
    pub reading: Option<View>,
    /// The reading is the one the user corrected when they last imported this file.
    pub remembered: bool,
}

/// A previewed import, kept until the user confirms it.
#[derive(Debug, Clone)]
pub struct Pending {
    path: PathBuf,
    hash: [u8; 32],
    pack: Pack,
    format: Format,
    duplicates: Vec<preview::Duplicate>,
    /// A note's reading, kept with its path once imported.
    reading: Option<Reading>,
}

/// How the user confirmed an import.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportChoice {
    /// Replaces the licence the file states (or "Not stated").
    #[serde(default)]
    pub license: Option<String>,
    #[serde(default)]
    pub skip_duplicates: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportDone {
    pub pack_id: String,
    pub title: String,
    pub questions: usize,
}

/// Reads a file in any format Onsite imports: an Anki package (a zip), or text in one of the text
/// formats.
pub fn read_file(file: &str, bytes: &[u8]) -> FileRead {
    read_file_as(file, bytes, &Reading::default()).0
}

/// A file read as [`read_file`] does, given ids and checked by the pack rules, as if imported into
/// a new pack: what `onsite check-pack` reports.
pub fn check_file(file: &str, bytes: &[u8]) -> Result<Imported, Vec<PackError>> {
    let (format, draft) = read_file(file, bytes)?;
    formats::checked(file, format, draft, &[])
}

/// Reads a file as [`read_file`] does, a note as `reading` says, with how the note was read.
fn read_file_as(file: &str, bytes: &[u8], reading: &Reading) -> (FileRead, Option<View>) {
    if anki_packages::is_package(file, bytes) {
        (anki_packages::read(file, bytes), None)
    } else {
        formats::read_as(file, bytes, reading)
    }
}

/// Reads the file at `path` and works out what importing it would do, a note read as `reading`
/// says or else as the user last corrected it. Nothing is written.
fn preview(db: &Db, path: &Path, reading: Option<&Reading>) -> Result<(Preview, Option<Pending>)> {
    let bytes = file_reads::read(path)?;
    let file = path.display().to_string();
    let hash: [u8; 32] = Sha256::digest(&bytes).into();
    let mut notices = Vec::new();
    let saved = match reading {
        Some(_) => None,
        None => db.saved_reading(&file)?.map(|(saved, made_on)| {
            if made_on == hex(&hash) {
                return saved;
            }
            // Lines may have moved: the choices by line could land on other blocks.
            let message = "the file changed since you last imported it: your choices of headings, \
                           list items and level apply again, the questions you took or left out \
                           one by one and the levels of sections do not";
            notices.push(PackError::at(&file, 1, message));
            saved.without_lines()
        }),
    };
    let remembered = saved.is_some();
    let reading = reading.cloned().or(saved).unwrap_or_default();
    let blank = |errors: Vec<PackError>| Preview {
        file: file.clone(),
        format: None,
        format_label: None,
        pack_id: String::new(),
        title: String::new(),
        source: String::new(),
        license: String::new(),
        questions: 0,
        updates: None,
        restores: None,
        plan: None,
        warnings: Vec::new(),
        errors: preview::sorted(errors),
        reading: None,
        remembered,
    };
    let (read, view) = read_file_as(&file, &bytes, &reading);
    let (format, mut draft) = match read {
        Ok(read) => read,
        Err(errors) => {
            let out = Preview {
                reading: view,
                ..blank(errors)
            };
            return Ok((out, None));
        }
    };
    let note = view.is_some();
    // A file that names its pack (Onsite's own formats, or front matter) updates that pack. One
    // that does not is the pack it was imported into before, or else a new pack: a file that only
    // shares a name with another pack never replaces it.
    if draft.id.is_none() {
        draft.id = Some(match db.pack_imported_from(&file)? {
            Some(id) => id,
            None => db.free_pack_id(&formats::pack_id_for(&file))?,
        });
    }
    let pack_id = draft.id.clone().unwrap_or_default();
    let existing = db.existing_questions(&pack_id)?;
    let mut warnings = std::mem::take(&mut draft.warnings);
    warnings.extend(notices);
    let pack = formats::finish(&file, draft, &existing);
    let mut errors = pack::validate(&file, &pack).err().unwrap_or_default();
    let mut restores = None;
    let updates = match db.pack_owner(&pack.id)? {
        Some((info, _)) if info.origin != Origin::Own => {
            let message = format!(
                "pack id {:?} is the id of “{}”, which is not yours to replace; give the pack another id",
                pack.id, info.title
            );
            errors.push(PackError::at(&file, 1, message).in_field("id"));
            None
        }
        Some((info, true)) => {
            restores = Some(info.title);
            None
        }
        Some((info, false)) => Some(info.title),
        None => None,
    };
    let known = db.bank_prompts_outside(&pack.id)?;
    let ids: Vec<&str> = pack.questions.iter().map(|q| q.id.as_str()).collect();
    for (id, title) in db.foreign_question_ids(&pack.id, &ids)? {
        let line = pack
            .questions
            .iter()
            .find(|q| q.id == id)
            .map_or(1, |q| q.line);
        let message =
            format!("question id {id:?} is already used in “{title}”; give it another id");
        errors.push(PackError::at(&file, line, message).in_field("id"));
    }
    let plan = preview::plan(&pack, &existing, &known);
    let out = Preview {
        format: Some(format),
        format_label: Some(format.label()),
        pack_id: pack.id.clone(),
        title: pack.title.clone(),
        source: pack.source.clone(),
        license: pack.license.clone(),
        questions: pack.questions.len(),
        updates,
        restores,
        plan: Some(plan.clone()),
        warnings: preview::sorted(warnings),
        errors: preview::sorted(errors),
        reading: view,
        ..blank(Vec::new())
    };
    let pending = out.errors.is_empty().then(|| Pending {
        path: path.into(),
        hash,
        pack,
        format,
        duplicates: plan.duplicates,
        reading: note.then_some(reading),
    });
    Ok((out, pending))
}

/// Writes a previewed import, if the file is still as it was previewed.
fn apply(db: &Db, pending: &Pending, choice: &ImportChoice, now: i64) -> Result<ImportDone> {
    let bytes = file_reads::read(&pending.path)?;
    if <[u8; 32]>::from(Sha256::digest(&bytes)) != pending.hash {
        return Err(Error::Invalid(format!(
            "{} changed since the preview; import it again to see what it holds now",
            pending.path.display()
        )));
    }
    let mut pack = pending.pack.clone();
    if choice.skip_duplicates {
        pack = preview::without(pack, &pending.duplicates);
    }
    if let Some(license) = choice
        .license
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        pack.license = license.into();
    }
    if pack.questions.is_empty() {
        return Err(Error::Invalid(
            "every question in the file is already in your bank, so there is nothing to import"
                .into(),
        ));
    }
    let from = pending.path.display().to_string();
    let hash = hex(&pending.hash);
    let reading = pending.reading.as_ref().map(|r| (r, hash.as_str()));
    db.import_pack(&pack, &from, pending.format.as_str(), reading, now)?;
    Ok(ImportDone {
        pack_id: pack.id,
        title: pack.title,
        questions: pack.questions.len(),
    })
}

/// Takes the note's view, candidates and all, for the session to page through, and leaves the
/// preview the same view without them (they never cross IPC with it): the candidates are moved,
/// not copied.
fn keep_candidates(preview: &mut Preview) -> Option<View> {
    let full = preview.reading.take()?;
    preview.reading = Some(full.without_candidates());
    Some(full)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file last previewed, and how it was read if it is a note.
#[derive(Debug)]
struct Looked {
    path: PathBuf,
    view: Option<View>,
}

/// The import the user is looking at. A preview of a file that can be imported makes it pending
/// (one that cannot clears it); confirming applies the pending import once; replacing the data it
/// was previewed against forgets it.
#[derive(Debug, Default)]
pub struct ImportSession {
    pending: Mutex<Option<Pending>>,
    /// The file last previewed, to read again as the user corrects its reading.
    looked: Mutex<Option<Looked>>,
}

impl ImportSession {
    fn lock(&self) -> Result<MutexGuard<'_, Option<Pending>>> {
        self.pending.lock().map_err(|_| {
            Error::Internal("the import is unavailable after an earlier failure".into())
        })
    }

    /// Shows what importing `path` would do, and keeps it for [`ImportSession::confirm`].
    pub fn preview(&self, db: &Db, path: &Path) -> Result<Preview> {
        let (mut preview, pending) = preview(db, path, None)?;
        *self.lock()? = pending;
        let view = keep_candidates(&mut preview);
        *self.looked()? = Some(Looked {
            path: path.into(),
            view,
        });
        Ok(preview)
    }

    /// Reads the file last previewed again, as the user corrected its reading (and with the
    /// candidates `pick` names taken or left out), and keeps that for
    /// [`ImportSession::confirm`].
    pub fn reread(&self, db: &Db, reading: &Reading, pick: Option<Pick>) -> Result<Preview> {
        let mut looked = self.looked()?;
        let last = looked
            .as_mut()
            .ok_or_else(|| Error::Invalid("choose a file to import first".into()))?;
        let mut reading = reading.clone();
        if let (Some(pick), Some(view)) = (pick, &last.view) {
            reading.pick(view, pick);
        }
        let (mut preview, pending) = preview(db, &last.path, Some(&reading))?;
        *self.lock()? = pending;
        last.view = keep_candidates(&mut preview);
        Ok(preview)
    }

    /// A window of the candidates of a section (by its heading's line) of the note last read.
    pub fn candidates(
        &self,
        section: usize,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Candidate>> {
        let looked = self.looked()?;
        let view = looked.as_ref().and_then(|l| l.view.as_ref());
        Ok(view.map_or_else(Vec::new, |v| v.candidates(section, offset, limit).to_vec()))
    }

    fn looked(&self) -> Result<MutexGuard<'_, Option<Looked>>> {
        self.looked.lock().map_err(|_| {
            Error::Internal("the import is unavailable after an earlier failure".into())
        })
    }

    /// Imports the file last previewed, as the user confirmed it. A failed import stays pending,
    /// so the user can confirm again (say, after the file is put back as it was).
    pub fn confirm(&self, db: &Db, choice: &ImportChoice, now: i64) -> Result<ImportDone> {
        let mut pending = self.lock()?;
        let p = pending
            .as_ref()
            .ok_or_else(|| Error::Invalid("choose a file to import first".into()))?;
        let done = apply(db, p, choice, now)?;
        *pending = None;
        Ok(done)
    }

    /// Drops the pending import, if any.
    pub fn forget(&self) -> Result<()> {
        *self.lock()? = None;
        *self.looked()? = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "# Stats\n\n1. What is a p-value?\n2. Explain the central limit theorem.\n";

    fn note(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn own_questions(db: &Db) -> usize {
        db.packs()
            .unwrap()
            .iter()
            .filter(|p| p.origin == crate::storage::Origin::Own)
            .map(|p| p.questions as usize)
            .sum()
    }

    #[test]
    fn a_preview_is_confirmed_once_and_nothing_is_written_before() {
        let (dir, db) = (tempfile::tempdir().unwrap(), Db::open_in_memory().unwrap());
        let session = ImportSession::default();
        let err = session
            .confirm(&db, &ImportChoice::default(), 1)
            .unwrap_err();
        assert!(err.to_string().contains("choose a file"), "{err}");

        let preview = session.preview(&db, &note(&dir, "stats.md", NOTE)).unwrap();
        assert_eq!((preview.questions, preview.errors.len()), (2, 0));
        assert_eq!(own_questions(&db), 0, "a preview writes nothing");
        let done = session.confirm(&db, &ImportChoice::default(), 2).unwrap();
        assert_eq!(done.questions, 2);
        assert_eq!(own_questions(&db), 2);
        assert!(
            session.confirm(&db, &ImportChoice::default(), 3).is_err(),
            "a confirmed import is not pending any more"
        );
    }

    #[test]
    fn a_file_changed_since_its_preview_is_refused_and_stays_pending() {
        let (dir, db) = (tempfile::tempdir().unwrap(), Db::open_in_memory().unwrap());
        let session = ImportSession::default();
        let path = note(&dir, "stats.md", NOTE);
        session.preview(&db, &path).unwrap();
        std::fs::write(&path, "1. Something else entirely?\n").unwrap();
        let err = session
            .confirm(&db, &ImportChoice::default(), 1)
            .unwrap_err();
        assert!(
            err.to_string().contains("changed since the preview"),
            "{err}"
        );
        assert_eq!(own_questions(&db), 0);
        // Put back as it was previewed, the same confirmation goes through.
        std::fs::write(&path, NOTE).unwrap();
        assert_eq!(
            session
                .confirm(&db, &ImportChoice::default(), 2)
                .unwrap()
                .questions,
            2
        );
    }

    #[test]
    fn a_file_that_cannot_be_imported_and_a_forgotten_preview_leave_nothing_pending() {
        let (dir, db) = (tempfile::tempdir().unwrap(), Db::open_in_memory().unwrap());
        let session = ImportSession::default();
        session.preview(&db, &note(&dir, "stats.md", NOTE)).unwrap();
        let bad = session
            .preview(&db, &note(&dir, "bad.toml", "[pack\nid = 1"))
            .unwrap();
        assert!(!bad.errors.is_empty());
        assert!(
            session.confirm(&db, &ImportChoice::default(), 1).is_err(),
            "the file last looked at cannot be imported, so nothing is"
        );

        session.preview(&db, &note(&dir, "stats.md", NOTE)).unwrap();
        session.forget().unwrap();
        assert!(session.confirm(&db, &ImportChoice::default(), 2).is_err());
        assert_eq!(own_questions(&db), 0);
    }
}
