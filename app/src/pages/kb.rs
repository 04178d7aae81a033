//! «База знаний»: the staff list of articles (`/kb`), the editor (`/kb/new`, `/kb/:id/edit`) and
//! the article page anyone signed in may open by link (`/kb/articles/:id`; customers see published
//! articles only — the server function decides).

use domain::validation::Code;
use domain::validation::percent_encode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::kb::{EditorContent, SetArticlePublished, article_editor, get_article, list_articles, save_article};
use crate::api::requests::ProductOption;
use crate::components::empty_state::EmptyState;
use crate::components::form::{Field, FieldErrors, FormActions, error_of};
use crate::components::kb_article::ArticleContent;
use crate::components::list::{Column, ListTable};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;
use domain::kb::{ArticleFields, ArticleListPage};

#[component]
pub fn KbListPage() -> impl IntoView {
    let texts = use_texts();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page_number = Memo::new(move |_| query.read().get("page").and_then(|p| p.parse::<u64>().ok()).unwrap_or(1));
    let saved = Memo::new(move |_| query.read().get("saved").is_some());
    let toggle = ServerAction::<SetArticlePublished>::new();
    let page = Resource::new(
        move || (search.get(), page_number.get(), toggle.version().get()),
        |(search, page, _)| list_articles(Some(search), Some(page)),
    );
    view! {
        <Title text=texts.kb_nav />
        <PageHeader title=texts.kb_nav subtitle=texts.kb_subtitle>
            <a class="btn btn--primary" href="/kb/new">{texts.kb_create}</a>
        </PageHeader>
        {move || saved.get().then(|| view! { <div class="alert alert--success" role="status">{texts.kb_saved}</div> })}
        <form class="kb-search card" method="get" action="/kb" role="search" aria-label=texts.search_label>
            <label class="visually-hidden" for="kb-q">{texts.search_label}</label>
            <input class="input" id="kb-q" name="q" type="search" maxlength="200"
                placeholder=texts.kb_search_placeholder prop:value=move || search.get() />
            <button class="btn btn--primary" type="submit">{texts.apply_filters}</button>
            {move || (!search.get().is_empty()).then(|| view! { <a class="btn btn--ghost" href="/kb">{texts.reset_filters}</a> })}
        </form>
        {move || toggle.value().get().and_then(|result| result.err()).map(|error| view! { <ErrorAlert message=error.message(texts) /> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) if page.total == 0 && search.get_untracked().is_empty() => view! {
                        <EmptyState title=texts.kb_empty_title text=texts.kb_empty_text action=Some((texts.kb_create, "/kb/new")) />
                    }.into_any(),
                    Ok(page) if page.total == 0 => view! {
                        <EmptyState title=texts.nothing_found_title text=texts.nothing_found_text />
                    }.into_any(),
                    Ok(page) => view! { <ArticleTable page search=search.get_untracked() toggle /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ArticleTable(page: ArticleListPage, search: String, toggle: ServerAction<SetArticlePublished>) -> impl IntoView {
    let texts = use_texts();
    let page_href = move |number: u64| {
        let mut query = Vec::new();
        if !search.is_empty() {
            query.push(format!("q={}", percent_encode(&search, b"")));
        }
        if number > 1 {
            query.push(format!("page={number}"));
        }
        if query.is_empty() { "/kb".to_owned() } else { format!("/kb?{}", query.join("&")) }
    };
    let previous = (page.page > 1).then(|| page_href(page.page - 1));
    let next = (page.page < page.pages).then(|| page_href(page.page + 1));
    view! {
        <p class="list-summary" role="status">{(texts.kb_found_articles)(page.total)}</p>
        <ListTable class="table table--compact kb-table" columns=vec![
            Column::new(texts.kb_column_title),
            Column::new(texts.kb_column_scope),
            Column::new(texts.column_status),
            Column::new(texts.column_updated),
            Column::new(texts.kb_column_helped).with_class("kb-table__number"),
            Column::unlabeled(texts.kb_column_actions),
        ]>
            {page.rows.into_iter().map(|row| {
                let scope = match (row.product_name, row.version_name) {
                    (Some(product), Some(version)) => format!("{product} {version}"),
                    (Some(product), None) => product,
                    _ => texts.kb_all_products.to_owned(),
                };
                let (id, published) = (row.id, row.is_published);
                view! {
                    <tr>
                        <td class="kb-table__title"><a href=format!("/kb/articles/{id}")>{row.title.clone()}</a></td>
                        <td>{scope}</td>
                        <td>
                            {if published {
                                view! { <span class="badge badge--resolved">{texts.kb_published}</span> }.into_any()
                            } else {
                                view! { <span class="badge badge--muted">{texts.kb_unpublished}</span> }.into_any()
                            }}
                        </td>
                        <td class="nowrap">{row.updated}</td>
                        <td class="kb-table__number">{row.deflections}</td>
                        <td>
                            <div class="kb-table__actions">
                            <a class="btn btn--ghost btn--small" href=format!("/kb/{id}/edit")
                                aria-label=format!("{} «{}»", texts.kb_edit, row.title)>{texts.kb_edit}</a>
                            <button class="btn btn--secondary btn--small" type="button"
                                aria-label=format!("{} «{}»", if published { texts.kb_unpublish } else { texts.kb_publish }, row.title)
                                disabled=move || toggle.pending().get()
                                on:click=move |_| { toggle.dispatch(SetArticlePublished { id, published: !published }); }>
                                {if published { texts.kb_unpublish } else { texts.kb_publish }}
                            </button>
                            </div>
                        </td>
                    </tr>
                }
            }).collect_view()}
        </ListTable>
        <nav class="pagination" aria-label=texts.pagination_label>
            {(page.pages > 1).then(|| view! { <span class="pagination__position">{(texts.kb_page_of)(page.page, page.pages)}</span> })}
            {previous.map(|href| view! { <a class="btn btn--secondary" href=href rel="prev">{texts.kb_previous_page}</a> })}
            {next.map(|href| view! { <a class="btn btn--secondary" href=href rel="next">{texts.next_page}</a> })}
        </nav>
    }
}

/// `/kb/new` or `/kb/:id/edit`.
#[component]
pub fn KbEditorPage() -> impl IntoView {
    let texts = use_texts();
    let params = use_params_map();
    // `None` for a new article; `Some(Err)` when the address holds no number.
    let id = Memo::new(move |_| params.read().get("id").map(|id| id.parse::<i32>().map_err(|_| AppError::NotFound)));
    let editor = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(Err(error)) => Err(error),
                Some(Ok(id)) => article_editor(Some(id)).await,
                None => article_editor(None).await,
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let id = id.get_untracked().and_then(Result::ok);
                match editor.await {
                    Ok(editor) => view! { <EditorForm id editor /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn parse_id(value: &str) -> Option<i32> {
    value.parse().ok()
}

/// Splits «печать, cups ,» into `["печать", "cups"]`.
fn split_tags(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned).collect()
}

/// The checks that need no database (limits as in `portal_service::kb`); the server repeats them
/// and checks the rest.
fn validate_fields(fields: &ArticleFields) -> Vec<(String, Code)> {
    let mut errors = Vec::new();
    if fields.title.trim().is_empty() {
        errors.push(("title".to_owned(), Code::KbTitleRequired));
    }
    if fields.body.trim().is_empty() {
        errors.push(("body".to_owned(), Code::KbBodyRequired));
    }
    if fields.tags.iter().any(|tag| tag.chars().count() > 40) {
        errors.push(("tags".to_owned(), Code::KbTagsTooLong));
    } else if fields.tags.len() > 20 {
        errors.push(("tags".to_owned(), Code::KbTagsTooMany));
    }
    errors
}

#[component]
fn EditorForm(id: Option<i32>, editor: EditorContent) -> impl IntoView {
    let texts = use_texts();
    let EditorContent { fields, products } = editor;
    let products = StoredValue::new(products);
    let title = RwSignal::new(fields.title);
    let body = RwSignal::new(fields.body);
    let product = RwSignal::new(fields.product_id);
    let version = RwSignal::new(fields.version_id);
    let tags = RwSignal::new(fields.tags.join(", "));
    let published = RwSignal::new(fields.is_published);
    let errors: FieldErrors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();

    let save = Action::new(move |fields: &ArticleFields| {
        let fields = fields.clone();
        async move { save_article(id, fields).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/kb?saved={saved}"), Default::default()),
        Some(Err(AppError::Invalid { field, code })) => errors.set(vec![(field, code)]),
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    // Sent by the script only: the button waits for hydration.
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fields = ArticleFields {
            title: title.get_untracked(),
            body: body.get_untracked(),
            product_id: product.get_untracked(),
            version_id: version.get_untracked(),
            tags: split_tags(&tags.get_untracked()),
            is_published: published.get_untracked(),
        };
        let found = validate_fields(&fields);
        let valid = found.is_empty();
        errors.set(found);
        if valid && !save.pending().get_untracked() {
            failure.set(None);
            save.dispatch(fields);
        }
    };
    let error_of = move |field: &'static str| error_of(errors, texts, field);
    let versions = move || {
        products.with_value(|all: &Vec<ProductOption>| {
            product.get().and_then(|id| all.iter().find(|p| p.id == id)).map(|p| p.versions.clone()).unwrap_or_default()
        })
    };
    let heading = if id.is_some() { texts.kb_edit_title } else { texts.kb_new_title };
    view! {
        <Title text=heading />
        <PageHeader title=heading>
            <a class="btn btn--ghost" href="/kb">{texts.kb_back_to_list}</a>
        </PageHeader>
        <form class="card kb-editor" method="post" novalidate on:submit=on_submit>
            <Field id="kb-title" label=texts.kb_title_label required=true error=error_of("title")>
                <input class="input" id="kb-title" type="text" maxlength="200" autocomplete="off"
                    aria-describedby="kb-title-error" aria-invalid=move || error_of("title").get().map(|_| "true")
                    prop:value=move || title.get() on:input=move |event| title.set(event_target_value(&event)) />
            </Field>
            <div class="form__row">
                <Field id="kb-product" label=texts.product_label error=error_of("product")>
                    <select class="select" id="kb-product" aria-describedby="kb-product-error"
                        prop:value=move || product.get().map(|id| id.to_string()).unwrap_or_default()
                        on:change=move |event| { product.set(parse_id(&event_target_value(&event))); version.set(None); }>
                        <option value="">{texts.kb_all_products}</option>
                        {products.get_value().into_iter().map(|p| view! {
                            <option value=p.id.to_string() selected=fields.product_id == Some(p.id)>{p.name}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="kb-version" label=texts.version_label error=error_of("version")>
                    <select class="select" id="kb-version" aria-describedby="kb-version-error"
                        disabled=move || product.get().is_none()
                        prop:value=move || version.get().map(|id| id.to_string()).unwrap_or_default()
                        on:change=move |event| version.set(parse_id(&event_target_value(&event)))>
                        <option value="">{texts.kb_all_versions}</option>
                        {move || versions().into_iter().map(|v| view! {
                            <option value=v.id.to_string() selected=version.get_untracked() == Some(v.id)>{v.name}</option>
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            <Field id="kb-body" label=texts.kb_body_label required=true hint=texts.kb_body_hint error=error_of("body")>
                <textarea class="textarea kb-editor__body" id="kb-body" rows="16"
                    aria-describedby="kb-body-hint kb-body-error" aria-invalid=move || error_of("body").get().map(|_| "true")
                    prop:value=move || body.get() on:input=move |event| body.set(event_target_value(&event))></textarea>
            </Field>
            <Field id="kb-tags" label=texts.kb_tags_label hint=texts.kb_tags_hint error=error_of("tags")>
                <input class="input" id="kb-tags" type="text" autocomplete="off"
                    aria-describedby="kb-tags-hint kb-tags-error" aria-invalid=move || error_of("tags").get().map(|_| "true")
                    prop:value=move || tags.get() on:input=move |event| tags.set(event_target_value(&event)) />
            </Field>
            <div class="field">
                <label class="checkbox">
                    <input type="checkbox" aria-describedby="kb-published-hint"
                        prop:checked=move || published.get()
                        on:change=move |event| published.set(event_target_checked(&event)) />
                    <span>{texts.kb_published_label}</span>
                </label>
                <p class="field__hint" id="kb-published-hint">{texts.kb_published_hint}</p>
            </div>
            {move || failure.get().map(|error| view! { <ErrorAlert message=error.message(texts) /> })}
            <FormActions cancel_href="/kb" pending=save.pending() submit=texts.kb_save submitting=texts.kb_saving />
        </form>
    }
}

/// `/kb/articles/:id`.
#[component]
pub fn KbArticlePage() -> impl IntoView {
    let texts = use_texts();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i32>().ok()));
    let article = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_article(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(article) => {
                        let edit = article.can_edit.then(|| view! {
                            <div class="kb-article-page__actions">
                                <a class="btn btn--ghost" href="/kb">{texts.kb_back_to_list}</a>
                                <a class="btn btn--secondary" href=format!("/kb/{}/edit", article.id)>{texts.kb_edit}</a>
                            </div>
                        });
                        view! {
                            <Title text=article.title.clone() />
                            <div class="card kb-article-page">
                                {edit}
                                <ArticleContent article heading_id="kb-article-title" />
                            </div>
                        }.into_any()
                    }
                    Err(AppError::NotFound) => view! {
                        <Title text=texts.kb_article_not_found_title />
                        <section class="not-found">
                            <p class="not-found__code" aria-hidden="true">"404"</p>
                            <h1 class="not-found__title">{texts.kb_article_not_found_title}</h1>
                            <p class="not-found__text">{texts.kb_article_not_found_text}</p>
                            <a class="btn btn--primary" href="/">{texts.go_home}</a>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
