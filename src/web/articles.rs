//! The article list with progress, and the import page (paste or upload).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::error::PageError;
use super::session::SignedIn;
use super::{Layout, Progress, status_bar};
use crate::api::pagination::{Page, PageParams};
use crate::app::AppState;
use crate::domain::{ArticleInput, NewArticle, Role};
use crate::error::AppError;
use crate::import::import_article;
use crate::storage::Article;

pub struct ArticleRow {
    pub id: i64,
    pub title: String,
    pub created_at: String,
    pub total: i64,
    pub percent: i64,
    pub contradicted: i64,
    pub unsourced: i64,
    pub bar: String,
}

impl From<&Article> for ArticleRow {
    fn from(a: &Article) -> Self {
        let progress = Progress::of(&a.counts);
        ArticleRow {
            id: a.id,
            title: a.title.clone(),
            created_at: a.created_at.clone(),
            total: progress.total,
            percent: progress.percent,
            contradicted: a.counts.contradicted,
            unsourced: a.counts.unsourced,
            bar: status_bar(&a.counts, 160, 12),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "articles.html")]
pub struct ArticlesPage {
    layout: Layout,
    articles: Vec<ArticleRow>,
    next_cursor: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(params): Query<PageParams>,
) -> Result<ArticlesPage, PageError> {
    let page = params.parse("articles")?;
    let rows = state
        .storage
        .list_articles(page.after, page.fetch_limit())
        .await?;
    let page = Page::from_rows(rows, page, "articles", |a| a.id);
    Ok(ArticlesPage {
        layout: Layout::new("Articles", "articles", Some(&user)),
        articles: page.items.iter().map(ArticleRow::from).collect(),
        next_cursor: page.next_cursor,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub struct ImportPage {
    layout: Layout,
    errors: Vec<String>,
    title: String,
    source_url: String,
    published_at: String,
    body: String,
}

impl ImportPage {
    fn new(user: &crate::storage::User) -> Self {
        ImportPage {
            layout: Layout::new("Import", "import", Some(user)),
            errors: Vec::new(),
            title: String::new(),
            source_url: String::new(),
            published_at: String::new(),
            body: String::new(),
        }
    }
}

pub async fn import_form(SignedIn(user): SignedIn) -> Result<ImportPage, PageError> {
    SignedIn(user.clone()).require(Role::Editor)?;
    Ok(ImportPage::new(&user))
}

/// `POST /articles` (multipart: the fields, and the text pasted or uploaded as a file).
pub async fn import(
    State(state): State<AppState>,
    signed_in: SignedIn,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    signed_in.require(Role::Editor)?;
    let user = signed_in.0;
    let mut page = ImportPage::new(&user);
    let mut file_body = None;
    let mut file_is_html = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("cannot read the form: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_lowercase);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(format!("cannot read the form: {e}")))?;
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| AppError::validation(name.clone(), "must be UTF-8 text"));
        match name.as_str() {
            "title" => page.title = text?,
            "source_url" => page.source_url = text?,
            "published_at" => page.published_at = text?,
            "body" => page.body = text?,
            "file" if !bytes.is_empty() => {
                file_is_html = file_name
                    .as_deref()
                    .is_some_and(|f| f.ends_with(".html") || f.ends_with(".htm"));
                file_body = Some(text?);
            }
            _ => {}
        }
    }
    let (body, format) = match file_body {
        Some(text) => (text, file_is_html.then(|| "html".to_owned())),
        None => (page.body.clone(), None),
    };
    let input = ArticleInput {
        title: Some(page.title.clone()).filter(|t| !t.trim().is_empty()),
        body: Some(body),
        source_url: Some(page.source_url.clone()),
        published_at: Some(page.published_at.clone()),
        format,
    };
    match NewArticle::parse(input) {
        Ok(article) => {
            let imported = import_article(state.storage.as_ref(), article, Some(user.id)).await?;
            state.webhooks.nudge();
            Ok(Redirect::to(&format!("/articles/{}", imported.id())).into_response())
        }
        Err(errors) => {
            page.errors = errors
                .iter()
                .map(|e| format!("{}: {}", e.field.replace('_', " "), e.message))
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
