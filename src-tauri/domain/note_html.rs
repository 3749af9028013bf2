//! Notes are Markdown; this renders them to HTML that is safe to put in the page.

use pulldown_cmark::{html, Options, Parser};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Renders Markdown and sanitises the result: scripts, event handlers, styles and any link scheme
/// other than http, https and mailto are removed, so imported or pasted text can never run.
pub fn render(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    sanitizer().clean(&unsafe_html).to_string()
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .url_relative(ammonia::UrlRelative::Deny);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_markdown() {
        let html = render("# Title\n\n**bold** and `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<table>"));
    }

    #[test]
    fn scripts_handlers_and_js_links_never_survive() {
        let html = render(
            "<script>window.probe=1</script>\n\n<img src=x onerror=\"window.probe=1\">\n\n\
             [click](javascript:window.probe=1) <a href=\"javascript:alert(1)\">raw</a>\n\n\
             <div style=\"background:url(x)\" onclick=\"x()\">styled</div>",
        );
        for bad in ["<script", "onerror", "javascript:", "onclick", "style="] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("click"), "link text is kept: {html}");
    }

    #[test]
    fn web_links_are_kept_and_marked() {
        let html = render("[docs](https://example.org/x)");
        assert!(html.contains("href=\"https://example.org/x\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }
}
