//! Live delivery of chat messages to open request pages, across app instances.
//!
//! Why it works this way:
//! - A signal only says "request R may have something new" (or "re-check everything"). The
//!   subscriber then reads the messages after the last id it delivered from the database, so a
//!   lost, duplicated or reordered signal can never lose or duplicate a message: the database is
//!   the single source of truth and the stream only decides *when* to look.
//! - Message ids of one request grow in commit order because every posting transaction first
//!   updates the request row (PostgreSQL row lock, SQLite write lock) and only then inserts.
//! - In one process the signal is a tokio broadcast. On PostgreSQL every post also runs
//!   `pg_notify('portal_chat', …)` inside its transaction (delivered only if it commits), and
//!   every instance LISTENs and re-broadcasts what other instances posted. After the LISTEN
//!   connection drops, notifications sent meanwhile are gone, so reconnecting signals
//!   "re-check everything" to every local subscriber.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use tokio::sync::broadcast;

use crate::error::ServiceResult;

/// The PostgreSQL channel the instances notify each other on.
pub const CHANNEL: &str = "portal_chat";
/// Signals a slow subscriber may fall behind by before it is told to re-check everything.
const SIGNAL_BUFFER: usize = 4096;
/// The LISTEN connection is re-established after at most this long.
const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(5);

/// "Something may be new": for one request, or for all after a gap in the signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveSignal {
    Request { request_id: i32, message_id: i64 },
    Everything,
}

impl LiveSignal {
    /// Whether a subscriber watching `request_id` should look at the database.
    pub fn concerns(&self, request_id: i32) -> bool {
        match self {
            LiveSignal::Request { request_id: signalled, .. } => *signalled == request_id,
            LiveSignal::Everything => true,
        }
    }
}

/// The hub of one app instance. Cheap to clone; all clones share the channel.
#[derive(Clone, Debug)]
pub struct LiveHub {
    sender: broadcast::Sender<LiveSignal>,
    /// Tells this instance's notifications apart from other instances' on the shared channel.
    instance: Arc<str>,
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub::new()
    }
}

impl LiveHub {
    pub fn new() -> LiveHub {
        let (sender, _) = broadcast::channel(SIGNAL_BUFFER);
        let mut random = [0u8; 8];
        // A clash only costs a few redundant database reads, so a failure is not fatal.
        let _ = getrandom::fill(&mut random);
        let instance: String = random.iter().map(|byte| format!("{byte:02x}")).collect();
        LiveHub { sender, instance: instance.into() }
    }

    /// Signals that arrive after this call. Subscribe *before* reading the backlog from the
    /// database, so nothing committed in between is missed.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveSignal> {
        self.sender.subscribe()
    }

    /// How many subscribers are connected to this instance.
    pub fn subscriber_count(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Call after the posting transaction committed.
    pub fn message_committed(&self, request_id: i32, message_id: i64) {
        // No receivers is not an error: nobody has the page open.
        let _ = self.sender.send(LiveSignal::Request { request_id, message_id });
    }

    fn everything(&self) {
        let _ = self.sender.send(LiveSignal::Everything);
    }

    /// Inside the posting transaction: tells the other instances (PostgreSQL only; SQLite is a
    /// single-instance database). The notification is delivered when the transaction commits.
    pub async fn notify_in_transaction(&self, txn: &impl ConnectionTrait, request_id: i32, message_id: i64) -> ServiceResult<()> {
        if txn.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let payload = format!("{}:{request_id}:{message_id}", self.instance);
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.into()],
        ))
        .await?;
        Ok(())
    }

    /// On PostgreSQL, starts the task that re-broadcasts other instances' notifications here;
    /// does nothing on SQLite. The task runs until the pool is closed.
    pub fn spawn_listener(&self, db: &DatabaseConnection) -> Option<tokio::task::JoinHandle<()>> {
        if db.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        let pool = db.get_postgres_connection_pool().clone();
        let hub = self.clone();
        Some(tokio::spawn(async move { hub.listen_forever(pool).await }))
    }

    async fn listen_forever(self, pool: sea_orm::sqlx::PgPool) {
        let mut delay = Duration::from_millis(100);
        loop {
            if pool.is_closed() {
                return;
            }
            match self.listen_until_lost(&pool).await {
                Ok(()) => delay = Duration::from_millis(100),
                Err(error) => {
                    tracing::warn!(%error, retry_in_ms = delay.as_millis() as u64, "live chat LISTEN connection failed");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(MAX_RECONNECT_DELAY);
                }
            }
            // Whatever was notified while we were not listening is lost: everybody re-checks.
            self.everything();
        }
    }

    /// Listens on one connection; returns when it is lost (`Ok`) or fails (`Err`).
    async fn listen_until_lost(&self, pool: &sea_orm::sqlx::PgPool) -> Result<(), sea_orm::sqlx::Error> {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.eager_reconnect(false);
        listener.listen(CHANNEL).await?;
        // Messages posted before LISTEN took effect reached nobody on this instance.
        self.everything();
        while let Some(notification) = listener.try_recv().await? {
            match parse_payload(notification.payload()) {
                Some((instance, _, _)) if instance == &*self.instance => {}
                Some((_, request_id, message_id)) => self.message_committed(request_id, message_id),
                None => tracing::warn!(payload = notification.payload(), "malformed live chat notification"),
            }
        }
        Ok(())
    }
}

fn parse_payload(payload: &str) -> Option<(&str, i32, i64)> {
    let mut parts = payload.split(':');
    let instance = parts.next()?;
    let request_id = parts.next()?.parse().ok()?;
    let message_id = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((instance, request_id, message_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse_strictly() {
        assert_eq!(parse_payload("ab12:7:99"), Some(("ab12", 7, 99)));
        assert_eq!(parse_payload("ab12:7"), None);
        assert_eq!(parse_payload("ab12:x:1"), None);
        assert_eq!(parse_payload("ab12:7:1:2"), None);
    }

    #[test]
    fn signals_concern_their_request_or_everyone() {
        assert!(LiveSignal::Request { request_id: 3, message_id: 1 }.concerns(3));
        assert!(!LiveSignal::Request { request_id: 3, message_id: 1 }.concerns(4));
        assert!(LiveSignal::Everything.concerns(4));
    }

    #[tokio::test]
    async fn committed_messages_reach_subscribers() {
        let hub = LiveHub::new();
        let mut receiver = hub.subscribe();
        hub.message_committed(5, 42);
        assert_eq!(receiver.recv().await.unwrap(), LiveSignal::Request { request_id: 5, message_id: 42 });
    }
}
