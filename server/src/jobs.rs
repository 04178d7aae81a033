//! Background jobs of the serve command.
//!
//! The auto-close job closes resolved requests whose reopen window has passed
//! (`portal_service::lifecycle::auto_close_due`). Every instance runs it; the conditional update
//! inside makes concurrent runs close each request once.

use std::time::Duration;

use portal_service::lifecycle;
use portal_service::live::LiveHub;
use sea_orm::DatabaseConnection;

/// Default period of the auto-close job; `PORTAL_AUTO_CLOSE_INTERVAL_SECS` overrides it.
const AUTO_CLOSE_INTERVAL_SECS: u64 = 60;

fn auto_close_interval() -> Duration {
    let secs = std::env::var("PORTAL_AUTO_CLOSE_INTERVAL_SECS")
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok())
        .filter(|secs| *secs > 0)
        .unwrap_or(AUTO_CLOSE_INTERVAL_SECS);
    Duration::from_secs(secs)
}

pub fn spawn_auto_close(db: DatabaseConnection, hub: LiveHub) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let window = lifecycle::reopen_window();
        let mut ticker = tokio::time::interval(auto_close_interval());
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match lifecycle::auto_close_due(&db, &hub, chrono::Utc::now(), window).await {
                Ok(0) => {}
                Ok(closed) => tracing::info!(closed, "resolved requests closed after the reopen window"),
                Err(error) => tracing::error!(%error, "auto-closing resolved requests failed"),
            }
        }
    })
}
