//! Publishing an article's reviews, as an editor asks for it, and the rules it must meet.

use serde::Deserialize;

use super::validation::{Errors, FieldError, web_url};

/// `PUT /api/v1/articles/{id}/publication`: publish the article's reviews as they are now.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationInput {
    /// The newsroom's own page for these reviews, when it publishes them itself; ClaimReview
    /// then points there. Left out: claimdesk's public fact-check page.
    #[serde(default)]
    pub public_url: Option<String>,
    /// Name the reviewers on the public page (they are not named unless this is true).
    #[serde(default)]
    pub show_reviewers: bool,
}

/// How an article's reviews are published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicationSettings {
    /// The newsroom's own page for the reviews; claimdesk's public page when `None`.
    pub public_url: Option<String>,
    /// Whether the public page names the reviewers.
    pub show_reviewers: bool,
}

impl PublicationSettings {
    pub fn parse(input: PublicationInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let public_url = web_url(&mut errors, "public_url", input.public_url.as_deref());
        errors.finish(PublicationSettings {
            public_url,
            show_reviewers: input.show_reviewers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newsroom_url_must_be_a_web_address() {
        let bad = PublicationSettings::parse(PublicationInput {
            public_url: Some("javascript:alert(1)".into()),
            show_reviewers: false,
        })
        .unwrap_err();
        assert_eq!(bad[0].field, "public_url");
        let blank = PublicationSettings::parse(PublicationInput {
            public_url: Some("  ".into()),
            show_reviewers: true,
        })
        .unwrap();
        assert_eq!(blank.public_url, None);
        assert!(blank.show_reviewers);
    }
}
