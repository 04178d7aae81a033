//! Applying records, one transaction each (a savepoint under `--check`'s outer transaction),
//! through the administration's service functions as [`Administrator::portal`].
//!
//! A record is looked up by its external id first. Unknown: it is created (with its external
//! id, in the creating service's own transaction). Known and the same: nothing is written.
//! Known and different: the service that edits that thing in the administration pages changes
//! it, audited before → after. References are resolved by external id to rows that exist — in
//! the database or made by an earlier line (under `--check` the outer transaction holds them).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::Locale;
use domain::catalog::{CatalogItem, CatalogList, validate_name};
use domain::certificate::CertificateFields;
use domain::organization::OrganizationFields;
use domain::person::Invitation;
use domain::validation::{Code, normalize_email};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait};

use super::parse::RawRecord;
use super::records::{self, Body, CatalogRecord, CertificateRecord, Kind, OrganizationRecord, PersonRecord, Record};
use super::{ImportOptions, ImportReport, LineError};
use crate::administrator::Administrator;
use crate::catalog::{admin as catalog_admin, certificates};
use crate::db;
use crate::entity::{certificate, organization, product, product_update, product_version, service_classification, user};
use crate::error::{ServiceError, ServiceResult};
use crate::{organizations, people};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// What applying one record did: the outcome, the row's id, whether an invitation was queued.
struct Applied {
    outcome: Outcome,
    id: i32,
    invited: bool,
}

enum Failure {
    /// The record breaks a rule: (field, words). Reported; the import goes on.
    Line(String, String),
    /// The database failed: the import stops.
    Fatal(ServiceError),
}

impl From<ServiceError> for Failure {
    fn from(error: ServiceError) -> Self {
        Failure::Fatal(error)
    }
}

impl From<sea_orm::DbErr> for Failure {
    fn from(error: sea_orm::DbErr) -> Self {
        Failure::Fatal(error.into())
    }
}

/// A failure of a service call for a record of `kind`: a broken rule names its field.
fn refused(kind: Kind) -> impl Fn(ServiceError) -> Failure {
    move |error| match error {
        ServiceError::Invalid(code) => Failure::Line(field_of(kind, code).to_owned(), text_of(code)),
        ServiceError::NotFound => Failure::Line("external_id".into(), "запись пропала во время импорта".into()),
        other => Failure::Fatal(other),
    }
}

/// The field of a record of `kind` a rule's code is about.
fn field_of(kind: Kind, code: Code) -> &'static str {
    match code {
        Code::DisplayNameLength => "name",
        Code::EmailInvalid | Code::EmailTaken => "email",
        Code::OrganizationRoleMismatch | Code::OrganizationInactive | Code::OrganizationInvalid => "organization",
        Code::RoleChangeSide | Code::LastAdministrator => "role",
        Code::CertificateKindInvalid => "certificate_kind",
        Code::CertificateProductsRequired | Code::ProductInvalid => "products",
        Code::CatalogNameLength | Code::CatalogNameInvalidCharacters | Code::CatalogNameTaken => "name",
        Code::CatalogItemRetired | Code::CatalogItemUnknown => records::parent_field(kind),
        other => other.field(),
    }
}

/// The words of a rule: the administration pages' Russian text, more precise where the page
/// deliberately says only «check the input».
fn text_of(code: Code) -> String {
    match code {
        Code::EmailTaken => "Человек с таким e-mail уже есть в портале".into(),
        Code::DisplayNameLength => "Укажите имя — до 200 символов".into(),
        Code::OrganizationRoleMismatch => {
            "Клиенту и администратору организации нужна организация (organization), сотрудникам поддержки — нет".into()
        }
        Code::ProductInvalid => "Такого продукта нет".into(),
        Code::CertificateKindInvalid => "Выберите вид сертификата: support или services".into(),
        code => i18n::Messages::of(Locale::Ru).format(&format!("invalid-{}", i18n::validation_name(code)), &[]),
    }
}

fn line(field: &str, message: impl Into<String>) -> Failure {
    Failure::Line(field.to_owned(), message.into())
}

/// The run's memory: which external ids the file named where, and the ids of rows found or made.
struct State {
    admin: Administrator,
    options: ImportOptions,
    now: DateTime<Utc>,
    seen: HashMap<(Kind, String), usize>,
    ids: HashMap<(Kind, String), i32>,
}

pub(super) async fn run<C: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>>(
    conn: &C,
    input: Vec<Result<RawRecord, LineError>>,
    options: ImportOptions,
    now: DateTime<Utc>,
) -> ServiceResult<ImportReport> {
    let mut report = ImportReport::default();
    let mut state = State { admin: Administrator::portal(), options, now, seen: HashMap::new(), ids: HashMap::new() };
    for raw in input {
        let raw = match raw {
            Ok(raw) => raw,
            Err(error) => {
                report.unreadable += 1;
                report.errors.push(error);
                continue;
            }
        };
        let said_kind = Kind::parse(raw.kind.trim());
        let record = match records::read(raw) {
            Ok(record) => record,
            Err(error) => {
                match said_kind {
                    Some(kind) => report.kinds.entry(kind).or_default().failed += 1,
                    None => report.unreadable += 1,
                }
                report.errors.push(error);
                continue;
            }
        };
        let counts = report.kinds.entry(record.kind).or_default();
        let key = (record.kind, record.external_id.clone());
        if let Some(first) = state.seen.get(&key) {
            counts.failed += 1;
            report.errors.push(LineError::new(
                record.line,
                "external_id",
                format!("«{}» уже встречался в этом файле, в строке {first}", record.external_id),
            ));
            continue;
        }
        state.seen.insert(key.clone(), record.line);
        let txn = db::begin_write(conn).await?;
        match apply(&txn, &mut state, &record).await {
            Ok(Applied { outcome: Outcome::Unchanged, id, .. }) => {
                txn.rollback().await?;
                state.ids.insert(key, id);
                counts.unchanged += 1;
            }
            Ok(Applied { outcome, id, invited }) => {
                txn.commit().await?;
                state.ids.insert(key, id);
                match outcome {
                    Outcome::Created => counts.created += 1,
                    _ => counts.updated += 1,
                }
                report.invitations += usize::from(invited);
            }
            Err(Failure::Line(field, message)) => {
                txn.rollback().await?;
                counts.failed += 1;
                report.errors.push(LineError { line: record.line, field, message });
            }
            Err(Failure::Fatal(error)) => return Err(error),
        }
    }
    Ok(report)
}

async fn apply(txn: &DatabaseTransaction, state: &mut State, record: &Record) -> Result<Applied, Failure> {
    match &record.body {
        Body::Organization(body) => apply_organization(txn, state, &record.external_id, body).await,
        Body::Person(body) => apply_person(txn, state, &record.external_id, body).await,
        Body::Certificate(body) => apply_certificate(txn, state, &record.external_id, body).await,
        Body::Catalog(body) => apply_catalog(txn, state, record.kind, &record.external_id, body).await,
    }
}

/// The id of the row of `kind` with `external_id`, or the line's error on `field`.
async fn resolve(
    txn: &DatabaseTransaction,
    state: &mut State,
    kind: Kind,
    external_id: &str,
    field: &str,
) -> Result<i32, Failure> {
    let key = (kind, external_id.to_owned());
    if let Some(id) = state.ids.get(&key) {
        return Ok(*id);
    }
    let found: Option<i32> = match kind {
        Kind::Organization => {
            organization::Entity::find().filter(organization::Column::ExternalId.eq(external_id)).one(txn).await?.map(|m| m.id)
        }
        Kind::Person => user::Entity::find().filter(user::Column::ExternalId.eq(external_id)).one(txn).await?.map(|m| m.id),
        Kind::Certificate => {
            certificate::Entity::find().filter(certificate::Column::ExternalId.eq(external_id)).one(txn).await?.map(|m| m.id)
        }
        Kind::Product | Kind::Version | Kind::Update | Kind::Classification => {
            catalog_row(txn, kind, external_id).await?.map(|row| row.id)
        }
    };
    match found {
        Some(id) => {
            state.ids.insert(key, id);
            Ok(id)
        }
        None => {
            Err(line(field, format!("нет записи {} с external_id «{external_id}» ни в портале, ни выше в файле", kind.as_str())))
        }
    }
}

async fn apply_organization(
    txn: &DatabaseTransaction,
    state: &mut State,
    external_id: &str,
    body: &OrganizationRecord,
) -> Result<Applied, Failure> {
    let fields = OrganizationFields {
        name: body.name.clone(),
        inn: body.inn.clone(),
        kpp: body.kpp.clone(),
        contact_email: body.contact_email.clone(),
    };
    let refused = refused(Kind::Organization);
    let valid = fields.validate().map_err(|code| refused(ServiceError::Invalid(code)))?;
    let existing = organization::Entity::find().filter(organization::Column::ExternalId.eq(external_id)).one(txn).await?;
    let (outcome, id) = match existing {
        None => {
            let created = organizations::create_with_external_id(txn, &state.admin, &fields, Some(external_id), state.now).await;
            (Outcome::Created, created.map_err(&refused)?.id)
        }
        Some(model)
            if model.name == valid.name
                && model.inn == valid.inn
                && model.kpp == valid.kpp
                && model.contact_email == valid.contact_email =>
        {
            (Outcome::Unchanged, model.id)
        }
        Some(model) => {
            organizations::update(txn, &state.admin, model.id, &fields, state.now).await.map_err(&refused)?;
            (Outcome::Updated, model.id)
        }
    };
    Ok(Applied { outcome, id, invited: false })
}

async fn apply_person(
    txn: &DatabaseTransaction,
    state: &mut State,
    external_id: &str,
    body: &PersonRecord,
) -> Result<Applied, Failure> {
    let refused = refused(Kind::Person);
    let organization_id = match &body.organization {
        Some(organization) => Some(resolve(txn, state, Kind::Organization, organization, "organization").await?),
        None => None,
    };
    let existing = user::Entity::find().filter(user::Column::ExternalId.eq(external_id)).one(txn).await?;
    let Some(person) = existing else {
        let invitation =
            Invitation { email: body.email.clone(), display_name: body.name.clone(), role: body.role, organization_id };
        let options = people::InviteOptions { external_id: Some(external_id), send_mail: state.options.invite };
        let created = people::invite_with(txn, &state.admin, &invitation, &options, state.now).await.map_err(&refused)?;
        return Ok(Applied { outcome: Outcome::Created, id: created.id, invited: state.options.invite });
    };
    if person.organization_id != organization_id {
        return Err(line(
            "organization",
            "импорт не переводит человека в другую организацию: отключите его в «Люди» и пригласите заново",
        ));
    }
    let same_identity = person.email == normalize_email(&body.email) && person.display_name == body.name.trim();
    let same_role = person.role == body.role.as_str();
    if same_identity && same_role {
        return Ok(Applied { outcome: Outcome::Unchanged, id: person.id, invited: false });
    }
    if !same_identity {
        people::update_identity(txn, &state.admin, person.id, &body.email, &body.name, state.now).await.map_err(&refused)?;
    }
    if !same_role {
        people::change_role(txn, &state.admin, person.id, body.role, state.now).await.map_err(&refused)?;
    }
    Ok(Applied { outcome: Outcome::Updated, id: person.id, invited: false })
}

async fn apply_certificate(
    txn: &DatabaseTransaction,
    state: &mut State,
    external_id: &str,
    body: &CertificateRecord,
) -> Result<Applied, Failure> {
    let refused = refused(Kind::Certificate);
    let organization_id = resolve(txn, state, Kind::Organization, &body.organization, "organization").await?;
    let mut products = Vec::with_capacity(body.products.len());
    for product in &body.products {
        products.push(resolve(txn, state, Kind::Product, product, "products").await?);
    }
    let fields = CertificateFields {
        kind: body.certificate_kind.clone(),
        number: body.number.clone(),
        valid_from: body.valid_from.clone(),
        valid_to: body.valid_to.clone(),
        all_products: body.all_products,
        products,
    };
    let valid = fields.validate().map_err(|code| refused(ServiceError::Invalid(code)))?;
    let existing = certificate::Entity::find().filter(certificate::Column::ExternalId.eq(external_id)).one(txn).await?;
    let Some(model) = existing else {
        let issued =
            certificates::issue_with_external_id(txn, &state.admin, organization_id, &fields, Some(external_id), state.now)
                .await
                .map_err(&refused)?;
        return Ok(Applied { outcome: Outcome::Created, id: issued.id, invited: false });
    };
    if model.organization_id != organization_id {
        return Err(line("organization", "импорт не передаёт сертификат другой организации: выдайте новый"));
    }
    let same = model.kind == valid.kind.as_str()
        && model.number == valid.number
        && model.valid_from == valid.valid_from
        && model.valid_to == valid.valid_to
        && model.covers_all_products == valid.all_products
        && certificates::products_of(txn, model.id).await.map_err(&refused)? == valid.products;
    if same {
        return Ok(Applied { outcome: Outcome::Unchanged, id: model.id, invited: false });
    }
    certificates::update(txn, &state.admin, model.id, &fields, state.now).await.map_err(&refused)?;
    Ok(Applied { outcome: Outcome::Updated, id: model.id, invited: false })
}

/// What the four catalog tables share, for comparing.
struct CatalogRow {
    id: i32,
    parent: Option<i32>,
    name: String,
    retired: bool,
}

async fn catalog_row(txn: &DatabaseTransaction, kind: Kind, external_id: &str) -> ServiceResult<Option<CatalogRow>> {
    Ok(match kind {
        Kind::Product => product::Entity::find()
            .filter(product::Column::ExternalId.eq(external_id))
            .one(txn)
            .await?
            .map(|m| CatalogRow { id: m.id, parent: None, name: m.name, retired: m.retired_at.is_some() }),
        Kind::Version => product_version::Entity::find()
            .filter(product_version::Column::ExternalId.eq(external_id))
            .one(txn)
            .await?
            .map(|m| CatalogRow { id: m.id, parent: Some(m.product_id), name: m.name, retired: m.retired_at.is_some() }),
        Kind::Update => product_update::Entity::find()
            .filter(product_update::Column::ExternalId.eq(external_id))
            .one(txn)
            .await?
            .map(|m| CatalogRow { id: m.id, parent: Some(m.version_id), name: m.name, retired: m.retired_at.is_some() }),
        Kind::Classification => service_classification::Entity::find()
            .filter(service_classification::Column::ExternalId.eq(external_id))
            .one(txn)
            .await?
            .map(|m| CatalogRow { id: m.id, parent: m.parent_id, name: m.name, retired: m.retired_at.is_some() }),
        Kind::Organization | Kind::Person | Kind::Certificate => None,
    })
}

fn catalog_item(kind: Kind, id: i32) -> CatalogItem {
    match kind {
        Kind::Product => CatalogItem::Product(id),
        Kind::Version => CatalogItem::Version(id),
        Kind::Update => CatalogItem::Update(id),
        _ => CatalogItem::Classification(id),
    }
}

async fn apply_catalog(
    txn: &DatabaseTransaction,
    state: &mut State,
    kind: Kind,
    external_id: &str,
    body: &CatalogRecord,
) -> Result<Applied, Failure> {
    let refused = refused(kind);
    let parent_field = records::parent_field(kind);
    let parent_kind = match kind {
        Kind::Version => Kind::Product,
        Kind::Update => Kind::Version,
        _ => Kind::Classification,
    };
    let parent = match &body.parent {
        Some(parent) => Some(resolve(txn, state, parent_kind, parent, parent_field).await?),
        None => None,
    };
    let list = match (kind, parent) {
        (Kind::Version, Some(product_id)) => CatalogList::Versions { product_id },
        (Kind::Update, Some(version_id)) => CatalogList::Updates { version_id },
        (Kind::Classification, parent_id) => CatalogList::Classifications { parent_id },
        _ => CatalogList::Products,
    };
    let name = validate_name(&body.name).map_err(|code| refused(ServiceError::Invalid(code)))?;
    let (admin, now) = (state.admin, state.now);
    let Some(row) = catalog_row(txn, kind, external_id).await.map_err(&refused)? else {
        let item =
            catalog_admin::create_with_external_id(txn, &admin, list, &name, Some(external_id), now).await.map_err(&refused)?;
        if body.retired == Some(true) {
            catalog_admin::retire(txn, &admin, item, now).await.map_err(&refused)?;
        }
        return Ok(Applied { outcome: Outcome::Created, id: item.id(), invited: false });
    };
    if row.parent != parent {
        return Err(line(parent_field, "импорт не переносит элемент каталога под другой: сделайте это в «Каталог»"));
    }
    let item = catalog_item(kind, row.id);
    let mut outcome = Outcome::Unchanged;
    if row.name != name {
        catalog_admin::rename(txn, &admin, item, &name, now).await.map_err(&refused)?;
        outcome = Outcome::Updated;
    }
    match body.retired {
        Some(true) if !row.retired => {
            catalog_admin::retire(txn, &admin, item, now).await.map_err(&refused)?;
            outcome = Outcome::Updated;
        }
        Some(false) if row.retired => {
            catalog_admin::restore(txn, &admin, item, now).await.map_err(&refused)?;
            outcome = Outcome::Updated;
        }
        _ => {}
    }
    Ok(Applied { outcome, id: row.id, invited: false })
}
