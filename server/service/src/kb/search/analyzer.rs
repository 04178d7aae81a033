//! How text becomes search terms. Two analyzers share one tokenizer:
//!
//! - `kb_exact`: words lower-cased with «ё» → «е». Keeps version numbers such as `1.7.6` in one
//!   piece and serves exact matches, product names and the prefix of the word being typed.
//! - `kb_stem`: the same words reduced to their stem (Russian Snowball, then English Snowball for
//!   Latin words), so «принтер», «принтера», «принтеров» are one term; typos are matched against
//!   these stems with a fuzzy query.

use tantivy::tokenizer::{Language, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};

pub const EXACT: &str = "kb_exact";
pub const STEM: &str = "kb_stem";

/// Longer "words" are base64 blobs, hashes or paths: not worth indexing.
const MAX_TOKEN_BYTES: usize = 60;

pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default()).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build()
}

pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Stemmer::new(Language::Russian))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// A word of the text with its byte range in the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Lower case, «ё» → «е».
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// The words of `text` as the index sees them (before stemming).
pub fn words(text: &str) -> Vec<Word> {
    let mut tokenizer = WordTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut found = Vec::new();
    while stream.advance() {
        let token = stream.token();
        if token.text.len() <= MAX_TOKEN_BYTES {
            found.push(Word { folded: token.text.clone(), start: token.offset_from, end: token.offset_to });
        }
    }
    found
}

/// The stem of one folded word.
pub fn stem(analyzer: &mut TextAnalyzer, folded_word: &str) -> String {
    let mut stream = analyzer.token_stream(folded_word);
    if stream.advance() { stream.token().text.clone() } else { folded_word.to_owned() }
}

/// Splits on everything that is not a letter or digit, except a dot between two digits
/// (`1.7.6`, `10.0.0.1` stay one word). Emits lower-cased words with «ё» folded to «е».
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream { text, cursor: 0, token: &mut self.token }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.cursor..];
        let Some((skip, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.cursor = self.text.len();
            return false;
        };
        let start = self.cursor + skip;
        let mut end = start;
        let mut previous: Option<char> = None;
        let mut chars = self.text[start..].char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            let joins_digits = c == '.'
                && previous.is_some_and(|p| p.is_ascii_digit())
                && chars.peek().is_some_and(|(_, next)| next.is_ascii_digit());
            if !(c.is_alphanumeric() || joins_digits) {
                break;
            }
            end = start + offset + c.len_utf8();
            previous = Some(c);
        }
        self.cursor = end;
        self.token.text.clear();
        for c in self.text[start..end].chars() {
            match c {
                'ё' | 'Ё' => self.token.text.push('е'),
                c => self.token.text.extend(c.to_lowercase()),
            }
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn versions_stay_whole_and_yo_is_folded() {
        assert_eq!(folded("Обновление до 1.7.6, Ёлка; ALD Pro 2.4."), ["обновление", "до", "1.7.6", "елка", "ald", "pro", "2.4"]);
        assert_eq!(folded("DNS-сервер 10.0.0.1:53"), ["dns", "сервер", "10.0.0.1", "53"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Не печатает «Принтер»";
        let found = words(text);
        assert_eq!(&text[found[2].start..found[2].end], "Принтер");
    }

    #[test]
    fn word_forms_share_a_stem() {
        let mut analyzer = stem_analyzer();
        let stems: Vec<String> = ["принтер", "принтера", "принтеров"].iter().map(|w| stem(&mut analyzer, w)).collect();
        assert_eq!(stems[0], stems[1]);
        assert_eq!(stems[0], stems[2]);
        assert_eq!(stem(&mut analyzer, "printers"), stem(&mut analyzer, "printer"));
        assert_eq!(stem(&mut analyzer, "1.7.6"), "1.7.6");
    }
}
