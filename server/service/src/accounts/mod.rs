//! Portal users: lookups, creation and profile settings.

pub mod auth;
pub mod links;
pub mod passwords;
pub mod session_store;

use chrono::{DateTime, Utc};
use domain::account_link::LinkPurpose;
use domain::validation::Code;
use domain::validation::{is_plausible_email, normalize_email};
use domain::{Locale, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait, TryInsertResult,
};

use crate::entity::{organization, setting, user};
use crate::error::{ServiceError, ServiceResult};

/// Who is signed in, as the rest of the portal needs to know them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organization_id: Option<i32>,
    pub organization_name: Option<String>,
    pub locale: Locale,
    pub time_zone: String,
    /// The person may sign in: they and their organization (if any) are active.
    pub is_active: bool,
    /// Kept so that a password change ends every existing session (see `auth`).
    pub password_hash: String,
}

/// What is needed to create a user.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organization_id: Option<i32>,
    pub locale: Locale,
}

async fn to_account(db: &impl ConnectionTrait, model: user::Model) -> ServiceResult<Account> {
    let role = Role::parse(&model.role)
        .ok_or_else(|| ServiceError::Internal(format!("user {} has unknown role {}", model.id, model.role)))?;
    let organization = match model.organization_id {
        Some(id) => organization::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    // A person of a deactivated organization is inactive too: one rule for sign-in, sessions
    // and links.
    let organization_active = organization.as_ref().is_none_or(|org| org.is_active);
    Ok(Account {
        id: model.id,
        email: model.email,
        display_name: model.display_name,
        role,
        organization_id: model.organization_id,
        organization_name: organization.map(|org| org.name),
        locale: Locale::parse(&model.locale).unwrap_or_default(),
        time_zone: model.time_zone,
        is_active: model.is_active && organization_active,
        password_hash: model.password_hash,
    })
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> ServiceResult<Option<Account>> {
    let found = user::Entity::find().filter(user::Column::Email.eq(normalize_email(email))).one(db).await?;
    match found {
        Some(model) => Ok(Some(to_account(db, model).await?)),
        None => Ok(None),
    }
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i32) -> ServiceResult<Option<Account>> {
    match user::Entity::find_by_id(id).one(db).await? {
        Some(model) => Ok(Some(to_account(db, model).await?)),
        None => Ok(None),
    }
}

/// The normalised e-mail and the trimmed name of a new person, after checking them and the
/// role/organization pairing (customer-side roles need an organization; staff must not have one).
fn checked_identity(new: &NewUser) -> ServiceResult<(String, String)> {
    let (email, display_name) = checked_email_and_name(&new.email, &new.display_name)?;
    if new.role.is_customer_side() != new.organization_id.is_some() {
        return Err(ServiceError::Invalid(Code::OrganizationRoleMismatch));
    }
    Ok((email, display_name))
}

/// The normalised e-mail and the trimmed name, checked as for a new person.
pub(crate) fn checked_email_and_name(email: &str, display_name: &str) -> ServiceResult<(String, String)> {
    let email = normalize_email(email);
    if !is_plausible_email(&email) {
        return Err(ServiceError::Invalid(Code::EmailInvalid));
    }
    let display_name = display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > 200 {
        return Err(ServiceError::Invalid(Code::DisplayNameLength));
    }
    Ok((email, display_name))
}

/// Creates a user with the password they chose, after [`checked_identity`] and
/// `passwords::check_new`.
pub async fn create(db: &impl ConnectionTrait, new: NewUser, now: DateTime<Utc>) -> ServiceResult<Account> {
    let (email, display_name) = checked_identity(&new)?;
    passwords::check_new(&new.password, &email).map_err(ServiceError::Invalid)?;
    let password_hash = passwords::hash(new.password).await?;
    create_with_hash(db, email, display_name, password_hash, new.role, new.organization_id, new.locale, now).await
}

/// The `settings` row the first administrator claims, so two `portal admin create` at once
/// create one administrator.
const FIRST_ADMINISTRATOR: &str = "first_administrator";

/// The first portal administrator of a new install (`portal admin create`). With a `password`
/// they can sign in at once; without one the answer carries the token of an invitation link
/// (`links`) to choose it. Refused with `Invalid(AdministratorExists)` once the portal has an
/// administrator: the others are invited by an administrator.
pub async fn create_first_administrator(
    db: &DatabaseConnection,
    email: &str,
    display_name: &str,
    password: Option<String>,
    now: DateTime<Utc>,
) -> ServiceResult<(Account, Option<String>)> {
    if user::Entity::find().filter(user::Column::Role.eq(Role::Administrator.as_str())).count(db).await? > 0 {
        return Err(ServiceError::Invalid(Code::AdministratorExists));
    }
    let invited = password.is_none();
    let new = NewUser {
        email: email.to_owned(),
        display_name: display_name.to_owned(),
        password: password.unwrap_or_default(),
        role: Role::Administrator,
        organization_id: None,
        locale: Locale::Ru,
    };
    let transaction = db.begin().await?;
    // The claim is the transaction's first write: a second run waits for this one and then finds
    // the row taken.
    let claimed = setting::Entity::insert(setting::ActiveModel {
        name: Set(FIRST_ADMINISTRATOR.to_owned()),
        value: Set(normalize_email(email)),
    })
    .on_conflict_do_nothing_on([setting::Column::Name])
    .exec_without_returning(&transaction)
    .await?;
    if !matches!(claimed, TryInsertResult::Inserted(rows) if rows > 0) {
        return Err(ServiceError::Invalid(Code::AdministratorExists));
    }
    let (account, token) = if invited {
        let account = create_invited(&transaction, new, now).await?;
        let token = links::issue(&transaction, account.id, LinkPurpose::Invitation, now).await?;
        (account, Some(token))
    } else {
        (create(&transaction, new, now).await?, None)
    };
    transaction.commit().await?;
    Ok((account, token))
}

/// A person who chooses their password through an invitation link: checked like [`create`],
/// with a password hash no password matches until then.
pub(crate) async fn create_invited(db: &impl ConnectionTrait, new: NewUser, now: DateTime<Utc>) -> ServiceResult<Account> {
    let (email, display_name) = checked_identity(&new)?;
    create_with_hash(db, email, display_name, NO_PASSWORD.to_owned(), new.role, new.organization_id, new.locale, now).await
}

/// Stands for "no password yet": not a PHC string, so `passwords::verify` never accepts it.
pub(crate) const NO_PASSWORD: &str = "!";

/// Invited and not yet through the invitation link: no password chosen.
pub(crate) fn is_invited(person: &user::Model) -> bool {
    person.password_hash == NO_PASSWORD
}

/// Inserts a user whose password is already hashed (used by the demo seed, which hashes first
/// so that no slow work happens inside its transaction).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn create_with_hash(
    db: &impl ConnectionTrait,
    email: String,
    display_name: String,
    password_hash: String,
    role: Role,
    organization_id: Option<i32>,
    locale: Locale,
    now: DateTime<Utc>,
) -> ServiceResult<Account> {
    if user::Entity::find().filter(user::Column::Email.eq(&email)).one(db).await?.is_some() {
        return Err(ServiceError::Invalid(Code::EmailTaken));
    }
    let model = user::ActiveModel {
        email: Set(email),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_owned()),
        organization_id: Set(organization_id),
        is_active: Set(true),
        locale: Set(locale.as_str().to_owned()),
        time_zone: Set("Europe/Moscow".to_owned()),
        created_at: Set(now),
        deactivated_at: Set(None),
        last_sign_in_at: Set(None),
        phone: Set(None),
        position: Set(None),
        // Every request e-mail on (`domain::profile::EmailPreferences::default`), written out
        // rather than left to the column defaults of migration 15: left to them, SQLite's
        // INSERT … RETURNING answered NULL for them on a fresh database (services.rs
        // `user_creation_rejects_invalid_input`; the cause is not pinned down).
        email_new_message: Set(true),
        email_status_changed: Set(true),
        email_resolved: Set(true),
        email_closed: Set(true),
        email_added_to_request: Set(true),
        ..Default::default()
    }
    .insert(db)
    .await?;
    to_account(db, model).await
}

/// Notes when the person last signed in (the administrator sees it on «Организации»).
pub async fn record_sign_in(db: &impl ConnectionTrait, user_id: i32, now: DateTime<Utc>) -> ServiceResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::LastSignInAt, sea_orm::sea_query::Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Remembers the user's interface language.
pub async fn set_locale(db: &impl ConnectionTrait, user_id: i32, locale: Locale) -> ServiceResult<()> {
    let result = user::Entity::update_many()
        .col_expr(user::Column::Locale, sea_orm::sea_query::Expr::value(locale.as_str()))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Members of an organization, by name.
pub async fn members_of(db: &impl ConnectionTrait, organization_id: i32) -> ServiceResult<Vec<Account>> {
    use sea_orm::QueryOrder;
    let models = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    let mut accounts = Vec::with_capacity(models.len());
    for model in models {
        accounts.push(to_account(db, model).await?);
    }
    Ok(accounts)
}
