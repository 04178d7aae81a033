//! The HTML document and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::auth::provide_auth;
use crate::components::layout::AppLayout;
use crate::i18n::{Texts, detect_locale};
use crate::pages::{
    admin::audit::AuditJournalPage,
    admin::catalog::CatalogAdminPage,
    admin::certificates::{CertificatesPage, NewCertificatePage},
    admin::organizations::{NewOrganizationPage, OrganizationCardPage, OrganizationsPage},
    admin::people::{InvitePersonPage, PeoplePage},
    drafts::DraftsPage,
    home::HomePage,
    kb::{KbArticlePage, KbEditorPage, KbListPage},
    login::LoginPage,
    new_request::NewRequestPage,
    not_found::NotFoundPage,
    on_behalf::OnBehalfPage,
    org_admin::{AuthorlessRequestsPage, OrgMembersPage},
    password::{ForgotPasswordPage, SetPasswordPage},
    profile::ProfilePage,
    queue::QueuePage,
    request::RequestPage,
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
            // Every page is rendered completely before it is sent (`SsrMode::Async`): its content is
            // in the HTML itself, so it reads and works before the wasm arrives and without
            // JavaScript. (Out-of-order streaming would send «Загрузка…» first and swap the content
            // in with a script.)
            <Routes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/password/set") view=SetPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
                // Every other page renders inside the signed-in frame, which checks the access.
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/requests/my") view=MyRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/org") view=OrgRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/new") view=NewRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/authorless") view=AuthorlessRequestsPage ssr=SsrMode::Async />
                    // After the fixed /requests/… pages: the router takes the first route that matches.
                    <Route path=path!("/requests/:number") view=RequestPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts") view=DraftsPage ssr=SsrMode::Async />
                    <Route path=path!("/queue") view=QueuePage ssr=SsrMode::Async />
                    <Route path=path!("/queue/new") view=OnBehalfPage ssr=SsrMode::Async />
                    <Route path=path!("/kb") view=KbListPage ssr=SsrMode::Async />
                    <Route path=path!("/kb/new") view=KbEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/kb/:id/edit") view=KbEditorPage ssr=SsrMode::Async />
                    <Route path=path!("/kb/articles/:id") view=KbArticlePage ssr=SsrMode::Async />
                    <Route path=path!("/org/members") view=OrgMembersPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=|| view! { <Redirect path="/admin/organizations" /> } />
                    <Route path=path!("/admin/organizations") view=OrganizationsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organizations/new") view=NewOrganizationPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/organizations/:id") view=OrganizationCardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/new") view=InvitePersonPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/certificates") view=CertificatesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/certificates/new") view=NewCertificatePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/catalog") view=CatalogAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditJournalPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
        <crate::components::draft_sync::PendingDraftsSync />
    }
}
