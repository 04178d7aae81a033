//! Products → versions → updates, and the service classification tree: the reference data the
//! request form chooses from. The form is offered only what is in use: an item an administrator
//! retired (`retired_at`, see [`admin`]) is left out, and so is everything under it. Existing
//! requests read their names by id, so they keep showing a retired item.

pub mod admin;
pub mod certificates;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{product, product_update, product_version, service_classification};
use crate::error::ServiceResult;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductNode {
    pub id: i32,
    pub name: String,
    pub versions: Vec<VersionNode>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionNode {
    pub id: i32,
    pub name: String,
    /// Empty when the version has no updates (then «Обновление» is not required).
    pub updates: Vec<(i32, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassificationNode {
    pub id: i32,
    pub name: String,
    pub children: Vec<ClassificationNode>,
}

/// The products the form offers, each with its offered versions and their offered updates.
pub async fn product_tree(db: &impl ConnectionTrait) -> ServiceResult<Vec<ProductNode>> {
    let products = product::Entity::find()
        .filter(product::Column::RetiredAt.is_null())
        .order_by_asc(product::Column::SortOrder)
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?;
    let versions = product_version::Entity::find()
        .filter(product_version::Column::RetiredAt.is_null())
        .order_by_asc(product_version::Column::SortOrder)
        .order_by_asc(product_version::Column::Id)
        .all(db)
        .await?;
    let updates = product_update::Entity::find()
        .filter(product_update::Column::RetiredAt.is_null())
        .order_by_asc(product_update::Column::SortOrder)
        .order_by_asc(product_update::Column::Id)
        .all(db)
        .await?;
    Ok(products
        .into_iter()
        .map(|product| ProductNode {
            id: product.id,
            versions: versions
                .iter()
                .filter(|version| version.product_id == product.id)
                .map(|version| VersionNode {
                    id: version.id,
                    name: version.name.clone(),
                    updates: updates
                        .iter()
                        .filter(|update| update.version_id == version.id)
                        .map(|update| (update.id, update.name.clone()))
                        .collect(),
                })
                .collect(),
            name: product.name,
        })
        .collect())
}

/// The classification tree the form offers: a retired node is left out with its whole subtree.
pub async fn classification_tree(db: &impl ConnectionTrait) -> ServiceResult<Vec<ClassificationNode>> {
    let offered = service_classification::Entity::find()
        .filter(service_classification::Column::RetiredAt.is_null())
        .order_by_asc(service_classification::Column::SortOrder)
        .order_by_asc(service_classification::Column::Id)
        .all(db)
        .await?;
    fn children_of(all: &[service_classification::Model], parent: Option<i32>) -> Vec<ClassificationNode> {
        all.iter()
            .filter(|node| node.parent_id == parent)
            .map(|node| ClassificationNode { id: node.id, name: node.name.clone(), children: children_of(all, Some(node.id)) })
            .collect()
    }
    Ok(children_of(&offered, None))
}

/// Whether the form offers product `product_id` (it exists and is not retired).
pub async fn is_offered_product(db: &impl ConnectionTrait, product_id: i32) -> ServiceResult<bool> {
    Ok(product::Entity::find_by_id(product_id).filter(product::Column::RetiredAt.is_null()).one(db).await?.is_some())
}

/// Whether `version_id` is an offered version of the offered product `product_id`.
pub async fn version_of_product(db: &impl ConnectionTrait, version_id: i32, product_id: i32) -> ServiceResult<bool> {
    let version = product_version::Entity::find_by_id(version_id)
        .filter(product_version::Column::ProductId.eq(product_id))
        .filter(product_version::Column::RetiredAt.is_null())
        .one(db)
        .await?;
    Ok(version.is_some() && is_offered_product(db, product_id).await?)
}

/// Whether `version_id` belongs to `product_id`, retired or not (a knowledge-base article keeps
/// its scope when the catalog retires it).
pub async fn version_belongs_to_product(db: &impl ConnectionTrait, version_id: i32, product_id: i32) -> ServiceResult<bool> {
    Ok(product_version::Entity::find_by_id(version_id)
        .filter(product_version::Column::ProductId.eq(product_id))
        .one(db)
        .await?
        .is_some())
}

/// The offered updates of an offered version (empty: the version has none, then «Обновление» is
/// not required; also empty for a retired version or one of a retired product).
pub async fn updates_of_version(db: &impl ConnectionTrait, version_id: i32) -> ServiceResult<Vec<i32>> {
    let Some(version) =
        product_version::Entity::find_by_id(version_id).filter(product_version::Column::RetiredAt.is_null()).one(db).await?
    else {
        return Ok(Vec::new());
    };
    if !is_offered_product(db, version.product_id).await? {
        return Ok(Vec::new());
    }
    Ok(product_update::Entity::find()
        .filter(product_update::Column::VersionId.eq(version_id))
        .filter(product_update::Column::RetiredAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|update| update.id)
        .collect())
}

/// A classification a services request may be filed under: a leaf of the tree the form offers
/// (it and its ancestors not retired, no offered children — a node whose children are all
/// retired is a leaf now, as the form shows it).
pub async fn is_selectable_classification(db: &impl ConnectionTrait, id: i32) -> ServiceResult<bool> {
    let mut next = Some(id);
    // The tree is shallow; the bound only guards against a cycle in bad data.
    for _ in 0..16 {
        let Some(current) = next else { break };
        match service_classification::Entity::find_by_id(current).one(db).await? {
            Some(node) if node.retired_at.is_none() => next = node.parent_id,
            _ => return Ok(false),
        }
    }
    if next.is_some() {
        return Ok(false);
    }
    let has_offered_children = service_classification::Entity::find()
        .filter(service_classification::Column::ParentId.eq(id))
        .filter(service_classification::Column::RetiredAt.is_null())
        .one(db)
        .await?
        .is_some();
    Ok(!has_offered_children)
}
