//! «Запросы без автора» and member deactivation, on SQLite and PostgreSQL: assignment with
//! audit and chat line, the org-admin-only rules, and what deactivation does.

use chrono::Utc;
use domain::validation::Code;
use portal_service::accounts::{self, Account};
use portal_service::entity::{audit_event, message, notification_outbox, request, request_participant, session};
use portal_service::org_admin;
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().unwrap()
}

async fn by_number(db: &DatabaseConnection, number: i64) -> request::Model {
    request::Entity::find().filter(request::Column::Number.eq(number)).one(db).await.unwrap().unwrap()
}

on_both_databases!(org_admin_assigns_an_author, |db: DatabaseConnection| async move {
    let hub = portal_service::live::LiveHub::new();
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let olga = account(&db, "admin@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let rows = org_admin::list(&db, &olga, None).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1007, 1008]);
    assert_eq!(rows[0].contact_name.as_deref(), Some("Алексей Смирнов, системный администратор"));
    let found = org_admin::list(&db, &olga, Some("termidesk")).await.unwrap();
    assert_eq!(found.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1008]);

    let target = by_number(&db, 1007).await;
    org_admin::assign_author(&db, &hub, &olga, target.id, Some(maria.id), Utc::now()).await.unwrap();
    assert_eq!(by_number(&db, 1007).await.author_id, Some(maria.id));
    let participant = request_participant::Entity::find_by_id((target.id, maria.id)).one(&db).await.unwrap().unwrap();
    assert!(participant.subscribed);
    let audit = audit_event::Entity::find().filter(audit_event::Column::RequestId.eq(target.id)).all(&db).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].kind, "request.author_assigned");
    assert_eq!(audit[0].actor_id, Some(olga.id));
    let details: serde_json::Value = serde_json::from_str(&audit[0].details).unwrap();
    assert_eq!((details["from"].clone(), details["to"].clone()), (serde_json::Value::Null, serde_json::json!(maria.id)));
    let lines = message::Entity::find().filter(message::Column::RequestId.eq(target.id)).all(&db).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].kind, "system");
    // Stored as a system event like every other system line, so the chat and the PDF can word it.
    let event: domain::chat::SystemEvent = serde_json::from_str(&lines[0].body).unwrap();
    assert_eq!(
        event,
        domain::chat::SystemEvent::AuthorAssigned {
            by_name: olga.display_name.clone(),
            author_name: "Мария Соколова".to_owned()
        }
    );
    // Мария is told she was added.
    let queued = notification_outbox::Entity::find().all(&db).await.unwrap();
    assert_eq!(queued.iter().map(|r| r.recipient_id).collect::<Vec<_>>(), vec![maria.id]);
    // A second assignment is refused: the request has an author now.
    let again = org_admin::assign_author(&db, &hub, &olga, target.id, None, Utc::now()).await;
    assert!(matches!(again, Err(ServiceError::Invalid(Code::RequestHasAuthor))));
    // «Взять себе».
    let other = by_number(&db, 1008).await;
    org_admin::assign_author(&db, &hub, &olga, other.id, None, Utc::now()).await.unwrap();
    assert_eq!(by_number(&db, 1008).await.author_id, Some(olga.id));
    assert!(org_admin::list(&db, &olga, None).await.unwrap().is_empty());
});

on_both_databases!(only_the_org_admin_of_that_organization_may_assign, |db: DatabaseConnection| async move {
    let hub = portal_service::live::LiveHub::new();
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let ivan = account(&db, "client@romashka.test").await;
    let olga = account(&db, "admin@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    let target = by_number(&db, 1007).await;
    for outsider in [&ivan, &agent] {
        assert!(matches!(org_admin::list(&db, outsider, None).await, Err(ServiceError::Forbidden)));
        assert!(matches!(org_admin::members(&db, outsider, None).await, Err(ServiceError::Forbidden)));
        assert!(matches!(
            org_admin::assign_author(&db, &hub, outsider, target.id, None, Utc::now()).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            org_admin::deactivate_member(&db, &hub, outsider, olga.id, Utc::now()).await,
            Err(ServiceError::Forbidden)
        ));
    }
    // An author from another organization, an unknown user or an inactive member is refused.
    assert!(matches!(
        org_admin::assign_author(&db, &hub, &olga, target.id, Some(sergey.id), Utc::now()).await,
        Err(ServiceError::Invalid(Code::AuthorNotMember))
    ));
    assert!(matches!(
        org_admin::assign_author(&db, &hub, &olga, target.id, Some(999_999), Utc::now()).await,
        Err(ServiceError::Invalid(Code::AuthorNotMember))
    ));
    org_admin::deactivate_member(&db, &hub, &olga, ivan.id, Utc::now()).await.unwrap();
    assert!(matches!(
        org_admin::assign_author(&db, &hub, &olga, target.id, Some(ivan.id), Utc::now()).await,
        Err(ServiceError::Invalid(Code::AuthorInactive))
    ));
    // Nothing half-written.
    assert_eq!(by_number(&db, 1007).await.author_id, None);
    assert!(message::Entity::find().filter(message::Column::RequestId.eq(target.id)).all(&db).await.unwrap().is_empty());
    // Another organization's admin does not even see it: make Сергей an org admin of «Вектор».
    let mut row: portal_service::entity::user::ActiveModel =
        portal_service::entity::user::Entity::find_by_id(sergey.id).one(&db).await.unwrap().unwrap().into();
    row.role = Set("org_admin".to_owned());
    row.update(&db).await.unwrap();
    let sergey_admin = account(&db, "client@vector.test").await;
    assert!(org_admin::list(&db, &sergey_admin, None).await.unwrap().is_empty());
    assert!(matches!(
        org_admin::assign_author(&db, &hub, &sergey_admin, target.id, None, Utc::now()).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        org_admin::deactivate_member(&db, &hub, &sergey_admin, olga.id, Utc::now()).await,
        Err(ServiceError::NotFound)
    ));
});

on_both_databases!(deactivation_ends_sessions_and_leaves_requests_authorless, |db: DatabaseConnection| async move {
    let hub = portal_service::live::LiveHub::new();
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let olga = account(&db, "admin@romashka.test").await;
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let session_of = |id: &str, user_id: i32| session::ActiveModel {
        id: Set(id.to_owned()),
        data: Set(format!(
            r#"{{"id":"{id}","data":{{"axum-login.data":{{"user_id":{user_id},"auth_hash":[1,2]}}}},"expiry_date":"2099-01-01T00:00:00Z"}}"#
        )),
        expires_at: Set(Utc::now() + chrono::Duration::hours(1)),
        ..Default::default()
    };
    session_of("ivan-session", ivan.id).insert(&db).await.unwrap();
    session_of("maria-session", maria.id).insert(&db).await.unwrap();
    let authored_before: Vec<i64> = request::Entity::find()
        .filter(request::Column::AuthorId.eq(ivan.id))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(authored_before.len(), 3);

    assert!(matches!(
        org_admin::deactivate_member(&db, &hub, &olga, olga.id, Utc::now()).await,
        Err(ServiceError::Invalid(Code::MemberSelf))
    ));
    org_admin::deactivate_member(&db, &hub, &olga, ivan.id, Utc::now()).await.unwrap();
    let ivan_now = account(&db, "client@romashka.test").await;
    assert!(!ivan_now.is_active);
    assert!(session::Entity::find_by_id("ivan-session".to_owned()).one(&db).await.unwrap().is_none(), "his sessions end");
    assert!(session::Entity::find_by_id("maria-session".to_owned()).one(&db).await.unwrap().is_some(), "others' stay");
    // His requests are now in «Запросы без автора», each with an audit row and a chat line.
    let authorless_numbers: Vec<i64> = org_admin::list(&db, &olga, None).await.unwrap().into_iter().map(|r| r.number).collect();
    for number in &authored_before {
        assert!(authorless_numbers.contains(number));
        let id = by_number(&db, *number).await.id;
        let audit = audit_event::Entity::find().filter(audit_event::Column::RequestId.eq(id)).all(&db).await.unwrap();
        assert_eq!(audit.iter().map(|a| a.kind.as_str()).collect::<Vec<_>>(), vec!["request.author_removed"]);
        assert_eq!(message::Entity::find().filter(message::Column::RequestId.eq(id)).all(&db).await.unwrap().len(), 1);
        // The chat still reads: the line is a system event the page words itself.
        let chat = portal_service::requests::chat::messages_after(&db, &olga, *number, 0).await.unwrap();
        assert_eq!(chat.len(), 1, "request {number}");
    }
    assert!(
        audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.deactivated")).one(&db).await.unwrap().is_some()
    );
    // The auth backend refuses him.
    use axum_login::AuthnBackend;
    let backend = portal_service::accounts::auth::AuthBackend::new(db.clone());
    assert!(backend.get_user(&ivan.id).await.unwrap().is_none());
    let members = org_admin::members(&db, &olga, None).await.unwrap();
    assert!(members.iter().any(|m| m.id == ivan.id && !m.is_active));
    // Search by a part of the name (any case, «ё» as «е») or of the e-mail.
    let found = |search: String| {
        let (db, olga) = (db.clone(), olga.clone());
        async move { org_admin::members(&db, &olga, Some(&search)).await.unwrap().into_iter().map(|m| m.email).collect::<Vec<_>>() }
    };
    assert_eq!(found("COLLEAGUE@".into()).await, vec!["colleague@romashka.test".to_owned()]);
    let ivan_name = &members.iter().find(|m| m.id == ivan.id).unwrap().display_name;
    let surname_in_capitals = ivan_name.split_whitespace().next().unwrap().to_uppercase();
    assert_eq!(found(surname_in_capitals).await, vec!["client@romashka.test".to_owned()]);
    assert!(found("нет-такого-сотрудника".into()).await.is_empty());
    assert!(matches!(
        org_admin::members(&db, &olga, Some(&"я".repeat(201))).await,
        Err(ServiceError::Invalid(Code::SearchTooLong))
    ));
    // Reactivation lets him back in (his requests stay authorless until assigned).
    org_admin::reactivate_member(&db, &olga, ivan.id, Utc::now()).await.unwrap();
    assert!(backend.get_user(&ivan.id).await.unwrap().is_some());
    assert!(
        audit_event::Entity::find().filter(audit_event::Column::Kind.eq("user.reactivated")).one(&db).await.unwrap().is_some()
    );
});

on_both_databases!(support_registers_a_request_on_behalf_of_an_organization, |db: DatabaseConnection| async move {
    use portal_service::requests::{self, Contact, NewRequest};
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let agent = account(&db, "agent@support.test").await;
    let ivan = account(&db, "client@romashka.test").await;
    let olga = account(&db, "admin@romashka.test").await;
    let romashka = ivan.organization_id.unwrap();
    let input = |key: &str| NewRequest {
        kind: Some(domain::RequestKind::Commercial),
        subject: "Счёт на продление лицензий (звонок)".to_owned(),
        description: "Звонила бухгалтер, просит счёт на продление 20 лицензий.".to_owned(),
        product_id: None,
        version_id: None,
        update_id: None,
        certificate_id: None,
        classification_id: None,
        idempotency_key: key.to_owned(),
        attachment_ids: vec![],
        draft_id: None,
    };
    let contact = Contact { name: Some("  Ирина Белова ".to_owned()), email: Some("Belova@Romashka.test".to_owned()) };
    let key = "phone-call-0001-abcdef";
    let created = requests::create_on_behalf(&db, agent.id, romashka, contact.clone(), input(key), Utc::now()).await.unwrap();
    assert_eq!(created.number, 1009, "numbered like every other request");
    let stored = by_number(&db, 1009).await;
    assert_eq!((stored.author_id, stored.created_by_id), (None, Some(agent.id)));
    assert_eq!(stored.contact_name.as_deref(), Some("Ирина Белова"));
    assert_eq!(stored.contact_email.as_deref(), Some("belova@romashka.test"));
    assert!(
        request_participant::Entity::find()
            .filter(request_participant::Column::RequestId.eq(stored.id))
            .all(&db)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(org_admin::list(&db, &olga, Some("1009")).await.unwrap().iter().any(|r| r.number == 1009));
    // A replay answers with the same request.
    let again = requests::create_on_behalf(&db, agent.id, romashka, contact.clone(), input(key), Utc::now()).await.unwrap();
    assert_eq!((again.number, again.replayed), (1009, true));
    // Customers cannot; a bad contact e-mail or an unknown organization is refused.
    assert!(matches!(
        requests::create_on_behalf(&db, ivan.id, romashka, Contact::default(), input("phone-call-0002-abcdef"), Utc::now()).await,
        Err(ServiceError::Forbidden)
    ));
    let bad_email = Contact { name: None, email: Some("not-an-email".to_owned()) };
    assert!(matches!(
        requests::create_on_behalf(&db, agent.id, romashka, bad_email, input("phone-call-0003-abcdef"), Utc::now()).await,
        Err(ServiceError::Invalid(Code::ContactEmailInvalid))
    ));
    assert!(matches!(
        requests::create_on_behalf(&db, agent.id, 999_999, Contact::default(), input("phone-call-0004-abcdef"), Utc::now()).await,
        Err(ServiceError::Invalid(Code::OrganizationInvalid))
    ));
});
