//! Documents the user asks for, written as Markdown into the data folder's `exports/`.

use crate::domain::report;
use crate::error::Result;
use crate::storage::Db;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// An export as written: where it is, and its text (the UI also copies it).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    pub path: String,
    pub markdown: String,
}

/// Writes `markdown` as `dir/name`, creating `dir` if needed.
pub fn write(dir: &Path, name: &str, markdown: String) -> Result<Exported> {
    std::fs::create_dir_all(dir)?;
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, &markdown)?;
    Ok(Exported {
        path: path.display().to_string(),
        markdown,
    })
}

/// Every note, in one document with headings by level and category, as `dir/notes.md`.
pub fn notes(db: &Db, dir: &Path) -> Result<Exported> {
    let notes = db.notes_for_export()?;
    let markdown = report::notes_markdown(notes.iter().map(|n| {
        (
            n.level.as_str(),
            n.category.as_str(),
            n.prompt.as_str(),
            n.body.as_str(),
        )
    }));
    write(dir, "notes.md", markdown)
}
