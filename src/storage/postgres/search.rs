//! Full-text search over claims on PostgreSQL: a `tsvector` column (`claims.words`, folded
//! for case and accents) with a GIN index.

use super::PostgresStorage;
use super::claims::CLAIM_SELECT;
use super::common::*;
use crate::domain::search::distinctive_words;
use crate::storage::search::{any_of, similar};

/// A term as a `tsquery` lexeme: quoted, so nothing a user types is read as query syntax.
fn lexeme(term: &str) -> String {
    format!("'{}'", term.replace('\\', "\\\\").replace('\'', "''"))
}

/// How much a term found in a claim counts toward its relevance: more for a rarer term
/// (an inverse document frequency, from counts capped at [`similar::COMMON`]).
fn weight(count: u32) -> f64 {
    (1.0 + f64::from(similar::COMMON) / (1.0 + f64::from(count))).ln()
}

impl PostgresStorage {
    /// How many claims hold each term, counting no further than `cap`; one round trip.
    async fn term_counts(&self, terms: &[String], cap: u32) -> StorageResult<Vec<u32>> {
        let lexemes: Vec<String> = terms.iter().map(|t| lexeme(t)).collect();
        let counts: Vec<i64> = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM (
                        SELECT 1 FROM claims
                        WHERE words @@ to_tsquery('claimdesk_words', t.term) LIMIT $2) hits)
             FROM unnest($1::text[]) WITH ORDINALITY AS t(term, n) ORDER BY t.n",
        )
        .bind(&lexemes)
        .bind(i64::from(cap))
        .fetch_all(&self.pool)
        .await?;
        Ok(counts
            .into_iter()
            .map(|c| u32::try_from(c).unwrap_or(cap))
            .collect())
    }
}

#[async_trait]
impl Search for PostgresStorage {
    /// Ranked by the summed rarity of the query's terms each claim holds, then by
    /// PostgreSQL's own `ts_rank` (which favours claims holding them more densely).
    async fn search_claims(&self, query: &ClaimQuery) -> StorageResult<Vec<Claim>> {
        let terms = crate::domain::search::terms(&query.text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let weights: Vec<f64> = self
            .term_counts(&terms, similar::COMMON)
            .await?
            .into_iter()
            .map(weight)
            .collect();
        let lexemes: Vec<String> = terms.iter().map(|t| lexeme(t)).collect();
        let mut sql = QueryBuilder::<Postgres>::new(format!(
            "{CLAIM_SELECT}, to_tsquery('claimdesk_words', "
        ));
        sql.push_bind(any_of(&lexemes, 1, " & ", " | "))
            .push(") AS q WHERE c.words @@ q AND c.removed_in IS NULL");
        if let Some(article_id) = query.article_id {
            sql.push(" AND c.article_id = ").push_bind(article_id);
        }
        if let Some(status) = query.status {
            sql.push(" AND c.status = ").push_bind(status.as_str());
        }
        sql.push(
            " ORDER BY (SELECT coalesce(sum(t.weight), 0)
                        FROM unnest(",
        )
        .push_bind(&lexemes)
        .push("::text[], ")
        .push_bind(&weights)
        .push(
            "::float8[]) AS t(term, weight)
                        WHERE c.words @@ to_tsquery('claimdesk_words', t.term)) DESC,
                       ts_rank(c.words, q) DESC, c.id
             LIMIT ",
        )
        .push_bind(i64::from(query.limit))
        .push(" OFFSET ")
        .push_bind(i64::from(query.offset));
        sql.build_query_as::<ClaimRow>()
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ClaimRow::into_claim)
            .collect()
    }

    /// See [`similar`] for how candidates are found.
    async fn similar_claims(&self, claim: &Claim, limit: u32) -> StorageResult<Vec<Claim>> {
        let considered = distinctive_words(&claim.text, similar::CONSIDERED_WORDS);
        let counts = self.term_counts(&considered, similar::COMMON).await?;
        let words = similar::rare_words(considered, counts);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let lexemes: Vec<String> = words.iter().map(|t| lexeme(t)).collect();
        let wanted = any_of(
            &lexemes,
            similar::SHARED_WORDS.min(lexemes.len()),
            " & ",
            " | ",
        );
        let sql = format!(
            "{CLAIM_SELECT} WHERE c.words @@ to_tsquery('claimdesk_words', $1)
               AND c.removed_in IS NULL
             ORDER BY c.id DESC LIMIT $2"
        );
        sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql))
            .bind(wanted)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ClaimRow::into_claim)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_quoted_lexemes() {
        assert_eq!(lexeme("cable"), "'cable'");
        assert_eq!(lexeme("o'neil"), "'o''neil'");
    }

    #[test]
    fn rarer_terms_weigh_more() {
        assert!(weight(1) > weight(100));
        assert!(weight(similar::COMMON) > 0.0);
    }
}
