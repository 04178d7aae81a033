//! «Забыли пароль?» and the e-mails that carry account links (`accounts::links::request_reset`,
//! `notifications::link_mail`): the same answer for any address, one waiting e-mail per person,
//! and a link that exists only in the delivered e-mail and sets the password once.

use chrono::{Duration, Utc};
use domain::account_link::LinkPurpose;
use portal_service::accounts::{self, links, passwords};
use portal_service::entity::{account_link, notification_outbox, user};
use portal_service::notifications::delivery::{self, MailTransport, Mailer, Outcome};
use portal_service::notifications::link_mail;
use portal_service::notifications::unsubscribe::SigningKey;
use portal_service::on_both_databases;
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::{files_under, readable_email, scratch_dir};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

fn mailer(directory: &std::path::Path) -> Mailer {
    Mailer {
        transport: MailTransport::Files(directory.to_path_buf()),
        from: "Портал поддержки <support@portal.test>".parse().unwrap(),
        public_url: "https://support.example.ru".to_owned(),
        key: SigningKey::from_secret("test-secret"),
    }
}

/// The token of the single `/password/set` link among the delivered e-mails in `directory`.
fn delivered_tokens(directory: &std::path::Path) -> Vec<String> {
    files_under(directory)
        .into_iter()
        .map(|path| readable_email(&std::fs::read_to_string(path).unwrap()))
        .filter_map(|text| {
            let start = text.find("/password/set?token=")? + "/password/set?token=".len();
            Some(text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect())
        })
        .collect()
}

async fn queued(db: &DatabaseConnection) -> Vec<notification_outbox::Model> {
    notification_outbox::Entity::find().filter(notification_outbox::Column::RequestId.is_null()).all(db).await.unwrap()
}

on_both_databases!(a_reset_is_queued_only_for_an_active_account_and_once_while_waiting, |db: DatabaseConnection| async move {
    let now = Utc::now();
    seed_demo_if_empty(&db, now).await.unwrap();
    let ivan = accounts::find_by_email(&db, "client@romashka.test").await.unwrap().unwrap();

    links::request_reset(&db, "nobody@romashka.test", now).await.unwrap();
    assert!(queued(&db).await.is_empty(), "an unknown address queues nothing and is not refused");

    links::request_reset(&db, " Client@Romashka.test ", now).await.unwrap();
    links::request_reset(&db, "client@romashka.test", now).await.unwrap();
    let rows = queued(&db).await;
    assert_eq!(rows.len(), 1, "one reset e-mail waits at a time");
    assert_eq!(rows[0].recipient_id, ivan.id);
    assert_eq!(link_mail::purpose_of(&rows[0]).unwrap(), LinkPurpose::PasswordReset);
    assert_eq!(account_link::Entity::find().count(&db).await.unwrap(), 0, "no link before the e-mail is built");

    user::Entity::update_many()
        .col_expr(user::Column::IsActive, Expr::value(false))
        .filter(user::Column::Email.eq("colleague@romashka.test"))
        .exec(&db)
        .await
        .unwrap();
    links::request_reset(&db, "colleague@romashka.test", now).await.unwrap();
    assert_eq!(queued(&db).await.len(), 1, "a deactivated person gets no reset e-mail");
});

on_both_databases!(requests_at_once_queue_one_reset_e_mail, |db: DatabaseConnection| async move {
    let now = Utc::now();
    seed_demo_if_empty(&db, now).await.unwrap();
    let attempts = (0..6).map(|_| links::request_reset(&db, "client@romashka.test", now));
    for answer in futures_util::future::join_all(attempts).await {
        answer.unwrap();
    }
    assert_eq!(queued(&db).await.len(), 1, "six requests at once, one e-mail");
});

on_both_databases!(the_delivered_reset_e_mail_carries_a_link_that_sets_the_password_once, |db: DatabaseConnection| async move {
    let now = Utc::now();
    seed_demo_if_empty(&db, now).await.unwrap();
    let ivan = accounts::find_by_email(&db, "client@romashka.test").await.unwrap().unwrap();
    let directory = scratch_dir("link_mail");
    links::request_reset(&db, "client@romashka.test", now).await.unwrap();

    let outcomes = delivery::deliver_due(&db, &mailer(&directory), now + Duration::seconds(1)).await.unwrap();
    assert_eq!(outcomes, vec![Outcome::Sent]);
    let eml = std::fs::read_to_string(&files_under(&directory)[0]).unwrap();
    assert!(!eml.contains("List-Unsubscribe"), "an account e-mail is not a mailing");
    let text = readable_email(&eml);
    assert!(text.contains("Восстановление пароля") || eml.contains("Subject:"), "{text}");
    assert!(text.contains("действует 1 час"), "{text}");
    let tokens = delivered_tokens(&directory);
    assert_eq!(tokens.len(), 1, "{text}");
    let stored = account_link::Entity::find().one(&db).await.unwrap().unwrap();
    assert!(!stored.token_hash.contains(&tokens[0]), "the database keeps only the hash");
    assert_eq!(stored.purpose, LinkPurpose::PasswordReset.as_str());
    assert!(stored.expires_at <= Utc::now() + Duration::hours(1));

    let changed = links::set_password(&db, &tokens[0], "брусника-под-снегом".into(), Utc::now()).await.unwrap();
    assert_eq!(changed.id, ivan.id);
    assert!(passwords::verify("брусника-под-снегом".into(), changed.password_hash).await);
    assert!(links::set_password(&db, &tokens[0], "черника-под-снегом".into(), Utc::now()).await.is_err(), "spent");
    // The next request queues a new e-mail: the earlier one was sent.
    links::request_reset(&db, "client@romashka.test", Utc::now()).await.unwrap();
    assert_eq!(queued(&db).await.iter().filter(|row| row.status == "pending").count(), 1);
});

on_both_databases!(an_e_mail_for_a_person_deactivated_meanwhile_is_dropped_without_a_link, |db: DatabaseConnection| async move {
    let now = Utc::now();
    seed_demo_if_empty(&db, now).await.unwrap();
    let directory = scratch_dir("link_mail");
    let maria = accounts::find_by_email(&db, "colleague@romashka.test").await.unwrap().unwrap();
    link_mail::enqueue(&db, maria.id, LinkPurpose::Invitation, now).await.unwrap();
    user::Entity::update_many()
        .col_expr(user::Column::IsActive, Expr::value(false))
        .filter(user::Column::Id.eq(maria.id))
        .exec(&db)
        .await
        .unwrap();
    let outcomes = delivery::deliver_due(&db, &mailer(&directory), now + Duration::seconds(1)).await.unwrap();
    assert_eq!(outcomes, vec![Outcome::Dropped]);
    assert!(files_under(&directory).is_empty());
    assert_eq!(account_link::Entity::find().count(&db).await.unwrap(), 0);
});

on_both_databases!(
    an_e_mail_for_a_person_whose_organization_was_switched_off_is_dropped_without_a_link,
    |db: DatabaseConnection| async move {
        let now = Utc::now();
        seed_demo_if_empty(&db, now).await.unwrap();
        let directory = scratch_dir("link_mail_organization");
        let maria = accounts::find_by_email(&db, "colleague@romashka.test").await.unwrap().unwrap();
        link_mail::enqueue(&db, maria.id, LinkPurpose::Invitation, now).await.unwrap();
        let admin = accounts::find_by_email(&db, "admin@support.test").await.unwrap().unwrap();
        let admin = portal_service::administrator::Administrator::of(&admin).unwrap();
        portal_service::organizations::set_active(&db, &admin, maria.organization_id.unwrap(), false, now).await.unwrap();
        let outcomes = delivery::deliver_due(&db, &mailer(&directory), now + Duration::seconds(1)).await.unwrap();
        assert_eq!(outcomes, vec![Outcome::Dropped]);
        assert!(files_under(&directory).is_empty());
        assert_eq!(account_link::Entity::find().count(&db).await.unwrap(), 0);
    }
);
