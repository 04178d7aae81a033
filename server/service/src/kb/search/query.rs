//! Turning what a customer types into a tantivy query, and hits into highlighted text.
//!
//! Every word of the text is looked for in several ways, each with its own weight:
//! its stem in the title (weighted highest), tags and body; the exact word (versions such as
//! `1.7.6`, product names); the stem with one typo for words of 5–8 letters and two from 9
//! letters; and the last word, while it is still being typed, as a prefix. Documents matching
//! more words and matching in the title rank higher (BM25 sums the word scores, each word counting
//! mainly by its best-matching form). Articles of the
//! product and version the customer chose get a fixed bonus: scoped first, others still shown.

use std::collections::HashSet;

use domain::RequestStatus;
use domain::kb::{MAX_QUERY_CHARS, MIN_QUERY_CHARS, SimilarRequest, Span, SuggestedArticle, Suggestions};
use domain::validation::Code;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{TantivyDocument, Term};

use super::analyzer::{self, Word};
use super::{Fields, KIND_ARTICLE, KIND_REQUEST, KbSearch, internal};
use crate::error::{ServiceError, ServiceResult};

/// Longer texts are cut: a subject line is short, and the cost of a query grows with its words.
const MAX_QUERY_WORDS: usize = 12;
/// Articles and requests the suggestion panel shows.
const SUGGESTED_ARTICLES: usize = 5;
const SIMILAR_REQUESTS: usize = 3;
/// A prefix shorter than this would expand to too many terms to be useful.
const MIN_PREFIX_CHARS: usize = 3;
const MAX_LIMIT: usize = 20;
/// Words this short are looked for in titles only.
const SHORT_WORD_CHARS: usize = 2;
const SNIPPET_CHARS: usize = 180;

// Weights. Term matches score by BM25 times the weight; typo and prefix matches score the
// weight itself (they are constant-score in tantivy).
const TITLE_WEIGHT: f32 = 3.0;
const TITLE_EXACT_WEIGHT: f32 = 1.5;
const TAGS_WEIGHT: f32 = 2.0;
const BODY_WEIGHT: f32 = 1.5;
const SCOPE_WEIGHT: f32 = 1.5;
const TITLE_TYPO_SCORE: f32 = 2.0;
const BODY_TYPO_SCORE: f32 = 0.6;
const TITLE_PREFIX_SCORE: f32 = 3.0;
const BODY_PREFIX_SCORE: f32 = 1.0;
/// Share of a word's other matching forms added to its best one.
const FORMS_TIE_BREAKER: f32 = 0.3;
const SAME_PRODUCT_BONUS: f32 = 3.0;
const SAME_VERSION_BONUS: f32 = 2.0;

/// What the customer typed and which product and version they chose (if any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SuggestQuery {
    pub text: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    pub limit: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleHit {
    pub article_id: i32,
    pub title: Vec<Span>,
    pub snippet: Vec<Span>,
    pub product_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestHit {
    pub number: i64,
    pub subject: Vec<Span>,
    /// A `domain::RequestStatus` code.
    pub status: String,
}

/// One word of the query in the forms it is searched in.
struct QueryWord {
    exact: String,
    stem: String,
    /// Allowed typos (0 for short words).
    typos: u8,
    /// Being typed: also matches words that start with it.
    prefix: bool,
}

impl KbSearch {
    /// Published articles matching the text, best first; articles of the chosen product and
    /// version come first among similar matches.
    pub fn suggest(&self, q: &SuggestQuery) -> ServiceResult<Vec<ArticleHit>> {
        let words = query_words(&q.text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let fields = self.inner.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, kind_query(&fields, KIND_ARTICLE)), (Occur::Must, Box::new(text_query(&fields, &words, true)))];
        if let Some(product) = q.product_id {
            clauses.push((Occur::Should, bonus(fields.product, product, SAME_PRODUCT_BONUS)));
        }
        if let Some(version) = q.version_id {
            clauses.push((Occur::Should, bonus(fields.version, version, SAME_VERSION_BONUS)));
        }
        let searcher = self.inner.reader.searcher();
        let top = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(q.limit.clamp(1, MAX_LIMIT)).order_by_score())
            .map_err(internal("search"))?;
        let highlighter = Highlighter::new(&words);
        let mut hits = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let document: TantivyDocument = searcher.doc(address).map_err(internal("read a document"))?;
            hits.push(ArticleHit {
                article_id: stored_i64(&document, fields.id) as i32,
                title: highlighter.spans(stored_text(&document, fields.title)),
                snippet: highlighter.snippet(stored_text(&document, fields.body)),
                product_name: document.get_first(fields.product_name).and_then(|v| v.as_str()).map(str::to_owned),
            });
        }
        Ok(hits)
    }

    /// Resolved and closed requests of `organization_id` whose subject (or description) is like
    /// `text`. Never returns another organization's requests.
    pub fn similar_requests(&self, organization_id: i32, text: &str, limit: usize) -> ServiceResult<Vec<RequestHit>> {
        let words = query_words(text);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let fields = self.inner.fields;
        let query = BooleanQuery::new(vec![
            (Occur::Must, kind_query(&fields, KIND_REQUEST)),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_i64(fields.organization, i64::from(organization_id)),
                    IndexRecordOption::Basic,
                )),
            ),
            (Occur::Must, Box::new(text_query(&fields, &words, false))),
        ]);
        let searcher = self.inner.reader.searcher();
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit.clamp(1, MAX_LIMIT)).order_by_score())
            .map_err(internal("search"))?;
        let highlighter = Highlighter::new(&words);
        let mut hits = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let document: TantivyDocument = searcher.doc(address).map_err(internal("read a document"))?;
            hits.push(RequestHit {
                number: stored_i64(&document, fields.number),
                subject: highlighter.spans(stored_text(&document, fields.title)),
                status: stored_text(&document, fields.status).to_owned(),
            });
        }
        Ok(hits)
    }

    /// What the panel under «Тема запроса» shows for `text`: at most [`SUGGESTED_ARTICLES`]
    /// articles (of the chosen product and version first) and [`SIMILAR_REQUESTS`] resolved
    /// requests of `organization_id`. Fewer than [`MIN_QUERY_CHARS`] characters find nothing; more
    /// than [`MAX_QUERY_CHARS`] are `Invalid(SearchTooLong)`. A failing index is logged and answers
    /// `search_failed`, so the form goes on without suggestions.
    pub fn suggestions(
        &self,
        organization_id: i32,
        text: &str,
        product_id: Option<i32>,
        version_id: Option<i32>,
    ) -> ServiceResult<Suggestions> {
        let text = text.trim();
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(ServiceError::Invalid(Code::SearchTooLong));
        }
        if length < MIN_QUERY_CHARS {
            return Ok(Suggestions::default());
        }
        let query = SuggestQuery { text: text.to_owned(), product_id, version_id, limit: SUGGESTED_ARTICLES };
        let found = self
            .suggest(&query)
            .and_then(|articles| Ok((articles, self.similar_requests(organization_id, text, SIMILAR_REQUESTS)?)));
        let (articles, requests) = match found {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "knowledge-base suggestions failed");
                return Ok(Suggestions { search_failed: true, ..Suggestions::default() });
            }
        };
        Ok(Suggestions {
            articles: articles
                .into_iter()
                .map(|hit| SuggestedArticle {
                    id: hit.article_id,
                    title: hit.title,
                    snippet: hit.snippet,
                    product_name: hit.product_name,
                })
                .collect(),
            requests: requests
                .into_iter()
                .filter_map(|hit| match RequestStatus::parse(&hit.status) {
                    Some(status) => Some(SimilarRequest { number: hit.number, subject: hit.subject, status }),
                    None => {
                        tracing::error!(status = %hit.status, "similar request with an unknown status");
                        None
                    }
                })
                .collect(),
            search_failed: false,
        })
    }
}

fn stored_text(document: &TantivyDocument, field: Field) -> &str {
    document.get_first(field).and_then(|v| v.as_str()).unwrap_or_default()
}

fn stored_i64(document: &TantivyDocument, field: Field) -> i64 {
    document.get_first(field).and_then(|v| v.as_i64()).unwrap_or_default()
}

fn kind_query(fields: &Fields, kind: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(fields.kind, kind), IndexRecordOption::Basic))
}

fn bonus(field: Field, id: i32, score: f32) -> Box<dyn Query> {
    let term = TermQuery::new(Term::from_field_i64(field, i64::from(id)), IndexRecordOption::Basic);
    Box::new(ConstScoreQuery::new(Box::new(term), score))
}

/// Typos allowed in a word of `chars` letters.
fn allowed_typos(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The words of the query; the last one counts as unfinished unless the text ends with a space
/// or punctuation.
fn query_words(text: &str) -> Vec<QueryWord> {
    let found = analyzer::words(text);
    let unfinished_end = found.last().is_some_and(|last| last.end == text.len());
    let mut stemmer = analyzer::stem_analyzer();
    let mut seen = HashSet::new();
    let count = found.len().min(MAX_QUERY_WORDS);
    found
        .into_iter()
        .take(MAX_QUERY_WORDS)
        .enumerate()
        .filter(|(_, word)| seen.insert(word.folded.clone()))
        .map(|(index, Word { folded, .. })| {
            let chars = folded.chars().count();
            let is_number = folded.chars().all(|c| c.is_ascii_digit() || c == '.');
            let stem = analyzer::stem(&mut stemmer, &folded);
            // Typos are counted on the stem the fuzzy match runs on: «входе» (stem «вход») must
            // not match «ввод».
            let typos = if is_number { 0 } else { allowed_typos(stem.chars().count()) };
            QueryWord { stem, typos, prefix: unfinished_end && index + 1 == count && chars >= MIN_PREFIX_CHARS, exact: folded }
        })
        .collect()
}

/// Documents matching any of the words, scored by how many and where (see the module docs).
///
/// Particles and prepositions only add to the score of documents found by the other words: a
/// title that shares nothing but «не» with the query is not a suggestion.
fn text_query(fields: &Fields, words: &[QueryWord], with_tags: bool) -> BooleanQuery {
    let (short, significant): (Vec<&QueryWord>, Vec<&QueryWord>) =
        words.iter().partition(|word| word.exact.chars().count() <= SHORT_WORD_CHARS);
    if significant.is_empty() {
        return BooleanQuery::new(short.into_iter().map(|word| (Occur::Should, word_query(fields, word, with_tags))).collect());
    }
    let any_significant: Vec<(Occur, Box<dyn Query>)> =
        significant.into_iter().map(|word| (Occur::Should, word_query(fields, word, with_tags))).collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(any_significant)))];
    clauses.extend(short.into_iter().map(|word| (Occur::Should, word_query(fields, word, with_tags))));
    BooleanQuery::new(clauses)
}

/// One word of the query in all the forms it is searched in.
fn word_query(fields: &Fields, word: &QueryWord, with_tags: bool) -> Box<dyn Query> {
    let term = |field: Field, text: &str| Term::from_field_text(field, text);
    let weighted = |field: Field, text: &str, weight: f32| -> Box<dyn Query> {
        let query = TermQuery::new(term(field, text), IndexRecordOption::WithFreqs);
        Box::new(BoostQuery::new(Box::new(query), weight))
    };
    let constant =
        |query: FuzzyTermQuery, score: f32| -> Box<dyn Query> { Box::new(ConstScoreQuery::new(Box::new(query), score)) };
    let mut forms =
        vec![weighted(fields.title, &word.stem, TITLE_WEIGHT), weighted(fields.title_exact, &word.exact, TITLE_EXACT_WEIGHT)];
    // Particles and prepositions («не», «в», «на») are in almost every body: reading their long
    // posting lists costs time and tells nothing; in a title they still count.
    if word.exact.chars().count() > SHORT_WORD_CHARS {
        forms.push(weighted(fields.body, &word.stem, BODY_WEIGHT));
    }
    if with_tags {
        forms.push(weighted(fields.tags, &word.stem, TAGS_WEIGHT));
        forms.push(weighted(fields.scope, &word.exact, SCOPE_WEIGHT));
    }
    if word.typos > 0 {
        forms.push(constant(FuzzyTermQuery::new(term(fields.title, &word.stem), word.typos, true), TITLE_TYPO_SCORE));
        forms.push(constant(FuzzyTermQuery::new(term(fields.body, &word.stem), word.typos, true), BODY_TYPO_SCORE));
    }
    if word.prefix {
        forms.push(constant(FuzzyTermQuery::new_prefix(term(fields.title_exact, &word.exact), 0, false), TITLE_PREFIX_SCORE));
        forms.push(constant(FuzzyTermQuery::new_prefix(term(fields.body_exact, &word.exact), 0, false), BODY_PREFIX_SCORE));
    }
    // The best form counts fully, the others a little: a word found in the title and the body
    // should not outweigh two different words of the query.
    Box::new(DisjunctionMaxQuery::with_tie_breaker(forms, FORMS_TIE_BREAKER))
}

/// Marks the words of a stored text that match a query word in any of the searched forms.
struct Highlighter {
    stems: HashSet<String>,
    exact: HashSet<String>,
    prefixes: Vec<String>,
    fuzzy: Vec<(String, u8)>,
    stemmer: std::cell::RefCell<TextAnalyzer>,
}

impl Highlighter {
    fn new(words: &[QueryWord]) -> Highlighter {
        Highlighter {
            stems: words.iter().map(|w| w.stem.clone()).collect(),
            exact: words.iter().map(|w| w.exact.clone()).collect(),
            prefixes: words.iter().filter(|w| w.prefix).map(|w| w.exact.clone()).collect(),
            fuzzy: words.iter().filter(|w| w.typos > 0).map(|w| (w.stem.clone(), w.typos)).collect(),
            stemmer: std::cell::RefCell::new(analyzer::stem_analyzer()),
        }
    }

    fn matches(&self, word: &Word) -> bool {
        if self.exact.contains(&word.folded) || self.prefixes.iter().any(|p| word.folded.starts_with(p.as_str())) {
            return true;
        }
        let stem = analyzer::stem(&mut self.stemmer.borrow_mut(), &word.folded);
        self.stems.contains(&stem) || self.fuzzy.iter().any(|(query, typos)| within_edits(query, &stem, *typos))
    }

    /// The whole text split into highlighted and plain spans.
    fn spans(&self, text: &str) -> Vec<Span> {
        let marked: Vec<(usize, usize)> =
            analyzer::words(text).iter().filter(|word| self.matches(word)).map(|word| (word.start, word.end)).collect();
        split_spans(text, &marked)
    }

    /// About `SNIPPET_CHARS` characters of `text` around its first match (its start when nothing
    /// matches), with "…" where it was cut.
    fn snippet(&self, text: &str) -> Vec<Span> {
        let words = analyzer::words(text);
        let first_match = words.iter().position(|word| self.matches(word));
        // Start a few words before the first match so it has some context.
        let start = match first_match {
            Some(index) => words[index.saturating_sub(4)].start,
            None => 0,
        };
        let window_end = text[start..].char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(offset, _)| start + offset);
        // Do not cut a word in half.
        let end = words.iter().find(|w| w.start < window_end && w.end >= window_end).map_or(window_end, |w| w.end);
        let piece = text[start..end].replace(['\n', '\r'], " ");
        let mut spans = self.spans(&piece);
        if start > 0 {
            spans.insert(0, Span { text: "…".into(), highlighted: false });
        }
        if end < text.len() {
            spans.push(Span { text: "…".into(), highlighted: false });
        }
        spans
    }
}

fn split_spans(text: &str, marked: &[(usize, usize)]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut push = |piece: &str, highlighted: bool| {
        if piece.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.highlighted == highlighted => last.text.push_str(piece),
            _ => spans.push(Span { text: piece.to_owned(), highlighted }),
        }
    };
    let mut cursor = 0;
    for &(start, end) in marked {
        push(&text[cursor..start], false);
        push(&text[start..end], true);
        cursor = end;
    }
    push(&text[cursor..], false);
    spans
}

/// Damerau-free Levenshtein distance of two short words, stopping early past `max`.
fn within_edits(a: &str, b: &str, max: u8) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&m| m > max) {
            return false;
        }
        previous = current;
    }
    previous[b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_grows_with_word_length() {
        assert_eq!(allowed_typos(4), 0);
        assert_eq!(allowed_typos(5), 1);
        assert_eq!(allowed_typos(8), 1);
        assert_eq!(allowed_typos(9), 2);
    }

    #[test]
    fn only_an_unfinished_last_word_is_a_prefix() {
        let words = query_words("не загружае");
        assert!(words.last().is_some_and(|w| w.prefix && w.exact == "загружае"));
        assert!(!query_words("не загружае ").iter().any(|w| w.prefix));
        assert!(!query_words("не за").iter().any(|w| w.prefix), "too short to expand");
    }

    #[test]
    fn versions_are_not_fuzzy() {
        let words = query_words("обновление 1.7.6 ");
        assert_eq!(words[1].exact, "1.7.6");
        assert_eq!(words[1].typos, 0);
    }

    #[test]
    fn edit_distance() {
        assert!(within_edits("принтер", "принтр", 1));
        assert!(!within_edits("принтер", "прнтр", 1));
        assert!(within_edits("сертификат", "сертефикад", 2));
    }

    #[test]
    fn highlights_word_forms_and_prefixes() {
        let highlighter = Highlighter::new(&query_words("принтеры не печата"));
        let spans = highlighter.spans("Принтер не печатает после обновления");
        let marked: Vec<&str> = spans.iter().filter(|s| s.highlighted).map(|s| s.text.as_str()).collect();
        assert_eq!(marked, ["Принтер", "не", "печатает"]);
    }
}

/// Property tests: whatever is typed into «Тема запроса», building the query and highlighting
/// never panic, and highlighting only marks text, never changes it.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn typed_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::sample::select(
                &[
                    " ",
                    "1.7.6",
                    "10.0.0.1:53",
                    "..",
                    ".",
                    "ё",
                    "Ё",
                    "İ",
                    "ß",
                    "ﬁ",
                    "Σ",
                    "\u{0301}",
                    "🙂",
                    "\n",
                    "\r\n",
                    "«",
                    "»",
                    "-",
                    "не",
                    "принтер",
                    "ALD Pro",
                    "*",
                    "\"",
                    "+",
                    "~",
                    "AND",
                    "OR",
                    "(",
                    ")",
                    ":",
                    "\u{0}",
                    "\u{200B}",
                ][..]
            )
            .prop_map(str::to_owned),
            "[a-zа-я0-9]{1,70}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..20).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn query_words_are_bounded_and_point_into_the_text(text in typed_text()) {
            let words = query_words(&text);
            prop_assert!(words.len() <= MAX_QUERY_WORDS);
            prop_assert!(words.iter().all(|word| !word.exact.is_empty() && !word.stem.is_empty()));
            prop_assert!(words.iter().filter(|word| word.prefix).count() <= 1);
            for word in analyzer::words(&text) {
                prop_assert!(text.is_char_boundary(word.start) && text.is_char_boundary(word.end) && word.start < word.end);
            }
        }

        #[test]
        fn highlighting_keeps_the_text(query in typed_text(), text in typed_text()) {
            let highlighter = Highlighter::new(&query_words(&query));
            let spans = highlighter.spans(&text);
            prop_assert_eq!(spans.iter().map(|span| span.text.as_str()).collect::<String>(), text.clone());
            let snippet: String = highlighter.snippet(&text).iter().map(|span| span.text.as_str()).collect();
            let flat = text.replace(['\n', '\r'], " ");
            let inner = snippet.trim_start_matches('…').trim_end_matches('…');
            prop_assert!(flat.contains(inner), "snippet {snippet:?} of {text:?}");
        }
    }
}
