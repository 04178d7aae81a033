use domain::access::Area;
use leptos::prelude::*;

use crate::api::requests::RequestScope;
use crate::components::layout::AppLayout;
use crate::pages::requests::RequestList;

/// «Очередь»: the support workspace's list of requests.
#[component]
pub fn QueuePage() -> impl IntoView {
    view! { <AppLayout area=Area::Staff><RequestList scope=RequestScope::Queue /></AppLayout> }
}
