//! The command-line face of the binary, for pack authors: `onsite check-pack FILE...`.

use crate::domain::pack;
use std::io::Write;

const USAGE: &str = "usage: onsite check-pack FILE...\n\n\
Validates Onsite question packs. Prints the parsed packs as JSON on success; on any error, prints\n\
FILE:LINE: FIELD: MESSAGE lines to stderr and exits with status 1.\n";

/// Runs the command line if `args` asks for it and returns the exit status; `None` means "start the app".
pub fn run(args: &[String], out: &mut impl Write, err: &mut impl Write) -> Option<i32> {
    match args.first().map(String::as_str) {
        Some("check-pack") => Some(check_pack(&args[1..], out, err)),
        Some("--help" | "-h" | "help") => {
            let _ = write!(out, "Onsite {}: practise ML engineering interviews.\n\n{USAGE}", env!("CARGO_PKG_VERSION"));
            Some(0)
        }
        Some("--version" | "-V") => {
            let _ = writeln!(out, "onsite {}", env!("CARGO_PKG_VERSION"));
            Some(0)
        }
        _ => None,
    }
}

fn check_pack(files: &[String], out: &mut impl Write, err: &mut impl Write) -> i32 {
    if files.is_empty() {
        let _ = write!(err, "{USAGE}");
        return 2;
    }
    let mut packs = Vec::new();
    let mut failed = false;
    for file in files {
        let parsed = match std::fs::read_to_string(file) {
            Ok(text) => pack::parse(file, &text),
            Err(e) => Err(vec![pack::PackError { file: file.clone(), line: 1, field: None, message: format!("cannot read: {e}") }]),
        };
        match parsed {
            Ok(p) => packs.push(p),
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
