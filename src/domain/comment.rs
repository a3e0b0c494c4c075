//! Comments on a claim: what a comment must be, and whom it mentions.

use serde::Deserialize;

use super::validation::{Errors, FieldError, required_text};

pub const MAX_COMMENT_CHARS: usize = 10_000;

/// `POST /api/v1/claims/{id}/comments`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    /// The comment (at most 10,000 characters). `@name` mentions a user: the claim enters
    /// their queue.
    #[serde(default)]
    pub body: Option<String>,
    /// The comment this one replies to (on the same claim).
    #[serde(default)]
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub body: String,
    pub parent_id: Option<i64>,
    /// The names written as `@name`, in order, without repeats; which of them are users is
    /// for storage to say.
    pub mentions: Vec<String>,
}

impl NewComment {
    pub fn parse(input: CommentInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let body = match input.body.as_deref() {
            None => {
                errors.add("body", "is required: the text of the comment");
                String::new()
            }
            Some(body) => required_text(&mut errors, "body", body, MAX_COMMENT_CHARS),
        };
        if let Some(parent) = input.parent_id
            && parent < 1
        {
            errors.add("parent_id", "must be the id of a comment on this claim");
        }
        let mentions = mentioned_names(&body);
        errors.finish(NewComment {
            body,
            parent_id: input.parent_id,
            mentions,
        })
    }
}

/// Whether `c` can be part of a user name (see [`super::user::validate_name`]).
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+')
}

/// The names `@name` mentions in `text`: an `@` that does not follow a letter or digit (so an
/// e-mail address in the text is not a mention), then the characters a user name may hold,
/// without the punctuation that ends a sentence.
pub fn mentioned_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts = c == '@' && !previous.is_some_and(|p| p.is_alphanumeric() || p == '@');
        previous = Some(c);
        if !starts {
            continue;
        }
        let rest = &text[i + 1..];
        let end = rest.find(|c: char| !name_char(c)).unwrap_or(rest.len());
        let name = rest[..end].trim_end_matches(['.', '-', '_', '@', '+']);
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        // Skip the name so an `@` inside it (an e-mail-like name) is not read again.
        while chars.peek().is_some_and(|(j, _)| *j <= i + end) {
            previous = chars.next().map(|(_, c)| c);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_found_once_and_without_trailing_punctuation() {
        assert_eq!(
            mentioned_names("@ana can you check? cc @bo.li, and @ana again. Mail x@y.org"),
            ["ana", "bo.li"]
        );
        assert_eq!(mentioned_names("ask @chris."), ["chris"]);
        assert_eq!(
            mentioned_names("(@dee) and @e@desk.org"),
            ["dee", "e@desk.org"]
        );
        assert!(mentioned_names("no one @ all").is_empty());
    }

    #[test]
    fn body_is_required_and_bounded() {
        let err = NewComment::parse(CommentInput::default()).unwrap_err();
        assert_eq!(err[0].field, "body");
        let err = NewComment::parse(CommentInput {
            body: Some("   ".into()),
            parent_id: Some(0),
        })
        .unwrap_err();
        assert_eq!(err.len(), 2);
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert!(
            NewComment::parse(CommentInput {
                body: Some(long),
                parent_id: None
            })
            .is_err()
        );
        let ok = NewComment::parse(CommentInput {
            body: Some(" see @ana ".into()),
            parent_id: Some(3),
        })
        .unwrap();
        assert_eq!(ok.body, "see @ana");
        assert_eq!(ok.mentions, ["ana"]);
    }
}
