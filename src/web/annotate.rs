//! The annotate page: the article as readable text with every claim highlighted by status, and
//! a panel to record a verdict on the selected claim.
//!
//! Without JavaScript, selecting a claim is a link (`?claim=ID`) and saving is a form post
//! that redirects to the next unreviewed claim (or back to the claim, with the reason it was
//! not saved). With JavaScript, the same form is posted with `Accept: application/json` and
//! the answer carries the next panel, rendered here by the same template, so the page never
//! needs a second renderer.

use std::sync::{Arc, OnceLock};

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::{Form, FormRejection};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::error::{PageError, urlencode};
use super::layout::{Layout, Progress, status_bar, status_icon, status_label};
use super::session::SignedIn;
use crate::article_cache::ArticleView;
use crate::domain::annotation::{MAX_CITATION_CHARS, MAX_NOTE_CHARS, MAX_SOURCES, SourceInput};
use crate::domain::{AnnotationInput, ClaimStatus, Role, StatusCounts};
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::import::CharSlicer;
use crate::search::SearchHit;
use crate::segment::{self, SegmentKind};
use crate::state::AppState;
use crate::storage::{ArticleStamp, Claim, HistoryEntry, StoredSegment, User};
use crate::usecase;

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

/// What the reviewer typed into the verdict form: read from a post, and shown again when the
/// verdict could not be saved. Sources are repeated `url`/`citation` fields, row by row.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct VerdictForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub url: Vec<String>,
    #[serde(default)]
    pub citation: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// The claim's version when the form was opened: saving over a newer one is a conflict.
    #[serde(default)]
    pub version: String,
    /// The claim the form was opened for, checked against the address it is posted to.
    #[serde(default)]
    pub claim: String,
    /// Which panel the script wants back: a claim id, or `done` for the summary.
    #[serde(default, skip_serializing)]
    pub next: String,
    /// Who the form was shown to, so that what they typed is offered back only to them if
    /// their session ends before it is saved.
    #[serde(default, skip_serializing)]
    pub reviewer: String,
}

impl VerdictForm {
    /// The form filled with the claim's current verdict and evidence, ready to amend.
    fn of(claim: &Claim) -> Self {
        VerdictForm {
            status: claim
                .status
                .verdict()
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default(),
            url: claim
                .sources
                .iter()
                .map(|s| s.url.clone().unwrap_or_default())
                .collect(),
            citation: claim
                .sources
                .iter()
                .map(|s| s.citation.clone().unwrap_or_default())
                .collect(),
            note: claim.note.clone().unwrap_or_default(),
            ..VerdictForm::default()
        }
    }

    /// Source rows as typed, blank rows dropped.
    fn sources(&self) -> Vec<SourceInput> {
        let rows = self.url.len().max(self.citation.len());
        (0..rows)
            .map(|i| SourceInput {
                url: self.url.get(i).cloned(),
                citation: self.citation.get(i).cloned(),
            })
            .filter(|s| {
                [&s.url, &s.citation]
                    .iter()
                    .any(|f| f.as_deref().is_some_and(|v| !v.trim().is_empty()))
            })
            .collect()
    }

    /// The rows the form shows: every source typed or stored, then one blank row to add one.
    fn rows(&self) -> Vec<SourceRow> {
        let mut rows: Vec<SourceRow> = self
            .sources()
            .into_iter()
            .map(|s| SourceRow {
                url: s.url.unwrap_or_default(),
                citation: s.citation.unwrap_or_default(),
            })
            .collect();
        if rows.len() < MAX_SOURCES {
            rows.push(SourceRow::default());
        }
        rows
    }
}

/// Parses an optional number field of the form; blank is absent.
fn number_field(value: &str, what: &str) -> Result<Option<i64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|_| {
        AppError::BadRequest(format!(
            "The form's {what} is “{value}”, not a number; reload the page and try again."
        ))
    })
}

#[derive(Default)]
pub struct SourceRow {
    pub url: String,
    pub citation: String,
}

/// The article at a glance, shown once every claim has a verdict (or on `?done=1`).
pub struct Summary {
    pub progress: Progress,
    pub counts: StatusCounts,
    pub bar: String,
    pub first_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "panel.html", whitespace = "minimize")]
pub struct Panel<'a> {
    article_id: i64,
    claim: Option<&'a Claim>,
    summary: Option<Summary>,
    total: usize,
    status_icon: &'static str,
    status_label: &'static str,
    conflict: Option<String>,
    error: Option<String>,
    info: Option<String>,
    can_review: bool,
    form: VerdictForm,
    rows: Vec<SourceRow>,
    history: &'a [HistoryEntry],
    elsewhere: &'a [SearchHit],
    prev_id: Option<i64>,
    next_id: Option<i64>,
    max_note: usize,
    max_citation: usize,
}

/// Why the panel is shown again instead of moving on. Kept in the session between a form
/// post and the page it redirects to (post/redirect/get), so a reload never posts again.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct PanelNotice {
    conflict: Option<String>,
    error: Option<String>,
    /// Not a failure: say what happened ("you were signed out; here is what you typed").
    info: Option<String>,
    /// What was typed; `None` shows the claim's current evidence.
    form: Option<VerdictForm>,
}

impl PanelNotice {
    /// Nothing to say and nothing typed: the panel is the same for everyone of a role.
    fn is_plain(&self) -> bool {
        self.conflict.is_none()
            && self.error.is_none()
            && self.info.is_none()
            && self.form.is_none()
    }

    fn message(&self) -> String {
        self.conflict
            .iter()
            .chain(&self.error)
            .chain(&self.info)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The notice a page shows after a redirect, for one claim.
#[derive(Debug, Serialize, Deserialize)]
struct Flash {
    claim_id: i64,
    /// Who typed the form: only they are shown it (another account may sign in on the same
    /// browser after a session ended).
    typed_by: String,
    notice: PanelNotice,
}

const FLASH_KEY: &str = "panel_notice";

async fn keep_flash(
    session: &Session,
    claim_id: i64,
    typed_by: &str,
    notice: PanelNotice,
) -> Result<(), PageError> {
    let flash = Flash {
        claim_id,
        typed_by: typed_by.to_owned(),
        notice,
    };
    session
        .insert(FLASH_KEY, flash)
        .await
        .map_err(PageError::session)
}

/// The notice `viewer` left for `claim_id`, taken out of the session so it shows once.
async fn take_flash(
    session: &Session,
    claim_id: Option<i64>,
    viewer: &User,
) -> Result<PanelNotice, PageError> {
    let Some(claim_id) = claim_id else {
        return Ok(PanelNotice::default());
    };
    let flash: Option<Flash> = session.get(FLASH_KEY).await.map_err(PageError::session)?;
    match flash {
        Some(flash) if flash.claim_id == claim_id => {
            session
                .remove_value(FLASH_KEY)
                .await
                .map_err(PageError::session)?;
            if flash.typed_by == viewer.name {
                Ok(flash.notice)
            } else {
                Ok(PanelNotice::default())
            }
        }
        _ => Ok(PanelNotice::default()),
    }
}

/// A word about the article shown once at the top of its page (after an import).
#[derive(Debug, Serialize, Deserialize)]
struct ArticleNotice {
    article_id: i64,
    message: String,
}

const ARTICLE_NOTICE_KEY: &str = "article_notice";

pub async fn keep_article_notice(
    session: &Session,
    article_id: i64,
    message: String,
) -> Result<(), PageError> {
    session
        .insert(
            ARTICLE_NOTICE_KEY,
            ArticleNotice {
                article_id,
                message,
            },
        )
        .await
        .map_err(PageError::session)
}

async fn take_article_notice(
    session: &Session,
    article_id: i64,
) -> Result<Option<String>, PageError> {
    let notice: Option<ArticleNotice> = session
        .get(ARTICLE_NOTICE_KEY)
        .await
        .map_err(PageError::session)?;
    match notice {
        Some(notice) if notice.article_id == article_id => {
            session
                .remove_value(ARTICLE_NOTICE_KEY)
                .await
                .map_err(PageError::session)?;
            Ok(Some(notice.message))
        }
        _ => Ok(None),
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
    /// The article text, rendered once per revision.
    text: Arc<ArticleTextHtml>,
    progress: Progress,
    selected: Option<i64>,
    panel: String,
    /// Said once, at the top (after an import).
    notice: Option<String>,
}

impl AnnotatePage {
    fn text(&self) -> SelectedText<'_> {
        SelectedText {
            html: &self.text.0,
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
fn next_unreviewed(claims: &[Claim], from: usize) -> Option<usize> {
    let n = claims.len();
    (1..=n)
        .map(|step| (from + step) % n)
        .find(|&i| claims[i].status == ClaimStatus::Unreviewed)
}

/// Which claim a page shows: the one asked for (a claim of another article is not found), else
/// the first unreviewed one; `None` is the summary (every claim reviewed, or `?done=1`).
fn selected_index(
    article_id: i64,
    claims: &[Claim],
    params: &ClaimParam,
) -> Result<Option<usize>, PageError> {
    if let Some(id) = claim_param(params.claim.as_deref())? {
        return claims
            .iter()
            .position(|c| c.id == id)
            .map(Some)
            .ok_or_else(|| {
                PageError::not_found(format!(
                    "Article {article_id} has no claim {id}: the link may be for another article."
                ))
            });
    }
    if params.done.is_some() {
        return Ok(None);
    }
    Ok(claims
        .iter()
        .position(|c| c.status == ClaimStatus::Unreviewed))
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
        Some(c) => Some(panel_data(state, loaded.stamp, c).await?),
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
    let counts = &loaded.view.article.counts;
    let mut form = notice
        .form
        .unwrap_or_else(|| claim.map(VerdictForm::of).unwrap_or_default());
    if let Some(c) = claim {
        // The form always carries the claim it shows and the version it was opened at.
        form.claim = c.id.to_string();
        if form.version.is_empty() {
            form.version = c.version.to_string();
        }
    }
    let panel = Panel {
        article_id: loaded.view.article.id,
        total: claims.len(),
        summary: (claim.is_none() && !claims.is_empty()).then(|| Summary {
            progress: Progress::of(counts),
            counts: *counts,
            bar: status_bar(counts, 320, 16),
            first_id: claims.first().map(|c| c.id),
        }),
        status_icon: status_icon(status),
        status_label: status_label(status),
        conflict: notice.conflict,
        error: notice.error,
        info: notice.info,
        can_review,
        rows: form.rows(),
        form,
        history: data.as_ref().map_or(&[], |d| d.history.as_slice()),
        elsewhere: data.as_ref().map_or(&[], |d| d.elsewhere.as_slice()),
        prev_id: index.and_then(|i| i.checked_sub(1)).map(|i| claims[i].id),
        next_id: index.and_then(|i| claims.get(i + 1)).map(|c| c.id),
        claim,
        max_note: MAX_NOTE_CHARS,
        max_citation: MAX_CITATION_CHARS,
    };
    let html = panel.render().map_err(|e| AppError::Internal(e.into()))?;
    if let Some(cache) = cached {
        let _ = cache.set(html.clone());
    }
    Ok(html)
}

/// The article text as the page shows it, with no claim selected.
pub struct ArticleTextHtml(String);

/// Renders the article text once per revision.
fn render_text(view: &ArticleView) -> Result<Arc<ArticleTextHtml>, PageError> {
    Ok(view.derived.get_or_try_init(|| {
        ArticleText {
            article_id: view.article.id,
            blocks: blocks(&view.article.body, &view.segments, &view.claims),
        }
        .render()
        .map(ArticleTextHtml)
        .map_err(|e| AppError::Internal(e.into()))
    })?)
}

/// How many matches from other articles a claim's panel lists.
const ELSEWHERE: usize = 5;

/// What a claim's panel shows besides the claim itself, kept while the claim's article stamp
/// stays (a match's status changes with verdicts in other articles, which move the stamp).
struct PanelData {
    /// Newest first.
    history: Vec<HistoryEntry>,
    /// The same claim, or a close rewording, in other articles.
    elsewhere: Vec<SearchHit>,
    /// The panel as rendered with no message and an untouched form, for a reader who may not
    /// review (`[0]`) and one who may (`[1]`).
    html: [OnceLock<String>; 2],
}

async fn panel_data(
    state: &AppState,
    stamp: ArticleStamp,
    claim: &Claim,
) -> Result<Arc<PanelData>, PageError> {
    let storage = state.storage.as_ref();
    state
        .articles
        .claim_derived(claim.id, stamp)
        .get_or_try_load(|| async {
            Ok::<_, PageError>(PanelData {
                history: storage.claim_history(claim.id).await?,
                elsewhere: crate::search::elsewhere(storage, claim, ELSEWHERE).await?,
                html: Default::default(),
            })
        })
        .await
}

async fn render_page(
    state: &AppState,
    user: &User,
    loaded: Loaded,
    index: Option<usize>,
    notice: PanelNotice,
) -> Result<AnnotatePage, PageError> {
    let panel = render_panel(state, user, &loaded, index, notice).await?;
    let text = render_text(&loaded.view)?;
    let selected = index.map(|i| loaded.view.claims[i].id);
    Ok(AnnotatePage {
        layout: Layout::new(loaded.view.article.title.clone(), "articles", Some(user)),
        progress: Progress::of(&loaded.view.article.counts),
        view: loaded.view,
        text,
        selected,
        panel,
        notice: None,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ClaimParam {
    /// A claim id; read leniently (see [`claim_param`]).
    claim: Option<String>,
    /// Any value: show the article's summary instead of a claim.
    done: Option<String>,
}

/// The `?claim=` of a link as people paste it: `441`, `441.` or `441)` at the end of a
/// sentence all mean claim 441; blank means none; anything else is a readable 400.
fn claim_param(raw: Option<&str>) -> Result<Option<i64>, PageError> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let digits = raw.trim_end_matches(|c: char| c.is_ascii_punctuation());
    digits.parse::<i64>().map(Some).map_err(|_| {
        PageError::from(AppError::BadRequest(format!(
            "“{raw}” is not a claim number: a link to a claim ends in ?claim= and the number."
        )))
    })
}

/// `GET /articles/{id}`
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    session: Session,
    Path(id): Path<String>,
    Query(params): Query<ClaimParam>,
) -> Result<AnnotatePage, PageError> {
    let id = parse_id(&id, "article")?;
    let loaded = load(&state, id).await?;
    let index = selected_index(id, &loaded.view.claims, &params)?;
    let notice = take_flash(&session, index.map(|i| loaded.view.claims[i].id), &user).await?;
    let mut page = render_page(&state, &user, loaded, index, notice).await?;
    page.notice = take_article_notice(&session, id).await?;
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
    let index = selected_index(id, &loaded.view.claims, &params)?;
    Ok(Html(
        render_panel(&state, &user, &loaded, index, PanelNotice::default()).await?,
    ))
}

/// `GET /claims/{id}/verdict`: where a bookmarked or bounced form address leads, the claim
/// on its article's page.
pub async fn verdict_form(
    State(state): State<AppState>,
    _user: SignedIn,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    let claim_id = parse_id(&id, "claim")?;
    let claim = state
        .storage
        .claim(claim_id)
        .await?
        .ok_or_else(|| PageError::not_found(format!("There is no claim {claim_id}.")))?;
    Ok(Redirect::to(&claim_link(claim.article_id, Some(claim_id))))
}

/// The annotate page at a claim, or at the summary.
fn claim_link(article_id: i64, claim_id: Option<i64>) -> String {
    match claim_id {
        Some(id) => format!("/articles/{article_id}?claim={id}#claim-{id}"),
        None => format!("/articles/{article_id}?done=1"),
    }
}

/// The answer to a script's verdict post.
#[derive(Serialize)]
struct VerdictReply {
    saved: bool,
    claim_id: i64,
    status: &'static str,
    icon: &'static str,
    label: &'static str,
    version: i64,
    /// Why it was not saved.
    message: Option<String>,
    next_claim_id: Option<i64>,
    reviewed: i64,
    total: i64,
    /// Which panel `panel_html` is: a claim id, or `done` for the summary.
    panel_for: String,
    panel_html: String,
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Where the page goes after a saved verdict: the panel the script asked for (a claim of the
/// same article, or the summary), else the next unreviewed claim, else the summary.
fn after_save(claims: &[Claim], here: Option<usize>, requested: &str) -> Option<usize> {
    match requested.trim() {
        "done" => None,
        "" => here.and_then(|i| next_unreviewed(claims, i)),
        id => id
            .parse::<i64>()
            .ok()
            .and_then(|id| claims.iter().position(|c| c.id == id))
            .or_else(|| here.and_then(|i| next_unreviewed(claims, i))),
    }
}

fn unsaved_form_message(rejection: &FormRejection) -> (StatusCode, String) {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        (
            status,
            format!(
                "Not saved: the verdict was larger than the {} MiB a request may carry. A note \
                 holds at most {MAX_NOTE_CHARS} characters and a citation {MAX_CITATION_CHARS}; \
                 shorten them and save again.",
                crate::http::MAX_BODY_BYTES / (1024 * 1024)
            ),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            format!(
                "Not saved: the form could not be read ({rejection}). Reload the page and try again."
            ),
        )
    }
}

/// `POST /claims/{id}/verdict`: records the verdict if the claim is still at the version the
/// reviewer saw; otherwise shows the newer verdict and keeps what they typed. Without
/// JavaScript every outcome is a redirect (post/redirect/get); a session that ended keeps
/// the typed verdict for after signing in again.
pub async fn verdict(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    session: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<VerdictForm>, FormRejection>,
) -> Result<Response, PageError> {
    let claim_id = parse_id(&id, "claim")?;
    let json = wants_json(&headers);
    let Some(claim) = state.storage.claim(claim_id).await? else {
        // Whether a claim exists is for signed-in readers only.
        return Err(match signed_in {
            Some(_) => PageError::not_found(format!("There is no claim {claim_id}.")),
            None => PageError::SignInRequired {
                next: "/articles".to_owned(),
                expired: true,
            },
        });
    };
    let article_id = claim.article_id;

    let Some(signed_in) = signed_in else {
        let message = "Your session ended before this verdict was saved.";
        if json {
            let body = serde_json::json!({
                "saved": false,
                "message": message,
                "sign_in": format!("/login?reason=expired&next={}", urlencode(&claim_link(article_id, Some(claim_id)))),
            });
            return Ok((StatusCode::UNAUTHORIZED, Json(body)).into_response());
        }
        if let Ok(Form(mut form)) = form {
            let typed_by = std::mem::take(&mut form.reviewer);
            let info = format!("{message} What you typed is filled in below: check it and save.");
            let notice = PanelNotice {
                info: Some(info),
                form: Some(form),
                ..PanelNotice::default()
            };
            keep_flash(&session, claim_id, &typed_by, notice).await?;
        }
        return Err(PageError::SignInRequired {
            next: claim_link(article_id, Some(claim_id)),
            expired: true,
        });
    };
    signed_in.require(Role::Reviewer)?;
    let user = signed_in.0;

    let outcome = match form {
        Err(rejection) => {
            let (status, message) = unsaved_form_message(&rejection);
            let notice = PanelNotice {
                error: Some(message),
                ..PanelNotice::default()
            };
            let loaded = load(&state, article_id).await?;
            let here = loaded.view.claims.iter().position(|c| c.id == claim_id);
            // Nothing of the form could be read, so there is nothing to keep for a redirect.
            return if json {
                not_saved_reply(&state, &user, &loaded, here, claim_id, status, notice).await
            } else {
                let page = render_page(&state, &user, loaded, here, notice).await?;
                Ok((status, page).into_response())
            };
        }
        Ok(Form(form)) => record(&state, &user, &claim, form).await?,
    };

    let loaded = load(&state, article_id).await?;
    let claims = &loaded.view.claims;
    let here = claims.iter().position(|c| c.id == claim_id);
    match outcome {
        Ok((saved, requested)) => {
            let next = after_save(claims, here, &requested);
            let next_id = next.map(|i| claims[i].id);
            if !json {
                return Ok(Redirect::to(&claim_link(article_id, next_id)).into_response());
            }
            let panel_html =
                render_panel(&state, &user, &loaded, next, PanelNotice::default()).await?;
            let progress = Progress::of(&loaded.view.article.counts);
            let status = saved.status.as_str();
            Ok(Json(VerdictReply {
                saved: true,
                claim_id,
                status,
                icon: status_icon(status),
                label: status_label(status),
                version: saved.version,
                message: None,
                next_claim_id: next_id,
                reviewed: progress.reviewed,
                total: progress.total,
                panel_for: next_id.map_or_else(|| "done".to_owned(), |id| id.to_string()),
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
                return not_saved_reply(&state, &user, &loaded, here, claim_id, status, notice)
                    .await;
            }
            keep_flash(&session, claim_id, &user.name, notice).await?;
            Ok(Redirect::to(&claim_link(article_id, Some(claim_id))).into_response())
        }
    }
}

/// Checks and records one verdict. `Ok(Err(notice))` is a verdict refused for a reason the
/// reviewer can fix (a rule broken, someone else's newer verdict); `Ok(Ok(_))` carries the
/// saved claim and the panel the form asked for next.
async fn record(
    state: &AppState,
    user: &User,
    claim: &Claim,
    form: VerdictForm,
) -> Result<Result<(Claim, String), PanelNotice>, PageError> {
    if let Some(opened_for) = number_field(&form.claim, "claim")?
        && opened_for != claim.id
    {
        return Err(AppError::BadRequest(format!(
            "This form was opened for claim {opened_for} but was sent for claim {}; nothing was \
             saved. Reload the page and try again.",
            claim.id
        ))
        .into());
    }
    let version = number_field(&form.version, "version")?;
    let sources = form.sources();
    let input = AnnotationInput {
        status: Some(form.status.clone()).filter(|s| !s.is_empty()),
        sources: (!sources.is_empty()).then_some(sources),
        note: Some(form.note.clone()),
    };
    match usecase::record_verdict(state, claim.id, input, user, version).await {
        Ok(recorded) => Ok(Ok((recorded.claim, form.next))),
        Err(AppError::Validation(errors)) => {
            let message = errors
                .iter()
                .map(|e| match e.field.as_str() {
                    "status" => "Choose Sourced, Unsourced or Contradicted.".to_owned(),
                    "sources" => format!(
                        "A {} verdict needs a source: give a URL or a citation.",
                        form.status
                    ),
                    field => format!("{}: {}", source_field_label(field), e.message),
                })
                .collect::<Vec<_>>()
                .join(" ");
            Ok(Err(PanelNotice {
                error: Some(message),
                form: Some(form),
                ..PanelNotice::default()
            }))
        }
        Err(AppError::PreconditionFailed { .. }) => {
            let current = state
                .storage
                .claim(claim.id)
                .await?
                .unwrap_or_else(|| claim.clone());
            let mut form = form;
            // Saving again replaces the newer verdict knowingly.
            form.version = current.version.to_string();
            Ok(Err(PanelNotice {
                conflict: Some(describe(&current)),
                form: Some(form),
                ..PanelNotice::default()
            }))
        }
        Err(other) => Err(other.into()),
    }
}

/// `sources[1].url` as a reviewer reads it: "Source 2 URL".
fn source_field_label(field: &str) -> String {
    let Some(rest) = field.strip_prefix("sources[") else {
        return field.to_owned();
    };
    let (index, part) = rest.split_once("].").unwrap_or((rest, ""));
    let n = index.parse::<usize>().map_or(1, |i| i + 1);
    let part = if part == "url" { "URL" } else { part };
    format!("Source {n} {part}")
}

async fn not_saved_reply(
    state: &AppState,
    user: &User,
    loaded: &Loaded,
    here: Option<usize>,
    claim_id: i64,
    status: StatusCode,
    notice: PanelNotice,
) -> Result<Response, PageError> {
    let claims = &loaded.view.claims;
    let current = here.map(|i| &claims[i]);
    let claim_status = current.map_or("unreviewed", |c| c.status.as_str());
    let progress = Progress::of(&loaded.view.article.counts);
    let message = notice.message();
    let panel_html = render_panel(state, user, loaded, here, notice).await?;
    Ok((
        status,
        Json(VerdictReply {
            saved: false,
            claim_id,
            status: claim_status,
            icon: status_icon(claim_status),
            label: status_label(claim_status),
            version: current.map_or(0, |c| c.version),
            message: Some(message),
            next_claim_id: None,
            reviewed: progress.reviewed,
            total: progress.total,
            panel_for: claim_id.to_string(),
            panel_html,
        }),
    )
        .into_response())
}

/// "Now contradicted by ada at …: note" — the verdict that won the race.
fn describe(claim: &Claim) -> String {
    let mut text = format!(
        "It is now {} (version {})",
        status_label(claim.status.as_str()),
        claim.version
    );
    if let Some(by) = &claim.updated_by {
        text.push_str(&format!(", set by {by} {}", exact_time(&claim.updated_at)));
    }
    if let Some(note) = &claim.note {
        text.push_str(&format!(". Their note: “{note}”"));
    }
    text.push('.');
    text
}

/// "at 2026-12-02 05:38 UTC (3 min ago)" for a stored timestamp.
fn exact_time(stored: &str) -> String {
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;
    match OffsetDateTime::parse(stored, &Rfc3339) {
        Ok(at) => format!(
            "at {} {:02}:{:02} UTC ({})",
            at.date(),
            at.hour(),
            at.minute(),
            super::layout::relative_time(at, OffsetDateTime::now_utc())
        ),
        Err(_) => format!("at {stored}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_links_read_as_people_paste_them() {
        assert_eq!(claim_param(Some("441")).unwrap(), Some(441));
        assert_eq!(claim_param(Some(" 441. ")).unwrap(), Some(441));
        assert_eq!(claim_param(Some("441),")).unwrap(), Some(441));
        assert_eq!(claim_param(Some("")).unwrap(), None);
        assert_eq!(claim_param(None).unwrap(), None);
        assert!(claim_param(Some("abc")).is_err());
    }

    #[test]
    fn source_rows_keep_what_was_typed_and_offer_one_more() {
        let form = VerdictForm {
            url: vec!["https://a.example".into(), String::new(), String::new()],
            citation: vec![String::new(), "Census 2020".into()],
            ..VerdictForm::default()
        };
        let sources = form.sources();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[1].citation.as_deref(), Some("Census 2020"));
        assert_eq!(form.rows().len(), 3);
        assert_eq!(form.rows()[2].url, "");
    }

    #[test]
    fn field_labels_read_as_words() {
        assert_eq!(source_field_label("sources[1].url"), "Source 2 URL");
        assert_eq!(
            source_field_label("sources[0].citation"),
            "Source 1 citation"
        );
        assert_eq!(source_field_label("note"), "note");
    }

    #[test]
    fn number_fields_refuse_garbage() {
        assert_eq!(number_field(" 7 ", "version").unwrap(), Some(7));
        assert_eq!(number_field("", "version").unwrap(), None);
        assert!(number_field("seven", "version").is_err());
    }
}
