//! «Журнал изменений» on SQLite and PostgreSQL: every administration change is a line with who,
//! what and each field before → after (ids shown as names), newest first; the filters (section,
//! who, organization, days on the reader's clock) narrow it; pages of 50.

use chrono::{Duration, Utc};
use domain::Role;
use domain::audit::{AuditArea, AuditFilter, AuditKind, AuditTopic, AuditValue, AuditVerb};
use domain::certificate::CertificateFields;
use domain::organization::OrganizationFields;
use domain::person::Invitation;
use domain::validation::Code;
use portal_service::accounts;
use portal_service::administrator::Administrator;
use portal_service::audit::journal::{self, PER_PAGE};
use portal_service::live::LiveHub;
use portal_service::local_time::ReaderClock;
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::DatabaseConnection;

async fn administrator(db: &DatabaseConnection) -> Administrator {
    Administrator::of(&accounts::find_by_email(db, "admin@support.test").await.unwrap().unwrap()).unwrap()
}

fn moscow() -> ReaderClock {
    ReaderClock::of("Europe/Moscow")
}

fn kind(topic: AuditTopic, verb: AuditVerb) -> Option<AuditKind> {
    Some(AuditKind::new(topic, verb))
}

on_both_databases!(each_change_is_a_worded_line_newest_first, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let admin = administrator(&db).await;
    let now = Utc::now();
    let fields = OrganizationFields { name: "ООО «Берёзка»".into(), inn: "7707083893".into(), ..Default::default() };
    let berezka = portal_service::organizations::create(&db, &admin, &fields, now).await.unwrap();
    let edited = OrganizationFields { kpp: "773601001".into(), ..fields.clone() };
    portal_service::organizations::update(&db, &admin, berezka.id, &edited, now).await.unwrap();
    let invitation = Invitation {
        email: "anna@berezka.test".into(),
        display_name: "Анна Соколова".into(),
        role: Role::Customer,
        organization_id: Some(berezka.id),
    };
    let anna = portal_service::people::invite(&db, &admin, &invitation, now).await.unwrap();
    portal_service::people::change_role(&db, &admin, anna.id, Role::OrgAdmin, now).await.unwrap();
    let certificate = CertificateFields {
        kind: "support".into(),
        number: "ТП-2027-001".into(),
        valid_from: "2027-01-01".into(),
        valid_to: "2027-12-31".into(),
        all_products: true,
        products: Vec::new(),
    };
    portal_service::catalog::certificates::issue(&db, &admin, berezka.id, &certificate, now).await.unwrap();

    let page = journal::page(&db, &admin, &AuditFilter::default(), 1, &moscow()).await.unwrap();
    let newest: Vec<_> = page.rows.iter().take(5).map(|row| row.kind).collect();
    assert_eq!(
        newest,
        [
            kind(AuditTopic::Certificate, AuditVerb::Issued),
            kind(AuditTopic::User, AuditVerb::RoleChanged),
            kind(AuditTopic::User, AuditVerb::Invited),
            kind(AuditTopic::Organization, AuditVerb::Updated),
            kind(AuditTopic::Organization, AuditVerb::Created),
        ]
    );
    let [issued, role, invited, updated, _created] = &page.rows[..5] else { unreachable!() };
    for row in &page.rows[..5] {
        assert_eq!(row.actor.as_deref(), Some("Дмитрий Орлов"), "{row:?}");
        assert_eq!(row.organization, Some((berezka.id, "ООО «Берёзка»".to_owned())), "{row:?}");
    }
    let change = |row: &domain::audit::AuditRow, field: &str| {
        row.changes.iter().find(|change| change.field == field).cloned().unwrap_or_else(|| panic!("{field} in {row:?}"))
    };
    // An edit keeps the fields that changed, before → after.
    assert_eq!(updated.changes.len(), 1, "{updated:?}");
    assert_eq!(change(updated, "kpp").before, AuditValue::Empty);
    assert_eq!(change(updated, "kpp").after, AuditValue::Text("773601001".into()));
    // Roles are typed for the page to word; the person is the subject, by name.
    assert_eq!(change(role, "role").before, AuditValue::Role(Role::Customer));
    assert_eq!(change(role, "role").after, AuditValue::Role(Role::OrgAdmin));
    assert_eq!(role.subject.as_ref().map(|subject| subject.label.as_str()), Some("Анна Соколова"));
    assert_eq!(change(invited, "email").after, AuditValue::Text("anna@berezka.test".into()));
    // A certificate by its number, opened on its organization's card.
    let subject = issued.subject.clone().unwrap();
    assert_eq!((subject.label.as_str(), subject.href), ("ТП-2027-001", Some(format!("/admin/organizations/{}", berezka.id))));
    assert_eq!(change(issued, "all_products").after, AuditValue::Flag(true));
    assert!(issued.changes.iter().all(|change| change.field != "organization_id"), "the organization has its own column");
});

on_both_databases!(filters_narrow_the_journal, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let admin = administrator(&db).await;
    let now = Utc::now();
    let fields = OrganizationFields { name: "ООО «Берёзка»".into(), ..Default::default() };
    let berezka = portal_service::organizations::create(&db, &admin, &fields, now).await.unwrap();
    let invitation = Invitation {
        email: "agent2@support.test".into(),
        display_name: "Олег Смирнов".into(),
        role: Role::SupportAgent,
        organization_id: None,
    };
    portal_service::people::invite(&db, &admin, &invitation, now).await.unwrap();
    // A customer switched off by the administrator: their requests lose their author, one line each.
    let client = accounts::find_by_email(&db, "client@romashka.test").await.unwrap().unwrap();
    portal_service::people::set_active(&db, &LiveHub::new(), &admin, client.id, false, now).await.unwrap();

    let read = |filter: AuditFilter| {
        let db = db.clone();
        async move { journal::page(&db, &admin, &filter, 1, &moscow()).await }
    };
    let all = read(AuditFilter::default()).await.unwrap();
    let people = read(AuditFilter { area: Some(AuditArea::People), ..Default::default() }).await.unwrap();
    assert!(people.total >= 2 && people.total < all.total, "{} of {}", people.total, all.total);
    assert!(people.rows.iter().all(|row| row.code.starts_with("user.")), "{:?}", people.rows);

    let requests = read(AuditFilter { area: Some(AuditArea::Requests), ..Default::default() }).await.unwrap();
    let removed: Vec<_> =
        requests.rows.iter().filter(|row| row.kind == kind(AuditTopic::Request, AuditVerb::AuthorRemoved)).collect();
    assert!(!removed.is_empty(), "the client's requests became authorless");
    for row in removed {
        assert!(row.subject.as_ref().is_some_and(|subject| subject.label.starts_with("№ ")), "{row:?}");
        let from = row.changes.iter().find(|change| change.field == "from").unwrap();
        assert_eq!(from.after, AuditValue::Text(client.display_name.clone()), "the author by name, not id");
    }

    let by_dmitry = read(AuditFilter { who: Some("орлов".into()), ..Default::default() }).await.unwrap();
    assert!(by_dmitry.total >= 3, "{}", by_dmitry.total);
    assert!(by_dmitry.rows.iter().all(|row| row.actor.as_deref() == Some("Дмитрий Орлов")));
    assert_eq!(read(AuditFilter { who: Some("никто-такой".into()), ..Default::default() }).await.unwrap().total, 0);

    let of_berezka = read(AuditFilter { organization_id: Some(berezka.id), ..Default::default() }).await.unwrap();
    assert_eq!(of_berezka.total, 1);
    assert_eq!(of_berezka.rows[0].kind, kind(AuditTopic::Organization, AuditVerb::Created));
    assert!(of_berezka.organizations.iter().any(|(id, _)| *id == berezka.id), "the filter offers every organization");

    let today = moscow().at(now).date_naive();
    let tomorrow = today + Duration::days(1);
    let since_today = read(AuditFilter { from: Some(today), ..Default::default() }).await.unwrap().total;
    assert!(since_today >= 3, "{since_today}");
    assert_eq!(read(AuditFilter { from: Some(today), to: Some(today), ..Default::default() }).await.unwrap().total, since_today);
    assert_eq!(read(AuditFilter { from: Some(tomorrow), ..Default::default() }).await.unwrap().total, 0);
    assert_eq!(
        read(AuditFilter { to: Some(today - Duration::days(1)), ..Default::default() }).await.unwrap().total,
        all.total - since_today
    );
    match read(AuditFilter { from: Some(tomorrow), to: Some(today), ..Default::default() }).await {
        Err(ServiceError::Invalid(code)) => assert_eq!(code, Code::PeriodReversed),
        other => panic!("expected the period refused, got {other:?}"),
    }
});

on_both_databases!(the_journal_comes_in_pages_of_fifty, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let admin = administrator(&db).await;
    let now = Utc::now();
    let mut fields = OrganizationFields { name: "ООО «Страницы»".into(), ..Default::default() };
    let created = portal_service::organizations::create(&db, &admin, &fields, now).await.unwrap();
    for round in 1..=PER_PAGE + 4 {
        fields.name = format!("ООО «Страницы-{round}»");
        portal_service::organizations::update(&db, &admin, created.id, &fields, now).await.unwrap();
    }
    let filter = AuditFilter { organization_id: Some(created.id), ..Default::default() };
    let first = journal::page(&db, &admin, &filter, 1, &moscow()).await.unwrap();
    let second = journal::page(&db, &admin, &filter, 2, &moscow()).await.unwrap();
    assert_eq!((first.total, first.page_count()), (u64::from(PER_PAGE) + 5, 2));
    assert_eq!((first.rows.len(), second.rows.len()), (PER_PAGE as usize, 5));
    assert!(first.rows.last().unwrap().id > second.rows[0].id, "newest first across pages");
    let newest = &first.rows[0].changes[0];
    assert_eq!(newest.after, AuditValue::Text(format!("ООО «Страницы-{}»", PER_PAGE + 4)));
});
