//! Support requests: creating them (validated, numbered, idempotent) and listing who sees which.
//!
//! Numbers come from one counter row incremented inside the creating transaction, so they are
//! sequential and unique with any number of app instances on one PostgreSQL. The idempotency key
//! minted when the form opens is unique in the table: a double click, a retry after a timeout or
//! a replay returns the request that already exists instead of creating a second one.

pub mod access;
pub mod chat;
pub(crate) mod events;
pub mod linked;
pub mod participants;
pub mod pdf;
pub mod view;

use chrono::{DateTime, NaiveDate, Utc};
use domain::request::{search_text, validate_description, validate_subject};
use domain::request_view::RequestRow;
use domain::validation::Code;
use domain::{CertificateKind, RequestKind, RequestStatus, ServicesAvailability};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use crate::entity::{counter, organization, product, request, request_participant, user};
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;
use crate::notifications::{self, NotificationEvent};
use crate::{attachments, catalog, catalog::certificates, drafts};

/// The counter row (created by the migrations) that numbers requests.
const REQUEST_NUMBER_COUNTER: &str = "request_number";

pub use domain::request::NewRequest;

/// Who creates the request.
#[derive(Clone, Copy, Debug)]
pub struct Author {
    pub user_id: i32,
    pub organization_id: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Created {
    pub id: i32,
    pub number: i64,
    /// True when the idempotency key had been used already and nothing new was created.
    pub replayed: bool,
}

/// Validates everything, then creates the request with its initiator and attachments in one
/// transaction, which also removes the author's draft of this form (`draft_id`, or the draft
/// named by the idempotency key) and moves the draft's uploads to the request.
pub async fn create(db: &DatabaseConnection, author: Author, input: NewRequest, now: DateTime<Utc>) -> ServiceResult<Created> {
    create_related(db, author, input, None, now).await
}

/// [`create`] with `requests.related_request_id` set in the same transaction (a linked
/// request to a closed one, see `requests::linked`).
pub async fn create_related(
    db: &DatabaseConnection,
    author: Author,
    input: NewRequest,
    related_request_id: Option<i32>,
    now: DateTime<Utc>,
) -> ServiceResult<Created> {
    create_with_origin(db, Origin::Author(author), input, related_request_id, now).await
}

/// A person to call back about a request without author (registered from a phone call or a letter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Support registers a request on behalf of an organization: no portal author, the staff member
/// is recorded as `created_by_id`, and the organization admin later assigns an author
/// («Запросы без автора»). Same validation, numbering and idempotency as [`create`].
pub async fn create_on_behalf(
    db: &DatabaseConnection,
    staff_id: i32,
    organization_id: i32,
    contact: Contact,
    input: NewRequest,
    now: DateTime<Utc>,
) -> ServiceResult<Created> {
    let staff = user::Entity::find_by_id(staff_id).one(db).await?.ok_or(ServiceError::Forbidden)?;
    if !domain::Role::parse(&staff.role).is_some_and(|role| role.is_staff()) || !staff.is_active {
        return Err(ServiceError::Forbidden);
    }
    if organization::Entity::find_by_id(organization_id).one(db).await?.is_none() {
        return Err(ServiceError::Invalid(Code::OrganizationInvalid));
    }
    let name = contact.name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if name.as_deref().is_some_and(domain::validation::has_forbidden_characters) {
        return Err(ServiceError::Invalid(Code::ContactNameInvalidCharacters));
    }
    if name.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(ServiceError::Invalid(Code::ContactNameTooLong));
    }
    let email = contact.email.map(|e| domain::validation::normalize_email(&e)).filter(|e| !e.is_empty());
    if email.as_ref().is_some_and(|e| !domain::validation::is_plausible_email(e)) {
        return Err(ServiceError::Invalid(Code::ContactEmailInvalid));
    }
    let origin = Origin::OnBehalf { staff_id, organization_id, contact: Contact { name, email } };
    create_with_origin(db, origin, input, None, now).await
}

/// Who a new request comes from.
#[derive(Clone, Debug)]
enum Origin {
    /// A customer creates their own request.
    Author(Author),
    /// Support registers it for an organization, without author.
    OnBehalf { staff_id: i32, organization_id: i32, contact: Contact },
}

impl Origin {
    fn organization_id(&self) -> i32 {
        match self {
            Origin::Author(author) => author.organization_id,
            Origin::OnBehalf { organization_id, .. } => *organization_id,
        }
    }

    /// Who pressed «Создать»: owns the idempotency key and the uploaded attachments.
    fn created_by(&self) -> i32 {
        match self {
            Origin::Author(author) => author.user_id,
            Origin::OnBehalf { staff_id, .. } => *staff_id,
        }
    }

    fn author_id(&self) -> Option<i32> {
        match self {
            Origin::Author(author) => Some(author.user_id),
            Origin::OnBehalf { .. } => None,
        }
    }
}

async fn create_with_origin(
    db: &DatabaseConnection,
    origin: Origin,
    input: NewRequest,
    related_request_id: Option<i32>,
    now: DateTime<Utc>,
) -> ServiceResult<Created> {
    let created_by = origin.created_by();
    let key = input.idempotency_key.trim().to_owned();
    if !(16..=64).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ServiceError::Invalid(Code::IdempotencyKeyInvalid));
    }
    if let Some(existing) = find_by_key(db, &key).await? {
        let created = replayed(existing, created_by)?;
        // The first answer was lost: its draft must still go, as it did with the request.
        drafts::remove_for_request(db, created_by, input.draft_id, &key).await?;
        return Ok(created);
    }
    if let Some(draft_id) = input.draft_id {
        // Somebody else's draft reads as missing.
        drafts::check_own(db, created_by, draft_id).await.map_err(|error| match error {
            ServiceError::NotFound => ServiceError::Invalid(Code::DraftNotFound),
            other => other,
        })?;
    }
    let kind = input.kind.ok_or(ServiceError::Invalid(Code::KindRequired))?;
    validate_subject(&input.subject).map_err(|code| field_code("subject", code))?;
    validate_description(&input.description).map_err(|code| field_code("description", code))?;
    validate_parameters(db, origin.organization_id(), kind, &input, now.date_naive()).await?;

    let subject = input.subject.trim().to_owned();
    let key_for_insert = key.clone();
    let form_key = key.clone();
    let draft_id = input.draft_id;
    let result = db
        .transaction::<_, Created, ServiceError>(|txn| {
            Box::pin(async move {
                // The first statement writes: SQLite takes its write lock here, PostgreSQL locks
                // the counter row, so concurrent creations queue up instead of colliding.
                let number = next_number(txn).await?;
                let model = request::ActiveModel {
                    number: Set(number),
                    kind: Set(kind.as_str().to_owned()),
                    organization_id: Set(origin.organization_id()),
                    author_id: Set(origin.author_id()),
                    contact_name: Set(match &origin {
                        Origin::OnBehalf { contact, .. } => contact.name.clone(),
                        Origin::Author(_) => None,
                    }),
                    contact_email: Set(match &origin {
                        Origin::OnBehalf { contact, .. } => contact.email.clone(),
                        Origin::Author(_) => None,
                    }),
                    subject: Set(subject.clone()),
                    description: Set(input.description.trim_end().to_owned()),
                    product_id: Set(input.product_id),
                    version_id: Set(input.version_id),
                    update_id: Set(input.update_id),
                    certificate_id: Set(input.certificate_id),
                    classification_id: Set(input.classification_id),
                    status: Set(RequestStatus::New.as_str().to_owned()),
                    idempotency_key: Set(Some(key_for_insert)),
                    related_request_id: Set(related_request_id),
                    created_by_id: Set(Some(created_by)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    search_text: Set(search_text(number, &subject)),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                if let Some(author_id) = origin.author_id() {
                    request_participant::ActiveModel {
                        request_id: Set(model.id),
                        user_id: Set(author_id),
                        kind: Set("initiator".to_owned()),
                        subscribed: Set(true),
                        added_at: Set(now),
                    }
                    .insert(txn)
                    .await?;
                }
                // The draft goes with the creation, freeing its uploads for the request.
                drafts::remove_for_request(txn, created_by, draft_id, &form_key).await?;
                // An id that is not this user's unattached upload is bad input, not a missing page.
                attachments::attach_to_request(txn, &input.attachment_ids, created_by, model.id).await.map_err(|error| {
                    match error {
                        ServiceError::NotFound => ServiceError::Invalid(Code::AttachmentsInvalid),
                        other => other,
                    }
                })?;
                if let Some(closed_id) = related_request_id {
                    let event = NotificationEvent::LinkedRequestCreated { new_number: model.number };
                    notifications::enqueue(txn, closed_id, Some(created_by), event, now).await?;
                }
                Ok(Created { id: model.id, number: model.number, replayed: false })
            })
        })
        .await;
    match result {
        Ok(created) => Ok(created),
        Err(sea_orm::TransactionError::Transaction(ServiceError::Db(error)))
            if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
        {
            // A concurrent replay of the same submission won the race: answer with its request.
            let existing = find_by_key(db, &key).await?.ok_or(ServiceError::Db(error))?;
            replayed(existing, created_by)
        }
        Err(sea_orm::TransactionError::Transaction(error)) => Err(error),
        Err(sea_orm::TransactionError::Connection(error)) => Err(error.into()),
    }
}

fn field_code(field: &'static str, code: Code) -> ServiceError {
    ServiceError::Invalid(match (field, code) {
        ("subject", Code::Required) => Code::SubjectRequired,
        ("description", Code::Required) => Code::DescriptionRequired,
        (_, code) => code,
    })
}

async fn find_by_key(db: &impl ConnectionTrait, key: &str) -> ServiceResult<Option<request::Model>> {
    Ok(request::Entity::find().filter(request::Column::IdempotencyKey.eq(key)).one(db).await?)
}

fn replayed(existing: request::Model, created_by: i32) -> ServiceResult<Created> {
    if existing.created_by_id != Some(created_by) {
        return Err(ServiceError::Invalid(Code::IdempotencyKeyInvalid));
    }
    Ok(Created { id: existing.id, number: existing.number, replayed: true })
}

/// Takes the next request number; call it as the first write of the creating transaction.
pub(crate) async fn next_number(txn: &impl ConnectionTrait) -> ServiceResult<i64> {
    let updated = counter::Entity::update_many()
        .col_expr(counter::Column::Value, Expr::col(counter::Column::Value).add(1))
        .filter(counter::Column::Name.eq(REQUEST_NUMBER_COUNTER))
        .exec_with_returning(txn)
        .await?;
    updated.first().map(|row| row.value).ok_or_else(|| ServiceError::Internal("the request number counter is missing".into()))
}

/// The product parameters each kind of request needs, checked against the database.
async fn validate_parameters(
    db: &impl ConnectionTrait,
    organization_id: i32,
    kind: RequestKind,
    input: &NewRequest,
    today: NaiveDate,
) -> ServiceResult<()> {
    match kind {
        RequestKind::TechnicalSupport => {
            if input.classification_id.is_some() {
                return Err(ServiceError::Invalid(Code::ClassificationNotApplicable));
            }
            let product_id = input.product_id.ok_or(ServiceError::Invalid(Code::ProductRequired))?;
            if !catalog::is_offered_product(db, product_id).await? {
                return Err(ServiceError::Invalid(Code::ProductInvalid));
            }
            let version_id = input.version_id.ok_or(ServiceError::Invalid(Code::VersionRequired))?;
            if !catalog::version_of_product(db, version_id, product_id).await? {
                return Err(ServiceError::Invalid(Code::VersionInvalid));
            }
            let updates = catalog::updates_of_version(db, version_id).await?;
            match input.update_id {
                None if !updates.is_empty() => return Err(ServiceError::Invalid(Code::UpdateRequired)),
                Some(update_id) if !updates.contains(&update_id) => return Err(ServiceError::Invalid(Code::UpdateInvalid)),
                _ => {}
            }
            let certificate_id = input.certificate_id.ok_or(ServiceError::Invalid(Code::CertificateRequired))?;
            let covering = certificates::active_support_for_product(db, organization_id, product_id, today).await?;
            if !covering.iter().any(|cert| cert.id == certificate_id) {
                return Err(ServiceError::Invalid(Code::CertificateInvalid));
            }
        }
        RequestKind::Services => {
            if input.product_id.is_some() || input.version_id.is_some() || input.update_id.is_some() {
                return Err(ServiceError::Invalid(Code::ProductNotApplicable));
            }
            if certificates::services_availability_of(db, organization_id, today).await? != ServicesAvailability::Available {
                return Err(ServiceError::Invalid(Code::KindServicesUnavailable));
            }
            let certificate_id = input.certificate_id.ok_or(ServiceError::Invalid(Code::CertificateRequired))?;
            let active = certificates::active_of_organization(db, organization_id, CertificateKind::Services, today).await?;
            if !active.iter().any(|cert| cert.id == certificate_id) {
                return Err(ServiceError::Invalid(Code::CertificateInvalid));
            }
            let classification_id = input.classification_id.ok_or(ServiceError::Invalid(Code::ClassificationRequired))?;
            if !catalog::is_selectable_classification(db, classification_id).await? {
                return Err(ServiceError::Invalid(Code::ClassificationInvalid));
            }
        }
        RequestKind::Commercial | RequestKind::PortalServices => {
            let any_parameter = input.product_id.is_some()
                || input.version_id.is_some()
                || input.update_id.is_some()
                || input.certificate_id.is_some()
                || input.classification_id.is_some();
            if any_parameter {
                return Err(ServiceError::Invalid(Code::ProductNotApplicable));
            }
        }
    }
    Ok(())
}

/// Requests a user authored or takes part in («Мои запросы»).
fn of_user_condition(user_id: i32) -> Condition {
    Condition::any().add(request::Column::AuthorId.eq(user_id)).add(
        request::Column::Id.in_subquery(
            Query::select()
                .column(request_participant::Column::RequestId)
                .from(request_participant::Entity)
                .and_where(request_participant::Column::UserId.eq(user_id))
                .to_owned(),
        ),
    )
}

/// Whose requests a list shows. Built by the caller from the signed-in account, never from input.
#[derive(Clone, Copy, Debug)]
pub enum ListScope {
    /// «Мои запросы»: authored by or shared with the user, within their organization.
    User { user_id: i32, organization_id: i32 },
    /// «Запросы организации».
    Organization { organization_id: i32 },
    /// Every request of every organization.
    All,
    /// The staff queue («Очередь»): every organization, narrowed by the filter.
    Queue(QueueFilter),
}

/// Filters of the staff queue. `routing` starts as `QueueRouting::default_for(role)`: managers
/// see commercial requests, support engineers the others.
#[derive(Clone, Copy, Debug)]
pub struct QueueFilter {
    pub routing: domain::workflow::QueueRouting,
    pub organization_id: Option<i32>,
    pub assignment: Option<Assignment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assignment {
    /// Assigned to this staff member («Мои»).
    AssignedTo(i32),
    /// Nobody has taken it yet.
    Unassigned,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Updated,
    Created,
}

/// Position after the last row of a page: keyset pagination stays fast on deep pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: i32,
}

impl Cursor {
    /// `<microseconds since epoch>.<id>`, safe in a URL.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at.timestamp_micros(), self.id)
    }

    pub fn decode(text: &str) -> Option<Cursor> {
        let (micros, id) = text.split_once('.')?;
        Some(Cursor { at: DateTime::from_timestamp_micros(micros.parse().ok()?)?, id: id.parse().ok()? })
    }
}

#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub search: Option<String>,
    pub status: Option<RequestStatus>,
    pub kind: Option<RequestKind>,
    pub sort: SortBy,
    pub after: Option<Cursor>,
    pub limit: u64,
    /// Whose clock the rows' times are written on.
    pub reader: ReaderClock,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPage {
    pub rows: Vec<RequestRow>,
    /// Matching requests on all pages.
    pub total: u64,
    /// Where the next page starts; None on the last page.
    pub next: Option<Cursor>,
}

pub const PAGE_SIZE: u64 = 25;

pub async fn list(db: &impl ConnectionTrait, scope: ListScope, query: &ListQuery) -> ServiceResult<ListPage> {
    let mut filter = Condition::all();
    match scope {
        ListScope::User { user_id, organization_id } => {
            filter = filter.add(request::Column::OrganizationId.eq(organization_id)).add(of_user_condition(user_id));
        }
        ListScope::Organization { organization_id } => {
            filter = filter.add(request::Column::OrganizationId.eq(organization_id));
        }
        ListScope::All => {}
        ListScope::Queue(queue) => {
            let kinds: Vec<&str> =
                RequestKind::ALL.into_iter().filter(|kind| queue.routing.includes(*kind)).map(RequestKind::as_str).collect();
            filter = filter.add(request::Column::Kind.is_in(kinds));
            if let Some(organization_id) = queue.organization_id {
                filter = filter.add(request::Column::OrganizationId.eq(organization_id));
            }
            match queue.assignment {
                Some(Assignment::AssignedTo(user_id)) => filter = filter.add(request::Column::AssigneeId.eq(user_id)),
                Some(Assignment::Unassigned) => filter = filter.add(request::Column::AssigneeId.is_null()),
                None => {}
            }
        }
    }
    if let Some(status) = query.status {
        filter = filter.add(request::Column::Status.eq(status.as_str()));
    }
    if let Some(kind) = query.kind {
        filter = filter.add(request::Column::Kind.eq(kind.as_str()));
    }
    if let Some(search) = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        filter = filter.add(search_condition(search));
    }
    let total = request::Entity::find().filter(filter.clone()).count(db).await?;

    let sort_column = match query.sort {
        SortBy::Updated => request::Column::UpdatedAt,
        SortBy::Created => request::Column::CreatedAt,
    };
    let mut page_filter = filter;
    if let Some(after) = query.after {
        page_filter = page_filter.add(
            Condition::any()
                .add(sort_column.lt(after.at))
                .add(Condition::all().add(sort_column.eq(after.at)).add(request::Column::Id.lt(after.id))),
        );
    }
    let limit = query.limit.clamp(1, 100);
    let mut models = request::Entity::find()
        .filter(page_filter)
        .order_by_desc(sort_column)
        .order_by_desc(request::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let has_more = models.len() as u64 > limit;
    models.truncate(limit as usize);
    let next = has_more.then(|| models.last()).flatten().map(|last| Cursor {
        at: match query.sort {
            SortBy::Updated => last.updated_at,
            SortBy::Created => last.created_at,
        },
        id: last.id,
    });
    let rows = to_rows(db, models, query.reader).await?;
    Ok(ListPage { rows, total, next })
}

/// A number («1042», «№1042», «#1042») finds that request through the unique index; otherwise
/// all words must occur in the subject (any case, ё = е).
pub(crate) fn search_condition(search: &str) -> Condition {
    let digits = search.trim_start_matches(['№', '#']).trim();
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && let Ok(number) = digits.parse::<i64>()
    {
        return Condition::all().add(request::Column::Number.eq(number));
    }
    let mut words = Condition::all();
    for word in domain::request::normalize_for_search(search).split_whitespace() {
        let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        words = words.add(Expr::col(request::Column::SearchText).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')));
    }
    words
}

async fn to_rows(db: &impl ConnectionTrait, models: Vec<request::Model>, reader: ReaderClock) -> ServiceResult<Vec<RequestRow>> {
    let product_ids: Vec<i32> = models.iter().filter_map(|m| m.product_id).collect();
    let user_ids: Vec<i32> = models.iter().filter_map(|m| m.author_id).collect();
    let organization_ids: Vec<i32> = models.iter().map(|m| m.organization_id).collect();
    let products = product::Entity::find().filter(product::Column::Id.is_in(product_ids)).all(db).await?;
    let users = user::Entity::find().filter(user::Column::Id.is_in(user_ids)).all(db).await?;
    let organizations = organization::Entity::find().filter(organization::Column::Id.is_in(organization_ids)).all(db).await?;
    models
        .into_iter()
        .map(|model| {
            Ok(RequestRow {
                id: model.id,
                number: model.number,
                kind: model.parsed_kind()?,
                status: model.parsed_status()?,
                product_name: model.product_id.and_then(|id| products.iter().find(|p| p.id == id)).map(|p| p.name.clone()),
                organization_name: organizations
                    .iter()
                    .find(|o| o.id == model.organization_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                author_name: model.author_id.and_then(|id| users.iter().find(|u| u.id == id)).map(|u| u.display_name.clone()),
                subject: model.subject,
                created: reader.date_time(model.created_at),
                updated: reader.date_time(model.updated_at),
                created_at: model.created_at,
                updated_at: model.updated_at,
            })
        })
        .collect()
}
