//! Turning what the user types into a safe full-text query.

/// Builds an FTS5 query from free text: every word becomes a quoted prefix term, so results appear
/// while a word is still being typed and no input can be read as FTS5 syntax. `None` when there is
/// nothing to search for.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(16)
        .map(|t| format!("\"{}\"*", t.to_lowercase()))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn words_become_prefix_terms() {
        assert_eq!(
            fts_query("Overfit  model").as_deref(),
            Some("\"overfit\"* \"model\"*")
        );
    }

    #[test]
    fn syntax_is_never_passed_through() {
        assert_eq!(
            fts_query("a\" OR NEAR(b* -c)").as_deref(),
            Some("\"a\"* \"or\"* \"near\"* \"b\"* \"c\"*")
        );
        assert_eq!(fts_query("  ** \" () "), None);
    }

    #[test]
    fn non_ascii_words_are_kept() {
        assert_eq!(fts_query("Régression").as_deref(), Some("\"régression\"*"));
    }
}
