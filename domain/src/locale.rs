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

/// How the portal writes a day, in every language: «01.12.2026». Times add « 14:05»
/// (`portal_service::local_time::ReaderClock`, which uses this too).
pub const DATE_FORMAT: &str = "%d.%m.%Y";

/// A day as the portal writes it, e.g. a certificate's last valid day.
pub fn date_text(date: chrono::NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
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

    #[test]
    fn days_are_written_day_first() {
        assert_eq!(date_text(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()), "01.03.2026");
    }
}
