//! Never lose a verdict: SIGKILL under concurrent writes, and online backup and restore under
//! write load.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::binary::{SAMPLE_PATH, Server, claimdesk, stderr, token_for};
use serde_json::{Value, json};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{Mutex, Notify};

const WRITERS: usize = 8;
/// Acknowledged verdicts per round before the server is killed.
const WRITES_BEFORE_KILL: usize = 60;

async fn get_json(client: &reqwest::Client, url: String, token: &str) -> Value {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn claim_ids(client: &reqwest::Client, base: &str, token: &str) -> Vec<i64> {
    common::claim_ids(&get_json(client, format!("{base}/api/v1/articles/1"), token).await)
}

async fn integrity(db: &Path) -> String {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .unwrap();
    let result: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    result
}

/// Every acknowledged (2xx) verdict note is in its claim's history, and versions add up.
async fn assert_all_present(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    acked: &[(i64, String)],
) {
    for id in claim_ids(client, base, token).await {
        let claim = get_json(client, format!("{base}/api/v1/claims/{id}"), token).await;
        let history = common::full_history(client, base, token, id).await;
        assert_eq!(claim["version"].as_i64().unwrap(), history.len() as i64 + 1);
        let notes: Vec<&str> = history.iter().filter_map(|h| h["note"].as_str()).collect();
        for (claim_id, note) in acked.iter().filter(|(c, _)| *c == id) {
            assert!(
                notes.contains(&note.as_str()),
                "acknowledged verdict {note} on claim {claim_id} was lost"
            );
        }
    }
}

#[tokio::test]
async fn sigkill_mid_load_loses_no_acknowledged_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("claimdesk.db");
    let token = token_for(&db, "rita", "reviewer");
    assert!(
        claimdesk(&db, &["import", SAMPLE_PATH, "--title", "Cable"], None)
            .status
            .success()
    );
    let client = common::http_client();
    let acked: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();

    for round in 0..3 {
        let server = Server::start(&db, &[]).await;
        let ids = Arc::new(claim_ids(&client, &server.base, &token).await);
        let count = Arc::new(AtomicUsize::new(0));
        let enough = Arc::new(Notify::new());
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let (client, base, token) = (client.clone(), server.base.clone(), token.clone());
            let (ids, count, enough, acked) =
                (ids.clone(), count.clone(), enough.clone(), acked.clone());
            writers.push(tokio::spawn(async move {
                for i in 0.. {
                    let claim = ids[(w * 7 + i) % ids.len()];
                    let note = format!("round {round} writer {w} write {i}");
                    let sent = client
                        .post(format!("{base}/api/v1/claims/{claim}/annotations"))
                        .bearer_auth(&token)
                        .json(&json!({"status": "unsourced", "note": note}))
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status() == 201 => {
                            acked.lock().await.push((claim, note));
                            if count.fetch_add(1, Ordering::SeqCst) + 1 == WRITES_BEFORE_KILL {
                                enough.notify_one();
                            }
                        }
                        Ok(response) => panic!("unexpected answer {}", response.status()),
                        // The server is gone: this writer's work is over.
                        Err(_) => break,
                    }
                }
            }));
        }
        enough.notified().await;
        server.kill().await;
        for writer in writers {
            writer.await.unwrap();
        }
        assert_eq!(integrity(&db).await, "ok");
    }

    let server = Server::start(&db, &[]).await;
    let acked = acked.lock().await;
    assert!(acked.len() >= 3 * WRITES_BEFORE_KILL);
    assert_all_present(&client, &server.base, &token, &acked).await;
    server.kill().await;
}

#[tokio::test]
async fn backup_and_restore_round_trip_under_write_load() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let token = token_for(&db, "rita", "reviewer");
    assert!(
        claimdesk(&db, &["import", SAMPLE_PATH, "--title", "Cable"], None)
            .status
            .success()
    );
    let client = common::http_client();
    let server = Server::start(&db, &[]).await;
    let ids = Arc::new(claim_ids(&client, &server.base, &token).await);

    // Writers keep recording verdicts while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let started = Arc::new(Notify::new());
    let mut writers = Vec::new();
    for w in 0..4 {
        let (client, base, token, ids, stop, started) = (
            client.clone(),
            server.base.clone(),
            token.clone(),
            ids.clone(),
            stop.clone(),
            started.clone(),
        );
        writers.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                let claim = ids[(w + i) % ids.len()];
                let response = client
                    .post(format!("{base}/api/v1/claims/{claim}/annotations"))
                    .bearer_auth(&token)
                    .json(&json!({"status": "unsourced", "note": format!("w{w} {i}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                if i == 5 && w == 0 {
                    started.notify_one();
                }
                i += 1;
            }
        }));
    }
    started.notified().await;
    let backup = dir.path().join("backup.db");
    let taken = claimdesk(&db, &["backup", backup.to_str().unwrap()], None);
    assert!(taken.status.success(), "{}", stderr(&taken));
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(integrity(&backup).await, "ok");
    let again = claimdesk(&db, &["backup", backup.to_str().unwrap()], None);
    assert!(
        !again.status.success(),
        "an existing backup is not overwritten without --force"
    );

    // Restore into a fresh database: a consistent snapshot, every claim's history complete.
    let fresh = dir.path().join("fresh.db");
    let restored = claimdesk(&fresh, &["restore", backup.to_str().unwrap()], None);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let copy = Server::start(&fresh, &[]).await;
    let mut snapshot = Vec::new();
    for id in claim_ids(&client, &copy.base, &token).await {
        let claim = get_json(&client, format!("{}/api/v1/claims/{id}", copy.base), &token).await;
        assert_eq!(
            claim["version"].as_i64().unwrap(),
            common::full_history(&client, &copy.base, &token, id)
                .await
                .len() as i64
                + 1
        );
        snapshot.push(claim["version"].as_i64().unwrap());
    }
    assert!(
        snapshot.iter().any(|v| *v > 1),
        "the backup holds the verdicts written before it"
    );
    copy.kill().await;

    // Restoring over the live database needs --force; the running server then serves it.
    let refused = claimdesk(&db, &["restore", backup.to_str().unwrap()], None);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--force"));
    let forced = claimdesk(&db, &["restore", backup.to_str().unwrap(), "--force"], None);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let mut live = Vec::new();
    for id in claim_ids(&client, &server.base, &token).await {
        let claim = get_json(
            &client,
            format!("{}/api/v1/claims/{id}", server.base),
            &token,
        )
        .await;
        live.push(claim["version"].as_i64().unwrap());
    }
    assert_eq!(live, snapshot, "the running server sees the restored data");
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"not a database").unwrap();
    let bad = claimdesk(
        &db,
        &["restore", garbage.to_str().unwrap(), "--force"],
        None,
    );
    assert!(!bad.status.success());
    server.kill().await;
}
