//! The bundled bank: every pack in questions/ loads, ids are unique, and every question of the seed
//! note is present, with its level and category, its text repaired and complete.

use onsite::domain::pack::{self, Level, Pack};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

fn bundled_packs() -> Vec<Pack> {
    let mut files: Vec<_> = std::fs::read_dir("questions")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            pack::parse(&f.display().to_string(), &text)
                .unwrap_or_else(|e| panic!("{f:?} does not load: {e:?}"))
        })
        .collect()
}

/// The seed note's questions as (level, category, text): bullets under `### **N. Category**` headings,
/// switching to the senior level where the note turns to the Senior ML Engineer role.
fn seed_questions() -> Vec<(Level, String, String)> {
    let note = std::fs::read_to_string(Path::new("tests/fixtures/seed-note.md")).unwrap();
    let mut level = Level::Mle;
    let mut category = None;
    let mut out = Vec::new();
    for line in note.lines() {
        if line.contains("Senior Machine Learning Engineer") {
            level = Level::Senior;
        }
        if let Some(rest) = line.strip_prefix("### **") {
            let name = rest.trim_end_matches("**");
            category = Some(name.split_once(". ").map_or(name, |(_, n)| n).to_string());
        } else if let (Some(text), Some(cat)) = (line.strip_prefix("- "), &category) {
            out.push((level, cat.clone(), text.trim().to_string()));
        }
    }
    out
}

/// The seed's damage: UTF-8 read as Windows-1252. Kept out of the packs; the check below proves it.
fn repaired(text: &str) -> String {
    text.replace("â€™", "’")
}

#[test]
fn every_pack_loads_and_ids_are_unique_across_packs() {
    let packs = bundled_packs();
    let mut ids = HashSet::new();
    for p in &packs {
        assert!(
            ids.insert(format!("pack:{}", p.id)),
            "pack id {} repeats",
            p.id
        );
        assert!(
            !p.source.is_empty() && !p.license.is_empty(),
            "{} must record source and licence",
            p.id
        );
        for q in &p.questions {
            assert!(ids.insert(q.id.clone()), "question id {} repeats", q.id);
        }
    }
}

#[test]
fn every_seed_question_is_present_with_its_level_and_category() {
    let seed = seed_questions();
    let per_level = |l| seed.iter().filter(|(lv, _, _)| *lv == l).count();
    assert_eq!(
        (per_level(Level::Mle), per_level(Level::Senior)),
        (43, 40),
        "the seed itself was misread"
    );

    let bank: Vec<_> = bundled_packs()
        .into_iter()
        .flat_map(|p| p.questions)
        .collect();
    for (level, category, text) in &seed {
        let mut want = repaired(text);
        if want.ends_with("approa") {
            want.push_str("ch.");
        }
        let found = bank.iter().find(|q| q.prompt == want);
        let q = found.unwrap_or_else(|| panic!("seed question missing from the bank: {want}"));
        assert_eq!((&q.level, &q.category), (level, category), "{want}");
    }
    assert_eq!(
        bank.len(),
        seed.len(),
        "the bank has questions the seed does not"
    );
}

#[test]
fn categories_match_the_seed_per_level() {
    let bank: Vec<_> = bundled_packs()
        .into_iter()
        .flat_map(|p| p.questions)
        .collect();
    let mut cats: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for q in &bank {
        cats.entry(q.level.as_str())
            .or_default()
            .insert(&q.category);
    }
    assert_eq!(cats["mle"].len(), 8);
    assert_eq!(cats["senior"].len(), 7);
}

#[test]
fn no_encoding_damage_or_cut_off_text_remains() {
    for q in bundled_packs().iter().flat_map(|p| &p.questions) {
        assert!(
            !q.prompt.contains('â') && !q.prompt.contains('€'),
            "damaged text in {}",
            q.id
        );
        assert!(
            q.prompt.ends_with(['.', '?']),
            "{} looks cut off: {}",
            q.id,
            q.prompt
        );
    }
}
