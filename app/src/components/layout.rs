//! The frame of every signed-in page: header, navigation by role, and the page guard.

use domain::access::{Access, Area, access, sign_in_path};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::api::session::Me;
use crate::auth::use_auth;
use crate::components::language_switch::LanguageSwitch;
use crate::components::page::Loading;
use crate::i18n::use_texts;
use crate::pages::not_found::ForbiddenPage;

/// Renders `children` inside the portal frame when the signed-in user may enter `area`;
/// otherwise «Нет доступа» (the server already answered 403) or a redirect to sign-in.
#[component]
pub fn AppLayout(area: Area, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let me = auth.me.await.ok().flatten();
                let role = me.as_ref().map(|me| me.role);
                match (access(role, area), me) {
                    (Access::Allowed, Some(me)) => view! {
                        <Frame me>{children.read_value()()}</Frame>
                    }.into_any(),
                    (Access::Forbidden, Some(me)) => view! { <Frame me><ForbiddenPage /></Frame> }.into_any(),
                    _ => view! { <SignInRedirect /> }.into_any(),
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
        view! { <ul class="tabs">{nav_link("/queue", texts.queue)}{nav_link("/kb", texts.kb_nav)}</ul> }.into_any()
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
                <span class="app-header__user">{me.display_name.clone()}</span>
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
