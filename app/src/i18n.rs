//! Interface texts in Russian (default) and English.
//!
//! Every string lives in one `Texts` table per language, so the compiler refuses a language that
//! misses a string. Counted phrases go through `Locale::plural` (1 запрос, 2 запроса, 5 запросов).
//! The language is chosen on the server (cookie, then `Accept-Language`) and written into
//! `<html lang>`, which the browser reads back when it hydrates, so both render the same text.

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
    pub session_expired: &'static str,
    pub demo_title: &'static str,
    pub demo_text: &'static str,
    pub demo_account: &'static str,
    pub demo_role: &'static str,

    pub field_required: &'static str,
    pub email_invalid: &'static str,
    pub invalid_input: &'static str,
    pub internal_error: &'static str,
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
    pub requests_count: fn(u64) -> String,

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

fn requests_ru(n: u64) -> String {
    format!("{n} {}", Locale::Ru.plural(n, ["запрос", "запроса", "запросов"]))
}

fn requests_en(n: u64) -> String {
    format!("{n} {}", Locale::En.plural(n, ["request", "requests", "requests"]))
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
    session_expired: "Сеанс завершён. Войдите снова.",
    demo_title: "Демо-доступ",
    demo_text: "Пароль всех демонстрационных учётных записей: demo-password",
    demo_account: "Учётная запись",
    demo_role: "Роль",

    field_required: "Заполните это поле",
    email_invalid: "Введите адрес электронной почты, например ivan@example.ru",
    invalid_input: "Проверьте введённые данные",
    internal_error: "Что-то пошло не так. Повторите попытку чуть позже.",
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
    requests_count: requests_ru,

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
    session_expired: "Your session has ended. Please sign in again.",
    demo_title: "Demo access",
    demo_text: "The password of every demo account is demo-password",
    demo_account: "Account",
    demo_role: "Role",

    field_required: "This field is required",
    email_invalid: "Enter an e-mail address such as ivan@example.com",
    invalid_input: "Please check what you entered",
    internal_error: "Something went wrong. Please try again a little later.",
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
    requests_count: requests_en,

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

    /// The message for a validation rule code sent by the server.
    pub fn validation_message(&self, code: &str) -> &'static str {
        match code {
            "required" => self.field_required,
            "email.invalid" => self.email_invalid,
            _ => self.invalid_input,
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
