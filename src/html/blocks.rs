//! HTML reduced to its text blocks: one line per block (paragraph, heading, list item, quote,
//! table cell), list items marked `- ` or `1. ` so the segmenter sees a list. Scripts, styles,
//! navigation, forms and other page furniture are dropped.

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// Text blocks, one per line, with how each line sat in the page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TextBlocks {
    pub lines: Vec<String>,
    /// For each line: whether the page wrote it as running text (a paragraph, a list item, a
    /// quotation) rather than as a heading, a caption or a table cell.
    pub prose: Vec<bool>,
}

impl TextBlocks {
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// How much text the blocks hold, in bytes.
    pub fn text_bytes(&self) -> usize {
        self.lines.iter().map(String::len).sum()
    }
}

/// The blocks under `root` (the element itself is not a line break of its own unless it is a
/// block).
pub fn blocks_of(root: ElementRef<'_>) -> TextBlocks {
    let mut blocks = Blocks::default();
    for child in root.children() {
        blocks.walk(child);
    }
    blocks.flush();
    blocks.out
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with its white space collapsed, or `None` when nothing is left.
pub fn words_of(text: &str) -> Option<String> {
    let words = collapse_whitespace(text);
    (!words.is_empty()).then_some(words)
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

/// Blocks whose text is running prose even without a final stop: an embedded post, a list of
/// dates, an answer in an interview.
const PROSE: &[&str] = &["p", "li", "blockquote", "dd", "pre", "address"];

#[derive(Default)]
struct Blocks {
    out: TextBlocks,
    current: String,
    /// Whether the innermost block around the current line's text is prose.
    current_prose: bool,
    /// The blocks open around the walk, innermost last.
    open: Vec<bool>,
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
                    self.open.push(PROSE.contains(&name));
                    self.current_prose = PROSE.contains(&name);
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
                    self.open.pop();
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.current.is_empty() {
            self.current_prose = self.open.last().copied().unwrap_or(false);
        }
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
            self.out.lines.push(line.to_owned());
            self.out.prose.push(self.current_prose);
        }
        self.current.clear();
    }
}
