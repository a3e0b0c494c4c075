//! ClaimReview, Web Annotation and streamed exports.

mod common;

use common::{SAMPLE, TestApp, expect_problem, sourced};
use futures::StreamExt;
use serde_json::{Value, json};

async fn reviewed_sample(app: &TestApp) -> (i64, Vec<i64>) {
    let response = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Cable", "body": SAMPLE, "source_url": "https://news.example/cable", "published_at": "2025-11-27"}),
        )
        .await;
    let article: Value = response.json().await.unwrap();
    let ids = common::claim_ids(&article);
    let verdicts = [
        json!({"status": "sourced", "sources": [{"url": "https://www.reuters.com/x", "citation": "Reuters"}]}),
        json!({"status": "unsourced", "note": "no data"}),
        json!({"status": "contradicted", "sources": [{"citation": "=HYPERLINK(\"http://evil\")"}], "note": "+1 danger"}),
    ];
    for (claim, verdict) in ids.iter().zip(verdicts) {
        assert_eq!(app.annotate(*claim, &verdict).await.status(), 201);
    }
    (article["id"].as_i64().unwrap(), ids)
}

/// Term by term against the schema.org vocabulary (types, domains, ranges).
fn check_schema_org(reviews: &[Value]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claimreview.json");
    std::fs::write(&file, serde_json::to_vec(reviews).unwrap()).unwrap();
    let vocabulary = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/standards/check_schemaorg.py"
        ))
        .arg(&file)
        .output()
        .expect("python3 runs the schema.org check");
    assert!(
        vocabulary.status.success(),
        "{}",
        String::from_utf8_lossy(&vocabulary.stdout)
    );
}

#[tokio::test]
async fn claimreview_lists_each_reviewed_claim_with_googles_required_fields() {
    let app = TestApp::spawn().await;
    let (article, ids) = reviewed_sample(&app).await;
    let reviews: Vec<Value> = serde_json::from_value(
        app.get_json(
            &format!("/api/v1/articles/{article}/claimreview"),
            &app.viewer,
        )
        .await,
    )
    .unwrap();
    assert_eq!(reviews.len(), 3, "unreviewed claims are left out");
    let served = app
        .get(
            &format!("/api/v1/articles/{article}/claimreview"),
            &app.viewer,
        )
        .await;
    assert_eq!(served.headers()["content-type"], "application/ld+json");
    check_schema_org(&reviews);
    for review in &reviews {
        // Google's recommended fields.
        assert_eq!(
            review["itemReviewed"]["firstAppearance"]["@type"],
            "NewsArticle"
        );
        assert!(review["itemReviewed"]["datePublished"].is_string());
        assert!(review["reviewRating"]["name"].is_string());
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        for field in ["claimReviewed", "url", "datePublished"] {
            assert!(
                review[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}"
            );
        }
        assert_eq!(review["author"]["@type"], "Organization");
        assert!(review["author"]["name"].is_string());
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert!(rating["alternateName"].is_string());
        assert_eq!(rating["bestRating"], 3);
        assert_eq!(rating["worstRating"], 1);
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        assert_eq!(
            review["itemReviewed"]["appearance"]["url"],
            "https://news.example/cable"
        );
        assert_eq!(review["itemReviewed"]["appearance"]["headline"], "Cable");
        assert_eq!(
            review["itemReviewed"]["appearance"]["datePublished"],
            "2025-11-27"
        );
    }
    let unsourced = reviews
        .iter()
        .find(|r| {
            r["url"]
                .as_str()
                .unwrap()
                .contains(&format!("claim={}", ids[1]))
        })
        .unwrap();
    assert_eq!(unsourced["reviewRating"]["ratingValue"], 2);
    assert!(
        !unsourced["reviewRating"]["alternateName"]
            .as_str()
            .unwrap()
            .contains("False")
    );

    // The status page embeds the same JSON-LD.
    app.add_user(
        "ed",
        claimdesk::domain::Role::Editor,
        "correct horse battery",
    )
    .await;
    let browser = app.browser();
    app.sign_in(&browser, "ed", "correct horse battery").await;
    let page = browser
        .get(app.url(&format!("/articles/{article}/status")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = page.find("<script type=\"application/ld+json\">").unwrap()
        + "<script type=\"application/ld+json\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let embedded: Vec<Value> = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(embedded.len(), 3);
    assert_eq!(embedded[0]["claimReviewed"], reviews[0]["claimReviewed"]);
}

#[tokio::test]
async fn web_annotations_anchor_every_verdict_on_the_text() {
    let app = TestApp::spawn().await;
    let (article, ids) = reviewed_sample(&app).await;
    assert_eq!(
        app.annotate(ids[0], &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );
    let response = app
        .get(
            &format!("/api/v1/articles/{article}/annotations.jsonld"),
            &app.viewer,
        )
        .await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/ld+json")
    );
    let collection: Value = response.json().await.unwrap();
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    let items = collection["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "every verdict, not only the latest");
    let body = SAMPLE.chars().collect::<Vec<_>>();
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["motivation"], "assessing");
        let selectors = item["target"]["selector"].as_array().unwrap();
        let quote = &selectors[0];
        let position = &selectors[1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            body[start..end].iter().collect::<String>(),
            quote["exact"].as_str().unwrap()
        );
        let prefix = quote["prefix"].as_str().unwrap();
        assert!(body[..start].iter().collect::<String>().ends_with(prefix));
    }
}

/// Runs the W3C Web Annotation Working Group's MUST assertions (tests/standards/
/// web-annotation-tests, JSON Schemas run by check_web_annotation.py) over `documents`.
fn w3c_musts(kind: &str, documents: &[Value]) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let path = dir.path().join(format!("{kind}-{i}.json"));
            std::fs::write(&path, doc.to_string()).unwrap();
            path.to_string_lossy().into_owned()
        })
        .collect();
    let output = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/standards/check_web_annotation.py"
        ))
        .arg(kind)
        .args(&files)
        .output()
        .expect("python3 runs the W3C assertions");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn web_annotations_pass_the_w3c_assertions_and_dereference() {
    let app = TestApp::spawn().await;
    let (article, _) = reviewed_sample(&app).await;
    let path = format!("/api/v1/articles/{article}/annotations.jsonld");
    let response = app.get(&path, &app.viewer).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(
        headers["content-type"],
        "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""
    );
    assert_eq!(headers["vary"], "Accept");
    assert!(
        headers["link"]
            .to_str()
            .unwrap()
            .contains("ldp#BasicContainer")
    );
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"'), "a strong validator: {etag}");
    let collection: Value = response.json().await.unwrap();

    // Unchanged: 304. After another verdict the tag moves.
    let again = app
        .request(reqwest::Method::GET, &path, &app.viewer)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let page_id = collection["first"]["id"].as_str().unwrap();
    assert_eq!(collection["last"], page_id);
    assert_eq!(collection["first"]["partOf"]["id"], collection["id"]);
    assert_eq!(collection["first"]["partOf"]["total"], 3);
    let page: Value = app
        .get(page_id.strip_prefix(&app.base).unwrap(), &app.viewer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["type"], "AnnotationPage");
    assert_eq!(page["items"], collection["first"]["items"]);

    // Each annotation's id answers with that annotation.
    let mut annotations = Vec::new();
    for item in page["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let response = app
            .get(id.strip_prefix(&app.base).unwrap(), &app.viewer)
            .await;
        assert_eq!(response.status(), 200, "{id}");
        assert!(
            response.headers()["link"]
                .to_str()
                .unwrap()
                .contains("ldp#Resource")
        );
        let annotation: Value = response.json().await.unwrap();
        assert_eq!(&annotation, item);
        // The source is the revision of the text the verdict was made on: its body holds
        // the quote exactly where the position selector says.
        let source = annotation["target"]["source"].as_str().unwrap();
        assert_eq!(
            source,
            format!("{}/api/v1/articles/{article}?revision=1", app.base)
        );
        let text: Value = app
            .get(source.strip_prefix(&app.base).unwrap(), &app.viewer)
            .await
            .json()
            .await
            .unwrap();
        let selectors = annotation["target"]["selector"].as_array().unwrap();
        let (start, end) = (
            selectors[1]["start"].as_u64().unwrap() as usize,
            selectors[1]["end"].as_u64().unwrap() as usize,
        );
        let quoted: String = text["body"]
            .as_str()
            .unwrap()
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        assert_eq!(quoted, selectors[0]["exact"].as_str().unwrap());
        assert_eq!(annotation["target"]["via"], "https://news.example/cable");
        annotations.push(annotation);
    }
    assert_eq!(annotations.len(), 3);
    let cited = &annotations[0]["body"];
    assert!(
        cited
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["type"] == "SpecificResource" && b.get("value").is_none())
    );
    assert!(
        cited
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["value"] == "Reuters")
    );

    w3c_musts("annotation", &annotations);
    w3c_musts("collection", std::slice::from_ref(&collection));
    w3c_musts("page", &[page, collection.clone()]);

    let claim = annotations[0]["id"]
        .as_str()
        .unwrap()
        .split('/')
        .nth_back(2)
        .unwrap()
        .to_owned();
    expect_problem(
        app.get(
            &format!("/api/v1/claims/{claim}/annotations/99"),
            &app.viewer,
        )
        .await,
        404,
    )
    .await;
    expect_problem(app.get(&format!("{path}?page=1"), &app.viewer).await, 404).await;
}

#[tokio::test]
async fn csv_export_is_spreadsheet_safe_and_filterable() {
    let app = TestApp::spawn().await;
    let (article, _) = reviewed_sample(&app).await;
    let response = app
        .get(
            &format!("/api/v1/export/claims.csv?article_id={article}"),
            &app.viewer,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    // The bytes as sent: a charset-aware text() would take the byte-order mark away.
    let text = String::from_utf8(response.bytes().await.unwrap().to_vec()).unwrap();
    assert!(text.starts_with("\u{feff}claim_id,article_id,article_title"));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 15);
    let contradicted = rows.iter().find(|r| &r[5] == "contradicted").unwrap();
    // Sources: a JSON array in one cell, each source's url and citation kept apart; a cell
    // opening with `[` is never run as a formula, and the citation comes back verbatim.
    let sources: serde_json::Value = serde_json::from_str(&contradicted[8]).unwrap();
    assert_eq!(sources[0]["citation"], "=HYPERLINK(\"http://evil\")");
    assert!(contradicted[8].starts_with('['));
    // RFC 4180: every record ends in CRLF.
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count());
    assert!(
        contradicted[9].starts_with("'+"),
        "formula in a note is neutralised"
    );
    assert_eq!(
        rows[0][7].to_owned(),
        SAMPLE
            .lines()
            .nth(1)
            .unwrap()
            .split(" The directive")
            .next()
            .unwrap()
    );

    let filtered = app
        .get(
            "/api/v1/export/claims.ndjson?status=contradicted&since=2000-01-01&until=2999-12-31",
            &app.viewer,
        )
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<Value> = filtered
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], "contradicted");
    assert_eq!(lines[0]["article_title"], "Cable");
    let none = app
        .get("/api/v1/export/claims.ndjson?until=2000-01-01", &app.viewer)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(none, "");
    assert_eq!(
        app.get("/api/v1/export/claims.csv?since=yesterday", &app.viewer)
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn ten_thousand_claims_stream_in_many_chunks() {
    let app = TestApp::spawn().await;
    let body: String = (1..=10_000)
        .map(|n| format!("Claim number {n} is on its own line.\n"))
        .collect();
    let article = app.import("Ten thousand", &body).await;
    assert_eq!(article["claims"].as_array().unwrap().len(), 10_000);
    let response = app.get("/api/v1/export/claims.csv", &app.viewer).await;
    assert!(
        response.headers().get("content-length").is_none(),
        "streamed, not buffered"
    );
    let mut chunks = 0;
    let mut bytes = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        chunks += 1;
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert!(chunks >= 20, "one chunk per batch of rows, got {chunks}");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 10_001);
    let ndjson = app
        .get("/api/v1/export/claims.ndjson", &app.viewer)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(ndjson.lines().count(), 10_000);
}

/// The public page and its ClaimReview, read without any credentials.
async fn public(app: &TestApp, path: &str) -> reqwest::Response {
    common::http_client()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn published_reviews_are_public_and_only_those() {
    let app = TestApp::spawn().await;
    let (article, ids) = reviewed_sample(&app).await;
    let page = format!("/fact-checks/{article}");
    let jsonld = format!("/fact-checks/{article}/claimreview.jsonld");
    assert_eq!(
        public(&app, &page).await.status(),
        404,
        "nothing is public before publishing"
    );

    let publish = |body: Value| {
        let app = &app;
        async move {
            app.request(
                reqwest::Method::PUT,
                &format!("/api/v1/articles/{article}/publication"),
                &app.editor,
            )
            .json(&body)
            .send()
            .await
            .unwrap()
        }
    };
    let response = publish(json!({})).await;
    assert_eq!(response.status(), 200);
    let publication: Value = response.json().await.unwrap();
    assert_eq!(publication["reviews"], 3);
    assert_eq!(publication["published_by"], "eddie");
    assert_eq!(publication["page"], app.url(&page));

    // Verdicts after publishing stay internal: a new one, and a changed one.
    assert_eq!(
        app.annotate(ids[3], &sourced("https://example.org/a"))
            .await
            .status(),
        201
    );
    assert_eq!(
        app.annotate(ids[0], &json!({"status": "unsourced"}))
            .await
            .status(),
        201
    );

    let served = public(&app, &jsonld).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "application/ld+json");
    let reviews: Vec<Value> = served.json().await.unwrap();
    assert_eq!(reviews.len(), 3);
    assert_eq!(
        reviews[0]["reviewRating"]["alternateName"], "Sourced",
        "as published"
    );
    for review in &reviews {
        let url = review["url"].as_str().unwrap();
        assert!(url.starts_with(&app.url(&page)), "{url}");
    }
    check_schema_org(&reviews);

    let html = public(&app, &page).await.text().await.unwrap();
    assert!(html.contains("application/ld+json"));
    assert!(html.contains(&format!("id=\"claim-{}\"", ids[1])));
    assert!(
        !html.contains(&format!("id=\"claim-{}\"", ids[3])),
        "unpublished verdict shown"
    );
    assert!(
        !html.contains("rita"),
        "reviewers are not named unless chosen"
    );

    // Published again, with the newsroom's page and names.
    let publication: Value =
        publish(json!({"public_url": "https://news.example/checks/cable", "show_reviewers": true}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(publication["reviews"], 4);
    let reviews: Vec<Value> = public(&app, &jsonld).await.json().await.unwrap();
    assert_eq!(reviews.len(), 4);
    assert!(reviews.iter().all(|r| {
        r["url"]
            .as_str()
            .unwrap()
            .starts_with("https://news.example/checks/cable#claim-")
    }));
    assert!(
        public(&app, &page)
            .await
            .text()
            .await
            .unwrap()
            .contains("reviewed by rita")
    );

    // Bad input, wrong role, no such article.
    expect_problem(publish(json!({"public_url": "ftp://x"})).await, 422).await;
    let as_reviewer = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/articles/{article}/publication"),
            &app.reviewer,
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_problem(as_reviewer, 403).await;
    let missing = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/articles/999999/publication",
            &app.editor,
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_problem(missing, 404).await;

    // Withdrawn: gone from the public.
    let withdrawn = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/articles/{article}/publication"),
            &app.editor,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 204);
    assert_eq!(public(&app, &page).await.status(), 404);
    assert_eq!(public(&app, &jsonld).await.status(), 404);
    expect_problem(
        app.get(
            &format!("/api/v1/articles/{article}/publication"),
            &app.viewer,
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn comments_are_exported_as_commenting_and_replying_annotations() {
    let app = TestApp::spawn().await;
    let (article, ids) = reviewed_sample(&app).await;
    let thread = format!("/api/v1/claims/{}/comments", ids[1]);
    let first: Value = app
        .post_json(
            &thread,
            &app.reviewer,
            &json!({"body": "Which archive was searched?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let reply: Value = app
        .post_json(
            &thread,
            &app.editor,
            &json!({"body": "The State Department's.", "parent_id": first["id"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let removed: Value = app
        .post_json(&thread, &app.reviewer, &json!({"body": "typo, ignore"}))
        .await
        .json()
        .await
        .unwrap();
    app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/comments/{}", removed["id"]),
        &app.reviewer,
    )
    .send()
    .await
    .unwrap();
    let collection = app
        .get_json(
            &format!("/api/v1/articles/{article}/annotations.jsonld"),
            &app.viewer,
        )
        .await;
    let items = collection["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "3 verdicts, a comment and its reply");
    let comment = items
        .iter()
        .find(|i| i["motivation"] == "commenting")
        .unwrap();
    let answer = items
        .iter()
        .find(|i| i["motivation"] == "replying")
        .unwrap();
    assert_eq!(comment["body"][0]["value"], "Which archive was searched?");
    assert_eq!(answer["body"][0]["purpose"], "replying");
    assert_eq!(comment["creator"]["name"], "rita");
    assert_eq!(
        comment["target"]["selector"][0]["type"], "TextQuoteSelector",
        "a comment targets the claim's words"
    );
    assert_eq!(
        answer["target"], comment["id"],
        "a reply targets the comment"
    );
    assert!(!collection.to_string().contains("typo, ignore"));
    let dereferenced = app
        .get(
            comment["id"]
                .as_str()
                .unwrap()
                .strip_prefix(&app.base)
                .unwrap(),
            &app.viewer,
        )
        .await;
    assert_eq!(dereferenced.status(), 200);
    assert_eq!(reply["parent_id"], first["id"]);
    w3c_musts("annotation", &[comment.clone(), answer.clone()]);
    w3c_musts("collection", std::slice::from_ref(&collection));
}
