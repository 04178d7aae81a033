//! The organization admin's pages: «Запросы без автора» (`/requests/authorless`) and
//! «Сотрудники» (`/org/members`). Other roles get «Нет доступа» here and 403 from the server.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::org_admin::{AssignRequestAuthor, AuthorlessItem, MemberItem, SetMemberActive, authorless_requests, org_members};
use crate::components::empty_state::EmptyState;
use crate::components::list::{Column, ListTable, SearchForm, search_query};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::i18n::use_texts;

#[component]
pub fn AuthorlessRequestsPage() -> impl IntoView {
    let texts = use_texts();
    let search = search_query();
    let assign = ServerAction::<AssignRequestAuthor>::new();
    let rows = Resource::new(move || (search.get(), assign.version().get()), |(search, _)| authorless_requests(search));
    let members = Resource::new(|| (), |_| org_members(None));
    let failure = move || assign.value().get().and_then(|result| result.err()).map(|error| error.message(texts));
    let done = move || assign.value().get().is_some_and(|result| result.is_ok());
    view! {
        <Title text=texts.authorless_requests />
        <PageHeader title=texts.authorless_requests subtitle=texts.authorless_subtitle />
        <SearchForm action="/requests/authorless" input_id="authorless-q" placeholder=texts.search_placeholder search />
        {move || failure().map(|message| view! { <ErrorAlert message /> })}
        {move || done().then(|| view! { <div class="alert alert--success" role="status">{texts.author_assigned}</div> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let members = members.await.unwrap_or_default();
                let active: Vec<MemberItem> = members.into_iter().filter(|m| m.is_active).collect();
                match rows.await {
                    Ok(rows) if rows.is_empty() && search.get_untracked().is_some() => view! {
                        <EmptyState title=texts.nothing_found_title text=texts.nothing_found_text />
                    }.into_any(),
                    Ok(rows) if rows.is_empty() => view! {
                        <EmptyState title=texts.authorless_empty_title text=texts.authorless_empty_text />
                    }.into_any(),
                    Ok(rows) => view! {
                        <ListTable class="table authorless-table" columns=vec![
                            Column::new(texts.column_number),
                            Column::new(texts.column_subject),
                            Column::new(texts.column_contact),
                            Column::new(texts.column_created),
                            Column::new(texts.column_assign),
                        ]>
                            {rows.into_iter().map(|row| view! { <AuthorlessRow row members=active.clone() assign /> }).collect_view()}
                        </ListTable>
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuthorlessRow(row: AuthorlessItem, members: Vec<MemberItem>, assign: ServerAction<AssignRequestAuthor>) -> impl IntoView {
    let texts = use_texts();
    let chosen = RwSignal::new(String::new());
    let request_id = row.id;
    let select_id = format!("author-{}", row.id);
    let label = format!("{} № {}", texts.choose_author, row.number);
    let pending = assign.pending();
    view! {
        <tr>
            <td class="requests-table__number">{row.number}</td>
            <td>{row.subject}</td>
            <td>{row.contact.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="nowrap">{row.created}</td>
            <td>
                <div class="assign-author">
                    <label class="visually-hidden" for=select_id.clone()>{label}</label>
                    <select class="select" id=select_id prop:value=move || chosen.get()
                        on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="">{texts.choose_author}</option>
                        {members.into_iter().map(|m| view! { <option value=m.id.to_string()>{m.display_name}</option> }).collect_view()}
                    </select>
                    <button class="btn btn--primary btn--small" type="button"
                        disabled=move || pending.get() || chosen.get().is_empty()
                        on:click=move |_| {
                            if let Ok(author_id) = chosen.get_untracked().parse::<i32>() {
                                assign.dispatch(AssignRequestAuthor { request_id, author_id: Some(author_id) });
                            }
                        }>{texts.assign_author}</button>
                    <button class="btn btn--secondary btn--small" type="button" disabled=move || pending.get()
                        on:click=move |_| { assign.dispatch(AssignRequestAuthor { request_id, author_id: None }); }>
                        {texts.take_myself}
                    </button>
                </div>
            </td>
        </tr>
    }
}

#[component]
pub fn OrgMembersPage() -> impl IntoView {
    let texts = use_texts();
    let change = ServerAction::<SetMemberActive>::new();
    let search = search_query();
    let members = Resource::new(move || (search.get(), change.version().get()), |(search, _)| org_members(search));
    let failure = move || change.value().get().and_then(|result| result.err()).map(|error| error.message(texts));
    view! {
        <Title text=texts.org_members />
        <PageHeader title=texts.org_members subtitle=texts.org_members_subtitle />
        <SearchForm action="/org/members" input_id="members-q" placeholder=texts.members_search_placeholder search />
        {move || failure().map(|message| view! { <ErrorAlert message /> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(members) if members.is_empty() => view! {
                        <EmptyState title=texts.nothing_found_title text=texts.nothing_found_text />
                    }.into_any(),
                    Ok(members) => view! {
                        <ListTable class="table members-table" columns=vec![
                            Column::new(texts.column_name),
                            Column::new(texts.email),
                            Column::new(texts.column_role),
                            Column::new(texts.column_state),
                            Column::unlabeled(texts.column_actions),
                        ]>
                            {members.into_iter().map(|member| {
                                let user_id = member.id;
                                let active = member.is_active;
                                let action_label = format!("{} — {}", if active { texts.deactivate_member } else { texts.reactivate_member }, member.display_name);
                                view! {
                                    <tr>
                                        <td>{member.display_name.clone()}{member.is_me.then(|| view! { " " <span class="badge badge--muted">{texts.it_is_you}</span> })}</td>
                                        <td>{member.email.clone()}</td>
                                        <td>{texts.role(member.role)}</td>
                                        <td>
                                            <span class=if active { "badge badge--in_progress" } else { "badge badge--closed" }>
                                                {if active { texts.member_active } else { texts.member_inactive }}
                                            </span>
                                        </td>
                                        <td>
                                            {(!member.is_me).then(|| view! {
                                                <button class=if active { "btn btn--secondary btn--small" } else { "btn btn--primary btn--small" }
                                                    type="button" aria-label=action_label disabled=move || change.pending().get()
                                                    on:click=move |_| { change.dispatch(SetMemberActive { user_id, active: !active }); }>
                                                    {if active { texts.deactivate_member } else { texts.reactivate_member }}
                                                </button>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </ListTable>
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
