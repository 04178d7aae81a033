//! «Администрирование → Каталог»: portal administrators keep the products → versions → updates
//! and the service classification tree — create, rename, reorder, retire / restore, delete.
//!
//! Every function takes an [`Administrator`] (the one check of who may). Each
//! change is one transaction that also writes its audit event (`catalog.<item>.<verb>`, subject
//! `product:7` …, details `{"before": …, "after": …}`); a change that changes nothing (renaming
//! to the same name, retiring a retired item, moving the first item up) writes nothing.
//!
//! Retire rather than delete: a retired item stays in the database, so requests that name it keep
//! showing its name, but the request form no longer offers it nor anything under it
//! (`catalog::product_tree` and friends). Deleting is only for mistakes: it is refused while a
//! request, a certificate or a knowledge-base article names the item (`catalog.in_use`) or while
//! it has items under it (`catalog.has_children`). Drafts keep their choices as ids inside their
//! JSON, so they neither block a deletion nor break by it: such a draft's request is refused with
//! the form's usual «choose again» codes.
//!
//! Concurrency: names are unique among siblings ignoring case, «ё»/«е» and spacing
//! (`domain::catalog::name_key`). A unique index cannot say that portably — SQLite's `LOWER()`
//! folds only ASCII, and top-level classifications have a NULL parent, which unique indexes
//! treat as distinct on both backends — and a stored normalized column would need a second
//! copy of every name kept in step. Instead every change takes one lock first: it increments the
//! `catalog_revision` counter row as its first write (a row lock on PostgreSQL, the database
//! write lock on SQLite), so catalog changes run one after another and each sees what the
//! previous one committed. Two simultaneous «create “1.9”» therefore leave one version; the
//! second is told `catalog.name_taken`. Catalog changes are rare, so the serialisation costs
//! nothing; the request form's reads take no lock. The older exact-name unique indexes stay as
//! a backstop.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::catalog::{
    AdminClassification, AdminProduct, AdminVersion, CatalogAdminTree, CatalogEntry, CatalogItem, CatalogList, MoveDirection,
    name_key, validate_name,
};
use domain::validation::Code;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, SqlErr, TransactionSession, TransactionTrait,
};
use serde_json::{Value, json};

use crate::administrator::Administrator;
use crate::audit::{self, AuditEvent};
use crate::entity::{
    certificate_product, counter, kb_article, product, product_update, product_version, request, service_classification,
};
use crate::error::{ServiceError, ServiceResult};
use domain::audit::{AuditKind, AuditTopic, AuditVerb};

/// The counter row (created by the migrations) every catalog change increments first.
const CATALOG_REVISION: &str = "catalog_revision";

/// The whole catalog with retired items, each with the number of requests that name it.
pub async fn tree(db: &impl ConnectionTrait, _admin: &Administrator) -> ServiceResult<CatalogAdminTree> {
    let products =
        product::Entity::find().order_by_asc(product::Column::SortOrder).order_by_asc(product::Column::Id).all(db).await?;
    let versions = product_version::Entity::find()
        .order_by_asc(product_version::Column::SortOrder)
        .order_by_asc(product_version::Column::Id)
        .all(db)
        .await?;
    let updates = product_update::Entity::find()
        .order_by_asc(product_update::Column::SortOrder)
        .order_by_asc(product_update::Column::Id)
        .all(db)
        .await?;
    let classifications = service_classification::Entity::find()
        .order_by_asc(service_classification::Column::SortOrder)
        .order_by_asc(service_classification::Column::Id)
        .all(db)
        .await?;
    let product_uses = request_counts(db, request::Column::ProductId).await?;
    let version_uses = request_counts(db, request::Column::VersionId).await?;
    let update_uses = request_counts(db, request::Column::UpdateId).await?;
    let classification_uses = request_counts(db, request::Column::ClassificationId).await?;

    let entry = |id: i32, name: &str, retired: bool, parent_offered: bool, uses: &HashMap<i32, u64>| CatalogEntry {
        id,
        name: name.to_owned(),
        retired,
        offered: parent_offered && !retired,
        used_by_requests: uses.get(&id).copied().unwrap_or(0),
    };
    let products = products
        .iter()
        .map(|product| {
            let product_entry = entry(product.id, &product.name, product.retired_at.is_some(), true, &product_uses);
            let versions = versions
                .iter()
                .filter(|version| version.product_id == product.id)
                .map(|version| {
                    let version_entry =
                        entry(version.id, &version.name, version.retired_at.is_some(), product_entry.offered, &version_uses);
                    let updates = updates
                        .iter()
                        .filter(|update| update.version_id == version.id)
                        .map(|update| {
                            entry(update.id, &update.name, update.retired_at.is_some(), version_entry.offered, &update_uses)
                        })
                        .collect();
                    AdminVersion { entry: version_entry, updates }
                })
                .collect();
            AdminProduct { entry: product_entry, versions }
        })
        .collect();
    fn children_of(
        all: &[service_classification::Model],
        parent: Option<i32>,
        parent_offered: bool,
        uses: &HashMap<i32, u64>,
    ) -> Vec<AdminClassification> {
        all.iter()
            .filter(|node| node.parent_id == parent)
            .map(|node| {
                let retired = node.retired_at.is_some();
                let entry = CatalogEntry {
                    id: node.id,
                    name: node.name.clone(),
                    retired,
                    offered: parent_offered && !retired,
                    used_by_requests: uses.get(&node.id).copied().unwrap_or(0),
                };
                let children = children_of(all, Some(node.id), entry.offered, uses);
                AdminClassification { entry, children }
            })
            .collect()
    }
    let classifications = children_of(&classifications, None, true, &classification_uses);
    Ok(CatalogAdminTree { products, classifications })
}

/// Requests per value of `column` (one grouped COUNT).
async fn request_counts(db: &impl ConnectionTrait, column: request::Column) -> ServiceResult<HashMap<i32, u64>> {
    let rows: Vec<(i32, i64)> = request::Entity::find()
        .select_only()
        .column(column)
        .column_as(request::Column::Id.count(), "uses")
        .filter(column.is_not_null())
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, uses)| (id, u64::try_from(uses).unwrap_or(0))).collect())
}

/// Adds an item named `name` at the end of `list`; answers the new item.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    list: CatalogList,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<CatalogItem> {
    create_with_external_id(db, admin, list, name, None, now).await
}

/// [`create`] for a record of the vendor's own system (`portal import`): the same checks, and a
/// parent that is retired is refused (`catalog.retired`: nothing new goes under what the form no
/// longer offers); the item remembers `external_id` (unique).
pub async fn create_with_external_id(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    list: CatalogList,
    name: &str,
    external_id: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<CatalogItem> {
    let name = validate_name(name).map_err(ServiceError::Invalid)?;
    let transaction = db.begin().await?;
    let txn = &transaction;
    lock(txn).await?;
    if let Some(parent) = list.parent() {
        match find(txn, parent).await? {
            None => return Err(ServiceError::Invalid(Code::CatalogItemUnknown)),
            Some((_, row)) if external_id.is_some() && row.retired_at.is_some() => {
                return Err(ServiceError::Invalid(Code::CatalogItemRetired));
            }
            Some(_) => {}
        }
    }
    let siblings = siblings(txn, list).await?;
    refuse_taken(&siblings, &name, None)?;
    let sort_order = siblings.iter().map(|row| row.sort_order).max().map_or(0, |max| max + 1);
    let item = insert(txn, list, &name, sort_order).await.map_err(name_conflict)?;
    if let Some(external_id) = external_id {
        set_external_id(txn, item, external_id)
            .await
            .map_err(|error| ServiceError::from(error).unique_as(Code::ExternalIdTaken))?;
    }
    let row = Row { id: item.id(), name, sort_order, retired_at: None };
    let mut described = describe(list, &row);
    if let Some(external_id) = external_id {
        described["external_id"] = json!(external_id);
    }
    record(txn, admin, item, AuditVerb::Created, audit::changed(None, Some(&described)), now).await?;
    transaction.commit().await?;
    Ok(item)
}

/// Gives an item a new name (unique among its siblings).
pub async fn rename(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    item: CatalogItem,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let name = validate_name(name).map_err(ServiceError::Invalid)?;
    let transaction = db.begin().await?;
    let txn = &transaction;
    lock(txn).await?;
    let (list, row) = find(txn, item).await?.ok_or(ServiceError::Invalid(Code::CatalogItemUnknown))?;
    if row.name == name {
        return Ok(());
    }
    refuse_taken(&siblings(txn, list).await?, &name, Some(row.id))?;
    update(txn, item, Change::Name(name.clone())).await.map_err(name_conflict)?;
    let renamed = Row { name, ..row.clone() };
    record(
        txn,
        admin,
        item,
        AuditVerb::Renamed,
        audit::changed(Some(&describe(list, &row)), Some(&describe(list, &renamed))),
        now,
    )
    .await?;
    transaction.commit().await?;
    Ok(())
}

/// Moves an item one place up or down among its siblings (the first one up, the last one down:
/// nothing changes). The list is renumbered 0, 1, 2 …, which also settles equal sort orders.
pub async fn move_item(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    item: CatalogItem,
    direction: MoveDirection,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let transaction = db.begin().await?;
    let txn = &transaction;
    lock(txn).await?;
    let (list, _) = find(txn, item).await?.ok_or(ServiceError::Invalid(Code::CatalogItemUnknown))?;
    let siblings = siblings(txn, list).await?;
    let before: Vec<i32> = siblings.iter().map(|row| row.id).collect();
    let position = before.iter().position(|id| *id == item.id()).ok_or(ServiceError::Invalid(Code::CatalogItemUnknown))?;
    let neighbour = match direction {
        MoveDirection::Up => position.checked_sub(1),
        MoveDirection::Down => Some(position + 1).filter(|next| *next < before.len()),
    };
    let Some(neighbour) = neighbour else {
        return Ok(());
    };
    let mut after = before.clone();
    after.swap(position, neighbour);
    renumber(txn, list, &siblings, &after).await?;
    record(
        txn,
        admin,
        item,
        AuditVerb::Moved,
        audit::changed(Some(&json!({ "order": before })), Some(&json!({ "order": after }))),
        now,
    )
    .await?;
    transaction.commit().await?;
    Ok(())
}

/// Puts the siblings of `list` in the order of `ids`, which must name each of them exactly once
/// (else `catalog.order_mismatch`: the page showed a list that has changed since).
pub async fn set_order(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    list: CatalogList,
    ids: &[i32],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let transaction = db.begin().await?;
    let txn = &transaction;
    lock(txn).await?;
    if let Some(parent) = list.parent()
        && find(txn, parent).await?.is_none()
    {
        return Err(ServiceError::Invalid(Code::CatalogItemUnknown));
    }
    let siblings = siblings(txn, list).await?;
    let before: Vec<i32> = siblings.iter().map(|row| row.id).collect();
    let mut given = ids.to_vec();
    given.sort_unstable();
    let mut present = before.clone();
    present.sort_unstable();
    if given != present {
        return Err(ServiceError::Invalid(Code::CatalogOrderMismatch));
    }
    if before == ids {
        return Ok(());
    }
    renumber(txn, list, &siblings, ids).await?;
    let event = AuditEvent {
        kind: AuditKind::new(AuditTopic::of_catalog(list.item(0)), AuditVerb::Reordered),
        actor_id: admin.actor_id(),
        organization_id: None,
        request_id: None,
        // The list's parent; none for all products and the top classifications.
        subject: list.parent().map(CatalogItem::subject),
        details: audit::changed(Some(&json!({ "order": before })), Some(&json!({ "order": ids }))),
    };
    audit::record(txn, event, now).await?;
    transaction.commit().await?;
    Ok(())
}

/// Retires an item: the request form stops offering it and what lies under it.
pub async fn retire(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    item: CatalogItem,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    set_retired(db, admin, item, Some(now), now).await
}

/// Offers a retired item again (what lies under it is offered again unless retired itself).
pub async fn restore(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    item: CatalogItem,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    set_retired(db, admin, item, None, now).await
}

async fn set_retired(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    item: CatalogItem,
    retired_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let transaction = db.begin().await?;
    let txn = &transaction;
    lock(txn).await?;
    let (list, row) = find(txn, item).await?.ok_or(ServiceError::Invalid(Code::CatalogItemUnknown))?;
    if row.retired_at.is_some() == retired_at.is_some() {
        return Ok(());
    }
    update(txn, item, Change::RetiredAt(retired_at)).await?;
    let changed = Row { retired_at, ..row.clone() };
    let verb = if retired_at.is_some() { AuditVerb::Retired } else { AuditVerb::Restored };
    record(txn, admin, item, verb, audit::changed(Some(&describe(list, &row)), Some(&describe(list, &changed))), now).await?;
    transaction.commit().await?;
    Ok(())
}

/// Deletes an item nothing names and nothing lies under.
pub async fn delete(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    item: CatalogItem,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let transaction = db.begin().await?;
    let txn = &transaction;
    lock(txn).await?;
    let (list, row) = find(txn, item).await?.ok_or(ServiceError::Invalid(Code::CatalogItemUnknown))?;
    if is_in_use(txn, item).await? {
        return Err(ServiceError::Invalid(Code::CatalogItemInUse));
    }
    if has_children(txn, item).await? {
        return Err(ServiceError::Invalid(Code::CatalogItemHasChildren));
    }
    // A request created meanwhile (the form takes no catalog lock) still meets the foreign key.
    remove(txn, item).await.map_err(|error| match error.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => ServiceError::Invalid(Code::CatalogItemInUse),
        _ => error.into(),
    })?;
    record(txn, admin, item, AuditVerb::Deleted, audit::changed(Some(&describe(list, &row)), None), now).await?;
    transaction.commit().await?;
    Ok(())
}

/// Whether a request, a certificate or a knowledge-base article names the item.
async fn is_in_use(txn: &impl ConnectionTrait, item: CatalogItem) -> ServiceResult<bool> {
    let requests = request::Entity::find();
    let uses = match item {
        CatalogItem::Product(id) => {
            requests.filter(request::Column::ProductId.eq(id)).count(txn).await?
                + certificate_product::Entity::find().filter(certificate_product::Column::ProductId.eq(id)).count(txn).await?
                + kb_article::Entity::find().filter(kb_article::Column::ProductId.eq(id)).count(txn).await?
        }
        CatalogItem::Version(id) => {
            requests.filter(request::Column::VersionId.eq(id)).count(txn).await?
                + kb_article::Entity::find().filter(kb_article::Column::VersionId.eq(id)).count(txn).await?
        }
        CatalogItem::Update(id) => requests.filter(request::Column::UpdateId.eq(id)).count(txn).await?,
        CatalogItem::Classification(id) => requests.filter(request::Column::ClassificationId.eq(id)).count(txn).await?,
    };
    Ok(uses > 0)
}

/// Whether items (retired ones too) lie under the item.
async fn has_children(txn: &impl ConnectionTrait, item: CatalogItem) -> ServiceResult<bool> {
    let children = match item {
        CatalogItem::Product(id) => {
            product_version::Entity::find().filter(product_version::Column::ProductId.eq(id)).count(txn).await?
        }
        CatalogItem::Version(id) => {
            product_update::Entity::find().filter(product_update::Column::VersionId.eq(id)).count(txn).await?
        }
        CatalogItem::Update(_) => 0,
        CatalogItem::Classification(id) => {
            service_classification::Entity::find().filter(service_classification::Column::ParentId.eq(id)).count(txn).await?
        }
    };
    Ok(children > 0)
}

/// The first write of every catalog change: catalog changes run one at a time (module comment).
async fn lock(txn: &impl ConnectionTrait) -> ServiceResult<()> {
    let updated = counter::Entity::update_many()
        .col_expr(counter::Column::Value, Expr::col(counter::Column::Value).add(1))
        .filter(counter::Column::Name.eq(CATALOG_REVISION))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Internal("the catalog revision counter is missing".into()));
    }
    Ok(())
}

/// A write refused by one of the exact-name unique indexes: a taken name after all.
fn name_conflict(error: DbErr) -> ServiceError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::Invalid(Code::CatalogNameTaken),
        _ => error.into(),
    }
}

fn refuse_taken(siblings: &[Row], name: &str, except: Option<i32>) -> ServiceResult<()> {
    let key = name_key(name);
    if siblings.iter().any(|row| Some(row.id) != except && name_key(&row.name) == key) {
        return Err(ServiceError::Invalid(Code::CatalogNameTaken));
    }
    Ok(())
}

/// Writes `sort_order` 0, 1, 2 … in the order of `ids` (only where it changes).
async fn renumber(txn: &impl ConnectionTrait, list: CatalogList, siblings: &[Row], ids: &[i32]) -> ServiceResult<()> {
    for (position, id) in ids.iter().enumerate() {
        let sort_order = i32::try_from(position).map_err(|_| ServiceError::Internal("too many siblings".into()))?;
        if siblings.iter().any(|row| row.id == *id && row.sort_order != sort_order) {
            update(txn, list.item(*id), Change::SortOrder(sort_order)).await?;
        }
    }
    Ok(())
}

async fn record(
    txn: &impl ConnectionTrait,
    admin: &Administrator,
    item: CatalogItem,
    verb: AuditVerb,
    details: Value,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let event = AuditEvent {
        kind: AuditKind::new(AuditTopic::of_catalog(item), verb),
        actor_id: admin.actor_id(),
        organization_id: None,
        request_id: None,
        subject: Some(item.subject()),
        details,
    };
    audit::record(txn, event, now).await
}

/// An item as its audit details show it.
fn describe(list: CatalogList, row: &Row) -> Value {
    json!({
        "name": row.name,
        "parent": list.parent().map(CatalogItem::subject),
        "sort_order": row.sort_order,
        "retired_at": row.retired_at,
    })
}

/// What the four catalog tables have in common.
#[derive(Clone, Debug)]
struct Row {
    id: i32,
    name: String,
    sort_order: i32,
    retired_at: Option<DateTime<Utc>>,
}

/// Runs `$body` with `$table` standing for the entity module of `$item`'s kind: the four tables
/// share the columns `Id`, `Name`, `SortOrder` and `RetiredAt`.
macro_rules! with_table {
    ($item:expr, $table:ident => $body:expr) => {
        match $item {
            CatalogItem::Product(_) => {
                use crate::entity::product as $table;
                $body
            }
            CatalogItem::Version(_) => {
                use crate::entity::product_version as $table;
                $body
            }
            CatalogItem::Update(_) => {
                use crate::entity::product_update as $table;
                $body
            }
            CatalogItem::Classification(_) => {
                use crate::entity::service_classification as $table;
                $body
            }
        }
    };
}

macro_rules! row_of {
    ($model:expr) => {{
        let model = $model;
        Row { id: model.id, name: model.name, sort_order: model.sort_order, retired_at: model.retired_at }
    }};
}

/// The item with the list it belongs to; `None` when there is no such item.
async fn find(txn: &impl ConnectionTrait, item: CatalogItem) -> ServiceResult<Option<(CatalogList, Row)>> {
    let id = item.id();
    Ok(match item {
        CatalogItem::Product(_) => product::Entity::find_by_id(id).one(txn).await?.map(|m| (CatalogList::Products, row_of!(m))),
        CatalogItem::Version(_) => product_version::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|m| (CatalogList::Versions { product_id: m.product_id }, row_of!(m))),
        CatalogItem::Update(_) => product_update::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|m| (CatalogList::Updates { version_id: m.version_id }, row_of!(m))),
        CatalogItem::Classification(_) => service_classification::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|m| (CatalogList::Classifications { parent_id: m.parent_id }, row_of!(m))),
    })
}

/// The items of `list` in their order.
async fn siblings(txn: &impl ConnectionTrait, list: CatalogList) -> ServiceResult<Vec<Row>> {
    let rows = match list {
        CatalogList::Products => product::Entity::find()
            .order_by_asc(product::Column::SortOrder)
            .order_by_asc(product::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|m| row_of!(m))
            .collect(),
        CatalogList::Versions { product_id } => product_version::Entity::find()
            .filter(product_version::Column::ProductId.eq(product_id))
            .order_by_asc(product_version::Column::SortOrder)
            .order_by_asc(product_version::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|m| row_of!(m))
            .collect(),
        CatalogList::Updates { version_id } => product_update::Entity::find()
            .filter(product_update::Column::VersionId.eq(version_id))
            .order_by_asc(product_update::Column::SortOrder)
            .order_by_asc(product_update::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|m| row_of!(m))
            .collect(),
        CatalogList::Classifications { parent_id } => service_classification::Entity::find()
            .filter(match parent_id {
                Some(parent_id) => service_classification::Column::ParentId.eq(parent_id),
                None => service_classification::Column::ParentId.is_null(),
            })
            .order_by_asc(service_classification::Column::SortOrder)
            .order_by_asc(service_classification::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|m| row_of!(m))
            .collect(),
    };
    Ok(rows)
}

async fn insert(txn: &impl ConnectionTrait, list: CatalogList, name: &str, sort_order: i32) -> Result<CatalogItem, DbErr> {
    let name = Set(name.to_owned());
    let sort_order = Set(sort_order);
    Ok(match list {
        CatalogList::Products => {
            CatalogItem::Product(product::ActiveModel { name, sort_order, ..Default::default() }.insert(txn).await?.id)
        }
        CatalogList::Versions { product_id } => CatalogItem::Version(
            product_version::ActiveModel { product_id: Set(product_id), name, sort_order, ..Default::default() }
                .insert(txn)
                .await?
                .id,
        ),
        CatalogList::Updates { version_id } => CatalogItem::Update(
            product_update::ActiveModel { version_id: Set(version_id), name, sort_order, ..Default::default() }
                .insert(txn)
                .await?
                .id,
        ),
        CatalogList::Classifications { parent_id } => CatalogItem::Classification(
            service_classification::ActiveModel { parent_id: Set(parent_id), name, sort_order, ..Default::default() }
                .insert(txn)
                .await?
                .id,
        ),
    })
}

enum Change {
    Name(String),
    SortOrder(i32),
    RetiredAt(Option<DateTime<Utc>>),
}

async fn update(txn: &impl ConnectionTrait, item: CatalogItem, change: Change) -> Result<(), DbErr> {
    with_table!(item, table => {
        let statement = table::Entity::update_many().filter(table::Column::Id.eq(item.id()));
        let statement = match change {
            Change::Name(name) => statement.col_expr(table::Column::Name, Expr::value(name)),
            Change::SortOrder(sort_order) => statement.col_expr(table::Column::SortOrder, Expr::value(sort_order)),
            Change::RetiredAt(retired_at) => statement.col_expr(table::Column::RetiredAt, Expr::value(retired_at)),
        };
        statement.exec(txn).await?;
    });
    Ok(())
}

async fn set_external_id(txn: &impl ConnectionTrait, item: CatalogItem, external_id: &str) -> Result<(), DbErr> {
    with_table!(item, table => {
        table::Entity::update_many()
            .col_expr(table::Column::ExternalId, Expr::value(external_id))
            .filter(table::Column::Id.eq(item.id()))
            .exec(txn)
            .await?;
    });
    Ok(())
}

async fn remove(txn: &impl ConnectionTrait, item: CatalogItem) -> Result<(), DbErr> {
    with_table!(item, table => {
        table::Entity::delete_by_id(item.id()).exec(txn).await?;
    });
    Ok(())
}
