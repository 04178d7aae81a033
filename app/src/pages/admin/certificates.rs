//! «Сертификаты»: what ends in the next 30 days (`/admin/certificates`), a new certificate for
//! an organization (`/admin/certificates/new?organization=`), and an organization's
//! certificates with «Отозвать» on its card ([`OrganizationCertificates`]). Without JavaScript
//! too.

use domain::CertificateKind;
use domain::certificate::CertificateRow;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::AdminSections;
use crate::api::certificates::{
    CertificateFormOptions, IssueCertificate, RevokeCertificate, expiring_certificates, open_certificate_form,
};
use crate::components::empty_state::EmptyState;
use crate::components::form::{Field, answered_failure, field_message, form_message};
use crate::components::list::{Column, ListTable};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::use_texts;

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let rows = Resource::new(|| (), |_| expiring_certificates());
    view! {
        <Title text=admin.certificates_section />
        <AdminSections />
        <PageHeader title=admin.certificates_section subtitle=admin.certificates_subtitle />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <EmptyState title=admin.expiring_empty_title text=admin.expiring_empty_text />
                    }.into_any(),
                    Ok(rows) => view! { <CertificateTable rows with_organization=true revoke=None /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Certificates as a table; with `revoke`, active ones get «Отозвать».
#[component]
fn CertificateTable(
    rows: Vec<CertificateRow>,
    with_organization: bool,
    revoke: Option<ServerAction<RevokeCertificate>>,
) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let mut columns = vec![Column::new(admin.column_certificate)];
    if with_organization {
        columns.push(Column::new(admin.organization_label));
    }
    columns.extend([
        Column::new(admin.column_kind),
        Column::new(admin.column_products),
        Column::new(admin.column_validity),
        Column::new(admin.column_days_left).with_class("table__number"),
        Column::new(texts.column_state),
    ]);
    if revoke.is_some() {
        columns.push(Column::unlabeled(texts.column_actions));
    }
    view! {
        <ListTable class="table certificates-table" columns>
            {rows.into_iter().map(|row| {
                let products = if row.kind == CertificateKind::Services {
                    "—".to_owned()
                } else if row.all_products {
                    admin.all_products.to_owned()
                } else {
                    row.products.join(", ")
                };
                let label = format!("{} — {}", admin.revoke, row.number);
                view! {
                    <tr>
                        <td class="nowrap">{row.number.clone()}</td>
                        {with_organization.then(|| view! {
                            <td><a href=crate::api::organizations::card_path(row.organization_id)>{row.organization_name.clone()}</a></td>
                        })}
                        <td>{admin.certificate_kind(row.kind)}</td>
                        <td>{products}</td>
                        <td class="nowrap">{row.validity.clone()}</td>
                        <td class="table__number">{row.days_left.max(0)}</td>
                        <td>
                            <span class=if row.active { "badge badge--in_progress" } else { "badge badge--closed" }>
                                {if row.active { admin.certificate_active } else { admin.certificate_inactive }}
                            </span>
                        </td>
                        {revoke.map(|revoke| view! {
                            <td>
                                {(row.active || row.days_left >= 0).then(|| view! {
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="id" value=row.id />
                                        <input type="hidden" name="organization" value=row.organization_id />
                                        <button class="btn btn--ghost btn--small" type="submit" aria-label=label.clone()
                                            disabled=move || revoke.pending().get()>{admin.revoke}</button>
                                    </ActionForm>
                                })}
                            </td>
                        })}
                    </tr>
                }
            }).collect_view()}
        </ListTable>
    }
}

/// The certificates section of an organization's card: `rows` come with the card (one server
/// function, one resource), `revoke` reloads the card.
#[component]
pub fn OrganizationCertificates(
    organization_id: i32,
    organization_active: bool,
    rows: Vec<CertificateRow>,
    revoke: ServerAction<RevokeCertificate>,
) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let failure = move || revoke.value().get().and_then(Result::err).map(|error| error.message(texts));
    view! {
        <section class="admin-section" aria-labelledby="certificates-title">
            <div class="admin-section__header">
                <h2 class="card__title" id="certificates-title">{admin.certificates}</h2>
                {organization_active.then(|| view! {
                    <a class="btn btn--secondary btn--small" href=format!("/admin/certificates/new?organization={organization_id}")>
                        {admin.issue_certificate}
                    </a>
                })}
            </div>
            {move || failure().map(|message| view! { <ErrorAlert message /> })}
            {if rows.is_empty() {
                view! { <p class="muted">{admin.certificates_empty}</p> }.into_any()
            } else {
                view! { <CertificateTable rows with_organization=false revoke=Some(revoke) /> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn NewCertificatePage() -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let organization = Memo::new(move |_| query.read().get("organization").and_then(|id| id.parse::<i32>().ok()));
    let options = Resource::new(
        move || organization.get(),
        |organization| async move {
            match organization {
                Some(id) => open_certificate_form(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=admin.new_certificate />
        <AdminSections />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => view! { <CertificateForm options /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CertificateForm(options: CertificateFormOptions) -> impl IntoView {
    let texts = use_texts();
    let admin = texts.admin();
    let query = use_query_map();
    let issue = ServerAction::<IssueCertificate>::new();
    let failure = answered_failure(issue.value());
    let names: &'static [&'static str] = &["kind", "number", "valid_from", "valid_to", "products"];
    let form_error = form_message(failure, texts, names);
    let error = move |field: &'static str| field_message(failure, texts, field);
    let (kind_error, number_error, from_error, to_error, products_error) =
        (error("kind"), error("number"), error("valid_from"), error("valid_to"), error("products"));
    let typed = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let typed_kind = typed("kind");
    let pending = issue.pending();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(card)) = issue.value().get() {
            navigate(&card, Default::default());
        }
    });
    let card = crate::api::organizations::card_path(options.organization_id);
    view! {
        <PageHeader title=admin.new_certificate />
        <p class="back-link"><a href=card.clone()>{"← "}{options.organization_name.clone()}</a></p>
        <div class="card admin-form">
            <ActionForm action=issue attr:class="form" attr:novalidate="novalidate">
                <input type="hidden" name="organization" value=options.organization_id />
                <div class="form__row">
                    <Field id="kind" label=admin.field_kind required=true error=kind_error>
                        <select class="select" id="kind" name="kind" aria-describedby="kind-error">
                            {CertificateKind::ALL.into_iter().map(|kind| view! {
                                <option value=kind.as_str() selected=typed_kind == kind.as_str()>{admin.certificate_kind(kind)}</option>
                            }).collect_view()}
                        </select>
                    </Field>
                    <Field id="number" label=admin.field_number required=true error=number_error>
                        <input class="input" id="number" name="number" maxlength="50" required value=typed("number")
                            placeholder="ТП-2027-00001" aria-describedby="number-error"
                            aria-invalid=move || number_error.get().map(|_| "true") />
                    </Field>
                </div>
                <div class="form__row">
                    <Field id="valid_from" label=admin.field_valid_from required=true error=from_error>
                        <input class="input" id="valid_from" name="valid_from" type="date" required value=typed("valid_from")
                            aria-describedby="valid_from-error" aria-invalid=move || from_error.get().map(|_| "true") />
                    </Field>
                    <Field id="valid_to" label=admin.field_valid_to required=true error=to_error>
                        <input class="input" id="valid_to" name="valid_to" type="date" required value=typed("valid_to")
                            aria-describedby="valid_to-error" aria-invalid=move || to_error.get().map(|_| "true") />
                    </Field>
                </div>
                <fieldset class="field checkbox-group" aria-describedby="products-hint products-error">
                    <legend class="field__label">{admin.field_products}</legend>
                    <label class="checkbox"><input type="checkbox" name="all_products" value="on" />" "{admin.all_products}</label>
                    {options.products.into_iter().enumerate().map(|(index, product)| view! {
                        <label class="checkbox">
                            <input type="checkbox" name=format!("products[{index}]") value=product.id />" "{product.name}
                        </label>
                    }).collect_view()}
                    <p class="field__hint" id="products-hint">{admin.products_hint}</p>
                    <p class="field__error" id="products-error">{move || products_error.get()}</p>
                </fieldset>
                {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
                <div class="form__actions">
                    <a class="btn btn--ghost" href=card>{texts.cancel}</a>
                    <button class="btn btn--primary" type="submit" disabled=move || pending.get()>
                        {move || if pending.get() { admin.issuing } else { admin.issue }}
                    </button>
                </div>
            </ActionForm>
        </div>
    }
}
