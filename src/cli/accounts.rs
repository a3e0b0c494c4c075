//! `claimdesk user …` and `claimdesk token …`.

use std::io::Read;

use anyhow::{Context, bail};

use crate::auth;
use crate::domain::{Role, user};
use crate::storage::DynStorage;

pub(super) async fn add_user(
    storage: &DynStorage,
    name: &str,
    role: Role,
    password_stdin: bool,
) -> anyhow::Result<()> {
    user::validate_name(name).map_err(anyhow::Error::msg)?;
    let password_hash = if password_stdin {
        let mut password = String::new();
        std::io::stdin()
            .read_to_string(&mut password)
            .context("cannot read the password from standard input")?;
        // `echo pw |` and here-strings add a line break that is not part of the password.
        let password = password
            .strip_suffix('\n')
            .map(|p| p.strip_suffix('\r').unwrap_or(p))
            .unwrap_or(&password)
            .to_owned();
        match user::check_password(&password) {
            Some(user::PasswordProblem::Short(n)) => eprintln!(
                "warning: the password is only {n} characters long; {} or more are recommended",
                user::RECOMMENDED_PASSWORD_CHARS
            ),
            Some(problem) => anyhow::bail!("{problem}"),
            None => {}
        }
        Some(auth::hash_password(password).await?)
    } else {
        None
    };
    let user = storage
        .create_user(name, role, password_hash.as_deref())
        .await?;
    println!("added user '{}' ({})", user.name, user.role);
    Ok(())
}

pub(super) async fn list_users(storage: &DynStorage) -> anyhow::Result<()> {
    for u in storage.list_users().await? {
        let login = if u.password_hash.is_some() {
            "password"
        } else {
            "tokens only"
        };
        println!("{}\t{}\t{}\t{}", u.name, u.role, login, u.created_at);
    }
    Ok(())
}

pub(super) async fn create_token_command(
    storage: &DynStorage,
    user: &str,
    label: &str,
) -> anyhow::Result<()> {
    let Some(owner) = storage.user_by_name(user).await? else {
        bail!("no user named '{user}'; add one with `claimdesk user add {user} --role ROLE`");
    };
    let token = auth::issue_token(storage.as_ref(), &owner, label).await?;
    eprintln!("API token for '{user}' (shown once; store it now):");
    println!("{token}");
    Ok(())
}

pub(super) async fn list_tokens(storage: &DynStorage) -> anyhow::Result<()> {
    for t in storage.list_tokens().await? {
        let state = t.revoked_at.as_deref().unwrap_or("active");
        println!(
            "{}\t{}\t{}…\t{}\t{}\t{}",
            t.id, t.user, t.prefix, t.label, t.created_at, state
        );
    }
    Ok(())
}

pub(super) async fn revoke_token(storage: &DynStorage, id: i64) -> anyhow::Result<()> {
    if storage.revoke_token(id).await? {
        println!("token {id} revoked");
        Ok(())
    } else {
        bail!("no active token with id {id}; `claimdesk token list` shows them")
    }
}
