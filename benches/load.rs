//! End-to-end load benchmark: the real server (the release binary, a separate process) on a
//! temporary database, driven over HTTP from this process, beside bare baselines measured in
//! the same run: a bare SQLite transaction of a verdict's shape at the same durability, and a
//! bare axum handler.
//!
//! Run: `cargo bench --bench load`. Settings (environment):
//! - `BENCH_SECONDS` (default 3): how long each measurement runs;
//! - `BENCH_LARGE_ARTICLES` (default 20000, 50 claims each): the large database; 0 skips it.
//!
//! Prints a table and writes `target/bench/load.json`. It reports; it never fails a build.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use claimdesk::auth;
use claimdesk::domain::{ArticleInput, NewArticle, Role};
use claimdesk::import::import_article;
use claimdesk::storage::sqlite::{Durability, Options};
use claimdesk::storage::{self, DynStorage};
use serde_json::{Value, json};
use sqlx::{ConnectOptions, Connection};
use tokio::io::{AsyncBufReadExt, BufReader};

const CONNECTIONS: [usize; 3] = [1, 16, 64];
const PASSWORD: &str = "benchmark password";

fn seconds() -> Duration {
    Duration::from_secs(
        std::env::var("BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3),
    )
}

#[derive(Debug, Clone, serde::Serialize)]
struct Measure {
    name: String,
    database: String,
    connections: usize,
    requests: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    baseline: Option<String>,
    ratio_to_baseline: Option<f64>,
}

fn summarise(
    name: &str,
    database: &str,
    connections: usize,
    mut latencies: Vec<Duration>,
    elapsed: Duration,
) -> Measure {
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Measure {
        name: name.to_owned(),
        database: database.to_owned(),
        connections,
        requests: latencies.len(),
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        baseline: None,
        ratio_to_baseline: None,
    }
}

/// Runs `request` from `connections` tasks for the measurement time.
async fn drive<F, Fut>(connections: usize, request: F) -> (Vec<Duration>, Duration)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let started = Instant::now();
    let deadline = started + seconds();
    let tasks: Vec<_> = (0..connections)
        .map(|task| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = task * 1_000_003;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    if request(i).await {
                        latencies.push(sent.elapsed());
                    }
                    i += 1;
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    (all, started.elapsed())
}

/// A bare SQLite transaction of a verdict's shape (update a claim, append a history row), at
/// claimdesk's default durability, on the same schema.
async fn bare_sqlite(dir: &Path) -> Measure {
    let db = dir.join("bare.db");
    let storage = storage::open(db.to_str().unwrap(), &Options::default())
        .await
        .unwrap();
    seed_users(&storage).await;
    let article = NewArticle::parse(ArticleInput {
        title: Some("Bare".into()),
        body: Some("One claim. Two claims.".into()),
        ..Default::default()
    })
    .unwrap();
    import_article(storage.as_ref(), article, None)
        .await
        .unwrap();
    drop(storage);
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&db)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .connect()
        .await
        .unwrap();
    let started = Instant::now();
    let deadline = started + seconds();
    let mut latencies = Vec::new();
    let mut version = 1i64;
    while Instant::now() < deadline {
        let sent = Instant::now();
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.unwrap();
        version += 1;
        sqlx::query(
            "INSERT INTO annotations (claim_id, version, status, sources, note, reviewer_id, created_at)
             VALUES (1, ?, 'unsourced', '[]', NULL, 1, '2026-01-01T00:00:00.000000Z')",
        )
        .bind(version)
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query("UPDATE claims SET status = 'unsourced', version = ? WHERE id = 1")
            .bind(version)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        latencies.push(sent.elapsed());
    }
    summarise(
        "bare SQLite verdict transaction",
        "-",
        1,
        latencies,
        started.elapsed(),
    )
}

/// A bare axum handler answering a small GET, in this process.
async fn bare_axum(connections: usize) -> Measure {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let (latencies, elapsed) = drive(connections, move |_| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    summarise("bare axum GET", "-", connections, latencies, elapsed)
}

async fn seed_users(storage: &DynStorage) -> String {
    let hash = auth::hash_password(PASSWORD.to_owned()).await.unwrap();
    let user = storage
        .create_user("bench", Role::Admin, Some(&hash))
        .await
        .unwrap();
    let token = auth::generate_token().unwrap();
    storage
        .create_token(user.id, "bench", &token.hash, &token.prefix)
        .await
        .unwrap();
    token.token
}

fn sentences(n: usize, seed: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "Claim {seed}-{i}: the ministry reported {} new cases in region {} on Monday.\n",
                i * 7 + seed,
                i % 97
            )
        })
        .collect()
}

/// A database with the sample article, a 200-claim article, and `large` more articles of 50
/// claims each. Returns the API token and the 200-claim article's id.
async fn seed(db: &Path, large: usize) -> (String, i64) {
    let storage = storage::open(
        db.to_str().unwrap(),
        &Options {
            durability: Durability::Normal,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let token = seed_users(&storage).await;
    let import = |title: String, body: String| {
        let storage = storage.clone();
        async move {
            let article = NewArticle::parse(ArticleInput {
                title: Some(title),
                body: Some(body),
                ..Default::default()
            })
            .unwrap();
            import_article(storage.as_ref(), article, None)
                .await
                .unwrap()
                .id()
        }
    };
    import("Sample".into(), claimdesk::sample::BODY.into()).await;
    let page_article = import("Two hundred claims".into(), sentences(200, 0)).await;
    let started = Instant::now();
    for i in 0..large {
        import(format!("Article {i}"), sentences(50, i + 1)).await;
        if i % 2000 == 1999 {
            eprintln!(
                "  seeded {} articles ({:.0} s)",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    (token, page_article)
}

struct Server {
    child: tokio::process::Child,
    base: String,
}

impl Server {
    async fn start(db: &Path) -> Server {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("DATABASE_URL", db)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines.next_line().await.unwrap().expect("server exited");
            if let Some(url) = line.strip_prefix("claimdesk listening on ") {
                break url.trim().to_owned();
            }
        };
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Server { child, base }
    }

    /// The server's peak resident memory, in MB.
    fn peak_rss_mb(&self) -> f64 {
        let pid = self.child.id().unwrap_or(0);
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

async fn scenarios(
    label: &str,
    server: &Server,
    token: &str,
    article: i64,
    out: &mut Vec<Measure>,
) {
    let api = reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap();
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = browser
        .post(format!("{}/login", server.base))
        .form(&[("username", "bench"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        signed_in.status().is_success(),
        "sign-in for the page benchmark failed"
    );
    let detail: Value = api
        .get(format!("{}/api/v1/articles/{article}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let claims: Arc<Vec<i64>> = Arc::new(
        detail["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect(),
    );
    for connections in CONNECTIONS {
        let (base, token) = (server.base.clone(), token.to_owned());

        let (client, b, t, ids) = (api.clone(), base.clone(), token.clone(), claims.clone());
        let (lat, el) = drive(connections, move |i| {
            let (client, b, t, ids) = (client.clone(), b.clone(), t.clone(), ids.clone());
            async move {
                let claim = ids[i % ids.len()];
                client
                    .post(format!("{b}/api/v1/claims/{claim}/annotations"))
                    .bearer_auth(&t)
                    .json(&json!({"status": "unsourced", "note": "benchmark"}))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().as_u16() == 201)
            }
        })
        .await;
        out.push(summarise(
            "verdict write (POST)",
            label,
            connections,
            lat,
            el,
        ));

        for (name, path, use_browser) in [
            (
                "article page (HTML, 200 claims)",
                format!("/articles/{article}"),
                true,
            ),
            (
                "article JSON (200 claims)",
                format!("/api/v1/articles/{article}"),
                false,
            ),
            (
                "claims list, status filter",
                "/api/v1/claims?status=unreviewed&limit=50".to_owned(),
                false,
            ),
        ] {
            let client = if use_browser {
                browser.clone()
            } else {
                api.clone()
            };
            let (url, t) = (format!("{base}{path}"), token.clone());
            let (lat, el) = drive(connections, move |_| {
                let (client, url, t) = (client.clone(), url.clone(), t.clone());
                async move {
                    client
                        .get(&url)
                        .bearer_auth(&t)
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                }
            })
            .await;
            out.push(summarise(name, label, connections, lat, el));
        }
    }

    // Import of a 1,000-sentence article, end to end, one at a time.
    let mut latencies = Vec::new();
    let started = Instant::now();
    for i in 0..10 {
        let body = sentences(1000, 1_000_000 + i + label.len() * 100);
        let sent = Instant::now();
        let response = api
            .post(format!("{}/api/v1/articles", server.base))
            .bearer_auth(token)
            .json(&json!({"title": format!("Import {i}"), "body": body}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        latencies.push(sent.elapsed());
    }
    out.push(summarise(
        "import, 1,000 sentences",
        label,
        1,
        latencies,
        started.elapsed(),
    ));
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs bench targets without it,
    // as a smoke test, where a minutes-long load run has no place.
    if !std::env::args().any(|a| a == "--bench") {
        println!("load benchmark: run it with `cargo bench --bench load`");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    let sqlite = bare_sqlite(dir.path()).await;
    let mut axum_baselines = Vec::new();
    for connections in CONNECTIONS {
        axum_baselines.push(bare_axum(connections).await);
    }

    let mut rss = Vec::new();
    let large: usize = std::env::var("BENCH_LARGE_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    for (label, articles) in [("small", 0), ("large", large)] {
        if label == "large" && articles == 0 {
            continue;
        }
        let db = dir.path().join(format!("{label}.db"));
        eprintln!("seeding the {label} database ({articles} extra articles)…");
        let (token, article) = seed(&db, articles).await;
        let server = Server::start(&db).await;
        scenarios(label, &server, &token, article, &mut results).await;
        rss.push((label, server.peak_rss_mb()));
    }

    for m in &mut results {
        let baseline = if m.name.starts_with("verdict") {
            Some(&sqlite)
        } else if m.name.contains("import") {
            None
        } else {
            axum_baselines
                .iter()
                .find(|b| b.connections == m.connections)
        };
        if let Some(b) = baseline {
            m.baseline = Some(b.name.clone());
            m.ratio_to_baseline = Some(m.per_second / b.per_second);
        }
    }

    println!(
        "\n{:<34} {:>6} {:>5} {:>10} {:>9} {:>9} {:>8}",
        "measure", "db", "conns", "per s", "p50 ms", "p99 ms", "ratio"
    );
    for m in std::iter::once(&sqlite)
        .chain(&axum_baselines)
        .chain(&results)
    {
        println!(
            "{:<34} {:>6} {:>5} {:>10.0} {:>9.2} {:>9.2} {:>8}",
            m.name,
            m.database,
            m.connections,
            m.per_second,
            m.p50_ms,
            m.p99_ms,
            m.ratio_to_baseline
                .map_or("-".to_owned(), |r| format!("{:.1}%", r * 100.0))
        );
    }
    for (label, mb) in &rss {
        println!("server peak RSS ({label} database): {mb:.1} MB");
    }
    let report = json!({
        "seconds_per_measure": seconds().as_secs(),
        "baselines": {"sqlite": sqlite, "axum": axum_baselines},
        "results": results,
        "peak_rss_mb": rss.iter().map(|(l, mb)| json!({"database": l, "mb": mb})).collect::<Vec<_>>(),
    });
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("load.json"),
        serde_json::to_vec_pretty(&report).unwrap(),
    )
    .unwrap();
    println!("results: target/bench/load.json");
}
