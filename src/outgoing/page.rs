//! Fetching a web page to import: with a time limit, a size limit, at most
//! [`MAX_REDIRECTS`] redirects, HTML only, and only from public addresses (checked after DNS
//! resolution, and again for every redirect) unless the operator allows private ones.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::CONTENT_TYPE;
use url::{Host, Url};

use super::address::is_public;

pub const MAX_REDIRECTS: usize = 5;
/// A news page with its scripts and inline styles is rarely over a few MB; the article text
/// kept from it is far smaller.
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A page as fetched: its HTML (decoded to UTF-8) and the URL it was finally read from.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    pub html: String,
    pub url: String,
}

/// Why a page could not be imported. `Refused` (a private address, a host that does not
/// exist) and `NotHtml`/`TooLarge` are about the URL the caller chose (4xx); `Upstream` is the
/// remote server's failure (502).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    InvalidUrl(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    NotHtml(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    Upstream(String),
}

pub struct PageFetcher {
    client: reqwest::Client,
    allow_private: bool,
}

impl PageFetcher {
    /// `allow_private` lets fetches reach loopback, private and link-local addresses (for
    /// an intranet CMS, or tests serving pages from 127.0.0.1).
    pub fn new(allow_private: bool) -> Self {
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            // `previous` holds the first URL and every one redirected from so far.
            if attempt.previous().len() > MAX_REDIRECTS {
                return attempt.error(Redirect(format!(
                    "the page redirected more than {MAX_REDIRECTS} times"
                )));
            }
            match check_url(attempt.url(), allow_private) {
                Ok(()) => attempt.follow(),
                Err(why) => attempt.error(Redirect(format!("the page redirected to {why}"))),
            }
        });
        let client = super::client::client_builder()
            .redirect(policy)
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .dns_resolver(Arc::new(PublicResolver { allow_private }))
            .build()
            .expect("the HTTP client settings are valid");
        PageFetcher {
            client,
            allow_private,
        }
    }

    pub async fn fetch(&self, raw: &str) -> Result<FetchedPage, FetchError> {
        let url = Url::parse(raw.trim()).map_err(|err| {
            FetchError::InvalidUrl(format!(
                "'{raw}' is not a valid URL ({err}); give an absolute http or https URL"
            ))
        })?;
        check_url(&url, self.allow_private).map_err(|why| match url.scheme() {
            "http" | "https" => FetchError::Refused(format!("cannot fetch {why}")),
            _ => FetchError::InvalidUrl(why),
        })?;
        let mut response = self
            .client
            .get(url.clone())
            .header(
                reqwest::header::ACCEPT,
                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            )
            .send()
            .await
            .map_err(|err| describe(&url, &err))?;
        let status = response.status();
        if status.is_redirection() {
            // A redirect the client could not even resolve (no Location, or `file:`).
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("nowhere");
            return Err(FetchError::Upstream(format!(
                "{url} redirected to {location}, which cannot be followed: only http and https \
                 URLs can be fetched"
            )));
        }
        if !status.is_success() {
            return Err(FetchError::Upstream(format!("{url} answered {status}")));
        }
        let final_url = response.url().to_string();
        let media_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !matches!(essence.as_str(), "text/html" | "application/xhtml+xml") {
            let shown = if essence.is_empty() {
                "no media type"
            } else {
                &essence
            };
            return Err(FetchError::NotHtml(format!(
                "{final_url} is {shown}, not a web page (text/html); import other documents as text"
            )));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_PAGE_BYTES as u64)
        {
            return Err(too_large(&final_url));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|err| describe(&url, &err))? {
            if bytes.len() + chunk.len() > MAX_PAGE_BYTES {
                return Err(too_large(&final_url));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(FetchedPage {
            html: decode(&bytes, &media_type),
            url: final_url,
        })
    }
}

fn too_large(url: &str) -> FetchError {
    FetchError::TooLarge(format!(
        "{url} is larger than {} MB; save the page and import its HTML",
        MAX_PAGE_BYTES / (1024 * 1024)
    ))
}

/// Why `url` may not be fetched, or `Ok`. Host names are checked when resolved; addresses
/// written in the URL never reach the resolver, so they are checked here.
fn check_url(url: &Url, allow_private: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "{url}: only http and https URLs can be fetched, not {}",
            url.scheme()
        ));
    }
    let ip = match url.host() {
        None => return Err(format!("{url}: the URL names no host")),
        Some(Host::Domain(_)) => return Ok(()),
        Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
    };
    if allow_private || is_public(ip) {
        Ok(())
    } else {
        Err(refusal(url.host_str().unwrap_or_default(), ip))
    }
}

fn refusal(host: &str, ip: IpAddr) -> String {
    format!(
        "{host}: {ip} is a private, loopback or link-local address, which claimdesk does not \
         fetch from (an operator can allow it with --allow-private-urls)"
    )
}

/// Resolves names to their public addresses only; a name with none is refused.
struct PublicResolver {
    allow_private: bool,
}

impl Resolve for PublicResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|_| no_such_host(&host))?
                .collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            match (allowed.is_empty(), found.first()) {
                (false, _) => Ok(Box::new(allowed.into_iter()) as Addrs),
                (true, Some(first)) => Err(Box::new(Refusal(refusal(&host, first.ip())))
                    as Box<dyn std::error::Error + Send + Sync>),
                (true, None) => Err(no_such_host(&host)),
            }
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Refusal(String);

/// A host name that resolves to nothing is the caller's mistake (a typo), not the server's.
fn no_such_host(host: &str) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(Refusal(format!("{host}: no such host; check the address")))
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Redirect(String);

/// A transport failure in words a reviewer can act on; a refused address stays a refusal.
fn describe(url: &Url, err: &reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return FetchError::Refused(format!("cannot fetch {refusal}"));
        }
        if let Some(redirect) = cause.downcast_ref::<Redirect>() {
            return FetchError::Upstream(format!("{url}: {redirect}"));
        }
        source = cause.source();
    }
    let what = if err.is_timeout() {
        format!("no answer within {} seconds", TIMEOUT.as_secs())
    } else if err.is_connect() {
        format!("cannot connect ({})", innermost(err))
    } else {
        innermost(err)
    };
    FetchError::Upstream(format!("{url}: {what}"))
}

fn innermost(err: &reqwest::Error) -> String {
    let mut last: &dyn std::error::Error = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// The page's text: by the charset its `Content-Type` names, else the one its `<meta>` names,
/// else a byte-order mark, else UTF-8 (invalid bytes replaced, never refused).
fn decode(bytes: &[u8], media_type: &str) -> String {
    let from_header = media_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .next()
        .map(|c| c.trim_matches('"'));
    let head = &bytes[..bytes.len().min(4096)];
    let from_meta = || {
        let head = String::from_utf8_lossy(head).to_ascii_lowercase();
        let at = head.find("charset=")? + "charset=".len();
        let label: String = head[at..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        Some(label)
    };
    let encoding = from_header
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .or_else(|| from_meta().and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_urls_are_checked_before_any_connection() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(check_url(&url("http://127.0.0.1:8080/x"), false).is_err());
        assert!(check_url(&url("http://[::1]/"), false).is_err());
        assert!(check_url(&url("http://169.254.169.254/latest/meta-data"), false).is_err());
        assert!(check_url(&url("http://127.0.0.1:8080/x"), true).is_ok());
        assert!(check_url(&url("https://example.org/story"), false).is_ok());
        assert!(check_url(&url("file:///etc/passwd"), true).is_err());
        assert!(check_url(&url("ftp://example.org/"), true).is_err());
    }

    #[test]
    fn pages_are_decoded_by_their_declared_charset() {
        let latin1 = b"<p>Caf\xe9</p>";
        assert_eq!(
            decode(latin1, "text/html; charset=ISO-8859-1"),
            "<p>Café</p>"
        );
        let meta = b"<meta charset=\"windows-1252\"><p>\x93quoted\x94</p>";
        assert_eq!(
            decode(meta, "text/html"),
            "<meta charset=\"windows-1252\"><p>\u{201c}quoted\u{201d}</p>"
        );
        assert_eq!(
            decode("<p>naïve</p>".as_bytes(), "text/html"),
            "<p>naïve</p>"
        );
    }
}
