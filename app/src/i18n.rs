//! Interface texts in Russian (default) and English.
//!
//! Every string lives in one `Texts` table per language, so the compiler refuses a language that
//! misses a string. Counted phrases go through `Locale::plural` (1 запрос, 2 запроса, 5 запросов).
//! The language is chosen on the server (cookie, then `Accept-Language`) and written into
//! `<html lang>`, which the browser reads back when it hydrates, so both render the same text.

use domain::validation::Code;
use domain::{Locale, RequestKind, RequestStatus, Role};
use leptos::prelude::*;

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
    pub throttled: fn(u64) -> String,
    /// Any kind of request sent too often (rate limits); the argument is the wait in seconds.
    pub rate_limited: fn(u64) -> String,
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
    pub drafts_count: fn(u64) -> String,

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
    pub found_requests: fn(u64) -> String,
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
    pub services_expired: fn(&str) -> String,
    pub services_not_yet: fn(&str) -> String,
    pub characters_left: fn(u64) -> String,
    pub certificate_option: fn(&str, &str) -> String,
    pub request_created: fn(i64) -> String,

    pub attachments_label: &'static str,
    pub attachments_drop_hint: &'static str,
    pub attachments_choose: &'static str,
    pub attachments_limits: &'static str,
    pub attachment_remove: &'static str,
    pub attachment_remove_label: fn(&str) -> String,
    pub attachment_progress_label: fn(&str) -> String,
    pub attachment_too_large: &'static str,
    pub attachment_type_not_allowed: &'static str,
    pub attachment_type_mismatch: &'static str,
    pub attachment_empty: &'static str,
    pub attachments_too_many: &'static str,
    pub attachments_too_large_total: &'static str,
    pub attachment_upload_failed: &'static str,
    /// «1,2 МБ», «350 КБ».
    pub file_size: fn(i64) -> String,

    // --- knowledge base ---
    pub kb_nav: &'static str,
    pub kb_subtitle: &'static str,
    pub kb_create: &'static str,
    pub kb_search_placeholder: &'static str,
    pub kb_empty_title: &'static str,
    pub kb_empty_text: &'static str,
    pub kb_found_articles: fn(u64) -> String,
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
    pub kb_page_of: fn(u64, u64) -> String,
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
    pub kb_updated: fn(&str) -> String,
    pub kb_unpublished_note: &'static str,
    pub suggestions_title: &'static str,
    pub suggestions_keys: &'static str,
    pub suggestions_found: fn(u64) -> String,
    pub similar_requests_title: &'static str,
    pub similar_request_number: fn(i64) -> String,
    pub article_close: &'static str,
    pub article_back_to_form: &'static str,
    pub article_solved: &'static str,
    // --- request page, chat and queue filters ---
    pub request_title: fn(i64) -> String,
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
    pub chat_status_changed: fn(&str, &str) -> String,
    pub chat_assigned: fn(&str) -> String,
    /// «Ольга Смирнова назначила автором запроса: Мария Соколова».
    pub chat_author_assigned: fn(&str, &str) -> String,
    pub chat_author_taken: fn(&str) -> String,
    pub chat_author_deactivated: fn(&str) -> String,
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
}

fn minutes_ru(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    let word = Locale::Ru.plural(minutes, ["минуту", "минуты", "минут"]);
    format!("Слишком много неудачных попыток входа. Повторите через {minutes} {word}.")
}

fn minutes_en(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).max(1);
    let word = Locale::En.plural(minutes, ["minute", "minutes", "minutes"]);
    format!("Too many failed sign-in attempts. Try again in {minutes} {word}.")
}

fn wait_ru(seconds: u64) -> String {
    let wait = if seconds < 120 {
        let seconds = seconds.max(1);
        format!("{seconds} {}", Locale::Ru.plural(seconds, ["секунду", "секунды", "секунд"]))
    } else {
        let minutes = seconds.div_ceil(60);
        format!("{minutes} {}", Locale::Ru.plural(minutes, ["минуту", "минуты", "минут"]))
    };
    format!("Слишком много запросов подряд. Повторите через {wait}.")
}

fn wait_en(seconds: u64) -> String {
    let wait = if seconds < 120 {
        let seconds = seconds.max(1);
        format!("{seconds} {}", Locale::En.plural(seconds, ["second", "seconds", "seconds"]))
    } else {
        let minutes = seconds.div_ceil(60);
        format!("{minutes} {}", Locale::En.plural(minutes, ["minute", "minutes", "minutes"]))
    };
    format!("Too many requests in a row. Try again in {wait}.")
}

fn requests_ru(n: u64) -> String {
    format!("{n} {}", Locale::Ru.plural(n, ["запрос", "запроса", "запросов"]))
}

fn requests_en(n: u64) -> String {
    format!("{n} {}", Locale::En.plural(n, ["request", "requests", "requests"]))
}

fn drafts_ru(n: u64) -> String {
    format!("{n} {}", Locale::Ru.plural(n, ["черновик", "черновика", "черновиков"]))
}

fn drafts_en(n: u64) -> String {
    format!("{n} {}", Locale::En.plural(n, ["draft", "drafts", "drafts"]))
}

fn found_ru(n: u64) -> String {
    format!("Найдено: {}", requests_ru(n))
}

fn found_en(n: u64) -> String {
    format!("Found: {}", requests_en(n))
}

fn services_expired_ru(date: &str) -> String {
    format!("Недоступно: срок действия сертификата на услуги истёк {date}.")
}

fn services_expired_en(date: &str) -> String {
    format!("Unavailable: the services certificate expired on {date}.")
}

fn services_not_yet_ru(date: &str) -> String {
    format!("Недоступно: сертификат на услуги начнёт действовать {date}.")
}

fn services_not_yet_en(date: &str) -> String {
    format!("Unavailable: the services certificate becomes valid on {date}.")
}

fn characters_left_ru(n: u64) -> String {
    format!("Осталось {n} {}", Locale::Ru.plural(n, ["символ", "символа", "символов"]))
}

fn characters_left_en(n: u64) -> String {
    format!("{n} {} left", Locale::En.plural(n, ["character", "characters", "characters"]))
}

fn certificate_option_ru(number: &str, valid_to: &str) -> String {
    format!("{number}, действует до {valid_to}")
}

fn certificate_option_en(number: &str, valid_to: &str) -> String {
    format!("{number}, valid until {valid_to}")
}

fn request_created_ru(number: i64) -> String {
    format!("Запрос № {number} создан")
}

fn request_created_en(number: i64) -> String {
    format!("Request No. {number} created")
}

fn remove_file_ru(name: &str) -> String {
    format!("Удалить файл {name}")
}

fn remove_file_en(name: &str) -> String {
    format!("Remove file {name}")
}

fn uploading_ru(name: &str) -> String {
    format!("Загрузка файла {name}")
}

fn uploading_en(name: &str) -> String {
    format!("Uploading {name}")
}

/// Sizes in binary units (the limits are 50 × 1024 × 1024 bytes too), one decimal at most.
fn file_size(bytes: i64, decimal_separator: &str, units: [&str; 3]) -> String {
    const KIB: f64 = 1024.0;
    let bytes = bytes.max(0);
    let kib = bytes as f64 / KIB;
    if bytes < 1024 {
        format!("{bytes} {}", units[0])
    } else if kib.round() < KIB {
        format!("{} {}", kib.round(), units[1])
    } else {
        let mib = format!("{:.1}", kib / KIB);
        let mib = mib.strip_suffix(".0").unwrap_or(&mib).replace('.', decimal_separator);
        format!("{mib} {}", units[2])
    }
}

fn file_size_ru(bytes: i64) -> String {
    file_size(bytes, ",", ["Б", "КБ", "МБ"])
}

fn file_size_en(bytes: i64) -> String {
    file_size(bytes, ".", ["B", "KB", "MB"])
}

// --- knowledge base ---
fn articles_found_ru(n: u64) -> String {
    format!("Найдено: {n} {}", Locale::Ru.plural(n, ["статья", "статьи", "статей"]))
}

fn articles_found_en(n: u64) -> String {
    format!("Found: {n} {}", Locale::En.plural(n, ["article", "articles", "articles"]))
}

fn page_of_ru(page: u64, pages: u64) -> String {
    format!("Страница {page} из {pages}")
}

fn page_of_en(page: u64, pages: u64) -> String {
    format!("Page {page} of {pages}")
}

fn article_updated_ru(at: &str) -> String {
    format!("Обновлена {at}")
}

fn article_updated_en(at: &str) -> String {
    format!("Updated {at}")
}

fn solutions_found_ru(n: u64) -> String {
    format!("Найдено {n} {}", Locale::Ru.plural(n, ["решение", "решения", "решений"]))
}

fn solutions_found_en(n: u64) -> String {
    format!("{n} {} found", Locale::En.plural(n, ["solution", "solutions", "solutions"]))
}

fn request_number_ru(number: i64) -> String {
    format!("№ {number}")
}

fn request_number_en(number: i64) -> String {
    format!("No. {number}")
}

// --- request page and chat ---
fn request_title_ru(number: i64) -> String {
    format!("Запрос № {number}")
}

fn request_title_en(number: i64) -> String {
    format!("Request No. {number}")
}

fn status_changed_ru(from: &str, to: &str) -> String {
    format!("Статус изменён: {from} → {to}")
}

fn status_changed_en(from: &str, to: &str) -> String {
    format!("Status changed: {from} → {to}")
}

fn assigned_ru(name: &str) -> String {
    format!("Ответственный назначен: {name}")
}

fn assigned_en(name: &str) -> String {
    format!("Assigned to {name}")
}

fn author_assigned_ru(by: &str, author: &str) -> String {
    format!("{by} назначил(а) автором запроса: {author}")
}

fn author_assigned_en(by: &str, author: &str) -> String {
    format!("{by} made {author} the author of the request")
}

fn author_taken_ru(by: &str) -> String {
    format!("{by} взял(а) запрос себе и стал(а) его автором")
}

fn author_taken_en(by: &str) -> String {
    format!("{by} took the request and became its author")
}

fn author_deactivated_ru(author: &str) -> String {
    format!("Учётная запись автора ({author}) отключена; запрос остался без автора")
}

fn author_deactivated_en(author: &str) -> String {
    format!("The author's account ({author}) was deactivated; the request has no author now")
}

pub static RU: Texts = Texts {
    locale: Locale::Ru,
    app_name: "Портал поддержки",
    skip_link: "Перейти к содержимому",
    main_nav: "Основная навигация",
    language_group: "Язык интерфейса",
    support_team: "Служба поддержки",
    sign_out: "Выйти",
    create_request: "Создать запрос",
    my_requests: "Мои запросы",
    org_requests: "Запросы организации",
    drafts: "Черновики",
    queue: "Очередь",
    footer: "Портал технической поддержки клиентов",
    loading: "Загрузка…",

    sign_in_title: "Вход",
    sign_in_lead: "Войдите, чтобы открыть запросы вашей организации и написать в поддержку.",
    email: "Email",
    password: "Пароль",
    sign_in_button: "Войти",
    signing_in: "Входим…",
    wrong_credentials: "Неверный email или пароль",
    throttled: minutes_ru,
    rate_limited: wait_ru,
    session_expired: "Сеанс завершён. Войдите снова.",
    demo_title: "Демо-доступ",
    demo_text: "Пароль всех демонстрационных учётных записей: demo-password",
    demo_account: "Учётная запись",
    demo_role: "Роль",

    field_required: "Заполните это поле",
    email_invalid: "Введите адрес электронной почты, например ivan@example.ru",
    invalid_input: "Проверьте введённые данные",
    internal_error: "Что-то пошло не так. Повторите попытку чуть позже.",
    temporarily_unavailable: "Сервис временно недоступен: нет связи с базой данных. Ничего не потеряно — повторите действие через минуту.",
    storage_full: "На сервере закончилось место для файлов. Файл не сохранён; попробуйте позже или сообщите администратору.",
    network_error: "Нет связи с сервером. Проверьте подключение и повторите попытку.",

    my_requests_subtitle: "Запросы, которые вы создали или в которых участвуете",
    my_empty_title: "У вас пока нет запросов",
    my_empty_text: "Здесь появятся запросы, которые вы создали или в которых участвуете.",
    org_requests_subtitle: "Все запросы сотрудников вашей организации",
    org_empty_title: "В организации пока нет запросов",
    org_empty_text: "Здесь будут видны запросы всех сотрудников вашей организации.",
    drafts_subtitle: "Запросы, которые вы начали, но ещё не отправили",
    drafts_empty_title: "Черновиков нет",
    drafts_empty_text: "Если прервать создание запроса, его можно сохранить как черновик — он появится здесь.",
    queue_subtitle: "Запросы клиентов всех организаций",
    queue_empty_title: "Очередь пуста",
    queue_empty_text: "Новые запросы клиентов появятся здесь.",
    drafts_count: drafts_ru,

    column_number: "№",
    column_subject: "Тема",
    column_kind: "Тип",
    column_product: "Продукт",
    column_status: "Статус",
    column_organization: "Организация",
    column_created: "Создан",
    column_updated: "Обновлён",
    no_author: "Без автора",

    forbidden_title: "Нет доступа",
    forbidden_text: "У вашей учётной записи нет доступа к этой странице.",
    not_found_title: "Страница не найдена",
    not_found_text: "Возможно, ссылка устарела или в адресе опечатка.",
    go_home: "На главную",

    nothing_found_title: "Ничего не найдено",
    nothing_found_text: "Измените условия поиска или сбросьте фильтры.",
    filters_label: "Поиск и фильтры",
    search_label: "Поиск",
    search_placeholder: "Номер или слова из темы",
    members_search_placeholder: "Имя или e-mail",
    any_status: "Любой",
    any_kind: "Любой",
    sort_label: "Сортировка",
    sort_updated: "Сначала недавно обновлённые",
    sort_created: "Сначала новые",
    apply_filters: "Найти",
    reset_filters: "Сбросить",
    found_requests: found_ru,
    pagination_label: "Страницы списка",
    first_page: "В начало",
    next_page: "Следующая страница",

    choose_type: "Выберите тип запроса",
    change_type: "Изменить тип",
    renew_services: "Продлить сертификат — оформить коммерческий запрос",
    renew_services_subject: "Продление сертификата на услуги",
    form_sections: "Разделы формы",
    tab_parameters: "Параметры продукта",
    tab_description: "Описание запроса",
    tab_attachments: "Вложения",
    tab_has_errors: "в разделе есть ошибки",
    subject_label: "Тема запроса",
    subject_hint: "От 5 до 200 символов: коротко, в чём проблема или вопрос",
    description_label: "Описание",
    cancel: "Отмена",
    creating_request: "Создаём запрос…",
    form_needs_javascript: "Чтобы отправить запрос, включите JavaScript в браузере: форма загружает файлы и сохраняет черновик с его помощью.",
    product_label: "Продукт",
    version_label: "Версия",
    update_label: "Обновление",
    certificate_label: "Сертификат",
    choose_placeholder: "— выберите —",
    no_updates: "У версии нет обновлений",
    no_certificate_for_product: "У вашей организации нет действующего сертификата технической поддержки на этот продукт.",
    open_commercial: "Оформить коммерческий запрос",
    classification_label: "Классификация запроса",
    not_chosen: "Не выбрана",
    choose_classification: "Выбрать",
    classification_search: "Поиск по классификации",
    request_created_text: "Ответы поддержки появятся в чате запроса, а уведомления придут на почту.",
    create_another: "Создать ещё один",
    open_request: "Перейти к запросу",
    services_expired: services_expired_ru,
    services_not_yet: services_not_yet_ru,
    characters_left: characters_left_ru,
    certificate_option: certificate_option_ru,
    request_created: request_created_ru,

    attachments_label: "Вложения",
    attachments_drop_hint: "Перетащите файлы сюда или",
    attachments_choose: "Выбрать файлы",
    attachments_limits: "До 20 файлов, каждый не больше 50 МБ, всего не больше 200 МБ",
    attachment_remove: "Удалить",
    attachment_remove_label: remove_file_ru,
    attachment_progress_label: uploading_ru,
    attachment_too_large: "Файл больше 50 МБ. Уменьшите его или разделите на части.",
    attachment_type_not_allowed: "Этот тип файлов нельзя прикрепить. Можно: изображения, PDF, текст и журналы, документы Office, архивы.",
    attachment_type_mismatch: "Содержимое файла не соответствует его расширению. Можно: изображения, PDF, текст и журналы, документы Office, архивы.",
    attachment_empty: "Файл пустой — прикреплять нечего.",
    attachments_too_many: "Можно прикрепить не больше 20 файлов.",
    attachments_too_large_total: "Все файлы вместе должны быть не больше 200 МБ.",
    attachment_upload_failed: "Не удалось загрузить файл. Повторите попытку.",
    file_size: file_size_ru,

    // --- knowledge base ---
    kb_nav: "База знаний",
    kb_subtitle: "Опубликованные статьи клиенты видят в подсказках при создании запроса.",
    kb_create: "Создать статью",
    kb_search_placeholder: "Слова из заголовка или текста",
    kb_empty_title: "Статей пока нет",
    kb_empty_text: "Создайте первую статью — после публикации клиенты увидят её в подсказках.",
    kb_found_articles: articles_found_ru,
    kb_column_title: "Заголовок",
    kb_column_scope: "Продукт и версия",
    kb_column_helped: "Помогла",
    kb_column_actions: "Действия",
    kb_all_products: "Все продукты",
    kb_all_versions: "Все версии",
    kb_published: "Опубликована",
    kb_unpublished: "Не опубликована",
    kb_publish: "Опубликовать",
    kb_unpublish: "Снять с публикации",
    kb_edit: "Изменить",
    kb_previous_page: "Предыдущая страница",
    kb_page_of: page_of_ru,
    kb_new_title: "Новая статья",
    kb_edit_title: "Редактирование статьи",
    kb_title_label: "Заголовок",
    kb_body_label: "Текст",
    kb_body_hint: "Разметка Markdown: **полужирный**, списки, ссылки, `код`. HTML не поддерживается.",
    kb_tags_label: "Теги",
    kb_tags_hint: "Через запятую, например: печать, cups",
    kb_published_label: "Опубликовано",
    kb_published_hint: "Опубликованную статью клиенты видят в подсказках и по ссылке",
    kb_save: "Сохранить",
    kb_saving: "Сохраняем…",
    kb_saved: "Статья сохранена",
    kb_back_to_list: "К списку статей",
    kb_article_not_found_title: "Статья не найдена",
    kb_article_not_found_text: "Возможно, её сняли с публикации или в ссылке опечатка.",
    kb_updated: article_updated_ru,
    kb_unpublished_note: "Статья не опубликована: клиенты её не видят.",
    suggestions_title: "Возможно, решение уже есть",
    suggestions_keys: "↑ ↓ — выбор, Enter — открыть, Esc — скрыть",
    suggestions_found: solutions_found_ru,
    similar_requests_title: "Похожие запросы вашей организации",
    similar_request_number: request_number_ru,
    article_close: "Закрыть статью",
    article_back_to_form: "Вернуться к запросу",
    article_solved: "Это решило мою проблему",
    // --- request page, chat and queue filters ---
    request_title: request_title_ru,
    request_not_found_title: "Запрос не найден",
    request_not_found_text: "Запроса с таким номером нет, или он вам недоступен.",
    request_details: "Сведения",
    request_author: "Автор",
    participants_title: "Участники запроса",
    participants_none: "Участников пока нет",
    participant_initiator: "Инициатор",
    participant_shared: "Коллега",
    participant_responsible: "Ответственный",
    information_title: "Информация",
    assignee_label: "Ответственный",
    not_assigned: "Не назначен",
    work_title: "Работа с запросом",
    take_request: "Взять в работу",
    change_status: "Изменить статус",
    choose_status: "Выберите новый статус",
    assign_label: "Назначить ответственного",
    assign_button: "Назначить",
    choose_assignee: "Выберите сотрудника",
    chat_title: "Чат с поддержкой",
    chat_empty: "Сообщений пока нет. Напишите, если хотите что-то уточнить.",
    chat_reconnecting: "Связь потеряна. Переподключаемся…",
    chat_role_customer: "клиент",
    chat_role_support: "поддержка",
    chat_role_manager: "менеджер",
    chat_status_changed: status_changed_ru,
    chat_assigned: assigned_ru,
    chat_author_assigned: author_assigned_ru,
    chat_author_taken: author_taken_ru,
    chat_author_deactivated: author_deactivated_ru,
    chat_message_label: "Сообщение",
    chat_message_placeholder: "Напишите сообщение",
    chat_send_hint: "Ctrl+Enter — отправить",
    chat_send: "Отправить",
    chat_sending: "Отправляем…",
    chat_wait_uploads: "Дождитесь окончания загрузки файлов",
    chat_message_required: "Напишите сообщение",
    chat_message_too_long: "Сообщение не может быть длиннее 10 000 символов",
    any_organization: "Любая",
    assignment_label: "Ответственный",
    assignment_any: "Все",
    assignment_mine: "Назначенные мне",
    assignment_unassigned: "Не назначенные",
    // --- requests without author, members ---
    authorless_requests: "Запросы без автора",
    authorless_subtitle: "Зарегистрированы поддержкой от имени организации или остались после отключения сотрудника",
    authorless_empty_title: "Запросов без автора нет",
    authorless_empty_text: "Здесь появятся запросы, которые поддержка зарегистрировала по телефону или письму, и запросы отключённых сотрудников.",
    column_contact: "Контакт",
    column_assign: "Автор",
    choose_author: "Выберите сотрудника",
    assign_author: "Назначить",
    take_myself: "Взять себе",
    author_assigned: "Автор назначен. Запрос перенесён в его «Мои запросы».",
    org_members: "Сотрудники",
    org_members_subtitle: "Сотрудники организации с доступом к порталу",
    column_name: "Имя",
    column_role: "Роль",
    column_state: "Состояние",
    column_actions: "Действия",
    member_active: "Активен",
    member_inactive: "Отключён",
    deactivate_member: "Отключить",
    reactivate_member: "Включить",
    it_is_you: "это вы",
};

pub static EN: Texts = Texts {
    locale: Locale::En,
    app_name: "Support Portal",
    skip_link: "Skip to content",
    main_nav: "Main navigation",
    language_group: "Interface language",
    support_team: "Support team",
    sign_out: "Sign out",
    create_request: "Create request",
    my_requests: "My requests",
    org_requests: "Organization requests",
    drafts: "Drafts",
    queue: "Queue",
    footer: "Customer technical support portal",
    loading: "Loading…",

    sign_in_title: "Sign in",
    sign_in_lead: "Sign in to see your organization's requests and to contact support.",
    email: "Email",
    password: "Password",
    sign_in_button: "Sign in",
    signing_in: "Signing in…",
    wrong_credentials: "Wrong email or password",
    throttled: minutes_en,
    rate_limited: wait_en,
    session_expired: "Your session has ended. Please sign in again.",
    demo_title: "Demo access",
    demo_text: "The password of every demo account is demo-password",
    demo_account: "Account",
    demo_role: "Role",

    field_required: "This field is required",
    email_invalid: "Enter an e-mail address such as ivan@example.com",
    invalid_input: "Please check what you entered",
    internal_error: "Something went wrong. Please try again a little later.",
    temporarily_unavailable: "The service is temporarily unavailable: the database cannot be reached. Nothing was lost — please repeat the action in a minute.",
    storage_full: "The server has run out of space for files. The file was not saved; please try later or tell the administrator.",
    network_error: "Cannot reach the server. Check your connection and try again.",

    my_requests_subtitle: "Requests you created or take part in",
    my_empty_title: "You have no requests yet",
    my_empty_text: "Requests you create or take part in will appear here.",
    org_requests_subtitle: "All requests of your organization's staff",
    org_empty_title: "Your organization has no requests yet",
    org_empty_text: "Requests of everyone in your organization will appear here.",
    drafts_subtitle: "Requests you started but have not sent yet",
    drafts_empty_title: "No drafts",
    drafts_empty_text: "If you interrupt creating a request you can save it as a draft, and it will appear here.",
    queue_subtitle: "Customer requests of all organizations",
    queue_empty_title: "The queue is empty",
    queue_empty_text: "New customer requests will appear here.",
    drafts_count: drafts_en,

    column_number: "No.",
    column_subject: "Subject",
    column_kind: "Type",
    column_product: "Product",
    column_status: "Status",
    column_organization: "Organization",
    column_created: "Created",
    column_updated: "Updated",
    no_author: "No author",

    forbidden_title: "Access denied",
    forbidden_text: "Your account has no access to this page.",
    not_found_title: "Page not found",
    not_found_text: "The link may be outdated, or the address has a typo.",
    go_home: "Go to the start page",

    nothing_found_title: "Nothing found",
    nothing_found_text: "Change the search terms or reset the filters.",
    filters_label: "Search and filters",
    search_label: "Search",
    search_placeholder: "Number or words of the subject",
    members_search_placeholder: "Name or e-mail",
    any_status: "Any",
    any_kind: "Any",
    sort_label: "Sort",
    sort_updated: "Recently updated first",
    sort_created: "Newest first",
    apply_filters: "Search",
    reset_filters: "Reset",
    found_requests: found_en,
    pagination_label: "List pages",
    first_page: "First page",
    next_page: "Next page",

    choose_type: "Choose the type of request",
    change_type: "Change type",
    renew_services: "Renew the certificate with a commercial request",
    renew_services_subject: "Renewal of the services certificate",
    form_sections: "Form sections",
    tab_parameters: "Product parameters",
    tab_description: "Request description",
    tab_attachments: "Attachments",
    tab_has_errors: "this section has errors",
    subject_label: "Subject",
    subject_hint: "5 to 200 characters: the problem or question in short",
    description_label: "Description",
    cancel: "Cancel",
    creating_request: "Creating the request…",
    form_needs_javascript: "To send the request, turn on JavaScript in your browser: the form uses it to upload files and keep your draft.",
    product_label: "Product",
    version_label: "Version",
    update_label: "Update",
    certificate_label: "Certificate",
    choose_placeholder: "— choose —",
    no_updates: "This version has no updates",
    no_certificate_for_product: "Your organization has no active support certificate for this product.",
    open_commercial: "Open a commercial request",
    classification_label: "Request classification",
    not_chosen: "Not chosen",
    choose_classification: "Choose",
    classification_search: "Search the classification",
    request_created_text: "Support's answers will appear in the request's chat; notifications come by e-mail.",
    create_another: "Create another",
    open_request: "Go to the request",
    services_expired: services_expired_en,
    services_not_yet: services_not_yet_en,
    characters_left: characters_left_en,
    certificate_option: certificate_option_en,
    request_created: request_created_en,

    attachments_label: "Attachments",
    attachments_drop_hint: "Drag files here or",
    attachments_choose: "Choose files",
    attachments_limits: "Up to 20 files, each no larger than 50 MB, 200 MB in total",
    attachment_remove: "Remove",
    attachment_remove_label: remove_file_en,
    attachment_progress_label: uploading_en,
    attachment_too_large: "The file is larger than 50 MB. Make it smaller or split it into parts.",
    attachment_type_not_allowed: "Files of this type cannot be attached. Allowed: images, PDF, text and logs, Office documents, archives.",
    attachment_type_mismatch: "The file's content does not match its extension. Allowed: images, PDF, text and logs, Office documents, archives.",
    attachment_empty: "The file is empty; there is nothing to attach.",
    attachments_too_many: "You can attach at most 20 files.",
    attachments_too_large_total: "All files together must not exceed 200 MB.",
    attachment_upload_failed: "Could not upload the file. Please try again.",
    file_size: file_size_en,

    // --- knowledge base ---
    kb_nav: "Knowledge base",
    kb_subtitle: "Customers see published articles as suggestions while creating a request.",
    kb_create: "Create article",
    kb_search_placeholder: "Words of the title or text",
    kb_empty_title: "No articles yet",
    kb_empty_text: "Create the first article; once published, customers see it in suggestions.",
    kb_found_articles: articles_found_en,
    kb_column_title: "Title",
    kb_column_scope: "Product and version",
    kb_column_helped: "Helped",
    kb_column_actions: "Actions",
    kb_all_products: "All products",
    kb_all_versions: "All versions",
    kb_published: "Published",
    kb_unpublished: "Not published",
    kb_publish: "Publish",
    kb_unpublish: "Unpublish",
    kb_edit: "Edit",
    kb_previous_page: "Previous page",
    kb_page_of: page_of_en,
    kb_new_title: "New article",
    kb_edit_title: "Edit article",
    kb_title_label: "Title",
    kb_body_label: "Text",
    kb_body_hint: "Markdown: **bold**, lists, links, `code`. HTML is not supported.",
    kb_tags_label: "Tags",
    kb_tags_hint: "Comma-separated, e.g.: printing, cups",
    kb_published_label: "Published",
    kb_published_hint: "Customers see a published article in suggestions and by link",
    kb_save: "Save",
    kb_saving: "Saving…",
    kb_saved: "Article saved",
    kb_back_to_list: "Back to the articles",
    kb_article_not_found_title: "Article not found",
    kb_article_not_found_text: "It may have been unpublished, or the link has a typo.",
    kb_updated: article_updated_en,
    kb_unpublished_note: "This article is not published: customers do not see it.",
    suggestions_title: "A solution may already exist",
    suggestions_keys: "↑ ↓ to choose, Enter to open, Esc to hide",
    suggestions_found: solutions_found_en,
    similar_requests_title: "Similar requests of your organization",
    similar_request_number: request_number_en,
    article_close: "Close the article",
    article_back_to_form: "Back to the request",
    article_solved: "This solved my problem",
    // --- request page, chat and queue filters ---
    request_title: request_title_en,
    request_not_found_title: "Request not found",
    request_not_found_text: "There is no request with this number, or it is not available to you.",
    request_details: "Details",
    request_author: "Author",
    participants_title: "Request participants",
    participants_none: "No participants yet",
    participant_initiator: "Initiator",
    participant_shared: "Colleague",
    participant_responsible: "Responsible",
    information_title: "Information",
    assignee_label: "Responsible",
    not_assigned: "Not assigned",
    work_title: "Handling",
    take_request: "Take",
    change_status: "Change status",
    choose_status: "Choose the new status",
    assign_label: "Assign to",
    assign_button: "Assign",
    choose_assignee: "Choose a staff member",
    chat_title: "Chat with support",
    chat_empty: "No messages yet. Write if you want to add something.",
    chat_reconnecting: "Connection lost. Reconnecting…",
    chat_role_customer: "customer",
    chat_role_support: "support",
    chat_role_manager: "manager",
    chat_status_changed: status_changed_en,
    chat_assigned: assigned_en,
    chat_author_assigned: author_assigned_en,
    chat_author_taken: author_taken_en,
    chat_author_deactivated: author_deactivated_en,
    chat_message_label: "Message",
    chat_message_placeholder: "Write a message",
    chat_send_hint: "Ctrl+Enter to send",
    chat_send: "Send",
    chat_sending: "Sending…",
    chat_wait_uploads: "Wait until the files have uploaded",
    chat_message_required: "Write a message",
    chat_message_too_long: "A message can have at most 10,000 characters",
    any_organization: "Any",
    assignment_label: "Responsible",
    assignment_any: "All",
    assignment_mine: "Assigned to me",
    assignment_unassigned: "Unassigned",
    // --- requests without author, members ---
    authorless_requests: "Requests without author",
    authorless_subtitle: "Registered by support on behalf of the organization, or left by a deactivated member",
    authorless_empty_title: "No requests without author",
    authorless_empty_text: "Requests that support registered from a phone call or a letter, and requests of deactivated members, appear here.",
    column_contact: "Contact",
    column_assign: "Author",
    choose_author: "Choose a member",
    assign_author: "Assign",
    take_myself: "Take it myself",
    author_assigned: "The author is assigned. The request moved to their «My requests».",
    org_members: "Members",
    org_members_subtitle: "Members of your organization with access to the portal",
    column_name: "Name",
    column_role: "Role",
    column_state: "State",
    column_actions: "Actions",
    member_active: "Active",
    member_inactive: "Deactivated",
    deactivate_member: "Deactivate",
    reactivate_member: "Reactivate",
    it_is_you: "you",
};

impl Texts {
    pub fn for_locale(locale: Locale) -> &'static Texts {
        match locale {
            Locale::Ru => &RU,
            Locale::En => &EN,
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match (self.locale, role) {
            (Locale::Ru, Role::Customer) => "Клиент",
            (Locale::Ru, Role::OrgAdmin) => "Администратор организации",
            (Locale::Ru, Role::SupportAgent) => "Инженер поддержки",
            (Locale::Ru, Role::Manager) => "Коммерческий менеджер",
            (Locale::Ru, Role::Administrator) => "Администратор портала",
            (Locale::En, Role::Customer) => "Customer",
            (Locale::En, Role::OrgAdmin) => "Organization admin",
            (Locale::En, Role::SupportAgent) => "Support engineer",
            (Locale::En, Role::Manager) => "Account manager",
            (Locale::En, Role::Administrator) => "Portal administrator",
        }
    }

    pub fn status(&self, status: RequestStatus) -> &'static str {
        match (self.locale, status) {
            (Locale::Ru, RequestStatus::New) => "Новый",
            (Locale::Ru, RequestStatus::InProgress) => "В работе",
            (Locale::Ru, RequestStatus::AwaitingCustomer) => "Ожидает ответа клиента",
            (Locale::Ru, RequestStatus::Resolved) => "Решено",
            (Locale::Ru, RequestStatus::Closed) => "Закрыт",
            (Locale::En, RequestStatus::New) => "New",
            (Locale::En, RequestStatus::InProgress) => "In progress",
            (Locale::En, RequestStatus::AwaitingCustomer) => "Awaiting customer reply",
            (Locale::En, RequestStatus::Resolved) => "Resolved",
            (Locale::En, RequestStatus::Closed) => "Closed",
        }
    }

    pub fn kind(&self, kind: RequestKind) -> &'static str {
        match (self.locale, kind) {
            (Locale::Ru, RequestKind::TechnicalSupport) => "Консультация по вопросам технической поддержки и обновлений",
            (Locale::Ru, RequestKind::Services) => "Запрос на услуги",
            (Locale::Ru, RequestKind::Commercial) => "Коммерческий запрос",
            (Locale::Ru, RequestKind::PortalServices) => "Консультация по сервисам",
            (Locale::En, RequestKind::TechnicalSupport) => "Technical support and updates consultation",
            (Locale::En, RequestKind::Services) => "Services request",
            (Locale::En, RequestKind::Commercial) => "Commercial request",
            (Locale::En, RequestKind::PortalServices) => "Portal services consultation",
        }
    }

    /// Short type names for tables and filters.
    pub fn kind_short(&self, kind: RequestKind) -> &'static str {
        match (self.locale, kind) {
            (Locale::Ru, RequestKind::TechnicalSupport) => "Техподдержка",
            (Locale::Ru, RequestKind::Services) => "Услуги",
            (Locale::Ru, RequestKind::Commercial) => "Коммерческий",
            (Locale::Ru, RequestKind::PortalServices) => "Сервисы портала",
            (Locale::En, RequestKind::TechnicalSupport) => "Technical support",
            (Locale::En, RequestKind::Services) => "Services",
            (Locale::En, RequestKind::Commercial) => "Commercial",
            (Locale::En, RequestKind::PortalServices) => "Portal services",
        }
    }

    /// What each kind of request is for, under its name in the type chooser.
    pub fn kind_hint(&self, kind: RequestKind) -> &'static str {
        match (self.locale, kind) {
            (Locale::Ru, RequestKind::TechnicalSupport) => {
                "Установка, настройка, ошибки и обновления продуктов по сертификату технической поддержки"
            }
            (Locale::Ru, RequestKind::Services) => "Внедрение, миграция, обучение и аудит по сертификату на услуги",
            (Locale::Ru, RequestKind::Commercial) => {
                "Продление и покупка лицензий, демонстрационные лицензии — ответит коммерческий менеджер"
            }
            (Locale::Ru, RequestKind::PortalServices) => "Вопросы о работе этого портала",
            (Locale::En, RequestKind::TechnicalSupport) => {
                "Installation, configuration, errors and updates under a support certificate"
            }
            (Locale::En, RequestKind::Services) => "Implementation, migration, training and audit under a services certificate",
            (Locale::En, RequestKind::Commercial) => {
                "Licence renewal or purchase, demo licences — answered by an account manager"
            }
            (Locale::En, RequestKind::PortalServices) => "Questions about this portal",
        }
    }

    /// The message for a validation rule code sent by the server or found in the browser.
    pub fn validation_message(&self, code: Code) -> &'static str {
        let ru = self.locale == Locale::Ru;
        match code {
            Code::Required => self.field_required,
            Code::EmailInvalid => self.email_invalid,
            Code::SubjectRequired => {
                if ru {
                    "Укажите тему запроса"
                } else {
                    "Enter the subject"
                }
            }
            Code::SubjectTooShort => {
                if ru {
                    "Тема должна содержать не меньше 5 символов"
                } else {
                    "The subject needs at least 5 characters"
                }
            }
            Code::SubjectTooLong => {
                if ru {
                    "Тема не может быть длиннее 200 символов"
                } else {
                    "The subject can have at most 200 characters"
                }
            }
            Code::DescriptionRequired => {
                if ru {
                    "Опишите проблему или вопрос"
                } else {
                    "Describe the problem or question"
                }
            }
            Code::DescriptionTooLong => {
                if ru {
                    "Описание не может быть длиннее 20 000 символов"
                } else {
                    "The description can have at most 20,000 characters"
                }
            }
            Code::ProductRequired => {
                if ru {
                    "Выберите продукт"
                } else {
                    "Choose the product"
                }
            }
            Code::VersionRequired => {
                if ru {
                    "Выберите версию"
                } else {
                    "Choose the version"
                }
            }
            Code::UpdateRequired => {
                if ru {
                    "Выберите обновление"
                } else {
                    "Choose the update"
                }
            }
            Code::CertificateRequired => {
                if ru {
                    "Выберите сертификат"
                } else {
                    "Choose the certificate"
                }
            }
            Code::ClassificationRequired => {
                if ru {
                    "Выберите классификацию запроса"
                } else {
                    "Choose the request classification"
                }
            }
            Code::KindServicesUnavailable => {
                if ru {
                    "Запрос на услуги недоступен: у организации нет действующего сертификата на услуги"
                } else {
                    "Services requests are unavailable: your organization has no active services certificate"
                }
            }
            Code::AttachmentsTooMany => {
                if ru {
                    "Можно прикрепить не больше 20 файлов"
                } else {
                    "At most 20 files can be attached"
                }
            }
            // --- requests without author, members ---
            Code::RequestHasAuthor => {
                if ru {
                    "У запроса уже есть автор — обновите страницу"
                } else {
                    "The request already has an author — reload the page"
                }
            }
            Code::AuthorNotMember => {
                if ru {
                    "Автором можно назначить только сотрудника вашей организации"
                } else {
                    "Only a member of your organization can be the author"
                }
            }
            Code::AuthorInactive => {
                if ru {
                    "Сотрудник отключён — выберите другого"
                } else {
                    "This member is deactivated — choose another one"
                }
            }
            Code::ContactEmailInvalid => {
                if ru {
                    "Проверьте e-mail контактного лица"
                } else {
                    "Check the contact's e-mail"
                }
            }
            Code::OrganizationInvalid | Code::OrganizationRequired => {
                if ru {
                    "Выберите организацию"
                } else {
                    "Choose the organization"
                }
            }
            Code::KindRequired => {
                if ru {
                    "Выберите тип запроса"
                } else {
                    "Choose the request type"
                }
            }
            Code::ContactNameTooLong => {
                if ru {
                    "Имя контактного лица не может быть длиннее 200 символов"
                } else {
                    "The contact name can have at most 200 characters"
                }
            }
            Code::MemberSelf => {
                if ru {
                    "Нельзя отключить собственную учётную запись"
                } else {
                    "You cannot deactivate your own account"
                }
            }
            Code::SearchTooLong => {
                if ru {
                    "Поисковый запрос не может быть длиннее 200 символов"
                } else {
                    "The search can have at most 200 characters"
                }
            }
            Code::AttachmentsTooLarge => {
                if ru {
                    "Все вложения вместе не могут быть больше 200 МБ"
                } else {
                    "All attachments together can be at most 200 MB"
                }
            }
            Code::SubjectInvalidCharacters
            | Code::DescriptionInvalidCharacters
            | Code::ContactNameInvalidCharacters
            | Code::MessageInvalidCharacters
            | Code::RatingInvalidCharacters
            | Code::LinkedInvalidCharacters => {
                if ru {
                    "Текст содержит недопустимые символы"
                } else {
                    "The text contains characters that are not allowed"
                }
            }
            // --- drafts ---
            Code::DraftTooLarge => {
                if ru {
                    "Черновик слишком большой (больше 256 КБ) — сократите описание"
                } else {
                    "The draft is too large (over 256 KB) — shorten the description"
                }
            }
            Code::DraftMalformed => {
                if ru {
                    "Черновик повреждён и не может быть сохранён"
                } else {
                    "The draft is damaged and cannot be saved"
                }
            }
            Code::DraftKindInvalid => {
                if ru {
                    "Неизвестный тип запроса — выберите тип заново"
                } else {
                    "Unknown request type — choose the type again"
                }
            }
            Code::DraftKeyInvalid => {
                if ru {
                    "Форма повреждена — обновите страницу"
                } else {
                    "The form is damaged — reload the page"
                }
            }
            Code::DraftAlreadySent => {
                if ru {
                    "Этот запрос уже создан"
                } else {
                    "This request has already been created"
                }
            }
            Code::DraftNotFound => {
                if ru {
                    "Черновик не найден — возможно, он уже удалён"
                } else {
                    "Draft not found — it may have been deleted"
                }
            }
            // --- knowledge base ---
            Code::KbTitleRequired => {
                if ru {
                    "Укажите заголовок"
                } else {
                    "Enter the title"
                }
            }
            Code::KbTitleTooLong => {
                if ru {
                    "Заголовок не может быть длиннее 200 символов"
                } else {
                    "The title can have at most 200 characters"
                }
            }
            Code::KbBodyRequired => {
                if ru {
                    "Напишите текст статьи"
                } else {
                    "Write the article's text"
                }
            }
            Code::KbBodyTooLong => {
                if ru {
                    "Текст не может быть длиннее 50 000 символов"
                } else {
                    "The text can have at most 50,000 characters"
                }
            }
            Code::KbTagsTooLong => {
                if ru {
                    "Каждый тег — не длиннее 40 символов"
                } else {
                    "Each tag can have at most 40 characters"
                }
            }
            Code::KbTagsTooMany => {
                if ru {
                    "Можно указать не больше 20 тегов"
                } else {
                    "At most 20 tags"
                }
            }
            Code::KbVersionWithoutProduct => {
                if ru {
                    "Сначала выберите продукт"
                } else {
                    "Choose the product first"
                }
            }
            Code::KbVersionNotOfProduct => {
                if ru {
                    "Эта версия не относится к выбранному продукту"
                } else {
                    "This version does not belong to the chosen product"
                }
            }
            Code::KbProductUnknown => {
                if ru {
                    "Такого продукта нет — выберите его из списка заново"
                } else {
                    "No such product — choose it from the list again"
                }
            }
            // --- chat and request work ---
            Code::MessageRequired => {
                if ru {
                    "Напишите сообщение"
                } else {
                    "Write a message"
                }
            }
            Code::MessageTooLong => {
                if ru {
                    "Сообщение не может быть длиннее 10 000 символов"
                } else {
                    "A message can have at most 10,000 characters"
                }
            }
            Code::RequestClosed => {
                if ru {
                    "Запрос закрыт — в него больше нельзя писать"
                } else {
                    "The request is closed; no more messages can be added"
                }
            }
            Code::StatusTransition => {
                if ru {
                    "Этот переход статуса сейчас недоступен — обновите страницу"
                } else {
                    "This status change is not available now; reload the page"
                }
            }
            Code::AssigneeInvalid => {
                if ru {
                    "Этого сотрудника нельзя назначить на запрос"
                } else {
                    "This staff member cannot be assigned to the request"
                }
            }
            // --- request lifecycle ---
            Code::ShareOutsideOrganization => {
                if ru {
                    "Поделиться можно только с коллегами вашей организации"
                } else {
                    "You can share only with colleagues of your organization"
                }
            }
            Code::ShareNobody => {
                if ru {
                    "Отметьте хотя бы одного коллегу"
                } else {
                    "Tick at least one colleague"
                }
            }
            Code::ShareTooMany => {
                if ru {
                    "За один раз можно добавить не больше 20 коллег"
                } else {
                    "At most 20 colleagues can be added at once"
                }
            }
            Code::RatingStars => {
                if ru {
                    "Выберите оценку от 1 до 5"
                } else {
                    "Choose a rating from 1 to 5"
                }
            }
            Code::RatingCommentTooLong => {
                if ru {
                    "Комментарий не может быть длиннее 2000 символов"
                } else {
                    "The comment can have at most 2,000 characters"
                }
            }
            Code::RatingNotFinished => {
                if ru {
                    "Оценить можно решённый или закрытый запрос"
                } else {
                    "Only a resolved or closed request can be rated"
                }
            }
            Code::LinkedInfoRequired => {
                if ru {
                    "Опишите, что нужно сделать дальше"
                } else {
                    "Describe what needs to be done next"
                }
            }
            Code::LinkedInfoTooLong => {
                if ru {
                    "Текст не может быть длиннее 10 000 символов"
                } else {
                    "The text can have at most 10,000 characters"
                }
            }
            Code::LinkedNotClosed => {
                if ru {
                    "Связанный запрос создаётся к закрытому запросу"
                } else {
                    "A linked request is created for a closed request"
                }
            }
            Code::RatingFinal => {
                if ru {
                    "Запрос закрыт — оценку уже нельзя изменить"
                } else {
                    "The request is closed; the rating can no longer change"
                }
            }
            Code::KindInvalid
            | Code::ProductInvalid
            | Code::ProductNotApplicable
            | Code::VersionInvalid
            | Code::UpdateInvalid
            | Code::CertificateInvalid
            | Code::ClassificationInvalid
            | Code::ClassificationNotApplicable
            | Code::IdempotencyKeyInvalid
            | Code::AttachmentsInvalid
            | Code::StatusInvalid
            | Code::SortInvalid
            | Code::AfterInvalid
            | Code::AssignedInvalid
            | Code::MessageInvalid
            | Code::ClientMessageIdInvalid => {
                if ru {
                    "Значение не подходит — выберите его из списка заново"
                } else {
                    "This value does not fit — choose it from the list again"
                }
            }
            // Rules no form of the UI can break (forged requests, the command line, the
            // unsubscribe page, the upload route's own answers): the general sentence.
            Code::Malformed
            | Code::EmailTaken
            | Code::PasswordTooShort
            | Code::DisplayNameLength
            | Code::LocaleUnknown
            | Code::OrganizationNameLength
            | Code::OrganizationRoleMismatch
            | Code::AttachmentTypeNotAllowed
            | Code::AttachmentTypeMismatch
            | Code::AttachmentEmpty
            | Code::AttachmentIncomplete
            | Code::UnsubscribeInvalidToken
            | Code::UnsubscribeNotParticipant => self.invalid_input,
        }
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

// --- drafts ---

/// Texts of drafts: the autosave line, the «Сохранить черновик?» dialog and «Черновики».
pub struct DraftTexts {
    pub saved_at: fn(&str) -> String,
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
    pub delete_label: fn(&str) -> String,
    pub delete_title: &'static str,
    pub delete_text: fn(&str) -> String,
    pub unknown_kind: &'static str,
    pub open_failed: &'static str,
}

pub static DRAFT_RU: DraftTexts = DraftTexts {
    saved_at: |time| format!("Черновик сохранён в {time}"),
    saved_locally: "Черновик сохранён только на этом устройстве",
    saving: "Сохраняем черновик…",
    leave_title: "Сохранить черновик?",
    leave_text: "Запрос ещё не создан. Черновик можно будет продолжить в разделе «Черновики».",
    save: "Сохранить",
    dont_save: "Не сохранять",
    back_to_form: "Вернуться к форме",
    column_kind: "Тип",
    column_subject: "Тема",
    column_saved: "Сохранён",
    column_actions: "Действия",
    no_subject: "Без темы",
    continue_draft: "Продолжить",
    delete: "Удалить",
    delete_label: |subject| format!("Удалить черновик «{subject}»"),
    delete_title: "Удалить черновик?",
    delete_text: |subject| format!("Черновик «{subject}» и его вложения будут удалены. Восстановить их будет нельзя."),
    unknown_kind: "Тип не выбран",
    open_failed: "Не удалось открыть черновик",
};

pub static DRAFT_EN: DraftTexts = DraftTexts {
    saved_at: |time| format!("Draft saved at {time}"),
    saved_locally: "Draft saved on this device only",
    saving: "Saving the draft…",
    leave_title: "Save the draft?",
    leave_text: "The request has not been created yet. You can continue the draft later under Drafts.",
    save: "Save",
    dont_save: "Don't save",
    back_to_form: "Back to the form",
    column_kind: "Type",
    column_subject: "Subject",
    column_saved: "Saved",
    column_actions: "Actions",
    no_subject: "No subject",
    continue_draft: "Continue",
    delete: "Delete",
    delete_label: |subject| format!("Delete the draft “{subject}”"),
    delete_title: "Delete the draft?",
    delete_text: |subject| format!("The draft “{subject}” and its attachments will be deleted. They cannot be restored."),
    unknown_kind: "Type not chosen",
    open_failed: "The draft could not be opened",
};

impl Texts {
    pub fn draft(&self) -> &'static DraftTexts {
        match self.locale {
            Locale::Ru => &DRAFT_RU,
            Locale::En => &DRAFT_EN,
        }
    }
}

// --- request lifecycle ---
/// Texts of the request actions, the reopen deadline and the rating. Kept in their own
/// table so the feature's strings stay together; both languages are still required by the compiler.
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
    pub reopen_until: fn(&str, u32, u32) -> String,
    pub rate_title: &'static str,
    pub rate_stars: &'static str,
    pub rate_star: fn(i16) -> String,
    pub rate_comment: &'static str,
    pub rate_save: &'static str,
    pub rate_change: &'static str,
    pub rate_saved: &'static str,
    pub rate_final: &'static str,
    pub ratings_title: &'static str,
    pub ratings_none: &'static str,
    pub average_rating: fn(f64, u64) -> String,
    pub linked_create: &'static str,
    pub linked_continues: &'static str,
    pub linked_continued_by: &'static str,
    pub linked_hint: fn(i64) -> String,
    pub linked_info: &'static str,
    pub linked_submit: &'static str,
    pub linked_created: fn(i64) -> String,
    pub linked_open: &'static str,
    pub download_pdf: &'static str,
    pub closed_composer: &'static str,
}

fn linked_hint_ru(number: i64) -> String {
    format!(
        "Новый запрос получит тип и параметры продукта запроса № {number} и тему «Связан с № {number}». Переписка не копируется."
    )
}

fn linked_hint_en(number: i64) -> String {
    format!(
        "The new request gets the type and product parameters of request No. {number} and the subject «Связан с № {number}». The chat is not copied."
    )
}

fn linked_created_ru(number: i64) -> String {
    format!("Создан запрос № {number}")
}

fn linked_created_en(number: i64) -> String {
    format!("Request No. {number} has been created")
}

const MONTHS_GENITIVE_RU: [&str; 12] =
    ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

fn reopen_until_ru(time: &str, day: u32, month: u32) -> String {
    let month = MONTHS_GENITIVE_RU.get(month.saturating_sub(1) as usize).copied().unwrap_or("");
    format!("Можно возобновить, оставив комментарий, до {time} {day} {month}")
}

fn reopen_until_en(time: &str, day: u32, month: u32) -> String {
    let month = MONTHS_EN.get(month.saturating_sub(1) as usize).copied().unwrap_or("");
    format!("You can reopen the request by leaving a comment until {time} on {day} {month}")
}

fn rate_star_ru(stars: i16) -> String {
    format!("{stars} из 5")
}

fn rate_star_en(stars: i16) -> String {
    format!("{stars} of 5")
}

fn average_rating_ru(average: f64, count: u64) -> String {
    let count_text = match Locale::Ru.plural_category(count) {
        domain::PluralCategory::One => "оценка",
        domain::PluralCategory::Few => "оценки",
        _ => "оценок",
    };
    format!("Средняя оценка: {} ({count} {count_text})", format!("{average:.1}").replace('.', ","))
}

fn average_rating_en(average: f64, count: u64) -> String {
    format!("Average rating: {average:.1} ({count} {})", if count == 1 { "rating" } else { "ratings" })
}

pub static LIFECYCLE_RU: LifecycleTexts = LifecycleTexts {
    actions_title: "Действия",
    subscribe: "Подписаться",
    unsubscribe: "Отписаться",
    share: "Поделиться",
    share_title: "Поделиться запросом",
    share_search: "Имя или e-mail коллеги",
    share_nobody_found: "Коллег с таким именем или e-mail не найдено",
    share_add: "Добавить",
    share_choose: "Отметьте хотя бы одного коллегу",
    share_done: "Коллеги добавлены в участники запроса",
    close: "Закрыть запрос",
    close_title: "Закрыть запрос?",
    close_text: "Запрос будет закрыт окончательно. Детали, описание и переписка останутся доступны для чтения.",
    close_confirm: "Закрыть запрос",
    reopen_until: reopen_until_ru,
    rate_title: "Оцените работу поддержки",
    rate_stars: "Оценка",
    rate_star: rate_star_ru,
    rate_comment: "Комментарий (необязательно)",
    rate_save: "Отправить оценку",
    rate_change: "Изменить оценку",
    rate_saved: "Спасибо за оценку!",
    rate_final: "Запрос закрыт — оценка окончательная",
    ratings_title: "Оценки клиентов",
    ratings_none: "Оценок пока нет",
    average_rating: average_rating_ru,
    linked_create: "Создать связанный запрос",
    linked_continues: "Продолжает запрос",
    linked_continued_by: "Связанные запросы:",
    linked_hint: linked_hint_ru,
    linked_info: "Дополнительная информация",
    linked_submit: "Создать запрос",
    linked_created: linked_created_ru,
    linked_open: "Открыть запрос",
    download_pdf: "Скачать в PDF",
    closed_composer: "Запрос закрыт — в него больше нельзя писать. Продолжить обсуждение можно в связанном запросе.",
};

pub static LIFECYCLE_EN: LifecycleTexts = LifecycleTexts {
    actions_title: "Actions",
    subscribe: "Subscribe",
    unsubscribe: "Unsubscribe",
    share: "Share",
    share_title: "Share the request",
    share_search: "Colleague's name or e-mail",
    share_nobody_found: "No colleague with this name or e-mail",
    share_add: "Add",
    share_choose: "Tick at least one colleague",
    share_done: "Colleagues were added to the participants",
    close: "Close request",
    close_title: "Close the request?",
    close_text: "The request will be closed for good. Its details, description and chat stay readable.",
    close_confirm: "Close request",
    reopen_until: reopen_until_en,
    rate_title: "Rate our support",
    rate_stars: "Rating",
    rate_star: rate_star_en,
    rate_comment: "Comment (optional)",
    rate_save: "Send rating",
    rate_change: "Change rating",
    rate_saved: "Thank you for the rating!",
    rate_final: "The request is closed — the rating is final",
    ratings_title: "Customer ratings",
    ratings_none: "No ratings yet",
    average_rating: average_rating_en,
    linked_create: "Create a linked request",
    linked_continues: "Continues request",
    linked_continued_by: "Linked requests:",
    linked_hint: linked_hint_en,
    linked_info: "Additional information",
    linked_submit: "Create request",
    linked_created: linked_created_en,
    linked_open: "Open the request",
    download_pdf: "Download PDF",
    closed_composer: "The request is closed; no more messages can be added. You can continue in a linked request.",
};

impl Texts {
    pub fn lifecycle(&self) -> &'static LifecycleTexts {
        match self.locale {
            Locale::Ru => &LIFECYCLE_RU,
            Locale::En => &LIFECYCLE_EN,
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
    pub registered: fn(i64) -> String,
    pub registered_text: &'static str,
    pub register_another: &'static str,
}

pub static ON_BEHALF_RU: OnBehalfTexts = OnBehalfTexts {
    title: "Регистрация запроса",
    subtitle: "Запрос от организации по телефону или письму. Автора назначит администратор организации.",
    open_form: "Зарегистрировать запрос",
    organization_label: "Организация",
    kind_label: "Тип запроса",
    contact_legend: "Контактное лицо",
    contact_hint: "Кому перезвонить или написать, пока у запроса нет автора на портале.",
    contact_name_label: "Имя и должность",
    contact_email_label: "E-mail",
    submit: "Зарегистрировать",
    submitting: "Регистрируем…",
    choose_organization_first: "Сначала выберите организацию",
    no_services_certificate: "У организации нет действующего сертификата на услуги",
    registered: |number| format!("Запрос № {number} зарегистрирован"),
    registered_text: "Запрос появился в «Запросах без автора» организации; её администратор назначит автора.",
    register_another: "Зарегистрировать ещё",
};

pub static ON_BEHALF_EN: OnBehalfTexts = OnBehalfTexts {
    title: "Register a request",
    subtitle: "A request an organization made by phone or letter. Its administrator assigns the author.",
    open_form: "Register a request",
    organization_label: "Organization",
    kind_label: "Request type",
    contact_legend: "Contact person",
    contact_hint: "Whom to call or write back while the request has no author on the portal.",
    contact_name_label: "Name and position",
    contact_email_label: "E-mail",
    submit: "Register",
    submitting: "Registering…",
    choose_organization_first: "Choose the organization first",
    no_services_certificate: "The organization has no active services certificate",
    registered: |number| format!("Request No. {number} registered"),
    registered_text: "The request is in the organization's «Requests without author»; its administrator assigns the author.",
    register_another: "Register another",
};

impl Texts {
    pub fn on_behalf(&self) -> &'static OnBehalfTexts {
        match self.locale {
            Locale::Ru => &ON_BEHALF_RU,
            Locale::En => &ON_BEHALF_EN,
        }
    }
}
