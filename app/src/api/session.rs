//! Signing in and out, the current user, and the interface language.

use domain::{Locale, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in user, as sent to the browser (no password hash, no internal flags).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organization_name: Option<String>,
    pub locale: Locale,
}

/// A demo account shown on the sign-in page when the portal runs with demo data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub display_name: String,
    pub role: domain::Role,
}

/// Session key holding the Unix time of sign-in, for the absolute session timeout.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";

#[cfg(feature = "ssr")]
fn me_of(account: &portal_service::accounts::Account) -> Me {
    Me {
        id: account.id,
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        role: account.role,
        organization_name: account.organization_name.clone(),
        locale: account.locale,
    }
}

#[server(prefix = "/api", endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::server;
    let session = server::auth_session().await?;
    Ok(session.user.as_ref().map(me_of))
}

/// Signs in; answers with the page to open next: `next` when it is a path on this site,
/// otherwise the role's start page. A plain form post (no JavaScript) is redirected there.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<String, AppError> {
    use crate::server;
    use domain::validation::{is_plausible_email, normalize_email, safe_return_path};
    use portal_service::accounts::auth::{self, Credentials, ThrottlePolicy};

    let typed_email = email.clone();
    let typed_next = next.clone().unwrap_or_default();
    let result = async {
        // Every attempt counts, well-formed or not, before any database or hashing work.
        let address = server::client_address();
        server::rate_limit(|limits, now| limits.sign_in(address, now))?;
        let address = address.map(|address| address.to_string());
        let email = normalize_email(&email);
        if email.is_empty() {
            return Err(AppError::invalid("email", domain::validation::Code::Required));
        }
        if !is_plausible_email(&email) {
            return Err(AppError::invalid("email", domain::validation::Code::EmailInvalid));
        }
        if password.is_empty() {
            return Err(AppError::invalid("password", domain::validation::Code::Required));
        }
        let state = server::state()?;
        let now = chrono::Utc::now();
        let policy = ThrottlePolicy::default();
        auth::check_throttle(&state.db, policy, &email, address.as_deref(), now).await?;

        let session = server::auth_session().await?;
        let account = session
            .authenticate(Credentials { email: email.clone(), password })
            .await
            .map_err(|error| server::internal("authenticate", error))?;
        let Some(account) = account else {
            auth::record_failure(&state.db, &email, address.as_deref(), now).await?;
            tracing::info!(%email, address = ?address, "sign-in failed");
            return Err(AppError::WrongCredentials);
        };
        auth::record_success(&state.db, policy, &email, now).await?;
        server::start_session(&account).await?;
        tracing::info!(user_id = account.id, "signed in");
        let destination = safe_return_path(next.as_deref()).unwrap_or(account.role.home_path());
        server::redirect_plain_form_post(destination).await;
        Ok(destination.to_owned())
    }
    .await;
    server::respond_to_form(result, "/login", &[("email", &typed_email), ("next", &typed_next)]).await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let mut session = server::auth_session().await?;
        session.logout().await.map_err(|error| server::internal("logout", error))?;
        leptos_axum::redirect("/login");
        Ok(())
    }
    .await;
    server::respond(result)
}

/// Switches the interface language: a cookie for this browser, and the profile when signed in.
#[server(prefix = "/api", endpoint = "locale")]
pub async fn set_locale(locale: String) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let locale =
            domain::Locale::parse(&locale).ok_or_else(|| AppError::invalid("locale", domain::validation::Code::LocaleUnknown))?;
        if let Some(account) = server::auth_session().await?.user {
            portal_service::accounts::set_locale(&server::state()?.db, account.id, locale).await?;
        }
        server::set_locale_cookie(locale);
        Ok(())
    }
    .await;
    server::respond(result)
}

/// The demo accounts, only while the portal runs with demo data.
#[server(prefix = "/api", endpoint = "demo-accounts")]
pub async fn demo_accounts() -> Result<Vec<DemoAccount>, AppError> {
    use crate::server;
    let result = (|| {
        if !server::state()?.demo_mode {
            return Ok(Vec::new());
        }
        let seed = portal_service::seed::DemoSeed::load()?;
        Ok(seed
            .accounts()
            .into_iter()
            .filter_map(|user| {
                Some(DemoAccount { role: domain::Role::parse(&user.role)?, email: user.email, display_name: user.name })
            })
            .collect())
    })();
    server::respond(result)
}
