//! The annotate page: the article as readable text with every claim highlighted by status, and
//! a panel to record a verdict on the selected claim.
//!
//! Without JavaScript, selecting a claim is a link (`?claim=ID`) and saving is a form post
//! that redirects to the next unreviewed claim. With JavaScript, the same form is posted with
//! `Accept: application/json` and the answer carries the next panel, rendered here by the same
//! template, so the page never needs a second renderer.

use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use super::error::PageError;
use super::session::SignedIn;
use super::{Layout, Progress, status_icon, status_label};
use crate::api::extract::parse_id;
use crate::app::AppState;
use crate::article_cache::ArticleView;
use crate::domain::annotation::SourceInput;
use crate::domain::{AnnotationInput, ClaimStatus, NewAnnotation, Role};
use crate::error::AppError;
use crate::import::CharSlicer;
use crate::search::SearchHit;
use crate::segment::{self, SegmentKind};
use crate::storage::{ArticleStamp, Claim, HistoryEntry, StorageError, StoredSegment, User};

/// A claim as it appears in the article text.
pub struct ClaimRef {
    pub id: i64,
    pub status: &'static str,
    pub icon: &'static str,
    pub label: &'static str,
}

pub struct Part {
    pub text: String,
    pub class: &'static str,
    pub claim: Option<ClaimRef>,
}

/// One line of the article: a paragraph, a heading, a list item.
pub struct Block {
    pub tag: &'static str,
    pub class: &'static str,
    pub parts: Vec<Part>,
    pub list_start: bool,
    pub list_end: bool,
}

/// Lays the stored segments out as blocks, pairing claim segments with their claims in order.
pub fn blocks(body: &str, segments: &[StoredSegment], claims: &[Claim]) -> Vec<Block> {
    let slicer = CharSlicer::new(body);
    let offset = |n: i64| usize::try_from(n).unwrap_or(0);
    let mut claims = claims.iter();
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous_end = 0;
    for segment in segments {
        let gap = slicer.slice(previous_end, offset(segment.start));
        let new_line = blocks.is_empty() || gap.contains(segment::is_line_break);
        previous_end = offset(segment.end);
        let text = slicer
            .slice(offset(segment.start), offset(segment.end))
            .to_owned();
        let (tag, class) = match segment.kind {
            SegmentKind::Heading => ("h2", "heading"),
            SegmentKind::Boilerplate => ("p", "boilerplate"),
            SegmentKind::Byline | SegmentKind::Dateline => ("p", "meta"),
            SegmentKind::ListMarker => ("li", "item"),
            _ => ("p", "para"),
        };
        if new_line || segment.kind == SegmentKind::ListMarker {
            blocks.push(Block {
                tag,
                class,
                parts: Vec::new(),
                list_start: false,
                list_end: false,
            });
        }
        let claim = if segment.kind.is_claim() {
            claims.next().map(|c| {
                let status = c.status.as_str();
                ClaimRef {
                    id: c.id,
                    status,
                    icon: status_icon(status),
                    label: status_label(status),
                }
            })
        } else {
            None
        };
        let part_class = match segment.kind {
            SegmentKind::ListMarker => "marker",
            SegmentKind::LeadIn => "lead-in",
            _ => "text",
        };
        if let Some(block) = blocks.last_mut() {
            block.parts.push(Part {
                text,
                class: part_class,
                claim,
            });
        }
    }
    for i in 0..blocks.len() {
        let is_item = blocks[i].tag == "li";
        blocks[i].list_start = is_item && (i == 0 || blocks[i - 1].tag != "li");
        blocks[i].list_end = is_item && blocks.get(i + 1).is_none_or(|b| b.tag != "li");
    }
    blocks
}

/// What the reviewer typed, kept when the verdict could not be saved.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct VerdictForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub citation: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Template)]
#[template(path = "panel.html", whitespace = "minimize")]
pub struct Panel<'a> {
    claim: Option<&'a Claim>,
    total: usize,
    status_icon: &'static str,
    status_label: &'static str,
    conflict: Option<String>,
    error: Option<String>,
    can_review: bool,
    form: VerdictForm,
    history: &'a [HistoryEntry],
    elsewhere: &'a [SearchHit],
    prev_id: Option<i64>,
    next_id: Option<i64>,
}

/// Why the panel is shown again instead of moving on.
#[derive(Default)]
struct PanelNotice {
    conflict: Option<String>,
    error: Option<String>,
    form: VerdictForm,
}

impl PanelNotice {
    /// Nothing to say and nothing typed: the panel is the same for everyone of a role.
    fn is_plain(&self) -> bool {
        let form = &self.form;
        self.conflict.is_none()
            && self.error.is_none()
            && form.version.is_none()
            && [&form.status, &form.url, &form.citation, &form.note]
                .iter()
                .all(|f| f.is_empty())
    }
}

/// The article text with its claims: rendered once per article revision, with no claim
/// selected (see [`SelectedText`]).
#[derive(Template)]
#[template(path = "article_text.html", whitespace = "minimize")]
struct ArticleText {
    article_id: i64,
    blocks: Vec<Block>,
}

/// The cached article text with one claim marked as the selected one: the mark is written
/// into the copy that goes out, so one rendering serves every selection.
pub struct SelectedText<'a> {
    html: &'a str,
    selected: Option<i64>,
}

impl std::fmt::Display for SelectedText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The anchor's id attribute, closing quote included (so claim-1 never matches
        // claim-12); claim text is escaped, so it cannot contain the attribute.
        let anchor = self.selected.map(|id| format!(r#"id="claim-{id}""#));
        let at = anchor.as_ref().and_then(|a| {
            memchr::memmem::find(self.html.as_bytes(), a.as_bytes()).map(|i| i + a.len())
        });
        match at {
            Some(end) => {
                f.write_str(&self.html[..end])?;
                f.write_str(r#" aria-current="true""#)?;
                f.write_str(&self.html[end..])
            }
            None => f.write_str(self.html),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "annotate.html")]
pub struct AnnotatePage {
    layout: Layout,
    view: Arc<ArticleView>,
    progress: Progress,
    selected: Option<i64>,
    panel: String,
}

impl AnnotatePage {
    fn text(&self) -> SelectedText<'_> {
        SelectedText {
            html: self.view.html.get().map_or("", String::as_str),
            selected: self.selected,
        }
    }
}

/// An article as the page shows it, checked against its current stamp.
struct Loaded {
    stamp: ArticleStamp,
    view: Arc<ArticleView>,
}

async fn load(state: &AppState, article_id: i64) -> Result<Loaded, PageError> {
    let (stamp, view) = state
        .articles
        .article(state.storage.as_ref(), article_id)
        .await?
        .ok_or_else(|| AppError::no_article(article_id))?;
    Ok(Loaded { stamp, view })
}

/// The first unreviewed claim after `from` (wrapping around), if any is left.
fn next_unreviewed(claims: &[Claim], from: usize) -> Option<&Claim> {
    let n = claims.len();
    (1..=n)
        .map(|step| &claims[(from + step) % n])
        .find(|c| c.status == ClaimStatus::Unreviewed)
}

fn selected_index(claims: &[Claim], wanted: Option<i64>) -> Option<usize> {
    wanted
        .and_then(|id| claims.iter().position(|c| c.id == id))
        .or_else(|| {
            claims
                .iter()
                .position(|c| c.status == ClaimStatus::Unreviewed)
        })
        .or((!claims.is_empty()).then_some(0))
}

async fn render_panel(
    state: &AppState,
    user: &User,
    loaded: &Loaded,
    index: Option<usize>,
    notice: PanelNotice,
) -> Result<String, PageError> {
    let claims = &loaded.view.claims;
    let claim = index.map(|i| &claims[i]);
    let data = match claim {
        Some(c) => Some(
            state
                .articles
                .panel(state.storage.as_ref(), loaded.stamp, c)
                .await?,
        ),
        None => None,
    };
    let can_review = user.role.grants(Role::Reviewer);
    // The plain panel is rendered once per claim, article revision and role.
    let cached = data
        .as_ref()
        .filter(|_| notice.is_plain())
        .map(|d| &d.html[usize::from(can_review)]);
    if let Some(html) = cached.and_then(|c| c.get()) {
        return Ok(html.clone());
    }
    let status = claim.map_or("unreviewed", |c| c.status.as_str());
    let mut form = notice.form;
    if form.status.is_empty() {
        form.status = claim
            .and_then(|c| c.status.verdict())
            .map(|v| v.as_str().to_owned())
            .unwrap_or_default();
    }
    let panel = Panel {
        total: claims.len(),
        status_icon: status_icon(status),
        status_label: status_label(status),
        conflict: notice.conflict,
        error: notice.error,
        can_review,
        form,
        history: data.as_ref().map_or(&[], |d| d.history.as_slice()),
        elsewhere: data.as_ref().map_or(&[], |d| d.elsewhere.as_slice()),
        prev_id: index.and_then(|i| i.checked_sub(1)).map(|i| claims[i].id),
        next_id: index.and_then(|i| claims.get(i + 1)).map(|c| c.id),
        claim,
    };
    let html = panel.render().map_err(|e| AppError::Internal(e.into()))?;
    if let Some(cache) = cached {
        let _ = cache.set(html.clone());
    }
    Ok(html)
}

/// Renders the article text once per revision.
fn render_text(view: &ArticleView) -> Result<(), PageError> {
    if view.html.get().is_some() {
        return Ok(());
    }
    let html = ArticleText {
        article_id: view.article.id,
        blocks: blocks(&view.article.body, &view.segments, &view.claims),
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    let _ = view.html.set(html);
    Ok(())
}

async fn render_page(
    state: &AppState,
    user: &User,
    loaded: Loaded,
    index: Option<usize>,
    notice: PanelNotice,
) -> Result<AnnotatePage, PageError> {
    let panel = render_panel(state, user, &loaded, index, notice).await?;
    render_text(&loaded.view)?;
    let selected = index.map(|i| loaded.view.claims[i].id);
    Ok(AnnotatePage {
        layout: Layout::new(loaded.view.article.title.clone(), "articles", Some(user)),
        progress: Progress::of(&loaded.view.article.counts),
        view: loaded.view,
        selected,
        panel,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ClaimParam {
    claim: Option<i64>,
}

/// `GET /articles/{id}`
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    Query(params): Query<ClaimParam>,
) -> Result<AnnotatePage, PageError> {
    let id = parse_id(&id, "article")?;
    let loaded = load(&state, id).await?;
    let index = selected_index(&loaded.view.claims, params.claim);
    render_page(&state, &user, loaded, index, PanelNotice::default()).await
}

/// `GET /articles/{id}/panel?claim=`: the panel alone, for the page's script.
pub async fn panel(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    Query(params): Query<ClaimParam>,
) -> Result<Html<String>, PageError> {
    let id = parse_id(&id, "article")?;
    let loaded = load(&state, id).await?;
    let index = selected_index(&loaded.view.claims, params.claim);
    Ok(Html(
        render_panel(&state, &user, &loaded, index, PanelNotice::default()).await?,
    ))
}

/// The answer to a script's verdict post.
#[derive(Serialize)]
struct VerdictReply {
    saved: bool,
    claim_id: i64,
    status: &'static str,
    icon: &'static str,
    label: &'static str,
    next_claim_id: Option<i64>,
    reviewed: i64,
    total: i64,
    panel_html: String,
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// `POST /claims/{id}/verdict`: records the verdict if the claim is still at the version the
/// reviewer saw; otherwise shows the newer verdict and keeps what they typed.
pub async fn verdict(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<VerdictForm>,
) -> Result<Response, PageError> {
    signed_in.require(Role::Reviewer)?;
    let user = signed_in.0;
    let claim_id = parse_id(&id, "claim")?;
    let claim = state
        .storage
        .claim(claim_id)
        .await?
        .ok_or_else(|| PageError::not_found(format!("There is no claim {claim_id}.")))?;
    let json = wants_json(&headers);

    let sources = if form.url.trim().is_empty() && form.citation.trim().is_empty() {
        None
    } else {
        Some(vec![SourceInput {
            url: Some(form.url.clone()),
            citation: Some(form.citation.clone()),
        }])
    };
    let input = AnnotationInput {
        status: Some(form.status.clone()).filter(|s| !s.is_empty()),
        sources,
        note: Some(form.note.clone()),
    };
    let outcome = match NewAnnotation::parse(input) {
        Err(errors) => Err(PanelNotice {
            error: Some(
                errors
                    .iter()
                    .map(|e| match e.field.as_str() {
                        "status" => "Choose Sourced, Unsourced or Contradicted.".to_owned(),
                        "sources" => format!(
                            "A {} verdict needs a source: give a URL or a citation.",
                            form.status
                        ),
                        field => format!("{}: {}", field.replace("sources[0].", ""), e.message),
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            form: form.clone(),
            conflict: None,
        }),
        Ok(annotation) => match state
            .storage
            .annotate(claim_id, &annotation, &user, form.version)
            .await
        {
            Ok(recorded) => {
                crate::telemetry::verdict_recorded(annotation.verdict);
                if recorded.deliveries_queued {
                    state.webhooks.nudge();
                }
                Ok(recorded.claim)
            }
            Err(StorageError::VersionMismatch { .. }) => {
                let current = state
                    .storage
                    .claim(claim_id)
                    .await?
                    .unwrap_or(claim.clone());
                let mut form = form.clone();
                form.version = Some(current.version);
                Err(PanelNotice {
                    conflict: Some(describe(&current)),
                    error: None,
                    form,
                })
            }
            Err(other) => return Err(other.into()),
        },
    };

    let loaded = load(&state, claim.article_id).await?;
    let claims = &loaded.view.claims;
    let here = claims.iter().position(|c| c.id == claim_id);
    match outcome {
        Ok(saved) => {
            let next = here.and_then(|i| next_unreviewed(claims, i)).map(|c| c.id);
            if !json {
                let target = next.unwrap_or(claim_id);
                return Ok(Redirect::to(&format!(
                    "/articles/{}?claim={target}#claim-{target}",
                    claim.article_id
                ))
                .into_response());
            }
            let next_index = selected_index(claims, next.or(Some(claim_id)));
            let panel_html =
                render_panel(&state, &user, &loaded, next_index, PanelNotice::default()).await?;
            let progress = Progress::of(&loaded.view.article.counts);
            let status = saved.status.as_str();
            Ok(Json(VerdictReply {
                saved: true,
                claim_id,
                status,
                icon: status_icon(status),
                label: status_label(status),
                next_claim_id: next,
                reviewed: progress.reviewed,
                total: progress.total,
                panel_html,
            })
            .into_response())
        }
        Err(notice) => {
            let status = if notice.conflict.is_some() {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            if json {
                let current = claims.iter().find(|c| c.id == claim_id);
                let claim_status = current.map_or("unreviewed", |c| c.status.as_str());
                let progress = Progress::of(&loaded.view.article.counts);
                let panel_html = render_panel(&state, &user, &loaded, here, notice).await?;
                return Ok((
                    status,
                    Json(VerdictReply {
                        saved: false,
                        claim_id,
                        status: claim_status,
                        icon: status_icon(claim_status),
                        label: status_label(claim_status),
                        next_claim_id: None,
                        reviewed: progress.reviewed,
                        total: progress.total,
                        panel_html,
                    }),
                )
                    .into_response());
            }
            let page = render_page(&state, &user, loaded, here, notice).await?;
            Ok((status, page).into_response())
        }
    }
}

/// "Now contradicted by ada at …: note" — the verdict that won the race.
fn describe(claim: &Claim) -> String {
    let mut text = format!(
        "It is now {} (version {})",
        status_label(claim.status.as_str()),
        claim.version
    );
    if let Some(by) = &claim.updated_by {
        text.push_str(&format!(", set by {by} at {}", claim.updated_at));
    }
    if let Some(note) = &claim.note {
        text.push_str(&format!(". Their note: “{note}”"));
    }
    text.push('.');
    text
}
