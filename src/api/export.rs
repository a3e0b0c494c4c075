//! Claim exports, streamed: CSV for spreadsheets, NDJSON for tools. Rows are read a page at a
//! time by keyset, so memory stays flat and the first bytes leave at once, however many claims
//! there are.

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::doc::ReadProblems;
use super::listing::{RevisionParams, StatusParam, bound};
use super::views::ClaimView;
use crate::domain::ClaimStatus;
use crate::error::AppResult;
use crate::http::auth::{Authenticated, require};
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use crate::storage::{Claim, ClaimFilter, DynStorage};

/// Rows read per round trip to the database.
const BATCH: u32 = 500;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Only claims of this article.
    pub article_id: Option<i64>,
    /// Only claims whose status last changed on or after this date or timestamp
    /// (`2025-11-27` or RFC 3339).
    pub since: Option<String>,
    /// Only claims whose status last changed on or before this date or timestamp.
    pub until: Option<String>,
}

struct Export {
    storage: DynStorage,
    filter: ClaimFilter,
    titles: HashMap<i64, String>,
    done: bool,
}

impl Export {
    async fn new(
        state: &AppState,
        params: &ExportParams,
        status: Option<ClaimStatus>,
        revisions: &RevisionParams,
    ) -> AppResult<Self> {
        Ok(Export {
            storage: state.storage.clone(),
            filter: revisions.apply(ClaimFilter {
                article_id: params.article_id,
                status,
                after: None,
                limit: BATCH,
                updated_from: bound("since", params.since.as_deref(), false)?,
                updated_to: bound("until", params.until.as_deref(), true)?,
                ..Default::default()
            }),
            titles: HashMap::new(),
            done: false,
        })
    }

    /// The next batch of rows with their article titles, or `None` at the end.
    async fn next_batch(&mut self) -> Result<Option<Vec<(Claim, String)>>, std::io::Error> {
        if self.done {
            return Ok(None);
        }
        let claims = self
            .storage
            .claims(&self.filter)
            .await
            .map_err(std::io::Error::other)?;
        if claims.len() < BATCH as usize {
            self.done = true;
        }
        let Some(last) = claims.last() else {
            return Ok(None);
        };
        self.filter.after = Some(last.id);
        let mut rows = Vec::with_capacity(claims.len());
        for claim in claims {
            if !self.titles.contains_key(&claim.article_id) {
                let title = self
                    .storage
                    .article(claim.article_id)
                    .await
                    .map_err(std::io::Error::other)?
                    .map(|a| a.title)
                    .unwrap_or_default();
                self.titles.insert(claim.article_id, title);
            }
            let title = self.titles[&claim.article_id].clone();
            rows.push((claim, title));
        }
        Ok(Some(rows))
    }
}

/// Streams `header` then every batch rendered by `render`.
fn stream(
    export: Export,
    header: Option<Bytes>,
    render: fn(&[(Claim, String)]) -> Bytes,
    content_type: &'static str,
    file_name: &'static str,
) -> Response {
    let head = futures::stream::iter(header.map(Ok::<_, std::io::Error>));
    let rows = futures::stream::try_unfold(export, move |mut export| async move {
        Ok(export
            .next_batch()
            .await?
            .map(|batch| (render(&batch), export)))
    });
    let body = Body::from_stream(futures::StreamExt::chain(head, rows));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(file_name),
            ),
        ],
        body,
    )
        .into_response()
}

/// Spreadsheets run a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return)
/// as a formula; a leading apostrophe makes it text again (OWASP's advice for CSV injection).
/// A cell that itself starts with an apostrophe gets one more, so the rule for reading the
/// file back is exact: a cell that starts with `'` had one added; drop that one.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

const CSV_COLUMNS: [&str; 18] = [
    "claim_id",
    "article_id",
    "article_title",
    "position",
    "kind",
    "status",
    "version",
    "text",
    "sources",
    "note",
    "updated_at",
    "updated_by",
    "checkworthiness",
    "claim_types",
    "speaker",
    "summary",
    "changed_in",
    "removed_in",
];

/// RFC 4180: records end in CRLF.
fn csv_writer(capacity: usize) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(capacity))
}

fn csv_rows(batch: &[(Claim, String)]) -> Bytes {
    let mut writer = csv_writer(batch.len() * 256);
    for (claim, title) in batch {
        // Each source keeps its url and citation apart: a JSON array in one cell, which any
        // tool can read back (a joined string could not be split again).
        let sources = serde_json::to_string(&claim.sources).unwrap_or_else(|_| "[]".to_owned());
        let record = [
            claim.id.to_string(),
            claim.article_id.to_string(),
            neutralise(title).into_owned(),
            claim.position.to_string(),
            claim.kind.as_str().to_owned(),
            claim.status.as_str().to_owned(),
            claim.version.to_string(),
            neutralise(&claim.text).into_owned(),
            sources,
            neutralise(claim.note.as_deref().unwrap_or_default()).into_owned(),
            claim.updated_at.clone(),
            claim.updated_by.clone().unwrap_or_default(),
            claim
                .reading
                .checkworthiness
                .map(|v| v.to_string())
                .unwrap_or_default(),
            claim
                .reading
                .claim_types
                .iter()
                .map(|t| t.kind.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            neutralise(claim.reading.speaker.as_ref().map_or("", |s| &s.name)).into_owned(),
            neutralise(claim.reading.summary.as_deref().unwrap_or_default()).into_owned(),
            claim
                .lineage
                .changed_in
                .map(|r| r.to_string())
                .unwrap_or_default(),
            claim
                .lineage
                .removed_in
                .map(|r| r.to_string())
                .unwrap_or_default(),
        ];
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&record);
    }
    Bytes::from(writer.into_inner().unwrap_or_default())
}

fn csv_header() -> Bytes {
    let mut writer = csv_writer(256);
    let _ = writer.write_record(CSV_COLUMNS);
    // A byte order mark tells spreadsheets the file is UTF-8.
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(writer.into_inner().unwrap_or_default());
    Bytes::from(bytes)
}

#[derive(Serialize)]
struct NdjsonRow<'a> {
    #[serde(flatten)]
    claim: ClaimView,
    article_title: &'a str,
}

fn ndjson_rows(batch: &[(Claim, String)]) -> Bytes {
    let mut out = Vec::with_capacity(batch.len() * 512);
    for (claim, title) in batch {
        let row = NdjsonRow {
            claim: claim.into(),
            article_title: title,
        };
        if serde_json::to_writer(&mut out, &row).is_ok() {
            out.push(b'\n');
        }
    }
    Bytes::from(out)
}

/// Claims as CSV (RFC 4180: CRLF line ends; UTF-8 with a byte order mark, a header row),
/// streamed.
///
/// `sources` is a JSON array of `{url, citation}`. Text cells that a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) get a leading
/// apostrophe, and so does a cell that genuinely starts with one: to read a cell back, drop
/// one leading apostrophe if there is one.
#[utoipa::path(
    get, path = "/export/claims.csv", tag = "standards", operation_id = "export_claims_csv",
    params(ExportParams, StatusParam, RevisionParams),
    responses((status = 200, description = "CSV, streamed", body = String, content_type = "text/csv"), ReadProblems),
)]
pub async fn claims_csv(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    ApiQuery(params): ApiQuery<ExportParams>,
    ApiQuery(status): ApiQuery<StatusParam>,
    ApiQuery(revisions): ApiQuery<RevisionParams>,
) -> AppResult<Response> {
    let export = Export::new(&state, &params, status.parse()?, &revisions).await?;
    Ok(stream(
        export,
        Some(csv_header()),
        csv_rows,
        "text/csv; charset=utf-8",
        "attachment; filename=\"claims.csv\"",
    ))
}

/// Claims as newline-delimited JSON (one claim object per line), streamed.
///
/// Served as `application/x-ndjson`; a client that accepts only `text/plain` gets the same
/// lines labelled as such (generic HTTP clients read text, not NDJSON).
#[utoipa::path(
    get, path = "/export/claims.ndjson", tag = "standards", operation_id = "export_claims_ndjson",
    params(ExportParams, StatusParam, RevisionParams),
    responses(
        (status = 200, description = "NDJSON, streamed: one claim object per line", content(
            (String = "application/x-ndjson"),
            (String = "text/plain"),
        )),
        ReadProblems,
    ),
)]
pub async fn claims_ndjson(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    ApiQuery(params): ApiQuery<ExportParams>,
    ApiQuery(status): ApiQuery<StatusParam>,
    ApiQuery(revisions): ApiQuery<RevisionParams>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let export = Export::new(&state, &params, status.parse()?, &revisions).await?;
    let accept = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*/*");
    let wants_plain_text =
        accept.contains("text/plain") && !accept.contains("ndjson") && !accept.contains("*/*");
    Ok(stream(
        export,
        None,
        ndjson_rows,
        if wants_plain_text {
            "text/plain; charset=utf-8"
        } else {
            "application/x-ndjson"
        },
        "attachment; filename=\"claims.ndjson\"",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralise("The cable was sent."), "The cable was sent.");
        // A genuine leading apostrophe is told apart: it gets one more.
        assert_eq!(neutralise("'Tis the season."), "''Tis the season.");
        assert_eq!(neutralise("=1+1"), "'=1+1");
    }

    #[test]
    fn date_bounds_cover_whole_days() {
        assert_eq!(
            bound("since", Some("2025-11-27"), false).unwrap().unwrap(),
            "2025-11-27T00:00:00.000000Z"
        );
        assert_eq!(
            bound("until", Some("2025-11-27"), true).unwrap().unwrap(),
            "2025-11-27T23:59:59.999999Z"
        );
        assert_eq!(
            bound("since", Some("2025-11-27T10:00:00+01:00"), false)
                .unwrap()
                .unwrap(),
            "2025-11-27T09:00:00.000000Z"
        );
        assert!(bound("since", Some("yesterday"), false).is_err());
    }
}
