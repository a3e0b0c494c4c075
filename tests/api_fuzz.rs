//! schemathesis fuzzes the API from its own OpenAPI document: hundreds of generated requests,
//! valid and invalid, and not one may get a 5xx or an answer the document does not describe.

mod common;

use common::{SAMPLE, TestApp};

#[tokio::test]
async fn schemathesis_finds_no_server_error_or_undocumented_answer() {
    let app = TestApp::spawn().await;
    app.import("Cable", SAMPLE).await;
    let schema = app.url("/api/openapi.json");
    let header = format!("Authorization: Bearer {}", app.admin);
    let report = tempfile::tempdir().unwrap();
    // A blocking child process inside the async test: the server keeps running on the
    // runtime's other worker.
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("st")
            // schemathesis keeps a cache of past failures in its working directory: give it a
            // fresh one, so every run starts clean and nothing lands in the repository.
            .current_dir(report.path())
            .args(["run", &schema, "-H", &header])
            // Every check but two whose verdicts here are about the generator, not the API:
            // "schema-valid requests are accepted" (the document does not spell out every rule:
            // a cursor must be one we gave out, a title non-blank; those refusals are the
            // documented 400s and 422s), and "schema-violating requests are refused" (for the
            // text/html body, any bytes are a page, so a "non-string" body is still a string).
            // And "a deleted resource is gone": a deleted webhook's delivery log is kept
            // readable on purpose, as an audit trail (a webhook its receiver unsubscribed with
            // 410 reads the same way).
            .args(["--checks", "all"])
            .args([
                "--exclude-checks",
                "positive_data_acceptance,negative_data_rejection,use_after_free",
            ])
            .args(["--max-examples", "40", "--seed", "20261124", "--no-color"])
            .args(["--report-dir", report.path().to_str().unwrap()])
            .output()
            .expect("schemathesis (st) not found: run ./scripts/test.sh, which installs it")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("passed"), "{stdout}");
}
