//! The bundled bank: every pack in questions/ loads, ids are unique, and every question of the seed
//! note is present, with its level and category, its text repaired and complete.

mod common;

use common::bundled_packs;
use onsite::domain::pack::Level;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

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
        assert!(q.seed, "{} is from the seed and must say so", q.id);
    }
    assert_eq!(
        bank.iter().filter(|q| q.seed).count(),
        seed.len(),
        "only seed questions are marked seed"
    );
}

#[test]
fn the_seed_categories_are_all_there() {
    let bank: Vec<_> = bundled_packs()
        .into_iter()
        .flat_map(|p| p.questions)
        .collect();
    let cats: HashSet<(Level, &str)> = bank
        .iter()
        .map(|q| (q.level, q.category.as_str()))
        .collect();
    let seed: HashSet<(Level, String)> = seed_questions()
        .into_iter()
        .map(|(l, c, _)| (l, c))
        .collect();
    assert_eq!(seed.iter().filter(|(l, _)| *l == Level::Mle).count(), 8);
    assert_eq!(seed.iter().filter(|(l, _)| *l == Level::Senior).count(), 7);
    for (l, c) in &seed {
        assert!(cats.contains(&(*l, c.as_str())), "{c} is missing");
    }
}

#[test]
fn seed_question_ids_never_change() {
    let pinned = std::fs::read_to_string("tests/fixtures/seed-ids.tsv").unwrap();
    let bank: Vec<_> = bundled_packs()
        .into_iter()
        .flat_map(|p| p.questions)
        .collect();
    let mut n = 0;
    for line in pinned.lines().filter(|l| !l.starts_with('#')) {
        let (id, prompt) = line.split_once('\t').unwrap();
        let q = bank
            .iter()
            .find(|q| q.prompt == prompt)
            .unwrap_or_else(|| panic!("seed prompt gone: {prompt}"));
        assert_eq!(q.id, id, "the id of a seed question changed");
        n += 1;
    }
    assert_eq!(n, 83);
}

#[test]
fn every_question_has_the_guide_its_kind_needs() {
    let mut missing = Vec::new();
    for q in bundled_packs().iter().flat_map(|p| &p.questions) {
        let gaps = q.guide_gaps();
        if !gaps.is_empty() {
            missing.push(format!("{}: {}", q.id, gaps.join(", ")));
        }
    }
    assert!(
        missing.is_empty(),
        "{} questions lack a complete guide:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn no_two_questions_share_a_prompt() {
    let norm = |s: &str| {
        let kept: String = s
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let mut seen = std::collections::HashMap::new();
    for q in bundled_packs().iter().flat_map(|p| &p.questions) {
        if let Some(other) = seen.insert(norm(&q.prompt), q.id.clone()) {
            panic!("{} and {other} ask the same question", q.id);
        }
    }
}

#[test]
fn the_bank_is_broad_enough() {
    let bank: Vec<_> = bundled_packs()
        .into_iter()
        .flat_map(|p| p.questions)
        .collect();
    assert!(bank.len() >= 200, "{} questions", bank.len());
    let mut per: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for q in &bank {
        *per.entry((q.level.as_str(), q.category.as_str()))
            .or_default() += 1;
    }
    let thin: Vec<_> = per.iter().filter(|(_, n)| **n < 8).collect();
    assert!(
        thin.is_empty(),
        "categories with fewer than 8 questions: {thin:?}"
    );
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

#[test]
fn design_guides_walk_the_standard_phases_within_the_budget() {
    let order = [
        "Clarify requirements",
        "Data",
        "Features",
        "Model",
        "Offline and online evaluation",
        "Serving",
        "Monitoring",
    ];
    for q in bundled_packs()
        .iter()
        .flat_map(|p| &p.questions)
        .filter(|q| !q.guide.phases.is_empty())
    {
        let names: Vec<_> = q.guide.phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, order, "{}", q.id);
        let minutes: u32 = q.guide.phases.iter().map(|p| p.minutes).sum();
        assert_eq!(
            minutes, q.minutes,
            "{}: phases add up to the question's time",
            q.id
        );
    }
}
