//! Several claimdesk instances on one database, as behind a load balancer: what one does,
//! the other sees; racing writers split over both lose nothing; sessions and webhooks work
//! with both running; one killed mid-load loses no acknowledged verdict.
//!
//! Run on the database the suite runs on: a SQLite file shared by two servers, or (in the
//! PostgreSQL pass of `scripts/test.sh`) a PostgreSQL database, which is what many instances
//! are for.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use claimdesk::domain::Role;
use common::binary::{self, Server};
use common::{SAMPLE, TestApp};
use serde_json::{Value, json};

/// How long a change made through one instance may take to show through the other.
const PROMPTLY: Duration = Duration::from_secs(1);

/// Polls `check` until it holds, failing after [`PROMPTLY`].
async fn within_a_second<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + PROMPTLY;
    while !check().await {
        assert!(Instant::now() < deadline, "{what}: not within {PROMPTLY:?}");
        tokio::task::yield_now().await;
    }
}

async fn two_instances() -> (TestApp, TestApp) {
    let one = TestApp::spawn().await;
    let two = TestApp::spawn_beside(&one).await;
    (one, two)
}

#[tokio::test]
async fn a_verdict_through_one_instance_shows_through_the_other() {
    let (one, two) = two_instances().await;
    let article = one.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    // The second instance reads (and caches) everything first.
    let reader = two.browser();
    two.add_user("ed", Role::Editor, "a long enough password")
        .await;
    two.sign_in(&reader, "ed", "a long enough password").await;
    let claim_path = format!("/api/v1/claims/{claim}");
    let article_path = format!("/api/v1/articles/{id}");
    let page_path = format!("/articles/{id}/status");
    assert_eq!(
        two.get_json(&claim_path, &two.viewer).await["status"],
        "unreviewed"
    );
    two.get_json(&article_path, &two.viewer).await;
    let before = two.page(&reader, &page_path).await;
    assert!(!before.contains("contradicted by"), "{before}");

    let response = one
        .annotate(
            claim,
            &json!({
                "status": "contradicted",
                "sources": [{"url": "https://example.org/cable"}],
                "note": "The cable says otherwise."
            }),
        )
        .await;
    assert_eq!(response.status(), 201);

    within_a_second("the claim JSON", || async {
        two.get_json(&claim_path, &two.viewer).await["status"] == "contradicted"
    })
    .await;
    within_a_second("the article JSON", || async {
        two.get_json(&article_path, &two.viewer).await["claims"][0]["status"] == "contradicted"
    })
    .await;
    within_a_second("the status page", || async {
        let page = two.page(&reader, &page_path).await;
        page.contains(&format!("claim-{claim}")) && page.contains("The cable says otherwise.")
    })
    .await;
}

#[tokio::test]
async fn sixteen_if_match_racers_over_two_instances_have_one_winner() {
    let (one, two) = two_instances().await;
    let article = one.import("Cable", SAMPLE).await;
    let claim = article["claims"][1]["id"].as_i64().unwrap();
    let racers = (0..16).map(|i| {
        let (base, token) = if i % 2 == 0 {
            (one.base.clone(), one.reviewer.clone())
        } else {
            (two.base.clone(), two.reviewer.clone())
        };
        let client = one.client.clone();
        tokio::spawn(async move {
            client
                .post(format!("{base}/api/v1/claims/{claim}/annotations"))
                .bearer_auth(token)
                .header("if-match", "\"1\"")
                .json(&json!({"status": "unsourced", "note": format!("racer {i}")}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut answers = Vec::new();
    for racer in racers {
        answers.push(racer.await.unwrap());
    }
    assert_eq!(
        answers.iter().filter(|s| **s == 201).count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|s| **s == 412).count(),
        15,
        "{answers:?}"
    );
    let claim_json = two
        .get_json(&format!("/api/v1/claims/{claim}"), &two.viewer)
        .await;
    assert_eq!(claim_json["version"], 2);
    assert_eq!(claim_json["history"].as_array().unwrap().len(), 1);
}

/// Sends a verdict through the instance at `base`; its status code.
async fn post_verdict(
    client: reqwest::Client,
    base: String,
    token: String,
    claim: i64,
    verdict: Value,
) -> u16 {
    client
        .post(format!("{base}/api/v1/claims/{claim}/annotations"))
        .bearer_auth(token)
        .json(&verdict)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn forty_writers_over_two_instances_leave_forty_history_entries() {
    let (one, two) = two_instances().await;
    let article = one.import("Cable", SAMPLE).await;
    let claim = article["claims"][2]["id"].as_i64().unwrap();
    let statuses = ["sourced", "unsourced", "contradicted"];
    let writers = (0..40).map(|i| {
        let (base, token) = if i % 2 == 0 {
            (one.base.clone(), one.reviewer.clone())
        } else {
            (two.base.clone(), two.editor.clone())
        };
        let verdict = json!({
            "status": statuses[i % 3],
            "sources": [{"url": format!("https://example.org/{i}")}],
            "note": format!("writer {i}")
        });
        tokio::spawn(post_verdict(
            one.client.clone(),
            base,
            token,
            claim,
            verdict,
        ))
    });
    for writer in writers {
        assert_eq!(writer.await.unwrap(), 201);
    }
    for app in [&one, &two] {
        let claim_json = app
            .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
            .await;
        assert_eq!(claim_json["version"], 41);
        let history = common::full_history(&app.client, &app.base, &app.viewer, claim).await;
        let notes: BTreeSet<String> = history
            .iter()
            .map(|h| h["note"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(notes.len(), 40, "every writer's verdict, once");
        let versions: BTreeSet<i64> = history
            .iter()
            .map(|h| h["version"].as_i64().unwrap())
            .collect();
        assert_eq!(versions, (2..=41).collect());
    }
}

/// Each instance records the verdicts queued with it as one batch: batches of the two
/// instances meet on the same claims, arriving in opposite orders, and none may be lost,
/// refused or stuck behind the other.
#[tokio::test]
async fn batches_of_two_instances_crossing_on_the_same_claims_all_land() {
    let (one, two) = two_instances().await;
    let article = one.import("Cable", SAMPLE).await;
    let claims: Vec<i64> = (0..4)
        .map(|i| article["claims"][i]["id"].as_i64().unwrap())
        .collect();
    // One instance goes through the claims forwards, the other backwards.
    let target = |i: usize| {
        if i.is_multiple_of(2) {
            claims[i / 2 % 4]
        } else {
            claims[3 - i / 2 % 4]
        }
    };
    let writers = (0..48).map(|i: usize| {
        let (base, token) = if i.is_multiple_of(2) {
            (one.base.clone(), one.editor.clone())
        } else {
            (two.base.clone(), two.editor.clone())
        };
        let verdict = json!({"status": "unsourced", "note": format!("writer {i}")});
        tokio::spawn(post_verdict(
            one.client.clone(),
            base,
            token,
            target(i),
            verdict,
        ))
    });
    for writer in writers {
        assert_eq!(writer.await.unwrap(), 201);
    }
    for &claim in &claims {
        let claim_json = two
            .get_json(&format!("/api/v1/claims/{claim}"), &two.viewer)
            .await;
        assert_eq!(
            claim_json["version"], 13,
            "twelve verdicts on claim {claim}"
        );
        let history = common::full_history(&two.client, &two.base, &two.viewer, claim).await;
        let notes: BTreeSet<String> = history
            .iter()
            .map(|h| h["note"].as_str().unwrap().to_owned())
            .collect();
        let sent: BTreeSet<String> = (0..48)
            .filter(|&i| target(i) == claim)
            .map(|i| format!("writer {i}"))
            .collect();
        assert_eq!(notes, sent, "the verdicts sent to claim {claim}, each once");
    }
}

#[tokio::test]
async fn a_browser_session_signed_in_on_one_instance_works_on_the_other() {
    let (one, two) = two_instances().await;
    one.add_user("sam", Role::Reviewer, "a long enough password")
        .await;
    let browser = one.browser();
    one.sign_in(&browser, "sam", "a long enough password").await;
    // Both servers are on 127.0.0.1, so the one cookie goes to both, as it would to one
    // address behind a load balancer.
    let page = two.page(&browser, "/articles").await;
    assert!(
        page.contains("sam"),
        "not signed in on the other instance: {page}"
    );
    let answer = browser.get(two.url("/articles")).send().await.unwrap();
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn sign_in_attempts_are_limited_across_instances() {
    let (one, two) = two_instances().await;
    let client = one.browser();
    let mut statuses = Vec::new();
    for attempt in 0..12 {
        let app = if attempt % 2 == 0 { &one } else { &two };
        let answer = client
            .post(app.url("/login"))
            .form(&[("username", "nobody"), ("password", "wrong password")])
            .send()
            .await
            .unwrap();
        statuses.push(answer.status().as_u16());
    }
    // Ten attempts per name and address in all, whichever instance counts them.
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
}

/// A webhook receiver that counts every request by its delivery id.
async fn counting_receiver() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let (sink, received) = tokio::sync::mpsc::unbounded_channel::<String>();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let sink = sink.clone();
            async move {
                let id = headers
                    .get("x-claimdesk-delivery")
                    .or_else(|| headers.get("webhook-id"))
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let _ = sink.send(id);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

#[tokio::test]
async fn each_webhook_delivery_is_sent_once_with_both_instances_running() {
    let (one, two) = two_instances().await;
    let (url, mut received) = counting_receiver().await;
    let hook = one
        .post_json(
            "/api/v1/webhooks",
            &one.admin,
            &json!({"url": url, "events": ["article.imported", "claim.annotated"]}),
        )
        .await;
    assert_eq!(hook.status(), 201);
    let hook = hook.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let article = one.import("Cable", SAMPLE).await;
    let claims = common::claim_ids(&article);
    for (i, claim) in claims.iter().enumerate() {
        let app = if i % 2 == 0 { &one } else { &two };
        let answer = app
            .post_json(
                &format!("/api/v1/claims/{claim}/annotations"),
                &app.reviewer,
                &json!({"status": "sourced", "sources": [{"url": "https://example.org/a"}]}),
            )
            .await;
        assert_eq!(answer.status(), 201);
    }
    let expected = claims.len() + 1;
    // Wait until every delivery is recorded as delivered: any second sending of one would
    // have reached the receiver before its record did.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let log: Vec<Value> = serde_json::from_value(
            one.get_json(
                &format!("/api/v1/webhooks/{hook}/deliveries?limit=100"),
                &one.admin,
            )
            .await,
        )
        .unwrap();
        if log.len() == expected && log.iter().all(|d| d["state"] == "delivered") {
            assert!(log.iter().all(|d| d["attempts"] == 1), "{log:?}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "deliveries still pending: {log:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    while let Ok(id) = received.try_recv() {
        *seen.entry(id).or_default() += 1;
    }
    assert_eq!(seen.len(), expected, "{seen:?}");
    assert!(seen.values().all(|n| *n == 1), "sent twice: {seen:?}");
}

#[tokio::test]
async fn an_instance_killed_under_load_loses_no_acknowledged_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let db = Path::new(&database);
    let token = binary::token_for(db, "rita", "reviewer");
    let imported = binary::claimdesk(db, &["import", binary::SAMPLE_PATH], None);
    assert!(imported.status.success(), "{}", binary::stderr(&imported));
    let doomed = Server::start(db, &[]).await;
    let survivor = Server::start(db, &[]).await;
    let client = common::http_client();
    let claims: Vec<i64> = survivor.get_json("/api/v1/claims?limit=100", &token).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(claims.len() > 4);

    // Eight writers, half on each instance, each writing until its instance stops answering
    // or it has written 150 verdicts.
    let (acks, mut acked) = tokio::sync::mpsc::unbounded_channel::<(i64, i64, String)>();
    let mut writers = Vec::new();
    for w in 0..8 {
        let base = if w % 2 == 0 {
            doomed.base.clone()
        } else {
            survivor.base.clone()
        };
        let (client, token, claims, acks) =
            (client.clone(), token.clone(), claims.clone(), acks.clone());
        writers.push(tokio::spawn(async move {
            for n in 0..150 {
                let claim = claims[(w + n) % claims.len()];
                let note = format!("writer {w} verdict {n}");
                let sent = client
                    .post(format!("{base}/api/v1/claims/{claim}/annotations"))
                    .bearer_auth(&token)
                    .json(&json!({"status": "unsourced", "note": note}))
                    .send()
                    .await;
                match sent {
                    Ok(answer) if answer.status() == 201 => {
                        let body: Value = answer.json().await.unwrap();
                        let _ = acks.send((claim, body["version"].as_i64().unwrap(), note));
                    }
                    // The instance died under this request: not acknowledged, so nothing
                    // is promised about it.
                    _ => return,
                }
            }
        }));
    }
    drop(acks);
    // Kill the doomed instance once both have acknowledged verdicts.
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 60 {
        acknowledged.push(acked.recv().await.expect("writers stopped early"));
    }
    doomed.kill().await;
    for writer in writers {
        writer.await.unwrap();
    }
    while let Some(ack) = acked.recv().await {
        acknowledged.push(ack);
    }

    // Every acknowledged verdict is readable through the survivor, at its version.
    let mut history: HashMap<i64, HashMap<i64, String>> = HashMap::new();
    for claim in &claims {
        let entries = common::full_history(&client, &survivor.base, &token, *claim).await;
        history.insert(
            *claim,
            entries
                .iter()
                .map(|h| {
                    (
                        h["version"].as_i64().unwrap(),
                        h["note"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
        );
    }
    for (claim, version, note) in &acknowledged {
        assert_eq!(
            history[claim].get(version),
            Some(note),
            "acknowledged verdict {note} (claim {claim}, version {version}) is missing"
        );
    }
    assert!(acknowledged.len() >= 60);
    survivor.kill().await;
}

#[tokio::test]
async fn backup_and_restore_work_through_the_command_line() {
    // On SQLite, a file copy; on PostgreSQL, pg_dump and pg_restore.
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let db = Path::new(&database);
    binary::token_for(db, "rita", "reviewer");
    let imported = binary::claimdesk(db, &["import", binary::SAMPLE_PATH], None);
    assert!(imported.status.success(), "{}", binary::stderr(&imported));
    let storage = common::open(&database).await;
    let rita = storage.user_by_name("rita").await.unwrap().unwrap();
    let claim = storage
        .claims(&claimdesk::storage::ClaimFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()[0]
        .id;
    let verdict = |note: &str| {
        claimdesk::domain::NewAnnotation::parse(claimdesk::domain::AnnotationInput {
            status: Some("unsourced".into()),
            sources: None,
            note: Some(note.into()),
        })
        .unwrap()
    };
    storage
        .annotate(claim, &verdict("before the backup"), &rita, None)
        .await
        .unwrap();

    let backup = dir.path().join("claimdesk.backup");
    let backed_up = binary::claimdesk(db, &["backup", backup.to_str().unwrap()], None);
    assert!(backed_up.status.success(), "{}", binary::stderr(&backed_up));
    storage
        .annotate(claim, &verdict("after the backup"), &rita, None)
        .await
        .unwrap();
    assert_eq!(storage.claim_history(claim).await.unwrap().len(), 2);

    // A file that is no backup is refused, and nothing changes.
    let junk = dir.path().join("junk");
    std::fs::write(&junk, "not a backup").unwrap();
    let refused = binary::claimdesk(db, &["restore", junk.to_str().unwrap(), "--force"], None);
    assert!(!refused.status.success());
    assert!(
        binary::stderr(&refused).contains("not"),
        "{}",
        binary::stderr(&refused)
    );
    assert_eq!(storage.claim_history(claim).await.unwrap().len(), 2);

    let restored = binary::claimdesk(db, &["restore", backup.to_str().unwrap(), "--force"], None);
    assert!(restored.status.success(), "{}", binary::stderr(&restored));
    // The storage opened before the restore reads the restored data.
    let history = storage.claim_history(claim).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].note.as_deref(), Some("before the backup"));
}
