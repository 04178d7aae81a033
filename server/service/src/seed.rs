//! Demo data: organizations, people, products and certificates described in `seed/demo.json`.
//!
//! Seeding is all-or-nothing (one transaction) and only ever fills an empty database.
//! Certificate dates are relative to "today" so the demo keeps telling the same story
//! (Ромашка may order services, Вектор's services certificate has expired, Лютиков has none).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::organization::OrganizationFields;
use domain::{CertificateKind, Locale, Role};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait};
use serde::Deserialize;

use crate::administrator::Administrator;
use crate::entity::{certificate, certificate_product, product, product_update, product_version, service_classification};
use crate::error::{ServiceError, ServiceResult};
use crate::{accounts, accounts::passwords, organizations};

const DEMO_SEED: &str = include_str!("../seed/demo.json");

#[derive(Debug, Deserialize)]
pub struct DemoSeed {
    pub password: String,
    pub products: Vec<SeedProduct>,
    pub classifications: Vec<SeedClassification>,
    pub organizations: Vec<SeedOrganization>,
    pub staff: Vec<SeedUser>,
}

#[derive(Debug, Deserialize)]
pub struct SeedProduct {
    pub name: String,
    pub versions: Vec<SeedVersion>,
}

#[derive(Debug, Deserialize)]
pub struct SeedVersion {
    pub name: String,
    pub updates: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct SeedClassification {
    pub name: String,
    pub children: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct SeedOrganization {
    pub name: String,
    #[serde(default)]
    pub inn: String,
    #[serde(default)]
    pub kpp: String,
    #[serde(default)]
    pub contact_email: String,
    pub certificates: Vec<SeedCertificate>,
    pub users: Vec<SeedUser>,
    #[serde(default)]
    pub requests: Vec<SeedRequest>,
}

/// A demo request in some status, so that the lists show what a working portal looks like.
#[derive(Debug, Deserialize)]
pub struct SeedRequest {
    /// None: a request without author, registered by support (`registered_by`) for a contact.
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub registered_by: Option<String>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub update: Option<String>,
    #[serde(default)]
    pub classification: Option<String>,
    pub subject: String,
    pub description: String,
    pub status: String,
    pub created_days_ago: i64,
    pub updated_days_ago: i64,
    /// Overrides `updated_days_ago` (and so the resolution time) in hours, for a request
    /// resolved within the reopen window.
    #[serde(default)]
    pub updated_hours_ago: Option<i64>,
    /// `requests.close_reason` of a closed demo request.
    #[serde(default)]
    pub close_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SeedCertificate {
    pub kind: String,
    pub number: String,
    pub all_products: bool,
    #[serde(default)]
    pub products: Vec<String>,
    pub valid_from_days: i64,
    pub valid_to_days: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedUser {
    pub email: String,
    pub name: String,
    pub role: String,
}

impl DemoSeed {
    pub fn load() -> ServiceResult<DemoSeed> {
        serde_json::from_str(DEMO_SEED).map_err(|error| ServiceError::Internal(format!("demo seed is malformed: {error}")))
    }

    /// Every demo account as (e-mail, display name, role), for the sign-in page and the CLI.
    pub fn accounts(&self) -> Vec<SeedUser> {
        self.organizations.iter().flat_map(|org| org.users.iter().cloned()).chain(self.staff.iter().cloned()).collect()
    }
}

/// What seeding did.
#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Seeded {
        users: usize,
    },
    /// The database already had organizations; nothing was touched.
    AlreadyPopulated,
}

/// Seeds the demo data if (and only if) the database has no organizations yet; then adds the demo
/// knowledge base articles that are missing (keyed by external id, so this also fills databases
/// seeded before the knowledge base existed, and never overwrites staff edits).
pub async fn seed_demo_if_empty(db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<SeedOutcome> {
    let outcome = seed_demo_organizations(db, now).await?;
    match crate::kb::seed_demo_articles(db, now).await {
        Ok(_) => {}
        Err(error) if outcome == SeedOutcome::AlreadyPopulated => {
            tracing::warn!(%error, "demo knowledge base articles not added to an existing database");
        }
        Err(error) => return Err(error),
    }
    Ok(outcome)
}

async fn seed_demo_organizations(db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<SeedOutcome> {
    if organizations::count(db).await? > 0 {
        return Ok(SeedOutcome::AlreadyPopulated);
    }
    let seed = DemoSeed::load()?;
    // Hash before the transaction: argon2 takes tens of milliseconds per call.
    let password_hash = passwords::hash(seed.password.clone()).await?;
    let transaction = db.begin().await?;
    // Re-check inside the transaction so two instances starting together do not both seed.
    if organizations::count(&transaction).await? > 0 {
        return Ok(SeedOutcome::AlreadyPopulated);
    }
    let users = insert_seed(&transaction, &seed, &password_hash, now).await?;
    transaction.commit().await?;
    Ok(SeedOutcome::Seeded { users })
}

async fn insert_seed(
    db: &(impl ConnectionTrait + TransactionTrait),
    seed: &DemoSeed,
    password_hash: &str,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let today = now.date_naive();
    let mut product_ids = Vec::new();
    for (product_order, seed_product) in seed.products.iter().enumerate() {
        let product = product::ActiveModel {
            name: Set(seed_product.name.clone()),
            sort_order: Set(product_order as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
        product_ids.push((seed_product.name.as_str(), product.id));
        for (version_order, seed_version) in seed_product.versions.iter().enumerate() {
            let version = product_version::ActiveModel {
                product_id: Set(product.id),
                name: Set(seed_version.name.clone()),
                sort_order: Set(version_order as i32),
                ..Default::default()
            }
            .insert(db)
            .await?;
            for (update_order, update_name) in seed_version.updates.iter().enumerate() {
                product_update::ActiveModel {
                    version_id: Set(version.id),
                    name: Set(update_name.clone()),
                    sort_order: Set(update_order as i32),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
    }

    for (order, group) in seed.classifications.iter().enumerate() {
        let parent = service_classification::ActiveModel {
            parent_id: Set(None),
            name: Set(group.name.clone()),
            sort_order: Set(order as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (child_order, child) in group.children.iter().enumerate() {
            service_classification::ActiveModel {
                parent_id: Set(Some(parent.id)),
                name: Set(child.clone()),
                sort_order: Set(child_order as i32),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }

    let mut users = 0;
    let mut organization_ids = Vec::new();
    for seed_org in &seed.organizations {
        let fields = OrganizationFields {
            name: seed_org.name.clone(),
            inn: seed_org.inn.clone(),
            kpp: seed_org.kpp.clone(),
            contact_email: seed_org.contact_email.clone(),
        };
        let organization = organizations::create(db, &Administrator::portal(), &fields, now).await?;
        for seed_cert in &seed_org.certificates {
            insert_certificate(db, organization.id, seed_cert, &product_ids, today).await?;
        }
        for seed_user in &seed_org.users {
            insert_user(db, seed_user, Some(organization.id), password_hash, now).await?;
            users += 1;
        }
        organization_ids.push(organization.id);
    }
    for seed_user in &seed.staff {
        insert_user(db, seed_user, None, password_hash, now).await?;
        users += 1;
    }
    // After the staff: requests registered by support name their registering agent.
    for (seed_org, organization_id) in seed.organizations.iter().zip(organization_ids) {
        for seed_request in &seed_org.requests {
            insert_request(db, organization_id, seed_request, now).await?;
        }
    }
    Ok(users)
}

async fn insert_certificate(
    db: &impl ConnectionTrait,
    organization_id: i32,
    seed_cert: &SeedCertificate,
    product_ids: &[(&str, i32)],
    today: NaiveDate,
) -> ServiceResult<()> {
    let kind = CertificateKind::parse(&seed_cert.kind)
        .ok_or_else(|| ServiceError::Internal(format!("unknown certificate kind {}", seed_cert.kind)))?;
    let certificate = certificate::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        number: Set(seed_cert.number.clone()),
        organization_id: Set(organization_id),
        covers_all_products: Set(seed_cert.all_products),
        valid_from: Set(today + Duration::days(seed_cert.valid_from_days)),
        valid_to: Set(today + Duration::days(seed_cert.valid_to_days)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for product_name in &seed_cert.products {
        let product_id = product_ids
            .iter()
            .find(|(name, _)| name == product_name)
            .map(|(_, id)| *id)
            .ok_or_else(|| ServiceError::Internal(format!("certificate names unknown product {product_name}")))?;
        certificate_product::Entity::insert(certificate_product::ActiveModel {
            certificate_id: Set(certificate.id),
            product_id: Set(product_id),
        })
        .exec(db)
        .await?;
    }
    Ok(())
}

async fn insert_request(
    db: &impl ConnectionTrait,
    organization_id: i32,
    seed_request: &SeedRequest,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    use crate::entity::{request, request_participant, user};
    use domain::{RequestKind, RequestStatus};
    use sea_orm::{ColumnTrait, QueryFilter};

    let bad = |what: &str| ServiceError::Internal(format!("demo request «{}»: {what}", seed_request.subject));
    let kind = RequestKind::parse(&seed_request.kind).ok_or_else(|| bad("unknown kind"))?;
    let status = RequestStatus::parse(&seed_request.status).ok_or_else(|| bad("unknown status"))?;
    let find_user = |email: &String| user::Entity::find().filter(user::Column::Email.eq(email)).one(db);
    let author = match &seed_request.author {
        Some(email) => Some(find_user(email).await?.ok_or_else(|| bad("unknown author"))?),
        None => None,
    };
    let registered_by = match &seed_request.registered_by {
        Some(email) => Some(find_user(email).await?.ok_or_else(|| bad("unknown registering agent"))?),
        None => None,
    };
    let author_id = author.as_ref().map(|a| a.id);
    let created_by_id = registered_by.as_ref().map(|r| r.id).or(author_id);
    let product = match &seed_request.product {
        Some(name) => Some(
            product::Entity::find()
                .filter(product::Column::Name.eq(name))
                .one(db)
                .await?
                .ok_or_else(|| bad("unknown product"))?,
        ),
        None => None,
    };
    let version = match (&product, &seed_request.version) {
        (Some(product), Some(name)) => Some(
            product_version::Entity::find()
                .filter(product_version::Column::ProductId.eq(product.id))
                .filter(product_version::Column::Name.eq(name))
                .one(db)
                .await?
                .ok_or_else(|| bad("unknown version"))?,
        ),
        _ => None,
    };
    let update = match (&version, &seed_request.update) {
        (Some(version), Some(name)) => Some(
            product_update::Entity::find()
                .filter(product_update::Column::VersionId.eq(version.id))
                .filter(product_update::Column::Name.eq(name))
                .one(db)
                .await?
                .ok_or_else(|| bad("unknown update"))?,
        ),
        _ => None,
    };
    let certificate_kind = match kind {
        RequestKind::TechnicalSupport => Some(CertificateKind::Support),
        RequestKind::Services => Some(CertificateKind::Services),
        _ => None,
    };
    let certificate = match certificate_kind {
        Some(kind) => {
            certificate::Entity::find()
                .filter(certificate::Column::OrganizationId.eq(organization_id))
                .filter(certificate::Column::Kind.eq(kind.as_str()))
                .one(db)
                .await?
        }
        None => None,
    };
    let classification = match &seed_request.classification {
        Some(name) => Some(
            service_classification::Entity::find()
                .filter(service_classification::Column::Name.eq(name))
                .one(db)
                .await?
                .ok_or_else(|| bad("unknown classification"))?,
        ),
        None => None,
    };
    let number = crate::requests::next_number(db).await?;
    let created_at = now - Duration::days(seed_request.created_days_ago) - Duration::hours(3);
    let updated_at = match seed_request.updated_hours_ago {
        Some(hours) => now - Duration::hours(hours),
        None => now - Duration::days(seed_request.updated_days_ago) - Duration::hours(1),
    };
    let model = request::ActiveModel {
        number: Set(number),
        kind: Set(kind.as_str().to_owned()),
        organization_id: Set(organization_id),
        author_id: Set(author_id),
        contact_name: Set(seed_request.contact_name.clone()),
        contact_email: Set(seed_request.contact_email.clone()),
        subject: Set(seed_request.subject.clone()),
        description: Set(seed_request.description.clone()),
        product_id: Set(product.map(|p| p.id)),
        version_id: Set(version.map(|v| v.id)),
        update_id: Set(update.map(|u| u.id)),
        certificate_id: Set(certificate.map(|c| c.id)),
        classification_id: Set(classification.map(|c| c.id)),
        status: Set(status.as_str().to_owned()),
        created_by_id: Set(created_by_id),
        created_at: Set(created_at),
        updated_at: Set(updated_at),
        resolved_at: Set((status == RequestStatus::Resolved).then_some(updated_at)),
        closed_at: Set((status == RequestStatus::Closed).then_some(updated_at)),
        close_reason: Set(seed_request.close_reason.clone()),
        search_text: Set(domain::request::search_text(number, &seed_request.subject)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if let Some(author_id) = author_id {
        request_participant::ActiveModel {
            request_id: Set(model.id),
            user_id: Set(author_id),
            kind: Set("initiator".to_owned()),
            subscribed: Set(true),
            added_at: Set(created_at),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

async fn insert_user(
    db: &impl ConnectionTrait,
    seed_user: &SeedUser,
    organization_id: Option<i32>,
    password_hash: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let role = Role::parse(&seed_user.role).ok_or_else(|| ServiceError::Internal(format!("unknown role {}", seed_user.role)))?;
    accounts::create_with_hash(
        db,
        seed_user.email.clone(),
        seed_user.name.clone(),
        password_hash.to_owned(),
        role,
        organization_id,
        Locale::Ru,
        now,
    )
    .await?;
    Ok(())
}
