//! Round reports, written as Markdown into the data folder's `exports/`.

use crate::error::Result;
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
    crate::whole_file::write(&path, &markdown)?;
    Ok(Exported {
        path: path.display().to_string(),
        markdown,
    })
}
