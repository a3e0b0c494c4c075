//! What claimdesk reads in claims and what reviewers correct of it: a claim's speaker and
//! summary, every correction kept, and the reading of claims stored before claims were read.

use async_trait::async_trait;
use serde::Serialize;

use super::accounts::User;
use super::base::{ArticleId, ClaimId, StorageResult};
use super::claims::{Claim, Claims, Speaker};
use crate::analysis::ClaimAnalysis;

/// A reviewer's corrections; a field left `None` is not touched, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimEdit {
    pub speaker: Option<Option<Speaker>>,
    pub summary: Option<Option<String>>,
}

/// The field a correction changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EditedField {
    Speaker,
    Summary,
}

impl EditedField {
    pub fn as_str(self) -> &'static str {
        match self {
            EditedField::Speaker => "speaker",
            EditedField::Summary => "summary",
        }
    }

    pub fn parse(raw: &str) -> Option<EditedField> {
        [EditedField::Speaker, EditedField::Summary]
            .into_iter()
            .find(|f| f.as_str() == raw)
    }
}

/// One correction in a claim's edit history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditEntry {
    pub field: EditedField,
    /// The new value; `None` when the correction cleared it.
    pub value: Option<String>,
    pub previous: Option<String>,
    pub editor: String,
    pub created_at: String,
}

#[async_trait]
pub trait Readings: Claims + Send + Sync + 'static {
    /// Applies the corrections that change something, each appended to the claim's edit
    /// history, in one transaction; `None` when there is no such claim.
    async fn edit_claim(
        &self,
        id: ClaimId,
        edit: &ClaimEdit,
        editor: &User,
    ) -> StorageResult<Option<Claim>>;
    /// The claim's corrections, newest first.
    async fn claim_edits(&self, id: ClaimId) -> StorageResult<Vec<EditEntry>>;
    /// Up to `limit` articles holding claims that have not been read yet.
    async fn articles_to_read(&self, limit: u32) -> StorageResult<Vec<ArticleId>>;
    /// Stores the reading of each claim given (in one transaction) where none is stored yet;
    /// a speaker or summary a reviewer wrote is never replaced.
    async fn store_readings(
        &self,
        article: ArticleId,
        readings: &[(ClaimId, ClaimAnalysis)],
    ) -> StorageResult<()>;
}
