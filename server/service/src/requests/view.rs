//! The request page's data: the request with its catalog names, people and files, plus what the
//! viewer may do with it. One function, so the page needs one round trip.

use domain::request_view::{Participant, ParticipantKind, RequestDetails};
use domain::{Role, workflow};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::accounts::Account;
use crate::attachments;
use crate::entity::{
    attachment, certificate, organization, product, product_update, product_version, request_participant, service_classification,
    user,
};
use crate::error::ServiceResult;
use crate::requests::access::find_viewable;

/// The request with this number as the account sees it; `NotFound` when it may not.
pub async fn request_details(db: &impl ConnectionTrait, account: &Account, number: i64) -> ServiceResult<RequestDetails> {
    let request = find_viewable(db, account, number).await?;
    let kind = request.parsed_kind()?;
    let status = request.parsed_status()?;

    let organization_name =
        organization::Entity::find_by_id(request.organization_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    let product_name = match request.product_id {
        Some(id) => product::Entity::find_by_id(id).one(db).await?.map(|p| p.name),
        None => None,
    };
    let version_name = match request.version_id {
        Some(id) => product_version::Entity::find_by_id(id).one(db).await?.map(|v| v.name),
        None => None,
    };
    let update_name = match request.update_id {
        Some(id) => product_update::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
        None => None,
    };
    let certificate_number = match request.certificate_id {
        Some(id) => certificate::Entity::find_by_id(id).one(db).await?.map(|c| c.number),
        None => None,
    };
    let classification_path = match request.classification_id {
        Some(id) => classification_path(db, id).await?,
        None => Vec::new(),
    };

    let participant_rows = request_participant::Entity::find()
        .filter(request_participant::Column::RequestId.eq(request.id))
        .order_by_asc(request_participant::Column::AddedAt)
        .all(db)
        .await?;
    let mut user_ids: Vec<i32> = participant_rows.iter().map(|p| p.user_id).collect();
    user_ids.extend(request.author_id);
    user_ids.extend(request.assignee_id);
    let people = user::Entity::find().filter(user::Column::Id.is_in(user_ids)).all(db).await?;
    let person = |user_id: i32, kind: ParticipantKind| {
        people.iter().find(|u| u.id == user_id).and_then(|u| {
            Some(Participant { user_id: u.id, display_name: u.display_name.clone(), role: Role::parse(&u.role)?, kind })
        })
    };
    let participants: Vec<Participant> =
        participant_rows.iter().filter_map(|row| person(row.user_id, ParticipantKind::parse(&row.kind)?)).collect();
    let assignee = request.assignee_id.and_then(|id| person(id, ParticipantKind::Responsible));
    let author_name = request.author_id.and_then(|id| people.iter().find(|u| u.id == id)).map(|u| u.display_name.clone());

    let attachments = attachment::Entity::find()
        .filter(attachment::Column::RequestId.eq(request.id))
        .filter(attachment::Column::MessageId.is_null())
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(attachments::info)
        .collect();

    let is_staff = account.role.is_staff();
    let allowed_statuses = if is_staff { workflow::allowed_targets(status).to_vec() } else { Vec::new() };
    let may_handle = workflow::may_handle(account.role, kind);
    Ok(RequestDetails {
        id: request.id,
        number: request.number,
        subject: request.subject,
        kind,
        status,
        organization_name,
        product_name,
        version_name,
        update_name,
        certificate_number,
        classification_path,
        created_at: request.created_at,
        updated_at: request.updated_at,
        author_name,
        contact_name: request.contact_name,
        contact_email: request.contact_email,
        description: request.description,
        attachments,
        participants,
        can_take: may_handle && request.assignee_id != Some(account.id) && status.is_open(),
        can_assign: is_staff && status.is_open(),
        can_post: workflow::accepts_messages(status),
        assignee,
        allowed_statuses,
    })
}

/// Names from the root of the classification tree down to `leaf_id`.
async fn classification_path(db: &impl ConnectionTrait, leaf_id: i32) -> ServiceResult<Vec<String>> {
    let mut path = Vec::new();
    let mut next = Some(leaf_id);
    // The tree is shallow; the bound only guards against a cycle in bad data.
    while let Some(id) = next.filter(|_| path.len() < 16) {
        let Some(node) = service_classification::Entity::find_by_id(id).one(db).await? else { break };
        path.push(node.name);
        next = node.parent_id;
    }
    path.reverse();
    Ok(path)
}
