//! End-to-end in a real headless Chromium, driven through chromedriver: sign in, import the
//! sample article, tag claims with the keyboard, watch the status page and dashboard change,
//! the no-JavaScript form path, a conflict, and an XSS attempt shown as text. Screenshots of the
//! main pages land in `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `scripts/test.sh` installs them.

mod common;

use claimdesk::domain::Role;
use common::browser::{Browser, ENTER, PASSWORD, PATIENCE};
use common::claim_ids;
use common::{SAMPLE, TestApp};
use fantoccini::Locator;
use serde_json::{Value, json};

#[tokio::test]
async fn fact_checker_tags_claims_with_the_keyboard() {
    let app = TestApp::spawn().await;
    app.add_user("eddie.e2e", Role::Editor, PASSWORD).await;
    let browser = Browser::start(true).await;
    browser.sign_in(&app, "eddie.e2e").await;

    // Import the sample article through the page.
    browser
        .client
        .goto(&app.url("/articles/new"))
        .await
        .unwrap();
    browser.type_into("#title", "State Department cable").await;
    browser
        .client
        .execute(
            "document.getElementById('body').value = arguments[0];",
            vec![json!(SAMPLE)],
        )
        .await
        .unwrap();
    browser.click("form.card button[type=submit]").await;
    browser.wait_for(".annotate").await;
    let path = browser
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .to_owned();
    let article_id: i64 = path.trim_start_matches("/articles/").parse().unwrap();
    let article: Value = app
        .get_json(&format!("/api/v1/articles/{article_id}"), &app.viewer)
        .await;
    let ids = claim_ids(&article);
    assert_eq!(ids.len(), 15);
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[0]))
        .await;

    // j from the claim the page preselected goes to the next one, and k comes back; with
    // focus on a verdict choice, j and k still move.
    browser
        .open_article(&app, &format!("/articles/{article_id}"))
        .await;
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[0]))
        .await;
    browser.keys("j").await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[1]))
        .await;
    browser.click("label[for=status-unsourced]").await;
    browser.keys("k").await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[0]))
        .await;
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[0]))
        .await;

    // 1: sourced; the URL field takes focus; Enter saves and moves on.
    browser.keys("1").await;
    browser.keys("https://www.reuters.com/world/us/cable").await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{}.status-sourced", ids[0]))
        .await;
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[1]))
        .await;

    // 2: unsourced needs no source; Enter saves.
    browser.keys("2").await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{}.status-unsourced", ids[1]))
        .await;
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[2]))
        .await;

    // k and j move between claims.
    browser.keys("k").await;
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[1]))
        .await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[1]))
        .await;
    browser.keys("j").await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[2]))
        .await;

    // 3: contradicted, with the evidence.
    browser.keys("3").await;
    browser
        .keys("https://www.state.gov/briefings/response")
        .await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{}.status-contradicted", ids[2]))
        .await;
    assert_eq!(browser.text_of("#progress-text").await, "3 of 15 reviewed");

    // ? shows the shortcuts.
    browser.keys("?").await;
    // Keys go to whatever has focus: the page until the dialog has taken it.
    browser.wait_for("dialog#shortcuts[open] :focus").await;
    browser.keys("?").await;
    browser
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(
            "dialog#shortcuts:not([open]):not(:focus-within)",
        ))
        .await
        .unwrap();
    browser
        .open_article(&app, &format!("/articles/{article_id}?claim={}", ids[2]))
        .await;
    browser.screenshot("annotate").await;

    // The verdicts are really stored.
    let stored: Value = app
        .get_json(&format!("/api/v1/articles/{article_id}"), &app.viewer)
        .await;
    assert_eq!(
        stored["counts"],
        json!({"unreviewed": 12, "sourced": 1, "unsourced": 1, "contradicted": 1, "dismissed": 0})
    );
    assert_eq!(
        stored["claims"][0]["sources"][0]["url"],
        "https://www.reuters.com/world/us/cable"
    );

    // The status page and the dashboard show it.
    browser
        .client
        .goto(&app.url(&format!("/articles/{article_id}/status")))
        .await
        .unwrap();
    let page = browser.client.source().await.unwrap();
    assert!(page.contains("20% reviewed"));
    assert!(page.contains("https://www.state.gov/briefings/response"));
    assert!(
        page.contains(
            article["claims"][2]["text"]
                .as_str()
                .unwrap()
                .split('“')
                .next()
                .unwrap()
        )
    );
    browser.screenshot("status").await;
    browser.client.goto(&app.url("/dashboard")).await.unwrap();
    let dashboard = browser.client.source().await.unwrap();
    assert!(dashboard.contains("3 of 15 claims reviewed"));
    assert!(dashboard.contains("eddie.e2e"));
    browser.screenshot("dashboard").await;
    browser.client.goto(&app.url("/articles")).await.unwrap();
    browser.screenshot("articles").await;

    // A phone's width: the panel stacks under the text and nothing scrolls sideways.
    browser.client.set_window_size(390, 844).await.unwrap();
    browser
        .open_article(&app, &format!("/articles/{article_id}"))
        .await;
    let layout = browser
        .client
        .execute(
            "const panel = document.getElementById('panel').getBoundingClientRect();
             const text = document.querySelector('.article-text').getBoundingClientRect();
             return [panel.top > text.bottom - 1,
                     document.documentElement.scrollWidth <= window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(layout, json!([true, true]), "phone layout");
    browser.screenshot("annotate-phone").await;
    browser.client.set_window_size(1280, 1000).await.unwrap();

    // A conflict: someone else records a verdict on claim 4 after the page loaded it.
    browser
        .client
        .goto(&app.url(&format!("/articles/{article_id}?claim={}", ids[3])))
        .await
        .unwrap();
    browser
        .wait_for(&format!(
            ".panel-inner[data-claim-id=\"{}\"][data-version=\"1\"]",
            ids[3]
        ))
        .await;
    let other = app
        .annotate(ids[3], &json!({"status": "contradicted", "sources": [{"citation": "Census 2020"}], "note": "numbers disagree"}))
        .await;
    assert_eq!(other.status(), 201);
    browser.type_into(&format!("#claim-{}", ids[3]), "2").await;
    browser.keys(ENTER).await;
    let alert = browser.wait_for(".alert.conflict").await;
    assert!(
        alert
            .text()
            .await
            .unwrap()
            .contains("someone else changed this claim")
    );
    assert!(browser.text_of("#panel").await.contains("numbers disagree"));
    browser
        .wait_for(&format!("#claim-{}.status-contradicted", ids[3]))
        .await;
    browser.screenshot("conflict").await;
    let kept: Value = app
        .get_json(&format!("/api/v1/claims/{}", ids[3]), &app.viewer)
        .await;
    assert_eq!(kept["status"], "contradicted");
    assert_eq!(kept["history"].as_array().unwrap().len(), 1);

    browser.client.close().await.unwrap();
}

#[tokio::test]
async fn script_in_an_article_is_shown_as_text() {
    let app = TestApp::spawn().await;
    app.add_user("rita.e2e", Role::Reviewer, PASSWORD).await;
    let hostile = "Officials said <script>window.__xss = 1</script> nothing happened.\n\
                   <img src=x onerror=\"window.__xss = 2\"> The image claim is fake.";
    let article = app
        .import("<script>window.__xss = 3</script> headline", hostile)
        .await;
    let browser = Browser::start(true).await;
    browser.sign_in(&app, "rita.e2e").await;
    browser
        .open_article(&app, &format!("/articles/{}", article["id"]))
        .await;
    let injected = browser
        .client
        .execute("return typeof window.__xss;", vec![])
        .await
        .unwrap();
    assert_eq!(injected, json!("undefined"));
    let text = browser.text_of(".article-text").await;
    assert!(text.contains("<script>window.__xss = 1</script>"), "{text}");
    assert!(
        text.contains("<img src=x onerror=\"window.__xss = 2\">"),
        "{text}"
    );
    assert!(
        browser
            .text_of("h1")
            .await
            .contains("<script>window.__xss = 3</script>")
    );
    browser.screenshot("xss-as-text").await;
    browser.client.close().await.unwrap();
}

#[tokio::test]
async fn everything_works_without_javascript() {
    let app = TestApp::spawn().await;
    app.add_user("nojs", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let ids = claim_ids(&article);
    let browser = Browser::start(false).await;
    browser.sign_in(&app, "nojs").await;
    browser
        .open_article(&app, &format!("/articles/{}", article["id"]))
        .await;
    // The page's own script never ran (it would have marked the document).
    let marked = browser
        .client
        .execute("return document.documentElement.className;", vec![])
        .await
        .unwrap();
    assert_eq!(marked, json!(""), "JavaScript is really off");

    // Select the fifth claim by its link, then record a verdict through the plain form.
    browser.click(&format!("#claim-{}", ids[4])).await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[4]))
        .await;
    browser.click("label[for=status-contradicted]").await;
    browser
        .type_into("#source-url", "https://www.nytimes.com/report")
        .await;
    browser.type_into("#note", "The quoted text differs.").await;
    browser.click("#verdict-form button[type=submit]").await;
    browser
        .wait_for(&format!("#claim-{}.status-contradicted", ids[4]))
        .await;
    // The form moved on to the next unreviewed claim.
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[5]))
        .await;
    browser.screenshot("no-js-annotate").await;

    let stored: Value = app
        .get_json(&format!("/api/v1/claims/{}", ids[4]), &app.viewer)
        .await;
    assert_eq!(stored["status"], "contradicted");
    assert_eq!(stored["note"], "The quoted text differs.");
    assert_eq!(stored["updated_by"], "nojs");
    browser.client.close().await.unwrap();
}
