//! What the largest file Onsite reads costs: a Markdown list of questions just under
//! `MAX_FILE_BYTES`, previewed the way Library → Import does (against the bundled bank, in a
//! database on disk). Prints the preview's time and the process's peak memory. Target: a preview
//! within seconds and a few hundred MB.
//!
//! `cargo bench --bench import_limit` runs it in full; run its binary under `/usr/bin/time -v` for
//! the operating system's view of the same peak. Without `--bench` (as `cargo test --all-targets`
//! runs it) it previews a 200 KB file and exits.

use onsite::services::file_reads::MAX_FILE_BYTES;
use onsite::services::imports::ImportSession;
use onsite::services::pack_loader;
use onsite::storage::Db;
use std::io::Write;
use std::time::Instant;

/// A note of `## Category` headings, 50 questions under each, as close to `size` bytes as whole
/// lines allow without going over.
fn note(path: &std::path::Path, size: u64) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    for n in 0.. {
        let line = if n % 51 == 0 {
            format!("\n## Category {}\n\n", n / 51)
        } else {
            format!("- Question {n}: how would you design a feature store for this model, and what breaks at scale?\n")
        };
        if written + line.len() as u64 > size {
            break;
        }
        out.write_all(line.as_bytes()).unwrap();
        written += line.len() as u64;
    }
    out.flush().unwrap();
    written
}

/// The process's peak resident memory so far, where the system says (Linux).
fn peak() -> String {
    let kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        });
    kb.map_or("unknown".into(), |kb| format!("{} MB", kb / 1000))
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let size = if full { MAX_FILE_BYTES } else { 200_000 };
    let dir = tempfile::TempDir::new().unwrap();
    let db = Db::open(&dir.path().join("onsite.db")).unwrap();
    pack_loader::load_bank(&db, &dir.path().join("packs"), 0).unwrap();
    let path = dir.path().join("notes.md");
    let bytes = note(&path, size);
    println!(
        "a Markdown list of {bytes} bytes (limit {MAX_FILE_BYTES}); peak memory before reading it {}",
        peak()
    );

    let t = Instant::now();
    let preview = ImportSession::default().preview(&db, &path).unwrap();
    println!(
        "  import preview: {} questions, {} errors, in {:.2} s; peak memory {}",
        preview.questions,
        preview.errors.len(),
        t.elapsed().as_secs_f64(),
        peak()
    );
    assert!(preview.errors.is_empty(), "{:?}", &preview.errors[..1]);
}
