//! The JSON REST API, version 1. Its paths and field names are a contract with newsroom tools.
//!
//! Routes are registered through utoipa-axum, so the router and the OpenAPI document are built
//! from the same list and cannot drift apart.

pub mod articles;
pub mod assignments;
pub mod claims;
pub mod comments;
pub mod doc;
pub mod export;
pub mod linked_data_doc;
pub mod listing;
pub mod publication;
pub mod reviews;
pub mod revisions;
pub mod standards;
pub mod views;
pub mod webhooks;

use axum::Router;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// Every `/api/v1` route, and the OpenAPI document that describes them, under that prefix.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .routes(routes!(articles::list, articles::create))
        .routes(routes!(articles::show, articles::update))
        .routes(routes!(articles::claims))
        .routes(routes!(revisions::list, revisions::create))
        .routes(routes!(
            publication::show,
            publication::publish,
            publication::withdraw
        ))
        .routes(routes!(claims::list))
        .routes(routes!(claims::show, claims::edit))
        .routes(routes!(claims::history))
        .routes(routes!(claims::edits))
        .routes(routes!(claims::annotate))
        .routes(routes!(comments::list, comments::create))
        .routes(routes!(comments::show, comments::delete))
        .routes(routes!(assignments::list, assignments::create))
        .routes(routes!(assignments::delete))
        .routes(routes!(assignments::queue))
        .routes(routes!(reviews::disputes))
        .routes(routes!(reviews::agreement))
        .routes(routes!(standards::claimreview))
        .routes(routes!(standards::annotations))
        .routes(routes!(standards::annotation))
        .routes(routes!(standards::comment))
        .routes(routes!(export::claims_csv))
        .routes(routes!(export::claims_ndjson))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::delete))
        .routes(routes!(webhooks::deliveries));
    let (router, mut openapi) = OpenApiRouter::with_openapi(doc::ApiDoc::openapi())
        .nest("/api/v1", v1)
        .split_for_parts();
    drop_unreferenced_schemas(&mut openapi);
    (router, openapi)
}

/// utoipa registers the item type of a generic listing (`Page<ClaimListItem>`) as a component
/// of its own while inlining it into the listing; nothing refers to such a component, and
/// linters flag it. Components that nothing refers to are left out.
fn drop_unreferenced_schemas(openapi: &mut utoipa::openapi::OpenApi) {
    loop {
        let text = serde_json::to_string(&*openapi).unwrap_or_default();
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let unused: Vec<String> = components
            .schemas
            .keys()
            .filter(|name| !text.contains(&format!("\"#/components/schemas/{name}\"")))
            .cloned()
            .collect();
        if unused.is_empty() {
            return;
        }
        for name in unused {
            components.schemas.remove(&name);
        }
    }
}

/// The OpenAPI document alone (for `claimdesk openapi` and tests).
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().1
}
