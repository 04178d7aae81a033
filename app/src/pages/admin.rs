//! «Администрирование» (`/admin/…`, portal administrators only; the server answers 403 to
//! everyone else, `domain::access::Area::Admin`): the section's own navigation and its pages.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::use_texts;

pub mod audit;
pub mod catalog;
pub mod certificates;
pub mod organizations;
pub mod people;

/// The sections of «Администрирование», above each of its pages.
#[component]
pub fn AdminSections() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let path = use_location().pathname;
    let sections = [
        ("/admin/organizations", admin.organizations),
        ("/admin/people", admin.people_section),
        ("/admin/certificates", admin.certificates_section),
        ("/admin/catalog", admin.catalog),
        ("/admin/audit", texts.audit().section),
    ];
    view! {
        <nav class="admin-sections" aria-label=admin.sections>
            {sections.into_iter().map(|(href, label)| view! {
                <a class="admin-sections__link" href=href
                    aria-current=move || path.get().starts_with(href).then_some("page")>{label}</a>
            }).collect_view()}
        </nav>
    }
}
