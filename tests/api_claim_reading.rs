//! What claimdesk reads in claims, through the API: check-worthiness with its reasons, claim
//! types, attribution; triage listings; reviewers' corrections and summaries, kept in history
//! and carried into ClaimReview.

mod common;

use common::{SAMPLE, TestApp, expect_problem, sourced};
use reqwest::Method;
use serde_json::{Value, json};

async fn patch(app: &TestApp, claim: i64, token: &str, body: &Value) -> reqwest::Response {
    app.request(Method::PATCH, &format!("/api/v1/claims/{claim}"), token)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_claim_is_read_at_import() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claims = article["claims"].as_array().unwrap();
    for claim in claims {
        let score = claim["checkworthiness"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{claim}");
        assert_eq!(claim["checkworthy"], score >= 0.5, "{claim}");
        assert!(claim["claim_types"].is_array(), "{claim}");
        assert!(claim["checkworthiness_reasons"].is_array(), "{claim}");
        assert!(claim.get("attribution").is_some(), "{claim}");
    }
    // "… the cable reads, according to a New York Times report."
    let quoted = claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("the cable reads"))
        .unwrap();
    let speaker = &quoted["attribution"];
    assert!(speaker["speaker"].as_str().is_some(), "{quoted}");
    let body = article["body"]
        .as_str()
        .unwrap()
        .chars()
        .collect::<Vec<_>>();
    let (start, end) = (
        speaker["start"].as_u64().unwrap() as usize,
        speaker["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        body[start..end].iter().collect::<String>(),
        speaker["speaker"].as_str().unwrap()
    );
    assert!(
        quoted["claim_types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["type"] == "quotation"),
        "{quoted}"
    );
}

#[tokio::test]
async fn listings_sort_and_filter_by_checkworthiness() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    for base in [
        format!("/api/v1/articles/{id}/claims?sort=checkworthiness&limit=4"),
        format!("/api/v1/claims?article_id={id}&sort=checkworthiness&limit=4"),
    ] {
        let items = app.walk_pages(&base, |_| {}).await;
        assert_eq!(
            items.len(),
            article["claims"].as_array().unwrap().len(),
            "{base}"
        );
        let scores: Vec<f64> = items
            .iter()
            .map(|c| c["checkworthiness"].as_f64().unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "{base}: {scores:?}"
        );
        let mut ids: Vec<i64> = items.iter().map(|c| c["id"].as_i64().unwrap()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), items.len(), "{base}: a claim listed twice");
    }
    let worthy = app
        .walk_pages(
            &format!("/api/v1/articles/{id}/claims?min_checkworthiness=0.9&limit=3"),
            |_| {},
        )
        .await;
    assert!(!worthy.is_empty());
    assert!(
        worthy
            .iter()
            .all(|c| c["checkworthiness"].as_f64().unwrap() >= 0.9)
    );

    for bad in [
        format!("/api/v1/articles/{id}/claims?sort=urgency"),
        "/api/v1/claims?min_checkworthiness=2".to_owned(),
    ] {
        let problem = expect_problem(app.get(&bad, &app.viewer).await, 400).await;
        assert!(
            problem["detail"].as_str().unwrap().contains("must be"),
            "{problem}"
        );
    }
    // A cursor of one order is refused by the other.
    let page = app
        .get_json(
            &format!("/api/v1/articles/{id}/claims?sort=checkworthiness&limit=2"),
            &app.viewer,
        )
        .await;
    let cursor = page["next_cursor"].as_str().unwrap();
    expect_problem(
        app.get(
            &format!("/api/v1/articles/{id}/claims?cursor={cursor}"),
            &app.viewer,
        )
        .await,
        400,
    )
    .await;
}

#[tokio::test]
async fn reviewers_correct_the_speaker_and_write_a_summary() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][1]["id"].as_i64().unwrap();
    let version = article["claims"][1]["version"].as_i64().unwrap();

    let response = patch(
        &app,
        claim,
        &app.reviewer,
        &json!({"attribution": {"speaker": "Reuters"}, "summary": "Cable cites migrant crime"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["attribution"]["speaker"], "Reuters");
    // The article names Reuters: the speaker points at the mention.
    let (start, end) = (
        body["attribution"]["start"].as_u64().unwrap() as usize,
        body["attribution"]["end"].as_u64().unwrap() as usize,
    );
    let text = article["body"].as_str().unwrap();
    assert_eq!(
        text.chars()
            .skip(start)
            .take(end - start)
            .collect::<String>(),
        "Reuters"
    );
    assert_eq!(body["summary"], "Cable cites migrant crime");
    assert_eq!(body["version"], version, "a correction is not a verdict");

    // A speaker the article does not name has no offsets.
    let body: Value = patch(
        &app,
        claim,
        &app.reviewer,
        &json!({"attribution": {"speaker": "Jane Q. Nobody"}}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        body["attribution"],
        json!({"speaker": "Jane Q. Nobody", "start": null, "end": null})
    );
    assert_eq!(
        body["summary"], "Cable cites migrant crime",
        "untouched when left out"
    );

    let edits = app
        .get_json(&format!("/api/v1/claims/{claim}/edits"), &app.viewer)
        .await;
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 3);
    assert_eq!(edits[0]["field"], "speaker");
    assert_eq!(edits[0]["value"], "Jane Q. Nobody");
    assert_eq!(edits[0]["previous"], "Reuters");
    assert_eq!(edits[0]["editor"], "rita");

    // ClaimReview names the claimant and uses the summary.
    assert_eq!(
        app.annotate(claim, &sourced("https://state.gov/cable"))
            .await
            .status(),
        201
    );
    let id = article["id"].as_i64().unwrap();
    let reviews = app
        .get_json(&format!("/api/v1/articles/{id}/claimreview"), &app.viewer)
        .await;
    let review = reviews
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["url"]
                .as_str()
                .unwrap()
                .contains(&format!("claim={claim}"))
        })
        .unwrap();
    assert_eq!(review["claimReviewed"], "Cable cites migrant crime");
    assert_eq!(
        review["itemReviewed"]["author"],
        json!({"@type": "Person", "name": "Jane Q. Nobody"})
    );

    // null clears.
    let body: Value = patch(
        &app,
        claim,
        &app.reviewer,
        &json!({"attribution": null, "summary": null}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(body["attribution"], Value::Null);
    assert_eq!(body["summary"], Value::Null);
}

#[tokio::test]
async fn bad_corrections_get_a_clear_answer_and_change_nothing() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let before = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;

    let forbidden = patch(&app, claim, &app.viewer, &json!({"summary": "x"})).await;
    expect_problem(forbidden, 403).await;
    let long = "x".repeat(281);
    let problem = expect_problem(
        patch(
            &app,
            claim,
            &app.reviewer,
            &json!({"attribution": {"speaker": " "}, "summary": long}),
        )
        .await,
        422,
    )
    .await;
    let text = problem.to_string();
    assert!(
        text.contains("attribution.speaker") && text.contains("summary"),
        "{problem}"
    );
    expect_problem(patch(&app, claim, &app.reviewer, &json!({})).await, 422).await;
    expect_problem(
        patch(&app, claim, &app.reviewer, &json!({"speaker": "x"})).await,
        422,
    )
    .await;
    expect_problem(
        patch(&app, 999_999, &app.reviewer, &json!({"summary": "x"})).await,
        404,
    )
    .await;

    let after = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(before, after);
    let edits = app
        .get_json(&format!("/api/v1/claims/{claim}/edits"), &app.viewer)
        .await;
    assert_eq!(edits, json!([]));
}
