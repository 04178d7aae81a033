//! Background jobs of the serve command.
//!
//! The auto-close job closes resolved requests whose reopen window has passed
//! (`portal_service::lifecycle::auto_close_due`). Every instance runs it; the conditional update
//! inside makes concurrent runs close each request once.

use std::time::Duration;

use domain::lifecycle::ReopenWindow;
use portal_service::lifecycle;
use portal_service::live::LiveHub;
use sea_orm::DatabaseConnection;

/// Runs the auto-close job every `interval` (`PORTAL_AUTO_CLOSE_INTERVAL_SECS`).
pub fn spawn_auto_close(
    db: DatabaseConnection,
    hub: LiveHub,
    window: ReopenWindow,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
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
