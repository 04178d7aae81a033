//! UI languages. Their texts and plural rules are in the `i18n` crate's Fluent files.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Ru,
    En,
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
        let value = value.trim().to_ascii_lowercase();
        Locale::ALL.into_iter().find(|locale| locale.as_str() == value)
    }

    /// Picks the first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .filter_map(|tag| tag.trim().split('-').next())
            .find_map(Locale::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_first_supported() {
        assert_eq!(Locale::from_accept_language("de-DE,en-US;q=0.8,ru;q=0.5"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("ru-RU,ru;q=0.9"), Some(Locale::Ru));
        assert_eq!(Locale::from_accept_language("fr"), None);
    }
}
