//! The shapes of the JSON-LD documents (ClaimReview, Web Annotation) for the OpenAPI
//! document, so generated clients get typed models. The documents themselves are built in
//! [`crate::linked_data`]; the suite's generated-client test reads real answers through these
//! models, so a drift between the two fails there.
#![allow(dead_code)] // Described, never constructed.

use utoipa::ToSchema;

/// A schema.org `ClaimReview` of one reviewed claim.
#[derive(serde::Serialize, ToSchema)]
pub struct ClaimReview {
    #[serde(rename = "@context")]
    #[schema(example = "https://schema.org")]
    context: String,
    #[serde(rename = "@type")]
    #[schema(example = "ClaimReview")]
    kind: String,
    /// The claim's page.
    url: String,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    author: Agent,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    item_reviewed: ReviewedClaim,
}

/// A schema.org `Organization` or `Person`.
#[derive(serde::Serialize, ToSchema)]
pub struct Agent {
    #[serde(rename = "@type")]
    kind: String,
    name: String,
    url: Option<String>,
}

/// The verdict on the review's scale: sourced 3, unsourced 2, contradicted 1.
#[derive(serde::Serialize, ToSchema)]
pub struct Rating {
    #[serde(rename = "@type")]
    kind: String,
    #[serde(rename = "ratingValue")]
    rating_value: i32,
    #[serde(rename = "bestRating")]
    best_rating: i32,
    #[serde(rename = "worstRating")]
    worst_rating: i32,
    #[serde(rename = "alternateName")]
    alternate_name: String,
    /// The same words as `alternateName`.
    name: String,
}

/// The claim reviewed, and the article it appeared in.
#[derive(serde::Serialize, ToSchema)]
pub struct ReviewedClaim {
    #[serde(rename = "@type")]
    kind: String,
    appearance: Appearance,
    /// The article again: the first place the desk met the claim.
    #[serde(rename = "firstAppearance")]
    first_appearance: Appearance,
    /// The article's publication date, or the day it was imported when it has none.
    #[serde(rename = "datePublished")]
    date_published: String,
}

/// A schema.org `NewsArticle`.
#[derive(serde::Serialize, ToSchema)]
pub struct Appearance {
    #[serde(rename = "@type")]
    kind: String,
    headline: String,
    url: String,
    #[serde(rename = "datePublished")]
    date_published: Option<String>,
    #[serde(rename = "inLanguage")]
    in_language: Option<String>,
    /// One `Person`, or several.
    author: Option<serde_json::Value>,
    publisher: Option<Agent>,
}

/// A W3C `AnnotationCollection`: every verdict on an article.
#[derive(serde::Serialize, ToSchema)]
pub struct AnnotationCollection {
    #[serde(rename = "@context")]
    #[schema(example = "http://www.w3.org/ns/anno.jsonld")]
    context: String,
    id: String,
    #[serde(rename = "type")]
    #[schema(example = "AnnotationCollection")]
    kind: String,
    label: String,
    total: i64,
    /// The one page, embedded (absent when there is no verdict yet).
    first: Option<AnnotationPage>,
    /// The page's `id`.
    last: Option<String>,
}

/// A W3C `AnnotationPage` (embedded in the collection, or standing alone at `?page=0`).
#[derive(serde::Serialize, ToSchema)]
pub struct AnnotationPage {
    #[serde(rename = "@context")]
    context: Option<String>,
    id: String,
    #[serde(rename = "type")]
    #[schema(example = "AnnotationPage")]
    kind: String,
    #[serde(rename = "partOf")]
    part_of: PartOf,
    #[serde(rename = "startIndex")]
    start_index: i64,
    items: Vec<WebAnnotation>,
}

/// The collection a page is part of.
#[derive(serde::Serialize, ToSchema)]
pub struct PartOf {
    id: String,
    label: String,
    total: i64,
}

/// One verdict (`assessing`) or comment (`commenting`, or `replying` to another comment) as
/// a W3C Web Annotation.
#[derive(serde::Serialize, ToSchema)]
pub struct WebAnnotation {
    #[serde(rename = "@context")]
    context: String,
    id: String,
    #[serde(rename = "type")]
    #[schema(example = "Annotation")]
    kind: String,
    motivation: String,
    created: String,
    creator: AnnotationCreator,
    body: Vec<AnnotationBody>,
    target: TargetOrIri,
}

/// A claim's place in the text, or (for a reply) the IRI of the comment it answers.
#[derive(serde::Serialize, ToSchema)]
#[serde(untagged)]
pub enum TargetOrIri {
    Claim(AnnotationTarget),
    Comment(String),
}

#[derive(serde::Serialize, ToSchema)]
pub struct AnnotationCreator {
    #[serde(rename = "type")]
    kind: String,
    name: String,
}

/// The status (`assessing`), the note (`commenting`), a source's link (`SpecificResource`) or
/// its citation (`TextualBody`, `describing`); a comment's text (`commenting` or `replying`,
/// `format` `text/plain`).
#[derive(serde::Serialize, ToSchema)]
pub struct AnnotationBody {
    #[serde(rename = "type")]
    kind: String,
    purpose: String,
    value: Option<String>,
    source: Option<String>,
    format: Option<String>,
}

/// The claim's place in claimdesk's stored text.
#[derive(serde::Serialize, ToSchema)]
pub struct AnnotationTarget {
    #[serde(rename = "type")]
    kind: String,
    /// claimdesk's article IRI.
    source: String,
    /// The page the text was taken from.
    via: Option<String>,
    selector: Vec<Selector>,
}

/// A `TextQuoteSelector` (exact, prefix, suffix) or a `TextPositionSelector` (start, end,
/// in code points).
#[derive(serde::Serialize, ToSchema)]
pub struct Selector {
    #[serde(rename = "type")]
    kind: String,
    exact: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
    start: Option<i64>,
    end: Option<i64>,
}

/// The collection, or with `?page=0` its page.
#[derive(serde::Serialize, ToSchema)]
#[serde(untagged)]
pub enum CollectionOrPage {
    Collection(AnnotationCollection),
    Page(AnnotationPage),
}
