//! Rows as every backend reads them, and how stored values become typed records. The SQL
//! differs by backend; the columns each query returns, and what they mean, do not.

use sqlx::FromRow;

use super::accounts::{TokenInfo, User};
use super::articles::{Article, ArticleStamp, NewSegment, StoredSegment};
use super::assignments::Assignment;
use super::base::{ClaimId, StorageError, StorageResult};
use super::claims::{Activity, Claim, ClaimLineage, ClaimReading, HistoryEntry, Speaker};
use super::comments::Comment;
use super::outbox::{Attempt, Delivery, DueDelivery, Webhook};
use super::publications::{Publication, PublicationSettings};
use super::readings::{EditEntry, EditedField};
use super::reviews::Review;
use super::revisions::{NewRevision, RevisionRecord};
use crate::analysis::{ClaimAnalysis, Reason, TypeMatch};
use crate::domain::agreement::DoubleReview;
use crate::domain::review::{ReviewState, ReviewSummary, Submission, submission};
use crate::domain::revision::{Fate, RevisionCounts};
use crate::domain::webhook::Event;
use crate::domain::{ClaimStatus, NewAnnotation, Role, Source, StatusCounts};
use crate::segment::SegmentKind;

pub fn corrupt(what: impl Into<String>) -> StorageError {
    StorageError::Corrupt(what.into())
}

pub fn parse_status(raw: &str) -> StorageResult<ClaimStatus> {
    raw.parse()
        .map_err(|_| corrupt(format!("unknown status '{raw}'")))
}

pub fn parse_kind(raw: &str) -> StorageResult<SegmentKind> {
    SegmentKind::parse(raw).ok_or_else(|| corrupt(format!("unknown segment kind '{raw}'")))
}

pub fn parse_sources(raw: Option<&str>) -> StorageResult<Vec<Source>> {
    match raw {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(json).map_err(|e| corrupt(format!("sources JSON: {e}"))),
    }
}

/// Why a verdict on a claim wrote nothing, from the claim's `(version, removed_in)` if it
/// exists.
pub fn not_annotated(claim_id: ClaimId, current: Option<(i64, Option<i64>)>) -> StorageError {
    match current {
        Some((_, Some(revision))) => StorageError::Conflict(format!(
            "claim {claim_id} was removed from its article in revision {revision}: its sentence \
             is no longer in the text, so it takes no verdict; find the sentence's new claim \
             in the article"
        )),
        Some((current, None)) => StorageError::VersionMismatch { current },
        None => StorageError::NotFound(format!("no claim with id {claim_id}")),
    }
}

/// Why a plain verdict wrote nothing: as [`not_annotated`], unless the claim is there at the
/// version asked for, which leaves its review: it takes no plain verdict from this reviewer
/// ([`StorageError::NotPlainVerdict`]; under double review a reviewer's is a blind review).
pub fn verdict_refused(
    claim_id: ClaimId,
    current: Option<(i64, Option<i64>)>,
    if_version: Option<i64>,
) -> StorageError {
    match current {
        Some((version, None)) if if_version.is_none_or(|asked| asked == version) => {
            StorageError::NotPlainVerdict { claim_id }
        }
        other => not_annotated(claim_id, other),
    }
}

/// The SQL condition under which a verdict on `claims` lands as a plain verdict, `editor` being
/// the placeholder of a flag for whether its author is an editor: an editor's always; a
/// reviewer's only under single review and outside a round of blind reviews or a dispute: the
/// same rule as [`crate::domain::review::submission`], held at the write itself (a verdict it
/// turns down is then judged by that rule, see `usecase::record_verdict`).
pub fn plain_verdict(editor: &str) -> String {
    format!(
        "({editor} OR ((SELECT a.reviews_required FROM articles a WHERE a.id = claims.article_id) < 2
          AND review_state NOT IN ('awaiting_second', 'disputed')))"
    )
}

pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

pub fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn parse_role(raw: &str) -> StorageResult<Role> {
    raw.parse()
        .map_err(|_| corrupt(format!("unknown role '{raw}'")))
}

#[derive(FromRow)]
pub struct UserRow {
    id: i64,
    name: String,
    role: String,
    created_at: String,
    password_hash: Option<String>,
}

impl UserRow {
    pub fn into_user(self) -> StorageResult<User> {
        let row = self;
        Ok(User {
            id: row.id,
            name: row.name,
            role: parse_role(&row.role)?,
            created_at: row.created_at,
            password_hash: row.password_hash,
        })
    }
}

#[derive(FromRow)]
pub struct TokenRow {
    id: i64,
    user: String,
    label: String,
    prefix: String,
    created_at: String,
    revoked_at: Option<String>,
}

impl TokenRow {
    pub fn into_info(self) -> TokenInfo {
        let row = self;
        TokenInfo {
            id: row.id,
            user: row.user,
            label: row.label,
            prefix: row.prefix,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

#[derive(FromRow)]
pub struct ArticleRow {
    id: i64,
    title: String,
    body: String,
    source_url: Option<String>,
    published_at: Option<String>,
    language: String,
    author: Option<String>,
    site_name: Option<String>,
    created_at: String,
    text_revision: i64,
    reviews_required: i64,
    unreviewed: i64,
    sourced: i64,
    unsourced: i64,
    contradicted: i64,
    dismissed: i64,
}

impl ArticleRow {
    pub fn into_article(self) -> Article {
        let row = self;
        Article {
            id: row.id,
            title: row.title,
            body: row.body,
            source_url: row.source_url,
            published_at: row.published_at,
            language: row.language,
            author: row.author,
            site_name: row.site_name,
            created_at: row.created_at,
            text_revision: row.text_revision,
            reviews_required: row.reviews_required,
            counts: StatusCounts {
                unreviewed: row.unreviewed,
                sourced: row.sourced,
                unsourced: row.unsourced,
                contradicted: row.contradicted,
                dismissed: row.dismissed,
            },
        }
    }
}

/// An article's stamp, as `SELECT lineage, revision, newest_claim, newest_verdict` reads it.
#[derive(FromRow)]
pub struct StampRow {
    lineage: i64,
    revision: i64,
    newest_claim: i64,
    newest_verdict: i64,
}

impl StampRow {
    pub fn into_stamp(self) -> ArticleStamp {
        ArticleStamp {
            lineage: self.lineage,
            revision: self.revision,
            newest_claim: self.newest_claim,
            newest_verdict: self.newest_verdict,
        }
    }
}

#[derive(FromRow)]
pub struct SegmentRow {
    kind: String,
    start_offset: i64,
    end_offset: i64,
}

impl SegmentRow {
    pub fn into_segment(self) -> StorageResult<StoredSegment> {
        Ok(StoredSegment {
            kind: parse_kind(&self.kind)?,
            start: self.start_offset,
            end: self.end_offset,
        })
    }
}

#[derive(FromRow)]
pub struct ClaimRow {
    id: i64,
    article_id: i64,
    position: i64,
    text: String,
    kind: String,
    start_offset: i64,
    end_offset: i64,
    status: String,
    version: i64,
    updated_at: String,
    sources: Option<String>,
    note: Option<String>,
    updated_by: Option<String>,
    #[sqlx(flatten)]
    reading: ReadingRow,
    #[sqlx(flatten)]
    lineage: LineageRow,
    #[sqlx(flatten)]
    review: ReviewRow,
}

/// The columns of a claim's review, as claim queries select them: `review_required,
/// reviews_submitted, review_state`. Queries of claims as they were (past revisions,
/// publications) leave them out: such claims show no review in progress, settled by their
/// status.
#[derive(FromRow)]
pub struct ReviewRow {
    #[sqlx(default)]
    review_required: Option<i64>,
    #[sqlx(default)]
    reviews_submitted: Option<i64>,
    #[sqlx(default)]
    review_state: Option<String>,
}

impl ReviewRow {
    pub fn into_review(self, status: ClaimStatus) -> StorageResult<ReviewSummary> {
        let decided = status != ClaimStatus::Unreviewed;
        let state = match self.review_state.as_deref() {
            None if decided => ReviewState::Settled,
            None => ReviewState::Open,
            Some(raw) => ReviewState::parse(raw)
                .ok_or_else(|| corrupt(format!("unknown review state '{raw}'")))?,
        };
        Ok(ReviewSummary {
            required: self.review_required.unwrap_or(1),
            submitted: self.reviews_submitted.unwrap_or(i64::from(decided)),
            state,
        })
    }
}

/// A claim to insert: its position, its segment (text, place, reading) and, for a claim a
/// revision made of others, their ids as a JSON array.
pub struct NewClaimRow<'a> {
    pub position: i64,
    pub segment: &'a NewSegment,
    pub derived_from: Option<String>,
}

impl<'a> NewClaimRow<'a> {
    /// The claims among an imported article's segments, numbered from 1 in article order.
    pub fn in_order(segments: &'a [NewSegment]) -> Vec<Self> {
        segments
            .iter()
            .filter(|s| s.kind.is_claim())
            .enumerate()
            .map(|(i, segment)| NewClaimRow {
                position: to_i64(i + 1),
                segment,
                derived_from: None,
            })
            .collect()
    }
}

/// The columns of a claim's place across revisions, as every claim query selects them:
/// `verdicts, changed_in, removed_in, derived_from`.
#[derive(FromRow)]
pub struct LineageRow {
    verdicts: i64,
    changed_in: Option<i64>,
    removed_in: Option<i64>,
    derived_from: Option<String>,
}

impl LineageRow {
    pub fn into_lineage(self) -> StorageResult<ClaimLineage> {
        Ok(ClaimLineage {
            verdicts: self.verdicts,
            changed_in: self.changed_in,
            removed_in: self.removed_in,
            derived_from: match self.derived_from.as_deref() {
                None => Vec::new(),
                Some(json) => serde_json::from_str(json)
                    .map_err(|e| corrupt(format!("claim derived_from: {e}")))?,
            },
        })
    }
}

/// The columns of a claim's reading, as every claim query selects them:
/// `checkworthiness, reading, speaker, speaker_start, speaker_end, summary`.
#[derive(FromRow)]
pub struct ReadingRow {
    checkworthiness: Option<f64>,
    reading: Option<String>,
    speaker: Option<String>,
    speaker_start: Option<i64>,
    speaker_end: Option<i64>,
    summary: Option<String>,
}

/// How the analysis's reasons and types are stored in `claims.reading`.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct StoredReading {
    reasons: Vec<Reason>,
    claim_types: Vec<TypeMatch>,
}

/// `claims.reading` for an analysis.
pub fn reading_json(analysis: &ClaimAnalysis) -> String {
    serde_json::to_string(&StoredReading {
        reasons: analysis.reasons.clone(),
        claim_types: analysis.claim_types.clone(),
    })
    .unwrap_or_else(|_| "{}".to_owned())
}

impl ReadingRow {
    pub fn into_reading(self) -> StorageResult<ClaimReading> {
        let stored: StoredReading = match self.reading.as_deref() {
            None => StoredReading::default(),
            Some(json) => {
                serde_json::from_str(json).map_err(|e| corrupt(format!("claim reading: {e}")))?
            }
        };
        Ok(ClaimReading {
            checkworthiness: self.checkworthiness,
            reasons: stored.reasons,
            claim_types: stored.claim_types,
            speaker: self.speaker.map(|name| Speaker {
                name,
                start: self.speaker_start,
                end: self.speaker_end,
            }),
            summary: self.summary,
        })
    }
}

/// What a verdict's `UPDATE claims … RETURNING` gives back of the claim: the columns of a
/// [`BumpedRow`], in both dialects.
pub const BUMPED: &str = "version, article_id, position, kind, text, start_offset, end_offset,
    checkworthiness, reading, speaker, speaker_start, speaker_end, summary,
    verdicts, changed_in, removed_in, derived_from, reviews_submitted, review_state,
    (SELECT reviews_required FROM articles a WHERE a.id = claims.article_id) AS review_required,
    (SELECT text_revision FROM articles a WHERE a.id = claims.article_id) AS text_revision";

/// Where a rusqlite statement returns each of a row type's columns, found by name once per
/// statement: rusqlite finds a column by name by comparing it with every column's name, at
/// every row (a tenth of the verdict writer's time when each row was read that way).
pub struct ColumnIndex<const N: usize>([usize; N]);

impl<const N: usize> ColumnIndex<N> {
    pub fn of(statement: &rusqlite::Statement<'_>, names: [&str; N]) -> rusqlite::Result<Self> {
        let mut at = [0; N];
        for (slot, name) in at.iter_mut().zip(names) {
            *slot = statement.column_index(name)?;
        }
        Ok(ColumnIndex(at))
    }
}

/// What a verdict's `UPDATE … RETURNING` gives back of the claim ([`BUMPED`]): `version,
/// article_id, position, kind, text, start_offset, end_offset` and the reading's columns.
#[derive(FromRow)]
pub struct BumpedRow {
    pub version: i64,
    pub article_id: i64,
    pub position: i64,
    pub kind: String,
    pub text: String,
    pub start_offset: i64,
    pub end_offset: i64,
    #[sqlx(flatten)]
    pub reading: ReadingRow,
    #[sqlx(flatten)]
    pub lineage: LineageRow,
    #[sqlx(flatten)]
    pub review: ReviewRow,
    /// The article's text revision the verdict was made on.
    pub text_revision: i64,
}

impl BumpedRow {
    /// The columns [`BumpedRow::from_rusqlite`] reads, in the order it reads them.
    pub const COLUMNS: [&str; 21] = [
        "version",
        "article_id",
        "position",
        "kind",
        "text",
        "start_offset",
        "end_offset",
        "checkworthiness",
        "reading",
        "speaker",
        "speaker_start",
        "speaker_end",
        "summary",
        "verdicts",
        "changed_in",
        "removed_in",
        "derived_from",
        "review_required",
        "reviews_submitted",
        "review_state",
        "text_revision",
    ];

    /// The same columns read through rusqlite, for the SQLite verdict writer (see
    /// `sqlite::group_commit`), at the positions `columns` found for [`BumpedRow::COLUMNS`].
    pub fn from_rusqlite(
        row: &rusqlite::Row<'_>,
        columns: &ColumnIndex<21>,
    ) -> rusqlite::Result<Self> {
        let [
            version,
            article_id,
            position,
            kind,
            text,
            start_offset,
            end_offset,
            checkworthiness,
            reading,
            speaker,
            speaker_start,
            speaker_end,
            summary,
            verdicts,
            changed_in,
            removed_in,
            derived_from,
            review_required,
            reviews_submitted,
            review_state,
            text_revision,
        ] = columns.0;
        Ok(BumpedRow {
            version: row.get(version)?,
            article_id: row.get(article_id)?,
            position: row.get(position)?,
            kind: row.get(kind)?,
            text: row.get(text)?,
            start_offset: row.get(start_offset)?,
            end_offset: row.get(end_offset)?,
            reading: ReadingRow {
                checkworthiness: row.get(checkworthiness)?,
                reading: row.get(reading)?,
                speaker: row.get(speaker)?,
                speaker_start: row.get(speaker_start)?,
                speaker_end: row.get(speaker_end)?,
                summary: row.get(summary)?,
            },
            lineage: LineageRow {
                verdicts: row.get(verdicts)?,
                changed_in: row.get(changed_in)?,
                removed_in: row.get(removed_in)?,
                derived_from: row.get(derived_from)?,
            },
            review: ReviewRow {
                review_required: row.get(review_required)?,
                reviews_submitted: row.get(reviews_submitted)?,
                review_state: row.get(review_state)?,
            },
            text_revision: row.get(text_revision)?,
        })
    }

    /// The claim a verdict leaves: what the write returned, with the verdict's own fields.
    pub fn into_claim(
        self,
        id: ClaimId,
        status: ClaimStatus,
        annotation: &NewAnnotation,
        updated_at: &str,
        updated_by: &str,
    ) -> StorageResult<Claim> {
        Ok(Claim {
            id,
            article_id: self.article_id,
            position: self.position,
            text: self.text,
            kind: parse_kind(&self.kind)?,
            start: self.start_offset,
            end: self.end_offset,
            status,
            version: self.version,
            sources: annotation.sources.clone(),
            note: annotation.note.clone(),
            updated_at: updated_at.to_owned(),
            updated_by: Some(updated_by.to_owned()),
            reading: self.reading.into_reading()?,
            lineage: self.lineage.into_lineage()?,
            review: self.review.into_review(status)?,
        })
    }
}

#[derive(FromRow)]
pub struct EditRow {
    field: String,
    value: Option<String>,
    previous: Option<String>,
    editor: String,
    created_at: String,
}

impl EditRow {
    pub fn into_entry(self) -> StorageResult<EditEntry> {
        Ok(EditEntry {
            field: EditedField::parse(&self.field)
                .ok_or_else(|| corrupt(format!("unknown edited field '{}'", self.field)))?,
            value: self.value,
            previous: self.previous,
            editor: self.editor,
            created_at: self.created_at,
        })
    }
}

impl ClaimRow {
    pub fn into_claim(self) -> StorageResult<Claim> {
        let row = self;
        Ok(Claim {
            id: row.id,
            article_id: row.article_id,
            position: row.position,
            text: row.text,
            kind: parse_kind(&row.kind)?,
            start: row.start_offset,
            end: row.end_offset,
            status: parse_status(&row.status)?,
            version: row.version,
            sources: parse_sources(row.sources.as_deref())?,
            note: row.note,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
            reading: row.reading.into_reading()?,
            lineage: row.lineage.into_lineage()?,
            review: row.review.into_review(parse_status(&row.status)?)?,
        })
    }
}

#[derive(FromRow)]
pub struct HistoryRow {
    version: i64,
    status: String,
    sources: String,
    note: Option<String>,
    reviewer: String,
    created_at: String,
    revision: Option<i64>,
}

/// A [`BumpedRow`] with the place (from 1) of the verdict it was bumped for.
#[derive(FromRow)]
pub struct NumberedBumpedRow {
    pub n: i64,
    #[sqlx(flatten)]
    pub row: BumpedRow,
}

/// A history row with the place (from 1) of the request it was read for.
#[derive(FromRow)]
pub struct NumberedHistoryRow {
    pub n: i64,
    #[sqlx(flatten)]
    pub row: HistoryRow,
}

impl HistoryRow {
    /// The columns [`HistoryRow::from_rusqlite`] reads, in the order it reads them.
    pub const COLUMNS: [&str; 7] = [
        "version",
        "status",
        "sources",
        "note",
        "reviewer",
        "created_at",
        "revision",
    ];

    /// The same columns read through rusqlite, for the SQLite verdict writer, at the
    /// positions `columns` found for [`HistoryRow::COLUMNS`].
    pub fn from_rusqlite(
        row: &rusqlite::Row<'_>,
        columns: &ColumnIndex<7>,
    ) -> rusqlite::Result<Self> {
        let [
            version,
            status,
            sources,
            note,
            reviewer,
            created_at,
            revision,
        ] = columns.0;
        Ok(HistoryRow {
            version: row.get(version)?,
            status: row.get(status)?,
            sources: row.get(sources)?,
            note: row.get(note)?,
            reviewer: row.get(reviewer)?,
            created_at: row.get(created_at)?,
            revision: row.get(revision)?,
        })
    }

    pub fn into_entry(self) -> StorageResult<HistoryEntry> {
        Ok(HistoryEntry {
            version: self.version,
            status: parse_status(&self.status)?,
            sources: parse_sources(Some(&self.sources))?,
            note: self.note,
            reviewer: self.reviewer,
            created_at: self.created_at,
            revision: self.revision.unwrap_or(1),
        })
    }
}

/// A [`HistoryRow`] with the claim it belongs to.
#[derive(FromRow)]
pub struct ClaimHistoryRow {
    claim_id: i64,
    #[sqlx(flatten)]
    entry: HistoryRow,
}

impl ClaimHistoryRow {
    pub fn into_pair(self) -> StorageResult<(ClaimId, HistoryEntry)> {
        Ok((self.claim_id, self.entry.into_entry()?))
    }
}

#[derive(FromRow)]
pub struct ActivityRow {
    claim_id: i64,
    article_id: i64,
    article_title: String,
    claim_text: String,
    status: String,
    reviewer: String,
    created_at: String,
}

impl ActivityRow {
    pub fn into_activity(self) -> StorageResult<Activity> {
        Ok(Activity {
            claim_id: self.claim_id,
            article_id: self.article_id,
            article_title: self.article_title,
            claim_text: self.claim_text,
            status: parse_status(&self.status)?,
            reviewer: self.reviewer,
            created_at: self.created_at,
        })
    }
}

#[derive(FromRow)]
pub struct WebhookRow {
    id: i64,
    url: String,
    events: String,
    active: bool,
    created_at: String,
}

impl WebhookRow {
    pub fn into_webhook(self) -> StorageResult<Webhook> {
        let row = self;
        let names: Vec<String> = serde_json::from_str(&row.events)
            .map_err(|e| corrupt(format!("webhook events: {e}")))?;
        Ok(Webhook {
            id: row.id,
            url: row.url,
            events: names.iter().filter_map(|n| Event::parse(n)).collect(),
            active: row.active,
            created_at: row.created_at,
        })
    }
}

#[derive(FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    delivery_id: String,
    event: String,
    state: String,
    attempts: i64,
    created_at: String,
    next_attempt_at: i64,
}

impl DeliveryRow {
    pub fn into_delivery(self, attempt_log: Vec<Attempt>) -> Delivery {
        Delivery {
            next_attempt_at: (self.state == "pending").then_some(self.next_attempt_at),
            delivery_id: self.delivery_id,
            event: self.event,
            state: self.state,
            attempts: self.attempts,
            created_at: self.created_at,
            attempt_log,
        }
    }
}

#[derive(FromRow)]
pub struct AttemptRow {
    attempt: i64,
    started_at: String,
    status_code: Option<i64>,
    error: Option<String>,
    duration_ms: i64,
}

impl AttemptRow {
    pub fn into_attempt(self) -> Attempt {
        Attempt {
            attempt: self.attempt,
            started_at: self.started_at,
            status_code: self.status_code,
            error: self.error,
            duration_ms: self.duration_ms,
        }
    }
}

#[derive(FromRow)]
pub struct DueRow {
    id: i64,
    webhook_id: i64,
    delivery_id: String,
    event: String,
    payload: String,
    created_at: String,
    attempts: i64,
    url: String,
    secret: String,
}

impl DueRow {
    pub fn into_due(self) -> DueDelivery {
        DueDelivery {
            row_id: self.id,
            webhook_id: self.webhook_id,
            delivery_id: self.delivery_id,
            event: self.event,
            payload: self.payload,
            created_at: self.created_at,
            attempts: self.attempts,
            url: self.url,
            secret: self.secret,
        }
    }
}

/// A publication as `publication_in` reads it.
#[derive(FromRow)]
pub struct PublicationRow {
    article_id: i64,
    published_at: String,
    published_by: String,
    public_url: Option<String>,
    show_reviewers: bool,
    reviews: i64,
}

impl PublicationRow {
    pub fn into_publication(self) -> Publication {
        Publication {
            article_id: self.article_id,
            published_at: self.published_at,
            published_by: self.published_by,
            settings: PublicationSettings {
                public_url: self.public_url,
                show_reviewers: self.show_reviewers,
            },
            reviews: self.reviews,
        }
    }
}

#[derive(FromRow)]
pub struct RevisionRow {
    revision: i64,
    created_at: String,
    created_by: Option<String>,
    note: Option<String>,
    carried: i64,
    changed: i64,
    added: i64,
    removed: i64,
}

impl RevisionRow {
    pub fn into_record(self) -> RevisionRecord {
        RevisionRecord {
            revision: self.revision,
            created_at: self.created_at,
            created_by: self.created_by,
            note: self.note,
            counts: RevisionCounts {
                carried: self.carried,
                changed: self.changed,
                added: self.added,
                removed: self.removed,
            },
        }
    }
}

/// A claim a revision keeps: its id, its new place and words, and whether its words changed.
pub struct KeptClaim<'a> {
    pub id: ClaimId,
    pub position: i64,
    pub segment: &'a NewSegment,
    pub changed: bool,
}

/// What a revision writes, claim by claim, from the matching: the same for every backend.
pub struct RevisionPlan<'a> {
    pub removed: Vec<ClaimId>,
    pub kept: Vec<KeptClaim<'a>>,
    pub added: Vec<NewClaimRow<'a>>,
}

impl<'a> RevisionPlan<'a> {
    pub fn new(revision: &'a NewRevision<'a>) -> StorageResult<Self> {
        let old = |i: usize| {
            revision.old_claims.get(i).copied().ok_or_else(|| {
                corrupt(format!(
                    "the matching names old claim {i}, which is not there"
                ))
            })
        };
        let claims: Vec<&NewSegment> = revision
            .segments
            .iter()
            .filter(|s| s.kind.is_claim())
            .collect();
        if claims.len() != revision.matching.fates.len() {
            return Err(corrupt("the matching is not of the revision's claims"));
        }
        let mut plan = RevisionPlan {
            removed: revision
                .matching
                .removed
                .iter()
                .map(|&i| old(i))
                .collect::<StorageResult<_>>()?,
            kept: Vec::new(),
            added: Vec::new(),
        };
        for (k, (segment, fate)) in claims.into_iter().zip(&revision.matching.fates).enumerate() {
            let position = to_i64(k + 1);
            match fate {
                Fate::Carried(i) | Fate::Changed(i) => plan.kept.push(KeptClaim {
                    id: old(*i)?,
                    position,
                    segment,
                    changed: matches!(fate, Fate::Changed(_)),
                }),
                Fate::Derived(from) => {
                    let ids = from
                        .iter()
                        .map(|&i| old(i))
                        .collect::<StorageResult<Vec<_>>>()?;
                    plan.added.push(NewClaimRow {
                        position,
                        segment,
                        derived_from: Some(
                            serde_json::to_string(&ids).map_err(|e| corrupt(e.to_string()))?,
                        ),
                    });
                }
                Fate::Added => plan.added.push(NewClaimRow {
                    position,
                    segment,
                    derived_from: None,
                }),
            }
        }
        Ok(plan)
    }
}

pub fn no_article(id: i64) -> StorageError {
    StorageError::NotFound(format!("no article with id {id}"))
}

/// A revision whose text is byte for byte another article's.
pub fn same_text_elsewhere(twin: i64) -> StorageError {
    StorageError::Conflict(format!(
        "article {twin} already has exactly this text; an article's text is its identity, so \
         two articles cannot share one"
    ))
}

/// A blind review, as `SELECT r.claim_id, r.round, u.name AS reviewer, r.reviewer_id,
/// r.status, r.sources, r.note, r.created_at, r.revision` reads it.
#[derive(FromRow)]
pub struct ReviewRecordRow {
    claim_id: i64,
    round: i64,
    reviewer: String,
    reviewer_id: i64,
    status: String,
    sources: String,
    note: Option<String>,
    created_at: String,
    revision: i64,
}

impl ReviewRecordRow {
    pub fn into_review(self) -> StorageResult<Review> {
        Ok(Review {
            claim_id: self.claim_id,
            round: self.round,
            reviewer: self.reviewer,
            reviewer_id: self.reviewer_id,
            status: parse_status(&self.status)?,
            sources: parse_sources(Some(&self.sources))?,
            note: self.note,
            created_at: self.created_at,
            revision: self.revision,
        })
    }
}

/// Both reviews of a round, as `SELECT first_reviewer, first_status, second_reviewer,
/// second_status` reads them.
#[derive(FromRow)]
pub struct DoubleReviewRow {
    first_reviewer: String,
    first_status: String,
    second_reviewer: String,
    second_status: String,
}

impl DoubleReviewRow {
    pub fn into_double_review(self) -> StorageResult<DoubleReview> {
        Ok(DoubleReview {
            first: (self.first_reviewer, parse_status(&self.first_status)?),
            second: (self.second_reviewer, parse_status(&self.second_status)?),
        })
    }
}

/// `SELECT a.id, a.claim_id, u.name AS reviewer, b.name AS assigned_by, a.created_at`.
#[derive(FromRow)]
pub struct AssignmentRow {
    id: i64,
    claim_id: i64,
    reviewer: String,
    assigned_by: String,
    created_at: String,
}

impl AssignmentRow {
    pub fn into_assignment(self) -> Assignment {
        Assignment {
            id: self.id,
            claim_id: self.claim_id,
            reviewer: self.reviewer,
            assigned_by: self.assigned_by,
            created_at: self.created_at,
        }
    }
}

/// A queue entry: `reason, claim_id, since`.
#[derive(FromRow)]
pub struct QueueRow {
    pub reason: String,
    pub claim_id: i64,
    pub since: String,
}

/// `SELECT cm.id, cm.claim_id, cm.parent_id, u.name AS author, cm.author_id, cm.body,
/// cm.created_at, cm.removed_at, r.name AS removed_by, mentions` (mentions: a JSON array of
/// names, or NULL).
#[derive(FromRow)]
pub struct CommentRow {
    id: i64,
    claim_id: i64,
    parent_id: Option<i64>,
    author: String,
    author_id: i64,
    body: Option<String>,
    created_at: String,
    removed_at: Option<String>,
    removed_by: Option<String>,
    mentions: Option<String>,
}

impl CommentRow {
    pub fn into_comment(self) -> StorageResult<Comment> {
        let mut mentions: Vec<String> = match self.mentions.as_deref() {
            None => Vec::new(),
            Some(json) => {
                serde_json::from_str(json).map_err(|e| corrupt(format!("comment mentions: {e}")))?
            }
        };
        mentions.sort();
        Ok(Comment {
            id: self.id,
            claim_id: self.claim_id,
            parent_id: self.parent_id,
            author: self.author,
            author_id: self.author_id,
            body: self.body,
            created_at: self.created_at,
            removed_at: self.removed_at,
            removed_by: self.removed_by,
            mentions,
        })
    }
}

/// A reviewer's second blind review of the same round.
pub fn already_reviewed(claim_id: ClaimId) -> StorageError {
    StorageError::Conflict(format!(
        "you have submitted your review of claim {claim_id} already: under double review each \
         reviewer gives one, blind; once the second reviewer's is in, the claim is settled or \
         goes to an editor (comment on the claim to add to your review)"
    ))
}

/// A reply to a comment that is not on the same claim.
pub fn no_parent(parent: i64, claim_id: ClaimId) -> StorageError {
    StorageError::NotFound(format!(
        "no comment {parent} on claim {claim_id} to reply to; parent_id must be a comment of \
         this claim's thread"
    ))
}

/// Where a claim stands before a blind review of it, as `SELECT c.article_id, c.review_state,
/// c.review_round, c.reviews_submitted, c.removed_in, c.version, a.reviews_required,
/// a.text_revision` reads it inside the review's transaction.
#[derive(FromRow)]
pub struct ReviewStanding {
    pub article_id: i64,
    pub review_state: String,
    pub review_round: i64,
    pub reviews_submitted: i64,
    pub removed_in: Option<i64>,
    pub version: i64,
    pub reviews_required: i64,
    pub text_revision: i64,
}

impl ReviewStanding {
    /// Whether `reviewer` may review the claim now, given the reviews of its current round
    /// (`(reviewer_id, status)`, in order): `Ok` with the first review's status when theirs is
    /// the second, every backend refusing alike otherwise.
    pub fn admit(
        &self,
        claim_id: ClaimId,
        reviewer: &User,
        earlier: &[(i64, String)],
    ) -> StorageResult<Option<ClaimStatus>> {
        if self.removed_in.is_some() {
            return Err(not_annotated(
                claim_id,
                Some((self.version, self.removed_in)),
            ));
        }
        let summary = ReviewSummary {
            required: self.reviews_required,
            submitted: self.reviews_submitted,
            state: ReviewState::parse(&self.review_state)
                .ok_or_else(|| corrupt(format!("unknown review state '{}'", self.review_state)))?,
        };
        match submission(&summary, reviewer.role) {
            Submission::BlindReview => {}
            Submission::Refused(why) => return Err(StorageError::Conflict(why)),
            Submission::Verdict => {
                return Err(StorageError::Conflict(
                    "the article's review policy changed meanwhile: send the verdict again"
                        .to_owned(),
                ));
            }
        }
        if earlier.iter().any(|(id, _)| *id == reviewer.id) {
            return Err(already_reviewed(claim_id));
        }
        earlier
            .first()
            .map(|(_, status)| parse_status(status))
            .transpose()
    }
}
