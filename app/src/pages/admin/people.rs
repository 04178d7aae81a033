//! «Люди»: everyone with access to the portal (`/admin/people`: search by name or e-mail,
//! organization, role, state, pages; per person: send the invitation again, change the role,
//! switch off or on) and «Пригласить» (`/admin/people/new`, `?organization=` preselects one).
//! Every form works without JavaScript.

use domain::Role;
use domain::person::{PeoplePage, PersonRow, PersonState, can_change_role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::AdminSections;
use crate::api::people::{
    ChangePersonRole, InvitePerson, OrganizationChoice, PEOPLE_PATH, ResendInvitation, SetPersonActive, list_people,
    organization_choices,
};
use crate::components::empty_state::EmptyState;
use crate::components::form::{Field, answered_failure, field_message, form_message};
use crate::components::list::{Column, ListTable, Pager};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;

/// The filters of the list, as the address holds them.
#[derive(Clone, Debug, Default, PartialEq)]
struct PeopleFilters {
    search: String,
    organization: Option<i32>,
    role: Option<Role>,
    state: PersonState,
}

impl PeopleFilters {
    fn href(&self, page: u32) -> String {
        let mut query = Vec::new();
        if !self.search.is_empty() {
            query.push(format!("q={}", domain::validation::percent_encode(&self.search, b"")));
        }
        if let Some(id) = self.organization {
            query.push(format!("organization={id}"));
        }
        if let Some(role) = self.role {
            query.push(format!("role={}", role.as_str()));
        }
        if self.state != PersonState::default() {
            query.push(format!("state={}", self.state.as_str()));
        }
        if page > 1 {
            query.push(format!("page={page}"));
        }
        if query.is_empty() { PEOPLE_PATH.to_owned() } else { format!("{PEOPLE_PATH}?{}", query.join("&")) }
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        PeopleFilters {
            search: query.get("q").unwrap_or_default(),
            organization: query.get("organization").and_then(|id| id.parse().ok()),
            role: query.get("role").and_then(|role| Role::parse(&role)),
            state: query.get("state").and_then(|state| PersonState::parse(&state)).unwrap_or_default(),
        }
    });
    let page = Memo::new(move |_| query.read().get("page").and_then(|page| page.parse::<u32>().ok()).unwrap_or(1).max(1));
    let resend = ServerAction::<ResendInvitation>::new();
    let change_role = ServerAction::<ChangePersonRole>::new();
    let switch = ServerAction::<SetPersonActive>::new();
    let changes = move || (resend.version().get(), change_role.version().get(), switch.version().get());
    let rows = Resource::new(
        move || (filters.get(), page.get(), changes()),
        |(filters, page, _)| {
            list_people(
                Some(filters.search),
                filters.organization,
                filters.role.map(|role| role.as_str().to_owned()),
                Some(filters.state.as_str().to_owned()),
                Some(page),
            )
        },
    );
    let organizations = Resource::new(|| (), |_| organization_choices());
    let failure = Signal::derive(move || {
        [resend.value().get(), change_role.value().get(), switch.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
            .or_else(|| query.read().get("error").and_then(|value| AppError::from_query(&value)))
    });
    let done = move || {
        if resend.value().get().is_some_and(|answer| answer.is_ok()) {
            return Some(admin.resent);
        }
        if change_role.value().get().is_some_and(|answer| answer.is_ok()) {
            return Some(admin.role_changed);
        }
        match query.read().get("done").as_deref() {
            Some("invited") => Some(admin.invited),
            Some("resent") => Some(admin.resent),
            Some("role") => Some(admin.role_changed),
            _ => None,
        }
    };
    view! {
        <Title text=admin.people_section />
        <AdminSections />
        <PageHeader title=admin.people_section subtitle=admin.people_subtitle>
            <a class="btn btn--primary" href="/admin/people/new">{admin.invite}</a>
        </PageHeader>
        <form class="filters card" method="get" action=PEOPLE_PATH role="search" aria-label=texts.filters_label>
            <div class="field filters__search">
                <label class="field__label" for="people-q">{texts.search_label}</label>
                <input class="input" id="people-q" name="q" type="search" maxlength="200"
                    placeholder=admin.people_search prop:value=move || filters.get().search />
            </div>
            <div class="field">
                <label class="field__label" for="people-organization">{admin.organization_label}</label>
                <select class="select" id="people-organization" name="organization">
                    <option value="">{admin.any_organization}</option>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            organizations.await.unwrap_or_default().into_iter().map(|org| {
                                let id = org.id;
                                view! { <option value=id selected=move || filters.get().organization == Some(id)>{org.name}</option> }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="people-role">{admin.role_label}</label>
                <select class="select" id="people-role" name="role">
                    <option value="">{admin.any_role}</option>
                    {Role::ALL.into_iter().map(|role| view! {
                        <option value=role.as_str() selected=move || filters.get().role == Some(role)>{texts.role(role)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="people-state">{admin.state_label}</label>
                <select class="select" id="people-state" name="state">
                    {PersonState::ALL.into_iter().map(|state| view! {
                        <option value=state.as_str() selected=move || filters.get().state == state>{admin.person_state(state)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filters__actions">
                <button class="btn btn--primary" type="submit">{texts.apply_filters}</button>
                <a class="btn btn--ghost" href=PEOPLE_PATH>{texts.reset_filters}</a>
            </div>
        </form>
        {move || failure.get().map(|error| view! { <ErrorAlert message=error.message(texts) /> })}
        {move || done().map(|message| view! { <div class="alert alert--success" role="status">{message}</div> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(found) if found.total == 0 => view! {
                        <EmptyState title=admin.people_empty_title text=admin.people_empty_text
                            action=Some((admin.invite, "/admin/people/new")) />
                    }.into_any(),
                    Ok(found) => view! {
                        <PeopleList found filters=filters.get_untracked() resend change_role switch />
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeopleList(
    found: PeoplePage,
    filters: PeopleFilters,
    resend: ServerAction<ResendInvitation>,
    change_role: ServerAction<ChangePersonRole>,
    switch: ServerAction<SetPersonActive>,
) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let page_count = found.page_count();
    view! {
        <p class="list-summary" role="status">{(admin.found)(found.total)}</p>
        <ListTable class="table people-admin-table" columns=vec![
            Column::new(admin.column_person),
            Column::new(admin.organization_label),
            Column::new(admin.role_label),
            Column::new(admin.state_label),
            Column::new(admin.column_last_sign_in),
            Column::unlabeled(texts.column_actions),
        ]>
            {found.rows.into_iter().map(|person| view! { <PersonLine person resend change_role switch /> }).collect_view()}
        </ListTable>
        <Pager page=found.page page_count href_of=move |page| filters.href(page) />
    }
}

#[component]
fn PersonLine(
    person: PersonRow,
    resend: ServerAction<ResendInvitation>,
    change_role: ServerAction<ChangePersonRole>,
    switch: ServerAction<SetPersonActive>,
) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let id = person.id;
    let select_id = format!("role-{id}");
    let role_label = format!("{} — {}", admin.role_label, person.display_name);
    let switch_label = format!("{} — {}", if person.is_active { admin.switch_off } else { admin.switch_on }, person.display_name);
    let resend_label = format!("{} — {}", admin.resend, person.display_name);
    let current = person.role;
    let busy = move || resend.pending().get() || change_role.pending().get() || switch.pending().get();
    view! {
        <tr>
            <td>
                <div class="person-cell">
                    <span class="person-cell__name">
                        {person.display_name.clone()}
                        {person.is_me.then(|| view! { " " <span class="badge badge--muted">{texts.it_is_you}</span> })}
                    </span>
                    <span class="person-cell__email">{person.email.clone()}</span>
                </div>
            </td>
            <td>{match person.organization.clone() {
                Some((organization_id, name)) => view! {
                    <a href=crate::api::organizations::card_path(organization_id)>{name}</a>
                }.into_any(),
                None => view! { <span class="muted">{texts.support_team}</span> }.into_any(),
            }}</td>
            <td>
                {if person.is_me {
                    view! { <span>{texts.role(current)}</span> }.into_any()
                } else {
                    view! {
                        <ActionForm action=change_role attr:class="inline-form">
                            <input type="hidden" name="id" value=id />
                            <label class="visually-hidden" for=select_id.clone()>{role_label}</label>
                            <select class="select select--small" id=select_id name="role">
                                {Role::ALL.into_iter().filter(|role| can_change_role(current, *role)).map(|role| view! {
                                    <option value=role.as_str() selected=role == current>{texts.role(role)}</option>
                                }).collect_view()}
                            </select>
                            <button class="btn btn--secondary btn--small" type="submit" disabled=busy>{admin.change_role}</button>
                        </ActionForm>
                    }.into_any()
                }}
            </td>
            <td>
                {if !person.is_active {
                    view! { <span class="badge badge--closed">{texts.member_inactive}</span> }.into_any()
                } else if person.invited {
                    view! { <span class="badge badge--awaiting_customer">{admin.invited_badge}</span> }.into_any()
                } else {
                    view! { <span class="badge badge--in_progress">{texts.member_active}</span> }.into_any()
                }}
            </td>
            <td class="nowrap">{person.last_sign_in.clone().unwrap_or_else(|| admin.never_signed_in.to_owned())}</td>
            <td>
                <div class="row-actions">
                    {(person.invited && person.is_active).then(|| view! {
                        <ActionForm action=resend>
                            <input type="hidden" name="id" value=id />
                            <button class="btn btn--secondary btn--small" type="submit" aria-label=resend_label disabled=busy>
                                {admin.resend}
                            </button>
                        </ActionForm>
                    })}
                    {(!person.is_me).then(|| view! {
                        <ActionForm action=switch>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="active" value=if person.is_active { "false" } else { "true" } />
                            <button class=if person.is_active { "btn btn--ghost btn--small" } else { "btn btn--primary btn--small" }
                                type="submit" aria-label=switch_label disabled=busy>
                                {if person.is_active { admin.switch_off } else { admin.switch_on }}
                            </button>
                        </ActionForm>
                    })}
                </div>
            </td>
        </tr>
    }
}

#[component]
pub fn InvitePersonPage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let invite = ServerAction::<InvitePerson>::new();
    let failure = answered_failure(invite.value());
    let fields: &'static [&'static str] = &["email", "display_name", "role", "organization"];
    let form_error = form_message(failure, texts, fields);
    let error = move |field: &'static str| field_message(failure, texts, field);
    let (email_error, name_error, role_error, organization_error) =
        (error("email"), error("display_name"), error("role"), error("organization"));
    let pending = invite.pending();
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let typed_role = Role::parse(&typed("role")).unwrap_or(Role::Customer);
    let typed_organization = typed("organization");
    let organizations = Resource::new(|| (), |_| organization_choices());
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if invite.value().get().is_some_and(|answer| answer.is_ok()) {
            navigate(&format!("{PEOPLE_PATH}?state=invited&done=invited"), Default::default());
        }
    });
    view! {
        <Title text=admin.invite_title />
        <AdminSections />
        <PageHeader title=admin.invite_title subtitle=admin.invite_lead />
        <div class="card admin-form">
            <ActionForm action=invite attr:class="form" attr:novalidate="novalidate">
                <Field id="email" label=texts.email required=true error=email_error>
                    <input class="input" id="email" name="email" type="email" inputmode="email" maxlength="254" required
                        value=typed("email") aria-describedby="email-error" aria-invalid=move || email_error.get().map(|_| "true") />
                </Field>
                <Field id="display_name" label=admin.field_display_name required=true error=name_error>
                    <input class="input" id="display_name" name="display_name" maxlength="200" required value=typed("display_name")
                        aria-describedby="display_name-error" aria-invalid=move || name_error.get().map(|_| "true") />
                </Field>
                <div class="form__row">
                    <Field id="role" label=admin.role_label required=true error=role_error>
                        <select class="select" id="role" name="role" aria-describedby="role-error">
                            {Role::ALL.into_iter().map(|role| view! {
                                <option value=role.as_str() selected=role == typed_role>{texts.role(role)}</option>
                            }).collect_view()}
                        </select>
                    </Field>
                    <Field id="organization" label=admin.organization_label hint=admin.invite_staff_hint error=organization_error>
                        <select class="select" id="organization" name="organization" aria-describedby="organization-hint organization-error">
                            <option value="">{admin.no_organization}</option>
                            <Suspense fallback=|| ()>
                                {move || {
                                    let typed_organization = typed_organization.clone();
                                    Suspend::new(async move {
                                        organizations.await.unwrap_or_default().into_iter().map(|OrganizationChoice { id, name }| {
                                            view! { <option value=id selected=typed_organization == id.to_string()>{name}</option> }
                                        }).collect_view()
                                    })
                                }}
                            </Suspense>
                        </select>
                    </Field>
                </div>
                {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                <div class="form__actions">
                    <a class="btn btn--ghost" href=PEOPLE_PATH>{texts.cancel}</a>
                    <button class="btn btn--primary" type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { admin.sending_invitation } else { admin.send_invitation }}
                    </button>
                </div>
            </ActionForm>
        </div>
    }
}
