//! Search: the same claim re-used in another article is found with its verdict.

mod common;

use claimdesk::domain::Role;
use common::{SAMPLE, TestApp};
use serde_json::{Value, json};

const REUSED: &str = "The directive cites concerns about violent crimes and human rights abuses allegedly linked to migrants.";

#[tokio::test]
async fn a_claim_reused_in_a_second_article_is_found_with_its_verdict() {
    let app = TestApp::spawn().await;
    let first = app.import("Cable", SAMPLE).await;
    let original = first["claims"][1]["id"].as_i64().unwrap();
    assert_eq!(first["claims"][1]["text"], REUSED);
    let verdict = app
        .annotate(original, &json!({"status": "contradicted", "sources": [{"url": "https://example.org/fbi-data"}]}))
        .await;
    assert_eq!(verdict.status(), 201);

    let second = app
        .import(
            "Follow-up",
            &format!(
                "Officials repeated the claim on Monday. {REUSED}\nThe directive cites concerns about violent crimes and abuses linked to migrants, officials said."
            ),
        )
        .await;
    let second_id = second["id"].as_i64().unwrap();

    let url = format!("/api/v1/claims?q={}", urlencode(REUSED));
    let page: Value = app.get_json(&url, &app.viewer).await;
    let items = page["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{page}");
    let exact: Vec<&Value> = items.iter().filter(|i| i["exact"] == true).collect();
    assert_eq!(exact.len(), 2, "the original and its copy");
    let original_hit = items.iter().find(|i| i["id"] == original).unwrap();
    assert_eq!(original_hit["status"], "contradicted");
    assert_eq!(
        original_hit["sources"][0]["url"],
        "https://example.org/fbi-data"
    );
    assert_eq!(original_hit["similarity"], 1.0);
    let reworded = items
        .iter()
        .find(|i| i["article_id"] == second_id && i["exact"] == false)
        .expect("the reworded claim is found too");
    assert!(reworded["similarity"].as_f64().unwrap() >= 0.5);
    assert!(items.iter().all(
        |i| i["similarity"].as_f64().unwrap() <= items[0]["similarity"].as_f64().unwrap() + 1.0
    ));

    // Filters and paging apply to searches too.
    let only_second: Value = app
        .get_json(
            &format!("{url}&article_id={second_id}&limit=1"),
            &app.viewer,
        )
        .await;
    assert_eq!(only_second["items"].as_array().unwrap().len(), 1);
    let cursor = only_second["next_cursor"].as_str().unwrap();
    let next: Value = app
        .get_json(
            &format!("{url}&article_id={second_id}&limit=1&cursor={cursor}"),
            &app.viewer,
        )
        .await;
    assert_ne!(next["items"][0]["id"], only_second["items"][0]["id"]);

    // What people type is never query syntax.
    for hostile in ["\"", "AND OR NOT", "NEAR(cable", "*", "a\"b'c", "😀"] {
        let response = app
            .get(
                &format!("/api/v1/claims?q={}", urlencode(hostile)),
                &app.viewer,
            )
            .await;
        assert_eq!(response.status(), 200, "{hostile}");
    }

    // The reviewer of the second article sees the earlier verdict beside the copy.
    app.add_user("rev2", Role::Reviewer, "correct horse battery")
        .await;
    let browser = app.browser();
    app.sign_in(&browser, "rev2", "correct horse battery").await;
    let copy = second["claims"][1]["id"].as_i64().unwrap();
    let panel = browser
        .get(app.url(&format!("/articles/{second_id}?claim={copy}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(panel.contains("Also in other articles"));
    assert!(panel.contains(&format!("claim={original}")));
    assert!(panel.contains("https://example.org/fbi-data"));
    let results = browser
        .get(app.url("/search?q=violent+crimes+migrants"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(results.contains("Follow-up") && results.contains("Cable"));
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
