//! The article text on the annotate page: blocks laid out from the stored segments, each
//! claim a link highlighted by status, rendered once per revision and marked per selection.

use std::sync::Arc;

use askama::Template;

use crate::article_cache::ArticleView;
use crate::error::AppError;
use crate::segment::{self, SegmentKind};
use crate::segment::{CharSlicer, stored_offset};
use crate::storage::{Claim, StoredSegment};
use crate::web::error::PageError;
use crate::web::layout::{status_icon, status_label};

/// A claim as it appears in the article text.
pub struct ClaimRef {
    pub id: i64,
    pub status: &'static str,
    pub icon: &'static str,
    pub label: &'static str,
    /// The revision that changed its words since its verdict: it needs a re-check.
    pub changed_in: Option<i64>,
}

pub struct Part {
    pub text: String,
    pub class: &'static str,
    pub claim: Option<ClaimRef>,
}

/// One line of the article: a paragraph, a heading, a list item.
pub struct Block {
    pub tag: &'static str,
    pub class: &'static str,
    pub parts: Vec<Part>,
    pub list_start: bool,
    pub list_end: bool,
}

/// Lays the stored segments out as blocks, pairing claim segments with their claims in order.
pub fn blocks(body: &str, segments: &[StoredSegment], claims: &[Claim]) -> Vec<Block> {
    let slicer = CharSlicer::new(body);
    let mut claims = claims.iter();
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous_end = 0;
    for segment in segments {
        let gap = slicer.slice(previous_end, stored_offset(segment.start));
        let new_line = blocks.is_empty() || gap.contains(segment::is_line_break);
        previous_end = stored_offset(segment.end);
        let text = slicer
            .slice(stored_offset(segment.start), stored_offset(segment.end))
            .to_owned();
        let (tag, class) = match segment.kind {
            SegmentKind::Heading => ("h2", "heading"),
            SegmentKind::Boilerplate => ("p", "boilerplate"),
            SegmentKind::Byline | SegmentKind::Dateline => ("p", "meta"),
            SegmentKind::ListMarker => ("li", "item"),
            _ => ("p", "para"),
        };
        if new_line || segment.kind == SegmentKind::ListMarker {
            blocks.push(Block {
                tag,
                class,
                parts: Vec::new(),
                list_start: false,
                list_end: false,
            });
        }
        let claim = if segment.kind.is_claim() {
            claims.next().map(|c| {
                let status = c.status.as_str();
                ClaimRef {
                    id: c.id,
                    status,
                    icon: status_icon(status),
                    label: status_label(status),
                    changed_in: c.lineage.changed_in,
                }
            })
        } else {
            None
        };
        let part_class = match segment.kind {
            SegmentKind::ListMarker => "marker",
            SegmentKind::LeadIn => "lead-in",
            _ => "text",
        };
        if let Some(block) = blocks.last_mut() {
            block.parts.push(Part {
                text,
                class: part_class,
                claim,
            });
        }
    }
    for i in 0..blocks.len() {
        let is_item = blocks[i].tag == "li";
        blocks[i].list_start = is_item && (i == 0 || blocks[i - 1].tag != "li");
        blocks[i].list_end = is_item && blocks.get(i + 1).is_none_or(|b| b.tag != "li");
    }
    blocks
}

/// The article text with its claims: rendered once per article revision, with no claim
/// selected (see [`SelectedText`]).
#[derive(Template)]
#[template(path = "article_text.html", whitespace = "minimize")]
pub(super) struct ArticleText {
    pub(super) article_id: i64,
    pub(super) blocks: Vec<Block>,
}

/// The cached article text with one claim marked as the selected one: the mark is written
/// into the copy that goes out, so one rendering serves every selection.
pub struct SelectedText<'a> {
    pub(super) html: &'a str,
    pub(super) selected: Option<i64>,
}

impl std::fmt::Display for SelectedText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The anchor's id attribute, closing quote included (so claim-1 never matches
        // claim-12); claim text is escaped, so it cannot contain the attribute.
        let anchor = self.selected.map(|id| format!(r#"id="claim-{id}""#));
        let at = anchor.as_ref().and_then(|a| {
            memchr::memmem::find(self.html.as_bytes(), a.as_bytes()).map(|i| i + a.len())
        });
        match at {
            Some(end) => {
                f.write_str(&self.html[..end])?;
                f.write_str(r#" aria-current="true""#)?;
                f.write_str(&self.html[end..])
            }
            None => f.write_str(self.html),
        }
    }
}

/// The article text as the page shows it, with no claim selected.
pub struct ArticleTextHtml(pub(super) String);

/// Renders the article text once per revision.
pub(super) fn render_text(view: &ArticleView) -> Result<Arc<ArticleTextHtml>, PageError> {
    Ok(view.derived.get_or_try_init(|| {
        ArticleText {
            article_id: view.article.id,
            blocks: blocks(&view.article.body, &view.segments, &view.claims),
        }
        .render()
        .map(ArticleTextHtml)
        .map_err(|e| AppError::Internal(e.into()))
    })?)
}
