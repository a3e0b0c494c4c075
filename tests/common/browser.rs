//! A real headless Chromium driven through chromedriver, for the browser tests.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `scripts/test.sh` installs them.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use super::TestApp;

pub const PASSWORD: &str = "correct horse battery";
pub const ENTER: &str = "\u{e007}";
/// The longest any page update may take before the test gives up (a bound, not a sleep).
pub const PATIENCE: Duration = Duration::from_secs(15);

pub struct Browser {
    pub client: Client,
    _driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

type DriverLines = tokio::io::Lines<BufReader<tokio::process::ChildStdout>>;

/// Starts chromedriver on a free port; the error says why it did not come up.
async fn start_driver() -> Result<(tokio::process::Child, String, DriverLines), String> {
    let mut driver = tokio::process::Command::new("chromedriver")
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver not found: run ./scripts/test.sh, which installs chromium-driver");
    let mut lines = BufReader::new(driver.stdout.take().unwrap()).lines();
    loop {
        match lines.next_line().await {
            Ok(Some(line)) => {
                if let Some(rest) = line.split("started successfully on port ").nth(1) {
                    let port = rest.trim_end_matches('.').trim().to_owned();
                    return Ok((driver, port, lines));
                }
            }
            Ok(None) => return Err(format!("it exited: {:?}", driver.wait().await)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

impl Browser {
    pub async fn start(javascript: bool) -> Browser {
        // chromedriver now and then exits at start-up on a loaded machine (it found no free
        // port, or its own child died): a fresh one is tried, three times at most.
        let mut attempts = 0;
        let (driver, port, mut lines) = loop {
            attempts += 1;
            match start_driver().await {
                Ok(started) => break started,
                Err(why) if attempts < 3 => eprintln!("chromedriver did not start ({why}); again"),
                Err(why) => panic!("chromedriver did not start, three times: {why}"),
            }
        };
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

        let profile = tempfile::tempdir().unwrap();
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--disable-sync",
                "--disable-component-update", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("start a Chromium session");
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    pub async fn sign_in(&self, app: &TestApp, name: &str) {
        self.client.goto(&app.url("/articles")).await.unwrap();
        assert!(
            self.client
                .current_url()
                .await
                .unwrap()
                .path()
                .starts_with("/login")
        );
        self.field("#username").await.send_keys(name).await.unwrap();
        self.field("#password")
            .await
            .send_keys(PASSWORD)
            .await
            .unwrap();
        self.client
            .find(Locator::Css("main button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.wait_for("table.list, p.empty").await;
    }

    /// Goes to `path` and waits for the annotate page to be there.
    pub async fn open_article(&self, app: &TestApp, path: &str) {
        self.client.goto(&app.url(path)).await.unwrap();
        self.wait_for(".annotate").await;
    }

    pub async fn click(&self, css: &str) {
        self.field(css).await.click().await.unwrap();
    }

    /// Types into the field `css` (focusing it first, as a click would).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.field(css).await.send_keys(text).await.unwrap();
    }

    pub async fn field(&self, css: &str) -> fantoccini::elements::Element {
        self.client.find(Locator::Css(css)).await.unwrap()
    }

    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    /// Types into whatever has focus, as a person at the keyboard does.
    pub async fn keys(&self, text: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        // Chromium now and then swaps the page's renderer just after a navigation has
        // loaded; chromedriver then answers "Not attached to an active page" for a command
        // aimed at the old one. The page itself is fine: wait for it again and retake.
        let mut attempts = 0;
        let png = loop {
            attempts += 1;
            self.wait_for("body").await;
            match self.client.screenshot().await {
                Ok(png) => break png,
                Err(e) if attempts < 3 && detached(&e) => {
                    eprintln!("screenshot {name}: {e}; again")
                }
                Err(e) => panic!("screenshot {name}: {e}"),
            }
        };
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.field(css).await.text().await.unwrap()
    }
}

/// The error chromedriver gives when the page it was attached to was replaced under it.
fn detached(error: &fantoccini::error::CmdError) -> bool {
    error.to_string().contains("Not attached to an active page")
}

/// A DevTools protocol command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct DevTools {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({"cmd": self.method, "params": self.params});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// One key as chromedriver's actions name it: a character, or a WebDriver key code.
pub fn key_of(key: &str) -> char {
    match key {
        "Enter" => '\u{e007}',
        "Backspace" => '\u{e003}',
        "Escape" => '\u{e00c}',
        "Tab" => '\u{e004}',
        other => other.chars().next().expect("a key"),
    }
}

impl Browser {
    /// Every request of this tab waits `latency` more, as on a slow network.
    pub async fn emulate_latency(&self, latency: Duration) {
        for command in [
            DevTools {
                method: "Network.enable",
                params: json!({}),
            },
            DevTools {
                method: "Network.emulateNetworkConditions",
                params: json!({
                    "offline": false,
                    "latency": latency.as_millis() as u64,
                    "downloadThroughput": -1,
                    "uploadThroughput": -1,
                }),
            },
        ] {
            self.client
                .issue_cmd(command)
                .await
                .expect("DevTools command through chromedriver");
        }
    }

    /// Presses `keys` one after another with the given gaps, as a person at the keyboard
    /// does: the browser paces them itself and the test never waits for the page meanwhile.
    pub async fn type_paced(&self, keys: &[&str], gaps: &mut impl Iterator<Item = Duration>) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys {
            let value = key_of(key);
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value })
                .pause(gaps.next().expect("endless gaps"));
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Whether the page is wider than the window (it would scroll sideways), and what sticks
    /// out, for the failure message.
    pub async fn horizontal_overflow(&self) -> Option<String> {
        let found = self
            .client
            .execute(
                "const width = document.documentElement.clientWidth;
                 if (document.documentElement.scrollWidth <= width) return null;
                 const wide = Array.from(document.querySelectorAll('body *'))
                   .filter((el) => el.getBoundingClientRect().right > width + 1)
                   .slice(0, 5)
                   .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                        + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
                 return `page ${document.documentElement.scrollWidth}px wide in ${width}px: ${wide.join(', ')}`;",
                vec![],
            )
            .await
            .unwrap();
        found.as_str().map(str::to_owned)
    }
}

/// Gaps between keys, 90 to 150 ms, the same every run (a fixed linear congruential sequence).
pub fn typing_gaps(seed: u64) -> impl Iterator<Item = Duration> {
    let mut state = seed;
    std::iter::repeat_with(move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Duration::from_millis(90 + (state >> 33) % 61)
    })
}
