//! «Мои запросы» and «Запросы организации».

use domain::access::Area;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::requests::{RequestScope, count_requests};
use crate::components::empty_state::EmptyState;
use crate::components::layout::AppLayout;
use crate::i18n::use_texts;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    view! { <AppLayout area=Area::Customer><RequestsOverview scope=RequestScope::Mine /></AppLayout> }
}

#[component]
pub fn OrgRequestsPage() -> impl IntoView {
    view! { <AppLayout area=Area::Customer><RequestsOverview scope=RequestScope::Organization /></AppLayout> }
}

#[component]
pub fn RequestsOverview(scope: RequestScope) -> impl IntoView {
    let texts = use_texts();
    let (title, subtitle, empty_title, empty_text) = match scope {
        RequestScope::Mine => (texts.my_requests, texts.my_requests_subtitle, texts.my_empty_title, texts.my_empty_text),
        RequestScope::Organization => {
            (texts.org_requests, texts.org_requests_subtitle, texts.org_empty_title, texts.org_empty_text)
        }
        RequestScope::Queue => (texts.queue, texts.queue_subtitle, texts.queue_empty_title, texts.queue_empty_text),
    };
    let count = Resource::new(move || scope, count_requests);
    view! {
        <Title text=title />
        <div class="page__header">
            <div>
                <h1 class="page__title">{title}</h1>
                <p class="page__subtitle">{subtitle}</p>
            </div>
        </div>
        <Suspense fallback=move || view! { <div class="page-loading" role="status">{texts.loading}</div> }>
            {move || Suspend::new(async move {
                match count.await {
                    Ok(0) => view! { <EmptyState title=empty_title text=empty_text /> }.into_any(),
                    Ok(total) => view! { <p class="card">{(texts.requests_count)(total)}</p> }.into_any(),
                    Err(error) => view! { <div class="alert alert--error" role="alert">{error.message(texts)}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
