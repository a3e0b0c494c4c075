//! End-to-end load benchmark: the real server (the release binary, a separate process) on a
//! temporary database, driven over HTTP by this process, beside bare baselines measured in
//! the same run on the same machine:
//! - the bare SQLite engine (rusqlite, prepared statements, no async hop) doing a verdict's
//!   transaction (bump a claim's version, append a history row) on the minimal two-table shape,
//!   at the same durability (`synchronous=FULL`, claimdesk's default), one transaction per
//!   verdict: every verdict figure is a ratio to it; beside it, the same through sqlx;
//! - a bare axum handler answering a small GET, in a separate process like the real server,
//!   and the same handler answering as many bytes as each page or JSON measure's answers had
//!   (the baseline of those measures);
//! - the bare SQLite engine selecting 50 rows by an index (rusqlite, prepared, from as many
//!   threads as the load has connections, each with its own connection): the baseline of the
//!   claims list;
//! - with a PostgreSQL server named (`CLAIMDESK_BENCH_POSTGRES`, or `source
//!   scripts/postgres.sh` first), the bare PostgreSQL engine doing a verdict's two statements
//!   from as many connections as the load has; then claimdesk on PostgreSQL, one instance and
//!   two (the load spread over both, as a load balancer would).
//!
//! The load generator keeps one HTTP/1.1 connection per simulated client (hyper, no pool) and
//! reads every response body to its end, so a figure counts whole answers.
//!
//! Run: `cargo bench --bench load`. Settings (environment):
//! - `BENCH_SECONDS` (default 3): how long each measurement runs;
//! - `BENCH_LARGE_ARTICLES` (default 20000, 50 claims each): the large database; 0 skips it;
//! - `BENCH_ONLY`: only the measures whose name holds this text, or one of these texts
//!   separated by commas (for profiling some of them).
//!
//! Prints a table and writes `target/bench/load.json`. It reports; it never fails a build.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use claimdesk::auth;
use claimdesk::domain::{ArticleInput, NewArticle, Role};
use claimdesk::import::import_article;
use claimdesk::storage::{self, DynStorage};
use claimdesk::storage::{Durability, StorageConfig};
use futures::StreamExt;
use http_body_util::{BodyExt, Full};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST};
use hyper::{Method, Request};
use serde_json::{Value, json};
use sqlx::{ConnectOptions, Connection};
use tokio::io::{AsyncBufReadExt, BufReader};

const CONNECTIONS: [usize; 3] = [1, 16, 64];
const PASSWORD: &str = "benchmark password";
/// Set in the environment of the child process that serves the bare axum baseline.
const BARE_SERVER: &str = "CLAIMDESK_BENCH_BARE_SERVER";

/// Whether the measure `name` is to be run (`BENCH_ONLY`).
fn selected(name: &str) -> bool {
    std::env::var("BENCH_ONLY").map_or(true, |only| only.split(',').any(|o| name.contains(o)))
}

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
    /// Answers other than the expected status, or broken connections.
    failures: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Mean response body size.
    bytes: usize,
    baseline: Option<String>,
    ratio_to_baseline: Option<f64>,
    /// How many times slower this figure is on the large database than on the small one.
    large_slowdown: Option<f64>,
}

fn summarise(
    name: &str,
    database: &str,
    connections: usize,
    run: Run,
    elapsed: Duration,
) -> Measure {
    let Run {
        mut latencies,
        failures,
        bytes,
    } = run;
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
        failures,
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        bytes: bytes / latencies.len().max(1),
        baseline: None,
        ratio_to_baseline: None,
        large_slowdown: None,
    }
}

#[derive(Default)]
struct Run {
    latencies: Vec<Duration>,
    failures: usize,
    bytes: usize,
}

impl Run {
    fn merge(&mut self, other: Run) {
        self.latencies.extend(other.latencies);
        self.failures += other.failures;
        self.bytes += other.bytes;
    }
}

/// Builds the `i`-th request a client sends.
type MakeRequest = Arc<dyn Fn(usize) -> Request<Full<Bytes>> + Send + Sync>;

/// One client: a single keep-alive connection, one request at a time, every body read.
async fn client(
    addr: SocketAddr,
    first: usize,
    deadline: Instant,
    make: MakeRequest,
    expect: u16,
) -> Run {
    let mut run = Run::default();
    let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
        run.failures += 1;
        return run;
    };
    let _ = stream.set_nodelay(true);
    let Ok((mut sender, connection)) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await
    else {
        run.failures += 1;
        return run;
    };
    tokio::spawn(connection);
    let mut i = first;
    while Instant::now() < deadline {
        let sent = Instant::now();
        let Ok(response) = sender.send_request(make(i)).await else {
            run.failures += 1;
            break;
        };
        let ok = response.status().as_u16() == expect;
        match response.into_body().collect().await {
            Ok(body) if ok => {
                run.bytes += body.to_bytes().len();
                run.latencies.push(sent.elapsed());
            }
            Ok(_) => run.failures += 1,
            Err(_) => {
                run.failures += 1;
                break;
            }
        }
        i += 1;
    }
    run
}

/// Runs `connections` clients for the measurement time, spread evenly over `addrs` (the
/// instances behind an imaginary load balancer).
async fn drive(
    addrs: &[SocketAddr],
    connections: usize,
    expect: u16,
    make: MakeRequest,
) -> (Run, Duration) {
    let started = Instant::now();
    let deadline = started + seconds();
    let clients: Vec<_> = (0..connections)
        .map(|c| {
            let addr = addrs[c % addrs.len()];
            tokio::spawn(client(addr, c * 1_000_003, deadline, make.clone(), expect))
        })
        .collect();
    let mut all = Run::default();
    for c in clients {
        all.merge(c.await.unwrap_or_default());
    }
    (all, started.elapsed())
}

fn request(
    method: Method,
    path: &str,
    headers: &[(hyper::header::HeaderName, &str)],
    body: Bytes,
) -> Request<Full<Bytes>> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(HOST, "127.0.0.1");
    for (name, value) in headers {
        builder = builder.header(name, *value);
    }
    builder.body(Full::new(body)).expect("a valid request")
}

/// The minimal two-table shape of a verdict, for the baselines: a claim row whose version
/// moves, and an append-only history row.
const BARE_SCHEMA: &str = "
    CREATE TABLE claims (id INTEGER PRIMARY KEY, status TEXT NOT NULL, version INTEGER NOT NULL);
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL, version INTEGER NOT NULL,
        status TEXT NOT NULL, note TEXT, created_at TEXT NOT NULL, UNIQUE (claim_id, version));
    INSERT INTO claims (id, status, version)
        WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 1000)
        SELECT value, 'unreviewed', 1 FROM n;";
const BARE_UPDATE: &str =
    "UPDATE claims SET status = 'unsourced', version = version + 1 WHERE id = ?1 RETURNING version";
const BARE_INSERT: &str = "INSERT INTO annotations (claim_id, version, status, note, created_at)
     VALUES (?1, ?2, 'unsourced', 'benchmark', '2026-01-01T00:00:00.000000Z')";

/// The bare SQLite engine (rusqlite over the C library, no async hop), prepared statements,
/// WAL at `synchronous=FULL` (claimdesk's default durability), one transaction per verdict over
/// 1,000 claims: the most the engine gives, and the baseline every verdict figure is a ratio
/// to.
fn bare_engine(dir: &Path) -> Measure {
    let conn = rusqlite::Connection::open(dir.join("bare-engine.db")).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .unwrap();
    conn.execute_batch(BARE_SCHEMA).unwrap();
    let started = Instant::now();
    let deadline = started + seconds();
    let mut run = Run::default();
    let mut i: i64 = 0;
    while Instant::now() < deadline {
        let sent = Instant::now();
        let claim = i % 1000 + 1;
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        let version: i64 = conn
            .prepare_cached(BARE_UPDATE)
            .unwrap()
            .query_row([claim], |row| row.get(0))
            .unwrap();
        conn.prepare_cached(BARE_INSERT)
            .unwrap()
            .execute([claim, version])
            .unwrap();
        conn.execute_batch("COMMIT").unwrap();
        run.latencies.push(sent.elapsed());
        i += 1;
    }
    summarise(
        "bare SQLite engine, verdict tx",
        "-",
        1,
        run,
        started.elapsed(),
    )
}

/// The same transaction through sqlx (its worker thread, async statements): the cost of the
/// driver layer, beside the engine.
async fn sqlx_engine(dir: &Path) -> Measure {
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.join("sqlx-engine.db"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .connect()
        .await
        .unwrap();
    sqlx::raw_sql(BARE_SCHEMA).execute(&mut conn).await.unwrap();
    let started = Instant::now();
    let deadline = started + seconds();
    let mut run = Run::default();
    let mut i: i64 = 0;
    while Instant::now() < deadline {
        let sent = Instant::now();
        let claim = i % 1000 + 1;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.unwrap();
        let version: i64 = sqlx::query_scalar(BARE_UPDATE)
            .bind(claim)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        sqlx::query(BARE_INSERT)
            .bind(claim)
            .bind(version)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        run.latencies.push(sent.elapsed());
        i += 1;
    }
    summarise(
        "same verdict tx through sqlx",
        "-",
        1,
        run,
        started.elapsed(),
    )
}

/// The PostgreSQL server to measure on, if any (`CLAIMDESK_BENCH_POSTGRES`, else the one the
/// test script starts: `source scripts/postgres.sh` before `cargo bench`).
fn postgres_server() -> Option<String> {
    ["CLAIMDESK_BENCH_POSTGRES", "CLAIMDESK_TEST_DATABASE"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

/// A new database on `server`, for one measurement.
async fn postgres_database(server: &str) -> String {
    let name = format!(
        "bench_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let admin = sqlx::PgPool::connect(server).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// The bare PostgreSQL engine doing a verdict's two statements (bump a claim's version,
/// append a history row) in one transaction, prepared, on the minimal two-table shape of a
/// verdict (no triggers, no foreign keys), at the same durability, from `connections`
/// connections at once, each on claims of its own turn: the most the database gives, with
/// nothing of claimdesk in between.
async fn bare_postgres(server: &str, connections: usize) -> Measure {
    const CLAIMS: i64 = 64;
    let url = postgres_database(server).await;
    {
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(
            "CREATE TABLE claims (id BIGINT PRIMARY KEY, status TEXT NOT NULL, version BIGINT NOT NULL);
             CREATE TABLE annotations (
                 id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 claim_id BIGINT NOT NULL, version BIGINT NOT NULL, status TEXT NOT NULL,
                 note TEXT, created_at TEXT NOT NULL, UNIQUE (claim_id, version));
             INSERT INTO claims SELECT n, 'unreviewed', 1 FROM generate_series(1, 64) n;",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let started = Instant::now();
    let deadline = started + seconds();
    let workers: Vec<_> = (0..connections)
        .map(|c| {
            let url = url.clone();
            tokio::spawn(async move {
                let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                let mut run = Run::default();
                let mut i = c;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let claim = i64::try_from(i).unwrap() % CLAIMS + 1;
                    let mut tx = conn.begin().await.unwrap();
                    let version: i64 = sqlx::query_scalar(
                        "UPDATE claims SET status = 'unsourced', version = version + 1
                         WHERE id = $1 RETURNING version",
                    )
                    .bind(claim)
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap();
                    sqlx::query(
                        "INSERT INTO annotations (claim_id, version, status, note, created_at)
                         VALUES ($1, $2, 'unsourced', NULL, '2026-01-01T00:00:00.000000Z')",
                    )
                    .bind(claim)
                    .bind(version)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                    tx.commit().await.unwrap();
                    run.latencies.push(sent.elapsed());
                    i += connections;
                }
                run
            })
        })
        .collect();
    let mut all = Run::default();
    for worker in workers {
        all.merge(worker.await.unwrap());
    }
    summarise(
        "bare PostgreSQL verdict transaction",
        "pg",
        connections,
        all,
        started.elapsed(),
    )
}

/// The most bytes the bare server answers with.
const BARE_BYTES: usize = 4 << 20;

/// The bare axum baseline's server: this same program, started again as a child process.
/// `/` answers "ok"; `/bytes/N` answers N bytes of HTML from memory, with no work per byte.
async fn serve_bare() {
    static BODY: std::sync::LazyLock<&'static [u8]> =
        std::sync::LazyLock::new(|| vec![b'a'; BARE_BYTES].leak());
    let app = axum::Router::new()
        .route("/", axum::routing::get(|| async { "ok" }))
        .route(
            "/bytes/{n}",
            axum::routing::get(
                |axum::extract::Path(n): axum::extract::Path<usize>| async move {
                    (
                        [(CONTENT_TYPE, "text/html; charset=utf-8")],
                        Bytes::from_static(&BODY[..n.min(BARE_BYTES)]),
                    )
                },
            ),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!(
        "claimdesk listening on http://{}",
        listener.local_addr().unwrap()
    );
    axum::serve(listener, app).await.unwrap();
}

async fn bare_axum(server: &Server, connections: usize) -> Measure {
    let make: MakeRequest = Arc::new(|_| request(Method::GET, "/", &[], Bytes::new()));
    let (run, elapsed) = drive(&[server.addr], connections, 200, make).await;
    summarise("bare axum GET", "-", connections, run, elapsed)
}

/// The bare axum handler answering `bytes` bytes: what serving an answer of that size costs
/// with no work behind it.
async fn bare_axum_bytes(server: &Server, connections: usize, bytes: usize) -> Measure {
    let path = format!("/bytes/{bytes}");
    let make: MakeRequest = Arc::new(move |_| request(Method::GET, &path, &[], Bytes::new()));
    let (run, elapsed) = drive(&[server.addr], connections, 200, make).await;
    let name = format!("bare axum GET, {} KiB", bytes / 1024);
    summarise(&name, "-", connections, run, elapsed)
}

/// The claims of the bare select: the columns a claim listing shows, 2,000 rows, half of them
/// in the status asked for, with the index a status filter uses.
const BARE_CLAIMS: &str = "
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, position INTEGER NOT NULL,
        text TEXT NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL,
        updated_at TEXT NOT NULL);
    CREATE INDEX claims_status ON claims (status, id);
    INSERT INTO claims (id, article_id, position, text, status, version, updated_at)
        WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 2000)
        SELECT value, value / 50 + 1, value % 50,
               'Claim ' || value || ': the ministry reported ' || (value * 7) ||
               ' new cases in region ' || (value % 97) || ' on Monday.',
               CASE WHEN value % 2 = 0 THEN 'unreviewed' ELSE 'sourced' END, 1,
               '2026-01-01T00:00:00.000000Z'
        FROM n;";
const BARE_SELECT: &str = "SELECT id, article_id, position, text, status, version, updated_at
     FROM claims WHERE status = 'unreviewed' AND id > ?1 ORDER BY id LIMIT 50";

/// The bare SQLite engine selecting 50 rows by an index, every row's columns read, from
/// `connections` threads with a connection each: the baseline of the claims list.
fn bare_select(dir: &Path, connections: usize) -> Measure {
    let path = dir.join("bare-select.db");
    if !path.exists() {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        conn.execute_batch(BARE_CLAIMS).unwrap();
    }
    let started = Instant::now();
    let deadline = started + seconds();
    let threads: Vec<_> = (0..connections)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let conn = rusqlite::Connection::open(&path).unwrap();
                let mut select = conn.prepare(BARE_SELECT).unwrap();
                let mut run = Run::default();
                let mut after = (t * 37 % 1000) as i64;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let mut rows = select.query([after]).unwrap();
                    let mut bytes = 0;
                    while let Some(row) = rows.next().unwrap() {
                        let text: String = row.get(3).unwrap();
                        let status: String = row.get(4).unwrap();
                        let updated_at: String = row.get(6).unwrap();
                        let numbers: [i64; 4] = [
                            row.get(0).unwrap(),
                            row.get(1).unwrap(),
                            row.get(2).unwrap(),
                            row.get(5).unwrap(),
                        ];
                        bytes += text.len() + status.len() + updated_at.len() + numbers.len() * 8;
                    }
                    run.bytes += bytes;
                    run.latencies.push(sent.elapsed());
                    after = (after + 50) % 1000;
                }
                run
            })
        })
        .collect();
    let mut all = Run::default();
    for t in threads {
        all.merge(t.join().unwrap());
    }
    summarise(
        "bare SQLite indexed select, 50 rows",
        "-",
        connections,
        all,
        started.elapsed(),
    )
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

/// A database with the sample article, a 200-claim article, and `extra` more articles of 50
/// claims each. Returns the API token and the 200-claim article's id.
async fn seed(db: &Path, extra: usize) -> (String, i64) {
    let storage = storage::open(&StorageConfig {
        durability: Durability::Normal,
        ..StorageConfig::new(db.to_str().unwrap())
    })
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
    for i in 0..extra {
        import(format!("Article {i}"), sentences(50, i + 1)).await;
        if i % 5000 == 4999 {
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
    addr: SocketAddr,
}

impl Server {
    /// Starts `program` and waits for the address it prints.
    async fn start(mut command: tokio::process::Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next_line().await.unwrap().expect("server exited");
            if let Some(url) = line.strip_prefix("claimdesk listening on http://") {
                break url.trim().parse().unwrap();
            }
        };
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Server { child, addr }
    }

    async fn claimdesk(db: &Path) -> Server {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"));
        command
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("DATABASE_URL", db)
            .env("RUST_LOG", "warn");
        Server::start(command).await
    }

    async fn bare() -> Server {
        let mut command = tokio::process::Command::new(std::env::current_exe().unwrap());
        command.env(BARE_SERVER, "1");
        Server::start(command).await
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
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

/// Signs in through the form, as a browser does, and returns the session cookie.
async fn session_cookie(server: &Server) -> String {
    claimdesk::outgoing::install_tls_provider();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .post(format!("{}/login", server.base()))
        .form(&[("username", "bench"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("claimdesk_session="))
        .expect("sign-in for the page benchmark set no session cookie");
    cookie.split(';').next().unwrap().to_owned()
}

async fn scenarios(
    label: &str,
    servers: &[&Server],
    token: &str,
    article: i64,
    out: &mut Vec<Measure>,
) {
    let server = servers[0];
    let addrs: Vec<SocketAddr> = servers.iter().map(|s| s.addr).collect();
    claimdesk::outgoing::install_tls_provider();
    let api = reqwest::Client::new();
    let cookie: Arc<str> = session_cookie(server).await.into();
    let bearer: Arc<str> = format!("Bearer {token}").into();
    let detail: Value = api
        .get(format!("{}/api/v1/articles/{article}", server.base()))
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
    let sample: Arc<Vec<i64>> = Arc::new(
        api.get(format!("{}/api/v1/articles/1", server.base()))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect(),
    );
    let verdict = Bytes::from_static(br#"{"status": "unsourced", "note": "benchmark"}"#);
    for connections in CONNECTIONS {
        let (ids, auth, body) = (claims.clone(), bearer.clone(), verdict.clone());
        let make: MakeRequest = Arc::new(move |i| {
            let claim = ids[i % ids.len()];
            request(
                Method::POST,
                &format!("/api/v1/claims/{claim}/annotations"),
                &[(AUTHORIZATION, &auth), (CONTENT_TYPE, "application/json")],
                body.clone(),
            )
        });
        if selected("verdict write (POST)") {
            let (run, elapsed) = drive(&addrs, connections, 201, make).await;
            out.push(summarise(
                "verdict write (POST)",
                label,
                connections,
                run,
                elapsed,
            ));
        }
        // The sample's 15 claims, hammered: their histories grow by thousands while this runs,
        // and answers must not grow with them.
        if selected("verdict write, 15 claims") {
            let (ids, auth, body) = (sample.clone(), bearer.clone(), verdict.clone());
            let make: MakeRequest = Arc::new(move |i| {
                let claim = ids[i % ids.len()];
                request(
                    Method::POST,
                    &format!("/api/v1/claims/{claim}/annotations"),
                    &[(AUTHORIZATION, &auth), (CONTENT_TYPE, "application/json")],
                    body.clone(),
                )
            });
            let (run, elapsed) = drive(&addrs, connections, 201, make).await;
            out.push(summarise(
                "verdict write, 15 claims",
                label,
                connections,
                run,
                elapsed,
            ));
        }

        let page = format!("/articles/{article}");
        let json = format!("/api/v1/articles/{article}");
        for (name, path, header) in [
            (
                "article page (HTML, 200 claims)",
                page.as_str(),
                (COOKIE, cookie.clone()),
            ),
            (
                "article JSON (200 claims)",
                json.as_str(),
                (AUTHORIZATION, bearer.clone()),
            ),
            (
                "claims list, status filter",
                "/api/v1/claims?status=unreviewed&limit=50",
                (AUTHORIZATION, bearer.clone()),
            ),
        ] {
            if !selected(name) {
                continue;
            }
            let path = path.to_owned();
            let make: MakeRequest = Arc::new(move |_| {
                request(
                    Method::GET,
                    &path,
                    &[(header.0.clone(), &header.1)],
                    Bytes::new(),
                )
            });
            let (run, elapsed) = drive(&addrs, connections, 200, make).await;
            out.push(summarise(name, label, connections, run, elapsed));
        }
    }

    // Import of a 1,000-sentence article, end to end, one at a time.
    if !selected("import") {
        return;
    }
    let mut run = Run::default();
    let started = Instant::now();
    for i in 0..10 {
        let salt: usize = label.bytes().map(usize::from).sum();
        let body = sentences(1000, 1_000_000 + i + salt * 100);
        let sent = Instant::now();
        let response = api
            .post(format!("{}/api/v1/articles", server.base()))
            .bearer_auth(token)
            .json(&json!({"title": format!("Import {i}"), "body": body}))
            .send()
            .await
            .unwrap();
        let ok = response.status() == 201;
        let bytes = response.bytes().await.map_or(0, |b| b.len());
        if ok {
            run.latencies.push(sent.elapsed());
            run.bytes += bytes;
        } else {
            run.failures += 1;
        }
    }
    out.push(summarise(
        "import, 1,000 sentences",
        label,
        1,
        run,
        started.elapsed(),
    ));

    // Web pages as newsrooms paste them: the article-extraction benchmark's 91 real pages,
    // four imports at a time (the story found, segmented, stored), end to end.
    let pages = benchmark_pages();
    let started = Instant::now();
    let results: Vec<(Duration, bool, usize)> = futures::stream::iter(pages)
        .map(|html| {
            let api = api.clone();
            let url = format!("{}/api/v1/articles", server.base());
            async move {
                let sent = Instant::now();
                let response = api
                    .post(url)
                    .bearer_auth(token)
                    .header("content-type", "text/html; charset=utf-8")
                    .body(html)
                    .send()
                    .await
                    .unwrap();
                // 200 when another instance imported the page already: extracted all the same.
                let ok = response.status().is_success();
                let bytes = response.bytes().await.map_or(0, |b| b.len());
                (sent.elapsed(), ok, bytes)
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let mut run = Run::default();
    for (latency, ok, bytes) in results {
        if ok {
            run.latencies.push(latency);
            run.bytes += bytes;
        } else {
            run.failures += 1;
        }
    }
    out.push(summarise(
        "import, web pages",
        label,
        4,
        run,
        started.elapsed(),
    ));
}

/// The article-extraction benchmark's pages (tests/extraction), as served.
fn benchmark_pages() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/html");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()),
                &mut bytes,
            )
            .unwrap();
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect()
}

/// Extraction alone on the same pages (the story found and reduced to lines), in this process
/// on every core: the bare thing an import of a web page is measured against.
fn bare_extraction() -> Measure {
    use rayon::prelude::*;
    let pages = benchmark_pages();
    let started = Instant::now();
    let latencies: Vec<Duration> = pages
        .par_iter()
        .map(|html| {
            let one = Instant::now();
            std::hint::black_box(claimdesk::html::extract(html));
            one.elapsed()
        })
        .collect();
    let run = Run {
        latencies,
        failures: 0,
        bytes: 0,
    };
    summarise(
        "extraction alone (html::extract)",
        "-",
        2,
        run,
        started.elapsed(),
    )
}

fn print_table(rows: &[&Measure]) {
    println!(
        "\n{:<34} {:>6} {:>5} {:>9} {:>8} {:>8} {:>8} {:>9} {:>8}",
        "measure", "db", "conns", "per s", "p50 ms", "p99 ms", "KiB", "vs base", "sm/lg"
    );
    for m in rows {
        println!(
            "{:<34} {:>6} {:>5} {:>9.0} {:>8.2} {:>8.2} {:>8.1} {:>9} {:>8}{}",
            m.name,
            m.database,
            m.connections,
            m.per_second,
            m.p50_ms,
            m.p99_ms,
            m.bytes as f64 / 1024.0,
            m.ratio_to_baseline
                .map_or("-".to_owned(), |r| format!("{:.1}%", r * 100.0)),
            m.large_slowdown
                .map_or("-".to_owned(), |r| format!("{r:.2}x")),
            if m.failures > 0 {
                format!("  ({} failed)", m.failures)
            } else {
                String::new()
            }
        );
    }
}

#[tokio::main]
async fn main() {
    if std::env::var_os(BARE_SERVER).is_some() {
        serve_bare().await;
        return;
    }
    // `cargo bench` passes --bench; `cargo test --all-targets` runs bench targets without it,
    // as a smoke test, where a minutes-long load run has no place.
    if !std::env::args().any(|a| a == "--bench") {
        println!("load benchmark: run it with `cargo bench --bench load`");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    let sqlite = bare_engine(dir.path());
    let through_sqlx = sqlx_engine(dir.path()).await;
    let extraction = bare_extraction();
    let select_baselines: Vec<Measure> = CONNECTIONS
        .iter()
        .map(|&connections| bare_select(dir.path(), connections))
        .collect();
    let mut axum_baselines = Vec::new();
    let bare = Server::bare().await;
    for connections in CONNECTIONS {
        axum_baselines.push(bare_axum(&bare, connections).await);
    }

    let mut rss = Vec::new();
    let large: usize = std::env::var("BENCH_LARGE_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    // The small database has enough unreviewed claims for full pages of the claims list, so
    // that both databases answer it with the same 50 claims.
    for (label, articles) in [("small", 20), ("large", large)] {
        if label == "large" && articles == 0 {
            continue;
        }
        let db = dir.path().join(format!("{label}.db"));
        eprintln!("seeding the {label} database ({articles} extra articles)…");
        let (token, article) = seed(&db, articles).await;
        let server = Server::claimdesk(&db).await;
        scenarios(label, &[&server], &token, article, &mut results).await;
        rss.push((label, server.peak_rss_mb()));
    }

    // PostgreSQL, when a server is named: its bare engine, then one and two instances.
    let mut postgres_baselines = Vec::new();
    if let Some(server) = postgres_server() {
        for connections in CONNECTIONS {
            postgres_baselines.push(bare_postgres(&server, connections).await);
        }
        let url = postgres_database(&server).await;
        eprintln!("seeding the PostgreSQL database…");
        let (token, article) = seed(Path::new(&url), 20).await;
        let one = Server::claimdesk(Path::new(&url)).await;
        scenarios("pg×1", &[&one], &token, article, &mut results).await;
        let two = Server::claimdesk(Path::new(&url)).await;
        scenarios("pg×2", &[&one, &two], &token, article, &mut results).await;
    }

    // The bare handler answering as many bytes as each page or JSON measure did, measured
    // once the servers under test are gone, so that nothing else runs beside it.
    let mut bytes_baselines: Vec<(String, Measure)> = Vec::new();
    for m in &results {
        let answers_bytes = m.name.starts_with("article");
        let measured = bytes_baselines
            .iter()
            .any(|(name, b)| *name == m.name && b.connections == m.connections);
        if answers_bytes && !measured && m.bytes > 0 {
            let baseline = bare_axum_bytes(&bare, m.connections, m.bytes).await;
            bytes_baselines.push((m.name.clone(), baseline));
        }
    }
    drop(bare);

    let small: Vec<Measure> = results
        .iter()
        .filter(|m| m.database == "small")
        .cloned()
        .collect();
    for m in &mut results {
        let baseline = if m.name.starts_with("verdict") && m.database.starts_with("pg") {
            postgres_baselines
                .iter()
                .find(|b| b.connections == m.connections)
        } else if m.name.starts_with("verdict") {
            Some(&sqlite)
        } else if m.name == "import, web pages" {
            Some(&extraction)
        } else if m.name.contains("import") {
            None
        } else if m.name.starts_with("claims list") {
            select_baselines
                .iter()
                .find(|b| b.connections == m.connections)
        } else if m.name.starts_with("article") {
            bytes_baselines
                .iter()
                .find(|(name, b)| *name == m.name && b.connections == m.connections)
                .map(|(_, b)| b)
        } else {
            axum_baselines
                .iter()
                .find(|b| b.connections == m.connections)
        };
        if let Some(b) = baseline {
            m.baseline = Some(b.name.clone());
            m.ratio_to_baseline = Some(m.per_second / b.per_second);
        }
        let on_small = small
            .iter()
            .find(|s| s.name == m.name && s.connections == m.connections);
        if let Some(s) = on_small.filter(|_| m.database == "large") {
            // Import is timed one at a time: compare latencies, the figure that matters.
            m.large_slowdown = Some(if m.name.contains("import") {
                m.p50_ms / s.p50_ms
            } else {
                s.per_second / m.per_second
            });
        }
    }

    let mut through_sqlx = through_sqlx;
    through_sqlx.baseline = Some(sqlite.name.clone());
    through_sqlx.ratio_to_baseline = Some(through_sqlx.per_second / sqlite.per_second);
    let rows: Vec<&Measure> = [&sqlite, &through_sqlx]
        .into_iter()
        .chain(&postgres_baselines)
        .chain(&axum_baselines)
        .chain(bytes_baselines.iter().map(|(_, b)| b))
        .chain(&select_baselines)
        .chain([&extraction])
        .chain(&results)
        .collect();
    print_table(&rows);
    for (label, mb) in &rss {
        println!("server peak RSS ({label} database): {mb:.1} MB");
    }
    let report = json!({
        "seconds_per_measure": seconds().as_secs(),
        "baselines": {"sqlite": sqlite, "sqlite_through_sqlx": through_sqlx, "postgres": postgres_baselines, "axum": axum_baselines, "axum_same_bytes": bytes_baselines.iter().map(|(name, b)| json!({"for": name, "measure": b})).collect::<Vec<_>>(), "sqlite_select": select_baselines, "extraction": extraction},
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
