//! «Каталог» (`/admin/catalog`): the products with their versions and updates, and the service
//! classification tree, retired items included. Per item: its name, whether the request form
//! offers it, how many requests name it, and rename («Переименовать», a disclosure), move up /
//! down, retire or restore, delete (only shown while no request names it; the server refuses
//! anyway when a certificate or an article does). Under each list a form adds an item. Every
//! form works without JavaScript (the server sends a plain post back here, `?done=` / `?error=`).

use domain::catalog::{AdminClassification, AdminProduct, AdminVersion, CatalogEntry, CatalogItem, CatalogList};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::AdminSections;
use crate::api::catalog_admin::{
    CatalogChange, CreateCatalogItem, DeleteCatalogItem, MoveCatalogItem, RenameCatalogItem, RestoreCatalogItem,
    RetireCatalogItem, catalog_tree, list_fields,
};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;

/// The page's server actions, one per kind of change, shared by every item's forms.
#[derive(Clone, Copy)]
struct CatalogActions {
    create: ServerAction<CreateCatalogItem>,
    rename: ServerAction<RenameCatalogItem>,
    moving: ServerAction<MoveCatalogItem>,
    retire: ServerAction<RetireCatalogItem>,
    restore: ServerAction<RestoreCatalogItem>,
    delete: ServerAction<DeleteCatalogItem>,
    /// While one change runs, the buttons wait (catalog changes run one at a time anyway).
    /// Not tied to hydration: before the wasm, and without JavaScript, a button posts the plain
    /// form, which the server answers with this page again.
    busy: Signal<bool>,
}

/// The last answer of any of the page's actions.
type Outcome = RwSignal<Option<Result<CatalogChange, AppError>>>;

/// Records each answer of an action in `outcome`; a success also reloads the catalog.
fn follow(
    answer: impl Get<Value = Option<Result<(), AppError>>> + Send + Sync + 'static,
    change: CatalogChange,
    outcome: Outcome,
    changed: RwSignal<u32>,
) {
    Effect::new(move |_| {
        if let Some(answer) = answer.get() {
            if answer.is_ok() {
                changed.update(|n| *n += 1);
            }
            outcome.set(Some(answer.map(|()| change)));
        }
    });
}

#[component]
pub fn CatalogAdminPage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let create = ServerAction::<CreateCatalogItem>::new();
    let rename = ServerAction::<RenameCatalogItem>::new();
    let moving = ServerAction::<MoveCatalogItem>::new();
    let retire = ServerAction::<RetireCatalogItem>::new();
    let restore = ServerAction::<RestoreCatalogItem>::new();
    let delete = ServerAction::<DeleteCatalogItem>::new();
    let busy = Signal::derive(move || {
        create.pending().get()
            || rename.pending().get()
            || moving.pending().get()
            || retire.pending().get()
            || restore.pending().get()
            || delete.pending().get()
    });
    let actions = CatalogActions { create, rename, moving, retire, restore, delete, busy };
    let outcome: Outcome = RwSignal::new(None);
    let changed = RwSignal::new(0_u32);
    follow(create.value(), CatalogChange::Created, outcome, changed);
    follow(rename.value(), CatalogChange::Renamed, outcome, changed);
    follow(moving.value(), CatalogChange::Moved, outcome, changed);
    follow(retire.value(), CatalogChange::Retired, outcome, changed);
    follow(restore.value(), CatalogChange::Restored, outcome, changed);
    follow(delete.value(), CatalogChange::Deleted, outcome, changed);
    let tree = Resource::new(move || changed.get(), |_| catalog_tree());
    // Without JavaScript the answer is in the address the server sent the form back to.
    let answered = move || {
        outcome.get().or_else(|| {
            let query = query.read();
            match (query.get("error").and_then(|value| AppError::from_query(&value)), query.get("done")) {
                (Some(error), _) => Some(Err(error)),
                (None, Some(done)) => CatalogChange::parse(&done).map(Ok),
                (None, None) => None,
            }
        })
    };
    // A refusal is said at the top of the page: bring it into view from the form far below
    // (in the next frame, once the alert is in the page).
    let messages = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if matches!(outcome.get(), Some(Err(_)))
            && let Some(messages) = messages.get_untracked()
        {
            request_animation_frame(move || messages.scroll_into_view());
        }
    });
    view! {
        <Title text=admin.catalog />
        <AdminSections />
        <PageHeader title=admin.catalog subtitle=admin.catalog_subtitle />
        <div class="catalog-admin__messages" node_ref=messages>
            {move || match answered() {
                Some(Err(error)) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                Some(Ok(change)) => view! {
                    <div class="alert alert--success" role="status">{admin.catalog_done(change)}</div>
                }.into_any(),
                None => ().into_any(),
            }}
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match tree.await {
                    Ok(tree) => view! {
                        <p class="catalog-admin__hint">{admin.catalog_retired_hint}</p>
                        <div class="catalog-admin">
                            <ProductsCard products=tree.products actions />
                            <ClassificationsCard classifications=tree.classifications actions />
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProductsCard(products: Vec<AdminProduct>, actions: CatalogActions) -> impl IntoView {
    let admin = use_texts().admin();
    let count = products.len();
    view! {
        <section class="card catalog-admin__card" aria-labelledby="catalog-products-title">
            <h2 class="card__title" id="catalog-products-title">{admin.catalog_products}</h2>
            <p class="field__hint catalog-admin__lead">{admin.catalog_products_hint}</p>
            {if products.is_empty() {
                view! { <p class="muted">{admin.catalog_no_products}</p> }.into_any()
            } else {
                view! {
                    <ul class="catalog-tree">
                        {products.into_iter().enumerate().map(|(index, product)| view! {
                            <ProductNode product place=Place::of(index, count) actions />
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <AddForm list=CatalogList::Products button=admin.catalog_add_product field=admin.catalog_product_name actions />
        </section>
    }
}

#[component]
fn ProductNode(product: AdminProduct, place: Place, actions: CatalogActions) -> impl IntoView {
    let admin = use_texts().admin();
    let AdminProduct { entry, versions } = product;
    let product_id = entry.id;
    let path = entry.name.clone();
    let count = versions.len();
    view! {
        <CatalogNode item=CatalogItem::Product(product_id) entry path=path.clone() place actions>
            {(!versions.is_empty()).then(|| view! {
                <ul class="catalog-tree catalog-tree--nested">
                    {versions.into_iter().enumerate().map(|(index, version)| view! {
                        <VersionNode version product=path.clone() place=Place::of(index, count) actions />
                    }).collect_view()}
                </ul>
            })}
            <AddForm list=CatalogList::Versions { product_id } button=admin.catalog_add_version field=admin.catalog_version_name
                under=path.clone() actions />
        </CatalogNode>
    }
}

#[component]
fn VersionNode(version: AdminVersion, product: String, place: Place, actions: CatalogActions) -> impl IntoView {
    let admin = use_texts().admin();
    let AdminVersion { entry, updates } = version;
    let version_id = entry.id;
    let path = format!("{product} / {}", entry.name);
    let count = updates.len();
    view! {
        <CatalogNode item=CatalogItem::Version(version_id) entry path=path.clone() place actions>
            {(!updates.is_empty()).then(|| view! {
                <ul class="catalog-tree catalog-tree--nested">
                    {updates.into_iter().enumerate().map(|(index, update)| {
                        let update_path = format!("{path} / {}", update.name);
                        view! {
                            <CatalogNode item=CatalogItem::Update(update.id) entry=update path=update_path
                                place=Place::of(index, count) actions />
                        }
                    }).collect_view()}
                </ul>
            })}
            <AddForm list=CatalogList::Updates { version_id } button=admin.catalog_add_update field=admin.catalog_update_name
                under=path.clone() actions />
        </CatalogNode>
    }
}

#[component]
fn ClassificationsCard(classifications: Vec<AdminClassification>, actions: CatalogActions) -> impl IntoView {
    let admin = use_texts().admin();
    view! {
        <section class="card catalog-admin__card" aria-labelledby="catalog-classifications-title">
            <h2 class="card__title" id="catalog-classifications-title">{admin.catalog_classifications}</h2>
            <p class="field__hint catalog-admin__lead">{admin.catalog_classifications_hint}</p>
            {if classifications.is_empty() {
                view! { <p class="muted">{admin.catalog_no_classifications}</p> }.into_any()
            } else {
                classification_list(classifications, None, actions)
            }}
            <AddForm list=CatalogList::Classifications { parent_id: None } button=admin.catalog_add_group
                field=admin.catalog_group_name actions />
        </section>
    }
}

/// One level of the classification tree (any depth), under `parent`'s path.
fn classification_list(nodes: Vec<AdminClassification>, parent: Option<String>, actions: CatalogActions) -> AnyView {
    let admin = use_texts().admin();
    let count = nodes.len();
    let class = if parent.is_some() { "catalog-tree catalog-tree--nested" } else { "catalog-tree" };
    view! {
        <ul class=class>
            {nodes.into_iter().enumerate().map(|(index, node)| {
                let AdminClassification { entry, children } = node;
                let id = entry.id;
                let path = match &parent {
                    Some(parent) => format!("{parent} / {}", entry.name),
                    None => entry.name.clone(),
                };
                view! {
                    <CatalogNode item=CatalogItem::Classification(id) entry path=path.clone() place=Place::of(index, count) actions>
                        {(!children.is_empty()).then(|| classification_list(children, Some(path.clone()), actions))}
                        <AddForm list=CatalogList::Classifications { parent_id: Some(id) } button=admin.catalog_add_subsection
                            field=admin.catalog_subsection_name under=path.clone() actions />
                    </CatalogNode>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Where an item stands among its siblings: the first cannot go up, the last not down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Place {
    first: bool,
    last: bool,
}

impl Place {
    fn of(index: usize, count: usize) -> Place {
        Place { first: index == 0, last: index + 1 == count }
    }
}

/// One item: its line (name, state, uses, actions) and what lies under it (`children`).
/// `path` names it for the buttons' accessible names («Выше — Astra Linux Special Edition / 1.7»).
#[component]
fn CatalogNode(
    item: CatalogItem,
    entry: CatalogEntry,
    path: String,
    place: Place,
    actions: CatalogActions,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let admin = use_texts().admin();
    let kind = item.kind_name();
    let id = item.id();
    let busy = actions.busy;
    let named = |action: &str| format!("{action} — {path}");
    let (up_label, down_label, restore_label, retire_label, delete_label) = (
        named(admin.catalog_up),
        named(admin.catalog_down),
        named(admin.catalog_restore),
        named(admin.catalog_retire),
        named(admin.catalog_delete),
    );
    let (rename_label, new_name_label, save_label) =
        (named(admin.catalog_rename), named(admin.catalog_new_name), named(admin.catalog_save_name));
    let name_id = format!("catalog-name-{kind}-{id}");
    let uses =
        if entry.used_by_requests == 0 { admin.catalog_unused.to_owned() } else { (admin.catalog_uses)(entry.used_by_requests) };
    view! {
        <li class="catalog-node" id=format!("catalog-{kind}-{id}")>
            <div class="catalog-node__line" class:catalog-node__line--off=!entry.offered>
                <div class="catalog-node__about">
                    <span class="catalog-node__name">{entry.name.clone()}</span>
                    {entry.retired.then(|| view! { <span class="badge badge--closed">{admin.catalog_retired}</span> })}
                    {(!entry.offered && !entry.retired).then(|| view! {
                        <span class="badge badge--muted" title=admin.catalog_not_offered_hint>{admin.catalog_not_offered}</span>
                    })}
                    <span class="catalog-node__uses">{uses}</span>
                </div>
                <div class="catalog-node__actions">
                    {(entry.used_by_requests == 0).then(|| view! {
                        <ActionForm action=actions.delete>
                            <input type="hidden" name="kind" value=kind />
                            <input type="hidden" name="id" value=id />
                            <button class="btn btn--ghost btn--small catalog-node__delete" type="submit"
                                aria-label=delete_label disabled=busy>
                                {admin.catalog_delete}
                            </button>
                        </ActionForm>
                    })}
                    {if entry.retired {
                        view! {
                            <ActionForm action=actions.restore>
                                <input type="hidden" name="kind" value=kind />
                                <input type="hidden" name="id" value=id />
                                <button class="btn btn--secondary btn--small" type="submit" aria-label=restore_label
                                    disabled=busy>
                                    {admin.catalog_restore}
                                </button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! {
                            <ActionForm action=actions.retire>
                                <input type="hidden" name="kind" value=kind />
                                <input type="hidden" name="id" value=id />
                                <button class="btn btn--ghost btn--small" type="submit" aria-label=retire_label
                                    disabled=busy>
                                    {admin.catalog_retire}
                                </button>
                            </ActionForm>
                        }.into_any()
                    }}
                    <ActionForm action=actions.moving>
                        <input type="hidden" name="kind" value=kind />
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="direction" value="up" />
                        <button class="btn btn--ghost btn--small" type="submit" aria-label=up_label
                            disabled=move || place.first || busy.get()>
                            <span class="catalog-node__arrow" aria-hidden="true">"↑ "</span>{admin.catalog_up}
                        </button>
                    </ActionForm>
                    <ActionForm action=actions.moving>
                        <input type="hidden" name="kind" value=kind />
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="direction" value="down" />
                        <button class="btn btn--ghost btn--small" type="submit" aria-label=down_label
                            disabled=move || place.last || busy.get()>
                            <span class="catalog-node__arrow" aria-hidden="true">"↓ "</span>{admin.catalog_down}
                        </button>
                    </ActionForm>
                    <details class="catalog-rename">
                        <summary class="btn btn--ghost btn--small" aria-label=rename_label>
                            {admin.catalog_rename}
                        </summary>
                        <ActionForm action=actions.rename attr:class="inline-form catalog-rename__form">
                            <input type="hidden" name="kind" value=kind />
                            <input type="hidden" name="id" value=id />
                            <label class="visually-hidden" for=name_id.clone()>{new_name_label}</label>
                            <input class="input input--small" id=name_id name="name" maxlength="200" required
                                autocomplete="off" value=entry.name.clone() />
                            <button class="btn btn--primary btn--small" type="submit" aria-label=save_label
                                disabled=busy>
                                {admin.save}
                            </button>
                        </ActionForm>
                    </details>
                </div>
            </div>
            {children.map(|children| children())}
        </li>
    }
}

/// «Добавить …»: a new item at the end of `list`. At the top of a card the form is open;
/// under an item (`under`, its path) it folds into a disclosure.
#[component]
fn AddForm(
    list: CatalogList,
    button: &'static str,
    field: &'static str,
    #[prop(optional)] under: Option<String>,
    actions: CatalogActions,
) -> impl IntoView {
    let admin = use_texts().admin();
    let (list_name, parent) = list_fields(list);
    let input_id = match parent {
        Some(parent) => format!("catalog-new-{list_name}-{parent}"),
        None => format!("catalog-new-{list_name}"),
    };
    let busy = actions.busy;
    // Under an item the names say which one: «Добавить версию — Astra Linux Special Edition».
    let (label, label_class, submit, submit_label) = match &under {
        Some(under) => {
            (format!("{field} — {under}"), "visually-hidden", admin.catalog_add, Some(format!("{} — {under}", admin.catalog_add)))
        }
        None => (field.to_owned(), "field__label", button, None),
    };
    let form = view! {
        <ActionForm action=actions.create attr:class="inline-form catalog-add__form">
            <input type="hidden" name="list" value=list_name />
            {parent.map(|parent| view! { <input type="hidden" name="parent" value=parent /> })}
            <label class=label_class for=input_id.clone()>{label}</label>
            <input class="input input--small" id=input_id name="name" maxlength="200" required
                autocomplete="off" placeholder=field />
            <button class="btn btn--secondary btn--small" type="submit" aria-label=submit_label disabled=busy>
                {submit}
            </button>
        </ActionForm>
    };
    match under {
        None => view! { <div class="catalog-add catalog-add--top">{form}</div> }.into_any(),
        Some(under) => {
            let summary_label = format!("{button} — {under}");
            view! {
                <details class="catalog-add">
                    <summary class="btn btn--ghost btn--small catalog-add__summary" aria-label=summary_label>
                        <span aria-hidden="true">"+ "</span>{button}
                    </summary>
                    {form}
                </details>
            }
            .into_any()
        }
    }
}
