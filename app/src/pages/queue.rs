use domain::access::Area;
use leptos::prelude::*;

use crate::api::requests::RequestScope;
use crate::components::layout::AppLayout;
use crate::pages::requests::RequestsOverview;

/// «Очередь»: the support workspace's list of requests.
#[component]
pub fn QueuePage() -> impl IntoView {
    view! { <AppLayout area=Area::Staff><RequestsOverview scope=RequestScope::Queue /></AppLayout> }
}
