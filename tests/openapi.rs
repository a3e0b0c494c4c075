//! The OpenAPI document: generated from the handlers, valid OpenAPI 3.1, covering every
//! `/api/v1` route, with its interactive docs served by claimdesk itself.

mod common;

use common::TestApp;
use reqwest::Method;
use serde_json::Value;

async fn document(app: &TestApp) -> Value {
    let response = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_document_is_valid_openapi_3_1() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    // openapi-spec-validator checks the document against the OpenAPI 3.1 schema; the test
    // script installs it.
    let output = std::process::Command::new("openapi-spec-validator")
        .arg(&path)
        .output()
        .expect("openapi-spec-validator not found: run ./scripts/test.sh, which installs it");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[tokio::test]
async fn every_api_route_is_documented_and_every_documented_route_answers() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            operations.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    operations.sort();
    // The contract of issue #2: these routes, no more, no fewer.
    let mut expected = [
        "GET /api/v1/articles",
        "POST /api/v1/articles",
        "GET /api/v1/articles/{id}",
        "GET /api/v1/articles/{id}/claims",
        "GET /api/v1/claims",
        "GET /api/v1/claims/{id}",
        "POST /api/v1/claims/{id}/annotations",
    ];
    expected.sort();
    assert!(
        expected
            .iter()
            .all(|e| operations.contains(&(*e).to_owned())),
        "documented: {operations:?}"
    );

    // Every documented operation reaches a handler: never the router's 404 or 405.
    for operation in &operations {
        let (method, path) = operation.split_once(' ').unwrap();
        let path = path.replace("{id}", "1");
        let response = app
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                &path,
                &app.admin,
            )
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_ne!(response.status(), 405, "{operation}");
        if response.status() == 404 {
            let body: Value = response.json().await.unwrap();
            assert!(
                !body["detail"].as_str().unwrap().starts_with("Nothing at"),
                "{operation} is documented but not routed"
            );
        }
        // Every documented operation declares the errors it can answer.
        let item = &doc["paths"][operation.split_once(' ').unwrap().1][method.to_lowercase()];
        assert!(
            item["responses"]["401"].is_object(),
            "{operation} documents 401"
        );
        assert!(item["operationId"].is_string());
    }
}

#[tokio::test]
async fn interactive_docs_are_served_offline() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui-bundle.js"));
    assert!(!html.contains("https://"), "no asset comes from a CDN");
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let response = app
            .client
            .get(app.url(&format!("/api/docs/{asset}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{asset}");
    }
    let init = app
        .client
        .get(app.url("/api/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api/openapi.json"));
}

/// Other people's tools read the document without a complaint: Redocly's linter (recommended
/// rules) finds no problem, and openapi-python-client generates a client with no warning,
/// whose calls to the running service parse into its typed models (tests/openapi_client).
// Two workers: the server under test keeps answering while this thread waits for python.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redocly_and_a_generated_python_client_take_the_document_as_it_is() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();

    let redocly = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/npm/node_modules/.bin/redocly"
    );
    let lint = std::process::Command::new(redocly)
        .args(["lint", "--format", "json"])
        .arg(&path)
        .output()
        .expect("redocly not found: run ./scripts/test.sh, which installs @redocly/cli");
    let report: Value = serde_json::from_slice(&lint.stdout)
        .unwrap_or_else(|_| panic!("redocly: {}", String::from_utf8_lossy(&lint.stderr)));
    assert_eq!(report["totals"]["errors"], 0, "redocly: {report}");
    assert_eq!(report["totals"]["warnings"], 0, "redocly: {report}");
    assert!(lint.status.success(), "redocly: {report}");

    let generated = dir.path().join("client");
    let generate = std::process::Command::new("openapi-python-client")
        .args(["generate", "--meta", "none", "--path"])
        .arg(&path)
        .arg("--output-path")
        .arg(&generated)
        .output()
        .expect("openapi-python-client not found: run ./scripts/test.sh, which installs it");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&generate.stdout),
        String::from_utf8_lossy(&generate.stderr)
    );
    assert!(generate.status.success(), "{said}");
    assert!(!said.contains("WARNING"), "openapi-python-client: {said}");

    // `--meta none` writes the package itself into the output path.
    let package_root = dir.path().join("root");
    std::fs::create_dir(&package_root).unwrap();
    std::fs::rename(&generated, package_root.join("claimdesk_api_client")).unwrap();
    let drive = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/openapi_client/drive.py"
        ))
        .arg(&package_root)
        .arg(&app.base)
        .arg(&app.editor)
        .arg(&app.reviewer)
        .output()
        .expect("python3 runs the generated client");
    assert!(
        drive.status.success(),
        "{}{}",
        String::from_utf8_lossy(&drive.stdout),
        String::from_utf8_lossy(&drive.stderr)
    );
}
