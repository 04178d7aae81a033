//! Request lifecycle services — closing, the reopen window, the auto-close job, sharing, subscriptions and
//! ratings — on SQLite and PostgreSQL.

use chrono::{DateTime, Duration, Utc};
use domain::RequestStatus;
use domain::chat::{MessageKind, NewMessage, SystemEvent};
use domain::lifecycle::ReopenWindow;
use domain::validation::Code;
use portal_service::accounts::{self, Account};
use portal_service::entity::{message, rating, request, request_participant};
use portal_service::live::LiveHub;
use portal_service::seed::seed_demo_if_empty;
use portal_service::{
    ServiceError, lifecycle, lifecycle::ratings, on_both_databases, requests::chat, requests::participants, requests::view,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// Demo requests of «Ромашка» (seed/demo.json): 1001 Ивана «в работе», 1004 Ивана «решено»,
/// 1005 Марии «закрыт».
const IN_PROGRESS: i64 = 1001;
const RESOLVED: i64 = 1004;
const CLOSED: i64 = 1005;

async fn seeded(db: &DatabaseConnection) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
}

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().unwrap()
}

fn client_id(n: u32) -> String {
    format!("7b1e2b3c-4d5e-4f60-8a7b-{n:012}")
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected Invalid({code}), got {other:?}"),
    }
}

fn expect_forbidden<T: std::fmt::Debug>(result: Result<T, ServiceError>) {
    assert!(matches!(result, Err(ServiceError::Forbidden)), "expected Forbidden, got {result:?}");
}

fn expect_not_found<T: std::fmt::Debug>(result: Result<T, ServiceError>) {
    assert!(matches!(result, Err(ServiceError::NotFound)), "expected NotFound, got {result:?}");
}

async fn request_by_number(db: &DatabaseConnection, number: i64) -> request::Model {
    request::Entity::find().filter(request::Column::Number.eq(number)).one(db).await.unwrap().unwrap()
}

async fn status_of(db: &DatabaseConnection, number: i64) -> RequestStatus {
    RequestStatus::parse(&request_by_number(db, number).await.status).unwrap()
}

async fn set_resolved_at(db: &DatabaseConnection, number: i64, resolved_at: DateTime<Utc>) {
    request::Entity::update_many()
        .col_expr(request::Column::Status, Expr::value("resolved"))
        .col_expr(request::Column::ResolvedAt, Expr::value(resolved_at))
        .filter(request::Column::Number.eq(number))
        .exec(db)
        .await
        .unwrap();
}

async fn closing_lines(db: &DatabaseConnection, number: i64) -> usize {
    let request = request_by_number(db, number).await;
    let lines = message::Entity::find()
        .filter(message::Column::RequestId.eq(request.id))
        .filter(message::Column::Kind.eq(MessageKind::System.as_str()))
        .all(db)
        .await
        .unwrap();
    lines
        .iter()
        .filter(|line| {
            serde_json::from_str::<SystemEvent>(&line.body)
                .is_ok_and(|event| matches!(event, SystemEvent::StatusChanged { to: RequestStatus::Closed, .. }))
        })
        .count()
}

on_both_databases!(close_is_for_the_initiator_participants_and_the_org_admin, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let olga = account(&db, "admin@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    // A colleague of the same organization who is neither initiator, participant nor admin.
    expect_forbidden(lifecycle::close(&db, &hub, &maria, IN_PROGRESS, now).await);
    // Another organization cannot even see it; staff close through statuses.
    expect_not_found(lifecycle::close(&db, &hub, &sergey, IN_PROGRESS, now).await);
    expect_forbidden(lifecycle::close(&db, &hub, &agent, IN_PROGRESS, now).await);
    assert_eq!(status_of(&db, IN_PROGRESS).await, RequestStatus::InProgress);
    assert_eq!(closing_lines(&db, IN_PROGRESS).await, 0);

    lifecycle::close(&db, &hub, &ivan, IN_PROGRESS, now).await.unwrap();
    let closed = request_by_number(&db, IN_PROGRESS).await;
    assert_eq!(closed.status, "closed");
    assert_eq!(closed.close_reason.as_deref(), Some("closed_by_user"));
    assert!(closed.closed_at.is_some());
    assert_eq!(closing_lines(&db, IN_PROGRESS).await, 1);
    expect_invalid(lifecycle::close(&db, &hub, &ivan, IN_PROGRESS, now).await, Code::RequestClosed);
    // Everything stays readable after closing.
    let details = view::request_details(&db, &ivan, IN_PROGRESS).await.unwrap();
    assert_eq!(details.status, RequestStatus::Closed);
    assert!(!details.description.is_empty());
    assert!(!chat::messages_after(&db, &ivan, IN_PROGRESS, 0).await.unwrap().is_empty());

    // The organization's administrator may close a request she did not write.
    lifecycle::close(&db, &hub, &olga, RESOLVED, now).await.unwrap();
    assert_eq!(status_of(&db, RESOLVED).await, RequestStatus::Closed);
});

on_both_databases!(a_comment_reopens_only_inside_the_window, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let ivan = account(&db, "client@romashka.test").await;
    let agent = account(&db, "agent@support.test").await;
    let now = Utc::now();
    let window = ReopenWindow::default();
    // 71:59:59 after «Решено»: the comment reopens the request with a system line.
    set_resolved_at(&db, RESOLVED, now - window.duration() + Duration::seconds(1)).await;
    chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(RESOLVED, "Проблема вернулась", client_id(1), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(status_of(&db, RESOLVED).await, RequestStatus::InProgress);
    assert!(request_by_number(&db, RESOLVED).await.resolved_at.is_none());

    // 72:00:01 after «Решено»: refused like a closed request, nothing stored, status unchanged.
    set_resolved_at(&db, RESOLVED, now - window.duration() - Duration::seconds(1)).await;
    let before = message::Entity::find().count(&db).await.unwrap();
    expect_invalid(
        chat::post_message(
            &db,
            &hub,
            &ivan,
            &NewMessage::new(RESOLVED, "Опоздал", client_id(2), &[]),
            now,
            ReopenWindow::default(),
        )
        .await,
        Code::RequestClosed,
    );
    assert_eq!(message::Entity::find().count(&db).await.unwrap(), before);
    assert_eq!(status_of(&db, RESOLVED).await, RequestStatus::Resolved);

    // Staff may still write on a resolved request without reopening it.
    set_resolved_at(&db, RESOLVED, now - Duration::hours(1)).await;
    chat::post_message(
        &db,
        &hub,
        &agent,
        &NewMessage::new(RESOLVED, "Рады помочь", client_id(3), &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(status_of(&db, RESOLVED).await, RequestStatus::Resolved);
});

on_both_databases!(auto_close_is_idempotent_and_writes_one_line, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let now = Utc::now();
    let window = ReopenWindow::default();
    set_resolved_at(&db, RESOLVED, now - window.duration() - Duration::seconds(1)).await;
    // 1001 resolved just inside the window stays resolved.
    set_resolved_at(&db, IN_PROGRESS, now - window.duration() + Duration::seconds(1)).await;

    assert_eq!(lifecycle::auto_close_due(&db, &hub, now, window).await.unwrap(), 1);
    assert_eq!(lifecycle::auto_close_due(&db, &hub, now, window).await.unwrap(), 0);
    let closed = request_by_number(&db, RESOLVED).await;
    assert_eq!(closed.status, "closed");
    assert_eq!(closed.close_reason.as_deref(), Some("no_customer_activity"));
    assert_eq!(closing_lines(&db, RESOLVED).await, 1);
    assert_eq!(status_of(&db, IN_PROGRESS).await, RequestStatus::Resolved);
    assert_eq!(closing_lines(&db, IN_PROGRESS).await, 0);
});

on_both_databases!(concurrent_auto_close_runs_close_once, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let now = Utc::now();
    let window = ReopenWindow::default();
    set_resolved_at(&db, RESOLVED, now - Duration::hours(100)).await;
    set_resolved_at(&db, IN_PROGRESS, now - Duration::hours(80)).await;
    // Two "instances" run at the same moment over the same database.
    let (first, second) =
        tokio::join!(lifecycle::auto_close_due(&db, &hub, now, window), lifecycle::auto_close_due(&db, &hub, now, window));
    assert_eq!(first.unwrap() + second.unwrap(), 2, "each request closed by exactly one run");
    assert_eq!(closing_lines(&db, RESOLVED).await, 1);
    assert_eq!(closing_lines(&db, IN_PROGRESS).await, 1);
});

on_both_databases!(sharing_stays_inside_the_organization, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let olga = account(&db, "admin@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    let offered = participants::colleagues_to_share(&db, &ivan, IN_PROGRESS, "").await.unwrap();
    let offered_ids: Vec<i32> = offered.iter().map(|c| c.user_id).collect();
    assert!(offered_ids.contains(&maria.id) && offered_ids.contains(&olga.id));
    assert!(!offered_ids.contains(&ivan.id), "already a participant");
    assert!(!offered_ids.contains(&sergey.id) && !offered_ids.contains(&agent.id));
    let by_name = participants::colleagues_to_share(&db, &ivan, IN_PROGRESS, "СОКОЛ").await.unwrap();
    assert!(by_name.iter().all(|c| c.display_name.to_lowercase().contains("сокол") || c.email.contains("sokol")));

    // Another organization's customer or a staff member: refused, and nothing is added.
    expect_invalid(
        participants::share(&db, &ivan, IN_PROGRESS, &[maria.id, sergey.id], now).await,
        Code::ShareOutsideOrganization,
    );
    expect_invalid(participants::share(&db, &ivan, IN_PROGRESS, &[agent.id], now).await, Code::ShareOutsideOrganization);
    expect_invalid(participants::share(&db, &ivan, IN_PROGRESS, &[], now).await, Code::ShareNobody);
    let request = request_by_number(&db, IN_PROGRESS).await;
    assert!(request_participant::Entity::find_by_id((request.id, maria.id)).one(&db).await.unwrap().is_none());
    // Another organization cannot share it; a non-participant colleague cannot either.
    expect_not_found(participants::share(&db, &sergey, IN_PROGRESS, &[sergey.id], now).await);
    expect_forbidden(participants::share(&db, &maria, IN_PROGRESS, &[maria.id], now).await);

    assert_eq!(participants::share(&db, &ivan, IN_PROGRESS, &[maria.id, maria.id], now).await.unwrap(), 1);
    assert_eq!(participants::share(&db, &ivan, IN_PROGRESS, &[maria.id], now).await.unwrap(), 0, "already shared");
    let row = request_participant::Entity::find_by_id((request.id, maria.id)).one(&db).await.unwrap().unwrap();
    assert_eq!(row.kind, "shared");
    assert!(row.subscribed);
    // Now a participant, Maria may close it.
    assert!(portal_service::requests::access::may_close(&db, &maria, &request).await.unwrap());
});

on_both_databases!(unsubscribing_is_per_participant, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let olga = account(&db, "admin@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    let request = request_by_number(&db, IN_PROGRESS).await;
    assert!(participants::is_subscribed(&db, &ivan, request.id).await.unwrap());
    assert!(!participants::set_subscribed(&db, &ivan, IN_PROGRESS, false, now).await.unwrap());
    assert!(!participants::is_subscribed(&db, &ivan, request.id).await.unwrap());
    assert!(participants::set_subscribed(&db, &ivan, IN_PROGRESS, true, now).await.unwrap());
    assert!(participants::is_subscribed(&db, &ivan, request.id).await.unwrap());
    // The org admin becomes a participant by subscribing.
    assert!(!participants::is_subscribed(&db, &olga, request.id).await.unwrap());
    participants::set_subscribed(&db, &olga, IN_PROGRESS, true, now).await.unwrap();
    assert!(participants::is_subscribed(&db, &olga, request.id).await.unwrap());
    expect_not_found(participants::set_subscribed(&db, &sergey, IN_PROGRESS, true, now).await);
    expect_forbidden(participants::set_subscribed(&db, &agent, IN_PROGRESS, true, now).await);
});

on_both_databases!(ratings_follow_the_request_life, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let hub = LiveHub::new();
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    set_resolved_at(&db, RESOLVED, now - Duration::hours(10)).await;

    expect_invalid(ratings::rate(&db, &ivan, IN_PROGRESS, 5, None, now, ReopenWindow::default()).await, Code::RatingNotFinished);
    expect_invalid(ratings::rate(&db, &ivan, RESOLVED, 0, None, now, ReopenWindow::default()).await, Code::RatingStars);
    expect_invalid(ratings::rate(&db, &ivan, RESOLVED, 6, None, now, ReopenWindow::default()).await, Code::RatingStars);
    expect_forbidden(ratings::rate(&db, &agent, RESOLVED, 5, None, now, ReopenWindow::default()).await);
    expect_not_found(ratings::rate(&db, &sergey, RESOLVED, 5, None, now, ReopenWindow::default()).await);
    assert_eq!(ratings::average(&db, &agent).await.unwrap(), None);

    ratings::rate(&db, &ivan, RESOLVED, 5, Some("Быстро и понятно"), now, ReopenWindow::default()).await.unwrap();
    let changed = ratings::rate(&db, &ivan, RESOLVED, 3, Some("  "), now, ReopenWindow::default()).await.unwrap();
    assert_eq!((changed.stars, changed.comment), (3, None));
    assert_eq!(rating::Entity::find().count(&db).await.unwrap(), 1, "one rating per request and user");

    let seen_by_staff = ratings::request_ratings(&db, &agent, RESOLVED).await.unwrap();
    assert_eq!(seen_by_staff.len(), 1);
    assert_eq!(seen_by_staff[0].author_name, "Иван Петров");
    expect_forbidden(ratings::request_ratings(&db, &ivan, RESOLVED).await);
    expect_forbidden(ratings::average(&db, &ivan).await);

    // Closed for good: the existing rating is final, a first one is still welcome.
    lifecycle::close(&db, &hub, &ivan, RESOLVED, now).await.unwrap();
    expect_invalid(ratings::rate(&db, &ivan, RESOLVED, 4, None, now, ReopenWindow::default()).await, Code::RatingFinal);
    ratings::rate(&db, &maria, CLOSED, 5, None, now, ReopenWindow::default()).await.unwrap();
    expect_invalid(ratings::rate(&db, &maria, CLOSED, 4, None, now, ReopenWindow::default()).await, Code::RatingFinal);
    let summary = ratings::average(&db, &agent).await.unwrap().unwrap();
    assert_eq!(summary.count, 2);
    assert!((summary.average - 4.0).abs() < 1e-9);
});

on_both_databases!(a_closed_request_continues_in_a_linked_one, |db: DatabaseConnection| async move {
    use portal_service::requests::linked;
    seeded(&db).await;
    let now = Utc::now();
    let ivan = account(&db, "client@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let agent = account(&db, "agent@support.test").await;
    let key = "linked-key-0000000001";
    let info = "Уведомления снова перестали приходить после смены пароля";
    expect_invalid(linked::create_linked(&db, &ivan, IN_PROGRESS, info, key, &[], now).await, Code::LinkedNotClosed);
    expect_invalid(linked::create_linked(&db, &ivan, CLOSED, "   ", key, &[], now).await, Code::LinkedInfoRequired);
    expect_not_found(linked::create_linked(&db, &sergey, CLOSED, info, key, &[], now).await);
    expect_forbidden(linked::create_linked(&db, &agent, CLOSED, info, key, &[], now).await);

    let created = linked::create_linked(&db, &ivan, CLOSED, info, key, &[], now).await.unwrap();
    let retried = linked::create_linked(&db, &ivan, CLOSED, info, key, &[], now).await.unwrap();
    assert_eq!(created.number, retried.number, "idempotent like every creation");
    let closed = request_by_number(&db, CLOSED).await;
    let linked = request_by_number(&db, created.number).await;
    assert_eq!(linked.subject, format!("Связан с № {CLOSED}"));
    assert_eq!(linked.kind, closed.kind);
    assert_eq!((linked.product_id, linked.version_id), (closed.product_id, closed.version_id));
    assert_eq!(linked.description, info);
    assert_eq!(linked.status, "new");
    assert_eq!(linked.related_request_id, Some(closed.id));
    assert_eq!(
        message::Entity::find().filter(message::Column::RequestId.eq(linked.id)).count(&db).await.unwrap(),
        0,
        "the chat is not copied"
    );
    let from_closed = linked::links_of(&db, &closed).await.unwrap();
    assert_eq!(from_closed.continued_by, vec![created.number]);
    assert_eq!(linked::links_of(&db, &linked).await.unwrap().continues, Some(CLOSED));
});
