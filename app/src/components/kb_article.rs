//! A knowledge-base article as readers see it: used by the article page and by the side panel that
//! opens from the suggestions of the request form.

use leptos::prelude::*;

use crate::i18n::use_texts;
use domain::kb::ArticleView;

/// The article's scope, date, tags and body. `heading_id` names the title for `aria-labelledby`.
#[component]
pub fn ArticleContent(article: ArticleView, heading_id: &'static str) -> impl IntoView {
    let texts = use_texts();
    let scope = match (&article.product_name, &article.version_name) {
        (Some(product), Some(version)) => format!("{product} {version}"),
        (Some(product), None) => product.clone(),
        _ => texts.kb_all_products.to_owned(),
    };
    view! {
        <article class="kb-article">
            <h1 class="kb-article__title" id=heading_id>{article.title.clone()}</h1>
            <p class="kb-article__meta">
                <span>{scope}</span>
                <span aria-hidden="true">" · "</span>
                <span>{(texts.kb_updated)(&article.updated)}</span>
            </p>
            {(!article.is_published).then(|| view! {
                <div class="alert alert--warning" role="status">{texts.kb_unpublished_note}</div>
            })}
            {(!article.tags.is_empty()).then(|| view! {
                <ul class="kb-tags" aria-label=texts.kb_tags_label>
                    {article.tags.iter().map(|tag| view! { <li class="kb-tag">{tag.clone()}</li> }).collect_view()}
                </ul>
            })}
            // The HTML comes only from `portal_service::kb::render_markdown`, which escapes raw HTML
            // and keeps safe links only.
            <div class="kb-article__body" inner_html=article.body_html.clone()></div>
        </article>
    }
}
