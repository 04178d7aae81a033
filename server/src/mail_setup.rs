//! The notification e-mail delivery: the mailer built from [`Config`] (`PORTAL_SMTP_*`,
//! `PORTAL_MAIL_FROM`, `PORTAL_SECRET`) and the delivery worker's start. Without SMTP settings
//! every e-mail is written as an `.eml` file to `<data dir>/outbox/`.

use std::time::Duration;

use portal_service::DatabaseConnection;
use portal_service::notifications::delivery::{self, MailTransport, Mailer};
use portal_service::notifications::unsubscribe::SigningKey;

use crate::Config;

/// How often the worker looks for due e-mails.
pub const DELIVERY_INTERVAL: Duration = Duration::from_secs(5);

pub async fn signing_key(db: &DatabaseConnection, config: &Config) -> Result<SigningKey, String> {
    SigningKey::load_or_create(db, config.secret.as_ref().map(|secret| secret.0.as_str()))
        .await
        .map_err(|error| format!("loading the unsubscribe secret: {error}"))
}

pub fn mailer(config: &Config, key: SigningKey) -> Result<Mailer, String> {
    let transport = MailTransport::from_settings(&config.smtp, &config.data_dir)?;
    let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{}", config.addr));
    match &transport {
        MailTransport::Files(directory) => {
            tracing::info!(directory = %directory.display(), "notification e-mails are written as .eml files")
        }
        MailTransport::Smtp(_) => tracing::info!("notification e-mails go to the configured SMTP server"),
    }
    Ok(Mailer { transport, from: config.mail_from.clone(), public_url: public_url.trim_end_matches('/').to_owned(), key })
}

pub fn spawn(db: DatabaseConnection, mailer: Mailer) {
    delivery::spawn_worker(db, mailer, DELIVERY_INTERVAL);
}
