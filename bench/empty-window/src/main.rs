//! An empty Tauri 2 window, opened the way Onsite opens its own: same size, its webview's files in
//! `--data-dir DIR` when given, so a benchmark can start both on a fresh folder.

// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data_dir = args
        .iter()
        .position(|a| a == "--data-dir")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    tauri::Builder::default()
        .setup(move |app| {
            let mut window =
                WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                    .title("Empty window")
                    .inner_size(1240.0, 820.0);
            if let Some(dir) = &data_dir {
                window = window.data_directory(dir.join("webview"));
            }
            window.build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the empty window runs");
}
