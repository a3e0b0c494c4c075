//! The router: the API, the pages and the docs with the middleware around them, and serving
//! it until shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tower::{Service, ServiceBuilder};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use utoipa_swagger_ui::SwaggerUi;

use crate::api;
use crate::error::AppError;
pub use crate::state::{AppState, Shared};
use crate::telemetry;
use crate::web;
use crate::web::session::SessionBackend;
use crate::webhooks::Dispatcher;

/// Past this, a request is answered 503 instead of holding its connection forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Pages may load only this site's own scripts, styles and images, and may not be framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'";

const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The routes: the API, the pages and the docs, each request timed under its route.
pub fn router(state: AppState) -> Router {
    telemetry::init_metrics();
    // Cross-site form posts are refused (Sec-Fetch-Site / Origin); the API is exempt: it
    // authenticates writes with bearer tokens, which a browser never attaches by itself.
    let pages = web::routes().layer(CsrfLayer::new());
    let (api, openapi) = api::routes();
    // Swagger UI's assets are compiled in (no CDN). Its pages set inline styles, so they get
    // a policy of their own.
    let docs: Router<AppState> = Router::from(
        SwaggerUi::new("/api/docs").url("/api/openapi.json", openapi),
    )
    .layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOCS_CONTENT_SECURITY_POLICY),
    ));
    Router::new()
        .route("/healthz", get(health))
        .route(
            "/metrics",
            get(|State(state): State<AppState>| async move {
                telemetry::render(&state.storage.pool_stats())
            }),
        )
        .merge(api)
        .merge(docs)
        .merge(pages)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(axum::middleware::from_fn(telemetry::track))
        .with_state(state)
}

/// The router inside the middleware every request goes through, outermost first. It wraps
/// the router once rather than each route (as `Router::layer` does): axum clones a route's
/// service for every request, and with the whole stack on each route that was a dozen boxed
/// services allocated, cloned and dropped per request.
pub fn service(
    state: AppState,
) -> impl Service<
    Request<Body>,
    Response = Response,
    Error = Infallible,
    Future = impl Future<Output = Result<Response, Infallible>> + Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    let sessions = SessionManagerLayer::new(SessionBackend {
        storage: state.storage.clone(),
        cache: state.auth_cache.clone(),
    })
    .with_name(web::session::SESSION_COOKIE)
    .with_http_only(true)
    .with_same_site(SameSite::Lax)
    .with_secure(state.secure_cookies)
    .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    ServiceBuilder::new()
        .map_response(IntoResponse::into_response)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        // Outermost but for the request id, so even a panic's or a timeout's problem has an
        // absolute type.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::problem_base,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let request_id = request
                        .headers()
                        .get(&REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path(),
                        request_id,
                    )
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        // Text answers (pages, JSON, CSS, JS, CSV) compressed as the client accepts.
        .layer(CompressionLayer::new())
        .layer(state.client_ip.clone().into_extension())
        .layer(sessions)
        // Error pages show the navigation of whoever is signed in. Sessions cover the API
        // too, so a signed-in browser can follow the pages' links to exports.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::error::with_navigation,
        ))
        .layer(DefaultBodyLimit::max(crate::http::MAX_BODY_BYTES))
        .service(router(state))
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> Response {
    match state.storage.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok"})),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "database unavailable"})),
            )
                .into_response()
        }
    }
}

/// Unknown paths: problem+json under the API, a readable page elsewhere.
async fn not_found(uri: axum::http::Uri) -> Response {
    let err = AppError::NotFound(format!("Nothing at {}.", uri.path()));
    if uri.path().starts_with("/api/") {
        err.into_response()
    } else {
        web::error::PageError::App(err).into_response()
    }
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    AppError::MethodNotAllowed(format!("{} does not accept {method}", uri.path()))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::Internal(anyhow::anyhow!("a request handler panicked")).into_response()
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let storage = state.storage.clone();
    let dispatcher = Dispatcher::new(
        state.storage.clone(),
        state.webhooks.clone(),
        state.webhook_retry_base,
    );
    let held = dispatcher.held();
    let dispatcher = tokio::spawn(dispatcher.run());
    let served = axum::serve(
        listener,
        axum::ServiceExt::<Request<Body>>::into_make_service_with_connect_info::<SocketAddr>(
            service(state),
        ),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    // A delivery cut short here is still pending in the queue: given back, it goes out at
    // once after a restart (or from another instance) rather than when its lease runs out.
    dispatcher.abort();
    let _ = dispatcher.await;
    held.release(&storage).await;
    served
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are in place when this returns,
/// before the server accepts a connection: registered on the future's first poll instead,
/// which axum does in a task of its own, a SIGTERM right after the first answer could still
/// find the default action and kill the process instead of stopping it cleanly.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        [
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        ]
    };
    async move {
        #[cfg(unix)]
        {
            let [interrupt, terminate] = signals;
            let received = |signal: Option<tokio::signal::unix::Signal>| async move {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = received(interrupt) => {},
                () = received(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down: finishing in-flight requests");
    }
}
