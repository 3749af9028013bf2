//! Notes are Markdown; this renders them to HTML that is safe to put in the page.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Renders Markdown and sanitises the result, so imported or pasted text can never run: event
/// handlers, style attributes and any link scheme other than http, https and mailto are removed.
/// The tags of elements an HTML parser reads as raw text (`<script>`, `<style>` and the like) show
/// as the text they are: parsed, an unclosed one would make the rest of the note its content, which
/// the sanitiser would then drop or show as markup.
pub fn render(markdown: &str) -> String {
    let markdown = if raw_text_tags(markdown).next().is_some() {
        with_block_openers_escaped(markdown)
    } else {
        Cow::Borrowed(markdown)
    };
    let events = Parser::new_ext(&markdown, options()).map(|event| match event {
        Event::Html(html) => Event::Html(escape_raw_text_tags(html)),
        Event::InlineHtml(html) => Event::InlineHtml(escape_raw_text_tags(html)),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    sanitizer().clean(&unsafe_html).to_string()
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The elements whose start tag makes an HTML parser read what follows as their text, up to their
/// end tag (or, for `plaintext`, to the end of the page).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// How many times Markdown is read again for openers that an earlier opener's block hid. Past this,
/// what such a block holds is still shown, read as HTML rather than Markdown.
const ROUNDS: usize = 8;

/// A line that starts with `<script>` (or `<style>`, `<textarea>`) begins an HTML block that runs
/// past blank lines to the end tag, or to the end of the note, so everything after it would be read
/// as HTML rather than Markdown. A backslash before such an opener makes it text, and the lines after
/// it are read as the Markdown they are. Blocks that start with the other raw-text tags are treated
/// alike. The parser finds the openers, so none inside code is touched.
fn with_block_openers_escaped(markdown: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(markdown);
    for _ in 0..ROUNDS {
        let starts = raw_text_block_starts(&text);
        if starts.is_empty() {
            break;
        }
        let mut escaped = String::with_capacity(text.len() + starts.len());
        let mut done = 0;
        for start in starts {
            escaped.push_str(&text[done..start]);
            escaped.push('\\');
            done = start;
        }
        escaped.push_str(&text[done..]);
        text = Cow::Owned(escaped);
    }
    text
}

/// Byte offsets of the `<` of every HTML block in `markdown` that opens with a raw-text tag.
fn raw_text_block_starts(markdown: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut first_line = false;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => first_line = true,
            Event::Html(line) if first_line => {
                first_line = false;
                let start = range.start + (line.len() - line.trim_start().len());
                let opens = markdown
                    .get(start..)
                    .is_some_and(|rest| rest.starts_with('<') && is_raw_text_tag(rest));
                if opens {
                    starts.push(start);
                }
            }
            _ => {}
        }
    }
    starts
}

/// `html` with the `<` of every raw-text tag written as `&lt;`, so the tag reads as text.
fn escape_raw_text_tags(html: CowStr<'_>) -> CowStr<'_> {
    if raw_text_tags(&html).next().is_none() {
        return html;
    }
    let mut escaped = String::with_capacity(html.len() + 8);
    let mut done = 0;
    for at in raw_text_tags(&html) {
        escaped.push_str(&html[done..at]);
        escaped.push_str("&lt;");
        done = at + 1;
    }
    escaped.push_str(&html[done..]);
    escaped.into()
}

/// Byte offsets of the `<` of every start or end tag of a [`RAW_TEXT`] element in `text`.
fn raw_text_tags(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('<')
        .filter(|(at, _)| is_raw_text_tag(&text[*at..]))
        .map(|(at, _)| at)
}

/// Whether `tag` (which starts with `<`) starts a tag of a [`RAW_TEXT`] element, the way an HTML
/// parser reads it: any case, and the name ends at a space, `/`, `>` or the end of the text.
fn is_raw_text_tag(tag: &str) -> bool {
    let rest = &tag[1..];
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name_ends = matches!(
        rest.as_bytes().get(name_len),
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
    );
    name_ends
        && RAW_TEXT
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&rest[..name_len]))
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
             [click](javascript:window.probe=1) <a href=\"javascript:alert(1)\">raw link</a>\n\n\
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

    /// No element that an HTML parser reads as raw text made it into `html`.
    fn assert_no_raw_text_element(html: &str) {
        let lower = html.to_ascii_lowercase();
        for tag in [
            "<script",
            "<style",
            "<textarea",
            "<xmp",
            "<plaintext",
            "<iframe",
        ] {
            assert!(!lower.contains(tag), "{tag} survived in {html}");
        }
    }

    #[test]
    fn text_after_an_unclosed_script_or_style_is_kept() {
        for tag in ["script", "style"] {
            let html = render(&format!("a <{tag}>alert(1)\n\nThe next **paragraph**."));
            assert_no_raw_text_element(&html);
            assert!(
                html.contains("<p>The next <strong>paragraph</strong>.</p>"),
                "{html}"
            );
            assert!(
                html.contains(&format!("a &lt;{tag}&gt;alert(1)")),
                "the tag shows as written: {html}"
            );
        }
    }

    #[test]
    fn a_block_opened_by_a_script_tag_in_any_case_is_read_as_markdown() {
        let html = render("<ScRiPt src=x>\nalert(1)\n\n## After\n\n- still **here**\n");
        assert_no_raw_text_element(&html);
        assert!(html.contains("&lt;ScRiPt src=x&gt;"), "{html}");
        assert!(html.contains("<h2>After</h2>"), "{html}");
        assert!(
            html.contains("<li>still <strong>here</strong></li>"),
            "{html}"
        );

        let html = render("> <style>\n> p { color: red }\n>\n> quoted\n\noutside\n");
        assert_no_raw_text_element(&html);
        assert!(html.contains("<p>quoted</p>"), "{html}");
        assert!(html.contains("<p>outside</p>"), "{html}");

        let html = render("- item\n\n  <script>\n\n  in the item\n");
        assert_no_raw_text_element(&html);
        assert!(html.contains("<p>in the item</p>"), "{html}");
    }

    #[test]
    fn a_script_inside_inline_html_keeps_the_text_after_it() {
        let html = render("<div><script>alert(1)</div>\n\nAfter the block.");
        assert_no_raw_text_element(&html);
        assert!(html.contains("<p>After the block.</p>"), "{html}");

        let html = render("<span>x <SCRIPT>y</span> z\n\nNext line.");
        assert_no_raw_text_element(&html);
        assert!(html.contains("<p>Next line.</p>"), "{html}");
        assert!(html.contains(" z"), "{html}");
    }

    #[test]
    fn a_closed_script_stays_inert() {
        for note in [
            "<script>window.probe=1</script>\n\nafter",
            "a <script>window.probe=1</script> b\n\nafter",
            "<script>\nwindow.probe=1\n</script>\nafter",
        ] {
            let html = render(note);
            assert_no_raw_text_element(&html);
            assert!(html.contains("after"), "{html}");
        }
    }

    #[test]
    fn every_raw_text_tag_is_shown_as_text() {
        for tag in [
            "textarea",
            "xmp",
            "plaintext",
            "iframe",
            "noscript",
            "title",
        ] {
            let html = render(&format!("a <{tag}> b\n\n# Heading"));
            assert_no_raw_text_element(&html);
            assert!(html.contains("<h1>Heading</h1>"), "{tag}: {html}");
        }
    }

    #[test]
    fn tags_in_code_and_other_names_are_left_as_they_were() {
        let html = render("```\n<script>x\n```\n\n`<style>` and <scripts> and <script-x>\n");
        assert!(html.contains("<code>&lt;script&gt;x\n</code>"), "{html}");
        assert!(html.contains("<code>&lt;style&gt;</code>"), "{html}");
        assert!(!html.contains('\\'), "no escape shows: {html}");
        for other in ["&lt;scripts", "&lt;script-x"] {
            assert!(
                !html.contains(other),
                "{other}: other elements are not shown: {html}"
            );
        }
    }

    #[test]
    fn many_unclosed_openers_lose_no_text() {
        let note: String = (0..20)
            .map(|i| format!("<script>\n\npara {i}\n\n"))
            .collect();
        let html = render(&note);
        assert_no_raw_text_element(&html);
        for i in 0..20 {
            let kept = [format!("para {i}<"), format!("para {i}\n")];
            assert!(kept.iter().any(|k| html.contains(k)), "para {i}: {html}");
        }
    }
}
