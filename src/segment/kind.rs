//! The kinds of segment an article is made of.

use serde::{Deserialize, Serialize};

/// What a segment is in the article's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// A sentence of running text: a claim.
    Sentence,
    /// The text of a list item, without its marker: a claim.
    ListItem,
    /// A list item's bullet or number (`-`, `•`, `1.`, `a)`).
    ListMarker,
    /// The sentence that introduces a list ("Since taking office, the president has:"). It says
    /// nothing checkable until completed by the items, which are the claims.
    LeadIn,
    /// A headline or section heading.
    Heading,
    /// A byline ("By Jane Doe").
    Byline,
    /// A line holding only a dateline ("WASHINGTON (Reuters) -"); a dateline that opens a
    /// paragraph stays in its first sentence.
    Dateline,
    /// Page furniture: "Leave a Reply", "Advertisement", "Reporting by …", separators.
    Boilerplate,
}

impl SegmentKind {
    /// Whether segments of this kind are stored as claims for review.
    pub fn is_claim(self) -> bool {
        matches!(self, SegmentKind::Sentence | SegmentKind::ListItem)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Sentence => "sentence",
            SegmentKind::ListItem => "list_item",
            SegmentKind::ListMarker => "list_marker",
            SegmentKind::LeadIn => "lead_in",
            SegmentKind::Heading => "heading",
            SegmentKind::Byline => "byline",
            SegmentKind::Dateline => "dateline",
            SegmentKind::Boilerplate => "boilerplate",
        }
    }

    pub const ALL: [SegmentKind; 8] = [
        SegmentKind::Sentence,
        SegmentKind::ListItem,
        SegmentKind::ListMarker,
        SegmentKind::LeadIn,
        SegmentKind::Heading,
        SegmentKind::Byline,
        SegmentKind::Dateline,
        SegmentKind::Boilerplate,
    ];

    pub fn parse(s: &str) -> Option<SegmentKind> {
        SegmentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}
