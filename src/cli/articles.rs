//! `claimdesk import` and `claimdesk segment`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;

use crate::analysis;
use crate::domain::{ArticleInput, NewArticle};
use crate::import::import_article;
use crate::segment;
use crate::storage::{DynStorage, Imported};

/// `claimdesk import FILE [--title] [--source-url] [--published-at] [--language]`.
pub(super) async fn import(
    storage: &DynStorage,
    file: &Path,
    fields: ArticleInput,
) -> anyhow::Result<()> {
    let body = read_input(Some(file))?;
    let title = fields.title.unwrap_or_else(|| {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled article".to_owned())
    });
    let is_html = crate::html::is_html_file_name(&file.to_string_lossy());
    let article = parse_article(ArticleInput {
        title: Some(title),
        body: Some(body),
        format: is_html.then(|| "html".to_owned()),
        ..fields
    })?;
    match import_article(storage.as_ref(), article, None).await? {
        Imported::Created(id) => {
            let article = storage.article(id).await?.context("article vanished")?;
            println!(
                "imported article {id} with {} claims: {}",
                article.counts.total(),
                article.title
            );
        }
        Imported::Existing(id) => {
            println!("article {id} already has this exact text; nothing imported");
        }
    }
    Ok(())
}

pub(super) fn parse_article(input: ArticleInput) -> anyhow::Result<NewArticle> {
    NewArticle::parse(input).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field.replace('_', "-"), e.message))
            .collect();
        anyhow::anyhow!("cannot import: {}", lines.join("; "))
    })
}

fn read_input(file: Option<&Path>) -> anyhow::Result<String> {
    let mut text = String::new();
    match file {
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input as UTF-8 text")?;
        }
        Some(path) if path == Path::new("-") => {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input as UTF-8 text")?;
        }
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            text = String::from_utf8(bytes)
                .map_err(|e| anyhow::anyhow!("{} is not UTF-8 text: {e}", path.display()))?;
        }
    }
    Ok(text)
}

/// A segment as `claimdesk segment` prints it: a claim with its reading (check-worthiness,
/// reasons, types, attribution), as the API shows them.
#[derive(serde::Serialize)]
struct SegmentOut<'a> {
    #[serde(flatten)]
    segment: &'a segment::Segment<'a>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    reading: Option<analysis::ClaimAnalysis>,
}

pub(super) fn print_segments(file: Option<&Path>, language: Option<&str>) -> anyhow::Result<()> {
    let text = read_input(file)?;
    let language = match language {
        Some(tag) => segment::Language::parse(tag).map_err(anyhow::Error::msg)?,
        None => segment::Language::detect(&text).unwrap_or_else(segment::Language::english),
    };
    let segments = segment::segment_in(&text, &language);
    let readings = analysis::read_segments(&text, &segments, &language);
    let segments: Vec<SegmentOut> = segments
        .iter()
        .zip(readings)
        .map(|(segment, reading)| SegmentOut { segment, reading })
        .collect();
    // A JSON array with one segment per line: as easy to read and to grep as pretty JSON, and
    // a fraction of the bytes to write for a long text. Long outputs are encoded on every core.
    let encoded: Vec<Vec<u8>> = {
        use rayon::prelude::*;
        segments
            .par_chunks(4096)
            .map(|chunk| {
                let mut buffer = Vec::with_capacity(chunk.len() * 160);
                for s in chunk {
                    buffer.extend_from_slice(b",\n");
                    serde_json::to_writer(&mut buffer, s).expect("a segment encodes as JSON");
                }
                buffer
            })
            .collect()
    };
    let mut out = std::io::stdout().lock();
    out.write_all(b"[")?;
    for (i, buffer) in encoded.iter().enumerate() {
        // The first segment has no comma before it.
        out.write_all(if i == 0 { &buffer[1..] } else { buffer })?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(())
}
