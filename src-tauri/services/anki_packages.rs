//! Anki packages (`.apkg`): the zip, the collection inside it (zstd-compressed in current packages,
//! plain SQLite in legacy ones), and its notes read as a draft of questions.

use crate::domain::formats::{anki, Draft, Format};
use crate::domain::pack::PackError;
use crate::storage;
use std::io::{Cursor, Read};

/// The most a package's collection may unpack to, four times the largest file Onsite reads: a
/// small file that unpacks to gigabytes is refused rather than filling memory or the disk.
const COLLECTION_CAP: u64 = 4 * crate::services::file_reads::MAX_FILE_BYTES;

/// Whether the file is an Anki package: named `.apkg`, or a zip, which no text format is.
pub fn is_package(file: &str, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || file.to_ascii_lowercase().ends_with(".apkg")
}

/// The first note Anki writes in the stub `collection.anki2` of packages for newer versions.
const STUB_NOTE: &str = "Please update to the latest Anki version";

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
    let mut entry = zip
        .by_name(name)
        .map_err(|e| fail(format!("{name}: {e}")))?;
    if entry.size() > COLLECTION_CAP {
        return Err(fail(format!(
            "its collection unpacks to more than {} MB",
            COLLECTION_CAP >> 20
        )));
    }
    entry
        .by_ref()
        .take(COLLECTION_CAP + 1)
        .read_to_end(&mut packed)
        .map_err(|e| fail(format!("{name}: {e}")))?;
    drop(entry);
    let mut collection = if compressed {
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
    // Current collections are in WAL mode, in which even a read-only open leaves `-wal` and
    // `-shm` files: marked as a rollback-journal database (header bytes 18 and 19), it leaves
    // none, and the folder holding it goes as a whole anyway.
    if collection.len() >= 100 && collection.starts_with(b"SQLite format 3\0") {
        collection[18] = 1;
        collection[19] = 1;
    }
    let folder = tempfile::Builder::new()
        .prefix("onsite-apkg-")
        .tempdir()
        .map_err(|e| fail(format!("could not unpack the collection: {e}")))?;
    let path = folder.path().join("collection.db");
    std::fs::write(&path, &collection)
        .map_err(|e| fail(format!("could not unpack the collection: {e}")))?;
    drop(collection);
    let notes = storage::anki_notes(&path)
        .map_err(|e| fail(format!("{name} is not a collection Onsite can read: {e}")))?;
    if name == "collection.anki2"
        && notes.len() == 1
        && notes[0]
            .fields
            .first()
            .is_some_and(|f| f.starts_with(STUB_NOTE))
    {
        return Err(fail(
            "this package is in a newer Anki format than Onsite reads: export it again with Support older Anki versions ticked".into(),
        ));
    }
    let draft = anki::read_package(file, &notes)?;
    if draft.questions.is_empty() {
        return Err(fail("no questions found (read as an Anki package)".into()));
    }
    Ok((Format::AnkiPackage, draft))
}
