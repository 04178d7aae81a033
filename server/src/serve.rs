//! What a serving portal runs on, opened once from its [`Config`]: the attachment store, the
//! search index and its sync, live signals across instances, the e-mail worker, and the jobs
//! that remove unused uploads and auto-close resolved requests. `portal serve` and the
//! benchmark's child portal both start through [`start`], so a benchmark measures the process
//! users run.

use portal_service::{AppState, DatabaseConnection};

use crate::Config;

/// The shared state for the router, with every background task of the process started.
pub async fn start(config: &Config, db: DatabaseConnection) -> Result<AppState, String> {
    let attachments = config.attachment_store().map_err(|error| error.to_string())?;
    tracing::info!(store = %attachments.describe(), "attachments");
    let kb_search = portal_service::kb::search::KbSearch::open(&config.search_index_dir, &db)
        .await
        .map_err(|error| format!("building the search index in {}: {error}", config.search_index_dir.display()))?;
    kb_search.spawn_sync(db.clone());
    let live = portal_service::live::LiveHub::new();
    // On PostgreSQL, messages posted through other instances reach this instance's subscribers.
    live.spawn_listener(&db);
    let unsubscribe_key = crate::mail_setup::signing_key(&db, config).await?;
    crate::mail_setup::spawn(db.clone(), crate::mail_setup::mailer(config, unsubscribe_key.clone())?);
    let state = AppState {
        db,
        demo_mode: config.demo,
        secure_cookies: config.secure_cookies(),
        attachments,
        kb_search,
        live,
        unsubscribe_key,
        reopen_window: config.reopen_window,
    };
    crate::uploads::spawn_unused_upload_cleanup(state.db.clone(), state.attachments.clone());
    crate::jobs::spawn_auto_close(state.db.clone(), state.live.clone(), config.reopen_window, config.auto_close_interval);
    Ok(state)
}
