//! Parts of a form: a field with its label, hint and error line, and the validation errors of a
//! form by field. Styles: style/components/form.css.

use domain::validation::Code;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::hydrated;
use crate::error::AppError;
use crate::i18n::{Texts, use_texts};

/// The validation errors a form shows, by field name: the form's own checks before sending, or
/// the field of the server's `AppError::Invalid`.
pub type FieldErrors = RwSignal<Vec<(String, Code)>>;

/// The message of `field`'s error in `errors`, in the reader's language.
pub fn error_of(errors: FieldErrors, texts: &'static Texts, field: &'static str) -> Signal<Option<&'static str>> {
    Signal::derive(move || errors.read().iter().find(|(f, _)| f == field).map(|(_, code)| texts.validation_message(*code)))
}

/// A labelled field: the control is the child, with `id`; it names `<id>-hint` (when there is a
/// hint) and `<id>-error` in its `aria-describedby`.
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    /// Marks the label with « *».
    #[prop(optional)]
    required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] error: Signal<Option<&'static str>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {children()}
            {hint.map(|hint| view! { <p class="field__hint" id=format!("{id}-hint")>{hint}</p> })}
            <p class="field__error" id=format!("{id}-error")>{move || error.get()}</p>
        </div>
    }
}

/// The buttons under a form: «Отмена», a link back to `cancel_href`, and the submit button. The
/// button waits for the page's script (the form is sent by it) and is disabled while `pending`,
/// saying `submitting` meanwhile.
#[component]
pub fn FormActions(
    cancel_href: &'static str,
    #[prop(into)] pending: Signal<bool>,
    submit: &'static str,
    submitting: &'static str,
) -> impl IntoView {
    let texts = use_texts();
    let hydrated = hydrated();
    view! {
        <div class="form__actions">
            <a class="btn btn--ghost" href=cancel_href>{texts.cancel}</a>
            <button class="btn btn--primary" type="submit" disabled=move || !hydrated.get() || pending.get()>
                {move || if pending.get() { submitting } else { submit }}
            </button>
        </div>
    }
}

/// What a form's server action answered, as the form shows it: with JavaScript the action's
/// value; without it the error the server put into the address when it sent the form back
/// (`app::server::respond_to_form`).
pub fn answered_failure<T>(
    answer: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || match answer.get() {
        Some(result) => result.err(),
        None => query.read().get("error").and_then(|value| AppError::from_query(&value)),
    })
}

/// The message of `failure` at `field`, in the reader's language.
pub fn field_message(
    failure: Signal<Option<AppError>>,
    texts: &'static Texts,
    field: &'static str,
) -> Signal<Option<&'static str>> {
    Signal::derive(move || match failure.get() {
        Some(AppError::Invalid { field: invalid, code }) if invalid == field => Some(texts.validation_message(code)),
        _ => None,
    })
}

/// The message of `failure` when it belongs to none of the form's `fields`: the line under it.
pub fn form_message(
    failure: Signal<Option<AppError>>,
    texts: &'static Texts,
    fields: &'static [&'static str],
) -> Signal<Option<String>> {
    Signal::derive(move || match failure.get() {
        Some(AppError::Invalid { field, .. }) if fields.contains(&field.as_str()) => None,
        Some(other) => Some(other.message(texts)),
        None => None,
    })
}

/// Once the action answers the page to open (after signing in), opens it as a full page load:
/// the person's language and every resource start fresh.
pub fn open_answered_page(answer: impl Get<Value = Option<Result<String, AppError>>> + 'static) {
    Effect::new(move |_| {
        if let Some(Ok(destination)) = answer.get()
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().assign(&destination);
        }
    });
}
