//! «Отписаться» from a notification e-mail, without signing in: `GET /unsubscribe?token=…`
//! shows what the link is about and a confirmation button; `POST /unsubscribe` does it (the
//! same URL also serves RFC 8058 one-click unsubscribe from mail clients, which POST
//! `List-Unsubscribe=One-Click` with the token in the query). A forged token, or one made for
//! another request, is refused with a clear page (HTTP 400) and changes nothing.

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use domain::Locale;
use portal_service::notifications::unsubscribe::{self, Subscription};
use portal_service::{AppState, ServiceError, accounts};
use serde::Deserialize;

use app::i18n::Texts;
use portal_service::notifications::render::escape_html;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new().route("/unsubscribe", get(confirm).post(perform)).with_state(state)
}

#[derive(Debug, Default, Deserialize)]
pub struct TokenParam {
    #[serde(default)]
    token: Option<String>,
}

async fn confirm(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<TokenParam>) -> Response {
    let token = query.token.unwrap_or_default();
    match unsubscribe::inspect(&state.db, &state.unsubscribe_key, &token).await {
        Ok(subscription) => {
            let locale = recipient_locale(&state, &subscription).await;
            let texts = Texts::for_locale(locale);
            let body = if subscription.subscribed {
                format!(
                    "<h1>{}</h1><p>{}</p><form method=\"post\" action=\"/unsubscribe\"><input type=\"hidden\" name=\"token\" value=\"{}\"><button class=\"btn btn--primary\" type=\"submit\">{}</button></form>",
                    texts.unsubscribe_title,
                    escape_html(&(texts.unsubscribe_question)(subscription.request_number, &subscription.request_subject)),
                    escape_html(&token),
                    texts.unsubscribe_button
                )
            } else {
                format!(
                    "<h1>{}</h1><p>{}</p>",
                    texts.unsubscribe_title,
                    escape_html(&(texts.unsubscribe_done)(subscription.request_number, &subscription.request_subject))
                )
            };
            page(locale, StatusCode::OK, &body)
        }
        Err(error) => refused(&headers, error),
    }
}

/// The form posts `token=…`; one-click clients post `List-Unsubscribe=One-Click` with the token
/// in the query string.
async fn perform(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<TokenParam>,
    form: Result<Form<TokenParam>, axum::extract::rejection::FormRejection>,
) -> Response {
    let token = form.ok().and_then(|Form(form)| form.token).or(query.token).unwrap_or_default();
    match unsubscribe::unsubscribe(&state.db, &state.unsubscribe_key, &token).await {
        Ok(subscription) => {
            tracing::info!(
                user_id = subscription.target.user_id,
                request_id = subscription.target.request_id,
                "unsubscribed from a request"
            );
            let locale = recipient_locale(&state, &subscription).await;
            let texts = Texts::for_locale(locale);
            let body = format!(
                "<h1>{}</h1><p>{}</p>",
                texts.unsubscribe_title,
                escape_html(&(texts.unsubscribe_done)(subscription.request_number, &subscription.request_subject))
            );
            page(locale, StatusCode::OK, &body)
        }
        Err(error) => refused(&headers, error),
    }
}

fn refused(headers: &HeaderMap, error: ServiceError) -> Response {
    let locale = app::i18n::locale_of_request(headers);
    let texts = Texts::for_locale(locale);
    match error {
        ServiceError::Invalid(_) | ServiceError::NotFound => page(
            locale,
            StatusCode::BAD_REQUEST,
            &format!("<h1>{}</h1><p>{}</p>", texts.unsubscribe_title, texts.unsubscribe_invalid),
        ),
        other => {
            tracing::error!(error = %other, "unsubscribe failed");
            page(
                locale,
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("<h1>{}</h1><p>{}</p>", texts.unsubscribe_title, texts.unsubscribe_failed),
            )
        }
    }
}

async fn recipient_locale(state: &AppState, subscription: &Subscription) -> Locale {
    accounts::find_by_id(&state.db, subscription.target.user_id)
        .await
        .ok()
        .flatten()
        .map(|account| account.locale)
        .unwrap_or_default()
}

fn page(locale: Locale, status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head><body><main class=\"page unsubscribe-page\"><div class=\"card\">{body}</div></main></body></html>",
        locale.as_str(),
        Texts::for_locale(locale).unsubscribe_title
    );
    (status, Html(html)).into_response()
}
