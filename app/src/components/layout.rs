//! The frame of every signed-in page: header, navigation by role, and the page guard.

use domain::access::{Access, access, area_of_path, sign_in_path};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::use_location;

use crate::api::session::Me;
use crate::auth::use_auth;
use crate::components::language_switch::LanguageSwitch;
use crate::components::page::Loading;
use crate::i18n::use_texts;
use crate::pages::not_found::ForbiddenPage;

/// The frame of every signed-in page: the parent route whose `Outlet` renders the page. Who
/// may enter the current page is `domain::access::area_of_path`, the rule the server answers 403
/// or a redirect by, so no page names its own area; a page the user may not enter shows «Нет
/// доступа» in the frame, and a visitor who is not signed in goes to the sign-in page.
#[component]
pub fn AppLayout() -> impl IntoView {
    let auth = use_auth();
    let path = use_location().pathname;
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match auth.me.await.ok().flatten() {
                    Some(me) => {
                        let role = me.role;
                        let allowed = move || access(Some(role), area_of_path(&path.get())) == Access::Allowed;
                        view! {
                            <Frame me>
                                <Show when=allowed fallback=ForbiddenPage>
                                    <Outlet />
                                </Show>
                            </Frame>
                        }.into_any()
                    }
                    None => view! { <SignInRedirect /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInRedirect() -> impl IntoView {
    let location = use_location();
    let target = sign_in_path(&location.pathname.get_untracked());
    view! { <Redirect path=target /> }
}

#[component]
fn Frame(me: Me, children: Children) -> impl IntoView {
    let texts = use_texts();
    let auth = use_auth();
    let logout = auth.logout;
    let organization = me.organization_name.clone().unwrap_or_else(|| texts.support_team.to_owned());
    let home = me.role.home_path();
    let current = use_location().pathname;
    let nav_link = move |href: &'static str, label: &'static str| {
        view! {
            <li>
                <a class="tabs__link" href=href aria-current=move || (current.get() == href).then_some("page")>
                    {label}
                </a>
            </li>
        }
    };
    let navigation = if me.role.is_customer_side() {
        view! {
            <ul class="tabs">
                {nav_link("/requests/my", texts.my_requests)}
                {nav_link("/requests/org", texts.org_requests)}
                {nav_link("/drafts", texts.drafts)}
                {(me.role == domain::Role::OrgAdmin).then(|| view! {
                    {nav_link("/requests/authorless", texts.authorless_requests)}
                    {nav_link("/org/members", texts.org_members)}
                })}
            </ul>
            <a class="btn btn--primary" href="/requests/new">{texts.create_request}</a>
        }
        .into_any()
    } else {
        view! {
            <ul class="tabs">
                {nav_link("/queue", texts.queue)}
                {nav_link("/kb", texts.kb_nav)}
                {(me.role == domain::Role::Administrator).then(|| view! {
                    <li>
                        <a class="tabs__link" href="/admin/organizations"
                            aria-current=move || current.get().starts_with("/admin").then_some("page")>
                            {texts.admin().nav}
                        </a>
                    </li>
                })}
            </ul>
        }
        .into_any()
    };
    view! {
        <header class="app-header">
            <div class="app-header__inner">
                <a class="brand" href=home>
                    <span class="brand__mark" aria-hidden="true"></span>
                    <span class="brand__name">{texts.app_name}</span>
                </a>
                <span class="app-header__org">{organization}</span>
                <div class="app-header__spacer"></div>
                <LanguageSwitch />
                <a class="app-header__user" href=crate::api::profile::PROFILE_PATH title=texts.profile().open
                    aria-current=move || (current.get() == crate::api::profile::PROFILE_PATH).then_some("page")>
                    {me.display_name.clone()}
                </a>
                <ActionForm action=logout attr:class="app-header__signout">
                    <button class="btn btn--ghost btn--small" type="submit">{texts.sign_out}</button>
                </ActionForm>
            </div>
        </header>
        <nav class="app-nav" aria-label=texts.main_nav>
            <div class="app-nav__inner">{navigation}</div>
        </nav>
        <main id="main" class="page" tabindex="-1">{children()}</main>
        <footer class="app-footer">{texts.footer}</footer>
    }
}
