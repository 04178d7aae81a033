use domain::Locale;
use leptos::prelude::*;

use crate::api::session::SetLocale;
use crate::i18n::use_texts;

/// RU / EN buttons. Without JavaScript the form posts to the server function, which answers
/// with a redirect back; with it, the page reloads once the choice is saved so that every text
/// is rendered in the new language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let texts = use_texts();
    let action = ServerAction::<SetLocale>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get()
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().reload();
        }
    });
    let button = move |locale: Locale| {
        let pressed = texts.locale == locale;
        view! {
            <button
                class="lang-switch__option"
                type="submit"
                name="locale"
                value=locale.as_str()
                aria-pressed=if pressed { "true" } else { "false" }
                lang=locale.as_str()
                on:click=move |event| {
                    event.prevent_default();
                    if !pressed {
                        action.dispatch(SetLocale { locale: locale.as_str().to_owned() });
                    }
                }
            >
                {locale.as_str().to_uppercase()}
            </button>
        }
    };
    view! {
        <form class="lang-switch" method="post" action="/api/locale" role="group" aria-label=texts.language_group>
            {button(Locale::Ru)}
            {button(Locale::En)}
        </form>
    }
}
