//! The desk as a team: assignments, queues, blind double review with disputes and agreement,
//! and comments with mentions, through the API as newsroom tools use it.

mod common;

use claimdesk::domain::Role;
use common::{SAMPLE, TestApp, claim_ids, expect_problem, sourced};
use reqwest::Method;
use serde_json::{Value, json};

async fn queue(app: &TestApp, token: &str) -> Vec<Value> {
    let page = app.get_json("/api/v1/me/queue?limit=200", token).await;
    page["items"].as_array().unwrap().clone()
}

async fn claim(app: &TestApp, id: i64, token: &str) -> Value {
    app.get_json(&format!("/api/v1/claims/{id}"), token).await
}

async fn review(app: &TestApp, id: i64, token: &str, body: &Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/claims/{id}/annotations"), token, body)
        .await
}

/// The same with `If-Match` naming `version`.
async fn review_at(
    app: &TestApp,
    id: i64,
    token: &str,
    version: i64,
    body: &Value,
) -> reqwest::Response {
    app.request(
        Method::POST,
        &format!("/api/v1/claims/{id}/annotations"),
        token,
    )
    .header("If-Match", format!("\"{version}\""))
    .json(body)
    .send()
    .await
    .unwrap()
}

/// A review or verdict that must be recorded; the claim as answered.
async fn reviewed(app: &TestApp, id: i64, token: &str, body: &Value) -> Value {
    let response = review(app, id, token, body).await;
    assert_eq!(response.status(), 201, "{body}");
    response.json().await.unwrap()
}

async fn set_policy(app: &TestApp, article: i64, required: i64) -> reqwest::Response {
    app.request(
        Method::PATCH,
        &format!("/api/v1/articles/{article}"),
        &app.editor,
    )
    .json(&json!({"reviews_required": required}))
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn assignments_deal_claims_out_and_fill_queues() {
    let app = TestApp::spawn().await;
    let bo = app.add_token_user("bo", Role::Reviewer).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);

    // Round robin over all the article's claims: rita, bo, rita, …
    let response = app
        .post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["rita", "bo"], "mode": "round_robin"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let made: Value = response.json().await.unwrap();
    let items = made["items"].as_array().unwrap();
    assert_eq!(items.len(), claims.len());
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["claim_id"], claims[i]);
        assert_eq!(item["reviewer"], if i % 2 == 0 { "rita" } else { "bo" });
        assert_eq!(item["assigned_by"], "eddie");
        assert!(item["id"].as_i64().is_some() && item["created_at"].is_string());
    }
    // Asking again duplicates nothing: the same assignments come back.
    let again: Value = app
        .post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["rita", "bo"], "mode": "round_robin"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["items"], made["items"]);
    let listed = app
        .walk_pages(
            &format!("/api/v1/assignments?article_id={id}&limit=4"),
            |_| {},
        )
        .await;
    assert_eq!(listed.len(), claims.len());
    let bos = app
        .get_json("/api/v1/assignments?reviewer=bo&limit=200", &app.viewer)
        .await;
    assert_eq!(bos["items"].as_array().unwrap().len(), claims.len() / 2);

    // Each reviewer's queue holds their claims, oldest first, until they review them.
    let rita_queue = queue(&app, &app.reviewer).await;
    assert_eq!(rita_queue.len(), claims.len().div_ceil(2));
    assert!(rita_queue.iter().all(|i| i["reason"] == "assigned"));
    assert_eq!(rita_queue[0]["claim"]["id"], claims[0]);
    assert_eq!(
        review(
            &app,
            claims[0],
            &app.reviewer,
            &json!({"status": "unsourced"})
        )
        .await
        .status(),
        201
    );
    let rita_after = queue(&app, &app.reviewer).await;
    assert_eq!(rita_after.len(), rita_queue.len() - 1);
    assert!(rita_after.iter().all(|i| i["claim"]["id"] != claims[0]));
    // Single review: anyone's verdict settles the claim, and it leaves bo's queue too.
    assert_eq!(queue(&app, &bo).await.len(), claims.len() / 2);
    assert_eq!(
        review(
            &app,
            claims[1],
            &app.editor,
            &json!({"status": "unsourced"})
        )
        .await
        .status(),
        201
    );
    assert_eq!(queue(&app, &bo).await.len(), claims.len() / 2 - 1);

    // An assignment removed leaves the queue.
    let second = &made["items"][2];
    let response = app
        .request(
            Method::DELETE,
            &format!("/api/v1/assignments/{}", second["id"]),
            &app.editor,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(
        queue(&app, &app.reviewer)
            .await
            .iter()
            .all(|i| i["claim"]["id"] != second["claim_id"])
    );
    let gone = app
        .request(
            Method::DELETE,
            &format!("/api/v1/assignments/{}", second["id"]),
            &app.editor,
        )
        .send()
        .await
        .unwrap();
    expect_problem(gone, 404).await;
}

#[tokio::test]
async fn assigning_is_for_editors_and_bad_requests_say_what_to_fix() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);
    let body = json!({"article_id": id, "reviewers": ["rita"]});
    expect_problem(
        app.post_json("/api/v1/assignments", &app.reviewer, &body)
            .await,
        403,
    )
    .await;
    let problem = expect_problem(
        app.post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["rita"], "mode": "shuffle"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "mode");
    let problem = expect_problem(
        app.post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["nobody", "vic"]}),
        )
        .await,
        422,
    )
    .await;
    let text = problem.to_string();
    for expected in ["nobody", "vic"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let problem = expect_problem(
        app.post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["rita"], "claim_ids": [999_999]}),
        )
        .await,
        422,
    )
    .await;
    assert!(problem.to_string().contains("999999"), "{problem}");
    // Each: every claim named goes to every reviewer.
    app.add_token_user("bo", Role::Reviewer).await;
    let made: Value = app
        .post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["rita", "bo"], "mode": "each",
                    "claim_ids": [claims[2], claims[3]]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let pairs: Vec<(i64, String)> = made["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["claim_id"].as_i64().unwrap(),
                i["reviewer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (claims[2], "rita".to_owned()),
            (claims[2], "bo".to_owned()),
            (claims[3], "rita".to_owned()),
            (claims[3], "bo".to_owned())
        ]
    );
}

#[tokio::test]
async fn blind_double_review_settles_or_disputes() {
    let app = TestApp::spawn().await;
    let bo = app.add_token_user("bo", Role::Reviewer).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);
    let patched: Value = set_policy(&app, id, 2).await.json().await.unwrap();
    assert_eq!(patched["reviews_required"], 2);
    expect_problem(set_policy(&app, id, 3).await, 422).await;
    let by_reviewer = app
        .request(
            Method::PATCH,
            &format!("/api/v1/articles/{id}"),
            &app.reviewer,
        )
        .json(&json!({"reviews_required": 1}))
        .send()
        .await
        .unwrap();
    expect_problem(by_reviewer, 403).await;
    let missing = app
        .request(Method::PATCH, "/api/v1/articles/999999", &app.editor)
        .json(&json!({"reviews_required": 2}))
        .send()
        .await
        .unwrap();
    expect_problem(missing, 404).await;
    let fresh = claim(&app, claims[0], &app.viewer).await;
    assert_eq!(
        fresh["review"],
        json!({"required": 2, "submitted": 0, "state": "open"})
    );

    // A blind review holds to If-Match as a verdict does: a stale version records nothing.
    let stale = review_at(
        &app,
        claims[0],
        &app.reviewer,
        7,
        &sourced("https://a.example/0"),
    )
    .await;
    expect_problem(stale, 412).await;
    assert_eq!(
        claim(&app, claims[0], &app.editor).await["review"]["submitted"],
        0
    );

    // Two equal reviews settle the claim; the first alone changes no status.
    let first = review(
        &app,
        claims[0],
        &app.reviewer,
        &sourced("https://a.example/1"),
    )
    .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "unreviewed");
    assert_eq!(
        first["review"],
        json!({"required": 2, "submitted": 1, "state": "awaiting_second"})
    );
    assert_eq!(
        first["reviews"][0]["reviewer"], "rita",
        "one sees one's own"
    );
    // Blind: the other reviewer, and viewers, see no review yet; editors see it.
    assert_eq!(claim(&app, claims[0], &bo).await["reviews"], json!([]));
    assert_eq!(
        claim(&app, claims[0], &app.viewer).await["reviews"],
        json!([])
    );
    assert_eq!(
        claim(&app, claims[0], &app.editor).await["reviews"][0]["status"],
        "sourced"
    );
    let history = claim(&app, claims[0], &bo).await;
    assert_eq!(history["history"], json!([]));
    assert_eq!(history["status"], "unreviewed");
    // One review per reviewer.
    let twice = review(
        &app,
        claims[0],
        &app.reviewer,
        &json!({"status": "unsourced"}),
    )
    .await;
    expect_problem(twice, 409).await;
    let second = review(&app, claims[0], &bo, &sourced("https://b.example/2")).await;
    assert_eq!(second.status(), 201);
    let settled: Value = second.json().await.unwrap();
    assert_eq!(settled["status"], "sourced");
    assert_eq!(settled["review"]["state"], "settled");
    assert_eq!(settled["history_total"], 2);
    let reviewers: Vec<&str> = settled["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["reviewer"].as_str().unwrap())
        .collect();
    assert_eq!(reviewers, ["bo", "rita"], "newest first, both kept");
    expect_problem(
        review(
            &app,
            claims[0],
            &app.reviewer,
            &json!({"status": "unsourced"}),
        )
        .await,
        409,
    )
    .await;
    // With a stale If-Match too: the reason it is not the reviewer's, not "save again".
    let stale = review_at(
        &app,
        claims[0],
        &app.reviewer,
        1,
        &json!({"status": "unsourced"}),
    )
    .await;
    let problem = expect_problem(stale, 409).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("settled"),
        "{problem}"
    );

    // Different reviews dispute it; an editor settles it.
    review(&app, claims[1], &bo, &json!({"status": "unsourced"})).await;
    let disputed = reviewed(
        &app,
        claims[1],
        &app.reviewer,
        &sourced("https://c.example"),
    )
    .await;
    assert_eq!(disputed["status"], "unreviewed");
    assert_eq!(disputed["review"]["state"], "disputed");
    expect_problem(app.get("/api/v1/disputes", &app.reviewer).await, 403).await;
    let disputes = app.get_json("/api/v1/disputes", &app.editor).await;
    let items = disputes["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], claims[1]);
    assert_eq!(items[0]["review"]["state"], "disputed");
    let statuses: Vec<&str> = items[0]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["unsourced", "sourced"]);
    let queued = queue(&app, &app.editor).await;
    assert!(
        queued
            .iter()
            .any(|i| i["reason"] == "disputed" && i["claim"]["id"] == claims[1])
    );
    expect_problem(
        review(&app, claims[1], &bo, &json!({"status": "unsourced"})).await,
        409,
    )
    .await;
    // A dispute stays an editor's to settle even if the policy goes back to one review.
    set_policy(&app, id, 1).await;
    expect_problem(
        review(&app, claims[1], &bo, &json!({"status": "unsourced"})).await,
        409,
    )
    .await;
    set_policy(&app, id, 2).await;
    let ruling = reviewed(&app, claims[1], &app.editor, &sourced("https://d.example")).await;
    assert_eq!(ruling["status"], "sourced");
    assert_eq!(ruling["review"]["state"], "settled");
    assert_eq!(
        app.get_json("/api/v1/disputes", &app.editor).await["items"],
        json!([])
    );
    assert!(
        queue(&app, &app.editor)
            .await
            .iter()
            .all(|i| i["reason"] != "disputed")
    );
}

#[tokio::test]
async fn blind_reviews_leak_through_no_read_path() {
    let app = TestApp::spawn().await;
    let bo = app.add_token_user("bo", Role::Reviewer).await;
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
    assert_eq!(article["reviews_required"], 2);
    let id = article["id"].as_i64().unwrap();
    let target = claim_ids(&article)[0];
    let marker = "https://secret-source.example/first-review";
    review(&app, target, &app.reviewer, &sourced(marker)).await;
    let paths = [
        format!("/api/v1/claims/{target}"),
        format!("/api/v1/claims/{target}/history"),
        format!("/api/v1/articles/{id}"),
        format!("/api/v1/articles/{id}/claims"),
        format!("/api/v1/claims?article_id={id}&q=cable"),
        format!("/api/v1/articles/{id}/annotations.jsonld"),
        format!("/api/v1/articles/{id}/claimreview"),
        format!("/api/v1/export/claims.csv?article_id={id}"),
        format!("/api/v1/export/claims.ndjson?article_id={id}"),
        format!("/articles/{id}"),
        format!("/articles/{id}/status"),
    ];
    // Pages, as another reviewer signed in to the browser sees them.
    app.add_user("pat", Role::Reviewer, "correct horse battery")
        .await;
    let browser = app.browser();
    app.sign_in(&browser, "pat", "correct horse battery").await;
    for path in &paths {
        let response = if path.starts_with("/api/") {
            app.get(path, &bo).await
        } else {
            browser.get(app.url(path)).send().await.unwrap()
        };
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let body = response.text().await.unwrap();
        assert!(!body.contains(marker), "{path} shows the blind review");
    }
    let ranked = app
        .get_json(&format!("/api/v1/articles/{id}/claims?status=sourced"), &bo)
        .await;
    assert_eq!(
        ranked["items"],
        json!([]),
        "status waits for the second review"
    );
}

#[tokio::test]
async fn comments_thread_mention_and_leave_tombstones() {
    let app = TestApp::spawn().await;
    let bo = app.add_token_user("bo", Role::Reviewer).await;
    let article = app.import("Cable", SAMPLE).await;
    let target = claim_ids(&article)[2];
    let path = format!("/api/v1/claims/{target}/comments");
    expect_problem(
        app.post_json(&path, &app.viewer, &json!({"body": "hi"}))
            .await,
        403,
    )
    .await;
    expect_problem(
        app.post_json(&path, &app.reviewer, &json!({"body": "  "}))
            .await,
        422,
    )
    .await;
    expect_problem(
        app.post_json(
            "/api/v1/claims/999999/comments",
            &app.reviewer,
            &json!({"body": "x"}),
        )
        .await,
        404,
    )
    .await;
    let first = app
        .post_json(
            &path,
            &app.reviewer,
            &json!({"body": "@bo can you find the cable itself? (cc @nobody, mail x@y.org)"}),
        )
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["author"], "rita");
    assert_eq!(first["mentions"], json!(["bo"]));
    // A viewer cannot answer a mention (nor comment, nor give a verdict): none is made.
    let to_viewer: Value = app
        .post_json(&path, &app.reviewer, &json!({"body": "@vic FYI"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(to_viewer["mentions"], json!([]));
    assert_eq!(queue(&app, &app.viewer).await, Vec::<Value>::new());
    let mentions = queue(&app, &bo).await;
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0]["reason"], "mention");
    assert_eq!(mentions[0]["claim"]["id"], target);
    // A reply: threaded under its parent; answering takes the claim out of bo's queue.
    let reply: Value = app
        .post_json(
            &path,
            &bo,
            &json!({"body": "Found it, linking shortly.", "parent_id": first["id"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reply["parent_id"], first["id"]);
    assert_eq!(queue(&app, &bo).await, Vec::<Value>::new());
    let bad_parent = app
        .post_json(&path, &bo, &json!({"body": "x", "parent_id": 999_999}))
        .await;
    expect_problem(bad_parent, 422).await;

    // Only the author (or an admin) removes a comment; a tombstone stays.
    let comment_path = format!("/api/v1/comments/{}", first["id"]);
    let refused = app
        .request(Method::DELETE, &comment_path, &bo)
        .send()
        .await
        .unwrap();
    expect_problem(refused, 403).await;
    let removed = app
        .request(Method::DELETE, &comment_path, &app.reviewer)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    let thread = app.get_json(&path, &app.viewer).await;
    let items = thread["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["removed"], true);
    assert_eq!(items[0]["body"], Value::Null);
    assert_eq!(items[0]["removed_by"], "rita");
    assert_eq!(items[2]["body"], "Found it, linking shortly.");
    let admin_removes = app
        .request(
            Method::DELETE,
            &format!("/api/v1/comments/{}", reply["id"]),
            &app.admin,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(admin_removes.status(), 204);
    // The Web Annotation export carries the thread: comments and replies.
    let exported = app
        .get(
            &format!("/api/v1/articles/{}/annotations.jsonld", article["id"]),
            &app.viewer,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !exported.contains("Found it"),
        "removed comments are not exported"
    );
}

#[tokio::test]
async fn agreement_matches_the_reference_implementations() {
    let app = TestApp::spawn().await;
    let names = ["ana", "bo", "cy"];
    let mut tokens = Vec::new();
    for name in names {
        tokens.push(app.add_token_user(name, Role::Reviewer).await);
    }
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    set_policy(&app, id, 2).await;
    let claims = claim_ids(&article);
    // A second article so there are enough claims; generated, deterministic verdicts.
    let mut all = claims.clone();
    let more: String = (0..40)
        .map(|i| {
            format!(
                "The ministry reported {} new cases in district {i}. ",
                100 + i
            )
        })
        .collect();
    let second: Value = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Counts", "body": more, "reviews_required": 2}),
        )
        .await
        .json()
        .await
        .unwrap();
    all.extend(claim_ids(&second));
    let statuses = ["sourced", "unsourced", "contradicted"];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let body = |s: &str| {
        if s == "unsourced" {
            json!({"status": s})
        } else {
            json!({"status": s, "sources": [{"url": "https://ref.example"}]})
        }
    };
    let mut units = Vec::new();
    for (i, claim) in all.iter().enumerate() {
        let first = i % 3;
        let second = (first + 1 + next() % 2) % 3;
        let first_status = statuses[next() % 3];
        let second_status = if next() % 10 < 7 {
            first_status
        } else {
            statuses[next() % 3]
        };
        let r1 = review(&app, *claim, &tokens[first], &body(first_status)).await;
        assert_eq!(r1.status(), 201);
        let r2 = review(&app, *claim, &tokens[second], &body(second_status)).await;
        assert_eq!(r2.status(), 201);
        units.push((names[first], first_status, names[second], second_status));
    }
    assert!(units.len() >= 30, "{}", units.len());
    let ours = app.get_json("/api/v1/agreement", &app.viewer).await;
    assert_eq!(ours["items"], units.len());
    assert!(ours["note"].is_null(), "enough items: no warning");
    let script = r#"
import json, sys, itertools
import numpy as np, krippendorff
from sklearn.metrics import cohen_kappa_score
units = json.load(sys.stdin)
codes = {"sourced": 0, "unsourced": 1, "contradicted": 2}
data = np.array([[codes[u[1]] for u in units], [codes[u[3]] for u in units]], dtype=float)
alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
pairs = {}
for a, sa, b, sb in units:
    (x, sx), (y, sy) = sorted([(a, sa), (b, sb)])
    pairs.setdefault(f"{x}+{y}", []).append((sx, sy))
out = {"alpha": alpha, "pairs": {}}
for key, values in pairs.items():
    k = cohen_kappa_score([v[0] for v in values], [v[1] for v in values])
    out["pairs"][key] = {"items": len(values), "kappa": None if k != k else k,
                         "percent": sum(v[0] == v[1] for v in values) / len(values)}
print(json.dumps(out))
"#;
    let output = common::python(script, &[], &serde_json::to_string(&units).unwrap());
    let reference: Value = serde_json::from_str(&output).unwrap();
    let close = |a: &Value, b: &Value| match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => a.is_null() && b.is_null(),
    };
    assert!(
        close(&ours["alpha"], &reference["alpha"]),
        "{ours} vs {reference}"
    );
    let pairs = ours["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), reference["pairs"].as_object().unwrap().len());
    for pair in pairs {
        let key = format!(
            "{}+{}",
            pair["reviewers"][0].as_str().unwrap(),
            pair["reviewers"][1].as_str().unwrap()
        );
        let expected = &reference["pairs"][&key];
        assert_eq!(pair["items"], expected["items"], "{key}");
        assert!(
            close(&pair["kappa"], &expected["kappa"]),
            "{key}: {pair} vs {expected}"
        );
        assert!(
            close(&pair["percent_agreement"], &expected["percent"]),
            "{key}"
        );
    }
    let confusion_total: u64 = ours["confusion"]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()))
        .sum();
    assert_eq!(confusion_total as usize, units.len());
    // Filters: one article, one reviewer; a few items bring a warning.
    let one = app
        .get_json(
            &format!("/api/v1/agreement?article_id={id}&reviewer=ana"),
            &app.viewer,
        )
        .await;
    assert!(one["items"].as_u64().unwrap() < units.len() as u64);
    assert!(one["note"].is_string());
    assert!(
        one["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["reviewers"].to_string().contains("ana"))
    );
    let future = app
        .get_json("/api/v1/agreement?since=2999-01-01", &app.viewer)
        .await;
    assert_eq!(future["items"], 0);
    expect_problem(
        app.get("/api/v1/agreement?since=yesterday", &app.viewer)
            .await,
        400,
    )
    .await;
}

#[tokio::test]
async fn dismissed_claims_leave_progress_queues_and_claimreview_and_editors_reopen_them() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);
    app.post_json(
        "/api/v1/assignments",
        &app.editor,
        &json!({"article_id": id, "claim_ids": [claims[4]], "reviewers": ["rita"]}),
    )
    .await;
    assert_eq!(queue(&app, &app.reviewer).await.len(), 1);
    let dismissed = reviewed(
        &app,
        claims[4],
        &app.reviewer,
        &json!({"status": "dismissed", "note": "a prediction, not a checkable fact"}),
    )
    .await;
    assert_eq!(dismissed["status"], "dismissed");
    assert_eq!(
        dismissed["history"][0]["note"],
        "a prediction, not a checkable fact"
    );
    assert_eq!(queue(&app, &app.reviewer).await, Vec::<Value>::new());
    let counts = app
        .get_json(&format!("/api/v1/articles/{id}"), &app.viewer)
        .await["counts"]
        .clone();
    assert_eq!(counts["dismissed"], 1);
    assert_eq!(counts["unreviewed"], claims.len() - 1);
    let listed = app
        .get_json(
            &format!("/api/v1/articles/{id}/claims?status=dismissed"),
            &app.viewer,
        )
        .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let reviews = app
        .get_json(&format!("/api/v1/articles/{id}/claimreview"), &app.viewer)
        .await;
    assert_eq!(reviews, json!([]), "a dismissed claim gets no ClaimReview");

    // Reopening is for editors, with a note; the history keeps both.
    let refused = review(
        &app,
        claims[4],
        &app.reviewer,
        &json!({"status": "unreviewed", "note": "look again"}),
    )
    .await;
    expect_problem(refused, 403).await;
    let reopened = reviewed(
        &app,
        claims[4],
        &app.editor,
        &json!({"status": "unreviewed", "note": "the minister made it a pledge: checkable"}),
    )
    .await;
    assert_eq!(reopened["status"], "unreviewed");
    assert_eq!(reopened["review"]["state"], "open");
    let statuses: Vec<&str> = reopened["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["unreviewed", "dismissed"]);
    assert_eq!(queue(&app, &app.reviewer).await.len(), 1, "assigned again");
}

/// A form post from a signed-in browser without JavaScript; returns where it redirects.
async fn post_form(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> String {
    let response = browser
        .post(app.url(path))
        .header("origin", &app.base)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        303,
        "{path}: {}",
        response.text().await.unwrap()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_team_workflow_works_on_the_pages_without_javascript() {
    const PW: &str = "correct horse battery";
    let app = TestApp::spawn().await;
    for (name, role) in [
        ("erin", Role::Editor),
        ("ann", Role::Reviewer),
        ("ben", Role::Reviewer),
    ] {
        app.add_user(name, role, PW).await;
    }
    let (erin, ann, ben) = (app.browser(), app.browser(), app.browser());
    app.sign_in(&erin, "erin", PW).await;
    app.sign_in(&ann, "ann", PW).await;
    app.sign_in(&ben, "ben", PW).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);
    let status = format!("/articles/{id}/status");

    // The editor sets double review and assigns every claim to both reviewers.
    let page = app.page(&erin, &status).await;
    assert!(page.contains("Review policy") && page.contains("Assign this article"));
    post_form(
        &app,
        &erin,
        &format!("/articles/{id}/review-policy"),
        &[("reviews_required", "2")],
    )
    .await;
    let back = post_form(
        &app,
        &erin,
        &format!("/articles/{id}/assignments"),
        &[("reviewer", "ann"), ("reviewer", "ben"), ("mode", "each")],
    )
    .await;
    assert!(back.ends_with("#team"), "{back}");
    let page = app.page(&erin, &status).await;
    assert!(page.contains("Double review"), "the policy shows");
    let queue = app.page(&ann, "/queue").await;
    assert!(queue.contains("Assigned to you"));
    let header_count = format!(
        r#"id="queue-count" aria-label="{n} waiting">{n}<"#,
        n = claims.len()
    );
    assert!(queue.contains(&header_count), "the header counts the queue");

    // Blind reviews through the verdict form: the second differs, so it is disputed.
    let claim = claims[0].to_string();
    let verdict = format!("/claims/{claim}/verdict");
    post_form(
        &app,
        &ann,
        &verdict,
        &[
            ("claim", &claim),
            ("status", "unsourced"),
            ("note", "ann-blind-note"),
        ],
    )
    .await;
    let seen_by_ben = app
        .page(&ben, &format!("/articles/{id}?claim={claim}"))
        .await;
    assert!(
        !seen_by_ben.contains("ann-blind-note"),
        "blind until ben reviews"
    );
    assert!(seen_by_ben.contains("Submit blind review"));
    let seen_by_ann = app
        .page(&ann, &format!("/articles/{id}?claim={claim}"))
        .await;
    assert!(seen_by_ann.contains("Your review is in"));
    // The article opens, for ann, on the first claim still waiting for her; for ben, on the
    // one she reviewed.
    let panel_of = |html: &str| {
        let at = html.find("class=\"panel-inner\" data-claim-id=\"").unwrap();
        html[at..].split('"').nth(3).unwrap().to_owned()
    };
    let ann_opens = app.page(&ann, &format!("/articles/{id}")).await;
    assert_eq!(panel_of(&ann_opens), claims[1].to_string());
    assert!(ann_opens.contains(&format!("data-reviewed-blind=\"{claim}\"")));
    let ben_opens = app.page(&ben, &format!("/articles/{id}")).await;
    assert_eq!(panel_of(&ben_opens), claim);
    post_form(
        &app,
        &ben,
        &verdict,
        &[
            ("claim", &claim),
            ("status", "sourced"),
            ("url", "https://www.state.gov/cable"),
        ],
    )
    .await;
    // Twice is refused in the panel, not with an error page.
    let again = post_form(
        &app,
        &ben,
        &verdict,
        &[("claim", &claim), ("status", "unsourced")],
    )
    .await;
    let refused = app.page(&ben, &again).await;
    assert!(refused.contains("Not saved"), "{again}");
    let disputes = app.page(&erin, "/disputes").await;
    assert!(disputes.contains("ann-blind-note") && disputes.contains("www.state.gov"));
    assert!(
        app.page(&ann, "/disputes")
            .await
            .contains("needs the editor role")
    );
    let settled = post_form(
        &app,
        &erin,
        &verdict,
        &[
            ("claim", &claim),
            ("status", "sourced"),
            ("url", "https://www.state.gov/cable"),
            ("back", "disputes"),
        ],
    )
    .await;
    assert_eq!(settled, "/disputes");
    assert!(app.page(&erin, "/disputes").await.contains("No disputes"));
    assert_eq!(claim_status(&app, claims[0]).await, "sourced");

    // A comment mentioning ben puts the claim in his queue; his reply takes it out.
    let thread = format!("/claims/{}/comments", claims[1]);
    let to = post_form(
        &app,
        &ann,
        &thread,
        &[("body", "@ben is the 7,500 figure in the cable?")],
    )
    .await;
    assert!(to.contains("#comment-"), "{to}");
    assert!(
        app.page(&ben, "/queue")
            .await
            .contains("You were mentioned")
    );
    let panel = app
        .page(&ben, &format!("/articles/{id}?claim={}", claims[1]))
        .await;
    assert!(panel.contains("is the 7,500 figure in the cable?"));
    let comment_id = to.rsplit("#comment-").next().unwrap().to_owned();
    post_form(
        &app,
        &ben,
        &thread,
        &[("body", "Yes, paragraph 4."), ("parent_id", &comment_id)],
    )
    .await;
    assert!(
        !app.page(&ben, "/queue")
            .await
            .contains("You were mentioned")
    );
    post_form(&app, &ann, &format!("/comments/{comment_id}/remove"), &[]).await;
    let panel = app
        .page(&ben, &format!("/articles/{id}?claim={}", claims[1]))
        .await;
    assert!(panel.contains("Comment removed") && panel.contains("Yes, paragraph 4."));

    // Dismiss needs a note; the editor reopens.
    let other = claims[2].to_string();
    let dismiss = format!("/claims/{other}/verdict");
    post_form(
        &app,
        &erin,
        &dismiss,
        &[
            ("claim", &other),
            ("status", "dismissed"),
            ("note", "an opinion"),
        ],
    )
    .await;
    assert_eq!(claim_status(&app, claims[2]).await, "dismissed");
    post_form(
        &app,
        &erin,
        &dismiss,
        &[
            ("claim", &other),
            ("status", "unreviewed"),
            ("note", "checkable after all"),
        ],
    )
    .await;
    assert_eq!(claim_status(&app, claims[2]).await, "unreviewed");
    let dashboard = app.page(&erin, "/dashboard").await;
    assert!(dashboard.contains("Agreement of blind double reviews"));
    let status_page = app.page(&erin, &status).await;
    assert!(
        status_page.contains("Krippendorff"),
        "one double review is compared"
    );
}

async fn claim_status(app: &TestApp, id: i64) -> String {
    claim(app, id, &app.viewer).await["status"]
        .as_str()
        .unwrap()
        .to_owned()
}
