//! Interface texts, read from the Fluent files in `i18n/locales/<language>/` (see the `i18n`
//! crate) into one [`Texts`] per language, built at first use and kept for the process.
//!
//! Pages read plain fields (`texts.sign_out`) and call the ones with variables
//! (`(texts.found_requests)(n)`); plural forms are chosen in the files. Which keys these structs
//! read is compared with every language's files by a test (`message_files` below), so a missing
//! or an unused message fails `cargo test`. The language is chosen on the server (cookie, then
//! `Accept-Language`) and written into `<html lang>`, which the browser reads back when it
//! hydrates, so both render the same text.

use domain::audit::{AuditArea, AuditKind, AuditTopic, AuditValue, AuditVerb};
use domain::organization::OrganizationFilter;
use domain::person::PersonState;
use domain::profile::EmailKind;
use domain::validation::Code;
use domain::{CertificateKind, Locale, RequestKind, RequestStatus, Role};
use i18n::{Labels, Loader, PerLocale};
use leptos::prelude::*;

use crate::api::catalog_admin::CatalogChange;

/// Messages with two or three variables, called like functions (`(texts.chat_assigned)(name)`
/// takes one and needs no alias).
pub type TwoTexts = Box<dyn Fn(&str, &str) -> String + Send + Sync>;
pub type NumberAndText = Box<dyn Fn(i64, &str) -> String + Send + Sync>;
/// A time, a day of the month and a month number (1–12).
pub type TimeDayMonth = Box<dyn Fn(&str, u32, u32) -> String + Send + Sync>;

/// The cookie that remembers the interface language.
pub const LOCALE_COOKIE: &str = "portal_locale";

pub struct Texts {
    pub locale: Locale,
    pub app_name: &'static str,
    pub skip_link: &'static str,
    pub main_nav: &'static str,
    pub language_group: &'static str,
    pub support_team: &'static str,
    pub sign_out: &'static str,
    pub create_request: &'static str,
    pub my_requests: &'static str,
    pub org_requests: &'static str,
    pub drafts: &'static str,
    pub queue: &'static str,
    pub footer: &'static str,
    pub loading: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_lead: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in_button: &'static str,
    pub signing_in: &'static str,
    pub wrong_credentials: &'static str,
    pub throttled: Box<dyn Fn(u64) -> String + Send + Sync>,
    /// Any kind of request sent too often (rate limits); the argument is the wait in seconds.
    pub rate_limited: Box<dyn Fn(u64) -> String + Send + Sync>,
    pub session_expired: &'static str,
    pub demo_title: &'static str,
    pub demo_text: &'static str,
    pub demo_account: &'static str,
    pub demo_role: &'static str,
    pub field_required: &'static str,
    pub email_invalid: &'static str,
    pub invalid_input: &'static str,
    pub internal_error: &'static str,
    pub temporarily_unavailable: &'static str,
    pub storage_full: &'static str,
    pub network_error: &'static str,
    pub my_requests_subtitle: &'static str,
    pub my_empty_title: &'static str,
    pub my_empty_text: &'static str,
    pub org_requests_subtitle: &'static str,
    pub org_empty_title: &'static str,
    pub org_empty_text: &'static str,
    pub drafts_subtitle: &'static str,
    pub drafts_empty_title: &'static str,
    pub drafts_empty_text: &'static str,
    pub queue_subtitle: &'static str,
    pub queue_empty_title: &'static str,
    pub queue_empty_text: &'static str,
    pub drafts_count: Box<dyn Fn(u64) -> String + Send + Sync>,
    pub column_number: &'static str,
    pub column_subject: &'static str,
    pub column_kind: &'static str,
    pub column_product: &'static str,
    pub column_status: &'static str,
    pub column_organization: &'static str,
    pub column_created: &'static str,
    pub column_updated: &'static str,
    pub no_author: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub go_home: &'static str,
    pub nothing_found_title: &'static str,
    pub nothing_found_text: &'static str,
    pub filters_label: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub members_search_placeholder: &'static str,
    pub any_status: &'static str,
    pub any_kind: &'static str,
    pub sort_label: &'static str,
    pub sort_updated: &'static str,
    pub sort_created: &'static str,
    pub apply_filters: &'static str,
    pub reset_filters: &'static str,
    pub found_requests: Box<dyn Fn(u64) -> String + Send + Sync>,
    pub pagination_label: &'static str,
    pub first_page: &'static str,
    pub next_page: &'static str,
    pub choose_type: &'static str,
    pub change_type: &'static str,
    pub renew_services: &'static str,
    pub renew_services_subject: &'static str,
    pub form_sections: &'static str,
    pub tab_parameters: &'static str,
    pub tab_description: &'static str,
    pub tab_attachments: &'static str,
    pub tab_has_errors: &'static str,
    pub subject_label: &'static str,
    pub subject_hint: &'static str,
    pub description_label: &'static str,
    pub cancel: &'static str,
    pub creating_request: &'static str,
    /// Under the creation form when the browser runs no JavaScript.
    pub form_needs_javascript: &'static str,
    pub product_label: &'static str,
    pub version_label: &'static str,
    pub update_label: &'static str,
    pub certificate_label: &'static str,
    pub choose_placeholder: &'static str,
    pub no_updates: &'static str,
    pub no_certificate_for_product: &'static str,
    pub open_commercial: &'static str,
    pub classification_label: &'static str,
    pub not_chosen: &'static str,
    pub choose_classification: &'static str,
    pub classification_search: &'static str,
    pub request_created_text: &'static str,
    pub create_another: &'static str,
    pub open_request: &'static str,
    pub services_expired: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub services_not_yet: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub characters_left: Box<dyn Fn(u64) -> String + Send + Sync>,
    pub certificate_option: TwoTexts,
    pub request_created: Box<dyn Fn(i64) -> String + Send + Sync>,
    pub attachments_label: &'static str,
    pub attachments_drop_hint: &'static str,
    pub attachments_choose: &'static str,
    pub attachments_limits: &'static str,
    pub attachment_remove: &'static str,
    pub attachment_remove_label: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub attachment_progress_label: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub attachment_too_large: &'static str,
    pub attachment_type_not_allowed: &'static str,
    pub attachment_type_mismatch: &'static str,
    pub attachment_empty: &'static str,
    pub attachments_too_many: &'static str,
    pub attachments_too_large_total: &'static str,
    pub attachment_upload_failed: &'static str,
    /// «1,2 МБ», «350 КБ».
    pub file_size: Box<dyn Fn(i64) -> String + Send + Sync>,
    // --- knowledge base ---
    pub kb_nav: &'static str,
    pub kb_subtitle: &'static str,
    pub kb_create: &'static str,
    pub kb_search_placeholder: &'static str,
    pub kb_empty_title: &'static str,
    pub kb_empty_text: &'static str,
    pub kb_found_articles: Box<dyn Fn(u64) -> String + Send + Sync>,
    pub kb_column_title: &'static str,
    pub kb_column_scope: &'static str,
    pub kb_column_helped: &'static str,
    pub kb_column_actions: &'static str,
    pub kb_all_products: &'static str,
    pub kb_all_versions: &'static str,
    pub kb_published: &'static str,
    pub kb_unpublished: &'static str,
    pub kb_publish: &'static str,
    pub kb_unpublish: &'static str,
    pub kb_edit: &'static str,
    pub kb_previous_page: &'static str,
    pub kb_page_of: Box<dyn Fn(u64, u64) -> String + Send + Sync>,
    pub kb_new_title: &'static str,
    pub kb_edit_title: &'static str,
    pub kb_title_label: &'static str,
    pub kb_body_label: &'static str,
    pub kb_body_hint: &'static str,
    pub kb_tags_label: &'static str,
    pub kb_tags_hint: &'static str,
    pub kb_published_label: &'static str,
    pub kb_published_hint: &'static str,
    pub kb_save: &'static str,
    pub kb_saving: &'static str,
    pub kb_saved: &'static str,
    pub kb_back_to_list: &'static str,
    pub kb_article_not_found_title: &'static str,
    pub kb_article_not_found_text: &'static str,
    pub kb_updated: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub kb_unpublished_note: &'static str,
    pub suggestions_title: &'static str,
    pub suggestions_keys: &'static str,
    pub suggestions_found: Box<dyn Fn(u64) -> String + Send + Sync>,
    pub similar_requests_title: &'static str,
    pub similar_request_number: Box<dyn Fn(i64) -> String + Send + Sync>,
    pub article_close: &'static str,
    pub article_back_to_form: &'static str,
    pub article_solved: &'static str,
    // --- request page, chat and queue filters ---
    pub request_title: Box<dyn Fn(i64) -> String + Send + Sync>,
    pub request_not_found_title: &'static str,
    pub request_not_found_text: &'static str,
    pub request_details: &'static str,
    pub request_author: &'static str,
    pub participants_title: &'static str,
    pub participants_none: &'static str,
    pub participant_initiator: &'static str,
    pub participant_shared: &'static str,
    pub participant_responsible: &'static str,
    pub information_title: &'static str,
    pub assignee_label: &'static str,
    pub not_assigned: &'static str,
    pub work_title: &'static str,
    pub take_request: &'static str,
    pub change_status: &'static str,
    pub choose_status: &'static str,
    pub assign_label: &'static str,
    pub assign_button: &'static str,
    pub choose_assignee: &'static str,
    pub chat_title: &'static str,
    pub chat_empty: &'static str,
    pub chat_reconnecting: &'static str,
    pub chat_role_customer: &'static str,
    pub chat_role_support: &'static str,
    pub chat_role_manager: &'static str,
    pub chat_status_changed: TwoTexts,
    pub chat_assigned: Box<dyn Fn(&str) -> String + Send + Sync>,
    /// «Ольга Смирнова назначила автором запроса: Мария Соколова».
    pub chat_author_assigned: TwoTexts,
    pub chat_author_taken: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub chat_author_deactivated: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub chat_message_label: &'static str,
    pub chat_message_placeholder: &'static str,
    pub chat_send_hint: &'static str,
    pub chat_send: &'static str,
    pub chat_sending: &'static str,
    pub chat_wait_uploads: &'static str,
    pub chat_message_required: &'static str,
    pub chat_message_too_long: &'static str,
    pub any_organization: &'static str,
    pub assignment_label: &'static str,
    pub assignment_any: &'static str,
    pub assignment_mine: &'static str,
    pub assignment_unassigned: &'static str,
    // --- requests without author, members ---
    pub authorless_requests: &'static str,
    pub authorless_subtitle: &'static str,
    pub authorless_empty_title: &'static str,
    pub authorless_empty_text: &'static str,
    pub column_contact: &'static str,
    pub column_assign: &'static str,
    pub choose_author: &'static str,
    pub assign_author: &'static str,
    pub take_myself: &'static str,
    pub author_assigned: &'static str,
    pub org_members: &'static str,
    pub org_members_subtitle: &'static str,
    pub column_name: &'static str,
    pub column_role: &'static str,
    pub column_state: &'static str,
    pub column_actions: &'static str,
    pub member_active: &'static str,
    pub member_inactive: &'static str,
    pub deactivate_member: &'static str,
    pub reactivate_member: &'static str,
    pub it_is_you: &'static str,
    // --- pages the server writes itself ---
    pub unsubscribe_title: &'static str,
    pub unsubscribe_button: &'static str,
    pub unsubscribe_invalid: &'static str,
    pub unsubscribe_failed: &'static str,
    /// «Больше не присылать письма о запросе № N «тема»?»: number and subject.
    pub unsubscribe_question: NumberAndText,
    pub unsubscribe_done: NumberAndText,
    /// The 403 of a write sent from another site (the CSRF guard).
    pub cross_site_refused: &'static str,

    draft: DraftTexts,
    lifecycle: LifecycleTexts,
    on_behalf: OnBehalfTexts,
    set_password: PasswordTexts,
    admin: AdminTexts,
    audit: AuditTexts,
    profile: ProfileTexts,
    /// Names of roles, statuses and types.
    roles: Labels<Role>,
    statuses: Labels<RequestStatus>,
    kinds: Labels<RequestKind>,
    kinds_short: Labels<RequestKind>,
    kind_hints: Labels<RequestKind>,
    /// One message per validation code (`invalid-<code>`).
    validation: Labels<Code>,
}

impl Texts {
    /// The texts of `locale`, built from its message files at first use.
    pub fn for_locale(locale: Locale) -> &'static Texts {
        static BUILT: PerLocale<Texts> = PerLocale::new();
        BUILT.get_or_init(locale, || Texts::load(&mut Loader::new(locale)))
    }

    /// Reads every text of the interface through `l` (which notes the keys).
    pub fn load(l: &mut Loader) -> Texts {
        Texts {
            locale: l.locale(),
            app_name: l.text("app-name"),
            skip_link: l.text("skip-link"),
            main_nav: l.text("main-nav"),
            language_group: l.text("language-group"),
            support_team: l.text("support-team"),
            sign_out: l.text("sign-out"),
            create_request: l.text("create-request"),
            my_requests: l.text("my-requests"),
            org_requests: l.text("org-requests"),
            drafts: l.text("drafts"),
            queue: l.text("queue"),
            footer: l.text("footer"),
            loading: l.text("loading"),
            sign_in_title: l.text("sign-in-title"),
            sign_in_lead: l.text("sign-in-lead"),
            email: l.text("email"),
            password: l.text("password"),
            sign_in_button: l.text("sign-in-button"),
            signing_in: l.text("signing-in"),
            wrong_credentials: l.text("wrong-credentials"),
            throttled: {
                let m = l.message("throttled");
                Box::new(move |seconds: u64| m.format(&[("count", seconds.div_ceil(60).max(1).into())]))
            },
            rate_limited: {
                let m = l.message("rate-limited");
                Box::new(move |seconds: u64| {
                    let (count, unit) =
                        if seconds < 120 { (seconds.max(1), "seconds") } else { (seconds.div_ceil(60), "minutes") };
                    m.format(&[("count", count.into()), ("unit", unit.into())])
                })
            },
            session_expired: l.text("session-expired"),
            demo_title: l.text("demo-title"),
            demo_text: l.text("demo-text"),
            demo_account: l.text("demo-account"),
            demo_role: l.text("demo-role"),
            field_required: l.text("field-required"),
            email_invalid: l.text("email-invalid"),
            invalid_input: l.text("invalid-input"),
            internal_error: l.text("internal-error"),
            temporarily_unavailable: l.text("temporarily-unavailable"),
            storage_full: l.text("storage-full"),
            network_error: l.text("network-error"),
            my_requests_subtitle: l.text("my-requests-subtitle"),
            my_empty_title: l.text("my-empty-title"),
            my_empty_text: l.text("my-empty-text"),
            org_requests_subtitle: l.text("org-requests-subtitle"),
            org_empty_title: l.text("org-empty-title"),
            org_empty_text: l.text("org-empty-text"),
            drafts_subtitle: l.text("drafts-subtitle"),
            drafts_empty_title: l.text("drafts-empty-title"),
            drafts_empty_text: l.text("drafts-empty-text"),
            queue_subtitle: l.text("queue-subtitle"),
            queue_empty_title: l.text("queue-empty-title"),
            queue_empty_text: l.text("queue-empty-text"),
            drafts_count: {
                let m = l.message("drafts-count");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            column_number: l.text("column-number"),
            column_subject: l.text("column-subject"),
            column_kind: l.text("column-kind"),
            column_product: l.text("column-product"),
            column_status: l.text("column-status"),
            column_organization: l.text("column-organization"),
            column_created: l.text("column-created"),
            column_updated: l.text("column-updated"),
            no_author: l.text("no-author"),
            forbidden_title: l.text("forbidden-title"),
            forbidden_text: l.text("forbidden-text"),
            not_found_title: l.text("not-found-title"),
            not_found_text: l.text("not-found-text"),
            go_home: l.text("go-home"),
            nothing_found_title: l.text("nothing-found-title"),
            nothing_found_text: l.text("nothing-found-text"),
            filters_label: l.text("filters-label"),
            search_label: l.text("search-label"),
            search_placeholder: l.text("search-placeholder"),
            members_search_placeholder: l.text("members-search-placeholder"),
            any_status: l.text("any-status"),
            any_kind: l.text("any-kind"),
            sort_label: l.text("sort-label"),
            sort_updated: l.text("sort-updated"),
            sort_created: l.text("sort-created"),
            apply_filters: l.text("apply-filters"),
            reset_filters: l.text("reset-filters"),
            found_requests: {
                let m = l.message("found-requests");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            pagination_label: l.text("pagination-label"),
            first_page: l.text("first-page"),
            next_page: l.text("next-page"),
            choose_type: l.text("choose-type"),
            change_type: l.text("change-type"),
            renew_services: l.text("renew-services"),
            renew_services_subject: l.text("renew-services-subject"),
            form_sections: l.text("form-sections"),
            tab_parameters: l.text("tab-parameters"),
            tab_description: l.text("tab-description"),
            tab_attachments: l.text("tab-attachments"),
            tab_has_errors: l.text("tab-has-errors"),
            subject_label: l.text("subject-label"),
            subject_hint: l.text("subject-hint"),
            description_label: l.text("description-label"),
            cancel: l.text("cancel"),
            creating_request: l.text("creating-request"),
            form_needs_javascript: l.text("form-needs-javascript"),
            product_label: l.text("product-label"),
            version_label: l.text("version-label"),
            update_label: l.text("update-label"),
            certificate_label: l.text("certificate-label"),
            choose_placeholder: l.text("choose-placeholder"),
            no_updates: l.text("no-updates"),
            no_certificate_for_product: l.text("no-certificate-for-product"),
            open_commercial: l.text("open-commercial"),
            classification_label: l.text("classification-label"),
            not_chosen: l.text("not-chosen"),
            choose_classification: l.text("choose-classification"),
            classification_search: l.text("classification-search"),
            request_created_text: l.text("request-created-text"),
            create_another: l.text("create-another"),
            open_request: l.text("open-request"),
            services_expired: {
                let m = l.message("services-expired");
                Box::new(move |date: &str| m.format(&[("date", date.into())]))
            },
            services_not_yet: {
                let m = l.message("services-not-yet");
                Box::new(move |date: &str| m.format(&[("date", date.into())]))
            },
            characters_left: {
                let m = l.message("characters-left");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            certificate_option: {
                let m = l.message("certificate-option");
                Box::new(move |number: &str, valid_to: &str| {
                    m.format(&[("number", number.into()), ("valid-to", valid_to.into())])
                })
            },
            request_created: l.message("request-created").of_request_number(),
            attachments_label: l.text("attachments-label"),
            attachments_drop_hint: l.text("attachments-drop-hint"),
            attachments_choose: l.text("attachments-choose"),
            attachments_limits: l.text("attachments-limits"),
            attachment_remove: l.text("attachment-remove"),
            attachment_remove_label: {
                let m = l.message("attachment-remove-label");
                Box::new(move |name: &str| m.format(&[("name", name.into())]))
            },
            attachment_progress_label: {
                let m = l.message("attachment-progress-label");
                Box::new(move |name: &str| m.format(&[("name", name.into())]))
            },
            attachment_too_large: l.text("attachment-too-large"),
            attachment_type_not_allowed: l.text("attachment-type-not-allowed"),
            attachment_type_mismatch: l.text("attachment-type-mismatch"),
            attachment_empty: l.text("attachment-empty"),
            attachments_too_many: l.text("attachments-too-many"),
            attachments_too_large_total: l.text("attachments-too-large-total"),
            attachment_upload_failed: l.text("attachment-upload-failed"),
            file_size: {
                let (m, separator) = (l.message("file-size"), l.text("decimal-separator"));
                Box::new(move |bytes: i64| {
                    let (value, unit) = file_size(bytes, separator);
                    m.format(&[("value", value.into()), ("unit", unit.into())])
                })
            },
            kb_nav: l.text("kb-nav"),
            kb_subtitle: l.text("kb-subtitle"),
            kb_create: l.text("kb-create"),
            kb_search_placeholder: l.text("kb-search-placeholder"),
            kb_empty_title: l.text("kb-empty-title"),
            kb_empty_text: l.text("kb-empty-text"),
            kb_found_articles: {
                let m = l.message("kb-found-articles");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            kb_column_title: l.text("kb-column-title"),
            kb_column_scope: l.text("kb-column-scope"),
            kb_column_helped: l.text("kb-column-helped"),
            kb_column_actions: l.text("kb-column-actions"),
            kb_all_products: l.text("kb-all-products"),
            kb_all_versions: l.text("kb-all-versions"),
            kb_published: l.text("kb-published"),
            kb_unpublished: l.text("kb-unpublished"),
            kb_publish: l.text("kb-publish"),
            kb_unpublish: l.text("kb-unpublish"),
            kb_edit: l.text("kb-edit"),
            kb_previous_page: l.text("kb-previous-page"),
            kb_page_of: {
                let m = l.message("kb-page-of");
                Box::new(move |page: u64, pages: u64| m.format(&[("page", page.into()), ("pages", pages.into())]))
            },
            kb_new_title: l.text("kb-new-title"),
            kb_edit_title: l.text("kb-edit-title"),
            kb_title_label: l.text("kb-title-label"),
            kb_body_label: l.text("kb-body-label"),
            kb_body_hint: l.text("kb-body-hint"),
            kb_tags_label: l.text("kb-tags-label"),
            kb_tags_hint: l.text("kb-tags-hint"),
            kb_published_label: l.text("kb-published-label"),
            kb_published_hint: l.text("kb-published-hint"),
            kb_save: l.text("kb-save"),
            kb_saving: l.text("kb-saving"),
            kb_saved: l.text("kb-saved"),
            kb_back_to_list: l.text("kb-back-to-list"),
            kb_article_not_found_title: l.text("kb-article-not-found-title"),
            kb_article_not_found_text: l.text("kb-article-not-found-text"),
            kb_updated: {
                let m = l.message("kb-updated");
                Box::new(move |at: &str| m.format(&[("at", at.into())]))
            },
            kb_unpublished_note: l.text("kb-unpublished-note"),
            suggestions_title: l.text("suggestions-title"),
            suggestions_keys: l.text("suggestions-keys"),
            suggestions_found: {
                let m = l.message("suggestions-found");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            similar_requests_title: l.text("similar-requests-title"),
            similar_request_number: l.message("similar-request-number").of_request_number(),
            article_close: l.text("article-close"),
            article_back_to_form: l.text("article-back-to-form"),
            article_solved: l.text("article-solved"),
            request_title: l.message("request-title").of_request_number(),
            request_not_found_title: l.text("request-not-found-title"),
            request_not_found_text: l.text("request-not-found-text"),
            request_details: l.text("request-details"),
            request_author: l.text("request-author"),
            participants_title: l.text("participants-title"),
            participants_none: l.text("participants-none"),
            participant_initiator: l.text("participant-initiator"),
            participant_shared: l.text("participant-shared"),
            participant_responsible: l.text("participant-responsible"),
            information_title: l.text("information-title"),
            assignee_label: l.text("assignee-label"),
            not_assigned: l.text("not-assigned"),
            work_title: l.text("work-title"),
            take_request: l.text("take-request"),
            change_status: l.text("change-status"),
            choose_status: l.text("choose-status"),
            assign_label: l.text("assign-label"),
            assign_button: l.text("assign-button"),
            choose_assignee: l.text("choose-assignee"),
            chat_title: l.text("chat-title"),
            chat_empty: l.text("chat-empty"),
            chat_reconnecting: l.text("chat-reconnecting"),
            chat_role_customer: l.text("chat-role-customer"),
            chat_role_support: l.text("chat-role-support"),
            chat_role_manager: l.text("chat-role-manager"),
            chat_status_changed: {
                let m = l.message("chat-status-changed");
                Box::new(move |from: &str, to: &str| m.format(&[("from", from.into()), ("to", to.into())]))
            },
            chat_assigned: {
                let m = l.message("chat-assigned");
                Box::new(move |name: &str| m.format(&[("name", name.into())]))
            },
            chat_author_assigned: {
                let m = l.message("chat-author-assigned");
                Box::new(move |by: &str, author: &str| m.format(&[("by", by.into()), ("author", author.into())]))
            },
            chat_author_taken: {
                let m = l.message("chat-author-taken");
                Box::new(move |by: &str| m.format(&[("by", by.into())]))
            },
            chat_author_deactivated: {
                let m = l.message("chat-author-deactivated");
                Box::new(move |author: &str| m.format(&[("author", author.into())]))
            },
            chat_message_label: l.text("chat-message-label"),
            chat_message_placeholder: l.text("chat-message-placeholder"),
            chat_send_hint: l.text("chat-send-hint"),
            chat_send: l.text("chat-send"),
            chat_sending: l.text("chat-sending"),
            chat_wait_uploads: l.text("chat-wait-uploads"),
            chat_message_required: l.text("chat-message-required"),
            chat_message_too_long: l.text("chat-message-too-long"),
            any_organization: l.text("any-organization"),
            assignment_label: l.text("assignment-label"),
            assignment_any: l.text("assignment-any"),
            assignment_mine: l.text("assignment-mine"),
            assignment_unassigned: l.text("assignment-unassigned"),
            authorless_requests: l.text("authorless-requests"),
            authorless_subtitle: l.text("authorless-subtitle"),
            authorless_empty_title: l.text("authorless-empty-title"),
            authorless_empty_text: l.text("authorless-empty-text"),
            column_contact: l.text("column-contact"),
            column_assign: l.text("column-assign"),
            choose_author: l.text("choose-author"),
            assign_author: l.text("assign-author"),
            take_myself: l.text("take-myself"),
            author_assigned: l.text("author-assigned"),
            org_members: l.text("org-members"),
            org_members_subtitle: l.text("org-members-subtitle"),
            column_name: l.text("column-name"),
            column_role: l.text("column-role"),
            column_state: l.text("column-state"),
            column_actions: l.text("column-actions"),
            member_active: l.text("member-active"),
            member_inactive: l.text("member-inactive"),
            deactivate_member: l.text("deactivate-member"),
            reactivate_member: l.text("reactivate-member"),
            it_is_you: l.text("it-is-you"),
            unsubscribe_title: l.text("unsubscribe-title"),
            unsubscribe_button: l.text("unsubscribe-button"),
            unsubscribe_invalid: l.text("unsubscribe-invalid"),
            unsubscribe_failed: l.text("unsubscribe-failed"),
            unsubscribe_question: {
                let m = l.message("unsubscribe-question");
                Box::new(move |number: i64, subject: &str| {
                    m.format(&[("number", i18n::plain_number(number)), ("subject", subject.into())])
                })
            },
            unsubscribe_done: {
                let m = l.message("unsubscribe-done");
                Box::new(move |number: i64, subject: &str| {
                    m.format(&[("number", i18n::plain_number(number)), ("subject", subject.into())])
                })
            },
            cross_site_refused: l.text("cross-site-refused"),
            draft: DraftTexts::load(l),
            lifecycle: LifecycleTexts::load(l),
            on_behalf: OnBehalfTexts::load(l),
            set_password: PasswordTexts::load(l),
            admin: AdminTexts::load(l),
            audit: AuditTexts::load(l),
            profile: ProfileTexts::load(l),
            roles: l.labels("role", &Role::ALL, Role::as_str),
            statuses: l.labels("status", &RequestStatus::ALL, RequestStatus::as_str),
            kinds: l.labels("kind", &RequestKind::ALL, RequestKind::as_str),
            kinds_short: l.labels("kind-short", &RequestKind::ALL, RequestKind::as_str),
            kind_hints: l.labels("kind-hint", &RequestKind::ALL, RequestKind::as_str),
            validation: l.labels("invalid", Code::ALL, i18n::validation_name),
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        self.roles.of(role)
    }

    pub fn status(&self, status: RequestStatus) -> &'static str {
        self.statuses.of(status)
    }

    pub fn kind(&self, kind: RequestKind) -> &'static str {
        self.kinds.of(kind)
    }

    /// Short type names for tables and filters.
    pub fn kind_short(&self, kind: RequestKind) -> &'static str {
        self.kinds_short.of(kind)
    }

    /// What each kind of request is for, under its name in the type chooser.
    pub fn kind_hint(&self, kind: RequestKind) -> &'static str {
        self.kind_hints.of(kind)
    }

    /// The message for a validation rule code sent by the server or found in the browser.
    pub fn validation_message(&self, code: Code) -> &'static str {
        self.validation.of(code)
    }

    pub fn draft(&self) -> &DraftTexts {
        &self.draft
    }

    pub fn lifecycle(&self) -> &LifecycleTexts {
        &self.lifecycle
    }

    pub fn on_behalf(&self) -> &OnBehalfTexts {
        &self.on_behalf
    }

    pub fn set_password(&self) -> &PasswordTexts {
        &self.set_password
    }

    pub fn admin(&self) -> &AdminTexts {
        &self.admin
    }

    pub fn audit(&self) -> &AuditTexts {
        &self.audit
    }

    pub fn profile(&self) -> &ProfileTexts {
        &self.profile
    }
}

/// Sizes in binary units (the limits are 50 × 1024 × 1024 bytes too), one decimal at most:
/// the number as text and the unit's selector in `file-size`.
fn file_size(bytes: i64, decimal_separator: &str) -> (String, &'static str) {
    const KIB: f64 = 1024.0;
    let bytes = bytes.max(0);
    let kib = bytes as f64 / KIB;
    if bytes < 1024 {
        (bytes.to_string(), "b")
    } else if kib.round() < KIB {
        (kib.round().to_string(), "kb")
    } else {
        let mib = format!("{:.1}", kib / KIB);
        (mib.strip_suffix(".0").unwrap_or(&mib).replace('.', decimal_separator), "mb")
    }
}

/// The language of the current render, provided by [`crate::App`].
pub fn use_texts() -> &'static Texts {
    Texts::for_locale(use_context::<Locale>().unwrap_or_default())
}

/// Decides the language of this render. On the server: the cookie, then `Accept-Language`,
/// then Russian. In the browser: `<html lang>`, which the server wrote.
pub fn detect_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().map(|parts| locale_of_request(&parts.headers)).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Locale::parse(&lang))
            .unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
pub fn locale_of_request(headers: &http::HeaderMap) -> Locale {
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .and_then(|(_, value)| Locale::parse(value));
    from_cookie
        .or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}

/// Texts of drafts: the autosave line, the «Сохранить черновик?» dialog and «Черновики».
pub struct DraftTexts {
    pub saved_at: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub saved_locally: &'static str,
    pub saving: &'static str,
    pub leave_title: &'static str,
    pub leave_text: &'static str,
    pub save: &'static str,
    pub dont_save: &'static str,
    pub back_to_form: &'static str,
    pub column_kind: &'static str,
    pub column_subject: &'static str,
    pub column_saved: &'static str,
    pub column_actions: &'static str,
    pub no_subject: &'static str,
    pub continue_draft: &'static str,
    pub delete: &'static str,
    pub delete_label: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub delete_title: &'static str,
    pub delete_text: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub unknown_kind: &'static str,
    pub open_failed: &'static str,
}

impl DraftTexts {
    fn load(l: &mut Loader) -> DraftTexts {
        DraftTexts {
            saved_at: {
                let m = l.message("draft-saved-at");
                Box::new(move |time: &str| m.format(&[("time", time.into())]))
            },
            saved_locally: l.text("draft-saved-locally"),
            saving: l.text("draft-saving"),
            leave_title: l.text("draft-leave-title"),
            leave_text: l.text("draft-leave-text"),
            save: l.text("draft-save"),
            dont_save: l.text("draft-dont-save"),
            back_to_form: l.text("draft-back-to-form"),
            column_kind: l.text("draft-column-kind"),
            column_subject: l.text("draft-column-subject"),
            column_saved: l.text("draft-column-saved"),
            column_actions: l.text("draft-column-actions"),
            no_subject: l.text("draft-no-subject"),
            continue_draft: l.text("draft-continue-draft"),
            delete: l.text("draft-delete"),
            delete_label: {
                let m = l.message("draft-delete-label");
                Box::new(move |subject: &str| m.format(&[("subject", subject.into())]))
            },
            delete_title: l.text("draft-delete-title"),
            delete_text: {
                let m = l.message("draft-delete-text");
                Box::new(move |subject: &str| m.format(&[("subject", subject.into())]))
            },
            unknown_kind: l.text("draft-unknown-kind"),
            open_failed: l.text("draft-open-failed"),
        }
    }
}

/// Texts of the request actions, the reopen deadline and the rating.
pub struct LifecycleTexts {
    pub actions_title: &'static str,
    pub subscribe: &'static str,
    pub unsubscribe: &'static str,
    pub share: &'static str,
    pub share_title: &'static str,
    pub share_search: &'static str,
    pub share_nobody_found: &'static str,
    pub share_add: &'static str,
    pub share_choose: &'static str,
    pub share_done: &'static str,
    pub close: &'static str,
    pub close_title: &'static str,
    pub close_text: &'static str,
    pub close_confirm: &'static str,
    pub reopen_until: TimeDayMonth,
    pub rate_title: &'static str,
    pub rate_stars: &'static str,
    pub rate_star: Box<dyn Fn(i16) -> String + Send + Sync>,
    pub rate_comment: &'static str,
    pub rate_save: &'static str,
    pub rate_change: &'static str,
    pub rate_saved: &'static str,
    pub rate_final: &'static str,
    pub ratings_title: &'static str,
    pub ratings_none: &'static str,
    pub average_rating: Box<dyn Fn(f64, u64) -> String + Send + Sync>,
    pub linked_create: &'static str,
    pub linked_continues: &'static str,
    pub linked_continued_by: &'static str,
    pub linked_hint: Box<dyn Fn(i64) -> String + Send + Sync>,
    pub linked_info: &'static str,
    pub linked_submit: &'static str,
    pub linked_created: Box<dyn Fn(i64) -> String + Send + Sync>,
    pub linked_open: &'static str,
    pub download_pdf: &'static str,
    pub closed_composer: &'static str,
}

impl LifecycleTexts {
    fn load(l: &mut Loader) -> LifecycleTexts {
        LifecycleTexts {
            actions_title: l.text("lifecycle-actions-title"),
            subscribe: l.text("lifecycle-subscribe"),
            unsubscribe: l.text("lifecycle-unsubscribe"),
            share: l.text("lifecycle-share"),
            share_title: l.text("lifecycle-share-title"),
            share_search: l.text("lifecycle-share-search"),
            share_nobody_found: l.text("lifecycle-share-nobody-found"),
            share_add: l.text("lifecycle-share-add"),
            share_choose: l.text("lifecycle-share-choose"),
            share_done: l.text("lifecycle-share-done"),
            close: l.text("lifecycle-close"),
            close_title: l.text("lifecycle-close-title"),
            close_text: l.text("lifecycle-close-text"),
            close_confirm: l.text("lifecycle-close-confirm"),
            reopen_until: {
                let m = l.message("lifecycle-reopen-until");
                Box::new(move |time: &str, day: u32, month: u32| {
                    m.format(&[("time", time.into()), ("day", day.into()), ("month", month.into())])
                })
            },
            rate_title: l.text("lifecycle-rate-title"),
            rate_stars: l.text("lifecycle-rate-stars"),
            rate_star: {
                let m = l.message("lifecycle-rate-star");
                Box::new(move |stars: i16| m.format(&[("stars", stars.into())]))
            },
            rate_comment: l.text("lifecycle-rate-comment"),
            rate_save: l.text("lifecycle-rate-save"),
            rate_change: l.text("lifecycle-rate-change"),
            rate_saved: l.text("lifecycle-rate-saved"),
            rate_final: l.text("lifecycle-rate-final"),
            ratings_title: l.text("lifecycle-ratings-title"),
            ratings_none: l.text("lifecycle-ratings-none"),
            average_rating: {
                let (m, separator) = (l.message("lifecycle-average-rating"), l.text("decimal-separator"));
                Box::new(move |average: f64, count: u64| {
                    m.format(&[("average", format!("{average:.1}").replace('.', separator).into()), ("count", count.into())])
                })
            },
            linked_create: l.text("lifecycle-linked-create"),
            linked_continues: l.text("lifecycle-linked-continues"),
            linked_continued_by: l.text("lifecycle-linked-continued-by"),
            linked_hint: l.message("lifecycle-linked-hint").of_request_number(),
            linked_info: l.text("lifecycle-linked-info"),
            linked_submit: l.text("lifecycle-linked-submit"),
            linked_created: l.message("lifecycle-linked-created").of_request_number(),
            linked_open: l.text("lifecycle-linked-open"),
            download_pdf: l.text("lifecycle-download-pdf"),
            closed_composer: l.text("lifecycle-closed-composer"),
        }
    }
}

/// Texts of the staff form that registers a request on behalf of an organization (`/queue/new`).
pub struct OnBehalfTexts {
    pub title: &'static str,
    pub subtitle: &'static str,
    /// The button above the queue that opens the form.
    pub open_form: &'static str,
    pub organization_label: &'static str,
    pub kind_label: &'static str,
    pub contact_legend: &'static str,
    pub contact_hint: &'static str,
    pub contact_name_label: &'static str,
    pub contact_email_label: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub choose_organization_first: &'static str,
    pub no_services_certificate: &'static str,
    pub registered: Box<dyn Fn(i64) -> String + Send + Sync>,
    pub registered_text: &'static str,
    pub register_another: &'static str,
}

impl OnBehalfTexts {
    fn load(l: &mut Loader) -> OnBehalfTexts {
        OnBehalfTexts {
            title: l.text("on-behalf-title"),
            subtitle: l.text("on-behalf-subtitle"),
            open_form: l.text("on-behalf-open-form"),
            organization_label: l.text("on-behalf-organization-label"),
            kind_label: l.text("on-behalf-kind-label"),
            contact_legend: l.text("on-behalf-contact-legend"),
            contact_hint: l.text("on-behalf-contact-hint"),
            contact_name_label: l.text("on-behalf-contact-name-label"),
            contact_email_label: l.text("on-behalf-contact-email-label"),
            submit: l.text("on-behalf-submit"),
            submitting: l.text("on-behalf-submitting"),
            choose_organization_first: l.text("on-behalf-choose-organization-first"),
            no_services_certificate: l.text("on-behalf-no-services-certificate"),
            registered: l.message("on-behalf-registered").of_request_number(),
            registered_text: l.text("on-behalf-registered-text"),
            register_another: l.text("on-behalf-register-another"),
        }
    }
}

/// The message files hold exactly what the code reads: every key of the UI, the e-mails and the
/// PDF, every validation code, in every language — and nothing else.
#[cfg(all(test, feature = "ssr"))]
mod message_files {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_language_has_every_message_read_and_no_other() {
        for locale in Locale::ALL {
            let mut loader = Loader::new(locale);
            Texts::load(&mut loader);
            portal_service::notifications::render::MailTexts::load(&mut loader);
            portal_service::requests::pdf::PdfTexts::load(&mut loader);
            assert_eq!(loader.missing(), &BTreeSet::new(), "{locale:?} lacks these messages");
            let in_files: BTreeSet<String> = i18n::Messages::of(locale).ids().iter().cloned().collect();
            let unused: Vec<_> = in_files.difference(loader.used()).collect();
            assert_eq!(unused, Vec::<&String>::new(), "{locale:?} has messages nobody reads");
        }
    }

    #[test]
    fn counted_phrases_follow_each_language() {
        let ru = Texts::for_locale(Locale::Ru);
        assert_eq!((ru.found_requests)(21), "Найдено: 21 запрос");
        assert_eq!((ru.throttled)(61), "Слишком много неудачных попыток входа. Повторите через 2 минуты.");
        assert_eq!((ru.rate_limited)(5), "Слишком много запросов подряд. Повторите через 5 секунд.");
        assert_eq!((ru.rate_limited)(600), "Слишком много запросов подряд. Повторите через 10 минут.");
        assert_eq!((ru.lifecycle().average_rating)(4.25, 3), "Средняя оценка: 4,2 (3 оценки)");
        assert_eq!((ru.lifecycle().reopen_until)("18:30", 5, 3), "Можно возобновить, оставив комментарий, до 18:30 5 марта");
        assert_eq!((ru.characters_left)(1), "Осталось 1 символ");
        let en = Texts::for_locale(Locale::En);
        assert_eq!((en.found_requests)(1), "Found: 1 request");
        assert_eq!((en.rate_limited)(1), "Too many requests in a row. Try again in 1 second.");
        assert_eq!((en.lifecycle().average_rating)(4.25, 1), "Average rating: 4.2 (1 rating)");
        assert_eq!(en.validation_message(Code::SubjectTooShort), "The subject needs at least 5 characters");
        assert_eq!(ru.validation_message(Code::KindInvalid), "Значение не подходит — выберите его из списка заново");
    }
}

/// «Задать пароль» and «Забыли пароль?» (`pages/password.rs`), `password.ftl`.
pub struct PasswordTexts {
    pub set_title: &'static str,
    pub reset_title: &'static str,
    pub lead: &'static str,
    pub account_label: &'static str,
    pub new_label: &'static str,
    pub repeat_label: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub link_title: &'static str,
    pub to_sign_in: &'static str,
    /// «Запросить новую ссылку» under a used or expired link.
    pub new_link: &'static str,
    /// «Забыли пароль?» on the sign-in page and its own page.
    pub forgot_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_lead: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub sent_title: &'static str,
    pub sent_text: &'static str,
}

impl PasswordTexts {
    fn load(l: &mut Loader) -> PasswordTexts {
        PasswordTexts {
            set_title: l.text("password-set-title"),
            reset_title: l.text("password-reset-title"),
            lead: l.text("password-set-lead"),
            account_label: l.text("password-account-label"),
            new_label: l.text("password-new-label"),
            repeat_label: l.text("password-repeat-label"),
            save: l.text("password-save"),
            saving: l.text("password-saving"),
            link_title: l.text("password-link-title"),
            to_sign_in: l.text("password-to-sign-in"),
            new_link: l.text("password-new-link"),
            forgot_link: l.text("password-forgot-link"),
            forgot_title: l.text("password-forgot-title"),
            forgot_lead: l.text("password-forgot-lead"),
            send: l.text("password-forgot-send"),
            sending: l.text("password-forgot-sending"),
            sent_title: l.text("password-forgot-sent-title"),
            sent_text: l.text("password-forgot-sent"),
        }
    }
}

/// «Администрирование» (`pages/admin/`), `admin.ftl`.
pub struct AdminTexts {
    pub nav: &'static str,
    pub sections: &'static str,
    pub organizations: &'static str,
    pub organizations_subtitle: &'static str,
    pub organizations_search: &'static str,
    pub state_label: &'static str,
    states: Labels<OrganizationFilter>,
    pub add_organization: &'static str,
    pub new_organization: &'static str,
    pub new_organization_lead: &'static str,
    pub column_organization: &'static str,
    pub column_inn: &'static str,
    pub column_people: &'static str,
    pub column_open_requests: &'static str,
    pub organization_active: &'static str,
    pub organization_inactive: &'static str,
    pub organizations_empty_title: &'static str,
    pub organizations_empty_text: &'static str,
    /// «Найдено: 12».
    pub found: Box<dyn Fn(u64) -> String + Send + Sync>,
    /// «Страница 1 из 3».
    pub page_of: Box<dyn Fn(u32, u32) -> String + Send + Sync>,
    pub previous: &'static str,
    pub next: &'static str,
    pub field_name: &'static str,
    pub field_inn: &'static str,
    pub field_inn_hint: &'static str,
    pub field_kpp: &'static str,
    pub field_kpp_hint: &'static str,
    pub field_contact_email: &'static str,
    pub create: &'static str,
    pub creating: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub requisites: &'static str,
    pub deactivate_organization: &'static str,
    pub reactivate_organization: &'static str,
    pub deactivate_hint: &'static str,
    pub deactivated_note: &'static str,
    pub people: &'static str,
    pub people_empty: &'static str,
    pub column_last_sign_in: &'static str,
    pub never_signed_in: &'static str,
    pub certificates: &'static str,
    pub certificates_empty: &'static str,
    pub column_certificate: &'static str,
    pub column_kind: &'static str,
    pub column_validity: &'static str,
    pub certificate_active: &'static str,
    pub certificate_inactive: &'static str,
    certificate_kinds: Labels<CertificateKind>,
    pub requests: &'static str,
    /// «Открытых: 3 из 10».
    pub requests_summary: Box<dyn Fn(u64, u64) -> String + Send + Sync>,
    pub back_to_organizations: &'static str,
    pub people_section: &'static str,
    pub people_subtitle: &'static str,
    pub people_search: &'static str,
    pub organization_label: &'static str,
    pub any_organization: &'static str,
    pub role_label: &'static str,
    pub any_role: &'static str,
    pub invite: &'static str,
    pub invite_title: &'static str,
    pub invite_lead: &'static str,
    pub invite_staff_hint: &'static str,
    pub no_organization: &'static str,
    pub field_display_name: &'static str,
    pub send_invitation: &'static str,
    pub sending_invitation: &'static str,
    pub invited: &'static str,
    pub people_empty_title: &'static str,
    pub people_empty_text: &'static str,
    pub column_person: &'static str,
    pub invited_badge: &'static str,
    pub resend: &'static str,
    pub resent: &'static str,
    pub change_role: &'static str,
    pub role_changed: &'static str,
    pub switch_off: &'static str,
    pub switch_on: &'static str,
    pub invite_to_organization: &'static str,
    person_states: Labels<PersonState>,
    pub certificates_section: &'static str,
    pub certificates_subtitle: &'static str,
    pub expiring_empty_title: &'static str,
    pub expiring_empty_text: &'static str,
    pub column_days_left: &'static str,
    pub issue_certificate: &'static str,
    pub new_certificate: &'static str,
    pub field_kind: &'static str,
    pub field_number: &'static str,
    pub field_valid_from: &'static str,
    pub field_valid_to: &'static str,
    pub field_products: &'static str,
    pub all_products: &'static str,
    pub products_hint: &'static str,
    pub issue: &'static str,
    pub issuing: &'static str,
    pub revoke: &'static str,
    pub column_products: &'static str,
    // «Каталог»
    pub catalog: &'static str,
    pub catalog_subtitle: &'static str,
    pub catalog_products: &'static str,
    pub catalog_products_hint: &'static str,
    pub catalog_classifications: &'static str,
    pub catalog_classifications_hint: &'static str,
    pub catalog_retired_hint: &'static str,
    pub catalog_retired: &'static str,
    pub catalog_not_offered: &'static str,
    pub catalog_not_offered_hint: &'static str,
    pub catalog_unused: &'static str,
    pub catalog_rename: &'static str,
    pub catalog_new_name: &'static str,
    pub catalog_save_name: &'static str,
    pub catalog_up: &'static str,
    pub catalog_down: &'static str,
    pub catalog_retire: &'static str,
    pub catalog_restore: &'static str,
    pub catalog_delete: &'static str,
    pub catalog_add: &'static str,
    pub catalog_add_product: &'static str,
    pub catalog_add_version: &'static str,
    pub catalog_add_update: &'static str,
    pub catalog_add_group: &'static str,
    pub catalog_add_subsection: &'static str,
    pub catalog_product_name: &'static str,
    pub catalog_version_name: &'static str,
    pub catalog_update_name: &'static str,
    pub catalog_group_name: &'static str,
    pub catalog_subsection_name: &'static str,
    pub catalog_no_products: &'static str,
    pub catalog_no_classifications: &'static str,
    /// «в 12 запросах».
    pub catalog_uses: Box<dyn Fn(u64) -> String + Send + Sync>,
    catalog_done: Labels<CatalogChange>,
}

impl AdminTexts {
    fn load(l: &mut Loader) -> AdminTexts {
        AdminTexts {
            nav: l.text("admin-nav"),
            sections: l.text("admin-sections"),
            organizations: l.text("admin-organizations"),
            organizations_subtitle: l.text("admin-organizations-subtitle"),
            organizations_search: l.text("admin-organizations-search"),
            state_label: l.text("admin-state-label"),
            states: l.labels("admin-state", &OrganizationFilter::ALL, OrganizationFilter::as_str),
            add_organization: l.text("admin-add-organization"),
            new_organization: l.text("admin-new-organization"),
            new_organization_lead: l.text("admin-new-organization-lead"),
            column_organization: l.text("admin-column-organization"),
            column_inn: l.text("admin-column-inn"),
            column_people: l.text("admin-column-people"),
            column_open_requests: l.text("admin-column-open-requests"),
            organization_active: l.text("admin-organization-active"),
            organization_inactive: l.text("admin-organization-inactive"),
            organizations_empty_title: l.text("admin-organizations-empty-title"),
            organizations_empty_text: l.text("admin-organizations-empty-text"),
            found: {
                let m = l.message("admin-found");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            page_of: {
                let m = l.message("admin-page-of");
                Box::new(move |page: u32, pages: u32| m.format(&[("page", page.into()), ("pages", pages.into())]))
            },
            previous: l.text("admin-previous"),
            next: l.text("admin-next"),
            field_name: l.text("admin-field-name"),
            field_inn: l.text("admin-field-inn"),
            field_inn_hint: l.text("admin-field-inn-hint"),
            field_kpp: l.text("admin-field-kpp"),
            field_kpp_hint: l.text("admin-field-kpp-hint"),
            field_contact_email: l.text("admin-field-contact-email"),
            create: l.text("admin-create"),
            creating: l.text("admin-creating"),
            save: l.text("admin-save"),
            saving: l.text("admin-saving"),
            saved: l.text("admin-saved"),
            requisites: l.text("admin-requisites"),
            deactivate_organization: l.text("admin-deactivate-organization"),
            reactivate_organization: l.text("admin-reactivate-organization"),
            deactivate_hint: l.text("admin-deactivate-hint"),
            deactivated_note: l.text("admin-deactivated-note"),
            people: l.text("admin-people"),
            people_empty: l.text("admin-people-empty"),
            column_last_sign_in: l.text("admin-column-last-sign-in"),
            never_signed_in: l.text("admin-never-signed-in"),
            certificates: l.text("admin-certificates"),
            certificates_empty: l.text("admin-certificates-empty"),
            column_certificate: l.text("admin-column-certificate"),
            column_kind: l.text("admin-column-kind"),
            column_validity: l.text("admin-column-validity"),
            certificate_active: l.text("admin-certificate-active"),
            certificate_inactive: l.text("admin-certificate-inactive"),
            certificate_kinds: l.labels("admin-certificate-kind", &CertificateKind::ALL, CertificateKind::as_str),
            requests: l.text("admin-requests"),
            requests_summary: {
                let m = l.message("admin-requests-summary");
                Box::new(move |open: u64, all: u64| m.format(&[("open", open.into()), ("all", all.into())]))
            },
            back_to_organizations: l.text("admin-back-to-organizations"),
            people_section: l.text("admin-people-section"),
            people_subtitle: l.text("admin-people-subtitle"),
            people_search: l.text("admin-people-search"),
            organization_label: l.text("admin-organization-label"),
            any_organization: l.text("admin-any-organization"),
            role_label: l.text("admin-role-label"),
            any_role: l.text("admin-any-role"),
            invite: l.text("admin-invite"),
            invite_title: l.text("admin-invite-title"),
            invite_lead: l.text("admin-invite-lead"),
            invite_staff_hint: l.text("admin-invite-staff-hint"),
            no_organization: l.text("admin-no-organization"),
            field_display_name: l.text("admin-field-display-name"),
            send_invitation: l.text("admin-send-invitation"),
            sending_invitation: l.text("admin-sending-invitation"),
            invited: l.text("admin-invited"),
            people_empty_title: l.text("admin-people-empty-title"),
            people_empty_text: l.text("admin-people-empty-text"),
            column_person: l.text("admin-column-person"),
            invited_badge: l.text("admin-invited-badge"),
            resend: l.text("admin-resend"),
            resent: l.text("admin-resent"),
            change_role: l.text("admin-change-role"),
            role_changed: l.text("admin-role-changed"),
            switch_off: l.text("admin-switch-off"),
            switch_on: l.text("admin-switch-on"),
            invite_to_organization: l.text("admin-invite-to-organization"),
            person_states: l.labels("admin-person-state", &PersonState::ALL, PersonState::as_str),
            certificates_section: l.text("admin-certificates-section"),
            certificates_subtitle: l.text("admin-certificates-subtitle"),
            expiring_empty_title: l.text("admin-expiring-empty-title"),
            expiring_empty_text: l.text("admin-expiring-empty-text"),
            column_days_left: l.text("admin-column-days-left"),
            issue_certificate: l.text("admin-issue-certificate"),
            new_certificate: l.text("admin-new-certificate"),
            field_kind: l.text("admin-field-kind"),
            field_number: l.text("admin-field-number"),
            field_valid_from: l.text("admin-field-valid-from"),
            field_valid_to: l.text("admin-field-valid-to"),
            field_products: l.text("admin-field-products"),
            all_products: l.text("admin-all-products"),
            products_hint: l.text("admin-products-hint"),
            issue: l.text("admin-issue"),
            issuing: l.text("admin-issuing"),
            revoke: l.text("admin-revoke"),
            column_products: l.text("admin-column-products"),
            // «Каталог»
            catalog: l.text("admin-catalog"),
            catalog_subtitle: l.text("admin-catalog-subtitle"),
            catalog_products: l.text("admin-catalog-products"),
            catalog_products_hint: l.text("admin-catalog-products-hint"),
            catalog_classifications: l.text("admin-catalog-classifications"),
            catalog_classifications_hint: l.text("admin-catalog-classifications-hint"),
            catalog_retired_hint: l.text("admin-catalog-retired-hint"),
            catalog_retired: l.text("admin-catalog-retired"),
            catalog_not_offered: l.text("admin-catalog-not-offered"),
            catalog_not_offered_hint: l.text("admin-catalog-not-offered-hint"),
            catalog_unused: l.text("admin-catalog-unused"),
            catalog_rename: l.text("admin-catalog-rename"),
            catalog_new_name: l.text("admin-catalog-new-name"),
            catalog_save_name: l.text("admin-catalog-save-name"),
            catalog_up: l.text("admin-catalog-up"),
            catalog_down: l.text("admin-catalog-down"),
            catalog_retire: l.text("admin-catalog-retire"),
            catalog_restore: l.text("admin-catalog-restore"),
            catalog_delete: l.text("admin-catalog-delete"),
            catalog_add: l.text("admin-catalog-add"),
            catalog_add_product: l.text("admin-catalog-add-product"),
            catalog_add_version: l.text("admin-catalog-add-version"),
            catalog_add_update: l.text("admin-catalog-add-update"),
            catalog_add_group: l.text("admin-catalog-add-group"),
            catalog_add_subsection: l.text("admin-catalog-add-subsection"),
            catalog_product_name: l.text("admin-catalog-product-name"),
            catalog_version_name: l.text("admin-catalog-version-name"),
            catalog_update_name: l.text("admin-catalog-update-name"),
            catalog_group_name: l.text("admin-catalog-group-name"),
            catalog_subsection_name: l.text("admin-catalog-subsection-name"),
            catalog_no_products: l.text("admin-catalog-no-products"),
            catalog_no_classifications: l.text("admin-catalog-no-classifications"),
            catalog_uses: {
                let m = l.message("admin-catalog-uses");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            catalog_done: l.labels("admin-catalog-done", &CatalogChange::ALL, CatalogChange::as_str),
        }
    }

    /// «Действующие», «Отключённые», «Все».
    pub fn state(&self, filter: OrganizationFilter) -> &'static str {
        self.states.of(filter)
    }

    pub fn certificate_kind(&self, kind: CertificateKind) -> &'static str {
        self.certificate_kinds.of(kind)
    }

    pub fn person_state(&self, state: PersonState) -> &'static str {
        self.person_states.of(state)
    }

    /// What the page says after a catalog change («Название изменено.»).
    pub fn catalog_done(&self, change: CatalogChange) -> &'static str {
        self.catalog_done.of(change)
    }
}

/// The detail fields «Журнал изменений» has a name for (`audit-field-<key>`), in the order a
/// change lists them; others show their key, last.
const AUDIT_FIELDS: &[&str] = &[
    "name",
    "inn",
    "kpp",
    "contact_email",
    "is_active",
    "email",
    "display_name",
    "role",
    "number",
    "kind",
    "valid_from",
    "valid_to",
    "all_products",
    "products",
    "parent",
    "sort_order",
    "order",
    "retired_at",
    "from",
    "to",
    "reason",
    "assignee_id",
    "requests_without_author",
    "phone",
    "position",
    "locale",
    "time_zone",
    "new_message",
    "status_changed",
    "resolved",
    "closed",
    "added_to_request",
    "other_sessions_ended",
    "sessions",
    "external_id",
];

/// The reasons the trail records (`audit-reason-<code>`): a request's closing, an author's removal.
const AUDIT_REASONS: &[&str] = &["closed_by_user", "no_customer_activity", "deactivated"];

/// «Журнал изменений».
pub struct AuditTexts {
    pub section: &'static str,
    pub subtitle: &'static str,
    pub area_label: &'static str,
    pub any_area: &'static str,
    areas: Labels<AuditArea>,
    pub who_label: &'static str,
    pub who_placeholder: &'static str,
    pub organization_label: &'static str,
    pub any_organization: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub column_when: &'static str,
    pub column_who: &'static str,
    pub column_what: &'static str,
    pub column_changes: &'static str,
    /// The actor of changes made by the command line or a job.
    pub portal: &'static str,
    pub portal_hint: &'static str,
    pub empty_title: &'static str,
    pub empty_text: &'static str,
    pub found: Box<dyn Fn(u64) -> String + Send + Sync>,
    /// The link from an organization's card to its part of the journal.
    pub open_for_organization: &'static str,
    /// Read out between the value before and after (the arrow is not read).
    pub changed_to: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub empty_value: &'static str,
    topics: Labels<AuditTopic>,
    verbs: Labels<AuditVerb>,
    fields: Labels<&'static str>,
    reasons: Labels<&'static str>,
}

impl AuditTexts {
    fn load(l: &mut Loader) -> AuditTexts {
        AuditTexts {
            section: l.text("audit-section"),
            subtitle: l.text("audit-subtitle"),
            area_label: l.text("audit-area-label"),
            any_area: l.text("audit-any-area"),
            areas: l.labels("audit-area", &AuditArea::ALL, AuditArea::as_str),
            who_label: l.text("audit-who-label"),
            who_placeholder: l.text("audit-who-placeholder"),
            organization_label: l.text("audit-organization-label"),
            any_organization: l.text("audit-any-organization"),
            from_label: l.text("audit-from-label"),
            to_label: l.text("audit-to-label"),
            column_when: l.text("audit-column-when"),
            column_who: l.text("audit-column-who"),
            column_what: l.text("audit-column-what"),
            column_changes: l.text("audit-column-changes"),
            portal: l.text("audit-portal"),
            portal_hint: l.text("audit-portal-hint"),
            empty_title: l.text("audit-empty-title"),
            empty_text: l.text("audit-empty-text"),
            found: {
                let m = l.message("audit-found");
                Box::new(move |count: u64| m.format(&[("count", count.into())]))
            },
            open_for_organization: l.text("audit-open-for-organization"),
            changed_to: l.text("audit-changed-to"),
            yes: l.text("audit-yes"),
            no: l.text("audit-no"),
            empty_value: l.text("audit-empty-value"),
            topics: l.labels("audit-topic", &AuditTopic::ALL, AuditTopic::as_str),
            verbs: l.labels("audit-verb", &AuditVerb::ALL, AuditVerb::as_str),
            fields: l.labels("audit-field", AUDIT_FIELDS, |field| field),
            reasons: l.labels("audit-reason", AUDIT_REASONS, |reason| reason),
        }
    }

    pub fn area(&self, area: AuditArea) -> &'static str {
        self.areas.of(area)
    }

    /// «Организация: изменение»; a kind this build does not know shows its stored code.
    pub fn kind(&self, kind: Option<AuditKind>, code: &str) -> String {
        match kind {
            Some(kind) => format!("{}: {}", self.topics.of(kind.topic), self.verbs.of(kind.verb)),
            None => code.to_owned(),
        }
    }

    /// Where the field stands in a change's list (known ones in `AUDIT_FIELDS` order, others after).
    pub fn field_rank(&self, field: &str) -> usize {
        AUDIT_FIELDS.iter().position(|known| *known == field).unwrap_or(AUDIT_FIELDS.len())
    }

    /// The field's name, or its key when it has none.
    pub fn field(&self, field: &str) -> String {
        match AUDIT_FIELDS.iter().find(|known| **known == field) {
            Some(known) => self.fields.of(known).to_owned(),
            None => field.to_owned(),
        }
    }

    /// A value in words: flags, roles, statuses, certificate kinds, recorded reasons.
    pub fn value(&self, texts: &Texts, field: &str, value: &AuditValue) -> String {
        match value {
            AuditValue::Empty => self.empty_value.to_owned(),
            AuditValue::Flag(true) => self.yes.to_owned(),
            AuditValue::Flag(false) => self.no.to_owned(),
            AuditValue::Role(role) => texts.role(*role).to_owned(),
            AuditValue::Status(status) => texts.status(*status).to_owned(),
            AuditValue::CertificateKind(kind) => texts.admin().certificate_kind(*kind).to_owned(),
            AuditValue::Text(text) if field == "reason" => match AUDIT_REASONS.iter().find(|known| **known == text) {
                Some(known) => self.reasons.of(known).to_owned(),
                None => text.clone(),
            },
            AuditValue::Text(text) => text.clone(),
            AuditValue::List(items) if items.is_empty() => self.empty_value.to_owned(),
            AuditValue::List(items) => items.join(", "),
        }
    }
}

/// «Профиль» (`pages/profile.rs`), `profile.ftl`.
pub struct ProfileTexts {
    pub title: &'static str,
    pub subtitle: &'static str,
    /// The header link on the person's name (its accessible name).
    pub open: &'static str,
    pub sections: &'static str,
    pub personal: &'static str,
    pub email: &'static str,
    pub email_hint: &'static str,
    pub role: &'static str,
    pub organization: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub phone_hint: &'static str,
    pub position: &'static str,
    pub language: &'static str,
    locales: Labels<Locale>,
    pub time_zone: &'static str,
    pub time_zone_hint: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub emails: &'static str,
    pub emails_lead: &'static str,
    email_kinds: Labels<EmailKind>,
    pub emails_save: &'static str,
    pub emails_saved: &'static str,
    pub password: &'static str,
    pub password_lead: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub new_password_hint: &'static str,
    pub repeat_password: &'static str,
    pub password_save: &'static str,
    pub password_saving: &'static str,
    pub password_changed: &'static str,
    pub sessions: &'static str,
    pub sessions_lead: &'static str,
    pub this_session: &'static str,
    pub unknown_device: &'static str,
    pub signed_in_at: &'static str,
    pub last_active: &'static str,
    pub address: &'static str,
    pub unknown_address: &'static str,
    pub end_session: &'static str,
    /// «Завершить сеанс Firefox 133, Windows» (the button's accessible name).
    pub end_session_label: Box<dyn Fn(&str) -> String + Send + Sync>,
    pub end_others: &'static str,
    pub session_ended: &'static str,
    pub sessions_ended: &'static str,
    pub no_other_sessions: &'static str,
}

impl ProfileTexts {
    fn load(l: &mut Loader) -> ProfileTexts {
        ProfileTexts {
            title: l.text("profile-title"),
            subtitle: l.text("profile-subtitle"),
            open: l.text("profile-open"),
            sections: l.text("profile-sections"),
            personal: l.text("profile-personal"),
            email: l.text("profile-email"),
            email_hint: l.text("profile-email-hint"),
            role: l.text("profile-role"),
            organization: l.text("profile-organization"),
            name: l.text("profile-name"),
            phone: l.text("profile-phone"),
            phone_hint: l.text("profile-phone-hint"),
            position: l.text("profile-position"),
            language: l.text("profile-language"),
            locales: l.labels("profile-locale", &Locale::ALL, Locale::as_str),
            time_zone: l.text("profile-time-zone"),
            time_zone_hint: l.text("profile-time-zone-hint"),
            save: l.text("profile-save"),
            saving: l.text("profile-saving"),
            saved: l.text("profile-saved"),
            emails: l.text("profile-emails"),
            emails_lead: l.text("profile-emails-lead"),
            email_kinds: l.labels("profile-email-kind", &EmailKind::ALL, EmailKind::as_str),
            emails_save: l.text("profile-emails-save"),
            emails_saved: l.text("profile-emails-saved"),
            password: l.text("profile-password"),
            password_lead: l.text("profile-password-lead"),
            current_password: l.text("profile-current-password"),
            new_password: l.text("profile-new-password"),
            new_password_hint: l.text("profile-new-password-hint"),
            repeat_password: l.text("profile-repeat-password"),
            password_save: l.text("profile-password-save"),
            password_saving: l.text("profile-password-saving"),
            password_changed: l.text("profile-password-changed"),
            sessions: l.text("profile-sessions"),
            sessions_lead: l.text("profile-sessions-lead"),
            this_session: l.text("profile-this-session"),
            unknown_device: l.text("profile-unknown-device"),
            signed_in_at: l.text("profile-signed-in-at"),
            last_active: l.text("profile-last-active"),
            address: l.text("profile-address"),
            unknown_address: l.text("profile-unknown-address"),
            end_session: l.text("profile-end-session"),
            end_session_label: {
                let m = l.message("profile-end-session-label");
                Box::new(move |device: &str| m.format(&[("device", device.into())]))
            },
            end_others: l.text("profile-end-others"),
            session_ended: l.text("profile-session-ended"),
            sessions_ended: l.text("profile-sessions-ended"),
            no_other_sessions: l.text("profile-no-other-sessions"),
        }
    }

    /// «Русский», «English» (each in its own language).
    pub fn locale(&self, locale: Locale) -> &'static str {
        self.locales.of(locale)
    }

    /// The label of an e-mail kind in «Какие письма получать».
    pub fn email_kind(&self, kind: EmailKind) -> &'static str {
        self.email_kinds.of(kind)
    }
}
