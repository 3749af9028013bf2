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
/// Whitespace counts as part of the words around it, so the runs read back as both texts. Within a
/// changed stretch, the spaces between changed words are not "kept" text: the stretch reads as
/// what was there, then what replaced it, and not as a word-by-word interleaving.
pub fn word_diff(old: &str, new: &str) -> Vec<Run> {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_words(old, new);
    let tokens: Vec<(Change, &str)> = diff
        .iter_all_changes()
        .map(|c| {
            let change = match c.tag() {
                ChangeTag::Equal => Change::Same,
                ChangeTag::Delete => Change::Removed,
                ChangeTag::Insert => Change::Added,
            };
            (change, c.value())
        })
        .collect();
    let mut runs = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    for (i, &(change, text)) in tokens.iter().enumerate() {
        match change {
            Change::Removed => removed.push_str(text),
            Change::Added => added.push_str(text),
            Change::Same => {
                let inside_change = !(removed.is_empty() && added.is_empty())
                    && text.trim().is_empty()
                    && tokens.get(i + 1).is_some_and(|t| t.0 != Change::Same);
                if inside_change {
                    removed.push_str(text);
                    added.push_str(text);
                } else {
                    flush(&mut runs, &mut removed, &mut added);
                    push(&mut runs, Change::Same, text);
                }
            }
        }
    }
    flush(&mut runs, &mut removed, &mut added);
    runs
}

/// Ends a changed stretch: what was there, then what replaced it.
fn flush(runs: &mut Vec<Run>, removed: &mut String, added: &mut String) {
    for (change, text) in [(Change::Removed, removed), (Change::Added, added)] {
        if !text.is_empty() {
            push(runs, change, text);
            text.clear();
        }
    }
}

fn push(runs: &mut Vec<Run>, change: Change, text: &str) {
    match runs.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => runs.push(Run {
            change,
            text: text.to_string(),
        }),
    }
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
    fn a_rewritten_answer_reads_as_the_old_then_the_new_not_word_by_word() {
        let old = "High bias: too simple, misses the pattern. High variance: fits the noise.";
        let new =
            "Supervised learning fits labelled pairs to predict y. Unsupervised finds structure.";
        let runs = word_diff(old, new);
        assert_eq!(text_of(&runs, Change::Removed), old);
        assert_eq!(text_of(&runs, Change::Added), new);
        assert!(runs.len() <= 5, "a few runs, not one per word: {runs:?}");
        assert!(
            runs.iter()
                .all(|r| r.change != Change::Same || !r.text.trim().is_empty()),
            "no run of kept spaces between changed words: {runs:?}"
        );
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
