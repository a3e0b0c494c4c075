//! The storage contract: the same cases against every backend, through the storage traits
//! only: SQLite (a real file in a temp dir) always, and PostgreSQL (a database of its own on
//! the server `CLAIMDESK_TEST_DATABASE` names, which the test script starts) when there is one.

mod common;

use claimdesk::analysis::ClaimType;
use claimdesk::clock;
use claimdesk::domain::annotation::SourceInput;
use claimdesk::domain::review::ReviewState;
use claimdesk::domain::webhook::{NewWebhook, WebhookInput};
use claimdesk::domain::{
    AnnotationInput, ArticleInput, ClaimStatus, NewAnnotation, NewArticle, PublicationSettings,
    Role,
};
use claimdesk::import::import_article;
use claimdesk::storage::{
    AgreementFilter, AssignmentFilter, Attempt, ClaimEdit, ClaimFilter, ClaimOrder,
    DeliveryOutcome, DynStorage, EditedField, Imported, NewCommentRecord, QueueReason,
    ReviewOutcome, SessionRecord, Speaker, StorageError, User,
};

/// One backend under test, kept alive with whatever it needs (a temp dir).
struct Backend {
    name: &'static str,
    url: String,
    storage: DynStorage,
    _dir: tempfile::TempDir,
}

async fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contract.db");
    let url = path.to_str().unwrap().to_owned();
    let mut backends = vec![Backend {
        name: "sqlite",
        storage: common::open(&url).await,
        url,
        _dir: dir,
    }];
    if common::postgres_server().is_some() {
        let dir = tempfile::tempdir().unwrap();
        let url = common::fresh_database(dir.path()).await;
        backends.push(Backend {
            name: "postgres",
            storage: common::open(&url).await,
            url,
            _dir: dir,
        });
    }
    backends
}

const ARTICLE: &str =
    "The cable was sent on Friday. It reached 40 embassies. Officials declined to comment.";

async fn article(storage: &DynStorage, body: &str) -> (i64, Vec<i64>) {
    let new = NewArticle::parse(ArticleInput {
        title: Some("Contract".into()),
        body: Some(body.into()),
        ..ArticleInput::default()
    })
    .unwrap();
    let id = import_article(storage.as_ref(), new, None)
        .await
        .unwrap()
        .id();
    let claims = storage
        .claims(&ClaimFilter {
            article_id: Some(id),
            limit: u32::MAX,
            ..ClaimFilter::default()
        })
        .await
        .unwrap();
    (id, claims.iter().map(|c| c.id).collect())
}

async fn reviewer(storage: &DynStorage, name: &str) -> User {
    storage
        .create_user(name, Role::Reviewer, None)
        .await
        .unwrap()
}

fn verdict(status: &str, citation: &str) -> NewAnnotation {
    NewAnnotation::parse(AnnotationInput {
        status: Some(status.into()),
        sources: Some(vec![SourceInput {
            url: None,
            citation: Some(citation.into()),
        }]),
        note: None,
    })
    .unwrap()
}

// Two runtime threads, as a server has at least: a verdict that finds none other in flight is
// recorded on its own thread, the others queue for the writer's, and both kinds mix here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_concurrent_writers_lose_nothing() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "w").await;
        let mut tasks = Vec::new();
        for i in 0..40 {
            let storage = storage.clone();
            let user = user.clone();
            // Half on one claim (their versions must all differ), half spread over the rest.
            let claim = if i % 2 == 0 {
                claims[0]
            } else {
                claims[1 + i % 2]
            };
            tasks.push(tokio::spawn(async move {
                storage
                    .annotate(claim, &verdict("sourced", &format!("w{i}")), &user, None)
                    .await
            }));
        }
        let mut versions = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            let recorded = task.await.unwrap().expect("every writer is acknowledged");
            // A batch answers each verdict with its own claim's history as of that verdict:
            // its own entry first, then older ones, never another claim's or a later one.
            if let Some(recent) = &recorded.recent_history {
                let own = &recent[0];
                assert_eq!(own.version, recorded.claim.version, "{}", backend.name);
                let citation = own.sources[0].citation.as_deref();
                assert_eq!(citation, Some(format!("w{i}").as_str()), "{}", backend.name);
                let expected: Vec<i64> = (2..=recorded.claim.version).rev().take(21).collect();
                let got: Vec<i64> = recent.iter().map(|h| h.version).collect();
                assert_eq!(got, expected, "{}", backend.name);
            }
            if recorded.claim.id == claims[0] {
                versions.push(recorded.claim.version);
            }
        }
        versions.sort_unstable();
        assert_eq!(versions, (2..=21).collect::<Vec<_>>(), "{}", backend.name);
        let history = storage.claim_history(claims[0]).await.unwrap();
        assert_eq!(history.len(), 20, "{}", backend.name);
        let mut citations: Vec<String> = history
            .iter()
            .map(|h| h.sources[0].citation.clone().unwrap())
            .collect();
        citations.sort();
        citations.dedup();
        assert_eq!(citations.len(), 20, "{}: every verdict kept", backend.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_racing_if_match_writers_have_one_winner() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "racer").await;
        let target = claims[0];
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let storage = storage.clone();
                let user = user.clone();
                tokio::spawn(async move {
                    storage
                        .annotate(
                            target,
                            &verdict("contradicted", &format!("r{i}")),
                            &user,
                            Some(1),
                        )
                        .await
                })
            })
            .collect();
        let mut won = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(recorded) => {
                    won += 1;
                    assert_eq!(recorded.claim.version, 2);
                }
                Err(StorageError::VersionMismatch { current }) => assert_eq!(current, 2),
                Err(other) => panic!("{}: {other}", backend.name),
            }
        }
        assert_eq!(won, 1, "{}", backend.name);
        assert_eq!(
            storage.claim_history(claims[0]).await.unwrap().len(),
            1,
            "{}",
            backend.name
        );
    }
}

/// A lone verdict, recorded on the request's own thread (SQLite), never waits there for
/// SQLite's lock: while another connection holds it (an import in another process, say), the
/// verdict goes to the writer's thread, leaves the runtime's thread free, and is recorded once
/// the lock is released.
#[tokio::test]
async fn a_verdict_waits_for_a_locked_sqlite_database_off_the_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let storage = common::open(path.to_str().unwrap()).await;
    let (_, claims) = article(&storage, ARTICLE).await;
    let user = reviewer(&storage, "patient").await;
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let held = verdict("sourced", "held");
    let mut verdict = std::pin::pin!(storage.annotate(claims[0], &held, &user, None));
    // One poll: a verdict waiting for the lock on this thread would come back only after the
    // busy timeout, with its error.
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(verdict.as_mut().poll(cx))).await;
    assert!(
        first.is_pending(),
        "the verdict waited for the lock on the runtime's thread: {first:?}"
    );
    other.execute_batch("COMMIT").unwrap();
    let recorded = verdict.await.expect("recorded once the lock is free");
    assert_eq!(recorded.claim.version, 2);
    assert_eq!(storage.claim_history(claims[0]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn history_is_append_only() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "h").await;
        storage
            .annotate(claims[0], &verdict("sourced", "first"), &user, None)
            .await
            .unwrap();
        let before = storage.claim_history(claims[0]).await.unwrap();
        storage
            .annotate(
                claims[0],
                &verdict("contradicted", "second"),
                &user,
                Some(2),
            )
            .await
            .unwrap();
        let after = storage.claim_history(claims[0]).await.unwrap();
        assert_eq!(after.len(), 2, "{}", backend.name);
        assert_eq!(
            after[1..],
            before[..],
            "{}: older entries unchanged",
            backend.name
        );
        assert_eq!(after[0].version, 3);
        let claim = storage.claim(claims[0]).await.unwrap().unwrap();
        assert_eq!(claim.status.as_str(), "contradicted");
        // A missing claim is not found, not a new row.
        assert!(matches!(
            storage
                .annotate(i64::MAX, &verdict("sourced", "x"), &user, None)
                .await,
            Err(StorageError::NotFound(_))
        ));
    }
}

#[tokio::test]
async fn the_database_itself_refuses_to_rewrite_history() {
    // Below the traits: the database refuses UPDATE and DELETE on verdicts, whoever asks.
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "h").await;
        storage
            .annotate(claims[0], &verdict("sourced", "kept"), &user, None)
            .await
            .unwrap();
        let refused: Vec<String> = if backend.name == "postgres" {
            let pool = sqlx::PgPool::connect(&backend.url).await.unwrap();
            let mut refused = Vec::new();
            for sql in [
                "UPDATE annotations SET note = 'rewritten'",
                "DELETE FROM annotations",
                "TRUNCATE annotations CASCADE",
            ] {
                refused.push(
                    sqlx::query(sql)
                        .execute(&pool)
                        .await
                        .unwrap_err()
                        .to_string(),
                );
            }
            refused
        } else {
            let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", backend.url))
                .await
                .unwrap();
            let mut refused = Vec::new();
            for sql in [
                "UPDATE annotations SET note = 'rewritten'",
                "DELETE FROM annotations",
            ] {
                refused.push(
                    sqlx::query(sql)
                        .execute(&pool)
                        .await
                        .unwrap_err()
                        .to_string(),
                );
            }
            refused
        };
        for message in refused {
            assert!(
                message.contains("append-only"),
                "{}: {message}",
                backend.name
            );
        }
        let history = storage.claim_history(claims[0]).await.unwrap();
        assert_eq!(history.len(), 1, "{}", backend.name);
    }
}

#[tokio::test]
async fn importing_the_same_body_twice_is_one_article() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (first, claims) = article(&storage, ARTICLE).await;
        let again = NewArticle::parse(ArticleInput {
            title: Some("Another title".into()),
            body: Some(ARTICLE.into()),
            ..ArticleInput::default()
        })
        .unwrap();
        let imported = import_article(storage.as_ref(), again, None).await.unwrap();
        assert_eq!(imported, Imported::Existing(first), "{}", backend.name);
        let (_, same) = article(&storage, ARTICLE).await;
        assert_eq!(same, claims);
        assert_eq!(
            storage.list_articles(None, 10).await.unwrap().len(),
            1,
            "{}",
            backend.name
        );
    }
}

#[tokio::test]
async fn sessions_expire_and_ids_are_never_reused() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let now = clock::now_ms() / 1000;
        let live = SessionRecord {
            data: "{\"user_id\":1}".into(),
            expires_at: now + 3600,
        };
        assert!(storage.session_insert("live", &live).await.unwrap());
        assert!(
            !storage.session_insert("live", &live).await.unwrap(),
            "{}: a taken id is refused",
            backend.name
        );
        assert_eq!(
            storage.session_load("live", now).await.unwrap(),
            Some(live.clone())
        );
        let expired = SessionRecord {
            data: "{}".into(),
            expires_at: now - 1,
        };
        assert!(storage.session_insert("old", &expired).await.unwrap());
        assert_eq!(
            storage.session_load("old", now).await.unwrap(),
            None,
            "{}",
            backend.name
        );
        // Saving moves the expiry; deleting ends it.
        let later = SessionRecord {
            expires_at: now + 7200,
            ..live.clone()
        };
        storage.session_save("live", &later).await.unwrap();
        assert_eq!(
            storage.session_load("live", now).await.unwrap(),
            Some(later)
        );
        storage.session_delete("live").await.unwrap();
        assert_eq!(storage.session_load("live", now).await.unwrap(), None);
    }
}

#[tokio::test]
async fn keyset_pages_cover_everything_once() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let mut ids = Vec::new();
        for i in 0..7 {
            ids.push(
                article(&storage, &format!("Article number {i} says a thing."))
                    .await
                    .0,
            );
        }
        // Articles: newest first, pages of 3.
        let mut seen = Vec::new();
        let mut before = None;
        loop {
            let page = storage.list_articles(before, 3).await.unwrap();
            if page.is_empty() {
                break;
            }
            before = page.last().map(|a| a.id);
            seen.extend(page.iter().map(|a| a.id));
        }
        ids.reverse();
        assert_eq!(seen, ids, "{}", backend.name);
        // Claims: in order, pages of 2.
        let all: Vec<i64> = storage
            .claims(&ClaimFilter {
                limit: u32::MAX,
                ..ClaimFilter::default()
            })
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let mut walked = Vec::new();
        let mut after = None;
        loop {
            let page = storage
                .claims(&ClaimFilter {
                    after,
                    limit: 2,
                    ..ClaimFilter::default()
                })
                .await
                .unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(|c| c.id);
            walked.extend(page.iter().map(|c| c.id));
        }
        assert_eq!(walked, all, "{}", backend.name);
        assert_eq!(all.len(), 7);
    }
}

/// The writers read back the claim a verdict leaves by their own statements (the SQLite one
/// through rusqlite, by column positions): their answer must be the claim as stored, every
/// field of it, its reading (speaker and offsets) among them.
#[tokio::test]
async fn a_verdict_answers_with_the_claim_as_stored() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (_, claims) = article(
            &storage,
            "“The cable reached 40 embassies,” said Ana Park, a spokeswoman. It was sent on Friday.",
        )
        .await;
        let user = reviewer(&storage, "s").await;
        let recorded = storage
            .annotate(claims[0], &verdict("sourced", "the cable"), &user, None)
            .await
            .unwrap();
        let stored = storage.claim(claims[0]).await.unwrap().unwrap();
        assert!(stored.reading.speaker.is_some(), "{}", backend.name);
        assert_eq!(recorded.claim, stored, "{}", backend.name);
    }
}

#[tokio::test]
async fn a_verdict_is_announced_only_to_the_webhooks_listening_for_it() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let admin = storage
            .create_user("listeners", Role::Admin, None)
            .await
            .unwrap();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "n").await;
        let subscribe = |events: &[&str]| {
            NewWebhook::parse(WebhookInput {
                url: Some("http://127.0.0.1:9/hook".into()),
                secret: None,
                events: Some(events.iter().map(|e| e.to_string()).collect()),
            })
            .unwrap()
        };
        let due_annotations = || async {
            let now = clock::now_ms();
            storage
                .take_due_deliveries(now + 1, now + 1_000, 50)
                .await
                .unwrap()
                .into_iter()
                .filter(|d| d.event == "claim.annotated")
                .collect::<Vec<_>>()
        };

        // Nobody listens, then only to imports, then a listener that was switched off.
        let recorded = storage
            .annotate(claims[0], &verdict("sourced", "a"), &user, None)
            .await
            .unwrap();
        assert!(!recorded.deliveries_queued, "{}", backend.name);
        storage
            .create_webhook(&subscribe(&["article.imported"]), "whsec_1", admin.id)
            .await
            .unwrap();
        let off = storage
            .create_webhook(&subscribe(&["claim.annotated"]), "whsec_2", admin.id)
            .await
            .unwrap();
        assert!(storage.deactivate_webhook(off.id).await.unwrap());
        let recorded = storage
            .annotate(claims[1], &verdict("unsourced", "b"), &user, None)
            .await
            .unwrap();
        assert!(!recorded.deliveries_queued, "{}", backend.name);
        assert!(due_annotations().await.is_empty(), "{}", backend.name);

        // One listener: one delivery, carrying the claim as the verdict left it.
        storage
            .create_webhook(&subscribe(&["claim.annotated"]), "whsec_3", admin.id)
            .await
            .unwrap();
        let recorded = storage
            .annotate(claims[2], &verdict("contradicted", "c"), &user, None)
            .await
            .unwrap();
        assert!(recorded.deliveries_queued, "{}", backend.name);
        let due = due_annotations().await;
        assert_eq!(due.len(), 1, "{}", backend.name);
        let payload: serde_json::Value = serde_json::from_str(&due[0].payload).unwrap();
        assert_eq!(payload["claim"]["id"], claims[2], "{}", backend.name);
        assert_eq!(
            payload["claim"]["status"], "contradicted",
            "{}",
            backend.name
        );
    }
}

#[tokio::test]
async fn deliveries_are_queued_with_the_change_and_claimed_until_done() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let admin = storage
            .create_user("hooks", Role::Admin, None)
            .await
            .unwrap();
        let hook = NewWebhook::parse(WebhookInput {
            url: Some("http://127.0.0.1:9/hook".into()),
            secret: None,
            events: Some(vec!["article.imported".into(), "claim.annotated".into()]),
        })
        .unwrap();
        let hook = storage
            .create_webhook(&hook, "whsec_s3cret", admin.id)
            .await
            .unwrap();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "d").await;
        let recorded = storage
            .annotate(claims[0], &verdict("sourced", "c"), &user, None)
            .await
            .unwrap();
        assert!(recorded.deliveries_queued, "{}", backend.name);

        let now = clock::now_ms();
        let due = storage
            .take_due_deliveries(now + 1, now + 1_000, 10)
            .await
            .unwrap();
        let events: Vec<&str> = due.iter().map(|d| d.event.as_str()).collect();
        assert_eq!(
            events,
            ["article.imported", "claim.annotated"],
            "{}",
            backend.name
        );
        assert!(
            due.iter()
                .all(|d| d.url == hook.url && d.secret == "whsec_s3cret")
        );
        let payload: serde_json::Value = serde_json::from_str(&due[1].payload).unwrap();
        assert_eq!(payload["claim"]["id"], claims[0]);

        // Delivered: never due again. Failed for now: due again only when its time comes.
        let attempt = |status| Attempt {
            attempt: 1,
            started_at: clock::now(),
            status_code: Some(status),
            error: None,
            duration_ms: 3,
        };
        storage
            .record_attempt(due[0].row_id, &attempt(200), DeliveryOutcome::Delivered)
            .await
            .unwrap();
        storage
            .record_attempt(
                due[1].row_id,
                &attempt(503),
                DeliveryOutcome::RetryAt(now + 60_000),
            )
            .await
            .unwrap();
        assert!(
            storage
                .take_due_deliveries(now + 2_000, now + 3_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            storage.next_delivery_due().await.unwrap(),
            Some(now + 60_000),
            "{}",
            backend.name
        );
        let retry = storage
            .take_due_deliveries(now + 60_000, now + 61_000, 10)
            .await
            .unwrap();
        assert_eq!(retry.len(), 1);
        assert_eq!(retry[0].attempts, 1);
        let log = storage.webhook_deliveries(hook.id, 10).await.unwrap();
        assert_eq!(log.len(), 2);
        assert!(log.iter().any(|d| d.state == "delivered"));
    }
}

#[tokio::test]
async fn history_pages_walk_back_through_every_verdict_once() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "p").await;
        for i in 0..7 {
            storage
                .annotate(
                    claims[0],
                    &verdict("sourced", &format!("v{i}")),
                    &user,
                    None,
                )
                .await
                .unwrap();
        }
        let claim = storage.claim(claims[0]).await.unwrap().unwrap();
        let mut versions = Vec::new();
        let mut before = None;
        loop {
            let page = storage
                .claim_history_page(claims[0], before, 3)
                .await
                .unwrap();
            if page.is_empty() {
                break;
            }
            before = page.last().map(|h| h.version);
            versions.extend(page.iter().map(|h| h.version));
        }
        assert_eq!(
            versions,
            (2..=8).rev().collect::<Vec<_>>(),
            "{}",
            backend.name
        );
        assert_eq!(
            i64::try_from(versions.len()).unwrap(),
            claim.version - 1,
            "{}: a claim's history holds version - 1 entries",
            backend.name
        );
    }
}

#[tokio::test]
async fn a_taken_delivery_goes_to_one_taker_until_its_lease_ends() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let admin = storage
            .create_user("lease", Role::Admin, None)
            .await
            .unwrap();
        let hook = NewWebhook::parse(WebhookInput {
            url: Some("http://127.0.0.1:9/hook".into()),
            secret: None,
            events: Some(vec!["claim.annotated".into()]),
        })
        .unwrap();
        storage
            .create_webhook(&hook, "whsec_s3cret", admin.id)
            .await
            .unwrap();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "l").await;
        for claim in &claims {
            storage
                .annotate(*claim, &verdict("sourced", "x"), &user, None)
                .await
                .unwrap();
        }
        let now = clock::now_ms() + 1;
        let lease_end = now + 60_000;
        // Eight takers at once, as dispatchers of several instances would be.
        let takers = (0..8).map(|_| {
            let storage = storage.clone();
            tokio::spawn(async move { storage.take_due_deliveries(now, lease_end, 2).await })
        });
        let mut taken: Vec<i64> = Vec::new();
        for taker in takers {
            taken.extend(taker.await.unwrap().unwrap().iter().map(|d| d.row_id));
        }
        taken.sort_unstable();
        let before = taken.len();
        taken.dedup();
        assert_eq!(
            before,
            taken.len(),
            "{}: a delivery went to two takers",
            backend.name
        );
        assert_eq!(taken.len(), claims.len(), "{}", backend.name);
        // Held: nobody takes them again before the lease ends; after it, someone does (the
        // holder died without recording an attempt).
        assert!(
            storage
                .take_due_deliveries(lease_end - 1, lease_end + 60_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            backend.name
        );
        let again = storage
            .take_due_deliveries(lease_end, lease_end + 60_000, 10)
            .await
            .unwrap();
        assert_eq!(again.len(), claims.len(), "{}", backend.name);
        // A holder that stops gives its deliveries back: due at once, not after the lease.
        // Giving back with the old lease touches nothing (the rows were taken again since).
        let ids: Vec<i64> = again.iter().map(|d| d.row_id).collect();
        storage
            .release_deliveries(&ids, lease_end, now)
            .await
            .unwrap();
        assert!(
            storage
                .take_due_deliveries(now, now + 1, 10)
                .await
                .unwrap()
                .is_empty(),
            "{}: a stale give-back freed deliveries another holder has",
            backend.name
        );
        storage
            .release_deliveries(&ids, lease_end + 60_000, now)
            .await
            .unwrap();
        let freed = storage.take_due_deliveries(now, now + 1, 10).await.unwrap();
        assert_eq!(freed.len(), claims.len(), "{}", backend.name);
    }
}

#[tokio::test]
async fn attempts_are_limited_per_key_and_allowed_again_in_time() {
    use claimdesk::storage::AttemptRate;
    let rate = AttemptRate {
        burst: 3,
        interval_ms: 1_000,
    };
    for backend in backends().await {
        let storage = backend.storage.clone();
        let now = 1_000_000;
        for _ in 0..3 {
            assert_eq!(storage.take_attempt("ip:a", now, rate).await.unwrap(), None);
        }
        let wait = storage.take_attempt("ip:a", now, rate).await.unwrap();
        assert_eq!(wait, Some(1_000), "{}", backend.name);
        // A refused attempt is not counted; other keys are not affected.
        assert_eq!(
            storage.take_attempt("ip:a", now, rate).await.unwrap(),
            Some(1_000)
        );
        assert_eq!(storage.take_attempt("ip:b", now, rate).await.unwrap(), None);
        assert_eq!(
            storage
                .take_attempt("ip:a", now + 1_000, rate)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            storage
                .take_attempt("ip:a", now + 1_000, rate)
                .await
                .unwrap(),
            Some(1_000),
            "{}",
            backend.name
        );
        // Long after, a full burst again.
        for _ in 0..3 {
            assert_eq!(
                storage
                    .take_attempt("ip:a", now + 60_000, rate)
                    .await
                    .unwrap(),
                None
            );
        }
        // Concurrent attempts on one key are counted one by one: exactly the burst passes.
        let racers = (0..12).map(|_| {
            let storage = storage.clone();
            tokio::spawn(async move { storage.take_attempt("ip:race", now, rate).await })
        });
        let mut allowed = 0;
        for racer in racers {
            if racer.await.unwrap().unwrap().is_none() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 3, "{}", backend.name);
    }
}

#[tokio::test]
async fn search_finds_claims_by_their_words_on_every_backend() {
    use claimdesk::storage::ClaimQuery;
    for backend in backends().await {
        let storage = backend.storage.clone();
        article(
            &storage,
            "The cable was sent on Friday. It reached 40 embassies. Officials declined to comment.",
        )
        .await;
        article(
            &storage,
            "A second cable reached Bogotá on Monday. The embassies in Bogota said nothing.",
        )
        .await;
        let texts = |claims: Vec<claimdesk::storage::Claim>| -> Vec<String> {
            claims.into_iter().map(|c| c.text).collect()
        };
        let found = texts(
            storage
                .search_claims(&ClaimQuery {
                    text: "EMBASSIES reached".into(),
                    limit: 10,
                    ..Default::default()
                })
                .await
                .unwrap(),
        );
        assert_eq!(found.len(), 3, "{}: {found:?}", backend.name);
        // The claim holding both words comes first.
        assert_eq!(
            found[0], "It reached 40 embassies.",
            "{}: {found:?}",
            backend.name
        );
        // Accents and case do not matter.
        let accents = texts(
            storage
                .search_claims(&ClaimQuery {
                    text: "bogota".into(),
                    limit: 10,
                    ..Default::default()
                })
                .await
                .unwrap(),
        );
        assert_eq!(accents.len(), 2, "{}: {accents:?}", backend.name);
        // Query syntax typed by a user is only words.
        assert!(
            storage
                .search_claims(&ClaimQuery {
                    text: "') | !(' & \\ <-> :*".into(),
                    limit: 10,
                    ..Default::default()
                })
                .await
                .unwrap()
                .is_empty(),
            "{}",
            backend.name
        );
    }
}

#[tokio::test]
async fn a_verdict_moves_its_articles_stamp_and_no_other() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (first, claims) = article(&storage, ARTICLE).await;
        let (second, _) = article(&storage, "Another article. With two claims.").await;
        let user = reviewer(&storage, "s").await;
        let before = storage.article_stamp(first).await.unwrap().unwrap();
        let other_before = storage.article_stamp(second).await.unwrap().unwrap();
        storage
            .annotate(claims[1], &verdict("sourced", "x"), &user, None)
            .await
            .unwrap();
        let after = storage.article_stamp(first).await.unwrap().unwrap();
        let other_after = storage.article_stamp(second).await.unwrap().unwrap();
        assert!(after.revision > before.revision, "{}", backend.name);
        assert_ne!(after, before, "{}", backend.name);
        assert_eq!(
            other_after.revision, other_before.revision,
            "{}",
            backend.name
        );
    }
}

#[tokio::test]
async fn claims_are_read_at_import_and_listed_most_checkworthy_first() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (id, claims) = article(
            &storage,
            "Thank you all for coming tonight. Unemployment fell to 3.5 percent in 2019, \
             the lowest rate in 50 years, the Labor Department said. I think that's wrong.",
        )
        .await;
        let listed = storage
            .claims(&ClaimFilter {
                article_id: Some(id),
                order: ClaimOrder::Checkworthiness,
                limit: 10,
                ..ClaimFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), claims.len(), "{}", backend.name);
        assert_eq!(listed[0].id, claims[1], "{}", backend.name);
        let scores: Vec<f64> = listed
            .iter()
            .map(|c| c.reading.checkworthiness.unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "{}: {scores:?}",
            backend.name
        );
        assert!(!listed[0].reading.reasons.is_empty(), "{}", backend.name);
        assert!(
            listed[0]
                .reading
                .claim_types
                .iter()
                .any(|t| t.kind == ClaimType::Quantity),
            "{}",
            backend.name
        );
        let worthy = storage
            .claims(&ClaimFilter {
                article_id: Some(id),
                min_checkworthiness: Some(0.5),
                limit: 10,
                ..ClaimFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(
            worthy.iter().map(|c| c.id).collect::<Vec<_>>(),
            [claims[1]],
            "{}",
            backend.name
        );
        // Offsets page through the same order.
        let second = storage
            .claims(&ClaimFilter {
                article_id: Some(id),
                order: ClaimOrder::Checkworthiness,
                offset: 1,
                limit: 1,
                ..ClaimFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(second[0].id, listed[1].id, "{}", backend.name);
    }
}

#[tokio::test]
async fn corrections_are_kept_and_survive_a_later_reading() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (id, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "ed").await;
        let before = storage.article_stamp(id).await.unwrap().unwrap();
        let speaker = Speaker {
            name: "Officials".into(),
            start: Some(55),
            end: Some(64),
        };
        let edit = ClaimEdit {
            speaker: Some(Some(speaker.clone())),
            summary: Some(Some("Cable reached 40 embassies".into())),
        };
        let claim = storage
            .edit_claim(claims[1], &edit, &user)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            claim.reading.speaker.as_ref(),
            Some(&speaker),
            "{}",
            backend.name
        );
        assert_eq!(
            claim.reading.summary.as_deref(),
            Some("Cable reached 40 embassies"),
            "{}",
            backend.name
        );
        // The same again changes nothing and adds no edit.
        storage.edit_claim(claims[1], &edit, &user).await.unwrap();
        storage
            .edit_claim(
                claims[1],
                &ClaimEdit {
                    summary: Some(None),
                    ..ClaimEdit::default()
                },
                &user,
            )
            .await
            .unwrap();
        let edits = storage.claim_edits(claims[1]).await.unwrap();
        let fields: Vec<_> = edits.iter().map(|e| (e.field, e.value.clone())).collect();
        assert_eq!(
            fields,
            [
                (EditedField::Summary, None),
                (
                    EditedField::Summary,
                    Some("Cable reached 40 embassies".into())
                ),
                (EditedField::Speaker, Some("Officials".into())),
            ],
            "{}",
            backend.name
        );
        assert_eq!(
            edits[0].previous.as_deref(),
            Some("Cable reached 40 embassies")
        );
        assert_eq!(edits[0].editor, "ed", "{}", backend.name);
        let after = storage.article_stamp(id).await.unwrap().unwrap();
        assert!(after.revision > before.revision, "{}", backend.name);
        assert!(
            storage
                .edit_claim(i64::MAX, &edit, &user)
                .await
                .unwrap()
                .is_none(),
            "{}",
            backend.name
        );
        // Claims are read once: nothing is left to read, and a later reading would keep the
        // reviewer's speaker.
        assert!(
            storage.articles_to_read(10).await.unwrap().is_empty(),
            "{}",
            backend.name
        );
        let claim = storage.claim(claims[1]).await.unwrap().unwrap();
        assert_eq!(claim.reading.speaker, Some(speaker), "{}", backend.name);
    }
}

#[tokio::test]
async fn a_publication_is_a_snapshot_of_the_reviews() {
    for backend in backends().await {
        let storage = backend.storage.clone();
        let (id, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "pub").await;
        storage
            .annotate(claims[0], &verdict("sourced", "first"), &user, None)
            .await
            .unwrap();
        let settings = PublicationSettings {
            public_url: Some("https://news.example/check".into()),
            show_reviewers: true,
        };
        let publication = storage
            .publish(id, &settings, &user)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(publication.reviews, 1, "{}", backend.name);
        assert_eq!(publication.settings, settings, "{}", backend.name);
        storage
            .annotate(claims[0], &verdict("unsourced", "later"), &user, None)
            .await
            .unwrap();
        storage
            .annotate(claims[1], &verdict("sourced", "later"), &user, None)
            .await
            .unwrap();
        let published = storage.published_reviews(id).await.unwrap();
        assert_eq!(published.len(), 1, "{}", backend.name);
        assert_eq!(
            published[0].status,
            ClaimStatus::Sourced,
            "{}",
            backend.name
        );
        assert_eq!(published[0].version, 2, "{}", backend.name);
        assert_eq!(published[0].sources[0].citation.as_deref(), Some("first"));

        let again = storage
            .publish(id, &PublicationSettings::default(), &user)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.reviews, 2, "{}", backend.name);
        assert_eq!(again.settings.public_url, None, "{}", backend.name);
        assert_eq!(
            storage.published_reviews(id).await.unwrap()[0].status,
            ClaimStatus::Unsourced,
            "{}",
            backend.name
        );
        assert!(storage.withdraw(id).await.unwrap(), "{}", backend.name);
        assert!(!storage.withdraw(id).await.unwrap(), "{}", backend.name);
        assert!(storage.publication(id).await.unwrap().is_none());
        assert!(storage.published_reviews(id).await.unwrap().is_empty());
        assert!(
            storage
                .publish(i64::MAX, &PublicationSettings::default(), &user)
                .await
                .unwrap()
                .is_none(),
            "{}",
            backend.name
        );
    }
}

/// A revision as the service makes one: the new text segmented and read, matched to the
/// current claims.
async fn revise(
    storage: &DynStorage,
    id: i64,
    body: &str,
    base: i64,
    by: &User,
) -> Result<claimdesk::storage::RevisionRecord, StorageError> {
    let (article, claims) = storage.article_with_claims(id).await.unwrap().unwrap();
    let language = claimdesk::segment::Language::parse(&article.language).unwrap();
    let segments = claimdesk::import::segments_of(body, &language, &[]);
    let old: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
    let new: Vec<&str> = segments
        .iter()
        .filter(|s| s.kind.is_claim())
        .map(|s| s.text.as_str())
        .collect();
    let matching = claimdesk::domain::revision::match_claims(&old, &new);
    let ids: Vec<i64> = claims.iter().map(|c| c.id).collect();
    storage
        .revise_article(&claimdesk::storage::NewRevision {
            article_id: id,
            base,
            body,
            body_sha256: &claimdesk::import::body_sha256(body),
            segments: &segments,
            old_claims: &ids,
            matching: &matching,
            note: Some("contract"),
            created_by: by.id,
        })
        .await
}

#[tokio::test]
async fn a_revision_carries_claims_and_keeps_the_old_text() {
    for backend in backends().await {
        let storage = &backend.storage;
        let editor = reviewer(storage, "eve").await;
        let (id, claims) = article(storage, ARTICLE).await;
        storage
            .annotate(claims[1], &verdict("sourced", "AP"), &editor, None)
            .await
            .unwrap();
        storage
            .annotate(claims[2], &verdict("unsourced", "AP"), &editor, None)
            .await
            .unwrap();
        let stamp = storage.article_stamp(id).await.unwrap().unwrap();
        let body = "A new first sentence. The cable was sent on Friday. It reached 41 embassies.";
        let record = revise(storage, id, body, 1, &editor).await.unwrap();
        assert_eq!(record.revision, 2, "{}", backend.name);
        assert_eq!(record.created_by.as_deref(), Some("eve"));
        assert_eq!(
            (
                record.counts.carried,
                record.counts.changed,
                record.counts.added,
                record.counts.removed
            ),
            (1, 1, 1, 1),
            "{}",
            backend.name
        );
        assert_ne!(
            storage.article_stamp(id).await.unwrap().unwrap(),
            stamp,
            "caches see it"
        );

        // Against a revision that is no longer current, nothing is written.
        let stale = revise(storage, id, "Something else entirely.", 1, &editor).await;
        assert!(
            matches!(stale, Err(StorageError::ArticleRevised { current: 2 })),
            "{}",
            backend.name
        );

        let article = storage.article(id).await.unwrap().unwrap();
        assert_eq!(article.body, body);
        assert_eq!(article.text_revision, 2);
        assert_eq!(
            article.counts.total(),
            3,
            "the removed claim is not counted"
        );
        let current = storage
            .claims(&ClaimFilter {
                article_id: Some(id),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        let texts: Vec<&str> = current.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "A new first sentence.",
                "The cable was sent on Friday.",
                "It reached 41 embassies."
            ]
        );
        assert_eq!(current[1].id, claims[0], "carried: the same claim");
        assert_eq!(current[2].id, claims[1], "changed: the same claim");
        assert_eq!(current[2].status, ClaimStatus::Sourced);
        assert_eq!(current[2].lineage.changed_in, Some(2));
        assert_eq!(current[2].version, 3, "the edit moved the version");
        assert_eq!(
            current[2].sources.len(),
            1,
            "the verdict's sources are still read"
        );
        let changed = storage
            .claims(&ClaimFilter {
                changed: Some(true),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(changed.len(), 1);
        let removed = storage.claim(claims[2]).await.unwrap().unwrap();
        assert_eq!(removed.lineage.removed_in, Some(2));
        assert_eq!(removed.position, 3, "it keeps its last place");
        let refused = storage
            .annotate(claims[2], &verdict("sourced", "AP"), &editor, None)
            .await;
        assert!(
            matches!(refused, Err(StorageError::Conflict(_))),
            "{}",
            backend.name
        );
        let stale = storage
            .annotate(claims[1], &verdict("sourced", "AP"), &editor, Some(2))
            .await;
        assert!(matches!(
            stale,
            Err(StorageError::VersionMismatch { current: 3 })
        ));
        let recorded = storage
            .annotate(claims[1], &verdict("sourced", "AP"), &editor, Some(3))
            .await
            .unwrap();
        assert_eq!(
            recorded.claim.lineage.changed_in, None,
            "a verdict clears the flag"
        );
        let history = storage.claim_history(claims[1]).await.unwrap();
        assert_eq!(
            history.iter().map(|h| h.revision).collect::<Vec<_>>(),
            [2, 1]
        );

        // Revision 1 as it was.
        let past = storage.past_text(id, 1).await.unwrap().unwrap();
        assert_eq!(past.body, ARTICLE);
        assert_eq!(past.claims.len(), 3);
        assert_eq!(past.claims[1].text, "It reached 40 embassies.");
        assert_eq!(past.claims[1].status, ClaimStatus::Sourced);
        assert_eq!(past.claims[2].status, ClaimStatus::Unsourced);
        assert_eq!(past.segments.len(), 3);
        assert!(
            storage.past_text(id, 2).await.unwrap().is_none(),
            "2 is current"
        );
        let revisions = storage.article_revisions(id).await.unwrap();
        assert_eq!(
            revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(revisions[0].counts.added, 3);
        assert_eq!(revisions[1].note.as_deref(), Some("contract"));

        // A third revision numbers on, and search follows the current words.
        revise(
            storage,
            id,
            "It reached 42 embassies. A new first sentence.",
            2,
            &editor,
        )
        .await
        .unwrap();
        let found = storage
            .search_claims(&claimdesk::storage::ClaimQuery {
                text: "Friday".into(),
                article_id: None,
                status: None,
                offset: 0,
                limit: 10,
            })
            .await
            .unwrap();
        assert!(
            found.is_empty(),
            "{}: a removed claim is not found: {found:?}",
            backend.name
        );
    }
}

#[tokio::test]
async fn two_blind_reviews_settle_or_dispute_and_concurrent_ones_count_once_each() {
    for backend in backends().await {
        let storage = &backend.storage;
        let name = backend.name;
        let (article_id, claims) = article(storage, ARTICLE).await;
        storage.set_reviews_required(article_id, 2).await.unwrap();
        let ana = reviewer(storage, "ana").await;
        let bo = reviewer(storage, "bo").await;
        // A reviewer's plain verdict judged before the article went to double review lands
        // nowhere: the write itself holds the policy. An editor's still does.
        let (other_id, others) = article(
            storage,
            "The memo went out on Monday. It reached 12 consulates.",
        )
        .await;
        storage.set_reviews_required(other_id, 2).await.unwrap();
        let plain = storage
            .annotate(others[0], &verdict("sourced", "P"), &ana, None)
            .await;
        assert!(
            matches!(plain, Err(StorageError::NotPlainVerdict { claim_id }) if claim_id == others[0]),
            "{name}: {plain:?}"
        );
        let editor = storage.create_user("ed", Role::Editor, None).await.unwrap();
        let ruling = storage
            .annotate(others[0], &verdict("sourced", "E"), &editor, None)
            .await
            .unwrap();
        assert_eq!(ruling.claim.status, ClaimStatus::Sourced, "{name}");
        // Agreement: both reviews enter the history, in order; the claim is settled.
        let first = storage
            .submit_review(claims[0], &verdict("sourced", "A"), &ana)
            .await
            .unwrap();
        assert_eq!(first.outcome, ReviewOutcome::AwaitingSecond, "{name}");
        assert_eq!(first.claim.status, ClaimStatus::Unreviewed, "{name}");
        assert!(
            storage.claim_history(claims[0]).await.unwrap().is_empty(),
            "{name}: a lone review is not history"
        );
        assert_eq!(
            storage.reviewed_blind(ana.id, article_id).await.unwrap(),
            [claims[0]],
            "{name}"
        );
        assert!(
            storage
                .reviewed_blind(bo.id, article_id)
                .await
                .unwrap()
                .is_empty(),
            "{name}"
        );
        let again = storage
            .submit_review(claims[0], &verdict("unsourced", "A"), &ana)
            .await;
        assert!(matches!(again, Err(StorageError::Conflict(_))), "{name}");
        let second = storage
            .submit_review(claims[0], &verdict("sourced", "B"), &bo)
            .await
            .unwrap();
        assert_eq!(second.outcome, ReviewOutcome::Settled, "{name}");
        assert_eq!(second.claim.status, ClaimStatus::Sourced, "{name}");
        assert_eq!(second.claim.review.state, ReviewState::Settled, "{name}");
        let history = storage.claim_history(claims[0]).await.unwrap();
        let who: Vec<&str> = history.iter().map(|h| h.reviewer.as_str()).collect();
        assert_eq!(who, ["bo", "ana"], "{name}");
        assert!(
            storage
                .reviewed_blind(ana.id, article_id)
                .await
                .unwrap()
                .is_empty(),
            "{name}: a settled claim waits for no one"
        );
        // Disagreement: disputed, listed, and no status yet.
        storage
            .submit_review(claims[1], &verdict("sourced", "A"), &ana)
            .await
            .unwrap();
        let disputed = storage
            .submit_review(claims[1], &verdict("contradicted", "B"), &bo)
            .await
            .unwrap();
        assert_eq!(disputed.outcome, ReviewOutcome::Disputed, "{name}");
        assert_eq!(disputed.claim.status, ClaimStatus::Unreviewed, "{name}");
        let disputes = storage.disputes(None, 10).await.unwrap();
        assert_eq!(disputes.len(), 1, "{name}");
        assert_eq!(storage.reviews(claims[1]).await.unwrap().len(), 2, "{name}");
        let pairs = storage
            .double_reviews(&AgreementFilter::default())
            .await
            .unwrap();
        assert_eq!(pairs.len(), 2, "{name}");
        // Twelve reviewers racing for one claim: exactly two reviews count.
        let mut racers = Vec::new();
        for i in 0..12 {
            racers.push(reviewer(storage, &format!("racer{i}")).await);
        }
        let mut tasks = Vec::new();
        for racer in racers {
            let storage = storage.clone();
            let claim = claims[2];
            tasks.push(tokio::spawn(async move {
                storage
                    .submit_review(claim, &verdict("unsourced", "R"), &racer)
                    .await
            }));
        }
        let mut accepted = 0;
        for task in tasks {
            if task.await.unwrap().is_ok() {
                accepted += 1;
            }
        }
        assert_eq!(accepted, 2, "{name}");
        let raced = storage.claim(claims[2]).await.unwrap().unwrap();
        assert_eq!(raced.review.state, ReviewState::Settled, "{name}");
        assert_eq!(raced.lineage.verdicts, 2, "{name}");
    }
}

#[tokio::test]
async fn assignments_comments_and_queues_on_every_backend() {
    for backend in backends().await {
        let storage = &backend.storage;
        let name = backend.name;
        let (article_id, claims) = article(storage, ARTICLE).await;
        let ana = reviewer(storage, "ana").await;
        let bo = reviewer(storage, "bo").await;
        let editor = storage.create_user("ed", Role::Editor, None).await.unwrap();
        let made = storage
            .assign(&[(claims[0], ana.id), (claims[1], ana.id)], &editor)
            .await
            .unwrap();
        let again = storage
            .assign(&[(claims[0], ana.id)], &editor)
            .await
            .unwrap();
        assert_eq!(again[0], made[0], "{name}: a pair is assigned once");
        let listed = storage
            .assignments(&AssignmentFilter {
                article_id: Some(article_id),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(listed.len(), 2, "{name}");
        assert_eq!(storage.queue_count(&ana).await.unwrap(), 2, "{name}");
        storage
            .annotate(claims[0], &verdict("sourced", "A"), &ana, None)
            .await
            .unwrap();
        let queue = storage.queue(&ana, 0, 10).await.unwrap();
        assert_eq!(queue.len(), 1, "{name}");
        assert_eq!(queue[0].claim.id, claims[1], "{name}");
        assert_eq!(queue[0].reason, QueueReason::Assigned, "{name}");

        let comment = storage
            .add_comment(
                &NewCommentRecord {
                    claim_id: claims[2],
                    parent_id: None,
                    body: "@bo look",
                    mentions: &[bo.id],
                },
                &ana,
            )
            .await
            .unwrap();
        assert_eq!(comment.mentions, ["bo"], "{name}");
        let bo_queue = storage.queue(&bo, 0, 10).await.unwrap();
        assert_eq!(bo_queue.len(), 1, "{name}");
        assert_eq!(bo_queue[0].reason, QueueReason::Mention, "{name}");
        storage
            .add_comment(
                &NewCommentRecord {
                    claim_id: claims[2],
                    parent_id: Some(comment.id),
                    body: "on it",
                    mentions: &[],
                },
                &bo,
            )
            .await
            .unwrap();
        assert_eq!(storage.queue_count(&bo).await.unwrap(), 0, "{name}");
        let removed = storage
            .remove_comment(comment.id, &ana)
            .await
            .unwrap()
            .unwrap();
        assert!(
            removed.body.is_none() && removed.removed_at.is_some(),
            "{name}"
        );
        let thread = storage.comments(claims[2]).await.unwrap();
        assert_eq!(thread.len(), 2, "{name}: the tombstone stays");
        assert_eq!(
            storage.article_comments(article_id).await.unwrap().len(),
            2,
            "{name}"
        );
        assert!(storage.unassign(made[1].id).await.unwrap(), "{name}");
        assert!(!storage.unassign(made[1].id).await.unwrap(), "{name}");
        assert_eq!(storage.queue_count(&ana).await.unwrap(), 0, "{name}");
    }
}
