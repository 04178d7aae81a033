//! Parts of a filtered list page: the one-field search form over a list (`?q=`). Styles in
//! style/components/list.css.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_texts;

/// The `?q=` of the address, `None` when it is missing or blank.
pub fn search_query() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("q").filter(|q| !q.trim().is_empty()))
}

/// A search form that reloads `action` with `?q=…` (a plain GET, so it works before the wasm
/// arrives); «Сбросить» goes back to `action` itself.
#[component]
pub fn SearchForm(
    action: &'static str,
    /// The id of the field, unique on the page.
    input_id: &'static str,
    placeholder: &'static str,
    search: Memo<Option<String>>,
) -> impl IntoView {
    let texts = use_texts();
    view! {
        <form class="filters card" method="get" action=action role="search" aria-label=texts.filters_label>
            <div class="field filters__search">
                <label class="field__label" for=input_id>{texts.search_label}</label>
                <input class="input" id=input_id name="q" type="search" maxlength="200"
                    placeholder=placeholder prop:value=move || search.get().unwrap_or_default() />
            </div>
            <div class="filters__actions">
                <button class="btn btn--primary" type="submit">{texts.apply_filters}</button>
                <a class="btn btn--ghost" href=action>{texts.reset_filters}</a>
            </div>
        </form>
    }
}

/// The head of one column of a [`ListTable`].
pub struct Column {
    label: &'static str,
    class: Option<&'static str>,
    /// Read by screen readers only (the column of a row's buttons).
    hidden: bool,
}

impl Column {
    pub fn new(label: &'static str) -> Column {
        Column { label, class: None, hidden: false }
    }

    /// A column whose head only screen readers read, e.g. the row's buttons.
    pub fn unlabeled(label: &'static str) -> Column {
        Column { hidden: true, ..Column::new(label) }
    }

    pub fn with_class(self, class: &'static str) -> Column {
        Column { class: Some(class), ..self }
    }
}

/// The table of a list: one header row of `columns`, the rows as children. On phones the
/// wrapper scrolls sideways instead of squeezing the columns (`.table-wrap`).
#[component]
pub fn ListTable(
    /// The table's classes, e.g. `"table requests-table"`.
    class: &'static str,
    columns: Vec<Column>,
    children: Children,
) -> impl IntoView {
    let heads = columns
        .into_iter()
        .map(|column| {
            let label = if column.hidden {
                view! { <span class="visually-hidden">{column.label}</span> }.into_any()
            } else {
                column.label.into_any()
            };
            view! { <th scope="col" class=column.class>{label}</th> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class=class>
                <thead>
                    <tr>{heads}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// «Назад · Страница 2 из 5 · Дальше» under a paged list: plain links (`href_of(page)`), so
/// paging works before the wasm arrives and the address says which page is shown.
#[component]
pub fn Pager(page: u32, page_count: u32, href_of: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    (page_count > 1).then(|| {
        let previous = (page > 1).then(|| href_of(page - 1));
        let next = (page < page_count).then(|| href_of(page + 1));
        view! {
            <nav class="pagination" aria-label=texts.pagination_label>
                {match previous {
                    Some(href) => view! { <a class="btn btn--secondary btn--small" href=href rel="prev">{admin.previous}</a> }.into_any(),
                    None => view! { <span class="btn btn--secondary btn--small" aria-disabled="true">{admin.previous}</span> }.into_any(),
                }}
                <span class="pagination__position">{(admin.page_of)(page, page_count)}</span>
                {match next {
                    Some(href) => view! { <a class="btn btn--secondary btn--small" href=href rel="next">{admin.next}</a> }.into_any(),
                    None => view! { <span class="btn btn--secondary btn--small" aria-disabled="true">{admin.next}</span> }.into_any(),
                }}
            </nav>
        }
    })
}
