//! The request page's actions: «Отписаться»/«Подписаться», «Поделиться»,
//! «Закрыть запрос», the reopen deadline after «Решено» and «Оцените работу поддержки».
//! Every function re-checks on the server that the signed-in user may see the request and may
//! do the action (see `portal_service::{lifecycle, participants, ratings}`).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use domain::RequestStatus;
pub use domain::request_view::Colleague;

/// A moment in the viewer's time zone, split so each language words it its own way
/// («до 14:05 12 марта» / «until 14:05 on 12 March»).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalMoment {
    /// «14:05»
    pub time: String,
    pub day: u32,
    /// 1–12
    pub month: u32,
}

/// One rating as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingLine {
    pub author_name: String,
    pub stars: i16,
    pub comment: Option<String>,
}

/// What the viewer may do on this request, and the state the buttons show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestActions {
    pub number: i64,
    pub status: RequestStatus,
    /// Participant with notifications on.
    pub subscribed: bool,
    /// Customers of the request's organization and participants may (un)subscribe.
    pub can_subscribe: bool,
    /// Initiator, participants, org admin — while the request is open.
    pub can_close: bool,
    pub can_share: bool,
    /// Set on a resolved request: the last moment a comment reopens it.
    pub reopen_until: Option<LocalMoment>,
    /// The rating form is shown (customer side, resolved or closed).
    pub can_rate: bool,
    /// The viewer's rating can no longer change (closed and rated).
    pub rating_final: bool,
    pub my_rating: Option<RatingLine>,
    /// For support staff: every rating of the request.
    pub ratings: Vec<RatingLine>,
    /// The closed request this one continues («Связан с № N»).
    pub continues: Option<i64>,
    /// Linked requests created from this one.
    pub continued_by: Vec<i64>,
    /// «Создать связанный запрос» is offered (a customer of the organization, request closed).
    pub can_link: bool,
}

/// The linked-request form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedInput {
    pub number: i64,
    pub info: String,
    pub idempotency_key: String,
    /// Files uploaded in the form (the uploader's unattached uploads; checked by the service).
    #[serde(default)]
    pub attachment_ids: Vec<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareInput {
    pub number: i64,
    pub user_ids: Vec<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingInput {
    pub number: i64,
    pub stars: i16,
    pub comment: String,
}

#[cfg(feature = "ssr")]
mod load {
    use super::*;
    use chrono::{Datelike, Timelike};
    use domain::lifecycle::{self, ReopenWindow, rating};
    use portal_service::accounts::Account;
    use portal_service::{lifecycle as lifecycle_service, lifecycle::ratings, requests::access, requests::participants};

    fn moment(at: chrono::DateTime<chrono::Utc>, account: &Account) -> LocalMoment {
        let local = portal_service::local_time::ReaderClock::of(&account.time_zone).at(at);
        LocalMoment { time: format!("{:02}:{:02}", local.hour(), local.minute()), day: local.day(), month: local.month() }
    }

    fn line(view: ratings::RatingView) -> RatingLine {
        RatingLine { author_name: view.author_name, stars: view.stars, comment: view.comment }
    }

    pub async fn actions(
        db: &portal_service::DatabaseConnection,
        window: ReopenWindow,
        account: &Account,
        number: i64,
    ) -> Result<RequestActions, AppError> {
        let request = access::find_viewable(db, account, number).await?;
        let now = chrono::Utc::now();
        let status = lifecycle::effective_status(request.parsed_status()?, request.resolved_at, now, window);
        let may_close = access::may_close(db, account, &request).await?;
        let subscribed = participants::is_subscribed(db, account, request.id).await?;
        let participant = lifecycle_service::participant_kind(db, account, request.id).await?.is_some();
        let customer_here = account.role.is_customer_side() && account.organization_id == Some(request.organization_id);
        let my_rating = if customer_here { ratings::my_rating(db, account, request.id).await?.map(line) } else { None };
        let staff_ratings = if account.role.is_staff() {
            ratings::request_ratings(db, account, number).await?.into_iter().map(line).collect()
        } else {
            Vec::new()
        };
        let links = portal_service::requests::linked::links_of(db, &request).await?;
        Ok(RequestActions {
            number,
            status,
            subscribed,
            can_subscribe: customer_here || participant,
            can_close: may_close && lifecycle::may_close(status),
            can_share: may_close && status != RequestStatus::Closed,
            reopen_until: match (status, request.resolved_at) {
                (RequestStatus::Resolved, Some(resolved_at)) => Some(moment(window.deadline(resolved_at), account)),
                _ => None,
            },
            can_rate: customer_here && rating::may_rate(status),
            rating_final: !rating::may_save(status, my_rating.is_some()),
            my_rating,
            ratings: staff_ratings,
            continues: links.continues,
            continued_by: links.continued_by,
            can_link: customer_here && status == RequestStatus::Closed,
        })
    }
}

#[server(prefix = "/api", endpoint = "request-actions/load")]
pub async fn load_request_actions(number: i64) -> Result<RequestActions, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let state = server::state()?;
        load::actions(&state.db, state.reopen_window, &account, number).await
    }
    .await;
    server::respond(result)
}

/// «Отписаться» (false) / «Подписаться» (true); answers the new state.
#[server(prefix = "/api", endpoint = "request-actions/subscription")]
pub async fn set_subscription(number: i64, subscribed: bool) -> Result<bool, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let db = &server::state()?.db;
        Ok(portal_service::requests::participants::set_subscribed(db, &account, number, subscribed, chrono::Utc::now()).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-actions/close")]
pub async fn close_request(number: i64) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let state = server::state()?;
        Ok(portal_service::lifecycle::close(&state.db, &state.live, &account, number, chrono::Utc::now()).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-actions/colleagues")]
pub async fn search_colleagues(number: i64, query: String) -> Result<Vec<Colleague>, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let db = &server::state()?.db;
        let query: String = query.chars().take(100).collect();
        let found = portal_service::requests::participants::colleagues_to_share(db, &account, number, &query).await?;
        Ok(found)
    }
    .await;
    server::respond(result)
}

/// «Поделиться»: answers how many colleagues were added.
#[server(prefix = "/api", endpoint = "request-actions/share", input = Json)]
pub async fn share_request(input: ShareInput) -> Result<usize, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let db = &server::state()?.db;
        Ok(portal_service::requests::participants::share(db, &account, input.number, &input.user_ids, chrono::Utc::now()).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-actions/rate", input = Json)]
pub async fn rate_request(input: RatingInput) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let state = server::state()?;
        let db = &state.db;
        let comment = Some(input.comment.as_str());
        portal_service::lifecycle::ratings::rate(
            db,
            &account,
            input.number,
            input.stars,
            comment,
            chrono::Utc::now(),
            state.reopen_window,
        )
        .await?;
        Ok(())
    }
    .await;
    server::respond(result)
}

/// The average rating for the staff queue header; `None` while nobody has rated.
#[server(prefix = "/api", endpoint = "request-actions/rating-average")]
pub async fn rating_average() -> Result<Option<(f64, u64)>, AppError> {
    use crate::server;
    let result = async {
        let account = server::require_staff().await?;
        let summary = portal_service::lifecycle::ratings::average(&server::state()?.db, &account).await?;
        Ok(summary.map(|s| (s.average, s.count)))
    }
    .await;
    server::respond(result)
}

/// «Создать связанный запрос»: answers the new request's number.
#[server(prefix = "/api", endpoint = "request-actions/linked", input = Json)]
pub async fn create_linked_request(input: LinkedInput) -> Result<i64, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let db = &server::state()?.db;
        let created = portal_service::requests::linked::create_linked(
            db,
            &account,
            input.number,
            &input.info,
            &input.idempotency_key,
            &input.attachment_ids,
            chrono::Utc::now(),
        )
        .await?;
        Ok(created.number)
    }
    .await;
    server::respond(result)
}

/// Loads the actions after hydration (never during server rendering): the panel sits among the
/// page's other reactive blocks, and a nested Suspense/Transition there breaks their hydration.
/// `version` is bumped to reload.
pub fn load_after_hydration(number: i64, version: RwSignal<u32>) -> RwSignal<Option<RequestActions>> {
    let actions = RwSignal::new(None::<RequestActions>);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            if let Ok(loaded) = load_request_actions(number).await {
                actions.try_set(Some(loaded));
            }
        });
    });
    actions
}
