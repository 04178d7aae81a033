//! «Черновики»: request forms the user started but has not sent.

use domain::access::Area;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::requests::count_drafts;
use crate::components::empty_state::EmptyState;
use crate::components::layout::AppLayout;
use crate::i18n::use_texts;

#[component]
pub fn DraftsPage() -> impl IntoView {
    view! { <AppLayout area=Area::Customer><DraftsOverview /></AppLayout> }
}

#[component]
fn DraftsOverview() -> impl IntoView {
    let texts = use_texts();
    let count = Resource::new(|| (), |_| count_drafts());
    view! {
        <Title text=texts.drafts />
        <div class="page__header">
            <div>
                <h1 class="page__title">{texts.drafts}</h1>
                <p class="page__subtitle">{texts.drafts_subtitle}</p>
            </div>
        </div>
        <Suspense fallback=move || view! { <div class="page-loading" role="status">{texts.loading}</div> }>
            {move || Suspend::new(async move {
                match count.await {
                    Ok(0) => view! { <EmptyState title=texts.drafts_empty_title text=texts.drafts_empty_text /> }.into_any(),
                    Ok(total) => view! { <p class="list-summary" role="status">{(texts.drafts_count)(total)}</p> }.into_any(),
                    Err(error) => view! { <div class="alert alert--error" role="alert">{error.message(texts)}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
