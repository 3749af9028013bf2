//! Turning what the user types into a safe full-text query.

/// The words of a search, lower-cased, at most 16 of them. Each is a prefix: results appear while
/// a word is still being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(Vec<String>);

/// The words in free text, or `None` when there is nothing to search for. Only letters and digits
/// make words, so no input can be read as FTS5 syntax.
pub fn fts_query(input: &str) -> Option<Words> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(16)
        .map(str::to_lowercase)
        .collect();
    (!words.is_empty()).then_some(Words(words))
}

impl Words {
    /// The FTS5 query: every word a quoted prefix term (`"grad"*`), all of them required (FTS5 reads
    /// no implicit AND beside a parenthesised union, so it is written out). `terms`
    /// may name the indexed terms a word is a prefix of; the word then becomes their union
    /// (`("gradient" OR "gradual")`), which FTS5 reads lazily, where a prefix beyond its prefix
    /// indexes is read whole before the first row comes back.
    pub fn to_fts(&self, mut terms: impl FnMut(&str) -> Option<Vec<String>>) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|w| match terms(w) {
                Some(ts) if ts.is_empty() => format!("\"{w}\""),
                Some(ts) if ts.len() == 1 => format!("\"{}\"", ts[0]),
                Some(ts) => {
                    let quoted: Vec<String> = ts.iter().map(|t| format!("\"{t}\"")).collect();
                    format!("({})", quoted.join(" OR "))
                }
                None => format!("\"{w}\"*"),
            })
            .collect();
        parts.join(" AND ")
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    fn plain(input: &str) -> Option<String> {
        fts_query(input).map(|w| w.to_fts(|_| None))
    }

    #[test]
    fn words_become_prefix_terms() {
        assert_eq!(
            plain("Overfit  model").as_deref(),
            Some("\"overfit\"* AND \"model\"*")
        );
    }

    #[test]
    fn syntax_is_never_passed_through() {
        assert_eq!(
            plain("a\" OR NEAR(b* -c)").as_deref(),
            Some("\"a\"* AND \"or\"* AND \"near\"* AND \"b\"* AND \"c\"*")
        );
        assert_eq!(plain("  ** \" () "), None);
    }

    #[test]
    fn non_ascii_words_are_kept() {
        assert_eq!(plain("Régression").as_deref(), Some("\"régression\"*"));
    }

    #[test]
    fn a_word_can_become_the_terms_it_starts() {
        let q = fts_query("grad desc").unwrap().to_fts(|w| match w {
            "grad" => Some(vec!["gradient".into(), "gradual".into()]),
            _ => Some(vec![]),
        });
        assert_eq!(q, "(\"gradient\" OR \"gradual\") AND \"desc\"");
    }
}
