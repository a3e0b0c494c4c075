//! Article import, shared by the API and the CLI: segment the body, store article, structure
//! and claims in one transaction, and return the existing article for a body seen before.

use sha2::{Digest, Sha256};

use crate::domain::NewArticle;
use crate::segment;
use crate::storage::{Imported, NewSegment, Storage, UserId};

/// The identity of an article body: byte-identical bodies are the same article.
pub fn body_sha256(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

/// `prose` marks the lines a page wrote as running text (empty for a text body).
pub fn segments_of(body: &str, language: &segment::Language, prose: &[bool]) -> Vec<NewSegment> {
    segment::segment_placed(body, language, prose)
        .into_iter()
        .map(|s| NewSegment {
            kind: s.kind,
            start: s.start,
            end: s.end,
            text: s.text.to_owned(),
        })
        .collect()
}

pub async fn import_article(
    storage: &dyn Storage,
    article: NewArticle,
    created_by: Option<UserId>,
) -> anyhow::Result<Imported> {
    // Segmenting a 2 MiB body takes tens of milliseconds: keep it off the async workers.
    let (article, hash, segments) = tokio::task::spawn_blocking(move || {
        let hash = body_sha256(&article.body);
        let segments = segments_of(&article.body, &article.language, &article.prose_lines);
        (article, hash, segments)
    })
    .await?;
    Ok(storage
        .import_article(&article, &hash, &segments, created_by)
        .await?)
}

/// Slices a text by code point offsets, as stored for segments and claims.
pub struct CharSlicer<'a> {
    text: &'a str,
    /// Byte offset of every code point, plus the end of the text.
    byte_at: Vec<usize>,
}

impl<'a> CharSlicer<'a> {
    pub fn new(text: &'a str) -> Self {
        let byte_at = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        CharSlicer { text, byte_at }
    }

    /// The text between two code point offsets; out-of-range offsets are clamped.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let last = self.byte_at.len() - 1;
        let byte_start = self.byte_at[start.min(last)];
        let byte_end = self.byte_at[end.clamp(start.min(last), last)];
        &self.text[byte_start..byte_end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_code_points() {
        let slicer = CharSlicer::new("héllo 😀 wörld");
        assert_eq!(slicer.slice(0, 5), "héllo");
        assert_eq!(slicer.slice(6, 7), "😀");
        assert_eq!(slicer.slice(8, 13), "wörld");
        assert_eq!(slicer.slice(13, 13), "");
        assert_eq!(slicer.slice(20, 30), "");
        assert_eq!(slicer.slice(5, 2), "");
    }

    #[test]
    fn identical_bodies_hash_alike() {
        assert_eq!(body_sha256("a."), body_sha256("a."));
        assert_ne!(body_sha256("a."), body_sha256("a. "));
    }
}
