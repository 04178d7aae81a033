//! «Мои запросы», «Запросы организации» and the support «Очередь»: one list with search,
//! filters, sorting and keyset pagination. The state lives in the URL query, and the filter
//! form is a plain GET form, so the list works before (and without) hydration.

use domain::validation::percent_encode;
use domain::{RequestKind, RequestStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::requests::{ListParams, RequestListPage, RequestScope, list_requests, queue_organizations};
use crate::components::empty_state::EmptyState;
use crate::components::list::{Column, ListTable};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::i18n::{Texts, use_texts};

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    view! { <RequestList scope=RequestScope::Mine /> }
}

#[component]
pub fn OrgRequestsPage() -> impl IntoView {
    view! { <RequestList scope=RequestScope::Organization /> }
}

struct ListTexts {
    title: &'static str,
    subtitle: &'static str,
    empty_title: &'static str,
    empty_text: &'static str,
}

fn list_texts(texts: &'static Texts, scope: RequestScope) -> ListTexts {
    match scope {
        RequestScope::Mine => ListTexts {
            title: texts.my_requests,
            subtitle: texts.my_requests_subtitle,
            empty_title: texts.my_empty_title,
            empty_text: texts.my_empty_text,
        },
        RequestScope::Organization => ListTexts {
            title: texts.org_requests,
            subtitle: texts.org_requests_subtitle,
            empty_title: texts.org_empty_title,
            empty_text: texts.org_empty_text,
        },
        RequestScope::Queue => ListTexts {
            title: texts.queue,
            subtitle: texts.queue_subtitle,
            empty_title: texts.queue_empty_title,
            empty_text: texts.queue_empty_text,
        },
    }
}

#[component]
pub fn RequestList(scope: RequestScope) -> impl IntoView {
    let texts = use_texts();
    let labels = list_texts(texts, scope);
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        ListParams {
            search: query.get("q"),
            status: query.get("status"),
            kind: query.get("kind"),
            sort: query.get("sort"),
            after: query.get("after"),
            organization: query.get("organization"),
            assigned: query.get("assigned"),
        }
    });
    let page = Resource::new(
        move || params.get(),
        move |p| list_requests(scope, p.search, p.status, p.kind, p.sort, p.after, p.organization, p.assigned),
    );
    let base_path = match scope {
        RequestScope::Mine => "/requests/my",
        RequestScope::Organization => "/requests/org",
        RequestScope::Queue => "/queue",
    };

    view! {
        <Title text=labels.title />
        {if scope == RequestScope::Queue {
            // Support registers phone calls and letters as requests without author.
            view! {
                <PageHeader title=labels.title subtitle=labels.subtitle>
                    <a class="btn btn--primary" href="/queue/new">{texts.on_behalf().open_form}</a>
                </PageHeader>
            }.into_any()
        } else {
            view! { <PageHeader title=labels.title subtitle=labels.subtitle /> }.into_any()
        }}
        <Filters params base_path queue=scope == RequestScope::Queue />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let filtered = {
                    let p = params.get_untracked();
                    [p.search, p.status, p.kind, p.organization, p.assigned].into_iter().any(|v| v.is_some_and(|s| !s.is_empty()))
                };
                match page.await {
                    Ok(page) if page.total == 0 && !filtered => {
                        let action = (scope != RequestScope::Queue).then_some((texts.create_request, "/requests/new"));
                        view! { <EmptyState title=labels.empty_title text=labels.empty_text action /> }.into_any()
                    }
                    Ok(page) if page.total == 0 => view! {
                        <EmptyState title=texts.nothing_found_title text=texts.nothing_found_text />
                    }.into_any(),
                    Ok(page) => view! { <Table page scope params base_path /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(params: Memo<ListParams>, base_path: &'static str, queue: bool) -> impl IntoView {
    let texts = use_texts();
    let current = move || params.get();
    view! {
        <form class="filters card" method="get" action=base_path role="search" aria-label=texts.filters_label>
            <div class="field filters__search">
                <label class="field__label" for="filter-q">{texts.search_label}</label>
                <input class="input" id="filter-q" name="q" type="search" maxlength="200"
                    placeholder=texts.search_placeholder prop:value=move || current().search.unwrap_or_default() />
            </div>
            <div class="field">
                <label class="field__label" for="filter-status">{texts.column_status}</label>
                <select class="select" id="filter-status" name="status">
                    <option value="">{texts.any_status}</option>
                    {RequestStatus::ALL.into_iter().map(|status| view! {
                        <option value=status.as_str() selected=move || current().status.as_deref() == Some(status.as_str())>
                            {texts.status(status)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="filter-kind">{texts.column_kind}</label>
                <select class="select" id="filter-kind" name="kind">
                    <option value="">{texts.any_kind}</option>
                    {RequestKind::ALL.into_iter().map(|kind| view! {
                        <option value=kind.as_str() selected=move || current().kind.as_deref() == Some(kind.as_str())>
                            {texts.kind_short(kind)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            {queue.then(|| view! { <QueueFilters params /> })}
            <div class="field">
                <label class="field__label" for="filter-sort">{texts.sort_label}</label>
                <select class="select" id="filter-sort" name="sort">
                    <option value="updated" selected=move || current().sort.as_deref() != Some("created")>{texts.sort_updated}</option>
                    <option value="created" selected=move || current().sort.as_deref() == Some("created")>{texts.sort_created}</option>
                </select>
            </div>
            <div class="filters__actions">
                <button class="btn btn--primary" type="submit">{texts.apply_filters}</button>
                <a class="btn btn--ghost" href=base_path>{texts.reset_filters}</a>
            </div>
        </form>
    }
}

/// «Организация» and «Ответственный»: the queue's own filters.
#[component]
fn QueueFilters(params: Memo<ListParams>) -> impl IntoView {
    let texts = use_texts();
    let current = move || params.get();
    let organizations = Resource::new(|| (), |_| queue_organizations());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let options = organizations.await.unwrap_or_default().into_iter().map(|organization| {
                    let id = organization.id.to_string();
                    let selected = { let id = id.clone(); move || current().organization.as_deref() == Some(id.as_str()) };
                    view! { <option value=id selected=selected>{organization.name}</option> }
                }).collect_view();
                view! {
                    <div class="field">
                        <label class="field__label" for="filter-organization">{texts.column_organization}</label>
                        <select class="select" id="filter-organization" name="organization">
                            <option value="">{texts.any_organization}</option>
                            {options}
                        </select>
                    </div>
                }
            })}
        </Suspense>
        <div class="field">
            <label class="field__label" for="filter-assigned">{texts.assignment_label}</label>
            <select class="select" id="filter-assigned" name="assigned">
                <option value="">{texts.assignment_any}</option>
                <option value="me" selected=move || current().assigned.as_deref() == Some("me")>{texts.assignment_mine}</option>
                <option value="unassigned" selected=move || current().assigned.as_deref() == Some("unassigned")>{texts.assignment_unassigned}</option>
            </select>
        </div>
    }
}

#[component]
fn Table(page: RequestListPage, scope: RequestScope, params: Memo<ListParams>, base_path: &'static str) -> impl IntoView {
    let texts = use_texts();
    let show_organization = scope == RequestScope::Queue;
    let current = params.get_untracked();
    let next_href = page.next.as_deref().map(|cursor| list_href(base_path, &current, Some(cursor)));
    let first_href = current.after.is_some().then(|| list_href(base_path, &current, None));
    let columns = [
        Some(Column::new(texts.column_number)),
        Some(Column::new(texts.column_subject)),
        Some(Column::new(texts.column_kind)),
        Some(Column::new(texts.column_product)),
        show_organization.then(|| Column::new(texts.column_organization)),
        Some(Column::new(texts.column_status)),
        Some(Column::new(texts.column_created)),
        Some(Column::new(texts.column_updated)),
    ];
    let columns: Vec<Column> = columns.into_iter().flatten().collect();
    view! {
        <p class="list-summary" role="status">{(texts.found_requests)(page.total)}</p>
        <ListTable class="table requests-table" columns>
            {page.rows.into_iter().map(|row| view! {
                <tr>
                    <td class="requests-table__number"><a href=format!("/requests/{}", row.number)>{row.number}</a></td>
                    <td class="requests-table__subject">
                        <a class="requests-table__link" href=format!("/requests/{}", row.number)>{row.subject}</a>
                        {row.author_name.is_none().then(|| view! { " " <span class="badge badge--muted">{texts.no_author}</span> })}
                    </td>
                    <td>{texts.kind_short(row.kind)}</td>
                    <td>{row.product_name.unwrap_or_else(|| "—".to_owned())}</td>
                    {show_organization.then(|| view! { <td>{row.organization_name.clone()}</td> })}
                    <td><span class=format!("badge badge--{}", row.status.as_str())>{texts.status(row.status)}</span></td>
                    <td class="nowrap">{row.created}</td>
                    <td class="nowrap">{row.updated}</td>
                </tr>
            }).collect_view()}
        </ListTable>
        <nav class="pagination" aria-label=texts.pagination_label>
            {first_href.map(|href| view! { <a class="btn btn--secondary" href=href>{texts.first_page}</a> })}
            {next_href.map(|href| view! { <a class="btn btn--secondary" href=href rel="next">{texts.next_page}</a> })}
        </nav>
    }
}

/// The list's URL with the same filters, starting after `cursor` (or at the first page).
fn list_href(base_path: &str, params: &ListParams, cursor: Option<&str>) -> String {
    let filters = [
        ("q", &params.search),
        ("status", &params.status),
        ("kind", &params.kind),
        ("organization", &params.organization),
        ("assigned", &params.assigned),
        ("sort", &params.sort),
    ];
    let mut query: Vec<String> = filters
        .into_iter()
        .filter_map(|(key, value)| {
            value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{key}={}", percent_encode(v, b"")))
        })
        .collect();
    if let Some(cursor) = cursor {
        query.push(format!("after={}", percent_encode(cursor, b"")));
    }
    if query.is_empty() { base_path.to_owned() } else { format!("{base_path}?{}", query.join("&")) }
}
