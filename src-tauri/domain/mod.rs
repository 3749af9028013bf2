//! Pure product logic: no Tauri, no SQL. Everything here is unit-tested without a window or a database.

pub mod compare;
pub mod drill;
pub mod formats;
pub mod note_html;
pub mod optimise;
pub mod pack;
pub mod plan;
pub mod progress;
pub mod report;
pub mod retention;
pub mod review;
pub mod round;
pub mod search;
pub mod settings;
pub mod template;
