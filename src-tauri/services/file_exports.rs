//! Every file the user asks Onsite to write: packs in each format, notes, Anki cards, the review
//! log, and round reports. Each is written whole or not at all.

use super::{clock, whole_file};
use crate::domain::formats::{anki, json, pack_toml};
use crate::domain::{report, review};
use crate::error::Result;
use crate::storage::Db;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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

/// The whole review log as CSV.
pub fn export_reviews(db: &Db, path: &Path) -> Result<Saved> {
    let log = db.review_log()?;
    whole_file::write(path, &review::log_csv(&log, clock::date_time))?;
    Ok(Saved::at(path, log.len()))
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

/// An export as written: where it is, and its text (the UI also copies it).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    pub path: String,
    pub markdown: String,
}

/// Writes `markdown` as `dir/name`, creating `dir` if needed.
pub fn write_report(dir: &Path, name: &str, markdown: String) -> Result<Exported> {
    std::fs::create_dir_all(dir)?;
    let path: PathBuf = dir.join(name);
    whole_file::write(&path, &markdown)?;
    Ok(Exported {
        path: path.display().to_string(),
        markdown,
    })
}
