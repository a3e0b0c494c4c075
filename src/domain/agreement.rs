//! Inter-reviewer agreement over blind double reviews: Krippendorff's alpha (nominal) over
//! every compared claim, Cohen's kappa and raw agreement per pair of reviewers, and the
//! confusion matrix of their statuses.
//!
//! With two reviews per claim and none missing, alpha's coincidence matrix counts each claim's
//! pair of values both ways (Krippendorff, "Computing Krippendorff's Alpha-Reliability",
//! 2011); kappa follows Cohen (1960). Both are undefined (`None`) when every review used one
//! and the same status, as the reference implementations report NaN there.

use std::collections::BTreeMap;

use serde::Serialize;

use super::status::ClaimStatus;

/// Below this many compared claims the figures say little; the answer's note warns.
pub const FEW_ITEMS: usize = 30;

/// One claim's two blind reviews, in the order they were submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubleReview {
    pub first: (String, ClaimStatus),
    pub second: (String, ClaimStatus),
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PairAgreement {
    /// The two reviewers, in alphabetical order.
    pub reviewers: [String; 2],
    /// Claims both reviewed.
    pub items: usize,
    /// Cohen's kappa; null when undefined (both always gave one and the same status).
    pub kappa: Option<f64>,
    /// The share of those claims they gave the same status, 0 to 1.
    pub percent_agreement: f64,
}

/// How often each status met each other: `counts[i][j]` claims got `labels[i]` from their
/// first review and `labels[j]` from their second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Confusion {
    #[schema(value_type = Vec<ClaimStatus>)]
    pub labels: Vec<ClaimStatus>,
    pub counts: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Agreement {
    /// Claims with two blind reviews compared.
    pub items: usize,
    /// Krippendorff's alpha (nominal) over all of them; null when undefined.
    pub alpha: Option<f64>,
    pub pairs: Vec<PairAgreement>,
    pub confusion: Confusion,
    /// A warning when the figures rest on too few claims to mean much.
    pub note: Option<String>,
}

/// The statuses a review can give, in the order the confusion matrix lists them.
const LABELS: [ClaimStatus; 4] = [
    ClaimStatus::Sourced,
    ClaimStatus::Unsourced,
    ClaimStatus::Contradicted,
    ClaimStatus::Dismissed,
];

fn label_index(status: ClaimStatus) -> usize {
    LABELS.iter().position(|l| *l == status).unwrap_or(0)
}

pub fn agreement(reviews: &[DoubleReview]) -> Agreement {
    let mut counts = vec![vec![0usize; LABELS.len()]; LABELS.len()];
    for r in reviews {
        counts[label_index(r.first.1)][label_index(r.second.1)] += 1;
    }
    let values: Vec<(ClaimStatus, ClaimStatus)> =
        reviews.iter().map(|r| (r.first.1, r.second.1)).collect();

    let mut by_pair: BTreeMap<(String, String), Vec<(ClaimStatus, ClaimStatus)>> = BTreeMap::new();
    for r in reviews {
        let (a, b) = if r.first.0 <= r.second.0 {
            (&r.first, &r.second)
        } else {
            (&r.second, &r.first)
        };
        by_pair
            .entry((a.0.clone(), b.0.clone()))
            .or_default()
            .push((a.1, b.1));
    }
    let pairs = by_pair
        .into_iter()
        .map(|((a, b), values)| PairAgreement {
            reviewers: [a, b],
            items: values.len(),
            kappa: cohen_kappa(&values),
            percent_agreement: percent_agreement(&values),
        })
        .collect();

    let note = (reviews.len() < FEW_ITEMS).then(|| {
        format!(
            "only {} claim(s) with two blind reviews were compared; with fewer than {FEW_ITEMS} \
             the figures are too uncertain to judge reviewers by",
            reviews.len()
        )
    });
    Agreement {
        items: reviews.len(),
        alpha: krippendorff_alpha(&values),
        pairs,
        confusion: Confusion {
            labels: LABELS.to_vec(),
            counts,
        },
        note,
    }
}

/// The share of units whose two values are equal (0 for no units).
pub fn percent_agreement(values: &[(ClaimStatus, ClaimStatus)]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|(a, b)| a == b).count() as f64 / values.len() as f64
}

/// Cohen's kappa of two raters' values.
pub fn cohen_kappa(values: &[(ClaimStatus, ClaimStatus)]) -> Option<f64> {
    let n = values.len() as f64;
    if values.is_empty() {
        return None;
    }
    let observed = percent_agreement(values);
    let mut first = [0f64; LABELS.len()];
    let mut second = [0f64; LABELS.len()];
    for (a, b) in values {
        first[label_index(*a)] += 1.0;
        second[label_index(*b)] += 1.0;
    }
    let expected: f64 = first
        .iter()
        .zip(second)
        .map(|(a, b)| (a / n) * (b / n))
        .sum();
    if (1.0 - expected).abs() < f64::EPSILON {
        return None;
    }
    Some((observed - expected) / (1.0 - expected))
}

/// Krippendorff's alpha, nominal, for units of two values each.
pub fn krippendorff_alpha(values: &[(ClaimStatus, ClaimStatus)]) -> Option<f64> {
    // Each unit adds its pair to the coincidence matrix both ways (weight 1/(m-1) = 1).
    let mut totals = [0f64; LABELS.len()];
    let mut disagreements = 0f64;
    for (a, b) in values {
        totals[label_index(*a)] += 1.0;
        totals[label_index(*b)] += 1.0;
        if a != b {
            disagreements += 2.0;
        }
    }
    let n: f64 = totals.iter().sum();
    let expected: f64 = (0..LABELS.len())
        .flat_map(|c| (0..LABELS.len()).map(move |k| (c, k)))
        .filter(|(c, k)| c != k)
        .map(|(c, k)| totals[c] * totals[k])
        .sum();
    if n < 2.0 || expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * disagreements / expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClaimStatus::{Contradicted as C, Sourced as S, Unsourced as U};

    fn review(a: &str, x: ClaimStatus, b: &str, y: ClaimStatus) -> DoubleReview {
        DoubleReview {
            first: (a.to_owned(), x),
            second: (b.to_owned(), y),
        }
    }

    #[test]
    fn perfect_agreement_is_one() {
        let values = [(S, S), (U, U), (C, C)];
        assert_eq!(krippendorff_alpha(&values), Some(1.0));
        assert_eq!(cohen_kappa(&values), Some(1.0));
    }

    #[test]
    fn one_status_everywhere_is_undefined() {
        let values = [(S, S), (S, S)];
        assert_eq!(krippendorff_alpha(&values), None);
        assert_eq!(cohen_kappa(&values), None);
        assert_eq!(percent_agreement(&values), 1.0);
    }

    #[test]
    fn a_worked_example() {
        // Two raters, 10 items: 7 agree. Kappa by hand: po = 0.7; rater a: S 5, U 3, C 2;
        // rater b: S 4, U 4, C 2; pe = (20 + 12 + 4) / 100 = 0.36; kappa = 0.34 / 0.64.
        let values = [
            (S, S),
            (S, S),
            (S, S),
            (S, U),
            (S, S),
            (U, U),
            (U, U),
            (U, C),
            (C, U),
            (C, C),
        ];
        let kappa = cohen_kappa(&values).unwrap();
        assert!((kappa - 0.34 / 0.64).abs() < 1e-12, "{kappa}");
        // Alpha: n = 20 values (S 9, U 7, C 4); disagreements 3 units x 2 = 6;
        // expected = sum over c != k of n_c n_k = 2 (63 + 36 + 28) = 254.
        let alpha = krippendorff_alpha(&values).unwrap();
        assert!(
            (alpha - (1.0 - 19.0 * 6.0 / 254.0)).abs() < 1e-12,
            "{alpha}"
        );
    }

    #[test]
    fn pairs_are_named_in_order_and_the_note_warns() {
        let result = agreement(&[review("zoe", S, "ana", U), review("ana", S, "zoe", S)]);
        assert_eq!(result.items, 2);
        assert_eq!(result.pairs.len(), 1);
        assert_eq!(
            result.pairs[0].reviewers,
            ["ana".to_owned(), "zoe".to_owned()]
        );
        assert_eq!(result.pairs[0].percent_agreement, 0.5);
        assert_eq!(result.confusion.counts[0][1], 1);
        assert_eq!(result.confusion.counts[0][0], 1);
        assert!(result.note.is_some());
    }
}
