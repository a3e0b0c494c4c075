//! The pages over HTTP: sign-in, sessions, roles, forms without JavaScript, security headers.

mod common;

use claimdesk::domain::Role;
use common::{SAMPLE, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

async fn text(client: &Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn pages_need_sign_in_and_come_back_after_it() {
    let app = TestApp::spawn().await;
    app.add_user("rev", Role::Reviewer, PASSWORD).await;
    let browser = app.browser();
    let response = browser
        .get(app.url("/articles/1?claim=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/login?next=%2Farticles%2F1%3Fclaim%3D2"
    );

    let wrong = browser
        .post(app.url("/login"))
        .form(&[("name", "rev"), ("password", "nope"), ("next", "/articles")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().await.unwrap().contains("do not match"));

    let ok = browser
        .post(app.url("/login"))
        .form(&[
            ("name", "rev"),
            ("password", PASSWORD),
            ("next", "/dashboard"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/dashboard");
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain-HTTP deployments must not get Secure cookies"
    );

    let (status, page) = text(&browser, app.url("/dashboard")).await;
    assert_eq!(status, 200);
    assert!(page.contains("rev"));

    // Signing out ends the session on the server, not just in the browser.
    let out = browser.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(out.status(), 303);
    assert_eq!(
        browser
            .get(app.url("/dashboard"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited() {
    let app = TestApp::spawn().await;
    app.add_user("rev", Role::Reviewer, PASSWORD).await;
    let browser = app.browser();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = browser
            .post(app.url("/login"))
            .form(&[("name", "rev"), ("password", "guess")])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(&statuses[..10], &[401; 10]);
    assert_eq!(&statuses[10..], &[429, 429]);
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let app = TestApp::spawn().await;
    app.add_user("rev", Role::Reviewer, PASSWORD).await;
    let response = app
        .browser()
        .post(app.url("/login"))
        .header("Sec-Fetch-Site", "cross-site")
        .header("Origin", "https://evil.example")
        .form(&[("name", "rev"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn every_page_carries_strict_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let css = app
        .client
        .get(app.url("/static/app.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn no_js_import_annotate_and_status() {
    let app = TestApp::spawn().await;
    app.add_user("ed", Role::Editor, PASSWORD).await;
    let browser = app.browser();
    app.sign_in(&browser, "ed", PASSWORD).await;

    let form = reqwest::multipart::Form::new()
        .text("title", "Cable <b>story</b>")
        .text("body", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(SAMPLE.as_bytes().to_vec()).file_name("cable.txt"),
        );
    let imported = browser
        .post(app.url("/articles"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 303);
    let location = imported.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = text(&browser, app.url(&location)).await;
    assert_eq!(status, 200);
    assert!(!page.contains("Cable <b>story"), "titles are escaped");
    assert!(
        page.contains("Cable &#60;b&#62;story") || page.contains("Cable &lt;b&gt;story"),
        "titles are escaped"
    );
    assert_eq!(
        page.matches("class=\"claim status-unreviewed\"").count(),
        15
    );
    assert!(page.contains("<h2 class=\"block heading\">"));

    let article_id: i64 = location.trim_start_matches("/articles/").parse().unwrap();
    let api: serde_json::Value = app
        .get_json(&format!("/api/v1/articles/{article_id}"), &app.viewer)
        .await;
    let first = api["claims"][0]["id"].as_i64().unwrap();
    let second = api["claims"][1]["id"].as_i64().unwrap();

    // A verdict through the plain form redirects to the next unreviewed claim.
    let saved = browser
        .post(app.url(&format!("/claims/{first}/verdict")))
        .form(&[
            ("status", "contradicted"),
            ("url", "https://www.state.gov/statement"),
            ("citation", ""),
            ("note", "Denied by the department."),
            ("version", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    assert_eq!(
        saved.headers()["location"],
        format!("/articles/{article_id}?claim={second}#claim-{second}").as_str()
    );

    // Missing source: the page comes back with the form filled in and says what to fix.
    let refused = browser
        .post(app.url(&format!("/claims/{second}/verdict")))
        .form(&[
            ("status", "sourced"),
            ("url", ""),
            ("citation", ""),
            ("note", "kept"),
            ("version", "1"),
        ])
        .send()
        .await
        .unwrap();
    // Post/redirect/get: the answer is a redirect back to the claim, so a reload of the page
    // that shows the message never posts the form again.
    assert_eq!(refused.status(), 303);
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        back,
        format!("/articles/{article_id}?claim={second}#claim-{second}")
    );
    let (status, page) = text(&browser, app.url(&back)).await;
    assert_eq!(status, 200);
    assert!(page.contains("needs a source"));
    assert!(page.contains(">kept</textarea>"));
    let (_, reloaded) = text(&browser, app.url(&back)).await;
    assert!(
        !reloaded.contains("needs a source"),
        "the message shows once"
    );

    let (status, page) = text(&browser, app.url(&format!("/articles/{article_id}/status"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("https://www.state.gov/statement"));
    assert!(page.contains("Denied by the department."));
    assert!(
        page.contains("Contradicted: 1"),
        "the stacked bar is labelled"
    );
    let (_, dashboard) = text(&browser, app.url("/dashboard?sort=contradicted&dir=desc")).await;
    assert!(dashboard.contains("marked"));
    assert!(dashboard.contains("aria-sort=\"descending\""));
}

#[tokio::test]
async fn a_stale_form_shows_the_newer_verdict_instead_of_overwriting() {
    let app = TestApp::spawn().await;
    app.add_user("rev", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    // Someone else records a verdict after our page loaded version 1.
    let other = app
        .annotate(
            claim,
            &json!({"status": "unsourced", "note": "nothing found in the archive"}),
        )
        .await;
    assert_eq!(other.status(), 201);

    let browser = app.browser();
    app.sign_in(&browser, "rev", PASSWORD).await;
    let response = browser
        .post(app.url(&format!("/claims/{claim}/verdict")))
        .form(&[
            ("status", "sourced"),
            ("url", "https://example.org/src"),
            ("citation", ""),
            ("note", ""),
            ("version", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let back = response.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = text(&browser, app.url(&back)).await;
    assert_eq!(status, 200);
    assert!(page.contains("someone else changed this claim"));
    assert!(
        page.contains("name=\"version\" value=\"2\""),
        "saving again replaces the newer verdict knowingly"
    );
    assert!(page.contains("nothing found in the archive"));
    assert!(
        page.contains("value=\"https://example.org/src\""),
        "what the reviewer typed is kept"
    );
    let now: serde_json::Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(now["status"], "unsourced");
    assert_eq!(now["version"], 2);
}

#[tokio::test]
async fn roles_gate_the_pages() {
    let app = TestApp::spawn().await;
    app.add_user("viewer1", Role::Viewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "viewer1", PASSWORD).await;
    let (status, page) = text(&browser, app.url(&format!("/articles/{}", article["id"]))).await;
    assert_eq!(status, 200);
    assert!(page.contains("needs the reviewer role"));
    assert_eq!(text(&browser, app.url("/articles/new")).await.0, 403);
    assert_eq!(text(&browser, app.url("/admin/users")).await.0, 403);
    let post = browser
        .post(app.url(&format!("/claims/{claim}/verdict")))
        .form(&[("status", "unsourced"), ("version", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 403);
}

#[tokio::test]
async fn admins_manage_users_and_tokens_shown_once() {
    let app = TestApp::spawn().await;
    app.add_user("boss", Role::Admin, PASSWORD).await;
    let browser = app.browser();
    app.sign_in(&browser, "boss", PASSWORD).await;

    let added = browser
        .post(app.url("/admin/users"))
        .form(&[
            ("name", "newbie"),
            ("role", "reviewer"),
            ("password", "a fine password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 303);
    let duplicate = browser
        .post(app.url("/admin/users"))
        .form(&[("name", "newbie"), ("role", "viewer"), ("password", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), 409);

    let created = browser
        .post(app.url("/admin/tokens"))
        .form(&[("user", "newbie"), ("label", "newsroom bot")])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let page = created.text().await.unwrap();
    let start = page.find("cdk_").unwrap();
    let token: String = page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    assert_eq!(app.get("/api/v1/articles", &token).await.status(), 200);
    let (_, listing) = text(&browser, app.url("/admin/tokens")).await;
    assert!(
        listing.contains("newsroom bot") && !listing.contains(&token),
        "shown once"
    );

    let tokens = app
        .client
        .get(app.url("/api/v1/articles"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(tokens.status(), 200);
    let id_marker = "/admin/tokens/";
    let ids: Vec<&str> = listing
        .match_indices(id_marker)
        .map(|(i, _)| &listing[i + id_marker.len()..])
        .map(|s| s.split('/').next().unwrap())
        .collect();
    let last = ids.last().unwrap();
    let revoked = browser
        .post(app.url(&format!("/admin/tokens/{last}/revoke")))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);
    assert_eq!(app.get("/api/v1/articles", &token).await.status(), 401);
}

#[tokio::test]
async fn first_run_setup_link_claims_the_instance_once() {
    let app = TestApp::spawn_unclaimed("s3cret-setup-link").await;
    let browser = app.browser();
    assert_eq!(text(&browser, app.url("/setup?token=guess")).await.0, 403);
    let (status, form) = text(&browser, app.url("/setup?token=s3cret-setup-link")).await;
    assert_eq!(status, 200);
    assert!(form.contains("Create administrator"));

    let short = browser
        .post(app.url("/setup"))
        .form(&[
            ("token", "s3cret-setup-link"),
            ("name", "chief"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 422);
    let created = browser
        .post(app.url("/setup"))
        .form(&[
            ("token", "s3cret-setup-link"),
            ("name", "chief"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 303);
    let (status, page) = text(&browser, app.url("/admin/users")).await;
    assert_eq!(status, 200, "the new admin is signed in");
    assert!(page.contains("chief"));

    // Once an account exists, the link is dead, even with the right token.
    let again = app
        .browser()
        .post(app.url("/setup"))
        .form(&[
            ("token", "s3cret-setup-link"),
            ("name", "intruder"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
}

/// The first body row of the first table in `html`.
fn first_row(html: &str) -> &str {
    let start = html.find("<tr class=").unwrap();
    let end = start + html[start..].find("</tr>").unwrap();
    &html[start..end]
}

#[tokio::test]
async fn triage_and_corrections_work_without_javascript() {
    let app = TestApp::spawn().await;
    app.add_user("rev", Role::Reviewer, PASSWORD).await;
    app.add_user("vi", Role::Viewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = article["claims"].as_array().unwrap();
    let mut by_score: Vec<&serde_json::Value> = claims.iter().collect();
    by_score.sort_by(|a, b| {
        let score = |c: &serde_json::Value| c["checkworthiness"].as_f64().unwrap();
        score(b).total_cmp(&score(a))
    });
    let top = by_score[0]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "rev", PASSWORD).await;

    // The annotate page lists check-worthy claims, most check-worthy first.
    let (status, page) = text(&browser, app.url(&format!("/articles/{id}?triage=all"))).await;
    assert_eq!(status, 200);
    let list = &page[page.find("class=\"list claims triage\"").unwrap()..];
    let first_link = format!("?claim={top}#claim-{top}");
    assert!(
        first_row(list).contains(&first_link),
        "the most check-worthy claim leads the triage list"
    );
    assert_eq!(list.matches("<tr class=").count(), claims.len());

    // The panel says what was read in the claim, and takes a correction by plain form.
    let claim = claims[1]["id"].as_i64().unwrap();
    let (_, panel) = text(&browser, app.url(&format!("/articles/{id}?claim={claim}"))).await;
    assert!(panel.contains("Check-worthiness "), "the score is shown");
    assert!(panel.contains("class=\"speaker\""), "the speaker is shown");
    let saved = browser
        .post(app.url(&format!("/claims/{claim}/reading")))
        .form(&[
            ("speaker", "Reuters"),
            ("summary", "Cable cites migrant crime"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let (_, panel) = text(&browser, app.url(&location)).await;
    assert!(panel.contains("Saved: the speaker and summary are as shown."));
    assert!(panel.contains("Said by <strong class=\"speaker\">Reuters</strong>"));
    assert!(panel.contains("Summary: Cable cites migrant crime"));
    let api = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(api["attribution"]["speaker"], "Reuters");

    // A summary too long is refused with the reason, and nothing changes.
    let long = "x".repeat(300);
    let refused = browser
        .post(app.url(&format!("/claims/{claim}/reading")))
        .form(&[("speaker", "Someone else"), ("summary", long.as_str())])
        .send()
        .await
        .unwrap();
    let location = refused.headers()["location"].to_str().unwrap().to_owned();
    let (_, panel) = text(&browser, app.url(&location)).await;
    assert!(
        panel.contains("Not saved: summary is 300 characters long"),
        "{panel}"
    );
    let api = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(api["attribution"]["speaker"], "Reuters");

    // The status page puts the most check-worthy unreviewed claims first.
    let (_, status_page) = text(&browser, app.url(&format!("/articles/{id}/status"))).await;
    let check_first = &status_page[status_page.find("id=\"check-first-title\"").unwrap()..];
    assert!(first_row(check_first).contains(&first_link));

    // Viewers read, but do not correct.
    let viewer = app.browser();
    app.sign_in(&viewer, "vi", PASSWORD).await;
    let (_, panel) = text(&viewer, app.url(&format!("/articles/{id}?claim={claim}"))).await;
    assert!(!panel.contains("/reading\""));
    let denied = viewer
        .post(app.url(&format!("/claims/{claim}/reading")))
        .form(&[("speaker", "x"), ("summary", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);
}
