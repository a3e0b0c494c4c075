//! Splitting an article's claims among reviewers.

use serde::Deserialize;

use super::validation::{Errors, FieldError};

/// The most reviewers one request assigns.
pub const MAX_REVIEWERS: usize = 50;

/// `POST /api/v1/assignments`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentInput {
    #[serde(default)]
    pub article_id: Option<i64>,
    /// The claims to assign; all the article's current claims when left out.
    #[serde(default)]
    pub claim_ids: Option<Vec<i64>>,
    /// User names of reviewers (role reviewer or above).
    #[serde(default)]
    pub reviewers: Option<Vec<String>>,
    /// `round_robin` (the default): each claim to one reviewer in turn; `each`: every claim to
    /// every reviewer (for double review).
    #[serde(default)]
    #[schema(value_type = Option<AssignMode>)]
    pub mode: Option<String>,
}

/// How claims are shared out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum AssignMode {
    #[default]
    RoundRobin,
    Each,
}

impl AssignMode {
    pub fn parse(raw: &str) -> Option<AssignMode> {
        match raw.trim() {
            "round_robin" => Some(AssignMode::RoundRobin),
            "each" => Some(AssignMode::Each),
            _ => None,
        }
    }
}

/// An assignment request that meets every rule the request alone can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRequest {
    pub article_id: i64,
    pub claim_ids: Option<Vec<i64>>,
    pub reviewers: Vec<String>,
    pub mode: AssignMode,
}

impl AssignmentRequest {
    pub fn parse(input: AssignmentInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let article_id = match input.article_id {
            Some(id) if id > 0 => id,
            Some(_) => {
                errors.add("article_id", "must be the id of an article");
                0
            }
            None => {
                errors.add(
                    "article_id",
                    "is required: the article whose claims to assign",
                );
                0
            }
        };
        let mut reviewers: Vec<String> = Vec::new();
        for name in input.reviewers.unwrap_or_default() {
            let name = name.trim().to_owned();
            if !name.is_empty() && !reviewers.contains(&name) {
                reviewers.push(name);
            }
        }
        if reviewers.is_empty() {
            errors.add(
                "reviewers",
                "name at least one reviewer (user names, role reviewer or above)",
            );
        } else if reviewers.len() > MAX_REVIEWERS {
            errors.add(
                "reviewers",
                format!(
                    "names {} reviewers; at most {MAX_REVIEWERS}",
                    reviewers.len()
                ),
            );
        }
        let mode = match input.mode.as_deref() {
            None => AssignMode::default(),
            Some(raw) => AssignMode::parse(raw).unwrap_or_else(|| {
                errors.add(
                    "mode",
                    format!("'{raw}' is not a mode; use round_robin or each"),
                );
                AssignMode::default()
            }),
        };
        let claim_ids = input.claim_ids.map(|ids| {
            let mut unique = Vec::with_capacity(ids.len());
            for id in ids {
                if !unique.contains(&id) {
                    unique.push(id);
                }
            }
            unique
        });
        if claim_ids.as_ref().is_some_and(Vec::is_empty) {
            errors.add(
                "claim_ids",
                "is empty; leave it out to assign all of the article's claims",
            );
        }
        errors.finish(AssignmentRequest {
            article_id,
            claim_ids,
            reviewers,
            mode,
        })
    }
}

/// Which reviewer gets which claim: round robin deals the claims out in order, starting with
/// the first reviewer; `each` gives every claim to every reviewer.
pub fn plan<C: Copy, R: Copy>(claims: &[C], reviewers: &[R], mode: AssignMode) -> Vec<(C, R)> {
    if reviewers.is_empty() {
        return Vec::new();
    }
    match mode {
        AssignMode::RoundRobin => claims
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, reviewers[i % reviewers.len()]))
            .collect(),
        AssignMode::Each => claims
            .iter()
            .flat_map(|c| reviewers.iter().map(move |r| (*c, *r)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_deals_in_turn_and_each_gives_all() {
        assert_eq!(
            plan(&[1, 2, 3], &['a', 'b'], AssignMode::RoundRobin),
            [(1, 'a'), (2, 'b'), (3, 'a')]
        );
        assert_eq!(
            plan(&[1, 2], &['a', 'b'], AssignMode::Each),
            [(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')]
        );
    }

    #[test]
    fn every_broken_rule_is_named() {
        let err = AssignmentRequest::parse(AssignmentInput {
            mode: Some("random".into()),
            claim_ids: Some(vec![]),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["article_id", "reviewers", "mode", "claim_ids"]);
    }

    #[test]
    fn repeated_names_and_claims_count_once() {
        let ok = AssignmentRequest::parse(AssignmentInput {
            article_id: Some(1),
            claim_ids: Some(vec![3, 3, 4]),
            reviewers: Some(vec!["ana".into(), " ana ".into(), "bo".into()]),
            mode: Some("each".into()),
        })
        .unwrap();
        assert_eq!(ok.reviewers, ["ana", "bo"]);
        assert_eq!(ok.claim_ids, Some(vec![3, 4]));
        assert_eq!(ok.mode, AssignMode::Each);
    }
}
