//! Web pages in, only the article out.
//!
//! A whole page (pasted, uploaded, posted as `text/html` or fetched by URL) goes through
//! `trafilatura`, which scores the page's blocks to find the story and leaves out menus, share
//! bars, related links, comments and banners; it measured best of the Rust extractors on the
//! Zyte article-extraction benchmark (see the README). The story it returns, and any HTML
//! fragment a client sends as its article, are then reduced to text blocks, one per line: that
//! text is what claimdesk stores as the article body, so claim offsets point into exactly what
//! reviewers read.

mod blocks;
mod metadata;

use scraper::{Html, Selector};

pub use blocks::TextBlocks;
pub use metadata::PageMetadata;

/// The readable content of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlArticle {
    /// The page's headline: its metadata, else `<title>`, else the first `<h1>`.
    pub title: Option<String>,
    /// One block per line.
    pub text: String,
    /// For each line of `text`: whether the page wrote it as running text.
    pub prose: Vec<bool>,
    pub metadata: PageMetadata,
}

/// Whether a file name says it holds a web page (`.html` or `.htm`, any case).
pub fn is_html_file_name(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Whether a body is a whole HTML document rather than text that merely mentions markup.
/// Inline markup in a text body (`<b>`, `<script>`) is article text, kept verbatim.
pub fn looks_like_document(body: &str) -> bool {
    // By characters: a byte cut could fall inside one.
    let lower: String = body
        .trim_start()
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

/// The article in `html`: the story found in a whole page, or all the text of a fragment.
pub fn extract(html: &str) -> HtmlArticle {
    if !looks_like_document(html) {
        // A fragment is what the client chose as the article: all of it is kept.
        let page = Html::parse_document(html);
        let title = page_title(&page);
        return article(
            blocks::blocks_of(page.root_element()),
            title,
            PageMetadata::default(),
        );
    }
    let options = trafilatura::Options::default()
        .with_fallback(true)
        .with_focus(trafilatura::ExtractionFocus::FavorPrecision);
    // A page must never take the import down: should the extractor panic on some odd page,
    // the page is read as if no story had been found.
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        trafilatura::extract(html, &options)
    }))
    .unwrap_or_else(|_| {
        tracing::warn!("the article extractor failed on a page; reading the whole page");
        Err(trafilatura::TrafilaturaError::ParseError(
            "the extractor panicked".to_owned(),
        ))
    });
    let (story, metadata) = match found {
        Ok(found) => {
            let metadata = PageMetadata::read(&found.metadata, html);
            let story = blocks::blocks_of(Html::parse_fragment(&found.content_html).root_element());
            (story, metadata)
        }
        Err(err) => {
            tracing::debug!(%err, "no story found; reading the whole page");
            (TextBlocks::default(), PageMetadata::default())
        }
    };
    let story_bytes = story.text_bytes();
    let short = story_bytes < SHORT_STORY_BYTES;
    if !short && metadata.title.is_some() {
        let title = metadata.title.clone();
        return article(story, title, metadata);
    }
    // Parsed again only when needed (a page is parsed several times over already): for the
    // `<title>` of a page without metadata, and for a short page. With a few sentences the
    // extractor's scoring has too little to go on (it may drop a list, or flatten the
    // structure), so the container the page marks as its article is read instead when it
    // holds at least as much; a page where no story was found is read whole rather than
    // refused (a page of one short note, say).
    let page = Html::parse_document(html);
    let title = metadata.title.clone().or_else(|| page_title(&page));
    if !short {
        return article(story, title, metadata);
    }
    let marked = ["article", "main"]
        .iter()
        .find_map(|tag| page.select(&selector(tag)).next())
        .map(blocks::blocks_of)
        .filter(|marked| {
            !marked.lines.is_empty() && prefer_marked(marked.text_bytes(), story_bytes)
        });
    let chosen = match marked {
        Some(marked) => marked,
        None if story.lines.is_empty() => blocks::blocks_of(
            page.select(&selector("body"))
                .next()
                .unwrap_or_else(|| page.root_element()),
        ),
        None => story,
    };
    article(chosen, title, metadata)
}

/// Below this much text the page's own `<article>` or `<main>` is preferred (see [`extract`]).
const SHORT_STORY_BYTES: usize = 600;

/// Whether the container a page marks as its article is read instead of the short story found
/// in it (`marked` and `story` in bytes of text): when it holds at least as much (what the
/// extractor dropped or flattened: a list, a heading) and at most twice as much. Beyond that
/// it is mostly the page's furniture: on a paywalled teaser the container held the section
/// links, the byline block and two "most popular" lists, four times the teaser.
fn prefer_marked(marked: usize, story: usize) -> bool {
    story == 0 || (story..=2 * story).contains(&marked)
}

fn page_title(page: &Html) -> Option<String> {
    first_text(page, "title").or_else(|| first_text(page, "h1"))
}

fn article(blocks: TextBlocks, title: Option<String>, metadata: PageMetadata) -> HtmlArticle {
    HtmlArticle {
        title,
        text: blocks.text(),
        prose: blocks.prose,
        metadata,
    }
}

fn selector(tag: &str) -> Selector {
    Selector::parse(tag).expect("a tag name is a valid selector")
}

fn first_text(document: &Html, tag: &str) -> Option<String> {
    let element = document.select(&selector(tag)).next()?;
    blocks::words_of(&element.text().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_furniture_goes() {
        let page = r#"<!DOCTYPE html><html><head><title>Cable on migration</title>
            <style>p { color: red }</style><script>track("x. y.")</script></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Diplomats told to lobby</h1>
              <p>WASHINGTON – The cable was sent <b>Friday</b>.
                 It reached 40   embassies.</p>
              <h2>What it asks</h2>
              <p>Since taking office, the president has:</p>
              <ul><li>Deployed troops.</li><li>Cut the <i>refugee</i> cap.</li></ul>
              <ol start="3"><li>Third point.</li><li>Fourth point.</li></ol>
              <form><button>Subscribe</button></form>
            </article>
            <footer>© 2025 Example</footer></body></html>"#;
        let article = extract(page);
        // The headline, not the <title> (which often carries the site's name too).
        assert_eq!(article.title.as_deref(), Some("Diplomats told to lobby"));
        assert_eq!(
            article.text,
            "Diplomats told to lobby\n\
             WASHINGTON – The cable was sent Friday. It reached 40 embassies.\n\
             What it asks\n\
             Since taking office, the president has:\n\
             - Deployed troops.\n\
             - Cut the refugee cap.\n\
             3. Third point.\n\
             4. Fourth point."
        );
        assert_eq!(
            article.prose,
            [false, true, false, true, true, true, true, true]
        );
    }

    #[test]
    fn a_fragment_is_kept_whole() {
        let article =
            extract("<h2>Dates</h2><p>Nov. 5 in Chicago</p><ol start=\"3\"><li>Third.</li></ol>");
        assert_eq!(article.text, "Dates\nNov. 5 in Chicago\n3. Third.");
        assert_eq!(article.prose, [false, true, true]);
    }

    #[test]
    fn the_story_is_found_among_page_furniture() {
        let story: String = (1..=8)
            .map(|i| format!("<p>The ministry said on Tuesday that {i} of its border offices had processed more claims this year than in any year before.</p>"))
            .collect();
        let page = format!(
            r#"<!doctype html><html lang="en"><head><title>Border offices | Daily Record</title>
            <meta property="og:site_name" content="Daily Record">
            <meta name="author" content="Ann Lee">
            <link rel="canonical" href="https://record.example/border">
            <meta property="article:published_time" content="2025-11-27T09:30:00Z"></head>
            <body><div class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></div>
            <main><div class="ad">Advertisement</div>
            <article><h1>Border offices busier than ever</h1>{story}</article>
            <div class="related"><h3>Related stories</h3><ul><li><a href="/a">Ports reopen after storm</a></li><li><a href="/b">Rail strike ends</a></li></ul></div>
            <div class="share">Share on Facebook Share on X</div></main>
            <footer>© 2025 Daily Record. All rights reserved.</footer></body></html>"#
        );
        let article = extract(&page);
        assert!(
            article
                .text
                .starts_with("Border offices busier than ever\nThe ministry said"),
            "{}",
            article.text
        );
        for furniture in [
            "Home",
            "Related stories",
            "Ports reopen",
            "Share on",
            "Advertisement",
            "rights reserved",
        ] {
            assert!(
                !article.text.contains(furniture),
                "{furniture} in {}",
                article.text
            );
        }
        assert_eq!(article.text.lines().count(), 9);
        let meta = article.metadata;
        assert_eq!(meta.author.as_deref(), Some("Ann Lee"));
        assert_eq!(meta.site_name.as_deref(), Some("Daily Record"));
        assert_eq!(meta.url.as_deref(), Some("https://record.example/border"));
        assert_eq!(meta.published_at.as_deref(), Some("2025-11-27T09:30:00Z"));
        assert_eq!(meta.language.as_deref(), Some("en"));
    }

    /// A paywalled teaser from the extraction benchmark (a WSJ review): the `<article>` holds
    /// four times the teaser in section links, the byline block and "most popular" lists.
    #[test]
    fn a_short_story_stays_when_its_container_is_mostly_furniture() {
        use std::io::Read;
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/extraction/html/",
            "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz"
        );
        let mut html = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_string(&mut html)
            .unwrap();
        let article = extract(&html);
        assert!(
            article.text.starts_with("Gaming used to be so simple."),
            "{}",
            article.text
        );
        for furniture in ["Most Popular", "Subscribe", "Personal Technology"] {
            assert!(
                !article.text.contains(furniture),
                "{furniture} in {}",
                article.text
            );
        }
    }

    #[test]
    fn the_marked_container_is_read_only_when_it_adds_little() {
        assert!(prefer_marked(250, 0));
        assert!(prefer_marked(250, 200));
        assert!(prefer_marked(400, 200));
        assert!(!prefer_marked(401, 200), "mostly furniture");
        assert!(!prefer_marked(150, 200), "less than the story");
    }

    #[test]
    fn br_breaks_lines_and_entities_decode() {
        let article =
            extract("<html><body><p>One &amp; two.<br>Three&nbsp;four.</p></body></html>");
        assert_eq!(article.text, "One & two.\nThree four.");
        assert_eq!(article.title, None);
    }

    #[test]
    fn only_whole_documents_are_html() {
        assert!(looks_like_document("  <!DOCTYPE html><html>"));
        assert!(looks_like_document("<HTML lang=en>"));
        assert!(!looks_like_document(
            "<script>alert(1)</script> is shown as text."
        ));
        assert!(!looks_like_document("The <b>bold</b> claim."));
        assert!(
            !looks_like_document(&"é".repeat(40)),
            "multi-byte text is not cut mid-character"
        );
    }
}
