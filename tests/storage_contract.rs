//! The storage contract: the same cases against every backend, through the storage traits
//! only. Today that is SQLite (a real file in a temp dir); a second backend joins
//! [`backends`] and must pass every case unchanged.

use claimdesk::clock;
use claimdesk::domain::annotation::SourceInput;
use claimdesk::domain::webhook::{NewWebhook, WebhookInput};
use claimdesk::domain::{AnnotationInput, ArticleInput, NewAnnotation, NewArticle, Role};
use claimdesk::import::import_article;
use claimdesk::storage::{
    self, Attempt, ClaimFilter, DeliveryOutcome, DynStorage, Imported, SessionRecord,
    StorageConfig, StorageError, User,
};

/// One backend under test, kept alive with whatever it needs (a temp dir).
struct Backend {
    name: &'static str,
    storage: DynStorage,
    _dir: tempfile::TempDir,
}

async fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contract.db");
    let storage = storage::open(&StorageConfig::new(path.to_str().unwrap()))
        .await
        .unwrap();
    vec![Backend {
        name: "sqlite",
        storage,
        _dir: dir,
    }]
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

#[tokio::test]
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
        for task in tasks {
            let recorded = task.await.unwrap().expect("every writer is acknowledged");
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

#[tokio::test]
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
    // Below the traits: the SQLite file refuses UPDATE and DELETE on verdicts, whoever asks.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("append.db");
    let storage = storage::open(&StorageConfig::new(path.to_str().unwrap()))
        .await
        .unwrap();
    let (_, claims) = article(&storage, ARTICLE).await;
    let user = reviewer(&storage, "h").await;
    storage
        .annotate(claims[0], &verdict("sourced", "kept"), &user, None)
        .await
        .unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    for sql in [
        "UPDATE annotations SET note = 'rewritten'",
        "DELETE FROM annotations",
    ] {
        let refused = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(
            refused.to_string().contains("append-only"),
            "{sql}: {refused}"
        );
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
            secret: Some("s3cret".into()),
            events: Some(vec!["article.imported".into(), "claim.annotated".into()]),
        })
        .unwrap();
        let hook = storage.create_webhook(&hook, admin.id).await.unwrap();
        let (_, claims) = article(&storage, ARTICLE).await;
        let user = reviewer(&storage, "d").await;
        let recorded = storage
            .annotate(claims[0], &verdict("sourced", "c"), &user, None)
            .await
            .unwrap();
        assert!(recorded.deliveries_queued, "{}", backend.name);

        let now = clock::now_ms();
        let due = storage.due_deliveries(now + 1, 10).await.unwrap();
        let events: Vec<&str> = due.iter().map(|d| d.event.as_str()).collect();
        assert_eq!(
            events,
            ["article.imported", "claim.annotated"],
            "{}",
            backend.name
        );
        assert!(
            due.iter()
                .all(|d| d.url == hook.url && d.secret == "s3cret")
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
                .due_deliveries(now + 1, 10)
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
        let retry = storage.due_deliveries(now + 60_000, 10).await.unwrap();
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
