//! The seven kinds of record and how a [`RawRecord`] becomes one: which fields each kind has,
//! which it requires, and their types. Rules about the values themselves (ИНН check digits,
//! dates in order, name lengths) are not here: the services check them, as for the
//! administration pages.

use std::collections::BTreeMap;

use serde_json::Value;

use super::LineError;
use super::parse::RawRecord;

/// A kind of record, as the `kind` field names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Organization,
    Person,
    Certificate,
    Product,
    Version,
    Update,
    Classification,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Organization, Kind::Person, Kind::Certificate, Kind::Product, Kind::Version, Kind::Update, Kind::Classification];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Person => "person",
            Kind::Certificate => "certificate",
            Kind::Product => "product",
            Kind::Version => "version",
            Kind::Update => "update",
            Kind::Classification => "classification",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// The fields a record of this kind may have (besides `kind`).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Organization => &["external_id", "name", "inn", "kpp", "contact_email"],
            Kind::Person => &["external_id", "email", "name", "role", "organization"],
            Kind::Certificate => &[
                "external_id",
                "organization",
                "certificate_kind",
                "number",
                "valid_from",
                "valid_to",
                "all_products",
                "products",
            ],
            Kind::Product => &["external_id", "name", "retired"],
            Kind::Version => &["external_id", "product", "name", "retired"],
            Kind::Update => &["external_id", "version", "name", "retired"],
            Kind::Classification => &["external_id", "parent", "name", "retired"],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationRecord {
    pub name: String,
    pub inn: String,
    pub kpp: String,
    pub contact_email: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRecord {
    pub email: String,
    pub name: String,
    pub role: domain::Role,
    /// The organization's external id (customer-side roles).
    pub organization: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRecord {
    pub organization: String,
    /// `support` or `services` (`kind` names the record).
    pub certificate_kind: String,
    pub number: String,
    pub valid_from: String,
    pub valid_to: String,
    pub all_products: bool,
    /// External ids of products.
    pub products: Vec<String>,
}

/// A product, a version, an update or a classification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogRecord {
    /// The external id of the item it lies under (a version's product, an update's version, a
    /// classification's parent; none for a product or a top classification).
    pub parent: Option<String>,
    pub name: String,
    /// `Some(true)`: retire it, `Some(false)`: offer it again, `None`: leave it as it is.
    pub retired: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Organization(OrganizationRecord),
    Person(PersonRecord),
    Certificate(CertificateRecord),
    Catalog(CatalogRecord),
}

/// One record ready to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub kind: Kind,
    pub external_id: String,
    pub body: Body,
}

/// The longest external id (as the knowledge base's).
pub const EXTERNAL_ID_MAX_CHARS: usize = 100;

/// The field of a catalog record that names its parent.
pub fn parent_field(kind: Kind) -> &'static str {
    match kind {
        Kind::Version => "product",
        Kind::Update => "version",
        _ => "parent",
    }
}

/// Reads the fields of a raw record into a [`Record`]: the kind is known, no field is foreign to
/// it, required ones are present, every value has its type.
pub fn read(raw: RawRecord) -> Result<Record, LineError> {
    let line = raw.line;
    let kind = Kind::parse(raw.kind.trim()).ok_or_else(|| {
        let known: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
        LineError::new(line, "kind", format!("неизвестный вид записи «{}» (бывают: {})", raw.kind, known.join(", ")))
    })?;
    let fields = Fields { line, kind, values: raw.fields };
    if let Some(unknown) = fields.values.keys().find(|name| !kind.fields().contains(&name.as_str())) {
        return Err(LineError::new(
            line,
            unknown,
            format!("у записи {} нет такого поля (есть: {})", kind.as_str(), kind.fields().join(", ")),
        ));
    }
    let external_id = fields.required_text("external_id")?;
    let external_id = external_id.trim().to_owned();
    if external_id.chars().any(char::is_control) {
        return Err(LineError::new(line, "external_id", "недопустимые символы"));
    }
    if external_id.chars().count() > EXTERNAL_ID_MAX_CHARS {
        return Err(LineError::new(line, "external_id", format!("длиннее {EXTERNAL_ID_MAX_CHARS} символов")));
    }
    let body = match kind {
        Kind::Organization => Body::Organization(OrganizationRecord {
            name: fields.text("name")?.unwrap_or_default(),
            inn: fields.text("inn")?.unwrap_or_default(),
            kpp: fields.text("kpp")?.unwrap_or_default(),
            contact_email: fields.text("contact_email")?.unwrap_or_default(),
        }),
        Kind::Person => {
            let role = match fields.text("role")? {
                None => domain::Role::Customer,
                Some(role) => domain::Role::parse(role.trim()).ok_or_else(|| {
                    let known: Vec<&str> = domain::Role::ALL.iter().map(|role| role.as_str()).collect();
                    LineError::new(line, "role", format!("неизвестная роль «{role}» (бывают: {})", known.join(", ")))
                })?,
            };
            Body::Person(PersonRecord {
                email: fields.text("email")?.unwrap_or_default(),
                name: fields.text("name")?.unwrap_or_default(),
                role,
                organization: fields.reference("organization")?,
            })
        }
        Kind::Certificate => Body::Certificate(CertificateRecord {
            organization: fields.reference("organization")?.ok_or_else(|| fields.missing("organization"))?,
            certificate_kind: fields.text("certificate_kind")?.unwrap_or_default(),
            number: fields.text("number")?.unwrap_or_default(),
            valid_from: fields.text("valid_from")?.unwrap_or_default(),
            valid_to: fields.text("valid_to")?.unwrap_or_default(),
            all_products: fields.flag("all_products")?.unwrap_or(false),
            products: fields.list("products")?,
        }),
        Kind::Product | Kind::Version | Kind::Update | Kind::Classification => {
            let parent = fields.reference(parent_field(kind))?;
            if parent.is_none() && matches!(kind, Kind::Version | Kind::Update) {
                return Err(fields.missing(parent_field(kind)));
            }
            Body::Catalog(CatalogRecord {
                parent,
                name: fields.text("name")?.unwrap_or_default(),
                retired: fields.flag("retired")?,
            })
        }
    };
    Ok(Record { line, kind, external_id, body })
}

struct Fields {
    line: usize,
    kind: Kind,
    values: BTreeMap<String, Value>,
}

impl Fields {
    fn missing(&self, name: &str) -> LineError {
        LineError::new(self.line, name, format!("обязательное поле записи {}", self.kind.as_str()))
    }

    fn text(&self, name: &str) -> Result<Option<String>, LineError> {
        match self.values.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            // A CRM may export an ИНН or a number as a JSON number.
            Some(Value::Number(number)) => Ok(Some(number.to_string())),
            Some(_) => Err(LineError::new(self.line, name, "ожидается строка")),
        }
    }

    fn required_text(&self, name: &str) -> Result<String, LineError> {
        self.text(name)?.filter(|text| !text.trim().is_empty()).ok_or_else(|| self.missing(name))
    }

    /// An external id of another record; blank counts as absent.
    fn reference(&self, name: &str) -> Result<Option<String>, LineError> {
        Ok(self.text(name)?.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty()))
    }

    fn flag(&self, name: &str) -> Result<Option<bool>, LineError> {
        match self.values.get(name) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(Value::String(text)) => match text.trim().to_lowercase().as_str() {
                "true" | "1" | "yes" | "да" => Ok(Some(true)),
                "false" | "0" | "no" | "нет" => Ok(Some(false)),
                _ => Err(LineError::new(self.line, name, "ожидается true или false")),
            },
            Some(_) => Err(LineError::new(self.line, name, "ожидается true или false")),
        }
    }

    fn list(&self, name: &str) -> Result<Vec<String>, LineError> {
        let bad = || LineError::new(self.line, name, "ожидается список внешних идентификаторов");
        match self.values.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(text) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
                    _ => Err(bad()),
                })
                .collect(),
            Some(_) => Err(bad()),
        }
    }
}
