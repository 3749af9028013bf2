//! Anki packages (`.apkg`): the zip, the collection inside it (zstd-compressed in current packages,
//! plain SQLite in legacy ones), and its notes read as a draft of questions.

use crate::domain::formats::{anki, Draft, Format};
use crate::domain::pack::PackError;
use crate::storage;
use std::io::{Cursor, Read};

/// The most a package's collection may unpack to: a package is read whole, so a small file that
/// unpacks to gigabytes is refused rather than filling the disk.
const COLLECTION_CAP: u64 = 512 << 20;

/// Whether `bytes` are a zip, which no text format is: a package, whatever the file is called.
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the package as questions. Every problem names the file.
pub fn read(file: &str, bytes: &[u8]) -> Result<(Format, Draft), Vec<PackError>> {
    let fail = |message: String| vec![PackError::at(file, 1, message)];
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("not a readable Anki package (zip): {e}")))?;
    // Current packages hold `collection.anki21b` and, for old versions of Anki, a stub
    // `collection.anki2` that only asks to update; legacy ones hold `collection.anki21` or `.anki2`.
    let (name, compressed) = [
        ("collection.anki21b", true),
        ("collection.anki21", false),
        ("collection.anki2", false),
    ]
    .into_iter()
    .find(|(n, _)| zip.file_names().any(|f| f == *n))
    .ok_or_else(|| {
        fail("no Anki collection in this zip (collection.anki21b, .anki21 or .anki2)".into())
    })?;
    let mut packed = Vec::new();
    zip.by_name(name)
        .map_err(|e| fail(format!("{name}: {e}")))?
        .take(COLLECTION_CAP + 1)
        .read_to_end(&mut packed)
        .map_err(|e| fail(format!("{name}: {e}")))?;
    let collection = if compressed {
        let mut out = Vec::new();
        zstd::stream::read::Decoder::new(&packed[..])
            .and_then(|d| d.take(COLLECTION_CAP + 1).read_to_end(&mut out))
            .map_err(|e| fail(format!("{name} does not unpack: {e}")))?;
        out
    } else {
        packed
    };
    if collection.len() as u64 > COLLECTION_CAP {
        return Err(fail(format!(
            "its collection unpacks to more than {} MB",
            COLLECTION_CAP >> 20
        )));
    }
    let copy = tempfile::NamedTempFile::new()
        .and_then(|mut f| std::io::Write::write_all(&mut f, &collection).map(|()| f))
        .map_err(|e| fail(format!("could not unpack the collection: {e}")))?;
    let notes = storage::anki_notes(copy.path())
        .map_err(|e| fail(format!("{name} is not a collection Onsite can read: {e}")))?;
    let draft = anki::read_package(file, &notes)?;
    if draft.questions.is_empty() {
        return Err(fail("no questions found (read as an Anki package)".into()));
    }
    Ok((Format::AnkiPackage, draft))
}
