//! Every system line reaches the pages that have its request open: each kind of line
//! ([`SystemEvent`]) is written by some action here, and after every action each new line of the
//! chat is covered by a live signal of its request, pointing at that request's newest line.
//! On SQLite and PostgreSQL.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use domain::RequestStatus;
use domain::chat::{NewMessage, SystemEvent};
use domain::lifecycle::ReopenWindow;
use portal_service::accounts::{self, Account};
use portal_service::entity::{message, request};
use portal_service::live::{LiveHub, LiveSignal};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{lifecycle, on_both_databases, org_admin, requests::chat, workflow};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use tokio::sync::broadcast;

/// The name of a line's kind. Exhaustive on purpose: a new kind does not compile here until this
/// test writes it too (and then `ALL_KINDS` must name it).
fn kind_of(event: &SystemEvent) -> &'static str {
    match event {
        SystemEvent::StatusChanged { .. } => "status_changed",
        SystemEvent::Assigned { .. } => "assigned",
        SystemEvent::AuthorAssigned { .. } => "author_assigned",
        SystemEvent::AuthorDeactivated { .. } => "author_deactivated",
    }
}

const ALL_KINDS: [&str; 4] = ["assigned", "author_assigned", "author_deactivated", "status_changed"];

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().unwrap()
}

async fn request_by_number(db: &DatabaseConnection, number: i64) -> request::Model {
    request::Entity::find().filter(request::Column::Number.eq(number)).one(db).await.unwrap().unwrap()
}

async fn newest_message_id(db: &DatabaseConnection) -> i64 {
    message::Entity::find().order_by_desc(message::Column::Id).one(db).await.unwrap().map_or(0, |m| m.id)
}

/// Checks what one action wrote since `before` (the newest message id before it) against the
/// signals it sent; returns the kinds of the system lines it wrote.
async fn check_action(
    db: &DatabaseConnection,
    signals: &mut broadcast::Receiver<LiveSignal>,
    before: i64,
    action: &str,
) -> BTreeSet<&'static str> {
    let mut sent = Vec::new();
    while let Ok(signal) = signals.try_recv() {
        match signal {
            LiveSignal::Request { request_id, message_id } => sent.push((request_id, message_id)),
            LiveSignal::Everything => panic!("{action}: an unexpected catch-all signal"),
        }
    }
    let written = message::Entity::find().filter(message::Column::Id.gt(before)).all(db).await.unwrap();
    assert!(!written.is_empty(), "{action}: wrote no chat line");
    let mut kinds = BTreeSet::new();
    for line in &written {
        assert!(
            sent.iter().any(|&(request_id, message_id)| request_id == line.request_id && message_id >= line.id),
            "{action}: line {} of request {} was never signalled (signals: {sent:?})",
            line.id,
            line.request_id
        );
        if line.kind == "system" {
            let event: SystemEvent = serde_json::from_str(&line.body).unwrap();
            kinds.insert(kind_of(&event));
        }
    }
    for &(request_id, message_id) in &sent {
        let newest = message::Entity::find()
            .filter(message::Column::RequestId.eq(request_id))
            .order_by_desc(message::Column::Id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(message_id, newest.id, "{action}: the signal of request {request_id} must point at its newest line");
    }
    kinds
}

on_both_databases!(every_kind_of_system_line_is_signalled, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let hub = LiveHub::new();
    let mut signals = hub.subscribe();
    let agent = account(&db, "agent@support.test").await;
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let olga = account(&db, "admin@romashka.test").await;
    let now = Utc::now();
    let mut covered = BTreeSet::new();

    // Support moves 1001 «в работе» → «ожидает ответа».
    let before = newest_message_id(&db).await;
    workflow::change_status(&db, &hub, &agent, 1001, RequestStatus::AwaitingCustomer, now, ReopenWindow::default())
        .await
        .unwrap();
    covered.extend(check_action(&db, &mut signals, before, "change_status").await);

    // Support takes the new 1006: «назначен» and «в работе».
    let before = newest_message_id(&db).await;
    workflow::take(&db, &hub, &agent, 1006, now).await.unwrap();
    covered.extend(check_action(&db, &mut signals, before, "take").await);

    // Мария answers 1002 «ожидает ответа»: her message reopens it.
    let before = newest_message_id(&db).await;
    let client_message_id = "7b1e2b3c-4d5e-4f60-8a7b-000000000042";
    chat::post_message(
        &db,
        &hub,
        &maria,
        &NewMessage::new(1002, "Проверили, ошибка повторяется.", client_message_id, &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    covered.extend(check_action(&db, &mut signals, before, "post_message").await);

    // Иван closes 1001 himself.
    let before = newest_message_id(&db).await;
    lifecycle::close(&db, &hub, &ivan, 1001, now).await.unwrap();
    covered.extend(check_action(&db, &mut signals, before, "close").await);

    // 1004 was resolved long ago: the job closes it.
    request::Entity::update_many()
        .col_expr(request::Column::ResolvedAt, Expr::value(now - Duration::days(10)))
        .filter(request::Column::Id.eq(request_by_number(&db, 1004).await.id))
        .exec(&db)
        .await
        .unwrap();
    let before = newest_message_id(&db).await;
    assert_eq!(lifecycle::auto_close_due(&db, &hub, now, ReopenWindow::default()).await.unwrap(), 1);
    covered.extend(check_action(&db, &mut signals, before, "auto_close_due").await);

    // Ольга gives the authorless 1007 an author.
    let before = newest_message_id(&db).await;
    org_admin::assign_author(&db, &hub, &olga, request_by_number(&db, 1007).await.id, Some(maria.id), now).await.unwrap();
    covered.extend(check_action(&db, &mut signals, before, "assign_author").await);

    // Ольга deactivates Иван: each of his requests gets a line, and each is signalled.
    let before = newest_message_id(&db).await;
    org_admin::deactivate_member(&db, &hub, &olga, ivan.id, now).await.unwrap();
    covered.extend(check_action(&db, &mut signals, before, "deactivate_member").await);

    assert_eq!(covered, BTreeSet::from(ALL_KINDS), "every kind of system line is written and signalled above");
});
