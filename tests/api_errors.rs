//! Every way a client can be wrong gets a problem+json answer that says what to fix.

mod common;

use common::{SAMPLE, TestApp, expect_problem, sourced};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn missing_or_unknown_tokens_are_401() {
    let app = TestApp::spawn().await;
    let anonymous = app
        .client
        .get(app.url("/api/v1/articles"))
        .send()
        .await
        .unwrap();
    assert!(anonymous.headers().contains_key("www-authenticate"));
    expect_problem(anonymous, 401).await;

    expect_problem(
        app.get("/api/v1/articles", "cdk_not-a-real-token").await,
        401,
    )
    .await;
    let basic = app
        .client
        .get(app.url("/api/v1/articles"))
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    expect_problem(basic, 401).await;
    let anonymous_post = app
        .client
        .post(app.url("/api/v1/articles"))
        .json(&json!({"title": "t", "body": "b."}))
        .send()
        .await
        .unwrap();
    expect_problem(anonymous_post, 401).await;
}

#[tokio::test]
async fn roles_below_the_route_are_403() {
    let app = TestApp::spawn().await;
    let article = json!({"title": "t", "body": "A claim."});
    for token in [&app.viewer, &app.reviewer] {
        let problem = expect_problem(
            app.post_json("/api/v1/articles", token, &article).await,
            403,
        )
        .await;
        assert!(problem["detail"].as_str().unwrap().contains("editor"));
    }
    let imported = app.import("t", "A claim.").await;
    let claim = imported["claims"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/claims/{claim}/annotations");
    expect_problem(
        app.post_json(&path, &app.viewer, &json!({"status": "unsourced"}))
            .await,
        403,
    )
    .await;
    // The role is checked before the body is read.
    let response = app
        .request(Method::POST, &path, &app.viewer)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    expect_problem(response, 403).await;
    for token in [&app.reviewer, &app.editor, &app.admin] {
        assert_eq!(
            app.post_json(&path, token, &json!({"status": "unsourced"}))
                .await
                .status(),
            201
        );
    }
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;
    for body in [
        "{\"title\": \"t\", ",
        "not json at all",
        "[1, 2, 3]",
        "",
        "{} {}",
    ] {
        let response = app
            .request(Method::POST, "/api/v1/articles", &app.editor)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        expect_problem(response, 400).await;
    }
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let app = TestApp::spawn().await;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = app
            .request(Method::POST, "/api/v1/articles", &app.editor)
            .body(r#"{"title": "t", "body": "A claim."}"#);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let problem = expect_problem(request.send().await.unwrap(), 415).await;
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("application/json")
        );
    }
}

#[tokio::test]
async fn bodies_over_2_mib_are_413_and_not_stored() {
    let app = TestApp::spawn().await;
    let body = "A sentence of filler text. ".repeat(80_000);
    assert!(body.len() > 2 * 1024 * 1024);
    let response = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Huge", "body": body}),
        )
        .await;
    expect_problem(response, 413).await;
    let list: Value = app.get_json("/api/v1/articles", &app.viewer).await;
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn invalid_article_fields_are_422_naming_each_field() {
    let app = TestApp::spawn().await;
    let cases = [
        (json!({"body": "A claim."}), vec!["title"]),
        (json!({"title": "  ", "body": "A claim."}), vec!["title"]),
        (json!({"title": "t", "body": " \n "}), vec!["body"]),
        (json!({"title": "t"}), vec!["body"]),
        (
            json!({"title": "t", "body": "b.", "source_url": "ftp://x.org/a"}),
            vec!["source_url"],
        ),
        (
            json!({"title": "t", "body": "b.", "published_at": "yesterday"}),
            vec!["published_at"],
        ),
        (json!({"title": 42, "body": "b."}), vec!["title"]),
        (
            json!({"title": "x".repeat(501), "body": "b."}),
            vec!["title"],
        ),
        (json!({}), vec!["title", "body"]),
    ];
    for (body, fields) in cases {
        let problem = expect_problem(
            app.post_json("/api/v1/articles", &app.editor, &body).await,
            422,
        )
        .await;
        let got: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(got, fields, "{body}");
        for field in fields {
            assert!(problem["detail"].as_str().unwrap().contains(field));
        }
    }
    let list: Value = app.get_json("/api/v1/articles", &app.viewer).await;
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn invalid_verdicts_are_422_and_not_recorded() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let cases = [
        (json!({"status": "sourced"}), "sources"),
        (json!({"status": "sourced", "sources": []}), "sources"),
        (
            json!({"status": "contradicted", "sources": null}),
            "sources",
        ),
        (json!({"status": "sourced", "sources": [{}]}), "sources[0]"),
        (
            json!({"status": "sourced", "sources": [{"url": "javascript:alert(1)"}]}),
            "sources[0].url",
        ),
        (
            json!({"status": "sourced", "sources": [{"url": "not a url"}]}),
            "sources[0].url",
        ),
        (json!({"status": "true"}), "status"),
        (json!({"status": "unreviewed"}), "note"),
        (json!({"status": "dismissed"}), "note"),
        (json!({"note": "no status"}), "status"),
        (json!({"status": "unsourced", "note": 5}), "note"),
        (
            json!({"status": "unsourced", "note": "x".repeat(10_001)}),
            "note",
        ),
    ];
    for (body, field) in cases {
        let problem = expect_problem(app.annotate(claim, &body).await, 422).await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
    let claim: Value = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(claim["version"], 1);
    assert_eq!(claim["history"], json!([]));
}

#[tokio::test]
async fn bad_query_parameters_are_400() {
    let app = TestApp::spawn().await;
    app.import("Cable", SAMPLE).await;
    for path in [
        "/api/v1/articles?limit=0",
        "/api/v1/articles?limit=201",
        "/api/v1/articles?limit=ten",
        "/api/v1/articles?cursor=not-a-cursor",
        "/api/v1/claims?status=maybe",
        "/api/v1/claims?article_id=abc",
        "/api/v1/claims?cursor=%%%",
        "/api/v1/articles/1/claims?status=wrong",
    ] {
        expect_problem(app.get(path, &app.viewer).await, 400).await;
    }
    // A cursor from one listing is not accepted by another.
    let page: Value = app.get_json("/api/v1/claims?limit=1", &app.viewer).await;
    let cursor = page["next_cursor"].as_str().unwrap();
    expect_problem(
        app.get(&format!("/api/v1/articles?cursor={cursor}"), &app.viewer)
            .await,
        400,
    )
    .await;
    assert_eq!(
        app.get("/api/v1/articles?limit=200", &app.viewer)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn if_match_that_is_not_an_etag_is_400() {
    let app = TestApp::spawn().await;
    let article = app.import("t", "A claim.").await;
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let response = app
        .request(
            Method::POST,
            &format!("/api/v1/claims/{claim}/annotations"),
            &app.reviewer,
        )
        .header("If-Match", "\"abc\"")
        .json(&sourced("https://example.org"))
        .send()
        .await
        .unwrap();
    expect_problem(response, 400).await;
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems_too() {
    let app = TestApp::spawn().await;
    expect_problem(app.get("/api/v1/nothing-here", &app.viewer).await, 404).await;
    let response = app
        .request(Method::DELETE, "/api/v1/articles", &app.admin)
        .send()
        .await
        .unwrap();
    expect_problem(response, 405).await;
}

/// A problem's `type` is an absolute URI on the address the client used, and it resolves to a
/// page that explains that kind of problem (RFC 9457: a type URI should be dereferenceable).
#[tokio::test]
async fn problem_types_are_absolute_and_explained_where_they_point() {
    let app = TestApp::spawn().await;
    let problem = expect_problem(app.get("/api/v1/articles/999", &app.viewer).await, 404).await;
    let type_uri = problem["type"].as_str().unwrap();
    assert_eq!(type_uri, format!("{}/problems/not-found", app.base));
    let explained = app.client.get(type_uri).send().await.unwrap();
    assert_eq!(explained.status(), 200);
    let page = explained.text().await.unwrap();
    assert!(page.contains("Not found"), "{page}");

    let invalid = expect_problem(
        app.post_json(
            "/api/v1/articles",
            &app.editor,
            &serde_json::json!({"title": ""}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(invalid["type"], format!("{}/problems/validation", app.base));

    // Every kind of problem has its page; the index lists them all.
    let index = app
        .client
        .get(app.url("/problems"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for kind in claimdesk::error::PROBLEM_TYPES {
        let page = app
            .client
            .get(app.url(&format!("/problems/{}", kind.slug)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{}", kind.slug);
        assert!(index.contains(&format!("/problems/{}", kind.slug)));
    }
    assert_eq!(
        app.client
            .get(app.url("/problems/no-such-thing"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
