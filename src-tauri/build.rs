//! Build script: Tauri's code generation, plus the bundled question packs embedded into the binary.

use std::{env, fs, path::Path};

#[path = "services/pack_hash.rs"]
mod pack_hash;

fn main() {
    embed("questions", "bundled_packs.rs", true);
    embed("questions/rounds", "bundled_templates.rs", false);
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attrs =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attrs).expect("tauri-build failed");
}

/// Writes `$OUT_DIR/<out>`: a list of `(file name, contents)` for every `<dir>/*.toml`, and with
/// `hashed` each one's content hash after them. Embedding keeps the app working offline from its
/// first start, with nothing written next to it.
fn embed(dir: &str, out_name: &str, hashed: bool) {
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}/: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let abs = fs::canonicalize(&path).unwrap();
        let include = format!("include_str!({:?})", abs.display().to_string());
        if hashed {
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
            let hash = pack_hash::content_hash(&text);
            out.push_str(&format!("    ({name:?}, {include}, {hash:?}),\n"));
        } else {
            out.push_str(&format!("    ({name:?}, {include}),\n"));
        }
    }
    out.push_str("]\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join(out_name);
    fs::write(dest, out).unwrap();
}
