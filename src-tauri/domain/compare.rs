//! Setting a new answer beside the last one: a word-level diff (the `similar` crate), merged into
//! runs so the UI draws a few spans, not one per word.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// How a run of text changed from the last answer to the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub change: Change,
    pub text: String,
}

/// The words of `old` and `new` as runs of kept, removed and added text, in reading order.
/// Whitespace counts as part of the words around it, so the runs read back as both texts.
pub fn word_diff(old: &str, new: &str) -> Vec<Run> {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_words(old, new);
    let mut runs: Vec<Run> = Vec::new();
    for c in diff.iter_all_changes() {
        let change = match c.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        match runs.last_mut() {
            Some(last) if last.change == change => last.text.push_str(c.value()),
            _ => runs.push(Run {
                change,
                text: c.value().to_string(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(runs: &[Run], keep: Change) -> String {
        runs.iter()
            .filter(|r| r.change == Change::Same || r.change == keep)
            .map(|r| r.text.as_str())
            .collect()
    }

    #[test]
    fn runs_read_back_as_both_answers_and_mark_changed_words() {
        let old = "Use dropout and early stopping.";
        let new = "Use weight decay, dropout and early stopping on a validation set.";
        let runs = word_diff(old, new);
        assert_eq!(text_of(&runs, Change::Removed), old);
        assert_eq!(text_of(&runs, Change::Added), new);
        let added: String = runs
            .iter()
            .filter(|r| r.change == Change::Added)
            .map(|r| r.text.as_str())
            .collect();
        assert!(added.contains("weight decay"), "{runs:?}");
        assert!(!added.contains("dropout"), "{runs:?}");
        // Neighbouring words with the same change form one run.
        assert!(runs.windows(2).all(|w| w[0].change != w[1].change));
    }

    #[test]
    fn identical_and_empty_answers() {
        assert_eq!(
            word_diff("same words", "same words"),
            [Run {
                change: Change::Same,
                text: "same words".into()
            }]
        );
        assert!(word_diff("", "").is_empty());
        assert_eq!(word_diff("", "new")[0].change, Change::Added);
    }
}
