//! Operating claimdesk: who may change what (route by role), metrics, structured logs,
//! graceful shutdown, security headers on the API.

mod common;

use std::process::Stdio;

use claimdesk::domain::Role;
use common::binary::{BIN, SAMPLE_PATH, claimdesk, token_for};
use common::{SAMPLE, TestApp};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

const PASSWORD: &str = "correct horse battery";

/// A page route that changes something: its path, the role it needs, and a form to post.
type PageRoute = (String, Role, Vec<(&'static str, String)>);

/// Roles from none to all, in privilege order.
const CALLERS: [Option<Role>; 5] = [
    None,
    Some(Role::Viewer),
    Some(Role::Reviewer),
    Some(Role::Editor),
    Some(Role::Admin),
];

fn allowed(caller: Option<Role>, needed: Role) -> bool {
    caller.is_some_and(|role| role.grants(needed))
}

#[tokio::test]
async fn every_mutating_api_route_refuses_roles_below_it() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let routes = [
        (
            "/api/v1/articles".to_owned(),
            Role::Editor,
            json!({"title": "Another", "body": "Another claim here."}),
        ),
        (
            format!("/api/v1/claims/{claim}/annotations"),
            Role::Reviewer,
            json!({"status": "unsourced"}),
        ),
    ];
    for (path, needed, body) in &routes {
        for caller in CALLERS {
            let token = match caller {
                None => None,
                Some(Role::Viewer) => Some(&app.viewer),
                Some(Role::Reviewer) => Some(&app.reviewer),
                Some(Role::Editor) => Some(&app.editor),
                Some(Role::Admin) => Some(&app.admin),
            };
            let mut request = app.client.post(app.url(path)).json(body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let status = request.send().await.unwrap().status();
            let expected_refusal = match caller {
                None => StatusCode::UNAUTHORIZED,
                Some(_) => StatusCode::FORBIDDEN,
            };
            if allowed(caller, *needed) {
                assert!(status.is_success(), "{path} as {caller:?}: {status}");
            } else {
                assert_eq!(status, expected_refusal, "{path} as {caller:?}");
            }
        }
    }
    // Refused calls wrote nothing: one verdict per allowed role, one new article.
    let claim: Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(claim["history"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn every_mutating_page_route_refuses_roles_below_it() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let mut sessions: Vec<(Option<Role>, Client)> = Vec::new();
    for caller in CALLERS {
        let client = app.browser();
        if let Some(role) = caller {
            let name = format!("page-{role}");
            app.add_user(&name, role, PASSWORD).await;
            app.sign_in(&client, &name, PASSWORD).await;
        }
        sessions.push((caller, client));
    }
    let routes: [PageRoute; 6] = [
        (
            format!("/claims/{claim}/verdict"),
            Role::Reviewer,
            vec![("status", "unsourced".into())],
        ),
        (
            "/admin/users".into(),
            Role::Admin,
            vec![("name", "x".into()), ("role", "viewer".into())],
        ),
        (
            "/admin/users/1/role".into(),
            Role::Admin,
            vec![("role", "viewer".into())],
        ),
        (
            "/admin/tokens".into(),
            Role::Admin,
            vec![("user", "ada".into()), ("label", "l".into())],
        ),
        ("/admin/tokens/1/revoke".into(), Role::Admin, vec![]),
        ("/logout".into(), Role::Viewer, vec![]),
    ];
    for (path, needed, form) in &routes {
        for (caller, client) in &sessions {
            if path == "/logout" {
                continue;
            }
            let response = client.post(app.url(path)).form(form).send().await.unwrap();
            let status = response.status();
            if caller.is_none() {
                assert_eq!(status, StatusCode::SEE_OTHER, "{path} anonymous");
                assert!(
                    response.headers()["location"]
                        .to_str()
                        .unwrap()
                        .starts_with("/login"),
                    "{path} anonymous"
                );
            } else if allowed(*caller, *needed) {
                assert!(
                    status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED,
                    "{path} as {caller:?}: {status}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {caller:?}");
            }
        }
    }
    // Import (multipart) needs an editor.
    for (caller, client) in &sessions {
        let form = reqwest::multipart::Form::new()
            .text("title", "Imported")
            .text("body", "A claim from the page.");
        let status = client
            .post(app.url("/articles"))
            .multipart(form)
            .send()
            .await
            .unwrap()
            .status();
        match caller {
            None => assert_eq!(status, StatusCode::SEE_OTHER),
            Some(role) if role.grants(Role::Editor) => assert_eq!(status, StatusCode::SEE_OTHER),
            Some(_) => assert_eq!(status, StatusCode::FORBIDDEN),
        }
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_verdicts_by_status() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.annotate(claim, &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );
    app.get(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.text().await.unwrap();
    assert!(text.contains(r#"route="/api/v1/claims/{id}""#), "{text}");
    assert!(text.contains("http_request_duration_seconds_bucket"));
    assert!(text.contains(r#"claimdesk_verdicts_total{status="unsourced"}"#));
    // Every pool the backend has: reader and writer on SQLite, one pool on PostgreSQL.
    let pool = if common::postgres_server().is_some() {
        "postgres"
    } else {
        "writer"
    };
    assert!(
        text.contains(&format!(
            r#"claimdesk_db_connections{{pool="{pool}",state="open"}}"#
        )),
        "{text}"
    );
    assert!(
        !text.contains(&format!("/api/v1/claims/{claim}\"")),
        "raw paths would make one series per claim"
    );
}

#[tokio::test]
async fn api_answers_carry_security_headers() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/articles", &app.viewer).await;
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn json_logs_carry_the_request_id_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("claimdesk.db");
    let token = token_for(&db, "rita", "reviewer");
    assert!(
        claimdesk(&db, &["import", SAMPLE_PATH], None)
            .status
            .success()
    );
    let mut child = tokio::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--log-format", "json"])
        .env("DATABASE_URL", &db)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = out.next_line().await.unwrap().expect("server exited");
        if let Some(url) = line.strip_prefix("claimdesk listening on ") {
            break url.trim().to_owned();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = out.next_line().await {} });
    let response = common::http_client()
        .request(Method::GET, format!("{base}/api/v1/articles"))
        .bearer_auth(&token)
        .header("x-request-id", "req-e2e-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "req-e2e-42");

    // SIGTERM: the server finishes and exits on its own, with success.
    let pid = child.id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut err = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut request_lines = Vec::new();
    while let Some(line) = err.next_line().await.unwrap() {
        let value: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        if value["span"]["path"] == "/api/v1/articles" {
            request_lines.push(value);
        }
    }
    let status = child.wait().await.unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!request_lines.is_empty());
    for line in &request_lines {
        assert_eq!(line["span"]["request_id"], "req-e2e-42", "{line}");
    }
}

#[tokio::test]
async fn healthcheck_command_reports_the_server_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("claimdesk.db");
    let server = common::binary::Server::start(&db, &[]).await;
    let bind = server.base.trim_start_matches("http://").to_owned();
    let healthy = claimdesk(&db, &["healthcheck", "--bind", &bind], None);
    assert!(healthy.status.success());
    assert_eq!(common::binary::stdout(&healthy).trim(), "healthy");
    server.kill().await;
    let down = claimdesk(&db, &["healthcheck", "--bind", &bind], None);
    assert!(!down.status.success());
    let bad = claimdesk(&db, &["healthcheck", "--bind", "not-an-address"], None);
    assert!(!bad.status.success());
}

/// The runtime image is a bare Debian with no OpenSSL: the binary must need nothing beyond the
/// C library's own shared objects (TLS is rustls), and the image must carry the CA roots that
/// rustls checks certificates against.
#[test]
fn the_binary_links_only_the_c_library_and_the_image_has_ca_roots() {
    let output = std::process::Command::new("ldd")
        .arg(BIN)
        .output()
        .expect("ldd runs");
    assert!(output.status.success());
    let listing = String::from_utf8(output.stdout).unwrap();
    let allowed = [
        "linux-vdso.so",
        "libc.so",
        "libm.so",
        "libgcc_s.so",
        "ld-linux",
        "libpthread.so",
        "libdl.so",
        "librt.so",
    ];
    for line in listing.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(
            allowed.iter().any(|lib| line.contains(lib)),
            "the binary needs {line}, which debian:bookworm-slim may not have"
        );
    }
    let dockerfile =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile")).unwrap();
    let runtime = dockerfile
        .split("FROM debian:")
        .nth(1)
        .expect("a Debian runtime stage");
    assert!(
        runtime.contains("ca-certificates"),
        "the runtime image installs ca-certificates"
    );
}
