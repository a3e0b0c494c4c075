//! Every page route, in one table.

use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};

use super::assets::{favicon, static_file};
use super::{
    admin, annotate, articles, dashboard, fact_check, problems, queue_count, revisions, search,
    sign_in, status, team,
};
use crate::state::AppState;

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/articles") }))
        .route("/login", get(sign_in::form).post(sign_in::submit))
        .route("/logout", post(sign_in::sign_out))
        .route(
            "/setup",
            get(sign_in::setup_form).post(sign_in::setup_submit),
        )
        .route("/articles", get(articles::list).post(articles::import))
        .route("/articles/new", get(articles::import_form))
        .route("/articles/{id}", get(annotate::page))
        .route("/articles/{id}/panel", get(annotate::panel))
        .route("/articles/{id}/status", get(status::page))
        .route("/articles/{id}/revise", get(revisions::form))
        .route(
            "/articles/{id}/revisions",
            get(revisions::page).post(revisions::revise),
        )
        .route("/articles/{id}/publication", post(status::publish))
        .route(
            "/articles/{id}/publication/withdraw",
            post(status::withdraw),
        )
        .route("/articles/{id}/assignments", post(team::assign))
        .route("/articles/{id}/review-policy", post(team::review_policy))
        .route("/queue", get(team::queue))
        .route("/disputes", get(team::disputes))
        .route("/claims/{id}/comments", post(team::comment))
        .route("/comments/{id}/remove", post(team::remove_comment))
        .route("/dashboard", get(dashboard::page))
        .route("/search", get(search::page))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}/role", post(admin::set_role))
        .route(
            "/admin/tokens",
            get(admin::tokens).post(admin::create_token),
        )
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route(
            "/claims/{id}/verdict",
            get(annotate::verdict_form).post(annotate::verdict),
        )
        .route("/claims/{id}/reading", post(annotate::correct))
        .route("/fact-checks/{id}", get(fact_check::page))
        .route(
            "/fact-checks/{id}/claimreview.jsonld",
            get(fact_check::claim_review),
        )
        .route("/problems", get(problems::list))
        .route("/problems/{slug}", get(problems::page))
        .route("/static/{file}", get(static_file))
        .route("/favicon.ico", get(favicon))
        .layer(axum::middleware::from_fn(queue_count::scope))
}
