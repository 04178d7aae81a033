use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::use_auth;
use crate::components::page::Loading;

/// `/` sends each role to its start page (the server does the same with a 303).
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let home = auth.me.await.ok().flatten().map_or("/login", |me| me.role.home_path());
                view! { <Redirect path=home /> }
            })}
        </Suspense>
    }
}
