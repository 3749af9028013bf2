//! Files written whole or not at all: exports, round reports and backups.

use crate::error::{Error, Result};
use std::path::Path;
use tempfile::NamedTempFile;

/// Has `fill` write a temporary file in `path`'s folder, syncs it, and only then gives it `path`'s
/// name, so a failed or interrupted write never leaves half a file where a good one was.
pub fn replace(path: &Path, fill: impl FnOnce(&mut NamedTempFile) -> Result<()>) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".onsite-")
        .tempfile_in(dir)?;
    fill(&mut tmp)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| Error::Io(e.error))?;
    Ok(())
}

/// Writes `text` to `path` whole or not at all.
pub fn write(path: &Path, text: &str) -> Result<()> {
    replace(path, |tmp| {
        Ok(std::io::Write::write_all(tmp, text.as_bytes())?)
    })
}
