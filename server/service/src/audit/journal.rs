//! «Журнал изменений»: the audit trail as the portal administrator reads it — newest first, 50 a
//! page, narrowed by section, by who made the change, by organization and by days on the reader's
//! clock. The details are turned into fields the page can word: ids become names (people,
//! products, requests), codes become their types (roles, statuses, certificate kinds), stored
//! times are shown on the reader's clock.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use domain::Role;
use domain::audit::{AuditChange, AuditFilter, AuditKind, AuditPage, AuditRow, AuditSubject, AuditTopic, AuditValue};
use domain::certificate::CertificateKind;
use domain::request::RequestStatus;
use domain::validation::Code;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;

use crate::administrator::Administrator;
use crate::entity::{audit_event, certificate, product, product_update, product_version, request, service_classification, user};
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;

/// Lines per page.
pub const PER_PAGE: u32 = 50;

/// Detail keys holding a person's id.
const PERSON_FIELDS: [&str; 3] = ["assignee_id", "user_id", "author_id"];
/// The detail key holding the ids of requests a deactivation left without an author.
const REQUEST_LIST_FIELD: &str = "requests_without_author";

/// A page of the journal. The administrator proof is the whole rule: everything is readable to them.
pub async fn page(
    conn: &impl ConnectionTrait,
    _admin: &Administrator,
    filter: &AuditFilter,
    page: u32,
    clock: &ReaderClock,
) -> ServiceResult<AuditPage> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        return Err(ServiceError::Invalid(Code::PeriodReversed));
    }
    let mut condition = Condition::all();
    if let Some(area) = filter.area {
        condition = condition.add(audit_event::Column::Kind.like(format!("{}%", area.code_prefix())));
    }
    if let Some(who) = filter.who.as_deref().map(str::trim).filter(|who| !who.is_empty()) {
        let mut people = Query::select();
        people.column(user::Column::Id).from(user::Entity).cond_where(crate::people::name_or_email_matches(who)?);
        condition = condition.add(audit_event::Column::ActorId.in_subquery(people));
    }
    if let Some(organization_id) = filter.organization_id {
        condition = condition.add(audit_event::Column::OrganizationId.eq(organization_id));
    }
    if let Some(from) = filter.from {
        condition = condition.add(audit_event::Column::CreatedAt.gte(clock.start_of_day(from)));
    }
    if let Some(to) = filter.to.and_then(|to| to.succ_opt()) {
        condition = condition.add(audit_event::Column::CreatedAt.lt(clock.start_of_day(to)));
    }
    let page = page.max(1);
    let found = audit_event::Entity::find().filter(condition);
    let total = found.clone().count(conn).await?;
    let events = found
        .order_by_desc(audit_event::Column::Id)
        .offset(u64::from(page - 1) * u64::from(PER_PAGE))
        .limit(u64::from(PER_PAGE))
        .all(conn)
        .await?;
    // Each event's details are parsed once: the names they refer to and the line both read them.
    let events: Vec<(audit_event::Model, Value)> = events
        .into_iter()
        .map(|event| {
            let details = serde_json::from_str(&event.details).unwrap_or(Value::Null);
            (event, details)
        })
        .collect();
    // Every organization: the filter's choices, and the names of the lines' organizations.
    let organizations: Vec<(i32, String)> =
        crate::organizations::list(conn).await?.into_iter().map(|organization| (organization.id, organization.name)).collect();
    let names = Names::of(conn, &events, &organizations).await?;
    let rows = events.into_iter().map(|(event, details)| names.row(event, &details, clock)).collect();
    Ok(AuditPage { rows, total, page, per_page: PER_PAGE, organizations })
}

/// The names a page of events refers to, read in one query per table.
#[derive(Default)]
struct Names {
    people: HashMap<i32, String>,
    organizations: HashMap<i32, String>,
    requests: HashMap<i32, i64>,
    products: HashMap<i32, String>,
    certificates: HashMap<i32, String>,
    catalog: HashMap<(AuditTopic, i32), String>,
}

impl Names {
    async fn of(
        conn: &impl ConnectionTrait,
        events: &[(audit_event::Model, Value)],
        organizations: &[(i32, String)],
    ) -> ServiceResult<Names> {
        let mut people = HashSet::new();
        let mut products = HashSet::new();
        let mut request_ids: HashSet<i32> = events.iter().filter_map(|(event, _)| event.request_id).collect();
        let mut subjects: HashMap<AuditTopic, HashSet<i32>> = HashMap::new();
        for (event, details) in events {
            people.extend(event.actor_id);
            for (field, value) in fields(details) {
                if PERSON_FIELDS.contains(&field.as_str()) || is_author_change(event, &field) {
                    people.extend(value.as_i64().and_then(|id| i32::try_from(id).ok()));
                }
                if field == "products" {
                    products.extend(ids_in(value));
                }
                if field == REQUEST_LIST_FIELD {
                    request_ids.extend(ids_in(value));
                }
            }
            if let Some((topic, id)) = event.subject.as_deref().and_then(subject_of) {
                subjects.entry(topic).or_default().insert(id);
            }
        }
        let mut names = Names::default();
        let people_ids: Vec<i32> = people.into_iter().chain(ids(&subjects, AuditTopic::User)).collect();
        for person in user::Entity::find().filter(user::Column::Id.is_in(people_ids)).all(conn).await? {
            names.people.insert(person.id, person.display_name);
        }
        names.organizations = organizations.iter().cloned().collect();
        for request in request::Entity::find().filter(request::Column::Id.is_in(request_ids)).all(conn).await? {
            names.requests.insert(request.id, request.number);
        }
        let product_ids: Vec<i32> = products.into_iter().chain(ids(&subjects, AuditTopic::Product)).collect();
        for found in product::Entity::find().filter(product::Column::Id.is_in(product_ids)).all(conn).await? {
            names.catalog.insert((AuditTopic::Product, found.id), found.name.clone());
            names.products.insert(found.id, found.name);
        }
        let certificate_ids: Vec<i32> = ids(&subjects, AuditTopic::Certificate).collect();
        for found in certificate::Entity::find().filter(certificate::Column::Id.is_in(certificate_ids)).all(conn).await? {
            names.certificates.insert(found.id, found.number);
        }
        let version_ids: Vec<i32> = ids(&subjects, AuditTopic::Version).collect();
        for found in product_version::Entity::find().filter(product_version::Column::Id.is_in(version_ids)).all(conn).await? {
            names.catalog.insert((AuditTopic::Version, found.id), found.name);
        }
        let update_ids: Vec<i32> = ids(&subjects, AuditTopic::Update).collect();
        for found in product_update::Entity::find().filter(product_update::Column::Id.is_in(update_ids)).all(conn).await? {
            names.catalog.insert((AuditTopic::Update, found.id), found.name);
        }
        let classification_ids: Vec<i32> = ids(&subjects, AuditTopic::Classification).collect();
        for found in service_classification::Entity::find()
            .filter(service_classification::Column::Id.is_in(classification_ids))
            .all(conn)
            .await?
        {
            names.catalog.insert((AuditTopic::Classification, found.id), found.name);
        }
        Ok(names)
    }

    fn row(&self, event: audit_event::Model, details: &Value, clock: &ReaderClock) -> AuditRow {
        let kind = AuditKind::parse(&event.kind);
        let changes = self.changes(&event, details, clock);
        let subject = self.subject(&event, details);
        AuditRow {
            id: event.id,
            at: clock.date_time(event.created_at),
            actor: event.actor_id.map(|id| self.people.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))),
            kind,
            code: event.kind,
            organization: event.organization_id.map(|id| (id, self.organizations.get(&id).cloned().unwrap_or_default())),
            subject,
            changes,
        }
    }

    /// What the line is about, with where to open it: a request by its number, a person, a
    /// certificate (on its organization's card), a catalog item; the organization has its own column.
    fn subject(&self, event: &audit_event::Model, details: &Value) -> Option<AuditSubject> {
        if let Some(request_id) = event.request_id {
            let number = self.requests.get(&request_id)?;
            return Some(AuditSubject { label: format!("№ {number}"), href: Some(format!("/requests/{number}")) });
        }
        let (topic, id) = event.subject.as_deref().and_then(subject_of)?;
        // A deleted item keeps its name in the details only.
        let recorded_name = || {
            details.pointer("/before/name").or_else(|| details.pointer("/after/name")).and_then(Value::as_str).map(str::to_owned)
        };
        match topic {
            AuditTopic::Organization => None,
            AuditTopic::User => {
                let label = self.people.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
                Some(AuditSubject { label, href: None })
            }
            AuditTopic::Certificate => {
                let label = self.certificates.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
                let href = event.organization_id.map(|organization| format!("/admin/organizations/{organization}"));
                Some(AuditSubject { label, href })
            }
            AuditTopic::Request => None,
            catalog => {
                let current = self.catalog.get(&(catalog, id)).cloned();
                let label = current.clone().or_else(recorded_name).unwrap_or_else(|| format!("#{id}"));
                Some(AuditSubject { label, href: current.map(|_| "/admin/catalog".to_owned()) })
            }
        }
    }

    /// The fields of the details: `{"before", "after"}` as pairs, any other object as stated values.
    fn changes(&self, event: &audit_event::Model, details: &Value, clock: &ReaderClock) -> Vec<AuditChange> {
        let value = |field: &str, value: &Value| self.value(event, field, value, clock);
        match (details.get("before"), details.get("after")) {
            (Some(before), Some(after)) if before.is_object() || after.is_object() => {
                let mut keys: Vec<&String> = Vec::new();
                for object in [after, before].into_iter().filter_map(Value::as_object) {
                    keys.extend(object.keys().filter(|key| !keys.contains(key)).collect::<Vec<_>>());
                }
                keys.into_iter()
                    .filter(|field| !HIDDEN_FIELDS.contains(&field.as_str()))
                    .map(|field| AuditChange {
                        field: field.clone(),
                        before: value(field, before.get(field).unwrap_or(&Value::Null)),
                        after: value(field, after.get(field).unwrap_or(&Value::Null)),
                    })
                    .collect()
            }
            _ => fields(details)
                .into_iter()
                .filter(|(field, _)| !HIDDEN_FIELDS.contains(&field.as_str()))
                .map(|(field, stated)| {
                    let after = value(&field, stated);
                    AuditChange { field, before: AuditValue::Empty, after }
                })
                .collect(),
        }
    }

    fn value(&self, event: &audit_event::Model, field: &str, value: &Value, clock: &ReaderClock) -> AuditValue {
        let request_status = event.kind == "request.status_changed" || event.kind == "request.closed";
        match value {
            Value::Null => AuditValue::Empty,
            Value::Bool(flag) => AuditValue::Flag(*flag),
            Value::Number(number) if PERSON_FIELDS.contains(&field) || is_author_change(event, field) => {
                let id = number.as_i64().and_then(|id| i32::try_from(id).ok()).unwrap_or_default();
                AuditValue::Text(self.people.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
            }
            Value::String(code) if field == "role" => {
                Role::parse(code).map_or_else(|| AuditValue::Text(code.clone()), AuditValue::Role)
            }
            Value::String(code) if field == "kind" && event.kind.starts_with("certificate.") => {
                CertificateKind::parse(code).map_or_else(|| AuditValue::Text(code.clone()), AuditValue::CertificateKind)
            }
            Value::String(code) if request_status && (field == "from" || field == "to") => {
                RequestStatus::parse(code).map_or_else(|| AuditValue::Text(code.clone()), AuditValue::Status)
            }
            Value::String(text) => match DateTime::parse_from_rfc3339(text) {
                Ok(at) => AuditValue::Text(clock.date_time(at.with_timezone(&Utc))),
                Err(_) => AuditValue::Text(text.clone()),
            },
            Value::Array(_) if field == "products" => AuditValue::List(
                ids_in(value).map(|id| self.products.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))).collect(),
            ),
            Value::Array(_) if field == REQUEST_LIST_FIELD => AuditValue::List(
                ids_in(value)
                    .map(|id| self.requests.get(&id).map_or_else(|| format!("#{id}"), |number| format!("№ {number}")))
                    .collect(),
            ),
            Value::Array(items) => AuditValue::List(items.iter().map(plain).collect()),
            other => AuditValue::Text(plain(other)),
        }
    }
}

/// Keys that only repeat what the line shows already (its organization, its subject), or mean
/// nothing to a reader (a session's handle).
const HIDDEN_FIELDS: [&str; 4] = ["organization_id", "to_name", "user_id", "session"];

/// `from` / `to` of an author change are people.
fn is_author_change(event: &audit_event::Model, field: &str) -> bool {
    (event.kind == "request.author_assigned" || event.kind == "request.author_removed") && (field == "from" || field == "to")
}

fn fields(details: &Value) -> Vec<(String, &Value)> {
    details.as_object().map(|object| object.iter().map(|(key, value)| (key.clone(), value)).collect()).unwrap_or_default()
}

fn ids_in(value: &Value) -> impl Iterator<Item = i32> + '_ {
    value.as_array().into_iter().flatten().filter_map(Value::as_i64).filter_map(|id| i32::try_from(id).ok())
}

fn ids(subjects: &HashMap<AuditTopic, HashSet<i32>>, topic: AuditTopic) -> impl Iterator<Item = i32> + '_ {
    subjects.get(&topic).into_iter().flatten().copied()
}

/// `user:12` → (User, 12).
fn subject_of(subject: &str) -> Option<(AuditTopic, i32)> {
    let (topic, id) = subject.split_once(':')?;
    Some((AuditTopic::parse(topic)?, id.parse().ok()?))
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
