//! «Администрирование → Люди» on SQLite and PostgreSQL: an invitation is a person and a queued
//! e-mail or nothing; it is sent again only to someone still invited; roles change within their
//! side; the portal never loses its last administrator, also when two try at once; the list.

use chrono::Utc;
use domain::Role;
use domain::account_link::LinkPurpose;
use domain::person::{Invitation, PersonState};
use domain::validation::Code;
use portal_service::accounts::{self, Account};
use portal_service::administrator::Administrator;
use portal_service::entity::{audit_event, notification_outbox, user};
use portal_service::live::LiveHub;
use portal_service::local_time::ReaderClock;
use portal_service::notifications::link_mail;
use portal_service::people::{self, PeopleQuery};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().expect(email)
}

async fn administrator(db: &DatabaseConnection) -> (Account, Administrator) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    let account = account(db, "admin@support.test").await;
    let admin = Administrator::of(&account).unwrap();
    (account, admin)
}

async fn romashka(db: &DatabaseConnection) -> i32 {
    account(db, "client@romashka.test").await.organization_id.unwrap()
}

fn invitation(email: &str, role: Role, organization_id: Option<i32>) -> Invitation {
    Invitation { email: email.into(), display_name: "Павел Зайцев".into(), role, organization_id }
}

async fn invitations_to(db: &DatabaseConnection, user_id: i32) -> usize {
    notification_outbox::Entity::find()
        .filter(notification_outbox::Column::RecipientId.eq(user_id))
        .all(db)
        .await
        .unwrap()
        .iter()
        .filter(|row| link_mail::purpose_of(row).ok() == Some(LinkPurpose::Invitation))
        .count()
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

on_both_databases!(an_invitation_is_a_person_with_a_queued_e_mail_or_nothing, |db: DatabaseConnection| async move {
    let (dmitry, admin) = administrator(&db).await;
    let romashka = romashka(&db).await;
    let now = Utc::now();
    let people_before = user::Entity::find().count(&db).await.unwrap();
    expect_invalid(
        people::invite(&db, &admin, &invitation("не-почта", Role::Customer, Some(romashka)), now).await,
        Code::EmailInvalid,
    );
    expect_invalid(
        people::invite(&db, &admin, &invitation("pavel@romashka.test", Role::Customer, None), now).await,
        Code::OrganizationRoleMismatch,
    );
    expect_invalid(
        people::invite(&db, &admin, &invitation("pavel@support.test", Role::SupportAgent, Some(romashka)), now).await,
        Code::OrganizationRoleMismatch,
    );
    expect_invalid(
        people::invite(&db, &admin, &invitation("pavel@romashka.test", Role::Customer, Some(999_999)), now).await,
        Code::OrganizationInvalid,
    );
    expect_invalid(
        people::invite(&db, &admin, &invitation("CLIENT@romashka.test", Role::Customer, Some(romashka)), now).await,
        Code::EmailTaken,
    );
    assert_eq!(user::Entity::find().count(&db).await.unwrap(), people_before, "nothing half-written");

    let pavel =
        people::invite(&db, &admin, &invitation(" Pavel@Romashka.Test ", Role::Customer, Some(romashka)), now).await.unwrap();
    assert_eq!(pavel.email, "pavel@romashka.test");
    assert_eq!(invitations_to(&db, pavel.id).await, 1);
    let event = audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.invited")).one(&db).await.unwrap().unwrap();
    assert_eq!((event.actor_id, event.subject.as_deref()), (Some(dmitry.id), Some(format!("user:{}", pavel.id).as_str())));
    // He cannot sign in before choosing a password.
    use axum_login::AuthnBackend;
    let backend = accounts::auth::AuthBackend::new(db.clone());
    let creds = accounts::auth::Credentials { email: "pavel@romashka.test".into(), password: "!".into() };
    assert!(backend.authenticate(creds).await.unwrap().is_none());

    people::resend_invitation(&db, &admin, pavel.id, now).await.unwrap();
    assert_eq!(invitations_to(&db, pavel.id).await, 2);
    let ivan = account(&db, "client@romashka.test").await;
    expect_invalid(people::resend_invitation(&db, &admin, ivan.id, now).await, Code::NotInvited);

    // Two invitations of one address at once leave one person.
    let (first, second) = (
        invitation("twice@romashka.test", Role::Customer, Some(romashka)),
        invitation("twice@romashka.test", Role::OrgAdmin, Some(romashka)),
    );
    let (a, b) = tokio::join!(people::invite(&db, &admin, &first, now), people::invite(&db, &admin, &second, now));
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    assert_eq!(user::Entity::find().filter(user::Column::Email.eq("twice@romashka.test")).count(&db).await.unwrap(), 1);

    // A deactivated organization gets no new people.
    portal_service::organizations::set_active(&db, &admin, romashka, false, now).await.unwrap();
    expect_invalid(
        people::invite(&db, &admin, &invitation("late@romashka.test", Role::Customer, Some(romashka)), now).await,
        Code::OrganizationInactive,
    );
});

on_both_databases!(roles_change_within_their_side_and_one_administrator_always_remains, |db: DatabaseConnection| async move {
    let (dmitry, admin) = administrator(&db).await;
    let hub = LiveHub::new();
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let agent = account(&db, "agent@support.test").await;
    people::change_role(&db, &admin, ivan.id, Role::OrgAdmin, now).await.unwrap();
    assert_eq!(account(&db, "client@romashka.test").await.role, Role::OrgAdmin);
    expect_invalid(people::change_role(&db, &admin, ivan.id, Role::Manager, now).await, Code::RoleChangeSide);
    expect_invalid(people::change_role(&db, &admin, agent.id, Role::Customer, now).await, Code::RoleChangeSide);
    expect_invalid(people::change_role(&db, &admin, dmitry.id, Role::SupportAgent, now).await, Code::MemberSelf);
    expect_invalid(people::set_active(&db, &hub, &admin, dmitry.id, false, now).await, Code::MemberSelf);

    // A second administrator; then each tries to switch the other off at the same moment.
    people::change_role(&db, &admin, agent.id, Role::Administrator, now).await.unwrap();
    let alexey = Administrator::of(&account(&db, "agent@support.test").await).unwrap();
    let (a, b) = tokio::join!(
        people::set_active(&db, &hub, &admin, agent.id, false, now),
        people::set_active(&db, &hub, &alexey, dmitry.id, false, now)
    );
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    for result in [a, b] {
        if let Err(error) = result {
            assert!(matches!(error, ServiceError::Invalid(Code::LastAdministrator)), "{error:?}");
        }
    }
    let active_admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Administrator.as_str()))
        .filter(user::Column::IsActive.eq(true))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(active_admins, 1, "the portal keeps one administrator");
    let kinds: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.starts_with("user."))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|event| event.kind)
        .collect();
    assert_eq!(kinds, vec!["user.role_changed", "user.role_changed", "user.deactivated"]);
});

on_both_databases!(switching_a_person_off_is_one_rule_for_both_admins, |db: DatabaseConnection| async move {
    let (_, admin) = administrator(&db).await;
    let hub = LiveHub::new();
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let authored = portal_service::entity::request::Entity::find()
        .filter(portal_service::entity::request::Column::AuthorId.eq(ivan.id))
        .count(&db)
        .await
        .unwrap();
    assert!(authored > 0);
    people::set_active(&db, &hub, &admin, ivan.id, false, now).await.unwrap();
    assert!(!account(&db, "client@romashka.test").await.is_active);
    let still_authored = portal_service::entity::request::Entity::find()
        .filter(portal_service::entity::request::Column::AuthorId.eq(ivan.id))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(still_authored, 0, "his requests are in «Запросы без автора» as when his organization admin does it");
    let olga = account(&db, "admin@romashka.test").await;
    let authorless = portal_service::org_admin::list(&db, &olga, None).await.unwrap();
    assert!(authorless.len() as u64 >= authored);
    people::set_active(&db, &hub, &admin, ivan.id, true, now).await.unwrap();
    assert!(account(&db, "client@romashka.test").await.is_active);
});

on_both_databases!(the_list_filters_by_organization_role_and_state, |db: DatabaseConnection| async move {
    let (_, admin) = administrator(&db).await;
    let romashka = romashka(&db).await;
    let now = Utc::now();
    let clock = ReaderClock::of("Europe/Moscow");
    people::invite(&db, &admin, &invitation("pavel@romashka.test", Role::Customer, Some(romashka)), now).await.unwrap();
    let query = |state, organization_id, role: Option<Role>, search: Option<&str>| PeopleQuery {
        search: search.map(str::to_owned),
        organization_id,
        role,
        state,
        page: 1,
    };
    let names = |page: domain::person::PeoplePage| page.rows.into_iter().map(|row| row.email).collect::<Vec<_>>();
    let of_romashka = people::page(&db, &admin, &query(PersonState::All, Some(romashka), None, None), &clock).await.unwrap();
    assert_eq!(of_romashka.total, 4);
    let invited = people::page(&db, &admin, &query(PersonState::Invited, None, None, None), &clock).await.unwrap();
    assert_eq!(names(invited.clone()), vec!["pavel@romashka.test"]);
    assert!(invited.rows[0].invited && invited.rows[0].last_sign_in.is_none());
    let active = people::page(&db, &admin, &query(PersonState::Active, Some(romashka), None, None), &clock).await.unwrap();
    assert_eq!(active.total, 3, "the invited one is not «active» yet");
    let managers = people::page(&db, &admin, &query(PersonState::All, None, Some(Role::Manager), None), &clock).await.unwrap();
    assert_eq!(names(managers), vec!["manager@support.test"]);
    let by_name = people::page(&db, &admin, &query(PersonState::All, None, None, Some("иван")), &clock).await.unwrap();
    assert_eq!(names(by_name), vec!["client@romashka.test"], "«иван» finds «Иван Петров»");
    let by_mail = people::page(&db, &admin, &query(PersonState::All, None, None, Some("VECTOR")), &clock).await.unwrap();
    assert_eq!(names(by_mail), vec!["client@vector.test"]);
    let me = people::page(&db, &admin, &query(PersonState::All, None, Some(Role::Administrator), None), &clock).await.unwrap();
    assert!(me.rows[0].is_me);
});
