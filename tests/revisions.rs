//! Revisions of an article's text, through the API: a corpus of the edits newsrooms make
//! (each with what must become of every claim), verdicts racing revisions, reading past
//! revisions, and random edits of the sample article where no verdict may ever end up on a
//! sentence it was not made on.

mod common;

use std::collections::HashMap;

use common::{SAMPLE, TestApp, expect_problem};
use serde_json::{Value, json};

/// A short news story: six claims under a headline (a heading, not a claim).
const STORY: &str = "Cable urges diplomats to lobby against migration

The State Department sent the cable to 40 embassies on Friday. Officials said the policy would take effect in January, and embassies must report back within 30 days.

According to the cable, 7,500 migrants crossed the border in May. The department did not respond to a request for commment.

Critics called the directive unprecedented. “This is a political campaign, not diplomacy,” said Maria Lopez, a former ambassador.
";

/// One edit pattern: how the story changes, and what must become of its claims.
struct Case {
    name: &'static str,
    before: String,
    after: String,
    carried: i64,
    changed: i64,
    added: i64,
    removed: i64,
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1)
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

fn corpus() -> Vec<Case> {
    let split = replace(
        STORY,
        "in January, and embassies must",
        "in January. Embassies must",
    );
    let p = paragraphs(STORY);
    let case = |name, before: &str, after: String, counts: [i64; 4]| Case {
        name,
        before: before.to_owned(),
        after,
        carried: counts[0],
        changed: counts[1],
        added: counts[2],
        removed: counts[3],
    };
    vec![
        case(
            "typo fix",
            STORY,
            replace(STORY, "commment", "comment"),
            [6, 0, 0, 0],
        ),
        case(
            "number corrected",
            STORY,
            replace(STORY, "7,500", "7,600"),
            [5, 1, 0, 0],
        ),
        case(
            "negation dropped",
            STORY,
            replace(STORY, "did not respond", "responded"),
            [5, 1, 0, 0],
        ),
        case(
            "name corrected",
            STORY,
            replace(STORY, "Maria Lopez", "Mariana Lopez"),
            [5, 1, 0, 0],
        ),
        case(
            "sentence inserted",
            STORY,
            replace(
                STORY,
                "on Friday. ",
                "on Friday. The cable was first reported by Reuters. ",
            ),
            [6, 0, 1, 0],
        ),
        case(
            "paragraph moved",
            STORY,
            [p[0], p[3].trim_end(), p[2], p[1]].join("\n\n") + "\n",
            [6, 0, 0, 0],
        ),
        case("sentence split", STORY, split.clone(), [5, 0, 2, 1]),
        case("two merged", &split, STORY.to_owned(), [5, 0, 1, 2]),
        case(
            "paragraph deleted",
            STORY,
            [p[0], p[1], p[2]].join("\n\n") + "\n",
            [4, 0, 0, 2],
        ),
        case(
            "quote extended",
            STORY,
            replace(
                STORY,
                "political campaign, not diplomacy",
                "political campaign dressed up as policy, not diplomacy",
            ),
            [5, 1, 0, 0],
        ),
        case(
            "headline changed",
            STORY,
            replace(
                STORY,
                "Cable urges diplomats to lobby against migration",
                "US diplomats told to lobby allies on migration",
            ),
            [6, 0, 0, 0],
        ),
        case(
            "whole article rewritten",
            STORY,
            "Storms close schools

Heavy rain closed 200 schools across the region on Monday. Forecasters expect more storms this week.

The mayor promised repairs by March.
"
            .to_owned(),
            [0, 0, 3, 6],
        ),
    ]
}

/// Imports `body` under a heading of its own (so that every case has its own article) and
/// records a verdict on every claim; returns the article.
async fn import_reviewed(app: &TestApp, name: &str, body: &str) -> Value {
    let article = app.import(name, &format!("Case: {name}\n\n{body}")).await;
    for claim in article["claims"].as_array().unwrap() {
        let response = app
            .annotate(
                claim["id"].as_i64().unwrap(),
                &json!({"status": "unsourced", "note": "nothing backs it yet"}),
            )
            .await;
        assert_eq!(response.status(), 201);
    }
    app.get_json(&format!("/api/v1/articles/{}", article["id"]), &app.viewer)
        .await
}

async fn revise(app: &TestApp, article: &Value, body: &str, note: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/articles/{}/revisions", article["id"]),
        &app.editor,
        &json!({"body": body, "note": note}),
    )
    .await
}

fn by_id(claims: &Value) -> HashMap<i64, Value> {
    claims
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c.clone()))
        .collect()
}

/// What must hold after any revision: every claim that was there before is in the new text
/// with the same words and verdict, or in it with a flag and its verdict, or removed; every
/// claim with a verdict carries it on the words it was made on unless flagged.
fn check_carried(before: &Value, after_all: &Value, revision: i64) {
    let old = by_id(&before["claims"]);
    let now = by_id(&after_all["claims"]);
    for (id, was) in old.iter().filter(|(_, c)| c["removed_in"].is_null()) {
        let claim = now
            .get(id)
            .unwrap_or_else(|| panic!("claim {id} vanished: removed claims stay readable"));
        if claim["removed_in"].is_i64() {
            assert_eq!(claim["removed_in"], revision, "{claim}");
            assert_eq!(
                claim["position"], was["position"],
                "it keeps its last place"
            );
            assert_eq!(
                claim["text"], was["text"],
                "a removed claim keeps its words"
            );
            continue;
        }
        assert_eq!(claim["status"], was["status"], "{claim}");
        if claim["changed_since_verdict"] == true {
            assert_eq!(claim["changed_in"], revision, "{claim}");
            assert_ne!(claim["text"], was["text"], "{claim}");
            assert_eq!(
                claim["version"].as_i64().unwrap(),
                was["version"].as_i64().unwrap() + 1,
                "an edit moves the version, so a verdict sent for the old words is refused"
            );
        } else {
            assert_eq!(claim["version"], was["version"], "{claim}");
        }
    }
    for claim in now.values() {
        if !old.contains_key(&claim["id"].as_i64().unwrap()) {
            assert_eq!(
                claim["status"], "unreviewed",
                "a new claim has no verdict: {claim}"
            );
            assert!(claim["removed_in"].is_null(), "{claim}");
        }
    }
}

#[tokio::test]
async fn every_edit_pattern_carries_changes_adds_and_removes_as_expected() {
    let app = TestApp::spawn().await;
    for case in corpus() {
        let article = import_reviewed(&app, case.name, &case.before).await;
        let id = article["id"].as_i64().unwrap();
        let response = revise(
            &app,
            &article,
            &format!("Case: {}\n\n{}", case.name, case.after),
            case.name,
        )
        .await;
        assert_eq!(response.status(), 201, "{}", case.name);
        assert_eq!(
            response.headers()["location"],
            format!("/api/v1/articles/{id}?revision=2").as_str()
        );
        let result: Value = response.json().await.unwrap();
        let counts = [
            &result["carried"],
            &result["changed"],
            &result["added"],
            &result["removed"],
        ]
        .map(|v| v.as_i64().unwrap());
        assert_eq!(
            counts,
            [case.carried, case.changed, case.added, case.removed],
            "{}: carried, changed, added, removed",
            case.name
        );
        assert_eq!(result["revision"], 2);
        assert_eq!(result["article"]["revision"], 2);
        let current = result["article"]["claims"].as_array().unwrap();
        assert_eq!(
            current.len() as i64,
            case.carried + case.changed + case.added,
            "{}",
            case.name
        );
        assert_eq!(
            result["article"]["claim_count"].as_i64().unwrap(),
            current.len() as i64,
            "removed claims leave the counts"
        );
        let with_removed = app
            .get_json(
                &format!("/api/v1/articles/{id}?include_removed=true"),
                &app.viewer,
            )
            .await;
        check_carried(&article, &with_removed, 2);
        let removed = with_removed["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["removed_in"] == 2)
            .count() as i64;
        assert_eq!(removed, case.removed, "{}", case.name);

        // Claims follow the new text: each one's offsets slice its words out of the body.
        let body = result["article"]["body"].as_str().unwrap();
        for claim in current {
            let text = common::slice(
                body,
                claim["start"].as_u64().unwrap(),
                claim["end"].as_u64().unwrap(),
            );
            assert_eq!(text, claim["text"].as_str().unwrap(), "{}", case.name);
        }
        let positions: Vec<i64> = current
            .iter()
            .map(|c| c["position"].as_i64().unwrap())
            .collect();
        assert_eq!(positions, (1..=current.len() as i64).collect::<Vec<_>>());
    }
}

#[tokio::test]
async fn a_split_names_what_it_was_made_of_and_old_words_stay_readable() {
    let app = TestApp::spawn().await;
    let article = import_reviewed(&app, "split", STORY).await;
    let id = article["id"].as_i64().unwrap();
    let old = article["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("and embassies must"))
        .unwrap()
        .clone();
    let split = replace(
        STORY,
        "in January, and embassies must",
        "in January. Embassies must",
    );
    let result: Value = revise(&app, &article, &format!("Case: split\n\n{split}"), "split")
        .await
        .json()
        .await
        .unwrap();
    let derived: Vec<&Value> = result["article"]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["derived_from"] == json!([old["id"]]))
        .collect();
    assert_eq!(derived.len(), 2, "{result}");
    assert!(derived.iter().all(|c| c["status"] == "unreviewed"));

    // The old claim: out of the lists, readable by id, with its history; verdicts refused.
    let gone = app
        .get_json(&format!("/api/v1/claims/{}", old["id"]), &app.viewer)
        .await;
    assert_eq!(gone["removed_in"], 2);
    assert_eq!(gone["history_total"], 1);
    assert_eq!(gone["history"][0]["revision"], 1);
    let listed = app
        .walk_pages(&format!("/api/v1/articles/{id}/claims?limit=2"), |_| {})
        .await;
    assert!(listed.iter().all(|c| c["id"] != old["id"]));
    assert_eq!(
        listed.len(),
        7,
        "article order, paged, without the removed claim"
    );
    let texts: Vec<&str> = listed.iter().map(|c| c["text"].as_str().unwrap()).collect();
    let body = result["article"]["body"].as_str().unwrap();
    let mut sorted = texts.clone();
    sorted.sort_by_key(|t| body.find(t).unwrap());
    assert_eq!(texts, sorted, "claims come in the new text's order");
    let all = app
        .walk_pages(
            &format!("/api/v1/articles/{id}/claims?include_removed=true&limit=3"),
            |_| {},
        )
        .await;
    assert_eq!(all.len(), 8);
    // Exports leave the removed claim out unless asked, and then say it was removed.
    let csv = app
        .get(
            &format!("/api/v1/export/claims.csv?article_id={id}"),
            &app.viewer,
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.trim_end().lines().count(), 1 + 7);
    let csv = app
        .get(
            &format!("/api/v1/export/claims.csv?article_id={id}&include_removed=true"),
            &app.viewer,
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.trim_end().lines().count(), 1 + 8);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .trim_end()
            .ends_with("changed_in,removed_in")
    );

    // Its verdict's Web Annotation is anchored on revision 1, where its words are.
    let annotations = app
        .get_json(
            &format!("/api/v1/articles/{id}/annotations.jsonld"),
            &app.viewer,
        )
        .await;
    let items = annotations["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 6, "every verdict, the removed claim's too");
    for item in items {
        let source = item["target"]["source"].as_str().unwrap();
        assert!(
            source.ends_with(&format!("/api/v1/articles/{id}?revision=1")),
            "{source}"
        );
        let selectors = item["target"]["selector"].as_array().unwrap();
        let quoted = common::slice(
            article["body"].as_str().unwrap(),
            selectors[1]["start"].as_u64().unwrap(),
            selectors[1]["end"].as_u64().unwrap(),
        );
        assert_eq!(quoted, selectors[0]["exact"].as_str().unwrap());
    }
    let ndjson = app
        .get(
            &format!("/api/v1/export/claims.ndjson?article_id={id}&include_removed=true"),
            &app.viewer,
        )
        .await
        .text()
        .await
        .unwrap();
    let removed_line: Value = ndjson
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|c| c["id"] == old["id"])
        .unwrap();
    assert_eq!(removed_line["removed_in"], 2);
    let refused = app
        .annotate(old["id"].as_i64().unwrap(), &json!({"status": "unsourced"}))
        .await;
    let problem = expect_problem(refused, 409).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("removed"),
        "{problem}"
    );

    // Revision 1 as it was: the old body, the old sentence, its verdict.
    let first = app
        .get_json(&format!("/api/v1/articles/{id}?revision=1"), &app.viewer)
        .await;
    assert_eq!(first["revision"], 1);
    assert_eq!(first["body"], article["body"]);
    assert_eq!(
        first["claims"], article["claims"],
        "revision 1 reads as the article read before the revision"
    );
    assert_eq!(first["segments"], article["segments"]);
    let missing = app
        .get(&format!("/api/v1/articles/{id}?revision=3"), &app.viewer)
        .await;
    expect_problem(missing, 404).await;

    let revisions = app
        .get_json(&format!("/api/v1/articles/{id}/revisions"), &app.viewer)
        .await;
    let revisions = revisions.as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["revision"], 1);
    assert_eq!(revisions[0]["added"], 6);
    assert_eq!(revisions[0]["created_by"], "eddie");
    assert_eq!(revisions[1]["note"], "split");
    assert_eq!(revisions[1]["created_by"], "eddie");
    assert_eq!(
        [
            &revisions[1]["carried"],
            &revisions[1]["added"],
            &revisions[1]["removed"]
        ],
        [&json!(5), &json!(2), &json!(1)]
    );
}

#[tokio::test]
async fn a_changed_claim_needs_a_recheck_until_a_verdict_clears_it() {
    let app = TestApp::spawn().await;
    let article = import_reviewed(&app, "recheck", STORY).await;
    let id = article["id"].as_i64().unwrap();
    let old = article["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains("7,500"))
        .unwrap()
        .clone();
    let claim_id = old["id"].as_i64().unwrap();
    let result = revise(
        &app,
        &article,
        &format!("Case: recheck\n\n{}", replace(STORY, "7,500", "7,600")),
        "number corrected",
    )
    .await;
    assert_eq!(result.status(), 201);

    let changed = app
        .walk_pages("/api/v1/claims?changed=true&limit=10", |_| {})
        .await;
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["id"], claim_id);
    assert_eq!(changed[0]["status"], "unsourced", "the status is kept");
    assert_eq!(changed[0]["changed_since_verdict"], true);
    let in_article = app
        .walk_pages(
            &format!("/api/v1/articles/{id}/claims?changed=true"),
            |_| {},
        )
        .await;
    assert_eq!(in_article.len(), 1);

    // ClaimReview does not publish a verdict on words that changed.
    let reviews = app
        .get_json(&format!("/api/v1/articles/{id}/claimreview"), &app.viewer)
        .await;
    assert_eq!(reviews.as_array().unwrap().len(), 5);
    assert!(
        !reviews.to_string().contains("7,600"),
        "no review of the changed words"
    );

    // A verdict sent for the version the reviewer saw before the edit is refused.
    let stale = app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/claims/{claim_id}/annotations"),
            &app.reviewer,
        )
        .header("If-Match", format!("\"{}\"", old["version"]))
        .json(&json!({"status": "contradicted", "sources": [{"url": "https://cbp.example"}]}))
        .send()
        .await
        .unwrap();
    expect_problem(stale, 412).await;

    let fresh = app
        .annotate(
            claim_id,
            &json!({"status": "sourced", "sources": [{"url": "https://cbp.example"}]}),
        )
        .await;
    assert_eq!(fresh.status(), 201);
    let claim: Value = fresh.json().await.unwrap();
    assert_eq!(claim["changed_since_verdict"], false);
    assert_eq!(claim["history"][0]["revision"], 2);
    assert_eq!(claim["history"][1]["revision"], 1);
    assert_eq!(claim["history_total"], 2);
    let changed = app.walk_pages("/api/v1/claims?changed=true", |_| {}).await;
    assert!(changed.is_empty());

    // Revision 1 still shows the verdict as it was made, on the old words.
    let first = app
        .get_json(&format!("/api/v1/articles/{id}?revision=1"), &app.viewer)
        .await;
    let then = first["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == claim_id)
        .unwrap();
    assert!(then["text"].as_str().unwrap().contains("7,500"));
    assert_eq!(then["status"], "unsourced");
}

#[tokio::test]
async fn the_current_text_again_writes_nothing_and_bad_revisions_get_clear_answers() {
    let app = TestApp::spawn().await;
    let article = app.import("Idempotent", STORY).await;
    let id = article["id"].as_i64().unwrap();
    let same = revise(&app, &article, STORY, "nothing").await;
    assert_eq!(same.status(), 200);
    let same: Value = same.json().await.unwrap();
    assert_eq!(same["revision"], 1);
    assert_eq!(same["carried"], 6);
    assert_eq!(same["changed"], 0);
    let revisions = app
        .get_json(&format!("/api/v1/articles/{id}/revisions"), &app.viewer)
        .await;
    assert_eq!(revisions.as_array().unwrap().len(), 1);

    let changed = replace(STORY, "7,500", "7,600");
    assert_eq!(revise(&app, &article, &changed, "once").await.status(), 201);
    assert_eq!(
        revise(&app, &article, &changed, "twice").await.status(),
        200
    );

    // Roles, bodies, formats, articles that do not exist.
    let as_reviewer = app
        .post_json(
            &format!("/api/v1/articles/{id}/revisions"),
            &app.reviewer,
            &json!({"body": STORY}),
        )
        .await;
    expect_problem(as_reviewer, 403).await;
    let empty = revise(&app, &article, "   ", "").await;
    let problem = expect_problem(empty, 422).await;
    assert_eq!(problem["errors"][0]["field"], "body", "{problem}");
    let format = app
        .post_json(
            &format!("/api/v1/articles/{id}/revisions"),
            &app.editor,
            &json!({"body": STORY, "format": "pdf"}),
        )
        .await;
    expect_problem(format, 422).await;
    let nowhere = app
        .post_json(
            "/api/v1/articles/999/revisions",
            &app.editor,
            &json!({"body": STORY}),
        )
        .await;
    expect_problem(nowhere, 404).await;
    expect_problem(
        app.get("/api/v1/articles/999/revisions", &app.viewer).await,
        404,
    )
    .await;

    // Another article's exact text: the text is an article's identity.
    let other = app
        .import("Other", "A different story entirely. It has two claims.")
        .await;
    let twin = revise(&app, &article, other["body"].as_str().unwrap(), "").await;
    expect_problem(twin, 409).await;

    // A page as HTML is read as at import.
    let html = format!(
        "<html><head><title>x</title></head><body><article><p>{}</p></article></body></html>",
        "The State Department sent the cable to 40 embassies on Friday. A new closing line."
    );
    let page = app
        .post_json(
            &format!("/api/v1/articles/{id}/revisions"),
            &app.editor,
            &json!({"body": html, "format": "html"}),
        )
        .await;
    assert_eq!(page.status(), 201);
    let page: Value = page.json().await.unwrap();
    assert!(!page["article"]["body"].as_str().unwrap().contains("<p>"));
    assert_eq!(page["carried"], 1);
    assert_eq!(page["added"], 1);
}

#[tokio::test]
async fn verdicts_racing_a_revision_are_carried_or_refused_never_misplaced() {
    let app = TestApp::spawn().await;
    let article = app.import("Race", STORY).await;
    let id = article["id"].as_i64().unwrap();
    let claims = article["claims"].as_array().unwrap().clone();
    let edited = replace(
        &replace(STORY, "7,500", "7,600"),
        "Critics called the directive unprecedented. ",
        "",
    );
    // Every claim gets a verdict sent, with the version the reviewer saw, while the text is
    // revised: each verdict lands before the revision (and is carried) or after it (and is
    // refused if its words changed or left), never on other words.
    let verdicts = claims.iter().map(|c| {
        app.request(
            reqwest::Method::POST,
            &format!("/api/v1/claims/{}/annotations", c["id"]),
            &app.reviewer,
        )
        .header("If-Match", format!("\"{}\"", c["version"]))
        .json(&json!({"status": "unsourced", "note": c["text"]}))
        .send()
    });
    let (answers, revision) = tokio::join!(
        futures::future::join_all(verdicts),
        revise(&app, &article, &edited, "race")
    );
    assert_eq!(revision.status(), 201);
    for answer in answers {
        let status = answer.unwrap().status().as_u16();
        assert!([201, 409, 412].contains(&status), "{status}");
    }
    let now = app
        .get_json(
            &format!("/api/v1/articles/{id}?include_removed=true"),
            &app.viewer,
        )
        .await;
    for claim in now["claims"].as_array().unwrap() {
        let history = app
            .get_json(
                &format!("/api/v1/claims/{}/history", claim["id"]),
                &app.viewer,
            )
            .await;
        for entry in history["items"].as_array().unwrap() {
            // Each verdict's note is the words the reviewer saw; the claim holds those words
            // unless a revision flagged or removed it.
            let flagged = claim["changed_since_verdict"] == true || claim["removed_in"].is_i64();
            if !flagged {
                assert_eq!(entry["note"], claim["text"], "{claim}");
            }
        }
    }
}

/// A tiny deterministic generator: the same edits on every run and every backend.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// One random newsroom edit of a text made of sentences joined by spaces and paragraphs.
fn random_edit(sentences: &mut Vec<String>, rng: &mut Lcg, round: usize) {
    let i = rng.below(sentences.len());
    match rng.below(6) {
        0 if sentences.len() > 3 => {
            sentences.remove(i);
        }
        1 => sentences.insert(
            i,
            format!(
                "Update {round}: officials confirmed {} new cases.",
                round * 7 + 3
            ),
        ),
        2 => {
            let j = rng.below(sentences.len());
            sentences.swap(i, j);
        }
        3 => {
            // A number changed, or a word added where there is no number.
            let s = &sentences[i];
            sentences[i] = match s.find(|c: char| c.is_ascii_digit()) {
                Some(k) => {
                    let digit = s[k..].chars().next().unwrap().to_digit(10).unwrap();
                    format!("{}{}{}", &s[..k], (digit + 1) % 10, &s[k + 1..])
                }
                None => s.replacen(' ', " reportedly ", 1),
            };
        }
        4 if sentences[i].contains(", ") => {
            let s = sentences.remove(i);
            let (a, b) = s.split_once(", ").unwrap();
            let mut b = b.to_owned();
            if let Some(first) = b.get(..1) {
                b = first.to_uppercase() + &b[1..];
            }
            sentences.insert(i, format!("{a}."));
            sentences.insert(i + 1, b);
        }
        _ => {
            let s = &sentences[i];
            sentences[i] = s.replacen(" the ", " the reported ", 1);
        }
    }
}

#[tokio::test]
async fn random_edits_of_the_sample_never_move_a_verdict_to_other_words() {
    let app = TestApp::spawn().await;
    let language = claimdesk::segment::Language::english();
    let mut sentences: Vec<String> = common::sentence_spans(SAMPLE, &language)
        .into_iter()
        .map(|s| s.trim().to_owned())
        .collect();
    let article = app.import("Random edits", &sentences.join(" ")).await;
    let id = article["id"].as_i64().unwrap();
    let mut rng = Lcg(20261202);
    // The words each verdict was made on, by claim.
    let mut judged: HashMap<i64, String> = HashMap::new();
    for round in 0..12 {
        let current = app
            .get_json(&format!("/api/v1/articles/{id}"), &app.viewer)
            .await;
        for claim in current["claims"].as_array().unwrap() {
            if rng.below(3) == 0 {
                let claim_id = claim["id"].as_i64().unwrap();
                let answer = app
                    .annotate(
                        claim_id,
                        &json!({"status": "unsourced", "note": claim["text"]}),
                    )
                    .await;
                assert_eq!(answer.status(), 201);
                judged.insert(claim_id, claim["text"].as_str().unwrap().to_owned());
            }
        }
        for _ in 0..1 + rng.below(3) {
            random_edit(&mut sentences, &mut rng, round);
        }
        let before = app
            .get_json(
                &format!("/api/v1/articles/{id}?include_removed=true"),
                &app.viewer,
            )
            .await;
        let answer = revise(&app, &current, &sentences.join(" "), "random").await;
        assert!([200, 201].contains(&answer.status().as_u16()));
        let result: Value = answer.json().await.unwrap();
        let after = app
            .get_json(
                &format!("/api/v1/articles/{id}?include_removed=true"),
                &app.viewer,
            )
            .await;
        if result["revision"] != before["revision"] {
            check_carried(&before, &after, result["revision"].as_i64().unwrap());
        }
        for claim in after["claims"].as_array().unwrap() {
            let claim_id = claim["id"].as_i64().unwrap();
            let Some(words) = judged.get(&claim_id) else {
                assert_eq!(claim["status"], "unreviewed", "{claim}");
                continue;
            };
            if claim["removed_in"].is_i64() || claim["changed_since_verdict"] == true {
                continue;
            }
            // Carried without a flag: the same words the verdict was made on.
            assert_eq!(claim["text"].as_str().unwrap(), words, "round {round}");
        }
        // Each carried claim's offsets slice its words out of the current body.
        let body = after["body"].as_str().unwrap();
        for claim in after["claims"].as_array().unwrap() {
            if claim["removed_in"].is_null() {
                let text = common::slice(
                    body,
                    claim["start"].as_u64().unwrap(),
                    claim["end"].as_u64().unwrap(),
                );
                assert_eq!(text, claim["text"].as_str().unwrap());
            }
        }
        // Changed claims get their flags cleared by a verdict on the new words.
        for claim in after["claims"].as_array().unwrap() {
            if claim["changed_since_verdict"] == true {
                let claim_id = claim["id"].as_i64().unwrap();
                let answer = app
                    .annotate(
                        claim_id,
                        &json!({"status": "unsourced", "note": claim["text"]}),
                    )
                    .await;
                assert_eq!(answer.status(), 201);
                judged.insert(claim_id, claim["text"].as_str().unwrap().to_owned());
            }
        }
    }
    let revisions = app
        .get_json(&format!("/api/v1/articles/{id}/revisions"), &app.viewer)
        .await;
    assert!(revisions.as_array().unwrap().len() > 6);
}

#[tokio::test]
async fn pages_update_the_text_and_show_what_changed_without_javascript() {
    use claimdesk::domain::Role;
    const PASSWORD: &str = "correct horse battery";
    let app = TestApp::spawn().await;
    app.add_user("ed", Role::Editor, PASSWORD).await;
    app.add_user("rev", Role::Reviewer, PASSWORD).await;
    let article = import_reviewed(&app, "pages", STORY).await;
    let id = article["id"].as_i64().unwrap();
    let editor = app.browser();
    app.sign_in(&editor, "ed", PASSWORD).await;

    let form = app.page(&editor, &format!("/articles/{id}/revise")).await;
    assert!(
        form.contains("7,500"),
        "the form holds the current text to edit"
    );
    let new_text = format!("Case: pages\n\n{}", replace(STORY, "7,500", "7,600"));
    let sent = editor
        .post(app.url(&format!("/articles/{id}/revisions")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("body", "")
                .text("note", "Corrected the number")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(new_text.into_bytes()).file_name("story.txt"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let location = sent.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/articles/{id}/revisions?from=1&to=2&saved=1")
    );
    let compared = app.page(&editor, &location).await;
    assert!(
        compared.contains("Revision 2 saved: 5 claims carried"),
        "{compared}"
    );
    assert!(
        compared.contains("<del>7,500</del><ins>7,600</ins>"),
        "{compared}"
    );
    assert!(compared.contains("Corrected the number"));
    assert_eq!(compared.matches("class=\"diff-row same\"").count(), 5);

    // The annotate page and the status page flag the claim for a re-check.
    let annotate = app.page(&editor, &format!("/articles/{id}")).await;
    assert_eq!(annotate.matches("⟳ re-check").count(), 1);
    let status = app.page(&editor, &format!("/articles/{id}/status")).await;
    assert!(status.contains("Re-check after a revision"));

    // The same text again: nothing new.
    let again = editor
        .post(app.url(&format!("/articles/{id}/revisions")))
        .multipart(
            reqwest::multipart::Form::new()
                .text(
                    "body",
                    format!("Case: pages\n\n{}", replace(STORY, "7,500", "7,600")),
                )
                .text("note", ""),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 303);
    assert_eq!(
        again.headers()["location"],
        format!("/articles/{id}/revisions?unchanged=1").as_str()
    );

    // An empty text comes back in the form with what to fix; a reviewer may not revise.
    let empty = editor
        .post(app.url(&format!("/articles/{id}/revisions")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("body", "  ")
                .text("note", "oops"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    let page = empty.text().await.unwrap();
    assert!(page.contains("must contain the article"), "{page}");
    assert!(page.contains("value=\"oops\""), "what was typed is kept");
    let reviewer = app.browser();
    app.sign_in(&reviewer, "rev", PASSWORD).await;
    let refused = reviewer
        .get(app.url(&format!("/articles/{id}/revise")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let listed = app
        .page(&reviewer, &format!("/articles/{id}/revisions"))
        .await;
    assert!(
        !listed.contains("Update text"),
        "only editors are offered it"
    );
    let bad = reviewer
        .get(app.url(&format!("/articles/{id}/revisions?from=9")))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn a_changed_claim_under_double_review_gets_a_new_round_of_blind_reviews() {
    let app = TestApp::spawn().await;
    let bo = app
        .add_token_user("bo", claimdesk::domain::Role::Reviewer)
        .await;
    let article: Value = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({"title": "Cable", "body": SAMPLE, "reviews_required": 2}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = article["id"].as_i64().unwrap();
    let claim = article["claims"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/claims/{claim}/annotations");
    for token in [&app.reviewer, &bo] {
        let response = app
            .post_json(&path, token, &json!({"status": "unsourced"}))
            .await;
        assert_eq!(response.status(), 201);
    }
    let settled = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(settled["review"]["state"], "settled");
    let old_words = settled["text"].as_str().unwrap().to_owned();
    let new_words = old_words.replacen("cable", "memo", 1);
    assert_ne!(old_words, new_words);
    let revised = app
        .post_json(
            &format!("/api/v1/articles/{id}/revisions"),
            &app.editor,
            &json!({"body": SAMPLE.replacen(&old_words, &new_words, 1)}),
        )
        .await;
    assert_eq!(revised.status(), 201);
    let changed = app
        .get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await;
    assert_eq!(changed["changed_since_verdict"], true);
    assert_eq!(
        changed["status"], "unsourced",
        "the verdict stays until the re-check"
    );
    assert_eq!(
        changed["review"],
        json!({"required": 2, "submitted": 0, "state": "open"})
    );
    // Both reviewers re-check, blind again.
    let first = app
        .post_json(&path, &app.reviewer, &json!({"status": "unsourced"}))
        .await;
    assert_eq!(first.status(), 201);
    let second: Value = app
        .post_json(&path, &bo, &json!({"status": "unsourced"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["review"]["state"], "settled");
    assert_eq!(second["changed_since_verdict"], false);
}
