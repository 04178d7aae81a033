//! «Профиль» on SQLite and PostgreSQL: personal data is validated field by field and audited;
//! a switched-off kind of e-mail is not sent while the others and account e-mails are; changing
//! the password needs the current one (throttled like a sign-in) and ends every other session but
//! keeps the current one; «Активные сеансы» lists one's own sessions and ends only those, once
//! when two try at the same time.

use std::collections::HashMap;

use chrono::Utc;
use domain::RequestStatus;
use domain::account_link::LinkPurpose;
use domain::profile::{EmailKind, EmailPreferences, ProfileFields};
use domain::validation::Code;
use portal_service::accounts::session_store::{self, ClientInfo, DbSessionStore};
use portal_service::accounts::{self, Account, passwords};
use portal_service::entity::{audit_event, notification_outbox, request, session, sign_in_failure, user};
use portal_service::local_time::ReaderClock;
use portal_service::notifications::delivery::{self, MailTransport, Mailer};
use portal_service::notifications::unsubscribe::SigningKey;
use portal_service::notifications::{self, NotificationEvent, link_mail};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases, profile};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::SessionStore;

const FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    accounts::find_by_email(db, email).await.unwrap().expect(email)
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

/// A signed-in session of `account` written through the real store, the way axum-login keeps it.
async fn signed_in_session(db: &DatabaseConnection, account: &Account, user_agent: &str) -> String {
    let store = DbSessionStore::new(db.clone());
    let mut data = HashMap::new();
    data.insert(
        "axum-login.data".to_owned(),
        serde_json::json!({"user_id": account.id, "auth_hash": account.password_hash.as_bytes()}),
    );
    let client = ClientInfo::new(Some(user_agent), Some("203.0.113.7".to_owned()));
    data.insert(session_store::CLIENT_KEY.to_owned(), serde_json::to_value(client).unwrap());
    let mut record = Record { id: Id::default(), data, expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(2) };
    store.create(&mut record).await.unwrap();
    record.id.to_string()
}

async fn session_ids_of(db: &DatabaseConnection, user_id: i32) -> Vec<String> {
    let mut ids: Vec<String> = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    ids.sort();
    ids
}

/// The status of the newest outbox row to `user_id`.
async fn latest_status(db: &DatabaseConnection, user_id: i32) -> String {
    use sea_orm::QueryOrder;
    notification_outbox::Entity::find()
        .filter(notification_outbox::Column::RecipientId.eq(user_id))
        .order_by_desc(notification_outbox::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .status
}

fn fields(name: &str, phone: &str, zone: &str) -> ProfileFields {
    ProfileFields {
        display_name: name.into(),
        phone: phone.into(),
        position: "Главный бухгалтер".into(),
        locale: "en".into(),
        time_zone: zone.into(),
    }
}

on_both_databases!(personal_data_is_checked_field_by_field_and_audited, |db: DatabaseConnection| async move {
    let ivan = account(&db, "client@romashka.test").await;
    let now = Utc::now();
    expect_invalid(profile::update(&db, &ivan, &fields(" ", "", "Europe/Moscow"), now).await, Code::DisplayNameLength);
    expect_invalid(profile::update(&db, &ivan, &fields("Иван", "звоните", "Europe/Moscow"), now).await, Code::PhoneInvalid);
    expect_invalid(profile::update(&db, &ivan, &fields("Иван", "", "Europe/Atlantis"), now).await, Code::TimeZoneUnknown);
    expect_invalid(profile::update(&db, &ivan, &fields("Иван", "", "W-SU"), now).await, Code::TimeZoneUnknown);
    let mut unknown_language = fields("Иван", "", "Europe/Moscow");
    unknown_language.locale = "de".into();
    expect_invalid(profile::update(&db, &ivan, &unknown_language, now).await, Code::LocaleUnknown);
    let untouched = user::Entity::find_by_id(ivan.id).one(&db).await.unwrap().unwrap();
    assert_eq!((untouched.display_name.as_str(), untouched.phone.as_deref()), (ivan.display_name.as_str(), None));
    assert_eq!(audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.updated")).count(&db).await.unwrap(), 0);

    let updated = profile::update(&db, &ivan, &fields("  Иван Сидоров ", "+7 (3812) 55-44-33", "Asia/Omsk"), now).await.unwrap();
    assert_eq!((updated.display_name.as_str(), updated.time_zone.as_str()), ("Иван Сидоров", "Asia/Omsk"));
    assert_eq!(updated.locale, domain::Locale::En);
    let stored = user::Entity::find_by_id(ivan.id).one(&db).await.unwrap().unwrap();
    assert_eq!((stored.phone.as_deref(), stored.position.as_deref()), (Some("+7 (3812) 55-44-33"), Some("Главный бухгалтер")));
    let event = audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.updated")).one(&db).await.unwrap().unwrap();
    assert_eq!(event.actor_id, Some(ivan.id));
    let details: serde_json::Value = serde_json::from_str(&event.details).unwrap();
    assert_eq!(details["after"]["time_zone"], "Asia/Omsk");
    assert_eq!(details["before"]["time_zone"], "Europe/Moscow");

    // The page reads it back, Russia's zones first.
    let view = profile::read(&db, &updated, None, now).await.unwrap();
    assert_eq!((view.fields.display_name.as_str(), view.fields.time_zone.as_str()), ("Иван Сидоров", "Asia/Omsk"));
    assert_eq!(view.time_zones[1].id, "Europe/Moscow");
    assert_eq!(view.preferences, EmailPreferences::default(), "every e-mail is on by default");
});

on_both_databases!(a_switched_off_kind_of_e_mail_is_not_sent_and_the_others_are, |db: DatabaseConnection| async move {
    let ivan = account(&db, "client@romashka.test").await;
    let agent = account(&db, "agent@support.test").await;
    let now = Utc::now();
    let request_id = request::Entity::find().filter(request::Column::Number.eq(1001)).one(&db).await.unwrap().unwrap().id;
    profile::set_preferences(&db, &ivan, EmailPreferences::only(&[EmailKind::StatusChanged, EmailKind::Resolved]), now)
        .await
        .unwrap();
    assert_eq!(
        audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.emails_changed")).count(&db).await.unwrap(),
        1
    );
    let status = NotificationEvent::StatusChanged { from: RequestStatus::New, to: RequestStatus::InProgress };
    for event in [
        status,
        NotificationEvent::ClosedForGood,
        NotificationEvent::LinkedRequestCreated { new_number: 1999 },
        NotificationEvent::Resolved { reopen_deadline: now + chrono::Duration::days(7) },
    ] {
        notifications::enqueue(&db, request_id, Some(agent.id), event, now).await.unwrap();
    }
    // An account e-mail is never suppressed.
    link_mail::enqueue(&db, ivan.id, LinkPurpose::PasswordReset, now).await.unwrap();

    let dir = portal_service::testing::scratch_dir("profile_preferences");
    let mailer = Mailer {
        transport: MailTransport::Files(dir.clone()),
        from: "Портал поддержки <support@portal.test>".parse().unwrap(),
        public_url: "https://support.example.ru".to_owned(),
        key: SigningKey::from_secret("test-secret"),
    };
    delivery::deliver_due(&db, &mailer, now + chrono::Duration::seconds(1)).await.unwrap();
    let rows =
        notification_outbox::Entity::find().filter(notification_outbox::Column::RecipientId.eq(ivan.id)).all(&db).await.unwrap();
    let status_of = |wanted: &dyn Fn(&notification_outbox::Model) -> bool| -> Vec<String> {
        rows.iter().filter(|row| wanted(row)).map(|row| row.status.clone()).collect()
    };
    let event_is =
        |name: &'static str| move |row: &notification_outbox::Model| row.request_id.is_some() && row.event.contains(name);
    assert_eq!(status_of(&event_is("StatusChanged")), ["sent"]);
    assert_eq!(status_of(&event_is("Resolved")), ["sent"]);
    assert_eq!(status_of(&event_is("ClosedForGood")), ["dropped"], "«Запрос закрыт» is off");
    assert_eq!(status_of(&event_is("LinkedRequestCreated")), ["dropped"], "a linked request follows «Запрос закрыт»");
    assert_eq!(status_of(&|row| row.request_id.is_none()), ["sent"], "the reset e-mail goes out whatever is switched off");

    // Switching a kind off also stops what already waits in the outbox, and on again lets new ones through.
    notifications::enqueue(&db, request_id, Some(agent.id), NotificationEvent::Resolved { reopen_deadline: now }, now)
        .await
        .unwrap();
    profile::set_preferences(&db, &ivan, EmailPreferences::only(&[EmailKind::NewMessage]), now).await.unwrap();
    delivery::deliver_due(&db, &mailer, now + chrono::Duration::seconds(2)).await.unwrap();
    assert_eq!(latest_status(&db, ivan.id).await, "dropped");
    profile::set_preferences(&db, &ivan, EmailPreferences::default(), now).await.unwrap();
    notifications::enqueue(&db, request_id, Some(agent.id), NotificationEvent::ClosedForGood, now).await.unwrap();
    delivery::deliver_due(&db, &mailer, now + chrono::Duration::seconds(3)).await.unwrap();
    assert_eq!(latest_status(&db, ivan.id).await, "sent");
});

on_both_databases!(a_new_password_needs_the_current_one_and_ends_only_the_other_sessions, |db: DatabaseConnection| async move {
    let ivan = account(&db, "client@romashka.test").await;
    let now = Utc::now();
    let here = signed_in_session(&db, &ivan, FIREFOX).await;
    let phone = signed_in_session(&db, &ivan, "Mozilla/5.0 (Linux; Android 14) Chrome/131.0.0.0 Mobile Safari/537.36").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let marias = signed_in_session(&db, &maria, FIREFOX).await;

    let address = Some("198.51.100.1");
    let wrong =
        profile::change_password(&db, &ivan, "not-my-password".into(), "klubnika-na-snegu".into(), address, Some(&here), now);
    expect_invalid(wrong.await, Code::CurrentPasswordWrong);
    let failures = sign_in_failure::Entity::find().filter(sign_in_failure::Column::Email.eq("client@romashka.test"));
    assert_eq!(failures.clone().count(&db).await.unwrap(), 1, "a wrong current password counts as a failed sign-in");
    expect_invalid(
        profile::change_password(&db, &ivan, "".into(), "klubnika-na-snegu".into(), address, Some(&here), now).await,
        Code::CurrentPasswordRequired,
    );
    expect_invalid(
        profile::change_password(&db, &ivan, "demo-password".into(), "short".into(), address, Some(&here), now).await,
        Code::PasswordTooShort,
    );
    assert_eq!(session_ids_of(&db, ivan.id).await.len(), 2, "nothing ended by a refused change");

    let changed =
        profile::change_password(&db, &ivan, "demo-password".into(), "klubnika-na-snegu".into(), address, Some(&here), now)
            .await
            .unwrap();
    assert_ne!(changed.password_hash, ivan.password_hash);
    assert_eq!(session_ids_of(&db, ivan.id).await, std::slice::from_ref(&here), "the phone's session ended, this one stays");
    assert!(session::Entity::find_by_id(phone).one(&db).await.unwrap().is_none());
    assert_eq!(session_ids_of(&db, maria.id).await, [marias], "another person's sessions are untouched");
    let stored = user::Entity::find_by_id(ivan.id).one(&db).await.unwrap().unwrap();
    assert!(passwords::verify("klubnika-na-snegu".into(), stored.password_hash.clone()).await);
    assert!(!passwords::verify("demo-password".into(), stored.password_hash).await);
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("user.password_changed"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.details, r#"{"other_sessions_ended":1}"#);
    assert_eq!(failures.clone().count(&db).await.unwrap(), 0, "the right password forgives earlier failures");

    // No free oracle: after five wrong guesses even the right password is refused for a while.
    let olga = account(&db, "admin@romashka.test").await;
    for _ in 0..5 {
        let guess = profile::change_password(&db, &olga, "guess".into(), "klubnika-na-snegu".into(), None, None, now);
        expect_invalid(guess.await, Code::CurrentPasswordWrong);
    }
    let right = profile::change_password(&db, &olga, "demo-password".into(), "klubnika-na-snegu".into(), None, None, now);
    assert!(matches!(right.await, Err(ServiceError::Throttled { .. })));
});

on_both_databases!(sessions_are_ones_own_and_end_once, |db: DatabaseConnection| async move {
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let now = Utc::now();
    let here = signed_in_session(&db, &ivan, FIREFOX).await;
    let laptop = signed_in_session(&db, &ivan, "curl/8.5.0").await;
    let tablet = signed_in_session(&db, &ivan, "something unknown").await;
    let marias = signed_in_session(&db, &maria, FIREFOX).await;

    let listed = profile::sessions(&db, &ivan, Some(&here), &ReaderClock::default()).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed[0].current, "«Этот сеанс» comes first");
    assert_eq!(listed[0].device.browser.as_deref(), Some("Firefox 133"));
    assert_eq!(listed[0].address.as_deref(), Some("203.0.113.7"));
    assert!(listed.iter().all(|row| !row.handle.contains(&here) && !row.handle.contains(&laptop)), "no raw ids on the page");
    assert_eq!(listed.iter().filter(|row| row.current).count(), 1);
    let handle = |id: &str| session_store::handle_of(id);

    // Someone else's handle is not found, and nothing ends.
    assert!(matches!(profile::end_session(&db, &maria, &handle(&laptop), Some(&marias), now).await, Err(ServiceError::NotFound)));
    assert!(matches!(profile::end_session(&db, &ivan, "0000", Some(&here), now).await, Err(ServiceError::NotFound)));
    expect_invalid(profile::end_session(&db, &ivan, &handle(&here), Some(&here), now).await, Code::SessionCurrent);
    assert_eq!(session_ids_of(&db, ivan.id).await.len(), 3);

    // Two «Завершить» of one session at once: one ends it, the other finds nothing.
    let laptop_handle = handle(&laptop);
    let (first, second) = tokio::join!(
        profile::end_session(&db, &ivan, &laptop_handle, Some(&here), now),
        profile::end_session(&db, &ivan, &laptop_handle, Some(&here), now),
    );
    let outcomes = [&first, &second];
    assert_eq!(outcomes.iter().filter(|outcome| outcome.is_ok()).count(), 1, "{first:?} {second:?}");
    assert!(outcomes.iter().any(|outcome| matches!(outcome, Err(ServiceError::NotFound))), "{first:?} {second:?}");
    assert!(session::Entity::find_by_id(laptop.clone()).one(&db).await.unwrap().is_none());
    assert_eq!(
        audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.session_ended")).count(&db).await.unwrap(),
        1
    );

    // A request of an ended session still in flight cannot bring it back.
    let store = DbSessionStore::new(db.clone());
    let record = Record {
        id: laptop.parse::<Id>().unwrap(),
        data: HashMap::from([(
            "axum-login.data".to_owned(),
            serde_json::json!({"user_id": ivan.id, "auth_hash": ivan.password_hash.as_bytes()}),
        )]),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(2),
    };
    store.save(&record).await.unwrap();
    assert!(session::Entity::find_by_id(laptop).one(&db).await.unwrap().is_none());

    assert_eq!(profile::end_other_sessions(&db, &ivan, Some(&here), now).await.unwrap(), 1);
    assert_eq!(session_ids_of(&db, ivan.id).await, std::slice::from_ref(&here));
    assert!(session::Entity::find_by_id(tablet).one(&db).await.unwrap().is_none());
    assert_eq!(session_ids_of(&db, maria.id).await, [marias]);
    assert_eq!(profile::end_other_sessions(&db, &ivan, Some(&here), now).await.unwrap(), 0);
});
