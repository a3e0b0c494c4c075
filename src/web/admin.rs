//! Admin pages: users and their roles, API tokens (created, shown once, revoked).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::error::PageError;
use super::layout::Layout;
use super::session::SignedIn;
use crate::auth;
use crate::domain::{Role, user};
use crate::http::extract::parse_id;
use crate::state::AppState;
use crate::storage::{StorageError, TokenInfo, User};

#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    layout: Layout,
    users: Vec<User>,
    roles: Vec<&'static str>,
    notice: Option<String>,
    error: Option<String>,
}

async fn users_page(
    state: &AppState,
    admin: &User,
    notice: Option<String>,
    error: Option<String>,
) -> Result<UsersPage, PageError> {
    Ok(UsersPage {
        layout: Layout::new("Users", "admin", Some(admin)),
        users: state.storage.list_users().await?,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        notice,
        error,
    })
}

/// The users page again, saying what was refused, answered with `status`.
async fn users_refused(
    state: &AppState,
    admin: &User,
    status: StatusCode,
    message: String,
) -> Result<Response, PageError> {
    let page = users_page(state, admin, None, Some(message)).await?;
    Ok((status, page).into_response())
}

pub async fn users(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<UsersPage, PageError> {
    signed_in.require(Role::Admin)?;
    users_page(&state, &signed_in.0, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

pub async fn add_user(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageError> {
    signed_in.require(Role::Admin)?;
    let name = form.name.trim().to_owned();
    let problem = user::validate_name(&name)
        .err()
        .or_else(|| form.role.parse::<Role>().err().map(|e| e.to_string()))
        .or_else(|| {
            // No password is a token-only account.
            (!form.password.is_empty())
                .then(|| user::check_password(&form.password))
                .flatten()
                .map(|problem| format!("{problem}, or none for a token-only account."))
        });
    if let Some(message) = problem {
        return users_refused(
            &state,
            &signed_in.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )
        .await;
    }
    let role: Role = form.role.parse().unwrap_or(Role::Viewer);
    let hash = if form.password.is_empty() {
        None
    } else {
        Some(auth::hash_password(form.password).await?)
    };
    match state
        .storage
        .create_user(&name, role, hash.as_deref())
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(StorageError::Conflict(message)) => {
            users_refused(&state, &signed_in.0, StatusCode::CONFLICT, message).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageError> {
    signed_in.require(Role::Admin)?;
    let id = parse_id(&id, "user")?;
    let role: Role = match form.role.parse() {
        Ok(role) => role,
        Err(e) => {
            let message = e.to_string();
            return users_refused(
                &state,
                &signed_in.0,
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
            )
            .await;
        }
    };
    // An admin demoting themselves could leave the instance without any admin.
    if id == signed_in.0.id && role != Role::Admin {
        let message = "You cannot remove your own admin role; ask another admin.".to_owned();
        return users_refused(
            &state,
            &signed_in.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )
        .await;
    }
    if !state.storage.set_user_role(id, role).await? {
        return Err(PageError::not_found(format!("There is no user {id}.")));
    }
    state.auth_cache.forget_user(id);
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_tokens.html")]
pub struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenInfo>,
    users: Vec<User>,
    new_token: Option<String>,
    error: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    admin: &User,
    new_token: Option<String>,
    error: Option<String>,
) -> Result<TokensPage, PageError> {
    Ok(TokensPage {
        layout: Layout::new("API tokens", "admin", Some(admin)),
        tokens: state.storage.list_tokens().await?,
        users: state.storage.list_users().await?,
        new_token,
        error,
    })
}

/// The tokens page again, saying what was refused (422).
async fn tokens_refused(
    state: &AppState,
    admin: &User,
    message: String,
) -> Result<Response, PageError> {
    let page = tokens_page(state, admin, None, Some(message)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn tokens(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<TokensPage, PageError> {
    signed_in.require(Role::Admin)?;
    tokens_page(&state, &signed_in.0, None, None).await
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    label: String,
}

/// Creates a token and shows it once, on this answer only (never stored in clear).
pub async fn create_token(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    signed_in.require(Role::Admin)?;
    let label = form.label.trim();
    let Some(owner) = state.storage.user_by_name(form.user.trim()).await? else {
        let message = format!("There is no user '{}'.", form.user);
        return tokens_refused(&state, &signed_in.0, message).await;
    };
    if label.is_empty() || label.chars().count() > 100 {
        let message = "Give the token a label of 1 to 100 characters.".to_owned();
        return tokens_refused(&state, &signed_in.0, message).await;
    }
    let token = auth::issue_token(state.storage.as_ref(), &owner, label).await?;
    let page = tokens_page(&state, &signed_in.0, Some(token), None).await?;
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], page).into_response())
}

pub async fn revoke_token(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    signed_in.require(Role::Admin)?;
    let id = parse_id(&id, "token")?;
    state.storage.revoke_token(id).await?;
    Ok(Redirect::to("/admin/tokens"))
}
