//! «Профиль» (`/profile`): a signed-in person's own data, which request e-mails they get, their
//! password and their sessions. Every function works on the account that asks and nobody else's:
//! there is no user id to pass in, so no one can change another person's profile, and a session
//! handle of another person is simply not found. Changes are audit events (`audit::record`) in
//! their own transaction.

use chrono::{DateTime, Offset, Utc};
use domain::audit::{AuditKind, AuditTopic, AuditVerb};
use domain::profile::{EmailPreferences, ProfileFields, ProfileView, SessionRow, TimeZoneChoice, describe_user_agent};
use domain::validation::Code;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::accounts::auth::{self, ThrottlePolicy};
use crate::accounts::{self, Account, passwords, session_store};
use crate::audit::{self, AuditEvent};
use crate::db;
use crate::entity::{session, user};
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;

/// Russia's zones, west to east: first in the list, Moscow being the default.
pub const RUSSIAN_TIME_ZONES: [&str; 26] = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Kirov",
    "Europe/Volgograd",
    "Europe/Astrakhan",
    "Europe/Samara",
    "Europe/Saratov",
    "Europe/Ulyanovsk",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Barnaul",
    "Asia/Tomsk",
    "Asia/Novokuznetsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Chita",
    "Asia/Yakutsk",
    "Asia/Khandyga",
    "Asia/Vladivostok",
    "Asia/Ust-Nera",
    "Asia/Magadan",
    "Asia/Sakhalin",
    "Asia/Srednekolymsk",
    "Asia/Kamchatka",
    "Asia/Anadyr",
];

/// The zone of a new person and of one whose zone is unknown.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Moscow";

const REGIONS: [&str; 9] =
    ["Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"];

/// The zones the form offers and accepts: IANA `Region/City` names (no old aliases such as
/// `W-SU`) and `UTC`; Russia's first, the rest by name.
pub fn time_zone_names() -> Vec<&'static str> {
    let mut others: Vec<&'static str> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        .filter(|name| REGIONS.iter().any(|region| name.starts_with(region)) && !RUSSIAN_TIME_ZONES.contains(name))
        .collect();
    others.sort_unstable();
    RUSSIAN_TIME_ZONES.iter().copied().chain(others).chain(["UTC"]).collect()
}

/// Whether `name` is one of [`time_zone_names`].
pub fn is_known_time_zone(name: &str) -> bool {
    name == "UTC"
        || (REGIONS.iter().any(|region| name.starts_with(region))
            && name.parse::<chrono_tz::Tz>().is_ok_and(|zone| zone.name() == name))
}

/// The list of «Часовой пояс», each with its offset at `now` («Europe/Moscow, UTC+03:00»).
pub fn time_zones(now: DateTime<Utc>) -> Vec<TimeZoneChoice> {
    time_zone_names()
        .into_iter()
        .filter_map(|name| {
            let zone: chrono_tz::Tz = name.parse().ok()?;
            let seconds = now.with_timezone(&zone).offset().fix().local_minus_utc();
            let sign = if seconds < 0 { '−' } else { '+' };
            let minutes = seconds.abs() / 60;
            Some(TimeZoneChoice {
                id: name.to_owned(),
                label: format!("{}, UTC{sign}{:02}:{:02}", name.replace('_', " "), minutes / 60, minutes % 60),
            })
        })
        .collect()
}

/// «Какие письма получать» of a person, as stored.
pub(crate) fn preferences_of(person: &user::Model) -> EmailPreferences {
    EmailPreferences {
        new_message: person.email_new_message,
        status_changed: person.email_status_changed,
        resolved: person.email_resolved,
        closed: person.email_closed,
        added_to_request: person.email_added_to_request,
    }
}

async fn person(db: &impl ConnectionTrait, account: &Account) -> ServiceResult<user::Model> {
    user::Entity::find_by_id(account.id).one(db).await?.ok_or(ServiceError::NotFound)
}

async fn record(
    db: &impl ConnectionTrait,
    account: &Account,
    verb: AuditVerb,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let event = AuditEvent {
        kind: AuditKind::new(AuditTopic::User, verb),
        actor_id: Some(account.id),
        organization_id: account.organization_id,
        request_id: None,
        subject: Some(format!("user:{}", account.id)),
        details,
    };
    audit::record(db, event, now).await
}

/// What the page shows: the person, their choices, their sessions (`current_session`: the id of
/// the session asking, marked «Этот сеанс») and the zones to choose from.
pub async fn read(
    db: &DatabaseConnection,
    account: &Account,
    current_session: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<ProfileView> {
    let person = person(db, account).await?;
    let clock = ReaderClock::of(&person.time_zone);
    Ok(ProfileView {
        email: person.email.clone(),
        role: account.role,
        organization_name: account.organization_name.clone(),
        fields: ProfileFields {
            display_name: person.display_name.clone(),
            phone: person.phone.clone().unwrap_or_default(),
            position: person.position.clone().unwrap_or_default(),
            locale: person.locale.clone(),
            time_zone: person.time_zone.clone(),
        },
        preferences: preferences_of(&person),
        sessions: sessions(db, account, current_session, &clock).await?,
        time_zones: time_zones(now),
    })
}

/// Saves «Личные данные» after `ProfileFields::validate` and the zone list; answers the account
/// as it is now (its language goes into the cookie).
pub async fn update(
    db: &DatabaseConnection,
    account: &Account,
    fields: &ProfileFields,
    now: DateTime<Utc>,
) -> ServiceResult<Account> {
    let checked = fields.validate().map_err(ServiceError::Invalid)?;
    if !is_known_time_zone(&checked.time_zone) {
        return Err(ServiceError::Invalid(Code::TimeZoneUnknown));
    }
    let txn = db::begin_write(db).await?;
    let before = person(&txn, account).await?;
    user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(checked.display_name.clone()))
        .col_expr(user::Column::Phone, Expr::value(checked.phone.clone()))
        .col_expr(user::Column::Position, Expr::value(checked.position.clone()))
        .col_expr(user::Column::TimeZone, Expr::value(checked.time_zone.clone()))
        .filter(user::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    // The language has one writer, the one «RU / EN» in the header uses too.
    accounts::set_locale(&txn, account.id, checked.locale).await?;
    let shown = |name: &str, phone: &Option<String>, position: &Option<String>, locale: &str, zone: &str| json!({"display_name": name, "phone": phone, "position": position, "locale": locale, "time_zone": zone});
    let old = shown(&before.display_name, &before.phone, &before.position, &before.locale, &before.time_zone);
    let new = shown(&checked.display_name, &checked.phone, &checked.position, checked.locale.as_str(), &checked.time_zone);
    if old != new {
        record(&txn, account, AuditVerb::Updated, audit::changed(Some(&old), Some(&new)), now).await?;
    }
    txn.commit().await?;
    accounts::find_by_id(db, account.id).await?.ok_or(ServiceError::NotFound)
}

/// Saves «Какие письма получать»; delivery reads it (`notifications::delivery`).
pub async fn set_preferences(
    db: &DatabaseConnection,
    account: &Account,
    preferences: EmailPreferences,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let txn = db::begin_write(db).await?;
    let before = preferences_of(&person(&txn, account).await?);
    user::Entity::update_many()
        .col_expr(user::Column::EmailNewMessage, Expr::value(preferences.new_message))
        .col_expr(user::Column::EmailStatusChanged, Expr::value(preferences.status_changed))
        .col_expr(user::Column::EmailResolved, Expr::value(preferences.resolved))
        .col_expr(user::Column::EmailClosed, Expr::value(preferences.closed))
        .col_expr(user::Column::EmailAddedToRequest, Expr::value(preferences.added_to_request))
        .filter(user::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    if before != preferences {
        let as_json = |preferences: &EmailPreferences| serde_json::to_value(preferences).unwrap_or_default();
        let details = audit::changed(Some(&as_json(&before)), Some(&as_json(&preferences)));
        record(&txn, account, AuditVerb::EmailsChanged, details, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// «Сменить пароль». The current password is checked like a sign-in — the same throttle
/// (`auth::check_throttle`, by the account's e-mail and the client `address`), and a wrong one
/// counts as a failed sign-in — so the form is no free way to guess it. The new one passes
/// `passwords::check_new`. Every other session of the person ends in the same transaction;
/// `current_session` stays (the caller signs it in again with the new hash: sessions are bound
/// to it). Answers the account with its new hash.
pub async fn change_password(
    db: &DatabaseConnection,
    account: &Account,
    current_password: String,
    new_password: String,
    address: Option<&str>,
    current_session: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<Account> {
    if current_password.is_empty() {
        return Err(ServiceError::Invalid(Code::CurrentPasswordRequired));
    }
    let policy = ThrottlePolicy::default();
    auth::check_throttle(db, policy, &account.email, address, now).await?;
    let stored = person(db, account).await?;
    if !passwords::verify(current_password, stored.password_hash.clone()).await {
        auth::record_failure(db, &account.email, address, now).await?;
        return Err(ServiceError::Invalid(Code::CurrentPasswordWrong));
    }
    passwords::check_new(&new_password, &account.email).map_err(ServiceError::Invalid)?;
    let password_hash = passwords::hash(new_password).await?;
    let txn = db::begin_write(db).await?;
    // Only over the hash that was checked: two changes at once cannot both pass with one
    // current password.
    let changed = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash.clone()))
        .filter(user::Column::Id.eq(account.id))
        .filter(user::Column::PasswordHash.eq(stored.password_hash))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(ServiceError::Invalid(Code::CurrentPasswordWrong));
    }
    let ended = session_store::end_sessions_of(&txn, account.id, current_session).await?;
    record(&txn, account, AuditVerb::PasswordChanged, json!({"other_sessions_ended": ended}), now).await?;
    txn.commit().await?;
    auth::record_success(db, policy, &account.email, now).await?;
    Ok(Account { password_hash, ..account.clone() })
}

/// «Активные сеансы»: the person's sessions that have not expired, the newest activity first.
pub async fn sessions(
    db: &impl ConnectionTrait,
    account: &Account,
    current_session: Option<&str>,
    clock: &ReaderClock,
) -> ServiceResult<Vec<SessionRow>> {
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(account.id))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(session::Column::LastSeenAt)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let mut sessions: Vec<SessionRow> = rows
        .into_iter()
        .map(|row| {
            let started = row.created_at.unwrap_or(row.expires_at);
            SessionRow {
                handle: session_store::handle_of(&row.id),
                device: row.user_agent.as_deref().map(describe_user_agent).unwrap_or_default(),
                address: row.address,
                signed_in_at: clock.date_time(started),
                last_active_at: clock.date_time(row.last_seen_at.unwrap_or(started)),
                current: Some(row.id.as_str()) == current_session,
            }
        })
        .collect();
    // «Этот сеанс» first.
    sessions.sort_by_key(|row| !row.current);
    Ok(sessions)
}

/// «Завершить»: ends one of the person's own other sessions, named by its handle. Another
/// person's handle, an unknown one, or one a parallel «Завершить» ended first → `NotFound`; the
/// current session → `Invalid(session.current)` (that is «Выйти»).
pub async fn end_session(
    db: &DatabaseConnection,
    account: &Account,
    handle: &str,
    current_session: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let ids: Vec<String> = session::Entity::find()
        .filter(session::Column::UserId.eq(account.id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    let Some(id) = ids.into_iter().find(|id| session_store::handle_of(id) == handle) else {
        return Err(ServiceError::NotFound);
    };
    if Some(id.as_str()) == current_session {
        return Err(ServiceError::Invalid(Code::SessionCurrent));
    }
    let txn = db::begin_write(db).await?;
    let deleted = session::Entity::delete_many()
        .filter(session::Column::Id.eq(&id))
        .filter(session::Column::UserId.eq(account.id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    record(&txn, account, AuditVerb::SessionEnded, json!({"session": handle}), now).await?;
    txn.commit().await?;
    Ok(())
}

/// «Завершить все остальные»: every session of the person but `current_session`; answers how
/// many ended.
pub async fn end_other_sessions(
    db: &DatabaseConnection,
    account: &Account,
    current_session: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<u64> {
    let txn = db::begin_write(db).await?;
    let ended = session_store::end_sessions_of(&txn, account.id, current_session).await?;
    if ended > 0 {
        record(&txn, account, AuditVerb::OtherSessionsEnded, json!({"sessions": ended}), now).await?;
    }
    txn.commit().await?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_list_starts_with_russia_and_holds_only_real_names() {
        let names = time_zone_names();
        assert_eq!(&names[..2], ["Europe/Kaliningrad", "Europe/Moscow"]);
        assert!(names.len() > 300, "{}", names.len());
        assert!(names.iter().all(|name| is_known_time_zone(name)), "every offered zone is accepted");
        assert!(is_known_time_zone(DEFAULT_TIME_ZONE) && is_known_time_zone("America/Argentina/Buenos_Aires"));
        for unknown in ["W-SU", "Europe/Atlantis", "", "europe/moscow", "Etc/GMT+3"] {
            assert!(!is_known_time_zone(unknown), "{unknown}");
        }
        let moscow = time_zones(Utc::now()).into_iter().find(|zone| zone.id == "Europe/Moscow").unwrap();
        assert_eq!(moscow.label, "Europe/Moscow, UTC+03:00");
    }
}
