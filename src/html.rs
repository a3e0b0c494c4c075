//! HTML article bodies, reduced to their text blocks before segmentation.
//!
//! A pasted page or a `text/html` import becomes plain text with one line per block
//! (paragraph, heading, list item, quote, table cell); list items get a `- ` or `1. ` marker so
//! the segmenter sees a list. Scripts, styles, navigation, forms and other page furniture are
//! dropped. The text is what claimdesk stores as the article body, so claim offsets point into
//! exactly what reviewers read.

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};

/// The readable content of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlArticle {
    /// `<title>`, or else the first `<h1>`.
    pub title: Option<String>,
    /// One block per line.
    pub text: String,
}

/// Whether a file name says it holds a web page (`.html` or `.htm`, any case).
pub fn is_html_file_name(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Whether a body is a whole HTML document rather than text that merely mentions markup.
/// Inline markup in a text body (`<b>`, `<script>`) is article text, kept verbatim.
pub fn looks_like_document(body: &str) -> bool {
    // By characters: a byte cut could fall inside one.
    let lower: String = body
        .trim_start()
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

pub fn extract(html: &str) -> HtmlArticle {
    let document = Html::parse_document(html);
    let title = first_text(&document, "title").or_else(|| first_text(&document, "h1"));
    // The article itself when the page marks it; otherwise the whole body.
    let root = ["article", "main", "body"]
        .iter()
        .find_map(|tag| document.select(&selector(tag)).next())
        .unwrap_or_else(|| document.root_element());
    let mut blocks = Blocks::default();
    for child in root.children() {
        blocks.walk(child);
    }
    blocks.flush();
    HtmlArticle {
        title,
        text: blocks.lines.join("\n"),
    }
}

fn selector(tag: &str) -> Selector {
    Selector::parse(tag).expect("a tag name is a valid selector")
}

fn first_text(document: &Html, tag: &str) -> Option<String> {
    let element = document.select(&selector(tag)).next()?;
    let text = collapse_whitespace(&element.text().collect::<String>());
    (!text.is_empty()).then_some(text)
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
    "iframe", "svg", "canvas", "select", "textarea", "input", "head", "title", "menu", "dialog",
    "object", "embed", "video", "audio", "map",
];

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "hr",
    "address",
    "details",
    "summary",
    "center",
];

#[derive(Default)]
struct Blocks {
    lines: Vec<String>,
    current: String,
    /// For each open list: `Some(next number)` when ordered.
    lists: Vec<Option<u32>>,
}

impl Blocks {
    fn walk(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(text) => self.push_text(text),
            Node::Element(element) => {
                let name = element.name();
                if SKIPPED.contains(&name) || element.attr("hidden").is_some() {
                    return;
                }
                if name == "br" {
                    self.flush();
                    return;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    self.flush();
                }
                match name {
                    "ul" => self.lists.push(None),
                    "ol" => self.lists.push(Some(
                        element
                            .attr("start")
                            .and_then(|s| s.trim().parse().ok())
                            .unwrap_or(1),
                    )),
                    "li" => {
                        let marker = match self.lists.last_mut() {
                            Some(Some(n)) => {
                                *n += 1;
                                format!("{}. ", *n - 1)
                            }
                            _ => "- ".to_owned(),
                        };
                        self.current.push_str(&marker);
                    }
                    _ => {}
                }
                for child in node.children() {
                    self.walk(child);
                }
                if matches!(name, "ul" | "ol") {
                    self.lists.pop();
                }
                if block {
                    self.flush();
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        let starts_with_space = text.starts_with(char::is_whitespace);
        let ends_with_space = text.ends_with(char::is_whitespace);
        let words = collapse_whitespace(text);
        if words.is_empty() {
            if starts_with_space && !self.current.ends_with(' ') && !self.current.is_empty() {
                self.current.push(' ');
            }
            return;
        }
        if starts_with_space && !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
        self.current.push_str(&words);
        if ends_with_space {
            self.current.push(' ');
        }
    }

    fn flush(&mut self) {
        let line = self.current.trim();
        // A list marker with nothing after it (an empty <li>) is not a line.
        let bare_marker = line == "-"
            || line
                .strip_suffix('.')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !line.is_empty() && !bare_marker {
            self.lines.push(line.to_owned());
        }
        self.current.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_furniture_goes() {
        let page = r#"<!DOCTYPE html><html><head><title>Cable on migration</title>
            <style>p { color: red }</style><script>track("x. y.")</script></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Diplomats told to lobby</h1>
              <p>WASHINGTON – The cable was sent <b>Friday</b>.
                 It reached 40   embassies.</p>
              <h2>What it asks</h2>
              <p>Since taking office, the president has:</p>
              <ul><li>Deployed troops.</li><li>Cut the <i>refugee</i> cap.</li></ul>
              <ol start="3"><li>Third point.</li><li>Fourth point.</li></ol>
              <form><button>Subscribe</button></form>
            </article>
            <footer>© 2025 Example</footer></body></html>"#;
        let article = extract(page);
        assert_eq!(article.title.as_deref(), Some("Cable on migration"));
        assert_eq!(
            article.text,
            "Diplomats told to lobby\n\
             WASHINGTON – The cable was sent Friday. It reached 40 embassies.\n\
             What it asks\n\
             Since taking office, the president has:\n\
             - Deployed troops.\n\
             - Cut the refugee cap.\n\
             3. Third point.\n\
             4. Fourth point."
        );
    }

    #[test]
    fn br_breaks_lines_and_entities_decode() {
        let article =
            extract("<html><body><p>One &amp; two.<br>Three&nbsp;four.</p></body></html>");
        assert_eq!(article.text, "One & two.\nThree four.");
        assert_eq!(article.title, None);
    }

    #[test]
    fn only_whole_documents_are_html() {
        assert!(looks_like_document("  <!DOCTYPE html><html>"));
        assert!(looks_like_document("<HTML lang=en>"));
        assert!(!looks_like_document(
            "<script>alert(1)</script> is shown as text."
        ));
        assert!(!looks_like_document("The <b>bold</b> claim."));
        assert!(
            !looks_like_document(&"é".repeat(40)),
            "multi-byte text is not cut mid-character"
        );
    }
}
