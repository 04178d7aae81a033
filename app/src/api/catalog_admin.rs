//! «Администрирование → Каталог»: the whole catalog with retired items, and one function per
//! change — create, rename, move up / down, retire, restore, delete — of products, versions,
//! updates and service classifications. Portal administrators only
//! (`server::require_administrator`); the forms work without JavaScript too: a plain post is
//! redirected back to the page, with `?done=<verb>` on success or `?error=` when refused.
//!
//! The browser names an item by `kind` (`product`, `version`, `update`, `classification`, as
//! `CatalogItem::kind_name`) and id, and a list of siblings by `list` (`products`, `versions`,
//! `updates`, `classifications`) and the id of the item it hangs under.

use domain::catalog::{CatalogAdminTree, CatalogItem, CatalogList, MoveDirection};
use domain::validation::Code;
use leptos::prelude::*;

use crate::error::AppError;

pub const CATALOG_PATH: &str = "/admin/catalog";

/// What a change did, as `?done=` says it after a plain form post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogChange {
    Created,
    Renamed,
    Moved,
    Retired,
    Restored,
    Deleted,
}

impl CatalogChange {
    pub const ALL: [CatalogChange; 6] = [
        CatalogChange::Created,
        CatalogChange::Renamed,
        CatalogChange::Moved,
        CatalogChange::Retired,
        CatalogChange::Restored,
        CatalogChange::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CatalogChange::Created => "created",
            CatalogChange::Renamed => "renamed",
            CatalogChange::Moved => "moved",
            CatalogChange::Retired => "retired",
            CatalogChange::Restored => "restored",
            CatalogChange::Deleted => "deleted",
        }
    }

    pub fn parse(value: &str) -> Option<CatalogChange> {
        CatalogChange::ALL.into_iter().find(|change| change.as_str() == value)
    }

    /// The page a plain form post goes back to after the change.
    pub fn done_path(self) -> String {
        format!("{CATALOG_PATH}?done={}", self.as_str())
    }
}

/// The item named by a form's `kind` and `id`.
pub fn parse_item(kind: &str, id: i32) -> Result<CatalogItem, AppError> {
    match kind {
        "product" => Ok(CatalogItem::Product(id)),
        "version" => Ok(CatalogItem::Version(id)),
        "update" => Ok(CatalogItem::Update(id)),
        "classification" => Ok(CatalogItem::Classification(id)),
        _ => Err(malformed()),
    }
}

/// The list named by a form's `list` and `parent`: products have no parent, versions and
/// updates need one, classifications may have one.
pub fn parse_list(list: &str, parent: Option<i32>) -> Result<CatalogList, AppError> {
    match (list, parent) {
        ("products", None) => Ok(CatalogList::Products),
        ("versions", Some(product_id)) => Ok(CatalogList::Versions { product_id }),
        ("updates", Some(version_id)) => Ok(CatalogList::Updates { version_id }),
        ("classifications", parent_id) => Ok(CatalogList::Classifications { parent_id }),
        _ => Err(malformed()),
    }
}

/// The `list` and `parent` a form sends for `list` (the inverse of [`parse_list`]).
pub fn list_fields(list: CatalogList) -> (&'static str, Option<i32>) {
    match list {
        CatalogList::Products => ("products", None),
        CatalogList::Versions { product_id } => ("versions", Some(product_id)),
        CatalogList::Updates { version_id } => ("updates", Some(version_id)),
        CatalogList::Classifications { parent_id } => ("classifications", parent_id),
    }
}

pub fn parse_direction(direction: &str) -> Result<MoveDirection, AppError> {
    match direction {
        "up" => Ok(MoveDirection::Up),
        "down" => Ok(MoveDirection::Down),
        _ => Err(malformed()),
    }
}

fn malformed() -> AppError {
    AppError::invalid("catalog", Code::Malformed)
}

#[server(prefix = "/api", endpoint = "admin/catalog/tree")]
pub async fn catalog_tree() -> Result<CatalogAdminTree, AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        Ok(portal_service::catalog::admin::tree(&server::state()?.db, &admin).await?)
    }
    .await;
    server::respond(result)
}

/// Adds an item named `name` at the end of `list` (under `parent`).
#[server(prefix = "/api", endpoint = "admin/catalog/create")]
pub async fn create_catalog_item(list: String, parent: Option<i32>, name: String) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let list = parse_list(&list, parent)?;
        portal_service::catalog::admin::create(&server::state()?.db, &admin, list, &name, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&CatalogChange::Created.done_path()).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, CATALOG_PATH, &[]).await
}

#[server(prefix = "/api", endpoint = "admin/catalog/rename")]
pub async fn rename_catalog_item(kind: String, id: i32, name: String) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let item = parse_item(&kind, id)?;
        portal_service::catalog::admin::rename(&server::state()?.db, &admin, item, &name, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&CatalogChange::Renamed.done_path()).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, CATALOG_PATH, &[]).await
}

/// «Выше» (`up`) / «Ниже» (`down`): one place among the siblings.
#[server(prefix = "/api", endpoint = "admin/catalog/move")]
pub async fn move_catalog_item(kind: String, id: i32, direction: String) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let item = parse_item(&kind, id)?;
        let direction = parse_direction(&direction)?;
        portal_service::catalog::admin::move_item(&server::state()?.db, &admin, item, direction, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&CatalogChange::Moved.done_path()).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, CATALOG_PATH, &[]).await
}

#[server(prefix = "/api", endpoint = "admin/catalog/retire")]
pub async fn retire_catalog_item(kind: String, id: i32) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let item = parse_item(&kind, id)?;
        portal_service::catalog::admin::retire(&server::state()?.db, &admin, item, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&CatalogChange::Retired.done_path()).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, CATALOG_PATH, &[]).await
}

#[server(prefix = "/api", endpoint = "admin/catalog/restore")]
pub async fn restore_catalog_item(kind: String, id: i32) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let item = parse_item(&kind, id)?;
        portal_service::catalog::admin::restore(&server::state()?.db, &admin, item, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&CatalogChange::Restored.done_path()).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, CATALOG_PATH, &[]).await
}

/// Deletes an item nothing uses and nothing lies under (else `catalog.in_use` /
/// `catalog.has_children`).
#[server(prefix = "/api", endpoint = "admin/catalog/delete")]
pub async fn delete_catalog_item(kind: String, id: i32) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let item = parse_item(&kind, id)?;
        portal_service::catalog::admin::delete(&server::state()?.db, &admin, item, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&CatalogChange::Deleted.done_path()).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, CATALOG_PATH, &[]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_name_items_and_lists() {
        assert_eq!(parse_item("version", 3), Ok(CatalogItem::Version(3)));
        assert_eq!(parse_item("Product", 3), Err(malformed()));
        for list in [
            CatalogList::Products,
            CatalogList::Versions { product_id: 1 },
            CatalogList::Updates { version_id: 2 },
            CatalogList::Classifications { parent_id: None },
            CatalogList::Classifications { parent_id: Some(4) },
        ] {
            let (name, parent) = list_fields(list);
            assert_eq!(parse_list(name, parent), Ok(list));
        }
        assert_eq!(parse_list("products", Some(1)), Err(malformed()), "products hang under nothing");
        assert_eq!(parse_list("versions", None), Err(malformed()), "versions belong to a product");
        assert_eq!(parse_list("articles", None), Err(malformed()));
        assert_eq!(parse_direction("down"), Ok(MoveDirection::Down));
        assert_eq!(parse_direction("left"), Err(malformed()));
        for change in CatalogChange::ALL {
            assert_eq!(CatalogChange::parse(change.as_str()), Some(change));
        }
    }
}
