//! `GET /articles/{id}` and the panel alone for the page's script.

use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use bytes::Bytes;
use tower_sessions::Session;

use crate::article_cache::ArticleView;
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::state::AppState;
use crate::storage::User;
use crate::web::error::PageError;
use crate::web::layout::{Layout, Progress};
use crate::web::session::SignedIn;
use crate::web::triage::{Triage, TriageRow, most_checkworthy};

use super::notices::*;
use super::panel::*;
use super::text::*;

#[derive(Template, WebTemplate)]
#[template(path = "annotate.html")]
pub struct AnnotatePage {
    pub(super) layout: Layout,
    pub(super) view: Arc<ArticleView>,
    /// The article text, rendered once per revision.
    pub(super) text: Arc<ArticleTextHtml>,
    pub(super) progress: Progress,
    pub(super) selected: Option<i64>,
    pub(super) panel: String,
    /// Said once, at the top (after an import).
    pub(super) notice: Option<String>,
    /// The article's claims, most check-worthy first (only check-worthy ones unless asked).
    pub(super) triage_rows: Vec<TriageRow>,
    pub(super) triage_article: i64,
    /// Whether the list was asked for (it opens), and for every claim (`?triage=all`).
    pub(super) triage_open: bool,
    pub(super) triage_all: bool,
    /// The claims the viewer reviewed blind that wait for another reviewer, space-separated
    /// (the script skips them as the server does).
    pub(super) reviewed_blind: String,
}

impl AnnotatePage {
    fn text(&self) -> SelectedText<'_> {
        SelectedText {
            html: &self.text.0,
            selected: self.selected,
        }
    }
}

pub(super) async fn render_page(
    state: &AppState,
    user: &User,
    loaded: Loaded,
    index: Option<usize>,
    notice: PanelNotice,
    shown: HistoryShown,
) -> Result<AnnotatePage, PageError> {
    let panel = render_panel(state, user, &loaded, index, notice, shown).await?;
    let text = render_text(&loaded.view)?;
    let selected = index.map(|i| loaded.view.claims[i].id);
    let triage_rows = most_checkworthy(
        &loaded.view.claims,
        Triage {
            unreviewed_only: false,
            checkworthy_only: true,
        },
    );
    Ok(AnnotatePage {
        triage_rows,
        triage_article: loaded.view.article.id,
        triage_open: false,
        triage_all: false,
        layout: Layout::new(loaded.view.article.title.clone(), "articles", Some(user)),
        progress: Progress::of(&loaded.view.article.counts),
        view: loaded.view,
        text,
        selected,
        panel,
        notice: None,
        reviewed_blind: String::new(),
    })
}

/// `GET /articles/{id}`
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    Query(params): Query<ClaimParam>,
) -> Result<Response, PageError> {
    let id = parse_id(&id, "article")?;
    if any_pending(&session).await? {
        return Ok(annotate_page(&state, &user, &session, id, params)
            .await?
            .into_response());
    }
    // With nothing to say once, the page is the same for this reader until anything changes:
    // made once, then sent as it was (see `answer_cache`).
    let key = format!("{uri} for {} as {}", user.id, user.role);
    let html = state
        .answers
        .get_or_make(state.storage.as_ref(), key, || async {
            let page = annotate_page(&state, &user, &session, id, params).await?;
            let html = page.render().map_err(|e| AppError::Internal(e.into()))?;
            Ok::<_, PageError>(Bytes::from(html))
        })
        .await?;
    Ok(Html(html).into_response())
}

async fn annotate_page(
    state: &AppState,
    user: &User,
    session: &Session,
    id: i64,
    params: ClaimParam,
) -> Result<AnnotatePage, PageError> {
    let loaded = load(state, id).await?;
    let blind = reviewed_blind(state, user, id).await?;
    let index = selected_index(id, &loaded.view.claims, &params, &blind)?;
    let notice = take_flash(session, index.map(|i| loaded.view.claims[i].id), user).await?;
    let mut page = render_page(state, user, loaded, index, notice, params.history_shown()).await?;
    page.reviewed_blind = blind
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    page.notice = take_article_notice(session, id).await?;
    if let Some(triage) = params.triage.as_deref() {
        page.triage_open = true;
        if triage == "all" {
            page.triage_all = true;
            page.triage_rows = most_checkworthy(
                &page.view.claims,
                Triage {
                    unreviewed_only: false,
                    checkworthy_only: false,
                },
            );
        }
    }
    Ok(page)
}

/// `GET /articles/{id}/panel?claim=` (or `?done=1`): the panel alone, for the page's script.
pub async fn panel(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    Query(params): Query<ClaimParam>,
) -> Result<Html<String>, PageError> {
    let id = parse_id(&id, "article")?;
    let loaded = load(&state, id).await?;
    let blind = reviewed_blind(&state, &user, id).await?;
    let index = selected_index(id, &loaded.view.claims, &params, &blind)?;
    Ok(Html(
        render_panel(
            &state,
            &user,
            &loaded,
            index,
            PanelNotice::default(),
            params.history_shown(),
        )
        .await?,
    ))
}
