//! E-mail notifications on SQLite and PostgreSQL: who is told about which event, «Отписаться»,
//! unsubscribe tokens, and outbox delivery (exactly once with two workers, retries, a real SMTP
//! listener on loopback).

use domain::chat::NewMessage;
use domain::validation::Code;
use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use domain::lifecycle::ReopenWindow;
use domain::{RequestKind, RequestStatus};
use portal_service::entity::{message, notification_outbox, request, request_participant, user};
use portal_service::live::LiveHub;
use portal_service::notifications::delivery::{self, MailTransport, Mailer, Outcome, SmtpSettings};
use portal_service::notifications::unsubscribe::{self, SigningKey};
use portal_service::notifications::{self, NotificationEvent};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{
    ServiceError, accounts, lifecycle, on_both_databases, requests, requests::chat, requests::linked, requests::participants,
    workflow,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

async fn user_id(db: &DatabaseConnection, email: &str) -> i32 {
    accounts::find_by_email(db, email).await.unwrap().unwrap().id
}

async fn request_id(db: &DatabaseConnection, number: i64) -> i32 {
    request::Entity::find().filter(request::Column::Number.eq(number)).one(db).await.unwrap().unwrap().id
}

async fn add_participant(db: &DatabaseConnection, request_id: i32, user_id: i32, subscribed: bool) {
    request_participant::ActiveModel {
        request_id: Set(request_id),
        user_id: Set(user_id),
        kind: Set("shared".to_owned()),
        subscribed: Set(subscribed),
        added_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .unwrap();
}

async fn outbox_recipients(db: &DatabaseConnection) -> Vec<i32> {
    let mut ids: Vec<i32> =
        notification_outbox::Entity::find().all(db).await.unwrap().into_iter().map(|row| row.recipient_id).collect();
    ids.sort_unstable();
    ids
}

fn mailer(transport: MailTransport) -> Mailer {
    Mailer {
        transport,
        from: "Портал поддержки <support@portal.test>".parse().unwrap(),
        public_url: "https://support.example.ru".to_owned(),
        key: SigningKey::from_secret("test-secret"),
    }
}

fn eml_files(dir: &Path) -> Vec<PathBuf> {
    portal_service::testing::files_under(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "eml")).collect()
}

/// Request 1001 of «Ромашка»: Иван is the author; Мария (subscribed) and Ольга (unsubscribed)
/// take part too.
async fn request_with_participants(db: &DatabaseConnection) -> (i32, i32, i32, i32) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    let request = request_id(db, 1001).await;
    let ivan = user_id(db, "client@romashka.test").await;
    let maria = user_id(db, "colleague@romashka.test").await;
    let olga = user_id(db, "admin@romashka.test").await;
    add_participant(db, request, maria, true).await;
    add_participant(db, request, olga, false).await;
    (request, ivan, maria, olga)
}

on_both_databases!(recipients_are_subscribed_participants_except_the_actor, |db: DatabaseConnection| async move {
    let (request, ivan, maria, olga) = request_with_participants(&db).await;
    let agent = user_id(&db, "agent@support.test").await;
    let now = Utc::now();
    let status = NotificationEvent::StatusChanged { from: RequestStatus::New, to: RequestStatus::InProgress };

    // Иван writes: Мария hears of it, Иван (the actor) and Ольга (unsubscribed) do not.
    assert_eq!(
        notifications::recipients(&db, request, Some(ivan), &NotificationEvent::NewMessage { message_id: 1 }).await.unwrap(),
        vec![maria]
    );
    // Support changes the status: every subscribed participant.
    let mut both = vec![ivan, maria];
    both.sort_unstable();
    assert_eq!(notifications::recipients(&db, request, Some(agent), &status).await.unwrap(), both);
    let resolved = NotificationEvent::Resolved { reopen_deadline: now + Duration::days(7) };
    assert_eq!(notifications::recipients(&db, request, None, &resolved).await.unwrap(), both);
    assert_eq!(
        notifications::recipients(&db, request, Some(maria), &NotificationEvent::ClosedForGood).await.unwrap(),
        vec![ivan]
    );
    // «Поделиться»: only the added user, never the others.
    assert_eq!(
        notifications::recipients(&db, request, Some(ivan), &NotificationEvent::AddedToRequest { user_id: maria }).await.unwrap(),
        vec![maria]
    );
    assert!(
        notifications::recipients(&db, request, Some(ivan), &NotificationEvent::AddedToRequest { user_id: olga })
            .await
            .unwrap()
            .is_empty(),
        "an unsubscribed user gets nothing even when added"
    );
    // A deactivated participant gets nothing.
    let mut maria_row: user::ActiveModel = user::Entity::find_by_id(maria).one(&db).await.unwrap().unwrap().into();
    maria_row.is_active = Set(false);
    maria_row.update(&db).await.unwrap();
    assert_eq!(notifications::recipients(&db, request, Some(agent), &status).await.unwrap(), vec![ivan]);

    // enqueue writes one row per recipient, in the caller's transaction.
    notifications::enqueue(&db, request, Some(agent), NotificationEvent::LinkedRequestCreated { new_number: 1042 }, now)
        .await
        .unwrap();
    assert_eq!(outbox_recipients(&db).await, vec![ivan]);
});

on_both_databases!(unsubscribed_participants_get_no_mail, |db: DatabaseConnection| async move {
    let (request, ivan, maria, _olga) = request_with_participants(&db).await;
    let key = SigningKey::from_secret("test-secret");
    let now = Utc::now();
    // Queued while Мария was still subscribed …
    notifications::enqueue(&db, request, Some(ivan), NotificationEvent::ClosedForGood, now).await.unwrap();
    assert_eq!(outbox_recipients(&db).await, vec![maria]);
    // … then «Отписаться» from the e-mail link.
    let done = unsubscribe::unsubscribe(&db, &key, &key.token(maria, request)).await.unwrap();
    assert!(!done.subscribed);
    assert_eq!(done.request_number, 1001);
    let participant = request_participant::Entity::find_by_id((request, maria)).one(&db).await.unwrap().unwrap();
    assert!(!participant.subscribed);
    // Nothing new is queued for her, and the queued e-mail is dropped instead of sent.
    notifications::enqueue(&db, request, Some(ivan), NotificationEvent::ClosedForGood, now).await.unwrap();
    assert_eq!(outbox_recipients(&db).await, vec![maria], "no second row");
    let dir = portal_service::testing::scratch_dir("mail_unsubscribed");
    let outcomes =
        delivery::deliver_due(&db, &mailer(MailTransport::Files(dir.clone())), now + Duration::seconds(1)).await.unwrap();
    assert_eq!(outcomes, vec![Outcome::Dropped]);
    assert!(eml_files(&dir).is_empty());
    std::fs::remove_dir_all(dir).ok();
});

on_both_databases!(unsubscribe_tokens_cannot_be_forged_or_moved, |db: DatabaseConnection| async move {
    let (request, _ivan, maria, _olga) = request_with_participants(&db).await;
    // 1003 is Ольга's; Мария is not part of it yet.
    let other_request = request_id(&db, 1003).await;
    add_participant(&db, other_request, maria, true).await;
    let key = SigningKey::from_secret("test-secret");
    let token = key.token(maria, request);
    let invalid = |result: Result<unsubscribe::Subscription, ServiceError>| {
        matches!(result, Err(ServiceError::Invalid(Code::UnsubscribeInvalidToken)))
    };
    // The same signature with another request id, another user id, or a changed signature.
    let signature = token.splitn(3, '.').nth(2).unwrap().to_owned();
    assert!(invalid(unsubscribe::unsubscribe(&db, &key, &format!("{maria}.{other_request}.{signature}")).await));
    assert!(invalid(unsubscribe::unsubscribe(&db, &key, &format!("{}.{request}.{signature}", maria + 1)).await));
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert!(invalid(unsubscribe::unsubscribe(&db, &key, &tampered).await));
    // Signed with another secret (e.g. a guessed one), or garbage.
    let foreign = SigningKey::from_secret("guess");
    assert!(invalid(unsubscribe::unsubscribe(&db, &key, &foreign.token(maria, other_request)).await));
    for garbage in ["", "1.2", "x.y.z", "1.2.!!!"] {
        assert!(invalid(unsubscribe::inspect(&db, &key, garbage).await), "{garbage:?}");
    }
    // Nothing changed for either request; the genuine token works for its own request only.
    for id in [request, other_request] {
        assert!(request_participant::Entity::find_by_id((id, maria)).one(&db).await.unwrap().unwrap().subscribed);
    }
    unsubscribe::unsubscribe(&db, &key, &token).await.unwrap();
    assert!(!request_participant::Entity::find_by_id((request, maria)).one(&db).await.unwrap().unwrap().subscribed);
    assert!(request_participant::Entity::find_by_id((other_request, maria)).one(&db).await.unwrap().unwrap().subscribed);
});

on_both_databases!(the_stored_secret_is_shared_by_instances, |db: DatabaseConnection| async move {
    let first = SigningKey::load_or_create(&db, None).await.unwrap();
    let second = SigningKey::load_or_create(&db, None).await.unwrap();
    assert_eq!(second.verify(&first.token(5, 7)), Some(unsubscribe::Target { user_id: 5, request_id: 7 }));
    let configured = SigningKey::load_or_create(&db, Some("from-env")).await.unwrap();
    assert_eq!(configured.verify(&first.token(5, 7)), None);
});

on_both_databases!(two_workers_deliver_each_message_exactly_once, |db: DatabaseConnection| async move {
    let (request, ivan, maria, _olga) = request_with_participants(&db).await;
    let now = Utc::now();
    for index in 0..15 {
        let event = if index % 2 == 0 {
            NotificationEvent::ClosedForGood
        } else {
            NotificationEvent::LinkedRequestCreated { new_number: 2000 + index }
        };
        notifications::enqueue(&db, request, None, event, now).await.unwrap();
    }
    let _ = (ivan, maria);
    let queued = notification_outbox::Entity::find().count(&db).await.unwrap();
    assert_eq!(queued, 30, "15 events × 2 subscribed participants");
    let dir = portal_service::testing::scratch_dir("mail_exactly_once");
    let first = mailer(MailTransport::Files(dir.clone()));
    let second = mailer(MailTransport::Files(dir.clone()));
    let later = now + Duration::seconds(1);
    let mut sent = 0;
    // Several rounds of two workers racing for the same rows.
    for _ in 0..3 {
        let (a, b) = tokio::join!(delivery::deliver_due(&db, &first, later), delivery::deliver_due(&db, &second, later));
        sent += a.unwrap().len() + b.unwrap().len();
    }
    assert_eq!(sent, 30);
    assert_eq!(eml_files(&dir).len(), 30, "one file per message, none twice");
    let rows = notification_outbox::Entity::find().all(&db).await.unwrap();
    assert!(rows.iter().all(|row| row.status == "sent" && row.attempts == 1 && row.sent_at.is_some()));
    // A third pass finds nothing to do.
    assert!(delivery::deliver_due(&db, &first, later + Duration::hours(1)).await.unwrap().is_empty());
    std::fs::remove_dir_all(dir).ok();
});

on_both_databases!(failed_sending_is_retried_with_back_off, |db: DatabaseConnection| async move {
    let (request, ivan, _maria, _olga) = request_with_participants(&db).await;
    // Databases keep microseconds.
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    notifications::enqueue(&db, request, Some(ivan), NotificationEvent::ClosedForGood, now).await.unwrap();
    // A port nobody listens on.
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let settings = SmtpSettings { url: Some(format!("smtp://127.0.0.1:{closed_port}")), ..Default::default() };
    let broken = mailer(MailTransport::from_settings(&settings, &std::env::temp_dir()).unwrap());
    let later = now + Duration::seconds(1);
    assert_eq!(delivery::deliver_due(&db, &broken, later).await.unwrap(), vec![Outcome::Retry]);
    let row = notification_outbox::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
    assert_eq!(row.next_attempt_at, later + Duration::minutes(1));
    assert!(row.last_error.is_some());
    // Not due yet: nothing happens; once due, a working transport sends it.
    assert!(delivery::deliver_due(&db, &broken, later + Duration::seconds(30)).await.unwrap().is_empty());
    let dir = portal_service::testing::scratch_dir("mail_retry");
    let working = mailer(MailTransport::Files(dir.clone()));
    assert_eq!(delivery::deliver_due(&db, &working, later + Duration::minutes(2)).await.unwrap(), vec![Outcome::Sent]);
    assert_eq!(delivery::backoff(2), Duration::minutes(2));
    assert_eq!(delivery::backoff(30), Duration::hours(6));
    std::fs::remove_dir_all(dir).ok();
});

/// A tiny SMTP server: accepts EHLO/MAIL/RCPT/DATA/QUIT on loopback and records each message.
async fn smtp_listener() -> (u16, tokio::sync::mpsc::UnboundedReceiver<(Vec<String>, String)>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test.local ESMTP\r\n").await.unwrap();
                let mut recipients = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        write.write_all(b"250-test.local\r\n250 8BITMIME\r\n").await.unwrap();
                    } else if upper.starts_with("MAIL FROM") {
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    } else if upper.starts_with("RCPT TO") {
                        recipients.push(line[8..].trim().to_owned());
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    } else if upper == "DATA" {
                        write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            data.push_str(&line);
                            data.push('\n');
                        }
                        sender.send((std::mem::take(&mut recipients), data)).unwrap();
                        write.write_all(b"250 OK queued\r\n").await.unwrap();
                    } else if upper == "QUIT" {
                        write.write_all(b"221 Bye\r\n").await.unwrap();
                        break;
                    } else if upper == "RSET" || upper == "NOOP" {
                        write.write_all(b"250 OK\r\n").await.unwrap();
                    } else {
                        write.write_all(b"502 Not implemented\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    (port, receiver)
}

on_both_databases!(mail_goes_through_a_real_smtp_listener, |db: DatabaseConnection| async move {
    let (request, ivan, maria, _olga) = request_with_participants(&db).await;
    let now = Utc::now();
    let posted = message::ActiveModel {
        request_id: Set(request),
        author_id: Set(Some(ivan)),
        kind: Set("user".to_owned()),
        body: Set("Проверьте, пожалуйста, журнал <fly-dm> & перезапустите.".to_owned()),
        client_message_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    notifications::enqueue(&db, request, Some(ivan), NotificationEvent::NewMessage { message_id: posted.id }, now).await.unwrap();

    let (port, mut received) = smtp_listener().await;
    let settings = SmtpSettings { host: Some("127.0.0.1".to_owned()), port: Some(port), ..Default::default() };
    let smtp = mailer(MailTransport::from_settings(&settings, &std::env::temp_dir()).unwrap());
    assert_eq!(delivery::deliver_due(&db, &smtp, now + Duration::seconds(1)).await.unwrap(), vec![Outcome::Sent]);
    let (recipients, data) = received.recv().await.unwrap();
    assert_eq!(recipients, vec!["<colleague@romashka.test>".to_owned()]);
    let _ = maria;
    let key = SigningKey::from_secret("test-secret");
    let token = key.token(maria, request);
    assert!(data.contains(&format!("List-Unsubscribe: <https://support.example.ru/unsubscribe?token={token}>")), "{data}");
    assert!(data.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(data.contains("Content-Type: multipart/alternative"));
    assert!(data.contains("text/html"));
    let decoded = portal_service::testing::readable_email(&data);
    assert!(decoded.contains("Новое сообщение в запросе № 1001") || data.contains("Subject:"), "{decoded}");
    assert!(decoded.contains("https://support.example.ru/requests/1001"), "{decoded}");
    assert!(decoded.contains("журнал &lt;fly-dm&gt; &amp; перезапустите"), "HTML is escaped: {decoded}");
    assert!(decoded.contains("журнал <fly-dm> & перезапустите"), "plain text keeps the text: {decoded}");
    let row = notification_outbox::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(row.status, "sent");
});

/// Reads the queued e-mails as (recipient, event), sorted, and empties the outbox for the next step.
async fn take_outbox(db: &DatabaseConnection) -> Vec<(i32, NotificationEvent)> {
    let rows = notification_outbox::Entity::find().all(db).await.unwrap();
    notification_outbox::Entity::delete_many().exec(db).await.unwrap();
    let mut queued: Vec<(i32, NotificationEvent)> =
        rows.into_iter().map(|row| (row.recipient_id, serde_json::from_str(&row.event).unwrap())).collect();
    queued.sort_by_key(|(recipient, _)| *recipient);
    queued
}

fn to_each(mut recipients: Vec<i32>, event: NotificationEvent) -> Vec<(i32, NotificationEvent)> {
    recipients.sort_unstable();
    recipients.into_iter().map(|recipient| (recipient, event.clone())).collect()
}

// Every action that the issue names queues its e-mail for the right people, in the action's own
// transaction: a fresh request of Иван, taken by support, shared with Мария, Ольга following it
// unsubscribed, then the whole life cycle up to a linked request and the auto-close job.
on_both_databases!(each_action_queues_its_event_for_the_right_people, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let hub = LiveHub::new();
    let account = |email: &'static str| {
        let db = db.clone();
        async move { accounts::find_by_email(&db, email).await.unwrap().unwrap() }
    };
    let (ivan, maria, olga, agent) = (
        account("client@romashka.test").await,
        account("colleague@romashka.test").await,
        account("admin@romashka.test").await,
        account("agent@support.test").await,
    );
    let now = Utc::now();
    let created = requests::create(
        &db,
        requests::Author { user_id: ivan.id, organization_id: ivan.organization_id.unwrap() },
        requests::NewRequest {
            kind: Some(RequestKind::PortalServices),
            subject: "Не приходят письма о запросах".into(),
            description: "С понедельника уведомления перестали приходить на почту отдела.".into(),
            idempotency_key: "notify-events-key-0001".into(),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    let number = created.number;
    assert!(take_outbox(&db).await.is_empty(), "creating a request mails nobody");

    workflow::take(&db, &hub, &agent, number, now).await.unwrap();
    let in_progress = NotificationEvent::StatusChanged { from: RequestStatus::New, to: RequestStatus::InProgress };
    assert_eq!(take_outbox(&db).await, to_each(vec![ivan.id], in_progress), "the author hears the request was taken");

    participants::share(&db, &ivan, number, &[maria.id], now).await.unwrap();
    assert_eq!(take_outbox(&db).await, to_each(vec![maria.id], NotificationEvent::AddedToRequest { user_id: maria.id }));
    add_participant(&db, created.id, olga.id, false).await;

    let posted = chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(number, "Проверили спам, писем нет.", "11111111-2222-4333-8444-000000000001", &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        take_outbox(&db).await,
        to_each(vec![agent.id, maria.id], NotificationEvent::NewMessage { message_id: posted.id }),
        "the writer and the unsubscribed Ольга are left out"
    );
    chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(number, "Проверили спам, писем нет.", "11111111-2222-4333-8444-000000000001", &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert!(take_outbox(&db).await.is_empty(), "a replayed message is not mailed twice");

    workflow::change_status(&db, &hub, &agent, number, RequestStatus::Resolved, now, ReopenWindow::default()).await.unwrap();
    let deadline = ReopenWindow::default().deadline(now);
    assert_eq!(
        take_outbox(&db).await,
        to_each(vec![ivan.id, maria.id], NotificationEvent::Resolved { reopen_deadline: deadline })
    );

    // Мария's comment reopens the request: one e-mail about her message, not a second one about the status.
    let reopening = chat::post_message(
        &db,
        &hub,
        &maria,
        &NewMessage::new(number, "Письма всё ещё не приходят.", "11111111-2222-4333-8444-000000000002", &[]),
        now,
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    assert_eq!(request_status(&db, number).await, RequestStatus::InProgress);
    assert_eq!(
        take_outbox(&db).await,
        to_each(vec![ivan.id, agent.id], NotificationEvent::NewMessage { message_id: reopening.id })
    );

    lifecycle::close(&db, &hub, &ivan, number, now).await.unwrap();
    assert_eq!(take_outbox(&db).await, to_each(vec![agent.id, maria.id], NotificationEvent::ClosedForGood));

    let linked =
        linked::create_linked(&db, &ivan, number, "Проблема повторилась после обновления.", "notify-events-key-0002", &[], now)
            .await
            .unwrap();
    assert_eq!(
        take_outbox(&db).await,
        to_each(vec![agent.id, maria.id], NotificationEvent::LinkedRequestCreated { new_number: linked.number }),
        "the closed request's participants learn of the follow-up"
    );

    // The auto-close job has no actor: every subscribed participant of 1004 (resolved 10 h ago) hears.
    let resolved = request_id(&db, 1004).await;
    let subscribed: Vec<i32> = request_participant::Entity::find()
        .filter(request_participant::Column::RequestId.eq(resolved))
        .filter(request_participant::Column::Subscribed.eq(true))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|participant| participant.user_id)
        .collect();
    assert!(subscribed.contains(&ivan.id));
    let closed = lifecycle::auto_close_due(&db, &hub, now + Duration::hours(72), ReopenWindow::hours(72)).await.unwrap();
    assert_eq!(closed, 1);
    assert_eq!(take_outbox(&db).await, to_each(subscribed, NotificationEvent::ClosedForGood));
});

async fn request_status(db: &DatabaseConnection, number: i64) -> RequestStatus {
    let id = request_id(db, number).await;
    RequestStatus::parse(&request::Entity::find_by_id(id).one(db).await.unwrap().unwrap().status).unwrap()
}
