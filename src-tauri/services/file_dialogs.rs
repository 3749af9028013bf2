//! The files the user picks, through the native file dialogs. Rust opens the dialogs and touches
//! only the path the user chose; the webview has no file-system access and no dialog permission.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// A dialog to show.
pub enum Dialog<'a> {
    Open {
        title: &'a str,
        filters: &'a [(&'a str, &'a [&'a str])],
    },
    Save {
        title: &'a str,
        file_name: &'a str,
        filters: &'a [(&'a str, &'a [&'a str])],
    },
    Folder {
        title: &'a str,
    },
}

/// Shows file dialogs, or, when a debug build was started with `ONSITE_TEST_PICKS=FILE`, answers
/// each one with the path written in FILE (empty: cancelled). End-to-end tests drive the real window
/// through WebDriver, which cannot reach a native dialog; everything after the pick is the same.
/// Release builds ignore the variable and always show the dialogs.
#[derive(Debug, Default, Clone)]
pub struct Picker {
    scripted: Option<PathBuf>,
}

impl Picker {
    pub fn from_env() -> Self {
        Picker {
            scripted: std::env::var_os("ONSITE_TEST_PICKS")
                .filter(|v| cfg!(debug_assertions) && !v.is_empty())
                .map(PathBuf::from),
        }
    }

    pub fn scripted(answers: &Path) -> Self {
        Picker {
            scripted: Some(answers.into()),
        }
    }

    /// The path the user picked, or `None` if they cancelled. Blocks until the dialog closes, so
    /// call it from an async command.
    pub fn pick<R: Runtime>(&self, app: &AppHandle<R>, dialog: Dialog) -> Result<Option<PathBuf>> {
        if let Some(answers) = &self.scripted {
            let answer = std::fs::read_to_string(answers)?;
            return Ok(Some(answer.trim())
                .filter(|a| !a.is_empty())
                .map(PathBuf::from));
        }
        let mut builder = app.dialog().file();
        if let Some(window) = app.get_webview_window("main") {
            builder = builder.set_parent(&window);
        }
        let add_filters = |mut b: tauri_plugin_dialog::FileDialogBuilder<R>,
                           filters: &[(&str, &[&str])]| {
            for (name, extensions) in filters {
                b = b.add_filter(*name, extensions);
            }
            b
        };
        let picked = match dialog {
            Dialog::Open { title, filters } => {
                add_filters(builder.set_title(title), filters).blocking_pick_file()
            }
            Dialog::Save {
                title,
                file_name,
                filters,
            } => add_filters(builder.set_title(title).set_file_name(file_name), filters)
                .blocking_save_file(),
            Dialog::Folder { title } => builder.set_title(title).blocking_pick_folder(),
        };
        picked
            .map(|p| {
                p.into_path()
                    .map_err(|e| Error::Invalid(format!("that location cannot be used: {e}")))
            })
            .transpose()
    }
}
