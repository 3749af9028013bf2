//! The user's library: importing a file (previewed first, then applied), and every file the user
//! asks for (packs in each format, notes, Anki cards, backups). Paths come only from the user's
//! picks.

use crate::domain::formats::{self, anki, json, pack_toml, preview, Format};
use crate::domain::pack::{self, Pack, PackError, Question};
use crate::domain::report;
use crate::error::{Error, Result};
use crate::storage::Db;
use crate::whole_file;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

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
    /// When there are any, nothing can be imported until the file is fixed.
    pub errors: Vec<PackError>,
}

/// A previewed import, kept until the user confirms it.
#[derive(Debug, Clone)]
pub struct Pending {
    path: PathBuf,
    hash: [u8; 32],
    pack: Pack,
    format: Format,
    duplicates: Vec<preview::Duplicate>,
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

/// Reads the file at `path` and works out what importing it would do. Nothing is written.
pub fn preview(db: &Db, path: &Path) -> Result<(Preview, Option<Pending>)> {
    let bytes = std::fs::read(path)?;
    let file = path.display().to_string();
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
    };
    let (format, mut draft) = match formats::read(&file, &bytes) {
        Ok(read) => read,
        Err(errors) => return Ok((blank(errors), None)),
    };
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
    let warnings = std::mem::take(&mut draft.warnings);
    let pack = formats::finish(&file, draft, &existing);
    let mut errors = pack::validate(&file, &pack).err().unwrap_or_default();
    let mut restores = None;
    let updates = match db.pack_owner(&pack.id)? {
        Some((info, _)) if info.origin != "own" => {
            errors.push(PackError {
                file: file.clone(),
                line: 1,
                field: Some("id".into()),
                message: format!(
                    "pack id {:?} is the id of “{}”, which is not yours to replace; give the pack another id",
                    pack.id, info.title
                ),
            });
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
        errors.push(PackError {
            file: file.clone(),
            line,
            field: Some("id".into()),
            message: format!("question id {id:?} is already used in “{title}”; give it another id"),
        });
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
        ..blank(Vec::new())
    };
    let pending = out.errors.is_empty().then(|| Pending {
        path: path.into(),
        hash: Sha256::digest(&bytes).into(),
        pack,
        format,
        duplicates: plan.duplicates,
    });
    Ok((out, pending))
}

/// Writes a previewed import, if the file is still as it was previewed.
pub fn apply(db: &Db, pending: &Pending, choice: &ImportChoice, now: i64) -> Result<ImportDone> {
    let bytes = std::fs::read(&pending.path)?;
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
    db.import_pack(&pack, &from, pending.format.as_str(), now)?;
    Ok(ImportDone {
        pack_id: pack.id,
        title: pack.title,
        questions: pack.questions.len(),
    })
}

/// The formats a pack can be saved in.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PackFormat {
    Toml,
    Json,
    Anki,
}

impl PackFormat {
    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Toml => "toml",
            PackFormat::Json => "json",
            PackFormat::Anki => "csv",
        }
    }
}

/// A file written where the user chose.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub path: String,
    /// How many questions, notes or files it holds.
    pub count: usize,
}

impl Saved {
    pub fn at(path: &Path, count: usize) -> Self {
        Saved {
            path: path.display().to_string(),
            count,
        }
    }
}

pub fn export_pack(db: &Db, id: &str, format: PackFormat, path: &Path) -> Result<Saved> {
    let pack = db.pack(id)?;
    let text = match format {
        PackFormat::Toml => pack_toml::write(&pack),
        PackFormat::Json => json::write(&pack),
        PackFormat::Anki => anki::write(&pack.questions),
    };
    whole_file::write(path, &text)?;
    Ok(Saved::at(path, pack.questions.len()))
}

/// Every question in the bank, with its key points, as cards Anki imports.
pub fn export_anki(db: &Db, path: &Path) -> Result<Saved> {
    let questions = db.bank_questions()?;
    whole_file::write(path, &anki::write(&questions))?;
    Ok(Saved::at(path, questions.len()))
}

/// Every note in one Markdown document, with headings by level and category.
pub fn export_notes_document(db: &Db, path: &Path) -> Result<Saved> {
    let notes = db.notes_for_export()?;
    let markdown = report::notes_markdown(notes.iter().map(|n| {
        (
            n.level.as_str(),
            n.category.as_str(),
            n.prompt.as_str(),
            n.body.as_str(),
        )
    }));
    whole_file::write(path, &markdown)?;
    Ok(Saved::at(path, notes.len()))
}

/// Every note as its own Markdown file in `dir`, named by its question's id.
pub fn export_notes_files(db: &Db, dir: &Path) -> Result<Saved> {
    let notes = db.notes_for_export()?;
    for n in &notes {
        let text = report::note_file(
            &n.question_id,
            n.level.as_str(),
            &n.category,
            &n.prompt,
            &n.body,
        );
        whole_file::write(&dir.join(format!("{}.md", n.question_id)), &text)?;
    }
    Ok(Saved::at(dir, notes.len()))
}

/// Adds (no id) or updates a question in a pack of the user's own, after checking it by the pack
/// rules (a new question's id is made on saving, so only a given one is checked).
pub fn save_question(db: &Db, pack_id: &str, question: &Question, now: i64) -> Result<String> {
    let checked = Question {
        id: if question.id.is_empty() {
            "new".into()
        } else {
            question.id.clone()
        },
        ..question.clone()
    };
    let problems = pack::question_problems(&checked);
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        return Err(Error::Invalid(list.join("; ")));
    }
    db.save_question(pack_id, question, now)
}

/// Copies any question (a built-in one, say) into a pack of the user's own as a new question.
pub fn copy_question(db: &Db, id: &str, pack_id: &str, now: i64) -> Result<String> {
    let q = db.pack_question(id)?;
    let copy = Question {
        id: String::new(),
        seed: false,
        ..q
    };
    db.save_question(pack_id, &copy, now)
}

/// A restore would pull the data from under a running round, so it waits for the round to end.
pub fn refuse_during_round(rounds: &crate::rounds::Rounds) -> Result<()> {
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

/// Replaces the database with the backup at `path`, keeping what was there in `<data>/backups`.
/// Refused while a round is in progress. The bank is loaded again afterwards (the backup may
/// predate this version's bundled packs) and an unfinished round in it is offered again.
pub fn restore(state: &crate::AppState, path: &Path, now: i64) -> Result<Restored> {
    refuse_during_round(&state.rounds)?;
    let dir = state.data_dir.join("backups");
    std::fs::create_dir_all(&dir)?;
    let previous = dir.join(format!("before-restore-{now}.sqlite"));
    state.db.restore_from(path, &previous)?;
    // An import previewed against the data that was replaced must not be applied to the restored one.
    if let Ok(mut pending) = state.pending_import.lock() {
        *pending = None;
    }
    crate::load_bank(&state.db, &state.user_packs_dir)?;
    state.rounds.restore(&state.db, state.clock.now())?;
    Ok(Restored {
        from: path.display().to_string(),
        previous: previous.display().to_string(),
    })
}
