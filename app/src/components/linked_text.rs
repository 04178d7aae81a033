//! User text with its web addresses made clickable, without ever treating the text as HTML.
//!
//! Why not a Markdown or HTML sanitizer: messages and descriptions are plain text. Splitting the
//! text into pieces and rendering each piece as a text node or an `<a>` element means no input
//! can inject markup, and only `http`/`https` addresses ever become links (no `javascript:`).

use leptos::prelude::*;

/// A part of a text: plain text, or a web address to link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Characters that end an address; `<`, `>` and quotes never belong to one.
fn ends_address(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '«' | '»' | '`')
}

/// Punctuation that closes a sentence rather than the address: «см. https://x.ru/a.»
fn trailing_punctuation(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}')
}

/// Splits `text` into plain text and `http(s)://` addresses, in order.
pub fn split_links(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut plain_from = 0;
    let mut search_from = 0;
    while let Some(start) = next_scheme(text, search_from) {
        let rest = &text[start..];
        let mut end = start + rest.find(ends_address).unwrap_or(rest.len());
        while let Some(last) = text[..end].chars().next_back() {
            // A closing bracket stays when the address opened it: https://ru.wikipedia.org/wiki/X_(Y)
            let balanced = last == ')' && text[start..end].matches('(').count() >= text[start..end].matches(')').count();
            if trailing_punctuation(last) && !balanced {
                end -= last.len_utf8();
            } else {
                break;
            }
        }
        let scheme_len = if text[start..].to_ascii_lowercase().starts_with("https://") { 8 } else { 7 };
        if end > start + scheme_len {
            if start > plain_from {
                pieces.push(Piece::Text(&text[plain_from..start]));
            }
            pieces.push(Piece::Link(&text[start..end]));
            plain_from = end;
        }
        search_from = end.max(start + scheme_len);
    }
    if plain_from < text.len() {
        pieces.push(Piece::Text(&text[plain_from..]));
    }
    pieces
}

/// The next `http://` or `https://` at or after `from` that starts a word.
fn next_scheme(text: &str, from: usize) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut at = from;
    while at < text.len() {
        let found = lower[at..].find("http")? + at;
        let tail = &lower[found..];
        let starts_word = text[..found].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if starts_word && (tail.starts_with("http://") || tail.starts_with("https://")) {
            return Some(found);
        }
        at = found + 4;
    }
    None
}

/// `text` as text nodes, its web addresses as links that open in a new tab and pass no referrer
/// or ranking to the target site.
#[component]
pub fn LinkedText(#[prop(into)] text: String) -> impl IntoView {
    split_links(&text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(plain) => plain.to_owned().into_any(),
            Piece::Link(address) => view! {
                <a href=address.to_owned() target="_blank" rel="noopener noreferrer nofollow">{address.to_owned()}</a>
            }
            .into_any(),
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::{Piece, split_links};

    #[test]
    fn addresses_become_links_and_the_rest_stays_text() {
        assert_eq!(
            split_links("См. https://wiki.astralinux.ru/x?a=1&b=2, затем http://ya.ru."),
            vec![
                Piece::Text("См. "),
                Piece::Link("https://wiki.astralinux.ru/x?a=1&b=2"),
                Piece::Text(", затем "),
                Piece::Link("http://ya.ru"),
                Piece::Text("."),
            ]
        );
    }

    #[test]
    fn markup_and_other_schemes_stay_text() {
        assert_eq!(split_links("<script>alert(1)</script>"), vec![Piece::Text("<script>alert(1)</script>")]);
        assert_eq!(split_links("javascript:alert(1)"), vec![Piece::Text("javascript:alert(1)")]);
        assert_eq!(split_links("nothttps://x.ru"), vec![Piece::Text("nothttps://x.ru")]);
        assert_eq!(split_links("https://"), vec![Piece::Text("https://")]);
    }

    #[test]
    fn quotes_and_brackets_end_an_address() {
        assert_eq!(
            split_links("«https://x.ru/a\"onmouseover=alert(1)»"),
            vec![Piece::Text("«"), Piece::Link("https://x.ru/a"), Piece::Text("\"onmouseover=alert(1)»")]
        );
        assert_eq!(
            split_links("(https://ru.wikipedia.org/wiki/Linux_(ядро))"),
            vec![Piece::Text("("), Piece::Link("https://ru.wikipedia.org/wiki/Linux_(ядро)"), Piece::Text(")")]
        );
        assert_eq!(split_links("HTTPS://X.RU"), vec![Piece::Link("HTTPS://X.RU")]);
    }
}
