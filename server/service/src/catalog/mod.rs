//! Products → versions → updates, and the service classification tree: the reference data the
//! request form chooses from.

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

pub async fn product_tree(db: &impl ConnectionTrait) -> ServiceResult<Vec<ProductNode>> {
    let products = product::Entity::find().order_by_asc(product::Column::SortOrder).all(db).await?;
    let versions = product_version::Entity::find().order_by_asc(product_version::Column::SortOrder).all(db).await?;
    let updates = product_update::Entity::find().order_by_asc(product_update::Column::SortOrder).all(db).await?;
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

pub async fn classification_tree(db: &impl ConnectionTrait) -> ServiceResult<Vec<ClassificationNode>> {
    let all = service_classification::Entity::find().order_by_asc(service_classification::Column::SortOrder).all(db).await?;
    fn children_of(all: &[service_classification::Model], parent: Option<i32>) -> Vec<ClassificationNode> {
        all.iter()
            .filter(|node| node.parent_id == parent)
            .map(|node| ClassificationNode { id: node.id, name: node.name.clone(), children: children_of(all, Some(node.id)) })
            .collect()
    }
    Ok(children_of(&all, None))
}

/// Whether `version_id` belongs to `product_id`.
pub async fn version_of_product(db: &impl ConnectionTrait, version_id: i32, product_id: i32) -> ServiceResult<bool> {
    Ok(product_version::Entity::find_by_id(version_id)
        .filter(product_version::Column::ProductId.eq(product_id))
        .one(db)
        .await?
        .is_some())
}

/// The updates of a version (empty: the version has none).
pub async fn updates_of_version(db: &impl ConnectionTrait, version_id: i32) -> ServiceResult<Vec<i32>> {
    Ok(product_update::Entity::find()
        .filter(product_update::Column::VersionId.eq(version_id))
        .all(db)
        .await?
        .into_iter()
        .map(|update| update.id)
        .collect())
}

/// A classification a services request may be filed under: an existing leaf of the tree.
pub async fn is_selectable_classification(db: &impl ConnectionTrait, id: i32) -> ServiceResult<bool> {
    let exists = service_classification::Entity::find_by_id(id).one(db).await?.is_some();
    let has_children =
        service_classification::Entity::find().filter(service_classification::Column::ParentId.eq(id)).one(db).await?.is_some();
    Ok(exists && !has_children)
}
