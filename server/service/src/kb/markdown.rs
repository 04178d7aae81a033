//! Article bodies are Markdown written by staff but shown to every customer, so rendering is
//! defensive: raw HTML is shown as text, links keep only http/https/mailto or relative targets,
//! and images become plain links (no remote content loads by itself inside the portal).

use pulldown_cmark::{Alignment, CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Markdown → HTML that is safe to insert into a page.
pub fn render_markdown(src: &str) -> String {
    let mut unsafe_link_depth = Vec::new();
    let events = Parser::new_ext(src, options()).filter_map(|event| match event {
        // Raw HTML is displayed literally (escaped by the HTML writer as text).
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = is_safe_url(&dest_url);
            unsafe_link_depth.push(!safe);
            safe.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => {
            let was_unsafe = unsafe_link_depth.pop().unwrap_or(true);
            (!was_unsafe).then_some(Event::End(TagEnd::Link))
        }
        // An image becomes a link to it (its alt text as the link text), or just its alt text.
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = is_safe_url(&dest_url);
            unsafe_link_depth.push(!safe);
            safe.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Image) => {
            let was_unsafe = unsafe_link_depth.pop().unwrap_or(true);
            (!was_unsafe).then_some(Event::End(TagEnd::Link))
        }
        // Column alignment would come out as `style="text-align: …"` attributes, which the
        // portal's Content-Security-Policy (`style-src 'self'`) refuses: columns stay unaligned.
        Event::Start(Tag::Table(alignments)) => Some(Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))),
        other => Some(other),
    });
    let mut out = String::with_capacity(src.len() + src.len() / 4);
    html::push_html(&mut out, events);
    out
}

/// The words of a Markdown text without markup, for the search index and snippets.
pub fn plain_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for event in Parser::new_ext(src, options()) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&text)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => {
                if !out.ends_with(['\n', ' ']) {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// True for http, https and mailto URLs and for relative ones (no scheme).
fn is_safe_url(url: &CowStr) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(slash)) if slash < colon => true,
        (Some(colon), _) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_tables_get_no_inline_style() {
        let html = render_markdown("| Версия | Статус |\n|:---|---:|\n| 1.7.6 | есть |\n");
        assert!(html.contains("<td>1.7.6</td>"), "{html}");
        assert!(!html.contains("style"), "{html}");
    }

    #[test]
    fn script_tags_are_shown_as_text() {
        let html =
            render_markdown("Текст <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_attributes_are_neutralised() {
        let html = render_markdown(
            "<img src=x onerror=alert(1)> и <a href=\"javascript:alert(1)\">ссылка</a>\n\n<div onclick=\"x()\">блок</div>",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<a href=\"javascript"), "{html}");
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_target_but_keep_text() {
        for src in [
            "[нажмите](javascript:alert(1))",
            "[нажмите](JavaScript:alert(1))",
            "[нажмите](java\tscript:alert(1))",
            "[нажмите](data:text/html;base64,PHNjcmlwdD4=)",
            "[нажмите](vbscript:msgbox)",
            "<javascript:alert(1)>",
        ] {
            let html = render_markdown(src);
            assert!(!html.contains("href"), "{src} → {html}");
            assert!(
                !html.to_lowercase().contains("javascript:alert") || !html.contains("<a"),
                "{src} → {html}"
            );
        }
        assert!(render_markdown("[нажмите](javascript:alert(1))").contains("нажмите"));
    }

    #[test]
    fn safe_links_are_kept() {
        let html = render_markdown(
            "[сайт](https://wiki.astralinux.ru/x?a=1&b=2), [почта](mailto:support@example.ru), [статья](/kb/articles/5)",
        );
        assert!(
            html.contains("href=\"https://wiki.astralinux.ru/x?a=1&amp;b=2\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"mailto:support@example.ru\""),
            "{html}"
        );
        assert!(html.contains("href=\"/kb/articles/5\""), "{html}");
    }

    #[test]
    fn images_become_links_or_text() {
        let html =
            render_markdown("![схема](https://example.ru/a.png) ![плохо](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.ru/a.png\">схема</a>"),
            "{html}"
        );
        assert!(
            html.contains("плохо") && !html.contains("javascript"),
            "{html}"
        );
    }

    #[test]
    fn markdown_formatting_is_rendered() {
        let html = render_markdown(
            "## Шаги\n\n1. Откройте **терминал**\n2. Выполните `sudo apt update`\n",
        );
        assert!(html.contains("<h2>Шаги</h2>"), "{html}");
        assert!(html.contains("<strong>терминал</strong>"), "{html}");
        assert!(html.contains("<code>sudo apt update</code>"), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Шаги\n\n1. Откройте **терминал**"),
            "Шаги\nОткройте терминал"
        );
    }
}
