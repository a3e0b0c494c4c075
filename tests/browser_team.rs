//! The team workflow in a real headless Chromium: an editor assigning claims, a blind double
//! review that ends in a dispute an editor settles, and a comment thread with a mention.

mod common;

use claimdesk::domain::Role;
use common::browser::{Browser, ENTER, PASSWORD};
use common::claim_ids;
use common::{SAMPLE, TestApp};
use fantoccini::Locator;
use serde_json::{Value, json};

async fn stored(app: &TestApp, claim: i64) -> Value {
    app.get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await
}

/// Signs the browser out (its cookies go) and in as `name`.
async fn become_user(browser: &Browser, app: &TestApp, name: &str) {
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(app, name).await;
}

async fn queue_count(browser: &Browser) -> String {
    browser.wait_for("#queue-count").await.text().await.unwrap()
}

#[tokio::test]
async fn an_editor_assigns_claims_and_they_wait_in_each_queue() {
    let app = TestApp::spawn().await;
    app.add_user("erin", Role::Editor, PASSWORD).await;
    app.add_user("ann", Role::Reviewer, PASSWORD).await;
    app.add_user("ben", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);
    let browser = Browser::start(true).await;
    browser.sign_in(&app, "erin").await;
    browser
        .client
        .goto(&app.url(&format!("/articles/{id}/status")))
        .await
        .unwrap();
    browser.wait_for("form.assign").await;
    for name in ["ann", "ben"] {
        browser
            .click(&format!("form.assign input[value=\"{name}\"]"))
            .await;
    }
    browser.click("#mode-rr").await;
    browser.click("form.assign button[type=submit]").await;
    browser.wait_for("table.assignments").await;
    let table = browser
        .field("table.assignments")
        .await
        .text()
        .await
        .unwrap();
    assert!(table.contains("ann") && table.contains("ben"), "{table}");
    browser.screenshot("team-assigned").await;

    become_user(&browser, &app, "ann").await;
    assert_eq!(
        queue_count(&browser).await,
        claims.len().div_ceil(2).to_string()
    );
    browser.click(".queue-link").await;
    browser.wait_for("table.queue").await;
    let first = browser
        .client
        .find(Locator::Css("table.queue tbody tr a"))
        .await
        .unwrap();
    first.click().await.unwrap();
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", claims[0]))
        .await;
    // A verdict by keyboard takes the claim out of her queue.
    browser.keys("2").await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{}.status-unsourced", claims[0]))
        .await;
    browser.client.refresh().await.unwrap();
    assert_eq!(
        queue_count(&browser).await,
        (claims.len().div_ceil(2) - 1).to_string()
    );
}

#[tokio::test]
async fn a_blind_double_review_ends_in_a_dispute_an_editor_settles() {
    let app = TestApp::spawn().await;
    app.add_user("erin", Role::Editor, PASSWORD).await;
    app.add_user("ann", Role::Reviewer, PASSWORD).await;
    app.add_user("ben", Role::Reviewer, PASSWORD).await;
    let article: Value = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Cable", "body": SAMPLE, "reviews_required": 2}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = article["id"].as_i64().unwrap();
    let claim = claim_ids(&article)[1];
    let at_claim = format!("/articles/{id}?claim={claim}");
    let browser = Browser::start(true).await;

    browser.sign_in(&app, "ann").await;
    browser.open_article(&app, &at_claim).await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{claim}\"]"))
        .await;
    browser.keys("2").await;
    browser.keys(ENTER).await;
    // The panel moves on; the claim keeps its status until the second review.
    browser
        .wait_for(&format!(".panel-inner:not([data-claim-id=\"{claim}\"])"))
        .await;
    assert_eq!(stored(&app, claim).await["status"], "unreviewed");
    assert_eq!(
        stored(&app, claim).await["review"]["state"],
        "awaiting_second"
    );
    // No longer hers to do: the page's next-claim keys pass it by.
    let mine = browser
        .client
        .execute(
            &format!("return document.getElementById('claim-{claim}').dataset.mine || '';"),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(mine, "waiting");

    become_user(&browser, &app, "ben").await;
    browser.open_article(&app, &at_claim).await;
    let panel = browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{claim}\"]"))
        .await;
    let text = panel.text().await.unwrap();
    assert!(text.contains("1 of 2 reviews in"), "{text}");
    assert!(
        !text.contains("ann:"),
        "ann's review is hidden from ben: {text}"
    );
    browser.keys("1").await;
    browser.keys("https://www.state.gov/cable").await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!(".panel-inner:not([data-claim-id=\"{claim}\"])"))
        .await;
    assert_eq!(stored(&app, claim).await["review"]["state"], "disputed");

    become_user(&browser, &app, "erin").await;
    browser.client.goto(&app.url("/disputes")).await.unwrap();
    let dispute = browser.wait_for(&format!("#dispute-{claim}")).await;
    let side_by_side = dispute.text().await.unwrap();
    assert!(
        side_by_side.contains("ann") && side_by_side.contains("ben"),
        "{side_by_side}"
    );
    browser.screenshot("team-dispute").await;
    browser
        .click(&format!("label[for=\"settle-{claim}-contradicted\"]"))
        .await;
    browser
        .type_into(
            &format!("#settle-{claim}-url"),
            "https://www.state.gov/denial",
        )
        .await;
    browser
        .type_into(
            &format!("#settle-{claim}-note"),
            "The department denies it.",
        )
        .await;
    browser
        .click(&format!("#dispute-{claim} button[type=submit]"))
        .await;
    browser.wait_for("main p.empty").await;
    let settled = stored(&app, claim).await;
    assert_eq!(settled["status"], "contradicted");
    assert_eq!(settled["review"]["state"], "settled");
    assert_eq!(settled["updated_by"], "erin");
}

#[tokio::test]
async fn a_comment_mentions_a_reviewer_who_answers_in_the_thread() {
    let app = TestApp::spawn().await;
    app.add_user("ann", Role::Reviewer, PASSWORD).await;
    app.add_user("ben", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claim = claim_ids(&article)[2];
    let at_claim = format!("/articles/{id}?claim={claim}");
    let browser = Browser::start(true).await;

    browser.sign_in(&app, "ann").await;
    browser.open_article(&app, &at_claim).await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{claim}\"]"))
        .await;
    browser.keys("c").await;
    browser
        .keys("@ben could you find the cable's own figure?")
        .await;
    browser.click(".comment-form button[type=submit]").await;
    let posted = browser.wait_for(".discussion .comment").await;
    assert!(
        posted
            .text()
            .await
            .unwrap()
            .contains("could you find the cable's own figure?")
    );

    become_user(&browser, &app, "ben").await;
    assert_eq!(queue_count(&browser).await, "1");
    browser.client.goto(&app.url("/queue")).await.unwrap();
    let row = browser.wait_for("table.queue tbody tr").await;
    assert!(row.text().await.unwrap().contains("You were mentioned"));
    browser.click("table.queue tbody tr a").await;
    browser.wait_for(".discussion .comment").await;
    browser.click(".discussion details.reply summary").await;
    browser
        .type_into(
            ".discussion details.reply textarea",
            "Paragraph 4 of the cable.",
        )
        .await;
    browser
        .click(".discussion details.reply button[type=submit]")
        .await;
    browser.wait_for(".discussion .comment.depth-1").await;
    browser.screenshot("team-thread").await;
    assert_eq!(queue_count(&browser).await, "0");
    let thread = app
        .get_json(&format!("/api/v1/claims/{claim}/comments"), &app.viewer)
        .await;
    assert_eq!(thread["items"][1]["parent_id"], thread["items"][0]["id"]);
    assert_eq!(thread["items"][1]["author"], "ben");
}
