//! «Черновики»: request forms the user started but has not sent. Each can be continued (the
//! form opens exactly as it was left) or deleted after a confirmation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::drafts::{DraftRow, delete_draft, list_drafts};
use crate::components::empty_state::EmptyState;
use crate::components::list::{Column, ListTable};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;

#[component]
pub fn DraftsPage() -> impl IntoView {
    let texts = use_texts();
    let deleted = RwSignal::new(0u32);
    let drafts = Resource::new(move || deleted.get(), |_| list_drafts());
    // The draft whose deletion waits for confirmation: (id, subject as shown).
    let confirming = RwSignal::new(None::<(i32, String)>);
    let failure = RwSignal::new(None::<AppError>);
    view! {
        <Title text=texts.drafts />
        <PageHeader title=texts.drafts subtitle=texts.drafts_subtitle />
        {move || failure.get().map(|error| view! { <ErrorAlert message=error.message(texts) /> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match drafts.await {
                    Ok(rows) if rows.is_empty() => view! { <EmptyState title=texts.drafts_empty_title text=texts.drafts_empty_text /> }.into_any(),
                    Ok(rows) => view! { <DraftTable rows confirming /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
        {move || confirming.get().map(|(id, subject)| view! { <DeleteDialog id subject confirming deleted failure /> })}
    }
}

#[component]
fn DraftTable(rows: Vec<DraftRow>, confirming: RwSignal<Option<(i32, String)>>) -> impl IntoView {
    let texts = use_texts();
    let t = texts.draft();
    let total = rows.len() as u64;
    view! {
        <p class="list-summary" role="status">{(texts.drafts_count)(total)}</p>
        <ListTable class="table drafts-table" columns=vec![
            Column::new(t.column_subject),
            Column::new(t.column_kind),
            Column::new(t.column_saved),
            Column::unlabeled(t.column_actions),
        ]>
            {rows.into_iter().map(|row| {
                let subject = row.subject.clone().unwrap_or_else(|| t.no_subject.to_owned());
                let label = (t.delete_label)(&subject);
                let id = row.id;
                view! {
                    <tr>
                        <td class="drafts-table__subject">
                            <a href=format!("/requests/new?draft={id}")>{subject.clone()}</a>
                        </td>
                        <td>{row.kind.map(|kind| texts.kind_short(kind)).unwrap_or(t.unknown_kind)}</td>
                        <td>{row.saved}</td>
                        <td class="drafts-table__actions">
                            <a class="btn btn--secondary btn--small" href=format!("/requests/new?draft={id}")>{t.continue_draft}</a>
                            " "
                            <button class="btn btn--ghost btn--small" type="button" aria-label=label
                                on:click=move |_| confirming.set(Some((id, subject.clone())))>
                                {t.delete}
                            </button>
                        </td>
                    </tr>
                }
            }).collect_view()}
        </ListTable>
    }
}

#[component]
fn DeleteDialog(
    id: i32,
    subject: String,
    confirming: RwSignal<Option<(i32, String)>>,
    deleted: RwSignal<u32>,
    failure: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let texts = use_texts();
    let t = texts.draft();
    let remove = Action::new(move |id: &i32| delete_draft(*id));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            failure.set(None);
            confirming.set(None);
            deleted.update(|n| *n += 1);
        }
        Some(Err(error)) => {
            failure.set(Some(error));
            confirming.set(None);
        }
        None => {}
    });
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_button.get() {
            let _ = button.focus();
        }
    });
    let close = move || {
        if !remove.pending().get_untracked() {
            confirming.set(None);
        }
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| close()>
            <div class="dialog dialog--open" role="alertdialog" aria-modal="true" aria-labelledby="delete-draft-title"
                aria-describedby="delete-draft-text" on:click=|event| event.stop_propagation()
                on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); close(); }>
                <h2 class="dialog__title" id="delete-draft-title">{t.delete_title}</h2>
                <p class="dialog__body" id="delete-draft-text">{(t.delete_text)(&subject)}</p>
                <div class="dialog__actions">
                    <button class="btn btn--ghost" type="button" node_ref=cancel_button on:click=move |_| close()>{texts.cancel}</button>
                    <button class="btn btn--danger" type="button" disabled=move || remove.pending().get()
                        on:click=move |_| { remove.dispatch(id); }>
                        {t.delete}
                    </button>
                </div>
            </div>
        </div>
    }
}
