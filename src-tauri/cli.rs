//! The command-line face of the binary, for pack authors: `onsite check-pack FILE...`.

use crate::domain::pack;
use crate::services::{file_reads, imports};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

const USAGE: &str =
    "usage: onsite [--data-dir DIR]    open the app (data in DIR, or $ONSITE_DATA_DIR)\n\
       onsite check-pack [--strict] FILE...  check question files\n\n\
Checks files the way Library > Import reads them: Onsite packs (.toml, .json), Markdown notes (.md,\n\
.txt) and Anki plain-text exports (.csv, .tsv, or .txt with Anki's # headers). Prints the packs they\n\
become as JSON on success; on any error, prints FILE:LINE: FIELD: MESSAGE lines to stderr and exits\n\
with status 1. Warnings (FILE:LINE: warning: MESSAGE) do not fail the check. --strict also requires\n\
every question's guide (key points, follow-ups, red flags, and the fields of its kind), as bundled\n\
packs do.\n";

/// Runs the command line if `args` asks for it and returns the exit status; `None` means "start the app".
pub fn run(args: &[String], out: &mut impl Write, err: &mut impl Write) -> Option<i32> {
    match args.first().map(String::as_str) {
        Some("check-pack") => Some(check_pack(&args[1..], out, err)),
        Some("--help" | "-h" | "help") => {
            let _ = write!(
                out,
                "Onsite {}: practise ML engineering interviews.\n\n{USAGE}",
                env!("CARGO_PKG_VERSION")
            );
            Some(0)
        }
        Some("--version" | "-V") => {
            let _ = writeln!(out, "onsite {}", env!("CARGO_PKG_VERSION"));
            Some(0)
        }
        _ => None,
    }
}

fn check_pack(args: &[String], out: &mut impl Write, err: &mut impl Write) -> i32 {
    let strict = args.iter().any(|a| a == "--strict");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--strict").collect();
    if files.is_empty() {
        let _ = write!(err, "{USAGE}");
        return 2;
    }
    let mut packs = Vec::new();
    let mut failed = false;
    // Ids must be unique across every pack the app loads, so across the files checked together too.
    let mut seen: HashMap<String, String> = HashMap::new();
    for file in files {
        let file = file.as_str();
        let parsed = match file_reads::read(Path::new(file)) {
            Ok(bytes) => imports::check_file(file, &bytes).map(|imported| {
                for w in &imported.warnings {
                    let _ = writeln!(err, "{}:{}: warning: {}", w.file, w.line, w.message);
                }
                imported.pack
            }),
            Err(e) => Err(vec![pack::PackError::at(file, 1, e.to_string())]),
        };
        match parsed {
            Ok(p) => {
                let ids = std::iter::once((format!("pack id {:?}", p.id), 1)).chain(
                    p.questions
                        .iter()
                        .map(|q| (format!("question id {:?}", q.id), q.line)),
                );
                for (what, line) in ids {
                    if let Some(first) = seen.insert(what.clone(), format!("{file}:{line}")) {
                        failed = true;
                        let _ =
                            writeln!(err, "{file}:{line}: id: {what} is already used at {first}");
                    }
                }
                if strict {
                    for q in &p.questions {
                        let gaps = q.guide_gaps();
                        if !gaps.is_empty() {
                            failed = true;
                            let _ = writeln!(
                                err,
                                "{file}:{}: guide: {} needs {}",
                                q.line,
                                q.id,
                                gaps.join(", ")
                            );
                        }
                    }
                }
                packs.push(p);
            }
            Err(errors) => {
                failed = true;
                for e in errors {
                    let _ = writeln!(err, "{e}");
                }
            }
        }
    }
    if failed {
        return 1;
    }
    match serde_json::to_writer_pretty(&mut *out, &packs) {
        Ok(()) => {
            let _ = writeln!(out);
            0
        }
        Err(e) => {
            let _ = writeln!(err, "onsite: {e}");
            1
        }
    }
}
