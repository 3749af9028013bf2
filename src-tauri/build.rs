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
///
/// With `hashed` (the question packs, 800 KB) the texts also go into a section of their own,
/// `.rodata.onsite_packs`, apart from the names and hashes a start reads. The kernel maps a binary's
/// pages in 64 KB runs around each one touched, so a hash stored next to its pack's text made every
/// start map most of the text too: about 600 KB of memory for pages nothing reads.
fn embed(dir: &str, out_name: &str, hashed: bool) {
    println!("cargo:rerun-if-changed={dir}");
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}/: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let (mut items, mut list) = (String::new(), String::new());
    for (i, path) in files.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let abs = format!(
            "{:?}",
            fs::canonicalize(path).unwrap().display().to_string()
        );
        if hashed {
            let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
            let hash = pack_hash::content_hash(&text);
            items.push_str(&format!(
                "    #[link_section = \".rodata.onsite_packs\"]\n    \
                 static PACK_{i}: [u8; {len}] = *include_bytes!({abs});\n",
                len = text.len()
            ));
            // Checked at compile time, so a start never reads the text to check it.
            let text = format!(
                "match ::std::str::from_utf8(&PACK_{i}) {{ Ok(s) => s, Err(_) => panic!(\"not UTF-8\") }}"
            );
            list.push_str(&format!("        ({name:?}, {text}, {hash:?}),\n"));
        } else {
            list.push_str(&format!("        ({name:?}, include_str!({abs})),\n"));
        }
    }
    let out = format!("{{\n{items}    &[\n{list}    ]\n}}\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join(out_name);
    fs::write(dest, out).unwrap();
}
