//! UI languages and their plural rules (Russian has three forms: 1 запрос, 2 запроса, 5 запросов).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Ru,
    En,
}

/// The CLDR plural categories the portal's languages use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralCategory {
    One,
    Few,
    Many,
    Other,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ru, Locale::En];

    /// BCP 47 tag, also the value stored in the database and the cookie.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Ru => "ru",
            Locale::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Locale> {
        match value.trim().to_ascii_lowercase().as_str() {
            "ru" => Some(Locale::Ru),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| tag.trim().split('-').next())
            .find_map(Locale::parse)
    }

    /// CLDR cardinal plural category of `n` in this language.
    pub fn plural_category(self, n: u64) -> PluralCategory {
        match self {
            Locale::En => {
                if n == 1 {
                    PluralCategory::One
                } else {
                    PluralCategory::Other
                }
            }
            Locale::Ru => {
                let (last, last_two) = (n % 10, n % 100);
                if last == 1 && last_two != 11 {
                    PluralCategory::One
                } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
                    PluralCategory::Few
                } else {
                    PluralCategory::Many
                }
            }
        }
    }

    /// Chooses among word forms: `[one, few, many]` (English uses `one` and `many` as "other").
    pub fn plural(self, n: u64, forms: [&str; 3]) -> &str {
        match self.plural_category(n) {
            PluralCategory::One => forms[0],
            PluralCategory::Few => forms[1],
            PluralCategory::Many | PluralCategory::Other => forms[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plural_forms() {
        let forms = ["запрос", "запроса", "запросов"];
        let expected = [
            (0, "запросов"),
            (1, "запрос"),
            (2, "запроса"),
            (4, "запроса"),
            (5, "запросов"),
            (11, "запросов"),
            (12, "запросов"),
            (14, "запросов"),
            (21, "запрос"),
            (22, "запроса"),
            (111, "запросов"),
            (101, "запрос"),
        ];
        for (n, word) in expected {
            assert_eq!(Locale::Ru.plural(n, forms), word, "n = {n}");
        }
    }

    #[test]
    fn english_plural_forms() {
        let forms = ["request", "requests", "requests"];
        assert_eq!(Locale::En.plural(1, forms), "request");
        assert_eq!(Locale::En.plural(0, forms), "requests");
        assert_eq!(Locale::En.plural(2, forms), "requests");
    }

    #[test]
    fn accept_language_picks_first_supported() {
        assert_eq!(Locale::from_accept_language("de-DE,en-US;q=0.8,ru;q=0.5"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("ru-RU,ru;q=0.9"), Some(Locale::Ru));
        assert_eq!(Locale::from_accept_language("fr"), None);
    }
}
