//! The app's services: what the commands (and the command line) call. Each composes pure domain
//! logic with storage and files; none knows about IPC, and none reaches up into the wiring.

pub mod anki_packages;
pub mod authoring;
pub mod backups;
pub mod clock;
pub mod drill_runner;
pub mod drills;
pub mod file_dialogs;
pub mod file_exports;
pub mod file_reads;
pub mod folder_lock;
pub mod imports;
pub mod outbox;
pub mod pack_hash;
pub mod pack_loader;
pub mod recovery;
pub mod reviews;
pub mod round_runner;
pub mod settings_file;
pub mod whole_file;
