//! Build script: Tauri's code generation, the bundled question packs embedded into the binary, and
//! the order in which a release build lays out the code a start runs.

use std::{env, fs, path::Path};

#[path = "services/pack_hash.rs"]
mod pack_hash;

fn main() {
    embed("questions", "bundled_packs.rs", true);
    embed("questions/rounds", "bundled_templates.rs", false);
    order_startup_code();
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

/// The functions a start runs, listed in `src-tauri/startup.order` by `scripts/startup-order`, are
/// placed side by side at the front of a release build's code.
///
/// The kernel maps an executable's code in 64 KB runs around each page first touched. Start-up runs
/// about 1.9 MB of the 7 MB of code, spread over the whole of it by the optimiser, so every start
/// mapped 6.4 MB of it. Laid out together, they map 2.0 MB: 4.4 MB less memory for as long as
/// Onsite runs (measured with /proc/PID/smaps, 8 s after a second start).
///
/// The list names symbols exactly, so it matches only builds with the same compiler and lock file;
/// a name that does not match is skipped, and a build it no longer fits just loses the layout (the
/// figures in docs/bench.md show it). Only the linker Rust ships for x86-64 Linux (LLD, the default
/// since Rust 1.90) takes the list, so other targets, older compilers, and a linker of the user's
/// own choosing build without it.
fn order_startup_code() {
    const ORDER: &str = "src-tauri/startup.order";
    println!("cargo:rerun-if-changed={ORDER}");
    println!("cargo:rerun-if-env-changed=ONSITE_LINK_MAP");
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    let target = env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    let own_linker = env::var_os("RUSTC_LINKER").is_some()
        || env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|f| f.contains("link"));
    if !release || !target || own_linker || !rust_lld_by_default() {
        return;
    }
    // scripts/startup-order reads the names of a stripped build's functions from the linker's map.
    if let Some(map) = env::var_os("ONSITE_LINK_MAP") {
        println!(
            "cargo:rustc-link-arg-bin=onsite=-Wl,-Map={}",
            map.to_string_lossy()
        );
    }
    let order = fs::canonicalize(ORDER).unwrap_or_else(|e| panic!("{ORDER}: {e}"));
    println!(
        "cargo:rustc-link-arg-bin=onsite=-Wl,--symbol-ordering-file={}",
        order.display()
    );
    println!("cargo:rustc-link-arg-bin=onsite=-Wl,--no-warn-symbol-ordering");
}

/// Whether the compiler is Rust 1.90 or later, which links x86-64 Linux with its own LLD.
fn rust_lld_by_default() -> bool {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&out.stdout);
    let minor = version
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1));
    minor
        .and_then(|m| m.parse::<u32>().ok())
        .is_some_and(|m| m >= 90)
}
