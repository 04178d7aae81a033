//! «Задать пароль» (`/password/set?token=…`): an invitation or password-reset link; and «Забыли
//! пароль?» (`/password/forgot`), which sends such a link. Both work without JavaScript (a plain
//! form post); once a password is saved, the person is signed in and goes to their start page.

use domain::account_link::{LinkPurpose, OpenedLink};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::password::{FORGOT_SENT_PATH, RequestPasswordReset, SetPassword, open_link};
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
                                        <a class="btn btn--primary btn--block" href="/password/forgot">{texts.set_password().new_link}</a>
                                        <a class="btn btn--secondary btn--block" href="/login">{texts.set_password().to_sign_in}</a>
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

/// «Забыли пароль?»: the e-mail to send a reset link to, then «Проверьте почту» — the same for an
/// address with and without an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let texts = use_texts();
    let t = texts.set_password();
    let query = use_query_map();
    let send = ServerAction::<RequestPasswordReset>::new();
    let failure = answered_failure(send.value());
    let email_error = field_message(failure, texts, "email");
    let form_error = form_message(failure, texts, &["email"]);
    let pending = send.pending();
    let typed_email = query.read_untracked().get("email").unwrap_or_default();
    let sent = move || {
        send.value().get().is_some_and(|answer| answer.is_ok())
            || (send.value().get().is_none() && query.read().get("sent").is_some())
    };
    // The address bar says what the page shows, so a reload keeps «Проверьте почту».
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if send.value().get().is_some_and(|answer| answer.is_ok()) {
            navigate(FORGOT_SENT_PATH, leptos_router::NavigateOptions { replace: true, ..Default::default() });
        }
    });
    view! {
        <main id="main" class="auth-page">
            {move || if sent() {
                view! {
                    <Title text=t.sent_title />
                    <AuthCard title=t.sent_title>
                        <div class="form">
                            <div class="alert alert--success" role="status">{t.sent_text}</div>
                            <a class="btn btn--primary btn--block" href="/login">{t.to_sign_in}</a>
                        </div>
                    </AuthCard>
                }.into_any()
            } else {
                let typed_email = typed_email.clone();
                view! {
                    <Title text=t.forgot_title />
                    <AuthCard title=t.forgot_title lead=t.forgot_lead>
                        <ActionForm action=send attr:class="form" attr:novalidate="novalidate">
                            <Field id="email" label=texts.email error=email_error>
                                <input class="input" id="email" name="email" type="email" autocomplete="username"
                                    inputmode="email" value=typed_email required aria-describedby="email-error"
                                    aria-invalid=move || email_error.get().map(|_| "true") />
                            </Field>
                            {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                            <button class="btn btn--primary btn--block" type="submit" disabled=move || pending.get()>
                                {move || if pending.get() { t.sending } else { t.send }}
                            </button>
                            <a class="btn btn--secondary btn--block" href="/login">{t.to_sign_in}</a>
                        </ActionForm>
                    </AuthCard>
                }.into_any()
            }}
        </main>
    }
}
