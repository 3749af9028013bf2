//! What an import would do, worked out before anything is written: questions per category, what is
//! new or changed in a pack imported before, and questions the bank already has.

use super::{normalise, Existing};
use crate::domain::pack::{Pack, PackError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A question elsewhere in the bank, by its text.
#[derive(Debug, Clone)]
pub struct Known {
    pub id: String,
    pub pack_title: String,
    pub prompt: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CategoryCount {
    pub level: String,
    pub name: String,
    pub count: usize,
}

/// A question of the file the bank already has, or that the file holds twice.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Duplicate {
    pub line: usize,
    pub id: String,
    pub prompt: String,
    /// Where the same question already is: a pack's title, or "line N of this file".
    pub already_in: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Changes {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Questions of the earlier import that the file no longer has: they leave the bank.
    pub removed: usize,
    /// Questions the user wrote or changed in the app: a re-import leaves them as they are.
    pub kept: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub categories: Vec<CategoryCount>,
    pub changes: Changes,
    pub duplicates: Vec<Duplicate>,
}

/// Compares `pack` with what its earlier import left (`existing`: the pack's questions as the
/// database holds them) and with the rest of the bank (`known`).
pub fn plan(pack: &Pack, existing: &[Existing], known: &[Known]) -> Plan {
    let mut categories: Vec<CategoryCount> = Vec::new();
    for q in &pack.questions {
        let level = q.level.as_str();
        match categories
            .iter_mut()
            .find(|c| c.level == level && c.name == q.category)
        {
            Some(c) => c.count += 1,
            None => categories.push(CategoryCount {
                level: level.into(),
                name: q.category.clone(),
                count: 1,
            }),
        }
    }

    let before: HashMap<&str, &Existing> = existing
        .iter()
        .filter(|e| e.visible)
        .map(|e| (e.id.as_str(), e))
        .collect();
    let mut changes = Changes::default();
    for q in &pack.questions {
        match before.get(q.id.as_str()) {
            None => changes.new += 1,
            Some(e) if e.edited => changes.kept += 1,
            Some(e) if e.prompt == q.prompt && e.category == q.category => changes.unchanged += 1,
            Some(_) => changes.updated += 1,
        }
    }
    // The user's own questions stay even when the file does not have them.
    let ids: HashSet<&str> = pack.questions.iter().map(|q| q.id.as_str()).collect();
    for e in before.values().filter(|e| !ids.contains(e.id.as_str())) {
        if e.edited {
            changes.kept += 1;
        } else {
            changes.removed += 1;
        }
    }

    let known: HashMap<String, &Known> = known.iter().map(|k| (normalise(&k.prompt), k)).collect();
    let mut in_file: HashMap<String, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for q in &pack.questions {
        let key = normalise(&q.prompt);
        let already_in = match (known.get(&key), in_file.get(&key)) {
            (Some(k), _) => Some(format!("{} ({})", k.pack_title, k.id)),
            (None, Some(line)) => Some(format!("line {line} of this file")),
            (None, None) => None,
        };
        in_file.entry(key).or_insert(q.line);
        if let Some(already_in) = already_in {
            duplicates.push(Duplicate {
                line: q.line,
                id: q.id.clone(),
                prompt: q.prompt.clone(),
                already_in,
            });
        }
    }
    Plan {
        categories,
        changes,
        duplicates,
    }
}

/// The pack without the duplicates the user chose to skip.
pub fn without(mut pack: Pack, skip: &[Duplicate]) -> Pack {
    let skip: HashSet<&str> = skip.iter().map(|d| d.id.as_str()).collect();
    pack.questions.retain(|q| !skip.contains(q.id.as_str()));
    pack
}

/// Errors sorted by line, for showing.
pub fn sorted(mut errors: Vec<PackError>) -> Vec<PackError> {
    errors.sort_by_key(|e| e.line);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pack::Question;

    fn q(id: &str, category: &str, prompt: &str, line: usize) -> Question {
        Question {
            line,
            ..crate::domain::formats::tests::q(id, category, prompt)
        }
    }

    fn pack(questions: Vec<Question>) -> Pack {
        Pack {
            id: "p".into(),
            title: "P".into(),
            description: String::new(),
            source: "s".into(),
            license: "l".into(),
            questions,
        }
    }

    #[test]
    fn counts_changes_and_duplicates() {
        let pack = pack(vec![
            q("p.a", "A", "Same as before?", 3),
            q("p.b", "A", "Edited text?", 4),
            q("p.c", "B", "What is overfitting?", 7),
            q("p.d", "B", "what is OVERFITTING", 9),
        ]);
        let e = |id: &str, c: &str, p: &str, visible: bool, edited: bool| Existing {
            id: id.into(),
            category: c.into(),
            prompt: p.into(),
            visible,
            edited,
        };
        let existing = [
            e("p.a", "A", "Same as before?", true, false),
            e("p.b", "A", "Old text?", true, false),
            e("p.z", "A", "Gone now?", true, false),
            e("p.y", "A", "Deleted long ago?", false, false),
            e("p.mine", "A", "Written in the app?", true, true),
        ];
        let known = [Known {
            id: "mle-1".into(),
            pack_title: "ML Engineer".into(),
            prompt: "What is overfitting? ".into(),
        }];
        let plan = plan(&pack, &existing, &known);
        assert_eq!(
            plan.categories,
            [
                CategoryCount {
                    level: "mle".into(),
                    name: "A".into(),
                    count: 2
                },
                CategoryCount {
                    level: "mle".into(),
                    name: "B".into(),
                    count: 2
                },
            ]
        );
        assert_eq!(
            plan.changes,
            Changes {
                new: 2,
                updated: 1,
                unchanged: 1,
                removed: 1,
                kept: 1
            }
        );
        let dups: Vec<_> = plan
            .duplicates
            .iter()
            .map(|d| (d.line, d.already_in.as_str()))
            .collect();
        assert_eq!(
            dups,
            [(7, "ML Engineer (mle-1)"), (9, "ML Engineer (mle-1)")]
        );
        assert_eq!(without(pack, &plan.duplicates).questions.len(), 2);
    }

    #[test]
    fn a_question_twice_in_the_file_is_a_duplicate_of_its_first_line() {
        let plan = plan(
            &pack(vec![
                q("p.a", "A", "Twice?", 2),
                q("p.a-2", "B", "Twice?", 5),
            ]),
            &[],
            &[],
        );
        assert_eq!(plan.duplicates.len(), 1);
        assert_eq!(plan.duplicates[0].already_in, "line 2 of this file");
        assert_eq!(plan.changes.new, 2);
    }
}
