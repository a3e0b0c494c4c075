//! The pages without JavaScript, where people lose work: a session that ends mid-verdict, a
//! verdict too large to send, links that lead nowhere. Plain HTTP, as a browser with
//! scripting off sends it, against the real server.

mod common;

use claimdesk::domain::Role;
use common::{SAMPLE, TestApp};
use reqwest::{Client, StatusCode};

const PASSWORD: &str = "correct horse battery";

async fn text(client: &Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_verdict_typed_when_the_session_ended_survives_signing_in_again() {
    let app = TestApp::spawn().await;
    app.add_user("nina", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let article_id = article["id"].as_i64().unwrap();
    let claim = article["claims"][2]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "nina", PASSWORD).await;
    let (status, _) = text(
        &browser,
        app.url(&format!("/articles/{article_id}?claim={claim}")),
    )
    .await;
    assert_eq!(status, 200);

    // Signed out elsewhere: another tab posts /logout with the same session.
    let signed_out = browser.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(signed_out.status(), 303);

    let post = browser
        .post(app.url(&format!("/claims/{claim}/verdict")))
        .form(&[
            ("claim", claim.to_string().as_str()),
            ("version", "1"),
            ("reviewer", "nina"),
            ("status", "contradicted"),
            ("url", "https://www.state.gov/denial"),
            ("citation", "State Department, 12 May"),
            ("note", "The department denies the figure."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        post.status(),
        303,
        "never the raw 405 of a GET on the form address"
    );
    let to_login = location(&post);
    assert!(
        to_login.starts_with("/login?reason=expired&next="),
        "{to_login}"
    );
    let (status, login) = text(&browser, app.url(&to_login)).await;
    assert_eq!(status, 200);
    assert!(
        login.contains("Your session ended"),
        "the sign-in page says why"
    );

    let next = url::Url::parse(&app.url(&to_login))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert_eq!(
        next,
        format!("/articles/{article_id}?claim={claim}#claim-{claim}")
    );
    let signed_in = browser
        .post(app.url("/login"))
        .form(&[
            ("username", "nina"),
            ("password", PASSWORD),
            ("next", next.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    assert_eq!(location(&signed_in), next);

    // Back on the claim: everything typed is there, ready to save, and nothing was saved.
    let (status, page) = text(&browser, app.url(&next)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Your session ended before this verdict was saved"));
    assert!(page.contains(r#"value="contradicted" checked"#));
    assert!(page.contains(r#"value="https://www.state.gov/denial""#));
    assert!(page.contains(r#"value="State Department, 12 May""#));
    assert!(page.contains(">The department denies the figure.</textarea>"));
    let stored: serde_json::Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(stored["status"], "unreviewed");

    // What nina typed is offered to nina only: had someone else signed in on this browser,
    // they would not see it (nor save it under their name).
    let shared = app.browser();
    app.add_user("otto", Role::Reviewer, PASSWORD).await;
    app.sign_in(&shared, "nina", PASSWORD).await;
    assert_eq!(
        shared
            .post(app.url("/logout"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let typed = shared
        .post(app.url(&format!("/claims/{claim}/verdict")))
        .form(&[
            ("claim", claim.to_string().as_str()),
            ("version", "1"),
            ("reviewer", "nina"),
            ("status", "sourced"),
            ("url", "https://example.org/nina-only"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(typed.status(), 303);
    app.sign_in(&shared, "otto", PASSWORD).await;
    let (_, page) = text(&shared, app.url(&next)).await;
    assert!(
        !page.contains("nina-only"),
        "otto is not shown nina's verdict"
    );

    // A bounced or bookmarked form address leads to the claim, not to a 405.
    let bounced = browser
        .get(app.url(&format!("/claims/{claim}/verdict")))
        .send()
        .await
        .unwrap();
    assert_eq!(bounced.status(), 303);
    assert_eq!(
        location(&bounced),
        format!("/articles/{article_id}?claim={claim}#claim-{claim}")
    );
}

#[tokio::test]
async fn a_verdict_too_large_to_send_is_a_page_that_says_what_to_fix() {
    let app = TestApp::spawn().await;
    app.add_user("nina", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "nina", PASSWORD).await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let post = browser
        .post(app.url(&format!("/claims/{claim}/verdict")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("status=unsourced&version=1&note={huge}"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 413);
    assert!(
        post.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = post.text().await.unwrap();
    assert!(!page.contains("Failed to buffer"), "{page}");
    assert!(
        page.contains("at most 10000 characters"),
        "says what to fix"
    );
    assert!(
        page.contains(r#"id="verdict-form""#),
        "the form is there to try again"
    );
    assert!(
        page.contains(r#"maxlength="10000""#),
        "the note field shows its limit"
    );

    // A note within the post limit but over the field's: refused with the text kept.
    let long = "y".repeat(10_001);
    let refused = browser
        .post(app.url(&format!("/claims/{claim}/verdict")))
        .form(&[
            ("status", "unsourced"),
            ("version", "1"),
            ("note", long.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 303);
    let (_, page) = text(&browser, app.url(&location(&refused))).await;
    assert!(page.contains("is 10001 characters long; at most 10000 are allowed"));
    assert!(page.contains(&format!(">{long}</textarea>")));
}

#[tokio::test]
async fn a_form_sent_for_another_claim_is_refused() {
    let app = TestApp::spawn().await;
    app.add_user("nina", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let first = article["claims"][0]["id"].as_i64().unwrap();
    let second = article["claims"][1]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "nina", PASSWORD).await;
    let post = browser
        .post(app.url(&format!("/claims/{second}/verdict")))
        .form(&[
            ("claim", first.to_string().as_str()),
            ("version", "1"),
            ("status", "unsourced"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 400);
    assert!(post.text().await.unwrap().contains("opened for claim"));
    for id in [first, second] {
        let stored: serde_json::Value = app
            .get_json(&format!("/api/v1/claims/{id}"), &app.viewer)
            .await;
        assert_eq!(stored["status"], "unreviewed");
    }
}

#[tokio::test]
async fn links_that_lead_nowhere_are_clear_pages_with_the_navigation() {
    let app = TestApp::spawn().await;
    app.add_user("nina", Role::Reviewer, PASSWORD).await;
    let one = app.import("Cable", SAMPLE).await;
    let two = app
        .import("Other", "A second article. It has claims too.")
        .await;
    let foreign = two["claims"][0]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "nina", PASSWORD).await;

    let (status, page) = text(
        &browser,
        app.url(&format!("/articles/{}?claim={foreign}", one["id"])),
    )
    .await;
    assert_eq!(status, 404, "a claim of another article is not claim 1");
    assert!(page.contains(&format!("has no claim {foreign}")));
    assert!(
        page.contains(r#"<nav aria-label="Main">"#),
        "the navigation stays"
    );
    assert!(page.contains("nina"));

    // A claim link pasted with the sentence's full stop still finds the claim; a word where
    // the number goes is a readable page, not a raw parser message.
    let first = one["claims"][0]["id"].as_i64().unwrap();
    let (status, _) = text(
        &browser,
        app.url(&format!("/articles/{}?claim={first}.", one["id"])),
    )
    .await;
    assert_eq!(status, 200);
    let (status, page) = text(
        &browser,
        app.url(&format!("/articles/{}?claim=abc", one["id"])),
    )
    .await;
    assert_eq!(status, 400);
    assert!(page.contains("is not a claim number") && page.contains(r#"<nav aria-label="Main">"#));

    let (status, page) = text(&browser, app.url("/no/such/page")).await;
    assert_eq!(status, 404);
    assert!(page.contains(r#"<nav aria-label="Main">"#));
    let (status, page) = text(&browser, app.url("/admin/users")).await;
    assert_eq!(status, 403);
    assert!(page.contains(r#"<nav aria-label="Main">"#));

    // Signed out, a page sends you to sign in and says why only when a session ended.
    let stranger = app.browser();
    let response = stranger
        .get(app.url(&format!("/articles/{}", one["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert!(!location(&response).contains("reason=expired"));
}

#[tokio::test]
async fn the_status_page_links_to_exports_that_work_with_the_browser_session() {
    let app = TestApp::spawn().await;
    app.add_user("vera", Role::Viewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "vera", PASSWORD).await;
    let (status, page) = text(&browser, app.url(&format!("/articles/{id}/status"))).await;
    assert_eq!(status, 200);
    for link in [
        format!("/api/v1/export/claims.csv?article_id={id}"),
        format!("/api/v1/export/claims.ndjson?article_id={id}"),
        format!("/api/v1/articles/{id}/claimreview"),
        format!("/api/v1/articles/{id}/annotations.jsonld"),
    ] {
        let href = format!(r#"href="{}""#, link.replace('&', "&amp;"));
        assert!(page.contains(&href), "the status page links to {link}");
        let response = browser.get(app.url(&link)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{link} with the browser session");
    }
    // The dashboard links to every article's documents too.
    let (status, dashboard) = text(&browser, app.url("/dashboard")).await;
    assert_eq!(status, 200);
    for link in [
        format!("/api/v1/export/claims.csv?article_id={id}"),
        format!("/api/v1/articles/{id}/claimreview"),
        format!("/api/v1/articles/{id}/annotations.jsonld"),
        "/api/v1/export/claims.ndjson".to_owned(),
    ] {
        let href = format!(r#"href="{}""#, link.replace('&', "&amp;"));
        assert!(dashboard.contains(&href), "the dashboard links to {link}");
    }

    // The session reads; it never writes through the API.
    let write = browser
        .post(app.url("/api/v1/articles"))
        .json(&serde_json::json!({"title": "t", "body": "A claim."}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 401);
    // Without a session or a token, still 401.
    let anonymous = app
        .browser()
        .get(app.url(&format!("/api/v1/export/claims.csv?article_id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn assets_are_compressed_and_cached_for_good_under_hashed_names() {
    let app = TestApp::spawn().await;
    let login = app.browser().get(app.url("/login")).send().await.unwrap();
    let page = login.text().await.unwrap();
    let css = page
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|href| href.starts_with("/static/app.") && href.ends_with(".css"))
        .expect("a hashed stylesheet")
        .to_owned();
    assert_ne!(css, "/static/app.css");
    let response = app
        .client
        .get(app.url(&css))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let html = app
        .client
        .get(app.url("/login"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(html.headers()["content-encoding"], "br");
    let icon = app
        .client
        .get(app.url("/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["content-type"], "image/x-icon");
}

fn import_form(title: &str, body: &str, file: Option<(&str, Vec<u8>)>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new()
        .text("title", title.to_owned())
        .text("body", body.to_owned());
    if let Some((name, bytes)) = file {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    form
}

#[tokio::test]
async fn an_upload_that_is_not_text_comes_back_in_the_form_with_the_title() {
    let app = TestApp::spawn().await;
    app.add_user("edna", Role::Editor, PASSWORD).await;
    let browser = app.browser();
    app.sign_in(&browser, "edna", PASSWORD).await;
    for (file, bytes, says) in [
        (
            "scan.pdf",
            b"%PDF-1.7\n\x00\x01binary".to_vec(),
            "not a text file",
        ),
        (
            "latin1.txt",
            b"Le caf\xe9 est ferm\xe9.".to_vec(),
            "not UTF-8",
        ),
    ] {
        let response = browser
            .post(app.url("/articles"))
            .multipart(import_form("Cable on migration", "", Some((file, bytes))))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{file}");
        let page = response.text().await.unwrap();
        assert!(page.contains(says), "{file}: {page}");
        assert!(page.contains(file));
        assert!(
            page.contains(r#"value="Cable on migration""#),
            "the title typed is kept"
        );
        assert!(page.contains(r#"id="body""#), "the form is there");
    }
}

#[tokio::test]
async fn pasting_an_imported_article_and_uploading_its_file_find_the_same_article() {
    let app = TestApp::spawn().await;
    app.add_user("edna", Role::Editor, PASSWORD).await;
    let browser = app.browser();
    app.sign_in(&browser, "edna", PASSWORD).await;
    // Browsers send a pasted text with CRLF line breaks; the file has LF.
    let pasted = SAMPLE.replace('\n', "\r\n");
    let first = browser
        .post(app.url("/articles"))
        .multipart(import_form("Cable", &pasted, None))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 303);
    let article = location(&first);
    let (_, page) = text(&browser, app.url(&article)).await;
    assert!(page.contains("Imported."));

    let again = browser
        .post(app.url("/articles"))
        .multipart(import_form(
            "Cable",
            "",
            Some(("cable.txt", SAMPLE.as_bytes().to_vec())),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 303);
    assert_eq!(location(&again), article, "the same article");
    let (_, page) = text(&browser, app.url(&article)).await;
    assert!(page.contains("was imported before"), "and it says so");
    let (_, reloaded) = text(&browser, app.url(&article)).await;
    assert!(!reloaded.contains("was imported before"), "once");

    let pasted_again = browser
        .post(app.url("/articles"))
        .multipart(import_form("Cable", &pasted, None))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&pasted_again), article);
}

#[tokio::test]
async fn a_panel_lists_the_newest_verdicts_and_links_to_all_of_them() {
    let app = TestApp::spawn().await;
    app.add_user("nina", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    for i in 0..23 {
        let body = serde_json::json!({"status": "unsourced", "note": format!("pass {i:02}")});
        assert_eq!(app.annotate(claim, &body).await.status(), 201);
    }
    let browser = app.browser();
    app.sign_in(&browser, "nina", PASSWORD).await;
    let page_url = format!("/articles/{}?claim={claim}", article["id"]);
    let (_, page) = text(&browser, app.url(&page_url)).await;
    assert!(page.contains("The newest 20 of 23 verdicts"));
    assert!(page.contains("pass 22") && !page.contains("pass 02"));
    assert!(page.contains(&format!("?claim={claim}&amp;history=all#history")));
    let (status, all) = text(&browser, app.url(&format!("{page_url}&history=all"))).await;
    assert_eq!(status, 200);
    assert!(all.contains("pass 02") && all.contains("pass 00"));
    assert!(!all.contains("The newest 20"));
}
