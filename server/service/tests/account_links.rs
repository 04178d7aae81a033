//! Single-use account links (`accounts::links`): set a password once, within the lifetime, and
//! end the person's other sessions.

use chrono::{Duration, Utc};
use domain::account_link::{LinkPurpose, OpenedLink};
use domain::validation::Code;
use portal_service::accounts::links::{self, LinkState};
use portal_service::accounts::{self, Account, passwords};
use portal_service::entity::{account_link, session};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

const NEW_PASSWORD: &str = "клубника-на-снегу";

async fn ivan(db: &DatabaseConnection) -> Account {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    accounts::find_by_email(db, "client@romashka.test").await.unwrap().unwrap()
}

fn refused_with(result: Result<Account, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

on_both_databases!(a_link_sets_the_password_once_and_ends_other_sessions, |db: DatabaseConnection| async move {
    let ivan = ivan(&db).await;
    let now = Utc::now();
    session::ActiveModel {
        id: Set("ivan-session".to_owned()),
        data: Set(format!(r#"{{"data":{{"axum-login.data":{{"user_id":{},"auth_hash":[1]}}}}}}"#, ivan.id)),
        expires_at: Set(now + Duration::hours(1)),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let token = links::issue(&db, ivan.id, LinkPurpose::PasswordReset, now).await.unwrap();
    assert!(token.len() >= 43, "256 random bits");
    let stored = account_link::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(stored.token_hash.len(), 64, "only the SHA-256 is kept");
    assert!(!stored.token_hash.contains(&token));
    assert_eq!(
        links::state(&db, &token, now).await.unwrap(),
        LinkState::Usable(OpenedLink { purpose: LinkPurpose::PasswordReset, email: ivan.email.clone() })
    );

    // A weak password changes nothing: the link still works.
    refused_with(links::set_password(&db, &token, "qwertyuiop".into(), now).await, Code::PasswordTooCommon);
    let changed = links::set_password(&db, &token, NEW_PASSWORD.into(), now).await.unwrap();
    assert!(passwords::verify(NEW_PASSWORD.into(), changed.password_hash.clone()).await);
    let stored_hash = accounts::find_by_id(&db, ivan.id).await.unwrap().unwrap().password_hash;
    assert_eq!(stored_hash, changed.password_hash);
    assert!(session::Entity::find_by_id("ivan-session".to_owned()).one(&db).await.unwrap().is_none(), "sessions end");

    assert_eq!(links::state(&db, &token, now).await.unwrap(), LinkState::Used);
    refused_with(links::set_password(&db, &token, "малина-в-тумане".into(), now).await, Code::LinkUsed);
    refused_with(links::set_password(&db, "not-a-token", NEW_PASSWORD.into(), now).await, Code::LinkUnknown);
});

on_both_databases!(a_link_expires_and_a_new_one_replaces_the_old, |db: DatabaseConnection| async move {
    let ivan = ivan(&db).await;
    let now = Utc::now();
    let reset = links::issue(&db, ivan.id, LinkPurpose::PasswordReset, now - Duration::minutes(61)).await.unwrap();
    assert_eq!(links::state(&db, &reset, now).await.unwrap(), LinkState::Expired);
    refused_with(links::set_password(&db, &reset, NEW_PASSWORD.into(), now).await, Code::LinkExpired);
    assert!(
        !passwords::verify(NEW_PASSWORD.into(), accounts::find_by_id(&db, ivan.id).await.unwrap().unwrap().password_hash).await
    );

    let invitation = links::issue(&db, ivan.id, LinkPurpose::Invitation, now - Duration::days(6)).await.unwrap();
    assert!(matches!(
        links::state(&db, &invitation, now).await.unwrap(),
        LinkState::Usable(OpenedLink { purpose: LinkPurpose::Invitation, .. })
    ));
    let newer = links::issue(&db, ivan.id, LinkPurpose::Invitation, now).await.unwrap();
    assert_eq!(links::state(&db, &invitation, now).await.unwrap(), LinkState::Used, "the older link stops working");
    assert!(matches!(links::state(&db, &newer, now).await.unwrap(), LinkState::Usable(_)));
    assert_eq!(account_link::Entity::find().count(&db).await.unwrap(), 3);
});

on_both_databases!(two_uses_at_once_set_the_password_once, |db: DatabaseConnection| async move {
    let ivan = ivan(&db).await;
    let now = Utc::now();
    let token = links::issue(&db, ivan.id, LinkPurpose::Invitation, now).await.unwrap();
    let (first, second) = tokio::join!(
        links::set_password(&db, &token, NEW_PASSWORD.into(), now),
        links::set_password(&db, &token, "малина-в-тумане".into(), now),
    );
    assert_eq!([&first, &second].iter().filter(|result| result.is_ok()).count(), 1, "{first:?} / {second:?}");
    let loser = if first.is_ok() { second } else { first };
    refused_with(loser, Code::LinkUsed);
});

on_both_databases!(a_deactivated_persons_link_does_not_work, |db: DatabaseConnection| async move {
    use portal_service::entity::user;
    let ivan = ivan(&db).await;
    let now = Utc::now();
    let token = links::issue(&db, ivan.id, LinkPurpose::PasswordReset, now).await.unwrap();
    user::ActiveModel { id: Set(ivan.id), is_active: Set(false), ..Default::default() }.update(&db).await.unwrap();
    assert_eq!(links::state(&db, &token, now).await.unwrap(), LinkState::Unknown);
    refused_with(links::set_password(&db, &token, NEW_PASSWORD.into(), now).await, Code::LinkUnknown);
});
