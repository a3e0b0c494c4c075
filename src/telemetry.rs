//! Operations: Prometheus metrics and log set-up.
//!
//! `GET /metrics` serves request counts and latencies by route, verdicts by status, and the
//! database pools' use, in the Prometheus text format.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::domain::ClaimStatus;
use crate::storage::PoolStats;

/// Latency buckets in seconds: from a cached page to a slow import.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide recorder (a process has one, however many servers it runs).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".to_owned()),
                LATENCY_BUCKETS,
            )
            .expect("static buckets are valid");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (never in claimdesk itself); then the
        // metrics simply go there.
        let _ = metrics::set_global_recorder(recorder);
        keep_up(handle.clone());
        handle
    })
}

/// How often the latency samples are folded into their histograms.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Folds the recorded latencies into their histograms now and then, for as long as the
/// process runs. The recorder keeps every sample until then: with nobody scraping `/metrics`
/// (most installations) it would hold eight bytes and more per request served, for ever
/// (measured: 14 MB more after the load benchmark's reads and writes, and climbing). A thread
/// of its own, because the recorder outlives any one runtime (tests start many).
fn keep_up(handle: PrometheusHandle) {
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_EVERY);
                handle.run_upkeep();
            }
        });
    if let Err(err) = spawned {
        tracing::warn!(%err, "cannot start the metrics upkeep: /metrics scrapes alone will fold latencies");
    }
}

/// Counts and times every request by its route template (never the raw path, whose ids would
/// make one series per claim).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A verdict was recorded (through the API or a page).
pub fn verdict_recorded(status: ClaimStatus) {
    metrics::counter!("claimdesk_verdicts_total", "status" => status.as_str()).increment(1);
}

/// The `/metrics` answer, with the database pools' figures as they are now.
pub fn render(pools: &[PoolStats]) -> Response {
    for pool in pools {
        metrics::gauge!("claimdesk_db_connections", "pool" => pool.name, "state" => "open")
            .set(f64::from(pool.open));
        metrics::gauge!("claimdesk_db_connections", "pool" => pool.name, "state" => "idle")
            .set(f64::from(pool.idle));
        metrics::gauge!("claimdesk_db_connections_max", "pool" => pool.name)
            .set(f64::from(pool.max));
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        handle().render(),
    )
        .into_response()
}

/// Installs the recorder early, so counts start with the first request.
pub fn init_metrics() {
    handle();
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, with the request's id on every line logged inside it.
    Json,
}

pub fn init_logging(format: LogFormat, default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .flatten_event(true)
            .try_init(),
    };
}
