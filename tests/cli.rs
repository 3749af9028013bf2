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

#[test]
fn every_import_format_is_checked_with_located_errors() {
    let dir = TempDir::new().unwrap();
    let note = dir.path().join("prep.md");
    std::fs::write(
        &note,
        "---\nlevel: senior\n---\n# Evaluation\n\n- What is AUC?\n- How do you pick a threshold?\n",
    )
    .unwrap();
    let anki = dir.path().join("cards.txt");
    std::fs::write(&anki, "#separator:tab\n#html:false\n#tags column:3\nWhat is dropout?\tRandomly zeroes units\tcategory::Deep_learning\n").unwrap();
    let (code, out, err) = onsite(&[
        "check-pack",
        note.to_str().unwrap(),
        anki.to_str().unwrap(),
        "tests/fixtures/seed-note.md",
    ]);
    assert_eq!(code, 0, "{err}");
    let packs: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(packs[0]["id"], "prep");
    assert_eq!(packs[0]["questions"][1]["level"], "senior");
    assert_eq!(packs[0]["questions"][1]["category"], "Evaluation");
    assert_eq!(packs[1]["questions"][0]["category"], "Deep learning");
    assert_eq!(packs[2]["questions"].as_array().unwrap().len(), 83);
    assert!(
        err.contains("tests/fixtures/seed-note.md:163: warning: "),
        "the cut-off question is flagged: {err}"
    );

    let json = dir.path().join("bad.json");
    std::fs::write(&json, "[\n  {\"prompt\": \"What is bias?\"},\n  {\"prompt\": \"What is variance?\", \"kind\": \"essay\"}\n]\n").unwrap();
    let (code, out, err) = onsite(&["check-pack", json.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.starts_with(&format!("{}:3: kind: ", json.display())),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    use onsite::services::file_reads::MAX_FILE_BYTES;
    let dir = TempDir::new().unwrap();
    // Sparse: twice the limit on paper, no space on disk.
    let big = dir.path().join("big.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 * MAX_FILE_BYTES)
        .unwrap();
    let (code, out, err) = onsite(&[
        "check-pack",
        "questions/ml-engineer.toml",
        big.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.is_empty(),
        "nothing printed on stdout when a file fails"
    );
    let mb = MAX_FILE_BYTES / 1_000_000;
    assert_eq!(
        err,
        format!(
            "{}:1: big.toml is {} MB; Onsite reads files up to {mb} MB\n",
            big.display(),
            2 * mb
        )
    );
}

#[test]
fn bad_test_cases_are_named_by_file_line_and_field() {
    let dir = TempDir::new().unwrap();
    let pack = |cases: &str| {
        format!(
            "[pack]\nid = \"d\"\ntitle = \"D\"\nlevel = \"mle\"\nsource = \"tests\"\nlicense = \"CC0-1.0\"\n\n\
             [[question]]\nid = \"d-1\"\ncategory = \"Coding\"\nkind = \"coding\"\ndifficulty = \"easy\"\nminutes = 10\n\
             prompt = \"Add two numbers.\"\n\n[question.coding]\nstatement = \"s\"\nexamples = [\"e\"]\n\
             constraints = [\"c\"]\ncomplexity = \"O(1)\"\nentry = \"add\"\nsignature = \"add(a, b)\"\n\
             starter = \"def add(a, b):\\n    pass\\n\"\n{cases}"
        )
    };
    let good = "\n[[question.coding.case]]\nargs = '[1, 2]'\nexpected = '3'\n";
    let file = dir.path().join("good.toml");
    std::fs::write(&file, pack(good)).unwrap();
    let (code, _, err) = onsite(&["check-pack", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    // Each bad case, the line its problem is on (counted in the file), and the field named.
    let bad = [
        ("\n[[question.coding.case]]\nargs = '[1, 2'\nexpected = '3'\n", 26, "args"),
        ("\n[[question.coding.case]]\nargs = '{\"a\": 1}'\nexpected = '3'\n", 26, "args"),
        ("\n[[question.coding.case]]\nargs = '[1, 2]'\nexpected = '3'\ntolerance = 2.0\n", 26, "tolerance"),
        ("\n[[question.coding.case]]\nargs = '[1, 2]'\nexpected = '[[1, 2], [3]]'\ncompare = \"array\"\n", 27, "expected"),
        ("\n[[question.coding.case]]\nargs = '[]'\ncalls = '[[\"get\", 1]]'\nexpected = '[1, 2]'\n", 28, "expected"),
        ("\n[[question.coding.case]]\nargs = '[1]'\nexpected = '3'\ncompare = \"fuzzy\"\n", 28, "compare"),
    ];
    for (case, line, field) in bad {
        std::fs::write(&file, pack(case)).unwrap();
        let (code, out, err) = onsite(&["check-pack", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{case}: {err}");
        assert!(out.is_empty());
        let want = format!("good.toml:{line}: {field}: ");
        assert!(err.contains(&want), "{case}\nwanted {want:?} in:\n{err}");
        assert_eq!(err.lines().count(), 1, "one problem, one line: {err}");
    }

    // A question with runnable keys but no case, checked strictly like a bundled pack.
    std::fs::write(&file, pack("")).unwrap();
    let (code, _, err) = onsite(&["check-pack", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("case: a runnable drill needs at least one case"),
        "{err}"
    );
}
