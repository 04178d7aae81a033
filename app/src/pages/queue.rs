use leptos::prelude::*;

use crate::api::requests::RequestScope;
use crate::components::rating::RatingAverage;
use crate::pages::requests::RequestList;

/// «Очередь»: the support workspace's list of requests.
#[component]
pub fn QueuePage() -> impl IntoView {
    // The average customer rating above the queue.
    view! { <RatingAverage /><RequestList scope=RequestScope::Queue /> }
}
