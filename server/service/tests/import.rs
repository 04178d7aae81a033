//! `portal import` on SQLite and PostgreSQL: every kind of record created through the
//! administration's services, a second run that writes nothing, a changed record updated and
//! audited before → after, bad lines reported with line and field while the others import,
//! `--check` that reports a real run's outcome and leaves the database exactly as it was, CSV
//! and JSON Lines alike, and invitations only with `--invite`.

use chrono::{DateTime, NaiveDate, Utc};
use portal_service::entity::{
    audit_event, certificate, certificate_product, counter, notification_outbox, organization, product, product_update,
    product_version, service_classification, user,
};
use portal_service::import::{self, Counts, Format, ImportOptions, ImportReport, Kind, LineError};
use portal_service::on_both_databases;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Every kind, with references to records earlier in the file.
const FILE: &str = r#"{"kind":"product","external_id":"p-alse","name":"Astra Linux Special Edition"}
{"kind":"product","external_id":"p-ald","name":"ALD Pro"}
{"kind":"version","external_id":"v-alse-18","product":"p-alse","name":"1.8"}
{"kind":"update","external_id":"u-alse-181","version":"v-alse-18","name":"1.8.1"}
{"kind":"classification","external_id":"c-impl","name":"Внедрение"}
{"kind":"classification","external_id":"c-impl-ald","parent":"c-impl","name":"Внедрение ALD Pro"}
{"kind":"organization","external_id":"crm-1","name":"ООО «Ромашка»","inn":"7707083893","kpp":"773601001","contact_email":"Office@Romashka.test"}
{"kind":"person","external_id":"crm-p1","organization":"crm-1","email":"ivan@romashka.test","name":"Иван Петров"}
{"kind":"person","external_id":"crm-p2","organization":"crm-1","email":"olga@romashka.test","name":"Ольга Кузнецова","role":"org_admin"}
{"kind":"person","external_id":"crm-s1","email":"agent@vendor.test","name":"Алексей Смирнов","role":"support_agent"}
{"kind":"certificate","external_id":"crm-c1","organization":"crm-1","certificate_kind":"support","number":"ТП-2026-1","valid_from":"2026-01-01","valid_to":"2026-12-31","products":["p-alse","p-ald"]}
{"kind":"certificate","external_id":"crm-c2","organization":"crm-1","certificate_kind":"services","number":"У-2026-1","valid_from":"2026-01-01","valid_to":"2027-12-31"}
"#;

/// The same records as CSV: one `kind` column, the union of the fields, `|` in a list cell.
const FILE_CSV: &str = "kind,external_id,name,product,version,parent,inn,kpp,contact_email,organization,email,role,certificate_kind,number,valid_from,valid_to,products
product,p-alse,Astra Linux Special Edition,,,,,,,,,,,,,,
product,p-ald,ALD Pro,,,,,,,,,,,,,,
version,v-alse-18,1.8,p-alse,,,,,,,,,,,,,
update,u-alse-181,1.8.1,,v-alse-18,,,,,,,,,,,,
classification,c-impl,Внедрение,,,,,,,,,,,,,,
classification,c-impl-ald,Внедрение ALD Pro,,,c-impl,,,,,,,,,,,
organization,crm-1,ООО «Ромашка»,,,,7707083893,773601001,Office@Romashka.test,,,,,,,,
person,crm-p1,Иван Петров,,,,,,,crm-1,ivan@romashka.test,,,,,,
person,crm-p2,Ольга Кузнецова,,,,,,,crm-1,olga@romashka.test,org_admin,,,,,
person,crm-s1,Алексей Смирнов,,,,,,,,agent@vendor.test,support_agent,,,,,
certificate,crm-c1,,,,,,,,crm-1,,,support,ТП-2026-1,2026-01-01,2026-12-31,p-alse|p-ald
certificate,crm-c2,,,,,,,,crm-1,,,services,У-2026-1,2026-01-01,2027-12-31,
";

fn now() -> DateTime<Utc> {
    "2026-12-05T10:00:00Z".parse().unwrap()
}

async fn run(db: &DatabaseConnection, text: &str, format: Format, check: bool) -> ImportReport {
    import::import(db, text, format, ImportOptions { check, invite: false }, now()).await.unwrap()
}

fn counts(created: usize, updated: usize, unchanged: usize, failed: usize) -> Counts {
    Counts { created, updated, unchanged, failed }
}

/// Everything an import could write, row by row (so "unchanged" means byte for byte).
async fn snapshot(db: &DatabaseConnection) -> Vec<String> {
    let mut rows = Vec::new();
    macro_rules! dump {
        ($entity:path) => {
            for row in <$entity>::find().all(db).await.unwrap() {
                rows.push(format!("{row:?}"));
            }
        };
    }
    dump!(organization::Entity);
    dump!(user::Entity);
    dump!(certificate::Entity);
    dump!(certificate_product::Entity);
    dump!(product::Entity);
    dump!(product_version::Entity);
    dump!(product_update::Entity);
    dump!(service_classification::Entity);
    dump!(audit_event::Entity);
    dump!(notification_outbox::Entity);
    dump!(counter::Entity);
    rows.sort();
    rows
}

async fn audit_count(db: &DatabaseConnection) -> u64 {
    audit_event::Entity::find().count(db).await.unwrap()
}

fn expected_created() -> ImportReport {
    let mut report = ImportReport::default();
    for (kind, created) in [
        (Kind::Product, 2),
        (Kind::Version, 1),
        (Kind::Update, 1),
        (Kind::Classification, 2),
        (Kind::Organization, 1),
        (Kind::Person, 3),
        (Kind::Certificate, 2),
    ] {
        report.kinds.insert(kind, counts(created, 0, 0, 0));
    }
    report
}

fn all_unchanged(report: &ImportReport) -> ImportReport {
    let mut unchanged = report.clone();
    for counts in unchanged.kinds.values_mut() {
        *counts = Counts { created: 0, updated: 0, unchanged: counts.created + counts.updated + counts.unchanged, failed: 0 };
    }
    unchanged
}

on_both_databases!(every_kind_is_created_and_a_second_run_changes_nothing, |db: DatabaseConnection| async move {
    let first = run(&db, FILE, Format::JsonLines, false).await;
    assert_eq!(first, expected_created(), "{:?}", first.errors);
    assert_eq!(audit_count(&db).await, 12, "one audit event per created record");

    let romashka =
        organization::Entity::find().filter(organization::Column::ExternalId.eq("crm-1")).one(&db).await.unwrap().unwrap();
    assert_eq!(
        (romashka.name.as_str(), romashka.inn.as_deref(), romashka.contact_email.as_deref()),
        ("ООО «Ромашка»", Some("7707083893"), Some("office@romashka.test")),
        "checked and normalised as the form does"
    );
    let olga = user::Entity::find().filter(user::Column::ExternalId.eq("crm-p2")).one(&db).await.unwrap().unwrap();
    assert_eq!((olga.role.as_str(), olga.organization_id), ("org_admin", Some(romashka.id)));
    assert_eq!(notification_outbox::Entity::find().count(&db).await.unwrap(), 0, "no invitation mailed without --invite");
    let support =
        certificate::Entity::find().filter(certificate::Column::ExternalId.eq("crm-c1")).one(&db).await.unwrap().unwrap();
    assert_eq!(
        portal_service::catalog::certificates::products_of(&db, support.id).await.unwrap().len(),
        2,
        "both products by external id"
    );
    let update =
        product_update::Entity::find().filter(product_update::Column::ExternalId.eq("u-alse-181")).one(&db).await.unwrap();
    let version =
        product_version::Entity::find().filter(product_version::Column::ExternalId.eq("v-alse-18")).one(&db).await.unwrap();
    assert_eq!(update.unwrap().version_id, version.unwrap().id);
    let child = service_classification::Entity::find()
        .filter(service_classification::Column::ExternalId.eq("c-impl-ald"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(child.parent_id.is_some());
    let created_kinds: Vec<String> = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|event| event.kind)
        .collect();
    assert!(created_kinds.contains(&"organization.created".to_owned()) && created_kinds.contains(&"user.invited".to_owned()));
    assert!(
        created_kinds.contains(&"certificate.issued".to_owned()) && created_kinds.contains(&"catalog.update.created".to_owned())
    );

    let before = snapshot(&db).await;
    let second = run(&db, FILE, Format::JsonLines, false).await;
    assert_eq!(second, all_unchanged(&first));
    assert_eq!(snapshot(&db).await, before, "a second run writes nothing, not even an audit event");
});

on_both_databases!(a_changed_record_updates_it_and_audits_before_and_after, |db: DatabaseConnection| async move {
    run(&db, FILE, Format::JsonLines, false).await;
    let audited_before = audit_count(&db).await;
    let changed = FILE
        .replace("\"name\":\"ООО «Ромашка»\"", "\"name\":\"ООО «Ромашка-М»\"")
        .replace("\"name\":\"Иван Петров\"", "\"name\":\"Иван Сергеевич Петров\"")
        .replace("\"role\":\"org_admin\"", "\"role\":\"customer\"")
        .replace(
            "\"valid_to\":\"2026-12-31\",\"products\":[\"p-alse\",\"p-ald\"]",
            "\"valid_to\":\"2027-06-30\",\"products\":[\"p-ald\"]",
        )
        .replace("\"name\":\"1.8.1\"", "\"name\":\"1.8.1 (оперативное)\",\"retired\":true");
    let report = run(&db, &changed, Format::JsonLines, false).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.kinds[&Kind::Organization], counts(0, 1, 0, 0));
    assert_eq!(report.kinds[&Kind::Person], counts(0, 2, 1, 0));
    assert_eq!(report.kinds[&Kind::Certificate], counts(0, 1, 1, 0));
    assert_eq!(report.kinds[&Kind::Update], counts(0, 1, 0, 0));
    assert_eq!(report.kinds[&Kind::Product], counts(0, 0, 2, 0));

    let romashka =
        organization::Entity::find().filter(organization::Column::ExternalId.eq("crm-1")).one(&db).await.unwrap().unwrap();
    assert_eq!(romashka.name, "ООО «Ромашка-М»");
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("organization.updated"))
        .one(&db)
        .await
        .unwrap()
        .expect("the update is audited");
    let details: serde_json::Value = serde_json::from_str(&event.details).unwrap();
    assert_eq!(details, serde_json::json!({ "before": { "name": "ООО «Ромашка»" }, "after": { "name": "ООО «Ромашка-М»" } }));
    assert_eq!(event.actor_id, None, "the portal itself");

    let certificate = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("certificate.updated"))
        .one(&db)
        .await
        .unwrap()
        .expect("the certificate change is audited");
    let details: serde_json::Value = serde_json::from_str(&certificate.details).unwrap();
    assert_eq!(details["before"]["valid_to"], "2026-12-31");
    assert_eq!(details["after"]["valid_to"], "2027-06-30");
    assert_eq!(details["after"]["products"].as_array().unwrap().len(), 1);
    let support =
        certificate::Entity::find().filter(certificate::Column::ExternalId.eq("crm-c1")).one(&db).await.unwrap().unwrap();
    assert_eq!(support.valid_to, NaiveDate::from_ymd_opt(2027, 6, 30).unwrap());

    let olga = user::Entity::find().filter(user::Column::ExternalId.eq("crm-p2")).one(&db).await.unwrap().unwrap();
    assert_eq!(olga.role, "customer");
    let ivan = user::Entity::find().filter(user::Column::ExternalId.eq("crm-p1")).one(&db).await.unwrap().unwrap();
    assert_eq!(ivan.display_name, "Иван Сергеевич Петров");
    let update = product_update::Entity::find()
        .filter(product_update::Column::ExternalId.eq("u-alse-181"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(update.retired_at.is_some() && update.name == "1.8.1 (оперативное)");
    // organization, two people, a certificate, an update renamed and retired.
    assert_eq!(audit_count(&db).await, audited_before + 6);

    let again = run(&db, &changed, Format::JsonLines, false).await;
    assert_eq!(again.total(), counts(0, 0, 12, 0), "the changed file, run again, is unchanged");
});

/// Lines 3, 4, 6, 7, 8 and 10 are wrong; the others import.
const BAD_FILE: &str = r#"{"kind":"product","external_id":"p1","name":"ALD Pro"}
{"kind":"version","external_id":"v1","product":"p1","name":"1.0","retired":true}
{"kind":"update","external_id":"u1","version":"v1","name":"1.0.1"}
{"kind":"organization","external_id":"o-bad","name":"ООО «Опечатка»","inn":"7707083894"}
{"kind":"organization","external_id":"o1","name":"АО «Вектор»","inn":"7736864549"}
{"kind":"person","external_id":"h1","organization":"o-bad","email":"someone@vector.test","name":"Сергей"}
{"kind":"certificate","external_id":"c1","organization":"o1","certificate_kind":"services","number":"У-1","valid_from":"2026-12-31","valid_to":"2026-01-01"}
{"kind":"organization","external_id":"o1","name":"АО «Вектор» (копия)"}
{"kind":"person","external_id":"h2","organization":"o1","email":"sergey@vector.test","name":"Сергей Волков"}
{"kind":"товар","external_id":"x"}
"#;

fn where_failed(report: &ImportReport) -> Vec<(usize, &str)> {
    report.errors.iter().map(|error| (error.line, error.field.as_str())).collect()
}

on_both_databases!(bad_lines_are_reported_with_line_and_field_and_the_others_import, |db: DatabaseConnection| async move {
    let report = run(&db, BAD_FILE, Format::JsonLines, false).await;
    assert_eq!(
        where_failed(&report),
        vec![(3, "version"), (4, "inn"), (6, "organization"), (7, "valid_to"), (8, "external_id"), (10, "kind")]
    );
    let message = |line: usize| report.errors.iter().find(|error| error.line == line).unwrap().message.clone();
    assert!(message(3).contains("выведен из употребления"), "{}", message(3));
    assert!(message(4).contains("контрольная цифра"), "the form's words: {}", message(4));
    assert!(message(6).contains("«o-bad»"), "{}", message(6));
    assert!(message(7).contains("раньше даты начала"), "{}", message(7));
    assert!(message(8).contains("строке 5"), "{}", message(8));
    assert_eq!(
        LineError::new(4, "inn", message(4)).to_string(),
        format!("4: inn: {}", message(4)),
        "the CLI prefixes the file name"
    );
    assert_eq!(report.kinds[&Kind::Organization], counts(1, 0, 0, 2));
    assert_eq!(report.kinds[&Kind::Person], counts(1, 0, 0, 1));
    assert_eq!(report.kinds[&Kind::Certificate], counts(0, 0, 0, 1));
    assert_eq!(report.kinds[&Kind::Version], counts(1, 0, 0, 0));
    assert_eq!(report.unreadable, 1);
    assert_eq!(organization::Entity::find().count(&db).await.unwrap(), 1, "nothing of a failed line is written");
    assert_eq!(product_update::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(certificate::Entity::find().count(&db).await.unwrap(), 0);
    let version = product_version::Entity::find().one(&db).await.unwrap().unwrap();
    assert!(version.retired_at.is_some(), "created and retired in one record");
    // product, version created + retired, organization, person.
    assert_eq!(audit_count(&db).await, 5);
});

on_both_databases!(check_reports_a_real_run_and_writes_nothing, |db: DatabaseConnection| async move {
    // A database that already has part of the data, and a file that creates, updates, leaves
    // alone, refers to earlier lines, repeats an id and breaks rules.
    run(&db, &FILE.lines().take(7).collect::<Vec<_>>().join("\n"), Format::JsonLines, false).await;
    let file = format!("{}{BAD_FILE}", FILE.replace("\"name\":\"ALD Pro\"", "\"name\":\"ALD Pro 2\""));
    let before = snapshot(&db).await;
    let audited = audit_count(&db).await;
    let checked = run(&db, &file, Format::JsonLines, true).await;
    assert_eq!(snapshot(&db).await, before, "--check leaves every row as it was");
    assert_eq!(audit_count(&db).await, audited);
    assert_eq!(checked.kinds[&Kind::Product], counts(1, 1, 1, 0), "{:?}", checked.errors);
    assert_eq!(checked.kinds[&Kind::Person], counts(4, 0, 0, 1), "people of an organization made earlier in the run");
    assert!(!checked.errors.is_empty());

    let real = run(&db, &file, Format::JsonLines, false).await;
    assert_eq!(real, checked, "--check said exactly what the real run did");
    assert_ne!(snapshot(&db).await, before);
});

on_both_databases!(csv_and_json_lines_give_the_same_records, |db: DatabaseConnection| async move {
    let from_csv = run(&db, FILE_CSV, Format::Csv, false).await;
    assert_eq!(from_csv, expected_created(), "{:?}", from_csv.errors);
    let snapshot_after_csv = snapshot(&db).await;
    let from_json = run(&db, FILE, Format::JsonLines, false).await;
    assert_eq!(from_json, all_unchanged(&from_csv), "every field read the same from both formats");
    assert_eq!(snapshot(&db).await, snapshot_after_csv);

    let bad_csv = "kind,external_id,name,inn\norganization,o-bad,ООО «Опечатка»,7707083894\norganization,o2,\"ООО \"\"Кавычки\"\", филиал\",\n";
    let report = run(&db, bad_csv, Format::Csv, false).await;
    assert_eq!(where_failed(&report), vec![(2, "inn")], "the line of the row in the CSV file");
    let quoted = organization::Entity::find().filter(organization::Column::ExternalId.eq("o2")).one(&db).await.unwrap();
    assert_eq!(quoted.unwrap().name, "ООО \"Кавычки\", филиал");
});

on_both_databases!(invitations_are_queued_only_when_asked, |db: DatabaseConnection| async move {
    let people = FILE.lines().filter(|line| line.contains("\"kind\":\"organization\"") || line.contains("\"kind\":\"person\""));
    let without: String = people.clone().take(2).map(|line| format!("{line}\n")).collect();
    import::import(&db, &without, Format::JsonLines, ImportOptions { check: false, invite: false }, now()).await.unwrap();
    assert_eq!(notification_outbox::Entity::find().count(&db).await.unwrap(), 0);
    let with: String = people.map(|line| format!("{line}\n")).collect();
    let report =
        import::import(&db, &with, Format::JsonLines, ImportOptions { check: false, invite: true }, now()).await.unwrap();
    assert_eq!((report.kinds[&Kind::Person], report.invitations), (counts(2, 0, 1, 0), 2));
    assert_eq!(notification_outbox::Entity::find().count(&db).await.unwrap(), 2, "only the people created now");

    // Imported without a mail, Иван gets in by «Отправить приглашение ещё раз» or «Забыли пароль?».
    let ivan = user::Entity::find().filter(user::Column::ExternalId.eq("crm-p1")).one(&db).await.unwrap().unwrap();
    let mails_of_ivan = || notification_outbox::Entity::find().filter(notification_outbox::Column::RecipientId.eq(ivan.id));
    assert_eq!(mails_of_ivan().count(&db).await.unwrap(), 0);
    portal_service::people::resend_invitation(&db, &portal_service::administrator::Administrator::portal(), ivan.id, now())
        .await
        .unwrap();
    assert_eq!(mails_of_ivan().count(&db).await.unwrap(), 1, "the invitation, sent again from «Люди»");
    notification_outbox::Entity::delete_many().exec(&db).await.unwrap();
    portal_service::accounts::links::request_reset(&db, "ivan@romashka.test", now()).await.unwrap();
    assert_eq!(mails_of_ivan().count(&db).await.unwrap(), 1, "«Забыли пароль?» mails the imported person too");
});
