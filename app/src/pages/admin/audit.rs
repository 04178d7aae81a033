//! «Журнал изменений» (`/admin/audit`): every recorded change, newest first — when, who, what
//! (topic and verb, with its subject and organization) and each field before → after. The filters
//! are a GET form (section, who, organization, days), so the page works without JavaScript and
//! a filtered view can be linked to (an organization's card links to its part).

use domain::audit::{AuditArea, AuditChange, AuditPage, AuditRow, AuditValue};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::AdminSections;
use crate::api::audit::{AUDIT_PATH, audit_journal};
use crate::components::empty_state::EmptyState;
use crate::components::list::{Column, ListTable, Pager};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::i18n::use_texts;

/// The filters of the journal, as the address holds them.
#[derive(Clone, Debug, Default, PartialEq)]
struct AuditFilters {
    area: Option<AuditArea>,
    who: String,
    organization: Option<i32>,
    from: String,
    to: String,
}

impl AuditFilters {
    fn href(&self, page: u32) -> String {
        let encode = |value: &str| domain::validation::percent_encode(value, b"");
        let mut query = Vec::new();
        if let Some(area) = self.area {
            query.push(format!("area={}", area.as_str()));
        }
        if !self.who.is_empty() {
            query.push(format!("who={}", encode(&self.who)));
        }
        if let Some(id) = self.organization {
            query.push(format!("organization={id}"));
        }
        if !self.from.is_empty() {
            query.push(format!("from={}", encode(&self.from)));
        }
        if !self.to.is_empty() {
            query.push(format!("to={}", encode(&self.to)));
        }
        if page > 1 {
            query.push(format!("page={page}"));
        }
        if query.is_empty() { AUDIT_PATH.to_owned() } else { format!("{AUDIT_PATH}?{}", query.join("&")) }
    }
}

/// The journal's address narrowed to one organization (its card links here).
pub fn organization_journal_path(organization_id: i32) -> String {
    AuditFilters { organization: Some(organization_id), ..Default::default() }.href(1)
}

#[component]
pub fn AuditJournalPage() -> impl IntoView {
    let texts = use_texts();
    let audit = texts.audit();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        AuditFilters {
            area: query.get("area").and_then(|area| AuditArea::parse(&area)),
            who: query.get("who").unwrap_or_default(),
            organization: query.get("organization").and_then(|id| id.parse().ok()),
            from: query.get("from").unwrap_or_default(),
            to: query.get("to").unwrap_or_default(),
        }
    });
    let page = Memo::new(move |_| query.read().get("page").and_then(|page| page.parse::<u32>().ok()).unwrap_or(1).max(1));
    let journal = Resource::new(
        move || (filters.get(), page.get()),
        |(filters, page)| {
            let text = |value: String| (!value.is_empty()).then_some(value);
            audit_journal(
                filters.area.map(|area| area.as_str().to_owned()),
                text(filters.who),
                filters.organization,
                text(filters.from),
                text(filters.to),
                Some(page),
            )
        },
    );
    view! {
        <Title text=audit.section />
        <AdminSections />
        <PageHeader title=audit.section subtitle=audit.subtitle />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let answer = journal.await;
                let organizations = answer.as_ref().map(|found| found.organizations.clone()).unwrap_or_default();
                view! {
                    <AuditFilterForm filters=filters.get_untracked() organizations />
                    {match answer {
                        Ok(found) if found.total == 0 => view! {
                            <EmptyState title=audit.empty_title text=audit.empty_text />
                        }.into_any(),
                        Ok(found) => view! { <AuditList found filters=filters.get_untracked() /> }.into_any(),
                        Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                    }}
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditFilterForm(filters: AuditFilters, organizations: Vec<(i32, String)>) -> impl IntoView {
    let texts = use_texts();
    let audit = texts.audit();
    view! {
        <form class="filters card audit-filters" method="get" action=AUDIT_PATH role="search" aria-label=texts.filters_label>
            <div class="field">
                <label class="field__label" for="audit-area">{audit.area_label}</label>
                <select class="select" id="audit-area" name="area">
                    <option value="">{audit.any_area}</option>
                    {AuditArea::ALL.into_iter().map(|area| view! {
                        <option value=area.as_str() selected=filters.area == Some(area)>{audit.area(area)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="audit-who">{audit.who_label}</label>
                <input class="input" id="audit-who" name="who" type="search" maxlength="200"
                    placeholder=audit.who_placeholder value=filters.who.clone() />
            </div>
            <div class="field">
                <label class="field__label" for="audit-organization">{audit.organization_label}</label>
                <select class="select" id="audit-organization" name="organization">
                    <option value="">{audit.any_organization}</option>
                    {organizations.into_iter().map(|(id, name)| view! {
                        <option value=id selected=filters.organization == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="audit-from">{audit.from_label}</label>
                <input class="input" id="audit-from" name="from" type="date" value=filters.from.clone() />
            </div>
            <div class="field">
                <label class="field__label" for="audit-to">{audit.to_label}</label>
                <input class="input" id="audit-to" name="to" type="date" value=filters.to.clone() />
            </div>
            <div class="filters__actions">
                <button class="btn btn--primary" type="submit">{texts.apply_filters}</button>
                <a class="btn btn--ghost" href=AUDIT_PATH>{texts.reset_filters}</a>
            </div>
        </form>
    }
}

#[component]
fn AuditList(found: AuditPage, filters: AuditFilters) -> impl IntoView {
    let texts = use_texts();
    let audit = texts.audit();
    let page_count = found.page_count();
    view! {
        <p class="list-summary" role="status">{(audit.found)(found.total)}</p>
        <ListTable class="table audit-table" columns=vec![
            Column::new(audit.column_when),
            Column::new(audit.column_who),
            Column::new(audit.column_what),
            Column::new(audit.column_changes),
        ]>
            {found.rows.into_iter().map(|row| view! { <AuditLine row /> }).collect_view()}
        </ListTable>
        <Pager page=found.page page_count href_of=move |page| filters.href(page) />
    }
}

#[component]
fn AuditLine(row: AuditRow) -> impl IntoView {
    let texts = use_texts();
    let audit = texts.audit();
    let what = audit.kind(row.kind, &row.code);
    // What an event only states (a creation) lists the values it has; every list in one order.
    let mut changes: Vec<AuditChange> = row
        .changes
        .into_iter()
        .filter(|change| change.before != AuditValue::Empty || change.after != AuditValue::Empty)
        .collect();
    changes.sort_by_key(|change| audit.field_rank(&change.field));
    view! {
        <tr>
            <td class="nowrap">{row.at}</td>
            <td>{match row.actor {
                Some(name) => view! { <span>{name}</span> }.into_any(),
                None => view! { <span class="muted" title=audit.portal_hint>{audit.portal}</span> }.into_any(),
            }}</td>
            <td>
                <div class="audit-what">
                    <span class="audit-what__kind">{what}</span>
                    {row.subject.map(|subject| match subject.href {
                        Some(href) => view! { <a class="audit-what__subject" href=href>{subject.label}</a> }.into_any(),
                        None => view! { <span class="audit-what__subject">{subject.label}</span> }.into_any(),
                    })}
                    {row.organization.map(|(id, name)| view! {
                        <a class="audit-what__organization" href=crate::api::organizations::card_path(id)>{name}</a>
                    })}
                </div>
            </td>
            <td>
                {(!changes.is_empty()).then(|| view! {
                    <dl class="audit-changes">
                        {changes.into_iter().map(|change| view! { <ChangeLine change /> }).collect_view()}
                    </dl>
                })}
            </td>
        </tr>
    }
}

/// «ИНН: 7707083893 → 7707083894»; a stated value (no before) shows alone.
#[component]
fn ChangeLine(change: AuditChange) -> impl IntoView {
    let texts = use_texts();
    let audit = texts.audit();
    let before = (change.before != AuditValue::Empty).then(|| audit.value(texts, &change.field, &change.before));
    let after = audit.value(texts, &change.field, &change.after);
    view! {
        <div class="audit-changes__item">
            <dt>{audit.field(&change.field)}</dt>
            <dd>
                {before.map(|before| view! {
                    <span class="audit-changes__before">{before}</span>
                    <span class="audit-changes__arrow" aria-hidden="true">" → "</span>
                    <span class="visually-hidden">{format!(" {} ", audit.changed_to)}</span>
                })}
                <span class="audit-changes__after">{after}</span>
            </dd>
        </div>
    }
}
