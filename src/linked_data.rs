//! The standards fact-check publishers and annotation tools read: schema.org `ClaimReview`
//! (what Google's Fact Check Explorer indexes) and W3C Web Annotation. Plain functions from
//! stored records to JSON-LD.

use serde_json::{Value, json};

use crate::analysis;
use crate::domain::Verdict;
use crate::segment::{CharSlicer, stored_offset};
use crate::storage::{Article, Claim, Comment, HistoryEntry};

/// Who publishes the reviews, and where claimdesk is reached from outside.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    pub url: Option<String>,
    /// The public base URL (`https://factcheck.example.org`), for absolute links.
    pub public_url: Option<String>,
}

impl Default for Publisher {
    fn default() -> Self {
        Publisher {
            name: "claimdesk".to_owned(),
            url: None,
            public_url: None,
        }
    }
}

/// The rating scale: 3 is best. An unsourced claim is unproven, not false, so it sits in the
/// middle; only contradicted claims get the worst rating.
pub fn rating(verdict: Verdict) -> (u8, &'static str) {
    match verdict {
        Verdict::Sourced => (3, "Sourced"),
        Verdict::Unsourced => (2, "Unsourced: no supporting evidence found"),
        Verdict::Contradicted => (1, "Contradicted by evidence"),
    }
}

/// The address of a claim on the annotate page.
pub fn claim_url(base: &str, claim: &Claim) -> String {
    format!(
        "{base}/articles/{}?claim={}#claim-{}",
        claim.article_id, claim.id, claim.id
    )
}

/// The article as the place the claim appeared: its own URL when known.
fn appearance(base: &str, article: &Article) -> Value {
    let mut appearance = json!({
        "@type": "NewsArticle",
        "headline": article.title,
        "url": article
            .source_url
            .clone()
            .unwrap_or_else(|| format!("{base}/articles/{}", article.id)),
    });
    if let Some(date) = &article.published_at {
        appearance["datePublished"] = json!(date);
    }
    if article.language != "und" {
        appearance["inLanguage"] = json!(article.language);
    }
    if let Some(authors) = authors(article) {
        appearance["author"] = authors;
    }
    if let Some(site) = &article.site_name {
        appearance["publisher"] = json!({"@type": "Organization", "name": site});
    }
    appearance
}

/// The article's byline as schema.org people: one `Person`, or an array of them ("Ann Lee;
/// Bo Chen", as pages list them); `None` without a byline.
fn authors(article: &Article) -> Option<Value> {
    let mut people: Vec<Value> = article
        .author
        .iter()
        .flat_map(|names| names.split(';'))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| json!({"@type": "Person", "name": name}))
        .collect();
    match people.len() {
        0 => None,
        1 => people.pop(),
        _ => Some(Value::Array(people)),
    }
}

/// Who made the claim: the speaker the article credits (or a reviewer named); for a claim
/// the article states itself, its authors, else its publication.
fn claimant(article: &Article, claim: &Claim) -> Option<Value> {
    match &claim.reading.speaker {
        Some(speaker) => Some(json!({
            "@type": analysis::speaker_kind(&speaker.name).schema_type(),
            "name": speaker.name,
        })),
        None => authors(article).or_else(|| {
            article
                .site_name
                .as_ref()
                .map(|site| json!({"@type": "Organization", "name": site}))
        }),
    }
}

/// A `ClaimReview` for a reviewed claim, pointing at the annotate page (for the desk's own
/// tools); `None` for one still unreviewed.
pub fn claim_review(
    publisher: &Publisher,
    base: &str,
    article: &Article,
    claim: &Claim,
) -> Option<Value> {
    claim_review_at(publisher, base, article, claim, claim_url(base, claim))
}

/// Where a published review is read by the public: on the newsroom's own page when it gave
/// one, else on claimdesk's public fact-check page.
pub fn published_claim_url(base: &str, public_url: Option<&str>, claim: &Claim) -> String {
    match public_url {
        Some(url) => format!(
            "{}#claim-{}",
            url.split('#').next().unwrap_or(url),
            claim.id
        ),
        None => format!("{base}/fact-checks/{}#claim-{}", claim.article_id, claim.id),
    }
}

/// A `ClaimReview` whose `url` is `url`; `None` for a claim still unreviewed.
pub fn claim_review_at(
    publisher: &Publisher,
    base: &str,
    article: &Article,
    claim: &Claim,
    url: String,
) -> Option<Value> {
    // A verdict made on words a revision has since changed does not review these words.
    if claim.lineage.changed_in.is_some() || claim.lineage.removed_in.is_some() {
        return None;
    }
    let verdict = claim.status.verdict()?;
    let (value, name) = rating(verdict);
    let mut author = json!({"@type": "Organization", "name": publisher.name});
    if let Some(url) = publisher.url.as_deref().or(publisher.public_url.as_deref()) {
        author["url"] = json!(url);
    }
    // The article is where claimdesk met the claim: its first appearance as far as the desk
    // knows. Without a publication date, the day it was imported stands in (the claim was
    // public by then at the latest).
    let appeared = appearance(base, article);
    let date_published = article
        .published_at
        .clone()
        .unwrap_or_else(|| date_of(&article.created_at).to_owned());
    let mut item = json!({
        "@type": "Claim",
        "appearance": appeared,
        "firstAppearance": appeared,
        "datePublished": date_published,
    });
    if let Some(claimant) = claimant(article, claim) {
        item["author"] = claimant;
    }
    Some(json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        // ClaimReview wants the claim short: a reviewer's summary when there is one.
        "claimReviewed": claim.reading.summary.as_deref().unwrap_or(&claim.text),
        "datePublished": date_of(&claim.updated_at),
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 3,
            "worstRating": 1,
            "alternateName": name,
            "name": name,
        },
        "itemReviewed": item,
    }))
}

/// The `YYYY-MM-DD` of a stored RFC 3339 timestamp (also what the public page shows, so a
/// reader sees the dates ClaimReview states).
pub fn date_of(stamp: &str) -> &str {
    stamp.get(..10).unwrap_or(stamp)
}

/// How much text around a quote the `TextQuoteSelector` carries to tell repeats apart.
const CONTEXT_CHARS: usize = 32;

/// Where a claim stood in the revision of the article's text a verdict on it was made on.
pub struct Anchor<'a> {
    pub revision: i64,
    /// That revision's body.
    pub body: &'a CharSlicer<'a>,
    pub claim_id: i64,
    pub text: &'a str,
    pub start: i64,
    pub end: i64,
}

impl<'a> Anchor<'a> {
    /// A claim where it stands in the current text.
    pub fn current(claim: &'a Claim, revision: i64, body: &'a CharSlicer<'a>) -> Self {
        Anchor {
            revision,
            body,
            claim_id: claim.id,
            text: &claim.text,
            start: claim.start,
            end: claim.end,
        }
    }
}

/// A W3C Web Annotation for one verdict on a claim, anchored on the text it was made on
/// (that revision of the article) both by quote and by position.
pub fn web_annotation(
    base: &str,
    article: &Article,
    anchor: &Anchor<'_>,
    entry: &HistoryEntry,
) -> Value {
    let mut bodies = vec![json!({
        "type": "TextualBody",
        "purpose": "assessing",
        "value": entry.status.as_str(),
    })];
    if let Some(note) = &entry.note {
        bodies.push(json!({"type": "TextualBody", "purpose": "commenting", "value": note}));
    }
    for source in &entry.sources {
        // The model gives a SpecificResource no `value`: a source's link and its citation are
        // two bodies, the citation a TextualBody of its own.
        if let Some(url) = &source.url {
            bodies
                .push(json!({"type": "SpecificResource", "purpose": "describing", "source": url}));
        }
        if let Some(citation) = &source.citation {
            bodies.push(json!({"type": "TextualBody", "purpose": "describing", "value": citation}));
        }
    }
    json!({
        "@context": ANNO_CONTEXT,
        "id": annotation_iri(base, anchor.claim_id, entry.version),
        "type": "Annotation",
        "motivation": "assessing",
        "created": entry.created_at,
        "creator": {"type": "Person", "name": entry.reviewer},
        "body": bodies,
        "target": claim_target(base, article, anchor),
    })
}

/// A comment on a claim as a W3C Web Annotation: `commenting` on the claim where it stands
/// in the current text, or, for a reply, `replying` to the comment it answers.
pub fn comment_annotation(
    base: &str,
    article: &Article,
    anchor: &Anchor<'_>,
    comment: &Comment,
    body: &str,
) -> Value {
    let (motivation, target) = match comment.parent_id {
        Some(parent) => ("replying", json!(comment_iri(base, parent))),
        None => ("commenting", claim_target(base, article, anchor)),
    };
    json!({
        "@context": ANNO_CONTEXT,
        "id": comment_iri(base, comment.id),
        "type": "Annotation",
        "motivation": motivation,
        "created": comment.created_at,
        "creator": {"type": "Person", "name": comment.author},
        "body": [{"type": "TextualBody", "purpose": motivation, "value": body, "format": "text/plain"}],
        "target": target,
    })
}

/// The IRI of a comment as a Web Annotation; it answers with that annotation.
pub fn comment_iri(base: &str, comment_id: i64) -> String {
    format!("{base}/api/v1/comments/{comment_id}/annotation")
}

/// A claim as an annotation's target, anchored both by quote and by position.
fn claim_target(base: &str, article: &Article, anchor: &Anchor<'_>) -> Value {
    let body = anchor.body;
    let start = stored_offset(anchor.start);
    let end = stored_offset(anchor.end);
    // The selectors count code points of claimdesk's stored text at one revision, so the
    // target's source is that revision of claimdesk's article (later revisions move and edit
    // sentences); the page the text was taken from is where it came `via`.
    let mut target = json!({
        "type": "SpecificResource",
        "source": revision_iri(base, article.id, anchor.revision),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": anchor.text,
                "prefix": body.slice(start.saturating_sub(CONTEXT_CHARS), start),
                "suffix": body.slice(end, end + CONTEXT_CHARS),
            },
            {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
        ],
    });
    if let Some(url) = &article.source_url {
        target["via"] = json!(url);
    }
    target
}

pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// claimdesk's own IRI for an article (its JSON).
pub fn article_iri(base: &str, article_id: i64) -> String {
    format!("{base}/api/v1/articles/{article_id}")
}

/// claimdesk's IRI for one revision of an article's text (its JSON as it was then).
pub fn revision_iri(base: &str, article_id: i64, revision: i64) -> String {
    format!("{}?revision={revision}", article_iri(base, article_id))
}

/// The IRI of one verdict as a Web Annotation; it answers with that annotation.
pub fn annotation_iri(base: &str, claim_id: i64, version: i64) -> String {
    format!("{base}/api/v1/claims/{claim_id}/annotations/{version}")
}

/// The article's verdicts as an `AnnotationCollection`, its one page embedded as `first`.
pub fn annotation_collection(base: &str, article: &Article, items: Vec<Value>) -> Value {
    let id = collection_iri(base, article.id);
    let total = items.len();
    let mut collection = json!({
        "@context": ANNO_CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": collection_label(article),
        "total": total,
    });
    // An empty collection has no pages.
    if total > 0 {
        let mut page = annotation_page(base, article, items);
        if let Some(page) = page.as_object_mut() {
            page.remove("@context");
        }
        collection["last"] = page["id"].clone();
        collection["first"] = page;
    }
    collection
}

/// The collection's one page, standing alone: all the article's verdicts, oldest first. It
/// describes the collection it is part of, as the model's example does.
pub fn annotation_page(base: &str, article: &Article, items: Vec<Value>) -> Value {
    let collection = collection_iri(base, article.id);
    json!({
        "@context": ANNO_CONTEXT,
        "id": format!("{collection}?page=0"),
        "type": "AnnotationPage",
        "partOf": {
            "id": collection,
            "label": collection_label(article),
            "total": items.len(),
        },
        "startIndex": 0,
        "items": items,
    })
}

fn collection_label(article: &Article) -> String {
    format!("Verdicts on “{}”", article.title)
}

fn collection_iri(base: &str, article_id: i64) -> String {
    format!("{}/annotations.jsonld", article_iri(base, article_id))
}

/// JSON for a `<script type="application/ld+json">` block: `<` is escaped, so article text
/// can never close the script element.
pub fn for_script_element(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ClaimStatus, Source, StatusCounts};
    use crate::segment::SegmentKind;

    fn article() -> Article {
        Article {
            id: 7,
            title: "Cable on migration".into(),
            body: "Intro. The cable was sent Friday. Outro.".into(),
            source_url: Some("https://news.example/cable".into()),
            published_at: Some("2025-11-27".into()),
            language: "en".into(),
            author: Some("Ann Lee; Bo Chen".into()),
            site_name: Some("News Example".into()),
            created_at: "2026-11-24T10:00:00.000000Z".into(),
            text_revision: 1,
            reviews_required: 1,
            counts: StatusCounts::default(),
        }
    }

    fn claim(status: ClaimStatus) -> Claim {
        Claim {
            id: 42,
            article_id: 7,
            position: 2,
            text: "The cable was sent Friday.".into(),
            kind: SegmentKind::Sentence,
            start: 7,
            end: 33,
            status,
            version: 2,
            sources: vec![],
            note: None,
            updated_at: "2026-11-24T12:34:56.000000Z".into(),
            updated_by: Some("rita".into()),
            reading: Default::default(),
            lineage: Default::default(),
            review: Default::default(),
        }
    }

    #[test]
    fn the_claimant_is_the_speaker_or_else_the_articles_authors() {
        let publisher = Publisher::default();
        let review = claim_review(
            &publisher,
            "https://fc.example",
            &article(),
            &claim(ClaimStatus::Sourced),
        )
        .unwrap();
        assert_eq!(
            review["itemReviewed"]["author"],
            json!([{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}])
        );
        let mut said = claim(ClaimStatus::Sourced);
        said.reading.speaker = Some(crate::storage::Speaker {
            name: "the State Department".into(),
            start: None,
            end: None,
        });
        said.reading.summary = Some("Cable sent Friday".into());
        let review = claim_review(&publisher, "https://fc.example", &article(), &said).unwrap();
        assert_eq!(
            review["itemReviewed"]["author"],
            json!({"@type": "Organization", "name": "the State Department"})
        );
        assert_eq!(review["claimReviewed"], "Cable sent Friday");
        let mut unsigned = article();
        unsigned.author = None;
        let review = claim_review(
            &publisher,
            "https://fc.example",
            &unsigned,
            &claim(ClaimStatus::Sourced),
        )
        .unwrap();
        assert_eq!(
            review["itemReviewed"]["author"],
            json!({"@type": "Organization", "name": "News Example"})
        );
    }

    #[test]
    fn claim_review_has_google_required_fields() {
        let review = claim_review(
            &Publisher::default(),
            "https://fc.example",
            &article(),
            &claim(ClaimStatus::Contradicted),
        )
        .unwrap();
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["claimReviewed"], "The cable was sent Friday.");
        assert_eq!(
            review["url"],
            "https://fc.example/articles/7?claim=42#claim-42"
        );
        assert_eq!(
            review["reviewRating"]["alternateName"],
            "Contradicted by evidence"
        );
        assert_eq!(review["reviewRating"]["ratingValue"], 1);
        assert_eq!(
            review["itemReviewed"]["firstAppearance"],
            review["itemReviewed"]["appearance"]
        );
        assert_eq!(review["itemReviewed"]["datePublished"], "2025-11-27");
        assert_eq!(
            review["reviewRating"]["name"],
            review["reviewRating"]["alternateName"]
        );
        let undated = Article {
            published_at: None,
            ..article()
        };
        let review_of_undated = claim_review(
            &Publisher::default(),
            "https://fc.example",
            &undated,
            &claim(ClaimStatus::Sourced),
        )
        .unwrap();
        assert_eq!(
            review_of_undated["itemReviewed"]["datePublished"], "2026-11-24",
            "the import date stands in"
        );
        assert_eq!(review["datePublished"], "2026-11-24");
        assert_eq!(
            review["itemReviewed"]["appearance"]["url"],
            "https://news.example/cable"
        );
        assert!(
            claim_review(
                &Publisher::default(),
                "",
                &article(),
                &claim(ClaimStatus::Unreviewed)
            )
            .is_none()
        );
    }

    #[test]
    fn unsourced_is_not_false() {
        let (value, name) = rating(Verdict::Unsourced);
        assert!(value > rating(Verdict::Contradicted).0);
        assert!(!name.to_lowercase().contains("false"));
    }

    #[test]
    fn web_annotation_anchors_by_quote_and_position() {
        let article = article();
        let slicer = CharSlicer::new(&article.body);
        let entry = HistoryEntry {
            version: 2,
            status: ClaimStatus::Sourced,
            sources: vec![Source {
                url: Some("https://src.example".into()),
                citation: Some("AP".into()),
            }],
            note: Some("checked".into()),
            reviewer: "rita".into(),
            created_at: "2026-11-24T12:34:56.000000Z".into(),
            revision: 1,
        };
        let claim = claim(ClaimStatus::Sourced);
        let a = web_annotation(
            "https://fc.example",
            &article,
            &Anchor::current(&claim, 1, &slicer),
            &entry,
        );
        let selectors = a["target"]["selector"].as_array().unwrap();
        assert_eq!(selectors[0]["exact"], "The cable was sent Friday.");
        assert_eq!(selectors[0]["prefix"], "Intro. ");
        assert_eq!(selectors[0]["suffix"], " Outro.");
        assert_eq!(selectors[1]["start"], 7);
        assert_eq!(a["body"][2]["type"], "SpecificResource");
        assert_eq!(a["body"][2]["source"], "https://src.example");
        assert!(
            a["body"][2].get("value").is_none(),
            "a SpecificResource has no value"
        );
        assert_eq!(
            a["body"][3],
            json!({"type": "TextualBody", "purpose": "describing", "value": "AP"})
        );
        assert_eq!(a["id"], "https://fc.example/api/v1/claims/42/annotations/2");
        assert_eq!(
            a["target"]["source"],
            "https://fc.example/api/v1/articles/7?revision=1"
        );
        assert_eq!(a["target"]["via"], "https://news.example/cable");
    }

    #[test]
    fn script_json_cannot_close_the_element() {
        let text = for_script_element(&json!({"t": "</script><script>alert(1)</script>"}));
        assert!(!text.contains("</script"));
    }
}
