//! The names every backend's concern modules use: the storage traits and records, the domain
//! types they store, and the rows and conversions every backend reads
//! ([`rows`](super::rows)). Each backend's `common` module re-exports them with its own.

pub(super) use crate::analysis::ClaimAnalysis;
pub(super) use crate::clock::{now, now_ms};
pub(super) use crate::domain::agreement::DoubleReview;
pub(super) use crate::domain::webhook::{Event, NewWebhook};
pub(super) use crate::domain::{ClaimStatus, NewAnnotation, NewArticle, Role};
pub(super) use crate::storage::accounts::{Accounts, AttemptRate, SessionRecord, TokenInfo, User};
pub(super) use crate::storage::articles::{
    Article, ArticleStamp, Articles, Imported, NewSegment, StoredSegment,
};
pub(super) use crate::storage::assignments::{
    Assignment, AssignmentFilter, Assignments, QueueItem, QueueReason, assigned_payloads,
    newly_made,
};
pub(super) use crate::storage::base::{ArticleId, ClaimId, StorageError, StorageResult, UserId};
pub(super) use crate::storage::claims::{
    Activity, Claim, ClaimFilter, ClaimOrder, Claims, HistoryEntry, Recorded,
};
pub(super) use crate::storage::comments::{
    Comment, Comments, NewCommentRecord, comment_created_payload,
};
pub(super) use crate::storage::maintenance::{Maintenance, PoolStats};
pub(super) use crate::storage::outbox::{
    Attempt, Delivery, DeliveryOutcome, DueDelivery, Outbox, Webhook,
};
pub(super) use crate::storage::publications::{Publication, PublicationSettings, Publications};
pub(super) use crate::storage::readings::{ClaimEdit, EditEntry, Readings};
pub(super) use crate::storage::reviews::{
    AgreementFilter, Dispute, Review, ReviewOutcome, Reviews, SubmittedReview,
    claim_disputed_payload,
};
pub(super) use crate::storage::revisions::{NewRevision, PastText, RevisionRecord, Revisions};
pub(super) use crate::storage::rows::*;
pub(super) use crate::storage::search::{ClaimQuery, Search};
pub(super) use async_trait::async_trait;
pub(super) use sqlx::{QueryBuilder, Transaction};
