//! Signing in: the axum-login backend (credentials → account, session → account) and the
//! throttle that slows down password guessing per account and per client address.
//!
//! Failures are counted in the database, not in memory, so the limit holds across restarts and
//! across several app instances sharing one PostgreSQL.

use axum_login::{AuthUser, AuthnBackend, UserId};
use chrono::{DateTime, Duration, Utc};
use domain::validation::normalize_email;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::accounts::passwords;
use crate::accounts::{self, Account};
use crate::entity::sign_in_failure;
use crate::error::{ServiceError, ServiceResult};

impl AuthUser for Account {
    type Id = i32;

    fn id(&self) -> i32 {
        self.id
    }

    /// Sessions are bound to the password hash: changing the password signs out everywhere.
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

#[derive(Clone, Debug)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// The axum-login backend over the portal's users table.
#[derive(Clone, Debug)]
pub struct AuthBackend {
    db: DatabaseConnection,
}

impl AuthBackend {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl AuthnBackend for AuthBackend {
    type User = Account;
    type Credentials = Credentials;
    type Error = ServiceError;

    async fn authenticate(&self, credentials: Credentials) -> Result<Option<Account>, ServiceError> {
        let account = accounts::find_by_email(&self.db, &credentials.email).await?;
        let stored_hash = account
            .as_ref()
            .map(|account| account.password_hash.clone())
            .unwrap_or_else(|| passwords::TIMING_DECOY_HASH.to_owned());
        let password_ok = passwords::verify(credentials.password, stored_hash).await;
        Ok(account.filter(|account| password_ok && account.is_active))
    }

    /// Deactivated users resolve to nobody, which ends their sessions on the next request.
    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<Account>, ServiceError> {
        Ok(accounts::find_by_id(&self.db, *user_id).await?.filter(|account| account.is_active))
    }
}

/// How many failed sign-ins are tolerated within a sliding window.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self { window: Duration::minutes(15), max_failures_per_account: 5, max_failures_per_address: 20 }
    }
}

/// Refuses a sign-in attempt while the account or the address has too many recent failures.
pub async fn check_throttle(
    db: &impl ConnectionTrait,
    policy: ThrottlePolicy,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let since = now - policy.window;
    let email = normalize_email(email);
    let by_account = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Email.eq(&email))
        .filter(sign_in_failure::Column::CreatedAt.gt(since));
    if by_account.clone().count(db).await? >= policy.max_failures_per_account {
        let oldest = by_account.order_by_asc(sign_in_failure::Column::CreatedAt).one(db).await?;
        return Err(throttled(oldest, policy, now));
    }
    if let Some(address) = address {
        let by_address = sign_in_failure::Entity::find()
            .filter(sign_in_failure::Column::Address.eq(address))
            .filter(sign_in_failure::Column::CreatedAt.gt(since));
        if by_address.clone().count(db).await? >= policy.max_failures_per_address {
            let oldest = by_address.order_by_asc(sign_in_failure::Column::CreatedAt).one(db).await?;
            return Err(throttled(oldest, policy, now));
        }
    }
    Ok(())
}

fn throttled(oldest: Option<sign_in_failure::Model>, policy: ThrottlePolicy, now: DateTime<Utc>) -> ServiceError {
    let free_at = oldest.map_or(now + policy.window, |failure| failure.created_at + policy.window);
    // Rounded up: databases keep microseconds, and "retry in 0 s" would be a lie.
    let retry_after_secs = ((free_at - now).num_milliseconds() + 999).div_euclid(1000).max(1) as u64;
    ServiceError::Throttled { retry_after_secs }
}

pub async fn record_failure(
    db: &impl ConnectionTrait,
    email: &str,
    address: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    sign_in_failure::ActiveModel {
        email: Set(normalize_email(email)),
        address: Set(address.map(str::to_owned)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures and prunes stale rows.
pub async fn record_success(
    db: &impl ConnectionTrait,
    policy: ThrottlePolicy,
    email: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    sign_in_failure::Entity::delete_many().filter(sign_in_failure::Column::Email.eq(normalize_email(email))).exec(db).await?;
    sign_in_failure::Entity::delete_many().filter(sign_in_failure::Column::CreatedAt.lt(now - policy.window)).exec(db).await?;
    Ok(())
}
