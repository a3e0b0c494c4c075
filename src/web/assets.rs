//! Static files: compiled into the binary, served under content-hashed names.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::PageError;

/// A file served under `/static/`: compiled in, so the binary is the whole deployment.
struct Asset {
    name: &'static str,
    body: &'static [u8],
    content_type: &'static str,
    /// `app.3f9c2d1e0b7a.css`: the name with a hash of the content, cached for a year
    /// and never asked for again; a new release changes the name.
    hashed: String,
}

fn asset(name: &'static str, body: &'static [u8], content_type: &'static str) -> Asset {
    let digest = hex::encode(&Sha256::digest(body)[..6]);
    let hashed = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{digest}.{ext}"),
        None => format!("{name}.{digest}"),
    };
    Asset {
        name,
        body,
        content_type,
        hashed,
    }
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    vec![
        asset(
            "app.css",
            include_bytes!("../../static/app.css"),
            "text/css; charset=utf-8",
        ),
        asset(
            "app.js",
            include_bytes!("../../static/app.js"),
            "text/javascript; charset=utf-8",
        ),
        asset(
            "favicon.svg",
            include_bytes!("../../static/favicon.svg"),
            "image/svg+xml",
        ),
        asset(
            "favicon.ico",
            include_bytes!("../../static/favicon.ico"),
            "image/x-icon",
        ),
    ]
});

/// The address of a static file, content-hashed (for templates).
pub fn asset_path(name: &str) -> String {
    ASSETS.iter().find(|a| a.name == name).map_or_else(
        || format!("/static/{name}"),
        |a| format!("/static/{}", a.hashed),
    )
}

/// `GET /static/{file}`: hashed names are immutable; plain names (old links, tools) are
/// served too, revalidated every time.
pub async fn static_file(Path(file): Path<String>) -> Response {
    let found = ASSETS.iter().find_map(|a| {
        if a.hashed == file {
            Some((a, "public, max-age=31536000, immutable"))
        } else if a.name == file {
            Some((a, "public, no-cache"))
        } else {
            None
        }
    });
    match found {
        Some((asset, cache)) => serve_asset(asset, cache),
        None => PageError::not_found(format!("There is no file /static/{file}.")).into_response(),
    }
}

fn serve_asset(asset: &Asset, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.body,
    )
        .into_response()
}

/// Browsers ask for `/favicon.ico` on their own.
pub async fn favicon() -> Response {
    let icon = ASSETS
        .iter()
        .find(|a| a.name == "favicon.ico")
        .expect("the favicon is compiled in");
    serve_asset(icon, "public, max-age=86400")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_carry_a_hash_of_their_content() {
        let css = asset_path("app.css");
        assert!(css.starts_with("/static/app.") && css.ends_with(".css") && css.len() > 20);
        assert_ne!(asset_path("app.js"), "/static/app.js");
    }
}
