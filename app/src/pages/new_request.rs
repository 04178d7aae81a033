//! «Создать запрос»: the choice of request type, then one tabbed form.
//!
//! The tabs are all rendered and only hidden, so nothing typed is lost when switching. Every
//! field is checked here with the same rules (`domain::request`) the server applies again; the
//! server also checks that version, update and certificate fit together and belong to the
//! organization. The idempotency key is minted when the form opens and reused for retries, so a
//! double click or a retry after a timeout creates exactly one request.

use domain::request::{validate_description, validate_subject};
use domain::validation::Code;
use domain::{RequestKind, ServicesAvailability};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::requests::{
    ClassificationOption, CreatedRequest, FormOptions, NewRequestInput, create_request, request_form_options,
};
use crate::components::attachments::AttachmentsPanel;
use crate::components::form::{Field, FieldErrors, error_of};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::components::suggestions::SuggestionsPanel;
use crate::error::AppError;
use crate::i18n::{Texts, use_texts};
use domain::attachment::AttachmentInfo;

mod draft;

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let texts = use_texts();
    let query = use_query_map();
    let kind = Memo::new(move |_| query.read().get("type").and_then(|code| RequestKind::parse(&code)));
    let renewal = Memo::new(move |_| query.read().get("topic").as_deref() == Some("renew-services"));
    let draft_id = Memo::new(move |_| query.read().get("draft").and_then(|id| id.parse::<i32>().ok()));
    let options = Resource::new(|| (), |_| request_form_options());
    view! {
        <Title text=texts.create_request />
        <Suspense fallback=Loading>
            {move || {
                let kind = kind.get();
                let renewal = renewal.get();
                let draft_id = draft_id.get();
                Suspend::new(async move {
                if let Some(id) = draft_id {
                    return view! { <draft::FromDraft id options=options.await /> }.into_any();
                }
                match (options.await, kind) {
                    (Err(error), _) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                    (Ok(options), None) => view! { <TypeChooser options /> }.into_any(),
                    (Ok(options), Some(RequestKind::Services)) if options.services != ServicesAvailability::Available => {
                        view! { <TypeChooser options /> }.into_any()
                    }
                    (Ok(options), Some(kind)) => view! { <RequestForm kind options renewal /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// The four types, each with a line of explanation. «Запрос на услуги» is offered, disabled
/// with the reason, or absent, following the organization's services certificates.
#[component]
fn TypeChooser(options: FormOptions) -> impl IntoView {
    let texts = use_texts();
    let card = move |kind: RequestKind| {
        view! {
            <li>
                <a class="type-card" href=format!("/requests/new?type={}", kind.as_str())>
                    <span class="type-card__title">{texts.kind(kind)}</span>
                    <span class="type-card__text">{texts.kind_hint(kind)}</span>
                </a>
            </li>
        }
    };
    let services = match options.services {
        ServicesAvailability::Available => Some(card(RequestKind::Services).into_any()),
        ServicesAvailability::Absent => None,
        unavailable => {
            let reason = match unavailable {
                ServicesAvailability::Expired { last_valid_to } => {
                    (texts.services_expired)(&domain::locale::date_text(last_valid_to))
                }
                ServicesAvailability::NotYetActive { starts_on } => {
                    (texts.services_not_yet)(&domain::locale::date_text(starts_on))
                }
                _ => String::new(),
            };
            Some(
                view! {
                    <li>
                        <div class="type-card type-card--disabled">
                            <span class="type-card__title">{texts.kind(RequestKind::Services)}</span>
                            <span class="type-card__text">{texts.kind_hint(RequestKind::Services)}</span>
                            <span class="type-card__reason">{reason}</span>
                            <a class="type-card__link" href="/requests/new?type=commercial&topic=renew-services">
                                {texts.renew_services}
                            </a>
                        </div>
                    </li>
                }
                .into_any(),
            )
        }
    };
    view! {
        <PageHeader title=texts.create_request subtitle=texts.choose_type />
        <ul class="type-list">
            {card(RequestKind::TechnicalSupport)}
            {services}
            {card(RequestKind::Commercial)}
            {card(RequestKind::PortalServices)}
        </ul>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Parameters,
    Description,
    Attachments,
}

fn tab_of_field(field: &str) -> Tab {
    match field {
        "subject" | "description" => Tab::Description,
        "attachments" | "attachment" => Tab::Attachments,
        _ => Tab::Parameters,
    }
}

pub(crate) fn parse_id(value: &str) -> Option<i32> {
    value.parse().ok()
}

#[component]
fn RequestForm(
    kind: RequestKind,
    options: FormOptions,
    renewal: bool,
    #[prop(optional)] restored: Option<domain::draft::OpenedDraft>,
) -> impl IntoView {
    let texts = use_texts();
    let hydrated = crate::components::hydrated();
    let options = StoredValue::new(options);
    let has_parameters = matches!(kind, RequestKind::TechnicalSupport | RequestKind::Services);
    let tab = RwSignal::new(if has_parameters { Tab::Parameters } else { Tab::Description });

    let product = RwSignal::new(None::<i32>);
    let version = RwSignal::new(None::<i32>);
    let update = RwSignal::new(None::<i32>);
    let certificate = RwSignal::new(None::<i32>);
    let classification = RwSignal::new(None::<i32>);
    let subject = RwSignal::new(if renewal { texts.renew_services_subject.to_owned() } else { String::new() });
    let description = RwSignal::new(String::new());
    let attachments = RwSignal::new(Vec::<AttachmentInfo>::new());
    let uploading = RwSignal::new(false);
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let idempotency_key = RwSignal::new(String::new());
    Effect::new(move |_| {
        if idempotency_key.get_untracked().is_empty() {
            idempotency_key.set(mint_key());
        }
    });
    // Services requests: one active services certificate is the only sensible choice.
    if kind == RequestKind::Services {
        let services = options.with_value(|o| o.services_certificates.clone());
        if services.len() == 1 {
            certificate.set(Some(services[0].id));
        }
    }
    let fields = draft::FormFields {
        kind,
        tab,
        product,
        version,
        update,
        certificate,
        classification,
        subject,
        description,
        attachments,
        idempotency_key,
    };
    if let Some(restored) = &restored {
        fields.restore(restored);
    }

    let submit = Action::new(move |input: &NewRequestInput| {
        let input = input.clone();
        async move { create_request(input).await }
    });
    let autosave = draft::Autosave::start(fields, submit, restored.as_ref());
    let created = RwSignal::new(None::<CreatedRequest>);
    let failure = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(request)) => {
            failure.set(None);
            created.set(Some(request));
        }
        Some(Err(AppError::Invalid { field, code })) => {
            tab.set(tab_of_field(&field));
            errors.set(vec![(field, code)]);
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = NewRequestInput {
            kind: Some(kind),
            subject: subject.get_untracked(),
            description: description.get_untracked(),
            product_id: product.get_untracked(),
            version_id: version.get_untracked(),
            update_id: update.get_untracked(),
            certificate_id: certificate.get_untracked(),
            classification_id: classification.get_untracked(),
            idempotency_key: idempotency_key.get_untracked(),
            attachment_ids: attachments.get_untracked().iter().map(|a| a.id).collect(),
            draft_id: autosave.draft_id(),
        };
        let found = options.with_value(|o| validate_form(kind, &input, o));
        if let Some((field, _)) = found.first() {
            tab.set(tab_of_field(field));
        }
        let valid = found.is_empty();
        errors.set(found);
        if valid && !submit.pending().get_untracked() && !uploading.get_untracked() {
            failure.set(None);
            submit.dispatch(input);
        }
    };

    let error_of = move |field: &'static str| error_of(errors, texts, field);
    let tab_has_error = move |which: Tab| move || errors.read().iter().any(|(field, _)| tab_of_field(field) == which);
    let tab_button = move |which: Tab, label: &'static str, id: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                class="tabs__link"
                id=format!("tab-{id}")
                aria-controls=format!("panel-{id}")
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
            >
                {label}
                {move || tab_has_error(which)().then(|| view! {
                    <span class="tabs__marker" role="img" aria-label=texts.tab_has_errors></span>
                })}
            </button>
        }
    };

    view! {
        <PageHeader title=texts.create_request subtitle=texts.kind(kind)>
            <a class="btn btn--ghost" href="/requests/new">{texts.change_type}</a>
        </PageHeader>
        // The form is sent by the script only (it carries uploads, drafts and the idempotency
        // key); without it the button stays disabled and the note says why. `method="post"`
        // keeps the text out of the URL whatever happens.
        <form class="card request-form" method="post" novalidate on:submit=on_submit>
            <div class="tabs" role="tablist" aria-label=texts.form_sections>
                {has_parameters.then(|| tab_button(Tab::Parameters, texts.tab_parameters, "parameters"))}
                {tab_button(Tab::Description, texts.tab_description, "description")}
                {tab_button(Tab::Attachments, texts.tab_attachments, "attachments")}
            </div>
            {has_parameters.then(|| view! {
                <section class="tab-panel" role="tabpanel" id="panel-parameters" aria-labelledby="tab-parameters"
                    hidden=move || tab.get() != Tab::Parameters>
                    {match kind {
                        RequestKind::Services => view! {
                            <ServicesParameters options certificate classification error_of=Callback::new(move |f: &'static str| error_of(f).get()) />
                        }.into_any(),
                        _ => view! {
                            <ProductParameters options product version update certificate error_of=Callback::new(move |f: &'static str| error_of(f).get()) />
                        }.into_any(),
                    }}
                </section>
            })}
            <section class="tab-panel" role="tabpanel" id="panel-description" aria-labelledby="tab-description"
                hidden=move || tab.get() != Tab::Description>
                <Field id="subject" label=texts.subject_label required=true hint=texts.subject_hint error=error_of("subject")>
                    <input class="input" id="subject" name="subject" type="text" maxlength="200" autocomplete="off"
                        aria-describedby="subject-hint subject-error"
                        aria-invalid=move || error_of("subject").get().map(|_| "true")
                        prop:value=move || subject.get()
                        on:input=move |event| subject.set(event_target_value(&event)) />
                </Field>
                <SuggestionsPanel subject product version input_id="subject" leave_path="/requests/my" />
                <Field id="description" label=texts.description_label required=true error=error_of("description")>
                    <textarea class="textarea" id="description" name="description" rows="10" maxlength="20000"
                        aria-describedby="description-hint description-error"
                        aria-invalid=move || error_of("description").get().map(|_| "true")
                        prop:value=move || description.get()
                        on:input=move |event| description.set(event_target_value(&event))></textarea>
                    <p class="field__hint" id="description-hint">
                        {move || (texts.characters_left)(20_000usize.saturating_sub(description.read().chars().count()) as u64)}
                    </p>
                </Field>
            </section>
            <section class="tab-panel" role="tabpanel" id="panel-attachments" aria-labelledby="tab-attachments"
                hidden=move || tab.get() != Tab::Attachments>
                <AttachmentsPanel uploaded=attachments uploading=uploading />
                <p class="field__error">{error_of("attachments")}</p>
            </section>
            {move || failure.get().map(|error| view! { <ErrorAlert message=error.message(texts) /> })}
            <noscript><p class="alert alert--info">{texts.form_needs_javascript}</p></noscript>
            <div class="form__actions">
                <draft::SaveStatus autosave />
                <a class="btn btn--ghost" href="/requests/my">{texts.cancel}</a>
                <button class="btn btn--primary" type="submit"
                    disabled=move || !hydrated.get() || submit.pending().get() || uploading.get()>
                    {move || if submit.pending().get() { texts.creating_request } else { texts.create_request }}
                </button>
            </div>
        </form>
        {move || created.get().map(|request| view! { <CreatedDialog request /> })}
        <draft::LeaveGuard autosave />
    }
}

/// The same checks the server makes, so the user learns about them at the field at once.
pub(crate) fn validate_form(kind: RequestKind, input: &NewRequestInput, options: &FormOptions) -> Vec<(String, Code)> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, code: Code| errors.push((field.to_owned(), code));
    match kind {
        RequestKind::TechnicalSupport => {
            match input.product_id.and_then(|id| options.products.iter().find(|p| p.id == id)) {
                None => fail("product", Code::ProductRequired),
                Some(product) => match input.version_id.and_then(|id| product.versions.iter().find(|v| v.id == id)) {
                    None => fail("version", Code::VersionRequired),
                    Some(version) => {
                        if !version.updates.is_empty() && input.update_id.is_none() {
                            fail("update", Code::UpdateRequired);
                        }
                    }
                },
            }
            if input.certificate_id.is_none() {
                fail("certificate", Code::CertificateRequired);
            }
        }
        RequestKind::Services => {
            if input.certificate_id.is_none() {
                fail("certificate", Code::CertificateRequired);
            }
            if input.classification_id.is_none() {
                fail("classification", Code::ClassificationRequired);
            }
        }
        RequestKind::Commercial | RequestKind::PortalServices => {}
    }
    if let Err(code) = validate_subject(&input.subject) {
        fail("subject", if code == Code::Required { Code::SubjectRequired } else { code });
    }
    if let Err(code) = validate_description(&input.description) {
        fail("description", if code == Code::Required { Code::DescriptionRequired } else { code });
    }
    errors
}

pub(crate) fn mint_key() -> String {
    web_sys::window().and_then(|window| window.crypto().ok()).map(|crypto| crypto.random_uuid()).unwrap_or_default()
}

/// «Продукт», «Версия», «Обновление», «Сертификат»: each choice resets the ones that depend on it.
#[component]
pub(crate) fn ProductParameters(
    options: StoredValue<FormOptions>,
    product: RwSignal<Option<i32>>,
    version: RwSignal<Option<i32>>,
    update: RwSignal<Option<i32>>,
    certificate: RwSignal<Option<i32>>,
    error_of: Callback<&'static str, Option<&'static str>>,
) -> impl IntoView {
    let texts = use_texts();
    let products = options.with_value(|o| o.products.clone());
    let versions = move || {
        options.with_value(|o| {
            product.get().and_then(|id| o.products.iter().find(|p| p.id == id)).map(|p| p.versions.clone()).unwrap_or_default()
        })
    };
    let updates = move || versions().into_iter().find(|v| Some(v.id) == version.get()).map(|v| v.updates).unwrap_or_default();
    let certificates = move || {
        options.with_value(|o| match product.get() {
            Some(product_id) => o.support_certificates.iter().filter(|c| c.covers(product_id)).cloned().collect(),
            None => Vec::new(),
        })
    };
    let on_product = move |event: leptos::ev::Event| {
        let chosen = parse_id(&event_target_value(&event));
        product.set(chosen);
        version.set(None);
        update.set(None);
        let matching = chosen
            .map(|id| {
                options.with_value(|o| o.support_certificates.iter().filter(|c| c.covers(id)).map(|c| c.id).collect::<Vec<_>>())
            })
            .unwrap_or_default();
        certificate.set(if matching.len() == 1 { Some(matching[0]) } else { None });
    };
    let on_version = move |event: leptos::ev::Event| {
        version.set(parse_id(&event_target_value(&event)));
        update.set(None);
    };
    let field_class = move |field: &'static str| move || error_of.run(field).is_some();
    view! {
        <div class="form__row">
            <div class="field" class:field--invalid=field_class("product")>
                <label class="field__label" for="product">{texts.product_label}<span class="required" aria-hidden="true">" *"</span></label>
                <select class="select" id="product" aria-describedby="product-error" on:change=on_product
                    prop:value=move || product.get().map(|id| id.to_string()).unwrap_or_default()>
                    <option value="">{texts.choose_placeholder}</option>
                    {products.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
                <p class="field__error" id="product-error">{move || error_of.run("product")}</p>
            </div>
            <div class="field" class:field--invalid=field_class("version")>
                <label class="field__label" for="version">{texts.version_label}<span class="required" aria-hidden="true">" *"</span></label>
                <select class="select" id="version" aria-describedby="version-error" on:change=on_version
                    disabled=move || product.get().is_none()
                    prop:value=move || version.get().map(|id| id.to_string()).unwrap_or_default()>
                    <option value="">{texts.choose_placeholder}</option>
                    {move || versions().into_iter().map(|v| view! { <option value=v.id.to_string()>{v.name}</option> }).collect_view()}
                </select>
                <p class="field__error" id="version-error">{move || error_of.run("version")}</p>
            </div>
        </div>
        <div class="form__row">
            <div class="field" class:field--invalid=field_class("update")>
                <label class="field__label" for="update">
                    {texts.update_label}
                    {move || (!updates().is_empty()).then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </label>
                <select class="select" id="update" aria-describedby="update-hint update-error"
                    disabled=move || updates().is_empty()
                    on:change=move |event| update.set(parse_id(&event_target_value(&event)))
                    prop:value=move || update.get().map(|id| id.to_string()).unwrap_or_default()>
                    <option value="">{move || if version.get().is_some() && updates().is_empty() { texts.no_updates } else { texts.choose_placeholder }}</option>
                    {move || updates().into_iter().map(|u| view! { <option value=u.id.to_string()>{u.name}</option> }).collect_view()}
                </select>
                <p class="field__error" id="update-error">{move || error_of.run("update")}</p>
            </div>
            <div class="field" class:field--invalid=field_class("certificate")>
                <label class="field__label" for="certificate">{texts.certificate_label}<span class="required" aria-hidden="true">" *"</span></label>
                <select class="select" id="certificate" aria-describedby="certificate-error"
                    disabled=move || certificates().is_empty()
                    on:change=move |event| certificate.set(parse_id(&event_target_value(&event)))
                    prop:value=move || certificate.get().map(|id| id.to_string()).unwrap_or_default()>
                    <option value="">{texts.choose_placeholder}</option>
                    {move || certificates().into_iter().map(|c| view! {
                        <option value=c.id.to_string()>{(texts.certificate_option)(&c.number, &domain::locale::date_text(c.valid_to))}</option>
                    }).collect_view()}
                </select>
                <p class="field__error" id="certificate-error">{move || error_of.run("certificate")}</p>
            </div>
        </div>
        {move || (product.get().is_some() && certificates().is_empty()).then(|| view! {
            <div class="alert alert--warning" role="status">
                {texts.no_certificate_for_product}" "
                <a href="/requests/new?type=commercial">{texts.open_commercial}</a>
            </div>
        })}
    }
}

/// «Сертификат» and «Классификация запроса» (chosen in a searchable dialog).
#[component]
pub(crate) fn ServicesParameters(
    options: StoredValue<FormOptions>,
    certificate: RwSignal<Option<i32>>,
    classification: RwSignal<Option<i32>>,
    error_of: Callback<&'static str, Option<&'static str>>,
) -> impl IntoView {
    let texts = use_texts();
    let certificates = options.with_value(|o| o.services_certificates.clone());
    let tree = options.with_value(|o| o.classifications.clone());
    let dialog_open = RwSignal::new(false);
    let chosen_label = {
        let tree = tree.clone();
        move || classification.get().and_then(|id| leaf_path(&tree, id))
    };
    view! {
        <div class="form__row">
            <div class="field" class:field--invalid=move || error_of.run("certificate").is_some()>
                <label class="field__label" for="certificate">{texts.certificate_label}<span class="required" aria-hidden="true">" *"</span></label>
                <select class="select" id="certificate" aria-describedby="certificate-error"
                    on:change=move |event| certificate.set(parse_id(&event_target_value(&event)))
                    prop:value=move || certificate.get().map(|id| id.to_string()).unwrap_or_default()>
                    <option value="">{texts.choose_placeholder}</option>
                    {certificates.into_iter().map(|c| view! {
                        <option value=c.id.to_string()>{(texts.certificate_option)(&c.number, &domain::locale::date_text(c.valid_to))}</option>
                    }).collect_view()}
                </select>
                <p class="field__error" id="certificate-error">{move || error_of.run("certificate")}</p>
            </div>
            <div class="field" class:field--invalid=move || error_of.run("classification").is_some()>
                <span class="field__label" id="classification-label">{texts.classification_label}<span class="required" aria-hidden="true">" *"</span></span>
                <div class="classification-choice">
                    <span class="classification-choice__value" id="classification-value">
                        {move || chosen_label().unwrap_or_else(|| texts.not_chosen.to_owned())}
                    </span>
                    <button class="btn btn--secondary btn--small" type="button"
                        aria-describedby="classification-label classification-value classification-error"
                        on:click=move |_| dialog_open.set(true)>
                        {texts.choose_classification}
                    </button>
                </div>
                <p class="field__error" id="classification-error">{move || error_of.run("classification")}</p>
            </div>
        </div>
        {move || dialog_open.get().then(|| view! {
            <ClassificationDialog tree=tree.clone() chosen=classification open=dialog_open />
        })}
    }
}

fn leaf_path(tree: &[ClassificationOption], id: i32) -> Option<String> {
    tree.iter().find_map(|parent| {
        parent.children.iter().find(|child| child.id == id).map(|child| format!("{} → {}", parent.name, child.name))
    })
}

/// The classification tree in a dialog: type to filter, arrows to move, Enter to choose,
/// Escape to close.
#[component]
fn ClassificationDialog(tree: Vec<ClassificationOption>, chosen: RwSignal<Option<i32>>, open: RwSignal<bool>) -> impl IntoView {
    let texts = use_texts();
    let filter = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let tree = StoredValue::new(tree);
    let visible_leaves = move || {
        let needle = domain::request::normalize_for_search(filter.get().trim());
        tree.with_value(|tree| {
            tree.iter()
                .flat_map(|parent| parent.children.iter().map(move |child| (parent, child)))
                .filter(|(parent, child)| {
                    needle.is_empty()
                        || domain::request::normalize_for_search(&child.name).contains(&needle)
                        || domain::request::normalize_for_search(&parent.name).contains(&needle)
                })
                .map(|(parent, child)| (parent.id, child.id))
                .collect::<Vec<_>>()
        })
    };
    let choose = move |id: i32| {
        chosen.set(Some(id));
        open.set(false);
    };
    let search_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = search_input.get() {
            let _ = input.focus();
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let leaves = visible_leaves();
        match event.key().as_str() {
            "ArrowDown" => {
                event.prevent_default();
                if !leaves.is_empty() {
                    active.set((active.get_untracked() + 1).min(leaves.len() - 1));
                }
            }
            "ArrowUp" => {
                event.prevent_default();
                active.set(active.get_untracked().saturating_sub(1));
            }
            "Enter" => {
                event.prevent_default();
                if let Some((_, id)) = leaves.get(active.get_untracked()) {
                    choose(*id);
                }
            }
            "Escape" => {
                event.prevent_default();
                open.set(false);
            }
            _ => {}
        }
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| open.set(false)>
            <div class="dialog dialog--open" role="dialog" aria-modal="true" aria-labelledby="classification-title"
                on:click=|event| event.stop_propagation() on:keydown=on_keydown>
                <h2 class="dialog__title" id="classification-title">{texts.classification_label}</h2>
                <div class="dialog__body">
                    <input class="input" type="search" node_ref=search_input aria-label=texts.classification_search
                        placeholder=texts.classification_search aria-controls="classification-tree"
                        aria-activedescendant=move || visible_leaves().get(active.get()).map(|(_, id)| format!("classification-{id}"))
                        prop:value=move || filter.get()
                        on:input=move |event| { filter.set(event_target_value(&event)); active.set(0); } />
                    <ul class="tree" id="classification-tree" role="tree" aria-label=texts.classification_label>
                        {move || {
                            let leaves = visible_leaves();
                            let active_id = leaves.get(active.get()).map(|(_, id)| *id);
                            tree.with_value(|tree| tree.iter().filter(|parent| leaves.iter().any(|(p, _)| *p == parent.id)).map(|parent| {
                                let children = parent.children.iter().filter(|child| leaves.iter().any(|(_, c)| *c == child.id)).map(|child| {
                                    let id = child.id;
                                    view! {
                                        <li role="treeitem" id=format!("classification-{id}") class="tree__leaf"
                                            class:tree__leaf--active=active_id == Some(id)
                                            aria-selected=if chosen.get_untracked() == Some(id) { "true" } else { "false" }
                                            on:click=move |_| choose(id)>
                                            {child.name.clone()}
                                        </li>
                                    }
                                }).collect_view();
                                view! {
                                    <li role="treeitem" aria-expanded="true" class="tree__group">
                                        <span class="tree__group-name">{parent.name.clone()}</span>
                                        <ul role="group">{children}</ul>
                                    </li>
                                }
                            }).collect_view())
                        }}
                    </ul>
                    {move || visible_leaves().is_empty().then(|| view! { <p class="muted">{texts.nothing_found_title}</p> })}
                </div>
                <div class="dialog__actions">
                    <button class="btn btn--ghost" type="button" on:click=move |_| open.set(false)>{texts.cancel}</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn CreatedDialog(request: CreatedRequest) -> impl IntoView {
    let texts: &'static Texts = use_texts();
    let close = NodeRef::<leptos::html::A>::new();
    Effect::new(move |_| {
        if let Some(link) = close.get() {
            let _ = link.focus();
        }
    });
    view! {
        <div class="dialog-backdrop">
            <div class="dialog dialog--open" role="alertdialog" aria-modal="true" aria-labelledby="created-title" aria-describedby="created-text">
                <h2 class="dialog__title" id="created-title">{(texts.request_created)(request.number)}</h2>
                <p class="dialog__body" id="created-text">{texts.request_created_text}</p>
                <div class="dialog__actions">
                    <a class="btn btn--ghost" href="/requests/new">{texts.create_another}</a>
                    <a class="btn btn--primary" node_ref=close href=format!("/requests/{}", request.number)>{texts.open_request}</a>
                </div>
            </div>
        </div>
    }
}
