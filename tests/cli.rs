//! `onsite check-pack`, run as the real binary, as a pack author would from a terminal.

use std::process::Command;
use tempfile::TempDir;

fn onsite(args: &[&str]) -> (i32, String, String) {
    // No display: the command line must not need one.
    let out = Command::new(env!("CARGO_BIN_EXE_onsite"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn good_packs_print_their_questions_as_json() {
    let (code, out, err) = onsite(&[
        "check-pack",
        "questions/ml-engineer.toml",
        "questions/senior-ml-engineer.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    let packs: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(packs[0]["questions"].as_array().unwrap().len(), 43);
    assert_eq!(packs[1]["questions"].as_array().unwrap().len(), 40);
    assert_eq!(packs[1]["questions"][0]["level"], "senior");
}

#[test]
fn bad_packs_exit_non_zero_with_file_line_errors() {
    let dir = TempDir::new().unwrap();
    let good = std::fs::read_to_string("questions/ml-engineer.toml").unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        good.replacen("difficulty = \"easy\"", "difficulty = \"trivial\"", 1),
    )
    .unwrap();
    let line = good
        .lines()
        .position(|l| l == "difficulty = \"easy\"")
        .unwrap()
        + 1;
    let (code, out, err) = onsite(&[
        "check-pack",
        "questions/senior-ml-engineer.toml",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.is_empty(),
        "nothing printed on stdout when a pack fails"
    );
    assert!(
        err.starts_with(&format!("{}:{line}: difficulty: ", bad.display())),
        "{err}"
    );
    assert!(err.contains("trivial"), "{err}");
}

#[test]
fn missing_files_and_no_files_are_reported() {
    let (code, _, err) = onsite(&["check-pack", "no/such.toml"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("no/such.toml:1: cannot read"), "{err}");
    let (code, _, err) = onsite(&["check-pack"]);
    assert_eq!(code, 2);
    assert!(err.contains("onsite check-pack [--strict] FILE"), "{err}");
}

#[test]
fn ids_repeated_across_files_are_reported() {
    let (code, _, err) = onsite(&[
        "check-pack",
        "questions/ml-engineer.toml",
        "questions/ml-engineer.toml",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("already used"), "{err}");
}
