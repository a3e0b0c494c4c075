//! The revisions of an article's text: "Update text" (paste or upload, as import does), and
//! the list of revisions with two of them compared sentence by sentence.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::articles::TextUpload;
use super::error::PageError;
use super::layout::{Layout, status_icon, status_label};
use super::session::SignedIn;
use crate::domain::Role;
use crate::domain::revision::{MAX_REVISION_NOTE_CHARS, RevisionInput, WordChange, word_changes};
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::state::AppState;
use crate::storage::{Article, Claim, RevisionRecord};
use crate::usecase::{self, Revised};

#[derive(Template, WebTemplate)]
#[template(path = "revise.html")]
pub struct UpdateTextPage {
    layout: Layout,
    article: Article,
    body: String,
    note: String,
    max_note: usize,
    errors: Vec<String>,
}

async fn article_of(state: &AppState, id: &str) -> Result<Article, PageError> {
    let id = parse_id(id, "article")?;
    state
        .storage
        .article(id)
        .await?
        .ok_or_else(|| PageError::not_found(format!("There is no article {id}.")))
}

/// `GET /articles/{id}/revise`: the form, with the current text to edit.
pub async fn form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<UpdateTextPage, PageError> {
    signed_in.require(Role::Editor)?;
    let article = article_of(&state, &id).await?;
    Ok(UpdateTextPage {
        layout: Layout::new(
            format!("Update text: {}", article.title),
            "articles",
            Some(&signed_in.0),
        ),
        body: article.body.clone(),
        article,
        note: String::new(),
        max_note: MAX_REVISION_NOTE_CHARS,
        errors: Vec::new(),
    })
}

/// `POST /articles/{id}/revisions` (multipart: the new text pasted or uploaded, a note). On
/// success, the comparison of the new revision with the one before; what is refused comes
/// back in the form with what was typed.
pub async fn revise(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    signed_in.require(Role::Editor)?;
    let user = signed_in.0;
    let article = article_of(&state, &id).await?;
    let upload = TextUpload::read(multipart).await?;
    let mut page = UpdateTextPage {
        layout: Layout::new(
            format!("Update text: {}", article.title),
            "articles",
            Some(&user),
        ),
        body: upload.field("body"),
        note: upload.field("note"),
        max_note: MAX_REVISION_NOTE_CHARS,
        errors: upload.errors.clone(),
        article,
    };
    if !page.errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (body, format) = upload.text();
    let input = RevisionInput {
        body: Some(body),
        format,
        note: Some(page.note.clone()),
    };
    let id = page.article.id;
    match usecase::revise(&state, id, input, &user).await {
        Ok(Revised::Created(record)) => Ok(Redirect::to(&format!(
            "/articles/{id}/revisions?from={}&to={}&saved=1",
            record.revision - 1,
            record.revision
        ))
        .into_response()),
        Ok(Revised::Unchanged) => {
            Ok(Redirect::to(&format!("/articles/{id}/revisions?unchanged=1")).into_response())
        }
        Err(AppError::Validation(errors)) => {
            page.errors = errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Conflict(message)) => {
            page.errors = vec![message];
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CompareParams {
    from: Option<String>,
    to: Option<String>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    unchanged: Option<String>,
}

/// One sentence in a comparison of two revisions.
pub struct DiffRow {
    pub claim_id: i64,
    /// `same`, `changed`, `added` or `removed`.
    pub change: &'static str,
    /// The sentence word by word: `kept`, `deleted` or `inserted` pieces.
    pub words: Vec<(&'static str, String)>,
    /// For a claim made by a split or a merge: the sentences it was made of.
    pub made_of: Vec<String>,
    pub status: &'static str,
    pub icon: &'static str,
    pub label: &'static str,
    pub recheck: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "revisions.html")]
pub struct RevisionsPage {
    layout: Layout,
    article: Article,
    revisions: Vec<RevisionRecord>,
    can_revise: bool,
    /// The revisions compared, when there are two.
    from: i64,
    to: i64,
    rows: Vec<DiffRow>,
    notice: Option<String>,
}

/// The claims of one revision: the current one's, or a superseded one's as they stood.
async fn claims_at(
    state: &AppState,
    article: &Article,
    revision: i64,
) -> Result<Vec<Claim>, PageError> {
    if revision == article.text_revision {
        return Ok(state
            .storage
            .article_with_claims(article.id)
            .await?
            .map(|(_, claims)| claims)
            .unwrap_or_default());
    }
    Ok(state
        .storage
        .past_text(article.id, revision)
        .await?
        .map(|past| past.claims)
        .unwrap_or_default())
}

fn revision_param(raw: Option<&str>, default: i64, latest: i64) -> Result<i64, PageError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(default),
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) if (1..=latest).contains(&n) => Ok(n),
            _ => Err(PageError::App(AppError::BadRequest(format!(
                "'{raw}' is not a revision of this article: it has revisions 1 to {latest}."
            )))),
        },
    }
}

/// Sentence by sentence, what became of the claims of `from` in `to`: the claims of `to` in
/// order (the same, edited, or new), then those of `from` that are not in `to`.
pub fn compare(from: &[Claim], to: &[Claim]) -> Vec<DiffRow> {
    let before: HashMap<i64, &Claim> = from.iter().map(|c| (c.id, c)).collect();
    let row = |claim: &Claim, change: &'static str, words: Vec<(&'static str, String)>| {
        let status = claim.status.as_str();
        DiffRow {
            claim_id: claim.id,
            change,
            words,
            made_of: Vec::new(),
            status,
            icon: status_icon(status),
            label: status_label(status),
            recheck: claim.lineage.changed_in.is_some(),
        }
    };
    let mut rows: Vec<DiffRow> = to
        .iter()
        .map(|claim| match before.get(&claim.id) {
            Some(old) if old.text == claim.text => {
                row(claim, "same", vec![("kept", claim.text.clone())])
            }
            Some(old) => row(
                claim,
                "changed",
                word_changes(&old.text, &claim.text)
                    .into_iter()
                    .map(|(kind, text)| (kind.as_str(), text))
                    .collect(),
            ),
            None => {
                let mut added = row(
                    claim,
                    "added",
                    vec![(WordChange::Inserted.as_str(), claim.text.clone())],
                );
                added.made_of = claim
                    .lineage
                    .derived_from
                    .iter()
                    .filter_map(|id| before.get(id).map(|c| c.text.clone()))
                    .collect();
                added
            }
        })
        .collect();
    let now: std::collections::HashSet<i64> = to.iter().map(|c| c.id).collect();
    rows.extend(from.iter().filter(|c| !now.contains(&c.id)).map(|claim| {
        row(
            claim,
            "removed",
            vec![(WordChange::Deleted.as_str(), claim.text.clone())],
        )
    }));
    rows
}

/// `GET /articles/{id}/revisions?from=&to=`: every revision, and two compared (by default the
/// latest with the one before).
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    Query(params): Query<CompareParams>,
) -> Result<RevisionsPage, PageError> {
    let article = article_of(&state, &id).await?;
    let revisions = state.storage.article_revisions(article.id).await?;
    let latest = article.text_revision;
    let to = revision_param(params.to.as_deref(), latest, latest)?;
    let from = revision_param(params.from.as_deref(), (to - 1).max(1), latest)?;
    let rows = if from == to {
        Vec::new()
    } else {
        let old = claims_at(&state, &article, from).await?;
        let new = claims_at(&state, &article, to).await?;
        compare(&old, &new)
    };
    let notice = if params.unchanged.is_some() {
        Some(
            "The text sent is the article's current text: nothing changed, no revision was made."
                .to_owned(),
        )
    } else if params.saved.is_some() {
        revisions.iter().find(|r| r.revision == to).map(|r| {
            let c = r.counts;
            format!(
                "Revision {} saved: {} claims carried with their verdicts, {} changed (to re-check), {} new, {} removed.",
                r.revision, c.carried, c.changed, c.added, c.removed
            )
        })
    } else {
        None
    };
    Ok(RevisionsPage {
        layout: Layout::new(
            format!("Revisions: {}", article.title),
            "articles",
            Some(&user),
        ),
        can_revise: user.role.grants(Role::Editor),
        article,
        revisions,
        from,
        to,
        rows,
        notice,
    })
}
