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
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let safe = is_safe_url(&dest_url);
            unsafe_link_depth.push(!safe);
            safe.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) => {
            let was_unsafe = unsafe_link_depth.pop().unwrap_or(true);
            (!was_unsafe).then_some(Event::End(TagEnd::Link))
        }
        // An image becomes a link to it (its alt text as the link text), or just its alt text.
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let safe = is_safe_url(&dest_url);
            unsafe_link_depth.push(!safe);
            safe.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
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
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableCell)
                if !out.ends_with(['\n', ' ']) =>
            {
                out.push('\n');
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
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
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
        let html = render_markdown("Текст <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
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
            assert!(!html.to_lowercase().contains("javascript:alert") || !html.contains("<a"), "{src} → {html}");
        }
        assert!(render_markdown("[нажмите](javascript:alert(1))").contains("нажмите"));
    }

    #[test]
    fn safe_links_are_kept() {
        let html = render_markdown(
            "[сайт](https://wiki.astralinux.ru/x?a=1&b=2), [почта](mailto:support@example.ru), [статья](/kb/articles/5)",
        );
        assert!(html.contains("href=\"https://wiki.astralinux.ru/x?a=1&amp;b=2\""), "{html}");
        assert!(html.contains("href=\"mailto:support@example.ru\""), "{html}");
        assert!(html.contains("href=\"/kb/articles/5\""), "{html}");
    }

    #[test]
    fn images_become_links_or_text() {
        let html = render_markdown("![схема](https://example.ru/a.png) ![плохо](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<a href=\"https://example.ru/a.png\">схема</a>"), "{html}");
        assert!(html.contains("плохо") && !html.contains("javascript"), "{html}");
    }

    #[test]
    fn markdown_formatting_is_rendered() {
        let html = render_markdown("## Шаги\n\n1. Откройте **терминал**\n2. Выполните `sudo apt update`\n");
        assert!(html.contains("<h2>Шаги</h2>"), "{html}");
        assert!(html.contains("<strong>терминал</strong>"), "{html}");
        assert!(html.contains("<code>sudo apt update</code>"), "{html}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("## Шаги\n\n1. Откройте **терминал**"), "Шаги\nОткройте терминал");
    }
}

/// Property tests: whatever staff paste into an article, the HTML holds only the writer's own
/// tags, no event-handler attributes and no link a browser would run as script.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Tags pulldown-cmark writes with tables and strikethrough on; anything else is injected.
    const ALLOWED_TAGS: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ];
    const ALLOWED_ATTRIBUTES: &[&str] = &["href", "title", "start", "class", "style"];

    /// Pieces that Markdown and HTML attacks are made of; the generator strings them together.
    const FRAGMENTS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<iframe src=\"javascript:1\">",
        "<div onclick=\"x()\">",
        "</div>",
        "<!-- c -->",
        "<style>*{}</style>",
        "<![CDATA[x]]>",
        "<?php ?>",
        "<details open ontoggle=alert(1)>",
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](java\tscript:x)",
        "[a](java\nscript:x)",
        "[a](&#106;avascript:x)",
        "[a](&#x6A;avascript:x)",
        "[a](javascript&colon;x)",
        "[a](%6Aavascript:x)",
        "[a]( javascript:x)",
        "[a](<javascript:x>)",
        "[a](\u{1}javascript:x)",
        "[a](vbscript:x)",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "![i](javascript:x)",
        "![i](https://e.ru/a.png \"t\\\"onload=\")",
        "[a](https://e.ru/?q=\"><script>)",
        "[a](/kb/articles/5)",
        "[a](mailto:a@b.ru)",
        "[a][r]",
        "\n[r]: javascript:x\n",
        "\n[r]: https://e.ru \"x\\\" onmouseover=\\\"y\"\n",
        "<javascript:alert(1)>",
        "<https://e.ru>",
        "<a@b.ru>",
        "**",
        "*",
        "_",
        "`",
        "```",
        "```js onload=x\n",
        "~~",
        "# ",
        "## ",
        "> ",
        "- ",
        "1. ",
        "3) ",
        "|a|b|\n|-|:-:|\n|1|2|\n",
        "\n",
        "\n\n",
        "    ",
        "\t",
        "\\",
        "&",
        "&lt;",
        "&amp;",
        "&#60;script&#62;",
        "\"",
        "'",
        "<",
        ">",
        "=",
        "on",
        "onerror=",
        "Принтер",
        "ёж",
        "🙂",
        "\u{202E}",
        "\u{0}",
    ];

    fn markdownish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => any::<String>(),
            1 => "[ -~]{0,12}",
        ];
        proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    /// Undoes the entity escaping of an attribute value, as a browser does before using it.
    fn decode_entities(value: &str) -> String {
        let mut out = String::new();
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            rest = &rest[amp..];
            let Some(semi) = rest.find(';') else { break };
            let entity = &rest[1..semi];
            let decoded = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            match decoded {
                Some(c) => {
                    out.push(c);
                    rest = &rest[semi + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The scheme a browser would see in a URL (WHATWG: leading C0/space stripped, tab and
    /// newline removed anywhere), lower-cased; `None` for a relative URL.
    fn browser_scheme(url: &str) -> Option<String> {
        let cleaned: String = url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
        let colon = cleaned.find(':')?;
        let scheme = &cleaned[..colon];
        let mut chars = scheme.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        well_formed.then(|| scheme.to_ascii_lowercase())
    }

    /// Every tag of `html` as (name, [(attribute, decoded value)]); text is escaped by the
    /// writer, so each `<` starts a tag.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut found = Vec::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let mut end = 0;
            let mut in_quotes = false;
            for (index, c) in after.char_indices() {
                match c {
                    '"' => in_quotes = !in_quotes,
                    '>' if !in_quotes => {
                        end = index;
                        break;
                    }
                    _ => {}
                }
                end = index + c.len_utf8();
            }
            let inside = &after[..end];
            let body = inside.trim_start_matches('/');
            let name_end = body.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(body.len());
            let mut attributes = Vec::new();
            let mut attrs = &body[name_end..];
            loop {
                attrs = attrs.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
                if attrs.is_empty() {
                    break;
                }
                // At least one character is consumed each round, so the loop ends on any input.
                let name_len = attrs.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(attrs.len()).max(1);
                let name = attrs[..name_len].to_ascii_lowercase();
                attrs = &attrs[name_len..];
                let mut value = String::new();
                if let Some(after_eq) = attrs.strip_prefix("=\"") {
                    let close = after_eq.find('"').unwrap_or(after_eq.len());
                    value = decode_entities(&after_eq[..close]);
                    attrs = after_eq.get(close + 1..).unwrap_or_default();
                } else if let Some(after_eq) = attrs.strip_prefix('=') {
                    let close = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                    value = decode_entities(&after_eq[..close]);
                    attrs = &after_eq[close..];
                }
                attributes.push((name, value));
            }
            found.push((body[..name_end].to_ascii_lowercase(), attributes));
            rest = after.get(end + 1..).unwrap_or_default();
        }
        found
    }

    fn check_rendered(src: &str) -> Result<(), TestCaseError> {
        let html = render_markdown(src);
        for (name, attributes) in tags(&html) {
            prop_assert!(ALLOWED_TAGS.contains(&name.as_str()), "tag <{name}> from {src:?}: {html}");
            for (attribute, value) in attributes {
                prop_assert!(
                    ALLOWED_ATTRIBUTES.contains(&attribute.as_str()),
                    "attribute {attribute} on <{name}> from {src:?}: {html}"
                );
                if attribute == "href" {
                    let scheme = browser_scheme(&value);
                    prop_assert!(
                        scheme.as_deref().is_none_or(|s| matches!(s, "http" | "https" | "mailto")),
                        "href {value:?} from {src:?}: {html}"
                    );
                }
                if attribute == "style" {
                    prop_assert!(value.starts_with("text-align: "), "style {value:?} from {src:?}");
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn rendered_html_never_carries_script(src in markdownish()) {
            check_rendered(&src)?;
        }

        #[test]
        fn plain_text_never_panics(src in markdownish()) {
            let _ = plain_text(&src);
        }
    }

    #[test]
    fn the_checker_itself_catches_what_it_is_meant_to() {
        let bad = ["<script>x</script>", "<p onclick=\"x\">", "<a href=\"java&#x09;script:x\">", "<img src=x>"];
        for html in bad {
            let verdict = tags(html).into_iter().all(|(name, attributes)| {
                ALLOWED_TAGS.contains(&name.as_str())
                    && attributes.iter().all(|(attribute, value)| {
                        ALLOWED_ATTRIBUTES.contains(&attribute.as_str())
                            && (attribute != "href" || browser_scheme(value).is_none_or(|s| s == "https"))
                    })
            });
            assert!(!verdict, "{html}");
        }
    }
}
