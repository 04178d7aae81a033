use leptos::prelude::*;

/// What a list shows when it has nothing yet: a title, a sentence and an optional action.
#[component]
pub fn EmptyState(
    title: &'static str,
    text: &'static str,
    #[prop(default = None)] action: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <section class="empty-state" aria-labelledby="empty-state-title">
            <div class="empty-state__icon" aria-hidden="true">
                <svg viewBox="0 0 48 48" width="48" height="48" fill="none" stroke="currentColor" stroke-width="2">
                    <rect x="8" y="10" width="32" height="28" rx="4" />
                    <path d="M8 26h10l2 4h8l2-4h10" />
                </svg>
            </div>
            <h2 class="empty-state__title" id="empty-state-title">{title}</h2>
            <p class="empty-state__text">{text}</p>
            {action.map(|(label, href)| view! {
                <div class="empty-state__actions">
                    <a class="btn btn--primary" href=href>{label}</a>
                </div>
            })}
        </section>
    }
}
