//! The parts every page repeats: its heading, what a `Suspense` shows while the data is on the
//! way, and a failure line. Their styles: `.page__*` in style/components/layout.css,
//! style/components/page-loading.css and style/components/alert.css.

use leptos::prelude::*;

use crate::i18n::use_texts;

/// The heading of a page: the title, an optional line under it and, as children, the page's
/// actions (on the right; under the title on phones).
#[component]
pub fn PageHeader(
    title: &'static str,
    #[prop(optional)] subtitle: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="page__header">
            <div>
                <h1 class="page__title">{title}</h1>
                {subtitle.map(|subtitle| view! { <p class="page__subtitle">{subtitle}</p> })}
            </div>
            {children.map(|actions| view! { <div class="page__actions">{actions()}</div> })}
        </div>
    }
}

/// The loading area of a `Suspense`: `<Suspense fallback=Loading>`.
#[component]
pub fn Loading() -> impl IntoView {
    let texts = use_texts();
    view! { <div class="page-loading" role="status">{texts.loading}</div> }
}

/// A failure, already worded for the reader (`AppError::message`, a validation message, …).
#[component]
pub fn ErrorAlert(#[prop(into)] message: String) -> impl IntoView {
    view! { <div class="alert alert--error" role="alert">{message}</div> }
}
