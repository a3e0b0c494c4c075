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
