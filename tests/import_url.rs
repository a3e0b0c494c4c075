//! Import by URL: claimdesk fetches the page itself. A small site on 127.0.0.1 serves the
//! pages; the real binary runs with `--allow-private-urls` to reach it, and an instance
//! without the flag shows that private addresses are refused.

mod common;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use claimdesk::domain::Role;
use common::binary::{Server, token_for};
use common::{TestApp, expect_problem};
use serde_json::{Value, json};

const STORY: &str = r#"<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Ports reopen after the storm | The Harbour Herald</title>
<meta property="og:title" content="Ports reopen after the storm">
<meta property="og:site_name" content="The Harbour Herald">
<meta name="author" content="Ann Lee">
<link rel="canonical" href="https://herald.example/ports-reopen">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ports reopen after the storm",
 "datePublished": "2025-11-27T09:30:00+01:00", "author": {"@type": "Person", "name": "Ann Lee"}}</script>
</head><body>
<nav><a href="/">Home</a><a href="/news">News</a></nav>
<div class="topics"><a href="/t/weather">Weather</a> · <a href="/t/shipping">Shipping</a></div>
<article>
<h1>Ports reopen after the storm</h1>
<p>All four container ports on the east coast reopened on Thursday, two days after the storm closed them.</p>
<p>The port authority said 212 ships had waited offshore and that the backlog would take a week to clear.</p>
<p>Insurers estimate the damage to cranes and warehouses at 40 million euros, twice the figure given on Tuesday.</p>
<p>Dock workers' unions said no one had been injured during the closure, which began at midnight on Tuesday.</p>
<h2>Sailing times</h2>
<p>Ferries to the islands resume on Friday morning with extra crossings</p>
</article>
<div class="related"><h3>Read next</h3><ul><li><a href="/a">Rail strike ends after three weeks</a></li></ul></div>
<footer>© 2025 The Harbour Herald</footer>
</body></html>"#;

/// The site the pages come from: a story, redirect chains, and every way a fetch can fail.
async fn site() -> (String, tokio::task::JoinHandle<()>) {
    let app = Router::new()
        .route("/story", get(|| async { html(STORY) }))
        .route(
            "/hop/{n}",
            get(|axum::extract::Path(n): axum::extract::Path<u32>| async move {
                if n == 0 {
                    Redirect::temporary("/story")
                } else {
                    Redirect::temporary(&format!("/hop/{}", n - 1))
                }
            }),
        )
        .route(
            "/to-file",
            get(|| async { Redirect::temporary("file:///etc/passwd") }),
        )
        .route(
            "/pdf",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.7") }),
        )
        .route(
            "/huge",
            get(|| async { html(&format!("<!doctype html><p>{}</p>", "a".repeat(9 << 20))) }),
        )
        .route(
            "/gone",
            get(|| async { (StatusCode::NOT_FOUND, "no such story") }),
        )
        .route(
            "/latin1",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=ISO-8859-1")],
                    b"<!doctype html><html><body><article><h1>Caf\xe9 prices</h1><p>Coffee in the caf\xe9s of Lyon rose by 12 per cent this year, the survey found.</p></article></body></html>".to_vec(),
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (base, server)
}

fn html(body: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.to_owned(),
    )
        .into_response()
}

async fn import(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    client
        .post(format!("{base}/api/v1/articles"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The real binary, allowed to fetch from 127.0.0.1 where the site runs, and an editor's token.
async fn binary_allowing_private_urls() -> (tempfile::TempDir, Server, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let editor = token_for(&db, "eddie", "editor");
    let server = Server::start(&db, &["--allow-private-urls"]).await;
    (dir, server, editor)
}

#[tokio::test]
async fn a_page_fetched_by_url_becomes_its_story_with_the_pages_metadata() {
    let (site, _site) = site().await;
    let (_dir, server, editor) = binary_allowing_private_urls().await;
    let client = common::http_client();

    // Through five redirects (the most allowed) to the story.
    let response = import(
        &client,
        &server.base,
        &editor,
        json!({"url": format!("{site}/hop/4")}),
    )
    .await;
    let status = response.status();
    let article: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{article}");
    assert_eq!(article["title"], "Ports reopen after the storm");
    assert_eq!(article["source_url"], "https://herald.example/ports-reopen");
    assert_eq!(article["published_at"], "2025-11-27T08:30:00Z");
    assert_eq!(article["author"], "Ann Lee");
    assert_eq!(article["site_name"], "The Harbour Herald");
    assert_eq!(article["language"], "en-GB");
    let body = article["body"].as_str().unwrap();
    for furniture in ["Home", "Weather", "Read next", "Rail strike", "©"] {
        assert!(!body.contains(furniture), "{furniture} kept in {body}");
    }
    let claims: Vec<&str> = article["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(claims.len(), 5, "{claims:?}");
    // A paragraph without a final stop is still a sentence of the story, where a heading is not.
    assert_eq!(
        claims[4],
        "Ferries to the islands resume on Friday morning with extra crossings"
    );
    assert!(!claims.iter().any(|c| c.contains("Sailing times")));

    // The client's own fields win over the page's.
    let mine = import(
        &client,
        &server.base,
        &editor,
        json!({"url": format!("{site}/latin1"), "title": "Mine", "source_url": "https://mine.example/x"}),
    )
    .await;
    assert_eq!(mine.status(), 201);
    let mine: Value = mine.json().await.unwrap();
    assert_eq!(mine["title"], "Mine");
    assert_eq!(mine["source_url"], "https://mine.example/x");
    // Decoded by the charset the server named.
    assert!(
        mine["body"].as_str().unwrap().contains("cafés of Lyon"),
        "{}",
        mine["body"]
    );

    // The same page again is the same article.
    let again = import(
        &client,
        &server.base,
        &editor,
        json!({"url": format!("{site}/story")}),
    )
    .await;
    assert_eq!(again.status(), 200);
    server.kill().await;
}

#[tokio::test]
async fn every_failed_fetch_says_what_went_wrong() {
    let (site, _site) = site().await;
    let (_dir, server, editor) = binary_allowing_private_urls().await;
    let client = common::http_client();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };

    let cases: Vec<(Value, u16, &str)> = vec![
        (
            json!({"url": format!("{site}/hop/5")}),
            502,
            "redirected more than 5 times",
        ),
        (
            json!({"url": format!("{site}/to-file")}),
            502,
            "only http and https",
        ),
        (
            json!({"url": format!("{site}/pdf")}),
            422,
            "application/pdf, not a web page",
        ),
        (
            json!({"url": format!("{site}/huge")}),
            422,
            "larger than 8 MB",
        ),
        (json!({"url": format!("{site}/gone")}), 502, "404 Not Found"),
        (
            json!({"url": format!("http://{closed}/story")}),
            502,
            "cannot connect",
        ),
        (json!({"url": "not a url"}), 422, "not a valid URL"),
        (
            json!({"url": "http://no-such-host.invalid/story"}),
            422,
            "no such host",
        ),
        (
            json!({"url": "ftp://example.org/story"}),
            422,
            "only http and https",
        ),
        (
            json!({"url": format!("{site}/story"), "body": "Some text."}),
            422,
            "not both",
        ),
    ];
    for (request, status, says) in cases {
        let response = import(&client, &server.base, &editor, request.clone()).await;
        let problem = expect_problem(response, status).await;
        let text = problem.to_string();
        assert!(text.contains(says), "{request}: {text}");
    }
    let articles: Value = server.get_json("/api/v1/articles", &editor).await;
    assert_eq!(
        articles["items"].as_array().unwrap().len(),
        0,
        "nothing half-imported"
    );
    server.kill().await;
}

#[tokio::test]
async fn private_addresses_are_refused_after_resolution_without_the_flag() {
    let (site, _site) = site().await;
    let app = TestApp::spawn().await;
    let port = site.rsplit(':').next().unwrap();
    for url in [
        format!("{site}/story"),
        // A name, refused once it resolves to loopback.
        format!("http://localhost:{port}/story"),
        "http://[::1]/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://10.0.0.1/".to_owned(),
    ] {
        let response = app
            .post_json("/api/v1/articles", &app.editor, &json!({"url": url}))
            .await;
        let problem = expect_problem(response, 422).await;
        assert_eq!(problem["errors"][0]["field"], "url", "{url}: {problem}");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("private, loopback or link-local"),
            "{url}: {problem}"
        );
    }
    // A reviewer cannot make claimdesk fetch anything at all.
    let response = app
        .post_json(
            "/api/v1/articles",
            &app.reviewer,
            &json!({"url": format!("{site}/story")}),
        )
        .await;
    expect_problem(response, 403).await;
}

#[tokio::test]
async fn the_import_page_takes_a_web_address() {
    let (site, _site) = site().await;
    let app = TestApp::spawn_with(|mut state| {
        state.pages = std::sync::Arc::new(claimdesk::outgoing::PageFetcher::new(true));
        state
    })
    .await;
    app.add_user("ed", Role::Editor, "a long enough password")
        .await;
    let browser = app.browser();
    app.sign_in(&browser, "ed", "a long enough password").await;
    let form_page = app.page(&browser, "/articles/new").await;
    assert!(form_page.contains(r#"name="url""#));

    let post = |url: String| {
        let form = reqwest::multipart::Form::new()
            .text("url", url)
            .text("title", "")
            .text("body", "");
        browser.post(app.url("/articles")).multipart(form).send()
    };
    let imported = post(format!("{site}/story")).await.unwrap();
    assert_eq!(imported.status(), 303);
    let location = imported.headers()["location"].to_str().unwrap().to_owned();
    let page = app.page(&browser, &location).await;
    assert!(page.contains("Ports reopen after the storm"));
    assert!(page.contains("212 ships"));

    // A failed fetch comes back in the form, with the address kept to correct.
    let failed = post(format!("{site}/gone")).await.unwrap();
    assert_eq!(failed.status(), 502);
    let page = failed.text().await.unwrap();
    assert!(page.contains("404 Not Found"), "{page}");
    assert!(page.contains(&format!("value=\"{site}/gone\"")), "{page}");
    let refused = post(format!("{site}/pdf")).await.unwrap();
    assert_eq!(refused.status(), 422);
}
