//! The OpenAPI 3.1 document, generated from the handlers themselves (utoipa), and the error
//! answers they share.

use std::collections::BTreeMap;

use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{IntoResponses, Modify, OpenApi};

use crate::domain::validation::FieldError;
use crate::error::{PROBLEM_JSON, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "claimdesk API",
        description = "Articles in, claims out, verdicts recorded. Every request needs \
                       `Authorization: Bearer TOKEN`; every error is RFC 9457 problem+json.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "/", description = "The claimdesk serving this document")),
    modifiers(&BearerAuth),
    components(schemas(Problem, FieldError)),
    security(("bearer" = [])),
    tags(
        (name = "articles", description = "Import and read articles"),
        (name = "claims", description = "Claims and their verdicts"),
        (name = "standards", description = "ClaimReview, Web Annotation and exports"),
        (name = "team", description = "Assignments, queues, double review, disputes, agreement and comments"),
        (name = "webhooks", description = "Signed notifications to newsroom tools"),
    ),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `claimdesk token create USER`"))
                    .build(),
            ),
        );
    }
}

fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

fn problems(codes: &[u16]) -> BTreeMap<String, RefOr<Response>> {
    codes
        .iter()
        .map(|code| {
            let description = match code {
                400 => {
                    "Malformed request: unreadable JSON, a bad query parameter, cursor or header"
                }
                401 => "No bearer token, or an unknown or revoked one",
                403 => "The token's role is too low",
                404 => "No such resource",
                409 => "The request conflicts with the current state (the claim was removed by a revision of its article, or another revision landed meanwhile); nothing was written",
                412 => "If-Match names a version that is no longer current; nothing was written",
                413 => "The body is over 2 MiB",
                415 => "The body is not of a supported media type",
                422 => "A field breaks a rule; `errors` names each field and why",
                _ => "Error",
            };
            (code.to_string(), problem(description))
        })
        .collect()
}

/// The errors of a read: bad query, no token, nothing there.
pub struct ReadProblems;

impl IntoResponses for ReadProblems {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[400, 401, 404])
    }
}

/// The errors of a write with a JSON body.
pub struct WriteProblems;

impl IntoResponses for WriteProblems {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[400, 401, 403, 404, 413, 415, 422])
    }
}

/// The errors of a text revision, which may meet another revision of the same article.
pub struct RevisionProblems;

impl IntoResponses for RevisionProblems {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[400, 401, 403, 404, 409, 413, 415, 422])
    }
}

/// The errors of a verdict, which also has a version precondition.
pub struct VerdictProblems;

impl IntoResponses for VerdictProblems {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[400, 401, 403, 404, 409, 412, 413, 415, 422])
    }
}
