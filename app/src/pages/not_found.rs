use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

/// Any unknown address. Answers 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let texts = use_texts();
    view! {
        <Title text=texts.not_found_title />
        <main id="main" class="page">
            <section class="not-found">
                <p class="not-found__code" aria-hidden="true">"404"</p>
                <h1 class="not-found__title">{texts.not_found_title}</h1>
                <p class="not-found__text">{texts.not_found_text}</p>
                <a class="btn btn--primary" href="/">{texts.go_home}</a>
            </section>
        </main>
    }
}

/// Shown inside the frame when the user's role may not open the page (the server answers 403).
#[component]
pub fn ForbiddenPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <Title text=texts.forbidden_title />
        <section class="not-found">
            <p class="not-found__code" aria-hidden="true">"403"</p>
            <h1 class="not-found__title">{texts.forbidden_title}</h1>
            <p class="not-found__text">{texts.forbidden_text}</p>
            <a class="btn btn--primary" href="/">{texts.go_home}</a>
        </section>
    }
}
