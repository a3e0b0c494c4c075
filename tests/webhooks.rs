//! Signed webhooks: delivered, retried after failures, and resumed after a restart.

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use common::{SAMPLE, TestApp};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::sync::mpsc;

/// A Standard Webhooks secret (the specification's example).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// A bound on waiting for a delivery, not a sleep: each wait ends as soon as it arrives.
const PATIENCE: Duration = Duration::from_secs(20);

#[derive(Debug)]
struct Received {
    headers: HeaderMap,
    body: Vec<u8>,
}

#[derive(Clone)]
struct Receiver {
    /// Statuses to answer, in order; 200 once they run out.
    plan: Arc<Mutex<VecDeque<u16>>>,
    sink: mpsc::UnboundedSender<Received>,
}

async fn receive(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let _ = receiver.sink.send(Received {
        headers,
        body: body.to_vec(),
    });
    let status = receiver.plan.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

/// A webhook receiver on 127.0.0.1 that answers `plan` and reports every request.
async fn receiver(
    plan: &[u16],
) -> (
    String,
    Arc<Mutex<VecDeque<u16>>>,
    mpsc::UnboundedReceiver<Received>,
) {
    let (sink, rx) = mpsc::unbounded_channel();
    let plan = Arc::new(Mutex::new(plan.iter().copied().collect()));
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(Receiver {
            plan: plan.clone(),
            sink,
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, plan, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .expect("no delivery arrived")
        .expect("receiver closed")
}

/// Checks a delivery as a Standard Webhooks receiver does: `webhook-signature` is `v1,` and the
/// base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the secret's base64-decoded bytes.
fn verify(received: &Received) -> Value {
    use base64::Engine as _;
    let id = received.headers["webhook-id"].to_str().unwrap();
    let timestamp = received.headers["webhook-timestamp"].to_str().unwrap();
    let key = base64::engine::general_purpose::STANDARD
        .decode(SECRET.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(&received.body);
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    let header = received.headers["webhook-signature"].to_str().unwrap();
    assert!(
        header.split(' ').any(|s| s == expected),
        "signature {header}"
    );
    assert!(timestamp.parse::<i64>().unwrap() > 1_700_000_000);
    serde_json::from_slice(&received.body).unwrap()
}

async fn subscribe(app: &TestApp, url: &str, events: &[&str]) -> i64 {
    let response = app
        .post_json(
            "/api/v1/webhooks",
            &app.admin,
            &json!({"url": url, "secret": SECRET, "events": events}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let hook: Value = response.json().await.unwrap();
    assert!(hook.get("secret").is_none(), "the secret is never echoed");
    hook["id"].as_i64().unwrap()
}

async fn deliveries(app: &TestApp, hook: i64) -> Vec<Value> {
    let answer = app
        .get_json(&format!("/api/v1/webhooks/{hook}/deliveries"), &app.admin)
        .await;
    serde_json::from_value(answer).unwrap()
}

/// The deliveries once the latest one satisfies `done`: the dispatcher records an attempt just
/// after the receiver answers, so the record can trail what the receiver saw.
async fn deliveries_when(app: &TestApp, hook: i64, done: impl Fn(&Value) -> bool) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let log = deliveries(app, hook).await;
        if log.first().is_some_and(&done) {
            return log;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "deliveries never got there: {log:?}"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn events_arrive_signed() {
    let app = TestApp::spawn().await;
    let (url, _, mut rx) = receiver(&[]).await;
    subscribe(&app, &url, &["article.imported", "claim.annotated"]).await;

    let article = app.import("Cable", SAMPLE).await;
    let imported = next(&mut rx).await;
    let body = verify(&imported);
    assert_eq!(body["type"], "article.imported");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["data"]["article"]["id"], article["id"]);
    assert_eq!(body["data"]["article"]["claim_count"], 15);

    let claim = article["claims"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.annotate(claim, &json!({"status": "unsourced", "note": "nothing"}))
            .await
            .status(),
        201
    );
    let annotated = next(&mut rx).await;
    let body = verify(&annotated);
    assert_eq!(body["type"], "claim.annotated");
    assert_eq!(body["data"]["claim"]["id"], claim);
    assert_eq!(body["data"]["claim"]["status"], "unsourced");
    assert_eq!(body["data"]["claim"]["version"], 2);
}

#[tokio::test]
async fn failed_deliveries_are_retried_with_the_same_id_and_body() {
    let app = TestApp::spawn().await;
    let (url, _, mut rx) = receiver(&[500, 503]).await;
    let hook = subscribe(&app, &url, &["claim.annotated"]).await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.annotate(claim, &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );

    let first = next(&mut rx).await;
    let second = next(&mut rx).await;
    let third = next(&mut rx).await;
    for attempt in [&first, &second, &third] {
        verify(attempt);
        assert_eq!(attempt.body, first.body);
        assert_eq!(attempt.headers["webhook-id"], first.headers["webhook-id"]);
    }
    let log = deliveries_when(&app, hook, |d| d["state"] == "delivered").await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["state"], "delivered");
    let codes: Vec<i64> = log[0]["attempt_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [500, 503, 200]);
}

#[tokio::test]
async fn pending_deliveries_resume_after_a_restart() {
    let app = TestApp::spawn().await;
    let (url, plan, mut rx) = receiver(&[500; 1000]).await;
    let hook = subscribe(&app, &url, &["claim.annotated"]).await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.annotate(claim, &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );
    let failed = next(&mut rx).await;
    deliveries_when(&app, hook, |d| d["attempts"].as_i64() >= Some(1)).await;

    // The server goes down with the delivery still pending; the receiver recovers meanwhile.
    plan.lock().unwrap().clear();
    let app = app.restart().await;
    while rx.try_recv().is_ok() {}
    let resumed = loop {
        let received = next(&mut rx).await;
        if received.headers["webhook-id"] == failed.headers["webhook-id"] {
            break received;
        }
    };
    assert_eq!(resumed.body, failed.body);
    verify(&resumed);
    let log = deliveries_when(&app, hook, |d| d["state"] == "delivered").await;
    assert!(log[0]["attempts"].as_i64().unwrap() >= 2);
    assert_eq!(log[0]["attempt_log"][0]["status_code"], 500);
}

#[tokio::test]
async fn only_admins_subscribe_and_bad_subscriptions_are_422() {
    let app = TestApp::spawn().await;
    let body = json!({"url": "https://tools.example/hook", "secret": SECRET, "events": ["claim.annotated"]});
    assert_eq!(
        app.post_json("/api/v1/webhooks", &app.editor, &body)
            .await
            .status(),
        403
    );
    let bad = app
        .post_json(
            "/api/v1/webhooks",
            &app.admin,
            &json!({"url": "ftp://x", "secret": "s3cret", "events": ["claim.deleted"]}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["url", "secret", "events[0]"]);
    let hook = subscribe(&app, "https://tools.example/hook", &["claim.annotated"]).await;
    let listed: Vec<Value> =
        serde_json::from_value(app.get_json("/api/v1/webhooks", &app.admin).await).unwrap();
    assert_eq!(listed.len(), 1);
    let deleted = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/webhooks/{hook}"),
            &app.admin,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(
        app.get("/api/v1/webhooks/999/deliveries", &app.admin)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_generated_secret_is_shown_once_and_a_410_unsubscribes() {
    let app = TestApp::spawn().await;
    let (url, _, mut rx) = receiver(&[410]).await;
    let response = app
        .post_json(
            "/api/v1/webhooks",
            &app.admin,
            &json!({"url": url, "events": ["claim.annotated"]}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let hook: Value = response.json().await.unwrap();
    let secret = hook["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    let id = hook["id"].as_i64().unwrap();
    let listed = app.get_json("/api/v1/webhooks", &app.admin).await;
    assert!(listed[0].get("secret").is_none(), "never shown again");

    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.annotate(claim, &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );
    next(&mut rx).await;
    // The receiver said 410 Gone: the delivery is given up and the webhook disabled.
    let log = deliveries_when(&app, id, |d| d["state"] == "failed").await;
    assert_eq!(log[0]["attempts"], 1);
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let listed = app.get_json("/api/v1/webhooks", &app.admin).await;
        if listed[0]["active"] == false {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still active: {listed}"
        );
        tokio::task::yield_now().await;
    }
    // A secret that is not Standard Webhooks' is refused with what to send.
    let bad = app
        .post_json(
            "/api/v1/webhooks",
            &app.admin,
            &json!({"url": url, "secret": "s3cret", "events": ["claim.annotated"]}),
        )
        .await;
    let problem = common::expect_problem(bad, 422).await;
    assert!(problem.to_string().contains("whsec_"), "{problem}");
}

/// Every delivery, retries included, passes the reference verifier of Standard Webhooks (the
/// `standardwebhooks` package from PyPI, installed by the test script).
#[tokio::test]
async fn the_reference_verifier_accepts_every_delivery() {
    let app = TestApp::spawn().await;
    let (url, _, mut rx) = receiver(&[500, 503]).await;
    subscribe(&app, &url, &["article.imported", "claim.annotated"]).await;
    let article = app.import("Cable", SAMPLE).await;
    let claims: Vec<i64> = common::claim_ids(&article).into_iter().take(4).collect();
    for claim in &claims {
        assert_eq!(
            app.annotate(*claim, &json!({"status": "unsourced"}))
                .await
                .status(),
            201
        );
    }
    // 1 import + 4 verdicts, and the first two attempts failed and were retried.
    let mut received = Vec::new();
    for _ in 0..7 {
        received.push(next(&mut rx).await);
    }
    let deliveries: Vec<Value> = received
        .iter()
        .map(|r| {
            json!({
                "headers": {
                    "webhook-id": r.headers["webhook-id"].to_str().unwrap(),
                    "webhook-timestamp": r.headers["webhook-timestamp"].to_str().unwrap(),
                    "webhook-signature": r.headers["webhook-signature"].to_str().unwrap(),
                },
                "body": String::from_utf8(r.body.clone()).unwrap(),
            })
        })
        .collect();
    let script = r#"
import json, sys
from standardwebhooks import Webhook
secret, deliveries = sys.argv[1], json.load(sys.stdin)
hook = Webhook(secret)
for d in deliveries:
    hook.verify(d["body"], d["headers"])
print(len(deliveries))
"#;
    let verified = common::python(
        script,
        &[SECRET],
        &serde_json::to_string(&deliveries).unwrap(),
    );
    assert_eq!(
        verified.trim(),
        "7",
        "the standardwebhooks verifier accepts every delivery"
    );
}

#[tokio::test]
async fn a_revision_is_announced_with_its_counts() {
    let app = TestApp::spawn().await;
    let (url, _, mut rx) = receiver(&[]).await;
    subscribe(&app, &url, &["article.revised"]).await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let revised = app
        .post_json(
            &format!("/api/v1/articles/{id}/revisions"),
            &app.editor,
            &json!({"body": SAMPLE.replacen("Nov. 27", "Nov. 28", 1), "note": "date"}),
        )
        .await;
    assert_eq!(revised.status(), 201);
    let body = verify(&next(&mut rx).await);
    assert_eq!(
        body["type"], "article.revised",
        "only the subscribed event: {body}"
    );
    assert_eq!(body["data"]["article"]["id"], id);
    assert_eq!(body["data"]["revision"], 2);
    assert_eq!(body["data"]["note"], "date");
    assert_eq!(body["data"]["created_by"], "eddie");
    assert_eq!(
        [
            &body["data"]["carried"],
            &body["data"]["changed"],
            &body["data"]["added"],
            &body["data"]["removed"]
        ],
        [&json!(14), &json!(1), &json!(0), &json!(0)]
    );
}

#[tokio::test]
async fn team_events_are_announced_and_blind_reviews_are_not() {
    let app = TestApp::spawn().await;
    let bo = app
        .add_token_user("bo", claimdesk::domain::Role::Reviewer)
        .await;
    let (url, _, mut rx) = receiver(&[]).await;
    subscribe(
        &app,
        &url,
        &[
            "claim.annotated",
            "claim.assigned",
            "claim.disputed",
            "comment.created",
        ],
    )
    .await;
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
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let assigned = app
        .post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": article["id"], "claim_ids": [claim], "reviewers": ["rita"]}),
        )
        .await;
    assert_eq!(assigned.status(), 201);
    let body = verify(&next(&mut rx).await);
    assert_eq!(body["type"], "claim.assigned");
    assert_eq!(body["data"]["assignment"]["reviewer"], "rita");
    assert_eq!(body["data"]["claim"]["id"], claim);

    // The first blind review announces nothing (a subscriber would learn the verdict); the
    // second, which differs, announces the dispute with both reviews.
    let path = format!("/api/v1/claims/{claim}/annotations");
    let first = app
        .post_json(&path, &app.reviewer, &json!({"status": "unsourced"}))
        .await;
    assert_eq!(first.status(), 201);
    let second = app
        .post_json(
            &path,
            &bo,
            &json!({"status": "sourced", "sources": [{"url": "https://a.example"}]}),
        )
        .await;
    assert_eq!(second.status(), 201);
    let body = verify(&next(&mut rx).await);
    assert_eq!(body["type"], "claim.disputed", "{body}");
    assert_eq!(body["data"]["claim"]["review"]["state"], "disputed");
    assert_eq!(body["data"]["reviews"].as_array().unwrap().len(), 2);

    let comment = app
        .post_json(
            &format!("/api/v1/claims/{claim}/comments"),
            &app.editor,
            &json!({"body": "@rita @bo let's talk"}),
        )
        .await;
    assert_eq!(comment.status(), 201);
    let body = verify(&next(&mut rx).await);
    assert_eq!(body["type"], "comment.created");
    assert_eq!(body["data"]["comment"]["mentions"], json!(["bo", "rita"]));

    let settled = app
        .post_json(&path, &app.editor, &json!({"status": "unsourced"}))
        .await;
    assert_eq!(settled.status(), 201);
    let body = verify(&next(&mut rx).await);
    assert_eq!(body["type"], "claim.annotated");
    assert_eq!(body["data"]["claim"]["status"], "unsourced");
    assert_eq!(body["data"]["claim"]["review"]["state"], "settled");
}
