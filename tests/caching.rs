//! What the speed-ups must never cost: verdicts recorded together stay separate and durable,
//! and an article rendered once is never served after it changed.

mod common;

use std::time::{Duration, Instant};

use claimdesk::domain::{AnnotationInput, ArticleInput, NewAnnotation, NewArticle, Role};
use claimdesk::import::import_article;
use claimdesk::storage::{self, ArticleId, Claim, DynStorage, StorageConfig, StorageError, User};
use common::{SAMPLE, TestApp, claim_ids, sourced};
use serde_json::{Value, json};

async fn open(path: &std::path::Path) -> DynStorage {
    storage::open(&StorageConfig::new(path.to_str().unwrap()))
        .await
        .unwrap()
}

/// A database with a reviewer and the sample article: its id and claims.
async fn with_sample(path: &std::path::Path) -> (DynStorage, User, ArticleId, Vec<Claim>) {
    let storage = open(path).await;
    let user = storage
        .create_user("rita", Role::Reviewer, None)
        .await
        .unwrap();
    let article = NewArticle::parse(ArticleInput {
        title: Some("Cable".into()),
        body: Some(SAMPLE.into()),
        ..Default::default()
    })
    .unwrap();
    let id = import_article(storage.as_ref(), article, None)
        .await
        .unwrap()
        .id();
    let (_, claims) = storage.article_with_claims(id).await.unwrap().unwrap();
    (storage, user, id, claims)
}

fn verdict(status: &str) -> NewAnnotation {
    NewAnnotation::parse(AnnotationInput {
        status: Some(status.to_owned()),
        sources: None,
        note: Some(format!("{status} note")),
    })
    .unwrap()
}

/// The article's claims as the API lists them: (id, status).
async fn statuses(app: &TestApp, article: i64) -> Vec<(i64, String)> {
    let body: Value = app
        .get_json(&format!("/api/v1/articles/{article}"), &app.viewer)
        .await;
    body["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_verdict_shows_at_once_on_the_page_and_in_the_json_already_served() {
    let app = TestApp::spawn().await;
    app.add_user("reader", Role::Viewer, "reader password")
        .await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claim = article["claims"][2]["id"].as_i64().unwrap();
    let browser = app.browser();
    app.sign_in(&browser, "reader", "reader password").await;
    let page_path = format!("/articles/{id}?claim={claim}");

    // Served twice, so the second answer comes from what was rendered for the first.
    for _ in 0..2 {
        let page = app.page(&browser, &page_path).await;
        assert!(page.contains(&format!(
            r#"class="claim status-unreviewed" id="claim-{claim}" aria-current="true""#
        )));
        assert!(
            statuses(&app, id)
                .await
                .contains(&(claim, "unreviewed".into()))
        );
    }

    let response = app
        .annotate(claim, &sourced("https://example.org/proof"))
        .await;
    assert_eq!(response.status(), 201);

    let page = app.page(&browser, &page_path).await;
    assert!(
        page.contains(&format!(
            r#"class="claim status-sourced" id="claim-{claim}" aria-current="true""#
        )),
        "the page still shows the claim unreviewed"
    );
    assert!(page.contains("1 of 15 reviewed"));
    assert!(
        page.contains("https://example.org/proof"),
        "the panel shows the new source"
    );
    assert!(
        statuses(&app, id)
            .await
            .contains(&(claim, "sourced".into()))
    );

    // Only the selected claim is marked, whichever it is.
    let other = article["claims"][12]["id"].as_i64().unwrap();
    let page = app
        .page(&browser, &format!("/articles/{id}?claim={other}"))
        .await;
    assert_eq!(page.matches(r#"aria-current="true""#).count(), 1);
    assert!(page.contains(&format!(r#"id="claim-{other}" aria-current="true""#)));
}

#[tokio::test]
async fn a_change_made_by_another_process_reaches_the_cached_article() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    assert!(
        statuses(&app, id)
            .await
            .contains(&(claim, "unreviewed".into()))
    );

    // Another set of connections to the same file, as `claimdesk` run beside the server has.
    let other = common::open(&app.database_url).await;
    let reviewer = other.user_by_name("rita").await.unwrap().unwrap();
    other
        .annotate(claim, &verdict("unsourced"), &reviewer, None)
        .await
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if statuses(&app, id)
            .await
            .contains(&(claim, "unsourced".into()))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server kept serving the article as it was before the outside change"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_restored_database_never_passes_for_the_revision_it_had() {
    let dir = tempfile::tempdir().unwrap();
    let (storage, user, article, claims) = with_sample(&dir.path().join("live.db")).await;
    let first = storage.article_stamp(article).await.unwrap().unwrap();
    storage
        .annotate(claims[0].id, &verdict("unsourced"), &user, None)
        .await
        .unwrap();
    let backed_up = storage.article_stamp(article).await.unwrap().unwrap();
    assert_eq!(backed_up.revision, first.revision + 1);
    let backup = dir.path().join("backup.db");
    storage.backup_into(&backup).await.unwrap();

    // After the backup the live article moves on, then the backup is put back.
    storage
        .annotate(claims[1].id, &verdict("unsourced"), &user, None)
        .await
        .unwrap();
    let before_restore = storage.generation();
    storage.restore_from(&backup).await.unwrap();
    let restored = storage.article_stamp(article).await.unwrap().unwrap();
    assert_eq!(restored.revision, backed_up.revision);
    assert_ne!(
        restored, backed_up,
        "a rendering cached before the backup would pass for the restored article"
    );
    assert_ne!(storage.generation(), before_restore);
}

#[tokio::test]
async fn verdicts_recorded_together_fail_and_succeed_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.db");
    let (storage, user, _, claims) = with_sample(&path).await;
    let contested = claims[0].id;

    // Sent at once, so the writer records many of them in one transaction: 32 racing on one
    // version of one claim, 32 on claims of their own, and 4 on a claim that does not exist.
    let mut tasks = Vec::new();
    for i in 0..68usize {
        let (storage, user) = (storage.clone(), user.clone());
        let target = match i {
            0..32 => contested,
            32..64 => claims[1 + i % 14].id,
            _ => 999_999,
        };
        let if_version = (i < 32).then_some(1);
        tasks.push(tokio::spawn(async move {
            (
                target,
                storage
                    .annotate(target, &verdict("unsourced"), &user, if_version)
                    .await,
            )
        }));
    }
    let mut won = 0;
    let mut stale = 0;
    let mut recorded_elsewhere = 0;
    let mut missing = 0;
    for task in tasks {
        match task.await.unwrap() {
            (t, Ok(recorded)) if t == contested => {
                assert_eq!(recorded.claim.version, 2);
                assert!(!recorded.deliveries_queued, "no webhook is subscribed");
                won += 1;
            }
            (_, Ok(_)) => recorded_elsewhere += 1,
            (_, Err(StorageError::VersionMismatch { current })) => {
                assert_eq!(current, 2);
                stale += 1;
            }
            (_, Err(StorageError::NotFound(_))) => missing += 1,
            (_, Err(other)) => panic!("unexpected failure: {other}"),
        }
    }
    assert_eq!((won, stale, recorded_elsewhere, missing), (1, 31, 32, 4));

    // Everything acknowledged is on disk, in a fresh process's view, with its history.
    drop(storage);
    let reopened = open(&path).await;
    let history = reopened.claim_history(contested).await.unwrap();
    assert_eq!(history.len(), 1);
    let mut total = 0;
    for claim in &claims[1..] {
        let claim_now = reopened.claim(claim.id).await.unwrap().unwrap();
        let history = reopened.claim_history(claim.id).await.unwrap();
        assert_eq!(claim_now.version, history.len() as i64 + 1);
        total += history.len();
    }
    assert_eq!(total, 32);
}

/// How long a change made by another process may take to reach the server's caches in these
/// tests: far more than the change notice it should take, far less than the trust period after
/// which the cache would read again anyway, so only the notice can make the tests pass.
fn notice_deadline() -> Instant {
    Instant::now() + claimdesk::auth::TRUSTED_FOR / 2
}

/// Asks `path` with `token` until it answers `status`, for at most [`notice_deadline`].
async fn until_answered(app: &TestApp, path: &str, token: &str, status: u16, why: &str) {
    let deadline = notice_deadline();
    while app.get(path, token).await.status() != status {
        assert!(Instant::now() < deadline, "{why}");
        tokio::task::yield_now().await;
    }
}

/// The id of `user`'s API token.
async fn token_of(storage: &DynStorage, user: &str) -> i64 {
    storage
        .list_tokens()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.user == user)
        .unwrap()
        .id
}

#[tokio::test]
async fn a_token_revoked_or_demoted_by_another_process_stops_working() {
    let app = TestApp::spawn().await;
    let token = app.add_token_user("bot", Role::Editor).await;
    let other = common::open(&app.database_url).await;
    // Used, so the server keeps who it belongs to.
    assert_eq!(app.get("/api/v1/articles", &token).await.status(), 200);
    assert_eq!(app.get("/api/v1/webhooks", &token).await.status(), 403);

    // Another process demotes the account: the server's copy of the token's account must go.
    let bot = other.user_by_name("bot").await.unwrap().unwrap();
    other.set_user_role(bot.id, Role::Viewer).await.unwrap();
    let claim = app.import("Cable", SAMPLE).await["claims"][0]["id"]
        .as_i64()
        .unwrap();
    let deadline = notice_deadline();
    loop {
        let answer = app
            .client
            .post(app.url(&format!("/api/v1/claims/{claim}/annotations")))
            .bearer_auth(&token)
            .json(&sourced("https://example.org/a"))
            .send()
            .await
            .unwrap()
            .status();
        if answer == 403 {
            break;
        }
        assert_eq!(answer, 201, "a verdict by an editor is recorded");
        assert!(
            Instant::now() < deadline,
            "the server kept the token's account as an editor after another process demoted it"
        );
    }

    // And revokes the token: it must stop working, though it was used a moment ago.
    let id = token_of(&other, "bot").await;
    assert!(other.revoke_token(id).await.unwrap());
    until_answered(
        &app,
        "/api/v1/articles",
        &token,
        401,
        "the server kept accepting a token another process revoked",
    )
    .await;
    // Revoked for good: the refusal is not itself kept as if it were an account.
    assert_eq!(app.get("/api/v1/articles", &token).await.status(), 401);
}

#[tokio::test]
async fn a_token_revoked_through_the_server_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let token = app.add_token_user("bot", Role::Reviewer).await;
    assert_eq!(app.get("/api/v1/articles", &token).await.status(), 200);
    let storage = common::open(&app.database_url).await;
    let id = token_of(&storage, "bot").await;
    // The admin page revokes through the server's own storage, which moves its accounts
    // generation before it answers: no wait at all.
    let admin = app.browser();
    app.add_user("grace", Role::Admin, "a long admin passphrase")
        .await;
    app.sign_in(&admin, "grace", "a long admin passphrase")
        .await;
    let revoked = admin
        .post(app.url(&format!("/admin/tokens/{id}/revoke")))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);
    assert_eq!(app.get("/api/v1/articles", &token).await.status(), 401);
}

#[tokio::test]
async fn each_verdict_recorded_together_answers_with_the_history_as_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let (storage, user, _, claims) = with_sample(&path).await;
    let claim = claims[0].id;

    // Sent at once on one claim, so that batches hold several verdicts on it.
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let (storage, user) = (storage.clone(), user.clone());
            tokio::spawn(async move {
                let mut mine = verdict("unsourced");
                mine.note = Some(format!("verdict {i}"));
                let recorded = storage.annotate(claim, &mine, &user, None).await.unwrap();
                (format!("verdict {i}"), recorded)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let truth = storage.claim_history_page(claim, None, 100).await.unwrap();
    assert_eq!(truth.len(), 40);
    for (note, recorded) in answers {
        let version = recorded.claim.version;
        let shown = recorded
            .recent_history
            .expect("the SQLite writer reads the answer's history with the write");
        // Its own verdict first, then the older ones, none of those recorded after it even
        // when they were in the same transaction.
        let expected: Vec<_> = truth
            .iter()
            .filter(|h| h.version <= version)
            .take(claimdesk::storage::claims::RECENT_HISTORY as usize + 1)
            .cloned()
            .collect();
        assert_eq!(shown, expected, "the answer to {note} at version {version}");
        assert_eq!(shown[0].note.as_deref(), Some(note.as_str()));
    }
}

/// The ids a claim listing answers with.
async fn listed(app: &TestApp, path: &str) -> Vec<i64> {
    app.get_json(path, &app.viewer).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_claim_listing_kept_as_sent_never_outlives_a_change() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claims = claim_ids(&article);
    let everywhere = "/api/v1/claims?status=unreviewed&limit=50";
    let in_article = format!("/api/v1/articles/{id}/claims?status=unreviewed");
    for _ in 0..2 {
        assert_eq!(listed(&app, everywhere).await, claims);
        assert_eq!(listed(&app, &in_article).await, claims);
    }

    // A verdict through this server: gone from both listings at once.
    let response = app
        .annotate(claims[0], &sourced("https://example.org/a"))
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(listed(&app, everywhere).await, claims[1..]);
    assert_eq!(listed(&app, &in_article).await, claims[1..]);
    // The same query asked by someone else gets the same answer.
    let by_editor = app.get_json(everywhere, &app.editor).await["items"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(by_editor, claims.len() - 1);

    // A verdict by another process: gone within the change notice.
    let other = common::open(&app.database_url).await;
    let reviewer = other.user_by_name("rita").await.unwrap().unwrap();
    other
        .annotate(claims[1], &verdict("unsourced"), &reviewer, None)
        .await
        .unwrap();
    let deadline = notice_deadline();
    while listed(&app, everywhere).await != claims[2..] {
        assert!(
            Instant::now() < deadline,
            "the server kept listing a claim another process reviewed"
        );
        tokio::task::yield_now().await;
    }
    assert_eq!(listed(&app, &in_article).await, claims[2..]);

    // A refusal is answered, not kept in place of the listing.
    expect_problem_status(&app, "/api/v1/claims?status=maybe", 400).await;
    expect_problem_status(&app, "/api/v1/articles/999999/claims", 404).await;
    assert_eq!(listed(&app, everywhere).await, claims[2..]);
}

async fn expect_problem_status(app: &TestApp, path: &str, status: u16) {
    let response = app.get(path, &app.viewer).await;
    assert_eq!(response.status(), status, "{path}");
}

#[tokio::test]
async fn a_page_kept_as_sent_is_each_readers_own_and_follows_their_queue() {
    let app = TestApp::spawn().await;
    app.add_user("ana", Role::Reviewer, "ana's long password")
        .await;
    app.add_user("ben", Role::Reviewer, "ben's long password")
        .await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let (ana, ben) = (app.browser(), app.browser());
    app.sign_in(&ana, "ana", "ana's long password").await;
    app.sign_in(&ben, "ben", "ben's long password").await;
    let path = format!("/articles/{id}");
    for _ in 0..2 {
        let (for_ana, for_ben) = (app.page(&ana, &path).await, app.page(&ben, &path).await);
        assert!(
            for_ana.contains(r#"data-reviewer="ana""#),
            "ana sees her page"
        );
        assert!(
            for_ben.contains(r#"data-reviewer="ben""#),
            "ben sees his page"
        );
        assert!(!for_ben.contains(r#"aria-label="1 waiting""#));
    }

    // A claim assigned to ben: his header counts it at once, ana's does not.
    let response = app
        .post_json(
            "/api/v1/assignments",
            &app.editor,
            &json!({"article_id": id, "reviewers": ["ben"], "mode": "round_robin",
                    "claim_ids": [article["claims"][0]["id"]]}),
        )
        .await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let for_ben = app.page(&ben, &path).await;
    assert!(
        for_ben.contains(r#"aria-label="1 waiting""#),
        "ben's header still shows the queue as it was"
    );
    assert!(
        !app.page(&ana, &path)
            .await
            .contains(r#"aria-label="1 waiting""#)
    );
}
