//! A fast reviewer on a slow network, in a real headless Chromium: every request waits 400 ms
//! more (Chromium's own network emulation), keys come 90-150 ms apart and nobody waits for
//! the page. Every verdict must land on the claim that was highlighted when its key was
//! pressed, and none may be lost.

mod common;

use std::time::Duration;

use claimdesk::domain::Role;
use common::browser::{Browser, PASSWORD, typing_gaps};
use common::claim_ids;
use common::{SAMPLE, TestApp};
use fantoccini::Locator;
use serde_json::Value;

/// How long the whole run may take to settle once the last key is pressed (a bound).
const SETTLE: Duration = Duration::from_secs(120);

/// What the reviewer does on claim `i`: the verdict key, the source typed after it (for
/// sourced and contradicted), and Enter.
fn verdict_for(i: usize) -> (&'static str, &'static str, Option<String>) {
    match i % 3 {
        0 => (
            "1",
            "sourced",
            Some(format!("https://example.org/source/{i}")),
        ),
        1 => ("2", "unsourced", None),
        _ => (
            "3",
            "contradicted",
            Some(format!("https://example.org/evidence/{i}")),
        ),
    }
}

#[tokio::test]
async fn verdicts_land_on_the_highlighted_claim_on_a_slow_network() {
    let app = TestApp::spawn().await;
    app.add_user("fast.rita", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let ids = claim_ids(&article);
    assert_eq!(ids.len(), 15);

    let browser = Browser::start(true).await;
    browser.sign_in(&app, "fast.rita").await;
    browser.emulate_latency(Duration::from_millis(400)).await;
    browser
        .open_article(
            &app,
            &format!("/articles/{}?claim={}", article["id"], ids[0]),
        )
        .await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[0]))
        .await;
    // The emulation is really on: the page itself took at least the added latency.
    let waited = browser
        .client
        .execute_async(
            "const done = arguments[0];
             const start = performance.now();
             fetch('/healthz').then(() => done(performance.now() - start));",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        waited.as_f64().unwrap() >= 350.0,
        "network emulation is not in effect: {waited}"
    );

    let mut gaps = typing_gaps(20_261_202);
    for i in 0..ids.len() {
        let (key, _, source) = verdict_for(i);
        let mut keys: Vec<String> = vec![key.to_owned()];
        if let Some(url) = &source {
            keys.extend(url.chars().map(String::from));
        }
        keys.push("Enter".to_owned());
        // Now and then the reviewer looks ahead and comes back before going on: after Enter
        // the next claim is highlighted, `j` moves past it and `k` returns (or the other way).
        match i % 5 {
            1 => keys.extend(["j", "k"].map(String::from)),
            3 if i + 1 < ids.len() => keys.extend(["k", "j"].map(String::from)),
            _ => {}
        }
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        browser.type_paced(&keys, &mut gaps).await;
    }

    // Every request answered, nothing held: then look at what was stored.
    browser
        .client
        .wait()
        .at_most(SETTLE)
        .for_element(Locator::Css(".annotate[data-pending=\"0\"]"))
        .await
        .expect("the page settled");
    browser.screenshot("slow-network-done").await;
    let notices = browser.text_of("#notices").await;
    assert!(notices.trim().is_empty(), "nothing was refused: {notices}");

    let mut right = 0;
    let mut wrong = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let claim: Value = app
            .get_json(&format!("/api/v1/claims/{id}"), &app.viewer)
            .await;
        let (_, status, source) = verdict_for(i);
        let url = claim["sources"][0]["url"].as_str().map(str::to_owned);
        let history = claim["history"].as_array().unwrap().len();
        if claim["status"] == status && url == source && history == 1 {
            right += 1;
        } else {
            wrong.push(format!(
                "claim {} ({id}): wanted {status} {source:?}, stored {} {url:?} with {history} verdicts",
                i + 1,
                claim["status"]
            ));
        }
    }
    assert_eq!(right, 15, "verdicts on the wrong claim or lost: {wrong:#?}");
    assert_eq!(browser.text_of("#progress-text").await, "15 of 15 reviewed");
    // After the last claim: the summary.
    browser.wait_for(".panel-inner.done").await;
    browser.client.close().await.unwrap();
}
