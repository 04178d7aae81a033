//! The request page's services — access, chat, workflow, queue filters and live signals — on
//! SQLite and PostgreSQL.

use chrono::Utc;
use domain::chat::{AuthorRole, MessageKind, NewMessage, SystemEvent};
use domain::lifecycle::ReopenWindow;
use domain::request_view::ParticipantKind;
use domain::validation::Code;
use domain::workflow::QueueRouting;
use domain::{RequestKind, RequestStatus, Role};
use portal_service::accounts::{self, Account};
use portal_service::entity::{attachment, audit_event, message, request};
use portal_service::live::{LiveHub, LiveSignal};
use portal_service::requests::{self, Assignment, ListQuery, ListScope, QueueFilter};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases, requests::chat, requests::view, workflow};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// Demo requests (see seed/demo.json): 1001 Ивана «в работе», 1002 Марии «ожидает ответа
/// клиента», 1003 (services) «новый», 1004 commercial «решено», 1005 «закрыт», 1006 «новый».
const IN_PROGRESS: i64 = 1001;
const AWAITING: i64 = 1002;
const NEW_SERVICES: i64 = 1003;
const COMMERCIAL: i64 = 1004;
const CLOSED: i64 = 1005;
const NEW_SUPPORT: i64 = 1006;

async fn seeded(db: &DatabaseConnection) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
}

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().unwrap()
}

fn client_id(n: u32) -> String {
    format!("6a1e2b3c-4d5e-4f60-8a7b-{n:012}")
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected Invalid({code}), got {other:?}"),
    }
}

fn expect_not_found<T: std::fmt::Debug>(result: Result<T, ServiceError>) {
    assert!(matches!(result, Err(ServiceError::NotFound)), "expected NotFound, got {result:?}");
}

async fn status_of(db: &DatabaseConnection, number: i64) -> RequestStatus {
    let model = request::Entity::find().filter(request::Column::Number.eq(number)).one(db).await.unwrap().unwrap();
    RequestStatus::parse(&model.status).unwrap()
}

on_both_databases!(posting_is_idempotent_per_client_message_id, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let now = Utc::now();
    let first = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Логи приложил, проверьте", client_id(1), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    let retry = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Логи приложил, проверьте", client_id(1), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(first, retry);
    assert_eq!(first.author_name.as_deref(), Some("Иван Петров"));
    assert_eq!(first.author_role, Some(AuthorRole::Client));
    assert_eq!(first.kind, MessageKind::User);
    assert_eq!(message::Entity::find().count(&db).await.unwrap(), 1);
    // Somebody else's id is not a way to read or overwrite their message.
    expect_invalid(
        chat::post_message(
            &db,
            &hub,
            &maria,
            &NewMessage::new(IN_PROGRESS, "Другое", client_id(1), &[]),
            now,
            ReopenWindow::default(),
        )
        .await,
        Code::ClientMessageIdInvalid,
    );
    let second = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "И ещё скриншот", client_id(2), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert!(second.id > first.id);
    assert_eq!(message::Entity::find().count(&db).await.unwrap(), 2);
});

on_both_databases!(invalid_messages_are_refused_and_leave_nothing, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let ivan = account(&db, "client@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let now = Utc::now();
    expect_invalid(
        chat::post_message(
            &db,
            &hub,
            &ivan,
            &NewMessage::new(IN_PROGRESS, "   \n", client_id(1), &[]),
            now,
            ReopenWindow::default(),
        )
        .await,
        Code::MessageRequired,
    );
    let long = "я".repeat(domain::chat::limits::MESSAGE_MAX_CHARS + 1);
    expect_invalid(
        chat::post_message(
            &db,
            &hub,
            &ivan,
            &NewMessage::new(IN_PROGRESS, long, client_id(2), &[]),
            now,
            ReopenWindow::default(),
        )
        .await,
        Code::MessageTooLong,
    );
    expect_invalid(
        chat::post_message(&db, &hub, &ivan, &NewMessage::new(IN_PROGRESS, "Текст", "short", &[]), now, ReopenWindow::default())
            .await,
        Code::ClientMessageIdInvalid,
    );
    expect_invalid(
        chat::post_message(&db, &hub, &ivan, &NewMessage::new(CLOSED, "Текст", client_id(3), &[]), now, ReopenWindow::default())
            .await,
        Code::RequestClosed,
    );
    // Another organization's request does not exist for this customer, nor does a missing one.
    expect_not_found(
        chat::post_message(
            &db,
            &hub,
            &sergey,
            &NewMessage::new(IN_PROGRESS, "Текст", client_id(4), &[]),
            now,
            ReopenWindow::default(),
        )
        .await,
    );
    expect_not_found(
        chat::post_message(&db, &hub, &ivan, &NewMessage::new(99_999, "Текст", client_id(5), &[]), now, ReopenWindow::default())
            .await,
    );
    // An upload that is not the poster's: the whole post is rolled back.
    let foreign_upload = attachment::ActiveModel {
        uploader_id: Set(sergey.id),
        file_name: Set("чужой.txt".into()),
        content_type: Set("text/plain".into()),
        size_bytes: Set(4),
        sha256: Set("0".repeat(64)),
        storage_key: Set("f".repeat(32)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    expect_invalid(
        chat::post_message(
            &db,
            &hub,
            &ivan,
            &NewMessage::new(IN_PROGRESS, "С файлом", client_id(6), &[foreign_upload.id]),
            now,
            ReopenWindow::default(),
        )
        .await,
        Code::AttachmentsInvalid,
    );
    assert_eq!(message::Entity::find().count(&db).await.unwrap(), 0);
});

on_both_databases!(attachments_go_with_their_message, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let ivan = account(&db, "client@romashka.test").await;
    let upload = attachment::ActiveModel {
        uploader_id: Set(ivan.id),
        file_name: Set("журнал.log".into()),
        content_type: Set("text/plain".into()),
        size_bytes: Set(1024),
        sha256: Set("a".repeat(64)),
        storage_key: Set("e".repeat(32)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let posted = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Журнал во вложении", client_id(1), &[upload.id]),
        Utc::now(),
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(posted.attachments.len(), 1);
    assert_eq!(posted.attachments[0].file_name, "журнал.log");
    let stored = attachment::Entity::find_by_id(upload.id).one(&db).await.unwrap().unwrap();
    assert_eq!(stored.message_id, Some(posted.id));
    assert!(stored.request_id.is_some());
    // Message files are not listed among the request's own files.
    let details = view::request_details(&db, &ivan, IN_PROGRESS).await.unwrap();
    assert!(details.attachments.iter().all(|file| file.id != upload.id));
});

on_both_databases!(messages_after_reads_in_order_from_a_position, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let ivan = account(&db, "client@romashka.test").await;
    let agent = account(&db, "agent@support.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let now = Utc::now();
    let a = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Первое", client_id(1), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    let b = chat::post_message(
        &db,
        &hub,
        &agent,
        &NewMessage::new(IN_PROGRESS, "Второе", client_id(2), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    let c = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Третье", client_id(3), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    // Another request's message does not show up.
    chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(NEW_SUPPORT, "Чужая ветка", client_id(4), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    let all = chat::messages_after(&db, &ivan, IN_PROGRESS, 0).await.unwrap();
    assert_eq!(all.iter().map(|m| m.id).collect::<Vec<_>>(), vec![a.id, b.id, c.id]);
    assert_eq!(all[1].author_role, Some(AuthorRole::Support));
    let later = chat::messages_after(&db, &agent, IN_PROGRESS, a.id).await.unwrap();
    assert_eq!(later.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(), vec!["Второе", "Третье"]);
    assert!(chat::messages_after(&db, &ivan, IN_PROGRESS, c.id).await.unwrap().is_empty());
    expect_not_found(chat::messages_after(&db, &sergey, IN_PROGRESS, 0).await);
});

on_both_databases!(staff_move_requests_along_the_life_cycle_only, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let agent = account(&db, "agent@support.test").await;
    let ivan = account(&db, "client@romashka.test").await;
    let admin = account(&db, "admin@romashka.test").await;
    let now = Utc::now();
    // Refused: a new request is not solved before it is worked on; customers change nothing.
    expect_invalid(
        workflow::change_status(&db, &hub, &agent, NEW_SUPPORT, RequestStatus::Resolved, now, ReopenWindow::default()).await,
        Code::StatusTransition,
    );
    assert!(matches!(
        workflow::change_status(&db, &hub, &ivan, NEW_SUPPORT, RequestStatus::InProgress, now, ReopenWindow::default()).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        workflow::change_status(&db, &hub, &admin, NEW_SUPPORT, RequestStatus::InProgress, now, ReopenWindow::default()).await,
        Err(ServiceError::Forbidden)
    ));
    expect_invalid(
        workflow::change_status(&db, &hub, &agent, CLOSED, RequestStatus::InProgress, now, ReopenWindow::default()).await,
        Code::StatusTransition,
    );
    assert_eq!(status_of(&db, NEW_SUPPORT).await, RequestStatus::New);
    assert_eq!(message::Entity::find().count(&db).await.unwrap(), 0);

    // Allowed: Новый → В работе → Ожидает ответа клиента → Решено → В работе.
    for to in [RequestStatus::InProgress, RequestStatus::AwaitingCustomer, RequestStatus::Resolved, RequestStatus::InProgress] {
        assert_eq!(workflow::change_status(&db, &hub, &agent, NEW_SUPPORT, to, now, ReopenWindow::default()).await.unwrap(), to);
        assert_eq!(status_of(&db, NEW_SUPPORT).await, to);
    }
    let lines = chat::messages_after(&db, &ivan, NEW_SUPPORT, 0).await.unwrap();
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|line| line.kind == MessageKind::System && line.body.is_empty()));
    assert_eq!(lines[0].system, Some(SystemEvent::StatusChanged { from: RequestStatus::New, to: RequestStatus::InProgress }));
    assert_eq!(lines[0].author_name.as_deref(), Some("Алексей Смирнов"));
    let audited =
        audit_event::Entity::find().filter(audit_event::Column::Kind.eq("request.status_changed")).count(&db).await.unwrap();
    assert_eq!(audited, 4);
});

on_both_databases!(a_customer_reply_takes_an_awaiting_request_back_to_work, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let maria = account(&db, "colleague@romashka.test").await;
    let agent = account(&db, "agent@support.test").await;
    let now = Utc::now();
    assert_eq!(status_of(&db, AWAITING).await, RequestStatus::AwaitingCustomer);
    // Support writing to an awaiting request changes nothing.
    chat::post_message(
        &db,
        &hub,
        &agent,
        &NewMessage::new(AWAITING, "Пришлите, пожалуйста, вывод команды", client_id(1), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(status_of(&db, AWAITING).await, RequestStatus::AwaitingCustomer);
    let reply = chat::post_message(
        &db,
        &hub,
        &maria,
        &NewMessage::new(AWAITING, "Вывод во вложении", client_id(2), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(status_of(&db, AWAITING).await, RequestStatus::InProgress);
    let after_reply = chat::messages_after(&db, &maria, AWAITING, reply.id).await.unwrap();
    assert_eq!(after_reply.len(), 1);
    assert_eq!(
        after_reply[0].system,
        Some(SystemEvent::StatusChanged { from: RequestStatus::AwaitingCustomer, to: RequestStatus::InProgress })
    );
    // A retry of the same reply is not a second reopening.
    chat::post_message(
        &db,
        &hub,
        &maria,
        &NewMessage::new(AWAITING, "Вывод во вложении", client_id(2), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(chat::messages_after(&db, &maria, AWAITING, 0).await.unwrap().len(), 3);
});

on_both_databases!(requests_are_assigned_to_staff_who_handle_their_kind, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let agent = account(&db, "agent@support.test").await;
    let manager = account(&db, "manager@support.test").await;
    let ivan = account(&db, "client@romashka.test").await;
    let now = Utc::now();
    workflow::take(&db, &hub, &agent, NEW_SUPPORT, now).await.unwrap();
    let details = view::request_details(&db, &agent, NEW_SUPPORT).await.unwrap();
    assert_eq!(details.assignee.as_ref().map(|a| a.user_id), Some(agent.id));
    assert_eq!(details.status, RequestStatus::InProgress, "taking a new request starts the work");
    assert!(!details.can_take);
    assert!(details.participants.iter().any(|p| p.user_id == agent.id && p.kind == ParticipantKind::Responsible));
    let lines = chat::messages_after(&db, &ivan, NEW_SUPPORT, 0).await.unwrap();
    assert_eq!(lines[0].system, Some(SystemEvent::Assigned { assignee_name: "Алексей Смирнов".into() }));

    // Commercial requests are the managers'.
    expect_invalid(workflow::take(&db, &hub, &agent, COMMERCIAL, now).await, Code::AssigneeInvalid);
    expect_invalid(workflow::assign(&db, &hub, &manager, NEW_SUPPORT, manager.id, now).await, Code::AssigneeInvalid);
    workflow::assign(&db, &hub, &agent, COMMERCIAL, manager.id, now).await.unwrap();
    // Nobody outside the staff, and customers may not assign at all.
    expect_invalid(workflow::assign(&db, &hub, &agent, NEW_SERVICES, ivan.id, now).await, Code::AssigneeInvalid);
    assert!(matches!(workflow::take(&db, &hub, &ivan, NEW_SERVICES, now).await, Err(ServiceError::Forbidden)));
    let staff = workflow::assignable_staff(&db, RequestKind::Commercial).await.unwrap();
    // The portal administrator has every staff right, commercial requests included.
    assert_eq!(staff.iter().map(|s| s.role).collect::<Vec<_>>(), vec![Role::Administrator, Role::Manager]);
});

on_both_databases!(the_queue_filters_by_routing_organization_and_assignee, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let agent = account(&db, "agent@support.test").await;
    let ivan = account(&db, "client@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let now = Utc::now();
    let vector_request = requests::create(
        &db,
        requests::Author { user_id: sergey.id, organization_id: sergey.organization_id.unwrap() },
        requests::NewRequest {
            kind: Some(RequestKind::PortalServices),
            subject: "Не открывается личный кабинет".into(),
            description: "Страница входа не загружается.".into(),
            idempotency_key: "queue-test-key-000001".into(),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    workflow::take(&db, &hub, &agent, NEW_SUPPORT, now).await.unwrap();
    let numbers = |filter: QueueFilter| {
        let db = db.clone();
        async move {
            let page =
                requests::list(&db, ListScope::Queue(filter), &ListQuery { limit: 25, ..Default::default() }).await.unwrap();
            let mut numbers: Vec<i64> = page.rows.iter().map(|row| row.number).collect();
            numbers.sort_unstable();
            numbers
        }
    };
    let all = QueueFilter { routing: QueueRouting::Everything, organization_id: None, assignment: None };
    assert_eq!(numbers(all).await, vec![1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, vector_request.number]);
    let support = QueueFilter { routing: QueueRouting::default_for(Role::SupportAgent), ..all };
    assert_eq!(numbers(support).await, vec![1001, 1002, 1003, 1005, 1006, 1007, vector_request.number]);
    let commercial = QueueFilter { routing: QueueRouting::default_for(Role::Manager), ..all };
    // 1008: the authorless commercial request registered by support (demo data).
    assert_eq!(numbers(commercial).await, vec![COMMERCIAL, 1008]);
    let vector = QueueFilter { organization_id: sergey.organization_id, ..all };
    assert_eq!(numbers(vector).await, vec![vector_request.number]);
    let romashka = QueueFilter { organization_id: ivan.organization_id, ..all };
    assert_eq!(numbers(romashka).await.len(), 8);
    let mine = QueueFilter { assignment: Some(Assignment::AssignedTo(agent.id)), ..all };
    assert_eq!(numbers(mine).await, vec![NEW_SUPPORT]);
    let unassigned = QueueFilter { assignment: Some(Assignment::Unassigned), ..all };
    assert!(!numbers(unassigned).await.contains(&NEW_SUPPORT));
    // Old callers of the whole list see everything, as before.
    let everything = requests::list(&db, ListScope::All, &ListQuery { limit: 25, ..Default::default() }).await.unwrap();
    assert_eq!(everything.total, 9);
});

on_both_databases!(the_request_page_shows_only_what_the_viewer_may_see, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let admin = account(&db, "admin@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    let manager = account(&db, "manager@support.test").await;
    let details = view::request_details(&db, &ivan, IN_PROGRESS).await.unwrap();
    assert_eq!(details.number, IN_PROGRESS);
    assert_eq!(details.kind, RequestKind::TechnicalSupport);
    assert_eq!(details.product_name.as_deref(), Some("Astra Linux Special Edition"));
    assert_eq!(details.version_name.as_deref(), Some("1.7"));
    assert_eq!(details.update_name.as_deref(), Some("1.7.6"));
    assert_eq!(details.certificate_number.as_deref(), Some("ТП-2026-00117"));
    assert_eq!(details.author_name.as_deref(), Some("Иван Петров"));
    assert_eq!(details.organization_name, "ООО «Ромашка»");
    assert!(details.participants.iter().any(|p| p.kind == ParticipantKind::Initiator && p.user_id == ivan.id));
    assert!(details.allowed_statuses.is_empty(), "customers change no status");
    assert!(!details.can_take && !details.can_assign && details.can_post);
    // Colleagues and the organization's administrator see it; another organization does not.
    for viewer in [&maria, &admin, &agent, &manager] {
        assert!(view::request_details(&db, viewer, IN_PROGRESS).await.is_ok(), "{}", viewer.email);
    }
    expect_not_found(view::request_details(&db, &sergey, IN_PROGRESS).await);
    let for_agent = view::request_details(&db, &agent, IN_PROGRESS).await.unwrap();
    assert_eq!(for_agent.allowed_statuses, vec![RequestStatus::AwaitingCustomer, RequestStatus::Resolved]);
    assert!(for_agent.can_take && for_agent.can_assign);
    assert!(!view::request_details(&db, &manager, IN_PROGRESS).await.unwrap().can_take);
    let services = view::request_details(&db, &agent, NEW_SERVICES).await.unwrap();
    assert!(!services.classification_path.is_empty());
    assert!(!view::request_details(&db, &ivan, CLOSED).await.unwrap().can_post);
    // A deactivated account sees nothing.
    let inactive = Account { is_active: false, ..ivan.clone() };
    expect_not_found(view::request_details(&db, &inactive, IN_PROGRESS).await);
});

on_both_databases!(committed_posts_signal_the_live_hub, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let mut signals = hub.subscribe();
    let ivan = account(&db, "client@romashka.test").await;
    let posted = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Есть новости?", client_id(1), &[]),
        Utc::now(),
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    let request_id = request::Entity::find().filter(request::Column::Number.eq(IN_PROGRESS)).one(&db).await.unwrap().unwrap().id;
    assert_eq!(signals.recv().await.unwrap(), LiveSignal::Request { request_id, message_id: posted.id });
    // A refused post signals nothing.
    let _ = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(CLOSED, "Текст", client_id(2), &[]),
        Utc::now(),
        ReopenWindow::default(),
    )
    .await;
    assert!(signals.try_recv().is_err());
});

async fn wait_for(receiver: &mut tokio::sync::broadcast::Receiver<LiveSignal>, wanted: LiveSignal) {
    let arrived = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            if receiver.recv().await.unwrap() == wanted {
                return;
            }
        }
    })
    .await;
    assert!(arrived.is_ok(), "{wanted:?} did not arrive");
}

/// Two app instances on one PostgreSQL: a message posted through A reaches a subscriber of B,
/// also after B's LISTEN connection was killed.
#[tokio::test]
async fn a_post_on_one_instance_reaches_subscribers_of_another() {
    let Some(database) = portal_service::testing::TestDatabase::postgres().await else { return };
    let db_a = database.db.clone();
    seeded(&db_a).await;
    let db_b = portal_service::db::connect(&database.url).await.unwrap();
    let (hub_a, hub_b) = (LiveHub::new(), LiveHub::new());
    let listener_a = hub_a.spawn_listener(&db_a).unwrap();
    let listener_b = hub_b.spawn_listener(&db_b).unwrap();
    let mut on_b = hub_b.subscribe();
    // B signals "everything" once its LISTEN is in place; from then on nothing is missed.
    wait_for(&mut on_b, LiveSignal::Everything).await;
    let ivan = account(&db_a, "client@romashka.test").await;
    let request_id =
        request::Entity::find().filter(request::Column::Number.eq(IN_PROGRESS)).one(&db_a).await.unwrap().unwrap().id;
    let posted = chat::post_message(
        &db_a,
        &hub_a,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Через инстанс A", client_id(1), &[]),
        Utc::now(),
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    wait_for(&mut on_b, LiveSignal::Request { request_id, message_id: posted.id }).await;
    let seen_by_b = chat::messages_after(&db_b, &ivan, IN_PROGRESS, 0).await.unwrap();
    assert_eq!(seen_by_b.last().map(|m| m.id), Some(posted.id));

    // Kill B's LISTEN connection: it reconnects, tells its subscribers to re-check, and
    // receives later posts again.
    use sea_orm::ConnectionTrait;
    db_a.execute_unprepared(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .await
    .unwrap();
    wait_for(&mut on_b, LiveSignal::Everything).await;
    let again = chat::post_message(
        &db_a,
        &hub_a,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "После обрыва", client_id(2), &[]),
        Utc::now(),
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    wait_for(&mut on_b, LiveSignal::Request { request_id, message_id: again.id }).await;

    listener_a.abort();
    listener_b.abort();
    db_b.close().await.ok();
    database.finish().await;
}
