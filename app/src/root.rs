//! The HTML document and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::auth::provide_auth;
use crate::i18n::{Texts, detect_locale};
use crate::pages::{
    drafts::DraftsPage, home::HomePage, login::LoginPage, new_request::NewRequestPage, not_found::NotFoundPage,
    queue::QueuePage,
    org_admin::{AuthorlessRequestsPage, OrgMembersPage},
    requests::{MyRequestsPage, OrgRequestsPage},
};

/// The document around the app, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = detect_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = detect_locale();
    provide_context(locale);
    provide_auth();
    let texts = Texts::for_locale(locale);

    // Playwright waits for this marker: clicks before hydration would be lost.
    Effect::new(move |_| {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/portal.css" />
        <Title formatter=move |page: String| {
            if page.is_empty() { texts.app_name.to_owned() } else { format!("{page} — {}", texts.app_name) }
        } />
        <a class="skip-link" href="#main">{texts.skip_link}</a>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/requests/my") view=MyRequestsPage />
                <Route path=path!("/requests/org") view=OrgRequestsPage />
                <Route path=path!("/requests/new") view=NewRequestPage />
                <Route path=path!("/drafts") view=DraftsPage />
                <Route path=path!("/queue") view=QueuePage />
                <Route path=path!("/requests/authorless") view=AuthorlessRequestsPage />
                <Route path=path!("/org/members") view=OrgMembersPage />
            </Routes>
        </Router>
    }
}
