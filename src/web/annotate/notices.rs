//! What the annotate page says once after a redirect: why a verdict was not saved (with what
//! was typed), or what an import did.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::storage::User;
use crate::web::error::PageError;

use super::panel::*;

/// The notice a page shows after a redirect, for one claim.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Flash {
    pub(super) claim_id: i64,
    /// Who typed the form: only they are shown it (another account may sign in on the same
    /// browser after a session ended).
    pub(super) typed_by: String,
    pub(super) notice: PanelNotice,
}

pub(super) const FLASH_KEY: &str = "panel_notice";

pub(super) async fn keep_flash(
    session: &Session,
    claim_id: i64,
    typed_by: &str,
    notice: PanelNotice,
) -> Result<(), PageError> {
    let flash = Flash {
        claim_id,
        typed_by: typed_by.to_owned(),
        notice,
    };
    session
        .insert(FLASH_KEY, flash)
        .await
        .map_err(PageError::session)
}

/// The notice `viewer` left for `claim_id`, taken out of the session so it shows once.
pub(super) async fn take_flash(
    session: &Session,
    claim_id: Option<i64>,
    viewer: &User,
) -> Result<PanelNotice, PageError> {
    let Some(claim_id) = claim_id else {
        return Ok(PanelNotice::default());
    };
    let flash: Option<Flash> = session.get(FLASH_KEY).await.map_err(PageError::session)?;
    match flash {
        Some(flash) if flash.claim_id == claim_id => {
            session
                .remove_value(FLASH_KEY)
                .await
                .map_err(PageError::session)?;
            if flash.typed_by == viewer.name {
                Ok(flash.notice)
            } else {
                Ok(PanelNotice::default())
            }
        }
        _ => Ok(PanelNotice::default()),
    }
}

/// Whether the session holds a word to say once (about a claim or an article): a page that
/// says it is made for this one view.
pub(super) async fn any_pending(session: &Session) -> Result<bool, PageError> {
    for key in [FLASH_KEY, ARTICLE_NOTICE_KEY] {
        if session
            .get_value(key)
            .await
            .map_err(PageError::session)?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A word about the article shown once at the top of its page (after an import).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct ArticleNotice {
    pub(super) article_id: i64,
    pub(super) message: String,
}

pub(super) const ARTICLE_NOTICE_KEY: &str = "article_notice";

pub async fn keep_article_notice(
    session: &Session,
    article_id: i64,
    message: String,
) -> Result<(), PageError> {
    session
        .insert(
            ARTICLE_NOTICE_KEY,
            ArticleNotice {
                article_id,
                message,
            },
        )
        .await
        .map_err(PageError::session)
}

pub(super) async fn take_article_notice(
    session: &Session,
    article_id: i64,
) -> Result<Option<String>, PageError> {
    let notice: Option<ArticleNotice> = session
        .get(ARTICLE_NOTICE_KEY)
        .await
        .map_err(PageError::session)?;
    match notice {
        Some(notice) if notice.article_id == article_id => {
            session
                .remove_value(ARTICLE_NOTICE_KEY)
                .await
                .map_err(PageError::session)?;
            Ok(Some(notice.message))
        }
        _ => Ok(None),
    }
}
