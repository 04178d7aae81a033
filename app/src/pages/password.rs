//! «Задать пароль» (`/password/set?token=…`): an invitation or password-reset link. Works without
//! JavaScript (a plain form post); once saved, the person is signed in and goes to their start page.

use domain::account_link::{LinkPurpose, OpenedLink};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::password::{SetPassword, open_link};
use crate::components::form::{Field, answered_failure, field_message, form_message, open_answered_page};
use crate::components::page::{ErrorAlert, Loading};
use crate::i18n::use_texts;
use crate::pages::login::AuthCard;

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let texts = use_texts();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let link = Resource::new(move || query.read().get("token").unwrap_or_default(), open_link);
    view! {
        <main id="main" class="auth-page">
            <Suspense fallback=Loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(opened) => view! { <PasswordForm token opened /> }.into_any(),
                            Err(error) => view! {
                                <Title text=texts.set_password().link_title />
                                <AuthCard title=texts.set_password().link_title>
                                    <div class="form">
                                        <ErrorAlert message=error.message(texts) />
                                        <a class="btn btn--primary btn--block" href="/login">{texts.set_password().to_sign_in}</a>
                                    </div>
                                </AuthCard>
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn PasswordForm(token: String, opened: OpenedLink) -> impl IntoView {
    let texts = use_texts();
    let t = texts.set_password();
    let save = ServerAction::<SetPassword>::new();
    let failure = answered_failure(save.value());
    let form_error = form_message(failure, texts, &["password", "repeat"]);
    let pending = save.pending();
    open_answered_page(save.value());
    let title = match opened.purpose {
        LinkPurpose::Invitation => t.set_title,
        LinkPurpose::PasswordReset => t.reset_title,
    };
    let (password_error, repeat_error) = (field_message(failure, texts, "password"), field_message(failure, texts, "repeat"));
    view! {
        <Title text=title />
        <AuthCard title lead=t.lead>
            <ActionForm action=save attr:class="form" attr:novalidate="novalidate">
                <input type="hidden" name="token" value=token />
                <div class="field">
                    <label class="field__label" for="account">{t.account_label}</label>
                    // The e-mail lets a password manager store the new password for this account.
                    <input class="input" id="account" type="email" autocomplete="username" value=opened.email readonly />
                </div>
                <Field id="password" label=t.new_label error=password_error>
                    <input class="input" id="password" name="password" type="password" autocomplete="new-password"
                        minlength="10" maxlength="256" required aria-describedby="password-error"
                        aria-invalid=move || password_error.get().map(|_| "true") />
                </Field>
                <Field id="repeat" label=t.repeat_label error=repeat_error>
                    <input class="input" id="repeat" name="repeat" type="password" autocomplete="new-password"
                        maxlength="256" required aria-describedby="repeat-error"
                        aria-invalid=move || repeat_error.get().map(|_| "true") />
                </Field>
                {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                <button class="btn btn--primary btn--block" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { t.saving } else { t.save }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
