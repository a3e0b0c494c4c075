//! `/problems` and `/problems/{slug}`: what each problem `type` of the API means, at the URI
//! the type names. Public: a client's developer reading an error need not be signed in.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;

use super::error::PageError;
use super::layout::Layout;
use crate::error::{AppError, PROBLEM_TYPES, ProblemType};

#[derive(Template, WebTemplate)]
#[template(path = "problems.html")]
pub struct ProblemsPage {
    layout: Layout,
    problems: &'static [ProblemType],
}

pub async fn list() -> ProblemsPage {
    ProblemsPage {
        layout: Layout::new("API problems", "", None),
        problems: PROBLEM_TYPES,
    }
}

pub async fn page(Path(slug): Path<String>) -> Result<ProblemsPage, PageError> {
    let problem = ProblemType::find(&slug)
        .ok_or_else(|| AppError::NotFound(format!("claimdesk has no problem type '{slug}'.")))?;
    Ok(ProblemsPage {
        layout: Layout::new(problem.title, "", None),
        problems: std::slice::from_ref(problem),
    })
}
