//! Build script: Tauri's code generation from this crate's tauri.conf.json.

fn main() {
    tauri_build::build();
}
