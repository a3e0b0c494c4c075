//! The `claimdesk` binary itself: user and token management, import, segment, serve.

mod common;

use std::path::Path;
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use common::binary::{BIN, SAMPLE_PATH, Server, claimdesk, stderr, stdout, token_for};

#[test]
fn unknown_role_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let output = claimdesk(&db, &["user", "add", "alice", "--role", "superuser"], None);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("superuser") && message.contains("reviewer"),
        "{message}"
    );
}

#[test]
fn bad_user_and_token_arguments_fail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let empty = claimdesk(
        &db,
        &["user", "add", "bob", "--role", "editor", "--password-stdin"],
        Some("\n"),
    );
    assert!(!empty.status.success());
    assert!(stderr(&empty).contains("empty"));
    let short = claimdesk(
        &db,
        &[
            "user",
            "add",
            "carol",
            "--role",
            "editor",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(short.status.success(), "{}", stderr(&short));
    assert!(stderr(&short).contains("recommended"));

    let ok = claimdesk(&db, &["user", "add", "bob", "--role", "editor"], None);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let again = claimdesk(&db, &["user", "add", "bob", "--role", "viewer"], None);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));

    let nobody = claimdesk(&db, &["token", "create", "nobody"], None);
    assert!(!nobody.status.success());
    assert!(stderr(&nobody).contains("no user named 'nobody'"));

    let bad_name = claimdesk(&db, &["user", "add", "two words", "--role", "viewer"], None);
    assert!(!bad_name.status.success());

    let list = claimdesk(&db, &["user", "list"], None);
    assert_eq!(stdout(&list).lines().count(), 2);
}

#[test]
fn segment_prints_kinds_and_offsets() {
    let output = claimdesk(
        Path::new("/nonexistent/never-opened.db"),
        &["segment", SAMPLE_PATH],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let segments: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let count = |kind: &str| segments.iter().filter(|s| s["kind"] == kind).count();
    assert_eq!(count("sentence"), 12);
    assert_eq!(count("list_item"), 3);
    assert_eq!(count("heading"), 3);
    assert_eq!(count("boilerplate"), 1);
    let body = std::fs::read_to_string(SAMPLE_PATH).unwrap();
    for s in &segments {
        let text = common::slice(
            &body,
            s["start"].as_u64().unwrap(),
            s["end"].as_u64().unwrap(),
        );
        assert_eq!(text, s["text"].as_str().unwrap());
    }

    let from_stdin = claimdesk(
        Path::new("unused.db"),
        &["segment"],
        Some("Headline Here\nOne. Two!"),
    );
    let segments: Vec<Value> = serde_json::from_slice(&from_stdin.stdout).unwrap();
    let kinds: Vec<&str> = segments
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["heading", "sentence", "sentence"]);

    // The language picks the rules: given, or detected from the text.
    let texts = |output: &std::process::Output| -> Vec<String> {
        assert!(output.status.success(), "{}", stderr(output));
        serde_json::from_slice::<Vec<Value>>(&output.stdout)
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_owned())
            .collect()
    };
    let chinese = "2008年，該工程並未完工。1956年，首次推行改革。";
    let given = claimdesk(
        Path::new("unused.db"),
        &["segment", "--language", "zh"],
        Some(chinese),
    );
    assert_eq!(
        texts(&given),
        ["2008年，該工程並未完工。", "1956年，首次推行改革。"]
    );
    let detected = claimdesk(Path::new("unused.db"), &["segment"], Some(chinese));
    assert_eq!(texts(&detected), texts(&given));
    let refused = claimdesk(
        Path::new("unused.db"),
        &["segment", "--language", "no such"],
        Some("x"),
    );
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("BCP 47"), "{}", stderr(&refused));
}

#[tokio::test]
async fn import_serve_kill_and_restart_keep_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("claimdesk.db");
    let token = token_for(&db, "rita", "reviewer");
    assert!(token.starts_with("cdk_"), "{token}");

    let imported = claimdesk(&db, &["import", SAMPLE_PATH, "--title", "Cable"], None);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stdout(&imported).contains("15 claims"),
        "{}",
        stdout(&imported)
    );
    let again = claimdesk(&db, &["import", SAMPLE_PATH, "--title", "Cable"], None);
    assert!(again.status.success());
    assert!(stdout(&again).contains("already"));

    let client = common::http_client();
    let server = Server::start(&db, &[]).await;
    let articles: Value = server.get_json("/api/v1/articles", &token).await;
    let article = &articles["items"][0];
    assert_eq!(article["title"], "Cable");
    assert_eq!(article["counts"]["unreviewed"], 15);
    let id = article["id"].as_i64().unwrap();
    let detail: Value = server
        .get_json(&format!("/api/v1/articles/{id}"), &token)
        .await;
    let claim = detail["claims"][2]["id"].as_i64().unwrap();
    let annotated = client
        .post(format!("{}/api/v1/claims/{claim}/annotations", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"status": "sourced", "sources": [{"url": "https://www.reuters.com/"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(annotated.status(), 201);

    // SIGKILL: no graceful shutdown, the acknowledged verdict must still be there.
    server.kill().await;
    let server = Server::start(&db, &[]).await;
    let claim: Value = server
        .get_json(&format!("/api/v1/claims/{claim}"), &token)
        .await;
    assert_eq!(claim["status"], "sourced");
    assert_eq!(claim["history"][0]["reviewer"], "rita");
    server.kill().await;
}

#[tokio::test]
async fn serve_with_sample_prints_a_working_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut child = tokio::process::Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--sample"])
        .env("DATABASE_URL", &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut base = None;
    let mut token = None;
    while token.is_none() {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("banner ended early");
        if let Some(url) = line.strip_prefix("claimdesk listening on ") {
            base = Some(url.trim().to_owned());
        }
        if let Some(i) = line.find("cdk_") {
            token = Some(line[i..].split_whitespace().next().unwrap().to_owned());
        }
    }
    let (base, token) = (base.unwrap(), token.unwrap());
    let articles = common::get_json_at(&base, "/api/v1/articles", &token).await;
    assert_eq!(articles["items"][0]["counts"]["unreviewed"], 15);
    child.kill().await.unwrap();
}

#[test]
fn a_database_in_memory_is_refused_with_what_to_give_instead() {
    // Each of the server's connections would see a database of its own: verdicts written by
    // one would be missing from the pages read through another.
    for url in ["sqlite::memory:", "sqlite:file:claims?mode=memory"] {
        let output = claimdesk(Path::new(url), &["user", "list"], None);
        assert!(!output.status.success(), "{url} was accepted");
        let said = stderr(&output);
        assert!(
            said.contains("give a file path"),
            "{url}: the refusal says what to give instead: {said}"
        );
    }
}
