//! The pages as people meet them, in a real headless Chromium: a session that ends in the
//! middle of a verdict, a phone's width, the plain forms without JavaScript, and an
//! accessibility check of every page with axe-core (from npm; `scripts/test.sh` installs it).

mod common;

use std::path::PathBuf;

use claimdesk::domain::Role;
use common::browser::{Browser, ENTER, PASSWORD, PATIENCE};
use common::claim_ids;
use common::{SAMPLE, TestApp};
use fantoccini::Locator;
use serde_json::{Value, json};

async fn stored(app: &TestApp, claim: i64) -> Value {
    app.get_json(&format!("/api/v1/claims/{claim}"), &app.viewer)
        .await
}

/// Ends the browser's session from elsewhere: another tab signs out with the same cookie.
async fn sign_out_elsewhere(app: &TestApp, browser: &Browser) {
    let cookie = browser
        .client
        .get_named_cookie("claimdesk_session")
        .await
        .expect("a session cookie");
    let response = app
        .browser()
        .post(app.url("/logout"))
        .header("cookie", format!("claimdesk_session={}", cookie.value()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn a_session_that_ends_mid_verdict_keeps_everything_typed() {
    let app = TestApp::spawn().await;
    app.add_user("sam", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let ids = claim_ids(&article);
    let claim = ids[1];
    let browser = Browser::start(true).await;
    browser.sign_in(&app, "sam").await;
    browser
        .open_article(&app, &format!("/articles/{}?claim={claim}", article["id"]))
        .await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{claim}\"]"))
        .await;
    browser.keys("3").await;
    browser.keys("https://www.state.gov/denial").await;
    browser
        .type_into("#note", "The department denies the figure.")
        .await;

    sign_out_elsewhere(&app, &browser).await;
    browser.click("#source-url").await;
    browser.keys(ENTER).await;
    let alert = browser.wait_for("#notices .alert.session").await;
    assert!(alert.text().await.unwrap().contains("Your session ended"));
    assert_eq!(stored(&app, claim).await["status"], "unreviewed");
    browser.screenshot("session-ended").await;
    let sign_in_again = alert
        .find(Locator::Css("a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .expect("a sign-in link");
    let sign_in_again = app.url(&sign_in_again);

    // Someone else signing in on this browser is not offered what sam typed.
    app.add_user("otto", Role::Reviewer, PASSWORD).await;
    browser.sign_in(&app, "otto").await;
    browser
        .open_article(&app, &format!("/articles/{}?claim={claim}", article["id"]))
        .await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{claim}\"]"))
        .await;
    assert!(
        browser
            .client
            .find(Locator::Css(".notice.restored"))
            .await
            .is_err()
    );
    assert_eq!(
        browser
            .field("#source-url")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some(String::new())
    );
    sign_out_elsewhere(&app, &browser).await;

    // Sam signs in again (where the notice's link led): back on the claim, the verdict ready
    // to save.
    browser.client.goto(&sign_in_again).await.unwrap();
    browser.wait_for("#username").await;
    assert!(browser.text_of("main").await.contains("Your session ended"));
    browser.type_into("#username", "sam").await;
    browser.type_into("#password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
    browser
        .wait_for(&format!(
            ".panel-inner[data-claim-id=\"{claim}\"] .notice.restored"
        ))
        .await;
    let form = browser
        .client
        .execute(
            "const f = document.getElementById('verdict-form');
             return [f.querySelector('input[name=status]:checked')?.value,
                     f.querySelector('#source-url').value, f.querySelector('#note').value];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        form,
        json!([
            "contradicted",
            "https://www.state.gov/denial",
            "The department denies the figure."
        ])
    );
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{claim}.status-contradicted"))
        .await;
    let saved = stored(&app, claim).await;
    assert_eq!(saved["status"], "contradicted");
    assert_eq!(saved["sources"][0]["url"], "https://www.state.gov/denial");
    assert_eq!(saved["note"], "The department denies the figure.");
    assert_eq!(saved["updated_by"], "sam");
    browser.client.close().await.unwrap();
}

#[tokio::test]
async fn without_javascript_a_refused_verdict_is_shown_once_and_never_posted_again() {
    let app = TestApp::spawn().await;
    app.add_user("nojs", Role::Reviewer, PASSWORD).await;
    let article = app.import("Cable", SAMPLE).await;
    let ids = claim_ids(&article);
    let browser = Browser::start(false).await;
    browser.sign_in(&app, "nojs").await;
    browser
        .open_article(
            &app,
            &format!("/articles/{}?claim={}", article["id"], ids[2]),
        )
        .await;
    // No shortcuts button without JavaScript: its keys would do nothing.
    let shortcuts = browser
        .client
        .execute(
            "const b = document.querySelector('[data-action=shortcuts]');
             return b === null || b.offsetParent === null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shortcuts, json!(true));

    // Sourced with no source: refused, with the note kept.
    browser.click("label[for=status-sourced]").await;
    browser.type_into("#note", "Checked the archive.").await;
    browser.click("#verdict-form button[type=submit]").await;
    let alert = browser.wait_for(".panel-inner .alert").await;
    assert!(alert.text().await.unwrap().contains("needs a source"));
    assert_eq!(
        browser.field("#note").await.prop("value").await.unwrap(),
        Some("Checked the archive.".to_owned())
    );
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.query(), Some(format!("claim={}", ids[2]).as_str()));
    browser.screenshot("no-js-refused").await;

    // A reload is a plain GET of the claim: nothing posted again, the message gone.
    browser.client.refresh().await.unwrap();
    browser.wait_for(".annotate").await;
    assert!(
        browser
            .client
            .find(Locator::Css(".panel-inner .alert"))
            .await
            .is_err()
    );
    assert_eq!(stored(&app, ids[2]).await["status"], "unreviewed");

    // Fixed and saved: on to the next unreviewed claim; the last one ends on the summary.
    browser.click("label[for=status-sourced]").await;
    browser
        .type_into("#source-citation", "Census 2020, table 4")
        .await;
    browser.click("#verdict-form button[type=submit]").await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[3]))
        .await;
    assert_eq!(stored(&app, ids[2]).await["status"], "sourced");
    // The panel of a reviewed claim shows its evidence, ready to amend.
    browser
        .open_article(
            &app,
            &format!("/articles/{}?claim={}", article["id"], ids[2]),
        )
        .await;
    assert!(
        browser
            .text_of(".evidence")
            .await
            .contains("Census 2020, table 4")
    );
    assert_eq!(
        browser
            .field("#source-citation")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some("Census 2020, table 4".to_owned())
    );
    browser.client.close().await.unwrap();
}

const PHONE: (u32, u32) = (390, 844);

#[tokio::test]
async fn at_a_phone_width_no_page_scrolls_sideways_and_a_tap_shows_the_panel() {
    let app = TestApp::spawn().await;
    app.add_user("pat", Role::Admin, PASSWORD).await;
    let article = app
        .import("State Department cable on migration", SAMPLE)
        .await;
    let id = article["id"].as_i64().unwrap();
    let ids = claim_ids(&article);
    for (i, claim) in ids.iter().take(6).enumerate() {
        let body = match i % 3 {
            0 => {
                json!({"status": "contradicted", "sources": [{"url": format!("https://www.example-newsroom.org/investigations/2026/12/a-very-long-path-to-the-evidence-{i}")}], "note": "A note long enough to wrap over several lines on a small screen."})
            }
            1 => json!({"status": "unsourced"}),
            _ => json!({"status": "sourced", "sources": [{"citation": "Census 2020"}]}),
        };
        assert_eq!(app.annotate(*claim, &body).await.status(), 201);
    }
    let browser = Browser::start(true).await;
    browser.sign_in(&app, "pat").await;
    browser
        .client
        .set_window_size(PHONE.0, PHONE.1)
        .await
        .unwrap();
    // A long unbroken token (a hash) in the text must wrap, not widen the page.
    let hashed = app
        .import(
            "Donations",
            "Donations were asked for at 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 according to the post.",
        )
        .await;
    // So must a long address and a token in the title, shown in the page's heading.
    let long_head: Value = app
        .post_json(
            "/api/v1/articles",
            &app.editor,
            &json!({
                "title": "Wallet 0x742d35Cc6634C0532925a3b844Bc454e4438f44e0x742d35Cc6634C0532925a3b8 named",
                "body": "The wallet received the funds. Nobody claimed it.",
                "source_url": "https://docs.example.org/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/annexes.pdf?download=true&lang=en&session=abcdef0123456789",
            }),
        )
        .await
        .json()
        .await
        .unwrap();
    let pages = [
        format!("/articles/{}", hashed["id"]),
        format!("/articles/{}", long_head["id"]),
        format!("/articles/{}/status", long_head["id"]),
        "/articles".to_owned(),
        "/articles/new".to_owned(),
        format!("/articles/{id}"),
        format!("/articles/{id}/status?status=all"),
        "/dashboard".to_owned(),
        "/search?q=migration".to_owned(),
        "/admin/users".to_owned(),
        "/admin/tokens".to_owned(),
        "/no/such/page".to_owned(),
    ];
    for path in &pages {
        browser.client.goto(&app.url(path)).await.unwrap();
        browser.wait_for("main").await;
        if let Some(overflow) = browser.horizontal_overflow().await {
            browser
                .screenshot(&format!("overflow{}", path.replace(['/', '?', '='], "-")))
                .await;
            panic!("{path} scrolls sideways at {}px: {overflow}", PHONE.0);
        }
    }
    browser
        .client
        .goto(&app.url(&format!("/articles/{id}/status?status=all")))
        .await
        .unwrap();
    browser.screenshot("status-phone").await;
    browser.client.goto(&app.url("/dashboard")).await.unwrap();
    browser.screenshot("dashboard-phone").await;

    // Tapping the claim whose panel is already shown (the first, preselected) brings the
    // panel on screen too.
    browser.open_article(&app, &format!("/articles/{id}")).await;
    let first = ids[6]; // the first unreviewed one, preselected
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{first}\"]"))
        .await;
    browser.click(&format!("#claim-{first}")).await;
    let on_screen = browser
        .client
        .execute(
            "const r = document.querySelector('#panel h2').getBoundingClientRect();
             return r.top >= 0 && r.top < window.innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        on_screen,
        json!(true),
        "the shown panel comes on screen after the tap"
    );

    // Tapping a claim far down the article brings its panel on screen.
    browser.open_article(&app, &format!("/articles/{id}")).await;
    let target = ids[12];
    browser.click(&format!("#claim-{target}")).await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{target}\"]"))
        .await;
    let visible = browser
        .client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#panel h2"))
        .await
        .unwrap();
    let on_screen = browser
        .client
        .execute(
            "const r = arguments[0].getBoundingClientRect();
             return r.top >= 0 && r.top < window.innerHeight;",
            vec![serde_json::to_value(&visible).unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(
        on_screen,
        json!(true),
        "the panel heading is on screen after the tap"
    );
    browser.screenshot("annotate-phone").await;
    browser.client.close().await.unwrap();
}

fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/npm/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} not found: run ./scripts/test.sh, which installs axe-core from npm",
            path.display()
        )
    })
}

/// axe-core's violations on the page as it is now, one line each.
async fn axe_violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser
        .client
        .execute(&format!("{axe}\n;return true;"), vec![])
        .await
        .unwrap();
    let found = browser
        .client
        .execute_async(
            "const done = arguments[0];
             axe.run(document, { resultTypes: ['violations'] })
               .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)))
               .catch((e) => done([`axe failed: ${e}`]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test]
async fn axe_finds_no_violation_on_any_page() {
    let axe = axe_source();
    let app = TestApp::spawn().await;
    app.add_user("alex", Role::Admin, PASSWORD).await;
    let article = app.import("State Department cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let ids = claim_ids(&article);
    assert_eq!(
        app.annotate(ids[0], &json!({"status": "contradicted", "sources": [{"url": "https://www.state.gov/x"}], "note": "denied"}))
            .await
            .status(),
        201
    );
    // A revision, so that the comparison and the re-check flags are on the pages.
    let revised = app
        .post_json(
            &format!("/api/v1/articles/{id}/revisions"),
            &app.editor,
            &json!({"body": SAMPLE.replacen("Nov. 27", "Nov. 28", 1), "note": "date"}),
        )
        .await;
    assert_eq!(revised.status(), 201);
    // Double review with a dispute, and a discussion, so the team's parts are on the pages.
    let bo = app.add_token_user("bo", Role::Reviewer).await;
    let policy = app
        .request(
            reqwest::Method::PATCH,
            &format!("/api/v1/articles/{id}"),
            &app.editor,
        )
        .json(&json!({"reviews_required": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(policy.status(), 200);
    let path = format!("/api/v1/claims/{}/annotations", ids[3]);
    for (token, verdict) in [(&app.reviewer, "unsourced"), (&bo, "dismissed")] {
        let body = json!({"status": verdict, "note": "checked"});
        assert_eq!(app.post_json(&path, token, &body).await.status(), 201);
    }
    let thread = format!("/api/v1/claims/{}/comments", ids[1]);
    let first: Value = app
        .post_json(
            &thread,
            &app.reviewer,
            &json!({"body": "@alex where is this from?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let reply = json!({"body": "The cable, paragraph 2.", "parent_id": first["id"]});
    assert_eq!(app.post_json(&thread, &bo, &reply).await.status(), 201);
    let browser = Browser::start(true).await;
    let mut report = Vec::new();
    let mut check = async |name: &str, browser: &Browser| {
        for v in axe_violations(browser, &axe).await {
            report.push(format!("{name}: {v}"));
        }
    };

    browser.client.goto(&app.url("/login")).await.unwrap();
    browser.wait_for("#username").await;
    check("sign-in", &browser).await;
    browser.sign_in(&app, "alex").await;

    for (name, path) in [
        ("articles", "/articles".to_owned()),
        ("import", "/articles/new".to_owned()),
        ("status", format!("/articles/{id}/status")),
        (
            "status, all claims",
            format!("/articles/{id}/status?status=all"),
        ),
        ("dashboard", "/dashboard".to_owned()),
        ("queue", "/queue".to_owned()),
        ("disputes", "/disputes".to_owned()),
        (
            "annotate, disputed",
            format!("/articles/{id}?claim={}", ids[3]),
        ),
        ("search", "/search?q=migration".to_owned()),
        ("search, empty", "/search".to_owned()),
        ("admin users", "/admin/users".to_owned()),
        ("admin tokens", "/admin/tokens".to_owned()),
        ("not found", "/articles/999999".to_owned()),
        ("summary", format!("/articles/{id}?done=1")),
        ("update text", format!("/articles/{id}/revise")),
        ("revisions", format!("/articles/{id}/revisions")),
        (
            "revisions, compared",
            format!("/articles/{id}/revisions?from=1&to=2"),
        ),
        (
            "annotate, re-check",
            format!("/articles/{id}?claim={}", ids[0]),
        ),
    ] {
        browser.client.goto(&app.url(&path)).await.unwrap();
        browser.wait_for("main").await;
        check(name, &browser).await;
    }

    // The import form with an error.
    browser
        .client
        .goto(&app.url("/articles/new"))
        .await
        .unwrap();
    browser.click("form.card button[type=submit]").await;
    browser.wait_for("main .alert").await;
    check("import, refused", &browser).await;

    // Annotate: the panel open, the shortcuts, a refused verdict, after a save.
    browser
        .open_article(&app, &format!("/articles/{id}?claim={}", ids[1]))
        .await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[1]))
        .await;
    check("annotate", &browser).await;
    browser.keys("?").await;
    // Keys go to whatever has focus: the page until the dialog has taken it.
    browser.wait_for("dialog#shortcuts[open] :focus").await;
    check("annotate, shortcuts", &browser).await;
    browser.keys("?").await;
    // And the dialog's button until the dialog has closed and given focus back: Chromium may
    // leave it on the hidden button until its next rendering update, and keys sent then are
    // refused as "not interactable".
    browser
        .wait_for("dialog#shortcuts:not([open]):not(:focus-within)")
        .await;
    browser.keys("1").await;
    browser.keys(ENTER).await;
    browser.wait_for(".panel-inner .alert").await;
    check("annotate, refused", &browser).await;
    browser.keys("https://www.state.gov/cable").await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{}.status-sourced", ids[1]))
        .await;
    browser
        .wait_for(&format!(".panel-inner[data-claim-id=\"{}\"]", ids[2]))
        .await;
    check("annotate, after a save", &browser).await;

    browser
        .client
        .find(Locator::Css(".signout button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for("#username").await;
    browser
        .client
        .goto(&app.url("/no/such/page"))
        .await
        .unwrap();
    browser.wait_for("main").await;
    check("not found, signed out", &browser).await;

    assert!(
        report.is_empty(),
        "axe-core violations:\n{}",
        report.join("\n")
    );
    // The check itself works: an image without a text alternative is caught.
    browser
        .client
        .execute(
            "document.querySelector('main').append(document.createElement('img'));",
            vec![],
        )
        .await
        .unwrap();
    let caught = axe_violations(&browser, &axe).await;
    assert!(
        caught.iter().any(|v| v.starts_with("image-alt")),
        "{caught:?}"
    );
    browser.client.close().await.unwrap();
}

#[tokio::test]
async fn an_editor_updates_the_sample_and_a_changed_claim_is_rechecked_by_keyboard() {
    let app = TestApp::spawn().await;
    app.add_user("ed", Role::Editor, PASSWORD).await;
    let article = app.import("State Department cable", SAMPLE).await;
    let id = article["id"].as_i64().unwrap();
    let ids = claim_ids(&article);
    let dated = ids[0];
    assert_eq!(
        app.annotate(
            dated,
            &json!({"status": "sourced", "sources": [{"url": "https://www.reuters.com/x"}]})
        )
        .await
        .status(),
        201
    );
    let browser = Browser::start(true).await;
    browser.sign_in(&app, "ed").await;

    // Update text: the form holds the current text; the date is corrected in it.
    browser
        .client
        .goto(&app.url(&format!("/articles/{id}/revise")))
        .await
        .unwrap();
    browser.wait_for("textarea#body").await;
    let corrected = SAMPLE.replacen("Nov. 27", "Nov. 28", 1);
    browser
        .client
        .execute(
            "document.getElementById('body').value = arguments[0];",
            vec![json!(corrected)],
        )
        .await
        .unwrap();
    browser.type_into("#note", "Corrected the date").await;
    browser.click("form.card button[type=submit]").await;
    browser.wait_for("ol.diff").await;
    assert_eq!(browser.text_of("ol.diff li.changed del").await, "27,");
    assert_eq!(browser.text_of("ol.diff li.changed ins").await, "28,");
    assert!(
        browser
            .text_of("main .notice")
            .await
            .contains("Revision 2 saved")
    );
    browser.screenshot("revisions-compared").await;

    // The changed claim keeps its verdict, flagged; a keyboard verdict clears the flag.
    browser
        .open_article(&app, &format!("/articles/{id}?claim={dated}"))
        .await;
    browser
        .wait_for(&format!(
            ".panel-inner[data-claim-id=\"{dated}\"] .alert.recheck"
        ))
        .await;
    browser
        .wait_for(&format!("#claim-{dated}.status-sourced .badge.recheck"))
        .await;
    browser.screenshot("annotate-recheck").await;
    browser.keys("1").await;
    browser.keys("https://www.reuters.com/world/us/cable").await;
    browser.keys(ENTER).await;
    browser
        .wait_for(&format!("#claim-{}[aria-current=true]", ids[1]))
        .await;
    // The page moves on at once; the flag leaves the claim when the server confirms.
    browser
        .wait_for(&format!(
            "#claim-{dated}.status-sourced:not(.saving):not(:has(.badge.recheck))"
        ))
        .await;
    let stored = stored(&app, dated).await;
    assert_eq!(stored["changed_since_verdict"], false, "{stored}");
    assert_eq!(stored["history"][0]["revision"], 2);
    assert!(stored["text"].as_str().unwrap().contains("Nov. 28"));
}
