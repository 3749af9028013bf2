//! One Onsite per data folder: an exclusive lock on `<data>/onsite.lock`, held while the app runs
//! and released by the operating system when it exits, however it exits. The file holds the
//! process id of the holder, for the message a second process gives.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

/// Held for the life of the app.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process holds the folder; its id, where it could be read.
    Held(Option<u32>),
    /// The folder cannot be written at all.
    Io(std::io::Error),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held(Some(pid)) => write!(f, "Onsite (process {pid}) is already using it"),
            LockError::Held(None) => f.write_str("another Onsite is already using it"),
            LockError::Io(e) => write!(f, "it cannot be written ({e})"),
        }
    }
}

/// Like [`acquire`], but a folder held by another process is tried again until `wait` has passed:
/// an Onsite that was just closed may still be saving and shutting down.
pub fn acquire_within(dir: &Path, wait: std::time::Duration) -> Result<FolderLock, LockError> {
    let until = std::time::Instant::now() + wait;
    loop {
        match acquire(dir) {
            Err(LockError::Held(_)) if std::time::Instant::now() < until => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

pub fn acquire(dir: &Path) -> Result<FolderLock, LockError> {
    let path = dir.join("onsite.lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(LockError::Io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(LockError::Held(text.trim().parse().ok()));
        }
        Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
    }
    let written = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| write!(file, "{}", std::process::id()))
        .and_then(|_| file.sync_all());
    written.map_err(LockError::Io)?;
    Ok(FolderLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_folder_is_refused_with_the_holders_id_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        match acquire(dir.path()) {
            Err(LockError::Held(Some(pid))) => assert_eq!(pid, std::process::id()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        acquire(dir.path()).unwrap();
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_an_io_error() {
        // A file where the folder should be: refused for root too, unlike a permission bit.
        let dir = tempfile::tempdir().unwrap();
        let not_a_folder = dir.path().join("data");
        std::fs::write(&not_a_folder, "").unwrap();
        assert!(matches!(acquire(&not_a_folder), Err(LockError::Io(_))));
    }
}
