//! `/api/v1/articles/{id}/revisions`: an editor revises an article's text and its claims are
//! carried over; anyone reads the list of revisions (the text at each is
//! `GET /api/v1/articles/{id}?revision=N`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::articles::{ArticleDetail, load_view};
use super::doc::{ReadProblems, RevisionProblems};
use crate::domain::revision::{RevisionCounts, RevisionInput};
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, parse_id};
use crate::state::AppState;
use crate::storage::RevisionRecord;
use crate::usecase::{self, Revised};

/// One revision of an article's text and what it did to the claims.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Revision)]
pub struct RevisionView {
    /// 1 for the text as imported, then one more per revision.
    pub revision: i64,
    pub created_at: String,
    /// Who imported or revised the text (null for a command-line import).
    pub created_by: Option<String>,
    pub note: Option<String>,
    /// Claims whose sentence is still in the text, word for word (or with a misspelling
    /// corrected): verdicts kept.
    pub carried: i64,
    /// Claims whose sentence was edited: id and history kept, flagged `changed_since_verdict`.
    pub changed: i64,
    /// New claims: new sentences, and sentences split or merged (`derived_from`).
    pub added: i64,
    /// Claims whose sentence left the text (or was split or merged): kept with `removed_in`.
    pub removed: i64,
}

impl From<RevisionRecord> for RevisionView {
    fn from(r: RevisionRecord) -> Self {
        RevisionView {
            revision: r.revision,
            created_at: r.created_at,
            created_by: r.created_by,
            note: r.note,
            carried: r.counts.carried,
            changed: r.counts.changed,
            added: r.counts.added,
            removed: r.counts.removed,
        }
    }
}

/// What a revision did, with the article as it is now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RevisionResult {
    /// The article's current revision: the new one, or the current one when the text sent
    /// was already the article's.
    pub revision: i64,
    #[serde(flatten)]
    pub counts: RevisionCounts,
    pub article: ArticleDetail,
}

/// Revise an article's text: its claims are carried to the new text.
///
/// The new text is segmented as at import and each new sentence matched to the claims of
/// the current text: the same sentence anywhere in the text keeps its claim (id, status,
/// history); an edited sentence keeps its claim but is flagged `changed_since_verdict` for a
/// re-check (any change to a number, a name or a negation is a change); a sentence split or
/// merged becomes new claims `derived_from` the old; a deleted sentence's claim is kept with
/// `removed_in`. 201 with the counts and the article as it is now; 200 when the text is the
/// current one already (nothing is written). An `article.revised` webhook is sent.
#[utoipa::path(
    post, path = "/articles/{id}/revisions", tag = "articles", operation_id = "revise_article",
    params(("id" = i64, Path, description = "Article id")),
    request_body(content((RevisionInput = "application/json"))),
    responses(
        (status = 201, description = "Revised", body = RevisionResult,
            headers(("Location" = String, description = "The new revision's text"))),
        (status = 200, description = "The text is the article's current text; nothing was written", body = RevisionResult),
        RevisionProblems,
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RevisionInput>,
) -> AppResult<Response> {
    let id = parse_id(&id, "article")?;
    let revised = usecase::revise(&state, id, input, &auth.user).await?;
    let view = load_view(&state, id).await?;
    let revision = view.article.text_revision;
    let article = ArticleDetail::of(&view);
    Ok(match revised {
        Revised::Created(record) => (
            StatusCode::CREATED,
            [(
                header::LOCATION,
                format!("/api/v1/articles/{id}?revision={}", record.revision),
            )],
            Json(RevisionResult {
                revision: record.revision,
                counts: record.counts,
                article,
            }),
        )
            .into_response(),
        Revised::Unchanged => Json(RevisionResult {
            revision,
            counts: RevisionCounts {
                carried: view.claims.len() as i64,
                ..Default::default()
            },
            article,
        })
        .into_response(),
    })
}

/// The revisions of an article's text, oldest first (revision 1 is the text as imported).
#[utoipa::path(
    get, path = "/articles/{id}/revisions", tag = "articles", operation_id = "list_revisions",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, description = "Every revision, oldest first", body = Vec<RevisionView>), ReadProblems),
)]
pub async fn list(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<RevisionView>>> {
    let id = parse_id(&id, "article")?;
    let revisions = state.storage.article_revisions(id).await?;
    if revisions.is_empty() {
        return Err(AppError::no_article(id));
    }
    Ok(Json(
        revisions.into_iter().map(RevisionView::from).collect(),
    ))
}
