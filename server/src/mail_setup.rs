//! Notification e-mail settings from the environment and the delivery worker's start.
//!
//! ```text
//! PORTAL_SMTP_URL        smtp://user:password@host:port   (or the four variables below)
//! PORTAL_SMTP_HOST / PORTAL_SMTP_PORT / PORTAL_SMTP_USER / PORTAL_SMTP_PASSWORD
//! PORTAL_MAIL_FROM       sender, default «Портал поддержки <noreply@localhost>»
//! PORTAL_SECRET          signs unsubscribe links; default: generated once, kept in the database
//! ```
//! Without SMTP settings every e-mail is written as an `.eml` file to `<data dir>/outbox/`.

use std::time::Duration;

use portal_service::DatabaseConnection;
use portal_service::mail_delivery::{self, MailTransport, Mailer, SmtpSettings};
use portal_service::unsubscribe::SigningKey;

use crate::Config;

/// How often the worker looks for due e-mails.
pub const DELIVERY_INTERVAL: Duration = Duration::from_secs(5);

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.trim().is_empty())
}

pub async fn signing_key(db: &DatabaseConnection) -> Result<SigningKey, String> {
    SigningKey::load_or_create(db, var("PORTAL_SECRET").as_deref())
        .await
        .map_err(|error| format!("loading the unsubscribe secret: {error}"))
}

pub fn mailer(config: &Config, key: SigningKey) -> Result<Mailer, String> {
    let port = match var("PORTAL_SMTP_PORT") {
        Some(port) => Some(port.parse().map_err(|_| format!("PORTAL_SMTP_PORT is not a port number: {port}"))?),
        None => None,
    };
    let settings = SmtpSettings {
        url: var("PORTAL_SMTP_URL"),
        host: var("PORTAL_SMTP_HOST"),
        port,
        user: var("PORTAL_SMTP_USER"),
        password: var("PORTAL_SMTP_PASSWORD"),
    };
    let transport = MailTransport::from_settings(&settings, &config.data_dir)?;
    let from_text = var("PORTAL_MAIL_FROM").unwrap_or_else(|| "Портал поддержки <noreply@localhost>".to_owned());
    let from = from_text.parse().map_err(|error| format!("PORTAL_MAIL_FROM «{from_text}»: {error}"))?;
    let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{}", config.addr));
    match &transport {
        MailTransport::Files(directory) => {
            tracing::info!(directory = %directory.display(), "notification e-mails are written as .eml files")
        }
        MailTransport::Smtp(_) => tracing::info!("notification e-mails go to the configured SMTP server"),
    }
    Ok(Mailer { transport, from, public_url: public_url.trim_end_matches('/').to_owned(), key })
}

pub fn spawn(db: DatabaseConnection, mailer: Mailer) {
    mail_delivery::spawn_worker(db, mailer, DELIVERY_INTERVAL);
}
