//! Article import, shared by the API and the CLI: segment the body, store article, structure
//! and claims in one transaction, and return the existing article for a body seen before.

use sha2::{Digest, Sha256};

use crate::analysis;
use crate::analysis::ClaimAnalysis;
use crate::domain::NewArticle;
use crate::segment;
use crate::storage::{Claim, Imported, NewSegment, Storage, UserId};

/// The identity of an article body: byte-identical bodies are the same article.
pub fn body_sha256(body: &str) -> String {
    hex::encode(Sha256::digest(body.as_bytes()))
}

/// The article's segments, each claim with its reading. `prose` marks the lines a page wrote
/// as running text (empty for a text body).
pub fn segments_of(body: &str, language: &segment::Language, prose: &[bool]) -> Vec<NewSegment> {
    let segments = segment::segment_placed(body, language, prose);
    let readings = analysis::read_segments(body, &segments, language);
    segments
        .into_iter()
        .zip(readings)
        .map(|(s, reading)| NewSegment {
            kind: s.kind,
            start: s.start,
            end: s.end,
            text: s.text.to_owned(),
            reading,
        })
        .collect()
}

pub async fn import_article(
    storage: &dyn Storage,
    article: NewArticle,
    created_by: Option<UserId>,
) -> anyhow::Result<Imported> {
    // Segmenting a 2 MiB body takes tens of milliseconds: keep it off the async workers.
    let (article, hash, segments) = crate::cpu_work::run(move || {
        let hash = body_sha256(&article.body);
        let segments = segments_of(&article.body, &article.language, &article.prose_lines);
        (article, hash, segments)
    })
    .await?;
    Ok(storage
        .import_article(&article, &hash, &segments, created_by)
        .await?)
}

/// Builds, off the request path, what every import reads and builds only on first use: the
/// extractor's rules and its stop-word lists for every language (tens of milliseconds), the
/// segmenter's and the check-worthiness model's tables. Without it the first import after a
/// start pays for all of them.
pub fn warm_up() {
    let page = crate::html::extract(
        "<!doctype html><html lang=en><head><title>Warm-up</title></head><body><article>\
         <h1>Warm-up</h1><p>The ministry said on Tuesday that 12 offices had opened.</p>\
         </article></body></html>",
    );
    let language = segment::Language::stored("en");
    std::hint::black_box(segments_of(&page.text, &language, &page.prose));
}

/// Reads stored claims again in `body` (the text they were stored with), in article order.
pub fn read_claims(
    body: &str,
    claims: &[Claim],
    language: &segment::Language,
) -> Vec<ClaimAnalysis> {
    let ranges: Vec<(usize, usize)> = claims
        .iter()
        .map(|c| {
            (
                segment::stored_offset(c.start),
                segment::stored_offset(c.end),
            )
        })
        .collect();
    analysis::analyse(body, &ranges, language)
}

/// Reads the claims stored before claimdesk read claims (an older database), an article at
/// a time; returns how many claims it read.
pub async fn read_unread_claims(storage: &dyn Storage) -> anyhow::Result<usize> {
    let mut read = 0;
    loop {
        let articles = storage.articles_to_read(16).await?;
        if articles.is_empty() {
            return Ok(read);
        }
        for id in articles {
            let Some((article, claims)) = storage.article_with_claims(id).await? else {
                continue;
            };
            let readings = crate::cpu_work::run(move || {
                let language = segment::Language::stored(&article.language);
                let readings = read_claims(&article.body, &claims, &language);
                claims
                    .iter()
                    .map(|c| c.id)
                    .zip(readings)
                    .collect::<Vec<_>>()
            })
            .await?;
            read += readings.len();
            storage.store_readings(id, &readings).await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_bodies_hash_alike() {
        assert_eq!(body_sha256("a."), body_sha256("a."));
        assert_ne!(body_sha256("a."), body_sha256("a. "));
    }
}
