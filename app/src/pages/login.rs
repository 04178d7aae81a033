//! «Вход»: the only page open to anonymous visitors.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::session::demo_accounts;
use crate::auth::use_auth;
use crate::components::form::{Field, answered_failure, field_message, form_message, open_answered_page};
use crate::components::language_switch::LanguageSwitch;
use crate::components::list::{Column, ListTable};
use crate::components::page::ErrorAlert;
use crate::i18n::use_texts;

#[component]
pub fn LoginPage() -> impl IntoView {
    let texts = use_texts();
    let login = use_auth().login;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    // Without JavaScript the form posts itself and the server sends the page back with the
    // error and the typed e-mail in the query; once the hydrated page signs in, its answer wins.
    let typed_email = query.read_untracked().get("email").unwrap_or_default();
    let failure = answered_failure(login.value());
    let (email_error, password_error) = (field_message(failure, texts, "email"), field_message(failure, texts, "password"));
    let form_error = form_message(failure, texts, &["email", "password"]);
    let pending = login.pending();
    open_answered_page(login.value());

    view! {
        <Title text=texts.sign_in_title />
        <main id="main" class="auth-page">
            <AuthCard title=texts.sign_in_title lead=texts.sign_in_lead>
                <ActionForm action=login attr:class="form" attr:novalidate="novalidate">
                    <input type="hidden" name="next" value=next />
                    <Field id="email" label=texts.email error=email_error>
                        <input
                            class="input"
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            inputmode="email"
                            value=typed_email
                            required
                            aria-invalid=move || email_error.get().map(|_| "true")
                            aria-describedby="email-error"
                        />
                    </Field>
                    <Field id="password" label=texts.password error=password_error>
                        <input
                            class="input"
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            required
                            aria-invalid=move || password_error.get().map(|_| "true")
                            aria-describedby="password-error"
                        />
                    </Field>
                    <a class="auth-card__aside-link" href="/password/forgot">{texts.set_password().forgot_link}</a>
                    {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                    <button class="btn btn--primary btn--block" type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { texts.signing_in } else { texts.sign_in_button }}
                    </button>
                </ActionForm>
            </AuthCard>
            <DemoAccounts />
        </main>
    }
}

/// The card of the pages before signing in (sign-in, «Задать пароль»): the brand, a title, an
/// optional lead and the language switch under the content. Styles: style/pages/login.css.
#[component]
pub fn AuthCard(title: &'static str, #[prop(optional)] lead: Option<&'static str>, children: Children) -> impl IntoView {
    view! {
        <div class="auth-card">
            <a class="brand brand--large" href="/login">
                <span class="brand__mark" aria-hidden="true"></span>
                <span class="brand__name">{use_texts().app_name}</span>
            </a>
            <h1 class="auth-card__title">{title}</h1>
            {lead.map(|lead| view! { <p class="auth-card__lead">{lead}</p> })}
            {children()}
            <div class="auth-card__footer">
                <LanguageSwitch />
            </div>
        </div>
    }
}

/// The demo accounts, when the portal runs with demo data.
#[component]
fn DemoAccounts() -> impl IntoView {
    let texts = use_texts();
    let accounts = Resource::new(|| (), |_| demo_accounts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let accounts = accounts.await.unwrap_or_default();
                (!accounts.is_empty()).then(|| view! {
                    <aside class="demo-accounts" aria-labelledby="demo-accounts-title">
                        <h2 class="demo-accounts__title" id="demo-accounts-title">{texts.demo_title}</h2>
                        <p>{texts.demo_text}</p>
                        <ListTable class="table table--compact" columns=vec![
                            Column::new(texts.demo_account),
                            Column::new(texts.demo_role),
                        ]>
                            {accounts.into_iter().map(|account| view! {
                                <tr>
                                    <td>{account.email}<br /><span class="muted">{account.display_name}</span></td>
                                    <td>{texts.role(account.role)}</td>
                                </tr>
                            }).collect_view()}
                        </ListTable>
                    </aside>
                })
            })}
        </Suspense>
    }
}
