//! «Профиль» (`/profile`): the page's data in one call and one function per action. Every
//! signed-in role, each on their own profile only (the account comes from the session, never
//! from the input). The forms work without JavaScript too: a plain post is sent back to the page
//! with `?done=` or `?error=`.

use domain::profile::ProfileView;
use leptos::prelude::*;

use crate::error::AppError;

pub const PROFILE_PATH: &str = "/profile";

/// Where a plain form post returns after `done` (`saved`, `emails`, `password`, `session`,
/// `sessions`).
pub fn done_path(done: &str) -> String {
    format!("{PROFILE_PATH}?done={done}")
}

#[server(prefix = "/api", endpoint = "profile/page")]
pub async fn profile_page() -> Result<ProfileView, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let current = server::current_session_id().await?;
        Ok(portal_service::profile::read(&server::state()?.db, &account, current.as_deref(), chrono::Utc::now()).await?)
    }
    .await;
    server::respond(result)
}

/// «Личные данные»; the language also goes into the cookie. Answers the page to open again (a
/// full load, so the header and every time on the page follow the new name, language and zone).
#[server(prefix = "/api", endpoint = "profile/update")]
pub async fn update_profile(
    display_name: String,
    phone: String,
    position: String,
    locale: String,
    time_zone: String,
) -> Result<String, AppError> {
    use crate::server;
    let fields = domain::profile::ProfileFields { display_name, phone, position, locale, time_zone };
    let keep = [
        ("display_name", fields.display_name.as_str()),
        ("phone", fields.phone.as_str()),
        ("position", fields.position.as_str()),
        ("locale", fields.locale.as_str()),
        ("time_zone", fields.time_zone.as_str()),
        ("form", "personal"),
    ];
    let result = async {
        let account = server::current_account().await?;
        let updated = portal_service::profile::update(&server::state()?.db, &account, &fields, chrono::Utc::now()).await?;
        server::set_locale_cookie(updated.locale);
        let destination = done_path("saved");
        server::redirect_plain_form_post(&destination).await;
        Ok(destination)
    }
    .await;
    server::respond_to_form(result, PROFILE_PATH, &keep).await
}

/// «Какие письма получать»: a ticked box is sent (any value), an unticked one is not.
#[server(prefix = "/api", endpoint = "profile/emails")]
pub async fn set_email_preferences(
    new_message: Option<String>,
    status_changed: Option<String>,
    resolved: Option<String>,
    closed: Option<String>,
    added_to_request: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let preferences = domain::profile::EmailPreferences {
            new_message: new_message.is_some(),
            status_changed: status_changed.is_some(),
            resolved: resolved.is_some(),
            closed: closed.is_some(),
            added_to_request: added_to_request.is_some(),
        };
        portal_service::profile::set_preferences(&server::state()?.db, &account, preferences, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&done_path("emails")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, PROFILE_PATH, &[("form", "emails")]).await
}

/// «Сменить пароль»: ends every other session and signs this one in again with the new password
/// (sessions are bound to the password hash).
#[server(prefix = "/api", endpoint = "profile/password")]
pub async fn change_password(current_password: String, password: String, repeat: String) -> Result<(), AppError> {
    use crate::server;
    use domain::validation::Code;
    let result = async {
        let account = server::current_account().await?;
        if password != repeat {
            return Err(AppError::invalid("repeat", Code::PasswordMismatch));
        }
        let address = server::client_address().map(|address| address.to_string());
        let current = server::current_session_id().await?;
        let changed = portal_service::profile::change_password(
            &server::state()?.db,
            &account,
            current_password,
            password,
            address.as_deref(),
            current.as_deref(),
            chrono::Utc::now(),
        )
        .await?;
        server::start_session(&changed).await?;
        tracing::info!(user_id = account.id, "password changed in the profile");
        server::redirect_plain_form_post(&done_path("password")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, PROFILE_PATH, &[("form", "password")]).await
}

/// «Завершить»: one of the person's other sessions, by the handle the page got.
#[server(prefix = "/api", endpoint = "profile/sessions/end")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let current = server::current_session_id().await?;
        portal_service::profile::end_session(&server::state()?.db, &account, &handle, current.as_deref(), chrono::Utc::now())
            .await?;
        server::redirect_plain_form_post(&done_path("session")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, PROFILE_PATH, &[("form", "sessions")]).await
}

/// «Завершить все остальные»; answers how many ended.
#[server(prefix = "/api", endpoint = "profile/sessions/end-others")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let current = server::current_session_id().await?;
        let ended =
            portal_service::profile::end_other_sessions(&server::state()?.db, &account, current.as_deref(), chrono::Utc::now())
                .await?;
        server::redirect_plain_form_post(&done_path("sessions")).await;
        Ok(ended)
    }
    .await;
    server::respond_to_form(result, PROFILE_PATH, &[("form", "sessions")]).await
}
