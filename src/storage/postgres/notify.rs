//! Hearing about other instances' commits: `LISTEN claimdesk_changes`.
//!
//! Triggers on the tables caches depend on send a notification at commit, naming what
//! changed (`content`, `accounts`, or `everything` after a restore) and the application name
//! of the connection that changed it. Each instance moves its change counters on the
//! notifications of others; its own commits moved them already. A notification lost while
//! the connection was down is made up for by treating the reconnection as a change of
//! everything.

use std::sync::{Arc, Weak};

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use tokio::sync::oneshot;

use crate::storage::base::Generation;

pub(super) const CHANNEL: &str = "claimdesk_changes";

/// The counters a notification moves.
pub(super) struct Counters {
    pub content: Arc<Generation>,
    pub accounts: Arc<Generation>,
}

struct WeakCounters {
    content: Weak<Generation>,
    accounts: Weak<Generation>,
}

impl WeakCounters {
    /// Moves the counters `what` names; `false` once the storage is gone.
    fn moved(&self, what: &str) -> bool {
        let (Some(content), Some(accounts)) = (self.content.upgrade(), self.accounts.upgrade())
        else {
            return false;
        };
        match what {
            "content" => content.moved(),
            "accounts" => accounts.moved(),
            _ => {
                content.moved();
                accounts.moved();
            }
        }
        true
    }
}

/// Subscribes before returning (so no change committed after `open` is missed), then
/// listens in a task until `stop` resolves.
pub(super) async fn listen(
    connect: PgConnectOptions,
    instance: String,
    counters: Counters,
    stop: oneshot::Receiver<()>,
) -> Result<(), sqlx::Error> {
    // A pool of its own, used only to reconnect the one listening connection.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_with(connect)
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    let counters = WeakCounters {
        content: Arc::downgrade(&counters.content),
        accounts: Arc::downgrade(&counters.accounts),
    };
    tokio::spawn(async move {
        tokio::pin!(stop);
        loop {
            let next = tokio::select! {
                _ = &mut stop => break,
                next = listener.try_recv() => next,
            };
            let keep_going = match next {
                Ok(Some(notification)) => {
                    let (what, from) = notification
                        .payload()
                        .split_once(' ')
                        .unwrap_or((notification.payload(), ""));
                    let own = from == instance && what != "everything";
                    own || counters.moved(what)
                }
                // The connection dropped (it reconnects on the next call): whatever was
                // sent meanwhile is lost, so every cache reads again.
                Ok(None) => counters.moved("everything"),
                Err(err) => {
                    tracing::warn!(error = %err, "lost the change notifications; retrying");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    counters.moved("everything")
                }
            };
            if !keep_going {
                break;
            }
        }
        // The listener holds the pool's one connection: closing waits for it.
        drop(listener);
        pool.close().await;
    });
    Ok(())
}

/// `url` with its password replaced, for messages and logs.
pub(super) fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            without_password("postgres://app:s3cret@db:5432/claimdesk"),
            "postgres://app:***@db:5432/claimdesk"
        );
        assert_eq!(
            without_password("postgres://app@db/claimdesk"),
            "postgres://app@db/claimdesk"
        );
    }

    #[test]
    fn a_notification_moves_what_it_names() {
        let counters = Counters {
            content: Arc::default(),
            accounts: Arc::default(),
        };
        let weak = WeakCounters {
            content: Arc::downgrade(&counters.content),
            accounts: Arc::downgrade(&counters.accounts),
        };
        assert!(weak.moved("accounts"));
        assert_eq!((counters.content.get(), counters.accounts.get()), (0, 1));
        assert!(weak.moved("everything"));
        assert_eq!((counters.content.get(), counters.accounts.get()), (1, 2));
        drop(counters);
        assert!(!weak.moved("content"));
    }
}
