//! «Задать пароль»: what an invitation or password-reset link opens, and choosing the password
//! through it (which signs the person in). Open to anonymous visitors: the token is the proof.

use domain::account_link::OpenedLink;
use leptos::prelude::*;

use crate::error::AppError;

/// The link of `token`, when it can still be used; otherwise `Invalid(link.used | link.expired |
/// link.unknown)`.
#[server(prefix = "/api", endpoint = "password/link")]
pub async fn open_link(token: String) -> Result<OpenedLink, AppError> {
    use crate::server;
    let result = async {
        let state = portal_service::accounts::links::state(&server::state()?.db, &token, chrono::Utc::now()).await?;
        state.usable().map_err(|code| AppError::invalid(code.field(), code))
    }
    .await;
    server::respond(result)
}

/// Sets the password through the link and signs the person in; answers their start page. A
/// plain form post (no JavaScript) is redirected there, or back to the form with the error.
#[server(prefix = "/api", endpoint = "password/set")]
pub async fn set_password(token: String, password: String, repeat: String) -> Result<String, AppError> {
    use crate::server;
    use domain::validation::Code;
    let typed_token = token.clone();
    let result = async {
        if password != repeat {
            return Err(AppError::invalid("repeat", Code::PasswordMismatch));
        }
        let account =
            portal_service::accounts::links::set_password(&server::state()?.db, &token, password, chrono::Utc::now()).await?;
        server::start_session(&account).await?;
        tracing::info!(user_id = account.id, "password set through a link");
        let destination = account.role.home_path();
        server::redirect_plain_form_post(destination).await;
        Ok(destination.to_owned())
    }
    .await;
    server::respond_to_form(result, "/password/set", &[("token", &typed_token)]).await
}

/// «Забыли пароль?»: queues a reset e-mail when the address has an account and answers the same
/// either way (no account discovery). Limited per client address and per typed e-mail. A plain
/// form post is redirected to the page's «Проверьте почту».
#[server(prefix = "/api", endpoint = "password/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::server;
    use domain::validation::{Code, is_plausible_email, normalize_email};
    let typed_email = email.clone();
    let result = async {
        let email = normalize_email(&email);
        if email.is_empty() {
            return Err(AppError::invalid("email", Code::Required));
        }
        if !is_plausible_email(&email) {
            return Err(AppError::invalid("email", Code::EmailInvalid));
        }
        let address = server::client_address();
        server::rate_limit(|limits, now| limits.password_reset(address, &email, now))?;
        portal_service::accounts::links::request_reset(&server::state()?.db, &email, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(FORGOT_SENT_PATH).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, "/password/forgot", &[("email", &typed_email)]).await
}

/// Where «Забыли пароль?» says «Проверьте почту» (also after a plain form post).
pub const FORGOT_SENT_PATH: &str = "/password/forgot?sent=1";
