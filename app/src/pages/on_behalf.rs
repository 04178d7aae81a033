//! `/queue/new`: support registers a request on behalf of an organization that called or wrote.
//!
//! The request has no portal author; the optional contact person is who to call back until the
//! organization admin assigns an author in «Запросы без автора». The parameter fields are the
//! customer form's own (`new_request`), filled with the chosen organization's certificates; the
//! server repeats every check.

use domain::request::{validate_description, validate_subject};
use domain::validation::Code;
use domain::validation::{is_plausible_email, normalize_email};
use domain::{RequestKind, ServicesAvailability};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use crate::api::on_behalf::{create_request_on_behalf, on_behalf_options};
use crate::api::requests::{Choice, CreatedRequest, FormOptions, NewRequestInput};
use crate::components::form::{Field, FieldErrors, FormActions, error_of};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;
use crate::pages::new_request::{ProductParameters, ServicesParameters, mint_key, parse_id, validate_form};

const KINDS: [RequestKind; 4] =
    [RequestKind::TechnicalSupport, RequestKind::Services, RequestKind::Commercial, RequestKind::PortalServices];

#[component]
pub fn OnBehalfPage() -> impl IntoView {
    let texts = use_texts();
    let organizations = Resource::new(|| (), |_| on_behalf_options(None));
    view! {
        <Title text=texts.on_behalf().title />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match organizations.await {
                    Ok(options) => view! { <RegisterForm organizations=options.organizations /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The values typed into the form, one signal each, so a reset after success is one call.
#[derive(Clone, Copy)]
struct Fields {
    organization: RwSignal<Option<i32>>,
    kind: RwSignal<Option<RequestKind>>,
    product: RwSignal<Option<i32>>,
    version: RwSignal<Option<i32>>,
    update: RwSignal<Option<i32>>,
    certificate: RwSignal<Option<i32>>,
    classification: RwSignal<Option<i32>>,
    subject: RwSignal<String>,
    description: RwSignal<String>,
    contact_name: RwSignal<String>,
    contact_email: RwSignal<String>,
    idempotency_key: RwSignal<String>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            organization: RwSignal::new(None),
            kind: RwSignal::new(None),
            product: RwSignal::new(None),
            version: RwSignal::new(None),
            update: RwSignal::new(None),
            certificate: RwSignal::new(None),
            classification: RwSignal::new(None),
            subject: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            contact_name: RwSignal::new(String::new()),
            contact_email: RwSignal::new(String::new()),
            idempotency_key: RwSignal::new(String::new()),
        }
    }

    /// Parameters belong to one organization's certificates: a new choice of organization or
    /// type clears them.
    fn clear_parameters(&self) {
        for signal in [self.product, self.version, self.update, self.certificate, self.classification] {
            signal.set(None);
        }
    }

    fn reset(&self) {
        self.organization.set(None);
        self.kind.set(None);
        self.clear_parameters();
        for signal in [self.subject, self.description, self.contact_name, self.contact_email] {
            signal.set(String::new());
        }
        self.idempotency_key.set(mint_key());
    }

    fn input(&self) -> NewRequestInput {
        NewRequestInput {
            kind: self.kind.get_untracked(),
            subject: self.subject.get_untracked(),
            description: self.description.get_untracked(),
            product_id: self.product.get_untracked(),
            version_id: self.version.get_untracked(),
            update_id: self.update.get_untracked(),
            certificate_id: self.certificate.get_untracked(),
            classification_id: self.classification.get_untracked(),
            idempotency_key: self.idempotency_key.get_untracked(),
            attachment_ids: Vec::new(),
            draft_id: None,
        }
    }
}

/// Every check the browser can make before the server makes them again.
fn validate(fields: &Fields, input: &NewRequestInput, form: Option<&FormOptions>) -> Vec<(String, Code)> {
    let mut errors = Vec::new();
    if fields.organization.get_untracked().is_none() {
        errors.push(("organization".to_owned(), Code::OrganizationRequired));
    }
    match (input.kind, form) {
        (None, _) => errors.push(("kind".to_owned(), Code::KindRequired)),
        (Some(RequestKind::Services), Some(form)) if form.services != ServicesAvailability::Available => {
            errors.push(("kind".to_owned(), Code::KindServicesUnavailable));
        }
        (Some(kind), Some(form)) => errors.extend(validate_form(kind, input, form)),
        (Some(_), None) => {}
    }
    // Subject and description are checked by `validate_form` only once type and organization
    // are known; the user should still hear about them on the first attempt.
    if !errors.iter().any(|(field, _)| field == "subject")
        && let Err(code) = validate_subject(&input.subject)
    {
        errors.push(("subject".to_owned(), if code == Code::Required { Code::SubjectRequired } else { code }));
    }
    if !errors.iter().any(|(field, _)| field == "description")
        && let Err(code) = validate_description(&input.description)
    {
        errors.push(("description".to_owned(), if code == Code::Required { Code::DescriptionRequired } else { code }));
    }
    let email = normalize_email(&fields.contact_email.get_untracked());
    if !email.is_empty() && !is_plausible_email(&email) {
        errors.push(("contact_email".to_owned(), Code::ContactEmailInvalid));
    }
    if fields.contact_name.get_untracked().trim().chars().count() > 200 {
        errors.push(("contact_name".to_owned(), Code::ContactNameTooLong));
    }
    errors
}

#[component]
fn RegisterForm(organizations: Vec<Choice>) -> impl IntoView {
    let texts = use_texts();
    let words = texts.on_behalf();
    let fields = Fields::new();
    Effect::new(move |_| {
        if fields.idempotency_key.get_untracked().is_empty() {
            fields.idempotency_key.set(mint_key());
        }
    });
    // The chosen organization's certificates and catalog, loaded when it is chosen.
    let form = RwSignal::new(None::<FormOptions>);
    let loading_form = RwSignal::new(false);
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<AppError>);
    let created = RwSignal::new(None::<CreatedRequest>);

    let on_organization = move |event: leptos::ev::Event| {
        let chosen = parse_id(&event_target_value(&event));
        fields.organization.set(chosen);
        fields.clear_parameters();
        form.set(None);
        let Some(id) = chosen else { return };
        loading_form.set(true);
        spawn_local(async move {
            let answer = on_behalf_options(Some(id)).await;
            // A slower answer for an organization chosen before is of no use any more.
            if fields.organization.get_untracked() != Some(id) {
                return;
            }
            loading_form.set(false);
            match answer {
                Ok(options) => form.set(options.form),
                Err(error) => failure.set(Some(error)),
            }
        });
    };

    // As on the customer form: a single active services certificate is the only sensible choice.
    Effect::new(move |_| {
        let only = form.with(|form| match form {
            Some(form) if form.services_certificates.len() == 1 => Some(form.services_certificates[0].id),
            _ => None,
        });
        if fields.kind.get() == Some(RequestKind::Services) && fields.certificate.get_untracked().is_none() {
            fields.certificate.set(only);
        }
    });

    let submit =
        Action::new(move |(organization_id, contact_name, contact_email, input): &(i32, String, String, NewRequestInput)| {
            let (organization_id, input) = (*organization_id, input.clone());
            let contact_name = Some(contact_name.clone()).filter(|name| !name.trim().is_empty());
            let contact_email = Some(contact_email.clone()).filter(|email| !email.trim().is_empty());
            async move { create_request_on_behalf(organization_id, contact_name, contact_email, input).await }
        });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(request)) => {
            failure.set(None);
            created.set(Some(request));
        }
        Some(Err(AppError::Invalid { field, code })) => errors.set(vec![(field, code)]),
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    // Sent by the script only: the button waits for hydration.
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = fields.input();
        let found = form.with_untracked(|form| validate(&fields, &input, form.as_ref()));
        let valid = found.is_empty();
        errors.set(found);
        if let (true, Some(organization_id)) = (valid, fields.organization.get_untracked())
            && !submit.pending().get_untracked()
        {
            failure.set(None);
            submit.dispatch((organization_id, fields.contact_name.get_untracked(), fields.contact_email.get_untracked(), input));
        }
    };
    let register_another = move |_| {
        fields.reset();
        form.set(None);
        errors.set(Vec::new());
        created.set(None);
    };

    let error_of = move |field: &'static str| error_of(errors, texts, field);
    let parameters = move || {
        let kind = fields.kind.get();
        match form.get() {
            None if loading_form.get() => view! { <p class="muted" role="status">{texts.loading}</p> }.into_any(),
            None => view! { <p class="muted">{words.choose_organization_first}</p> }.into_any(),
            Some(options) => {
                let services_available = options.services == ServicesAvailability::Available;
                let options = StoredValue::new(options);
                let error_of = Callback::new(move |field: &'static str| error_of(field).get());
                match kind {
                    Some(RequestKind::TechnicalSupport) => view! {
                        <ProductParameters options product=fields.product version=fields.version update=fields.update
                            certificate=fields.certificate error_of />
                    }
                    .into_any(),
                    Some(RequestKind::Services) if services_available => view! {
                        <ServicesParameters options certificate=fields.certificate classification=fields.classification error_of />
                    }
                    .into_any(),
                    Some(RequestKind::Services) => {
                        view! { <div class="alert alert--warning" role="status">{words.no_services_certificate}</div> }.into_any()
                    }
                    _ => ().into_any(),
                }
            }
        }
    };

    view! {
        <PageHeader title=words.title subtitle=words.subtitle>
            <a class="btn btn--ghost" href="/queue">{texts.queue}</a>
        </PageHeader>
        <form class="card request-form" method="post" novalidate on:submit=on_submit>
            <div class="form__row">
                <Field id="organization" label=words.organization_label required=true error=error_of("organization")>
                    <select class="select" id="organization" aria-describedby="organization-error" on:change=on_organization
                        prop:value=move || fields.organization.get().map(|id| id.to_string()).unwrap_or_default()>
                        <option value="">{texts.choose_placeholder}</option>
                        {organizations.into_iter().map(|org| view! { <option value=org.id.to_string()>{org.name}</option> }).collect_view()}
                    </select>
                </Field>
                <Field id="kind" label=words.kind_label required=true error=error_of("kind")>
                    <select class="select" id="kind" aria-describedby="kind-error"
                        on:change=move |event| {
                            fields.kind.set(RequestKind::parse(&event_target_value(&event)));
                            fields.clear_parameters();
                        }
                        prop:value=move || fields.kind.get().map(|kind| kind.as_str().to_owned()).unwrap_or_default()>
                        <option value="">{texts.choose_placeholder}</option>
                        {KINDS.into_iter().map(|kind| view! { <option value=kind.as_str()>{texts.kind(kind)}</option> }).collect_view()}
                    </select>
                </Field>
            </div>
            {parameters}
            <Field id="subject" label=texts.subject_label required=true error=error_of("subject")>
                <input class="input" id="subject" type="text" maxlength="200" autocomplete="off"
                    aria-describedby="subject-error" aria-invalid=move || error_of("subject").get().map(|_| "true")
                    prop:value=move || fields.subject.get()
                    on:input=move |event| fields.subject.set(event_target_value(&event)) />
            </Field>
            <Field id="description" label=texts.description_label required=true error=error_of("description")>
                <textarea class="textarea" id="description" rows="8" maxlength="20000"
                    aria-describedby="description-error" aria-invalid=move || error_of("description").get().map(|_| "true")
                    prop:value=move || fields.description.get()
                    on:input=move |event| fields.description.set(event_target_value(&event))></textarea>
            </Field>
            <fieldset class="fieldset">
                <legend class="field__label">{words.contact_legend}</legend>
                <p class="field__hint">{words.contact_hint}</p>
                <div class="form__row">
                    <Field id="contact-name" label=words.contact_name_label error=error_of("contact_name")>
                        <input class="input" id="contact-name" type="text" maxlength="200" autocomplete="off"
                            aria-describedby="contact-name-error"
                            prop:value=move || fields.contact_name.get()
                            on:input=move |event| fields.contact_name.set(event_target_value(&event)) />
                    </Field>
                    <Field id="contact-email" label=words.contact_email_label error=error_of("contact_email")>
                        <input class="input" id="contact-email" type="email" maxlength="254" autocomplete="off"
                            aria-describedby="contact-email-error" aria-invalid=move || error_of("contact_email").get().map(|_| "true")
                            prop:value=move || fields.contact_email.get()
                            on:input=move |event| fields.contact_email.set(event_target_value(&event)) />
                    </Field>
                </div>
            </fieldset>
            {move || failure.get().map(|error| view! { <ErrorAlert message=error.message(texts) /> })}
            <FormActions cancel_href="/queue" pending=submit.pending() submit=words.submit submitting=words.submitting />
        </form>
        {move || created.get().map(|request| view! {
            <div class="dialog-backdrop">
                <div class="dialog dialog--open" role="alertdialog" aria-modal="true" aria-labelledby="registered-title"
                    aria-describedby="registered-text">
                    <h2 class="dialog__title" id="registered-title">{(words.registered)(request.number)}</h2>
                    <p class="dialog__body" id="registered-text">{words.registered_text}</p>
                    <div class="dialog__actions">
                        <button class="btn btn--ghost" type="button" on:click=register_another>{words.register_another}</button>
                        <a class="btn btn--primary" href=format!("/requests/{}", request.number)>{texts.open_request}</a>
                    </div>
                </div>
            </div>
        })}
    }
}
