//! Signing in and out, and the one-time setup of the first administrator.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::error::PageError;
use super::layout::Layout;
use super::session::{self, SignedIn};
use crate::auth;
use crate::domain::{Role, user};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    layout: Layout,
    next: String,
    name: String,
    error: Option<String>,
    /// Why the browser was sent here.
    notice: Option<&'static str>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NextParam {
    next: Option<String>,
    /// `expired`: a session this browser had has ended.
    reason: Option<String>,
}

/// Only a path on this site: never `//evil.example` or an absolute URL.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/articles".to_owned(),
    }
}

pub async fn form(
    user: Option<SignedIn>,
    Query(params): Query<NextParam>,
) -> Result<Response, PageError> {
    let next = safe_next(params.next.as_deref());
    if user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let notice = match params.reason.as_deref() {
        Some("expired") => Some(
            "Your session ended (it timed out, or you signed out elsewhere). Sign in again to \
             continue where you left off; nothing you typed is lost.",
        ),
        _ if next != "/articles" => Some("Sign in to see that page."),
        _ => None,
    };
    Ok(LoginPage {
        layout: Layout::new("Sign in", "login", None),
        next,
        name: String::new(),
        error: None,
        notice,
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default, alias = "name")]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    axum_client_ip::ClientIp(client): axum_client_ip::ClientIp,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let name = form.username.trim().to_owned();
    let next = safe_next(form.next.as_deref());
    if let Err(wait) = auth::count_sign_in(state.storage.as_ref(), client, &name).await? {
        return Err(AppError::TooManyRequests(format!(
            "Too many sign-in attempts. Wait {} seconds and try again.",
            wait.as_secs().max(1)
        ))
        .into());
    }
    let user = state.storage.user_by_name(&name).await?;
    let hash = match user.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(hash) => hash,
        None => auth::decoy_hash().await,
    };
    let verified = auth::verify_password(form.password, hash).await;
    match user {
        Some(user) if verified && user.password_hash.is_some() => {
            session::sign_in(&session, &user).await?;
            tracing::info!(user = %user.name, "signed in");
            Ok(Redirect::to(&next).into_response())
        }
        _ => {
            let page = LoginPage {
                layout: Layout::new("Sign in", "login", None),
                next,
                name,
                error: Some("That name and password do not match an account.".to_owned()),
                notice: None,
            };
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
    }
}

pub async fn sign_out(session: Session) -> Result<Redirect, PageError> {
    session::sign_out(&session).await?;
    Ok(Redirect::to("/login"))
}

#[derive(Template, WebTemplate)]
#[template(path = "setup.html")]
pub struct SetupPage {
    layout: Layout,
    token: String,
    name: String,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct SetupParams {
    #[serde(default)]
    token: String,
}

/// Setup works only while no account exists, and only with the link `serve` printed.
async fn check_setup(state: &AppState, token: &str) -> Result<(), PageError> {
    if !state.storage.list_users().await?.is_empty() {
        return Err(PageError::not_found(
            "claimdesk is already set up; sign in instead.".to_owned(),
        ));
    }
    match &state.setup_token {
        Some(expected) if auth::constant_time_eq(expected.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(PageError::forbidden(
            "Use the setup link that `claimdesk serve` printed when it started.".to_owned(),
        )),
    }
}

pub async fn setup_form(
    State(state): State<AppState>,
    Query(params): Query<SetupParams>,
) -> Result<SetupPage, PageError> {
    check_setup(&state, &params.token).await?;
    Ok(SetupPage {
        layout: Layout::new("Set up", "setup", None),
        token: params.token,
        name: String::new(),
        error: None,
    })
}

#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

pub async fn setup_submit(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<SetupForm>,
) -> Result<Response, PageError> {
    check_setup(&state, &form.token).await?;
    let name = form.name.trim().to_owned();
    let problem = user::validate_name(&name)
        .err()
        .or_else(|| user::check_password(&form.password).map(|p| format!("{p}.")));
    if let Some(message) = problem {
        let page = SetupPage {
            layout: Layout::new("Set up", "setup", None),
            token: form.token,
            name,
            error: Some(message),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = auth::hash_password(form.password).await?;
    let admin = state
        .storage
        .create_user(&name, Role::Admin, Some(&hash))
        .await?;
    session::sign_in(&session, &admin).await?;
    Ok(Redirect::to("/articles").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/articles/3?claim=4")),
            "/articles/3?claim=4"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "javascript:x",
        ] {
            assert_eq!(safe_next(Some(bad)), "/articles");
        }
        assert_eq!(safe_next(None), "/articles");
    }
}
