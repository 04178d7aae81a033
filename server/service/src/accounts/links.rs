//! Single-use account links: «Задать пароль» of an invitation (valid 7 days) and of «Забыли
//! пароль?» (1 hour). A link carries a random 256-bit token; the database keeps only its SHA-256,
//! so a copy of the database opens no account. Using a link sets the password, spends the link
//! (a conditional update, so two tabs at once set it once) and ends the person's other sessions;
//! a new link of a purpose spends the person's earlier ones.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use domain::account_link::{LinkPurpose, OpenedLink};
use domain::validation::Code;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::accounts::{Account, find_by_id, passwords, session_store};
use crate::entity::{account_link, notification_outbox, user};
use crate::error::{ServiceError, ServiceResult};
use crate::notifications::{OutboxStatus, link_mail};

/// What an opened link is worth now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkState {
    Usable(OpenedLink),
    Used,
    Expired,
    /// Never issued, mistyped, or of a person who is no longer active.
    Unknown,
}

impl LinkState {
    /// The link to use, or the refusal its page and `set_password` give.
    pub fn usable(self) -> Result<OpenedLink, Code> {
        match self {
            LinkState::Usable(link) => Ok(link),
            LinkState::Used => Err(Code::LinkUsed),
            LinkState::Expired => Err(Code::LinkExpired),
            LinkState::Unknown => Err(Code::LinkUnknown),
        }
    }

    /// What `link` of `account` is worth at `now`.
    fn of(link: &account_link::Model, account: &Account, now: DateTime<Utc>) -> LinkState {
        if link.used_at.is_some() {
            LinkState::Used
        } else if link.expires_at <= now {
            LinkState::Expired
        } else {
            match LinkPurpose::parse(&link.purpose) {
                Some(purpose) => LinkState::Usable(OpenedLink { purpose, email: account.email.clone() }),
                None => LinkState::Unknown,
            }
        }
    }
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Issues a link for `user_id`; answers the token for `/password/set?token=…`. Earlier unused
/// links of the same purpose stop working.
pub async fn issue(db: &impl ConnectionTrait, user_id: i32, purpose: LinkPurpose, now: DateTime<Utc>) -> ServiceResult<String> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|error| ServiceError::Internal(format!("no randomness: {error}")))?;
    let token = URL_SAFE_NO_PAD.encode(random);
    account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(now))
        .filter(account_link::Column::UserId.eq(user_id))
        .filter(account_link::Column::Purpose.eq(purpose.as_str()))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    account_link::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The link and its person, when the token names a link of an active person.
async fn find(db: &impl ConnectionTrait, token: &str) -> ServiceResult<Option<(account_link::Model, Account)>> {
    let Some(link) = account_link::Entity::find().filter(account_link::Column::TokenHash.eq(token_hash(token))).one(db).await?
    else {
        return Ok(None);
    };
    match find_by_id(db, link.user_id).await? {
        Some(account) if account.is_active => Ok(Some((link, account))),
        _ => Ok(None),
    }
}

/// What the page that opens `token` should offer.
pub async fn state(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> ServiceResult<LinkState> {
    Ok(match find(db, token).await? {
        Some((link, account)) => LinkState::of(&link, &account, now),
        None => LinkState::Unknown,
    })
}

/// Sets the person's password through the link `token` and answers the account. Refused with
/// `Invalid(LinkUnknown | LinkUsed | LinkExpired)` or a password rule (`passwords::check_new`);
/// a refusal changes nothing.
pub async fn set_password(db: &DatabaseConnection, token: &str, password: String, now: DateTime<Utc>) -> ServiceResult<Account> {
    let (link, account) = find(db, token).await?.ok_or(ServiceError::Invalid(Code::LinkUnknown))?;
    LinkState::of(&link, &account, now).usable().map_err(ServiceError::Invalid)?;
    passwords::check_new(&password, &account.email).map_err(ServiceError::Invalid)?;
    let password_hash = passwords::hash(password).await?;
    let transaction = db.begin().await?;
    // Spending the link is the first write: of two uses at once, the second finds it spent.
    let spent = account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(now))
        .filter(account_link::Column::Id.eq(link.id))
        .filter(account_link::Column::UsedAt.is_null())
        .filter(account_link::Column::ExpiresAt.gt(now))
        .exec(&transaction)
        .await?;
    if spent.rows_affected == 0 {
        return Err(ServiceError::Invalid(Code::LinkUsed));
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash.clone()))
        .filter(user::Column::Id.eq(account.id))
        .exec(&transaction)
        .await?;
    session_store::end_sessions_of(&transaction, account.id, None).await?;
    transaction.commit().await?;
    Ok(Account { password_hash, ..account })
}

/// «Забыли пароль?»: queues a reset e-mail (`notifications::link_mail`) when `email` is the
/// address of an active person, and answers the same `Ok` either way, so the page cannot tell who
/// has an account. A reset e-mail still waiting in the outbox is not queued twice.
pub async fn request_reset(db: &DatabaseConnection, email: &str, now: DateTime<Utc>) -> ServiceResult<()> {
    let Some(account) = crate::accounts::find_by_email(db, email).await? else { return Ok(()) };
    if !account.is_active {
        return Ok(());
    }
    // The person's row, locked, orders two requests at once: the second sees the first's e-mail.
    let transaction = crate::db::begin_write(db).await?;
    crate::db::locked_on_postgres(user::Entity::find_by_id(account.id), &transaction).one(&transaction).await?;
    let waiting = notification_outbox::Entity::find()
        .filter(notification_outbox::Column::RecipientId.eq(account.id))
        .filter(notification_outbox::Column::RequestId.is_null())
        .filter(notification_outbox::Column::Status.eq(OutboxStatus::Pending.as_str()))
        .all(&transaction)
        .await?
        .iter()
        .any(|row| link_mail::purpose_of(row).is_ok_and(|purpose| purpose == LinkPurpose::PasswordReset));
    if !waiting {
        link_mail::enqueue(&transaction, account.id, LinkPurpose::PasswordReset, now).await?;
    }
    transaction.commit().await?;
    Ok(())
}
