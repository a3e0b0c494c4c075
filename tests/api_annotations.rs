//! Recording verdicts: history, versions, If-Match, concurrency, durability.

mod common;

use common::{SAMPLE, TestApp, expect_problem, sourced};
use futures::future::join_all;
use serde_json::{Value, json};

async fn first_claim(app: &TestApp) -> i64 {
    let article = app.import("Cable", SAMPLE).await;
    article["claims"][0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn verdicts_append_to_history_newest_first() {
    let app = TestApp::spawn().await;
    let claim = first_claim(&app).await;

    let response = app
        .annotate(claim, &sourced("https://www.reuters.com/cable"))
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "sourced");
    assert_eq!(body["version"], 2);
    assert_eq!(body["updated_by"], "rita");
    assert_eq!(
        body["sources"],
        json!([{"url": "https://www.reuters.com/cable", "citation": null}])
    );

    let response = app
        .annotate(
            claim,
            &json!({
                "status": "contradicted",
                "sources": [{"url": "https://state.gov/x", "citation": "State Dept. statement, 28 Nov"}],
                "note": "The department denies the cable's wording."
            }),
        )
        .await;
    assert_eq!(response.status(), 201);

    let response = app
        .get(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"3\"");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "contradicted");
    assert_eq!(body["version"], 3);
    assert_eq!(body["note"], "The department denies the cable's wording.");
    let history = body["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["status"], "contradicted");
    assert_eq!(history[0]["reviewer"], "rita");
    assert_eq!(
        history[0]["note"],
        "The department denies the cable's wording."
    );
    assert_eq!(history[1]["status"], "sourced");
    assert_eq!(history[1]["note"], Value::Null);
    assert!(
        history[0]["created_at"].as_str().unwrap() >= history[1]["created_at"].as_str().unwrap()
    );
}

#[tokio::test]
async fn if_match_guards_against_lost_updates() {
    let app = TestApp::spawn().await;
    let claim = first_claim(&app).await;
    let path = format!("/api/v1/claims/{claim}/annotations");

    let ok = app
        .request(reqwest::Method::POST, &path, &app.reviewer)
        .header("If-Match", "\"1\"")
        .json(&json!({"status": "unsourced"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);

    // A second reviewer still holding version 1 is refused, and nothing is written.
    let stale = app
        .request(reqwest::Method::POST, &path, &app.admin)
        .header("If-Match", "\"1\"")
        .json(&sourced("https://example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.headers()["etag"], "\"2\"");
    let problem = expect_problem(stale, 412).await;
    assert_eq!(problem["current_version"], 2);

    let claim_now: Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(claim_now["version"], 2);
    assert_eq!(claim_now["status"], "unsourced");
    assert_eq!(claim_now["history"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn forty_parallel_writers_all_land() {
    let app = TestApp::spawn().await;
    let claim = first_claim(&app).await;
    let writes = (0..40).map(|i| {
        let app = &app;
        async move {
            let body = match i % 3 {
                0 => sourced(&format!("https://example.org/{i}")),
                1 => json!({"status": "unsourced", "note": format!("writer {i}")}),
                _ => json!({"status": "contradicted", "sources": [{"citation": format!("report {i}")}]}),
            };
            app.annotate(claim, &body).await.status().as_u16()
        }
    });
    let statuses = join_all(writes).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");

    let body: Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(body["version"], 41);
    assert_eq!(body["history_total"], 40);
    let history = common::full_history(&app.client, &app.base, &app.viewer, claim).await;
    assert_eq!(history.len(), 40);
    let versions: Vec<i64> = history
        .iter()
        .map(|h| h["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, (2..=41).rev().collect::<Vec<_>>());
}

#[tokio::test]
async fn sixteen_racing_writers_with_the_same_if_match_one_wins() {
    let app = TestApp::spawn().await;
    let claim = first_claim(&app).await;
    let path = format!("/api/v1/claims/{claim}/annotations");
    let writes = (0..16).map(|i| {
        let request = app
            .request(reqwest::Method::POST, &path, &app.reviewer)
            .header("If-Match", "\"1\"")
            .json(&sourced(&format!("https://example.org/{i}")));
        async move { request.send().await.unwrap().status().as_u16() }
    });
    let statuses = join_all(writes).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 412).count(),
        15,
        "{statuses:?}"
    );

    let body: Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(body["version"], 2);
    assert_eq!(body["history"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn verdicts_survive_a_restart() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let article_id = article["id"].as_i64().unwrap();
    let claims = common::claim_ids(&article);
    for (i, claim) in claims.iter().enumerate().take(5) {
        let r = app
            .annotate(
                *claim,
                &json!({"status": "unsourced", "note": format!("note {i}")}),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    let before: Value = app
        .get_json(&format!("/api/v1/articles/{article_id}"), &app.viewer)
        .await;

    let app = app.restart().await;
    let after: Value = app
        .get_json(&format!("/api/v1/articles/{article_id}"), &app.viewer)
        .await;
    assert_eq!(after, before);
    assert_eq!(after["counts"]["unsourced"], 5);
    let claim: Value = app
        .get_json(&format!("/api/v1/claims/{}", claims[4]), &app.viewer)
        .await;
    assert_eq!(claim["history"][0]["note"], "note 4");
}

#[tokio::test]
async fn unknown_claims_are_404_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    expect_problem(app.get("/api/v1/claims/12345", &app.viewer).await, 404).await;
    expect_problem(
        app.get("/api/v1/claims/not-a-number", &app.viewer).await,
        404,
    )
    .await;
    expect_problem(
        app.annotate(12345, &json!({"status": "unsourced"})).await,
        404,
    )
    .await;
}

#[tokio::test]
async fn a_claims_answer_stays_bounded_and_its_history_pages_cover_every_verdict_once() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let mut last = Value::Null;
    for n in 1..=45 {
        let response = app
            .annotate(
                claim,
                &json!({"status": "unsourced", "note": format!("verdict {n}")}),
            )
            .await;
        assert_eq!(response.status(), 201);
        last = response.json().await.unwrap();
    }
    // The 201 and the claim's JSON: the newest 20, the count, and where the rest is.
    let shown = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    for body in [&last, &shown] {
        let history = body["history"].as_array().unwrap();
        assert_eq!(history.len(), 20);
        assert_eq!(history[0]["note"], "verdict 45");
        assert_eq!(history[19]["note"], "verdict 26");
        assert_eq!(body["history_total"], 45);
        assert!(
            body["history_next"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/api/v1/claims/{claim}/history?cursor="))
        );
    }
    // Walking the pages: every verdict once, newest first.
    let all = common::full_history(&app.client, &app.base, &app.viewer, claim).await;
    let notes: Vec<String> = all
        .iter()
        .map(|h| h["note"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = (1..=45).rev().map(|n| format!("verdict {n}")).collect();
    assert_eq!(notes, expected);
    // Pages of a chosen size.
    let first = app
        .get_json(
            &format!("/api/v1/claims/{claim}/history?limit=40"),
            &app.viewer,
        )
        .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 40);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = app
        .get_json(
            &format!("/api/v1/claims/{claim}/history?limit=40&cursor={cursor}"),
            &app.viewer,
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 5);
    assert_eq!(rest["next_cursor"], Value::Null);

    // A claim with few verdicts has no next page.
    let other = article["claims"][1]["id"].as_i64().unwrap();
    let quiet = app
        .get_json(&format!("/api/v1/claims/{other}"), &app.viewer)
        .await;
    assert_eq!(
        (
            quiet["history_total"].clone(),
            quiet["history_next"].clone()
        ),
        (json!(0), Value::Null)
    );

    // Clear refusals.
    let foreign = app
        .get(
            &format!("/api/v1/claims/{other}/history?cursor={cursor}"),
            &app.viewer,
        )
        .await;
    expect_problem(foreign, 400).await;
    let missing = app.get("/api/v1/claims/999999/history", &app.viewer).await;
    expect_problem(missing, 404).await;
    let too_many = app
        .get(
            &format!("/api/v1/claims/{claim}/history?limit=1000"),
            &app.viewer,
        )
        .await;
    expect_problem(too_many, 400).await;
}

#[tokio::test]
async fn a_weak_if_match_never_matches() {
    // RFC 9110 §13.1.1: If-Match compares strongly; W/"1" is not the claim's ETag "1".
    let app = TestApp::spawn().await;
    let claim = first_claim(&app).await;
    let response = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/claims/{claim}/annotations"),
            &app.reviewer,
        )
        .header("if-match", "W/\"1\"")
        .json(&json!({"status": "unsourced"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["etag"], "\"1\"");
    let problem = expect_problem(response, 412).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("\"1\""),
        "{problem}"
    );
    let body = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(body["version"], 1, "nothing was written");
}
