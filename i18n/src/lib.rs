//! The portal's interface text, in Project Fluent message files a translator edits without
//! knowing Rust: `i18n/locales/<language tag>/<feature>.ftl`, one folder per [`Locale`].
//!
//! Every reader goes through this crate: the UI (on the server and in the browser), e-mails, the
//! PDF and the pages the server writes itself. Each of them builds a struct of its texts once per
//! language through a [`Loader`], which notes every key it is asked for; a test compares those
//! keys with each language's files in both directions, so a missing or an unused message fails
//! `cargo test` instead of showing a key to a user. At run time a missing message yields its key
//! (never a panic).
//!
//! Russian plural forms are Fluent `NUMBER` selectors (`[one]`, `[few]`, `[many]`), chosen by the
//! CLDR rules `fluent-bundle` carries. Placeables are not wrapped in Unicode isolation marks: the
//! interface has no right-to-left language, and the marks would change every sentence's bytes.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use domain::Locale;
use domain::validation::Code;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::resolver::ResolverError;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};

pub use fluent_bundle::FluentValue;

include!(concat!(env!("OUT_DIR"), "/sources.rs"));

/// One value per language, built at first use and kept for the process: the parsed files and
/// every reader's struct of texts.
pub struct PerLocale<T>([OnceLock<T>; Locale::ALL.len()]);

impl<T> PerLocale<T> {
    pub const fn new() -> PerLocale<T> {
        PerLocale([const { OnceLock::new() }; Locale::ALL.len()])
    }

    pub fn get_or_init(&self, locale: Locale, init: impl FnOnce() -> T) -> &T {
        let index = Locale::ALL.iter().position(|candidate| *candidate == locale).unwrap_or(0);
        self.0[index].get_or_init(init)
    }
}

impl<T> Default for PerLocale<T> {
    fn default() -> PerLocale<T> {
        PerLocale::new()
    }
}

/// One language's messages, parsed once per process.
pub struct Messages {
    locale: Locale,
    bundle: FluentBundle<FluentResource>,
    ids: Vec<String>,
    problems: Vec<String>,
}

impl Messages {
    /// The messages of `locale`, parsed at first use (the browser parses only its reader's).
    pub fn of(locale: Locale) -> &'static Messages {
        static PARSED: PerLocale<Messages> = PerLocale::new();
        PARSED.get_or_init(locale, || Messages::parse(locale))
    }

    fn parse(locale: Locale) -> Messages {
        let tag = locale.as_str();
        let language = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![language]);
        bundle.set_use_isolating(false);
        let (mut ids, mut problems) = (Vec::new(), Vec::new());
        let files = SOURCES.iter().find(|(folder, _)| *folder == tag).map(|(_, files)| *files).unwrap_or_default();
        if files.is_empty() {
            problems.push(format!("no folder locales/{tag}"));
        }
        for (file, source) in files {
            let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(resource, errors)| {
                problems.extend(errors.iter().map(|error| format!("{tag}/{file}: {error:?}")));
                resource
            });
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(message) = entry {
                    ids.push(message.id.name.to_owned());
                }
            }
            if let Err(errors) = bundle.add_resource(resource) {
                problems.extend(errors.iter().map(|error| format!("{tag}/{file}: {error}")));
            }
        }
        Messages { locale, bundle, ids, problems }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Whether the files have a message `key` with a value.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.get_message(key).is_some_and(|message| message.value().is_some())
    }

    /// The message `key` with `args`; the key itself when there is no such message.
    pub fn format(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.format_noting(key, args, &mut Vec::new())
    }

    fn format_noting(&self, key: &str, args: &[(&str, FluentValue<'_>)], errors: &mut Vec<FluentError>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|message| message.value()) else {
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.bundle.format_pattern(pattern, Some(&fluent_args), errors).into_owned()
    }

    /// Every message id in this language's files.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Syntax errors, duplicate ids, and references to messages or terms that do not exist
    /// (found by formatting every message; variables are the callers' to give).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.problems.clone();
        for id in &self.ids {
            let mut errors = Vec::new();
            self.format_noting(id, &[], &mut errors);
            let broken = errors.iter().filter(|error| {
                !matches!(error, FluentError::ResolverError(ResolverError::Reference(ReferenceKind::Variable { .. })))
            });
            problems.extend(broken.map(|error| format!("{}: {id}: {error}", self.locale.as_str())));
        }
        problems
    }
}

/// A validation code as it appears in its message key, `invalid-<name>`: `subject.too_short` →
/// `subject-too_short` (Fluent identifiers have no dots).
pub fn validation_name(code: Code) -> &'static str {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Code::ALL.iter().map(|code| code.as_str().replace('.', "-")).collect());
    names.get(code as usize).map(String::as_str).unwrap_or_default()
}

/// Builds a struct of texts for one language and notes which keys it read.
pub struct Loader {
    messages: &'static Messages,
    used: BTreeSet<String>,
    missing: BTreeSet<String>,
}

impl Loader {
    pub fn new(locale: Locale) -> Loader {
        Loader { messages: Messages::of(locale), used: BTreeSet::new(), missing: BTreeSet::new() }
    }

    pub fn locale(&self) -> Locale {
        self.messages.locale
    }

    fn note(&mut self, key: &str) {
        if !self.messages.has(key) {
            self.missing.insert(key.to_owned());
        }
        self.used.insert(key.to_owned());
    }

    /// A message without variables, formatted once and kept for the life of the process
    /// (accessor structs are built once per language).
    pub fn text(&mut self, key: &str) -> &'static str {
        self.note(key);
        Box::leak(self.messages.format(key, &[]).into_boxed_str())
    }

    /// A message with variables, formatted at each use.
    pub fn message(&mut self, key: &str) -> Message {
        self.note(key);
        Message { messages: self.messages, key: Box::leak(key.to_owned().into_boxed_str()) }
    }

    /// The names of an enum's values, one message each: `<prefix>-<name of the value>`
    /// (`status-in_progress`), read in the order of `all`.
    pub fn labels<T: Copy>(&mut self, prefix: &str, all: &'static [T], name: impl Fn(T) -> &'static str) -> Labels<T> {
        let texts = all.iter().map(|value| self.text(&format!("{prefix}-{}", name(*value)))).collect();
        Labels { all, texts }
    }

    /// Every key read so far.
    pub fn used(&self) -> &BTreeSet<String> {
        &self.used
    }

    /// Keys read that this language's files lack.
    pub fn missing(&self) -> &BTreeSet<String> {
        &self.missing
    }
}

/// The name of each value of an enum, built by [`Loader::labels`].
pub struct Labels<T: 'static> {
    all: &'static [T],
    texts: Vec<&'static str>,
}

impl<T: PartialEq> Labels<T> {
    pub fn of(&self, value: T) -> &'static str {
        let index = self.all.iter().position(|candidate| *candidate == value);
        index.and_then(|index| self.texts.get(index)).copied().unwrap_or_default()
    }
}

/// A number that names something (a request № 1001, a page) as a message argument: written as
/// is, because a Fluent number would be grouped («1 001») and is meant for counts.
pub fn plain_number(number: impl std::fmt::Display) -> FluentValue<'static> {
    number.to_string().into()
}

/// A message with variables, checked when its struct was built.
#[derive(Clone, Copy)]
pub struct Message {
    messages: &'static Messages,
    key: &'static str,
}

impl Message {
    pub fn format(&self, args: &[(&str, FluentValue<'_>)]) -> String {
        self.messages.format(self.key, args)
    }

    /// The message as a function of its one variable, `$number`, a request number.
    pub fn of_request_number(self) -> Box<dyn Fn(i64) -> String + Send + Sync> {
        Box::new(move |number| self.format(&[("number", plain_number(number))]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_folder_and_clean_files() {
        for locale in Locale::ALL {
            let messages = Messages::of(locale);
            assert!(!messages.ids().is_empty(), "{locale:?}");
            assert_eq!(messages.problems(), Vec::<String>::new(), "{locale:?}");
        }
    }

    #[test]
    fn every_language_has_the_same_keys() {
        let keys = |locale| Messages::of(locale).ids().iter().cloned().collect::<BTreeSet<_>>();
        let first = keys(Locale::ALL[0]);
        for locale in Locale::ALL {
            let other = keys(locale);
            assert_eq!(first.difference(&other).collect::<Vec<_>>(), Vec::<&String>::new(), "missing in {locale:?}");
            assert_eq!(other.difference(&first).collect::<Vec<_>>(), Vec::<&String>::new(), "only in {locale:?}");
        }
    }

    #[test]
    fn validation_keys_are_distinct() {
        let keys: BTreeSet<_> = Code::ALL.iter().map(|code| validation_name(*code)).collect();
        assert_eq!(keys.len(), Code::ALL.len());
    }

    #[test]
    fn every_validation_code_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            let messages = Messages::of(locale);
            let missing: Vec<_> = Code::ALL
                .iter()
                .map(|code| format!("invalid-{}", validation_name(*code)))
                .filter(|key| !messages.has(key))
                .collect();
            assert_eq!(missing, Vec::<String>::new(), "{locale:?}");
        }
    }

    #[test]
    fn russian_counts_take_one_few_and_many_forms() {
        let drafts = |n: u64| Messages::of(Locale::Ru).format("drafts-count", &[("count", n.into())]);
        let expected = [
            (0, "0 черновиков"),
            (1, "1 черновик"),
            (2, "2 черновика"),
            (4, "4 черновика"),
            (5, "5 черновиков"),
            (11, "11 черновиков"),
            (12, "12 черновиков"),
            (14, "14 черновиков"),
            (21, "21 черновик"),
            (22, "22 черновика"),
            (101, "101 черновик"),
            (111, "111 черновиков"),
        ];
        for (n, text) in expected {
            assert_eq!(drafts(n), text, "n = {n}");
        }
        let english = |n: u64| Messages::of(Locale::En).format("drafts-count", &[("count", n.into())]);
        assert_eq!((english(0), english(1), english(2)), ("0 drafts".into(), "1 draft".into(), "2 drafts".into()));
    }

    #[test]
    fn a_missing_message_reads_as_its_key_and_is_noted() {
        let mut loader = Loader::new(Locale::Ru);
        assert_eq!(loader.text("no-such-message"), "no-such-message");
        assert!(loader.missing().contains("no-such-message"));
    }
}
