//! «Оцените работу поддержки»: 1–5 stars and an optional comment on a resolved or closed
//! request; support staff see the customers' ratings instead.

use domain::validation::Code;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::request_actions::{RatingInput, RequestActions, rate_request};
use crate::i18n::use_texts;

#[component]
pub fn RatingPanel(actions: RequestActions, refresh: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    let life = texts.lifecycle();
    if !actions.ratings.is_empty() {
        return view! {
            <section class="card rating" aria-labelledby="ratings-title" data-testid="ratings">
                <h2 class="card__title" id="ratings-title">{life.ratings_title}</h2>
                <ul class="rating__list">
                    {actions.ratings.into_iter().map(|line| view! {
                        <li>
                            <span class="rating__stars" aria-label=(life.rate_star)(line.stars)>{stars_text(line.stars)}</span>
                            " "{line.author_name}
                            {line.comment.map(|comment| view! { <p class="rating__comment">{comment}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any();
    }
    if !actions.can_rate {
        return ().into_any();
    }
    let number = actions.number;
    let stars = RwSignal::new(actions.my_rating.as_ref().map_or(0, |r| r.stars));
    let comment = RwSignal::new(actions.my_rating.as_ref().and_then(|r| r.comment.clone()).unwrap_or_default());
    let rated = actions.my_rating.is_some();
    let frozen = actions.rating_final;
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let chosen = stars.get_untracked();
        if !(1..=5).contains(&chosen) {
            error.set(Some(texts.validation_message(Code::RatingStars).to_owned()));
            return;
        }
        busy.set(true);
        error.set(None);
        let input = RatingInput { number, stars: chosen, comment: comment.get_untracked() };
        spawn_local(async move {
            match rate_request(input).await {
                Ok(()) => {
                    saved.try_set(true);
                    refresh.run(());
                }
                Err(failure) => {
                    error.try_set(Some(failure.message(texts)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card rating" aria-labelledby="rating-title" data-testid="rating">
            <h2 class="card__title" id="rating-title">{life.rate_title}</h2>
            <form method="post" on:submit=submit novalidate>
                <fieldset class="rating__stars-choice" disabled=frozen>
                    <legend class="visually-hidden">{life.rate_stars}</legend>
                    {(1..=5i16).map(|n| view! {
                        <button type="button" class=move || star_class(stars.get() >= n)
                            aria-label=(life.rate_star)(n) aria-pressed=move || if stars.get() == n { "true" } else { "false" }
                            data-testid=format!("star-{n}") on:click=move |_| stars.set(n)>"★"</button>
                    }).collect_view()}
                </fieldset>
                <label class="field">
                    <span class="field__label">{life.rate_comment}</span>
                    <textarea class="input" rows="2" maxlength="2000" disabled=frozen data-testid="rating-comment"
                        prop:value=move || comment.get() on:input=move |event| comment.set(event_target_value(&event))></textarea>
                </label>
                {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                {move || saved.get().then(|| view! { <p class="rating__saved" role="status">{life.rate_saved}</p> })}
                {if frozen {
                    view! { <p class="muted">{life.rate_final}</p> }.into_any()
                } else {
                    view! {
                        <button type="submit" class="btn btn--primary" data-testid="rating-save" disabled=move || busy.get()>
                            {if rated { life.rate_change } else { life.rate_save }}
                        </button>
                    }.into_any()
                }}
            </form>
        </section>
    }
    .into_any()
}

fn star_class(on: bool) -> &'static str {
    if on { "rating__star rating__star--on" } else { "rating__star" }
}

fn stars_text(stars: i16) -> String {
    (1..=5).map(|n| if n <= stars { '★' } else { '☆' }).collect()
}

/// «Средняя оценка: 4,5 (12 оценок)» in the staff queue's header; loaded after hydration.
#[component]
pub fn RatingAverage() -> impl IntoView {
    let life = use_texts().lifecycle();
    let summary = RwSignal::new(None::<(f64, u64)>);
    Effect::new(move |_| {
        spawn_local(async move {
            if let Ok(Some(loaded)) = crate::api::request_actions::rating_average().await {
                summary.try_set(Some(loaded));
            }
        });
    });
    view! {
        {move || summary.get().map(|(average, count)| view! {
            <p class="rating-average" data-testid="rating-average">
                <span class="rating__stars" aria-hidden="true">"★"</span>" "{(life.average_rating)(average, count)}
            </p>
        })}
    }
}
