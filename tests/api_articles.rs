//! Importing and reading articles over HTTP.

mod common;

use common::{SAMPLE, TestApp, expect_problem, slice};
use reqwest::Method;
use serde_json::{Value, json};

/// The sample article's claims, exactly: 12 sentences and 3 list items. The list's lead-in
/// ("Since taking office, President Trump has:") is structure, not a claim: it asserts nothing
/// until the items complete it, and the items are the claims.
const SAMPLE_CLAIMS: [(&str, &str); 15] = [
    (
        "sentence",
        "WASHINGTON, Nov. 27, 2025 – The Trump administration has instructed U.S. diplomats abroad to lobby foreign governments against pro-migration policies, according to a U.S. State Department cable reviewed by Reuters.",
    ),
    (
        "sentence",
        "The directive cites concerns about violent crimes and human rights abuses allegedly linked to migrants.",
    ),
    (
        "sentence",
        "The cable, sent last Friday to dozens of U.S. embassies across Europe, Canada, and Australia, instructs diplomats to monitor and report incidents involving “individuals of a migration background” and analyze how host countries respond.",
    ),
    (
        "sentence",
        "Diplomats are also tasked with pushing governments to reform migration policies and limit programs that facilitate mass migration.",
    ),
    (
        "sentence",
        "“We encourage your government to ensure that policies protect your citizens from the negative social impacts of mass migration, including displacement, sexual assault, and the breakdown of law and order,” the cable reads, according to a New York Times report.",
    ),
    (
        "sentence",
        "The Trump administration has made anti-immigration a cornerstone of its policy, both domestically and internationally.",
    ),
    (
        "list_item",
        "Deployed additional U.S. troops to the southern border.",
    ),
    (
        "list_item",
        "Pledged the deportation of millions of undocumented immigrants.",
    ),
    (
        "list_item",
        "Reduced the U.S. refugee admissions cap for fiscal 2026 to a record low of 7,500, down from 100,000 under the Biden administration.",
    ),
    (
        "sentence",
        "The administration has framed these measures as necessary to protect public safety and social cohesion, although studies consistently show that immigrants are not more likely to commit crimes than native-born populations.",
    ),
    (
        "sentence",
        "According to the cable, the State Department is urging foreign governments to resist practices that favor migrant populations at the expense of local communities, including policies that could lead to displacement or limit criticism of migration programs.",
    ),
    (
        "sentence",
        "In September, U.S. officials also called on other nations to participate in a global campaign to reduce asylum protections, signaling a broader effort to reshape the international framework for humanitarian migration established after World War II.",
    ),
    (
        "sentence",
        "The directive quotes President Trump as saying, “A nation without borders is not a nation,” reinforcing his administration’s emphasis on restricting migration both inside and outside the United States.",
    ),
    (
        "sentence",
        "A spokesperson for the State Department stated that mass migration is a human rights concern and often correlates with increased violent crimes, though no specific data were provided to support this claim.",
    ),
    (
        "sentence",
        "The move comes amid heightened political debate in the U.S. over migration policy, refugee admissions, and the administration’s international lobbying efforts.",
    ),
];

#[tokio::test]
async fn health_needs_no_token() {
    let app = TestApp::spawn().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn sample_article_gives_exactly_its_claims() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({
                "title": "Cable on migration",
                "body": SAMPLE,
                "source_url": "https://example.org/cable",
                "published_at": "2025-11-27"
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let article: Value = response.json().await.unwrap();
    let id = article["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/articles/{id}"));
    assert_eq!(article["title"], "Cable on migration");
    assert_eq!(article["source_url"], "https://example.org/cable");
    assert_eq!(article["published_at"], "2025-11-27");
    assert_eq!(
        article["counts"],
        json!({"unreviewed": 15, "sourced": 0, "unsourced": 0, "contradicted": 0, "dismissed": 0})
    );

    let claims = article["claims"].as_array().unwrap();
    let got: Vec<(&str, &str)> = claims
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["text"].as_str().unwrap()))
        .collect();
    assert_eq!(got, SAMPLE_CLAIMS);
    for (i, claim) in claims.iter().enumerate() {
        assert_eq!(claim["position"], i as i64 + 1);
        assert_eq!(claim["status"], "unreviewed");
        assert_eq!(claim["version"], 1);
        assert_eq!(claim["article_id"], id);
        assert_eq!(claim["sources"], json!([]));
        let text = slice(
            SAMPLE,
            claim["start"].as_u64().unwrap(),
            claim["end"].as_u64().unwrap(),
        );
        assert_eq!(text, claim["text"].as_str().unwrap());
    }

    // Headings and boilerplate are kept as structure, never as claims.
    let structure: Vec<(&str, &str)> = article["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            !matches!(
                s["kind"].as_str(),
                Some("sentence" | "list_item" | "list_marker")
            )
        })
        .map(|s| (s["kind"].as_str().unwrap(), s["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        structure,
        [
            ("heading", "Expansion of Trump’s Anti-Migration Agenda"),
            ("lead_in", "Since taking office, President Trump has:"),
            ("heading", "Global Push to Restrict Migration"),
            ("heading", "State Department Response"),
            ("boilerplate", "Leave a Reply"),
        ]
    );

    // The same article read back is the same article.
    let read: Value = app.get_json(&location, &app.viewer).await;
    assert_eq!(read, article);
    assert_eq!(read["body"], SAMPLE);
}

#[tokio::test]
async fn identical_body_returns_the_existing_article() {
    let app = TestApp::spawn().await;
    let first = app.import("First", SAMPLE).await;
    let again = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Another title", "body": SAMPLE}),
        )
        .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["title"], "First");
    let list: Value = app.get_json("/api/v1/articles", &app.viewer).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let claims: Value = app.get_json("/api/v1/claims?limit=200", &app.viewer).await;
    assert_eq!(claims["items"].as_array().unwrap().len(), 15);
}

#[tokio::test]
async fn unicode_and_markup_are_kept_verbatim() {
    let app = TestApp::spawn().await;
    let body = "Ünïcödé 😀 test: naïve café costs €5.\r\n<script>alert('x')</script> is shown as text & kept.\n\u{200F}مرحبا بالعالم. Zalgo: e\u{301}\u{302} done! 🇺🇳 flags count too.";
    let article = app.import("<b>Markup</b> & “quotes”", body).await;
    assert_eq!(article["title"], "<b>Markup</b> & “quotes”");
    assert_eq!(article["body"], body);
    let claims = article["claims"].as_array().unwrap();
    assert!(claims.len() >= 3, "{claims:?}");
    for claim in claims {
        let text = claim["text"].as_str().unwrap();
        assert_eq!(
            slice(
                body,
                claim["start"].as_u64().unwrap(),
                claim["end"].as_u64().unwrap()
            ),
            text
        );
    }
    let texts: Vec<&str> = claims.iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"<script>alert('x')</script> is shown as text & kept."));
    assert_eq!(texts[0], "Ünïcödé 😀 test: naïve café costs €5.");
}

#[tokio::test]
async fn articles_page_newest_first_with_cursors() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let article = app
            .import(
                &format!("Article {i}"),
                &format!("Claim number {i} is here."),
            )
            .await;
        ids.push(article["id"].as_i64().unwrap());
    }
    ids.reverse();

    let items = app
        .walk_pages("/api/v1/articles?limit=2", |page| {
            assert!(page["items"].as_array().unwrap().len() <= 2);
        })
        .await;
    for item in &items {
        assert_eq!(item["counts"]["unreviewed"], 1);
        assert!(item.get("body").is_none(), "listings leave the body out");
    }
    let seen: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn article_claims_filter_by_status_and_page() {
    let app = TestApp::spawn().await;
    let article = app.import("Cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let claim_ids = common::claim_ids(&article);
    for &claim in &claim_ids[..3] {
        let r = app
            .annotate(
                claim,
                &json!({"status": "contradicted", "sources": [{"citation": "FBI data"}]}),
            )
            .await;
        assert_eq!(r.status(), 201);
    }

    let page: Value = app
        .get_json(
            &format!("/api/v1/articles/{id}/claims?status=contradicted"),
            &app.viewer,
        )
        .await;
    let got: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got, claim_ids[..3]);
    assert_eq!(page["next_cursor"], Value::Null);

    let all: Vec<i64> = app
        .walk_pages(
            &format!("/api/v1/articles/{id}/claims?status=unreviewed&limit=5"),
            |_| {},
        )
        .await
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(all, claim_ids[3..]);

    let article: Value = app
        .get_json(&format!("/api/v1/articles/{id}"), &app.viewer)
        .await;
    assert_eq!(
        article["counts"],
        json!({"unreviewed": 12, "sourced": 0, "unsourced": 0, "contradicted": 3, "dismissed": 0})
    );
}

#[tokio::test]
async fn claims_across_articles_filter_by_article_and_status() {
    let app = TestApp::spawn().await;
    let a = app.import("A", "Alpha one. Alpha two.").await;
    let b = app.import("B", "Beta one. Beta two. Beta three.").await;
    let b_id = b["id"].as_i64().unwrap();
    let first_b = b["claims"][0]["id"].as_i64().unwrap();
    assert_eq!(
        app.annotate(first_b, &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );

    let all: Value = app.get_json("/api/v1/claims", &app.viewer).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    assert_eq!(all["items"][0]["article_id"], a["id"]);

    let only_b: Value = app
        .get_json(&format!("/api/v1/claims?article_id={b_id}"), &app.viewer)
        .await;
    assert_eq!(only_b["items"].as_array().unwrap().len(), 3);

    let unsourced: Value = app
        .get_json("/api/v1/claims?status=unsourced", &app.viewer)
        .await;
    let items = unsourced["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], first_b);
    assert_eq!(items[0]["updated_by"], "rita");

    let ids: Vec<i64> = app
        .walk_pages("/api/v1/claims?limit=2", |_| {})
        .await
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn unknown_articles_are_404() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/articles/999",
        "/api/v1/articles/abc",
        "/api/v1/articles/999/claims",
    ] {
        expect_problem(app.get(path, &app.viewer).await, 404).await;
    }
}

#[tokio::test]
async fn html_pages_import_as_their_text_blocks() {
    let app = TestApp::spawn().await;
    let page = r#"<!DOCTYPE html><html><head><title>Diplomats told to lobby</title>
        <script>window.track("Not a claim.")</script></head><body>
        <nav><a href="/">Home</a></nav>
        <article><h1>Diplomats told to lobby</h1>
        <p>WASHINGTON – The cable was sent <b>Friday</b>. It reached 40 embassies.</p>
        <p>Since taking office, the president has:</p>
        <ul><li>Deployed troops.</li><li>Cut the refugee cap.</li></ul></article>
        <footer>Leave a Reply</footer></body></html>"#;
    let response = app
        .request(
            Method::POST,
            "/api/v1/articles?source_url=https://example.org/a",
            &app.editor,
        )
        .header("content-type", "text/html; charset=utf-8")
        .body(page)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let article: Value = response.json().await.unwrap();
    assert_eq!(article["title"], "Diplomats told to lobby");
    assert_eq!(article["source_url"], "https://example.org/a");
    let claims: Vec<&str> = article["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        claims,
        [
            "WASHINGTON – The cable was sent Friday.",
            "It reached 40 embassies.",
            "Deployed troops.",
            "Cut the refugee cap."
        ]
    );
    let body = article["body"].as_str().unwrap();
    assert!(!body.contains('<') && !body.contains("Not a claim"));

    // The same page pasted as a JSON body with format html.
    let json_import = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Pasted", "body": "<p>Pasted claim one.</p><p>Two.</p>", "format": "html"}),
        )
        .await;
    assert_eq!(json_import.status(), 201);
    let pasted: Value = json_import.json().await.unwrap();
    assert_eq!(pasted["body"], "Pasted claim one.\nTwo.");
}

#[tokio::test]
async fn articles_in_chinese_and_japanese_give_their_sentences_as_claims() {
    let app = TestApp::spawn().await;
    // No language given: detected from the text.
    let chinese = app
        .import(
            "國務院電報",
            "國務院指示外交官遊說外國政府。這份電報於週五發出，我們會說明它的內容。\n移民政策\n2008年，該工程並未完工。",
        )
        .await;
    assert_eq!(chinese["language"], "zh-Hant");
    let claims: Vec<&str> = chinese["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        claims,
        [
            "國務院指示外交官遊說外國政府。",
            "這份電報於週五發出，我們會說明它的內容。",
            "2008年，該工程並未完工。"
        ]
    );
    // A short line without a stop is a heading, as in any language.
    let kinds: Vec<&str> = chinese["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"heading"), "{kinds:?}");

    // Given: kept as sent, canonical case.
    let response = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "電報", "body": "国務省は指示した。外交官は動いた。", "language": "JA"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let japanese: Value = response.json().await.unwrap();
    assert_eq!(japanese["language"], "ja");
    assert_eq!(japanese["claims"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_language_that_is_no_tag_is_refused_with_what_to_send() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "T", "body": "One claim.", "language": "english please"}),
        )
        .await;
    let problem = expect_problem(response, 422).await;
    let text = problem.to_string();
    assert!(
        text.contains("language") && text.contains("BCP 47"),
        "{text}"
    );
    // The sample article is English, detected.
    let sample = app.import("Cable", SAMPLE).await;
    assert_eq!(sample["language"], "en");
    let listed = app.get_json("/api/v1/articles", &app.viewer).await;
    assert_eq!(listed["items"][0]["language"], "en");
}
