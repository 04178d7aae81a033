//! Sends the notification outbox: claim due rows, render, hand to the transport, mark sent.
//!
//! Exactly once with several instances: a row is claimed with a conditional UPDATE
//! (`… WHERE status = 'pending' AND claimed_until < now`), which only one worker can win; the
//! winner owns it for [`CLAIM_LEASE`] and marks it sent only after the transport accepted the
//! message. A worker that dies mid-send leaves the row to be taken over when the lease ends.
//! Failures retry with exponential back-off (1 min, 2, 4 … capped at 6 h), up to
//! [`MAX_ATTEMPTS`] times.

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use domain::Locale;
pub use lettre::message::Mailbox;
use lettre::message::MultiPart;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{message, notification_outbox, request, request_participant, user};
use crate::error::{ServiceError, ServiceResult};
use crate::notifications::render::{EmailContext, render};
use crate::notifications::unsubscribe::SigningKey;
use crate::notifications::{NotificationEvent, OutboxStatus, link_mail};

/// How long a claimed row belongs to its worker.
pub const CLAIM_LEASE: Duration = Duration::minutes(5);
pub const MAX_ATTEMPTS: i32 = 10;
/// Rows claimed per pass.
const BATCH: u64 = 20;

/// Where e-mails go.
#[derive(Clone)]
pub enum MailTransport {
    /// The embedded default: each message becomes an `.eml` file in this directory, so the
    /// portal runs without a mail server and a developer can open what would have been sent.
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// SMTP settings (`PORTAL_SMTP_*`, read by the server's configuration).
#[derive(Clone, Default)]
pub struct SmtpSettings {
    /// `PORTAL_SMTP_URL`, e.g. `smtp://user:password@mail.example.ru:587?tls=required`.
    pub url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub password: Option<String>,
}

/// The password stays out of logs.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SmtpSettings")
            .field("url", &self.url.as_ref().map(|_| "…"))
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .finish()
    }
}

impl SmtpSettings {
    /// `smtp://[user:password@]host[:port]`. Only plain SMTP: no TLS stack is compiled in
    /// (keeps the build lean); use a local relay for TLS to the outside.
    pub fn parse_url(url: &str) -> Result<SmtpSettings, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| "PORTAL_SMTP_URL must look like smtp://user:password@host:port".to_owned())?;
        let rest = rest.trim_end_matches('/');
        let (credentials, address) = match rest.rsplit_once('@') {
            Some((credentials, address)) => (Some(credentials), address),
            None => (None, rest),
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (host, Some(port.parse::<u16>().map_err(|_| format!("PORTAL_SMTP_URL: bad port {port}"))?)),
            None => (address, None),
        };
        if host.is_empty() {
            return Err("PORTAL_SMTP_URL names no host".to_owned());
        }
        let (user, password) = match credentials.map(|c| c.split_once(':').unwrap_or((c, ""))) {
            Some((user, password)) => (Some(user.to_owned()), Some(password.to_owned())),
            None => (None, None),
        };
        Ok(SmtpSettings { url: None, host: Some(host.to_owned()), port, user, password })
    }
}

impl MailTransport {
    /// SMTP when configured, else `.eml` files under `<data dir>/outbox/`.
    pub fn from_settings(settings: &SmtpSettings, data_dir: &Path) -> Result<MailTransport, String> {
        let mut settings = settings.clone();
        if let Some(url) = settings.url.clone() {
            settings = SmtpSettings::parse_url(&url)?;
        }
        if let Some(host) = &settings.host {
            // Plain SMTP (no TLS stack is compiled in): meant for a relay on the host or the LAN.
            let mut builder =
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone()).port(settings.port.unwrap_or(25));
            if let (Some(user), Some(password)) = (&settings.user, &settings.password) {
                builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
            }
            return Ok(MailTransport::Smtp(builder.build()));
        }
        let directory = data_dir.join("outbox");
        std::fs::create_dir_all(&directory).map_err(|error| format!("creating {}: {error}", directory.display()))?;
        Ok(MailTransport::Files(directory))
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            MailTransport::Files(directory) => AsyncFileTransport::<Tokio1Executor>::new(directory)
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| error.to_string()),
            MailTransport::Smtp(transport) => transport.send(message).await.map(|_| ()).map_err(|error| error.to_string()),
        }
    }
}

/// Everything the sender needs besides the database.
#[derive(Clone)]
pub struct Mailer {
    pub transport: MailTransport,
    pub from: Mailbox,
    /// `PORTAL_PUBLIC_URL` without the trailing slash; links in e-mails start with it.
    pub public_url: String,
    pub key: SigningKey,
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// RFC 8058 one-click: mail clients POST to the List-Unsubscribe URL.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// What happened to one outbox row in one pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Dropped,
    Retry,
    Failed,
}

/// One pass: claims due rows and delivers them. Returns what happened to each claimed row.
pub async fn deliver_due(db: &DatabaseConnection, mailer: &Mailer, now: DateTime<Utc>) -> ServiceResult<Vec<Outcome>> {
    let candidates: Vec<i64> = notification_outbox::Entity::find()
        .select_only()
        .column(notification_outbox::Column::Id)
        .filter(notification_outbox::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(notification_outbox::Column::NextAttemptAt.lte(now))
        .filter(notification_outbox::Column::ClaimedUntil.lt(now))
        .order_by_asc(notification_outbox::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?;
    let mut outcomes = Vec::new();
    for id in candidates {
        if let Some(row) = claim(db, id, now).await? {
            outcomes.push(deliver_one(db, mailer, row, now).await?);
        }
    }
    Ok(outcomes)
}

/// Takes the row for this worker, or `None` when another worker was first.
async fn claim(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> ServiceResult<Option<notification_outbox::Model>> {
    let claimed = notification_outbox::Entity::update_many()
        .col_expr(notification_outbox::Column::ClaimedUntil, Expr::value(now + CLAIM_LEASE))
        .col_expr(notification_outbox::Column::Attempts, Expr::col(notification_outbox::Column::Attempts).add(1))
        .filter(notification_outbox::Column::Id.eq(id))
        .filter(notification_outbox::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(notification_outbox::Column::ClaimedUntil.lt(now))
        .filter(notification_outbox::Column::NextAttemptAt.lte(now))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(None);
    }
    Ok(notification_outbox::Entity::find_by_id(id).one(db).await?)
}

async fn deliver_one(
    db: &DatabaseConnection,
    mailer: &Mailer,
    row: notification_outbox::Model,
    now: DateTime<Utc>,
) -> ServiceResult<Outcome> {
    let message = match build_message(db, mailer, &row).await? {
        Some(message) => message,
        None => {
            finish(db, &row, OutboxStatus::Dropped, None, now).await?;
            return Ok(Outcome::Dropped);
        }
    };
    match mailer.transport.send(message).await {
        Ok(()) => {
            finish(db, &row, OutboxStatus::Sent, None, Utc::now()).await?;
            Ok(Outcome::Sent)
        }
        Err(error) if row.attempts >= MAX_ATTEMPTS => {
            tracing::error!(outbox_id = row.id, %error, "giving up on a notification e-mail");
            finish(db, &row, OutboxStatus::Failed, Some(error), now).await?;
            Ok(Outcome::Failed)
        }
        Err(error) => {
            tracing::warn!(outbox_id = row.id, attempt = row.attempts, %error, "notification e-mail not sent; will retry");
            notification_outbox::Entity::update_many()
                .col_expr(notification_outbox::Column::NextAttemptAt, Expr::value(now + backoff(row.attempts)))
                .col_expr(notification_outbox::Column::ClaimedUntil, Expr::value(now))
                .col_expr(notification_outbox::Column::LastError, Expr::value(Some(error)))
                .filter(notification_outbox::Column::Id.eq(row.id))
                .exec(db)
                .await?;
            Ok(Outcome::Retry)
        }
    }
}

/// 1 min after the first failure, doubling, at most 6 h.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 20) - 1;
    Duration::minutes(1i64 << exponent).min(Duration::hours(6))
}

async fn finish(
    db: &impl ConnectionTrait,
    row: &notification_outbox::Model,
    status: OutboxStatus,
    error: Option<String>,
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    notification_outbox::Entity::update_many()
        .col_expr(notification_outbox::Column::Status, Expr::value(status.as_str()))
        .col_expr(notification_outbox::Column::SentAt, Expr::value((status == OutboxStatus::Sent).then_some(at)))
        .col_expr(notification_outbox::Column::LastError, Expr::value(error))
        .filter(notification_outbox::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// The e-mail for one row, or `None` when it must not be sent any more: a request e-mail whose
/// recipient unsubscribed, left the request, switched its kind off in «Профиль» or was
/// deactivated since the event; an account e-mail
/// (`link_mail`, a row without request) whose person was deactivated.
async fn build_message(
    db: &DatabaseConnection,
    mailer: &Mailer,
    row: &notification_outbox::Model,
) -> ServiceResult<Option<Message>> {
    let Some(request_id) = row.request_id else {
        let Some((recipient, rendered)) = link_mail::render_for(db, &mailer.public_url, row, Utc::now()).await? else {
            return Ok(None);
        };
        let Some(to) = mailbox_of(&recipient) else { return Ok(None) };
        let message = Message::builder()
            .from(mailer.from.clone())
            .to(to)
            .subject(rendered.subject)
            .multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))
            .map_err(|error| ServiceError::Internal(format!("building e-mail {}: {error}", row.id)))?;
        return Ok(Some(message));
    };
    let event: NotificationEvent =
        serde_json::from_str(&row.event).map_err(|error| ServiceError::Internal(format!("outbox {}: {error}", row.id)))?;
    let subscribed = request_participant::Entity::find_by_id((request_id, row.recipient_id))
        .one(db)
        .await?
        .is_some_and(|participant| participant.subscribed);
    let Some(recipient) = user::Entity::find_by_id(row.recipient_id).one(db).await? else { return Ok(None) };
    let Some(request) = request::Entity::find_by_id(request_id).one(db).await? else { return Ok(None) };
    // «Какие письма получать» is read here, when the e-mail is due, not when it is queued — the
    // one place that already drops e-mails of the unsubscribed: a kind switched off also stops
    // what waits in the outbox, and the action that queued it never reads preferences.
    if !subscribed || !recipient.is_active || !crate::profile::preferences_of(&recipient).allows(event.kind()) {
        return Ok(None);
    }
    let quoted = match &event {
        NotificationEvent::NewMessage { message_id } => match message::Entity::find_by_id(*message_id).one(db).await? {
            Some(message) => {
                let author = match message.author_id {
                    Some(id) => user::Entity::find_by_id(id).one(db).await?.map(|u| u.display_name),
                    None => None,
                };
                Some((author.unwrap_or_else(|| "Портал поддержки".to_owned()), message.body))
            }
            None => return Ok(None),
        },
        _ => None,
    };
    let unsubscribe_url = format!("{}/unsubscribe?token={}", mailer.public_url, mailer.key.token(recipient.id, request.id));
    let ctx = EmailContext {
        locale: Locale::parse(&recipient.locale).unwrap_or_default(),
        time_zone: &recipient.time_zone,
        recipient_name: &recipient.display_name,
        request_number: request.number,
        request_subject: &request.subject,
        request_url: format!("{}/requests/{}", mailer.public_url, request.number),
        unsubscribe_url: unsubscribe_url.clone(),
        message: quoted,
    };
    let rendered = render(&event, &ctx);
    let Some(to) = mailbox_of(&recipient) else { return Ok(None) };
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(rendered.subject)
        .header(ListUnsubscribe(unsubscribe_url))
        .header(ListUnsubscribePost)
        .multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))
        .map_err(|error| ServiceError::Internal(format!("building e-mail {}: {error}", row.id)))?;
    Ok(Some(message))
}

/// «Name <address>» of a recipient; `None` when the stored address is not one lettre accepts.
fn mailbox_of(recipient: &user::Model) -> Option<Mailbox> {
    format!("{} <{}>", recipient.display_name.replace(['<', '>', '"'], ""), recipient.email).parse().ok()
}

/// Runs [`deliver_due`] every few seconds until the process ends. A failing pass is logged and
/// retried; it never stops the portal.
pub fn spawn_worker(db: DatabaseConnection, mailer: Mailer, interval: StdDuration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(error) = deliver_due(&db, &mailer, Utc::now()).await {
                tracing::error!(%error, "notification delivery pass failed");
            }
        }
    })
}
