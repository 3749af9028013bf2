//! What note history costs when a long answer is typed: a 2,000-word answer written over a
//! simulated 30 minutes, saved every 2 s as the editor autosaves, once keeping a full copy per save
//! (Onsite before note history was collapsed) and once as it is now. Prints the final note's size,
//! the database file's growth, the number of versions and the history payload the UI receives.
//!
//! `cargo bench --bench note_history` runs it in full. Without `--bench` (as `cargo test
//! --all-targets` runs it) it makes a few saves, checks them and exits.

use onsite::services::pack_loader as bank;
use onsite::storage::Db;
use std::path::Path;

const Q: &str = "mle-fund-overfitting-prevent";
const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const T0: i64 = 1_780_000_000_000;

/// The user's typing: 2,000 words over 30 minutes with a save every 2 s, and two breaks: one of 3
/// minutes (shorter than the revision pause, so the same version goes on) and one of 6 minutes.
struct Session {
    words: usize,
    saves: usize,
    /// (after which save, how long) for each break.
    breaks: [(usize, i64); 2],
}

const FULL: Session = Session {
    words: 2000,
    // 30 minutes less 9 of breaks, at one save every 2 s.
    saves: (30 - 9) * 30,
    breaks: [(200, 3 * MINUTE), (420, 6 * MINUTE)],
};

const SMOKE: Session = Session {
    words: 40,
    saves: 10,
    breaks: [(3, 3 * MINUTE), (6, 6 * MINUTE)],
};

/// How the history was kept.
#[derive(Clone, Copy, PartialEq)]
enum Keeping {
    /// A full copy per save, as before: reproduced by closing the version before every save,
    /// which makes each save insert a new row with the whole text, as the old code did.
    CopyPerSave,
    /// As Onsite keeps it now.
    Sessions,
}

struct Figures {
    note_bytes: u64,
    growth_bytes: u64,
    /// Of the growth, pages left free inside the file, which later writes reuse.
    free_bytes: u64,
    versions: usize,
    /// JSON of what the history command answers: before, every version with its text; now, the
    /// list of times and sizes.
    payload_bytes: u64,
    /// JSON of every version's text, as opening each one in the history would fetch.
    all_texts_bytes: u64,
}

/// The answer's text after `n` words: ML prose with a paragraph break every 60 words.
fn answer(n: usize) -> String {
    const PROSE: &str = "the model overfits when validation loss rises while training loss keeps \
        falling; regularisation such as weight decay, dropout and early stopping trades a little \
        bias for much lower variance, and more data or augmentation helps most.";
    let words: Vec<&str> = PROSE.split_whitespace().collect();
    let mut text = String::new();
    for i in 0..n {
        if i > 0 {
            text.push_str(if i % 60 == 0 { "\n\n" } else { " " });
        }
        text.push_str(words[(i * 7 + i / words.len()) % words.len()]);
    }
    text
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn run(session: &Session, keeping: Keeping) -> Figures {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    let path = dir.path().join("onsite.db");
    bank::sync(&Db::open(&path).unwrap(), &bank::bundled_sources(), 1).unwrap();
    // Closing the database checkpoints its write-ahead log into the file and removes the log.
    let before = file_size(&path);

    let db = Db::open(&path).unwrap();
    let mut now = T0;
    for save in 1..=session.saves {
        let text = answer(session.words * save / session.saves);
        if keeping == Keeping::CopyPerSave {
            db.seal_note(Q).unwrap();
        }
        db.save_note(Q, &text, now).unwrap();
        assert_eq!(
            db.note(Q).unwrap().unwrap().body,
            text,
            "each save is read back"
        );
        now += 2 * SECOND;
        if let Some((_, pause)) = session.breaks.iter().find(|(after, _)| *after == save) {
            now += pause;
        }
    }
    let note = db.note(Q).unwrap().unwrap().body;
    let mut list = Vec::new();
    let mut before_id = None;
    loop {
        let page = db.note_history(Q, before_id, Some(200)).unwrap();
        let Some(last) = page.last() else { break };
        before_id = Some(last.id);
        list.extend(page);
    }
    let texts_bytes = json_len(&db.note_revisions(Q).unwrap());
    let payload_bytes = match keeping {
        Keeping::CopyPerSave => texts_bytes,
        Keeping::Sessions => json_len(&list),
    };
    let pragma = |name: &str| db.pragma(name).unwrap().parse::<u64>().unwrap();
    let free_bytes = pragma("freelist_count") * pragma("page_size");
    drop(db);
    Figures {
        note_bytes: note.len() as u64,
        growth_bytes: file_size(&path) - before,
        free_bytes,
        versions: list.len(),
        payload_bytes,
        all_texts_bytes: texts_bytes,
    }
}

/// The size of `value` as JSON, as it crosses IPC.
fn json_len(value: &impl serde::Serialize) -> u64 {
    serde_json::to_vec(value).map_or(0, |v| v.len() as u64)
}

fn size(bytes: u64) -> String {
    if bytes < 10_000 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1000.0)
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let session = if full { &FULL } else { &SMOKE };
    let old = run(session, Keeping::CopyPerSave);
    let new = run(session, Keeping::Sessions);
    assert_eq!(old.note_bytes, new.note_bytes);
    assert_eq!(old.versions, session.saves);
    assert_eq!(
        new.versions, 2,
        "the 6-minute break starts the one new version"
    );
    if !full {
        return;
    }
    let note = new.note_bytes as f64;
    println!(
        "{} words typed over 30 simulated minutes: {} saves 2 s apart, breaks of 3 and 6 minutes",
        session.words, session.saves
    );
    println!(
        "final note: {} ({} bytes)\n",
        size(new.note_bytes),
        new.note_bytes
    );
    println!(
        "{:<24}{:>15}{:>12}{:>8}{:>16}{:>16}",
        "", "copy per save", "sessions", "ratio", "copy ÷ note", "sessions ÷ note"
    );
    println!("{:<24}{:>15}{:>12}", "versions", old.versions, new.versions);
    let row = |what: &str, old: u64, new: u64| {
        let ratio = if old == 0 {
            "-".into()
        } else {
            format!("{:.3}", new as f64 / old as f64)
        };
        println!(
            "{what:<24}{:>15}{:>12}{ratio:>8}{:>15.1}x{:>15.2}x",
            size(old),
            size(new),
            old as f64 / note,
            new as f64 / note
        );
    };
    row("database file growth", old.growth_bytes, new.growth_bytes);
    row("  of it, free pages", old.free_bytes, new.free_bytes);
    row("history list payload", old.payload_bytes, new.payload_bytes);
    row(
        "every version's text",
        old.all_texts_bytes,
        new.all_texts_bytes,
    );
}
