//! «Администрирование → Каталог»: the vocabulary of catalog administration as the browser and
//! the service share it — which item or sibling list a change is about, the rules for names, and
//! the whole catalog as the admin page shows it (retired items included).
//!
//! The catalog is two trees: products → versions → updates, and the service classification
//! (any depth, `parent_id`). Items are ordered among their siblings by `sort_order`.

use serde::{Deserialize, Serialize};

use crate::validation::{Code, has_forbidden_characters};

/// The longest name of a catalog item, in characters.
pub const NAME_MAX_CHARS: usize = 200;

/// One catalog item, by kind and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CatalogItem {
    Product(i32),
    Version(i32),
    Update(i32),
    Classification(i32),
}

impl CatalogItem {
    pub fn id(self) -> i32 {
        match self {
            CatalogItem::Product(id) | CatalogItem::Version(id) | CatalogItem::Update(id) | CatalogItem::Classification(id) => id,
        }
    }

    /// `product`, `version`, `update` or `classification`: the middle of its audit kinds
    /// (`catalog.product.renamed`) and the prefix of its audit subject.
    pub fn kind_name(self) -> &'static str {
        match self {
            CatalogItem::Product(_) => "product",
            CatalogItem::Version(_) => "version",
            CatalogItem::Update(_) => "update",
            CatalogItem::Classification(_) => "classification",
        }
    }

    /// The audit subject, e.g. `product:7`.
    pub fn subject(self) -> String {
        format!("{}:{}", self.kind_name(), self.id())
    }
}

/// A list of siblings: where a new item goes, and what a full reordering reorders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CatalogList {
    /// All products.
    Products,
    /// The versions of a product.
    Versions { product_id: i32 },
    /// The updates of a version.
    Updates { version_id: i32 },
    /// The children of a classification, or the top level (`None`).
    Classifications { parent_id: Option<i32> },
}

impl CatalogList {
    /// The item the list hangs under (`None` for all products and the top classifications).
    pub fn parent(self) -> Option<CatalogItem> {
        match self {
            CatalogList::Products | CatalogList::Classifications { parent_id: None } => None,
            CatalogList::Versions { product_id } => Some(CatalogItem::Product(product_id)),
            CatalogList::Updates { version_id } => Some(CatalogItem::Version(version_id)),
            CatalogList::Classifications { parent_id: Some(id) } => Some(CatalogItem::Classification(id)),
        }
    }

    /// The item of this list with `id`.
    pub fn item(self, id: i32) -> CatalogItem {
        match self {
            CatalogList::Products => CatalogItem::Product(id),
            CatalogList::Versions { .. } => CatalogItem::Version(id),
            CatalogList::Updates { .. } => CatalogItem::Update(id),
            CatalogList::Classifications { .. } => CatalogItem::Classification(id),
        }
    }
}

/// «Выше» / «Ниже»: one step among the siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MoveDirection {
    Up,
    Down,
}

/// A catalog item's name as stored: trimmed, 1 to [`NAME_MAX_CHARS`] characters, one line
/// without control characters.
pub fn validate_name(raw: &str) -> Result<String, Code> {
    let name = raw.trim();
    if has_forbidden_characters(name) || name.chars().any(char::is_control) {
        return Err(Code::CatalogNameInvalidCharacters);
    }
    let length = name.chars().count();
    if length == 0 || length > NAME_MAX_CHARS {
        return Err(Code::CatalogNameLength);
    }
    Ok(name.to_owned())
}

/// What two sibling names are compared by: case, «ё»/«е» and runs of spaces do not make a
/// name different («Astra Linux» = «astra  linux», «Обновлённая» = «обновленная»).
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('ё', "е")
}

/// One item as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: i32,
    pub name: String,
    /// Retired itself («Выведен из употребления»).
    pub retired: bool,
    /// Offered by the request form: neither it nor anything above it is retired.
    pub offered: bool,
    /// Requests that name this very item (a product counts the requests about it, a version
    /// those about the version; a classification only the requests filed under it).
    pub used_by_requests: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminProduct {
    pub entry: CatalogEntry,
    pub versions: Vec<AdminVersion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminVersion {
    pub entry: CatalogEntry,
    pub updates: Vec<CatalogEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminClassification {
    pub entry: CatalogEntry,
    pub children: Vec<AdminClassification>,
}

/// The whole catalog for «Администрирование → Каталог», every list in its order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogAdminTree {
    pub products: Vec<AdminProduct>,
    pub classifications: Vec<AdminClassification>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_limited() {
        assert_eq!(validate_name("  Astra Linux  "), Ok("Astra Linux".to_owned()));
        assert_eq!(validate_name("   "), Err(Code::CatalogNameLength));
        assert_eq!(validate_name(&"я".repeat(NAME_MAX_CHARS)), Ok("я".repeat(NAME_MAX_CHARS)));
        assert_eq!(validate_name(&"я".repeat(NAME_MAX_CHARS + 1)), Err(Code::CatalogNameLength));
        for bad in ["Astra\0", "Astra\nLinux", "Astra\tLinux"] {
            assert_eq!(validate_name(bad), Err(Code::CatalogNameInvalidCharacters), "{bad:?}");
        }
    }

    #[test]
    fn sibling_names_compare_without_case_yo_and_spacing() {
        assert_eq!(name_key("Astra  Linux SE"), name_key("astra linux se"));
        assert_eq!(name_key("Обновлённая"), name_key("ОБНОВЛЕННАЯ"));
        assert_ne!(name_key("1.7"), name_key("1.8"));
    }

    #[test]
    fn lists_know_their_parent_and_items() {
        assert_eq!(CatalogList::Versions { product_id: 3 }.parent(), Some(CatalogItem::Product(3)));
        assert_eq!(CatalogList::Classifications { parent_id: None }.parent(), None);
        assert_eq!(CatalogList::Updates { version_id: 2 }.item(9), CatalogItem::Update(9));
        assert_eq!(CatalogItem::Classification(5).subject(), "classification:5");
    }
}
