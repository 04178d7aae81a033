//! «Организации»: the list (`/admin/organizations`, search by name or ИНН, state, pages), a new
//! organization (`/admin/organizations/new`) and an organization's card
//! (`/admin/organizations/:id`: requisites to edit, deactivate / reactivate, its people,
//! certificates and requests). The forms work without JavaScript.

use domain::organization::{OrganizationCard, OrganizationFields, OrganizationFilter, OrganizationPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::AdminSections;
use super::certificates::OrganizationCertificates;
use crate::api::certificates::RevokeCertificate;
use crate::api::organizations::{
    CreateOrganization, SetOrganizationActive, UpdateOrganization, list_organizations, open_organization,
};
use crate::components::empty_state::EmptyState;
use crate::components::form::{Field, answered_failure, field_message, form_message};
use crate::components::list::{Column, ListTable, Pager};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;

const LIST_PATH: &str = "/admin/organizations";

/// The list's address for a search, a state and a page (the defaults left out).
fn list_href(search: &str, filter: OrganizationFilter, page: u32) -> String {
    let mut query = Vec::new();
    if !search.is_empty() {
        query.push(format!("q={}", domain::validation::percent_encode(search, b"")));
    }
    if filter != OrganizationFilter::default() {
        query.push(format!("state={}", filter.as_str()));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() { LIST_PATH.to_owned() } else { format!("{LIST_PATH}?{}", query.join("&")) }
}

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let filter =
        Memo::new(move |_| query.read().get("state").and_then(|state| OrganizationFilter::parse(&state)).unwrap_or_default());
    let page = Memo::new(move |_| query.read().get("page").and_then(|page| page.parse::<u32>().ok()).unwrap_or(1).max(1));
    let rows = Resource::new(
        move || (search.get(), filter.get(), page.get()),
        |(search, filter, page)| list_organizations(Some(search), Some(filter.as_str().to_owned()), Some(page)),
    );
    view! {
        <Title text=admin.organizations />
        <AdminSections />
        <PageHeader title=admin.organizations subtitle=admin.organizations_subtitle>
            <a class="btn btn--primary" href="/admin/organizations/new">{admin.add_organization}</a>
        </PageHeader>
        <form class="filters card" method="get" action=LIST_PATH role="search" aria-label=texts.filters_label>
            <div class="field filters__search">
                <label class="field__label" for="organizations-q">{texts.search_label}</label>
                <input class="input" id="organizations-q" name="q" type="search" maxlength="200"
                    placeholder=admin.organizations_search prop:value=move || search.get() />
            </div>
            <div class="field">
                <label class="field__label" for="organizations-state">{admin.state_label}</label>
                <select class="select" id="organizations-state" name="state" prop:value=move || filter.get().as_str()>
                    {OrganizationFilter::ALL.into_iter().map(|option| view! {
                        <option value=option.as_str() selected=move || filter.get() == option>{admin.state(option)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filters__actions">
                <button class="btn btn--primary" type="submit">{texts.apply_filters}</button>
                <a class="btn btn--ghost" href=LIST_PATH>{texts.reset_filters}</a>
            </div>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(found) if found.total == 0 && search.get_untracked().is_empty() && filter.get_untracked() == OrganizationFilter::Active => view! {
                        <EmptyState title=admin.organizations_empty_title text=admin.organizations_empty_text
                            action=Some((admin.add_organization, "/admin/organizations/new")) />
                    }.into_any(),
                    Ok(found) if found.total == 0 => view! {
                        <EmptyState title=texts.nothing_found_title text=texts.nothing_found_text />
                    }.into_any(),
                    Ok(found) => view! { <OrganizationList found search=search.get_untracked() filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganizationList(found: OrganizationPage, search: String, filter: OrganizationFilter) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let page_count = found.page_count();
    view! {
        <p class="list-summary" role="status">{(admin.found)(found.total)}</p>
        <ListTable class="table organizations-table" columns=vec![
            Column::new(admin.column_organization),
            Column::new(admin.column_inn),
            Column::new(admin.state_label),
            Column::new(admin.column_people).with_class("table__number"),
            Column::new(admin.column_open_requests).with_class("table__number"),
        ]>
            {found.rows.into_iter().map(|row| view! {
                <tr>
                    <td><a href=crate::api::organizations::card_path(row.id)>{row.name}</a></td>
                    <td class="nowrap">{row.inn.unwrap_or_else(|| "—".to_owned())}</td>
                    <td><OrganizationState active=row.is_active /></td>
                    <td class="table__number">{row.people}</td>
                    <td class="table__number">{row.open_requests}</td>
                </tr>
            }).collect_view()}
        </ListTable>
        <Pager page=found.page page_count href_of=move |page| list_href(&search, filter, page) />
    }
}

#[component]
fn OrganizationState(active: bool) -> impl IntoView {
    let admin = use_texts().admin();
    view! {
        <span class=if active { "badge badge--in_progress" } else { "badge badge--closed" }>
            {if active { admin.organization_active } else { admin.organization_inactive }}
        </span>
    }
}

/// The four requisites, for «Новая организация» and the card alike. `values` are what the form
/// shows first (the stored ones, or what a form sent back without JavaScript carried).
#[component]
fn RequisiteFields(values: OrganizationFields, failure: Signal<Option<AppError>>) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let error = move |field: &'static str| field_message(failure, texts, field);
    let (name_error, inn_error, kpp_error, email_error) = (error("name"), error("inn"), error("kpp"), error("contact_email"));
    view! {
        <Field id="name" label=admin.field_name required=true error=name_error>
            <input class="input" id="name" name="name" maxlength="200" required value=values.name
                aria-describedby="name-error" aria-invalid=move || name_error.get().map(|_| "true") />
        </Field>
        <div class="form__row">
            <Field id="inn" label=admin.field_inn hint=admin.field_inn_hint error=inn_error>
                <input class="input" id="inn" name="inn" inputmode="numeric" maxlength="12" value=values.inn
                    aria-describedby="inn-hint inn-error" aria-invalid=move || inn_error.get().map(|_| "true") />
            </Field>
            <Field id="kpp" label=admin.field_kpp hint=admin.field_kpp_hint error=kpp_error>
                <input class="input" id="kpp" name="kpp" maxlength="9" value=values.kpp
                    aria-describedby="kpp-hint kpp-error" aria-invalid=move || kpp_error.get().map(|_| "true") />
            </Field>
        </div>
        <Field id="contact_email" label=admin.field_contact_email error=email_error>
            <input class="input" id="contact_email" name="contact_email" type="email" inputmode="email" maxlength="254"
                value=values.contact_email aria-describedby="contact_email-error"
                aria-invalid=move || email_error.get().map(|_| "true") />
        </Field>
    }
}

const REQUISITES: &[&str] = &["name", "inn", "kpp", "contact_email"];

/// What a form sent back without JavaScript carried in the address, else `stored`.
fn sent_back_or(stored: OrganizationFields) -> OrganizationFields {
    let query = use_query_map();
    let query = query.read_untracked();
    if query.get("error").is_none() {
        return stored;
    }
    let value = |name: &str| query.get(name).unwrap_or_default();
    OrganizationFields { name: value("name"), inn: value("inn"), kpp: value("kpp"), contact_email: value("contact_email") }
}

#[component]
pub fn NewOrganizationPage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let create = ServerAction::<CreateOrganization>::new();
    let failure = answered_failure(create.value());
    let form_error = form_message(failure, texts, REQUISITES);
    let pending = create.pending();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(path)) = create.value().get() {
            navigate(&path, Default::default());
        }
    });
    view! {
        <Title text=admin.new_organization />
        <AdminSections />
        <PageHeader title=admin.new_organization subtitle=admin.new_organization_lead />
        <div class="card admin-form">
            <ActionForm action=create attr:class="form" attr:novalidate="novalidate">
                <RequisiteFields values=sent_back_or(OrganizationFields::default()) failure />
                {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                <div class="form__actions">
                    <a class="btn btn--ghost" href=LIST_PATH>{texts.cancel}</a>
                    <button class="btn btn--primary" type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { admin.creating } else { admin.create }}
                    </button>
                </div>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn OrganizationCardPage() -> impl IntoView {
    let texts = use_texts();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i32>().ok()));
    let update = ServerAction::<UpdateOrganization>::new();
    let activate = ServerAction::<SetOrganizationActive>::new();
    let revoke = ServerAction::<RevokeCertificate>::new();
    let card = Resource::new(
        move || (id.get(), activate.version().get(), revoke.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => open_organization(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <AdminSections />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match card.await {
                    Ok(card) => view! { <OrganizationCardView card update activate revoke /> }.into_any(),
                    Err(error) => view! {
                        <Title text=texts.admin().organizations />
                        <ErrorAlert message=error.message(texts) />
                        <p><a href=LIST_PATH>{texts.admin().back_to_organizations}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrganizationCardView(
    card: OrganizationCard,
    update: ServerAction<UpdateOrganization>,
    activate: ServerAction<SetOrganizationActive>,
    revoke: ServerAction<RevokeCertificate>,
) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let failure = answered_failure(update.value());
    let form_error = form_message(failure, texts, REQUISITES);
    let activation_failure = move || activate.value().get().and_then(Result::err).map(|error| error.message(texts));
    let saved = move || {
        update.value().get().is_some_and(|answer| answer.is_ok())
            || (update.value().get().is_none() && query.read().get("saved").is_some())
    };
    let pending = update.pending();
    let title = card.fields.name.clone();
    let active = card.is_active;
    let id = card.id;
    view! {
        <Title text=title.clone() />
        <p class="back-link"><a href=LIST_PATH>{"← "}{admin.back_to_organizations}</a></p>
        <div class="page__header">
            <div>
                <h1 class="page__title">{title}</h1>
                <p class="page__subtitle"><OrganizationState active /></p>
            </div>
        </div>
        {(!active).then(|| view! { <div class="alert alert--warning" role="status">{admin.deactivated_note}</div> })}
        {move || activation_failure().map(|message| view! { <ErrorAlert message /> })}
        <div class="admin-card">
            <section class="card admin-card__main" aria-labelledby="requisites-title">
                <h2 class="card__title" id="requisites-title">{admin.requisites}</h2>
                <ActionForm action=update attr:class="form" attr:novalidate="novalidate">
                    <input type="hidden" name="id" value=id />
                    <RequisiteFields values=sent_back_or(card.fields.clone()) failure />
                    {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                    {move || saved().then(|| view! { <div class="alert alert--success" role="status">{admin.saved}</div> })}
                    <div class="form__actions">
                        <button class="btn btn--primary" type="submit" disabled=move || pending.get()>
                            {move || if pending.get() { admin.saving } else { admin.save }}
                        </button>
                    </div>
                </ActionForm>
            </section>
            <aside class="admin-card__side">
                <section class="card" aria-labelledby="requests-title">
                    <h2 class="card__title" id="requests-title">{admin.requests}</h2>
                    <p>{(admin.requests_summary)(card.open_requests, card.all_requests)}</p>
                    <p><a href=super::audit::organization_journal_path(id)>{texts.audit().open_for_organization}</a></p>
                </section>
                <section class="card" aria-labelledby="access-title">
                    <h2 class="card__title" id="access-title">{admin.state_label}</h2>
                    <p class="field__hint">{admin.deactivate_hint}</p>
                    <ActionForm action=activate>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="active" value=if active { "false" } else { "true" } />
                        <button class=if active { "btn btn--danger btn--block" } else { "btn btn--primary btn--block" }
                            type="submit" disabled=move || activate.pending().get()>
                            {if active { admin.deactivate_organization } else { admin.reactivate_organization }}
                        </button>
                    </ActionForm>
                </section>
            </aside>
        </div>
        <section class="admin-section" aria-labelledby="people-title">
            <div class="admin-section__header">
                <h2 class="card__title" id="people-title">{admin.people}</h2>
                {active.then(|| view! {
                    <a class="btn btn--secondary btn--small" href=format!("/admin/people/new?organization={id}")>
                        {admin.invite_to_organization}
                    </a>
                })}
            </div>
            {if card.people.is_empty() {
                view! { <p class="muted">{admin.people_empty}</p> }.into_any()
            } else {
                view! {
                    <ListTable class="table people-table" columns=vec![
                        Column::new(texts.column_name),
                        Column::new(texts.email),
                        Column::new(texts.column_role),
                        Column::new(texts.column_state),
                        Column::new(admin.column_last_sign_in),
                    ]>
                        {card.people.into_iter().map(|person| view! {
                            <tr>
                                <td>{person.display_name}</td>
                                <td>{person.email}</td>
                                <td>{texts.role(person.role)}</td>
                                <td>
                                    <span class=if person.is_active { "badge badge--in_progress" } else { "badge badge--closed" }>
                                        {if person.is_active { texts.member_active } else { texts.member_inactive }}
                                    </span>
                                </td>
                                <td class="nowrap">{person.last_sign_in.unwrap_or_else(|| admin.never_signed_in.to_owned())}</td>
                            </tr>
                        }).collect_view()}
                    </ListTable>
                }.into_any()
            }}
        </section>
        <OrganizationCertificates organization_id=id organization_active=active rows=card.certificates revoke />
    }
}
