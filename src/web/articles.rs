//! The article list with progress, and the import page (paste or upload).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::error::PageError;
use super::layout::{Layout, Progress, status_bar};
use super::session::SignedIn;
use crate::domain::{ArticleInput, Role};
use crate::error::AppError;
use crate::http::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::storage::{Article, Imported};
use crate::usecase;

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
    language: String,
    url: String,
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
            language: String::new(),
            url: String::new(),
            body: String::new(),
        }
    }
}

pub async fn import_form(SignedIn(user): SignedIn) -> Result<ImportPage, PageError> {
    SignedIn(user.clone()).require(Role::Editor)?;
    Ok(ImportPage::new(&user))
}

/// Text as a person means it: one line break, whatever the browser or the file's system
/// sent (browsers send a pasted text with CRLF, files come with either), and no byte-order
/// mark. So pasting an article and uploading its file find the same article.
fn normalise_text(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Text saved as UTF-16 with its byte-order mark ("Unicode text" in Word and Notepad).
fn utf16_text(bytes: &[u8]) -> Option<Result<String, ()>> {
    let (little, rest) = match bytes {
        [0xff, 0xfe, rest @ ..] => (true, rest),
        [0xfe, 0xff, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units: Vec<u16> = rest
        .chunks(2)
        .map(|pair| match (pair, little) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            _ => 0xfffd,
        })
        .collect();
    Some(String::from_utf16(&units).map_err(|_| ()))
}

/// An uploaded file as text, or what to tell the person who chose it.
fn file_text(name: &str, bytes: &[u8]) -> Result<String, String> {
    match utf16_text(bytes) {
        Some(Ok(text)) => return Ok(normalise_text(&text)),
        Some(Err(())) => {
            return Err(format!(
                "{name} says it is UTF-16 text but is not valid UTF-16. Save it as UTF-8 text \
                 and upload it again, or paste its text."
            ));
        }
        None => {}
    }
    let looks_binary = bytes.starts_with(b"%PDF")
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.iter().take(8192).any(|&b| b == 0);
    if looks_binary {
        return Err(format!(
            "{name} is not a text file (it looks like a PDF, an image or a word-processor \
             document). Upload the article as a .txt or .html file, or paste its text."
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalise_text(text)),
        Err(e) => Err(format!(
            "{name} is not UTF-8 text (the first byte that is not is at position {}). Save it \
             as UTF-8 (\u{201c}Save as \u{2026} Encoding: UTF-8\u{201d} in most editors) and \
             upload it again, or paste its text.",
            e.valid_up_to() + 1
        )),
    }
}

/// A form that sends an article's text pasted (`body`) or as an uploaded `file`, with other
/// text fields: what the import and the "Update text" pages send.
pub(super) struct TextUpload {
    /// The text fields, by name (the pasted `body` among them).
    pub fields: std::collections::HashMap<String, String>,
    /// The uploaded file's text, and whether it is a web page (by its name).
    pub file: Option<(String, bool)>,
    /// What is wrong with the file, or with sending both.
    pub errors: Vec<String>,
}

impl TextUpload {
    pub fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// The text sent and its format (`html` for a page uploaded as a file), once it is
    /// known to be one of the two.
    pub fn text(&self) -> (String, Option<String>) {
        match &self.file {
            Some((text, is_html)) => (text.clone(), is_html.then(|| "html".to_owned())),
            None => (normalise_text(&self.field("body")), None),
        }
    }

    pub async fn read(mut multipart: Multipart) -> Result<TextUpload, PageError> {
        let mut upload = TextUpload {
            fields: Default::default(),
            file: None,
            errors: Vec::new(),
        };
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::BadRequest(format!("cannot read the form: {e}")))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(format!("cannot read the form: {e}")))?;
            if name == "file" {
                if bytes.is_empty() {
                    continue;
                }
                let shown = file_name.clone().unwrap_or_else(|| "The file".to_owned());
                let is_html = file_name
                    .as_deref()
                    .is_some_and(crate::html::is_html_file_name);
                match file_text(&shown, &bytes) {
                    Ok(text) => upload.file = Some((text, is_html)),
                    Err(message) => upload.errors.push(message),
                }
                continue;
            }
            upload
                .fields
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
        if upload.file.is_some() && !upload.field("body").trim().is_empty() {
            upload.errors.push(
                "You pasted text and chose a file: send one at a time. Clear the text box to \
                 send the file, or choose the file again after sending the text."
                    .to_owned(),
            );
        }
        Ok(upload)
    }
}

/// `POST /articles` (multipart: the fields, and the text pasted or uploaded as a file).
/// Whatever is refused comes back in the form with what was typed and what to fix.
pub async fn import(
    State(state): State<AppState>,
    signed_in: SignedIn,
    session: Session,
    multipart: Multipart,
) -> Result<Response, PageError> {
    signed_in.require(Role::Editor)?;
    let user = signed_in.0;
    let mut page = ImportPage::new(&user);
    let upload = TextUpload::read(multipart).await?;
    page.title = upload.field("title");
    page.source_url = upload.field("source_url");
    page.published_at = upload.field("published_at");
    page.language = upload.field("language");
    page.url = upload.field("url");
    page.body = upload.field("body");
    page.errors = upload.errors.clone();
    if !page.errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (body, format) = upload.text();
    let input = ArticleInput {
        title: Some(page.title.clone()).filter(|t| !t.trim().is_empty()),
        body: Some(body),
        source_url: Some(page.source_url.clone()),
        published_at: Some(page.published_at.clone()),
        format,
        language: Some(page.language.clone()),
        url: Some(page.url.clone()),
        ..Default::default()
    };
    match usecase::import(&state, input, &user).await {
        Ok(imported) => {
            let message = match imported {
                Imported::Created(_) => {
                    "Imported. Each sentence is now a claim: start with the first one.".to_owned()
                }
                Imported::Existing(_) => "This article was imported before (the same text): \
                     here it is, with every verdict already recorded. Nothing new was added."
                    .to_owned(),
            };
            let id = imported.id();
            super::annotate::keep_article_notice(&session, id, message).await?;
            Ok(Redirect::to(&format!("/articles/{id}")).into_response())
        }
        Err(AppError::Validation(errors)) => {
            page.errors = errors
                .iter()
                .map(|e| format!("{}: {}", e.field.replace('_', " "), e.message))
                .collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        // The page's server failed: say so in the form, with everything typed kept.
        Err(AppError::BadGateway(message)) => {
            page.errors = vec![message];
            Ok((StatusCode::BAD_GATEWAY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_and_uploaded_text_read_alike() {
        assert_eq!(
            normalise_text("\u{feff}One.\r\nTwo.\rThree.\n"),
            "One.\nTwo.\nThree.\n"
        );
        assert_eq!(file_text("a.txt", b"One.\r\nTwo.").unwrap(), "One.\nTwo.");
    }

    #[test]
    fn files_that_are_not_text_say_what_they_are() {
        assert!(
            file_text("a.pdf", b"%PDF-1.7 ...")
                .unwrap_err()
                .contains("not a text file")
        );
        assert!(
            file_text("a.bin", b"ab\0cd")
                .unwrap_err()
                .contains("not a text file")
        );
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Café.\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(file_text("word.txt", &utf16).unwrap(), "Café.\n");
        let latin1 = file_text("a.txt", b"caf\xe9 au lait").unwrap_err();
        assert!(
            latin1.contains("not UTF-8") && latin1.contains("position 4"),
            "{latin1}"
        );
    }
}
