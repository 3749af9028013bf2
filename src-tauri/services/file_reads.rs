//! Reading the files a user hands Onsite (imports, `check-pack`, the packs and templates in the data
//! folder), with the one size limit they all share.

use crate::error::Error;
use std::io::Read;
use std::path::Path;

/// The largest file Onsite reads. Reading and checking a file takes over ten times its size in
/// memory, and the time to preview its import grows faster than its size; this keeps a preview to
/// a few seconds and under 200 MB, while real packs and notes stay far below it. Figures in
/// questions/README.md ("Importing questions from other files").
pub const MAX_FILE_BYTES: u64 = 16_000_000;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file is over [`MAX_FILE_BYTES`]; `name` is its file name, as the user knows it.
    #[error("{name} is {}; Onsite reads files up to {}", megabytes(*size), megabytes(MAX_FILE_BYTES))]
    TooLarge { name: String, size: u64 },
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

/// A file too large to read is the user's input to change, not Onsite's failure.
impl From<ReadError> for Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::TooLarge { .. } => Error::Invalid(e.to_string()),
            ReadError::Io(e) => Error::Io(e),
        }
    }
}

/// The bytes of the file at `path`, refused before they are read if the file is over
/// [`MAX_FILE_BYTES`]. Reading stops one byte past the limit, so a file that grows while it is read
/// is refused too, and never held whole.
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let too_large = |size: u64| ReadError::TooLarge {
        name: path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        ),
        size,
    };
    if size > MAX_FILE_BYTES {
        return Err(too_large(size));
    }
    // At most MAX_FILE_BYTES here, so it fits a usize anywhere.
    let mut bytes = Vec::with_capacity(size as usize);
    let mut file = file.take(MAX_FILE_BYTES + 1);
    file.read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        let now = file.into_inner().metadata().map_or(read, |m| m.len());
        return Err(too_large(now.max(read)));
    }
    Ok(bytes)
}

/// `bytes` in megabytes (of 1,000,000 bytes) for people: whole when it is, else rounded up to a
/// tenth, so a file just over the limit never reads as the limit itself.
fn megabytes(bytes: u64) -> String {
    let tenths = bytes.div_ceil(100_000);
    match tenths % 10 {
        0 => format!("{} MB", tenths / 10),
        t => format!("{}.{t} MB", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_plain_megabytes() {
        assert_eq!(megabytes(MAX_FILE_BYTES), "16 MB");
        assert_eq!(megabytes(MAX_FILE_BYTES + 1), "16.1 MB");
        assert_eq!(megabytes(120_000_000), "120 MB");
        assert_eq!(megabytes(104_857_600), "104.9 MB");
    }

    #[test]
    fn a_file_at_the_limit_is_read_and_one_over_it_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("at.md");
        let file = std::fs::File::create(&at).unwrap();
        file.set_len(MAX_FILE_BYTES).unwrap();
        assert_eq!(read(&at).unwrap().len() as u64, MAX_FILE_BYTES);
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let err = read(&at).unwrap_err();
        assert_eq!(
            err.to_string(),
            "at.md is 16.1 MB; Onsite reads files up to 16 MB"
        );
        assert_eq!(Error::from(err).code(), "invalid_input");
        let missing = read(&dir.path().join("missing.md")).unwrap_err();
        assert!(
            missing.to_string().starts_with("cannot read: "),
            "{missing}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_longer_than_its_stated_size_is_refused_once_past_the_limit() {
        // A device states no size and never ends, like a file that grows while it is read.
        let err = read(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { size, .. } if size == MAX_FILE_BYTES + 1),
            "{err}"
        );
    }
}
