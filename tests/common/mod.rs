//! Test harness: the real server on 127.0.0.1:0 over a real database: a SQLite file in a
//! temp dir, or, when `CLAIMDESK_TEST_DATABASE` names a PostgreSQL server, a database of its
//! own on it (so tests stay isolated and parallel on either backend).
#![allow(dead_code)]

use std::path::PathBuf;

use claimdesk::app::{self, AppState, Shared};
use claimdesk::auth;
use claimdesk::domain::Role;
use claimdesk::storage::{self, DynStorage, StorageConfig};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const SAMPLE: &str = include_str!("../../examples/state-department-cable.txt");

/// The PostgreSQL server the tests run on, if any: `CLAIMDESK_TEST_DATABASE`.
pub fn postgres_server() -> Option<String> {
    std::env::var("CLAIMDESK_TEST_DATABASE")
        .ok()
        .filter(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

/// A new, empty database for one test: a file in `dir` on SQLite, a fresh database on the
/// PostgreSQL server when the tests run there.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    let Some(server) = postgres_server() else {
        return dir.join("claimdesk.db").to_str().unwrap().to_owned();
    };
    let name = format!("test_{}", hex_id());
    let admin = sqlx::PgPool::connect(&server)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create a test database");
    admin.close().await;
    let mut url = url::Url::parse(&server).expect("CLAIMDESK_TEST_DATABASE is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn hex_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{:x}_{}_{}",
        nanos,
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A running server plus one API token per role.
pub struct TestApp {
    pub base: String,
    /// Where its data is: a SQLite file path or a PostgreSQL URL.
    pub database_url: String,
    /// The SQLite file (meaningless on PostgreSQL: tests of the file itself use SQLite).
    pub db_path: PathBuf,
    pub client: Client,
    pub admin: String,
    pub editor: String,
    pub reviewer: String,
    pub viewer: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
    // Keeps the database directory alive as long as the app.
    _dir: std::sync::Arc<tempfile::TempDir>,
}

pub async fn open(database_url: &str) -> DynStorage {
    storage::open(&StorageConfig::new(database_url))
        .await
        .expect("open database")
}

async fn token_for(storage: &DynStorage, name: &str, role: Role) -> String {
    let user = storage.create_user(name, role, None).await.unwrap();
    let token = auth::generate_token().unwrap();
    storage
        .create_token(user.id, "test", &token.hash, &token.prefix)
        .await
        .unwrap();
    token.token
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|state| state).await
    }

    /// [`TestApp::spawn`] with the application state changed first (a setting the command
    /// line would give).
    pub async fn spawn_with(configure: impl FnOnce(Shared) -> Shared) -> TestApp {
        let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
        let database_url = fresh_database(dir.path()).await;
        let storage = open(&database_url).await;
        let admin = token_for(&storage, "ada", Role::Admin).await;
        let editor = token_for(&storage, "eddie", Role::Editor).await;
        let reviewer = token_for(&storage, "rita", Role::Reviewer).await;
        let viewer = token_for(&storage, "vic", Role::Viewer).await;
        Self::start_with(
            dir,
            database_url,
            configure(Shared::new(storage)),
            [admin, editor, reviewer, viewer],
        )
        .await
    }

    /// A second server on the same database, as a second instance behind a load balancer
    /// would be (the same API tokens work on both).
    pub async fn spawn_beside(other: &TestApp) -> TestApp {
        let storage = open(&other.database_url).await;
        let tokens = [
            other.admin.clone(),
            other.editor.clone(),
            other.reviewer.clone(),
            other.viewer.clone(),
        ];
        Self::start(
            other._dir.clone(),
            other.database_url.clone(),
            storage,
            tokens,
        )
        .await
    }

    /// A fresh instance with no account at all, offering the one-time setup link.
    pub async fn spawn_unclaimed(setup_token: &str) -> TestApp {
        let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
        let database_url = fresh_database(dir.path()).await;
        let storage = open(&database_url).await;
        let mut state = Shared::new(storage);
        state.setup_token = Some(setup_token.into());
        Self::start_with(dir, database_url, state, Default::default()).await
    }

    async fn start(
        dir: std::sync::Arc<tempfile::TempDir>,
        database_url: String,
        storage: DynStorage,
        tokens: [String; 4],
    ) -> TestApp {
        Self::start_with(dir, database_url, Shared::new(storage), tokens).await
    }

    /// Webhook retries in tests wait milliseconds, not seconds.
    fn quick_retries(mut state: Shared) -> Shared {
        state.webhook_retry_base = std::time::Duration::from_millis(50);
        state
    }

    async fn start_with(
        dir: std::sync::Arc<tempfile::TempDir>,
        database_url: String,
        state: Shared,
        [admin, editor, reviewer, viewer]: [String; 4],
    ) -> TestApp {
        let state = AppState::from(Self::quick_retries(state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app::serve(listener, state, async {
            let _ = rx.await;
        }));
        TestApp {
            base,
            db_path: PathBuf::from(&database_url),
            database_url,
            client: http_client(),
            admin,
            editor,
            reviewer,
            viewer,
            shutdown: Some(tx),
            server: Some(server),
            _dir: dir,
        }
    }

    /// Stops the server gracefully and starts a new one over the same database file.
    pub async fn restart(mut self) -> TestApp {
        self.stop().await;
        let storage = open(&self.database_url).await;
        let tokens = [
            self.admin.clone(),
            self.editor.clone(),
            self.reviewer.clone(),
            self.viewer.clone(),
        ];
        Self::start(
            self._dir.clone(),
            self.database_url.clone(),
            storage,
            tokens,
        )
        .await
    }

    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }

    /// Adds a user with an API token; returns the token.
    pub async fn add_token_user(&self, name: &str, role: Role) -> String {
        let storage = open(&self.database_url).await;
        token_for(&storage, name, role).await
    }

    /// Adds a user who signs in with a password.
    pub async fn add_user(&self, name: &str, role: Role, password: &str) {
        let storage = open(&self.database_url).await;
        let hash = auth::hash_password(password.to_owned()).await.unwrap();
        storage.create_user(name, role, Some(&hash)).await.unwrap();
    }

    /// A client that keeps cookies, as a browser does, and does not follow redirects.
    pub fn browser(&self) -> Client {
        claimdesk::outgoing::install_tls_provider();
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Signs `client` in through the form; panics unless it lands.
    pub async fn sign_in(&self, client: &Client, name: &str, password: &str) {
        let response = client
            .post(self.url("/login"))
            .form(&[
                ("username", name),
                ("password", password),
                ("next", "/articles"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "sign-in failed for {name}");
    }

    /// The HTML of the page at `path`, as `client` (a [`TestApp::browser`]) sees it.
    pub async fn page(&self, client: &Client, path: &str) -> String {
        client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, token).send().await.unwrap()
    }

    /// `GET path` with `token`, as JSON (panics unless it is).
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        self.get(path, token).await.json().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Imports an article as the editor and returns its JSON.
    pub async fn import(&self, title: &str, body: &str) -> Value {
        let response = self
            .post_json(
                "/api/v1/articles",
                &self.editor,
                &serde_json::json!({"title": title, "body": body}),
            )
            .await;
        assert!(
            response.status().is_success(),
            "import failed: {}",
            response.status()
        );
        response.json().await.unwrap()
    }

    /// Every item of a listing, following `next_cursor` from `first` (a path with a query
    /// string) until the last page; `check` sees each page.
    pub async fn walk_pages(&self, first: &str, mut check: impl FnMut(&Value)) -> Vec<Value> {
        let mut items = Vec::new();
        let mut path = first.to_owned();
        loop {
            let page: Value = self.get(&path, &self.viewer).await.json().await.unwrap();
            check(&page);
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(cursor) => path = format!("{first}&cursor={cursor}"),
                None => return items,
            }
        }
    }

    pub async fn annotate(&self, claim_id: i64, body: &Value) -> Response {
        self.post_json(
            &format!("/api/v1/claims/{claim_id}/annotations"),
            &self.reviewer,
            body,
        )
        .await
    }
}

/// A claim's whole verdict history, newest first, walked page by page from `history_next`
/// (a claim's JSON carries only the newest entries).
pub async fn full_history(client: &Client, base: &str, token: &str, claim_id: i64) -> Vec<Value> {
    let get = |path: String| async move {
        let response = client
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json::<Value>().await.unwrap()
    };
    let claim = get(format!("/api/v1/claims/{claim_id}")).await;
    let mut entries: Vec<Value> = claim["history"].as_array().unwrap().clone();
    let mut next = claim["history_next"].as_str().map(str::to_owned);
    while let Some(path) = next {
        let page = get(path).await;
        entries.extend(page["items"].as_array().unwrap().iter().cloned());
        next = page["next_cursor"]
            .as_str()
            .map(|c| format!("/api/v1/claims/{claim_id}/history?cursor={c}"));
    }
    assert_eq!(
        entries.len() as i64,
        claim["history_total"].as_i64().unwrap()
    );
    entries
}

/// A plain HTTP client for talking to the server under test (claimdesk's TLS provider
/// installed first, as every reqwest client in the process needs).
pub fn http_client() -> Client {
    claimdesk::outgoing::install_tls_provider();
    Client::new()
}

/// `GET {base}{path}` with a bearer token, its JSON (for servers outside a [`TestApp`]).
pub async fn get_json_at(base: &str, path: &str, token: &str) -> Value {
    http_client()
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Asserts an RFC 9457 problem answer with `status`, and returns its body.
pub async fn expect_problem(response: Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    for field in ["type", "title", "detail"] {
        assert!(
            body[field].as_str().is_some_and(|s| !s.is_empty()),
            "problem lacks {field}: {body}"
        );
    }
    assert_eq!(body["status"], status);
    body
}

/// The sentences of `text` as sentence-split corpora count them (the Golden Rules, the
/// treebanks): a list marker and its item are one sentence.
pub fn sentence_spans<'a>(text: &'a str, language: &claimdesk::segment::Language) -> Vec<&'a str> {
    use claimdesk::segment::{SegmentKind, segment_in};
    let mut spans = Vec::new();
    let mut marker_start = None;
    for s in segment_in(text, language) {
        if s.kind == SegmentKind::ListMarker {
            marker_start = Some(s.byte_start);
            continue;
        }
        let start = marker_start.take().unwrap_or(s.byte_start);
        spans.push(&text[start..s.byte_end]);
    }
    spans
}

/// `text[start..end]` in code points.
pub fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

pub fn sourced(url: &str) -> Value {
    serde_json::json!({"status": "sourced", "sources": [{"url": url}]})
}

/// Runs a Python script (`python3 -c script args…`) with `stdin`; its standard output, once it
/// succeeded (a reference implementation from PyPI, which `scripts/test.sh` installs).
pub fn python(script: &str, args: &[&str], stdin: &str) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the Python reference refused: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Running the real `claimdesk` binary.
pub mod browser;

/// The ids of an article's claims (an article as the API answers it), in order.
pub fn claim_ids(article: &serde_json::Value) -> Vec<i64> {
    article["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

pub mod binary {
    use std::io::Write;
    use std::path::Path;
    use std::process::{Command, Output, Stdio};

    use tokio::io::{AsyncBufReadExt, BufReader};

    pub const BIN: &str = env!("CARGO_BIN_EXE_claimdesk");
    pub const SAMPLE_PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/state-department-cable.txt"
    );

    pub fn claimdesk(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(BIN)
            .args(args)
            .env("DATABASE_URL", db)
            .env_remove("RUST_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run claimdesk");
        let mut pipe = child.stdin.take().unwrap();
        if let Some(input) = stdin {
            pipe.write_all(input.as_bytes()).unwrap();
        }
        drop(pipe);
        child.wait_with_output().unwrap()
    }

    pub fn stdout(output: &Output) -> String {
        String::from_utf8(output.stdout.clone()).unwrap()
    }

    pub fn stderr(output: &Output) -> String {
        String::from_utf8(output.stderr.clone()).unwrap()
    }

    pub fn token_for(db: &Path, user: &str, role: &str) -> String {
        let added = claimdesk(
            db,
            &["user", "add", user, "--role", role, "--password-stdin"],
            Some("a long enough password\n"),
        );
        assert!(added.status.success(), "{}", stderr(&added));
        let created = claimdesk(db, &["token", "create", user], None);
        assert!(created.status.success(), "{}", stderr(&created));
        stdout(&created).lines().last().unwrap().trim().to_owned()
    }

    /// A `claimdesk serve` process on a free port; killed (SIGKILL) on drop.
    pub struct Server {
        pub child: tokio::process::Child,
        pub base: String,
    }

    impl Server {
        pub async fn start(db: &Path, extra: &[&str]) -> Server {
            let mut child = tokio::process::Command::new(BIN)
                .args(["serve", "--bind", "127.0.0.1:0"])
                .args(extra)
                .env("DATABASE_URL", db)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .unwrap();
            let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
            let mut banner = Vec::new();
            let base = loop {
                let line = lines
                    .next_line()
                    .await
                    .unwrap()
                    .expect("server exited before listening");
                banner.push(line.clone());
                if let Some(url) = line.strip_prefix("claimdesk listening on ") {
                    break url.trim().to_owned();
                }
            };
            // Keep reading the banner in the background so the pipe never fills.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            Server { child, base }
        }

        pub async fn get_json(&self, path: &str, token: &str) -> serde_json::Value {
            super::get_json_at(&self.base, path, token).await
        }

        pub async fn kill(mut self) {
            self.child.kill().await.unwrap();
        }
    }
}
